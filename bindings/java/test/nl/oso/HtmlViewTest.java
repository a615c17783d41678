package nl.oso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

public class HtmlViewTest {
    @Test
    public void rendersTheSample() throws Exception {
        try (Dossier d = Dossier.fromBytes(TestData.sample())) {
            String nl = new HtmlView().render(d);
            assertTrue(nl.contains("<html lang=\"nl\">"));
            assertTrue(nl.contains("Fleur Visser"));
            assertTrue(nl.contains("<span class=\"oso-meaning\">HAVO</span>"));
            assertTrue(nl.contains("14 september 2012"));
            String en = new HtmlView().lang(Lang.EN).findings(true).release("cat_bijlagedocs=OPT-UIT").render(d);
            assertTrue(en.contains("id=\"oso-findings-title\""));
            assertTrue(en.contains("Would be withheld: this optional data is switched off (OPT-UIT)."));
            assertTrue(en.contains("Would be withheld: this data may not be transferred"));
            assertTrue(new HtmlView().lang(Lang.EN).render(d).contains("Withheld: this data may not be transferred"));
            String embedded = new HtmlView().attachments(HtmlView.Attachments.EMBED).render(d);
            assertTrue(embedded.contains("href=\"data:application/pdf;base64,"));
            assertFalse(new HtmlView().attachments(HtmlView.Attachments.NONE).render(d).contains("oso-file-type"));
            assertTrue(new HtmlView().fragment(true).render(d).startsWith("<div class=\"oso-dossier\""));
        }
    }

    @Test
    public void codelistMeanings() {
        try (Dossier d = Dossier.fromBytes(TestData.sample()); Codelists lists = Codelists.defaults()) {
            lists.loadBytes("gba-landen.tsv", "# list: gba-landen\n# name: Landen\n# version: 2024-01-01\n6030\tNederland\n"
                    .getBytes(StandardCharsets.UTF_8));
            String html = new HtmlView().codelists(lists).findings(true).render(d);
            assertTrue(html.contains("<span class=\"oso-code\">6030</span> \u2014 <span class=\"oso-meaning\">Nederland</span>"));
        }
    }

    @Test
    public void savesAndLinks() throws Exception {
        Path dir = Files.createTempDirectory("oso-html");
        try (Dossier d = Dossier.fromBytes(TestData.sample())) {
            Path out = dir.resolve("x.html");
            new HtmlView().attachments(HtmlView.Attachments.LINK)
                    .attachmentDir(dir.resolve("x_files"), "x_files").save(d, out);
            String html = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(html.contains("href=\"x_files/1-1-leerlingrapport.pdf\""));
            try (Stream<Path> files = Files.list(dir.resolve("x_files"))) {
                assertEquals(List.of("1-1-leerlingrapport.pdf", "2-1-verslag.txt"),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            OsoException e = assertThrows(OsoException.class,
                    () -> new HtmlView().attachments(HtmlView.Attachments.LINK).render(d));
            assertEquals(Status.INVALID_ARG, e.status());
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
