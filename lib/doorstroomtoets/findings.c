/* Findings about a JSON text (see findings.h). */
#include "doorstroomtoets/findings.h"

#include "doorstroomtoets/json_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        return NULL;
    return s;
}

void dtm_findings_add(struct dtm_findings *f, const char *rule, oso_severity severity,
                      const char *pointer, size_t pointer_len, const char *fmt_nl,
                      const char *fmt_en, ...)
{
    if (f->oom)
        return;
    if (f->count >= OSO_REPORT_MAX_STORED) {
        f->extra[severity]++;
        return;
    }
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        struct dtm_finding *items = realloc(f->items, cap * sizeof *items);
        if (items == NULL) {
            f->oom = 1;
            return;
        }
        f->items = items;
        f->cap = cap;
    }
    struct dtm_finding *d = &f->items[f->count];
    va_list ap;
    va_start(ap, fmt_en);
    d->message[OSO_LANG_NL] = vformat(fmt_nl, ap);
    va_end(ap);
    va_start(ap, fmt_en);
    d->message[OSO_LANG_EN] = vformat(fmt_en, ap);
    va_end(ap);
    d->pointer = strndup(pointer, pointer_len);
    d->rule = rule;
    d->severity = severity;
    d->offset = 0;
    if (d->message[0] == NULL || d->message[1] == NULL || d->pointer == NULL) {
        free(d->message[0]);
        free(d->message[1]);
        free(d->pointer);
        f->oom = 1;
        return;
    }
    f->count++;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_offsets(const void *a, const void *b)
{
    const struct dtm_finding *x = *(const struct dtm_finding *const *)a;
    const struct dtm_finding *y = *(const struct dtm_finding *const *)b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x < y ? -1 : x > y; /* stable: insertion order */
}

static oso_status locate(struct dtm_findings *f, const char *text, size_t len)
{
    size_t n = f->count ? f->count : 1;
    const char **pointers = malloc(n * sizeof *pointers);
    size_t *offsets = calloc(n, sizeof *offsets);
    int ok = pointers != NULL && offsets != NULL;
    size_t u = 0;
    if (ok) {
        for (size_t i = 0; i < f->count; i++)
            pointers[i] = f->items[i].pointer;
        qsort(pointers, f->count, sizeof *pointers, compare_strings);
        for (size_t i = 0; i < f->count; i++) /* unique, for the locator */
            if (u == 0 || strcmp(pointers[u - 1], pointers[i]) != 0)
                pointers[u++] = pointers[i];
        ok = dtm_locate(text, len, pointers, u, offsets);
    }
    for (size_t i = 0; ok && i < f->count; i++) {
        const char *key = f->items[i].pointer;
        const char **hit = bsearch(&key, pointers, u, sizeof *pointers, compare_strings);
        if (hit != NULL)
            f->items[i].offset = offsets[hit - pointers];
    }
    free(pointers);
    free(offsets);
    return ok ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory locating findings");
}

oso_status dtm_findings_report(struct dtm_findings *f, oso_report *r, const char *text,
                               size_t len)
{
    if (f->oom)
        return oso_fail(OSO_E_NOMEM, "out of memory collecting findings");
    oso_status st = locate(f, text, len);
    if (st != OSO_OK)
        return st;
    struct dtm_finding **order = malloc((f->count ? f->count : 1) * sizeof *order);
    if (order == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory ordering findings");
    for (size_t i = 0; i < f->count; i++)
        order[i] = &f->items[i];
    qsort(order, f->count, sizeof *order, compare_offsets);
    /* Positions in one forward walk over the text. */
    struct dtm_cursor cur = {0, 1, 1};
    int added = 1;
    for (size_t i = 0; i < f->count && added; i++) {
        struct dtm_finding *d = order[i];
        dtm_cursor_advance(&cur, text, len, d->offset);
        added = oso_report_add(r, d->rule, d->severity, d->pointer, cur.line, cur.column,
                               (uint64_t)d->offset + 1, d->message[OSO_LANG_NL],
                               d->message[OSO_LANG_EN]);
    }
    free(order);
    /* Beyond the stored maximum the report only counts. */
    for (int s = 0; s < 3; s++)
        for (size_t i = 0; i < f->extra[s] && added; i++)
            added = oso_report_add(r, "DTM", (oso_severity)s, "", 0, 0, 0, "", "");
    return added ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory adding findings");
}

void dtm_findings_free(struct dtm_findings *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->items[i].pointer);
        free(f->items[i].message[0]);
        free(f->items[i].message[1]);
    }
    free(f->items);
    f->items = NULL;
    f->count = f->cap = 0;
}
