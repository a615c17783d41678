/* Attachments, public API: finding `document` blocks, decoding, opened archives, verification
 * (the checks themselves are the ATT.* rule group in rules_attachments.c), streaming scans with
 * a spool file, and building attachments. */
#include "base/base64.h"
#include "attachments/check.h"
#include "attachments/filetype.h"
#include "base/error.h"
#include "base/report.h"
#include "model/navigate.h"
#include "schema/value.h"

#include "oso/attachments.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { DECODE_CHUNK = 48 * 1024 };

oso_status oso_attachment_options_init(oso_attachment_options *options, unsigned int version)
{
    if (options == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_options_init: NULL options");
    if (version == 0 || version > OSO_ATTACHMENT_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION,
                        "oso_attachment_options version %u is not supported", version);
    oso_attachment_options defaults = OSO_ATTACHMENT_OPTIONS_INIT;
    *options = defaults;
    return OSO_OK;
}

/* ---- finding attachments ------------------------------------------------------------------ */

oso_node *oso_attachment_next(const oso_dossier *dossier, const oso_node *after)
{
    const struct oso_node *root = oso_dossier_root(dossier);
    if (root == NULL || (after != NULL && oso_node_dossier(after) != dossier))
        return NULL;
    for (const struct oso_node *n = after ? oso_nav_next_in_subtree(root, after) : root;
         n != NULL; n = oso_nav_next_in_subtree(root, n))
        if (oso_att_is_document(n))
            return (oso_node *)n;
    return NULL;
}

size_t oso_attachment_count(const oso_dossier *dossier)
{
    size_t count = 0;
    for (oso_node *d = oso_attachment_next(dossier, NULL); d; d = oso_attachment_next(dossier, d))
        count++;
    return count;
}

static const char *field(const oso_node *document, uint16_t row)
{
    if (!oso_att_is_document(document))
        return NULL;
    const struct oso_node *c = oso_nav_child(document, row);
    return c ? oso_node_text(c) : NULL;
}

const char *oso_attachment_filename(const oso_node *document)
{
    return oso_att_is_document(document) ? field(document, oso_node_schema(document)->row_document_filename) : NULL;
}

const char *oso_attachment_description(const oso_node *document)
{
    return oso_att_is_document(document) ? field(document, oso_node_schema(document)->row_document_description) : NULL;
}

int oso_attachment_category(const oso_node *document)
{
    int category = 0;
    for (const struct oso_node *n = document; n != NULL && n->kind == OSO_KIND_ELEMENT;
         n = oso_nav_parent(n))
        if (n->row != OSO_SCHEMA_NONE && oso_node_row(n)->category != 0)
            category = oso_node_schema(n)->categories[oso_node_row(n)->category].number;
    return category;
}

/* ---- decoding ----------------------------------------------------------------------------- */

/* The Base64 text of a document's content, or a failure status. */
static oso_status content_text(const oso_node *document, const struct oso_node **content)
{
    if (!oso_att_is_document(document))
        return oso_fail(OSO_E_INVALID_ARG, "not a document element");
    *content = oso_att_content(document);
    if (*content == NULL)
        return oso_fail(OSO_E_NOT_FOUND, "the document has no bestandsinhoud");
    if ((*content)->flags & OSO_NF_STREAMED)
        return oso_fail(OSO_E_STATE, "the attachment was streamed while parsing and not kept");
    return OSO_OK;
}

oso_status oso_attachment_decode(unsigned char **zip, size_t *length, const oso_node *document)
{
    if (zip == NULL || length == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_decode: NULL argument");
    *zip = NULL;
    *length = 0;
    const struct oso_node *content = NULL; /* (set on success; gcc -O3 cannot tell) */
    oso_status st = content_text(document, &content);
    if (st != OSO_OK)
        return st;
    size_t cap = oso_base64_decoded_max(content->text_len);
    unsigned char *buf = malloc(cap ? cap : 1);
    if (buf == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory decoding an attachment");
    st = oso_base64_decode(oso_node_text(content), content->text_len, buf, cap, length, NULL);
    if (st != OSO_OK) {
        free(buf);
        *length = 0;
        return st;
    }
    *zip = buf;
    return OSO_OK;
}

oso_status oso_attachment_decode_to(const oso_node *document, oso_attachment_sink sink, void *ctx)
{
    if (sink == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_decode_to: NULL sink");
    const struct oso_node *content = NULL; /* (set on success; gcc -O3 cannot tell) */
    oso_status st = content_text(document, &content);
    if (st != OSO_OK)
        return st;
    unsigned char *out = malloc(DECODE_CHUNK);
    if (out == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory decoding an attachment");
    oso_base64_decoder dec;
    oso_base64_decoder_init(&dec);
    const char *text = oso_node_text(content);
    size_t left = content->text_len, n = 0;
    /* Pieces of 3/4 of the buffer always fit (decoded_max). */
    while (st == OSO_OK && left > 0) {
        size_t piece = left < DECODE_CHUNK / 4 * 3 ? left : DECODE_CHUNK / 4 * 3;
        st = oso_base64_decoder_feed(&dec, text, piece, out, DECODE_CHUNK, &n);
        if (n > 0) {
            oso_status sst = sink(ctx, out, n);
            st = sst != OSO_OK ? sst : st;
        }
        text += piece;
        left -= piece;
    }
    if (st == OSO_OK)
        st = oso_base64_decoder_finish(&dec, out, &n);
    free(out);
    return st;
}

static oso_status fd_sink(void *ctx, const unsigned char *data, size_t length)
{
    int fd = *(const int *)ctx;
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return oso_fail(OSO_E_IO, "write failed: %s", n < 0 ? strerror(errno) : "no space");
        data += n;
        length -= (size_t)n;
    }
    return OSO_OK;
}

oso_status oso_attachment_decode_fd(const oso_node *document, int fd)
{
    return oso_attachment_decode_to(document, fd_sink, &fd);
}

/* ---- opened attachments ------------------------------------------------------------------- */

struct oso_attachment {
    oso_zip_reader *zr;
    unsigned char *zip; /* decoded content owned by the attachment (NULL for other sources) */
};

static oso_status wrap(oso_attachment **out, oso_zip_reader *zr, unsigned char *zip)
{
    oso_attachment *a = malloc(sizeof *a);
    if (a == NULL) {
        oso_zip_reader_free(zr);
        free(zip);
        return oso_fail(OSO_E_NOMEM, "out of memory opening an attachment");
    }
    a->zr = zr;
    a->zip = zip;
    *out = a;
    return OSO_OK;
}

oso_status oso_attachment_open_buffer(oso_attachment **attachment, const unsigned char *zip,
                                      size_t length, const oso_attachment_options *options)
{
    if (attachment == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_open_buffer: NULL argument");
    *attachment = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ATTACHMENT_OPTIONS_VERSION, "oso_attachment_options");
    oso_zip_limits limits;
    oso_att_limits(options, &limits);
    oso_zip_reader *zr;
    oso_status st = oso_zip_reader_open(zip, length, &limits, &zr, NULL);
    return st != OSO_OK ? st : wrap(attachment, zr, NULL);
}

oso_status oso_attachment_open_fd(oso_attachment **attachment, int fd,
                                  const oso_attachment_options *options)
{
    if (attachment == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_open_fd: NULL argument");
    *attachment = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ATTACHMENT_OPTIONS_VERSION, "oso_attachment_options");
    oso_zip_limits limits;
    oso_att_limits(options, &limits);
    oso_zip_reader *zr;
    oso_status st = oso_zip_reader_open_fd(fd, &limits, &zr, NULL);
    return st != OSO_OK ? st : wrap(attachment, zr, NULL);
}

oso_status oso_attachment_open(oso_attachment **attachment, const oso_node *document,
                               const oso_attachment_options *options)
{
    if (attachment == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_open: NULL argument");
    *attachment = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ATTACHMENT_OPTIONS_VERSION, "oso_attachment_options");
    unsigned char *zip;
    size_t len;
    oso_status st = oso_attachment_decode(&zip, &len, document);
    if (st != OSO_OK)
        return st;
    oso_zip_limits limits;
    oso_att_limits(options, &limits);
    oso_zip_reader *zr;
    st = oso_zip_reader_open(zip, len, &limits, &zr, NULL);
    if (st != OSO_OK) {
        free(zip);
        return st;
    }
    return wrap(attachment, zr, zip);
}

void oso_attachment_free(oso_attachment *attachment)
{
    if (attachment == NULL)
        return;
    oso_zip_reader_free(attachment->zr);
    free(attachment->zip);
    free(attachment);
}

static const oso_zip_entry *entry(const oso_attachment *a, size_t index)
{
    return a != NULL ? oso_zip_reader_entry(a->zr, index) : NULL;
}

size_t oso_attachment_entry_count(const oso_attachment *attachment)
{
    return attachment != NULL ? oso_zip_reader_count(attachment->zr) : 0;
}

const char *oso_attachment_entry_name(const oso_attachment *attachment, size_t index)
{
    const oso_zip_entry *e = entry(attachment, index);
    return e != NULL ? e->name : NULL;
}

size_t oso_attachment_entry_name_length(const oso_attachment *attachment, size_t index)
{
    const oso_zip_entry *e = entry(attachment, index);
    return e != NULL ? e->name_len : 0;
}

uint64_t oso_attachment_entry_size(const oso_attachment *attachment, size_t index)
{
    const oso_zip_entry *e = entry(attachment, index);
    return e != NULL ? e->uncompressed_size : 0;
}

uint64_t oso_attachment_entry_compressed_size(const oso_attachment *attachment, size_t index)
{
    const oso_zip_entry *e = entry(attachment, index);
    return e != NULL ? e->compressed_size : 0;
}

int oso_attachment_entry_is_dir(const oso_attachment *attachment, size_t index)
{
    const oso_zip_entry *e = entry(attachment, index);
    return e != NULL && e->is_dir;
}

int oso_attachment_entry_name_safe(const oso_attachment *attachment, size_t index)
{
    const oso_zip_entry *e = entry(attachment, index);
    return e != NULL && e->name_problem == OSO_ZIP_OK;
}

oso_status oso_attachment_find(const oso_attachment *attachment, const char *name, size_t *index)
{
    if (attachment == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_find: NULL argument");
    return oso_zip_reader_find(attachment->zr, name, index);
}

oso_status oso_attachment_extract(unsigned char **data, size_t *length, oso_attachment *attachment,
                                  size_t index)
{
    if (data == NULL || length == NULL || attachment == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_extract: NULL argument");
    return oso_zip_extract_mem(attachment->zr, index, data, length, NULL);
}

/* zipmem sinks answer with an int; the caller's status travels beside it. */
struct sink_relay {
    oso_attachment_sink sink;
    void *ctx;
    oso_status status;
};

static int relay(void *ctx, const unsigned char *buf, size_t len)
{
    struct sink_relay *r = ctx;
    r->status = r->sink(r->ctx, buf, len);
    return r->status != OSO_OK;
}

oso_status oso_attachment_extract_to(oso_attachment *attachment, size_t index,
                                     oso_attachment_sink sink, void *ctx)
{
    if (attachment == NULL || sink == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_extract_to: NULL argument");
    struct sink_relay r = {sink, ctx, OSO_OK};
    oso_zip_problem problem = OSO_ZIP_OK;
    oso_status st = oso_zip_extract(attachment->zr, index, relay, &r, &problem);
    return problem == OSO_ZIP_ABORTED ? r.status : st;
}

oso_status oso_attachment_extract_fd(oso_attachment *attachment, size_t index, int fd)
{
    return oso_attachment_extract_to(attachment, index, fd_sink, &fd);
}

/* ---- verification ------------------------------------------------------------------------- */

oso_status oso_attachment_verify(oso_report **report, const oso_node *document,
                                 const oso_attachment_options *options)
{
    if (report == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_verify: NULL argument");
    *report = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ATTACHMENT_OPTIONS_VERSION, "oso_attachment_options");
    if (!oso_att_is_document(document))
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_verify: not a document element");
    oso_report *r = oso_report_new();
    if (r == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory verifying an attachment");
    struct oso_att_check c;
    oso_att_check_init(&c, r, options, 0);
    oso_att_check_document(&c, document); /* a failure is reported as ATT.UNCHECKED */
    oso_att_check_done(&c);
    *report = r;
    return OSO_OK;
}

oso_status oso_attachments_verify(oso_report **report, const oso_dossier *dossier,
                                  const oso_attachment_options *options)
{
    if (report == NULL || dossier == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachments_verify: NULL argument");
    *report = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ATTACHMENT_OPTIONS_VERSION, "oso_attachment_options");
    oso_report *r = oso_report_new();
    if (r == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory verifying attachments");
    struct oso_att_check c;
    oso_att_check_init(&c, r, options, 0);
    for (oso_node *d = oso_attachment_next(dossier, NULL); d; d = oso_attachment_next(dossier, d))
        oso_att_check_document(&c, d);
    oso_att_check_done(&c);
    oso_report_sort(r);
    *report = r;
    return OSO_OK;
}

/* ---- streaming ---------------------------------------------------------------------------- */

/* One scan: the parser hands each attachment's ZIP bytes to scan_fn, which spools them to a
 * temporary file and, at the end of each, opens the archive from there. The parser delivers
 * small pieces (expat reports text line by line), so they are gathered into SPOOL_BUFFER-sized
 * writes. */
enum { SPOOL_BUFFER = 256 * 1024 };

struct scan {
    struct oso_att_check check;
    int verify;
    oso_attachment_visit_fn visit;
    void *ctx;
    int spool_fd;        /* -1 until the first attachment */
    unsigned char *buf;  /* SPOOL_BUFFER bytes not written yet, from offset `written` on */
    size_t buffered;
    uint64_t written;    /* bytes of the current attachment in the file */
    oso_status failed;   /* why scan_fn stopped the parser */
    char *failed_message;
};

static oso_status spool_flush(struct scan *s)
{
    for (size_t at = 0; at < s->buffered;) {
        ssize_t n = pwrite(s->spool_fd, s->buf + at, s->buffered - at, (off_t)(s->written + at));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return oso_fail(OSO_E_IO, "writing a temporary file failed: %s",
                            n < 0 ? strerror(errno) : "no space");
        at += (size_t)n;
    }
    s->written += s->buffered;
    s->buffered = 0;
    return OSO_OK;
}

static oso_status scan_stop(struct scan *s, oso_status st)
{
    s->failed = st;
    free(s->failed_message);
    s->failed_message = strdup(oso_error_last());
    return st;
}

/* The visitor, for an attachment that could not be opened. */
static oso_status visit_unreadable(struct scan *s, const oso_node *document)
{
    return s->visit != NULL ? s->visit(s->ctx, document, NULL) : OSO_OK;
}

static oso_status scan_attachment(struct scan *s, const oso_node *document)
{
    oso_zip_problem problem = OSO_ZIP_OK;
    oso_zip_reader *zr;
    oso_status st = oso_zip_reader_open_fd(s->spool_fd, &s->check.limits, &zr, &problem);
    if (st == OSO_E_ZIP || st == OSO_E_LIMIT) {
        /* The message says why the archive cannot be opened: keep it for the visitor. */
        char why[1024];
        snprintf(why, sizeof why, "%s", oso_error_last());
        unsigned char head[OSO_ATT_HEAD_BYTES];
        ssize_t got = pread(s->spool_fd, head, sizeof head, 0);
        st = oso_att_report_open(&s->check, document, st, problem, head,
                                 got > 0 ? (size_t)got : 0, s->written);
        oso_fail(OSO_E_ZIP, "%s", why);
        return st == OSO_OK ? visit_unreadable(s, document) : st;
    }
    oso_attachment *a = NULL;
    if (st == OSO_OK && (st = wrap(&a, zr, NULL)) == OSO_OK && s->verify)
        st = oso_att_check_archive(&s->check, document, zr);
    if (st == OSO_OK && s->visit != NULL)
        st = s->visit(s->ctx, document, a);
    oso_attachment_free(a);
    return st;
}

static oso_status scan_fn(void *ctx, const oso_node *document, const unsigned char *data,
                          size_t length, int done)
{
    struct scan *s = ctx;
    if (s->spool_fd < 0) {
        if ((s->spool_fd = oso_att_tmpfile()) < 0)
            return scan_stop(s, oso_fail(OSO_E_IO, "cannot create a temporary file: %s",
                                         strerror(errno)));
        if ((s->buf = malloc(SPOOL_BUFFER)) == NULL)
            return scan_stop(s, oso_fail(OSO_E_NOMEM, "out of memory scanning attachments"));
    }
    oso_status st = OSO_OK;
    while (length > 0) {
        size_t n = SPOOL_BUFFER - s->buffered < length ? SPOOL_BUFFER - s->buffered : length;
        memcpy(s->buf + s->buffered, data, n);
        s->buffered += n;
        data += n;
        length -= n;
        if (s->buffered == SPOOL_BUFFER && (st = spool_flush(s)) != OSO_OK)
            return scan_stop(s, st);
    }
    if (done == 0)
        return OSO_OK;
    if ((st = spool_flush(s)) != OSO_OK)
        return scan_stop(s, st);
    if (done < 0) { /* invalid Base64 (ATT.BASE64) or refused input: oso_error_last() says */
        st = visit_unreadable(s, document);
    } else if (s->written == 0) {
        st = oso_att_report_open(&s->check, document, OSO_E_ZIP, OSO_ZIP_NOT_ZIP, NULL, 0, 0);
        oso_fail(OSO_E_ZIP, "the attachment is empty");
        if (st == OSO_OK)
            st = visit_unreadable(s, document);
    } else {
        st = scan_attachment(s, document);
    }
    /* The spool file is reused: the next attachment starts at offset 0 again. */
    s->written = 0;
    if (st == OSO_OK && ftruncate(s->spool_fd, 0) != 0)
        st = oso_fail(OSO_E_IO, "cannot reuse a temporary file: %s", strerror(errno));
    return st == OSO_OK ? OSO_OK : scan_stop(s, st);
}

/* Keep what the scan is about from the parser's report: attachment findings, or all of it
 * (the one diagnostic saying why) when the input was refused. */
static int take_findings(oso_report *dst, const oso_report *parse_report, int refused)
{
    for (size_t i = 0; parse_report != NULL && i < parse_report->count; i++) {
        const struct oso_diagnostic *g = &parse_report->items[i];
        if ((refused || strncmp(g->rule, "ATT.", 4) == 0) &&
            !oso_report_add(dst, g->rule, g->severity, g->path, g->line, g->column, g->order,
                            g->message[0], g->message[1]))
            return 0;
    }
    return 1;
}

/* Parse from `fd` or `path` (whichever is given) with the scanner attached. */
static oso_status scan(oso_dossier **dossier, oso_report **report, int fd, const char *path,
                       const oso_attachment_options *options,
                       const oso_parse_options *parse_options, int verify,
                       oso_attachment_visit_fn visit, void *ctx)
{
    if (dossier != NULL)
        *dossier = NULL;
    if (report == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachments_scan: NULL report");
    *report = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ATTACHMENT_OPTIONS_VERSION, "oso_attachment_options");
    OSO_CHECK_OPTIONS_VERSION(parse_options, OSO_PARSE_OPTIONS_VERSION, "oso_parse_options");
    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    if (parse_options != NULL)
        po = *parse_options;
    else
        po.max_input_bytes = UINT64_MAX;
    struct scan s = {.verify = verify, .visit = visit, .ctx = ctx, .spool_fd = -1};
    oso_report *found = oso_report_new();
    if (found == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory scanning attachments");
    oso_att_check_init(&s.check, found, options, 0);
    po.attachment_fn = scan_fn;
    po.attachment_ctx = &s;
    oso_dossier *d = NULL;
    oso_report *pr = NULL;
    oso_status st = path != NULL ? oso_dossier_parse_file(&d, &pr, path, &po)
                                 : oso_dossier_parse_fd(&d, &pr, fd, &po);
    oso_att_check_done(&s.check);
    if (s.spool_fd >= 0)
        close(s.spool_fd);
    free(s.buf);
    if (s.failed != OSO_OK) {
        /* The parser turned the failure into a refusal: give the caller the real one. */
        st = oso_fail(s.failed, "%s", s.failed_message ? s.failed_message : "");
    } else if (st == OSO_OK || st == OSO_E_XML || st == OSO_E_LIMIT ||
               st == OSO_E_UNSUPPORTED_STANDARD) {
        st = take_findings(found, pr, st != OSO_OK)
                 ? OSO_OK
                 : oso_fail(OSO_E_NOMEM, "out of memory scanning attachments");
    }
    free(s.failed_message);
    oso_report_free(pr);
    if (st != OSO_OK) {
        oso_dossier_free(d);
        oso_report_free(found);
        return st;
    }
    oso_report_sort(found);
    *report = found;
    if (dossier != NULL)
        *dossier = d;
    else
        oso_dossier_free(d);
    return OSO_OK;
}

oso_status oso_attachments_scan_file(oso_dossier **dossier, oso_report **report, const char *path,
                                     const oso_attachment_options *options,
                                     const oso_parse_options *parse_options, int verify,
                                     oso_attachment_visit_fn visit, void *ctx)
{
    if (path == NULL) {
        if (report != NULL)
            *report = NULL;
        if (dossier != NULL)
            *dossier = NULL;
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachments_scan_file: NULL path");
    }
    return scan(dossier, report, -1, path, options, parse_options, verify, visit, ctx);
}

oso_status oso_attachments_scan_fd(oso_dossier **dossier, oso_report **report, int fd,
                                   const oso_attachment_options *options,
                                   const oso_parse_options *parse_options, int verify,
                                   oso_attachment_visit_fn visit, void *ctx)
{
    return scan(dossier, report, fd, NULL, options, parse_options, verify, visit, ctx);
}

oso_status oso_attachments_verify_file(oso_report **report, const char *path,
                                       const oso_attachment_options *options,
                                       const oso_parse_options *parse_options)
{
    return oso_attachments_scan_file(NULL, report, path, options, parse_options, 1, NULL, NULL);
}

/* ---- adding attachments ------------------------------------------------------------------- */

/* Refuse what verification would flag: names that cannot be entry names, documents whose name
 * or content is not an allowed type, and (an exporter controls this) a name whose type differs
 * from the content's, which verification only warns about in received dossiers. */
static oso_status check_policy(const char *filename, const char *description,
                               const unsigned char *data, size_t length)
{
    if (filename == NULL || (data == NULL && length > 0))
        return oso_fail(OSO_E_INVALID_ARG, "attachment: NULL argument");
    if (description != NULL && !oso_text_is_xml(description, strlen(description)))
        return oso_fail(OSO_E_INVALID_ARG, "omschrijving is not valid UTF-8 text");
    oso_zip_problem np = oso_zip_name_problem(filename);
    if (np != OSO_ZIP_OK || strchr(filename, '/') != NULL)
        return oso_fail(OSO_E_POLICY, "attachment name '%s' is not a plain file name (%s)",
                        filename, np != OSO_ZIP_OK ? oso_zip_problem_text(np) : "folder");
    if (!oso_text_is_xml(filename, strlen(filename)))
        return oso_fail(OSO_E_INVALID_ARG, "attachment name is not valid UTF-8 text");
    oso_filetype_verdict v;
    oso_status st = oso_filetype_check(filename, data, length, NULL, &v);
    if (st != OSO_OK)
        return st;
    if (!v.name_allowed)
        return oso_fail(OSO_E_POLICY, "'%s' does not have the extension of an allowed type",
                        filename);
    if (!v.content_allowed)
        return oso_fail(OSO_E_POLICY, "the content of '%s' is not an allowed type (%s)",
                        filename, oso_filetype_name(v.by_content));
    if (!v.agree)
        return oso_fail(OSO_E_POLICY, "the content of '%s' is %s, which its name does not say",
                        filename, oso_filetype_name(v.by_content));
    return OSO_OK;
}

/* ZIP (one deflated entry) then Base64 in 76-character CRLF lines, NUL-terminated. */
static oso_status zip_base64(const char *name, const unsigned char *data, size_t len, time_t mtime,
                             char **out)
{
    oso_zip_writer *zw;
    unsigned char *zip = NULL;
    size_t zlen = 0;
    oso_status st = oso_zip_writer_new(&zw);
    if (st != OSO_OK)
        return st;
    if ((st = oso_zip_writer_add(zw, name, data, len, mtime)) == OSO_OK)
        st = oso_zip_writer_finish(zw, &zip, &zlen);
    oso_zip_writer_free(zw);
    if (st != OSO_OK)
        return st;
    size_t size = oso_base64_encoded_size(zlen), blen = 0;
    *out = size < SIZE_MAX ? malloc(size + 1) : NULL;
    if (*out == NULL)
        st = oso_fail(OSO_E_NOMEM, "out of memory encoding an attachment");
    else if ((st = oso_base64_encode(zip, zlen, *out, size + 1, &blen)) == OSO_OK)
        (*out)[blen] = '\0';
    free(zip);
    return st;
}

/* The child of `document` with `row`, created when missing. */
static oso_status child(oso_node **out, oso_node *document, uint16_t row)
{
    if ((*out = oso_nav_child(document, row)) != NULL)
        return OSO_OK;
    return oso_node_add(out, document, oso_node_schema(document)->rows[row].name, NULL);
}

/* Fill `document` once everything that can be refused has been checked: from here on only
 * running out of memory can fail. */
static oso_status fill(oso_node *document, const char *filename, const char *description,
                       const char *content)
{
    const struct oso_schema *sc = oso_node_schema(document);
    oso_node *n;
    oso_status st;
    if ((st = child(&n, document, sc->row_document_filename)) != OSO_OK ||
        (st = oso_node_set_text(n, filename)) != OSO_OK)
        return st;
    const struct oso_node *old = NULL;
    for (const struct oso_node *c = oso_nav_child(document, sc->row_document_description);
         c != NULL; c = oso_nav_next_same_row(c))
        old = c;
    if (description == NULL && old != NULL && (st = oso_node_remove((oso_node *)old)) != OSO_OK)
        return st;
    if (description != NULL &&
        ((st = child(&n, document, sc->row_document_description)) != OSO_OK ||
         (st = oso_node_set_text(n, description)) != OSO_OK))
        return st;
    if ((st = child(&n, document, sc->row_document_content)) != OSO_OK)
        return st;
    /* Replacing content that was streamed away while parsing puts it back into the model. */
    n->flags &= (uint8_t)~OSO_NF_STREAMED;
    return oso_node_set_text(n, content);
}

/* Fill `document` with a document that passed check_policy(). */
static oso_status put(oso_node *document, const char *filename, const char *description,
                      const unsigned char *data, size_t length, time_t mtime)
{
    /* The strings may be borrowed from this very document, which the edit replaces. */
    char *name = strdup(filename), *desc = description ? strdup(description) : NULL, *content = NULL;
    oso_status st;
    if (name == NULL || (description != NULL && desc == NULL))
        st = oso_fail(OSO_E_NOMEM, "out of memory adding an attachment");
    else if ((st = zip_base64(name, data, length, mtime, &content)) == OSO_OK)
        st = fill(document, name, desc, content);
    free(name);
    free(desc);
    free(content);
    return st;
}

static oso_status set_data(oso_node *document, const char *filename, const char *description,
                           const unsigned char *data, size_t length, time_t mtime)
{
    if (!oso_att_is_document(document))
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_set: not a document element");
    oso_status st = check_policy(filename, description, data, length);
    return st == OSO_OK ? put(document, filename, description, data, length, mtime) : st;
}

oso_status oso_attachment_set(oso_node *document, const char *filename, const char *description,
                              const unsigned char *data, size_t length)
{
    return set_data(document, filename, description, data, length, 0);
}

/* Read a whole file; *mtime gets its modification time. */
static oso_status read_file(const char *path, unsigned char **data, size_t *length, time_t *mtime)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return oso_fail(OSO_E_IO, "cannot open %s: %s", path, strerror(errno));
    struct stat sb;
    oso_status st = OSO_OK;
    unsigned char *buf = NULL;
    size_t len = 0;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        st = oso_fail(OSO_E_IO, "%s is not a readable regular file", path);
    } else if ((uint64_t)sb.st_size >= SIZE_MAX || (buf = malloc((size_t)sb.st_size + 1)) == NULL) {
        st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", path);
    } else {
        /* Read what is there now: the size may change under us. */
        size_t cap = (size_t)sb.st_size + 1;
        for (;;) {
            ssize_t n = read(fd, buf + len, cap - len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                st = oso_fail(OSO_E_IO, "cannot read %s: %s", path, strerror(errno));
                break;
            }
            if (n == 0)
                break;
            len += (size_t)n;
            if (len == cap) {
                unsigned char *p = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
                if (p == NULL) {
                    st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", path);
                    break;
                }
                buf = p;
                cap *= 2;
            }
        }
        *mtime = sb.st_mtime;
    }
    close(fd);
    if (st != OSO_OK) {
        free(buf);
        return st;
    }
    *data = buf;
    *length = len;
    return OSO_OK;
}

static const char *file_name_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

oso_status oso_attachment_set_file(oso_node *document, const char *path, const char *filename,
                                   const char *description)
{
    if (path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_set_file: NULL path");
    unsigned char *data;
    size_t len;
    time_t mtime;
    oso_status st = read_file(path, &data, &len, &mtime);
    if (st != OSO_OK)
        return st;
    st = set_data(document, filename ? filename : file_name_of(path), description, data, len,
                  mtime);
    free(data);
    return st;
}

/* Name of the `document` child row that `parent` allows, or NULL. */
static const char *document_child_name(const oso_node *parent)
{
    if (parent == NULL || parent->kind != OSO_KIND_ELEMENT || parent->row == OSO_SCHEMA_NONE ||
        oso_node_row(parent)->ctype == OSO_SCHEMA_NONE)
        return NULL;
    const struct oso_schema *sc = oso_node_schema(parent);
    const struct oso_ctype *t = &sc->ctypes[oso_node_row(parent)->ctype];
    for (uint16_t i = 0; i < t->rows_count; i++) {
        uint16_t row = sc->ctype_rows[t->rows_first + i];
        if (sc->rows[row].ctype == sc->ctype_document)
            return sc->rows[row].name;
    }
    return NULL;
}

static oso_status add_data(oso_node **document, oso_node *parent, const char *filename,
                           const char *description, const unsigned char *data, size_t length,
                           time_t mtime)
{
    if (document != NULL)
        *document = NULL;
    const char *name = document_child_name(parent);
    if (name == NULL)
        return oso_fail(OSO_E_SCHEMA, "element '%s' cannot hold a document",
                        parent ? oso_node_name(parent) : "(null)");
    /* Refuse before touching the dossier, so that a refusal leaves it unchanged. */
    oso_status st = check_policy(filename, description, data, length);
    if (st != OSO_OK)
        return st;
    oso_node *doc;
    if ((st = oso_node_add(&doc, parent, name, NULL)) != OSO_OK)
        return st;
    if ((st = put(doc, filename, description, data, length, mtime)) != OSO_OK) {
        oso_node_remove(doc);
        return st;
    }
    if (document != NULL)
        *document = doc;
    return OSO_OK;
}

oso_status oso_attachment_add(oso_node **document, oso_node *parent, const char *filename,
                              const char *description, const unsigned char *data, size_t length)
{
    return add_data(document, parent, filename, description, data, length, 0);
}

oso_status oso_attachment_add_file(oso_node **document, oso_node *parent, const char *path,
                                   const char *filename, const char *description)
{
    if (document != NULL)
        *document = NULL;
    if (path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_attachment_add_file: NULL path");
    unsigned char *data;
    size_t len;
    time_t mtime;
    oso_status st = read_file(path, &data, &len, &mtime);
    if (st != OSO_OK)
        return st;
    st = add_data(document, parent, filename ? filename : file_name_of(path), description, data,
                  len, mtime);
    free(data);
    return st;
}
