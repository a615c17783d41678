package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Library-wide functions: version, severities, one-shot validation of files and buffers. */
public final class Oso {
    private Oso() {
    }

    /** Version of the loaded liboso ("1.0.0"). */
    public static String version() {
        return Native.lib().oso_version();
    }

    /** What the library was loaded as (a path or a name; see the lookup order in the README). */
    public static String library() {
        return Native.libraryName();
    }

    /** The library's name of a severity ("error", "warning", "info"). */
    public static String severityName(Severity severity) {
        return Native.lib().oso_severity_name(severity.code());
    }

    /** Forgets the calling thread's last error ({@code oso_error_clear}). */
    public static void clearError() {
        Native.lib().oso_error_clear();
    }

    /**
     * Parses and validates a file in one go. A document that cannot be parsed gives a result
     * with the {@code XML} diagnostic (invalid), not an exception.
     *
     * @throws OsoException IO when the file cannot be read
     */
    public static ValidationResult validateFile(Path path, ValidationOptions options) {
        return validateFile(path, options, null);
    }

    /** As {@link #validateFile(Path, ValidationOptions)}, with parse limits. */
    public static ValidationResult validateFile(Path path, ValidationOptions options,
                                                ParseLimits limits) {
        OsoLibrary.ValidateOptions o = options.struct();
        PointerByReference report = new PointerByReference();
        String name = Native.arg(path.toString(), "path");
        int status = Native.lib().oso_validate_file(report, name, o, ParseLimits.struct(limits));
        ValidationResult result = ValidationResult.take(report.getValue(), options.lang());
        Native.check(status, name);
        return result;
    }

    /** As {@link #validateFile(Path, ValidationOptions)}, for a document in memory. */
    public static ValidationResult validateBytes(byte[] data, ValidationOptions options) {
        OsoLibrary.ValidateOptions o = options.struct();
        PointerByReference report = new PointerByReference();
        int status = Native.lib().oso_validate_buffer(report, data,
                new OsoLibrary.SizeT(data.length), o, null);
        ValidationResult result = ValidationResult.take(report.getValue(), options.lang());
        Native.check(status, "<bytes>");
        return result;
    }

    /**
     * Verifies every attachment of a dossier file in streaming mode (bounded memory however
     * large the attachments): the ATT.* findings, or the XML diagnostic of a refused input.
     */
    public static ValidationResult verifyAttachmentsFile(Path path, AttachmentLimits limits, Lang lang) {
        PointerByReference report = new PointerByReference();
        String name = Native.arg(path.toString(), "path");
        int status = Native.lib().oso_attachments_verify_file(report, name, AttachmentLimits.struct(limits), null);
        ValidationResult result = ValidationResult.take(report.getValue(), lang);
        Native.check(status, name);
        return result;
    }

    /**
     * Parses a dossier file in streaming mode and hands each attachment, decoded into a
     * temporary file and verified when {@code verify}, to {@code visitor} (may be null). A
     * RuntimeException thrown by the visitor stops the scan and is rethrown.
     *
     * @param keepDossier also return the model (without attachment content)
     */
    public static ScanResult scanAttachments(Path path, boolean verify, boolean keepDossier,
                                             AttachmentLimits limits, Consumer<StreamedAttachment> visitor) {
        OsoLibrary lib = Native.lib();
        RuntimeException[] failure = new RuntimeException[1];
        OsoLibrary.AttachmentVisitFn callback = visitor == null ? null : (ctx, document, attachment) -> {
            try {
                PointerByReference p = new PointerByReference();
                Native.check(lib.oso_node_path(p, document), "path");
                String docPath = new String(Native.take(p, p.getValue().indexOf(0, (byte) 0)),
                        java.nio.charset.StandardCharsets.UTF_8);
                Optional<String> error = Optional.empty();
                if (attachment == null) {
                    String detail = lib.oso_error_last();
                    error = Optional.of(detail == null || detail.isEmpty() ? "unreadable" : detail);
                }
                Archive archive = attachment == null ? null : new Archive(attachment, null, true);
                try {
                    visitor.accept(new StreamedAttachment(docPath,
                            Optional.ofNullable(lib.oso_attachment_filename(document)),
                            Optional.ofNullable(lib.oso_attachment_description(document)),
                            lib.oso_attachment_category(document), Optional.ofNullable(archive), error));
                } finally {
                    if (archive != null) {
                        archive.close();
                    }
                }
                return Status.OK.code();
            } catch (RuntimeException e) {
                failure[0] = e;
                return Status.STATE.code();
            }
        };
        PointerByReference dossier = keepDossier ? new PointerByReference() : null;
        PointerByReference report = new PointerByReference();
        String name = Native.arg(path.toString(), "path");
        int status = lib.oso_attachments_scan_file(dossier, report, name, AttachmentLimits.struct(limits),
                null, verify ? 1 : 0, callback, null);
        OsoException error = status != Status.OK.code() && failure[0] == null
                ? Native.error(status, name, java.util.List.of()) : null;
        ValidationResult result = ValidationResult.take(report.getValue(), Lang.NL);
        Pointer model = dossier == null ? null : dossier.getValue();
        Dossier d = model == null ? null : Dossier.adopt(model);
        if (failure[0] != null || error != null) {
            if (d != null) {
                d.close();
            }
            throw failure[0] != null ? failure[0] : error;
        }
        return new ScanResult(Optional.ofNullable(d), result);
    }

    /** Scans with verification, without keeping the model. */
    public static ScanResult scanAttachments(Path path, Consumer<StreamedAttachment> visitor) {
        return scanAttachments(path, true, false, null, visitor);
    }
}
