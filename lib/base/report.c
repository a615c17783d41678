/* Diagnostics reports: storage, counts, merging, document order. */
#include "base/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

oso_report *oso_report_new(void) { return calloc(1, sizeof(oso_report)); }

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

static void diagnostic_free(struct oso_diagnostic *d)
{
    free(d->rule);
    free(d->path);
    free(d->message[0]);
    free(d->message[1]);
}

int oso_report_add(oso_report *r, const char *rule, oso_severity severity, const char *path,
                   unsigned long line, unsigned long column, uint64_t order, const char *nl,
                   const char *en)
{
    if (severity == OSO_SEVERITY_ERROR)
        r->errors++;
    else if (severity == OSO_SEVERITY_WARNING)
        r->warnings++;
    if (r->count >= OSO_REPORT_MAX_STORED) {
        r->dropped++;
        return 1;
    }
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct oso_diagnostic *items = realloc(r->items, cap * sizeof *items);
        if (items == NULL)
            return 0;
        r->items = items;
        r->cap = cap;
    }
    struct oso_diagnostic *d = &r->items[r->count];
    memset(d, 0, sizeof *d);
    d->rule = dup_str(rule);
    d->path = dup_str(path ? path : "");
    d->message[OSO_LANG_NL] = dup_str(nl);
    d->message[OSO_LANG_EN] = dup_str(en);
    if (!d->rule || !d->path || !d->message[0] || !d->message[1]) {
        diagnostic_free(d);
        return 0;
    }
    d->severity = severity;
    d->line = line;
    d->column = column;
    d->order = order;
    d->seq = r->count;
    r->count++;
    return 1;
}

void oso_report_clear(oso_report *r)
{
    for (size_t i = 0; i < r->count; i++)
        diagnostic_free(&r->items[i]);
    r->count = r->errors = r->warnings = r->dropped = 0;
}

int oso_report_merge(oso_report *dst, const oso_report *src)
{
    size_t stored_errors = 0, stored_warnings = 0;
    for (size_t i = 0; i < src->count; i++) {
        const struct oso_diagnostic *d = &src->items[i];
        stored_errors += d->severity == OSO_SEVERITY_ERROR;
        stored_warnings += d->severity == OSO_SEVERITY_WARNING;
        if (!oso_report_add(dst, d->rule, d->severity, d->path, d->line, d->column, d->order,
                            d->message[0], d->message[1]))
            return 0;
    }
    /* The findings src dropped still count (report.h): carry their severities over too. */
    dst->errors += src->errors - stored_errors;
    dst->warnings += src->warnings - stored_warnings;
    dst->dropped += src->dropped;
    return 1;
}

static int compare(const void *a, const void *b)
{
    const struct oso_diagnostic *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    if (x->order == 0 && (x->line != y->line))
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void oso_report_sort(oso_report *r)
{
    if (r->count > 1)
        qsort(r->items, r->count, sizeof *r->items, compare);
    for (size_t i = 0; i < r->count; i++)
        r->items[i].seq = i;
}

size_t oso_report_count(const oso_report *r) { return r ? r->count : 0; }

const oso_diagnostic *oso_report_at(const oso_report *r, size_t i)
{
    return r && i < r->count ? &r->items[i] : NULL;
}

size_t oso_report_error_count(const oso_report *r) { return r ? r->errors : 0; }

size_t oso_report_warning_count(const oso_report *r) { return r ? r->warnings : 0; }

size_t oso_report_omitted_count(const oso_report *r) { return r ? r->dropped : 0; }

int oso_report_valid(const oso_report *r) { return r == NULL || r->errors == 0; }

const char *oso_report_profile(const oso_report *r) { return r ? r->profile : NULL; }

void oso_report_free(oso_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->count; i++)
        diagnostic_free(&r->items[i]);
    free(r->items);
    free(r);
}

const char *oso_diagnostic_rule(const oso_diagnostic *d) { return d->rule; }

oso_severity oso_diagnostic_severity(const oso_diagnostic *d) { return d->severity; }

const char *oso_diagnostic_path(const oso_diagnostic *d) { return d->path; }

unsigned long oso_diagnostic_line(const oso_diagnostic *d) { return d->line; }

unsigned long oso_diagnostic_column(const oso_diagnostic *d) { return d->column; }

const char *oso_diagnostic_message(const oso_diagnostic *d, oso_lang lang)
{
    return d->message[lang == OSO_LANG_EN ? OSO_LANG_EN : OSO_LANG_NL];
}

const char *oso_severity_name(oso_severity s)
{
    switch (s) {
    case OSO_SEVERITY_ERROR: return "error";
    case OSO_SEVERITY_WARNING: return "warning";
    case OSO_SEVERITY_INFO: return "info";
    }
    return "error";
}
