"""Python binding of liboso: read, validate, edit, redact and write OSO dossiers
(OSO Gegevensset 2019.1), through ctypes.

    import oso

    with oso.Dossier.from_file("dossier.xml") as dossier:
        result = dossier.validate(lang="en")
        print(result.valid, result.profile, dossier.get("/dossier/huidigeschool/naam"))
        for d in result:
            print(d.line, d.rule, d.severity, d.message)
        for a in dossier.attachments:
            print(a.filename, a.category_field, len(a.data()))

The shared library is found through ``OSO_LIBRARY``, then the meson build tree, then the system
loader (see :mod:`oso._native`).
"""

from __future__ import annotations

from . import _native
from ._errors import (RULES_OFFICIAL, ClosedError, Lang, OsoArgumentError, OsoError, Profile,
                      Referentieniveau, ReleaseValue, RuleGroup, Severity, Status, strerror)
from ._native import LibraryNotFoundError, library_path
from .attachments import (Archive, Attachment, AttachmentLimits, StreamedAttachment, ZipEntry,
                          scan_attachments, verify_attachments_file)
from .codelists import Code, CodelistInfo, Codelists, parse_key as codelist_id
from .codelists import rule_id as codelist_rule_id
from .dossier import (Diagnostic, Dossier, Node, ParseLimits, Parser, ValidationResult,
                      validate_bytes, validate_file)
from .release import Release, categories as release_categories, presets as release_presets
from . import anonymize, diff  # oso.diff.diff(), oso.anonymize.anonymize()

__version__ = "1.0.1"

__all__ = [
    "Archive", "Attachment", "AttachmentLimits", "StreamedAttachment", "ZipEntry",
    "scan_attachments", "verify_attachments_file", "Code", "CodelistInfo", "Codelists", "ClosedError", "Diagnostic", "Dossier", "Lang",
    "LibraryNotFoundError", "Node", "OsoArgumentError", "OsoError", "ParseLimits", "Parser",
    "Profile", "Referentieniveau", "Release", "ReleaseValue", "RuleGroup", "RULES_OFFICIAL",
    "Severity", "Status", "ValidationResult", "codelist_id", "codelist_rule_id",
    "library_path", "library_version", "release_categories", "release_presets", "strerror",
    "validate_bytes", "validate_file",
]


def library_version() -> str:
    """Version of the loaded liboso (``oso_version()``), e.g. ``"1.0.0"``."""
    return _native.lib().oso_version().decode("ascii")
