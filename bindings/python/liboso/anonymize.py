"""Anonymised copies of dossiers (``oso_dossier_anonymize``, doc/anonymize.md).

    import oso
    from oso.anonymize import anonymize

    with liboso.Dossier.from_file("dossier.xml") as d, anonymize(d, seed=42) as copy:
        copy.save_xml("testdossier.xml")
"""

from __future__ import annotations

import ctypes
from typing import Optional

from . import _native
from ._errors import check
from .codelists import Codelists
from .dossier import Dossier, ProfileArg, RulesArg, _validate_options

#: ``OSO_ANONYMIZE_OPTIONS_VERSION``
ANONYMIZE_OPTIONS_VERSION = 1


def anonymize(dossier: Dossier, *, seed: int = 0, key: Optional[bytes] = None,
              profile: ProfileArg = "auto", codelists: Optional[Codelists] = None,
              strict: bool = False, rules: RulesArg = None) -> Dossier:
    """A copy of ``dossier`` with every personal value replaced by a fake of the same kind.

    The same dossier and ``seed`` give the same copy. With ``key`` (e.g. the bytes of a key
    file), the same original value gets the same fake in every dossier anonymised with that
    key, and the seed is not used. The copy gets the validation verdict of the original under
    the given validation options; :class:`liboso.OsoError` with status ``STATE`` when no copy
    can.
    """
    lib = _native.lib()
    options = _native.AnonymizeOptions()
    check(lib.oso_anonymize_options_init(ctypes.byref(options), ANONYMIZE_OPTIONS_VERSION),
          "anonymize options")
    options.seed = seed
    buffer = None
    if key is not None:
        buffer = (ctypes.c_ubyte * len(key)).from_buffer_copy(key)
        options.key = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ubyte))
        options.key_length = len(key)
    validate = _validate_options(profile, codelists, False, strict, rules)
    options.validate_options = ctypes.pointer(validate)
    out = ctypes.c_void_p()
    check(lib.oso_dossier_anonymize(ctypes.byref(out), dossier._ptr(), ctypes.byref(options)),
          "anonymize")
    del buffer
    return Dossier(out)
