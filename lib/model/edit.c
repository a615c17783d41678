/* Editing the model through the public API: new dossiers, text, attributes, adding elements in
 * schema order (refusing what the content model cannot accept), removing, setting by path. */
#include "base/error.h"
#include "model/model.h"
#include "model/navigate.h"
#include "model/path.h"
#include "schema/registry.h"
#include "schema/value.h"

#include <stdint.h>
#include <string.h>

oso_status oso_dossier_new(oso_dossier **out)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_new: NULL argument");
    struct oso_dossier *d = oso_model_new(oso_schema_default());
    uint32_t idx;
    struct oso_node *root = d ? oso_model_new_node(d, OSO_KIND_ELEMENT, &idx) : NULL;
    if (root == NULL) {
        oso_dossier_free(d);
        return oso_fail(OSO_E_NOMEM, "out of memory creating a dossier");
    }
    root->parent = 1;
    root->row = d->schema->row_dossier;
    root->name_pos = 1;
    root->flags = OSO_NF_CREATED;
    oso_node_at(d, 1)->first_child = idx;
    d->edited = 1;
    *out = d;
    return OSO_OK;
}

/* Element types that hold text rather than elements. */
static int holds_text(const struct oso_node *n)
{
    if (n->row == OSO_SCHEMA_NONE)
        return 1;
    const struct oso_row *r = oso_node_row(n);
    return r->ctype == OSO_SCHEMA_NONE ||
           oso_node_schema(n)->ctypes[r->ctype].simple_content != OSO_SCHEMA_NONE;
}

static oso_status set_text_raw(struct oso_dossier *d, struct oso_node *n, const char *text)
{
    size_t len = strlen(text);
    if (len > UINT32_MAX)
        return oso_fail(OSO_E_LIMIT, "text of %zu bytes is too long", len);
    if (!oso_text_is_xml(text, len))
        return oso_fail(OSO_E_INVALID_ARG,
                        "text for '%s' is not valid UTF-8 or holds characters XML cannot carry",
                        oso_model_name(n));
    char *copy = oso_arena_strndup(&d->arena, text, len);
    if (copy == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory setting text");
    /* Text pieces split by comments are replaced as a whole. */
    if (n->flags & OSO_NF_SPLIT_TEXT) {
        n->first_child = OSO_NIL;
        n->flags &= (uint8_t)~OSO_NF_SPLIT_TEXT;
    }
    n->text = copy;
    n->text_len = (uint32_t)len;
    return OSO_OK;
}

oso_status oso_node_set_text(oso_node *n, const char *text)
{
    if (n == NULL || text == NULL || n->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "oso_node_set_text: NULL argument");
    if (!holds_text(n) || oso_nav_first_element(n) != NULL)
        return oso_fail(OSO_E_SCHEMA, "element '%s' holds elements, not text", oso_model_name(n));
    struct oso_dossier *d = oso_node_dossier(n);
    oso_status st = set_text_raw(d, n, text);
    if (st == OSO_OK)
        oso_model_touch(d);
    return st;
}

/* The state after `row` if a child with that row can come after `from` once elements still
 * missing are added in between (reachable over one or more transitions); else NONE. */
static uint16_t reach(const struct oso_schema *s, uint16_t ctype, uint16_t from, uint16_t row)
{
    const struct oso_ctype *c = &s->ctypes[ctype];
    uint16_t todo[256], count = 0;
    unsigned char seen[256] = {0};
    todo[count++] = from;
    seen[from] = 1;
    while (count > 0) {
        const struct oso_state *st = &s->states[c->state_first + todo[--count]];
        for (uint16_t i = 0; i < st->transition_count; i++) {
            const struct oso_transition *t = &s->transitions[st->first_transition + i];
            if (t->row == row)
                return t->target;
            if (!seen[t->target]) {
                seen[t->target] = 1;
                todo[count++] = t->target;
            }
        }
    }
    return OSO_SCHEMA_NONE;
}

/* Could the children of `parent` become valid by adding elements (not by removing any)? This
 * refuses a second element where one is allowed and both branches of a choice. Elements
 * unknown to the schema are skipped. */
static int children_fit(const struct oso_node *parent, uint16_t ctype)
{
    uint16_t state = 0;
    for (const struct oso_node *c = oso_nav_first_element(parent); c != NULL; c = oso_nav_next_element(c)) {
        if (c->row == OSO_SCHEMA_NONE)
            continue;
        if ((state = reach(oso_node_schema(parent), ctype, state, c->row)) == OSO_SCHEMA_NONE)
            return 0;
    }
    return 1;
}

oso_status oso_node_add(oso_node **out, oso_node *parent, const char *name, const char *text)
{
    if (out != NULL)
        *out = NULL;
    if (parent == NULL || name == NULL || parent->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "oso_node_add: NULL argument");
    if (parent->row == OSO_SCHEMA_NONE || holds_text(parent))
        return oso_fail(OSO_E_SCHEMA, "element '%s' cannot contain elements",
                        oso_model_name(parent));
    const struct oso_schema *s = oso_node_schema(parent);
    uint16_t ctype = s->rows[parent->row].ctype;
    uint16_t name_id = oso_schema_name_lookup(s, name, strlen(name));
    uint16_t row = name_id == OSO_SCHEMA_NONE ? OSO_SCHEMA_NONE
                                              : oso_schema_child_row(s, ctype, name_id);
    if (row == OSO_SCHEMA_NONE)
        return oso_fail(OSO_E_SCHEMA, "element '%s' is not allowed in '%s'", name,
                        oso_model_name(parent));
    struct oso_dossier *d = oso_node_dossier(parent);
    uint32_t idx, pidx = oso_node_index(parent);
    struct oso_node *n = oso_model_new_node(d, OSO_KIND_ELEMENT, &idx);
    if (n == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory adding '%s'", name);
    parent = oso_node_at(d, pidx);
    n->row = row;
    n->parent = pidx;
    n->flags = OSO_NF_CREATED;
    if (text != NULL) {
        oso_status st = holds_text(n) ? set_text_raw(d, n, text)
                                      : oso_fail(OSO_E_SCHEMA, "element '%s' holds elements, not text", name);
        if (st != OSO_OK) {
            n->parent = OSO_NIL; /* the node stays unreachable in its block */
            return st;
        }
    }
    /* Insert after the last child that comes before it (or is the same) in schema order. */
    int fit_before = children_fit(parent, ctype); /* a parsed, invalid parent cannot be judged */
    int order = oso_schema_child_order(s, ctype, row);
    uint32_t prev = OSO_NIL;
    for (uint32_t c = parent->first_child; c != OSO_NIL; c = oso_node_at(d, c)->next_sibling) {
        struct oso_node *cn = oso_node_at(d, c);
        if (cn->kind == OSO_KIND_ELEMENT && cn->row != OSO_SCHEMA_NONE &&
            oso_schema_child_order(s, ctype, cn->row) > order)
            break;
        prev = c;
    }
    if (prev == OSO_NIL) {
        n->next_sibling = parent->first_child;
        parent->first_child = idx;
    } else {
        n->next_sibling = oso_node_at(d, prev)->next_sibling;
        oso_node_at(d, prev)->next_sibling = idx;
    }
    if (fit_before && !children_fit(parent, ctype)) {
        /* A second element where only one is allowed, or the other branch of a choice. */
        if (prev == OSO_NIL)
            parent->first_child = n->next_sibling;
        else
            oso_node_at(d, prev)->next_sibling = n->next_sibling;
        n->parent = OSO_NIL;
        return oso_fail(OSO_E_SCHEMA, "'%s' cannot be added to '%s': the schema allows no further "
                        "'%s' there (at most one, or excluded by an element already present)",
                        name, oso_model_name(parent), name);
    }
    oso_model_renumber(d, parent);
    oso_model_touch(d);
    if (out != NULL)
        *out = n;
    return OSO_OK;
}

oso_status oso_node_set_attribute(oso_node *n, const char *name, const char *value)
{
    if (n == NULL || name == NULL || n->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "oso_node_set_attribute: NULL argument");
    const struct oso_schema *s = oso_node_schema(n);
    uint16_t ctype = n->row == OSO_SCHEMA_NONE ? OSO_SCHEMA_NONE : s->rows[n->row].ctype;
    int declared = 0;
    if (ctype != OSO_SCHEMA_NONE)
        for (int i = 0; i < s->ctypes[ctype].attr_count; i++)
            declared |= strcmp(s->attrs[s->ctypes[ctype].attr_first + i].name, name) == 0;
    if (!declared)
        return oso_fail(OSO_E_SCHEMA, "element '%s' has no attribute '%s'", oso_model_name(n), name);
    if (value != NULL && !oso_text_is_xml(value, strlen(value)))
        return oso_fail(OSO_E_INVALID_ARG, "attribute value is not valid UTF-8 XML text");
    struct oso_dossier *d = oso_node_dossier(n);
    uint32_t idx = oso_node_index(n);
    for (const struct oso_extra *e = oso_model_find_extra(d, idx, OSO_EXTRA_ATTR); e != NULL;
         e = oso_model_next_extra(d, e)) {
        if (e->ns == NULL && strcmp(e->name, name) == 0) {
            oso_model_remove_extra(d, e);
            break;
        }
    }
    if (value != NULL && !oso_model_add_extra(d, idx, OSO_EXTRA_ATTR, name, value, NULL))
        return oso_fail(OSO_E_NOMEM, "out of memory setting an attribute");
    oso_model_touch(d);
    return OSO_OK;
}

oso_status oso_node_remove(oso_node *n)
{
    if (n == NULL || n->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "oso_node_remove: NULL argument");
    struct oso_dossier *d = oso_node_dossier(n);
    struct oso_node *parent = oso_node_link(n, n->parent);
    if (parent == NULL || parent->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "the root element cannot be removed");
    uint32_t idx = oso_node_index(n);
    if (parent->first_child == idx) {
        parent->first_child = n->next_sibling;
    } else {
        uint32_t c = parent->first_child;
        while (oso_node_at(d, c)->next_sibling != idx)
            c = oso_node_at(d, c)->next_sibling;
        oso_node_at(d, c)->next_sibling = n->next_sibling;
    }
    n->parent = OSO_NIL;
    n->next_sibling = OSO_NIL;
    oso_model_renumber(d, parent);
    oso_model_touch(d);
    return OSO_OK;
}

oso_status oso_dossier_set(oso_node **out, oso_dossier *d, const char *path, const char *text)
{
    if (out != NULL)
        *out = NULL;
    if (d == NULL || path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_set: NULL argument");
    struct oso_path_step step;
    int r;
    const char *p = path;
    while ((r = oso_path_next_step(&p, &step)) > 0) /* the whole path is checked before any change */
        ;
    if (r < 0 || p == path)
        return oso_fail(OSO_E_INVALID_ARG, "malformed path '%s'", path);
    struct oso_node *n = oso_node_at(d, 1), *created = NULL;
    char name[128];
    oso_status st = OSO_OK;
    for (p = path; st == OSO_OK && oso_path_next_step(&p, &step) > 0;) {
        unsigned long count;
        struct oso_node *c = oso_path_child(n, &step, &count);
        if (c == NULL) {
            if (step.pos != count + 1 || n->kind != OSO_KIND_ELEMENT || step.len >= sizeof name) {
                st = oso_fail(n->kind == OSO_KIND_ELEMENT ? OSO_E_NOT_FOUND : OSO_E_SCHEMA,
                              "cannot create step %.*s[%lu] of %s", (int)step.len, step.name,
                              step.pos, path);
                break;
            }
            memcpy(name, step.name, step.len);
            name[step.len] = '\0';
            if ((st = oso_node_add(&c, n, name, NULL)) != OSO_OK)
                break;
            if (created == NULL)
                created = c;
        }
        n = c;
    }
    if (st == OSO_OK && text != NULL)
        st = oso_node_set_text(n, text);
    if (st != OSO_OK) {
        if (created != NULL) /* undo: everything created hangs below the first one */
            oso_node_remove(created);
        return st;
    }
    if (out != NULL)
        *out = n;
    return OSO_OK;
}
