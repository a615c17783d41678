/* Helpers shared by the rule groups (see rules.h). */
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

const struct oso_node *oso_rule_first(const struct oso_rules *r, uint16_t row)
{
    return r->first[row] ? oso_node_at(r->d, r->first[row]) : NULL;
}

static void append_text(const struct oso_node *n, char *out, size_t *len)
{
    for (const struct oso_node *c = oso_nav_first(n); c != NULL; c = oso_nav_next(c)) {
        if (c->kind == OSO_KIND_TEXT) {
            if (out)
                memcpy(out + *len, c->text, c->text_len);
            *len += c->text_len;
        } else if (c->kind == OSO_KIND_ELEMENT) {
            if (!oso_nav_has_children(c)) {
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
    if (!oso_nav_has_children(n) || (n->flags & OSO_NF_SPLIT_TEXT && n->text))
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
        for (const struct oso_node *c = oso_nav_first(n); c != NULL; c = oso_nav_next(c))
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

void oso_rules_context_release(struct oso_rules *r)
{
    for (size_t i = 0; i < r->scratch_count; i++)
        free(r->scratch[i]);
    free(r->scratch);
    r->scratch = NULL;
    r->scratch_count = r->scratch_cap = 0;
}
