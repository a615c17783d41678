/**
 * @file chain_write.h
 * @brief Writing doorstroomtoets chain messages from typed structs.
 *
 * Each writer builds the message as the OpenAPI definition 1.1.0 lays it out, fills in what the
 * definition fixes (`versie`, `profiel` and the single-valued `label` members such as
 * "Stamgroep", "Jaargroep", "Leerling", "Demografisch", "Doorstroomtoets", "Onderdeel"), and
 * checks the result with oso_chain_check_buffer() before handing it out: a message the
 * definition rejects is refused (::OSO_E_INVALID, the findings in the optional report), never
 * written. Strings are UTF-8; an optional member is left out when its pointer is NULL.
 * Datumtijd values are RFC 3339 date-times ("2026-01-15T12:00:00Z"), dates are "YYYY-MM-DD".
 */
#ifndef OSO_CHAIN_WRITE_H
#define OSO_CHAIN_WRITE_H

#include "oso/common.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief A pupil identity (`DeelnemerIdentiteitEntry`). */
typedef struct oso_chain_identity {
    const char *label; /**< Either "ECK-iD" or "LAS-key". */
    const char *id;    /**< `onderwijsdeelnemerID`. */
} oso_chain_identity;

/** @brief The school (`Deelnemersgroep`); every member is required. */
typedef struct oso_chain_school {
    const char *instellingscode;        /**< e.g. the BRIN code "12AB". */
    const char *vestigingscode;         /**< e.g. "00". */
    const char *onderwijsaanbiedercode; /**< OnderwijsaanbiederID. */
    const char *onderwijslocatiecode;   /**< OnderwijslocatieID. */
    const char *administratienr;        /**< The school's administration number. */
} oso_chain_school;

/** @brief A stamgroep of a Deelnemerslijst. */
typedef struct oso_chain_group {
    const char *id;          /**< 1-256 characters. */
    const char *omschrijving; /**< At most 64 characters. */
    const char *jaargroep;   /**< One of "7", "8", "C" or "S". */
} oso_chain_group;

/** @brief A participant of a Deelnemerslijst (`Onderwijsdeelnemer`). */
typedef struct oso_chain_participant {
    const oso_chain_identity *identities; /**< 1 or 2 (ECK-iD first when present). */
    size_t identity_count;                /**< Number of @c identities. */
    const char *achternaam;    /**< At most 70 characters. */
    const char *voorvoegsel;   /**< Optional; at most 10 characters. */
    const char *roepnaam;      /**< At most 64 characters. */
    const char *groep;         /**< Id of the pupil's stamgroep. */
    const char *jaargroep;     /**< Either "7" or "8". */
    const char *voorletters;   /**< At most 6 characters. */
    const char *geboortedatum; /**< YYYY-MM-DD. */
    int geslacht;              /**< 1, 2 or 9 (Geslachttype_enum). */
} oso_chain_participant;

/** Current version of ::oso_chain_deelnemerslijst. */
#define OSO_CHAIN_DEELNEMERSLIJST_VERSION 1

/** @brief A Deelnemerslijst (`POST /registreren`). Set version to ::OSO_CHAIN_DEELNEMERSLIJST_VERSION. */
typedef struct oso_chain_deelnemerslijst {
    unsigned int version;    /**< ::OSO_CHAIN_DEELNEMERSLIJST_VERSION */
    const char *datumtijd;   /**< When the list was made (date-time). */
    const char *auteur;      /**< Person, application or organisation that made it. */
    const char *schooljaar;  /**< e.g. "2025-2026". */
    const oso_chain_school *school; /**< Required. */
    const oso_chain_group *groups; /**< The stamgroepen. */
    size_t group_count;      /**< At least 1. */
    const oso_chain_participant *participants; /**< The pupils. */
    size_t participant_count; /**< At least 1. */
} oso_chain_deelnemerslijst;

/** @brief One voorlopig schooladvies (`AdviesEntry`). */
typedef struct oso_chain_advice {
    const oso_chain_identity *identities; /**< 1 or 2. */
    size_t identity_count;                /**< Number of @c identities. */
    const char *advies;               /**< A `Schooladviestype_enum` value, e.g. "HAVO_TM_VWO". */
} oso_chain_advice;

/** Current version of ::oso_chain_schooladviezenlijst. */
#define OSO_CHAIN_SCHOOLADVIEZENLIJST_VERSION 1

/** @brief A Schooladviezenlijst (`POST /registreren-schooladviezen`). */
typedef struct oso_chain_schooladviezenlijst {
    unsigned int version;    /**< ::OSO_CHAIN_SCHOOLADVIEZENLIJST_VERSION */
    const char *datumtijd;   /**< When the list was made (date-time). */
    const char *auteur;      /**< Person, application or organisation that made it. */
    const char *schooljaar;  /**< e.g. "2025-2026". */
    const oso_chain_school *school; /**< Required. */
    const oso_chain_advice *advices; /**< The pupils' advices. */
    size_t advice_count;     /**< At least 1. */
} oso_chain_schooladviezenlijst;

/** @brief A score of a Leerlingresultaat. */
typedef struct oso_chain_score {
    const char *soort;        /**< `Scoresoort_enum`: "Toetsscore", "Detailscore", ... */
    const char *id;           /**< Id of the score. */
    const char *toetseenheid; /**< Optional: the test part the score is about. */
    const char *waarde;       /**< The score, as text (e.g. "212"). */
} oso_chain_score;

/** @brief A result of a Leerlingresultaat. */
typedef struct oso_chain_result {
    const char *soort;        /**< `Resultaatsoort_enum`: "Toetsadvies", "Referentieniveau",
                                   "Percentielscore". */
    const char *toetseenheid; /**< Optional, e.g. "REKENEN", "LEZEN", "TAALVERZORGING". */
    const char *waarde;       /**< The result, as text (an advice, a level, a percentile). */
} oso_chain_result;

/** @brief A test part: an Onderdeel, its Domeinen, their Subdomeinen (the label follows the level). */
typedef struct oso_chain_test_part {
    const char *id;           /**< The code of its level's enumeration. */
    const char *omschrijving; /**< Optional. */
    const struct oso_chain_test_part *parts; /**< The level below (none below Subdomein). */
    size_t part_count;        /**< Number of @c parts. */
} oso_chain_test_part;

/** Current version of ::oso_chain_leerlingresultaat. */
#define OSO_CHAIN_LEERLINGRESULTAAT_VERSION 1

/** @brief A Leerlingresultaat (`POST /leerlingresultaat`). */
typedef struct oso_chain_leerlingresultaat {
    unsigned int version;      /**< ::OSO_CHAIN_LEERLINGRESULTAAT_VERSION */
    const char *datumtijd;     /**< When the result was made (date-time). */
    const char *auteur;        /**< Person, application or organisation that made it. */
    const char *schooljaar;    /**< e.g. "2025-2026". */
    const char *id;            /**< Id of the resultatenscores. */
    const oso_chain_identity *identities; /**< 1 or 2. */
    size_t identity_count;     /**< Number of @c identities. */
    const char *result_versie; /**< e.g. "Definitief". */
    const char *result_datumtijd; /**< Optional. */
    const char *toetsdefinitie;   /**< `Toetssoort_enum`, e.g. "ROUTE_8". */
    const char *afname_id;        /**< Id of the test taking. */
    const char *afnametijdstip;   /**< date-time. */
    const char *scores_id;        /**< NULL: no scores block. */
    const oso_chain_score *scores; /**< The scores. */
    size_t score_count;           /**< Number of @c scores. */
    const char *aanvullendeinfo;  /**< Optional, e.g. where the report can be fetched. */
    const oso_chain_result *results; /**< The results. */
    size_t result_count;          /**< At least 1. */
    const char *toets_id;         /**< `Toetssoort_enum`. */
    const char *toets_naam;       /**< Name of the test. */
    const char *toets_versie;     /**< Optional. */
    const char *toets_url;        /**< Optional. */
    const char *toets_omschrijving; /**< Optional. */
    const oso_chain_test_part *parts; /**< Onderdelen; NULL and 0: left out. */
    size_t part_count;            /**< Number of @c parts. */
} oso_chain_leerlingresultaat;

/**
 * Write a Deelnemerslijst as JSON (indented, UTF-8, a final newline).
 * @param[out] json receives the text (free with oso_free()); NULL when refused.
 * @param[out] length receives its length in bytes; may be NULL.
 * @param[out] report when not NULL, receives the check's findings (free with oso_report_free()).
 * @param message the message to write.
 * @return ::OSO_OK; ::OSO_E_INVALID when the definition rejects the message (the first finding
 *         in oso_error_last()); ::OSO_E_INVALID_ARG for a NULL pointer or count mismatch;
 *         ::OSO_E_OPTIONS_VERSION for an unknown struct version; ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_chain_write_deelnemerslijst(char **json, size_t *length,
                                                   oso_report **report,
                                                   const oso_chain_deelnemerslijst *message);

/** As oso_chain_write_deelnemerslijst(), for a Schooladviezenlijst. */
OSO_API oso_status oso_chain_write_schooladviezenlijst(char **json, size_t *length,
                                                       oso_report **report,
                                                       const oso_chain_schooladviezenlijst *message);

/** As oso_chain_write_deelnemerslijst(), for a Leerlingresultaat. */
OSO_API oso_status oso_chain_write_leerlingresultaat(char **json, size_t *length,
                                                     oso_report **report,
                                                     const oso_chain_leerlingresultaat *message);

/**
 * Write an Ontvangstmelding (`{"melding": ...}`).
 * @param[out] json receives the text (free with oso_free()).
 * @param[out] length receives its length in bytes; may be NULL.
 * @param melding the explanation; NULL: an empty object.
 * @return ::OSO_OK, ::OSO_E_INVALID_ARG or ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_chain_write_ontvangstmelding(char **json, size_t *length,
                                                    const char *melding);

#ifdef __cplusplus
}
#endif

#endif /* OSO_CHAIN_WRITE_H */
