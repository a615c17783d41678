#!/usr/bin/env python3
"""The include graph of lib/ follows the documented layers.

Usage: check_layers.py SOURCE_ROOT

Reads the layer order from the ```layers block of doc/architecture.md (one layer per line,
lowest first; folders on one line are peers), then every #include "..." of lib/ and fails when:
- a file includes a private header of a higher layer, or of a peer folder;
- a lib/ folder is missing from the layer order (a new module must be placed in it);
- private headers include each other in a circle;
- code outside lib/model and the parser reads the model's node link fields (parent,
  first_child, next_sibling) instead of the navigation API (lib/model/navigate.h).
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
LINK_FIELD = re.compile(r'(->|\.)(parent|first_child|next_sibling)\b')
LINK_OWNERS = ('lib/model/', 'lib/xml/parse.c')
GENERATED = {'codelists_embedded.h': 'codelists'}  # built into the build tree by its module


def read_layers(root):
    text = open(os.path.join(root, 'doc', 'architecture.md'), encoding='utf-8').read()
    m = re.search(r'```layers\n(.*?)```', text, re.S)
    if m is None:
        sys.exit('check_layers: doc/architecture.md has no ```layers block')
    layer = {}
    for level, line in enumerate(l for l in m.group(1).splitlines() if l.strip()):
        for folder in line.split():
            layer[folder] = level
    return layer


def module_of(header):
    """Folder of a private include ("model/model.h" -> "model"), None for public ones."""
    if header in GENERATED:
        return GENERATED[header]
    if header.startswith('oso/') or '/' not in header:
        return None
    return header.split('/', 1)[0]


def main(root):
    layer = read_layers(root)
    lib = os.path.join(root, 'lib')
    problems = []
    graph = {}
    for folder in sorted(os.listdir(lib)):
        if not os.path.isdir(os.path.join(lib, folder)):
            continue
        if folder not in layer:
            problems.append('lib/%s/ is not placed in the layer order of doc/architecture.md' % folder)
            continue
        for name in sorted(os.listdir(os.path.join(lib, folder))):
            if not name.endswith(('.c', '.h')):
                continue
            rel = 'lib/%s/%s' % (folder, name)
            text = open(os.path.join(root, rel), encoding='utf-8').read()
            graph[rel] = []
            for header in INCLUDE.findall(text):
                target = module_of(header)
                if target is None:
                    if '/' not in header and header not in GENERATED:
                        problems.append('%s: include "%s" does not name its module folder'
                                        % (rel, header))
                    continue
                if target not in layer:
                    problems.append('%s: includes "%s" of unknown module %s' % (rel, header, target))
                    continue
                if target != folder and layer[target] >= layer[folder]:
                    kind = 'a peer' if layer[target] == layer[folder] else 'a higher layer'
                    problems.append('%s (%s) includes "%s" of %s (%s)'
                                    % (rel, folder, header, kind, target))
                if header not in GENERATED:
                    graph[rel].append('lib/' + header)
            if not rel.startswith(LINK_OWNERS):
                for n, line in enumerate(text.splitlines(), 1):
                    if LINK_FIELD.search(line) and not line.lstrip().startswith(('/*', '*')):
                        problems.append('%s:%d reads a node link field; use lib/model/navigate.h'
                                        % (rel, n))
    # Circles among files (headers including headers, back to the start).
    state = {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                problems.append('include circle: ' + ' -> '.join(stack[stack.index(nxt):] + [nxt]))
            elif state.get(nxt) is None:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [])
    for p in problems:
        print('check_layers: ' + p)
    print('check_layers: %d files, %d modules in %d layers, %d problems'
          % (len(graph), len(set(layer)), len(set(layer.values())), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
