/*
 * Push parser fed in chunks whose sizes come from the input itself (see fz_chunks in
 * fuzz_common.h: byte 0 and the schedule bytes after it; the rest is the document). The result
 * must equal one-shot parsing of the same document: same status, same model (compact XML, JSON
 * and every node's line and column), same diagnostics with the same positions and messages
 * (for input that is not well-formed: the same refusal, see below).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_chunks chunks;
    if (!fz_chunks_init(&chunks, &data, &size))
        return 0;

    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;

    /* One shot. */
    oso_dossier *d1 = NULL;
    oso_report *r1 = NULL;
    oso_status st1 = oso_dossier_parse_buffer(&d1, &r1, data, size, &po);

    /* Pushed. */
    oso_parser *p = NULL;
    oso_status st = oso_parser_new(&p, &po);
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

    FUZZ_CHECK(st1 == st2, "one-shot status %d (%s), pushed %d (%s)", (int)st1, oso_strerror(st1),
               (int)st2, oso_strerror(st2));
    if (feed != OSO_OK)
        FUZZ_CHECK(st2 == feed, "feed refused with %d but finish returned %d", (int)feed, (int)st2);

    /* Input that is not well-formed XML is refused with the same status, but where and how
     * expat describes the first error can depend on where the input was cut (a token that is
     * still incomplete in one chunk is judged differently from a complete one, and the last
     * piece is parsed as final): for those, only the rule, severity and path must agree. */
    int level = st1 == OSO_E_XML ? FZ_IDENTITY : FZ_FULL;
    fz_str a = {0}, b = {0};
    fz_report(&a, r1, level);
    fz_report(&b, r2, level);
    fz_str ma = {0}, mb = {0};
    fz_model_ex(&ma, d1, !fz_tolerate("stray-text"));
    fz_model_ex(&mb, d2, !fz_tolerate("stray-text"));
    if (fz_tolerate("stray-text")) {
        fz_strip_space(&ma);
        fz_strip_space(&mb);
    }
    fz_add(&a, ma.p, ma.len);
    fz_add(&b, mb.p, mb.len);
    fz_free(&ma);
    fz_free(&mb);
    fz_tree(&a, d1, 1);
    fz_tree(&b, d2, 1);
    if (!fz_eq(&a, &b)) {
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
