package nl.oso;

import java.util.Optional;

/**
 * What a streaming scan of a dossier's attachments gives.
 *
 * @param dossier the model without attachment content, when asked for (close it)
 * @param report the ATT.* findings, or the XML diagnostic of a refused input
 */
public record ScanResult(Optional<Dossier> dossier, ValidationResult report) {
}
