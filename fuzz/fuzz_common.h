/*
 * Helpers shared by the libFuzzer harnesses: a growable string, canonical text forms of a report
 * and of a model (so two results can be compared byte for byte), chunk-size schedules read from
 * the input, and a loud failure that libFuzzer records as a crash.
 */
#ifndef OSO_FUZZ_COMMON_H
#define OSO_FUZZ_COMMON_H

#include "oso/oso.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the harness checks does not hold: print and abort (libFuzzer saves the input). */
#define FUZZ_CHECK(cond, ...)                                                                   \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "\n*** %s:%d: check failed: %s\n*** ", __FILE__, __LINE__, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
            abort();                                                                            \
        }                                                                                       \
    } while (0)

/* ---- growable string --------------------------------------------------------------------- */

typedef struct fz_str {
    char *p;
    size_t len, cap;
} fz_str;

static inline void fz_add(fz_str *s, const void *data, size_t len)
{
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *p = realloc(s->p, cap);
        if (p == NULL)
            abort();
        s->p = p;
        s->cap = cap;
    }
    if (len)
        memcpy(s->p + s->len, data, len);
    s->len += len;
    s->p[s->len] = '\0';
}

static inline void fz_adds(fz_str *s, const char *text)
{
    fz_add(s, text ? text : "(null)", strlen(text ? text : "(null)"));
}

static inline void fz_addf(fz_str *s, const char *fmt, unsigned long a, unsigned long b)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, fmt, a, b);
    if (n < 0 || (size_t)n >= sizeof buf)
        abort(); /* a format this long is a mistake in the harness */
    fz_add(s, buf, (size_t)n);
}

static inline void fz_free(fz_str *s)
{
    free(s->p);
    s->p = NULL;
    s->len = s->cap = 0;
}

static inline int fz_eq(const fz_str *a, const fz_str *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

/* ---- canonical forms ---------------------------------------------------------------------- */

/* Every field of every diagnostic, one line each, at one of three levels of detail:
 * FZ_FULL everything (both languages, line and column); FZ_NO_POSITIONS no line and column, and
 * only the English message with every number masked (messages may quote positions); FZ_IDENTITY
 * rule, severity and path only. */
enum { FZ_IDENTITY = -1, FZ_NO_POSITIONS = 0, FZ_FULL = 1 };
static inline void fz_report(fz_str *out, const oso_report *r, int positions)
{
    if (r == NULL) {
        fz_adds(out, "(no report)\n");
        return;
    }
    size_t n = oso_report_count(r);
    fz_addf(out, "count %lu errors %lu", (unsigned long)n, (unsigned long)oso_report_error_count(r));
    fz_addf(out, " warnings %lu valid %lu ", (unsigned long)oso_report_warning_count(r),
            (unsigned long)oso_report_valid(r));
    fz_adds(out, oso_report_profile(r));
    fz_adds(out, "\n");
    for (size_t i = 0; i < n; i++) {
        const oso_diagnostic *d = oso_report_at(r, i);
        FUZZ_CHECK(d != NULL, "oso_report_at(%zu) of %zu is NULL", i, n);
        fz_adds(out, oso_diagnostic_rule(d));
        fz_adds(out, " ");
        fz_adds(out, oso_severity_name(oso_diagnostic_severity(d)));
        fz_adds(out, " ");
        fz_adds(out, oso_diagnostic_path(d));
        if (positions == FZ_FULL) {
            fz_addf(out, " %lu:%lu ", oso_diagnostic_line(d), oso_diagnostic_column(d));
            fz_adds(out, oso_diagnostic_message(d, OSO_LANG_NL));
            fz_adds(out, " | ");
            fz_adds(out, oso_diagnostic_message(d, OSO_LANG_EN));
        } else if (positions == FZ_NO_POSITIONS) {
            /* The English message with every run of digits as '#'. */
            const char *m = oso_diagnostic_message(d, OSO_LANG_EN);
            fz_adds(out, " ");
            for (; m && *m; m++) {
                if (*m >= '0' && *m <= '9') {
                    while (m[1] >= '0' && m[1] <= '9')
                        m++;
                    fz_add(out, "#", 1);
                } else {
                    fz_add(out, m, 1);
                }
            }
        }
        fz_adds(out, "\n");
    }
    FUZZ_CHECK(oso_report_at(r, n) == NULL, "oso_report_at(count) is not NULL");
}

/* The model as compact XML followed by JSON. */
static inline void fz_model(fz_str *out, const oso_dossier *d)
{
    if (d == NULL) {
        fz_adds(out, "(no dossier)\n");
        return;
    }
    oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
    wo.compact = 1;
    char *text = NULL;
    size_t len = 0;
    oso_status st = oso_dossier_to_xml(&text, &len, d, &wo);
    fz_addf(out, "xml status %lu length %lu\n", (unsigned long)st, (unsigned long)len);
    if (st == OSO_OK)
        fz_add(out, text, len);
    oso_free(text);
    text = NULL;
    len = 0;
    st = oso_dossier_to_json(&text, &len, d, &wo);
    fz_addf(out, "\njson status %lu length %lu\n", (unsigned long)st, (unsigned long)len);
    if (st == OSO_OK)
        fz_add(out, text, len);
    oso_free(text);
}


/* The node after `n` in document order (pre-order), NULL at the end: first child, else the next
 * sibling of the nearest node that has one. Iterative: parsed input may nest deep. */
static inline const oso_node *fz_preorder_next(const oso_node *n)
{
    const oso_node *c = oso_node_child_at(n, 0);
    if (c != NULL)
        return c;
    while (n != NULL && oso_node_next(n) == NULL)
        n = oso_node_parent(n);
    return n != NULL ? oso_node_next(n) : NULL;
}

/* Every element in document order through the read API: name, schema type, position, text
 * length and, with positions != 0, line and column. Iterative (parsed input may nest deep).
 * oso_node_position() counts earlier siblings, so it is asked only for the first 64 children
 * of an element (wide inputs would make the walk quadratic). */
static inline void fz_tree(fz_str *out, const oso_dossier *d, int positions)
{
    enum { MAX_DEPTH = 256 };
    size_t sibling[MAX_DEPTH] = {0}; /* index of the current node among its siblings, by depth */
    const oso_node *n = d ? oso_dossier_root(d) : NULL;
    size_t depth = 0;
    while (n != NULL) {
        size_t at = depth < MAX_DEPTH ? sibling[depth] : 0;
        fz_addf(out, "%lu %lu ", (unsigned long)depth,
                at < 64 ? (unsigned long)oso_node_position(n) : 0UL);
        fz_adds(out, oso_node_name(n));
        fz_adds(out, " ");
        fz_adds(out, oso_node_schema_type(n));
        fz_addf(out, " children %lu text %lu", (unsigned long)oso_node_child_count(n),
                (unsigned long)oso_node_text_length(n));
        FUZZ_CHECK(oso_node_text(n) != NULL && strlen(oso_node_text(n)) <= oso_node_text_length(n),
                   "text of a node is NULL or longer than its length");
        if (positions == FZ_FULL)
            fz_addf(out, " at %lu:%lu", oso_node_line(n), oso_node_column(n));
        fz_adds(out, "\n");
        const oso_node *c = oso_node_child_at(n, 0);
        if (c != NULL) {
            FUZZ_CHECK(oso_node_parent(c) == n, "parent of first child is not the node");
            n = c;
            depth++;
            if (depth < MAX_DEPTH)
                sibling[depth] = 0;
            continue;
        }
        while (n != NULL && oso_node_next(n) == NULL) {
            n = oso_node_parent(n);
            depth--;
        }
        if (n != NULL) {
            n = oso_node_next(n);
            if (depth < MAX_DEPTH)
                sibling[depth]++;
        }
    }
}

/* Print both versions of something that should have been equal, around the first difference.
 * With FUZZ_DUMP_DIR set, both are also written to files there (first.txt, second.txt). */
static inline void fz_show_diff(const char *what, const fz_str *a, const fz_str *b)
{
    size_t i = 0;
    while (i < a->len && i < b->len && a->p[i] == b->p[i])
        i++;
    size_t from = i > 160 ? i - 160 : 0;
    size_t na = a->len - from < 400 ? a->len - from : 400, nb = b->len - from < 400 ? b->len - from : 400;
    fprintf(stderr, "\n=== %s differ at byte %zu (lengths %zu, %zu)\n--- first, from byte %zu:\n%.*s\n"
            "--- second, from byte %zu:\n%.*s\n", what, i, a->len, b->len, from, (int)na, a->p + from,
            from, (int)nb, b->p + from);
    const char *dir = getenv("FUZZ_DUMP_DIR");
    if (dir != NULL) {
        char path[4096];
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "%s/%s.txt", dir, k ? "second" : "first");
            FILE *f = fopen(path, "wb");
            if (f != NULL) {
                fwrite(k ? b->p : a->p, 1, k ? b->len : a->len, f);
                fclose(f);
            }
        }
    }
}

/* ---- chunk schedules ----------------------------------------------------------------------- */

/*
 * A schedule of chunk sizes taken from the start of the input: byte 0 gives how many schedule
 * bytes follow (1..16); each schedule byte b is a chunk size: b < 200 means b bytes (0: an
 * empty feed), otherwise (b - 199) * 61 bytes (61..3416, odd multiples so boundaries wander).
 * The schedule repeats until the data is used up.
 */
typedef struct fz_chunks {
    const uint8_t *sched;
    size_t nsched, next;
    int progress; /* bytes fed during the current pass over the schedule */
} fz_chunks;

/* Split `data` into schedule and payload; returns 0 when the input is too short. */
static inline int fz_chunks_init(fz_chunks *c, const uint8_t **data, size_t *size)
{
    if (*size < 1)
        return 0;
    size_t n = (size_t)((*data)[0] % 16) + 1;
    if (*size < 1 + n)
        return 0;
    c->sched = *data + 1;
    c->nsched = n;
    c->next = 0;
    c->progress = 0;
    *data += 1 + n;
    *size -= 1 + n;
    return 1;
}

/* Size of the next chunk, at most `left`. Never loops forever: an all-zero schedule pass is
 * followed by a chunk of one byte. */
static inline size_t fz_chunks_next(fz_chunks *c, size_t left)
{
    if (c->next == c->nsched) {
        c->next = 0;
        if (!c->progress) {
            c->progress = 0;
            return left ? 1 : 0;
        }
        c->progress = 0;
    }
    uint8_t b = c->sched[c->next++];
    size_t n = b < 200 ? b : (size_t)(b - 199) * 61;
    if (n > left)
        n = left;
    if (n)
        c->progress = 1;
    return n;
}

/* The default rules read no attachment content, so oso_validate_buffer() parses without
 * keeping it and scans it past expat (lib/xml/content_scan.c): its report must be the one of
 * the model that keeps it (`d`, parsed from the same bytes with `po`), or the same refusal
 * (`refusal`, when `d` is NULL), positions included. */
static inline void fz_check_content_dropped(const uint8_t *data, size_t size, const oso_dossier *d,
                                            const oso_report *refusal, const oso_parse_options *po)
{
    oso_report *dropped = NULL, *kept = NULL;
    oso_status st = oso_validate_buffer(&dropped, data, size, NULL, po);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_NOMEM, "oso_validate_buffer (default rules): status %d",
               (int)st);
    if (d != NULL)
        FUZZ_CHECK(oso_validate(&kept, d, NULL) == OSO_OK, "oso_validate (default rules) failed");
    if (st == OSO_OK && (d != NULL || refusal != NULL)) {
        fz_str a = {0}, b = {0};
        fz_report(&a, dropped, FZ_FULL);
        fz_report(&b, d != NULL ? kept : refusal, FZ_FULL);
        if (!fz_eq(&a, &b)) {
            fz_show_diff("reports without and with attachment content kept", &a, &b);
            FUZZ_CHECK(0, "default rules: the report differs from the one of the kept model");
        }
        fz_free(&a);
        fz_free(&b);
    }
    oso_report_free(dropped);
    oso_report_free(kept);
}

#endif
