/* Writing doorstroomtoets chain messages from typed structs (public API in oso/chain_write.h).
 * The layout follows the definition; fixed values come from the generated table; every message
 * is checked before it is handed out. */
#include "oso/chain.h"
#include "oso/chain_write.h"

#include "base/error.h"
#include "doorstroomtoets/openapi_1_1.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The single value the definition allows for `property` of component `schema`. */
static const char *fixed(unsigned schema, const char *property)
{
    const struct dtm_schema *s = &dtm_schemas[schema];
    for (unsigned i = 0; i < s->property_count; i++) {
        const struct dtm_property *p = &dtm_properties[s->property_first + i];
        if (strcmp(p->name, property) == 0 && p->schema != DTM_NONE &&
            dtm_schemas[p->schema].enum_count == 1)
            return dtm_enum_strings[dtm_schemas[p->schema].enum_first];
    }
    return NULL; /* the member is then left out, and the check refuses the message */
}

struct builder {
    oso_status status; /* first failure */
    const char *what;
};

static void fail_once(struct builder *b, oso_status st, const char *what)
{
    if (b->status == OSO_OK) {
        b->status = st;
        b->what = what;
    }
}

/* obj[key] = value (a new reference, stolen); NULL value: out of memory. */
static void put(struct builder *b, json_t *obj, const char *key, json_t *value)
{
    if (value == NULL || json_object_set_new(obj, key, value) != 0)
        fail_once(b, OSO_E_NOMEM, key);
}

/* obj[key] = text, unless text is NULL (left out; the check reports a required one). */
static void put_text(struct builder *b, json_t *obj, const char *key, const char *text)
{
    if (text == NULL)
        return;
    json_t *s = json_string(text);
    if (s == NULL) {
        fail_once(b, OSO_E_INVALID_ARG, key); /* not UTF-8 */
        return;
    }
    put(b, obj, key, s);
}

static json_t *object(struct builder *b)
{
    json_t *o = json_object();
    if (o == NULL)
        fail_once(b, OSO_E_NOMEM, "object");
    return o;
}

static json_t *array(struct builder *b)
{
    json_t *a = json_array();
    if (a == NULL)
        fail_once(b, OSO_E_NOMEM, "array");
    return a;
}

static void append(struct builder *b, json_t *arr, json_t *value)
{
    if (arr == NULL || value == NULL || json_array_append_new(arr, value) != 0)
        fail_once(b, OSO_E_NOMEM, "array item");
}

static int counted(struct builder *b, const void *items, size_t count, const char *what)
{
    if (items == NULL && count > 0) {
        fail_once(b, OSO_E_INVALID_ARG, what);
        return 0;
    }
    return 1;
}

static void header(struct builder *b, json_t *root, unsigned schema, const char *datumtijd,
                   const char *auteur, const char *schooljaar)
{
    put_text(b, root, "datumtijd", datumtijd);
    put_text(b, root, "auteur", auteur);
    put_text(b, root, "versie", DTM_VERSIE);
    put_text(b, root, "profiel", fixed(schema, "profiel"));
    put_text(b, root, "schooljaar", schooljaar);
}

static json_t *school(struct builder *b, const oso_chain_school *s)
{
    json_t *o = object(b);
    if (o == NULL || s == NULL)
        return o; /* no school: an empty object, which the check refuses */
    put_text(b, o, "instellingscode", s->instellingscode);
    put_text(b, o, "vestigingscode", s->vestigingscode);
    put_text(b, o, "onderwijsaanbiedercode", s->onderwijsaanbiedercode);
    put_text(b, o, "onderwijslocatiecode", s->onderwijslocatiecode);
    put_text(b, o, "administratienr", s->administratienr);
    return o;
}

static json_t *identities(struct builder *b, const oso_chain_identity *ids, size_t count)
{
    json_t *a = array(b);
    for (size_t i = 0; a != NULL && counted(b, ids, count, "identities") && i < count; i++) {
        json_t *o = object(b);
        if (o == NULL)
            break;
        put_text(b, o, "label", ids[i].label);
        put_text(b, o, "onderwijsdeelnemerID", ids[i].id);
        append(b, a, o);
    }
    return a;
}

static json_t *level(struct builder *b, unsigned schema, const char *jaargroep)
{
    json_t *o = object(b);
    if (o == NULL)
        return NULL;
    put_text(b, o, "label", fixed(schema, "label"));
    put_text(b, o, "niveau", jaargroep);
    return o;
}

/* Serialise, check as `type`, hand out or refuse. Consumes root. */
static oso_status finish(struct builder *b, json_t *root, oso_chain_message_type type,
                         char **json, size_t *length, oso_report **report)
{
    if (b->status != OSO_OK || root == NULL) {
        json_decref(root);
        if (b->status == OSO_E_INVALID_ARG)
            return oso_fail(OSO_E_INVALID_ARG, "chain message: bad '%s' (NULL items or not UTF-8)",
                            b->what);
        return oso_fail(OSO_E_NOMEM, "out of memory writing a chain message");
    }
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (text == NULL)
        return oso_fail(OSO_E_NOMEM, "out of memory writing a chain message");
    size_t n = strlen(text);
    char *out = realloc(text, n + 2);
    if (out == NULL) {
        free(text);
        return oso_fail(OSO_E_NOMEM, "out of memory writing a chain message");
    }
    out[n++] = '\n';
    out[n] = '\0';
    oso_chain_check_options o = OSO_CHAIN_CHECK_OPTIONS_INIT;
    o.expect = type;
    oso_report *r;
    oso_status st = oso_chain_check_buffer(&r, NULL, out, n, &o);
    if (st != OSO_OK) {
        free(out);
        return st;
    }
    if (!oso_report_valid(r)) {
        const oso_diagnostic *g = oso_report_at(r, 0);
        st = oso_fail(OSO_E_INVALID, "%s refused: %s: %s: %s (and %zu more)",
                      oso_chain_message_type_name(type), oso_diagnostic_rule(g),
                      oso_diagnostic_path(g)[0] ? oso_diagnostic_path(g) : "/",
                      oso_diagnostic_message(g, OSO_LANG_EN), oso_report_error_count(r) - 1);
        free(out);
        out = NULL;
        n = 0;
    }
    if (report != NULL)
        *report = r;
    else
        oso_report_free(r);
    *json = out;
    if (length != NULL)
        *length = n;
    return st;
}

static oso_status start(char **json, size_t *length, oso_report **report, const void *message,
                        unsigned version, unsigned current, const char *what)
{
    if (json == NULL || message == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "%s: NULL argument", what);
    *json = NULL;
    if (length != NULL)
        *length = 0;
    if (report != NULL)
        *report = NULL;
    if (version == 0 || version > current)
        return oso_fail(OSO_E_OPTIONS_VERSION, "%s version %u is not supported (max %u)", what,
                        version, current);
    return OSO_OK;
}

oso_status oso_chain_write_deelnemerslijst(char **json, size_t *length, oso_report **report,
                                           const oso_chain_deelnemerslijst *m)
{
    oso_status st = start(json, length, report, m, m ? m->version : 0,
                          OSO_CHAIN_DEELNEMERSLIJST_VERSION, "oso_chain_deelnemerslijst");
    if (st != OSO_OK)
        return st;
    struct builder b = {OSO_OK, NULL};
    json_t *root = object(&b);
    if (root != NULL) {
        header(&b, root, DTM_SCHEMA_Deelnemerslijst, m->datumtijd, m->auteur, m->schooljaar);
        put(&b, root, "deelnemersgroep", school(&b, m->school));
        json_t *groups = array(&b);
        for (size_t i = 0; groups && counted(&b, m->groups, m->group_count, "groups") &&
                           i < m->group_count; i++) {
            const oso_chain_group *g = &m->groups[i];
            json_t *o = object(&b);
            if (o == NULL)
                break;
            put_text(&b, o, "label", fixed(DTM_SCHEMA_Groep, "label"));
            put_text(&b, o, "id", g->id);
            put_text(&b, o, "omschrijving", g->omschrijving);
            put(&b, o, "niveau", level(&b, DTM_SCHEMA_Groepsniveau, g->jaargroep));
            append(&b, groups, o);
        }
        put(&b, root, "groepen", groups);
        json_t *people = array(&b);
        for (size_t i = 0; people && counted(&b, m->participants, m->participant_count,
                                             "participants") && i < m->participant_count; i++) {
            const oso_chain_participant *p = &m->participants[i];
            json_t *o = object(&b);
            if (o == NULL)
                break;
            put_text(&b, o, "label", fixed(DTM_SCHEMA_Onderwijsdeelnemer, "label"));
            put(&b, o, "deelnemerref", identities(&b, p->identities, p->identity_count));
            put_text(&b, o, "achternaam", p->achternaam);
            put_text(&b, o, "voorvoegsel", p->voorvoegsel);
            put_text(&b, o, "roepnaam", p->roepnaam);
            put_text(&b, o, "groep", p->groep);
            put(&b, o, "niveau", level(&b, DTM_SCHEMA_Leerlingniveau, p->jaargroep));
            json_t *ext = object(&b);
            if (ext != NULL) {
                put_text(&b, ext, "label", fixed(DTM_SCHEMA_Demografisch, "label"));
                put_text(&b, ext, "voorletters", p->voorletters);
                put_text(&b, ext, "geboortedatum", p->geboortedatum);
                put(&b, ext, "geslacht", json_integer(p->geslacht));
            }
            put(&b, o, "extensie", ext);
            append(&b, people, o);
        }
        put(&b, root, "deelnemers", people);
    }
    return finish(&b, root, OSO_CHAIN_DEELNEMERSLIJST, json, length, report);
}

oso_status oso_chain_write_schooladviezenlijst(char **json, size_t *length, oso_report **report,
                                               const oso_chain_schooladviezenlijst *m)
{
    oso_status st = start(json, length, report, m, m ? m->version : 0,
                          OSO_CHAIN_SCHOOLADVIEZENLIJST_VERSION, "oso_chain_schooladviezenlijst");
    if (st != OSO_OK)
        return st;
    struct builder b = {OSO_OK, NULL};
    json_t *root = object(&b);
    if (root != NULL) {
        header(&b, root, DTM_SCHEMA_Schooladviezenlijst, m->datumtijd, m->auteur, m->schooljaar);
        put(&b, root, "deelnemersgroep", school(&b, m->school));
        json_t *list = array(&b);
        for (size_t i = 0; list && counted(&b, m->advices, m->advice_count, "advices") &&
                           i < m->advice_count; i++) {
            json_t *o = object(&b);
            if (o == NULL)
                break;
            put(&b, o, "deelnemerref",
                identities(&b, m->advices[i].identities, m->advices[i].identity_count));
            put_text(&b, o, "advies", m->advices[i].advies);
            append(&b, list, o);
        }
        put(&b, root, "voorlopigSchooladviezen", list);
    }
    return finish(&b, root, OSO_CHAIN_SCHOOLADVIEZENLIJST, json, length, report);
}

/* Test parts: level 0 Onderdeel, 1 Domein, 2 Subdomein. */
static json_t *test_parts(struct builder *b, const oso_chain_test_part *parts, size_t count,
                          int depth)
{
    static const unsigned schema_of_level[] = {DTM_SCHEMA_Onderdeel, DTM_SCHEMA_Domein,
                                               DTM_SCHEMA_Subdomein};
    if (depth > 2) {
        fail_once(b, OSO_E_INVALID_ARG, "parts below Subdomein");
        return NULL;
    }
    json_t *a = array(b);
    for (size_t i = 0; a && counted(b, parts, count, "parts") && i < count; i++) {
        json_t *o = object(b);
        if (o == NULL)
            break;
        put_text(b, o, "label", fixed(schema_of_level[depth], "label"));
        put_text(b, o, "id", parts[i].id);
        put_text(b, o, "omschrijving", parts[i].omschrijving);
        if (parts[i].part_count > 0)
            put(b, o, "toetsonderdelen", test_parts(b, parts[i].parts, parts[i].part_count,
                                                    depth + 1));
        append(b, a, o);
    }
    return a;
}

oso_status oso_chain_write_leerlingresultaat(char **json, size_t *length, oso_report **report,
                                             const oso_chain_leerlingresultaat *m)
{
    oso_status st = start(json, length, report, m, m ? m->version : 0,
                          OSO_CHAIN_LEERLINGRESULTAAT_VERSION, "oso_chain_leerlingresultaat");
    if (st != OSO_OK)
        return st;
    struct builder b = {OSO_OK, NULL};
    json_t *root = object(&b);
    if (root != NULL) {
        header(&b, root, DTM_SCHEMA_Leerlingresultaat, m->datumtijd, m->auteur, m->schooljaar);
        json_t *rs = object(&b);
        if (rs != NULL) {
            put_text(&b, rs, "id", m->id);
            put(&b, rs, "deelnemerref", identities(&b, m->identities, m->identity_count));
            put_text(&b, rs, "versie", m->result_versie);
            put_text(&b, rs, "datumtijd", m->result_datumtijd);
            put_text(&b, rs, "toetsdefinitie", m->toetsdefinitie);
            json_t *afname = object(&b), *context = object(&b);
            if (afname != NULL) {
                put_text(&b, afname, "id", m->afname_id);
                put_text(&b, afname, "afnametijdstip", m->afnametijdstip);
            }
            if (context != NULL)
                put(&b, context, "afname", afname);
            else
                json_decref(afname);
            put(&b, rs, "afnamecontext", context);
            if (m->scores_id != NULL) {
                json_t *scores = object(&b), *list = array(&b);
                for (size_t i = 0; list && counted(&b, m->scores, m->score_count, "scores") &&
                                   i < m->score_count; i++) {
                    json_t *o = object(&b);
                    if (o == NULL)
                        break;
                    put_text(&b, o, "label", m->scores[i].soort);
                    put_text(&b, o, "id", m->scores[i].id);
                    put_text(&b, o, "toetseenheid", m->scores[i].toetseenheid);
                    put_text(&b, o, "waarde", m->scores[i].waarde);
                    append(&b, list, o);
                }
                if (scores != NULL) {
                    put_text(&b, scores, "id", m->scores_id);
                    put(&b, scores, "scores", list);
                } else {
                    json_decref(list);
                }
                put(&b, rs, "scores", scores);
            }
            json_t *results = object(&b), *list = array(&b);
            for (size_t i = 0; list && counted(&b, m->results, m->result_count, "results") &&
                               i < m->result_count; i++) {
                json_t *o = object(&b);
                if (o == NULL)
                    break;
                put_text(&b, o, "label", m->results[i].soort);
                put_text(&b, o, "toetseenheid", m->results[i].toetseenheid);
                put_text(&b, o, "waarde", m->results[i].waarde);
                append(&b, list, o);
            }
            if (results != NULL) {
                put_text(&b, results, "aanvullendeinfo", m->aanvullendeinfo);
                put(&b, results, "resultaten", list);
            } else {
                json_decref(list);
            }
            put(&b, rs, "resultaten", results);
        }
        put(&b, root, "resultatenscores", rs);
        json_t *toets = object(&b);
        if (toets != NULL) {
            put_text(&b, toets, "label", fixed(DTM_SCHEMA_Doorstroomtoets, "label"));
            put_text(&b, toets, "id", m->toets_id);
            put_text(&b, toets, "naam", m->toets_naam);
            put_text(&b, toets, "versie", m->toets_versie);
            put_text(&b, toets, "url", m->toets_url);
            put_text(&b, toets, "omschrijving", m->toets_omschrijving);
            if (m->parts != NULL || m->part_count > 0)
                put(&b, toets, "toetsonderdelen", test_parts(&b, m->parts, m->part_count, 0));
        }
        put(&b, root, "toets", toets);
    }
    return finish(&b, root, OSO_CHAIN_LEERLINGRESULTAAT, json, length, report);
}

oso_status oso_chain_write_ontvangstmelding(char **json, size_t *length, const char *melding)
{
    if (json == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_chain_write_ontvangstmelding: NULL json");
    *json = NULL;
    if (length != NULL)
        *length = 0;
    struct builder b = {OSO_OK, NULL};
    json_t *root = object(&b);
    if (root != NULL)
        put_text(&b, root, "melding", melding);
    return finish(&b, root, OSO_CHAIN_ONTVANGSTMELDING, json, length, NULL);
}
