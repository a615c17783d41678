/* Attachment content read without expat: when a validation keeps only the length of
 * `bestandsinhoud` (OSO_KEEP_NO_ATTACHMENT_TEXT), the parser hands expat the markup around it
 * and scans the Base64 itself. Tokenising Base64 costs expat about as much per byte as markup
 * does, and a dossier's bytes are mostly attachments.
 *
 * The scan takes only what cannot change expat's verdict or its report: printable ASCII but
 * '<', '&' and ']' (Base64 is all printable ASCII), tab, line breaks and the character
 * references of CR and LF. Anything else ends the run and expat takes over from there, so
 * what it reports stays its own. */
#ifndef OSO_XML_CONTENT_SCAN_H
#define OSO_XML_CONTENT_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* What a run of scanned content amounts to, as expat would have passed it on. */
struct oso_content_run {
    size_t bytes;          /* input bytes taken */
    uint64_t chars;        /* bytes of character data expat would have handed over */
    int has_data;          /* a character other than XML whitespace was taken */
    int ends_with_cr;      /* the last byte taken is a CR (a LF next would not add a character) */
    uint64_t breaks;       /* line breaks taken (LF, CRLF, lone CR; a reference is none) */
    size_t line_start;     /* offset after the last LF or CR taken; 0: none was */
    int cut;               /* stopped before a reference that the end of `len` cuts off */
};

/* Scan content from data[0..len). `after_cr`: the byte before data[0] was a CR taken in the
 * same run. `allowance`: the characters the run may add; the scan stops at the start of the
 * first piece of character data (as expat splits it: a run of other characters, a line break,
 * a reference) that would exceed it, so that expat meets the limit where it would have. Stops
 * at the first byte it does not take, or at `len`. */
void oso_content_scan(const char *data, size_t len, int after_cr, uint64_t allowance,
                      struct oso_content_run *run);

/* Offset in data[0..len) just after the '>' of the next tag naming `name` that does not end in
 * "/>" (a start tag of that local name, any prefix, if it is one: the parser checks with
 * expat), or 0 when there is no such '>' before `len`. */
size_t oso_content_next_tag_end(const char *data, size_t len, const char *name, size_t name_len);

#endif
