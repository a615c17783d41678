/* gen-dossier: write random but schema-valid OSO dossiers, driven by the schema table.
 *
 *   gen-dossier [--seed N] [--repeat K] [--optional P] [--all] [--profile PRESET] [-o FILE]
 *
 * Every element is chosen by walking the content-model automaton of its parent, so the output
 * is valid by construction; values follow the simple types, facets and codelists. Over a range
 * of seeds every element of the schema appears (tests check this). --repeat sets how often a
 * repeatable element occurs, --optional the chance (percent) that an optional element is
 * present; --all includes every optional element.
 *
 * --profile OV-POVO (or any release preset) makes a dossier that also passes the business rules
 * of that profile: every optional element is generated, the preset's release is applied, and
 * what the rules still reject is repaired (a value set, or the offending element removed) until
 * validation passes. */
#include "model/model.h"

#include "oso/oso.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "schema/oso_2019_1.h"

/* The version this program knows. */
static const struct oso_schema *const schema = &oso_schema_2019_1;

struct gen {
    uint64_t rng;
    unsigned repeat;
    unsigned optional_percent;
    oso_codelists *lists;
    unsigned counter;
};

static uint64_t next_random(struct gen *g)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return g->rng;
}

static unsigned pick(struct gen *g, unsigned n) { return n ? (unsigned)(next_random(g) % n) : 0; }

/* A value of the row's codelist, or NULL when the row has none that is loaded. */
static const char *codelist_value(struct gen *g, const struct oso_row *r)
{
    if (r->codelist == 0)
        return NULL;
    const oso_codelist *cl = oso_codelists_get(g->lists, r->codelist);
    if (cl == NULL || oso_codelist_size(cl) == 0)
        return NULL;
    const char *code, *meaning;
    unsigned flags;
    oso_codelist_entry(cl, pick(g, (unsigned)oso_codelist_size(cl)), &code, &meaning, &flags);
    return code;
}

static void pattern_value(struct gen *g, const struct oso_pattern *p, char *buf, size_t size)
{
    size_t at = 0;
    for (unsigned a = 0; a < p->atom_count; a++) {
        const struct oso_pattern_atom *atom = &schema->pattern_atoms[p->first_atom + a];
        for (unsigned k = 0; k < atom->count && at + 1 < size; k++) {
            switch (atom->cls) {
            case OSO_PC_ASCII_UPPER: buf[at++] = (char)('A' + pick(g, 26)); break;
            case OSO_PC_LITERAL: buf[at++] = (char)atom->literal; break;
            default: buf[at++] = (char)('0' + pick(g, 10)); break;
            }
        }
    }
    buf[at] = '\0';
}

/* Plain text with characters that need escaping and some non-ASCII, within the length facets. */
static void string_value(struct gen *g, const struct oso_stype *t, const char *name, char *buf,
                         size_t size)
{
    static const char *const samples[] = {
        "Jansen", "de Vries & Zn.", "<geen>", "Zoë Ørsted", "\"citaat\" 'x'", "één twee",
        "Ĳsselmeer", "tab\there", "regel 1\nregel 2",
    };
    int n = snprintf(buf, size, "%s %s %u", name, samples[pick(g, sizeof samples / sizeof *samples)],
                     g->counter++);
    size_t len = (size_t)n < size ? (size_t)n : size - 1;
    if (t->max_length >= 0) {
        size_t chars = 0, i = 0;
        while (i < len && chars < (size_t)t->max_length) {
            i++;
            while (i < len && ((unsigned char)buf[i] & 0xC0) == 0x80)
                i++;
            chars++;
        }
        buf[i] = '\0';
    }
}

static void simple_value(struct gen *g, const struct oso_row *r, uint16_t stype, char *buf,
                         size_t size)
{
    const char *code = codelist_value(g, r);
    if (code != NULL) {
        snprintf(buf, size, "%s", code);
        return;
    }
    const struct oso_stype *t = &schema->stypes[stype];
    if (t->pattern != OSO_SCHEMA_NONE) {
        pattern_value(g, &schema->patterns[t->pattern], buf, size);
        if (t->builtin == OSO_BUILTIN_DATE) /* a pattern on a date: keep it a real date */
            snprintf(buf, size, "%04u-07-31", 2000 + pick(g, 30));
        return;
    }
    switch (t->builtin) {
    case OSO_BUILTIN_BOOLEAN: snprintf(buf, size, "%s", pick(g, 2) ? "true" : "false"); break;
    case OSO_BUILTIN_DATE:
        snprintf(buf, size, "%04u-%02u-%02u", 2000 + pick(g, 24), 1 + pick(g, 12), 1 + pick(g, 28));
        break;
    case OSO_BUILTIN_INTEGER:
    case OSO_BUILTIN_INT: {
        int64_t lo = t->min_inclusive != INT64_MIN ? t->min_inclusive : 0;
        int64_t hi = t->max_inclusive != INT64_MAX ? t->max_inclusive : 500;
        snprintf(buf, size, "%lld", (long long)(lo + pick(g, (unsigned)(hi - lo + 1))));
        break;
    }
    case OSO_BUILTIN_DECIMAL: snprintf(buf, size, "%u.%u", pick(g, 10), pick(g, 10)); break;
    default: string_value(g, t, r->name, buf, size); break;
    }
}

static int fill(struct gen *g, oso_node *n, uint16_t row, int depth);

/* Whether to take the required row at position i now: when k required rows from i on could all
 * come next (the branches of a choice), take each with chance 1/k, so every branch appears. */
static int take_required(struct gen *g, uint16_t ctype, uint16_t state, uint16_t i)
{
    const struct oso_ctype *c = &schema->ctypes[ctype];
    unsigned k = 0;
    for (uint16_t j = i; j < c->rows_count; j++) {
        const struct oso_row *r = &schema->rows[schema->ctype_rows[c->rows_first + j]];
        uint16_t target;
        k += r->min_occurs && oso_schema_step(schema, ctype, state, r->name_id, &target) != OSO_SCHEMA_NONE;
    }
    return k <= 1 || pick(g, k) == 0;
}

/* Children of a complex element: rows in schema order, each taken when the automaton allows
 * it; retried with other choices when the result does not reach an accepting state. */
static int fill_children(struct gen *g, oso_node *n, uint16_t ctype, int depth)
{
    const struct oso_ctype *c = &schema->ctypes[ctype];
    for (int attempt = 0; attempt < 20; attempt++) {
        int lenient = attempt == 19; /* last try: every optional element, first alternatives */
        uint16_t state = 0;
        for (uint16_t i = 0; i < c->rows_count; i++) {
            uint16_t row = schema->ctype_rows[c->rows_first + i];
            const struct oso_row *r = &schema->rows[row];
            unsigned count = r->repeatable ? 1 + pick(g, g->repeat) : 1;
            int wanted = lenient || (r->min_occurs ? take_required(g, ctype, state, i)
                                                   : pick(g, 100) < g->optional_percent);
            if (!wanted)
                continue;
            for (unsigned k = 0; k < count; k++) {
                uint16_t target;
                if (oso_schema_step(schema, ctype, state, r->name_id, &target) == OSO_SCHEMA_NONE)
                    break;
                oso_node *child;
                if (oso_node_add(&child, n, r->name, NULL) != OSO_OK || !fill(g, child, row, depth + 1))
                    return 0;
                state = target;
            }
        }
        if (schema->states[c->state_first + state].accepting)
            return 1;
        while (oso_node_child_at(n, 0) != NULL) /* start over */
            oso_node_remove(oso_node_child_at(n, 0));
    }
    fprintf(stderr, "gen-dossier: could not fill %s\n", c->name);
    return 0;
}

static int fill(struct gen *g, oso_node *n, uint16_t row, int depth)
{
    const struct oso_row *r = &schema->rows[row];
    char buf[256];
    if (r->ctype == OSO_SCHEMA_NONE) {
        simple_value(g, r, r->stype, buf, sizeof buf);
        return oso_node_set_text(n, buf) == OSO_OK;
    }
    const struct oso_ctype *c = &schema->ctypes[r->ctype];
    if (c->simple_content != OSO_SCHEMA_NONE) {
        simple_value(g, r, c->simple_content, buf, sizeof buf);
        if (oso_node_set_text(n, buf) != OSO_OK)
            return 0;
        for (int i = 0; i < c->attr_count; i++)
            if (pick(g, 2) && oso_node_set_attribute(n, schema->attrs[c->attr_first + i].name,
                                                     "omschrijving") != OSO_OK)
                return 0;
        return 1;
    }
    return fill_children(g, n, r->ctype, depth);
}

/* ---- profile mode ---------------------------------------------------------------------------- */

static oso_node *child_by_row(oso_node *parent, uint16_t row)
{
    return oso_node_child(parent, schema->rows[row].name);
}

static int set_child(oso_node *parent, uint16_t row, const char *text)
{
    oso_node *c = child_by_row(parent, row);
    return c ? oso_node_set_text(c, text) == OSO_OK
             : oso_node_add(NULL, parent, schema->rows[row].name, text) == OSO_OK;
}

/* Repairs that set a value instead of removing the offending element. */
static int repair_value(const char *rule, oso_node *n)
{
    uint16_t row = n->row;
    if (strncmp(rule, "OG.01", 5) == 0)
        return oso_node_set_text(n, "leerling@school.example") == OSO_OK;
    if (strcmp(rule, "OG.02") == 0)
        return oso_node_set_text(n, "2019.1") == OSO_OK;
    if (strstr(rule, ".MD02") && row == OSO_ROW_metadata__validatieversie)
        return oso_node_set_text(n, "2019.1.1") == OSO_OK;
    if (strstr(rule, ".MD01") && row == OSO_ROW_metadata__deeldossier)
        return oso_node_set_text(n, "LAS") == OSO_OK;
    if (strcmp(rule, "OVa.IZ02") == 0)
        return row == OSO_ROW_inzageType__inzage ? oso_node_set_text(n, "true") == OSO_OK
                                                 : set_child(n, OSO_ROW_inzageType__inzage, "true");
    if (strstr(rule, ".LL08") || strcmp(rule, "OVb.LL04") == 0) { /* secret: make it not secret */
        oso_node *geheim = child_by_row(oso_node_parent(n), OSO_ROW_communicatieType__geheim);
        return geheim && oso_node_set_text(geheim, "false") == OSO_OK;
    }
    if (strncmp(rule, "OS.cat", 6) == 0 && schema->rows[row].owner == OSO_CTYPE_categorie_uitlevering)
        return oso_node_set_text(n, "OPTIONEEL") == OSO_OK; /* VERPLICHT without data */
    if (strcmp(rule, "PaO.TR01") == 0) {
        oso_node *score;
        return oso_node_add(&score, n, schema->rows[OSO_ROW_resultaat__toetsscore].name, NULL) == OSO_OK &&
               set_child(score, OSO_ROW_toetsscoreType__aantalgoed, "1");
    }
    if (strcmp(rule, "PaO.TR02") == 0)
        return set_child(n, OSO_ROW_toetsscoreType__aantalgoed, "1");
    if (strcmp(rule, "PaO.CL01") == 0)
        return set_child(n, OSO_ROW_scoreType__waarde, "7");
    return -1; /* no value repair: remove the element */
}

/* Elements that hold the rest of the dossier: never removed by a repair. */
static int is_context(const oso_node *n)
{
    return n->row == OSO_ROW_dossier || n->row == OSO_ROW_dossierType__metadata ||
           n->row == OSO_ROW_dossierType__huidigeschool || n->row == OSO_ROW_huidigeschoolType__leerling ||
           n->row == OSO_ROW_dossierType__inzage;
}

static int make_profile_valid(oso_dossier **dp, const char *preset)
{
    const char *dash = strchr(preset, '-');
    if (dash == NULL)
        return 0;
    oso_node *root = oso_dossier_root(*dp), *metadata = child_by_row(root, OSO_ROW_dossierType__metadata);
    const char *type = strncmp(preset, "PaO", 3) == 0 ? "swv-dossier"
                       : strcmp(dash + 1, "BB") == 0 ? "overdrachtbinnenbrin" : "overstapdossier";
    const char *overstap = strcmp(dash + 1, "BB") == 0 ? "POPO" : dash + 1;
    if (!set_child(root, OSO_ROW_dossierType__overdrachtsoort, type) ||
        !set_child(metadata, OSO_ROW_metadata__overstap, overstap))
        return 0;
    oso_release *rel;
    oso_dossier *redacted;
    if (oso_release_preset(&rel, preset) != OSO_OK)
        return 0;
    oso_status st = oso_dossier_redact(&redacted, NULL, *dp, rel, NULL);
    oso_release_free(rel);
    if (st != OSO_OK)
        return 0;
    oso_dossier_free(*dp);
    *dp = redacted;
    for (int round = 0; round < 1000; round++) {
        oso_report *r;
        if (oso_validate(&r, *dp, NULL) != OSO_OK)
            return 0;
        int errors = 0, repaired = 0;
        for (size_t i = 0; i < oso_report_count(r); i++) {
            const oso_diagnostic *g = oso_report_at(r, i);
            if (oso_diagnostic_severity(g) != OSO_SEVERITY_ERROR)
                continue;
            errors++;
            oso_node *n;
            if (oso_dossier_find(&n, *dp, oso_diagnostic_path(g)) != OSO_OK)
                continue; /* gone with an earlier repair of this round */
            int done = repair_value(oso_diagnostic_rule(g), n);
            if (done < 0 && !is_context(n))
                done = oso_node_remove(n) == OSO_OK;
            if (done <= 0) {
                fprintf(stderr, "gen-dossier: cannot repair %s at %s: %s\n", oso_diagnostic_rule(g),
                        oso_diagnostic_path(g), oso_diagnostic_message(g, OSO_LANG_EN));
                oso_report_free(r);
                return 0;
            }
            repaired++;
            break; /* paths after this one may have shifted: validate again */
        }
        oso_report_free(r);
        if (errors == 0)
            return 1;
        if (repaired == 0)
            return 0;
    }
    fprintf(stderr, "gen-dossier: %s: still invalid after repairs\n", preset);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"seed", required_argument, NULL, 's'},     {"repeat", required_argument, NULL, 'r'},
        {"optional", required_argument, NULL, 'p'}, {"all", no_argument, NULL, 'a'},
        {"profile", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    struct gen g = {.rng = 1, .repeat = 2, .optional_percent = 60};
    const char *out = NULL, *profile = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': g.rng = strtoull(optarg, NULL, 10) * 2654435761u + 1; break;
        case 'r': g.repeat = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'p': g.optional_percent = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'a': g.optional_percent = 100; break;
        case 'P': profile = optarg; g.optional_percent = 100; break;
        case 'o': out = optarg; break;
        default:
            fputs("usage: gen-dossier [--seed N] [--repeat K] [--optional PERCENT] [--all]\n"
                  "                   [--profile PRESET] [-o FILE]\n",
                  c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    oso_dossier *d;
    if (oso_codelists_new(&g.lists) != OSO_OK || oso_dossier_new(&d) != OSO_OK)
        return 2;
    int ok = fill_children(&g, oso_dossier_root(d), schema->rows[OSO_ROW_dossier].ctype, 0);
    if (ok && profile != NULL && !make_profile_valid(&d, profile)) {
        fprintf(stderr, "gen-dossier: could not make a valid %s dossier\n", profile);
        ok = 0;
    }
    oso_status st = !ok ? OSO_E_SCHEMA
                        : out ? oso_dossier_save_xml(d, out, NULL) : oso_dossier_write_xml(d, stdout, NULL);
    if (st != OSO_OK)
        fprintf(stderr, "gen-dossier: %s\n", oso_error_last());
    oso_dossier_free(d);
    oso_codelists_free(g.lists);
    return st == OSO_OK ? 0 : 2;
}
