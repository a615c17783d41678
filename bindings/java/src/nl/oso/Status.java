package nl.oso;

/** {@code oso_status} (common.h): the result of a fallible liboso call. */
public enum Status {
    OK(0),
    NOMEM(1),
    INVALID_ARG(2),
    IO(3),
    XML(4),
    LIMIT(5),
    OPTIONS_VERSION(6),
    UNSUPPORTED_STANDARD(7),
    NOT_FOUND(8),
    SCHEMA(9),
    STATE(10),
    CODELIST_FORMAT(11),
    BASE64(12),
    ZIP(13),
    POLICY(14),
    RELEASE(15),
    INVALID(16),
    /** A code this binding does not know (a newer library). */
    UNKNOWN(-1);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** The status of a C value ({@link #UNKNOWN} for values this binding does not know). */
    public static Status of(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** Generic English description ({@code oso_strerror}). */
    public String describe() {
        return Native.lib().oso_strerror(code);
    }
}
