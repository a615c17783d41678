"""Status codes, enums and the exception type of the liboso binding."""

from __future__ import annotations

import ctypes
import enum
import errno
import os
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple, Type

from . import _native

if TYPE_CHECKING:  # pragma: no cover
    from .dossier import Diagnostic


class Status(enum.IntEnum):
    """``oso_status`` (common.h): the result of a fallible liboso call."""
    OK = 0
    NOMEM = 1
    INVALID_ARG = 2
    IO = 3
    XML = 4
    LIMIT = 5
    OPTIONS_VERSION = 6
    UNSUPPORTED_STANDARD = 7
    NOT_FOUND = 8
    SCHEMA = 9
    STATE = 10
    CODELIST_FORMAT = 11
    BASE64 = 12
    ZIP = 13
    POLICY = 14
    RELEASE = 15
    INVALID = 16


class Severity(enum.IntEnum):
    """``oso_severity`` (common.h)."""
    ERROR = 0
    WARNING = 1
    INFO = 2

    def __str__(self) -> str:
        return self.name.lower()


class Lang(enum.IntEnum):
    """``oso_lang`` (common.h): language of diagnostic messages."""
    NL = 0
    EN = 1


class Profile(enum.IntEnum):
    """``oso_profile`` (validate.h): which profile rules apply."""
    AUTO = 0
    NONE = 1
    OV = 2
    PAO = 3


class RuleGroup(enum.IntFlag):
    """``enum oso_rule_group`` (validate.h): bits of the ``rules`` option."""
    CODELISTS = 1 << 0
    GENERAL = 1 << 1
    CATEGORIES = 1 << 2
    PROFILE = 1 << 3
    ATTACHMENTS = 1 << 4
    DOORSTROOMTOETS = 1 << 5


#: ``OSO_RULES_OFFICIAL``: the groups of the official validation.
RULES_OFFICIAL = RuleGroup.CODELISTS | RuleGroup.GENERAL | RuleGroup.CATEGORIES | RuleGroup.PROFILE


class ReleaseValue(enum.IntEnum):
    """``oso_release_value`` (release.h): a value of ``categorie_uitlevering``."""
    UNSET = 0
    VERPLICHT = 1
    OPTIONEEL = 2
    VERBODEN = 3
    OPT_UIT = 4


class Referentieniveau(enum.IntEnum):
    """``oso_referentieniveau`` (doorstroomtoets.h)."""
    NONE = 0
    LAGER_DAN_1F = 1
    F1 = 2
    S1 = 3
    F2 = 4


class ChainMessageType(enum.IntEnum):
    """``oso_chain_message_type`` (chain.h)."""
    UNKNOWN = 0
    DEELNEMERSLIJST = 1
    SCHOOLADVIEZENLIJST = 2
    LEERLINGRESULTAAT = 3
    ONTVANGSTMELDING = 4


class OsoError(Exception):
    """An error reported by liboso.

    Attributes:
        status: the :class:`Status` the C call returned.
        message: the detailed message (``oso_error_last()``), or the generic one
            (``oso_strerror()``) when the library gave no detail.
        diagnostics: diagnostics that explain the error, e.g. the ``XML`` finding when a
            document was refused, or the release violations of :meth:`Dossier.redact`.
        location: for codelist files that failed to load, ``(file, line)``; else None.
    """

    def __init__(self, status: int, message: str,
                 diagnostics: Optional[List["Diagnostic"]] = None) -> None:
        try:
            self.status: Status = Status(status)
        except ValueError:
            self.status = status  # type: ignore[assignment]
        self.message = message
        self.diagnostics: List["Diagnostic"] = list(diagnostics) if diagnostics is not None else []
        #: For codelist load errors: ``(file, line)`` of the offending file (line 0: no line).
        self.location: Optional[Tuple[str, int]] = None
        super().__init__(message)

    def __str__(self) -> str:
        name = self.status.name if isinstance(self.status, Status) else str(self.status)
        return f"{self.message} [{name}]"


class OsoArgumentError(OsoError, ValueError):
    """An argument was refused before it reached the library (status ``INVALID_ARG``)."""

    def __init__(self, message: str) -> None:
        super().__init__(Status.INVALID_ARG, message)


class ClosedError(OsoError, ValueError):
    """The object was used after :meth:`close` (status ``STATE``)."""

    def __init__(self, what: str) -> None:
        super().__init__(Status.STATE, f"{what} is closed")


class OsoOSError(OsoError, OSError):
    """An I/O failure (status ``IO``): also an :class:`OSError`, with ``errno``, ``strerror``
    and ``filename`` set as the standard library sets them, so ``except OSError`` and
    ``except FileNotFoundError`` work as they do for :func:`open`."""

    def __init__(self, status: int, message: str,
                 diagnostics: Optional[List["Diagnostic"]] = None, *,
                 error_number: Optional[int] = None, filename: Optional[str] = None) -> None:
        super().__init__(status, message, diagnostics)
        self.errno = error_number  # type: ignore[assignment]
        self.strerror = os.strerror(error_number) if error_number else message
        self.filename = filename

    def __str__(self) -> str:
        return OsoError.__str__(self)


class OsoFileNotFoundError(OsoOSError, FileNotFoundError):
    """The file or directory does not exist (``ENOENT``)."""


class OsoPermissionError(OsoOSError, PermissionError):
    """No permission to read or write the file (``EACCES``, ``EPERM``)."""


class OsoIsADirectoryError(OsoOSError, IsADirectoryError):
    """A directory was given where a file is needed (``EISDIR``)."""


class OsoNotADirectoryError(OsoOSError, NotADirectoryError):
    """A path component, or a codelists directory, is not a directory (``ENOTDIR``)."""


_OS_ERRORS: Dict[int, Type[OsoOSError]] = {
    errno.ENOENT: OsoFileNotFoundError,
    errno.EACCES: OsoPermissionError,
    errno.EPERM: OsoPermissionError,
    errno.EISDIR: OsoIsADirectoryError,
    errno.ENOTDIR: OsoNotADirectoryError,
}


def strerror(status: int) -> str:
    """Generic English description of a status code (``oso_strerror``)."""
    return _native.string(_native.lib().oso_strerror(int(status)))


def last_error(status: int, context: Optional[str] = None,
               diagnostics: Optional[List["Diagnostic"]] = None,
               filename: Optional[str] = None) -> OsoError:
    """Build the :class:`OsoError` for a failed call, from ``oso_error_last()``.

    An ``IO`` status becomes an :class:`OsoOSError` (the subclass matching the C ``errno`` the
    call left, e.g. :class:`OsoFileNotFoundError` for ``ENOENT``), with ``filename`` set.
    """
    lib = _native.lib()
    message = ""
    if lib.oso_error_last_status() == int(status):  # not a stale message of an older error
        detail = lib.oso_error_last()
        message = detail.decode("utf-8", "replace") if detail else ""
    if not message:
        message = strerror(status)
    if context:
        message = f"{context}: {message}"
    if status == Status.IO:
        # errno as ctypes saved it right after the C call; trusted only when the library's
        # message quotes its text (errno is not cleared by calls that succeed).
        number: Optional[int] = ctypes.get_errno()
        if not number or os.strerror(number) not in message:
            number = None
        kind = _OS_ERRORS.get(number or 0, OsoOSError)
        return kind(status, message, diagnostics, error_number=number, filename=filename)
    return OsoError(status, message, diagnostics)


def check(status: int, context: Optional[str] = None, filename: Optional[str] = None) -> None:
    """Raise :class:`OsoError` unless ``status`` is ``OSO_OK``; ``filename`` names the file of
    an I/O failure."""
    if status != Status.OK:
        raise last_error(status, context, filename=filename)
