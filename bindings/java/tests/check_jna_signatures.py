#!/usr/bin/env python3
"""Mechanical check: every JNA declaration of nl.oso.OsoLibrary matches the C headers.

Parses bindings/java/src/nl/oso/OsoLibrary.java (methods, nested Structure classes with their
C_NAME, the UNBOUND list) and the C headers (bindings/python/tests/c_headers.py), and checks:
each declared function exists in a header and in lib/liboso.map, has the same number of
parameters, and each parameter and return type is of the right kind (pointer with its depth
and, for public structs, the right struct; integer of the right width; void); each Structure
mirrors its C struct field by field; every exported function is declared or listed in UNBOUND.
The enum classes (Status, Severity, ...) are compared value by value. A self-test feeds typical
mistakes to the checker so that it can be seen to fail.
"""

from __future__ import annotations

import os
import re
import sys
import unittest
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
JAVA_DIR = os.path.join(SOURCE_ROOT, "bindings", "java", "src", "nl", "oso")
sys.path.insert(0, os.path.join(SOURCE_ROOT, "bindings", "python", "tests"))

import c_headers  # noqa: E402

API = c_headers.parse(os.path.join(SOURCE_ROOT, "include", "oso"))
EXPORTED = set(c_headers.exported_symbols(os.path.join(SOURCE_ROOT, "lib", "liboso.map")))

#: Java integer types: (size in bytes, C base types they may stand for).
JAVA_INTS = {
    "int": (4, None),      # any 4-byte C integer or enum (Java has no unsigned types)
    "long": (8, ("uint64_t", "int64_t")),
    "short": (2, None),
    "byte": (1, None),
    "NativeLong": (8, ("long", "unsigned long")),
    "SizeT": (8, ("size_t",)),
}
#: By-reference types: the C scalar they point to.
JAVA_REFS = {
    "IntByReference": ("int", 4),
    "SizeTByReference": ("size_t", 8),
    "NativeLongByReference": ("long", 8),
    "LongByReference": ("int64", 8),
}
CHAR_LIKE = ("char", "void", "unsigned char")


@dataclass
class JavaStruct:
    name: str
    c_name: str
    order: List[str]
    fields: List[Tuple[str, str]]


@dataclass
class JavaSource:
    methods: Dict[str, Tuple[str, List[str]]]
    structs: Dict[str, JavaStruct]
    callbacks: Dict[str, str]          # Java interface -> C typedef name
    invokes: Dict[str, Tuple[str, List[str]]]  # Java interface -> invoke() signature
    unbound: Dict[str, str]


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _class_body(text: str, start: int) -> str:
    """The text between the '{' at or after ``start`` and its matching '}'."""
    open_at = text.index("{", start)
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[open_at + 1:i]
    raise ValueError("unbalanced braces")


def parse_java(path: str) -> JavaSource:
    with open(path, encoding="utf-8") as handle:
        raw = handle.read()
    unbound = {}
    m = re.search(r"String\[\]\s+UNBOUND\s*=\s*\{(.*?)\};", raw, re.S)
    if m:
        for item in re.findall(r'"([^"]*)"', m.group(1)):
            name, _, reason = item.partition(":")
            unbound[name.strip()] = reason.strip()
    text = _strip_comments(raw)
    structs = {}
    for m in re.finditer(r"@Structure\.FieldOrder\(\{(.*?)\}\)\s*(?:public\s+)?(?:static\s+)?"
                         r"class\s+(\w+)\s+extends\s+Structure", text, re.S):
        body = _class_body(text, m.end())
        # only the class's own fields, not those of nested classes
        own = re.sub(r"class\s+\w+[^{]*\{[^{}]*\}", " ", body)
        c_name = re.search(r'C_NAME\s*=\s*"(\w+)"', own)
        structs[m.group(2)] = JavaStruct(
            name=m.group(2), c_name=c_name.group(1) if c_name else "",
            order=re.findall(r'"(\w+)"', m.group(1)),
            fields=[(f, t) for t, f in re.findall(r"public\s+([\w.\[\]]+)\s+(\w+)\s*;", own)])
    callbacks, invokes = {}, {}
    for m in re.finditer(r"interface\s+(\w+)\s+extends\s+Callback", text):
        body = _class_body(text, m.end())
        c_name = re.search(r'C_NAME\s*=\s*"(\w+)"', body)
        callbacks[m.group(1)] = c_name.group(1) if c_name else ""
        invoke = re.search(r"([\w.\[\]]+)\s+invoke\s*\(([^)]*)\)\s*;", body)
        if invoke:
            params = [p.strip() for p in " ".join(invoke.group(2).split()).split(",") if p.strip()]
            invokes[m.group(1)] = (invoke.group(1), [p.rsplit(" ", 1)[0] for p in params])
    methods = {}
    for m in re.finditer(r"^\s*([\w.\[\]]+)\s+(oso_\w+)\s*\(([^)]*)\)\s*;", text, re.M):
        params = [p.strip() for p in " ".join(m.group(3).split()).split(",") if p.strip()]
        types = [p.rsplit(" ", 1)[0].strip() for p in params]
        if m.group(2) in methods:
            raise ValueError(f"{m.group(2)} declared twice")
        methods[m.group(2)] = (m.group(1), types)
    return JavaSource(methods, structs, callbacks, invokes, unbound)


def mismatch(c: c_headers.CType, java: str, src: JavaSource, in_struct: bool = False
             ) -> Optional[str]:
    """Why Java type ``java`` cannot stand for C type ``c`` (None when it can)."""
    if c.kind == "void":
        return None if java == "void" else f"C void, Java {java}"
    if java == "void":
        return f"C {c}, Java void"
    if c.kind == "int":
        if java not in JAVA_INTS:
            return f"C integer {c}, Java {java}"
        size, bases = JAVA_INTS[java]
        if size != c.size:
            return f"C {c} has {c.size} bytes, Java {java} {size}"
        if bases is not None and c.base not in bases:
            return f"C {c} must not be declared as {java} (use the matching JNA type)"
        if bases is None and java == "int" and c.base in ("size_t", "long", "unsigned long"):
            return f"C {c} is not an int"
        return None
    if c.kind == "fn":
        if src.callbacks.get(java) != c.base or java not in src.invokes:
            return f"C callback {c}, Java {java} (needs a Callback with C_NAME {c.base} and invoke())"
        ret, params = src.invokes[java]
        problems = check_signature(c.base, API.fn_typedefs[c.base], ret, params, src)
        return "; ".join(problems) if problems else None
    # pointers
    base_java = java[:-len(".ByReference")] if java.endswith(".ByReference") else java
    if base_java in src.structs:
        if c.depth != 1 or src.structs[base_java].c_name != c.base:
            return f"C {c}, Java struct {java} mirrors {src.structs[base_java].c_name or '?'}"
        if in_struct and not java.endswith(".ByReference"):
            return f"C {c} inside a struct needs {java}.ByReference"
        return None
    if c.depth >= 2:
        return None if java == "PointerByReference" else f"C {c}, Java {java} (need PointerByReference)"
    if c.base in API.structs:
        return f"C {c} needs the Structure class mirroring {c.base}, got {java}"
    if java in JAVA_REFS:
        want, size = JAVA_REFS[java]
        inner = c_headers.classify(c.base, API) if (c.base in c_headers.SCALARS
                                                     or API.is_enum(c.base)) else None
        if inner is None or inner.kind != "int" or inner.size != size or (
                want == "size_t" and c.base != "size_t"):
            return f"C {c}, Java {java}"
        return None
    if java == "String":
        return None if c.base == "char" else f"C {c}, Java String"
    if java == "byte[]":
        return None if c.base in CHAR_LIKE and not in_struct else f"C {c}, Java byte[]"
    if java == "Pointer":
        if c.base in API.opaque or c.base in CHAR_LIKE:
            return None
        return f"C {c}, Java Pointer"
    return f"C {c}: no rule for Java {java}"


def check_function(name: str, ret: str, params: List[str], src: JavaSource,
                   exported=EXPORTED) -> List[str]:
    func = API.functions.get(name)
    if func is None:
        return [f"{name}: not declared with OSO_API in include/oso/*.h"]
    problems = []
    if name not in exported:
        problems.append(f"{name}: not exported by lib/liboso.map")
    return problems + check_signature(name, func, ret, params, src)


def check_signature(name: str, func: c_headers.Function, ret: str, params: List[str],
                    src: JavaSource) -> List[str]:
    problems = []
    why = mismatch(func.ret, ret, src)
    if why:
        problems.append(f"{name}: return: {why}")
    if len(params) != len(func.params):
        problems.append(f"{name}: {len(params)} parameters in Java, {len(func.params)} in C")
    else:
        for (pname, ctype), java in zip(func.params, params):
            why = mismatch(ctype, java, src)
            if why:
                problems.append(f"{name}: parameter {pname}: {why}")
    return problems


def check_struct(struct: JavaStruct, src: JavaSource) -> List[str]:
    c = API.structs.get(struct.c_name)
    if c is None:
        return [f"{struct.name}: C_NAME {struct.c_name!r} is no public struct"]
    problems = []
    c_names = [f for f, _ in c.fields]
    if struct.order != c_names:
        problems.append(f"{struct.name}: FieldOrder {struct.order}, C {c_names}")
    if [f for f, _ in struct.fields] != c_names:
        problems.append(f"{struct.name}: fields {[f for f, _ in struct.fields]}, C {c_names}")
    for (fname, ctype), (_, java) in zip(c.fields, struct.fields):
        why = mismatch(ctype, java, src, in_struct=True)
        if why:
            problems.append(f"{struct.name}.{fname}: {why}")
    return problems


def java_enum(path: str) -> Dict[str, int]:
    with open(path, encoding="utf-8") as handle:
        text = _strip_comments(handle.read())
    start = text.index("{", text.index(" enum ")) + 1
    body = text[start:text.index(";", start)]
    out = {}
    for name, expr in re.findall(r"(\w+)\(([^,)]+)", body):
        value = c_headers._int_expr(expr)
        if value is None:
            raise ValueError(f"cannot evaluate {name}({expr})")
        out[name] = value
    return out


SRC = parse_java(os.path.join(JAVA_DIR, "OsoLibrary.java"))


class JnaSignatures(unittest.TestCase):
    def test_parser_found_the_interface(self):
        self.assertGreater(len(SRC.methods), 90)
        self.assertEqual(len(SRC.methods["oso_dossier_parse_buffer"][1]), 5)
        self.assertGreaterEqual(len(SRC.structs), 5)

    def test_every_method_matches_the_headers(self):
        problems = []
        for name, (ret, params) in SRC.methods.items():
            problems += check_function(name, ret, params, SRC)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_every_exported_function_is_declared_or_excused(self):
        public = set(API.functions)
        missing = sorted(public - set(SRC.methods) - set(SRC.unbound))
        self.assertEqual(missing, [], "C functions OsoLibrary.java does not declare "
                                      "(declare them or list them in UNBOUND)")
        self.assertEqual(sorted(set(SRC.unbound) - public), [], "stale UNBOUND entries")
        self.assertEqual(sorted(set(SRC.unbound) & set(SRC.methods)), [])

    def test_structs_match(self):
        problems = []
        for struct in SRC.structs.values():
            problems += check_struct(struct, SRC)
        mirrored = {s.c_name for s in SRC.structs.values()}
        bound = set(API.functions) - set(SRC.unbound)
        self.assertEqual(sorted(c_headers.structs_used_by(API, bound) - mirrored), [],
                         "public structs not mirrored")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_struct_versions(self):
        with open(os.path.join(JAVA_DIR, "OsoLibrary.java"), encoding="utf-8") as handle:
            text = handle.read()
        versioned = 0
        for struct in SRC.structs.values():
            body = _class_body(text, text.index(f"class {struct.name} "))
            version = re.search(r"VERSION\s*=\s*(\d+)", body)
            c = API.structs.get(struct.c_name)
            # a VERSION constant exactly for the structs whose first member is the version
            self.assertEqual(version is not None, bool(c and c.fields[0][0] == "version"),
                             struct.name)
            if version is None:
                continue
            versioned += 1
            define = "OSO_" + struct.c_name[len("oso_"):].upper() + "_VERSION"
            self.assertEqual(int(version.group(1)), API.defines[define], struct.name)
        self.assertGreaterEqual(versioned, 10)

    def test_enums_match(self):
        pairs = [("Status.java", "oso_status", "OSO_E_", {"OK": "OSO_OK"}, {"UNKNOWN"}),
                 ("Severity.java", "oso_severity", "OSO_SEVERITY_", {}, set()),
                 ("Lang.java", "oso_lang", "OSO_LANG_", {}, set()),
                 ("ChainMessageType.java", "oso_chain_message_type", "OSO_CHAIN_", {}, set()),
                 ("Profile.java", "oso_profile", "OSO_PROFILE_", {}, set()),
                 ("RuleGroup.java", "oso_rule_group", "OSO_RULES_", {}, set()),
                 ("ReleaseValue.java", "oso_release_value", "OSO_RELEASE_", {}, set()),
                 ("Referentieniveau.java", "oso_referentieniveau", "OSO_REF_",
                  {"F1": "OSO_REF_1F", "S1": "OSO_REF_1S", "F2": "OSO_REF_2F"}, set())]
        for file, c_enum, prefix, special, extra in pairs:
            with self.subTest(file):
                java = java_enum(os.path.join(JAVA_DIR, file))
                mapped = {special.get(k, prefix + k): v for k, v in java.items() if k not in extra}
                self.assertEqual(mapped, API.enums[c_enum])


class CheckerCatchesMistakes(unittest.TestCase):
    def problems(self, name, ret, params):
        return check_function(name, ret, params, SRC)

    def test_correct(self):
        self.assertEqual(self.problems("oso_report_at", "Pointer", ["Pointer", "SizeT"]), [])

    def test_mistakes(self):
        cases = [
            ("oso_report_a", "Pointer", ["Pointer", "SizeT"]),            # misspelt
            ("oso_report_at", "int", ["Pointer", "SizeT"]),               # pointer as int
            ("oso_report_at", "Pointer", ["Pointer", "int"]),             # int for size_t
            ("oso_report_at", "Pointer", ["Pointer", "long"]),            # long for size_t
            ("oso_report_at", "Pointer", ["Pointer"]),                    # count
            ("oso_dossier_new", "int", ["Pointer"]),                      # depth
            ("oso_diagnostic_line", "long", ["Pointer"]),                 # unsigned long
            ("oso_diagnostic_line", "int", ["Pointer"]),
            ("oso_validate", "int", ["PointerByReference", "Pointer", "WriteOptions"]),
            ("oso_validate", "int", ["PointerByReference", "Pointer", "Pointer"]),
            ("oso_codelists_error_location", "int",
             ["Pointer", "PointerByReference", "IntByReference"]),
            ("oso_dossier_free", "int", ["Pointer"]),                     # void
        ]
        for case in cases:
            with self.subTest(case=case):
                self.assertTrue(self.problems(*case))
        self.assertTrue(check_function("oso_report_at", "Pointer", ["Pointer", "SizeT"], SRC,
                                       exported=set()))

    def test_callback_mistake(self):
        bad = JavaSource(SRC.methods, SRC.structs, dict(SRC.callbacks), dict(SRC.invokes),
                         SRC.unbound)
        bad.invokes["AttachmentSink"] = ("int", ["Pointer", "Pointer", "int"])
        self.assertTrue(check_function("oso_attachment_decode_to", "int",
                                       ["Pointer", "AttachmentSink", "Pointer"], bad))
        self.assertTrue(self.problems("oso_attachment_decode_to", "int",
                                      ["Pointer", "AttachmentVisitFn", "Pointer"]))
        self.assertEqual(self.problems("oso_attachment_decode_to", "int",
                                       ["Pointer", "AttachmentSink", "Pointer"]), [])

    def test_struct_mistake(self):
        bad = JavaStruct("WriteOptions", "oso_write_options",
                         ["version", "compact", "omit_attachment_content"],
                         [("version", "int"), ("compact", "long"),
                          ("omit_attachment_content", "int")])
        self.assertTrue(check_struct(bad, SRC))
        swapped = JavaStruct("WriteOptions", "oso_write_options",
                             ["version", "omit_attachment_content", "compact"],
                             [("version", "int"), ("omit_attachment_content", "int"),
                              ("compact", "int")])
        self.assertTrue(check_struct(swapped, SRC))


if __name__ == "__main__":
    unittest.main(verbosity=2)
