/* Build tool: parse the embedded default codelists with the library's own parser and write the
 * result as C data (the set `oso_prebuilt_codelists`), so a process that validates starts with
 * its lists ready instead of parsing them from text first. Run by meson:
 *
 *     codelists-prebuild OUT.c
 *
 * A list that does not parse fails the build with the parser's message. */
#include "codelists/codelists_internal.h"

#include "codelists_embedded.h"

#include "oso/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes as the pieces of a C string literal: printable ASCII as is, the rest as three-digit
 * octal escapes (which never swallow the next character); a new piece every 72 bytes. */
static void put_bytes(FILE *out, const char *data, size_t size)
{
    fputs("\n    \"", out);
    for (size_t i = 0, col = 0; i < size; i++, col++) {
        unsigned char c = (unsigned char)data[i];
        if (col == 72) {
            fputs("\"\n    \"", out);
            col = 0;
        }
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '?')
            fputc(c, out);
        else
            fprintf(out, "\\%03o", c);
    }
    fputc('"', out);
}

/* A header value: an offset into the list's text, or its own literal (the empty source). */
static void put_field(FILE *out, const char *name, const char *value, const oso_codelist *cl,
                      size_t size, size_t n)
{
    fprintf(out, "    .%s = ", name);
    if (value >= cl->text && value < cl->text + size + 1)
        fprintf(out, "text_%zu + %zu,\n", n, (size_t)(value - cl->text));
    else {
        put_bytes(out, value, strlen(value));
        fputs(",\n", out);
    }
}

static void put_list(FILE *out, const oso_codelist *cl, size_t size, size_t n)
{
    fprintf(out, "static char text_%zu[%zu] =", n, size + 1);
    put_bytes(out, cl->text, size);
    fprintf(out, ";\n\nstatic char origin_%zu[] =", n);
    put_bytes(out, cl->origin, strlen(cl->origin));
    fprintf(out, ";\n\nstatic struct code_entry entries_%zu[%zu] = {\n", n, cl->count);
    for (size_t i = 0; i < cl->count; i++) {
        const struct code_entry *e = &cl->entries[i];
        fprintf(out, "    {%u, %u, %u, %u, UINT64_C(%llu), %zu},\n", (unsigned)e->code,
                (unsigned)e->meaning, (unsigned)e->len, (unsigned)e->flags,
                (unsigned long long)e->hash, e->line);
    }
    fprintf(out, "};\n\nstatic uint32_t slots_%zu[%zu] = {", n, cl->mask + 1);
    for (size_t i = 0; i <= cl->mask; i++)
        fprintf(out, "%s%u,", i % 16 == 0 ? "\n    " : " ", (unsigned)cl->slots[i]);
    fprintf(out, "\n};\n\nstatic oso_codelist list_%zu = {\n", n);
    fprintf(out, "    .id = %d,\n    .prebuilt = 1,\n    .key = \"%s\",\n    .rule = \"%s\",\n",
            cl->id, cl->key, cl->rule);
    put_field(out, "name", cl->name, cl, size, n);
    put_field(out, "version", cl->version, cl, size, n);
    put_field(out, "source", cl->source, cl, size, n);
    fprintf(out,
            "    .list_line = %zu,\n    .origin = origin_%zu,\n    .text = text_%zu,\n"
            "    .entries = entries_%zu,\n    .count = %zu,\n    .slots = slots_%zu,\n"
            "    .mask = %zu,\n};\n\n",
            cl->list_line, n, n, n, cl->count, n, cl->mask);
}

/* Size of the embedded file a list was parsed from (its text holds that many bytes and a NUL). */
static size_t text_size(const oso_codelist *cl)
{
    for (size_t i = 0; i < oso_embedded_codelists_count; i++) {
        const struct oso_embedded_codelist *e = &oso_embedded_codelists[i];
        if (strncmp(cl->origin, "embedded:", 9) == 0 && strcmp(cl->origin + 9, e->file) == 0)
            return e->size;
    }
    abort(); /* every list came from one of them */
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: codelists-prebuild OUT.c\n", stderr);
        return 2;
    }
    /* An empty set (oso_codelists_new() would start from the prebuilt lists this writes). */
    oso_codelists *set = calloc(1, sizeof *set);
    if (set == NULL) {
        fputs("codelists-prebuild: out of memory\n", stderr);
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < oso_embedded_codelists_count && status == 0; i++) {
        const struct oso_embedded_codelist *e = &oso_embedded_codelists[i];
        char origin[256];
        snprintf(origin, sizeof origin, "embedded:%s", e->file);
        size_t before = set->count;
        if (oso_codelists_load_buffer(set, origin, e->data, e->size) != OSO_OK) {
            fprintf(stderr, "codelists-prebuild: %s\n", oso_error_last());
            status = 1;
        } else if (set->count == before) { /* a list with the same id was replaced */
            fprintf(stderr, "codelists-prebuild: %s defines a list that an earlier file "
                            "defines too\n", origin);
            status = 1;
        }
    }
    FILE *out = status == 0 ? fopen(argv[1], "w") : NULL;
    if (status == 0 && out == NULL) {
        perror(argv[1]);
        status = 1;
    }
    if (out != NULL) {
        fputs("/* Generated at build time by codelists-prebuild (lib/codelists/prebuild.c) from "
              "the\n * codelists directory: the default lists as the library's parser read "
              "them. Do not\n * edit. */\n#include \"codelists/codelists_internal.h\"\n\n",
              out);
        /* The set keeps its lists in ascending id order, as oso_prebuilt_codelists must. */
        for (size_t i = 0; i < set->count; i++)
            put_list(out, set->lists[i], text_size(set->lists[i]), i);
        fputs("static oso_codelist *lists[] = {\n", out);
        for (size_t i = 0; i < set->count; i++)
            fprintf(out, "    &list_%zu,\n", i);
        fprintf(out, "};\n\noso_codelists oso_prebuilt_codelists = {lists, %zu, %zu, NULL, 0};\n",
                set->count, set->count);
        if (fclose(out) != 0) {
            perror(argv[1]);
            status = 1;
        }
    }
    oso_codelists_free(set);
    return status;
}
