/* The rule driver. Validation makes one pass over the tree: every element is offered to the
 * per-element check of each enabled group, and a per-row index of first occurrences is built
 * for the document-level checks that follow (categories, profile contexts, ...). */
#include "rules/driver.h"

#include "rules/attachments.h"
#include "rules/categories.h"
#include "rules/codelists.h"
#include "rules/doorstroomtoets.h"
#include "rules/general.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "schema/oso_2019_1.h"

#include <stdlib.h>

/* The rule groups of OSO 2019.1, in the order they run: per element in this order, then per
 * document in this order (the report keeps this order among findings at one element). */
static const struct oso_rules_group *const groups_2019_1[] = {
    &oso_rules_group_codelists,
    &oso_rules_group_general,
    &oso_rules_group_categories,
    &oso_rules_group_profile,
    &oso_rules_group_attachments,
    &oso_rules_group_doorstroomtoets,
};

enum { MAX_GROUPS = 16 }; /* groups of one version, at most */

/* The rule groups of each standard version (lib/schema/registry.c lists the versions). */
static const struct standard_rules {
    const struct oso_schema *schema;
    const struct oso_rules_group *const *groups;
    size_t count;
} standards[] = {
    {&oso_schema_2019_1, groups_2019_1, sizeof groups_2019_1 / sizeof groups_2019_1[0]},
};

static const struct standard_rules *rules_for(const struct oso_schema *schema)
{
    for (size_t i = 0; i < sizeof standards / sizeof standards[0]; i++)
        if (standards[i].schema == schema)
            return &standards[i];
    return NULL;
}

/* Document facts the groups use as gates. */
static void read_facts(struct oso_rules *r, oso_profile asked)
{
    r->dossier = oso_dossier_root(r->d);
    if (r->dossier != NULL && r->dossier->row != r->schema->row_dossier)
        r->dossier = NULL; /* another root: nothing of the dossier rules applies */
    r->metadata = oso_nav_child(r->dossier, OSO_ROW_dossierType__metadata);
    r->leerling = oso_nav_child(oso_nav_child(r->dossier, OSO_ROW_dossierType__huidigeschool),
                                OSO_ROW_huidigeschoolType__leerling);
    const struct oso_node *type = oso_nav_child(r->dossier, OSO_ROW_dossierType__overdrachtsoort);
    const struct oso_node *overstap = oso_nav_child(r->metadata, OSO_ROW_metadata__overstap);
    r->type = type ? oso_rule_string(r, type) : NULL;
    r->overstap = overstap ? oso_rule_string(r, overstap) : NULL;
    r->profile = r->groups & OSO_RULES_PROFILE ? oso_rules_pick_profile(r, asked) : OSO_RP_NONE;
}

int oso_rules_run(const struct oso_dossier *d, oso_report *report, const oso_validate_options *o)
{
    const struct standard_rules *std = rules_for(d->schema);
    if (std == NULL)
        return 1; /* a version without rule groups: its structure is all there is to check */
    struct oso_rules *r = calloc(1, sizeof *r);
    uint32_t *first = calloc(d->schema->row_count, sizeof *first);
    if (r == NULL || first == NULL) {
        free(r);
        free(first);
        return 0;
    }
    r->first = first;
    r->d = d;
    r->schema = d->schema;
    r->report = report;
    r->lists = o->codelists;
    r->attachment_limits = o->attachments;
    r->groups = o->rules;
    r->strict = o->strict;
    read_facts(r, o->profile);
    report->profile = r->profile == OSO_RP_OV ? "OV" : r->profile == OSO_RP_PAO ? "PaO" : NULL;

    if (r->dossier != NULL) {
        const struct oso_rules_group *const *groups = std->groups;
        const struct oso_rules_group *element_checks[MAX_GROUPS];
        size_t checks = 0;
        for (size_t g = 0; g < std->count; g++)
            if ((r->groups & groups[g]->flag) && groups[g]->element != NULL &&
                checks < sizeof element_checks / sizeof element_checks[0])
                element_checks[checks++] = groups[g];
        struct oso_walk w;
        oso_walk_init(&w, r->dossier, OSO_WALK_ROOT);
        while (oso_walk_next(&w)) {
            const struct oso_node *n = w.node;
            if (n->kind != OSO_KIND_ELEMENT)
                continue;
            if (n->row != OSO_SCHEMA_NONE && r->first[n->row] == 0)
                r->first[n->row] = oso_node_index(n);
            for (size_t i = 0; i < checks; i++)
                element_checks[i]->element(r, n);
        }
        for (size_t g = 0; g < std->count; g++)
            if ((r->groups & groups[g]->flag) && groups[g]->document != NULL)
                groups[g]->document(r);
    }
    oso_rules_context_release(r);
    free(r->first);
    free(r);
    return 1;
}
