/* JSON export (mapping documented in doc/json-mapping.md). The schema decides the shape:
 * repeatable elements are arrays, typed leaves become JSON booleans and numbers when their
 * text is a valid value of the type, elements whose type declares attributes are objects with
 * "#text" and "@name" keys. */
#include "base/error.h"
#include "base/sink.h"
#include "model/model.h"
#include "model/navigate.h"
#include "schema/value.h"

#include "oso/write.h"

#include <stdio.h>
#include <stdlib.h>

enum { MAX_JSON_DEPTH = 256 };

/* The characters of a JSON string, without the quotes. */
static void json_chars(struct oso_sink *s, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = text, *end = text + len;
    for (const char *p = text; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        oso_sink_write(s, run, (size_t)(p - run));
        switch (c) {
        case '"': oso_sink_write(s, "\\\"", 2); break;
        case '\\': oso_sink_write(s, "\\\\", 2); break;
        case '\n': oso_sink_write(s, "\\n", 2); break;
        case '\r': oso_sink_write(s, "\\r", 2); break;
        case '\t': oso_sink_write(s, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            oso_sink_write(s, u, 6);
        }
        }
        run = p + 1;
    }
    oso_sink_write(s, run, (size_t)(end - run));
}

static void json_string(struct oso_sink *s, const char *text, size_t len)
{
    oso_sink_putc(s, '"');
    json_chars(s, text, len);
    oso_sink_putc(s, '"');
}

/* Write a valid xs:integer / xs:decimal lexical value as a JSON number; 0 if not valid. */
static int json_number(struct oso_sink *s, const char *text, size_t len, int decimal)
{
    oso_trim(&text, &len);
    size_t i = 0;
    int negative = 0;
    if (i < len && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    size_t int_start = i;
    while (i < len && text[i] >= '0' && text[i] <= '9')
        i++;
    size_t int_end = i, frac_start = i, frac_end = i;
    if (decimal && i < len && text[i] == '.') {
        frac_start = ++i;
        while (i < len && text[i] >= '0' && text[i] <= '9')
            i++;
        frac_end = i;
    }
    if (i != len || (int_end == int_start && frac_end == frac_start))
        return 0;
    while (int_start < int_end && text[int_start] == '0')
        int_start++;
    while (frac_end > frac_start && text[frac_end - 1] == '0')
        frac_end--;
    int zero = int_start == int_end && frac_start == frac_end;
    if (negative && !zero)
        oso_sink_putc(s, '-');
    if (int_start == int_end)
        oso_sink_putc(s, '0');
    else
        oso_sink_write(s, text + int_start, int_end - int_start);
    if (frac_end > frac_start) {
        oso_sink_putc(s, '.');
        oso_sink_write(s, text + frac_start, frac_end - frac_start);
    }
    return 1;
}

static void json_value(struct oso_sink *s, const struct oso_node *n, uint16_t stype,
                       const oso_write_options *o)
{
    const char *text = n->text ? n->text : "";
    if ((n->flags & OSO_NF_STREAMED) ||
        (o != NULL && o->omit_attachment_content && n->row == oso_node_schema(n)->row_document_content)) {
        oso_sink_write(s, "null", 4);
        return;
    }
    if (stype != OSO_SCHEMA_NONE) {
        switch (oso_node_schema(n)->stypes[stype].builtin) {
        case OSO_BUILTIN_BOOLEAN: {
            int b = oso_parse_boolean(text, n->text_len);
            if (b >= 0) {
                oso_sink_puts(s, b ? "true" : "false");
                return;
            }
            break;
        }
        case OSO_BUILTIN_INTEGER:
        case OSO_BUILTIN_INT:
            if (json_number(s, text, n->text_len, 0))
                return;
            break;
        case OSO_BUILTIN_DECIMAL:
            if (json_number(s, text, n->text_len, 1))
                return;
            break;
        default:
            break;
        }
    }
    json_string(s, text, n->text_len);
}

static void newline(struct oso_sink *s, int compact, int depth)
{
    if (compact)
        return;
    oso_sink_putc(s, '\n');
    for (int i = 0; i < depth; i++)
        oso_sink_write(s, "  ", 2);
}

static struct oso_node *first_of(const struct oso_node *n, int kind)
{
    struct oso_node *c = oso_nav_first(n);
    while (c != NULL && c->kind != kind)
        c = oso_nav_next(c);
    return c;
}

static struct oso_node *next_of(const struct oso_node *n, int kind)
{
    struct oso_node *c = oso_nav_next(n);
    while (c != NULL && c->kind != kind)
        c = oso_nav_next(c);
    return c;
}

static int same_element(const struct oso_node *a, const struct oso_node *b)
{
    if (a->row != OSO_SCHEMA_NONE || b->row != OSO_SCHEMA_NONE)
        return a->row == b->row;
    return strcmp(oso_model_name(a), oso_model_name(b)) == 0;
}

static int write_element(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n,
                         const oso_write_options *o, int depth);

/* Are the child elements of n grouped by name (every name in one run)? Counts them too. */
static int children_grouped(const struct oso_node *n, size_t *count)
{
    /* Rows whose run has ended; a parent's children have at most one row per particle of its
     * type (fewer than 256), more means unknown structure: let gather_by_name judge. */
    uint16_t closed[256];
    size_t closed_count = 0;
    uint16_t prev = OSO_SCHEMA_NONE;
    int grouped = 1;
    *count = 0;
    for (const struct oso_node *c = first_of(n, OSO_KIND_ELEMENT); c != NULL;
         c = next_of(c, OSO_KIND_ELEMENT)) {
        ++*count;
        if (c->row == OSO_SCHEMA_NONE) {
            grouped = 0; /* unknown names: let gather_by_name compare them */
        } else if (c->row != prev) {
            for (size_t i = 0; i < closed_count; i++)
                if (closed[i] == c->row)
                    grouped = 0;
            if (prev != OSO_SCHEMA_NONE) {
                if (closed_count < sizeof closed / sizeof closed[0])
                    closed[closed_count++] = prev;
                else
                    grouped = 0;
            }
            prev = c->row;
        }
    }
    return grouped;
}

struct member {
    const struct oso_node *node;
    const char *name;
    size_t index, first; /* position, and position of the first sibling with this name */
};

static int by_name(const void *a, const void *b)
{
    const struct member *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_first(const void *a, const void *b)
{
    const struct member *x = a, *y = b;
    if (x->first != y->first)
        return (x->first > y->first) - (x->first < y->first);
    return (x->index > y->index) - (x->index < y->index);
}

/* The child elements ordered by (first occurrence of their name, position): O(n log n). */
static const struct oso_node **gather_by_name(const struct oso_node *n, size_t count)
{
    struct member *m = malloc(count * sizeof *m);
    const struct oso_node **order = malloc(count * sizeof *order);
    if (m == NULL || order == NULL) {
        free(m);
        free(order);
        return NULL;
    }
    size_t i = 0;
    for (const struct oso_node *c = first_of(n, OSO_KIND_ELEMENT); c != NULL;
         c = next_of(c, OSO_KIND_ELEMENT), i++)
        m[i] = (struct member){c, oso_model_name(c), i, i};
    qsort(m, count, sizeof *m, by_name);
    for (i = 1; i < count; i++)
        if (strcmp(m[i].name, m[i - 1].name) == 0)
            m[i].first = m[i - 1].first;
    qsort(m, count, sizeof *m, by_first);
    for (i = 0; i < count; i++)
        order[i] = m[i].node;
    free(m);
    return order;
}

/* The members of an element object: attributes, stray text, then children grouped by name. */
static int write_members(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n,
                         const oso_write_options *o, int depth, uint16_t stype, int with_text)
{
    int compact = o ? o->compact : 0;
    const char *sep = compact ? ":" : ": ";
    int first = 1;
    oso_sink_putc(s, '{');
    if (with_text) {
        newline(s, compact, depth + 1);
        oso_sink_puts(s, "\"#text\"");
        oso_sink_puts(s, sep);
        json_value(s, n, stype, o);
        first = 0;
    }
    for (const struct oso_extra *e = oso_model_find_extra(d, oso_node_index(n), OSO_EXTRA_ATTR);
         e != NULL; e = oso_model_next_extra(d, e)) {
        if (!first)
            oso_sink_putc(s, ',');
        newline(s, compact, depth + 1);
        char key[256];
        int kl = snprintf(key, sizeof key, "@%s", e->name);
        json_string(s, key, (size_t)(kl < (int)sizeof key ? kl : (int)sizeof key - 1));
        oso_sink_puts(s, sep);
        json_string(s, e->value, strlen(e->value));
        first = 0;
    }
    if (!with_text && first_of(n, OSO_KIND_TEXT) != NULL) {
        /* Text among elements (only in invalid input): keep it rather than lose it. */
        newline(s, compact, depth + 1);
        oso_sink_puts(s, "\"#text\"");
        oso_sink_puts(s, sep);
        oso_sink_putc(s, '"');
        for (const struct oso_node *t = first_of(n, OSO_KIND_TEXT); t; t = next_of(t, OSO_KIND_TEXT))
            json_chars(s, t->text, t->text_len);
        oso_sink_putc(s, '"');
        first = 0;
    }
    /* Members: one key per element name, in order of first occurrence. Same-named siblings
     * are adjacent in valid dossiers; otherwise (invalid input) they are gathered first so
     * that no key is written twice. */
    size_t count = 0;
    int grouped = children_grouped(n, &count);
    const struct oso_node **order = NULL;
    if (!grouped && (order = gather_by_name(n, count)) == NULL)
        return 0;
    size_t k = 0;
    const struct oso_node *c = grouped ? first_of(n, OSO_KIND_ELEMENT) : order[0];
    while (c != NULL) {
        if (!first)
            oso_sink_putc(s, ',');
        first = 0;
        newline(s, compact, depth + 1);
        const char *name = oso_model_name(c);
        json_string(s, name, strlen(name));
        oso_sink_puts(s, sep);
        const struct oso_node *group = c;
        size_t items = 0;
        /* The group: the run of same-named siblings (in `order` when gathered). */
        const struct oso_node *it = c;
        for (size_t j = k; it != NULL && same_element(group, it);
             it = grouped ? next_of(it, OSO_KIND_ELEMENT) : (++j < count ? order[j] : NULL))
            items++;
        int array = (c->row != OSO_SCHEMA_NONE && oso_node_row(c)->repeatable) || items > 1;
        if (array)
            oso_sink_putc(s, '[');
        for (size_t i = 0; i < items; i++) {
            if (array) {
                if (i)
                    oso_sink_putc(s, ',');
                newline(s, compact, depth + 2);
            }
            if (!write_element(s, d, c, o, depth + (array ? 2 : 1))) {
                free(order);
                return 0;
            }
            k++;
            c = grouped ? next_of(c, OSO_KIND_ELEMENT) : (k < count ? order[k] : NULL);
        }
        if (array) {
            newline(s, compact, depth + 1);
            oso_sink_putc(s, ']');
        }
    }
    free(order);
    if (!first)
        newline(s, compact, depth);
    oso_sink_putc(s, '}');
    return 1;
}

static int write_element(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n,
                         const oso_write_options *o, int depth)
{
    if (depth > MAX_JSON_DEPTH)
        return 0;
    uint16_t ctype = OSO_SCHEMA_NONE, stype = OSO_SCHEMA_NONE;
    if (n->row != OSO_SCHEMA_NONE) {
        const struct oso_row *r = oso_node_row(n);
        ctype = r->ctype;
        stype = ctype == OSO_SCHEMA_NONE ? r->stype : d->schema->ctypes[ctype].simple_content;
    }
    int has_elements = first_of(n, OSO_KIND_ELEMENT) != NULL;
    int has_attrs = ctype != OSO_SCHEMA_NONE && d->schema->ctypes[ctype].attr_count > 0;
    int leaf = !has_elements && (stype != OSO_SCHEMA_NONE || n->row == OSO_SCHEMA_NONE);
    if (leaf && !has_attrs && oso_model_find_extra(d, oso_node_index(n), OSO_EXTRA_ATTR) == NULL) {
        if (n->row == OSO_SCHEMA_NONE && n->text == NULL && !oso_nav_has_children(n))
            oso_sink_puts(s, "\"\"");
        else
            json_value(s, n, stype, o);
        return 1;
    }
    return write_members(s, d, n, o, depth, stype, leaf);
}

static oso_status write_json(struct oso_sink *s, const oso_dossier *d, const oso_write_options *o)
{
    if (d == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL dossier");
    OSO_CHECK_OPTIONS_VERSION(o, OSO_WRITE_OPTIONS_VERSION, "oso_write_options");
    const struct oso_node *root = oso_dossier_root(d);
    int compact = o ? o->compact : 0;
    oso_sink_putc(s, '{');
    if (root != NULL) {
        newline(s, compact, 1);
        const char *name = oso_model_name(root);
        json_string(s, name, strlen(name));
        oso_sink_puts(s, compact ? ":" : ": ");
        if (!write_element(s, d, root, o, 1))
            return oso_fail(OSO_E_LIMIT, "elements nested deeper than %d levels cannot be "
                                         "written as JSON", MAX_JSON_DEPTH);
        newline(s, compact, 0);
    }
    oso_sink_puts(s, "}\n");
    return OSO_OK;
}

oso_status oso_dossier_to_json(char **json, size_t *len, const oso_dossier *d,
                               const oso_write_options *o)
{
    return oso_write_to_buffer(write_json, json, len, d, o);
}

oso_status oso_dossier_write_json(const oso_dossier *d, FILE *f, const oso_write_options *o)
{
    return oso_write_to_stream(write_json, d, f, o);
}

oso_status oso_dossier_write_json_fd(const oso_dossier *d, int fd, const oso_write_options *o)
{
    return oso_write_to_fd(write_json, d, fd, o);
}

oso_status oso_dossier_save_json(const oso_dossier *d, const char *path, const oso_write_options *o)
{
    return oso_write_to_path(write_json, d, path, o);
}
