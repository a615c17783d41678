/*
 * Structural comparison (lib/diff): two dossiers, the input split at its first NUL byte (no NUL:
 * the dossier against itself). Properties: a dossier compared with itself, and with its own
 * re-written (indented) XML, has no changes; comparing the other way round gives the same
 * number of changes with added and removed swapped and both paths swapped; every change has
 * the paths and values its kind promises; every output format is written, the JSON one parses
 * and lists every change.
 */
#include "fuzz_common.h"

#include <jansson.h>

static oso_dossier *parse(const uint8_t *data, size_t size)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    if (oso_dossier_parse_buffer(&d, &r, data, size, NULL) != OSO_OK)
        d = NULL;
    oso_report_free(r);
    return d;
}

static oso_diff *compare(const oso_dossier *a, const oso_dossier *b, int moves)
{
    oso_diff_options o = OSO_DIFF_OPTIONS_INIT;
    o.report_moves = moves;
    oso_diff *diff = NULL;
    oso_status st = oso_dossier_diff(&diff, a, b, &o);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_LIMIT || st == OSO_E_NOMEM,
               "oso_dossier_diff: %d (%s)", (int)st, oso_error_last());
    return st == OSO_OK ? diff : NULL;
}

static int same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Every change carries what its kind promises. */
static void check_fields(const oso_diff *diff)
{
    size_t n = oso_diff_count(diff);
    for (size_t i = 0; i < n; i++) {
        oso_change_kind k = oso_diff_kind(diff, i);
        const char *old_path = oso_diff_old_path(diff, i), *new_path = oso_diff_new_path(diff, i);
        FUZZ_CHECK(oso_change_kind_name(k) != NULL, "change %zu has kind %d", i, (int)k);
        FUZZ_CHECK(oso_diff_name(diff, i) != NULL, "change %zu has no name", i);
        FUZZ_CHECK((k == OSO_CHANGE_ADDED) == (old_path == NULL),
                   "change %zu (%s): old path %s", i, oso_change_kind_name(k),
                   old_path ? old_path : "NULL");
        FUZZ_CHECK((k == OSO_CHANGE_REMOVED) == (new_path == NULL),
                   "change %zu (%s): new path %s", i, oso_change_kind_name(k),
                   new_path ? new_path : "NULL");
        if (k == OSO_CHANGE_MOVED)
            FUZZ_CHECK(oso_diff_old_value(diff, i) == NULL && oso_diff_new_value(diff, i) == NULL,
                       "moved change %zu has values", i);
        if (k == OSO_CHANGE_CHANGED)
            FUZZ_CHECK(!same(oso_diff_old_value(diff, i), oso_diff_new_value(diff, i)) ||
                           oso_diff_old_value(diff, i) == NULL,
                       "changed %zu with equal values '%s'", i, oso_diff_old_value(diff, i));
        int category = oso_diff_category(diff, i);
        FUZZ_CHECK(category >= 0 && category <= 16, "change %zu in category %d", i, category);
        FUZZ_CHECK(oso_diff_is_attribute(diff, i) == (oso_diff_name(diff, i)[0] == '@'),
                   "change %zu: attribute flag and name '%s' disagree", i, oso_diff_name(diff, i));
    }
    FUZZ_CHECK(oso_diff_name(diff, n) == NULL && oso_diff_kind(diff, n) == 0,
               "out-of-range change is not empty");
    for (int format = OSO_DIFF_TEXT; format <= OSO_DIFF_SUMMARY; format++) {
        char *text = NULL;
        size_t len = 0;
        oso_status st = oso_diff_format_text(&text, &len, diff, (oso_diff_format)format);
        FUZZ_CHECK(st == OSO_OK || st == OSO_E_NOMEM, "oso_diff_format_text(%d): %d", format,
                   (int)st);
        FUZZ_CHECK(st != OSO_OK || strlen(text) == len, "NUL inside output format %d", format);
        if (st == OSO_OK && format == OSO_DIFF_JSON) {
            json_error_t error;
            json_t *parsed = json_loadb(text, len, 0, &error);
            FUZZ_CHECK(parsed != NULL && json_is_object(parsed),
                       "the JSON output does not parse: %s at %d:%d", error.text, error.line,
                       error.column);
            FUZZ_CHECK(json_array_size(json_object_get(parsed, "changes")) == n,
                       "the JSON output has %zu changes, the result %zu",
                       json_array_size(json_object_get(parsed, "changes")), n);
            json_decref(parsed);
        }
        oso_free(text);
    }
}

static void check_no_changes(const oso_dossier *a, const oso_dossier *b, const char *what)
{
    oso_diff *diff = compare(a, b, 1);
    if (diff == NULL)
        return;
    FUZZ_CHECK(oso_diff_count(diff) == 0, "%s: %zu change(s), first %s %s", what,
               oso_diff_count(diff), oso_change_kind_name(oso_diff_kind(diff, 0)),
               oso_diff_old_path(diff, 0) ? oso_diff_old_path(diff, 0) : oso_diff_new_path(diff, 0));
    oso_diff_free(diff);
}

/* Compared the other way round: the same changes, added and removed swapped. Moves are left
 * out: which of two swapped items "moved" depends on the direction. */
static void check_reverse(const oso_dossier *a, const oso_dossier *b)
{
    oso_diff *ab = compare(a, b, 0), *ba = compare(b, a, 0);
    if (ab != NULL && ba != NULL) {
        size_t n = oso_diff_count(ab);
        FUZZ_CHECK(n == oso_diff_count(ba), "%zu changes one way, %zu the other", n,
                   oso_diff_count(ba));
        size_t count[5] = {0}, reverse[5] = {0};
        for (size_t i = 0; i < n; i++) {
            count[oso_diff_kind(ab, i)]++;
            reverse[oso_diff_kind(ba, i)]++;
        }
        FUZZ_CHECK(count[OSO_CHANGE_ADDED] == reverse[OSO_CHANGE_REMOVED] &&
                       count[OSO_CHANGE_REMOVED] == reverse[OSO_CHANGE_ADDED] &&
                       count[OSO_CHANGE_CHANGED] == reverse[OSO_CHANGE_CHANGED] &&
                       count[OSO_CHANGE_MOVED] == 0 && reverse[OSO_CHANGE_MOVED] == 0,
                   "kinds do not mirror: +%zu -%zu ~%zu against +%zu -%zu ~%zu",
                   count[1], count[2], count[3], reverse[1], reverse[2], reverse[3]);
    }
    oso_diff_free(ab);
    oso_diff_free(ba);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t first = nul ? (size_t)(nul - data) : size;
    oso_dossier *a = parse(data, first);
    if (a == NULL)
        return 0;
    oso_dossier *b = nul ? parse(nul + 1, size - first - 1) : NULL;

    check_no_changes(a, a, "a dossier against itself");
    oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
    char *xml = NULL;
    size_t len = 0;
    if (oso_dossier_to_xml(&xml, &len, a, &wo) == OSO_OK) {
        oso_dossier *rewritten = parse((const uint8_t *)xml, len);
        if (rewritten != NULL)
            check_no_changes(a, rewritten, "a dossier against its re-written XML");
        oso_dossier_free(rewritten);
    }
    oso_free(xml);
    if (b != NULL) {
        oso_diff *diff = compare(a, b, 1);
        if (diff != NULL)
            check_fields(diff);
        oso_diff_free(diff);
        check_reverse(a, b);
    }
    oso_dossier_free(b);
    oso_dossier_free(a);
    return 0;
}
