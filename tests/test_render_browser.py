#!/usr/bin/env python3
"""`oso render` in a real browser: Debian's chromium, headless (skipped only when no browser is
installed; .ci/packages installs it).

Usage: test_render_browser.py OSO SOURCE_ROOT

- The sample dossier's rendering, loaded and dumped after load (--dump-dom), shows the pupil's
  name, a codelist meaning and a withheld-category notice, and holds no script.
- No script runs: a control page whose inline script marks <body> proves scripts do run in
  this browser; the hostile fixture's rendering (markup, javascript: URLs, quotes, bidi
  controls in its text) leaves <body> unmarked.
- Printing the sample to PDF (--print-to-pdf) gives more than one page.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

failures = []


def fail(msg):
    failures.append(msg)


def chromium(browser, tmp, *args):
    profile = tempfile.mkdtemp(dir=tmp, prefix="profile-")
    proc = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=120)
    return proc.stdout.decode("utf-8", errors="replace"), proc.returncode


def render(oso, src, out, *args):
    subprocess.run([oso, "render", *args, src, "-o", out], check=True, timeout=60)
    return "file://" + out


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: test_render_browser.py OSO SOURCE_ROOT\n")
        return 2
    oso, root = sys.argv[1:]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("no chromium installed: skipped")
        return SKIP
    sample = os.path.join(root, "examples", "sample-dossier.xml")
    hostile = os.path.join(root, "tests", "render", "hostile.xml")
    with tempfile.TemporaryDirectory() as tmp:
        url = render(oso, sample, os.path.join(tmp, "sample.html"), "--attachments", "embed")
        dom, code = chromium(browser, tmp, "--dump-dom", url)
        if code != 0 or "</html>" not in dom:
            fail(f"--dump-dom of the sample failed (exit {code})")
        for shown, what in (("Fleur Visser", "pupil's name"), ("HAVO", "codelist meaning"),
                            ("Niet meegegeven: deze gegevens mogen bij deze overstap niet worden "
                             "overgedragen (VERBODEN).", "withheld-category notice")):
            if shown not in dom:
                fail(f"the sample's DOM lacks the {what} ({shown!r})")
        if re.search(r"<script\b", dom, re.I):
            fail("the sample's DOM holds a script element")

        control = os.path.join(tmp, "control.html")
        with open(control, "w", encoding="utf-8") as f:
            f.write("<!DOCTYPE html><html lang=\"en\"><head><title>control</title></head><body>"
                    "<script>document.body.setAttribute('data-ran','1')</script></body></html>")
        dom, _ = chromium(browser, tmp, "--dump-dom", "file://" + control)
        if 'data-ran="1"' not in dom:
            fail("control page: the browser did not run its script, so the check below proves nothing")
        for lang in ("nl", "en"):
            for extra in ([], ["--fragment"]):
                url = render(oso, hostile, os.path.join(tmp, f"hostile-{lang}.html"), "--lang", lang,
                             "--findings", *extra)
                dom, code = chromium(browser, tmp, "--dump-dom", url)
                if code != 0 or "Eve[U+202E]gnp.exe" not in dom:
                    fail(f"hostile [{lang}{' fragment' if extra else ''}]: not rendered (exit {code})")
                if 'data-ran="1"' in dom or re.search(r"<(script|img)\b", dom, re.I):
                    fail(f"hostile [{lang}{' fragment' if extra else ''}]: a script ran or markup was injected")

        pdf = os.path.join(tmp, "sample.pdf")
        url = render(oso, sample, os.path.join(tmp, "print.html"))
        chromium(browser, tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
        if not os.path.exists(pdf):
            fail("--print-to-pdf wrote no PDF")
        else:
            with open(pdf, "rb") as f:
                data = f.read()
            pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
            if not data.startswith(b"%PDF-") or pages < 2:
                fail(f"the printed sample has {pages} page(s); more than one expected")
    for f in failures:
        print(f)
    print(f"{len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
