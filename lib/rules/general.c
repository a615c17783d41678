/* General business rules OG.01-OG.05 (RULES.md c.2-c.6), with the stricter e-mail checks of the
 * agreement (section 4.2) as warnings. */
#include "rules/general.h"

#include "schema/oso_2019_1.h"
#include "schema/value.h"

#include <string.h>

static int is_alnum(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One domain label of OG.01d: [A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])? */
static int label_ok(const char *s, size_t len)
{
    if (len == 0 || !is_alnum((unsigned char)s[0]) || !is_alnum((unsigned char)s[len - 1]))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!is_alnum((unsigned char)s[i]) && s[i] != '-')
            return 0;
    return 1;
}

/* OG.01d: the regex search [A-Za-z0-9!#$%*+=?^_`{|}~.-]+@D$ (anchored at the end only). The
 * domain D has no '@', so the '@' is the last one; only the character before it is checked. */
static int og01d_ok(const char *v)
{
    const char *at = strrchr(v, '@');
    if (at == NULL || at == v)
        return 0;
    unsigned char before = (unsigned char)at[-1];
    if (!is_alnum(before) && strchr("!#$%*+=?^_`{|}~.-", before) == NULL)
        return 0;
    const char *label = at + 1;
    for (;;) {
        const char *dot = strchr(label, '.');
        size_t len = dot ? (size_t)(dot - label) : strlen(label);
        if (!label_ok(label, len))
            return 0;
        if (dot == NULL)
            return 1;
        label = dot + 1;
    }
}

/* The four official checks on an e-mail value; returns how many fired. `warn_only` reports
 * them as warnings (for fields the stylesheet does not check). */
static int email_checks(struct oso_rules *r, const struct oso_node *at, const char *v, int warn_only)
{
    void (*report)(struct oso_rules *, const char *, const struct oso_node *, const char *,
                   const char *, ...) = warn_only ? oso_rule_warning : oso_rule_error;
    size_t chars = oso_utf8_length(v, strlen(v));
    int fired = 0;
    if (chars < 4)
        fired++, report(r, warn_only ? "OG.01g" : "OG.01a", at,
                        "Een e-mailadres is minimaal 4 tekens ('%s').",
                        "An e-mail address has at least 4 characters ('%s').", v);
    if (chars > 256)
        fired++, report(r, warn_only ? "OG.01g" : "OG.01b", at,
                        "Een e-mailadres is niet langer dan 256 tekens (%s).",
                        "An e-mail address is no longer than 256 characters (%s).", "");
    if (strchr(v, '@') == NULL)
        fired++, report(r, warn_only ? "OG.01g" : "OG.01c", at,
                        "In een e-mailadres is het @-teken verplicht ('%s').",
                        "An e-mail address must contain '@' ('%s').", v);
    if (!og01d_ok(v))
        fired++, report(r, warn_only ? "OG.01g" : "OG.01d", at,
                        "Het e-mailadres '%s' voldoet niet aan de voorwaarden voor toegestane "
                        "tekens (domeinnaam: letters, cijfers, punten en minnen).",
                        "The e-mail address '%s' does not meet the rules for allowed characters "
                        "(domain: letters, digits, dots and hyphens).", v);
    return fired;
}

/* The agreement (section 4.2, Tabel A.7) also limits the part before '@' to 64 characters from
 * letters, digits and !#$%*+=?^_{}~.-; the stylesheet only checks its last character. */
static void email_agreement(struct oso_rules *r, const struct oso_node *at, const char *v)
{
    const char *last = strrchr(v, '@');
    if (last == NULL)
        return;
    size_t local = oso_utf8_length(v, (size_t)(last - v));
    if (local > 64)
        oso_rule_warning(r, "OG.01e", at,
                         "Het deel van het e-mailadres voor de @ is langer dan 64 tekens (%zu).",
                         "The part of the e-mail address before '@' is longer than 64 characters "
                         "(%zu).", local);
    for (const char *p = v; p < last; p++) {
        unsigned char c = (unsigned char)*p;
        if (!is_alnum(c) && strchr("!#$%*+=?^_{}~.-", c) == NULL) {
            oso_rule_warning(r, "OG.01f", at,
                             "Het deel van e-mailadres '%s' voor de @ bevat tekens die de afspraak "
                             "niet toestaat (alleen letters, cijfers en !#$%%*+=?^_{}~.-).",
                             "The part of e-mail address '%s' before '@' holds characters the "
                             "agreement does not allow (only letters, digits and "
                             "!#$%%*+=?^_{}~.-).", v);
            break;
        }
    }
}

static void check_communicatie(struct oso_rules *r, const struct oso_node *k)
{
    if (strcmp(oso_rule_string(r, oso_nav_child(k, OSO_ROW_communicatieType__soort)), "e-mail") != 0)
        return;
    const struct oso_node *nummer = oso_nav_child(k, OSO_ROW_communicatieType__nummer);
    const struct oso_node *at = nummer ? nummer : k;
    const char *v = oso_rule_string(r, nummer);
    if (email_checks(r, at, v, 0) == 0)
        email_agreement(r, at, v);
}

/* OG.03: the text holds [0-9]{4}-07-31 somewhere (an unanchored search). */
static int has_july_31(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i + 10 <= len; i++) {
        int digits = 1;
        for (size_t k = i; k < i + 4; k++)
            digits &= s[k] >= '0' && s[k] <= '9';
        if (digits && memcmp(s + i + 4, "-07-31", 6) == 0)
            return 1;
    }
    return 0;
}

static void check_element(struct oso_rules *r, const struct oso_node *n)
{
    if (n->row == OSO_SCHEMA_NONE)
        return;
    uint16_t ctype = r->schema->rows[n->row].ctype;
    if (ctype == OSO_CTYPE_communicatieType) {
        check_communicatie(r, n);
    } else if (n->row == OSO_ROW_leerlingType_overstapadvies__contactemail) {
        /* The stylesheet checks e-mail only in communicatie; the agreement means every one. */
        const char *v = oso_rule_string(r, n);
        if (email_checks(r, n, v, 1) == 0)
            email_agreement(r, n, v);
    } else if (n->row == OSO_ROW_metadata__standaardversie) {
        if (!oso_rule_text_node_equals(n, "2019.1", 6))
            oso_rule_error(r, "OG.02", n,
                           "Versienummer van de standaard '%s' is niet gelijk aan de verplichte "
                           "waarde \"2019.1\".",
                           "Standard version '%s' is not the required value \"2019.1\".",
                           oso_rule_string(r, n));
    } else if (n->row == OSO_ROW_leerlingType_onderwijsondersteuning_lwoo__lwoo_einddatum) {
        const char *v = oso_rule_string(r, n);
        if (!has_july_31(v))
            oso_rule_error(r, "OG.03", n,
                           "LWOO einddatum '%s' heeft niet het formaat \"EEJJ-07-31\".",
                           "LWOO end date '%s' does not have the form \"YYYY-07-31\".", v);
        else if (n->flags & OSO_NF_SPLIT_TEXT)
            oso_rule_warning(r, "OG.03", n,
                             "LWOO einddatum is door commentaar in stukken gedeeld: de officiele "
                             "validatie breekt hierop af zonder uitslag.",
                             "LWOO end date is split by a comment: the official validation aborts "
                             "on this without a result.");
    } else if (ctype == OSO_CTYPE_verzorgerType) {
        const struct oso_node *date = oso_nav_child(n, OSO_ROW_verzorgerType__overlijdensdatum);
        if (date == NULL)
            return;
        const struct oso_node *dead = oso_nav_child(n, OSO_ROW_verzorgerType__overleden);
        if (dead == NULL)
            oso_rule_error(r, "OG.04a", date,
                           "Een verzorger mag geen overlijdensdatum hebben wanneer het kenmerk van "
                           "overlijden ontbreekt.",
                           "A verzorger must not have a date of death when the 'overleden' flag "
                           "is missing.");
        if (!oso_rule_true(r, dead))
            oso_rule_error(r, "OG.04b", date,
                           "Een verzorger mag geen overlijdensdatum hebben wanneer het kenmerk van "
                           "overlijden anders aangeeft.",
                           "A verzorger must not have a date of death when 'overleden' is not "
                           "true.");
    } else if (n->row == OSO_ROW_leerlingType__huisarts) {
        const struct oso_node *c;
        if ((c = oso_nav_child(n, OSO_ROW_persoonType__roepnaam)) != NULL)
            oso_rule_error(r, "OG.05a", c, "Gegevens van de huisarts mogen geen roepnaam bevatten.",
                           "Huisarts data must not contain a roepnaam.");
        if ((c = oso_nav_child(n, OSO_ROW_persoonType__geslacht)) != NULL)
            oso_rule_error(r, "OG.05b", c, "Gegevens van de huisarts mogen geen geslacht bevatten.",
                           "Huisarts data must not contain a geslacht.");
        if ((c = oso_nav_child(n, OSO_ROW_persoonType__adresgeheim)) != NULL && oso_rule_true(r, c))
            oso_rule_error(r, "OG.05c", c,
                           "Gegevens van de huisarts mogen niet aangeven dat het adres geheim is.",
                           "Huisarts data must not mark the address as secret.");
    }
}

const struct oso_rules_group oso_rules_group_general = {
    "general", OSO_RULES_GENERAL, check_element, NULL,
};
