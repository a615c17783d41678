/**
 * @file anonymize.h
 * @brief Anonymised copies of dossiers, for test data and support cases (doc/anonymize.md).
 *
 * Every element the schema table classifies as personal gets a fake of the kind the table
 * names for it: names from lists of common Dutch names, BSNs and other numbers that pass their
 * check from ranges that cannot be real, addresses in form only, phone numbers and e-mail
 * addresses on reserved domains, dates shifted by one offset per key, birth dates kept in the
 * same school year, free text replaced by neutral text of similar length, attachments by a
 * small generated document of the same type. Values keep their type and facets and the
 * structure is unchanged, so the result is valid exactly when the input is (the function
 * checks that the validation verdict and rule ids stay the same).
 *
 * Fakes are chosen by HMAC-SHA-256 of the original value under a key: the same original value
 * gets the same fake within a dossier, and across dossiers anonymised with the same key.
 */
#ifndef OSO_ANONYMIZE_H
#define OSO_ANONYMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/validate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Current version of ::oso_anonymize_options. */
#define OSO_ANONYMIZE_OPTIONS_VERSION 1

/** @brief How fakes are chosen. */
typedef struct oso_anonymize_options {
    unsigned int version;      /**< ::OSO_ANONYMIZE_OPTIONS_VERSION */
    uint64_t seed;             /**< Used when @c key is NULL: the key is derived from it
                                    (default 0). Same input and seed, same output. */
    const unsigned char *key;  /**< Secret key for the keyed mapping (e.g. a key file's
                                    bytes), shared to get the same fakes across dossiers;
                                    NULL: derived from @c seed */
    size_t key_length;         /**< Bytes of @c key */
    const oso_validate_options *validate_options; /**< For the verdict check; NULL: defaults */
} oso_anonymize_options;

/** Static initialiser with the defaults (seed 0, no key). */
#define OSO_ANONYMIZE_OPTIONS_INIT { OSO_ANONYMIZE_OPTIONS_VERSION, 0, NULL, 0, NULL }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_anonymize_options_init(oso_anonymize_options *options,
                                              unsigned int version);

/**
 * Make an anonymised copy of @p dossier.
 * @param[out] anonymized receives the copy; free with oso_dossier_free().
 * @param dossier the dossier to anonymise (not changed).
 * @param options NULL for the defaults.
 * @return ::OSO_OK; ::OSO_E_INVALID_ARG for NULL arguments; ::OSO_E_OPTIONS_VERSION;
 *         ::OSO_E_STATE when the copy would not get the verdict (valid or not, rule ids) of the
 *         original (nothing is returned then); ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_dossier_anonymize(oso_dossier **anonymized, const oso_dossier *dossier,
                                         const oso_anonymize_options *options);

#ifdef __cplusplus
}
#endif

#endif /* OSO_ANONYMIZE_H */
