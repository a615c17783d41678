package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A release specification ({@code oso_release}): per category a value, possibly unset (then
 * the dossier's own {@code categorie_uitlevering} value is used). Free with {@link #close()}.
 */
public final class Release implements AutoCloseable {
    /** Number of categories. */
    public static final int CATEGORY_COUNT = 16;

    private final Handle handle;

    private Release(Pointer ptr) {
        OsoLibrary lib = Native.lib();
        handle = new Handle(this, "Release", ptr, lib::oso_release_free);
    }

    /** Every category unset. */
    public static Release empty() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_release_new(out), "release");
        return new Release(out.getValue());
    }

    /**
     * From text: "metadata" or null (every category unset), a preset ("OV-POVO",
     * "PaO-VOSWV-opt-out"), "CAT=VALUE" pairs ("vve=OPT-UIT,cat_verzuim=VERBODEN"), or a
     * comma-separated mix where later items override earlier ones, as {@code oso redact --release}.
     */
    public static Release of(String spec) {
        Release r = empty();
        try {
            if (spec != null) {
                r.update(spec);
            }
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** From {category: value} pairs ({"vve": "OPT-UIT"}). */
    public static Release of(Map<String, String> values) {
        Release r = empty();
        try {
            for (Map.Entry<String, String> e : values.entrySet()) {
                r.set(e.getKey(), ReleaseValue.parse(e.getValue()));
            }
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** Applies comma-separated items: "metadata", preset names, CAT=VALUE pairs. */
    public void update(String spec) {
        OsoLibrary lib = Native.lib();
        for (String raw : spec.split(",")) {
            String item = raw.trim();
            if (item.isEmpty() || item.equals("metadata")) {
                continue;
            }
            if (item.contains("=")) {
                Native.check(lib.oso_release_parse(handle(), Native.arg(item, "release")), "release");
                continue;
            }
            PointerByReference preset = new PointerByReference();
            Native.check(lib.oso_release_preset(preset, Native.arg(item, "preset")),
                    "release preset '" + item + "'");
            try {
                for (String field : categories()) {
                    Native.check(lib.oso_release_set(handle(), field,
                            lib.oso_release_get(preset.getValue(), field)), "release");
                }
            } finally {
                lib.oso_release_free(preset.getValue());
            }
        }
    }

    /** Sets a category ("vve", "cat_vve" or "6"). */
    public void set(String category, ReleaseValue value) {
        Native.check(Native.lib().oso_release_set(handle(), Native.arg(category, "category"),
                value.code()), "category '" + category + "'");
    }

    /** Value of a category ({@link ReleaseValue#UNSET} when not set or unknown). */
    public ReleaseValue get(String category) {
        return ReleaseValue.of(Native.lib().oso_release_get(handle(), Native.arg(category, "category")));
    }

    /** The 16 categories in order, with their values. */
    public Map<String, ReleaseValue> values() {
        Map<String, ReleaseValue> out = new LinkedHashMap<>();
        for (String field : categories()) {
            out.put(field, get(field));
        }
        return out;
    }

    /** Names of the profile presets (each also exists as "NAME-opt-out"). */
    public static List<String> presets() {
        OsoLibrary lib = Native.lib();
        long n = lib.oso_release_preset_count().longValue();
        List<String> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(lib.oso_release_preset_name(new OsoLibrary.SizeT(i)));
        }
        return out;
    }

    /** Field names of the 16 categories: cat_metadata ... cat_bijlagedocs. */
    public static List<String> categories() {
        OsoLibrary lib = Native.lib();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= CATEGORY_COUNT; i++) {
            out.add(lib.oso_release_category_field(i));
        }
        return out;
    }

    /** The codelist-48 text of a value, via the library ({@code oso_release_value_name}). */
    public static String valueName(ReleaseValue value) {
        return Native.lib().oso_release_value_name(value.code());
    }

    Pointer handle() {
        return handle.get();
    }

    /** Frees the specification (idempotent). */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return handle.isClosed() ? "Release[closed]" : "Release" + values();
    }
}
