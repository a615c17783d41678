/**
 * @file attachments.h
 * @brief Attachments: the documents a dossier carries in `document` blocks (`bestandsnaam`,
 *        `omschrijving`, `bestandsinhoud` = Base64 of a ZIP file).
 */
#ifndef OSO_ATTACHMENTS_H
#define OSO_ATTACHMENTS_H

#include "oso/common.h"
#include "oso/dossier.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Current version of ::oso_attachment_options. */
#define OSO_ATTACHMENT_OPTIONS_VERSION 1

/**
 * Limits for reading attachments (ZIP bombs, huge entries). A field set to 0 disables that
 * limit. Initialise with ::OSO_ATTACHMENT_OPTIONS_INIT or oso_attachment_options_init().
 */
typedef struct oso_attachment_options {
    unsigned int version;          /**< ::OSO_ATTACHMENT_OPTIONS_VERSION */
    size_t max_entries;            /**< Entries per ZIP (default 1000). */
    uint64_t max_entry_size;       /**< Uncompressed bytes per entry (default 256 MiB). */
    uint64_t max_total_size;       /**< Uncompressed bytes per ZIP (default 1 GiB). */
    uint32_t max_ratio;            /**< Uncompressed/compressed ratio of an entry larger than
                                        1 MiB (default 200). */
} oso_attachment_options;

/** Static initialiser with the safe defaults. */
#define OSO_ATTACHMENT_OPTIONS_INIT \
    { OSO_ATTACHMENT_OPTIONS_VERSION, 1000, 256u * 1024 * 1024, 1024u * 1024 * 1024, 200 }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_attachment_options_init(oso_attachment_options *options,
                                               unsigned int version);

#ifdef __cplusplus
}
#endif

#endif /* OSO_ATTACHMENTS_H */
