package nl.oso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test inputs: the sample dossier and dossiers from gen-dossier (paths from system properties). */
final class TestData {
    static final Path SAMPLE = Path.of(System.getProperty("oso.sample", "examples/sample-dossier.xml"));
    private static final String GEN_DOSSIER = System.getProperty("oso.genDossier", "build/tests/generator/gen-dossier");
    private static final Map<Integer, byte[]> GENERATED = new HashMap<>();

    private TestData() {
    }

    static byte[] sample() {
        try {
            return Files.readAllBytes(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sampleText() {
        return new String(sample(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code gen-dossier --seed SEED --profile OV-POVO} (real attachments). */
    static byte[] generated(int seed) {
        return generated(seed, false);
    }

    /**
     * {@code gen-dossier --seed SEED --profile OV-POVO}, with {@code --invalid-attachments}
     * (contents no reader can open) when asked.
     */
    static synchronized byte[] generated(int seed, boolean invalidAttachments) {
        return GENERATED.computeIfAbsent(invalidAttachments ? -seed : seed, k -> {
            try {
                Path out = Files.createTempFile("oso-gen", ".xml");
                try {
                    List<String> command = new ArrayList<>(List.of(GEN_DOSSIER, "--seed",
                            Integer.toString(seed), "--profile", "OV-POVO", "-o", out.toString()));
                    if (invalidAttachments) {
                        command.add("--invalid-attachments");
                    }
                    Process p = new ProcessBuilder(command).inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("gen-dossier failed");
                    }
                    return Files.readAllBytes(out);
                } finally {
                    Files.deleteIfExists(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    static List<byte[]> generatedSet(int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(generated(i));
        }
        return out;
    }

    static byte[] replace(byte[] data, String from, String to) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return text.replaceFirst(java.util.regex.Pattern.quote(from), to)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
