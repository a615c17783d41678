#!/usr/bin/env python3
"""Check the per-element data tables against the official OSO 2019.1 XSD.

Usage:
    tools/check-element-tables.py XSD FOLDER

FOLDER holds elements.tsv and identity.tsv (see its README.md). The row set is re-derived from
the XSD with the row-building code of tools/gen-schema.py, so both agree on what a row is.
Exit status: 0 when the tables are complete and valid, 1 with one message per problem, 77
(meson's "skipped") when the XSD is absent.
"""
import importlib.util
import os
import sys
import xml.etree.ElementTree as ET

ELEMENT_COLUMNS = ['row', 'label_nl', 'label_en', 'personal', 'fake', 'note']
IDENTITY_COLUMNS = ['row', 'key', 'note']


def load_gen_schema():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen-schema.py')
    spec = importlib.util.spec_from_file_location('gen_schema', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Row:
    def __init__(self, key, name, container, repeatable, ctype):
        self.key = key
        self.name = name
        self.container = container      # has element children (not just simple content)
        self.repeatable = repeatable
        self.ctype = ctype


def schema_rows(gen, xsd_path):
    """Rows in table order, keyed `<owner type>/<name>` (global elements: `<name>`), and the
    child rows of each complex type (inherited ones included)."""
    schema = gen.Schema(ET.parse(xsd_path).getroot())
    schema.build()
    children = {}
    for index, ct in enumerate(schema.ctypes):
        positions, _first, _last, _nullable, follow = gen.glushkov(ct['model'])
        children[index] = positions
        for r in positions:
            schema.rows[r]['repeatable'] = r in follow and gen._reaches(follow, r)
    rows = []
    for r in schema.rows:
        key = r['name'] if r['owner'] == gen.NONE else schema.ctypes[r['owner']]['name'] + '/' + r['name']
        ctype = None if r['ctype'] == gen.NONE else r['ctype']
        container = ctype is not None and schema.ctypes[ctype]['model'] is not None
        rows.append(Row(key, r['name'], container, bool(r.get('repeatable')), ctype))
    return rows, children, schema


def read_tsv(path, columns, problems):
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8', newline='') as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        problems.append('%s: cannot read: %s' % (name, e))
        return []
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    if not lines or lines[0].split('\t') != columns:
        problems.append('%s: header must be: %s' % (name, '\t'.join(columns)))
        return []
    out = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split('\t')
        if len(cells) != len(columns):
            problems.append('%s:%d: %d columns, expected %d' % (name, number, len(cells), len(columns)))
            continue
        out.append((number, dict(zip(columns, cells))))
    return out


def check_elements(rows, entries, problems, classes, fakes):
    by_key = {r.key: r for r in rows}
    seen = {}
    order = []
    for number, e in entries:
        where = 'elements.tsv:%d: %s' % (number, e['row'])
        row = by_key.get(e['row'])
        if row is None:
            problems.append(where + ': no such row in the XSD')
            continue
        if e['row'] in seen:
            problems.append('%s: duplicate (first on line %d)' % (where, seen[e['row']]))
            continue
        seen[e['row']] = number
        order.append(e['row'])
        for col in ('label_nl', 'label_en'):
            if not e[col].strip():
                problems.append('%s: empty %s' % (where, col))
        if row.container:
            if e['personal'] != '-' or e['fake'] != '-':
                problems.append(where + ': container rows take personal and fake "-"')
            continue
        if e['personal'] not in classes:
            problems.append('%s: personal class "%s" is not one of %s'
                            % (where, e['personal'], ', '.join(sorted(classes))))
        elif e['personal'] == 'none':
            if e['fake'] != '-':
                problems.append(where + ': fake kind must be "-" for personal "none"')
        elif e['fake'] not in fakes:
            problems.append('%s: fake kind "%s" is not in the vocabulary' % (where, e['fake']))
        elif e['fake'] == 'keep' and not e['note'].strip():
            problems.append(where + ': fake kind "keep" needs a note saying why')
    for r in rows:
        if r.key not in seen:
            problems.append('elements.tsv: row %s is missing' % r.key)
    expected = [r.key for r in rows if r.key in seen]
    if not any('elements.tsv' in p for p in problems) and order != expected:
        first = next(i for i, (a, b) in enumerate(zip(order, expected)) if a != b)
        problems.append('elements.tsv: not in schema row order from %s (expected %s)'
                        % (order[first], expected[first]))


def resolve(rows, children, schema, row, path):
    """True if the relative child path exists below row."""
    for step in path.split('/'):
        if row.ctype is None:
            return False
        names = {schema.rows[c]['name']: rows[c] for c in children[row.ctype]}
        if step not in names:
            return False
        row = names[step]
    return True


def check_identity(rows, children, schema, entries, problems):
    by_key = {r.key: r for r in rows}
    seen = {}
    for number, e in entries:
        where = 'identity.tsv:%d: %s' % (number, e['row'])
        row = by_key.get(e['row'])
        if row is None:
            problems.append(where + ': no such row in the XSD')
            continue
        if e['row'] in seen:
            problems.append('%s: duplicate (first on line %d)' % (where, seen[e['row']]))
            continue
        seen[e['row']] = number
        if not row.repeatable:
            problems.append(where + ': row is not repeatable')
        key = e['key'].strip()
        if key == '-':
            if not e['note'].strip():
                problems.append(where + ': key "-" (match by position) needs a note')
        elif key == '.':
            if row.container:
                problems.append(where + ': key "." (own value) on a container row')
        elif not key:
            problems.append(where + ': empty key')
        else:
            for path in key.split(','):
                if not resolve(rows, children, schema, row, path.strip()):
                    problems.append('%s: key path "%s" is not a child of this row' % (where, path))
    for r in rows:
        if r.repeatable and r.key not in seen:
            problems.append('identity.tsv: repeatable row %s has no identity line' % r.key)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    xsd_path, folder = argv[1], argv[2]
    if not os.path.exists(xsd_path):
        print('check-element-tables: %s not present, check skipped' % xsd_path)
        return 77
    gen = load_gen_schema()
    rows, children, schema = schema_rows(gen, xsd_path)
    problems = []
    # The vocabularies are the generator's: it turns them into the schema table's enums.
    check_elements(rows, read_tsv(os.path.join(folder, 'elements.tsv'), ELEMENT_COLUMNS, problems),
                   problems, set(gen.PERSONAL_CLASSES), set(gen.FAKE_KINDS) - {'none'})
    check_identity(rows, children, schema,
                   read_tsv(os.path.join(folder, 'identity.tsv'), IDENTITY_COLUMNS, problems), problems)
    for p in problems:
        print('check-element-tables: ' + p)
    if problems:
        return 1
    print('check-element-tables: %d rows, %d repeatable, all described'
          % (len(rows), sum(r.repeatable for r in rows)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
