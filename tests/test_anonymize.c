/* Anonymisation (lib/anonymize, doc/anonymize.md) over generated dossiers, every valid case
 * fixture and the sample dossier:
 *  - the structure is unchanged and every personal value (other than codes) is replaced;
 *  - no original personal value, nor any four bytes in a row of a name, number, address,
 *    contact or free-text value, appears in the output (texts, attribute values, and the
 *    decoded entries of every attachment; replaced dates are compared whole), unless those
 *    bytes also occur in the input's non-personal content (element names, codes, school
 *    names ...), which is no leak;
 *  - the validation verdict and the rule findings are unchanged;
 *  - the same seed gives byte-identical output; equal originals get equal fakes; a shared key
 *    gives the same fakes across dossiers. */
#include "testutil.h"

#include "anonymize/dates.h"
#include "anonymize/documents.h"
#include "attachments/filetype.h"
#include "model/model.h"
#include "model/path.h"
#include "model/navigate.h"
#include "schema/oso_2019_1.h"

#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

/* ---- byte sets ----------------------------------------------------------------------------- */

struct text {
    char *s;
    size_t len, cap;
};

static void text_add(struct text *t, const char *s, size_t len)
{
    if (t->len + len + 2 > t->cap) {
        t->cap = (t->len + len + 2) * 2;
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    memcpy(t->s + t->len, s, len);
    t->len += len;
    t->s[t->len++] = '\x01'; /* separator: no gram spans two pieces */
    t->s[t->len] = '\0';
}

static void text_puts(struct text *t, const char *s) { text_add(t, s, strlen(s)); }

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

struct grams {
    uint32_t *v;
    size_t n;
};

static uint32_t gram_at(const char *s)
{
    uint32_t g;
    memcpy(&g, s, 4);
    return g;
}

static struct grams grams_of(const struct text *t)
{
    struct grams g = {malloc((t->len + 1) * sizeof(uint32_t)), 0};
    ck_assert_ptr_nonnull(g.v);
    for (size_t i = 0; i + 4 <= t->len; i++)
        g.v[g.n++] = gram_at(t->s + i);
    qsort(g.v, g.n, sizeof *g.v, cmp_u32);
    return g;
}

static int grams_have(const struct grams *g, uint32_t x)
{
    return bsearch(&x, g->v, g->n, sizeof *g->v, cmp_u32) != NULL;
}

/* ---- classification (from the schema table) ------------------------------------------------ */

static const struct oso_row *row_of(const struct oso_node *n)
{
    return n->kind == OSO_KIND_ELEMENT ? oso_node_row(n) : NULL;
}

/* A personal leaf whose value the anonymiser must replace (not codes, kept fields, or the
 * placeholders the agreement prescribes for secret values). */
static int replaced_kind(unsigned fake)
{
    return fake != OSO_FAKE_NONE && fake != OSO_FAKE_KEEP && fake != OSO_FAKE_CODE &&
           fake != OSO_FAKE_COUNTRY && fake != OSO_FAKE_ATTACHMENT;
}

/* Kinds named by the issue for the substring check: names, BSN and numbers, address, contact,
 * free text. */
static int gram_kind(unsigned fake)
{
    return replaced_kind(fake) && fake != OSO_FAKE_BIRTH_DATE && fake != OSO_FAKE_DATE;
}

static int placeholder(const char *v)
{
    return strcmp(v, "9999999999") == 0 || strcmp(v, "geheim@geheim.geheim") == 0;
}

static char *trimmed(const struct oso_node *n)
{
    const char *s = n->text ? n->text : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len > 0 && strchr(" \t\n\r", s[len - 1]))
        len--;
    return strndup(s, len);
}

static int personal_leaf(const struct oso_node *n)
{
    const struct oso_row *r = row_of(n);
    return r != NULL && r->personal != OSO_PERSONAL_NONE && oso_nav_first_element(n) == NULL;
}

/* Attribute names and values of an element. */
static void add_attributes(struct text *t, const struct oso_node *n)
{
    const struct oso_dossier *d = oso_node_dossier(n);
    for (const struct oso_extra *e = oso_model_find_extra(d, oso_node_index(n), OSO_EXTRA_ATTR);
         e != NULL; e = oso_model_next_extra(d, e)) {
        text_puts(t, e->name);
        text_puts(t, e->value);
    }
}

/* Everything a reader of the output sees: names, texts, attributes, and the decoded entries
 * (and entry names) of every attachment in place of its Base64 text. */
static void haystack(struct text *t, const oso_dossier *d)
{
    struct oso_walk w;
    oso_walk_init(&w, oso_dossier_root(d), OSO_WALK_ROOT);
    while (oso_walk_next(&w)) {
        const struct oso_node *n = w.node;
        if (n->kind != OSO_KIND_ELEMENT) {
            if (n->text)
                text_puts(t, n->text);
            continue;
        }
        text_puts(t, oso_model_name(n));
        add_attributes(t, n);
        if (n->row != OSO_SCHEMA_NONE && n->row == d->schema->row_document_content) {
            oso_attachment *att;
            if (oso_attachment_open(&att, oso_nav_parent(n), NULL) != OSO_OK) {
                text_puts(t, n->text ? n->text : ""); /* not decodable: judge the text */
                continue;
            }
            for (size_t i = 0; i < oso_attachment_entry_count(att); i++) {
                unsigned char *data;
                size_t len;
                text_puts(t, oso_attachment_entry_name(att, i));
                if (oso_attachment_extract(&data, &len, att, i) == OSO_OK) {
                    text_add(t, (const char *)data, len);
                    oso_free(data);
                }
            }
            oso_attachment_free(att);
        } else if (n->text && !(row_of(n) && (row_of(n)->fake == OSO_FAKE_DATE ||
                                               row_of(n)->fake == OSO_FAKE_BIRTH_DATE))) {
            /* Replaced dates are judged whole (below): a year in them matching four digits
             * of a phone number is no leak. */
            text_puts(t, n->text);
        }
    }
}

/* The input's non-personal content, and the personal values that legitimately stay (codes). */
static void public_part(struct text *t, const oso_dossier *d)
{
    struct oso_walk w;
    oso_walk_init(&w, oso_dossier_root(d), OSO_WALK_ROOT);
    while (oso_walk_next(&w)) {
        const struct oso_node *n = w.node;
        if (n->kind != OSO_KIND_ELEMENT)
            continue;
        text_puts(t, oso_model_name(n));
        add_attributes(t, n);
        const struct oso_row *r = row_of(n);
        if (n->text && (r == NULL || r->personal == OSO_PERSONAL_NONE || !replaced_kind(r->fake)) &&
            !(r && r->fake == OSO_FAKE_ATTACHMENT))
            text_puts(t, n->text);
        if (n->text && placeholder(n->text))
            text_puts(t, n->text);
    }
}

/* ---- the checks ---------------------------------------------------------------------------- */

static char *verdict(const oso_dossier *d, const oso_validate_options *vo)
{
    oso_report *r = NULL;
    ck_assert_int_eq(oso_validate(&r, d, vo), OSO_OK);
    size_t n = oso_report_count(r);
    char **lines = calloc(n + 1, sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        const oso_diagnostic *g = oso_report_at(r, i);
        ck_assert_int_ne(asprintf(&lines[i], "%s %s %s", oso_diagnostic_rule(g),
                                  oso_severity_name(oso_diagnostic_severity(g)),
                                  oso_diagnostic_path(g) ? oso_diagnostic_path(g) : ""), -1);
    }
    struct text t = {0};
    text_puts(&t, oso_report_valid(r) ? "valid" : "invalid");
    /* Findings as a sorted multiset. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *x = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = x;
        }
    for (size_t i = 0; i < n; i++) {
        text_puts(&t, lines[i]);
        free(lines[i]);
    }
    free(lines);
    oso_report_free(r);
    return t.s;
}

static char *to_xml(const oso_dossier *d)
{
    char *xml;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, NULL, d, NULL), OSO_OK);
    return xml;
}

static oso_dossier *anonymized_labelled(const char *label, const oso_dossier *d, uint64_t seed,
                                        const char *key, const oso_validate_options *vo)
{
    oso_anonymize_options o = OSO_ANONYMIZE_OPTIONS_INIT;
    o.seed = seed;
    o.validate_options = vo;
    if (key != NULL) {
        o.key = (const unsigned char *)key;
        o.key_length = strlen(key);
    }
    oso_dossier *a = NULL;
    oso_status st = oso_dossier_anonymize(&a, d, &o);
    ck_assert_msg(st == OSO_OK, "%s: anonymize: %s", label, oso_error_last());
    return a;
}

static oso_dossier *anonymized(const oso_dossier *d, uint64_t seed, const char *key)
{
    return anonymized_labelled("", d, seed, key, NULL);
}

/* Equal originals of one fake kind must get equal fakes. */
struct seen {
    unsigned kind;
    char *original;
    const char *fake;
};

/* The school-year cohort of a birth date (born 1 October Y-1 .. 30 September Y: Y), in
 * YYYY-MM-DD, YYYY-MM or DD-MM-YYYY; -1 for other text. */
static int school_year(const char *v)
{
    unsigned y, m, d;
    int n = 0;
    if (sscanf(v, "%4u-%2u-%2u%n", &y, &m, &d, &n) == 3 && n == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        return m >= 10 ? (int)y + 1 : (int)y;
    if (sscanf(v, "%2u-%2u-%4u%n", &d, &m, &y, &n) == 3 && n == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        return m >= 10 ? (int)y + 1 : (int)y;
    if (sscanf(v, "%4u-%2u%n", &y, &m, &n) == 2 && n == 7 && m >= 1 && m <= 12)
        return m >= 10 ? (int)y + 1 : (int)y;
    return -1;
}

static size_t findings(const oso_node *document)
{
    oso_report *r = NULL;
    ck_assert_int_eq(oso_attachment_verify(&r, document, NULL), OSO_OK);
    size_t n = oso_report_count(r);
    oso_report_free(r);
    return n;
}

/* A sound attachment stays a sound attachment of the same type (a PDF stays a PDF): the
 * extension is kept and the generated content passes the type checks (ATT.*). */
static void check_attachment(const char *label, const oso_node *original, const oso_node *copy)
{
    const char *a = oso_attachment_filename(original), *b = oso_attachment_filename(copy);
    if (a == NULL || findings(original) != 0)
        return;
    ck_assert_ptr_nonnull(b);
    const char *ea = strrchr(a, '.'), *eb = strrchr(b, '.');
    ck_assert_msg(ea && eb && strcmp(ea, eb) == 0, "%s: '%s' became '%s'", label, a, b);
    ck_assert_msg(findings(copy) == 0, "%s: the document replacing '%s' is not sound", label, a);
}

/* The fixed text of every generated document (its syntax, the same for any input): it carries
 * nothing of an original, so a piece of an original that matches it is no leak (and the
 * anonymiser picks variants to avoid even that where it can). */
static void template_part(struct text *t)
{
    static const char *const names[] = {"a.pdf", "a.png", "a.jpg", "a.txt", "a.doc", "a.docx",
                                        "a.xlsx", "a.pptx", "a.odt", "a.ods", "a.odp"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (int variant = 0; variant < ANON_DOCUMENT_VARIANTS; variant++) {
            unsigned char *data = NULL;
            size_t len = 0;
            ck_assert_int_eq(anon_document(names[i], "", variant, &data, &len), OSO_OK);
            text_add(t, (const char *)data, len);
            free(data);
        }
}

static void check_dossier(const char *label, const char *xml, size_t len,
                          const oso_validate_options *vo)
{
    oso_dossier *d = NULL;
    oso_report *pr = NULL;
    oso_dossier_parse_buffer(&d, &pr, xml, len, NULL);
    oso_report_free(pr);
    if (d == NULL || oso_dossier_root(d) == NULL) {
        oso_dossier_free(d);
        return;
    }
    oso_dossier *a = anonymized_labelled(label, d, 7, NULL, vo),
                *again = anonymized_labelled(label, d, 7, NULL, vo);
    char *out = to_xml(a), *out2 = to_xml(again);
    ck_assert_msg(strcmp(out, out2) == 0, "%s: two runs with one seed differ", label);

    char *v_in = verdict(d, vo), *v_out = verdict(a, vo);
    ck_assert_msg(strcmp(v_in, v_out) == 0, "%s: verdict changed:\n%s\n%s", label, v_in, v_out);

    struct text hay = {0}, pub = {0};
    haystack(&hay, a);
    public_part(&pub, d);
    template_part(&pub);
    struct grams hay_grams = grams_of(&hay), pub_grams = grams_of(&pub);

    struct seen *seen = NULL;
    size_t seen_n = 0;
    struct oso_walk wi, wo;
    oso_walk_init(&wi, oso_dossier_root(d), OSO_WALK_ROOT);
    oso_walk_init(&wo, oso_dossier_root(a), OSO_WALK_ROOT);
    for (;;) {
        int more_in = oso_walk_next(&wi), more_out = oso_walk_next(&wo);
        ck_assert_int_eq(more_in, more_out);
        if (!more_in)
            break;
        const struct oso_node *n = wi.node, *m = wo.node;
        ck_assert_int_eq(n->kind, m->kind);
        if (n->kind != OSO_KIND_ELEMENT)
            continue;
        ck_assert_str_eq(oso_model_name(n), oso_model_name(m));
        if (n->row != OSO_SCHEMA_NONE && n->row == d->schema->row_document_content)
            check_attachment(label, oso_nav_parent(n), oso_nav_parent(m));
        if (!personal_leaf(n))
            continue;
        const struct oso_row *r = row_of(n);
        char *v = trimmed(n), *f = trimmed(m);
        if (*v == '\0' || placeholder(v) || !replaced_kind(r->fake)) {
            free(v);
            free(f);
            continue;
        }
        char *p = oso_model_path(n);
        ck_assert_msg(strcmp(v, f) != 0, "%s: %s kept its value '%s'", label, p, v);
        if (r->fake == OSO_FAKE_BIRTH_DATE && school_year(v) != -1)
            ck_assert_msg(school_year(v) == school_year(f), "%s: birth date %s became %s, in "
                          "another school year", label, v, f);
        /* The whole value nowhere in the output, unless the input shows it publicly too. */
        if (strlen(v) >= 4)
            ck_assert_msg(strstr(hay.s, v) == NULL || strstr(pub.s, v) != NULL,
                          "%s: original '%s' of %s appears in the output", label, v, p);
        /* A file name keeps its extension (the document type; README of the tables). */
        size_t checked = strlen(v);
        if (n->row == d->schema->row_document_filename && strrchr(v, '.') != NULL)
            checked = (size_t)(strrchr(v, '.') - v);
        for (size_t i = 0; gram_kind(r->fake) && i + 4 <= checked; i++) {
            uint32_t g = gram_at(v + i);
            ck_assert_msg(!grams_have(&hay_grams, g) || grams_have(&pub_grams, g),
                          "%s: '%.4s' of '%s' (%s) appears in the output", label, v + i, v, p);
        }
        for (size_t i = 0; i < seen_n; i++)
            if (seen[i].kind == r->fake && r->fake != OSO_FAKE_INITIALS &&
                r->fake != OSO_FAKE_TEXT && strcmp(seen[i].original, v) == 0)
                ck_assert_msg(strcmp(seen[i].fake, m->text) == 0,
                              "%s: '%s' became '%s' and '%s'", label, v, seen[i].fake, m->text);
        seen = realloc(seen, (seen_n + 1) * sizeof *seen);
        seen[seen_n++] = (struct seen){r->fake, v, m->text};
        free(p);
        free(f);
    }
    for (size_t i = 0; i < seen_n; i++)
        free(seen[i].original);
    free(seen);
    free(hay_grams.v);
    free(pub_grams.v);
    free(hay.s);
    free(pub.s);
    free(v_in);
    free(v_out);
    free(out);
    free(out2);
    oso_dossier_free(again);
    oso_dossier_free(a);
    oso_dossier_free(d);
}

START_TEST(generated_dossiers)
{
    /* Every profile preset (rule-valid dossiers) and plain ones (valid structure only). */
    static const char *const kinds[] = {"--profile OV-POVO --repeat 2", "--profile OV-BB",
                                        "--profile OV-VOVO", "--profile PaO-POSWV",
                                        "--profile PaO-VOSWV --repeat 3", "--optional 50",
                                        "--all --repeat 2"};
    for (unsigned seed = 1; seed <= 6; seed++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            size_t len;
            char *xml = generated(seed, kinds[k], &len), label[96];
            snprintf(label, sizeof label, "gen-dossier --seed %u %s", seed, kinds[k]);
            check_dossier(label, xml, len, NULL);
            free(xml);
        }
}
END_TEST

/* A case is valid when its expectation lists no error. */
static int valid_case(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/expected", dir);
    size_t len;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    char *s = read_stream(f, &len);
    fclose(f);
    int ok = strstr(s, " error ") == NULL;
    free(s);
    return ok;
}

/* The validation options of a case's `args` file (--profile, --strict, --rules -GROUP,...). */
static oso_validate_options case_options(const char *dir)
{
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    char path[4096];
    snprintf(path, sizeof path, "%s/args", dir);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return vo;
    size_t len;
    char *args = read_stream(f, &len), *save = NULL;
    fclose(f);
    static const struct { const char *name; unsigned bit; } groups[] = {
        {"codelists", OSO_RULES_CODELISTS}, {"general", OSO_RULES_GENERAL},
        {"categories", OSO_RULES_CATEGORIES}, {"profile", OSO_RULES_PROFILE}};
    for (char *tok = strtok_r(args, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
        if (strcmp(tok, "--strict") == 0) {
            vo.strict = 1;
        } else if (strcmp(tok, "--profile") == 0 && (tok = strtok_r(NULL, " \n", &save)) != NULL) {
            vo.profile = strcmp(tok, "none") == 0 ? OSO_PROFILE_NONE
                         : strcmp(tok, "OV") == 0 ? OSO_PROFILE_OV
                         : strcmp(tok, "PaO") == 0 ? OSO_PROFILE_PAO : OSO_PROFILE_AUTO;
        } else if (strcmp(tok, "--rules") == 0 && (tok = strtok_r(NULL, " \n", &save)) != NULL) {
            for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
                char minus[32];
                snprintf(minus, sizeof minus, "-%s", groups[i].name);
                if (strstr(tok, minus) != NULL)
                    vo.rules &= ~groups[i].bit;
            }
        }
    }
    free(args);
    return vo;
}

START_TEST(valid_fixtures)
{
    char groups_dir[1024];
    snprintf(groups_dir, sizeof groups_dir, "%s/tests/cases", OSO_SOURCE_ROOT);
    DIR *groups = opendir(groups_dir);
    ck_assert_ptr_nonnull(groups);
    size_t checked = 0;
    for (struct dirent *g; (g = readdir(groups)) != NULL;) {
        if (g->d_name[0] == '.')
            continue;
        char group[1300];
        snprintf(group, sizeof group, "%s/%s", groups_dir, g->d_name);
        DIR *cases = opendir(group);
        if (cases == NULL)
            continue;
        for (struct dirent *c; (c = readdir(cases)) != NULL;) {
            char dir[1600], input[1700];
            snprintf(dir, sizeof dir, "%s/%s", group, c->d_name);
            snprintf(input, sizeof input, "%s/input.xml", dir);
            if (c->d_name[0] == '.' || !valid_case(dir) || access(input, R_OK) != 0)
                continue;
            size_t len;
            char *xml = read_file(input, &len);
            oso_validate_options vo = case_options(dir);
            check_dossier(input + strlen(OSO_SOURCE_ROOT) + 1, xml, len, &vo);
            free(xml);
            checked++;
        }
        closedir(cases);
    }
    closedir(groups);
    ck_assert_uint_gt(checked, 10);
    char sample[1024];
    snprintf(sample, sizeof sample, "%s/examples/sample-dossier.xml", OSO_SOURCE_ROOT);
    size_t len;
    char *xml = read_file(sample, &len);
    check_dossier("examples/sample-dossier.xml", xml, len, NULL);
    free(xml);
}
END_TEST

static const char *achternaam(const oso_dossier *d)
{
    return oso_dossier_get(d, "/dossier/huidigeschool/leerling/achternaam");
}

START_TEST(shared_key)
{
    char sample[1024];
    snprintf(sample, sizeof sample, "%s/examples/sample-dossier.xml", OSO_SOURCE_ROOT);
    oso_dossier *d = NULL, *other = NULL;
    oso_report *r = NULL;
    ck_assert_int_eq(oso_dossier_parse_file(&d, &r, sample, NULL), OSO_OK);
    oso_report_free(r);
    ck_assert_ptr_nonnull(achternaam(d));
    /* Another dossier of the same pupil: another first name and birth date. */
    ck_assert_int_eq(oso_dossier_clone(&other, d), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, other, "/dossier/huidigeschool/leerling/roepnaam", "Quirijn"), OSO_OK);
    oso_dossier *a1 = anonymized(d, 1, "gedeelde sleutel"), *a2 = anonymized(other, 2, "gedeelde sleutel");
    oso_dossier *b = anonymized(d, 1, "andere sleutel"), *s1 = anonymized(d, 1, NULL),
                *s2 = anonymized(d, 2, NULL);
    ck_assert_str_eq(achternaam(a1), achternaam(a2));
    ck_assert_str_ne(achternaam(a1), achternaam(d));
    /* The seed does not count when a key is given, and it does when none is. */
    char *x1 = to_xml(a1), *xb = to_xml(b), *xs1 = to_xml(s1), *xs2 = to_xml(s2);
    ck_assert_str_ne(x1, xb);
    ck_assert_str_ne(xs1, xs2);
    free(x1);
    free(xb);
    free(xs1);
    free(xs2);
    oso_dossier *k2 = anonymized(d, 99, "gedeelde sleutel");
    x1 = to_xml(a1);
    char *xk2 = to_xml(k2);
    ck_assert_str_eq(x1, xk2);
    free(x1);
    free(xk2);
    oso_dossier *all[] = {d, other, a1, a2, b, s1, s2, k2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        oso_dossier_free(all[i]);
}
END_TEST

/* Every allowed document type gets a generated document that the type checks take for that
 * type (by content, agreeing with the name), in both forms. */
START_TEST(generated_documents)
{
    static const char *const names[] = {
        "a.pdf", "a.jpg", "a.jpeg", "a.png", "a.txt", "a.doc", "a.xls", "a.ppt", "a.docx",
        "a.xlsx", "a.pptx", "a.odt", "a.ott", "a.odm", "a.otm", "a.oth", "a.ods", "a.ots",
        "a.odp", "a.otp", "a.odg", "a.otg", "a.odi", "a.oti", "a.odf", "a.otf", "a.odc",
        "a.otc", "a.odb"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (int variant = 0; variant < ANON_DOCUMENT_VARIANTS; variant++) {
            unsigned char *data = NULL;
            size_t len = 0;
            ck_assert_int_eq(anon_document(names[i], "Lorem ipsum dolor", variant, &data, &len),
                             OSO_OK);
            oso_filetype_verdict v;
            ck_assert_int_eq(oso_filetype_check(names[i], data, len, NULL, &v), OSO_OK);
            ck_assert_msg(v.allowed && v.agree, "%s: generated content is %s", names[i],
                          oso_filetype_name(v.by_content));
            free(data);
        }
}
END_TEST

/* Calendar arithmetic: every day from 1899 to 2101 round-trips, days follow each other, and
 * the three notations parse as documented. */
START_TEST(dates)
{
    long first = anon_days_from_civil(1899, 1, 1), last = anon_days_from_civil(2101, 12, 31);
    ck_assert_int_eq(anon_days_from_civil(1970, 1, 1), 0);
    for (long z = first; z <= last; z++) {
        long y;
        int m, d;
        anon_civil_from_days(z, &y, &m, &d);
        ck_assert_int_eq(anon_days_from_civil(y, m, d), z);
    }
    ck_assert_int_eq(anon_days_from_civil(2024, 3, 1) - anon_days_from_civil(2024, 2, 28), 2);
    ck_assert_int_eq(anon_days_from_civil(2100, 3, 1) - anon_days_from_civil(2100, 2, 28), 1);
    long y;
    int m, d;
    const char *suffix;
    ck_assert_int_eq(anon_parse_date("2012-05-03Z", &y, &m, &d, &suffix), DATE_ISO);
    ck_assert_str_eq(suffix, "Z");
    ck_assert_int_eq(anon_parse_date("03-05-2012", &y, &m, &d, &suffix), DATE_DUTCH);
    ck_assert(y == 2012 && m == 5 && d == 3);
    ck_assert_int_eq(anon_parse_date("2012-05", &y, &m, &d, &suffix), DATE_MONTH);
    ck_assert_int_eq(anon_parse_date("2012-13-01", &y, &m, &d, &suffix), DATE_NONE);
    ck_assert_int_eq(anon_parse_date("97-11-3424", &y, &m, &d, &suffix), DATE_NONE);
    ck_assert_int_eq(anon_parse_date("geboren", &y, &m, &d, &suffix), DATE_NONE);
    ck_assert_int_eq(anon_cohort_start(2012, 9), anon_days_from_civil(2011, 10, 1));
    ck_assert_int_eq(anon_cohort_start(2012, 10), anon_days_from_civil(2012, 10, 1));
}
END_TEST

START_TEST(arguments)
{
    oso_dossier *d = NULL, *a = NULL;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    ck_assert_int_eq(oso_dossier_anonymize(NULL, d, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_anonymize(&a, NULL, NULL), OSO_E_INVALID_ARG);
    oso_anonymize_options o = OSO_ANONYMIZE_OPTIONS_INIT;
    o.version = 99;
    ck_assert_int_eq(oso_dossier_anonymize(&a, d, &o), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_anonymize_options_init(&o, 2), OSO_E_OPTIONS_VERSION);
    ck_assert_int_eq(oso_anonymize_options_init(&o, 1), OSO_OK);
    o.key_length = 3;
    ck_assert_int_eq(oso_dossier_anonymize(&a, d, &o), OSO_E_INVALID_ARG);
    ck_assert_ptr_null(a);
    oso_dossier_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("anonymize");
    TCase *tc = tcase_create("anonymize");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, arguments);
    tcase_add_test(tc, dates);
    tcase_add_test(tc, generated_documents);
    tcase_add_test(tc, shared_key);
    tcase_add_test(tc, valid_fixtures);
    tcase_add_test(tc, generated_dossiers);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
