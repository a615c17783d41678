#!/usr/bin/env python3
"""Tests of `oso attachments list|verify|extract` and `oso validate --attachments`.

Usage: test_cli_attachments.py OSO_BINARY SAMPLE_DOSSIER [STANDARD_DIR]

The dossiers are the bundled sample with document blocks added; their ZIP archives are made
here with the standard library (zipfile), including hostile ones. STANDARD_DIR holds the
official examples; the tests that use them are skipped when they are absent.
"""

import base64
import io
import os
import re
import subprocess
import sys
import tempfile
import unittest
import zipfile

OSO = None
SAMPLE = None
STANDARD_DIR = None

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def oso(*args, cwd=None, stdin=None):
    result = subprocess.run([OSO, *args], capture_output=True, timeout=120, cwd=cwd, input=stdin)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def zip_of(entries, encrypted=False):
    """ZIP bytes holding (name, data) entries, deflated; names are taken as given. `encrypted`
    sets the encryption flag of every entry (zipfile cannot write it: patched afterwards)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 2, 3, 4, 6))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    data = bytearray(out.getvalue())
    if encrypted:
        for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            while at >= 0:
                data[at + flag_offset] |= 1
                at = data.find(signature, at + 4)
    return bytes(data)


def document(bestandsnaam, content, omschrijving=None):
    """A document block; `content` is ZIP bytes (Base64-encoded here) or text used as is."""
    if isinstance(content, bytes):
        content = base64.encodebytes(content).decode("ascii")
    desc = f"<omschrijving>{omschrijving}</omschrijving>" if omschrijving else ""
    return (f"<document><bestandsnaam>{bestandsnaam}</bestandsnaam>{desc}"
            f"<bestandsinhoud>{content}</bestandsinhoud></document>\n")


def dossier(directory, name, documents):
    """The sample dossier with `documents` appended to overigdocumentlijst; returns the path."""
    with open(SAMPLE, encoding="utf-8") as handle:
        xml = handle.read()
    xml = xml.replace("</overigdocumentlijst>", "".join(documents) + "</overigdocumentlijst>", 1)
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(xml)
    return path


def line_of(path, needle):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if needle in line:
                return number
    raise AssertionError(f"{needle} not in {path}")


class ListAndVerify(unittest.TestCase):
    def test_list_sample(self):
        rc, out, err = oso("attachments", "list", SAMPLE)
        self.assertEqual(rc, 0, err)
        self.assertIn("/overigdocumentlijst[1]/document[1]\n", out)
        self.assertIn("  bestandsnaam: verslag.txt\n", out)
        self.assertIn("  omschrijving: Verslag intakegesprek\n", out)
        self.assertIn("  categorie: 16 (cat_bijlagedocs)\n", out)
        self.assertIn("  categorie: 11 (cat_eindtoetsbo)\n", out)
        self.assertRegex(out, r"  inhoud: verslag\.txt \(\d+ bytes, \d+ gecomprimeerd\)\n")
        self.assertTrue(out.endswith("2 document(en)\n"))
        rc, out, _ = oso("attachments", "list", "--lang", "en", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertIn("  category: 16 (cat_bijlagedocs)\n", out)
        self.assertRegex(out, r"  entry: verslag\.txt \(\d+ bytes, \d+ compressed\)\n")

    def test_verify_sample_and_stdin(self):
        rc, out, err = oso("attachments", "verify", SAMPLE)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, "1 bestand(en): 1 geldig, 0 ongeldig, 0 onleesbaar; 0 fout(en), 0 waarschuwing(en)\n")
        with open(SAMPLE, "rb") as handle:
            rc, out, _ = oso("attachments", "verify", "--lang", "en", "-", stdin=handle.read())
        self.assertEqual(rc, 0)
        self.assertEqual(out, "1 file(s): 1 valid, 0 invalid, 0 unreadable; 0 error(s), 0 warning(s)\n")

    def test_verify_hostile(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = dossier(tmp, "hostile.xml", [
                document("kapot.pdf", "UEsDB@@@"),
                document("afgebroken.pdf", zip_of([("afgebroken.pdf", PDF)])[:60]),
                document("slip.txt", zip_of([("../../slip.txt", b"tekst\n")])),
                document("geheim.pdf", zip_of([("geheim.pdf", PDF)], encrypted=True)),
                document("virus.pdf", zip_of([("virus.pdf", b"MZ\x90\x00" + bytes(200))])),
                document("beschikking.pdf", zip_of([("beschikking.pdf", b"gewone tekst\n")])),
            ])
            rc, out, err = oso("attachments", "verify", "--lang", "en", path)
            self.assertEqual(rc, 1, err)
            lines = out.splitlines()
            rules = [re.match(r"[^:]+:(\d+):(\d+): (\S+): ", line) for line in lines[:-1]]
            self.assertTrue(all(rules), out)
            self.assertEqual([m.group(3) for m in rules],
                             ["ATT.BASE64", "ATT.ZIP_TRUNCATED", "ATT.ZIP_SLIP",
                              "ATT.ZIP_ENCRYPTED", "ATT.TYPE", "ATT.TYPE_MISMATCH"])
            # Each at its document element.
            names = ["kapot.pdf", "afgebroken.pdf", "slip.txt", "geheim.pdf", "virus.pdf",
                     "beschikking.pdf"]
            self.assertEqual([int(m.group(1)) for m in rules],
                             [line_of(path, f"<bestandsnaam>{n}<") for n in names])
            self.assertIn(": ATT.TYPE_MISMATCH: warning: ", out)
            self.assertEqual(lines[-1], "1 file(s): 0 valid, 1 invalid, 0 unreadable; 5 error(s), 1 warning(s)")
            rc, out, _ = oso("attachments", "verify", path)
            self.assertIn(": ATT.TYPE_MISMATCH: waarschuwing: ", out)
            # The same findings from oso validate --attachments, not without the option.
            rc, out, _ = oso("validate", "--attachments", path)
            self.assertEqual(rc, 1)
            self.assertEqual(len(re.findall(r": ATT\.", out)), 6)
            rc, out, _ = oso("validate", path)
            self.assertNotIn("ATT.ZIP", out)

    def test_only_warnings_pass(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = dossier(tmp, "w.xml", [
                document("beschikking.pdf", zip_of([("beschikking.pdf", b"tekst\n")]))])
            rc, out, _ = oso("attachments", "verify", path)
            self.assertEqual(rc, 0, out)
            self.assertIn("0 fout(en), 1 waarschuwing(en)", out)

    def test_usage_and_trouble(self):
        self.assertEqual(oso("attachments")[0], 2)
        self.assertEqual(oso("attachments", "frobnicate", SAMPLE)[0], 2)
        self.assertEqual(oso("attachments", "verify")[0], 2)
        self.assertEqual(oso("attachments", "verify", "--dir", "x", SAMPLE)[0], 2)
        self.assertEqual(oso("attachments", "list", "--lang", "fr", SAMPLE)[0], 2)
        self.assertEqual(oso("attachments", "verify", os.path.dirname(SAMPLE))[0], 2)
        rc, _, err = oso("attachments", "verify", "/nonexistent/dossier.xml")
        self.assertEqual(rc, 2)
        self.assertIn("nonexistent", err)
        rc, out, _ = oso("attachments", "--help")
        self.assertEqual(rc, 0)
        self.assertIn("extract", out)

    def test_not_xml(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.xml")
            with open(path, "w") as handle:
                handle.write("<dossier><unclosed>")
            rc, out, _ = oso("attachments", "verify", path)
            self.assertEqual(rc, 1)
            self.assertIn(": XML: ", out)
            rc, _, err = oso("attachments", "list", path)
            self.assertEqual(rc, 1)
            self.assertIn(": XML: ", err)
            # Another standard version is refused, with its own diagnostic.
            with open(SAMPLE, encoding="utf-8") as handle:
                xml = handle.read().replace("oso_gegevensset/2019/", "oso_gegevensset/2018/")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(xml)
            for action in ("verify", "list", "extract"):
                rc, out, err = oso("attachments", action, "--lang", "en", path, cwd=tmp)
                self.assertEqual(rc, 1, action)
                self.assertIn("Unsupported standard version", out + err)


class Extract(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.first = PDF + b"% first\n"
        self.second = PDF + b"% second\n"
        self.path = dossier(self.root, "d.xml", [
            document("rapport.pdf", zip_of([("rapport.pdf", self.first)])),
            document("rapport.pdf", zip_of([("rapport.pdf", self.second)])),
            document("slip.txt", zip_of([("../../slip.txt", b"slip\n")])),
            document("abs.txt", zip_of([("/etc/abs.txt", b"abs\n")])),
            document("win.txt", zip_of([("C:\\temp\\win.txt", b"win\n"), ("map/", b"")])),
            document("kapot.pdf", zip_of([("kapot.pdf", PDF)])[:50]),
        ])
        self.out = os.path.join(self.root, "a", "b")
        os.makedirs(os.path.join(self.root, "a"))

    def tearDown(self):
        self.tmp.cleanup()

    def extract(self, *extra, cwd=None):
        return oso("attachments", "extract", "--lang", "en", *extra, self.path, cwd=cwd)

    def files(self):
        return sorted(os.listdir(self.out))

    def read(self, name):
        with open(os.path.join(self.out, name), "rb") as handle:
            return handle.read()

    def test_safe_names_numbering_and_no_overwrite(self):
        rc, out, err = self.extract("--dir", self.out)
        self.assertEqual(rc, 1, err)  # the truncated document could not be extracted
        self.assertIn("kapot.pdf", err)
        expected = ["abs.txt", "leerlingrapport.pdf", "rapport-2.pdf", "rapport.pdf", "slip.txt",
                    "verslag.txt", "win.txt"]
        self.assertEqual(self.files(), expected)
        self.assertEqual(sorted(out.splitlines()),
                         sorted(os.path.join(self.out, name) for name in expected))
        self.assertEqual(self.read("rapport.pdf"), self.first)
        self.assertEqual(self.read("rapport-2.pdf"), self.second)
        self.assertEqual(self.read("slip.txt"), b"slip\n")
        self.assertEqual(self.read("abs.txt"), b"abs\n")
        self.assertEqual(self.read("win.txt"), b"win\n")
        # Nothing escaped the directory.
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "a"))), ["b"])
        self.assertEqual(sorted(os.listdir(self.root)), ["a", "d.xml"])
        self.assertFalse(os.path.exists("/etc/abs.txt"))
        self.assertIn("'../../slip.txt' is written as 'slip.txt'", err)

        # Again: every file exists, nothing is replaced.
        with open(os.path.join(self.out, "rapport.pdf"), "wb") as handle:
            handle.write(b"edited")
        rc, out, err = self.extract("--dir", self.out)
        self.assertEqual(rc, 2)
        self.assertEqual(out, "")
        self.assertIn("exists (use --force", err)
        self.assertEqual(self.read("rapport.pdf"), b"edited")
        self.assertEqual(self.files(), expected)

        # --force replaces, numbering restarts for the run, no temporary files stay behind.
        rc, out, err = self.extract("--dir", self.out, "--force")
        self.assertEqual(rc, 1, err)
        self.assertEqual(self.read("rapport.pdf"), self.first)
        self.assertEqual(self.files(), expected)

    def test_symlink_in_dir_is_not_followed(self):
        os.makedirs(self.out)
        victim = os.path.join(self.root, "victim.pdf")
        with open(victim, "wb") as handle:
            handle.write(b"keep")
        os.symlink(victim, os.path.join(self.out, "rapport.pdf"))
        rc, _, err = self.extract("--dir", self.out)
        self.assertEqual(rc, 2)
        self.assertIn("exists", err)
        rc, _, _ = self.extract("--dir", self.out, "--force")
        self.assertEqual(rc, 1)
        with open(victim, "rb") as handle:
            self.assertEqual(handle.read(), b"keep")
        self.assertFalse(os.path.islink(os.path.join(self.out, "rapport.pdf")))
        self.assertEqual(self.read("rapport.pdf"), self.first)

    def test_default_dir_is_current(self):
        os.makedirs(self.out)
        rc, out, _ = self.extract(cwd=self.out)
        self.assertEqual(rc, 1)
        self.assertIn("./rapport-2.pdf\n", out)
        self.assertIn("rapport-2.pdf", self.files())


class OfficialExamples(unittest.TestCase):
    def examples(self):
        directory = os.path.join(STANDARD_DIR or "", "examples")
        if not STANDARD_DIR or not os.path.isdir(directory):
            self.skipTest("official examples absent")
        return [os.path.join(directory, name) for name in sorted(os.listdir(directory))
                if name.endswith(".xml")]

    def test_extract_matches_zipfile_and_verify_flags_truncated(self):
        for path in self.examples():
            with open(path, encoding="utf-8") as handle:
                xml = handle.read()
            expected, truncated = [], 0
            for content in re.findall(r"<bestandsinhoud>(.*?)</bestandsinhoud>", xml, re.S):
                data = base64.b64decode(content)
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as z:
                        expected += [z.read(info) for info in z.infolist() if not info.is_dir()]
                except zipfile.BadZipFile:
                    truncated += 1
            rc, out, _ = oso("attachments", "verify", "--lang", "en", path)
            self.assertEqual(rc, 1 if truncated else 0)
            self.assertEqual(out.count(": ATT.ZIP_TRUNCATED: "), truncated)
            self.assertEqual(out.count(": ATT."), truncated)
            with tempfile.TemporaryDirectory() as tmp:
                rc, out, _ = oso("attachments", "extract", "--dir", tmp, path)
                self.assertEqual(rc, 1 if truncated else 0)
                written = []
                for line in out.splitlines():
                    with open(line, "rb") as handle:
                        written.append(handle.read())
                self.assertEqual(sorted(written), sorted(expected))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    OSO, SAMPLE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    STANDARD_DIR = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("OSO_STANDARD_DIR")
    unittest.main(argv=[sys.argv[0], "-v"])
