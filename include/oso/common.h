/**
 * @file common.h
 * @brief Status codes, error reporting, languages and severities shared by all liboso modules.
 *
 * Every fallible liboso call returns an ::oso_status. ::OSO_OK (0) means success; any other
 * value is an error whose generic description comes from oso_strerror() and whose detailed,
 * thread-local description comes from oso_error_last().
 */
#ifndef OSO_COMMON_H
#define OSO_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(OSO_BUILDING) && defined(__GNUC__)
#define OSO_API __attribute__((visibility("default")))
#else
/** Marks a function as part of the exported liboso ABI. */
#define OSO_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Result of a fallible liboso call. */
typedef enum oso_status {
    OSO_OK = 0,                  /**< Success. */
    OSO_E_NOMEM = 1,             /**< Memory allocation failed. */
    OSO_E_INVALID_ARG = 2,       /**< A NULL or out-of-range argument was passed. */
    OSO_E_IO = 3,                /**< Reading or writing a file or descriptor failed. */
    OSO_E_XML = 4,               /**< Input is not well-formed XML, or uses a refused construct
                                      (DOCTYPE, entity declaration). */
    OSO_E_LIMIT = 5,             /**< A configured limit (depth, nodes, text, input size,
                                      attachment size, ...) was exceeded. */
    OSO_E_OPTIONS_VERSION = 6,   /**< An options struct carries a version this library does not
                                      know (initialise it with its `*_OPTIONS_INIT` macro). */
    OSO_E_UNSUPPORTED_STANDARD = 7, /**< The document uses another OSO standard version
                                         (e.g. the 2018 namespace). */
    OSO_E_NOT_FOUND = 8,         /**< A requested element, code, list or entry does not exist. */
    OSO_E_SCHEMA = 9,            /**< An edit or value would violate the OSO schema. */
    OSO_E_STATE = 10,            /**< The object is not in a state that allows this call
                                      (e.g. feeding a finished parser). */
    OSO_E_CODELIST_FORMAT = 11,  /**< A codelist file is malformed. */
    OSO_E_BASE64 = 12,           /**< Invalid Base64 data. */
    OSO_E_ZIP = 13,              /**< A ZIP archive is corrupt, truncated, encrypted or
                                      otherwise unreadable. */
    OSO_E_POLICY = 14,           /**< An attachment violates the file-type or path policy. */
    OSO_E_RELEASE = 15,          /**< A release specification cannot be applied (e.g. a
                                      VERPLICHT category has no data). */
    OSO_E_INVALID = 16           /**< The dossier is not valid. */
} oso_status;

/** Language of human-readable diagnostic messages. */
typedef enum oso_lang {
    OSO_LANG_NL = 0, /**< Dutch (the default: the people reading messages are Dutch). */
    OSO_LANG_EN = 1  /**< English. */
} oso_lang;

/** Severity of a diagnostic. */
typedef enum oso_severity {
    OSO_SEVERITY_ERROR = 0,   /**< Makes the dossier invalid (the official verdict). */
    OSO_SEVERITY_WARNING = 1, /**< Stricter than the official validation; verdict unchanged
                                   (turned into an error by the strict option). */
    OSO_SEVERITY_INFO = 2     /**< Information, e.g. a code table that was not loaded. */
} oso_severity;

/**
 * Generic English description of a status code.
 * @return a static string; never NULL (unknown codes give "unknown status").
 */
OSO_API const char *oso_strerror(oso_status status);

/**
 * Detailed description of the last error raised on the calling thread.
 *
 * Set by every liboso call that returns an error; left untouched by successful calls.
 * @return a thread-local string valid until the next failing liboso call on this thread;
 *         the empty string when no error has occurred.
 */
OSO_API const char *oso_error_last(void);

/** Status of the last error raised on the calling thread (::OSO_OK if none). */
OSO_API oso_status oso_error_last_status(void);

/** Forget the calling thread's last error. */
OSO_API void oso_error_clear(void);

/** Release memory that liboso allocated for the caller (paths, serialized output, ...). */
OSO_API void oso_free(void *memory);

/** Version of the library at run time ("MAJOR.MINOR.PATCH"); compare with OSO_VERSION_STRING. */
OSO_API const char *oso_version(void);

#ifdef __cplusplus
}
#endif

#endif /* OSO_COMMON_H */
