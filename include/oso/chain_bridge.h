/**
 * @file chain_bridge.h
 * @brief Bridges between the doorstroomtoets chain messages and the OSO dossier: a
 *        Leerlingresultaat (and its report PDF) into `eindtoets_basisonderwijs`, and the
 *        dossier's school advice into a Schooladviezenlijst entry.
 *
 * The mappings are tabled in doc/doorstroomtoets-chain.md. What one side cannot express is
 * reported, never guessed.
 */
#ifndef OSO_CHAIN_BRIDGE_H
#define OSO_CHAIN_BRIDGE_H

#include "oso/chain_write.h"
#include "oso/common.h"
#include "oso/dossier.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The chain's `Schooladviestype_enum` value for a VO advice code of the dossier (codelist 2).
 * @param[out] value receives a static string, e.g. "VMBO_GL/TL".
 * @param[out] coarser optional; receives 1 when the chain value also stands for other codes
 *             (codelist 2 is finer there: VMBO GL and VMBO TL both become "VMBO_GL/TL").
 * @param code a code of codelist 2.
 * @return ::OSO_OK, or ::OSO_E_NOT_FOUND when the code has no chain value.
 */
OSO_API oso_status oso_chain_schooladvies_for_code(const char **value, int *coarser,
                                                   const char *code);

/**
 * The dossier pupil's school advice as a Schooladviezenlijst entry: the identity is the
 * pupil's `leerlingid` (the LAS key) as "LAS-key", the advice `overstapadvies/advies` mapped by
 * oso_chain_schooladvies_for_code().
 * @param[out] advice receives the entry; its strings are borrowed from the dossier (valid until
 *             it changes) or static; its identity points to @p identity.
 * @param[out] identity storage for the entry's single identity.
 * @param dossier the pupil's dossier.
 * @return ::OSO_OK; ::OSO_E_NOT_FOUND when the dossier has no leerlingid or no advice, or the
 *         advice has no chain value (the reason in oso_error_last()).
 */
OSO_API oso_status oso_chain_advice_from_dossier(oso_chain_advice *advice,
                                                 oso_chain_identity *identity,
                                                 const oso_dossier *dossier);

/**
 * Fill or replace the pupil's `eindtoets_basisonderwijs` from a Leerlingresultaat, through
 * oso_dossier_set_doorstroomtoets().
 *
 * The message is checked first (as with oso_chain_check_buffer()). Then: `toetsdefinitie` gives
 * the toetssoort (codelist 42), the `Toetsscore` score the standaardscore, the `Toetsadvies`
 * result the toets_advies, the `Referentieniveau` results for REKENEN, LEZEN and TAALVERZORGING
 * the three levels (codelist 45), the date of `afnametijdstip` the datum_afname, `toets/naam`
 * the toetsomschrijving, and @p rapport_pdf the leerlingrapport. A value without a dossier
 * counterpart that the block needs is an error (`DTM.BRIDGE`); values the block cannot hold
 * (detail scores, percentiles, other levels, ...) are warnings (`DTM.BRIDGE_DROPPED`).
 * @param dossier the dossier to change.
 * @param[out] report receives the findings (free with oso_report_free()); may be NULL.
 * @param json the Leerlingresultaat message.
 * @param length its length in bytes.
 * @param rapport_pdf the leerlingrapport; NULL: none (a `DTM.BRIDGE_RAPPORT` warning: the
 *        dossier will fail DT.09).
 * @param rapport_pdf_length its length in bytes.
 * @return ::OSO_OK when the block was written (the report may hold warnings);
 *         ::OSO_E_INVALID when the message is invalid or cannot be mapped (the dossier is
 *         unchanged; the errors in the report); ::OSO_E_SCHEMA when the dossier has no pupil;
 *         ::OSO_E_INVALID_ARG, ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_dossier_import_leerlingresultaat(oso_dossier *dossier, oso_report **report,
                                                        const void *json, size_t length,
                                                        const unsigned char *rapport_pdf,
                                                        size_t rapport_pdf_length);

#ifdef __cplusplus
}
#endif

#endif /* OSO_CHAIN_BRIDGE_H */
