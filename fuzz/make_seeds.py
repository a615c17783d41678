#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses (called by fuzz/make-corpus.sh).

usage: make_seeds.py GEN_DOSSIER OUT_DIR [SOURCE_ROOT]

Writes OUT_DIR/<harness>/ for every harness in fuzz/: dossiers from our own generator (many
seeds, every profile preset, small and complete ones), variants of them with real attachments
(Base64 of ZIPs made here), hand-made malformed XML derived from a generated dossier, Base64
texts, small ZIP archives (python's zipfile, plus hand-damaged ones), and codelist files.
Nothing here is committed: everything is made from the generator, the repository's codelists
and the official examples next to the tree when present.
"""
import base64
import hashlib
import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import zipfile

PRESETS = ["OV-BB", "OV-POPO", "OV-POVO", "OV-VOVO", "PaO-POSWV", "PaO-VOSWV"]
HARNESSES = ["fuzz_parse_validate", "fuzz_push_parser", "fuzz_base64", "fuzz_zip",
             "fuzz_codelists", "fuzz_roundtrip", "fuzz_render",
             "fuzz_chain", "fuzz_diff", "fuzz_anonymize", "fuzz_http", "fuzz_large"]


def gen(gen_dossier, *args):
    """The generator's output; None (with a note) when it cannot make that dossier."""
    r = subprocess.run([gen_dossier, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        print(f"note: gen-dossier {' '.join(args)} failed: "
              f"{r.stderr.decode(errors='replace').strip().splitlines()[0]}", file=sys.stderr)
        return None
    return r.stdout


def put(directory, data):
    """Store under the content hash, as libFuzzer does (duplicates collapse)."""
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def b64_lines(data):
    """Base64 as liboso writes it: 76-character lines separated by CRLF."""
    text = base64.b64encode(data)
    return b"\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED, **kw):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression, **kw) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                       compress_type=compression)
    return buf.getvalue()


def ole2(streams, shift=9):
    """A minimal OLE2 compound file: FAT in sector 0, directory in sector 1, one data sector;
    the root storage's children are `streams` (names), linked as a right-leaning chain."""
    size = 1 << shift
    END, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    hdr = bytearray(512)
    hdr[0:8] = OLE2_SIG
    struct.pack_into("<HHHHH", hdr, 0x18, 0x3E, 3 if shift == 9 else 4, 0xFFFE, shift, 6)
    struct.pack_into("<IIIIIIII", hdr, 0x28, 0, 1, 1, 0, 4096, END, 0, END)
    struct.pack_into("<I", hdr, 0x48, 0)
    struct.pack_into("<I", hdr, 0x4C, 0)
    for i in range(1, 109):
        struct.pack_into("<I", hdr, 0x4C + 4 * i, FREE)
    hdr = bytes(hdr) + b"\0" * (size - 512)
    fat = [FATSECT, END, END] + [FREE] * (size // 4 - 3)
    fat_sec = struct.pack("<%dI" % (size // 4), *fat)

    def entry(name, kind, child=FREE, right=FREE, start=END, length=0):
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 0x40, len(raw), kind, 1)
        struct.pack_into("<III", e, 0x44, FREE, right, child)
        struct.pack_into("<IQ", e, 0x74, start, length)
        return bytes(e)

    entries = [entry("Root Entry", 5, child=1 if streams else FREE)]
    for i, name in enumerate(streams):
        right = i + 2 if i + 1 < len(streams) else FREE
        entries.append(entry(name, 2, right=right, start=2, length=4096))
    dir_sec = b"".join(entries).ljust(size, b"\0")[:size]
    return hdr + fat_sec + dir_sec + b"\xab" * size


OLE2_SIG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"
OLE2 = OLE2_SIG + b"\x00" * 504
TXT = "Verslag van het gesprek met de ouders.\r\nGeen bijzonderheden.\n".encode()


def documents():
    """(file name, document bytes) pairs of every allowed kind and a few refused ones."""
    docx = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")])
    xlsx = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<x/>")])
    odt = zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text"),
                     ("content.xml", b"<office/>")], compression=zipfile.ZIP_STORED)
    return [("verslag.txt", TXT), ("beschikking.pdf", PDF), ("foto.png", PNG),
            ("scan.jpg", JPEG), ("oud.doc", ole2(["WordDocument"])), ("plan.docx", docx), ("cijfers.xlsx", xlsx),
            ("brief.odt", odt), ("leeg.txt", b""), ("tekst.pdf", TXT), ("prog.exe", b"MZ\x90\x00")]


def with_attachments(xml, rng):
    """Replace every document's name and content by a real attachment (Base64 of a ZIP)."""
    docs = documents()
    state = {"name": None}

    def name(m):
        state["name"], data = rng.choice(docs)
        state["data"] = data
        return b"<bestandsnaam>" + state["name"].encode() + b"</bestandsnaam>"

    def content(m):
        if state["name"] is None:
            return m.group(0)
        entries = [(state["name"], state["data"])]
        if rng.random() < 0.2:
            entries.append(("extra/" + state["name"], state["data"]))
        z = zip_bytes(entries, compression=rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
        return b"<bestandsinhoud>" + b64_lines(z) + b"</bestandsinhoud>"

    xml = re.sub(rb"<bestandsnaam>[^<]*</bestandsnaam>", name, xml)
    return re.sub(rb"<bestandsinhoud>[^<]*</bestandsinhoud>", content, xml)


def malformed(xml):
    """Hand-made broken or unusual variants of one small generated dossier."""
    out = []
    ns = b'xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier"'
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    out.append(xml[: len(xml) // 2])                               # truncated
    out.append(xml[: len(xml) - 10])                               # unclosed root
    out.append(b"")
    out.append(b"<dossier/>")                                      # no namespace
    out.append(b"<dossier " + ns + b"/>")                           # empty root
    out.append(b"<?xml version=\"1.0\"?><!DOCTYPE dossier [<!ENTITY a \"aaaa\">]>" + body)
    out.append(b"<!DOCTYPE dossier SYSTEM \"file:///etc/passwd\">" + body)
    out.append(xml.replace(b"/2019/dossier", b"/2018/dossier"))    # older standard
    out.append(xml.replace(b"/2019/dossier", b"/2019/dossierx"))   # unknown namespace
    out.append(xml.replace(b"<dossier " + ns, b"<o:dossier xmlns:o=\"http://www.edustandaard.nl/oso_gegevensset/2019/dossier\"", 1)
               .replace(b"</dossier>", b"</o:dossier>"))          # prefixed root only
    out.append(re.sub(rb"<(/?)([a-z_]+)", rb"<\1p:\2", xml).replace(
        b"<p:dossier " + ns, b"<p:dossier xmlns:p=\"http://www.edustandaard.nl/oso_gegevensset/2019/dossier\""))
    out.append(xml.replace(b"</metadata>", b"<!-- opmerking --><?pi data?></metadata>"))
    out.append(xml.replace(b"<datum>", b"<datum><![CDATA[2019-", 1).replace(b"</datum>", b"]]></datum>", 1))
    out.append(xml.replace(b"<metadata>", b"<metadata onbekend=\"&amp;&#x41;&#65;\">", 1))
    out.append(xml.replace(b"<metadata>", b"<metadata>tekst", 1))  # mixed content
    out.append(xml.replace(b"<metadata>", b"<metadata><onbekend><x/></onbekend>", 1))
    out.append(xml.replace(b"</metadata>", b"</metadata><metadata/>", 1))
    out.append(xml.replace(b"<datum>", b"<datum>\xff\xfe", 1))      # invalid UTF-8
    out.append(xml.replace(b"<datum>", b"<datum>\x00", 1))          # NUL
    out.append(xml.replace(b"<datum>", b"<datum>  2019-13-45 \t", 1))
    out.append(b"\xef\xbb\xbf" + xml)                               # BOM
    out.append(xml.replace(b"\n", b"\r\n"))
    out.append(xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    out.append(b"<dossier " + ns + b">" + b"<a>" * 80 + b"</a>" * 80 + b"</dossier>")
    out.append(b"<dossier " + ns + b">" + b"<metadata/>" * 200 + b"</dossier>")
    return out


def xml_seeds(gen_dossier, source_root):
    seeds = []
    for seed in range(1, 13):
        seeds.append(gen(gen_dossier, "--seed", str(seed), "--repeat", "1", "--optional", "15"))
    for seed in range(20, 26):
        seeds.append(gen(gen_dossier, "--seed", str(seed), "--repeat", "1", "--optional", "50"))
    for seed in (30, 31):
        seeds.append(gen(gen_dossier, "--seed", str(seed)))
    seeds.append(gen(gen_dossier, "--seed", "40", "--all"))
    for i, preset in enumerate(PRESETS):
        seeds.append(gen(gen_dossier, "--seed", str(50 + i), "--profile", preset))
        seeds.append(gen(gen_dossier, "--seed", str(60 + i), "--profile", preset + "-opt-out"))
    seeds = [s for s in seeds if s is not None]
    rng = random.Random(8)
    seeds += [with_attachments(s, rng) for s in seeds if b"<bestandsinhoud>" in s][:14]
    seeds += malformed(seeds[0])
    for path in [os.path.join(source_root, "examples", "sample-dossier.xml")] + [
            os.path.join(source_root, "..", "shared", "oso-2019.1", "examples", f)
            for f in ("Voorbeelddossier_OV_POVO_full.xml", "Voorbeelddossier_PaO_POSWV_opt_out.xml")]:
        if os.path.exists(path):
            with open(path, "rb") as f:
                seeds.append(f.read())
    return seeds


def base64_seeds(rng):
    out = []
    for n in (0, 1, 2, 3, 4, 56, 57, 58, 100, 300):
        data = bytes(rng.randrange(256) for _ in range(n))
        text = base64.b64encode(data)
        out.append(text)
        out.append(b64_lines(data))
        out.append(b"\n".join(text[i:i + 64] for i in range(0, len(text), 64)) + b"\n")
        out.append(b" \t".join(text[i:i + 4] for i in range(0, len(text), 4)))
    out += [b"QQ==", b"QUI=", b"QUJD", b"QR==", b"QQ=", b"QUJ", b"=QQQ", b"Q=QQ", b"QQ=Q",
            b"QQ==QQ==", b"QQ== \r\n", b"QU JD", b"QUJD!", b"QUJD\x00", b"\xc3\xa9QUJD",
            b"QUJD====", b"-_-_", b"QUJD\r\nQUJD\r\n=", b"****"]
    return out


def zip_seeds(rng):
    docs = documents()
    out = [zip_bytes([(name, data)]) for name, data in docs[:8]]
    out += [data for _, data in docs]                                # bare documents
    out += [ole2(["WordDocument", "1Table"]), ole2(["Workbook"]), ole2(["Book"], shift=12),
            ole2(["PowerPoint Document", "Pictures"]), ole2(["__substg1.0_0037001F"]),
            ole2(["WordDocument", "Workbook"]), ole2([])]
    out.append(zip_bytes([("oud.doc", ole2(["WordDocument"])), ("oud.xls", ole2(["Workbook"]))]))
    out.append(zip_bytes([("a.txt", b"a" * 5000), ("b/c.txt", b"hallo"), ("b/", b"")]))
    out.append(zip_bytes([("stored.txt", TXT)], compression=zipfile.ZIP_STORED))
    out.append(zip_bytes([("../evil.txt", TXT), ("/abs.txt", TXT), ("C:x.txt", TXT),
                          ("a\\b.txt", TXT), ("ctl\x01.txt", TXT), ("dup.txt", TXT),
                          ("dup.txt", b"other")]))
    out.append(zip_bytes([("z64.txt", TXT)], allowZip64=True))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        with z.open(zipfile.ZipInfo("force64.txt"), "w", force_zip64=True) as f:
            f.write(TXT)
    out.append(buf.getvalue())
    out.append(zip_bytes([("bom.txt", b"\0" * 20000)]))             # high ratio
    one = zip_bytes([("a.txt", TXT * 3)])
    out.append(one[: len(one) // 2])                                 # truncated
    out.append(one[:-5])
    damaged = bytearray(one)
    damaged[6] |= 1                                                  # encrypted flag (local)
    cd = one.rfind(b"PK\x01\x02")
    damaged[cd + 8] |= 1                                             # ... and central
    out.append(bytes(damaged))
    damaged = bytearray(one)
    damaged[cd + 16] ^= 0xFF                                         # CRC mismatch
    out.append(bytes(damaged))
    damaged = bytearray(one)
    damaged[cd + 10] = 12                                            # bzip2 method
    out.append(bytes(damaged))
    # ZIP64 end records in front of the classic one, which then defers to them.
    eocd = one.rfind(b"PK\x05\x06")
    cd_size, cd_off = struct.unpack_from("<II", one, eocd + 12)
    rec64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, cd_size, cd_off)
    loc64 = struct.pack("<4sIQI", b"PK\x06\x07", 0, eocd, 1)
    eocd_ff = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF,
                          0xFFFFFFFF, 0xFFFFFFFF, 0)
    out.append(one[:eocd] + rec64 + loc64 + eocd_ff)
    out.append(one[:eocd] + loc64 + eocd_ff)                          # locator, no record
    out.append(zip_bytes([("f%03d.txt" % i, b"x") for i in range(70)]))  # over 64 entries
    out.append(zip_bytes([("nul.bin", b"\0" * (3 << 20))]))           # ratio over 200
    sparse = bytearray(900_000)
    for i in range(0, len(sparse), 400):
        sparse[i] = rng.randrange(1, 256)
    out.append(zip_bytes([("d%d.bin" % i, bytes(sparse)) for i in range(5)]))  # total over 4 MiB
    out.append(b"PK\x05\x06" + b"\x00" * 18)                          # empty archive
    out.append(b"PK\x03\x04" + b"\x00" * 40)
    # Two directory entries sharing one local file (overlap).
    eocd = one.rfind(b"PK\x05\x06")
    cdr = one[cd:eocd]
    two = one[:cd] + cdr + cdr.replace(b"a.txt", b"b.txt")
    e = bytearray(one[eocd:])
    struct.pack_into("<HHI", e, 8, 2, 2, len(cdr) * 2)
    out.append(two + bytes(e))
    return out


def codelist_seeds(source_root):
    out = []
    cdir = os.path.join(source_root, "codelists")
    for f in sorted(os.listdir(cdir)):
        if f.endswith(".tsv"):
            with open(os.path.join(cdir, f), "rb") as fh:
                out.append(fh.read())
    head = b"# list: 14\n# name: Geslacht\n# version: 2018-11-15\n"
    out += [
        head + b"0\tOnbekend\n1\tVrouw\n2\tMan\n",
        b"\xef\xbb\xbf" + head.replace(b"\n", b"\r\n") + b"0\tOnbekend\r\n1\t\r\n",
        b"# list: gba-landen\n# name: Landen\n# version: 2020-02-29\n# source: GBA\n6030\tNederland\n5010\tBelgi\xc3\xab\n",
        b"# list: oso-toetscodes\n# name: Toetsen\n# version: 2021-01-01\nT1\tToets\tonderdeel=no\nT1a\tDeel\tonderdeel=yes\n",
        b"#list:duo-vakcodes\n#name:Vakken\n#version:2020-01-01\n#extra: x\n\n0001\tNederlands\n",
        b"# list: 014\n# name: x\n# version: 2018-02-30\n1\ta\n",          # bad date
        head + b"1 \tVrouw\n",                                            # trailing space
        head + b"1\tVrouw\n1\tDubbel\n",                                  # duplicate
        head + b"1\n",                                                    # no TAB
        head + b"1\ta\tonderdeel=yes\n",                                  # flag not allowed
        b"# list: oso-toetscodes\n# name: T\n# version: 2021-01-01\nT1\tToets\tonderdeel=yes,onderdeel=no\n",
        b"# list: oso-toetscodes\n# name: T\n# version: 2021-01-01\nT1\tToets\n",
        head + b"1\ta\n# list: 15\n",                                     # header after codes
        head,                                                             # no codes
        head + b"\xc3\x28\tbad utf-8\n",
        head + b"\xc2\xa0x\tnbsp\n",
        b"# list: 1000\n# name: x\n# version: 2018-01-01\n1\ta\n",
        b"# list: CL.gba-landen\n# name: x\n# version: 2018-01-01\n1\ta\n",
    ]
    return out


def chain_seeds(source_root):
    """Doorstroomtoets chain messages: one valid message of each type, variants, hostile JSON,
    and the fuzz_chain regression inputs."""
    head = {"datumtijd": "2026-01-15T12:00:00Z", "auteur": "Proef-LAS",
            "versie": "Doorstroomtoetsketen_v1.1", "schooljaar": "2025-2026"}
    groep = {"instellingscode": "12AB", "vestigingscode": "00", "onderwijsaanbiedercode": "1B2",
             "onderwijslocatiecode": "2C3", "administratienr": "3"}
    ref = [{"label": "ECK-iD", "onderwijsdeelnemerID": "e-1"},
           {"label": "LAS-key", "onderwijsdeelnemerID": "l-1"}]
    niveau = {"label": "Jaargroep", "niveau": "8"}
    messages = [
        dict(head, profiel="Toetsdeelnemers", deelnemersgroep=groep,
             groepen=[{"label": "Stamgroep", "id": "g", "omschrijving": "8", "niveau": niveau}],
             deelnemers=[{"label": "Leerling", "deelnemerref": ref, "achternaam": "Vries",
                          "voorvoegsel": "de", "roepnaam": "Sanne", "groep": "g", "niveau": niveau,
                          "extensie": {"label": "Demografisch", "voorletters": "S",
                                       "geboortedatum": "2014-02-28", "geslacht": 2}}]),
        dict(head, profiel="Schooladviezen", deelnemersgroep=groep,
             voorlopigSchooladviezen=[{"deelnemerref": ref, "advies": "VMBO_GL/TL_TM_HAVO"}]),
        dict(head, profiel="Leerlingtoetsresultaat", resultatenscores={
            "id": "rs", "deelnemerref": ref, "versie": "Definitief", "toetsdefinitie": "ROUTE_8",
            "afnamecontext": {"afname": {"id": "a", "afnametijdstip": "2026-02-10T09:00:00+01:00"}},
            "scores": {"id": "s", "scores": [{"label": "Toetsscore", "id": "t", "waarde": "212"}]},
            "resultaten": {"resultaten": [
                {"label": "Toetsadvies", "waarde": "havo"},
                {"label": "Referentieniveau", "toetseenheid": "REKENEN", "waarde": "1S"},
                {"label": "Referentieniveau", "toetseenheid": "LEZEN", "waarde": "2F"},
                {"label": "Referentieniveau", "toetseenheid": "TAALVERZORGING", "waarde": "1F"}]}},
             toets={"label": "Doorstroomtoets", "id": "ROUTE_8", "naam": "Route 8",
                    "toetsonderdelen": [{"label": "Onderdeel", "id": "NEDERLANDSE_TAAL",
                                         "toetsonderdelen": [{"label": "Domein", "id": "LEZEN",
                                                              "toetsonderdelen": [{"label": "Subdomein", "id": "9010"}]}]}]}),
        {"melding": "Bericht ontvangen"},
    ]
    out = []
    for m in messages:
        out.append(json.dumps(m).encode())
        out.append(json.dumps(m, indent=2, ensure_ascii=False).encode())
    out += [b"{}", b"[]", b'{"a": 1, "a": 2}', b'{"a": "\xff"}', b"[" * 100, b'{"a": 1e999}',
            b'{"profiel": "Toetsdeel', b'{"\\u0076ersie": 1}']
    regressions = os.path.join(source_root, "tests", "regressions", "fuzz_chain")
    for name in sorted(os.listdir(regressions)) if os.path.isdir(regressions) else []:
        with open(os.path.join(regressions, name), "rb") as f:
            out.append(f.read())
    return out


def http_seeds(chain):
    """fuzz_http: byte 0 picks the mode (0-1 raw, 2-4 POST body per operation, 5 chunked POST,
    6 report id, 7 query line + body); see fuzz/fuzz_http.c."""
    query = b"?edu-to=0000000700011BB00000&edu-from=0000000700011BB00530"
    out = []
    for i, body in enumerate(chain[:24]):
        out.append(bytes([2 + i % 3]) + body)
        out.append(bytes([5 + 8 * (i % 3)]) + body)
        out.append(bytes([7]) + query[1:] + b"\n" + body)
        path = [b"/registreren", b"/registreren-schooladviezen", b"/leerlingresultaat"][i % 3]
        out.append(bytes([0]) + b"POST " + path + query + b" HTTP/1.1\r\nHost: x\r\n"
                   b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    for rid in (b"rap-1", b"rap-leeg", b"rap-2", b"../rap-1", b".rap-1", b"rap-1\x00x", b""):
        out.append(bytes([6]) + rid)
    for raw in (b"GET /leerlingrapport/rap-1" + query + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET /leerlingrapport/rap-1" + query + b" HTTP/1.0\r\n\r\n",
                b"POST /registreren" + query + b" HTTP/1.1\r\nHost: x\r\nExpect: 100-continue"
                b"\r\nContent-Length: 2\r\n\r\n{}",
                b"POST /registreren" + query + b" HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                b"chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                b"DELETE /registreren HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GARBAGE\r\n\r\n", b"POST /registreren HTTP/1.1\r\nContent-Length: zzz\r\n\r\n"):
        out.append(bytes([1]) + raw)
    return out


def large_seeds(xml):
    """fuzz_large: PICK PREFIX NUL UNIT NUL SUFFIX, the unit repeated to 1-5 MiB
    (fuzz/fuzz_large.c): long text, a long attribute, many elements, comments, lines."""
    out = []
    doc = next(s for s in xml if b"<omschrijving>" in s and b"<land" in s)
    text_at = doc.index(b"<omschrijving>") + len(b"<omschrijving>")
    tag_at = doc.index(b"<land") + len(b"<land")
    close_at = doc.index(b">", tag_at)
    end_at = doc.rindex(b"</")
    pieces = [
        (doc[:text_at], b"abc ", doc[text_at:]),
        (doc[:text_at], b"&amp;\xc3\xa9x", doc[text_at:]),
        (doc[:tag_at] + b' omschrijving="', b"a", b'"' + doc[tag_at:]),
        (doc[:close_at], b" ", doc[close_at:]),
        (doc[:end_at], b"<!-- c -->", doc[end_at:]),
        (doc[:end_at], b"\n", doc[end_at:]),
        (doc[:end_at], b"<opmerking>x</opmerking>", doc[end_at:]),
        (doc[:text_at], b"<![CDATA[xy]]>", doc[text_at:]),
    ]
    for i, (prefix, unit, suffix) in enumerate(pieces):
        for pick in (i, 0x10 + i * 3, 0x33 + i, 0x40 + i, 0xc0 + i):
            out.append(bytes([pick % 256]) + prefix + b"\0" + unit + b"\0" + suffix)
    return out


def main():
    gen_dossier, out_dir = sys.argv[1], sys.argv[2]
    source_root = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))
    rng = random.Random(2019)
    dirs = {h: os.path.join(out_dir, h) for h in HARNESSES}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)

    chain = chain_seeds(source_root)
    for s in chain:
        put(dirs["fuzz_chain"], s)
    for s in http_seeds(chain):
        put(dirs["fuzz_http"], s)
    xml = xml_seeds(gen_dossier, source_root)
    for s in large_seeds(xml):
        put(dirs["fuzz_large"], s)
    # Diff: two dossiers split at a NUL (none: a dossier against itself). Anonymise: byte 0 is
    # the seed.
    for i, s in enumerate(xml):
        put(dirs["fuzz_diff"], s)
        put(dirs["fuzz_diff"], s + b"\0" + xml[(i + 1) % len(xml)])
        put(dirs["fuzz_anonymize"], bytes([i % 256]) + s)
    for s in xml:
        put(dirs["fuzz_parse_validate"], s)
        put(dirs["fuzz_roundtrip"], s)
    # Render: byte 0 picks the options (bit 0 English, 1 embed, 2 none, 3 fragment, 4 findings).
    for i, s in enumerate(xml):
        put(dirs["fuzz_render"], bytes([i % 32]) + s)
    # Push parser: a chunk schedule in front (see fz_chunks in fuzz_common.h).
    # The high nibble of byte 0 picks parse options in fuzz_push_parser (streamed attachments,
    # tight limits); fuzz_base64 ignores it.
    schedules = [b"\x00\x01", b"\x01\x07\x0d", b"\x03\x00\x01\xc8\xff", b"\x00\xff",
                 b"\x02\x10\x40\x02", b"\x10\x01", b"\x21\x07\x0d", b"\x40\x05",
                 b"\x60\x11", b"\x80\x20", b"\xb1\x03\xc9"]
    for i, s in enumerate(xml):
        put(dirs["fuzz_push_parser"], schedules[i % len(schedules)] + s)
    for i, s in enumerate(base64_seeds(rng)):
        put(dirs["fuzz_base64"], schedules[i % len(schedules)] + s)
    for s in zip_seeds(rng):
        put(dirs["fuzz_zip"], s)
    # The attachments inside the dossiers (decoded) are ZIP seeds too.
    for s in xml:
        for m in re.finditer(rb"<bestandsinhoud>([^<]*)</bestandsinhoud>", s):
            try:
                put(dirs["fuzz_zip"], base64.b64decode(m.group(1), validate=False))
            except ValueError:
                pass
    for s in codelist_seeds(source_root):
        put(dirs["fuzz_codelists"], s)
    for h, d in dirs.items():
        print(f"{h}: {len(os.listdir(d))} seeds")


if __name__ == "__main__":
    main()
