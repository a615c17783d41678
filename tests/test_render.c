/* The HTML view (include/oso/render.h): every valid fixture, the sample and generated dossiers
 * rendered in Dutch and English show every present leaf element's label and value in the
 * visible text; withheld categories are announced; hostile text stays inert; attachments
 * (listed, embedded, linked, unreadable); findings next to their element and in the summary;
 * release preview without changing the dossier; options and the four output flavours.
 * HTML validity and the browser are checked by test_render_html.py and
 * test_render_browser.py. */
#include <check.h>

#include "testutil.h"
#include "oso/oso.h"

#include "model/model.h"
#include "model/navigate.h"

#include <dirent.h>
#include <fcntl.h>
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

#define SAMPLE OSO_SOURCE_ROOT "/examples/sample-dossier.xml"
#define HOSTILE OSO_SOURCE_ROOT "/tests/render/hostile.xml"
#define CASES OSO_SOURCE_ROOT "/tests/cases"

/* ---- helpers ------------------------------------------------------------------------------ */

static oso_dossier *parse_path(const char *path)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status st = oso_dossier_parse_file(&d, &r, path, NULL);
    ck_assert_msg(st == OSO_OK && d != NULL, "%s: %s", path, oso_error_last());
    oso_report_free(r);
    return d;
}

static char *render(const oso_dossier *d, const oso_render_options *o)
{
    char *html = NULL;
    size_t len = 0;
    oso_status st = oso_dossier_to_html(&html, &len, d, o);
    ck_assert_msg(st == OSO_OK, "render: %s", oso_error_last());
    ck_assert_uint_eq(strlen(html), len);
    return html;
}

/* The text a reader sees: the body without tags, the five references decoded, runs of white
 * space as one space. */
static char *visible_text(const char *html)
{
    const char *p = strstr(html, "<body>");
    p = p ? p : html;
    char *out = malloc(strlen(p) + 1), *q = out;
    ck_assert_ptr_nonnull(out);
    static const struct { const char *ref, *ch; } refs[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    while (*p) {
        if (*p == '<') {
            p = strchr(p, '>');
            ck_assert_ptr_nonnull(p);
            p++;
            continue;
        }
        int done = 0;
        for (size_t i = 0; i < 5 && !done && *p == '&'; i++)
            if (strncmp(p, refs[i].ref, strlen(refs[i].ref)) == 0) {
                *q++ = refs[i].ch[0];
                p += strlen(refs[i].ref);
                done = 1;
            }
        if (done)
            continue;
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            if (q > out && q[-1] != ' ')
                *q++ = ' ';
            p++;
            continue;
        }
        *q++ = *p++;
    }
    *q = '\0';
    return out;
}

/* `s` with white space runs collapsed as visible_text() does (malloc'd). */
static char *collapse(const char *s, size_t len)
{
    char *out = malloc(len + 1), *q = out;
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (q > out && q[-1] != ' ')
                *q++ = ' ';
        } else {
            *q++ = c;
        }
    }
    while (q > out && q[-1] == ' ')
        q--;
    *q = '\0';
    char *start = out;
    while (*start == ' ')
        start++;
    memmove(out, start, strlen(start) + 1);
    return out;
}

static const char *const months[2][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

static int builtin_of(const struct oso_schema *sc, const struct oso_row *row)
{
    uint16_t st = row->stype;
    if (st == OSO_SCHEMA_NONE && row->ctype != OSO_SCHEMA_NONE)
        st = sc->ctypes[row->ctype].simple_content;
    return st == OSO_SCHEMA_NONE ? -1 : sc->stypes[st].builtin;
}

/* Every present leaf element's label and value are in the visible text of its rendering. */
static void check_leaves(const oso_dossier *d, const char *text, oso_lang lang, const char *what)
{
    const struct oso_schema *sc = d->schema;
    struct oso_walk w;
    oso_walk_init(&w, oso_dossier_root(d), OSO_WALK_ROOT);
    while (oso_walk_next(&w)) {
        const struct oso_node *n = w.node;
        if (n->kind != OSO_KIND_ELEMENT || oso_nav_first_element(n) != NULL || n->text == NULL)
            continue;
        const struct oso_row *row = oso_node_row(n);
        ck_assert_msg(row != NULL, "%s: unknown element in a valid fixture", what);
        if (n->row == sc->row_document_content)
            continue;
        char *value = collapse(n->text, n->text_len);
        if (value[0] == '\0') {
            free(value);
            continue;
        }
        const char *label = lang == OSO_LANG_EN ? row->label_en : row->label_nl;
        ck_assert_msg(strstr(text, label) != NULL, "%s: label '%s' of %s not shown", what, label,
                      row->name);
        int builtin = builtin_of(sc, row);
        char expect[160];
        int y, m, dd;
        if (builtin == OSO_BUILTIN_DATE && strlen(value) == 10 &&
            sscanf(value, "%4d-%2d-%2d", &y, &m, &dd) == 3 && m >= 1 && m <= 12) {
            snprintf(expect, sizeof expect, "%d %s %d", dd, months[lang][m - 1], y);
        } else if (builtin == OSO_BUILTIN_BOOLEAN &&
                   (strcmp(value, "true") == 0 || strcmp(value, "1") == 0)) {
            snprintf(expect, sizeof expect, "%s", lang == OSO_LANG_EN ? "yes" : "ja");
        } else if (builtin == OSO_BUILTIN_BOOLEAN &&
                   (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)) {
            snprintf(expect, sizeof expect, "%s", lang == OSO_LANG_EN ? "no" : "nee");
        } else {
            expect[0] = '\0';
        }
        const char *shown = expect[0] ? expect : value;
        ck_assert_msg(strstr(text, shown) != NULL, "%s: value '%s' of %s not shown as '%s'",
                      what, value, row->name, shown);
        free(value);
    }
}

/* The value of every VERBODEN / OPT-UIT category is announced in its section. */
static void check_withheld(const oso_dossier *d, const char *html, oso_lang lang, const char *what)
{
    for (int c = 1; c <= OSO_CATEGORY_COUNT; c++) {
        char path[128];
        snprintf(path, sizeof path, "/dossier/metadata/categorie_uitlevering/%s",
                 oso_release_category_field(c));
        const char *v = oso_dossier_get(d, path);
        if (v == NULL || (strcmp(v, "VERBODEN") != 0 && strcmp(v, "OPT-UIT") != 0))
            continue;
        char id[64];
        snprintf(id, sizeof id, "id=\"oso-cat-%d\"", c);
        const char *section = strstr(html, id);
        ck_assert_msg(section != NULL, "%s: no section for category %d", what, c);
        const char *end = strstr(section, "</section>");
        const char *notice = strstr(section, lang == OSO_LANG_EN ? "Withheld:" : "Niet meegegeven:");
        ck_assert_msg(notice != NULL && notice < end, "%s: category %d (%s) not announced as withheld",
                      what, c, v);
        char code[24];
        snprintf(code, sizeof code, "(%s)", v);
        const char *reason = strstr(section, code);
        ck_assert_msg(reason != NULL && reason < end, "%s: category %d: reason %s missing", what, c, v);
        const char *cls = strstr(html, "oso-withheld");
        ck_assert_ptr_nonnull(cls);
    }
}

static void check_dossier(const oso_dossier *d, const char *what)
{
    for (int lang = OSO_LANG_NL; lang <= OSO_LANG_EN; lang++) {
        oso_render_options o = OSO_RENDER_OPTIONS_INIT;
        o.lang = (oso_lang)lang;
        char *html = render(d, &o);
        ck_assert_msg(strstr(html, lang == OSO_LANG_EN ? "<html lang=\"en\">" : "<html lang=\"nl\">"),
                      "%s: lang attribute", what);
        char *text = visible_text(html);
        check_leaves(d, text, (oso_lang)lang, what);
        check_withheld(d, html, (oso_lang)lang, what);
        /* One h1, every category has its section. */
        const char *h1 = strstr(html, "<h1");
        ck_assert_msg(h1 != NULL && strstr(h1 + 3, "<h1") == NULL, "%s: one h1", what);
        for (int c = 1; c <= OSO_CATEGORY_COUNT; c++) {
            char id[32];
            snprintf(id, sizeof id, "id=\"oso-cat-%d\"", c);
            ck_assert_msg(strstr(html, id) != NULL, "%s: category %d missing", what, c);
        }
        free(text);
        oso_free(html);
    }
}

/* Whether the case's expected output says valid (no error lines). */
static int case_is_valid(const char *dir)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/expected", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    char line[2048];
    int valid = 1;
    while (fgets(line, sizeof line, f))
        if (strstr(line, " error ") != NULL)
            valid = 0;
    fclose(f);
    snprintf(path, sizeof path, "%s/args", dir);
    return valid && access(path, F_OK) != 0;
}

/* ---- fixtures ----------------------------------------------------------------------------- */

START_TEST(valid_fixtures)
{
    DIR *groups = opendir(CASES);
    ck_assert_ptr_nonnull(groups);
    size_t count = 0;
    struct dirent *g;
    while ((g = readdir(groups)) != NULL) {
        if (g->d_name[0] == '.')
            continue;
        char gdir[512];
        snprintf(gdir, sizeof gdir, "%s/%s", CASES, g->d_name);
        DIR *cases = opendir(gdir);
        if (cases == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(cases)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char dir[1024], input[1100];
            snprintf(dir, sizeof dir, "%s/%s", gdir, e->d_name);
            if (!case_is_valid(dir))
                continue;
            snprintf(input, sizeof input, "%s/input.xml", dir);
            oso_dossier *d = parse_path(input);
            check_dossier(d, input);
            oso_dossier_free(d);
            count++;
        }
        closedir(cases);
    }
    closedir(groups);
    ck_assert_uint_gt(count, 50);
}
END_TEST

START_TEST(sample)
{
    oso_dossier *d = parse_path(SAMPLE);
    check_dossier(d, SAMPLE);
    char *html = render(d, NULL);
    /* Header, codelist meanings, dates, booleans, tables with headers. */
    ck_assert_ptr_nonnull(strstr(html, "<h1>OSO-dossier: <span class=\"oso-pupil-name\">Fleur Visser</span></h1>"));
    ck_assert_ptr_nonnull(strstr(html, "Basisschool De Regenboog"));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"oso-code\">60</span> \xE2\x80\x94 <span class=\"oso-meaning\">HAVO</span>"));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"oso-code\">1</span> \xE2\x80\x94 <span class=\"oso-meaning\">Vrouw</span>"));
    ck_assert_ptr_nonnull(strstr(html, "<time datetime=\"2012-09-14\">14 september 2012</time>"));
    ck_assert_ptr_nonnull(strstr(html, "<th scope=\"col\">Schooljaar</th>"));
    ck_assert_ptr_nonnull(strstr(html, "Content-Security-Policy"));
    ck_assert_ptr_nonnull(strstr(html, "script-src 'none'"));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, " src="));
    ck_assert_ptr_null(strstr(html, "<link"));
    /* VVE is VERBODEN in the sample. */
    ck_assert_ptr_nonnull(strstr(html, "Niet meegegeven: deze gegevens mogen bij deze overstap niet worden overgedragen (VERBODEN)."));
    /* Attachments listed with type, size and readability. */
    ck_assert_ptr_nonnull(strstr(html, "leerlingrapport.pdf"));
    ck_assert_ptr_nonnull(strstr(html, "<td class=\"oso-file-type\">PDF</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<td class=\"oso-file-type\">TXT</td>"));
    ck_assert_ptr_null(strstr(html, "UEsDB")); /* no Base64 text shown */
    oso_free(html);
    oso_dossier_free(d);
}
END_TEST

START_TEST(generated_dossiers)
{
    char path[] = "/tmp/oso-render-gen-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    static const char *const variants[] = {"--all", "--optional 50", "--optional 0",
                                           "--all --repeat 3", "--profile PaO-POSWV --all"};
    for (int seed = 1; seed <= 4; seed++) {
        for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
            char cmd[1024];
            snprintf(cmd, sizeof cmd, "%s --seed %d %s -o %s", GEN_DOSSIER, seed, variants[v], path);
            ck_assert_int_eq(system(cmd), 0);
            oso_dossier *d = parse_path(path);
            check_dossier(d, cmd);
            oso_dossier_free(d);
        }
    }
    unlink(path);
}
END_TEST

/* ---- safety -------------------------------------------------------------------------------- */

START_TEST(hostile_inert)
{
    oso_dossier *d = parse_path(HOSTILE);
    for (int lang = OSO_LANG_NL; lang <= OSO_LANG_EN; lang++) {
        for (int fragment = 0; fragment <= 1; fragment++) {
            oso_render_options o = OSO_RENDER_OPTIONS_INIT;
            o.lang = (oso_lang)lang;
            o.fragment = fragment;
            char *html = render(d, &o);
            ck_assert_ptr_null(strstr(html, "<script"));
            ck_assert_ptr_null(strstr(html, "<img"));
            ck_assert_ptr_null(strstr(html, "href=\"javascript"));
            ck_assert_ptr_null(strstr(html, "\" href="));
            ck_assert_ptr_null(strstr(html, "onerror=\""));
            ck_assert_ptr_null(strstr(html, "\xE2\x80\xAE")); /* U+202E */
            ck_assert_ptr_null(strstr(html, "\xE2\x81\xA7")); /* U+2067 */
            ck_assert_ptr_null(strstr(html, "\xC2\x85"));     /* C1 control */
            ck_assert_ptr_nonnull(strstr(html, "Eve[U+202E]gnp.exe"));
            ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;document.body.setAttribute(&quot;data-ran&quot;"));
            ck_assert_ptr_nonnull(strstr(html, "(omschrijving: &quot;&gt;&lt;img src=x"));
            ck_assert_ptr_nonnull(strstr(html, "&quot; href=&quot;javascript:alert(1)&quot; x=&quot;"));
            /* Every '<' starts one of the view's own tags. */
            static const char *const tags[] = {
                "<!DOCTYPE", "<html", "</html", "<head", "</head", "<meta", "<title", "</title",
                "<style", "</style", "<body", "</body", "<div", "</div", "<header", "</header",
                "<h1", "</h1", "<h2", "</h2", "<h3", "</h3", "<h4", "</h4", "<h5", "</h5",
                "<h6", "</h6", "<p", "</p", "<span", "</span", "<dl", "</dl", "<dt", "</dt",
                "<dd", "</dd", "<section", "</section", "<nav", "</nav", "<ol", "</ol", "<ul",
                "</ul", "<li", "</li", "<a ", "</a", "<table", "</table", "<caption", "</caption",
                "<thead", "</thead", "<tbody", "</tbody", "<tr", "</tr", "<th", "</th", "<td",
                "</td", "<time", "</time", "<strong", "</strong", "<br>"};
            for (const char *p = strchr(html, '<'); p != NULL; p = strchr(p + 1, '<')) {
                int ok = 0;
                for (size_t i = 0; i < sizeof tags / sizeof tags[0] && !ok; i++) {
                    size_t n = strlen(tags[i]);
                    ok = strncmp(p, tags[i], n) == 0 &&
                         (tags[i][n - 1] == ' ' || tags[i][n - 1] == '>' || p[n] == '>' || p[n] == ' ');
                }
                ck_assert_msg(ok, "unexpected tag at: %.40s", p);
            }
            if (fragment) {
                ck_assert_ptr_null(strstr(html, "<html"));
                ck_assert_ptr_null(strstr(html, "<style"));
                ck_assert_int_eq(strncmp(html, "<div class=\"oso-dossier\"", 24), 0);
            }
            oso_free(html);
        }
    }
    oso_dossier_free(d);
}
END_TEST

/* Text set through the editing API reaches the view escaped as well. */
START_TEST(edited_text_escaped)
{
    oso_dossier *d = parse_path(SAMPLE);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/huidigeschool/leerling/achternaam",
                                     "<b>'x'</b>&\"y\""), OSO_OK);
    char *html = render(d, NULL);
    ck_assert_ptr_nonnull(strstr(html, "&lt;b&gt;&#39;x&#39;&lt;/b&gt;&amp;&quot;y&quot;"));
    ck_assert_ptr_null(strstr(html, "<b>"));
    oso_free(html);
    oso_dossier_free(d);
}
END_TEST

/* Unknown elements are shown under their own name (inside a category and in "Other data");
 * nesting deeper than the view's heading levels becomes a flat list; nothing is lost. */
START_TEST(unknown_and_deep)
{
    char body[8192] = "<voornaam>Kim</voornaam><achternaam>Diep</achternaam>";
    size_t n = strlen(body);
    for (int i = 0; i < 50; i++)
        n += (size_t)snprintf(body + n, sizeof body - n, "<x%d a=\"&lt;%d&gt;\">", i, i);
    n += (size_t)snprintf(body + n, sizeof body - n, "bodem&lt;script&gt;");
    for (int i = 49; i >= 0; i--)
        n += (size_t)snprintf(body + n, sizeof body - n, "</x%d>", i);
    char *doc = leerling_doc(body);
    size_t len = strlen(doc);
    /* An unknown element at the top level too. */
    char *extra = strstr(doc, "</dossier>");
    char *full = malloc(len + 64);
    ck_assert_ptr_nonnull(full);
    snprintf(full, len + 64, "%.*s<vreemd>los &amp; vast</vreemd>\n</dossier>\n", (int)(extra - doc), doc);
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    ck_assert_int_eq(oso_dossier_parse_buffer(&d, &r, full, strlen(full), NULL), OSO_OK);
    ck_assert_ptr_nonnull(d);
    char *html = render(d, NULL);
    ck_assert_ptr_nonnull(strstr(html, "bodem&lt;script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "(a: &lt;49&gt;)"));
    ck_assert_ptr_nonnull(strstr(html, "Te diep genest; als lijst getoond."));
    ck_assert_ptr_nonnull(strstr(html, "<section class=\"oso-category oso-other\" id=\"oso-other\""));
    ck_assert_ptr_nonnull(strstr(html, "<dt>vreemd</dt><dd><span class=\"oso-text\">los &amp; vast</span>"));
    ck_assert_ptr_null(strstr(html, "<h7"));
    ck_assert_ptr_null(strstr(html, "<script"));
    oso_free(html);
    oso_report_free(r);
    oso_dossier_free(d);
    free(full);
    free(doc);
}
END_TEST

/* ---- attachments --------------------------------------------------------------------------- */

START_TEST(attachments_modes)
{
    oso_dossier *d = parse_path(SAMPLE);
    oso_render_options o = OSO_RENDER_OPTIONS_INIT;
    o.attachments = OSO_RENDER_ATTACHMENTS_NONE;
    char *html = render(d, &o);
    ck_assert_ptr_nonnull(strstr(html, "leerlingrapport.pdf"));
    ck_assert_ptr_null(strstr(html, "oso-file-type"));
    oso_free(html);

    o.attachments = OSO_RENDER_ATTACHMENTS_EMBED;
    html = render(d, &o);
    ck_assert_ptr_nonnull(strstr(html, "download=\"leerlingrapport.pdf\" href=\"data:application/pdf;base64,"));
    ck_assert_ptr_nonnull(strstr(html, "download=\"verslag.txt\" href=\"data:text/plain;base64,"));
    oso_free(html);

    char dir[] = "/tmp/oso-render-link-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char files[64];
    snprintf(files, sizeof files, "%s/out_files", dir);
    o.attachments = OSO_RENDER_ATTACHMENTS_LINK;
    o.attachment_dir = files;
    o.attachment_href = "out_files";
    html = render(d, &o);
    ck_assert_ptr_nonnull(strstr(html, "href=\"out_files/1-1-leerlingrapport.pdf\""));
    char path[128];
    snprintf(path, sizeof path, "%s/1-1-leerlingrapport.pdf", files);
    size_t len = 0;
    char *pdf = read_file(path, &len);
    ck_assert_int_eq(strncmp(pdf, "%PDF-", 5), 0);
    free(pdf);
    snprintf(path, sizeof path, "%s/2-1-verslag.txt", files);
    ck_assert_int_eq(unlink(path), 0);
    snprintf(path, sizeof path, "%s/1-1-leerlingrapport.pdf", files);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(rmdir(files), 0);
    ck_assert_int_eq(rmdir(dir), 0);
    oso_free(html);

    o.attachment_dir = NULL;
    char *out = (char *)1;
    ck_assert_int_eq(oso_dossier_to_html(&out, NULL, d, &o), OSO_E_INVALID_ARG);
    ck_assert_ptr_null(out);
    oso_dossier_free(d);
}
END_TEST

START_TEST(attachments_unreadable)
{
    oso_dossier *d = parse_path(SAMPLE);
    /* Invalid Base64, a ZIP cut short, an empty content: marked, never a failure. */
    static const char *const contents[] = {"!!!not base64!!!", "UEsDBBQAAAAIAABQb1i6M0qjDAEAAMcB", ""};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(oso_dossier_set(NULL, d,
                         "/dossier/huidigeschool/leerling/overigdocumentlijst/document/bestandsinhoud",
                         contents[i]), OSO_OK);
        for (int mode = OSO_RENDER_ATTACHMENTS_LIST; mode <= OSO_RENDER_ATTACHMENTS_EMBED; mode++) {
            oso_render_options o = OSO_RENDER_OPTIONS_INIT;
            o.attachments = (oso_render_attachments)mode;
            o.lang = OSO_LANG_EN;
            char *html = render(d, &o);
            ck_assert_ptr_nonnull(strstr(html, "<p class=\"oso-unreadable\"><strong>Unreadable:</strong>"));
            ck_assert_ptr_nonnull(strstr(html, "verslag.txt"));
            oso_free(html);
        }
    }
    oso_dossier_free(d);
}
END_TEST

/* ---- findings, release preview ------------------------------------------------------------- */

START_TEST(findings_placed)
{
    oso_dossier *d = parse_path(HOSTILE);
    oso_report *r = NULL;
    ck_assert_int_eq(oso_validate(&r, d, NULL), OSO_OK);
    ck_assert_uint_gt(oso_report_error_count(r), 0);
    oso_render_options o = OSO_RENDER_OPTIONS_INIT;
    o.findings = r;
    char *html = render(d, &o);
    ck_assert_ptr_nonnull(strstr(html, "<h2 id=\"oso-findings-title\">Bevindingen</h2>"));
    /* OG.01c is reported at the e-mail address: next to it (in the table cell) and linked from
     * the summary. */
    oso_node *mail;
    ck_assert_int_eq(oso_dossier_find(&mail, d, "/dossier/huidigeschool/communicatielijst/communicatie/nummer"), OSO_OK);
    char id[64], link[64];
    snprintf(id, sizeof id, "<span id=\"oso-n%u\">", (unsigned)oso_node_index(mail));
    snprintf(link, sizeof link, "<a href=\"#oso-n%u\">", (unsigned)oso_node_index(mail));
    const char *at = strstr(html, id);
    ck_assert_ptr_nonnull(at);
    ck_assert_ptr_nonnull(strstr(at, "<span class=\"oso-rule\">OG.01c</span>"));
    ck_assert_ptr_nonnull(strstr(html, link));
    ck_assert(strstr(html, link) < at);
    /* Every finding of the report is in the summary. */
    size_t items = 0;
    const char *summary = strstr(html, "oso-findings-summary");
    const char *end = strstr(summary, "</section>");
    for (const char *p = strstr(summary, "<li class=\"oso-finding"); p && p < end; p = strstr(p + 1, "<li class=\"oso-finding"))
        items++;
    ck_assert_uint_eq(items, oso_report_count(r));
    oso_free(html);
    oso_report_free(r);
    oso_dossier_free(d);
}
END_TEST

START_TEST(release_preview)
{
    oso_dossier *d = parse_path(SAMPLE);
    char *before = NULL;
    ck_assert_int_eq(oso_dossier_to_xml(&before, NULL, d, NULL), OSO_OK);
    oso_release *rel;
    ck_assert_int_eq(oso_release_new(&rel), OSO_OK);
    ck_assert_int_eq(oso_release_parse(rel, "cat_bijlagedocs=OPT-UIT"), OSO_OK);
    oso_render_options o = OSO_RENDER_OPTIONS_INIT;
    o.release = rel;
    o.lang = OSO_LANG_EN;
    char *html = render(d, &o);
    ck_assert_ptr_nonnull(strstr(html, "<h2 id=\"oso-preview-title\">Release preview</h2>"));
    ck_assert_ptr_nonnull(strstr(html, "After this release the dossier is valid."));
    const char *sec = strstr(html, "id=\"oso-cat-16\"");
    ck_assert_ptr_nonnull(sec);
    ck_assert_ptr_nonnull(strstr(sec, "Would be withheld: this optional data is switched off (OPT-UIT)."));
    ck_assert_ptr_nonnull(strstr(sec, "<div class=\"oso-withheld-content\">"));
    ck_assert_ptr_nonnull(strstr(strstr(html, "id=\"oso-cat-7\""), "Would be released"));
    oso_free(html);
    /* A refused release says why. */
    ck_assert_int_eq(oso_release_parse(rel, "cat_school=VERBODEN"), OSO_OK);
    html = render(d, &o);
    ck_assert_ptr_nonnull(strstr(html, "This release cannot be applied:"));
    oso_free(html);
    char *after = NULL;
    ck_assert_int_eq(oso_dossier_to_xml(&after, NULL, d, NULL), OSO_OK);
    ck_assert_str_eq(before, after);
    oso_free(before);
    oso_free(after);
    oso_release_free(rel);
    oso_dossier_free(d);
}
END_TEST

/* ---- options and outputs ------------------------------------------------------------------- */

START_TEST(options_and_flavours)
{
    oso_render_options o;
    ck_assert_int_eq(oso_render_options_init(&o, 0), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_render_options_init(&o, OSO_RENDER_OPTIONS_VERSION + 1), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_render_options_init(&o, OSO_RENDER_OPTIONS_VERSION), OSO_OK);
    ck_assert_int_eq(o.lang, OSO_LANG_NL);
    ck_assert_int_eq(o.attachments, OSO_RENDER_ATTACHMENTS_LIST);
    oso_dossier *d = parse_path(SAMPLE);
    char *html = NULL;
    o.version = 99;
    ck_assert_int_eq(oso_dossier_to_html(&html, NULL, d, &o), OSO_E_OPTIONS_VERSION);
    o.version = OSO_RENDER_OPTIONS_VERSION;
    o.lang = (oso_lang)7;
    ck_assert_int_eq(oso_dossier_to_html(&html, NULL, d, &o), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_to_html(&html, NULL, NULL, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_to_html(NULL, NULL, d, NULL), OSO_E_INVALID_ARG);

    /* Not an OSO dossier. */
    oso_dossier *other = NULL;
    oso_report *r = NULL;
    const char doc[] = "<?xml version=\"1.0\"?><x/>";
    ck_assert_int_eq(oso_dossier_parse_buffer(&other, &r, doc, sizeof doc - 1, NULL), OSO_OK);
    ck_assert_int_eq(oso_dossier_to_html(&html, NULL, other, NULL), OSO_E_SCHEMA);
    oso_report_free(r);
    oso_dossier_free(other);

    /* Buffer, stream, descriptor and path give the same text. */
    size_t len;
    ck_assert_int_eq(oso_dossier_to_html(&html, &len, d, NULL), OSO_OK);
    char path[] = "/tmp/oso-render-out-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(oso_dossier_write_html_fd(d, fd, NULL), OSO_OK);
    close(fd);
    size_t got;
    char *text = read_file(path, &got);
    ck_assert_uint_eq(got, len);
    ck_assert_int_eq(memcmp(text, html, len), 0);
    free(text);
    FILE *f = fopen(path, "w");
    ck_assert_int_eq(oso_dossier_write_html(d, f, NULL), OSO_OK);
    fclose(f);
    text = read_file(path, &got);
    ck_assert_int_eq(memcmp(text, html, len), 0);
    free(text);
    ck_assert_int_eq(oso_dossier_save_html(d, path, NULL), OSO_OK);
    text = read_file(path, &got);
    ck_assert_uint_eq(got, len);
    free(text);
    unlink(path);
    ck_assert_int_eq(oso_dossier_save_html(d, "/nonexistent-dir/x.html", NULL), OSO_E_IO);
    oso_free(html);
    oso_dossier_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, valid_fixtures);
    tcase_add_test(tc, sample);
    tcase_add_test(tc, generated_dossiers);
    tcase_add_test(tc, hostile_inert);
    tcase_add_test(tc, edited_text_escaped);
    tcase_add_test(tc, unknown_and_deep);
    tcase_add_test(tc, attachments_modes);
    tcase_add_test(tc, attachments_unreadable);
    tcase_add_test(tc, findings_placed);
    tcase_add_test(tc, release_preview);
    tcase_add_test(tc, options_and_flavours);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
