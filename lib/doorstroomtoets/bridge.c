/* Bridges between chain messages and the dossier (public API in oso/chain_bridge.h; the
 * mapping tables are documented in doc/doorstroomtoets-chain.md). */
#include "oso/chain.h"
#include "oso/chain_bridge.h"
#include "oso/codelists.h"
#include "oso/doorstroomtoets.h"

#include "base/error.h"
#include "base/report.h"
#include "doorstroomtoets/findings.h"
#include "rules/rules.h"
#include "codelists/codelists.h"
#include "schema/oso_2019_1.h"
#include "schema/schema.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- school advice: codelist 2 -> Schooladviestype_enum ------------------------------------ */

/* `coarser`: the chain value also stands for other codes of the list. */
static const struct {
    const char *code, *value;
    int coarser;
} advies_map[] = {
    {"01", "VSO", 0},
    {"10", "PRAKTIJKONDERWIJS", 0},
    {"20", "VMBO_BB", 0},
    {"21", "VMBO_BB_MET_LWOO", 0},
    {"22", "VMBO_BB_TM_VMBO_KB", 0},
    {"23", "VMBO_BB_TM_VMBO_KB_MET_LWOO", 0},
    {"30", "VMBO_KB", 0},
    {"31", "VMBO_KB_MET_LWOO", 0},
    {"32", "VMBO_KB_TM_VMBO_GL/TL", 1},
    {"33", "VMBO_KB_TM_VMBO_GL/TL_MET_LWOO", 1},
    {"34", "VMBO_KB_TM_VMBO_GL/TL", 1},
    {"35", "VMBO_KB_TM_VMBO_GL/TL_MET_LWOO", 1},
    {"40", "VMBO_GL/TL", 1},
    {"41", "VMBO_GL/TL_MET_LWOO", 1},
    {"42", "VMBO_GL/TL", 1},
    {"43", "VMBO_GL/TL_MET_LWOO", 1},
    {"44", "VMBO_GL/TL_TM_HAVO", 1},
    {"50", "VMBO_GL/TL", 1},
    {"51", "VMBO_GL/TL_MET_LWOO", 1},
    {"52", "VMBO_GL/TL_TM_HAVO", 1},
    {"60", "HAVO", 0},
    {"61", "HAVO_TM_VWO", 0},
    {"70", "VWO", 0},
    {"80", "GEEN_SPECIFIEK_ADVIES_MOGELIJK", 0},
};

oso_status oso_chain_schooladvies_for_code(const char **value, int *coarser, const char *code)
{
    if (value == NULL || code == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_schooladvies_for_code: NULL argument");
    for (size_t i = 0; i < sizeof advies_map / sizeof advies_map[0]; i++)
        if (strcmp(advies_map[i].code, code) == 0) {
            *value = advies_map[i].value;
            if (coarser != NULL)
                *coarser = advies_map[i].coarser;
            return OSO_OK;
        }
    return oso_fail(OSO_E_NOT_FOUND, "VO advice code '%s' has no Schooladviestype_enum value", code);
}

oso_status oso_chain_advice_from_dossier(oso_chain_advice *advice, oso_chain_identity *identity,
                                         const oso_dossier *dossier)
{
    if (advice == NULL || identity == NULL || dossier == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_advice_from_dossier: NULL argument");
    const char *las_key = oso_dossier_get(dossier, "/dossier/huidigeschool/leerling/leerlingid");
    if (las_key == NULL || las_key[0] == '\0')
        return oso_fail(OSO_E_NOT_FOUND, "the dossier has no leerlingid (the LAS key)");
    const char *code =
        oso_dossier_get(dossier, "/dossier/huidigeschool/leerling/overstapadvies/advies");
    if (code == NULL || code[0] == '\0')
        return oso_fail(OSO_E_NOT_FOUND, "the dossier has no overstapadvies/advies");
    const char *value;
    oso_status st = oso_chain_schooladvies_for_code(&value, NULL, code);
    if (st != OSO_OK)
        return st;
    identity->label = "LAS-key";
    identity->id = las_key;
    advice->identities = identity;
    advice->identity_count = 1;
    advice->advies = value;
    return OSO_OK;
}

/* ---- Leerlingresultaat -> eindtoets_basisonderwijs ------------------------------------------ */

/* Toetssoort_enum -> codelist 42. The other chain tests have no code in the 2018 list. */
static const struct {
    const char *chain, *code;
} toetssoort_map[] = {
    {"ROUTE_8", "0012"},
    {"ICE", "0013"},
};

/* The test parts that carry a referentieniveau in the block. */
enum { LEZEN, TAALVERZORGING, REKENEN, SUBJECTS };
static const char *const subject_unit[SUBJECTS] = {"LEZEN", "TAALVERZORGING", "REKENEN"};

struct import {
    struct dtm_findings findings;
    const oso_codelists *lists;
    char pointer[96];
    char date[11]; /* datum_afname */
};

#define error_at(im, ptr, fmt_nl, fmt_en, ...)                                                    \
    dtm_findings_add(&(im)->findings, "DTM.BRIDGE", OSO_SEVERITY_ERROR, ptr, strlen(ptr), fmt_nl, \
                     fmt_en, ##__VA_ARGS__)
#define dropped_at(im, ptr, fmt_nl, fmt_en, ...)                                                  \
    dtm_findings_add(&(im)->findings, "DTM.BRIDGE_DROPPED", OSO_SEVERITY_WARNING, ptr,           \
                     strlen(ptr), fmt_nl, fmt_en, ##__VA_ARGS__)

static const char *item_pointer(struct import *im, const char *list, size_t i)
{
    snprintf(im->pointer, sizeof im->pointer, "%s/%zu", list, i);
    return im->pointer;
}

/* The only code of the block's toetsniveau list (codelist 43 holds one: the chain has none). */
static const char *only_code(const oso_codelists *lists, uint16_t row)
{
    const oso_codelist *l = oso_codelists_get(lists, oso_schema_2019_1.rows[row].codelist);
    const char *code = NULL;
    if (l != NULL && oso_codelist_size(l) == 1)
        oso_codelist_entry(l, 0, &code, NULL, NULL);
    return code;
}

/* A codelist-45 level by its meaning ("1F", "Lager dan 1F", ...), ASCII case ignored. */
static oso_referentieniveau level_by_meaning(const oso_codelists *lists, const char *text)
{
    const oso_codelist *l = oso_codelists_get(
        lists, oso_schema_2019_1.rows[OSO_ROW_EindtoetsDomeinType__dom_referentieniveau].codelist);
    for (size_t i = 0; l != NULL && i < oso_codelist_size(l); i++) {
        const char *code, *meaning;
        if (oso_codelist_entry(l, i, &code, &meaning, NULL) == OSO_OK && meaning[0] &&
            strcasecmp(meaning, text) == 0) {
            int n = atoi(code); /* the typed API numbers the levels as their codes */
            if (n >= OSO_REF_LAGER_DAN_1F && n <= OSO_REF_2F)
                return (oso_referentieniveau)n;
        }
    }
    return OSO_REF_NONE;
}

static int parse_score(const char *s, int *out)
{
    long v = 0;
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1000)
            return 0;
        v = v * 10 + (*s - '0');
    }
    if (v > 1000)
        return 0;
    *out = (int)v;
    return 1;
}

static void map_scores(struct import *im, const json_t *scores, oso_doorstroomtoets *t)
{
    static const char list[] = "/resultatenscores/scores/scores";
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(scores, "scores"), i, s) {
        const char *label = json_string_value(json_object_get(s, "label"));
        const char *unit = json_string_value(json_object_get(s, "toetseenheid"));
        const char *waarde = json_string_value(json_object_get(s, "waarde"));
        if (strcmp(label, "Toetsscore") != 0 || unit != NULL) {
            dropped_at(im, item_pointer(im, list, i),
                       "Score '%s' (toetseenheid %s) wordt niet in het dossier opgenomen (geen "
                       "plaats in eindtoets_basisonderwijs).",
                       "Score '%s' (toetseenheid %s) is not carried into the dossier (no place "
                       "in eindtoets_basisonderwijs).",
                       label, unit ? unit : "-");
            continue;
        }
        if (t->has_standaardscore) {
            error_at(im, item_pointer(im, list, i), "Meer dan een Toetsscore.",
                     "More than one Toetsscore.");
            continue;
        }
        if (!parse_score(waarde, &t->standaardscore)) {
            snprintf(im->pointer, sizeof im->pointer, "%s/%zu/waarde", list, i);
            error_at(im, im->pointer,
                     "De Toetsscore is geen geheel getal van 0 tot en met 1000 (standaardscore).",
                     "The Toetsscore is not a whole number from 0 to 1000 (standaardscore).");
            continue;
        }
        t->has_standaardscore = 1;
    }
}

static void map_results(struct import *im, const json_t *resultaten, oso_doorstroomtoets *t)
{
    static const char list[] = "/resultatenscores/resultaten/resultaten";
    oso_referentieniveau *levels[SUBJECTS] = {&t->lezen, &t->taalverzorging, &t->rekenen};
    size_t i;
    const json_t *r;
    json_array_foreach(json_object_get(resultaten, "resultaten"), i, r) {
        const char *label = json_string_value(json_object_get(r, "label"));
        const char *unit = json_string_value(json_object_get(r, "toetseenheid"));
        const char *waarde = json_string_value(json_object_get(r, "waarde"));
        if (strcmp(label, "Toetsadvies") == 0 && unit == NULL) {
            if (t->toets_advies != NULL)
                error_at(im, item_pointer(im, list, i), "Meer dan een Toetsadvies.",
                         "More than one Toetsadvies.");
            else
                t->toets_advies = waarde;
            continue;
        }
        int subject = -1;
        for (int k = 0; unit != NULL && k < SUBJECTS; k++)
            if (strcmp(unit, subject_unit[k]) == 0)
                subject = k;
        if (strcmp(label, "Referentieniveau") != 0 || subject < 0) {
            dropped_at(im, item_pointer(im, list, i),
                       "Resultaat '%s' (toetseenheid %s) wordt niet in het dossier opgenomen "
                       "(geen plaats in eindtoets_basisonderwijs).",
                       "Result '%s' (toetseenheid %s) is not carried into the dossier (no place "
                       "in eindtoets_basisonderwijs).",
                       label, unit ? unit : "-");
            continue;
        }
        if (*levels[subject] != OSO_REF_NONE) {
            error_at(im, item_pointer(im, list, i), "Meer dan een referentieniveau voor %s.",
                     "More than one referentieniveau for %s.", unit);
            continue;
        }
        oso_referentieniveau level = level_by_meaning(im->lists, waarde);
        if (level == OSO_REF_NONE) {
            snprintf(im->pointer, sizeof im->pointer, "%s/%zu/waarde", list, i);
            error_at(im, im->pointer,
                     "Referentieniveau '%.40s' voor %s heeft geen code in codelijst 45.",
                     "Referentieniveau '%.40s' for %s has no code in codelist 45.", waarde, unit);
            continue;
        }
        *levels[subject] = level;
    }
    if (t->toets_advies == NULL)
        error_at(im, list, "Geen Toetsadvies in de resultaten (DT.02).",
                 "No Toetsadvies among the results (DT.02).");
    for (int k = 0; k < SUBJECTS; k++)
        if (*levels[k] == OSO_REF_NONE)
            error_at(im, list, "Geen referentieniveau voor %s in de resultaten.",
                     "No referentieniveau for %s among the results.", subject_unit[k]);
}

static void map_message(struct import *im, const json_t *root, oso_doorstroomtoets *t)
{
    const json_t *rs = json_object_get(root, "resultatenscores");
    const char *soort = json_string_value(json_object_get(rs, "toetsdefinitie"));
    for (size_t i = 0; i < sizeof toetssoort_map / sizeof toetssoort_map[0]; i++)
        if (strcmp(toetssoort_map[i].chain, soort) == 0)
            t->toetssoort = toetssoort_map[i].code;
    if (t->toetssoort == NULL)
        error_at(im, "/resultatenscores/toetsdefinitie",
                 "Toets '%s' heeft geen code in codelijst 42 (soort eindtoets).",
                 "Test '%s' has no code in codelist 42 (soort eindtoets).", soort);
    t->toetsniveau = only_code(im->lists, OSO_ROW_EindtoetsToetsType__toetsniveau);
    if (t->toetsniveau == NULL)
        error_at(im, "", "Codelijst 43 (niveau eindtoets) heeft niet precies een code.",
                 "Codelist 43 (niveau eindtoets) does not hold exactly one code.");
    t->toetsomschrijving = json_string_value(json_object_get(json_object_get(root, "toets"), "naam"));
    /* The date as written: RFC 3339 puts the local date first. */
    const char *when = json_string_value(
        json_object_get(json_object_get(json_object_get(rs, "afnamecontext"), "afname"),
                        "afnametijdstip"));
    memcpy(im->date, when, 10);
    im->date[10] = '\0';
    t->datum_afname = im->date;
    map_scores(im, json_object_get(rs, "scores"), t);
    map_results(im, json_object_get(rs, "resultaten"), t);
}

oso_status oso_dossier_import_leerlingresultaat(oso_dossier *dossier, oso_report **report,
                                                const void *json, size_t length,
                                                const unsigned char *rapport_pdf,
                                                size_t rapport_pdf_length)
{
    if (report != NULL)
        *report = NULL;
    if (dossier == NULL || (json == NULL && length > 0) ||
        (rapport_pdf == NULL && rapport_pdf_length > 0))
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_import_leerlingresultaat: NULL argument");
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = OSO_CHAIN_LEERLINGRESULTAAT;
    oso_report *r;
    oso_status st = oso_chain_check_buffer(&r, NULL, json ? json : "", length, &o);
    if (st != OSO_OK)
        return st;
    if (!oso_report_valid(r)) {
        st = oso_fail(OSO_E_INVALID, "the Leerlingresultaat is not valid (%zu error(s))",
                      oso_report_error_count(r));
        goto done;
    }
    json_t *root = json_loadb(json, length, JSON_REJECT_DUPLICATES, NULL);
    struct import im = {.lists = oso_codelists_default()};
    if (root == NULL) {
        st = oso_fail(OSO_E_NOMEM, "out of memory reading the Leerlingresultaat");
        goto done;
    }
    oso_doorstroomtoets t = OSO_DOORSTROOMTOETS_INIT;
    map_message(&im, root, &t);
    if (rapport_pdf == NULL)
        dtm_findings_add(&im.findings, "DTM.BRIDGE_RAPPORT", OSO_SEVERITY_WARNING, "", 0,
                         "Geen leerlingrapport (PDF) meegegeven: het dossier voldoet niet aan DT.09.",
                         "No leerlingrapport (PDF) given: the dossier fails DT.09.");
    t.rapport_pdf = rapport_pdf;
    t.rapport_pdf_length = rapport_pdf_length;
    st = dtm_findings_report(&im.findings, r, json, length);
    if (st == OSO_OK && !oso_report_valid(r)) {
        st = oso_fail(OSO_E_INVALID, "the Leerlingresultaat cannot be mapped to the dossier "
                                     "(%zu error(s))", oso_report_error_count(r));
    } else if (st == OSO_OK) {
        st = oso_dossier_set_doorstroomtoets(dossier, &t);
        if (st == OSO_E_INVALID_ARG) {
            char en[512];
            snprintf(en, sizeof en, "The dossier refuses the result: %s.", oso_error_last());
            st = oso_report_add(r, "DTM.BRIDGE_REFUSED", OSO_SEVERITY_ERROR, "", 0, 0, 0,
                                "Het dossier weigert het resultaat (zie de Engelse melding).", en)
                     ? oso_fail(OSO_E_INVALID, "%s", en)
                     : oso_fail(OSO_E_NOMEM, "out of memory");
        }
    }
    dtm_findings_free(&im.findings);
    json_decref(root);
done:
    if (r != NULL)
        oso_report_sort(r);
    if (report != NULL)
        *report = r;
    else
        oso_report_free(r);
    return st;
}
