/* HTML escaping of dossier text (see escape.h). */
#include "render/escape.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the UTF-8 sequence at p (at most `left` bytes) and its code point; 0 when the
 * bytes are not well-formed UTF-8 (overlong, surrogate, beyond U+10FFFF, cut off). */
static size_t utf8_decode(const unsigned char *p, size_t left, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

static int is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Code points HTML's parser reports as errors: controls and noncharacters. */
static int is_html_forbidden(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    return (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

void oso_html_escape(struct oso_sink *s, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len, *run = p;
    while (p < end) {
        const char *ref = NULL;
        switch (*p) {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\'': ref = "&#39;"; break;
        default: break;
        }
        if (ref != NULL) {
            oso_sink_write(s, (const char *)run, (size_t)(p - run));
            oso_sink_puts(s, ref);
            run = ++p;
            continue;
        }
        if (*p >= 0x20 && *p < 0x7F) {
            p++;
            continue;
        }
        uint32_t cp = 0;
        size_t n = utf8_decode(p, (size_t)(end - p), &cp);
        if (n > 0 && !is_bidi_control(cp) && !is_html_forbidden(cp)) {
            p += n;
            continue;
        }
        oso_sink_write(s, (const char *)run, (size_t)(p - run));
        if (n > 0 && is_bidi_control(cp)) {
            char shown[16];
            int k = snprintf(shown, sizeof shown, "[U+%04X]", (unsigned)cp);
            oso_sink_write(s, shown, (size_t)k);
        } else {
            oso_sink_puts(s, replacement);
        }
        p += n > 0 ? n : 1;
        run = p;
    }
    oso_sink_write(s, (const char *)run, (size_t)(p - run));
}

void oso_html_escape_str(struct oso_sink *s, const char *text)
{
    if (text != NULL)
        oso_html_escape(s, text, strlen(text));
}
