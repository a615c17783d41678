/* Tests of the codelists module: embedded defaults, file format, overlays, lookups, threads. */
#include "oso/oso.h"

#include <check.h>
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Directory of the official 2019.1 facts (codelists.tsv); the environment may override it. */
#ifndef OSO_STANDARD_DIR
#define OSO_STANDARD_DIR "../shared/oso-2019.1"
#endif
/* The repository's codelists/ directory, the source of the embedded defaults. */
#ifndef OSO_CODELISTS_SRC_DIR
#define OSO_CODELISTS_SRC_DIR "codelists"
#endif

static const int numbered_2019[] = {2,  4,  5,  6,  7,  8,  9,  10, 11, 13, 14,
                                    15, 16, 17, 18, 19, 21, 22, 23, 29, 31, 33,
                                    35, 36, 37, 41, 42, 43, 44, 45, 46, 47, 48};
#define N_NUMBERED (sizeof numbered_2019 / sizeof numbered_2019[0])

#define HEADER14 "# list: 14\n# name: Geslacht\n# version: 2020-01-01\n"
#define HEADER_TOETS "# list: oso-toetscodes\n# name: OSO toetscodelijst\n# version: 2019-01-25\n"

static oso_codelists *defaults(void)
{
    oso_codelists *set = NULL;
    ck_assert_int_eq(oso_codelists_new(&set), OSO_OK);
    ck_assert_ptr_nonnull(set);
    return set;
}

static oso_status load_str(oso_codelists *set, const char *name, const char *text)
{
    return oso_codelists_load_buffer(set, name, text, strlen(text));
}

static const char *meaning_of(const oso_codelists *set, int id, const char *code)
{
    const char *meaning = NULL;
    if (oso_codelist_lookup(oso_codelists_get(set, id), code, strlen(code), &meaning, NULL) !=
        OSO_OK)
        return NULL;
    return meaning;
}

/* ---- the official facts ------------------------------------------------------------------ */

struct fact {
    int list;
    char *code;
    char *meaning;
};

/* Rows of codelists.tsv (list, code, meaning, source), or NULL if the file is absent. */
static struct fact *read_facts(size_t *count)
{
    const char *dir = getenv("OSO_STANDARD_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/codelists.tsv", dir ? dir : OSO_STANDARD_DIR);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "SKIP: %s not found, comparison with the official lists skipped\n", path);
        return NULL;
    }
    struct fact *facts = NULL;
    size_t n = 0, cap = 0;
    char line[1024];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_str_eq(line, "list\tcode\tmeaning\tsource\n");
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '\0')
            continue;
        char *code = strchr(line, '\t');
        ck_assert_ptr_nonnull(code);
        *code++ = '\0';
        char *meaning = strchr(code, '\t');
        ck_assert_ptr_nonnull(meaning);
        *meaning++ = '\0';
        char *source = strchr(meaning, '\t');
        ck_assert_ptr_nonnull(source);
        *source = '\0';
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            facts = realloc(facts, cap * sizeof *facts);
            ck_assert_ptr_nonnull(facts);
        }
        facts[n].list = atoi(line);
        facts[n].code = strdup(code);
        facts[n].meaning = strdup(meaning);
        n++;
    }
    fclose(f);
    *count = n;
    return facts;
}

static void free_facts(struct fact *facts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(facts[i].code);
        free(facts[i].meaning);
    }
    free(facts);
}

START_TEST(test_defaults_metadata)
{
    oso_codelists *set = defaults();
    ck_assert_uint_eq(oso_codelists_count(set), N_NUMBERED);
    for (size_t i = 0; i < N_NUMBERED; i++) {
        const oso_codelist *cl = oso_codelists_at(set, i);
        ck_assert_ptr_nonnull(cl);
        ck_assert_int_eq(oso_codelist_id(cl), numbered_2019[i]);
        ck_assert_ptr_eq(oso_codelists_get(set, numbered_2019[i]), cl);
        ck_assert_int_eq(oso_codelist_number(cl), numbered_2019[i]);
        ck_assert_int_eq(oso_codelist_is_external(cl), 0);
        ck_assert_str_eq(oso_codelist_version(cl), "2018-11-15");
        ck_assert_uint_gt(strlen(oso_codelist_source(cl)), 0);
        ck_assert_uint_gt(oso_codelist_size(cl), 0);
        ck_assert_int_eq(strncmp(oso_codelist_origin(cl), "embedded:", 9), 0);
    }
    ck_assert_ptr_null(oso_codelists_at(set, N_NUMBERED));
    const oso_codelist *cl = oso_codelists_get(set, 14);
    ck_assert_str_eq(oso_codelist_key(cl), "14");
    ck_assert_str_eq(oso_codelist_rule(cl), "CL14");
    ck_assert_str_eq(oso_codelist_name(cl), "Geslacht");
    ck_assert_str_eq(oso_codelist_origin(cl), "embedded:14-geslacht.tsv");
    ck_assert_str_eq(oso_codelist_name(oso_codelists_get(set, 19)), "Soort adres");
    ck_assert_ptr_null(oso_codelists_get(set, 1));
    ck_assert_ptr_null(oso_codelists_get(set, 3));
    ck_assert_ptr_null(oso_codelists_get(set, OSO_CODELIST_GBA_LANDEN));
    ck_assert_ptr_null(oso_codelists_get(set, OSO_CODELIST_OSO_TOETSCODES));
    ck_assert_int_eq(oso_codelists_error_location(set, NULL, NULL), OSO_E_NOT_FOUND);
    oso_codelists_free(set);
}
END_TEST

START_TEST(test_defaults_match_official)
{
    size_t n = 0;
    struct fact *facts = read_facts(&n);
    if (facts == NULL)
        return;
    ck_assert_uint_eq(n, 234);
    oso_codelists *set = defaults();
    size_t lists = 0;
    size_t index = 0; /* position of the current row within its list */
    for (size_t i = 0; i < n; i++) {
        const oso_codelist *cl = oso_codelists_get(set, facts[i].list);
        ck_assert_msg(cl != NULL, "list %d missing", facts[i].list);
        if (i == 0 || facts[i].list != facts[i - 1].list) {
            lists++;
            index = 0;
        }
        const char *meaning = NULL;
        unsigned int flags = 99;
        ck_assert_msg(oso_codelist_lookup(cl, facts[i].code, strlen(facts[i].code), &meaning,
                                          &flags) == OSO_OK,
                      "list %d lacks code '%s'", facts[i].list, facts[i].code);
        ck_assert_str_eq(meaning, facts[i].meaning);
        ck_assert_uint_eq(flags, 0);
        /* Same order as the official list. */
        const char *code = NULL;
        ck_assert_int_eq(oso_codelist_entry(cl, index++, &code, NULL, NULL), OSO_OK);
        ck_assert_str_eq(code, facts[i].code);
        if (i + 1 == n || facts[i + 1].list != facts[i].list)
            ck_assert_msg(oso_codelist_size(cl) == index, "list %d has %zu codes, expected %zu",
                          facts[i].list, oso_codelist_size(cl), index);
    }
    ck_assert_uint_eq(lists, oso_codelists_count(set));
    oso_codelists_free(set);
    free_facts(facts, n);
}
END_TEST

/* Loading the committed files at run time gives exactly the lists built into the library
 * (parsed at build time): same headers, codes, meanings and flags, and every code found. */
START_TEST(test_source_files_equal_embedded)
{
    oso_codelists *embedded = defaults();
    oso_codelists *loaded = defaults();
    ck_assert_int_eq(oso_codelists_load_dir(loaded, OSO_CODELISTS_SRC_DIR), OSO_OK);
    ck_assert_uint_eq(oso_codelists_count(loaded), oso_codelists_count(embedded));
    for (size_t i = 0; i < oso_codelists_count(embedded); i++) {
        const oso_codelist *a = oso_codelists_at(embedded, i);
        const oso_codelist *b = oso_codelists_at(loaded, i);
        ck_assert_int_eq(oso_codelist_id(a), oso_codelist_id(b));
        ck_assert_str_eq(oso_codelist_name(a), oso_codelist_name(b));
        ck_assert_str_eq(oso_codelist_version(a), oso_codelist_version(b));
        ck_assert_str_eq(oso_codelist_source(a), oso_codelist_source(b));
        ck_assert_str_ne(oso_codelist_origin(a), oso_codelist_origin(b));
        ck_assert_uint_eq(oso_codelist_size(a), oso_codelist_size(b));
        ck_assert_str_eq(oso_codelist_key(a), oso_codelist_key(b));
        ck_assert_str_eq(oso_codelist_rule(a), oso_codelist_rule(b));
        for (size_t k = 0; k < oso_codelist_size(a); k++) {
            const char *ca, *cb, *ma, *mb, *found;
            unsigned int fa, fb, ff;
            ck_assert_int_eq(oso_codelist_entry(a, k, &ca, &ma, &fa), OSO_OK);
            ck_assert_int_eq(oso_codelist_entry(b, k, &cb, &mb, &fb), OSO_OK);
            ck_assert_str_eq(ca, cb);
            ck_assert_str_eq(ma, mb);
            ck_assert_uint_eq(fa, fb);
            ck_assert_int_eq(oso_codelist_lookup(a, ca, strlen(ca), &found, &ff), OSO_OK);
            ck_assert_str_eq(found, ma);
            ck_assert_uint_eq(ff, fa);
            char other[80]; /* a code with a control character after it is no code */
            snprintf(other, sizeof other, "%s\x01", ca);
            ck_assert_int_eq(oso_codelist_contains(a, other, strlen(other)), 0);
        }
    }
    oso_codelists_free(embedded);
    oso_codelists_free(loaded);
}
END_TEST

/* ---- raw byte comparison ------------------------------------------------------------------ */

static int is_code(const oso_codelist *cl, const char *s, size_t len)
{
    for (size_t k = 0; k < oso_codelist_size(cl); k++) {
        const char *code;
        oso_codelist_entry(cl, k, &code, NULL, NULL);
        if (strlen(code) == len && memcmp(code, s, len) == 0)
            return 1;
    }
    return 0;
}

START_TEST(test_variants_are_not_members)
{
    oso_codelists *set = defaults();
    size_t checked = 0;
    for (size_t i = 0; i < oso_codelists_count(set); i++) {
        const oso_codelist *cl = oso_codelists_at(set, i);
        ck_assert_int_eq(oso_codelist_contains(cl, "", 0), 0);
        ck_assert_int_eq(oso_codelist_contains(cl, NULL, 0), 0);
        for (size_t k = 0; k < oso_codelist_size(cl); k++) {
            const char *code;
            ck_assert_int_eq(oso_codelist_entry(cl, k, &code, NULL, NULL), OSO_OK);
            size_t len = strlen(code);
            ck_assert(oso_codelist_contains(cl, code, len));
            char variants[12][96];
            size_t lens[12];
            int nv = 0;
            snprintf(variants[nv++], 96, " %s", code);
            snprintf(variants[nv++], 96, "%s ", code);
            snprintf(variants[nv++], 96, "%s\t", code);
            snprintf(variants[nv++], 96, "%s\n", code);
            snprintf(variants[nv++], 96, "\n%s", code);
            snprintf(variants[nv++], 96, "0%s", code);
            snprintf(variants[nv++], 96, "+%s", code);
            snprintf(variants[nv++], 96, "%s\xC2\xA0", code);
            for (int v = 0; v < nv; v++)
                lens[v] = strlen(variants[v]);
            /* Upper and lower case. */
            for (int c = 0; c < 2; c++, nv++) {
                for (size_t b = 0; b <= len; b++)
                    variants[nv][b] = (char)(c ? toupper((unsigned char)code[b])
                                               : tolower((unsigned char)code[b]));
                lens[nv] = len;
            }
            /* The code followed by a NUL byte, and the code minus its last byte. */
            memcpy(variants[nv], code, len + 1);
            lens[nv++] = len + 1;
            memcpy(variants[nv], code, len);
            lens[nv++] = len - 1;
            for (int v = 0; v < nv; v++) {
                if (is_code(cl, variants[v], lens[v]))
                    continue; /* e.g. a prefix that happens to be another code */
                ck_assert_msg(!oso_codelist_contains(cl, variants[v], lens[v]),
                              "list %s: variant %d of '%s' accepted", oso_codelist_key(cl), v,
                              code);
                ck_assert_int_eq(oso_codelist_lookup(cl, variants[v], lens[v], NULL, NULL),
                                 OSO_E_NOT_FOUND);
                checked++;
            }
        }
    }
    ck_assert_uint_gt(checked, 2000);
    /* Spot checks named in RULES.md a.3. */
    const oso_codelist *l14 = oso_codelists_get(set, 14);
    ck_assert(!oso_codelist_contains(l14, " 2", 2));
    ck_assert(!oso_codelist_contains(l14, "02", 2));
    ck_assert(!oso_codelist_contains(l14, "+2", 2));
    ck_assert(oso_codelist_contains(l14, "2", 1));
    const oso_codelist *l48 = oso_codelists_get(set, 48);
    ck_assert(!oso_codelist_contains(l48, "VERBODEN ", 9));
    ck_assert(!oso_codelist_contains(l48, "verboden", 8));
    ck_assert(oso_codelist_contains(l48, "VERBODEN", 8));
    ck_assert(oso_codelist_contains(l48, "VERBODEN!", 8)); /* length decides, not the NUL */
    oso_codelists_free(set);
}
END_TEST

/* ---- overlays ----------------------------------------------------------------------------- */

START_TEST(test_overlay_replaces_whole_list)
{
    oso_codelists *set = defaults();
    size_t size2 = oso_codelist_size(oso_codelists_get(set, 2));
    ck_assert_int_eq(load_str(set, "new14.tsv", HEADER14 "M\tMan\nV\tVrouw\nX\t\n"), OSO_OK);
    const oso_codelist *cl = oso_codelists_get(set, 14);
    ck_assert_uint_eq(oso_codelist_size(cl), 3);
    ck_assert_str_eq(oso_codelist_version(cl), "2020-01-01");
    ck_assert_str_eq(oso_codelist_origin(cl), "new14.tsv");
    ck_assert_str_eq(oso_codelist_source(cl), "");
    ck_assert(oso_codelist_contains(cl, "M", 1));
    ck_assert_str_eq(meaning_of(set, 14, "X"), "");
    for (const char *old = "012"; *old; old++)
        ck_assert_msg(!oso_codelist_contains(cl, old, 1), "old code %c kept", *old);
    /* Other lists are untouched; the count stays. */
    ck_assert_uint_eq(oso_codelist_size(oso_codelists_get(set, 2)), size2);
    ck_assert_uint_eq(oso_codelists_count(set), N_NUMBERED);
    /* A list number unknown to 2019.1 is added, in id order. */
    ck_assert_int_eq(load_str(set, "49.tsv", "# list: 049\n# name: Nieuw\n# version: 2021-02-03\n"
                                             "a\tA\n"),
                     OSO_OK);
    ck_assert_uint_eq(oso_codelists_count(set), N_NUMBERED + 1);
    ck_assert_int_eq(oso_codelist_id(oso_codelists_at(set, N_NUMBERED)), 49);
    ck_assert_str_eq(oso_codelist_rule(oso_codelists_get(set, 49)), "CL49");
    oso_codelists_free(set);
}
END_TEST

START_TEST(test_crlf_bom_comments)
{
    oso_codelists *set = defaults();
    const char *text = "\xEF\xBB\xBF# list: 14\r\n"
                       "#name:   Geslacht (nieuw)  \r\n"
                       "# a free comment, not a field\r\n"
                       "# unknown-field: ignored\r\n"
                       "# version: 2020-02-29\r\n"
                       "\r\n"
                       "0\tOnbekend\r\n"
                       "# comment between codes\r\n"
                       "\n"
                       "1\tVrouw \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\n"
                       "2\tMan"; /* no final line end */
    ck_assert_int_eq(load_str(set, "crlf.tsv", text), OSO_OK);
    const oso_codelist *cl = oso_codelists_get(set, 14);
    ck_assert_str_eq(oso_codelist_name(cl), "Geslacht (nieuw)");
    ck_assert_uint_eq(oso_codelist_size(cl), 3);
    ck_assert_str_eq(meaning_of(set, 14, "0"), "Onbekend");
    ck_assert_str_eq(meaning_of(set, 14, "1"), "Vrouw \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    ck_assert_str_eq(meaning_of(set, 14, "2"), "Man");
    oso_codelists_free(set);
}
END_TEST

/* ---- malformed files ---------------------------------------------------------------------- */

struct bad_case {
    const char *text;
    size_t size; /* 0: strlen(text) */
    size_t line;
    const char *reason;
};

static const struct bad_case bad_cases[] = {
    {HEADER14 "0\tOnbekend\n1 Vrouw\n", 0, 5, "missing TAB between code and meaning"},
    {HEADER14 "0\tOnbekend\n\tVrouw\n", 0, 5, "empty code"},
    {HEADER14 "0\tOnbekend\n1\tVrouw\n0\tweer\n", 0, 6, "duplicate code '0' (first on line 4)"},
    {HEADER14 "0\tOnbekend\n1 \tVrouw\n", 0, 5, "trailing whitespace in code '1 '"},
    {HEADER14 "0\tOnbekend\n 1\tVrouw\n", 0, 5, "leading whitespace in code ' 1'"},
    {HEADER14 "1\xC2\xA0\tVrouw\n", 0, 4, "trailing whitespace in code"},
    {HEADER14 "1\tVrouw \n", 0, 4, "leading or trailing whitespace in the meaning of code '1'"},
    {HEADER14 "1\tVrouw\tx\ty\n", 0, 4, "too many TABs"},
    {HEADER14 "0\tOnbekend\n1\tVr\xC3w\n", 0, 5, "invalid UTF-8 at byte 5 of the line"},
    {HEADER14 "1\t\xC0\xAF\n", 0, 4, "invalid UTF-8"},       /* overlong */
    {HEADER14 "1\t\xED\xA0\x80\n", 0, 4, "invalid UTF-8"},   /* surrogate */
    {HEADER14 "1\t\xF4\x90\x80\x80\n", 0, 4, "invalid UTF-8"}, /* past U+10FFFF */
    {HEADER14 "1\tVrouw\xE2\x82", 0, 4, "invalid UTF-8"},    /* truncated at the end */
    {"# list: 14\n# name: G\xFF\n", 0, 2, "invalid UTF-8"},
    {HEADER14 "1\tVr\x01ouw\n", 0, 4, "control character U+0001"},
    {HEADER14 "1\rx\tVrouw\n", 0, 4, "control character U+000D"},
    {HEADER14 "1\tVr\0uw\n", sizeof HEADER14 "1\tVr\0uw\n" - 1, 4, "control character U+0000"},
    {HEADER14 "1\tVrouw\tonderdeel=yes\n", 0, 4, "only defined for list oso-toetscodes"},
    {"# name: Geslacht\n# version: 2020-01-01\n0\tOnbekend\n", 0, 3,
     "header field 'list' missing"},
    {"# list: 14\n# version: 2020-01-01\n0\tOnbekend\n", 0, 3, "header field 'name' missing"},
    {"# list: 14\n# name: G\n\n0\tOnbekend\n", 0, 4, "header field 'version' missing"},
    {"# list: 14\n# name: G\n# version: 2020-13-01\n0\tx\n", 0, 3,
     "version '2020-13-01' is not a date YYYY-MM-DD"},
    {"# list: 14\n# name: G\n# version: 2019-02-29\n0\tx\n", 0, 3, "is not a date"},
    {"# list: 14\n# name: G\n# version: 15-11-2018\n0\tx\n", 0, 3, "is not a date"},
    {"# list: geslacht\n", 0, 1, "unknown list 'geslacht'"},
    {"# list: 0\n", 0, 1, "unknown list '0'"},
    {"# list: 1000\n", 0, 1, "unknown list '1000'"},
    {"# list: CL14\n", 0, 1, "unknown list 'CL14'"},
    {"# list: 14\n# list: 15\n", 0, 2, "duplicate header field 'list' (first on line 1)"},
    {"# list: 14\n# name:\n", 0, 2, "empty header field 'name'"},
    {HEADER14 "0\tOnbekend\n# version: 2021-01-01\n", 0, 5,
     "header field 'version' after the first code"},
    {HEADER14, 0, 3, "the list has no codes"},
    {HEADER14 "\n# only comments\n", 0, 5, "the list has no codes"},
    {"", 0, 1, "header field 'list' missing"},
};

START_TEST(test_malformed)
{
    const struct bad_case *bc = &bad_cases[_i];
    oso_codelists *set = defaults();
    size_t size = bc->size ? bc->size : strlen(bc->text);
    oso_error_clear();
    ck_assert_int_eq(oso_codelists_load_buffer(set, "codelists/14.tsv", bc->text, size),
                     OSO_E_CODELIST_FORMAT);
    ck_assert_int_eq(oso_error_last_status(), OSO_E_CODELIST_FORMAT);
    const char *file = NULL;
    size_t line = 0;
    ck_assert_int_eq(oso_codelists_error_location(set, &file, &line), OSO_OK);
    ck_assert_str_eq(file, "codelists/14.tsv");
    ck_assert_msg(line == bc->line, "case %d: line %zu, expected %zu (%s)", _i, line, bc->line,
                  oso_error_last());
    char prefix[64];
    snprintf(prefix, sizeof prefix, "codelists/14.tsv:%zu: ", bc->line);
    ck_assert_msg(strncmp(oso_error_last(), prefix, strlen(prefix)) == 0 &&
                      strstr(oso_error_last(), bc->reason) != NULL,
                  "case %d: message '%s', expected '%s...%s'", _i, oso_error_last(), prefix,
                  bc->reason);
    /* A failed load leaves the set as it was. */
    ck_assert_str_eq(meaning_of(set, 14, "0"), "Onbekend");
    ck_assert_str_eq(oso_codelist_version(oso_codelists_get(set, 14)), "2018-11-15");
    /* A later successful load forgets the location. */
    ck_assert_int_eq(load_str(set, "ok.tsv", HEADER14 "0\tOnbekend\n"), OSO_OK);
    ck_assert_int_eq(oso_codelists_error_location(set, &file, &line), OSO_E_NOT_FOUND);
    oso_codelists_free(set);
}
END_TEST

/* Many codes: the index grows while parsing, and duplicates are found where they occur. */
START_TEST(test_large_list)
{
    enum { N = 5000 };
    size_t cap = N * 48 + 128, len = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    len += (size_t)snprintf(text, cap, "%s", HEADER_TOETS);
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len, "T%05d\tToets %d\tonderdeel=%s\n", i, i,
                                i % 2 ? "yes" : "no");
    oso_codelists *set = defaults();
    ck_assert_int_eq(oso_codelists_load_buffer(set, "big", text, len), OSO_OK);
    const oso_codelist *cl = oso_codelists_get(set, OSO_CODELIST_OSO_TOETSCODES);
    ck_assert_uint_eq(oso_codelist_size(cl), N);
    for (int i = 0; i < N; i++) {
        char code[16];
        unsigned int flags;
        snprintf(code, sizeof code, "T%05d", i);
        ck_assert_int_eq(oso_codelist_lookup(cl, code, 6, NULL, &flags), OSO_OK);
        ck_assert_uint_eq(flags, i % 2 ? OSO_CODE_ONDERDEEL : 0);
        snprintf(code, sizeof code, "T%05d", i + N);
        ck_assert(!oso_codelist_contains(cl, code, 6));
    }
    /* A duplicate on line 3004, then a line without TAB: the earlier problem is reported. */
    memcpy(strstr(text, "T03000\t"), "T00001", 6);
    memcpy(strstr(text, "T04000\t"), "T04000 ", 7);
    ck_assert_int_eq(oso_codelists_load_buffer(set, "big", text, len), OSO_E_CODELIST_FORMAT);
    ck_assert_str_eq(oso_error_last(), "big:3004: duplicate code 'T00001' (first on line 5)");
    oso_codelists_free(set);
    free(text);
}
END_TEST

/* ---- external tables ---------------------------------------------------------------------- */

START_TEST(test_toets_table)
{
    oso_codelists *set = defaults();
    ck_assert_int_eq(load_str(set, "toets.tsv",
                              HEADER_TOETS "# source: OSO_toetscodes_POVO_20190125.xls\n"
                                           "CET2019\tCentrale Eindtoets 2019\tonderdeel=no\n"
                                           "CET2019-TL\tTaal\tonderdeel=yes\n"
                                           "CET2019-RK\tRekenen\tonderdeel=yes\n"
                                           "IEP\t\tonderdeel=no\n"),
                     OSO_OK);
    const oso_codelist *cl = oso_codelists_get(set, OSO_CODELIST_OSO_TOETSCODES);
    ck_assert_ptr_nonnull(cl);
    ck_assert_str_eq(oso_codelist_key(cl), "oso-toetscodes");
    ck_assert_str_eq(oso_codelist_rule(cl), "CL.oso-toetscodes");
    ck_assert_int_eq(oso_codelist_number(cl), 0);
    ck_assert_int_eq(oso_codelist_is_external(cl), 1);
    ck_assert_str_eq(oso_codelist_source(cl), "OSO_toetscodes_POVO_20190125.xls");
    ck_assert_uint_eq(oso_codelists_count(set), N_NUMBERED + 1);
    ck_assert_ptr_eq(oso_codelists_at(set, N_NUMBERED), cl); /* external ids sort last */
    unsigned int flags = 99;
    const char *meaning = NULL;
    ck_assert_int_eq(oso_codelist_lookup(cl, "CET2019", 7, &meaning, &flags), OSO_OK);
    ck_assert_str_eq(meaning, "Centrale Eindtoets 2019");
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(oso_codelist_lookup(cl, "CET2019-RK", 10, NULL, &flags), OSO_OK);
    ck_assert_uint_eq(flags, OSO_CODE_ONDERDEEL);
    ck_assert_int_eq(oso_codelist_entry(cl, 3, NULL, &meaning, &flags), OSO_OK);
    ck_assert_str_eq(meaning, "");
    ck_assert_uint_eq(flags, 0);
    ck_assert_int_eq(oso_codelist_entry(cl, 4, NULL, NULL, NULL), OSO_E_NOT_FOUND);

    /* Every code needs its flag, spelt exactly. */
    static const struct {
        const char *line;
        const char *reason;
    } bad[] = {
        {"X\tx\n", "missing flags column"},
        {"X\tx\t\n", "empty flags column"},
        {"X\tx\tonderdeel=ja\n", "unknown flag 'onderdeel=ja'"},
        {"X\tx\tonderdeel\n", "unknown flag 'onderdeel'"},
        {"X\tx\tOnderdeel=yes\n", "unknown flag"},
        {"X\tx\tonderdeel=yes,onderdeel=no\n", "flag 'onderdeel' given twice"},
        {"X\tx\tonderdeel=yes,\n", "unknown flag ''"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s%s", HEADER_TOETS, bad[i].line);
        ck_assert_int_eq(load_str(set, "t.tsv", text), OSO_E_CODELIST_FORMAT);
        ck_assert_msg(strstr(oso_error_last(), "t.tsv:4: ") == oso_error_last() &&
                          strstr(oso_error_last(), bad[i].reason) != NULL,
                      "'%s' gave '%s'", bad[i].line, oso_error_last());
    }
    ck_assert_uint_eq(oso_codelist_size(oso_codelists_get(set, OSO_CODELIST_OSO_TOETSCODES)), 4);
    oso_codelists_free(set);
}
END_TEST

START_TEST(test_gba_and_duo_tables)
{
    static const struct {
        int id;
        const char *key;
    } tables[] = {
        {OSO_CODELIST_GBA_NATIONALITEITEN, "gba-nationaliteiten"},
        {OSO_CODELIST_GBA_LANDEN, "gba-landen"},
        {OSO_CODELIST_DUO_ELEMENTCODES, "duo-elementcodes"},
        {OSO_CODELIST_DUO_VAKCODES, "duo-vakcodes"},
    };
    oso_codelists *set = defaults();
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char text[256], rule[OSO_CODELIST_RULE_MAX];
        snprintf(text, sizeof text, "# list: %s\n# name: T\n# version: 2019-01-01\n0001\tA\n",
                 tables[i].key);
        ck_assert_int_eq(load_str(set, tables[i].key, text), OSO_OK);
        const oso_codelist *cl = oso_codelists_get(set, tables[i].id);
        ck_assert_ptr_nonnull(cl);
        ck_assert_str_eq(oso_codelist_key(cl), tables[i].key);
        snprintf(rule, sizeof rule, "CL.%s", tables[i].key);
        ck_assert_str_eq(oso_codelist_rule(cl), rule);
        ck_assert(oso_codelist_contains(cl, "0001", 4));
        ck_assert(!oso_codelist_contains(cl, "1", 1));
    }
    ck_assert_uint_eq(oso_codelists_count(set), N_NUMBERED + 4);
    oso_codelists_free(set);
}
END_TEST

START_TEST(test_keys_and_rule_ids)
{
    static const struct {
        const char *text;
        int id; /* 0: not found */
    } keys[] = {
        {"14", 14},         {"014", 14},       {"CL14", 14},
        {"2", 2},           {"999", 999},      {"gba-landen", OSO_CODELIST_GBA_LANDEN},
        {"CL.gba-landen", OSO_CODELIST_GBA_LANDEN},
        {"oso-toetscodes", OSO_CODELIST_OSO_TOETSCODES},
        {"duo-vakcodes", OSO_CODELIST_DUO_VAKCODES},
        {"duo-elementcodes", OSO_CODELIST_DUO_ELEMENTCODES},
        {"gba-nationaliteiten", OSO_CODELIST_GBA_NATIONALITEITEN},
        {"0", 0},           {"1000", 0},       {"99999999999999999999", 0},
        {"", 0},            {"14 ", 0},        {" 14", 0},
        {"-1", 0},          {"CL", 0},         {"CL.", 0},
        {"CL.14", 0},       {"cl14", 0},       {"GBA-LANDEN", 0},
        {"1034", 0},        {"gba-landen ", 0}, {"CLgba-landen", 0},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int id = -1;
        oso_status st = oso_codelist_parse_key(keys[i].text, &id);
        if (keys[i].id == 0) {
            ck_assert_msg(st == OSO_E_NOT_FOUND, "'%s' accepted", keys[i].text);
        } else {
            ck_assert_msg(st == OSO_OK && id == keys[i].id, "'%s' gave %d", keys[i].text, id);
        }
    }
    ck_assert_int_eq(oso_codelist_parse_key(NULL, NULL), OSO_E_INVALID_ARG);

    char buf[OSO_CODELIST_RULE_MAX];
    ck_assert_int_eq(oso_codelist_rule_id(14, buf, sizeof buf), OSO_OK);
    ck_assert_str_eq(buf, "CL14");
    ck_assert_int_eq(oso_codelist_rule_id(48, buf, sizeof buf), OSO_OK);
    ck_assert_str_eq(buf, "CL48");
    ck_assert_int_eq(oso_codelist_rule_id(OSO_CODELIST_GBA_NATIONALITEITEN, buf, sizeof buf),
                     OSO_OK);
    ck_assert_str_eq(buf, "CL.gba-nationaliteiten");
    ck_assert_int_eq(oso_codelist_rule_id(0, buf, sizeof buf), OSO_E_NOT_FOUND);
    ck_assert_int_eq(oso_codelist_rule_id(1000, buf, sizeof buf), OSO_E_NOT_FOUND);
    ck_assert_int_eq(oso_codelist_rule_id(14, buf, 4), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelist_rule_id(14, NULL, 0), OSO_E_INVALID_ARG);
    ck_assert_str_eq(oso_codelist_external_key(OSO_CODELIST_GBA_LANDEN), "gba-landen");
    ck_assert_ptr_null(oso_codelist_external_key(14));
}
END_TEST

START_TEST(test_bad_arguments)
{
    oso_codelists *set = defaults();
    ck_assert_int_eq(oso_codelists_new(NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelists_load_dir(NULL, "x"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelists_load_dir(set, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelists_load_file(set, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelists_load_buffer(set, "x", NULL, 3), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelists_load_buffer(set, NULL, NULL, 0), OSO_E_CODELIST_FORMAT);
    ck_assert_int_eq(strncmp(oso_error_last(), "<buffer>:1: ", 12), 0);
    ck_assert_int_eq(oso_codelist_lookup(NULL, "0", 1, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelist_entry(NULL, 0, NULL, NULL, NULL), OSO_E_INVALID_ARG);
    const oso_codelist *cl = oso_codelists_get(set, 14);
    ck_assert_int_eq(oso_codelist_lookup(cl, NULL, 1, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_codelist_lookup(cl, "7", 1, NULL, NULL), OSO_E_NOT_FOUND);
    ck_assert_str_eq(oso_error_last(), "'7' is not a code of list 14 (Geslacht)");
    ck_assert_int_eq(oso_codelist_contains(NULL, "0", 1), 0);
    ck_assert_ptr_null(oso_codelists_get(NULL, 14));
    ck_assert_uint_eq(oso_codelists_count(NULL), 0);
    oso_codelists_free(NULL);
    oso_codelists_free(set);
}
END_TEST

/* ---- directories and files ---------------------------------------------------------------- */

static char tmpdir[256];

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void remove_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    ck_assert_int_eq(remove(path), 0);
}

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/oso-codelists-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

START_TEST(test_load_dir)
{
    make_tmpdir();
    write_file("a-geslacht.tsv", HEADER14 "M\tMan\nV\tVrouw\n");
    write_file("b-landen.tsv", "# list: gba-landen\n# name: Landentabel\n# version: 2019-01-01\n"
                               "6030\tNederland\n5010\tBelgi\xC3\xAB\n");
    write_file("notes.txt", "not a list\n");
    write_file(".hidden.tsv", "not a list either\n");
    write_file("c.tsv.bak", "nor this\n");
    char sub[512];
    snprintf(sub, sizeof sub, "%s/sub.tsv", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);

    oso_codelists *set = defaults();
    ck_assert_int_eq(oso_codelists_load_dir(set, tmpdir), OSO_OK);
    ck_assert_uint_eq(oso_codelists_count(set), N_NUMBERED + 1);
    ck_assert(oso_codelist_contains(oso_codelists_get(set, 14), "V", 1));
    ck_assert(!oso_codelist_contains(oso_codelists_get(set, 14), "1", 1));
    const oso_codelist *landen = oso_codelists_get(set, OSO_CODELIST_GBA_LANDEN);
    ck_assert_str_eq(meaning_of(set, OSO_CODELIST_GBA_LANDEN, "5010"), "Belgi\xC3\xAB");
    char expect[600];
    snprintf(expect, sizeof expect, "%s/b-landen.tsv", tmpdir);
    ck_assert_str_eq(oso_codelist_origin(landen), expect);

    /* A trailing slash is not doubled in file names. */
    char slash[300];
    snprintf(slash, sizeof slash, "%s/", tmpdir);
    write_file("c-bad.tsv", HEADER14 "0\tOnbekend\n1 \tVrouw\n");
    oso_codelists *fresh = defaults();
    ck_assert_int_eq(oso_codelists_load_dir(fresh, slash), OSO_E_CODELIST_FORMAT);
    snprintf(expect, sizeof expect, "%s/c-bad.tsv:5: trailing whitespace in code '1 '", tmpdir);
    ck_assert_str_eq(oso_error_last(), expect);
    const char *file;
    size_t line;
    ck_assert_int_eq(oso_codelists_error_location(fresh, &file, &line), OSO_OK);
    snprintf(expect, sizeof expect, "%s/c-bad.tsv", tmpdir);
    ck_assert_str_eq(file, expect);
    ck_assert_uint_eq(line, 5);
    /* All or nothing: a-geslacht.tsv, read before the bad file, was not applied. */
    ck_assert(oso_codelist_contains(oso_codelists_get(fresh, 14), "1", 1));
    ck_assert_ptr_null(oso_codelists_get(fresh, OSO_CODELIST_GBA_LANDEN));
    remove_file("c-bad.tsv");

    /* Two files defining the same list. */
    write_file("d-geslacht.tsv", HEADER14 "X\tx\n");
    ck_assert_int_eq(oso_codelists_load_dir(fresh, tmpdir), OSO_E_CODELIST_FORMAT);
    snprintf(expect, sizeof expect,
             "%s/d-geslacht.tsv:1: list 14 is already defined by %s/a-geslacht.tsv", tmpdir,
             tmpdir);
    ck_assert_str_eq(oso_error_last(), expect);
    remove_file("d-geslacht.tsv");

    /* Single files. */
    snprintf(expect, sizeof expect, "%s/a-geslacht.tsv", tmpdir);
    ck_assert_int_eq(oso_codelists_load_file(fresh, expect), OSO_OK);
    ck_assert(oso_codelist_contains(oso_codelists_get(fresh, 14), "M", 1));
    ck_assert_int_eq(oso_codelists_load_file(fresh, sub), OSO_E_IO);
    snprintf(expect, sizeof expect, "%s/missing.tsv", tmpdir);
    ck_assert_int_eq(oso_codelists_load_file(fresh, expect), OSO_E_IO);
    ck_assert_int_eq(oso_codelists_error_location(fresh, &file, &line), OSO_OK);
    ck_assert_str_eq(file, expect);
    ck_assert_uint_eq(line, 0);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "missing.tsv: cannot open: "));

    /* Missing directory. */
    snprintf(expect, sizeof expect, "%s/nodir", tmpdir);
    ck_assert_int_eq(oso_codelists_load_dir(fresh, expect), OSO_E_IO);
    ck_assert_ptr_nonnull(strstr(oso_error_last(), "nodir: cannot open directory: "));

    /* An empty directory (no *.tsv) changes nothing. */
    ck_assert_int_eq(oso_codelists_load_dir(fresh, sub), OSO_OK);

    oso_codelists_free(fresh);
    oso_codelists_free(set);
    ck_assert_int_eq(rmdir(sub), 0);
    remove_file("a-geslacht.tsv");
    remove_file("b-landen.tsv");
    remove_file("notes.txt");
    remove_file(".hidden.tsv");
    remove_file("c.tsv.bak");
    ck_assert_int_eq(rmdir(tmpdir), 0);
}
END_TEST

/* ---- size caps ---------------------------------------------------------------------------- */

/* HEADER14, a code, then a line `code<TAB>meaning` of exactly `line_len` bytes ending in `end`. */
static char *list_with_line(size_t line_len, const char *end, size_t *len)
{
    size_t head = strlen(HEADER14 "0\tOnbekend\n");
    char *text = malloc(head + line_len + 3);
    ck_assert_ptr_nonnull(text);
    memcpy(text, HEADER14 "0\tOnbekend\n", head);
    memcpy(text + head, "1\t", 2);
    memset(text + head + 2, 'x', line_len - 2);
    strcpy(text + head + line_len, end);
    *len = head + line_len + strlen(end);
    return text;
}

static long peak_mib(void)
{
    struct rusage u;
    ck_assert_int_eq(getrusage(RUSAGE_SELF, &u), 0);
    return u.ru_maxrss / 1024;
}

/* Codelist files had no size cap: one 1 GiB line was read whole (2 GB of memory) before it was
 * judged. Lines are capped at 64 KiB and files at 16 MiB (doc/codelists.md), checked while
 * reading, with the file and line in the error. */
START_TEST(test_size_caps)
{
    make_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/14.tsv", tmpdir);
    oso_codelists *set = defaults();
    const char *file;
    size_t line, len;
    /* A line of 64 KiB passes (also with CRLF), one byte more does not: file and buffer. */
    static const char *const ends[] = {"\n", "\r\n", ""};
    for (int e = 0; e < 3; e++)
        for (size_t n = 64 << 10; n <= (64 << 10) + 1; n++) {
            char *text = list_with_line(n, ends[e], &len);
            write_file("14.tsv", text);
            oso_status want = n == 64 << 10 ? OSO_OK : OSO_E_LIMIT;
            ck_assert_int_eq(oso_codelists_load_buffer(set, path, text, len), want);
            ck_assert_int_eq(oso_codelists_load_file(set, path), want);
            if (want != OSO_OK) {
                ck_assert_int_eq(oso_codelists_error_location(set, &file, &line), OSO_OK);
                ck_assert_str_eq(file, path);
                ck_assert_uint_eq(line, 5);
                char expect[600];
                snprintf(expect, sizeof expect,
                         "%s:5: line longer than 64 KiB (the limit for a codelist line)", path);
                ck_assert_str_eq(oso_error_last(), expect);
            }
            free(text);
        }
    /* One 1 GiB line (a sparse file; with and without a TAB): refused without reading it. */
    for (int tab = 0; tab < 2; tab++) {
        write_file("14.tsv", tab ? HEADER14 "0\tOnbekend\n1\t" : HEADER14 "0\tOnbekend\n1");
        ck_assert_int_eq(truncate(path, (off_t)1 << 30), 0);
        ck_assert_int_eq(oso_codelists_load_file(set, path), OSO_E_LIMIT);
        char expect[600];
        snprintf(expect, sizeof expect,
                 "%s: file larger than 16 MiB (the limit for a codelist file)", path);
        ck_assert_str_eq(oso_error_last(), expect);
        ck_assert_int_eq(oso_codelists_load_dir(set, tmpdir), OSO_E_LIMIT);
        ck_assert_str_eq(oso_error_last(), expect);
    }
    ck_assert_msg(peak_mib() < 512, "peak memory %ld MiB", peak_mib());
    /* A long line in a file under the file cap is refused after its first 64 KiB. */
    char *text = list_with_line(8 << 20, "\n", &len);
    write_file("14.tsv", text);
    free(text);
    ck_assert_int_eq(oso_codelists_load_file(set, path), OSO_E_LIMIT);
    ck_assert_int_eq(oso_codelists_error_location(set, &file, &line), OSO_OK);
    ck_assert_uint_eq(line, 5);
    /* A file of 16 MiB + 1 byte in memory. */
    text = calloc((16 << 20) + 1, 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(oso_codelists_load_buffer(set, "big.tsv", text, (16 << 20) + 1), OSO_E_LIMIT);
    ck_assert_str_eq(oso_error_last(),
                     "big.tsv: file larger than 16 MiB (the limit for a codelist file)");
    free(text);
    /* The set is as it was. */
    ck_assert_str_eq(meaning_of(set, 14, "0"), "Onbekend");
    oso_codelists_free(set);
    remove_file("14.tsv");
    ck_assert_int_eq(rmdir(tmpdir), 0);
}
END_TEST

/* ---- threads ------------------------------------------------------------------------------ */

#define N_THREADS 8
#define ROUNDS 300

struct probe {
    const oso_codelist *list;
    char code[64];
    size_t len;
    int member;
    const char *meaning;
    unsigned int flags;
};

struct shared_probes {
    const oso_codelists *set;
    struct probe *probes;
    size_t count;
};

static void *lookup_thread(void *arg)
{
    const struct shared_probes *sp = arg;
    size_t mismatches = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t i = 0; i < sp->count; i++) {
            const struct probe *p = &sp->probes[i];
            const oso_codelist *cl = oso_codelists_get(sp->set, oso_codelist_id(p->list));
            const char *meaning = NULL;
            unsigned int flags = 0;
            oso_status st = oso_codelist_lookup(cl, p->code, p->len, &meaning, &flags);
            if (cl != p->list || oso_codelist_contains(cl, p->code, p->len) != p->member ||
                (st == OSO_OK) != p->member ||
                (p->member && (meaning != p->meaning || flags != p->flags)))
                mismatches++;
        }
    }
    return (void *)(uintptr_t)mismatches;
}

START_TEST(test_concurrent_lookups)
{
    oso_codelists *set = defaults();
    ck_assert_int_eq(load_str(set, "toets", HEADER_TOETS "T1\tToets\tonderdeel=no\n"
                                                         "T1-A\tOnderdeel\tonderdeel=yes\n"),
                     OSO_OK);
    /* Expected answers, computed on one thread before sharing. */
    size_t cap = 0, n = 0;
    struct probe *probes = NULL;
    for (size_t i = 0; i < oso_codelists_count(set); i++) {
        const oso_codelist *cl = oso_codelists_at(set, i);
        for (size_t k = 0; k < oso_codelist_size(cl); k++) {
            const char *code, *meaning;
            unsigned int flags;
            oso_codelist_entry(cl, k, &code, &meaning, &flags);
            for (int variant = 0; variant < 2; variant++) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 512;
                    probes = realloc(probes, cap * sizeof *probes);
                    ck_assert_ptr_nonnull(probes);
                }
                struct probe *p = &probes[n++];
                p->list = cl;
                snprintf(p->code, sizeof p->code, variant ? "%s " : "%s", code);
                p->len = strlen(p->code);
                p->member = !variant;
                p->meaning = variant ? NULL : meaning;
                p->flags = variant ? 0 : flags;
            }
        }
    }
    struct shared_probes sp = {set, probes, n};
    pthread_t threads[N_THREADS];
    for (int t = 0; t < N_THREADS; t++)
        ck_assert_int_eq(pthread_create(&threads[t], NULL, lookup_thread, &sp), 0);
    for (int t = 0; t < N_THREADS; t++) {
        void *result;
        ck_assert_int_eq(pthread_join(threads[t], &result), 0);
        ck_assert_uint_eq((uintptr_t)result, 0);
    }
    free(probes);
    oso_codelists_free(set);
}
END_TEST

static Suite *codelists_suite(void)
{
    Suite *s = suite_create("codelists");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_defaults_metadata);
    tcase_add_test(tc, test_defaults_match_official);
    tcase_add_test(tc, test_source_files_equal_embedded);
    tcase_add_test(tc, test_variants_are_not_members);
    tcase_add_test(tc, test_overlay_replaces_whole_list);
    tcase_add_test(tc, test_crlf_bom_comments);
    tcase_add_loop_test(tc, test_malformed, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, test_large_list);
    tcase_add_test(tc, test_toets_table);
    tcase_add_test(tc, test_gba_and_duo_tables);
    tcase_add_test(tc, test_keys_and_rule_ids);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_load_dir);
    tcase_add_test(tc, test_size_caps);
    tcase_add_test(tc, test_concurrent_lookups);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(codelists_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
