/* Navigating the dossier model: children, children with a schema row, and walks over a subtree.
 *
 * The node link fields (parent, first_child, next_sibling) are read only here, in model.c and
 * by the parser that builds the tree (tests/check_layers.py enforces it); everything else
 * navigates through these functions, so the tree's representation can change in one place. */
#ifndef OSO_MODEL_NAVIGATE_H
#define OSO_MODEL_NAVIGATE_H

#include "model/model.h"

#include <stddef.h>

/* ---- children ------------------------------------------------------------------------------ */

/* First child of any kind (element, text, comment, PI), or NULL. */
static inline struct oso_node *oso_nav_first(const struct oso_node *n)
{
    return oso_node_link(n, n->first_child);
}

/* Next sibling of any kind, or NULL. */
static inline struct oso_node *oso_nav_next(const struct oso_node *n)
{
    return oso_node_link(n, n->next_sibling);
}

/* Parent node (the document node above the root element), or NULL. */
static inline struct oso_node *oso_nav_parent(const struct oso_node *n)
{
    return oso_node_link(n, n->parent);
}

/* Whether the node has children of any kind. */
static inline int oso_nav_has_children(const struct oso_node *n)
{
    return n->first_child != OSO_NIL;
}

/* First child element, or NULL. */
static inline struct oso_node *oso_nav_first_element(const struct oso_node *n)
{
    struct oso_node *c = oso_nav_first(n);
    while (c != NULL && c->kind != OSO_KIND_ELEMENT)
        c = oso_nav_next(c);
    return c;
}

/* Next sibling element, or NULL. */
static inline struct oso_node *oso_nav_next_element(const struct oso_node *n)
{
    struct oso_node *c = oso_nav_next(n);
    while (c != NULL && c->kind != OSO_KIND_ELEMENT)
        c = oso_nav_next(c);
    return c;
}

/* First child element with schema row `row`, or NULL (also when `parent` is NULL). */
static inline struct oso_node *oso_nav_child(const struct oso_node *parent, uint16_t row)
{
    if (parent == NULL)
        return NULL;
    for (struct oso_node *c = oso_nav_first_element(parent); c != NULL; c = oso_nav_next_element(c))
        if (c->row == row)
            return c;
    return NULL;
}

/* Next sibling element with the same schema row as `n`, or NULL. */
static inline struct oso_node *oso_nav_next_same_row(const struct oso_node *n)
{
    for (struct oso_node *c = oso_nav_next_element(n); c != NULL; c = oso_nav_next_element(c))
        if (c->row == n->row)
            return c;
    return NULL;
}

/* ---- walks --------------------------------------------------------------------------------- */

/*
 * A walk over the subtree of `root` in document order, iteratively (parsed input may nest
 * deeper than the C stack allows):
 *
 *     struct oso_walk w;
 *     oso_walk_init(&w, root, OSO_WALK_ROOT);
 *     while (oso_walk_next(&w)) { ... w.node, w.depth, w.leaving ... }
 *
 * Every node is visited once on the way down (leaving == 0). With OSO_WALK_LEAVE, a node that
 * has children is visited again after them (leaving == 1), for writers that close elements.
 * oso_walk_skip() keeps the walk out of the children of the node just visited.
 */
enum oso_walk_flag {
    OSO_WALK_ROOT = 1,  /* visit `root` itself (depth 0), not only its descendants */
    OSO_WALK_LEAVE = 2  /* also visit nodes with children once more, after them */
};

struct oso_walk {
    const struct oso_node *root;
    struct oso_node *node;  /* the node visited */
    size_t depth;           /* of `node`: 0 for root (or, without OSO_WALK_ROOT, its children) */
    int leaving;            /* this visit comes after the node's children */
    unsigned flags;
    int skip;               /* do not descend into `node` */
    int started;
};

/* Inline: every validation and every writer walks every node. */
static inline void oso_walk_init(struct oso_walk *w, const struct oso_node *root, unsigned flags)
{
    w->root = root;
    w->node = NULL;
    w->depth = 0;
    w->leaving = 0;
    w->flags = flags;
    w->skip = 0;
    w->started = 0;
}

/* Advance to the next visit; 0 when the walk is over. */
static inline int oso_walk_next(struct oso_walk *w)
{
    if (!w->started) {
        w->started = 1;
        w->node = w->flags & OSO_WALK_ROOT ? (struct oso_node *)w->root : oso_nav_first(w->root);
        return w->node != NULL;
    }
    struct oso_node *n = w->node;
    if (n == NULL)
        return 0;
    if (!w->leaving && !w->skip && oso_nav_has_children(n)) {
        w->node = oso_nav_first(n);
        w->depth++;
        return 1;
    }
    w->skip = 0;
    /* `n` is done: its next sibling, else climb (visiting parents again when asked). */
    for (;;) {
        if (n == w->root) {
            w->node = NULL;
            return 0;
        }
        struct oso_node *next = oso_nav_next(n);
        if (next != NULL) {
            w->node = next;
            w->leaving = 0;
            return 1;
        }
        n = oso_nav_parent(n);
        if (n == NULL || (n == w->root && !(w->flags & OSO_WALK_ROOT))) {
            w->node = NULL;
            return 0;
        }
        w->depth--;
        if (w->flags & OSO_WALK_LEAVE) {
            w->node = n;
            w->leaving = 1;
            return 1;
        }
    }
}


/* Do not visit the children of the node just visited. */
static inline void oso_walk_skip(struct oso_walk *w) { w->skip = 1; }

/* Next element after `n` in document order within the subtree of `root` (elements only; NULL
 * at the end). For lookups that resume from a node handed back to the caller. */
struct oso_node *oso_nav_next_in_subtree(const struct oso_node *root, const struct oso_node *n);

#endif
