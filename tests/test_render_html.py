#!/usr/bin/env python3
"""`oso render` output checked with a real HTML5 parser (Debian's python3-html5lib, strict).

Usage: test_render_html.py OSO SOURCE_ROOT GEN_DOSSIER

Renders every valid fixture (tests/cases/*/*/input.xml whose expected output has no error and
no extra arguments), examples/sample-dossier.xml, generated dossiers and the hostile fixture
tests/render/hostile.xml in Dutch and English, and checks each rendering: no parse error in
strict mode, a lang attribute, one h1 and no heading level skipped, every table header with a
scope, unique ids and internal links that resolve, the Content-Security-Policy, nothing loaded
or run (no script, img, link, iframe, object, embed, form, src or on* attribute; links only to
fragments, data: downloads or the attachment folder), and every VERBODEN / OPT-UIT category
announced as withheld in its section. Also: the style sheet's colours keep a contrast of at
least 4.5:1 against every background it uses, --fragment gives a valid fragment, and the CLI's
options and errors.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

try:
    import html5lib
except ImportError:
    sys.stderr.write("test_render_html.py: python3-html5lib is required (.ci/packages)\n")
    sys.exit(1)

XHTML = "{http://www.w3.org/1999/xhtml}"
OSO_NS = "{http://www.edustandaard.nl/oso_gegevensset/2019/dossier}"
FORBIDDEN = {"script", "img", "link", "iframe", "object", "embed", "form", "base", "frame",
             "audio", "video", "source", "svg", "math", "input", "button"}
# The notice, as given and in a release preview.
WITHHELD = {"nl": ("Niet meegegeven:", "Wordt niet meegegeven:"), "en": ("Withheld:", "Would be withheld:")}

failures = []


def fail(what, msg):
    failures.append(f"{what}: {msg}")


def parse_strict(data, what, fragment=False):
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"))
    try:
        return parser.parseFragment(data) if fragment else parser.parse(data)
    except html5lib.html5parser.ParseError as e:
        fail(what, f"HTML5 parse error: {e}")
        return None


def text_of(el):
    return "".join(el.itertext())


def tag(el):
    return el.tag[len(XHTML):] if isinstance(el.tag, str) and el.tag.startswith(XHTML) else el.tag


def withheld_categories(xml_path):
    """Category numbers (1..16) whose value in the input is VERBODEN or OPT-UIT."""
    try:
        root = ET.parse(xml_path).getroot()
    except ET.ParseError:
        return {}
    block = root.find(f"{OSO_NS}metadata/{OSO_NS}categorie_uitlevering")
    out = {}
    if block is None:
        return out
    for number, field in enumerate(block, start=1):
        if (field.text or "") in ("VERBODEN", "OPT-UIT"):
            out[number] = field.text
    return out


def check_tree(doc, what, lang, xml_path=None, link_dir=None):
    html = doc
    if tag(html) != "html" or html.get("lang") != lang:
        fail(what, "html element without the right lang attribute")
    ids = {}
    headings = []
    for el in html.iter():
        name = tag(el)
        if not isinstance(name, str):
            continue
        if name in FORBIDDEN:
            fail(what, f"forbidden element <{name}>")
        for attr, value in el.attrib.items():
            if attr.lower().startswith("on") or attr.lower() in ("src", "srcset", "style", "formaction"):
                fail(what, f"forbidden attribute {attr} on <{name}>")
        if "id" in el.attrib:
            if el.get("id") in ids:
                fail(what, f"duplicate id {el.get('id')}")
            ids[el.get("id")] = el
        if re.fullmatch(r"h[1-6]", name):
            headings.append(int(name[1]))
        if name == "th" and el.get("scope") not in ("col", "row"):
            fail(what, "table header without scope")
    for el in html.iter(f"{XHTML}a"):
        href = el.get("href", "")
        if href.startswith("#"):
            if href[1:] not in ids:
                fail(what, f"link to missing id {href}")
        elif href.startswith("data:"):
            if "download" not in el.attrib:
                fail(what, "data: link without download")
        elif not (link_dir and href.startswith(link_dir + "/")):
            fail(what, f"link outside the document: {href[:60]}")
    if headings.count(1) != 1 or not headings or headings[0] != 1:
        fail(what, f"not exactly one h1 first: {headings[:5]}")
    for prev, cur in zip(headings, headings[1:]):
        if cur > prev + 1:
            fail(what, f"heading level skipped: h{prev} then h{cur}")
            break
    csp = [m.get("content", "") for m in html.iter(f"{XHTML}meta")
           if m.get("http-equiv", "").lower() == "content-security-policy"]
    if not csp or "script-src 'none'" not in csp[0] or "default-src 'none'" not in csp[0]:
        fail(what, "no Content-Security-Policy forbidding scripts")
    if xml_path:
        for number, value in withheld_categories(xml_path).items():
            section = ids.get(f"oso-cat-{number}")
            if section is None:
                fail(what, f"category {number} has no section")
                continue
            text = text_of(section)
            if not any(w in text for w in WITHHELD[lang]) or f"({value})" not in text or "oso-withheld" not in section.get("class", ""):
                fail(what, f"category {number} ({value}) not announced as withheld")
    return ids


def render(oso, src, out, *args):
    return subprocess.run([oso, "render", *args, src, "-o", out], capture_output=True, timeout=120)


def check_file(oso, src, tmp, what, *args):
    out = os.path.join(tmp, "out.html")
    for lang in ("nl", "en"):
        proc = render(oso, src, out, "--lang", lang, *args)
        if proc.returncode != 0:
            fail(what, f"oso render exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
            continue
        with open(out, "rb") as f:
            data = f.read()
        doc = parse_strict(data, f"{what} [{lang}]")
        if doc is not None:
            check_tree(doc, f"{what} [{lang}]", lang, src)


def luminance(hex_colour):
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def check_contrast(css):
    colours = set(re.findall(r"(?<![-\w])color:(#[0-9a-fA-F]{3,6})", css))
    backgrounds = set(re.findall(r"background:(#[0-9a-fA-F]{3,6})", css)) | {"#fff"}
    for fg in colours:
        for bg in backgrounds:
            a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
            ratio = (a + 0.05) / (b + 0.05)
            if ratio < 4.5:
                fail("style sheet", f"contrast {fg} on {bg} is {ratio:.2f} < 4.5")
    if len(colours) < 5 or len(backgrounds) < 3:
        fail("style sheet", "colours not found")


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: test_render_html.py OSO SOURCE_ROOT GEN_DOSSIER\n")
        return 2
    oso, root, gen = sys.argv[1:]
    cases = os.path.join(root, "tests", "cases")
    sample = os.path.join(root, "examples", "sample-dossier.xml")
    hostile = os.path.join(root, "tests", "render", "hostile.xml")
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for group in sorted(os.listdir(cases)):
            for case in sorted(os.listdir(os.path.join(cases, group))):
                d = os.path.join(cases, group, case)
                if os.path.exists(os.path.join(d, "args")):
                    continue
                with open(os.path.join(d, "expected"), encoding="utf-8") as f:
                    if any(" error " in line for line in f):
                        continue
                check_file(oso, os.path.join(d, "input.xml"), tmp, f"{group}/{case}")
                count += 1
        if count < 50:
            fail("fixtures", f"only {count} valid fixtures found")
        for seed, variant in ((1, ["--all"]), (2, ["--optional", "50"]), (3, ["--all", "--repeat", "3"])):
            gen_out = os.path.join(tmp, f"gen-{seed}.xml")
            subprocess.run([gen, "--seed", str(seed), *variant, "-o", gen_out], check=True)
            check_file(oso, gen_out, tmp, f"gen-dossier --seed {seed} {' '.join(variant)}")
        check_file(oso, sample, tmp, "sample")
        check_file(oso, sample, tmp, "sample --findings --attachments embed", "--findings",
                   "--attachments", "embed")
        check_file(oso, sample, tmp, "sample --release OV-POVO-opt-out", "--release", "OV-POVO-opt-out")
        check_file(oso, hostile, tmp, "hostile", "--findings")
        # Unknown elements nested deeper than the heading levels, and one outside every category.
        with open(sample, encoding="utf-8") as f:
            text = f.read()
        deep = "".join(f"<x{i}>" for i in range(50)) + "bodem" + "".join(f"</x{i}>" for i in reversed(range(50)))
        text = text.replace("<verzorgersaansprakelijk>", deep + "<verzorgersaansprakelijk>", 1)
        text = text.replace("</dossier>", "<vreemd>los</vreemd></dossier>", 1)
        deep_path = os.path.join(tmp, "deep.xml")
        with open(deep_path, "w", encoding="utf-8") as f:
            f.write(text)
        check_file(oso, deep_path, tmp, "deep and unknown elements", "--findings")

        # The hostile text is shown as text, not acted on.
        out = os.path.join(tmp, "hostile.html")
        render(oso, hostile, out, "--lang", "en")
        with open(out, "rb") as f:
            doc = parse_strict(f.read(), "hostile")
        if doc is not None:
            text = text_of(doc)
            for shown in ('<script>document.body.setAttribute("data-ran","1")</script>',
                          "javascript:document.body.setAttribute('data-ran','1')",
                          "Eve[U+202E]gnp.exe", '" href="javascript:alert(1)" x="'):
                if shown not in text:
                    fail("hostile", f"text {shown!r} not shown as text")
            check_contrast(text_of(next(doc.iter(f"{XHTML}style"))))

        # Fragment: valid on its own, no document wrapper or style sheet.
        proc = render(oso, hostile, out, "--fragment")
        with open(out, "rb") as f:
            data = f.read()
        if proc.returncode != 0 or not data.startswith(b'<div class="oso-dossier"') or b"<html" in data \
                or b"<style" in data:
            fail("--fragment", "not a bare <div class=\"oso-dossier\">")
        parse_strict(data, "--fragment", fragment=True)

        # Link mode: files beside the output, linked relative to it.
        out = os.path.join(tmp, "linked.html")
        proc = render(oso, sample, out, "--attachments", "link")
        files = os.path.join(tmp, "linked_files")
        if proc.returncode != 0 or sorted(os.listdir(files)) != ["1-1-leerlingrapport.pdf", "2-1-verslag.txt"]:
            fail("--attachments link", f"files not written: {proc.stderr!r}")
        else:
            with open(out, "rb") as f:
                doc = parse_strict(f.read(), "--attachments link")
            if doc is not None:
                check_tree(doc, "--attachments link", "nl", sample, link_dir="linked_files")
                hrefs = [a.get("href") for a in doc.iter(f"{XHTML}a") if not a.get("href", "#").startswith("#")]
                if hrefs != ["linked_files/1-1-leerlingrapport.pdf", "linked_files/2-1-verslag.txt"]:
                    fail("--attachments link", f"links {hrefs}")

        # --codelists: a loaded table of countries gives the land code its meaning.
        lists = os.path.join(tmp, "lists")
        os.mkdir(lists)
        with open(os.path.join(lists, "gba-landen.tsv"), "w", encoding="utf-8") as f:
            f.write("# list: gba-landen\n# name: Landen\n# version: 2024-01-01\n6030\tNederland\n")
        proc = render(oso, sample, out, "--codelists", lists, "--findings")
        with open(out, encoding="utf-8") as f:
            if proc.returncode != 0 or \
                    '<span class="oso-code">6030</span> \u2014 <span class="oso-meaning">Nederland</span>' not in f.read():
                fail("--codelists", "meaning of the loaded list not shown")

        # Usage and errors.
        for args, code in ((["--help"], 0), (["--lang", "de", sample, "-o", out], 2),
                           (["--attachments", "all", sample, "-o", out], 2), ([sample], 2),
                           (["--release", "vve=NOPE", sample, "-o", out], 2),
                           (["--attachments", "link", sample, "-o", "-"], 2),
                           ([os.path.join(tmp, "missing.xml"), "-o", out], 2),
                           (["--codelists", os.path.join(tmp, "nodir"), sample, "-o", out], 2)):
            proc = subprocess.run([oso, "render", *args], capture_output=True, timeout=60)
            if proc.returncode != code:
                fail("oso render " + " ".join(args[:2]), f"exit {proc.returncode}, expected {code}")
        broken = os.path.join(tmp, "broken.xml")
        with open(broken, "w", encoding="utf-8") as f:
            f.write("<dossier><unclosed></dossier>")
        if subprocess.run([oso, "render", broken, "-o", out], capture_output=True).returncode != 1:
            fail("malformed input", "exit status is not 1")
        foreign = os.path.join(tmp, "foreign.xml")
        with open(foreign, "w", encoding="utf-8") as f:
            f.write("<x/>")
        if subprocess.run([oso, "render", foreign, "-o", out], capture_output=True).returncode != 1:
            fail("not a dossier", "exit status is not 1")
    for f in failures[:40]:
        print(f)
    print(f"{count} fixtures; {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
