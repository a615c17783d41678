package nl.oso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** How the binding finds liboso: -Doso.library / OSO_LIBRARY, then JNA's search, then the soname. */
public class LoaderTest {
    /** Runs {@link Probe} in a new JVM; returns exit code and output. */
    private static String[] probe(List<String> properties, String osoLibraryEnv) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(properties);
        cmd.add(Probe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OSO_LIBRARY");
        if (osoLibraryEnv != null) {
            pb.environment().put("OSO_LIBRARY", osoLibraryEnv);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }

    /** Prints the library version and name, or NOTFOUND and the message. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                System.out.println(Oso.version() + " " + Oso.library());
            } catch (UnsatisfiedLinkError e) {
                System.out.println("NOTFOUND " + e.getMessage());
                System.exit(3);
            }
        }
    }

    private static String buildLibDir() {
        return System.getProperty("jna.library.path");
    }

    @Test
    public void jnaSearchPath() throws Exception {
        String dir = buildLibDir();
        String[] r = probe(List.of("-Djna.library.path=" + dir), null);
        assertEquals(r[1], "0", r[0]);
        assertTrue(r[1], r[1].trim().endsWith(" oso"));
        assertTrue(r[1].startsWith(Oso.version()));
    }

    @Test
    public void explicitPathWins() throws Exception {
        String lib = buildLibDir() + "/liboso.so.1";
        String[] r = probe(List.of("-Doso.library=" + lib), null);
        assertEquals(r[1], "0", r[0]);
        assertTrue(r[1], r[1].trim().endsWith(lib));
        r = probe(List.of(), lib);
        assertEquals(r[1], "0", r[0]);
        assertTrue(r[1], r[1].trim().endsWith(lib));
    }

    @Test
    public void explicitPathHasNoFallback() throws Exception {
        String[] r = probe(List.of("-Djna.library.path=" + buildLibDir()), "/nonexistent/liboso.so");
        assertEquals(r[1], "3", r[0]);
        assertTrue(r[1], r[1].contains("/nonexistent/liboso.so"));
        assertTrue(r[1], r[1].contains("OSO_LIBRARY"));
    }

    @Test
    public void wrongLibraryIsRefused() throws Exception {
        String[] r = probe(List.of("-Doso.library=libz.so.1"), null);
        assertEquals(r[1], "3", r[0]);
    }
}
