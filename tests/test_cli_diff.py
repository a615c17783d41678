"""`oso diff` on generated dossier pairs with known edits (doc/diff.md).

Usage: test_cli_diff.py OSO GEN_DOSSIER IDENTITY_TSV [INPUT...]

INPUT: more dossiers (the sample; a directory stands for every DIR/*/*/input.xml, the case
fixtures) that must equal themselves and their re-serialised form.

For several generated dossiers, each edit below is applied to a copy and the reported change
set, as (change, old path, new path), must equal the edit's own:
  - a leaf that identifies nothing gets another value          -> changed
  - a copy of the last of a run of repeated items, with other identifying values, is
    inserted after it                                          -> added
  - the last of a run of repeated items is removed             -> removed
  - two identified repeated items swap places                  -> moved, moved
  - an attachment is re-encoded (stored instead of deflated, other line breaks)
                                                               -> nothing
  - an attachment gets other content                           -> changed
  - a release value (categorie_uitlevering) changes            -> changed, flagged release
A dossier compared with itself, and with its re-serialised form (oso convert --to xml), gives
no changes and exit status 0; a difference gives 1; unreadable input gives 2.

The identifying children of repeated items come from the identity table the schema is
generated from (standard/oso-2019.1/identity.tsv): the edits are chosen so they do or do not
touch them.
"""
import base64
import copy
import glob
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

OSO, GEN, IDENTITY = sys.argv[1:4]
MORE = [found for arg in sys.argv[4:]
        for found in (sorted(glob.glob(os.path.join(arg, "*", "*", "input.xml")))
                      if os.path.isdir(arg) else [arg])]
NS = "http://www.edustandaard.nl/oso_gegevensset/2019/dossier"
ET.register_namespace("", NS)
failures = []


def local(tag):
    return tag.split("}", 1)[1] if "}" in tag else tag


def q(name):
    return "{%s}%s" % (NS, name)


def read_identity():
    """Element name -> key paths, for names whose rows all agree; every name in any key."""
    by_name, key_names = {}, set()
    with open(IDENTITY, encoding="utf-8") as f:
        next(f)
        for line in f:
            row, key = line.rstrip("\n").split("\t")[:2]
            name = row.rsplit("/", 1)[1]
            paths = None if key == "-" else key.split(",")
            if paths == ["."]:
                key_names.add(name)
            for p in paths or []:
                key_names.update(s for s in p.split("/") if s != ".")
            by_name.setdefault(name, set()).add(tuple(paths) if paths else None)
    keyed = {n: list(next(iter(v))) for n, v in by_name.items()
             if len(v) == 1 and next(iter(v)) is not None}
    return keyed, key_names


KEYED, KEY_NAMES = read_identity()


def parents(root):
    return {c: p for p in root.iter() for c in p}


def path(elem, parent_of):
    parts = []
    while elem is not None:
        p = parent_of.get(elem)
        siblings = list(p) if p is not None else [elem]
        pos = [s for s in siblings if s.tag == elem.tag].index(elem) + 1
        parts.append("%s[%d]" % (local(elem.tag), pos))
        elem = p
    return "/" + "/".join(reversed(parts))


def key_of(elem):
    values = []
    for p in KEYED[local(elem.tag)]:
        if p == ".":
            values.append((elem.text or "").strip())
            continue
        node = elem
        for seg in p.split("/"):
            node = node.find(q(seg)) if node is not None else None
        values.append(" ".join((node.text or "").split()) if node is not None else None)
    return tuple(values)


def run(*args):
    return subprocess.run([OSO] + list(args), capture_output=True, text=True)


def diff_set(old, new, tmp):
    a, b = os.path.join(tmp, "old.xml"), os.path.join(tmp, "new.xml")
    old.write(a, xml_declaration=True, encoding="UTF-8")
    new.write(b, xml_declaration=True, encoding="UTF-8")
    r = run("diff", "--format", "json", a, b)
    if r.returncode not in (0, 1):
        raise RuntimeError("oso diff failed: %s" % r.stderr)
    doc = json.loads(r.stdout)
    if (r.returncode == 0) != doc["same"] or doc["same"] != (not doc["changes"]):
        failures.append("exit status %d disagrees with %s" % (r.returncode, r.stdout[:200]))
    return {(c["change"], c["old_path"], c["new_path"]) for c in doc["changes"]}, doc


exercised = {}


def expect(label, got, want):
    kind = label.split(": ", 1)[1].split(" ")[0]
    exercised[kind] = exercised.get(kind, 0) + 1
    if got != want:
        failures.append("%s:\n  expected %s\n  reported %s" % (label, sorted(want, key=str),
                                                             sorted(got, key=str)))


def runs(root):
    """(parent, name, [items]) for every run of two or more same-named siblings."""
    for p in root.iter():
        names = {}
        for c in p:
            names.setdefault(c.tag, []).append(c)
        for tag, items in names.items():
            if len(items) >= 2:
                yield p, tag, items


def zip_b64(entries, method, wrap):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compress_type=method)
    text = base64.b64encode(buf.getvalue()).decode()
    return "\n".join(text[i:i + wrap] for i in range(0, len(text), wrap)) if wrap else text


def edits(tree, rng, tmp, label):
    root = tree.getroot()

    # A leaf that is no identifying field (of any repeated item) and no attachment.
    old = copy.deepcopy(tree)
    leaves = [e for e in old.getroot().iter() if len(e) == 0 and (e.text or "").strip()
              and local(e.tag) not in KEY_NAMES and local(e.tag) != "bestandsinhoud"
              and not local(e.tag).startswith("cat_")]
    if leaves:
        new = copy.deepcopy(old)
        po, pn = parents(old.getroot()), parents(new.getroot())
        leaf = rng.choice(leaves)
        p = path(leaf, po)
        target = [e for e in new.getroot().iter() if path(e, pn) == p][0]
        target.text = (target.text or "") + " gewijzigd"
        got, _ = diff_set(old, new, tmp)
        expect(label + ": modified " + p, got, {("changed", p, p)})

    # Insert after the last item of a run (an identified one gets other identifying values),
    # and remove the last item of a run.
    candidates = list(runs(root))
    if candidates:
        parent, tag, items = rng.choice(candidates)
        po = parents(root)
        new = copy.deepcopy(tree)
        pn = parents(new.getroot())
        new_parent = [e for e in new.getroot().iter() if path(e, pn) == path(parent, po)][0]
        last = [c for c in new_parent if c.tag == tag][-1]
        dup = copy.deepcopy(last)
        for leaf in dup.iter():
            if len(leaf) == 0 and (leaf.text or "").strip() and local(tag) in KEYED:
                leaf.text = leaf.text + " nieuw"  # every field new: another item
        new_parent.insert(list(new_parent).index(last) + 1, dup)
        pn = parents(new.getroot())
        got, _ = diff_set(tree, new, tmp)
        expect(label + ": inserted " + path(dup, pn), got, {("added", None, path(dup, pn))})

        new = copy.deepcopy(tree)
        pn = parents(new.getroot())
        new_parent = [e for e in new.getroot().iter() if path(e, pn) == path(parent, po)][0]
        last = [c for c in new_parent if c.tag == tag][-1]
        gone = path(last, pn)
        new_parent.remove(last)
        got, _ = diff_set(tree, new, tmp)
        expect(label + ": removed " + gone, got, {("removed", gone, None)})

    # Swap two identified items with different keys.
    swaps = [(p, t, items) for p, t, items in runs(root) if local(t) in KEYED
             and len({key_of(i) for i in items}) == len(items)]
    if swaps:
        parent, tag, items = rng.choice(swaps)
        po = parents(root)
        i, j = sorted(rng.sample(range(len(items)), 2))
        new = copy.deepcopy(tree)
        pn = parents(new.getroot())
        new_parent = [e for e in new.getroot().iter() if path(e, pn) == path(parent, po)][0]
        same = [c for c in new_parent if c.tag == tag]
        a, b = same[i], same[j]
        ia, ib = list(new_parent).index(a), list(new_parent).index(b)
        new_parent.remove(a)
        new_parent.insert(ib, a)
        new_parent.remove(b)
        new_parent.insert(ia, b)
        pn = parents(new.getroot())
        old_a, old_b = path(items[i], po), path(items[j], po)
        got, _ = diff_set(tree, new, tmp)
        expect(label + ": swapped " + old_a + " and " + old_b, got,
               {("moved", old_a, old_b), ("moved", old_b, old_a)})

    # Attachments: one with known content, re-encoded; then other content.
    contents = [e for e in root.iter(q("bestandsinhoud"))]
    if contents:
        po = parents(root)
        p = path(rng.choice(contents), po)
        entries = [("verslag.txt", "Verslag van het gesprek.\n".encode())]
        old = copy.deepcopy(tree)
        [e for e in old.getroot().iter() if path(e, parents(old.getroot())) == p][0].text = \
            zip_b64(entries, zipfile.ZIP_DEFLATED, 76)
        new = copy.deepcopy(tree)
        target = [e for e in new.getroot().iter() if path(e, parents(new.getroot())) == p][0]
        target.text = zip_b64(entries, zipfile.ZIP_STORED, 0)
        got, _ = diff_set(old, new, tmp)
        expect(label + ": re-encoded " + p, got, set())
        target.text = zip_b64([("verslag.txt", b"Een ander verslag.\n")], zipfile.ZIP_DEFLATED, 76)
        got, _ = diff_set(old, new, tmp)
        expect(label + ": other attachment content " + p, got, {("changed", p, p)})

    # A release value.
    cats = [e for e in root.iter() if local(e.tag).startswith("cat_") and (e.text or "").strip()]
    if cats:
        po = parents(root)
        cat = rng.choice(cats)
        p = path(cat, po)
        new = copy.deepcopy(tree)
        target = [e for e in new.getroot().iter() if path(e, parents(new.getroot())) == p][0]
        target.text = "OPT-UIT" if cat.text.strip() != "OPT-UIT" else "OPTIONEEL"
        got, doc = diff_set(tree, new, tmp)
        expect(label + ": release " + p, got, {("changed", p, p)})
        if not all(c["release"] for c in doc["changes"]) or "release: " + local(cat.tag) not in doc["summary"]:
            failures.append("%s: release change not flagged: %s" % (label, json.dumps(doc)[:300]))


def unchanged(src, tmp, label):
    """src equals itself and its re-serialised forms (skipped when it does not parse)."""
    conv = os.path.join(tmp, "conv.xml")
    if subprocess.run([OSO, "convert", "--to", "xml", src, "-o", conv],
                      capture_output=True).returncode != 0:
        return 0
    r = run("diff", src, src)
    if r.returncode != 0 or "no changes" not in r.stdout:
        failures.append("%s: diff with itself: %d %s" % (label, r.returncode, r.stdout[:300]))
    for compact in ([], ["--compact"]):
        subprocess.run([OSO, "convert", "--to", "xml"] + compact + [src, "-o", conv], check=True)
        r = run("diff", "--format", "json", src, conv)
        if r.returncode != 0 or json.loads(r.stdout) != {"same": True, "changes": [],
                                                          "summary": "no changes"}:
            failures.append("%s: diff with convert %s: %d %s" % (label, compact, r.returncode, r.stdout[:300]))
    return 1


def main():
    with tempfile.TemporaryDirectory() as tmp:
        compared = sum(unchanged(path, tmp, path) for path in MORE)
        if MORE and compared < len(MORE) // 2:
            failures.append("only %d of %d inputs could be compared" % (compared, len(MORE)))
        for seed in range(1, 7):
            extra = ["--profile", "OV-POVO", "--repeat", "3"] if seed % 2 else ["--all", "--repeat", "3"]
            src = os.path.join(tmp, "gen.xml")
            subprocess.run([GEN, "--seed", str(seed), "-o", src] + extra, check=True)
            label = "seed %d %s" % (seed, " ".join(extra))
            # Itself, and its re-serialised form.
            if not unchanged(src, tmp, label):
                failures.append("%s: does not convert" % label)
            tree = ET.parse(src)
            edits(tree, random.Random(seed), tmp, label)

        # Errors: exit status 2.
        bad = os.path.join(tmp, "bad.xml")
        with open(bad, "w") as f:
            f.write("<dossier")
        for args in (["diff", bad, bad], ["diff", src], ["diff", "--format", "yaml", src, src],
                     ["diff", os.path.join(tmp, "missing.xml"), src]):
            r = run(*args)
            if r.returncode != 2:
                failures.append("%s: exit status %d, expected 2" % (" ".join(args), r.returncode))
        r = run("diff", "--help")
        if r.returncode != 0 or "usage: oso diff" not in r.stdout:
            failures.append("oso diff --help")
    # Every kind of edit ran (the generator's dossiers hold runs, attachments and a release).
    for kind in ("modified", "inserted", "removed", "swapped", "re-encoded", "other", "release"):
        if exercised.get(kind, 0) < 2:
            failures.append("edit '%s' ran %d times" % (kind, exercised.get(kind, 0)))
    print("edits checked:", exercised)
    for f in failures:
        print("FAIL", f)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
