"""A small parser of liboso's public headers and version script, for the signature tests.

It reads every ``OSO_API`` declaration, the public structs, enums, function-pointer typedefs and
integer ``#define``s of ``include/oso/*.h``, and the global symbols of ``lib/liboso.map``. The
Python (ctypes) and Java (JNA) binding tests compare their declarations against this, kind by
kind: pointer (with depth and, for public structs, which struct), integer (size and
signedness), void.

Regular expressions are enough: the headers follow one style (one declaration per statement,
named parameters, no macros in declarations other than ``OSO_API``).
"""

from __future__ import annotations

import ctypes
import glob
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

#: (size in bytes, signed) of the C scalar types the API uses, on this platform.
SCALARS: Dict[str, Tuple[int, bool]] = {
    "int": (ctypes.sizeof(ctypes.c_int), True),
    "unsigned int": (ctypes.sizeof(ctypes.c_uint), False),
    "unsigned": (ctypes.sizeof(ctypes.c_uint), False),
    "long": (ctypes.sizeof(ctypes.c_long), True),
    "unsigned long": (ctypes.sizeof(ctypes.c_ulong), False),
    "size_t": (ctypes.sizeof(ctypes.c_size_t), False),
    "uint32_t": (4, False),
    "int32_t": (4, True),
    "uint64_t": (8, False),
    "int64_t": (8, True),
    "char": (1, True),
    "unsigned char": (1, False),
}


@dataclass(frozen=True)
class CType:
    """A C type reduced to what matters for a foreign-function call."""
    kind: str                 # "void", "int" (any integer or enum), "ptr", "fn" (function ptr)
    size: int = 0             # for "int"
    signed: bool = False      # for "int"
    depth: int = 0            # for "ptr": number of '*'
    base: str = ""            # the type name without const/'*' (e.g. "oso_dossier", "char")
    text: str = ""            # the declaration as written

    def __str__(self) -> str:
        return self.text or self.base


@dataclass
class Function:
    name: str
    ret: CType
    params: List[Tuple[str, CType]]
    header: str


@dataclass
class Struct:
    name: str
    fields: List[Tuple[str, CType]]


@dataclass
class Api:
    functions: Dict[str, Function] = field(default_factory=dict)
    structs: Dict[str, Struct] = field(default_factory=dict)       # public structs with a body
    opaque: set = field(default_factory=set)                       # typedef struct x x;
    enums: Dict[str, Dict[str, int]] = field(default_factory=dict)  # enum name -> members
    fn_typedefs: Dict[str, Optional[Function]] = field(default_factory=dict)  # name -> signature
    defines: Dict[str, int] = field(default_factory=dict)

    def is_enum(self, name: str) -> bool:
        return name in self.enums


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _int_expr(expr: str) -> Optional[int]:
    expr = re.sub(r"(?<=\d)[uUlL]+\b", "", expr.strip())
    if not re.fullmatch(r"[0-9xXa-fA-F\s()<>|+*-]+", expr):
        return None
    try:
        return int(eval(expr, {"__builtins__": {}}, {}))  # digits and operators only
    except Exception:
        return None


def classify(decl: str, api: Api) -> CType:
    """Classify a type as written (``const oso_dossier *``, ``size_t``, ``oso_status``)."""
    text = " ".join(decl.replace("*", " * ").split())
    depth = text.count("*")
    words = [w for w in text.split() if w not in ("const", "struct", "enum", "*", "volatile")]
    base = " ".join(words)
    if depth:
        return CType("ptr", depth=depth, base=base, text=text)
    if base == "void":
        return CType("void", text=text)
    if base in api.fn_typedefs:
        return CType("fn", depth=1, base=base, text=text)
    if base in api.enums:
        size = ctypes.sizeof(ctypes.c_int)
        return CType("int", size=size, signed=True, base=base, text=text)
    if base in SCALARS:
        size, signed = SCALARS[base]
        return CType("int", size=size, signed=signed, base=base, text=text)
    raise ValueError(f"unknown C type {decl!r}")


def _split_param(param: str) -> Tuple[str, str]:
    """``const char *path`` -> (``const char *``, ``path``)."""
    m = re.fullmatch(r"(.*?)([A-Za-z_]\w*)\s*", param.strip(), flags=re.S)
    if not m or not m.group(1).strip():
        raise ValueError(f"unnamed or unparsable parameter {param!r}")
    return m.group(1), m.group(2)


def _params(text: str, api: Api) -> List[Tuple[str, CType]]:
    params = []
    raw = " ".join(text.split())
    if raw and raw != "void":
        for param in raw.split(","):
            ctype, pname = _split_param(param)
            params.append((pname, classify(ctype, api)))
    return params


def parse(include_dir: str, map_file: Optional[str] = None) -> Api:
    """Parse every ``*.h`` of ``include_dir`` (``include/oso``)."""
    api = Api()
    texts = {}
    for path in sorted(glob.glob(os.path.join(include_dir, "*.h"))):
        with open(path, encoding="utf-8") as handle:
            texts[os.path.basename(path)] = _strip_comments(handle.read())
    # Type names first (declarations use them across headers).
    fn_texts = []
    for text in texts.values():
        for m in re.finditer(r"typedef\s+struct\s+(\w+)\s+(\w+)\s*;", text):
            api.opaque.add(m.group(2))
        for m in re.finditer(r"typedef\s+([^;{}]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^;]*)\)\s*;", text):
            api.fn_typedefs[m.group(2)] = None
            fn_texts.append((m.group(2), m.group(1), m.group(3)))
        for m in re.finditer(r"(?:typedef\s+)?enum\s+(\w+)\s*\{(.*?)\}\s*(\w*)\s*;", text, re.S):
            members: Dict[str, int] = {}
            value = -1
            for item in m.group(2).split(","):
                item = item.strip()
                if not item:
                    continue
                name, _, expr = item.partition("=")
                if expr:
                    parsed = _int_expr(expr)
                    if parsed is None:
                        raise ValueError(f"cannot evaluate enum value {item!r}")
                    value = parsed
                else:
                    value += 1
                members[name.strip()] = value
            api.enums[m.group(1)] = members
            if m.group(3):
                api.enums[m.group(3)] = members
        for m in re.finditer(r"^\s*#\s*define\s+(OSO_\w+)\s+(.+)$", text, re.M):
            value = _int_expr(m.group(2))
            if value is not None:
                api.defines[m.group(1)] = value
    for text in texts.values():
        for m in re.finditer(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
            fields = []
            for decl in m.group(2).split(";"):
                if decl.strip():
                    ctype, name = _split_param(decl)
                    fields.append((name, classify(ctype, api)))
            api.structs[m.group(3)] = Struct(m.group(3), fields)
            api.opaque.discard(m.group(3))
    for name, ret, params in fn_texts:
        api.fn_typedefs[name] = Function(name, classify(ret, api), _params(params, api), "")
    for header, text in texts.items():
        for m in re.finditer(r"\bOSO_API\s+([^;]*?)\(([^;]*?)\)\s*;", text, re.S):
            ret_decl, name = _split_param(m.group(1))
            params = _params(m.group(2), api)
            if name in api.functions:
                raise ValueError(f"{name} declared twice")
            api.functions[name] = Function(name, classify(ret_decl, api), params, header)
    # Sanity: if the regex missed declarations, the count of OSO_API tokens tells.
    total = sum(len(re.findall(r"\bOSO_API\b", t)) for t in texts.values())
    defined = sum(len(re.findall(r"#\s*define\s+OSO_API\b", t)) for t in texts.values())
    if len(api.functions) != total - defined:
        raise ValueError(f"parsed {len(api.functions)} OSO_API declarations, "
                         f"found {total - defined} OSO_API tokens")
    return api


def structs_used_by(api: Api, functions) -> set:
    """Public structs a binding of ``functions`` needs: those their parameters or return values
    point to, and the structs those point to in turn."""
    todo = []
    for name in functions:
        f = api.functions[name]
        todo += [f.ret.base] + [c.base for _, c in f.params]
    used = set()
    while todo:
        base = todo.pop()
        if base in api.structs and base not in used:
            used.add(base)
            todo += [c.base for _, c in api.structs[base].fields]
    return used


def exported_symbols(map_file: str) -> List[str]:
    """Global symbols of the linker version script (``lib/liboso.map``)."""
    with open(map_file, encoding="utf-8") as handle:
        text = _strip_comments(handle.read())
    symbols = []
    for block in re.finditer(r"global\s*:(.*?)(?:local\s*:|\})", text, re.S):
        symbols += [s.strip() for s in block.group(1).split(";") if s.strip()]
    return symbols
