/* Region allocator: many small allocations, one free. Chunks never move, so pointers into the
 * arena stay valid until oso_arena_free(). One "open" string at a time can grow in place (text
 * arriving from the XML parser in pieces); large strings get a chunk of their own, grown with
 * realloc so that copying is avoided for big attachments. */
#ifndef OSO_ARENA_H
#define OSO_ARENA_H

#include <stddef.h>

struct oso_arena_chunk;

/* A large string built in its own malloc block; the link itself lives in the arena. */
struct oso_arena_external {
    struct oso_arena_external *next;
    void *ptr;
};

struct oso_arena {
    struct oso_arena_chunk *head;   /* chunk that small allocations come from */
    struct oso_arena_chunk *big;    /* list of dedicated chunks */
    struct oso_arena_external *external; /* closed open strings that outgrew the head chunk */
    size_t total;                   /* bytes obtained from malloc, for memory accounting */
    size_t expected;                /* bytes the owner expects to allocate (sizes chunks), or 0 */
    /* open string */
    char *open;
    size_t open_len, open_cap;
    int open_dedicated;
};

void oso_arena_init(struct oso_arena *a);
void oso_arena_free(struct oso_arena *a);
/* Aligned (to max_align_t) allocation; NULL when out of memory. */
void *oso_arena_alloc(struct oso_arena *a, size_t size);
/* Copy `len` bytes and add a NUL. */
char *oso_arena_strndup(struct oso_arena *a, const char *s, size_t len);

/* Open string: start, append any number of times, then close to get a stable NUL-terminated
 * string (or abandon it). Only one open string exists at a time. Return 0 on out-of-memory. */
void oso_arena_open_begin(struct oso_arena *a);
int oso_arena_open_append(struct oso_arena *a, const char *s, size_t len);
static inline size_t oso_arena_open_length(const struct oso_arena *a) { return a->open_len; }
static inline const char *oso_arena_open_data(const struct oso_arena *a) { return a->open; }
/* Finish the open string; returns it NUL-terminated (NULL when out of memory). */
char *oso_arena_open_close(struct oso_arena *a);
/* Drop the open string. */
void oso_arena_open_abandon(struct oso_arena *a);

#endif
