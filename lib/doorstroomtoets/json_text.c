/* Positions in JSON text (see json_text.h). */
#include "doorstroomtoets/json_text.h"

#include <stdlib.h>
#include <string.h>

/* Offset just past the string starting at text[i] == '"' (or `length` when unterminated). */
static size_t skip_string(const char *text, size_t length, size_t i)
{
    for (i++; i < length; i++) {
        if (text[i] == '\\')
            i++;
        else if (text[i] == '"')
            return i + 1;
    }
    return length;
}

int dtm_too_deep(const char *text, size_t length, unsigned max_depth, size_t *offset)
{
    unsigned depth = 0;
    for (size_t i = 0; i < length; i++) {
        switch (text[i]) {
        case '"':
            i = skip_string(text, length, i) - 1;
            break;
        case '[':
        case '{':
            if (++depth > max_depth) {
                *offset = i;
                return 1;
            }
            break;
        case ']':
        case '}':
            if (depth > 0)
                depth--;
            break;
        default:
            break;
        }
    }
    return 0;
}

struct locator {
    const char *text;
    size_t length;
    const char *const *pointers;
    size_t count;
    size_t *offsets;
    char *ptr;          /* JSON Pointer of the current value */
    size_t ptr_len, ptr_cap;
    int oom;
};

static size_t skip_ws(const struct locator *l, size_t i)
{
    while (i < l->length && (l->text[i] == ' ' || l->text[i] == '\t' || l->text[i] == '\n' ||
                             l->text[i] == '\r'))
        i++;
    return i;
}

static void mark(struct locator *l, size_t offset)
{
    l->ptr[l->ptr_len] = '\0';
    size_t lo = 0, hi = l->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->pointers[mid], l->ptr);
        if (c == 0) {
            l->offsets[mid] = offset;
            return;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
}

static int put(struct locator *l, char c)
{
    if (l->ptr_len + 2 > l->ptr_cap) {
        size_t cap = l->ptr_cap * 2;
        char *p = realloc(l->ptr, cap);
        if (p == NULL) {
            l->oom = 1;
            return 0;
        }
        l->ptr = p;
        l->ptr_cap = cap;
    }
    l->ptr[l->ptr_len++] = c;
    return 1;
}

/* Append one UTF-8 encoded code point, escaped for a pointer token. */
static void put_code_point(struct locator *l, unsigned long cp)
{
    if (cp == '~') {
        put(l, '~');
        put(l, '0');
    } else if (cp == '/') {
        put(l, '~');
        put(l, '1');
    } else if (cp < 0x80) {
        put(l, (char)cp);
    } else if (cp < 0x800) {
        put(l, (char)(0xC0 | (cp >> 6)));
        put(l, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        put(l, (char)(0xE0 | (cp >> 12)));
        put(l, (char)(0x80 | ((cp >> 6) & 0x3F)));
        put(l, (char)(0x80 | (cp & 0x3F)));
    } else {
        put(l, (char)(0xF0 | (cp >> 18)));
        put(l, (char)(0x80 | ((cp >> 12) & 0x3F)));
        put(l, (char)(0x80 | ((cp >> 6) & 0x3F)));
        put(l, (char)(0x80 | (cp & 0x3F)));
    }
}

static unsigned long hex4(const char *s)
{
    unsigned long v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v = v * 16 + (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

/* Append the decoded member name of the string at text[i] == '"' as a pointer token; returns
 * the offset past the string. jansson accepted the text, so escapes are well-formed. */
static size_t put_key(struct locator *l, size_t i)
{
    const char *t = l->text;
    for (i++; i < l->length && t[i] != '"'; i++) {
        if (t[i] != '\\') {
            if (t[i] == '~' || t[i] == '/')
                put_code_point(l, (unsigned char)t[i]);
            else
                put(l, t[i]);
            continue;
        }
        char e = t[++i];
        switch (e) {
        case 'b': put(l, '\b'); break;
        case 'f': put(l, '\f'); break;
        case 'n': put(l, '\n'); break;
        case 'r': put(l, '\r'); break;
        case 't': put(l, '\t'); break;
        case 'u': {
            unsigned long cp = hex4(t + i + 1);
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < l->length && t[i + 1] == '\\') {
                unsigned long low = hex4(t + i + 3);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            put_code_point(l, cp);
            break;
        }
        default: put_code_point(l, (unsigned char)e); break; /* " \ / */
        }
    }
    return i + 1;
}

static size_t locate_value(struct locator *l, size_t i)
{
    i = skip_ws(l, i);
    if (i >= l->length || l->oom)
        return l->length;
    mark(l, i);
    char c = l->text[i];
    if (c == '"')
        return skip_string(l->text, l->length, i);
    if (c != '{' && c != '[') {
        while (i < l->length && !strchr(",]} \t\r\n", l->text[i]))
            i++;
        return i;
    }
    size_t base = l->ptr_len;
    char close = c == '{' ? '}' : ']';
    i = skip_ws(l, i + 1);
    if (i < l->length && l->text[i] == close)
        return i + 1;
    for (unsigned long index = 0; i < l->length && !l->oom; index++) {
        put(l, '/');
        if (c == '{') {
            i = put_key(l, skip_ws(l, i));
            i = skip_ws(l, i) + 1; /* the ':' */
        } else {
            char digits[24];
            size_t n = 0;
            unsigned long v = index;
            do
                digits[n++] = (char)('0' + v % 10);
            while ((v /= 10) > 0);
            while (n > 0)
                put(l, digits[--n]);
        }
        i = skip_ws(l, locate_value(l, i));
        l->ptr_len = base;
        if (i >= l->length || l->text[i] == close)
            return i + 1;
        i++; /* the ',' */
    }
    return l->length;
}

int dtm_locate(const char *text, size_t length, const char *const *pointers, size_t count,
               size_t *offsets)
{
    struct locator l = {text, length, pointers, count, offsets, malloc(64), 0, 64, 0};
    if (l.ptr == NULL)
        return 0;
    locate_value(&l, 0);
    free(l.ptr);
    return !l.oom;
}

void dtm_cursor_advance(struct dtm_cursor *cursor, const char *text, size_t length, size_t offset)
{
    if (offset > length)
        offset = length;
    for (size_t i = cursor->offset; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            cursor->line++;
            cursor->column = 1;
        } else if ((c & 0xC0) != 0x80) {
            cursor->column++;
        }
    }
    if (offset > cursor->offset)
        cursor->offset = offset;
}
