"""Tests of liboso.check_message (the doorstroomtoets chain messages)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from liboso import ChainMessageType  # noqa: E402

ADVIEZEN = {
    "datumtijd": "2026-01-15T12:00:00Z", "auteur": "Proef-LAS",
    "versie": "Doorstroomtoetsketen_v1.1", "profiel": "Schooladviezen", "schooljaar": "2025-2026",
    "deelnemersgroep": {"instellingscode": "12AB", "vestigingscode": "00",
                        "onderwijsaanbiedercode": "100B200", "onderwijslocatiecode": "200C300",
                        "administratienr": "3"},
    "voorlopigSchooladviezen": [{"deelnemerref": [{"label": "LAS-key",
                                                   "onderwijsdeelnemerID": "ll-1"}],
                                 "advies": "HAVO"}],
}


class CheckMessage(unittest.TestCase):
    def test_valid_message_is_recognised(self):
        result = liboso.check_message(json.dumps(ADVIEZEN).encode())
        self.assertTrue(result.valid)
        self.assertEqual(result.message_type, ChainMessageType.SCHOOLADVIEZENLIJST)
        self.assertEqual(len(result), 0)
        self.assertEqual(liboso.message_type_name(result.message_type), "Schooladviezenlijst")

    def test_findings_have_pointer_and_position(self):
        bad = dict(ADVIEZEN, versie="Doorstroomtoetsketen_v1.0")
        result = liboso.check_message(json.dumps(bad, indent=1).encode(), lang="en")
        self.assertFalse(result.valid)
        [d] = result
        self.assertEqual((d.rule, d.path, d.line, d.column), ("DTM.ENUM", "/versie", 4, 12))
        self.assertIn("Doorstroomtoetsketen_v1.1", d.message)

    def test_fixed_type_and_limits(self):
        raw = json.dumps(ADVIEZEN).encode()
        result = liboso.check_message(raw, message_type="Deelnemerslijst")
        self.assertEqual(result.message_type, ChainMessageType.DEELNEMERSLIJST)
        self.assertFalse(result.valid)
        self.assertEqual(liboso.check_message(raw, max_bytes=10)[0].rule, "DTM.SIZE")
        self.assertEqual(liboso.check_message(raw, max_depth=1)[0].rule, "DTM.DEPTH")
        with self.assertRaises(liboso.OsoError):
            liboso.check_message(raw, message_type="Toetsuitslag")

    def test_hostile_input(self):
        for raw, rule in ((b'{"a": 1, "a": 2}', "DTM.DUPLICATE"), (b'{"a": "\xff"}', "DTM.UTF8"),
                          (b"[" * 10000, "DTM.DEPTH"), (b'{"a": 1e999}', "DTM.NUMBER"),
                          (b'{"profiel": "Sch', "DTM.JSON")):
            with self.subTest(rule):
                self.assertEqual([d.rule for d in liboso.check_message(raw)], [rule])

    def test_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "lijst.json")
            with open(path, "w") as f:
                json.dump(ADVIEZEN, f)
            self.assertTrue(liboso.check_message_file(path).valid)
            with self.assertRaises(liboso.OsoError):
                liboso.check_message_file(os.path.join(tmp, "geen.json"))


SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples",
                      "sample-dossier.xml")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RESULT = {
    "datumtijd": "2024-03-01T09:00:00Z", "auteur": "Toetsdienst",
    "versie": "Doorstroomtoetsketen_v1.1", "profiel": "Leerlingtoetsresultaat",
    "schooljaar": "2023-2024",
    "resultatenscores": {
        "id": "rs-1", "deelnemerref": [{"label": "LAS-key", "onderwijsdeelnemerID": "L-1"}],
        "versie": "Definitief", "toetsdefinitie": "ROUTE_8",
        "afnamecontext": {"afname": {"id": "a", "afnametijdstip": "2024-02-06T09:00:00Z"}},
        "resultaten": {"resultaten": [
            {"label": "Toetsadvies", "waarde": "havo"},
            {"label": "Referentieniveau", "toetseenheid": "REKENEN", "waarde": "1F"},
            {"label": "Referentieniveau", "toetseenheid": "LEZEN", "waarde": "2F"},
            {"label": "Referentieniveau", "toetseenheid": "TAALVERZORGING", "waarde": "1F"},
            {"label": "Percentielscore", "toetseenheid": "LEZEN", "waarde": "80"}]}},
    "toets": {"label": "Doorstroomtoets", "id": "ROUTE_8", "naam": "Route 8"},
}


class Writers(unittest.TestCase):
    SCHOOL = {"instellingscode": "12AB", "vestigingscode": "00", "onderwijsaanbiedercode": "1B2",
              "onderwijslocatiecode": "2C3", "administratienr": "3"}

    def test_schooladviezenlijst(self):
        raw = liboso.write_schooladviezenlijst(
            datumtijd="2026-01-15T12:00:00Z", auteur="Proef-LAS", schooljaar="2025-2026",
            school=self.SCHOOL, adviezen=[([("ECK-iD", "e-1"), ("LAS-key", "l-1")], "VWO"),
                                          ([("LAS-key", "l-2")], "VMBO_GL/TL")])
        doc = json.loads(raw)
        self.assertEqual(doc["versie"], "Doorstroomtoetsketen_v1.1")
        self.assertEqual([a["advies"] for a in doc["voorlopigSchooladviezen"]],
                         ["VWO", "VMBO_GL/TL"])
        self.assertTrue(liboso.check_message(raw).valid)

    def test_refused(self):
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.write_schooladviezenlijst(datumtijd="gisteren", auteur="x", schooljaar="2025-2026",
                                          school=self.SCHOOL, adviezen=[([("LAS-key", "l")], "HBO")])
        self.assertEqual(sorted(d.rule for d in cm.exception.findings), ["DTM.ENUM", "DTM.FORMAT"])
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.write_schooladviezenlijst(datumtijd="x", auteur="x", schooljaar="x",
                                          school={"brin": "x"}, adviezen=[])

    def test_ontvangstmelding(self):
        self.assertEqual(json.loads(liboso.write_ontvangstmelding("ok")), {"melding": "ok"})
        self.assertEqual(json.loads(liboso.write_ontvangstmelding(None)), {})


class Bridges(unittest.TestCase):
    def test_import_leerlingresultaat(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            result = d.import_leerlingresultaat(json.dumps(RESULT).encode(), PDF)
            self.assertTrue(result.valid)
            self.assertEqual([x.rule for x in result], ["DTM.BRIDGE_DROPPED"])
            self.assertEqual(d.get("/dossier/huidigeschool/leerling/eindtoets_basisonderwijs/"
                                   "eindtoetsresultaat/toetssoort"), "0012")
            self.assertTrue(d.validate(rules="+doorstroomtoets").valid)
            bad = json.loads(json.dumps(RESULT))
            bad["resultatenscores"]["toetsdefinitie"] = "AMN"
            result = d.import_leerlingresultaat(json.dumps(bad).encode(), PDF, lang="en")
            self.assertFalse(result.valid)
            self.assertEqual(result.errors[0].path, "/resultatenscores/toetsdefinitie")

    def test_schooladvies_for_code(self):
        self.assertEqual(liboso.schooladvies_for_code("40"), ("VMBO_GL/TL", True))
        self.assertEqual(liboso.schooladvies_for_code("61"), ("HAVO_TM_VWO", False))
        with self.assertRaises(liboso.OsoError):
            liboso.schooladvies_for_code("99")


if __name__ == "__main__":
    unittest.main()
