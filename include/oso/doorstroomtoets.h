/**
 * @file doorstroomtoets.h
 * @brief Doorstroomtoets results (the primary-school final test since 2024): checking the
 *        `eindtoets_basisonderwijs` block against the CvTE requirements and writing it.
 *
 * The checks form the opt-in rule group ::OSO_RULES_DOORSTROOMTOETS (`oso validate --rules
 * +doorstroomtoets`), rule ids `DT.01` ... `DT.12` (doc/rules.md). They apply when the block says
 * the pupil took part (`deelgenomen` true) and holds no legal exemption
 * (`wettelijke_ontheffing` J).
 */
#ifndef OSO_DOORSTROOMTOETS_H
#define OSO_DOORSTROOMTOETS_H

#include "oso/common.h"
#include "oso/dossier.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A referentieniveau (codelist 45). */
typedef enum oso_referentieniveau {
    OSO_REF_NONE = 0,          /**< Not given. */
    OSO_REF_LAGER_DAN_1F = 1,  /**< Code 01, "Lager dan 1F". */
    OSO_REF_1F = 2,            /**< 1F (code 02). */
    OSO_REF_1S = 3,            /**< 1S (code 03): a level for Rekenen only. */
    OSO_REF_2F = 4             /**< 2F (code 04): a level for Lezen and Taalverzorging only. */
} oso_referentieniveau;

/** Current version of ::oso_doorstroomtoets. */
#define OSO_DOORSTROOMTOETS_VERSION 1

/** @brief One pupil's doorstroomtoets result, as a test provider delivers it to the school. */
typedef struct oso_doorstroomtoets {
    unsigned int version;              /**< ::OSO_DOORSTROOMTOETS_VERSION */
    const char *toetssoort;            /**< Codelist 42, e.g. "0013". Required. */
    const char *toetsniveau;           /**< Codelist 43 ("G"). Required. */
    const char *toetsomschrijving;     /**< Name of the test; optional (NULL). */
    const char *datum_afname;          /**< Date taken, YYYY-MM-DD. Required. */
    int has_standaardscore;            /**< 1 when standaardscore is given. */
    int standaardscore;                /**< 0..1000. */
    const char *toets_advies;          /**< The toetsadvies (non-empty). Required. */
    oso_referentieniveau lezen;          /**< Domain 8050: lager dan 1F, 1F or 2F. */
    oso_referentieniveau taalverzorging; /**< Domain 8051: lager dan 1F, 1F or 2F. */
    oso_referentieniveau rekenen;        /**< Onderdeel 8001: lager dan 1F, 1F or 1S. */
    const unsigned char *rapport_pdf;  /**< The leerlingrapport PDF; optional (NULL), but the
                                            result fails DT.09 without one. */
    size_t rapport_pdf_length;         /**< Bytes of rapport_pdf. */
    const char *rapport_filename;      /**< Its file name; NULL: "leerlingrapport.pdf". */
} oso_doorstroomtoets;

/** Static initialiser: version set, everything else empty. */
#define OSO_DOORSTROOMTOETS_INIT { OSO_DOORSTROOMTOETS_VERSION, NULL, NULL, NULL, NULL, 0, 0, NULL, \
                                   OSO_REF_NONE, OSO_REF_NONE, OSO_REF_NONE, NULL, 0, NULL }

/** Initialise @p result (version set, fields empty). */
OSO_API oso_status oso_doorstroomtoets_init(oso_doorstroomtoets *result, unsigned int version);

/**
 * Fill or replace the `eindtoets_basisonderwijs` block of the dossier's pupil with this result
 * (deelgenomen true, no exemption, the three referentieniveaus, the report as an attachment).
 *
 * Values the DT rules would reject are refused and the dossier is left unchanged: codes not in
 * their codelists, a level that does not exist for its subject (1S for Lezen or
 * Taalverzorging, 2F for Rekenen), an empty toetsadvies, a date that is not a date or — when
 * the dossier has `metadata/datum` — lies after it or before the previous school year, report
 * bytes that are not a PDF. (Only running out of memory while building can leave the pupil
 * without the block.)
 * @return ::OSO_OK; ::OSO_E_INVALID_ARG for a refused value (the reason in oso_error_last());
 *         ::OSO_E_SCHEMA when the dossier has no `leerling`.
 */
OSO_API oso_status oso_dossier_set_doorstroomtoets(oso_dossier *dossier,
                                                   const oso_doorstroomtoets *result);

#ifdef __cplusplus
}
#endif

#endif /* OSO_DOORSTROOMTOETS_H */
