/* Anonymised copies of dossiers (include/oso/anonymize.h, doc/anonymize.md).
 *
 * The copy is walked in document order; every leaf element whose schema row is personal gets
 * a fake of the row's kind (standard/oso-2019.1/README.md). Fakes come from a random stream
 * keyed by HMAC-SHA-256(key, kind, original value), so equal originals get equal fakes. A fake
 * is accepted only when it passes the element's simple type, differs from the original, equals
 * no original personal value and shares no four bytes in a row with the original names,
 * numbers, addresses, contact data and texts of the dossier; otherwise the next attempt's
 * stream is used. Finally the copy is validated: when its verdict differs from the original's,
 * the codes are put back (a code can decide a rule), and when it still differs the call fails. */
#include "oso/anonymize.h"

#include "anonymize/dates.h"
#include "anonymize/documents.h"
#include "anonymize/fakes.h"
#include "base/base64.h"
#include "attachments/zipmem.h"
#include "base/error.h"
#include "base/sink.h"
#include "codelists/codelists.h"
#include "model/model.h"
#include "model/navigate.h"
#include "oso/attachments.h"
#include "oso/report.h"
#include "schema/oso_2019_1.h"
#include "schema/value.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ATTEMPTS = 96, SAME_FORM_FROM = 48, LETTERS_FROM = 72, GRAM = 4, DAY_ROUNDS = 6, ROUNDS = 14 };

/* A set of 4-byte sequences (open addressing; 0 marks a free slot, so a gram of four NULs,
 * which text cannot hold, is never stored). */
struct gram_set {
    uint32_t *slots;
    size_t cap, count;
};

/* Month of an original birth date -> month of its fake, so geboortemaand follows
 * geboortedatum. */
struct month_map {
    char original[24], fake[24];
};

struct anon {
    const struct oso_schema *sc;
    unsigned char key[64];
    size_t key_len;
    int keep_codes;
    unsigned date_round;    /* which date offset: another one when a verdict changed */
    long date_years;        /* > 0: every date but birth dates moves this many whole years back */
    int compromised;        /* some value got a fake that is not acceptable (or was kept) */
    int compromised_date;   /* ... a date: another round (date offset) may do better */
    struct gram_set grams;
    char **originals;       /* every original personal value, sorted */
    size_t original_count;
    struct month_map *months;
    size_t month_count;
    const char *lead, *trail; /* whitespace around the value being replaced */
    size_t lead_len, trail_len;
    oso_status status;
};

/* ---- sets of originals --------------------------------------------------------------------- */

static uint32_t gram_at(const char *s)
{
    return (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[1] << 8 |
           (uint32_t)(unsigned char)s[2] << 16 | (uint32_t)(unsigned char)s[3] << 24;
}

static size_t gram_slot(uint32_t g, size_t cap) { return (g * 2654435761u) & (cap - 1); }

static int gram_add(struct gram_set *set, uint32_t g)
{
    if (2 * (set->count + 1) > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 256;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (slots == NULL)
            return 0;
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i] != 0) {
                size_t k = gram_slot(set->slots[i], cap);
                while (slots[k] != 0)
                    k = (k + 1) & (cap - 1);
                slots[k] = set->slots[i];
            }
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    size_t k = gram_slot(g, set->cap);
    while (set->slots[k] != 0 && set->slots[k] != g)
        k = (k + 1) & (set->cap - 1);
    if (set->slots[k] == 0) {
        set->slots[k] = g;
        set->count++;
    }
    return 1;
}

static int gram_has(const struct gram_set *set, uint32_t g)
{
    if (set->cap == 0)
        return 0;
    size_t k = gram_slot(g, set->cap);
    while (set->slots[k] != 0) {
        if (set->slots[k] == g)
            return 1;
        k = (k + 1) & (set->cap - 1);
    }
    return 0;
}

static int shares_gram_n(const struct anon *a, const char *s, size_t len)
{
    for (size_t i = 0; i + GRAM <= len; i++)
        if (gram_has(&a->grams, gram_at(s + i)))
            return 1;
    return 0;
}

static int shares_gram(const struct anon *a, const char *s) { return shares_gram_n(a, s, strlen(s)); }

static int by_string(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int is_original(const struct anon *a, const char *s)
{
    return a->original_count > 0 &&
           bsearch(&s, a->originals, a->original_count, sizeof *a->originals, by_string) != NULL;
}

/* Kinds whose originals must not reappear even in part (the "names, BSN, address,
 * e-mail, phone and free text"; numbers alike). Dates and codes are compared whole. */
static int kind_guards_grams(unsigned kind)
{
    switch (kind) {
    case OSO_FAKE_FIRST_NAME: case OSO_FAKE_INITIALS: case OSO_FAKE_SURNAME_PREFIX:
    case OSO_FAKE_SURNAME: case OSO_FAKE_FULL_NAME: case OSO_FAKE_BSN: case OSO_FAKE_NUMBER:
    case OSO_FAKE_STREET: case OSO_FAKE_HOUSE_NUMBER: case OSO_FAKE_HOUSE_NUMBER_SUFFIX:
    case OSO_FAKE_POSTCODE: case OSO_FAKE_CITY: case OSO_FAKE_PHONE: case OSO_FAKE_EMAIL:
    case OSO_FAKE_PHONE_OR_EMAIL: case OSO_FAKE_TEXT:
        return 1;
    default:
        return 0;
    }
}

/* A placeholder the agreement prescribes instead of a secret value ("9999999999",
 * "geheim@geheim.geheim"): one character repeated, or one word repeated between separators.
 * It says nothing about a person and rules test for it, so it stays. */
static int is_placeholder(const char *v)
{
    size_t len = strlen(v), first = strcspn(v, "@.-_ ");
    if (len >= 3 && strspn(v, (char[]){v[0], 0}) == len)
        return 1;
    if (first == 0 || first == len)
        return 0;
    for (const char *p = v + first; *p; p += first) {
        if (strchr("@.-_ ", *p) == NULL)
            return 0;
        p++;
        if (strncmp(p, v, first) != 0)
            return 0;
    }
    return 1;
}

/* The file-name extension (".pdf") of `name`, or "" when it has none. */
static const char *extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL || dot == name || strlen(dot) > 6)
        return "";
    for (const char *p = dot + 1; *p; p++)
        if (!isalnum((unsigned char)*p))
            return "";
    return dot;
}

/* Bytes of a value that must not repeat the originals: a file name's extension is the
 * document type, which stays (standard/oso-2019.1/README.md). */
static size_t guarded_length(const struct anon *a, const struct oso_row *r, const char *value)
{
    size_t len = strlen(value);
    if (r == &a->sc->rows[a->sc->row_document_filename])
        len -= strlen(extension(value));
    return len;
}

/* Row of a personal leaf element that gets a fake, or NULL. */
static const struct oso_row *fake_row(const struct oso_node *n)
{
    const struct oso_row *r = oso_node_row(n);
    if (r == NULL || r->personal == OSO_PERSONAL_NONE || r->fake == OSO_FAKE_NONE ||
        r->fake == OSO_FAKE_KEEP || oso_nav_first_element(n) != NULL)
        return NULL;
    return r;
}

/* The element's text with XML whitespace trimmed; malloc'd. */
static char *trimmed_text(const struct oso_node *n)
{
    const char *s = n->text ? n->text : "";
    size_t len = strlen(s);
    oso_trim(&s, &len);
    char *out = malloc(len + 1);
    if (out != NULL) {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    return out;
}

static oso_status collect_originals(struct anon *a, const struct oso_node *root)
{
    size_t cap = 0;
    struct oso_walk w;
    oso_walk_init(&w, root, OSO_WALK_ROOT);
    while (oso_walk_next(&w)) {
        const struct oso_row *r = w.node->kind == OSO_KIND_ELEMENT ? fake_row(w.node) : NULL;
        if (r == NULL || r->fake == OSO_FAKE_ATTACHMENT)
            continue;
        char *v = trimmed_text(w.node);
        if (v == NULL)
            return OSO_E_NOMEM;
        if (*v == '\0' || is_placeholder(v)) {
            free(v);
            continue;
        }
        size_t len = guarded_length(a, r, v);
        for (size_t i = 0; kind_guards_grams(r->fake) && i + GRAM <= len; i++)
            if (!gram_add(&a->grams, gram_at(v + i))) {
                free(v);
                return OSO_E_NOMEM;
            }
        if (a->original_count == cap) {
            cap = cap ? 2 * cap : 64;
            char **grown = realloc(a->originals, cap * sizeof *grown);
            if (grown == NULL) {
                free(v);
                return OSO_E_NOMEM;
            }
            a->originals = grown;
        }
        a->originals[a->original_count++] = v;
    }
    if (a->original_count > 0) /* qsort's array may not be NULL, even for no elements */
        qsort(a->originals, a->original_count, sizeof *a->originals, by_string);
    return OSO_OK;
}

/* ---- making one fake ----------------------------------------------------------------------- */

static void rng_for(const struct anon *a, struct fake_rng *r, const char *label,
                    const char *value, unsigned attempt)
{
    fake_rng_init(r, a->key, a->key_len, label, value, attempt);
}

static size_t utf8_chars_n(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Neutral words, `chars` characters (at least one) joined by `sep`, avoiding the originals'
 * grams. */
static void neutral_text(const struct anon *a, struct fake_rng *r, size_t chars, char sep,
                         struct oso_sink *out)
{
    size_t start = out->len;
    int capital = sep == ' ';
    do {
        const char *word = NULL;
        char tail[64];
        for (int k = 0; k < 8; k++) {
            word = fake_word(r);
            size_t have = out->len - start, keep = have < 3 ? have : 3;
            /* The word between its separators: a gram may end in the one after it. */
            snprintf(tail, sizeof tail, "%.*s%s%s%c", (int)keep,
                     out->failed ? "" : out->buf + out->len - keep, have ? (sep == ' ' ? " " : "-") : "",
                     word, sep);
            if (!shares_gram(a, tail))
                break;
        }
        if (out->len > start)
            oso_sink_putc(out, sep);
        if (capital && !out->failed && out->len == start) {
            oso_sink_putc(out, (char)toupper((unsigned char)word[0]));
            oso_sink_puts(out, word + 1);
        } else {
            oso_sink_puts(out, word);
        }
    } while (!out->failed && utf8_chars_n(out->buf + start, out->len - start) < chars);
    /* Exactly as long as the original (length facets): cut the last word. */
    if (!out->failed && out->len - start > chars) {
        out->len = start + chars; /* the words are ASCII */
        if (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '-')
            out->buf[out->len - 1] = 'a';
    }
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Initials in the form of `original`, taken from the (already replaced) first names of the
 * same person: the repeatable first-name siblings of `n`. */
static void initials(const struct oso_node *n, struct fake_rng *r, const char *original,
                     unsigned attempt, struct oso_sink *out)
{
    const struct oso_node *names[16];
    size_t count = 0;
    for (const struct oso_node *c = oso_nav_first_element(oso_nav_parent(n)); c && count < 16;
         c = oso_nav_next_element(c)) {
        const struct oso_row *cr = oso_node_row(c);
        if (cr && cr->fake == OSO_FAKE_FIRST_NAME && cr->repeatable && c->text && c->text[0])
            names[count++] = c;
    }
    size_t letter = 0;
    for (const char *p = original; *p; p++) {
        if (!isalpha((unsigned char)*p)) {
            oso_sink_putc(out, *p);
            continue;
        }
        char c = attempt == 0 && letter < count ? names[letter]->text[0]
                                                : (char)('A' + fake_below(r, 26));
        oso_sink_putc(out, isupper((unsigned char)*p) ? (char)toupper((unsigned char)c)
                                                      : (char)tolower((unsigned char)c));
        letter++;
    }
}

static void lower_ascii(struct oso_sink *out, const char *s)
{
    for (; *s; s++)
        if (isalpha((unsigned char)*s))
            oso_sink_putc(out, (char)tolower((unsigned char)*s));
}

/* A host name: dot-separated labels of letters, digits and inner hyphens. */
static int host_name(const char *s)
{
    for (;;) {
        size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
        if (len == 0 || s[0] == '-' || s[len - 1] == '-')
            return 0;
        if (s[len] == '\0')
            return 1;
        if (s[len] != '.')
            return 0;
        s += len + 1;
    }
}

/* An address on a reserved domain (RFC 2606) for a plain address; any other value keeps its
 * form, so the e-mail checks judge the copy as they judged the original. */
static void email(struct fake_rng *r, const char *original, unsigned attempt,
                  struct oso_sink *out)
{
    /* Reserved names only; a later attempt takes the next domain, for originals that already
     * use one of them. */
    static const char *const domains[] = {"example.com", "voorbeeld.invalid", "proef.test",
                                          "nergens.invalid"};
    const char *at = strrchr(original, '@');
    if (at == NULL || at == original || !host_name(at + 1) ||
        strspn(original, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
            (size_t)(at - original)) {
        /* Not a plain address: the same form keeps what the e-mail checks look at. */
        fake_same_form(r, original, out);
        return;
    }
    /* "first.surname", cut or padded to the original's length (length limits are checked). */
    size_t start = out->len, local = (size_t)(at - original);
    lower_ascii(out, fake_first_name(r));
    oso_sink_putc(out, '.');
    lower_ascii(out, fake_surname(r));
    if (out->failed)
        return;
    if (out->len - start > local)
        out->len = start + local;
    while (out->len - start < local)
        oso_sink_putc(out, (char)('a' + fake_below(r, 26)));
    if (!out->failed && strchr("._-", out->buf[out->len - 1]) != NULL)
        out->buf[out->len - 1] = 'x'; /* the character before '@' stays a letter */
    oso_sink_putc(out, '@');
    oso_sink_puts(out, domains[(attempt / 16) % (sizeof domains / sizeof domains[0])]);
}

/* A code of the row's value space: its codelist, or a boolean. The original when there is
 * neither or codes are kept. */
static void code(const struct anon *a, const struct oso_row *r, struct fake_rng *rng,
                 const char *original, struct oso_sink *out)
{
    const oso_codelist *cl = r->codelist ? oso_codelists_get(oso_codelists_default(), r->codelist) : NULL;
    if (!a->keep_codes && cl != NULL && oso_codelist_size(cl) > 0) {
        const char *value, *meaning;
        unsigned flags;
        oso_codelist_entry(cl, fake_below(rng, (uint32_t)oso_codelist_size(cl)), &value, &meaning,
                           &flags);
        oso_sink_puts(out, value);
    } else if (!a->keep_codes && r->stype != OSO_SCHEMA_NONE &&
               a->sc->stypes[r->stype].builtin == OSO_BUILTIN_BOOLEAN) {
        oso_sink_puts(out, fake_below(rng, 2) ? "true" : "false");
    } else {
        oso_sink_puts(out, original);
    }
}

static const char *month_fake(const struct anon *a, const char *original_month)
{
    for (size_t i = 0; i < a->month_count; i++)
        if (strcmp(a->months[i].original, original_month) == 0)
            return a->months[i].fake;
    return NULL;
}

static void remember_month(struct anon *a, long y, int m, long fy, int fm)
{
    char original[24];
    snprintf(original, sizeof original, "%04ld-%02d", y % 10000, m);
    if (month_fake(a, original) != NULL)
        return;
    struct month_map *grown = realloc(a->months, (a->month_count + 1) * sizeof *grown);
    if (grown == NULL) {
        a->status = OSO_E_NOMEM;
        return;
    }
    a->months = grown;
    struct month_map *e = &a->months[a->month_count++];
    memcpy(e->original, original, sizeof original);
    snprintf(e->fake, sizeof e->fake, "%04ld-%02d", fy % 10000, fm);
}

static void birth_date(struct anon *a, const char *original, unsigned attempt,
                       struct oso_sink *out)
{
    long y;
    int m, d;
    const char *suffix;
    enum date_form form = anon_parse_date(original, &y, &m, &d, &suffix);
    struct fake_rng r;
    if (form == DATE_NONE) {
        rng_for(a, &r, "birth_date", original, attempt);
        fake_same_form(&r, original, out);
        return;
    }
    if (form == DATE_MONTH) {
        const char *known = attempt == 0 ? month_fake(a, original) : NULL;
        if (known != NULL) {
            oso_sink_puts(out, known);
            return;
        }
    }
    /* The same calendar date keys the same fake in every notation. */
    char canonical[16];
    snprintf(canonical, sizeof canonical, "%04ld-%02d-%02d", y, m, form == DATE_MONTH ? 0 : d);
    rng_for(a, &r, "birth_date", canonical, attempt);
    long first = anon_cohort_start(y, m);
    long fake = first + (long)fake_below(&r, (uint32_t)(anon_days_from_civil(y + (m >= 10), 10, 1) - first));
    long fy;
    int fm, fd;
    anon_civil_from_days(fake, &fy, &fm, &fd);
    if (form != DATE_MONTH && attempt == 0)
        remember_month(a, y, m, fy, fm);
    anon_format_date(out, form, fy, fm, fd, suffix);
}

/* One offset for every other date, 7 to 90 days; a further attempt moves one more day. */
static void shifted_date(const struct anon *a, const char *original, unsigned attempt,
                         struct oso_sink *out)
{
    long y;
    int m, d;
    const char *suffix;
    struct fake_rng r;
    enum date_form form = anon_parse_date(original, &y, &m, &d, &suffix);
    if (form == DATE_NONE) {
        rng_for(a, &r, "date", original, attempt);
        fake_same_form(&r, original, out);
        return;
    }
    if (a->date_years > 0) {
        anon_format_date(out, form, y - a->date_years, m, m == 2 && d == 29 ? 28 : d, suffix);
        return;
    }
    rng_for(a, &r, "date-offset", "", a->date_round);
    /* Back in the first round (no date moves into the future); later rounds, tried when a
     * rule compared a date with a fixed one, also forward. */
    long offset = 7 + (long)fake_below(&r, 84) + (long)attempt;
    if (a->date_round > 0 && fake_below(&r, 2))
        offset = -offset;
    long fy;
    int fm, fd;
    if (attempt >= ATTEMPTS / 2) {
        /* The type admits one day of the year only (einddatumType: 31 July): a year back. */
        fy = y - 1 - (long)(attempt % 3);
        fm = m;
        fd = d;
        anon_format_date(out, form, fy, fm, fd, suffix);
        return;
    }
    anon_civil_from_days(anon_days_from_civil(y, m, d) - offset, &fy, &fm, &fd);
    anon_format_date(out, form, fy, fm, form == DATE_MONTH ? 1 : fd, suffix);
}

/* Write one candidate for element `n` (row `r`, original text `original`) to `out`. */
static void candidate(struct anon *a, const struct oso_node *n, const struct oso_row *r,
                      const char *original, unsigned attempt, struct oso_sink *out)
{
    struct fake_rng rng;
    const char *label = "";
    switch (r->fake) {
    case OSO_FAKE_FIRST_NAME: label = "first_name"; break;
    case OSO_FAKE_SURNAME_PREFIX: label = "surname_prefix"; break;
    case OSO_FAKE_SURNAME: label = "surname"; break;
    case OSO_FAKE_FULL_NAME: label = "full_name"; break;
    case OSO_FAKE_BSN: label = "bsn"; break;
    case OSO_FAKE_STREET: label = "street"; break;
    case OSO_FAKE_CITY: label = "city"; break;
    case OSO_FAKE_EMAIL: case OSO_FAKE_PHONE: case OSO_FAKE_PHONE_OR_EMAIL: label = "contact"; break;
    default: label = r->name; break;
    }
    rng_for(a, &rng, label, original, attempt);
    if (attempt >= SAME_FORM_FROM && kind_guards_grams(r->fake)) {
        /* The kind's own makers found nothing that avoids the originals (an original that is
         * not what its kind expects, say punctuation in initials): the same form instead, and
         * at last letters in place of its punctuation and spaces too. */
        size_t start = out->len, kept = strlen(original) - guarded_length(a, r, original);
        char *base = strndup(original, strlen(original) - kept);
        if (base == NULL) {
            out->failed = 1;
            out->status = OSO_E_NOMEM;
            return;
        }
        fake_same_form(&rng, base, out);
        free(base);
        for (size_t i = start; attempt >= LETTERS_FROM && !out->failed && i < out->len; i++)
            if ((unsigned char)out->buf[i] < 0x80 && !isalnum((unsigned char)out->buf[i]))
                out->buf[i] = (char)('a' + fake_below(&rng, 26));
        oso_sink_puts(out, original + strlen(original) - kept); /* a file name's extension */
        return;
    }
    switch (r->fake) {
    case OSO_FAKE_FIRST_NAME: {
        /* A first name with another initial, so the initials change too. */
        const char *name = fake_first_name(&rng);
        for (int k = 0; k < 16 && name[0] == original[0]; k++)
            name = fake_first_name(&rng);
        oso_sink_puts(out, name);
        break;
    }
    case OSO_FAKE_INITIALS: initials(n, &rng, original, attempt, out); break;
    case OSO_FAKE_SURNAME_PREFIX: oso_sink_puts(out, fake_surname_prefix(&rng)); break;
    case OSO_FAKE_SURNAME: oso_sink_puts(out, fake_surname(&rng)); break;
    case OSO_FAKE_FULL_NAME:
        oso_sink_puts(out, fake_first_name(&rng));
        oso_sink_putc(out, ' ');
        oso_sink_puts(out, fake_surname(&rng));
        break;
    case OSO_FAKE_BSN: {
        char bsn[10];
        fake_bsn(&rng, attempt >= SAME_FORM_FROM / 2, bsn);
        oso_sink_puts(out, bsn);
        break;
    }
    case OSO_FAKE_BIRTH_DATE: birth_date(a, original, attempt, out); break;
    case OSO_FAKE_DATE: shifted_date(a, original, attempt, out); break;
    case OSO_FAKE_STREET: oso_sink_puts(out, fake_street(&rng)); break;
    case OSO_FAKE_HOUSE_NUMBER: {
        int digits = *original != '\0' && strspn(original, "0123456789") == strlen(original);
        if (digits) {
            char buf[16];
            snprintf(buf, sizeof buf, "%" PRIu32, 1 + fake_below(&rng, 299));
            oso_sink_puts(out, buf);
        } else {
            fake_same_form(&rng, original, out);
        }
        break;
    }
    case OSO_FAKE_HOUSE_NUMBER_SUFFIX:
        if (strlen(original) == 1)
            oso_sink_putc(out, (char)('A' + fake_below(&rng, 8)));
        else
            fake_same_form(&rng, original, out);
        break;
    case OSO_FAKE_CITY: oso_sink_puts(out, fake_city(&rng)); break;
    case OSO_FAKE_PHONE: fake_same_form(&rng, original, out); /* a phone number: its form */ break;
    case OSO_FAKE_EMAIL: email(&rng, original, attempt, out); break;
    case OSO_FAKE_PHONE_OR_EMAIL:
        if (strchr(original, '@') != NULL)
            email(&rng, original, attempt, out);
        else
            fake_same_form(&rng, original, out); /* a phone number: its form */
        break;
    case OSO_FAKE_TEXT:
        if (n->row == a->sc->row_document_filename) {
            const char *ext = extension(original);
            neutral_text(a, &rng, 8, '-', out);
            oso_sink_puts(out, ext);
        } else {
            neutral_text(a, &rng, utf8_chars(original), ' ', out);
        }
        break;
    case OSO_FAKE_CODE:
    case OSO_FAKE_COUNTRY: code(a, r, &rng, original, out); break;
    default: /* OSO_FAKE_NUMBER, OSO_FAKE_POSTCODE and kinds without a maker of their own */
        fake_same_form(&rng, original, out);
        break;
    }
}

/* Whether `value`, with the original's surrounding whitespace, is of the row's type. */
static int fits_type(const struct anon *a, const struct oso_row *r, const char *value)
{
    if (r->stype == OSO_SCHEMA_NONE)
        return 1;
    size_t len = strlen(value);
    char *spaced = malloc(a->lead_len + len + a->trail_len + 1);
    if (spaced == NULL)
        return 0;
    memcpy(spaced, a->lead, a->lead_len);
    memcpy(spaced + a->lead_len, value, len);
    memcpy(spaced + a->lead_len + len, a->trail, a->trail_len);
    spaced[a->lead_len + len + a->trail_len] = '\0';
    struct oso_value_error err;
    int ok = oso_value_check(a->sc, r->stype, spaced, strlen(spaced), &err);
    free(spaced);
    return ok;
}

static int acceptable(const struct anon *a, const struct oso_row *r, const char *original,
                      const char *value)
{
    if (!fits_type(a, r, value))
        return 0;
    if (r->fake == OSO_FAKE_CODE || r->fake == OSO_FAKE_COUNTRY)
        return 1; /* a code may stay or equal another field's code */
    if (strcmp(value, original) == 0 || is_original(a, value))
        return 0;
    return !kind_guards_grams(r->fake) || !shares_gram_n(a, value, guarded_length(a, r, value));
}

/* The fake for one element; malloc'd, NULL on out of memory. */
static char *fake_value(struct anon *a, const struct oso_node *n, const struct oso_row *r,
                        const char *original)
{
    char *best = NULL;
    for (unsigned attempt = 0; attempt < ATTEMPTS; attempt++) {
        struct oso_sink s;
        oso_sink_memory(&s);
        candidate(a, n, r, original, attempt, &s);
        char *value = NULL;
        if (oso_sink_finish(&s, &value, NULL) != OSO_OK) {
            free(best);
            return NULL;
        }
        if (acceptable(a, r, original, value)) {
            free(best);
            return value;
        }
        /* Keep the first attempt that at least differs and fits the type. */
        if (best == NULL && strcmp(value, original) != 0 && fits_type(a, r, value))
            best = value;
        else
            free(value);
    }
    a->compromised = 1;
    if (r->fake == OSO_FAKE_DATE || r->fake == OSO_FAKE_BIRTH_DATE)
        a->compromised_date = 1;
    if (best != NULL)
        return best;
    return strdup(original); /* nothing else fits the type: e.g. a one-value facet */
}

/* ---- attachments --------------------------------------------------------------------------- */

/* Replace the content of `content` (a bestandsinhoud) by a generated document of the type its
 * (already replaced) file name says. */
static oso_status replace_attachment(struct anon *a, struct oso_node *content)
{
    struct oso_node *document = oso_nav_parent(content);
    const struct oso_node *name_node = oso_nav_child(document, a->sc->row_document_filename);
    const struct oso_node *desc_node = oso_nav_child(document, a->sc->row_document_description);
    const char *name = name_node && name_node->text ? name_node->text : NULL;
    char *name_copy = name ? strdup(name) : NULL;
    char *desc_copy = desc_node && desc_node->text ? strdup(desc_node->text) : NULL;
    char *body = NULL;
    unsigned char *data = NULL;
    size_t length = 0;
    oso_status st = OSO_OK;
    for (unsigned attempt = 0; st == OSO_OK && attempt < ATTEMPTS; attempt++) {
        struct fake_rng rng;
        struct oso_sink text;
        rng_for(a, &rng, "attachment", content->text ? content->text : "", attempt);
        oso_sink_memory(&text);
        neutral_text(a, &rng, 60, ' ', &text);
        free(body);
        body = NULL;
        st = oso_sink_finish(&text, &body, NULL);
        if (st == OSO_OK && !shares_gram(a, body))
            break;
    }
    if (st == OSO_OK && (name && !name_copy))
        st = OSO_E_NOMEM;
    /* The generated bytes, too, must not repeat an original (a BSN's "0000" in a PDF's
     * cross-reference table, the position of a PDF's text): then another variant. */
    for (int variant = 0; st == OSO_OK && variant < ANON_DOCUMENT_VARIANTS; variant++) {
        free(data);
        data = NULL;
        st = anon_document(name_copy ? name_copy : "document.txt", body, variant, &data, &length);
        if (st == OSO_OK && !shares_gram_n(a, (const char *)data, length))
            break;
    }
    if (st == OSO_OK && name_copy != NULL)
        st = oso_attachment_set(document, name_copy, desc_copy, data, length);
    if (st != OSO_OK && st != OSO_E_NOMEM) {
        /* No usable file name (or one of a refused type): keep the document's other fields
         * and put a plain ZIP of the generated text in place of the content. */
        oso_zip_writer *zw = NULL;
        unsigned char *zip = NULL;
        size_t zip_len = 0;
        free(data);
        data = NULL;
        st = oso_zip_writer_new(&zw);
        if (st == OSO_OK)
            st = oso_zip_writer_add(zw, "document.txt", (const unsigned char *)body, strlen(body), 0);
        if (st == OSO_OK)
            st = oso_zip_writer_finish(zw, &zip, &zip_len);
        oso_zip_writer_free(zw);
        char *b64 = NULL;
        size_t b64_len = 0;
        if (st == OSO_OK) {
            size_t cap = oso_base64_encoded_size(zip_len) + 1;
            b64 = malloc(cap);
            st = b64 ? oso_base64_encode(zip, zip_len, b64, cap, &b64_len) : OSO_E_NOMEM;
        }
        if (st == OSO_OK) {
            b64[b64_len] = '\0';
            st = oso_node_set_text(content, b64);
        }
        free(b64);
        free(zip);
    }
    free(data);
    free(body);
    free(name_copy);
    free(desc_copy);
    return st;
}

/* ---- the walk and the verdict -------------------------------------------------------------- */

/* Set the text of an element whose text is split by comments or processing instructions, and
 * keep those: the fake is spread over the text pieces in their order and lengths, the last one
 * taking the rest (rules look at such splits). */
static oso_status set_text_keeping_splits(struct oso_node *n, const char *value)
{
    struct oso_node *last = NULL;
    for (struct oso_node *c = oso_nav_first(n); c != NULL; c = oso_nav_next(c))
        if (c->kind == OSO_KIND_TEXT)
            last = c;
    if (!(n->flags & OSO_NF_SPLIT_TEXT) || last == NULL)
        return oso_node_set_text(n, value);
    size_t total = strlen(value), pos = 0;
    for (struct oso_node *c = oso_nav_first(n); c != NULL; c = oso_nav_next(c)) {
        if (c->kind != OSO_KIND_TEXT)
            continue;
        size_t take = c == last ? total - pos : (c->text_len < total - pos ? c->text_len : total - pos);
        while (c != last && take > 0 && ((unsigned char)value[pos + take] & 0xC0) == 0x80)
            take--; /* not inside a character */
        oso_status st = oso_model_set_node_text(c, value + pos, take);
        if (st != OSO_OK)
            return st;
        pos += take;
    }
    return oso_model_set_node_text(n, value, total);
}

/* Comments and processing instructions may say anything: neutral text of the same length. */
static oso_status replace_comment(struct anon *a, struct oso_node *n)
{
    if (n->text == NULL || oso_all_space(n->text, strlen(n->text)))
        return OSO_OK;
    struct fake_rng rng;
    struct oso_sink s;
    char *value = NULL;
    rng_for(a, &rng, "comment", n->text, 0);
    oso_sink_memory(&s);
    neutral_text(a, &rng, utf8_chars(n->text), ' ', &s);
    oso_status st = oso_sink_finish(&s, &value, NULL);
    if (st != OSO_OK)
        return st;
    st = oso_model_set_node_text(n, value, strlen(value));
    free(value);
    return st;
}

/* In whole-year mode the dossier's other dates (its creation date, ...) move along, so that
 * rules comparing event dates with them judge the same. */
static oso_status shift_public_date(struct anon *a, struct oso_node *n)
{
    const struct oso_row *r = oso_node_row(n);
    if (r == NULL || r->stype == OSO_SCHEMA_NONE ||
        a->sc->stypes[r->stype].builtin != OSO_BUILTIN_DATE || oso_nav_first_element(n) != NULL)
        return OSO_OK;
    char *original = trimmed_text(n);
    long y;
    int m, d;
    const char *suffix;
    if (original == NULL)
        return OSO_E_NOMEM;
    oso_status st = OSO_OK;
    if (anon_parse_date(original, &y, &m, &d, &suffix) == DATE_ISO) {
        struct oso_sink s;
        char *value = NULL;
        oso_sink_memory(&s);
        anon_format_date(&s, DATE_ISO, y - a->date_years, m, m == 2 && d == 29 ? 28 : d, suffix);
        st = oso_sink_finish(&s, &value, NULL);
        if (st == OSO_OK && fits_type(a, r, value))
            st = set_text_keeping_splits(n, value);
        free(value);
    }
    free(original);
    return st;
}

static oso_status replace_all(struct anon *a, oso_dossier *copy)
{
    struct oso_walk w;
    struct oso_node *root = oso_dossier_root(copy);
    /* From the document node: comments around the root element too. */
    oso_walk_init(&w, oso_nav_parent(root) ? oso_nav_parent(root) : root, OSO_WALK_ROOT);
    while (oso_walk_next(&w) && a->status == OSO_OK) {
        if (w.node->kind == OSO_KIND_COMMENT || w.node->kind == OSO_KIND_PI) {
            oso_status st = replace_comment(a, w.node);
            if (st != OSO_OK)
                return st;
            continue;
        }
        if (w.node->kind != OSO_KIND_ELEMENT)
            continue;
        const struct oso_row *r = fake_row(w.node);
        if (r == NULL && a->date_years > 0) {
            oso_status st = shift_public_date(a, w.node);
            if (st != OSO_OK)
                return st;
            continue;
        }
        if (r == NULL)
            continue;
        if (r->fake == OSO_FAKE_ATTACHMENT) {
            oso_status st = replace_attachment(a, w.node);
            if (st != OSO_OK)
                return st;
            continue;
        }
        char *original = trimmed_text(w.node);
        if (original == NULL)
            return OSO_E_NOMEM;
        if (*original == '\0' || is_placeholder(original)) {
            free(original);
            continue;
        }
        const char *text = w.node->text ? w.node->text : "";
        size_t text_len = strlen(text);
        a->lead = text;
        a->lead_len = 0;
        while (a->lead_len < text_len && oso_is_xml_space((unsigned char)text[a->lead_len]))
            a->lead_len++;
        a->trail_len = 0;
        while (a->trail_len < text_len - a->lead_len &&
               oso_is_xml_space((unsigned char)text[text_len - 1 - a->trail_len]))
            a->trail_len++;
        a->trail = text + text_len - a->trail_len;
        char *value = fake_value(a, w.node, r, original);
        /* A kept value keeps its text as written; a fake gets the original's surrounding
         * whitespace (rules look at it). */
        oso_status st = OSO_OK;
        char *spaced = NULL;
        if (value == NULL) {
            st = OSO_E_NOMEM;
        } else if (strcmp(value, original) != 0) {
            const char *text = w.node->text ? w.node->text : "";
            size_t lead = a->lead_len, len = strlen(text), trail = a->trail_len;
            size_t vlen = strlen(value);
            spaced = malloc(lead + vlen + trail + 1);
            if (spaced == NULL) {
                st = OSO_E_NOMEM;
            } else {
                memcpy(spaced, text, lead);
                memcpy(spaced + lead, value, vlen);
                memcpy(spaced + lead + vlen, text + len - trail, trail + 1);
                st = set_text_keeping_splits(w.node, spaced);
            }
        }
        free(spaced);
        free(value);
        free(original);
        if (st != OSO_OK)
            return st;
    }
    return a->status;
}

/* "valid|profile|rule severity path|..." with the findings sorted: the verdict to preserve. */
static char *verdict(const oso_dossier *d, const oso_validate_options *options)
{
    oso_report *report = NULL;
    oso_validate_options vo = OSO_VALIDATE_OPTIONS_INIT;
    if (options != NULL)
        vo = *options;
    if (oso_validate(&report, d, &vo) != OSO_OK) {
        oso_report_free(report);
        return NULL;
    }
    size_t n = oso_report_count(report);
    char **lines = calloc(n ? n : 1, sizeof *lines);
    struct oso_sink s;
    oso_sink_memory(&s);
    int failed = lines == NULL;
    for (size_t i = 0; !failed && i < n; i++) {
        const oso_diagnostic *g = oso_report_at(report, i);
        const char *path = oso_diagnostic_path(g);
        size_t len = strlen(oso_diagnostic_rule(g)) + strlen(path ? path : "") + 16;
        lines[i] = malloc(len);
        if (lines[i] == NULL)
            failed = 1;
        else
            snprintf(lines[i], len, "%s %s %s", oso_diagnostic_rule(g),
                     oso_severity_name(oso_diagnostic_severity(g)), path ? path : "");
    }
    if (!failed) {
        qsort(lines, n, sizeof *lines, by_string);
        oso_sink_puts(&s, oso_report_valid(report) ? "valid" : "invalid");
        oso_sink_putc(&s, '|');
        oso_sink_puts(&s, oso_report_profile(report) ? oso_report_profile(report) : "");
        for (size_t i = 0; i < n; i++) {
            oso_sink_putc(&s, '|');
            oso_sink_puts(&s, lines[i]);
        }
    }
    for (size_t i = 0; lines && i < n; i++)
        free(lines[i]);
    free(lines);
    oso_report_free(report);
    char *out = NULL;
    if (oso_sink_finish(&s, &out, NULL) != OSO_OK || failed) {
        free(out);
        return NULL;
    }
    return out;
}

oso_status oso_anonymize_options_init(oso_anonymize_options *options, unsigned int version)
{
    if (options == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_anonymize_options_init: NULL options");
    if (version == 0 || version > OSO_ANONYMIZE_OPTIONS_VERSION)
        return oso_fail(OSO_E_OPTIONS_VERSION, "oso_anonymize_options version %u is not supported",
                        version);
    *options = (oso_anonymize_options)OSO_ANONYMIZE_OPTIONS_INIT;
    options->version = version;
    return OSO_OK;
}

static void anon_free(struct anon *a)
{
    for (size_t i = 0; i < a->original_count; i++)
        free(a->originals[i]);
    free(a->originals);
    free(a->grams.slots);
    free(a->months);
}

/* One pass: a fresh copy with every personal value replaced. */
static oso_status anonymize_once(oso_dossier **out, struct anon *a, const oso_dossier *dossier)
{
    oso_dossier *copy = NULL;
    oso_status st = oso_dossier_clone(&copy, dossier);
    if (st == OSO_OK && oso_dossier_root(copy) != NULL)
        st = replace_all(a, copy);
    if (st != OSO_OK) {
        oso_dossier_free(copy);
        return st;
    }
    *out = copy;
    return OSO_OK;
}

oso_status oso_dossier_anonymize(oso_dossier **anonymized, const oso_dossier *dossier,
                                 const oso_anonymize_options *options)
{
    if (anonymized == NULL || dossier == NULL)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_anonymize: NULL argument");
    *anonymized = NULL;
    OSO_CHECK_OPTIONS_VERSION(options, OSO_ANONYMIZE_OPTIONS_VERSION, "oso_anonymize_options");
    if (options != NULL && options->key == NULL && options->key_length != 0)
        return oso_fail(OSO_E_INVALID_ARG, "oso_dossier_anonymize: key length without a key");
    struct anon a = {.sc = dossier->schema};
    if (options != NULL && options->key != NULL) {
        /* Keys longer than a block are hashed first, as HMAC itself does. */
        if (options->key_length > sizeof a.key) {
            struct oso_sha256 h;
            oso_sha256_init(&h);
            oso_sha256_feed(&h, options->key, options->key_length);
            oso_sha256_finish(&h, a.key);
            a.key_len = OSO_SHA256_SIZE;
        } else {
            memcpy(a.key, options->key, options->key_length);
            a.key_len = options->key_length;
        }
    } else {
        a.key_len = (size_t)snprintf((char *)a.key, sizeof a.key, "oso-anonymize seed %" PRIu64,
                                     options ? options->seed : 0);
    }
    const oso_validate_options *vo = options ? options->validate_options : NULL;
    oso_status st = OSO_OK;
    char *before = NULL, *after = NULL;
    oso_dossier *copy = NULL;
    if (oso_dossier_root(dossier) != NULL)
        st = collect_originals(&a, oso_dossier_root(dossier));
    if (st == OSO_OK && (before = verdict(dossier, vo)) == NULL)
        st = OSO_E_NOMEM;
    /* Rounds: codes replaced, then kept, each with another date offset; then every date
     * moved by whole years (day and month stay, for rules that compare dates with a fixed
     * day of the year such as 1 August), one year more each time. The first round whose
     * verdict equals the original's and whose dates were all acceptable wins; failing that,
     * the first with the verdict. */
    oso_dossier *fallback = NULL;
    for (unsigned round = 0; st == OSO_OK && round < ROUNDS; round++) {
        a.keep_codes = round % 2;
        a.date_round = round < DAY_ROUNDS ? round / 2 : 0;
        a.date_years = round < DAY_ROUNDS ? 0 : 1 + (long)(round - DAY_ROUNDS) / 2;
        a.month_count = 0;
        a.compromised = a.compromised_date = 0;
        a.lead = a.trail = "";
        a.lead_len = a.trail_len = 0;
        st = anonymize_once(&copy, &a, dossier);
        if (st != OSO_OK)
            break;
        free(after);
        if ((after = verdict(copy, vo)) == NULL) {
            st = OSO_E_NOMEM;
        } else if (strcmp(before, after) == 0 && !a.compromised_date) {
            break; /* other compromises would not fare better in another round */
        } else if (strcmp(before, after) == 0 && fallback == NULL) {
            fallback = copy;
            copy = NULL;
            continue;
        }
        oso_dossier_free(copy);
        copy = NULL;
    }
    if (copy == NULL) {
        copy = fallback;
        fallback = NULL;
    }
    oso_dossier_free(fallback);
    if (st == OSO_OK && copy == NULL) {
        /* Name a finding that only one of them has. */
        const char *only = NULL, *which = "";
        for (int side = 0; side < 2 && only == NULL; side++) {
            const char *x = side ? after : before, *y = side ? before : after;
            for (const char *p = x; *p && only == NULL; p += strcspn(p, "|"), p += *p == '|') {
                size_t len = strcspn(p, "|");
                int found = 0;
                for (const char *q = y; *q && !found; q += strcspn(q, "|"), q += *q == '|')
                    found = strcspn(q, "|") == len && strncmp(p, q, len) == 0;
                if (!found) {
                    only = p;
                    which = side ? "the copy" : "the original";
                }
            }
        }
        st = oso_fail(OSO_E_STATE, "the anonymised copy would not get the original's validation "
                      "verdict: only %s has '%.*s'", which, only ? (int)strcspn(only, "|") : 0,
                      only ? only : "");
    }
    else if (st == OSO_E_NOMEM)
        st = oso_fail(st, "out of memory anonymising a dossier");
    free(before);
    free(after);
    anon_free(&a);
    if (st != OSO_OK) {
        oso_dossier_free(copy);
        return st;
    }
    *anonymized = copy;
    return OSO_OK;
}
