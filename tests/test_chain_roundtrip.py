#!/usr/bin/env python3
"""Round trip through the doorstroomtoets chain on generated data.

Usage: test_chain_roundtrip.py OSO GEN_DOSSIER WORKDIR [SEEDS]

For each seed: a generated OV-POVO dossier, a generated Leerlingresultaat (random test, score,
advice and levels that the dossier side can express, taken a little before the dossier's date)
that `oso doorstroomtoets check` accepts, bridged in with `oso doorstroomtoets import` and a
report PDF: the dossier passes full validation with `--rules +doorstroomtoets` and holds the
values. Then `oso doorstroomtoets schooladvies` writes, from each of those dossiers, a
Schooladviezenlijst that the check accepts.
"""
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

OSO, GEN, WORKDIR = sys.argv[1:4]
SEEDS = int(sys.argv[4]) if len(sys.argv) > 4 else 8
NS = '{http://www.edustandaard.nl/oso_gegevensset/2019/dossier}'
PDF = b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
TESTS = {'ROUTE_8': '0012', 'ICE': '0013'}
LEVELS = {'REKENEN': ['lager dan 1F', '1F', '1S'], 'LEZEN': ['Lager dan 1F', '1F', '2F'],
          'TAALVERZORGING': ['LAGER DAN 1F', '1F', '2F']}
LEVEL_CODE = {'lager dan 1f': '01', '1f': '02', '1s': '03', '2f': '04'}
failures = []


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def result_message(rnd, taken):
    test = rnd.choice(sorted(TESTS))
    levels = {unit: rnd.choice(values) for unit, values in LEVELS.items()}
    score = rnd.randint(0, 1000)
    stamp = '%sT%02d:%02d:00%s' % (taken.isoformat(), rnd.randint(8, 15), rnd.randint(0, 59),
                                   rnd.choice(['Z', '+01:00', '+02:00']))
    message = {
        'datumtijd': stamp, 'auteur': 'Toetsdienst %d' % rnd.randint(1, 9),
        'versie': 'Doorstroomtoetsketen_v1.1', 'profiel': 'Leerlingtoetsresultaat',
        'schooljaar': '%d-%d' % (taken.year - 1, taken.year),
        'resultatenscores': {
            'id': 'rs-%d' % rnd.randint(1, 10**6),
            'deelnemerref': [{'label': 'LAS-key', 'onderwijsdeelnemerID': 'll-%d' % rnd.randint(1, 999)}],
            'versie': 'Definitief', 'toetsdefinitie': test,
            'afnamecontext': {'afname': {'id': 'af-1', 'afnametijdstip': stamp}},
            'scores': {'id': 'sc-1', 'scores': [
                {'label': 'Toetsscore', 'id': 's1', 'waarde': str(score)}]},
            'resultaten': {'resultaten': [{'label': 'Toetsadvies', 'waarde': rnd.choice(
                ['vmbo-bb', 'vmbo-kb', 'vmbo-gt/havo', 'havo', 'havo/vwo', 'vwo'])}] + [
                {'label': 'Referentieniveau', 'toetseenheid': u, 'waarde': v}
                for u, v in sorted(levels.items())]}},
        'toets': {'label': 'Doorstroomtoets', 'id': test, 'naam': 'Toets %s' % test},
    }
    return message, test, score, levels


def main():
    shutil.rmtree(WORKDIR, ignore_errors=True)
    os.makedirs(WORKDIR)
    rapport = os.path.join(WORKDIR, 'rapport.pdf')
    with open(rapport, 'wb') as f:
        f.write(PDF)
    imported = []
    for seed in range(1, SEEDS + 1):
        rnd = random.Random(seed)
        dossier = os.path.join(WORKDIR, 'dossier-%d.xml' % seed)
        rc, _, err = run(GEN, '--seed', str(seed), '--profile', 'OV-POVO', '-o', dossier)
        if rc != 0:
            failures.append('gen-dossier seed %d: %s' % (seed, err))
            continue
        datum = ET.parse(dossier).getroot().find(NS + 'metadata/' + NS + 'datum').text
        taken = datetime.date.fromisoformat(datum) - datetime.timedelta(days=rnd.randint(0, 90))
        message, test, score, levels = result_message(rnd, taken)
        result = os.path.join(WORKDIR, 'resultaat-%d.json' % seed)
        with open(result, 'w', encoding='utf-8') as f:
            json.dump(message, f, indent=2)
        rc, out, _ = run(OSO, 'doorstroomtoets', 'check', result)
        if rc != 0:
            failures.append('seed %d: generated message invalid: %s' % (seed, out))
            continue
        out_path = os.path.join(WORKDIR, 'bijgewerkt-%d.xml' % seed)
        rc, out, err = run(OSO, 'doorstroomtoets', 'import', result, '--rapport', rapport,
                           dossier, '-o', out_path)
        if rc != 0:
            failures.append('seed %d: import %d: %s %s' % (seed, rc, out, err))
            continue
        rc, out, _ = run(OSO, 'validate', '--rules', '+doorstroomtoets', '--format', 'json',
                         out_path)
        verdict = json.loads(out)
        errors = [d for d in verdict['diagnostics'] if d['severity'] == 'error']
        if rc != 0 or errors:
            failures.append('seed %d: imported dossier invalid: %s' % (seed, errors[:5]))
            continue
        block = ET.parse(out_path).getroot().find(
            './/' + NS + 'leerling/' + NS + 'eindtoets_basisonderwijs')
        res = block.find(NS + 'eindtoetsresultaat')
        got = (res.findtext(NS + 'toetssoort'), res.findtext(NS + 'datum_afname'),
               res.findtext('.//' + NS + 'standaardscore'))
        want = (TESTS[test], taken.isoformat(), str(score))
        if got != want:
            failures.append('seed %d: block holds %r, expected %r' % (seed, got, want))
        found = {c.text for c in block.iter() if c.tag.endswith('referentieniveau')}
        if found != {LEVEL_CODE[v.lower()] for v in levels.values()}:
            failures.append('seed %d: levels %r for %r' % (seed, found, levels))
        imported.append(out_path)

    # Generated dossiers are of different schools: one list each.
    for path in imported:
        lijst = path.replace('.xml', '.schooladviezen.json')
        rc, _, err = run(OSO, 'doorstroomtoets', 'schooladvies', path, '-o', lijst,
                         '--onderwijsaanbiedercode', '100B200', '--onderwijslocatiecode',
                         '200C300', '--administratienr', '1')
        if rc != 0:
            failures.append('schooladvies %s: %d %s' % (path, rc, err))
            continue
        rc, out, _ = run(OSO, 'doorstroomtoets', 'check', '--format', 'json', lijst)
        verdict = json.loads(out)
        entries = json.load(open(lijst, encoding='utf-8'))['voorlopigSchooladviezen']
        if rc != 0 or verdict['type'] != 'Schooladviezenlijst' or len(entries) != 1:
            failures.append('Schooladviezenlijst of %s: %s' % (path, out))
    for f in failures:
        print('FAIL:', f)
    print('%d dossier(s) bridged, %d failure(s)' % (len(imported), len(failures)))
    return 1 if failures or len(imported) < SEEDS else 0


sys.exit(main())
