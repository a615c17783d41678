/**
 * @file chain.h
 * @brief Doorstroomtoets chain messages: recognise and check the JSON messages of the
 *        Doorstroomtoetsketen (OpenAPI definition 1.1.0) against the definition.
 *
 * The chain's four message bodies are the Deelnemerslijst (`POST /registreren`), the
 * Schooladviezenlijst (`POST /registreren-schooladviezen`), the Leerlingresultaat
 * (`POST /leerlingresultaat`) and the Ontvangstmelding (their response). What the definition
 * fixes (required members, JSON types, enumerations, `format: date` and `date-time`, length and
 * item bounds, the `versie` value `Doorstroomtoetsketen_v1.1`) is checked from a table generated
 * from the definition. Findings go into an ::oso_report like dossier validation: rule ids
 * `DTM.*` (doc/rules.md), the JSON Pointer (RFC 6901) of the offending value as the path ("" for
 * the whole message), its 1-based line and column (in characters) in the input, and a Dutch and
 * an English message.
 *
 * Input handling: the JSON is parsed by jansson. Invalid UTF-8, a `\u0000` escape, duplicate
 * member names (the receiver could take either value), numbers outside the 64-bit integer or
 * double range, nesting deeper than the depth limit and input larger than the size limit are
 * findings (the message is invalid), never a crash. Members the definition does not declare are
 * allowed, as the definition sets no `additionalProperties`.
 */
#ifndef OSO_CHAIN_H
#define OSO_CHAIN_H

#include "oso/common.h"
#include "oso/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The message types of the chain. */
typedef enum oso_chain_message_type {
    OSO_CHAIN_UNKNOWN = 0,             /**< Not recognised (or: recognise from the content). */
    OSO_CHAIN_DEELNEMERSLIJST = 1,     /**< Request of `POST /registreren`. */
    OSO_CHAIN_SCHOOLADVIEZENLIJST = 2, /**< Request of `POST /registreren-schooladviezen`. */
    OSO_CHAIN_LEERLINGRESULTAAT = 3,   /**< Request of `POST /leerlingresultaat`. */
    OSO_CHAIN_ONTVANGSTMELDING = 4     /**< Response body of the three POST operations. */
} oso_chain_message_type;

/** Current version of ::oso_chain_check_options. */
#define OSO_CHAIN_CHECK_OPTIONS_VERSION 1

/** Default of ::oso_chain_check_options.max_bytes: 16 MiB. */
#define OSO_CHAIN_DEFAULT_MAX_BYTES (16u * 1024u * 1024u)
/** Default of ::oso_chain_check_options.max_depth (the definition nests 7 levels deep). */
#define OSO_CHAIN_DEFAULT_MAX_DEPTH 64u

/** @brief How to check. Initialise with ::OSO_CHAIN_CHECK_OPTIONS_INIT or oso_chain_check_options_init(). */
typedef struct oso_chain_check_options {
    unsigned int version;          /**< ::OSO_CHAIN_CHECK_OPTIONS_VERSION */
    oso_chain_message_type expect; /**< Check as this type; ::OSO_CHAIN_UNKNOWN (default):
                                        recognise the type from the content. */
    size_t max_bytes;              /**< Larger input is a `DTM.SIZE` finding; 0: the default. */
    unsigned int max_depth;        /**< Deeper nesting is a `DTM.DEPTH` finding; 0: the default;
                                        at most 2048 (the JSON parser's own bound). */
} oso_chain_check_options;

/** Static initialiser with the defaults. */
#define OSO_CHAIN_CHECK_OPTIONS_INIT { OSO_CHAIN_CHECK_OPTIONS_VERSION, OSO_CHAIN_UNKNOWN, 0, 0 }

/** Initialise @p options with the defaults; ::OSO_E_OPTIONS_VERSION for an unknown version. */
OSO_API oso_status oso_chain_check_options_init(oso_chain_check_options *options,
                                                unsigned int version);

/**
 * Check a chain message held in memory.
 *
 * The type is recognised from the content (unless the options fix it): the `profiel` value of
 * the three requests first, else the members only one request type declares (`deelnemers`,
 * `voorlopigSchooladviezen`, `resultatenscores`, ...), else an object with only `melding` (or
 * none) is an Ontvangstmelding. An unrecognisable message is a `DTM.MESSAGE` finding.
 * @param[out] report receives the findings in document order (free with oso_report_free());
 *             oso_report_valid() gives the verdict.
 * @param[out] type receives the type checked against (::OSO_CHAIN_UNKNOWN when none); may be
 *             NULL.
 * @param data the message (JSON, UTF-8).
 * @param length its length in bytes.
 * @param options NULL for the defaults.
 * @return ::OSO_OK when the check ran, whatever the verdict; ::OSO_E_NOMEM,
 *         ::OSO_E_INVALID_ARG or ::OSO_E_OPTIONS_VERSION when it could not.
 */
OSO_API oso_status oso_chain_check_buffer(oso_report **report, oso_chain_message_type *type,
                                          const void *data, size_t length,
                                          const oso_chain_check_options *options);

/**
 * As oso_chain_check_buffer(), for a file ("-" is not special here). Input beyond the size
 * limit is not read: the report holds the `DTM.SIZE` finding.
 * @return ::OSO_E_IO when the file cannot be read.
 */
OSO_API oso_status oso_chain_check_file(oso_report **report, oso_chain_message_type *type,
                                        const char *path,
                                        const oso_chain_check_options *options);

/**
 * As oso_chain_check_file(), reading a descriptor to its end (the descriptor is not closed).
 */
OSO_API oso_status oso_chain_check_fd(oso_report **report, oso_chain_message_type *type, int fd,
                                      const oso_chain_check_options *options);

/**
 * Name of a message type as the definition writes it ("Deelnemerslijst", "Schooladviezenlijst",
 * "Leerlingresultaat", "Ontvangstmelding"; "unknown" for ::OSO_CHAIN_UNKNOWN). Never NULL.
 */
OSO_API const char *oso_chain_message_type_name(oso_chain_message_type type);

/**
 * The operation whose request body a message type is, as the definition gives it.
 * @param type the message type.
 * @param[out] method receives "POST"; may be NULL.
 * @param[out] path receives e.g. "/registreren"; may be NULL.
 * @return ::OSO_OK, or ::OSO_E_NOT_FOUND for the Ontvangstmelding (a response) and
 *         ::OSO_CHAIN_UNKNOWN.
 */
OSO_API oso_status oso_chain_message_operation(oso_chain_message_type type, const char **method,
                                               const char **path);

/**
 * Check the routing parameters `edu-to` and `edu-from` (query parameters of every chain
 * operation) against the definition.
 *
 * Errors (`DTM.PARAM`): a required parameter is missing, or its value does not match the
 * definition's pattern `(\d|\D){20}` (unanchored, as JSON Schema patterns are: at least 20
 * characters). Warnings (`DTM.PARAM_FORMAT`): the value is not exactly 20 ASCII letters and
 * digits, as the definition's description asks. The path of a finding is the parameter's name;
 * line and column are 0.
 * @param path the operation's path as the definition writes it: "/registreren",
 *        "/registreren-schooladviezen", "/leerlingresultaat", "/leerlingrapport/{rapportid}".
 * @param edu_to the value of `edu-to`, NULL when absent.
 * @param edu_from the value of `edu-from`, NULL when absent.
 * @param[out] report receives the findings (free with oso_report_free()).
 * @return ::OSO_OK; ::OSO_E_NOT_FOUND for a path the definition does not have;
 *         ::OSO_E_INVALID_ARG, ::OSO_E_NOMEM.
 */
OSO_API oso_status oso_chain_check_routing(oso_report **report, const char *path,
                                           const char *edu_to, const char *edu_from);

/**
 * The type named @p name (as oso_chain_message_type_name() writes it, ASCII case ignored).
 * @return ::OSO_OK, or ::OSO_E_NOT_FOUND for an unknown name.
 */
OSO_API oso_status oso_chain_message_type_from_name(oso_chain_message_type *type,
                                                    const char *name);

#ifdef __cplusplus
}
#endif

#endif /* OSO_CHAIN_H */
