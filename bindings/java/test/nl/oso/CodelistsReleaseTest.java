package nl.oso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CodelistsReleaseTest {
    private static final String GESLACHT = "# list: 14\n# name: Geslacht\n# version: 2030-01-01\n0\tOnbekend\n1\tVrouw\n9\tX\n";
    private static final String LANDEN = "# list: gba-landen\n# name: Landen\n# version: 2024-01-01\n6030\tNederland\n5010\tBelgië\n";

    @Test
    public void defaults() {
        try (Codelists lists = Codelists.defaults()) {
            assertTrue(lists.contains(14, "1"));
            assertTrue(lists.contains("CL14", "2"));
            assertFalse(lists.contains(14, "7"));
            assertFalse(lists.contains(14, " 1"));
            assertEquals("Vrouw", lists.meaning(14, "1").orElseThrow());
            assertTrue(lists.meaning("14", "7").isEmpty());
            assertEquals(new Codelists.Code("2", "Man", 0), lists.lookup(14, "2").orElseThrow());
            assertEquals(List.of("0", "1", "2"), lists.entries(14).stream().map(Codelists.Code::code).toList());
            List<Integer> ids = lists.ids();
            assertEquals(lists.size(), ids.size());
            assertTrue(ids.contains(14));
            assertTrue(lists.has(48));
            assertFalse(lists.has(Codelists.GBA_LANDEN));
            Codelists.Info info = lists.info("CL14");
            assertEquals(14, info.id());
            assertEquals("Geslacht", info.name());
            assertEquals("CL14", info.rule());
            assertEquals(3, info.size());
            assertFalse(info.external());
            assertTrue(info.origin().startsWith("embedded:"));
            assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class, () -> lists.contains("gba-landen", "6030")).status());
        }
    }

    @Test
    public void keys() {
        assertEquals(14, Codelists.id("CL14"));
        assertEquals(1034, Codelists.id("gba-landen"));
        assertEquals("CL.gba-landen", Codelists.ruleId(1034));
        assertEquals("CL14", Codelists.ruleId(14));
        assertEquals("gba-landen", Codelists.externalKey(1034).orElseThrow());
        assertTrue(Codelists.externalKey(14).isEmpty());
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class, () -> Codelists.id("bogus")).status());
    }

    @Test
    public void loading() throws Exception {
        Path dir = Files.createTempDirectory("oso-cl");
        try {
            Files.writeString(dir.resolve("14.tsv"), GESLACHT);
            Files.writeString(dir.resolve("landen.tsv"), LANDEN);
            try (Codelists lists = Codelists.load(dir)) {
                assertTrue(lists.contains(14, "9"));
                assertFalse(lists.contains(14, "2"));
                assertEquals("België", lists.meaning("gba-landen", "5010").orElseThrow());
                assertTrue(lists.info(Codelists.GBA_LANDEN).external());
                try (Dossier d = Dossier.fromFile(TestData.SAMPLE)) {
                    assertTrue(d.validate(new ValidationOptions().codelists(lists)).stream()
                            .noneMatch(x -> x.rule().equals("CL.gba-landen")));
                }
            }
            try (Codelists lists = Codelists.defaults()) {
                lists.loadFile(dir.resolve("landen.tsv"));
                assertTrue(lists.contains(1034, "6030"));
                lists.loadBytes("geslacht.tsv", GESLACHT.getBytes(StandardCharsets.UTF_8));
                assertEquals("geslacht.tsv", lists.info(14).origin());
                OsoException e = assertThrows(OsoException.class, () -> lists.loadBytes("bad.tsv",
                        "# list: 14\n# name: G\n# version: nope\n1\tx\n".getBytes(StandardCharsets.UTF_8)));
                assertEquals(Status.CODELIST_FORMAT, e.status());
                assertTrue(e.getMessage(), e.getMessage().contains("bad.tsv"));
                assertEquals("X", lists.meaning(14, "9").orElseThrow());
            }
        } finally {
            Files.deleteIfExists(dir.resolve("14.tsv"));
            Files.deleteIfExists(dir.resolve("landen.tsv"));
            Files.delete(dir);
        }
        assertEquals(Status.IO, assertThrows(OsoException.class, () -> Codelists.load(Path.of("/nonexistent"))).status());
        Codelists closed = Codelists.defaults();
        closed.close();
        assertEquals(Status.STATE, assertThrows(OsoException.class, closed::size).status());
    }

    @Test
    public void releases() {
        assertTrue(Release.presets().contains("OV-POVO"));
        List<String> categories = Release.categories();
        assertEquals(16, categories.size());
        assertEquals("cat_bijlagedocs", categories.get(15));
        assertEquals("OPT-UIT", Release.valueName(ReleaseValue.OPT_UIT));
        for (String preset : Release.presets()) {
            try (Release r = Release.of(preset + "-opt-out")) {
                assertEquals(ReleaseValue.VERPLICHT, r.get("metadata"));
                assertFalse(r.values().containsValue(ReleaseValue.OPTIONEEL));
            }
        }
        try (Release r = Release.of("OV-POVO, vve=OPT-UIT ,metadata")) {
            assertEquals(ReleaseValue.OPT_UIT, r.get("cat_vve"));
            r.set("verzuim", ReleaseValue.VERBODEN);
            assertEquals(ReleaseValue.VERBODEN, r.get("cat_verzuim"));
            assertEquals(ReleaseValue.UNSET, r.get("bogus"));
        }
        try (Release r = Release.of(Map.of("vve", "verboden"))) {
            assertEquals(ReleaseValue.VERBODEN, r.get("vve"));
        }
        try (Release r = Release.empty()) {
            assertTrue(r.values().values().stream().allMatch(v -> v == ReleaseValue.UNSET));
        }
        assertEquals(Status.INVALID_ARG, assertThrows(OsoException.class, () -> Release.of("vve=SOMETIMES")).status());
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class, () -> Release.of("NO-SUCH")).status());
        assertEquals(Status.NOT_FOUND, assertThrows(OsoException.class, () -> Release.of(Map.of("bogus", "OPTIONEEL"))).status());
    }
}
