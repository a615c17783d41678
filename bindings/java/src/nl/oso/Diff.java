package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The changes between two versions of a dossier ({@code oso_dossier_diff}, doc/diff.md):
 * elements and attributes added, removed or changed, and identified repeated items that moved,
 * in document order, with their paths in both documents. Repeated items are matched by their
 * identifying fields, attachments by their decoded content; layout is not a change.
 *
 * <pre>{@code
 * try (Dossier old = Dossier.fromFile(a); Dossier now = Dossier.fromFile(b)) {
 *     Diff diff = Diff.compare(old, now);
 *     System.out.println(diff.summary());
 * }
 * }</pre>
 */
public final class Diff {
    /** One change. */
    public static final class Change {
        /** "added", "removed", "changed" or "moved". */
        public final String change;
        /** Element name, or "@name" for an attribute. */
        public final String name;
        public final boolean attribute;
        /** Path in the old / new dossier; null where the item does not exist. */
        public final String oldPath;
        public final String newPath;
        /** Collapsed text, "sha256:..." for attachment content, or null. */
        public final String oldValue;
        public final String newValue;
        /** Release category ("leerling", "eindtoetsbo", ...), or null. */
        public final String category;
        /** Whether the change is inside categorie_uitlevering. */
        public final boolean release;

        Change(String change, String name, boolean attribute, String oldPath, String newPath,
               String oldValue, String newValue, String category, boolean release) {
            this.change = change;
            this.name = name;
            this.attribute = attribute;
            this.oldPath = oldPath;
            this.newPath = newPath;
            this.oldValue = oldValue;
            this.newValue = newValue;
            this.category = category;
            this.release = release;
        }
    }

    private static final int TEXT = 0;
    private static final int JSON = 1;
    private static final int SUMMARY = 2;

    private final List<Change> changes;
    private final String text;
    private final String json;
    private final String summary;

    private Diff(List<Change> changes, String text, String json, String summary) {
        this.changes = Collections.unmodifiableList(changes);
        this.text = text;
        this.json = json;
        this.summary = summary;
    }

    /** Compares {@code oldDossier} with {@code newDossier}, reporting moves. */
    public static Diff compare(Dossier oldDossier, Dossier newDossier) {
        return compare(oldDossier, newDossier, true);
    }

    /** As {@link #compare(Dossier, Dossier)}; {@code moves == false} ignores item order. */
    public static Diff compare(Dossier oldDossier, Dossier newDossier, boolean moves) {
        OsoLibrary lib = Native.lib();
        OsoLibrary.DiffOptions options = new OsoLibrary.DiffOptions();
        Native.check(lib.oso_diff_options_init(options, OsoLibrary.DiffOptions.VERSION),
                "diff options");
        options.report_moves = moves ? 1 : 0;
        PointerByReference out = new PointerByReference();
        Native.check(lib.oso_dossier_diff(out, oldDossier.handle(), newDossier.handle(), options),
                "diff");
        Pointer d = out.getValue();
        try {
            List<Change> list = new ArrayList<>();
            long count = lib.oso_diff_count(d).longValue();
            for (long i = 0; i < count; i++) {
                OsoLibrary.SizeT at = new OsoLibrary.SizeT(i);
                int category = lib.oso_diff_category(d, at);
                String field = category == 0 ? null : lib.oso_release_category_field(category);
                list.add(new Change(lib.oso_change_kind_name(lib.oso_diff_kind(d, at)),
                        lib.oso_diff_name(d, at), lib.oso_diff_is_attribute(d, at) != 0,
                        lib.oso_diff_old_path(d, at), lib.oso_diff_new_path(d, at),
                        lib.oso_diff_old_value(d, at), lib.oso_diff_new_value(d, at),
                        field == null ? null : field.substring(4),
                        lib.oso_diff_is_release(d, at) != 0));
            }
            return new Diff(list, render(d, TEXT), render(d, JSON), render(d, SUMMARY).strip());
        } finally {
            lib.oso_diff_free(d);
        }
    }

    private static String render(Pointer d, int format) {
        PointerByReference out = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        Native.check(Native.lib().oso_diff_format_text(out, length, d, format), "diff");
        return new String(Native.take(out, length.getValue()), StandardCharsets.UTF_8);
    }

    /** True when there are no changes. */
    public boolean same() {
        return changes.isEmpty();
    }

    /** The changes in document order. */
    public List<Change> changes() {
        return changes;
    }

    /** One line per change and a summary line ({@code oso diff}). */
    public String text() {
        return text;
    }

    /** The JSON object of {@code oso diff --format json}. */
    public String json() {
        return json;
    }

    /** The summary per release category, one line. */
    public String summary() {
        return summary;
    }
}
