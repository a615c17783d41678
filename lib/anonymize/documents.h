/* Small generated documents that replace attachments: one per allowed file type. */
#ifndef OSO_ANONYMIZE_DOCUMENTS_H
#define OSO_ANONYMIZE_DOCUMENTS_H

#include "oso/common.h"

#include <stddef.h>

/* A document of the type `filename`'s extension names, holding `text` (ASCII, no control
 * characters); plain text for names of no allowed type. `bare` leaves out fixed structure
 * that is optional to readers (a PDF's cross-reference table). *data is malloc'd. */
oso_status anon_document(const char *filename, const char *text, int bare, unsigned char **data,
                         size_t *length);

#endif
