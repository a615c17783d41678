#!/usr/bin/env python3
"""`oso doorstroomtoets check`: formats, exit codes, options, standard input, help.

Usage: test_cli_doorstroomtoets.py OSO SAMPLE_DOSSIER

Also `import` (a Leerlingresultaat into the sample dossier) and `schooladvies`.
"""
import json
import os
import subprocess
import sys
import tempfile

OSO = sys.argv[1]
SAMPLE = sys.argv[2]
failures = []

PDF = b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'

# The sample dossier is dated 2024-03-15.
RESULT = {
    'datumtijd': '2024-03-01T09:00:00Z', 'auteur': 'Toetsdienst',
    'versie': 'Doorstroomtoetsketen_v1.1', 'profiel': 'Leerlingtoetsresultaat',
    'schooljaar': '2023-2024',
    'resultatenscores': {
        'id': 'rs-1', 'deelnemerref': [{'label': 'LAS-key', 'onderwijsdeelnemerID': 'L-1'}],
        'versie': 'Definitief', 'toetsdefinitie': 'ICE',
        'afnamecontext': {'afname': {'id': 'af-1', 'afnametijdstip': '2024-02-06T09:00:00+01:00'}},
        'scores': {'id': 'sc-1', 'scores': [{'label': 'Toetsscore', 'id': 's1', 'waarde': '81'}]},
        'resultaten': {'resultaten': [
            {'label': 'Toetsadvies', 'waarde': 'havo'},
            {'label': 'Referentieniveau', 'toetseenheid': 'REKENEN', 'waarde': '1F'},
            {'label': 'Referentieniveau', 'toetseenheid': 'LEZEN', 'waarde': '2F'},
            {'label': 'Referentieniveau', 'toetseenheid': 'TAALVERZORGING', 'waarde': '2F'}]}},
    'toets': {'label': 'Doorstroomtoets', 'id': 'ICE', 'naam': 'IEP Doorstroomtoets'},
}

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
    expect(out.strip().endswith('1 bericht(en): 1 geldig, 0 ongeldig; 0 fout(en), 0 waarschuwing(en)'),
           'valid message: summary %r' % out)

    rc, out, _ = run('check', '--lang', 'en', valid, invalid)
    lines = out.splitlines()
    expect(rc == 1, 'invalid message: exit %d' % rc)
    expect(lines[-1] == '2 message(s): 1 valid, 1 invalid; 3 error(s), 0 warning(s)',
           'summary %r' % lines[-1])
    expect(lines[0] == invalid + ':4:12: DTM.ENUM: Value "Doorstroomtoetsketen_v1.0" is not '
           'allowed; allowed: Doorstroomtoetsketen_v1.1.', 'text line %r' % lines[0])
    expect(any(l.startswith(invalid + ':16:20: DTM.ITEMS: ') for l in lines),
           'items finding in %r' % lines)
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
    rc, out, _ = run('check', '--format', 'json', os.path.join(tmp, 'ontbreekt.json'), valid)
    objs = [json.loads(l) for l in out.splitlines()]
    expect(rc == 2 and len(objs) == 2 and objs[0]['valid'] is False and 'error' in objs[0]
           and objs[1]['valid'] is True, 'json for an unreadable file: %d %r' % (rc, objs))

    for args in (['check'], ['check', '--format', 'xml', valid], ['check', '--type', 'X', valid],
                 ['check', '--max-bytes', '-1', valid], ['frobnicate'], []):
        rc, _, err = run(*args)
        expect(rc == 2 and 'usage:' in err, 'usage error for %r: %d' % (args, rc))

    for args in (['--help'], ['check', '--help']):
        rc, out, _ = run(*args)
        expect(rc == 0 and out.startswith('usage: oso doorstroomtoets check'), 'help %r' % args)


def oso(*args):
    p = subprocess.run([OSO] + list(args), capture_output=True)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


with tempfile.TemporaryDirectory() as tmp:
    result = os.path.join(tmp, 'resultaat.json')
    with open(result, 'w') as f:
        json.dump(RESULT, f, indent=1)
    rapport = os.path.join(tmp, 'rapport.pdf')
    with open(rapport, 'wb') as f:
        f.write(PDF)
    out = os.path.join(tmp, 'uit.xml')
    rc, stdout, err = run('import', result, '--rapport', rapport, SAMPLE, '-o', out)
    expect(rc == 0 and os.path.exists(out), 'import: %d %r %r' % (rc, stdout, err))
    rc, stdout, _ = oso('validate', '--rules', '+doorstroomtoets', '--format', 'json', out)
    expect(rc == 0 and json.loads(stdout)['valid'], 'imported dossier invalid: %r' % stdout)
    text = open(out, encoding='utf-8').read()
    expect('<toetssoort>0013</toetssoort>' in text and '<datum_afname>2024-02-06</datum_afname>' in text
           and '<standaardscore>81</standaardscore>' in text, 'imported values missing')

    rc, stdout, _ = run('import', result, SAMPLE, '-o', os.path.join(tmp, 'zonder.xml'))
    expect(rc == 0 and ': DTM.BRIDGE_RAPPORT: waarschuwing: ' in stdout,
           'import without rapport: %d %r' % (rc, stdout))

    bad = json.loads(json.dumps(RESULT))
    bad['resultatenscores']['toetsdefinitie'] = 'DIA'
    with open(result, 'w') as f:
        json.dump(bad, f, indent=1)
    refused = os.path.join(tmp, 'geweigerd.xml')
    rc, stdout, err = run('import', '--lang', 'en', result, SAMPLE, '-o', refused)
    expect(rc == 1 and not os.path.exists(refused)
           and ':16:21: DTM.BRIDGE: Test \'DIA\' has no code in codelist 42' in stdout,
           'unmappable import: %d %r %r' % (rc, stdout, err))
    rc, _, err = run('import', os.path.join(tmp, 'geen.json'), SAMPLE, '-o', refused)
    expect(rc == 2, 'import of a missing file: %d' % rc)
    rc, _, err = run('import', result, SAMPLE)
    expect(rc == 2 and 'usage:' in err, 'import without -o: %d' % rc)

    # schooladvies: the imported dossier (advies 60), and one with advies 44.
    school = ['--onderwijsaanbiedercode', '100B200', '--onderwijslocatiecode', '200C300',
              '--administratienr', '7', '--datumtijd', '2026-01-10T10:00:00Z']
    second = os.path.join(tmp, 'tweede.xml')
    with open(second, 'w', encoding='utf-8') as f:
        f.write(text.replace('<advies>60</advies>', '<advies>44</advies>')
                .replace('<leerlingid>L-2016-0042</leerlingid>', '<leerlingid>L-7</leerlingid>'))
    lijst = os.path.join(tmp, 'lijst.json')
    rc, stdout, err = run('schooladvies', out, second, '-o', lijst, *school)
    expect(rc == 0, 'schooladvies: %d %r' % (rc, err))
    doc = json.load(open(lijst, encoding='utf-8'))
    expect([(a['deelnemerref'][0]['onderwijsdeelnemerID'], a['advies'])
            for a in doc['voorlopigSchooladviezen']] ==
           [('L-2016-0042', 'HAVO'), ('L-7', 'VMBO_GL/TL_TM_HAVO')], 'advices %r' % doc)
    expect(doc['schooljaar'] == '2025-2026' and doc['deelnemersgroep']['administratienr'] == '7',
           'list header %r' % doc)
    rc, stdout, _ = run('check', '--format', 'json', lijst)
    expect(rc == 0 and json.loads(stdout)['type'] == 'Schooladviezenlijst', 'list check %r' % stdout)

    unmapped = os.path.join(tmp, 'onbekend.xml')
    with open(unmapped, 'w', encoding='utf-8') as f:
        f.write(text.replace('<advies>60</advies>', '<advies>99</advies>'))
    rc, _, err = run('schooladvies', unmapped, '-o', os.path.join(tmp, 'x.json'), *school)
    expect(rc == 1 and "'99'" in err and not os.path.exists(os.path.join(tmp, 'x.json')),
           'unmapped advice: %d %r' % (rc, err))
    other = os.path.join(tmp, 'andere-school.xml')
    with open(other, 'w', encoding='utf-8') as f:
        f.write(text.replace('<brincode>99ZZ</brincode>', '<brincode>07QX</brincode>', 1))
    rc, _, err = run('schooladvies', out, other, '-o', os.path.join(tmp, 'x.json'), *school)
    expect(rc == 1 and 'another school' in err, 'two schools: %d %r' % (rc, err))
    rc, _, err = run('schooladvies', out, '-o', os.path.join(tmp, 'x.json'))
    expect(rc == 2 and 'onderwijsaanbiedercode' in err, 'missing school options: %d' % rc)

for f in failures:
    print('FAIL:', f)
print('%d failure(s)' % len(failures))
sys.exit(1 if failures else 0)
