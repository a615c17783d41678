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
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Type, TypeVar, Union

from . import _native
from ._errors import ChainMessageType, Lang, OsoArgumentError, Status, check, last_error
from .dossier import (Diagnostic, Dossier, LangArg, ValidationResult, _bytes, _lang,
                      _read_report, _take_report)

TypeArg = Union[None, str, ChainMessageType]
_S = TypeVar("_S", bound=ctypes.Structure)


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


#: An identity of a pupil: ``(label, id)`` with label ``"ECK-iD"`` or ``"LAS-key"``.
Identity = Tuple[str, str]
#: A voorlopig schooladvies: ``([(label, id), ...], advies)``.
Advice = Tuple[Sequence[Identity], str]

_SCHOOL_MEMBERS = ("instellingscode", "vestigingscode", "onderwijsaanbiedercode",
                   "onderwijslocatiecode", "administratienr")


@dataclass(frozen=True)
class ChainGroup:
    """A stamgroep of a Deelnemerslijst (``oso_chain_group``).

    Attributes:
        id: 1-256 characters; participants name their group by it.
        omschrijving: at most 64 characters.
        jaargroep: ``"7"``, ``"8"``, ``"C"`` or ``"S"``.
    """
    id: str
    omschrijving: str
    jaargroep: str


@dataclass(frozen=True)
class ChainParticipant:
    """A pupil of a Deelnemerslijst (``oso_chain_participant``).

    Attributes:
        identities: 1 or 2 ``(label, id)`` pairs, ``"ECK-iD"`` first when present.
        achternaam: at most 70 characters.
        roepnaam: at most 64 characters.
        groep: the :attr:`ChainGroup.id` of the pupil's stamgroep.
        jaargroep: ``"7"`` or ``"8"``.
        voorletters: at most 6 characters.
        geboortedatum: ``YYYY-MM-DD``.
        geslacht: 1, 2 or 9 (``Geslachttype_enum``).
        voorvoegsel: at most 10 characters; None leaves it out.
    """
    identities: Sequence[Identity]
    achternaam: str
    roepnaam: str
    groep: str
    jaargroep: str
    voorletters: str
    geboortedatum: str
    geslacht: int
    voorvoegsel: Optional[str] = None


@dataclass(frozen=True)
class ChainScore:
    """A score of a Leerlingresultaat (``oso_chain_score``).

    Attributes:
        soort: ``Scoresoort_enum``: ``"Toetsscore"``, ``"Detailscore"``, ...
        id: id of the score.
        waarde: the score as text, e.g. ``"212"``.
        toetseenheid: the test part the score is about; None leaves it out.
    """
    soort: str
    id: str
    waarde: str
    toetseenheid: Optional[str] = None


@dataclass(frozen=True)
class ChainResult:
    """A result of a Leerlingresultaat (``oso_chain_result``).

    Attributes:
        soort: ``Resultaatsoort_enum``: ``"Toetsadvies"``, ``"Referentieniveau"``,
            ``"Percentielscore"``.
        waarde: the result as text (an advice, a level, a percentile).
        toetseenheid: e.g. ``"REKENEN"``, ``"LEZEN"``, ``"TAALVERZORGING"``; None leaves it out.
    """
    soort: str
    waarde: str
    toetseenheid: Optional[str] = None


@dataclass(frozen=True)
class ChainTestPart:
    """A test part (``oso_chain_test_part``): an Onderdeel, its Domeinen in ``parts``, their
    Subdomeinen in theirs (the writer sets the label from the level; nothing lies below a
    Subdomein).

    Attributes:
        id: the code of its level's enumeration, e.g. ``"REKENEN"``.
        omschrijving: None leaves it out.
        parts: the level below.
    """
    id: str
    omschrijving: Optional[str] = None
    parts: Sequence["ChainTestPart"] = ()


def _enc(value: Optional[str], what: str) -> Optional[bytes]:
    return _native.cstr(value, what)


def _school(school: Dict[str, str]) -> _native.ChainSchool:
    unknown = set(school) - set(_SCHOOL_MEMBERS)
    if unknown:
        raise OsoArgumentError(f"unknown school member(s) {sorted(unknown)}")
    return _native.ChainSchool(*(_enc(school.get(m), m) for m in _SCHOOL_MEMBERS))


def _array(kind: Type[_S], items: Sequence[_S]) -> "ctypes.Array[_S]":
    """A C array of ``items``; never of length 0, so that an empty list is a valid pointer."""
    return (kind * max(len(items), 1))(*items)


def _identities(identities: Sequence[Identity], keep: List[object]
                ) -> "ctypes.Array[_native.ChainIdentity]":
    ids = _array(_native.ChainIdentity, [_native.ChainIdentity(_enc(label, "label"),
                                                               _enc(ident, "id"))
                                         for label, ident in identities])
    keep.append(ids)
    return ids


def _write(function: str, message: ctypes.Structure, what: str, lang: LangArg) -> bytes:
    """Call writer ``function``; a message the definition rejects raises :class:`OsoError`
    (``INVALID``) whose ``findings`` (also ``diagnostics``) hold the check's findings."""
    out, length, report = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
    status = getattr(_native.lib(), function)(ctypes.byref(out), ctypes.byref(length),
                                              ctypes.byref(report), ctypes.byref(message))
    findings = _take_report(report, lang)
    if status != Status.OK:
        error = last_error(status, what, list(findings))
        setattr(error, "findings", findings)  # the check's findings travel with the error
        raise error
    return _take_text(out, length)


def write_deelnemerslijst(*, datumtijd: str, auteur: str, schooljaar: str,
                          school: Dict[str, str], groepen: Sequence[ChainGroup],
                          deelnemers: Sequence[ChainParticipant],
                          lang: LangArg = Lang.NL) -> bytes:
    """Write a Deelnemerslijst (``oso_chain_write_deelnemerslijst``) as JSON bytes.

    ``school`` is as for :func:`write_schooladviezenlijst`; ``groepen`` are the stamgroepen
    (:class:`ChainGroup`), ``deelnemers`` the pupils (:class:`ChainParticipant`). A list the
    definition rejects raises :class:`OsoError` (``INVALID``) whose ``findings`` attribute
    holds the check's findings."""
    _lang(lang)
    keep: List[object] = []  # ctypes objects the C call points into
    c_school = _school(school)
    c_groups = _array(_native.ChainGroup, [
        _native.ChainGroup(_enc(g.id, "id"), _enc(g.omschrijving, "omschrijving"),
                           _enc(g.jaargroep, "jaargroep")) for g in groepen])
    c_people = _array(_native.ChainParticipant, [
        _native.ChainParticipant(
            _identities(p.identities, keep), len(p.identities),
            _enc(p.achternaam, "achternaam"), _enc(p.voorvoegsel, "voorvoegsel"),
            _enc(p.roepnaam, "roepnaam"), _enc(p.groep, "groep"), _enc(p.jaargroep, "jaargroep"),
            _enc(p.voorletters, "voorletters"), _enc(p.geboortedatum, "geboortedatum"),
            p.geslacht) for p in deelnemers])
    message = _native.ChainDeelnemerslijst(
        _native.CHAIN_DEELNEMERSLIJST_VERSION, _enc(datumtijd, "datumtijd"),
        _enc(auteur, "auteur"), _enc(schooljaar, "schooljaar"), ctypes.pointer(c_school),
        c_groups, len(groepen), c_people, len(deelnemers))
    json = _write("oso_chain_write_deelnemerslijst", message, "Deelnemerslijst", lang)
    del keep  # kept alive until the call returned
    return json


def write_schooladviezenlijst(*, datumtijd: str, auteur: str, schooljaar: str,
                              school: Dict[str, str], adviezen: Sequence[Advice],
                              lang: LangArg = Lang.NL) -> bytes:
    """Write a Schooladviezenlijst (``oso_chain_write_schooladviezenlijst``) as JSON bytes.

    ``school`` has the five members of the definition's Deelnemersgroep (``instellingscode``,
    ``vestigingscode``, ``onderwijsaanbiedercode``, ``onderwijslocatiecode``,
    ``administratienr``); each advice is ``([(label, id), ...], advies)`` with labels
    ``"ECK-iD"`` / ``"LAS-key"`` and a ``Schooladviestype_enum`` value (what
    :func:`advice_from_dossier` returns). A list the definition rejects raises
    :class:`OsoError` (``INVALID``) whose ``findings`` attribute holds the check's findings."""
    _lang(lang)
    keep: List[object] = []  # ctypes objects the C call points into
    c_school = _school(school)
    c_advices = _array(_native.ChainAdvice, [
        _native.ChainAdvice(_identities(identities, keep), len(identities),
                            _enc(advies, "advies")) for identities, advies in adviezen])
    message = _native.ChainSchooladviezenlijst(
        _native.CHAIN_SCHOOLADVIEZENLIJST_VERSION, _enc(datumtijd, "datumtijd"),
        _enc(auteur, "auteur"), _enc(schooljaar, "schooljaar"), ctypes.pointer(c_school),
        c_advices, len(adviezen))
    json = _write("oso_chain_write_schooladviezenlijst", message, "Schooladviezenlijst", lang)
    del keep  # kept alive until the call returned
    return json


def _test_parts(parts: Sequence[ChainTestPart], keep: List[object]
                ) -> "Optional[ctypes.Array[_native.ChainTestPart]]":
    if not parts:
        return None  # NULL: the member is left out
    array = _array(_native.ChainTestPart, [
        _native.ChainTestPart(_enc(p.id, "id"), _enc(p.omschrijving, "omschrijving"),
                              _test_parts(p.parts, keep), len(p.parts)) for p in parts])
    keep.append(array)
    return array


def write_leerlingresultaat(*, datumtijd: str, auteur: str, schooljaar: str, id: str,
                            identities: Sequence[Identity], result_versie: str,
                            toetsdefinitie: str, afname_id: str, afnametijdstip: str,
                            resultaten: Sequence[ChainResult], toets_id: str, toets_naam: str,
                            result_datumtijd: Optional[str] = None,
                            scores_id: Optional[str] = None,
                            scores: Sequence[ChainScore] = (),
                            aanvullendeinfo: Optional[str] = None,
                            toets_versie: Optional[str] = None, toets_url: Optional[str] = None,
                            toets_omschrijving: Optional[str] = None,
                            onderdelen: Sequence[ChainTestPart] = (),
                            lang: LangArg = Lang.NL) -> bytes:
    """Write a Leerlingresultaat (``oso_chain_write_leerlingresultaat``) as JSON bytes.

    The arguments are the members of ``oso_chain_leerlingresultaat``: ``id`` of the
    resultatenscores, the pupil's ``identities`` (``[(label, id)]``), ``result_versie`` (e.g.
    ``"Definitief"``), ``toetsdefinitie`` and ``toets_id`` (``Toetssoort_enum``, e.g.
    ``"ROUTE_8"``), the test taking (``afname_id``, ``afnametijdstip``), ``resultaten``
    (:class:`ChainResult`, at least one), the optional ``scores`` block (:class:`ChainScore`,
    written when ``scores_id`` is given) and the test's ``onderdelen`` (:class:`ChainTestPart`).
    Optional strings that are None are left out. A message the definition rejects raises
    :class:`OsoError` (``INVALID``) whose ``findings`` attribute holds the check's findings."""
    _lang(lang)
    if scores and scores_id is None:
        raise OsoArgumentError("scores need a scores_id (the id of the scores block)")
    keep: List[object] = []  # ctypes objects the C call points into
    c_scores = _array(_native.ChainScore, [
        _native.ChainScore(_enc(x.soort, "soort"), _enc(x.id, "id"),
                           _enc(x.toetseenheid, "toetseenheid"), _enc(x.waarde, "waarde"))
        for x in scores])
    c_results = _array(_native.ChainResult, [
        _native.ChainResult(_enc(r.soort, "soort"), _enc(r.toetseenheid, "toetseenheid"),
                            _enc(r.waarde, "waarde")) for r in resultaten])
    message = _native.ChainLeerlingresultaat(
        _native.CHAIN_LEERLINGRESULTAAT_VERSION, _enc(datumtijd, "datumtijd"),
        _enc(auteur, "auteur"), _enc(schooljaar, "schooljaar"), _enc(id, "id"),
        _identities(identities, keep), len(identities), _enc(result_versie, "result_versie"),
        _enc(result_datumtijd, "result_datumtijd"), _enc(toetsdefinitie, "toetsdefinitie"),
        _enc(afname_id, "afname_id"), _enc(afnametijdstip, "afnametijdstip"),
        _enc(scores_id, "scores_id"), c_scores, len(scores),
        _enc(aanvullendeinfo, "aanvullendeinfo"), c_results, len(resultaten),
        _enc(toets_id, "toets_id"), _enc(toets_naam, "toets_naam"),
        _enc(toets_versie, "toets_versie"), _enc(toets_url, "toets_url"),
        _enc(toets_omschrijving, "toets_omschrijving"), _test_parts(onderdelen, keep),
        len(onderdelen))
    json = _write("oso_chain_write_leerlingresultaat", message, "Leerlingresultaat", lang)
    del keep  # kept alive until the call returned
    return json


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


def advice_from_dossier(dossier: Dossier) -> Advice:
    """The dossier pupil's school advice as an entry of :func:`write_schooladviezenlijst`
    (``oso_chain_advice_from_dossier``): ``([("LAS-key", leerlingid)], advies)``, the advice
    ``overstapadvies/advies`` mapped by :func:`schooladvies_for_code`. :class:`OsoError`
    (``NOT_FOUND``) when the dossier has no leerlingid or no advice, or the advice has no
    chain value."""
    advice, identity = _native.ChainAdvice(), _native.ChainIdentity()
    check(_native.lib().oso_chain_advice_from_dossier(ctypes.byref(advice),
                                                      ctypes.byref(identity), dossier._ptr()),
          "schooladvies")
    # The strings are borrowed from the dossier: copied before it can change.
    return ([(_native.string(identity.label or b""), _native.string(identity.id or b""))],
            _native.string(advice.advies or b""))


def message_operation(message_type: TypeArg) -> Tuple[str, str]:
    """The operation whose request body a message type is, as the definition gives it:
    ``message_operation("Deelnemerslijst") == ("POST", "/registreren")``. :class:`OsoError`
    (``NOT_FOUND``) for the Ontvangstmelding (a response) and UNKNOWN."""
    kind = _type(message_type)
    method, path = ctypes.c_char_p(), ctypes.c_char_p()
    check(_native.lib().oso_chain_message_operation(int(kind), ctypes.byref(method),
                                                    ctypes.byref(path)), kind.name)
    return _native.string(method.value or b""), _native.string(path.value or b"")


def check_routing(path: str, edu_to: Optional[str], edu_from: Optional[str],
                  lang: LangArg = Lang.NL) -> ValidationResult:
    """Check the routing parameters ``edu-to`` and ``edu-from`` (None: absent) of the
    operation ``path`` (``"/registreren"``, ``"/registreren-schooladviezen"``,
    ``"/leerlingresultaat"``, ``"/leerlingrapport/{rapportid}"``) against the definition
    (``oso_chain_check_routing``). Errors ``DTM.PARAM`` (missing, or not matching the
    definition's pattern), warnings ``DTM.PARAM_FORMAT`` (not 20 letters and digits); the
    path of a finding is the parameter's name. :class:`OsoError` (``NOT_FOUND``) for a path
    the definition does not have."""
    _lang(lang)
    report = ctypes.c_void_p()
    check(_native.lib().oso_chain_check_routing(ctypes.byref(report), _enc(path, "path"),
                                                _enc(edu_to, "edu_to"),
                                                _enc(edu_from, "edu_from")), path)
    return _take_report(report, lang)


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
