#!/usr/bin/env python3
"""Tests of `oso codelists list|show N|lookup N CODE [--codelists DIR]`.

Usage: test_cli_codelists.py OSO_BINARY [STANDARD_DIR]

STANDARD_DIR holds the official codelists.tsv (default: ../shared/oso-2019.1 next to the
repository, or $OSO_STANDARD_DIR); the test that looks up every official code is skipped when
it is absent.
"""

import os
import subprocess
import sys
import tempfile
import unittest

OSO = None
STANDARD_DIR = None

HEADER14 = "# list: 14\n# name: Geslacht\n# version: 2020-01-01\n"


def oso(*args, lang="nl"):
    env = dict(os.environ, OSO_LANG=lang)  # one language per run (issue 14)
    result = subprocess.run([OSO, "codelists", *args], capture_output=True, timeout=60, env=env)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


class ListAndShow(unittest.TestCase):
    def test_list(self):
        rc, out, _ = oso("list")
        self.assertEqual(rc, 0)
        lines = out.splitlines()
        keys = [line.split("\t")[0] for line in lines]
        self.assertEqual(len(lines), 33 + 5)
        self.assertEqual(keys[:3], ["2", "4", "5"])
        self.assertIn("14\tGeslacht\t2018-11-15\t3\tembedded:14-geslacht.tsv", lines)
        self.assertIn("gba-landen\t(not loaded)\t-\t0\t-", lines)

    def test_show_forms_agree(self):
        outputs = [oso("show", n) for n in ("14", "014", "CL14")]
        for rc, out, _ in outputs:
            self.assertEqual(rc, 0)
            self.assertEqual(out, outputs[0][1])
        self.assertIn("# name: Geslacht\n", outputs[0][1])
        self.assertTrue(outputs[0][1].endswith("0\tOnbekend\n1\tVrouw\n2\tMan\n"))

    def test_show_output_loads_again(self):
        rc, shown, _ = oso("show", "2")
        self.assertEqual(rc, 0)
        with tempfile.TemporaryDirectory() as tmp:
            path = write(tmp, "2.tsv", shown)
            rc, again, _ = oso("show", "2", "--codelists", path)
            self.assertEqual(rc, 0)
            self.assertEqual(again.replace("# origin: " + path,
                                           "# origin: embedded:02-advies-vo.tsv"), shown)

    def test_show_empty_meanings(self):
        rc, out, _ = oso("show", "4")
        self.assertEqual(rc, 0)
        self.assertTrue(out.endswith("e-mail\t\ntelefoon\t\n"))


class Lookup(unittest.TestCase):
    def test_found(self):
        self.assertEqual(oso("lookup", "14", "2"), (0, "Man\n", ""))
        self.assertEqual(oso("lookup", "48", "OPT-UIT")[0:2],
                         (0, "Optionele categorie bewust uitgezet (selectief uitleveren)\n"))
        self.assertEqual(oso("lookup", "19", "gba"), (0, "\n", ""))

    def test_raw_comparison(self):
        for code in (" 2", "2 ", "02", "+2", "2\t", "two"):
            rc, out, err = oso("lookup", "14", code)
            self.assertEqual((rc, out), (1, ""), code)
            self.assertIn("is not a code of list 14", err)
        for code in ("verboden", "VERBODEN ", "Verboden"):
            self.assertEqual(oso("lookup", "48", code)[0], 1, code)

    def test_code_starting_with_dash(self):
        self.assertEqual(oso("lookup", "14", "--", "-1")[0], 1)

    def test_every_official_code(self):
        path = os.path.join(STANDARD_DIR, "codelists.tsv")
        if not os.path.exists(path):
            self.skipTest(path + " absent")
        with open(path, encoding="utf-8") as handle:
            rows = [line.rstrip("\n").split("\t") for line in handle][1:]
        for number, code, meaning, _ in rows:
            self.assertEqual(oso("lookup", number, code), (0, meaning + "\n", ""),
                             (number, code))


class Errors(unittest.TestCase):
    def test_usage(self):
        for args in ((), ("frobnicate",), ("show",), ("show", "14", "x"),
                     ("lookup", "14"), ("lookup", "14", "1", "2"), ("list", "--bogus"),
                     ("list", "--codelists")):
            rc, out, err = oso(*args)
            self.assertEqual(rc, 2, args)
            self.assertEqual(out, "", args)
            self.assertIn("usage: oso codelists", err, args)

    def test_unknown_or_unloaded_list(self):
        for args, message in ((("show", "foo"), "unknown codelist 'foo'"),
                              (("show", "0"), "unknown codelist '0'"),
                              (("show", "3"), "there is no list 3"),
                              (("lookup", "gba-landen", "6030"), "list gba-landen is not loaded")):
            rc, out, err = oso(*args, lang="en")
            self.assertEqual((rc, out), (2, ""), args)
            self.assertIn(message, err, args)

    def test_help(self):
        rc, out, _ = oso("--help")
        self.assertEqual(rc, 0)
        self.assertIn("usage: oso codelists", out)


class Overlays(unittest.TestCase):
    def test_replaced_list_changes_answers(self):
        with tempfile.TemporaryDirectory() as tmp:
            write(tmp, "14-geslacht.tsv", HEADER14 + "M\tMan\nV\tVrouw\n")
            write(tmp, "README", "ignored\n")
            self.assertEqual(oso("lookup", "14", "M", "--codelists", tmp), (0, "Man\n", ""))
            self.assertEqual(oso("lookup", "14", "2", "--codelists=" + tmp)[0], 1)
            self.assertEqual(oso("lookup", "14", "2")[0], 0)
            rc, out, _ = oso("list", "--codelists", tmp)
            self.assertIn("14\tGeslacht\t2020-01-01\t2\t%s/14-geslacht.tsv" % tmp, out)

    def test_later_overlay_wins(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            write(a, "14.tsv", HEADER14 + "A\ta\n")
            write(b, "14.tsv", HEADER14 + "B\tb\n")
            self.assertEqual(oso("lookup", "14", "B", "--codelists", a, "--codelists", b)[0], 0)
            self.assertEqual(oso("lookup", "14", "A", "--codelists", a, "--codelists", b)[0], 1)

    def test_malformed_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            write(tmp, "14.tsv", HEADER14 + "0\tOnbekend\n1 Vrouw\n")
            for action in (("list",), ("lookup", "14", "0"), ("show", "2")):
                rc, out, err = oso(*action, "--codelists", tmp)
                self.assertEqual((rc, out), (2, ""), action)
                self.assertIn("%s/14.tsv:5: missing TAB between code and meaning" % tmp, err)

    def test_missing_directory(self):
        rc, out, err = oso("list", "--codelists", "/nonexistent/oso-codelists")
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("/nonexistent/oso-codelists: cannot open directory", err)

    def test_toets_table(self):
        with tempfile.TemporaryDirectory() as tmp:
            write(tmp, "toets.tsv", "# list: oso-toetscodes\n# name: OSO toetscodelijst\n"
                                    "# version: 2019-01-25\n"
                                    "CET\tCentrale eindtoets\tonderdeel=no\n"
                                    "CET-RK\tRekenen\tonderdeel=yes\n")
            self.assertEqual(oso("lookup", "oso-toetscodes", "CET-RK", "--codelists", tmp),
                             (0, "Rekenen\tonderdeel=yes\n", ""))
            rc, out, _ = oso("show", "CL.oso-toetscodes", "--codelists", tmp)
            self.assertEqual(rc, 0)
            self.assertTrue(out.startswith("# list: oso-toetscodes\n"))
            self.assertTrue(out.endswith("CET\tCentrale eindtoets\tonderdeel=no\n"
                                         "CET-RK\tRekenen\tonderdeel=yes\n"))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    OSO = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    STANDARD_DIR = (sys.argv[2] if len(sys.argv) > 2 else
                    os.environ.get("OSO_STANDARD_DIR",
                                   os.path.join(here, "..", "..", "shared", "oso-2019.1")))
    unittest.main(argv=sys.argv[:1], verbosity=1)
