/* Findings about a node of the model: the report entry takes the node's path, position and
 * document order (base/report.h stores findings without knowing the model). */
#ifndef OSO_MODEL_FINDINGS_H
#define OSO_MODEL_FINDINGS_H

#include "base/report.h"
#include "model/model.h"

#include <stdarg.h>

/* Add a finding about element `node` (NULL for a document-level one). Both formats take the
 * same arguments in the same order. */
int oso_report_node(oso_report *r, const char *rule, oso_severity severity,
                    const struct oso_node *node, const char *fmt_nl, const char *fmt_en, ...)
    OSO_PRINTF(5, 7);

int oso_report_nodev(oso_report *r, const char *rule, oso_severity severity,
                     const struct oso_node *node, const char *fmt_nl, const char *fmt_en,
                     va_list ap);

/* As oso_report_node, with the two messages already written. */
int oso_report_node_text(oso_report *r, const char *rule, oso_severity severity,
                         const struct oso_node *node, const char *nl, const char *en);

#endif
