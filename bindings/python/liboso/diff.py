"""Comparing two versions of a dossier (``oso_dossier_diff``, doc/diff.md).

    import oso
    from oso.diff import diff

    with liboso.Dossier.from_file("voorjaar.xml") as old, liboso.Dossier.from_file("juni.xml") as new:
        result = diff(old, new)
        print(result.same, result.summary())
        for change in result:
            print(change.change, change.old_path, change.new_path, change.new_value)
"""

from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional

from . import _native
from ._errors import check
from .dossier import Dossier

#: ``OSO_DIFF_OPTIONS_VERSION``
DIFF_OPTIONS_VERSION = 1
_TEXT, _JSON, _SUMMARY = 0, 1, 2


@dataclass(frozen=True)
class Change:
    """One change: ``change`` is ``"added"``, ``"removed"``, ``"changed"`` or ``"moved"``."""
    change: str
    name: str
    attribute: bool
    old_path: Optional[str]
    new_path: Optional[str]
    old_value: Optional[str]
    new_value: Optional[str]
    category: Optional[str]
    release: bool


class Diff:
    """The result of :func:`diff`: the changes in document order, and their renderings."""

    def __init__(self, changes: List[Change], text: str, summary: str, json_text: str) -> None:
        self.changes = changes
        self._text, self._summary, self._json = text, summary, json_text

    @property
    def same(self) -> bool:
        """True when there are no changes."""
        return not self.changes

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def text(self) -> str:
        """One line per change and a summary line (``oso diff``)."""
        return self._text

    def summary(self) -> str:
        """The summary per release category (``oso diff --format summary``), one line."""
        return self._summary

    def to_json(self) -> Dict[str, Any]:
        """The JSON object of ``oso diff --format json``."""
        result: Dict[str, Any] = json.loads(self._json)
        return result


def _render(lib: ctypes.CDLL, handle: int, fmt: int) -> str:
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    check(lib.oso_diff_format_text(ctypes.byref(out), ctypes.byref(length), handle, fmt), "diff")
    try:
        return ctypes.string_at(out.value or 0, length.value).decode("utf-8")
    finally:
        lib.oso_free(out.value)


def diff(old: Dossier, new: Dossier, *, moves: bool = True) -> Diff:
    """Compare ``old`` with ``new``. ``moves=False`` ignores the order of identified items."""
    lib = _native.lib()
    options = _native.DiffOptions()
    check(lib.oso_diff_options_init(ctypes.byref(options), DIFF_OPTIONS_VERSION), "diff options")
    options.report_moves = 1 if moves else 0
    handle = ctypes.c_void_p()
    check(lib.oso_dossier_diff(ctypes.byref(handle), old._ptr(), new._ptr(),
                               ctypes.byref(options)), "diff")
    try:
        h = handle.value or 0
        categories = [None] + [(_native.text(lib.oso_release_category_field(i)) or "")[4:]
                               for i in range(1, 17)]
        changes = [Change(change=_native.text(lib.oso_change_kind_name(lib.oso_diff_kind(h, i))) or "",
                          name=_native.text(lib.oso_diff_name(h, i)) or "",
                          attribute=bool(lib.oso_diff_is_attribute(h, i)),
                          old_path=_native.text(lib.oso_diff_old_path(h, i)),
                          new_path=_native.text(lib.oso_diff_new_path(h, i)),
                          old_value=_native.text(lib.oso_diff_old_value(h, i)),
                          new_value=_native.text(lib.oso_diff_new_value(h, i)),
                          category=categories[lib.oso_diff_category(h, i)],
                          release=bool(lib.oso_diff_is_release(h, i)))
                   for i in range(lib.oso_diff_count(h))]
        return Diff(changes, _render(lib, h, _TEXT), _render(lib, h, _SUMMARY).rstrip("\n"),
                    _render(lib, h, _JSON))
    finally:
        lib.oso_diff_free(handle.value)
