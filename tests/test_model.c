/* The dossier model: navigation, text and attributes, schema types, positions and paths, lookup
 * by path, editing in schema order, validation of built dossiers, cloning. */
#include <check.h>

#include "testutil.h"
#include "oso/oso.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef OSO_SOURCE_ROOT
#error "OSO_SOURCE_ROOT must name the source tree"
#endif

#define SAMPLE OSO_SOURCE_ROOT "/examples/sample-dossier.xml"
#define LL "/dossier[1]/huidigeschool[1]/leerling[1]"

/* ---- helpers ------------------------------------------------------------------------------ */

static oso_dossier *parse_string(const char *doc)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    oso_status st = oso_dossier_parse_buffer(&d, &r, doc, strlen(doc), NULL);
    ck_assert_msg(st == OSO_OK, "parse failed: %s", oso_error_last());
    oso_report_free(r);
    return d;
}

static oso_dossier *parse_sample(void)
{
    oso_dossier *d = NULL;
    oso_report *r = NULL;
    ck_assert_int_eq(oso_dossier_parse_file(&d, &r, SAMPLE, NULL), OSO_OK);
    ck_assert_uint_eq(oso_report_count(r), 0);
    oso_report_free(r);
    return d;
}

static char *to_xml(const oso_dossier *d)
{
    char *xml = NULL;
    ck_assert_int_eq(oso_dossier_to_xml(&xml, NULL, d, NULL), OSO_OK);
    ck_assert_ptr_nonnull(xml);
    return xml;
}

static oso_node *find(const oso_dossier *d, const char *path)
{
    oso_node *n = NULL;
    oso_status st = oso_dossier_find(&n, d, path);
    ck_assert_msg(st == OSO_OK, "%s not found (%d)", path, st);
    ck_assert_ptr_nonnull(n);
    return n;
}

static void check_path(const oso_node *n, const char *expected)
{
    char *path = NULL;
    ck_assert_int_eq(oso_node_path(&path, n), OSO_OK);
    ck_assert_str_eq(path, expected);
    oso_free(path);
}

/* Path of a node, and that finding it again gives the same node. */
static void check_path_in(const oso_dossier *d, const oso_node *n, const char *expected)
{
    check_path(n, expected);
    ck_assert_ptr_eq(find(d, expected), n);
}

/* Structural findings only (the rule groups are other suites' business). */
static oso_report *validate_structure(const oso_dossier *d)
{
    oso_validate_options o = OSO_VALIDATE_OPTIONS_INIT;
    o.profile = OSO_PROFILE_NONE;
    o.rules = 0;
    oso_report *r = NULL;
    ck_assert_int_eq(oso_validate(&r, d, &o), OSO_OK);
    ck_assert_ptr_nonnull(r);
    return r;
}


static oso_dossier *parse_leerling(const char *body)
{
    char *s = leerling_doc(body);
    oso_dossier *d = parse_string(s);
    free(s);
    return d;
}

/* Positions of one, two and three digits in a path (they are written without printf). */
START_TEST(path_positions_of_several_digits)
{
    char body[8192] = "";
    for (int i = 0; i < 123; i++)
        strcat(body, "<voornaam>A</voornaam>");
    oso_dossier *d = parse_leerling(body);
    oso_node *l = find(d, "/dossier/huidigeschool/leerling");
    const size_t want[] = {1, 9, 10, 99, 100, 123};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        oso_node *n = oso_node_child_at(l, want[k] - 1);
        char *path, expected[96];
        ck_assert_int_eq(oso_node_path(&path, n), OSO_OK);
        snprintf(expected, sizeof expected, LL "/voornaam[%zu]", want[k]);
        ck_assert_str_eq(path, expected);
        ck_assert_ptr_eq(find(d, path), n);
        oso_free(path);
    }
    oso_dossier_free(d);
}
END_TEST

/* ---- navigation --------------------------------------------------------------------------- */

START_TEST(navigation)
{
    oso_dossier *d = parse_sample();
    oso_node *root = oso_dossier_root(d);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(oso_node_name(root), "dossier");
    ck_assert_ptr_null(oso_node_parent(root));
    ck_assert_ptr_null(oso_node_next(root));
    ck_assert_uint_eq(oso_node_child_count(root), 4);
    static const char *const top[] = {"metadata", "overdrachtsoort", "inzage", "huidigeschool"};
    oso_node *c = oso_node_child(root, NULL);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_ptr_nonnull(c);
        ck_assert_str_eq(oso_node_name(c), top[i]);
        ck_assert_ptr_eq(oso_node_child_at(root, i), c);
        ck_assert_ptr_eq(oso_node_child(root, top[i]), c);
        ck_assert_ptr_eq(oso_node_parent(c), root);
        c = oso_node_next(c);
    }
    ck_assert_ptr_null(c);
    ck_assert_ptr_null(oso_node_child_at(root, 4));
    ck_assert_ptr_null(oso_node_child_at(root, (size_t)-1));
    ck_assert_ptr_null(oso_node_child(root, "leerling"));
    ck_assert_ptr_null(oso_node_child(root, ""));

    oso_node *leerling = oso_node_child(oso_node_child(root, "huidigeschool"), "leerling");
    ck_assert_ptr_nonnull(leerling);
    oso_node *v1 = oso_node_child(leerling, "voornaam");
    oso_node *v2 = oso_node_next_same(v1);
    ck_assert_str_eq(oso_node_text(v1), "Fleur");
    ck_assert_str_eq(oso_node_text(v2), "Anna");
    ck_assert_ptr_eq(oso_node_next(v1), v2);
    ck_assert_ptr_null(oso_node_next_same(v2));
    ck_assert_str_eq(oso_node_name(oso_node_next(v2)), "voorletters-1");
    ck_assert_uint_eq(oso_node_position(v1), 1);
    ck_assert_uint_eq(oso_node_position(v2), 2);

    /* next_same skips other elements between same-named ones */
    oso_node *school = oso_node_child(root, "huidigeschool");
    oso_node *lijst = oso_node_child(school, "communicatielijst");
    oso_node *c1 = oso_node_child(lijst, "communicatie");
    ck_assert_ptr_nonnull(oso_node_next_same(c1));
    ck_assert_uint_eq(oso_node_position(oso_node_next_same(c1)), 2);
    ck_assert_ptr_null(oso_node_child(c1, "leerling"));

    /* `nummer` occurs in several parents: only siblings count */
    oso_node *nummer = oso_node_child(c1, "nummer");
    ck_assert_str_eq(oso_node_text(nummer), "0100000000");
    ck_assert_ptr_null(oso_node_next_same(nummer));
    ck_assert_uint_eq(oso_node_position(nummer), 1);
    ck_assert_uint_eq(oso_node_child_count(nummer), 0);
    ck_assert_ptr_null(oso_node_child(nummer, NULL));

    /* NULL is harmless everywhere */
    ck_assert_ptr_null(oso_dossier_root(NULL));
    ck_assert_ptr_null(oso_node_name(NULL));
    ck_assert_ptr_null(oso_node_parent(NULL));
    ck_assert_ptr_null(oso_node_child(NULL, "x"));
    ck_assert_ptr_null(oso_node_child_at(NULL, 0));
    ck_assert_uint_eq(oso_node_child_count(NULL), 0);
    ck_assert_ptr_null(oso_node_next(NULL));
    ck_assert_ptr_null(oso_node_next_same(NULL));
    ck_assert_str_eq(oso_node_text(NULL), "");
    ck_assert_uint_eq(oso_node_text_length(NULL), 0);
    ck_assert_ptr_null(oso_node_attribute(NULL, "omschrijving"));
    ck_assert_ptr_null(oso_node_schema_type(NULL));
    ck_assert_uint_eq(oso_node_line(NULL), 0);
    ck_assert_uint_eq(oso_node_column(NULL), 0);
    ck_assert_uint_eq(oso_node_position(NULL), 0);
    char *path = (char *)"x";
    ck_assert_int_eq(oso_node_path(&path, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_path(NULL, root), OSO_E_INVALID_ARG);
    oso_dossier_free(d);
}
END_TEST

START_TEST(comments_are_not_children)
{
    oso_dossier *d = parse_leerling("<!-- een --><voornaam>Piet</voornaam><?pi x?>\n<!-- twee -->"
                                    "<achternaam>Jan<!-- gesplitst -->sen</achternaam><!-- drie -->\n");
    oso_node *l = find(d, LL);
    ck_assert_uint_eq(oso_node_child_count(l), 2);
    ck_assert_str_eq(oso_node_name(oso_node_child_at(l, 0)), "voornaam");
    ck_assert_str_eq(oso_node_name(oso_node_child_at(l, 1)), "achternaam");
    ck_assert_ptr_null(oso_node_next(oso_node_child_at(l, 1)));
    oso_node *a = oso_node_child_at(l, 1);
    ck_assert_str_eq(oso_node_text(a), "Jansen");
    ck_assert_uint_eq(oso_node_text_length(a), 6);
    ck_assert_uint_eq(oso_node_child_count(a), 0);
    ck_assert_ptr_null(oso_node_child(a, NULL));
    oso_dossier_free(d);
}
END_TEST

START_TEST(text_unmodified)
{
    oso_dossier *d = parse_leerling(
        "<voornaam>  Piet\n  Jan\t</voornaam>\n"
        "<voornaam>a &amp; b &lt;c&gt; &quot;&apos; &#233;&#x20AC; &#13;&#10;&#9;.</voornaam>\n"
        "<voornaam>regel\r\nregel\rregel</voornaam>\n"
        "<voornaam><![CDATA[ <ruw> & ]]></voornaam>\n"
        "<achternaam>Zo\xc3\xab</achternaam>\n");
    oso_node *v = find(d, LL "/voornaam[1]");
    ck_assert_str_eq(oso_node_text(v), "  Piet\n  Jan\t");
    ck_assert_uint_eq(oso_node_text_length(v), strlen("  Piet\n  Jan\t"));
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[2]"),
                     "a & b <c> \"' \xc3\xa9\xe2\x82\xac \r\n\t.");
    /* line ends are normalised by XML itself */
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[3]"), "regel\nregel\nregel");
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[4]"), " <ruw> & ");
    ck_assert_str_eq(oso_dossier_get(d, LL "/achternaam"), "Zo\xc3\xab");
    ck_assert_uint_eq(oso_node_text_length(find(d, LL "/achternaam")), 4);
    /* containers have no text */
    ck_assert_str_eq(oso_node_text(find(d, LL)), "");
    ck_assert_uint_eq(oso_node_text_length(find(d, LL)), 0);
    ck_assert_str_eq(oso_dossier_get(d, "/dossier"), "");
    oso_dossier_free(d);
}
END_TEST

START_TEST(attributes)
{
    oso_dossier *d = parse_sample();
    oso_node *land = find(d, "/dossier/huidigeschool/adreslijst/adres/land");
    ck_assert_str_eq(oso_node_attribute(land, "omschrijving"), "Nederland");
    ck_assert_str_eq(oso_node_text(land), "6030");
    ck_assert_ptr_null(oso_node_attribute(land, "Omschrijving"));
    ck_assert_ptr_null(oso_node_attribute(land, "xmlns"));
    ck_assert_ptr_null(oso_node_attribute(land, NULL));
    ck_assert_ptr_null(oso_node_attribute(oso_dossier_root(d), "xmlns"));
    oso_dossier_free(d);

    d = parse_leerling("<achternaam>Jansen</achternaam>"
                       "<nationaliteit omschrijving=\"a &amp; &quot;b&quot; &#10;c\" "
                       "xmlns:x=\"urn:x\" x:omschrijving=\"vreemd\">0001</nationaliteit>\n");
    oso_node *n = find(d, LL "/nationaliteit");
    /* attribute value normalisation: a literal newline would be a space, &#10; stays */
    ck_assert_str_eq(oso_node_attribute(n, "omschrijving"), "a & \"b\" \nc");
    oso_dossier_free(d);
}
END_TEST

START_TEST(schema_types)
{
    oso_dossier *d = parse_sample();
    static const struct {
        const char *path, *type;
    } cases[] = {
        {"/dossier", "dossierType"},
        {"/dossier/metadata", "metadata"},
        {"/dossier/metadata/datum", "xs:date"},
        {"/dossier/overdrachtsoort", "nonEmptyStringType"},
        {"/dossier/inzage", "inzageType"},
        {"/dossier/inzage/inzage", "xs:boolean"},
        {"/dossier/huidigeschool", "huidigeschoolType"},
        {"/dossier/huidigeschool/adreslijst/adres", "adresType"},
        {"/dossier/huidigeschool/brincode", "brincodeType"},
        {LL, "leerling"},
        {LL "/geslacht", "geslachtType"},
        {LL "/geboortedatum", "xs:date"},
        {LL "/verzorger", "verzorgerType"},
        {LL "/huisarts", "persoonType"},
        {LL "/schoolloopbaanlijst/schoolloopbaan/jaargroep", "jaargroepType"},
        {LL "/schoolloopbaanlijst/schoolloopbaan", "schoolloopbaanType"},
        {LL "/overstapadvies/advies", "voadviesduoType"},
        {LL "/eindtoets_basisonderwijs/eindtoetsresultaat/toetssoort", "EindtoetsToetssoortType"},
        {"/dossier/metadata/categorie_uitlevering", "categorie_uitlevering"},
        {"/dossier/metadata/categorie_uitlevering/cat_vve", "categorieType"},
        {LL "/leerlinggewicht", "nonEmptyStringType"},
    };
    char wrong[2048] = "";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = oso_node_schema_type(find(d, cases[i].path));
        if (t == NULL || strcmp(t, cases[i].type) != 0)
            snprintf(wrong + strlen(wrong), sizeof wrong - strlen(wrong),
                     "\n%s: type %s, expected %s", cases[i].path, t ? t : "(null)", cases[i].type);
    }
    ck_assert_msg(wrong[0] == '\0', "%s", wrong);
    oso_dossier_free(d);
    d = parse_leerling("<achternaam>Jansen</achternaam><schoenmaat>42</schoenmaat>");
    ck_assert_ptr_null(oso_node_schema_type(find(d, LL "/schoenmaat")));
    ck_assert_str_eq(oso_node_name(find(d, LL "/schoenmaat")), "schoenmaat");
    oso_dossier_free(d);
}
END_TEST

START_TEST(paths_of_nodes)
{
    oso_dossier *d = parse_sample();
    oso_node *root = oso_dossier_root(d);
    check_path_in(d, root, "/dossier[1]");
    oso_node *l = find(d, "/dossier/huidigeschool/leerling");
    check_path_in(d, l, LL);
    check_path_in(d, oso_node_child_at(l, 1), LL "/voornaam[2]");
    check_path_in(d, find(d, LL "/schoolloopbaanlijst/schoolloopbaan[2]/brincode"),
                  LL "/schoolloopbaanlijst[1]/schoolloopbaan[2]/brincode[1]");
    check_path_in(d, find(d, LL "/eindtoets_basisonderwijs/eindtoetsresultaat/onderdelen/onderdeel[1]/domeinen/domein[2]/domeincode"),
                  LL "/eindtoets_basisonderwijs[1]/eindtoetsresultaat[1]/onderdelen[1]/onderdeel[1]/domeinen[1]/domein[2]/domeincode[1]");
    check_path_in(d, find(d, LL "/verzorger/communicatielijst/communicatie/nummer"),
                  LL "/verzorger[1]/communicatielijst[1]/communicatie[1]/nummer[1]");
    /* Every element: its path finds it back and its position matches the path's last step. */
    size_t visited = 0;
    oso_node *stack[64];
    size_t depth = 0;
    stack[depth++] = root;
    while (depth > 0) {
        oso_node *n = stack[--depth];
        char *path;
        ck_assert_int_eq(oso_node_path(&path, n), OSO_OK);
        ck_assert_ptr_eq(find(d, path), n);
        char suffix[32];
        snprintf(suffix, sizeof suffix, "%s[%zu]", oso_node_name(n), oso_node_position(n));
        ck_assert_str_eq(path + strlen(path) - strlen(suffix), suffix);
        oso_free(path);
        visited++;
        for (size_t i = 0; i < oso_node_child_count(n); i++) {
            ck_assert_uint_lt(depth, 64);
            stack[depth++] = oso_node_child_at(n, i);
        }
    }
    ck_assert_uint_gt(visited, 150);
    oso_dossier_free(d);
}
END_TEST

START_TEST(find_and_get)
{
    oso_dossier *d = parse_sample();
    oso_node *a = find(d, "/dossier/huidigeschool/leerling/voornaam[2]");
    oso_node *b = find(d, LL "/voornaam[2]");
    oso_node *c = find(d, "/dossier[1]/huidigeschool/leerling[1]/voornaam[2]");
    ck_assert_ptr_eq(a, b);
    ck_assert_ptr_eq(a, c);
    ck_assert_ptr_eq(find(d, LL "/voornaam"), find(d, LL "/voornaam[1]"));
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam"), "Fleur");
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[2]"), "Anna");
    ck_assert_str_eq(oso_dossier_get(d, "/dossier/metadata/datum"), "2024-03-15");
    ck_assert_str_eq(oso_dossier_get(d, LL "/schoolloopbaanlijst/schoolloopbaan[2]/groepscode"), "8A");

    static const char *const missing[] = {
        LL "/voornaam[3]", "/dossier/metadata[2]", "/dossier/schoenmaat", "/overstapdossier",
        "/dossier/huidigeschool/leerling/voornaam/x", "/dossier/dossier",
    };
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        oso_node *n = (oso_node *)d;
        ck_assert_msg(oso_dossier_find(&n, d, missing[i]) == OSO_E_NOT_FOUND, "%s", missing[i]);
        ck_assert_ptr_null(n);
        ck_assert_ptr_null(oso_dossier_get(d, missing[i]));
    }
    static const char *const malformed[] = {
        "", "/", "dossier", "dossier/metadata", "//dossier", "/dossier/", "/dossier//metadata",
        "/dossier[0]", "/dossier[]", "/dossier[x]", "/dossier[1", "/dossier[1]x", "/dossier[1][1]",
        "/dossier/metadata[0]/datum",
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        oso_node *n = (oso_node *)d;
        ck_assert_msg(oso_dossier_find(&n, d, malformed[i]) == OSO_E_INVALID_ARG, "'%s'",
                      malformed[i]);
        ck_assert_ptr_null(n);
        ck_assert_ptr_null(oso_dossier_get(d, malformed[i]));
    }
    oso_node *n;
    ck_assert_int_eq(oso_dossier_find(&n, NULL, "/dossier"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_find(&n, d, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_find(NULL, d, "/dossier"), OSO_E_INVALID_ARG);
    ck_assert_ptr_null(oso_dossier_get(NULL, "/dossier"));
    ck_assert_ptr_null(oso_dossier_get(d, NULL));
    oso_dossier_free(d);
}
END_TEST

START_TEST(unknown_elements_have_paths)
{
    oso_dossier *d = parse_leerling("<achternaam>Jansen</achternaam><x>1</x><y/><x>2</x>"
                                    "<q:x xmlns:q=\"urn:q\">3</q:x>\n");
    oso_node *x2 = find(d, LL "/x[2]");
    ck_assert_str_eq(oso_node_text(x2), "2");
    ck_assert_uint_eq(oso_node_position(x2), 2);
    check_path_in(d, x2, LL "/x[2]");
    ck_assert_ptr_eq(oso_node_next_same(find(d, LL "/x[1]")), x2);
    /* an element with the same local name in another namespace is another element, but paths
     * only carry local names */
    ck_assert_str_eq(oso_node_text(find(d, LL "/x[3]")), "3");
    oso_dossier_free(d);
}
END_TEST

/* ---- editing ------------------------------------------------------------------------------ */

START_TEST(new_dossier)
{
    oso_dossier *d = NULL;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    oso_node *root = oso_dossier_root(d);
    ck_assert_str_eq(oso_node_name(root), "dossier");
    ck_assert_str_eq(oso_node_schema_type(root), "dossierType");
    ck_assert_uint_eq(oso_node_child_count(root), 0);
    ck_assert_uint_eq(oso_node_line(root), 0);
    ck_assert_uint_eq(oso_node_column(root), 0);
    check_path_in(d, root, "/dossier[1]");
    char *xml = to_xml(d);
    ck_assert_ptr_nonnull(strstr(xml, "<dossier xmlns=\"" NS "\""));
    oso_free(xml);
    ck_assert_int_eq(oso_dossier_new(NULL), OSO_E_INVALID_ARG);
    oso_dossier_free(d);
}
END_TEST

static void check_children(const oso_node *parent, const char *const *names, size_t count)
{
    ck_assert_uint_eq(oso_node_child_count(parent), count);
    for (size_t i = 0; i < count; i++)
        ck_assert_str_eq(oso_node_name(oso_node_child_at(parent, i)), names[i]);
}

START_TEST(add_in_schema_order)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    oso_node *root = oso_dossier_root(d);
    oso_node *school, *meta, *soort, *inzage;
    ck_assert_int_eq(oso_node_add(&school, root, "huidigeschool", NULL), OSO_OK);
    ck_assert_int_eq(oso_node_add(&soort, root, "overdrachtsoort", "overstapdossier"), OSO_OK);
    ck_assert_int_eq(oso_node_add(&meta, root, "metadata", NULL), OSO_OK);
    static const char *const three[] = {"metadata", "overdrachtsoort", "huidigeschool"};
    check_children(root, three, 3);
    ck_assert_int_eq(oso_node_add(&inzage, root, "inzage", NULL), OSO_OK);
    static const char *const four[] = {"metadata", "overdrachtsoort", "inzage", "huidigeschool"};
    check_children(root, four, 4);
    ck_assert_ptr_eq(oso_node_parent(inzage), root);
    ck_assert_str_eq(oso_node_text(soort), "overstapdossier");

    /* leerling: repeated voornaam stay together and in call order, before achternaam */
    oso_node *l, *n;
    ck_assert_int_eq(oso_node_add(&l, school, "leerling", NULL), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, l, "geslacht", "1"), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, l, "voornaam", "A"), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, l, "achternaam", "Jansen"), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, l, "voornaam", "B"), OSO_OK);
    ck_assert_int_eq(oso_node_add(&n, l, "voornaam", "C"), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, l, "roepnaam", "Bo"), OSO_OK);
    static const char *const pupil[] = {"voornaam", "voornaam", "voornaam", "achternaam",
                                        "roepnaam", "geslacht"};
    check_children(l, pupil, 6);
    ck_assert_str_eq(oso_node_text(oso_node_child_at(l, 0)), "A");
    ck_assert_str_eq(oso_node_text(oso_node_child_at(l, 1)), "B");
    ck_assert_str_eq(oso_node_text(oso_node_child_at(l, 2)), "C");
    ck_assert_ptr_eq(oso_node_child_at(l, 2), n);
    ck_assert_uint_eq(oso_node_position(n), 3);
    check_path_in(d, n, LL "/voornaam[3]");
    check_path_in(d, l, LL);
    ck_assert_uint_eq(oso_node_line(n), 0);
    /* huidigeschool: naam comes before leerling although added later */
    ck_assert_int_eq(oso_node_add(NULL, school, "aanleverpunt", "1"), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, school, "naam", "School"), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, school, "brincode", "12AB"), OSO_OK);
    static const char *const schoolkids[] = {"naam", "brincode", "aanleverpunt", "leerling"};
    check_children(school, schoolkids, 4);

    /* the written document is in the same order */
    char *xml = to_xml(d);
    const char *p1 = strstr(xml, "<metadata"), *p2 = strstr(xml, "<overdrachtsoort>"),
               *p3 = strstr(xml, "<inzage"), *p4 = strstr(xml, "<huidigeschool>");
    ck_assert(p1 && p2 && p3 && p4 && p1 < p2 && p2 < p3 && p3 < p4);
    oso_free(xml);
    oso_dossier_free(d);
}
END_TEST

START_TEST(add_refused)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    oso_node *root = oso_dossier_root(d), *soort, *meta, *child = (oso_node *)d;
    ck_assert_int_eq(oso_node_add(&soort, root, "overdrachtsoort", "x"), OSO_OK);
    ck_assert_int_eq(oso_node_add(&meta, root, "metadata", NULL), OSO_OK);
    /* not allowed here */
    ck_assert_int_eq(oso_node_add(&child, root, "leerling", NULL), OSO_E_SCHEMA);
    ck_assert_ptr_null(child);
    ck_assert_int_eq(oso_node_add(&child, root, "schoenmaat", NULL), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_add(&child, root, "dossier", NULL), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_add(&child, root, "", NULL), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_add(&child, meta, "achternaam", "x"), OSO_E_SCHEMA);
    /* elements cannot go into a text-only element */
    ck_assert_int_eq(oso_node_add(&child, soort, "metadata", NULL), OSO_E_SCHEMA);
    /* text cannot go into a container */
    ck_assert_int_eq(oso_node_add(&child, root, "huidigeschool", "tekst"), OSO_E_SCHEMA);
    ck_assert_ptr_null(child);
    /* bad text */
    ck_assert_int_eq(oso_node_add(&child, meta, "deeldossier", "a\xc3\x28"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_add(&child, meta, "deeldossier", "a\x01"), OSO_E_INVALID_ARG);
    ck_assert_ptr_null(child);
    /* NULL arguments */
    ck_assert_int_eq(oso_node_add(&child, NULL, "metadata", NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_add(&child, root, NULL, NULL), OSO_E_INVALID_ARG);
    /* nothing of that changed the tree */
    static const char *const kids[] = {"metadata", "overdrachtsoort"};
    check_children(root, kids, 2);
    ck_assert_uint_eq(oso_node_child_count(meta), 0);
    char *xml = to_xml(d);
    ck_assert_ptr_null(strstr(xml, "huidigeschool"));
    ck_assert_ptr_null(strstr(xml, "deeldossier"));
    oso_free(xml);
    oso_dossier_free(d);

    /* no adding under an element the schema does not know */
    d = parse_leerling("<achternaam>Jansen</achternaam><schoenmaat/>\n");
    oso_node *unknown = find(d, LL "/schoenmaat");
    ck_assert_int_eq(oso_node_add(&child, unknown, "achternaam", "x"), OSO_E_SCHEMA);
    oso_dossier_free(d);
}
END_TEST

START_TEST(set_text)
{
    oso_dossier *d = parse_sample();
    oso_node *a = find(d, LL "/achternaam");
    ck_assert_int_eq(oso_node_set_text(a, "de Vries & <Zn>\t\"\r\n\xc3\xab\xf0\x9f\x98\x80\x7f"), OSO_OK);
    ck_assert_str_eq(oso_node_text(a), "de Vries & <Zn>\t\"\r\n\xc3\xab\xf0\x9f\x98\x80\x7f");
    ck_assert_str_eq(oso_dossier_get(d, LL "/achternaam"), oso_node_text(a));
    ck_assert_int_eq(oso_node_set_text(a, ""), OSO_OK);
    ck_assert_str_eq(oso_node_text(a), "");
    ck_assert_int_eq(oso_node_set_text(a, "Visser"), OSO_OK);
    static const char *const bad[] = {
        "\xc3\x28", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "a\x01",
        "\x08", "\x1f", "\x0b", "\x0c", "\xef\xbf\xbe", "\xef\xbf\xbf", "abc\xc3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(oso_node_set_text(a, bad[i]) == OSO_E_INVALID_ARG, "bad text %zu accepted", i);
        ck_assert_str_eq(oso_node_text(a), "Visser");
    }
    ck_assert_int_eq(oso_node_set_text(a, NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_set_text(NULL, "x"), OSO_E_INVALID_ARG);
    /* containers hold elements, not text */
    ck_assert_int_eq(oso_node_set_text(find(d, LL), "x"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_set_text(oso_dossier_root(d), "x"), OSO_E_SCHEMA);
    ck_assert_str_eq(oso_node_text(find(d, LL)), "");
    /* text split by a comment is replaced as a whole */
    oso_dossier_free(d);
    d = parse_leerling("<achternaam>Jan<!-- c -->sen</achternaam>\n");
    a = find(d, LL "/achternaam");
    ck_assert_int_eq(oso_node_set_text(a, "Pietersen"), OSO_OK);
    ck_assert_str_eq(oso_node_text(a), "Pietersen");
    char *xml = to_xml(d);
    ck_assert_ptr_nonnull(strstr(xml, "<achternaam>Pietersen</achternaam>"));
    oso_free(xml);
    oso_dossier_free(d);
}
END_TEST

START_TEST(set_attribute)
{
    oso_dossier *d = parse_sample();
    oso_node *land = find(d, "/dossier/huidigeschool/adreslijst/adres/land");
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", "Nederland & \"co\" <x>\t\n"), OSO_OK);
    ck_assert_str_eq(oso_node_attribute(land, "omschrijving"), "Nederland & \"co\" <x>\t\n");
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", NULL), OSO_OK);
    ck_assert_ptr_null(oso_node_attribute(land, "omschrijving"));
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", NULL), OSO_OK);
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", "NL"), OSO_OK);
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", "Nederland"), OSO_OK);
    ck_assert_str_eq(oso_node_attribute(land, "omschrijving"), "Nederland");
    char *xml = to_xml(d);
    const char *first = strstr(xml, "omschrijving=\"Nederland\"");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(xml, "omschrijving=\"NL\""));
    oso_free(xml);
    /* undeclared attributes */
    ck_assert_int_eq(oso_node_set_attribute(land, "kleur", "rood"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_set_attribute(find(d, LL "/achternaam"), "omschrijving", "x"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_set_attribute(oso_dossier_root(d), "xmlns", "urn:x"), OSO_E_SCHEMA);
    ck_assert_ptr_null(oso_node_attribute(land, "kleur"));
    /* bad values */
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", "\xc3\x28"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_set_attribute(land, "omschrijving", "\x02"), OSO_E_INVALID_ARG);
    ck_assert_str_eq(oso_node_attribute(land, "omschrijving"), "Nederland");
    ck_assert_int_eq(oso_node_set_attribute(NULL, "omschrijving", "x"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_set_attribute(land, NULL, "x"), OSO_E_INVALID_ARG);
    /* on a created element too */
    oso_node *nat;
    ck_assert_int_eq(oso_node_add(&nat, find(d, LL), "nationaliteit", "0001"), OSO_OK);
    ck_assert_int_eq(oso_node_set_attribute(nat, "omschrijving", "Nederlandse"), OSO_OK);
    ck_assert_str_eq(oso_node_attribute(nat, "omschrijving"), "Nederlandse");
    oso_report *r = validate_structure(d);
    ck_assert_uint_eq(oso_report_count(r), 0);
    oso_report_free(r);
    oso_dossier_free(d);
}
END_TEST

START_TEST(remove_elements)
{
    oso_dossier *d = parse_sample();
    oso_node *l = find(d, LL);
    size_t before = oso_node_child_count(l);
    ck_assert_int_eq(oso_node_remove(oso_dossier_root(d)), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_node_remove(NULL), OSO_E_INVALID_ARG);
    ck_assert_ptr_nonnull(oso_dossier_root(d));
    /* remove the first voornaam: the second becomes voornaam[1] */
    ck_assert_int_eq(oso_node_remove(find(d, LL "/voornaam[1]")), OSO_OK);
    ck_assert_uint_eq(oso_node_child_count(l), before - 1);
    oso_node *v = find(d, LL "/voornaam");
    ck_assert_str_eq(oso_node_text(v), "Anna");
    ck_assert_uint_eq(oso_node_position(v), 1);
    check_path_in(d, v, LL "/voornaam[1]");
    oso_node *n;
    ck_assert_int_eq(oso_dossier_find(&n, d, LL "/voornaam[2]"), OSO_E_NOT_FOUND);
    /* remove the second of two schoolloopbaan elements, then a whole subtree */
    ck_assert_int_eq(oso_node_remove(find(d, LL "/schoolloopbaanlijst/schoolloopbaan[2]")), OSO_OK);
    ck_assert_str_eq(oso_dossier_get(d, LL "/schoolloopbaanlijst/schoolloopbaan/groepscode"), "7A");
    ck_assert_int_eq(oso_dossier_find(&n, d, LL "/schoolloopbaanlijst/schoolloopbaan[2]"), OSO_E_NOT_FOUND);
    ck_assert_int_eq(oso_node_remove(find(d, LL "/eindtoets_basisonderwijs")), OSO_OK);
    ck_assert_int_eq(oso_dossier_find(&n, d, LL "/eindtoets_basisonderwijs/deelgenomen"), OSO_E_NOT_FOUND);
    /* the last child and the only child of a parent */
    oso_node *lijst = find(d, "/dossier/huidigeschool/adreslijst");
    ck_assert_int_eq(oso_node_remove(oso_node_child(lijst, "adres")), OSO_OK);
    ck_assert_uint_eq(oso_node_child_count(lijst), 0);
    ck_assert_int_eq(oso_node_remove(find(d, LL "/verzorger")), OSO_OK);
    char *xml = to_xml(d);
    ck_assert_ptr_null(strstr(xml, "<voornaam>Fleur"));
    ck_assert_ptr_nonnull(strstr(xml, "<roepnaam>Fleur"));
    ck_assert_ptr_null(strstr(xml, "eindtoets_basisonderwijs"));
    ck_assert_ptr_null(strstr(xml, "<verzorger>"));
    ck_assert_ptr_null(strstr(xml, "2023-2024"));
    ck_assert_ptr_nonnull(strstr(xml, "Anna"));
    oso_free(xml);
    /* validation sees the edits: the empty adreslijst is now incomplete */
    oso_report *r = validate_structure(d);
    ck_assert_uint_eq(oso_report_count(r), 1);
    ck_assert_str_eq(oso_diagnostic_rule(oso_report_at(r, 0)), "XSD");
    ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, 0)), "/dossier[1]/huidigeschool[1]/adreslijst[1]");
    oso_report_free(r);
    oso_dossier_free(d);
}
END_TEST

START_TEST(dossier_set)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    oso_node *n = NULL;
    ck_assert_int_eq(oso_dossier_set(&n, d, "/dossier/huidigeschool/leerling/achternaam", "Jansen"), OSO_OK);
    ck_assert_ptr_nonnull(n);
    ck_assert_str_eq(oso_node_text(n), "Jansen");
    check_path_in(d, n, LL "/achternaam[1]");
    /* missing ancestors were created once, in schema order */
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/metadata/deeldossier", "LAS"), OSO_OK);
    static const char *const kids[] = {"metadata", "huidigeschool"};
    check_children(oso_dossier_root(d), kids, 2);
    /* the n-th sibling: only directly after the (n-1)-th */
    oso_status st = oso_dossier_set(&n, d, LL "/voornaam[2]", "B");
    ck_assert_int_ne(st, OSO_OK);
    ck_assert_ptr_null(n);
    ck_assert_ptr_null(oso_dossier_get(d, LL "/voornaam"));
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL "/voornaam[1]", "A"), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL "/voornaam[2]", "B"), OSO_OK);
    ck_assert_int_ne(oso_dossier_set(NULL, d, LL "/voornaam[4]", "D"), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL "/voornaam[3]", "C"), OSO_OK);
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[3]"), "C");
    /* setting an existing element replaces its text, adds nothing */
    ck_assert_int_eq(oso_dossier_set(&n, d, LL "/voornaam[2]", "Bee"), OSO_OK);
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[2]"), "Bee");
    ck_assert_uint_eq(oso_node_child_count(find(d, LL)), 4);
    ck_assert_int_eq(oso_dossier_set(&n, d, LL "/achternaam", NULL), OSO_OK);
    ck_assert_str_eq(oso_node_text(n), "Jansen");
    /* NULL text creates an empty element / a container */
    ck_assert_int_eq(oso_dossier_set(&n, d, LL "/adreslijst/adres[1]", NULL), OSO_OK);
    ck_assert_str_eq(oso_node_name(n), "adres");
    /* refusals */
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL "/schoenmaat", "42"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL, "tekst"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/metadata/deeldossier", "x"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_dossier_set(NULL, d, LL "/achternaam", "\xc3\x28"), OSO_E_INVALID_ARG);
    ck_assert_str_eq(oso_dossier_get(d, LL "/achternaam"), "Jansen");
    ck_assert_int_eq(oso_dossier_set(NULL, d, "dossier/metadata", NULL), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "", "x"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier[0]/metadata", "x"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_set(NULL, NULL, "/dossier", "x"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_set(NULL, d, NULL, "x"), OSO_E_INVALID_ARG);
    char *xml = to_xml(d);
    ck_assert_ptr_null(strstr(xml, "schoenmaat"));
    oso_free(xml);
    oso_dossier_free(d);
}
END_TEST

/* Build the minimal dossier of the other suites through the API. */
static oso_dossier *build_minimal(int call_order_reversed)
{
    static const char *const sets[][2] = {
        {"/dossier/metadata/deeldossier", "LAS"},
        {"/dossier/metadata/pakketnaam", "Proefpakket"},
        {"/dossier/metadata/pakketversie", "0.9"},
        {"/dossier/metadata/datum", "2021-11-30"},
        {"/dossier/metadata/standaardversie", "2019.1"},
        {"/dossier/metadata/validatieversie", "2019.1.1"},
        {"/dossier/overdrachtsoort", "overstapdossier"},
        {"/dossier/huidigeschool/naam", "OBS Het Kompas"},
        {"/dossier/huidigeschool/brincode", "07QX"},
        {"/dossier/huidigeschool/vestigingscode", "00"},
        {"/dossier/huidigeschool/aanleverpunt", "2"},
        {"/dossier/huidigeschool/leerling/achternaam", "Jansen"},
    };
    size_t n = sizeof sets / sizeof sets[0];
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    for (size_t i = 0; i < n; i++) {
        size_t k = call_order_reversed ? n - 1 - i : i;
        ck_assert_int_eq(oso_dossier_set(NULL, d, sets[k][0], sets[k][1]), OSO_OK);
    }
    return d;
}

START_TEST(built_dossier_validates)
{
    oso_dossier *d1 = build_minimal(0), *d2 = build_minimal(1);
    oso_report *r = validate_structure(d1);
    char *text = report_text(r);
    ck_assert_msg(oso_report_count(r) == 0, "%s", text);
    ck_assert_int_eq(oso_report_valid(r), 1);
    free(text);
    oso_report_free(r);
    /* the order of the calls does not matter */
    char *x1 = to_xml(d1), *x2 = to_xml(d2);
    ck_assert_str_eq(x1, x2);
    /* and the written dossier parses without findings, to the same model */
    oso_dossier *p;
    ck_assert_int_eq(oso_dossier_parse_buffer(&p, &r, x1, strlen(x1), NULL), OSO_OK);
    ck_assert_uint_eq(oso_report_count(r), 0);
    char *x3 = to_xml(p);
    ck_assert_str_eq(x1, x3);
    oso_free(x1), oso_free(x2), oso_free(x3);
    oso_report_free(r);
    oso_dossier_free(p);
    oso_dossier_free(d2);

    /* Remove required elements: each is reported at its parent, positions unknown (0). */
    ck_assert_int_eq(oso_node_remove(find(d1, LL "/achternaam")), OSO_OK);
    ck_assert_int_eq(oso_node_remove(find(d1, "/dossier/metadata/validatieversie")), OSO_OK);
    r = validate_structure(d1);
    text = report_text(r);
    ck_assert_msg(oso_report_count(r) == 2, "%s", text);
    const oso_diagnostic *g0 = oso_report_at(r, 0), *g1 = oso_report_at(r, 1);
    ck_assert_str_eq(oso_diagnostic_rule(g0), "XSD");
    ck_assert_str_eq(oso_diagnostic_path(g0), "/dossier[1]/metadata[1]");
    ck_assert_uint_eq(oso_diagnostic_line(g0), 0);
    ck_assert_str_eq(oso_diagnostic_rule(g1), "XSD");
    ck_assert_str_eq(oso_diagnostic_path(g1), LL);
    ck_assert_uint_eq(oso_diagnostic_column(g1), 0);
    ck_assert_int_eq(oso_report_valid(r), 0);
    free(text);
    oso_report_free(r);
    /* put them back: valid again */
    ck_assert_int_eq(oso_dossier_set(NULL, d1, LL "/achternaam", "Jansen"), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, d1, "/dossier/metadata/validatieversie", "2019.1.1"), OSO_OK);
    r = validate_structure(d1);
    ck_assert_uint_eq(oso_report_count(r), 0);
    oso_report_free(r);
    /* a missing element followed by others: reported at the next sibling */
    ck_assert_int_eq(oso_node_remove(find(d1, "/dossier/metadata/datum")), OSO_OK);
    r = validate_structure(d1);
    ck_assert_uint_eq(oso_report_count(r), 1);
    ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, 0)), "/dossier[1]/metadata[1]/standaardversie[1]");
    oso_report_free(r);
    /* a bad value set through the API is found by validation, with its path */
    ck_assert_int_eq(oso_dossier_set(NULL, d1, "/dossier/metadata/datum", "2021-02-29"), OSO_OK);
    r = validate_structure(d1);
    ck_assert_uint_eq(oso_report_count(r), 1);
    ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, 0)), "/dossier[1]/metadata[1]/datum[1]");
    oso_report_free(r);
    oso_dossier_free(d1);

    /* an empty new dossier misses its required children */
    ck_assert_int_eq(oso_dossier_new(&d1), OSO_OK);
    r = validate_structure(d1);
    ck_assert_uint_eq(oso_report_count(r), 1);
    ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, 0)), "/dossier[1]");
    oso_report_free(r);
    oso_dossier_free(d1);
}
END_TEST

START_TEST(edits_of_parsed_dossier_revalidated)
{
    oso_dossier *d = parse_sample();
    oso_report *r = validate_structure(d);
    ck_assert_uint_eq(oso_report_count(r), 0);
    oso_report_free(r);
    /* keep the source positions of parsed elements in findings after edits */
    ck_assert_int_eq(oso_node_set_text(find(d, LL "/geboortedatum"), "2012-02-30"), OSO_OK);
    r = validate_structure(d);
    ck_assert_uint_eq(oso_report_count(r), 1);
    ck_assert_str_eq(oso_diagnostic_path(oso_report_at(r, 0)), LL "/geboortedatum[1]");
    ck_assert_uint_eq(oso_diagnostic_line(oso_report_at(r, 0)), 75);
    ck_assert_uint_eq(oso_diagnostic_column(oso_report_at(r, 0)), 7);
    oso_report_free(r);
    oso_dossier_free(d);
}
END_TEST

START_TEST(clone_is_equal_and_independent)
{
    oso_dossier *d = parse_sample(), *c = NULL;
    ck_assert_int_eq(oso_dossier_clone(&c, d), OSO_OK);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_ne(c, d);
    char *xd = to_xml(d), *xc = to_xml(c);
    ck_assert_str_eq(xd, xc);
    oso_free(xc);
    /* positions and paths are kept */
    oso_node *n = find(c, LL "/voornaam[2]");
    ck_assert_uint_eq(oso_node_line(n), 71);
    ck_assert_ptr_ne(n, find(d, LL "/voornaam[2]"));
    check_path_in(c, n, LL "/voornaam[2]");
    /* edit the copy in every way */
    ck_assert_int_eq(oso_node_set_text(n, "Anouk"), OSO_OK);
    ck_assert_int_eq(oso_node_remove(find(c, LL "/verzorger")), OSO_OK);
    ck_assert_int_eq(oso_node_add(NULL, find(c, LL), "voornaam", "Extra"), OSO_OK);
    ck_assert_int_eq(oso_node_set_attribute(find(c, "/dossier/huidigeschool/adreslijst/adres/land"),
                                            "omschrijving", NULL), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, c, "/dossier/metadata/pakketnaam", "Ander"), OSO_OK);
    char *xd2 = to_xml(d);
    ck_assert_str_eq(xd, xd2);
    oso_free(xd2);
    ck_assert_str_eq(oso_dossier_get(d, LL "/voornaam[2]"), "Anna");
    ck_assert_str_eq(oso_dossier_get(c, LL "/voornaam[3]"), "Extra");
    /* the original can go; the copy lives on, and a copy of an edited copy equals it */
    oso_dossier_free(d);
    oso_dossier *c2;
    ck_assert_int_eq(oso_dossier_clone(&c2, c), OSO_OK);
    xc = to_xml(c);
    char *xc2 = to_xml(c2);
    ck_assert_str_eq(xc, xc2);
    ck_assert_ptr_null(strstr(xc, "Fleur\n"));
    ck_assert_ptr_nonnull(strstr(xc, "Anouk"));
    oso_report *r1 = validate_structure(c), *r2 = validate_structure(c2);
    char *t1 = report_text(r1), *t2 = report_text(r2);
    ck_assert_str_eq(t1, t2);
    free(t1), free(t2);
    oso_report_free(r1), oso_report_free(r2);
    oso_free(xc), oso_free(xc2), oso_free(xd);
    ck_assert_int_eq(oso_dossier_clone(NULL, c), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_clone(&d, NULL), OSO_E_INVALID_ARG);
    oso_dossier_free(c);
    oso_dossier_free(c2);
    oso_dossier_free(NULL);
}
END_TEST

START_TEST(clone_keeps_structure_findings)
{
    oso_dossier *d = parse_leerling("<achternaam>Jansen</achternaam><schoenmaat>42</schoenmaat>\n"), *c;
    ck_assert_int_eq(oso_dossier_clone(&c, d), OSO_OK);
    oso_report *r1 = validate_structure(d), *r2 = validate_structure(c);
    char *t1 = report_text(r1), *t2 = report_text(r2);
    ck_assert_uint_eq(oso_report_count(r1), 1);
    ck_assert_str_eq(t1, t2);
    free(t1), free(t2);
    oso_report_free(r1), oso_report_free(r2);
    oso_dossier_free(d);
    oso_dossier_free(c);
}
END_TEST

/* ---- regressions: library bugs found by these tests, fixed ------------------------------- */

/* A path that is malformed further on must not create its first steps. */
START_TEST(bug_set_malformed_path_has_side_effects)
{
    oso_dossier *d;
    ck_assert_int_eq(oso_dossier_new(&d), OSO_OK);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/metadata/deeldossier[0]", "x"), OSO_E_INVALID_ARG);
    ck_assert_uint_eq(oso_node_child_count(oso_dossier_root(d)), 0);
    oso_dossier_free(d);
}
END_TEST

/* dossier.h: anonymous local types are named after the enclosing type and the element. */
START_TEST(bug_anonymous_local_type_names)
{
    oso_dossier *d = parse_sample();
    ck_assert_str_eq(oso_node_schema_type(find(d, "/dossier/huidigeschool/adreslijst")), "instellingType_adreslijst");
    ck_assert_str_eq(oso_node_schema_type(find(d, "/dossier/huidigeschool/adreslijst/adres/straat")), "adresType_straat");
    ck_assert_str_eq(oso_node_schema_type(find(d, "/dossier/huidigeschool/adreslijst/adres/land")), "adresType_land");
    ck_assert_str_eq(oso_node_schema_type(find(d, LL "/overstapadvies")), "leerlingType_overstapadvies");
    ck_assert_str_eq(oso_node_schema_type(find(d, "/dossier/metadata")), "metadata");
    oso_dossier_free(d);
}
END_TEST

/* oso_node_add()/oso_dossier_set() follow the schema's order but not its maxOccurs: a second
 * <metadata> (maxOccurs 1) is accepted today. */
START_TEST(bug_add_ignores_max_occurs)
{
    oso_dossier *d = build_minimal(0);
    ck_assert_int_eq(oso_dossier_set(NULL, d, "/dossier/metadata[2]/deeldossier", "x"), OSO_E_SCHEMA);
    ck_assert_int_eq(oso_node_add(NULL, find(d, LL), "achternaam", "Tweede"), OSO_E_SCHEMA);
    oso_dossier_free(d);
}
END_TEST

/* Position syntax: a negative or blank index is malformed, not "not found" / [1]. */
START_TEST(bug_path_positions_lenient)
{
    oso_dossier *d = parse_sample();
    oso_node *n;
    ck_assert_int_eq(oso_dossier_find(&n, d, "/dossier[-1]"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_find(&n, d, "/dossier[ 1]"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_find(&n, d, "/dossier[+1]"), OSO_E_INVALID_ARG);
    ck_assert_int_eq(oso_dossier_find(&n, d, "/dossier]"), OSO_E_INVALID_ARG);
    oso_dossier_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, navigation);
    tcase_add_test(tc, path_positions_of_several_digits);
    tcase_add_test(tc, comments_are_not_children);
    tcase_add_test(tc, text_unmodified);
    tcase_add_test(tc, attributes);
    tcase_add_test(tc, schema_types);
    tcase_add_test(tc, paths_of_nodes);
    tcase_add_test(tc, find_and_get);
    tcase_add_test(tc, unknown_elements_have_paths);
    tcase_add_test(tc, new_dossier);
    tcase_add_test(tc, add_in_schema_order);
    tcase_add_test(tc, add_refused);
    tcase_add_test(tc, set_text);
    tcase_add_test(tc, set_attribute);
    tcase_add_test(tc, remove_elements);
    tcase_add_test(tc, dossier_set);
    tcase_add_test(tc, built_dossier_validates);
    tcase_add_test(tc, edits_of_parsed_dossier_revalidated);
    tcase_add_test(tc, clone_is_equal_and_independent);
    tcase_add_test(tc, clone_keeps_structure_findings);
    suite_add_tcase(s, tc);
    {
        TCase *kb = tcase_create("regressions");
        tcase_add_test(kb, bug_set_malformed_path_has_side_effects);
        tcase_add_test(kb, bug_path_positions_lenient);
        tcase_add_test(kb, bug_anonymous_local_type_names);
        tcase_add_test(kb, bug_add_ignores_max_occurs);
        suite_add_tcase(s, kb);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
