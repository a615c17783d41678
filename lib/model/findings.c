/* Findings about a node of the model (see findings.h). */
#include "model/findings.h"

#include "model/path.h"

#include <stdio.h>
#include <stdlib.h>

int oso_report_nodev(oso_report *r, const char *rule, oso_severity severity,
                     const struct oso_node *node, const char *fmt_nl, const char *fmt_en,
                     va_list ap)
{
    char nl[1024], en[1024];
    va_list ap2;
    va_copy(ap2, ap);
    vsnprintf(nl, sizeof nl, fmt_nl, ap);
    vsnprintf(en, sizeof en, fmt_en, ap2);
    va_end(ap2);
    return oso_report_node_text(r, rule, severity, node, nl, en);
}

int oso_report_node(oso_report *r, const char *rule, oso_severity severity,
                    const struct oso_node *node, const char *fmt_nl, const char *fmt_en, ...)
{
    va_list ap;
    va_start(ap, fmt_en);
    int ok = oso_report_nodev(r, rule, severity, node, fmt_nl, fmt_en, ap);
    va_end(ap);
    return ok;
}

int oso_report_node_text(oso_report *r, const char *rule, oso_severity severity,
                         const struct oso_node *node, const char *nl, const char *en)
{
    if (node == NULL)
        return oso_report_add(r, rule, severity, "", 0, 0, 0, nl, en);
    char *path = oso_model_path(node);
    if (path == NULL)
        return 0;
    int ok = oso_report_add(r, rule, severity, path, node->line, node->column,
                            oso_model_order(node), nl, en);
    free(path);
    return ok;
}

