/* Bridges between chain messages and the dossier (oso/chain_bridge.h): a Leerlingresultaat
 * imported into the sample dossier passes full validation with the DT rules; what cannot be
 * mapped is reported; the codelist-2 advice mapping covers the whole list and only writes
 * values the definition accepts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oso/oso.h"

static const unsigned char pdf[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/* The sample dossier is dated 2024-03-15; the test was taken a month earlier. */
static const char result[] =
    "{\"datumtijd\": \"2024-03-01T09:00:00Z\", \"auteur\": \"Toetsdienst\",\n"
    " \"versie\": \"Doorstroomtoetsketen_v1.1\", \"profiel\": \"Leerlingtoetsresultaat\",\n"
    " \"schooljaar\": \"2023-2024\", \"resultatenscores\": {\"id\": \"rs-1\",\n"
    " \"deelnemerref\": [{\"label\": \"LAS-key\", \"onderwijsdeelnemerID\": \"ll-0042\"}],\n"
    " \"versie\": \"Definitief\", \"toetsdefinitie\": \"ROUTE_8\",\n"
    " \"afnamecontext\": {\"afname\": {\"id\": \"af-1\", \"afnametijdstip\": \"2024-02-06T09:00:00+01:00\"}},\n"
    " \"scores\": {\"id\": \"sc-1\", \"scores\": [{\"label\": \"Toetsscore\", \"id\": \"s1\", \"waarde\": \"212\"},\n"
    "   {\"label\": \"Detailscore\", \"id\": \"s2\", \"toetseenheid\": \"REKENEN\", \"waarde\": \"48\"}]},\n"
    " \"resultaten\": {\"resultaten\": [{\"label\": \"Toetsadvies\", \"waarde\": \"havo/vwo\"},\n"
    "   {\"label\": \"Referentieniveau\", \"toetseenheid\": \"REKENEN\", \"waarde\": \"1S\"},\n"
    "   {\"label\": \"Referentieniveau\", \"toetseenheid\": \"LEZEN\", \"waarde\": \"2F\"},\n"
    "   {\"label\": \"Referentieniveau\", \"toetseenheid\": \"TAALVERZORGING\", \"waarde\": \"lager dan 1F\"},\n"
    "   {\"label\": \"Percentielscore\", \"toetseenheid\": \"LEZEN\", \"waarde\": \"81\"}]}},\n"
    " \"toets\": {\"label\": \"Doorstroomtoets\", \"id\": \"ROUTE_8\", \"naam\": \"Route 8\"}}\n";

static oso_dossier *sample(void)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_file(&d, NULL, OSO_SAMPLE_DOSSIER, NULL), OSO_OK);
    return d;
}

static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    ck_assert_msg(at != NULL, "fixture lacks %s", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return s;
}

/* "RULE@POINTER " for every finding of the report. */
static const char *findings(const oso_report *r)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s@%s ", oso_diagnostic_rule(g), oso_diagnostic_path(g));
    }
    return buf;
}

START_TEST(imported_result_passes_full_validation)
{
    oso_dossier *d = sample();
    oso_report *r;
    ck_assert_int_eq(oso_dossier_import_leerlingresultaat(d, &r, result, strlen(result), pdf,
                                                          sizeof pdf - 1), OSO_OK);
    /* The detail score and the percentile have no place in the block: reported. */
    ck_assert_str_eq(findings(r), "DTM.BRIDGE_DROPPED@/resultatenscores/scores/scores/1 "
                                  "DTM.BRIDGE_DROPPED@/resultatenscores/resultaten/resultaten/4 ");
    ck_assert_uint_eq(oso_diagnostic_line(oso_report_at(r, 0)), 8);
    ck_assert_uint_eq(oso_report_error_count(r), 0);
    oso_report_free(r);
    const char *block = "/dossier/huidigeschool/leerling/eindtoets_basisonderwijs";
    char path[256];
    snprintf(path, sizeof path, "%s/eindtoetsresultaat/toetssoort", block);
    ck_assert_str_eq(oso_dossier_get(d, path), "0012");
    snprintf(path, sizeof path, "%s/eindtoetsresultaat/datum_afname", block);
    ck_assert_str_eq(oso_dossier_get(d, path), "2024-02-06");
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.rules |= OSO_RULES_DOORSTROOMTOETS;
    oso_report *v;
    ck_assert_int_eq(oso_validate(&v, d, &vo), OSO_OK);
    for (size_t i = 0; i < oso_report_count(v); i++)
        ck_assert_msg(oso_diagnostic_severity(oso_report_at(v, i)) != OSO_SEVERITY_ERROR,
                      "%s %s", oso_diagnostic_rule(oso_report_at(v, i)),
                      oso_diagnostic_message(oso_report_at(v, i), OSO_LANG_EN));
    ck_assert(oso_report_valid(v));
    oso_report_free(v);
    /* Importing again replaces the block. */
    char *other = replace(result, "\"waarde\": \"212\"", "\"waarde\": \"199\"");
    ck_assert_int_eq(oso_dossier_import_leerlingresultaat(d, NULL, other, strlen(other), pdf,
                                                          sizeof pdf - 1), OSO_OK);
    free(other);
    ck_assert_int_eq(oso_validate(&v, d, &vo), OSO_OK);
    ck_assert(oso_report_valid(v));
    oso_report_free(v);
    oso_dossier_free(d);
}
END_TEST

static void expect_refused(const char *from, const char *to, const char *expected)
{
    char *text = replace(result, from, to);
    oso_dossier *d = sample();
    char *before;
    ck_assert_int_eq(oso_dossier_to_xml(&before, NULL, d, NULL), OSO_OK);
    oso_report *r;
    ck_assert_int_eq(oso_dossier_import_leerlingresultaat(d, &r, text, strlen(text), pdf,
                                                          sizeof pdf - 1), OSO_E_INVALID);
    ck_assert_msg(strstr(findings(r), expected) != NULL, "%s not in %s", expected, findings(r));
    ck_assert_int_eq(oso_report_valid(r), 0);
    oso_report_free(r);
    char *after;
    ck_assert_int_eq(oso_dossier_to_xml(&after, NULL, d, NULL), OSO_OK);
    ck_assert_str_eq(before, after); /* unchanged */
    oso_free(before);
    oso_free(after);
    oso_dossier_free(d);
    free(text);
}

START_TEST(unmappable_values_are_reported)
{
    expect_refused("\"toetsdefinitie\": \"ROUTE_8\"", "\"toetsdefinitie\": \"DIA\"",
                   "DTM.BRIDGE@/resultatenscores/toetsdefinitie ");
    expect_refused("\"waarde\": \"212\"", "\"waarde\": \"212,5\"",
                   "DTM.BRIDGE@/resultatenscores/scores/scores/0/waarde ");
    expect_refused("\"waarde\": \"212\"", "\"waarde\": \"1001\"",
                   "DTM.BRIDGE@/resultatenscores/scores/scores/0/waarde ");
    expect_refused("\"waarde\": \"lager dan 1F\"", "\"waarde\": \"L1F\"",
                   "DTM.BRIDGE@/resultatenscores/resultaten/resultaten/3/waarde ");
    expect_refused("\"toetseenheid\": \"LEZEN\", \"waarde\": \"2F\"",
                   "\"toetseenheid\": \"REKENEN\", \"waarde\": \"2F\"",
                   "DTM.BRIDGE@/resultatenscores/resultaten/resultaten/2 ");
    expect_refused("{\"label\": \"Toetsadvies\", \"waarde\": \"havo/vwo\"},", "",
                   "DTM.BRIDGE@/resultatenscores/resultaten/resultaten ");
    /* The typed API's own refusals: 1S is no level for Lezen; a date after the dossier's. */
    expect_refused("\"toetseenheid\": \"LEZEN\", \"waarde\": \"2F\"",
                   "\"toetseenheid\": \"LEZEN\", \"waarde\": \"1S\"", "DTM.BRIDGE_REFUSED@ ");
    expect_refused("2024-02-06T09:00:00+01:00", "2024-04-06T09:00:00+01:00",
                   "DTM.BRIDGE_REFUSED@ ");
    /* An invalid message is not imported: the check's findings. */
    expect_refused("Doorstroomtoetsketen_v1.1", "Doorstroomtoetsketen_v1.0", "DTM.ENUM@/versie ");
    expect_refused("{\"datumtijd\"", "[{\"datumtijd\"", "DTM.JSON@ ");
}
END_TEST

START_TEST(missing_report_is_a_warning)
{
    oso_dossier *d = sample();
    oso_report *r;
    ck_assert_int_eq(oso_dossier_import_leerlingresultaat(d, &r, result, strlen(result), NULL, 0),
                     OSO_OK);
    ck_assert(strstr(findings(r), "DTM.BRIDGE_RAPPORT@ ") != NULL);
    oso_report_free(r);
    ck_assert_int_eq(oso_dossier_import_leerlingresultaat(NULL, &r, result, strlen(result), NULL, 0),
                     OSO_E_INVALID_ARG);
    oso_dossier_free(d);
}
END_TEST

START_TEST(advice_mapping_covers_codelist_2)
{
    oso_codelists *lists;
    ck_assert_int_eq(oso_codelists_new(&lists), OSO_OK);
    const oso_codelist *advies = oso_codelists_get(lists, 2);
    ck_assert_ptr_nonnull(advies);
    size_t coarse = 0;
    for (size_t i = 0; i < oso_codelist_size(advies); i++) {
        const char *code, *value;
        int coarser;
        ck_assert_int_eq(oso_codelist_entry(advies, i, &code, NULL, NULL), OSO_OK);
        ck_assert_msg(oso_chain_schooladvies_for_code(&value, &coarser, code) == OSO_OK,
                      "code %s unmapped", code);
        coarse += (size_t)coarser;
        /* The value is one the definition accepts. */
        oso_chain_identity id = {"LAS-key", "ll-1"};
        oso_chain_advice a = {&id, 1, value};
        oso_chain_school school = {"07QX", "00", "100B200", "200C300", "1"};
        oso_chain_schooladviezenlijst m = {OSO_CHAIN_SCHOOLADVIEZENLIJST_VERSION,
                                           "2026-01-15T12:00:00Z", "t", "2025-2026", &school, &a, 1};
        char *json;
        ck_assert_msg(oso_chain_write_schooladviezenlijst(&json, NULL, NULL, &m) == OSO_OK,
                      "%s: %s", value, oso_error_last());
        oso_free(json);
    }
    ck_assert_uint_eq(coarse, 12); /* 32-35, 40-44, 50-52 share chain values */
    oso_codelists_free(lists);
    const char *value;
    int coarser;
    ck_assert_int_eq(oso_chain_schooladvies_for_code(&value, &coarser, "40"), OSO_OK);
    ck_assert_str_eq(value, "VMBO_GL/TL");
    ck_assert_int_eq(coarser, 1);
    ck_assert_int_eq(oso_chain_schooladvies_for_code(&value, &coarser, "50"), OSO_OK);
    ck_assert_str_eq(value, "VMBO_GL/TL");
    ck_assert_int_eq(oso_chain_schooladvies_for_code(&value, NULL, "99"), OSO_E_NOT_FOUND);
}
END_TEST

START_TEST(advice_from_dossier)
{
    oso_dossier *d = sample();
    const char *leerling = "/dossier/huidigeschool/leerling";
    char path[128];
    snprintf(path, sizeof path, "%s/leerlingid", leerling);
    ck_assert_int_eq(oso_dossier_set(NULL, d, path, "ll-0042"), OSO_OK);
    snprintf(path, sizeof path, "%s/overstapadvies/advies", leerling);
    ck_assert_int_eq(oso_dossier_set(NULL, d, path, "52"), OSO_OK);
    oso_chain_advice a;
    oso_chain_identity id;
    ck_assert_int_eq(oso_chain_advice_from_dossier(&a, &id, d), OSO_OK);
    ck_assert_str_eq(a.advies, "VMBO_GL/TL_TM_HAVO");
    ck_assert_uint_eq(a.identity_count, 1);
    ck_assert_str_eq(a.identities[0].label, "LAS-key");
    ck_assert_str_eq(a.identities[0].id, "ll-0042");
    ck_assert_int_eq(oso_dossier_set(NULL, d, path, "99"), OSO_OK);
    ck_assert_int_eq(oso_chain_advice_from_dossier(&a, &id, d), OSO_E_NOT_FOUND);
    ck_assert(strstr(oso_error_last(), "'99'") != NULL);
    oso_node *n;
    ck_assert_int_eq(oso_dossier_find(&n, d, path), OSO_OK);
    ck_assert_int_eq(oso_node_remove(n), OSO_OK);
    ck_assert_int_eq(oso_chain_advice_from_dossier(&a, &id, d), OSO_E_NOT_FOUND);
    ck_assert(strstr(oso_error_last(), "advies") != NULL);
    oso_dossier_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chain_bridge");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, imported_result_passes_full_validation);
    tcase_add_test(tc, unmappable_values_are_reported);
    tcase_add_test(tc, missing_report_is_a_warning);
    tcase_add_test(tc, advice_mapping_covers_codelist_2);
    tcase_add_test(tc, advice_from_dossier);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
