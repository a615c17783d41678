/*
 * HTML view (lib/render): whatever the dossier holds, the rendering succeeds and stays inert.
 * The first byte picks the options (language, findings, attachment mode, fragment); the rest is
 * the dossier. Properties of every rendering: valid UTF-8; no <script>, <iframe>, <object> or
 * <embed> element, no event-handler attribute (on...=) and no href/src with a javascript:,
 * vbscript: or data:text/html URL — markup only ever comes from the renderer, text from the
 * dossier is escaped.
 */
#include "fuzz_common.h"

#include <ctype.h>

static int valid_utf8(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || i + n > len || (n == 2 && c < 0xC2))
            return 0;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += n;
    }
    return 1;
}

static int starts_ci(const char *s, const char *end, const char *word)
{
    for (; *word; word++, s++)
        if (s >= end || tolower((unsigned char)*s) != *word)
            return 0;
    return 1;
}

/* A URL that would run code when followed. */
static int script_url(const char *v, const char *end)
{
    while (v < end && isspace((unsigned char)*v))
        v++;
    return starts_ci(v, end, "javascript:") || starts_ci(v, end, "vbscript:") ||
           starts_ci(v, end, "data:text/html");
}

/* HTML's void elements: they have no end tag. */
static int void_element(const char *name, size_t n)
{
    static const char *const names[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                        "input", "link", "meta", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
            return 1;
    return 0;
}

/* Well-formed: every element but the void ones is closed, in order (the renderer never omits
 * an end tag, so a missing or crossed one is text from the input read as markup). */
struct open_elements {
    char names[512][16];
    size_t depth;
};

static void track_element(struct open_elements *open, const char *tag, const char *end, size_t at)
{
    int closing = tag < end && *tag == '/';
    const char *name = tag + closing, *q = name;
    while (q < end && isalnum((unsigned char)*q))
        q++;
    size_t n = (size_t)(q - name);
    FUZZ_CHECK(n > 0 && n < sizeof open->names[0], "a tag without a proper name at byte %zu", at);
    if (closing) {
        FUZZ_CHECK(open->depth > 0 && strlen(open->names[open->depth - 1]) == n &&
                       memcmp(open->names[open->depth - 1], name, n) == 0,
                   "</%.*s> at byte %zu closes %s", (int)n, name, at,
                   open->depth ? open->names[open->depth - 1] : "nothing");
        open->depth--;
    } else if (!void_element(name, n)) {
        FUZZ_CHECK(open->depth < sizeof open->names / sizeof open->names[0],
                   "elements nested deeper than 512 at byte %zu", at);
        memcpy(open->names[open->depth], name, n);
        open->names[open->depth++][n] = '\0';
    }
}

/* Check every tag of the output: its name and its attributes (values in double quotes, the
 * renderer's style; '>' may stand inside a value), and that the elements nest. */
static void check_markup(const char *html, size_t len)
{
    static struct open_elements open;
    open.depth = 0;
    static const char *const banned[] = {"script", "iframe", "object", "embed", "base",
                                         "meta http-equiv=\"refresh"};
    const char *end = html + len, *p = html;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        size_t at = (size_t)(p - html);
        for (size_t b = 0; b < sizeof banned / sizeof banned[0]; b++)
            FUZZ_CHECK(!starts_ci(p + 1, end, banned[b]), "<%s> in the output at byte %zu",
                       banned[b], at);
        const char *q = p + 1;
        while (q < end && *q != '>') {
            if (*q == '"') {
                const char *close = memchr(q + 1, '"', (size_t)(end - q - 1));
                FUZZ_CHECK(close != NULL, "unbalanced quote in the tag at byte %zu", at);
                q = close + 1;
                continue;
            }
            if (isspace((unsigned char)*q)) {
                const char *name = q + 1;
                FUZZ_CHECK(!(starts_ci(name, end, "on") && name + 2 < end &&
                             isalpha((unsigned char)name[2])),
                           "event-handler attribute at byte %zu", (size_t)(name - html));
                if (starts_ci(name, end, "href=\"") || starts_ci(name, end, "src=\"") ||
                    starts_ci(name, end, "action=\""))
                    FUZZ_CHECK(!script_url(memchr(name, '"', (size_t)(end - name)) + 1, end),
                               "script URL at byte %zu", (size_t)(name - html));
            }
            q++;
        }
        FUZZ_CHECK(q < end, "unterminated tag at byte %zu", at);
        if (p[1] != '!')
            track_element(&open, p + 1, q, at);
        p = q + 1;
    }
    FUZZ_CHECK(open.depth == 0, "<%s> and %zu more elements are not closed",
               open.depth ? open.names[open.depth - 1] : "", open.depth ? open.depth - 1 : 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    oso_dossier *d = NULL;
    oso_report *parse_report = NULL;
    if (oso_dossier_parse_buffer(&d, &parse_report, data + 1, size - 1, NULL) != OSO_OK) {
        oso_report_free(parse_report);
        return 0;
    }
    oso_report_free(parse_report);
    oso_report *findings = NULL;
    oso_render_options ro = OSO_RENDER_OPTIONS_INIT;
    ro.lang = mode & 1 ? OSO_LANG_EN : OSO_LANG_NL;
    ro.attachments = (mode >> 1) & 1 ? OSO_RENDER_ATTACHMENTS_EMBED
                     : (mode >> 2) & 1 ? OSO_RENDER_ATTACHMENTS_NONE
                                       : OSO_RENDER_ATTACHMENTS_LIST;
    ro.fragment = (mode >> 3) & 1;
    if ((mode >> 4) & 1 && oso_validate(&findings, d, NULL) == OSO_OK)
        ro.findings = findings;
    char *html = NULL;
    size_t len = 0;
    oso_status st = oso_dossier_to_html(&html, &len, d, &ro);
    FUZZ_CHECK(st == OSO_OK || st == OSO_E_SCHEMA || st == OSO_E_NOMEM, "rendering failed: %d (%s)",
               (int)st, oso_error_last());
    if (st == OSO_OK) {
        FUZZ_CHECK(strlen(html) == len, "NUL inside the output");
        FUZZ_CHECK(valid_utf8((const unsigned char *)html, len), "output is not valid UTF-8");
        check_markup(html, len);
    }
    oso_free(html);
    oso_report_free(findings);
    oso_dossier_free(d);
    return 0;
}
