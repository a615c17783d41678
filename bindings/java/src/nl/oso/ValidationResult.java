package nl.oso;

import com.sun.jna.Pointer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The diagnostics of a validation (a {@code List<Diagnostic>} in document order) with the
 * verdict ({@link #valid()}) and the profile the rules ran with ({@link #profile()}).
 */
public final class ValidationResult extends AbstractList<Diagnostic> {
    private final List<Diagnostic> diagnostics;
    private final boolean valid;
    private final String profile;
    private final long omitted;

    ValidationResult(List<Diagnostic> diagnostics, boolean valid, String profile, long omitted) {
        this.diagnostics = List.copyOf(diagnostics);
        this.valid = valid;
        this.profile = profile;
        this.omitted = omitted;
    }

    /** Findings counted but not listed: a report keeps at most 10,000 diagnostics. */
    public long omitted() {
        return omitted;
    }

    /** Copies a C report (does not free it). */
    static ValidationResult read(Pointer report, Lang lang) {
        OsoLibrary lib = Native.lib();
        if (report == null) {
            return new ValidationResult(List.of(), true, null, 0);
        }
        long count = lib.oso_report_count(report).longValue();
        List<Diagnostic> items = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            Pointer d = lib.oso_report_at(report, new OsoLibrary.SizeT(i));
            items.add(new Diagnostic(lib.oso_diagnostic_rule(d),
                    Severity.of(lib.oso_diagnostic_severity(d)), lib.oso_diagnostic_path(d),
                    lib.oso_diagnostic_line(d).longValue(), lib.oso_diagnostic_column(d).longValue(),
                    lib.oso_diagnostic_message(d, lang.code())));
        }
        return new ValidationResult(items, lib.oso_report_valid(report) != 0,
                lib.oso_report_profile(report), lib.oso_report_omitted_count(report).longValue());
    }

    /** Copies and frees a C report. */
    static ValidationResult take(Pointer report, Lang lang) {
        try {
            return read(report, lang);
        } finally {
            if (report != null) {
                Native.lib().oso_report_free(report);
            }
        }
    }

    @Override
    public Diagnostic get(int index) {
        return diagnostics.get(index);
    }

    @Override
    public int size() {
        return diagnostics.size();
    }

    /** The official verdict: true when no diagnostic has severity error. */
    public boolean valid() {
        return valid;
    }

    /** "OV" or "PaO", empty when no profile applied. */
    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    /** The diagnostics with severity error. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
    }

    /** The diagnostics with severity warning. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).toList();
    }

    @Override
    public String toString() {
        return "ValidationResult[valid=" + valid + ", profile=" + profile + ", diagnostics="
                + diagnostics.size() + "]";
    }
}
