/**
 * @file codelists.h
 * @brief OSO codelists: embedded 2019.1 defaults, runtime overlays, O(1) code lookups.
 *
 * An ::oso_codelists object is a set of lists. oso_codelists_new() fills it with the lists
 * compiled into the library (the numbered OSO lists of 2019.1); the load functions then overlay
 * newer lists or add the external tables (GBA, OSO toets codes, DUO), read from files in the
 * format of `doc/codelists.md`. A loaded list replaces a list with the same id as a whole: codes
 * of the old list that the new file does not repeat are no longer members.
 *
 * Codes are compared as raw bytes: no trimming, no case folding, no Unicode normalisation,
 * exactly as the official validation compares text nodes with codes.
 *
 * Thread safety: loading mutates the set and must be finished before the object is shared.
 * After that every function taking a `const` pointer may be called from any number of threads
 * at once (lookups only read); free it once no thread uses it any more.
 */
#ifndef OSO_CODELISTS_H
#define OSO_CODELISTS_H

#include "oso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A set of codelists, each identified by an id. Create with oso_codelists_new(). */
typedef struct oso_codelists oso_codelists;

/** One codelist, borrowed from its ::oso_codelists (valid until the set is freed or a later
 *  load replaces the list). */
typedef struct oso_codelist oso_codelist;

/** @name List ids
 * A numbered OSO list ("codelijst 14. Geslacht") has its number as id (1 to
 * ::OSO_CODELIST_NUMBER_MAX). External tables, which the standard names but does not
 * enumerate, have the fixed ids below; they are never embedded, only loaded.
 * @{ */
/** Highest id a numbered OSO list may have. */
#define OSO_CODELIST_NUMBER_MAX 999
/** GBA Tabel 32, nationality codes (key `gba-nationaliteiten`). */
#define OSO_CODELIST_GBA_NATIONALITEITEN 1032
/** GBA Tabel 34, land codes (key `gba-landen`). */
#define OSO_CODELIST_GBA_LANDEN 1034
/** OSO toets code list, toets and toetsonderdeel codes (key `oso-toetscodes`); every code carries
 *  the ::OSO_CODE_ONDERDEEL flag or not. */
#define OSO_CODELIST_OSO_TOETSCODES 1100
/** DUO elementcodetabel VO, VO element codes (key `duo-elementcodes`). */
#define OSO_CODELIST_DUO_ELEMENTCODES 1200
/** DUO vakcodetabel, vak codes (key `duo-vakcodes`). */
#define OSO_CODELIST_DUO_VAKCODES 1201
/** @} */

/** Code flag: in the `oso-toetscodes` table, the code is a toetsonderdeel code (valid in
 *  `eldonderdeelcode`); without it, it is a toets code (valid in `eldtoetscode`). */
#define OSO_CODE_ONDERDEEL 0x1u

/** Buffer size that fits every rule id written by oso_codelist_rule_id(). */
#define OSO_CODELIST_RULE_MAX 32

/**
 * Create a set holding the embedded default lists (the numbered OSO 2019.1 lists).
 * @param[out] out receives the new set; free it with oso_codelists_free().
 * @return ::OSO_OK, ::OSO_E_INVALID_ARG or ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_codelists_new(oso_codelists **out);

/**
 * Free a set and every list in it. NULL is allowed.
 * @param lists the set; no thread may still use it or a list borrowed from it.
 */
OSO_API void oso_codelists_free(oso_codelists *lists);

/**
 * Overlay every `*.tsv` file of a directory (names starting with `.` and non-regular files are
 * skipped; files are read in byte order of their names).
 *
 * All or nothing: if any file fails, the set is left unchanged. Two files in the directory
 * defining the same list are an error.
 * @param lists the set to update (not yet shared with other threads).
 * @param dir   directory path.
 * @return ::OSO_OK; ::OSO_E_IO if the directory or a file cannot be read;
 *         ::OSO_E_CODELIST_FORMAT if a file is malformed (oso_error_last() gives
 *         `FILE:LINE: reason`, oso_codelists_error_location() the parts);
 *         ::OSO_E_LIMIT if a file is larger than 16 MiB or has a line longer than 64 KiB
 *         (refused while reading; same message form, without the line for the file size);
 *         ::OSO_E_INVALID_ARG; ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_codelists_load_dir(oso_codelists *lists, const char *dir);

/**
 * Overlay one codelist file. The list it defines (header field `list`) replaces the list with
 * the same id as a whole, or is added. On error the set is left unchanged.
 * @param lists the set to update (not yet shared with other threads).
 * @param path  file path.
 * @return as oso_codelists_load_dir().
 */
OSO_API oso_status oso_codelists_load_file(oso_codelists *lists, const char *path);

/**
 * Overlay one codelist given in memory, in the file format. On error the set is left unchanged.
 * @param lists the set to update (not yet shared with other threads).
 * @param name  name used in error messages and as the list's origin (NULL: `<buffer>`).
 * @param data  the file contents (need not be NUL-terminated; copied).
 * @param size  number of bytes in @p data.
 * @return as oso_codelists_load_dir(), without ::OSO_E_IO.
 */
OSO_API oso_status oso_codelists_load_buffer(oso_codelists *lists, const char *name,
                                             const void *data, size_t size);

/**
 * Where the last load call on this set failed.
 * @param lists the set.
 * @param[out] file receives the file name (as given, joined with the directory), borrowed from
 *                  the set until its next load call; may be NULL.
 * @param[out] line receives the 1-based line number, or 0 when the error is not tied to a line
 *                  (e.g. an unreadable file); may be NULL.
 * @return ::OSO_OK if the last load call failed with a file to blame; ::OSO_E_NOT_FOUND if it
 *         succeeded or no load call was made.
 */
OSO_API oso_status oso_codelists_error_location(const oso_codelists *lists, const char **file,
                                                size_t *line);

/**
 * Find a list by id (O(log n)).
 * @return the list, or NULL if no list with this id is loaded (or @p lists is NULL).
 */
OSO_API const oso_codelist *oso_codelists_get(const oso_codelists *lists, int id);

/** Number of lists in the set. */
OSO_API size_t oso_codelists_count(const oso_codelists *lists);

/**
 * The list at @p index in ascending id order (numbered lists first, then external tables).
 * @return the list, or NULL if @p index >= oso_codelists_count().
 */
OSO_API const oso_codelist *oso_codelists_at(const oso_codelists *lists, size_t index);

/**
 * Parse a list designation as users write it: a number (`14`, `014`), an external key
 * (`gba-landen`), or a rule id (`CL14`, `CL.gba-landen`).
 * @param text designation.
 * @param[out] id receives the list id.
 * @return ::OSO_OK; ::OSO_E_NOT_FOUND if @p text names no list; ::OSO_E_INVALID_ARG.
 */
OSO_API oso_status oso_codelist_parse_key(const char *text, int *id);

/**
 * Key of an external table id (`gba-landen` for ::OSO_CODELIST_GBA_LANDEN).
 * @return a static string, or NULL if @p id is not an external table id.
 */
OSO_API const char *oso_codelist_external_key(int id);

/**
 * Rule id that diagnostics about values outside a list use: `CL<n>` for a numbered list (`CL14`),
 * `CL.<key>` for an external table (`CL.gba-landen`). Works whether or not the list is loaded.
 * @param id   list id.
 * @param buf  output buffer; ::OSO_CODELIST_RULE_MAX bytes always suffice.
 * @param size size of @p buf.
 * @return ::OSO_OK; ::OSO_E_NOT_FOUND for an id that is no list id; ::OSO_E_INVALID_ARG if
 *         @p buf is NULL or too small.
 */
OSO_API oso_status oso_codelist_rule_id(int id, char *buf, size_t size);

/** Id of a list (its number, or an `OSO_CODELIST_*` external id). */
OSO_API int oso_codelist_id(const oso_codelist *list);

/** Key of a list: its number in decimal (`14`) or its external key (`gba-landen`). */
OSO_API const char *oso_codelist_key(const oso_codelist *list);

/** Number of a numbered list (`14`); 0 for an external table. */
OSO_API int oso_codelist_number(const oso_codelist *list);

/** Non-zero if the list is an external table (GBA, OSO toets codes, DUO). */
OSO_API int oso_codelist_is_external(const oso_codelist *list);

/** Rule id of the list's violations (`CL14`, `CL.gba-landen`); see oso_codelist_rule_id(). */
OSO_API const char *oso_codelist_rule(const oso_codelist *list);

/** Name of the list from its header (`Geslacht`). */
OSO_API const char *oso_codelist_name(const oso_codelist *list);

/** Version date of the list from its header (`YYYY-MM-DD`). */
OSO_API const char *oso_codelist_version(const oso_codelist *list);

/** Source of the list from its header; the empty string if the header has none. */
OSO_API const char *oso_codelist_source(const oso_codelist *list);

/** Where the list was read from: the file path or buffer name, or `embedded:<file>` for a
 *  default list. */
OSO_API const char *oso_codelist_origin(const oso_codelist *list);

/** Number of codes in the list. */
OSO_API size_t oso_codelist_size(const oso_codelist *list);

/**
 * Whether a code is a member of the list (O(1)): exact byte comparison.
 * @param list the list (NULL: not a member).
 * @param code the code bytes (need not be NUL-terminated).
 * @param len  number of bytes in @p code.
 * @return 1 if a member, 0 if not.
 */
OSO_API int oso_codelist_contains(const oso_codelist *list, const char *code, size_t len);

/**
 * Look up a code (O(1)): exact byte comparison.
 * @param list the list.
 * @param code the code bytes (need not be NUL-terminated).
 * @param len  number of bytes in @p code.
 * @param[out] meaning receives the meaning (the empty string when the file gives none),
 *                     borrowed from the list; may be NULL.
 * @param[out] flags   receives the code's flags (::OSO_CODE_ONDERDEEL); may be NULL.
 * @return ::OSO_OK; ::OSO_E_NOT_FOUND if the code is not in the list; ::OSO_E_INVALID_ARG.
 */
OSO_API oso_status oso_codelist_lookup(const oso_codelist *list, const char *code, size_t len,
                                       const char **meaning, unsigned int *flags);

/**
 * The code at @p index in file order.
 * @param list  the list.
 * @param index 0 .. oso_codelist_size() - 1.
 * @param[out] code    receives the code (NUL-terminated; codes never contain NUL); may be NULL.
 * @param[out] meaning receives the meaning (possibly empty); may be NULL.
 * @param[out] flags   receives the flags; may be NULL.
 * @return ::OSO_OK; ::OSO_E_NOT_FOUND if @p index is out of range; ::OSO_E_INVALID_ARG.
 */
OSO_API oso_status oso_codelist_entry(const oso_codelist *list, size_t index, const char **code,
                                      const char **meaning, unsigned int *flags);

#ifdef __cplusplus
}
#endif

#endif /* OSO_CODELISTS_H */
