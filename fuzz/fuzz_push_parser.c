/*
 * Push parser fed in chunks whose sizes come from the input itself (see fz_chunks in
 * fuzz_common.h: byte 0 and the schedule bytes after it; the rest is the document). The result
 * must equal one-shot parsing of the same document: same status, same model (compact XML, JSON
 * and every node's line and column), same diagnostics with the same positions and messages
 * (for input that is not well-formed: the same refusal, see below).
 *
 * The high nibble of byte 0 picks the parse options both parses use: bit 0 streams the
 * attachments through an attachment_fn (the bytes and end flags each attachment delivers must
 * agree too), bits 1..3 select tight limits (depth, nodes, text; an input-size limit of exactly
 * the input's size) so that refusals in the middle of a document are compared as well. Nibble 0
 * is the defaults.
 */
#include "fuzz_common.h"

/* Everything an attachment_fn sees, except how the bytes were cut into calls and what a failed
 * attachment delivered before its failure (that depends on where the text was cut, and the
 * interface leaves it open). Failed attachments are listed apart: when the input is refused,
 * how far the one-shot parse got into the abandoned attachment depends on the cut too. */
typedef struct stream_log {
    fz_str text;    /* completed attachments: where, and their bytes */
    fz_str failed;  /* where each failed attachment was */
    fz_str pending; /* bytes of the open attachment */
    int open;       /* an attachment has delivered bytes but not its end */
} stream_log;

static oso_status log_attachment(void *ctx, const oso_node *document, const unsigned char *data,
                                 size_t length, int done)
{
    stream_log *l = ctx;
    FUZZ_CHECK(document != NULL, "attachment_fn without a document");
    FUZZ_CHECK(done >= -1 && done <= 1, "attachment_fn done=%d", done);
    FUZZ_CHECK(length == 0 || data != NULL, "attachment_fn: %zu bytes at NULL", length);
    l->open = 1;
    fz_add(&l->pending, data, length);
    if (done != 0) {
        fz_str *to = done == 1 ? &l->text : &l->failed;
        fz_addf(to, "[document at %lu:%lu] ", oso_node_line(document), oso_node_column(document));
        if (done == 1)
            fz_add(to, l->pending.p, l->pending.len);
        fz_adds(to, "\n");
        l->pending.len = 0;
        l->open = 0;
    }
    return OSO_OK;
}

static void pick_options(oso_parse_options *po, unsigned nibble, stream_log *log, size_t size)
{
    if (nibble & 1) {
        po->attachment_fn = log_attachment;
        po->attachment_ctx = log;
    }
    switch (nibble >> 1) {
    case 1: po->max_depth = 5; break;
    case 2: po->max_nodes = 40; break;
    case 3: po->max_text_bytes = 12; break;
    case 4:
        /* Exactly the input: must not be refused. (A smaller limit is refused up front in one
         * shot, while a push parser may find an XML error in the part it saw first.) */
        po->max_input_bytes = size > 0 ? size : 1;
        break;
    case 5:
        po->max_depth = 8;
        po->max_nodes = 200;
        po->max_text_bytes = 64;
        break;
    default: break;
    }
}

/* Is `r` the refusal of a text value or a tag over max_text_bytes (not another limit)? */
static int over_text_or_tag_limit(const oso_report *r)
{
    if (r == NULL || oso_report_count(r) != 1)
        return 0;
    const char *en = oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN);
    return strncmp(en, "Text value larger", 17) == 0 || strncmp(en, "An XML token", 12) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned nibble = data[0] >> 4;
    fz_chunks chunks;
    if (!fz_chunks_init(&chunks, &data, &size))
        return 0;

    stream_log log1 = {{0}, {0}, {0}, 0}, log2 = {{0}, {0}, {0}, 0};
    oso_parse_options po = OSO_PARSE_OPTIONS_INIT, po2 = OSO_PARSE_OPTIONS_INIT;
    pick_options(&po, nibble, &log1, size);
    pick_options(&po2, nibble, &log2, size);

    /* One shot. */
    oso_dossier *d1 = NULL;
    oso_report *r1 = NULL;
    oso_status st1 = oso_dossier_parse_buffer(&d1, &r1, data, size, &po);

    /* Pushed. */
    oso_parser *p = NULL;
    oso_status st = oso_parser_new(&p, &po2);
    FUZZ_CHECK(st == OSO_OK && p != NULL, "oso_parser_new: status %d", (int)st);
    size_t off = 0;
    oso_status feed = OSO_OK;
    while (off < size) {
        size_t n = fz_chunks_next(&chunks, size - off);
        feed = oso_parser_feed(p, data + off, n);
        off += n;
        if (feed != OSO_OK)
            break;
    }
    if (feed != OSO_OK) {
        /* Once refused, the parser stays refused. */
        oso_status again = oso_parser_feed(p, data, size ? 1 : 0);
        FUZZ_CHECK(again == OSO_E_STATE, "feeding a refusing parser gave %d, not OSO_E_STATE",
                   (int)again);
    }
    oso_dossier *d2 = NULL;
    oso_report *r2 = NULL;
    oso_status st2 = oso_parser_finish(p, &d2, &r2);
    FUZZ_CHECK(oso_parser_feed(p, "x", 1) == OSO_E_STATE, "feeding a finished parser accepted");
    oso_parser_free(p);

    /* Every attachment that received a call heard how it ended (parse.h). */
    FUZZ_CHECK(!log1.open && !log2.open, "an attachment got no end call (one-shot %d, pushed %d)",
               log1.open, log2.open);
    /* A text or tag over a limit that is also not well-formed is refused for either,
     * whichever is noticed first (parse.h): pushed text is counted as its pieces arrive, while
     * expat judges a text that is whole, and rejects one with "]]>" in it before passing any
     * of it on. Then both refuse, nothing more. */
    int either = (st1 == OSO_E_LIMIT && st2 == OSO_E_XML && over_text_or_tag_limit(r1)) ||
                 (st1 == OSO_E_XML && st2 == OSO_E_LIMIT && over_text_or_tag_limit(r2));
    FUZZ_CHECK(st1 == st2 || either, "one-shot status %d (%s), pushed %d (%s)", (int)st1,
               oso_strerror(st1), (int)st2, oso_strerror(st2));
    if (feed != OSO_OK)
        FUZZ_CHECK(st2 == feed, "feed refused with %d but finish returned %d", (int)feed, (int)st2);

    /* Input that is not well-formed XML is refused with the same status, but where and how
     * expat describes the first error can depend on where the input was cut (a token that is
     * still incomplete in one chunk is judged differently from a complete one, and the last
     * piece is parsed as final): for those, only the rule, severity and path must agree. A limit
     * is noticed where the piece of text or input that crosses it arrives, so its position may
     * differ too (the message may not). */
    int level = st1 == OSO_E_XML ? FZ_IDENTITY : st1 == OSO_E_LIMIT ? FZ_NO_POSITIONS : FZ_FULL;
    fz_str a = {0}, b = {0};
    fz_report(&a, r1, level);
    fz_report(&b, r2, level);
    fz_model(&a, d1);
    fz_model(&b, d2);
    fz_tree(&a, d1, 1);
    fz_tree(&b, d2, 1);
    fz_add(&a, log1.text.p, log1.text.len);
    fz_add(&b, log2.text.p, log2.text.len);
    if (level == FZ_FULL) {
        fz_add(&a, log1.failed.p, log1.failed.len);
        fz_add(&b, log2.failed.p, log2.failed.len);
    }
    fz_free(&log1.text);
    fz_free(&log2.text);
    fz_free(&log1.failed);
    fz_free(&log2.failed);
    fz_free(&log1.pending);
    fz_free(&log2.pending);
    if (!either && !fz_eq(&a, &b)) {
        fz_show_diff("one-shot and pushed results", &a, &b);
        FUZZ_CHECK(0, "pushed parse differs from one-shot parse (status %d)", (int)st1);
    }
    fz_free(&a);
    fz_free(&b);
    oso_report_free(r1);
    oso_report_free(r2);
    oso_dossier_free(d1);
    oso_dossier_free(d2);
    return 0;
}
