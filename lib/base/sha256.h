/* SHA-256 and HMAC-SHA-256 (FIPS 180-4, RFC 2104): content hashes for the diff and the keyed
 * value mapping of the anonymiser. */
#ifndef OSO_BASE_SHA256_H
#define OSO_BASE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define OSO_SHA256_SIZE 32

struct oso_sha256 {
    uint32_t state[8];
    uint64_t total;           /* bytes fed */
    unsigned char block[64];
    size_t fill;
};

void oso_sha256_init(struct oso_sha256 *h);
void oso_sha256_feed(struct oso_sha256 *h, const void *data, size_t len);
void oso_sha256_finish(struct oso_sha256 *h, unsigned char out[OSO_SHA256_SIZE]);

/* HMAC-SHA-256 of the concatenation of `parts` (count pieces) under `key`. */
struct oso_bytes {
    const void *data;
    size_t len;
};
void oso_hmac_sha256(const unsigned char *key, size_t key_len, const struct oso_bytes *parts,
                     size_t count, unsigned char out[OSO_SHA256_SIZE]);

#endif
