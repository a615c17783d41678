#!/usr/bin/env python3
"""Generate liboso's schema table from the official OSO 2019.1 XSD.

Usage:
    tools/gen-schema.py [--check] XSD [OUTDIR]

Reads the XSD, `codelist-fields.tsv` and `RULES.md` (both next to the XSD) and the project's
per-element tables `standard/oso-2019.1/elements.tsv` and `identity.tsv` (labels, personal-data
classes, identifying children; see standard/oso-2019.1/README.md), and writes
`OUTDIR/oso_2019_1.c` and `OUTDIR/oso_2019_1.h` (OUTDIR defaults to lib/schema). With --check
nothing is written: the exit status says whether the committed files equal what would be
generated.

The table is the single source of truth for element names, content models, simple types and
facets, attributes, codelist numbers, release categories, labels and personal-data classes. The
generated file defines one descriptor, `oso_schema_2019_1` (lib/schema/schema.h), registered by
namespace in lib/schema/registry.c. One row per element particle of
the XSD (an `xs:element` inside a content model, local or `ref`), plus a root row for the global
`dossier` element. Each complex type gets a Glushkov automaton over its particles (the XSD's
unique-particle-attribution rule makes it deterministic); the runtime walks it per child.
"""
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

from generated_files import write_or_check

XS = '{http://www.w3.org/2001/XMLSchema}'
NAMESPACE = 'http://www.edustandaard.nl/oso_gegevensset/2019/dossier'
BUILTINS = ['string', 'boolean', 'date', 'integer', 'int', 'decimal']
NONE = 0xFFFF

# Tables that the standard names but does not enumerate (loadable at run time). The XSD only
# mentions them in documentation, so the element-to-table mapping is stated here, once.
EXTERNAL_CODELISTS = {
    'land': ('OSO_CODELIST_GBA_LANDEN', 0),                   # GBA Tabel 34
    'nationaliteit': ('OSO_CODELIST_GBA_NATIONALITEITEN', 0), # GBA Tabel 32
    'eldtoetscode': ('OSO_CODELIST_OSO_TOETSCODES', 1),       # toets codes only
    'eldonderdeelcode': ('OSO_CODELIST_OSO_TOETSCODES', 2),   # toetsonderdeel codes only
    'elementcode': ('OSO_CODELIST_DUO_ELEMENTCODES', 0),      # DUO VO elementcodetabel
    'voelementcode': ('OSO_CODELIST_DUO_ELEMENTCODES', 0),
    'vakcode': ('OSO_CODELIST_DUO_VAKCODES', 0),              # DUO vakcodetabel
}
CODELIST_MODE = {'codelist': 1, 'codelist-any': 2}
# RULES.md abbreviations for absolute locations.
ABBREV = {
    'D': 'dossier', 'M': 'dossier/metadata', 'L': 'dossier/huidigeschool/leerling',
    'O': 'dossier/huidigeschool/leerling/onderwijsondersteuning',
    'C': 'dossier/metadata/categorie_uitlevering',
}
# Personal-data classes and fake kinds of standard/oso-2019.1/README.md, in enum order ('-' is a
# container or not personal: 0).
PERSONAL_CLASSES = ['none', 'identifying', 'contact', 'special', 'freetext']
FAKE_KINDS = ['none', 'first_name', 'initials', 'surname_prefix', 'surname', 'full_name', 'bsn',
              'number', 'birth_date', 'date', 'street', 'house_number', 'house_number_suffix',
              'postcode', 'city', 'country', 'phone', 'email', 'phone_or_email', 'text', 'code',
              'attachment', 'keep']
ELEMENT_TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'standard',
                              'oso-2019.1')
CATEGORY_TESTED = 1          # the official category check looks at this element
CATEGORY_TESTED_VERPLICHT_ONLY = 2  # ... but only in its VERPLICHT test (misspelt elsewhere)


def fail(msg):
    sys.exit('gen-schema: ' + msg)


def local(qname):
    return qname.split(':', 1)[1] if qname and ':' in qname else qname


def occurs(e):
    lo = int(e.get('minOccurs', '1'))
    hi = e.get('maxOccurs', '1')
    hi = -1 if hi == 'unbounded' else int(hi)
    if lo not in (0, 1) or hi not in (1, -1):
        fail('unsupported occurrence %s..%s' % (lo, hi))
    return lo, hi


class SimpleType:
    def __init__(self, name, builtin):
        self.name = name
        self.builtin = builtin
        self.min_length = None
        self.max_length = None
        self.min_inclusive = None
        self.max_inclusive = None
        self.pattern = None


class Schema:
    def __init__(self, root):
        self.root = root
        self.named_simple = {c.get('name'): c for c in root.findall(XS + 'simpleType')}
        self.named_complex = {c.get('name'): c for c in root.findall(XS + 'complexType')}
        self.global_elements = {c.get('name'): c for c in root.findall(XS + 'element')}
        self.stypes = []
        self.stype_index = {}
        self.ctypes = []          # dicts
        self.ctype_index = {}
        self.rows = []            # dicts
        for b in BUILTINS:
            self.add_stype(SimpleType('xs:' + b, b))

    # ---- simple types -------------------------------------------------------------------
    def add_stype(self, st):
        self.stype_index[st.name] = len(self.stypes)
        self.stypes.append(st)
        return self.stype_index[st.name]

    def simple_type(self, qname):
        """Index of the simple type called qname (builtin or named), or None if complex."""
        if qname.startswith('xs:'):
            if qname[3:] not in BUILTINS:
                fail('unsupported builtin ' + qname)
            return self.stype_index[qname]
        name = local(qname)
        if name in self.stype_index:
            return self.stype_index[name]
        if name in self.named_simple:
            return self.build_simple(self.named_simple[name], name)
        return None

    def build_simple(self, node, name):
        restr = node.find(XS + 'restriction')
        if restr is None:
            fail('simple type %s is not a restriction' % name)
        base = self.simple_type(restr.get('base'))
        if base is None:
            fail('simple type %s has a complex base' % name)
        b = self.stypes[base]
        st = SimpleType(name, b.builtin)
        for attr in ('min_length', 'max_length', 'min_inclusive', 'max_inclusive', 'pattern'):
            setattr(st, attr, getattr(b, attr))
        for f in restr:
            tag = f.tag.replace(XS, '')
            v = f.get('value')
            if tag == 'annotation':
                continue
            if tag == 'minLength':
                st.min_length = int(v)
            elif tag == 'maxLength':
                st.max_length = int(v)
            elif tag == 'minInclusive':
                st.min_inclusive = int(v)
            elif tag == 'maxInclusive':
                st.max_inclusive = int(v)
            elif tag == 'pattern':
                if st.pattern is not None:
                    fail('%s: more than one pattern' % name)
                st.pattern = v
            else:
                fail('%s: unsupported facet %s' % (name, tag))
        return self.add_stype(st)

    # ---- complex types ------------------------------------------------------------------
    def complex_type(self, node, name):
        if name in self.ctype_index:
            return self.ctype_index[name]
        idx = len(self.ctypes)
        ct = {'name': name, 'simple': NONE, 'attrs': [], 'model': None, 'rows': []}
        self.ctype_index[name] = idx
        self.ctypes.append(ct)
        for child in node:
            tag = child.tag.replace(XS, '')
            if tag == 'annotation':
                continue
            if tag in ('sequence', 'choice'):
                ct['model'] = self.particle(child, idx)
            elif tag == 'simpleContent':
                ext = child.find(XS + 'extension')
                if ext is None:
                    fail(name + ': simpleContent without extension')
                ct['simple'] = self.simple_type(ext.get('base'))
                ct['attrs'] = self.attributes(ext, name)
            elif tag == 'complexContent':
                ext = child.find(XS + 'extension')
                if ext is None:
                    fail(name + ': complexContent without extension')
                base_name = local(ext.get('base'))
                base = self.complex_type(self.named_complex[base_name], base_name)
                parts = [self.ctypes[base]['model']]
                for sub in ext:
                    stag = sub.tag.replace(XS, '')
                    if stag in ('sequence', 'choice'):
                        parts.append(self.particle(sub, idx))
                parts = [p for p in parts if p is not None]
                ct['model'] = ('seq', 1, 1, parts) if len(parts) > 1 else (parts[0] if parts else None)
                ct['attrs'] = self.ctypes[base]['attrs'] + self.attributes(ext, name)
            elif tag == 'attribute':
                ct['attrs'].append(self.attribute(child, name))
            else:
                fail('%s: unsupported %s' % (name, tag))
        return idx

    def attributes(self, node, owner):
        return [self.attribute(a, owner) for a in node.findall(XS + 'attribute')]

    def attribute(self, a, owner):
        st = self.simple_type(a.get('type'))
        if st is None:
            fail(owner + ': attribute type')
        return (a.get('name'), st, a.get('use') == 'required')

    def particle(self, node, owner):
        tag = node.tag.replace(XS, '')
        lo, hi = occurs(node)
        if tag == 'element':
            return ('elem', lo, hi, self.element_row(node, owner))
        if tag in ('sequence', 'choice'):
            kids = [self.particle(c, owner) for c in node if c.tag.replace(XS, '') != 'annotation']
            return ('seq' if tag == 'sequence' else 'alt', lo, hi, kids)
        fail('unsupported particle ' + tag)

    def element_type(self, decl, context):
        """(ctype, stype) of an element declaration; anonymous types are named after context."""
        tname = decl.get('type')
        if tname is not None:
            st = self.simple_type(tname)
            if st is not None:
                return NONE, st
            name = local(tname)
            return self.complex_type(self.named_complex[name], name), NONE
        anon_c = decl.find(XS + 'complexType')
        if anon_c is not None:
            return self.complex_type(anon_c, context), NONE
        anon_s = decl.find(XS + 'simpleType')
        if anon_s is not None:
            return NONE, self.build_simple(anon_s, context)
        fail('element %s without type' % context)

    def element_row(self, node, owner):
        lo, hi = occurs(node)
        row = {'owner': owner, 'min': lo, 'max': hi, 'codelist': 0, 'codelist_flag': 0,
               'codelist_mode': 0, 'category': 0, 'category_check': 0}
        idx = len(self.rows)
        self.rows.append(row)
        self.ctypes[owner]['rows'].append(idx)
        if node.get('ref') is not None:
            name = local(node.get('ref'))
            decl = self.global_elements[name]
            row['global'] = True
            context = name
        else:
            name = node.get('name')
            decl = node
            row['global'] = False
            context = self.ctypes[owner]['name'] + '_' + name
        row['name'] = name
        row['ctype'], row['stype'] = self.element_type(decl, context)
        return idx

    def build(self):
        """Root rows for every global element (dossier first), then everything they reach."""
        names = ['dossier'] + [n for n in self.global_elements if n != 'dossier']
        roots = []
        for name in names:
            decl = self.global_elements[name]
            self.rows.append({'owner': NONE, 'min': 1, 'max': 1, 'codelist': 0, 'codelist_flag': 0,
                              'codelist_mode': 0, 'category': 0, 'category_check': 0,
                              'name': name, 'global': True})
            roots.append((len(self.rows) - 1, decl, name))
        for idx, decl, name in roots:
            self.rows[idx]['ctype'], self.rows[idx]['stype'] = self.element_type(decl, name)
        self.root_count = len(roots)


# ---- Glushkov automata ----------------------------------------------------------------------
def glushkov(model):
    """Return (positions, first, last, nullable, follow) for a particle tree over rows."""
    follow = {}
    positions = []

    def walk(p):
        kind, lo, hi, body = p
        if kind == 'elem':
            positions.append(body)
            follow.setdefault(body, set())
            first, last, nullable = {body}, {body}, False
        elif kind == 'seq':
            first, last, nullable = set(), set(), True
            for k in body:
                f, l, n = walk(k)
                for x in last:
                    follow[x] |= f
                if nullable:
                    first |= f
                last = (last | l) if n else l
                nullable = nullable and n
        else:
            first, last, nullable = set(), set(), False
            for k in body:
                f, l, n = walk(k)
                first |= f
                last |= l
                nullable = nullable or n
        if hi == -1:
            for x in last:
                follow[x] |= first
        if lo == 0:
            nullable = True
        return first, last, nullable

    if model is None:
        return [], set(), set(), True, {}
    first, last, nullable = walk(model)
    if len(set(positions)) != len(positions):
        fail('a row occurs twice in one content model')
    return positions, first, last, nullable, follow


# ---- patterns ---------------------------------------------------------------------------------
PATTERN_CLASSES = {'[0-9]': 'OSO_PC_ASCII_DIGIT', '[A-Z]': 'OSO_PC_ASCII_UPPER',
                   r'\p{Nd}': 'OSO_PC_UNICODE_DIGIT', r'\d': 'OSO_PC_UNICODE_DIGIT'}


def compile_pattern(pat):
    """Compile the XSD regex subset used by OSO (class or literal, optional {n}) into atoms."""
    atoms = []
    i = 0
    while i < len(pat):
        for cls, cname in PATTERN_CLASSES.items():
            if pat.startswith(cls, i):
                atom = [cname, 0]
                i += len(cls)
                break
        else:
            ch = pat[i]
            if ch in '.[](){}*+?|\\^$':
                fail('unsupported pattern ' + pat)
            atom = ['OSO_PC_LITERAL', ord(ch)]
            i += 1
        m = re.match(r'\{(\d+)\}', pat[i:])
        count = 1
        if m:
            count = int(m.group(1))
            i += m.end()
        atoms.append((atom[0], atom[1], count))
    return atoms


def unicode_digit_ranges():
    ranges = []
    start = None
    for cp in range(0x110000 + 1):
        is_nd = cp < 0x110000 and unicodedata.category(chr(cp)) == 'Nd'
        if is_nd and start is None:
            start = cp
        elif not is_nd and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return ranges


# ---- paths, codelists, categories ------------------------------------------------------------
def expand_paths(schema):
    """Every absolute path of the schema tree, as (path, row)."""
    out = []

    def walk(row, path, depth):
        if depth > 40:
            fail('schema recursion')
        out.append((path, row))
        ct = schema.rows[row]['ctype']
        if ct != NONE:
            for r in schema.ctypes[ct]['rows_all']:
                walk(r, path + '/' + schema.rows[r]['name'], depth + 1)

    walk(0, '/dossier', 0)
    return out


def rows_matching(paths, pattern):
    """Rows whose paths match a codelist-fields.tsv pattern (`//a/b` or `/a/b`)."""
    if pattern.startswith('//'):
        suffix = '/' + pattern[2:]
        hits = [(p, r) for p, r in paths if p.endswith(suffix)]
    else:
        hits = [(p, r) for p, r in paths if p == pattern]
    return hits


def assign_codelists(schema, paths, tsv):
    with open(tsv, encoding='utf-8') as f:
        lines = [l.rstrip('\n').split('\t') for l in f if l.strip()]
    for path, lst, check in lines[1:]:
        if check not in CODELIST_MODE:
            continue
        hits = rows_matching(paths, path)
        if not hits:
            fail('codelist field %s matches nothing' % path)
        for p, r in hits:
            schema.rows[r]['codelist'] = int(lst)
            schema.rows[r]['codelist_mode'] = CODELIST_MODE[check]
    for p, r in paths:
        name = schema.rows[r]['name']
        if name in EXTERNAL_CODELISTS and schema.rows[r]['codelist'] == 0:
            schema.rows[r]['codelist'], schema.rows[r]['codelist_flag'] = EXTERNAL_CODELISTS[name]
            schema.rows[r]['codelist_mode'] = CODELIST_MODE['codelist']
    # The stylesheet matches by (parent name, name) anywhere: keep the patterns, so that elements
    # the XSD does not allow at their place are checked as the stylesheet would.
    schema.codelist_patterns = []
    for path, lst, check in lines[1:]:
        if check in CODELIST_MODE:
            steps = path.lstrip('/').split('/')
            schema.codelist_patterns.append((steps[-1], steps[-2] if len(steps) > 1 else None,
                                             int(lst), CODELIST_MODE[check]))
    # A row is shared by every path through its owner type: all of them must get the same list.
    lists_of_path = {}
    for path, lst, check in lines[1:]:
        if check in CODELIST_MODE:
            for p, r in rows_matching(paths, path):
                lists_of_path[p] = int(lst)
    for p, r in paths:
        lst = schema.rows[r]['codelist']
        if isinstance(lst, int) and lst and lists_of_path.get(p) != lst:
            fail('codelist %d of row %s does not apply at %s' % (lst, schema.rows[r]['name'], p))


def resolve(schema, paths, loc):
    head, _, rest = loc.partition('/')
    full = '/' + ABBREV[head] + ('/' + rest if rest else '')
    hits = [r for p, r in paths if p == full]
    if len(hits) != 1:
        fail('category location %s resolves to %d rows' % (loc, len(hits)))
    return hits[0]


def assign_categories(schema, paths, rules_md):
    text = open(rules_md, encoding='utf-8').read()
    sec = text.split('### d.1', 1)[1].split('### d.2', 1)[0]
    cats = []
    for line in sec.splitlines():
        m = re.match(r'^\| (\d+) OS\.cat(\d+)[^|]*\| ([^|]+?) \| `(cat_\w+)` \| (.*) \|$', line)
        if not m:
            continue
        num = int(m.group(1))
        if num != int(m.group(2)) or num != len(cats) + 1:
            fail('category table out of order at %d' % num)
        cats.append({'num': num, 'label': m.group(3).strip(), 'field': m.group(4)})
        col = m.group(5).split('. Not ', 1)[0]
        for part in col.split(';'):
            locs = re.findall(r'`([^`]+)`', part)
            for loc in locs:
                r = resolve(schema, paths, loc)
                schema.rows[r]['category'] = num
                schema.rows[r]['category_check'] = (CATEGORY_TESTED_VERPLICHT_ONLY
                                                    if 'VERPLICHT test only' in part else CATEGORY_TESTED)
    if len(cats) != 16:
        fail('expected 16 categories, found %d' % len(cats))
    members = {
        'School': (3, r'- School = in `(\w)/huidigeschool`: (.*?)\.\n', 'D/huidigeschool/', 10),
        'Leerling': (4, r'- Leerling = in `L`: .*? i\.e\. (.*?)\.\n', 'L/', 28),
    }
    for label, (num, rx, prefix, expect) in members.items():
        m = re.search(rx, sec, re.S)
        if not m:
            fail('membership list for %s not found' % label)
        names = re.findall(r'`([^`]+)`', m.group(m.lastindex))
        if len(names) != expect:
            fail('%s membership: expected %d names, found %d' % (label, expect, len(names)))
        for n in names:
            r = resolve(schema, paths, prefix + n)
            schema.rows[r]['category'] = num
    return cats


PRESET_VALUES = {'VP': 'OSO_RELEASE_VERPLICHT', 'O': 'OSO_RELEASE_OPTIONEEL', 'VB': 'OSO_RELEASE_VERBODEN'}


def release_presets(rules_md, cats):
    """The per-profile category presets of RULES.md d.3: [(name, {category number: value})]."""
    text = open(rules_md, encoding='utf-8').read()
    sec = text.split('### d.3', 1)[1].split('\n## ', 1)[0]
    lines = [l for l in sec.splitlines() if l.startswith('|')]
    header = [c.strip() for c in lines[0].strip('|').split('|')]
    names = header[1:]
    by_field = {c['field'][4:]: c['num'] for c in cats}
    presets = [(n, {}) for n in names]
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip('|').split('|')]
        if cells[0] not in by_field:
            fail('preset table names unknown category %s' % cells[0])
        for (name, values), v in zip(presets, cells[1:]):
            values[by_field[cells[0]]] = PRESET_VALUES[v]
    for name, values in presets:
        if len(values) != len(cats):
            fail('preset %s does not cover every category' % name)
    return presets


# ---- output ----------------------------------------------------------------------------------
def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def ident(s):
    return re.sub(r'[^A-Za-z0-9_]', '_', s)


def name_hash(name):
    """Must equal oso_schema_name_hash() in lib/schema.c: length and the first and last four
    bytes (little-endian), mixed; cheap, and probing resolves the few collisions."""
    b = name.encode()
    n = len(b)
    first = int.from_bytes(b[:4].ljust(4, b'\0'), 'little')
    last = int.from_bytes((b[-4:] if n >= 4 else b).ljust(4, b'\0'), 'little')
    h = ((n * 0x9E3779B1) ^ (first * 0x85EBCA77) ^ (last * 0xC2B2AE3D)) & 0xffffffff
    return h ^ (h >> 15)


def read_tsv(path):
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n').split('\t') for l in f if l.strip()]
    head = lines[0]
    return [dict(zip(head, l)) for l in lines[1:]]


def row_key(schema, r):
    return r['name'] if r['owner'] == NONE else '%s/%s' % (schema.ctypes[r['owner']]['name'], r['name'])


def attach_element_tables(schema, folder):
    """Labels, personal-data class, fake kind and identity key of every row."""
    elements = {e['row']: e for e in read_tsv(os.path.join(folder, 'elements.tsv'))}
    identity = {e['row']: e['key'] for e in read_tsv(os.path.join(folder, 'identity.tsv'))}
    for r in schema.rows:
        key = row_key(schema, r)
        e = elements.pop(key, None)
        if e is None:
            fail('elements.tsv has no line for row %s' % key)
        personal = 'none' if e['personal'] == '-' else e['personal']
        fake = 'none' if e['fake'] == '-' else e['fake']
        if personal not in PERSONAL_CLASSES or fake not in FAKE_KINDS:
            fail('elements.tsv: unknown class or fake kind for %s' % key)
        r['label_nl'], r['label_en'] = e['label_nl'], e['label_en']
        r['personal'], r['fake'] = PERSONAL_CLASSES.index(personal), FAKE_KINDS.index(fake)
        k = identity.get(key)
        r['identity'] = None if k in (None, '-') else k
    if elements:
        fail('elements.tsv names rows the XSD does not have: %s' % ', '.join(sorted(elements)))


def generate(xsd_path):
    base = os.path.dirname(os.path.abspath(xsd_path))
    root = ET.parse(xsd_path).getroot()
    if root.get('targetNamespace') != NAMESPACE:
        fail('unexpected target namespace')
    schema = Schema(root)
    schema.build()
    attach_element_tables(schema, ELEMENT_TABLES)

    # Automata: rows of a ctype in schema order include those inherited from its base.
    automata = []
    for ct in schema.ctypes:
        positions, first, last, nullable, follow = glushkov(ct['model'])
        ct['rows_all'] = positions
        if len(positions) >= 255:
            fail('%s: too many particles for the 8-bit state walk in lib/dossier.c' % ct['name'])
        local_index = {r: i + 1 for i, r in enumerate(positions)}
        states = []
        for state in [None] + positions:
            targets = first if state is None else follow[state]
            accepting = nullable if state is None else state in last
            trans = sorted(targets, key=lambda r: local_index[r])
            names = [schema.rows[r]['name'] for r in trans]
            if len(set(names)) != len(names):
                fail('%s: content model is not deterministic' % ct['name'])
            states.append((accepting, [(r, local_index[r]) for r in trans]))
        automata.append(states)
        for r in positions:
            schema.rows[r]['repeatable'] = r in follow and _reaches(follow, r)
    for r in schema.rows[:schema.root_count]:
        r['repeatable'] = False

    paths = expand_paths(schema)
    assign_codelists(schema, paths, os.path.join(base, 'codelist-fields.tsv'))
    cats = assign_categories(schema, paths, os.path.join(base, 'RULES.md'))
    presets = release_presets(os.path.join(base, 'RULES.md'), cats)

    names = []
    for r in schema.rows:
        if r['name'] not in names:
            names.append(r['name'])
    name_id = {n: i for i, n in enumerate(names)}
    slots = 1
    while slots < 2 * len(names):
        slots *= 2
    table = [NONE] * slots
    for n in names:
        h = name_hash(n) & (slots - 1)
        while table[h] != NONE:
            h = (h + 1) & (slots - 1)
        table[h] = name_id[n]

    # Symbolic row ids: <owner type>__<name>, the root is OSO_ROW_dossier.
    row_ids = []
    for i, r in enumerate(schema.rows):
        row_ids.append('OSO_ROW_' + ident(r['name']) if r['owner'] == NONE else
                       'OSO_ROW_%s__%s' % (ident(schema.ctypes[r['owner']]['name']), ident(r['name'])))
    if len(set(row_ids)) != len(row_ids):
        fail('row identifiers are not unique')

    patterns = []
    for st in schema.stypes:
        st.pattern_index = NONE
        if st.pattern is not None:
            st.pattern_index = len(patterns)
            patterns.append(compile_pattern(st.pattern))

    h = []
    h.append('/* Generated by tools/gen-schema.py from OSO_gegevensset_2019.1.xsd. Do not edit. */')
    h.append('#ifndef OSO_SCHEMA_OSO_2019_1_H')
    h.append('#define OSO_SCHEMA_OSO_2019_1_H')
    h.append('')
    h.append('#define OSO_SCHEMA_ROW_COUNT %d' % len(schema.rows))
    h.append('#define OSO_SCHEMA_CTYPE_COUNT %d' % len(schema.ctypes))
    h.append('#define OSO_SCHEMA_STYPE_COUNT %d' % len(schema.stypes))
    h.append('#define OSO_SCHEMA_NAME_COUNT %d' % len(names))
    h.append('#define OSO_SCHEMA_NAME_SLOTS %d' % slots)
    h.append('#define OSO_SCHEMA_CATEGORY_COUNT %d' % len(cats))
    h.append('#define OSO_SCHEMA_ROOT_COUNT %d /* rows 0.. are the global elements, dossier first */'
             % schema.root_count)
    h.append('#define OSO_SCHEMA_PRESET_COUNT %d' % len(presets))
    h.append('#define OSO_SCHEMA_CODELIST_PATTERN_COUNT %d' % len(schema.codelist_patterns))
    h.append('')
    h.append('/* Element rows: one per element particle of the XSD (owner type __ element name). */')
    h.append('enum oso_row_id {')
    for i, rid in enumerate(row_ids):
        h.append('    %s = %d,' % (rid, i))
    h.append('};')
    h.append('')
    h.append('/* Complex types (named, or anonymous ones named after their element). */')
    h.append('enum oso_ctype_id {')
    for i, ct in enumerate(schema.ctypes):
        h.append('    OSO_CTYPE_%s = %d,' % (ident(ct['name']), i))
    h.append('};')
    h.append('')
    h.append('/* Simple types (builtins first, then named and anonymous ones). */')
    h.append('enum oso_stype_id {')
    for i, st in enumerate(schema.stypes):
        h.append('    OSO_STYPE_%s = %d,' % (ident(st.name), i))
    h.append('};')
    h.append('')
    h.append('/* Personal-data classes and fake kinds (standard/oso-2019.1/README.md). */')
    h.append('enum oso_personal_class {')
    for i, k in enumerate(PERSONAL_CLASSES):
        h.append('    OSO_PERSONAL_%s = %d,' % (k.upper(), i))
    h.append('};')
    h.append('')
    h.append('enum oso_fake_kind {')
    for i, k in enumerate(FAKE_KINDS):
        h.append('    OSO_FAKE_%s = %d,' % (k.upper(), i))
    h.append('};')
    h.append('')
    h.append('/* Release categories (RULES.md d.1), numbered as in the official checks. */')
    h.append('enum oso_category_id {')
    h.append('    OSO_CAT_NONE = 0,')
    for c in cats:
        h.append('    OSO_CAT_%s = %d,' % (ident(c['field'][4:]).upper(), c['num']))
    h.append('};')
    h.append('')
    h.append('/* The descriptor of this version (lib/schema/schema.h), registered in lib/schema/registry.c. */')
    h.append('struct oso_schema;')
    h.append('extern const struct oso_schema oso_schema_2019_1;')
    h.append('')
    h.append('#endif')

    c = []
    c.append('/* Generated by tools/gen-schema.py from OSO_gegevensset_2019.1.xsd, codelist-fields.tsv')
    c.append(' * and RULES.md. Do not edit: regenerate with')
    c.append(' *     python3 tools/gen-schema.py ../shared/oso-2019.1/OSO_gegevensset_2019.1.xsd */')
    c.append('#include "schema/oso_2019_1.h"')
    c.append('')
    c.append('#include "schema/schema.h"')
    c.append('')
    c.append('static const char *const names[OSO_SCHEMA_NAME_COUNT] = {')
    for n in names:
        c.append('    %s,' % c_string(n))
    c.append('};')
    c.append('')
    c.append('static const uint8_t name_lengths[OSO_SCHEMA_NAME_COUNT] = {')
    for i in range(0, len(names), 16):
        c.append('    ' + ' '.join('%d,' % len(n.encode()) for n in names[i:i + 16]))
    c.append('};')
    c.append('')
    c.append('/* Open addressing (name_hash, linear probing) from element name to name id. */')
    c.append('static const uint16_t name_slots[OSO_SCHEMA_NAME_SLOTS] = {')
    for i in range(0, slots, 12):
        c.append('    ' + ' '.join('%d,' % v for v in table[i:i + 12]))
    c.append('};')
    c.append('')
    c.append('static const struct oso_pattern_atom pattern_atoms[] = {')
    pattern_first = []
    n_atoms = 0
    for atoms in patterns:
        pattern_first.append((n_atoms, len(atoms)))
        for cls, lit, count in atoms:
            c.append('    {%s, %d, %d},' % (cls, count, lit))
            n_atoms += 1
    c.append('};')
    c.append('')
    c.append('static const struct oso_pattern patterns[] = {')
    for (first, count), st in zip(pattern_first, [s for s in schema.stypes if s.pattern is not None]):
        c.append('    {%s, %d, %d},' % (c_string(st.pattern), first, count))
    c.append('};')
    c.append('')
    c.append('/* Unicode general category Nd (XSD \\p{Nd} and \\d), as inclusive ranges. */')
    nd = unicode_digit_ranges()
    c.append('static const uint32_t unicode_digits[][2] = {')
    for i in range(0, len(nd), 4):
        c.append('    ' + ' '.join('{0x%X, 0x%X},' % r for r in nd[i:i + 4]))
    c.append('};')
    c.append('')
    c.append('static const struct oso_stype stypes[OSO_SCHEMA_STYPE_COUNT] = {')
    for st in schema.stypes:
        c.append('    {%s, OSO_BUILTIN_%s, %s, %s, %s, %s, %s},' % (
            c_string(st.name), st.builtin.upper(),
            -1 if st.min_length is None else st.min_length,
            -1 if st.max_length is None else st.max_length,
            'INT64_MIN' if st.min_inclusive is None else st.min_inclusive,
            'INT64_MAX' if st.max_inclusive is None else st.max_inclusive,
            st.pattern_index))
    c.append('};')
    c.append('')
    attrs = []
    c.append('static const struct oso_attr_decl attrs[] = {')
    for ct in schema.ctypes:
        ct['attr_first'] = len(attrs)
        for a in ct['attrs']:
            attrs.append(a)
            c.append('    {%s, %d, %d},' % (c_string(a[0]), a[1], 1 if a[2] else 0))
    c.append('};')
    c.append('')
    c.append('/* Rows of each complex type in schema order (inherited rows first). */')
    c.append('static const uint16_t ctype_rows[] = {')
    n = 0
    for ct in schema.ctypes:
        ct['rows_first'] = n
        c.append('    /* %s */' % ct['name'])
        for r in ct['rows_all']:
            c.append('    %s,' % row_ids[r])
        n += len(ct['rows_all'])
    c.append('};')
    c.append('')
    c.append('/* Glushkov transitions: {name id, row, target state}. */')
    c.append('static const struct oso_transition transitions[] = {')
    state_rows = []
    ntrans = 0
    for ci, states in enumerate(automata):
        ct_states = []
        for si, (accepting, trans) in enumerate(states):
            ct_states.append((ntrans, len(trans), accepting))
            for r, target in trans:
                c.append('    {%d, %s, %d},' % (name_id[schema.rows[r]['name']], row_ids[r], target))
                ntrans += 1
        state_rows.append(ct_states)
    c.append('};')
    c.append('')
    c.append('static const struct oso_state states[] = {')
    nstates = 0
    for ci, ct_states in enumerate(state_rows):
        schema.ctypes[ci]['state_first'] = nstates
        c.append('    /* %s */' % schema.ctypes[ci]['name'])
        for first, count, accepting in ct_states:
            c.append('    {%d, %d, %d},' % (first, count, 1 if accepting else 0))
            nstates += 1
    c.append('};')
    c.append('')
    c.append('static const struct oso_ctype ctypes[OSO_SCHEMA_CTYPE_COUNT] = {')
    for ct in schema.ctypes:
        c.append('    {%s, %s, %d, %d, %d, %d, %d},' % (
            c_string(ct['name']), ct['simple'] if ct['simple'] != NONE else 'OSO_SCHEMA_NONE',
            ct['attr_first'], len(ct['attrs']), ct['state_first'], ct['rows_first'],
            len(ct['rows_all'])))
    c.append('};')
    c.append('')
    c.append('static const struct oso_row rows[OSO_SCHEMA_ROW_COUNT] = {')
    for i, r in enumerate(schema.rows):
        c.append('    [%s] = {%s, %s, %s, %d, %s, %s, %s, %d, %d, %d, %s, %d, %d, %d, %d, %d, %d, %s},' % (
            row_ids[i], c_string(r['name']), c_string(r['label_nl']), c_string(r['label_en']),
            name_id[r['name']],
            'OSO_SCHEMA_NONE' if r['owner'] == NONE else 'OSO_CTYPE_' + ident(schema.ctypes[r['owner']]['name']),
            'OSO_SCHEMA_NONE' if r['ctype'] == NONE else 'OSO_CTYPE_' + ident(schema.ctypes[r['ctype']]['name']),
            'OSO_SCHEMA_NONE' if r['stype'] == NONE else 'OSO_STYPE_' + ident(schema.stypes[r['stype']].name),
            r['min'], 1 if r['max'] == -1 else 0, 1 if r.get('repeatable') else 0,
            r['codelist'], r['codelist_flag'], r['codelist_mode'], r['category'], r['category_check'],
            r['personal'], r['fake'], c_string(r['identity']) if r['identity'] else 'NULL'))
    c.append('};')
    c.append('')
    c.append('static const struct oso_category categories[OSO_SCHEMA_CATEGORY_COUNT + 1] = {')
    c.append('    {0, "", "", OSO_SCHEMA_NONE},')
    cu = [i for i, r in enumerate(schema.rows) if r['owner'] != NONE
          and schema.ctypes[r['owner']]['name'] == 'categorie_uitlevering']
    field_row = {schema.rows[i]['name']: i for i in cu}
    for cat in cats:
        c.append('    {%d, %s, %s, %s},' % (cat['num'], c_string(cat['field']), c_string(cat['label']),
                                          row_ids[field_row[cat['field']]]))
    c.append('};')
    c.append('')
    c.append('/* Codelist fields as the stylesheet matches them: {name, parent name or NULL, list, mode}. */')
    c.append('static const struct oso_codelist_pattern codelist_patterns[OSO_SCHEMA_CODELIST_PATTERN_COUNT] = {')
    for name, parent, lst, mode in schema.codelist_patterns:
        c.append('    {%s, %s, %d, %d},' % (c_string(name), c_string(parent) if parent else 'NULL', lst, mode))
    c.append('};')
    c.append('')
    c.append('/* Category presets of the profiles (RULES.md d.3, "full" variants). */')
    c.append('static const struct oso_release_preset presets[OSO_SCHEMA_PRESET_COUNT] = {')
    for name, values in presets:
        c.append('    {%s, {OSO_RELEASE_UNSET, %s}},' % (
            c_string(name), ', '.join(values[i] for i in range(1, len(cats) + 1))))
    c.append('};')
    c.append('')
    def row_of(owner, name):
        for i, r in enumerate(schema.rows):
            if r['name'] == name and (owner is None and r['owner'] == NONE or
                                      owner is not None and r['owner'] != NONE and
                                      schema.ctypes[r['owner']]['name'] == owner):
                return row_ids[i]
        fail('no row %s/%s' % (owner, name))
    c.append('const struct oso_schema oso_schema_2019_1 = {')
    c.append('    .version = "2019.1",')
    c.append('    .namespace_uri = %s,' % c_string(NAMESPACE))
    c.append('    .names = names,')
    c.append('    .name_lengths = name_lengths,')
    c.append('    .name_slots = name_slots,')
    c.append('    .name_slot_count = OSO_SCHEMA_NAME_SLOTS,')
    c.append('    .pattern_atoms = pattern_atoms,')
    c.append('    .patterns = patterns,')
    c.append('    .unicode_digits = unicode_digits,')
    c.append('    .unicode_digit_count = %d,' % len(nd))
    c.append('    .stypes = stypes,')
    c.append('    .attrs = attrs,')
    c.append('    .ctype_rows = ctype_rows,')
    c.append('    .transitions = transitions,')
    c.append('    .states = states,')
    c.append('    .ctypes = ctypes,')
    c.append('    .ctype_count = OSO_SCHEMA_CTYPE_COUNT,')
    c.append('    .rows = rows,')
    c.append('    .row_count = OSO_SCHEMA_ROW_COUNT,')
    c.append('    .root_count = OSO_SCHEMA_ROOT_COUNT,')
    c.append('    .categories = categories,')
    c.append('    .category_count = OSO_SCHEMA_CATEGORY_COUNT,')
    c.append('    .presets = presets,')
    c.append('    .preset_count = OSO_SCHEMA_PRESET_COUNT,')
    c.append('    .codelist_patterns = codelist_patterns,')
    c.append('    .codelist_pattern_count = OSO_SCHEMA_CODELIST_PATTERN_COUNT,')
    c.append('    .row_dossier = %s,' % row_of(None, 'dossier'))
    c.append('    .row_metadata = %s,' % row_of('dossierType', 'metadata'))
    c.append('    .row_release_block = %s,' % row_of('metadata', 'categorie_uitlevering'))
    c.append('    .ctype_document = OSO_CTYPE_documentType,')
    c.append('    .row_document_filename = %s,' % row_of('documentType', 'bestandsnaam'))
    c.append('    .row_document_description = %s,' % row_of('documentType', 'omschrijving'))
    c.append('    .row_document_content = %s,' % row_of('documentType', 'bestandsinhoud'))
    c.append('};')
    return '\n'.join(h) + '\n', '\n'.join(c) + '\n'


def _reaches(follow, r):
    seen, todo = set(), list(follow.get(r, ()))
    while todo:
        x = todo.pop()
        if x == r:
            return True
        if x not in seen:
            seen.add(x)
            todo.extend(follow.get(x, ()))
    return False


def main(argv):
    check = '--check' in argv
    args = [a for a in argv[1:] if a != '--check']
    if not args:
        sys.exit(__doc__)
    outdir = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), '..', 'lib', 'schema')
    if check and not os.path.exists(args[0]):
        print('gen-schema: %s not present, check skipped' % args[0])
        return 77  # meson's "skipped"
    header, source = generate(args[0])
    targets = {os.path.join(outdir, 'oso_2019_1.h'): header, os.path.join(outdir, 'oso_2019_1.c'): source}
    return write_or_check('gen-schema', targets, check, 'the XSD')


if __name__ == '__main__':
    sys.exit(main(sys.argv))
