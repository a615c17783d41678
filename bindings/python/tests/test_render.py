"""Tests of liboso.render: the HTML view through the binding."""

from __future__ import annotations

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from liboso import render  # noqa: E402
from support import SAMPLE  # noqa: E402


class Render(unittest.TestCase):
    def setUp(self):
        self.dossier = liboso.Dossier.from_file(SAMPLE)

    def tearDown(self):
        self.dossier.close()

    def test_languages_and_content(self):
        nl = render.to_html(self.dossier)
        en = render.to_html(self.dossier, lang="en")
        self.assertIn('<html lang="nl">', nl)
        self.assertIn('<html lang="en">', en)
        self.assertIn("Fleur Visser", nl)
        self.assertIn('<span class="oso-meaning">HAVO</span>', nl)
        self.assertIn("14 september 2012", nl)
        self.assertIn("14 September 2012", en)
        self.assertIn("Withheld: this data may not be transferred", en)

    def test_findings_and_preview(self):
        html = render.to_html(self.dossier, findings=True, release="cat_bijlagedocs=OPT-UIT",
                              lang="en")
        self.assertIn('id="oso-findings-title"', html)
        self.assertIn("Would be withheld: this optional data is switched off (OPT-UIT).", html)
        with liboso.Release("OV-POVO") as rel:
            self.assertIn("Release preview", render.to_html(self.dossier, release=rel, lang="en"))
            self.assertEqual(rel.as_dict()["cat_vve"], "VERBODEN")  # still open, not consumed
        self.assertNotIn("OPT-UIT</cat_bijlagedocs>", self.dossier.to_xml().decode())

    def test_attachments_and_fragment(self):
        embedded = render.to_html(self.dossier, attachments="embed")
        self.assertIn('href="data:application/pdf;base64,', embedded)
        self.assertNotIn("oso-file-type", render.to_html(self.dossier, attachments="none"))
        fragment = render.to_html(self.dossier, fragment=True)
        self.assertTrue(fragment.startswith('<div class="oso-dossier"'))
        with tempfile.TemporaryDirectory() as tmp:
            files = os.path.join(tmp, "x_files")
            html = render.to_html(self.dossier, attachments="link", attachment_dir=files,
                                  attachment_href="x_files")
            self.assertIn('href="x_files/1-1-leerlingrapport.pdf"', html)
            self.assertEqual(sorted(os.listdir(files)),
                             ["1-1-leerlingrapport.pdf", "2-1-verslag.txt"])

    def test_codelists(self):
        # A loaded table of countries gives the land code its meaning.
        with liboso.Codelists.default() as lists:
            lists.load_bytes(b"# list: gba-landen\n# name: Landen\n# version: 2024-01-01\n6030\tNederland\n",
                             "gba-landen.tsv")
            html = render.to_html(self.dossier, codelists=lists, findings=True)
        self.assertIn('<span class="oso-code">6030</span> \u2014 <span class="oso-meaning">Nederland</span>', html)
        self.assertNotIn("oso-meaning\">Nederland", render.to_html(self.dossier))
        with self.assertRaises(liboso.OsoArgumentError):
            render.to_html(self.dossier, codelists="lists")

    def test_save_and_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.html")
            render.save_html(self.dossier, path, lang="en")
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), render.to_html(self.dossier, lang="en"))
            with open(path, "wb") as f:
                render.save_html(self.dossier, f.fileno())
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), render.to_html(self.dossier))
        with self.assertRaises(liboso.OsoArgumentError):
            render.to_html(self.dossier, attachments="all")
        with self.assertRaises(liboso.OsoArgumentError):
            render.to_html(self.dossier, lang="de")
        with self.assertRaises(liboso.OsoError) as ctx:
            render.to_html(self.dossier, attachments="link")
        self.assertEqual(ctx.exception.status, liboso.Status.INVALID_ARG)


if __name__ == "__main__":
    unittest.main()
