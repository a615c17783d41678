/* Category release check OS.cat01-16 (RULES.md d): the official checks, driven by the
 * categories of the schema table, plus the agreement's stricter demands as warnings. */
#include "rules/categories.h"

#include "schema/oso_2019_1.h"

#include <stdio.h>
#include <string.h>

/* Is any element that the official check tests for this category present? */
static const struct oso_node *first_tested(const struct oso_rules *r, int cat, int include_verplicht_only)
{
    for (uint16_t row = 0; row < r->schema->row_count; row++) {
        const struct oso_row *rw = &r->schema->rows[row];
        if (rw->category != cat || rw->category_check == OSO_CATCHECK_MEMBER)
            continue;
        if (rw->category_check == OSO_CATCHECK_VERPLICHT_ONLY && !include_verplicht_only)
            continue;
        if (r->first[row])
            return oso_node_at(r->d, r->first[row]);
    }
    return NULL;
}

static void check_document(struct oso_rules *r)
{
    const struct oso_node *block = oso_nav_child(r->metadata, OSO_ROW_metadata__categorie_uitlevering);
    if (block == NULL)
        return; /* without the block no category check runs; the profiles require it */
    for (int cat = 1; cat <= r->schema->category_count; cat++) {
        const struct oso_category *c = &r->schema->categories[cat];
        const struct oso_node *field = oso_nav_child(block, c->field_row);
        if (field == NULL)
            continue;
        char rule[16];
        snprintf(rule, sizeof rule, "OS.cat%02d", cat);
        const char *value = oso_rule_string(r, field);
        if (cat == OSO_CAT_SCHOOL || cat == OSO_CAT_LEERLING ||
            (cat == OSO_CAT_METADATA && strcmp(value, "OPTIONEEL") == 0)) {
            /* No official check; the agreement (4.3) makes these categories mandatory. */
            if (strcmp(value, "VERPLICHT") != 0)
                oso_rule_warning(r, rule, field,
                                 "De categorie \"%s\" is volgens de afspraak (4.3) altijd verplicht, "
                                 "maar staat op '%s'.",
                                 "Category \"%s\" is always mandatory per the agreement (4.3), "
                                 "but is set to '%s'.", c->label, value);
            if (cat != OSO_CAT_METADATA)
                continue;
        }
        if (strcmp(value, "VERPLICHT") == 0) {
            if (first_tested(r, cat, 1) == NULL)
                oso_rule_error(r, rule, field,
                               "Een dossier moet gegevens uit de categorie \"%s\" bevatten wanneer "
                               "deze categorie verplicht is.",
                               "A dossier must contain data of category \"%s\" when that category "
                               "is mandatory (VERPLICHT).", c->label);
            continue;
        }
        int verboden = strcmp(value, "VERBODEN") == 0;
        if (!verboden && strcmp(value, "OPT-UIT") != 0)
            continue;
        const char *why_nl = verboden ? "verboden is" : "is uitgezet (OPT-UIT)";
        const char *why_en = verboden ? "forbidden (VERBODEN)" : "switched off (OPT-UIT)";
        /* One finding per kind of element present, at its first occurrence. */
        for (uint16_t row = 0; row < r->schema->row_count; row++) {
            const struct oso_row *rw = &r->schema->rows[row];
            if (rw->category != cat || rw->category_check == OSO_CATCHECK_MEMBER || !r->first[row])
                continue;
            const struct oso_node *n = oso_node_at(r->d, r->first[row]);
            /* VERPLICHT_ONLY: the stylesheet misspells this element in these two checks
             * (RULES.md f-4), so it is only a warning. */
            int misspelt = rw->category_check == OSO_CATCHECK_VERPLICHT_ONLY;
            char nl[400], en[400];
            snprintf(nl, sizeof nl, "Een dossier mag geen gegevens '%s' uit de categorie \"%s\" "
                     "bevatten wanneer deze categorie %s%s.", rw->name, c->label, why_nl,
                     misspelt ? " (de officiele validatie mist dit door een spelfout)" : "");
            snprintf(en, sizeof en, "A dossier must not contain '%s' of category \"%s\" when that "
                     "category is %s%s.", rw->name, c->label, why_en,
                     misspelt ? " (the official validation misses this: misspelt element)" : "");
            oso_rule_text(r, rule, misspelt, n, nl, en);
        }
    }
}

const struct oso_rules_group oso_rules_group_categories = {
    "categories", OSO_RULES_CATEGORIES, NULL, check_document,
};
