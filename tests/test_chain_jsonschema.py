#!/usr/bin/env python3
"""An independent validator agrees with liboso on doorstroomtoets chain messages.

Usage: test_chain_jsonschema.py OSO DEFINITION.yaml WORKDIR [SEEDS]

Converts the component schemas of the chain's OpenAPI definition to JSON Schema, generates
valid messages of each request type (and the definition's own examples) and mutates them (each
required member removed, each enumeration broken, each value given wrong JSON types, each
length and item bound crossed, each date made impossible), then checks every file with
`jsonschema` (RFC 3339 `date` and `date-time` as OpenAPI 3.0 prescribes) and with
`oso doorstroomtoets check --format json`. The verdict, and the set of JSON Pointers with a
finding, must agree on every file. Exit 77 (skipped) when the definition is absent.
"""
import calendar
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys

if len(sys.argv) < 4:
    sys.exit(__doc__)
OSO, DEFINITION, WORKDIR = sys.argv[1:4]
SEEDS = int(sys.argv[4]) if len(sys.argv) > 4 else 6
if not os.path.exists(DEFINITION):
    print('definition %s not present: skipped' % DEFINITION)
    sys.exit(77)

import jsonschema  # noqa: E402  (Debian python3-jsonschema)
import yaml  # noqa: E402  (Debian python3-yaml)


class Loader(yaml.SafeLoader):
    """Unquoted example timestamps stay strings, as they are in JSON."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != 'tag:yaml.org,2002:timestamp']
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

with open(DEFINITION, encoding='utf-8') as f:
    DOC = yaml.load(f, Loader=Loader)
COMPONENTS = DOC['components']['schemas']
ANNOTATIONS = {'title', 'description', 'example'}


def to_json_schema(node):
    """OpenAPI 3.0 schema object -> JSON Schema draft 7 (refs to #/definitions)."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ANNOTATIONS:
                continue
            if k == '$ref':
                out[k] = v.replace('#/components/schemas/', '#/definitions/')
            elif k == 'properties':
                out[k] = {p: to_json_schema(s) for p, s in v.items()}
            else:
                out[k] = to_json_schema(v)
        return out
    if isinstance(node, list):
        return [to_json_schema(x) for x in node]
    return node


DEFINITIONS = {name: to_json_schema(s) for name, s in COMPONENTS.items()}

# RFC 3339 (section 5.6), as OpenAPI 3.0 defines `date` and `date-time`.
FULL_DATE = r'(\d{4})-(\d{2})-(\d{2})'
DATE_TIME = re.compile(FULL_DATE + r'[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?'
                       r'([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)\Z', re.ASCII)
DATE = re.compile(FULL_DATE + r'\Z', re.ASCII)


def calendar_day(m):
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return y >= 1 and 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks('date')
def is_date(value):
    if not isinstance(value, str):
        return True
    m = DATE.match(value)
    return bool(m) and calendar_day(m)


@FORMATS.checks('date-time')
def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = DATE_TIME.match(value)
    return bool(m) and calendar_day(m)


def validator(message):
    schema = {'$schema': 'http://json-schema.org/draft-07/schema#', 'definitions': DEFINITIONS,
              '$ref': '#/definitions/' + message}
    return jsonschema.Draft7Validator(schema, format_checker=FORMATS)


MESSAGES = ['Deelnemerslijst', 'Schooladviezenlijst', 'Leerlingresultaat']
VALIDATORS = {m: validator(m) for m in MESSAGES + ['Ontvangstmelding']}


def pointer(path):
    return ''.join('/' + str(p).replace('~', '~0').replace('/', '~1') for p in path)


def independent(message, value):
    """(valid, set of pointers with an error) by jsonschema."""
    paths = set()
    for e in VALIDATORS[message].iter_errors(value):
        paths.add(pointer(e.absolute_path))
    return not paths, paths

# ---- generating valid messages --------------------------------------------------------------


def resolve(schema):
    while '$ref' in schema:
        schema = COMPONENTS[schema['$ref'].split('/')[-1]]
    return schema


ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.éëïöüßŁ€😀'


def random_date(rnd):
    y = rnd.randint(1990, 2030)
    mo = rnd.randint(1, 12)
    return '%04d-%02d-%02d' % (y, mo, rnd.randint(1, calendar.monthrange(y, mo)[1]))


def random_date_time(rnd):
    frac = rnd.choice(['', '.5', '.123456'])
    zone = rnd.choice(['Z', '+01:00', '-05:30', 'z'])
    sep = rnd.choice(['T', 'T', 't'])
    return '%s%s%02d:%02d:%02d%s%s' % (random_date(rnd), sep, rnd.randint(0, 23),
                                       rnd.randint(0, 59), rnd.randint(0, 59), frac, zone)


def generate(schema, rnd):
    s = resolve(schema)
    if 'enum' in s:
        return rnd.choice(s['enum'])
    kind = s.get('type', 'object')
    if kind == 'string':
        if s.get('format') == 'date':
            return random_date(rnd)
        if s.get('format') == 'date-time':
            return random_date_time(rnd)
        lo = s.get('minLength', 0)
        hi = s.get('maxLength', max(lo, 12))
        n = rnd.randint(lo, min(hi, lo + 12)) if rnd.random() < 0.8 else rnd.choice([lo, hi])
        return ''.join(rnd.choice(ALPHABET) for _ in range(n))
    if kind == 'integer':
        return rnd.randint(-5, 500)
    if kind == 'array':
        lo = s.get('minItems', 0)
        hi = s.get('maxItems', lo + 3)
        return [generate(s['items'], rnd) for _ in range(rnd.randint(lo, min(hi, lo + 3)))]
    out = {}
    required = set(s.get('required', []))
    for name, sub in (s.get('properties') or {}).items():
        if name in required or rnd.random() < 0.6:
            out[name] = generate(sub, rnd)
    return out

# ---- mutations ------------------------------------------------------------------------------


def walk(schema, value, path):
    """(path, schema, value) for every value the schema describes."""
    s = resolve(schema)
    yield path, s, value
    if isinstance(value, dict) and s.get('type', 'object') == 'object':
        for name, sub in (s.get('properties') or {}).items():
            if name in value:
                yield from walk(sub, value[name], path + [name])
    elif isinstance(value, list) and s.get('type') == 'array':
        for i, item in enumerate(value):
            yield from walk(s['items'], item, path + [i])


def set_at(doc, path, value):
    doc = copy.deepcopy(doc)
    if not path:
        return value
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return doc


def remove_at(doc, path, name):
    doc = copy.deepcopy(doc)
    target = doc
    for p in path:
        target = target[p]
    del target[name]
    return doc


WRONG = {'string': [7, None, True, ['x'], {'x': 1}], 'integer': ['1', 1.5, None, False, [1]],
         'array': [{}, 'x', 3, None], 'object': [[], 'x', 0, None]}
BAD_DATES = ['2025-02-30', '2023-02-29', '2025-13-01', '2025-7-3', '20250703', '0000-01-01',
             '2025-07-03T11:44:00Z']
BAD_DATE_TIMES = ['2025-07-03T11:44:00', '2025-07-03 11:44:00Z', '2025-02-30T10:00:00Z',
                  '2025-07-03T24:00:00Z', '2025-07-03T11:44:60Z', '2025-07-03T11:44:00.Z',
                  '2025-07-03T11:44:00+2:00', '2025-07-03', '2025-07-03T11:44Z']


def mutants(doc, message, rnd):
    root = {'$ref': '#/components/schemas/' + message}
    for path, s, value in walk(root, doc, []):
        kind = s.get('type', 'object')
        for name in s.get('required', []):
            if isinstance(value, dict) and name in value:
                yield 'required %s%s' % (pointer(path), '/' + name), remove_at(doc, path, name)
        if 'enum' in s:
            broken = (str(value) + 'X') if kind == 'string' else 4
            yield 'enum %s' % pointer(path), set_at(doc, path, broken)
            if kind == 'string':
                yield 'case %s' % pointer(path), set_at(doc, path, str(value).lower() + ' ')
        wrong = WRONG.get(kind, [])
        if wrong:
            yield 'type %s' % pointer(path), set_at(doc, path, rnd.choice(wrong))
        if s.get('format') == 'date':
            yield 'date %s' % pointer(path), set_at(doc, path, rnd.choice(BAD_DATES))
        if s.get('format') == 'date-time':
            yield 'date-time %s' % pointer(path), set_at(doc, path, rnd.choice(BAD_DATE_TIMES))
        if kind == 'string' and isinstance(value, str):
            if 'maxLength' in s:
                yield 'maxLength %s' % pointer(path), set_at(doc, path, 'ü' * (s['maxLength'] + 1))
                yield 'maxLength ok %s' % pointer(path), set_at(doc, path, '€' * s['maxLength'])
            if s.get('minLength', 0) > 0:
                yield 'minLength %s' % pointer(path), set_at(doc, path, '')
        if kind == 'array' and isinstance(value, list) and value:
            if s.get('minItems', 0) > 0:
                yield 'minItems %s' % pointer(path), set_at(doc, path, [])
            if 'maxItems' in s:
                yield 'maxItems %s' % pointer(path), set_at(doc, path, value * (s['maxItems'] + 1))
        if kind == 'object' and isinstance(value, dict) and path:
            yield 'extra member %s' % pointer(path), set_at(doc, path, dict(value, extra=[None]))


def examples():
    for ops in DOC['paths'].values():
        for op in ops.values():
            content = op.get('requestBody', {}).get('content', {}).get('application/json', {})
            name = content.get('schema', {}).get('$ref', '').split('/')[-1]
            for title, ex in (content.get('examples') or {}).items():
                yield name, title, ex['value']

# ---- run ------------------------------------------------------------------------------------


def main():
    shutil.rmtree(WORKDIR, ignore_errors=True)
    os.makedirs(WORKDIR)
    cases = []  # (file, message, description, value)

    def add(message, what, value):
        path = os.path.join(WORKDIR, '%05d.json' % len(cases))
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(value, f, indent=1, ensure_ascii=len(cases) % 2 == 0)
        cases.append((path, message, what, value))

    rnd = random.Random(20251)
    example_files = []
    for message, title, value in examples():
        example_files.append(len(cases))
        add(message, 'example %s' % title, value)
        for what, m in mutants(value, message, rnd):
            add(message, 'example %s: %s' % (title, what), m)
    for seed in range(SEEDS):
        for message in MESSAGES:
            value = generate({'$ref': '#/components/schemas/' + message}, random.Random(seed))
            add(message, 'generated %d' % seed, value)
            for what, m in mutants(value, message, rnd):
                add(message, 'generated %d: %s' % (seed, what), m)
    for value in ({'melding': 'Bericht ontvangen'}, {}, {'melding': 3}, {'melding': None}):
        add('Ontvangstmelding', 'ontvangstmelding', value)

    verdicts = {}
    for start in range(0, len(cases), 400):
        chunk = [c[0] for c in cases[start:start + 400]]
        p = subprocess.run([OSO, 'doorstroomtoets', 'check', '--format', 'json'] + chunk,
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print('oso failed (%d): %s' % (p.returncode, p.stderr))
            return 1
        for line in p.stdout.splitlines():
            o = json.loads(line)
            verdicts[o['file']] = o

    disagreements, valid_count = [], 0
    for path, message, what, value in cases:
        ok, paths = independent(message, value)
        o = verdicts.get(path)
        if o is None:
            disagreements.append('%s (%s): no verdict from oso' % (path, what))
            continue
        ours = {d['path'] for d in o['diagnostics']}
        valid_count += ok
        if o['valid'] != ok or ours != paths:
            disagreements.append('%s (%s %s): jsonschema %s %s, liboso %s %s' % (
                path, message, what, ok, sorted(paths), o['valid'], sorted(ours)))
        elif ok and o['type'] != message:
            disagreements.append('%s (%s): recognised as %s' % (path, what, o['type']))

    # The definition's examples: all valid except the Leerlingresultaat one, whose numeric
    # scores[].waarde contradict the Score schema (doc/doorstroomtoets-chain.md).
    for i in example_files:
        path, message, what, value = cases[i]
        ours = {d['path'] for d in verdicts[path]['diagnostics']}
        expected = set()
        if message == 'Leerlingresultaat':
            expected = {'/resultatenscores/scores/scores/%d/waarde' % k
                        for k, s in enumerate(value['resultatenscores']['scores']['scores'])
                        if not isinstance(s['waarde'], str)}
        if ours != expected:
            disagreements.append('%s (%s): findings %s, expected %s' % (path, what, sorted(ours),
                                                                      sorted(expected)))

    for d in disagreements[:40]:
        print('DISAGREE:', d)
    print('%d files (%d valid, %d invalid), %d disagreement(s)' % (
        len(cases), valid_count, len(cases) - valid_count, len(disagreements)))
    if valid_count < 20 or len(cases) - valid_count < 500:
        print('too few valid or invalid files to mean anything')
        return 1
    return 1 if disagreements else 0


sys.exit(main())
