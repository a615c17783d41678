/* Codelists: the documented TSV format (doc/codelists.md), overlays, hashed lookups. */
#include "codelists/codelists_internal.h"

#include "base/error.h"

#include "oso/codelists.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Size caps of one list file (doc/codelists.md): far above any real list (the largest official
 * one is a few KiB, a table of every school about 1 MiB), low enough that a hostile or broken
 * file is refused before it costs memory. Checked while reading. */
enum {
    MAX_LINE_BYTES = 64 << 10,  /* one line, without its line end */
    MAX_FILE_BYTES = 16 << 20   /* one file (so offsets into its text fit 32 bits) */
};

static const struct {
    int id;
    const char *key;
} external_tables[] = {
    {OSO_CODELIST_GBA_NATIONALITEITEN, "gba-nationaliteiten"},
    {OSO_CODELIST_GBA_LANDEN, "gba-landen"},
    {OSO_CODELIST_OSO_TOETSCODES, "oso-toetscodes"},
    {OSO_CODELIST_DUO_ELEMENTCODES, "duo-elementcodes"},
    {OSO_CODELIST_DUO_VAKCODES, "duo-vakcodes"},
};

#define N_EXTERNAL (sizeof external_tables / sizeof external_tables[0])
#define KEY_HINT                                                                               \
    "a number 1-999 or one of gba-nationaliteiten, gba-landen, oso-toetscodes, "               \
    "duo-elementcodes, duo-vakcodes"

/* Hash table size of a new list (a power of two); it doubles as codes are added. */
#define INITIAL_SLOTS 64

/* Longest code or value quoted in an error message. */
#define QUOTE_MAX 40

const char *oso_codelist_external_key(int id)
{
    for (size_t i = 0; i < N_EXTERNAL; i++)
        if (external_tables[i].id == id)
            return external_tables[i].key;
    return NULL;
}

/* Numbers (leading zeros allowed) and external keys; `CL14` / `CL.key` too if allow_rule. */
static int parse_key(const char *text, int allow_rule, int *id)
{
    int key_only = 0, number_only = 0;
    if (allow_rule && strncmp(text, "CL", 2) == 0) {
        text += 2;
        key_only = *text == '.'; /* `CL.gba-landen`, while `CL14` takes a number */
        number_only = !key_only;
        text += key_only;
    }
    if (!key_only && *text >= '0' && *text <= '9') {
        long value = 0;
        for (const char *p = text; *p; p++) {
            if (*p < '0' || *p > '9')
                return 0;
            value = value * 10 + (*p - '0');
            if (value > OSO_CODELIST_NUMBER_MAX)
                return 0;
        }
        if (value < 1)
            return 0;
        *id = (int)value;
        return 1;
    }
    if (number_only)
        return 0;
    for (size_t i = 0; i < N_EXTERNAL; i++) {
        if (strcmp(text, external_tables[i].key) == 0) {
            *id = external_tables[i].id;
            return 1;
        }
    }
    return 0;
}

oso_status oso_codelist_parse_key(const char *text, int *id)
{
    if (text == NULL || id == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelist_parse_key: NULL argument");
    if (!parse_key(text, 1, id))
        return oso_fail(OSO_E_NOT_FOUND, "unknown codelist '%s' (expected " KEY_HINT ")", text);
    return OSO_OK;
}

oso_status oso_codelist_rule_id(int id, char *buf, size_t size)
{
    if (buf == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelist_rule_id: NULL buffer");
    const char *key = oso_codelist_external_key(id);
    int n;
    if (key != NULL)
        n = snprintf(buf, size, "CL.%s", key);
    else if (id >= 1 && id <= OSO_CODELIST_NUMBER_MAX)
        n = snprintf(buf, size, "CL%d", id);
    else
        return oso_fail(OSO_E_NOT_FOUND, "%d is not a codelist id", id);
    if (n < 0 || (size_t)n >= size)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelist_rule_id: buffer of %zu bytes is too small",
                        size);
    return OSO_OK;
}

/* ---- errors ---------------------------------------------------------------------------- */

static void clear_location(oso_codelists *set)
{
    free(set->err_file);
    set->err_file = NULL;
    set->err_line = 0;
}

static oso_status load_error(oso_codelists *set, oso_status status, const char *file,
                             size_t line, const char *fmt, ...) OSO_PRINTF(5, 6);

/* Record where a load failed and raise `status` with "FILE:LINE: reason" (or "FILE: reason"). */
static oso_status load_error(oso_codelists *set, oso_status status, const char *file,
                             size_t line, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    clear_location(set);
    set->err_file = strdup(file); /* on failure the location is just unavailable */
    set->err_line = line;
    if (line > 0)
        return oso_fail(status, "%s:%zu: %s", file, line, reason);
    return oso_fail(status, "%s: %s", file, reason);
}

/* strerror() is not thread-safe, and separate sets may be loaded on several threads. */
static const char *errno_text(int err, char *buf, size_t size)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    return strerror_r(err, buf, size);
#else
    return strerror_r(err, buf, size) == 0 ? buf : "unknown error";
#endif
}

/* Length of s[0..len) cut to at most QUOTE_MAX bytes on a UTF-8 character boundary. */
static int quote_len(const char *s, size_t len)
{
    if (len <= QUOTE_MAX)
        return (int)len;
    len = QUOTE_MAX;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--;
    return (int)len;
}

/* ---- parsing --------------------------------------------------------------------------- */

/* NULL if the line is valid UTF-8 without control characters other than TAB, else why not. */
static const char *check_text(const unsigned char *s, size_t len, char *why, size_t size)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                snprintf(why, size, "control character U+%04X at byte %zu of the line", c, i + 1);
                return why;
            }
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            cp = c & 0x07;
        } else {
            n = 0;
            cp = 0;
        }
        if (n == 0 || i + n > len)
            goto bad;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n;
    }
    return NULL;
bad:
    snprintf(why, size, "invalid UTF-8 at byte %zu of the line", i + 1);
    return why;
}

/* Space or U+00A0 (no-break space, common in spreadsheet exports) at s[0] / before s[len]. */
static int space_at_start(const char *s, size_t len)
{
    return len > 0 && (s[0] == ' ' || (len > 1 && (unsigned char)s[0] == 0xC2 &&
                                       (unsigned char)s[1] == 0xA0));
}

static int space_at_end(const char *s, size_t len)
{
    return len > 0 && (s[len - 1] == ' ' || (len > 1 && (unsigned char)s[len - 2] == 0xC2 &&
                                             (unsigned char)s[len - 1] == 0xA0));
}

static int is_date(const char *s)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    if (s[10] != '\0')
        return 0;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static void free_list(oso_codelist *cl)
{
    if (cl == NULL || cl->prebuilt)
        return;
    free(cl->slots);
    free(cl->entries);
    free(cl->text);
    free(cl->origin);
    free(cl);
}

/* Parse state of one file: header fields and their lines. */
struct header {
    int has_list;
    size_t line_list, line_name, line_version, line_source;
};

/* Handle a `#` line: a `# key: value` header field or a comment. */
static oso_status parse_hash_line(oso_codelists *set, oso_codelist *cl, struct header *h,
                                  char *p, char *end, size_t lineno, int codes_started)
{
    char *q = p + 1;
    while (*q == ' ' || *q == '\t')
        q++;
    char *key = q;
    if (*q >= 'a' && *q <= 'z')
        while ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == '_')
            q++;
    size_t klen = (size_t)(q - key);
    while (*q == ' ' || *q == '\t')
        q++;
    if (klen == 0 || *q != ':')
        return OSO_OK; /* a comment */
    char *value = q + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    key[klen] = '\0';
    *end = '\0';

    const char **field = NULL;
    size_t *seen = NULL;
    if (strcmp(key, "list") == 0) {
        seen = &h->line_list;
    } else if (strcmp(key, "name") == 0) {
        field = &cl->name;
        seen = &h->line_name;
    } else if (strcmp(key, "version") == 0) {
        field = &cl->version;
        seen = &h->line_version;
    } else if (strcmp(key, "source") == 0) {
        field = &cl->source;
        seen = &h->line_source;
    } else {
        return OSO_OK; /* unknown fields are ignored, so newer files still load */
    }
    if (codes_started)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "header field '%s' after the first code (the header comes first)",
                          key);
    if (*seen)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "duplicate header field '%s' (first on line %zu)", key, *seen);
    if (*value == '\0')
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "empty header field '%s'", key);
    *seen = lineno;
    if (field != NULL) {
        if (field == &cl->version && !is_date(value))
            return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                              "version '%.*s' is not a date YYYY-MM-DD",
                              quote_len(value, strlen(value)), value);
        *field = value;
        return OSO_OK;
    }
    if (!parse_key(value, 0, &cl->id))
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "unknown list '%.*s' (expected " KEY_HINT ")",
                          quote_len(value, strlen(value)), value);
    h->has_list = 1;
    cl->list_line = lineno;
    return OSO_OK;
}

/* Parse the flags column: comma-separated `name=value` items; only `onderdeel=yes|no`. */
static oso_status parse_flags(oso_codelists *set, const oso_codelist *cl, char *flags,
                              size_t lineno, uint32_t *out)
{
    int have_onderdeel = 0;
    *out = 0;
    if (*flags == '\0')
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "empty flags column (a TAB too many?)");
    for (char *item = flags; item != NULL;) {
        char *comma = strchr(item, ',');
        size_t len = comma ? (size_t)(comma - item) : strlen(item);
        if (len == 13 && strncmp(item, "onderdeel=yes", 13) == 0) {
            *out |= OSO_CODE_ONDERDEEL;
        } else if (!(len == 12 && strncmp(item, "onderdeel=no", 12) == 0)) {
            return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                              "unknown flag '%.*s' (the only flag is onderdeel=yes or "
                              "onderdeel=no)",
                              quote_len(item, len), item);
        }
        if (have_onderdeel++)
            return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                              "flag 'onderdeel' given twice");
        item = comma ? comma + 1 : NULL;
    }
    if (cl->id != OSO_CODELIST_OSO_TOETSCODES)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "flag 'onderdeel' is only defined for list oso-toetscodes");
    return OSO_OK;
}

/* Check the header is complete; `line` is where the first code (or the end) was met. */
static oso_status check_header(oso_codelists *set, const oso_codelist *cl,
                               const struct header *h, size_t line)
{
    const char *missing = !h->has_list ? "list" : cl->name == NULL ? "name"
                          : cl->version == NULL ? "version" : NULL;
    if (missing != NULL)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, line,
                          "header field '%s' missing (the header of '# key: value' lines must "
                          "give list, name and version before the first code)",
                          missing);
    return OSO_OK;
}

static const struct code_entry *find_entry(const oso_codelist *cl, const char *code, size_t len)
{
    if (code == NULL) {
        if (len != 0)
            return NULL;
        code = "";
    }
    if (len > UINT32_MAX)
        return NULL;
    uint64_t h = hash_bytes(code, len);
    for (size_t i = (size_t)h & cl->mask;; i = (i + 1) & cl->mask) {
        uint32_t slot = cl->slots[i];
        if (slot == 0)
            return NULL;
        const struct code_entry *e = &cl->entries[slot - 1];
        if (e->hash == h && e->len == len && memcmp(cl->text + e->code, code, len) == 0)
            return e;
    }
}

static void slot_put(oso_codelist *cl, size_t n)
{
    size_t i = (size_t)cl->entries[n].hash & cl->mask;
    while (cl->slots[i] != 0)
        i = (i + 1) & cl->mask;
    cl->slots[i] = (uint32_t)(n + 1);
}

/* Index entry n, doubling the table first to keep it at most half full. */
static int index_add(oso_codelist *cl, size_t n)
{
    if ((n + 1) * 2 > cl->mask + 1) {
        size_t size = (cl->mask + 1) * 2;
        uint32_t *slots = calloc(size, sizeof *slots);
        if (slots == NULL)
            return 0;
        free(cl->slots);
        cl->slots = slots;
        cl->mask = size - 1;
        for (size_t k = 0; k < n; k++)
            slot_put(cl, k);
    }
    slot_put(cl, n);
    return 1;
}

static oso_status parse_code_line(oso_codelists *set, oso_codelist *cl, char *p, size_t len,
                                  size_t lineno, size_t *cap)
{
    char *tab = memchr(p, '\t', len);
    if (tab == NULL)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "missing TAB between code and meaning");
    size_t clen = (size_t)(tab - p);
    *tab = '\0';
    char *meaning = tab + 1;
    char *flags = strchr(meaning, '\t');
    if (flags != NULL) {
        *flags++ = '\0';
        if (strchr(flags, '\t') != NULL)
            return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                              "too many TABs (at most three columns: code, meaning, flags)");
    }
    if (clen == 0)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno, "empty code");
    /* Codes are compared as raw bytes, so stray spaces would silently never match. */
    if (space_at_start(p, clen))
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "leading whitespace in code '%.*s'", quote_len(p, clen), p);
    if (space_at_end(p, clen))
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "trailing whitespace in code '%.*s'", quote_len(p, clen), p);
    size_t mlen = strlen(meaning);
    if (space_at_start(meaning, mlen) || space_at_end(meaning, mlen))
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "leading or trailing whitespace in the meaning of code '%.*s'",
                          quote_len(p, clen), p);
    uint32_t fl = 0;
    if (flags != NULL) {
        oso_status st = parse_flags(set, cl, flags, lineno, &fl);
        if (st != OSO_OK)
            return st;
    } else if (cl->id == OSO_CODELIST_OSO_TOETSCODES) {
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "missing flags column: every code of oso-toetscodes needs "
                          "onderdeel=yes or onderdeel=no");
    }
    if (clen > UINT32_MAX || cl->count >= UINT32_MAX - 1)
        return load_error(set, OSO_E_LIMIT, cl->origin, lineno, "too many or too long codes");
    const struct code_entry *dup = find_entry(cl, p, clen);
    if (dup != NULL)
        return load_error(set, OSO_E_CODELIST_FORMAT, cl->origin, lineno,
                          "duplicate code '%.*s' (first on line %zu)", quote_len(p, clen), p,
                          dup->line);
    if (cl->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        struct code_entry *grown = realloc(cl->entries, ncap * sizeof *grown);
        if (grown == NULL)
            return oso_fail(OSO_E_NOMEM, "out of memory reading %s", cl->origin);
        cl->entries = grown;
        *cap = ncap;
    }
    struct code_entry *e = &cl->entries[cl->count++];
    e->code = (uint32_t)(p - cl->text);
    e->meaning = (uint32_t)(meaning - cl->text);
    e->len = (uint32_t)clen;
    e->hash = hash_bytes(p, clen);
    e->flags = fl;
    e->line = lineno;
    if (!index_add(cl, cl->count - 1))
        return oso_fail(OSO_E_NOMEM, "out of memory indexing %s", cl->origin);
    return OSO_OK;
}

oso_status oso_codelist_parse_text(oso_codelists *set, const char *origin, const char *data,
                                   size_t size, oso_codelist **out)
{
    *out = NULL;
    if (size > MAX_FILE_BYTES)
        return load_error(set, OSO_E_LIMIT, origin, 0,
                          "file larger than %d MiB (the limit for a codelist file)",
                          MAX_FILE_BYTES >> 20);
    oso_codelist *cl = calloc(1, sizeof *cl);
    if (cl == NULL || (cl->origin = strdup(origin)) == NULL ||
        (cl->text = malloc(size + 1)) == NULL ||
        (cl->slots = calloc(INITIAL_SLOTS, sizeof *cl->slots)) == NULL) {
        free_list(cl);
        return oso_fail(OSO_E_NOMEM, "out of memory reading %s", origin);
    }
    if (size > 0)
        memcpy(cl->text, data, size);
    cl->text[size] = '\0';
    cl->mask = INITIAL_SLOTS - 1;

    struct header h = {0};
    size_t cap = 0, lineno = 0;
    int codes_started = 0;
    oso_status st = OSO_OK;
    char *p = cl->text, *end = cl->text + size;
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; /* a UTF-8 byte order mark, as spreadsheet exports write it */
    while (st == OSO_OK && p < end) {
        lineno++;
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *next = nl ? nl + 1 : end;
        if (le > p && le[-1] == '\r')
            le--; /* CRLF line ends are accepted */
        *le = '\0';
        size_t len = (size_t)(le - p);
        char why[96];
        if (len > MAX_LINE_BYTES) {
            st = load_error(set, OSO_E_LIMIT, origin, lineno,
                            "line longer than %d KiB (the limit for a codelist line)",
                            MAX_LINE_BYTES >> 10);
        } else if (check_text((const unsigned char *)p, len, why, sizeof why) != NULL) {
            st = load_error(set, OSO_E_CODELIST_FORMAT, origin, lineno, "%s", why);
        } else if (len == 0) {
            /* blank lines are allowed anywhere */
        } else if (p[0] == '#') {
            st = parse_hash_line(set, cl, &h, p, le, lineno, codes_started);
        } else {
            if (!codes_started) {
                st = check_header(set, cl, &h, lineno);
                codes_started = 1;
            }
            if (st == OSO_OK)
                st = parse_code_line(set, cl, p, len, lineno, &cap);
        }
        p = next;
    }
    if (st == OSO_OK && !codes_started) {
        size_t at = lineno ? lineno : 1;
        st = check_header(set, cl, &h, at);
        if (st == OSO_OK)
            st = load_error(set, OSO_E_CODELIST_FORMAT, origin, at, "the list has no codes");
    }
    if (st != OSO_OK) {
        free_list(cl);
        return st;
    }
    if (cl->source == NULL)
        cl->source = "";
    const char *key = oso_codelist_external_key(cl->id);
    if (key != NULL)
        snprintf(cl->key, sizeof cl->key, "%s", key);
    else
        snprintf(cl->key, sizeof cl->key, "%d", cl->id);
    oso_codelist_rule_id(cl->id, cl->rule, sizeof cl->rule); /* cannot fail: id was parsed */
    *out = cl;
    return OSO_OK;
}

/* ---- loading --------------------------------------------------------------------------- */

static size_t find_pos(const oso_codelists *set, int id, int *found)
{
    size_t lo = 0, hi = set->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->lists[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < set->count && set->lists[lo]->id == id;
    return lo;
}

/* Merge freshly parsed lists into the set; takes ownership of them in every case. */
static oso_status commit(oso_codelists *set, oso_codelist **fresh, size_t n)
{
    if (set->count + n > set->cap) {
        size_t ncap = set->count + n;
        oso_codelist **grown = realloc(set->lists, ncap * sizeof *grown);
        if (grown == NULL) {
            for (size_t i = 0; i < n; i++)
                free_list(fresh[i]);
            return oso_fail(OSO_E_NOMEM, "out of memory adding codelists");
        }
        set->lists = grown;
        set->cap = ncap;
    }
    /* Nothing below can fail, so a load call changes the set completely or not at all. */
    for (size_t i = 0; i < n; i++) {
        int found;
        size_t pos = find_pos(set, fresh[i]->id, &found);
        if (found) {
            free_list(set->lists[pos]); /* a newer list replaces the old one as a whole */
        } else {
            memmove(&set->lists[pos + 1], &set->lists[pos],
                    (set->count - pos) * sizeof *set->lists);
            set->count++;
        }
        set->lists[pos] = fresh[i];
    }
    return OSO_OK;
}

void oso_codelists_free(oso_codelists *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->count; i++)
        free_list(set->lists[i]);
    free(set->lists);
    free(set->err_file);
    free(set);
}

/* Read a list file, refusing it as soon as it breaks a size cap: a file with a 1 GiB line is
 * refused after MAX_LINE_BYTES of it, a larger one (by its size, or as it grows) before it is
 * read whole. */
static oso_status read_file(oso_codelists *set, const char *path, char **data, size_t *size)
{
    char ebuf[128];
    *data = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return load_error(set, OSO_E_IO, path, 0, "cannot open: %s",
                          errno_text(errno, ebuf, sizeof ebuf));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > MAX_FILE_BYTES) {
        fclose(f);
        return load_error(set, OSO_E_LIMIT, path, 0,
                          "file larger than %d MiB (the limit for a codelist file)",
                          MAX_FILE_BYTES >> 20);
    }
    size_t cap = 0, len = 0, lineno = 1, line_start = 0;
    char *buf = NULL;
    oso_status st = OSO_OK;
    for (;;) {
        if (len == cap) {
            if (cap > MAX_FILE_BYTES) { /* one byte more than a file may have */
                st = load_error(set, OSO_E_LIMIT, path, 0,
                                "file larger than %d MiB (the limit for a codelist file)",
                                MAX_FILE_BYTES >> 20);
                break;
            }
            size_t ncap = cap ? cap * 2 : 8192;
            if (ncap > (size_t)MAX_FILE_BYTES + 1)
                ncap = (size_t)MAX_FILE_BYTES + 1;
            char *grown = realloc(buf, ncap);
            if (grown == NULL) {
                st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", path);
                break;
            }
            buf = grown;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0)
            break;
        /* A line may hold one byte more than the cap here: the CR of a CRLF line end. */
        const char *p = buf + len, *end = buf + len + got;
        for (const char *nl; st == OSO_OK && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
             p = nl + 1) {
            if ((size_t)(nl - buf) - line_start > (size_t)MAX_LINE_BYTES + 1) {
                st = OSO_E_LIMIT;
            } else {
                line_start = (size_t)(nl - buf) + 1;
                lineno++;
            }
        }
        len += got;
        if (st != OSO_OK || len - line_start > (size_t)MAX_LINE_BYTES + 1) {
            st = load_error(set, OSO_E_LIMIT, path, lineno,
                            "line longer than %d KiB (the limit for a codelist line)",
                            MAX_LINE_BYTES >> 10);
            break;
        }
    }
    int err = st == OSO_OK && ferror(f) ? errno : 0;
    fclose(f);
    if (st == OSO_OK && err != 0)
        st = load_error(set, OSO_E_IO, path, 0, "read error: %s",
                        errno_text(err, ebuf, sizeof ebuf));
    if (st != OSO_OK) {
        free(buf);
        return st;
    }
    *data = buf;
    *size = len;
    return OSO_OK;
}

static oso_status load_path(oso_codelists *set, const char *path, oso_codelist **out)
{
    char *data;
    size_t size;
    oso_status st = read_file(set, path, &data, &size);
    if (st != OSO_OK)
        return st;
    st = oso_codelist_parse_text(set, path, data, size, out);
    free(data);
    return st;
}

oso_status oso_codelists_load_file(oso_codelists *set, const char *path)
{
    if (set == NULL || path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelists_load_file: NULL argument");
    clear_location(set);
    struct stat sb;
    char ebuf[128];
    if (stat(path, &sb) != 0)
        return load_error(set, OSO_E_IO, path, 0, "cannot open: %s",
                          errno_text(errno, ebuf, sizeof ebuf));
    if (!S_ISREG(sb.st_mode))
        return load_error(set, OSO_E_IO, path, 0, "not a regular file");
    oso_codelist *cl;
    oso_status st = load_path(set, path, &cl);
    return st == OSO_OK ? commit(set, &cl, 1) : st;
}

oso_status oso_codelists_load_buffer(oso_codelists *set, const char *name, const void *data,
                                     size_t size)
{
    if (set == NULL || (data == NULL && size > 0))
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelists_load_buffer: NULL argument");
    clear_location(set);
    oso_codelist *cl;
    oso_status st =
        oso_codelist_parse_text(set, name ? name : "<buffer>", data ? data : "", size, &cl);
    return st == OSO_OK ? commit(set, &cl, 1) : st;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_list_file_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".tsv") == 0;
}

/* The sorted `*.tsv` names of a directory. */
static oso_status list_dir(oso_codelists *set, const char *dir, char ***names, size_t *count)
{
    char ebuf[128];
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return load_error(set, OSO_E_IO, dir, 0, "cannot open directory: %s",
                          errno_text(errno, ebuf, sizeof ebuf));
    char **v = NULL;
    size_t n = 0, cap = 0;
    oso_status st = OSO_OK;
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(d);
        if (ent == NULL) {
            if (errno != 0)
                st = load_error(set, OSO_E_IO, dir, 0, "cannot read directory: %s",
                                errno_text(errno, ebuf, sizeof ebuf));
            break;
        }
        if (!is_list_file_name(ent->d_name))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **grown = realloc(v, ncap * sizeof *grown);
            if (grown == NULL) {
                st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", dir);
                break;
            }
            v = grown;
            cap = ncap;
        }
        if ((v[n] = strdup(ent->d_name)) == NULL) {
            st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", dir);
            break;
        }
        n++;
    }
    closedir(d);
    if (st != OSO_OK) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        return st;
    }
    if (n > 0)
        qsort(v, n, sizeof *v, compare_names);
    *names = v;
    *count = n;
    return OSO_OK;
}

oso_status oso_codelists_load_dir(oso_codelists *set, const char *dir)
{
    if (set == NULL || dir == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelists_load_dir: NULL argument");
    clear_location(set);
    char **names;
    size_t count;
    oso_status st = list_dir(set, dir, &names, &count);
    if (st != OSO_OK)
        return st;
    oso_codelist **fresh = calloc(count ? count : 1, sizeof *fresh);
    if (fresh == NULL)
        st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", dir);
    size_t n = 0;
    size_t dlen = strlen(dir);
    const char *sep = dlen > 0 && dir[dlen - 1] == '/' ? "" : "/";
    char ebuf[128];
    for (size_t i = 0; st == OSO_OK && i < count; i++) {
        char *path = malloc(dlen + strlen(sep) + strlen(names[i]) + 1);
        if (path == NULL) {
            st = oso_fail(OSO_E_NOMEM, "out of memory reading %s", dir);
            break;
        }
        sprintf(path, "%s%s%s", dir, sep, names[i]);
        struct stat sb;
        if (stat(path, &sb) != 0) {
            st = load_error(set, OSO_E_IO, path, 0, "cannot open: %s",
                            errno_text(errno, ebuf, sizeof ebuf));
        } else if (S_ISREG(sb.st_mode)) {
            st = load_path(set, path, &fresh[n]);
            if (st == OSO_OK) {
                n++;
                for (size_t k = 0; k + 1 < n; k++)
                    if (fresh[k]->id == fresh[n - 1]->id)
                        st = load_error(set, OSO_E_CODELIST_FORMAT, path,
                                        fresh[n - 1]->list_line,
                                        "list %s is already defined by %s", fresh[n - 1]->key,
                                        fresh[k]->origin);
            }
        }
        free(path);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (st == OSO_OK) {
        st = commit(set, fresh, n);
    } else {
        for (size_t i = 0; i < n; i++)
            free_list(fresh[i]);
    }
    free(fresh);
    return st;
}

oso_status oso_codelists_error_location(const oso_codelists *set, const char **file,
                                        size_t *line)
{
    if (set == NULL || set->err_file == NULL)
        return OSO_E_NOT_FOUND;
    if (file != NULL)
        *file = set->err_file;
    if (line != NULL)
        *line = set->err_line;
    return OSO_OK;
}

/* ---- lookups --------------------------------------------------------------------------- */

const oso_codelist *oso_codelists_get(const oso_codelists *set, int id)
{
    if (set == NULL)
        return NULL;
    int found;
    size_t pos = find_pos(set, id, &found);
    return found ? set->lists[pos] : NULL;
}

size_t oso_codelists_count(const oso_codelists *set) { return set ? set->count : 0; }

const oso_codelist *oso_codelists_at(const oso_codelists *set, size_t index)
{
    return set != NULL && index < set->count ? set->lists[index] : NULL;
}

int oso_codelist_id(const oso_codelist *cl) { return cl ? cl->id : 0; }

const char *oso_codelist_key(const oso_codelist *cl) { return cl ? cl->key : NULL; }

int oso_codelist_number(const oso_codelist *cl)
{
    return cl != NULL && cl->id <= OSO_CODELIST_NUMBER_MAX ? cl->id : 0;
}

int oso_codelist_is_external(const oso_codelist *cl)
{
    return cl != NULL && cl->id > OSO_CODELIST_NUMBER_MAX;
}

const char *oso_codelist_rule(const oso_codelist *cl) { return cl ? cl->rule : NULL; }

const char *oso_codelist_name(const oso_codelist *cl) { return cl ? cl->name : NULL; }

const char *oso_codelist_version(const oso_codelist *cl) { return cl ? cl->version : NULL; }

const char *oso_codelist_source(const oso_codelist *cl) { return cl ? cl->source : NULL; }

const char *oso_codelist_origin(const oso_codelist *cl) { return cl ? cl->origin : NULL; }

size_t oso_codelist_size(const oso_codelist *cl) { return cl ? cl->count : 0; }

int oso_codelist_contains(const oso_codelist *cl, const char *code, size_t len)
{
    return cl != NULL && find_entry(cl, code, len) != NULL;
}

oso_status oso_codelist_lookup(const oso_codelist *cl, const char *code, size_t len,
                               const char **meaning, unsigned int *flags)
{
    if (cl == NULL || (code == NULL && len > 0))
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelist_lookup: NULL argument");
    const struct code_entry *e = find_entry(cl, code, len);
    if (e == NULL)
        return oso_fail(OSO_E_NOT_FOUND, "'%.*s' is not a code of list %s (%s)",
                        quote_len(code, len), code ? code : "", cl->key, cl->name);
    if (meaning != NULL)
        *meaning = cl->text + e->meaning;
    if (flags != NULL)
        *flags = e->flags;
    return OSO_OK;
}

oso_status oso_codelist_entry(const oso_codelist *cl, size_t index, const char **code,
                              const char **meaning, unsigned int *flags)
{
    if (cl == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_codelist_entry: NULL list");
    if (index >= cl->count)
        return oso_fail(OSO_E_NOT_FOUND, "list %s has no code number %zu", cl->key, index);
    const struct code_entry *e = &cl->entries[index];
    if (code != NULL)
        *code = cl->text + e->code;
    if (meaning != NULL)
        *meaning = cl->text + e->meaning;
    if (flags != NULL)
        *flags = e->flags;
    return OSO_OK;
}
