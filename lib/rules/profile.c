/* Profile rules of the OV stylesheet (OVa = overstapdossier, OVb = overdrachtbinnenbrin) and of
 * the PaO stylesheet (swv-dossier), as RULES.md e.1-e.3 describe them. The OV rules whose
 * templates the official run never reaches (e.3) are reported as warnings. */
#include "rules/profile.h"

#include "schema/oso_2019_1.h"
#include "schema/value.h"

#include <stdio.h>
#include <string.h>

enum gate { G_OVA, G_OVB, G_PAO };

static int type_is(const struct oso_rules *r, const char *t)
{
    return r->type != NULL && strcmp(r->type, t) == 0;
}

static int overstap_is(const struct oso_rules *r, const char *v)
{
    return r->overstap != NULL && strcmp(r->overstap, v) == 0;
}

static int gate_open(const struct oso_rules *r, enum gate g)
{
    switch (g) {
    case G_OVA: return r->profile == OSO_RP_OV && type_is(r, "overstapdossier");
    case G_OVB: return r->profile == OSO_RP_OV && type_is(r, "overdrachtbinnenbrin");
    case G_PAO: return r->profile == OSO_RP_PAO && type_is(r, "swv-dossier");
    }
    return 0;
}

/* ---- leerling: presence rules -------------------------------------------------------------- */

enum presence_kind { REQUIRE, FORBID };

struct presence_rule {
    const char *id;
    enum gate gate;
    const char *overstap;   /* NULL: any; "!X": any but X; else exactly X */
    enum presence_kind kind;
    uint16_t row;           /* a child of leerling */
    const char *nl, *en;
};

static const struct presence_rule leerling_rules[] = {
    {"OVa.LL01", G_OVA, NULL, REQUIRE, OSO_ROW_leerlingType__voornaam,
     "Een overstapdossier moet minimaal een voornaam van de leerling bevatten.",
     "An overstapdossier must contain at least one voornaam of the pupil."},
    {"OVa.LL02", G_OVA, NULL, REQUIRE, OSO_ROW_leerlingType__geboortedatum,
     "Een overstapdossier moet de geboortedatum van de leerling bevatten.",
     "An overstapdossier must contain the pupil's geboortedatum."},
    {"OVa.LL03", G_OVA, NULL, FORBID, OSO_ROW_leerlingType__geboortemaand,
     "Een overstapdossier mag geen geboortemaand bevatten.",
     "An overstapdossier must not contain geboortemaand."},
    {"OVa.LL04", G_OVA, NULL, REQUIRE, OSO_ROW_leerlingType__adresgeheim,
     "Een overstapdossier moet de indicatie 'adres geheim' bevatten.",
     "An overstapdossier must contain adresgeheim."},
    {"OVa.LL07", G_OVA, NULL, FORBID, OSO_ROW_leerlingType__postcode4adres,
     "Een overstapdossier mag geen postcode4-adres bevatten.",
     "An overstapdossier must not contain postcode4adres."},
    {"OVa.LL10", G_OVA, NULL, FORBID, OSO_ROW_leerlingType__geboorteplaats,
     "Een overstapdossier mag geen geboorteplaats bevatten.",
     "An overstapdossier must not contain geboorteplaats."},
    {"OVa.LL11", G_OVA, NULL, FORBID, OSO_ROW_leerlingType__nationaliteit,
     "Een overstapdossier mag geen nationaliteit bevatten.",
     "An overstapdossier must not contain nationaliteit."},
    {"OVa.LL13", G_OVA, "POVO", REQUIRE, OSO_ROW_leerlingType__leerlingid,
     "Een POVO-overstapdossier moet het leerlingid bevatten.",
     "A POVO overstapdossier must contain leerlingid."},
    {"OVa.LL14", G_OVA, NULL, REQUIRE, OSO_ROW_leerlingType__datuminschrijving,
     "Een overstapdossier moet de datum van inschrijving bevatten.",
     "An overstapdossier must contain datuminschrijving."},
    {"OVa.LL15", G_OVA, NULL, REQUIRE, OSO_ROW_leerlingType__verzorgersaansprakelijk,
     "Een overstapdossier moet aangeven of de verzorgers aansprakelijk zijn.",
     "An overstapdossier must contain verzorgersaansprakelijk."},
    {"OVa.VV01", G_OVA, "!POPO", FORBID, OSO_ROW_leerlingType__voorschools,
     "Voorschoolse educatie is alleen toegestaan in een POPO-overstapdossier.",
     "Voorschools is only allowed in a POPO overstapdossier."},
    {"OVa.VV02", G_OVA, "!POPO", FORBID, OSO_ROW_leerlingType__vroegschools,
     "Vroegschoolse educatie is alleen toegestaan in een POPO-overstapdossier.",
     "Vroegschools is only allowed in a POPO overstapdossier."},
    {"OVa.OA01", G_OVA, NULL, REQUIRE, OSO_ROW_leerlingType__overstapadvies,
     "Een overstapdossier moet het blok Overstapadvies bevatten.",
     "An overstapdossier must contain the overstapadvies block."},
    {"OVb.LL01", G_OVB, NULL, FORBID, OSO_ROW_leerlingType__geboortemaand,
     "Een dossier binnen de brin mag geen geboortemaand bevatten.",
     "An overdrachtbinnenbrin dossier must not contain geboortemaand."},
    {"OVb.LL03", G_OVB, NULL, FORBID, OSO_ROW_leerlingType__postcode4adres,
     "Een dossier binnen de brin mag geen postcode4-adres bevatten.",
     "An overdrachtbinnenbrin dossier must not contain postcode4adres."},
    {"OVb.LL06", G_OVB, NULL, FORBID, OSO_ROW_leerlingType__geboorteplaats,
     "Een dossier binnen de brin mag geen geboorteplaats bevatten.",
     "An overdrachtbinnenbrin dossier must not contain geboorteplaats."},
    {"OVb.LL07", G_OVB, NULL, FORBID, OSO_ROW_leerlingType__nationaliteit,
     "Een dossier binnen de brin mag geen nationaliteit bevatten.",
     "An overdrachtbinnenbrin dossier must not contain nationaliteit."},
    {"PaO.LL01", G_PAO, NULL, REQUIRE, OSO_ROW_leerlingType__voornaam,
     "Een SWV-dossier moet minimaal een voornaam van de leerling bevatten.",
     "A swv-dossier must contain at least one voornaam of the pupil."},
    {"PaO.LL02", G_PAO, NULL, REQUIRE, OSO_ROW_leerlingType__geboortedatum,
     "Een SWV-dossier moet de geboortedatum van de leerling bevatten.",
     "A swv-dossier must contain the pupil's geboortedatum."},
    {"PaO.LL03", G_PAO, NULL, FORBID, OSO_ROW_leerlingType__geboortemaand,
     "Een SWV-dossier mag geen geboortemaand bevatten.",
     "A swv-dossier must not contain geboortemaand."},
    {"PaO.LL04", G_PAO, NULL, REQUIRE, OSO_ROW_leerlingType__adresgeheim,
     "Een SWV-dossier moet de indicatie 'adres geheim' bevatten.",
     "A swv-dossier must contain adresgeheim."},
    {"PaO.LL07", G_PAO, NULL, FORBID, OSO_ROW_leerlingType__postcode4adres,
     "Een SWV-dossier mag geen postcode4-adres bevatten.",
     "A swv-dossier must not contain postcode4adres."},
    {"PaO.LL10", G_PAO, NULL, FORBID, OSO_ROW_leerlingType__geboorteplaats,
     "Een SWV-dossier mag geen geboorteplaats bevatten.",
     "A swv-dossier must not contain geboorteplaats."},
    {"PaO.LL11", G_PAO, NULL, FORBID, OSO_ROW_leerlingType__nationaliteit,
     "Een SWV-dossier mag geen nationaliteit bevatten.",
     "A swv-dossier must not contain nationaliteit."},
    {"PaO.LL12", G_PAO, NULL, FORBID, OSO_ROW_leerlingType__bsn,
     "Een SWV-dossier mag geen BSN of onderwijsnummer bevatten.",
     "A swv-dossier must not contain a BSN or onderwijsnummer."},
    {"PaO.LL12", G_PAO, NULL, FORBID, OSO_ROW_leerlingType__onderwijsnummer,
     "Een SWV-dossier mag geen BSN of onderwijsnummer bevatten.",
     "A swv-dossier must not contain a BSN or onderwijsnummer."},
    {"PaO.VV01", G_PAO, "VOSWV", FORBID, OSO_ROW_leerlingType__vanpeuterspeelzaal,
     "'Afkomstig van peuterspeelzaal' is niet toegestaan in een VO-SWV-dossier.",
     "vanpeuterspeelzaal is not allowed in a VOSWV dossier."},
    {"PaO.VV02", G_PAO, "VOSWV", FORBID, OSO_ROW_leerlingType__naampeuterspeelzaal,
     "De naam van de peuterspeelzaal is niet toegestaan in een VO-SWV-dossier.",
     "naampeuterspeelzaal is not allowed in a VOSWV dossier."},
    {"PaO.VV03", G_PAO, "VOSWV", FORBID, OSO_ROW_leerlingType__voorschools,
     "Voorschoolse educatie is niet toegestaan in een VO-SWV-dossier.",
     "voorschools is not allowed in a VOSWV dossier."},
    {"PaO.VV04", G_PAO, "VOSWV", FORBID, OSO_ROW_leerlingType__vroegschools,
     "Vroegschoolse educatie is niet toegestaan in een VO-SWV-dossier.",
     "vroegschools is not allowed in a VOSWV dossier."},
    {"PaO.EB01", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__eindtoets_basisonderwijs,
     "De eindtoets basisonderwijs is niet toegestaan in een PO-SWV-dossier.",
     "eindtoets_basisonderwijs is not allowed in a POSWV dossier."},
    {"PaO.VM01", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__bevorderd,
     "Het blok Bevorderd is niet toegestaan in een PO-SWV-dossier.",
     "The bevorderd block is not allowed in a POSWV dossier."},
    {"PaO.VM02", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__examenresultaat,
     "Het blok Examens en uitslagen is niet toegestaan in een PO-SWV-dossier.",
     "The examenresultaat block is not allowed in a POSWV dossier."},
    {"PaO.VM03", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__resultaatvakkenvo,
     "Het blok VO-vakresultaat is niet toegestaan in een PO-SWV-dossier.",
     "The resultaatvakkenvo block is not allowed in a POSWV dossier."},
    {"PaO.VM04", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__certificaat,
     "Het blok Certificaat is niet toegestaan in een PO-SWV-dossier.",
     "The certificaat block is not allowed in a POSWV dossier."},
    {"PaO.VM05", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__competenties,
     "Het blok Competenties is niet toegestaan in een PO-SWV-dossier.",
     "The competenties block is not allowed in a POSWV dossier."},
    {"PaO.VM06", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__stage,
     "Het blok Stage is niet toegestaan in een PO-SWV-dossier.",
     "The stage block is not allowed in a POSWV dossier."},
    {"PaO.VM07", G_PAO, "POSWV", FORBID, OSO_ROW_leerlingType__overigvombo,
     "Het blok Overige VO-MBO-gegevens is niet toegestaan in een PO-SWV-dossier.",
     "The overigvombo block is not allowed in a POSWV dossier."},
};

static int overstap_gate(const struct oso_rules *r, const char *want)
{
    if (want == NULL)
        return 1;
    if (want[0] == '!')
        return !overstap_is(r, want + 1); /* also true when overstap is absent */
    return overstap_is(r, want);
}

static void presence_rules(struct oso_rules *r, const struct oso_node *L)
{
    for (size_t i = 0; i < sizeof leerling_rules / sizeof leerling_rules[0]; i++) {
        const struct presence_rule *p = &leerling_rules[i];
        if (!gate_open(r, p->gate) || !overstap_gate(r, p->overstap))
            continue;
        const struct oso_node *e = oso_nav_child(L, p->row);
        if (p->kind == REQUIRE && e == NULL)
            oso_rule_text(r, p->id, 0, L, p->nl, p->en);
        else if (p->kind == FORBID && e != NULL)
            oso_rule_text(r, p->id, 0, e, p->nl, p->en);
    }
}

/* ---- leerling: compound rules -------------------------------------------------------------- */

static const struct oso_node *grandchild(const struct oso_node *n, uint16_t row, uint16_t row2)
{
    return oso_nav_child(oso_nav_child(n, row), row2);
}

/* Address rules shared by OVa, OVb and PaO; ids[] = {LL05, LL06, LL09}, NULL to skip one. */
static void address_rules(struct oso_rules *r, const struct oso_node *L, const char *const ids[3],
                          const char *who_nl, const char *who_en)
{
    const struct oso_node *geheim = oso_nav_child(L, OSO_ROW_leerlingType__adresgeheim);
    int secret = oso_rule_true(r, geheim);
    const struct oso_node *adres = grandchild(L, OSO_ROW_leerlingType__adreslijst,
                                              OSO_ROW_leerlingType_adreslijst__adres);
    const struct oso_node *buitenland = oso_nav_child(L, OSO_ROW_leerlingType__adresbuitenland);
    char nl[300], en[300];
    if (ids[0] && adres == NULL && buitenland == NULL && !secret) {
        snprintf(nl, sizeof nl, "%s moet een Nederlands of buitenlands adres van de leerling bevatten "
                 "als het adres niet geheim is.", who_nl);
        snprintf(en, sizeof en, "%s must contain a Dutch or foreign address of the pupil unless the "
                 "address is secret.", who_en);
        oso_rule_text(r, ids[0], 0, L, nl, en);
    }
    if (ids[1] && secret && adres != NULL) {
        snprintf(nl, sizeof nl, "%s mag geen adres van de leerling bevatten als het adres geheim is.",
                 who_nl);
        snprintf(en, sizeof en, "%s must not contain the pupil's address when it is secret.", who_en);
        oso_rule_text(r, ids[1], 0, oso_nav_child(L, OSO_ROW_leerlingType__adreslijst), nl, en);
    }
    if (ids[2] && secret && buitenland != NULL) {
        snprintf(nl, sizeof nl, "%s mag geen buitenlands adres bevatten als het adres geheim is.",
                 who_nl);
        snprintf(en, sizeof en, "%s must not contain a foreign address when the address is secret.",
                 who_en);
        oso_rule_text(r, ids[2], 0, buitenland, nl, en);
    }
}

static void compound_rules(struct oso_rules *r, const struct oso_node *L)
{
    int aansprakelijk = oso_rule_true(r, oso_nav_child(L, OSO_ROW_leerlingType__verzorgersaansprakelijk));
    int has_loopbaan = grandchild(L, OSO_ROW_leerlingType__schoolloopbaanlijst,
                                  OSO_ROW_leerlingType_schoolloopbaanlijst__schoolloopbaan) != NULL;
    int has_verzorger = oso_nav_child(L, OSO_ROW_leerlingType__verzorger) != NULL;
    if (gate_open(r, G_OVA)) {
        static const char *const ids[3] = {"OVa.LL05", "OVa.LL06", "OVa.LL09"};
        address_rules(r, L, ids, "Een overstapdossier", "An overstapdossier");
        if (!oso_nav_child(L, OSO_ROW_leerlingType__bsn) &&
            !oso_nav_child(L, OSO_ROW_leerlingType__onderwijsnummer))
            oso_rule_text(r, "OVa.LL12", 0, L,
                          "Een overstapdossier moet het BSN of het onderwijsnummer bevatten.",
                          "An overstapdossier must contain the BSN or the onderwijsnummer.");
        if ((overstap_is(r, "POPO") || overstap_is(r, "POVO")) && !aansprakelijk &&
            !oso_nav_child(L, OSO_ROW_leerlingType__aansprakelijkeinstelling)) {
            char nl[300], en[300];
            snprintf(nl, sizeof nl, "Een %s-overstapdossier moet een aansprakelijke instelling "
                     "bevatten als de verzorgers niet aansprakelijk zijn.", r->overstap);
            snprintf(en, sizeof en, "A %s overstapdossier must contain an aansprakelijkeinstelling "
                     "when the verzorgers are not responsible.", r->overstap);
            oso_rule_text(r, "OVa.AI01", 0, L, nl, en);
        }
        if (!has_loopbaan)
            oso_rule_text(r, "OVa.SL01b", 0, L,
                          "Een overstapdossier moet minimaal een schoolloopbaan bevatten.",
                          "An overstapdossier must contain at least one schoolloopbaan.");
        if (aansprakelijk && !has_verzorger)
            oso_rule_text(r, "OVa.OV01", 0, L,
                          "Een overstapdossier moet minimaal een verzorger bevatten als de "
                          "verzorgers aansprakelijk zijn.",
                          "An overstapdossier must contain at least one verzorger when the "
                          "verzorgers are responsible.");
    }
    if (gate_open(r, G_OVB)) {
        static const char *const ids[3] = {NULL, "OVb.LL02", "OVb.LL05"};
        address_rules(r, L, ids, "Een dossier binnen de brin", "An overdrachtbinnenbrin dossier");
    }
    if (gate_open(r, G_PAO)) {
        static const char *const ids[3] = {"PaO.LL05", "PaO.LL06", "PaO.LL09"};
        address_rules(r, L, ids, "Een SWV-dossier", "A swv-dossier");
        if (!has_loopbaan)
            oso_rule_text(r, "PaO.SL01b", 0, L,
                          "Een SWV-dossier moet minimaal een schoolloopbaan bevatten.",
                          "A swv-dossier must contain at least one schoolloopbaan.");
        if (aansprakelijk && !has_verzorger)
            oso_rule_text(r, "PaO.OV01", 0, L,
                          "Een SWV-dossier moet minimaal een verzorger bevatten als de verzorgers "
                          "aansprakelijk zijn.",
                          "A swv-dossier must contain at least one verzorger when the verzorgers "
                          "are responsible.");
    }
}

/* ---- metadata, dossier, inzage, school ---------------------------------------------------- */

static int has_las(struct oso_rules *r)
{
    const char *v = oso_rule_string(r, oso_rule_first(r, OSO_ROW_metadata__deeldossier));
    return strcmp(v, "LAS") == 0 || strcmp(v, "LASLVS") == 0;
}

static const struct oso_node *or_else(const struct oso_node *a, const struct oso_node *b)
{
    return a ? a : b;
}

static void metadata_rules(struct oso_rules *r)
{
    const struct oso_node *M = r->metadata;
    if (M == NULL)
        return; /* these checks live in the metadata template */
    int ov = r->profile == OSO_RP_OV, binnen = type_is(r, "overdrachtbinnenbrin");
    const char *p = ov ? (binnen ? "OVb" : "OVa") : "PaO";
    char id[16];
    if (!has_las(r)) {
        snprintf(id, sizeof id, "%s.MD01", p);
        oso_rule_text(r, id, 0, or_else(oso_nav_child(M, OSO_ROW_metadata__deeldossier), M),
                      "Het dossier moet een LAS-deel bevatten (deeldossier LAS of LASLVS), niet "
                      "alleen LVS- of TIB-gegevens.",
                      "The dossier must contain a LAS part (deeldossier LAS or LASLVS), not only "
                      "LVS or TIB data.");
    }
    int swv = type_is(r, "swv-dossier");
    const struct oso_node *versie = oso_nav_child(M, OSO_ROW_metadata__validatieversie);
    if ((ov || swv) && strcmp(oso_rule_string(r, versie), "2019.1.1") != 0) {
        snprintf(id, sizeof id, "%s.MD02", p);
        oso_rule_error(r, id, or_else(versie, M),
                       "De validatieversie '%s' is niet correct voor deze validatie (verwacht "
                       "2019.1.1).",
                       "Validatieversie '%s' is not correct for this validation (expected "
                       "2019.1.1).", oso_rule_string(r, versie));
    }
    const struct oso_node *overdrachtsoort = oso_nav_child(r->dossier, OSO_ROW_dossierType__overdrachtsoort);
    if (ov && !type_is(r, "overstapdossier") && !binnen)
        oso_rule_text(r, "OVa.OS03", 0, or_else(overdrachtsoort, r->dossier),
                      "Soort overdracht moet 'overstapdossier' of 'overdrachtbinnenbrin' zijn.",
                      "Overdrachtsoort must be 'overstapdossier' or 'overdrachtbinnenbrin'.");
    if (!ov && !swv)
        oso_rule_text(r, "PaO.SO03", 0, or_else(overdrachtsoort, r->dossier),
                      "Soort overdracht moet 'swv-dossier' zijn.",
                      "Overdrachtsoort must be 'swv-dossier'.");
    int block = oso_nav_child(M, OSO_ROW_metadata__categorie_uitlevering) != NULL;
    const struct oso_node *overstap = oso_nav_child(M, OSO_ROW_metadata__overstap);
    if (gate_open(r, G_OVA)) {
        if (!block)
            oso_rule_text(r, "OVa.MD03", 0, M,
                          "Een overstapdossier moet het blok Categorie uitlevering bevatten.",
                          "An overstapdossier must contain the categorie_uitlevering block.");
        if (overstap == NULL)
            oso_rule_text(r, "OVa.OS01", 0, M, "Een overstapdossier moet de soort overstap bevatten.",
                          "An overstapdossier must contain overstap.");
        if (!overstap_is(r, "POPO") && !overstap_is(r, "POVO") && !overstap_is(r, "VOVO"))
            oso_rule_text(r, "OVa.OS02", 0, or_else(overstap, M),
                          "De soort overstap moet POPO, POVO of VOVO zijn.",
                          "Overstap must be POPO, POVO or VOVO.");
    }
    if (gate_open(r, G_OVB) && !block)
        oso_rule_text(r, "OVb.MD03", 0, M,
                      "Een dossier binnen de brin moet het blok Categorie uitlevering bevatten.",
                      "An overdrachtbinnenbrin dossier must contain the categorie_uitlevering block.");
    if (gate_open(r, G_PAO)) {
        if (!block)
            oso_rule_text(r, "PaO.MD03", 0, M,
                          "Een SWV-dossier moet het blok Categorie uitlevering bevatten.",
                          "A swv-dossier must contain the categorie_uitlevering block.");
        if (overstap == NULL)
            oso_rule_text(r, "PaO.SO01", 0, M, "Een SWV-dossier moet de soort overstap bevatten.",
                          "A swv-dossier must contain overstap.");
        if (!overstap_is(r, "POSWV") && !overstap_is(r, "VOSWV"))
            oso_rule_text(r, "PaO.SO02", 0, or_else(overstap, M),
                          "De soort overstap moet POSWV of VOSWV zijn.",
                          "Overstap must be POSWV or VOSWV.");
    }
}

static void inzage_rules(struct oso_rules *r)
{
    if (!gate_open(r, G_OVA))
        return;
    const struct oso_node *I = oso_nav_child(r->dossier, OSO_ROW_dossierType__inzage);
    if (I == NULL) {
        oso_rule_text(r, "OVa.IZ01", 0, r->dossier, "Een overstapdossier moet het blok Inzage bevatten.",
                      "An overstapdossier must contain the inzage block.");
        return;
    }
    const struct oso_node *inner = oso_nav_child(I, OSO_ROW_inzageType__inzage);
    int seen = oso_rule_true(r, inner);
    if (!seen)
        oso_rule_text(r, "OVa.IZ02", 0, or_else(inner, I),
                      "Een overstapdossier moet door de ouders zijn ingezien ('Inzage ouders' = true).",
                      "An overstapdossier must have been seen by the parents (inzage = true).");
    if (seen && !oso_nav_child(I, OSO_ROW_inzageType__inzagedatum))
        oso_rule_text(r, "OVa.IZ03", 0, I, "De inzagedatum is verplicht als er inzage is geweest.",
                      "inzagedatum is required when the dossier was seen.");
    if (seen && !oso_nav_child(I, OSO_ROW_inzageType__akkoord))
        oso_rule_text(r, "OVa.IZ04", 0, I, "Akkoord is verplicht als er inzage is geweest.",
                      "akkoord is required when the dossier was seen.");
    if (overstap_is(r, "VOVO") && !oso_nav_child(I, OSO_ROW_inzageType__toestemming))
        oso_rule_text(r, "OVa.IZ05", 0, I, "Toestemming is verplicht bij een VOVO-overstap.",
                      "toestemming is required in a VOVO transfer.");
}

static void school_rules(struct oso_rules *r)
{
    const struct oso_node *S = oso_nav_child(r->dossier, OSO_ROW_dossierType__huidigeschool);
    const char *p = gate_open(r, G_OVA) ? "OVa" : gate_open(r, G_PAO) ? "PaO" : NULL;
    if (S == NULL || p == NULL)
        return;
    char id[16];
    if (!grandchild(S, OSO_ROW_instellingType__adreslijst, OSO_ROW_instellingType_adreslijst__adres)) {
        snprintf(id, sizeof id, "%s.SL01", p);
        oso_rule_text(r, id, 0, S, "De huidige school moet minimaal een adres bevatten.",
                      "The current school must contain at least one address.");
    }
    if (!grandchild(S, OSO_ROW_instellingType__communicatielijst,
                    OSO_ROW_instellingType_communicatielijst__communicatie)) {
        snprintf(id, sizeof id, "%s.SL02", p);
        oso_rule_text(r, id, 0, S, "De huidige school moet minimaal een communicatiegegeven bevatten.",
                      "The current school must contain at least one communicatie.");
    }
}

static void check_document(struct oso_rules *r)
{
    if (r->profile == OSO_RP_NONE)
        return;
    metadata_rules(r);
    inzage_rules(r);
    school_rules(r);
    if (r->leerling != NULL) {
        presence_rules(r, r->leerling);
        compound_rules(r, r->leerling);
    }
}

/* ---- per element --------------------------------------------------------------------------- */

/* OVa.LL08 / OVb.LL04 / PaO.LL08: a secret number must hold the agreed placeholder. The loop
 * sits in the leerling template but covers every communicatie of the document. */
static void secret_placeholder(struct oso_rules *r, const struct oso_node *k)
{
    const char *id = gate_open(r, G_OVA) ? "OVa.LL08" : gate_open(r, G_OVB) ? "OVb.LL04"
                     : gate_open(r, G_PAO) ? "PaO.LL08" : NULL;
    if (id == NULL || r->leerling == NULL || !oso_rule_true(r, oso_nav_child(k, OSO_ROW_communicatieType__geheim)))
        return;
    const char *soort = oso_rule_string(r, oso_nav_child(k, OSO_ROW_communicatieType__soort));
    const struct oso_node *nummer = oso_nav_child(k, OSO_ROW_communicatieType__nummer);
    const char *v = oso_rule_string(r, nummer);
    if (strcmp(soort, "telefoon") == 0 && strcmp(v, "9999999999") != 0)
        oso_rule_text(r, id, 0, or_else(nummer, k),
                      "Een geheim telefoonnummer moet als \"9999999999\" worden doorgegeven.",
                      "A secret telephone number must be passed on as \"9999999999\".");
    else if (strcmp(soort, "e-mail") == 0 && strcmp(v, "geheim@geheim.geheim") != 0)
        oso_rule_text(r, id, 0, or_else(nummer, k),
                      "Een geheim e-mailadres moet als \"geheim@geheim.geheim\" worden doorgegeven.",
                      "A secret e-mail address must be passed on as \"geheim@geheim.geheim\".");
}

/* The OV toets template's date rule (OVa.TR04): only tests of this and the two previous school
 * years (1 August - 31 July) in a POVO transfer. Not gated on overdrachtsoort. */
static void toets_date(struct oso_rules *r, const struct oso_node *toets)
{
    if (!overstap_is(r, "POVO"))
        return;
    const char *ds = oso_rule_string(r, oso_nav_child(r->metadata, OSO_ROW_metadata__datum));
    long y, ay;
    int m, d, am, ad;
    if (!oso_parse_date(ds, strlen(ds), &y, &m, &d))
        return;
    long cutoff_year = m < 8 ? y - 3 : y - 2; /* cutoff is 1 August of that year */
    const struct oso_node *date = grandchild(toets, OSO_ROW_toetsType__afname, OSO_ROW_toetsType_afname__afnamedatum);
    const char *as = oso_rule_string(r, date);
    if (!oso_parse_date(as, strlen(as), &ay, &am, &ad))
        return;
    if (ay < cutoff_year || (ay == cutoff_year && am < 8)) {
        char nl[300], en[300];
        snprintf(nl, sizeof nl, "Alleen toetsen uit het huidige en de twee voorgaande schooljaren "
                 "horen in een POVO-overstap (afgenomen %s, voor %ld-08-01).", as, cutoff_year);
        snprintf(en, sizeof en, "Only tests from the current and the two previous school years "
                 "belong in a POVO transfer (taken %s, before %ld-08-01).", as, cutoff_year);
        oso_rule_text(r, "OVa.TR04", 1, toets, nl, en); /* the toets template's context */
    }
}

static int has_any_child(const struct oso_node *n, const uint16_t *rows, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (oso_nav_child(n, rows[i]) != NULL)
            return 1;
    return 0;
}

static void check_element(struct oso_rules *r, const struct oso_node *n)
{
    if (r->profile == OSO_RP_NONE || n->row == OSO_SCHEMA_NONE)
        return;
    uint16_t ctype = r->schema->rows[n->row].ctype;
    int ova = gate_open(r, G_OVA), pao = gate_open(r, G_PAO);
    /* OV rules below the leerling template are unreachable officially: warnings (e.3). */
    int warn = r->profile == OSO_RP_OV;
    if (ctype == OSO_CTYPE_communicatieType) {
        secret_placeholder(r, n);
    } else if (ctype == OSO_CTYPE_verzorgerType) {
        const struct oso_node *geheim = oso_nav_child(n, OSO_ROW_persoonType__adresgeheim);
        const struct oso_node *lijst = oso_nav_child(n, OSO_ROW_persoonType__adreslijst);
        const char *id = ova ? "OVa.OV03" : gate_open(r, G_OVB) ? "OVb.OV01" : pao ? "PaO.OV03" : NULL;
        if (id && oso_rule_true(r, geheim) && oso_nav_child(lijst, OSO_ROW_persoonType_adreslijst__adres))
            oso_rule_text(r, id, warn, lijst,
                          "Het adres van een verzorger mag niet worden doorgegeven als het geheim is.",
                          "A verzorger's address must not be passed on when it is secret.");
        const struct oso_node *bank = oso_nav_child(n, OSO_ROW_verzorgerType__banknummer);
        if (pao && bank != NULL)
            oso_rule_text(r, "PaO.OV05", 0, bank, "Een SWV-dossier mag geen banknummer van een verzorger bevatten.",
                          "A swv-dossier must not contain a verzorger's banknummer.");
    } else if (n->row == OSO_ROW_leerlingType__overstapadvies && ova) {
        const struct oso_node *nodig = oso_nav_child(n, OSO_ROW_leerlingType_overstapadvies__contactnodig);
        const char *soort = oso_rule_string(r, oso_nav_child(oso_nav_child(r->dossier,
                                                  OSO_ROW_dossierType__huidigeschool), OSO_ROW_schoolType__soort));
        if (overstap_is(r, "POVO") && strcmp(soort, "SO") != 0 &&
            !oso_nav_child(n, OSO_ROW_leerlingType_overstapadvies__advies))
            oso_rule_text(r, "OVa.OA02", 1, n, "Een POVO-overstapadvies moet het advies van de school bevatten.",
                          "A POVO overstapadvies must contain the school's advies.");
        if (nodig == NULL)
            oso_rule_text(r, "OVa.OA03", 1, n, "Het overstapadvies moet aangeven of contact nodig is.",
                          "The overstapadvies must state contactnodig.");
        if (oso_rule_true(r, nodig) && !oso_nav_child(n, OSO_ROW_leerlingType_overstapadvies__contactpersoon))
            oso_rule_text(r, "OVa.OA04", 1, n, "Als contact nodig is, moet een contactpersoon worden vermeld.",
                          "When contact is needed, a contactpersoon must be given.");
        if (oso_rule_true(r, nodig) && !oso_nav_child(n, OSO_ROW_leerlingType_overstapadvies__contacttelefoon))
            oso_rule_text(r, "OVa.OA05", 1, n, "Als contact nodig is, moet een contacttelefoon worden vermeld.",
                          "When contact is needed, a contacttelefoon must be given.");
    } else if (n->row == OSO_ROW_leerlingType__eindtoets_basisonderwijs && ova) {
        int deelgenomen = oso_rule_true(r, oso_nav_child(n, OSO_ROW_leerlingType_eindtoets_basisonderwijs__deelgenomen));
        const struct oso_node *res = oso_nav_child(n, OSO_ROW_leerlingType_eindtoets_basisonderwijs__eindtoetsresultaat);
        if (deelgenomen && res == NULL)
            oso_rule_text(r, "OVa.EB02", 1, n, "Bij deelname aan de eindtoets hoort een eindtoetsresultaat.",
                          "Participation in the eindtoets requires an eindtoetsresultaat.");
        if (!deelgenomen && !oso_nav_child(res, OSO_ROW_EindtoetsToetsType__toetssoort))
            oso_rule_text(r, "OVa.EB03", 1, n, "Het eindtoetsresultaat moet de toetssoort bevatten.",
                          "The eindtoetsresultaat must contain the toetssoort.");
        if (deelgenomen && !oso_nav_child(res, OSO_ROW_EindtoetsToetsType__toets_advies))
            oso_rule_text(r, "OVa.EB04", 1, n, "Bij deelname aan de eindtoets hoort een toetsadvies.",
                          "Participation in the eindtoets requires a toets_advies.");
    } else if (n->row == OSO_ROW_leerlingType_toetslijst__toets && r->profile == OSO_RP_OV) {
        toets_date(r, n);
    } else if (ctype == OSO_CTYPE_resultaat && (ova || pao)) {
        static const uint16_t parts[] = {OSO_ROW_resultaat__toetsscore, OSO_ROW_resultaat__referentiescore,
                                         OSO_ROW_resultaat__document};
        if (!has_any_child(n, parts, 3))
            oso_rule_text(r, ova ? "OVa.TR05" : "PaO.TR01", ova, n,
                          "Een toetsresultaat moet een score, referentiescore of bijlage bevatten.",
                          "A toets resultaat must contain a toetsscore, referentiescore or document.");
    } else if (ctype == OSO_CTYPE_toetsscoreType && (ova || pao)) {
        static const uint16_t scores[] = {OSO_ROW_toetsscoreType__aantalopgaven, OSO_ROW_toetsscoreType__aantalgoed,
                                          OSO_ROW_toetsscoreType__aantalfout, OSO_ROW_toetsscoreType__aantalgelezen,
                                          OSO_ROW_toetsscoreType__tijd, OSO_ROW_toetsscoreType__vaardigheidsscore};
        if (!has_any_child(n, scores, 6))
            oso_rule_text(r, ova ? "OVa.TR06" : "PaO.TR02", ova, n,
                          "Een toetsscore moet minimaal een van aantal opgaven, aantal goed, aantal fout, "
                          "aantal gelezen, tijd of vaardigheidsscore bevatten.",
                          "A toetsscore must contain at least one of aantalopgaven, aantalgoed, "
                          "aantalfout, aantalgelezen, tijd or vaardigheidsscore.");
    } else if (ctype == OSO_CTYPE_scoreType && (ova || pao)) {
        static const uint16_t values[] = {OSO_ROW_scoreType__waarde, OSO_ROW_scoreType__kwalificatie};
        if (!has_any_child(n, values, 2))
            oso_rule_text(r, ova ? "OVa.CL01" : "PaO.CL01", ova, n,
                          "Een cijferlijstscore moet een waarde of een kwalificatie bevatten.",
                          "A cijferlijst score must contain a waarde or a kwalificatie.");
    }
}

const struct oso_rules_group oso_rules_group_profile = {
    "profile", OSO_RULES_PROFILE, check_element, check_document,
};
