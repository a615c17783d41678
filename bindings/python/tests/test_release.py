"""Tests of liboso.Release and the release helpers."""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from liboso import release  # noqa: E402


class Releases(unittest.TestCase):
    def test_presets_and_categories(self):
        presets = liboso.release_presets()
        self.assertIn("OV-POVO", presets)
        self.assertIn("PaO-VOSWV", presets)
        categories = liboso.release_categories()
        self.assertEqual(len(categories), 16)
        self.assertEqual(categories[0], "cat_metadata")
        self.assertEqual(categories[-1], "cat_bijlagedocs")
        self.assertEqual(release.value_name(liboso.ReleaseValue.OPT_UIT), "OPT-UIT")
        self.assertIsNone(release.value_name(liboso.ReleaseValue.UNSET))

    def test_every_preset_loads(self):
        for name in liboso.release_presets():
            for variant in (name, name + "-opt-out"):
                with self.subTest(variant), liboso.Release(variant) as rel:
                    values = rel.as_dict()
                    self.assertEqual(values["cat_metadata"], "VERPLICHT")
                    if variant.endswith("-opt-out"):
                        self.assertNotIn("OPTIONEEL", values.values())

    def test_spec_forms(self):
        with liboso.Release() as rel:
            self.assertEqual(set(rel.as_dict().values()), {None})
            rel.set("vve", "OPT-UIT")
            rel.set("cat_verzuim", liboso.ReleaseValue.VERBODEN)
            rel.set("7", "optioneel")
            self.assertEqual(rel.get("cat_vve"), liboso.ReleaseValue.OPT_UIT)
            self.assertEqual(rel.get("verzuim"), liboso.ReleaseValue.VERBODEN)
            self.assertEqual(rel.get(liboso.release_categories()[6]), liboso.ReleaseValue.OPTIONEEL)
            self.assertEqual(rel.get("bogus"), liboso.ReleaseValue.UNSET)
            with liboso.Release(rel) as copy:
                self.assertEqual(copy.as_dict(), rel.as_dict())
        with liboso.Release("OV-POVO, vve=OPT-UIT ,metadata") as rel:
            self.assertEqual(rel.get("vve"), liboso.ReleaseValue.OPT_UIT)
            self.assertEqual(rel.get("metadata"), liboso.ReleaseValue.VERPLICHT)
        with liboso.Release({"vve": "VERBODEN"}) as rel:
            self.assertEqual(rel.get("vve"), liboso.ReleaseValue.VERBODEN)
            self.assertIn("VERBODEN", repr(rel))

    def test_errors(self):
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Release("vve=SOMETIMES")
        self.assertEqual(cm.exception.status, liboso.Status.INVALID_ARG)
        self.assertIn("vve=SOMETIMES", cm.exception.message)
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Release("NO-SUCH-PRESET")
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Release({"bogus": "OPTIONEEL"})
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.Release({"vve": 17})
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.Release(3.5)  # type: ignore[arg-type]
        rel = liboso.Release()
        self.assertFalse(rel.closed)
        rel.close()
        rel.close()  # idempotent
        self.assertTrue(rel.closed)
        with self.assertRaises(liboso.ClosedError) as cm:
            rel.get("vve")
        self.assertIn("Release", str(cm.exception))
        self.assertIn("closed", repr(rel))
        with liboso.Release("vve=OPT-UIT") as rel:
            self.assertEqual(rel.get("vve"), liboso.ReleaseValue.OPT_UIT)
        self.assertTrue(rel.closed)


if __name__ == "__main__":
    unittest.main()
