/* tests/generator/gen-dossier: over a range of seeds its dossiers use every element of the schema, and
 * each is structurally valid. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "schema/schema.h"
#include "testutil.h"
#include "schema/oso_2019_1.h"

/* The version this program knows. */
static const struct oso_schema *const schema = &oso_schema_2019_1;

static unsigned char reachable[OSO_SCHEMA_ROW_COUNT], seen[OSO_SCHEMA_ROW_COUNT];

static void mark_reachable(uint16_t row)
{
    if (reachable[row])
        return;
    reachable[row] = 1;
    uint16_t ct = schema->rows[row].ctype;
    if (ct == OSO_SCHEMA_NONE)
        return;
    for (uint16_t i = 0; i < schema->ctypes[ct].rows_count; i++)
        mark_reachable(schema->ctype_rows[schema->ctypes[ct].rows_first + i]);
}

static void mark_seen(const oso_node *n)
{
    if (n->row != OSO_SCHEMA_NONE)
        seen[n->row] = 1;
    for (size_t i = 0; i < oso_node_child_count(n); i++)
        mark_seen(oso_node_child_at(n, i));
}

START_TEST(every_element_is_generated)
{
    mark_reachable(OSO_ROW_dossier);
    for (unsigned seed = 1; seed <= 40; seed++) {
        size_t len;
        char *doc = generated(seed, seed % 2 ? "--all" : NULL, &len);
        oso_dossier *d;
        oso_report *r;
        ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, len, NULL), OSO_OK);
        ck_assert_msg(oso_report_count(r) == 0, "seed %u: %s", seed,
                      oso_report_count(r) ? oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN) : "");
        mark_seen(oso_dossier_root(d));
        oso_report_free(r);
        oso_dossier_free(d);
        free(doc);
    }
    size_t missing = 0, total = 0;
    for (uint16_t row = 0; row < OSO_SCHEMA_ROW_COUNT; row++) {
        total += reachable[row];
        if (reachable[row] && !seen[row]) {
            fprintf(stderr, "never generated: %s (in %s)\n", schema->rows[row].name,
                    schema->rows[row].owner == OSO_SCHEMA_NONE ? "-" : schema->ctypes[schema->rows[row].owner].name);
            missing++;
        }
    }
    ck_assert_uint_gt(total, 300);
    ck_assert_uint_eq(missing, 0);
}
END_TEST

/* Every attachment gen-dossier wrote was invalid Base64, so every generated dossier failed
 * attachment checks and the attachment paths never ran on valid generated data. Now each
 * document holds a real ZIP with a PDF, PNG, DOCX or TXT file and passes every check. */
START_TEST(generated_attachments_pass_checks)
{
    static const char *const kinds[] = {".pdf", ".png", ".docx", ".txt"};
    size_t per_kind[4] = {0}, documents = 0;
    static const char *const extra[] = {"--all", "--profile OV-POVO", NULL, "--profile PaO-VOSWV"};
    for (unsigned seed = 1; seed <= 12; seed++) {
        size_t len;
        const char *how = extra[seed % 4];
        char *doc = generated(seed, how, &len);
        oso_dossier *d;
        oso_report *r;
        ck_assert_int_eq(oso_dossier_parse_buffer(&d, NULL, doc, len, NULL), OSO_OK);
        ck_assert_int_eq(oso_attachments_verify(&r, d, NULL), OSO_OK);
        ck_assert_msg(oso_report_count(r) == 0, "seed %u: %s %s", seed,
                      oso_report_count(r) ? oso_diagnostic_rule(oso_report_at(r, 0)) : "",
                      oso_report_count(r) ? oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN) : "");
        oso_report_free(r);
        /* `oso validate --attachments`: a profile dossier is valid with its attachments. */
        if (how != NULL && strncmp(how, "--profile", 9) == 0) {
            oso_validate_options o = OSO_VALIDATE_OPTIONS_INIT;
            o.rules |= OSO_RULES_ATTACHMENTS;
            ck_assert_int_eq(oso_validate(&r, d, &o), OSO_OK);
            ck_assert_msg(oso_report_valid(r), "seed %u %s: %zu errors", seed, how,
                          oso_report_error_count(r));
            oso_report_free(r);
        }
        for (oso_node *n = oso_attachment_next(d, NULL); n; n = oso_attachment_next(d, n)) {
            documents++;
            oso_attachment *a;
            ck_assert_int_eq(oso_attachment_open(&a, n, NULL), OSO_OK);
            ck_assert_uint_ge(oso_attachment_entry_count(a), 1);
            const char *name = oso_attachment_filename(n);
            for (int k = 0; k < 4; k++)
                if (strlen(name) > strlen(kinds[k]) &&
                    strcmp(name + strlen(name) - strlen(kinds[k]), kinds[k]) == 0) {
                    per_kind[k]++;
                    ck_assert_str_eq(oso_attachment_entry_name(a, 0), name);
                }
            oso_attachment_free(a);
        }
        oso_dossier_free(d);
        free(doc);
    }
    ck_assert_uint_gt(documents, 40);
    for (int k = 0; k < 4; k++)
        ck_assert_msg(per_kind[k] > 0, "no %s attachment generated", kinds[k]);
}
END_TEST

/* With --invalid-attachments every document is broken, each way in turn, so that no reader can
 * open it, and fails with an ATT error; the rest of the dossier stays structurally valid. */
START_TEST(invalid_attachments_fail_checks)
{
    size_t len;
    char *doc = generated(5, "--all --invalid-attachments", &len);
    oso_dossier *d;
    oso_report *r;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, len, NULL), OSO_OK);
    ck_assert_uint_eq(oso_report_count(r), 0);
    oso_report_free(r);
    size_t documents = 0;
    int rules_seen[2] = {0};
    static const char *const rules[] = {"ATT.BASE64", "ATT.ZIP_NOT_ZIP"};
    for (oso_node *n = oso_attachment_next(d, NULL); n; n = oso_attachment_next(d, n)) {
        documents++;
        ck_assert_int_eq(oso_attachment_verify(&r, n, NULL), OSO_OK);
        ck_assert_uint_ge(oso_report_error_count(r), 1);
        for (size_t i = 0; i < oso_report_count(r); i++) {
            const char *rule = oso_diagnostic_rule(oso_report_at(r, i));
            ck_assert_msg(strncmp(rule, "ATT.", 4) == 0, "%s", rule);
            for (int k = 0; k < 2; k++)
                rules_seen[k] |= strcmp(rule, rules[k]) == 0;
        }
        oso_report_free(r);
    }
    ck_assert_uint_ge(documents, 3);
    for (int k = 0; k < 2; k++)
        ck_assert_msg(rules_seen[k], "no %s finding", rules[k]);
    oso_dossier_free(d);
    free(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("generator");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_element_is_generated);
    tcase_add_test(tc, generated_attachments_pass_checks);
    tcase_add_test(tc, invalid_attachments_fail_checks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
