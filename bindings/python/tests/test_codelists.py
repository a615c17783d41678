"""Tests of liboso.Codelists."""

from __future__ import annotations

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from support import SAMPLE  # noqa: E402

GESLACHT = "# list: 14\n# name: Geslacht\n# version: 2030-01-01\n0\tOnbekend\n1\tVrouw\n9\tX\n"
LANDEN = ("# list: gba-landen\n# name: Landen\n# version: 2024-01-01\n"
          "6030\tNederland\n5010\tBelgië\n")


class Defaults(unittest.TestCase):
    def setUp(self):
        self.lists = liboso.Codelists.default()

    def tearDown(self):
        self.lists.close()

    def test_lookups(self):
        lists = self.lists
        self.assertTrue(lists.contains(14, "1"))
        self.assertTrue(lists.contains("CL14", "2"))
        self.assertTrue(lists.contains("014", "0"))
        self.assertFalse(lists.contains(14, "7"))
        self.assertFalse(lists.contains(14, " 1"))  # exact bytes, no trimming
        self.assertEqual(lists.meaning(14, "1"), "Vrouw")
        self.assertIsNone(lists.meaning(14, "7"))
        code = lists.lookup(14, "2")
        self.assertEqual((code.code, code.meaning, code.flags), ("2", "Man", 0))
        self.assertIsNone(lists.lookup(14, "x"))
        self.assertEqual([c.code for c in lists.entries(14)], ["0", "1", "2"])

    def test_listing(self):
        lists = self.lists
        self.assertGreater(len(lists), 20)
        ids = lists.ids()
        self.assertEqual(ids, sorted(ids))
        self.assertIn(14, ids)
        self.assertIn(14, lists)
        self.assertIn("CL48", lists)
        self.assertNotIn("gba-landen", lists)  # external tables are never embedded
        self.assertNotIn("bogus", lists)
        info = lists.info(14)
        self.assertEqual((info.id, info.key, info.number, info.rule, info.name, info.size),
                         (14, "14", 14, "CL14", "Geslacht", 3))
        self.assertFalse(info.external)
        self.assertTrue(info.origin.startswith("embedded:"))
        self.assertRegex(info.version, r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual([i.id for i in lists], ids)
        self.assertIn("lists", repr(lists))

    def test_keys(self):
        self.assertEqual(liboso.codelist_id("CL14"), 14)
        self.assertEqual(liboso.codelist_id("gba-landen"), 1034)
        self.assertEqual(liboso.codelist_id("CL.gba-landen"), 1034)
        self.assertEqual(liboso.codelist_id(48), 48)
        self.assertEqual(liboso.codelist_rule_id(14), "CL14")
        self.assertEqual(liboso.codelist_rule_id("gba-landen"), "CL.gba-landen")
        from liboso import codelists
        self.assertEqual(codelists.external_key(1034), "gba-landen")
        self.assertIsNone(codelists.external_key(14))
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.codelist_id("bogus")
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.codelist_id(1.5)  # type: ignore[arg-type]

    def test_unknown_list(self):
        with self.assertRaises(liboso.OsoError) as cm:
            self.lists.contains("gba-landen", "6030")
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)


class Loading(unittest.TestCase):
    def test_load_dir_overlays(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "14.tsv"), "w", encoding="utf-8") as handle:
                handle.write(GESLACHT)
            with open(os.path.join(tmp, "landen.tsv"), "w", encoding="utf-8") as handle:
                handle.write(LANDEN)
            with liboso.Codelists.load(tmp) as lists:
                self.assertTrue(lists.contains(14, "9"))
                self.assertFalse(lists.contains(14, "2"))  # replaced as a whole
                self.assertEqual(lists.meaning("gba-landen", "5010"), "België")
                info = lists.info("gba-landen")
                self.assertTrue(info.external)
                self.assertEqual(info.origin, os.path.join(tmp, "landen.tsv"))
                with liboso.Dossier.from_file(SAMPLE) as d:
                    rules = {x.rule for x in d.validate(codelists=lists)}
                self.assertNotIn("CL.gba-landen", rules)

    def test_load_file_and_bytes(self):
        with liboso.Codelists.default() as lists:
            lists.load_bytes(GESLACHT.encode("utf-8"), name="geslacht.tsv")
            self.assertEqual(lists.info(14).origin, "geslacht.tsv")
            self.assertTrue(lists.contains(14, "9"))
            with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
                handle.write(LANDEN)
            try:
                lists.load_file(handle.name)
                self.assertTrue(lists.contains(1034, "6030"))
            finally:
                os.unlink(handle.name)

    def test_format_error_has_location(self):
        with liboso.Codelists.default() as lists:
            with self.assertRaises(liboso.OsoError) as cm:
                lists.load_bytes(b"# list: 14\n# name: G\n# version: nope\n1\tx\n", name="bad.tsv")
            self.assertEqual(cm.exception.status, liboso.Status.CODELIST_FORMAT)
            self.assertEqual(cm.exception.location[0], "bad.tsv")
            self.assertGreater(cm.exception.location[1], 0)
            self.assertIn("bad.tsv", str(cm.exception))
            self.assertEqual(lists.meaning(14, "1"), "Vrouw")  # left unchanged
            with self.assertRaises(liboso.OsoArgumentError):
                lists.load_bytes("text")  # type: ignore[arg-type]

    def test_io_errors(self):
        with self.assertRaises(FileNotFoundError) as cm:
            liboso.Codelists.load("/nonexistent/codelists")
        self.assertEqual(cm.exception.status, liboso.Status.IO)
        with liboso.Codelists.default() as lists:
            with self.assertRaises(FileNotFoundError) as cm:
                lists.load_file("/nonexistent/14.tsv")
            self.assertEqual(cm.exception.status, liboso.Status.IO)

    def test_closed(self):
        lists = liboso.Codelists.default()
        lists.close()
        lists.close()
        self.assertTrue(lists.closed)
        for call in (lambda: lists.contains(14, "1"), lambda: len(lists), lists.ids,
                     lambda: lists.load_dir("/tmp")):
            with self.assertRaises(liboso.ClosedError):
                call()
        self.assertIn("closed", repr(lists))


if __name__ == "__main__":
    unittest.main()
