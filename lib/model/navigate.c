/* Walks over the model (see navigate.h). */
#include "model/navigate.h"

void oso_walk_init(struct oso_walk *w, const struct oso_node *root, unsigned flags)
{
    w->root = root;
    w->node = NULL;
    w->depth = 0;
    w->leaving = 0;
    w->flags = flags;
    w->skip = 0;
    w->started = 0;
}

int oso_walk_next(struct oso_walk *w)
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

struct oso_node *oso_nav_next_in_subtree(const struct oso_node *root, const struct oso_node *n)
{
    struct oso_walk w = {root, (struct oso_node *)n, 0, 0, OSO_WALK_ROOT, 0, 1};
    while (oso_walk_next(&w))
        if (w.node->kind == OSO_KIND_ELEMENT)
            return w.node;
    return NULL;
}
