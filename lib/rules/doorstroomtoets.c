/* DT.*: the doorstroomtoets result of the pupil (opt-in rule group).
 * Sources: CvTE "Regeling beoordelingskader doorstroomtoets PO" (LR1-LR5) and the
 * Oplegnotitie Doorstroomtoets; levels and codes from codelists 45-47. */
#include "rules/doorstroomtoets.h"

#include "attachments/filetype.h"
#include "base/error.h"
#include "schema/oso_2019_1.h"
#include "schema/value.h"

#include "oso/attachments.h"
#include "oso/doorstroomtoets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct oso_dt_subject oso_dt_subjects[OSO_DT_SUBJECT_COUNT] = {
    {"8050", 1, "Lezen", {"01", "02", "04"}, "DT.03", "DT.04"},
    {"8051", 1, "Taalverzorging", {"01", "02", "04"}, "DT.05", "DT.06"},
    {"8001", 0, "Rekenen", {"01", "02", "03"}, "DT.07", "DT.08"},
};

const char *const oso_dt_level_codes[5] = {NULL, "01", "02", "03", "04"};

/* Every referentieniveau element of a subject, in document order (at most `max`). */
static size_t subject_levels(struct oso_rules *r, const struct oso_node *onderdelen,
                             const struct oso_dt_subject *s, const struct oso_node **out, size_t max)
{
    size_t n = 0;
    for (const struct oso_node *o = oso_nav_child(onderdelen, OSO_ROW_EindtoetsOnderdelenType__onderdeel);
         o != NULL; o = oso_node_next_same(o)) {
        if (!s->is_domain) {
            const char *code = oso_rule_string(r, oso_nav_child(o, OSO_ROW_EindtoetsOnderdeelType__onderdeelcode));
            const struct oso_node *lvl = oso_nav_child(o, OSO_ROW_EindtoetsOnderdeelType__ond_referentieniveau);
            if (strcmp(code, s->code) == 0 && lvl != NULL && n < max)
                out[n++] = lvl;
            continue;
        }
        const struct oso_node *domeinen = oso_nav_child(o, OSO_ROW_EindtoetsOnderdeelType__domeinen);
        for (const struct oso_node *dm = oso_nav_child(domeinen, OSO_ROW_EindtoetsDomeinenType__domein);
             dm != NULL; dm = oso_node_next_same(dm)) {
            const char *code = oso_rule_string(r, oso_nav_child(dm, OSO_ROW_EindtoetsDomeinType__domeincode));
            const struct oso_node *lvl = oso_nav_child(dm, OSO_ROW_EindtoetsDomeinType__dom_referentieniveau);
            if (strcmp(code, s->code) == 0 && lvl != NULL && n < max)
                out[n++] = lvl;
        }
    }
    return n;
}

int oso_dt_level_allowed(const struct oso_dt_subject *s, const char *v)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s->levels[i], v) == 0)
            return 1;
    return 0;
}

/* Content of a `document` block: 1 a PDF, 0 something else, -1 unreadable (Base64 or ZIP). */
static int document_is_pdf(const struct oso_node *doc)
{
    oso_attachment *a;
    int verdict = -1;
    if (oso_attachment_open(&a, doc, NULL) == OSO_OK) {
        for (size_t i = 0; i < oso_attachment_entry_count(a); i++) {
            if (oso_attachment_entry_is_dir(a, i))
                continue;
            unsigned char *data;
            size_t len;
            oso_filetype type;
            oso_zip_problem problem;
            if (oso_attachment_extract(&data, &len, a, i) == OSO_OK) {
                if (oso_filetype_detect(data, len, NULL, &type, &problem) == OSO_OK)
                    verdict = type == OSO_FT_PDF;
                oso_free(data);
            }
            break;
        }
        oso_attachment_free(a);
    }
    oso_error_clear(); /* a refusal here is a finding, not an error of the call */
    return verdict;
}

/* Whether the report's bytes went to an attachment_fn while parsing (the model then holds no
 * content to judge). A document without bestandsinhoud (a structure error) has none either, and
 * cannot be read as a PDF. */
static int content_was_streamed(const struct oso_node *doc)
{
    const struct oso_node *content = oso_nav_child(doc, OSO_ROW_documentType__bestandsinhoud);
    return content != NULL && (content->flags & OSO_NF_STREAMED);
}

/* The school year (1 August - 31 July) that a date falls in, by its starting year. */
long oso_dt_school_year(long y, int m) { return m >= 8 ? y : y - 1; }

static void check_dates(struct oso_rules *r, const struct oso_node *afname)
{
    const char *a = oso_rule_string(r, afname);
    const char *d = oso_rule_string(r, oso_nav_child(r->metadata, OSO_ROW_metadata__datum));
    long ay, dy;
    int am, ad, dm, dd;
    if (afname == NULL || !oso_parse_date(a, strlen(a), &ay, &am, &ad) ||
        !oso_parse_date(d, strlen(d), &dy, &dm, &dd))
        return; /* a missing or malformed date is reported by the schema checks */
    long av = ay * 10000 + am * 100 + ad, dv = dy * 10000 + dm * 100 + dd;
    if (av > dv)
        oso_rule_error(r, "DT.11", afname,
                       "De datum van afname (%s) ligt na de datum van het dossier (%s).",
                       "The date the test was taken (%s) is after the dossier date (%s).", a, d);
    long first = oso_dt_school_year(dy, dm) - 1; /* the dossier's school year or the one before */
    if (ay * 10000 + am * 100 + ad < first * 10000 + 801)
        oso_rule_error(r, "DT.12", afname,
                       "De datum van afname (%s) ligt voor het vorige schooljaar van het dossier "
                       "(vanaf %ld-08-01).",
                       "The date the test was taken (%s) is before the previous school year of the "
                       "dossier (from %ld-08-01).", a, first);
}

static void check_document(struct oso_rules *r)
{
    const struct oso_node *block = oso_nav_child(r->leerling, OSO_ROW_leerlingType__eindtoets_basisonderwijs);
    if (block == NULL ||
        !oso_rule_true(r, oso_nav_child(block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__deelgenomen)))
        return;
    const struct oso_node *res = oso_nav_child(block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__eindtoetsresultaat);
    if (res != NULL &&
        strcmp(oso_rule_string(r, oso_nav_child(res, OSO_ROW_EindtoetsToetsType__wettelijke_ontheffing)), "J") == 0)
        return; /* exempted by law: no result required */
    if (res == NULL) {
        oso_rule_error(r, "DT.01", block,
                       "De leerling heeft deelgenomen aan de doorstroomtoets, maar het resultaat "
                       "ontbreekt.",
                       "The pupil took the doorstroomtoets, but the result is missing.");
    } else {
        const struct oso_node *advies = oso_nav_child(res, OSO_ROW_EindtoetsToetsType__toets_advies);
        const char *av = oso_rule_string(r, advies);
        size_t alen = strlen(av);
        oso_trim(&av, &alen);
        if (alen == 0)
            oso_rule_error(r, "DT.02", advies ? advies : res,
                           "Het toetsadvies ontbreekt of is leeg (LR2: elke leerling krijgt een "
                           "toetsadvies).",
                           "The toetsadvies is missing or empty (LR2: every pupil gets one).");
        const struct oso_node *onderdelen = oso_nav_child(res, OSO_ROW_EindtoetsToetsType__onderdelen);
        for (size_t i = 0; i < OSO_DT_SUBJECT_COUNT; i++) {
            const struct oso_dt_subject *s = &oso_dt_subjects[i];
            const struct oso_node *levels[2];
            size_t n = subject_levels(r, onderdelen, s, levels, 2);
            if (n != 1)
                oso_rule_error(r, s->rule_count, n ? levels[1] : onderdelen ? onderdelen : res,
                               "Het resultaat moet precies een referentieniveau voor %s bevatten "
                               "(LR3-LR5).",
                               "The result must hold exactly one referentieniveau for %s "
                               "(LR3-LR5).", s->name);
            if (n >= 1 && !oso_dt_level_allowed(s, oso_rule_string(r, levels[0])))
                oso_rule_error(r, s->rule_level, levels[0],
                               "'%s' is geen referentieniveau voor %s (toegestaan: %s, %s of %s).",
                               "'%s' is not a referentieniveau for %s (allowed: %s, %s or %s).",
                               oso_rule_string(r, levels[0]), s->name, s->levels[0], s->levels[1],
                               s->levels[2]);
        }
        check_dates(r, oso_nav_child(res, OSO_ROW_EindtoetsToetsType__datum_afname));
    }
    const struct oso_node *doc = oso_nav_child(block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__document);
    if (doc == NULL)
        oso_rule_error(r, "DT.09", block,
                       "Het leerlingrapport van de doorstroomtoets ontbreekt (LR1: het rapport "
                       "gaat als PDF mee).",
                       "The doorstroomtoets leerlingrapport is missing (LR1: the report travels "
                       "as a PDF).");
    else if (!content_was_streamed(doc) && document_is_pdf(doc) != 1)
        oso_rule_error(r, "DT.10", doc,
                       "Het leerlingrapport is geen PDF (of de bijlage is onleesbaar).",
                       "The leerlingrapport is not a PDF (or the attachment cannot be read).");
}

const struct oso_rules_group oso_rules_group_doorstroomtoets = {
    "doorstroomtoets", OSO_RULES_DOORSTROOMTOETS, NULL, check_document,
};
