/**
 * @file release.h
 * @brief Selective release ("selectief uitleveren", agreement 4.3): choose per category whether
 *        data is released, and apply that choice to a dossier.
 *
 * The 16 categories are the `cat_*` fields of `metadata/categorie_uitlevering`. Their values:
 * VERPLICHT (the data must be present), OPTIONEEL (may be present), VERBODEN (must not be
 * present) and OPT-UIT (optional data deliberately switched off). Applying a release removes
 * every element of each VERBODEN or OPT-UIT category (with everything inside it, attachments
 * included) and records the values in `categorie_uitlevering`.
 */
#ifndef OSO_RELEASE_H
#define OSO_RELEASE_H

#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/report.h"
#include "oso/validate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Number of release categories. */
#define OSO_CATEGORY_COUNT 16

/** A value of `categorie_uitlevering` (codelist 48). */
typedef enum oso_release_value {
    OSO_RELEASE_UNSET = 0,      /**< Not given: keep the dossier's own value. */
    OSO_RELEASE_VERPLICHT = 1,  /**< Mandatory: the dossier must hold data of the category. */
    OSO_RELEASE_OPTIONEEL = 2,  /**< Optional. */
    OSO_RELEASE_VERBODEN = 3,   /**< Forbidden: no data of the category may be present. */
    OSO_RELEASE_OPT_UIT = 4     /**< Optional, switched off: no data may be present. */
} oso_release_value;

/** A release specification: one value (possibly unset) per category. */
typedef struct oso_release oso_release;

/** Create a specification with every category unset. Free with oso_release_free(). */
OSO_API oso_status oso_release_new(oso_release **release);

/**
 * Create the preset of a profile (RULES.md d.3): "OV-BB", "OV-POPO", "OV-POVO", "OV-VOVO",
 * "PaO-POSWV", "PaO-VOSWV"; append "-opt-out" for the variant where every OPTIONEEL category is
 * switched off (OPT-UIT).
 * @return ::OSO_E_NOT_FOUND for an unknown name.
 */
OSO_API oso_status oso_release_preset(oso_release **release, const char *name);

/** Number of profile presets (each also exists as "<name>-opt-out"). */
OSO_API size_t oso_release_preset_count(void);

/** Name of the @p index-th preset ("OV-BB", ...), NULL when out of range. */
OSO_API const char *oso_release_preset_name(size_t index);

/** Free a specification (NULL is ignored). */
OSO_API void oso_release_free(oso_release *release);

/**
 * Set one category. @p category is the field name with or without its `cat_` prefix
 * ("cat_vve" or "vve") or the category number as text ("6").
 * @return ::OSO_E_NOT_FOUND for an unknown category.
 */
OSO_API oso_status oso_release_set(oso_release *release, const char *category,
                                   oso_release_value value);

/**
 * Set categories from text: `CAT=VALUE` pairs separated by commas, e.g.
 * `vve=OPT-UIT,cat_verzuim=VERBODEN`; VALUE is VERPLICHT, OPTIONEEL, VERBODEN or OPT-UIT.
 * @return ::OSO_E_INVALID_ARG (with the offending pair in oso_error_last()) for bad text.
 */
OSO_API oso_status oso_release_parse(oso_release *release, const char *spec);

/** Value of a category (::OSO_RELEASE_UNSET when not set or unknown). */
OSO_API oso_release_value oso_release_get(const oso_release *release, const char *category);

/** The codelist-48 text of a value ("VERPLICHT", ...), NULL for ::OSO_RELEASE_UNSET. */
OSO_API const char *oso_release_value_name(oso_release_value value);

/** Field name of category 1..16 ("cat_metadata" ... "cat_bijlagedocs"), NULL otherwise. */
OSO_API const char *oso_release_category_field(int category);

/**
 * Apply a release to a copy of a dossier.
 *
 * Each category's value is taken from @p release, else from the dossier's own
 * `categorie_uitlevering`, else VERPLICHT for Metadata, School and Leerling and OPTIONEEL for
 * the rest. Every element of a VERBODEN or OPT-UIT category is removed, an
 * `onderwijsondersteuning` left empty is removed, and `categorie_uitlevering` is written with
 * the values used. The result is then validated.
 *
 * @param[out] redacted receives the new dossier (the input is not changed); NULL on refusal.
 * @param[out] report optional: the refusal, or the validation of the result (free it).
 * @param validate_options options for validating the result (NULL: defaults).
 * @param dossier the dossier to copy (left unchanged).
 * @param release the categories' values, or NULL for the dossier's own.
 * @return ::OSO_OK when a result was produced (check the report: the result may still be
 *         invalid, e.g. when the input was); ::OSO_E_RELEASE when the release cannot be
 *         applied: a VERPLICHT category without data, or Metadata, School or Leerling switched
 *         off (they are mandatory and their elements are required by the XSD).
 */
OSO_API oso_status oso_dossier_redact(oso_dossier **redacted, oso_report **report,
                                      const oso_dossier *dossier, const oso_release *release,
                                      const oso_validate_options *validate_options);

#ifdef __cplusplus
}
#endif

#endif /* OSO_RELEASE_H */
