package nl.oso;

/** {@code oso_lang} (common.h): language of diagnostic messages. */
public enum Lang {
    /** Dutch (the default). */
    NL(0),
    /** English. */
    EN(1);

    private final int code;

    Lang(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }
}
