/**
 * @file render.h
 * @brief Showing a dossier to people: an accessible, self-contained HTML5 view (printable to
 *        PDF) for receiving staff and for parents' inzage.
 *
 * The view has a header (the pupil's name, school of origin, dossier type and profile, dossier
 * date), an optional summary of findings, and one section per release category saying its
 * release state in words; withheld categories (VERBODEN, OPT-UIT) are announced with the
 * reason. Labels come from the schema table, codes are shown with their codelist meaning,
 * dates and booleans as people write them. All dossier text is escaped; the document loads
 * nothing from outside and carries a Content-Security-Policy that forbids scripts.
 * doc/render.md lists the CSS class names (stable, for hosts embedding a fragment).
 *
 * Every function comes in four flavours, as in write.h: to a new buffer, to a `FILE*`, to a
 * file descriptor and to a path.
 */
#ifndef OSO_RENDER_H
#define OSO_RENDER_H

#include <stdio.h>

#include "oso/attachments.h"
#include "oso/codelists.h"
#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/release.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Current version of ::oso_render_options. */
#define OSO_RENDER_OPTIONS_VERSION 1

/** What the view shows of the attachments (`document` blocks). */
typedef enum oso_render_attachments {
    OSO_RENDER_ATTACHMENTS_NONE = 0,  /**< Name and description only (nothing decoded). */
    OSO_RENDER_ATTACHMENTS_LIST = 1,  /**< Also the files inside: name, type, size and whether
                                           they can be read. */
    OSO_RENDER_ATTACHMENTS_EMBED = 2, /**< As LIST, with each file as a download link inside the
                                           HTML (`data:` URI): one self-contained file. */
    OSO_RENDER_ATTACHMENTS_LINK = 3   /**< As LIST, with each file extracted into
                                           ::oso_render_options.attachment_dir and linked. */
} oso_render_attachments;

/** @brief Rendering switches. Initialise with ::OSO_RENDER_OPTIONS_INIT or oso_render_options_init(). */
typedef struct oso_render_options {
    unsigned int version;                 /**< ::OSO_RENDER_OPTIONS_VERSION */
    oso_lang lang;                        /**< Language of the view (default ::OSO_LANG_NL). */
    const oso_report *findings;           /**< Findings to show next to their elements and in a
                                               summary at the top (e.g. from oso_validate());
                                               NULL (default): none. Not copied. */
    oso_render_attachments attachments;   /**< Default ::OSO_RENDER_ATTACHMENTS_LIST. */
    const char *attachment_dir;           /**< ::OSO_RENDER_ATTACHMENTS_LINK: directory the
                                               files are written to (created when absent). */
    const char *attachment_href;          /**< ::OSO_RENDER_ATTACHMENTS_LINK: the same directory
                                               as the HTML refers to it, relative to the output
                                               (NULL: ::oso_render_options.attachment_dir). */
    const oso_release *release;           /**< Preview of a release: each category says whether
                                               it would be released or withheld under this
                                               specification (the dossier is not changed);
                                               NULL (default): the dossier's own values. */
    int fragment;                         /**< 1: a `<div class="oso-dossier">` for embedding,
                                               without `<html>`, `<head>` and style sheet. */
    const oso_attachment_options *attachment_limits; /**< Limits for reading attachments;
                                                          NULL: the defaults. */
    const oso_codelists *codelists;       /**< Lists whose meanings are shown; NULL: the
                                               embedded defaults. Not copied. */
} oso_render_options;

/** Static initialiser with the defaults (Dutch, no findings, attachments listed, document). */
#define OSO_RENDER_OPTIONS_INIT \
    { OSO_RENDER_OPTIONS_VERSION, OSO_LANG_NL, NULL, OSO_RENDER_ATTACHMENTS_LIST, NULL, NULL, \
      NULL, 0, NULL, NULL }

/**
 * Initialise @p options with the defaults.
 * @param options the struct to fill.
 * @param version ::OSO_RENDER_OPTIONS_VERSION.
 * @return ::OSO_OK, or ::OSO_E_OPTIONS_VERSION for an unknown version.
 */
OSO_API oso_status oso_render_options_init(oso_render_options *options, unsigned int version);

/**
 * Render a dossier as HTML in a new buffer.
 * @param[out] html receives the NUL-terminated text (UTF-8); release with oso_free().
 * @param[out] length optional; receives its length in bytes.
 * @param dossier the dossier to show.
 * @param options NULL for the defaults.
 * @return ::OSO_OK; ::OSO_E_SCHEMA when the document is not an OSO dossier;
 *         ::OSO_E_INVALID_ARG for bad options (e.g. LINK without a directory); ::OSO_E_IO when
 *         an attachment file cannot be written. Unreadable attachments are shown as such, not
 *         reported as a failure.
 */
OSO_API oso_status oso_dossier_to_html(char **html, size_t *length, const oso_dossier *dossier,
                                       const oso_render_options *options);

/**
 * Render HTML to a stdio stream (not closed).
 * @param dossier the dossier to show.
 * @param stream where the HTML goes.
 * @param options NULL for the defaults.
 * @return as oso_dossier_to_html(); ::OSO_E_IO when writing fails.
 */
OSO_API oso_status oso_dossier_write_html(const oso_dossier *dossier, FILE *stream,
                                          const oso_render_options *options);

/**
 * Render HTML to a file descriptor (not closed).
 * @param dossier the dossier to show.
 * @param fd where the HTML goes.
 * @param options NULL for the defaults.
 * @return as oso_dossier_to_html(); ::OSO_E_IO when writing fails.
 */
OSO_API oso_status oso_dossier_write_html_fd(const oso_dossier *dossier, int fd,
                                             const oso_render_options *options);

/**
 * Render HTML to a file (created or truncated).
 * @param dossier the dossier to show.
 * @param path the file to write.
 * @param options NULL for the defaults.
 * @return as oso_dossier_to_html(); ::OSO_E_IO when the file cannot be written.
 */
OSO_API oso_status oso_dossier_save_html(const oso_dossier *dossier, const char *path,
                                         const oso_render_options *options);

#ifdef __cplusplus
}
#endif

#endif /* OSO_RENDER_H */
