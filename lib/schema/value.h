/* Lexical checks of XSD simple types (built-ins and the facets OSO uses) and of XML text. */
#ifndef OSO_VALUE_H
#define OSO_VALUE_H

#include "schema/schema.h"

#include <stddef.h>
#include <stdint.h>

/* Why a value is not valid, in Dutch and English; `detail` is filled for facet problems. */
struct oso_value_error {
    const char *nl;
    const char *en;
    char detail[96];   /* e.g. the pattern or bound, shown after the reason */
};

/* 1 when `text` is a valid lexical value of simple type `stype` of schema `sc`, else 0 and
 * *err explains. */
int oso_value_check(const struct oso_schema *sc, uint16_t stype, const char *text, size_t len,
                    struct oso_value_error *err);

/* XML whitespace: space, tab, CR, LF. */
static inline int oso_is_xml_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* 1 when every byte is XML whitespace (also for len 0). */
int oso_all_space(const char *s, size_t len);

/* Trim XML whitespace at both ends (the XSD "collapse" of values without inner spaces). */
void oso_trim(const char **s, size_t *len);

/* 1 when `s` is well-formed UTF-8 holding only characters XML 1.0 allows. */
int oso_text_is_xml(const char *s, size_t len);

/* Number of characters (code points) in valid UTF-8. */
size_t oso_utf8_length(const char *s, size_t len);

/* Decode one code point of valid UTF-8 at *s (advancing it). */
uint32_t oso_utf8_next(const char **s, const char *end);

/* Parse a collapsed xs:date; 1 when valid, with the calendar date in *y, *m, *d. */
int oso_parse_date(const char *s, size_t len, long *y, int *m, int *d);

/* xs:boolean value: 1 true, 0 false, -1 not a boolean (whitespace is trimmed first). */
int oso_parse_boolean(const char *s, size_t len);

#endif
