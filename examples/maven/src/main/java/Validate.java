import java.nio.file.Path;
import nl.oso.Diagnostic;
import nl.oso.Lang;
import nl.oso.Oso;
import nl.oso.OsoException;
import nl.oso.ValidationOptions;
import nl.oso.ValidationResult;

/**
 * Validate OSO dossiers from Java and print the diagnostics.
 *
 * <pre>
 *   mvn -o -Dmaven.repo.local=/usr/share/maven-repo compile exec:exec -Doso.dossier=FILE
 *   java -cp liboso.jar:/usr/share/java/jna.jar:target/classes Validate [--en] FILE...
 * </pre>
 *
 * Exit status: 0 when every file is valid, 1 when some file is invalid, 2 on an I/O error.
 */
public final class Validate {
    private Validate() {
    }

    public static void main(String[] args) {
        ValidationOptions options = new ValidationOptions();
        int first = 0;
        if (args.length > 0 && args[0].equals("--en")) {
            options.lang(Lang.EN);
            first = 1;
        }
        if (first == args.length) {
            System.err.println("usage: Validate [--en] FILE...");
            System.exit(2);
        }
        int exit = 0;
        for (int i = first; i < args.length; i++) {
            String file = args[i];
            try {
                // Parse and validate in one call: malformed XML gives an XML diagnostic.
                ValidationResult result = Oso.validateFile(Path.of(file), options);
                for (Diagnostic d : result) {
                    System.out.printf("%s:%d:%d: %s %s: %s%n", file, d.line(), d.column(),
                            d.severity(), d.rule(), d.message());
                }
                System.out.printf("%s: %s (profile %s; %d error(s), %d warning(s))%n", file,
                        result.valid() ? "valid" : "INVALID", result.profile().orElse("none"),
                        result.errors().size(), result.warnings().size());
                if (!result.valid() && exit == 0) {
                    exit = 1;
                }
            } catch (OsoException e) {
                System.err.println("Validate: " + e.getMessage());
                exit = 2;
            }
        }
        System.exit(exit);
    }
}
