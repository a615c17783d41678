"""Lifetime of the objects that own a native handle (dossier, parser, codelists, release,
archive): one implementation of close / with / __del__ / closed-checks."""

from __future__ import annotations

from typing import Optional, TypeVar

from . import _native
from ._errors import ClosedError

_T = TypeVar("_T", bound="NativeHandle")


class NativeHandle:
    """Owns ``self._handle``, freed by the library function named ``_free_function``.

    :meth:`close` frees it (idempotent), as do a ``with`` block and, as a fallback, ``__del__``.
    Using the object after closing raises :class:`liboso.ClosedError`.
    """

    _free_function = ""
    _handle: Optional[int] = None

    def _free(self, handle: int) -> None:
        getattr(_native.lib(), self._free_function)(handle)

    def close(self) -> None:
        """Free the native object (idempotent); objects borrowed from it become unusable."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._free(handle)

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._handle is None

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone already
            pass

    def _ptr(self) -> int:
        if self._handle is None:
            raise ClosedError(type(self).__name__)
        return self._handle
