package nl.oso;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipOutputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class AttachmentTest {
    private static final String OVERIG = "/dossier/huidigeschool/leerling/overigdocumentlijst";
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private Dossier dossier;
    private Path tmp;

    @Before
    public void open() throws IOException {
        dossier = Dossier.fromFile(TestData.SAMPLE);
        tmp = Files.createTempDirectory("oso-att");
    }

    @After
    public void close() throws IOException {
        dossier.close();
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static byte[] zipOf(String... namesAndTexts) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                zip.putNextEntry(new java.util.zip.ZipEntry(namesAndTexts[i]));
                zip.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    private void replaceContent(byte[] zip) {
        dossier.set(OVERIG + "/document/bestandsinhoud", Base64.getEncoder().encodeToString(zip));
    }

    @Test
    public void listingAndContents() throws IOException {
        List<Attachment> atts = dossier.attachments();
        assertEquals(2, dossier.attachmentCount());
        assertEquals(List.of("leerlingrapport.pdf", "verslag.txt"),
                atts.stream().map(a -> a.filename().orElseThrow()).toList());
        Attachment txt = atts.get(1);
        assertEquals("Verslag intakegesprek", txt.description().orElseThrow());
        assertEquals(16, txt.category());
        assertEquals("cat_bijlagedocs", txt.categoryField().orElseThrow());
        assertEquals("cat_eindtoetsbo", atts.get(0).categoryField().orElseThrow());
        assertEquals("/dossier[1]/huidigeschool[1]/leerling[1]/overigdocumentlijst[1]/document[1]", txt.path());
        assertTrue(new String(atts.get(0).data(), StandardCharsets.US_ASCII).startsWith("%PDF"));
        byte[] zip = txt.zip();
        assertEquals('P', zip[0]);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        txt.writeZip(streamed);
        assertArrayEquals(zip, streamed.toByteArray());
        List<ZipEntry> entries = txt.entries();
        assertEquals(1, entries.size());
        assertEquals("verslag.txt", entries.get(0).name());
        assertTrue(entries.get(0).safe());
        assertEquals(txt.data().length, entries.get(0).size());
        try (Archive a = txt.open(null); Archive b = Archive.fromBytes(zip, null)) {
            assertArrayEquals(a.read("verslag.txt"), b.read(0));
            assertTrue(a.find("nope").isEmpty());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            a.extractTo(0, out);
            assertArrayEquals(txt.data(), out.toByteArray());
        }
        assertEquals(Status.ZIP, assertThrows(OsoException.class,
                () -> Archive.fromBytes("no zip".getBytes(StandardCharsets.US_ASCII), null)).status());
        List<Path> written = new ArrayList<>();
        for (Attachment a : atts) {
            written.addAll(a.extract(tmp));
        }
        assertEquals(2, written.size());
        assertArrayEquals(txt.data(), Files.readAllBytes(tmp.resolve("verslag.txt")));
        assertTrue(dossier.verifyAttachments().isEmpty());
        assertTrue(txt.verify().isEmpty());
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThrows(IOException.class, () -> txt.writeZip(broken));
    }

    @Test
    public void hostileArchives() throws IOException {
        replaceContent(zipOf("ok.txt", "fine\n", "../evil.txt", "evil\n"));
        Attachment att = dossier.attachments().get(1);
        assertEquals(List.of(true, false), att.entries().stream().map(ZipEntry::safe).toList());
        assertEquals(Status.POLICY, assertThrows(OsoException.class, () -> att.extract(tmp.resolve("out"))).status());
        assertFalse(Files.exists(tmp.resolve("out")));
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class, att::data).status());
        assertEquals("fine\n", new String(att.data("ok.txt", null), StandardCharsets.UTF_8));
        assertTrue(att.verify().stream().anyMatch(d -> d.rule().startsWith("ATT.")));
        assertFalse(dossier.validate(new ValidationOptions().attachments(true)).valid());

        dossier.set(OVERIG + "/document/bestandsinhoud", "!!!! not base64 !!!!");
        Attachment bad = dossier.attachments().get(1);
        assertEquals(Status.BASE64, assertThrows(OsoException.class, bad::zip).status());
        assertEquals(1, bad.verify().errors().size());
        assertTrue(dossier.validate().valid());

        replaceContent(zipOf("verslag.txt", "a".repeat(100000)));
        Attachment big = dossier.attachments().get(1);
        assertEquals(100000, big.data().length);
        AttachmentLimits small = new AttachmentLimits().maxEntrySize(1000);
        assertEquals(Status.LIMIT, assertThrows(OsoException.class, () -> big.data(null, small)).status());
        assertFalse(dossier.validate(new ValidationOptions().attachments(true).attachmentLimits(small)).valid());
    }

    @Test
    public void adding() throws IOException {
        Attachment att = dossier.addAttachment(OVERIG, "rapport.pdf", "Rapport", PDF);
        assertArrayEquals(PDF, att.data());
        Path file = tmp.resolve("notities.txt");
        Files.writeString(file, "notities\n");
        Node lijst = dossier.find(OVERIG).orElseThrow();
        Attachment second = dossier.addAttachmentFile(lijst, file, null, null);
        assertEquals("notities.txt", second.filename().orElseThrow());
        assertTrue(second.description().isEmpty());
        assertEquals(4, dossier.attachmentCount());
        assertTrue(dossier.validate(new ValidationOptions().attachments(true)).valid());
        try (Dossier again = Dossier.fromBytes(dossier.toXml())) {
            assertArrayEquals(PDF, again.attachments().get(2).data());
        }
        att.set("vervangen.txt", null, "nieuw\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("vervangen.txt", att.filename().orElseThrow());
        byte[] before = dossier.toXml();
        assertEquals(Status.POLICY, assertThrows(OsoException.class,
                () -> dossier.addAttachment(lijst, "x.exe", null, new byte[] {'M', 'Z', 0, 0})).status());
        assertEquals(Status.POLICY, assertThrows(OsoException.class,
                () -> dossier.addAttachment(lijst, "../x.txt", null, new byte[] {'x'})).status());
        assertEquals(Status.SCHEMA, assertThrows(OsoException.class,
                () -> dossier.addAttachment("/dossier/metadata", "x.txt", null, new byte[] {'x'})).status());
        assertEquals(Status.IO, assertThrows(OsoException.class,
                () -> dossier.addAttachmentFile(lijst, Path.of("/nonexistent/x.txt"), null, null)).status());
        assertArrayEquals(before, dossier.toXml());
        try (Dossier other = Dossier.newDossier()) {
            assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class,
                    () -> other.addAttachment(lijst, "x.txt", null, new byte[] {'x'})).status());
        }
        lijst.remove();
        assertEquals(Status.STATE, assertThrows(OsoException.class, att::filename).status());
    }

    @Test
    public void streaming() throws IOException {
        List<String> seen = new ArrayList<>();
        ScanResult r = Oso.scanAttachments(TestData.SAMPLE, s -> seen.add(s.filename().orElseThrow() + " "
                + s.category() + " " + new String(s.archive().orElseThrow().read(0), StandardCharsets.ISO_8859_1).substring(0, 4)));
        assertEquals(List.of("leerlingrapport.pdf 11 %PDF", "verslag.txt 16 Vers"), seen);
        assertTrue(r.report().isEmpty());
        assertTrue(r.dossier().isEmpty());
        ScanResult kept = Oso.scanAttachments(TestData.SAMPLE, false, true, null, null);
        try (Dossier d = kept.dossier().orElseThrow()) {
            assertEquals("Visser", d.get("/dossier/huidigeschool/leerling/achternaam"));
        }
        Path gen = tmp.resolve("g.xml");
        Files.write(gen, TestData.generated(1, true));
        List<String> errors = new ArrayList<>();
        ScanResult bad = Oso.scanAttachments(gen, s -> errors.add(s.error().orElse(null)));
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().allMatch(e -> e != null));
        assertFalse(bad.report().errors().isEmpty());
        assertEquals(bad.report().errors().size(),
                Oso.verifyAttachmentsFile(gen, null, Lang.EN).errors().size());
        assertThrows(IllegalStateException.class, () -> Oso.scanAttachments(TestData.SAMPLE, s -> {
            throw new IllegalStateException("stop");
        }));
        assertEquals(Status.IO, assertThrows(OsoException.class,
                () -> Oso.verifyAttachmentsFile(Path.of("/nonexistent.xml"), null, Lang.NL)).status());
    }
}
