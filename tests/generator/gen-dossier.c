/* gen-dossier: write random but schema-valid OSO dossiers, driven by the schema table.
 *
 *   gen-dossier [--seed N] [--repeat K] [--optional P] [--all] [--profile PRESET]
 *               [--invalid-attachments] [-o FILE]
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
 * validation passes.
 *
 * Attachments are real and pass the attachment checks: each `document` holds a ZIP (written by
 * oso_attachment_set) with a small PDF, PNG, DOCX or TXT file. --invalid-attachments writes
 * broken ones instead, that no reader can open, in turn: text that is not Base64, and Base64
 * of a PDF without its ZIP. */
#include "attachments/zipmem.h" /* the DOCX container */
#include "base/base64.h"
#include "model/model.h"
#include "schema/oso_2019_1.h"

#include "oso/oso.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

/* ---- editing helpers ---------------------------------------------------------------------- */

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

/* ---- attachments ------------------------------------------------------------------------------ */

/* A growing byte buffer; `ok` turns 0 on the first failure. */
struct bytes {
    unsigned char *data;
    size_t len, cap;
    int ok;
};

static void put(struct bytes *b, const void *p, size_t n)
{
    if (!b->ok)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2;
        unsigned char *grown = realloc(b->data, cap);
        if (grown == NULL) {
            b->ok = 0;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_text(struct bytes *b, const char *s) { put(b, s, strlen(s)); }

static void put_be32(struct bytes *b, uint32_t v)
{
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    put(b, p, 4);
}

/* A one-page PDF whose cross-reference table has the real offsets. */
static void make_pdf(struct gen *g, struct bytes *b)
{
    char text[96], obj[5][200]; /* sized so that obj[3] (text + 34 bytes) always fits */
    snprintf(text, sizeof text, "BT /F1 12 Tf 72 720 Td (Verslag %u) Tj ET", g->counter++);
    snprintf(obj[0], sizeof obj[0], "<< /Type /Catalog /Pages 2 0 R >>");
    snprintf(obj[1], sizeof obj[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    snprintf(obj[2], sizeof obj[2], "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
             "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
    snprintf(obj[3], sizeof obj[3], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(text), text);
    snprintf(obj[4], sizeof obj[4], "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    size_t offsets[5];
    put_text(b, "%PDF-1.4\n");
    for (int i = 0; i < 5; i++) {
        char head[32];
        offsets[i] = b->len;
        snprintf(head, sizeof head, "%d 0 obj\n", i + 1);
        put_text(b, head);
        put_text(b, obj[i]);
        put_text(b, "\nendobj\n");
    }
    size_t xref = b->len;
    char line[64];
    put_text(b, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++) {
        snprintf(line, sizeof line, "%010zu 00000 n \n", offsets[i]);
        put_text(b, line);
    }
    snprintf(line, sizeof line, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    put_text(b, line);
}

/* A 16x16 grey-scale PNG (signature, IHDR, IDAT, IEND with their CRCs). */
static void make_png(struct gen *g, struct bytes *b)
{
    unsigned char raw[16 * 17], idat[512];
    unsigned shade = pick(g, 256);
    for (int y = 0; y < 16; y++) {
        raw[y * 17] = 0; /* filter: none */
        for (int x = 0; x < 16; x++)
            raw[y * 17 + 1 + x] = (unsigned char)(shade + (unsigned)(x * 8 + y * 4));
    }
    uLongf idat_len = sizeof idat;
    if (compress(idat, &idat_len, raw, sizeof raw) != Z_OK) {
        b->ok = 0;
        return;
    }
    static const unsigned char ihdr[13] = {0, 0, 0, 16, 0, 0, 0, 16, 8, 0, 0, 0, 0};
    const struct {
        const char *type;
        const unsigned char *data;
        size_t len;
    } chunks[] = {{"IHDR", ihdr, sizeof ihdr}, {"IDAT", idat, idat_len}, {"IEND", NULL, 0}};
    put(b, "\x89PNG\r\n\x1A\n", 8);
    for (int i = 0; i < 3; i++) {
        put_be32(b, (uint32_t)chunks[i].len);
        uLong crc = crc32(0, (const Bytef *)chunks[i].type, 4);
        put(b, chunks[i].type, 4);
        if (chunks[i].len) {
            put(b, chunks[i].data, chunks[i].len);
            crc = crc32(crc, chunks[i].data, (uInt)chunks[i].len);
        }
        put_be32(b, (uint32_t)crc);
    }
}

/* A minimal Word document: the three parts a reader needs, zipped. */
static void make_docx(struct gen *g, struct bytes *b)
{
    char body[400];
    snprintf(body, sizeof body,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
             "<w:body><w:p><w:r><w:t>Handelingsplan %u</w:t></w:r></w:p></w:body></w:document>",
             g->counter++);
    static const char types[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    static const char rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    const char *parts[] = {types, rels, body};
    oso_zip_writer *zw;
    unsigned char *zip;
    size_t len;
    if (oso_zip_writer_new(&zw) != OSO_OK) {
        b->ok = 0;
        return;
    }
    int ok = 1;
    for (int i = 0; i < 3 && ok; i++)
        ok = oso_zip_writer_add(zw, names[i], (const unsigned char *)parts[i], strlen(parts[i]), 0) == OSO_OK;
    if (ok && oso_zip_writer_finish(zw, &zip, &len) == OSO_OK) {
        put(b, zip, len);
        free(zip);
    } else {
        b->ok = 0;
    }
    oso_zip_writer_free(zw);
}

static void make_txt(struct gen *g, struct bytes *b)
{
    char text[200];
    snprintf(text, sizeof text, "Gespreksverslag %u\r\nAanwezig: ouders (Zoë en André), "
             "mentor.\r\nAfspraak: ½ uur extra begeleiding per week.\r\n", g->counter++);
    put_text(b, text);
}

/* Base64 of `data` as bestandsinhoud (NUL-terminated, malloc'd). */
static char *base64_text(const unsigned char *data, size_t len)
{
    size_t cap = oso_base64_encoded_size(len) + 1, n;
    char *s = malloc(cap);
    if (s != NULL && oso_base64_encode(data, len, s, cap, &n) == OSO_OK) {
        s[n] = '\0';
        return s;
    }
    free(s);
    return NULL;
}

/* A broken attachment of kind `kind % 2` (see the top of the file). */
static int set_invalid_attachment(struct gen *g, oso_node *doc, unsigned kind)
{
    struct bytes b = {.ok = 1};
    char *text = NULL;
    if (kind % 2 == 0) { /* not Base64 at all */
        text = strdup("dit is geen base64: *** \xc3\xab ***");
    } else { /* a document, but not wrapped in a ZIP */
        make_pdf(g, &b);
        text = b.ok ? base64_text(b.data, b.len) : NULL;
    }
    free(b.data);
    int ok = text != NULL && set_child(doc, OSO_ROW_documentType__bestandsinhoud, text) &&
             set_child(doc, OSO_ROW_documentType__bestandsnaam, "verslag.pdf");
    free(text);
    return ok;
}

/* Give every document element a real attachment (or, asked to, a broken one). */
static int set_attachments(struct gen *g, oso_dossier *d, int invalid)
{
    static const char *const ext[] = {"pdf", "png", "docx", "txt"};
    static void (*const make[])(struct gen *, struct bytes *) = {make_pdf, make_png, make_docx, make_txt};
    unsigned n = 0;
    for (oso_node *doc = oso_attachment_next(d, NULL); doc; doc = oso_attachment_next(d, doc), n++) {
        if (invalid) {
            if (!set_invalid_attachment(g, doc, n))
                return 0;
            continue;
        }
        unsigned kind = pick(g, 4);
        struct bytes b = {.ok = 1};
        make[kind](g, &b);
        char name[64], *description = NULL;
        snprintf(name, sizeof name, "bijlage-%u.%s", n + 1, ext[kind]);
        if (oso_attachment_description(doc) != NULL)
            description = strdup(oso_attachment_description(doc));
        oso_status st = b.ok ? oso_attachment_set(doc, name, description, b.data, b.len) : OSO_E_NOMEM;
        free(description);
        free(b.data);
        if (st != OSO_OK) {
            fprintf(stderr, "gen-dossier: attachment %s: %s\n", name, oso_error_last());
            return 0;
        }
    }
    return 1;
}

/* ---- profile mode ---------------------------------------------------------------------------- */

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
        {"profile", required_argument, NULL, 'P'}, {"invalid-attachments", no_argument, NULL, 'I'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    struct gen g = {.rng = 1, .repeat = 2, .optional_percent = 60};
    const char *out = NULL, *profile = NULL;
    int c, invalid_attachments = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': g.rng = strtoull(optarg, NULL, 10) * 2654435761u + 1; break;
        case 'r': g.repeat = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'p': g.optional_percent = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'a': g.optional_percent = 100; break;
        case 'P': profile = optarg; g.optional_percent = 100; break;
        case 'I': invalid_attachments = 1; break;
        case 'o': out = optarg; break;
        default:
            fputs("usage: gen-dossier [--seed N] [--repeat K] [--optional PERCENT] [--all]\n"
                  "                   [--profile PRESET] [--invalid-attachments] [-o FILE]\n",
                  c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    oso_dossier *d;
    if (oso_codelists_new(&g.lists) != OSO_OK || oso_dossier_new(&d) != OSO_OK)
        return 2;
    int ok = fill_children(&g, oso_dossier_root(d), schema->rows[OSO_ROW_dossier].ctype, 0) &&
             set_attachments(&g, d, invalid_attachments);
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
