/**
 * @file report.h
 * @brief Diagnostics: what parsing and validation found, with rule ids, paths and positions.
 *
 * A report is a list of diagnostics in document order. Each has a rule id (`XML`, `XSD`,
 * `CL14`, `OG.01a`, `OS.cat05`, `OVa.LL12`, `ATT.ZIP_TRUNCATED`, ...), a severity, the path of
 * the element concerned (`/dossier[1]/huidigeschool[1]/leerling[1]/geslacht[1]`; empty for
 * document-level findings such as malformed XML), a 1-based line and column (0 when unknown,
 * e.g. for elements created through the editing API) and a message in Dutch and English.
 */
#ifndef OSO_REPORT_H
#define OSO_REPORT_H

#include "oso/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A list of diagnostics. Owned by the caller who received it; free with oso_report_free(). */
typedef struct oso_report oso_report;
/** One finding. Borrowed from its report. */
typedef struct oso_diagnostic oso_diagnostic;

/** Number of diagnostics in the report (0 for NULL). */
OSO_API size_t oso_report_count(const oso_report *report);

/** The i-th diagnostic (0-based, document order), or NULL when out of range. */
OSO_API const oso_diagnostic *oso_report_at(const oso_report *report, size_t index);

/** Number of diagnostics with severity ::OSO_SEVERITY_ERROR. */
OSO_API size_t oso_report_error_count(const oso_report *report);

/** Number of diagnostics with severity ::OSO_SEVERITY_WARNING. */
OSO_API size_t oso_report_warning_count(const oso_report *report);

/**
 * Number of findings counted but not stored: a report keeps at most 10,000 diagnostics (a
 * hostile document could otherwise make millions). They still count in
 * oso_report_error_count() and oso_report_warning_count() and in the verdict.
 */
OSO_API size_t oso_report_omitted_count(const oso_report *report);

/** 1 when the report holds no error (the dossier is valid), else 0. */
OSO_API int oso_report_valid(const oso_report *report);

/**
 * Profile the validation ran with: "OV", "PaO", or NULL when no profile applied (structure
 * only, or `none`).
 */
OSO_API const char *oso_report_profile(const oso_report *report);

/** Free a report (NULL is ignored). */
OSO_API void oso_report_free(oso_report *report);

/** Rule id, e.g. "XSD" or "CL14". Never NULL. */
OSO_API const char *oso_diagnostic_rule(const oso_diagnostic *diagnostic);

/** Severity of the finding. */
OSO_API oso_severity oso_diagnostic_severity(const oso_diagnostic *diagnostic);

/** Path of the element concerned, or "" for a document-level finding. Never NULL. */
OSO_API const char *oso_diagnostic_path(const oso_diagnostic *diagnostic);

/** 1-based line of the element (or of the XML error), 0 when unknown. */
OSO_API unsigned long oso_diagnostic_line(const oso_diagnostic *diagnostic);

/** 1-based column of the element (or of the XML error), 0 when unknown. */
OSO_API unsigned long oso_diagnostic_column(const oso_diagnostic *diagnostic);

/** Message in the requested language. Never NULL. */
OSO_API const char *oso_diagnostic_message(const oso_diagnostic *diagnostic, oso_lang lang);

/** Lower-case name of a severity: "error", "warning" or "info". */
OSO_API const char *oso_severity_name(oso_severity severity);

#ifdef __cplusplus
}
#endif

#endif /* OSO_REPORT_H */
