/* Building reports (internal). */
#ifndef OSO_REPORT_IMPL_H
#define OSO_REPORT_IMPL_H

#include "base/error.h"

#include "oso/report.h"

#include <stdint.h>

struct oso_diagnostic {
    char *rule;
    oso_severity severity;
    char *path;
    unsigned long line, column;
    char *message[2];   /* indexed by oso_lang */
    uint64_t order;     /* document order of the element; 0 for document-level findings */
    size_t seq;         /* insertion order, keeps sorting stable */
};

/* Diagnostics kept per report; beyond it findings are counted but not stored. */
enum { OSO_REPORT_MAX_STORED = 10000 };

struct oso_report {
    struct oso_diagnostic *items;
    size_t count, cap;
    size_t errors, warnings;
    size_t dropped;
    const char *profile;
};

oso_report *oso_report_new(void);

/* Add a finding; strings are copied. Returns 0 on out of memory (the report stays usable). */
int oso_report_add(oso_report *r, const char *rule, oso_severity severity, const char *path,
                   unsigned long line, unsigned long column, uint64_t order, const char *nl,
                   const char *en);

/* Drop every finding. */
void oso_report_clear(oso_report *r);

/* Copy every finding of `src` into `dst`. */
int oso_report_merge(oso_report *dst, const oso_report *src);

/* Sort into document order (stable). */
void oso_report_sort(oso_report *r);

#endif
