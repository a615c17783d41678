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

int main(void)
{
    Suite *s = suite_create("generator");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_element_is_generated);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
