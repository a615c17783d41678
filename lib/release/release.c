/* Release specifications and applying them to a dossier (redaction). Category membership and
 * the profile presets come from the schema table. */
#include "base/error.h"
#include "base/report.h"
#include "model/findings.h"
#include "model/model.h"
#include "model/navigate.h"
#include "schema/oso_2019_1.h"
#include "schema/registry.h"
#include "structure/structure.h"
#include "release/effective.h"

#include "oso/release.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct oso_release {
    uint8_t values[OSO_CATEGORY_COUNT + 1];
};

static const char *const value_names[] = {NULL, "VERPLICHT", "OPTIONEEL", "VERBODEN", "OPT-UIT"};

const char *oso_release_value_name(oso_release_value v)
{
    return v > OSO_RELEASE_UNSET && v <= OSO_RELEASE_OPT_UIT ? value_names[v] : NULL;
}

static oso_release_value value_from_text(const char *s, size_t len)
{
    for (int v = OSO_RELEASE_VERPLICHT; v <= OSO_RELEASE_OPT_UIT; v++)
        if (strlen(value_names[v]) == len && memcmp(value_names[v], s, len) == 0)
            return (oso_release_value)v;
    return OSO_RELEASE_UNSET;
}

const char *oso_release_category_field(int category)
{
    return category >= 1 && category <= OSO_CATEGORY_COUNT ? oso_schema_default()->categories[category].field
                                                            : NULL;
}

/* Category number of "cat_vve", "vve" or "6"; 0 when unknown. */
static int category_number(const char *name, size_t len)
{
    char *end;
    char buf[8];
    if (len > 0 && len < sizeof buf) {
        memcpy(buf, name, len);
        buf[len] = '\0';
        long n = strtol(buf, &end, 10);
        if (*end == '\0' && n >= 1 && n <= OSO_CATEGORY_COUNT)
            return (int)n;
    }
    for (int c = 1; c <= OSO_CATEGORY_COUNT; c++) {
        const char *field = oso_schema_default()->categories[c].field;
        if ((strlen(field) == len && memcmp(field, name, len) == 0) ||
            (strlen(field + 4) == len && memcmp(field + 4, name, len) == 0))
            return c;
    }
    return 0;
}

oso_status oso_release_new(oso_release **out)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_release_new: NULL argument");
    *out = calloc(1, sizeof **out);
    return *out ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory");
}

void oso_release_free(oso_release *r) { free(r); }

size_t oso_release_preset_count(void) { return oso_schema_default()->preset_count; }

const char *oso_release_preset_name(size_t i)
{
    return i < oso_schema_default()->preset_count ? oso_schema_default()->presets[i].name : NULL;
}

oso_status oso_release_preset(oso_release **out, const char *name)
{
    if (out == NULL || name == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_release_preset: NULL argument");
    *out = NULL;
    for (size_t k = 0; k < oso_schema_default()->preset_count; k++) {
        const char *base = oso_schema_default()->presets[k].name;
        size_t bl = strlen(base);
        int opt_out = strncmp(name, base, bl) == 0 && strcmp(name + bl, "-opt-out") == 0;
        if (strcmp(name, base) != 0 && !opt_out)
            continue;
        oso_status st = oso_release_new(out);
        if (st != OSO_OK)
            return st;
        for (int c = 1; c <= OSO_CATEGORY_COUNT; c++) {
            uint8_t v = oso_schema_default()->presets[k].values[c];
            (*out)->values[c] = opt_out && v == OSO_RELEASE_OPTIONEEL ? OSO_RELEASE_OPT_UIT : v;
        }
        return OSO_OK;
    }
    return oso_fail(OSO_E_NOT_FOUND, "unknown release preset '%s'", name);
}

oso_status oso_release_set(oso_release *r, const char *category, oso_release_value v)
{
    if (r == NULL || category == NULL || v > OSO_RELEASE_OPT_UIT)
        return oso_fail(OSO_E_INVALID_ARG, "oso_release_set: bad argument");
    int c = category_number(category, strlen(category));
    if (c == 0)
        return oso_fail(OSO_E_NOT_FOUND, "unknown category '%s'", category);
    r->values[c] = (uint8_t)v;
    return OSO_OK;
}

oso_release_value oso_release_get(const oso_release *r, const char *category)
{
    int c = r && category ? category_number(category, strlen(category)) : 0;
    return c ? (oso_release_value)r->values[c] : OSO_RELEASE_UNSET;
}

oso_status oso_release_parse(oso_release *r, const char *spec)
{
    if (r == NULL || spec == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_release_parse: NULL argument");
    uint8_t values[OSO_CATEGORY_COUNT + 1];
    memcpy(values, r->values, sizeof values);
    for (const char *p = spec; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        int c = eq ? category_number(p, (size_t)(eq - p)) : 0;
        oso_release_value v = eq ? value_from_text(eq + 1, len - (size_t)(eq - p) - 1) : OSO_RELEASE_UNSET;
        if (c == 0 || v == OSO_RELEASE_UNSET)
            return oso_fail(OSO_E_INVALID_ARG,
                            "bad release pair '%.*s' (expected CAT=VERPLICHT|OPTIONEEL|VERBODEN|OPT-UIT)",
                            (int)len, p);
        values[c] = (uint8_t)v;
        p += len + (end != NULL);
    }
    memcpy(r->values, values, sizeof values);
    return OSO_OK;
}

/* ---- applying ----------------------------------------------------------------------------- */

struct node_list {
    struct oso_node **items;
    size_t count, cap;
};

static int push(struct node_list *l, struct oso_node *n)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct oso_node **grown = realloc(l->items, cap * sizeof *grown);
        if (grown == NULL)
            return 0;
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->count++] = n;
    return 1;
}

/* Outermost elements that carry a category, in document order. */
static int category_roots(struct oso_dossier *d, struct node_list *out)
{
    struct oso_node *root = oso_dossier_root(d);
    if (root == NULL)
        return 1;
    struct oso_walk w;
    oso_walk_init(&w, root, OSO_WALK_ROOT);
    while (oso_walk_next(&w)) {
        struct oso_node *n = w.node;
        if (n->kind == OSO_KIND_ELEMENT && n->row != OSO_SCHEMA_NONE &&
            d->schema->rows[n->row].category != 0) {
            if (!push(out, n))
                return 0;
            oso_walk_skip(&w);
        }
    }
    return 1;
}

static void refuse(oso_report *report, int cat, const struct oso_node *at, const char *nl,
                   const char *en)
{
    char rule[16];
    snprintf(rule, sizeof rule, "OS.cat%02d", cat);
    oso_report_node_text(report, rule, OSO_SEVERITY_ERROR, at, nl, en);
}

/* The values to apply: the specification, else the dossier's own, else the defaults. */
static void effective_values(const struct oso_dossier *d, const oso_release *spec,
                             uint8_t values[OSO_CATEGORY_COUNT + 1])
{
    struct oso_node *block = oso_nav_child(oso_nav_child(oso_dossier_root(d), d->schema->row_metadata),
                                       d->schema->row_release_block);
    for (int c = 1; c <= OSO_CATEGORY_COUNT; c++) {
        uint8_t v = spec ? spec->values[c] : OSO_RELEASE_UNSET;
        struct oso_node *field = oso_nav_child(block, d->schema->categories[c].field_row);
        if (v == OSO_RELEASE_UNSET && field != NULL && field->text != NULL)
            v = (uint8_t)value_from_text(field->text, field->text_len);
        if (v == OSO_RELEASE_UNSET)
            v = c == OSO_CAT_METADATA || c == OSO_CAT_SCHOOL || c == OSO_CAT_LEERLING
                    ? OSO_RELEASE_VERPLICHT : OSO_RELEASE_OPTIONEEL;
        values[c] = v;
    }
}

void oso_release_effective_values(const struct oso_dossier *d, const oso_release *spec,
                                  uint8_t values[OSO_CATEGORY_COUNT + 1])
{
    effective_values(d, spec, values);
}

/* Record the applied values in metadata/categorie_uitlevering (created in schema order). */
static oso_status write_values(struct oso_dossier *d, const uint8_t values[OSO_CATEGORY_COUNT + 1])
{
    struct oso_node *metadata = oso_nav_child(oso_dossier_root(d), d->schema->row_metadata);
    if (metadata == NULL)
        return oso_fail(OSO_E_SCHEMA, "the dossier has no metadata");
    struct oso_node *block = oso_nav_child(metadata, d->schema->row_release_block);
    oso_status st = OSO_OK;
    if (block == NULL)
        st = oso_node_add(&block, metadata, d->schema->rows[d->schema->row_release_block].name, NULL);
    for (int c = 1; c <= OSO_CATEGORY_COUNT && st == OSO_OK; c++) {
        const char *text = value_names[values[c]];
        struct oso_node *field = oso_nav_child(block, d->schema->categories[c].field_row);
        st = field ? oso_node_set_text(field, text)
                   : oso_node_add(NULL, block, d->schema->rows[d->schema->categories[c].field_row].name, text);
    }
    return st;
}

static size_t count_xsd(const oso_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < oso_report_count(r); i++)
        n += strcmp(oso_diagnostic_rule(oso_report_at(r, i)), "XSD") == 0;
    return n;
}

oso_status oso_dossier_redact(oso_dossier **out, oso_report **report_out, const oso_dossier *src,
                              const oso_release *spec, const oso_validate_options *vo)
{
    if (out != NULL)
        *out = NULL;
    if (report_out != NULL)
        *report_out = NULL;
    if (out == NULL || src == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_redact: NULL argument");
    struct oso_node *src_root = oso_dossier_root(src);
    if (src_root == NULL || src_root->row != src->schema->row_dossier)
        return oso_fail(OSO_E_SCHEMA, "the document is not an OSO dossier");
    uint8_t values[OSO_CATEGORY_COUNT + 1];
    effective_values(src, spec, values);

    oso_dossier *d;
    oso_status st = oso_dossier_clone(&d, src);
    if (st != OSO_OK)
        return st;
    oso_report *refusals = oso_report_new();
    struct node_list roots = {0};
    if (refusals == NULL || !category_roots(d, &roots)) {
        st = oso_fail(OSO_E_NOMEM, "out of memory applying a release");
        goto done;
    }
    struct oso_node *block = oso_nav_child(oso_nav_child(oso_dossier_root(d), d->schema->row_metadata),
                                       d->schema->row_release_block);
    for (int c = 1; c <= OSO_CATEGORY_COUNT; c++) {
        const struct oso_category *cat = &d->schema->categories[c];
        struct oso_node *at = oso_nav_child(block, cat->field_row);
        int off = values[c] == OSO_RELEASE_VERBODEN || values[c] == OSO_RELEASE_OPT_UIT;
        if (off && (c == OSO_CAT_METADATA || c == OSO_CAT_SCHOOL || c == OSO_CAT_LEERLING)) {
            char nl[300], en[300];
            snprintf(nl, sizeof nl, "De categorie \"%s\" is verplicht en kan niet op %s worden gezet.",
                     cat->label, value_names[values[c]]);
            snprintf(en, sizeof en, "Category \"%s\" is mandatory and cannot be set to %s.",
                     cat->label, value_names[values[c]]);
            refuse(refusals, c, at, nl, en);
        }
        if (values[c] != OSO_RELEASE_VERPLICHT || c == OSO_CAT_SCHOOL || c == OSO_CAT_LEERLING)
            continue;
        int present = 0;
        for (size_t i = 0; i < roots.count && !present; i++)
            present = d->schema->rows[roots.items[i]->row].category == c &&
                      d->schema->rows[roots.items[i]->row].category_check != OSO_CATCHECK_MEMBER;
        if (!present) {
            char nl[300], en[300];
            snprintf(nl, sizeof nl, "De categorie \"%s\" is VERPLICHT, maar het dossier bevat geen "
                     "gegevens uit deze categorie.", cat->label);
            snprintf(en, sizeof en, "Category \"%s\" is VERPLICHT, but the dossier holds no data of "
                     "it.", cat->label);
            refuse(refusals, c, at, nl, en);
        }
    }
    if (oso_report_count(refusals) > 0) {
        st = oso_fail(OSO_E_RELEASE, "%s", oso_diagnostic_message(oso_report_at(refusals, 0), OSO_LANG_EN));
        goto done;
    }
    /* Remove the switched-off categories; drop containers that only held them. */
    for (size_t i = 0; i < roots.count && st == OSO_OK; i++) {
        struct oso_node *n = roots.items[i];
        uint8_t v = values[d->schema->rows[n->row].category];
        if (v != OSO_RELEASE_VERBODEN && v != OSO_RELEASE_OPT_UIT)
            continue;
        struct oso_node *parent = oso_nav_parent(n);
        st = oso_node_remove(n);
        if (st == OSO_OK && parent != NULL && parent->row != OSO_SCHEMA_NONE &&
            d->schema->rows[parent->row].category == 0 && d->schema->rows[parent->row].min_occurs == 0 &&
            oso_node_child_count(parent) == 0)
            st = oso_node_remove(parent);
    }
    if (st == OSO_OK)
        st = write_values(d, values);
    /* A release can leave a required element without its content, e.g. handelingsplan kept in
     * onderwijsondersteuning whose required toelichting belongs to a category switched off. */
    if (st == OSO_OK && count_xsd(src->edited || src->structure == NULL ? NULL : src->structure) == 0) {
        oso_report *after = oso_structure_check_tree(d);
        if (after == NULL) {
            st = oso_fail(OSO_E_NOMEM, "out of memory applying a release");
        } else if (count_xsd(after) > 0) {
            for (size_t i = 0; i < oso_report_count(after); i++) {
                const oso_diagnostic *g = oso_report_at(after, i);
                char nl[1200], en[1200];
                snprintf(nl, sizeof nl, "Deze uitlevering maakt het dossier ongeldig: %s",
                         oso_diagnostic_message(g, OSO_LANG_NL));
                snprintf(en, sizeof en, "This release would make the dossier invalid: %s",
                         oso_diagnostic_message(g, OSO_LANG_EN));
                oso_report_add(refusals, "XSD", OSO_SEVERITY_ERROR, oso_diagnostic_path(g),
                               0, 0, 0, nl, en);
            }
            st = oso_fail(OSO_E_RELEASE, "%s", oso_diagnostic_message(oso_report_at(refusals, 0), OSO_LANG_EN));
        }
        oso_report_free(after);
    }
done:
    free(roots.items);
    if (st != OSO_OK) {
        oso_dossier_free(d);
        if (report_out != NULL && st == OSO_E_RELEASE) {
            oso_report_sort(refusals);
            *report_out = refusals;
            refusals = NULL;
        }
        oso_report_free(refusals);
        return st;
    }
    oso_report_free(refusals);
    if (report_out != NULL && (st = oso_validate(report_out, d, vo)) != OSO_OK) {
        oso_dossier_free(d);
        return st;
    }
    *out = d;
    return OSO_OK;
}
