#!/usr/bin/env python3
"""`oso doorstroomtoets check`: formats, exit codes, options, standard input, help.

Usage: test_cli_doorstroomtoets.py OSO
"""
import json
import os
import subprocess
import sys
import tempfile

OSO = sys.argv[1]
failures = []

SCHOOLADVIEZEN = {
    'datumtijd': '2026-01-15T12:00:00Z', 'auteur': 'Proef-LAS',
    'versie': 'Doorstroomtoetsketen_v1.1', 'profiel': 'Schooladviezen', 'schooljaar': '2025-2026',
    'deelnemersgroep': {'instellingscode': '12AB', 'vestigingscode': '01',
                        'onderwijsaanbiedercode': '100B200', 'onderwijslocatiecode': '200C300',
                        'administratienr': '3'},
    'voorlopigSchooladviezen': [{'deelnemerref': [{'label': 'ECK-iD',
                                                   'onderwijsdeelnemerID': 'eck-1'}],
                                 'advies': 'HAVO'}],
}


def run(*args, stdin=None):
    p = subprocess.run([OSO, 'doorstroomtoets'] + list(args), input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def expect(cond, what):
    if not cond:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    valid = os.path.join(tmp, 'advies.json')
    with open(valid, 'w') as f:
        json.dump(SCHOOLADVIEZEN, f, indent=1)
    bad = dict(SCHOOLADVIEZEN, versie='Doorstroomtoetsketen_v1.0')
    bad['voorlopigSchooladviezen'] = [{'deelnemerref': [], 'advies': 'VMBO_TL'}]
    invalid = os.path.join(tmp, 'fout.json')
    with open(invalid, 'w') as f:
        json.dump(bad, f, indent=1)
    broken = os.path.join(tmp, 'kapot.json')
    with open(broken, 'wb') as f:
        f.write(b'{"melding": "\xff"}')

    rc, out, _ = run('check', valid)
    expect(rc == 0, 'valid message: exit %d' % rc)
    expect(out.strip().endswith('1 bericht(en) gecontroleerd, 0 ongeldig, 0 fout(en)'),
           'valid message: summary %r' % out)

    rc, out, _ = run('check', '--lang', 'en', valid, invalid)
    lines = out.splitlines()
    expect(rc == 1, 'invalid message: exit %d' % rc)
    expect(lines[-1] == '2 message(s) checked, 1 invalid, 3 error(s)', 'summary %r' % lines[-1])
    expect(lines[0].startswith(invalid + ':4:12: DTM.ENUM: Value "Doorstroomtoetsketen_v1.0"')
           and lines[0].endswith('[/versie]'), 'text line %r' % lines[0])
    expect(any(':16:20: DTM.ITEMS: ' in l and l.endswith('[/voorlopigSchooladviezen/0/deelnemerref]')
               for l in lines), 'items finding in %r' % lines)
    expect(any('DTM.ENUM: Value "VMBO_TL"' in l for l in lines), 'advies finding in %r' % lines)

    rc, out, _ = run('check', '--format', 'json', valid, invalid, broken)
    objs = [json.loads(l) for l in out.splitlines()]
    expect(rc == 1 and len(objs) == 3, 'json: exit %d, %d lines' % (rc, len(objs)))
    expect(objs[0] == {'file': valid, 'valid': True, 'type': 'Schooladviezenlijst',
                       'diagnostics': []}, 'json valid object %r' % objs[0])
    expect(objs[1]['valid'] is False and [d['rule'] for d in objs[1]['diagnostics']] ==
           ['DTM.ENUM', 'DTM.ITEMS', 'DTM.ENUM'], 'json findings %r' % objs[1])
    d = objs[1]['diagnostics'][1]
    expect(d['path'] == '/voorlopigSchooladviezen/0/deelnemerref' and d['line'] == 16
           and d['column'] == 20 and d['severity'] == 'error', 'json diagnostic %r' % d)
    expect(objs[2]['type'] is None and objs[2]['diagnostics'][0]['rule'] == 'DTM.UTF8',
           'json broken %r' % objs[2])

    rc, out, _ = run('check', '--format', 'json', '-', stdin=json.dumps(SCHOOLADVIEZEN).encode())
    expect(rc == 0 and json.loads(out)['file'] == '-', 'stdin: %d %r' % (rc, out))

    rc, out, _ = run('check', '--type', 'Deelnemerslijst', '--format', 'json', valid)
    o = json.loads(out)
    expect(rc == 1 and o['type'] == 'Deelnemerslijst', '--type: %d %r' % (rc, o))

    rc, out, _ = run('check', '--max-bytes', '10', valid)
    expect(rc == 1 and 'DTM.SIZE' in out, '--max-bytes: %d %r' % (rc, out))

    rc, _, err = run('check', valid, os.path.join(tmp, 'ontbreekt.json'))
    expect(rc == 2 and 'ontbreekt.json' in err, 'missing file: %d %r' % (rc, err))

    for args in (['check'], ['check', '--format', 'xml', valid], ['check', '--type', 'X', valid],
                 ['check', '--max-bytes', '-1', valid], ['frobnicate'], []):
        rc, _, err = run(*args)
        expect(rc == 2 and 'usage:' in err, 'usage error for %r: %d' % (args, rc))

    for args in (['--help'], ['check', '--help']):
        rc, out, _ = run(*args)
        expect(rc == 0 and out.startswith('usage: oso doorstroomtoets check'), 'help %r' % args)

for f in failures:
    print('FAIL:', f)
print('%d failure(s)' % len(failures))
sys.exit(1 if failures else 0)
