package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The HTML view of a dossier for people ({@code oso_dossier_to_html}, doc/render.md): a
 * self-contained, printable HTML5 document (no scripts, external style sheets, fonts or
 * images) with one section per release category; all dossier text is escaped.
 *
 * <pre>{@code
 * String html = new HtmlView().lang(Lang.EN).findings(true).render(dossier);
 * new HtmlView().release("OV-POVO-opt-out").save(dossier, Path.of("dossier.html"));
 * }</pre>
 */
public final class HtmlView {
    /** What the view shows of the attachments ({@code oso_render_attachments}). */
    public enum Attachments {
        /** Name and description only. */
        NONE,
        /** Also the files inside, with type, size and readability (the default). */
        LIST,
        /** As LIST, with each file as a download link inside the HTML. */
        EMBED,
        /** As LIST, with each file written to {@link #attachmentDir(Path, String)} and linked. */
        LINK
    }

    private Lang lang = Lang.NL;
    private boolean findings;
    private Attachments attachments = Attachments.LIST;
    private String attachmentDir;
    private String attachmentHref;
    private String release;
    private boolean fragment;
    private Codelists codelists;

    /** Language of the view (default Dutch). */
    public HtmlView lang(Lang value) {
        lang = value;
        return this;
    }

    /** Run a full validation (official rules and attachments) and show its findings. */
    public HtmlView findings(boolean value) {
        findings = value;
        return this;
    }

    /** What to show of the attachments. */
    public HtmlView attachments(Attachments value) {
        attachments = value;
        return this;
    }

    /** For {@link Attachments#LINK}: the folder the files go to, and how the HTML refers to it
     * (null: the folder's path). */
    public HtmlView attachmentDir(Path dir, String href) {
        attachmentDir = dir == null ? null : dir.toString();
        attachmentHref = href;
        return this;
    }

    /** Preview a release (text as for {@link Release#of(String)}); null: the dossier's own. */
    public HtmlView release(String spec) {
        release = spec;
        return this;
    }

    /** A {@code <div class="oso-dossier">} to embed, without {@code <html>} and style sheet. */
    public HtmlView fragment(boolean value) {
        fragment = value;
        return this;
    }

    /** Lists whose meanings are shown (and that the validation of {@link #findings} uses);
     * null: the embedded lists. Must stay open while rendering. */
    public HtmlView codelists(Codelists value) {
        codelists = value;
        return this;
    }

    /** The view of {@code dossier}. */
    public String render(Dossier dossier) {
        String[] out = new String[1];
        run(dossier, o -> {
            PointerByReference html = new PointerByReference();
            OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
            Native.check(Native.lib().oso_dossier_to_html(html, length, dossier.handle(), o), "render");
            out[0] = new String(Native.take(html, length.getValue()), StandardCharsets.UTF_8);
        });
        return out[0];
    }

    /** Writes the view of {@code dossier} to a file (created or truncated). */
    public void save(Dossier dossier, Path path) {
        String name = Native.arg(path.toString(), "path");
        run(dossier, o -> Native.check(Native.lib().oso_dossier_save_html(dossier.handle(), name, o), name));
    }

    private void run(Dossier dossier, java.util.function.Consumer<OsoLibrary.RenderOptions> action) {
        OsoLibrary lib = Native.lib();
        OsoLibrary.RenderOptions o = new OsoLibrary.RenderOptions();
        Native.check(lib.oso_render_options_init(o, OsoLibrary.RenderOptions.VERSION), "render options");
        o.lang = lang.code();
        o.attachments = attachments.ordinal();
        o.attachment_dir = attachmentDir;
        o.attachment_href = attachmentHref;
        o.fragment = fragment ? 1 : 0;
        o.codelists = codelists == null ? null : codelists.handle();
        Pointer report = null;
        try (Release spec = release == null ? null : Release.of(release)) {
            o.release = spec == null ? null : spec.handle();
            if (findings) {
                OsoLibrary.ValidateOptions vo = new ValidationOptions().struct();
                vo.codelists = o.codelists;
                vo.rules |= RuleGroup.ATTACHMENTS.bit();
                PointerByReference ref = new PointerByReference();
                int status = lib.oso_validate(ref, dossier.handle(), vo);
                report = ref.getValue();
                Native.check(status, "validate");
                o.findings = report;
            }
            action.accept(o);
        } finally {
            lib.oso_report_free(report);
        }
    }
}
