package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of codelists ({@code oso_codelists}): the lists embedded in the library
 * ({@link #defaults()}), overlaid with lists loaded at run time ({@link #load(Path)}).
 * Lists are named by id (14, 1034) or key ("14", "CL14", "gba-landen").
 *
 * <p>Once loaded the set is only read: one object may be shared by any number of threads and
 * passed to {@link ValidationOptions#codelists(Codelists)}. Free it with {@link #close()}.
 */
public final class Codelists implements AutoCloseable {
    /** Flag of a code: in {@code oso-toetscodes}, a toetsonderdeel code. */
    public static final int CODE_ONDERDEEL = 0x1;
    /** Id of the GBA nationality table. */
    public static final int GBA_NATIONALITEITEN = 1032;
    /** Id of the GBA land table. */
    public static final int GBA_LANDEN = 1034;
    /** Id of the OSO toets code table. */
    public static final int OSO_TOETSCODES = 1100;
    /** Id of the DUO elementcode table. */
    public static final int DUO_ELEMENTCODES = 1200;
    /** Id of the DUO vakcode table. */
    public static final int DUO_VAKCODES = 1201;

    /** One entry of a list. */
    public record Code(String code, String meaning, int flags) {
    }

    /** Description of one list. */
    public record Info(int id, String key, int number, boolean external, String rule, String name,
                       String version, String source, String origin, long size) {
    }

    private final Handle handle;

    private Codelists(Pointer ptr) {
        OsoLibrary lib = Native.lib();
        handle = new Handle(this, "Codelists", ptr, lib::oso_codelists_free);
    }

    /** A new set with the embedded default lists. */
    public static Codelists defaults() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_codelists_new(out), "codelists");
        return new Codelists(out.getValue());
    }

    /** The default lists overlaid with every {@code *.tsv} file of {@code dir}. */
    public static Codelists load(Path dir) {
        Codelists lists = defaults();
        try {
            lists.loadDir(dir);
        } catch (RuntimeException e) {
            lists.close();
            throw e;
        }
        return lists;
    }

    /** Overlays every {@code *.tsv} file of a directory (all or nothing). */
    public void loadDir(Path dir) {
        String name = Native.arg(dir.toString(), "dir");
        Native.check(Native.lib().oso_codelists_load_dir(handle(), name), name);
    }

    /** Overlays one codelist file. */
    public void loadFile(Path file) {
        String name = Native.arg(file.toString(), "file");
        Native.check(Native.lib().oso_codelists_load_file(handle(), name), name);
    }

    /** Overlays one codelist given in memory; {@code name} is used in messages (may be null). */
    public void loadBytes(String name, byte[] data) {
        Native.check(Native.lib().oso_codelists_load_buffer(handle(), Native.arg(name, "name"),
                data, new OsoLibrary.SizeT(data.length)), name == null ? "<buffer>" : name);
    }

    Pointer handle() {
        return handle.get();
    }

    /** Frees the set (idempotent). */
    @Override
    public void close() {
        handle.close();
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** The id of a list designation: "14", "014", "CL14", "gba-landen", "CL.gba-landen". */
    public static int id(String key) {
        IntByReference out = new IntByReference();
        Native.check(Native.lib().oso_codelist_parse_key(Native.arg(key, "key"), out),
                "codelist '" + key + "'");
        return out.getValue();
    }

    /** The rule id of a list's violations: "CL14", "CL.gba-landen". */
    public static String ruleId(int id) {
        byte[] buf = new byte[64];
        Native.check(Native.lib().oso_codelist_rule_id(id, buf, new OsoLibrary.SizeT(buf.length)),
                "codelist " + id);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Key of an external table id ("gba-landen" for 1034). */
    public static Optional<String> externalKey(int id) {
        return Optional.ofNullable(Native.lib().oso_codelist_external_key(id));
    }

    private Pointer list(int id) {
        Pointer p = Native.lib().oso_codelists_get(handle(), id);
        if (p == null) {
            throw new OsoException(Status.NOT_FOUND, "codelist " + id + " is not loaded");
        }
        return p;
    }

    /** Number of lists in the set. */
    public int size() {
        return Math.toIntExact(Native.lib().oso_codelists_count(handle()).longValue());
    }

    /** Whether a list is in the set. */
    public boolean has(int id) {
        return Native.lib().oso_codelists_get(handle(), id) != null;
    }

    /** Ids of the lists, ascending. */
    public List<Integer> ids() {
        OsoLibrary lib = Native.lib();
        Pointer h = handle();
        long n = lib.oso_codelists_count(h).longValue();
        List<Integer> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(lib.oso_codelist_id(lib.oso_codelists_at(h, new OsoLibrary.SizeT(i))));
        }
        return out;
    }

    /** Header data of a list. */
    public Info info(int id) {
        OsoLibrary lib = Native.lib();
        Pointer p = list(id);
        return new Info(lib.oso_codelist_id(p), lib.oso_codelist_key(p), lib.oso_codelist_number(p),
                lib.oso_codelist_is_external(p) != 0, lib.oso_codelist_rule(p),
                lib.oso_codelist_name(p), lib.oso_codelist_version(p), lib.oso_codelist_source(p),
                lib.oso_codelist_origin(p), lib.oso_codelist_size(p).longValue());
    }

    /** As {@link #info(int)}, for a key. */
    public Info info(String key) {
        return info(id(key));
    }

    /** Whether {@code code} is a member of the list (exact byte comparison). */
    public boolean contains(int id, String code) {
        byte[] raw = Native.utf8(code, "code");
        return Native.lib().oso_codelist_contains(list(id), raw, new OsoLibrary.SizeT(raw.length)) != 0;
    }

    /** As {@link #contains(int, String)}, for a key. */
    public boolean contains(String key, String code) {
        return contains(id(key), code);
    }

    /** The entry of {@code code}, empty when it is not a member. */
    public Optional<Code> lookup(int id, String code) {
        byte[] raw = Native.utf8(code, "code");
        PointerByReference meaning = new PointerByReference();
        IntByReference flags = new IntByReference();
        int status = Native.lib().oso_codelist_lookup(list(id), raw,
                new OsoLibrary.SizeT(raw.length), meaning, flags);
        if (status == Status.NOT_FOUND.code()) {
            return Optional.empty();
        }
        Native.check(status, "codelist " + id);
        return Optional.of(new Code(code, Native.string(meaning.getValue()), flags.getValue()));
    }

    /** The meaning of {@code code} ("" when the list gives none), empty when not a member. */
    public Optional<String> meaning(int id, String code) {
        return lookup(id, code).map(Code::meaning);
    }

    /** As {@link #meaning(int, String)}, for a key. */
    public Optional<String> meaning(String key, String code) {
        return meaning(id(key), code);
    }

    /** Every entry of the list, in file order. */
    public List<Code> entries(int id) {
        OsoLibrary lib = Native.lib();
        Pointer p = list(id);
        long n = lib.oso_codelist_size(p).longValue();
        List<Code> out = new ArrayList<>();
        PointerByReference code = new PointerByReference();
        PointerByReference meaning = new PointerByReference();
        IntByReference flags = new IntByReference();
        for (long i = 0; i < n; i++) {
            Native.check(lib.oso_codelist_entry(p, new OsoLibrary.SizeT(i), code, meaning, flags),
                    "codelist " + id);
            out.add(new Code(Native.string(code.getValue()), Native.string(meaning.getValue()),
                    flags.getValue()));
        }
        return out;
    }

    @Override
    public String toString() {
        return isClosed() ? "Codelists[closed]" : "Codelists[" + size() + " lists]";
    }
}
