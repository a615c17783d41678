#!/usr/bin/env python3
"""Every rule id the library can report is documented (doc/rules.md or doc/attachments.md).

Usage: check_rules_doc.py SOURCE_ROOT

Rule ids are found as string literals in lib/**/*.c; ids built with a format ("OS.cat%02d",
"%s.MD01") are expanded from the formats' known arguments.
"""
import glob
import os
import re
import sys

root = sys.argv[1]
ids = set()
for path in glob.glob(os.path.join(root, 'lib', '**', '*.c'), recursive=True):
    text = open(path, encoding='utf-8').read()
    ids |= set(re.findall(r'"((?:OVa|OVb|PaO|OG|DT|DTM|ATT)\.[A-Za-z0-9_]+)"', text))
    for fmt in re.findall(r'"%s\.([A-Z]{2}[0-9]{2})"', text):
        ids |= {p + '.' + fmt for p in ('OVa', 'OVb', 'PaO')
                if not (p == 'OVb' and fmt.startswith('SL'))}
    if '"OS.cat%02d"' in text:
        ids |= {'OS.cat%02d' % n for n in range(1, 17)}
docs = ''
for name in ('rules.md', 'attachments.md'):
    p = os.path.join(root, 'doc', name)
    if os.path.exists(p):
        docs += open(p, encoding='utf-8').read()
documented = set(re.findall(r'`([A-Za-z]+\.[A-Za-z0-9_]+)`', docs))
# Ranges written as `OS.cat01`..`OS.cat16` cover the ids between.
for prefix, lo, hi in re.findall(r'`([A-Za-z]+\.[A-Za-z]+?)(\d+)`\.\.`[A-Za-z]+\.[A-Za-z]+?(\d+)`', docs):
    width = len(lo)
    documented |= {'%s%0*d' % (prefix, width, n) for n in range(int(lo), int(hi) + 1)}
missing = sorted(i for i in ids if i not in documented)
if missing:
    print('undocumented rule ids:', ' '.join(missing))
    sys.exit(1)
print('%d rule ids, all documented' % len(ids))
