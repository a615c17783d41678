#!/usr/bin/env python3
"""`oso validate`, `oso convert`, `oso redact` and `oso version` as the CLI contract (oso(1)) specifies
them: output formats, ordering with -j, exit codes, options.

Usage: test_cli_validate.py OSO GEN_DOSSIER SAMPLE_DOSSIER
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

OSO, GEN, SAMPLE = sys.argv[1:4]
MELDINGEN_NS = '{http://www.edustandaard.nl/oso_gegevensset/2019/schemas/Meldingen}'


def oso(*args, stdin=None):
    return subprocess.run([OSO] + list(args), input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.valid = SAMPLE
        cls.generated = []
        os.makedirs(os.path.join(d, 'gen'))
        for seed in range(1, 9):
            path = os.path.join(d, 'gen', 'gen%d.xml' % seed)
            subprocess.run([GEN, '--seed', str(seed), '--profile', 'PaO-POSWV', '-o', path], check=True)
            cls.generated.append(path)
        cls.invalid = os.path.join(d, 'invalid.xml')
        text = open(SAMPLE, encoding='utf-8').read()
        with open(cls.invalid, 'w', encoding='utf-8') as f:  # geslacht 3: CL14
            f.write(text.replace('<geslacht>1</geslacht>', '<geslacht>3</geslacht>', 1))
        cls.broken = os.path.join(d, 'broken.xml')
        with open(cls.broken, 'w') as f:
            f.write(text[:500])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exit_codes(self):
        self.assertEqual(oso('validate', self.valid).returncode, 0)
        self.assertEqual(oso('validate', self.valid, self.invalid).returncode, 1)
        self.assertEqual(oso('validate', self.broken).returncode, 1)
        self.assertEqual(oso('validate', '/nonexistent/x.xml').returncode, 2)
        self.assertEqual(oso('validate').returncode, 2)
        self.assertEqual(oso('validate', '--format', 'yaml', self.valid).returncode, 2)
        self.assertEqual(oso('nonsense').returncode, 2)

    def test_text_format(self):
        r = oso('validate', '--lang', 'en', self.invalid)
        lines = r.stdout.decode().splitlines()
        diag = [l for l in lines if re.match(r'^.+:\d+:\d+: [A-Za-z0-9.\-]+: ', l)]
        self.assertTrue(any(': CL14: ' in l for l in diag), lines)
        self.assertRegex(lines[-1], r'^1 file\(s\): 0 valid, 1 invalid')
        nl = oso('validate', self.invalid).stdout.decode().splitlines()[-1]
        self.assertRegex(nl, r'^1 bestand\(en\): 0 geldig, 1 ongeldig')

    def test_json_lines_in_input_order_with_jobs(self):
        files = self.generated + [self.invalid, self.valid, self.broken]
        for jobs in ('1', '2'):
            r = oso('validate', '--format', 'json', '-j', jobs, *files)
            objs = [json.loads(l) for l in r.stdout.decode().splitlines()]
            self.assertEqual([o['file'] for o in objs], files)
            self.assertEqual(set(objs[0]), {'file', 'valid', 'profile', 'diagnostics'})
            by_file = {o['file']: o for o in objs}
            self.assertTrue(by_file[self.valid]['valid'])
            self.assertEqual(by_file[self.valid]['profile'], 'OV')
            self.assertEqual(by_file[self.generated[0]]['profile'], 'PaO')
            self.assertFalse(by_file[self.broken]['valid'])
            self.assertEqual(by_file[self.broken]['diagnostics'][0]['rule'], 'XML')
            cl = [d for d in by_file[self.invalid]['diagnostics'] if d['rule'] == 'CL14']
            self.assertEqual(len(cl), 1)
            self.assertEqual(cl[0]['path'], '/dossier[1]/huidigeschool[1]/leerling[1]/geslacht[1]')
            self.assertEqual(set(cl[0]), {'rule', 'severity', 'path', 'line', 'column', 'message'})
            self.assertGreater(cl[0]['line'], 0)
            self.assertEqual(r.returncode, 1)

    def test_meldingen(self):
        r = oso('validate', '--format', 'meldingen', self.invalid)
        root = ET.fromstring(r.stdout)
        self.assertEqual(root.tag, MELDINGEN_NS + 'meldingen')
        meldingen = root.findall(MELDINGEN_NS + 'melding')
        self.assertTrue(meldingen)
        for m in meldingen:
            self.assertEqual([c.tag for c in m], [MELDINGEN_NS + t for t in ('type', 'locatie', 'tekst')])
            self.assertEqual(m.find(MELDINGEN_NS + 'type').text, 'Fout')
        empty = ET.fromstring(oso('validate', '--format', 'meldingen', self.valid).stdout)
        self.assertEqual(len(empty), 0)  # info findings are not written
        # several files need -o DIR; one document each
        self.assertEqual(oso('validate', '--format', 'meldingen', self.valid, self.invalid).returncode, 2)
        out = os.path.join(self.tmp.name, 'meldingen')
        r = oso('validate', '--format', 'meldingen', '-o', out, self.valid, self.invalid)
        self.assertEqual(r.returncode, 1)
        # Each output mirrors the input's path below DIR (issue 14: no base-name collisions).
        for f in (self.valid, self.invalid):
            self.assertTrue(os.path.isfile(os.path.join(out, f.lstrip('/') + '.meldingen.xml')), f)
        broken = ET.fromstring(oso('validate', '--format', 'meldingen', self.broken).stdout)
        self.assertEqual(broken.find(MELDINGEN_NS + 'melding/' + MELDINGEN_NS + 'locatie').text, '/[1]')

    def test_stdin_and_directories(self):
        data = open(self.invalid, 'rb').read()
        r = oso('validate', '--format', 'json', '-', stdin=data)
        self.assertEqual(json.loads(r.stdout)['file'], '-')
        self.assertEqual(r.returncode, 1)
        d = os.path.dirname(self.generated[0])
        self.assertEqual(oso('validate', d).returncode, 2)
        r = oso('validate', '--recursive', '--format', 'json', self.tmp.name)
        files = [json.loads(l)['file'] for l in r.stdout.decode().splitlines()]
        for g in self.generated:
            self.assertIn(g, files)  # found below the directory, in sorted order
        self.assertEqual(files, sorted(files))

    def test_options(self):
        strict = oso('validate', '--format', 'json', '--strict', *self.generated)
        plain = oso('validate', '--format', 'json', *self.generated)
        warned = [json.loads(l) for l in plain.stdout.decode().splitlines()]
        self.assertTrue(all(o['valid'] for o in warned))
        has_warning = [any(d['severity'] == 'warning' for d in o['diagnostics']) for o in warned]
        strict_valid = [json.loads(l)['valid'] for l in strict.stdout.decode().splitlines()]
        self.assertEqual(strict_valid, [not w for w in has_warning])
        none = json.loads(oso('validate', '--format', 'json', '--profile', 'none', self.valid).stdout)
        self.assertIsNone(none['profile'])
        pao = json.loads(oso('validate', '--format', 'json', '--profile', 'PaO', self.valid).stdout)
        self.assertIn('PaO.SO03', [d['rule'] for d in pao['diagnostics']])
        only_structure = json.loads(oso('validate', '--format', 'json', '--rules',
                                        '-codelists,-general,-categories,-profile', self.invalid).stdout)
        self.assertTrue(only_structure['valid'])
        self.assertEqual(oso('validate', '--rules', '+nonsense', self.valid).returncode, 2)

    def test_codelists_overlay_changes_verdict(self):
        lists = os.path.join(self.tmp.name, 'lists')
        os.makedirs(lists, exist_ok=True)
        with open(os.path.join(lists, '14.tsv'), 'w', encoding='utf-8') as f:
            f.write('# list: 14\n# name: Geslacht\n# version: 2030-01-01\n'
                    '0\tOnbekend\n1\tVrouw\n2\tMan\n3\tAnders\n')
        self.assertEqual(oso('validate', self.invalid).returncode, 1)
        self.assertEqual(oso('validate', '--codelists', lists, self.invalid).returncode, 0)
        with open(os.path.join(lists, '14.tsv'), 'a', encoding='utf-8') as f:
            f.write('no tab here\n')
        r = oso('validate', '--codelists', lists, self.invalid)
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr.decode(), r'14\.tsv:8')

    def test_convert_and_redact_and_version(self):
        out = os.path.join(self.tmp.name, 'out.xml')
        self.assertEqual(oso('convert', '--to', 'xml', self.valid, '-o', out).returncode, 0)
        self.assertEqual(oso('validate', out).returncode, 0)
        j = json.loads(oso('convert', '--to', 'json', '--compact', self.valid).stdout)
        self.assertIn('dossier', j)
        self.assertEqual(oso('convert', '--to', 'xml', self.broken).returncode, 1)
        self.assertEqual(oso('convert', self.valid).returncode, 2)
        red = os.path.join(self.tmp.name, 'red.xml')
        r = oso('redact', '--release', 'OV-POVO-opt-out', self.valid, '-o', red)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn('<eindtoets_basisonderwijs>', open(red, encoding='utf-8').read())
        r = oso('redact', '--release', 'vve=VERPLICHT', self.valid, '-o', red)
        self.assertEqual(r.returncode, 1)
        self.assertIn('OS.cat06', r.stderr.decode())
        self.assertEqual(oso('redact', '--release', 'vve=MAYBE', self.valid, '-o', red).returncode, 2)
        self.assertRegex(oso('version').stdout.decode(), r'^oso \d+\.\d+\.\d+')


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1])
