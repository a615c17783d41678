/*
 * Doorstroomtoets chain messages (oso/chain.h, oso/chain_bridge.h). The input is JSON text,
 * checked with type recognition and as each message type: the check always runs (OSO_OK), every
 * stored finding is a DTM.* rule with a position in the text and both messages, a JSON Pointer
 * path ("" or starting with '/'), and checking twice gives the same findings. A message that
 * passes as a Leerlingresultaat is also bridged into an empty dossier (refused for lack of a
 * pupil, never a crash).
 */
#include "fuzz_common.h"

static size_t check(const uint8_t *data, size_t size, oso_chain_message_type expect, int *valid)
{
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = expect;
    oso_report *r = NULL;
    oso_chain_message_type type;
    oso_status st = oso_chain_check_buffer(&r, &type, data, size, &o);
    FUZZ_CHECK(st == OSO_OK && r != NULL, "check failed: %d %s", (int)st, oso_error_last());
    FUZZ_CHECK(expect == OSO_CHAIN_UNKNOWN || oso_report_count(r) == 0 || type == expect ||
                   type == OSO_CHAIN_UNKNOWN,
               "checked as %d, asked %d", (int)type, (int)expect);
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        const char *path = oso_diagnostic_path(g);
        FUZZ_CHECK(strncmp(oso_diagnostic_rule(g), "DTM.", 4) == 0, "rule %s",
                   oso_diagnostic_rule(g));
        FUZZ_CHECK(oso_diagnostic_line(g) >= 1 && oso_diagnostic_column(g) >= 1,
                   "%s at %lu:%lu", oso_diagnostic_rule(g), oso_diagnostic_line(g),
                   oso_diagnostic_column(g));
        FUZZ_CHECK(path[0] == '\0' || path[0] == '/', "path %s", path);
        FUZZ_CHECK(oso_diagnostic_message(g, OSO_LANG_NL)[0] && oso_diagnostic_message(g, OSO_LANG_EN)[0],
                   "empty message for %s", oso_diagnostic_rule(g));
    }
    *valid = oso_report_valid(r);
    size_t n = oso_report_error_count(r);
    oso_report_free(r);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int valid, again;
    size_t first = check(data, size, OSO_CHAIN_UNKNOWN, &valid);
    FUZZ_CHECK(check(data, size, OSO_CHAIN_UNKNOWN, &again) == first && again == valid,
               "two checks of the same input differ");
    for (int t = OSO_CHAIN_DEELNEMERSLIJST; t <= OSO_CHAIN_ONTVANGSTMELDING; t++) {
        check(data, size, (oso_chain_message_type)t, &valid);
        if (valid && t == OSO_CHAIN_LEERLINGRESULTAAT) {
            oso_dossier *d;
            FUZZ_CHECK(oso_dossier_new(&d) == OSO_OK, "oso_dossier_new");
            oso_report *r = NULL;
            oso_status st = oso_dossier_import_leerlingresultaat(d, &r, data, size, NULL, 0);
            FUZZ_CHECK(st != OSO_OK, "imported into a dossier without a pupil");
            oso_report_free(r);
            oso_dossier_free(d);
        }
    }
    return 0;
}
