/* XML writer. Iterative (parsed input may nest deeper than the C stack likes). */
#include "base/error.h"
#include "base/sink.h"
#include "model/model.h"
#include "model/navigate.h"

#include "oso/write.h"

#include <stdlib.h>

/* Bytes that need escaping: 1 in text, 2 in attribute values, 3 in both. */
static const unsigned char escape_class[256] = {
    ['&'] = 3, ['<'] = 3, ['>'] = 1, ['"'] = 2, ['\r'] = 3, ['\n'] = 2, ['\t'] = 2,
};

static void write_escaped(struct oso_sink *s, const char *text, size_t len, unsigned mask)
{
    const char *run = text, *end = text + len;
    for (const char *p = text; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(escape_class[c] & mask))
            continue;
        oso_sink_write(s, run, (size_t)(p - run));
        switch (c) {
        case '&': oso_sink_write(s, "&amp;", 5); break;
        case '<': oso_sink_write(s, "&lt;", 4); break;
        case '>': oso_sink_write(s, "&gt;", 4); break;
        case '"': oso_sink_write(s, "&quot;", 6); break;
        case '\r': oso_sink_write(s, "&#13;", 5); break;
        case '\n': oso_sink_write(s, "&#10;", 5); break;
        default: oso_sink_write(s, "&#9;", 4); break;
        }
        run = p + 1;
    }
    oso_sink_write(s, run, (size_t)(end - run));
}

/* Layout is capped at 64 levels (OSO needs 13): deeper input would make indented output grow
 * quadratically. */
static void indent(struct oso_sink *s, size_t depth)
{
    if (depth > 64)
        depth = 64;
    static const char spaces[] = "                                                                ";
    oso_sink_putc(s, '\n');
    for (size_t n = 2 * depth; n > 0;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        oso_sink_write(s, spaces, k);
        n -= k;
    }
}

/* Prefix an element is written with: its own, or for elements made by the editing API the one
 * of the nearest parsed ancestor in the OSO namespace (so a prefixed document stays coherent). */
static const char *element_prefix(const struct oso_dossier *d, const struct oso_node *n)
{
    while (n != NULL && n->kind == OSO_KIND_ELEMENT) {
        uint32_t idx = oso_node_index(n);
        if (!(n->flags & OSO_NF_CREATED)) {
            const struct oso_extra *e = oso_model_find_extra(d, idx, OSO_EXTRA_PREFIX);
            return e ? e->name : NULL;
        }
        n = oso_nav_parent(n);
    }
    return NULL;
}

static void write_qname(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n)
{
    const char *prefix = element_prefix(d, n);
    if (prefix != NULL) {
        oso_sink_puts(s, prefix);
        oso_sink_putc(s, ':');
    }
    oso_sink_puts(s, oso_model_name(n));
}

static void write_start_tag(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n,
                            int is_root)
{
    uint32_t idx = oso_node_index(n);
    oso_sink_putc(s, '<');
    write_qname(s, d, n);
    int declared = 0;
    for (const struct oso_extra *e = oso_model_find_extra(d, idx, OSO_EXTRA_NSDECL); e != NULL;
         e = oso_model_next_extra(d, e)) {
        oso_sink_puts(s, e->name[0] ? " xmlns:" : " xmlns");
        oso_sink_puts(s, e->name);
        oso_sink_puts(s, "=\"");
        write_escaped(s, e->value, strlen(e->value), 2);
        oso_sink_putc(s, '"');
        declared = 1;
    }
    if (!declared && is_root &&
        oso_model_find_extra(d, idx, OSO_EXTRA_NS) == NULL && element_prefix(d, n) == NULL) {
        oso_sink_puts(s, " xmlns=\"");
        oso_sink_puts(s, d->schema->namespace_uri);
        oso_sink_putc(s, '"');
    }
    for (const struct oso_extra *e = oso_model_find_extra(d, idx, OSO_EXTRA_ATTR); e != NULL;
         e = oso_model_next_extra(d, e)) {
        oso_sink_putc(s, ' ');
        oso_sink_puts(s, e->name);
        oso_sink_puts(s, "=\"");
        write_escaped(s, e->value, strlen(e->value), 2);
        oso_sink_putc(s, '"');
    }
}

static void write_end_tag(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n)
{
    oso_sink_write(s, "</", 2);
    write_qname(s, d, n);
    oso_sink_putc(s, '>');
}

static int has_text_child(const struct oso_node *n)
{
    for (struct oso_node *c = oso_nav_first(n); c != NULL; c = oso_nav_next(c))
        if (c->kind == OSO_KIND_TEXT)
            return 1;
    return 0;
}

static void write_leaf(struct oso_sink *s, const struct oso_dossier *d, const struct oso_node *n,
                       int is_root)
{
    switch (n->kind) {
    case OSO_KIND_TEXT:
        write_escaped(s, n->text, n->text_len, 1);
        break;
    case OSO_KIND_COMMENT:
        oso_sink_write(s, "<!--", 4);
        oso_sink_write(s, n->text, n->text_len);
        oso_sink_write(s, "-->", 3);
        break;
    case OSO_KIND_PI: {
        const struct oso_extra *t = oso_model_find_extra(d, oso_node_index(n), OSO_EXTRA_PI_TARGET);
        oso_sink_write(s, "<?", 2);
        oso_sink_puts(s, t ? t->name : "");
        if (n->text_len) {
            oso_sink_putc(s, ' ');
            oso_sink_write(s, n->text, n->text_len);
        }
        oso_sink_write(s, "?>", 2);
        break;
    }
    default:
        write_start_tag(s, d, n, is_root);
        if (n->text_len == 0) {
            oso_sink_write(s, "/>", 2);
        } else {
            oso_sink_putc(s, '>');
            write_escaped(s, n->text, n->text_len, 1);
            write_end_tag(s, d, n);
        }
    }
}

static oso_status write_xml(struct oso_sink *s, const oso_dossier *d, const oso_write_options *o)
{
    if (d == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "NULL dossier");
    OSO_CHECK_OPTIONS_VERSION(o, OSO_WRITE_OPTIONS_VERSION, "oso_write_options");
    if (d->streamed)
        return oso_fail(OSO_E_STATE, "attachment content was streamed while parsing and not kept; "
                                     "the dossier cannot be written");
    int compact = o ? o->compact : 0;
    /* mixed[k]: the open element at depth k holds text pieces, so no layout may be added. */
    size_t cap = 64;
    unsigned char *mixed = malloc(cap);
    if (mixed == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory writing XML");
    oso_sink_puts(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    struct oso_walk w;
    oso_walk_init(&w, oso_node_at(d, 1), OSO_WALK_LEAVE);
    while (!s->failed && oso_walk_next(&w)) {
        const struct oso_node *n = w.node;
        size_t depth = w.depth;
        /* Layout goes where the enclosing element holds no text of its own: before an end tag
         * that element is the node itself, before anything else its parent. */
        if (!compact && (w.leaving ? !mixed[depth] : depth > 0 && !mixed[depth - 1]))
            indent(s, depth);
        if (w.leaving) {
            write_end_tag(s, d, n);
        } else if (n->kind == OSO_KIND_ELEMENT && oso_nav_has_children(n)) {
            write_start_tag(s, d, n, depth == 0);
            oso_sink_putc(s, '>');
            if (depth == cap) {
                unsigned char *grown = realloc(mixed, cap * 2);
                if (grown == NULL) {
                    free(mixed);
                    return oso_fail(OSO_E_NOMEM, "out of memory writing XML");
                }
                mixed = grown;
                cap *= 2;
            }
            mixed[depth] = (unsigned char)has_text_child(n);
            continue;
        } else {
            write_leaf(s, d, n, depth == 0);
        }
        if (depth == 0)
            oso_sink_putc(s, '\n');
    }
    free(mixed);
    return OSO_OK;
}

oso_status oso_write_options_init(oso_write_options *o, unsigned int version)
{
    if (o == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_write_options_init: NULL options");
    if (version == 0 || version > OSO_WRITE_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_write_options version %u is not supported",
                        version);
    oso_write_options defaults = OSO_WRITE_OPTIONS_INIT;
    *o = defaults;
    return OSO_OK;
}

oso_status oso_dossier_to_xml(char **xml, size_t *len, const oso_dossier *d,
                              const oso_write_options *o)
{
    return oso_write_to_buffer(write_xml, xml, len, d, o);
}

oso_status oso_dossier_write_xml(const oso_dossier *d, FILE *f, const oso_write_options *o)
{
    return oso_write_to_stream(write_xml, d, f, o);
}

oso_status oso_dossier_write_xml_fd(const oso_dossier *d, int fd, const oso_write_options *o)
{
    return oso_write_to_fd(write_xml, d, fd, o);
}

oso_status oso_dossier_save_xml(const oso_dossier *d, const char *path, const oso_write_options *o)
{
    return oso_write_to_path(write_xml, d, path, o);
}
