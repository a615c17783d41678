"""Codelists: the embedded OSO 2019.1 lists, overlays loaded at run time, code lookups."""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional, Tuple, Union

from . import _native
from ._errors import OsoArgumentError, OsoError, Status, check, last_error
from ._handle import NativeHandle

#: A list designation: an id (``14``, ``1034``) or text (``"14"``, ``"gba-landen"``, ``"CL14"``).
ListKey = Union[int, str]

#: ``OSO_CODE_ONDERDEEL``: in ``oso-toetscodes``, the code is a toetsonderdeel code.
CODE_ONDERDEEL = 0x1

#: Ids of the external tables (codelists.h).
GBA_NATIONALITEITEN = 1032
GBA_LANDEN = 1034
OSO_TOETSCODES = 1100
DUO_ELEMENTCODES = 1200
DUO_VAKCODES = 1201


@dataclass(frozen=True)
class CodelistInfo:
    """Description of one list in a :class:`Codelists` set."""
    id: int
    key: str
    number: int
    external: bool
    rule: str
    name: str
    version: str
    source: str
    origin: str
    size: int


@dataclass(frozen=True)
class Code:
    """One entry of a list."""
    code: str
    meaning: str
    flags: int


def parse_key(key: ListKey) -> int:
    """The id of a list designation: ``14``, ``"014"``, ``"gba-landen"``, ``"CL14"``."""
    if isinstance(key, bool):
        raise OsoArgumentError("a list key must be int or str")
    if isinstance(key, int):
        return key
    if not isinstance(key, str):
        raise OsoArgumentError("a list key must be int or str")
    out = ctypes.c_int()
    status = _native.lib().oso_codelist_parse_key(_native.cstr(key, "list key"),
                                                  ctypes.byref(out))
    check(status, f"codelist {key!r}")
    return out.value


def rule_id(key: ListKey) -> str:
    """Rule id that diagnostics for a list use (``CL14``, ``CL.gba-landen``)."""
    buf = ctypes.create_string_buffer(64)
    check(_native.lib().oso_codelist_rule_id(parse_key(key), buf, len(buf)), f"codelist {key!r}")
    return buf.value.decode("utf-8")


def external_key(list_id: int) -> Optional[str]:
    """Key of an external table id (``"gba-landen"`` for 1034); None for other ids."""
    return _native.text(_native.lib().oso_codelist_external_key(list_id))


class Codelists(NativeHandle):
    """A set of codelists (``oso_codelists``).

    ``Codelists.default()`` holds the lists embedded in the library; :meth:`load` adds the lists
    of a directory on top (newer lists, external tables such as ``gba-landen``). Pass the object
    to :meth:`liboso.Dossier.validate` (``codelists=``). Once loaded it is only read, so one object
    may be shared by any number of threads. Free it with :meth:`close` or a ``with`` block.
    """

    def __init__(self, _handle: ctypes.c_void_p) -> None:
        self._handle: Optional[int] = _handle.value

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def default(cls) -> "Codelists":
        """A new set with the embedded default lists (the numbered OSO 2019.1 lists)."""
        handle = ctypes.c_void_p()
        check(_native.lib().oso_codelists_new(ctypes.byref(handle)), "codelists")
        return cls(handle)

    @classmethod
    def load(cls, directory: Union[str, "os.PathLike[str]"]) -> "Codelists":
        """The default lists overlaid with every ``*.tsv`` file of ``directory``."""
        lists = cls.default()
        try:
            lists.load_dir(directory)
        except BaseException:
            lists.close()
            raise
        return lists

    def load_dir(self, directory: Union[str, "os.PathLike[str]"]) -> None:
        """Overlay every ``*.tsv`` file of a directory (all or nothing)."""
        self._load(_native.lib().oso_codelists_load_dir, os.fsencode(directory), str(directory))

    def load_file(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Overlay one codelist file."""
        self._load(_native.lib().oso_codelists_load_file, os.fsencode(path), str(path))

    def load_bytes(self, data: bytes, name: Optional[str] = None) -> None:
        """Overlay one codelist given in memory (file format of ``doc/codelists.md``)."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise OsoArgumentError("data must be bytes")
        raw = bytes(data)
        status = _native.lib().oso_codelists_load_buffer(
            self._ptr(), _native.cstr(name, "name"), raw, len(raw))
        if status != Status.OK:
            raise self._load_error(status, name or "<buffer>")

    def _load(self, func: Callable[[int, bytes], int], arg: bytes, what: str) -> None:
        status = func(self._ptr(), arg)
        if status != Status.OK:
            raise self._load_error(status, what)

    def _load_error(self, status: int, what: str) -> OsoError:
        error = last_error(status, filename=what)
        error.location = self.error_location()
        if error.location is None:
            error.message = f"{what}: {error.message}"
            error.args = (error.message,)
        return error

    def error_location(self) -> Optional[Tuple[str, int]]:
        """``(file, line)`` where the last load call failed, or None (line 0: no line)."""
        file = ctypes.c_char_p()
        line = ctypes.c_size_t()
        status = _native.lib().oso_codelists_error_location(self._ptr(), ctypes.byref(file),
                                                            ctypes.byref(line))
        if status != Status.OK:
            return None
        return (os.fsdecode(file.value or b""), line.value)

    # --- lifetime ---------------------------------------------------------------------------

    _free_function = "oso_codelists_free"

    # --- lookups ----------------------------------------------------------------------------

    def _list(self, key: ListKey) -> int:
        ptr = _native.lib().oso_codelists_get(self._ptr(), parse_key(key))
        if not ptr:
            raise OsoError(Status.NOT_FOUND, f"codelist {key!r} is not loaded")
        return int(ptr)

    def __len__(self) -> int:
        return int(_native.lib().oso_codelists_count(self._ptr()))

    def __contains__(self, key: object) -> bool:
        try:
            return bool(_native.lib().oso_codelists_get(self._ptr(), parse_key(key)))  # type: ignore[arg-type]
        except OsoError as exc:
            if exc.status in (Status.NOT_FOUND, Status.INVALID_ARG):
                return False
            raise

    def ids(self) -> List[int]:
        """Ids of the lists in the set, ascending (numbered lists, then external tables)."""
        lib = _native.lib()
        ptr = self._ptr()
        return [lib.oso_codelist_id(lib.oso_codelists_at(ptr, i))
                for i in range(lib.oso_codelists_count(ptr))]

    def __iter__(self) -> Iterator[CodelistInfo]:
        for list_id in self.ids():
            yield self.info(list_id)

    def info(self, key: ListKey) -> CodelistInfo:
        """Header data of a list (name, version, source, where it was read from, size)."""
        lib = _native.lib()
        ptr = self._list(key)
        return CodelistInfo(
            id=lib.oso_codelist_id(ptr),
            key=_native.text(lib.oso_codelist_key(ptr)) or "",
            number=lib.oso_codelist_number(ptr),
            external=bool(lib.oso_codelist_is_external(ptr)),
            rule=_native.text(lib.oso_codelist_rule(ptr)) or "",
            name=_native.text(lib.oso_codelist_name(ptr)) or "",
            version=_native.text(lib.oso_codelist_version(ptr)) or "",
            source=_native.text(lib.oso_codelist_source(ptr)) or "",
            origin=_native.text(lib.oso_codelist_origin(ptr)) or "",
            size=lib.oso_codelist_size(ptr))

    def contains(self, key: ListKey, code: str) -> bool:
        """Whether ``code`` is a member of the list (exact byte comparison)."""
        raw = _native.cstr(code, "code")
        assert raw is not None
        return bool(_native.lib().oso_codelist_contains(self._list(key), raw, len(raw)))

    def lookup(self, key: ListKey, code: str) -> Optional[Code]:
        """The entry of ``code`` in the list, or None when it is not a member."""
        raw = _native.cstr(code, "code")
        assert raw is not None
        meaning = ctypes.c_char_p()
        flags = ctypes.c_uint()
        status = _native.lib().oso_codelist_lookup(self._list(key), raw, len(raw),
                                                   ctypes.byref(meaning), ctypes.byref(flags))
        if status == Status.NOT_FOUND:
            return None
        check(status, f"codelist {key!r}")
        return Code(code, _native.text(meaning.value) or "", flags.value)

    def meaning(self, key: ListKey, code: str) -> Optional[str]:
        """The meaning of ``code`` in the list ("" when the file gives none), None if absent."""
        entry = self.lookup(key, code)
        return None if entry is None else entry.meaning

    def entries(self, key: ListKey) -> List[Code]:
        """Every entry of the list, in file order."""
        lib = _native.lib()
        ptr = self._list(key)
        out = []
        code = ctypes.c_char_p()
        meaning = ctypes.c_char_p()
        flags = ctypes.c_uint()
        for i in range(lib.oso_codelist_size(ptr)):
            check(lib.oso_codelist_entry(ptr, i, ctypes.byref(code), ctypes.byref(meaning),
                                         ctypes.byref(flags)), f"codelist {key!r}")
            out.append(Code(_native.text(code.value) or "", _native.text(meaning.value) or "",
                            flags.value))
        return out

    def __repr__(self) -> str:
        if self._handle is None:
            return "<liboso.Codelists closed>"
        return f"<liboso.Codelists {len(self)} lists>"
