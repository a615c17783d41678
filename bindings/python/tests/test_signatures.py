"""Mechanical check: every ctypes declaration of the binding matches the C headers.

Parses include/oso/*.h and lib/liboso.map (c_headers.py) and compares, for every function in
liboso._native.FUNCTIONS: that it exists in a header and in the version script, the number of
parameters, and each parameter's and the return value's kind (pointer with its depth and, for
public structs, which struct; integer with its size and signedness; void). Also the ctypes
mirrors of the public structs field by field, the Python enums value by value and the
versions/constants the binding hard-codes. Every exported function must be bound or listed in
liboso._native.UNBOUND with a reason.
"""

from __future__ import annotations

import ctypes
import os
import sys
import unittest
from typing import List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, HERE)

import c_headers  # noqa: E402
import liboso  # noqa: E402
from liboso import _errors, _native, codelists, release  # noqa: E402

API = c_headers.parse(os.path.join(SOURCE_ROOT, "include", "oso"))
EXPORTED = set(c_headers.exported_symbols(os.path.join(SOURCE_ROOT, "lib", "liboso.map")))
#: Every ctypes mirror of a public struct in the binding (the classes that name a C struct).
MIRRORS = [t for t in vars(_native).values()
           if isinstance(t, type) and issubclass(t, ctypes.Structure) and hasattr(t, "_c_name_")]

_CHAR_LIKE = ("char", "void", "unsigned char")


def _is_pointer_type(t) -> bool:
    return t in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p) or (
        isinstance(t, type) and issubclass(t, (ctypes._Pointer, ctypes._CFuncPtr)))


def _depth(t) -> int:
    if t in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p):
        return 1
    if isinstance(t, type) and issubclass(t, ctypes._CFuncPtr):
        return 1
    if isinstance(t, type) and issubclass(t, ctypes._Pointer):
        return 1 + (_depth(t._type_) if _is_pointer_type(t._type_) else 0)
    return 0


def _scalar(t):
    """(size, signed) of a ctypes integer type, or None."""
    if isinstance(t, type) and issubclass(t, ctypes._SimpleCData) and t._type_ in "bBhHiIlLqQ":
        return ctypes.sizeof(t), t._type_ in "bhilq"
    return None


def describe(t) -> str:
    return "void" if t is None else getattr(t, "__name__", repr(t))


def mismatch(c: c_headers.CType, t, api: c_headers.Api = API) -> Optional[str]:
    """Why ctypes type ``t`` cannot stand for C type ``c`` (None when it can)."""
    if c.kind == "void":
        return None if t is None else f"C void, ctypes {describe(t)}"
    if t is None:
        return f"C {c}, ctypes void (restype not declared?)"
    if c.kind == "int":
        got = _scalar(t)
        if got != (c.size, c.signed):
            return (f"C {c} is a {c.size}-byte {'signed' if c.signed else 'unsigned'} integer, "
                    f"ctypes {describe(t)} is {got}")
        return None
    if c.kind == "fn":
        if not (isinstance(t, type) and issubclass(t, ctypes._CFuncPtr)
                and getattr(t, "_c_name_", None) == c.base):
            return f"C function pointer {c}, ctypes {describe(t)} (need a CFUNCTYPE named {c.base})"
        signature = api.fn_typedefs[c.base]
        problems = check_signature(c.base, signature, t._restype_, t._argtypes_, api)
        return "; ".join(problems) if problems else None
    # pointers
    if not _is_pointer_type(t):
        return f"C pointer {c}, ctypes non-pointer {describe(t)}"
    if _depth(t) != c.depth:
        return f"C {c} has pointer depth {c.depth}, ctypes {describe(t)} depth {_depth(t)}"
    if c.depth > 1:
        return None
    if c.base in api.structs:
        target = getattr(t, "_type_", None)
        if not (isinstance(target, type) and issubclass(target, ctypes.Structure)
                and getattr(target, "_c_name_", None) == c.base):
            return f"C {c} needs POINTER(<Structure mirroring {c.base}>), got {describe(t)}"
        return None
    if c.base in api.opaque:
        return None if t is ctypes.c_void_p else f"C opaque {c} must be c_void_p, got {describe(t)}"
    if c.base in _CHAR_LIKE:
        ok = t in (ctypes.c_void_p, ctypes.c_char_p) or (
            issubclass(t, ctypes._Pointer) and t._type_ in (ctypes.c_char, ctypes.c_ubyte,
                                                            ctypes.c_byte))
        return None if ok else f"C {c} (bytes), ctypes {describe(t)}"
    if c.base in c_headers.SCALARS or api.is_enum(c.base):
        inner = c_headers.classify(c.base, api)
        if not issubclass(t, ctypes._Pointer):
            return f"C {c} needs POINTER({c.base}), got {describe(t)}"
        return mismatch(inner, t._type_, api)
    return f"C {c}: unknown pointer target {c.base!r}"


def check_function(name: str, restype, argtypes, api: c_headers.Api = API,
                   exported=EXPORTED) -> List[str]:
    """Every problem of one declaration, as text."""
    func = api.functions.get(name)
    if func is None:
        return [f"{name}: not declared with OSO_API in include/oso/*.h"]
    problems = []
    if name not in exported:
        problems.append(f"{name}: not exported by lib/liboso.map")
    return problems + check_signature(name, func, restype, argtypes, api)


def check_signature(name: str, func: c_headers.Function, restype, argtypes,
                    api: c_headers.Api = API) -> List[str]:
    problems = []
    why = mismatch(func.ret, restype, api)
    if why:
        problems.append(f"{name}: return: {why}")
    if len(argtypes) != len(func.params):
        problems.append(f"{name}: {len(argtypes)} argtypes, header has {len(func.params)} "
                        f"parameters ({', '.join(p for p, _ in func.params)})")
    else:
        for (pname, ctype), t in zip(func.params, argtypes):
            why = mismatch(ctype, t, api)
            if why:
                problems.append(f"{name}: parameter {pname}: {why}")
    return problems


def check_struct(structure, api: c_headers.Api = API) -> List[str]:
    name = getattr(structure, "_c_name_", None)
    if name not in api.structs:
        return [f"{structure.__name__}: _c_name_ {name!r} is no public struct"]
    c_fields = api.structs[name].fields
    py_fields = structure._fields_
    problems = []
    if [f for f, _ in c_fields] != [f for f, *_ in py_fields]:
        problems.append(f"{name}: fields {[f for f, _ in c_fields]} in C, "
                        f"{[f for f, *_ in py_fields]} in ctypes")
    for (fname, ctype), (_, t, *_) in zip(c_fields, py_fields):
        why = mismatch(ctype, t, api)
        if why:
            problems.append(f"{name}.{fname}: {why}")
    return problems


class FunctionDeclarations(unittest.TestCase):
    def test_header_parser_found_the_api(self):
        # Guards the checker itself: a broken regex must not make every check vacuous.
        self.assertGreater(len(API.functions), 90)
        self.assertIn("oso_validate", API.functions)
        self.assertEqual(len(API.functions["oso_dossier_parse_buffer"].params), 5)

    def test_every_declaration_matches_the_headers(self):
        problems = []
        for name, (restype, argtypes) in _native.FUNCTIONS.items():
            problems += check_function(name, restype, argtypes)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_every_exported_function_is_bound_or_excused(self):
        public = set(API.functions)
        missing = sorted(public - set(_native.FUNCTIONS) - set(_native.UNBOUND))
        self.assertEqual(missing, [], "functions of include/oso/*.h the Python binding does "
                                      "not declare (bind them or list them in UNBOUND)")
        self.assertEqual(sorted(set(_native.UNBOUND) - public), [], "stale UNBOUND entries")
        self.assertEqual(sorted(set(_native.UNBOUND) & set(_native.FUNCTIONS)), [])

    def test_the_loaded_library_exports_every_declared_function(self):
        lib = _native.lib()
        for name in _native.FUNCTIONS:
            self.assertTrue(hasattr(lib, name), name)
            func = getattr(lib, name)
            self.assertEqual(func.restype, _native.FUNCTIONS[name][0], name)
            self.assertEqual(list(func.argtypes), list(_native.FUNCTIONS[name][1]), name)

    def test_structs_match(self):
        self.assertIn(_native.ParseOptions, MIRRORS)  # guards the collection of MIRRORS
        self.assertIn(_native.ChainTestPart, MIRRORS)
        problems = []
        for structure in MIRRORS:
            problems += check_struct(structure)
        mirrored = {s._c_name_ for s in MIRRORS}
        bound = set(API.functions) - set(_native.UNBOUND)
        self.assertEqual(sorted(c_headers.structs_used_by(API, bound) - mirrored), [],
                         "public structs not mirrored")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_enums_match(self):
        pairs = [(_errors.Status, "oso_status", "OSO_E_", {"OK": "OSO_OK"}),
                 (_errors.Severity, "oso_severity", "OSO_SEVERITY_", {}),
                 (_errors.Lang, "oso_lang", "OSO_LANG_", {}),
                 (_errors.Profile, "oso_profile", "OSO_PROFILE_", {}),
                 (_errors.RuleGroup, "oso_rule_group", "OSO_RULES_", {}),
                 (_errors.ReleaseValue, "oso_release_value", "OSO_RELEASE_", {}),
                 (_errors.ChainMessageType, "oso_chain_message_type", "OSO_CHAIN_", {}),
                 (_errors.Referentieniveau, "oso_referentieniveau", "OSO_REF_",
                  {"F1": "OSO_REF_1F", "S1": "OSO_REF_1S", "F2": "OSO_REF_2F"})]
        for py_enum, c_enum, prefix, special in pairs:
            with self.subTest(c_enum):
                c_members = API.enums[c_enum]
                py_members = {special.get(m.name, prefix + m.name): int(m) for m in py_enum}
                self.assertEqual(py_members, c_members)

    def test_constants_match(self):
        d = API.defines
        self.assertEqual(_native.PARSE_OPTIONS_VERSION, d["OSO_PARSE_OPTIONS_VERSION"])
        self.assertEqual(_native.ATTACHMENT_OPTIONS_VERSION, d["OSO_ATTACHMENT_OPTIONS_VERSION"])
        self.assertEqual(_native.VALIDATE_OPTIONS_VERSION, d["OSO_VALIDATE_OPTIONS_VERSION"])
        self.assertEqual(_native.WRITE_OPTIONS_VERSION, d["OSO_WRITE_OPTIONS_VERSION"])
        self.assertEqual(_native.DOORSTROOMTOETS_VERSION, d["OSO_DOORSTROOMTOETS_VERSION"])
        self.assertEqual(_native.CHAIN_CHECK_OPTIONS_VERSION, d["OSO_CHAIN_CHECK_OPTIONS_VERSION"])
        for kind in ("DEELNEMERSLIJST", "SCHOOLADVIEZENLIJST", "LEERLINGRESULTAAT"):
            self.assertEqual(getattr(_native, f"CHAIN_{kind}_VERSION"),
                             d[f"OSO_CHAIN_{kind}_VERSION"], kind)
        self.assertEqual(release.CATEGORY_COUNT, d["OSO_CATEGORY_COUNT"])
        self.assertEqual(codelists.CODE_ONDERDEEL, d["OSO_CODE_ONDERDEEL"])
        for name in ("GBA_NATIONALITEITEN", "GBA_LANDEN", "OSO_TOETSCODES", "DUO_ELEMENTCODES",
                     "DUO_VAKCODES"):
            self.assertEqual(getattr(codelists, name), d["OSO_CODELIST_" + name], name)
        self.assertEqual(int(liboso.RULES_OFFICIAL), 0b1111)


class CheckerCatchesMistakes(unittest.TestCase):
    """The checks above must be able to fail: feed them typical ctypes mistakes."""

    def problems(self, name, restype, argtypes):
        return check_function(name, restype, argtypes)

    def test_correct_declaration_passes(self):
        self.assertEqual(self.problems("oso_report_at", ctypes.c_void_p,
                                       [ctypes.c_void_p, ctypes.c_size_t]), [])

    def test_misspelt_name(self):
        self.assertTrue(self.problems("oso_report_a", ctypes.c_void_p, [ctypes.c_void_p]))

    def test_pointer_returned_as_int(self):
        self.assertTrue(self.problems("oso_report_at", ctypes.c_int,
                                      [ctypes.c_void_p, ctypes.c_size_t]))

    def test_missing_restype(self):
        self.assertTrue(self.problems("oso_dossier_root", None, [ctypes.c_void_p]))

    def test_int_for_size_t(self):
        self.assertTrue(self.problems("oso_report_at", ctypes.c_void_p,
                                      [ctypes.c_void_p, ctypes.c_int]))

    def test_wrong_parameter_count(self):
        self.assertTrue(self.problems("oso_dossier_set", ctypes.c_int,
                                      [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]))

    def test_wrong_pointer_depth(self):
        self.assertTrue(self.problems("oso_dossier_new", ctypes.c_int, [ctypes.c_void_p]))

    def test_wrong_scalar_behind_pointer(self):
        self.assertTrue(self.problems(
            "oso_codelists_error_location", ctypes.c_int,
            [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_int)]))

    def test_wrong_struct(self):
        self.assertTrue(self.problems(
            "oso_validate", ctypes.c_int,
            [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
             ctypes.POINTER(_native.WriteOptions)]))

    def test_unexported_function(self):
        self.assertTrue(check_function("oso_report_at", ctypes.c_void_p,
                                       [ctypes.c_void_p, ctypes.c_size_t], exported=set()))

    def test_callback_signature_mistake(self):
        class bad(ctypes._CFuncPtr):
            _c_name_ = "oso_attachment_sink"
            _flags_ = ctypes._FUNCFLAG_CDECL
            _restype_ = ctypes.c_int
            _argtypes_ = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)

        self.assertTrue(self.problems("oso_attachment_decode_to", ctypes.c_int,
                                      [ctypes.c_void_p, bad, ctypes.c_void_p]))
        unnamed = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_ubyte),
                                   ctypes.c_size_t)
        self.assertTrue(self.problems("oso_attachment_decode_to", ctypes.c_int,
                                      [ctypes.c_void_p, unnamed, ctypes.c_void_p]))

    def test_struct_field_mistake(self):
        class Bad(ctypes.Structure):
            _c_name_ = "oso_write_options"
            _fields_ = [("version", ctypes.c_uint), ("compact", ctypes.c_size_t),
                        ("omit_attachment_content", ctypes.c_int)]
        self.assertTrue(check_struct(Bad))


if __name__ == "__main__":
    unittest.main()
