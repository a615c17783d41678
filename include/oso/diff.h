/**
 * @file diff.h
 * @brief Structural comparison of two dossiers (doc/diff.md).
 *
 * The comparison walks both documents in document order and reports elements and attributes
 * that were added, removed or changed, and repeated items that moved, each with its path (the
 * `path` form of the JSON output, "/dossier[1]/x[2]") in the old and in the new document.
 * Repeated items are matched by the identifying children the schema table names for their
 * element (a toets by its code and date, a document by its file name and description, ...),
 * not by position. Text is compared after collapsing whitespace, so layout and re-indentation
 * are not changes; attachment content is compared by a SHA-256 hash of the decoded ZIP
 * entries, so re-encoding is not a change. Changes to `categorie_uitlevering` are flagged as
 * release changes.
 */
#ifndef OSO_DIFF_H
#define OSO_DIFF_H

#include <stddef.h>

#include "oso/common.h"
#include "oso/dossier.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Current version of ::oso_diff_options. */
#define OSO_DIFF_OPTIONS_VERSION 1

/** @brief Comparison switches. */
typedef struct oso_diff_options {
    unsigned int version; /**< ::OSO_DIFF_OPTIONS_VERSION */
    int report_moves;     /**< 1 (default): report identified items whose order changed as
                               ::OSO_CHANGE_MOVED; 0: order of identified items is ignored */
} oso_diff_options;

/** Static initialiser with the defaults (moves reported). */
#define OSO_DIFF_OPTIONS_INIT { OSO_DIFF_OPTIONS_VERSION, 1 }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_diff_options_init(oso_diff_options *options, unsigned int version);

/** What happened to an element or attribute. */
typedef enum oso_change_kind {
    OSO_CHANGE_ADDED = 1,   /**< only in the new dossier (new path set, old path NULL) */
    OSO_CHANGE_REMOVED = 2, /**< only in the old dossier (old path set, new path NULL) */
    OSO_CHANGE_CHANGED = 3, /**< in both, with a different value */
    OSO_CHANGE_MOVED = 4    /**< an identified repeated item in both, at another rank */
} oso_change_kind;

/** @brief The changes between two dossiers, in document order. Opaque. */
typedef struct oso_diff oso_diff;

/**
 * Compare @p old_dossier with @p new_dossier.
 * @param[out] diff receives the result (also when there are no changes); free with
 *             oso_diff_free().
 * @param old_dossier the earlier version.
 * @param new_dossier the later version.
 * @param options NULL for the defaults.
 * @return ::OSO_OK; ::OSO_E_INVALID_ARG for NULL dossiers; ::OSO_E_OPTIONS_VERSION;
 *         ::OSO_E_LIMIT for elements nested deeper than 4096 levels; ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_dossier_diff(oso_diff **diff, const oso_dossier *old_dossier,
                                    const oso_dossier *new_dossier,
                                    const oso_diff_options *options);

/** Free a result (NULL is ignored). */
OSO_API void oso_diff_free(oso_diff *diff);

/** Number of changes; 0 when the dossiers are the same. */
OSO_API size_t oso_diff_count(const oso_diff *diff);

/** Kind of change @p index (0 when out of range). */
OSO_API oso_change_kind oso_diff_kind(const oso_diff *diff, size_t index);

/** Name of a kind: "added", "removed", "changed" or "moved" (NULL for other values). */
OSO_API const char *oso_change_kind_name(oso_change_kind kind);

/** Element name of change @p index, or "@name" for an attribute (NULL when out of range). */
OSO_API const char *oso_diff_name(const oso_diff *diff, size_t index);

/** Whether change @p index is about an attribute (its paths end in "/@name"). */
OSO_API int oso_diff_is_attribute(const oso_diff *diff, size_t index);

/** Path in the old dossier, NULL for ::OSO_CHANGE_ADDED (or out of range). */
OSO_API const char *oso_diff_old_path(const oso_diff *diff, size_t index);

/** Path in the new dossier, NULL for ::OSO_CHANGE_REMOVED (or out of range). */
OSO_API const char *oso_diff_new_path(const oso_diff *diff, size_t index);

/**
 * Old value: the whitespace-collapsed text of a leaf element or an attribute value;
 * "sha256:<hex>" of the decoded entries for attachment content; NULL for elements with
 * element content, for ::OSO_CHANGE_ADDED and for ::OSO_CHANGE_MOVED.
 */
OSO_API const char *oso_diff_old_value(const oso_diff *diff, size_t index);

/** New value, as oso_diff_old_value() (NULL for ::OSO_CHANGE_REMOVED). */
OSO_API const char *oso_diff_new_value(const oso_diff *diff, size_t index);

/**
 * Release category (1..16, see oso_release_category_field()) the changed element belongs to:
 * the nearest enclosing element that roots a category; 0 for none.
 */
OSO_API int oso_diff_category(const oso_diff *diff, size_t index);

/** Whether change @p index is a change of the release (`categorie_uitlevering` or a field). */
OSO_API int oso_diff_is_release(const oso_diff *diff, size_t index);

/** Output formats of oso_diff_format_text(). */
typedef enum oso_diff_format {
    OSO_DIFF_TEXT = 0,   /**< one line per change, then the summary (for people) */
    OSO_DIFF_JSON = 1,   /**< one JSON object (doc/diff.md) */
    OSO_DIFF_SUMMARY = 2 /**< the summary per release category on one line */
} oso_diff_format;

/**
 * Render a result.
 * @param[out] text receives the NUL-terminated output; release with oso_free().
 * @param[out] length optional; receives its length in bytes.
 * @param diff the result to render.
 * @param format ::OSO_DIFF_TEXT, ::OSO_DIFF_JSON or ::OSO_DIFF_SUMMARY.
 * @return ::OSO_OK; ::OSO_E_INVALID_ARG for an unknown format; ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_diff_format_text(char **text, size_t *length, const oso_diff *diff,
                                        oso_diff_format format);

#ifdef __cplusplus
}
#endif

#endif /* OSO_DIFF_H */
