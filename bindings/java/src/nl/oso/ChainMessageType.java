package nl.oso;

/** {@code oso_chain_message_type} (chain.h): the messages of the doorstroomtoets chain. */
public enum ChainMessageType {
    /** Not recognised (as an argument: recognise from the content). */
    UNKNOWN(0),
    /** Request of {@code POST /registreren}. */
    DEELNEMERSLIJST(1),
    /** Request of {@code POST /registreren-schooladviezen}. */
    SCHOOLADVIEZENLIJST(2),
    /** Request of {@code POST /leerlingresultaat}. */
    LEERLINGRESULTAAT(3),
    /** Response body of the three POST operations. */
    ONTVANGSTMELDING(4);

    private final int code;

    ChainMessageType(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    static ChainMessageType of(int code) {
        for (ChainMessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown chain message type " + code);
    }

    /** The definition's name, e.g. "Schooladviezenlijst" ("unknown" for UNKNOWN). */
    public String definitionName() {
        return Native.lib().oso_chain_message_type_name(code);
    }
}
