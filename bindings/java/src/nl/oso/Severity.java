package nl.oso;

import java.util.Locale;

/** {@code oso_severity} (common.h). */
public enum Severity {
    /** Makes the dossier invalid (the official verdict). */
    ERROR(0),
    /** Stricter than the official validation; the verdict is unchanged. */
    WARNING(1),
    /** Information, e.g. a code table that was not loaded. */
    INFO(2);

    private final int code;

    Severity(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    static Severity of(int code) {
        for (Severity s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity " + code);
    }

    /** "error", "warning" or "info". */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
