/* Helpers for the ZIP test suites: byte blobs and in-place patches of writer output, which is
 * how hostile archives (lying sizes, unsafe names, flags) are built. Header-only. */
#ifndef OSO_ZIPPATCH_H
#define OSO_ZIPPATCH_H

#include <check.h>
#include <stdint.h>
#include <string.h>

typedef struct blob {
    unsigned char *data;
    size_t len;
} blob;

/* Offset of the `nth` occurrence of a 4-byte record signature. */
static inline size_t find_sig(const blob *b, const char *sig, int nth)
{
    for (size_t i = 0; i + 4 <= b->len; i++)
        if (memcmp(b->data + i, sig, 4) == 0 && nth-- == 0)
            return i;
    ck_abort_msg("signature not found");
    return 0;
}

#define LOCAL(b, n) find_sig(b, "PK\x03\x04", n)
#define CENTRAL(b, n) find_sig(b, "PK\x01\x02", n)
#define EOCD(b) find_sig(b, "PK\x05\x06", 0)

static inline void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static inline void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

/* Patch the same field of entry `n` in its local header and its central directory record. */
static inline void patch16(blob *b, int n, size_t local_off, size_t central_off, unsigned v)
{
    put16(b->data + LOCAL(b, n) + local_off, v);
    put16(b->data + CENTRAL(b, n) + central_off, v);
}

static inline void patch32(blob *b, int n, size_t local_off, size_t central_off, uint32_t v)
{
    put32(b->data + LOCAL(b, n) + local_off, v);
    put32(b->data + CENTRAL(b, n) + central_off, v);
}

#endif
