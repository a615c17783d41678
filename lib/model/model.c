/* The dossier model: node storage in aligned blocks, extras (attributes, names, namespaces),
 * document order, and copying. Navigation is in navigate.c, paths in path.c, editing in
 * edit.c. */
#include "model/model.h"

#include "base/error.h"
#include "base/report.h"
#include "model/navigate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct oso_dossier *oso_model_new(const struct oso_schema *schema)
{
    struct oso_dossier *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->schema = schema;
    oso_arena_init(&d->arena);
    uint32_t idx;
    /* Index 0 is the nil node; index 1 the document. */
    if (oso_model_new_node(d, OSO_KIND_DOCUMENT, &idx) == NULL ||
        oso_model_new_node(d, OSO_KIND_DOCUMENT, &idx) == NULL) {
        oso_dossier_free(d);
        return NULL;
    }
    return d;
}

/* Slices for the next block: as many as the nodes still expected need, else as many as the
 * dossier has (doubling), from 1 up to a full block. */
static size_t next_block_slices(const struct oso_dossier *d)
{
    size_t want = d->slice_count;
    if (d->node_hint > d->node_count)
        want = (d->node_hint - d->node_count + OSO_NODES_PER_SLICE - 1) / OSO_NODES_PER_SLICE;
    return want < 1 ? 1 : want > OSO_SLICES_PER_BLOCK ? OSO_SLICES_PER_BLOCK : want;
}

static int add_block(struct oso_dossier *d)
{
    size_t k = next_block_slices(d);
    if (d->slice_cap - d->slice_count < k) {
        size_t cap = d->slice_cap ? d->slice_cap * 2 : 8;
        struct oso_node **slices = realloc(d->slices, cap * sizeof *slices);
        if (slices == NULL)
            return 0;
        d->slices = slices;
        d->slice_cap = cap;
    }
    /* posix_memalign, unlike C11 aligned_alloc, allows a size below the alignment. */
    void *mem;
    size_t size = sizeof(struct oso_block_header) + k * OSO_NODES_PER_SLICE * sizeof(struct oso_node);
    if (posix_memalign(&mem, OSO_BLOCK_SIZE, size) != 0)
        return 0;
    struct oso_block_header *b = mem;
    b->dossier = d;
    b->base = d->node_count;
    struct oso_node *first = (struct oso_node *)(b + 1);
    for (size_t i = 0; i < k; i++)
        d->slices[d->slice_count++] = first + i * OSO_NODES_PER_SLICE;
    return 1;
}

struct oso_node *oso_model_new_node(struct oso_dossier *d, enum oso_node_kind kind, uint32_t *idx)
{
    if (d->node_count == UINT32_MAX - 1)
        return NULL;
    if (d->node_count == d->slice_count * OSO_NODES_PER_SLICE && !add_block(d))
        return NULL;
    *idx = d->node_count++;
    /* Not oso_node_at(): that maps index 0 (the nil node, allocated first) to NULL. */
    struct oso_node *n = d->slices[*idx / OSO_NODES_PER_SLICE] + *idx % OSO_NODES_PER_SLICE;
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->row = OSO_SCHEMA_NONE;
    return n;
}

void oso_dossier_free(oso_dossier *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->slice_count; i++) {
        struct oso_block_header *b = oso_node_block(d->slices[i]);
        if ((struct oso_node *)(b + 1) == d->slices[i]) /* a block's first slice */
            free(b);
    }
    free(d->slices);
    free(d->extras);
    free(d->preorder);
    oso_report_free(d->structure);
    oso_arena_free(&d->arena);
    free(d);
}

/* Extras are kept sorted by node index (stable), so a node's extras are one run. */
static size_t extras_lower_bound(const struct oso_dossier *d, uint32_t node)
{
    size_t lo = 0, hi = d->extra_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->extras[mid].node < node)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int oso_model_add_extra(struct oso_dossier *d, uint32_t node, enum oso_extra_kind kind,
                        const char *name, const char *value, const char *ns)
{
    if (d->extra_count == d->extra_cap) {
        size_t cap = d->extra_cap ? d->extra_cap * 2 : 16;
        struct oso_extra *grown = realloc(d->extras, cap * sizeof *grown);
        if (grown == NULL)
            return 0;
        d->extras = grown;
        d->extra_cap = cap;
    }
    struct oso_extra e = {node, kind, NULL, NULL, NULL};
    if ((name && !(e.name = oso_arena_strndup(&d->arena, name, strlen(name)))) ||
        (value && !(e.value = oso_arena_strndup(&d->arena, value, strlen(value)))) ||
        (ns && !(e.ns = oso_arena_strndup(&d->arena, ns, strlen(ns)))))
        return 0;
    size_t at = d->extra_count;
    if (at > 0 && d->extras[at - 1].node > node) {
        at = extras_lower_bound(d, node + 1);
        memmove(&d->extras[at + 1], &d->extras[at], (d->extra_count - at) * sizeof e);
    }
    d->extras[at] = e;
    d->extra_count++;
    oso_node_at(d, node)->flags |= OSO_NF_EXTRAS;
    return 1;
}

const struct oso_extra *oso_model_find_extra(const struct oso_dossier *d, uint32_t node,
                                             enum oso_extra_kind kind)
{
    if (!(oso_node_at(d, node)->flags & OSO_NF_EXTRAS))
        return NULL;
    for (size_t i = extras_lower_bound(d, node); i < d->extra_count && d->extras[i].node == node;
         i++)
        if (d->extras[i].kind == (uint32_t)kind)
            return &d->extras[i];
    return NULL;
}

const struct oso_extra *oso_model_next_extra(const struct oso_dossier *d, const struct oso_extra *e)
{
    for (const struct oso_extra *x = e + 1; x < d->extras + d->extra_count && x->node == e->node; x++)
        if (x->kind == e->kind)
            return x;
    return NULL;
}

void oso_model_remove_extra(struct oso_dossier *d, const struct oso_extra *e)
{
    size_t at = (size_t)(e - d->extras);
    memmove(&d->extras[at], &d->extras[at + 1], (d->extra_count - at - 1) * sizeof *e);
    d->extra_count--;
}

const char *oso_model_name(const struct oso_node *n)
{
    if (n->row != OSO_SCHEMA_NONE)
        return oso_node_row(n)->name;
    const struct oso_extra *e =
        oso_model_find_extra(oso_node_dossier(n), oso_node_index(n), OSO_EXTRA_NAME);
    return e ? e->name : "";
}

void oso_model_touch(struct oso_dossier *d)
{
    d->edited = 1;
    free(d->preorder);
    d->preorder = NULL;
}

oso_status oso_model_set_node_text(struct oso_node *n, const char *text, size_t len)
{
    struct oso_dossier *d = oso_node_dossier(n);
    if (len > UINT32_MAX)
        return oso_fail(OSO_E_LIMIT, "text of %zu bytes is too long", len);
    char *copy = oso_arena_strndup(&d->arena, text, len);
    if (copy == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory setting text");
    n->text = copy;
    n->text_len = (uint32_t)len;
    oso_model_touch(d);
    return OSO_OK;
}

/* Number every node in document order. */
static int build_preorder(struct oso_dossier *d)
{
    d->preorder = calloc(d->node_count, sizeof *d->preorder);
    if (d->preorder == NULL)
        return 0;
    uint32_t counter = 0;
    struct oso_walk w;
    oso_walk_init(&w, oso_node_at(d, 1), OSO_WALK_ROOT);
    while (oso_walk_next(&w))
        d->preorder[oso_node_index(w.node)] = ++counter;
    return 1;
}

uint64_t oso_model_order(const struct oso_node *n)
{
    struct oso_dossier *d = oso_node_dossier(n);
    uint32_t idx = oso_node_index(n);
    if (!d->edited)
        return idx;
    if (d->preorder == NULL && !build_preorder(d))
        return idx;
    return d->preorder[idx];
}

void oso_model_renumber(struct oso_dossier *d, struct oso_node *parent)
{
    (void)d;
    for (struct oso_node *c = oso_nav_first_element(parent); c != NULL; c = oso_nav_next_element(c)) {
        uint32_t pos = 1;
        for (struct oso_node *p = oso_nav_first_element(parent); p != c; p = oso_nav_next_element(p))
            pos += p->row == c->row && strcmp(oso_model_name(p), oso_model_name(c)) == 0;
        c->name_pos = pos;
    }
}

static int copy_string(struct oso_dossier *dst, const char *s, size_t len, const char **out)
{
    *out = NULL;
    if (s == NULL)
        return 1;
    *out = oso_arena_strndup(&dst->arena, s, len);
    return *out != NULL;
}

oso_status oso_dossier_clone(oso_dossier **out, const oso_dossier *src)
{
    if (out == NULL || src == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_clone: NULL argument");
    *out = NULL;
    struct oso_dossier *d = oso_model_new(src->schema);
    if (d == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory cloning a dossier");
    d->node_hint = src->node_count;
    d->arena.expected = src->arena.total;
    /* Copy reachable nodes in document order; map[] translates source to copy indices. */
    uint32_t *map = calloc(src->node_count, sizeof *map);
    uint32_t *tail = calloc(src->node_count, sizeof *tail); /* last child, by copy index */
    if (map == NULL || tail == NULL)
        goto nomem;
    map[1] = 1;
    struct oso_walk w;
    oso_walk_init(&w, oso_node_at(src, 1), 0);
    while (oso_walk_next(&w)) {
        const struct oso_node *s = w.node;
        uint32_t ni;
        struct oso_node *n = oso_model_new_node(d, (enum oso_node_kind)s->kind, &ni);
        if (n == NULL)
            goto nomem;
        const char *text;
        if (!copy_string(d, s->text, s->text_len, &text))
            goto nomem;
        *n = *s;
        n->text = text;
        n->first_child = n->next_sibling = OSO_NIL;
        n->flags &= (uint8_t)~OSO_NF_EXTRAS;
        n->parent = map[s->parent];
        map[oso_node_index(s)] = ni;
        if (tail[n->parent] == OSO_NIL)
            oso_node_at(d, n->parent)->first_child = ni;
        else
            oso_node_at(d, tail[n->parent])->next_sibling = ni;
        tail[n->parent] = ni;
    }
    for (size_t i = 0; i < src->extra_count; i++) {
        const struct oso_extra *e = &src->extras[i];
        if (map[e->node] != 0 &&
            !oso_model_add_extra(d, map[e->node], (enum oso_extra_kind)e->kind, e->name,
                                 e->value, e->ns))
            goto nomem;
    }
    if (src->structure != NULL &&
        ((d->structure = oso_report_new()) == NULL || !oso_report_merge(d->structure, src->structure)))
        goto nomem;
    d->edited = src->edited; /* copies are made in document order, like a fresh parse */
    d->streamed = src->streamed;
    free(map);
    free(tail);
    *out = d;
    return OSO_OK;
nomem:
    free(map);
    free(tail);
    oso_dossier_free(d);
    return oso_fail(OSO_E_NOMEM, "out of memory cloning a dossier");
}
