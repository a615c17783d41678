"""Tests of liboso.diff.diff and liboso.anonymize.anonymize (the C behaviour itself is tested by the C
and CLI suites; these check the binding's view of it)."""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from liboso.anonymize import anonymize  # noqa: E402
from liboso.diff import diff  # noqa: E402
from support import SAMPLE, generated  # noqa: E402

SURNAME = "/dossier/huidigeschool/leerling/achternaam"


def paths(node):
    yield node.path
    for child in node:
        yield from paths(child)


class Diffs(unittest.TestCase):
    def test_same_and_changed(self):
        with liboso.Dossier.from_file(SAMPLE) as a, liboso.Dossier.from_file(SAMPLE) as b:
            same = diff(a, b)
            self.assertTrue(same.same)
            self.assertEqual(len(same), 0)
            self.assertEqual(same.summary(), "no changes")
            self.assertEqual(same.to_json(), {"same": True, "changes": [], "summary": "no changes"})
            old = b.get(SURNAME)
            b.set(SURNAME, old + "-Bakker")
            result = diff(a, b)
            self.assertFalse(result.same)
            self.assertEqual(len(result), 1)
            change = result.changes[0]
            self.assertEqual((change.change, change.name, change.old_value, change.new_value),
                             ("changed", "achternaam", old, old + "-Bakker"))
            self.assertEqual(change.old_path, change.new_path)
            self.assertTrue(change.old_path.endswith("/achternaam[1]"))
            self.assertEqual(change.category, "leerling")
            self.assertFalse(change.release)
            self.assertIn("leerling: 1 achternaam element changed", result.summary())
            self.assertIn("changed " + change.old_path, result.text())
            self.assertEqual(result.to_json()["changes"][0]["new_value"], old + "-Bakker")


class Anonymize(unittest.TestCase):
    def test_seed_key_and_verdict(self):
        data = generated(3)
        with liboso.Dossier.from_bytes(data) as d:
            with anonymize(d, seed=5) as a, anonymize(d, seed=5) as b, \
                    anonymize(d, seed=6) as c:
                self.assertEqual(a.to_xml(), b.to_xml())
                self.assertNotEqual(a.to_xml(), c.to_xml())
                self.assertNotEqual(a.get(SURNAME), d.get(SURNAME))
                self.assertEqual(a.validate().valid, d.validate().valid)
                # Structure unchanged: the same elements in the same places.
                self.assertEqual(list(paths(a.root)), list(paths(d.root)))
                self.assertTrue(any(ch.change == "changed" for ch in diff(d, a)))
            with anonymize(d, key=b"sleutel", seed=1) as k1, \
                    anonymize(d, key=b"sleutel", seed=2) as k2:
                self.assertEqual(k1.to_xml(), k2.to_xml())

    def test_bad_arguments(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            with self.assertRaises(TypeError):
                anonymize(d, seed="x")  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
