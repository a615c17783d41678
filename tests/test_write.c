/* Writers: XML round trips (fixed point for generated dossiers, indented and compact),
 * escaping, comments and processing instructions, declaration and namespace, the four output
 * flavours, canonical equality with the input (xmllint --c14n, when present), and the JSON
 * export checked with a strict JSON parser written here. */
#include <check.h>

#include "testutil.h"
#include "oso/oso.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OSO_SOURCE_ROOT
#error "OSO_SOURCE_ROOT must name the source tree"
#endif
#ifndef GEN_DOSSIER
#error "GEN_DOSSIER must name the gen-dossier tool"
#endif
#ifndef OSO_STANDARD_DIR
#define OSO_STANDARD_DIR ""
#endif

#define SAMPLE OSO_SOURCE_ROOT "/examples/sample-dossier.xml"
#define LL "/dossier[1]/huidigeschool[1]/leerling[1]"

/* ---- helpers ------------------------------------------------------------------------------ */

static oso_dossier *parse_buf(const char *doc, size_t len, int expect_clean)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status st = oso_dossier_parse_buffer(&d, &r, doc, len, NULL);
    ck_assert_msg(st == OSO_OK, "parse failed: %s", oso_error_last());
    if (expect_clean && oso_report_count(r) > 0)
        ck_abort_msg("unexpected finding: %s at %s", oso_diagnostic_message(oso_report_at(r, 0), OSO_LANG_EN),
                     oso_diagnostic_path(oso_report_at(r, 0)));
    oso_report_free(r);
    return d;
}

static oso_dossier *parse_str(const char *doc) { return parse_buf(doc, strlen(doc), 0); }

static char *xml_of(const oso_dossier *d, int compact)
{
    oso_write_options o = OSO_WRITE_OPTIONS_INIT;
    o.compact = compact;
    char *xml = NULL;
    size_t len = 0;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &len, d, &o), OSO_OK);
    ck_assert_ptr_nonnull(xml);
    ck_assert_uint_eq(strlen(xml), len);
    return xml;
}

static char *json_of(const oso_dossier *d, int compact, int omit)
{
    oso_write_options o = OSO_WRITE_OPTIONS_INIT;
    o.compact = compact;
    o.omit_attachment_content = omit;
    char *json = NULL;
    size_t len = 0;
    ck_assert_int_eq(oso_dossier_to_json(&json, &len, d, &o), OSO_OK);
    ck_assert_ptr_nonnull(json);
    ck_assert_uint_eq(strlen(json), len);
    return json;
}

static oso_node *find(const oso_dossier *d, const char *path)
{
    oso_node *n = NULL;
    ck_assert_msg(oso_dossier_find(&n, d, path) == OSO_OK, "%s not found", path);
    return n;
}


static oso_dossier *parse_leerling(const char *body)
{
    char *doc = leerling_doc(body);
    oso_dossier *d = parse_str(doc);
    free(doc);
    return d;
}

/* ---- XML round trips ---------------------------------------------------------------------- */

/* parse -> write -> parse -> write is a fixed point, in both layouts; both layouts describe
 * the same model. */
static void check_round_trip(const char *doc, size_t len, int expect_clean)
{
    oso_dossier *d0 = parse_buf(doc, len, expect_clean);
    char *indented = xml_of(d0, 0), *compact = xml_of(d0, 1);
    for (int mode = 0; mode < 2; mode++) {
        const char *w1 = mode ? compact : indented;
        oso_dossier *d1 = parse_buf(w1, strlen(w1), expect_clean);
        char *w2 = xml_of(d1, mode);
        ck_assert_msg(strcmp(w1, w2) == 0, "%s output is not a fixed point", mode ? "compact" : "indented");
        /* the other layout of the re-parsed model equals the other layout of the original */
        char *other = xml_of(d1, !mode);
        ck_assert_str_eq(other, mode ? indented : compact);
        free(other);
        free(w2);
        oso_dossier_free(d1);
    }
    ck_assert_uint_lt(strlen(compact), strlen(indented));
    /* no layout inside the root element of the compact form */
    const char *root = strstr(compact, "<dossier"), *last = strstr(compact, "</dossier>");
    if (expect_clean && root != NULL && last != NULL) {
        char *inner = strndup(root, (size_t)(last - root));
        ck_assert_ptr_null(strstr(inner, ">\n<"));
        ck_assert_ptr_null(strstr(inner, ">  <"));
        free(inner);
    }
    free(indented);
    free(compact);
    oso_dossier_free(d0);
}

START_TEST(round_trip_generated)
{
    size_t len;
    unsigned seed = 1000 + (unsigned)_i;
    const char *extra = _i % 3 == 0 ? "--all" : _i % 3 == 1 ? "--repeat 3" : "--optional 20";
    char *doc = generated(seed, extra, &len);
    check_round_trip(doc, len, 1);
    /* gen-dossier writes with liboso: its output is already the indented form */
    oso_dossier *d = parse_buf(doc, len, 1);
    char *w = xml_of(d, 0);
    ck_assert_str_eq(w, doc);
    free(w);
    oso_dossier_free(d);
    free(doc);
}
END_TEST

START_TEST(round_trip_sample)
{
    size_t len;
    char *doc = read_file(SAMPLE, &len);
    check_round_trip(doc, len, 1);
    free(doc);
}
END_TEST

START_TEST(round_trip_invalid_documents)
{
    /* Whatever the parser keeps of invalid documents survives too. */
    static const char *const bodies[] = {
        "<achternaam>Jansen</achternaam>\n<schoenmaat maat=\"eu\">42<x>y</x></schoenmaat>\n",
        "<achternaam>Jansen</achternaam>\nlosse tekst <voornaam>Piet</voornaam> meer tekst\n",
        "<achternaam kleur=\"r&amp;d\">Jan<b>s</b>en</achternaam>\n",
        "<q:achternaam xmlns:q=\"urn:q\" q:a=\"1\">Jansen</q:achternaam>\n",
        "<achternaam>  </achternaam>\n<voornaam>\t</voornaam>\n",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char *doc = leerling_doc(bodies[i]);
        check_round_trip(doc, strlen(doc), 0);
        free(doc);
    }
}
END_TEST

START_TEST(round_trip_official_examples)
{
    static const char *const names[] = {"Voorbeelddossier_OV_POVO_full.xml",
                                        "Voorbeelddossier_PaO_POSWV_opt_out.xml"};
    for (size_t i = 0; i < 2; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/examples/%s", OSO_STANDARD_DIR, names[i]);
        if (access(path, R_OK) != 0)
            continue; /* the official files are optional */
        size_t len;
        char *doc = read_file(path, &len);
        check_round_trip(doc, len, 0);
        free(doc);
    }
}
END_TEST

/* Text that needs escaping survives byte for byte, in text and in attributes. */
static const char *const tricky_texts[] = {
    "a & b",
    "<tag> & </tag>",
    "x > y ]]> z",
    "\"quoted\" 'single'",
    "line1\nline2",
    "cr\rlf\r\ncrlf",
    "\ttab\t",
    "  leading and trailing  ",
    "\n",
    "&amp; &lt; &#10; not references",
    "Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd",
    "\x7f delete is allowed",
};

START_TEST(escaping_round_trip)
{
    const char *text = tricky_texts[_i];
    oso_dossier *d = parse_leerling("<achternaam>x</achternaam>"
                                    "<nationaliteit omschrijving=\"x\">0001</nationaliteit>\n");
    ck_assert_int_eq(oso_node_set_text(find(d, LL "/achternaam"), text), OSO_OK);
    ck_assert_int_eq(oso_node_set_attribute(find(d, LL "/nationaliteit"), "omschrijving", text), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/metadata/pakketnaam", text), OSO_OK);
    for (int compact = 0; compact < 2; compact++) {
        char *xml = xml_of(d, compact);
        oso_dossier *back = parse_str(xml);
        ck_assert_str_eq(oso_dossier_get(back, LL "/achternaam"), text);
        ck_assert_str_eq(oso_dossier_get(back, "/dossier/metadata/pakketnaam"), text);
        ck_assert_str_eq(oso_node_attribute(find(back, LL "/nationaliteit"), "omschrijving"), text);
        ck_assert_uint_eq(oso_node_text_length(find(back, LL "/achternaam")), strlen(text));
        /* and again */
        char *xml2 = xml_of(back, compact);
        ck_assert_str_eq(xml, xml2);
        free(xml2);
        oso_dossier_free(back);
        free(xml);
    }
    oso_dossier_free(d);
}
END_TEST

START_TEST(escaping_form)
{
    oso_dossier *d = parse_leerling("<achternaam>x</achternaam>"
                                    "<nationaliteit omschrijving=\"x\">0001</nationaliteit>\n");
    ck_assert_int_eq(oso_node_set_text(find(d, LL "/achternaam"), "a&b<c>d\"e\rf\tg\nh"), OSO_OK);
    ck_assert_int_eq(oso_node_set_attribute(find(d, LL "/nationaliteit"), "omschrijving",
                                            "a&b<c>d\"e\rf\tg\nh'i"), OSO_OK);
    char *xml = xml_of(d, 1);
    /* no raw markup characters or carriage returns in the output */
    ck_assert_ptr_null(strchr(xml, '\r'));
    ck_assert_ptr_null(strstr(xml, "a&b"));
    ck_assert_ptr_null(strstr(xml, "<c>"));
    ck_assert_ptr_nonnull(strstr(xml, "<achternaam>a&amp;b&lt;c"));
    const char *attr = strstr(xml, "omschrijving=\"");
    ck_assert_ptr_nonnull(attr);
    attr += strlen("omschrijving=\"");
    const char *end = strchr(attr, '"');
    ck_assert_ptr_nonnull(end);
    /* the value ends at the first quote after the escaped content, and holds no raw
     * whitespace other than spaces (tab and newline would be normalised away) */
    ck_assert_ptr_null(memchr(attr, '\t', (size_t)(end - attr)));
    ck_assert_ptr_null(memchr(attr, '\n', (size_t)(end - attr)));
    ck_assert_ptr_null(memchr(attr, '<', (size_t)(end - attr)));
    ck_assert_ptr_nonnull(strstr(end, ">0001</nationaliteit>"));
    free(xml);
    oso_dossier_free(d);
}
END_TEST

START_TEST(comments_and_pis_preserved)
{
    const char *doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- voor de wortel -->\n"
        "<?oso-tool versie=\"1\"?>\n"
        "<dossier xmlns=\"" NS "\">\n"
        "<!-- in de wortel -->\n"
        "<metadata><deeldossier>LAS</deeldossier><pakketnaam>Proef<!-- midden -->pakket</pakketnaam>"
        "<pakketversie>0.9<?pi in tekst?></pakketversie><datum>2021-11-30</datum>"
        "<standaardversie>2019.1</standaardversie><validatieversie>2019.1.1</validatieversie>"
        "</metadata>\n"
        "<overdrachtsoort>overstapdossier</overdrachtsoort>\n"
        "<huidigeschool><naam>OBS Het Kompas</naam><brincode>07QX</brincode>"
        "<vestigingscode>00</vestigingscode><aanleverpunt>2</aanleverpunt>\n"
        "<leerling><achternaam><!--leeg-->Jansen</achternaam><!-- na --></leerling>\n"
        "</huidigeschool>\n</dossier>\n"
        "<!-- na de wortel -->\n<?einde?>\n";
    oso_dossier *d = parse_buf(doc, strlen(doc), 1);
    /* the split texts read as one */
    ck_assert_str_eq(oso_dossier_get(d, "/dossier/metadata/pakketnaam"), "Proefpakket");
    ck_assert_str_eq(oso_dossier_get(d, "/dossier/metadata/pakketversie"), "0.9");
    ck_assert_str_eq(oso_dossier_get(d, LL "/achternaam"), "Jansen");
    for (int compact = 0; compact < 2; compact++) {
        char *xml = xml_of(d, compact);
        const char *c1 = strstr(xml, "<!-- voor de wortel -->"), *p1 = strstr(xml, "<?oso-tool versie=\"1\"?>"),
                   *root = strstr(xml, "<dossier"), *c2 = strstr(xml, "<!-- in de wortel -->"),
                   *meta = strstr(xml, "<metadata>"), *end = strstr(xml, "</dossier>"),
                   *c3 = strstr(xml, "<!-- na de wortel -->"), *p2 = strstr(xml, "<?einde?>");
        ck_assert(c1 && p1 && root && c2 && meta && end && c3 && p2);
        ck_assert(c1 < p1 && p1 < root && root < c2 && c2 < meta && meta < end && end < c3 && c3 < p2);
        /* inside a leaf, no layout is added around the pieces */
        ck_assert_ptr_nonnull(strstr(xml, "<pakketnaam>Proef<!-- midden -->pakket</pakketnaam>"));
        ck_assert_ptr_nonnull(strstr(xml, "<pakketversie>0.9<?pi in tekst?></pakketversie>"));
        ck_assert_ptr_nonnull(strstr(xml, "<achternaam><!--leeg-->Jansen</achternaam>"));
        ck_assert_ptr_nonnull(strstr(xml, "<!-- na -->"));
        oso_dossier *back = parse_buf(xml, strlen(xml), 1);
        ck_assert_str_eq(oso_dossier_get(back, "/dossier/metadata/pakketnaam"), "Proefpakket");
        char *xml2 = xml_of(back, compact);
        ck_assert_str_eq(xml, xml2);
        free(xml2);
        oso_dossier_free(back);
        free(xml);
    }
    oso_dossier_free(d);
}
END_TEST

START_TEST(declaration_and_namespace)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL "/achternaam", "Jansen"), OSO_OK);
    for (int compact = 0; compact < 2; compact++) {
        char *xml = xml_of(d, compact);
        ck_assert_msg(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0, "%s", xml);
        const char *root = strstr(xml, "<dossier");
        ck_assert_ptr_nonnull(root);
        ck_assert_msg(strncmp(root, "<dossier xmlns=\"" NS "\">", strlen(NS) + 18) == 0, "%s", root);
        /* exactly one namespace declaration */
        ck_assert_ptr_null(strstr(root + strlen("<dossier xmlns"), "xmlns"));
        ck_assert_ptr_nonnull(strstr(xml, "<achternaam>Jansen</achternaam>"));
        ck_assert_int_eq(xml[strlen(xml) - 1], '\n');
        free(xml);
    }
    oso_dossier_free(d);

    /* an ISO-8859-1 / UTF-16 input is written as UTF-8 */
    const char latin1[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                          "<dossier xmlns=\"" NS "\"><overdrachtsoort>Zo\xeb</overdrachtsoort></dossier>";
    d = parse_str(latin1);
    char *xml = xml_of(d, 1);
    ck_assert_ptr_nonnull(strstr(xml, "encoding=\"UTF-8\""));
    ck_assert_ptr_nonnull(strstr(xml, "<overdrachtsoort>Zo\xc3\xab</overdrachtsoort>"));
    free(xml);
    oso_dossier_free(d);

    /* a prefixed document keeps a coherent prefix, also for added elements */
    const char prefixed[] = "<o:dossier xmlns:o=\"" NS "\"><o:overdrachtsoort>x</o:overdrachtsoort></o:dossier>";
    d = parse_str(prefixed);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/metadata/deeldossier", "LAS"), OSO_OK);
    xml = xml_of(d, 1);
    oso_dossier *back = parse_str(xml);
    ck_assert_str_eq(oso_dossier_get(back, "/dossier/metadata/deeldossier"), "LAS");
    ck_assert_str_eq(oso_dossier_get(back, "/dossier/overdrachtsoort"), "x");
    oso_node *meta = find(back, "/dossier/metadata");
    ck_assert_str_eq(oso_node_schema_type(meta), "metadata");
    oso_dossier_free(back);
    free(xml);
    oso_dossier_free(d);
}
END_TEST

/* ---- the four output flavours ------------------------------------------------------------- */

static char *temp_path(void)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    ck_assert_ptr_nonnull(path);
    snprintf(path, 4096, "%s/oso-test-write-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    return path;
}

START_TEST(flavours_give_same_bytes)
{
    size_t len;
    char *doc = read_file(SAMPLE, &len);
    oso_dossier *d = parse_buf(doc, len, 1);
    char *path = temp_path();
    for (int json = 0; json < 2; json++) {
        for (int compact = 0; compact < 2; compact++) {
            oso_write_options o = OSO_WRITE_OPTIONS_INIT;
            o.compact = compact;
            char *buf = json ? json_of(d, compact, 0) : xml_of(d, compact);
            size_t n = strlen(buf), got;
            /* FILE* */
            FILE *f = fopen(path, "w+b");
            ck_assert_ptr_nonnull(f);
            ck_assert_int_eq(json ? oso_dossier_write_json(d, f, &o) : oso_dossier_write_xml(d, f, &o), OSO_OK);
            fflush(f);
            rewind(f);
            char *out = read_stream(f, &got);
            fclose(f);
            ck_assert_uint_eq(got, n);
            ck_assert_mem_eq(out, buf, n);
            free(out);
            /* fd, after something already written: appended, not rewound */
            int fd = open(path, O_WRONLY | O_TRUNC);
            ck_assert_int_ge(fd, 0);
            ck_assert_int_eq(write(fd, "PRE", 3), 3);
            ck_assert_int_eq(json ? oso_dossier_write_json_fd(d, fd, &o) : oso_dossier_write_xml_fd(d, fd, &o), OSO_OK);
            close(fd);
            out = read_file(path, &got);
            ck_assert_uint_eq(got, n + 3);
            ck_assert_mem_eq(out, "PRE", 3);
            ck_assert_mem_eq(out + 3, buf, n);
            free(out);
            /* path, over a longer existing file: truncated */
            f = fopen(path, "wb");
            for (size_t i = 0; i < n + 1000; i++)
                fputc('#', f);
            fclose(f);
            ck_assert_int_eq(json ? oso_dossier_save_json(d, path, &o) : oso_dossier_save_xml(d, path, &o), OSO_OK);
            out = read_file(path, &got);
            ck_assert_uint_eq(got, n);
            ck_assert_mem_eq(out, buf, n);
            free(out);
            /* defaults (NULL options) are the indented form */
            if (!compact) {
                char *dflt = NULL;
                ck_assert_int_eq(json ? oso_dossier_to_json(&dflt, NULL, d, NULL) : oso_dossier_to_xml(&dflt, NULL, d, NULL), OSO_OK);
                ck_assert_str_eq(dflt, buf);
                oso_free(dflt);
            }
            free(buf);
        }
    }
    unlink(path);
    free(path);
    oso_dossier_free(d);
    free(doc);
}
END_TEST

START_TEST(write_errors)
{
    oso_dossier *d = parse_leerling("<achternaam>Jansen</achternaam>\n");
    /* unwritable destinations */
    ck_assert_int_eq(oso_dossier_save_xml(d, "/nonexistent-dir/x.xml", NULL), OSO_E_IO);
    ck_assert_int_eq(oso_dossier_save_json(d, "/nonexistent-dir/x.json", NULL), OSO_E_IO);
    ck_assert_int_eq(oso_dossier_write_xml_fd(d, -1, NULL), OSO_E_IO);
    int fd = open("/dev/null", O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(oso_dossier_write_xml_fd(d, fd, NULL), OSO_E_IO);
    ck_assert_int_eq(oso_dossier_write_json_fd(d, fd, NULL), OSO_E_IO);
    close(fd);
    FILE *ro = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(ro);
    ck_assert_int_eq(oso_dossier_write_xml(d, ro, NULL), OSO_E_IO);
    ck_assert_int_eq(oso_dossier_write_json(d, ro, NULL), OSO_E_IO);
    fclose(ro);
    FILE *full = fopen("/dev/full", "w");
    if (full != NULL) {
        ck_assert_int_eq(oso_dossier_write_xml(d, full, NULL), OSO_E_IO);
        fclose(full);
    }
    /* bad arguments and options */
    char *out = (char *)"x";
    ck_assert_int_eq(oso_dossier_to_xml(&out, NULL, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_to_xml(NULL, NULL, d, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_to_json(&out, NULL, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_write_xml(d, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_save_xml(d, NULL, NULL), OSO_E_INVALID_ARG);
    oso_write_options o = OSO_WRITE_OPTIONS_INIT;
    static const unsigned versions[] = {0, 2, 999};
    for (size_t i = 0; i < 3; i++) {
        o.version = versions[i];
        out = NULL;
        ck_assert_int_eq(oso_dossier_to_xml(&out, NULL, d, &o), OSO_E_OPTIONS_VERSION);
        ck_assert_ptr_null(out);
        ck_assert_int_eq(oso_dossier_to_json(&out, NULL, d, &o), OSO_E_OPTIONS_VERSION);
        ck_assert_ptr_null(out);
        ck_assert_int_eq(oso_write_options_init(&o, versions[i]), OSO_E_OPTIONS_VERSION);
    }
    memset(&o, 0x5a, sizeof o);
    ck_assert_int_eq(oso_write_options_init(&o, OSO_WRITE_OPTIONS_VERSION), OSO_OK);
    ck_assert_uint_eq(o.version, OSO_WRITE_OPTIONS_VERSION);
    ck_assert_int_eq(o.compact, 0);
    ck_assert_int_eq(o.omit_attachment_content, 0);
    ck_assert_int_eq(oso_write_options_init(NULL, OSO_WRITE_OPTIONS_VERSION), OSO_E_INVALID_ARG);
    oso_dossier_free(d);
}
END_TEST

/* ---- canonical equality with the input (xmllint --c14n) ----------------------------------- */

static int have_xmllint(void) { return system("xmllint --version >/dev/null 2>&1") == 0; }

/* Canonical form with whitespace-only text between tags removed. */
static char *canonical(const char *path)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "xmllint --c14n '%s'", path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t len;
    char *c = read_stream(p, &len);
    ck_assert_int_eq(pclose(p), 0);
    char *out = c;
    for (size_t i = 0; i < len; i++) {
        if (c[i] == '>') {
            size_t j = i + 1;
            while (j < len && (c[j] == ' ' || c[j] == '\t' || c[j] == '\n' || c[j] == '\r'))
                j++;
            *out++ = '>';
            if (j < len && c[j] == '<') {
                i = j - 1;
                continue;
            }
            continue;
        }
        *out++ = c[i];
    }
    *out = '\0';
    return c;
}

static void check_c14n(const char *input)
{
    oso_dossier *d;
    oso_report *r;
    ck_assert_int_eq(oso_dossier_parse_file(&d, &r, input, NULL), OSO_OK);
    oso_report_free(r);
    char *written = temp_path();
    for (int compact = 0; compact < 2; compact++) {
        oso_write_options o = OSO_WRITE_OPTIONS_INIT;
        o.compact = compact;
        ck_assert_int_eq(oso_dossier_save_xml(d, written, &o), OSO_OK);
        char *a = canonical(input), *b = canonical(written);
        ck_assert_msg(strcmp(a, b) == 0, "%s: written XML is not canonically equal", input);
        free(a);
        free(b);
    }
    unlink(written);
    free(written);
    oso_dossier_free(d);
}

START_TEST(c14n_equal)
{
    if (!have_xmllint())
        return;
    check_c14n(SAMPLE);
    static const char *const names[] = {"Voorbeelddossier_OV_POVO_full.xml",
                                        "Voorbeelddossier_PaO_POSWV_opt_out.xml"};
    for (size_t i = 0; i < 2; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/examples/%s", OSO_STANDARD_DIR, names[i]);
        if (access(path, R_OK) == 0)
            check_c14n(path);
    }
    /* a hand-made input with comments, PIs, references and odd layout */
    char *doc = leerling_doc("<!-- c --><voornaam>a &amp; &#233;<?p q?>b</voornaam>\n"
                             "   <achternaam\n  >J&lt;&gt;&quot;s</achternaam   >\n"
                             "<nationaliteit   omschrijving='x &amp; \"y\"'>0001</nationaliteit>");
    char *path = temp_path();
    FILE *f = fopen(path, "wb");
    fputs(doc, f);
    fclose(f);
    check_c14n(path);
    unlink(path);
    free(path);
    free(doc);
}
END_TEST

/* ---- a strict JSON parser ----------------------------------------------------------------- */

enum jtype { J_NULL, J_TRUE, J_FALSE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct jv {
    enum jtype type;
    char *text;        /* decoded string, or the number as written */
    size_t len;
    struct jv **items; /* array items or object values */
    char **keys;       /* object keys */
    size_t count;
};

struct jparser {
    const char *p, *end;
    const char *error;
    int duplicate_keys;
};

static void jv_free(struct jv *v)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < v->count; i++) {
        jv_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->text);
    free(v);
}

static void jskip(struct jparser *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void put_utf8(char **o, uint32_t c)
{
    unsigned char *u = (unsigned char *)*o;
    if (c < 0x80) {
        *u++ = (unsigned char)c;
    } else if (c < 0x800) {
        *u++ = (unsigned char)(0xC0 | (c >> 6));
        *u++ = (unsigned char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *u++ = (unsigned char)(0xE0 | (c >> 12));
        *u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (c & 0x3F));
    } else {
        *u++ = (unsigned char)(0xF0 | (c >> 18));
        *u++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        *u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (c & 0x3F));
    }
    *o = (char *)u;
}

/* Length of a valid UTF-8 sequence at p (0 if invalid). */
static size_t utf8_valid(const unsigned char *p, const unsigned char *end)
{
    uint32_t c;
    size_t n;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] < 0xE0)
        c = p[0] & 0x1F, n = 2;
    else if (p[0] >= 0xE0 && p[0] < 0xF0)
        c = p[0] & 0x0F, n = 3;
    else if (p[0] >= 0xF0 && p[0] < 0xF5)
        c = p[0] & 0x07, n = 4;
    else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return n;
}

static char *jstring(struct jparser *j, size_t *len)
{
    if (j->p >= j->end || *j->p != '"') {
        j->error = "string expected";
        return NULL;
    }
    j->p++;
    char *out = malloc((size_t)(j->end - j->p) + 1), *o = out;
    ck_assert_ptr_nonnull(out);
    while (j->p < j->end && *j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20) {
            j->error = "raw control character in string";
            free(out);
            return NULL;
        }
        if (c != '\\') {
            size_t n = utf8_valid((const unsigned char *)j->p, (const unsigned char *)j->end);
            if (n == 0) {
                j->error = "invalid UTF-8 in string";
                free(out);
                return NULL;
            }
            memcpy(o, j->p, n);
            o += n;
            j->p += n;
            continue;
        }
        if (++j->p >= j->end)
            break;
        char e = *j->p++;
        switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            uint32_t u = 0;
            for (int k = 0; k < 4; k++) {
                int h = j->p < j->end ? hexval(*j->p++) : -1;
                if (h < 0) {
                    j->error = "bad \\u escape";
                    free(out);
                    return NULL;
                }
                u = u * 16 + (uint32_t)h;
            }
            if (u >= 0xD800 && u < 0xDC00) {
                uint32_t lo = 0;
                if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u') {
                    j->error = "lone surrogate";
                    free(out);
                    return NULL;
                }
                j->p += 2;
                for (int k = 0; k < 4; k++) {
                    int h = hexval(*j->p++);
                    if (h < 0) {
                        j->error = "bad \\u escape";
                        free(out);
                        return NULL;
                    }
                    lo = lo * 16 + (uint32_t)h;
                }
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    j->error = "bad surrogate pair";
                    free(out);
                    return NULL;
                }
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                j->error = "lone surrogate";
                free(out);
                return NULL;
            }
            put_utf8(&o, u);
            break;
        }
        default:
            j->error = "bad escape";
            free(out);
            return NULL;
        }
    }
    if (j->p >= j->end) {
        j->error = "unterminated string";
        free(out);
        return NULL;
    }
    j->p++;
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

static struct jv *jvalue(struct jparser *j, int depth);

static struct jv *jnew(enum jtype t)
{
    struct jv *v = calloc(1, sizeof *v);
    ck_assert_ptr_nonnull(v);
    v->type = t;
    return v;
}

static void jpush(struct jv *v, char *key, struct jv *item)
{
    v->items = realloc(v->items, (v->count + 1) * sizeof *v->items);
    ck_assert_ptr_nonnull(v->items);
    if (v->type == J_OBJECT) {
        v->keys = realloc(v->keys, (v->count + 1) * sizeof *v->keys);
        ck_assert_ptr_nonnull(v->keys);
        v->keys[v->count] = key;
    }
    v->items[v->count++] = item;
}

static int jliteral(struct jparser *j, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) >= n && memcmp(j->p, word, n) == 0) {
        j->p += n;
        return 1;
    }
    return 0;
}

static struct jv *jvalue(struct jparser *j, int depth)
{
    if (depth > 500) {
        j->error = "too deep";
        return NULL;
    }
    jskip(j);
    if (j->p >= j->end) {
        j->error = "value expected";
        return NULL;
    }
    char c = *j->p;
    if (c == '{' || c == '[') {
        int object = c == '{';
        struct jv *v = jnew(object ? J_OBJECT : J_ARRAY);
        j->p++;
        jskip(j);
        if (j->p < j->end && *j->p == (object ? '}' : ']')) {
            j->p++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            if (object) {
                jskip(j);
                size_t kl;
                key = jstring(j, &kl);
                if (key == NULL) {
                    jv_free(v);
                    return NULL;
                }
                for (size_t i = 0; i < v->count; i++)
                    if (strcmp(v->keys[i], key) == 0)
                        j->duplicate_keys++;
                jskip(j);
                if (j->p >= j->end || *j->p != ':') {
                    j->error = "':' expected";
                    free(key);
                    jv_free(v);
                    return NULL;
                }
                j->p++;
            }
            struct jv *item = jvalue(j, depth + 1);
            if (item == NULL) {
                free(key);
                jv_free(v);
                return NULL;
            }
            jpush(v, key, item);
            jskip(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == (object ? '}' : ']')) {
                j->p++;
                return v;
            }
            j->error = "',' or end of container expected";
            jv_free(v);
            return NULL;
        }
    }
    if (c == '"') {
        struct jv *v = jnew(J_STRING);
        v->text = jstring(j, &v->len);
        if (v->text == NULL) {
            jv_free(v);
            return NULL;
        }
        return v;
    }
    if (jliteral(j, "true"))
        return jnew(J_TRUE);
    if (jliteral(j, "false"))
        return jnew(J_FALSE);
    if (jliteral(j, "null"))
        return jnew(J_NULL);
    /* number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *s = j->p;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p < j->end && *j->p == '0') {
        j->p++;
    } else if (j->p < j->end && *j->p >= '1' && *j->p <= '9') {
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    } else {
        j->error = "unexpected character";
        return NULL;
    }
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9') {
            j->error = "digit expected after '.'";
            return NULL;
        }
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9') {
            j->error = "digit expected in exponent";
            return NULL;
        }
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    struct jv *v = jnew(J_NUMBER);
    v->len = (size_t)(j->p - s);
    v->text = strndup(s, v->len);
    return v;
}

/* Parse a whole JSON text; fails the test when it is not valid JSON. */
static struct jv *json_parse(const char *text, size_t len, int *duplicate_keys)
{
    struct jparser j = {text, text + len, NULL, 0};
    struct jv *v = jvalue(&j, 0);
    if (v != NULL) {
        jskip(&j);
        if (j.p != j.end) {
            j.error = "trailing characters";
            jv_free(v);
            v = NULL;
        }
    }
    ck_assert_msg(v != NULL, "invalid JSON at offset %ld: %s (%.40s)", (long)(j.p - text), j.error, j.p);
    if (duplicate_keys)
        *duplicate_keys = j.duplicate_keys;
    return v;
}

static struct jv *jget(const struct jv *v, const char *key)
{
    ck_assert_ptr_nonnull(v);
    ck_assert_msg(v->type == J_OBJECT, "looking up '%s' in a non-object", key);
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->keys[i], key) == 0)
            return v->items[i];
    return NULL;
}

/* Follow "a/b/c", taking item 0 of arrays along the way (not at the end). */
static struct jv *jpath(const struct jv *v, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    const struct jv *cur = v;
    for (char *save = NULL, *tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (cur->type == J_ARRAY) {
            ck_assert_uint_gt(cur->count, 0);
            cur = cur->items[0];
        }
        cur = jget(cur, tok);
        ck_assert_msg(cur != NULL, "no '%s' in %s", tok, path);
    }
    return (struct jv *)cur;
}

/* A canonical text of a tree: compares compact and indented output. */
static void jcanon(FILE *f, const struct jv *v)
{
    switch (v->type) {
    case J_NULL: fputs("null", f); break;
    case J_TRUE: fputs("true", f); break;
    case J_FALSE: fputs("false", f); break;
    case J_NUMBER: fputs(v->text, f); break;
    case J_STRING: fprintf(f, "\"%s\"", v->text); break;
    default:
        fputc(v->type == J_ARRAY ? '[' : '{', f);
        for (size_t i = 0; i < v->count; i++) {
            if (v->keys)
                fprintf(f, "\"%s\":", v->keys[i]);
            jcanon(f, v->items[i]);
            fputc(',', f);
        }
        fputc(v->type == J_ARRAY ? ']' : '}', f);
    }
}

static char *jcanon_string(const struct jv *v)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    jcanon(f, v);
    fclose(f);
    return out;
}

START_TEST(json_parser_self_test)
{
    /* the checker itself must reject what is not JSON */
    static const char *const good[] = {"{}", "[]", "{\"a\":[1,-0.5,2e10,true,false,null,\"\\u00e9\\ud83d\\ude00\"]}", " 0 "};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        jv_free(json_parse(good[i], strlen(good[i]), NULL));
    static const char *const bad[] = {
        "{", "{\"a\":1,}", "[1,]", "01", "1.", ".5", "+1", "\"a\tb\"", "\"\\x\"", "{a:1}",
        "[1 2]", "\"\\ud800\"", "tru", "{} {}", "\"\xc3\x28\"", "NaN", "'a'",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct jparser j = {bad[i], bad[i] + strlen(bad[i]), NULL, 0};
        struct jv *v = jvalue(&j, 0);
        if (v != NULL) {
            jskip(&j);
            ck_assert_msg(j.p != j.end, "accepted bad JSON %s", bad[i]);
            jv_free(v);
        }
    }
    int dups;
    jv_free(json_parse("{\"a\":1,\"a\":2}", 13, &dups));
    ck_assert_int_eq(dups, 1);
}
END_TEST

/* ---- JSON export -------------------------------------------------------------------------- */

static struct jv *json_tree(const oso_dossier *d, int compact, int omit)
{
    char *text = json_of(d, compact, omit);
    int dups = 0;
    struct jv *v = json_parse(text, strlen(text), &dups);
    ck_assert_int_eq(dups, 0);
    ck_assert_int_eq(v->type, J_OBJECT);
    ck_assert_uint_eq(v->count, 1);
    ck_assert_str_eq(v->keys[0], "dossier");
    if (compact) {
        const char *nl = strchr(text, '\n');
        ck_assert(nl == NULL || nl == text + strlen(text) - 1);
    }
    free(text);
    return v;
}

static void check_json_valid(const char *doc, size_t len)
{
    oso_dossier *d = parse_buf(doc, len, 0);
    struct jv *a = json_tree(d, 0, 0), *b = json_tree(d, 1, 0), *c = json_tree(d, 0, 1);
    char *ca = jcanon_string(a), *cb = jcanon_string(b);
    ck_assert_str_eq(ca, cb);
    free(ca);
    free(cb);
    jv_free(a);
    jv_free(b);
    jv_free(c);
    oso_dossier_free(d);
}

START_TEST(json_valid_generated)
{
    size_t len;
    char *doc = generated(2000 + (unsigned)_i, _i % 2 ? "--all" : "--repeat 3", &len);
    check_json_valid(doc, len);
    free(doc);
}
END_TEST

START_TEST(json_valid_sample_and_examples)
{
    size_t len;
    char *doc = read_file(SAMPLE, &len);
    check_json_valid(doc, len);
    free(doc);
    static const char *const names[] = {"Voorbeelddossier_OV_POVO_full.xml",
                                        "Voorbeelddossier_PaO_POSWV_opt_out.xml"};
    for (size_t i = 0; i < 2; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/examples/%s", OSO_STANDARD_DIR, names[i]);
        if (access(path, R_OK) != 0)
            continue;
        doc = read_file(path, &len);
        check_json_valid(doc, len);
        free(doc);
    }
}
END_TEST

START_TEST(json_python_accepts)
{
    /* A second opinion, when python3 is around. */
    if (system("python3 -c 'import json' >/dev/null 2>&1") != 0)
        return;
    size_t len;
    char *doc = generated(77, "--all", &len);
    oso_dossier *d = parse_buf(doc, len, 1);
    char *path = temp_path();
    for (int compact = 0; compact < 2; compact++) {
        oso_write_options o = OSO_WRITE_OPTIONS_INIT;
        o.compact = compact;
        ck_assert_int_eq(oso_dossier_save_json(d, path, &o), OSO_OK);
        char cmd[4300];
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' '%s'", path);
        ck_assert_int_eq(system(cmd), 0);
    }
    unlink(path);
    free(path);
    oso_dossier_free(d);
    free(doc);
}
END_TEST

START_TEST(json_shapes)
{
    oso_dossier *d = parse_leerling(
        "<voornaam>Piet</voornaam><achternaam>Jansen</achternaam><geslacht>1</geslacht>"
        "<adresgeheim>true</adresgeheim>\n"
        "<adreslijst><adres><soortadres>gba</soortadres><straat>Dorpsstraat</straat>"
        "<nummer>1</nummer><postcode>1234AB</postcode><plaats>Ergens</plaats>"
        "<land omschrijving=\"Nederland\">6030</land></adres></adreslijst>\n"
        "<nationaliteit>0001</nationaliteit>\n"
        "<resultaatvakkenvo><vakcode>ne</vakcode><afgerond>1</afgerond><examenvak>0</examenvak>"
        "<cijferce>0.30</cijferce></resultaatvakkenvo>\n"
        "<resultaatvakkenvo><vakcode>wi</vakcode><afgerond> false </afgerond><examenvak>true</examenvak>"
        "<cijferse>+8.</cijferse><cijferse>-.5</cijferse><cijferse>007.50</cijferse><cijferse>-0.0</cijferse>"
        "</resultaatvakkenvo>\n"
        "<resultaatvakkenvo><vakcode>en</vakcode><afgerond>0</afgerond><examenvak>0</examenvak>"
        "<exameneindcijfer> +2 </exameneindcijfer></resultaatvakkenvo>\n");
    struct jv *root = json_tree(d, 0, 0);
    struct jv *l = jpath(root, "dossier/huidigeschool/leerling");
    ck_assert_int_eq(l->type, J_OBJECT);
    /* repeatable elements are arrays, also with one element */
    struct jv *v = jget(l, "voornaam");
    ck_assert_int_eq(v->type, J_ARRAY);
    ck_assert_uint_eq(v->count, 1);
    ck_assert_int_eq(v->items[0]->type, J_STRING);
    ck_assert_str_eq(v->items[0]->text, "Piet");
    struct jv *adres = jget(jget(l, "adreslijst"), "adres");
    ck_assert_int_eq(adres->type, J_ARRAY);
    ck_assert_uint_eq(adres->count, 1);
    ck_assert_int_eq(jget(l, "adreslijst")->type, J_OBJECT);
    /* single elements are not */
    ck_assert_int_eq(jget(l, "achternaam")->type, J_STRING);
    ck_assert_str_eq(jget(l, "achternaam")->text, "Jansen");
    ck_assert_int_eq(jpath(root, "dossier/metadata")->type, J_OBJECT);
    ck_assert_int_eq(jpath(root, "dossier/metadata/datum")->type, J_STRING);
    ck_assert_str_eq(jpath(root, "dossier/metadata/datum")->text, "2021-11-30");
    /* typed values */
    ck_assert_int_eq(jget(l, "geslacht")->type, J_NUMBER);
    ck_assert_str_eq(jget(l, "geslacht")->text, "1");
    ck_assert_int_eq(jget(l, "adresgeheim")->type, J_TRUE);
    struct jv *vakken = jget(l, "resultaatvakkenvo");
    ck_assert_int_eq(vakken->type, J_ARRAY);
    ck_assert_uint_eq(vakken->count, 3);
    ck_assert_int_eq(jget(vakken->items[0], "afgerond")->type, J_TRUE);
    ck_assert_int_eq(jget(vakken->items[0], "examenvak")->type, J_FALSE);
    ck_assert_int_eq(jget(vakken->items[0], "cijferce")->type, J_NUMBER);
    ck_assert_str_eq(jget(vakken->items[0], "cijferce")->text, "0.3");
    ck_assert_int_eq(jget(vakken->items[1], "afgerond")->type, J_FALSE);
    struct jv *se = jget(vakken->items[1], "cijferse");
    ck_assert_int_eq(se->type, J_ARRAY);
    ck_assert_uint_eq(se->count, 4);
    static const char *const numbers[] = {"8", "-0.5", "7.5", "0"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(se->items[i]->type, J_NUMBER);
        ck_assert_str_eq(se->items[i]->text, numbers[i]);
    }
    ck_assert_int_eq(jget(vakken->items[2], "exameneindcijfer")->type, J_NUMBER);
    ck_assert_str_eq(jget(vakken->items[2], "exameneindcijfer")->text, "2");
    /* attributes: "@name" next to "#text"; the type declares one, so always an object */
    struct jv *land = jget(adres->items[0], "land");
    ck_assert_int_eq(land->type, J_OBJECT);
    ck_assert_str_eq(jget(land, "#text")->text, "6030");
    ck_assert_str_eq(jget(land, "@omschrijving")->text, "Nederland");
    struct jv *nat = jget(l, "nationaliteit");
    ck_assert_int_eq(nat->type, J_ARRAY);
    ck_assert_int_eq(nat->items[0]->type, J_OBJECT);
    ck_assert_str_eq(jget(nat->items[0], "#text")->text, "0001");
    ck_assert_ptr_null(jget(nat->items[0], "@omschrijving"));
    /* the element order of the object follows the document */
    ck_assert_str_eq(l->keys[0], "voornaam");
    ck_assert_str_eq(l->keys[1], "achternaam");
    jv_free(root);
    oso_dossier_free(d);
}
END_TEST

START_TEST(json_invalid_values_stay_strings)
{
    oso_dossier *d = parse_leerling(
        "<achternaam>Jansen</achternaam><geslacht>1.0</geslacht><adresgeheim>ja</adresgeheim>\n"
        "<resultaatvakkenvo><vakcode>ne</vakcode><afgerond>TRUE</afgerond><examenvak></examenvak>"
        "<cijferce>7,5</cijferce></resultaatvakkenvo>\n"
        "<resultaatvakkenvo><vakcode>wi</vakcode><afgerond>1</afgerond><examenvak>1</examenvak>"
        "<cijferse>1e3</cijferse><cijferse>.</cijferse><cijferse>NaN</cijferse><cijferse>0x10</cijferse>"
        "</resultaatvakkenvo>\n");
    struct jv *root = json_tree(d, 1, 0);
    struct jv *l = jpath(root, "dossier/huidigeschool/leerling");
    ck_assert_int_eq(jget(l, "geslacht")->type, J_STRING);
    ck_assert_str_eq(jget(l, "geslacht")->text, "1.0");
    ck_assert_int_eq(jget(l, "adresgeheim")->type, J_STRING);
    ck_assert_str_eq(jget(l, "adresgeheim")->text, "ja");
    struct jv *vakken = jget(l, "resultaatvakkenvo");
    ck_assert_int_eq(jget(vakken->items[0], "afgerond")->type, J_STRING);
    ck_assert_str_eq(jget(vakken->items[0], "afgerond")->text, "TRUE");
    ck_assert_int_eq(jget(vakken->items[0], "examenvak")->type, J_STRING);
    ck_assert_str_eq(jget(vakken->items[0], "examenvak")->text, "");
    ck_assert_str_eq(jget(vakken->items[0], "cijferce")->text, "7,5");
    struct jv *se = jget(vakken->items[1], "cijferse");
    static const char *const strings[] = {"1e3", ".", "NaN", "0x10"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(se->items[i]->type, J_STRING);
        ck_assert_str_eq(se->items[i]->text, strings[i]);
    }
    jv_free(root);
    oso_dossier_free(d);
}
END_TEST

START_TEST(json_strings_exact)
{
    /* every text comes back exactly from the JSON string */
    for (size_t i = 0; i < sizeof tricky_texts / sizeof tricky_texts[0]; i++) {
        oso_dossier *d = parse_leerling("<achternaam>x</achternaam>"
                                        "<nationaliteit omschrijving=\"x\">0001</nationaliteit>\n");
        ck_assert_int_eq(oso_node_set_text(find(d, LL "/achternaam"), tricky_texts[i]), OSO_OK);
        ck_assert_int_eq(oso_node_set_attribute(find(d, LL "/nationaliteit"), "omschrijving",
                                                tricky_texts[i]), OSO_OK);
        ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/metadata/pakketnaam", "back\\slash \"q\" /"), OSO_OK);
        struct jv *root = json_tree(d, i % 2, 0);
        struct jv *l = jpath(root, "dossier/huidigeschool/leerling");
        ck_assert_str_eq(jget(l, "achternaam")->text, tricky_texts[i]);
        ck_assert_str_eq(jget(jget(l, "nationaliteit")->items[0], "@omschrijving")->text, tricky_texts[i]);
        ck_assert_str_eq(jpath(root, "dossier/metadata/pakketnaam")->text, "back\\slash \"q\" /");
        jv_free(root);
        oso_dossier_free(d);
    }
}
END_TEST

START_TEST(json_attachments)
{
    size_t len;
    char *doc = read_file(SAMPLE, &len);
    oso_dossier *d = parse_buf(doc, len, 1);
    const char *b64 = oso_dossier_get(d, LL "/eindtoets_basisonderwijs/document/bestandsinhoud");
    ck_assert_ptr_nonnull(b64);
    ck_assert_uint_gt(strlen(b64), 100);
    struct jv *with = json_tree(d, 0, 0), *without = json_tree(d, 0, 1);
    struct jv *doc1 = jpath(with, "dossier/huidigeschool/leerling/eindtoets_basisonderwijs/document");
    struct jv *doc2 = jpath(without, "dossier/huidigeschool/leerling/eindtoets_basisonderwijs/document");
    /* `document` is repeatable */
    ck_assert_int_eq(doc1->type, J_ARRAY);
    struct jv *inhoud1 = jget(doc1->items[0], "bestandsinhoud"), *inhoud2 = jget(doc2->items[0], "bestandsinhoud");
    ck_assert_int_eq(inhoud1->type, J_STRING);
    ck_assert_str_eq(inhoud1->text, b64);
    ck_assert_int_eq(inhoud2->type, J_NULL);
    /* everything else is the same */
    ck_assert_str_eq(jget(doc2->items[0], "bestandsnaam")->text, "leerlingrapport.pdf");
    struct jv *other = jpath(without, "dossier/huidigeschool/leerling/overigdocumentlijst/document");
    ck_assert_int_eq(jget(other->items[0], "bestandsinhoud")->type, J_NULL);
    char *json = json_of(d, 1, 1);
    ck_assert_ptr_null(strstr(json, "UEsDBBQ"));
    free(json);
    json = json_of(d, 1, 0);
    ck_assert_ptr_nonnull(strstr(json, "UEsDBBQ"));
    free(json);
    jv_free(with);
    jv_free(without);
    oso_dossier_free(d);
    free(doc);
}
END_TEST

START_TEST(json_empty_and_odd_documents)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    struct jv *root = json_tree(d, 1, 0);
    ck_assert_int_eq(jget(root, "dossier")->type, J_OBJECT);
    ck_assert_uint_eq(jget(root, "dossier")->count, 0);
    jv_free(root);
    oso_dossier_free(d);
    /* unknown elements, stray text, comments: still valid JSON */
    d = parse_leerling("<achternaam>Jansen</achternaam>\nlos <x>1</x><x>2</x><y a=\"b\">t</y><!-- c -->\n");
    char *json = json_of(d, 0, 0);
    int dups;
    struct jv *v = json_parse(json, strlen(json), &dups);
    ck_assert_int_eq(dups, 0);
    struct jv *l = jpath(v, "dossier/huidigeschool/leerling");
    ck_assert_int_eq(jget(l, "x")->type, J_ARRAY);
    ck_assert_uint_eq(jget(l, "x")->count, 2);
    ck_assert_int_eq(jget(l, "y")->type, J_OBJECT);
    ck_assert_str_eq(jget(jget(l, "y"), "@a")->text, "b");
    ck_assert_ptr_null(strstr(json, "<!--"));
    jv_free(v);
    free(json);
    oso_dossier_free(d);
}
END_TEST

START_TEST(json_deep_nesting_refused)
{
    /* Nesting deeper than JSON writers should go: an error, not a crash. */
    oso_parse_options po = OSO_PARSE_OPTIONS_INIT;
    po.max_depth = 5000;
    size_t n = 2000;
    char *body = malloc(n * 8 + 64), *at = body;
    at += sprintf(at, "<achternaam>J</achternaam>");
    for (size_t i = 0; i < n; i++)
        at += sprintf(at, "<n>");
    for (size_t i = 0; i < n; i++)
        at += sprintf(at, "</n>");
    char *doc = leerling_doc(body);
    free(body);
    oso_dossier *d;
    oso_report *r;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, strlen(doc), &po), OSO_OK);
    oso_report_free(r);
    char *json = NULL;
    oso_status st = oso_dossier_to_json(&json, NULL, d, NULL);
    if (st == OSO_OK) {
        jv_free(json_parse(json, strlen(json), NULL));
        oso_free(json);
    } else {
        ck_assert_int_eq(st, OSO_E_LIMIT);
        ck_assert_ptr_null(json);
    }
    /* XML writing has no such limit */
    char *xml = xml_of(d, 1);
    ck_assert_ptr_nonnull(strstr(xml, "<n><n><n>"));
    free(xml);
    oso_dossier_free(d);
    free(doc);
}
END_TEST

/* ---- regressions: library bugs found by these tests, fixed ------------------------------- */

/* Same-named elements that are not adjacent (invalid order) give duplicate JSON keys, which
 * JSON readers resolve by dropping all but one. */
START_TEST(bug_json_duplicate_keys)
{
    oso_dossier *d = parse_leerling("<voornaam>A</voornaam><achternaam>Jansen</achternaam>"
                                    "<voornaam>B</voornaam><x>1</x><y/><x>2</x>\n");
    char *json = json_of(d, 1, 0);
    int dups = 0;
    struct jv *v = json_parse(json, strlen(json), &dups);
    ck_assert_msg(dups == 0, "%d duplicate keys in %s", dups, strstr(json, "\"leerling\""));
    jv_free(v);
    free(json);
    oso_dossier_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("write");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, round_trip_generated, 0, 40);
    tcase_add_test(tc, round_trip_sample);
    tcase_add_test(tc, round_trip_invalid_documents);
    tcase_add_test(tc, round_trip_official_examples);
    tcase_add_loop_test(tc, escaping_round_trip, 0, (int)(sizeof tricky_texts / sizeof tricky_texts[0]));
    tcase_add_test(tc, escaping_form);
    tcase_add_test(tc, comments_and_pis_preserved);
    tcase_add_test(tc, declaration_and_namespace);
    tcase_add_test(tc, flavours_give_same_bytes);
    tcase_add_test(tc, write_errors);
    tcase_add_test(tc, c14n_equal);
    tcase_add_test(tc, json_parser_self_test);
    tcase_add_loop_test(tc, json_valid_generated, 0, 12);
    tcase_add_test(tc, json_valid_sample_and_examples);
    tcase_add_test(tc, json_python_accepts);
    tcase_add_test(tc, json_shapes);
    tcase_add_test(tc, json_invalid_values_stay_strings);
    tcase_add_test(tc, json_strings_exact);
    tcase_add_test(tc, json_attachments);
    tcase_add_test(tc, json_empty_and_odd_documents);
    tcase_add_test(tc, json_deep_nesting_refused);
    suite_add_tcase(s, tc);
    {
        TCase *kb = tcase_create("regressions");
        tcase_add_test(kb, bug_json_duplicate_keys);
        suite_add_tcase(s, kb);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
