"""Dossiers: parse, validate, read, edit, redact and write OSO dossiers."""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, List, Optional, Union

from . import _native
from ._errors import (RULES_OFFICIAL, Lang, OsoArgumentError, OsoError, Profile,
                      Referentieniveau, RuleGroup, Severity, Status, check, last_error)
from ._handle import NativeHandle
from . import attachments as _attachments
from .attachments import Attachment, AttachmentLimits
from .codelists import Codelists
from .release import Release, ReleaseSpec

PathArg = Union[str, "os.PathLike[str]"]
ProfileArg = Union[str, Profile]
LangArg = Union[str, Lang]
RulesArg = Union[None, int, str, Iterable[str]]

_GROUPS = {str(g.name).lower(): g for g in RuleGroup}


# --- diagnostics ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Diagnostic:
    """One finding of parsing or validation.

    Attributes:
        rule: rule id: ``XML``, ``XSD``, ``CL14``, ``OG.01a``, ``OS.cat05``, ``ATT.*``, ...
        severity: :class:`Severity` (``str(severity)`` is ``"error"``, ``"warning"``, ``"info"``).
        path: ``/dossier[1]/huidigeschool[1]/leerling[1]/geslacht[1]``; "" for the document.
        line: 1-based line, 0 when unknown.
        column: 1-based column, 0 when unknown.
        message: the message in the language asked for.
    """
    rule: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.rule}: {self.severity}: {self.message}"


class ValidationResult(List[Diagnostic]):
    """The diagnostics of a validation (a ``list`` of :class:`Diagnostic`), plus the verdict.

    Its truth value is the verdict, not whether the list is empty: ``if result:`` means "the
    dossier is valid" (a valid dossier may still have warnings and info diagnostics; an
    invalid one always has an error). Use ``len(result)`` to count diagnostics.

    Attributes:
        valid: the official verdict: True when no diagnostic has severity error.
        profile: the profile the rules ran with: ``"OV"``, ``"PaO"`` or None.
        omitted: findings counted but not listed (a report keeps at most 10,000).
    """

    def __init__(self, diagnostics: Iterable[Diagnostic] = (), valid: bool = True,
                 profile: Optional[str] = None, omitted: int = 0) -> None:
        super().__init__(diagnostics)
        self.valid = valid
        self.profile = profile
        self.omitted = omitted

    def __bool__(self) -> bool:
        """The verdict (:attr:`valid`), whatever the number of diagnostics."""
        return self.valid

    @property
    def errors(self) -> List[Diagnostic]:
        """The diagnostics with severity error."""
        return [d for d in self if d.severity == Severity.ERROR]

    @property
    def warnings(self) -> List[Diagnostic]:
        """The diagnostics with severity warning."""
        return [d for d in self if d.severity == Severity.WARNING]

    def __repr__(self) -> str:
        return (f"<liboso.ValidationResult valid={self.valid} profile={self.profile!r} "
                f"diagnostics={len(self)}>")


def _lang(lang: LangArg) -> Lang:
    if isinstance(lang, Lang):
        return lang
    if isinstance(lang, str) and lang.lower() in ("nl", "en"):
        return Lang[lang.upper()]
    raise OsoArgumentError(f"unknown language {lang!r} (nl or en)")


def _read_report(report: int, lang: LangArg) -> ValidationResult:
    """Copy a C report into a :class:`ValidationResult` (does not free it)."""
    lib = _native.lib()
    code = int(_lang(lang))
    items = []
    for i in range(lib.oso_report_count(report)):
        d = lib.oso_report_at(report, i)
        items.append(Diagnostic(
            rule=lib.oso_diagnostic_rule(d).decode("utf-8"),
            severity=Severity(lib.oso_diagnostic_severity(d)),
            path=lib.oso_diagnostic_path(d).decode("utf-8"),
            line=lib.oso_diagnostic_line(d),
            column=lib.oso_diagnostic_column(d),
            message=lib.oso_diagnostic_message(d, code).decode("utf-8")))
    return ValidationResult(items, bool(lib.oso_report_valid(report)),
                            _native.text(lib.oso_report_profile(report)),
                            lib.oso_report_omitted_count(report))


def _take_report(report: ctypes.c_void_p, lang: LangArg = Lang.NL) -> ValidationResult:
    """Copy and free a C report (an empty result for NULL)."""
    if not report.value:
        return ValidationResult()
    try:
        return _read_report(report.value, lang)
    finally:
        _native.lib().oso_report_free(report.value)
        report.value = None


# --- options ----------------------------------------------------------------------------------

@dataclass
class ParseLimits:
    """Limits for parsing (``oso_parse_options``); None keeps the library's safe default."""
    max_depth: Optional[int] = None
    max_nodes: Optional[int] = None
    max_text_bytes: Optional[int] = None
    max_input_bytes: Optional[int] = None

    def _struct(self) -> _native.ParseOptions:
        options = _native.ParseOptions()
        check(_native.lib().oso_parse_options_init(ctypes.byref(options),
                                                   _native.PARSE_OPTIONS_VERSION), "parse options")
        for name in ("max_depth", "max_nodes", "max_text_bytes", "max_input_bytes"):
            value = getattr(self, name)
            if value is not None:
                if not isinstance(value, int) or value < 0:
                    raise OsoArgumentError(f"{name} must be a non-negative int")
                setattr(options, name, value)
        return options


def _parse_options(limits: Optional[ParseLimits]) -> Optional[_native.ByRef]:
    return None if limits is None else ctypes.byref(limits._struct())


def _profile(profile: ProfileArg) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        for p in Profile:
            if p.name.lower() == profile.lower():
                return p
    raise OsoArgumentError(f"unknown profile {profile!r} (auto, none, OV or PaO)")


def _rules(rules: RulesArg) -> int:
    """None: the official groups; an int: that mask; ``"+attachments,-profile"``: changes to the
    official groups (as ``oso validate --rules``); a list of group names: exactly those."""
    if rules is None:
        return int(RULES_OFFICIAL)
    if isinstance(rules, bool):
        raise OsoArgumentError("rules must be a mask, +GROUP text or a list of group names")
    if isinstance(rules, int):
        return int(rules)
    if isinstance(rules, str):
        mask = int(RULES_OFFICIAL)
        for item in (part.strip() for part in rules.split(",")):
            if not item:
                continue
            sign, name = (item[0], item[1:]) if item[0] in "+-" else ("+", item)
            if name not in _GROUPS:
                raise OsoArgumentError(f"unknown rule group {name!r} ({', '.join(_GROUPS)})")
            mask = mask & ~_GROUPS[name] if sign == "-" else mask | _GROUPS[name]
        return mask
    mask = 0
    for name in rules:
        if not isinstance(name, str) or name.lower() not in _GROUPS:
            raise OsoArgumentError(f"unknown rule group {name!r} ({', '.join(_GROUPS)})")
        mask |= _GROUPS[name.lower()]
    return mask


def _validate_options(profile: ProfileArg, codelists: Optional[Codelists], attachments: bool,
                      strict: bool, rules: RulesArg,
                      attachment_limits: Optional[AttachmentLimits] = None
                      ) -> _native.ValidateOptions:
    options = _native.ValidateOptions()
    check(_native.lib().oso_validate_options_init(ctypes.byref(options),
                                                  _native.VALIDATE_OPTIONS_VERSION),
          "validate options")
    options.profile = int(_profile(profile))
    if codelists is not None:
        if not isinstance(codelists, Codelists):
            raise OsoArgumentError("codelists must be an liboso.Codelists")
        options.codelists = codelists._ptr()
    options.rules = _rules(rules)
    if attachments:
        options.rules |= int(RuleGroup.ATTACHMENTS)
    options.strict = 1 if strict else 0
    if attachment_limits is not None:
        limits = attachment_limits._struct()
        options.attachments = ctypes.pointer(limits)  # the pointer object keeps it alive
    return options


def validate_file(path: PathArg, *, profile: ProfileArg = "auto",
                  codelists: Optional[Codelists] = None, attachments: bool = False,
                  strict: bool = False, rules: RulesArg = None, lang: LangArg = "nl",
                  limits: Optional[ParseLimits] = None) -> ValidationResult:
    """Parse and validate a file in one go (``oso_validate_file``).

    A document that cannot be parsed gives a result holding the ``XML`` diagnostic (invalid),
    not an exception; :class:`OsoError` is raised only when the file cannot be read or the
    validation cannot run. Options as :meth:`Dossier.validate`.
    """
    options = _validate_options(profile, codelists, attachments, strict, rules)
    _lang(lang)
    report = ctypes.c_void_p()
    status = _native.lib().oso_validate_file(ctypes.byref(report), os.fsencode(path),
                                             ctypes.byref(options), _parse_options(limits))
    result = _take_report(report, lang)
    check(status, os.fsdecode(path), filename=os.fsdecode(path))
    return result


def validate_bytes(data: bytes, *, profile: ProfileArg = "auto",
                   codelists: Optional[Codelists] = None, attachments: bool = False,
                   strict: bool = False, rules: RulesArg = None, lang: LangArg = "nl",
                   limits: Optional[ParseLimits] = None) -> ValidationResult:
    """As :func:`validate_file`, for a document in memory."""
    raw = _bytes(data)
    options = _validate_options(profile, codelists, attachments, strict, rules)
    _lang(lang)
    report = ctypes.c_void_p()
    status = _native.lib().oso_validate_buffer(ctypes.byref(report), raw, len(raw),
                                               ctypes.byref(options), _parse_options(limits))
    result = _take_report(report, lang)
    check(status, "<bytes>")
    return result


def _bytes(data: object) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise OsoArgumentError(f"expected bytes, not {type(data).__name__}")


def _write_options(compact: bool, omit_attachments: bool = False) -> _native.WriteOptions:
    options = _native.WriteOptions()
    check(_native.lib().oso_write_options_init(ctypes.byref(options),
                                               _native.WRITE_OPTIONS_VERSION), "write options")
    options.compact = 1 if compact else 0
    options.omit_attachment_content = 1 if omit_attachments else 0
    return options


def _level(value: Union[None, str, int, Referentieniveau]) -> Referentieniveau:
    if value is None:
        return Referentieniveau.NONE
    if isinstance(value, str):
        key = value.strip().upper().replace(" ", "")
        table = {"01": Referentieniveau.LAGER_DAN_1F, "<1F": Referentieniveau.LAGER_DAN_1F,
                 "LAGERDAN1F": Referentieniveau.LAGER_DAN_1F,
                 "02": Referentieniveau.F1, "1F": Referentieniveau.F1,
                 "03": Referentieniveau.S1, "1S": Referentieniveau.S1,
                 "04": Referentieniveau.F2, "2F": Referentieniveau.F2}
        if key in table:
            return table[key]
        raise OsoArgumentError(f"unknown referentieniveau {value!r} (<1F, 1F, 1S, 2F)")
    try:
        return Referentieniveau(value)
    except ValueError:
        raise OsoArgumentError(f"unknown referentieniveau {value!r}") from None


# --- nodes ------------------------------------------------------------------------------------

class Node:
    """An element of a :class:`Dossier` (a borrowed handle).

    A node is usable while its dossier is open and no element has been removed from the
    dossier since the node was obtained (``remove()``, ``set_doorstroomtoets()`` and
    ``import_leerlingresultaat()`` invalidate every Node object of that dossier, as the C API
    allows no use of a removed element); otherwise its methods raise
    :class:`liboso.OsoError` with status ``STATE``.
    """

    __slots__ = ("_dossier", "_ptr_value", "_generation")

    def __init__(self, dossier: "Dossier", ptr: int) -> None:
        self._dossier = dossier
        self._ptr_value = ptr
        self._generation = dossier._generation

    def _ptr(self) -> int:
        self._dossier._ptr()
        if self._generation != self._dossier._generation:
            raise OsoError(Status.STATE, "node handle is stale (an element was removed)")
        return self._ptr_value

    def _wrap(self, ptr: Optional[int]) -> Optional["Node"]:
        return Node(self._dossier, ptr) if ptr else None

    @property
    def name(self) -> str:
        """Element name."""
        return _native.string(_native.lib().oso_node_name(self._ptr()))

    @property
    def text(self) -> str:
        """Text directly inside the element ("" for containers)."""
        lib = _native.lib()
        ptr = self._ptr()
        return ctypes.string_at(lib.oso_node_text(ptr),
                                lib.oso_node_text_length(ptr)).decode("utf-8")

    @text.setter
    def text(self, value: str) -> None:
        self.set_text(value)

    def attribute(self, name: str) -> Optional[str]:
        """Value of an attribute (e.g. ``omschrijving``), or None."""
        return _native.text(_native.lib().oso_node_attribute(self._ptr(),
                                                             _native.cstr(name, "name")))

    @property
    def schema_type(self) -> Optional[str]:
        """Name of the element's schema type, None for an element unknown to the schema."""
        return _native.text(_native.lib().oso_node_schema_type(self._ptr()))

    @property
    def line(self) -> int:
        """1-based source line (0 for elements created by editing)."""
        return int(_native.lib().oso_node_line(self._ptr()))

    @property
    def column(self) -> int:
        """1-based source column (0 for elements created by editing)."""
        return int(_native.lib().oso_node_column(self._ptr()))

    @property
    def position(self) -> int:
        """1-based position among same-named siblings."""
        return int(_native.lib().oso_node_position(self._ptr()))

    @property
    def path(self) -> str:
        """``/dossier[1]/huidigeschool[1]/...`` (the form diagnostics use)."""
        lib = _native.lib()
        out = ctypes.c_void_p()
        check(lib.oso_node_path(ctypes.byref(out), self._ptr()), "node path")
        try:
            return ctypes.string_at(out.value or 0).decode("utf-8")
        finally:
            lib.oso_free(out.value)

    @property
    def parent(self) -> Optional["Node"]:
        """Parent element, None for the root."""
        return self._wrap(_native.lib().oso_node_parent(self._ptr()))

    def child(self, name: Optional[str] = None) -> Optional["Node"]:
        """First child element called ``name`` (any child for None), or None."""
        return self._wrap(_native.lib().oso_node_child(self._ptr(), _native.cstr(name, "name")))

    def __len__(self) -> int:
        return int(_native.lib().oso_node_child_count(self._ptr()))

    def __getitem__(self, index: int) -> "Node":
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("child index out of range")
        node = self._wrap(_native.lib().oso_node_child_at(self._ptr(), index))
        assert node is not None
        return node

    @property
    def children(self) -> List["Node"]:
        """Child elements, in order."""
        return list(iter(self))

    def __iter__(self) -> Iterator["Node"]:
        lib = _native.lib()
        ptr = lib.oso_node_child(self._ptr(), None)
        while ptr:
            yield Node(self._dossier, ptr)
            ptr = lib.oso_node_next(ptr)

    def next(self, same_name: bool = False) -> Optional["Node"]:
        """Next sibling element (with the same name when ``same_name``), or None."""
        lib = _native.lib()
        func = lib.oso_node_next_same if same_name else lib.oso_node_next
        return self._wrap(func(self._ptr()))

    def add(self, name: str, text: Optional[str] = None) -> "Node":
        """Add a child element in schema order; ``text`` for simple content."""
        out = ctypes.c_void_p()
        check(_native.lib().oso_node_add(ctypes.byref(out), self._ptr(),
                                         _native.cstr(name, "name"), _native.cstr(text)),
              f"add {name!r}")
        return Node(self._dossier, out.value)  # type: ignore[arg-type]

    def set_text(self, text: str) -> None:
        """Replace the text of an element with simple content."""
        check(_native.lib().oso_node_set_text(self._ptr(), _native.cstr(text)), "set text")

    def set_attribute(self, name: str, value: Optional[str]) -> None:
        """Set (or with None remove) an attribute the schema declares here."""
        check(_native.lib().oso_node_set_attribute(self._ptr(), _native.cstr(name, "name"),
                                                   _native.cstr(value, "value")),
              f"attribute {name!r}")

    def remove(self) -> None:
        """Remove the element and everything inside it (invalidates all Node objects)."""
        ptr = self._ptr()
        check(_native.lib().oso_node_remove(ptr), "remove")
        self._dossier._generation += 1

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Node) and other._dossier is self._dossier
                and other._ptr_value == self._ptr_value)

    def __hash__(self) -> int:
        return hash((id(self._dossier), self._ptr_value))

    def __repr__(self) -> str:
        try:
            return f"<liboso.Node {self.path}>"
        except OsoError:
            return "<liboso.Node (stale)>"


# --- dossiers ---------------------------------------------------------------------------------

class Dossier(NativeHandle):
    """An OSO dossier (``oso_dossier``).

    Create one with :meth:`from_file`, :meth:`from_bytes`, :meth:`from_fd`, :class:`Parser` or
    :meth:`new`; free it with :meth:`close` or a ``with`` block (``__del__`` frees it too, as a
    fallback). A dossier may be used by one thread at a time.
    """

    def __init__(self, _handle: ctypes.c_void_p) -> None:
        self._handle: Optional[int] = _handle.value
        self._generation = 0
        #: For a dossier made by :meth:`redact`: the validation of the result.
        self.redaction_result: Optional[ValidationResult] = None

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def new(cls) -> "Dossier":
        """An empty dossier (just ``<dossier>``), to build one from code."""
        handle = ctypes.c_void_p()
        check(_native.lib().oso_dossier_new(ctypes.byref(handle)), "new dossier")
        return cls(handle)

    @classmethod
    def _parsed(cls, status: int, handle: ctypes.c_void_p, report: ctypes.c_void_p,
                what: str, filename: Optional[str] = None) -> "Dossier":
        diagnostics = _take_report(report)
        if handle.value:
            return cls(handle)
        raise last_error(status if status != Status.OK else Status.XML, what, diagnostics,
                         filename)

    @classmethod
    def from_file(cls, path: PathArg, *, limits: Optional[ParseLimits] = None) -> "Dossier":
        """Parse a file.

        Structural findings (``XSD``) do not stop parsing; :meth:`validate` reports them.
        Raises :class:`OsoOSError` (an :class:`OSError`; :class:`FileNotFoundError` for a
        missing file) when the file cannot be read, :class:`OsoError` when the document is
        refused (``XML``, ``LIMIT``, ``UNSUPPORTED_STANDARD``; the diagnostic is in
        ``error.diagnostics``).
        """
        handle, report = ctypes.c_void_p(), ctypes.c_void_p()
        status = _native.lib().oso_dossier_parse_file(
            ctypes.byref(handle), ctypes.byref(report), os.fsencode(path),
            _parse_options(limits))
        return cls._parsed(status, handle, report, os.fsdecode(path), os.fsdecode(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, limits: Optional[ParseLimits] = None) -> "Dossier":
        """Parse a document held in memory (see :meth:`from_file`)."""
        raw = _bytes(data)
        handle, report = ctypes.c_void_p(), ctypes.c_void_p()
        status = _native.lib().oso_dossier_parse_buffer(
            ctypes.byref(handle), ctypes.byref(report), raw, len(raw), _parse_options(limits))
        return cls._parsed(status, handle, report, "<bytes>")

    @classmethod
    def from_fd(cls, fd: int, *, limits: Optional[ParseLimits] = None) -> "Dossier":
        """Parse everything readable from a file descriptor (not closed)."""
        handle, report = ctypes.c_void_p(), ctypes.c_void_p()
        status = _native.lib().oso_dossier_parse_fd(
            ctypes.byref(handle), ctypes.byref(report), int(fd), _parse_options(limits))
        return cls._parsed(status, handle, report, f"<fd {fd}>")

    def clone(self) -> "Dossier":
        """An independent deep copy."""
        handle = ctypes.c_void_p()
        check(_native.lib().oso_dossier_clone(ctypes.byref(handle), self._ptr()), "clone")
        return Dossier(handle)

    # --- lifetime ---------------------------------------------------------------------------

    _free_function = "oso_dossier_free"

    # --- reading and editing ----------------------------------------------------------------

    @property
    def root(self) -> Node:
        """The root element (``<dossier>``)."""
        ptr = _native.lib().oso_dossier_root(self._ptr())
        if not ptr:  # pragma: no cover - a dossier always has a root
            raise OsoError(Status.STATE, "dossier has no root")
        return Node(self, ptr)

    def find(self, path: str) -> Optional[Node]:
        """The element at ``path`` (``/dossier/huidigeschool/leerling/voornaam[2]``), or None.

        Raises :class:`OsoError` (``INVALID_ARG``) for a malformed path.
        """
        out = ctypes.c_void_p()
        status = _native.lib().oso_dossier_find(ctypes.byref(out), self._ptr(),
                                                _native.cstr(path, "path"))
        if status == Status.NOT_FOUND:
            return None
        check(status, f"path {path!r}")
        return Node(self, out.value)  # type: ignore[arg-type]

    def get(self, path: str) -> Optional[str]:
        """Text of the element at ``path``, or None when there is none."""
        return _native.text(_native.lib().oso_dossier_get(self._ptr(),
                                                          _native.cstr(path, "path")))

    def set(self, path: str, text: str) -> Node:
        """Set the text of the element at ``path``, creating it and missing ancestors in schema
        order (``.../voornaam[2]`` creates the second ``voornaam`` when one exists)."""
        out = ctypes.c_void_p()
        check(_native.lib().oso_dossier_set(ctypes.byref(out), self._ptr(),
                                            _native.cstr(path, "path"), _native.cstr(text)),
              f"set {path!r}")
        return Node(self, out.value)  # type: ignore[arg-type]

    def __getitem__(self, path: str) -> str:
        value = self.get(path)
        if value is None:
            raise KeyError(path)
        return value

    def __setitem__(self, path: str, text: str) -> None:
        self.set(path, text)

    # --- validation -------------------------------------------------------------------------

    def validate(self, profile: ProfileArg = "auto", codelists: Optional[Codelists] = None,
                 attachments: bool = False, strict: bool = False, rules: RulesArg = None,
                 lang: LangArg = "nl", attachment_limits: Optional[AttachmentLimits] = None
                 ) -> ValidationResult:
        """Validate the dossier.

        Args:
            profile: ``"auto"`` (from ``overdrachtsoort``), ``"none"``, ``"OV"`` or ``"PaO"``.
            codelists: lists to check codes against (default: the embedded lists).
            attachments: also decode and check every attachment (``ATT.*``).
            strict: turn stricter-than-official warnings into errors.
            rules: rule groups: None (the official ones), ``"+doorstroomtoets,-profile"``
                (changes to the official ones), a list of group names (exactly those) or a
                :class:`RuleGroup` mask. Structure (``XSD``) always runs.
            lang: ``"nl"`` or ``"en"`` for the messages.
            attachment_limits: limits for checking attachments (default: the safe defaults).

        Returns:
            a :class:`ValidationResult`: the list of :class:`Diagnostic` in document order,
            with ``.valid`` (the official verdict) and ``.profile`` (``"OV"``, ``"PaO"``, None).
        """
        options = _validate_options(profile, codelists, attachments, strict, rules,
                                    attachment_limits)
        _lang(lang)
        report = ctypes.c_void_p()
        status = _native.lib().oso_validate(ctypes.byref(report), self._ptr(),
                                            ctypes.byref(options))
        result = _take_report(report, lang)
        check(status, "validate")
        return result

    # --- release ----------------------------------------------------------------------------

    def redact(self, release: ReleaseSpec = None, *, profile: ProfileArg = "auto",
               codelists: Optional[Codelists] = None, strict: bool = False,
               lang: LangArg = "nl") -> "Dossier":
        """Apply a selective release to a copy of the dossier and return the copy.

        ``release`` is a preset name (``"OV-POVO"``), ``"metadata"``/None (the dossier's own
        ``categorie_uitlevering``), ``"CAT=VALUE,..."`` text, a mapping ``{category: value}``
        or a :class:`Release`. Every element of a VERBODEN or OPT-UIT category is removed. The
        result is validated with the given options; that validation is in
        ``result.redaction_result`` (the result may be invalid, e.g. when the input was).

        Raises :class:`OsoError` with status ``RELEASE`` (and the reasons in
        ``error.diagnostics``) when the release cannot be applied, e.g. a VERPLICHT category
        without data.
        """
        options = _validate_options(profile, codelists, False, strict, None)
        _lang(lang)
        own = not isinstance(release, Release)
        spec = Release(release) if own else release
        assert isinstance(spec, Release)
        try:
            out, report = ctypes.c_void_p(), ctypes.c_void_p()
            status = _native.lib().oso_dossier_redact(ctypes.byref(out), ctypes.byref(report),
                                                      self._ptr(), spec._ptr(),
                                                      ctypes.byref(options))
        finally:
            if own:
                spec.close()
        result = _take_report(report, lang)
        if status != Status.OK or not out.value:
            if out.value:  # pragma: no cover - not produced on failure
                _native.lib().oso_dossier_free(out.value)
            raise last_error(status if status != Status.OK else Status.RELEASE, "redact",
                             result)
        redacted = Dossier(out)
        redacted.redaction_result = result
        return redacted

    def set_doorstroomtoets(self, *, toetssoort: str, toetsniveau: str, datum_afname: str,
                            toets_advies: str,
                            lezen: Union[None, str, Referentieniveau] = None,
                            taalverzorging: Union[None, str, Referentieniveau] = None,
                            rekenen: Union[None, str, Referentieniveau] = None,
                            standaardscore: Optional[int] = None,
                            toetsomschrijving: Optional[str] = None,
                            rapport_pdf: Optional[bytes] = None,
                            rapport_filename: Optional[str] = None) -> None:
        """Fill or replace the pupil's ``eindtoets_basisonderwijs`` with a doorstroomtoets result
        (``oso_dossier_set_doorstroomtoets``). Levels: ``"<1F"``, ``"1F"``, ``"1S"``, ``"2F"``
        (or codelist-45 codes, or :class:`Referentieniveau`). Values the DT rules would reject
        raise :class:`OsoError` (``INVALID_ARG``) and leave the dossier unchanged. Invalidates
        every :class:`Node` of the dossier (the block is replaced)."""
        result = _native.Doorstroomtoets()
        check(_native.lib().oso_doorstroomtoets_init(ctypes.byref(result),
                                                     _native.DOORSTROOMTOETS_VERSION),
              "doorstroomtoets")
        result.toetssoort = _native.cstr(toetssoort, "toetssoort")
        result.toetsniveau = _native.cstr(toetsniveau, "toetsniveau")
        result.toetsomschrijving = _native.cstr(toetsomschrijving, "toetsomschrijving")
        result.datum_afname = _native.cstr(datum_afname, "datum_afname")
        result.toets_advies = _native.cstr(toets_advies, "toets_advies")
        if standaardscore is not None:
            result.has_standaardscore = 1
            result.standaardscore = int(standaardscore)
        result.lezen = int(_level(lezen))
        result.taalverzorging = int(_level(taalverzorging))
        result.rekenen = int(_level(rekenen))
        pdf = None
        if rapport_pdf is not None:
            raw = _bytes(rapport_pdf)
            pdf = (ctypes.c_ubyte * max(len(raw), 1)).from_buffer_copy(raw or b"\0")
            result.rapport_pdf = ctypes.cast(pdf, ctypes.POINTER(ctypes.c_ubyte))
            result.rapport_pdf_length = len(raw)
        result.rapport_filename = _native.cstr(rapport_filename, "rapport_filename")
        status = _native.lib().oso_dossier_set_doorstroomtoets(self._ptr(), ctypes.byref(result))
        del pdf  # kept alive until the call returned
        self._generation += 1  # the old block's elements are removed
        check(status, "doorstroomtoets")

    def import_leerlingresultaat(self, message: bytes, rapport_pdf: Optional[bytes] = None,
                                 lang: LangArg = Lang.NL) -> ValidationResult:
        """Fill or replace the pupil's ``eindtoets_basisonderwijs`` from a doorstroomtoets
        chain Leerlingresultaat (JSON) and its report PDF
        (``oso_dossier_import_leerlingresultaat``; mapping in doc/doorstroomtoets-chain.md).
        Returns the findings: ``valid`` True when the block was written (warnings such as
        ``DTM.BRIDGE_DROPPED`` may remain), False when the message is invalid or cannot be
        mapped (``DTM.*`` errors; the dossier is unchanged). Raises :class:`OsoError` when
        the dossier has no pupil (``SCHEMA``). Invalidates every :class:`Node` of the dossier
        (the block is replaced)."""
        raw = _bytes(message)
        _lang(lang)
        pdf, pdf_len = None, 0
        if rapport_pdf is not None:
            data = _bytes(rapport_pdf)
            pdf = (ctypes.c_ubyte * max(len(data), 1)).from_buffer_copy(data or b"\0")
            pdf_len = len(data)
        report = ctypes.c_void_p()
        status = _native.lib().oso_dossier_import_leerlingresultaat(
            self._ptr(), ctypes.byref(report), raw, len(raw),
            ctypes.cast(pdf, ctypes.POINTER(ctypes.c_ubyte)) if pdf is not None else None,
            pdf_len)
        del pdf  # kept alive until the call returned
        self._generation += 1  # the old block's elements are removed
        result = _take_report(report, lang)
        if status != int(Status.INVALID):
            check(status, "leerlingresultaat")
        return result

    # --- attachments ------------------------------------------------------------------------

    @property
    def attachments(self) -> List[Attachment]:
        """Every ``document`` element, in document order, as :class:`liboso.Attachment`."""
        return _attachments.dossier_attachments(self)

    @property
    def attachment_count(self) -> int:
        """Number of ``document`` elements."""
        return int(_native.lib().oso_attachment_count(self._ptr()))

    def _parent(self, parent: Union[Node, str]) -> Node:
        if isinstance(parent, Node):
            if parent._dossier is not self:
                raise OsoArgumentError("the parent belongs to another dossier")
            return parent
        node = self.find(parent)
        if node is None:
            raise OsoError(Status.NOT_FOUND, f"no element {parent!r}")
        return node

    def add_attachment(self, parent: Union[Node, str], filename: str, data: bytes,
                       description: Optional[str] = None) -> Attachment:
        """Create a ``document`` in ``parent`` (a Node or path of an element that may hold one,
        e.g. ``overigdocumentlijst``) holding ``data`` zipped and Base64-encoded. The name's
        extension and the content must be an allowed document type (``POLICY`` otherwise;
        the dossier is then unchanged)."""
        return _attachments.add_attachment(self._parent(parent), filename, data, description)

    def add_attachment_file(self, parent: Union[Node, str], path: PathArg,
                            filename: Optional[str] = None,
                            description: Optional[str] = None) -> Attachment:
        """As :meth:`add_attachment`, with the document read from a file (named after the
        file unless ``filename`` is given)."""
        return _attachments.add_attachment_file(self._parent(parent), path, filename,
                                                description)

    def verify_attachments(self, limits: Optional[AttachmentLimits] = None,
                           lang: LangArg = "nl") -> ValidationResult:
        """Check every attachment (``ATT.*`` findings, empty when all are sound)."""
        options, keep = _attachments._limits(limits)
        report = ctypes.c_void_p()
        status = _native.lib().oso_attachments_verify(ctypes.byref(report), self._ptr(),
                                                      options)
        del keep
        result = _take_report(report, lang)
        check(status, "attachments")
        return result

    # --- output -----------------------------------------------------------------------------

    def _serialize(self, func: Callable[..., int], options: _native.WriteOptions) -> bytes:
        lib = _native.lib()
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        check(func(ctypes.byref(out), ctypes.byref(length), self._ptr(), ctypes.byref(options)),
              "write")
        try:
            return ctypes.string_at(out.value or 0, length.value)
        finally:
            lib.oso_free(out.value)

    def to_xml(self, compact: bool = False) -> bytes:
        """The dossier as UTF-8 XML (indented by 2 spaces, or ``compact``)."""
        return self._serialize(_native.lib().oso_dossier_to_xml, _write_options(compact))

    def to_json(self, compact: bool = False, omit_attachments: bool = False) -> str:
        """The dossier as JSON (doc/json-mapping.md); ``omit_attachments`` writes ``null``
        for attachment contents."""
        return self._serialize(_native.lib().oso_dossier_to_json,
                               _write_options(compact, omit_attachments)).decode("utf-8")

    def save_xml(self, target: Union[PathArg, int], compact: bool = False) -> None:
        """Write XML to a path (created or truncated) or an open file descriptor (an int)."""
        self._save(target, _write_options(compact), "xml")

    def save_json(self, target: Union[PathArg, int], compact: bool = False,
                  omit_attachments: bool = False) -> None:
        """Write JSON to a path or an open file descriptor (an int)."""
        self._save(target, _write_options(compact, omit_attachments), "json")

    def _save(self, target: Union[PathArg, int], options: _native.WriteOptions,
              kind: str) -> None:
        lib = _native.lib()
        if isinstance(target, bool):
            raise TypeError("a file descriptor must be an int, not a bool")
        if isinstance(target, int):
            func = lib.oso_dossier_write_xml_fd if kind == "xml" else lib.oso_dossier_write_json_fd
            check(func(self._ptr(), target, ctypes.byref(options)), f"fd {target}")
        else:
            func = lib.oso_dossier_save_xml if kind == "xml" else lib.oso_dossier_save_json
            check(func(self._ptr(), os.fsencode(target), ctypes.byref(options)),
                  os.fsdecode(target), filename=os.fsdecode(target))

    def __repr__(self) -> str:
        if self._handle is None:
            return "<liboso.Dossier closed>"
        return f"<liboso.Dossier {self.get('/dossier/overdrachtsoort') or ''}>"


class Parser(NativeHandle):
    """A push parser: :meth:`feed` chunks of any size, then :meth:`finish` for the Dossier."""

    _free_function = "oso_parser_free"

    def __init__(self, *, limits: Optional[ParseLimits] = None) -> None:
        handle = ctypes.c_void_p()
        check(_native.lib().oso_parser_new(ctypes.byref(handle), _parse_options(limits)),
              "parser")
        self._handle: Optional[int] = handle.value

    def feed(self, data: bytes) -> None:
        """Feed the next chunk; raises :class:`OsoError` when the input is refused (call
        :meth:`finish` for the diagnostic)."""
        raw = _bytes(data)
        check(_native.lib().oso_parser_feed(self._ptr(), raw, len(raw)), "parser")

    def finish(self) -> Dossier:
        """End of input: the Dossier (raises :class:`OsoError` as :meth:`Dossier.from_file`).
        The parser is closed afterwards."""
        handle, report = ctypes.c_void_p(), ctypes.c_void_p()
        try:
            status = _native.lib().oso_parser_finish(self._ptr(), ctypes.byref(handle),
                                                     ctypes.byref(report))
            return Dossier._parsed(status, handle, report, "parser")
        finally:
            self.close()
