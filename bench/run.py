#!/usr/bin/env python3
"""Run liboso's benchmarks side by side with the references, in one run, and print a report.

Usage: bench/run.py [BUILD_DIR] [--xsd PATH] [--quick]

Measures (all on this machine, in this run):
  - throughput of parse, full validation, XML and JSON writing, next to a bare namespace-aware
    expat pass over the same bytes (bench_oso), and model memory relative to the input;
  - xmllint --noout --schema (XSD only) over the same files: many files in one process, and
    one file per process;
  - `oso validate` single-file latency (process start and embedded codelists included);
  - `oso validate -j 1` versus `-j 2` on a corpus;
  - Base64 decode (bench_base64) and attachment verification / streaming RSS
    (bench_attachments).
Nothing here asserts a time: the numbers go into doc/performance.md by hand.
The three corpora of issue 15 and their table (bare expat, xmllint, oso structure-only, oso full,
-j 2) come from bench/corpora.py.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw).stdout


def timed(cmd, reps=3):
    best = None
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    build = os.path.abspath(args[0] if args else 'build')
    quick = '--quick' in sys.argv
    xsd = None
    if '--xsd' in sys.argv:
        xsd = sys.argv[sys.argv.index('--xsd') + 1]
    else:
        guess = os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'oso-2019.1',
                             'OSO_gegevensset_2019.1.xsd')
        xsd = guess if os.path.exists(guess) else None
    oso = os.path.join(build, 'programs', 'oso')
    gen = os.path.join(build, 'tests', 'generator', 'gen-dossier')
    work = tempfile.mkdtemp(prefix='oso-bench-')
    try:
        small, big = os.path.join(work, 'small'), os.path.join(work, 'big')
        os.makedirs(small)
        os.makedirs(big)
        presets = ['OV-POVO', 'OV-POPO', 'OV-VOVO', 'OV-BB', 'PaO-POSWV', 'PaO-VOSWV']
        n = 5 if quick else 40
        for p in presets:
            for s in range(1, n + 1):
                run([gen, '--seed', str(s), '--profile', p, '-o', os.path.join(small, '%s-%d.xml' % (p, s))])
        for s in range(1, 3 if quick else 6):
            run([gen, '--seed', str(s), '--repeat', '12', '--profile', 'OV-POVO', '-o',
                 os.path.join(big, 'big-%d.xml' % s)])
        small_files = sorted(os.path.join(small, f) for f in os.listdir(small))
        big_files = sorted(os.path.join(big, f) for f in os.listdir(big))
        size = lambda fs: sum(os.path.getsize(f) for f in fs) / 1e6
        print('machine: %s, %d cores' % (os.uname().machine, os.cpu_count()))
        print('corpus: %d typical dossiers (%.1f MB, %.0f KB each), %d large (%.1f MB)\n' % (
            len(small_files), size(small_files), size(small_files) * 1e3 / len(small_files),
            len(big_files), size(big_files)))

        for name, files in (('typical dossiers', small_files), ('large dossiers', big_files)):
            print('== in-process throughput, %s ==' % name)
            print(run([os.path.join(build, 'bench', 'bench_oso'), '--reps', '3' if quick else '7'] + files))

        if xsd and shutil.which('xmllint'):
            print('== xmllint --noout --schema (XSD only) vs oso validate (everything) ==')
            for name, files in (('typical', small_files), ('large', big_files)):
                t_x = timed(['xmllint', '--noout', '--schema', xsd] + files)
                t_o = timed([oso, 'validate', '--format', 'json'] + files)
                print('%-8s one process: xmllint %.1f MB/s, oso validate %.1f MB/s (%.2fx)' % (
                    name, size(files) / t_x, size(files) / t_o, t_x / t_o))
            sample = small_files[:20]
            t_x = sum(timed(['xmllint', '--noout', '--schema', xsd, f], 1) for f in sample) / len(sample)
            t_o = sum(timed([oso, 'validate', f], 1) for f in sample) / len(sample)
            print('one file per process: xmllint %.1f ms, oso validate %.1f ms per file\n' % (
                t_x * 1e3, t_o * 1e3))
        else:
            print('(xmllint or the XSD not available: no XSD comparison)\n')

        print('== oso validate single-file latency (process start + embedded codelists) ==')
        lat = []
        for _ in range(30 if quick else 200):
            t0 = time.perf_counter()
            subprocess.run([oso, 'validate', small_files[0]], stdout=subprocess.DEVNULL)
            lat.append(time.perf_counter() - t0)
        lat.sort()
        print('median %.2f ms, p90 %.2f ms, min %.2f ms (%.0f KB file)\n' % (
            lat[len(lat) // 2] * 1e3, lat[int(len(lat) * 0.9)] * 1e3, lat[0] * 1e3,
            os.path.getsize(small_files[0]) / 1e3))

        many = small_files * (10 if quick else 25)
        print('== -j scaling (oso validate, %d files) ==' % len(many))
        t1 = timed([oso, 'validate', '-j', '1'] + many)
        t2 = timed([oso, 'validate', '-j', '2'] + many)
        print('-j 1: %.2f s, -j 2: %.2f s, speed-up %.2fx\n' % (t1, t2, t1 / t2))

        print('== peak RSS of oso validate on the largest file ==')
        # wait4 gives this child's own peak (RUSAGE_CHILDREN would include xmllint's).
        child = subprocess.Popen([oso, 'validate', big_files[-1]], stdout=subprocess.DEVNULL)
        peak_kb = os.wait4(child.pid, 0)[2].ru_maxrss
        child.returncode = 0
        print('%.1f MB for a %.1f MB file\n' % (peak_kb / 1e3, os.path.getsize(big_files[-1]) / 1e6))

        print('== Base64 decode ==')
        print(run([os.path.join(build, 'bench', 'bench_base64')]))
        print('== attachments ==')
        print(run([os.path.join(build, 'bench', 'bench_attachments')] + ([] if quick else ['--gb'])))
    finally:
        shutil.rmtree(work)


if __name__ == '__main__':
    main()
