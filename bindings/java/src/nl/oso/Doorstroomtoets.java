package nl.oso;

/**
 * A doorstroomtoets result for {@link Dossier#setDoorstroomtoets(Doorstroomtoets)}
 * ({@code oso_doorstroomtoets}). A mutable builder; required: toetssoort, toetsniveau,
 * datumAfname, toetsAdvies.
 */
public final class Doorstroomtoets {
    String toetssoort;
    String toetsniveau;
    String toetsomschrijving;
    String datumAfname;
    Integer standaardscore;
    String toetsAdvies;
    Referentieniveau lezen = Referentieniveau.NONE;
    Referentieniveau taalverzorging = Referentieniveau.NONE;
    Referentieniveau rekenen = Referentieniveau.NONE;
    byte[] rapportPdf;
    String rapportFilename;

    /** Codelist 42, e.g. "0013". */
    public Doorstroomtoets toetssoort(String value) {
        toetssoort = value;
        return this;
    }

    /** Codelist 43, e.g. "G". */
    public Doorstroomtoets toetsniveau(String value) {
        toetsniveau = value;
        return this;
    }

    /** Name of the test (optional). */
    public Doorstroomtoets toetsomschrijving(String value) {
        toetsomschrijving = value;
        return this;
    }

    /** Date taken, YYYY-MM-DD. */
    public Doorstroomtoets datumAfname(String value) {
        datumAfname = value;
        return this;
    }

    /** Standaardscore 0..1000 (optional). */
    public Doorstroomtoets standaardscore(int value) {
        standaardscore = value;
        return this;
    }

    /** The toetsadvies. */
    public Doorstroomtoets toetsAdvies(String value) {
        toetsAdvies = value;
        return this;
    }

    /** Levels for Lezen, Taalverzorging and Rekenen. */
    public Doorstroomtoets niveaus(Referentieniveau lezenLevel, Referentieniveau taalverzorgingLevel,
                                   Referentieniveau rekenenLevel) {
        lezen = lezenLevel;
        taalverzorging = taalverzorgingLevel;
        rekenen = rekenenLevel;
        return this;
    }

    /** The leerlingrapport PDF (optional, but DT.09 fails without one) and its file name. */
    public Doorstroomtoets rapport(byte[] pdf, String filename) {
        rapportPdf = pdf == null ? null : pdf.clone();
        rapportFilename = filename;
        return this;
    }
}
