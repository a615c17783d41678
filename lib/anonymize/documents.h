/* Small generated documents that replace attachments: one per allowed file type. */
#ifndef OSO_ANONYMIZE_DOCUMENTS_H
#define OSO_ANONYMIZE_DOCUMENTS_H

#include "oso/common.h"

#include <stddef.h>

/* Variants of one document differ in fixed text only (a PDF's cross-reference table, which
 * readers may rebuild, and the position of its text), so that the caller can pick one that
 * repeats no piece of an original value. */
enum { ANON_DOCUMENT_VARIANTS = 6 };

/* A document of the type `filename`'s extension names, holding `text` (ASCII, no control
 * characters); plain text for names of no allowed type. `variant` is 0 to
 * ANON_DOCUMENT_VARIANTS - 1. *data is malloc'd. */
oso_status anon_document(const char *filename, const char *text, int variant, unsigned char **data,
                         size_t *length);

#endif
