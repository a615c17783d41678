/*
 * Internal Base64 codec (lib/base/base64.h). The input is a chunk schedule (fz_chunks) followed by
 * a payload, used twice:
 *  1. as Base64 text: one-shot decoding and streaming decoding in the scheduled chunks must
 *     agree (status, error offset, decoded bytes; on failure the streaming decoder's output is
 *     a prefix of what the one-shot decoder produced for the same text up to the error), every
 *     feed stays within oso_base64_decoded_max(), a too small output buffer gives OSO_E_LIMIT;
 *  2. as binary data: encode gives exactly oso_base64_encoded_size() bytes in lines of 76
 *     characters separated by CRLF, and decoding that (one-shot and streamed) gives the data back.
 */
#include "fuzz_common.h"

#include "base/base64.h"

/* Decode `in` with the streaming decoder in the scheduled chunks. Returns the status of the
 * first failing call (feed or finish) and the bytes produced. */
static oso_status stream_decode(const fz_chunks *sched, const char *in, size_t len,
                                unsigned char *out, size_t *out_len, uint64_t *err_offset)
{
    fz_chunks c = *sched;
    oso_base64_decoder dec;
    oso_base64_decoder_init(&dec);
    size_t off = 0, total = 0;
    oso_status st = OSO_OK;
    int fed_empty = 0;
    while (off < len || !fed_empty) {
        size_t n = fz_chunks_next(&c, len - off);
        if (n == 0)
            fed_empty = 1;
        size_t cap = oso_base64_decoded_max(n), got = 12345;
        st = oso_base64_decoder_feed(&dec, in + off, n, out + total, cap, &got);
        FUZZ_CHECK(got <= cap, "feed of %zu bytes wrote %zu > decoded_max %zu", n, got, cap);
        total += got;
        off += n;
        if (st != OSO_OK) {
            /* Sticky. */
            size_t got2 = 0;
            oso_status again = oso_base64_decoder_feed(&dec, "QUJD", 4, out + total, 3, &got2);
            FUZZ_CHECK(again == st && got2 == 0, "failed decoder accepted more input: %d, %zu",
                       (int)again, got2);
            break;
        }
        if (off == len && fed_empty)
            break;
    }
    if (st == OSO_OK) {
        size_t fin = 99;
        st = oso_base64_decoder_finish(&dec, out + total, &fin);
        FUZZ_CHECK(fin == 0, "finish produced %zu bytes", fin);
    }
    *out_len = total;
    *err_offset = dec.error_offset;
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_chunks sched;
    if (!fz_chunks_init(&sched, &data, &size))
        return 0;
    const char *text = (const char *)data;

    /* 1. Decode. */
    size_t cap = oso_base64_decoded_max(size);
    FUZZ_CHECK(cap <= size / 4 * 3 + 3, "decoded_max(%zu) = %zu is too generous", size, cap);
    /* The streaming decoder may be given more room than the whole stream needs (each feed gets
     * decoded_max of its chunk), so its buffer has slack; it must not use it. */
    unsigned char *one = malloc(cap + 1), *two = malloc(cap + 4096);
    size_t one_len = 0, err1 = 0;
    oso_status st1 = oso_base64_decode(text, size, one, cap, &one_len, &err1);
    FUZZ_CHECK(st1 == OSO_OK || st1 == OSO_E_BASE64, "one-shot decode: status %d", (int)st1);
    if (st1 == OSO_OK)
        FUZZ_CHECK(one_len <= cap, "decoded %zu bytes into %zu", one_len, cap);
    else
        FUZZ_CHECK(err1 < size, "error offset %zu beyond input %zu", err1, size);

    size_t two_len = 0;
    uint64_t err2 = 0;
    oso_status st2 = stream_decode(&sched, text, size, two, &two_len, &err2);
    FUZZ_CHECK(st1 == st2, "one-shot status %d, streaming %d (offsets %zu, %llu)", (int)st1,
               (int)st2, err1, (unsigned long long)err2);
    if (st1 == OSO_OK) {
        FUZZ_CHECK(one_len == two_len && (one_len == 0 || memcmp(one, two, one_len) == 0),
                   "one-shot and streaming decode differ (%zu vs %zu bytes)", one_len, two_len);
        /* One byte less room must be refused, not overrun (ASan watches the exact size). */
        if (one_len > 0) {
            unsigned char *small = malloc(one_len - 1 + 1);
            size_t small_len = 0, err = 0;
            oso_status st = oso_base64_decode(text, size, small, one_len - 1, &small_len, &err);
            FUZZ_CHECK(st == OSO_E_LIMIT, "decoding %zu bytes into %zu gave status %d", one_len,
                       one_len - 1, (int)st);
            FUZZ_CHECK(err < size, "OSO_E_LIMIT offset %zu beyond the input %zu", err, size);
            free(small);
        }
    } else {
        FUZZ_CHECK((uint64_t)err1 == err2, "error offset: one-shot %zu, streaming %llu", err1,
                   (unsigned long long)err2);
        /* What the streaming decoder produced before the error is what the text before the
         * offending character's group decodes to, so it is at most the valid prefix. */
        FUZZ_CHECK(two_len <= cap, "streaming produced %zu > %zu", two_len, cap);
        if (err1 > 0 && err1 <= size) {
            size_t pl = 0, pe = 0;
            unsigned char *pre = malloc(oso_base64_decoded_max(err1) + 1);
            oso_status sp = oso_base64_decode(text, err1, pre, oso_base64_decoded_max(err1), &pl, &pe);
            /* The prefix ends in a complete group or a partial one (then it fails at the
             * start of that group); either way the streaming output covers its full groups. */
            if (sp == OSO_OK)
                FUZZ_CHECK(two_len == pl && (pl == 0 || memcmp(pre, two, pl) == 0),
                           "streaming output before error (%zu bytes) is not the decoding of the "
                           "text before it (%zu bytes)", two_len, pl);
            free(pre);
        }
    }
    free(one);
    free(two);

    /* 2. Encode the payload as binary and decode it back. */
    size_t esize = oso_base64_encoded_size(size);
    FUZZ_CHECK(esize == (size + 2) / 3 * 4 + (size ? ((size + 2) / 3 * 4 - 1) / 76 * 2 : 0),
               "encoded_size(%zu) = %zu", size, esize);
    char *enc = malloc(esize + 1);
    size_t elen = 0;
    oso_status es = oso_base64_encode(data, size, enc, esize, &elen);
    FUZZ_CHECK(es == OSO_OK && elen == esize, "encode: status %d, %zu of %zu bytes", (int)es, elen,
               esize);
    for (size_t i = 0, col = 0; i < elen; i++) {
        if (enc[i] == '\r') {
            FUZZ_CHECK(col == 76 && i + 1 < elen && enc[i + 1] == '\n' && i + 2 < elen,
                       "CRLF at column %zu (offset %zu of %zu)", col, i, elen);
            i++;
            col = 0;
            continue;
        }
        col++;
        FUZZ_CHECK(col <= 76, "line longer than 76 characters at offset %zu", i);
    }
    if (size > 0) {
        char *small = malloc(esize - 1 + 1);
        size_t sl = 0;
        FUZZ_CHECK(oso_base64_encode(data, size, small, esize - 1, &sl) == OSO_E_LIMIT,
                   "encoding into one byte less than encoded_size was not refused");
        free(small);
    }
    unsigned char *back = malloc(size + 4096);
    size_t blen = 0, berr = 0;
    oso_status ds = oso_base64_decode(enc, elen, back, size, &blen, &berr);
    FUZZ_CHECK(ds == OSO_OK && blen == size && (size == 0 || memcmp(back, data, size) == 0),
               "round trip of %zu bytes: status %d, %zu bytes back", size, (int)ds, blen);
    uint64_t serr = 0;
    ds = stream_decode(&sched, enc, elen, back, &blen, &serr);
    FUZZ_CHECK(ds == OSO_OK && blen == size && (size == 0 || memcmp(back, data, size) == 0),
               "streamed round trip of %zu bytes: status %d, %zu bytes back", size, (int)ds, blen);
    free(back);
    free(enc);
    return 0;
}
