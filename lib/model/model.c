/* The dossier model: storage, navigation, paths and editing. */
#include "base/error.h"
#include "model/model.h"
#include "model/navigate.h"
#include "schema/registry.h"
#include "base/report.h"
#include "schema/value.h"

#include "oso/version.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- storage ------------------------------------------------------------------------------ */

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

static void remove_extra(struct oso_dossier *d, const struct oso_extra *e)
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

/* ---- order and paths ---------------------------------------------------------------------- */

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

static uint32_t name_position(const struct oso_node *n)
{
    if (n->name_pos != 0)
        return n->name_pos;
    const char *name = oso_model_name(n);
    struct oso_node *parent = oso_node_link(n, n->parent);
    uint32_t pos = 1;
    if (parent == NULL)
        return 1;
    for (struct oso_node *c = oso_nav_first_element(parent); c != NULL && c != n; c = oso_nav_next_element(c))
        pos += strcmp(oso_model_name(c), name) == 0;
    return pos;
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

char *oso_model_path(const struct oso_node *n)
{
    size_t len = 0;
    for (const struct oso_node *p = n; p != NULL && p->kind == OSO_KIND_ELEMENT;
         p = oso_node_link(p, p->parent))
        len += strlen(oso_model_name(p)) + 13;
    char *buf = malloc(len + 1);
    if (buf == NULL)
        return NULL;
    /* Write steps from the end backwards, then move the result to the front. */
    size_t at = len;
    buf[at] = '\0';
    for (const struct oso_node *p = n; p != NULL && p->kind == OSO_KIND_ELEMENT;
         p = oso_node_link(p, p->parent)) {
        char step[16];
        int sl = snprintf(step, sizeof step, "[%u]", (unsigned)name_position(p));
        const char *name = oso_model_name(p);
        size_t nl = strlen(name);
        at -= (size_t)sl;
        memcpy(buf + at, step, (size_t)sl);
        at -= nl;
        memcpy(buf + at, name, nl);
        buf[--at] = '/';
    }
    memmove(buf, buf + at, len - at + 1);
    return buf;
}

/* ---- navigation --------------------------------------------------------------------------- */

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

size_t oso_node_position(const oso_node *n) { return n ? name_position(n) : 0; }

oso_status oso_node_path(char **out, const oso_node *n)
{
    if (out == NULL || n == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_node_path: NULL argument");
    *out = oso_model_path(n);
    return *out ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory building a path");
}

void oso_free(void *p) { free(p); }

const char *oso_version(void) { return OSO_VERSION_STRING; }

/* ---- paths -------------------------------------------------------------------------------- */

struct path_step {
    const char *name;
    size_t len;
    unsigned long pos;
};

/* Next step of an absolute path; returns 0 at the end, -1 on a syntax error. */
static int next_step(const char **p, struct path_step *step)
{
    const char *s = *p;
    if (*s == '\0')
        return 0;
    if (*s != '/')
        return -1;
    s++;
    step->name = s;
    while (*s && *s != '/' && *s != '[') {
        if (*s == ']' || (unsigned char)*s <= ' ')
            return -1; /* not a character of an element name */
        s++;
    }
    step->len = (size_t)(s - step->name);
    step->pos = 1;
    if (step->len == 0)
        return -1;
    if (*s == '[') {
        /* Only digits: no sign, space or wrap-around as strtoul would allow. */
        unsigned long pos = 0;
        const char *d = s + 1;
        for (; *d >= '0' && *d <= '9'; d++) {
            if (pos > (ULONG_MAX - 9) / 10)
                return -1;
            pos = pos * 10 + (unsigned long)(*d - '0');
        }
        if (d == s + 1 || *d != ']' || pos == 0)
            return -1;
        step->pos = pos;
        s = d + 1;
    }
    if (*s != '\0' && *s != '/')
        return -1;
    *p = s;
    return 1;
}

static struct oso_node *nth_child(const struct oso_node *parent, const struct path_step *step,
                                  unsigned long *count)
{
    *count = 0;
    for (struct oso_node *c = oso_nav_first_element(parent); c != NULL; c = oso_nav_next_element(c)) {
        const char *name = oso_model_name(c);
        if (strlen(name) == step->len && memcmp(name, step->name, step->len) == 0 &&
            ++*count == step->pos)
            return c;
    }
    return NULL;
}

oso_status oso_dossier_find(oso_node **out, const oso_dossier *d, const char *path)
{
    if (out == NULL || d == NULL || path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_find: NULL argument");
    *out = NULL;
    struct oso_node *n = oso_node_at(d, 1);
    struct path_step step;
    int r;
    const char *p = path;
    while ((r = next_step(&p, &step)) > 0) {
        unsigned long count;
        n = nth_child(n, &step, &count);
        if (n == NULL)
            return oso_fail(OSO_E_NOT_FOUND, "no element at %s", path);
    }
    if (r < 0 || n->kind != OSO_KIND_ELEMENT)
        return oso_fail(OSO_E_INVALID_ARG, "malformed path '%s'", path);
    *out = n;
    return OSO_OK;
}

const char *oso_dossier_get(const oso_dossier *d, const char *path)
{
    oso_node *n;
    if (oso_dossier_find(&n, d, path) != OSO_OK)
        return NULL;
    return oso_node_text(n);
}

/* ---- editing ------------------------------------------------------------------------------ */

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
            remove_extra(d, e);
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
    struct path_step step;
    int r;
    const char *p = path;
    while ((r = next_step(&p, &step)) > 0) /* the whole path is checked before any change */
        ;
    if (r < 0 || p == path)
        return oso_fail(OSO_E_INVALID_ARG, "malformed path '%s'", path);
    struct oso_node *n = oso_node_at(d, 1), *created = NULL;
    char name[128];
    oso_status st = OSO_OK;
    for (p = path; st == OSO_OK && next_step(&p, &step) > 0;) {
        unsigned long count;
        struct oso_node *c = nth_child(n, &step, &count);
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

/* ---- copying ------------------------------------------------------------------------------ */

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
