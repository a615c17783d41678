/* The diff API (include/oso/diff.h) beyond the CLI suite (tests/test_cli_diff.py): arguments,
 * accessors, renderings, attributes, and a dossier against its anonymised copy (same
 * structure, so only values change and identified items whose identifying values were
 * replaced come and go). */
#include "testutil.h"

#include "base/sha256.h"

static oso_dossier *parse(const char *xml)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, xml, strlen(xml), NULL), OSO_OK);
    oso_report_free(r);
    return d;
}

START_TEST(arguments)
{
    oso_dossier *d = NULL;
    oso_diff *diff = NULL;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    ck_assert_int_eq(oso_dossier_diff(NULL, d, d, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_diff(&diff, NULL, d, NULL), OSO_E_INVALID_ARG);
    oso_diff_options o = OSO_DIFF_OPTIONS_INIT;
    o.version = 7;
    ck_assert_int_eq(oso_dossier_diff(&diff, d, d, &o), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_diff_options_init(&o, 2), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_diff_options_init(&o, 1), OSO_OK);
    ck_assert_int_eq(o.report_moves, 1);
    ck_assert_int_eq(oso_dossier_diff(&diff, d, d, &o), OSO_OK);
    ck_assert_uint_eq(oso_diff_count(diff), 0);
    ck_assert_ptr_null(oso_diff_name(diff, 0));
    ck_assert_int_eq(oso_diff_kind(diff, 3), 0);
    ck_assert_ptr_null(oso_change_kind_name((oso_change_kind)9));
    char *text = NULL;
    ck_assert_int_eq(oso_diff_format_text(&text, NULL, diff, (oso_diff_format)9), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_diff_format_text(&text, NULL, diff, OSO_DIFF_JSON), OSO_OK);
    ck_assert_str_eq(text, "{\"same\":true,\"changes\":[],\"summary\":\"no changes\"}\n");
    oso_free(text);
    oso_diff_free(diff);
    oso_diff_free(NULL);
    oso_dossier_free(d);
}
END_TEST

START_TEST(attributes_text_and_json)
{
    char *a = leerling_doc("<achternaam>Jansen</achternaam>\n<voornaam>Piet</voornaam>\n");
    char *b = leerling_doc("<achternaam>  Jansen\n </achternaam>\n<voornaam soort=\"x\">Kees</voornaam>\n");
    oso_dossier *da = parse(a), *db = parse(b);
    oso_diff *diff = NULL;
    ck_assert_int_eq(oso_dossier_diff(&diff, da, db, NULL), OSO_OK);
    ck_assert_uint_eq(oso_diff_count(diff), 2);
    ck_assert_int_eq(oso_diff_kind(diff, 0), OSO_CHANGE_ADDED);
    ck_assert(oso_diff_is_attribute(diff, 0));
    ck_assert_str_eq(oso_diff_name(diff, 0), "@soort");
    ck_assert_str_eq(oso_diff_new_path(diff, 0), "/dossier[1]/huidigeschool[1]/leerling[1]/voornaam[1]/@soort");
    ck_assert_ptr_null(oso_diff_old_path(diff, 0));
    ck_assert_str_eq(oso_diff_new_value(diff, 0), "x");
    ck_assert_int_eq(oso_diff_kind(diff, 1), OSO_CHANGE_CHANGED);
    ck_assert_str_eq(oso_diff_old_value(diff, 1), "Piet");
    ck_assert_str_eq(oso_diff_new_value(diff, 1), "Kees");
    ck_assert_str_eq(oso_diff_old_path(diff, 1), "/dossier[1]/huidigeschool[1]/leerling[1]/voornaam[1]");
    ck_assert_int_eq(oso_diff_category(diff, 1), 4); /* leerling */
    ck_assert(!oso_diff_is_release(diff, 1));
    char *text = NULL, *json = NULL, *summary = NULL;
    ck_assert_int_eq(oso_diff_format_text(&text, NULL, diff, OSO_DIFF_TEXT), OSO_OK);
    ck_assert_ptr_nonnull(strstr(text, "changed /dossier[1]/huidigeschool[1]/leerling[1]/voornaam[1] \"Piet\" -> \"Kees\"\n"));
    ck_assert_int_eq(oso_diff_format_text(&json, NULL, diff, OSO_DIFF_JSON), OSO_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"change\":\"added\",\"name\":\"@soort\",\"attribute\":true"));
    ck_assert_int_eq(oso_diff_format_text(&summary, NULL, diff, OSO_DIFF_SUMMARY), OSO_OK);
    ck_assert_str_eq(summary, "leerling: 1 soort attribute added, 1 voornaam element changed\n");
    oso_free(text);
    oso_free(json);
    oso_free(summary);
    oso_diff_free(diff);
    oso_dossier_free(da);
    oso_dossier_free(db);
    free(a);
    free(b);
}
END_TEST

START_TEST(against_anonymised_copy)
{
    size_t len;
    char *xml = read_file(OSO_SOURCE_ROOT "/examples/sample-dossier.xml", &len);
    oso_dossier *d = parse(xml), *a = NULL;
    ck_assert_int_eq(oso_dossier_anonymize(&a, d, NULL), OSO_OK);
    oso_diff *diff = NULL;
    ck_assert_int_eq(oso_dossier_diff(&diff, d, a, NULL), OSO_OK);
    size_t changed = 0;
    for (size_t i = 0; i < oso_diff_count(diff); i++) {
        oso_change_kind k = oso_diff_kind(diff, i);
        ck_assert_msg(k != OSO_CHANGE_MOVED, "moved: %s", oso_diff_old_path(diff, i));
        if (k == OSO_CHANGE_CHANGED) {
            /* Same structure: the same path on both sides. */
            ck_assert_str_eq(oso_diff_old_path(diff, i), oso_diff_new_path(diff, i));
            changed++;
        }
    }
    ck_assert_uint_gt(changed, 10);
    oso_diff_free(diff);
    /* With itself after a write and parse: nothing. */
    char *out = NULL;
    ck_assert_int_eq(oso_dossier_to_xml(&out, NULL, a, NULL), OSO_OK);
    oso_dossier *again = parse(out);
    ck_assert_int_eq(oso_dossier_diff(&diff, a, again, NULL), OSO_OK);
    ck_assert_uint_eq(oso_diff_count(diff), 0);
    oso_diff_free(diff);
    oso_free(out);
    oso_dossier_free(again);
    oso_dossier_free(a);
    oso_dossier_free(d);
    free(xml);
}
END_TEST

static void hex(char *out, const unsigned char *d)
{
    for (int i = 0; i < OSO_SHA256_SIZE; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

/* The content hash behind "sha256:" values and the anonymiser's HMAC: FIPS 180-4 and RFC 4231
 * vectors, and input fed in pieces across block boundaries. */
START_TEST(sha256_vectors)
{
    unsigned char d[OSO_SHA256_SIZE];
    char h[2 * OSO_SHA256_SIZE + 1];
    struct oso_sha256 s;
    oso_sha256_init(&s);
    oso_sha256_feed(&s, "abc", 3);
    oso_sha256_finish(&s, d);
    hex(h, d);
    ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    oso_sha256_init(&s);
    for (size_t i = 0; i < strlen(m); i += 5)
        oso_sha256_feed(&s, m + i, strlen(m) - i < 5 ? strlen(m) - i : 5);
    oso_sha256_finish(&s, d);
    hex(h, d);
    ck_assert_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    struct oso_bytes parts[] = {{"what do ya want ", 16}, {"for nothing?", 12}};
    oso_hmac_sha256((const unsigned char *)"Jefe", 4, parts, 2, d);
    hex(h, d);
    ck_assert_str_eq(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    unsigned char long_key[131];
    memset(long_key, 0xaa, sizeof long_key);
    struct oso_bytes text[] = {{"Test Using Larger Than Block-Size Key - Hash Key First", 54}};
    oso_hmac_sha256(long_key, sizeof long_key, text, 1, d);
    hex(h, d);
    ck_assert_str_eq(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
END_TEST

/* The summary names a category block that came as a whole, and counts documents. */
START_TEST(summary_per_category)
{
    size_t len;
    char *xml = read_file(OSO_SOURCE_ROOT "/examples/sample-dossier.xml", &len);
    oso_dossier *old = parse(xml), *new = NULL;
    ck_assert_int_eq(oso_dossier_clone(&new, old), OSO_OK);
    oso_node *eindtoets = NULL, *lijst = NULL;
    ck_assert_int_eq(oso_dossier_find(&eindtoets, old,
                                      "/dossier/huidigeschool/leerling/eindtoets_basisonderwijs"), OSO_OK);
    ck_assert_int_eq(oso_node_remove(eindtoets), OSO_OK);
    ck_assert_int_eq(oso_dossier_find(&lijst, new, "/dossier/huidigeschool/leerling/overigdocumentlijst"), OSO_OK);
    static const unsigned char text[] = "Verslag.\n";
    ck_assert_int_eq(oso_attachment_add(NULL, lijst, "een.txt", "Een", text, sizeof text - 1), OSO_OK);
    ck_assert_int_eq(oso_attachment_add(NULL, lijst, "twee.txt", "Twee", text, sizeof text - 1), OSO_OK);
    oso_diff *diff = NULL;
    char *summary = NULL;
    ck_assert_int_eq(oso_dossier_diff(&diff, old, new, NULL), OSO_OK);
    ck_assert_int_eq(oso_diff_format_text(&summary, NULL, diff, OSO_DIFF_SUMMARY), OSO_OK);
    ck_assert_str_eq(summary, "eindtoetsbo: eindtoets_basisonderwijs added; "
                              "bijlagedocs: 2 document elements added\n");
    oso_free(summary);
    oso_diff_free(diff);
    oso_dossier_free(old);
    oso_dossier_free(new);
    free(xml);
}
END_TEST

/* Two identified items swap places: two moves, or none when order is ignored. */
START_TEST(moves)
{
    char *a = leerling_doc("<toetslijst><toets><toetsidentificatie><eldtoetscode>A</eldtoetscode>"
                           "</toetsidentificatie></toets><toets><toetsidentificatie>"
                           "<eldtoetscode>B</eldtoetscode></toetsidentificatie></toets></toetslijst>\n");
    char *b = leerling_doc("<toetslijst><toets><toetsidentificatie><eldtoetscode>B</eldtoetscode>"
                           "</toetsidentificatie></toets><toets><toetsidentificatie>"
                           "<eldtoetscode>A</eldtoetscode></toetsidentificatie></toets></toetslijst>\n");
    oso_dossier *da = parse(a), *db = parse(b);
    oso_diff *diff = NULL;
    ck_assert_int_eq(oso_dossier_diff(&diff, da, db, NULL), OSO_OK);
    ck_assert_uint_eq(oso_diff_count(diff), 2);
    ck_assert_int_eq(oso_diff_kind(diff, 0), OSO_CHANGE_MOVED);
    ck_assert_str_eq(oso_diff_old_path(diff, 0),
                     "/dossier[1]/huidigeschool[1]/leerling[1]/toetslijst[1]/toets[1]");
    ck_assert_str_eq(oso_diff_new_path(diff, 0),
                     "/dossier[1]/huidigeschool[1]/leerling[1]/toetslijst[1]/toets[2]");
    ck_assert_int_eq(oso_diff_kind(diff, 1), OSO_CHANGE_MOVED);
    oso_diff_free(diff);
    oso_diff_options o = OSO_DIFF_OPTIONS_INIT;
    o.report_moves = 0;
    ck_assert_int_eq(oso_dossier_diff(&diff, da, db, &o), OSO_OK);
    ck_assert_uint_eq(oso_diff_count(diff), 0);
    oso_diff_free(diff);
    oso_dossier_free(da);
    oso_dossier_free(db);
    free(a);
    free(b);
}
END_TEST

/* Deep input: refused with a status beyond 4096 levels, not a stack overflow. */
START_TEST(deep_documents)
{
    enum { DEPTH = 5000 };
    size_t cap = DEPTH * 8 + 256;
    char *xml = malloc(cap), *p = xml;
    p += sprintf(p, "<dossier xmlns=\"%s\">", NS);
    for (int i = 0; i < DEPTH; i++)
        p += sprintf(p, "<x>");
    for (int i = 0; i < DEPTH; i++)
        p += sprintf(p, "</x>");
    sprintf(p, "</dossier>");
    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    po.max_depth = DEPTH + 10;
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_dossier_parse_buffer(&d, &r, xml, strlen(xml), &po);
    oso_report_free(r);
    ck_assert_ptr_nonnull(d);
    oso_diff *diff = NULL;
    ck_assert_int_eq(oso_dossier_diff(&diff, d, d, NULL), OSO_E_LIMIT);
    ck_assert_ptr_null(diff);
    oso_dossier_free(d);
    free(xml);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("diff");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sha256_vectors);
    tcase_add_test(tc, deep_documents);
    tcase_add_test(tc, summary_per_category);
    tcase_add_test(tc, moves);
    tcase_add_test(tc, arguments);
    tcase_add_test(tc, attributes_text_and_json);
    tcase_add_test(tc, against_anonymised_copy);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
