"""Attachments: the documents a dossier carries in ``document`` blocks (``bestandsnaam``,
``omschrijving``, ``bestandsinhoud`` = Base64 of a ZIP archive)."""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from typing import (IO, TYPE_CHECKING, Callable, List, Optional, Tuple, Union)

from . import _native
from ._errors import OsoArgumentError, OsoError, Status, check, last_error
from ._handle import NativeHandle

if TYPE_CHECKING:  # pragma: no cover
    from .dossier import Dossier, LangArg, Node, ParseLimits, ValidationResult

PathArg = Union[str, "os.PathLike[str]"]
#: Where to write bytes: a binary file object (with ``write``) or an open file descriptor.
Target = Union[IO[bytes], int]


@dataclass
class AttachmentLimits:
    """Limits for reading attachments (``oso_attachment_options``): ZIP bombs, huge entries.
    None keeps the library's safe default; 0 disables a limit."""
    max_entries: Optional[int] = None
    max_entry_size: Optional[int] = None
    max_total_size: Optional[int] = None
    max_ratio: Optional[int] = None

    def _struct(self) -> _native.AttachmentOptions:
        options = _native.AttachmentOptions()
        check(_native.lib().oso_attachment_options_init(ctypes.byref(options),
                                                        _native.ATTACHMENT_OPTIONS_VERSION),
              "attachment options")
        for name in ("max_entries", "max_entry_size", "max_total_size", "max_ratio"):
            value = getattr(self, name)
            if value is not None:
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise OsoArgumentError(f"{name} must be a non-negative int")
                setattr(options, name, value)
        return options


def _limits(limits: Optional[AttachmentLimits]) -> Tuple[Optional[_native.ByRef],
                                                          Optional[_native.AttachmentOptions]]:
    """(byref-or-None, keep-alive object) for an ``const oso_attachment_options *``."""
    if limits is None:
        return None, None
    struct = limits._struct()
    return ctypes.byref(struct), struct


@dataclass(frozen=True)
class ZipEntry:
    """One entry of an attachment's ZIP archive.

    ``name`` comes from the archive and may be hostile (``../x``, ``/etc/x``): use it as a file
    name only when ``safe`` is True.
    """
    index: int
    name: str
    size: int
    compressed_size: int
    is_dir: bool
    safe: bool


class _Sink:
    """A C sink (``oso_attachment_sink``) writing to a Python file object; exceptions raised by
    ``write`` stop the C call and are re-raised after it."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.error: Optional[BaseException] = None
        self.callback = _native.ATTACHMENT_SINK(self._call)

    def _call(self, ctx: Optional[int], data: Optional[int], length: int) -> int:
        try:
            self.out.write(ctypes.string_at(data or 0, length) if length else b"")
            return Status.OK
        except BaseException as exc:  # noqa: BLE001 - re-raised by finish()
            self.error = exc
            return Status.IO

    def finish(self, status: int, context: str) -> None:
        if self.error is not None:
            raise self.error
        check(status, context)


def _take_buffer(out: ctypes.c_void_p, length: ctypes.c_size_t) -> bytes:
    try:
        return ctypes.string_at(out.value or 0, length.value) if length.value else b""
    finally:
        _native.lib().oso_free(out.value)


class Archive(NativeHandle):
    """An attachment's ZIP archive opened for listing and extracting (``oso_attachment``).

    Opening checks the archive's structure and entry count; reading enforces the size and ratio
    limits and every entry's CRC-32. Free it with :meth:`close` or a ``with`` block. Not
    thread-safe.
    """

    def __init__(self, handle: int, keep: object = None, borrowed: bool = False) -> None:
        self._handle: Optional[int] = handle
        self._keep = keep          # bytes an archive opened from memory points into
        self._borrowed = borrowed  # owned by the library (scan visitor): never freed here

    @classmethod
    def from_bytes(cls, zip_bytes: bytes, limits: Optional[AttachmentLimits] = None
                   ) -> "Archive":
        """Open ZIP bytes (e.g. :meth:`Attachment.zip`)."""
        if not isinstance(zip_bytes, (bytes, bytearray, memoryview)):
            raise OsoArgumentError("zip_bytes must be bytes")
        buf = ctypes.create_string_buffer(bytes(zip_bytes), len(zip_bytes))
        handle = ctypes.c_void_p()
        options, keep = _limits(limits)
        check(_native.lib().oso_attachment_open_buffer(ctypes.byref(handle), buf,
                                                       len(zip_bytes), options), "zip")
        return cls(handle.value, (buf, keep))  # type: ignore[arg-type]

    @classmethod
    def from_fd(cls, fd: int, limits: Optional[AttachmentLimits] = None) -> "Archive":
        """Open a ZIP file through a descriptor (read with pread(); keep it open while the
        archive is in use)."""
        handle = ctypes.c_void_p()
        options, keep = _limits(limits)
        check(_native.lib().oso_attachment_open_fd(ctypes.byref(handle), int(fd), options),
              f"fd {fd}")
        return cls(handle.value, keep)  # type: ignore[arg-type]

    _free_function = "oso_attachment_free"

    def _free(self, handle: int) -> None:
        if not self._borrowed:
            super()._free(handle)

    def close(self) -> None:
        """Free the archive (idempotent)."""
        super().close()
        self._keep = None

    @property
    def entries(self) -> List[ZipEntry]:
        """The entries (files and folders), in archive order."""
        lib = _native.lib()
        ptr = self._ptr()
        out = []
        for i in range(lib.oso_attachment_entry_count(ptr)):
            name = lib.oso_attachment_entry_name(ptr, i)
            out.append(ZipEntry(i, name.decode("utf-8", "replace") if name else "",
                                lib.oso_attachment_entry_size(ptr, i),
                                lib.oso_attachment_entry_compressed_size(ptr, i),
                                bool(lib.oso_attachment_entry_is_dir(ptr, i)),
                                bool(lib.oso_attachment_entry_name_safe(ptr, i))))
        return out

    def find(self, name: str) -> Optional[int]:
        """Index of the first entry named exactly ``name``, or None."""
        index = ctypes.c_size_t()
        status = _native.lib().oso_attachment_find(self._ptr(), _native.cstr(name, "name"),
                                                   ctypes.byref(index))
        if status == Status.NOT_FOUND:
            return None
        check(status, f"entry {name!r}")
        return index.value

    def _index(self, entry: Union[int, str, ZipEntry]) -> int:
        if isinstance(entry, ZipEntry):
            return entry.index
        if isinstance(entry, str):
            index = self.find(entry)
            if index is None:
                raise OsoError(Status.NOT_FOUND, f"no entry {entry!r} in the archive")
            return index
        if isinstance(entry, int) and not isinstance(entry, bool):
            return entry
        raise OsoArgumentError("an entry is an index, a name or a ZipEntry")

    def read(self, entry: Union[int, str, ZipEntry]) -> bytes:
        """Extract one entry into memory (limits and CRC-32 checked)."""
        index = self._index(entry)
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        check(_native.lib().oso_attachment_extract(ctypes.byref(out), ctypes.byref(length),
                                                   self._ptr(), index), f"entry {entry!r}")
        return _take_buffer(out, length)

    def extract_to(self, entry: Union[int, str, ZipEntry], target: Target) -> None:
        """Stream one entry to a binary file object or a file descriptor, in chunks, without
        holding it in memory. When this raises, discard what was written."""
        index = self._index(entry)
        lib = _native.lib()
        if isinstance(target, bool):
            raise TypeError("a file descriptor must be an int, not a bool")
        if isinstance(target, int):
            check(lib.oso_attachment_extract_fd(self._ptr(), index, target), f"entry {entry!r}")
            return
        sink = _Sink(target)
        status = lib.oso_attachment_extract_to(self._ptr(), index, sink.callback, None)
        sink.finish(status, f"entry {entry!r}")

    def extract_all(self, directory: PathArg) -> List[str]:
        """Write every file entry below ``directory`` (folders are created); returns the paths
        written. Refuses the whole archive (nothing written) when an entry name is unsafe."""
        entries = self.entries
        unsafe = [e.name for e in entries if not e.safe]
        if unsafe:
            raise OsoError(Status.POLICY, f"unsafe entry name(s) in the archive: {unsafe!r}")
        written = []
        for e in entries:
            target = os.path.join(os.fspath(directory), *e.name.split("/"))
            if e.is_dir:
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                with open(target, "wb") as handle:
                    self.extract_to(e, handle.fileno())
            except BaseException:
                os.unlink(target)
                raise
            written.append(target)
        return written

    def __repr__(self) -> str:
        if self._handle is None:
            return "<liboso.Archive closed>"
        return f"<liboso.Archive {[e.name for e in self.entries]}>"


def _text(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8", "replace")


def _category_field(category: int) -> Optional[str]:
    return _native.text(_native.lib().oso_release_category_field(category)) if category else None


class Attachment:
    """A ``document`` element of a :class:`liboso.Dossier` (borrows the dossier: usable while
    the dossier is open and unchanged by ``remove()``, like :class:`liboso.Node`).

    Attributes:
        node: the ``document`` element.
    """

    def __init__(self, node: "Node") -> None:
        self.node = node

    @property
    def path(self) -> str:
        """Path of the ``document`` element."""
        return self.node.path

    @property
    def filename(self) -> Optional[str]:
        """``bestandsnaam`` (None when absent)."""
        return _text(_native.lib().oso_attachment_filename(self.node._ptr()))

    @property
    def description(self) -> Optional[str]:
        """``omschrijving`` (None when absent; it is optional)."""
        return _text(_native.lib().oso_attachment_description(self.node._ptr()))

    @property
    def category(self) -> int:
        """Release category (1..16) the attachment belongs to, 0 when none."""
        return int(_native.lib().oso_attachment_category(self.node._ptr()))

    @property
    def category_field(self) -> Optional[str]:
        """Field name of :attr:`category` (``"cat_bijlagedocs"``), None when none."""
        return _category_field(self.category)

    def zip(self) -> bytes:
        """The decoded content: the ZIP archive's bytes."""
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        check(_native.lib().oso_attachment_decode(ctypes.byref(out), ctypes.byref(length),
                                                  self.node._ptr()), self.path)
        return _take_buffer(out, length)

    def write_zip(self, target: Target) -> None:
        """Stream the ZIP bytes to a binary file object or a file descriptor."""
        lib = _native.lib()
        if isinstance(target, bool):
            raise TypeError("a file descriptor must be an int, not a bool")
        if isinstance(target, int):
            check(lib.oso_attachment_decode_fd(self.node._ptr(), target), self.path)
            return
        sink = _Sink(target)
        status = lib.oso_attachment_decode_to(self.node._ptr(), sink.callback, None)
        sink.finish(status, self.path)

    def open(self, limits: Optional[AttachmentLimits] = None) -> Archive:
        """Decode and open the ZIP archive (close the result)."""
        handle = ctypes.c_void_p()
        options, keep = _limits(limits)
        check(_native.lib().oso_attachment_open(ctypes.byref(handle), self.node._ptr(), options),
              self.path)
        return Archive(handle.value, keep)  # type: ignore[arg-type]

    @property
    def entries(self) -> List[ZipEntry]:
        """The entries of the ZIP archive."""
        with self.open() as archive:
            return archive.entries

    def data(self, name: Optional[str] = None, limits: Optional[AttachmentLimits] = None
             ) -> bytes:
        """The document: the entry called ``name``; by default the entry named like
        ``bestandsnaam``, else the archive's only file. Raises :class:`liboso.OsoError`
        (``NOT_FOUND``) when that does not settle it, ``BASE64``/``ZIP``/``LIMIT`` for a bad
        attachment."""
        with self.open(limits) as archive:
            if name is not None:
                return archive.read(name)
            filename = self.filename
            if filename is not None:
                index = archive.find(filename)
                if index is not None:
                    return archive.read(index)
            files = [e for e in archive.entries if not e.is_dir]
            if len(files) == 1:
                return archive.read(files[0])
            raise OsoError(Status.NOT_FOUND,
                           f"{self.path}: no single document in the archive "
                           f"({[e.name for e in files]}); pass a name")

    def extract(self, directory: PathArg, limits: Optional[AttachmentLimits] = None
                ) -> List[str]:
        """Write every file of the archive below ``directory`` (see
        :meth:`Archive.extract_all`); returns the paths written."""
        with self.open(limits) as archive:
            return archive.extract_all(directory)

    def verify(self, limits: Optional[AttachmentLimits] = None,
               lang: "LangArg" = "nl") -> "ValidationResult":
        """Check the attachment (decode, open, inflate every entry, names, document-type
        policy) without extracting: the ``ATT.*`` findings (empty: sound)."""
        from .dossier import _take_report
        report = ctypes.c_void_p()
        options, keep = _limits(limits)
        status = _native.lib().oso_attachment_verify(ctypes.byref(report), self.node._ptr(),
                                                     options)
        del keep
        result = _take_report(report, lang)
        check(status, self.path)
        return result

    def set(self, filename: str, data: bytes, description: Optional[str] = None) -> None:
        """Replace the document (``oso_attachment_set``): the content must be of an allowed
        type (``POLICY`` otherwise; the dossier is then unchanged)."""
        raw = _data(data)
        check(_native.lib().oso_attachment_set(
            self.node._ptr(), _native.cstr(filename, "filename"),
            _native.cstr(description, "description"), raw, len(raw)), self.path)

    def set_file(self, path: PathArg, filename: Optional[str] = None,
                 description: Optional[str] = None) -> None:
        """Replace the document with a file's contents (its own name by default)."""
        check(_native.lib().oso_attachment_set_file(
            self.node._ptr(), os.fsencode(path), _native.cstr(filename, "filename"),
            _native.cstr(description, "description")), os.fsdecode(path),
            filename=os.fsdecode(path))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Attachment) and other.node == self.node

    def __hash__(self) -> int:
        return hash(self.node)

    def __repr__(self) -> str:
        try:
            return f"<liboso.Attachment {self.filename!r} at {self.path}>"
        except OsoError:
            return "<liboso.Attachment (stale)>"


def _data(data: object) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise OsoArgumentError(f"data must be bytes, not {type(data).__name__}")


# --- dossier-level helpers (used by Dossier) ------------------------------------------------

def dossier_attachments(dossier: "Dossier") -> List[Attachment]:
    from .dossier import Node
    lib = _native.lib()
    ptr = dossier._ptr()
    out = []
    node = lib.oso_attachment_next(ptr, None)
    while node:
        out.append(Attachment(Node(dossier, node)))
        node = lib.oso_attachment_next(ptr, node)
    return out


def add_attachment(parent: "Node", filename: str, data: bytes,
                   description: Optional[str]) -> Attachment:
    from .dossier import Node
    raw = _data(data)
    out = ctypes.c_void_p()
    check(_native.lib().oso_attachment_add(
        ctypes.byref(out), parent._ptr(), _native.cstr(filename, "filename"),
        _native.cstr(description, "description"), raw, len(raw)), f"add attachment {filename!r}")
    return Attachment(Node(parent._dossier, out.value))  # type: ignore[arg-type]


def add_attachment_file(parent: "Node", path: PathArg, filename: Optional[str],
                        description: Optional[str]) -> Attachment:
    from .dossier import Node
    out = ctypes.c_void_p()
    check(_native.lib().oso_attachment_add_file(
        ctypes.byref(out), parent._ptr(), os.fsencode(path), _native.cstr(filename, "filename"),
        _native.cstr(description, "description")), os.fsdecode(path),
        filename=os.fsdecode(path))
    return Attachment(Node(parent._dossier, out.value))  # type: ignore[arg-type]


# --- streaming ------------------------------------------------------------------------------

@dataclass
class StreamedAttachment:
    """An attachment met while scanning a dossier in streaming mode (:func:`scan_attachments`).

    ``archive`` is the opened ZIP archive, usable only inside the visitor call (None when the
    content could not be decoded or opened; ``error`` then says why).
    """
    path: str
    filename: Optional[str]
    description: Optional[str]
    category: int
    category_field: Optional[str]
    archive: Optional[Archive]
    error: Optional[str]


def scan_attachments(source: Union[PathArg, int],
                     visit: Optional[Callable[[StreamedAttachment], None]] = None, *,
                     verify: bool = True, keep_dossier: bool = False,
                     limits: Optional[AttachmentLimits] = None,
                     parse_limits: Optional["ParseLimits"] = None, lang: "LangArg" = "nl"
                     ) -> Tuple[Optional["Dossier"], "ValidationResult"]:
    """Parse a dossier file (a path or a file descriptor) in streaming mode and process its
    attachments with bounded memory: each one is decoded into a temporary file, verified when
    ``verify``, and passed to ``visit`` as a :class:`StreamedAttachment`.

    Returns ``(dossier, report)``: the model without attachment content when
    ``keep_dossier`` (else None), and the ``ATT.*`` findings (or the ``XML`` diagnostic of a
    refused input). An exception raised by ``visit`` stops the scan and is re-raised.
    """
    from .dossier import Dossier, _parse_options, _take_report
    lib = _native.lib()
    failure: List[BaseException] = []

    def trampoline(ctx: Optional[int], document: Optional[int], archive: Optional[int]) -> int:
        try:
            path = ctypes.c_void_p()
            check(lib.oso_node_path(ctypes.byref(path), document), "path")
            try:
                text = ctypes.string_at(path.value or 0).decode("utf-8")
            finally:
                lib.oso_free(path.value)
            category = lib.oso_attachment_category(document)
            error = None
            if not archive:
                detail = lib.oso_error_last()
                error = detail.decode("utf-8", "replace") if detail else "unreadable"
            borrowed = Archive(archive, borrowed=True) if archive else None
            try:
                visit(StreamedAttachment(  # type: ignore[misc]
                    text, _text(lib.oso_attachment_filename(document)),
                    _text(lib.oso_attachment_description(document)), category,
                    _category_field(category), borrowed, error))
            finally:
                if borrowed is not None:
                    borrowed.close()
            return Status.OK
        except BaseException as exc:  # noqa: BLE001 - re-raised after the scan
            failure.append(exc)
            return Status.STATE

    # A NULL function pointer when there is no visitor.
    callback = (_native.ATTACHMENT_VISIT_FN(trampoline) if visit is not None
                else _native.ATTACHMENT_VISIT_FN(0))
    options, keep = _limits(limits)
    dossier, report = ctypes.c_void_p(), ctypes.c_void_p()
    out = ctypes.byref(dossier) if keep_dossier else None
    if isinstance(source, bool):
        raise TypeError("a file descriptor must be an int, not a bool")
    if isinstance(source, int):
        status = lib.oso_attachments_scan_fd(out, ctypes.byref(report), source, options,
                                             _parse_options(parse_limits), int(verify),
                                             callback, None)
        what = f"fd {source}"
    else:
        status = lib.oso_attachments_scan_file(out, ctypes.byref(report), os.fsencode(source),
                                               options, _parse_options(parse_limits),
                                               int(verify), callback, None)
        what = os.fsdecode(source)
    del keep
    error = last_error(status, what) if status != Status.OK and not failure else None
    result = _take_report(report, lang)
    model = Dossier(dossier) if dossier.value else None
    if failure or error is not None:
        if model is not None:
            model.close()
        if failure:
            raise failure[0]
        raise error  # type: ignore[misc]
    return model, result


def verify_attachments_file(path: PathArg, *, limits: Optional[AttachmentLimits] = None,
                            parse_limits: Optional["ParseLimits"] = None,
                            lang: "LangArg" = "nl") -> "ValidationResult":
    """Verify every attachment of a dossier file in streaming mode (bounded memory, however
    large the attachments): the ``ATT.*`` findings, or the ``XML`` diagnostic of a refused
    input."""
    from .dossier import _parse_options, _take_report
    options, keep = _limits(limits)
    report = ctypes.c_void_p()
    status = _native.lib().oso_attachments_verify_file(ctypes.byref(report), os.fsencode(path),
                                                       options, _parse_options(parse_limits))
    del keep
    result = _take_report(report, lang)
    check(status, os.fsdecode(path), filename=os.fsdecode(path))
    return result
