"""Selective release ("selectief uitleveren"): per category, whether its data is released."""

from __future__ import annotations

import ctypes
from typing import Dict, List, Mapping, Optional, Union

from . import _native
from ._errors import OsoArgumentError, ReleaseValue, check
from ._handle import NativeHandle

#: Number of release categories (``OSO_CATEGORY_COUNT``).
CATEGORY_COUNT = 16

_VALUE_NAMES = {"VERPLICHT": ReleaseValue.VERPLICHT, "OPTIONEEL": ReleaseValue.OPTIONEEL,
                "VERBODEN": ReleaseValue.VERBODEN, "OPT-UIT": ReleaseValue.OPT_UIT,
                "OPT_UIT": ReleaseValue.OPT_UIT}

#: What :meth:`liboso.Dossier.redact` accepts as a release.
ReleaseSpec = Union[None, str, Mapping[str, Union[str, ReleaseValue]], "Release"]


def presets() -> List[str]:
    """Names of the profile presets (each also exists as ``<name>-opt-out``)."""
    lib = _native.lib()
    return [_native.text(lib.oso_release_preset_name(i)) or ""
            for i in range(lib.oso_release_preset_count())]


def categories() -> List[str]:
    """Field names of the 16 categories, in order: ``cat_metadata`` ... ``cat_bijlagedocs``."""
    lib = _native.lib()
    return [_native.text(lib.oso_release_category_field(i)) or ""
            for i in range(1, CATEGORY_COUNT + 1)]


def value_name(value: ReleaseValue) -> Optional[str]:
    """The codelist-48 text of a value (``"OPT-UIT"``), None for ``UNSET``."""
    return _native.text(_native.lib().oso_release_value_name(int(value)))


def _value(value: Union[str, int, ReleaseValue]) -> ReleaseValue:
    if isinstance(value, str):
        try:
            return _VALUE_NAMES[value.upper()]
        except KeyError:
            raise OsoArgumentError(
                f"unknown release value {value!r} (VERPLICHT, OPTIONEEL, VERBODEN, OPT-UIT)"
            ) from None
    try:
        return ReleaseValue(value)
    except ValueError:
        raise OsoArgumentError(f"unknown release value {value!r}") from None


class Release(NativeHandle):
    """A release specification (``oso_release``): one value, possibly unset, per category.

    ``spec`` may be:

    * None or ``"metadata"``: every category unset, i.e. the dossier's own
      ``categorie_uitlevering`` is used;
    * a preset name (``"OV-POVO"``, ``"PaO-VOSWV-opt-out"``, see :func:`presets`);
    * ``"CAT=VALUE,..."`` text (``"vve=OPT-UIT,cat_verzuim=VERBODEN"``); presets and pairs may be
      mixed, later items override earlier ones (``"OV-POVO,verzuim=OPT-UIT"``), as in
      ``oso redact --release``;
    * a mapping ``{category: value}`` (``{"vve": "OPT-UIT"}``, values may be
      :class:`ReleaseValue`).

    Unknown presets, categories or values raise :class:`liboso.OsoError`.
    """

    def __init__(self, spec: ReleaseSpec = None) -> None:
        handle = ctypes.c_void_p()
        check(_native.lib().oso_release_new(ctypes.byref(handle)), "release")
        self._handle: Optional[int] = handle.value
        try:
            if isinstance(spec, Release):
                for field in categories():
                    self.set(field, spec.get(field))
            elif isinstance(spec, str):
                self.update(spec)
            elif isinstance(spec, Mapping):
                for category, value in spec.items():
                    self.set(category, value)
            elif spec is not None:
                raise OsoArgumentError(
                    f"a release is a preset name, CAT=VALUE text or a mapping, "
                    f"not {type(spec).__name__}")
        except BaseException:
            self.close()
            raise

    def update(self, text: str) -> None:
        """Apply comma-separated items: ``metadata``, preset names, ``CAT=VALUE`` pairs."""
        lib = _native.lib()
        for item in (part.strip() for part in text.split(",")):
            if not item or item == "metadata":
                continue
            if "=" in item:
                check(lib.oso_release_parse(self._ptr(), _native.cstr(item, "release")),
                      "release")
                continue
            preset = ctypes.c_void_p()
            check(lib.oso_release_preset(ctypes.byref(preset), _native.cstr(item, "preset")),
                  f"release preset {item!r}")
            try:
                for field in categories():
                    raw = field.encode("ascii")
                    check(lib.oso_release_set(self._ptr(), raw,
                                              lib.oso_release_get(preset.value, raw)), "release")
            finally:
                lib.oso_release_free(preset.value)

    def set(self, category: str, value: Union[str, int, ReleaseValue]) -> None:
        """Set one category (``"vve"``, ``"cat_vve"`` or ``"6"``) to a value."""
        check(_native.lib().oso_release_set(self._ptr(), _native.cstr(category, "category"),
                                            int(_value(value))), f"category {category!r}")

    def get(self, category: str) -> ReleaseValue:
        """Value of a category (``UNSET`` when not set or unknown)."""
        return ReleaseValue(_native.lib().oso_release_get(self._ptr(),
                                                          _native.cstr(category, "category")))

    def as_dict(self) -> Dict[str, Optional[str]]:
        """``{field: "VERPLICHT" | ... | None}`` for the 16 categories."""
        return {field: value_name(self.get(field)) for field in categories()}

    _free_function = "oso_release_free"

    def __repr__(self) -> str:
        if self._handle is None:
            return "<liboso.Release closed>"
        values = {k: v for k, v in self.as_dict().items() if v is not None}
        return f"<liboso.Release {values}>"
