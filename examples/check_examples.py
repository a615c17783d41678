#!/usr/bin/env python3
"""Checks that the examples work (run by `meson test --suite examples`).

    check_examples.py CLASS [-v]     (ValidateC, BuildDossier, ImportPipeline, ValidateJava,
                                      MavenExample)

Paths come from the environment (set by examples/meson.build): OSO_CLI, GEN_DOSSIER,
EXAMPLE_VALIDATE, EXAMPLE_BUILD_DOSSIER, EXAMPLE_INVALID_DOSSIER, JAVA, EXAMPLE_JAVA_ARGS,
EXAMPLE_MAVEN (the command that runs Maven on examples/maven/pom.xml, as a JSON list),
EXAMPLE_JNA_LIBRARY_PATH
(JSON list); PYTHONPATH makes the `oso` package of the build tree importable for the pipeline.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "sample-dossier.xml")
ENV = os.environ


def run(*cmd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=300, **kwargs)


def oso_json(*files: str) -> dict:
    """`oso validate --format json` per file (the CLI is the reference)."""
    result = run(ENV["OSO_CLI"], "validate", "--format", "json", *files)
    assert result.returncode in (0, 1), result.stderr
    return {obj["file"]: obj for obj in map(json.loads, result.stdout.splitlines())}


class ValidateC(unittest.TestCase):
    """examples/validate.c: import side."""

    def test_valid(self):
        r = run(ENV["EXAMPLE_VALIDATE"], "--lang", "en", SAMPLE)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"{SAMPLE}: valid (profile OV; 0 error(s), 0 warning(s))", r.stdout)
        self.assertIn("info CL.gba-landen: The code table", r.stdout)

    def test_invalid(self):
        bad = ENV["EXAMPLE_INVALID_DOSSIER"]
        r = run(ENV["EXAMPLE_VALIDATE"], SAMPLE, bad)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"{bad}: INVALID (profile OV; 1 error(s)", r.stdout)
        self.assertRegex(r.stdout, rf"{bad}:\d+:\d+: error CL14: .* at /dossier\[1\]/")

    def test_trouble(self):
        r = run(ENV["EXAMPLE_VALIDATE"], SAMPLE, "/nonexistent/x.xml")
        self.assertEqual(r.returncode, 2)
        self.assertIn("/nonexistent/x.xml", r.stderr)
        self.assertEqual(run(ENV["EXAMPLE_VALIDATE"]).returncode, 2)
        self.assertEqual(run(ENV["EXAMPLE_VALIDATE"], "--bogus", SAMPLE).returncode, 2)
        with tempfile.TemporaryDirectory() as tmp:
            lists = os.path.join(tmp, "lists")
            os.mkdir(lists)
            with open(os.path.join(lists, "14.tsv"), "w", encoding="utf-8") as handle:
                handle.write("# list: 14\n# name: Geslacht\n# version: 2030-01-01\n0\tx\n")
            r = run(ENV["EXAMPLE_VALIDATE"], "--codelists", lists, SAMPLE)
            self.assertEqual(r.returncode, 1, r.stdout)  # the sample's codes 1 and 2 are gone
            self.assertIn("CL14", r.stdout)


class BuildDossier(unittest.TestCase):
    """examples/build_dossier.c: export side; its output must pass `oso validate`."""

    def test_output_is_valid(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "built.xml")
            r = run(ENV["EXAMPLE_BUILD_DOSSIER"], out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("valid OV-POVO dossier with 1 attachment(s), cat_verzuim OPT-UIT",
                          r.stdout)
            for flags in ([], ["--attachments", "--strict"]):
                v = run(ENV["OSO_CLI"], "validate", "--format", "json", *flags, out)
                self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
                result = json.loads(v.stdout)
                self.assertTrue(result["valid"])
                self.assertEqual(result["profile"], "OV")
                self.assertEqual([d for d in result["diagnostics"]
                                  if d["severity"] != "info"], [])
            with open(out, encoding="utf-8") as handle:
                xml = handle.read()
            self.assertIn("<bestandsnaam>intakeverslag.txt</bestandsnaam>", xml)
            self.assertIn("<cat_verzuim>OPT-UIT</cat_verzuim>", xml)
            self.assertEqual(xml.count("<voornaam>"), 3)  # two for the pupil, one for Eva

    def test_usage(self):
        self.assertEqual(run(ENV["EXAMPLE_BUILD_DOSSIER"]).returncode, 2)
        r = run(ENV["EXAMPLE_BUILD_DOSSIER"], "/nonexistent/dir/out.xml")
        self.assertEqual(r.returncode, 2)
        self.assertIn("oso_dossier_save_xml", r.stderr)


class ImportPipeline(unittest.TestCase):
    """examples/import_pipeline.py: batch import into SQLite."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.input = os.path.join(cls.tmp.name, "in")
        os.makedirs(os.path.join(cls.input, "regio"))
        cls.files = []
        cls.invalid_attachments = []
        for seed in range(1, 7):
            path = os.path.join(cls.input, f"gen-{seed}.xml")
            # odd seeds: attachments no reader can open; even seeds: real ones
            extra = ["--invalid-attachments"] if seed % 2 else []
            subprocess.run([ENV["GEN_DOSSIER"], "--seed", str(seed), "--profile", "OV-POVO",
                            "-o", path] + extra, check=True, timeout=120)
            cls.files.append(path)
            if extra:
                cls.invalid_attachments.append(path)
        sample = os.path.join(cls.input, "regio", "sample-dossier.xml")
        with open(SAMPLE, "rb") as src, open(sample, "wb") as dst:
            dst.write(src.read())
        broken = os.path.join(cls.input, "broken.xml")
        with open(broken, "wb") as handle:
            handle.write(b"<dossier xmlns='http://www.edustandaard.nl/oso_gegevensset/2019/"
                         b"dossier'><metadata>")
        cls.sample, cls.broken = sample, broken
        cls.files += [sample, broken]
        cls.db = os.path.join(cls.tmp.name, "dossiers.sqlite")
        cls.attachments = os.path.join(cls.tmp.name, "attachments")
        cls.runs = [run(sys.executable, os.path.join(HERE, "import_pipeline.py"), "--jobs", "4",
                        "--db", cls.db, "--attachments", cls.attachments, "--lang", "en",
                        cls.input) for _ in range(2)]  # the second run re-imports
        cls.reference = oso_json(*cls.files)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def query(self, sql, *args):
        db = sqlite3.connect(self.db)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def test_runs_and_summary(self):
        for r in self.runs:
            self.assertEqual(r.returncode, 0, r.stderr)
        first = self.runs[0].stdout.splitlines()[0]
        valid = sum(1 for obj in self.reference.values() if obj["valid"])
        self.assertRegex(first, rf"^8 dossier\(s\) in [\d.]+ s: {valid} valid, {8 - valid} invalid$")
        failed = self.query("SELECT count(*) FROM attachments WHERE error IS NOT NULL")[0][0]
        total = self.query("SELECT count(*) FROM attachments")[0][0]
        self.assertGreater(failed, 0)
        self.assertIn(f"attachments: {total - failed} extracted, {failed} not extractable",
                      self.runs[0].stdout)

    def test_pupils_match_the_cli(self):
        rows = self.query("SELECT file, valid, profile, errors, warnings FROM pupils")
        self.assertEqual(sorted(r[0] for r in rows), sorted(self.files))  # no duplicates
        for file, valid, profile, errors, warnings in rows:
            ref = self.reference[file]
            with self.subTest(file=file):
                self.assertEqual(bool(valid), ref["valid"])
                self.assertEqual(profile, ref["profile"])
                self.assertEqual(errors, sum(d["severity"] == "error" for d in ref["diagnostics"]))
                self.assertEqual(warnings,
                                 sum(d["severity"] == "warning" for d in ref["diagnostics"]))

    def test_diagnostics_match_the_cli(self):
        for file in self.files:
            rows = self.query("SELECT d.rule, d.severity, d.path, d.line, d.col FROM diagnostics d"
                              " JOIN pupils p ON p.id = d.pupil_id WHERE p.file = ?", file)
            ref = [(d["rule"], d["severity"], d["path"], d["line"], d["column"])
                   for d in self.reference[file]["diagnostics"]]
            self.assertEqual(sorted(rows), sorted(ref), file)
        self.assertEqual(self.query("SELECT rule FROM diagnostics d JOIN pupils p"
                                    " ON p.id = d.pupil_id WHERE p.file = ?", self.broken),
                         [("XML",)])

    def test_sample_pupil(self):
        self.assertEqual(self.query("SELECT name, birth_date, school, brin, overdracht, profile,"
                                    " valid FROM pupils WHERE file = ?", self.sample),
                         [("Fleur Visser", "2012-09-14", "Basisschool De Regenboog", "99ZZ00",
                           "overstapdossier", "OV", 1)])
        broken = self.query("SELECT name, school, valid FROM pupils WHERE file = ?", self.broken)
        self.assertEqual(broken, [(None, None, 0)])

    def test_attachments(self):
        rows = self.query("SELECT a.filename, a.category, a.extracted, a.error FROM attachments a"
                          " JOIN pupils p ON p.id = a.pupil_id WHERE p.file = ?"
                          " ORDER BY a.path", self.sample)
        self.assertEqual([(r[0], r[1], r[3]) for r in rows],
                         [("leerlingrapport.pdf", "cat_eindtoetsbo", None),
                          ("verslag.txt", "cat_bijlagedocs", None)])
        pdf = rows[0][2]
        self.assertTrue(pdf.startswith(os.path.join(self.attachments, "regio", "sample-dossier")))
        with open(pdf, "rb") as handle:
            self.assertTrue(handle.read().startswith(b"%PDF"))
        # generated with --invalid-attachments: recorded as not extractable; the others extracted
        for path in self.files[:6]:
            errors = [r[0] for r in self.query(
                "SELECT a.error FROM attachments a JOIN pupils p ON p.id = a.pupil_id"
                " WHERE p.file = ?", path)]
            self.assertTrue(errors, path)
            if path in self.invalid_attachments:
                self.assertTrue(all(errors), path)
            else:
                self.assertFalse(any(errors), path)
        self.assertEqual(self.query("SELECT count(*) FROM attachments WHERE error IS NOT NULL"
                                    " AND extracted IS NOT NULL")[0][0], 0)
        self.assertEqual(self.query("SELECT count(*) FROM attachments WHERE error IS NULL"
                                    " AND extracted IS NULL")[0][0], 0)


class ValidateJava(unittest.TestCase):
    """examples/Validate.java."""

    def java(self, *args):
        return run(ENV["JAVA"], *json.loads(ENV["EXAMPLE_JAVA_ARGS"]), "Validate", *args)

    def test_valid_and_invalid(self):
        r = self.java("--en", SAMPLE)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"{SAMPLE}: valid (profile OV; 0 error(s), 0 warning(s))", r.stdout)
        bad = ENV["EXAMPLE_INVALID_DOSSIER"]
        r = self.java(SAMPLE, bad)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stdout, rf"{bad}:\d+:\d+: error CL14: ")
        r = self.java("/nonexistent/x.xml")
        self.assertEqual(r.returncode, 2)
        self.assertIn("/nonexistent/x.xml", r.stderr)


class MavenExample(unittest.TestCase):
    """examples/maven: nl.oso:liboso by its coordinates, run with `mvn compile exec:exec`."""

    def mvn(self, *args):
        return run(*json.loads(ENV["EXAMPLE_MAVEN"]), *args, "compile", "exec:exec")

    def test_bundled_library(self):
        # The jar with classifier linux-x86-64 carries liboso.so.1: no library path given.
        r = self.mvn("-Doso.classifier=linux-x86-64", "-Doso.dossier=" + SAMPLE)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"{SAMPLE}: valid (profile OV;", r.stdout)

    def test_plain_jar_invalid_dossier(self):
        bad = ENV["EXAMPLE_INVALID_DOSSIER"]
        r = self.mvn("-Doso.javaOptions=-Djna.library.path=" + ENV["EXAMPLE_JNA_LIBRARY_PATH"],
                     "-Doso.dossier=" + bad)
        self.assertNotEqual(r.returncode, 0)
        self.assertRegex(r.stdout, rf"{bad}:\d+:\d+: error CL14: ")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[1:])
