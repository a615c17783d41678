/* Navigating the model: walks (see navigate.h) and the public node accessors of
 * oso/dossier.h. */
#include "model/navigate.h"

#include <string.h>

struct oso_node *oso_nav_next_in_subtree(const struct oso_node *root, const struct oso_node *n)
{
    struct oso_walk w = {root, (struct oso_node *)n, 0, 0, OSO_WALK_ROOT, 0, 1};
    while (oso_walk_next(&w))
        if (w.node->kind == OSO_KIND_ELEMENT)
            return w.node;
    return NULL;
}

/* ---- public node accessors ---------------------------------------------------------------- */

oso_node *oso_dossier_root(const oso_dossier *d)
{
    return d ? oso_nav_first_element(oso_node_at(d, 1)) : NULL;
}

const char *oso_node_name(const oso_node *n) { return n ? oso_model_name(n) : NULL; }

oso_node *oso_node_parent(const oso_node *n)
{
    if (n == NULL)
        return NULL;
    struct oso_node *p = oso_node_link(n, n->parent);
    return p != NULL && p->kind == OSO_KIND_ELEMENT ? p : NULL;
}

oso_node *oso_node_child(const oso_node *n, const char *name)
{
    if (n == NULL)
        return NULL;
    for (struct oso_node *c = oso_nav_first_element(n); c != NULL; c = oso_nav_next_element(c))
        if (name == NULL || strcmp(oso_model_name(c), name) == 0)
            return c;
    return NULL;
}

oso_node *oso_node_child_at(const oso_node *n, size_t index)
{
    if (n == NULL)
        return NULL;
    for (struct oso_node *c = oso_nav_first_element(n); c != NULL; c = oso_nav_next_element(c))
        if (index-- == 0)
            return c;
    return NULL;
}

size_t oso_node_child_count(const oso_node *n)
{
    size_t count = 0;
    if (n != NULL)
        for (struct oso_node *c = oso_nav_first_element(n); c != NULL; c = oso_nav_next_element(c))
            count++;
    return count;
}

oso_node *oso_node_next(const oso_node *n) { return n ? oso_nav_next_element(n) : NULL; }

oso_node *oso_node_next_same(const oso_node *n)
{
    if (n == NULL)
        return NULL;
    const char *name = oso_model_name(n);
    for (struct oso_node *c = oso_nav_next_element(n); c != NULL; c = oso_nav_next_element(c))
        if ((n->row != OSO_SCHEMA_NONE && c->row == n->row) ||
            (n->row == OSO_SCHEMA_NONE && strcmp(oso_model_name(c), name) == 0))
            return c;
    return NULL;
}

const char *oso_node_text(const oso_node *n) { return n && n->text ? n->text : ""; }

size_t oso_node_text_length(const oso_node *n) { return n ? n->text_len : 0; }

const char *oso_node_attribute(const oso_node *n, const char *name)
{
    if (n == NULL || name == NULL)
        return NULL;
    struct oso_dossier *d = oso_node_dossier(n);
    for (const struct oso_extra *e = oso_model_find_extra(d, oso_node_index(n), OSO_EXTRA_ATTR);
         e != NULL; e = oso_model_next_extra(d, e))
        if (e->ns == NULL && strcmp(e->name, name) == 0)
            return e->value;
    return NULL;
}

const char *oso_node_schema_type(const oso_node *n)
{
    return n && n->row != OSO_SCHEMA_NONE ? oso_schema_row_type_name(oso_node_schema(n), n->row) : NULL;
}

unsigned long oso_node_line(const oso_node *n) { return n ? n->line : 0; }

unsigned long oso_node_column(const oso_node *n) { return n ? n->column : 0; }
