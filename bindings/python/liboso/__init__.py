"""Python binding of liboso: read, validate, edit, redact and write OSO dossiers
(OSO Gegevensset 2019.1), through ctypes.

    import liboso

    with liboso.Dossier.from_file("dossier.xml") as dossier:
        result = dossier.validate(lang="en")
        print(result.valid, result.profile, dossier.get("/dossier/huidigeschool/naam"))
        for d in result:
            print(d.line, d.rule, d.severity, d.message)
        for a in dossier.attachments:
            print(a.filename, a.category_field, len(a.data()))

The shared library is found through ``OSO_LIBRARY``, then the meson build tree, then the system
loader (see :mod:`liboso._native`).
"""

from __future__ import annotations

from . import _native
from ._errors import (RULES_OFFICIAL, ChainMessageType, ClosedError, Lang, OsoArgumentError, OsoError,
                      OsoFileNotFoundError, OsoIsADirectoryError, OsoNotADirectoryError,
                      OsoOSError, OsoPermissionError, Profile, Referentieniveau, ReleaseValue,
                      RuleGroup, Severity, Status, strerror)
from ._native import LibraryNotFoundError, library_path
from .attachments import (Archive, Attachment, AttachmentLimits, StreamedAttachment, ZipEntry,
                          scan_attachments, verify_attachments_file)
from .chain import (ChainGroup, ChainParticipant, ChainResult, ChainScore, ChainTestPart,
                    MessageCheckResult, advice_from_dossier, check_message, check_message_file,
                    check_routing, message_operation, message_type_name, schooladvies_for_code,
                    write_deelnemerslijst, write_leerlingresultaat, write_ontvangstmelding,
                    write_schooladviezenlijst)
from .codelists import Code, CodelistInfo, Codelists, parse_key as codelist_id
from .codelists import rule_id as codelist_rule_id
from .dossier import (Diagnostic, Dossier, Node, ParseLimits, Parser, ValidationResult,
                      validate_bytes, validate_file)
from .release import Release, categories as release_categories, presets as release_presets
from . import anonymize, diff  # oso.diff.diff(), oso.anonymize.anonymize()

__version__ = "1.1.0"

__all__ = [
    "Archive", "Attachment", "AttachmentLimits", "StreamedAttachment", "ZipEntry",
    "scan_attachments", "verify_attachments_file", "Code", "CodelistInfo", "Codelists", "ClosedError", "Diagnostic", "Dossier", "Lang",
    "LibraryNotFoundError", "Node", "OsoArgumentError", "OsoError", "OsoFileNotFoundError",
    "OsoIsADirectoryError", "OsoNotADirectoryError", "OsoOSError", "OsoPermissionError",
    "ParseLimits", "Parser",
    "Profile", "Referentieniveau", "Release", "ReleaseValue", "RuleGroup", "RULES_OFFICIAL",
    "Severity", "Status", "ValidationResult", "codelist_id", "codelist_rule_id",
    "library_path", "library_version", "release_categories", "release_presets", "strerror",
    "validate_bytes", "validate_file", "ChainMessageType", "MessageCheckResult", "check_message",
    "check_message_file", "message_type_name", "schooladvies_for_code",
    "write_ontvangstmelding", "write_schooladviezenlijst", "write_deelnemerslijst",
    "write_leerlingresultaat", "advice_from_dossier", "message_operation", "check_routing",
    "ChainGroup", "ChainParticipant", "ChainScore", "ChainResult", "ChainTestPart",
]


def library_version() -> str:
    """Version of the loaded liboso (``oso_version()``), e.g. ``"1.0.0"``."""
    return _native.string(_native.lib().oso_version())
