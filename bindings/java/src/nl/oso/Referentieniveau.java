package nl.oso;

/** {@code oso_referentieniveau} (doorstroomtoets.h), codelist 45. */
public enum Referentieniveau {
    /** Not given. */
    NONE(0),
    /** "Lager dan 1F" (code 01). */
    LAGER_DAN_1F(1),
    /** 1F (code 02). */
    F1(2),
    /** 1S (code 03): Rekenen only. */
    S1(3),
    /** 2F (code 04): Lezen and Taalverzorging only. */
    F2(4);

    private final int code;

    Referentieniveau(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }
}
