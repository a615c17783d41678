/* Doorstroomtoets results in a dossier: the typed write API (oso/doorstroomtoets.h). The
 * checks of a written result are the DT.* rule group (lib/rules/doorstroomtoets.c). */
#include "attachments/filetype.h"
#include "attachments/zipmem.h"
#include "base/error.h"
#include "codelists/codelists.h"
#include "model/model.h"
#include "rules/doorstroomtoets.h"
#include "schema/oso_2019_1.h"
#include "schema/schema.h"
#include "schema/value.h"

#include "oso/doorstroomtoets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return parent ? oso_node_child(parent, oso_schema_2019_1.rows[row].name) : NULL;
}

static oso_status add(oso_node **out, oso_node *parent, uint16_t row, const char *text)
{
    return oso_node_add(out, parent, oso_schema_2019_1.rows[row].name, text);
}

static int in_list(const oso_codelists *lists, uint16_t row, const char *code)
{
    const oso_codelist *l = oso_codelists_get(lists, oso_schema_2019_1.rows[row].codelist);
    return l != NULL && code != NULL && oso_codelist_contains(l, code, strlen(code));
}

static oso_status check_result(const oso_dossier *d, const oso_doorstroomtoets *t)
{
    const oso_codelists *lists = oso_codelists_default();
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
        const struct oso_dt_subject *s = &oso_dt_subjects[i];
        if (levels[i] <= OSO_REF_NONE || levels[i] > OSO_REF_2F || !oso_dt_level_allowed(s, oso_dt_level_codes[levels[i]]))
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
        if (ay * 10000 + am * 100 + ad < (oso_dt_school_year(dy, dm) - 1) * 10000 + 801)
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
    if (d->schema != &oso_schema_2019_1) /* the block and its rules are those of 2019.1 */
        return oso_fail(OSO_E_UNSUPPORTED_STANDARD, "doorstroomtoets results are written to OSO "
                        "2019.1 dossiers; this dossier follows OSO %s", d->schema->version);
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
                      oso_dt_level_codes[domain_levels[i]])) != OSO_OK)
            goto fail;
    if ((st = add(&rekenen, onderdelen, OSO_ROW_EindtoetsOnderdelenType__onderdeel, NULL)) != OSO_OK ||
        (st = add(NULL, rekenen, OSO_ROW_EindtoetsOnderdeelType__onderdeelcode, "8001")) != OSO_OK ||
        (st = add(NULL, rekenen, OSO_ROW_EindtoetsOnderdeelType__onderdeelomschrijving, "Rekenen")) != OSO_OK ||
        (st = add(NULL, rekenen, OSO_ROW_EindtoetsOnderdeelType__ond_referentieniveau,
                  oso_dt_level_codes[t->rekenen])) != OSO_OK ||
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
