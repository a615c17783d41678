/*
 * Whole-dossier parse and full validation: oso_validate_buffer() with every rule group
 * (attachments and doorstroomtoets included), lenient and strict, under two profiles; then the
 * model that parsed is validated again through oso_validate() and serialized to XML (compact and
 * indented) and JSON (with and without attachment content).
 *
 * Checked beyond "no crash": a successful call returns a report; the report's counts agree with
 * its diagnostics; oso_validate() on the parsed model and oso_validate_buffer() on the bytes give
 * the same report for the same options; the writers succeed on every parsed model; attachments
 * streamed while parsing (attachment_fn) are the bytes oso_attachment_decode() gives on the
 * model, and streaming verification (oso_attachments_scan_fd) finds the same ATT.* problems as
 * oso_attachments_verify() on the model; with the default rules, which read no attachment
 * content, oso_validate_buffer() (which then does not keep it) and the model give one report.
 */
#include "fuzz_common.h"

#include <sys/mman.h>
#include <unistd.h>

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

/* ---- attachments: streaming against the model ------------------------------------------- */

typedef struct streamed {
    fz_str bytes[16]; /* decoded content of the first 16 attachments, in document order */
    int done[16];     /* last `done` flag seen: 1 complete, -1 failed */
    size_t count;     /* attachments seen */
    int calls_after_done;
} streamed;

static oso_status collect_attachment(void *ctx, const oso_node *document, const unsigned char *data,
                                     size_t length, int done)
{
    (void)document;
    streamed *s = ctx;
    /* A new attachment starts when the previous one is done (or at the first call). */
    size_t k = s->count;
    if (k == 0 || s->done[(k - 1) % 16] != 0) {
        s->count++;
        k = s->count;
        if (k <= 16)
            s->done[k - 1] = 0;
    }
    if (k <= 16) {
        fz_add(&s->bytes[k - 1], data, length);
        s->done[k - 1] = done;
    }
    return OSO_OK;
}

/* Number of `name` children of `n`. */
static size_t count_children(const oso_node *n, const char *name)
{
    size_t c = 0;
    for (const oso_node *k = oso_node_child(n, name); k != NULL; k = oso_node_next_same(k))
        c++;
    return c;
}

/* ATT.* diagnostics of a report as "rule severity path" lines. */
static void att_lines(fz_str *out, const oso_report *r)
{
    for (size_t i = 0; r != NULL && i < oso_report_count(r); i++) {
        const oso_diagnostic *d = oso_report_at(r, i);
        if (strncmp(oso_diagnostic_rule(d), "ATT.", 4) != 0)
            continue;
        fz_adds(out, oso_diagnostic_rule(d));
        fz_adds(out, " ");
        fz_adds(out, oso_severity_name(oso_diagnostic_severity(d)));
        fz_adds(out, " ");
        fz_adds(out, oso_diagnostic_path(d));
        fz_adds(out, "\n");
    }
}

/*
 * A parse with an attachment_fn hands over, per attachment, exactly the bytes that
 * oso_attachment_decode() gives on the model (when that succeeds), and the streaming verifier
 * (oso_attachments_scan_fd) finds the same ATT.* problems as oso_attachments_verify() on the
 * model. Only for documents with at most one `bestandsinhoud` (the streaming hook takes each
 * such element; the model's decoder the first) holding no elements (the model then keeps no
 * text for it and decodes zero bytes, while streaming decodes the text pieces around the
 * elements: both are XSD errors anyway, see fuzz/README.md).
 */
static void check_streaming(const uint8_t *data, size_t size, const oso_dossier *d,
                            const oso_attachment_options *ao)
{
    size_t n = 0;
    for (const oso_node *doc = oso_attachment_next(d, NULL); doc; doc = oso_attachment_next(d, doc)) {
        const oso_node *content = oso_node_child(doc, "bestandsinhoud");
        if (count_children(doc, "bestandsinhoud") > 1 ||
            (content != NULL && oso_node_child_count(content) > 0))
            return;
        n++;
    }
    if (n == 0)
        return;

    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    streamed s;
    memset(&s, 0, sizeof s);
    po.attachment_fn = collect_attachment;
    po.attachment_ctx = &s;
    oso_dossier *sd = NULL;
    oso_report *sr = NULL;
    oso_status st = oso_dossier_parse_buffer(&sd, &sr, data, size, &po);
    FUZZ_CHECK(st == OSO_OK, "streaming parse: status %d where the plain parse succeeded", (int)st);
    size_t k = 0;
    for (const oso_node *doc = oso_attachment_next(d, NULL); doc && k < 16;
         doc = oso_attachment_next(d, doc)) {
        unsigned char *zip = NULL;
        size_t len = 0;
        oso_status ds = oso_attachment_decode(&zip, &len, doc);
        if (ds == OSO_E_NOT_FOUND)
            continue; /* no content: the hook is not called for it */
        FUZZ_CHECK(k < s.count, "attachment %zu decodes on the model (%d) but was not streamed",
                   k, (int)ds);
        if (ds == OSO_OK) {
            FUZZ_CHECK(s.done[k] == 1, "attachment %zu decodes on the model, streaming said %d", k,
                       s.done[k]);
            FUZZ_CHECK(s.bytes[k].len == len && (len == 0 || memcmp(s.bytes[k].p, zip, len) == 0),
                       "attachment %zu: streamed %zu bytes, model decodes %zu (or they differ)", k,
                       s.bytes[k].len, len);
        } else {
            FUZZ_CHECK(ds == OSO_E_BASE64 && s.done[k] == -1,
                       "attachment %zu: model decode %d, streaming done %d", k, (int)ds, s.done[k]);
        }
        oso_free(zip);
        k++;
    }
    if (k < 16)
        FUZZ_CHECK(s.count == k, "%zu attachments streamed, %zu on the model", s.count, k);
    for (size_t i = 0; i < 16; i++)
        fz_free(&s.bytes[i]);
    oso_report_free(sr);
    oso_dossier_free(sd);

    /* Verification: streaming (through a temporary file per attachment) and on the model. */
    oso_report *dom = NULL, *scan = NULL;
    FUZZ_CHECK(oso_attachments_verify(&dom, d, ao) == OSO_OK, "oso_attachments_verify failed");
    int fd = memfd_create("fuzz_dossier", 0);
    FUZZ_CHECK(fd >= 0 && write(fd, data, size) == (ssize_t)size && lseek(fd, 0, SEEK_SET) == 0,
               "memfd");
    oso_parse_options spo = OSO_PARSE_OPTIONS_INIT;
    st = oso_attachments_scan_fd(NULL, &scan, fd, ao, &spo, 1, NULL, NULL);
    close(fd);
    FUZZ_CHECK(st == OSO_OK, "oso_attachments_scan_fd: status %d (%s)", (int)st, oso_strerror(st));
    fz_str a = {0}, b = {0};
    att_lines(&a, dom);
    att_lines(&b, scan);
    if (!fz_eq(&a, &b)) {
        fz_show_diff("ATT findings on the model and streaming", &a, &b);
        FUZZ_CHECK(0, "oso_attachments_verify and oso_attachments_scan_fd disagree");
    }
    fz_free(&a);
    fz_free(&b);
    oso_report_free(dom);
    oso_report_free(scan);
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
    fz_check_content_dropped(data, size, d, pr, &po);
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

        check_streaming(data, size, d, &ao);

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
