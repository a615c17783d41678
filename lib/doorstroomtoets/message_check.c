/* Checking doorstroomtoets chain messages against the generated definition table
 * (public API in oso/chain.h, rule ids DTM.* in doc/rules.md). */
#include "oso/chain.h"

#include "base/error.h"
#include "base/report.h"
#include "doorstroomtoets/findings.h"
#include "doorstroomtoets/json_text.h"
#include "doorstroomtoets/openapi_1_1.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* jansson's own nesting bound. */
enum { JANSSON_MAX_DEPTH = JSON_PARSER_MAX_DEPTH };

static const struct {
    oso_chain_message_type type;
    enum dtm_message_id message;
} message_of_type[] = {
    {OSO_CHAIN_DEELNEMERSLIJST, DTM_MESSAGE_Deelnemerslijst},
    {OSO_CHAIN_SCHOOLADVIEZENLIJST, DTM_MESSAGE_Schooladviezenlijst},
    {OSO_CHAIN_LEERLINGRESULTAAT, DTM_MESSAGE_Leerlingresultaat},
    {OSO_CHAIN_ONTVANGSTMELDING, DTM_MESSAGE_Ontvangstmelding},
};
#define TYPE_COUNT (sizeof message_of_type / sizeof message_of_type[0])

oso_status oso_chain_check_options_init(oso_chain_check_options *o, unsigned int version)
{
    if (o == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_check_options_init: NULL options");
    if (version == 0 || version > OSO_CHAIN_CHECK_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_chain_check_options version %u is not supported",
                        version);
    oso_chain_check_options d = OSO_CHAIN_CHECK_OPTIONS_INIT;
    *o = d;
    o->version = version;
    return OSO_OK;
}

const char *oso_chain_message_type_name(oso_chain_message_type type)
{
    for (size_t i = 0; i < TYPE_COUNT; i++)
        if (message_of_type[i].type == type)
            return dtm_messages[message_of_type[i].message].name;
    return "unknown";
}

oso_status oso_chain_message_type_from_name(oso_chain_message_type *type, const char *name)
{
    if (type == NULL || name == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_message_type_from_name: NULL argument");
    for (size_t i = 0; i < TYPE_COUNT; i++)
        if (strcasecmp(name, dtm_messages[message_of_type[i].message].name) == 0) {
            *type = message_of_type[i].type;
            return OSO_OK;
        }
    return oso_fail(OSO_E_NOT_FOUND, "unknown chain message type '%s'", name);
}

oso_status oso_chain_message_operation(oso_chain_message_type type, const char **method,
                                       const char **path)
{
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        const struct dtm_message *m = &dtm_messages[message_of_type[i].message];
        if (message_of_type[i].type != type || !m->request)
            continue;
        if (method != NULL)
            *method = m->method;
        if (path != NULL)
            *path = m->path;
        return OSO_OK;
    }
    return oso_fail(OSO_E_NOT_FOUND, "%s is no request body", oso_chain_message_type_name(type));
}

/* ---- findings ----------------------------------------------------------------------------- */

struct checker {
    struct dtm_findings findings;
    char *ptr;       /* JSON Pointer of the value being checked */
    size_t ptr_len, ptr_cap;
    int oom;
};

/* Record an error at the current pointer; both formats take the same arguments. */
#define finding(c, rule, fmt_nl, fmt_en, ...)                                                    \
    dtm_findings_add(&(c)->findings, rule, OSO_SEVERITY_ERROR, (c)->ptr, (c)->ptr_len, fmt_nl,   \
                     fmt_en, __VA_ARGS__)

static int ptr_put(struct checker *c, const char *s, size_t n)
{
    if (c->ptr_len + n + 1 > c->ptr_cap) {
        size_t cap = (c->ptr_len + n + 1) * 2;
        char *p = realloc(c->ptr, cap);
        if (p == NULL) {
            c->oom = 1;
            return 0;
        }
        c->ptr = p;
        c->ptr_cap = cap;
    }
    memcpy(c->ptr + c->ptr_len, s, n);
    c->ptr_len += n;
    c->ptr[c->ptr_len] = '\0';
    return 1;
}

/* Append "/token" (RFC 6901 escaping) to the current pointer. */
static int ptr_push_key(struct checker *c, const char *key, size_t len)
{
    if (!ptr_put(c, "/", 1))
        return 0;
    for (size_t i = 0; i < len; i++) {
        const char *piece = key[i] == '~' ? "~0" : key[i] == '/' ? "~1" : NULL;
        if (!(piece ? ptr_put(c, piece, 2) : ptr_put(c, key + i, 1)))
            return 0;
    }
    return 1;
}

static int ptr_push_index(struct checker *c, size_t index)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "/%zu", index);
    return ptr_put(c, buf, (size_t)n);
}

static void ptr_pop(struct checker *c, size_t len)
{
    c->ptr_len = len;
    c->ptr[len] = '\0';
}

/* A string value as shown in a message: at most 60 characters, control characters escaped. */
static void quote(char *out, size_t cap, const char *s, size_t len)
{
    size_t o = 0, chars = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len && o + 8 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch & 0xC0) != 0x80 && ++chars > 60) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (ch < 0x20 || ch == 0x7F)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", ch);
        else
            out[o++] = (char)ch;
    }
    out[o++] = '"';
    out[o] = '\0';
}

/* ---- values ------------------------------------------------------------------------------- */

static const char *const type_name_nl[] = {"tekst (string)", "geheel getal (integer)",
                                           "getal (number)", "boolean", "object", "lijst (array)"};

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

/* JSON Schema counts 1.0 as an integer. */
static int integral(const json_t *v, long long *out)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return 1;
    }
    if (json_is_real(v)) {
        double d = json_real_value(v);
        if (isfinite(d) && d >= -9.2e18 && d <= 9.2e18 && (double)(long long)d == d) {
            *out = (long long)d;
            return 1;
        }
    }
    return 0;
}

static int has_type(const json_t *v, unsigned type)
{
    long long ignored;
    switch (type) {
    case DTM_TYPE_STRING: return json_is_string(v);
    case DTM_TYPE_INTEGER: return integral(v, &ignored);
    case DTM_TYPE_NUMBER: return json_is_number(v);
    case DTM_TYPE_BOOLEAN: return json_is_boolean(v);
    case DTM_TYPE_OBJECT: return json_is_object(v);
    default: return json_is_array(v);
    }
}

static size_t characters(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static int digits(const char *s, size_t n, unsigned *value)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *value = v;
    return 1;
}

/* RFC 3339 full-date; years 0001-9999 (no year zero, like the proleptic Gregorian calendar
 * of most JSON Schema implementations). */
static int valid_date(const char *s, size_t len)
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, m, d;
    if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
        !digits(s + 8, 2, &d))
        return 0;
    if (y == 0 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

/* RFC 3339 date-time: full-date "T" HH:MM:SS[.fraction] ("Z" / +HH:MM / -HH:MM); "t" and "z"
 * may be lower case (RFC 3339 5.6); no leap second (60). */
static int valid_date_time(const char *s, size_t len)
{
    unsigned hh, mm, ss;
    if (len < 20 || !valid_date(s, 10) || (s[10] != 'T' && s[10] != 't'))
        return 0;
    if (s[13] != ':' || s[16] != ':' || !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) ||
        !digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59)
        return 0;
    size_t i = 19;
    if (s[i] == '.') {
        size_t start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return 0;
    }
    if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
        return 1;
    if (i + 6 != len || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
        return 0;
    return digits(s + i + 1, 2, &hh) && digits(s + i + 4, 2, &mm) && hh <= 23 && mm <= 59;
}

static void check_value(struct checker *c, unsigned schema_id, const json_t *v);

static void check_string(struct checker *c, const struct dtm_schema *s, const json_t *v)
{
    const char *str = json_string_value(v);
    size_t len = json_string_length(v);
    char shown[256];
    quote(shown, sizeof shown, str, len);
    if (s->enum_count > 0) {
        int found = 0;
        char allowed[1024];
        size_t o = 0;
        allowed[0] = '\0';
        for (unsigned i = 0; i < s->enum_count; i++) {
            const char *e = dtm_enum_strings[s->enum_first + i];
            if (strlen(e) == len && memcmp(e, str, len) == 0)
                found = 1;
            if (o + strlen(e) + 3 < sizeof allowed)
                o += (size_t)snprintf(allowed + o, sizeof allowed - o, "%s%s", i ? ", " : "", e);
        }
        if (!found)
            finding(c, "DTM.ENUM", "Waarde %s is niet toegestaan; toegestaan: %s.",
                    "Value %s is not allowed; allowed: %s.", shown, allowed);
    }
    size_t n = characters(str, len);
    if (s->min_length != DTM_NONE && n < s->min_length)
        finding(c, "DTM.LENGTH", "Waarde %s is korter dan %u teken(s).",
                "Value %s is shorter than %u character(s).", shown, (unsigned)s->min_length);
    if (s->max_length != DTM_NONE && n > s->max_length)
        finding(c, "DTM.LENGTH", "Waarde %s is langer dan %u tekens.",
                "Value %s is longer than %u characters.", shown, (unsigned)s->max_length);
    if (s->format == DTM_FORMAT_DATE && !valid_date(str, len))
        finding(c, "DTM.FORMAT", "Waarde %s is geen datum (JJJJ-MM-DD, RFC 3339).",
                "Value %s is not a date (YYYY-MM-DD, RFC 3339).", shown);
    if (s->format == DTM_FORMAT_DATE_TIME && !valid_date_time(str, len))
        finding(c, "DTM.FORMAT",
                "Waarde %s is geen datum en tijd (JJJJ-MM-DDTuu:mm:ss met tijdzone, RFC 3339).",
                "Value %s is not a date-time (YYYY-MM-DDThh:mm:ss with time zone, RFC 3339).",
                shown);
}

static void check_object(struct checker *c, const struct dtm_schema *s, const json_t *v)
{
    size_t base = c->ptr_len;
    for (unsigned i = 0; i < s->property_count && !c->oom; i++) {
        const struct dtm_property *p = &dtm_properties[s->property_first + i];
        const json_t *member = json_object_get(v, p->name);
        if (member == NULL) {
            if (p->required)
                finding(c, "DTM.REQUIRED", "Verplicht veld '%s' ontbreekt (%s).",
                        "Required member '%s' is missing (%s).", p->name, s->name);
            continue;
        }
        if (p->schema == DTM_NONE || !ptr_push_key(c, p->name, strlen(p->name)))
            continue;
        check_value(c, p->schema, member);
        ptr_pop(c, base);
    }
}

static void check_array(struct checker *c, const struct dtm_schema *s, const json_t *v)
{
    size_t n = json_array_size(v);
    if (s->min_items != DTM_NONE && n < s->min_items)
        finding(c, "DTM.ITEMS", "De lijst heeft %zu element(en), minimaal %u vereist.",
                "The array has %zu item(s), at least %u required.", n, (unsigned)s->min_items);
    if (s->max_items != DTM_NONE && n > s->max_items)
        finding(c, "DTM.ITEMS", "De lijst heeft %zu elementen, maximaal %u toegestaan.",
                "The array has %zu items, at most %u allowed.", n, (unsigned)s->max_items);
    size_t base = c->ptr_len;
    for (size_t i = 0; i < n && !c->oom; i++) {
        if (!ptr_push_index(c, i))
            return;
        check_value(c, s->items, json_array_get(v, i));
        ptr_pop(c, base);
    }
}

static void check_value(struct checker *c, unsigned schema_id, const json_t *v)
{
    const struct dtm_schema *s = &dtm_schemas[schema_id];
    if (!has_type(v, s->type)) {
        finding(c, "DTM.TYPE", "Verwacht %s, gevonden %s.", "Expected %s, found %s.",
                type_name_nl[s->type], json_kind(v));
        return;
    }
    switch (s->type) {
    case DTM_TYPE_STRING:
        check_string(c, s, v);
        break;
    case DTM_TYPE_INTEGER:
        if (s->enum_count > 0) {
            long long value = 0;
            integral(v, &value);
            int found = 0;
            for (unsigned i = 0; i < s->enum_count; i++)
                found |= dtm_enum_integers[s->enum_first + i] == value;
            if (!found)
                finding(c, "DTM.ENUM", "Waarde %lld is niet toegestaan (%s).",
                        "Value %lld is not allowed (%s).", value, s->name);
        }
        break;
    case DTM_TYPE_OBJECT:
        check_object(c, s, v);
        break;
    case DTM_TYPE_ARRAY:
        check_array(c, s, v);
        break;
    default:
        break;
    }
}

/* ---- recognition -------------------------------------------------------------------------- */

/* 1 when `name` is a property of message m's schema. */
static int declares(enum dtm_message_id m, const char *name)
{
    const struct dtm_schema *s = &dtm_schemas[dtm_messages[m].schema];
    for (unsigned i = 0; i < s->property_count; i++)
        if (strcmp(dtm_properties[s->property_first + i].name, name) == 0)
            return 1;
    return 0;
}

static oso_chain_message_type recognise(const json_t *root)
{
    if (!json_is_object(root))
        return OSO_CHAIN_UNKNOWN;
    const char *profiel = json_string_value(json_object_get(root, "profiel"));
    for (size_t t = 0; profiel != NULL && t < TYPE_COUNT; t++) {
        const char *fixed = dtm_messages[message_of_type[t].message].profiel;
        if (fixed != NULL && strcmp(fixed, profiel) == 0)
            return message_of_type[t].type;
    }
    /* Members only one request type declares decide. */
    size_t score[TYPE_COUNT] = {0};
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)root, key, value) {
        size_t owners = 0, owner = 0;
        for (size_t t = 0; t < TYPE_COUNT; t++)
            if (dtm_messages[message_of_type[t].message].request &&
                declares(message_of_type[t].message, key)) {
                owners++;
                owner = t;
            }
        if (owners == 1)
            score[owner]++;
    }
    size_t best = 0;
    int tie = 0;
    for (size_t t = 1; t < TYPE_COUNT; t++) {
        if (score[t] > score[best]) {
            best = t;
            tie = 0;
        } else if (score[t] == score[best]) {
            tie = 1;
        }
    }
    if (score[best] > 0 && !tie)
        return message_of_type[best].type;
    /* A response declares no request's members. */
    size_t members = json_object_size(root);
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        enum dtm_message_id m = message_of_type[t].message;
        if (dtm_messages[m].request)
            continue;
        size_t own = 0;
        json_object_foreach((json_t *)root, key, value)
            own += (size_t)declares(m, key);
        if (own == members)
            return message_of_type[t].type;
    }
    return OSO_CHAIN_UNKNOWN;
}

/* ---- parsing ------------------------------------------------------------------------------ */

static const char *parse_rule(enum json_error_code code)
{
    switch (code) {
    case json_error_invalid_utf8:
    case json_error_null_character:
    case json_error_null_byte_in_key: return "DTM.UTF8";
    case json_error_duplicate_key: return "DTM.DUPLICATE";
    case json_error_numeric_overflow: return "DTM.NUMBER";
    case json_error_stack_overflow: return "DTM.DEPTH";
    default: return "DTM.JSON";
    }
}

static const char *parse_message_nl(enum json_error_code code)
{
    switch (code) {
    case json_error_invalid_utf8: return "Ongeldige UTF-8.";
    case json_error_null_character:
    case json_error_null_byte_in_key: return "Het teken U+0000 is niet toegestaan.";
    case json_error_duplicate_key: return "Dubbele naam in een object: de waarde is dubbelzinnig.";
    case json_error_numeric_overflow: return "Getal buiten het bereik (64-bit geheel getal of double).";
    case json_error_stack_overflow: return "Te diep genest.";
    case json_error_premature_end_of_input: return "Het bericht houdt onverwacht op (afgekapt).";
    case json_error_end_of_input_expected: return "Na de JSON-waarde volgt nog tekst.";
    default: return "Geen geldige JSON.";
    }
}

static oso_status check_text(oso_report *r, oso_chain_message_type *type, const char *text,
                             size_t len, const oso_chain_check_options *o)
{
    unsigned max_depth = o->max_depth ? o->max_depth : OSO_CHAIN_DEFAULT_MAX_DEPTH;
    if (max_depth > JANSSON_MAX_DEPTH)
        max_depth = JANSSON_MAX_DEPTH;
    size_t deep_at;
    if (dtm_too_deep(text, len, max_depth, &deep_at)) {
        struct dtm_cursor cur = {0, 1, 1};
        dtm_cursor_advance(&cur, text, len, deep_at);
        char nl[96], en[96];
        snprintf(nl, sizeof nl, "Te diep genest: meer dan %u niveaus.", max_depth);
        snprintf(en, sizeof en, "Nested too deeply: more than %u levels.", max_depth);
        return oso_report_add(r, "DTM.DEPTH", OSO_SEVERITY_ERROR, "", cur.line, cur.column, 0, nl,
                              en)
                   ? OSO_OK
                   : oso_fail(OSO_E_NOMEM, "out of memory");
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (root == NULL) {
        enum json_error_code code = json_error_code(&err);
        if (code == json_error_out_of_memory)
            return oso_fail(OSO_E_NOMEM, "out of memory parsing JSON");
        char en[JSON_ERROR_TEXT_LENGTH + 32];
        snprintf(en, sizeof en, "Not valid JSON: %s.", err.text);
        return oso_report_add(r, parse_rule(code), OSO_SEVERITY_ERROR, "",
                              err.line > 0 ? (unsigned long)err.line : 1,
                              err.column > 0 ? (unsigned long)err.column : 1, 0,
                              parse_message_nl(code), en)
                   ? OSO_OK
                   : oso_fail(OSO_E_NOMEM, "out of memory");
    }
    oso_chain_message_type t = o->expect != OSO_CHAIN_UNKNOWN ? o->expect : recognise(root);
    if (type != NULL)
        *type = t;
    struct checker c = {0};
    c.ptr = calloc(1, 64);
    c.ptr_cap = 64;
    if (c.ptr == NULL) {
        json_decref(root);
        return oso_fail(OSO_E_NOMEM, "out of memory");
    }
    if (t == OSO_CHAIN_UNKNOWN) {
        finding(&c, "DTM.MESSAGE",
                "Onbekend berichttype: geen Deelnemerslijst, Schooladviezenlijst, "
                "Leerlingresultaat of Ontvangstmelding (%s).",
                "Unknown message type: not a Deelnemerslijst, Schooladviezenlijst, "
                "Leerlingresultaat or Ontvangstmelding (%s).",
                json_kind(root));
    } else {
        for (size_t i = 0; i < TYPE_COUNT; i++)
            if (message_of_type[i].type == t)
                check_value(&c, dtm_messages[message_of_type[i].message].schema, root);
    }
    json_decref(root);
    oso_status st = c.oom ? oso_fail(OSO_E_NOMEM, "out of memory checking")
                          : dtm_findings_report(&c.findings, r, text, len);
    dtm_findings_free(&c.findings);
    free(c.ptr);
    return st;
}

static oso_status check_start(oso_report **report, oso_chain_message_type *type,
                              const oso_chain_check_options *options,
                              oso_chain_check_options *o)
{
    if (report == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "chain check: NULL report");
    *report = NULL;
    if (type != NULL)
        *type = OSO_CHAIN_UNKNOWN;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_CHAIN_CHECK_OPTIONS_VERSION, "oso_chain_check_options");
    oso_chain_check_options d = OSO_CHAIN_CHECK_OPTIONS_INIT;
    *o = options ? *options : d;
    if (o->expect > OSO_CHAIN_ONTVANGSTMELDING)
        return oso_fail(OSO_E_INVALID_ARG, "chain check: unknown message type %d", (int)o->expect);
    if (o->max_bytes == 0)
        o->max_bytes = OSO_CHAIN_DEFAULT_MAX_BYTES;
    *report = oso_report_new();
    return *report ? OSO_OK : oso_fail(OSO_E_NOMEM, "out of memory");
}

static oso_status size_finding(oso_report *r, size_t max_bytes)
{
    char nl[96], en[96];
    snprintf(nl, sizeof nl, "Het bericht is groter dan %zu bytes.", max_bytes);
    snprintf(en, sizeof en, "The message is larger than %zu bytes.", max_bytes);
    return oso_report_add(r, "DTM.SIZE", OSO_SEVERITY_ERROR, "", 1, 1, 0, nl, en)
               ? OSO_OK
               : oso_fail(OSO_E_NOMEM, "out of memory");
}

static oso_status finish(oso_report **report, oso_status st)
{
    if (st != OSO_OK) {
        oso_report_free(*report);
        *report = NULL;
    } else {
        oso_report_sort(*report);
    }
    return st;
}

oso_status oso_chain_check_buffer(oso_report **report, oso_chain_message_type *type,
                                  const void *data, size_t length,
                                  const oso_chain_check_options *options)
{
    oso_chain_check_options o;
    oso_status st = check_start(report, type, options, &o);
    if (st != OSO_OK)
        return st;
    if (data == NULL && length > 0)
        return finish(report, oso_fail(OSO_E_INVALID_ARG, "oso_chain_check_buffer: NULL data"));
    if (length > o.max_bytes)
        return finish(report, size_finding(*report, o.max_bytes));
    return finish(report, check_text(*report, type, data ? data : "", length, &o));
}

oso_status oso_chain_check_fd(oso_report **report, oso_chain_message_type *type, int fd,
                              const oso_chain_check_options *options)
{
    oso_chain_check_options o;
    oso_status st = check_start(report, type, options, &o);
    if (st != OSO_OK)
        return st;
    size_t len = 0, cap = 65536;
    char *buf = malloc(cap);
    if (buf == NULL)
        return finish(report, oso_fail(OSO_E_NOMEM, "out of memory"));
    for (;;) {
        if (len == cap) {
            if (cap > o.max_bytes) /* read one byte past the limit to know it is exceeded */
                break;
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                return finish(report, oso_fail(OSO_E_NOMEM, "out of memory"));
            }
            buf = p;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            return finish(report, oso_fail(OSO_E_IO, "read: %s", strerror(e)));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    st = len > o.max_bytes ? size_finding(*report, o.max_bytes)
                           : check_text(*report, type, buf, len, &o);
    free(buf);
    return finish(report, st);
}

oso_status oso_chain_check_file(oso_report **report, oso_chain_message_type *type,
                                const char *path, const oso_chain_check_options *options)
{
    if (path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_check_file: NULL path");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (report != NULL)
            *report = NULL;
        return oso_fail(OSO_E_IO, "%s: %s", path, strerror(errno));
    }
    oso_status st = oso_chain_check_fd(report, type, fd, options);
    close(fd);
    return st;
}
