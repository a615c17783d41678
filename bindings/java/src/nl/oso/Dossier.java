package nl.oso;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OSO dossier ({@code oso_dossier}).
 *
 * <p>Create one with {@link #fromFile(Path)}, {@link #fromBytes(byte[])},
 * {@link #fromStream(InputStream)} or {@link #newDossier()}; free it with {@link #close()} or
 * try-with-resources (a {@link java.lang.ref.Cleaner} frees it too, as a fallback, once it is
 * unreachable). A dossier may be used by one thread at a time.
 *
 * <pre>{@code
 * try (Dossier d = Dossier.fromFile(Path.of("dossier.xml"))) {
 *     ValidationResult r = d.validate(new ValidationOptions().lang(Lang.EN));
 *     System.out.println(r.valid() + " " + d.get("/dossier/huidigeschool/naam"));
 *     r.forEach(System.out::println);
 * }
 * }</pre>
 */
public final class Dossier implements AutoCloseable {
    private final Handle handle;
    private long generation;
    private ValidationResult redactionResult;

    private Dossier(Pointer ptr) {
        OsoLibrary lib = Native.lib();
        this.handle = new Handle(this, "Dossier", ptr, lib::oso_dossier_free);
    }

    // --- construction ---------------------------------------------------------------------

    /** An empty dossier (just {@code <dossier>}), to build one from code. */
    public static Dossier newDossier() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_dossier_new(out), "new dossier");
        return new Dossier(out.getValue());
    }

    private static Dossier parsed(int status, PointerByReference dossier,
                                  PointerByReference report, String what) {
        ValidationResult diagnostics = ValidationResult.take(report.getValue(), Lang.NL);
        if (dossier.getValue() != null) {
            return new Dossier(dossier.getValue());
        }
        throw Native.error(status == Status.OK.code() ? Status.XML.code() : status, what,
                diagnostics);
    }

    /**
     * Parses a file. Structural findings do not stop parsing ({@link #validate()} reports them).
     *
     * @throws OsoException IO when the file cannot be read; XML, LIMIT or
     *         UNSUPPORTED_STANDARD when the document is refused (the diagnostic is in
     *         {@link OsoException#diagnostics()})
     */
    public static Dossier fromFile(Path path) {
        return fromFile(path, null);
    }

    /** As {@link #fromFile(Path)}, with parse limits (null: the defaults). */
    public static Dossier fromFile(Path path, ParseLimits limits) {
        PointerByReference d = new PointerByReference();
        PointerByReference r = new PointerByReference();
        String name = Native.arg(path.toString(), "path");
        int status = Native.lib().oso_dossier_parse_file(d, r, name, ParseLimits.struct(limits));
        return parsed(status, d, r, name);
    }

    /** Parses a document held in memory (see {@link #fromFile(Path)}). */
    public static Dossier fromBytes(byte[] data) {
        return fromBytes(data, null);
    }

    /** As {@link #fromBytes(byte[])}, with parse limits (null: the defaults). */
    public static Dossier fromBytes(byte[] data, ParseLimits limits) {
        PointerByReference d = new PointerByReference();
        PointerByReference r = new PointerByReference();
        int status = Native.lib().oso_dossier_parse_buffer(d, r, data,
                new OsoLibrary.SizeT(data.length), ParseLimits.struct(limits));
        return parsed(status, d, r, "<bytes>");
    }

    /** Parses a stream with the push parser, in chunks (the stream is not closed). */
    public static Dossier fromStream(InputStream in) throws IOException {
        return fromStream(in, null);
    }

    /** As {@link #fromStream(InputStream)}, with parse limits (null: the defaults). */
    public static Dossier fromStream(InputStream in, ParseLimits limits) throws IOException {
        OsoLibrary lib = Native.lib();
        PointerByReference out = new PointerByReference();
        Native.check(lib.oso_parser_new(out, ParseLimits.struct(limits)), "parser");
        Pointer parser = out.getValue();
        try {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (lib.oso_parser_feed(parser, buf, new OsoLibrary.SizeT(n)) != Status.OK.code()) {
                    break; // refused: finish() gives the diagnostic
                }
            }
            PointerByReference d = new PointerByReference();
            PointerByReference r = new PointerByReference();
            int status = lib.oso_parser_finish(parser, d, r);
            return parsed(status, d, r, "<stream>");
        } finally {
            lib.oso_parser_free(parser);
        }
    }

    /** An independent deep copy. */
    public Dossier copy() {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_dossier_clone(out, handle()), "clone");
        return new Dossier(out.getValue());
    }

    // --- lifetime -------------------------------------------------------------------------

    Pointer handle() {
        return handle.get();
    }

    long generation() {
        return generation;
    }

    void invalidateNodes() {
        generation++;
    }

    /** Frees the dossier (idempotent); its Nodes become unusable. */
    @Override
    public void close() {
        handle.close();
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    // --- reading and editing --------------------------------------------------------------

    /** The root element ({@code <dossier>}). */
    public Node root() {
        return new Node(this, Native.lib().oso_dossier_root(handle()));
    }

    /**
     * The element at {@code path} ({@code /dossier/huidigeschool/leerling/voornaam[2]}).
     *
     * @throws OsoException INVALID_ARG for a malformed path
     */
    public Optional<Node> find(String path) {
        PointerByReference out = new PointerByReference();
        int status = Native.lib().oso_dossier_find(out, handle(), Native.arg(path, "path"));
        if (status == Status.NOT_FOUND.code()) {
            return Optional.empty();
        }
        Native.check(status, "path '" + path + "'");
        return Optional.of(new Node(this, out.getValue()));
    }

    /** Text of the element at {@code path}, or null when there is none. */
    public String get(String path) {
        return Native.lib().oso_dossier_get(handle(), Native.arg(path, "path"));
    }

    /**
     * Sets the text of the element at {@code path}, creating it and missing ancestors in
     * schema order.
     *
     * @throws OsoException SCHEMA when the schema does not allow the element there
     */
    public Node set(String path, String text) {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_dossier_set(out, handle(), Native.arg(path, "path"),
                Native.arg(text, "text")), "set '" + path + "'");
        return new Node(this, out.getValue());
    }

    // --- validation -----------------------------------------------------------------------

    /** Validates with the defaults (profile auto, embedded codelists, official rules). */
    public ValidationResult validate() {
        return validate(new ValidationOptions());
    }

    /** Validates: the diagnostics in document order, the verdict and the profile used. */
    public ValidationResult validate(ValidationOptions options) {
        OsoLibrary.ValidateOptions o = options.struct();
        PointerByReference report = new PointerByReference();
        int status = Native.lib().oso_validate(report, handle(), o);
        ValidationResult result = ValidationResult.take(report.getValue(), options.lang());
        Native.check(status, "validate");
        return result;
    }

    // --- release --------------------------------------------------------------------------

    /**
     * Applies a selective release to a copy and returns the copy: a preset ("OV-POVO"),
     * "metadata" or null (the dossier's own values), "CAT=VALUE,..." text, or a mix
     * ("OV-POVO,vve=OPT-UIT"). See {@link #redact(Release, ValidationOptions)}.
     */
    public Dossier redact(String release) {
        try (Release r = Release.of(release)) {
            return redact(r, new ValidationOptions());
        }
    }

    /** As {@link #redact(String)}, with {category: value} pairs ({"vve": "OPT-UIT"}). */
    public Dossier redact(Map<String, String> release) {
        try (Release r = Release.of(release)) {
            return redact(r, new ValidationOptions());
        }
    }

    /**
     * Applies a release to a copy of the dossier. Every element of a VERBODEN or OPT-UIT
     * category is removed; the result is validated with {@code options}, and that validation
     * is available from {@link #redactionResult()} of the returned dossier.
     *
     * @throws OsoException RELEASE (with the reasons in {@link OsoException#diagnostics()})
     *         when the release cannot be applied, e.g. a VERPLICHT category without data
     */
    public Dossier redact(Release release, ValidationOptions options) {
        OsoLibrary.ValidateOptions o = options.struct();
        PointerByReference out = new PointerByReference();
        PointerByReference report = new PointerByReference();
        int status = Native.lib().oso_dossier_redact(out, report, handle(), release.handle(), o);
        ValidationResult result = ValidationResult.take(report.getValue(), options.lang());
        if (status != Status.OK.code() || out.getValue() == null) {
            throw Native.error(status == Status.OK.code() ? Status.RELEASE.code() : status,
                    "redact", result);
        }
        Dossier redacted = new Dossier(out.getValue());
        redacted.redactionResult = result;
        return redacted;
    }

    /** For a dossier made by redact(): the validation of the result. */
    public Optional<ValidationResult> redactionResult() {
        return Optional.ofNullable(redactionResult);
    }

    /**
     * Fills or replaces the pupil's {@code eindtoets_basisonderwijs} with a doorstroomtoets
     * result; values the DT rules would reject throw {@link OsoException} (INVALID_ARG) and
     * leave the dossier unchanged. Every {@link Node} of the dossier becomes unusable (the block
     * is replaced).
     */
    public void setDoorstroomtoets(Doorstroomtoets result) {
        OsoLibrary lib = Native.lib();
        OsoLibrary.DoorstroomtoetsStruct s = new OsoLibrary.DoorstroomtoetsStruct();
        Native.check(lib.oso_doorstroomtoets_init(s, OsoLibrary.DoorstroomtoetsStruct.VERSION),
                "doorstroomtoets");
        s.toetssoort = Native.arg(result.toetssoort, "toetssoort");
        s.toetsniveau = Native.arg(result.toetsniveau, "toetsniveau");
        s.toetsomschrijving = Native.arg(result.toetsomschrijving, "toetsomschrijving");
        s.datum_afname = Native.arg(result.datumAfname, "datumAfname");
        s.toets_advies = Native.arg(result.toetsAdvies, "toetsAdvies");
        if (result.standaardscore != null) {
            s.has_standaardscore = 1;
            s.standaardscore = result.standaardscore;
        }
        s.lezen = result.lezen.code();
        s.taalverzorging = result.taalverzorging.code();
        s.rekenen = result.rekenen.code();
        Memory pdf = null;
        if (result.rapportPdf != null && result.rapportPdf.length > 0) {
            pdf = new Memory(result.rapportPdf.length);
            pdf.write(0, result.rapportPdf, 0, result.rapportPdf.length);
            s.rapport_pdf = pdf;
            s.rapport_pdf_length = new OsoLibrary.SizeT(result.rapportPdf.length);
        }
        s.rapport_filename = Native.arg(result.rapportFilename, "rapportFilename");
        try {
            int status = lib.oso_dossier_set_doorstroomtoets(handle(), s);
            invalidateNodes(); // the old block's elements are removed
            Native.check(status, "doorstroomtoets");
        } finally {
            if (pdf != null) {
                pdf.close();
            }
        }
    }

    /**
     * Fills or replaces the pupil's {@code eindtoets_basisonderwijs} from a doorstroomtoets chain
     * Leerlingresultaat (JSON) and its report PDF (mapping in doc/doorstroomtoets-chain.md).
     * Every {@link Node} of the dossier becomes unusable (the block is replaced).
     *
     * @param message the Leerlingresultaat
     * @param rapportPdf the leerlingrapport; null: none (a {@code DTM.BRIDGE_RAPPORT} warning,
     *        and the dossier fails DT.09)
     * @return the findings: valid when the block was written (warnings such as
     *         {@code DTM.BRIDGE_DROPPED} may remain), invalid when the message is invalid or
     *         cannot be mapped ({@code DTM.*} errors; the dossier is unchanged)
     * @throws OsoException SCHEMA when the dossier has no pupil
     */
    public ValidationResult importLeerlingresultaat(byte[] message, byte[] rapportPdf, Lang lang) {
        PointerByReference report = new PointerByReference();
        int status = Native.lib().oso_dossier_import_leerlingresultaat(handle(), report, message,
                new OsoLibrary.SizeT(message.length), rapportPdf,
                new OsoLibrary.SizeT(rapportPdf == null ? 0 : rapportPdf.length));
        invalidateNodes(); // the old block's elements are removed
        ValidationResult result = ValidationResult.take(report.getValue(), lang);
        if (status != Status.INVALID.code()) {
            Native.check(status, "leerlingresultaat");
        }
        return result;
    }

    // --- attachments --------------------------------------------------------------------

    /** Every {@code document} element, in document order. */
    public List<Attachment> attachments() {
        OsoLibrary lib = Native.lib();
        Pointer d = handle();
        List<Attachment> out = new ArrayList<>();
        for (Pointer p = lib.oso_attachment_next(d, null); p != null; p = lib.oso_attachment_next(d, p)) {
            out.add(new Attachment(new Node(this, p)));
        }
        return out;
    }

    /** Number of {@code document} elements. */
    public int attachmentCount() {
        return Math.toIntExact(Native.lib().oso_attachment_count(handle()).longValue());
    }

    private Node parent(Node parent) {
        if (parent.dossier() != this) {
            throw new OsoException(Status.INVALID_ARG, "the parent belongs to another dossier");
        }
        return parent;
    }

    /**
     * Creates a {@code document} in {@code parent} (an element that may hold one, e.g.
     * {@code overigdocumentlijst}) holding {@code data} zipped and Base64-encoded.
     *
     * @throws OsoException POLICY when the name or content is not an allowed document type,
     *         SCHEMA when the parent cannot hold a document; the dossier is then unchanged
     */
    public Attachment addAttachment(Node parent, String filename, String description, byte[] data) {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_attachment_add(out, parent(parent).handle(),
                Native.arg(filename, "filename"), Native.arg(description, "description"), data,
                new OsoLibrary.SizeT(data.length)), "add attachment '" + filename + "'");
        return new Attachment(new Node(this, out.getValue()));
    }

    /** As {@link #addAttachment(Node, String, String, byte[])}, with the parent's path. */
    public Attachment addAttachment(String parentPath, String filename, String description, byte[] data) {
        Node parent = find(parentPath).orElseThrow(
                () -> new OsoException(Status.NOT_FOUND, "no element '" + parentPath + "'"));
        return addAttachment(parent, filename, description, data);
    }

    /** As {@link #addAttachment(Node, String, String, byte[])}, reading a file (filename null: its own). */
    public Attachment addAttachmentFile(Node parent, Path file, String filename, String description) {
        PointerByReference out = new PointerByReference();
        String name = Native.arg(file.toString(), "path");
        Native.check(Native.lib().oso_attachment_add_file(out, parent(parent).handle(), name,
                Native.arg(filename, "filename"), Native.arg(description, "description")), name);
        return new Attachment(new Node(this, out.getValue()));
    }

    /** Checks every attachment: the ATT.* findings (empty when all are sound). */
    public ValidationResult verifyAttachments() {
        return verifyAttachments(null, Lang.NL);
    }

    /** As {@link #verifyAttachments()}, with limits and a message language. */
    public ValidationResult verifyAttachments(AttachmentLimits limits, Lang lang) {
        PointerByReference report = new PointerByReference();
        int status = Native.lib().oso_attachments_verify(report, handle(), AttachmentLimits.struct(limits));
        ValidationResult result = ValidationResult.take(report.getValue(), lang);
        Native.check(status, "attachments");
        return result;
    }

    static Dossier adopt(Pointer ptr) {
        return new Dossier(ptr);
    }

    // --- output ---------------------------------------------------------------------------

    private static OsoLibrary.WriteOptions writeOptions(boolean compact, boolean omit) {
        OsoLibrary.WriteOptions o = new OsoLibrary.WriteOptions();
        Native.check(Native.lib().oso_write_options_init(o, OsoLibrary.WriteOptions.VERSION),
                "write options");
        o.compact = compact ? 1 : 0;
        o.omit_attachment_content = omit ? 1 : 0;
        return o;
    }

    /** The dossier as UTF-8 XML, indented. */
    public byte[] toXml() {
        return toXml(false);
    }

    /** The dossier as UTF-8 XML, indented or compact. */
    public byte[] toXml(boolean compact) {
        PointerByReference out = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        Native.check(Native.lib().oso_dossier_to_xml(out, length, handle(),
                writeOptions(compact, false)), "write xml");
        return Native.take(out, length.getValue());
    }

    /** The dossier as JSON (doc/json-mapping.md), indented. */
    public String toJson() {
        return toJson(false, false);
    }

    /** The dossier as JSON; {@code omitAttachments} writes null for attachment contents. */
    public String toJson(boolean compact, boolean omitAttachments) {
        PointerByReference out = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        Native.check(Native.lib().oso_dossier_to_json(out, length, handle(),
                writeOptions(compact, omitAttachments)), "write json");
        return new String(Native.take(out, length.getValue()), StandardCharsets.UTF_8);
    }

    /** Writes XML to a file (created or truncated). */
    public void saveXml(Path path, boolean compact) {
        String name = Native.arg(path.toString(), "path");
        Native.check(Native.lib().oso_dossier_save_xml(handle(), name,
                writeOptions(compact, false)), name);
    }

    /** Writes JSON to a file (created or truncated). */
    public void saveJson(Path path, boolean compact, boolean omitAttachments) {
        String name = Native.arg(path.toString(), "path");
        Native.check(Native.lib().oso_dossier_save_json(handle(), name,
                writeOptions(compact, omitAttachments)), name);
    }

    @Override
    public String toString() {
        return isClosed() ? "Dossier[closed]" : "Dossier[" + get("/dossier/overdrachtsoort") + "]";
    }
}
