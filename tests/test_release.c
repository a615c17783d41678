/* Release specifications and redaction: presets, parsing, refusals, and the property that for
 * generated dossiers of every profile and every combination of the 13 optional categories,
 * apply -> check gives no OS.cat error and nothing of a removed category survives. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "model/navigate.h"
#include "model/navigate.h"
#include "schema/schema.h"

#include "oso/oso.h"
#include "schema/oso_2019_1.h"

/* The version this program knows. */
static const struct oso_schema *const schema = &oso_schema_2019_1;

static oso_dossier *generated(const char *preset, int seed)
{
    char path[] = "/tmp/oso-release-XXXXXX", cmd[1024];
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    snprintf(cmd, sizeof cmd, "%s --seed %d --profile %s -o %s", OSO_GEN_DOSSIER, seed, preset, path);
    ck_assert_int_eq(system(cmd), 0);
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_file(&d, NULL, path, NULL), OSO_OK);
    unlink(path);
    return d;
}

/* Category of an element: the one of its outermost ancestor-or-self that carries one. */
static int category_of(const struct oso_node *n)
{
    int cat = 0;
    for (; n != NULL && n->kind == OSO_KIND_ELEMENT; n = oso_nav_parent(n))
        if (n->row != OSO_SCHEMA_NONE && schema->rows[n->row].category)
            cat = schema->rows[n->row].category;
    return cat;
}

/* Count elements (anywhere) whose category is in `removed` (bit c). */
static size_t survivors(const oso_node *n, unsigned removed)
{
    size_t count = (removed >> category_of(n)) & 1u && category_of(n) != 0;
    for (size_t i = 0; i < oso_node_child_count(n); i++)
        count += survivors(oso_node_child_at(n, i), removed);
    return count;
}

START_TEST(presets_and_parsing)
{
    oso_release *r;
    ck_assert_uint_eq(oso_release_preset_count(), 6);
    for (size_t i = 0; i < oso_release_preset_count(); i++) {
        ck_assert_int_eq(oso_release_preset(&r, oso_release_preset_name(i)), OSO_OK);
        ck_assert_int_eq(oso_release_get(r, "metadata"), OSO_RELEASE_VERPLICHT);
        oso_release_free(r);
    }
    ck_assert_int_eq(oso_release_preset(&r, "OV-POVO"), OSO_OK);
    ck_assert_int_eq(oso_release_get(r, "cat_vve"), OSO_RELEASE_VERBODEN);
    ck_assert_int_eq(oso_release_get(r, "verzuim"), OSO_RELEASE_OPTIONEEL);
    oso_release_free(r);
    ck_assert_int_eq(oso_release_preset(&r, "OV-POVO-opt-out"), OSO_OK);
    ck_assert_int_eq(oso_release_get(r, "verzuim"), OSO_RELEASE_OPT_UIT);
    ck_assert_int_eq(oso_release_get(r, "vve"), OSO_RELEASE_VERBODEN);
    ck_assert_int_eq(oso_release_set(r, "10", OSO_RELEASE_VERPLICHT), OSO_OK);
    ck_assert_int_eq(oso_release_get(r, "cat_verzuim"), OSO_RELEASE_VERPLICHT);
    ck_assert_int_eq(oso_release_parse(r, "vve=OPT-UIT,cat_bijlagedocs=VERBODEN"), OSO_OK);
    ck_assert_int_eq(oso_release_get(r, "vve"), OSO_RELEASE_OPT_UIT);
    ck_assert_int_eq(oso_release_get(r, "bijlagedocs"), OSO_RELEASE_VERBODEN);
    /* A bad pair leaves the specification unchanged. */
    ck_assert_int_eq(oso_release_parse(r, "vve=OPTIONEEL,verzuim=MISSCHIEN"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_release_get(r, "vve"), OSO_RELEASE_OPT_UIT);
    ck_assert_int_eq(oso_release_parse(r, "nergens=VERBODEN"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_release_set(r, "cat_onbekend", OSO_RELEASE_VERBODEN), OSO_E_NOT_FOUND);
    oso_release_free(r);
    ck_assert_int_eq(oso_release_preset(&r, "OV-XXXX"), OSO_E_NOT_FOUND);
    ck_assert_str_eq(oso_release_category_field(16), "cat_bijlagedocs");
    ck_assert_ptr_null(oso_release_category_field(17));
    ck_assert_str_eq(oso_release_value_name(OSO_RELEASE_OPT_UIT), "OPT-UIT");
}
END_TEST

START_TEST(refusals)
{
    oso_dossier *d = generated("OV-POVO", 3), *out;
    oso_report *rep;
    oso_release *r;
    ck_assert_int_eq(oso_release_new(&r), OSO_OK);
    /* Mandatory categories cannot be switched off. */
    ck_assert_int_eq(oso_release_parse(r, "leerling=OPT-UIT"), OSO_OK);
    ck_assert_int_eq(oso_dossier_redact(&out, &rep, d, r, NULL), OSO_E_RELEASE);
    ck_assert_ptr_null(out);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(rep, 0)), "OS.cat04");
    oso_report_free(rep);
    /* VERPLICHT without data. */
    ck_assert_int_eq(oso_release_parse(r, "leerling=VERPLICHT,vve=VERPLICHT"), OSO_OK);
    ck_assert_int_eq(oso_dossier_redact(&out, &rep, d, r, NULL), OSO_E_RELEASE);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(rep, 0)), "OS.cat06");
    oso_report_free(rep);
    oso_release_free(r);
    oso_dossier_free(d);
}
END_TEST

/* The property, for one profile. */
static void every_combination(const char *preset)
{
    oso_dossier *d = generated(preset, 1);
    static const int optional[] = {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    vo.rules = OSO_RULES_CATEGORIES; /* the check under test; structure always runs */
    for (unsigned mask = 0; mask < (1u << 13); mask++) {
        oso_release *r;
        ck_assert_int_eq(oso_release_new(&r), OSO_OK);
        unsigned removed = 0;
        for (int i = 0; i < 13; i++) {
            int off = (mask >> i) & 1u;
            oso_release_set(r, oso_release_category_field(optional[i]),
                            off ? (i % 2 ? OSO_RELEASE_OPT_UIT : OSO_RELEASE_VERBODEN) : OSO_RELEASE_OPTIONEEL);
            removed |= (unsigned)off << optional[i];
        }
        oso_dossier *out;
        oso_report *rep;
        oso_status st = oso_dossier_redact(&out, &rep, d, r, &vo);
        ck_assert_msg(st == OSO_OK, "%s mask %u: %s", preset, mask, oso_error_last());
        for (size_t i = 0; i < oso_report_count(rep); i++)
            ck_assert_msg(oso_diagnostic_severity(oso_report_at(rep, i)) != OSO_SEVERITY_ERROR,
                          "%s mask %u: %s %s", preset, mask, oso_diagnostic_rule(oso_report_at(rep, i)),
                          oso_diagnostic_message(oso_report_at(rep, i), OSO_LANG_EN));
        ck_assert_msg(survivors(oso_dossier_root(out), removed) == 0, "%s mask %u", preset, mask);
        for (int i = 0; i < 13; i++) {
            char path[128];
            snprintf(path, sizeof path, "/dossier/metadata/categorie_uitlevering/%s",
                     oso_release_category_field(optional[i]));
            const char *want = (mask >> i) & 1u ? (i % 2 ? "OPT-UIT" : "VERBODEN") : "OPTIONEEL";
            ck_assert_str_eq(oso_dossier_get(out, path), want);
        }
        oso_report_free(rep);
        oso_dossier_free(out);
        oso_release_free(r);
    }
    oso_dossier_free(d);
}

START_TEST(property_ov_povo) { every_combination("OV-POVO"); }
END_TEST
START_TEST(property_ov_bb) { every_combination("OV-BB"); }
END_TEST
START_TEST(property_pao_voswv) { every_combination("PaO-VOSWV"); }
END_TEST

/* The presets themselves produce dossiers that pass the whole official validation. */
START_TEST(presets_give_valid_dossiers)
{
    static const char *const presets[] = {"OV-POVO", "OV-POPO", "OV-VOVO", "OV-BB", "PaO-POSWV", "PaO-VOSWV"};
    for (size_t i = 0; i < 6; i++) {
        oso_dossier *d = generated(presets[i], 7), *out;
        oso_release *r;
        char name[64];
        snprintf(name, sizeof name, "%s-opt-out", presets[i]);
        ck_assert_int_eq(oso_release_preset(&r, name), OSO_OK);
        oso_report *rep;
        ck_assert_int_eq(oso_dossier_redact(&out, &rep, d, r, NULL), OSO_OK);
        for (size_t k = 0; k < oso_report_count(rep); k++)
            ck_assert_msg(oso_diagnostic_severity(oso_report_at(rep, k)) != OSO_SEVERITY_ERROR,
                          "%s: %s %s", name, oso_diagnostic_rule(oso_report_at(rep, k)),
                          oso_diagnostic_message(oso_report_at(rep, k), OSO_LANG_EN));
        oso_report_free(rep);
        oso_dossier_free(out);
        oso_release_free(r);
        oso_dossier_free(d);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("release");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, presets_and_parsing);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, presets_give_valid_dossiers);
    tcase_add_test(tc, property_ov_povo);
    tcase_add_test(tc, property_ov_bb);
    tcase_add_test(tc, property_pao_voswv);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
