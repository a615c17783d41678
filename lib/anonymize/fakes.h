/* Fake values for the anonymiser: a keyed random stream and makers of names, numbers,
 * addresses, contact data, dates and neutral text (doc/anonymize.md). */
#ifndef OSO_ANONYMIZE_FAKES_H
#define OSO_ANONYMIZE_FAKES_H

#include "base/sha256.h"
#include "base/sink.h"

#include <stddef.h>
#include <stdint.h>

/* A deterministic stream of random numbers: block i = SHA-256(seed || i), where seed =
 * HMAC-SHA-256(key, label NUL value NUL attempt). */
struct fake_rng {
    unsigned char seed[OSO_SHA256_SIZE];
    unsigned char block[OSO_SHA256_SIZE];
    uint32_t counter;
    unsigned used;
};

void fake_rng_init(struct fake_rng *r, const unsigned char *key, size_t key_len,
                   const char *label, const char *value, unsigned attempt);
/* Uniform in [0, n) (0 for n == 0). */
uint32_t fake_below(struct fake_rng *r, uint32_t n);

/* Name parts and places from the module's lists. */
const char *fake_first_name(struct fake_rng *r);
const char *fake_surname(struct fake_rng *r);
const char *fake_surname_prefix(struct fake_rng *r);
const char *fake_street(struct fake_rng *r);
const char *fake_city(struct fake_rng *r);
/* A neutral word for replacement text. */
const char *fake_word(struct fake_rng *r);

/* A BSN of the test range 999 990 000 - 999 999 999 that passes the eleven test (into buf[10]),
 * or, with `any_range`, any nine digits that pass it. */
void fake_bsn(struct fake_rng *r, int any_range, char buf[10]);

/* `original` with every ASCII digit replaced by a random digit (the first of a run stays 0 or
 * non-zero), every ASCII letter by a random letter of the same case, every non-ASCII character
 * by another of the same UTF-8 length, ASCII punctuation and spaces kept: the same form, the
 * same number of characters and bytes. A leading IBAN ("NL91ABNA...") gets valid check digits. */
void fake_same_form(struct fake_rng *r, const char *original, struct oso_sink *out);

/* Eleven-test weight sum check of nine digits. */
int fake_passes_eleven_test(const char *digits);

#endif
