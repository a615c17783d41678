/* Findings about a JSON text, collected with their JSON Pointer and located in the text at the
 * end (jansson keeps no positions): shared by the message check and the dossier bridge. */
#ifndef OSO_DOORSTROOMTOETS_FINDINGS_H
#define OSO_DOORSTROOMTOETS_FINDINGS_H

#include "base/error.h"
#include "base/report.h"

#include <stdarg.h>
#include <stddef.h>

struct dtm_finding {
    const char *rule;   /* static */
    oso_severity severity;
    char *pointer;
    char *message[2];   /* indexed by oso_lang */
    size_t offset;      /* byte offset of the value in the text */
};

struct dtm_findings {
    struct dtm_finding *items;
    size_t count, cap;
    size_t extra[3];    /* beyond what a report stores: counted only, per severity */
    int oom;
};

/* Record a finding about the value at `pointer` (pointer_len bytes); both formats take the
 * same arguments. Out of memory is remembered in `oom`. */
void dtm_findings_add(struct dtm_findings *f, const char *rule, oso_severity severity,
                      const char *pointer, size_t pointer_len, const char *fmt_nl,
                      const char *fmt_en, ...) OSO_PRINTF(7, 8) OSO_PRINTF(6, 8);

/* Locate every finding in `text` and add them to the report in document order. */
oso_status dtm_findings_report(struct dtm_findings *f, oso_report *r, const char *text,
                               size_t length);

void dtm_findings_free(struct dtm_findings *f);

#endif
