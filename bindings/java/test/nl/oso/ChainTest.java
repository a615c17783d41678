package nl.oso;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The doorstroomtoets chain through the binding: checking, writing, bridges, routing. */
public class ChainTest {
    private static final String ADVIEZEN = "{\"datumtijd\": \"2026-01-15T12:00:00Z\", "
            + "\"auteur\": \"Proef-LAS\", \"versie\": \"Doorstroomtoetsketen_v1.1\", "
            + "\"profiel\": \"Schooladviezen\", \"schooljaar\": \"2025-2026\",\n"
            + "\"deelnemersgroep\": {\"instellingscode\": \"12AB\", \"vestigingscode\": \"00\", "
            + "\"onderwijsaanbiedercode\": \"100B200\", \"onderwijslocatiecode\": \"200C300\", "
            + "\"administratienr\": \"3\"},\n"
            + "\"voorlopigSchooladviezen\": [{\"deelnemerref\": [{\"label\": \"LAS-key\", "
            + "\"onderwijsdeelnemerID\": \"ll-1\"}], \"advies\": \"HAVO\"}]}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void validMessageIsRecognised() {
        MessageCheckResult r = MessageCheckResult.check(bytes(ADVIEZEN), null, 0, Lang.NL);
        assertTrue(r.valid());
        assertEquals(ChainMessageType.SCHOOLADVIEZENLIJST, r.type());
        assertEquals(0, r.findings().size());
        assertEquals("Schooladviezenlijst", r.type().definitionName());
    }

    @Test
    public void findingsCarryPointerAndPosition() {
        String bad = ADVIEZEN.replace("\"HAVO\"", "\"VMBO_TL\"");
        MessageCheckResult r = MessageCheckResult.check(bytes(bad), null, 0, Lang.EN);
        assertFalse(r.valid());
        assertEquals(1, r.findings().size());
        Diagnostic d = r.findings().get(0);
        assertEquals("DTM.ENUM", d.rule());
        assertEquals("/voorlopigSchooladviezen/0/advies", d.path());
        assertEquals(3, d.line());
    }

    @Test
    public void fixedTypeLimitsAndHostileInput() {
        MessageCheckResult r = MessageCheckResult.check(bytes(ADVIEZEN),
                ChainMessageType.DEELNEMERSLIJST, 0, Lang.NL);
        assertEquals(ChainMessageType.DEELNEMERSLIJST, r.type());
        assertFalse(r.valid());
        assertEquals("DTM.SIZE", MessageCheckResult.check(bytes(ADVIEZEN), null, 10, Lang.NL)
                .findings().get(0).rule());
        assertEquals("DTM.DUPLICATE", MessageCheckResult.check(bytes("{\"a\": 1, \"a\": 2}"), null,
                0, Lang.NL).findings().get(0).rule());
        assertEquals("DTM.UTF8", MessageCheckResult.check(new byte[] {'{', '"', (byte) 0xff, '"',
                ':', '1', '}'}, null, 0, Lang.NL).findings().get(0).rule());
    }

    @Test
    public void files() throws Exception {
        Path dir = Files.createTempDirectory("oso-chain");
        Path file = dir.resolve("lijst.json");
        Files.write(file, bytes(ADVIEZEN));
        assertTrue(MessageCheckResult.checkFile(file, null, 0, Lang.NL).valid());
        Files.delete(file);
        try {
            MessageCheckResult.checkFile(file, null, 0, Lang.NL);
            fail("no exception for a missing file");
        } catch (OsoException e) {
            assertEquals(Status.IO, e.status());
        }
        Files.delete(dir);
    }

    // --- writing ------------------------------------------------------------------------------

    private static final Chain.School SCHOOL = new Chain.School("12AB", "00", "1B2", "2C3", "3");
    private static final byte[] PDF = bytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n");
    private static final String LEERLING = "/dossier/huidigeschool/leerling/";

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static void assertWritten(byte[] json, ChainMessageType type) {
        MessageCheckResult r = MessageCheckResult.check(json, null, 0, Lang.EN);
        assertTrue(List.copyOf(r.findings()).toString(), r.valid());
        assertEquals(type, r.type());
        assertTrue(text(json).endsWith("}\n"));
    }

    private static Chain.Deelnemerslijst deelnemerslijst(int geslacht) {
        return new Chain.Deelnemerslijst("2025-10-01T08:30:00+02:00", "Proef-LAS", "2025-2026",
                SCHOOL, List.of(new Chain.Group("g8b", "Groep 8b", "8"),
                                new Chain.Group("g7a", "Groep 7a", "7")),
                List.of(new Chain.Participant(List.of(new Chain.Identity("ECK-iD", "eck-77"),
                                new Chain.Identity("LAS-key", "ll-0042")), "Vries", "de", "Sanne",
                                "g8b", "8", "S.", "2014-02-28", 2),
                        new Chain.Participant(List.of(new Chain.Identity("LAS-key", "ll-0043")),
                                "Yılmaz", null, "Emre", "g7a", "7", "E.", "2015-11-02", geslacht)));
    }

    @Test
    public void deelnemerslijst() {
        byte[] json = Chain.write(deelnemerslijst(1), Lang.NL);
        assertWritten(json, ChainMessageType.DEELNEMERSLIJST);
        String t = text(json);
        assertTrue(t, t.contains("\"profiel\": \"Toetsdeelnemers\""));
        assertTrue(t, t.contains("\"label\": \"Stamgroep\""));
        assertTrue(t, t.contains("\"achternaam\": \"Yılmaz\""));
        assertTrue(t, t.contains("\"onderwijsdeelnemerID\": \"eck-77\""));
        assertEquals(1, t.split("\"voorvoegsel\"", -1).length - 1);
    }

    @Test
    public void deelnemerslijstRefused() {
        OsoException e = assertThrows(OsoException.class,
                () -> Chain.write(deelnemerslijst(3), Lang.EN));
        assertEquals(Status.INVALID, e.status());
        assertEquals(1, e.diagnostics().size());
        assertEquals("DTM.ENUM", e.diagnostics().get(0).rule());
        assertEquals("/deelnemers/1/extensie/geslacht", e.diagnostics().get(0).path());
        assertTrue(e.getMessage(), e.getMessage().contains("/deelnemers/1/extensie/geslacht"));
        Chain.Deelnemerslijst noGroups = new Chain.Deelnemerslijst("2025-10-01T08:30:00Z", "LAS",
                "2025-2026", SCHOOL, List.of(), deelnemerslijst(1).participants());
        e = assertThrows(OsoException.class, () -> Chain.write(noGroups, Lang.NL));
        assertEquals("/groepen", e.diagnostics().get(0).path());
        Chain.Deelnemerslijst noSchool = new Chain.Deelnemerslijst("2025-10-01T08:30:00Z", "LAS",
                "2025-2026", null, deelnemerslijst(1).groups(), deelnemerslijst(1).participants());
        e = assertThrows(OsoException.class, () -> Chain.write(noSchool, Lang.NL));
        assertEquals("DTM.REQUIRED", e.diagnostics().get(0).rule());
        Chain.Deelnemerslijst nul = new Chain.Deelnemerslijst("2025-10-01T08:30:00Z", "L\0AS",
                "2025-2026", SCHOOL, deelnemerslijst(1).groups(), deelnemerslijst(1).participants());
        assertEquals(Status.INVALID_ARG,
                assertThrows(OsoException.class, () -> Chain.write(nul, Lang.NL)).status());
    }

    private static Chain.Advice advice(String id, String advies) {
        return new Chain.Advice(List.of(new Chain.Identity("LAS-key", id)), advies);
    }

    @Test
    public void schooladviezenlijst() {
        byte[] json = Chain.write(new Chain.Schooladviezenlijst("2026-01-15T12:00:00Z",
                "Proef-LAS", "2025-2026", SCHOOL, List.of(advice("l-1", "VWO"),
                        advice("l-2", "VMBO_GL/TL"))), Lang.NL);
        assertWritten(json, ChainMessageType.SCHOOLADVIEZENLIJST);
        assertTrue(text(json).contains("\"advies\": \"VMBO_GL/TL\""));
        OsoException e = assertThrows(OsoException.class, () -> Chain.write(
                new Chain.Schooladviezenlijst("gisteren", "x", "2025-2026", SCHOOL,
                        List.of(advice("l", "HBO"))), Lang.NL));
        assertEquals(Status.INVALID, e.status());
        List<String> rules = new ArrayList<>();
        e.diagnostics().forEach(d -> rules.add(d.rule()));
        assertEquals(List.of("DTM.FORMAT", "DTM.ENUM"), rules);
    }

    private static Chain.Leerlingresultaat leerlingresultaat() {
        return new Chain.Leerlingresultaat().datumtijd("2024-03-01T09:00:00Z").auteur("Toetsdienst")
                .schooljaar("2023-2024").id("rs-1")
                .identities(List.of(new Chain.Identity("LAS-key", "L-2016-0042")))
                .resultVersie("Definitief").toetsdefinitie("ROUTE_8")
                .afname("af-1", "2024-02-06T09:00:00Z")
                .scores("sc-1", List.of(new Chain.Score("Toetsscore", "s1", null, "212"),
                        new Chain.Score("Detailscore", "s2", "REKENEN", "48")))
                .results(List.of(new Chain.Result("Toetsadvies", null, "havo"),
                        new Chain.Result("Referentieniveau", "REKENEN", "1S"),
                        new Chain.Result("Referentieniveau", "LEZEN", "2F"),
                        new Chain.Result("Referentieniveau", "TAALVERZORGING", "1F")))
                .toets("ROUTE_8", "Route 8").toetsUrl("https://example.org/route8")
                .parts(List.of(new Chain.TestPart("REKENEN", "Rekenen"),
                        new Chain.TestPart("NEDERLANDSE_TAAL", null, List.of(
                                new Chain.TestPart("LEZEN", "Lezen", List.of(
                                        new Chain.TestPart("9010", "Lezen - Begrijpend lezen"))),
                                new Chain.TestPart("TAALVERZORGING", null)))));
    }

    @Test
    public void leerlingresultaatWrittenAndImported() {
        byte[] json = Chain.write(leerlingresultaat(), Lang.NL);
        assertWritten(json, ChainMessageType.LEERLINGRESULTAAT);
        String t = text(json);
        assertTrue(t, t.contains("\"label\": \"Subdomein\""));
        assertTrue(t, t.contains("\"url\": \"https://example.org/route8\""));
        assertFalse(t, t.contains("\"omschrijving\": null"));
        try (Dossier d = Dossier.fromFile(TestData.SAMPLE)) {
            ValidationResult r = d.importLeerlingresultaat(json, PDF, Lang.EN);
            assertTrue(List.copyOf(r).toString(), r.valid());
            assertEquals(1, r.size());
            assertEquals("DTM.BRIDGE_DROPPED", r.get(0).rule());
            assertEquals("/resultatenscores/scores/scores/1", r.get(0).path());
            String block = LEERLING + "eindtoets_basisonderwijs/eindtoetsresultaat/";
            assertEquals("0012", d.get(block + "toetssoort"));
            assertEquals("212", d.get(block + "standaardscore"));
            assertEquals("havo", d.get(block + "toets_advies"));
            assertTrue(d.validate(new ValidationOptions().rules("+doorstroomtoets")).valid());
            Node stale = d.find(block + "toets_advies").orElseThrow();
            r = d.importLeerlingresultaat(json, null, Lang.NL);
            assertTrue(r.valid());
            assertEquals("DTM.BRIDGE_RAPPORT", r.warnings().get(0).rule());
            assertEquals(Status.STATE, assertThrows(OsoException.class, stale::text).status());
        }
    }

    @Test
    public void leerlingresultaatRefused() {
        OsoException e = assertThrows(OsoException.class,
                () -> Chain.write(leerlingresultaat().toetsdefinitie("CITO"), Lang.NL));
        assertEquals(Status.INVALID, e.status());
        assertEquals("/resultatenscores/toetsdefinitie", e.diagnostics().get(0).path());
        e = assertThrows(OsoException.class,
                () -> Chain.write(leerlingresultaat().results(List.of()), Lang.NL));
        assertTrue(e.diagnostics().stream().anyMatch(
                d -> d.path().equals("/resultatenscores/resultaten/resultaten")));
        Chain.TestPart belowSubdomein = new Chain.TestPart("NEDERLANDSE_TAAL", null, List.of(
                new Chain.TestPart("LEZEN", null, List.of(new Chain.TestPart("9010", null,
                        List.of(new Chain.TestPart("9010", null)))))));
        e = assertThrows(OsoException.class, () -> Chain.write(
                leerlingresultaat().parts(List.of(belowSubdomein)), Lang.NL));
        assertEquals(Status.INVALID_ARG, e.status());
    }

    @Test
    public void importRefusedLeavesTheDossierUnchanged() {
        byte[] json = Chain.write(leerlingresultaat().afname("af-1", "2026-02-10T09:00:00Z"),
                Lang.NL);
        try (Dossier d = Dossier.fromFile(TestData.SAMPLE)) {
            byte[] before = d.toXml();
            ValidationResult r = d.importLeerlingresultaat(json, PDF, Lang.EN);
            assertFalse(r.valid());
            assertEquals("DTM.BRIDGE_REFUSED", r.errors().get(0).rule());
            assertArrayEquals(before, d.toXml());
            r = d.importLeerlingresultaat(bytes("{\"profiel\": 1}"), null, Lang.NL);
            assertFalse(r.valid());
            assertArrayEquals(before, d.toXml());
        }
        try (Dossier empty = Dossier.newDossier()) {
            assertEquals(Status.SCHEMA, assertThrows(OsoException.class,
                    () -> empty.importLeerlingresultaat(json, PDF, Lang.NL)).status());
        }
    }

    @Test
    public void ontvangstmelding() {
        assertEquals("{\n  \"melding\": \"ok\"\n}\n", text(Chain.writeOntvangstmelding("ok")));
        assertWritten(Chain.writeOntvangstmelding(null), ChainMessageType.ONTVANGSTMELDING);
    }

    // --- bridges and operations -----------------------------------------------------------

    @Test
    public void schooladviesForCode() {
        assertEquals(new Chain.Schooladvies("VMBO_GL/TL", true), Chain.schooladviesForCode("40"));
        assertEquals(new Chain.Schooladvies("HAVO_TM_VWO", false), Chain.schooladviesForCode("61"));
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class,
                () -> Chain.schooladviesForCode("99")).status());
    }

    @Test
    public void adviceFromDossier() {
        try (Dossier d = Dossier.fromFile(TestData.SAMPLE)) {
            assertEquals(advice("L-2016-0042", "HAVO"), Chain.adviceFromDossier(d));
        }
        List<Chain.Advice> advices = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            try (Dossier d = Dossier.fromBytes(TestData.generated(seed))) {
                Chain.Advice a = Chain.adviceFromDossier(d);
                assertEquals(advice(d.get(LEERLING + "leerlingid"), Chain.schooladviesForCode(
                        d.get(LEERLING + "overstapadvies/advies")).value()), a);
                advices.add(a);
            }
        }
        assertWritten(Chain.write(new Chain.Schooladviezenlijst("2026-01-15T12:00:00Z", "LAS",
                "2025-2026", SCHOOL, advices), Lang.NL), ChainMessageType.SCHOOLADVIEZENLIJST);
    }

    @Test
    public void adviceFromDossierNotFound() {
        try (Dossier d = Dossier.fromFile(TestData.SAMPLE)) {
            d.set(LEERLING + "overstapadvies/advies", "99");
            assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class,
                    () -> Chain.adviceFromDossier(d)).status());
            d.find(LEERLING + "leerlingid").orElseThrow().remove();
            OsoException e = assertThrows(OsoException.class, () -> Chain.adviceFromDossier(d));
            assertEquals(Status.NOT_FOUND, e.status());
            assertTrue(e.getMessage(), e.getMessage().contains("leerlingid"));
        }
    }

    @Test
    public void operations() {
        assertEquals(new Chain.Operation("POST", "/registreren"),
                Chain.operation(ChainMessageType.DEELNEMERSLIJST));
        assertEquals(new Chain.Operation("POST", "/registreren-schooladviezen"),
                Chain.operation(ChainMessageType.SCHOOLADVIEZENLIJST));
        assertEquals(new Chain.Operation("POST", "/leerlingresultaat"),
                Chain.operation(ChainMessageType.LEERLINGRESULTAAT));
        for (ChainMessageType t : List.of(ChainMessageType.ONTVANGSTMELDING, ChainMessageType.UNKNOWN)) {
            assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class,
                    () -> Chain.operation(t)).status());
        }
    }

    @Test
    public void routing() {
        String oin = "0000000700011BB00000";
        String las = "0000000700011BB00530";
        for (String path : List.of("/registreren", "/registreren-schooladviezen",
                "/leerlingresultaat", "/leerlingrapport/{rapportid}")) {
            ValidationResult r = Chain.checkRouting(path, oin, las, Lang.NL);
            assertTrue(path, r.valid());
            assertEquals(path, 0, r.size());
        }
        ValidationResult missing = Chain.checkRouting("/leerlingresultaat", null, las, Lang.EN);
        assertFalse(missing.valid());
        assertEquals(1, missing.size());
        assertEquals("DTM.PARAM", missing.get(0).rule());
        assertEquals("edu-to", missing.get(0).path());
        assertTrue(missing.get(0).message(), missing.get(0).message().contains("missing"));
        ValidationResult tooShort = Chain.checkRouting("/registreren", oin, las.substring(1), Lang.NL);
        assertEquals("edu-from", tooShort.errors().get(0).path());
        ValidationResult notAlphanumeric = Chain.checkRouting("/registreren",
                oin.substring(1) + "-", las, Lang.NL);
        assertTrue(notAlphanumeric.valid());
        assertEquals("DTM.PARAM_FORMAT", notAlphanumeric.warnings().get(0).rule());
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class,
                () -> Chain.checkRouting("/elders", oin, las, Lang.NL)).status());
    }
}
