package nl.oso;

/** {@code oso_release_value} (release.h): a value of {@code categorie_uitlevering}. */
public enum ReleaseValue {
    /** Not given: keep the dossier's own value. */
    UNSET(0, null),
    /** The dossier must hold data of the category. */
    VERPLICHT(1, "VERPLICHT"),
    /** Optional. */
    OPTIONEEL(2, "OPTIONEEL"),
    /** No data of the category may be present. */
    VERBODEN(3, "VERBODEN"),
    /** Optional, switched off: no data may be present. */
    OPT_UIT(4, "OPT-UIT");

    private final int code;
    private final String text;

    ReleaseValue(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** The codelist-48 text ("OPT-UIT"), null for {@link #UNSET}. */
    public String text() {
        return text;
    }

    static ReleaseValue of(int code) {
        for (ReleaseValue v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown release value " + code);
    }

    /** "VERPLICHT", "OPTIONEEL", "VERBODEN" or "OPT-UIT" (any case). */
    public static ReleaseValue parse(String text) {
        for (ReleaseValue v : values()) {
            if (v.text != null && (v.text.equalsIgnoreCase(text) || v.name().equalsIgnoreCase(text))) {
                return v;
            }
        }
        throw new OsoException(Status.INVALID_ARG, "unknown release value '" + text
                + "' (VERPLICHT, OPTIONEEL, VERBODEN, OPT-UIT)");
    }
}
