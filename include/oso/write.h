/**
 * @file write.h
 * @brief Writing dossiers as XML (the exchange format) and as JSON (for other tools).
 *
 * XML output is UTF-8 with the OSO namespace as default namespace, elements in the model's
 * order (schema order for dossiers built with the editing API), text escaped so that parsing
 * it back gives the same model. JSON output follows doc/json-mapping.md: repeated elements are
 * arrays (decided by the schema, not by how many there are), booleans and numbers are JSON
 * types, attributes are keys starting with '@' next to the text under "#text".
 *
 * Every function comes in four flavours: to a new buffer, to a `FILE*`, to a file descriptor
 * and to a path.
 */
#ifndef OSO_WRITE_H
#define OSO_WRITE_H

#include <stdio.h>

#include "oso/common.h"
#include "oso/dossier.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Current version of ::oso_write_options. */
#define OSO_WRITE_OPTIONS_VERSION 1

/** @brief Output format switches. */
typedef struct oso_write_options {
    unsigned int version;          /**< ::OSO_WRITE_OPTIONS_VERSION */
    int compact;                   /**< 1: no layout whitespace; 0 (default): indent 2 spaces */
    int omit_attachment_content;   /**< JSON only: 1 writes `null` for `bestandsinhoud` instead
                                        of its Base64 text (default 0) */
} oso_write_options;

/** Static initialiser with the defaults (indented, attachments included). */
#define OSO_WRITE_OPTIONS_INIT { OSO_WRITE_OPTIONS_VERSION, 0, 0 }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_write_options_init(oso_write_options *options, unsigned int version);

/**
 * Serialize to XML in a new buffer.
 * @param[out] xml receives the NUL-terminated document; release with oso_free().
 * @param[out] length optional; receives its length in bytes.
 * @param options NULL for the defaults.
 * @param dossier the dossier to write.
 */
OSO_API oso_status oso_dossier_to_xml(char **xml, size_t *length, const oso_dossier *dossier,
                                      const oso_write_options *options);

/** Write XML to a stdio stream (not closed). ::OSO_E_IO when writing fails. */
OSO_API oso_status oso_dossier_write_xml(const oso_dossier *dossier, FILE *stream,
                                         const oso_write_options *options);

/** Write XML to a file descriptor (not closed). */
OSO_API oso_status oso_dossier_write_xml_fd(const oso_dossier *dossier, int fd,
                                            const oso_write_options *options);

/** Write XML to a file (created or truncated). */
OSO_API oso_status oso_dossier_save_xml(const oso_dossier *dossier, const char *path,
                                        const oso_write_options *options);

/** Serialize to JSON in a new buffer (release with oso_free()). */
OSO_API oso_status oso_dossier_to_json(char **json, size_t *length, const oso_dossier *dossier,
                                       const oso_write_options *options);

/** Write JSON to a stdio stream (not closed). */
OSO_API oso_status oso_dossier_write_json(const oso_dossier *dossier, FILE *stream,
                                          const oso_write_options *options);

/** Write JSON to a file descriptor (not closed). */
OSO_API oso_status oso_dossier_write_json_fd(const oso_dossier *dossier, int fd,
                                             const oso_write_options *options);

/** Write JSON to a file (created or truncated). */
OSO_API oso_status oso_dossier_save_json(const oso_dossier *dossier, const char *path,
                                         const oso_write_options *options);

#ifdef __cplusplus
}
#endif

#endif /* OSO_WRITE_H */
