package nl.oso;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Memory stability: process 1,000 dossiers and check that the process RSS (native memory,
 * from /proc/self/statm) and the Java heap in use after GC stay flat. Each iteration parses,
 * validates (shared Codelists), reads, edits, walks nodes, writes XML and JSON, copies and
 * redacts a dossier, decodes its attachments and adds one, and parses a truncated copy (an
 * error). A control test keeps dossiers
 * open on purpose and checks that the measurement sees the growth (about 60 MB per 1,000).
 */
public class MemoryTest {
    private static final int ITERATIONS = 1000;
    private static final int WARMUP = 200;
    private static final long LIMIT = 10L * 1024 * 1024;
    private static final double MB = 1024.0 * 1024.0;
    private static List<byte[]> docs;

    @BeforeClass
    public static void data() {
        docs = new ArrayList<>(TestData.generatedSet(9));
        docs.add(TestData.sample());
    }

    static long rss() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(fields[1]) * 4096L;
    }

    static long heap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long work(byte[] data, Codelists lists, boolean close) {
        Dossier d = Dossier.fromBytes(data);
        ValidationResult r = d.validate(new ValidationOptions().codelists(lists));
        long n = r.size() + (r.valid() ? 1 : 0);
        String name = d.get("/dossier/huidigeschool/leerling/achternaam");
        n += name == null ? 0 : name.length();
        d.set("/dossier/huidigeschool/leerling/roepnaam", "Naam");
        n += d.find("/dossier/huidigeschool/leerling").orElseThrow().children().size();
        n += d.toXml().length + d.toJson(true, false).length();
        Dossier copy = d.copy();
        Dossier red = copy.redact("OV-POVO");
        n += red.redactionResult().orElseThrow().size();
        for (Attachment a : d.attachments()) { // sample: real ZIPs; generated: undecodable
            try {
                n += a.data().length + a.entries().size();
            } catch (OsoException e) {
                n += e.getMessage().length();
            }
        }
        java.util.Optional<Node> lijst = d.find("/dossier/huidigeschool/leerling/overigdocumentlijst");
        if (lijst.isPresent()) {
            n += d.addAttachment(lijst.get(), "n.txt", null, "notitie\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).zip().length;
        }
        try {
            Dossier.fromBytes(java.util.Arrays.copyOf(data, data.length / 2));
        } catch (OsoException e) {
            n += e.diagnostics().size();
        }
        if (close) {
            red.close();
            copy.close();
            d.close();
        }
        return n;
    }

    private void loop(int count, boolean close, Codelists lists) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            work(docs.get(i % docs.size()), lists, close);
            if (!close && i % 50 == 49) {
                System.gc(); // GC pressure, as a busy JVM would have: the Cleaner frees
                Thread.sleep(5);
            }
        }
    }

    /*
     * Two measured phases of ITERATIONS / 2 dossiers after the warm-up. A leak grows the RSS in
     * both; one-off growth (JIT code cache, a malloc arena the Cleaner thread touches first)
     * lands in one of them, so the smaller growth is the one judged.
     */
    private void measure(String label, boolean close) throws Exception {
        try (Codelists lists = Codelists.defaults()) {
            loop(WARMUP, close, lists);
            long heapBefore = heap();
            long start = rss();
            loop(ITERATIONS / 2, close, lists);
            heap();
            long middle = rss();
            loop(ITERATIONS / 2, close, lists);
            long heapAfter = heap();
            long end = rss();
            long growth = Math.min(middle - start, end - middle);
            System.err.printf("java, %s: RSS %.1f MB -> %.1f MB -> %.1f MB (%+.2f, %+.2f MB per %d "
                    + "dossiers), heap in use %.1f MB -> %.1f MB%n", label, start / MB, middle / MB,
                    end / MB, (middle - start) / MB, (end - middle) / MB, ITERATIONS / 2,
                    heapBefore / MB, heapAfter / MB);
            assertTrue("RSS grew by " + growth + " in both phases", growth < LIMIT / 2);
            assertTrue("heap grew by " + (heapAfter - heapBefore), heapAfter - heapBefore < LIMIT);
        }
    }

    @Test
    public void explicitClose() throws Exception {
        measure("close()", true);
    }

    @Test
    public void cleanerFallback() throws Exception {
        measure("Cleaner only", false);
    }

    @Test
    public void controlLeakIsDetected() throws Exception {
        List<Dossier> kept = new ArrayList<>();
        long before = rss();
        for (int i = 0; i < ITERATIONS; i++) {
            kept.add(Dossier.fromBytes(docs.get(i % docs.size())));
        }
        long after = rss();
        kept.forEach(Dossier::close);
        System.err.printf("java, control (1,000 dossiers kept open): RSS %+.2f MB%n", (after - before) / MB);
        assertTrue("the RSS measurement cannot see a leak", after - before > LIMIT);
    }
}
