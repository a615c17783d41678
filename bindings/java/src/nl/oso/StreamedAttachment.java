package nl.oso;

import java.util.Optional;

/**
 * An attachment met while scanning a dossier in streaming mode
 * ({@link Oso#scanAttachments(java.nio.file.Path, boolean, boolean, AttachmentLimits,
 * java.util.function.Consumer)}).
 *
 * @param path path of the {@code document} element
 * @param filename {@code bestandsnaam}
 * @param description {@code omschrijving}
 * @param category release category 1..16, 0 when none
 * @param archive the opened ZIP archive, usable only inside the visitor call; empty when the
 *        content could not be decoded or opened ({@code error} says why)
 * @param error why the content could not be opened
 */
public record StreamedAttachment(String path, Optional<String> filename, Optional<String> description,
                                 int category, Optional<Archive> archive, Optional<String> error) {
}
