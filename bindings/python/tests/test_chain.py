"""Tests of the doorstroomtoets chain API: checking, writing, bridges, routing."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
import support  # noqa: E402
from liboso import (ChainGroup, ChainMessageType, ChainParticipant, ChainResult,  # noqa: E402
                    ChainScore, ChainTestPart, Severity, Status)

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

    GROEPEN = [ChainGroup("g8b", "Groep 8b", "8"), ChainGroup("g7a", "Groep 7a", "7")]

    def deelnemers(self, geslacht=1):
        return [ChainParticipant([("ECK-iD", "eck-77"), ("LAS-key", "ll-0042")], "Vries", "Sanne",
                                 "g8b", "8", "S.", "2014-02-28", 2, voorvoegsel="de"),
                ChainParticipant([("LAS-key", "ll-0043")], "Yılmaz", "Emre", "g7a", "7", "E.",
                                 "2015-11-02", geslacht)]

    def test_deelnemerslijst(self):
        raw = liboso.write_deelnemerslijst(
            datumtijd="2025-10-01T08:30:00+02:00", auteur="Proef-LAS", schooljaar="2025-2026",
            school=self.SCHOOL, groepen=self.GROEPEN, deelnemers=self.deelnemers())
        result = liboso.check_message(raw)
        self.assertTrue(result.valid, list(result))
        self.assertEqual(result.message_type, ChainMessageType.DEELNEMERSLIJST)
        doc = json.loads(raw)
        self.assertEqual(doc["profiel"], "Toetsdeelnemers")
        self.assertEqual([(g["label"], g["id"], g["niveau"]["niveau"]) for g in doc["groepen"]],
                         [("Stamgroep", "g8b", "8"), ("Stamgroep", "g7a", "7")])
        sanne, emre = doc["deelnemers"]
        self.assertEqual(sanne["deelnemerref"],
                         [{"label": "ECK-iD", "onderwijsdeelnemerID": "eck-77"},
                          {"label": "LAS-key", "onderwijsdeelnemerID": "ll-0042"}])
        self.assertEqual((sanne["voorvoegsel"], sanne["extensie"]["geslacht"]), ("de", 2))
        self.assertEqual(emre["achternaam"], "Yılmaz")
        self.assertNotIn("voorvoegsel", emre)

    def test_deelnemerslijst_refused(self):
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.write_deelnemerslijst(
                datumtijd="2025-10-01T08:30:00Z", auteur="Proef-LAS", schooljaar="2025-2026",
                school=self.SCHOOL, groepen=self.GROEPEN, deelnemers=self.deelnemers(geslacht=3),
                lang="en")
        self.assertEqual(cm.exception.status, Status.INVALID)
        [finding] = cm.exception.findings
        self.assertEqual((finding.rule, finding.path),
                         ("DTM.ENUM", "/deelnemers/1/extensie/geslacht"))
        self.assertEqual(cm.exception.diagnostics, list(cm.exception.findings))
        self.assertIn("/deelnemers/1/extensie/geslacht", str(cm.exception))
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.write_deelnemerslijst(
                datumtijd="2025-10-01T08:30:00Z", auteur="Proef-LAS", schooljaar="2025-2026",
                school=self.SCHOOL, groepen=[], deelnemers=self.deelnemers())
        self.assertEqual([(d.rule, d.path) for d in cm.exception.findings],
                         [("DTM.ITEMS", "/groepen")])
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.write_deelnemerslijst(
                datumtijd="2025-10-01T08:30:00Z", auteur="Proef\0LAS", schooljaar="2025-2026",
                school=self.SCHOOL, groepen=self.GROEPEN, deelnemers=self.deelnemers())

    def leerlingresultaat(self, **changes):
        fields = dict(
            datumtijd="2024-03-01T09:00:00Z", auteur="Toetsdienst", schooljaar="2023-2024",
            id="rs-1", identities=[("LAS-key", "L-2016-0042")], result_versie="Definitief",
            toetsdefinitie="ROUTE_8", afname_id="af-1", afnametijdstip="2024-02-06T09:00:00Z",
            scores_id="sc-1",
            scores=[ChainScore("Toetsscore", "s1", "212"),
                    ChainScore("Detailscore", "s2", "48", toetseenheid="REKENEN")],
            aanvullendeinfo="https://example.org/leerlingrapport/rs-1",
            resultaten=[ChainResult("Toetsadvies", "havo"),
                        ChainResult("Referentieniveau", "1S", toetseenheid="REKENEN"),
                        ChainResult("Referentieniveau", "2F", toetseenheid="LEZEN"),
                        ChainResult("Referentieniveau", "1F", toetseenheid="TAALVERZORGING")],
            toets_id="ROUTE_8", toets_naam="Route 8",
            onderdelen=[ChainTestPart("REKENEN", "Rekenen"),
                        ChainTestPart("NEDERLANDSE_TAAL", parts=[
                            ChainTestPart("LEZEN", "Lezen", [
                                ChainTestPart("9010", "Lezen - Begrijpend lezen")]),
                            ChainTestPart("TAALVERZORGING")])])
        fields.update(changes)
        return liboso.write_leerlingresultaat(**fields)

    def test_leerlingresultaat(self):
        raw = self.leerlingresultaat()
        result = liboso.check_message(raw)
        self.assertTrue(result.valid, list(result))
        self.assertEqual(result.message_type, ChainMessageType.LEERLINGRESULTAAT)
        doc = json.loads(raw)
        self.assertEqual(doc["profiel"], "Leerlingtoetsresultaat")
        scores = doc["resultatenscores"]["scores"]
        self.assertEqual(scores["id"], "sc-1")
        self.assertEqual([(x["label"], x.get("toetseenheid")) for x in scores["scores"]],
                         [("Toetsscore", None), ("Detailscore", "REKENEN")])
        taal = doc["toets"]["toetsonderdelen"][1]
        self.assertEqual((taal["label"], taal["toetsonderdelen"][0]["label"],
                          taal["toetsonderdelen"][0]["toetsonderdelen"][0]["label"]),
                         ("Onderdeel", "Domein", "Subdomein"))
        self.assertNotIn("toetsonderdelen", doc["toets"]["toetsonderdelen"][0])
        minimal = json.loads(self.leerlingresultaat(scores_id=None, scores=(), onderdelen=()))
        self.assertNotIn("scores", minimal["resultatenscores"])
        self.assertNotIn("toetsonderdelen", minimal["toets"])
        # What is written imports into a dossier.
        with liboso.Dossier.from_file(SAMPLE) as d:
            imported = d.import_leerlingresultaat(raw, PDF)
            self.assertTrue(imported.valid, list(imported))
            self.assertEqual([(x.rule, x.path) for x in imported],
                             [("DTM.BRIDGE_DROPPED", "/resultatenscores/scores/scores/1")])
            block = "/dossier/huidigeschool/leerling/eindtoets_basisonderwijs/eindtoetsresultaat/"
            self.assertEqual((d.get(block + "toetssoort"), d.get(block + "standaardscore")),
                             ("0012", "212"))

    def test_leerlingresultaat_refused(self):
        with self.assertRaises(liboso.OsoError) as cm:
            self.leerlingresultaat(toetsdefinitie="CITO")
        self.assertEqual(cm.exception.status, Status.INVALID)
        self.assertEqual([(d.rule, d.path) for d in cm.exception.findings],
                         [("DTM.ENUM", "/resultatenscores/toetsdefinitie")])
        with self.assertRaises(liboso.OsoError) as cm:
            self.leerlingresultaat(resultaten=[])
        self.assertIn(("DTM.ITEMS", "/resultatenscores/resultaten/resultaten"),
                      [(d.rule, d.path) for d in cm.exception.findings])
        below_subdomein = ChainTestPart("NEDERLANDSE_TAAL", parts=[ChainTestPart("LEZEN", parts=[
            ChainTestPart("9010", parts=[ChainTestPart("9010")])])])
        with self.assertRaises(liboso.OsoError) as cm:
            self.leerlingresultaat(onderdelen=[below_subdomein])
        self.assertEqual(cm.exception.status, Status.INVALID_ARG)
        with self.assertRaises(liboso.OsoArgumentError):
            self.leerlingresultaat(scores_id=None)

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
            # The block is replaced: nodes into the old one are stale, not silently detached.
            stale = d.find("/dossier/huidigeschool/leerling/eindtoets_basisonderwijs")
            d.import_leerlingresultaat(json.dumps(RESULT).encode(), PDF)
            with self.assertRaises(liboso.OsoError) as cm:
                stale.text
            self.assertEqual(cm.exception.status, Status.STATE)
            bad = json.loads(json.dumps(RESULT))
            bad["resultatenscores"]["toetsdefinitie"] = "AMN"
            result = d.import_leerlingresultaat(json.dumps(bad).encode(), PDF, lang="en")
            self.assertFalse(result.valid)
            self.assertEqual(result.errors[0].path, "/resultatenscores/toetsdefinitie")

    def test_advice_from_dossier(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            advice = liboso.advice_from_dossier(d)
        self.assertEqual(advice, ([("LAS-key", "L-2016-0042")], "HAVO"))
        dossiers = [liboso.Dossier.from_bytes(support.generated(seed)) for seed in (1, 2, 3)]
        try:
            adviezen = [liboso.advice_from_dossier(d) for d in dossiers]
            for d, (identities, advies) in zip(dossiers, adviezen):
                leerling = "/dossier/huidigeschool/leerling/"
                self.assertEqual(identities, [("LAS-key", d.get(leerling + "leerlingid"))])
                code = d.get(leerling + "overstapadvies/advies")
                self.assertEqual(advies, liboso.schooladvies_for_code(code)[0])
        finally:
            for d in dossiers:
                d.close()
        raw = liboso.write_schooladviezenlijst(
            datumtijd="2026-01-15T12:00:00Z", auteur="Proef-LAS", schooljaar="2025-2026",
            school=Writers.SCHOOL, adviezen=adviezen)
        self.assertTrue(liboso.check_message(raw).valid)
        self.assertEqual([a["advies"] for a in json.loads(raw)["voorlopigSchooladviezen"]],
                         [advies for _, advies in adviezen])

    def test_advice_from_dossier_not_found(self):
        with liboso.Dossier.from_file(SAMPLE) as d:
            d.set("/dossier/huidigeschool/leerling/overstapadvies/advies", "99")
            with self.assertRaises(liboso.OsoError) as cm:
                liboso.advice_from_dossier(d)
            self.assertEqual(cm.exception.status, Status.NOT_FOUND)
            d.find("/dossier/huidigeschool/leerling/overstapadvies").remove()
            with self.assertRaises(liboso.OsoError) as cm:
                liboso.advice_from_dossier(d)
            self.assertIn("overstapadvies/advies", cm.exception.message)
            d.find("/dossier/huidigeschool/leerling/leerlingid").remove()
            with self.assertRaises(liboso.OsoError) as cm:
                liboso.advice_from_dossier(d)
            self.assertIn("leerlingid", cm.exception.message)

    def test_schooladvies_for_code(self):
        self.assertEqual(liboso.schooladvies_for_code("40"), ("VMBO_GL/TL", True))
        self.assertEqual(liboso.schooladvies_for_code("61"), ("HAVO_TM_VWO", False))
        with self.assertRaises(liboso.OsoError):
            liboso.schooladvies_for_code("99")


class Operations(unittest.TestCase):
    OIN, LAS = "0000000700011BB00000", "0000000700011BB00530"

    def test_message_operation(self):
        self.assertEqual(liboso.message_operation(ChainMessageType.DEELNEMERSLIJST),
                         ("POST", "/registreren"))
        self.assertEqual(liboso.message_operation("schooladviezenlijst"),
                         ("POST", "/registreren-schooladviezen"))
        self.assertEqual(liboso.message_operation(ChainMessageType.LEERLINGRESULTAAT),
                         ("POST", "/leerlingresultaat"))
        for response in (ChainMessageType.ONTVANGSTMELDING, ChainMessageType.UNKNOWN):
            with self.assertRaises(liboso.OsoError) as cm:
                liboso.message_operation(response)
            self.assertEqual(cm.exception.status, Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoError):
            liboso.message_operation("Toetsuitslag")

    def test_check_routing(self):
        for path in ("/registreren", "/registreren-schooladviezen", "/leerlingresultaat",
                     "/leerlingrapport/{rapportid}"):
            result = liboso.check_routing(path, self.OIN, self.LAS)
            self.assertTrue(result.valid, path)
            self.assertEqual(len(result), 0, path)
        result = liboso.check_routing("/leerlingresultaat", None, self.LAS, lang="en")
        self.assertFalse(result.valid)
        self.assertEqual([(d.rule, d.path, d.severity) for d in result],
                         [("DTM.PARAM", "edu-to", Severity.ERROR)])
        self.assertIn("missing", result[0].message)
        result = liboso.check_routing("/registreren", self.OIN, self.LAS[:-1])
        self.assertEqual([(d.rule, d.path) for d in result.errors], [("DTM.PARAM", "edu-from")])
        result = liboso.check_routing("/registreren", self.OIN[:-1] + "-", self.LAS)
        self.assertTrue(result.valid)
        self.assertEqual([(d.rule, d.path) for d in result.warnings],
                         [("DTM.PARAM_FORMAT", "edu-to")])
        with self.assertRaises(liboso.OsoError) as cm:
            liboso.check_routing("/elders", self.OIN, self.LAS)
        self.assertEqual(cm.exception.status, Status.NOT_FOUND)
        with self.assertRaises(liboso.OsoArgumentError):
            liboso.check_routing("/registreren", self.OIN + "\0", self.LAS)


if __name__ == "__main__":
    unittest.main()
