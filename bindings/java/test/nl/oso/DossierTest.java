package nl.oso;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DossierTest {
    private static final String LEERLING = "/dossier/huidigeschool/leerling";
    private Dossier dossier;

    @Before
    public void open() {
        dossier = Dossier.fromFile(TestData.SAMPLE);
    }

    @After
    public void close() {
        dossier.close();
    }

    private static byte[] invalidGeslacht() {
        return TestData.replace(TestData.sample(), "<geslacht>1</geslacht>", "<geslacht>7</geslacht>");
    }

    // --- parsing ----------------------------------------------------------------------------

    @Test
    public void fromFileBytesAndStreamAgree() throws Exception {
        byte[] xml = dossier.toXml();
        try (Dossier b = Dossier.fromBytes(TestData.sample());
             Dossier s = Dossier.fromStream(new ByteArrayInputStream(TestData.sample()))) {
            assertArrayEquals(xml, b.toXml());
            assertArrayEquals(xml, s.toXml());
        }
    }

    @Test
    public void missingFile() {
        OsoException e = assertThrows(OsoException.class, () -> Dossier.fromFile(Path.of("/nonexistent/d.xml")));
        assertEquals(Status.IO, e.status());
        assertEquals(Status.IO.code(), e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent/d.xml"));
    }

    @Test
    public void malformedXml() {
        OsoException e = assertThrows(OsoException.class,
                () -> Dossier.fromBytes(("<dossier xmlns=\"http://www.edustandaard.nl/oso_gegevensset/2019/dossier\">"
                        + "<metadata>").getBytes(StandardCharsets.UTF_8)));
        assertEquals(Status.XML, e.status());
        assertEquals(List.of("XML"), e.diagnostics().stream().map(Diagnostic::rule).toList());
        assertEquals(Severity.ERROR, e.diagnostics().get(0).severity());
        OsoException s = assertThrows(OsoException.class,
                () -> Dossier.fromStream(new ByteArrayInputStream("<a></b>".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Status.XML, s.status());
    }

    @Test
    public void otherStandardVersionAndLimits() {
        byte[] old = TestData.replace(TestData.sample(), "oso_gegevensset/2019/dossier", "oso_gegevensset/2018/dossier");
        assertEquals(Status.UNSUPPORTED_STANDARD, assertThrows(OsoException.class, () -> Dossier.fromBytes(old)).status());
        OsoException e = assertThrows(OsoException.class,
                () -> Dossier.fromBytes(TestData.sample(), new ParseLimits().maxDepth(3)));
        assertEquals(Status.LIMIT, e.status());
        assertThrows(OsoException.class, () -> new ParseLimits().maxNodes(-1));
        try (Dossier d = Dossier.fromFile(TestData.SAMPLE, new ParseLimits().maxInputBytes(1 << 20))) {
            assertEquals("dossier", d.root().name());
        }
    }

    // --- validation -------------------------------------------------------------------------

    @Test
    public void sampleIsValid() {
        ValidationResult r = dossier.validate();
        assertTrue(r.valid());
        assertEquals("OV", r.profile().orElseThrow());
        assertTrue(r.errors().isEmpty());
        for (Diagnostic d : r) {
            assertNotEquals(Severity.ERROR, d.severity());
        }
    }

    @Test
    public void invalidValueIsReported() {
        try (Dossier d = Dossier.fromBytes(invalidGeslacht())) {
            ValidationResult r = d.validate(new ValidationOptions().lang(Lang.EN));
            assertFalse(r.valid());
            assertEquals(1, r.errors().size());
            Diagnostic e = r.errors().get(0);
            assertEquals("CL14", e.rule());
            assertEquals(Severity.ERROR, e.severity());
            assertEquals("/dossier[1]/huidigeschool[1]/leerling[1]/geslacht[1]", e.path());
            assertEquals(76, e.line());
            assertTrue(e.column() > 0);
            assertTrue(e.message().contains("7"));
            assertTrue(e.toString().contains("CL14"));
            String nl = d.validate().errors().get(0).message();
            assertNotEquals(nl, e.message());
        }
    }

    @Test
    public void options() {
        assertTrue(dossier.validate(new ValidationOptions().profile(Profile.NONE)).profile().isEmpty());
        assertEquals("PaO", dossier.validate(new ValidationOptions().profile(Profile.parse("pao"))).profile().orElseThrow());
        assertThrows(OsoException.class, () -> Profile.parse("VO"));
        try (Dossier d = Dossier.fromBytes(invalidGeslacht())) {
            assertTrue(d.validate(new ValidationOptions().rules("-codelists")).valid());
            assertTrue(d.validate(new ValidationOptions().rules(EnumSet.of(RuleGroup.GENERAL))).valid());
            assertFalse(d.validate(new ValidationOptions().rules(EnumSet.of(RuleGroup.CODELISTS))).valid());
            assertFalse(d.validate(new ValidationOptions().strict(true).attachments(true)).valid());
        }
        assertThrows(OsoException.class, () -> new ValidationOptions().rules("+bogus"));
    }

    @Test
    public void strictTurnsWarningsIntoErrors() {
        for (int seed = 1; seed <= 10; seed++) {
            try (Dossier d = Dossier.fromBytes(TestData.generated(seed))) {
                ValidationResult lax = d.validate();
                ValidationResult strict = d.validate(new ValidationOptions().strict(true));
                assertTrue(strict.warnings().isEmpty());
                assertEquals(lax.errors().size() + lax.warnings().size(),
                        strict.errors().size() + strict.warnings().size());
                if (lax.valid() && !lax.warnings().isEmpty()) {
                    assertFalse(strict.valid());
                    return;
                }
            }
        }
        throw new AssertionError("no generated dossier with warnings only");
    }

    @Test
    public void codelistsOption() throws Exception {
        Path dir = Files.createTempDirectory("oso-cl");
        try {
            Files.writeString(dir.resolve("14.tsv"),
                    "# list: 14\n# name: Geslacht\n# version: 2030-01-01\n0\tOnbekend\n1\tVrouw\n2\tMan\n7\tAnders\n");
            try (Codelists lists = Codelists.load(dir); Dossier d = Dossier.fromBytes(invalidGeslacht())) {
                assertTrue(d.validate(new ValidationOptions().codelists(lists)).valid());
                assertFalse(d.validate().valid());
            }
        } finally {
            Files.deleteIfExists(dir.resolve("14.tsv"));
            Files.delete(dir);
        }
    }

    @Test
    public void validateFileAndBytes() {
        assertTrue(Oso.validateFile(TestData.SAMPLE, new ValidationOptions()).valid());
        ValidationResult broken = Oso.validateBytes("<x".getBytes(StandardCharsets.UTF_8), new ValidationOptions());
        assertFalse(broken.valid());
        assertEquals("XML", broken.get(0).rule());
        assertEquals(Status.IO, assertThrows(OsoException.class,
                () -> Oso.validateFile(Path.of("/nonexistent.xml"), new ValidationOptions())).status());
    }

    @Test
    public void threadsShareCodelists() throws Exception {
        List<byte[]> docs = TestData.generatedSet(6);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (Codelists lists = Codelists.defaults()) {
            ValidationOptions options = new ValidationOptions().codelists(lists);
            List<Future<List<String>>> futures = new java.util.ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (byte[] doc : docs) {
                    futures.add(pool.submit(() -> {
                        try (Dossier d = Dossier.fromBytes(doc)) {
                            return d.validate(options).stream().map(Diagnostic::toString).toList();
                        }
                    }));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(futures.get(i % docs.size()).get(), futures.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    // --- reading and editing ----------------------------------------------------------------

    @Test
    public void getAndFind() {
        assertEquals("Basisschool De Regenboog", dossier.get("/dossier/huidigeschool/naam"));
        assertEquals("Anna", dossier.get(LEERLING + "/voornaam[2]"));
        assertNull(dossier.get(LEERLING + "/voornaam[3]"));
        assertThrows(OsoException.class, () -> dossier.get("/dossier/\0"));
        Node leerling = dossier.find(LEERLING).orElseThrow();
        assertEquals("leerling", leerling.name());
        assertEquals("/dossier[1]/huidigeschool[1]/leerling[1]", leerling.path());
        assertEquals("huidigeschool", leerling.parent().orElseThrow().name());
        assertTrue(dossier.root().parent().isEmpty());
        List<Node> children = leerling.children();
        assertEquals(children.size(), leerling.childCount());
        assertEquals("Fleur", leerling.child(0).text());
        assertThrows(IndexOutOfBoundsException.class, () -> leerling.child(children.size()));
        Node second = leerling.child("voornaam").orElseThrow().nextSame().orElseThrow();
        assertEquals("Anna", second.text());
        assertEquals(2, second.position());
        assertEquals("voorletters-1", second.next().orElseThrow().name());
        assertTrue(second.line() > 0 && second.column() > 0);
        Node land = dossier.find("/dossier/huidigeschool/adreslijst/adres/land").orElseThrow();
        assertEquals("Nederland", land.attribute("omschrijving").orElseThrow());
        assertTrue(land.schemaType().isPresent());
        assertTrue(dossier.find(LEERLING + "/tussenvoegsel").isEmpty());
        assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class, () -> dossier.find("bad[")).status());
        assertEquals(leerling.child("voornaam").orElseThrow(), children.get(0));
    }

    @Test
    public void editing() {
        Node n = dossier.set(LEERLING + "/voornaam[3]", "Zoë");
        assertEquals(3, n.position());
        assertEquals(0, n.line());
        assertEquals(Status.SCHEMA, assertThrows(OsoException.class, () -> dossier.set("/dossier/bestaatniet", "x")).status());
        assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class,
                () -> dossier.set(LEERLING + "/roepnaam", "bad \u0001")).status());
        Node leerling = dossier.find(LEERLING).orElseThrow();
        leerling.child("roepnaam").orElseThrow().setText("Flo");
        assertEquals("Flo", dossier.get(LEERLING + "/roepnaam"));
        assertEquals(Status.SCHEMA, assertThrows(OsoException.class, () -> leerling.setText("x")).status());
        Node land = dossier.find("/dossier/huidigeschool/adreslijst/adres/land").orElseThrow();
        land.setAttribute("omschrijving", "NL");
        assertEquals("NL", land.attribute("omschrijving").orElseThrow());
        land.setAttribute("omschrijving", null);
        assertTrue(land.attribute("omschrijving").isEmpty());
        assertEquals(Status.SCHEMA, assertThrows(OsoException.class, () -> land.setAttribute("bogus", "x")).status());
        Node added = leerling.add("voorvoegsel", "van"); // placed in schema order
        assertEquals(leerling, added.parent().orElseThrow());
        assertEquals(List.of("voornaam", "voornaam", "voornaam", "voorletters-1", "voorvoegsel", "achternaam"),
                leerling.children().subList(0, 6).stream().map(Node::name).toList());
        assertEquals(Status.SCHEMA, assertThrows(OsoException.class, () -> leerling.add("voorvoegsel", "de")).status());
        assertEquals(Status.SCHEMA, assertThrows(OsoException.class, () -> leerling.add("bogus", null)).status());
        try (Dossier again = Dossier.fromBytes(dossier.toXml())) {
            assertEquals("Zoë", again.get(LEERLING + "/voornaam[3]"));
        }
    }

    @Test
    public void removeInvalidatesNodes() {
        Node advies = dossier.find(LEERLING + "/overstapadvies").orElseThrow();
        Node other = dossier.find(LEERLING + "/roepnaam").orElseThrow();
        advies.remove();
        assertNull(dossier.get(LEERLING + "/overstapadvies/advies"));
        assertEquals(Status.STATE, assertThrows(OsoException.class, advies::name).status());
        assertEquals(Status.STATE, assertThrows(OsoException.class, other::text).status());
        assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class, () -> dossier.root().remove()).status());
    }

    @Test
    public void copyAndNew() {
        try (Dossier copy = dossier.copy()) {
            copy.set(LEERLING + "/roepnaam", "Anders");
            assertEquals("Fleur", dossier.get(LEERLING + "/roepnaam"));
        }
        try (Dossier d = Dossier.newDossier()) {
            assertEquals(0, d.root().childCount());
            d.set("/dossier/metadata/deeldossier", "LAS");
            ValidationResult r = d.validate();
            assertFalse(r.valid());
            assertTrue(r.errors().stream().anyMatch(x -> x.rule().equals("XSD")));
        }
    }

    @Test
    public void doorstroomtoets() {
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        dossier.setDoorstroomtoets(new Doorstroomtoets().toetssoort("0013").toetsniveau("G")
                .datumAfname("2024-02-06").toetsAdvies("vwo").standaardscore(540)
                .niveaus(Referentieniveau.F2, Referentieniveau.F1, Referentieniveau.S1)
                .rapport(pdf, null));
        assertEquals("vwo", dossier.get(LEERLING + "/eindtoets_basisonderwijs/eindtoetsresultaat/toets_advies"));
        assertTrue(dossier.validate(new ValidationOptions().rules("+doorstroomtoets")).valid());
        Node advies = dossier.find(LEERLING + "/eindtoets_basisonderwijs/eindtoetsresultaat/toets_advies")
                .orElseThrow();
        dossier.setDoorstroomtoets(new Doorstroomtoets().toetssoort("0013").toetsniveau("G")
                .datumAfname("2024-02-06").toetsAdvies("havo")
                .niveaus(Referentieniveau.F1, Referentieniveau.F1, Referentieniveau.F1));
        assertEquals(Status.STATE, assertThrows(OsoException.class, advies::text).status());
        byte[] before = dossier.toXml();
        OsoException e = assertThrows(OsoException.class, () -> dossier.setDoorstroomtoets(new Doorstroomtoets()
                .toetssoort("0013").toetsniveau("G").datumAfname("2024-02-06").toetsAdvies("vwo")
                .niveaus(Referentieniveau.S1, Referentieniveau.F1, Referentieniveau.F1)));
        assertEquals(Status.INVALID_ARG, e.status());
        assertArrayEquals(before, dossier.toXml());
    }

    // --- output -----------------------------------------------------------------------------

    @Test
    public void output() throws Exception {
        byte[] xml = dossier.toXml();
        assertTrue(new String(xml, StandardCharsets.UTF_8).startsWith("<?xml"));
        byte[] compact = dossier.toXml(true);
        assertTrue(compact.length < xml.length);
        try (Dossier again = Dossier.fromBytes(compact)) {
            assertArrayEquals(xml, again.toXml());
        }
        String json = dossier.toJson();
        assertTrue(json.contains("\"voornaam\""));
        assertTrue(json.contains("UEsDB"));
        assertFalse(dossier.toJson(true, true).contains("UEsDB"));
        Path dir = Files.createTempDirectory("oso-out");
        try {
            dossier.saveXml(dir.resolve("a.xml"), false);
            assertArrayEquals(xml, Files.readAllBytes(dir.resolve("a.xml")));
            dossier.saveJson(dir.resolve("a.json"), true, false);
            assertEquals(dossier.toJson(true, false), Files.readString(dir.resolve("a.json")));
            assertEquals(Status.IO, assertThrows(OsoException.class,
                    () -> dossier.saveXml(dir.resolve("no/such/dir.xml"), false)).status());
        } finally {
            Files.deleteIfExists(dir.resolve("a.xml"));
            Files.deleteIfExists(dir.resolve("a.json"));
            Files.delete(dir);
        }
    }

    // --- release ----------------------------------------------------------------------------

    @Test
    public void redact() {
        String doc = LEERLING + "/overigdocumentlijst/document/bestandsnaam";
        String cat = "/dossier/metadata/categorie_uitlevering/cat_bijlagedocs";
        try (Dossier a = dossier.redact("OV-POVO,bijlagedocs=OPT-UIT");
             Dossier b = dossier.redact(Map.of("cat_bijlagedocs", "OPT-UIT"));
             Dossier c = dossier.redact("OV-POVO-opt-out");
             Dossier keep = dossier.redact((String) null)) {
            for (Dossier r : List.of(a, b, c)) {
                assertNull(r.get(doc));
                assertEquals("OPT-UIT", r.get(cat));
                assertTrue(r.redactionResult().orElseThrow().valid());
            }
            assertEquals("verslag.txt", keep.get(doc));
        }
        assertEquals("verslag.txt", dossier.get(doc));
        assertTrue(dossier.redactionResult().isEmpty());
        OsoException e = assertThrows(OsoException.class, () -> dossier.redact("cat_metadata=OPT-UIT"));
        assertEquals(Status.RELEASE, e.status());
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.rule().startsWith("OS.cat")));
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class, () -> dossier.redact("OV-XX")).status());
        assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class, () -> dossier.redact("vve=MAYBE")).status());
        assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class,
                () -> dossier.redact(Map.of("vve", "MAYBE"))).status());
    }

    // --- lifetime ---------------------------------------------------------------------------

    @Test
    public void closedDossier() {
        Dossier d = Dossier.fromFile(TestData.SAMPLE);
        Node root = d.root();
        d.close();
        d.close();
        assertTrue(d.isClosed());
        for (Runnable r : List.<Runnable>of(() -> d.get("/dossier"), d::validate, d::toXml, d::copy, root::name,
                () -> d.redact("OV-POVO"))) {
            assertEquals(Status.STATE, assertThrows(OsoException.class, r::run).status());
        }
        assertEquals("Dossier[closed]", d.toString());
    }

    @Test
    public void versionAndStatus() {
        assertTrue(Oso.version().matches("\\d+\\.\\d+\\.\\d+"));
        assertEquals("error", Oso.severityName(Severity.ERROR));
        assertEquals("warning", Severity.WARNING.toString());
        assertNotEquals(Status.IO.describe(), Status.XML.describe());
        assertEquals(Status.UNKNOWN, Status.of(999));
        Oso.clearError();
    }
}
