package nl.oso;

/**
 * One entry of an attachment's ZIP archive. {@code name} comes from the archive and may be
 * hostile ({@code ../x}, {@code /etc/x}): use it as a file name only when {@code safe}.
 *
 * @param index position in the archive
 * @param name name as stored
 * @param size uncompressed size as declared (checked on extraction)
 * @param compressedSize compressed size
 * @param directory true for a folder entry
 * @param safe true when the name is a safe relative path
 */
public record ZipEntry(int index, String name, long size, long compressedSize, boolean directory,
                       boolean safe) {
}
