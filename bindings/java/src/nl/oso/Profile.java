package nl.oso;

import java.util.Locale;

/** {@code oso_profile} (validate.h): which profile rules apply. */
public enum Profile {
    /** From {@code overdrachtsoort}, then {@code metadata/overstap}. */
    AUTO(0),
    /** No profile rules. */
    NONE(1),
    /** Overstapprofielen. */
    OV(2),
    /** SWV PaO profiles. */
    PAO(3);

    private final int code;

    Profile(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** "auto", "none", "OV" or "PaO" (any case). */
    public static Profile parse(String name) {
        for (Profile p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new OsoException(Status.INVALID_ARG,
                "unknown profile '" + name + "' (auto, none, OV or PaO)");
    }

    @Override
    public String toString() {
        return this == PAO ? "PaO" : this == OV ? "OV" : name().toLowerCase(Locale.ROOT);
    }
}
