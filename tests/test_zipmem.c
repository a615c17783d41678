/* ZIP in memory: writer -> reader round trips, zip-slip names, and hostile archives built here
 * by patching writer output (truncation, corruption, encryption flag, multi-disk, bombs,
 * overlapping entries, lying sizes). */
#include "base/base64.h"
#include "attachments/zipmem.h"
#include "zippatch.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#ifndef OSO_STANDARD_DIR
#define OSO_STANDARD_DIR "."
#endif

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static unsigned char rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned char)rng_state;
}

/* Build an archive from (name, data, len) triples. */
static blob make_zip(size_t n, const char *const *names, const unsigned char *const *data,
                     const size_t *lens)
{
    oso_zip_writer *zw;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(oso_zip_writer_add(zw, names[i], data[i], lens[i], 0), OSO_OK);
    blob b;
    ck_assert_int_eq(oso_zip_writer_finish(zw, &b.data, &b.len), OSO_OK);
    oso_zip_writer_free(zw);
    return b;
}

static blob make_zip1(const char *name, const void *data, size_t len)
{
    const unsigned char *d = data;
    return make_zip(1, &name, &d, &len);
}

static oso_zip_reader *open_ok(const blob *b, const oso_zip_limits *lim)
{
    oso_zip_reader *zr = NULL;
    oso_zip_problem p = OSO_ZIP_CRC;
    oso_status st = oso_zip_reader_open(b->data, b->len, lim, &zr, &p);
    ck_assert_msg(st == OSO_OK, "open failed: %s", oso_error_last());
    ck_assert_int_eq(p, OSO_ZIP_OK);
    return zr;
}

static void expect_open_fails(const blob *b, const oso_zip_limits *lim, oso_status want_st,
                              oso_zip_problem want)
{
    oso_zip_reader *zr = (oso_zip_reader *)1;
    oso_zip_problem p = OSO_ZIP_OK;
    oso_status st = oso_zip_reader_open(b->data, b->len, lim, &zr, &p);
    ck_assert_msg(st == want_st && p == want, "got status %d problem %d (%s), want %d/%d", st, p,
                  oso_error_last(), want_st, want);
    ck_assert_ptr_null(zr);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), oso_zip_problem_text(want)));
}

static void expect_extract_fails(oso_zip_reader *zr, size_t i, oso_status want_st,
                                 oso_zip_problem want)
{
    unsigned char *out = (unsigned char *)1;
    size_t len = 1;
    oso_zip_problem p = OSO_ZIP_OK;
    oso_status st = oso_zip_extract_mem(zr, i, &out, &len, &p);
    ck_assert_msg(st == want_st && p == want, "got status %d problem %d (%s), want %d/%d", st, p,
                  oso_error_last(), want_st, want);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
}

/* ---- round trips ---------------------------------------------------------------------------- */

typedef struct collect {
    unsigned char *data;
    size_t len, chunks, max_chunk;
} collect;

static int collect_sink(void *ctx, const unsigned char *buf, size_t len)
{
    collect *c = ctx;
    c->data = realloc(c->data, c->len + len);
    memcpy(c->data + c->len, buf, len);
    c->len += len;
    c->chunks++;
    if (len > c->max_chunk)
        c->max_chunk = len;
    return 0;
}

START_TEST(writer_reader_round_trip)
{
    size_t lens[] = {0, 1, 1000, 200000, 300000};
    const char *names[] = {"empty.txt", "one.bin", "dir/sub/random.bin",
                           "Bijlage \xC3\xA9\xC3\xA9n.pdf", "text.txt"};
    unsigned char *data[5];
    for (int i = 0; i < 5; i++) {
        data[i] = malloc(lens[i] + 1);
        for (size_t k = 0; k < lens[i]; k++)
            data[i][k] = i == 4 ? (unsigned char)("lorem ipsum dolor "[k % 18]) : rnd();
    }
    blob b = make_zip(5, names, (const unsigned char *const *)data, lens);
    oso_zip_reader *zr = open_ok(&b, NULL);
    ck_assert_uint_eq(oso_zip_reader_count(zr), 5);
    for (size_t i = 0; i < 5; i++) {
        const oso_zip_entry *e = oso_zip_reader_entry(zr, i);
        ck_assert_str_eq(e->name, names[i]);
        ck_assert_uint_eq(e->name_len, strlen(names[i]));
        ck_assert_uint_eq(e->uncompressed_size, lens[i]);
        ck_assert_uint_eq(e->crc32, crc32(0, data[i], (uInt)lens[i]));
        ck_assert_uint_eq(e->method, 8);
        ck_assert(!e->encrypted);
        ck_assert(!e->is_dir);
        ck_assert_int_eq(e->name_problem, OSO_ZIP_OK);
        ck_assert_uint_eq(e->flags & 0x800, i == 3 ? 0x800 : 0); /* UTF-8 name flag */
        unsigned char *out;
        size_t olen;
        oso_zip_problem p = OSO_ZIP_CRC;
        ck_assert_int_eq(oso_zip_extract_mem(zr, i, &out, &olen, &p), OSO_OK);
        ck_assert_int_eq(p, OSO_ZIP_OK);
        ck_assert_uint_eq(olen, lens[i]);
        ck_assert_int_eq(memcmp(out, data[i], olen), 0);
        free(out);

        collect c = {0};
        ck_assert_int_eq(oso_zip_extract(zr, i, collect_sink, &c, NULL), OSO_OK);
        ck_assert_uint_eq(c.len, lens[i]);
        ck_assert(c.len == 0 || memcmp(c.data, data[i], c.len) == 0);
        ck_assert_uint_le(c.max_chunk, 65536);
        if (lens[i] > 65536)
            ck_assert_uint_gt(c.chunks, 1);
        free(c.data);
        ck_assert_int_eq(oso_zip_extract(zr, i, NULL, NULL, NULL), OSO_OK); /* verify only */
    }
    /* The compressible entry really was deflated. */
    ck_assert_uint_lt(oso_zip_reader_entry(zr, 4)->compressed_size, 300000 / 20);
    size_t idx = 99;
    ck_assert_int_eq(oso_zip_reader_find(zr, "dir/sub/random.bin", &idx), OSO_OK);
    ck_assert_uint_eq(idx, 2);
    ck_assert_int_eq(oso_zip_reader_find(zr, "random.bin", &idx), OSO_E_NOT_FOUND);
    ck_assert_ptr_null(oso_zip_reader_entry(zr, 5));
    ck_assert_int_eq(oso_zip_extract(zr, 5, NULL, NULL, NULL), OSO_E_INVALID_ARG);
    oso_zip_reader_free(zr);
    free(b.data);
    for (int i = 0; i < 5; i++)
        free(data[i]);
}
END_TEST

START_TEST(empty_archive)
{
    oso_zip_writer *zw;
    blob b;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    ck_assert_int_eq(oso_zip_writer_finish(zw, &b.data, &b.len), OSO_OK);
    ck_assert_int_eq(oso_zip_writer_finish(zw, &b.data, &b.len), OSO_E_STATE);
    ck_assert_int_eq(oso_zip_writer_add(zw, "a", (const unsigned char *)"", 0, 0), OSO_E_STATE);
    oso_zip_writer_free(zw);
    ck_assert_uint_eq(b.len, 22);
    oso_zip_reader *zr = open_ok(&b, NULL);
    ck_assert_uint_eq(oso_zip_reader_count(zr), 0);
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

START_TEST(directory_entry)
{
    const char *names[] = {"map/", "map/a.txt"};
    const unsigned char *data[] = {(const unsigned char *)"", (const unsigned char *)"a"};
    size_t lens[] = {0, 1};
    blob b = make_zip(2, names, data, lens);
    oso_zip_reader *zr = open_ok(&b, NULL);
    ck_assert(oso_zip_reader_entry(zr, 0)->is_dir);
    ck_assert(!oso_zip_reader_entry(zr, 1)->is_dir);
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

START_TEST(writer_timestamp)
{
    blob a = make_zip1("a.txt", "x", 1);
    /* 1980-01-01 00:00: date 0x0021, time 0 (little-endian at local header offset 10). */
    ck_assert_int_eq(memcmp(a.data + 10, "\x00\x00\x21\x00", 4), 0);
    oso_zip_writer *zw;
    blob b;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    struct tm tm = {.tm_year = 2019 - 1900, .tm_mon = 5, .tm_mday = 17, .tm_hour = 13,
                    .tm_min = 45, .tm_sec = 30, .tm_isdst = -1};
    ck_assert_int_eq(oso_zip_writer_add(zw, "a.txt", (const unsigned char *)"x", 1, mktime(&tm)),
                     OSO_OK);
    ck_assert_int_eq(oso_zip_writer_finish(zw, &b.data, &b.len), OSO_OK);
    oso_zip_writer_free(zw);
    unsigned time = b.data[10] | b.data[11] << 8, date = b.data[12] | b.data[13] << 8;
    ck_assert_uint_eq(date, (2019 - 1980) << 9 | 6 << 5 | 17);
    ck_assert_uint_eq(time, 13 << 11 | 45 << 5 | 15);
    free(a.data);
    free(b.data);
}
END_TEST

/* A writer that is freed without finishing releases everything (checked by ASan/valgrind). */
START_TEST(writer_refuses_overlong_name)
{
    char *name = malloc(70001);
    memset(name, 'a', 70000);
    name[70000] = '\0';
    oso_zip_writer *zw;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    ck_assert_int_eq(oso_zip_writer_add(zw, name, (const unsigned char *)"x", 1, 0), OSO_E_POLICY);
    ck_assert_int_eq(oso_zip_writer_add(zw, "ok.txt", (const unsigned char *)"x", 1, 0), OSO_OK);
    oso_zip_writer_free(zw);
    free(name);
}
END_TEST

START_TEST(writer_free_unfinished)
{
    oso_zip_writer *zw;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    ck_assert_int_eq(oso_zip_writer_add(zw, "a.txt", (const unsigned char *)"abc", 3, 0), OSO_OK);
    oso_zip_writer_free(zw);
    oso_zip_writer_free(NULL);
    oso_zip_reader_free(NULL);
}
END_TEST

/* ---- names ---------------------------------------------------------------------------------- */

static const struct name_case {
    const char *name;
    oso_zip_problem want;
} name_cases[] = {
    {"a.txt", OSO_ZIP_OK},
    {"dir/a.txt", OSO_ZIP_OK},
    {"dir/", OSO_ZIP_OK},
    {"./a.txt", OSO_ZIP_OK},
    {"a..b.txt", OSO_ZIP_OK},
    {"..a/b", OSO_ZIP_OK},
    {"a/b..", OSO_ZIP_OK},
    {"r\xC3\xA9sum\xC3\xA9.pdf", OSO_ZIP_OK},
    {"", OSO_ZIP_NAME_EMPTY},
    {"/etc/passwd", OSO_ZIP_NAME_ABSOLUTE},
    {"//server/share", OSO_ZIP_NAME_ABSOLUTE},
    {"..", OSO_ZIP_NAME_DOTDOT},
    {"../evil.sh", OSO_ZIP_NAME_DOTDOT},
    {"a/../../evil.sh", OSO_ZIP_NAME_DOTDOT},
    {"a/..", OSO_ZIP_NAME_DOTDOT},
    {"a\\b.txt", OSO_ZIP_NAME_BACKSLASH},
    {"..\\evil.sh", OSO_ZIP_NAME_BACKSLASH},
    {"C:evil.sh", OSO_ZIP_NAME_DRIVE},
    {"c:/windows/evil.dll", OSO_ZIP_NAME_DRIVE},
    {"a\x01.txt", OSO_ZIP_NAME_CONTROL},
    {"a\n.txt", OSO_ZIP_NAME_CONTROL},
    {"a\x7F.txt", OSO_ZIP_NAME_CONTROL},
};

START_TEST(name_problems)
{
    const struct name_case *c = &name_cases[_i];
    ck_assert_msg(oso_zip_name_problem(c->name) == c->want, "'%s': got %d want %d", c->name,
                  oso_zip_name_problem(c->name), c->want);
    /* The writer refuses exactly the unsafe names. */
    oso_zip_writer *zw;
    ck_assert_int_eq(oso_zip_writer_new(&zw), OSO_OK);
    ck_assert_int_eq(oso_zip_writer_add(zw, c->name, (const unsigned char *)"x", 1, 0),
                     c->want == OSO_ZIP_OK ? OSO_OK : OSO_E_POLICY);
    oso_zip_writer_free(zw);
}
END_TEST

/* Unsafe names reach the reader through patched archives and are flagged, not hidden. */
START_TEST(reader_flags_unsafe_names)
{
    static const struct {
        const char *written, *patched;
        oso_zip_problem want;
    } cases[] = {
        {"xx/evil.sh", "../evil.sh", OSO_ZIP_NAME_DOTDOT},
        {"xetc/passwd", "/etc/passwd", OSO_ZIP_NAME_ABSOLUTE},
        {"axb.txt", "a\\b.txt", OSO_ZIP_NAME_BACKSLASH},
        {"Cxevil.sh", "C:evil.sh", OSO_ZIP_NAME_DRIVE},
        {"a.txtxevil", "a.txt\0evil", OSO_ZIP_NAME_CONTROL}, /* NUL hides the tail */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].written);
        blob b = make_zip1(cases[i].written, "data", 4);
        memcpy(b.data + LOCAL(&b, 0) + 30, cases[i].patched, n);
        memcpy(b.data + CENTRAL(&b, 0) + 46, cases[i].patched, n);
        oso_zip_reader *zr = open_ok(&b, NULL);
        const oso_zip_entry *e = oso_zip_reader_entry(zr, 0);
        ck_assert_uint_eq(e->name_len, n);
        ck_assert_int_eq(memcmp(e->name, cases[i].patched, n), 0);
        ck_assert_int_eq(e->name_problem, cases[i].want);
        oso_zip_reader_free(zr);
        free(b.data);
    }
}
END_TEST

/* ---- structural problems -------------------------------------------------------------------- */

static blob two_entry_zip(void)
{
    const char *names[] = {"a.txt", "b.txt"};
    const unsigned char *data[] = {(const unsigned char *)"hello, hello, hello",
                                   (const unsigned char *)"world"};
    size_t lens[] = {19, 5};
    return make_zip(2, names, data, lens);
}

START_TEST(not_a_zip)
{
    blob b = {(unsigned char *)"just some text, no archive here at all", 38};
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_NOT_ZIP);
    blob e = {NULL, 0};
    expect_open_fails(&e, NULL, OSO_E_ZIP, OSO_ZIP_NOT_ZIP);
    unsigned char pdf[] = "%PDF-1.4\n%%EOF\n";
    blob p = {pdf, sizeof pdf - 1};
    expect_open_fails(&p, NULL, OSO_E_ZIP, OSO_ZIP_NOT_ZIP);
}
END_TEST

/* Cut short at every length: never a crash, always a ZIP error; a cut that keeps the local
 * header signature is "truncated" (the official examples' case), a shorter one "not a ZIP". */
START_TEST(truncated_everywhere)
{
    blob b = two_entry_zip();
    for (size_t cut = 0; cut < b.len; cut++) {
        blob t = {malloc(cut ? cut : 1), cut};
        memcpy(t.data, b.data, cut);
        expect_open_fails(&t, NULL, OSO_E_ZIP, cut < 4 ? OSO_ZIP_NOT_ZIP : OSO_ZIP_TRUNCATED);
        free(t.data);
    }
    free(b.data);
}
END_TEST

START_TEST(bytes_removed_in_the_middle)
{
    blob b = two_entry_zip();
    size_t at = CENTRAL(&b, 0) - 10;
    memmove(b.data + at, b.data + at + 5, b.len - at - 5);
    b.len -= 5;
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    free(b.data);
}
END_TEST

/* Every single-byte corruption: no crash, no leak; whatever is reported is consistent. */
START_TEST(corrupted_everywhere)
{
    blob b = two_entry_zip();
    size_t failures = 0, crc_errors = 0;
    for (size_t i = 0; i < b.len; i++) {
        for (int v = 0; v < 3; v++) {
            unsigned char saved = b.data[i];
            b.data[i] = v == 0 ? (unsigned char)~saved : v == 1 ? 0 : 0xFF;
            oso_zip_reader *zr;
            oso_zip_problem p;
            oso_status st = oso_zip_reader_open(b.data, b.len, NULL, &zr, &p);
            if (st != OSO_OK) {
                ck_assert_int_ne(p, OSO_ZIP_OK);
                failures++;
            } else {
                for (size_t k = 0; k < oso_zip_reader_count(zr); k++) {
                    st = oso_zip_extract(zr, k, NULL, NULL, &p);
                    ck_assert((st == OSO_OK) == (p == OSO_ZIP_OK));
                    failures += st != OSO_OK;
                    crc_errors += p == OSO_ZIP_CRC;
                }
                oso_zip_reader_free(zr);
            }
            b.data[i] = saved;
        }
    }
    ck_assert_uint_gt(failures, b.len);
    ck_assert_uint_gt(crc_errors, 0);
    free(b.data);
}
END_TEST

START_TEST(encrypted_entry)
{
    blob b = two_entry_zip();
    patch16(&b, 1, 6, 8, 0x0001); /* general purpose bit 0 on entry 1 */
    oso_zip_reader *zr = open_ok(&b, NULL);
    ck_assert(!oso_zip_reader_entry(zr, 0)->encrypted);
    ck_assert(oso_zip_reader_entry(zr, 1)->encrypted);
    expect_extract_fails(zr, 1, OSO_E_ZIP, OSO_ZIP_ENCRYPTED);
    unsigned char *out;
    size_t len;
    ck_assert_int_eq(oso_zip_extract_mem(zr, 0, &out, &len, NULL), OSO_OK); /* others still fine */
    free(out);
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

/* A local header naming another file than the directory (same length, so minizip's own size
 * checks pass) is refused at open, also for entries that are never extracted. */
START_TEST(local_name_must_match_directory)
{
    static const struct {
        unsigned flags, method;
    } kinds[] = {{0, 8}, {1, 8} /* encrypted */, {0, 9} /* deflate64 */};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        blob b = two_entry_zip();
        patch16(&b, 1, 6, 8, kinds[k].flags);
        patch16(&b, 1, 8, 10, kinds[k].method);
        size_t l = LOCAL(&b, 1);
        size_t len = b.data[l + 26] | b.data[l + 27] << 8;
        ck_assert_uint_ge(len, 3);
        memcpy(b.data + l + 30, "../", 3);
        expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
        ck_assert_ptr_nonnull(strstr(oso_error_last(), "local header"));
        free(b.data);
    }
}
END_TEST

/* Bytes before the archive (here another copy of it) move every record: the local header
 * checked is the one minizip and the common readers use, at the recorded offset plus those
 * bytes. A name mismatch there is refused even when the recorded offsets, taken from the start
 * of the input, land on a consistent copy; a consistent archive after a prefix opens. */
START_TEST(local_name_checked_after_prefix)
{
    blob a = make_zip1("verslag.txt", "tekst", 5);
    blob two = {malloc(2 * a.len), 2 * a.len};
    ck_assert_ptr_nonnull(two.data);
    memcpy(two.data, a.data, a.len);
    memcpy(two.data + a.len, a.data, a.len);
    oso_zip_reader *zr = open_ok(&two, NULL);
    ck_assert_uint_eq(oso_zip_reader_count(zr), 1);
    ck_assert_str_eq(oso_zip_reader_entry(zr, 0)->name, "verslag.txt");
    unsigned char *out;
    size_t len;
    ck_assert_int_eq(oso_zip_extract_mem(zr, 0, &out, &len, NULL), OSO_OK);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(memcmp(out, "tekst", 5), 0);
    free(out);
    oso_zip_reader_free(zr);
    memcpy(two.data + a.len + LOCAL(&a, 0) + 30, "../", 3); /* the second copy's local name */
    expect_open_fails(&two, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "local header"));
    free(two.data);
    free(a.data);
}
END_TEST

/* An entry never extracted (encrypted) whose local header cannot be found where the directory
 * says is refused too: there is nothing to compare its name with. */
START_TEST(unextracted_entry_without_local_header)
{
    blob b = two_entry_zip();
    patch16(&b, 1, 6, 8, 1); /* encrypted */
    put32(b.data + CENTRAL(&b, 1) + 42, 1); /* its local header "at byte 1" */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "local header"));
    free(b.data);
}
END_TEST

START_TEST(unsupported_method)
{
    blob b = two_entry_zip();
    patch16(&b, 0, 8, 10, 12); /* bzip2 */
    oso_zip_reader *zr = open_ok(&b, NULL);
    ck_assert_uint_eq(oso_zip_reader_entry(zr, 0)->method, 12);
    expect_extract_fails(zr, 0, OSO_E_ZIP, OSO_ZIP_UNSUPPORTED_METHOD);
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

START_TEST(crc_mismatch)
{
    blob b = two_entry_zip();
    patch32(&b, 1, 14, 16, 0x12345678);
    oso_zip_reader *zr = open_ok(&b, NULL);
    expect_extract_fails(zr, 1, OSO_E_ZIP, OSO_ZIP_CRC);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "12345678"));
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

START_TEST(size_mismatch)
{
    blob b = two_entry_zip();
    patch32(&b, 0, 22, 24, 20); /* declares 20 bytes, holds 19 */
    oso_zip_reader *zr = open_ok(&b, NULL);
    expect_extract_fails(zr, 0, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

START_TEST(corrupt_deflate_data)
{
    blob b = two_entry_zip();
    size_t data = LOCAL(&b, 0) + 30 + 5;
    b.data[data] = 0xFF; /* block type 3 (reserved) */
    oso_zip_reader *zr = open_ok(&b, NULL);
    expect_extract_fails(zr, 0, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

START_TEST(multi_disk)
{
    blob b = two_entry_zip();
    size_t e = EOCD(&b);
    put16(b.data + e + 4, 1); /* number of this disk */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    put16(b.data + e + 4, 0);
    put16(b.data + e + 6, 2); /* disk holding the central directory */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    put16(b.data + e + 6, 0);
    put16(b.data + e + 8, 1); /* 1 entry on this disk, 2 in total */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    put16(b.data + e + 8, 2);
    put16(b.data + CENTRAL(&b, 1) + 34, 1); /* entry starts on disk 1 */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    put16(b.data + CENTRAL(&b, 1) + 34, 0);
    oso_zip_reader_free(open_ok(&b, NULL));

    /* First segment of a split archive: spanning marker, no end record. */
    blob s = {malloc(b.len + 4), b.len + 4};
    memcpy(s.data, "PK\x07\x08", 4);
    memcpy(s.data + 4, b.data, LOCAL(&b, 1));
    s.len = 4 + LOCAL(&b, 1);
    expect_open_fails(&s, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    free(s.data);
    free(b.data);
}
END_TEST

START_TEST(too_many_entries)
{
    const char *names[] = {"1", "2", "3", "4", "5"};
    const unsigned char *data[] = {(const unsigned char *)"a", (const unsigned char *)"b",
                                   (const unsigned char *)"c", (const unsigned char *)"d",
                                   (const unsigned char *)"e"};
    size_t lens[] = {1, 1, 1, 1, 1};
    blob b = make_zip(5, names, data, lens);
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    lim.max_entries = 4;
    expect_open_fails(&b, &lim, OSO_E_LIMIT, OSO_ZIP_TOO_MANY_ENTRIES);
    lim.max_entries = 5;
    oso_zip_reader_free(open_ok(&b, &lim));
    /* An entry count the central directory cannot hold. */
    lim.max_entries = 0;
    put16(b.data + EOCD(&b) + 8, 60000);
    put16(b.data + EOCD(&b) + 10, 60000);
    expect_open_fails(&b, &lim, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    free(b.data);
}
END_TEST

START_TEST(overlapping_entries)
{
    /* Same size and content, so the second record passes minizip's local-header check when
     * pointed at the first entry's data: the overlapping-files zip bomb construction. */
    const char *names[] = {"a.txt", "b.txt"};
    const unsigned char *data[] = {(const unsigned char *)"same data",
                                   (const unsigned char *)"same data"};
    size_t lens[] = {9, 9};
    blob b = make_zip(2, names, data, lens);
    oso_zip_reader_free(open_ok(&b, NULL));
    put32(b.data + CENTRAL(&b, 1) + 42, 0);
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_OVERLAP);
    free(b.data);
}
END_TEST

START_TEST(bogus_sizes_and_lengths)
{
    blob b = two_entry_zip();
    patch32(&b, 0, 18, 20, 0xFFFFFFF0u); /* compressed size far beyond the archive */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    free(b.data);

    b = two_entry_zip();
    put16(b.data + CENTRAL(&b, 1) + 28, 0xFFFF); /* name length beyond the directory */
    oso_zip_reader *zr = NULL;
    oso_zip_problem p;
    ck_assert_int_eq(oso_zip_reader_open(b.data, b.len, NULL, &zr, &p), OSO_E_ZIP);
    ck_assert(p == OSO_ZIP_CORRUPT || p == OSO_ZIP_TRUNCATED);
    free(b.data);

    b = two_entry_zip();
    put32(b.data + EOCD(&b) + 16, 0xFFFFFF00u); /* central directory offset */
    expect_open_fails(&b, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    free(b.data);
}
END_TEST

/* Turn an archive into its ZIP64 form: ZIP64 end record and locator before an end record
 * whose fields say "see ZIP64". Returns the offsets of the two new records via `z64`/`loc`. */
static blob to_zip64(const blob *b, size_t *z64, size_t *loc)
{
    size_t e = EOCD(b);
    uint32_t cd_size = b->data[e + 12] | b->data[e + 13] << 8 | b->data[e + 14] << 16 |
                       (uint32_t)b->data[e + 15] << 24;
    uint32_t cd_off = b->data[e + 16] | b->data[e + 17] << 8 | b->data[e + 18] << 16 |
                      (uint32_t)b->data[e + 19] << 24;
    unsigned n = b->data[e + 10] | b->data[e + 11] << 8;
    blob r = {calloc(1, e + 56 + 20 + 22), e + 56 + 20 + 22};
    memcpy(r.data, b->data, e);
    unsigned char *z = r.data + e, *l = z + 56, *eo = l + 20;
    memcpy(z, "PK\x06\x06", 4);
    put32(z + 4, 44); /* size of the rest of the record (64-bit, high half 0) */
    put16(z + 12, 45);
    put16(z + 14, 45);
    put32(z + 24, n);  /* entries on this disk (64-bit) */
    put32(z + 32, n);  /* entries in total */
    put32(z + 40, cd_size);
    put32(z + 48, cd_off);
    memcpy(l, "PK\x06\x07", 4);
    put32(l + 8, (uint32_t)e); /* offset of the ZIP64 end record */
    put32(l + 16, 1);          /* total number of disks */
    memcpy(eo, "PK\x05\x06", 4);
    put16(eo + 8, 0xFFFF);
    put16(eo + 10, 0xFFFF);
    put32(eo + 12, 0xFFFFFFFFu);
    put32(eo + 16, 0xFFFFFFFFu);
    *z64 = e;
    *loc = e + 56;
    return r;
}

START_TEST(zip64_end_records)
{
    blob b = two_entry_zip();
    size_t z, l;
    blob r = to_zip64(&b, &z, &l);
    oso_zip_reader *zr = open_ok(&r, NULL);
    ck_assert_uint_eq(oso_zip_reader_count(zr), 2);
    unsigned char *out;
    size_t len;
    ck_assert_int_eq(oso_zip_extract_mem(zr, 1, &out, &len, NULL), OSO_OK);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(memcmp(out, "world", 5), 0);
    free(out);
    oso_zip_reader_free(zr);

    put32(r.data + l + 16, 2); /* two disks */
    expect_open_fails(&r, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    put32(r.data + l + 16, 1);
    put32(r.data + z + 16, 3); /* number of this disk */
    expect_open_fails(&r, NULL, OSO_E_ZIP, OSO_ZIP_MULTIDISK);
    put32(r.data + z + 16, 0);
    put32(r.data + l + 8, (uint32_t)z + 4); /* locator points at garbage */
    expect_open_fails(&r, NULL, OSO_E_ZIP, OSO_ZIP_CORRUPT);
    put32(r.data + l + 8, (uint32_t)z);
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    lim.max_entries = 1;
    expect_open_fails(&r, &lim, OSO_E_LIMIT, OSO_ZIP_TOO_MANY_ENTRIES);
    free(r.data);
    free(b.data);
}
END_TEST

/* ---- limits and bombs ----------------------------------------------------------------------- */

#define BOMB_SIZE (50u << 20)

static blob bomb; /* 50 MiB of zeros deflated to ~50 KB; built once */

static void make_bomb(void)
{
    unsigned char *zeros = calloc(BOMB_SIZE, 1);
    bomb = make_zip1("zeros.txt", zeros, BOMB_SIZE);
    free(zeros);
}

static void free_bomb(void) { free(bomb.data); }

typedef struct counter {
    uint64_t bytes;
} counter;

static int count_sink(void *ctx, const unsigned char *buf, size_t len)
{
    (void)buf;
    ((counter *)ctx)->bytes += len;
    return 0;
}

static void expect_bomb_refused(const blob *b, const oso_zip_limits *lim, oso_zip_problem want,
                                uint64_t max_delivered)
{
    oso_zip_reader *zr = open_ok(b, lim);
    counter c = {0};
    oso_zip_problem p = OSO_ZIP_OK;
    ck_assert_int_eq(oso_zip_extract(zr, 0, count_sink, &c, &p), OSO_E_LIMIT);
    ck_assert_int_eq(p, want);
    ck_assert_uint_le(c.bytes, max_delivered);
    expect_extract_fails(zr, 0, OSO_E_LIMIT, want);
    oso_zip_reader_free(zr);
}

START_TEST(bomb_refused_by_declared_ratio)
{
    ck_assert_uint_lt(bomb.len, 100000);
    expect_bomb_refused(&bomb, NULL, OSO_ZIP_RATIO, 0); /* before inflating anything */
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "200:1"));
}
END_TEST

START_TEST(bomb_refused_by_declared_size)
{
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    lim.max_ratio = 0;
    lim.max_entry_size = 1 << 20;
    expect_bomb_refused(&bomb, &lim, OSO_ZIP_ENTRY_TOO_LARGE, 0);
    lim.max_entry_size = 0;
    lim.max_total_size = 1 << 20; /* the directory's total: refused when opened */
    oso_zip_reader *zr;
    oso_zip_problem p;
    ck_assert_int_eq(oso_zip_reader_open(bomb.data, bomb.len, &lim, &zr, &p), OSO_E_LIMIT);
    ck_assert_int_eq(p, OSO_ZIP_TOTAL_TOO_LARGE);
}
END_TEST

/* The headers lie (declare 1000 bytes): the real output is counted while inflating. */
START_TEST(lying_bomb_refused_while_inflating)
{
    blob b = {malloc(bomb.len), bomb.len};
    memcpy(b.data, bomb.data, bomb.len);
    patch32(&b, 0, 22, 24, 1000);
    expect_bomb_refused(&b, NULL, OSO_ZIP_RATIO, (1u << 20) + 65536);
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    lim.max_ratio = 0;
    lim.max_entry_size = 2 << 20;
    expect_bomb_refused(&b, &lim, OSO_ZIP_ENTRY_TOO_LARGE, 2 << 20);
    lim.max_entry_size = 0;
    lim.max_total_size = 3 << 20;
    expect_bomb_refused(&b, &lim, OSO_ZIP_TOTAL_TOO_LARGE, 3 << 20);
    free(b.data);
}
END_TEST

/* Below the grace size a high ratio is legitimate (a page of spaces). */
START_TEST(small_compressible_file_allowed)
{
    size_t n = 512 * 1024;
    unsigned char *spaces = malloc(n);
    memset(spaces, ' ', n);
    blob b = make_zip1("spaces.txt", spaces, n);
    oso_zip_reader *zr = open_ok(&b, NULL);
    ck_assert_uint_gt(oso_zip_reader_entry(zr, 0)->uncompressed_size /
                          oso_zip_reader_entry(zr, 0)->compressed_size,
                      200);
    unsigned char *out;
    size_t len;
    ck_assert_int_eq(oso_zip_extract_mem(zr, 0, &out, &len, NULL), OSO_OK);
    ck_assert_uint_eq(len, n);
    free(out);
    oso_zip_reader_free(zr);
    free(b.data);
    free(spaces);
}
END_TEST

static int stop_sink(void *ctx, const unsigned char *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    (void)len;
    return 7;
}

START_TEST(total_limit_judged_on_declared_sizes)
{
    size_t n = 600000;
    unsigned char *r1 = malloc(n), *r2 = malloc(n);
    for (size_t i = 0; i < n; i++) {
        r1[i] = rnd();
        r2[i] = rnd();
    }
    const char *names[] = {"one.bin", "two.bin"};
    const unsigned char *data[] = {r1, r2};
    size_t lens[] = {n, n};
    blob b = make_zip(2, names, data, lens);
    oso_zip_limits lim = OSO_ZIP_LIMITS_DEFAULT;
    /* Under the limit: each entry extracts, as often as asked, with the same result. */
    lim.max_total_size = 1300000;
    oso_zip_reader *zr = open_ok(&b, &lim);
    for (int round = 0; round < 2; round++) {
        ck_assert_int_eq(oso_zip_extract(zr, 0, NULL, NULL, NULL), OSO_OK);
        ck_assert_int_eq(oso_zip_extract(zr, 1, NULL, NULL, NULL), OSO_OK);
    }
    oso_zip_reader_free(zr);
    /* Over it: refused when opened, whatever would be extracted. */
    lim.max_total_size = 1000000;
    oso_zip_problem p;
    ck_assert_int_eq(oso_zip_reader_open(b.data, b.len, &lim, &zr, &p), OSO_E_LIMIT);
    ck_assert_int_eq(p, OSO_ZIP_TOTAL_TOO_LARGE);
    free(b.data);
    free(r1);
    free(r2);
}
END_TEST

START_TEST(sink_can_stop)
{
    blob b = two_entry_zip();
    oso_zip_reader *zr = open_ok(&b, NULL);
    oso_zip_problem p;
    ck_assert_int_eq(oso_zip_extract(zr, 0, stop_sink, NULL, &p), OSO_E_IO);
    ck_assert_int_eq(p, OSO_ZIP_ABORTED);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "returned 7"));
    oso_zip_reader_free(zr);
    free(b.data);
}
END_TEST

/* ---- the official examples (when present) --------------------------------------------------- */

/* Every attachment either reads completely or is reported truncated; the truncated ones are
 * exactly those whose Base64 lacks an end-of-central-directory record. */
static void check_example(const char *file, size_t want_docs, size_t want_truncated)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", OSO_STANDARD_DIR, file);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return; /* the official examples are optional: skip when absent */
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *xml = malloc((size_t)size + 1);
    ck_assert_uint_eq(fread(xml, 1, (size_t)size, f), (size_t)size);
    xml[size] = '\0';
    fclose(f);
    size_t docs = 0, truncated = 0;
    for (char *p = xml; (p = strstr(p, "<bestandsinhoud>")) != NULL;) {
        p += strlen("<bestandsinhoud>");
        char *end = strstr(p, "</bestandsinhoud>");
        ck_assert_ptr_nonnull(end);
        size_t cap = oso_base64_decoded_max((size_t)(end - p)), len;
        unsigned char *zip = malloc(cap);
        ck_assert_int_eq(oso_base64_decode(p, (size_t)(end - p), zip, cap, &len, NULL), OSO_OK);
        oso_zip_reader *zr;
        oso_zip_problem prob;
        oso_status st = oso_zip_reader_open(zip, len, NULL, &zr, &prob);
        if (st == OSO_OK) {
            ck_assert_uint_gt(oso_zip_reader_count(zr), 0);
            for (size_t i = 0; i < oso_zip_reader_count(zr); i++)
                ck_assert_int_eq(oso_zip_extract(zr, i, NULL, NULL, NULL), OSO_OK);
            oso_zip_reader_free(zr);
        } else {
            ck_assert_int_eq(prob, OSO_ZIP_TRUNCATED);
            truncated++;
        }
        docs++;
        free(zip);
        p = end;
    }
    free(xml);
    ck_assert_uint_eq(docs, want_docs);
    ck_assert_uint_eq(truncated, want_truncated);
}

START_TEST(official_examples)
{
    check_example("Voorbeelddossier_OV_POVO_full.xml", 15, 5);
    check_example("Voorbeelddossier_PaO_POSWV_opt_out.xml", 6, 4);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("zipmem");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, make_bomb, free_bomb);
    tcase_add_test(tc, writer_reader_round_trip);
    tcase_add_test(tc, empty_archive);
    tcase_add_test(tc, directory_entry);
    tcase_add_test(tc, writer_timestamp);
    tcase_add_test(tc, writer_refuses_overlong_name);
    tcase_add_test(tc, writer_free_unfinished);
    tcase_add_loop_test(tc, name_problems, 0, (int)(sizeof name_cases / sizeof name_cases[0]));
    tcase_add_test(tc, reader_flags_unsafe_names);
    tcase_add_test(tc, not_a_zip);
    tcase_add_test(tc, truncated_everywhere);
    tcase_add_test(tc, bytes_removed_in_the_middle);
    tcase_add_test(tc, corrupted_everywhere);
    tcase_add_test(tc, encrypted_entry);
    tcase_add_test(tc, unsupported_method);
    tcase_add_test(tc, local_name_must_match_directory);
    tcase_add_test(tc, local_name_checked_after_prefix);
    tcase_add_test(tc, unextracted_entry_without_local_header);
    tcase_add_test(tc, crc_mismatch);
    tcase_add_test(tc, size_mismatch);
    tcase_add_test(tc, corrupt_deflate_data);
    tcase_add_test(tc, multi_disk);
    tcase_add_test(tc, too_many_entries);
    tcase_add_test(tc, overlapping_entries);
    tcase_add_test(tc, bogus_sizes_and_lengths);
    tcase_add_test(tc, zip64_end_records);
    tcase_add_test(tc, bomb_refused_by_declared_ratio);
    tcase_add_test(tc, bomb_refused_by_declared_size);
    tcase_add_test(tc, lying_bomb_refused_while_inflating);
    tcase_add_test(tc, small_compressible_file_allowed);
    tcase_add_test(tc, total_limit_judged_on_declared_sizes);
    tcase_add_test(tc, sink_can_stop);
    tcase_add_test(tc, official_examples);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
