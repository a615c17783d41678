"""Doorstroomtoets chain messages (``oso/chain.h``): check a Deelnemerslijst,
Schooladviezenlijst, Leerlingresultaat or Ontvangstmelding against the chain's OpenAPI
definition 1.1.0.

    result = liboso.check_message(open("lijst.json", "rb").read())
    print(result.valid, result.message_type)
    for d in result:
        print(d.line, d.column, d.rule, d.path, d.message)   # path: a JSON Pointer
"""

from __future__ import annotations

import ctypes
import os
from typing import Dict, Iterable, Optional, Sequence, Tuple, Union

from . import _native
from ._errors import ChainMessageType, Lang, OsoArgumentError, OsoError, check
from .dossier import (Diagnostic, LangArg, ValidationResult, _bytes, _lang, _read_report,
                      _take_report)

TypeArg = Union[None, str, ChainMessageType]


class MessageCheckResult(ValidationResult):
    """The findings of a message check (a list of :class:`Diagnostic`), the verdict and
    ``message_type``: the :class:`ChainMessageType` checked against (UNKNOWN when the type
    could not be recognised)."""

    def __init__(self, diagnostics: Iterable[Diagnostic] = (), valid: bool = True,
                 omitted: int = 0,
                 message_type: ChainMessageType = ChainMessageType.UNKNOWN) -> None:
        super().__init__(diagnostics, valid, None, omitted)
        self.message_type = message_type

    def __repr__(self) -> str:
        return (f"<oso.MessageCheckResult valid={self.valid} type={self.message_type.name} "
                f"diagnostics={len(self)}>")


def _take_text(out: ctypes.c_void_p, length: ctypes.c_size_t) -> bytes:
    try:
        return ctypes.string_at(out.value or 0, length.value)
    finally:
        _native.lib().oso_free(out.value)


def write_schooladviezenlijst(*, datumtijd: str, auteur: str, schooljaar: str,
                              school: Dict[str, str],
                              adviezen: Sequence[Tuple[Sequence[Tuple[str, str]], str]],
                              lang: LangArg = Lang.NL) -> bytes:
    """Write a Schooladviezenlijst (``oso_chain_write_schooladviezenlijst``) as JSON bytes.

    ``school`` has the five members of the definition's Deelnemersgroep (``instellingscode``,
    ``vestigingscode``, ``onderwijsaanbiedercode``, ``onderwijslocatiecode``,
    ``administratienr``); each advice is ``([(label, id), ...], advies)`` with labels
    ``"ECK-iD"`` / ``"LAS-key"`` and a ``Schooladviestype_enum`` value. A list the definition
    rejects raises :class:`OsoError` (``INVALID``) whose ``findings`` attribute holds the
    check's findings."""
    _lang(lang)
    keep = []  # ctypes objects the C call points into

    def enc(value: Optional[str], what: str) -> Optional[bytes]:
        return _native.cstr(value, what)

    members = ("instellingscode", "vestigingscode", "onderwijsaanbiedercode",
               "onderwijslocatiecode", "administratienr")
    unknown = set(school) - set(members)
    if unknown:
        raise OsoArgumentError(f"unknown school member(s) {sorted(unknown)}")
    c_school = _native.ChainSchool(*(enc(school.get(m), m) for m in members))
    c_advices = (_native.ChainAdvice * max(len(adviezen), 1))()
    for i, (identities, advies) in enumerate(adviezen):
        ids = (_native.ChainIdentity * max(len(identities), 1))(
            *[_native.ChainIdentity(enc(label, "label"), enc(ident, "id"))
              for label, ident in identities])
        keep.append(ids)
        c_advices[i] = _native.ChainAdvice(ids, len(identities), enc(advies, "advies"))
    message = _native.ChainSchooladviezenlijst(
        _native.CHAIN_SCHOOLADVIEZENLIJST_VERSION, enc(datumtijd, "datumtijd"),
        enc(auteur, "auteur"), enc(schooljaar, "schooljaar"), ctypes.pointer(c_school),
        c_advices, len(adviezen))
    out, length, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
    status = _native.lib().oso_chain_write_schooladviezenlijst(
        ctypes.byref(out), ctypes.byref(length), ctypes.byref(report), ctypes.byref(message))
    findings = _take_report(report, lang)
    del keep
    if status != 0:
        try:
            check(status, "Schooladviezenlijst")
        except OsoError as e:
            setattr(e, "findings", findings)  # the check's findings travel with the error
            raise
    return _take_text(out, length)


def write_ontvangstmelding(melding: Optional[str]) -> bytes:
    """An Ontvangstmelding (``{"melding": ...}``) as JSON bytes."""
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    check(_native.lib().oso_chain_write_ontvangstmelding(ctypes.byref(out), ctypes.byref(length),
                                                         _native.cstr(melding, "melding")),
          "Ontvangstmelding")
    return _take_text(out, length)


def schooladvies_for_code(code: str) -> "tuple[str, bool]":
    """The chain's ``Schooladviestype_enum`` value for a VO advice code of the dossier
    (codelist 2), and whether that value also stands for other codes (codelist 2 is finer
    there): ``schooladvies_for_code("40") == ("VMBO_GL/TL", True)``. :class:`OsoError`
    (``NOT_FOUND``) for a code without a chain value."""
    value, coarser = ctypes.c_char_p(), ctypes.c_int()
    check(_native.lib().oso_chain_schooladvies_for_code(ctypes.byref(value), ctypes.byref(coarser),
                                                        code.encode("utf-8")), code)
    return (value.value or b"").decode("ascii"), bool(coarser.value)


def message_type_name(message_type: ChainMessageType) -> str:
    """The definition's name of a message type, e.g. ``"Schooladviezenlijst"``."""
    return str(_native.lib().oso_chain_message_type_name(int(message_type)).decode("ascii"))


def _type(value: TypeArg) -> ChainMessageType:
    if value is None:
        return ChainMessageType.UNKNOWN
    if isinstance(value, ChainMessageType):
        return value
    if isinstance(value, str):
        out = ctypes.c_int()
        check(_native.lib().oso_chain_message_type_from_name(ctypes.byref(out),
                                                             value.encode("utf-8")),
              "message type")
        return ChainMessageType(out.value)
    raise OsoArgumentError(f"unknown message type {value!r}")


def _options(message_type: TypeArg, max_bytes: Optional[int],
             max_depth: Optional[int]) -> _native.ChainCheckOptions:
    options = _native.ChainCheckOptions()
    check(_native.lib().oso_chain_check_options_init(ctypes.byref(options),
                                                     _native.CHAIN_CHECK_OPTIONS_VERSION),
          "chain check options")
    options.expect = int(_type(message_type))
    if max_bytes is not None:
        options.max_bytes = max_bytes
    if max_depth is not None:
        options.max_depth = max_depth
    return options


def _result(report: ctypes.c_void_p, found: ctypes.c_int, lang: LangArg) -> MessageCheckResult:
    lib = _native.lib()
    try:
        base = _read_report(report.value or 0, lang)
    finally:
        lib.oso_report_free(report.value)
    return MessageCheckResult(base, base.valid, base.omitted, ChainMessageType(found.value))


def check_message(data: bytes, message_type: TypeArg = None, max_bytes: Optional[int] = None,
                  max_depth: Optional[int] = None, lang: LangArg = Lang.NL) -> MessageCheckResult:
    """Check a chain message held in memory. ``message_type`` (a :class:`ChainMessageType` or
    its name) fixes the type; None recognises it from the content. Hostile input (invalid
    JSON or UTF-8, duplicate keys, deep nesting, huge numbers, too large) gives findings."""
    raw = _bytes(data)
    _lang(lang)
    options = _options(message_type, max_bytes, max_depth)
    report, found = ctypes.c_void_p(), ctypes.c_int()
    status = _native.lib().oso_chain_check_buffer(ctypes.byref(report), ctypes.byref(found), raw,
                                                  len(raw), ctypes.byref(options))
    check(status, "<bytes>")
    return _result(report, found, lang)


def check_message_file(path: "Union[str, os.PathLike[str]]", message_type: TypeArg = None,
                       max_bytes: Optional[int] = None, max_depth: Optional[int] = None,
                       lang: LangArg = Lang.NL) -> MessageCheckResult:
    """As :func:`check_message`, for a file (:class:`liboso.OsoError` when it cannot be read)."""
    _lang(lang)
    options = _options(message_type, max_bytes, max_depth)
    report, found = ctypes.c_void_p(), ctypes.c_int()
    status = _native.lib().oso_chain_check_file(ctypes.byref(report), ctypes.byref(found),
                                                os.fsencode(path), ctypes.byref(options))
    check(status, os.fspath(path))
    return _result(report, found, lang)
