package nl.oso;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads liboso and holds shared helpers.
 *
 * <p>The library is looked up, in this order:
 * <ol>
 *   <li>the system property {@code oso.library}, else the environment variable
 *       {@code OSO_LIBRARY}: a path; no fallback when one is set;</li>
 *   <li>{@code "oso"} through JNA: {@code jna.library.path} (meson's tests point it at the
 *       build tree's {@code lib/}), then the system's library paths;</li>
 *   <li>the soname {@code liboso.so.1} through the system loader (installations without the
 *       development symlink {@code liboso.so}).</li>
 * </ol>
 */
final class Native {
    static final Cleaner CLEANER = Cleaner.create();
    private static final Map<String, Object> OPTIONS =
            Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
    private static OsoLibrary lib;
    private static String libraryName;

    private Native() {
    }

    static synchronized OsoLibrary lib() {
        if (lib != null) {
            return lib;
        }
        List<String> candidates = new ArrayList<>();
        String explicit = System.getProperty("oso.library");
        if (explicit == null || explicit.isEmpty()) {
            explicit = System.getenv("OSO_LIBRARY");
        }
        if (explicit != null && !explicit.isEmpty()) {
            candidates.add(explicit);
        } else {
            candidates.add("oso");
            candidates.add("liboso.so.1");
        }
        StringBuilder errors = new StringBuilder();
        for (String candidate : candidates) {
            try {
                OsoLibrary loaded = com.sun.jna.Native.load(candidate, OsoLibrary.class, OPTIONS);
                loaded.oso_version(); // resolves a symbol: fails early for a wrong library
                lib = loaded;
                libraryName = candidate;
                return lib;
            } catch (UnsatisfiedLinkError e) {
                errors.append("; ").append(candidate).append(": ").append(e.getMessage());
            }
        }
        throw new UnsatisfiedLinkError("cannot load liboso (set OSO_LIBRARY or -Doso.library to "
                + "the path of liboso.so)" + errors);
    }

    static synchronized String libraryName() {
        lib();
        return libraryName;
    }

    /** Throws the exception for a failed call unless {@code status} is OK. */
    static void check(int status, String context) {
        if (status != Status.OK.code()) {
            throw error(status, context, List.of());
        }
    }

    /** The exception for a failed call, with oso_error_last() as message. */
    static OsoException error(int status, String context, List<Diagnostic> diagnostics) {
        OsoLibrary l = lib();
        String message = "";
        if (l.oso_error_last_status() == status) {
            String detail = l.oso_error_last();
            message = detail == null ? "" : detail;
        }
        if (message.isEmpty()) {
            message = l.oso_strerror(status);
        }
        if (context != null) {
            message = context + ": " + message;
        }
        return new OsoException(Status.of(status), status, message, diagnostics);
    }

    /** A NUL-free UTF-8 string argument (C strings cannot carry NUL). */
    static String arg(String value, String what) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new OsoException(Status.INVALID_ARG, what + " contains a NUL character");
        }
        return value;
    }

    static byte[] utf8(String value, String what) {
        return arg(value, what).getBytes(StandardCharsets.UTF_8);
    }

    static String string(Pointer p) {
        return p == null ? null : p.getString(0, "UTF-8");
    }

    /** Reads and frees a buffer that liboso allocated for the caller. */
    static byte[] take(PointerByReference ref, long length) {
        Pointer p = ref.getValue();
        try {
            return p.getByteArray(0, Math.toIntExact(length));
        } finally {
            lib().oso_free(p);
        }
    }
}
