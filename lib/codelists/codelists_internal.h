/* Codelists, inside the module only: the list and set structures, the parser, and the default
 * lists that the build parses ahead of time (codelists/prebuild.c writes them as C data). */
#ifndef OSO_CODELISTS_CODELISTS_INTERNAL_H
#define OSO_CODELISTS_CODELISTS_INTERNAL_H

#include "oso/codelists.h"

#include <stddef.h>
#include <stdint.h>

/* One code. Code and meaning are offsets into the list's text, not pointers, so a list built
 * into the library holds no pointer per code for the dynamic loader to relocate. */
struct code_entry {
    uint32_t code;    /* NUL-terminated in the text */
    uint32_t meaning; /* idem, possibly empty */
    uint32_t len;
    uint32_t flags;
    uint64_t hash;
    size_t line; /* for "duplicate code" messages */
};

struct oso_codelist {
    int id;
    int prebuilt; /* part of the library's data: shared by every set, never freed */
    char key[24];
    char rule[OSO_CODELIST_RULE_MAX];
    const char *name; /* header values point into text */
    const char *version;
    const char *source;
    size_t list_line; /* line of the `list` header, for "defined twice" messages */
    char *origin;
    char *text; /* the file's bytes, split in place into strings */
    struct code_entry *entries; /* file order */
    size_t count;
    uint32_t *slots; /* open addressing: entry index + 1, 0 = empty */
    size_t mask;
};

struct oso_codelists {
    oso_codelist **lists; /* ascending id, so lookups by id are a binary search */
    size_t count;
    size_t cap;
    char *err_file; /* location of the last failed load call */
    size_t err_line;
};

/* Parse one list file's bytes into a new list; `origin` names it in messages. */
oso_status oso_codelist_parse_text(oso_codelists *set, const char *origin, const char *data,
                                   size_t size, oso_codelist **out);

/* The default lists (the files in codelists/), parsed at build time: a set in ascending id
 * order. */
extern oso_codelists oso_prebuilt_codelists;

#endif
