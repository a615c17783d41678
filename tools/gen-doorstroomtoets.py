#!/usr/bin/env python3
"""Generate liboso's doorstroomtoets message table from the chain's OpenAPI definition.

Usage:
    tools/gen-doorstroomtoets.py [--check] OPENAPI_YAML [OUTDIR]

Reads the OpenAPI 3.0 definition of the Doorstroomtoetsketen (version 1.1.0) and writes
`OUTDIR/openapi_1_1.c` and `OUTDIR/openapi_1_1.h` (OUTDIR defaults to lib/doorstroomtoets).
With --check nothing is written: the exit status says whether the committed files equal what
would be generated (77, meson's "skipped", when the YAML is absent).

The table is the single source of truth for what the definition fixes about the messages: one
row per component schema and per inline schema of a property or array, with its JSON type,
format, enumeration, length and item bounds, and its properties (name, schema, required); plus
the messages (request bodies of the POST operations and their response body) with the fixed
`profiel` value that tells them apart, and every operation's query parameters (`edu-to`,
`edu-from`: required, pattern). The fixed `versie` value is emitted as a macro.
"""
import os
import sys

import yaml

from generated_files import write_or_check

TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array']
FORMATS = {None: 'NONE', 'date': 'DATE', 'date-time': 'DATE_TIME'}
NONE = 0xFFFF
# Keywords of a schema this generator turns into the table. Anything else that would constrain
# a value is refused, so a new definition cannot silently loosen the checks.
HANDLED = {'type', 'format', 'enum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'items',
           'properties', 'required', '$ref', 'title', 'description', 'example'}


class Loader(yaml.SafeLoader):
    """A safe loader that keeps unquoted timestamps (2025-07-03T11:44:00Z) as strings: the
    definition's examples are JSON documents, where they are strings."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != 'tag:yaml.org,2002:timestamp']
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def fail(msg):
    sys.exit('gen-doorstroomtoets: ' + msg)


def load(path):
    with open(path, encoding='utf-8') as f:
        return yaml.load(f, Loader=Loader)


def c_string(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append('\\' + ch)
        elif ord(ch) < 0x20:
            out.append('\\%03o' % ord(ch))
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def ref_name(ref):
    prefix = '#/components/schemas/'
    if not ref.startswith(prefix):
        fail('unsupported $ref %s' % ref)
    return ref[len(prefix):]


class Table:
    def __init__(self, components):
        self.components = components
        self.schemas = []          # dicts, index = schema id
        self.index = {}            # component name -> schema id
        self.properties = []       # (name, schema id, required)
        self.enum_strings = []
        self.enum_integers = []
        # Component schemas first, in the definition's order, so their ids are stable.
        for name in components:
            self.index[name] = len(self.schemas)
            self.schemas.append(None)
        for name, node in components.items():
            self.fill(self.index[name], name, node)

    def schema_id(self, name, node):
        """Id of the schema `node` (a $ref or an inline schema named `name`)."""
        if '$ref' in node:
            target = ref_name(node['$ref'])
            if target not in self.index:
                fail('%s refers to unknown schema %s' % (name, target))
            return self.index[target]
        sid = len(self.schemas)
        self.schemas.append(None)
        self.fill(sid, name, node)
        return sid

    def fill(self, sid, name, node):
        unknown = set(node) - HANDLED
        if unknown:
            fail('%s uses %s, which the table does not express' % (name, ', '.join(sorted(unknown))))
        if '$ref' in node:
            fail('%s: a component that is only a $ref is not supported' % name)
        kind = node.get('type', 'object' if 'properties' in node else None)
        if kind not in TYPES:
            fail('%s: type %r not supported' % (name, kind))
        fmt = node.get('format')
        if fmt not in FORMATS:
            fail('%s: format %r not supported' % (name, fmt))
        row = {'name': name, 'type': kind, 'format': FORMATS[fmt],
               'min_length': node.get('minLength', NONE), 'max_length': node.get('maxLength', NONE),
               'min_items': node.get('minItems', NONE), 'max_items': node.get('maxItems', NONE),
               'enum_first': 0, 'enum_count': 0, 'property_first': 0, 'property_count': 0,
               'items': NONE}
        if 'enum' in node:
            values = node['enum']
            if kind == 'string' and all(isinstance(v, str) for v in values):
                row['enum_first'] = len(self.enum_strings)
                self.enum_strings += values
            elif kind == 'integer' and all(type(v) is int for v in values):
                row['enum_first'] = len(self.enum_integers)
                self.enum_integers += values
            else:
                fail('%s: enum values must all be of the schema type (%s)' % (name, kind))
            row['enum_count'] = len(values)
        self.schemas[sid] = row
        if kind == 'array':
            if 'items' not in node:
                fail('%s: array without items' % name)
            row['items'] = self.schema_id(name + '[]', node['items'])
        if kind == 'object':
            props = node.get('properties', {}) or {}
            required = node.get('required', []) or []
            # Properties are contiguous: resolve their schemas first (inline ones append rows
            # and properties of their own), then append this object's properties.
            resolved = [(p, self.schema_id(name + '.' + p, props[p])) for p in props]
            resolved += [(p, NONE) for p in required if p not in props]
            row['property_first'] = len(self.properties)
            row['property_count'] = len(resolved)
            for p, psid in resolved:
                self.properties.append((p, psid, 1 if p in required else 0))


def messages(doc, table):
    """The request body of each POST operation, then the response bodies they share."""
    requests, responses = [], []
    for path, ops in doc['paths'].items():
        for method, op in ops.items():
            body = op.get('requestBody', {}).get('content', {}).get('application/json')
            if body is not None:
                name = ref_name(body['schema']['$ref'])
                requests.append((name, method.upper(), path))
            for status, resp in sorted(op.get('responses', {}).items()):
                rbody = (resp.get('content') or {}).get('application/json')
                if rbody is not None:
                    rname = ref_name(rbody['schema']['$ref'])
                    if rname not in [r[0] for r in responses] + [r[0] for r in requests]:
                        responses.append((rname, '', ''))
    out = []
    for name, method, path in requests + responses:
        schema = table.components[name]
        profiel = None
        prop = (schema.get('properties') or {}).get('profiel')
        if prop is not None and len(prop.get('enum', [])) == 1:
            profiel = prop['enum'][0]
        out.append({'name': name, 'schema': table.index[name], 'method': method, 'path': path,
                    'request': 1 if method else 0, 'profiel': profiel})
    return out


def posix_pattern(pattern, where):
    """An ECMA-262 pattern of the definition as a POSIX extended regular expression (the
    escapes it uses: \\d and \\D); both are unanchored, as JSON Schema patterns are."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == '\\':
            esc = pattern[i + 1:i + 2]
            if esc == 'd':
                out.append('[0-9]')
            elif esc == 'D':
                out.append('[^0-9]')
            else:
                fail('%s: pattern escape \\%s not supported' % (where, esc))
            i += 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


def operations(doc):
    """Every operation with its query parameters (name, required, pattern)."""
    ops, params = [], []
    for path, methods in doc['paths'].items():
        for method, op in methods.items():
            first = len(params)
            for p in op.get('parameters', []):
                if p.get('in') != 'query':
                    continue
                schema = p.get('schema', {})
                if set(schema) - {'type', 'pattern'} or schema.get('type') != 'string':
                    fail('%s %s: parameter %s: only string parameters with a pattern are '
                         'supported' % (method, path, p['name']))
                pattern = schema.get('pattern')
                params.append((p['name'], 1 if p.get('required') else 0,
                               posix_pattern(pattern, p['name']) if pattern else None))
            ops.append((method.upper(), path, first, len(params) - first))
    return ops, params


def versie(table, msgs):
    values = set()
    for m in msgs:
        prop = (table.components[m['name']].get('properties') or {}).get('versie')
        if prop is not None:
            values.add(tuple(prop.get('enum', [])))
    if len(values) != 1 or len(next(iter(values))) != 1:
        fail('the messages do not fix one versie value: %r' % values)
    return next(iter(values))[0]


def bound(n):
    return 'DTM_NONE' if n == NONE else str(n)


def ident(name):
    return ''.join(c if c.isalnum() else '_' for c in name)


def generate(path):
    doc = load(path)
    version = str(doc['info']['version'])
    if not version.startswith('1.1.'):
        fail('definition version %s; this generator expects 1.1.x' % version)
    table = Table(doc['components']['schemas'])
    msgs = messages(doc, table)
    fixed_versie = versie(table, msgs)
    ops, params = operations(doc)
    base = os.path.basename(path)

    h = ['/* Generated by tools/gen-doorstroomtoets.py from %s (OpenAPI definition %s).' % (base, version),
         ' * Do not edit. */',
         '#ifndef OSO_DOORSTROOMTOETS_OPENAPI_1_1_H',
         '#define OSO_DOORSTROOMTOETS_OPENAPI_1_1_H',
         '',
         '#include <stddef.h>',
         '#include <stdint.h>',
         '',
         '#define DTM_OPENAPI_VERSION %s' % c_string(version),
         '/* The fixed value of `versie` in every message. */',
         '#define DTM_VERSIE %s' % c_string(fixed_versie),
         '#define DTM_NONE 0xFFFFu /* no schema, no bound */',
         '#define DTM_SCHEMA_COUNT %d' % len(table.schemas),
         '#define DTM_MESSAGE_COUNT %d' % len(msgs),
         '#define DTM_OPERATION_COUNT %d' % len(ops),
         '#define DTM_PARAMETER_COUNT %d' % len(params),
         '',
         'enum dtm_type { ' + ', '.join('DTM_TYPE_' + t.upper() for t in TYPES) + ' };',
         'enum dtm_format { DTM_FORMAT_NONE, DTM_FORMAT_DATE, DTM_FORMAT_DATE_TIME };',
         '',
         '/* Component schemas (inline schemas follow them, unnamed). */',
         'enum dtm_schema_id {']
    for name, sid in table.index.items():
        h.append('    DTM_SCHEMA_%s = %d,' % (ident(name), sid))
    h += ['};',
          '',
          '/* Messages: the request bodies of the POST operations, then their response body. */',
          'enum dtm_message_id {']
    for i, m in enumerate(msgs):
        h.append('    DTM_MESSAGE_%s = %d,' % (ident(m['name']), i))
    h += ['};',
          '',
          'struct dtm_schema {',
          '    const char *name;              /* component, or Component.property / Component[] */',
          '    uint8_t type, format;          /* enum dtm_type, enum dtm_format */',
          '    uint16_t min_length, max_length; /* in characters; DTM_NONE: unbounded */',
          '    uint16_t min_items, max_items;',
          '    uint16_t enum_first, enum_count; /* into dtm_enum_strings or dtm_enum_integers */',
          '    uint16_t property_first, property_count; /* into dtm_properties */',
          '    uint16_t items;                /* schema of array items */',
          '};',
          '',
          'struct dtm_property {',
          '    const char *name;',
          '    uint16_t schema;               /* DTM_NONE: any value */',
          '    uint8_t required;',
          '};',
          '',
          'struct dtm_message {',
          '    const char *name;              /* component schema name */',
          '    uint16_t schema;',
          '    uint8_t request;               /* 1: request body, 0: response body */',
          '    const char *method, *path;     /* operation of a request; "" for a response */',
          '    const char *profiel;           /* the fixed `profiel` value, or NULL */',
          '};',
          '',
          '/* The query parameters of an operation. */',
          'struct dtm_parameter {',
          '    const char *name;',
          '    uint8_t required;',
          '    const char *pattern;           /* POSIX ERE, unanchored as in JSON Schema; or NULL */',
          '};',
          '',
          'struct dtm_operation {',
          '    const char *method, *path;     /* path as the definition writes it */',
          '    uint16_t parameter_first, parameter_count;',
          '};',
          '',
          'extern const struct dtm_schema dtm_schemas[DTM_SCHEMA_COUNT];',
          'extern const struct dtm_property dtm_properties[%d];' % len(table.properties),
          'extern const char *const dtm_enum_strings[%d];' % len(table.enum_strings),
          'extern const long long dtm_enum_integers[%d];' % len(table.enum_integers),
          'extern const struct dtm_message dtm_messages[DTM_MESSAGE_COUNT];',
          'extern const struct dtm_operation dtm_operations[DTM_OPERATION_COUNT];',
          'extern const struct dtm_parameter dtm_parameters[DTM_PARAMETER_COUNT];',
          '',
          '#endif',
          '']

    c = ['/* Generated by tools/gen-doorstroomtoets.py from %s (OpenAPI definition %s).' % (base, version),
         ' * Do not edit. */',
         '#include "doorstroomtoets/openapi_1_1.h"',
         '',
         'const struct dtm_schema dtm_schemas[DTM_SCHEMA_COUNT] = {']
    for sid, s in enumerate(table.schemas):
        c.append('    /* %d */ {%s, DTM_TYPE_%s, DTM_FORMAT_%s, %s},' % (
            sid, c_string(s['name']), s['type'].upper(), s['format'], ', '.join(
                bound(s[k]) for k in ('min_length', 'max_length', 'min_items', 'max_items',
                                      'enum_first', 'enum_count', 'property_first',
                                      'property_count', 'items'))))
    c += ['};', '', 'const struct dtm_property dtm_properties[%d] = {' % len(table.properties)]
    for name, psid, req in table.properties:
        c.append('    {%s, %s, %d},' % (c_string(name), bound(psid), req))
    c += ['};', '', 'const char *const dtm_enum_strings[%d] = {' % len(table.enum_strings)]
    for v in table.enum_strings:
        c.append('    %s,' % c_string(v))
    c += ['};', '', 'const long long dtm_enum_integers[%d] = {' % len(table.enum_integers)]
    for v in table.enum_integers:
        c.append('    %d,' % v)
    c += ['};', '', 'const struct dtm_message dtm_messages[DTM_MESSAGE_COUNT] = {']
    for m in msgs:
        c.append('    {%s, %d, %d, %s, %s, %s},' % (
            c_string(m['name']), m['schema'], m['request'], c_string(m['method']),
            c_string(m['path']), c_string(m['profiel']) if m['profiel'] else 'NULL'))
    c += ['};', '', 'const struct dtm_operation dtm_operations[DTM_OPERATION_COUNT] = {']
    for method, path, first, count in ops:
        c.append('    {%s, %s, %d, %d},' % (c_string(method), c_string(path), first, count))
    c += ['};', '', 'const struct dtm_parameter dtm_parameters[DTM_PARAMETER_COUNT] = {']
    for name, req, pattern in params:
        c.append('    {%s, %d, %s},' % (c_string(name), req, c_string(pattern) if pattern else 'NULL'))
    c += ['};', '']
    return '\n'.join(h), '\n'.join(c)


def main(argv):
    check = '--check' in argv
    args = [a for a in argv[1:] if a != '--check']
    if not args:
        sys.exit(__doc__)
    outdir = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), '..', 'lib',
                                                        'doorstroomtoets')
    if check and not os.path.exists(args[0]):
        print('gen-doorstroomtoets: %s not present, check skipped' % args[0])
        return 77
    header, source = generate(args[0])
    targets = {os.path.join(outdir, 'openapi_1_1.h'): header,
               os.path.join(outdir, 'openapi_1_1.c'): source}
    return write_or_check('gen-doorstroomtoets', targets, check, 'the definition')


if __name__ == '__main__':
    sys.exit(main(sys.argv))
