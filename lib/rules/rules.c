/* Business-rule driver and shared helpers (see rules.h). */
#include "rules/rules.h"

#include "schema/value.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void oso_rule_error(struct oso_rules *r, const char *rule, const struct oso_node *node,
                    const char *fmt_nl, const char *fmt_en, ...)
{
    va_list ap;
    va_start(ap, fmt_en);
    oso_report_nodev(r->report, rule, OSO_SEVERITY_ERROR, node, fmt_nl, fmt_en, ap);
    va_end(ap);
}

void oso_rule_warning(struct oso_rules *r, const char *rule, const struct oso_node *node,
                      const char *fmt_nl, const char *fmt_en, ...)
{
    va_list ap;
    va_start(ap, fmt_en);
    oso_report_nodev(r->report, rule, r->strict ? OSO_SEVERITY_ERROR : OSO_SEVERITY_WARNING, node,
                     fmt_nl, fmt_en, ap);
    va_end(ap);
}

void oso_rule_text(struct oso_rules *r, const char *rule, int warning, const struct oso_node *node,
                   const char *nl, const char *en)
{
    oso_severity sev = warning && !r->strict ? OSO_SEVERITY_WARNING : OSO_SEVERITY_ERROR;
    oso_report_node_text(r->report, rule, sev, node, nl, en);
}

const struct oso_node *oso_rule_child(const struct oso_node *parent, uint16_t row)
{
    if (parent == NULL)
        return NULL;
    for (const struct oso_node *c = oso_node_link(parent, parent->first_child); c != NULL;
         c = oso_node_link(c, c->next_sibling))
        if (c->kind == OSO_KIND_ELEMENT && c->row == row)
            return c;
    return NULL;
}

const struct oso_node *oso_rule_first(const struct oso_rules *r, uint16_t row)
{
    return r->first[row] ? oso_node_at(r->d, r->first[row]) : NULL;
}

static void append_text(const struct oso_node *n, char *out, size_t *len)
{
    for (const struct oso_node *c = oso_node_link(n, n->first_child); c != NULL;
         c = oso_node_link(c, c->next_sibling)) {
        if (c->kind == OSO_KIND_TEXT) {
            if (out)
                memcpy(out + *len, c->text, c->text_len);
            *len += c->text_len;
        } else if (c->kind == OSO_KIND_ELEMENT) {
            if (c->first_child == OSO_NIL) {
                if (out && c->text_len)
                    memcpy(out + *len, c->text, c->text_len);
                *len += c->text_len;
            } else {
                append_text(c, out, len);
            }
        }
    }
}

const char *oso_rule_string(struct oso_rules *r, const struct oso_node *n)
{
    if (n == NULL)
        return "";
    if (n->first_child == OSO_NIL || (n->flags & OSO_NF_SPLIT_TEXT && n->text))
        return n->text ? n->text : "";
    /* Only invalid documents put elements inside a valued element; depth is bounded by the
     * parser's max_depth. */
    size_t len = 0;
    append_text(n, NULL, &len);
    char *s = malloc(len + 1);
    if (s == NULL)
        return "";
    if (r->scratch_count == r->scratch_cap) {
        size_t cap = r->scratch_cap ? r->scratch_cap * 2 : 8;
        char **grown = realloc(r->scratch, cap * sizeof *grown);
        if (grown == NULL) {
            free(s);
            return "";
        }
        r->scratch = grown;
        r->scratch_cap = cap;
    }
    len = 0;
    append_text(n, s, &len);
    s[len] = '\0';
    r->scratch[r->scratch_count++] = s;
    return s;
}

int oso_rule_true(struct oso_rules *r, const struct oso_node *n)
{
    if (n == NULL)
        return 0;
    const char *s = oso_rule_string(r, n);
    return oso_parse_boolean(s, strlen(s)) == 1;
}

int oso_rule_text_node_equals(const struct oso_node *n, const char *value, size_t len)
{
    if (n->flags & OSO_NF_SPLIT_TEXT) {
        for (const struct oso_node *c = oso_node_link(n, n->first_child); c != NULL;
             c = oso_node_link(c, c->next_sibling))
            if (c->kind == OSO_KIND_TEXT && c->text_len == len && memcmp(c->text, value, len) == 0)
                return 1;
        return 0;
    }
    return n->text_len > 0 && n->text_len == len && memcmp(n->text, value, len) == 0;
}

enum oso_resolved_profile oso_rules_pick_profile(const struct oso_rules *r, oso_profile asked)
{
    switch (asked) {
    case OSO_PROFILE_NONE: return OSO_RP_NONE;
    case OSO_PROFILE_OV: return OSO_RP_OV;
    case OSO_PROFILE_PAO: return OSO_RP_PAO;
    case OSO_PROFILE_AUTO: break;
    }
    const char *type = r->type ? r->type : "";
    if (strcmp(type, "overstapdossier") == 0 || strcmp(type, "overdrachtbinnenbrin") == 0)
        return OSO_RP_OV;
    if (strcmp(type, "swv-dossier") == 0)
        return OSO_RP_PAO;
    const char *overstap = r->overstap ? r->overstap : "";
    return strcmp(overstap, "POSWV") == 0 || strcmp(overstap, "VOSWV") == 0 ? OSO_RP_PAO : OSO_RP_OV;
}

int oso_rules_run(const struct oso_dossier *d, oso_report *report, const oso_validate_options *o)
{
    struct oso_rules *r = calloc(1, sizeof *r);
    if (r == NULL)
        return 0;
    r->d = d;
    r->report = report;
    r->lists = o->codelists;
    r->attachment_limits = o->attachments;
    r->groups = o->rules;
    r->strict = o->strict;
    r->dossier = oso_dossier_root(d);
    if (r->dossier != NULL && r->dossier->row != OSO_ROW_dossier)
        r->dossier = NULL; /* another root: nothing of the dossier rules applies */
    r->metadata = oso_rule_child(r->dossier, OSO_ROW_dossierType__metadata);
    r->leerling = oso_rule_child(oso_rule_child(r->dossier, OSO_ROW_dossierType__huidigeschool),
                                 OSO_ROW_huidigeschoolType__leerling);
    const struct oso_node *type = oso_rule_child(r->dossier, OSO_ROW_dossierType__overdrachtsoort);
    const struct oso_node *overstap = oso_rule_child(r->metadata, OSO_ROW_metadata__overstap);
    r->type = type ? oso_rule_string(r, type) : NULL;
    r->overstap = overstap ? oso_rule_string(r, overstap) : NULL;
    r->profile = oso_rules_pick_profile(r, o->profile);
    if (!(r->groups & OSO_RULES_PROFILE))
        r->profile = OSO_RP_NONE;
    report->profile = r->profile == OSO_RP_OV ? "OV" : r->profile == OSO_RP_PAO ? "PaO" : NULL;

    /* One pass in document order: index, then per-element checks. */
    if (r->dossier != NULL) {
        const struct oso_node *n = r->dossier;
        while (n != NULL) {
            if (n->kind == OSO_KIND_ELEMENT) {
                if (n->row != OSO_SCHEMA_NONE && r->first[n->row] == 0)
                    r->first[n->row] = oso_node_index(n);
                if (r->groups & OSO_RULES_CODELISTS)
                    oso_rules_codelists_element(r, n);
                if (r->groups & OSO_RULES_GENERAL)
                    oso_rules_general_element(r, n);
                if (r->profile != OSO_RP_NONE)
                    oso_rules_profile_element(r, n);
                if (r->groups & OSO_RULES_ATTACHMENTS)
                    oso_rules_attachments_element(r, n);
            }
            if (n->kind == OSO_KIND_ELEMENT && n->first_child != OSO_NIL) {
                n = oso_node_link(n, n->first_child);
                continue;
            }
            while (n != NULL && n->next_sibling == OSO_NIL && n != r->dossier)
                n = oso_node_link(n, n->parent);
            n = n == NULL || n == r->dossier ? NULL : oso_node_link(n, n->next_sibling);
        }
        if (r->groups & OSO_RULES_CODELISTS)
            oso_rules_codelists_document(r);
        if (r->groups & OSO_RULES_CATEGORIES)
            oso_rules_categories(r);
        if (r->profile != OSO_RP_NONE)
            oso_rules_profile_document(r);
        if (r->groups & OSO_RULES_DOORSTROOMTOETS)
            oso_rules_doorstroomtoets(r);
    }
    for (size_t i = 0; i < r->scratch_count; i++)
        free(r->scratch[i]);
    free(r->scratch);
    free(r);
    return 1;
}
