package nl.oso;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code document} element of a {@link Dossier}: {@code bestandsnaam}, {@code omschrijving}
 * and {@code bestandsinhoud} (Base64 of a ZIP archive). Borrows the dossier like a
 * {@link Node}: usable while the dossier is open and no element has been removed.
 */
public final class Attachment {
    private final Node node;

    Attachment(Node node) {
        this.node = node;
    }

    private Pointer ptr() {
        return node.handle();
    }

    /** The {@code document} element. */
    public Node node() {
        return node;
    }

    /** Path of the {@code document} element. */
    public String path() {
        return node.path();
    }

    /** {@code bestandsnaam}. */
    public Optional<String> filename() {
        return Optional.ofNullable(Native.lib().oso_attachment_filename(ptr()));
    }

    /** {@code omschrijving} (optional). */
    public Optional<String> description() {
        return Optional.ofNullable(Native.lib().oso_attachment_description(ptr()));
    }

    /** Release category 1..16 the attachment belongs to, 0 when none. */
    public int category() {
        return Native.lib().oso_attachment_category(ptr());
    }

    /** Field name of the category ("cat_bijlagedocs"). */
    public Optional<String> categoryField() {
        int c = category();
        return c == 0 ? Optional.empty() : Optional.ofNullable(Native.lib().oso_release_category_field(c));
    }

    /** The decoded content: the ZIP archive's bytes. */
    public byte[] zip() {
        PointerByReference out = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        Native.check(Native.lib().oso_attachment_decode(out, length, ptr()), path());
        return Native.take(out, length.getValue());
    }

    /** Streams the ZIP bytes to {@code out} in chunks. */
    public void writeZip(OutputStream out) throws IOException {
        Sink sink = new Sink(out);
        int status = Native.lib().oso_attachment_decode_to(ptr(), sink, null);
        sink.finish(status, path());
    }

    /** Decodes and opens the ZIP archive (close the result). */
    public Archive open(AttachmentLimits limits) {
        PointerByReference out = new PointerByReference();
        Native.check(Native.lib().oso_attachment_open(out, ptr(), AttachmentLimits.struct(limits)), path());
        return new Archive(out.getValue(), null, false);
    }

    /** The entries of the ZIP archive. */
    public List<ZipEntry> entries() {
        try (Archive a = open(null)) {
            return a.entries();
        }
    }

    /**
     * The document: the entry named like {@code bestandsnaam}, else the archive's only file.
     *
     * @throws OsoException NOT_FOUND when that does not settle it; BASE64, ZIP or LIMIT for a
     *         bad attachment
     */
    public byte[] data() {
        return data(null, null);
    }

    /** The entry called {@code name} ({@code null}: see {@link #data()}), with limits. */
    public byte[] data(String name, AttachmentLimits limits) {
        try (Archive a = open(limits)) {
            if (name != null) {
                return a.read(name);
            }
            Optional<String> filename = filename();
            if (filename.isPresent()) {
                OptionalInt index = a.find(filename.get());
                if (index.isPresent()) {
                    return a.read(index.getAsInt());
                }
            }
            List<ZipEntry> files = a.entries().stream().filter(e -> !e.directory()).toList();
            if (files.size() == 1) {
                return a.read(files.get(0).index());
            }
            throw new OsoException(Status.NOT_FOUND, path() + ": no single document in the archive ("
                    + files.stream().map(ZipEntry::name).toList() + "); pass a name");
        }
    }

    /** Writes every file of the archive below {@code dir}; see {@link Archive#extractAll(Path)}. */
    public List<Path> extract(Path dir) throws IOException {
        try (Archive a = open(null)) {
            return a.extractAll(dir);
        }
    }

    /** Checks the attachment without extracting: the ATT.* findings (empty: sound). */
    public ValidationResult verify() {
        return verify(null, Lang.NL);
    }

    /** As {@link #verify()}, with limits and a message language. */
    public ValidationResult verify(AttachmentLimits limits, Lang lang) {
        PointerByReference report = new PointerByReference();
        int status = Native.lib().oso_attachment_verify(report, ptr(), AttachmentLimits.struct(limits));
        ValidationResult result = ValidationResult.take(report.getValue(), lang);
        Native.check(status, path());
        return result;
    }

    /** Replaces the document; the content must be an allowed type (POLICY otherwise). */
    public void set(String filename, String description, byte[] data) {
        Native.check(Native.lib().oso_attachment_set(ptr(), Native.arg(filename, "filename"),
                Native.arg(description, "description"), data, new OsoLibrary.SizeT(data.length)), path());
    }

    /** Replaces the document with a file's contents (its own name when filename is null). */
    public void setFile(Path file, String filename, String description) {
        String name = Native.arg(file.toString(), "path");
        Native.check(Native.lib().oso_attachment_set_file(ptr(), name, Native.arg(filename, "filename"),
                Native.arg(description, "description")), name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attachment a && a.node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    @Override
    public String toString() {
        try {
            return "Attachment[" + filename().orElse("?") + " at " + path() + "]";
        } catch (OsoException e) {
            return "Attachment[stale]";
        }
    }
}
