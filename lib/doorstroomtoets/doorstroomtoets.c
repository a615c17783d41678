/* Doorstroomtoets results: the DT.* rule group and the typed write API (doorstroomtoets.h).
 * Sources: CvTE "Regeling beoordelingskader doorstroomtoets PO" (LR1-LR5) and the
 * Oplegnotitie Doorstroomtoets; levels and codes from codelists 45-47. */
#include "attachments/filetype.h"
#include "base/error.h"
#include "rules/rules.h"
#include "schema/value.h"

#include "oso/attachments.h"
#include "oso/doorstroomtoets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Domains and part of the result that carry a referentieniveau, with the levels allowed. */
struct subject {
    const char *code;       /* domeincode (list 47) or onderdeelcode (list 46) */
    int is_domain;
    const char *name;
    const char *levels[3];  /* list-45 codes allowed */
    const char *rule_count, *rule_level;
};

static const struct subject subjects[] = {
    {"8050", 1, "Lezen", {"01", "02", "04"}, "DT.03", "DT.04"},
    {"8051", 1, "Taalverzorging", {"01", "02", "04"}, "DT.05", "DT.06"},
    {"8001", 0, "Rekenen", {"01", "02", "03"}, "DT.07", "DT.08"},
};

static const char *const level_codes[] = {NULL, "01", "02", "03", "04"};

/* Every referentieniveau element of a subject, in document order (at most `max`). */
static size_t subject_levels(struct oso_rules *r, const struct oso_node *onderdelen,
                             const struct subject *s, const struct oso_node **out, size_t max)
{
    size_t n = 0;
    for (const struct oso_node *o = oso_rule_child(onderdelen, OSO_ROW_EindtoetsOnderdelenType__onderdeel);
         o != NULL; o = oso_node_next_same(o)) {
        if (!s->is_domain) {
            const char *code = oso_rule_string(r, oso_rule_child(o, OSO_ROW_EindtoetsOnderdeelType__onderdeelcode));
            const struct oso_node *lvl = oso_rule_child(o, OSO_ROW_EindtoetsOnderdeelType__ond_referentieniveau);
            if (strcmp(code, s->code) == 0 && lvl != NULL && n < max)
                out[n++] = lvl;
            continue;
        }
        const struct oso_node *domeinen = oso_rule_child(o, OSO_ROW_EindtoetsOnderdeelType__domeinen);
        for (const struct oso_node *dm = oso_rule_child(domeinen, OSO_ROW_EindtoetsDomeinenType__domein);
             dm != NULL; dm = oso_node_next_same(dm)) {
            const char *code = oso_rule_string(r, oso_rule_child(dm, OSO_ROW_EindtoetsDomeinType__domeincode));
            const struct oso_node *lvl = oso_rule_child(dm, OSO_ROW_EindtoetsDomeinType__dom_referentieniveau);
            if (strcmp(code, s->code) == 0 && lvl != NULL && n < max)
                out[n++] = lvl;
        }
    }
    return n;
}

static int level_allowed(const struct subject *s, const char *v)
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
    const struct oso_node *content = oso_rule_child(doc, OSO_ROW_documentType__bestandsinhoud);
    return content != NULL && (content->flags & OSO_NF_STREAMED);
}

/* The school year (1 August - 31 July) that a date falls in, by its starting year. */
static long school_year(long y, int m) { return m >= 8 ? y : y - 1; }

static void check_dates(struct oso_rules *r, const struct oso_node *afname)
{
    const char *a = oso_rule_string(r, afname);
    const char *d = oso_rule_string(r, oso_rule_child(r->metadata, OSO_ROW_metadata__datum));
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
    long first = school_year(dy, dm) - 1; /* the dossier's school year or the one before */
    if (ay * 10000 + am * 100 + ad < first * 10000 + 801)
        oso_rule_error(r, "DT.12", afname,
                       "De datum van afname (%s) ligt voor het vorige schooljaar van het dossier "
                       "(vanaf %ld-08-01).",
                       "The date the test was taken (%s) is before the previous school year of the "
                       "dossier (from %ld-08-01).", a, first);
}

void oso_rules_doorstroomtoets(struct oso_rules *r)
{
    const struct oso_node *block = oso_rule_child(r->leerling, OSO_ROW_leerlingType__eindtoets_basisonderwijs);
    if (block == NULL ||
        !oso_rule_true(r, oso_rule_child(block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__deelgenomen)))
        return;
    const struct oso_node *res = oso_rule_child(block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__eindtoetsresultaat);
    if (res != NULL &&
        strcmp(oso_rule_string(r, oso_rule_child(res, OSO_ROW_EindtoetsToetsType__wettelijke_ontheffing)), "J") == 0)
        return; /* exempted by law: no result required */
    if (res == NULL) {
        oso_rule_error(r, "DT.01", block,
                       "De leerling heeft deelgenomen aan de doorstroomtoets, maar het resultaat "
                       "ontbreekt.",
                       "The pupil took the doorstroomtoets, but the result is missing.");
    } else {
        const struct oso_node *advies = oso_rule_child(res, OSO_ROW_EindtoetsToetsType__toets_advies);
        const char *av = oso_rule_string(r, advies);
        size_t alen = strlen(av);
        oso_trim(&av, &alen);
        if (alen == 0)
            oso_rule_error(r, "DT.02", advies ? advies : res,
                           "Het toetsadvies ontbreekt of is leeg (LR2: elke leerling krijgt een "
                           "toetsadvies).",
                           "The toetsadvies is missing or empty (LR2: every pupil gets one).");
        const struct oso_node *onderdelen = oso_rule_child(res, OSO_ROW_EindtoetsToetsType__onderdelen);
        for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
            const struct subject *s = &subjects[i];
            const struct oso_node *levels[2];
            size_t n = subject_levels(r, onderdelen, s, levels, 2);
            if (n != 1)
                oso_rule_error(r, s->rule_count, n ? levels[1] : onderdelen ? onderdelen : res,
                               "Het resultaat moet precies een referentieniveau voor %s bevatten "
                               "(LR3-LR5).",
                               "The result must hold exactly one referentieniveau for %s "
                               "(LR3-LR5).", s->name);
            if (n >= 1 && !level_allowed(s, oso_rule_string(r, levels[0])))
                oso_rule_error(r, s->rule_level, levels[0],
                               "'%s' is geen referentieniveau voor %s (toegestaan: %s, %s of %s).",
                               "'%s' is not a referentieniveau for %s (allowed: %s, %s or %s).",
                               oso_rule_string(r, levels[0]), s->name, s->levels[0], s->levels[1],
                               s->levels[2]);
        }
        check_dates(r, oso_rule_child(res, OSO_ROW_EindtoetsToetsType__datum_afname));
    }
    const struct oso_node *doc = oso_rule_child(block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__document);
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

/* ---- writing ------------------------------------------------------------------------------ */

oso_status oso_doorstroomtoets_init(oso_doorstroomtoets *t, unsigned int version)
{
    if (t == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_doorstroomtoets_init: NULL argument");
    if (version == 0 || version > OSO_DOORSTROOMTOETS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_doorstroomtoets version %u is not supported", version);
    oso_doorstroomtoets init = OSO_DOORSTROOMTOETS_INIT;
    *t = init;
    return OSO_OK;
}

static oso_node *child_of(oso_node *parent, uint16_t row)
{
    return parent ? oso_node_child(parent, oso_schema_rows[row].name) : NULL;
}

static oso_status add(oso_node **out, oso_node *parent, uint16_t row, const char *text)
{
    return oso_node_add(out, parent, oso_schema_rows[row].name, text);
}

static int in_list(const oso_codelists *lists, uint16_t row, const char *code)
{
    const oso_codelist *l = oso_codelists_get(lists, oso_schema_rows[row].codelist);
    return l != NULL && code != NULL && oso_codelist_contains(l, code, strlen(code));
}

static oso_status check_result(const oso_dossier *d, const oso_doorstroomtoets *t)
{
    const oso_codelists *lists = oso_codelists_default();
    if (lists == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory loading the codelists");
    if (!in_list(lists, OSO_ROW_EindtoetsToetsType__toetssoort, t->toetssoort))
        return oso_fail(OSO_E_INVALID_ARG, "toetssoort '%s' is not in codelist 42",
                        t->toetssoort ? t->toetssoort : "(none)");
    if (!in_list(lists, OSO_ROW_EindtoetsToetsType__toetsniveau, t->toetsniveau))
        return oso_fail(OSO_E_INVALID_ARG, "toetsniveau '%s' is not in codelist 43",
                        t->toetsniveau ? t->toetsniveau : "(none)");
    const char *advies = t->toets_advies ? t->toets_advies : "";
    size_t alen = strlen(advies);
    oso_trim(&advies, &alen);
    if (alen == 0)
        return oso_fail(OSO_E_INVALID_ARG, "the toetsadvies is empty (DT.02)");
    if (t->has_standaardscore && (t->standaardscore < 0 || t->standaardscore > 1000))
        return oso_fail(OSO_E_INVALID_ARG, "standaardscore %d is outside 0..1000", t->standaardscore);
    oso_referentieniveau levels[3] = {t->lezen, t->taalverzorging, t->rekenen};
    for (int i = 0; i < 3; i++) {
        const struct subject *s = &subjects[i];
        if (levels[i] <= OSO_REF_NONE || levels[i] > OSO_REF_2F || !level_allowed(s, level_codes[levels[i]]))
            return oso_fail(OSO_E_INVALID_ARG, "%s needs one of the levels %s, %s or %s (%s)",
                            s->name, s->levels[0], s->levels[1], s->levels[2], s->rule_level);
    }
    long ay, dy;
    int am, ad, dm, dd;
    const char *a = t->datum_afname ? t->datum_afname : "";
    if (!oso_parse_date(a, strlen(a), &ay, &am, &ad))
        return oso_fail(OSO_E_INVALID_ARG, "datum_afname '%s' is not a date (YYYY-MM-DD)", a);
    const char *ds = oso_dossier_get(d, "/dossier/metadata/datum");
    if (ds != NULL && oso_parse_date(ds, strlen(ds), &dy, &dm, &dd)) {
        if (ay * 10000 + am * 100 + ad > dy * 10000 + dm * 100 + dd)
            return oso_fail(OSO_E_INVALID_ARG, "datum_afname %s is after the dossier date %s (DT.11)", a, ds);
        if (ay * 10000 + am * 100 + ad < (school_year(dy, dm) - 1) * 10000 + 801)
            return oso_fail(OSO_E_INVALID_ARG, "datum_afname %s is before the previous school year (DT.12)", a);
    }
    if (t->rapport_pdf != NULL) {
        const char *fname = t->rapport_filename ? t->rapport_filename : "leerlingrapport.pdf";
        if (oso_zip_name_problem(fname) != OSO_ZIP_OK || strchr(fname, '/') != NULL ||
            oso_filetype_from_name(fname) != OSO_FT_PDF)
            return oso_fail(OSO_E_INVALID_ARG, "the leerlingrapport file name '%s' is not a plain "
                            "name ending in .pdf", fname);
        oso_filetype type;
        oso_zip_problem problem;
        if (oso_filetype_detect(t->rapport_pdf, t->rapport_pdf_length, NULL, &type, &problem) != OSO_OK ||
            type != OSO_FT_PDF)
            return oso_fail(OSO_E_INVALID_ARG, "the leerlingrapport bytes are not a PDF (DT.10)");
    }
    return OSO_OK;
}

oso_status oso_dossier_set_doorstroomtoets(oso_dossier *d, const oso_doorstroomtoets *t)
{
    if (d == NULL || t == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_set_doorstroomtoets: NULL argument");
    OSO_CHECK_OPTIONS_VERSION(t, OSO_DOORSTROOMTOETS_VERSION, "oso_doorstroomtoets");
    oso_node *leerling = child_of(child_of(oso_dossier_root(d), OSO_ROW_dossierType__huidigeschool),
                                  OSO_ROW_huidigeschoolType__leerling);
    if (leerling == NULL)
        return oso_fail(OSO_E_SCHEMA, "the dossier has no leerling");
    oso_status st = check_result(d, t);
    if (st != OSO_OK)
        return st;
    const char *fname = t->rapport_filename ? t->rapport_filename : "leerlingrapport.pdf";
    /* Every value was checked above, so only running out of memory can fail from here (and
     * then the block may be left out). */
    oso_node *old = child_of(leerling, OSO_ROW_leerlingType__eindtoets_basisonderwijs);
    if (old != NULL && (st = oso_node_remove(old)) != OSO_OK)
        return st;
    oso_node *block = NULL, *res, *onderdelen, *taal, *domeinen, *dom, *rekenen, *doc;
    char score[16];
    snprintf(score, sizeof score, "%d", t->standaardscore);
    static const char *const domain_codes[] = {"8050", "8051"};
    static const char *const domain_names[] = {"Lezen", "Taalverzorging"};
    oso_referentieniveau domain_levels[] = {t->lezen, t->taalverzorging};
    if ((st = add(&block, leerling, OSO_ROW_leerlingType__eindtoets_basisonderwijs, NULL)) != OSO_OK ||
        (st = add(&res, block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__eindtoetsresultaat, NULL)) != OSO_OK ||
        (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__toetssoort, t->toetssoort)) != OSO_OK ||
        (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__toetsniveau, t->toetsniveau)) != OSO_OK ||
        (t->toetsomschrijving && (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__toetsomschrijving,
                                           t->toetsomschrijving)) != OSO_OK) ||
        (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__datum_afname, t->datum_afname)) != OSO_OK ||
        (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__wettelijke_ontheffing, "N")) != OSO_OK ||
        (t->has_standaardscore && (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__standaardscore, score)) != OSO_OK) ||
        (st = add(NULL, res, OSO_ROW_EindtoetsToetsType__toets_advies, t->toets_advies)) != OSO_OK ||
        (st = add(&onderdelen, res, OSO_ROW_EindtoetsToetsType__onderdelen, NULL)) != OSO_OK ||
        (st = add(&taal, onderdelen, OSO_ROW_EindtoetsOnderdelenType__onderdeel, NULL)) != OSO_OK ||
        (st = add(NULL, taal, OSO_ROW_EindtoetsOnderdeelType__onderdeelcode, "8000")) != OSO_OK ||
        (st = add(NULL, taal, OSO_ROW_EindtoetsOnderdeelType__onderdeelomschrijving, "Taal")) != OSO_OK ||
        (st = add(&domeinen, taal, OSO_ROW_EindtoetsOnderdeelType__domeinen, NULL)) != OSO_OK)
        goto fail;
    for (int i = 0; i < 2; i++)
        if ((st = add(&dom, domeinen, OSO_ROW_EindtoetsDomeinenType__domein, NULL)) != OSO_OK ||
            (st = add(NULL, dom, OSO_ROW_EindtoetsDomeinType__domeincode, domain_codes[i])) != OSO_OK ||
            (st = add(NULL, dom, OSO_ROW_EindtoetsDomeinType__domeinomschrijving, domain_names[i])) != OSO_OK ||
            (st = add(NULL, dom, OSO_ROW_EindtoetsDomeinType__dom_referentieniveau,
                      level_codes[domain_levels[i]])) != OSO_OK)
            goto fail;
    if ((st = add(&rekenen, onderdelen, OSO_ROW_EindtoetsOnderdelenType__onderdeel, NULL)) != OSO_OK ||
        (st = add(NULL, rekenen, OSO_ROW_EindtoetsOnderdeelType__onderdeelcode, "8001")) != OSO_OK ||
        (st = add(NULL, rekenen, OSO_ROW_EindtoetsOnderdeelType__onderdeelomschrijving, "Rekenen")) != OSO_OK ||
        (st = add(NULL, rekenen, OSO_ROW_EindtoetsOnderdeelType__ond_referentieniveau,
                  level_codes[t->rekenen])) != OSO_OK ||
        (st = add(NULL, block, OSO_ROW_leerlingType_eindtoets_basisonderwijs__deelgenomen, "true")) != OSO_OK)
        goto fail;
    if (t->rapport_pdf != NULL &&
        (st = oso_attachment_add(&doc, block, fname, "Leerlingrapport doorstroomtoets",
                                 t->rapport_pdf, t->rapport_pdf_length)) != OSO_OK)
        goto fail;
    return OSO_OK;
fail:
    if (block != NULL)
        oso_node_remove(block);
    return st;
}
