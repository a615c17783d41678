/* Doorstroomtoets chain messages (oso/chain.h): recognition, every DTM.* finding with its
 * pointer and position, the date formats, limits and hostile JSON. Fixtures are written here. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oso/oso.h"

/* A valid Deelnemerslijst; line numbers matter for the position tests. */
static const char deelnemerslijst[] =
    "{\n"                                                             /* 1 */
    "  \"datumtijd\": \"2025-10-01T08:30:00+02:00\",\n"               /* 2 */
    "  \"auteur\": \"Proef-LAS 3.2\",\n"                              /* 3 */
    "  \"versie\": \"Doorstroomtoetsketen_v1.1\",\n"                  /* 4 */
    "  \"profiel\": \"Toetsdeelnemers\",\n"                           /* 5 */
    "  \"schooljaar\": \"2025-2026\",\n"                              /* 6 */
    "  \"deelnemersgroep\": {\"instellingscode\": \"12AB\", \"vestigingscode\": \"01\",\n" /* 7 */
    "    \"onderwijsaanbiedercode\": \"100B200\", \"onderwijslocatiecode\": \"200C300\",\n"
    "    \"administratienr\": \"3\"},\n"                              /* 9 */
    "  \"groepen\": [{\"label\": \"Stamgroep\", \"id\": \"g8b\", \"omschrijving\": \"Groep 8b\",\n"
    "    \"niveau\": {\"label\": \"Jaargroep\", \"niveau\": \"8\"}}],\n" /* 11 */
    "  \"deelnemers\": [{\"label\": \"Leerling\",\n"                  /* 12 */
    "    \"deelnemerref\": [{\"label\": \"LAS-key\", \"onderwijsdeelnemerID\": \"ll-0042\"}],\n"
    "    \"achternaam\": \"Vries\", \"voorvoegsel\": \"de\", \"roepnaam\": \"Sanne\",\n" /* 14 */
    "    \"groep\": \"g8b\", \"niveau\": {\"label\": \"Jaargroep\", \"niveau\": \"8\"},\n"
    "    \"extensie\": {\"label\": \"Demografisch\", \"voorletters\": \"S.\",\n" /* 16 */
    "      \"geboortedatum\": \"2014-02-28\", \"geslacht\": 2}}]\n"  /* 17 */
    "}\n";

static const char schooladviezenlijst[] =
    "{\"datumtijd\": \"2026-01-15T12:00:00Z\", \"auteur\": \"Proef-LAS\","
    " \"versie\": \"Doorstroomtoetsketen_v1.1\", \"profiel\": \"Schooladviezen\","
    " \"schooljaar\": \"2025-2026\", \"deelnemersgroep\": {\"instellingscode\": \"12AB\","
    " \"vestigingscode\": \"01\", \"onderwijsaanbiedercode\": \"100B200\","
    " \"onderwijslocatiecode\": \"200C300\", \"administratienr\": \"3\"},"
    " \"voorlopigSchooladviezen\": [{\"deelnemerref\": [{\"label\": \"ECK-iD\","
    " \"onderwijsdeelnemerID\": \"eck-1\"}], \"advies\": \"VMBO_GL/TL_TM_HAVO\"}]}";

static const char leerlingresultaat[] =
    "{\"datumtijd\": \"2026-04-20T09:00:00.25Z\", \"auteur\": \"Toetsdienst\","
    " \"versie\": \"Doorstroomtoetsketen_v1.1\", \"profiel\": \"Leerlingtoetsresultaat\","
    " \"schooljaar\": \"2025-2026\", \"resultatenscores\": {\"id\": \"rs-1\","
    " \"deelnemerref\": [{\"label\": \"LAS-key\", \"onderwijsdeelnemerID\": \"ll-0042\"}],"
    " \"versie\": \"Definitief\", \"toetsdefinitie\": \"ROUTE_8\","
    " \"afnamecontext\": {\"afname\": {\"id\": \"af-1\", \"afnametijdstip\": \"2026-02-10T09:00:00Z\"}},"
    " \"scores\": {\"id\": \"sc-1\", \"scores\": [{\"label\": \"Toetsscore\", \"id\": \"s1\", \"waarde\": \"212\"}]},"
    " \"resultaten\": {\"resultaten\": [{\"label\": \"Toetsadvies\", \"waarde\": \"havo\"},"
    " {\"label\": \"Referentieniveau\", \"toetseenheid\": \"REKENEN\", \"waarde\": \"1S\"}]}},"
    " \"toets\": {\"label\": \"Doorstroomtoets\", \"id\": \"ROUTE_8\", \"naam\": \"Route 8\","
    " \"toetsonderdelen\": [{\"label\": \"Onderdeel\", \"id\": \"REKENEN\"}]}}";

/* `text` with the first `from` replaced by `to` (malloc'd). */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    ck_assert_msg(at != NULL, "fixture lacks %s", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    snprintf(s, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return s;
}

static oso_report *check_text(const char *text, oso_chain_message_type *type)
{
    oso_report *r = NULL;
    ck_assert_int_eq(oso_chain_check_buffer(&r, type, text, strlen(text), NULL), OSO_OK);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* The single finding of `text`: rule, pointer, line, column. */
static void expect_one(const char *text, const char *rule, const char *pointer, unsigned long line,
                       unsigned long column)
{
    oso_report *r = check_text(text, NULL);
    ck_assert_msg(oso_report_count(r) == 1, "%zu findings, first %s %s", oso_report_count(r),
                  oso_report_count(r) ? oso_diagnostic_rule(oso_report_at(r, 0)) : "-",
                  oso_report_count(r) ? oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN) : "");
    const oso_diagnostic *g = oso_report_at(r, 0);
    ck_assert_str_eq(oso_diagnostic_rule(g), rule);
    ck_assert_str_eq(oso_diagnostic_path(g), pointer);
    ck_assert_uint_eq(oso_diagnostic_line(g), line);
    ck_assert_uint_eq(oso_diagnostic_column(g), column);
    ck_assert(oso_diagnostic_message(g, OSO_LANG_NL)[0] != '\0');
    ck_assert(oso_diagnostic_message(g, OSO_LANG_EN)[0] != '\0');
    ck_assert_int_eq(oso_report_valid(r), 0);
    oso_report_free(r);
}

static void expect_one_mutated(const char *from, const char *to, const char *rule,
                               const char *pointer, unsigned long line, unsigned long column)
{
    char *text = replace(deelnemerslijst, from, to);
    expect_one(text, rule, pointer, line, column);
    free(text);
}

static void expect_valid(const char *text, oso_chain_message_type want)
{
    oso_chain_message_type type = OSO_CHAIN_UNKNOWN;
    oso_report *r = check_text(text, &type);
    ck_assert_msg(oso_report_valid(r), "%s: %s", oso_diagnostic_path(oso_report_at(r, 0)),
                  oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN));
    ck_assert_uint_eq(oso_report_count(r), 0);
    ck_assert_int_eq(type, want);
    oso_report_free(r);
}

START_TEST(valid_messages_are_recognised)
{
    expect_valid(deelnemerslijst, OSO_CHAIN_DEELNEMERSLIJST);
    expect_valid(schooladviezenlijst, OSO_CHAIN_SCHOOLADVIEZENLIJST);
    expect_valid(leerlingresultaat, OSO_CHAIN_LEERLINGRESULTAAT);
    expect_valid("{\"melding\": \"Bericht ontvangen\"}", OSO_CHAIN_ONTVANGSTMELDING);
    expect_valid("{}", OSO_CHAIN_ONTVANGSTMELDING);
    /* Without `profiel` the members only one request declares decide. */
    char *noprofiel = replace(schooladviezenlijst, " \"profiel\": \"Schooladviezen\",", "");
    oso_chain_message_type type;
    oso_report *r = check_text(noprofiel, &type);
    ck_assert_int_eq(type, OSO_CHAIN_SCHOOLADVIEZENLIJST);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "DTM.REQUIRED");
    oso_report_free(r);
    free(noprofiel);
    /* Undeclared members are allowed (the definition sets no additionalProperties). */
    char *extra = replace(deelnemerslijst, "\"auteur\"", "\"x-leverancier\": [1, {}], \"auteur\"");
    expect_valid(extra, OSO_CHAIN_DEELNEMERSLIJST);
    free(extra);
}
END_TEST

START_TEST(findings_have_rule_pointer_and_position)
{
    expect_one_mutated("\"Doorstroomtoetsketen_v1.1\"", "\"Doorstroomtoetsketen_v1.0\"",
                       "DTM.ENUM", "/versie", 4, 13);
    expect_one_mutated("\"auteur\": \"Proef-LAS 3.2\",\n", "", "DTM.REQUIRED", "", 1, 1);
    expect_one_mutated("\"administratienr\": \"3\"", "\"administratienr\": 3", "DTM.TYPE",
                       "/deelnemersgroep/administratienr", 9, 24);
    expect_one_mutated("\"geslacht\": 2", "\"geslacht\": 3", "DTM.ENUM",
                       "/deelnemers/0/extensie/geslacht", 17, 50);
    expect_one_mutated("\"geslacht\": 2", "\"geslacht\": \"2\"", "DTM.TYPE",
                       "/deelnemers/0/extensie/geslacht", 17, 50);
    expect_one_mutated("\"voorletters\": \"S.\"", "\"voorletters\": \"ABCDEFG\"", "DTM.LENGTH",
                       "/deelnemers/0/extensie/voorletters", 16, 58);
    expect_one_mutated("\"2014-02-28\"", "\"2014-02-29\"", "DTM.FORMAT",
                       "/deelnemers/0/extensie/geboortedatum", 17, 24);
    expect_one_mutated("\"deelnemerref\": [{\"label\": \"LAS-key\", \"onderwijsdeelnemerID\": \"ll-0042\"}]",
                       "\"deelnemerref\": [{\"label\": \"BSN\", \"onderwijsdeelnemerID\": \"ll-0042\"}]",
                       "DTM.ENUM", "/deelnemers/0/deelnemerref/0/label", 13, 32);
    expect_one_mutated("\"groepen\": [{\"label\": \"Stamgroep\", \"id\": \"g8b\", \"omschrijving\": \"Groep 8b\",\n"
                       "    \"niveau\": {\"label\": \"Jaargroep\", \"niveau\": \"8\"}}]",
                       "\"groepen\": []", "DTM.ITEMS", "/groepen", 10, 14);
    expect_one_mutated("\"roepnaam\": \"Sanne\"", "\"roepnaam\": null", "DTM.TYPE",
                       "/deelnemers/0/roepnaam", 14, 61);
    /* Characters, not bytes, count for the column and for lengths. */
    expect_one_mutated("\"auteur\": \"Proef-LAS 3.2\",\n  \"versie\": \"Doorstroomtoetsketen_v1.1\"",
                       "\"auteur\": \"Pröef-LAS\", \"versie\": \"x\"", "DTM.ENUM", "/versie", 3, 36);
}
END_TEST

START_TEST(lengths_count_characters)
{
    /* 70 two-byte characters are within maxLength 70; 71 are not. */
    char name[256] = "\"";
    for (int i = 0; i < 70; i++)
        strcat(name, "\xc3\xa9");
    strcat(name, "\"");
    char *text = replace(deelnemerslijst, "\"Vries\"", name);
    expect_valid(text, OSO_CHAIN_DEELNEMERSLIJST);
    free(text);
    name[strlen(name) - 1] = '\0';
    strcat(name, "x\"");
    text = replace(deelnemerslijst, "\"Vries\"", name);
    expect_one(text, "DTM.LENGTH", "/deelnemers/0/achternaam", 14, 19);
    free(text);
}
END_TEST

START_TEST(escaped_member_names_are_located)
{
    /* jansson decodes \u0076 to 'v'; the finding still points at the value in the text. */
    expect_one_mutated("\"versie\": \"Doorstroomtoetsketen_v1.1\"", "\"\\u0076ersie\": \"v1\"",
                       "DTM.ENUM", "/versie", 4, 18);
}
END_TEST

static void expect_date_time(const char *value, int valid)
{
    char to[128];
    snprintf(to, sizeof to, "\"datumtijd\": \"%s\"", value);
    char *text = replace(deelnemerslijst, "\"datumtijd\": \"2025-10-01T08:30:00+02:00\"", to);
    oso_report *r = check_text(text, NULL);
    ck_assert_msg(oso_report_valid(r) == valid, "%s: expected %s", value, valid ? "valid" : "invalid");
    if (!valid)
        ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "DTM.FORMAT");
    oso_report_free(r);
    free(text);
}

START_TEST(date_formats)
{
    expect_date_time("2024-02-29T00:00:00Z", 1);
    expect_date_time("2025-12-31T23:59:59.123456-11:30", 1);
    expect_date_time("2025-07-03t11:44:00z", 1);
    expect_date_time("2023-02-29T00:00:00Z", 0);
    expect_date_time("1900-02-29T00:00:00Z", 0);
    expect_date_time("2000-02-29T00:00:00Z", 1);
    expect_date_time("2025-07-03T11:44:00", 0);
    expect_date_time("2025-07-03 11:44:00Z", 0);
    expect_date_time("2025-07-03", 0);
    expect_date_time("2025-07-03T24:00:00Z", 0);
    expect_date_time("2025-07-03T11:60:00Z", 0);
    expect_date_time("2025-07-03T11:44:60Z", 0);
    expect_date_time("2025-07-03T11:44:00.Z", 0);
    expect_date_time("2025-07-03T11:44:00+2:00", 0);
    expect_date_time("2025-13-03T11:44:00Z", 0);
    expect_date_time("0000-01-01T00:00:00Z", 0);
    expect_date_time("+2025-07-03T11:44:00Z", 0);
    expect_one_mutated("\"2014-02-28\"", "\"2014-2-28\"", "DTM.FORMAT",
                       "/deelnemers/0/extensie/geboortedatum", 17, 24);
    expect_one_mutated("\"2014-02-28\"", "\"2014-02-28T00:00:00Z\"", "DTM.FORMAT",
                       "/deelnemers/0/extensie/geboortedatum", 17, 24);
}
END_TEST

START_TEST(integers_as_json_schema_counts_them)
{
    char *text = replace(deelnemerslijst, "\"geslacht\": 2", "\"geslacht\": 2.0");
    expect_valid(text, OSO_CHAIN_DEELNEMERSLIJST);
    free(text);
    expect_one_mutated("\"geslacht\": 2", "\"geslacht\": 2.5", "DTM.TYPE",
                       "/deelnemers/0/extensie/geslacht", 17, 50);
    expect_one_mutated("\"geslacht\": 2", "\"geslacht\": true", "DTM.TYPE",
                       "/deelnemers/0/extensie/geslacht", 17, 50);
    text = replace(deelnemerslijst, "\"geslacht\": 2", "\"geslacht\": 9e0");
    expect_valid(text, OSO_CHAIN_DEELNEMERSLIJST);
    free(text);
}
END_TEST

START_TEST(hostile_json)
{
    expect_one("{\"melding\": \"a\", \"melding\": \"b\"}", "DTM.DUPLICATE", "", 1, 26);
    expect_one("{\"melding\": \"\xff\"}", "DTM.UTF8", "", 1, 13);
    expect_one("{\"melding\": \"\xc0\xaf\"}", "DTM.UTF8", "", 1, 13);
    expect_one("{\"melding\": \"a\\u0000b\"}", "DTM.UTF8", "", 1, 22);
    expect_one("{\"melding\": 1e400}", "DTM.NUMBER", "", 1, 17);
    expect_one("{\"x\": 99999999999999999999}", "DTM.NUMBER", "", 1, 26);
    expect_one("{\"profiel\": \"Toetsdeel", "DTM.JSON", "", 1, 22);
    expect_one("", "DTM.JSON", "", 1, 1);
    expect_one("{} {}", "DTM.JSON", "", 1, 4);
    expect_one("[1]", "DTM.MESSAGE", "", 1, 1);
    expect_one("\"Deelnemerslijst\"", "DTM.MESSAGE", "", 1, 1);
    expect_one("{\"onbekend\": 1}", "DTM.MESSAGE", "", 1, 1);
    /* Deep nesting is refused before parsing, strings do not count. */
    size_t n = 1000000;
    char *deep = malloc(n + 1);
    memset(deep, '[', n);
    deep[n] = '\0';
    expect_one(deep, "DTM.DEPTH", "", 1, 65);
    memcpy(deep, "{\"melding\": \"[[[[", 17);
    deep[n - 2] = '"';
    deep[n - 1] = '}';
    memset(deep + 17, '[', n - 19);
    expect_valid(deep, OSO_CHAIN_ONTVANGSTMELDING);
    free(deep);
}
END_TEST

START_TEST(limits_from_options)
{
    oso_chain_check_options o;
    ck_assert_int_eq(oso_chain_check_options_init(&o, OSO_CHAIN_CHECK_OPTIONS_VERSION), OSO_OK);
    ck_assert_int_eq(oso_chain_check_options_init(&o, 99), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_chain_check_options_init(NULL, 1), OSO_E_INVALID_ARG);
    oso_report *r;
    o.max_bytes = 100;
    ck_assert_int_eq(oso_chain_check_buffer(&r, NULL, deelnemerslijst, strlen(deelnemerslijst), &o),
                     OSO_OK);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "DTM.SIZE");
    oso_report_free(r);
    o.max_bytes = 0;
    o.max_depth = 2;
    ck_assert_int_eq(oso_chain_check_buffer(&r, NULL, deelnemerslijst, strlen(deelnemerslijst), &o),
                     OSO_OK);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "DTM.DEPTH");
    ck_assert_uint_eq(oso_diagnostic_line(oso_report_at(r, 0)), 10);
    oso_report_free(r);
    /* A fixed type: a Schooladviezenlijst checked as a Deelnemerslijst. */
    o.max_depth = 0;
    o.expect = OSO_CHAIN_DEELNEMERSLIJST;
    oso_chain_message_type type;
    ck_assert_int_eq(oso_chain_check_buffer(&r, &type, schooladviezenlijst,
                                            strlen(schooladviezenlijst), &o), OSO_OK);
    ck_assert_int_eq(type, OSO_CHAIN_DEELNEMERSLIJST);
    ck_assert_int_eq(oso_report_valid(r), 0);
    oso_report_free(r);
    o.version = 7;
    ck_assert_int_eq(oso_chain_check_buffer(&r, NULL, "{}", 2, &o), OSO_E_OPTIONS_VERSION);
    ck_assert_ptr_null(r);
    o.version = OSO_CHAIN_CHECK_OPTIONS_VERSION;
    o.expect = (oso_chain_message_type)9;
    ck_assert_int_eq(oso_chain_check_buffer(&r, NULL, "{}", 2, &o), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_chain_check_buffer(NULL, NULL, "{}", 2, NULL), OSO_E_INVALID_ARG);
}
END_TEST

START_TEST(many_findings_are_counted)
{
    /* 30000 participants of the wrong type: 10000 stored, all counted. */
    size_t n = 30000;
    char *items = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(items + 2 * i, "1,", 2);
    items[2 * n - 1] = '\0';
    char *list = malloc(n * 2 + 32);
    snprintf(list, n * 2 + 32, "\"deelnemers\": [%s]", items);
    char *from = strstr(deelnemerslijst, "\"deelnemers\"");
    char *text = malloc(strlen(deelnemerslijst) + strlen(list) + 1);
    sprintf(text, "%.*s%s\n}\n", (int)(from - deelnemerslijst), deelnemerslijst, list);
    oso_report *r = check_text(text, NULL);
    ck_assert_uint_eq(oso_report_error_count(r), n);
    ck_assert_uint_eq(oso_report_count(r) + oso_report_omitted_count(r), n);
    ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, 0)), "/deelnemers/0");
    oso_report_free(r);
    free(items);
    free(list);
    free(text);
}
END_TEST

START_TEST(files_and_descriptors)
{
    char path[] = "/tmp/oso-chain-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, leerlingresultaat, strlen(leerlingresultaat)),
                     (ssize_t)strlen(leerlingresultaat));
    close(fd);
    oso_report *r;
    oso_chain_message_type type;
    ck_assert_int_eq(oso_chain_check_file(&r, &type, path, NULL), OSO_OK);
    ck_assert_int_eq(type, OSO_CHAIN_LEERLINGRESULTAAT);
    ck_assert(oso_report_valid(r));
    oso_report_free(r);
    fd = open(path, O_RDONLY);
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.max_bytes = 10;
    ck_assert_int_eq(oso_chain_check_fd(&r, &type, fd, &o), OSO_OK);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "DTM.SIZE");
    oso_report_free(r);
    close(fd);
    unlink(path);
    ck_assert_int_eq(oso_chain_check_file(&r, &type, path, NULL), OSO_E_IO);
    ck_assert_ptr_null(r);
    ck_assert(strstr(oso_error_last(), path) != NULL);
}
END_TEST

START_TEST(type_names)
{
    oso_chain_message_type t;
    for (int i = OSO_CHAIN_DEELNEMERSLIJST; i <= OSO_CHAIN_ONTVANGSTMELDING; i++) {
        ck_assert_int_eq(oso_chain_message_type_from_name(&t, oso_chain_message_type_name(i)), OSO_OK);
        ck_assert_int_eq(t, i);
    }
    ck_assert_str_eq(oso_chain_message_type_name(OSO_CHAIN_SCHOOLADVIEZENLIJST), "Schooladviezenlijst");
    ck_assert_int_eq(oso_chain_message_type_from_name(&t, "leerlingresultaat"), OSO_OK);
    ck_assert_int_eq(t, OSO_CHAIN_LEERLINGRESULTAAT);
    ck_assert_int_eq(oso_chain_message_type_from_name(&t, "Toetsuitslag"), OSO_E_NOT_FOUND);
    ck_assert_str_eq(oso_chain_message_type_name(OSO_CHAIN_UNKNOWN), "unknown");
    const char *method, *path;
    ck_assert_int_eq(oso_chain_message_operation(OSO_CHAIN_SCHOOLADVIEZENLIJST, &method, &path),
                     OSO_OK);
    ck_assert_str_eq(method, "POST");
    ck_assert_str_eq(path, "/registreren-schooladviezen");
    ck_assert_int_eq(oso_chain_message_operation(OSO_CHAIN_ONTVANGSTMELDING, &method, &path),
                     OSO_E_NOT_FOUND);
}
END_TEST

/* "RULE@PATH/severity " of each finding of the routing check. */
static const char *routing(const char *path, const char *to, const char *from)
{
    static char buf[512];
    oso_report *r;
    ck_assert_int_eq(oso_chain_check_routing(&r, path, to, from), OSO_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s@%s/%s ", oso_diagnostic_rule(g),
                 oso_diagnostic_path(g), oso_severity_name(oso_diagnostic_severity(g)));
    }
    oso_report_free(r);
    return buf;
}

START_TEST(routing_parameters)
{
    const char *oin = "0000000700011BB00000", *las = "0000000700011BB00530";
    ck_assert_str_eq(routing("/registreren", oin, las), "");
    ck_assert_str_eq(routing("/leerlingrapport/{rapportid}", las, oin), "");
    ck_assert_str_eq(routing("/leerlingresultaat", NULL, las), "DTM.PARAM@edu-to/error ");
    ck_assert_str_eq(routing("/registreren-schooladviezen", oin, "0000000700011BB0053"),
                     "DTM.PARAM@edu-from/error ");
    /* The pattern takes any 20 characters; the description asks for letters and digits. */
    ck_assert_str_eq(routing("/registreren", "0000000700011BB0000-", las),
                     "DTM.PARAM_FORMAT@edu-to/warning ");
    ck_assert_str_eq(routing("/registreren", oin, "0000000700011BB005301"),
                     "DTM.PARAM_FORMAT@edu-from/warning ");
    oso_report *r;
    ck_assert_int_eq(oso_chain_check_routing(&r, "/elders", oin, las), OSO_E_NOT_FOUND);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(oso_chain_check_routing(NULL, "/registreren", oin, las), OSO_E_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chain_check");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, valid_messages_are_recognised);
    tcase_add_test(tc, findings_have_rule_pointer_and_position);
    tcase_add_test(tc, lengths_count_characters);
    tcase_add_test(tc, escaped_member_names_are_located);
    tcase_add_test(tc, date_formats);
    tcase_add_test(tc, integers_as_json_schema_counts_them);
    tcase_add_test(tc, hostile_json);
    tcase_add_test(tc, limits_from_options);
    tcase_add_test(tc, many_findings_are_counted);
    tcase_add_test(tc, files_and_descriptors);
    tcase_add_test(tc, type_names);
    tcase_add_test(tc, routing_parameters);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
