package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;

/**
 * The result of checking a doorstroomtoets chain message ({@code oso_chain_check_*}): the
 * findings ({@code DTM.*}, path = JSON Pointer) with the verdict, and the message type checked
 * against.
 */
public final class MessageCheckResult {
    private final ValidationResult findings;
    private final ChainMessageType type;

    private MessageCheckResult(ValidationResult findings, ChainMessageType type) {
        this.findings = findings;
        this.type = type;
    }

    /** The findings and the verdict. */
    public ValidationResult findings() {
        return findings;
    }

    /** True when the message passes the definition. */
    public boolean valid() {
        return findings.valid();
    }

    /** The type checked against; UNKNOWN when it could not be recognised. */
    public ChainMessageType type() {
        return type;
    }

    private static OsoLibrary.ChainCheckOptions options(ChainMessageType expect, long maxBytes) {
        OsoLibrary.ChainCheckOptions o = new OsoLibrary.ChainCheckOptions();
        Native.check(Native.lib().oso_chain_check_options_init(o, OsoLibrary.ChainCheckOptions.VERSION),
                "chain check options");
        o.expect = (expect == null ? ChainMessageType.UNKNOWN : expect).code();
        o.max_bytes = new OsoLibrary.SizeT(maxBytes);
        return o;
    }

    private static MessageCheckResult take(int status, PointerByReference report, IntByReference type,
                                           Lang lang, String context) {
        Pointer r = report.getValue();
        ValidationResult findings = ValidationResult.take(r, lang);
        Native.check(status, context);
        return new MessageCheckResult(findings, ChainMessageType.of(type.getValue()));
    }

    /**
     * Checks a message held in memory.
     *
     * @param expect the type to check against, or null / UNKNOWN to recognise it
     * @param maxBytes size limit (0: the library's default of 16 MiB)
     */
    public static MessageCheckResult check(byte[] data, ChainMessageType expect, long maxBytes,
                                           Lang lang) {
        PointerByReference report = new PointerByReference();
        IntByReference type = new IntByReference();
        int status = Native.lib().oso_chain_check_buffer(report, type, data,
                new OsoLibrary.SizeT(data.length), options(expect, maxBytes));
        return take(status, report, type, lang, "<bytes>");
    }

    /**
     * As {@link #check}, for a file.
     *
     * @throws OsoException IO when the file cannot be read
     */
    public static MessageCheckResult checkFile(Path path, ChainMessageType expect, long maxBytes,
                                               Lang lang) {
        PointerByReference report = new PointerByReference();
        IntByReference type = new IntByReference();
        String name = Native.arg(path.toString(), "path");
        int status = Native.lib().oso_chain_check_file(report, type, name, options(expect, maxBytes));
        return take(status, report, type, lang, name);
    }
}
