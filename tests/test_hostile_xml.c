/* Hostile XML, generated at test time: entity tricks, absurd nesting, huge text, huge numbers
 * of siblings and attributes, invalid bytes and truncations everywhere. Each must end in the
 * documented status with an XML diagnostic (or, where no limit applies, structural findings),
 * never crash, and stay within a bounded peak memory (getrusage ru_maxrss; never time). */
#include <check.h>

#include "testutil.h"
#include "oso/oso.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifndef OSO_SOURCE_ROOT
#error "OSO_SOURCE_ROOT must name the source tree"
#endif
#ifndef GEN_DOSSIER
#error "GEN_DOSSIER must name the gen-dossier tool"
#endif

#define SAMPLE OSO_SOURCE_ROOT "/examples/sample-dossier.xml"
#define ROOT "<dossier xmlns=\"" NS "\">"
#define MIB ((size_t)1 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* ---- helpers ------------------------------------------------------------------------------ */

static long peak_mib(void)
{
    struct rusage u;
    ck_assert_int_eq(getrusage(RUSAGE_SELF, &u), 0);
    return u.ru_maxrss / 1024; /* Linux: kilobytes */
}

/* A peak-memory bound in MiB, widened for instrumented runs (ASan's shadow memory and
 * quarantine, valgrind's own bookkeeping). */
static long bound_mib(long mib)
{
    const char *preload = getenv("LD_PRELOAD");
    if (UNDER_ASAN)
        return 3 * mib + 512;
    if (preload != NULL && strstr(preload, "vgpreload") != NULL)
        return 2 * mib + 256;
    return mib;
}

/* Without fork (CK_FORK=no, e.g. under valgrind) all tests share one process, whose peak is
 * the largest of them so far: then the bound is the largest one met so far. */
static int tests_forked = 1;
static long largest_bound;

static void check_peak(long mib, const char *what)
{
    long peak = peak_mib(), bound = bound_mib(mib);
    if (bound > largest_bound)
        largest_bound = bound;
    if (!tests_forked)
        bound = largest_bound;
    ck_assert_msg(peak < bound, "%s: peak memory %ld MiB, bound %ld MiB", what, peak, bound);
}

/* A buffer holding `unit` repeated to about `size` bytes (whole units). */
static char *repeated(const char *unit, size_t size, size_t *len)
{
    size_t u = strlen(unit), n = size / u;
    char *buf = malloc(n * u + 1);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * u, unit, u);
    buf[n * u] = '\0';
    *len = n * u;
    return buf;
}

/* Feed pre, then `chunk` up to `times` times, then post, stopping at the first refusal.
 * Returns the status of oso_parser_finish(); *fed counts the chunk bytes accepted by feed. */
static oso_status feed_repeated(const oso_parse_options *o, const char *pre, const char *chunk,
                                size_t len, size_t times, const char *post, size_t *fed,
                                oso_report **report)
{
    oso_parser *p;
    ck_assert_int_eq(oso_parser_new(&p, o), OSO_OK);
    oso_status st = oso_parser_feed(p, pre, strlen(pre));
    *fed = 0;
    for (size_t i = 0; i < times && st == OSO_OK; i++) {
        st = oso_parser_feed(p, chunk, len);
        if (st == OSO_OK)
            *fed += len;
    }
    if (st == OSO_OK)
        st = oso_parser_feed(p, post, strlen(post));
    oso_status fed_status = st;
    /* once refused, more input is a state error */
    if (fed_status != OSO_OK)
        ck_assert_int_eq(oso_parser_feed(p, "<x/>", 4), OSO_E_STATE);
    oso_dossier *d = NULL;
    st = oso_parser_finish(p, &d, report);
    oso_parser_free(p);
    ck_assert_ptr_nonnull(*report);
    if (fed_status != OSO_OK)
        ck_assert_int_eq(st, fed_status);
    if (st == OSO_OK)
        ck_assert_ptr_nonnull(d);
    else
        ck_assert_ptr_null(d);
    oso_dossier_free(d);
    return st;
}

/* The refusal's one XML diagnostic: document level, an error, with a message. */
static const oso_diagnostic *xml_diagnostic(const oso_report *r)
{
    const oso_diagnostic *found = NULL;
    for (size_t i = 0; i < oso_report_count(r); i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        if (strcmp(oso_diagnostic_rule(g), "XML") == 0) {
            ck_assert_msg(found == NULL, "more than one XML diagnostic");
            found = g;
        }
    }
    ck_assert_msg(found != NULL, "no XML diagnostic among %zu", oso_report_count(r));
    ck_assert_int_eq(oso_diagnostic_severity(found), OSO_SEVERITY_ERROR);
    ck_assert_str_eq(oso_diagnostic_path(found), "");
    ck_assert_str_ne(oso_diagnostic_message(found, OSO_LANG_EN), "");
    ck_assert_str_ne(oso_diagnostic_message(found, OSO_LANG_NL), "");
    ck_assert_int_eq(oso_report_valid(r), 0);
    return found;
}

/* ---- entities ----------------------------------------------------------------------------- */

static char *billion_laughs(void)
{
    char *doc = malloc(8192), *at = doc;
    ck_assert_ptr_nonnull(doc);
    at += sprintf(at, "<?xml version=\"1.0\"?>\n<!DOCTYPE dossier [\n <!ENTITY l0 \"lol\">\n");
    for (int i = 1; i <= 12; i++) {
        at += sprintf(at, " <!ENTITY l%d \"", i);
        for (int k = 0; k < 10; k++)
            at += sprintf(at, "&l%d;", i - 1);
        at += sprintf(at, "\">\n");
    }
    sprintf(at, "]>\n" ROOT "<metadata><deeldossier>&l12;</deeldossier></metadata></dossier>\n");
    return doc;
}

static char *quadratic_blowup(void)
{
    size_t n = 100000;
    char *doc = malloc(n * 4 + 1024), *at = doc;
    ck_assert_ptr_nonnull(doc);
    at += sprintf(at, "<!DOCTYPE dossier [<!ENTITY a \"");
    memset(at, 'a', n);
    at += n;
    at += sprintf(at, "\">]>" ROOT "<metadata><deeldossier>");
    for (size_t i = 0; i < n / 10; i++)
        at += sprintf(at, "&a;");
    sprintf(at, "</deeldossier></metadata></dossier>");
    return doc;
}

static const char *const entity_docs[] = {
    "<!DOCTYPE dossier [<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>\n" ROOT
    "<metadata><deeldossier>&ext;</deeldossier></metadata></dossier>",
    "<!DOCTYPE dossier [<!ENTITY ext SYSTEM \"http://127.0.0.1:1/oso\">]>\n" ROOT
    "<metadata><deeldossier>&ext;</deeldossier></metadata></dossier>",
    "<!DOCTYPE dossier [<!ENTITY % pe SYSTEM \"file:///etc/passwd\"> %pe;]>\n" ROOT "</dossier>",
    "<!DOCTYPE dossier [<!ENTITY % pe \"<!ENTITY &#x25; q SYSTEM 'file:///etc/hostname'>\"> %pe; %q;]>\n"
    ROOT "</dossier>",
    "<!DOCTYPE dossier SYSTEM \"file:///dev/zero\">\n" ROOT "</dossier>",
    "<!DOCTYPE dossier [<!ENTITY x \"<metadata>\">]>" ROOT "&x;</metadata></dossier>",
    "<!DOCTYPE dossier [<!ATTLIST dossier extra CDATA \"default\">]>" ROOT "</dossier>",
};

static void check_entity_refusal(const char *doc, size_t len)
{
    oso_dossier *d = (oso_dossier *)1;
    oso_report *r = NULL;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, len, NULL), OSO_E_XML);
    ck_assert_ptr_null(d);
    ck_assert_uint_eq(oso_report_count(r), 1);
    xml_diagnostic(r);
    ck_assert_uint_ge(oso_diagnostic_line(oso_report_at(r, 0)), 1);
    oso_report_free(r);
    /* validate_buffer: an invalid verdict with that diagnostic */
    ck_assert_int_eq(oso_validate_buffer(&r, doc, len, NULL, NULL), OSO_OK);
    ck_assert_int_eq(oso_report_valid(r), 0);
    xml_diagnostic(r);
    oso_report_free(r);
}

START_TEST(entity_attacks)
{
    check_entity_refusal(entity_docs[_i], strlen(entity_docs[_i]));
    check_peak(64, "entity attack");
}
END_TEST

START_TEST(billion_laughs_and_quadratic_blowup)
{
    char *doc = billion_laughs();
    check_entity_refusal(doc, strlen(doc));
    free(doc);
    doc = quadratic_blowup();
    check_entity_refusal(doc, strlen(doc));
    free(doc);
    check_peak(64, "billion laughs");
}
END_TEST

/* ---- nesting ------------------------------------------------------------------------------ */

START_TEST(deep_nesting_refused)
{
    /* 10^6 nested elements, pushed in 1 MiB chunks: refused by max_depth in the first one. */
    size_t len, fed;
    char *open = repeated("<a>", MIB, &len);
    oso_report *r;
    size_t chunks = 1000000 * 3 / len + 1;
    ck_assert_int_eq(feed_repeated(NULL, ROOT, open, len, chunks, "", &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_eq(fed, 0);
    const oso_diagnostic *g = xml_diagnostic(r);
    ck_assert_uint_eq(oso_diagnostic_line(g), 1);
    oso_report_free(r);
    /* the same in one buffer, and closing tags too */
    size_t clen;
    char *close = repeated("</a>", 4 * 1000000, &clen);
    char *doc = malloc(strlen(ROOT) + 3 * 1000000 + clen + 16);
    ck_assert_ptr_nonnull(doc);
    size_t at = 0;
    memcpy(doc, ROOT, strlen(ROOT));
    at += strlen(ROOT);
    for (size_t i = 0; i < 1000000; i++, at += 3)
        memcpy(doc + at, "<a>", 3);
    memcpy(doc + at, close, clen);
    at += clen;
    memcpy(doc + at, "</dossier>", 10);
    at += 10;
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, at, NULL), OSO_E_LIMIT);
    ck_assert_ptr_null(d);
    xml_diagnostic(r);
    oso_report_free(r);
    /* a custom limit is honoured exactly */
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_depth = 1000;
    ck_assert_int_eq(feed_repeated(&o, ROOT, open, len, chunks, "", &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_eq(oso_diagnostic_column(xml_diagnostic(r)), strlen(ROOT) + 3 * 999 + 1);
    oso_report_free(r);
    free(doc);
    free(close);
    free(open);
    check_peak(128, "deep nesting");
}
END_TEST

START_TEST(deep_nesting_allowed)
{
    /* With the limit raised, a 10^5-deep tree is handled without recursion: parse, validate,
     * path, clone, compact XML, JSON (refused or written), free. */
    size_t depth = 100000;
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_depth = (unsigned)depth + 10;
    size_t olen, clen;
    char *open = repeated("<a>", 3 * depth, &olen), *close = repeated("</a>", 4 * depth, &clen);
    char *doc = malloc(olen + clen + 2 * strlen(ROOT) + 64);
    ck_assert_ptr_nonnull(doc);
    size_t n = (size_t)sprintf(doc, "%s", ROOT);
    memcpy(doc + n, open, olen);
    n += olen;
    memcpy(doc + n, close, clen);
    n += clen;
    n += (size_t)sprintf(doc + n, "</dossier>");
    oso_dossier *d;
    oso_report *r;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, n, &o), OSO_OK);
    ck_assert_int_eq(oso_report_valid(r), 0);
    oso_report_free(r);
    ck_assert_int_eq(oso_validate(&r, d, NULL), OSO_OK);
    ck_assert_int_eq(oso_report_valid(r), 0);
    oso_report_free(r);
    oso_node *deepest = oso_dossier_root(d);
    size_t levels = 0;
    while (oso_node_child(deepest, NULL) != NULL) {
        deepest = oso_node_child(deepest, NULL);
        levels++;
    }
    ck_assert_uint_eq(levels, depth);
    char *path;
    ck_assert_int_eq(oso_node_path(&path, deepest), OSO_OK);
    ck_assert_uint_eq(strlen(path), strlen("/dossier[1]") + depth * strlen("/a[1]"));
    oso_node *found;
    ck_assert_int_eq(oso_dossier_find(&found, d, path), OSO_OK);
    ck_assert_ptr_eq(found, deepest);
    oso_free(path);
    oso_dossier *c;
    ck_assert_int_eq(oso_dossier_clone(&c, d), OSO_OK);
    oso_write_options wo = OSO_WRITE_OPTIONS_INIT;
    wo.compact = 1;
    char *xml;
    size_t xlen;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, &xlen, c, &wo), OSO_OK);
    ck_assert_ptr_nonnull(strstr(xml, "<a><a><a>"));
    oso_dossier *back;
    ck_assert_int_eq(oso_dossier_parse_buffer(&back, &r, xml, xlen, &o), OSO_OK);
    oso_report_free(r);
    oso_dossier_free(back);
    oso_free(xml);
    char *json = NULL;
    oso_status st = oso_dossier_to_json(&json, NULL, c, &wo);
    ck_assert(st == OSO_OK || st == OSO_E_LIMIT);
    oso_free(json);
    oso_dossier_free(c);
    ck_assert_int_eq(oso_node_remove(oso_node_child(oso_dossier_root(d), NULL)), OSO_OK);
    oso_dossier_free(d);
    free(doc);
    free(open);
    free(close);
    check_peak(200, "deep tree");
}
END_TEST

/* ---- huge text ---------------------------------------------------------------------------- */

START_TEST(text_500_mib)
{
    /* A 500 MiB text node, pushed one 1 MiB chunk at a time (the same chunk, so this test does
     * not allocate 500 MiB): refused by max_text_bytes (default 64 MiB) after about 64 chunks. */
    static const char *const pre[] = {
        ROOT "<metadata><deeldossier>",
        ROOT "<metadata><deeldossier><![CDATA[",
        ROOT "<metadata><deeldossier>", /* whitespace is text in a leaf */
    };
    static const char *const post[] = {
        "</deeldossier></metadata></dossier>",
        "]]></deeldossier></metadata></dossier>",
        "</deeldossier></metadata></dossier>",
    };
    char *chunk = malloc(MIB);
    ck_assert_ptr_nonnull(chunk);
    memset(chunk, _i == 2 ? ' ' : 'x', MIB);
    size_t fed;
    oso_report *r;
    ck_assert_int_eq(feed_repeated(NULL, pre[_i], chunk, MIB, 500, post[_i], &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_le(fed, 64 * MIB);
    ck_assert_uint_ge(fed, 63 * MIB);
    ck_assert_uint_eq(oso_report_count(r), 1);
    xml_diagnostic(r);
    oso_report_free(r);
    /* a lower limit is honoured as well */
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_text_bytes = 3 * MIB;
    ck_assert_int_eq(feed_repeated(&o, pre[_i], chunk, MIB, 500, post[_i], &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_le(fed, 3 * MIB);
    xml_diagnostic(r);
    oso_report_free(r);
    free(chunk);
    check_peak(200, "500 MiB text");
}
END_TEST

START_TEST(layout_500_mib)
{
    /* 500 MiB of whitespace among elements: layout, which need not be kept. Either refused
     * by a limit or accepted, but never stored. */
    char *chunk = malloc(MIB);
    ck_assert_ptr_nonnull(chunk);
    for (size_t i = 0; i < MIB; i++)
        chunk[i] = " \t"[i % 2]; /* line breaks: see bug_line_index_grows_with_line_breaks */
    size_t fed;
    oso_report *r;
    oso_status st = feed_repeated(NULL, ROOT "<metadata>", chunk, MIB, 500, "</metadata></dossier>", &fed, &r);
    if (st == OSO_OK) {
        ck_assert_uint_eq(fed, 500 * MIB);
        ck_assert_int_eq(oso_report_valid(r), 0); /* metadata is incomplete */
    } else {
        ck_assert_int_eq(st, OSO_E_LIMIT);
        xml_diagnostic(r);
    }
    oso_report_free(r);
    free(chunk);
    check_peak(200, "500 MiB layout");
}
END_TEST

START_TEST(input_limit)
{
    /* max_input_bytes stops any stream, whatever it holds */
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_input_bytes = 10 * MIB;
    o.max_text_bytes = 100 * MIB;
    char *chunk = malloc(MIB);
    ck_assert_ptr_nonnull(chunk);
    memset(chunk, 'x', MIB);
    size_t fed;
    oso_report *r;
    ck_assert_int_eq(feed_repeated(&o, ROOT "<metadata><deeldossier>", chunk, MIB, 500,
                                   "</deeldossier></metadata></dossier>", &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_le(fed, 10 * MIB);
    ck_assert_uint_ge(fed, 9 * MIB);
    xml_diagnostic(r);
    oso_report_free(r);
    free(chunk);
    check_peak(200, "input limit");
}
END_TEST

/* ---- many nodes --------------------------------------------------------------------------- */

START_TEST(siblings_limited)
{
    /* 10^7 empty siblings pushed in chunks, with max_nodes at 10^6: refused once the model
     * holds a million nodes, long before the input ends. */
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_nodes = 1000000;
    size_t len, fed;
    char *chunk = repeated("<x/>", MIB, &len);
    oso_report *r;
    ck_assert_int_eq(feed_repeated(&o, ROOT "<metadata>", chunk, len, 10000000 * 4 / len + 1,
                                   "</metadata></dossier>", &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_le(fed, 4 * 1000000);
    xml_diagnostic(r);
    oso_report_free(r);
    free(chunk);
    check_peak(200, "10^7 siblings, max_nodes 10^6");
}
END_TEST

START_TEST(siblings_default_limit)
{
    /* The same with the default limit (10^6 nodes) and schema elements. */
    size_t len, fed;
    char *chunk = repeated("<adres/>", MIB, &len);
    oso_report *r;
    ck_assert_int_eq(feed_repeated(NULL, ROOT "<metadata/><overdrachtsoort>x</overdrachtsoort>"
                                   "<huidigeschool><naam>n</naam><adreslijst>",
                                   chunk, len, 10000000 * 8 / len + 1,
                                   "</adreslijst></huidigeschool></dossier>", &fed, &r), OSO_E_LIMIT);
    ck_assert_uint_le(fed, 8 * 1000000 + 2 * MIB);
    ck_assert_int_eq(oso_report_valid(r), 0);
    ck_assert_uint_ge(oso_report_error_count(r), 1);
    oso_report_free(r);
    free(chunk);
    check_peak(400, "10^7 siblings, default limit");
}
END_TEST

START_TEST(attributes_100000)
{
    /* 10^5 distinct attributes on one element: no limit applies, each is a structural error;
     * memory stays small. */
    size_t cap = 100000 * 24 + 1024, at = 0;
    char *doc = malloc(cap);
    ck_assert_ptr_nonnull(doc);
    at += (size_t)sprintf(doc, ROOT "<metadata><deeldossier");
    for (int i = 0; i < 100000; i++)
        at += (size_t)sprintf(doc + at, " a%d=\"w%d\"", i, i);
    at += (size_t)sprintf(doc + at, ">LAS</deeldossier></metadata></dossier>");
    oso_dossier *d;
    oso_report *r;
    oso_status st = oso_dossier_parse_buffer(&d, &r, doc, at, NULL);
    if (st == OSO_OK) {
        ck_assert_int_eq(oso_report_valid(r), 0);
        ck_assert_uint_ge(oso_report_error_count(r), 100000);
        /* The report lists 10,000 of them and says how many it left out. */
        ck_assert_uint_eq(oso_report_count(r), 10000);
        ck_assert_uint_eq(oso_report_count(r) + oso_report_omitted_count(r),
                          oso_report_error_count(r) + oso_report_warning_count(r));
        ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "XSD");
        oso_node *n;
        ck_assert_int_eq(oso_dossier_find(&n, d, "/dossier/metadata/deeldossier"), OSO_OK);
        ck_assert_str_eq(oso_node_attribute(n, "a99999"), "w99999");
        oso_dossier_free(d);
    } else {
        ck_assert_int_eq(st, OSO_E_LIMIT);
        xml_diagnostic(r);
    }
    oso_report_free(r);
    /* the same attribute 10^5 times: not well-formed */
    at = (size_t)sprintf(doc, ROOT "<metadata><deeldossier");
    for (int i = 0; i < 100000; i++)
        at += (size_t)sprintf(doc + at, " a=\"w\"");
    at += (size_t)sprintf(doc + at, ">LAS</deeldossier></metadata></dossier>");
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, doc, at, NULL), OSO_E_XML);
    ck_assert_uint_eq(oso_report_count(r), 1);
    xml_diagnostic(r);
    oso_report_free(r);
    free(doc);
    check_peak(200, "10^5 attributes");
}
END_TEST

/* ---- bytes that are not UTF-8, and truncations -------------------------------------------- */

/* Replace every 97th byte (one at a time) by `bad`: never well-formed. */
static void check_bad_byte_everywhere(const char *doc, size_t len, char bad)
{
    char *copy = malloc(len);
    ck_assert_ptr_nonnull(copy);
    size_t tried = 0;
    for (size_t pos = 0; pos < len; pos += 97) {
        memcpy(copy, doc, len);
        copy[pos] = bad;
        oso_dossier *d;
        oso_report *r;
        oso_status st = oso_dossier_parse_buffer(&d, &r, copy, len, NULL);
        ck_assert_msg(st == OSO_E_XML, "byte 0x%02x at offset %zu: status %d", (unsigned char)bad, pos, st);
        ck_assert_ptr_null(d);
        const oso_diagnostic *g = xml_diagnostic(r);
        ck_assert_uint_ge(oso_diagnostic_line(g), 1);
        oso_report_free(r);
        tried++;
    }
    ck_assert_uint_gt(tried, 50);
    free(copy);
}

START_TEST(invalid_bytes_everywhere)
{
    size_t len;
    char *doc = _i == 0 ? read_file(SAMPLE, &len) : generated((unsigned)_i, "--all", &len);
    check_bad_byte_everywhere(doc, len, '\xff');
    check_bad_byte_everywhere(doc, len, '\0');
    check_bad_byte_everywhere(doc, len, '\x01');
    free(doc);
    check_peak(64, "invalid bytes");
}
END_TEST

START_TEST(invalid_utf8_in_names_and_text)
{
    static const char *const docs[] = {
        ROOT "<meta\xc3\x28" "data/></dossier>",
        ROOT "<metadata \xff=\"1\"/></dossier>",
        ROOT "<metadata><deeldossier>\xed\xa0\x80\xed\xb0\x80</deeldossier></metadata></dossier>",
        ROOT "<metadata><deeldossier>\xf0\x9f\x98</deeldossier></metadata></dossier>",
        ROOT "<metadata><!-- \xc0\x80 --></metadata></dossier>",
        ROOT "<metadata><?pi \xfe?></metadata></dossier>",
        ROOT "<metadata a=\"\xe2\x82\"/></dossier>",
        "<dossier xmlns=\"http://www.edustandaard.nl/\xff/\"/>",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        oso_dossier *d;
        oso_report *r;
        ck_assert_msg(oso_dossier_parse_buffer(&d, &r, docs[i], strlen(docs[i]), NULL) == OSO_E_XML,
                      "document %zu accepted", i);
        ck_assert_uint_eq(oso_report_count(r), 1);
        xml_diagnostic(r);
        oso_report_free(r);
    }
}
END_TEST

/* Cut after every 97th byte: refused, unless the cut falls after the root's end tag. */
static void check_truncations(const char *doc, size_t len)
{
    const char *end_tag = strstr(doc, "</dossier>");
    ck_assert_ptr_nonnull(end_tag);
    size_t complete = (size_t)(end_tag - doc) + strlen("</dossier>");
    size_t refused = 0;
    for (size_t cut = 0; cut < len; cut += 97) {
        oso_dossier *d;
        oso_report *r;
        oso_status st = oso_dossier_parse_buffer(&d, &r, doc, cut, NULL);
        if (cut >= complete) {
            ck_assert_int_eq(st, OSO_OK);
            oso_dossier_free(d);
        } else {
            ck_assert_msg(st == OSO_E_XML, "cut at %zu: status %d", cut, st);
            ck_assert_ptr_null(d);
            ck_assert_uint_eq(oso_report_count(r), 1);
            xml_diagnostic(r);
            refused++;
        }
        oso_report_free(r);
        /* the push parser agrees, in small chunks */
        oso_parser *p;
        ck_assert_int_eq(oso_parser_new(&p, NULL), OSO_OK);
        oso_status fst = OSO_OK;
        for (size_t at = 0; at < cut && fst == OSO_OK; at += 61)
            fst = oso_parser_feed(p, doc + at, cut - at < 61 ? cut - at : 61);
        oso_status st2 = oso_parser_finish(p, &d, &r);
        ck_assert_int_eq(st2, st);
        oso_dossier_free(d);
        oso_report_free(r);
        oso_parser_free(p);
    }
    ck_assert_uint_gt(refused, 50);
}

START_TEST(truncated_everywhere)
{
    size_t len;
    char *doc = _i == 0 ? read_file(SAMPLE, &len) : generated(40 + (unsigned)_i, "--all", &len);
    check_truncations(doc, len);
    free(doc);
    check_peak(64, "truncations");
}
END_TEST

/* ---- regressions: library bugs found by these tests, fixed ------------------------------- */

/* Comments, processing instructions, attribute values and names are not limited by
 * max_text_bytes: expat buffers the whole token and the model copies it, so a 64 MiB comment
 * passes a 1 MiB text limit (and 500 MiB ones cost 1.5 GiB of memory with the defaults). */
START_TEST(bug_huge_tokens_not_limited)
{
    static const char *const pre[] = {ROOT "<!--", ROOT "<?pi ", ROOT "<metadata a=\"", ROOT "<x"};
    static const char *const post[] = {"--></dossier>", "?></dossier>", "\"/></dossier>", "/></dossier>"};
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_text_bytes = MIB;
    char *chunk = malloc(MIB);
    ck_assert_ptr_nonnull(chunk);
    memset(chunk, 'x', MIB);
    size_t fed;
    oso_report *r;
    oso_status st = feed_repeated(&o, pre[_i], chunk, MIB, 64, post[_i], &fed, &r);
    ck_assert_msg(st == OSO_E_LIMIT, "%s...: status %d after %zu MiB", pre[_i] + strlen(ROOT), st, fed >> 20);
    oso_report_free(r);
    free(chunk);
}
END_TEST

/* Since fffd1b8 the parser's line index keeps 16 bytes per line break until an element
 * starts: 64 MiB of "x\n" text cost ~590 MiB before the text limit refuses it, and 500 MiB
 * of line breaks in layout or a comment several GiB. */
START_TEST(bug_line_index_grows_with_line_breaks)
{
    static const char *const pre[] = {ROOT "<metadata><deeldossier>", ROOT "<metadata>", ROOT "<!--"};
    static const char *const post[] = {"</deeldossier></metadata></dossier>", "</metadata></dossier>",
                                       "--></dossier>"};
    static const char *const unit[] = {"x\n", " \r\n", "x\n"};
    size_t len, fed;
    char *chunk = repeated(unit[_i], MIB, &len);
    oso_report *r;
    oso_status st = feed_repeated(NULL, pre[_i], chunk, len, 500, post[_i], &fed, &r);
    ck_assert(st == OSO_OK || st == OSO_E_LIMIT);
    oso_report_free(r);
    free(chunk);
    check_peak(200, "line breaks");
}
END_TEST

/* A refusal must leave its XML diagnostic in the report, also when structural findings filled
 * it first (10,000 stored), and (parse.h) be the only diagnostic of a refused document. */
START_TEST(bug_refusal_diagnostic_dropped_when_report_full)
{
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_nodes = 100000;
    size_t len, fed;
    char *chunk = repeated("<adres/>", MIB, &len);
    oso_report *r;
    ck_assert_int_eq(feed_repeated(&o, ROOT "<metadata/><overdrachtsoort>x</overdrachtsoort>"
                                   "<huidigeschool><naam>n</naam><adreslijst>",
                                   chunk, len, 2, "</adreslijst></huidigeschool></dossier>", &fed, &r), OSO_E_LIMIT);
    xml_diagnostic(r);
    ck_assert_uint_eq(oso_report_count(r), 1);
    oso_report_free(r);
    free(chunk);
}
END_TEST

/* Findings beyond the 10,000 stored still count (report.h), also after oso_validate merged
 * the parser's structural findings into its report: it re-added only the stored ones, so the
 * error count stopped at 10,000. */
START_TEST(bug_dropped_findings_not_counted_after_merge)
{
    enum { ATTRIBUTES = 12000 };
    size_t cap = ATTRIBUTES * 24 + 1024, at = 0;
    char *doc = malloc(cap);
    ck_assert_ptr_nonnull(doc);
    at += (size_t)sprintf(doc, "<dossier xmlns=\"" NS "\"");
    for (int i = 0; i < ATTRIBUTES; i++)
        at += (size_t)sprintf(doc + at, " a%d=\"w\"", i);
    at += (size_t)sprintf(doc + at, "/>");
    oso_report *r;
    ck_assert_int_eq(oso_validate_buffer(&r, doc, at, NULL, NULL), OSO_OK);
    ck_assert_uint_eq(oso_report_count(r), 10000);
    ck_assert_uint_ge(oso_report_error_count(r), ATTRIBUTES);
    ck_assert_uint_ge(oso_report_omitted_count(r), ATTRIBUTES - 10000);
    ck_assert_uint_eq(oso_report_count(r) + oso_report_omitted_count(r),
                      oso_report_error_count(r) + oso_report_warning_count(r));
    oso_report_free(r);
    free(doc);
}
END_TEST

/* Parse `doc` one of three ways: 0 the buffer, 1 the push parser in pieces of an odd size,
 * 2 a file descriptor. */
static oso_status parse_way(int way, const char *doc, size_t len, const oso_parse_options *o,
                            oso_report **r)
{
    oso_dossier *d = NULL;
    oso_status st;
    if (way == 0) {
        st = oso_dossier_parse_buffer(&d, r, doc, len, o);
    } else if (way == 1) {
        oso_parser *p;
        ck_assert_int_eq(oso_parser_new(&p, o), OSO_OK);
        st = OSO_OK;
        for (size_t at = 0; at < len && st == OSO_OK; at += 65543)
            st = oso_parser_feed(p, doc + at, len - at < 65543 ? len - at : 65543);
        oso_status finished = oso_parser_finish(p, &d, r);
        if (st == OSO_OK)
            st = finished;
        oso_parser_free(p);
    } else {
        FILE *f = tmpfile();
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(doc, 1, len, f), len);
        ck_assert_int_eq(fflush(f), 0);
        rewind(f);
        st = oso_dossier_parse_fd(&d, r, fileno(f), o);
        fclose(f);
    }
    oso_dossier_free(d);
    return st;
}

/* A tag too large was reported at line 48, column 18446744073709549687 instead of where it
 * starts (49:9): outside a handler expat's byte index is -1 while it defers re-parsing the
 * open token, and the position code took that for 0 in unsigned arithmetic. */
START_TEST(bug_oversize_tag_position)
{
    static const char open[] = "        <land omschrijving=\"";
    size_t fill = 3 * MIB, lines = 42, at = 0;
    char *body = malloc(lines + sizeof open + fill + 8);
    ck_assert_ptr_nonnull(body);
    memset(body, '\n', lines);
    at = lines;
    memcpy(body + at, open, sizeof open - 1);
    at += sizeof open - 1;
    memset(body + at, 'x', fill);
    at += fill;
    strcpy(body + at, "\"/>\n");
    char *doc = leerling_doc(body); /* the body starts on line 7 */
    free(body);
    oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
    o.max_text_bytes = 1000;
    oso_report *r;
    ck_assert_int_eq(parse_way(_i, doc, strlen(doc), &o, &r), OSO_E_LIMIT);
    ck_assert_uint_eq(oso_report_count(r), 1);
    const oso_diagnostic *g = xml_diagnostic(r);
    ck_assert_uint_eq(oso_diagnostic_line(g), 49);
    ck_assert_uint_eq(oso_diagnostic_column(g), 9);
    oso_report_free(r);
    free(doc);
}
END_TEST

/* The tag limit (parse.h: max_text_bytes + 1 MiB) held only at 1 MiB granularity: with
 * max_text_bytes = 1000, tags of 1.2-1.9 MiB passed. A tag, comment or processing instruction
 * of exactly the limit passes, one byte more is refused, read any way. */
START_TEST(bug_token_limit_checked_per_mib)
{
    static const char *const pre[] = {"<x a=\"", "<!--", "<?pi "};
    static const char *const post[] = {"\"/>", "-->", "?>"};
    int kind = _i % 3, way = _i / 3;
    const size_t limit = MIB + 1000;
    for (size_t size = limit; size <= limit + 1; size++) {
        size_t pl = strlen(pre[kind]), tl = strlen(post[kind]);
        char *body = malloc(size + 2);
        ck_assert_ptr_nonnull(body);
        memcpy(body, pre[kind], pl);
        memset(body + pl, 'x', size - pl - tl);
        memcpy(body + size - tl, post[kind], tl);
        strcpy(body + size, "\n");
        char *doc = leerling_doc(body);
        free(body);
        oso_parse_options o = OSO_PARSE_OPTIONS_INIT;
        o.max_text_bytes = 1000;
        oso_report *r;
        oso_status st = parse_way(way, doc, strlen(doc), &o, &r);
        if (size == limit) {
            ck_assert_msg(st == OSO_OK, "%s of %zu bytes, way %d: status %d", pre[kind], size, way, st);
        } else {
            ck_assert_msg(st == OSO_E_LIMIT, "%s of %zu bytes, way %d: status %d", pre[kind], size,
                          way, st);
            const oso_diagnostic *g = xml_diagnostic(r);
            ck_assert_uint_eq(oso_diagnostic_line(g), 7);
            ck_assert_uint_eq(oso_diagnostic_column(g), 1);
        }
        oso_report_free(r);
        free(doc);
    }
}
END_TEST

int main(int argc, char **argv)
{
    /* "large": only the tests with inputs of 1-500 MiB (meson: hostile-xml-large); otherwise
     * all but those. */
    int large_only = argc > 1 && strcmp(argv[1], "large") == 0;
    Suite *s = suite_create("hostile_xml");
    if (!large_only) {
        TCase *tc = tcase_create("core");
        tcase_set_timeout(tc, 600);
        tcase_add_loop_test(tc, entity_attacks, 0, (int)(sizeof entity_docs / sizeof entity_docs[0]));
        tcase_add_test(tc, billion_laughs_and_quadratic_blowup);
        tcase_add_test(tc, deep_nesting_refused);
        tcase_add_test(tc, deep_nesting_allowed);
        tcase_add_loop_test(tc, text_500_mib, 0, 3);
        tcase_add_test(tc, layout_500_mib);
        tcase_add_test(tc, input_limit);
        tcase_add_test(tc, siblings_limited);
        tcase_add_test(tc, siblings_default_limit);
        tcase_add_test(tc, attributes_100000);
        tcase_add_loop_test(tc, invalid_bytes_everywhere, 0, 2);
        tcase_add_test(tc, invalid_utf8_in_names_and_text);
        tcase_add_loop_test(tc, truncated_everywhere, 0, 3);
        suite_add_tcase(s, tc);
        TCase *kb = tcase_create("regressions");
        tcase_set_timeout(kb, 600);
        tcase_add_test(kb, bug_refusal_diagnostic_dropped_when_report_full);
        tcase_add_test(kb, bug_dropped_findings_not_counted_after_merge);
        suite_add_tcase(s, kb);
    } else {
        TCase *large = tcase_create("large");
        tcase_set_timeout(large, 600);
        tcase_add_loop_test(large, bug_huge_tokens_not_limited, 0, 4);
        tcase_add_loop_test(large, bug_oversize_tag_position, 0, 3);
        tcase_add_loop_test(large, bug_token_limit_checked_per_mib, 0, 9);
        tcase_add_loop_test(large, bug_line_index_grows_with_line_breaks, 0, 3);
        suite_add_tcase(s, large);
    }
    SRunner *sr = srunner_create(s);
    tests_forked = srunner_fork_status(sr) == CK_FORK;
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
