package nl.oso;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class DiffAnonymizeTest {
    private static final String SURNAME = "/dossier/huidigeschool/leerling/achternaam";

    @Test
    public void diffReportsAChangedValue() {
        try (Dossier a = Dossier.fromFile(TestData.SAMPLE); Dossier b = Dossier.fromFile(TestData.SAMPLE)) {
            Diff same = Diff.compare(a, b);
            assertTrue(same.same());
            assertEquals("no changes", same.summary());
            String old = b.get(SURNAME);
            b.set(SURNAME, old + "-Bakker");
            Diff diff = Diff.compare(a, b);
            assertFalse(diff.same());
            assertEquals(1, diff.changes().size());
            Diff.Change c = diff.changes().get(0);
            assertEquals("changed", c.change);
            assertEquals("achternaam", c.name);
            assertEquals(old, c.oldValue);
            assertEquals(old + "-Bakker", c.newValue);
            assertEquals(c.oldPath, c.newPath);
            assertEquals("leerling", c.category);
            assertFalse(c.release);
            assertTrue(diff.summary().contains("leerling: 1 achternaam element changed"));
            assertTrue(diff.json().startsWith("{\"same\":false"));
            assertTrue(diff.text().contains("changed " + c.oldPath));
        }
    }

    @Test
    public void anonymizeIsRepeatableAndKeyed() {
        try (Dossier d = Dossier.fromBytes(TestData.generated(3))) {
            try (Dossier a = new Anonymizer().seed(5).anonymize(d);
                 Dossier b = new Anonymizer().seed(5).anonymize(d);
                 Dossier k1 = new Anonymizer().seed(1).key("sleutel".getBytes(StandardCharsets.UTF_8)).anonymize(d);
                 Dossier k2 = new Anonymizer().seed(2).key("sleutel".getBytes(StandardCharsets.UTF_8)).anonymize(d)) {
                assertArrayEquals(a.toXml(), b.toXml());
                assertArrayEquals(k1.toXml(), k2.toXml());
                assertNotEquals(d.get(SURNAME), a.get(SURNAME));
                assertEquals(d.validate().valid(), a.validate().valid());
            }
        }
    }
}
