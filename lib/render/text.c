/* The view's own words, element labels and values as people read them. */
#include "render/context.h"
#include "render/escape.h"

#include "model/navigate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const texts[T_COUNT][2] = {
    [T_TITLE] = {"OSO-dossier", "OSO dossier"},
    [T_CONTENTS] = {"Inhoud", "Contents"},
    [T_FINDINGS] = {"Bevindingen", "Findings"},
    [T_NO_FINDINGS] = {"Geen bevindingen.", "No findings."},
    [T_ERRORS] = {"fouten", "errors"},
    [T_WARNINGS] = {"waarschuwingen", "warnings"},
    [T_INFOS] = {"mededelingen", "notes"},
    [T_SEV_ERROR] = {"Fout", "Error"},
    [T_SEV_WARNING] = {"Waarschuwing", "Warning"},
    [T_SEV_INFO] = {"Mededeling", "Note"},
    [T_DOCUMENT_LEVEL] = {"Het hele dossier", "The whole dossier"},
    [T_RELEASED_VERPLICHT] = {"Meegegeven: deze gegevens zijn verplicht (VERPLICHT).",
                              "Released: this data is mandatory (VERPLICHT)."},
    [T_RELEASED_OPTIONEEL] = {"Meegegeven: deze gegevens zijn optioneel en worden meegegeven "
                              "(OPTIONEEL).",
                              "Released: this data is optional and included (OPTIONEEL)."},
    [T_WITHHELD_VERBODEN] = {"Niet meegegeven: deze gegevens mogen bij deze overstap niet "
                             "worden overgedragen (VERBODEN).",
                             "Withheld: this data may not be transferred with this kind of "
                             "transfer (VERBODEN)."},
    [T_WITHHELD_OPT_UIT] = {"Niet meegegeven: de school of de ouders hebben ervoor gekozen deze "
                            "optionele gegevens niet mee te geven, bijvoorbeeld omdat de ouders "
                            "bezwaar hebben gemaakt (OPT-UIT).",
                            "Withheld: the school or the parents chose not to release this "
                            "optional data, for instance because the parents objected "
                            "(OPT-UIT)."},
    [T_WOULD_RELEASE_VERPLICHT] = {"Wordt meegegeven: verplicht (VERPLICHT).",
                                   "Would be released: mandatory (VERPLICHT)."},
    [T_WOULD_RELEASE_OPTIONEEL] = {"Wordt meegegeven: optioneel (OPTIONEEL).",
                                   "Would be released: optional (OPTIONEEL)."},
    [T_WOULD_WITHHOLD_VERBODEN] = {"Wordt niet meegegeven: deze gegevens mogen bij deze "
                                   "overstap niet worden overgedragen (VERBODEN).",
                                   "Would be withheld: this data may not be transferred with "
                                   "this kind of transfer (VERBODEN)."},
    [T_WOULD_WITHHOLD_OPT_UIT] = {"Wordt niet meegegeven: deze optionele gegevens zijn "
                                  "uitgezet (OPT-UIT).",
                                  "Would be withheld: this optional data is switched off "
                                  "(OPT-UIT)."},
    [T_NO_DATA] = {"Het dossier bevat geen gegevens in deze categorie.",
                   "The dossier holds no data in this category."},
    [T_PRESENT_ALTHOUGH_WITHHELD] = {"Let op: het dossier bevat toch gegevens in deze categorie; "
                                     "ze staan hieronder.",
                                     "Note: the dossier holds data in this category all the "
                                     "same; it is shown below."},
    [T_WITHHELD_SHOWN_BELOW] = {"Hieronder staat wat zou worden achtergehouden.",
                                "What would be withheld is shown below."},
    [T_PREVIEW_TITLE] = {"Voorbeeld van de uitlevering", "Release preview"},
    [T_PREVIEW_INTRO] = {"Dit is een voorbeeld: het dossier is niet veranderd. Per categorie staat "
                         "hieronder of ze zou worden meegegeven of achtergehouden.",
                         "This is a preview: the dossier has not been changed. Each category "
                         "below says whether it would be released or withheld."},
    [T_PREVIEW_REFUSED] = {"Deze uitlevering kan niet worden toegepast:",
                           "This release cannot be applied:"},
    [T_PREVIEW_VALID] = {"Na deze uitlevering is het dossier geldig.",
                         "After this release the dossier is valid."},
    [T_PREVIEW_INVALID] = {"Na deze uitlevering is het dossier niet geldig.",
                           "After this release the dossier is not valid."},
    [T_OTHER_DATA] = {"Overige gegevens", "Other data"},
    [T_NUMBER] = {"Nr.", "No."},
    [T_YES] = {"ja", "yes"},
    [T_NO] = {"nee", "no"},
    [T_FILE] = {"Bestand", "File"},
    [T_TYPE] = {"Soort", "Type"},
    [T_SIZE] = {"Grootte", "Size"},
    [T_READABLE] = {"Leesbaar", "Readable"},
    [T_DOWNLOAD] = {"Openen", "Open"},
    [T_UNREADABLE] = {"Onleesbaar", "Unreadable"},
    [T_READABLE_YES] = {"ja", "yes"},
    [T_FILES_IN] = {"Bestanden in de bijlage", "Files in the attachment"},
    [T_NO_FILES] = {"De bijlage bevat geen bestanden.", "The attachment holds no files."},
    [T_NOT_DECODED] = {"Inhoud niet getoond.", "Content not shown."},
    [T_TOO_DEEP] = {"Te diep genest; als lijst getoond.", "Nested too deeply; shown as a list."},
    [T_RELEASE_STATE] = {"Uitlevering", "Release"},
    [T_UNKNOWN_CODE] = {"onbekende code", "unknown code"},
};

const char *render_text(const struct render_ctx *c, enum render_text t)
{
    return texts[t][c->lang == OSO_LANG_EN];
}

void render_printf(struct render_ctx *c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        oso_sink_write(c->s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

const char *render_label(const struct render_ctx *c, const struct oso_node *n)
{
    const struct oso_row *row = oso_node_row(n);
    const char *label = row ? (c->lang == OSO_LANG_EN ? row->label_en : row->label_nl) : NULL;
    return label != NULL && label[0] != '\0' ? label : oso_model_name(n);
}

static const char *const months[2][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

static int digits(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

int render_date(const struct render_ctx *c, const char *text, size_t len, char *out, size_t size)
{
    if (len != 10 || text[4] != '-' || text[7] != '-')
        return 0;
    int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    snprintf(out, size, "%d %s %d", d, months[c->lang == OSO_LANG_EN][m - 1], y);
    return 1;
}

/* Built-in type of an element's text (simple type, or simple content of a complex type). */
static int builtin_of(const struct oso_schema *sc, const struct oso_row *row)
{
    uint16_t st = row->stype;
    if (st == OSO_SCHEMA_NONE && row->ctype != OSO_SCHEMA_NONE)
        st = sc->ctypes[row->ctype].simple_content;
    return st == OSO_SCHEMA_NONE ? -1 : sc->stypes[st].builtin;
}

static int text_is(const char *text, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(text, word, len) == 0;
}

static void render_attributes(struct render_ctx *c, const struct oso_node *n)
{
    for (const struct oso_extra *e = oso_model_find_extra(c->d, oso_node_index(n), OSO_EXTRA_ATTR);
         e != NULL; e = oso_model_next_extra(c->d, e)) {
        oso_sink_puts(c->s, " <span class=\"oso-attribute\">(");
        oso_html_escape_str(c->s, e->name);
        oso_sink_puts(c->s, ": ");
        oso_html_escape_str(c->s, e->value);
        oso_sink_puts(c->s, ")</span>");
    }
}

void render_value(struct render_ctx *c, const struct oso_node *n)
{
    const char *text = n->text ? n->text : "";
    size_t len = n->text ? n->text_len : 0;
    const struct oso_row *row = oso_node_row(n);
    int builtin = row ? builtin_of(c->sc, row) : -1;
    char date[64];
    const char *meaning = NULL;
    /* Dates and booleans are whitespace-collapsed types in XSD: " true " is true. */
    const char *trimmed = text;
    size_t tlen = len;
    while (tlen > 0 && (*trimmed == ' ' || *trimmed == '\t' || *trimmed == '\n' || *trimmed == '\r'))
        trimmed++, tlen--;
    while (tlen > 0 && (trimmed[tlen - 1] == ' ' || trimmed[tlen - 1] == '\t' ||
                        trimmed[tlen - 1] == '\n' || trimmed[tlen - 1] == '\r'))
        tlen--;
    if (row != NULL && row->codelist != 0 && len > 0) {
        const oso_codelist *list = oso_codelists_get(c->lists, row->codelist);
        if (list != NULL && oso_codelist_lookup(list, text, len, &meaning, NULL) != OSO_OK)
            meaning = render_text(c, T_UNKNOWN_CODE);
    }
    /* A meaning that only repeats the code ("VERPLICHT" - "Verplicht") adds nothing. */
    if (meaning != NULL && meaning[0] != '\0' &&
        !(strlen(meaning) == len && strncasecmp(meaning, text, len) == 0)) {
        oso_sink_puts(c->s, "<span class=\"oso-code\">");
        oso_html_escape(c->s, text, len);
        oso_sink_puts(c->s, "</span> \xE2\x80\x94 <span class=\"oso-meaning\">");
        oso_html_escape_str(c->s, meaning);
        oso_sink_puts(c->s, "</span>");
    } else if (builtin == OSO_BUILTIN_DATE && render_date(c, trimmed, tlen, date, sizeof date)) {
        oso_sink_puts(c->s, "<time datetime=\"");
        oso_html_escape(c->s, trimmed, tlen);
        oso_sink_puts(c->s, "\">");
        oso_sink_puts(c->s, date);
        oso_sink_puts(c->s, "</time>");
    } else if (builtin == OSO_BUILTIN_BOOLEAN && (text_is(trimmed, tlen, "true") || text_is(trimmed, tlen, "1"))) {
        oso_sink_puts(c->s, render_text(c, T_YES));
    } else if (builtin == OSO_BUILTIN_BOOLEAN && (text_is(trimmed, tlen, "false") || text_is(trimmed, tlen, "0"))) {
        oso_sink_puts(c->s, render_text(c, T_NO));
    } else {
        oso_sink_puts(c->s, "<span class=\"oso-text\">");
        oso_html_escape(c->s, text, len);
        oso_sink_puts(c->s, "</span>");
    }
    render_attributes(c, n);
}

void render_field(struct render_ctx *c, const struct oso_node *n)
{
    oso_sink_puts(c->s, "<div class=\"oso-field\"><dt>");
    oso_html_escape_str(c->s, render_label(c, n));
    oso_sink_puts(c->s, "</dt><dd");
    if (render_has_findings(c, n))
        render_printf(c, " id=\"oso-n%u\"", (unsigned)oso_node_index(n));
    oso_sink_putc(c->s, '>');
    render_value(c, n);
    render_node_findings(c, n);
    oso_sink_puts(c->s, "</dd></div>\n");
}

void render_heading_open(struct render_ctx *c, int level, const char *cls)
{
    if (level <= 6)
        render_printf(c, "<h%d class=\"%s\">", level, cls);
    else
        render_printf(c, "<p class=\"%s oso-deep-heading\"><strong>", cls);
}

void render_heading_close(struct render_ctx *c, int level)
{
    if (level <= 6)
        render_printf(c, "</h%d>\n", level);
    else
        oso_sink_puts(c->s, "</strong></p>\n");
}
