/**
 * @file attachments.h
 * @brief Attachments: the documents a dossier carries in `document` blocks (`bestandsnaam`,
 *        `omschrijving`, `bestandsinhoud` = Base64 of a ZIP file).
 *
 * A `document` block may occur in many places (onderwijsondersteuning, handelingsplan, verzuim,
 * eindtoets, toetsresultaat, overigdocumentlijst, ...). This module finds them wherever they
 * are, decodes and opens their ZIP archives defensively (every limit of
 * ::oso_attachment_options is enforced while decompressing, so hostile archives cannot exhaust
 * memory), verifies them against the document-type policy with `ATT.*` diagnostics
 * (doc/attachments.md), and builds new ones (ZIP with deflate + Base64 in 76-character lines).
 *
 * Attachments are identified by their `document` element: a borrowed ::oso_node from the
 * dossier model (see dossier.h), so oso_node_path(), oso_node_line() and friends apply.
 *
 * For dossiers too large to hold in memory, oso_attachments_scan_file() parses in streaming
 * mode: each attachment goes to an unlinked temporary file instead of the model, and is
 * verified and/or handed to the caller from there, with memory bounded whatever the
 * attachments weigh.
 */
#ifndef OSO_ATTACHMENTS_H
#define OSO_ATTACHMENTS_H

#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/parse.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Current version of ::oso_attachment_options. */
#define OSO_ATTACHMENT_OPTIONS_VERSION 1

/**
 * @brief Limits for reading attachments (ZIP bombs, huge entries).
 *
 * A field set to 0 disables that limit. Initialise with ::OSO_ATTACHMENT_OPTIONS_INIT or
 * oso_attachment_options_init().
 */
typedef struct oso_attachment_options {
    unsigned int version;          /**< ::OSO_ATTACHMENT_OPTIONS_VERSION */
    size_t max_entries;            /**< Entries per ZIP (default 1000). */
    uint64_t max_entry_size;       /**< Uncompressed bytes per entry (default 256 MiB). */
    uint64_t max_total_size;       /**< Uncompressed bytes per ZIP (default 1 GiB), judged on
                                        the sizes the ZIP directory declares (an archive
                                        declaring more is refused whole, ATT.ZIP_TOTAL) and on
                                        entries that turn out larger than declared. */
    uint32_t max_ratio;            /**< Uncompressed/compressed ratio of an entry larger than
                                        1 MiB (default 200). */
} oso_attachment_options;

/** Static initialiser with the safe defaults. */
#define OSO_ATTACHMENT_OPTIONS_INIT \
    { OSO_ATTACHMENT_OPTIONS_VERSION, 1000, 256u * 1024 * 1024, 1024u * 1024 * 1024, 200 }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_attachment_options_init(oso_attachment_options *options,
                                               unsigned int version);

/* ---- finding attachments ------------------------------------------------------------------ */

/**
 * The next `document` element in document order.
 * @param dossier the dossier to search.
 * @param after a `document` element returned before, or NULL to start at the beginning.
 * @return the next `document` element (borrowed), or NULL when there is none.
 *
 * Iterate all attachments with
 * `for (oso_node *d = oso_attachment_next(dossier, NULL); d; d = oso_attachment_next(dossier, d))`.
 */
OSO_API oso_node *oso_attachment_next(const oso_dossier *dossier, const oso_node *after);

/** Number of `document` elements in the dossier. */
OSO_API size_t oso_attachment_count(const oso_dossier *dossier);

/** `bestandsnaam` of a `document` element (borrowed), or NULL when it is absent. */
OSO_API const char *oso_attachment_filename(const oso_node *document);

/** `omschrijving` of a `document` element (borrowed), or NULL when it is absent (optional). */
OSO_API const char *oso_attachment_description(const oso_node *document);

/**
 * Release category (1..16, see oso_release_category_field()) the attachment belongs to: the
 * category of its outermost ancestor that carries one (e.g. 16 `cat_bijlagedocs` for
 * `overigdocumentlijst`, 13 `cat_handelingsplannen` for a handelingsplan's document).
 * @return the category number, or 0 when no ancestor carries one (or @p document is NULL).
 */
OSO_API int oso_attachment_category(const oso_node *document);

/* ---- decoding ----------------------------------------------------------------------------- */

/**
 * Receives data in chunks, in order.
 * @return ::OSO_OK to go on; any other status stops the call, which then returns it.
 */
typedef oso_status (*oso_attachment_sink)(void *ctx, const unsigned char *data, size_t length);

/**
 * Decode the Base64 content of a `document` element: the ZIP archive's bytes.
 * @param[out] zip receives the bytes; release with oso_free().
 * @param[out] length receives their number.
 * @param document a `document` element.
 * @return ::OSO_OK; ::OSO_E_BASE64 for invalid Base64 (oso_error_last() gives the offset);
 *         ::OSO_E_NOT_FOUND when the element has no `bestandsinhoud`; ::OSO_E_STATE when the
 *         content was streamed while parsing (::oso_parse_options.attachment_fn);
 *         ::OSO_E_INVALID_ARG when @p document is not a `document` element.
 */
OSO_API oso_status oso_attachment_decode(unsigned char **zip, size_t *length,
                                         const oso_node *document);

/**
 * As oso_attachment_decode(), handing the ZIP bytes to @p sink in chunks (at most 48 KiB)
 * without ever holding them all. On invalid Base64 the bytes before the error have been
 * passed on already.
 */
OSO_API oso_status oso_attachment_decode_to(const oso_node *document, oso_attachment_sink sink,
                                            void *ctx);

/** As oso_attachment_decode_to(), writing the ZIP bytes to @p fd (not closed). */
OSO_API oso_status oso_attachment_decode_fd(const oso_node *document, int fd);

/* ---- opened attachments ------------------------------------------------------------------- */

/**
 * An attachment's ZIP archive, opened for listing and extracting (opaque). Opening validates
 * the archive's structure and entry count; extracting enforces the size and ratio limits and
 * checks every entry's CRC-32. Not thread-safe; free with oso_attachment_free().
 */
typedef struct oso_attachment oso_attachment;

/**
 * Decode and open the ZIP archive of a `document` element.
 * @param[out] attachment receives the archive.
 * @param options limits, or NULL for the defaults.
 * @param document a `document` element.
 * @return ::OSO_OK; as oso_attachment_decode(); ::OSO_E_ZIP for an archive that cannot be
 *         opened and ::OSO_E_LIMIT for one with too many entries (oso_error_last() says why;
 *         oso_attachment_verify() reports it as a diagnostic).
 */
OSO_API oso_status oso_attachment_open(oso_attachment **attachment, const oso_node *document,
                                       const oso_attachment_options *options);

/**
 * Open ZIP bytes held by the caller, e.g. collected from ::oso_parse_options.attachment_fn.
 * @p zip must stay valid and unchanged until the attachment is freed. Returns as
 * oso_attachment_open().
 */
OSO_API oso_status oso_attachment_open_buffer(oso_attachment **attachment,
                                              const unsigned char *zip, size_t length,
                                              const oso_attachment_options *options);

/**
 * Open a ZIP archive held in a regular file, read with pread() (the descriptor's offset is
 * not used); only the archive's directory is kept in memory. @p fd must stay open and the file
 * unchanged until the attachment is freed. Returns as oso_attachment_open(), plus ::OSO_E_IO
 * when reading fails.
 */
OSO_API oso_status oso_attachment_open_fd(oso_attachment **attachment, int fd,
                                          const oso_attachment_options *options);

/** Free an opened attachment (NULL is ignored). */
OSO_API void oso_attachment_free(oso_attachment *attachment);

/** Number of entries (files and folders) in the archive. */
OSO_API size_t oso_attachment_entry_count(const oso_attachment *attachment);

/**
 * Name of entry @p index as stored in the archive (borrowed; NULL when out of range). The
 * name comes from the archive and may be hostile (`../../x`, `/etc/x`, `C:\x`): use it as a
 * file name only after oso_attachment_entry_name_safe(), or build a name of your own.
 */
OSO_API const char *oso_attachment_entry_name(const oso_attachment *attachment, size_t index);

/**
 * Length in bytes of the stored name of entry @p index (0 when out of range). Larger than
 * strlen(oso_attachment_entry_name()) when the name holds a NUL byte: a tool that shows names
 * should show all these bytes (escaped), or a name such as "ok.txt\0.exe" looks harmless.
 * @since 1.1
 */
OSO_API size_t oso_attachment_entry_name_length(const oso_attachment *attachment, size_t index);

/** Uncompressed size of entry @p index as the archive declares it (checked on extraction). */
OSO_API uint64_t oso_attachment_entry_size(const oso_attachment *attachment, size_t index);

/** Compressed size of entry @p index. */
OSO_API uint64_t oso_attachment_entry_compressed_size(const oso_attachment *attachment,
                                                      size_t index);

/** 1 when entry @p index is a folder (its name ends with '/'), else 0. */
OSO_API int oso_attachment_entry_is_dir(const oso_attachment *attachment, size_t index);

/**
 * 1 when the name of entry @p index is a safe relative path: not empty, no absolute path,
 * no `..` component, no backslash, no drive letter, no control character; else 0.
 */
OSO_API int oso_attachment_entry_name_safe(const oso_attachment *attachment, size_t index);

/**
 * Index of the first entry named exactly @p name.
 * @return ::OSO_OK, or ::OSO_E_NOT_FOUND.
 */
OSO_API oso_status oso_attachment_find(const oso_attachment *attachment, const char *name,
                                       size_t *index);

/**
 * Extract entry @p index into memory.
 * @param[out] data receives the contents; release with oso_free().
 * @param[out] length receives their size.
 * @param attachment an opened archive.
 * @param index 0-based entry index (below oso_attachment_entry_count()).
 * @return ::OSO_OK; ::OSO_E_ZIP (encrypted, unsupported method, corrupt, truncated, CRC
 *         mismatch) or ::OSO_E_LIMIT (size, total or ratio limit), with the reason in
 *         oso_error_last(); ::OSO_E_INVALID_ARG for an index out of range.
 */
OSO_API oso_status oso_attachment_extract(unsigned char **data, size_t *length,
                                          oso_attachment *attachment, size_t index);

/**
 * Extract entry @p index through @p sink in chunks (at most 64 KiB), without holding it.
 * Data reaches the sink before the entry is fully verified: when the call fails, discard what
 * the sink received. Returns as oso_attachment_extract(), or the sink's status.
 */
OSO_API oso_status oso_attachment_extract_to(oso_attachment *attachment, size_t index,
                                             oso_attachment_sink sink, void *ctx);

/**
 * Extract entry @p index to @p fd (written from its current offset; not closed). As for
 * oso_attachment_extract_to(), discard the output when the call fails. ::OSO_E_IO when
 * writing fails.
 */
OSO_API oso_status oso_attachment_extract_fd(oso_attachment *attachment, size_t index, int fd);

/* ---- verification ------------------------------------------------------------------------- */

/**
 * Verify one attachment without extracting anything: decode, open, inflate every entry
 * (checking CRC-32 and the limits), check entry names and the document-type policy by
 * `bestandsnaam`, entry name and content.
 * @param[out] report receives the `ATT.*` findings at the `document` element (none: sound).
 * @param options limits, or NULL for the defaults.
 * @param document a `document` element.
 * @return ::OSO_OK when verification ran, whatever it found; ::OSO_E_INVALID_ARG,
 *         ::OSO_E_OPTIONS_VERSION.
 */
OSO_API oso_status oso_attachment_verify(oso_report **report, const oso_node *document,
                                         const oso_attachment_options *options);

/** oso_attachment_verify() for every attachment of a dossier, in one report. */
OSO_API oso_status oso_attachments_verify(oso_report **report, const oso_dossier *dossier,
                                          const oso_attachment_options *options);

/* ---- streaming ---------------------------------------------------------------------------- */

/**
 * Called by oso_attachments_scan_file() for each attachment as soon as it has been read.
 * @param document the `document` element; its `bestandsnaam` and `omschrijving` (which come
 *        before the content) and its ancestors are available, later parts of the dossier not.
 * @param attachment the opened archive, borrowed for the duration of the call; NULL when the
 *        content could not be decoded or opened (oso_error_last() says why, and the report
 *        gets the matching `ATT.*` diagnostic) or when the input was refused before the content
 *        ended (since 1.0.1; the report holds the refusal).
 * @param ctx the pointer given to oso_attachments_scan_file(), unchanged.
 * @return ::OSO_OK to go on; any other status stops the scan, which returns it.
 */
typedef oso_status (*oso_attachment_visit_fn)(void *ctx, const oso_node *document,
                                              oso_attachment *attachment);

/**
 * Parse a dossier in streaming mode and process its attachments with bounded memory: each
 * `bestandsinhoud` is decoded on the fly into an unlinked temporary file in `$TMPDIR`
 * (default /tmp), opened from there, verified when @p verify is set, and passed to @p visit.
 * The dossier model keeps no attachment content.
 *
 * @param[out] dossier optional: receives the model without attachment content (writing it as
 *             XML fails with ::OSO_E_STATE; validating it gives `ATT.STREAMED` information
 *             instead of attachment checks). NULL when the input was refused.
 * @param[out] report receives the `ATT.*` diagnostics in document order, or the `XML`
 *             diagnostic of refused input (structural `XSD` findings are not included:
 *             validate the returned dossier for those).
 * @param path the dossier file.
 * @param options attachment limits, or NULL for the defaults.
 * @param parse_options parser limits, or NULL for the defaults without the input-size limit
 *        (streaming keeps memory bounded whatever the input weighs). Its attachment_fn is
 *        replaced by the scanner's own.
 * @param verify 1 to verify every attachment (as oso_attachment_verify()), 0 not to.
 * @param visit called for every attachment, or NULL.
 * @param ctx passed to @p visit unchanged.
 * @return ::OSO_OK when the scan ran to the end (refused input included: see the report);
 *         ::OSO_E_IO when reading or the temporary file fails; the visitor's status when it
 *         stopped the scan; ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_attachments_scan_file(oso_dossier **dossier, oso_report **report,
                                             const char *path,
                                             const oso_attachment_options *options,
                                             const oso_parse_options *parse_options, int verify,
                                             oso_attachment_visit_fn visit, void *ctx);

/** As oso_attachments_scan_file(), reading everything readable from @p fd (not closed). */
OSO_API oso_status oso_attachments_scan_fd(oso_dossier **dossier, oso_report **report, int fd,
                                           const oso_attachment_options *options,
                                           const oso_parse_options *parse_options, int verify,
                                           oso_attachment_visit_fn visit, void *ctx);

/**
 * Verify every attachment of a dossier file in streaming mode (bounded memory: a dossier with
 * 1 GB of attachments is verified within a few tens of MB):
 * oso_attachments_scan_file() with verification and no visitor or model.
 */
OSO_API oso_status oso_attachments_verify_file(oso_report **report, const char *path,
                                               const oso_attachment_options *options,
                                               const oso_parse_options *parse_options);

/* ---- adding attachments ------------------------------------------------------------------- */

/**
 * Put a document into an existing `document` element: `bestandsnaam` and `omschrijving` are
 * set (created or replaced) and `bestandsinhoud` becomes the Base64 (76-character lines,
 * CRLF) of a ZIP archive holding one deflated entry named @p filename.
 * @param document a `document` element.
 * @param filename the file name, also the entry name: a plain name (no folders, backslashes,
 *        drive letters or control characters) whose extension is an allowed type.
 * @param description the `omschrijving`, or NULL to have none (an existing one is removed).
 * @param data the document; its content must be of an allowed type (by signature).
 * @param length number of bytes at @p data.
 * @return ::OSO_OK; ::OSO_E_POLICY when the name or the content is not allowed, or the
 *         content's type is not the one the name's extension says (the dossier is unchanged); ::OSO_E_INVALID_ARG for text that is not valid UTF-8;
 *         ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_attachment_set(oso_node *document, const char *filename,
                                      const char *description, const unsigned char *data,
                                      size_t length);

/**
 * As oso_attachment_set(), with the document read from the file at @p path; @p filename NULL
 * takes the file's own name (the part after the last '/'). The entry keeps the file's
 * modification time. ::OSO_E_IO when the file cannot be read.
 */
OSO_API oso_status oso_attachment_set_file(oso_node *document, const char *path,
                                           const char *filename, const char *description);

/**
 * Create a `document` element in @p parent (one of the elements whose content model allows a
 * document, e.g. `overigdocumentlijst`, verzuim's `documentLijst`, `handelingsplan`, `opp`)
 * and fill it as oso_attachment_set() does.
 * @param[out] document optional; receives the new element.
 * @param parent the element that receives the new `document`.
 * @param filename `bestandsnaam`, also the name of the ZIP entry.
 * @param description `omschrijving`; NULL leaves it out.
 * @param data the document's bytes.
 * @param length their number.
 * @return as oso_attachment_set(), plus ::OSO_E_SCHEMA when @p parent cannot hold a document.
 *         On failure the dossier is unchanged.
 */
OSO_API oso_status oso_attachment_add(oso_node **document, oso_node *parent,
                                      const char *filename, const char *description,
                                      const unsigned char *data, size_t length);

/** As oso_attachment_add(), reading the document from a file (see oso_attachment_set_file()). */
OSO_API oso_status oso_attachment_add_file(oso_node **document, oso_node *parent,
                                           const char *path, const char *filename,
                                           const char *description);

#ifdef __cplusplus
}
#endif

#endif /* OSO_ATTACHMENTS_H */
