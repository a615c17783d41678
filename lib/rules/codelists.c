/* Codelist membership (RULES.md c.1): rule CL<n>, or CL.<key> for external tables. Codes are
 * compared with the raw text nodes of the element: no trimming, no case folding. */
#include "rules/codelists.h"

#include "schema/oso_2019_1.h"

#include <stdio.h>
#include <string.h>

/* External tables, in the order of rules.h's unchecked_external counters. */
static const int external_ids[] = {
    OSO_CODELIST_GBA_NATIONALITEITEN, OSO_CODELIST_GBA_LANDEN, OSO_CODELIST_OSO_TOETSCODES,
    OSO_CODELIST_DUO_ELEMENTCODES, OSO_CODELIST_DUO_VAKCODES,
};

static int external_index(int id)
{
    for (size_t i = 0; i < sizeof external_ids / sizeof external_ids[0]; i++)
        if (external_ids[i] == id)
            return (int)i;
    return -1;
}

/* Does this text node hold an accepted code? For the toets list, the row accepts only toets
 * codes or only toetsonderdeel codes. */
static int accepted(const oso_codelist *list, uint8_t flag, const char *text, size_t len)
{
    if (len == 0)
        return 0;
    if (flag == OSO_CLFLAG_ANY)
        return oso_codelist_contains(list, text, len);
    const char *meaning;
    unsigned flags;
    if (oso_codelist_lookup(list, text, len, &meaning, &flags) != OSO_OK)
        return 0;
    return flag == OSO_CLFLAG_ONDERDEEL ? (flags & OSO_CODE_ONDERDEEL) != 0
                                        : (flags & OSO_CODE_ONDERDEEL) == 0;
}

static int element_accepted(const oso_codelist *list, uint8_t flag, const struct oso_node *n)
{
    if (n->flags & OSO_NF_SPLIT_TEXT) {
        for (const struct oso_node *c = oso_nav_first(n); c != NULL; c = oso_nav_next(c))
            if (c->kind == OSO_KIND_TEXT && accepted(list, flag, c->text, c->text_len))
                return 1;
        return 0;
    }
    return n->text != NULL && accepted(list, flag, n->text, n->text_len);
}

static const oso_codelist *list_for(struct oso_rules *r, const struct oso_row *row)
{
    const oso_codelist *list = oso_codelists_get(r->lists, row->codelist);
    if (list == NULL) {
        int i = external_index(row->codelist);
        if (i >= 0)
            r->unchecked_external[i]++;
    }
    return list;
}

/* For an element the XSD does not allow where it is: the codelist the stylesheet would still
 * apply, matching it by name and parent name anywhere (RULES.md c.1). */
static int misplaced_codelist(const struct oso_rules *r, const struct oso_node *n, struct oso_row *out)
{
    const char *name = oso_model_name(n);
    const struct oso_node *parent = oso_nav_parent(n);
    const char *pname = parent && parent->kind == OSO_KIND_ELEMENT ? oso_model_name(parent) : "";
    for (size_t i = 0; i < r->schema->codelist_pattern_count; i++) {
        const struct oso_codelist_pattern *p = &r->schema->codelist_patterns[i];
        if (p->mode == OSO_CLMODE_ELEMENT && strcmp(p->name, name) == 0 &&
            (p->parent_name == NULL || strcmp(p->parent_name, pname) == 0)) {
            memset(out, 0, sizeof *out);
            out->name = p->name;
            out->codelist = p->codelist;
            out->codelist_mode = p->mode;
            return 1;
        }
    }
    return 0;
}

static void check_element(struct oso_rules *r, const struct oso_node *n)
{
    struct oso_row misplaced;
    const struct oso_row *row;
    if (n->row != OSO_SCHEMA_NONE)
        row = &r->schema->rows[n->row];
    else if (misplaced_codelist(r, n, &misplaced))
        row = &misplaced;
    else
        return;
    if (row->codelist == 0)
        return;
    const oso_codelist *list = list_for(r, row);
    if (list == NULL)
        return;
    if (row->codelist_mode == OSO_CLMODE_DOCUMENT) {
        r->deeldossier_coded |= element_accepted(list, OSO_CLFLAG_ANY, n);
        return;
    }
    if (element_accepted(list, row->codelist_flag, n))
        return;
    char shown[80];
    const char *text = oso_rule_string(r, n);
    snprintf(shown, sizeof shown, "%s", text);
    if (strlen(text) >= sizeof shown)
        memcpy(shown + sizeof shown - 4, "...", 4);
    const char *what_nl = row->codelist_flag == OSO_CLFLAG_TOETS ? " (toetscodes, geen onderdelen)"
                          : row->codelist_flag == OSO_CLFLAG_ONDERDEEL ? " (alleen toetsonderdeelcodes)"
                                                                       : "";
    const char *what_en = row->codelist_flag == OSO_CLFLAG_TOETS ? " (toets codes, not parts)"
                          : row->codelist_flag == OSO_CLFLAG_ONDERDEEL ? " (toetsonderdeel codes only)"
                                                                       : "";
    char nl[512], en[512];
    snprintf(nl, sizeof nl, "Het veld '%s' bevat de waarde '%s', die niet voorkomt in codelijst %s "
             "(%s)%s.", row->name, shown, oso_codelist_key(list), oso_codelist_name(list), what_nl);
    snprintf(en, sizeof en, "The field '%s' holds the value '%s', which is not in codelist %s "
             "(%s)%s.", row->name, shown, oso_codelist_key(list), oso_codelist_name(list), what_en);
    oso_report_node_text(r->report, oso_codelist_rule(list), OSO_SEVERITY_ERROR, n, nl, en);
}

static void check_document(struct oso_rules *r)
{
    const struct oso_node *deeldossier = oso_rule_first(r, OSO_ROW_metadata__deeldossier);
    const oso_codelist *list33 = oso_codelists_get(r->lists, r->schema->rows[OSO_ROW_metadata__deeldossier].codelist);
    if (list33 != NULL && !r->deeldossier_coded) {
        char nl[300], en[300];
        snprintf(nl, sizeof nl, "Het dossier heeft geen deeldossier met een waarde uit codelijst %s "
                 "(%s).", oso_codelist_key(list33), oso_codelist_name(list33));
        snprintf(en, sizeof en, "The dossier has no deeldossier holding a value of codelist %s (%s).",
                 oso_codelist_key(list33), oso_codelist_name(list33));
        oso_report_node_text(r->report, oso_codelist_rule(list33), OSO_SEVERITY_ERROR,
                             deeldossier ? deeldossier : r->metadata, nl, en);
    }
    for (size_t i = 0; i < sizeof external_ids / sizeof external_ids[0]; i++) {
        if (r->unchecked_external[i] == 0)
            continue;
        char rule[OSO_CODELIST_RULE_MAX], nl[300], en[300];
        oso_codelist_rule_id(external_ids[i], rule, sizeof rule);
        const char *key = oso_codelist_external_key(external_ids[i]);
        snprintf(nl, sizeof nl, "De codetabel '%s' is niet geladen: %u veld(en) daaruit zijn niet "
                 "gecontroleerd (laad de tabel om ze te controleren).", key, (unsigned)r->unchecked_external[i]);
        snprintf(en, sizeof en, "The code table '%s' is not loaded: %u field(s) using it were not "
                 "checked (load the table to check them).", key, (unsigned)r->unchecked_external[i]);
        oso_report_add(r->report, rule, OSO_SEVERITY_INFO, "", 0, 0, 0, nl, en);
    }
}

const struct oso_rules_group oso_rules_group_codelists = {
    "codelists", OSO_RULES_CODELISTS, check_element, check_document,
};
