/* Shared state of one rendering and the pieces of the view the module's files provide. */
#ifndef OSO_RENDER_CONTEXT_H
#define OSO_RENDER_CONTEXT_H

#include "base/sink.h"
#include "model/model.h"

#include "oso/codelists.h"
#include "oso/render.h"

#include <stddef.h>
#include <stdint.h>

/* A finding placed on the node it concerns. */
struct render_finding {
    uint32_t node;      /* node index */
    size_t diagnostic;  /* index in the report */
    int shown;          /* written next to its element */
};

struct render_ctx {
    struct oso_sink *s;
    const struct oso_dossier *d;
    const struct oso_schema *sc;
    const oso_render_options *o;
    oso_lang lang;
    const oso_codelists *lists;
    uint8_t values[OSO_CATEGORY_COUNT + 1]; /* release value by category */
    struct render_finding *findings;        /* sorted by node */
    size_t finding_count;
    size_t *placed;                         /* by diagnostic: its index in findings, or
                                             * finding_count when not placed on a node */
    size_t document_count;                  /* attachments rendered so far (file names, ids) */
    oso_status status;                      /* first failure that stops the rendering */
};

/* Words of the view's own (element labels come from the schema table, never from here). */
enum render_text {
    T_TITLE, T_CONTENTS, T_FINDINGS, T_NO_FINDINGS, T_ERRORS, T_WARNINGS, T_INFOS,
    T_SEV_ERROR, T_SEV_WARNING, T_SEV_INFO, T_DOCUMENT_LEVEL,
    T_RELEASED_VERPLICHT, T_RELEASED_OPTIONEEL, T_WITHHELD_VERBODEN, T_WITHHELD_OPT_UIT,
    T_WOULD_RELEASE_VERPLICHT, T_WOULD_RELEASE_OPTIONEEL, T_WOULD_WITHHOLD_VERBODEN,
    T_WOULD_WITHHOLD_OPT_UIT, T_NO_DATA, T_PRESENT_ALTHOUGH_WITHHELD, T_WITHHELD_SHOWN_BELOW,
    T_PREVIEW_TITLE, T_PREVIEW_INTRO, T_PREVIEW_REFUSED, T_PREVIEW_VALID, T_PREVIEW_INVALID,
    T_OTHER_DATA, T_NUMBER, T_YES, T_NO, T_FILE, T_TYPE, T_SIZE, T_READABLE, T_DOWNLOAD,
    T_UNREADABLE, T_READABLE_YES, T_FILES_IN, T_NO_FILES, T_NOT_DECODED, T_TOO_DEEP,
    T_RELEASE_STATE, T_UNKNOWN_CODE, T_COUNT
};

/* The text in the rendering's language. */
const char *render_text(const struct render_ctx *c, enum render_text t);

/* Human name of an element: its schema label, or its name for unknown elements. */
const char *render_label(const struct render_ctx *c, const struct oso_node *n);

/* An element's value as people read it (codes with their meaning, dates, booleans), followed
 * by its attributes; escaped. */
void render_value(struct render_ctx *c, const struct oso_node *n);

/* A month-name date ("17 maart 2003") for "YYYY-MM-DD" text; 0 when the text is not one. */
int render_date(const struct render_ctx *c, const char *text, size_t len, char *out, size_t size);

/* A `document` block (attachment) at heading level `level`, numbered `number` (0: none). */
void render_document(struct render_ctx *c, const struct oso_node *n, int level, size_t number);

/* Findings placed on node `n` as a list (nothing when there are none). */
void render_node_findings(struct render_ctx *c, const struct oso_node *n);

/* Whether node `n` has findings placed on it. */
int render_has_findings(const struct render_ctx *c, const struct oso_node *n);

/* Open heading of level `level` (h2..h6; deeper levels become a bold paragraph) and close it. */
void render_heading_open(struct render_ctx *c, int level, const char *cls);
void render_heading_close(struct render_ctx *c, int level);

/* Leaf fields of a definition list: <div class="oso-field"><dt>label</dt><dd>value</dd></div>. */
void render_field(struct render_ctx *c, const struct oso_node *n);

/* The style sheet of full documents. */
extern const char oso_render_css[];

/* Write a formatted, unescaped piece of the view's own markup. */
void render_printf(struct render_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
