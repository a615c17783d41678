/* Positions in JSON text. jansson builds a tree without source positions, so findings are
 * located afterwards in the text jansson has accepted (valid JSON, no duplicate keys). */
#ifndef OSO_DOORSTROOMTOETS_JSON_TEXT_H
#define OSO_DOORSTROOMTOETS_JSON_TEXT_H

#include <stddef.h>

/* 1 when brackets nest deeper than `max_depth` (strings skipped; works on any text, so the
 * check runs before parsing); *offset receives the byte offset of the first bracket too deep. */
int dtm_too_deep(const char *text, size_t length, unsigned max_depth, size_t *offset);

/* Byte offset of the value each JSON Pointer names, in text jansson has accepted.
 * `pointers` is sorted by strcmp and holds no duplicates; offsets[i] is left unchanged for a
 * pointer that names no value. Returns 0 when out of memory. */
int dtm_locate(const char *text, size_t length, const char *const *pointers, size_t count,
               size_t *offsets);

/* Walks the text forward computing 1-based line and column (in characters, like jansson's
 * error columns); start with {0, 1, 1}. */
struct dtm_cursor {
    size_t offset;
    unsigned long line, column;
};

/* Move the cursor to `offset` (not before its current offset; clamped to the text). */
void dtm_cursor_advance(struct dtm_cursor *cursor, const char *text, size_t length, size_t offset);

#endif
