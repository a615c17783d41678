/* Validation driver: structure, then the rule groups asked for, into one sorted report. */
#include "base/error.h"
#include "base/report.h"
#include "codelists/codelists.h"
#include "model/model.h"
#include "rules/driver.h"
#include "structure/structure.h"
#include "xml/parse.h"

#include "oso/validate.h"

#include <stdlib.h>

oso_status oso_validate_options_init(oso_validate_options *o, unsigned int version)
{
    if (o == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_validate_options_init: NULL options");
    if (version == 0 || version > OSO_VALIDATE_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_validate_options version %u is not supported",
                        version);
    oso_validate_options defaults = OSO_VALIDATE_OPTIONS_INIT;
    *o = defaults;
    return OSO_OK;
}

oso_status oso_validate(oso_report **out, const oso_dossier *d, const oso_validate_options *o)
{
    if (out == NULL || d == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_validate: NULL argument");
    *out = NULL;
    OSO_CHECK_OPTIONS_VERSION(o, OSO_VALIDATE_OPTIONS_VERSION, "oso_validate_options");
    if (o != NULL)
        OSO_CHECK_OPTIONS_VERSION(o->attachments, OSO_ATTACHMENT_OPTIONS_VERSION,
                                  "oso_attachment_options");
    oso_report *r = oso_report_new();
    if (r == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory validating");
    /* Structure: as found while parsing, or checked again on an edited model. */
    if (d->edited || d->structure == NULL) {
        oso_report *s = oso_structure_check_tree((struct oso_dossier *)d);
        int ok = s != NULL && oso_report_merge(r, s);
        oso_report_free(s);
        if (!ok) {
            oso_report_free(r);
            return oso_fail(OSO_E_NOMEM, "out of memory validating");
        }
    } else if (!oso_report_merge(r, d->structure)) {
        oso_report_free(r);
        return oso_fail(OSO_E_NOMEM, "out of memory validating");
    }
    oso_validate_options opts = OSO_VALIDATE_OPTIONS_INIT;
    if (o != NULL)
        opts = *o;
    if (opts.codelists == NULL)
        opts.codelists = oso_codelists_default();
    if (!oso_rules_run(d, r, &opts)) {
        oso_report_free(r);
        return oso_fail(OSO_E_NOMEM, "out of memory validating");
    }
    oso_report_sort(r);
    *out = r;
    return OSO_OK;
}

/* The rule groups that read attachment content; the others see only whether it is there.
 * Without them the parse need not keep it (the report is the same, see xml/parse.h). */
#define CONTENT_READERS (OSO_RULES_ATTACHMENTS | OSO_RULES_DOORSTROOMTOETS)

static enum oso_parse_keep keep_for(const oso_validate_options *o)
{
    unsigned int rules = o != NULL ? o->rules : OSO_RULES_OFFICIAL;
    return rules & CONTENT_READERS ? OSO_KEEP_ALL : OSO_KEEP_NO_ATTACHMENT_TEXT;
}

static oso_status validate_parsed(oso_report **out, oso_status st, oso_dossier *d,
                                  oso_report *parse_report, const oso_validate_options *o)
{
    if (d == NULL) {
        /* Refused input is an invalid file, described by the parse report. */
        if (parse_report != NULL &&
            (st == OSO_E_XML || st == OSO_E_LIMIT || st == OSO_E_UNSUPPORTED_STANDARD)) {
            *out = parse_report;
            return OSO_OK;
        }
        oso_report_free(parse_report);
        return st;
    }
    oso_report_free(parse_report);
    st = oso_validate(out, d, o);
    oso_dossier_free(d);
    return st;
}

oso_status oso_validate_file(oso_report **out, const char *path, const oso_validate_options *o,
                             const oso_parse_options *po)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_validate_file: NULL argument");
    *out = NULL;
    oso_dossier *d;
    oso_report *pr;
    oso_status st = oso_xml_parse_file(&d, &pr, path, po, keep_for(o));
    return validate_parsed(out, st, d, pr, o);
}

oso_status oso_validate_buffer(oso_report **out, const void *data, size_t len,
                               const oso_validate_options *o, const oso_parse_options *po)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_validate_buffer: NULL argument");
    *out = NULL;
    oso_dossier *d;
    oso_report *pr;
    oso_status st = oso_xml_parse_buffer(&d, &pr, data, len, po, keep_for(o));
    return validate_parsed(out, st, d, pr, o);
}
