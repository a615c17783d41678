/* Writing doorstroomtoets chain messages (oso/chain_write.h): what is written passes the check
 * and carries the fixed values; what the definition rejects is refused with its findings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oso/oso.h"

static const oso_chain_school school = {"12AB", "00", "100B200", "200C300", "3"};
static const oso_chain_identity eck_and_las[] = {{"ECK-iD", "eck-77"}, {"LAS-key", "ll-0042"}};

static void expect_valid_output(const char *json, size_t length, oso_chain_message_type want)
{
    ck_assert_ptr_nonnull(json);
    ck_assert_uint_eq(strlen(json), length);
    ck_assert(json[length - 1] == '\n');
    oso_report *r;
    oso_chain_message_type type;
    ck_assert_int_eq(oso_chain_check_buffer(&r, &type, json, length, NULL), OSO_OK);
    ck_assert(oso_report_valid(r));
    ck_assert_int_eq(type, want);
    oso_report_free(r);
}

static oso_chain_schooladviezenlijst advice_list(const oso_chain_advice *advices, size_t n)
{
    oso_chain_schooladviezenlijst m = {OSO_CHAIN_SCHOOLADVIEZENLIJST_VERSION,
                                       "2026-01-15T12:00:00Z", "Proef-LAS", "2025-2026", &school,
                                       advices, n};
    return m;
}

START_TEST(schooladviezenlijst_written_and_checked)
{
    oso_chain_advice advices[] = {{eck_and_las, 2, "VMBO_GL/TL_TM_HAVO"},
                                  {eck_and_las + 1, 1, "VSO"}};
    oso_chain_schooladviezenlijst m = advice_list(advices, 2);
    char *json;
    size_t n;
    oso_report *r;
    ck_assert_int_eq(oso_chain_write_schooladviezenlijst(&json, &n, &r, &m), OSO_OK);
    expect_valid_output(json, n, OSO_CHAIN_SCHOOLADVIEZENLIJST);
    ck_assert_uint_eq(oso_report_count(r), 0);
    ck_assert(strstr(json, "\"versie\": \"Doorstroomtoetsketen_v1.1\"") != NULL);
    ck_assert(strstr(json, "\"profiel\": \"Schooladviezen\"") != NULL);
    ck_assert(strstr(json, "\"advies\": \"VMBO_GL/TL_TM_HAVO\"") != NULL);
    oso_report_free(r);
    oso_free(json);
}
END_TEST

static void expect_refused(oso_status st, char *const *json_out, oso_report *const *report,
                           const char *rule, const char *pointer)
{
    char *json = *json_out;
    oso_report *r = *report;
    ck_assert_int_eq(st, OSO_E_INVALID);
    ck_assert_ptr_null(json);
    ck_assert_ptr_nonnull(r);
    int found = 0;
    for (size_t i = 0; i < oso_report_count(r); i++)
        found |= strcmp(oso_diagnostic_rule(oso_report_at(r, i)), rule) == 0 &&
                 strcmp(oso_diagnostic_path(oso_report_at(r, i)), pointer) == 0;
    ck_assert_msg(found, "no %s at %s; error: %s", rule, pointer, oso_error_last());
    ck_assert(strstr(oso_error_last(), rule) != NULL);
    oso_report_free(r);
}

START_TEST(schooladviezenlijst_refusals)
{
    char *json;
    oso_report *r;
    oso_chain_advice bad_advice[] = {{eck_and_las, 2, "VMBO_TL"}};
    oso_chain_schooladviezenlijst m = advice_list(bad_advice, 1);
    expect_refused(oso_chain_write_schooladviezenlijst(&json, NULL, &r, &m), &json, &r, "DTM.ENUM",
                   "/voorlopigSchooladviezen/0/advies");
    oso_chain_identity three[] = {{"ECK-iD", "a"}, {"LAS-key", "b"}, {"LAS-key", "c"}};
    oso_chain_advice too_many[] = {{three, 3, "HAVO"}};
    m = advice_list(too_many, 1);
    expect_refused(oso_chain_write_schooladviezenlijst(&json, NULL, &r, &m), &json, &r, "DTM.ITEMS",
                   "/voorlopigSchooladviezen/0/deelnemerref");
    oso_chain_advice fine[] = {{eck_and_las, 1, "HAVO"}};
    m = advice_list(fine, 1);
    m.auteur = NULL;
    expect_refused(oso_chain_write_schooladviezenlijst(&json, NULL, &r, &m), &json, &r,
                   "DTM.REQUIRED", "");
    m = advice_list(fine, 0);
    expect_refused(oso_chain_write_schooladviezenlijst(&json, NULL, &r, &m), &json, &r, "DTM.ITEMS",
                   "/voorlopigSchooladviezen");
    m = advice_list(fine, 1);
    m.datumtijd = "15-01-2026 12:00";
    expect_refused(oso_chain_write_schooladviezenlijst(&json, NULL, &r, &m), &json, &r,
                   "DTM.FORMAT", "/datumtijd");
    m = advice_list(fine, 1);
    m.school = NULL;
    expect_refused(oso_chain_write_schooladviezenlijst(&json, NULL, &r, &m), &json, &r,
                   "DTM.REQUIRED", "/deelnemersgroep");
    /* Without a report the refusal is in oso_error_last(). */
    m = advice_list(bad_advice, 1);
    ck_assert_int_eq(oso_chain_write_schooladviezenlijst(&json, NULL, NULL, &m), OSO_E_INVALID);
    ck_assert(strstr(oso_error_last(), "/voorlopigSchooladviezen/0/advies") != NULL);
    /* Arguments. */
    m = advice_list(NULL, 1);
    ck_assert_int_eq(oso_chain_write_schooladviezenlijst(&json, NULL, NULL, &m), OSO_E_INVALID_ARG);
    m = advice_list(fine, 1);
    m.auteur = "\xff\xfe";
    ck_assert_int_eq(oso_chain_write_schooladviezenlijst(&json, NULL, NULL, &m), OSO_E_INVALID_ARG);
    m = advice_list(fine, 1);
    m.version = 2;
    ck_assert_int_eq(oso_chain_write_schooladviezenlijst(&json, NULL, NULL, &m),
                     OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_chain_write_schooladviezenlijst(&json, NULL, NULL, NULL), OSO_E_INVALID_ARG);
}
END_TEST

START_TEST(deelnemerslijst_written_and_refused)
{
    oso_chain_group groups[] = {{"g8b", "Groep 8b", "8"}};
    oso_chain_participant p[] = {
        {eck_and_las, 2, "Vries", "de", "Sanne", "g8b", "8", "S.", "2014-02-28", 2},
        {eck_and_las + 1, 1, "Yılmaz", NULL, "Emre", "g8b", "7", "E.", "2014-11-02", 1}};
    oso_chain_deelnemerslijst m = {OSO_CHAIN_DEELNEMERSLIJST_VERSION, "2025-10-01T08:30:00+02:00",
                                   "Proef-LAS", "2025-2026", &school, groups, 1, p, 2};
    char *json;
    size_t n;
    ck_assert_int_eq(oso_chain_write_deelnemerslijst(&json, &n, NULL, &m), OSO_OK);
    expect_valid_output(json, n, OSO_CHAIN_DEELNEMERSLIJST);
    ck_assert(strstr(json, "\"label\": \"Stamgroep\"") != NULL);
    ck_assert(strstr(json, "\"label\": \"Jaargroep\"") != NULL);
    ck_assert(strstr(json, "\"label\": \"Demografisch\"") != NULL);
    ck_assert(strstr(json, "\"geslacht\": 2") != NULL);
    ck_assert(strstr(json, "\"voorvoegsel\": \"de\"") != NULL);
    oso_free(json);
    oso_report *r;
    p[1].geslacht = 3;
    expect_refused(oso_chain_write_deelnemerslijst(&json, NULL, &r, &m), &json, &r, "DTM.ENUM",
                   "/deelnemers/1/extensie/geslacht");
    p[1].geslacht = 1;
    p[1].jaargroep = "C"; /* a group level, not a pupil level */
    expect_refused(oso_chain_write_deelnemerslijst(&json, NULL, &r, &m), &json, &r, "DTM.ENUM",
                   "/deelnemers/1/niveau/niveau");
    p[1].jaargroep = "7";
    p[0].voorletters = "ABCDEFG";
    expect_refused(oso_chain_write_deelnemerslijst(&json, NULL, &r, &m), &json, &r, "DTM.LENGTH",
                   "/deelnemers/0/extensie/voorletters");
    p[0].voorletters = "S.";
    p[0].geboortedatum = "2014-02-30";
    expect_refused(oso_chain_write_deelnemerslijst(&json, NULL, &r, &m), &json, &r, "DTM.FORMAT",
                   "/deelnemers/0/extensie/geboortedatum");
}
END_TEST

START_TEST(leerlingresultaat_written_and_refused)
{
    oso_chain_score scores[] = {{"Toetsscore", "s1", NULL, "212"},
                                {"Detailscore", "s2", "REKENEN", "48"}};
    oso_chain_result results[] = {{"Toetsadvies", NULL, "havo"},
                                  {"Referentieniveau", "REKENEN", "1S"},
                                  {"Referentieniveau", "LEZEN", "2F"}};
    oso_chain_test_part sub[] = {{"9010", "Lezen - Begrijpend lezen", NULL, 0}};
    oso_chain_test_part domains[] = {{"LEZEN", "Lezen", sub, 1}, {"TAALVERZORGING", NULL, NULL, 0}};
    oso_chain_test_part parts[] = {{"REKENEN", "Rekenen", NULL, 0},
                                   {"NEDERLANDSE_TAAL", NULL, domains, 2}};
    oso_chain_leerlingresultaat m = {
        OSO_CHAIN_LEERLINGRESULTAAT_VERSION, "2026-04-20T09:00:00Z", "Toetsdienst", "2025-2026",
        "rs-1", eck_and_las, 2, "Definitief", NULL, "ROUTE_8", "af-1", "2026-02-10T09:00:00Z",
        "sc-1", scores, 2, "https://example.org/leerlingrapport/rs-1", results, 3, "ROUTE_8",
        "Route 8", NULL, NULL, NULL, parts, 2};
    char *json;
    size_t n;
    ck_assert_int_eq(oso_chain_write_leerlingresultaat(&json, &n, NULL, &m), OSO_OK);
    expect_valid_output(json, n, OSO_CHAIN_LEERLINGRESULTAAT);
    ck_assert(strstr(json, "\"label\": \"Subdomein\"") != NULL);
    ck_assert(strstr(json, "\"label\": \"Domein\"") != NULL);
    ck_assert(strstr(json, "\"label\": \"Onderdeel\"") != NULL);
    ck_assert(strstr(json, "\"profiel\": \"Leerlingtoetsresultaat\"") != NULL);
    oso_free(json);
    oso_report *r;
    m.toetsdefinitie = "CITO";
    expect_refused(oso_chain_write_leerlingresultaat(&json, NULL, &r, &m), &json, &r, "DTM.ENUM",
                   "/resultatenscores/toetsdefinitie");
    m.toetsdefinitie = "ROUTE_8";
    sub[0].id = "LEZEN"; /* a domain code at the subdomain level */
    expect_refused(oso_chain_write_leerlingresultaat(&json, NULL, &r, &m), &json, &r, "DTM.ENUM",
                   "/toets/toetsonderdelen/1/toetsonderdelen/0/toetsonderdelen/0/id");
    sub[0].id = "9010";
    sub[0].parts = parts;
    sub[0].part_count = 1; /* nothing exists below a Subdomein */
    ck_assert_int_eq(oso_chain_write_leerlingresultaat(&json, NULL, NULL, &m), OSO_E_INVALID_ARG);
    sub[0].part_count = 0;
    m.result_count = 0;
    expect_refused(oso_chain_write_leerlingresultaat(&json, NULL, &r, &m), &json, &r, "DTM.ITEMS",
                   "/resultatenscores/resultaten/resultaten");
}
END_TEST

START_TEST(ontvangstmelding)
{
    char *json;
    size_t n;
    ck_assert_int_eq(oso_chain_write_ontvangstmelding(&json, &n, "Bericht \"ontvangen\""), OSO_OK);
    expect_valid_output(json, n, OSO_CHAIN_ONTVANGSTMELDING);
    ck_assert_str_eq(json, "{\n  \"melding\": \"Bericht \\\"ontvangen\\\"\"\n}\n");
    oso_free(json);
    ck_assert_int_eq(oso_chain_write_ontvangstmelding(&json, &n, NULL), OSO_OK);
    ck_assert_str_eq(json, "{}\n");
    oso_free(json);
    ck_assert_int_eq(oso_chain_write_ontvangstmelding(NULL, &n, "x"), OSO_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chain_write");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, schooladviezenlijst_written_and_checked);
    tcase_add_test(tc, schooladviezenlijst_refusals);
    tcase_add_test(tc, deelnemerslijst_written_and_refused);
    tcase_add_test(tc, leerlingresultaat_written_and_refused);
    tcase_add_test(tc, ontvangstmelding);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
