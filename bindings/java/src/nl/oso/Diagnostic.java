package nl.oso;

/**
 * One finding of parsing or validation.
 *
 * @param rule rule id: {@code XML}, {@code XSD}, {@code CL14}, {@code OG.01a}, {@code OS.cat05}, ...
 * @param severity error, warning or info
 * @param path {@code /dossier[1]/huidigeschool[1]/leerling[1]/geslacht[1]}; "" for the document
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message the message in the language asked for
 */
public record Diagnostic(String rule, Severity severity, String path, long line, long column,
                         String message) {

    /** {@code LINE:COLUMN: RULE: severity: message}. */
    @Override
    public String toString() {
        return line + ":" + column + ": " + rule + ": " + severity + ": " + message;
    }
}
