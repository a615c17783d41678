/*
 * Codelist file loader (oso_codelists_load_buffer) on a set holding the embedded defaults, then
 * lookups of every code. The input is one codelist file.
 *
 * Checked: a refusal is OSO_E_CODELIST_FORMAT with a location in the buffer and leaves the set
 * unchanged; loading the same buffer again gives the same status; in every list the loaded
 * buffer defines, each entry is found by oso_codelist_contains() and oso_codelist_lookup() with
 * the meaning and flags oso_codelist_entry() gives, the list is found by id and by its key, and
 * its rule id is consistent. A dossier generated at build time (FUZZ_DOSSIER) is then validated
 * against the loaded set, so odd lists reach the codelist rules too.
 */
#include "fuzz_common.h"

#include <stdio.h>

static const char *const buffer_name = "fuzz.tsv";
static oso_dossier *dossier; /* parsed once */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
#ifdef FUZZ_DOSSIER
    oso_status st = oso_dossier_parse_file(&dossier, NULL, FUZZ_DOSSIER, NULL);
    if (st != OSO_OK)
        fprintf(stderr, "fuzz_codelists: cannot parse %s (%s); running without it\n", FUZZ_DOSSIER,
                oso_strerror(st));
#endif
    return 0;
}

/* Identity of every list in the set (id, size, origin, version) as text. */
static void fingerprint(fz_str *out, const oso_codelists *cl)
{
    size_t n = oso_codelists_count(cl);
    fz_addf(out, "%lu lists%.0lu\n", (unsigned long)n, 0UL);
    for (size_t i = 0; i < n; i++) {
        const oso_codelist *l = oso_codelists_at(cl, i);
        FUZZ_CHECK(l != NULL, "list %zu of %zu is NULL", i, n);
        fz_addf(out, "%lu size %lu ", (unsigned long)oso_codelist_id(l),
                (unsigned long)oso_codelist_size(l));
        fz_adds(out, oso_codelist_origin(l));
        fz_adds(out, " ");
        fz_adds(out, oso_codelist_version(l));
        fz_adds(out, "\n");
    }
    FUZZ_CHECK(oso_codelists_at(cl, n) == NULL, "list at count is not NULL");
}

static void check_list(const oso_codelists *cl, const oso_codelist *l)
{
    int id = oso_codelist_id(l);
    FUZZ_CHECK(oso_codelists_get(cl, id) == l, "list %d not found by its id", id);
    const char *key = oso_codelist_key(l);
    int parsed = -1;
    FUZZ_CHECK(key != NULL && oso_codelist_parse_key(key, &parsed) == OSO_OK && parsed == id,
               "key '%s' of list %d parses to %d", key ? key : "(null)", id, parsed);
    char rule[OSO_CODELIST_RULE_MAX];
    FUZZ_CHECK(oso_codelist_rule_id(id, rule, sizeof rule) == OSO_OK &&
                   strcmp(rule, oso_codelist_rule(l)) == 0,
               "rule id of list %d: '%s' vs '%s'", id, rule, oso_codelist_rule(l));
    FUZZ_CHECK(oso_codelist_parse_key(rule, &parsed) == OSO_OK && parsed == id,
               "rule id '%s' parses to %d, not %d", rule, parsed, id);
    FUZZ_CHECK((oso_codelist_number(l) == 0) == (oso_codelist_is_external(l) != 0),
               "list %d: number %d, external %d", id, oso_codelist_number(l),
               oso_codelist_is_external(l));
    FUZZ_CHECK(oso_codelist_name(l) != NULL && oso_codelist_version(l) != NULL &&
                   oso_codelist_source(l) != NULL && oso_codelist_origin(l) != NULL,
               "list %d has a NULL header string", id);
    size_t n = oso_codelist_size(l);
    FUZZ_CHECK(n > 0, "list %d loaded without codes", id);
    for (size_t i = 0; i < n; i++) {
        const char *code = NULL, *meaning = NULL;
        unsigned int flags = 0;
        FUZZ_CHECK(oso_codelist_entry(l, i, &code, &meaning, &flags) == OSO_OK && code != NULL &&
                       meaning != NULL,
                   "entry %zu of list %d", i, id);
        size_t len = strlen(code);
        FUZZ_CHECK(len > 0, "empty code in list %d", id);
        FUZZ_CHECK(oso_codelist_contains(l, code, len) == 1, "code %zu of list %d not contained",
                   i, id);
        const char *m2 = NULL;
        unsigned int f2 = 99;
        FUZZ_CHECK(oso_codelist_lookup(l, code, len, &m2, &f2) == OSO_OK && m2 != NULL &&
                       strcmp(m2, meaning) == 0 && f2 == flags,
                   "lookup of code %zu of list %d disagrees with the entry", i, id);
        /* A strict prefix or an extension is another code (exact byte comparison). */
        if (len > 1 && oso_codelist_contains(l, code, len - 1)) {
            int other = 0;
            for (size_t j = 0; j < n && !other; j++) {
                const char *c2;
                oso_codelist_entry(l, j, &c2, NULL, NULL);
                other = strlen(c2) == len - 1 && memcmp(c2, code, len - 1) == 0;
            }
            FUZZ_CHECK(other, "prefix of code %zu of list %d is a member but no entry", i, id);
        }
    }
    FUZZ_CHECK(oso_codelist_entry(l, n, NULL, NULL, NULL) == OSO_E_NOT_FOUND,
               "entry(size) is not NOT_FOUND");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oso_codelists *cl = NULL;
    FUZZ_CHECK(oso_codelists_new(&cl) == OSO_OK, "oso_codelists_new failed");
    fz_str before = {0}, after = {0};
    fingerprint(&before, cl);

    oso_status st = oso_codelists_load_buffer(cl, buffer_name, data, size);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_CODELIST_FORMAT, "load: status %d (%s)", (int)st,
               oso_strerror(st));
    const char *file = NULL;
    size_t line = 12345;
    oso_status ls = oso_codelists_error_location(cl, &file, &line);
    if (st != OSO_OK) {
        FUZZ_CHECK(ls == OSO_OK && file != NULL && strcmp(file, buffer_name) == 0,
                   "refusal without location: %d", (int)ls);
        FUZZ_CHECK(oso_error_last() != NULL && strstr(oso_error_last(), buffer_name) != NULL,
                   "message does not name the buffer: %s", oso_error_last());
        fingerprint(&after, cl);
        if (!fz_eq(&before, &after)) {
            fz_show_diff("set before and after a refused load", &before, &after);
            FUZZ_CHECK(0, "a refused load changed the set");
        }
    } else {
        FUZZ_CHECK(ls == OSO_E_NOT_FOUND, "error location after success: %d", (int)ls);
    }

    /* The same buffer again: same answer. */
    oso_status st2 = oso_codelists_load_buffer(cl, buffer_name, data, size);
    FUZZ_CHECK(st2 == st, "loading the same buffer twice: %d then %d", (int)st, (int)st2);

    size_t n = oso_codelists_count(cl), mine = 0;
    for (size_t i = 0; i < n; i++) {
        const oso_codelist *l = oso_codelists_at(cl, i);
        if (strcmp(oso_codelist_origin(l), buffer_name) == 0) {
            check_list(cl, l);
            mine++;
        } else if (i % 8 == 0) {
            check_list(cl, l); /* a sample of the embedded ones as well */
        }
    }
    FUZZ_CHECK(mine == (st == OSO_OK), "%zu lists from the buffer after status %d", mine, (int)st);

    /* The input itself, and each of its lines, as a code: lookups must not misbehave. */
    for (size_t i = 0; i < n; i++) {
        const oso_codelist *l = oso_codelists_at(cl, i);
        (void)oso_codelist_contains(l, (const char *)data, size);
        const uint8_t *p = data, *end = data + size;
        while (p < end) {
            const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
            const uint8_t *stop = nl ? nl : end;
            size_t len = (size_t)(stop - p);
            const char *meaning = NULL;
            oso_status found = oso_codelist_lookup(l, (const char *)p, len, &meaning, NULL);
            int member = oso_codelist_contains(l, (const char *)p, len);
            FUZZ_CHECK(member == (found == OSO_OK), "contains %d but lookup %d", member, (int)found);
            if (strcmp(oso_codelist_origin(l), buffer_name) == 0) {
                /* Brute force: is this line (or its part before a TAB) an entry? */
                for (int part = 0; part < 2; part++) {
                    size_t k = len;
                    if (part == 1) {
                        const uint8_t *tab = memchr(p, '\t', len);
                        k = tab ? (size_t)(tab - p) : len;
                    }
                    int brute = 0;
                    for (size_t j = 0; j < oso_codelist_size(l) && !brute; j++) {
                        const char *c2;
                        oso_codelist_entry(l, j, &c2, NULL, NULL);
                        brute = strlen(c2) == k && memcmp(c2, p, k) == 0;
                    }
                    FUZZ_CHECK(brute == oso_codelist_contains(l, (const char *)p, k),
                               "membership of a %zu-byte line part: entries say %d, contains %d",
                               k, brute, oso_codelist_contains(l, (const char *)p, k));
                }
            }
            p = nl ? nl + 1 : end;
        }
    }
    if (size < 64) {
        char key[64];
        memcpy(key, data, size);
        key[size] = '\0';
        int id = -1;
        if (oso_codelist_parse_key(key, &id) == OSO_OK) {
            char rule[OSO_CODELIST_RULE_MAX];
            FUZZ_CHECK(oso_codelist_rule_id(id, rule, sizeof rule) == OSO_OK,
                       "parse_key('%s') gave id %d without a rule id", key, id);
        }
    }

    if (dossier != NULL && st == OSO_OK) {
        oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
        vo.codelists = cl;
        vo.rules = OSO_RULES_CODELISTS;
        oso_report *r = NULL;
        FUZZ_CHECK(oso_validate(&r, dossier, &vo) == OSO_OK, "validate with loaded lists failed");
        fz_str text = {0};
        fz_report(&text, r, FZ_FULL);
        fz_free(&text);
        oso_report_free(r);
    }

    fz_free(&before);
    fz_free(&after);
    oso_codelists_free(cl);
    return 0;
}
