#!/usr/bin/env python3
"""Every exported function (OSO_API) in include/oso/*.h has a Doxygen comment right before it,
and is exported by lib/liboso.map. Usage: check_header_docs.py SOURCE_ROOT"""
import glob
import os
import re
import sys

root = sys.argv[1]
mapfile = open(os.path.join(root, 'lib', 'liboso.map'), encoding='utf-8').read()
exported = set(re.findall(r'^\s+(oso_[a-z0-9_]+);', mapfile, re.M))
problems = []
count = 0
for path in sorted(glob.glob(os.path.join(root, 'include', 'oso', '*.h'))):
    text = open(path, encoding='utf-8').read()
    for m in re.finditer(r'^OSO_API[^;(]*?\b(oso_[a-z0-9_]+)\s*\(', text, re.M):
        count += 1
        name = m.group(1)
        before = text[:m.start()].rstrip()
        if not before.endswith('*/') or '/**' not in before[before.rfind('/*') - 1:before.rfind('/*') + 3]:
            problems.append('%s: %s has no Doxygen comment' % (os.path.basename(path), name))
        if name not in exported:
            problems.append('%s: %s is not in lib/liboso.map' % (os.path.basename(path), name))
for p in problems:
    print(p)
print('%d exported functions checked' % count)
sys.exit(1 if problems else 0)
