#!/usr/bin/env python3
"""`oso` for unattended batch use (issue 14) and escaping of text from dossiers and archives
(issue 13, item 5): one test per numbered defect of issue 14.

Usage: test_cli_batch.py OSO SAMPLE_DOSSIER MAN_PAGE
"""
import base64
import io
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zipfile

OSO, SAMPLE, MAN_PAGE = (os.path.abspath(a) for a in sys.argv[1:4])
LANG_VARS = ('OSO_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG')


def environment(**lang):
    env = {k: v for k, v in os.environ.items() if k not in LANG_VARS}
    env.update(lang)
    return env


def oso(*args, timeout=60, cwd=None, **lang):
    env = environment(**(lang or {'OSO_LANG': 'nl'}))
    r = subprocess.run([OSO, *args], capture_output=True, timeout=timeout, env=env, cwd=cwd)
    return r.returncode, r.stdout.decode('utf-8'), r.stderr.decode('utf-8')


def records(out):
    return [json.loads(line) for line in out.splitlines()]


def zip_bytes(entries, stored=False):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 2, 3, 4, 6)), data)
    return buf.getvalue()


def with_documents(path, documents):
    """The sample dossier with document blocks (bestandsnaam, zip bytes) added."""
    with open(SAMPLE, encoding='utf-8') as f:
        xml = f.read()
    blocks = ''.join('<document><bestandsnaam>%s</bestandsnaam><bestandsinhoud>%s</bestandsinhoud>'
                     '</document>\n' % (name, base64.encodebytes(data).decode('ascii'))
                     for name, data in documents)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(xml.replace('</overigdocumentlijst>', blocks + '</overigdocumentlijst>', 1))
    return path


def sanitized():
    """Whether the oso under test is built with AddressSanitizer (it links libasan)."""
    try:
        ldd = subprocess.run(['ldd', OSO], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True).stdout
    except OSError:
        return False
    return 'libasan' in ldd


class Batch(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        text = open(SAMPLE, encoding='utf-8').read()
        self.valid = os.path.join(self.dir, 'valid.xml')
        shutil.copy(SAMPLE, self.valid)
        self.invalid = os.path.join(self.dir, 'invalid.xml')
        with open(self.invalid, 'w', encoding='utf-8') as f:
            f.write(text.replace('<geslacht>1</geslacht>', '<geslacht>3</geslacht>', 1))

    def tearDown(self):
        self.tmp.cleanup()

    # 1. --recursive and symbolic-link loops
    def test_1_symlink_loop_visits_each_directory_once(self):
        a = os.path.join(self.dir, 'loop', 'a')
        os.makedirs(a)
        shutil.copy(SAMPLE, os.path.join(a, 'x.xml'))
        os.symlink('..', os.path.join(a, 'up'))
        os.symlink('..', os.path.join(a, 'up2'))
        os.symlink('x.xml', os.path.join(a, 'y.xml'))          # a link to a file is followed
        os.makedirs(os.path.join(self.dir, 'loop', '.hidden'))
        shutil.copy(SAMPLE, os.path.join(self.dir, 'loop', '.hidden', 'h.xml'))
        rc, out, err = oso('validate', '--recursive', '--format', 'json',
                           os.path.join(self.dir, 'loop'), timeout=20)
        self.assertEqual(rc, 0, err)
        self.assertEqual([r['file'] for r in records(out)],
                         [os.path.join(a, 'x.xml'), os.path.join(a, 'y.xml')])

    # 2. meldingen -o DIR and equal base names
    def test_2_meldingen_outputs_never_collide(self):
        for school in ('a', 'b'):
            os.makedirs(os.path.join(self.dir, 'schools', school))
        shutil.copy(self.invalid, os.path.join(self.dir, 'schools', 'a', 'dossier.xml'))
        shutil.copy(self.valid, os.path.join(self.dir, 'schools', 'b', 'dossier.xml'))
        out = os.path.join(self.dir, 'out')
        rc, _, err = oso('validate', '--format', 'meldingen', '-o', out, '--recursive',
                         os.path.join(self.dir, 'schools'))
        self.assertEqual(rc, 1, err)
        a = os.path.join(out, self.dir.lstrip('/'), 'schools', 'a', 'dossier.xml.meldingen.xml')
        b = os.path.join(out, self.dir.lstrip('/'), 'schools', 'b', 'dossier.xml.meldingen.xml')
        self.assertIn('<type>Fout</type>', open(a, encoding='utf-8').read())
        self.assertNotIn('<melding>', open(b, encoding='utf-8').read())
        # The same output twice: the second input is an error, the first output stays.
        rc, _, err = oso('validate', '--format', 'meldingen', '-o', 'o2', 'invalid.xml',
                         './invalid.xml', cwd=self.dir)
        self.assertEqual(rc, 2)
        self.assertIn('o2/invalid.xml.meldingen.xml', err)
        first = os.path.join(self.dir, 'o2', 'invalid.xml.meldingen.xml')
        self.assertIn('<type>Fout</type>', open(first, encoding='utf-8').read())

    # 3. inputs that cannot be read are accounted for
    def test_3_unreadable_inputs_in_json_and_text(self):
        missing = os.path.join(self.dir, 'missing.xml')
        inputs = [self.valid, missing, self.invalid, self.dir]
        rc, out, _ = oso('validate', '--format', 'json', *inputs)
        self.assertEqual(rc, 2)  # unreadable wins over invalid
        objs = records(out)
        self.assertEqual([o['file'] for o in objs], inputs)
        self.assertEqual([o['valid'] for o in objs], [True, None, False, None])
        for o in (objs[1], objs[3]):
            self.assertEqual([d['rule'] for d in o['diagnostics']], ['IO'])
            self.assertIsNone(o['profile'])
        rc, out, err = oso('validate', *inputs)
        self.assertEqual(rc, 2)
        self.assertEqual(err, '')
        lines = out.splitlines()
        self.assertIn(missing + ':0:0: IO: kan niet gelezen worden: bestand of map bestaat niet', lines)
        self.assertEqual(lines[-1], '4 bestand(en): 1 geldig, 1 ongeldig, 2 onleesbaar; '
                                    '1 fout(en), 0 waarschuwing(en)')

    # 4. a directory without --recursive is one unreadable input; the rest is validated
    def test_4_directory_without_recursive(self):
        rc, out, _ = oso('validate', '--format', 'json', '--lang', 'en', self.dir, self.invalid)
        self.assertEqual(rc, 2)
        objs = records(out)
        self.assertEqual([o['file'] for o in objs], [self.dir, self.invalid])
        self.assertIn('--recursive', objs[0]['diagnostics'][0]['message'])
        self.assertFalse(objs[1]['valid'])

    # 5. results stream at -j 1 (and -j 2): the first line before the last input is read
    def test_5_first_result_before_last_input_is_read(self):
        for jobs in ('1', '2'):
            fifo = os.path.join(self.dir, 'fifo%s.xml' % jobs)
            os.mkfifo(fifo)
            p = subprocess.Popen([OSO, 'validate', '--format', 'json', '-j', jobs, self.valid, fifo],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=environment(OSO_LANG='nl'))
            ready, _, _ = select.select([p.stdout], [], [], 20)
            first = p.stdout.readline() if ready else b''
            with open(fifo, 'wb') as f:  # only now is the last input written
                f.write(open(self.invalid, 'rb').read())
            rest = p.stdout.read()
            p.wait(20)
            p.stderr.close()
            p.stdout.close()
            self.assertTrue(first, 'no output before the last input was read (-j %s)' % jobs)
            self.assertEqual(json.loads(first)['file'], self.valid)
            self.assertEqual(json.loads(rest)['file'], fifo)

    # 6. one message for an unknown option
    def test_6_one_message_for_an_unknown_option(self):
        for cmd in (['validate'], ['convert', '--to', 'xml'], ['redact'], ['attachments', 'list']):
            rc, out, err = oso(*cmd, '--bogus', self.valid)
            self.assertEqual(rc, 2, cmd)
            self.assertEqual(len([l for l in err.splitlines() if '--bogus' in l]), 1, err)
            self.assertNotIn('unrecognized', err)
        rc, _, err = oso('validate', '--format')
        self.assertEqual(len(err.splitlines()), 1, err)

    # 7. one language per run, chosen by --lang, OSO_LANG, LC_ALL/LC_MESSAGES/LANG
    def test_7_language_by_environment(self):
        missing = os.path.join(self.dir, 'missing.xml')
        for lang, english in (({'LANG': 'en_US.UTF-8'}, True), ({'LANG': 'nl_NL.UTF-8'}, False),
                              ({}, False), ({'LC_ALL': 'nl_NL.UTF-8', 'LANG': 'en_US.UTF-8'}, False),
                              ({'LC_MESSAGES': 'en_GB.UTF-8', 'LANG': 'nl_NL'}, True),
                              ({'OSO_LANG': 'en', 'LC_ALL': 'nl_NL.UTF-8'}, True)):
            env = environment(**lang)
            r = subprocess.run([OSO, 'validate', self.invalid, missing], capture_output=True, env=env)
            out = r.stdout.decode()
            if english:
                self.assertIn('1 invalid, 1 unreadable', out, lang)
                self.assertIn('cannot be read: no such file', out, lang)
            else:
                self.assertIn('1 ongeldig, 1 onleesbaar', out, lang)
                self.assertIn('kan niet gelezen worden', out, lang)
        rc, out, _ = oso('validate', '--lang', 'nl', self.invalid, OSO_LANG='en')
        self.assertIn('bestand(en)', out)
        # convert's diagnostics follow the run's language too (they were always English).
        broken = os.path.join(self.dir, 'broken.xml')
        with open(broken, 'w') as f:
            f.write('<dossier')
        rc, _, err = oso('convert', '--to', 'json', broken, LANG='nl_NL.UTF-8')
        self.assertEqual(rc, 1)
        rc2, _, err_en = oso('convert', '--to', 'json', broken, LANG='en_US.UTF-8')
        self.assertNotEqual(err, err_en)
        # attachments list: no English library detail in a Dutch run.
        damaged = with_documents(os.path.join(self.dir, 'damaged.xml'),
                                 [('a.pdf', zip_bytes([('a.pdf', b'%PDF-1.4\n')])[:40])])
        rc, out, _ = oso('attachments', 'list', damaged)
        line = [l for l in out.splitlines() if 'onleesbaar' in l][0]
        self.assertNotIn('truncated', line)
        self.assertNotIn('archive', line)

    # 8. every limit can be raised (or lowered) on the command line; a refusal names it
    def test_8_limit_flags(self):
        rc, out, _ = oso('validate', '--format', 'json', '--limit', 'nodes=100', self.valid)
        self.assertEqual(rc, 1)
        d = records(out)[0]['diagnostics'][0]
        self.assertEqual(d['rule'], 'XML')
        self.assertIn('limiet nodes = 100', d['message'])
        self.assertIn('--limit nodes=N', d['message'])
        self.assertEqual(oso('validate', '--limit', 'nodes=1M', self.valid)[0], 0)
        rc, out, _ = oso('validate', '--lang', 'en', '--limit', 'depth=3', self.valid)
        self.assertIn('[limit depth = 3; raise it with --limit depth=N]', out)
        rc, out, _ = oso('validate', '--lang', 'en', '--limit', 'text=10', self.valid)
        self.assertIn('--limit text=N', out)
        rc, out, _ = oso('validate', '--lang', 'en', '--limit', 'input=1k', self.valid)
        self.assertIn('[limit input = 1024;', out)
        big = with_documents(os.path.join(self.dir, 'att.xml'),
                             [('a.txt', zip_bytes([('a.txt', b'x' * 5000)]))])
        for spec, rule in (('entry-size=100', 'ATT.ZIP_SIZE'), ('total-size=100', 'ATT.ZIP_TOTAL'),
                           ('entries=0', None)):
            rc, out, _ = oso('validate', '--attachments', '--lang', 'en', '--limit', spec, big)
            if rule:
                self.assertIn(': %s: ' % rule, out, spec)
                self.assertIn('raise it with --limit %s=N' % spec.split('=')[0], out)
            else:
                self.assertEqual(rc, 0, out)
        rc, out, _ = oso('attachments', 'verify', '--lang', 'en', '--limit', 'entry-size=100', big)
        self.assertIn('--limit entry-size=N', out)
        for bad in ('nodes=0', 'nodes=x', 'bogus=1', 'nodes', 'depth=99999999999'):
            rc, out, err = oso('validate', '--limit', bad, self.valid)
            self.assertEqual(rc, 2, bad)
            self.assertEqual(out, '')

    # 9. --attachments streams: memory does not grow with the attachments
    @unittest.skipIf(sanitized(), 'a sanitizer build keeps shadow memory: RSS says nothing there')
    def test_9_attachments_bounded_memory(self):
        payload = os.urandom(48 << 20)
        path = with_documents(os.path.join(self.dir, 'heavy.xml'),
                              [('a.pdf', zip_bytes([('a.pdf', b'%PDF-1.4\n' + payload)], stored=True))])
        del payload
        p = subprocess.Popen([OSO, 'validate', '--attachments', '--format', 'json', path],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=environment(OSO_LANG='nl'))
        peak_kb = 0
        out = []
        reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
        reader.start()
        while p.poll() is None:  # VmHWM: the process's own peak RSS (fresh after exec)
            try:
                with open('/proc/%d/status' % p.pid) as f:
                    for line in f:
                        if line.startswith('VmHWM:'):
                            peak_kb = max(peak_kb, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.01)
        reader.join()
        p.stdout.close()
        self.assertIn(p.returncode, (0, 1))
        self.assertEqual(records(out[0].decode())[0]['file'], path)
        self.assertGreater(peak_kb, 0)
        self.assertLess(peak_kb, 32 * 1024, 'peak RSS %d KiB for 48 MiB of attachments' % peak_kb)

    # 10. info findings only with --verbose in text; JSON always; --quiet
    def test_10_quiet_and_verbose(self):
        rc, out, _ = oso('validate', self.valid, self.invalid)
        self.assertNotIn('info:', out)
        self.assertIn(self.valid + ': geldig', out.splitlines())
        rc, out, _ = oso('validate', '--verbose', self.valid)
        self.assertIn(': CL.gba-landen: info: ', out)
        rc, out, _ = oso('validate', '--format', 'json', self.valid)
        self.assertIn('info', [d['severity'] for d in records(out)[0]['diagnostics']])
        rc, out, _ = oso('validate', '--quiet', self.valid, self.invalid)
        self.assertNotIn(self.valid, out)
        self.assertIn(self.invalid + ':', out)
        self.assertTrue(out.splitlines()[-1].startswith('2 bestand(en): 1 geldig, 1 ongeldig'))

    # 11. help: every option with its default and an example; oso help; the man page in step
    def test_11_help(self):
        rc, out, _ = oso('validate', '--help', OSO_LANG='en')
        self.assertEqual(rc, 0)
        options = ('--format', '--profile', '--codelists', '--attachments', '--strict', '--rules',
                   '--lang', '-j, --jobs', '--recursive', '--output', '--quiet', '--verbose',
                   '--progress', '--no-progress', '--limit')
        for option in options:
            self.assertIn(option, out)
        self.assertIn('default 1; 0: one per processor', out)
        self.assertIn('*.xml', out)
        self.assertIn('Examples:', out)
        for limit in ('depth', 'nodes', 'text', 'input', 'entries', 'entry-size', 'total-size', 'ratio'):
            self.assertIn('      %s ' % limit, out)
        self.assertEqual(oso('help', 'validate', OSO_LANG='en')[1], out)
        rc, out, _ = oso('help')
        self.assertEqual(rc, 0)
        man = open(MAN_PAGE, encoding='utf-8').read().replace('\\-', '-')
        for option in options + ('--omit-attachments', '--dir', '--force'):
            self.assertTrue(option.split(', ')[-1] in man, 'oso(1) lacks %s' % option)
        for text in ('entry-size', 'total-size', 'OSO_LANG', 'unreadable', 'no verdict'):
            self.assertTrue(text in man, 'oso(1) lacks %s' % text)

    # progress: a single updating line on a terminal after about 2 s, never in a pipe
    def test_progress_on_a_terminal_only(self):
        def run(stderr_tty):
            fifo = os.path.join(self.dir, 'slow%d.xml' % stderr_tty)
            os.mkfifo(fifo)
            feeder = threading.Timer(2.6, lambda: open(fifo, 'wb').write(open(self.valid, 'rb').read()))
            feeder.start()
            if stderr_tty:
                master, slave = pty.openpty()
                p = subprocess.Popen([OSO, 'validate', self.valid, fifo], stdout=subprocess.PIPE,
                                     stderr=slave, env=environment(OSO_LANG='en'))
                os.close(slave)
                p.stdout.read()
                p.wait(30)
                err = b''
                while select.select([master], [], [], 0.5)[0]:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    err += chunk
                os.close(master)
                p.stdout.close()
            else:
                p = subprocess.run([OSO, 'validate', self.valid, fifo], capture_output=True,
                                   env=environment(OSO_LANG='en'))
                err = p.stderr
            feeder.join()
            return err.decode()
        self.assertIn('1/2 files', run(True))
        self.assertEqual(run(False), '')

    # issue 13 item 5: control characters from dossiers and archives are escaped, NUL too
    def test_escaping_of_names(self):
        name_x = 'okXtxt'
        data = zip_bytes([('ok.txt' + 'X.exe', b'tekst\n'), ('evil\x1b[2J\n.txt', b'tekst\n')])
        data = data.replace(b'ok.txtX.exe', b'ok.txt\x00.exe')
        path = with_documents(os.path.join(self.dir, 'esc.xml'), [('v\x1bx.txt'.replace('\x1b', ''), data)])
        rc, out, _ = oso('attachments', 'list', path)
        self.assertNotIn('\x1b', out)
        self.assertIn('  inhoud: ok.txt\\x00.exe (', out)
        self.assertIn('  inhoud: evil\\e[2J\\n.txt (', out)
        outdir = os.path.join(self.dir, 'x')
        rc, out, err = oso('attachments', 'extract', '--lang', 'en', '--dir', outdir, path)
        self.assertNotIn('\x1b', err + out)
        self.assertIn("entry 'ok.txt\\x00.exe' is written as 'ok.txt'", err)
        self.assertIn("entry 'evil\\e[2J\\n.txt' is written as 'evil_[2J_.txt'", err)
        del name_x
        # A file name with a newline cannot forge a result line.
        odd = os.path.join(self.dir, 'a\nb.xml')
        shutil.copy(self.invalid, odd)
        rc, out, _ = oso('validate', odd)
        self.assertTrue(all(l.startswith(self.dir) or l[0].isdigit() for l in out.splitlines()), out)
        self.assertIn('a\\nb.xml:', out)


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1])
