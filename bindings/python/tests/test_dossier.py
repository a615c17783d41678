"""Tests of liboso.Dossier, liboso.Node, liboso.Parser, validation and output."""

from __future__ import annotations

import concurrent.futures
import errno
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from support import SAMPLE, generated, sample_bytes  # noqa: E402

LEERLING = "/dossier/huidigeschool/leerling"


class Parsing(unittest.TestCase):
    def test_from_file_and_bytes_agree(self):
        with liboso.Dossier.from_file(SAMPLE) as a, liboso.Dossier.from_bytes(sample_bytes()) as b:
            self.assertEqual(a.to_xml(), b.to_xml())

    def test_from_file_accepts_path_like(self):
        import pathlib
        with liboso.Dossier.from_file(pathlib.Path(SAMPLE)) as d:
            self.assertEqual(d.get(LEERLING + "/achternaam"), "Visser")

    def test_from_fd(self):
        fd = os.open(SAMPLE, os.O_RDONLY)
        try:
            with liboso.Dossier.from_fd(fd) as d:
                self.assertEqual(d.get(LEERLING + "/voornaam"), "Fleur")
        finally:
            os.close(fd)

    def test_parser_in_chunks(self):
        data = sample_bytes()
        parser = liboso.Parser()
        for i in range(0, len(data), 7):
            parser.feed(data[i:i + 7])
        with parser.finish() as d, liboso.Dossier.from_bytes(data) as ref:
            self.assertEqual(d.to_xml(), ref.to_xml())
        with self.assertRaises(liboso.ClosedError):
            parser.feed(b"x")

    def test_parser_refusal(self):
        with liboso.Parser() as parser:
            with self.assertRaises(liboso.OsoError):
                parser.feed(b"<dossier xmlns='x'><a></b>")
                parser.feed(b"more")
            with self.assertRaises(liboso.OsoError) as cm:
                parser.finish()
            self.assertEqual(cm.exception.diagnostics[0].rule, "XML")

    def test_missing_file(self):
        # As open() and lxml do: FileNotFoundError (an OSError), and still an OsoError.
        with self.assertRaises(FileNotFoundError) as cm:
            liboso.Dossier.from_file("/nonexistent/dossier.xml")
        self.assertIsInstance(cm.exception, liboso.OsoError)
        self.assertIsInstance(cm.exception, liboso.OsoOSError)
        self.assertEqual(cm.exception.errno, errno.ENOENT)
        self.assertEqual(cm.exception.filename, "/nonexistent/dossier.xml")
        self.assertEqual(cm.exception.status, liboso.Status.IO)
        self.assertIn("/nonexistent/dossier.xml", str(cm.exception))
        self.assertTrue(cm.exception.message)

    def test_unreadable_paths_are_os_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(IsADirectoryError) as cm:
                liboso.Dossier.from_file(tmp)
            self.assertEqual(cm.exception.errno, errno.EISDIR)
            with self.assertRaises(FileNotFoundError):
                liboso.validate_file(os.path.join(tmp, "absent.xml"))
            if os.geteuid() != 0:  # root reads any file
                locked = os.path.join(tmp, "locked.xml")
                with open(locked, "wb") as handle:
                    handle.write(sample_bytes())
                os.chmod(locked, 0)
                with self.assertRaises(PermissionError):
                    liboso.Dossier.from_file(locked)

    def test_malformed_xml(self):
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Dossier.from_bytes(b"<dossier xmlns='http://www.edustandaard.nl/oso_gegevensset/"
                                   b"2019/dossier'><metadata>")
        error = cm.exception
        self.assertEqual(error.status, liboso.Status.XML)
        self.assertEqual([d.rule for d in error.diagnostics], ["XML"])
        self.assertEqual(error.diagnostics[0].severity, liboso.Severity.ERROR)
        self.assertIn("XML", str(error))

    def test_doctype_refused(self):
        data = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]>'
                b'<dossier xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier"/>')
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Dossier.from_bytes(data)
        self.assertEqual(cm.exception.status, liboso.Status.XML)

    def test_other_standard_version(self):
        data = sample_bytes().replace(b"oso_gegevensset/2019/dossier",
                                      b"oso_gegevensset/2018/dossier")
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Dossier.from_bytes(data)
        self.assertEqual(cm.exception.status, liboso.Status.UNSUPPORTED_STANDARD)

    def test_limits(self):
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.Dossier.from_bytes(sample_bytes(), limits=liboso.ParseLimits(max_depth=3))
        self.assertEqual(cm.exception.status, liboso.Status.LIMIT)
        with self.assertRaises(liboso.OsoError):
            liboso.Dossier.from_bytes(sample_bytes(), limits=liboso.ParseLimits(max_nodes=-1))
        with liboso.Dossier.from_bytes(sample_bytes(),
                                    limits=liboso.ParseLimits(max_input_bytes=1 << 20)) as d:
            self.assertIsNotNone(d.root)

    def test_wrong_argument_types(self):
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.Dossier.from_bytes("text, not bytes")  # type: ignore[arg-type]
        with self.assertRaises(ValueError):  # OsoArgumentError is a ValueError too
            liboso.Dossier.from_bytes(42)  # type: ignore[arg-type]


class Validation(unittest.TestCase):
    def setUp(self):
        self.dossier = liboso.Dossier.from_file(SAMPLE)

    def tearDown(self):
        self.dossier.close()

    def test_sample_is_valid(self):
        result = self.dossier.validate()
        self.assertIsInstance(result, list)
        self.assertTrue(result.valid)
        self.assertTrue(result)  # the truth value is the verdict, though it has diagnostics
        self.assertGreater(len(result), 0)
        self.assertEqual(result.profile, "OV")
        self.assertEqual(result.errors, [])
        for d in result:
            self.assertIsInstance(d, liboso.Diagnostic)
            self.assertIn(str(d.severity), ("warning", "info"))

    def test_invalid_value_is_reported_with_position(self):
        data = sample_bytes().replace(b"<geslacht>1</geslacht>", b"<geslacht>7</geslacht>", 1)
        with liboso.Dossier.from_bytes(data) as d:
            result = d.validate(lang="en")
        self.assertFalse(result.valid)
        self.assertFalse(result)  # the truth value is the verdict
        self.assertFalse(liboso.ValidationResult([], valid=False))  # invalid with no list
        errors = result.errors
        self.assertEqual(len(errors), 1)
        e = errors[0]
        self.assertEqual(e.rule, "CL14")
        self.assertEqual(e.severity, liboso.Severity.ERROR)
        self.assertEqual(e.path, "/dossier[1]/huidigeschool[1]/leerling[1]/geslacht[1]")
        line = data[:data.index(b"<geslacht>7")].count(b"\n") + 1
        self.assertEqual(e.line, line)
        self.assertGreater(e.column, 0)
        self.assertIn("7", e.message)
        self.assertIn(e.rule, str(e))

    def test_languages(self):
        data = sample_bytes().replace(b"<geslacht>1</geslacht>", b"<geslacht>7</geslacht>", 1)
        with liboso.Dossier.from_bytes(data) as d:
            nl = d.validate(lang="nl").errors[0].message
            en = d.validate(lang=liboso.Lang.EN).errors[0].message
        self.assertNotEqual(nl, en)
        with self.assertRaises(liboso.OsoArgumentError):
            self.dossier.validate(lang="de")

    def test_structure_errors(self):
        data = sample_bytes().replace(b"<pakketnaam>liboso voorbeeld</pakketnaam>", b"")
        with liboso.Dossier.from_bytes(data) as d:
            result = d.validate()
        self.assertFalse(result.valid)
        self.assertEqual([e.rule for e in result.errors], ["XSD"])

    def test_profiles(self):
        self.assertIsNone(self.dossier.validate(profile="none").profile)
        self.assertEqual(self.dossier.validate(profile="OV").profile, "OV")
        self.assertEqual(self.dossier.validate(profile="pao").profile, "PaO")
        self.assertEqual(self.dossier.validate(profile=liboso.Profile.PAO).profile, "PaO")
        with self.assertRaises(liboso.OsoArgumentError):
            self.dossier.validate(profile="VO")

    def test_rules(self):
        data = sample_bytes().replace(b"<geslacht>1</geslacht>", b"<geslacht>7</geslacht>", 1)
        with liboso.Dossier.from_bytes(data) as d:
            self.assertFalse(d.validate().valid)
            self.assertTrue(d.validate(rules="-codelists").valid)
            self.assertTrue(d.validate(rules=["general"]).valid)
            self.assertFalse(d.validate(rules=["codelists"]).valid)
            self.assertTrue(d.validate(rules=int(liboso.RuleGroup.GENERAL)).valid)
            self.assertFalse(d.validate(rules=liboso.RULES_OFFICIAL).valid)
        for bad in ("+bogus", ["bogus"], True):
            with self.assertRaises(liboso.OsoArgumentError):
                self.dossier.validate(rules=bad)  # type: ignore[arg-type]

    def test_strict(self):
        # Strict mode turns the stricter-than-official warnings into errors: a dossier with
        # warnings only is valid, and invalid in strict mode. Generated dossiers have some.
        for seed in range(1, 11):
            with liboso.Dossier.from_bytes(generated(seed)) as d:
                lax = d.validate()
                strict = d.validate(strict=True)
            self.assertEqual(len(lax.errors) + len(lax.warnings),
                             len(strict.errors) + len(strict.warnings))
            self.assertEqual(strict.warnings, [])
            if lax.warnings and lax.valid:
                self.assertFalse(strict.valid)
                break
        else:
            self.fail("no generated dossier with warnings only: test data no longer fits")

    def test_codelists_option(self):
        data = sample_bytes().replace(b"<geslacht>1</geslacht>", b"<geslacht>7</geslacht>", 1)
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "14.tsv"), "w", encoding="utf-8") as handle:
                handle.write("# list: 14\n# name: Geslacht\n# version: 2030-01-01\n"
                             "0\tOnbekend\n1\tVrouw\n2\tMan\n7\tAnders\n")
            with liboso.Codelists.load(tmp) as lists, liboso.Dossier.from_bytes(data) as d:
                self.assertTrue(d.validate(codelists=lists).valid)
                self.assertFalse(d.validate().valid)
        with self.assertRaises(liboso.OsoArgumentError):
            self.dossier.validate(codelists="dir")  # type: ignore[arg-type]
        lists = liboso.Codelists.default()
        lists.close()
        with self.assertRaises(liboso.ClosedError):
            self.dossier.validate(codelists=lists)

    def test_attachments_option_runs(self):
        result = self.dossier.validate(attachments=True)
        self.assertTrue(result.valid)

    def test_validate_file_and_bytes(self):
        self.assertTrue(liboso.validate_file(SAMPLE).valid)
        self.assertTrue(liboso.validate_bytes(sample_bytes(), profile="OV").valid)
        broken = liboso.validate_bytes(b"<not-closed")
        self.assertFalse(broken.valid)
        self.assertEqual([d.rule for d in broken], ["XML"])
        with self.assertRaises(FileNotFoundError) as cm:
            liboso.validate_file("/nonexistent.xml")
        self.assertEqual(cm.exception.status, liboso.Status.IO)

    def test_threads_share_codelists(self):
        docs = [generated(seed) for seed in range(1, 9)] + [sample_bytes()]

        def run(data, lists):
            with liboso.Dossier.from_bytes(data) as d:
                return [(x.rule, x.path, x.severity) for x in d.validate(codelists=lists)]

        with liboso.Codelists.default() as lists:
            expected = [run(data, lists) for data in docs]
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                got = list(pool.map(lambda data: run(data, lists), docs * 4))
        self.assertEqual(got, expected * 4)


class ReadingAndEditing(unittest.TestCase):
    def setUp(self):
        self.dossier = liboso.Dossier.from_file(SAMPLE)

    def tearDown(self):
        self.dossier.close()

    def test_get(self):
        d = self.dossier
        self.assertEqual(d.get("/dossier/huidigeschool/naam"), "Basisschool De Regenboog")
        self.assertEqual(d.get(LEERLING + "/voornaam[2]"), "Anna")
        self.assertEqual(d.get("/dossier[1]/huidigeschool[1]/leerling[1]/voornaam[1]"), "Fleur")
        self.assertIsNone(d.get(LEERLING + "/voornaam[3]"))
        self.assertIsNone(d.get(LEERLING + "/tussenvoegsel"))
        self.assertEqual(d[LEERLING + "/roepnaam"], "Fleur")
        with self.assertRaises(KeyError):
            d[LEERLING + "/tussenvoegsel"]
        with self.assertRaises(liboso.OsoArgumentError):
            d.get("/dossier/\0")

    def test_find_and_nodes(self):
        d = self.dossier
        leerling = d.find(LEERLING)
        self.assertIsNotNone(leerling)
        assert leerling is not None
        self.assertEqual(leerling.name, "leerling")
        self.assertEqual(leerling.path, "/dossier[1]/huidigeschool[1]/leerling[1]")
        self.assertEqual(leerling.parent.name, "huidigeschool")
        self.assertIsNone(d.root.parent)
        self.assertEqual([c.name for c in leerling][:3], ["voornaam", "voornaam", "voorletters-1"])
        self.assertEqual(len(leerling), len(leerling.children))
        self.assertEqual(leerling[0].text, "Fleur")
        self.assertEqual(leerling[-1].name, "verzorger")
        with self.assertRaises(IndexError):
            leerling[len(leerling)]
        first = leerling.child("voornaam")
        second = first.next(same_name=True)
        self.assertEqual((second.text, second.position), ("Anna", 2))
        self.assertEqual(second.next().name, "voorletters-1")
        self.assertIsNone(second.next(same_name=True))
        self.assertEqual(leerling.child().name, "voornaam")
        self.assertIsNone(leerling.child("nietsbestaands"))
        self.assertGreater(first.line, 0)
        self.assertGreater(first.column, 0)
        land = d.find("/dossier/huidigeschool/adreslijst/adres/land")
        self.assertEqual(land.attribute("omschrijving"), "Nederland")
        self.assertIsNone(land.attribute("bestaatniet"))
        self.assertIsInstance(land.schema_type, str)
        self.assertIsNone(d.find(LEERLING + "/tussenvoegsel"))
        with self.assertRaises(liboso.OsoError) as cm:
            d.find("not/absolute[")
        self.assertEqual(cm.exception.status, liboso.Status.INVALID_ARG)
        self.assertEqual(first, leerling.child("voornaam"))
        self.assertEqual(len({first, leerling.child("voornaam")}), 1)
        self.assertIn("leerling", repr(leerling))

    def test_set_creates_elements_in_schema_order(self):
        d = self.dossier
        node = d.set(LEERLING + "/voornaam[3]", "Zoë")
        self.assertEqual(node.position, 3)
        self.assertEqual(node.line, 0)
        self.assertEqual(d.get(LEERLING + "/voornaam[3]"), "Zoë")
        d[LEERLING + "/roepnaam"] = "Flo"
        self.assertEqual(d.get(LEERLING + "/roepnaam"), "Flo")
        with liboso.Dossier.from_bytes(d.to_xml()) as again:
            self.assertEqual(again.get(LEERLING + "/voornaam[3]"), "Zoë")
            names = [c.name for c in again.find(LEERLING)]
            self.assertEqual(names[:3], ["voornaam"] * 3)

    def test_set_refusals(self):
        d = self.dossier
        with self.assertRaises(liboso.OsoError) as cm:
            d.set("/dossier/bestaatniet", "x")
        self.assertEqual(cm.exception.status, liboso.Status.SCHEMA)
        self.assertIn("bestaatniet", cm.exception.message)
        with self.assertRaises(liboso.OsoError) as cm:
            d.set(LEERLING + "/voornaam[9]", "x")
        with self.assertRaises(liboso.OsoError) as cm:
            d.set(LEERLING + "/roepnaam", "bad \x01 char")
        self.assertEqual(cm.exception.status, liboso.Status.INVALID_ARG)
        with self.assertRaises(liboso.OsoArgumentError):
            d.set(LEERLING + "/roepnaam", "nul \0 char")
        with self.assertRaises(TypeError):
            d.set(LEERLING + "/roepnaam", 5)  # type: ignore[arg-type]

    def test_node_editing(self):
        d = self.dossier
        leerling = d.find(LEERLING)
        roepnaam = leerling.child("roepnaam")
        roepnaam.text = "Fleurtje"
        self.assertEqual(d.get(LEERLING + "/roepnaam"), "Fleurtje")
        with self.assertRaises(liboso.OsoError) as cm:
            leerling.set_text("x")
        self.assertEqual(cm.exception.status, liboso.Status.SCHEMA)
        land = d.find("/dossier/huidigeschool/adreslijst/adres/land")
        land.set_attribute("omschrijving", "NL")
        self.assertEqual(land.attribute("omschrijving"), "NL")
        land.set_attribute("omschrijving", None)
        self.assertIsNone(land.attribute("omschrijving"))
        with self.assertRaises(liboso.OsoError) as cm:
            land.set_attribute("bogus", "x")
        self.assertEqual(cm.exception.status, liboso.Status.SCHEMA)
        added = leerling.add("voorvoegsel", "van")  # placed in schema order
        self.assertEqual(added.parent, leerling)
        self.assertEqual([c.name for c in leerling][:5],
                         ["voornaam", "voornaam", "voorletters-1", "voorvoegsel", "achternaam"])
        with self.assertRaises(liboso.OsoError) as cm:
            leerling.add("voorvoegsel", "de")  # at most one
        self.assertEqual(cm.exception.status, liboso.Status.SCHEMA)
        with self.assertRaises(liboso.OsoError) as cm:
            leerling.add("bogus")
        self.assertEqual(cm.exception.status, liboso.Status.SCHEMA)

    def test_remove_invalidates_nodes(self):
        d = self.dossier
        overstapadvies = d.find(LEERLING + "/overstapadvies")
        other = d.find(LEERLING + "/roepnaam")
        overstapadvies.remove()
        self.assertIsNone(d.get(LEERLING + "/overstapadvies/advies"))
        for stale in (overstapadvies, other):
            with self.assertRaises(liboso.OsoError) as cm:
                stale.name
            self.assertEqual(cm.exception.status, liboso.Status.STATE)
        self.assertEqual(d.find(LEERLING + "/roepnaam").text, "Fleur")
        with self.assertRaises(liboso.OsoError) as cm:
            d.root.remove()
        self.assertEqual(cm.exception.status, liboso.Status.INVALID_ARG)
        self.assertFalse(d.validate().valid)

    def test_clone_is_independent(self):
        with self.dossier.clone() as copy:
            copy.set(LEERLING + "/roepnaam", "Anders")
            self.assertEqual(self.dossier.get(LEERLING + "/roepnaam"), "Fleur")
            self.assertEqual(copy.get(LEERLING + "/roepnaam"), "Anders")

    def test_new_dossier(self):
        with liboso.Dossier.new() as d:
            self.assertEqual(d.root.name, "dossier")
            self.assertEqual(len(d.root), 0)
            d.set("/dossier/metadata/deeldossier", "LAS")
            self.assertEqual(d.get("/dossier/metadata/deeldossier"), "LAS")
            result = d.validate()
            self.assertFalse(result.valid)
            self.assertIn("XSD", {e.rule for e in result.errors})

    def test_doorstroomtoets(self):
        d = self.dossier
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        d.set_doorstroomtoets(toetssoort="0013", toetsniveau="G", datum_afname="2024-02-06",
                              toets_advies="vwo", lezen="2F", taalverzorging="1F",
                              rekenen=liboso.Referentieniveau.S1, standaardscore=540,
                              toetsomschrijving="Doorstroomtoets", rapport_pdf=pdf)
        eind = LEERLING + "/eindtoets_basisonderwijs/eindtoetsresultaat"
        self.assertEqual(d.get(eind + "/toets_advies"), "vwo")
        self.assertTrue(d.validate(rules="+doorstroomtoets").valid)
        advies = d.find(eind + "/toets_advies")
        d.set_doorstroomtoets(toetssoort="0013", toetsniveau="G", datum_afname="2024-02-06",
                              toets_advies="havo", lezen="1F", taalverzorging="1F",
                              rekenen="1F")
        with self.assertRaises(liboso.OsoError) as cm:  # its element was replaced
            advies.text
        self.assertEqual(cm.exception.status, liboso.Status.STATE)
        before = d.to_xml()
        with self.assertRaises(liboso.OsoError) as cm:
            d.set_doorstroomtoets(toetssoort="0013", toetsniveau="G", datum_afname="2024-02-06",
                                  toets_advies="vwo", lezen="1S", taalverzorging="1F",
                                  rekenen="1F")
        self.assertEqual(cm.exception.status, liboso.Status.INVALID_ARG)
        self.assertEqual(d.to_xml(), before)
        with self.assertRaises(liboso.OsoArgumentError):
            d.set_doorstroomtoets(toetssoort="0013", toetsniveau="G", datum_afname="2024-02-06",
                                  toets_advies="vwo", lezen="3F")


class Output(unittest.TestCase):
    def setUp(self):
        self.dossier = liboso.Dossier.from_file(SAMPLE)

    def tearDown(self):
        self.dossier.close()

    def test_xml_round_trip(self):
        xml = self.dossier.to_xml()
        self.assertIsInstance(xml, bytes)
        self.assertTrue(xml.startswith(b"<?xml"))
        with liboso.Dossier.from_bytes(xml) as again:
            self.assertEqual(again.to_xml(), xml)
        compact = self.dossier.to_xml(compact=True)
        self.assertLess(len(compact), len(xml))
        with liboso.Dossier.from_bytes(compact) as again:
            self.assertEqual(again.to_xml(), xml)

    def test_json(self):
        text = self.dossier.to_json()
        doc = json.loads(text)
        leerling = doc["dossier"]["huidigeschool"]["leerling"]
        if isinstance(leerling, list):
            leerling = leerling[0]
        self.assertEqual(leerling["voornaam"], ["Fleur", "Anna"])
        self.assertIn("UEsDB", text)
        self.assertLess(len(self.dossier.to_json(compact=True)), len(text))
        omitted = self.dossier.to_json(omit_attachments=True)
        self.assertNotIn("UEsDB", omitted)
        json.loads(omitted)

    def test_save(self):
        with tempfile.TemporaryDirectory() as tmp:
            xml_path = os.path.join(tmp, "out.xml")
            self.dossier.save_xml(xml_path)
            with open(xml_path, "rb") as handle:
                self.assertEqual(handle.read(), self.dossier.to_xml())
            json_path = os.path.join(tmp, "out.json")
            self.dossier.save_json(json_path, compact=True)
            with open(json_path, encoding="utf-8") as handle:
                self.assertEqual(handle.read(), self.dossier.to_json(compact=True))
            fd_path = os.path.join(tmp, "fd.xml")
            with open(fd_path, "wb") as handle:
                self.dossier.save_xml(handle.fileno(), compact=True)
            with open(fd_path, "rb") as handle:
                self.assertEqual(handle.read(), self.dossier.to_xml(compact=True))
            with open(fd_path, "wb") as handle:
                self.dossier.save_json(handle.fileno(), omit_attachments=True)
            with open(fd_path, encoding="utf-8") as handle:
                self.assertEqual(handle.read(), self.dossier.to_json(omit_attachments=True))
            with self.assertRaises(FileNotFoundError) as cm:
                self.dossier.save_xml(os.path.join(tmp, "no", "such", "dir.xml"))
            self.assertEqual(cm.exception.status, liboso.Status.IO)


class Redaction(unittest.TestCase):
    def setUp(self):
        self.dossier = liboso.Dossier.from_file(SAMPLE)

    def tearDown(self):
        self.dossier.close()

    DOC = LEERLING + "/overigdocumentlijst/document/bestandsnaam"
    CAT = "/dossier/metadata/categorie_uitlevering/cat_bijlagedocs"

    def test_redact_forms(self):
        for spec in ({"bijlagedocs": "OPT-UIT"}, {"cat_bijlagedocs": liboso.ReleaseValue.OPT_UIT},
                     "bijlagedocs=OPT-UIT", "cat_bijlagedocs=OPT-UIT", "OV-POVO-opt-out",
                     "OV-POVO,bijlagedocs=OPT-UIT", liboso.Release("bijlagedocs=OPT-UIT")):
            with self.subTest(spec=spec), self.dossier.redact(spec) as red:
                self.assertIsNone(red.get(self.DOC))
                self.assertEqual(red.get(self.CAT), "OPT-UIT")
                self.assertTrue(red.redaction_result.valid)
                self.assertEqual(red.redaction_result.profile, "OV")
        self.assertEqual(self.dossier.get(self.DOC), "verslag.txt")  # input unchanged

    def test_redact_keeps_own_values(self):
        for spec in (None, "metadata", "OV-POVO", {}):
            with self.subTest(spec=spec), self.dossier.redact(spec) as red:
                self.assertEqual(red.get(self.DOC), "verslag.txt")
                self.assertIsNone(self.dossier.redaction_result)

    def test_redact_refusals(self):
        with self.assertRaises(liboso.OsoError) as cm:
            self.dossier.redact("cat_metadata=OPT-UIT")
        self.assertEqual(cm.exception.status, liboso.Status.RELEASE)
        errors = [d for d in cm.exception.diagnostics if d.severity == liboso.Severity.ERROR]
        self.assertTrue(errors)
        self.assertTrue(all(d.rule.startswith("OS.cat") for d in errors), errors)
        with self.assertRaises(liboso.OsoError) as cm:
            self.dossier.redact("OV-XX")
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoError) as cm:
            self.dossier.redact("vve=MAYBE")
        self.assertEqual(cm.exception.status, liboso.Status.INVALID_ARG)
        with self.assertRaises(liboso.OsoArgumentError):
            self.dossier.redact({"vve": "MAYBE"})
        with self.assertRaises(liboso.OsoError) as cm:
            self.dossier.redact({"bogus": "OPT-UIT"})
        self.assertEqual(cm.exception.status, liboso.Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoArgumentError):
            self.dossier.redact(42)  # type: ignore[arg-type]


class Lifetime(unittest.TestCase):
    def test_close_and_context_manager(self):
        d = liboso.Dossier.from_file(SAMPLE)
        node = d.root
        with d:
            self.assertFalse(d.closed)
        self.assertTrue(d.closed)
        d.close()  # idempotent
        for call in (lambda: d.get("/dossier"), d.validate, d.to_xml, d.to_json, d.clone,
                     lambda: d.root, lambda: node.name, lambda: d.redact("OV-POVO")):
            with self.assertRaises(liboso.ClosedError) as cm:
                call()
            self.assertEqual(cm.exception.status, liboso.Status.STATE)
        self.assertIn("closed", repr(d))

    def test_version_and_errors(self):
        self.assertRegex(liboso.library_version(), r"^\d+\.\d+\.\d+$")
        self.assertTrue(os.path.exists(liboso.library_path()) or "liboso" in liboso.library_path())
        self.assertEqual(liboso.strerror(liboso.Status.OK), liboso.strerror(0))
        self.assertNotEqual(liboso.strerror(liboso.Status.IO), liboso.strerror(liboso.Status.XML))
        error = liboso.OsoError(liboso.Status.SCHEMA, "msg")
        self.assertEqual(str(error), "msg [SCHEMA]")
        self.assertEqual(liboso.OsoError(99, "odd").status, 99)


if __name__ == "__main__":
    unittest.main()
