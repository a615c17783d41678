/*
 * Document type policy for attachments: type by file-name extension, type by content signature,
 * and the verdict combining both. Internal to liboso: not installed, not exported.
 *
 * Allowed: PDF, JPEG (.jpg/.jpeg), PNG, TXT, DOC, XLS, PPT, DOCX, XLSX, PPTX and every
 * OpenDocument type (ODT, ODS, ODP, ODI, ODG, ODF, ODC, ODM, ODB, their templates, and any other
 * application/vnd.oasis.opendocument.* media type).
 *
 * Content signatures:
 *  - PDF: "%PDF-" within the first 1024 bytes (Acrobat accepts junk before the header as long as
 *    it starts there, and real files carry such prefixes).
 *  - PNG: the 8-byte PNG signature. JPEG: FF D8 FF (SOI followed by a marker).
 *  - DOC/XLS/PPT: OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1) whose root storage holds a
 *    "WordDocument", "Workbook"/"Book" or "PowerPoint Document" stream. A compound file whose
 *    directory cannot be read is OSO_FT_OLE2: it agrees with any of .doc/.xls/.ppt and is
 *    allowed (the family is right, the member cannot be told). One whose directory is readable
 *    but has none of those streams (Outlook .msg, .msi, password-protected OOXML ...) is
 *    OSO_FT_OLE2_OTHER and not allowed.
 *  - DOCX/XLSX/PPTX: ZIP with a "[Content_Types].xml" entry and entries under exactly one of
 *    "word/", "xl/", "ppt/"; other OOXML packages (Visio, ...) are OSO_FT_OOXML, not allowed.
 *  - OpenDocument: ZIP with a "mimetype" entry holding application/vnd.oasis.opendocument.*.
 *    Any other ZIP, or one that cannot be read, is OSO_FT_ZIP and not allowed.
 *  - TXT: the whole content is valid UTF-8 (ASCII included; an optional BOM) without control
 *    characters other than TAB, LF, FF and CR (so no NUL, DEL or C1 controls). Legacy 8-bit
 *    encodings such as Windows-1252 are not recognised as text.
 *  - Zero bytes: OSO_FT_EMPTY, not allowed (an empty document conveys nothing).
 */
#ifndef OSO_FILETYPE_H
#define OSO_FILETYPE_H

#include "attachments/zipmem.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum oso_filetype {
    OSO_FT_UNKNOWN = 0, /* no or unrecognised extension; unrecognised content */
    OSO_FT_PDF,
    OSO_FT_JPEG,
    OSO_FT_PNG,
    OSO_FT_TXT,
    OSO_FT_DOC,
    OSO_FT_XLS,
    OSO_FT_PPT,
    OSO_FT_DOCX,
    OSO_FT_XLSX,
    OSO_FT_PPTX,
    OSO_FT_ODT, /* OpenDocument text */
    OSO_FT_OTT, /* ... text template */
    OSO_FT_ODM, /* ... master document */
    OSO_FT_OTM, /* ... master document template */
    OSO_FT_OTH, /* ... HTML template (text-web) */
    OSO_FT_ODS, /* ... spreadsheet */
    OSO_FT_OTS,
    OSO_FT_ODP, /* ... presentation */
    OSO_FT_OTP,
    OSO_FT_ODG, /* ... drawing */
    OSO_FT_OTG,
    OSO_FT_ODI, /* ... image */
    OSO_FT_OTI,
    OSO_FT_ODF, /* ... formula */
    OSO_FT_OTF,
    OSO_FT_ODC, /* ... chart */
    OSO_FT_OTC,
    OSO_FT_ODB, /* ... database */
    /* Content-only results (no extension maps to them): */
    OSO_FT_OPENDOCUMENT, /* another application/vnd.oasis.opendocument.* type (allowed) */
    OSO_FT_OLE2,         /* compound file with unreadable directory (allowed, see above) */
    OSO_FT_OLE2_OTHER,   /* compound file that is not DOC/XLS/PPT */
    OSO_FT_OOXML,        /* OOXML package that is not DOCX/XLSX/PPTX */
    OSO_FT_ZIP,          /* other or unreadable ZIP archive */
    OSO_FT_EMPTY         /* zero bytes */
} oso_filetype;

/* Short lower-case name ("pdf", "jpeg", "docx", "ole2", "empty", ...); never NULL. */
const char *oso_filetype_name(oso_filetype type);

/* Media type ("application/pdf", ...); "application/octet-stream" for the content-only kinds
 * that have none of their own. Never NULL. */
const char *oso_filetype_mime(oso_filetype type);

/* Whether documents of this type may be attached. */
bool oso_filetype_allowed(oso_filetype type);

/* Type from the extension of `name` (after the last '.' of the part after the last '/' or '\',
 * compared case-insensitively); OSO_FT_UNKNOWN for NULL, none or an unlisted extension. */
oso_filetype oso_filetype_from_name(const char *name);

/*
 * Type from the content. ZIP containers are inspected with zipmem under `limits` (NULL:
 * defaults); when such a container cannot be read, the type is OSO_FT_ZIP, *container_problem
 * (if not NULL) says why and the thread-local error message gives the details; otherwise it is
 * OSO_ZIP_OK. Fails only with OSO_E_NOMEM or OSO_E_INVALID_ARG.
 */
oso_status oso_filetype_detect(const unsigned char *data, size_t len, const oso_zip_limits *limits,
                               oso_filetype *type, oso_zip_problem *container_problem);

/* The policy verdict on one document. */
typedef struct oso_filetype_verdict {
    oso_filetype by_name;              /* oso_filetype_from_name() of the declared name */
    oso_filetype by_content;           /* oso_filetype_detect() of the data */
    oso_zip_problem container_problem; /* why a ZIP container could not be inspected */
    bool name_allowed;                 /* by_name is an allowed type */
    bool content_allowed;              /* by_content is an allowed type */
    bool allowed;  /* both: otherwise the caller reports an error-level finding */
    bool agree;    /* name and content denote the same type (JPEG for .jpg and .jpeg, OLE2
                      for .doc/.xls/.ppt); a disagreement between two allowed types, such as
                      "beschikking.pdf" holding text, is a warning-level finding */
} oso_filetype_verdict;

/* Judge `data[0..len)` declared as `name`. Fails only with OSO_E_NOMEM or OSO_E_INVALID_ARG. */
oso_status oso_filetype_check(const char *name, const unsigned char *data, size_t len,
                              const oso_zip_limits *limits, oso_filetype_verdict *verdict);

/* The verdict for a document declared as `name` whose content type was established otherwise
 * (e.g. piecewise, for a document too large to hold in memory); oso_filetype_check() is
 * oso_filetype_detect() followed by this. */
void oso_filetype_judge(const char *name, oso_filetype by_content, oso_zip_problem container_problem,
                        oso_filetype_verdict *verdict);

/*
 * The TXT content rule applied piecewise, for documents too large to hold in memory: feeding a
 * document in pieces split anywhere (also inside a UTF-8 sequence) gives the answer the rule
 * gives on the whole. Only the rule itself: the signatures that oso_filetype_detect() checks
 * first are the caller's business.
 */
typedef struct oso_text_scan {
    unsigned char pending[4]; /* a UTF-8 sequence cut off by the end of the last piece */
    unsigned char npending;
    bool bad;                 /* something fed so far is not text */
} oso_text_scan;

void oso_text_scan_init(oso_text_scan *s);
void oso_text_scan_feed(oso_text_scan *s, const unsigned char *data, size_t len);
/* Whether everything fed (nothing counts as text) was text, with no sequence left open. */
bool oso_text_scan_end(const oso_text_scan *s);

#endif
