/* XSD simple-type checks. The behaviour follows XML Schema 1.0 as libxml2 (xmllint) implements
 * it, since the official verdict is xmllint's (each point below was confirmed with xmllint):
 * - leading zeros and signs in integers are fine; xs:integer and xs:decimal hold at most 24
 *   significant digits (leading zeros of the integer part do not count, every fraction digit
 *   does);
 * - whitespace around a value is accepted for xs:integer, xs:decimal and xs:boolean, and for any
 *   type restricted with facets (libxml2 collapses it first), but not for a plain xs:date or
 *   xs:int;
 * - year 0000 is not a date, the year must fit in a long, negative years use the same leap-year
 *   rule, and time zones go from -14:00 to +14:00. */
#include "schema/value.h"

#include "schema/schema.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int oso_all_space(const char *s, size_t len)
{
    static const unsigned char space[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end && space[*p])
        p++;
    return p == end;
}

void oso_trim(const char **s, size_t *len)
{
    while (*len > 0 && oso_is_xml_space((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && oso_is_xml_space((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

size_t oso_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

uint32_t oso_utf8_next(const char **sp, const char *end)
{
    const unsigned char *s = (const unsigned char *)*sp;
    uint32_t c = *s++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    while (extra-- > 0 && (const char *)s < end)
        c = (c << 6) | (*s++ & 0x3F);
    *sp = (const char *)s;
    return c;
}

int oso_text_is_xml(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    while (s < end) {
        uint32_t c = *s;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return 0;
            s++;
            continue;
        }
        int extra;
        uint32_t min;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        if (end - s <= extra)
            return 0;
        for (int i = 1; i <= extra; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (s[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
            return 0;
        s += extra + 1;
    }
    return 1;
}

/* libxml2 keeps decimals in 24 digits. */
enum { MAX_DIGITS = 24 };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(long y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

int oso_parse_date(const char *s, size_t len, long *year, int *month, int *day)
{
    size_t i = 0;
    int negative = 0;
    if (i < len && s[i] == '-') {
        negative = 1;
        i++;
    }
    size_t ystart = i;
    long y = 0;
    while (i < len && is_digit(s[i])) {
        if (y > (LONG_MAX - (s[i] - '0')) / 10)
            return 0;
        y = y * 10 + (s[i] - '0');
        i++;
    }
    size_t ydigits = i - ystart;
    if (ydigits < 4 || (ydigits > 4 && s[ystart] == '0') || y == 0)
        return 0;
    if (len - i < 6 || s[i] != '-' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) ||
        s[i + 3] != '-' || !is_digit(s[i + 4]) || !is_digit(s[i + 5]))
        return 0;
    int m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    int d = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
    i += 6;
    if (negative)
        y = -y;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return 0;
    if (i < len) { /* time zone */
        if (s[i] == 'Z') {
            i++;
        } else if ((s[i] == '+' || s[i] == '-') && len - i == 6 && is_digit(s[i + 1]) &&
                   is_digit(s[i + 2]) && s[i + 3] == ':' && is_digit(s[i + 4]) &&
                   is_digit(s[i + 5])) {
            int hh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
            int mm = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
            if (mm > 59 || hh * 60 + mm > 14 * 60)
                return 0;
            i += 6;
        } else {
            return 0;
        }
    }
    if (i != len)
        return 0;
    *year = y;
    *month = m;
    *day = d;
    return 1;
}

int oso_parse_boolean(const char *s, size_t len)
{
    oso_trim(&s, &len);
    if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1'))
        return 1;
    if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0'))
        return 0;
    return -1;
}

/* Integer lexical form; on success the significant digits (no sign, no leading zeros). */
static int parse_integer(const char *s, size_t len, int *negative, const char **digits,
                         size_t *ndigits)
{
    size_t i = 0;
    *negative = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        *negative = s[i++] == '-';
    if (i == len)
        return 0;
    for (size_t j = i; j < len; j++)
        if (!is_digit(s[j]))
            return 0;
    while (i < len - 1 && s[i] == '0')
        i++;
    *digits = s + i;
    *ndigits = len - i;
    if (*ndigits > MAX_DIGITS)
        return 0;
    if (*ndigits == 1 && s[i] == '0')
        *negative = 0;
    return 1;
}

/* Compare a parsed integer with an int64 bound: <0, 0, >0. */
static int compare_integer(int negative, const char *digits, size_t ndigits, int64_t bound)
{
    char buf[24];
    int bneg = bound < 0;
    uint64_t mag = bneg ? (uint64_t)(-(bound + 1)) + 1 : (uint64_t)bound;
    int blen = snprintf(buf, sizeof buf, "%llu", (unsigned long long)mag);
    if (negative != bneg)
        return negative ? -1 : 1;
    int cmp;
    if (ndigits != (size_t)blen)
        cmp = ndigits < (size_t)blen ? -1 : 1;
    else
        cmp = memcmp(digits, buf, ndigits) < 0 ? -1 : memcmp(digits, buf, ndigits) > 0;
    return negative ? -cmp : cmp;
}

static int parse_decimal(const char *s, size_t len)
{
    size_t i = 0, before = 0, after = 0, significant = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && is_digit(s[i])) {
        significant += significant > 0 || s[i] != '0';
        i++, before++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i]))
            i++, after++;
    }
    return i == len && before + after > 0 && significant + after <= MAX_DIGITS;
}

static int is_unicode_digit(const struct oso_schema *sc, uint32_t c)
{
    size_t lo = 0, hi = sc->unicode_digit_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < sc->unicode_digits[mid][0])
            hi = mid;
        else if (c > sc->unicode_digits[mid][1])
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

static int pattern_matches(const struct oso_schema *sc, const struct oso_pattern *p, const char *s,
                           size_t len)
{
    const char *end = s + len;
    for (unsigned a = 0; a < p->atom_count; a++) {
        const struct oso_pattern_atom *atom = &sc->pattern_atoms[p->first_atom + a];
        for (unsigned k = 0; k < atom->count; k++) {
            if (s >= end)
                return 0;
            uint32_t c = oso_utf8_next(&s, end);
            int ok;
            switch (atom->cls) {
            case OSO_PC_ASCII_DIGIT: ok = c >= '0' && c <= '9'; break;
            case OSO_PC_ASCII_UPPER: ok = c >= 'A' && c <= 'Z'; break;
            case OSO_PC_UNICODE_DIGIT: ok = is_unicode_digit(sc, c); break;
            default: ok = c == atom->literal; break;
            }
            if (!ok)
                return 0;
        }
    }
    return s == end;
}

static int fail_with(struct oso_value_error *err, const char *nl, const char *en)
{
    err->nl = nl;
    err->en = en;
    err->detail[0] = '\0';
    return 0;
}

int oso_value_check(const struct oso_schema *sc, uint16_t stype, const char *text, size_t len,
                    struct oso_value_error *err)
{
    const struct oso_stype *t = &sc->stypes[stype];
    const char *v = text;
    size_t vlen = len;
    int has_facets = t->pattern != OSO_SCHEMA_NONE || t->min_length >= 0 || t->max_length >= 0 ||
                     t->min_inclusive != INT64_MIN || t->max_inclusive != INT64_MAX;
    if (t->builtin != OSO_BUILTIN_STRING &&
        (has_facets || t->builtin == OSO_BUILTIN_INTEGER || t->builtin == OSO_BUILTIN_DECIMAL ||
         t->builtin == OSO_BUILTIN_BOOLEAN))
        oso_trim(&v, &vlen);
    int negative = 0;
    const char *digits = NULL;
    size_t ndigits = 0;

    switch (t->builtin) {
    case OSO_BUILTIN_STRING:
        break;
    case OSO_BUILTIN_BOOLEAN:
        if (oso_parse_boolean(v, vlen) < 0)
            return fail_with(err, "is geen geldige booleaanse waarde (true, false, 1 of 0)",
                             "is not a valid boolean (true, false, 1 or 0)");
        break;
    case OSO_BUILTIN_DATE: {
        long y;
        int m, d;
        if (!oso_parse_date(v, vlen, &y, &m, &d))
            return fail_with(err, "is geen geldige datum (JJJJ-MM-DD die in de kalender bestaat)",
                             "is not a valid date (YYYY-MM-DD that exists in the calendar)");
        break;
    }
    case OSO_BUILTIN_INTEGER:
    case OSO_BUILTIN_INT:
        if (!parse_integer(v, vlen, &negative, &digits, &ndigits))
            return fail_with(err, "is geen geldig geheel getal", "is not a valid integer");
        if (t->builtin == OSO_BUILTIN_INT &&
            (compare_integer(negative, digits, ndigits, INT32_MIN) < 0 ||
             compare_integer(negative, digits, ndigits, INT32_MAX) > 0))
            return fail_with(err, "valt buiten het bereik van xs:int", "is out of the xs:int range");
        break;
    case OSO_BUILTIN_DECIMAL:
        if (!parse_decimal(v, vlen))
            return fail_with(err, "is geen geldig decimaal getal", "is not a valid decimal number");
        break;
    }

    /* A character is 1-4 bytes: count them only when the byte length cannot decide. */
    if ((t->min_length >= 0 && vlen < 4 * (size_t)t->min_length) ||
        (t->max_length >= 0 && vlen > (size_t)t->max_length)) {
        size_t chars = oso_utf8_length(v, vlen);
        if (t->min_length >= 0 && chars < (size_t)t->min_length) {
            fail_with(err, "is korter dan het minimum aantal tekens",
                      "is shorter than the minimum length");
            snprintf(err->detail, sizeof err->detail, "%d", (int)t->min_length);
            return 0;
        }
        if (t->max_length >= 0 && chars > (size_t)t->max_length) {
            fail_with(err, "is langer dan het maximum aantal tekens",
                      "is longer than the maximum length");
            snprintf(err->detail, sizeof err->detail, "%d", (int)t->max_length);
            return 0;
        }
    }
    if (digits != NULL) {
        if ((t->min_inclusive != INT64_MIN &&
             compare_integer(negative, digits, ndigits, t->min_inclusive) < 0) ||
            (t->max_inclusive != INT64_MAX &&
             compare_integer(negative, digits, ndigits, t->max_inclusive) > 0)) {
            fail_with(err, "ligt buiten het toegestane bereik", "is outside the allowed range");
            snprintf(err->detail, sizeof err->detail, "%lld..%lld",
                     (long long)t->min_inclusive, (long long)t->max_inclusive);
            return 0;
        }
    }
    if (t->pattern != OSO_SCHEMA_NONE) {
        const struct oso_pattern *p = &sc->patterns[t->pattern];
        if (!pattern_matches(sc, p, v, vlen)) {
            fail_with(err, "voldoet niet aan het patroon", "does not match the pattern");
            snprintf(err->detail, sizeof err->detail, "%s", p->source);
            return 0;
        }
    }
    return 1;
}
