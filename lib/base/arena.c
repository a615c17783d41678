/* Region allocator; see arena.h. */
#include "base/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { FIRST_CHUNK = 4 * 1024, MAX_CHUNK = 64 * 1024, BIG_THRESHOLD = 8 * 1024 };

struct oso_arena_chunk {
    struct oso_arena_chunk *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

static struct oso_arena_chunk *chunk_new(struct oso_arena *a, size_t cap)
{
    struct oso_arena_chunk *c = malloc(sizeof *c + cap);
    if (c == NULL)
        return NULL;
    c->next = NULL;
    c->used = 0;
    c->cap = cap;
    a->total += sizeof *c + cap;
    return c;
}

void oso_arena_init(struct oso_arena *a) { memset(a, 0, sizeof *a); }

static void free_list(struct oso_arena_chunk *c)
{
    while (c != NULL) {
        struct oso_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
}

void oso_arena_free(struct oso_arena *a)
{
    if (a->open_dedicated)
        free(a->open);
    for (struct oso_arena_external *e = a->external; e != NULL; e = e->next)
        free(e->ptr);
    free_list(a->head);
    free_list(a->big);
    memset(a, 0, sizeof *a);
}

static size_t align_up(size_t n)
{
    const size_t al = alignof(max_align_t);
    return (n + al - 1) & ~(al - 1);
}

/* Room in the head chunk for `size` bytes, starting a new chunk when needed. */
static unsigned char *head_room(struct oso_arena *a, size_t size)
{
    if (a->head == NULL || a->head->cap - a->head->used < size) {
        /* Chunks double from 4 KiB to 64 KiB: small dossiers stay small. While the owner's
         * expectation is not used up, a chunk takes what is left of it instead, so the unused
         * tail of the last chunk stays small. */
        size_t cap = a->head == NULL ? FIRST_CHUNK : a->head->cap < MAX_CHUNK ? 2 * a->head->cap : MAX_CHUNK;
        if (a->expected > a->total) {
            size_t left = align_up(a->expected - a->total);
            cap = left < FIRST_CHUNK ? FIRST_CHUNK : left > MAX_CHUNK ? MAX_CHUNK : left;
        }
        while (cap < size)
            cap *= 2;
        struct oso_arena_chunk *c = chunk_new(a, cap);
        if (c == NULL)
            return NULL;
        c->next = a->head;
        a->head = c;
    }
    return a->head->data + a->head->used;
}

/* Move a growing open string out of the head chunk so the chunk can serve other allocations. */
static int promote_open(struct oso_arena *a)
{
    size_t cap = a->open_len + 1 < BIG_THRESHOLD ? BIG_THRESHOLD : a->open_len + 1;
    char *fresh = malloc(cap);
    if (fresh == NULL)
        return 0;
    memcpy(fresh, a->open, a->open_len);
    a->total += cap;
    a->open = fresh;
    a->open_cap = cap;
    a->open_dedicated = 1;
    return 1;
}

void *oso_arena_alloc(struct oso_arena *a, size_t size)
{
    if (a->open != NULL && !a->open_dedicated && !promote_open(a))
        return NULL;
    if (size >= BIG_THRESHOLD) {
        struct oso_arena_chunk *c = chunk_new(a, size);
        if (c == NULL)
            return NULL;
        c->used = size;
        c->next = a->big;
        a->big = c;
        return c->data;
    }
    size = align_up(size ? size : 1);
    unsigned char *p = head_room(a, size);
    if (p != NULL)
        a->head->used += size;
    return p;
}

char *oso_arena_strndup(struct oso_arena *a, const char *s, size_t len)
{
    char *p = oso_arena_alloc(a, len + 1);
    if (p != NULL) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void oso_arena_open_begin(struct oso_arena *a)
{
    a->open_len = 0;
    a->open_dedicated = 0;
    a->open = (char *)head_room(a, 1);
    a->open_cap = a->open ? a->head->cap - a->head->used : 0;
}

void oso_arena_open_abandon(struct oso_arena *a)
{
    if (a->open_dedicated) {
        free(a->open);
        a->total -= a->open_cap;
    }
    a->open = NULL;
    a->open_len = a->open_cap = 0;
    a->open_dedicated = 0;
}

int oso_arena_open_append(struct oso_arena *a, const char *s, size_t len)
{
    if (a->open == NULL)
        return 0;
    if (a->open_cap - a->open_len <= len) { /* keep one byte for the NUL */
        size_t need = a->open_len + len + 1;
        size_t cap = a->open_cap < BIG_THRESHOLD ? BIG_THRESHOLD : a->open_cap;
        while (cap < need) {
            if (cap > ((size_t)-1) / 2)
                return 0;
            cap *= 2;
        }
        if (!a->open_dedicated && !promote_open(a))
            return 0;
        if (a->open_cap < need) {
            char *grown = realloc(a->open, cap);
            if (grown == NULL)
                return 0;
            a->total += cap - a->open_cap;
            a->open = grown;
            a->open_cap = cap;
        }
    }
    memcpy(a->open + a->open_len, s, len);
    a->open_len += len;
    return 1;
}

char *oso_arena_open_close(struct oso_arena *a)
{
    if (a->open == NULL)
        return NULL;
    if (!a->open_dedicated) {
        /* The string lives at the end of the head chunk: claim it. */
        a->open[a->open_len] = '\0';
        a->head->used += align_up(a->open_len + 1);
        char *s = a->open;
        a->open = NULL;
        return s;
    }
    /* Keep the dedicated buffer where it is (shrunk to fit; realloc of a large block is a
     * remap on glibc, so big attachments are not copied) and remember it for oso_arena_free. */
    struct oso_arena_external *link = oso_arena_alloc(a, sizeof *link);
    if (link == NULL)
        return NULL;
    char *s = realloc(a->open, a->open_len + 1);
    if (s == NULL)
        s = a->open;
    else
        a->total = a->total - a->open_cap + a->open_len + 1;
    s[a->open_len] = '\0';
    link->ptr = s;
    link->next = a->external;
    a->external = link;
    a->open = NULL;
    a->open_dedicated = 0;
    return s;
}
