/* Streaming parser: expat push parser -> dossier model, with structural checks as it streams.
 *
 * Refused outright (one `XML` diagnostic, no model): input that is not well-formed, DOCTYPE and
 * entity declarations, limits exceeded, another OSO namespace version. Everything else builds a
 * model; schema problems become `XSD` diagnostics. */
#include "base/base64.h"
#include "base/error.h"
#include "base/report.h"
#include "model/findings.h"
#include "model/model.h"
#include "schema/registry.h"
#include "schema/value.h"
#include "structure/structure.h"
#include "xml/content_scan.h"
#include "xml/parse.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS_SEP '\x01'

struct pending_ns {
    char *prefix;
    char *uri;
};

/* Line numbers of element starts, found with memchr over the input before expat sees it
 * (expat's own position tracking walks every character and costs about as much as parsing
 * the markup). Line breaks are recorded as groups {offset of the last break, breaks in group}:
 * breaks that follow the last '<' of a scanned piece cannot precede an element start not yet
 * reported, so they collapse into one group; the table stays small. Columns are byte offsets
 * in the line (the character column for ASCII). UTF-16 input uses expat's tracking instead. */
struct line_group {
    uint64_t first;   /* offset of the first break of the group */
    uint64_t offset;  /* offset of the last break of the group */
    uint64_t breaks;
};

struct line_index {
    struct line_group *groups;
    size_t head, count, cap;
    uint64_t line;        /* line breaks before the current line */
    uint64_t line_start;  /* offset of the current line's first byte */
    uint64_t scanned;     /* offset of the next byte to scan */
    int pending_cr;       /* the last scanned byte was CR */
    unsigned char first_byte; /* of the input, to recognise UTF-16 fed byte by byte */
    int active;           /* 0: use expat's positions (UTF-16) */
    /* The whole input, parsed in one final call: positions are counted from it as events
     * come (no table), and expat skips its own per-character position bookkeeping, which it
     * does over every byte of a non-final call. */
    const char *whole;
    size_t whole_len;
    int whole_has_cr;
};

/* Inputs up to this size are parsed in one final call (whole_input): a larger one would have
 * expat hold all of it in its buffer, next to the model, so it goes in pieces. */
enum { WHOLE_INPUT_MAX = 8 << 20 };

/* Content scanning (content_scan.h) bounded for hostile input: a whole input plans only runs
 * this long (shorter content is not worth it, and the plans stay small next to the input); and
 * after this many tags that expat does not confirm as content start tags (names in comments,
 * say: real dossiers have none) the rest of the input is parsed without cutting at them. */
enum { PLANNED_RUN_MIN = 256, UNCONFIRMED_TAGS_MAX = 64 };

/* expat guesses the encoding (BOM, UTF-16 without BOM) from the first bytes of its first
 * call and decides differently when that call has fewer than these: the push parser gathers
 * them first, so the result does not depend on how the input is cut. */
enum { HEAD_BYTES = 4 };

/* Input left out of expat (attachment content, content_scan.h) from its byte index
 * `expat_at` on: `shift` input bytes in all up to there, to add to expat's indices. */
struct left_out {
    uint64_t expat_at;
    uint64_t shift;
};

/* Content to leave out of a whole input, found before expat runs: where it starts (just after
 * a tag naming the content element) and what the scan made of it. */
struct content_plan {
    uint64_t input_at;
    struct oso_content_run run;
};

struct oso_parser {
    const char *ns_uri;        /* namespace of the dossier's standard version */
    size_t ns_uri_len;
    XML_Parser xp;
    struct line_index lines;
    oso_parse_options opts;
    struct oso_dossier *d;
    oso_report *report;
    struct oso_structure *st;
    struct oso_frame *frames; /* frames[0] is the document */
    size_t depth, frames_cap;
    uint64_t input_bytes;
    oso_status status;        /* set when the input is refused */
    int finished;
    int text_open;            /* the arena's open string holds text of the innermost element */
    struct pending_ns *ns;
    size_t ns_count, ns_cap;
    /* Streaming mode: the bestandsinhoud being decoded and passed to attachment_fn, or only
     * counted (drop_content). */
    struct oso_node *streaming;
    uint64_t streamed_bytes;
    oso_base64_decoder decoder;
    int stream_failed;
    int drop_content;         /* OSO_KEEP_NO_ATTACHMENT_TEXT without an attachment_fn */
    /* Dropped content, for the same limits as kept text: the piece of text that the arena
     * would hold open (its length; whether it is all layout), and the TEXT nodes kept text
     * would have become (they count against max_nodes). */
    uint64_t dropped_open;
    int dropped_layout;
    uint64_t phantom_nodes;
    int finished_input;       /* the last piece was parsed as final */
    uint64_t fed;             /* input bytes handed to expat or left out so far */
    /* Attachment content scanned instead of parsed (content_scan.h): on when content is
     * dropped from UTF-8 input. */
    int scan_content;
    const char *content_name; /* local name of the content element */
    size_t content_name_len;
    uint64_t content_tag_end; /* input offset after the start tag of the content being dropped */
    int in_content;           /* the input so far ends inside content being scanned */
    unsigned unconfirmed_tags;
    int content_after_cr;     /* ... with a CR */
    struct left_out *left_out;
    size_t left_out_count, left_out_cap;
    size_t left_out_before;   /* entries before the latest index input_offset() mapped */
    /* Whole input: the content runs found before parsing (plan_content), left out of the one
     * call expat gets; each is counted when expat opens its element (the next in order). */
    struct content_plan *plans;
    size_t plan_count, plan_cap, plans_applied;
    uint64_t last_event;      /* byte index of the latest parser event */
    uint64_t token_limit;     /* bytes one tag, comment or PI may take (parse.h) */
    /* The first bytes, held back until there are enough for expat's encoding detection. */
    char head[HEAD_BYTES];
    size_t head_len;
};

enum { STREAM_CHUNK = 48 * 1024 };

/* A tag, comment or processing instruction may be this much longer than max_text_bytes. */
#define TOKEN_SLACK ((uint64_t)1 << 20)

/* `items` (`count` of `size` bytes, room for `*cap`) with room for one more: the same block,
 * or one twice as large (16 at first); NULL on out of memory, `items` then unchanged. */
static void *room_for_one(void *items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return items;
    size_t grown_cap = *cap ? *cap * 2 : 16;
    void *grown = realloc(items, grown_cap * size);
    if (grown != NULL)
        *cap = grown_cap;
    return grown;
}

/* ---- refusals ----------------------------------------------------------------------------- */

static int push_group(struct line_index *li, uint64_t first, uint64_t offset, uint64_t breaks)
{
    if (li->count == li->cap) {
        if (li->head > 0) { /* reuse the consumed front */
            memmove(li->groups, li->groups + li->head, (li->count - li->head) * sizeof *li->groups);
            li->count -= li->head;
            li->head = 0;
        }
        struct line_group *groups = room_for_one(li->groups, &li->cap, li->count, sizeof *groups);
        if (groups == NULL)
            return 0;
        li->groups = groups;
    }
    li->groups[li->count].first = first;
    li->groups[li->count].offset = offset;
    li->groups[li->count].breaks = breaks;
    li->count++;
    return 1;
}

/* Record the line breaks (LF, CRLF, lone CR) of the next piece of input. */
static int scan_lines(struct line_index *li, const char *data, size_t len)
{
    if (!li->active || len == 0)
        return 1;
    /* UTF-16 starts with a byte-order mark, or has a NUL in its first two bytes. */
    unsigned char b0 = li->scanned == 0 ? (unsigned char)data[0] : li->first_byte;
    int b1_known = li->scanned >= 2 || (li->scanned == 0 ? len >= 2 : 1);
    unsigned char b1 = li->scanned == 0 ? (len >= 2 ? (unsigned char)data[1] : 0)
                                        : (unsigned char)data[0];
    if (li->scanned < 2 && (b0 == 0xFE || b0 == 0xFF || b0 == 0 || (b1_known && b1 == 0))) {
        li->active = 0;
        return 1;
    }
    if (li->scanned == 0)
        li->first_byte = b0;
    /* Breaks after the last '<' of the piece (all of them when there is none) collapse. */
    const char *lt = memrchr(data, '<', len);
    size_t split = lt ? (size_t)(lt - data) : 0;
    uint64_t base = li->scanned, tail_breaks = 0, tail_offset = 0, tail_first = 0;
    int has_cr = li->pending_cr || memchr(data, '\r', len) != NULL;
    for (size_t i = 0; i < len; i++) {
        if (!has_cr) {
            const char *nl = memchr(data + i, '\n', len - i);
            if (nl == NULL)
                break;
            i = (size_t)(nl - data);
        } else if (data[i] != '\n' && data[i] != '\r') {
            continue;
        }
        int is_break = data[i] == '\r' || !(i == 0 ? li->pending_cr : data[i - 1] == '\r');
        if (data[i] == '\n' && !is_break) {
            /* LF of a CRLF: the break was counted at the CR; move its end here. */
            if (tail_breaks)
                tail_offset = base + i;
            else if (li->count > li->head)
                li->groups[li->count - 1].offset = base + i;
            continue;
        }
        if (lt == NULL || i >= split) {
            if (tail_breaks++ == 0)
                tail_first = base + i;
            tail_offset = base + i;
        } else if (!push_group(li, base + i, base + i, 1)) {
            return 0;
        }
    }
    if (tail_breaks && !push_group(li, tail_first, tail_offset, tail_breaks))
        return 0;
    li->pending_cr = data[len - 1] == '\r';
    li->scanned += len;
    return 1;
}

static int is_utf16_head(const char *data, size_t len)
{
    unsigned char b0 = (unsigned char)data[0], b1 = len >= 2 ? (unsigned char)data[1] : 1;
    return b0 == 0xFE || b0 == 0xFF || b0 == 0 || b1 == 0;
}

/* Take `data` (all of the input, len > 0) as the source of positions. 0: UTF-16, where expat's
 * positions are used (and the input may go in pieces). */
static int whole_input(struct line_index *li, const char *data, size_t len)
{
    if (is_utf16_head(data, len)) {
        li->active = 0;
        return 0;
    }
    li->whole = data;
    li->whole_len = len;
    li->whole_has_cr = memchr(data, '\r', len) != NULL;
    return 1;
}

/* Count the line breaks of the whole input up to `index`, the same way scan_lines and
 * position_at do for pieces: a CRLF ends where its LF is, so a CR just before `index` with its
 * LF at `index` is left for the next call. */
static void count_lines_to(struct line_index *li, uint64_t index)
{
    if (index < li->scanned) /* an error before the latest event: count again */
        li->line = li->line_start = li->scanned = 0;
    const char *data = li->whole;
    size_t end = index < li->whole_len ? (size_t)index : li->whole_len;
    if (end > 0 && end < li->whole_len && data[end - 1] == '\r' && data[end] == '\n')
        end--;
    size_t i = (size_t)li->scanned;
    while (i < end) {
        const char *nl = memchr(data + i, '\n', end - i);
        size_t stop = nl ? (size_t)(nl - data) : end;
        const char *cr = li->whole_has_cr ? memchr(data + i, '\r', stop - i) : NULL;
        while (cr != NULL) { /* a CR before `stop`'s LF starts a CRLF: counted here */
            size_t at = (size_t)(cr - data);
            li->line++;
            li->line_start = at + 1;
            cr = memchr(data + at + 1, '\r', stop - at - 1);
        }
        if (nl == NULL)
            break;
        if (stop == 0 || data[stop - 1] != '\r')
            li->line++;
        li->line_start = stop + 1;
        i = stop + 1;
    }
    li->scanned = end;
}

/* Line and column (1-based) of the byte at `index`; indices only grow between calls. */
static void position_at(struct oso_parser *p, uint64_t index, unsigned long *line,
                        unsigned long *column)
{
    struct line_index *li = &p->lines;
    if (!li->active) {
        *line = (unsigned long)XML_GetCurrentLineNumber(p->xp);
        *column = (unsigned long)XML_GetCurrentColumnNumber(p->xp) + 1;
        return;
    }
    if (li->whole != NULL) {
        count_lines_to(li, index);
        *line = (unsigned long)(li->line + 1);
        *column = (unsigned long)(index >= li->line_start ? index - li->line_start + 1 : 1);
        return;
    }
    while (li->head < li->count && li->groups[li->head].offset < index) {
        li->line += li->groups[li->head].breaks;
        li->line_start = li->groups[li->head].offset + 1;
        li->head++;
    }
    if (li->head == li->count)
        li->head = li->count = 0;
    *line = (unsigned long)(li->line + 1);
    *column = (unsigned long)(index >= li->line_start ? index - li->line_start + 1 : 1);
}

/* Does a collapsed group of line breaks begin before `index` and end after it? Then the line
 * of `index` is not known exactly (only possible for an error inside trailing text). */
static int straddles(const struct line_index *li, uint64_t index)
{
    for (size_t i = li->head; i < li->count; i++) {
        const struct line_group *g = &li->groups[i];
        if (g->offset >= index)
            return g->breaks > 1 && g->first < index;
    }
    return 0;
}

/* The input offset of expat's byte index `index` (>= 0): content left out before it added.
 * Indices mostly grow from call to call: the search starts where the last one ended. */
static uint64_t input_offset(struct oso_parser *p, XML_Index index)
{
    if (p->left_out_count == 0) /* nothing was left out (most input) */
        return (uint64_t)index;
    size_t i = p->left_out_before;
    while (i < p->left_out_count && p->left_out[i].expat_at <= (uint64_t)index)
        i++;
    while (i > 0 && p->left_out[i - 1].expat_at > (uint64_t)index)
        i--;
    p->left_out_before = i;
    return (uint64_t)index + (i > 0 ? p->left_out[i - 1].shift : 0);
}

/* Outside a handler expat may know no current event (-1): the latest one is the best guess. */
static void current_position(struct oso_parser *p, unsigned long *line, unsigned long *column)
{
    XML_Index index = XML_GetCurrentByteIndex(p->xp);
    position_at(p, index < 0 ? p->last_event : input_offset(p, index), line, column);
}



/* The input was refused (the refusal is oso_error_last()) while an attachment was being
 * streamed: tell its receiver the content will not end, so it can clean up in one place. Its
 * answer no longer matters; the refusal stays the last error. */
static void abandon_stream(struct oso_parser *p)
{
    struct oso_node *content = p->streaming;
    p->streaming = NULL;
    if (content == NULL || p->opts.attachment_fn == NULL)
        return;
    char why[1024];
    snprintf(why, sizeof why, "%s", oso_error_last());
    (void)p->opts.attachment_fn(p->opts.attachment_ctx, oso_node_link(content, content->parent),
                                NULL, 0, -1);
    oso_fail(p->status, "%s", why);
}

/* Refuse the document: record one XML diagnostic and stop expat. */
static void refuse(struct oso_parser *p, oso_status status, const char *rule, const char *nl,
                   const char *en)
{
    if (p->status != OSO_OK)
        return;
    p->status = status;
    unsigned long line, column;
    current_position(p, &line, &column);
    oso_report_clear(p->report); /* a refused document has one diagnostic: the refusal */
    oso_report_add(p->report, rule, OSO_SEVERITY_ERROR, "", line, column, 0, nl, en);
    oso_fail(status, "line %lu: %s", line, en);
    XML_StopParser(p->xp, XML_FALSE);
    abandon_stream(p);
}

static void out_of_memory(struct oso_parser *p)
{
    refuse(p, OSO_E_NOMEM, "XML", "Onvoldoende geheugen.", "Out of memory.");
}

/* Dutch texts for expat's errors (the English ones come from expat). */
static const char *expat_error_nl(enum XML_Error code)
{
    switch (code) {
    case XML_ERROR_NO_MEMORY: return "onvoldoende geheugen";
    case XML_ERROR_SYNTAX: return "syntaxfout";
    case XML_ERROR_NO_ELEMENTS: return "geen element gevonden (leeg of afgebroken bestand)";
    case XML_ERROR_INVALID_TOKEN: return "geen goedgevormde XML (ongeldig teken)";
    case XML_ERROR_UNCLOSED_TOKEN: return "onafgesloten markering (afgebroken bestand?)";
    case XML_ERROR_PARTIAL_CHAR: return "onvolledig teken (ongeldige UTF-8?)";
    case XML_ERROR_TAG_MISMATCH: return "sluittag past niet bij de openingstag";
    case XML_ERROR_DUPLICATE_ATTRIBUTE: return "dubbel attribuut";
    case XML_ERROR_JUNK_AFTER_DOC_ELEMENT: return "inhoud na het hoofdelement";
    case XML_ERROR_UNDEFINED_ENTITY: return "onbekende entiteit";
    case XML_ERROR_UNKNOWN_ENCODING: return "niet-ondersteunde tekencodering";
    case XML_ERROR_INCORRECT_ENCODING: return "de tekencodering klopt niet met de declaratie";
    case XML_ERROR_UNCLOSED_CDATA_SECTION: return "onafgesloten CDATA-sectie";
    case XML_ERROR_UNBOUND_PREFIX: return "namespace-prefix niet gedeclareerd";
    case XML_ERROR_MISPLACED_XML_PI: return "XML-declaratie niet aan het begin van het bestand";
    case XML_ERROR_BAD_CHAR_REF: return "ongeldige tekenverwijzing";
    case XML_ERROR_INVALID_ARGUMENT: return "ongeldig argument";
    default: return "geen goedgevormde XML";
    }
}

/* Tokens expat holds back until complete (tags, comments, processing instructions) produce no
 * event while they grow: the distance from the latest event bounds them (max_text_bytes). */
static void note_event(struct oso_parser *p)
{
    XML_Index index = XML_GetCurrentByteIndex(p->xp);
    if (index > 0)
        p->last_event = input_offset(p, index);
}

static void refuse_token(struct oso_parser *p)
{
    refuse(p, OSO_E_LIMIT, "XML",
           "Een XML-markering (tag, commentaar of verwerkingsinstructie) is groter dan de "
           "ingestelde limiet.",
           "An XML token (tag, comment or processing instruction) is larger than the "
           "configured limit.");
}

/* A tag, comment or processing instruction that expat has completed: its exact size. */
static void note_token(struct oso_parser *p)
{
    note_event(p);
    if ((uint64_t)XML_GetCurrentByteCount(p->xp) > p->token_limit)
        refuse_token(p);
}

static oso_status expat_failed(struct oso_parser *p);

/* After a piece: is a token still open that is already longer than the limit? The distance
 * from the latest event is an upper bound of its size, so almost always it settles the
 * question. Otherwise expat must say where the open token starts: it knows only while it
 * tokenises, and defers re-tokenising a long open token until much more input has come (then
 * the byte index is -1 and complete tokens may still wait behind it). Tokenising what it holds
 * once more, now, costs at most the limit, and happens at most about once per limit's worth
 * of input: afterwards the open token starts beyond the input seen at the previous check. */
static oso_status check_token_size(struct oso_parser *p)
{
    if (p->status != OSO_OK || p->fed - p->last_event <= p->token_limit)
        return p->status;
#ifdef OSO_EXPAT_REPARSE_DEFERRAL
    XML_SetReparseDeferralEnabled(p->xp, XML_FALSE);
#endif
    enum XML_Status parsed = XML_Parse(p->xp, "", 0, XML_FALSE);
#ifdef OSO_EXPAT_REPARSE_DEFERRAL
    XML_SetReparseDeferralEnabled(p->xp, XML_TRUE);
#endif
    if (parsed != XML_STATUS_OK)
        return expat_failed(p);
    XML_Index open = XML_GetCurrentByteIndex(p->xp);
    if (open >= 0 && input_offset(p, open) > p->last_event)
        p->last_event = input_offset(p, open); /* refuse() reports the token where it starts */
    if (p->fed - p->last_event > p->token_limit)
        refuse_token(p);
    return p->status;
}

/* ---- text --------------------------------------------------------------------------------- */

static struct oso_frame *top(struct oso_parser *p) { return &p->frames[p->depth - 1]; }

/* May one more node be made? Refuses the input when not. */
static int node_allowed(struct oso_parser *p)
{
    /* Not counting the nil and document nodes; counting those dropped content did not make. */
    if (p->d->node_count - 2 + p->phantom_nodes < p->opts.max_nodes)
        return 1;
    refuse(p, OSO_E_LIMIT, "XML", "Te veel knopen: de ingestelde limiet is overschreden.",
           "Too many nodes: the configured limit was exceeded.");
    return 0;
}

/* Link a new node as the last child of the innermost open element. */
static struct oso_node *append_node(struct oso_parser *p, enum oso_node_kind kind, uint32_t *idx)
{
    if (!node_allowed(p))
        return NULL;
    struct oso_node *n = oso_model_new_node(p->d, kind, idx);
    if (n == NULL) {
        out_of_memory(p);
        return NULL;
    }
    struct oso_frame *f = top(p);
    n->parent = oso_node_index(f->node);
    unsigned long line, column;
    current_position(p, &line, &column);
    n->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    n->column = column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
    if (f->last_child == OSO_NIL)
        f->node->first_child = *idx;
    else
        oso_node_at(p->d, f->last_child)->next_sibling = *idx;
    f->last_child = *idx;
    return n;
}

/* Does text gathered in frame f (`len` bytes, all of them layout or not) become a TEXT child
 * when something ends it (a comment or PI: for_comment; an element)? Whitespace among
 * elements is layout and is dropped. */
static int text_becomes_node(const struct oso_frame *f, uint64_t len, int layout, int for_comment)
{
    return len > 0 && f->node->kind == OSO_KIND_ELEMENT &&
           (!layout || (for_comment && !f->has_elements && f->stype != OSO_SCHEMA_NONE));
}

/* Dropped attachment content ended by a comment, PI or element, where kept text would be
 * flushed (flush_text): count the TEXT node it would have become. */
static void flush_dropped(struct oso_parser *p, int for_comment)
{
    if (!p->drop_content || p->streaming == NULL || top(p)->node != p->streaming)
        return;
    int becomes_node = text_becomes_node(top(p), p->dropped_open, p->dropped_layout, for_comment);
    p->dropped_open = 0;
    p->dropped_layout = 1;
    if (becomes_node && node_allowed(p))
        p->phantom_nodes++;
}

/* Move text gathered so far out of the innermost element into a TEXT child: it is a piece of
 * split text (comments in between) or stray text among elements. */
static void flush_open_text(struct oso_parser *p, int for_comment)
{
    struct oso_frame *f = top(p);
    const char *data = oso_arena_open_data(&p->d->arena);
    size_t len = oso_arena_open_length(&p->d->arena);
    int layout = oso_all_space(data, len);
    if (!text_becomes_node(f, len, layout, for_comment)) {
        oso_arena_open_abandon(&p->d->arena);
        p->text_open = 0;
        return;
    }
    if (!layout && f->stype == OSO_SCHEMA_NONE && f->ctype != OSO_SCHEMA_NONE)
        oso_structure_text_in_elements(p->st, f);
    char *text = oso_arena_open_close(&p->d->arena);
    p->text_open = 0;
    uint32_t idx;
    struct oso_node *n = text ? append_node(p, OSO_KIND_TEXT, &idx) : NULL;
    if (n == NULL) {
        if (text == NULL)
            out_of_memory(p);
        return;
    }
    n->text = text;
    n->text_len = (uint32_t)len;
    if (!f->has_elements)
        f->node->flags |= OSO_NF_SPLIT_TEXT;
}

/* Called before whatever ends a piece of text; the checks stay inline in the handlers (they
 * run for every element). */
static inline void flush_text(struct oso_parser *p, int for_comment)
{
    if (p->text_open)
        flush_open_text(p, for_comment);
    else if (p->streaming != NULL) /* dropped content is never open text */
        flush_dropped(p, for_comment);
}

/* Decode a piece of streamed attachment text and pass the bytes on. */
static void stream_text(struct oso_parser *p, const char *s, size_t len)
{
    unsigned char out[STREAM_CHUNK];
    p->streamed_bytes += len;
    while (len > 0 && !p->stream_failed) {
        size_t piece = len < STREAM_CHUNK / 4 * 3 ? len : STREAM_CHUNK / 4 * 3, n = 0;
        if (oso_base64_decoder_feed(&p->decoder, s, piece, out, sizeof out, &n) != OSO_OK) {
            p->stream_failed = 1;
            break;
        }
        oso_status st = n ? p->opts.attachment_fn(p->opts.attachment_ctx,
                                                 oso_node_link(p->streaming, p->streaming->parent),
                                                 out, n, 0)
                          : OSO_OK;
        if (st != OSO_OK) {
            p->streaming = NULL; /* the receiver stopped it: no end call */
            return refuse(p, st, "XML", "Verwerking van een bijlage is afgebroken.",
                          "Processing of an attachment was aborted.");
        }
        s += piece;
        len -= piece;
    }
}

static void stream_end(struct oso_parser *p)
{
    struct oso_node *doc = oso_node_link(p->streaming, p->streaming->parent);
    unsigned char out[4];
    size_t n = 0;
    if (!p->stream_failed && oso_base64_decoder_finish(&p->decoder, out, &n) != OSO_OK)
        p->stream_failed = 1;
    if (p->stream_failed) {
        oso_report_node(p->report, "ATT.BASE64", OSO_SEVERITY_ERROR, doc,
                        "De bijlage is geen geldige Base64 (fout bij byte %llu van de inhoud).",
                        "The attachment is not valid Base64 (error at byte %llu of the content).",
                        (unsigned long long)p->decoder.error_offset);
        oso_fail(OSO_E_BASE64, "the attachment is not valid Base64 (error at byte %llu of the content)",
                 (unsigned long long)p->decoder.error_offset);
    }
    oso_status st = p->opts.attachment_fn(p->opts.attachment_ctx, doc, n ? out : NULL, n,
                                          p->stream_failed ? -1 : 1);
    p->streaming->flags |= OSO_NF_STREAMED;
    p->d->streamed = 1;
    p->streaming->text_len = p->streamed_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)p->streamed_bytes;
    p->streaming = NULL;
    if (st != OSO_OK)
        refuse(p, st, "XML", "Verwerking van een bijlage is afgebroken.",
               "Processing of an attachment was aborted.");
}

static void refuse_long_text(struct oso_parser *p)
{
    refuse(p, OSO_E_LIMIT, "XML", "Tekstwaarde groter dan de ingestelde limiet.",
           "Text value larger than the configured limit.");
}

/* A piece of attachment text that is not kept: counted and limited as kept text would be. */
static void drop_text(struct oso_parser *p, const char *s, size_t len)
{
    if (p->dropped_open + len > p->opts.max_text_bytes)
        return refuse_long_text(p);
    p->dropped_open += len;
    p->streamed_bytes += len;
    if (p->dropped_layout)
        p->dropped_layout = oso_all_space(s, len);
}

/* The end of attachment text that was not kept: the element keeps its length. */
static void drop_end(struct oso_parser *p)
{
    struct oso_node *n = p->streaming;
    if (n->first_child != OSO_NIL) /* as on_end flushes kept text among children */
        flush_dropped(p, !top(p)->has_elements);
    n->flags |= OSO_NF_STREAMED;
    n->text_len = p->streamed_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)p->streamed_bytes;
    p->d->streamed = 1;
    p->streaming = NULL;
}

/* The XML whitespace at the start of s[0..len): indentation, mostly, eight spaces at a time. */
static size_t leading_space(const char *s, size_t len)
{
    static const char spaces[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    size_t i = 0;
    while (len - i >= sizeof spaces && memcmp(s + i, spaces, sizeof spaces) == 0)
        i += sizeof spaces;
    while (i < len && oso_is_xml_space((unsigned char)s[i]))
        i++;
    return i;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct oso_parser *p = ud;
    note_event(p);
    if (p->status != OSO_OK || p->depth < 2)
        return;
    if (p->streaming != NULL && top(p)->node == p->streaming)
        return p->drop_content ? drop_text(p, s, (size_t)len) : stream_text(p, s, (size_t)len);
    if (!p->text_open) {
        /* Among elements, layout is dropped and so is the leading whitespace of stray text,
         * however expat splits it into pieces: what is kept, and counted against the text
         * limit, starts at the first other character. */
        const struct oso_frame *f = top(p);
        if (f->stype == OSO_SCHEMA_NONE && f->ctype != OSO_SCHEMA_NONE) {
            size_t space = leading_space(s, (size_t)len);
            if (space == (size_t)len)
                return;
            s += space;
            len -= (int)space;
        }
        oso_arena_open_begin(&p->d->arena);
        p->text_open = 1;
    }
    if (oso_arena_open_length(&p->d->arena) + (size_t)len > p->opts.max_text_bytes)
        return refuse_long_text(p);
    if (!oso_arena_open_append(&p->d->arena, s, (size_t)len))
        out_of_memory(p);
}

/* Concatenate the TEXT children of an element whose text was split by comments. */
static void join_split_text(struct oso_parser *p, struct oso_node *e)
{
    size_t total = 0;
    for (struct oso_node *c = oso_node_link(e, e->first_child); c; c = oso_node_link(c, c->next_sibling))
        if (c->kind == OSO_KIND_TEXT)
            total += c->text_len;
    char *joined = oso_arena_alloc(&p->d->arena, total + 1);
    if (joined == NULL) {
        out_of_memory(p);
        return;
    }
    size_t at = 0;
    for (struct oso_node *c = oso_node_link(e, e->first_child); c; c = oso_node_link(c, c->next_sibling))
        if (c->kind == OSO_KIND_TEXT) {
            memcpy(joined + at, c->text, c->text_len);
            at += c->text_len;
        }
    joined[at] = '\0';
    e->text = joined;
    e->text_len = (uint32_t)total;
}

/* ---- elements ----------------------------------------------------------------------------- */

/* Split expat's "uri\1local\1prefix" (or "local"). Returns whether the name is in the
 * dossier's namespace. */
static int split_name(const struct oso_parser *p, const char *name, const char **uri,
                       size_t *uri_len, const char **local, size_t *local_len, const char **prefix)
{
    /* Nearly every name is in the dossier's namespace: recognise it without searching. */
    if (strncmp(name, p->ns_uri, p->ns_uri_len) == 0 && name[p->ns_uri_len] == NS_SEP) {
        const char *l = name + p->ns_uri_len + 1, *e = l;
        while (*e != '\0' && *e != NS_SEP)
            e++;
        *uri = name;
        *uri_len = p->ns_uri_len;
        *local = l;
        *local_len = (size_t)(e - l);
        *prefix = *e == NS_SEP ? e + 1 : NULL;
        return 1;
    }
    const char *sep = strchr(name, NS_SEP);
    *prefix = NULL;
    if (sep == NULL) {
        *uri = NULL;
        *uri_len = 0;
        *local = name;
        *local_len = strlen(name);
        return 0;
    }
    *uri = name;
    *uri_len = (size_t)(sep - name);
    *local = sep + 1;
    const char *sep2 = strchr(*local, NS_SEP);
    *local_len = sep2 ? (size_t)(sep2 - *local) : strlen(*local);
    if (sep2)
        *prefix = sep2 + 1;
    return 0; /* in the namespace, the name would have taken the first branch */
}

static int is_oso_ns(const struct oso_parser *p, const char *uri, size_t len)
{
    return uri != NULL && len == p->ns_uri_len && memcmp(uri, p->ns_uri, len) == 0;
}

/* The root element's namespace picks the standard version: the model and the structural
 * checks follow its schema from here on. 0 on out of memory. */
static int select_schema(struct oso_parser *p, const char *uri, size_t uri_len)
{
    const struct oso_schema *sc = uri != NULL ? oso_schema_for_namespace(uri, uri_len) : NULL;
    if (sc == NULL || sc == p->d->schema)
        return 1;
    p->d->schema = sc;
    p->ns_uri = sc->namespace_uri;
    p->ns_uri_len = strlen(sc->namespace_uri);
    p->content_name = sc->rows[sc->row_document_content].name;
    p->content_name_len = strlen(p->content_name);
    oso_structure_release(p->st);
    return oso_structure_init(p->st, p->report, sc);
}

static char *dup_part(struct oso_parser *p, const char *s, size_t len)
{
    char *c = oso_arena_strndup(&p->d->arena, s, len);
    if (c == NULL)
        out_of_memory(p);
    return c;
}

static int push_frame(struct oso_parser *p)
{
    struct oso_frame *frames = room_for_one(p->frames, &p->frames_cap, p->depth, sizeof *frames);
    if (frames == NULL) {
        out_of_memory(p);
        return 0;
    }
    p->frames = frames;
    p->depth++;
    return 1;
}

static void record_extras(struct oso_parser *p, uint32_t idx, const char *prefix)
{
    for (size_t i = 0; i < p->ns_count; i++)
        if (!oso_model_add_extra(p->d, idx, OSO_EXTRA_NSDECL, p->ns[i].prefix, p->ns[i].uri, NULL))
            return out_of_memory(p);
    if (prefix != NULL && !oso_model_add_extra(p->d, idx, OSO_EXTRA_PREFIX, prefix, NULL, NULL))
        return out_of_memory(p);
}

/* Elements whose names the schema does not know keep their own name and namespace. */
static void record_foreign_name(struct oso_parser *p, uint32_t idx, const char *uri,
                                size_t uri_len, const char *local, size_t local_len)
{
    char *name = dup_part(p, local, local_len);
    if (name == NULL || !oso_model_add_extra(p->d, idx, OSO_EXTRA_NAME, name, NULL, NULL))
        return out_of_memory(p);
    if (!is_oso_ns(p, uri, uri_len)) {
        char *ns = uri ? dup_part(p, uri, uri_len) : "";
        if (ns == NULL || !oso_model_add_extra(p->d, idx, OSO_EXTRA_NS, ns, NULL, NULL))
            return out_of_memory(p);
    }
}

static void record_attributes(struct oso_parser *p, uint32_t idx, const XML_Char **atts)
{
    struct oso_frame *f = top(p);
    for (size_t i = 0; atts[i] != NULL; i += 2) {
        const char *uri, *local, *prefix;
        size_t uri_len, local_len;
        (void)split_name(p, atts[i], &uri, &uri_len, &local, &local_len, &prefix);
        char *ns = uri ? dup_part(p, uri, uri_len) : NULL;
        char *qname;
        if (prefix != NULL) {
            size_t pl = strlen(prefix);
            qname = oso_arena_alloc(&p->d->arena, pl + 1 + local_len + 1);
            if (qname != NULL) {
                memcpy(qname, prefix, pl);
                qname[pl] = ':';
                memcpy(qname + pl + 1, local, local_len);
                qname[pl + 1 + local_len] = '\0';
            }
        } else {
            qname = dup_part(p, local, local_len);
        }
        if ((uri && ns == NULL) || qname == NULL ||
            !oso_model_add_extra(p->d, idx, OSO_EXTRA_ATTR, qname, atts[i + 1], ns))
            return out_of_memory(p);
        oso_structure_attribute(p->st, f, ns, qname + (prefix ? strlen(prefix) + 1 : 0), atts[i + 1]);
    }
    oso_structure_attributes_done(p->st, f);
}

static int count_content(struct oso_parser *p, uint64_t at, const char *bytes,
                         const struct oso_content_run *run);

/* Content to drop was opened: when the next planned run starts where its start tag ends, that
 * run is its text (as the pieces path checks before it scans: content_opened). */
static void apply_plan(struct oso_parser *p)
{
    if (p->plans_applied < p->plan_count &&
        p->plans[p->plans_applied].input_at == p->content_tag_end) {
        const struct content_plan *plan = &p->plans[p->plans_applied++];
        (void)count_content(p, plan->input_at, NULL, &plan->run);
    }
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct oso_parser *p = ud;
    note_token(p);
    if (p->status != OSO_OK)
        return;
    if (p->depth > p->opts.max_depth) {
        refuse(p, OSO_E_LIMIT, "XML", "Elementen te diep genest: de ingestelde limiet is overschreden.",
               "Elements nested too deeply: the configured limit was exceeded.");
        return;
    }
    flush_text(p, 0);
    const char *uri, *local, *prefix;
    size_t uri_len, local_len;
    int in_ns = split_name(p, name, &uri, &uri_len, &local, &local_len, &prefix);
    if (p->depth == 1) { /* the root: its namespace picks the standard version */
        if (!select_schema(p, uri, uri_len)) {
            out_of_memory(p);
            return;
        }
        in_ns = is_oso_ns(p, uri, uri_len);
    }
    uint32_t idx;
    struct oso_node *n = append_node(p, OSO_KIND_ELEMENT, &idx);
    if (n == NULL || !push_frame(p))
        return;
    struct oso_frame *parent = &p->frames[p->depth - 2], *f = &p->frames[p->depth - 1];
    uint16_t name_id = in_ns ? oso_schema_name_lookup(p->d->schema, local, local_len) : OSO_SCHEMA_NONE;
    if (name_id == OSO_SCHEMA_NONE || p->depth == 2) /* a misplaced root keeps its name too */
        record_foreign_name(p, idx, uri, uri_len, local, local_len);
    if (p->depth == 2) {
        if (!oso_structure_root(p->st, f, n, in_ns, local, local_len)) {
            if (uri != NULL && oso_schema_is_oso_namespace(uri, uri_len) && local_len == 7 &&
                memcmp(local, "dossier", 7) == 0) {
                refuse(p, OSO_E_UNSUPPORTED_STANDARD, "XSD",
                       "Niet-ondersteunde versie van de standaard: dit dossier gebruikt een andere "
                       "OSO-namespace dan 2019 (liboso ondersteunt OSO Gegevensset 2019.1).",
                       "Unsupported standard version: this dossier uses another OSO namespace "
                       "than 2019 (liboso supports OSO Gegevensset 2019.1).");
                return;
            }
            oso_report_add(p->report, "XSD", OSO_SEVERITY_ERROR, "", n->line, n->column,
                           oso_node_index(n),
                           "Het hoofdelement is geen OSO 2019.1-dossier (verwacht: 'dossier' in "
                           "namespace " OSO_NAMESPACE ").",
                           "The root element is not an OSO 2019.1 dossier (expected 'dossier' in "
                           "namespace " OSO_NAMESPACE ").");
        }
    } else {
        oso_structure_child(p->st, parent, f, n, name_id, local, local_len);
    }
    record_extras(p, idx, prefix);
    for (size_t i = 0; i < p->ns_count; i++) {
        free(p->ns[i].prefix);
        free(p->ns[i].uri);
    }
    p->ns_count = 0;
    if (p->status == OSO_OK)
        record_attributes(p, idx, atts);
    if ((p->opts.attachment_fn != NULL || p->drop_content) &&
        n->row == p->d->schema->row_document_content && p->streaming == NULL) {
        p->streaming = n;
        p->streamed_bytes = 0;
        p->stream_failed = 0;
        p->dropped_open = 0;
        p->dropped_layout = 1;
        oso_base64_decoder_init(&p->decoder);
        p->content_tag_end = input_offset(p, XML_GetCurrentByteIndex(p->xp)) +
                             (uint64_t)XML_GetCurrentByteCount(p->xp);
        apply_plan(p);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct oso_parser *p = ud;
    note_token(p);
    (void)name;
    if (p->status != OSO_OK)
        return;
    struct oso_frame *f = top(p);
    struct oso_node *n = f->node;
    if (n == p->streaming) {
        if (p->drop_content)
            drop_end(p);
        else
            stream_end(p);
        oso_structure_end(p->st, f);
        p->depth--;
        return;
    }
    int element_only = f->ctype != OSO_SCHEMA_NONE && f->stype == OSO_SCHEMA_NONE;
    if (n->first_child == OSO_NIL && !element_only) {
        if (p->text_open) {
            size_t len = oso_arena_open_length(&p->d->arena);
            n->text = oso_arena_open_close(&p->d->arena);
            n->text_len = (uint32_t)len;
            p->text_open = 0;
            if (n->text == NULL)
                return out_of_memory(p);
        }
    } else {
        flush_text(p, !f->has_elements);
        if ((n->flags & OSO_NF_SPLIT_TEXT) && !f->has_elements)
            join_split_text(p, n);
    }
    oso_structure_end(p->st, f);
    p->depth--;
}

/* A comment or processing instruction: ends the text before it, kept as a node. */
static struct oso_node *append_markup(struct oso_parser *p, enum oso_node_kind kind,
                                      const char *data, uint32_t *idx)
{
    note_token(p);
    if (p->status != OSO_OK)
        return NULL;
    flush_text(p, 1);
    struct oso_node *n = append_node(p, kind, idx);
    if (n == NULL)
        return NULL;
    size_t len = strlen(data);
    n->text = dup_part(p, data, len);
    n->text_len = (uint32_t)len;
    return n;
}

static void XMLCALL on_comment(void *ud, const XML_Char *data)
{
    uint32_t idx;
    append_markup(ud, OSO_KIND_COMMENT, data, &idx);
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
    struct oso_parser *p = ud;
    uint32_t idx;
    if (append_markup(p, OSO_KIND_PI, data, &idx) != NULL &&
        !oso_model_add_extra(p->d, idx, OSO_EXTRA_PI_TARGET, target, NULL, NULL))
        out_of_memory(p);
}

/* The XML declaration is a token like a processing instruction (and limited like one). */
static void XMLCALL on_xml_decl(void *ud, const XML_Char *version, const XML_Char *encoding,
                                int standalone)
{
    (void)version, (void)encoding, (void)standalone;
    note_token(ud);
}

static void XMLCALL on_ns_start(void *ud, const XML_Char *prefix, const XML_Char *uri)
{
    struct oso_parser *p = ud;
    if (p->status != OSO_OK)
        return;
    struct pending_ns *ns = room_for_one(p->ns, &p->ns_cap, p->ns_count, sizeof *ns);
    if (ns == NULL)
        return out_of_memory(p);
    p->ns = ns;
    struct pending_ns *e = &p->ns[p->ns_count];
    e->prefix = strdup(prefix ? prefix : "");
    e->uri = strdup(uri ? uri : "");
    p->ns_count++;
    if (e->prefix == NULL || e->uri == NULL)
        out_of_memory(p);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    refuse(ud, OSO_E_XML, "XML",
           "DOCTYPE-declaraties worden geweigerd: een OSO-dossier heeft geen DTD of entiteiten.",
           "DOCTYPE declarations are refused: an OSO dossier has no DTD or entities.");
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param,
                                   const XML_Char *value, int value_len, const XML_Char *base,
                                   const XML_Char *sysid, const XML_Char *pubid,
                                   const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid,
        (void)pubid, (void)notation;
    refuse(ud, OSO_E_XML, "XML", "Entiteitdeclaraties worden geweigerd.",
           "Entity declarations are refused.");
}

/* ---- public API --------------------------------------------------------------------------- */

oso_status oso_parse_options_init(oso_parse_options *opts, unsigned int version)
{
    if (opts == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_parse_options_init: NULL options");
    if (version == 0 || version > OSO_PARSE_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_parse_options version %u is not supported",
                        version);
    oso_parse_options defaults = OSO_PARSE_OPTIONS_INIT;
    *opts = defaults;
    return OSO_OK;
}

void oso_parser_free(oso_parser *p)
{
    if (p == NULL)
        return;
    if (p->xp)
        XML_ParserFree(p->xp);
    oso_dossier_free(p->d);
    oso_report_free(p->report);
    for (size_t i = 0; i < p->ns_count; i++) {
        free(p->ns[i].prefix);
        free(p->ns[i].uri);
    }
    free(p->ns);
    free(p->frames);
    if (p->st != NULL)
        oso_structure_release(p->st);
    free(p->st);
    free(p->lines.groups);
    free(p->left_out);
    free(p->plans);
    free(p);
}

static oso_status new_parser(oso_parser **out, const oso_parse_options *opts,
                             enum oso_parse_keep keep)
{
    if (out == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_parser_new: NULL argument");
    *out = NULL;
    OSO_CHECK_OPTIONS_VERSION(opts, OSO_PARSE_OPTIONS_VERSION, "oso_parse_options");
    struct oso_parser *p = calloc(1, sizeof *p);
    if (p == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory creating a parser");
    oso_parse_options defaults = OSO_PARSE_OPTIONS_INIT;
    p->opts = opts ? *opts : defaults;
    p->opts.version = OSO_PARSE_OPTIONS_VERSION;
    p->drop_content = keep == OSO_KEEP_NO_ATTACHMENT_TEXT && p->opts.attachment_fn == NULL;
    p->token_limit = p->opts.max_text_bytes > UINT64_MAX - TOKEN_SLACK
                         ? UINT64_MAX : p->opts.max_text_bytes + TOKEN_SLACK;
    p->frames_cap = 16;
    p->frames = malloc(p->frames_cap * sizeof *p->frames);
    p->st = calloc(1, sizeof *p->st);
    p->d = oso_model_new(oso_schema_default());
    p->report = oso_report_new();
    p->xp = XML_ParserCreateNS(NULL, NS_SEP);
    if (p->frames == NULL || p->st == NULL || p->d == NULL || p->report == NULL || p->xp == NULL) {
        oso_parser_free(p);
        return oso_fail(OSO_E_NOMEM, "out of memory creating a parser");
    }
    if (!oso_structure_init(p->st, p->report, p->d->schema)) {
        oso_parser_free(p);
        return oso_fail(OSO_E_NOMEM, "out of memory creating a parser");
    }
    p->ns_uri = p->d->schema->namespace_uri;
    p->ns_uri_len = strlen(p->ns_uri);
    p->scan_content = p->drop_content;
    p->content_name = p->d->schema->rows[p->d->schema->row_document_content].name;
    p->content_name_len = strlen(p->content_name);
    p->lines.active = 1;
    memset(&p->frames[0], 0, sizeof p->frames[0]);
    p->frames[0].node = oso_node_at(p->d, 1);
    p->frames[0].row = p->frames[0].ctype = p->frames[0].stype = OSO_SCHEMA_NONE;
    p->depth = 1;
    XML_SetUserData(p->xp, p);
    XML_SetReturnNSTriplet(p->xp, XML_TRUE);
    XML_SetElementHandler(p->xp, on_start, on_end);
    XML_SetCharacterDataHandler(p->xp, on_text);
    XML_SetCommentHandler(p->xp, on_comment);
    XML_SetProcessingInstructionHandler(p->xp, on_pi);
    XML_SetStartNamespaceDeclHandler(p->xp, on_ns_start);
    XML_SetXmlDeclHandler(p->xp, on_xml_decl);
    XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
    XML_SetEntityDeclHandler(p->xp, on_entity_decl);
#ifdef XML_DTD
    XML_SetParamEntityParsing(p->xp, XML_PARAM_ENTITY_PARSING_NEVER);
    /* Refusing DOCTYPE already prevents expansion; this is defence in depth. */
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p->xp, 20.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(p->xp, 1024 * 1024);
#endif
    *out = p;
    return OSO_OK;
}

oso_status oso_parser_new(oso_parser **out, const oso_parse_options *opts)
{
    return new_parser(out, opts, OSO_KEEP_ALL);
}

/* Turn expat's failure into the XML diagnostic (unless we refused already). */
static oso_status expat_failed(struct oso_parser *p)
{
    if (p->status != OSO_OK)
        return p->status;
    enum XML_Error code = XML_GetErrorCode(p->xp);
    char nl[300], en[300];
    snprintf(nl, sizeof nl, "Geen goedgevormde XML: %s.", expat_error_nl(code));
    snprintf(en, sizeof en, "Not well-formed XML: %s.", XML_ErrorString(code));
    p->status = code == XML_ERROR_NO_MEMORY ? OSO_E_NOMEM : OSO_E_XML;
    unsigned long line, col;
    XML_Index at = XML_GetErrorByteIndex(p->xp);
    if (p->lines.active && at >= 0 && !straddles(&p->lines, input_offset(p, at))) {
        position_at(p, input_offset(p, at), &line, &col); /* the same byte columns as elements */
    } else {
        line = (unsigned long)XML_GetErrorLineNumber(p->xp);
        col = (unsigned long)XML_GetErrorColumnNumber(p->xp) + 1;
    }
    oso_report_clear(p->report);
    oso_report_add(p->report, "XML", OSO_SEVERITY_ERROR, "", line, col, 0, nl, en);
    oso_fail(p->status, "line %lu, column %lu: %s", line, col, en);
    abandon_stream(p);
    return p->status;
}

static oso_status check_input(struct oso_parser *p, size_t len)
{
    if (p->finished)
        return oso_fail(OSO_E_STATE, "the parser has finished");
    if (p->status != OSO_OK)
        return oso_fail(OSO_E_STATE, "the input was refused already");
    p->input_bytes += len;
    if (p->input_bytes > p->opts.max_input_bytes) {
        p->status = OSO_E_LIMIT;
        oso_report_clear(p->report);
        oso_report_add(p->report, "XML", OSO_SEVERITY_ERROR, "", 0, 0, 0,
                       "Invoer groter dan de ingestelde limiet.",
                       "Input larger than the configured limit.");
        oso_fail(OSO_E_LIMIT, "input larger than %llu bytes",
                 (unsigned long long)p->opts.max_input_bytes);
        abandon_stream(p);
        return OSO_E_LIMIT;
    }
    return OSO_OK;
}

/* Hand expat the next `len` input bytes; `last`: the input ends with them (expat then skips
 * its own position bookkeeping for them). */
static oso_status to_expat(struct oso_parser *p, const char *bytes, size_t len, int last)
{
    if (p->lines.whole == NULL && !scan_lines(&p->lines, bytes, len)) {
        out_of_memory(p);
        return p->status;
    }
    p->fed += len;
    if (XML_Parse(p->xp, bytes, (int)len, last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK)
        return expat_failed(p);
    if (last)
        p->finished_input = 1;
    /* A whole input is in memory already: an open token is measured once expat has seen all
     * of it, as when it gets the input in one call, so the verdict does not depend on where
     * the pieces end. */
    if (!last && p->lines.whole != NULL)
        return p->status;
    return check_token_size(p);
}

/* Did expat's last event open content to drop, ending exactly where the input handed over
 * ends? Then what follows may be scanned instead of parsed. */
static int content_opened(struct oso_parser *p)
{
    return p->scan_content && p->status == OSO_OK && p->streaming != NULL &&
           top(p)->node == p->streaming &&
           p->content_tag_end == p->fed && p->streamed_bytes == 0;
}

/* Note that expat's input lacks `bytes` input bytes from its byte index `expat_at` on. */
static int note_left_out(struct oso_parser *p, uint64_t expat_at, uint64_t bytes)
{
    uint64_t shift = p->left_out_count ? p->left_out[p->left_out_count - 1].shift : 0;
    if (p->left_out_count == 0 || p->left_out[p->left_out_count - 1].expat_at != expat_at) {
        struct left_out *left_out = room_for_one(p->left_out, &p->left_out_cap,
                                                 p->left_out_count, sizeof *left_out);
        if (left_out == NULL) {
            out_of_memory(p);
            return 0;
        }
        p->left_out = left_out;
        p->left_out[p->left_out_count++].expat_at = expat_at;
    }
    p->left_out[p->left_out_count - 1].shift = shift + bytes;
    return 1;
}

/* Count content left out of expat, input bytes[0..run->bytes) at input offset `at`, as
 * drop_text() would the text expat makes of it, and keep the line count. */
static int count_content(struct oso_parser *p, uint64_t at, const char *bytes,
                         const struct oso_content_run *run)
{
    struct line_index *li = &p->lines;
    if (li->whole != NULL) {
        count_lines_to(li, at);
        li->line += run->breaks;
        if (run->line_start > 0)
            li->line_start = at + run->line_start;
        li->scanned = at + run->bytes;
    } else if (!scan_lines(li, bytes, run->bytes)) {
        out_of_memory(p);
        return 0;
    }
    p->last_event = at + run->bytes; /* expat's next event is where it resumes */
    p->dropped_open += run->chars;
    p->streamed_bytes += run->chars;
    if (run->has_data)
        p->dropped_layout = 0;
    p->content_after_cr = run->ends_with_cr;
    return 1;
}

/* Leave the content at the start of bytes[0..len) out of expat. Returns the bytes left out;
 * `*cut`: the scan stopped at a reference the end of `len` cuts off. */
static size_t leave_out_content(struct oso_parser *p, const char *bytes, size_t len, int *cut)
{
    struct oso_content_run run;
    oso_content_scan(bytes, len, p->content_after_cr, p->opts.max_text_bytes - p->dropped_open,
                     &run);
    *cut = run.cut;
    uint64_t shift = p->left_out_count ? p->left_out[p->left_out_count - 1].shift : 0;
    if (run.bytes == 0 || !note_left_out(p, p->fed - shift, run.bytes) ||
        !count_content(p, p->fed, bytes, &run))
        return 0;
    p->fed += run.bytes;
    return run.bytes;
}

/* Parse the next `len` input bytes, `last`: the input ends with them. Expat takes them in
 * pieces of at most 1 MiB, bounding the line table (unless whole_input() holds all of it), and
 * does not see attachment content that is only counted (scan_content). Returns the bytes used:
 * all of them, unless a reference in content is cut off by the end of `len` (then the caller
 * gives those bytes again with more); less on refusal. */
static size_t parse_span(struct oso_parser *p, const char *bytes, size_t len, int last)
{
    enum { PIECE = 1 << 20 };
    size_t pos = 0;
    while (pos < len && p->status == OSO_OK) {
        if (p->in_content) {
            int cut;
            pos += leave_out_content(p, bytes + pos, len - pos, &cut);
            if (!last && (cut || pos == len))
                return pos; /* the content may go on in the next span */
            p->in_content = 0;
            continue;
        }
        size_t piece = p->lines.whole != NULL || len - pos <= PIECE ? len - pos : PIECE;
        size_t tag_end = p->scan_content ? oso_content_next_tag_end(bytes + pos, piece,
                                                                    p->content_name,
                                                                    p->content_name_len)
                                         : 0;
        if (tag_end > 0)
            piece = tag_end;
        if (to_expat(p, bytes + pos, piece, last && pos + piece == len) != OSO_OK)
            break;
        pos += piece;
        p->in_content = tag_end > 0 && content_opened(p);
        p->content_after_cr = 0;
        if (tag_end > 0 && !p->in_content && ++p->unconfirmed_tags > UNCONFIRMED_TAGS_MAX)
            p->scan_content = 0;
    }
    return pos;
}

/* Parse input in pieces (parse_span), the last one with `final` set; for input that is not
 * scanned, or all of it: then every byte is used. */
static oso_status parse_pieces(struct oso_parser *p, const char *bytes, size_t len, int final)
{
    (void)parse_span(p, bytes, len, final);
    return p->status;
}

/* Content is scanned in an encoding where its characters are the bytes of their ASCII codes:
 * not in UTF-16. (In ISO-8859-1 or US-ASCII, expat passes text on in pieces of its own size,
 * but the scan hands expat whole the piece of text that would exceed the text limit, so the
 * refusal is the same.) */
static void choose_content_scan(struct oso_parser *p, const char *head, size_t len)
{
    if (len > 0 && is_utf16_head(head, len))
        p->scan_content = 0;
}

/* Size the model's storage for an input of `bytes`. A guess from typical dossiers: an element
 * per 50-60 bytes, text and names 37-38% of the input. A wrong guess costs one block or chunk
 * of the usual size at most. */
static void expect_input(struct oso_parser *p, uint64_t bytes)
{
    enum { BYTES_PER_NODE = 50 };
    p->d->node_hint = (size_t)(bytes / BYTES_PER_NODE);
    p->d->arena.expected = (size_t)(bytes / 5 * 2);
}

/* Find the content runs of a whole input before parsing: after each tag naming the content
 * element, what the scan takes. 0 on out of memory. */
static int plan_content(struct oso_parser *p, const char *bytes, size_t len)
{
    size_t pos = 0, tag_end;
    while ((tag_end = oso_content_next_tag_end(bytes + pos, len - pos, p->content_name,
                                               p->content_name_len)) > 0) {
        pos += tag_end;
        struct oso_content_run run;
        oso_content_scan(bytes + pos, len - pos, 0, p->opts.max_text_bytes, &run);
        if (run.bytes < PLANNED_RUN_MIN)
            continue;
        struct content_plan *plans = room_for_one(p->plans, &p->plan_cap, p->plan_count,
                                                  sizeof *plans);
        if (plans == NULL)
            return 0;
        p->plans = plans;
        p->plans[p->plan_count].input_at = pos;
        p->plans[p->plan_count++].run = run;
        pos += run.bytes;
    }
    return 1;
}

/* A new parser in place of `p`, with the same options, for the same input of `len` bytes. */
static oso_status renew_parser(struct oso_parser *p, size_t len)
{
    struct oso_parser *fresh;
    oso_status st = new_parser(&fresh, &p->opts, p->drop_content ? OSO_KEEP_NO_ATTACHMENT_TEXT
                                                                 : OSO_KEEP_ALL);
    if (st != OSO_OK)
        return st;
    struct oso_parser used = *p;
    *p = *fresh;
    *fresh = used;
    oso_parser_free(fresh);
    XML_SetUserData(p->xp, p);
    expect_input(p, len);
    return check_input(p, len);
}

/* The whole input with its content runs left out, in one final call (expat then skips its
 * own position bookkeeping), when every planned run turns out to follow a start tag of content
 * to drop (apply_plan); else it is parsed again, in pieces that end at each such tag. */
static oso_status parse_planned(struct oso_parser *p, const char *bytes, size_t len)
{
    if (!plan_content(p, bytes, len)) {
        out_of_memory(p);
        return p->status;
    }
    if (p->plan_count == 0)
        return to_expat(p, bytes, len, 1);
    uint64_t left_out = 0;
    for (size_t i = 0; i < p->plan_count; i++)
        left_out += p->plans[i].run.bytes;
    char *buf = XML_GetBuffer(p->xp, (int)(len - left_out));
    if (buf == NULL)
        return expat_failed(p);
    size_t from = 0, at = 0;
    for (size_t i = 0; i < p->plan_count; i++) {
        const struct content_plan *plan = &p->plans[i];
        memcpy(buf + at, bytes + from, (size_t)plan->input_at - from);
        at += (size_t)plan->input_at - from;
        if (!note_left_out(p, at, plan->run.bytes))
            return p->status;
        from = (size_t)(plan->input_at + plan->run.bytes);
    }
    memcpy(buf + at, bytes + from, len - from);
    p->fed = len;
    p->finished_input = 1;
    if (XML_ParseBuffer(p->xp, (int)(len - left_out), XML_TRUE) != XML_STATUS_OK)
        (void)expat_failed(p);
    else
        (void)check_token_size(p);
    if (p->plans_applied == p->plan_count)
        return p->status;
    oso_status st = renew_parser(p, len);
    if (st != OSO_OK)
        return st;
    if (whole_input(&p->lines, bytes, len))
        return parse_pieces(p, bytes, len, 1);
    return p->status;
}

/* All of the input: parsed whole (whole_input(): positions from it, no line table) when it is
 * small enough, else in pieces. */
static oso_status parse_whole_or_pieces(struct oso_parser *p, const char *bytes, size_t len)
{
    choose_content_scan(p, bytes, len);
    if (len <= WHOLE_INPUT_MAX && whole_input(&p->lines, bytes, len) && p->scan_content)
        return parse_planned(p, bytes, len);
    return parse_pieces(p, bytes, len, 1);
}

oso_status oso_parser_feed(oso_parser *p, const void *data, size_t len)
{
    if (p == NULL || (data == NULL && len > 0))
        return oso_fail(OSO_E_INVALID_ARG, "oso_parser_feed: NULL argument");
    oso_status st = check_input(p, len);
    if (st != OSO_OK || len == 0)
        return st;
    if (p->fed == 0) {
        size_t take = HEAD_BYTES - p->head_len < len ? HEAD_BYTES - p->head_len : len;
        memcpy(p->head + p->head_len, data, take);
        p->head_len += take;
        if (p->head_len < HEAD_BYTES)
            return OSO_OK;
        if ((st = parse_pieces(p, p->head, HEAD_BYTES, 0)) != OSO_OK)
            return st;
        data = (const char *)data + take;
        len -= take;
        if (len == 0)
            return OSO_OK;
    }
    return parse_pieces(p, data, len, 0);
}

oso_status oso_parser_finish(oso_parser *p, oso_dossier **dossier, oso_report **report)
{
    if (dossier != NULL)
        *dossier = NULL;
    if (report != NULL)
        *report = NULL;
    if (p == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_parser_finish: NULL parser");
    if (p->finished)
        return oso_fail(OSO_E_STATE, "the parser has finished");
    p->finished = 1;
    oso_status st = p->status;
    if (st == OSO_OK && p->fed == 0 && p->head_len > 0) /* shorter than HEAD_BYTES */
        st = parse_pieces(p, p->head, p->head_len, 1);
    if (st == OSO_OK && !p->finished_input && XML_Parse(p->xp, NULL, 0, XML_TRUE) != XML_STATUS_OK)
        st = expat_failed(p);
    oso_report_sort(p->report);
    if (st == OSO_OK) {
        p->d->structure = oso_report_new();
        if (p->d->structure == NULL || !oso_report_merge(p->d->structure, p->report)) {
            st = oso_fail(OSO_E_NOMEM, "out of memory finishing the parse");
        } else if (dossier != NULL) {
            *dossier = p->d;
            p->d = NULL;
        }
    }
    if (report != NULL) {
        *report = p->report;
        p->report = NULL;
    }
    return st;
}

oso_status oso_xml_parse_buffer(oso_dossier **dossier, oso_report **report, const void *data,
                                size_t len, const oso_parse_options *opts, enum oso_parse_keep keep)
{
    oso_parser *p;
    if (dossier != NULL)
        *dossier = NULL;
    if (report != NULL)
        *report = NULL;
    oso_status st = new_parser(&p, opts, keep);
    if (st != OSO_OK)
        return st;
    expect_input(p, len);
    if (data == NULL && len > 0)
        st = oso_fail(OSO_E_INVALID_ARG, "oso_dossier_parse_buffer: NULL data");
    else if (check_input(p, len) == OSO_OK && len > 0)
        parse_whole_or_pieces(p, data, len);
    if (st == OSO_OK)
        st = oso_parser_finish(p, dossier, report);
    oso_parser_free(p);
    return st;
}

oso_status oso_dossier_parse_buffer(oso_dossier **dossier, oso_report **report, const void *data,
                                    size_t len, const oso_parse_options *opts)
{
    return oso_xml_parse_buffer(dossier, report, data, len, opts, OSO_KEEP_ALL);
}

/* Read until `cap` bytes or the end of the file. */
static oso_status read_fully(int fd, char *buf, size_t cap, size_t *got)
{
    *got = 0;
    while (*got < cap) {
        ssize_t n = read(fd, buf + *got, cap - *got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return oso_fail(OSO_E_IO, "read failed: %s", strerror(errno));
        if (n == 0)
            break;
        *got += (size_t)n;
    }
    return OSO_OK;
}

/* A small regular file: read all of it into expat's buffer and parse it in one final call
 * (`*whole` = 1). When it turns out longer than `size` (it grew) what was read is parsed as a
 * first piece and the caller reads on. */
static oso_status read_whole(struct oso_parser *p, int fd, size_t size, int *whole)
{
    size_t cap = size + 1, got = 0;
    char *buf = XML_GetBuffer(p->xp, (int)cap);
    if (buf == NULL)
        return expat_failed(p);
    oso_status st = read_fully(fd, buf, cap, &got);
    if (st != OSO_OK)
        return st;
    st = check_input(p, got);
    if (st != OSO_OK || got == 0)
        return st;
    *whole = got < cap && whole_input(&p->lines, buf, got);
    if (!*whole && !scan_lines(&p->lines, buf, got)) {
        out_of_memory(p);
        return p->status;
    }
    p->fed = got;
    p->finished_input = *whole;
    if (XML_ParseBuffer(p->xp, (int)got, *whole ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
        *whole = 1; /* nothing more to read */
        return expat_failed(p);
    }
    if (!*whole && got < cap)
        *whole = 1; /* UTF-16: the whole input was parsed as a first piece; finish ends it */
    return check_token_size(p);
}

/* A file whose attachment content is scanned (scan_content): read into a buffer of ours, from
 * which expat gets the markup. A regular file of `size` <= WHOLE_INPUT_MAX (0: unknown or
 * larger) is read whole and parsed as one span, anything else in chunks. */
static oso_status parse_fd_scanned(struct oso_parser *p, int fd, size_t size)
{
    enum { CHUNK = 256 * 1024 };
    size_t cap = size > 0 ? size + 1 : CHUNK, have = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        out_of_memory(p);
        return p->status;
    }
    oso_status st = OSO_OK;
    if (size > 0) {
        st = read_fully(fd, buf, cap, &have);
        if (st == OSO_OK && have < cap) { /* all of it */
            if (check_input(p, have) == OSO_OK && have > 0)
                (void)parse_whole_or_pieces(p, buf, have);
            free(buf);
            return st;
        }
        char *grown = st == OSO_OK ? realloc(buf, cap + CHUNK) : NULL; /* it grew: read on */
        if (grown == NULL) {
            free(buf);
            return st == OSO_OK ? (out_of_memory(p), p->status) : st;
        }
        buf = grown;
        cap += CHUNK;
        if (check_input(p, have) != OSO_OK)
            have = 0;
    }
    int started = 0, last = 0;
    while (st == OSO_OK && p->status == OSO_OK && !last) {
        ssize_t n = read(fd, buf + have, cap - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = oso_fail(OSO_E_IO, "read failed: %s", strerror(errno));
            break;
        }
        if (n > 0 && check_input(p, (size_t)n) != OSO_OK)
            break;
        have += (size_t)n;
        last = n == 0;
        if (!started) {
            if (!last && have < HEAD_BYTES) /* gather them (see HEAD_BYTES) */
                continue;
            choose_content_scan(p, buf, have);
            started = 1;
        }
        size_t used = parse_span(p, buf, have, last);
        memmove(buf, buf + used, have - used); /* a cut reference: a few bytes */
        have -= used;
    }
    free(buf);
    return st;
}

static oso_status parse_fd(oso_dossier **dossier, oso_report **report, int fd,
                           const oso_parse_options *opts, enum oso_parse_keep keep)
{
    oso_parser *p;
    if (dossier != NULL)
        *dossier = NULL;
    if (report != NULL)
        *report = NULL;
    oso_status st = new_parser(&p, opts, keep);
    if (st != OSO_OK)
        return st;
    struct stat sb;
    int whole = 0;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        expect_input(p, (uint64_t)sb.st_size);
        if (p->scan_content) {
            st = parse_fd_scanned(p, fd, sb.st_size <= WHOLE_INPUT_MAX ? (size_t)sb.st_size : 0);
            whole = 1;
        } else if (sb.st_size <= WHOLE_INPUT_MAX) {
            st = read_whole(p, fd, (size_t)sb.st_size, &whole);
        }
    } else if (p->scan_content) {
        st = parse_fd_scanned(p, fd, 0);
        whole = 1;
    }
    /* Read straight into expat's buffer: no intermediate copy. */
    enum { CHUNK = 256 * 1024 };
    while (!whole && st == OSO_OK) {
        void *buf = XML_GetBuffer(p->xp, CHUNK);
        if (buf == NULL) {
            st = expat_failed(p);
            break;
        }
        ssize_t n = read(fd, buf, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        /* A pipe may deliver fewer than HEAD_BYTES first: gather them (see HEAD_BYTES). */
        while (p->fed == 0 && n > 0 && n < HEAD_BYTES) {
            ssize_t more = read(fd, (char *)buf + n, CHUNK - (size_t)n);
            if (more == 0 || (more < 0 && errno != EINTR))
                break;
            n += more > 0 ? more : 0;
        }
        if (n < 0) {
            st = oso_fail(OSO_E_IO, "read failed: %s", strerror(errno));
            break;
        }
        if (n == 0)
            break;
        if ((st = check_input(p, (size_t)n)) != OSO_OK)
            break;
        if (!scan_lines(&p->lines, buf, (size_t)n)) {
            out_of_memory(p);
            st = p->status;
            break;
        }
        p->fed += (uint64_t)n;
        if (XML_ParseBuffer(p->xp, (int)n, XML_FALSE) != XML_STATUS_OK) {
            st = expat_failed(p);
            break;
        }
        if ((st = check_token_size(p)) != OSO_OK)
            break;
    }
    if (st == OSO_E_IO) {
        oso_parser_free(p);
        return st;
    }
    st = oso_parser_finish(p, dossier, report);
    oso_parser_free(p);
    return st;
}

oso_status oso_dossier_parse_fd(oso_dossier **dossier, oso_report **report, int fd,
                                const oso_parse_options *opts)
{
    return parse_fd(dossier, report, fd, opts, OSO_KEEP_ALL);
}

oso_status oso_xml_parse_file(oso_dossier **dossier, oso_report **report, const char *path,
                              const oso_parse_options *opts, enum oso_parse_keep keep)
{
    if (dossier != NULL)
        *dossier = NULL;
    if (report != NULL)
        *report = NULL;
    if (path == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_parse_file: NULL path");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return oso_fail(OSO_E_IO, "cannot open %s: %s", path, strerror(errno));
    oso_status st = parse_fd(dossier, report, fd, opts, keep);
    close(fd);
    return st;
}

oso_status oso_dossier_parse_file(oso_dossier **dossier, oso_report **report, const char *path,
                                  const oso_parse_options *opts)
{
    return oso_xml_parse_file(dossier, report, path, opts, OSO_KEEP_ALL);
}
