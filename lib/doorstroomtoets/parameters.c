/* The routing parameters of the chain's operations (oso_chain_check_routing, oso/chain.h):
 * required-ness and patterns from the generated table. */
#include "oso/chain.h"

#include "base/error.h"
#include "base/report.h"
#include "doorstroomtoets/openapi_1_1.h"

#include <regex.h>
#include <stdio.h>
#include <string.h>

/* The description of edu-to and edu-from: "code van 20 karakters, met alleen cijfers en
 * letters" (the pattern itself accepts any 20 characters). */
static int twenty_letters_and_digits(const char *v)
{
    size_t n = 0;
    for (; v[n]; n++)
        if (!((v[n] >= '0' && v[n] <= '9') || (v[n] >= 'A' && v[n] <= 'Z') ||
              (v[n] >= 'a' && v[n] <= 'z')))
            return 0;
    return n == 20;
}

static int add(oso_report *r, const char *rule, oso_severity severity, const char *name,
               const char *nl, const char *en)
{
    return oso_report_add(r, rule, severity, name, 0, 0, 0, nl, en);
}

static oso_status check_parameter(oso_report *r, const struct dtm_parameter *p, const char *value)
{
    char nl[256], en[256];
    if (value == NULL) {
        if (!p->required)
            return OSO_OK;
        snprintf(nl, sizeof nl, "Verplichte parameter %s ontbreekt.", p->name);
        snprintf(en, sizeof en, "Required parameter %s is missing.", p->name);
        return add(r, "DTM.PARAM", OSO_SEVERITY_ERROR, p->name, nl, en)
                   ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory");
    }
    if (p->pattern != NULL) {
        regex_t re;
        if (regcomp(&re, p->pattern, REG_EXTENDED | REG_NOSUB) != 0)
            return oso_fail(OSO_E_NOMEM, "cannot compile the pattern of %s", p->name);
        int match = regexec(&re, value, 0, NULL, 0) == 0;
        regfree(&re);
        if (!match) {
            snprintf(nl, sizeof nl, "Parameter %s voldoet niet aan het patroon van de definitie.",
                     p->name);
            snprintf(en, sizeof en, "Parameter %s does not match the definition's pattern.",
                     p->name);
            return add(r, "DTM.PARAM", OSO_SEVERITY_ERROR, p->name, nl, en)
                       ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory");
        }
    }
    if (!twenty_letters_and_digits(value)) {
        snprintf(nl, sizeof nl, "Parameter %s is geen code van 20 letters en cijfers.", p->name);
        snprintf(en, sizeof en, "Parameter %s is not a code of 20 letters and digits.", p->name);
        return add(r, "DTM.PARAM_FORMAT", OSO_SEVERITY_WARNING, p->name, nl, en)
                   ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory");
    }
    return OSO_OK;
}

oso_status oso_chain_check_routing(oso_report **report, const char *path, const char *edu_to,
                                   const char *edu_from)
{
    if (report == NULL || path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_check_routing: NULL argument");
    *report = NULL;
    const struct dtm_operation *op = NULL;
    for (size_t i = 0; i < DTM_OPERATION_COUNT; i++)
        if (strcmp(dtm_operations[i].path, path) == 0)
            op = &dtm_operations[i];
    if (op == NULL)
        return oso_fail(OSO_E_NOT_FOUND, "the definition has no operation %s", path);
    oso_report *r = oso_report_new();
    if (r == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory");
    oso_status st = OSO_OK;
    for (unsigned i = 0; i < op->parameter_count && st == OSO_OK; i++) {
        const struct dtm_parameter *p = &dtm_parameters[op->parameter_first + i];
        const char *value = strcmp(p->name, "edu-to") == 0     ? edu_to
                            : strcmp(p->name, "edu-from") == 0 ? edu_from
                                                               : NULL;
        st = check_parameter(r, p, value);
    }
    if (st != OSO_OK) {
        oso_report_free(r);
        return st;
    }
    *report = r;
    return OSO_OK;
}
