/* The parser's entry points for the library's own callers: the public ones (oso/parse.h) with
 * a choice the public API does not offer, how much of the document the model keeps. */
#ifndef OSO_XML_PARSE_H
#define OSO_XML_PARSE_H

#include "oso/parse.h"

/* What the model keeps of the document. */
enum oso_parse_keep {
    OSO_KEEP_ALL,                /* everything (the public functions) */
    /* Attachment content (`bestandsinhoud`) keeps only its length and is flagged
     * OSO_NF_STREAMED, as with an attachment_fn: for a validation whose rule groups do not
     * read it. The report is the same as with everything kept (positions, limits and the
     * XSD check of the content, which only needs its length). */
    OSO_KEEP_NO_ATTACHMENT_TEXT
};

/* oso_dossier_parse_buffer() keeping `keep`. */
oso_status oso_xml_parse_buffer(oso_dossier **dossier, oso_report **report, const void *data,
                                size_t len, const oso_parse_options *opts,
                                enum oso_parse_keep keep);

/* oso_dossier_parse_file() keeping `keep`. */
oso_status oso_xml_parse_file(oso_dossier **dossier, oso_report **report, const char *path,
                              const oso_parse_options *opts, enum oso_parse_keep keep);

#endif
