/* Fake values for the anonymiser. The lists are common Dutch names and places (our own
 * selection); combined at random they describe nobody in particular. */
#include "anonymize/fakes.h"

#include <string.h>

static const char *const first_names[] = {
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Noah", "Bram", "Luuk", "Thijs", "Ruben",
    "Jesse", "Tim", "Max", "Gijs", "Stijn", "Teun", "Mees", "Olivier", "Siem", "Floris", "Hugo",
    "Emma", "Julia", "Tess", "Sophie", "Zoey", "Mila", "Sara", "Nora", "Evi", "Anna", "Lotte",
    "Fleur", "Isa", "Lieke", "Femke", "Roos", "Noor", "Maud", "Fenna", "Liv", "Yara", "Elin",
    "Merel", "Ilse", "Vera", "Esmee", "Jort", "Wout", "Koen", "Joep", "Pien", "Puck",
};

static const char *const surnames[] = {
    "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks",
    "Dekker", "Brouwer", "Dijkstra", "Smits", "Willems", "Kok", "Schouten", "Huisman", "Kuipers",
    "Veenstra", "Kramer", "Prins", "Blom", "Koster", "Post", "Timmermans", "Groen", "Kuiper",
    "Wolters", "Hoekstra", "Scholten", "Koning", "Maas", "Verhoeven", "Boer", "Mertens",
    "Verbeek", "Postma", "Molenaar", "Evers", "Bosman", "Hermans", "Lammers", "Wouters",
};

static const char *const surname_prefixes[] = {
    "van", "de", "van der", "van den", "van de", "den", "ter", "te", "in 't", "op de", "ten",
};

static const char *const streets[] = {
    "Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianastraat",
    "Beatrixlaan", "Eikenlaan", "Lindelaan", "Kastanjelaan", "Berkenhof", "Vogelweide",
    "Meidoornstraat", "Sportlaan", "Parallelweg", "Populierenweg", "Tulpstraat", "Zonnebloem",
    "Esdoornplein", "Wilgenhof", "Rozengracht", "Heideveld", "Bloemendaal", "Akkerweg",
};

static const char *const cities[] = {
    "Amersfoort", "Zwolle", "Apeldoorn", "Deventer", "Leeuwarden", "Assen", "Emmen", "Venlo",
    "Roermond", "Helmond", "Tilburg", "Breda", "Middelburg", "Gouda", "Alkmaar", "Hoorn",
    "Lelystad", "Almere", "Harderwijk", "Ede", "Veenendaal", "Zeist", "Hilversum", "Dordrecht",
};

/* Latin filler words: neutral, and unlike Dutch words they rarely share letters in a row with
 * the texts they replace. */
static const char *const words[] = {
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim",
    "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi",
    "aliquip", "ex", "ea", "commodo", "consequat", "duis", "aute", "irure", "in", "velit",
};

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

void fake_rng_init(struct fake_rng *r, const unsigned char *key, size_t key_len,
                   const char *label, const char *value, unsigned attempt)
{
    unsigned char att[4] = {(unsigned char)attempt, (unsigned char)(attempt >> 8),
                            (unsigned char)(attempt >> 16), (unsigned char)(attempt >> 24)};
    struct oso_bytes parts[] = {
        {label, strlen(label) + 1}, {value, strlen(value) + 1}, {att, sizeof att}};
    oso_hmac_sha256(key, key_len, parts, 3, r->seed);
    r->counter = 0;
    r->used = OSO_SHA256_SIZE;
}

static uint32_t next32(struct fake_rng *r)
{
    if (r->used + 4 > OSO_SHA256_SIZE) {
        struct oso_sha256 h;
        unsigned char c[4] = {(unsigned char)r->counter, (unsigned char)(r->counter >> 8),
                              (unsigned char)(r->counter >> 16), (unsigned char)(r->counter >> 24)};
        oso_sha256_init(&h);
        oso_sha256_feed(&h, r->seed, sizeof r->seed);
        oso_sha256_feed(&h, c, sizeof c);
        oso_sha256_finish(&h, r->block);
        r->counter++;
        r->used = 0;
    }
    const unsigned char *b = r->block + r->used;
    r->used += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint32_t fake_below(struct fake_rng *r, uint32_t n)
{
    if (n == 0)
        return 0;
    /* Rejection keeps the choice uniform. */
    uint32_t limit = UINT32_MAX - UINT32_MAX % n;
    uint32_t v;
    do
        v = next32(r);
    while (v >= limit);
    return v % n;
}

const char *fake_first_name(struct fake_rng *r) { return first_names[fake_below(r, COUNT(first_names))]; }
const char *fake_surname(struct fake_rng *r) { return surnames[fake_below(r, COUNT(surnames))]; }
const char *fake_surname_prefix(struct fake_rng *r)
{
    return surname_prefixes[fake_below(r, COUNT(surname_prefixes))];
}
const char *fake_street(struct fake_rng *r) { return streets[fake_below(r, COUNT(streets))]; }
const char *fake_city(struct fake_rng *r) { return cities[fake_below(r, COUNT(cities))]; }
const char *fake_word(struct fake_rng *r) { return words[fake_below(r, COUNT(words))]; }

int fake_passes_eleven_test(const char *digits)
{
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (9 - i) * (digits[i] - '0');
    sum -= digits[8] - '0';
    return sum % 11 == 0;
}

void fake_bsn(struct fake_rng *r, int any_range, char buf[10])
{
    for (;;) {
        for (int i = 0; i < 8; i++)
            buf[i] = (char)('0' + fake_below(r, 10));
        if (!any_range)
            memcpy(buf, "99999", 5);
        else if (buf[0] == '0')
            buf[0] = (char)('1' + fake_below(r, 9));
        int sum = 0;
        for (int i = 0; i < 8; i++)
            sum += (9 - i) * (buf[i] - '0');
        int check = sum % 11; /* the ninth digit d makes sum - d divisible by 11 */
        if (check == 10)
            continue;
        buf[8] = (char)('0' + check);
        buf[9] = '\0';
        return;
    }
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* Replace the two check digits of an IBAN in `s` (ASCII, at least 5 characters). */
static void iban_check_digits(char *s, size_t len)
{
    unsigned remainder = 0;
    for (size_t k = 0; k < len; k++) {
        char c = s[(k + 4) % len]; /* rearranged: account part first, then country + "00" */
        if (k + 4 >= len && (k + 4) % len >= 2)
            c = '0';
        if (is_digit(c))
            remainder = (remainder * 10 + (unsigned)(c - '0')) % 97;
        else
            remainder = (remainder * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    unsigned check = 98 - remainder;
    s[2] = (char)('0' + check / 10);
    s[3] = (char)('0' + check % 10);
}

void fake_same_form(struct fake_rng *r, const char *original, struct oso_sink *out)
{
    size_t len = strlen(original);
    char *copy = oso_sink_reserve(out, len) ? out->buf + out->len : NULL;
    if (copy == NULL)
        return;
    int iban = len >= 15 && len <= 34 && is_upper(original[0]) && is_upper(original[1]) &&
               is_digit(original[2]) && is_digit(original[3]);
    for (size_t i = 0; i < len; i++) {
        char c = original[i];
        int run_start = i == 0 || !is_digit(original[i - 1]);
        if (iban && i < 2)
            copy[i] = c; /* keep the country */
        else if (is_digit(c))
            /* A run keeps its leading zero or non-zero digit (phone numbers, postcodes). */
            copy[i] = (char)(!run_start ? '0' + fake_below(r, 10) : c == '0' ? '0' : '1' + fake_below(r, 9));
        else if (is_upper(c))
            copy[i] = (char)('A' + fake_below(r, 26));
        else if (is_lower(c))
            copy[i] = (char)('a' + fake_below(r, 26));
        else if ((unsigned char)c >= 0x80)
            copy[i] = c; /* non-ASCII: replaced below, by a character of the same byte length */
        else
            copy[i] = c;
    }
    /* Non-ASCII characters stay non-ASCII, of the same byte length (rules count both). */
    static const char *const two[] = {"\xc3\xa9", "\xc3\xab", "\xc3\xaf", "\xc3\xb6", "\xc3\xbc", "\xc3\xa1"};
    static const char *const three[] = {"\xe2\x82\xac", "\xe1\xba\x9e", "\xe2\x84\x96"};
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)copy[i];
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (c < 0x80 || i + n > len) {
            i++;
            continue;
        }
        const char *with = n == 2 ? two[fake_below(r, 6)] : n == 3 ? three[fake_below(r, 3)]
                                                                   : "\xf0\x9f\x99\x82";
        memcpy(copy + i, with, n);
        i += n;
    }
    for (size_t i = 0; iban && i < len; i++)
        if (!is_digit(copy[i]) && !is_upper(copy[i]))
            iban = 0;
    if (iban)
        iban_check_digits(copy, len);
    out->len += len;
}
