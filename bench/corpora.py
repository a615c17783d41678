#!/usr/bin/env python3
"""Make the three corpora of the performance table with our own generator (gen-dossier).

Usage: bench/corpora.py BUILD_DIR OUT_DIR [--full]

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
import subprocess
import sys
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


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(args) != 2:
        sys.exit(__doc__)
    for name, files in make(os.path.abspath(args[0]), args[1], '--full' in sys.argv).items():
        size = sum(os.path.getsize(f) for f in files)
        print('%-7s %5d files %8.1f MB' % (name, len(files), size / 1e6))
