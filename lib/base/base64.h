/*
 * Base64 (RFC 4648 standard alphabet, used as in RFC 2045) for attachment contents.
 * Internal to liboso: not installed, not exported.
 *
 * Decoding rules (one-shot and streaming decode exactly the same language):
 *  - CR, LF, SPACE and TAB are skipped anywhere (between or inside 4-character groups), so lines
 *    of any length are accepted, including everything on one line.
 *  - Any other byte outside the alphabet is an error at its own offset.
 *  - Padding: '=' may only be the 3rd or 4th character of a group ("xx==" or "xxx="); it ends the
 *    data. An error is reported at the offset of the first offending character for: '=' as the
 *    1st or 2nd character of a group, an alphabet character after a '=' ("xx=x"), and anything
 *    but whitespace after a complete padded group (concatenated Base64 is not accepted).
 *  - A final group with fewer than four characters (missing padding or cut-off data, e.g. "QUJ"
 *    or "QQ=") is an error at the offset of that group's first character.
 *  - Non-zero unused bits in the last group ("QR==" instead of "QQ==") are accepted and
 *    ignored, as most decoders do (RFC 4648 section 3.5 allows either choice); rejecting them
 *    would refuse data real encoders are not known to produce while gaining nothing.
 * Every error returns OSO_E_BASE64, sets the thread-local message (which includes the offset)
 * and reports the absolute byte offset in the input.
 */
#ifndef OSO_BASE64_H
#define OSO_BASE64_H

#include "oso/common.h"

#include <stddef.h>
#include <stdint.h>

/* Upper bound of the decoded size of `in_len` input characters, also when they are fed to a
 * streaming decoder that still holds up to 3 characters of an unfinished group. */
size_t oso_base64_decoded_max(size_t in_len);

/*
 * Decode `in[0..in_len)` into `out` (capacity `out_cap`; oso_base64_decoded_max(in_len) always
 * suffices). On success *out_len is the decoded size. On OSO_E_BASE64, *err_offset (if not NULL)
 * is the byte offset of the offending character. A too small `out` gives OSO_E_LIMIT with
 * *err_offset at the first character whose data did not fit. `out_len` may not be NULL.
 */
oso_status oso_base64_decode(const char *in, size_t in_len, unsigned char *out, size_t out_cap,
                             size_t *out_len, size_t *err_offset);

/* Streaming decoder state. Plain struct so it can live on the stack; initialise with
 * oso_base64_decoder_init() and do not touch the fields except to read `error_offset`. */
typedef struct oso_base64_decoder {
    uint64_t offset;       /* absolute offset of the next input byte */
    uint64_t group_offset; /* offset of the first character of the pending group */
    uint64_t error_offset; /* after a failure: absolute offset of the offending character */
    uint32_t bits;         /* 6 bits per pending alphabet character */
    unsigned char nchars;  /* alphabet characters in the pending group (0..3) */
    unsigned char npad;    /* '=' characters in the pending group (0..1) */
    unsigned char ended;   /* a padded group was completed: only whitespace may follow */
    oso_status status;     /* first failure; sticky, so later calls report it again */
} oso_base64_decoder;

void oso_base64_decoder_init(oso_base64_decoder *dec);

/*
 * Decode the next `len` bytes of the stream; chunk boundaries may fall anywhere, also inside a
 * group. Writes *out_len bytes to `out`; `out_cap` >= oso_base64_decoded_max(len) always
 * suffices. On failure the bytes decoded before the offending character are still written and
 * counted in *out_len, `dec->error_offset` holds the absolute offset, and every later call
 * returns the same status.
 */
oso_status oso_base64_decoder_feed(oso_base64_decoder *dec, const char *in, size_t len,
                                   unsigned char *out, size_t out_cap, size_t *out_len);

/*
 * End of stream: fails with OSO_E_BASE64 if a group is unfinished. No data is left to flush
 * (groups are emitted as soon as they are complete), so `out` receives nothing and *out_len is
 * always set to 0; the parameters exist so callers need no special case if that ever changes.
 */
oso_status oso_base64_decoder_finish(oso_base64_decoder *dec, unsigned char *out,
                                     size_t *out_len);

/*
 * Encoded size of `in_len` bytes: 4 characters per started 3-byte group, in lines of 76
 * characters separated by CRLF, with no CRLF after the last line (the XML element's closing tag
 * follows directly). SIZE_MAX if the size does not fit in size_t.
 */
size_t oso_base64_encoded_size(size_t in_len);

/*
 * Encode `in[0..in_len)` into `out` (not NUL-terminated) as described for
 * oso_base64_encoded_size(). OSO_E_LIMIT if `out_cap` is smaller than that size.
 */
oso_status oso_base64_encode(const unsigned char *in, size_t in_len, char *out, size_t out_cap,
                             size_t *out_len);

#endif
