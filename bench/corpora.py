#!/usr/bin/env python3
"""Make the three corpora of the performance table with our own generator (gen-dossier).

Usage: bench/corpora.py BUILD_DIR [--full] [--rounds N] [--instructions] [--keep DIR] [--xsd PATH]

Makes the corpora (in a temporary folder, or DIR) and prints the issue-15 table: per corpus the
bare namespace-aware expat pass (bench_oso --pass expat, a whole process reading the files),
`xmllint --noout --schema` (XSD only), `oso validate` structure only (all rule groups off),
`oso validate` full (the default rules), and full with -j 2; every ratio is taken against the
expat pass of the same round, and the medians of the rounds are printed. --instructions counts
instructions with callgrind instead of wall time (one round: the counts do not vary), for a
machine too loaded for wall-clock figures. Last the peak RSS of full validation of the dense
and the attachment dossier relative to their size (with /usr/bin/time), and the single-file
latency (process start included). In wall time also the speed-up of -j 2 over -j 1 on the batch,
next to that of two independent processes on half the batch each (the machine's own ceiling).

  batch/   dossiers (profile presets in turn) whose attachments are enlarged until about 75 % of
           the bytes are Base64: 200 of about 110 KB (--full: 2,000, about 200 MB);
  dense/   one markup-dense dossier (--repeat raised until it reaches 10 MB; --full: 100 MB);
  attach/  one dossier whose attachments add up to 20 MB (--full: 200 MB).

The generator's attachments are small ZIPs (a PDF, PNG, DOCX or TXT). To reach a realistic share
of attachment bytes each ZIP is rebuilt with its entry padded (appended bytes: file-type
detection reads the head) and stored, then written back in the generator's layout (76-column
Base64 lines ending in a character reference for CR). The dossiers stay valid.
"""
import base64
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

PRESETS = ['OV-POVO', 'OV-POPO', 'OV-VOVO', 'OV-BB', 'PaO-POSWV', 'PaO-VOSWV']
CONTENT = re.compile(rb'(<bestandsinhoud>)(.*?)(</bestandsinhoud>)', re.S)


def gen(build, out, *args):
    subprocess.run([os.path.join(build, 'tests', 'generator', 'gen-dossier'), *args, '-o', out],
                   check=True)


def enlarged(b64, pad, rnd):
    """The attachment `b64` (a ZIP) with its entries padded by `pad` bytes in all."""
    raw = base64.b64decode(re.sub(rb'&#13;|\s', b'', b64))
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as dst:
        infos = src.infolist()
        for i, info in enumerate(infos):
            data = src.read(info)
            if i == 0 and pad > 0 and info.filename.endswith('.txt'):
                data += b'tekst ' * (pad // 6)
            elif i == 0 and pad > 0:
                data += rnd.randbytes(pad)  # incompressible, like real scans
            dst.writestr(info.filename, data)
    text = base64.b64encode(out.getvalue())
    return b'&#13;\n'.join(text[i:i + 76] for i in range(0, len(text), 76))


def with_attachment_bytes(path, target_b64, seed):
    """Rewrite `path` so its attachments hold about `target_b64` bytes of Base64 in all."""
    xml = open(path, 'rb').read()
    found = CONTENT.findall(xml)
    if not found:
        return False
    rnd = random.Random(seed)
    per_doc = max(0, target_b64 // len(found) * 3 // 4)
    xml = CONTENT.sub(lambda m: m.group(1) + enlarged(m.group(2), per_doc, rnd) + m.group(3), xml)
    open(path, 'wb').write(xml)
    return True


def batch(build, out, count, share=0.72):
    os.makedirs(out, exist_ok=True)
    files, seed = [], 0
    while len(files) < count:
        seed += 1
        path = os.path.join(out, 'd%05d.xml' % seed)
        gen(build, path, '--seed', str(seed), '--profile', PRESETS[seed % len(PRESETS)])
        xml = open(path, 'rb').read()
        markup = len(xml) - sum(len(m[1]) for m in CONTENT.findall(xml))
        if not with_attachment_bytes(path, int(markup * share / (1 - share)), seed):
            os.remove(path)  # no document to carry an attachment
            continue
        files.append(path)
    return files


def dense(build, out, target):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, 'dense.xml')
    repeat = 8
    while True:
        gen(build, path, '--seed', '1', '--repeat', str(repeat), '--optional', '100')
        if os.path.getsize(path) >= target:
            return [path]
        repeat += 1 + repeat // 8


def attach(build, out, target):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, 'attach.xml')
    gen(build, path, '--seed', '7', '--profile', 'OV-POVO')
    with_attachment_bytes(path, target, 7)
    return [path]


def make(build, out, full=False):
    mb = 1000 * 1000
    return {
        'batch': batch(build, os.path.join(out, 'batch'), 2000 if full else 200),
        'dense': dense(build, os.path.join(out, 'dense'), (100 if full else 10) * mb),
        'attach': attach(build, os.path.join(out, 'attach'), (200 if full else 20) * mb),
    }


def measure(cmd, instructions):
    """Seconds of wall time, or instructions counted by callgrind."""
    if instructions:
        out = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null'] + cmd,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        return float(re.search(r'Collected : (\d+)', out).group(1))
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def peak_rss(cmd):
    """Peak RSS in bytes of `cmd`, through /usr/bin/time (None without it). A child of this
    process would not do: exec keeps the peak of the memory it replaces, and a child spawned by
    Python starts out in Python's (vfork), so wait4 would report this script's own size."""
    if not os.path.exists('/usr/bin/time'):
        return None
    out = subprocess.run(['/usr/bin/time', '-f', 'maxrss %M'] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr
    return int(re.search(r'maxrss (\d+)', out).group(1)) * 1024


def parallel(full, files, rounds):
    """-j 2 against -j 1 on the batch, next to what the machine gives two independent
    processes (each validating half the files, at the same time) against one process."""
    def both_halves():
        t0 = time.perf_counter()
        half = len(files) // 2
        procs = [subprocess.Popen(full + part, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for part in (files[:half], files[half:])]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - t0
    j2, two = [], []
    for _ in range(rounds):
        one = measure(full + files, False)
        j2.append(one / measure(full + ['-j', '2'] + files, False))
        two.append(one / both_halves())
    print("batch, speed-up over one job: -j 2 %.2fx; two processes on half the files each %.2fx "
          "(the machine's ceiling for two workers)" % (statistics.median(j2), statistics.median(two)))


def table(build, corpora, xsd, rounds, instructions):
    oso = os.path.join(build, 'programs', 'oso')
    full = [oso, 'validate', '--format', 'json', '--limit', 'nodes=100000000']
    columns = [('bare expat', [os.path.join(build, 'bench', 'bench_oso'), '--pass', 'expat'])]
    if xsd and shutil.which('xmllint'):
        columns.append(('xmllint --schema', ['xmllint', '--noout', '--schema', xsd]))
    columns += [('oso structure', full + ['--rules', '-codelists,-general,-categories,-profile']),
                ('oso full', full), ('oso full -j 2', full + ['-j', '2'])]
    unit = 'instructions' if instructions else 'wall time'
    print('ratios to the bare expat pass (higher is faster), medians of %d round(s), %s' %
          (rounds, unit))
    print('%-8s %9s' % ('corpus', 'MB') + ''.join(' %17s' % c[0] for c in columns) +
          '  oso full / xmllint')
    for name, files in corpora.items():
        ratios = {c[0]: [] for c in columns}
        vs_xmllint = []
        expat_rate = []
        for _ in range(rounds):
            cost = {c[0]: measure(c[1] + files, instructions) for c in columns}
            for c in columns:
                ratios[c[0]].append(cost['bare expat'] / cost[c[0]])
            if 'xmllint --schema' in cost:
                vs_xmllint.append(cost['xmllint --schema'] / cost['oso full'])
            expat_rate.append(cost['bare expat'])
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        rate = '' if instructions else ' (expat %.0f MB/s)' % (mb / statistics.median(expat_rate))
        print('%-8s %9.1f' % (name, mb) +
              ''.join(' %16.2fx' % statistics.median(ratios[c[0]]) for c in columns) +
              ('  %.2fx' % statistics.median(vs_xmllint) if vs_xmllint else '') + rate)
    if not instructions:
        parallel(full, corpora['batch'], rounds)
    for name in ('dense', 'attach'):
        path = corpora[name][0]
        peak = peak_rss(full + [path])
        print('peak RSS, full validation of the %s dossier: %s' % (name, 'not measured (needs '
              '/usr/bin/time)' if peak is None else '%.1f MB = %.2fx its %.1f MB' % (
                  peak / 1e6, peak / os.path.getsize(path), os.path.getsize(path) / 1e6)))
    one = corpora['batch'][0]
    lat = sorted(measure([oso, 'validate', one], False) for _ in range(100))
    print('single file (%.0f KB), process start to exit: median %.2f ms' % (
        os.path.getsize(one) / 1e3, lat[len(lat) // 2] * 1e3))


if __name__ == '__main__':
    args = [a for i, a in enumerate(sys.argv[1:]) if not a.startswith('--') and
            sys.argv[i] not in ('--rounds', '--keep', '--xsd')]
    if len(args) != 1:
        sys.exit(__doc__)
    opt = lambda name, default: sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default
    xsd = opt('--xsd', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                   'shared', 'oso-2019.1', 'OSO_gegevensset_2019.1.xsd'))
    instructions = '--instructions' in sys.argv
    out = opt('--keep', None) or tempfile.mkdtemp(prefix='oso-corpora-')
    try:
        corpora = make(os.path.abspath(args[0]), out, '--full' in sys.argv)
        for name, files in corpora.items():
            size = sum(os.path.getsize(f) for f in files)
            print('%-7s %5d files %8.1f MB' % (name, len(files), size / 1e6))
        table(os.path.abspath(args[0]), corpora, xsd if os.path.exists(xsd) else None,
              1 if instructions else int(opt('--rounds', '3')), instructions)
    finally:
        if '--keep' not in sys.argv:
            shutil.rmtree(out)
