/* Structural comparison of two dossiers (include/oso/diff.h, doc/diff.md).
 *
 * Both trees are walked together from the root. The element children of a matched pair are
 * matched by (name, identity key): the key is built from the children the schema row's
 * `identity` names (standard/oso-2019.1/identity.tsv), empty for rows matched by position, and
 * items with equal name and key are paired in document order. Unpaired children are removed or
 * added (one change for the whole subtree); paired ones are compared recursively. */
#include "diff/changes.h"

#include "base/error.h"
#include "base/sha256.h"
#include "base/sink.h"
#include "model/model.h"
#include "model/path.h"
#include "model/navigate.h"
#include "oso/attachments.h"
#include "oso/release.h"
#include "schema/value.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

oso_status oso_diff_options_init(oso_diff_options *options, unsigned int version)
{
    if (options == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_diff_options_init: NULL options");
    if (version == 0 || version > OSO_DIFF_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_diff_options version %u is not supported",
                        version);
    *options = (oso_diff_options)OSO_DIFF_OPTIONS_INIT;
    options->version = version;
    return OSO_OK;
}

/* ---- values -------------------------------------------------------------------------------- */

/* The element's own text (joined when comments split it), whitespace collapsed; malloc'd. */
static char *collapsed_text(const struct oso_node *n)
{
    struct oso_sink s;
    oso_sink_memory(&s);
    int space = 0, started = 0;
    const struct oso_node *piece = (n->flags & OSO_NF_SPLIT_TEXT) ? oso_nav_first(n) : n;
    while (piece != NULL) {
        if (piece == n || piece->kind == OSO_KIND_TEXT) {
            const char *t = piece->text ? piece->text : "";
            for (; *t; t++) {
                if (oso_is_xml_space((unsigned char)*t)) {
                    space = started;
                    continue;
                }
                if (space)
                    oso_sink_putc(&s, ' ');
                space = 0;
                started = 1;
                oso_sink_putc(&s, *t);
            }
        }
        piece = piece == n ? NULL : oso_nav_next(piece);
    }
    char *out = NULL;
    if (oso_sink_finish(&s, &out, NULL) != OSO_OK)
        return NULL;
    return out;
}

static void hex(char *out, const unsigned char *digest)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < OSO_SHA256_SIZE; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[2 * OSO_SHA256_SIZE] = '\0';
}

struct entry_ref {
    const char *name;
    size_t index;
};

static int by_entry_name(const void *a, const void *b)
{
    return strcmp(((const struct entry_ref *)a)->name, ((const struct entry_ref *)b)->name);
}

static void feed_size(struct oso_sha256 *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    oso_sha256_feed(h, b, 8);
}

/* SHA-256 over the decoded entries (name, size, bytes; sorted by name) of the attachment
 * in `document`; 0 when it cannot be decoded. */
static int attachment_hash(const struct oso_node *document, unsigned char digest[OSO_SHA256_SIZE])
{
    oso_attachment *att;
    if (oso_attachment_open(&att, document, NULL) != OSO_OK)
        return 0;
    size_t count = oso_attachment_entry_count(att);
    struct entry_ref *refs = calloc(count ? count : 1, sizeof *refs);
    int ok = refs != NULL;
    for (size_t i = 0; ok && i < count; i++)
        refs[i] = (struct entry_ref){oso_attachment_entry_name(att, i), i};
    if (ok)
        qsort(refs, count, sizeof *refs, by_entry_name);
    struct oso_sha256 h;
    oso_sha256_init(&h);
    for (size_t i = 0; ok && i < count; i++) {
        if (oso_attachment_entry_is_dir(att, refs[i].index))
            continue;
        unsigned char *data;
        size_t len;
        if (oso_attachment_extract(&data, &len, att, refs[i].index) != OSO_OK) {
            ok = 0;
            break;
        }
        oso_sha256_feed(&h, refs[i].name, strlen(refs[i].name) + 1);
        feed_size(&h, len);
        oso_sha256_feed(&h, data, len);
        oso_free(data);
    }
    free(refs);
    oso_attachment_free(att);
    if (ok)
        oso_sha256_finish(&h, digest);
    return ok;
}

static int is_attachment_content(const struct oso_node *n)
{
    const struct oso_schema *sc = oso_node_schema(n);
    return n->row != OSO_SCHEMA_NONE && n->row == sc->row_document_content;
}

/* The comparable value of an element: its collapsed text, or for attachment content
 * "sha256:<hex>" of the decoded entries (of the Base64 text without whitespace when it does
 * not decode). malloc'd; NULL on out of memory. */
static char *node_value(const struct oso_node *n)
{
    char *text = collapsed_text(n);
    if (text == NULL || !is_attachment_content(n))
        return text;
    unsigned char digest[OSO_SHA256_SIZE];
    const struct oso_node *document = oso_nav_parent(n);
    if (!attachment_hash(document, digest)) {
        struct oso_sha256 h;
        oso_sha256_init(&h);
        for (const char *t = text; *t; t++)
            if (*t != ' ')
                oso_sha256_feed(&h, t, 1);
        oso_sha256_finish(&h, digest);
    }
    free(text);
    char *out = malloc(7 + 2 * OSO_SHA256_SIZE + 1);
    if (out != NULL) {
        memcpy(out, "sha256:", 7);
        hex(out + 7, digest);
    }
    return out;
}

/* ---- recording ----------------------------------------------------------------------------- */

/* Category rooted at the nearest enclosing element (or the element itself); 0 for none. */
static int category_of(const struct oso_node *n)
{
    for (; n != NULL && n->kind == OSO_KIND_ELEMENT; n = oso_nav_parent(n)) {
        const struct oso_row *r = oso_node_row(n);
        if (r != NULL && r->category != 0)
            return r->category;
    }
    return 0;
}

/* Whether `n` is the release block or lies inside it. */
static int in_release(const struct oso_node *n)
{
    const struct oso_schema *sc = oso_node_schema(n);
    for (; n != NULL && n->kind == OSO_KIND_ELEMENT; n = oso_nav_parent(n))
        if (n->row == sc->row_release_block)
            return 1;
    return 0;
}

static char *path_of(const struct oso_node *n, const char *attribute)
{
    char *p = oso_model_path(n);
    if (p == NULL || attribute == NULL)
        return p;
    size_t len = strlen(p), alen = strlen(attribute);
    char *out = malloc(len + alen + 3);
    if (out != NULL) {
        memcpy(out, p, len);
        memcpy(out + len, "/@", 2);
        memcpy(out + len + 2, attribute, alen + 1);
    }
    free(p);
    return out;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Record a change; `a`/`b` are the old/new element (NULL when absent); `attribute` names the
 * attribute for attribute changes; the values are taken over. */
static void record(struct oso_diff *d, oso_change_kind kind, const struct oso_node *a,
                   const struct oso_node *b, const char *attribute, char *old_value,
                   char *new_value)
{
    if (d->status != OSO_OK) {
        free(old_value);
        free(new_value);
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        struct change *grown = realloc(d->changes, cap * sizeof *grown);
        if (grown == NULL) {
            free(old_value);
            free(new_value);
            d->status = OSO_E_NOMEM;
            return;
        }
        d->changes = grown;
        d->cap = cap;
    }
    const struct oso_node *any = b ? b : a;
    struct change *c = &d->changes[d->count];
    *c = (struct change){.kind = kind, .is_attribute = attribute != NULL,
                         .category = category_of(any), .is_release = in_release(any),
                         .category_root = attribute == NULL && oso_node_row(any) != NULL &&
                                          oso_node_row(any)->category != 0 &&
                                          oso_nav_first_element(any) != NULL,
                         .old_value = old_value, .new_value = new_value};
    if (attribute != NULL) {
        c->name = malloc(strlen(attribute) + 2);
        if (c->name != NULL) {
            c->name[0] = '@';
            strcpy(c->name + 1, attribute);
        }
    } else {
        c->name = dup_or_null(oso_model_name(any));
    }
    c->old_path = a ? path_of(a, attribute) : NULL;
    c->new_path = b ? path_of(b, attribute) : NULL;
    d->count++;
    if (c->name == NULL || (a && !c->old_path) || (b && !c->new_path))
        d->status = OSO_E_NOMEM;
}

/* Value shown for an added or removed element: the text of a leaf, NULL for a container. */
static char *subtree_value(const struct oso_node *n)
{
    return oso_nav_first_element(n) == NULL ? node_value(n) : NULL;
}

/* ---- matching ------------------------------------------------------------------------------ */

/* The child of `n` at the '/'-separated `path` (first of each name), or NULL. */
static const struct oso_node *child_at(const struct oso_node *n, const char *path, size_t len)
{
    while (n != NULL && len > 0) {
        const char *slash = memchr(path, '/', len);
        size_t seg = slash ? (size_t)(slash - path) : len;
        const struct oso_node *found = NULL;
        for (const struct oso_node *c = oso_nav_first_element(n); c; c = oso_nav_next_element(c)) {
            const char *name = oso_model_name(c);
            if (strlen(name) == seg && memcmp(name, path, seg) == 0) {
                found = c;
                break;
            }
        }
        n = found;
        path += seg;
        len -= seg;
        if (len > 0) {
            path++;
            len--;
        }
    }
    return n;
}

/* Identity key of an item: the collapsed values of the row's identity paths joined by 0x1F
 * (0x01 for a missing one); NULL for rows matched by position. Sets *failed on out of memory. */
static char *identity_key(const struct oso_node *n, int *failed)
{
    const struct oso_row *r = oso_node_row(n);
    if (r == NULL || !r->repeatable || r->identity == NULL)
        return NULL;
    struct oso_sink s;
    oso_sink_memory(&s);
    const char *p = r->identity;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const struct oso_node *field = (len == 1 && p[0] == '.') ? n : child_at(n, p, len);
        if (field == NULL) {
            oso_sink_putc(&s, '\x01');
        } else {
            char *v = node_value(field);
            if (v == NULL)
                *failed = 1;
            else
                oso_sink_puts(&s, v);
            free(v);
        }
        oso_sink_putc(&s, '\x1f');
        p += len;
        if (*p == ',')
            p++;
    }
    char *out = NULL;
    if (oso_sink_finish(&s, &out, NULL) != OSO_OK)
        *failed = 1;
    return out;
}

struct item {
    const struct oso_node *node;
    const char *name;
    char *key;     /* NULL: matched by position */
    size_t index;  /* position among the element children */
    long partner;  /* index of the matched item on the other side, -1 when none */
};

static int item_order(const void *x, const void *y)
{
    const struct item *a = *(const struct item *const *)x, *b = *(const struct item *const *)y;
    int c = strcmp(a->name, b->name);
    if (c == 0 && (a->key != NULL) != (b->key != NULL))
        c = a->key ? 1 : -1;
    if (c == 0 && a->key)
        c = strcmp(a->key, b->key);
    if (c == 0)
        c = a->index < b->index ? -1 : a->index > b->index;
    return c;
}

static int same_group(const struct item *a, const struct item *b)
{
    if (strcmp(a->name, b->name) != 0 || (a->key != NULL) != (b->key != NULL))
        return 0;
    return a->key == NULL || strcmp(a->key, b->key) == 0;
}

static struct item *collect(const struct oso_node *parent, size_t *count, int *failed)
{
    size_t n = 0, cap = 8;
    struct item *items = malloc(cap * sizeof *items);
    if (items == NULL) {
        *failed = 1;
        return NULL;
    }
    for (const struct oso_node *c = oso_nav_first_element(parent); c; c = oso_nav_next_element(c)) {
        if (n == cap) {
            struct item *grown = realloc(items, 2 * cap * sizeof *grown);
            if (grown == NULL) {
                *failed = 1;
                break;
            }
            items = grown;
            cap *= 2;
        }
        items[n] = (struct item){c, oso_model_name(c), identity_key(c, failed), n, -1};
        n++;
    }
    *count = n;
    return items;
}

static void free_items(struct item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i].key);
    free(items);
}

/* Pair items of `a` with items of `b` of the same group, in document order within a group. */
static int pair(struct item *a, size_t na, struct item *b, size_t nb)
{
    struct item **sorted = malloc((nb ? nb : 1) * sizeof *sorted);
    size_t *cursor = malloc((nb ? nb : 1) * sizeof *cursor);
    if (sorted == NULL || cursor == NULL) {
        free(sorted);
        free(cursor);
        return 0;
    }
    for (size_t i = 0; i < nb; i++) {
        sorted[i] = &b[i];
        cursor[i] = i;
    }
    qsort(sorted, nb, sizeof *sorted, item_order);
    for (size_t i = 0; i < na; i++) {
        /* First entry of a's group in the sorted list: binary search on (name, key). */
        size_t lo = 0, hi = nb;
        struct item probe = a[i];
        probe.index = 0;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            const struct item *m = sorted[mid];
            struct item *pm = &probe;
            if (item_order(&m, &pm) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == nb || !same_group(sorted[lo], &a[i]))
            continue;
        size_t next = cursor[lo]; /* the group's first unpaired entry */
        if (next < nb && same_group(sorted[next], &a[i])) {
            a[i].partner = (long)sorted[next]->index;
            sorted[next]->partner = (long)i;
            cursor[lo] = next + 1;
        }
    }
    free(sorted);
    free(cursor);
    return 1;
}

/* ---- comparing ----------------------------------------------------------------------------- */

static void compare(struct oso_diff *d, const struct oso_node *a, const struct oso_node *b);

static void compare_attributes(struct oso_diff *d, const struct oso_node *a,
                               const struct oso_node *b)
{
    const struct oso_dossier *da = oso_node_dossier(a), *db = oso_node_dossier(b);
    for (const struct oso_extra *e = oso_model_find_extra(da, oso_node_index(a), OSO_EXTRA_ATTR);
         e != NULL; e = oso_model_next_extra(da, e)) {
        const struct oso_extra *f = oso_model_find_extra(db, oso_node_index(b), OSO_EXTRA_ATTR);
        while (f != NULL && strcmp(f->name, e->name) != 0)
            f = oso_model_next_extra(db, f);
        if (f == NULL)
            record(d, OSO_CHANGE_REMOVED, a, NULL, e->name, dup_or_null(e->value), NULL);
        else if (strcmp(e->value, f->value) != 0)
            record(d, OSO_CHANGE_CHANGED, a, b, e->name, dup_or_null(e->value),
                   dup_or_null(f->value));
    }
    for (const struct oso_extra *f = oso_model_find_extra(db, oso_node_index(b), OSO_EXTRA_ATTR);
         f != NULL; f = oso_model_next_extra(db, f)) {
        const struct oso_extra *e = oso_model_find_extra(da, oso_node_index(a), OSO_EXTRA_ATTR);
        while (e != NULL && strcmp(f->name, e->name) != 0)
            e = oso_model_next_extra(da, e);
        if (e == NULL)
            record(d, OSO_CHANGE_ADDED, NULL, b, f->name, NULL, dup_or_null(f->value));
    }
}

/* Rank of each paired, identified item among the paired identified items of its name. */
static void ranks(const struct item *items, size_t n, size_t *rank)
{
    for (size_t i = 0; i < n; i++) {
        rank[i] = 0;
        if (items[i].partner < 0 || items[i].key == NULL)
            continue;
        for (size_t j = i; j-- > 0;)
            if (items[j].partner >= 0 && items[j].key != NULL &&
                strcmp(items[j].name, items[i].name) == 0) {
                rank[i] = rank[j] + 1;
                break;
            }
    }
}

static void compare_children(struct oso_diff *d, const struct oso_node *pa,
                             const struct oso_node *pb)
{
    size_t na = 0, nb = 0;
    int failed = 0;
    struct item *a = collect(pa, &na, &failed);
    struct item *b = collect(pb, &nb, &failed);
    size_t *rank_a = malloc((na ? na : 1) * sizeof *rank_a);
    size_t *rank_b = malloc((nb ? nb : 1) * sizeof *rank_b);
    if (failed || a == NULL || b == NULL || rank_a == NULL || rank_b == NULL ||
        !pair(a, na, b, nb)) {
        d->status = OSO_E_NOMEM;
        goto done;
    }
    ranks(a, na, rank_a);
    ranks(b, nb, rank_b);
    size_t next_b = 0; /* new items before this one have been reported */
    for (size_t i = 0; i < na && d->status == OSO_OK; i++) {
        if (a[i].partner < 0) {
            record(d, OSO_CHANGE_REMOVED, a[i].node, NULL, NULL, subtree_value(a[i].node), NULL);
            continue;
        }
        size_t j = (size_t)a[i].partner;
        for (; next_b < j; next_b++)
            if (b[next_b].partner < 0)
                record(d, OSO_CHANGE_ADDED, NULL, b[next_b].node, NULL, NULL,
                       subtree_value(b[next_b].node));
        if (next_b == j)
            next_b++;
        if (d->report_moves && a[i].key != NULL && rank_a[i] != rank_b[j])
            record(d, OSO_CHANGE_MOVED, a[i].node, b[j].node, NULL, NULL, NULL);
        compare(d, a[i].node, b[j].node);
    }
    for (; next_b < nb && d->status == OSO_OK; next_b++)
        if (b[next_b].partner < 0)
            record(d, OSO_CHANGE_ADDED, NULL, b[next_b].node, NULL, NULL,
                   subtree_value(b[next_b].node));
done:
    free(rank_a);
    free(rank_b);
    if (a)
        free_items(a, na);
    if (b)
        free_items(b, nb);
}

/* Compare two matched elements. This recurses once per level, so the nesting is bounded
 * (the parser's default allows 64 levels; OSO needs 13). */
enum { MAX_DEPTH = 4096 };

static void compare(struct oso_diff *d, const struct oso_node *a, const struct oso_node *b)
{
    if (d->depth >= MAX_DEPTH) {
        d->status = OSO_E_LIMIT;
        return;
    }
    d->depth++;
    compare_attributes(d, a, b);
    char *va = node_value(a), *vb = node_value(b);
    if (va == NULL || vb == NULL) {
        free(va);
        free(vb);
        d->status = OSO_E_NOMEM;
        d->depth--;
        return;
    }
    if (strcmp(va, vb) != 0) {
        record(d, OSO_CHANGE_CHANGED, a, b, NULL, va, vb);
    } else {
        free(va);
        free(vb);
    }
    if (d->status == OSO_OK)
        compare_children(d, a, b);
    d->depth--;
}

oso_status oso_dossier_diff(oso_diff **diff, const oso_dossier *old_dossier,
                            const oso_dossier *new_dossier, const oso_diff_options *options)
{
    if (diff == NULL || old_dossier == NULL || new_dossier == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_diff: NULL argument");
    *diff = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_DIFF_OPTIONS_VERSION, "oso_diff_options");
    struct oso_diff *d = calloc(1, sizeof *d);
    if (d == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory comparing dossiers");
    d->report_moves = options ? options->report_moves : 1;
    const struct oso_node *ra = oso_dossier_root(old_dossier), *rb = oso_dossier_root(new_dossier);
    if (ra != NULL && rb != NULL && strcmp(oso_model_name(ra), oso_model_name(rb)) == 0) {
        compare(d, ra, rb);
    } else {
        if (ra != NULL)
            record(d, OSO_CHANGE_REMOVED, ra, NULL, NULL, subtree_value(ra), NULL);
        if (rb != NULL)
            record(d, OSO_CHANGE_ADDED, NULL, rb, NULL, NULL, subtree_value(rb));
    }
    if (d->status != OSO_OK) {
        oso_status st = d->status;
        oso_diff_free(d);
        return st == OSO_E_LIMIT
                   ? oso_fail(st, "dossiers nested deeper than %d levels cannot be compared",
                              (int)MAX_DEPTH)
                   : oso_fail(st, "out of memory comparing dossiers");
    }
    *diff = d;
    return OSO_OK;
}

void oso_diff_free(oso_diff *diff)
{
    if (diff == NULL)
        return;
    for (size_t i = 0; i < diff->count; i++) {
        struct change *c = &diff->changes[i];
        free(c->name);
        free(c->old_path);
        free(c->new_path);
        free(c->old_value);
        free(c->new_value);
    }
    free(diff->changes);
    free(diff);
}

/* ---- accessors ----------------------------------------------------------------------------- */

static const struct change *at(const oso_diff *diff, size_t index)
{
    return diff != NULL && index < diff->count ? &diff->changes[index] : NULL;
}

size_t oso_diff_count(const oso_diff *diff) { return diff ? diff->count : 0; }

oso_change_kind oso_diff_kind(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->kind : (oso_change_kind)0;
}

const char *oso_change_kind_name(oso_change_kind kind)
{
    switch (kind) {
    case OSO_CHANGE_ADDED: return "added";
    case OSO_CHANGE_REMOVED: return "removed";
    case OSO_CHANGE_CHANGED: return "changed";
    case OSO_CHANGE_MOVED: return "moved";
    }
    return NULL;
}

const char *oso_diff_name(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->name : NULL;
}

int oso_diff_is_attribute(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->is_attribute : 0;
}

const char *oso_diff_old_path(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->old_path : NULL;
}

const char *oso_diff_new_path(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->new_path : NULL;
}

const char *oso_diff_old_value(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->old_value : NULL;
}

const char *oso_diff_new_value(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->new_value : NULL;
}

int oso_diff_category(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->category : 0;
}

int oso_diff_is_release(const oso_diff *diff, size_t index)
{
    const struct change *c = at(diff, index);
    return c ? c->is_release : 0;
}
