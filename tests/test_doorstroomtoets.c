/* Doorstroomtoets: the DT.* rules (each triggered, and narrowly not) and the typed write API
 * (every combination of allowed levels passes DT, codelists and the XSD). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oso/oso.h"

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/* The bundled sample (an OV POVO dossier dated 2024-03-15) without its eindtoets block. */
static oso_dossier *base(void)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_file(&d, NULL, OSO_SAMPLE_DOSSIER, NULL), OSO_OK);
    oso_node *block;
    if (oso_dossier_find(&block, d, "/dossier/huidigeschool/leerling/eindtoets_basisonderwijs") == OSO_OK)
        ck_assert_int_eq(oso_node_remove(block), OSO_OK);
    return d;
}

static oso_doorstroomtoets result(void)
{
    oso_doorstroomtoets t;
    ck_assert_int_eq(oso_doorstroomtoets_init(&t, OSO_DOORSTROOMTOETS_VERSION), OSO_OK);
    t.toetssoort = "0013";
    t.toetsniveau = "G";
    t.toetsomschrijving = "Doorstroomtoets";
    t.datum_afname = "2024-02-06";
    t.has_standaardscore = 1;
    t.standaardscore = 535;
    t.toets_advies = "havo/vwo";
    t.lezen = OSO_REF_2F;
    t.taalverzorging = OSO_REF_1F;
    t.rekenen = OSO_REF_1S;
    t.rapport_pdf = (const unsigned char *)pdf;
    t.rapport_pdf_length = sizeof pdf - 1;
    return t;
}

/* DT rule ids found by a doorstroomtoets validation, space separated (other groups' findings,
 * e.g. the OV eindtoets warnings, are not what these tests are about). */
static char *dt_rules(const oso_dossier *d)
{
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.rules |= OSO_RULES_DOORSTROOMTOETS;
    oso_report *r;
    ck_assert_int_eq(oso_validate(&r, d, &vo), OSO_OK);
    static char buf[2048];
    buf[0] = '\0';
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        if (strncmp(oso_diagnostic_rule(g), "DT.", 3) != 0)
            continue;
        strncat(buf, oso_diagnostic_rule(g), sizeof buf - strlen(buf) - 2);
        strncat(buf, " ", sizeof buf - strlen(buf) - 1);
    }
    oso_report_free(r);
    return buf;
}

static oso_dossier *with_result(void)
{
    oso_dossier *d = base();
    oso_doorstroomtoets t = result();
    ck_assert_int_eq(oso_dossier_set_doorstroomtoets(d, &t), OSO_OK);
    return d;
}

#define EINDTOETS "/dossier/huidigeschool/leerling/eindtoets_basisonderwijs"
#define RESULTAAT EINDTOETS "/eindtoetsresultaat"

START_TEST(written_result_is_valid)
{
    oso_dossier *d = with_result();
    ck_assert_str_eq(dt_rules(d), "");
    ck_assert_str_eq(oso_dossier_get(d, RESULTAAT "/onderdelen/onderdeel[2]/onderdeelcode"), "8001");
    ck_assert_str_eq(oso_dossier_get(d, RESULTAAT "/onderdelen/onderdeel[2]/ond_referentieniveau"), "03");
    ck_assert_str_eq(oso_dossier_get(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[1]/dom_referentieniveau"), "04");
    /* Replacing keeps one block. */
    oso_doorstroomtoets t = result();
    t.lezen = OSO_REF_LAGER_DAN_1F;
    ck_assert_int_eq(oso_dossier_set_doorstroomtoets(d, &t), OSO_OK);
    ck_assert_str_eq(oso_dossier_get(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[1]/dom_referentieniveau"), "01");
    oso_node *second;
    ck_assert_int_eq(oso_dossier_find(&second, d, EINDTOETS "[2]"), OSO_E_NOT_FOUND);
    ck_assert_str_eq(dt_rules(d), "");
    oso_dossier_free(d);
}
END_TEST

/* Every allowed combination, written, serialized, reparsed: DT, codelists and XSD pass. */
START_TEST(all_level_combinations)
{
    static const oso_referentieniveau taal[] = {OSO_REF_LAGER_DAN_1F, OSO_REF_1F, OSO_REF_2F};
    static const oso_referentieniveau reken[] = {OSO_REF_LAGER_DAN_1F, OSO_REF_1F, OSO_REF_1S};
    char xsd[512];
    snprintf(xsd, sizeof xsd, "%s/OSO_gegevensset_2019.1.xsd", OSO_STANDARD_DIR);
    int have_xsd = access(xsd, R_OK) == 0 && system("xmllint --version >/dev/null 2>&1") == 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            for (int c = 0; c < 3; c++) {
                oso_dossier *d = base();
                oso_doorstroomtoets t = result();
                t.lezen = taal[a];
                t.taalverzorging = taal[b];
                t.rekenen = reken[c];
                t.has_standaardscore = (a + b + c) % 2;
                t.datum_afname = c == 0 ? "2022-08-01" : "2024-03-15"; /* both window edges */
                ck_assert_int_eq(oso_dossier_set_doorstroomtoets(d, &t), OSO_OK);
                char *xml;
                ck_assert_int_eq(oso_dossier_to_xml(&xml, NULL, d, NULL), OSO_OK);
                oso_report *r;
                oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
                vo.rules |= OSO_RULES_DOORSTROOMTOETS | OSO_RULES_ATTACHMENTS;
                vo.strict = 1;
                ck_assert_int_eq(oso_validate_buffer(&r, xml, strlen(xml), &vo, NULL), OSO_OK);
                for (size_t i = 0; i < oso_report_count(r); i++)
                    ck_assert_msg(oso_diagnostic_severity(oso_report_at(r, i)) == OSO_SEVERITY_INFO,
                                  "%s: %s", oso_diagnostic_rule(oso_report_at(r, i)),
                                  oso_diagnostic_message(oso_report_at(r, i), OSO_LANG_EN));
                oso_report_free(r);
                if (have_xsd && a == b && b == c) {
                    char path[] = "/tmp/oso-dt-XXXXXX";
                    int fd = mkstemp(path);
                    ck_assert_int_ge(fd, 0);
                    ck_assert_int_eq((long)write(fd, xml, strlen(xml)), (long)strlen(xml));
                    close(fd);
                    char cmd[1200];
                    snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s' %s 2>/dev/null", xsd, path);
                    ck_assert_int_eq(system(cmd), 0);
                    unlink(path);
                }
                oso_free(xml);
                oso_dossier_free(d);
            }
}
END_TEST

START_TEST(refused_values_leave_dossier_unchanged)
{
    oso_dossier *d = with_result();
    char *before;
    ck_assert_int_eq(oso_dossier_to_xml(&before, NULL, d, NULL), OSO_OK);
    for (int k = 0; k < 9; k++) {
        oso_doorstroomtoets t = result();
        switch (k) {
        case 0: t.lezen = OSO_REF_1S; break;          /* 1S is not a level for Lezen */
        case 1: t.taalverzorging = OSO_REF_1S; break;
        case 2: t.rekenen = OSO_REF_2F; break;        /* 2F is not a level for Rekenen */
        case 3: t.toets_advies = "  "; break;
        case 4: t.toetssoort = "0015"; break;         /* dropped from list 42 */
        case 5: t.datum_afname = "2024-03-16"; break; /* after the dossier date */
        case 6: t.datum_afname = "2022-07-31"; break; /* before the previous school year */
        case 7: t.rapport_pdf = (const unsigned char *)"plain text"; t.rapport_pdf_length = 10; break;
        default: t.datum_afname = "2023-02-29"; break;
        }
        ck_assert_msg(oso_dossier_set_doorstroomtoets(d, &t) == OSO_E_INVALID_ARG, "case %d", k);
        char *after;
        ck_assert_int_eq(oso_dossier_to_xml(&after, NULL, d, NULL), OSO_OK);
        ck_assert_str_eq(after, before);
        oso_free(after);
    }
    oso_doorstroomtoets t = result();
    t.version = 99;
    ck_assert_int_eq(oso_dossier_set_doorstroomtoets(d, &t), OSO_E_OPTIONS_VERSION);
    oso_free(before);
    oso_dossier_free(d);
}
END_TEST

static void set(oso_dossier *d, const char *path, const char *text)
{
    ck_assert_int_eq(oso_dossier_set(NULL, d, path, text), OSO_OK);
}

static void drop(oso_dossier *d, const char *path)
{
    oso_node *n;
    ck_assert_int_eq(oso_dossier_find(&n, d, path), OSO_OK);
    ck_assert_int_eq(oso_node_remove(n), OSO_OK);
}

START_TEST(each_rule_triggers_and_narrowly_not)
{
    oso_dossier *d;
    /* DT.01: taking part without a result; not when deelgenomen is false. */
    d = with_result();
    drop(d, RESULTAAT);
    ck_assert_str_eq(dt_rules(d), "DT.01 ");
    set(d, EINDTOETS "/deelgenomen", "false");
    ck_assert_str_eq(dt_rules(d), "");
    oso_dossier_free(d);
    /* Exemption J: nothing required; N: required. */
    d = with_result();
    drop(d, RESULTAAT "/toets_advies");
    ck_assert_str_eq(dt_rules(d), "DT.02 ");
    set(d, RESULTAAT "/wettelijke_ontheffing", "J");
    ck_assert_str_eq(dt_rules(d), "");
    oso_dossier_free(d);
    /* DT.02: whitespace advies fails, one character passes. */
    d = with_result();
    set(d, RESULTAAT "/toets_advies", " \n");
    ck_assert_str_eq(dt_rules(d), "DT.02 ");
    set(d, RESULTAAT "/toets_advies", "x");
    ck_assert_str_eq(dt_rules(d), "");
    oso_dossier_free(d);
    /* DT.03/04 Lezen, DT.05/06 Taalverzorging, DT.07/08 Rekenen. */
    d = with_result();
    set(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[1]/dom_referentieniveau", "03");
    ck_assert_str_eq(dt_rules(d), "DT.04 ");
    set(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[1]/dom_referentieniveau", "01");
    ck_assert_str_eq(dt_rules(d), "");
    set(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[2]/domeincode", "8050");
    ck_assert_str_eq(dt_rules(d), "DT.05 DT.03 "); /* document order */
    oso_dossier_free(d);
    d = with_result();
    set(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[2]/dom_referentieniveau", "03");
    ck_assert_str_eq(dt_rules(d), "DT.06 ");
    drop(d, RESULTAAT "/onderdelen/onderdeel[1]/domeinen/domein[2]/dom_referentieniveau");
    ck_assert_str_eq(dt_rules(d), "DT.05 ");
    oso_dossier_free(d);
    d = with_result();
    set(d, RESULTAAT "/onderdelen/onderdeel[2]/ond_referentieniveau", "04");
    ck_assert_str_eq(dt_rules(d), "DT.08 ");
    set(d, RESULTAAT "/onderdelen/onderdeel[2]/ond_referentieniveau", "03");
    ck_assert_str_eq(dt_rules(d), "");
    drop(d, RESULTAAT "/onderdelen/onderdeel[2]/ond_referentieniveau");
    ck_assert_str_eq(dt_rules(d), "DT.07 ");
    oso_dossier_free(d);
    /* DT.09 missing report, DT.10 not a PDF. */
    d = with_result();
    drop(d, EINDTOETS "/document");
    ck_assert_str_eq(dt_rules(d), "DT.09 ");
    oso_dossier_free(d);
    d = with_result();
    set(d, EINDTOETS "/document/bestandsinhoud", "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="); /* empty ZIP */
    ck_assert_str_eq(dt_rules(d), "DT.10 ");
    /* Without bestandsinhoud (a structure error) the report cannot be read either. */
    drop(d, EINDTOETS "/document/bestandsinhoud");
    ck_assert_str_eq(dt_rules(d), "DT.10 ");
    oso_dossier_free(d);
    /* DT.11 after the dossier date (2024-03-15); DT.12 before 2022-08-01. */
    d = with_result();
    set(d, RESULTAAT "/datum_afname", "2024-03-16");
    ck_assert_str_eq(dt_rules(d), "DT.11 ");
    set(d, RESULTAAT "/datum_afname", "2024-03-15");
    ck_assert_str_eq(dt_rules(d), "");
    set(d, RESULTAAT "/datum_afname", "2022-07-31");
    ck_assert_str_eq(dt_rules(d), "DT.12 ");
    set(d, RESULTAAT "/datum_afname", "2022-08-01");
    ck_assert_str_eq(dt_rules(d), "");
    oso_dossier_free(d);
}
END_TEST

/* Without the opt-in switch the verdict is unchanged. */
START_TEST(opt_in_only)
{
    oso_dossier *d = with_result();
    drop(d, EINDTOETS "/document");
    oso_report *r;
    ck_assert_int_eq(oso_validate(&r, d, NULL), OSO_OK);
    ck_assert_int_eq(oso_report_valid(r), 1);
    oso_report_free(r);
    oso_dossier_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doorstroomtoets");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, written_result_is_valid);
    tcase_add_test(tc, all_level_combinations);
    tcase_add_test(tc, refused_values_leave_dossier_unchanged);
    tcase_add_test(tc, each_rule_triggers_and_narrowly_not);
    tcase_add_test(tc, opt_in_only);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
