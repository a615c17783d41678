/* Renderings of a diff result: text lines, one JSON object, a summary per release category
 * (doc/diff.md). */
#include "diff/changes.h"

#include "base/error.h"
#include "base/sink.h"
#include "oso/release.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Category name without the "cat_" prefix ("eindtoetsbo"), or "other" for 0. */
static const char *category_name(int category)
{
    const char *field = oso_release_category_field(category);
    if (field == NULL)
        return "other";
    return strncmp(field, "cat_", 4) == 0 ? field + 4 : field;
}

static void put_json_string(struct oso_sink *s, const char *v)
{
    if (v == NULL) {
        oso_sink_puts(s, "null");
        return;
    }
    oso_sink_putc(s, '"');
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        switch (*p) {
        case '"': oso_sink_puts(s, "\\\""); break;
        case '\\': oso_sink_puts(s, "\\\\"); break;
        case '\n': oso_sink_puts(s, "\\n"); break;
        case '\r': oso_sink_puts(s, "\\r"); break;
        case '\t': oso_sink_puts(s, "\\t"); break;
        default:
            if (*p < 0x20) {
                char esc[8];
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                oso_sink_puts(s, esc);
            } else {
                oso_sink_putc(s, (char)*p);
            }
        }
    }
    oso_sink_putc(s, '"');
}

/* ---- summary ------------------------------------------------------------------------------- */

/* Changes of one element name and kind within a category, counted for the summary. */
struct tally {
    const char *name;
    oso_change_kind kind;
    int category_root;
    int attribute;
    size_t count;
};

/* One part of the summary of `category`: "NAME added" when an element that roots the category
 * came or went as a whole, else "N NAME element(s) KIND", per name and kind in first-seen
 * order. The tallies are few (element names times kinds), the changes may be many. */
static void summarize_category(struct oso_sink *s, const oso_diff *d, int category, int *first)
{
    struct tally *tallies = NULL;
    size_t count = 0, cap = 0;
    for (size_t i = 0; i < d->count; i++) {
        const struct change *c = &d->changes[i];
        if (c->category != category || c->is_release)
            continue;
        size_t t = 0;
        while (t < count && !(tallies[t].kind == c->kind &&
                              tallies[t].category_root == c->category_root &&
                              strcmp(tallies[t].name, c->name) == 0))
            t++;
        if (t == count) {
            if (count == cap) {
                cap = cap ? 2 * cap : 16;
                struct tally *grown = realloc(tallies, cap * sizeof *grown);
                if (grown == NULL) {
                    free(tallies);
                    s->failed = 1;
                    s->status = OSO_E_NOMEM;
                    return;
                }
                tallies = grown;
            }
            tallies[count++] = (struct tally){c->name, c->kind, c->category_root,
                                              c->is_attribute, 0};
        }
        tallies[t].count++;
    }
    for (size_t t = 0; t < count; t++) {
        const struct tally *e = &tallies[t];
        if (t == 0) {
            if (!*first)
                oso_sink_puts(s, "; ");
            *first = 0;
            oso_sink_puts(s, category_name(category));
            oso_sink_puts(s, ": ");
        } else {
            oso_sink_puts(s, ", ");
        }
        if (e->category_root && e->count == 1) {
            /* The category's block as a whole: "eindtoetsbo: eindtoets_basisonderwijs added". */
            oso_sink_puts(s, e->name);
            oso_sink_putc(s, ' ');
            oso_sink_puts(s, oso_change_kind_name(e->kind));
            continue;
        }
        char number[32];
        snprintf(number, sizeof number, "%zu ", e->count);
        oso_sink_puts(s, number);
        oso_sink_puts(s, e->attribute ? e->name + 1 : e->name);
        oso_sink_puts(s, e->attribute ? (e->count == 1 ? " attribute " : " attributes ")
                                      : (e->count == 1 ? " element " : " elements "));
        oso_sink_puts(s, oso_change_kind_name(e->kind));
    }
    free(tallies);
}

static void summarize(struct oso_sink *s, const oso_diff *d)
{
    int first = 1;
    for (int cat = 1; cat <= OSO_CATEGORY_COUNT; cat++)
        summarize_category(s, d, cat, &first);
    summarize_category(s, d, 0, &first);
    for (size_t i = 0; i < d->count; i++) {
        const struct change *c = &d->changes[i];
        if (!c->is_release)
            continue;
        oso_sink_puts(s, first ? "release: " : "; release: ");
        first = 0;
        oso_sink_puts(s, c->name);
        oso_sink_putc(s, ' ');
        if (c->kind == OSO_CHANGE_CHANGED) {
            oso_sink_puts(s, c->old_value);
            oso_sink_puts(s, " -> ");
            oso_sink_puts(s, c->new_value);
        } else {
            oso_sink_puts(s, oso_change_kind_name(c->kind));
        }
    }
    if (first)
        oso_sink_puts(s, "no changes");
}

/* ---- text and JSON ------------------------------------------------------------------------- */

static void put_quoted(struct oso_sink *s, const char *v)
{
    if (v == NULL)
        return;
    oso_sink_putc(s, ' ');
    put_json_string(s, v);
}

static void text(struct oso_sink *s, const oso_diff *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const struct change *c = &d->changes[i];
        char kind[16];
        snprintf(kind, sizeof kind, "%-8s", oso_change_kind_name(c->kind));
        oso_sink_puts(s, kind);
        oso_sink_puts(s, c->old_path ? c->old_path : c->new_path);
        if (c->old_path && c->new_path && strcmp(c->old_path, c->new_path) != 0) {
            oso_sink_puts(s, " -> ");
            oso_sink_puts(s, c->new_path);
        }
        if (c->kind == OSO_CHANGE_CHANGED) {
            put_quoted(s, c->old_value);
            oso_sink_puts(s, " ->");
            put_quoted(s, c->new_value);
        } else {
            put_quoted(s, c->old_value ? c->old_value : c->new_value);
        }
        if (c->is_release)
            oso_sink_puts(s, " [release]");
        oso_sink_putc(s, '\n');
    }
    oso_sink_puts(s, "summary: ");
    summarize(s, d);
    oso_sink_putc(s, '\n');
}

static void json(struct oso_sink *s, const oso_diff *d)
{
    oso_sink_puts(s, d->count == 0 ? "{\"same\":true,\"changes\":[" : "{\"same\":false,\"changes\":[");
    for (size_t i = 0; i < d->count; i++) {
        const struct change *c = &d->changes[i];
        oso_sink_puts(s, i ? ",\n{\"change\":" : "\n{\"change\":");
        put_json_string(s, oso_change_kind_name(c->kind));
        oso_sink_puts(s, ",\"name\":");
        put_json_string(s, c->name);
        oso_sink_puts(s, c->is_attribute ? ",\"attribute\":true" : ",\"attribute\":false");
        oso_sink_puts(s, ",\"old_path\":");
        put_json_string(s, c->old_path);
        oso_sink_puts(s, ",\"new_path\":");
        put_json_string(s, c->new_path);
        oso_sink_puts(s, ",\"old_value\":");
        put_json_string(s, c->old_value);
        oso_sink_puts(s, ",\"new_value\":");
        put_json_string(s, c->new_value);
        oso_sink_puts(s, ",\"category\":");
        put_json_string(s, c->category ? category_name(c->category) : NULL);
        oso_sink_puts(s, c->is_release ? ",\"release\":true}" : ",\"release\":false}");
    }
    oso_sink_puts(s, d->count ? "\n],\"summary\":" : "],\"summary\":");
    struct oso_sink sum;
    oso_sink_memory(&sum);
    summarize(&sum, d);
    char *summary = NULL;
    if (oso_sink_finish(&sum, &summary, NULL) != OSO_OK) {
        s->failed = 1;
        s->status = OSO_E_NOMEM;
        return;
    }
    put_json_string(s, summary);
    free(summary);
    oso_sink_puts(s, "}\n");
}

oso_status oso_diff_format_text(char **out, size_t *length, const oso_diff *diff,
                                oso_diff_format format)
{
    if (out == NULL || diff == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_diff_format_text: NULL argument");
    *out = NULL;
    struct oso_sink s;
    oso_sink_memory(&s);
    switch (format) {
    case OSO_DIFF_TEXT: text(&s, diff); break;
    case OSO_DIFF_JSON: json(&s, diff); break;
    case OSO_DIFF_SUMMARY:
        summarize(&s, diff);
        oso_sink_putc(&s, '\n');
        break;
    default: {
        char *unused = NULL;
        if (oso_sink_finish(&s, &unused, NULL) == OSO_OK)
            free(unused);
        return oso_fail(OSO_E_INVALID_ARG, "oso_diff_format_text: unknown format %d", (int)format);
    }
    }
    oso_status st = oso_sink_finish(&s, out, length);
    return st == OSO_OK ? OSO_OK : oso_fail(st, "out of memory rendering a diff");
}
