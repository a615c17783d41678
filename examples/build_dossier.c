/* build_dossier.c — export side: build an OSO dossier from code, attach a document, apply a
 * selective release, validate the result and write it as XML.
 *
 *   build_dossier OUT.xml
 *
 * A LAS (student administration system) does this when a pupil moves from primary to
 * secondary school (an OV "PO-VO" overstapdossier). Exit status: 0 when the dossier was
 * written and is valid, 1 when it is invalid, 2 on any other error.
 *
 * Build: cc build_dossier.c $(pkg-config --cflags --libs oso) -o build_dossier
 */
#include <oso/oso.h>

#include <stdio.h>
#include <string.h>

/* Report a failed liboso call with its detailed message and give up. */
#define CHECK(call)                                                                       \
    do {                                                                                  \
        oso_status check_status_ = (call);                                                \
        if (check_status_ != OSO_OK) {                                                    \
            fprintf(stderr, "build_dossier: %s: %s (%s)\n", #call, oso_error_last(),     \
                    oso_strerror(check_status_));                                         \
            goto fail;                                                                    \
        }                                                                                 \
    } while (0)

struct field {
    const char *path; /* absolute, or relative to the prefix given to set_fields() */
    const char *text;
};

/* Set a list of fields below @p prefix. oso_dossier_set() creates missing elements (and their
 * ancestors) in schema order, so the order of the list does not matter for the output. */
static oso_status set_fields(oso_dossier *d, const char *prefix, const struct field *fields,
                             size_t count)
{
    char path[256];
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", prefix, fields[i].path);
        oso_status st = oso_dossier_set(NULL, d, path, fields[i].text);
        if (st != OSO_OK) {
            fprintf(stderr, "build_dossier: %s: %s\n", path, oso_error_last());
            return st;
        }
    }
    return OSO_OK;
}

#define SET_FIELDS(d, prefix, fields) set_fields((d), (prefix), (fields), sizeof(fields) / sizeof((fields)[0]))

static const struct field metadata[] = {
    {"deeldossier", "LAS"},           {"pakketnaam", "Voorbeeld-LAS"},
    {"pakketversie", "1.0"},          {"datum", "2024-03-15"},
    {"standaardversie", "2019.1"},    {"validatieversie", "2019.1.1"},
    {"overstap", "POVO"},
};

static const struct field inzage[] = {
    {"voorlopigdossier", "false"}, {"inzage", "true"},
    {"inzagedatum", "2024-03-11"}, {"akkoord", "Ja"},
};

static const struct field school[] = {
    {"naam", "Basisschool Het Anker"},
    {"adreslijst/adres/soortadres", "bezoek"},
    {"adreslijst/adres/straat", "Havenweg"},
    {"adreslijst/adres/nummer", "1"},
    {"adreslijst/adres/postcode", "9999AA"},
    {"adreslijst/adres/plaats", "Voorbeeldstad"},
    {"adreslijst/adres/land", "6030"},
    {"communicatielijst/communicatie/soort", "telefoon"},
    {"communicatielijst/communicatie/aanduiding", "werk"},
    {"communicatielijst/communicatie/nummer", "0100000000"},
    {"brincode", "99XX"},
    {"vestigingscode", "00"},
    {"aanleverpunt", "1"},
    {"soort", "BAO"},
};

static const struct field leerling[] = {
    {"voornaam", "Daan"},
    {"achternaam", "Jansen"},
    {"geboortedatum", "2012-05-01"},
    {"geslacht", "2"},
    {"adresgeheim", "false"},
    {"adreslijst/adres/soortadres", "gba"},
    {"adreslijst/adres/straat", "Dorpsstraat"},
    {"adreslijst/adres/nummer", "3"},
    {"adreslijst/adres/postcode", "9999AB"},
    {"adreslijst/adres/plaats", "Voorbeeldstad"},
    {"adreslijst/adres/land", "6030"},
    {"bsn", "999999990"},
    {"leerlingid", "L-2016-0107"},
    {"onderwijssinds", "2016-08-22"},
    {"datuminschrijving", "2016-08-22"},
    {"verzorgersaansprakelijk", "true"},
    {"overstapadvies/advies", "60"},
    {"overstapadvies/argumentatie", "Daan werkt zelfstandig; havo past bij zijn niveau."},
    {"overstapadvies/contactnodig", "false"},
    {"schoolloopbaanlijst/schoolloopbaan/schooljaar", "2023-2024"},
    {"schoolloopbaanlijst/schoolloopbaan/groepscode", "8A"},
    {"schoolloopbaanlijst/schoolloopbaan/jaargroep", "8"},
    {"schoolloopbaanlijst/schoolloopbaan/begindatum", "2023-08-21"},
    {"schoolloopbaanlijst/schoolloopbaan/brincode", "99XX"},
    {"schoolloopbaanlijst/schoolloopbaan/vestigingscode", "00"},
};

static const char report_txt[] =
    "Verslag intakegesprek\r\n"
    "Daan is gemotiveerd en werkt graag samen. Aandachtspunt: plannen van huiswerk.\r\n";

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: build_dossier OUT.xml\n", stderr);
        return 2;
    }
    const char *out = argv[1];
    int exit_code = 2;
    oso_dossier *d = NULL, *released = NULL;
    oso_release *release = NULL;
    oso_report *report = NULL;

    /* 1. An empty dossier, filled with oso_dossier_set(): paths in the form diagnostics use. */
    CHECK(oso_dossier_new(&d));
    CHECK(SET_FIELDS(d, "/dossier/metadata", metadata));
    CHECK(oso_dossier_set(NULL, d, "/dossier/overdrachtsoort", "overstapdossier"));
    CHECK(SET_FIELDS(d, "/dossier/inzage", inzage));
    CHECK(SET_FIELDS(d, "/dossier/huidigeschool", school));
    CHECK(SET_FIELDS(d, "/dossier/huidigeschool/leerling", leerling));

    /* 2. Repeated blocks with oso_node_add(): a parent (verzorger) and its children. Elements
     *    are kept in schema order whatever order they are added in. */
    oso_node *pupil, *parent, *comm, *list;
    CHECK(oso_dossier_find(&pupil, d, "/dossier/huidigeschool/leerling"));
    CHECK(oso_node_add(NULL, pupil, "voornaam", "Pieter"));   /* second first name */
    CHECK(oso_node_add(&parent, pupil, "verzorger", NULL));
    CHECK(oso_node_add(NULL, parent, "wettigevertegenwoordiger", "true"));
    CHECK(oso_node_add(NULL, parent, "voornaam", "Eva"));
    CHECK(oso_node_add(NULL, parent, "achternaam", "Jansen"));
    CHECK(oso_node_add(NULL, parent, "geslacht", "1"));
    CHECK(oso_node_add(NULL, parent, "adresgeheim", "false"));
    CHECK(oso_node_add(NULL, parent, "relatietotkind", "2"));
    CHECK(oso_node_add(&list, parent, "communicatielijst", NULL));
    CHECK(oso_node_add(&comm, list, "communicatie", NULL));
    CHECK(oso_node_add(NULL, comm, "soort", "e-mail"));
    CHECK(oso_node_add(NULL, comm, "aanduiding", "prive"));
    CHECK(oso_node_add(NULL, comm, "nummer", "eva.jansen@voorbeeld.example"));

    /* 3. An attachment: the document is zipped and Base64-encoded into a `document` block.
     *    (oso_attachment_add_file() does the same for a file on disk.) */
    oso_node *documents, *document;
    CHECK(oso_node_add(&documents, pupil, "overigdocumentlijst", NULL));
    CHECK(oso_attachment_add(&document, documents, "intakeverslag.txt", "Verslag intakegesprek",
                             (const unsigned char *)report_txt, sizeof report_txt - 1));

    /* 4. Selective release: the OV-POVO preset (what this profile requires and allows), with
     *    the optional category verzuim switched off by the school. oso_dossier_redact() works
     *    on a copy, removes the data of every category switched off, writes
     *    categorie_uitlevering and validates the result. */
    CHECK(oso_release_preset(&release, "OV-POVO"));
    CHECK(oso_release_set(release, "verzuim", OSO_RELEASE_OPT_UIT));
    oso_status st = oso_dossier_redact(&released, &report, d, release, NULL);
    if (st != OSO_OK) {
        fprintf(stderr, "build_dossier: release: %s\n", oso_error_last());
        for (size_t i = 0; i < oso_report_count(report); i++)
            fprintf(stderr, "  %s: %s\n", oso_diagnostic_rule(oso_report_at(report, i)),
                    oso_diagnostic_message(oso_report_at(report, i), OSO_LANG_EN));
        goto fail;
    }

    /* 5. The verdict (the report of oso_dossier_redact() is the validation of the result;
     *    oso_validate() gives the same for any dossier). */
    for (size_t i = 0; i < oso_report_count(report); i++) {
        const oso_diagnostic *diag = oso_report_at(report, i);
        if (oso_diagnostic_severity(diag) != OSO_SEVERITY_INFO)
            fprintf(stderr, "%s: %s: %s\n", oso_diagnostic_path(diag), oso_diagnostic_rule(diag),
                    oso_diagnostic_message(diag, OSO_LANG_EN));
    }
    int valid = oso_report_valid(report);

    /* 6. Write the XML (indented; OSO_WRITE_OPTIONS_INIT with compact = 1 for none). */
    CHECK(oso_dossier_save_xml(released, out, NULL));
    printf("%s: %s OV-POVO dossier with %zu attachment(s), cat_verzuim %s\n", out,
           valid ? "valid" : "INVALID", oso_attachment_count(released),
           oso_dossier_get(released, "/dossier/metadata/categorie_uitlevering/cat_verzuim"));
    exit_code = valid ? 0 : 1;

fail:
    oso_report_free(report);
    oso_release_free(release);
    oso_dossier_free(released);
    oso_dossier_free(d);
    return exit_code;
}
