/*
 * Large inputs (the parser's size limits): the input describes a document of 1 to 5 MiB, so the
 * tag, text and input limits are reached without libFuzzer handling megabytes. Byte 0 picks the
 * size and the limits; the rest is PREFIX NUL UNIT NUL SUFFIX and the document is PREFIX, UNIT
 * repeated, SUFFIX (no NUL: the rest as it is). Properties: one-shot and pushed parsing (64 KiB
 * pieces) agree on the status and the findings (but for input over a limit that is also refused
 * for another reason: refused by both); every finding's line and column lie inside the
 * document; a parsed document holds no text longer than the text limit and no more bytes than
 * the input limit; a parsed document validates; validating the bytes with the default rules
 * (attachment content scanned, not kept) reports what the model that keeps it does.
 */
#include "fuzz_common.h"

#define MIB (1024u * 1024u)

static size_t part(const uint8_t **data, size_t *size)
{
    const uint8_t *nul = memchr(*data, 0, *size);
    return nul ? (size_t)(nul - *data) : *size;
}

static void check_positions(const oso_report *r, size_t lines, size_t size, const char *how)
{
    for (size_t i = 0; r != NULL && i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        FUZZ_CHECK(oso_diagnostic_line(g) <= lines + 1 && oso_diagnostic_column(g) <= size + 1,
                   "%s: %s at %lu:%lu in a document of %zu lines, %zu bytes", how,
                   oso_diagnostic_rule(g), oso_diagnostic_line(g), oso_diagnostic_column(g),
                   lines + 1, size);
    }
}

static void check_text_lengths(const oso_dossier *d, uint64_t max_text)
{
    for (const oso_node *n = oso_dossier_root(d); n != NULL; n = fz_preorder_next(n))
        FUZZ_CHECK(oso_node_text_length(n) <= max_text, "%s holds %zu bytes of text, limit %llu",
                   oso_node_name(n), oso_node_text_length(n), (unsigned long long)max_text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned pick = data[0];
    data++, size--;
    const uint8_t *prefix = data;
    size_t prefix_len = part(&data, &size), unit_len = 0, suffix_len = 0;
    const uint8_t *unit = NULL, *suffix = NULL;
    if (prefix_len < size) {
        unit = prefix + prefix_len + 1;
        size_t rest = size - prefix_len - 1;
        unit_len = part(&unit, &rest);
        suffix = unit_len < rest ? unit + unit_len + 1 : unit + unit_len;
        suffix_len = unit_len < rest ? rest - unit_len - 1 : 0;
    }
    size_t target = MIB + (pick & 15u) * (MIB / 4);
    size_t fixed = prefix_len + suffix_len;
    size_t repeat = unit_len && target > fixed ? (target - fixed) / unit_len : 0;
    size_t doc_len = fixed + repeat * unit_len;
    uint8_t *doc = malloc(doc_len ? doc_len : 1);
    FUZZ_CHECK(doc != NULL, "out of memory");
    memcpy(doc, prefix, prefix_len);
    for (size_t i = 0; i < repeat; i++)
        memcpy(doc + prefix_len + i * unit_len, unit, unit_len);
    if (suffix_len)
        memcpy(doc + prefix_len + repeat * unit_len, suffix, suffix_len);
    size_t lines = 0; /* line breaks: LF, CRLF, a CR alone */
    for (size_t i = 0; i < doc_len; i++)
        lines += doc[i] == '\n' ? !(i > 0 && doc[i - 1] == '\r') : doc[i] == '\r';

    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    static const uint64_t text_limits[4] = {MIB - 1, MIB, MIB + 1000, 2 * MIB};
    po.max_text_bytes = text_limits[(pick >> 4) & 3];
    if (pick & 64)
        po.max_input_bytes = doc_len > 1 ? doc_len - (pick & 128 ? 1 : 0) : 1;

    oso_dossier *d1 = NULL, *d2 = NULL;
    oso_report *r1 = NULL, *r2 = NULL;
    oso_status st1 = oso_dossier_parse_buffer(&d1, &r1, doc, doc_len, &po);
    oso_parser *p = NULL;
    FUZZ_CHECK(oso_parser_new(&p, &po) == OSO_OK, "oso_parser_new");
    size_t piece = 64 * 1024 + 7;
    for (size_t off = 0; off < doc_len; off += piece)
        if (oso_parser_feed(p, doc + off, doc_len - off < piece ? doc_len - off : piece) != OSO_OK)
            break;
    oso_status st2 = oso_parser_finish(p, &d2, &r2);
    oso_parser_free(p);

    /* Input over a limit that is also refused for another reason (not well-formed, another
     * standard version) may be refused for either, whichever is noticed first (parse.h): the
     * one-shot parse knows the input's size before it starts, the pushed one does not, and
     * where a tag is measured depends on the pieces; two limits crossed are the same case.
     * Then both refuse, nothing more. */
    int either = st1 != OSO_OK && st2 != OSO_OK && (st1 == OSO_E_LIMIT || st2 == OSO_E_LIMIT);
    FUZZ_CHECK(st1 == st2 || either, "one-shot status %d (%s), pushed %d (%s)", (int)st1,
               oso_strerror(st1), (int)st2, oso_strerror(st2));
    check_positions(r1, lines, doc_len, "one-shot");
    check_positions(r2, lines, doc_len, "pushed");
    /* As in fuzz_push_parser: where expat reports an XML error, and where a limit is noticed,
     * can depend on the pieces; what is reported cannot. */
    int level = st1 == OSO_E_XML ? FZ_IDENTITY : st1 == OSO_E_LIMIT ? FZ_NO_POSITIONS : FZ_FULL;
    fz_str a = {0}, b = {0};
    fz_report(&a, r1, level);
    fz_report(&b, r2, level);
    if (!either && !fz_eq(&a, &b)) {
        fz_show_diff("one-shot and pushed findings", &a, &b);
        FUZZ_CHECK(0, "pushed findings differ (status %d)", (int)st1);
    }
    fz_free(&a);
    fz_free(&b);
    fz_check_content_dropped(doc, doc_len, d1, r1, &po);
    if (st1 == OSO_OK) {
        FUZZ_CHECK(doc_len <= po.max_input_bytes, "%zu bytes parsed with an input limit of %llu",
                   doc_len, (unsigned long long)po.max_input_bytes);
        check_text_lengths(d1, po.max_text_bytes);
        oso_report *v = NULL;
        oso_status vs = oso_validate(&v, d1, NULL);
        FUZZ_CHECK(vs == OSO_OK || vs == OSO_E_NOMEM, "oso_validate: %d", (int)vs);
        oso_report_free(v);
    }
    oso_report_free(r1);
    oso_report_free(r2);
    oso_dossier_free(d1);
    oso_dossier_free(d2);
    free(doc);
    return 0;
}
