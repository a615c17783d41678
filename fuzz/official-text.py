#!/usr/bin/env python3
"""Find inputs that carry text of the official example dossiers (which are not ours to commit).

Usage: fuzz/official-text.py EXAMPLES_DIR [--remove] FILE|DIR...  (DIRs are walked)

The marks of an official example are the 16-byte runs of its words (text and attribute values
with letters and a space, '@' or '.'; not Base64 or codes) and of its decoded attachments, and
its whole values of 8 bytes and more with 4 letters or more, that the project's own sources and
dossiers do not contain: an input holding one, mutated or not, holds text of the example. Every FILE (or every file in DIR) holding one is
listed, or deleted with --remove. Exit status 1 when any was found (and not removed), 0
otherwise; 77 (skipped) when EXAMPLES_DIR is absent (the official files are optional).
"""
import base64
import os
import re
import sys

OWN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')


WINDOW = 16


def marks(text):
    """Every 16-byte window of the example's words (text and attribute values) and of its
    attachments, decoded."""
    found = set()
    words = re.findall(rb'>([^<>]{16,})<', text) + re.findall(rb'="([^"]{16,})"', text)
    for piece in words:
        for i in range(len(piece) - WINDOW + 1):
            w = piece[i:i + WINDOW]
            # Words (not Base64 or codes, whose structure any ZIP of ours shares).
            if len(re.findall(rb'[A-Za-z]', w)) >= 4 and re.search(rb'[ @.]', w):
                found.add(w)
    for content in re.findall(rb'<bestandsinhoud>([^<]*)</bestandsinhoud>', text):
        try:
            data = base64.b64decode(re.sub(rb'&#13;|\s', b'', content))
        except ValueError:
            continue
        for i in range(len(data) - WINDOW + 1):
            w = data[i:i + WINDOW]
            if len(set(w)) >= 10:  # not a run of zeros or other filler every file has
                found.add(w)
    return found


def values(text):
    """Whole values of the example (element text, attribute values) of 8 bytes and more with 4
    letters or more, such as a product name: short enough to slip through the 16-byte windows,
    distinctive enough that an input holding one took it from the example."""
    found = set()
    for v in re.findall(rb'>\s*([^<>]{8,}?)\s*<', text) + re.findall(rb'="([^"]{8,})"', text):
        if len(re.findall(rb'[A-Za-z]', v)) >= 4:
            found.add(v)
    return found


def own_text():
    """The project's own sources and dossiers: a value found there (a place name in the
    anonymiser's lists, a code) is ours too, not a mark."""
    parts = []
    for root in ('lib', 'programs', 'standard', 'codelists', 'examples',
                 os.path.join('tests', 'generator'), os.path.join('tests', 'cases'),
                 os.path.join('tests', 'render')):
        for folder, _, files in os.walk(os.path.join(OWN, root)):
            for name in files:
                with open(os.path.join(folder, name), 'rb') as f:
                    parts.append(f.read())
    return b'\n'.join(parts)


def main():
    args = sys.argv[1:]
    remove = '--remove' in args
    args = [a for a in args if a != '--remove']
    if len(args) < 2:
        sys.exit(__doc__)
    examples, targets = args[0], args[1:]
    if not os.path.isdir(examples):
        print('%s not present: nothing to compare with (skipped)' % examples)
        return 77
    windows, whole = set(), set()
    for name in sorted(os.listdir(examples)):
        if name.endswith('.xml'):
            with open(os.path.join(examples, name), 'rb') as f:
                text = f.read()
            windows |= marks(text)
            whole |= values(text)
    own = own_text()
    whole = {v for v in whole if own.find(v) < 0}
    verdict = {}  # window -> whether it is a mark (not found in our own text)
    files = []
    for t in targets:
        if os.path.isdir(t):
            files += sorted(os.path.join(d, n) for d, _, names in os.walk(t) for n in names)
        else:
            files.append(t)
    hits = 0
    for path in files:
        with open(path, 'rb') as f:
            data = f.read()
        mark = None
        for i in range(len(data) - WINDOW + 1):
            w = data[i:i + WINDOW]
            if w in windows:
                if w not in verdict:
                    verdict[w] = own.find(w) < 0
                if verdict[w]:
                    mark = w
                    break
        if mark is None:
            mark = next((v for v in whole if v in data), None)
        if mark is None:
            continue
        hits += 1
        if remove:
            os.remove(path)
        else:
            print('%s: official example text %r' % (path, mark.decode('utf-8', 'replace')))
    if remove:
        print('removed %d of %d inputs holding official example text' % (hits, len(files)))
        return 0
    return 1 if hits else 0


if __name__ == '__main__':
    sys.exit(main())
