/*
 * XML writer round trip: parse -> write -> parse must give an equal model, for compact and for
 * indented output. Equal means: the second parse succeeds, its model serializes (compact XML
 * and JSON) exactly as the first, every element has the same name, schema type, position,
 * child count and text, and the diagnostics are the same apart from positions (line, column
 * and the messages, which may quote them). Writing the second model again gives byte-identical
 * output (the writer is a fixed point after one pass).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    oso_dossier *d1 = NULL;
    oso_report *r1 = NULL;
    oso_status st = oso_dossier_parse_buffer(&d1, &r1, data, size, &po);
    if (st != OSO_OK) {
        oso_report_free(r1);
        return 0;
    }
    fz_str first = {0};
    fz_report(&first, r1, FZ_NO_POSITIONS);
    fz_model(&first, d1);
    fz_tree(&first, d1, 0);

    for (int compact = 0; compact <= 1; compact++) {
        oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
        wo.compact = compact;
        char *xml = NULL;
        size_t len = 0;
        st = oso_dossier_to_xml(&xml, &len, d1, &wo);
        FUZZ_CHECK(st == OSO_OK, "writing (compact=%d) failed: %d", compact, (int)st);

        oso_dossier *d2 = NULL;
        oso_report *r2 = NULL;
        st = oso_dossier_parse_buffer(&d2, &r2, xml, len, &po);
        if (st != OSO_OK) {
            fprintf(stderr, "\n=== written XML (compact=%d), %zu bytes:\n%.*s\n", compact, len,
                    (int)(len > 2000 ? 2000 : len), xml);
            for (size_t i = 0; r2 && i < oso_report_count(r2); i++)
                fprintf(stderr, "%s\n", oso_diagnostic_message(oso_report_at(r2, i), OSO_LANG_EN));
        }
        FUZZ_CHECK(st == OSO_OK, "re-parsing the written XML (compact=%d) failed: %d (%s)", compact,
                   (int)st, oso_strerror(st));
        fz_str second = {0};
        fz_report(&second, r2, FZ_NO_POSITIONS);
        fz_model(&second, d2);
        fz_tree(&second, d2, 0);
        if (!fz_eq(&first, &second)) {
            fz_show_diff(compact ? "model before and after a compact round trip"
                                 : "model before and after an indented round trip",
                         &first, &second);
            FUZZ_CHECK(0, "round trip (compact=%d) changed the model", compact);
        }

        char *xml2 = NULL;
        size_t len2 = 0;
        st = oso_dossier_to_xml(&xml2, &len2, d2, &wo);
        FUZZ_CHECK(st == OSO_OK, "writing the re-parsed model failed: %d", (int)st);
        if (len != len2 || memcmp(xml, xml2, len) != 0) {
            fz_str a = {xml, len, len + 1}, b = {xml2, len2, len2 + 1};
            fz_show_diff("first and second written XML", &a, &b);
            FUZZ_CHECK(0, "writing is not stable (compact=%d)", compact);
        }
        oso_free(xml2);
        fz_free(&second);
        oso_report_free(r2);
        oso_dossier_free(d2);
        oso_free(xml);
    }
    fz_free(&first);
    oso_report_free(r1);
    oso_dossier_free(d1);
    return 0;
}
