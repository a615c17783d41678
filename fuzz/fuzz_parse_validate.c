/*
 * Whole-dossier parse and full validation: oso_validate_buffer() with every rule group
 * (attachments and doorstroomtoets included), lenient and strict, under two profiles; then the
 * model that parsed is validated again through oso_validate() and serialized to XML (compact and
 * indented) and JSON (with and without attachment content).
 *
 * Checked beyond "no crash": a successful call returns a report; the report's counts agree with
 * its diagnostics; oso_validate() on the parsed model and oso_validate_buffer() on the bytes give
 * the same report for the same options; the writers succeed on every parsed model.
 */
#include "fuzz_common.h"

static void check_counts(const oso_report *r)
{
    size_t n = oso_report_count(r), errors = 0, warnings = 0;
    for (size_t i = 0; i < n; i++) {
        const oso_diagnostic *d = oso_report_at(r, i);
        oso_severity sev = oso_diagnostic_severity(d);
        FUZZ_CHECK(sev == OSO_SEVERITY_ERROR || sev == OSO_SEVERITY_WARNING || sev == OSO_SEVERITY_INFO,
                   "diagnostic %zu has severity %d", i, (int)sev);
        errors += sev == OSO_SEVERITY_ERROR;
        warnings += sev == OSO_SEVERITY_WARNING;
        FUZZ_CHECK(oso_diagnostic_rule(d) != NULL && oso_diagnostic_path(d) != NULL,
                   "diagnostic %zu has no rule or path", i);
        FUZZ_CHECK(oso_diagnostic_message(d, OSO_LANG_NL) != NULL &&
                       oso_diagnostic_message(d, OSO_LANG_EN) != NULL,
                   "diagnostic %zu has no message", i);
    }
    FUZZ_CHECK(errors == oso_report_error_count(r), "error count %zu, counted %zu",
               oso_report_error_count(r), errors);
    FUZZ_CHECK(warnings == oso_report_warning_count(r), "warning count %zu, counted %zu",
               oso_report_warning_count(r), warnings);
    FUZZ_CHECK(oso_report_valid(r) == (errors == 0), "valid %d with %zu errors", oso_report_valid(r),
               errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const oso_profile profiles[] = {OSO_PROFILE_AUTO, OSO_PROFILE_OV, OSO_PROFILE_PAO,
                                           OSO_PROFILE_NONE};
    const unsigned all_rules = OSO_RULES_OFFICIAL | OSO_RULES_ATTACHMENTS | OSO_RULES_DOORSTROOMTOETS;

    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    oso_attachment_options ao = OSO_ATTACHMENT_OPTIONS_INIT;
    ao.max_entry_size = 8u << 20; /* keep one run's memory small; the defaults are tested */
    ao.max_total_size = 16u << 20; /* by the hostile catalogue */

    /* The profile of the second pass follows from the size, so every profile gets exercised
     * without taking bytes away from the XML. */
    oso_profile second = profiles[size % 4];
    fz_str from_buffer[2] = {{0}};
    for (int strict = 0; strict <= 1; strict++) {
        oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
        vo.rules = all_rules;
        vo.strict = strict;
        vo.attachments = &ao;
        vo.profile = strict ? second : OSO_PROFILE_AUTO;
        oso_report *r = NULL;
        oso_status st = oso_validate_buffer(&r, data, size, &vo, &po);
        FUZZ_CHECK(st == OSO_OK || st == OSO_E_NOMEM, "oso_validate_buffer: status %d (%s)", (int)st,
                   oso_strerror(st));
        if (st == OSO_OK) {
            FUZZ_CHECK(r != NULL, "oso_validate_buffer: OK without a report");
            check_counts(r);
            fz_report(&from_buffer[strict], r, FZ_FULL);
        }
        oso_report_free(r);
    }

    oso_dossier *d = NULL;
    oso_report *pr = NULL;
    oso_status st = oso_dossier_parse_buffer(&d, &pr, data, size, &po);
    FUZZ_CHECK((st == OSO_OK) == (d != NULL), "parse status %d with dossier %p", (int)st, (void *)d);
    if (pr != NULL)
        check_counts(pr);
    if (d != NULL) {
        for (int strict = 0; strict <= 1; strict++) {
            oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
            vo.rules = all_rules;
            vo.strict = strict;
            vo.attachments = &ao;
            vo.profile = strict ? second : OSO_PROFILE_AUTO;
            oso_report *r = NULL;
            oso_status vs = oso_validate(&r, d, &vo);
            FUZZ_CHECK(vs == OSO_OK, "oso_validate: status %d", (int)vs);
            check_counts(r);
            fz_str from_model = {0};
            fz_report(&from_model, r, FZ_FULL);
            if (from_buffer[strict].len && !fz_eq(&from_buffer[strict], &from_model)) {
                fz_show_diff("reports of oso_validate_buffer and parse + oso_validate",
                             &from_buffer[strict], &from_model);
                FUZZ_CHECK(0, "strict=%d: the two reports differ", strict);
            }
            fz_free(&from_model);
            oso_report_free(r);
        }

        for (int variant = 0; variant < 4; variant++) {
            oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
            wo.compact = variant & 1;
            wo.omit_attachment_content = (variant >> 1) & 1;
            char *text = NULL;
            size_t len = 0;
            oso_status ws = oso_dossier_to_xml(&text, &len, d, &wo);
            FUZZ_CHECK(ws == OSO_OK, "oso_dossier_to_xml: status %d", (int)ws);
            FUZZ_CHECK(text != NULL && text[len] == '\0' && strlen(text) == len,
                       "XML output not NUL-terminated at its length or holds a NUL");
            oso_free(text);
            text = NULL;
            ws = oso_dossier_to_json(&text, &len, d, &wo);
            FUZZ_CHECK(ws == OSO_OK, "oso_dossier_to_json: status %d", (int)ws);
            FUZZ_CHECK(text != NULL && text[len] == '\0' && strlen(text) == len,
                       "JSON output not NUL-terminated at its length or holds a NUL");
            oso_free(text);
        }
    }
    oso_report_free(pr);
    oso_dossier_free(d);
    fz_free(&from_buffer[0]);
    fz_free(&from_buffer[1]);
    return 0;
}
