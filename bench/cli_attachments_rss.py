#!/usr/bin/env python3
"""Peak memory of the `oso` CLI on a dossier carrying many attachments (issue 14, point 9).

Writes the bundled sample dossier with N MiB of attachment content (default 1024: 16 documents,
each a stored ZIP of one 64 MiB PDF-like entry) to a temporary file, then runs
`oso validate --attachments` and `oso attachments verify` on it and prints each command's peak
RSS (VmHWM of the process, sampled every 10 ms) and wall time. The target: below 64 MB.

Usage: bench/cli_attachments_rss.py OSO SAMPLE_DOSSIER [--mb N] [--keep]
  e.g. bench/cli_attachments_rss.py build/programs/oso examples/sample-dossier.xml
"""
import base64
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile

ENTRY_MIB = 64


def peak_rss(cmd):
    """(peak RSS in KiB, seconds, exit status) of cmd, its output discarded."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while p.poll() is None:
        try:
            with open('/proc/%d/status' % p.pid) as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.01)
    return peak, time.monotonic() - start, p.returncode


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    oso, sample = args[0], args[1]
    mib = int(args[args.index('--mb') + 1]) if '--mb' in args else 1024
    keep = '--keep' in args
    count = max(1, mib // ENTRY_MIB)
    entry = b'%PDF-1.4\n' + os.urandom(ENTRY_MIB * 1024 * 1024 - 9)
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, 'w', zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo('bijlage.pdf', date_time=(2024, 1, 2, 3, 4, 6)), entry)
    del entry
    content = base64.encodebytes(zbuf.getvalue())
    del zbuf
    with open(sample, encoding='utf-8') as f:
        head, tail = f.read().split('</overigdocumentlijst>', 1)
    fd, path = tempfile.mkstemp(suffix='.xml')
    with os.fdopen(fd, 'wb') as out:
        out.write(head.encode('utf-8'))
        for i in range(count):
            out.write(b'<document><bestandsnaam>bijlage.pdf</bestandsnaam><bestandsinhoud>')
            out.write(content)
            out.write(b'</bestandsinhoud></document>\n')
        out.write(('</overigdocumentlijst>' + tail).encode('utf-8'))
    del content
    size = os.path.getsize(path)
    print('dossier: %.0f MB (%d attachments of %d MiB, %d MiB in all)'
          % (size / 1e6, count, ENTRY_MIB, count * ENTRY_MIB))
    try:
        for cmd in (['validate', '--attachments'], ['attachments', 'verify'], ['validate']):
            kib, secs, rc = peak_rss([oso] + cmd + [path])
            print('oso %-22s peak RSS %6.1f MB  %6.1f s  exit %d'
                  % (' '.join(cmd), kib * 1024 / 1e6, secs, rc))
    finally:
        if keep:
            print('kept', path)
        else:
            os.unlink(path)


if __name__ == '__main__':
    main()
