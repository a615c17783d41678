"""Tests of the attachment API: listing, decoding, extracting, verifying, adding, streaming."""

from __future__ import annotations

import base64
import io
import os
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from support import SAMPLE, generated  # noqa: E402

LEERLING = "/dossier/huidigeschool/leerling"
OVERIG = LEERLING + "/overigdocumentlijst"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_of(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def with_content(zip_bytes: bytes, filename: str = "verslag.txt") -> liboso.Dossier:
    """The sample dossier with the overigdocumentlijst document replaced."""
    d = liboso.Dossier.from_file(SAMPLE)
    d.set(OVERIG + "/document/bestandsinhoud", base64.b64encode(zip_bytes).decode("ascii"))
    d.set(OVERIG + "/document/bestandsnaam", filename)
    return d


class Reading(unittest.TestCase):
    def setUp(self):
        self.dossier = liboso.Dossier.from_file(SAMPLE)

    def tearDown(self):
        self.dossier.close()

    def test_listing(self):
        atts = self.dossier.attachments
        self.assertEqual(self.dossier.attachment_count, 2)
        self.assertEqual([a.filename for a in atts], ["leerlingrapport.pdf", "verslag.txt"])
        self.assertEqual([a.description for a in atts],
                         ["Leerlingrapport doorstroomtoets", "Verslag intakegesprek"])
        self.assertEqual([a.category_field for a in atts], ["cat_eindtoetsbo", "cat_bijlagedocs"])
        self.assertEqual(atts[1].category, 16)
        self.assertEqual(atts[1].path,
                         "/dossier[1]/huidigeschool[1]/leerling[1]/overigdocumentlijst[1]/document[1]")
        self.assertEqual(atts[1].node.name, "document")
        self.assertEqual(atts[0], self.dossier.attachments[0])
        self.assertIn("verslag.txt", repr(atts[1]))

    def test_contents(self):
        pdf, txt = self.dossier.attachments
        self.assertTrue(pdf.data().startswith(b"%PDF"))
        self.assertTrue(txt.data().startswith(b"Verslag"))
        self.assertEqual(txt.data("verslag.txt"), txt.data())
        raw = txt.zip()
        self.assertTrue(raw.startswith(b"PK\x03\x04"))
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:  # the decoded bytes are a real ZIP
            self.assertEqual(zf.read("verslag.txt"), txt.data())
        out = io.BytesIO()
        txt.write_zip(out)
        self.assertEqual(out.getvalue(), raw)
        with tempfile.TemporaryFile() as handle:
            txt.write_zip(handle.fileno())
            handle.seek(0)
            self.assertEqual(handle.read(), raw)
        entries = txt.entries
        self.assertEqual([(e.name, e.is_dir, e.safe) for e in entries],
                         [("verslag.txt", False, True)])
        self.assertEqual(entries[0].size, len(txt.data()))
        with self.assertRaises(liboso.OsoError) as cm:
            txt.data("other.txt")
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)

    def test_archive(self):
        txt = self.dossier.attachments[1]
        with txt.open() as archive:
            self.assertEqual(archive.find("verslag.txt"), 0)
            self.assertIsNone(archive.find("nope"))
            self.assertEqual(archive.read(0), archive.read("verslag.txt"))
            out = io.BytesIO()
            archive.extract_to(archive.entries[0], out)
            self.assertEqual(out.getvalue(), archive.read(0))
            with self.assertRaises(liboso.OsoError):
                archive.read(5)
        with self.assertRaises(liboso.ClosedError):
            archive.entries
        with liboso.Archive.from_bytes(txt.zip()) as archive:
            self.assertEqual(archive.read("verslag.txt"), txt.data())
        with tempfile.TemporaryFile() as handle:
            handle.write(txt.zip())
            handle.flush()
            with liboso.Archive.from_fd(handle.fileno()) as archive:
                self.assertEqual(archive.read(0), txt.data())
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Archive.from_bytes(b"not a zip")
        self.assertEqual(cm.exception.status, liboso.Status.ZIP)

    def test_extract(self):
        with tempfile.TemporaryDirectory() as tmp:
            written = []
            for a in self.dossier.attachments:
                written += a.extract(tmp)
            self.assertEqual(sorted(os.listdir(tmp)), ["leerlingrapport.pdf", "verslag.txt"])
            with open(os.path.join(tmp, "verslag.txt"), "rb") as handle:
                self.assertEqual(handle.read(), self.dossier.attachments[1].data())
            self.assertEqual(len(written), 2)

    def test_sink_errors_propagate(self):
        class Broken(io.RawIOBase):
            def write(self, data):
                raise RuntimeError("disk full")
        with self.assertRaises(RuntimeError):
            self.dossier.attachments[1].write_zip(Broken())

    def test_verify(self):
        self.assertEqual(list(self.dossier.verify_attachments()), [])
        self.assertEqual(list(self.dossier.attachments[0].verify()), [])
        self.assertTrue(self.dossier.validate(attachments=True).valid)


class Hostile(unittest.TestCase):
    def test_unsafe_names_are_not_extracted(self):
        with with_content(zip_of([("ok.txt", b"fine\n"), ("../evil.txt", b"evil\n")])) as d:
            att = d.attachments[1]
            self.assertEqual([e.safe for e in att.entries], [True, False])
            with tempfile.TemporaryDirectory() as tmp:
                with self.assertRaises(liboso.OsoError) as cm:
                    att.extract(os.path.join(tmp, "out"))
                self.assertEqual(cm.exception.status, liboso.Status.POLICY)
                self.assertFalse(os.path.exists(os.path.join(tmp, "out")))
                self.assertFalse(os.path.exists(os.path.join(tmp, "evil.txt")))
            with self.assertRaises(liboso.OsoError) as cm:
                att.data()  # two files, none named like bestandsnaam
            self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
            self.assertEqual(att.data("ok.txt"), b"fine\n")
            self.assertTrue(any(x.rule.startswith("ATT.") for x in att.verify()))
            self.assertFalse(d.validate(attachments=True).valid)

    def test_bad_base64(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            d.set(OVERIG + "/document/bestandsinhoud", "!!!! not base64 !!!!")
            att = d.attachments[1]
            with self.assertRaises(liboso.OsoError) as cm:
                att.zip()
            self.assertEqual(cm.exception.status, liboso.Status.BASE64)
            with self.assertRaises(liboso.OsoError):
                att.data()
            findings = att.verify(lang="en")
            self.assertEqual(len(findings.errors), 1)
            self.assertTrue(findings.errors[0].rule.startswith("ATT."))
            self.assertFalse(d.validate(attachments=True).valid)
            self.assertTrue(d.validate().valid)  # not decoded unless asked

    def test_limits(self):
        big = zip_of([("verslag.txt", b"a" * 100000)])
        with with_content(big) as d:
            att = d.attachments[1]
            self.assertEqual(len(att.data()), 100000)
            with self.assertRaises(liboso.OsoError) as cm:
                att.data(limits=liboso.AttachmentLimits(max_entry_size=1000))
            self.assertEqual(cm.exception.status, liboso.Status.LIMIT)
            self.assertTrue(att.verify(limits=liboso.AttachmentLimits(max_entry_size=1000)).errors)
            self.assertFalse(d.validate(
                attachments=True, attachment_limits=liboso.AttachmentLimits(max_entry_size=1000)).valid)
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.AttachmentLimits(max_entries=-1)._struct()

    def test_generated_garbage_content(self):
        # gen-dossier --invalid-attachments fills bestandsinhoud with contents that are no ZIP:
        # every call must fail cleanly, never crash.
        with liboso.Dossier.from_bytes(generated(1, invalid_attachments=True)) as d:
            self.assertGreater(d.attachment_count, 0)
            for att in d.attachments:
                with self.assertRaises(liboso.OsoError):
                    att.data()
                self.assertTrue(att.verify().errors)


class Adding(unittest.TestCase):
    def test_add_and_round_trip(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            att = d.add_attachment(OVERIG, "rapport.pdf", PDF, "Rapport")
            self.assertEqual((att.filename, att.description, att.data()),
                             ("rapport.pdf", "Rapport", PDF))
            node = d.find(LEERLING)
            assert node is not None
            with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as handle:
                handle.write(b"notities\n")
            try:
                second = d.add_attachment_file(node.child("overigdocumentlijst"), handle.name)
                self.assertEqual(second.filename, os.path.basename(handle.name))
                self.assertIsNone(second.description)
                self.assertEqual(second.data(), b"notities\n")
            finally:
                os.unlink(handle.name)
            self.assertEqual(d.attachment_count, 4)
            self.assertTrue(d.validate(attachments=True).valid)
            with liboso.Dossier.from_bytes(d.to_xml()) as again:
                self.assertEqual([a.data() for a in again.attachments],
                                 [a.data() for a in d.attachments])
            att.set("vervangen.txt", b"nieuw\n", None)
            self.assertEqual((att.filename, att.description, att.data()),
                             ("vervangen.txt", None, b"nieuw\n"))

    def test_refusals_leave_the_dossier_unchanged(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            before = d.to_xml()
            for name, data in (("x.exe", b"MZ\x90\x00"), ("x.pdf", b"\x00\x01\x02binary"),
                               ("../x.txt", b"x"), ("dir/x.txt", b"x")):
                with self.subTest(name=name):
                    with self.assertRaises(liboso.OsoError) as cm:
                        d.add_attachment(OVERIG, name, data)
                    self.assertEqual(cm.exception.status, liboso.Status.POLICY)
            with self.assertRaises(liboso.OsoError) as cm:
                d.add_attachment("/dossier/metadata", "x.txt", b"x")
            self.assertEqual(cm.exception.status, liboso.Status.SCHEMA)
            with self.assertRaises(liboso.OsoError) as cm:
                d.add_attachment(LEERLING + "/bestaatniet", "x.txt", b"x")
            self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
            with self.assertRaises(liboso.OsoArgumentError):
                d.add_attachment(OVERIG, "x.txt", "text")  # type: ignore[arg-type]
            with self.assertRaises(liboso.OsoError) as cm:
                d.add_attachment_file(OVERIG, "/nonexistent/x.txt")
            self.assertEqual(cm.exception.status, liboso.Status.IO)
            self.assertEqual(d.to_xml(), before)
            with liboso.Dossier.new() as other:
                with self.assertRaises(liboso.OsoArgumentError):
                    other.add_attachment(d.root, "x.txt", b"x")

    def test_stale_after_remove(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            att = d.attachments[1]
            d.find(OVERIG).remove()
            with self.assertRaises(liboso.OsoError) as cm:
                att.filename
            self.assertEqual(cm.exception.status, liboso.Status.STATE)
            self.assertEqual(d.attachment_count, 1)


class Streaming(unittest.TestCase):
    def test_scan(self):
        seen = []

        def visit(s: liboso.StreamedAttachment) -> None:
            seen.append((s.filename, s.category_field, s.archive.read(0)[:4], s.error))

        dossier, report = liboso.scan_attachments(SAMPLE, visit)
        self.assertIsNone(dossier)
        self.assertEqual(list(report), [])
        self.assertEqual(seen, [("leerlingrapport.pdf", "cat_eindtoetsbo", b"%PDF", None),
                                ("verslag.txt", "cat_bijlagedocs", b"Vers", None)])
        fd = os.open(SAMPLE, os.O_RDONLY)
        try:
            dossier, report = liboso.scan_attachments(fd, keep_dossier=True)
        finally:
            os.close(fd)
        with dossier:
            self.assertEqual(dossier.get(LEERLING + "/achternaam"), "Visser")
            with self.assertRaises(liboso.OsoError):
                dossier.to_xml()  # content was streamed, not kept

    def test_scan_bad_content_and_visitor_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "g.xml")
            with open(path, "wb") as handle:
                handle.write(generated(1, invalid_attachments=True))
            errors = []
            _, report = liboso.scan_attachments(path, lambda s: errors.append(s.error))
            self.assertTrue(errors)
            self.assertTrue(all(errors))
            self.assertTrue(report.errors)
            self.assertEqual(len(liboso.verify_attachments_file(path).errors), len(report.errors))

            def fail(s):
                raise KeyError("stop")
            with self.assertRaises(KeyError):
                liboso.scan_attachments(SAMPLE, fail)
        broken = liboso.verify_attachments_file  # refused input: an XML diagnostic
        with tempfile.NamedTemporaryFile(suffix=".xml") as handle:
            handle.write(b"<not-closed")
            handle.flush()
            self.assertEqual([x.rule for x in broken(handle.name)], ["XML"])
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.verify_attachments_file("/nonexistent.xml")
        self.assertEqual(cm.exception.status, liboso.Status.IO)


if __name__ == "__main__":
    unittest.main()
