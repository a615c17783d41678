/*
 * Anonymisation (lib/anonymize): byte 0 is the seed, the rest a dossier. Properties: the copy is
 * made or refused with OSO_E_STATE (no copy with the original's verdict), nothing else; a copy
 * has the original's elements in the same places (names and child counts, document order) and
 * its validation verdict and rule ids; its XML parses again; the same seed gives a
 * byte-identical copy.
 */
#include "fuzz_common.h"

static int by_text(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Validity, then rule id, severity and path of every finding, sorted. */
static void verdict(fz_str *out, const oso_dossier *d)
{
    oso_report *r = NULL;
    if (oso_validate(&r, d, NULL) != OSO_OK) {
        fz_adds(out, "(not validated)");
        oso_report_free(r);
        return;
    }
    size_t n = oso_report_count(r);
    fz_addf(out, "valid %lu errors %lu\n", (unsigned long)oso_report_valid(r),
            (unsigned long)oso_report_error_count(r));
    fz_str *lines = calloc(n ? n : 1, sizeof *lines);
    char **sorted = calloc(n ? n : 1, sizeof *sorted);
    FUZZ_CHECK(lines != NULL && sorted != NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        fz_adds(&lines[i], oso_diagnostic_rule(g));
        fz_adds(&lines[i], " ");
        fz_adds(&lines[i], oso_severity_name(oso_diagnostic_severity(g)));
        fz_adds(&lines[i], " ");
        fz_adds(&lines[i], oso_diagnostic_path(g));
        sorted[i] = lines[i].p;
    }
    qsort(sorted, n, sizeof *sorted, by_text);
    for (size_t i = 0; i < n; i++) {
        fz_adds(out, sorted[i]);
        fz_adds(out, "\n");
    }
    for (size_t i = 0; i < n; i++)
        fz_free(&lines[i]);
    free(lines);
    free(sorted);
    oso_report_free(r);
}

/* Element names and child counts in document order (the structure, without the text). */
static void shape(fz_str *out, const oso_dossier *d)
{
    for (const oso_node *n = oso_dossier_root(d); n != NULL; n = fz_preorder_next(n)) {
        fz_adds(out, oso_node_name(n));
        fz_addf(out, " %lu%c", (unsigned long)oso_node_child_count(n), '\n');
    }
}

static char *xml_of(const oso_dossier *d, size_t *len)
{
    oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
    char *xml = NULL;
    oso_status st = oso_dossier_to_xml(&xml, len, d, &wo);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_NOMEM, "writing the copy: %d (%s)", (int)st,
               oso_error_last());
    return st == OSO_OK ? xml : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status st = oso_dossier_parse_buffer(&d, &r, data + 1, size - 1, NULL);
    oso_report_free(r);
    if (st != OSO_OK)
        return 0;
    oso_anonymize_options o = OSO_ANONYMIZE_OPTIONS_INIT;
    o.seed = data[0];
    oso_dossier *copy = NULL, *again = NULL;
    st = oso_dossier_anonymize(&copy, d, &o);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_STATE || st == OSO_E_NOMEM,
               "oso_dossier_anonymize: %d (%s)", (int)st, oso_error_last());
    if (st != OSO_OK) {
        FUZZ_CHECK(copy == NULL, "a refused copy was returned");
        oso_dossier_free(d);
        return 0;
    }
    fz_str a = {0}, b = {0};
    shape(&a, d);
    shape(&b, copy);
    if (!fz_eq(&a, &b)) {
        fz_show_diff("structures of the original and the copy", &a, &b);
        FUZZ_CHECK(0, "the copy has another structure");
    }
    fz_free(&a);
    fz_free(&b);
    verdict(&a, d);
    verdict(&b, copy);
    if (!fz_eq(&a, &b)) {
        fz_show_diff("verdicts of the original and the copy", &a, &b);
        FUZZ_CHECK(0, "the copy has another verdict");
    }
    fz_free(&a);
    fz_free(&b);

    size_t len = 0, len2 = 0;
    char *xml = xml_of(copy, &len);
    if (xml != NULL) {
        oso_dossier *reparsed = NULL;
        st = oso_dossier_parse_buffer(&reparsed, &r, xml, len, NULL);
        oso_report_free(r);
        FUZZ_CHECK(st == OSO_OK, "the copy's XML does not parse: %d (%s)", (int)st,
                   oso_error_last());
        oso_dossier_free(reparsed);
    }
    st = oso_dossier_anonymize(&again, d, &o);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_NOMEM, "second anonymisation: %d", (int)st);
    char *xml2 = st == OSO_OK ? xml_of(again, &len2) : NULL;
    if (xml != NULL && xml2 != NULL)
        FUZZ_CHECK(len == len2 && memcmp(xml, xml2, len) == 0,
                   "the same seed gave another copy (%zu and %zu bytes)", len, len2);
    oso_free(xml);
    oso_free(xml2);
    oso_dossier_free(again);
    oso_dossier_free(copy);
    oso_dossier_free(d);
    return 0;
}
