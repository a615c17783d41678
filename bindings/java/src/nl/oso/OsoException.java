package nl.oso;

import java.util.List;

/**
 * An error reported by liboso: a {@link Status} and the detailed message of
 * {@code oso_error_last()}, plus the diagnostics that explain it where there are some (the
 * {@code XML} finding of a refused document, the release violations of a redaction).
 */
public class OsoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status status;
    private final int code;
    private final transient List<Diagnostic> diagnostics;

    /** An error raised by the binding itself. */
    public OsoException(Status status, String message) {
        this(status, status.code(), message, List.of());
    }

    OsoException(Status status, int code, String message, List<Diagnostic> diagnostics) {
        super(message);
        this.status = status;
        this.code = code;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** The status ({@link Status#UNKNOWN} for a code this binding does not know). */
    public Status status() {
        return status;
    }

    /** The C status code. */
    public int code() {
        return code;
    }

    /** Diagnostics that explain the error (possibly empty). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    @Override
    public String toString() {
        return "OsoException[" + status + "]: " + getMessage();
    }
}
