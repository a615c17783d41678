/*
 * Base64 decode/encode throughput of liboso's internal codec, next to a naive character-at-a-time
 * reference decoder, on ~64 MiB of input: everything on one line (as real dossiers do) and
 * 76-character lines with CRLF (as the encoder writes). Throughput is Base64 text consumed (or,
 * for encoding, produced) per second, in MB/s (10^6 bytes); best of several runs.
 *
 * Usage: bench_base64 [MiB]   (default 64)
 */
#include "base/base64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The obvious decoder: classify every character with comparisons, no table, no fast path. */
static int naive_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static size_t naive_decode(const char *in, size_t len, unsigned char *out)
{
    size_t o = 0;
    unsigned bits = 0, n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
            continue;
        if (c == '=')
            break;
        int v = naive_value(c);
        if (v < 0)
            return (size_t)-1;
        bits = bits << 6 | (unsigned)v;
        if (++n == 4) {
            out[o++] = (unsigned char)(bits >> 16);
            out[o++] = (unsigned char)(bits >> 8);
            out[o++] = (unsigned char)bits;
            bits = n = 0;
        }
    }
    if (n == 3) {
        out[o++] = (unsigned char)(bits >> 10);
        out[o++] = (unsigned char)(bits >> 2);
    } else if (n == 2) {
        out[o++] = (unsigned char)(bits >> 4);
    }
    return o;
}

/* Remove the CRLFs of the encoder's output to get the one-line form. */
static size_t strip_lines(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != '\r' && s[i] != '\n')
            s[o++] = s[i];
    return o;
}

enum method { M_ONESHOT, M_STREAM, M_NAIVE };

static double bench_decode(enum method m, const char *text, size_t len, unsigned char *out,
                           size_t cap, const unsigned char *expect, size_t expect_len)
{
    double best = 1e30;
    for (int r = 0; r < RUNS; r++) {
        size_t got = 0;
        double t0 = now();
        if (m == M_ONESHOT) {
            if (oso_base64_decode(text, len, out, cap, &got, NULL) != OSO_OK)
                got = (size_t)-1;
        } else if (m == M_STREAM) {
            /* 64 KiB chunks, the order of an XML parser's character-data callbacks. */
            oso_base64_decoder dec;
            oso_base64_decoder_init(&dec);
            for (size_t i = 0; i < len && got != (size_t)-1; i += 65536) {
                size_t n = len - i < 65536 ? len - i : 65536, w;
                if (oso_base64_decoder_feed(&dec, text + i, n, out + got, cap - got, &w) != OSO_OK)
                    got = (size_t)-1;
                else
                    got += w;
            }
            size_t w;
            if (got != (size_t)-1 && oso_base64_decoder_finish(&dec, NULL, &w) != OSO_OK)
                got = (size_t)-1;
        } else {
            got = naive_decode(text, len, out);
        }
        double t = now() - t0;
        if (got != expect_len || memcmp(out, expect, got) != 0) {
            fprintf(stderr, "bench_base64: decoded data differs from the original\n");
            exit(1);
        }
        if (t < best)
            best = t;
    }
    return (double)len / best / 1e6;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
    if (mib == 0 || mib > 4096) {
        fprintf(stderr, "usage: bench_base64 [MiB 1..4096]\n");
        return 2;
    }
    /* Raw size chosen so the 76/CRLF text is about `mib` MiB. */
    size_t raw_len = mib * 1024 * 1024 / 78 * 57;
    unsigned char *raw = malloc(raw_len);
    size_t text_cap = oso_base64_encoded_size(raw_len);
    char *text = malloc(text_cap);
    size_t out_cap = oso_base64_decoded_max(text_cap);
    unsigned char *out = malloc(out_cap);
    if (raw == NULL || text == NULL || out == NULL) {
        fprintf(stderr, "bench_base64: out of memory\n");
        return 2;
    }
    uint64_t x = 0x9E3779B97F4A7C15u; /* xorshift: incompressible, reproducible data */
    for (size_t i = 0; i < raw_len; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        raw[i] = (unsigned char)x;
    }

    double best_enc = 1e30;
    size_t text_len = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        if (oso_base64_encode(raw, raw_len, text, text_cap, &text_len) != OSO_OK) {
            fprintf(stderr, "bench_base64: encode failed\n");
            return 1;
        }
        double t = now() - t0;
        if (t < best_enc)
            best_enc = t;
    }

    printf("input: %zu bytes of data, %.1f MiB as 76/CRLF Base64\n", raw_len,
           (double)text_len / 1048576.0);
    printf("%-34s %12s %12s %12s\n", "MB/s of Base64 text", "one-shot", "stream 64K", "naive");
    const char *names[2] = {"decode, 76-char lines + CRLF", "decode, one line"};
    for (int form = 0; form < 2; form++) {
        if (form == 1)
            text_len = strip_lines(text, text_len);
        double a = bench_decode(M_ONESHOT, text, text_len, out, out_cap, raw, raw_len);
        double b = bench_decode(M_STREAM, text, text_len, out, out_cap, raw, raw_len);
        double c = bench_decode(M_NAIVE, text, text_len, out, out_cap, raw, raw_len);
        printf("%-34s %12.0f %12.0f %12.0f\n", names[form], a, b, c);
    }
    printf("%-34s %12.0f\n", "encode, 76-char lines + CRLF",
           (double)oso_base64_encoded_size(raw_len) / best_enc / 1e6);
    free(raw);
    free(text);
    free(out);
    return 0;
}
