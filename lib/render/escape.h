/* The one escaping function of the HTML view: every piece of dossier text (element text,
 * attribute values, file names, messages quoting them) reaches the output through it. */
#ifndef OSO_RENDER_ESCAPE_H
#define OSO_RENDER_ESCAPE_H

#include "base/sink.h"

#include <stddef.h>

/*
 * Write `text[0..len)` so that it is inert in HTML text and in double- or single-quoted
 * attribute values: & < > " ' become character references; bytes that are not UTF-8 and code
 * points HTML does not allow (controls other than TAB/LF/CR, noncharacters) become U+FFFD;
 * bidirectional formatting characters (which could make text read in another order than it
 * is stored) are shown as a visible "[U+202E]" instead of acting.
 */
void oso_html_escape(struct oso_sink *s, const char *text, size_t len);

/* oso_html_escape() of a NUL-terminated string (NULL writes nothing). */
void oso_html_escape_str(struct oso_sink *s, const char *text);

#endif
