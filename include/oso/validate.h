/**
 * @file validate.h
 * @brief Validating a dossier: structure (XSD), codelists, business rules, profiles, release
 *        categories and (optionally) attachments, in one report.
 *
 * The verdict is the official one: a dossier is valid exactly when the official validation
 * (the XSD plus the Edustandaard stylesheet of its profile) accepts it. Where the stylesheet is
 * laxer than the agreement text, liboso reports the stricter finding as a warning; the strict
 * option turns those warnings into errors.
 */
#ifndef OSO_VALIDATE_H
#define OSO_VALIDATE_H

#include "oso/attachments.h"
#include "oso/codelists.h"
#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/parse.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Which profile stylesheet's rules apply. */
typedef enum oso_profile {
    OSO_PROFILE_AUTO = 0, /**< From `overdrachtsoort`, then `metadata/overstap` (RULES.md b.1). */
    OSO_PROFILE_NONE = 1, /**< No profile rules (the official validation has no such mode). */
    OSO_PROFILE_OV = 2,   /**< Overstapprofielen (overstapdossier, overdrachtbinnenbrin). */
    OSO_PROFILE_PAO = 3   /**< SWV PaO profiles (swv-dossier). */
} oso_profile;

/** Rule groups (bits of ::oso_validate_options.rules). Structure (`XSD`) always runs. */
enum oso_rule_group {
    OSO_RULES_CODELISTS = 1u << 0,       /**< `CL<n>`: codelist membership. */
    OSO_RULES_GENERAL = 1u << 1,         /**< `OG.*`: general business rules. */
    OSO_RULES_CATEGORIES = 1u << 2,      /**< `OS.cat*`: category release check. */
    OSO_RULES_PROFILE = 1u << 3,         /**< `OVa.*`, `OVb.*`, `PaO.*`: profile rules. */
    OSO_RULES_ATTACHMENTS = 1u << 4,     /**< `ATT.*`: decode and check every attachment. */
    OSO_RULES_DOORSTROOMTOETS = 1u << 5  /**< `DT.*`: doorstroomtoets results (opt-in). */
};

/** The groups of the official validation (all but attachments and doorstroomtoets). */
#define OSO_RULES_OFFICIAL \
    (OSO_RULES_CODELISTS | OSO_RULES_GENERAL | OSO_RULES_CATEGORIES | OSO_RULES_PROFILE)

/** Current version of ::oso_validate_options. */
#define OSO_VALIDATE_OPTIONS_VERSION 1

/**
 * @brief What to check.
 *
 * Initialise with ::OSO_VALIDATE_OPTIONS_INIT or oso_validate_options_init().
 */
typedef struct oso_validate_options {
    unsigned int version;             /**< ::OSO_VALIDATE_OPTIONS_VERSION */
    oso_profile profile;              /**< Default ::OSO_PROFILE_AUTO. */
    const oso_codelists *codelists;   /**< Lists to check against; NULL: the embedded defaults.
                                           Not copied: must outlive the call. */
    unsigned int rules;               /**< Bitmask of ::oso_rule_group; default
                                           ::OSO_RULES_OFFICIAL. */
    int strict;                       /**< 1: stricter-than-official warnings become errors. */
    const oso_attachment_options *attachments; /**< Limits for ::OSO_RULES_ATTACHMENTS; NULL:
                                                    the defaults. */
} oso_validate_options;

/** Static initialiser with the defaults. */
#define OSO_VALIDATE_OPTIONS_INIT \
    { OSO_VALIDATE_OPTIONS_VERSION, OSO_PROFILE_AUTO, NULL, OSO_RULES_OFFICIAL, 0, NULL }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_validate_options_init(oso_validate_options *options, unsigned int version);

/**
 * Validate a dossier.
 * @param[out] report receives all diagnostics in document order (free with oso_report_free());
 *             oso_report_valid() gives the verdict and oso_report_profile() the profile used.
 * @param options NULL for the defaults.
 * @param dossier the dossier to check.
 * @return ::OSO_OK when validation ran (whatever the verdict); an error status when it could
 *         not run (out of memory, bad options).
 */
OSO_API oso_status oso_validate(oso_report **report, const oso_dossier *dossier,
                                const oso_validate_options *options);

/**
 * Parse and validate a file in one go. A document that cannot be parsed gives ::OSO_OK with
 * a report holding the `XML` diagnostic (the file is invalid), so batch callers need only look
 * at the report; ::OSO_E_IO when the file cannot be read.
 */
OSO_API oso_status oso_validate_file(oso_report **report, const char *path,
                                     const oso_validate_options *options,
                                     const oso_parse_options *parse_options);

/** As oso_validate_file(), for a document in memory. */
OSO_API oso_status oso_validate_buffer(oso_report **report, const void *data, size_t length,
                                       const oso_validate_options *options,
                                       const oso_parse_options *parse_options);

#ifdef __cplusplus
}
#endif

#endif /* OSO_VALIDATE_H */
