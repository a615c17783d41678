/* Attachments, internal side: the ATT.* checks (lib/rules_attachments.c) shared by the rule
 * group of oso_validate() and the public verification calls of lib/attach.c. */
#ifndef OSO_ATTACH_H
#define OSO_ATTACH_H

#include "attachments/zipmem.h"
#include "model/model.h"

#include "oso/attachments.h"

/* One verification run: where findings go and under which limits. */
struct oso_att_check {
    oso_report *report;
    oso_zip_limits limits;
    int strict;  /* warning-level findings become errors (validate's strict option) */
    int spill_fd; /* temporary file for entries too large to inspect in memory; -1 until needed */
};

/* A temporary file in $TMPDIR (default /tmp), already unlinked; -1 with errno on failure. */
int oso_att_tmpfile(void);

/* The ZIP limits of attachment options (NULL: the defaults). */
void oso_att_limits(const oso_attachment_options *options, oso_zip_limits *limits);

void oso_att_check_init(struct oso_att_check *c, oso_report *report,
                        const oso_attachment_options *options, int strict);
/* Release what the run holds (the spill file). */
void oso_att_check_done(struct oso_att_check *c);

/* The `bestandsinhoud` element of a `document` element, or NULL. */
const struct oso_node *oso_att_content(const struct oso_node *document);

/* Whether `n` is a `document` element (any of the places the schema allows one). */
int oso_att_is_document(const struct oso_node *n);

/*
 * Check a `document` whose content is in the model (Base64 text): decode, open, check every
 * entry. Findings go to the report; the status is OSO_OK unless the run itself failed (out of
 * memory, temporary file I/O), which is then also reported as ATT.UNCHECKED at the document.
 */
oso_status oso_att_check_document(struct oso_att_check *c, const struct oso_node *document);

/* Content bytes oso_att_report_open() needs to name what a non-ZIP attachment is. */
#define OSO_ATT_HEAD_BYTES 1024

/*
 * The ZIP of `document` could not be opened (oso_zip_reader_open*() returned `st` with
 * `problem`): report why. `head` holds the first `head_len` bytes of the `size` content bytes,
 * used to name what the content is when it is no ZIP at all. Returns `st` when it is not a
 * finding about the content (out of memory, I/O), else OSO_OK.
 */
oso_status oso_att_report_open(struct oso_att_check *c, const struct oso_node *document,
                               oso_status st, oso_zip_problem problem, const unsigned char *head,
                               size_t head_len, uint64_t size);

/* Check every entry of an opened archive: names, encryption, method, limits, CRC, types. */
oso_status oso_att_check_archive(struct oso_att_check *c, const struct oso_node *document,
                                 oso_zip_reader *zr);

#endif
