#!/usr/bin/env python3
"""import_pipeline.py — a regional platform's batch import of OSO dossiers.

    import_pipeline.py [--jobs N] [--db FILE] [--attachments DIR] [--verify-attachments]
                       [--codelists DIR] [--lang nl|en] DIRECTORY

Validates every ``*.xml`` file below DIRECTORY in parallel (the official checks; with
--verify-attachments also every attachment, ATT.*), loads one row per pupil (name, school,
profile, verdict) and every diagnostic into an SQLite database, extracts the
attachments of each dossier into DIR/<dossier>/<n>/ (n: the attachment's number in the
dossier), and prints a summary.

The work runs in a thread pool: liboso releases Python's GIL during every call (ctypes), so
dossiers are parsed and validated on all cores. Each worker returns plain Python data; only the
main thread touches the database. One ``liboso.Codelists`` object is shared by all workers (it is
read-only once loaded).

Exit status: 0 when every file was processed (valid or not), 2 on a usage error.
Needs the ``liboso`` package (``pip install bindings/python``) and liboso (see its README).
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

try:
    import liboso
except ImportError:  # pragma: no cover - a hint for people running the example directly
    sys.exit("import_pipeline: the 'liboso' package is missing: pip install bindings/python")

LEERLING = "/dossier/huidigeschool/leerling"

SCHEMA = """
CREATE TABLE IF NOT EXISTS pupils (
    id            INTEGER PRIMARY KEY,
    file          TEXT NOT NULL UNIQUE,
    name          TEXT,              -- roepnaam (else first voornaam), voorvoegsel, achternaam
    birth_date    TEXT,
    school        TEXT,              -- huidigeschool/naam
    brin          TEXT,              -- huidigeschool/brincode + vestigingscode
    overdracht    TEXT,              -- overdrachtsoort
    profile       TEXT,              -- OV, PaO or NULL
    valid         INTEGER NOT NULL,  -- the official verdict (1 valid, 0 invalid)
    errors        INTEGER NOT NULL,
    warnings      INTEGER NOT NULL,
    imported_at   TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS diagnostics (
    pupil_id      INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    rule          TEXT NOT NULL,
    severity      TEXT NOT NULL,     -- error, warning, info
    path          TEXT NOT NULL,
    line          INTEGER NOT NULL,
    col           INTEGER NOT NULL,
    message       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attachments (
    pupil_id      INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,     -- the document element
    filename      TEXT,              -- bestandsnaam
    description   TEXT,              -- omschrijving
    category      TEXT,              -- release category field, e.g. cat_bijlagedocs
    extracted     TEXT,              -- files written, ';'-separated (NULL when none)
    error         TEXT               -- why it could not be extracted
);
"""


@dataclass
class Imported:
    """What a worker found in one file (plain data: safe to pass between threads)."""
    file: str
    name: Optional[str] = None
    birth_date: Optional[str] = None
    school: Optional[str] = None
    brin: Optional[str] = None
    overdracht: Optional[str] = None
    profile: Optional[str] = None
    valid: bool = False
    diagnostics: List[liboso.Diagnostic] = field(default_factory=list)
    attachments: List[Tuple[str, Optional[str], Optional[str], Optional[str], Optional[str],
                            Optional[str]]] = field(default_factory=list)


def pupil_name(d: liboso.Dossier) -> Optional[str]:
    first = d.get(LEERLING + "/roepnaam") or d.get(LEERLING + "/voornaam")
    parts = [first, d.get(LEERLING + "/voorvoegsel"), d.get(LEERLING + "/achternaam")]
    name = " ".join(p.strip() for p in parts if p and p.strip())
    return name or None


def import_one(path: str, base: str, lists: liboso.Codelists, attachment_dir: Optional[str],
               verify_attachments: bool, lang: str) -> Imported:
    out = Imported(path)
    try:
        dossier = liboso.Dossier.from_file(path)
    except liboso.OsoError as error:
        if error.status == liboso.Status.IO:
            raise
        out.diagnostics = error.diagnostics  # not even well-formed: the XML diagnostic
        return out
    with dossier:
        result = dossier.validate(codelists=lists, attachments=verify_attachments, lang=lang)
        out.valid, out.profile, out.diagnostics = result.valid, result.profile, list(result)
        out.name = pupil_name(dossier)
        out.birth_date = dossier.get(LEERLING + "/geboortedatum")
        out.school = dossier.get("/dossier/huidigeschool/naam")
        brin = dossier.get("/dossier/huidigeschool/brincode")
        vestiging = dossier.get("/dossier/huidigeschool/vestigingscode") or ""
        out.brin = brin + vestiging if brin else None
        out.overdracht = dossier.get("/dossier/overdrachtsoort")
        stem = os.path.splitext(os.path.relpath(path, base))[0]  # unique per input file
        for n, att in enumerate(dossier.attachments, 1):
            extracted = error_text = None
            if attachment_dir is not None:
                try:
                    # Entry names are checked: an archive with an unsafe name is refused as a
                    # whole, so nothing is ever written outside this directory.
                    files = att.extract(os.path.join(attachment_dir, stem, str(n)))
                    extracted = ";".join(files)
                except liboso.OsoError as error:
                    error_text = f"{error.status.name}: {error.message}"
            out.attachments.append((att.path, att.filename, att.description,
                                    att.category_field, extracted, error_text))
    return out


def store(db: sqlite3.Connection, item: Imported) -> None:
    errors = sum(1 for d in item.diagnostics if d.severity == liboso.Severity.ERROR)
    warnings = sum(1 for d in item.diagnostics if d.severity == liboso.Severity.WARNING)
    db.execute("DELETE FROM pupils WHERE file = ?", (item.file,))  # re-import replaces
    cur = db.execute(
        "INSERT INTO pupils (file, name, birth_date, school, brin, overdracht, profile, valid,"
        " errors, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (item.file, item.name, item.birth_date, item.school, item.brin, item.overdracht,
         item.profile, int(item.valid), errors, warnings))
    pupil = cur.lastrowid
    db.executemany(
        "INSERT INTO diagnostics (pupil_id, rule, severity, path, line, col, message)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(pupil, d.rule, str(d.severity), d.path, d.line, d.column, d.message)
         for d in item.diagnostics])
    db.executemany(
        "INSERT INTO attachments (pupil_id, path, filename, description, category, extracted,"
        " error) VALUES (?, ?, ?, ?, ?, ?, ?)", [(pupil, *a) for a in item.attachments])


def find_dossiers(directory: str) -> List[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        found += [os.path.join(root, f) for f in sorted(files) if f.lower().endswith(".xml")]
    return found


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1].strip())
    parser.add_argument("directory")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--db", default="dossiers.sqlite")
    parser.add_argument("--attachments", metavar="DIR",
                        help="extract attachments below DIR (default: do not extract)")
    parser.add_argument("--verify-attachments", action="store_true",
                        help="also check every attachment (ATT.* diagnostics)")
    parser.add_argument("--codelists", metavar="DIR", help="newer codelists to load")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.directory):
        parser.error(f"{args.directory} is not a directory")
    files = find_dossiers(args.directory)

    started = time.monotonic()
    lists = liboso.Codelists.load(args.codelists) if args.codelists else liboso.Codelists.default()
    db = sqlite3.connect(args.db)
    failures = []
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        with db, concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futures = {pool.submit(import_one, f, args.directory, lists, args.attachments,
                                   args.verify_attachments, args.lang): f for f in files}
            for future in concurrent.futures.as_completed(futures):
                try:
                    store(db, future.result())
                except liboso.OsoError as error:  # unreadable file: reported, not stored
                    failures.append(f"{futures[future]}: {error}")
        summary = summarize(db, len(files), failures, time.monotonic() - started)
    finally:
        db.close()
        lists.close()
    print(summary)
    return 0


def summarize(db: sqlite3.Connection, total: int, failures: List[str], seconds: float) -> str:
    valid, invalid = db.execute(
        "SELECT coalesce(sum(valid), 0), coalesce(sum(1 - valid), 0) FROM pupils").fetchone()
    profiles = collections.Counter(dict(db.execute(
        "SELECT coalesce(profile, '-'), count(*) FROM pupils GROUP BY 1").fetchall()))
    rules = db.execute("SELECT rule, count(*) FROM diagnostics WHERE severity = 'error'"
                       " GROUP BY rule ORDER BY count(*) DESC, rule LIMIT 5").fetchall()
    extracted, failed = db.execute(
        "SELECT count(extracted), count(error) FROM attachments").fetchone()
    first = f"{total} dossier(s) in {seconds:.1f} s: {valid} valid, {invalid} invalid"
    if failures:
        first += f", {len(failures)} unreadable"
    lines = [first,
             "profiles: " + ", ".join(f"{p} {n}" for p, n in sorted(profiles.items())),
             "most frequent errors: " + (", ".join(f"{r} ({n})" for r, n in rules) or "none"),
             f"attachments: {extracted} extracted, {failed} not extractable"]
    lines += [f"unreadable: {f}" for f in failures]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
