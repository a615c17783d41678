package nl.oso;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * An attachment's ZIP archive opened for listing and extracting ({@code oso_attachment}).
 * Opening checks the structure and entry count; reading enforces the size and ratio limits and
 * every entry's CRC-32. Free it with {@link #close()}. Not thread-safe.
 */
public final class Archive implements AutoCloseable {
    private final Handle handle;
    private final Memory buffer; // the bytes an archive opened from memory points into
    private final boolean borrowed;
    private boolean closed;
    private final Pointer ptr;

    Archive(Pointer ptr, Memory buffer, boolean borrowed) {
        this.ptr = ptr;
        this.buffer = buffer;
        this.borrowed = borrowed;
        OsoLibrary lib = Native.lib();
        this.handle = borrowed ? null : new Handle(this, "Archive", ptr, p -> {
            lib.oso_attachment_free(p);
            if (buffer != null) {
                buffer.close();
            }
        });
    }

    /** Opens ZIP bytes (e.g. {@link Attachment#zip()}). */
    public static Archive fromBytes(byte[] zip, AttachmentLimits limits) {
        Memory buffer = new Memory(Math.max(1, zip.length));
        buffer.write(0, zip, 0, zip.length);
        PointerByReference out = new PointerByReference();
        int status = Native.lib().oso_attachment_open_buffer(out, buffer,
                new OsoLibrary.SizeT(zip.length), AttachmentLimits.struct(limits));
        if (status != Status.OK.code()) {
            buffer.close();
            Native.check(status, "zip");
        }
        return new Archive(out.getValue(), buffer, false);
    }

    Pointer ptr() {
        if (borrowed && closed) {
            throw new OsoException(Status.STATE, "Archive is closed");
        }
        return borrowed ? ptr : handle.get();
    }

    /** Frees the archive (idempotent). */
    @Override
    public void close() {
        closed = true;
        if (handle != null) {
            handle.close();
        }
    }

    /** The entries (files and folders), in archive order. */
    public List<ZipEntry> entries() {
        OsoLibrary lib = Native.lib();
        Pointer p = ptr();
        int n = Math.toIntExact(lib.oso_attachment_entry_count(p).longValue());
        List<ZipEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            OsoLibrary.SizeT k = new OsoLibrary.SizeT(i);
            String name = lib.oso_attachment_entry_name(p, k);
            out.add(new ZipEntry(i, name == null ? "" : name, lib.oso_attachment_entry_size(p, k),
                    lib.oso_attachment_entry_compressed_size(p, k),
                    lib.oso_attachment_entry_is_dir(p, k) != 0,
                    lib.oso_attachment_entry_name_safe(p, k) != 0));
        }
        return out;
    }

    /** Index of the first entry named exactly {@code name}. */
    public OptionalInt find(String name) {
        OsoLibrary.SizeTByReference index = new OsoLibrary.SizeTByReference();
        int status = Native.lib().oso_attachment_find(ptr(), Native.arg(name, "name"), index);
        if (status == Status.NOT_FOUND.code()) {
            return OptionalInt.empty();
        }
        Native.check(status, "entry '" + name + "'");
        return OptionalInt.of(Math.toIntExact(index.getValue()));
    }

    private int index(String name) {
        return find(name).orElseThrow(
                () -> new OsoException(Status.NOT_FOUND, "no entry '" + name + "' in the archive"));
    }

    /** Extracts entry {@code index} into memory. */
    public byte[] read(int index) {
        PointerByReference out = new PointerByReference();
        OsoLibrary.SizeTByReference length = new OsoLibrary.SizeTByReference();
        Native.check(Native.lib().oso_attachment_extract(out, length, ptr(), new OsoLibrary.SizeT(index)),
                "entry " + index);
        return length.getValue() == 0 ? freeEmpty(out) : Native.take(out, length.getValue());
    }

    private static byte[] freeEmpty(PointerByReference out) {
        Native.lib().oso_free(out.getValue());
        return new byte[0];
    }

    /** Extracts the entry called {@code name} into memory. */
    public byte[] read(String name) {
        return read(index(name));
    }

    /** Streams entry {@code index} to {@code out} in chunks; discard the output on failure. */
    public void extractTo(int index, OutputStream out) throws IOException {
        Sink sink = new Sink(out);
        int status = Native.lib().oso_attachment_extract_to(ptr(), new OsoLibrary.SizeT(index), sink, null);
        sink.finish(status, "entry " + index);
    }

    /**
     * Writes every file entry below {@code dir} (folders are created); returns the files
     * written. Refuses the whole archive (nothing written) when an entry name is unsafe.
     */
    public List<Path> extractAll(Path dir) throws IOException {
        List<ZipEntry> entries = entries();
        List<String> unsafe = entries.stream().filter(e -> !e.safe()).map(ZipEntry::name).toList();
        if (!unsafe.isEmpty()) {
            throw new OsoException(Status.POLICY, "unsafe entry name(s) in the archive: " + unsafe);
        }
        List<Path> written = new ArrayList<>();
        for (ZipEntry e : entries) {
            Path target = dir.resolve(e.name());
            if (e.directory()) {
                Files.createDirectories(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            boolean ok = false;
            try (OutputStream out = Files.newOutputStream(target)) {
                extractTo(e.index(), out);
                ok = true;
            } finally {
                if (!ok) {
                    Files.deleteIfExists(target);
                }
            }
            written.add(target);
        }
        return written;
    }

    @Override
    public String toString() {
        return closed ? "Archive[closed]" : "Archive" + entries().stream().map(ZipEntry::name).toList();
    }
}
