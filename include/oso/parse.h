/**
 * @file parse.h
 * @brief Reading OSO dossiers: a streaming push parser and convenience functions.
 *
 * Parsing builds the dossier model and checks its structure against the OSO 2019.1 schema as
 * the bytes stream in: namespace, element order, cardinality, choices, unknown elements,
 * attributes and simple types (dates with a real calendar check, booleans, numbers, patterns,
 * lengths, ranges). Structural problems do not stop parsing: they are collected as `XSD`
 * diagnostics, and the model keeps everything that was read (also unknown elements). Input that
 * is not well-formed, uses a DOCTYPE or entity declarations, or exceeds a limit is refused with
 * one `XML` diagnostic and no model.
 *
 * Input may be UTF-8 (the OSO norm), or UTF-16 / ISO-8859-1 / US-ASCII with the proper XML
 * declaration; the model is always UTF-8.
 */
#ifndef OSO_PARSE_H
#define OSO_PARSE_H

#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Receives the content of one attachment while it is parsed (streaming mode, see
 * ::oso_parse_options.attachment_fn): the ZIP bytes decoded from the Base64 text of a
 * `bestandsinhoud` element, in chunks of any size, in order.
 * @param document the `document` element the content belongs to (its `bestandsnaam` comes
 *        before the content, so it is available).
 * @param done 0 while more data follows; 1 after the last chunk (data may be NULL); -1 when the
 *        content will not be complete, and oso_error_last() says why: the Base64 text turned
 *        out to be invalid (an `ATT.BASE64` diagnostic is in the report), or the input was
 *        refused before the content ended (data is NULL; since 1.0.1). Every attachment that
 *        received a call gets exactly one call with done != 0, unless the callback itself
 *        stopped parsing or the parser was freed before oso_parser_finish().
 * @param ctx ::oso_parse_options.attachment_ctx, unchanged.
 * @param data the next chunk of ZIP bytes (borrowed for the call).
 * @param length its number of bytes.
 * @return ::OSO_OK to go on; anything else stops parsing with that status (the return value
 *        of a call with done == -1 after a refusal is ignored).
 */
typedef oso_status (*oso_attachment_fn)(void *ctx, const oso_node *document,
                                        const unsigned char *data, size_t length, int done);

/** Current version of ::oso_parse_options. */
#define OSO_PARSE_OPTIONS_VERSION 1

/**
 * @brief Limits and switches for parsing.
 *
 * Initialise with ::OSO_PARSE_OPTIONS_INIT or oso_parse_options_init(); new fields are only
 * ever added at the end.
 */
typedef struct oso_parse_options {
    unsigned int version;       /**< ::OSO_PARSE_OPTIONS_VERSION */
    unsigned int max_depth;     /**< Maximum element nesting (default 64; OSO needs 13). */
    uint64_t max_nodes;         /**< Maximum number of elements, comments and processing
                                     instructions (default 1,000,000). */
    uint64_t max_text_bytes;    /**< Maximum bytes of one text value, and (with 1 MiB slack) of
                                     one tag, comment or processing instruction (default
                                     64 MiB). A text or tag that is over this limit and also
                                     not well-formed is refused with ::OSO_E_LIMIT or
                                     ::OSO_E_XML, whichever is noticed first; where the input
                                     was split can decide which (text that arrives in pieces
                                     is counted as it arrives, text that is whole is judged
                                     whole). */
    uint64_t max_input_bytes;   /**< Maximum bytes of input (default 1 GiB). Input over this
                                     limit that is also refused for another reason may be
                                     refused for either: a buffer or file is measured before
                                     it is parsed, pushed input only as it arrives. */
    /** Streaming mode for huge dossiers: when set, attachment content (`bestandsinhoud`) is not
     *  kept in the model but decoded on the fly and handed to this function, so memory stays
     *  bounded whatever the attachments weigh. Such elements keep only their length; writing
     *  the dossier then fails with ::OSO_E_STATE. NULL (default): keep everything. */
    oso_attachment_fn attachment_fn;
    void *attachment_ctx;       /**< Passed to attachment_fn. */
} oso_parse_options;

/** Static initialiser with the safe defaults. */
#define OSO_PARSE_OPTIONS_INIT \
    { OSO_PARSE_OPTIONS_VERSION, 64, 1000000u, 64u * 1024 * 1024, 1024u * 1024 * 1024, NULL, NULL }

/**
 * Initialise @p options with the defaults.
 * @param version the ::OSO_PARSE_OPTIONS_VERSION the caller was compiled with.
 * @param options the struct to fill.
 * @return ::OSO_OK, or ::OSO_E_OPTIONS_VERSION for an unknown version.
 */
OSO_API oso_status oso_parse_options_init(oso_parse_options *options, unsigned int version);

/** A push parser: create, feed bytes in chunks of any size, finish. */
typedef struct oso_parser oso_parser;

/**
 * Create a push parser.
 * @param[out] parser receives the parser; free with oso_parser_free().
 * @param options limits, or NULL for the defaults.
 */
OSO_API oso_status oso_parser_new(oso_parser **parser, const oso_parse_options *options);

/**
 * Feed the next chunk of input (any size, split anywhere).
 * @return ::OSO_OK to go on; ::OSO_E_XML, ::OSO_E_LIMIT or ::OSO_E_UNSUPPORTED_STANDARD when the
 *         input is refused (the details are in the report that oso_parser_finish() gives);
 *         ::OSO_E_STATE after a refusal or after finishing.
 */
OSO_API oso_status oso_parser_feed(oso_parser *parser, const void *data, size_t length);

/**
 * Signal the end of input and take the result.
 * @param[out] dossier receives the model (NULL when the input was refused); optional.
 * @param[out] report receives the diagnostics found (structure, or the refusal); optional.
 *             The caller frees both.
 * @param parser the parser; it cannot be fed afterwards.
 * @return ::OSO_OK when a model was built (check the report for `XSD` errors), otherwise the
 *         refusal status.
 */
OSO_API oso_status oso_parser_finish(oso_parser *parser, oso_dossier **dossier,
                                     oso_report **report);

/** Free a parser (NULL is ignored). */
OSO_API void oso_parser_free(oso_parser *parser);

/**
 * Parse a complete document held in memory.
 * @param[out] dossier receives the model; NULL on refusal. Free with oso_dossier_free().
 * @param[out] report optional; receives the diagnostics (free with oso_report_free()).
 * @param data the document's bytes.
 * @param length their number.
 * @param options limits and streaming mode, or NULL for the defaults.
 * @return as oso_parser_finish().
 */
OSO_API oso_status oso_dossier_parse_buffer(oso_dossier **dossier, oso_report **report,
                                            const void *data, size_t length,
                                            const oso_parse_options *options);

/** Parse a file (as oso_dossier_parse_buffer(); ::OSO_E_IO when it cannot be read). */
OSO_API oso_status oso_dossier_parse_file(oso_dossier **dossier, oso_report **report,
                                          const char *path, const oso_parse_options *options);

/** Parse everything readable from a file descriptor (not closed). */
OSO_API oso_status oso_dossier_parse_fd(oso_dossier **dossier, oso_report **report, int fd,
                                        const oso_parse_options *options);

#ifdef __cplusplus
}
#endif

#endif /* OSO_PARSE_H */
