package nl.oso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** Checking doorstroomtoets chain messages through the binding. */
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
}
