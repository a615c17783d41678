/* Base64 codec: RFC 4648 vectors, round trips, line format, every error class with its exact
 * offset, and the streaming decoder against the one-shot decoder for chunk sizes 1..17. */
#include "base/base64.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fill_random(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)rng();
}

/* Decode a C string in one shot; returns the status, output in a static buffer. */
static unsigned char decoded[4096];
static size_t decoded_len, decoded_err;

static oso_status dec(const char *s)
{
    decoded_len = 12345;
    decoded_err = 12345;
    return oso_base64_decode(s, strlen(s), decoded, sizeof decoded, &decoded_len, &decoded_err);
}

START_TEST(rfc4648_vectors)
{
    static const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; i++) {
        char out[16];
        size_t n;
        ck_assert_int_eq(oso_base64_encode((const unsigned char *)plain[i], strlen(plain[i]), out,
                                           sizeof out, &n),
                         OSO_OK);
        ck_assert_uint_eq(n, strlen(enc[i]));
        ck_assert_int_eq(memcmp(out, enc[i], n), 0);
        ck_assert_int_eq(dec(enc[i]), OSO_OK);
        ck_assert_uint_eq(decoded_len, strlen(plain[i]));
        ck_assert_int_eq(memcmp(decoded, plain[i], decoded_len), 0);
    }
}
END_TEST

START_TEST(encoded_size_and_lines)
{
    ck_assert_uint_eq(oso_base64_encoded_size(0), 0);
    ck_assert_uint_eq(oso_base64_encoded_size(1), 4);
    ck_assert_uint_eq(oso_base64_encoded_size(57), 76);      /* exactly one full line */
    ck_assert_uint_eq(oso_base64_encoded_size(58), 76 + 2 + 4);
    ck_assert_uint_eq(oso_base64_encoded_size(114), 76 + 2 + 76);
    ck_assert_uint_eq(oso_base64_encoded_size(115), 76 + 2 + 76 + 2 + 4);
    ck_assert_uint_eq(oso_base64_encoded_size(SIZE_MAX), SIZE_MAX);

    unsigned char in[1000];
    fill_random(in, sizeof in);
    char out[1400];
    size_t n;
    ck_assert_int_eq(oso_base64_encode(in, sizeof in, out, sizeof out, &n), OSO_OK);
    ck_assert_uint_eq(n, oso_base64_encoded_size(sizeof in));
    /* 76-character lines separated by CRLF, the last one shorter and not terminated. */
    size_t line = 0, lines = 1;
    for (size_t i = 0; i < n; i++) {
        if (out[i] == '\r') {
            ck_assert_uint_eq(line, 76);
            ck_assert_int_eq(out[i + 1], '\n');
            i++;
            line = 0;
            lines++;
        } else {
            ck_assert(out[i] != '\n');
            line++;
        }
    }
    ck_assert_uint_eq(lines, (1000 * 4 / 3 + 4) / 76 + 1);
    ck_assert_uint_gt(line, 0);
    ck_assert_uint_lt(line, 76);
}
END_TEST

START_TEST(encode_buffer_too_small)
{
    unsigned char in[58] = {0};
    char out[82];
    size_t n = 0;
    ck_assert_int_eq(oso_base64_encode(in, sizeof in, out, 81, &n), OSO_E_LIMIT);
    ck_assert_int_eq(oso_error_last_status(), OSO_E_LIMIT);
    ck_assert_int_eq(oso_base64_encode(in, sizeof in, out, 82, &n), OSO_OK);
    ck_assert_uint_eq(n, 82);
}
END_TEST

/* Random sizes 0..10000 through encode -> decode, also with the CRLFs removed (one line). */
START_TEST(round_trip_random_sizes)
{
    unsigned char *in = malloc(10001), *out = malloc(10001 + 3);
    char *text = malloc(oso_base64_encoded_size(10001));
    for (int iter = 0; iter < 400; iter++) {
        size_t len = iter < 100 ? (size_t)iter : (size_t)(rng() % 10001);
        fill_random(in, len);
        size_t tlen, olen, err;
        ck_assert_int_eq(oso_base64_encode(in, len, text, oso_base64_encoded_size(len), &tlen),
                         OSO_OK);
        ck_assert_uint_eq(tlen, oso_base64_encoded_size(len));
        ck_assert_uint_le(len, oso_base64_decoded_max(tlen));
        ck_assert_int_eq(oso_base64_decode(text, tlen, out, len, &olen, &err), OSO_OK);
        ck_assert_uint_eq(olen, len);
        ck_assert_int_eq(memcmp(in, out, len), 0);

        size_t one = 0;
        for (size_t i = 0; i < tlen; i++)
            if (text[i] != '\r' && text[i] != '\n')
                text[one++] = text[i];
        memset(out, 0, len);
        ck_assert_int_eq(oso_base64_decode(text, one, out, len, &olen, &err), OSO_OK);
        ck_assert_uint_eq(olen, len);
        ck_assert_int_eq(memcmp(in, out, len), 0);
    }
    free(in);
    free(out);
    free(text);
}
END_TEST

START_TEST(whitespace_anywhere)
{
    static const char *forms[] = {
        "Zm9vYmFy", "Zm9v\r\nYmFy", "Zm9v\nYmFy\n", " Z m 9 v Y m F y ", "Zm\t9vY\r\n\r\nmFy",
        "\r\n\r\nZm9vYmFy\r\n",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        ck_assert_int_eq(dec(forms[i]), OSO_OK);
        ck_assert_uint_eq(decoded_len, 6);
        ck_assert_int_eq(memcmp(decoded, "foobar", 6), 0);
    }
    ck_assert_int_eq(dec("Zg=\r\n="), OSO_OK); /* a line break between the two '=' */
    ck_assert_uint_eq(decoded_len, 1);
    ck_assert_int_eq(decoded[0], 'f');
    ck_assert_int_eq(dec("Zg==\r\n  \t"), OSO_OK); /* whitespace after the padding */
    ck_assert_uint_eq(decoded_len, 1);
    ck_assert_int_eq(dec(" \r\n\t "), OSO_OK); /* nothing but whitespace */
    ck_assert_uint_eq(decoded_len, 0);
}
END_TEST

/* Non-zero bits below the last whole byte are accepted and dropped (documented choice). */
START_TEST(nonzero_unused_bits_accepted)
{
    ck_assert_int_eq(dec("Zh=="), OSO_OK);
    ck_assert_uint_eq(decoded_len, 1);
    ck_assert_int_eq(decoded[0], 'f');
    ck_assert_int_eq(dec("Zm9="), OSO_OK);
    ck_assert_uint_eq(decoded_len, 2);
    ck_assert_int_eq(memcmp(decoded, "fo", 2), 0);
}
END_TEST

/* Every error class: input, expected offset, a word expected in the message. */
static const struct bad_case {
    const char *in;
    size_t len; /* 0: strlen(in) */
    size_t offset;
    const char *what;
} bad_cases[] = {
    {"Zm9v*mFy", 0, 4, "invalid character"},
    {"Zm9vYm#y", 0, 6, "invalid character"}, /* inside a group of the fast path */
    {"Zm9vYmF\xC3", 0, 7, "0xC3"},           /* non-ASCII byte */
    {"Zm9v\x0BYmFy", 0, 4, "invalid character"}, /* vertical tab is not accepted whitespace */
    {"Zm9v-_Fy", 0, 4, "invalid character"}, /* the URL-safe alphabet is not accepted */
    {"Zm9v\0mFy", 8, 4, "0x00"},
    {"Zm9v=mFy", 0, 4, "padding"},           /* '=' as first character of a group */
    {"Zm9vY=Fy", 0, 5, "padding"},           /* '=' as second character */
    {"Zg=a", 0, 3, "after padding"},         /* wrong pad count: data after one '=' */
    {"Zg==Zg==", 0, 4, "after padding"},     /* data after a complete padded group */
    {"Zg== \r\nA", 0, 7, "after padding"},
    {"Zm8==", 0, 4, "after padding"},        /* one '=' too many */
    {"Zm9vY", 0, 4, "truncated"},            /* truncated final group, at its first char */
    {"Zm9vYmE", 0, 4, "truncated"},
    {"Zm9v\r\nZm", 0, 6, "truncated"},
    {"Zg=", 0, 0, "incomplete padding"},
    {"Zg= \r\n", 0, 0, "incomplete padding"},
};

static size_t bad_len(const struct bad_case *c) { return c->len ? c->len : strlen(c->in); }

START_TEST(errors_with_offsets)
{
    const struct bad_case *c = &bad_cases[_i];
    size_t len = bad_len(c);
    size_t n, err = 999;
    oso_error_clear();
    ck_assert_int_eq(oso_base64_decode(c->in, len, decoded, sizeof decoded, &n, &err),
                     OSO_E_BASE64);
    ck_assert_uint_eq(err, c->offset);
    ck_assert_int_eq(oso_error_last_status(), OSO_E_BASE64);
    char want[64];
    snprintf(want, sizeof want, "offset %zu", c->offset);
    ck_assert_msg(strstr(oso_error_last(), want) != NULL, "message '%s' lacks '%s'",
                  oso_error_last(), want);
    ck_assert_msg(strstr(oso_error_last(), c->what) != NULL, "message '%s' lacks '%s'",
                  oso_error_last(), c->what);

    /* The streaming decoder reports the same absolute offset whatever the chunking. */
    for (size_t chunk = 1; chunk <= 5; chunk++) {
        oso_base64_decoder d;
        oso_base64_decoder_init(&d);
        oso_status st = OSO_OK;
        unsigned char out[64];
        for (size_t i = 0; i < len && st == OSO_OK; i += chunk) {
            size_t k = len - i < chunk ? len - i : chunk;
            st = oso_base64_decoder_feed(&d, c->in + i, k, out, sizeof out, &n);
        }
        if (st == OSO_OK)
            st = oso_base64_decoder_finish(&d, out, &n);
        ck_assert_int_eq(st, OSO_E_BASE64);
        ck_assert_uint_eq(d.error_offset, c->offset);
    }
}
END_TEST

START_TEST(output_buffer_too_small)
{
    size_t n = 0, err = 0;
    unsigned char out[6];
    ck_assert_int_eq(oso_base64_decode("Zm9vYmFy", 8, out, 4, &n, &err), OSO_E_LIMIT);
    ck_assert_uint_eq(err, 4); /* the group that did not fit */
    ck_assert_uint_eq(n, 3);   /* what fitted was written */
    ck_assert_int_eq(memcmp(out, "foo", 3), 0);
    ck_assert_int_eq(oso_base64_decode("Zm9vYmFy", 8, out, 6, &n, &err), OSO_OK);
    ck_assert_uint_eq(n, 6);
    ck_assert_int_eq(oso_base64_decode("Zm9vYg==", 8, out, 3, &n, &err), OSO_E_LIMIT);
    ck_assert_uint_eq(err, 4);
    ck_assert_int_eq(oso_base64_decode("Zm9vYg==", 8, out, 4, &n, &err), OSO_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(oso_base64_decode("", 0, NULL, 0, &n, &err), OSO_OK);
    ck_assert_uint_eq(n, 0);
}
END_TEST

/* Build Base64 text of `len` random bytes in one of three layouts. */
static char *make_text(const unsigned char *data, size_t len, int layout, size_t *tlen)
{
    size_t enc = oso_base64_encoded_size(len);
    char *t = malloc(enc * 2 + 1);
    size_t n;
    ck_assert_int_eq(oso_base64_encode(data, len, t, enc, &n), OSO_OK);
    if (layout == 1) { /* one line */
        size_t o = 0;
        for (size_t i = 0; i < n; i++)
            if (t[i] != '\r' && t[i] != '\n')
                t[o++] = t[i];
        n = o;
    } else if (layout == 2) { /* spaces and tabs inside groups, odd line lengths */
        char *u = malloc(enc * 2 + 1);
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            if (t[i] == '\r' || t[i] == '\n')
                continue;
            u[o++] = t[i];
            if (i % 7 == 3)
                u[o++] = i % 2 ? ' ' : '\t';
            if (i % 13 == 5)
                u[o++] = '\n';
        }
        free(t);
        t = u;
        n = o;
    }
    *tlen = n;
    return t;
}

START_TEST(streaming_equals_oneshot)
{
    const size_t sizes[] = {0, 1, 2, 3, 4, 56, 57, 58, 1000, 4099};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t len = sizes[si];
        unsigned char *data = malloc(len + 1);
        fill_random(data, len);
        for (int layout = 0; layout < 3; layout++) {
            size_t tlen;
            char *text = make_text(data, len, layout, &tlen);
            size_t cap = oso_base64_decoded_max(tlen);
            unsigned char *one = malloc(cap), *str = malloc(cap);
            size_t olen, err;
            ck_assert_int_eq(oso_base64_decode(text, tlen, one, cap, &olen, &err), OSO_OK);
            ck_assert_uint_eq(olen, len);
            ck_assert_int_eq(memcmp(one, data, len), 0);
            for (size_t chunk = 1; chunk <= 17; chunk++) {
                oso_base64_decoder d;
                oso_base64_decoder_init(&d);
                size_t got = 0;
                for (size_t i = 0; i < tlen; i += chunk) {
                    size_t k = tlen - i < chunk ? tlen - i : chunk, w;
                    /* At most the documented bound, so an overrun would be caught (ASan). */
                    size_t room = oso_base64_decoded_max(k) < cap - got
                                      ? oso_base64_decoded_max(k)
                                      : cap - got;
                    ck_assert_int_eq(oso_base64_decoder_feed(&d, text + i, k, str + got, room, &w),
                                     OSO_OK);
                    ck_assert_uint_le(w, oso_base64_decoded_max(k));
                    got += w;
                }
                size_t w = 99;
                ck_assert_int_eq(oso_base64_decoder_finish(&d, str + got, &w), OSO_OK);
                ck_assert_uint_eq(w, 0);
                ck_assert_uint_eq(got, olen);
                ck_assert_int_eq(memcmp(str, one, olen), 0);
            }
            free(one);
            free(str);
            free(text);
        }
        free(data);
    }
}
END_TEST

START_TEST(streaming_error_is_sticky)
{
    oso_base64_decoder d;
    oso_base64_decoder_init(&d);
    unsigned char out[16];
    size_t n;
    ck_assert_int_eq(oso_base64_decoder_feed(&d, "Zm9v", 4, out, sizeof out, &n), OSO_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(oso_base64_decoder_feed(&d, "Zm!v", 4, out, sizeof out, &n), OSO_E_BASE64);
    ck_assert_uint_eq(d.error_offset, 6);
    ck_assert_uint_eq(n, 0);
    oso_error_clear();
    ck_assert_int_eq(oso_base64_decoder_feed(&d, "Zm9v", 4, out, sizeof out, &n), OSO_E_BASE64);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "offset 6"));
    ck_assert_int_eq(oso_base64_decoder_finish(&d, out, &n), OSO_E_BASE64);
}
END_TEST

/* Offsets are absolute over the whole stream, across chunk boundaries. */
START_TEST(streaming_offsets_absolute)
{
    oso_base64_decoder d;
    oso_base64_decoder_init(&d);
    unsigned char out[16];
    size_t n;
    const char *chunks[] = {"Zm9v", "\r\n", "Zm9", "vZ", "m9v", "\r\n", "Z", "m", "9v", "Zm", "#"};
    uint64_t at = 0;
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0] - 1; i++) {
        ck_assert_int_eq(oso_base64_decoder_feed(&d, chunks[i], strlen(chunks[i]), out,
                                                 sizeof out, &n),
                         OSO_OK);
        at += strlen(chunks[i]);
    }
    ck_assert_int_eq(oso_base64_decoder_feed(&d, "#", 1, out, sizeof out, &n), OSO_E_BASE64);
    /* '#' is the third character of a group that started two bytes earlier. */
    ck_assert_uint_eq(d.error_offset, at);
}
END_TEST

START_TEST(null_arguments)
{
    size_t n;
    unsigned char out[4];
    ck_assert_int_eq(oso_base64_decode(NULL, 4, out, 4, &n, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_base64_decode("Zm9v", 4, out, 4, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_base64_encode(NULL, 3, (char *)out, 4, &n), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_base64_decoder_finish(NULL, out, &n), OSO_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("base64");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rfc4648_vectors);
    tcase_add_test(tc, encoded_size_and_lines);
    tcase_add_test(tc, encode_buffer_too_small);
    tcase_add_test(tc, round_trip_random_sizes);
    tcase_add_test(tc, whitespace_anywhere);
    tcase_add_test(tc, nonzero_unused_bits_accepted);
    tcase_add_loop_test(tc, errors_with_offsets, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, output_buffer_too_small);
    tcase_add_test(tc, streaming_equals_oneshot);
    tcase_add_test(tc, streaming_error_is_sticky);
    tcase_add_test(tc, streaming_offsets_absolute);
    tcase_add_test(tc, null_arguments);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
