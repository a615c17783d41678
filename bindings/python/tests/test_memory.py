"""Memory stability: process 1,000 dossiers and check that RSS stays flat.

Each iteration parses a dossier, validates it (with a shared Codelists), reads and edits it,
walks nodes, serializes it to XML and JSON, clones and redacts it, decodes its attachments and
adds one, parses a truncated copy (an error with diagnostics), and frees everything. After a
warm-up the resident set size (from /proc/self/statm) must not grow by more than 10 MB over
1,000 more iterations. A control test keeps dossiers alive on purpose and checks that the same
measurement does see the growth, so the check can fail."""

from __future__ import annotations

import gc
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from support import generated_set, rss_bytes, sample_bytes, under_sanitizer_or_valgrind  # noqa

ITERATIONS = 1000
WARMUP = 100
LIMIT = 10 * 1024 * 1024
MB = 1024 * 1024


def work(data: bytes, lists: liboso.Codelists, explicit_close: bool) -> int:
    d = liboso.Dossier.from_bytes(data)
    result = d.validate(codelists=lists)
    n = len(result) + int(result.valid)
    n += len(d.get("/dossier/huidigeschool/leerling/achternaam") or "")
    d.set("/dossier/huidigeschool/leerling/roepnaam", "Naam")
    n += sum(1 for _ in d.find("/dossier/huidigeschool/leerling"))
    n += len(d.to_xml()) + len(d.to_json(compact=True))
    copy = d.clone()
    red = copy.redact("OV-POVO")
    n += len(red.redaction_result)
    for att in d.attachments:  # sample: two real ZIPs; generated: undecodable content
        try:
            n += len(att.data()) + len(att.entries)
        except liboso.OsoError as error:
            n += len(error.message)
    lijst = d.find("/dossier/huidigeschool/leerling/overigdocumentlijst")
    if lijst is not None:
        n += len(d.add_attachment(lijst, "n.txt", b"notitie\n").zip())
    try:  # error paths must not leak either
        liboso.Dossier.from_bytes(data[: len(data) // 2])
    except liboso.OsoError as error:
        n += len(error.diagnostics)
    if explicit_close:
        red.close()
        copy.close()
        d.close()
    return n


def loop(docs, count: int, explicit_close: bool, lists: liboso.Codelists) -> None:
    for i in range(count):
        work(docs[i % len(docs)], lists, explicit_close)


@unittest.skipIf(under_sanitizer_or_valgrind(), "RSS is meaningless under ASan/valgrind")
class MemoryStability(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.docs = generated_set(9) + [sample_bytes()]

    def measure(self, explicit_close: bool):
        with liboso.Codelists.default() as lists:
            loop(self.docs, WARMUP, explicit_close, lists)
            gc.collect()
            before = rss_bytes()
            loop(self.docs, ITERATIONS, explicit_close, lists)
            gc.collect()
            after = rss_bytes()
        return before, after

    def test_explicit_close(self):
        before, after = self.measure(True)
        print(f"\npython, close(): RSS {before / MB:.1f} MB -> {after / MB:.1f} MB after "
              f"{ITERATIONS} dossiers ({(after - before) / MB:+.2f} MB)", file=sys.stderr)
        self.assertLess(after - before, LIMIT)

    def test_garbage_collected(self):
        # No close(): __del__ must free the C objects.
        before, after = self.measure(False)
        print(f"\npython, __del__: RSS {before / MB:.1f} MB -> {after / MB:.1f} MB after "
              f"{ITERATIONS} dossiers ({(after - before) / MB:+.2f} MB)", file=sys.stderr)
        self.assertLess(after - before, LIMIT)

    def test_control_leak_is_detected(self):
        kept = []
        gc.collect()
        before = rss_bytes()
        for i in range(1000):
            kept.append(liboso.Dossier.from_bytes(self.docs[i % len(self.docs)]))
        after = rss_bytes()
        for d in kept:
            d.close()
        print(f"\npython, control (1,000 dossiers kept): RSS {(after - before) / MB:+.2f} MB",
              file=sys.stderr)
        self.assertGreater(after - before, LIMIT, "the RSS measurement cannot see a leak")


if __name__ == "__main__":
    unittest.main()
