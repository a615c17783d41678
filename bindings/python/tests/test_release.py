"""Tests of oso.Release and the release helpers."""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import oso  # noqa: E402
from oso import release  # noqa: E402


class Releases(unittest.TestCase):
    def test_presets_and_categories(self):
        presets = oso.release_presets()
        self.assertIn("OV-POVO", presets)
        self.assertIn("PaO-VOSWV", presets)
        categories = oso.release_categories()
        self.assertEqual(len(categories), 16)
        self.assertEqual(categories[0], "cat_metadata")
        self.assertEqual(categories[-1], "cat_bijlagedocs")
        self.assertEqual(release.value_name(oso.ReleaseValue.OPT_UIT), "OPT-UIT")
        self.assertIsNone(release.value_name(oso.ReleaseValue.UNSET))

    def test_every_preset_loads(self):
        for name in oso.release_presets():
            for variant in (name, name + "-opt-out"):
                with self.subTest(variant), oso.Release(variant) as rel:
                    values = rel.as_dict()
                    self.assertEqual(values["cat_metadata"], "VERPLICHT")
                    if variant.endswith("-opt-out"):
                        self.assertNotIn("OPTIONEEL", values.values())

    def test_spec_forms(self):
        with oso.Release() as rel:
            self.assertEqual(set(rel.as_dict().values()), {None})
            rel.set("vve", "OPT-UIT")
            rel.set("cat_verzuim", oso.ReleaseValue.VERBODEN)
            rel.set("7", "optioneel")
            self.assertEqual(rel.get("cat_vve"), oso.ReleaseValue.OPT_UIT)
            self.assertEqual(rel.get("verzuim"), oso.ReleaseValue.VERBODEN)
            self.assertEqual(rel.get(oso.release_categories()[6]), oso.ReleaseValue.OPTIONEEL)
            self.assertEqual(rel.get("bogus"), oso.ReleaseValue.UNSET)
            with oso.Release(rel) as copy:
                self.assertEqual(copy.as_dict(), rel.as_dict())
        with oso.Release("OV-POVO, vve=OPT-UIT ,metadata") as rel:
            self.assertEqual(rel.get("vve"), oso.ReleaseValue.OPT_UIT)
            self.assertEqual(rel.get("metadata"), oso.ReleaseValue.VERPLICHT)
        with oso.Release({"vve": "VERBODEN"}) as rel:
            self.assertEqual(rel.get("vve"), oso.ReleaseValue.VERBODEN)
            self.assertIn("VERBODEN", repr(rel))

    def test_errors(self):
        with self.assertRaises(oso.OsoError) as cm:
            oso.Release("vve=SOMETIMES")
        self.assertEqual(cm.exception.status, oso.Status.INVALID_ARG)
        self.assertIn("vve=SOMETIMES", cm.exception.message)
        with self.assertRaises(oso.OsoError) as cm:
            oso.Release("NO-SUCH-PRESET")
        self.assertEqual(cm.exception.status, oso.Status.NOT_FOUND)
        with self.assertRaises(oso.OsoError) as cm:
            oso.Release({"bogus": "OPTIONEEL"})
        self.assertEqual(cm.exception.status, oso.Status.NOT_FOUND)
        with self.assertRaises(oso.OsoArgumentError):
            oso.Release({"vve": 17})
        with self.assertRaises(oso.OsoArgumentError):
            oso.Release(3.5)  # type: ignore[arg-type]
        rel = oso.Release()
        self.assertFalse(rel.closed)
        rel.close()
        rel.close()  # idempotent
        self.assertTrue(rel.closed)
        with self.assertRaises(oso.ClosedError) as cm:
            rel.get("vve")
        self.assertIn("Release", str(cm.exception))
        self.assertIn("closed", repr(rel))
        with oso.Release("vve=OPT-UIT") as rel:
            self.assertEqual(rel.get("vve"), oso.ReleaseValue.OPT_UIT)
        self.assertTrue(rel.closed)


if __name__ == "__main__":
    unittest.main()
