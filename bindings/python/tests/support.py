"""Shared helpers of the binding tests: source paths, the sample dossier, generated dossiers."""

from __future__ import annotations

import functools
import os
import subprocess
import tempfile
from typing import List

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SAMPLE = os.path.join(SOURCE_ROOT, "examples", "sample-dossier.xml")
BUILD_DIR = os.environ.get("OSO_TEST_BUILD_DIR", os.path.join(SOURCE_ROOT, "build"))
GEN_DOSSIER = os.environ.get("OSO_TEST_GEN_DOSSIER",
                             os.path.join(BUILD_DIR, "tools", "gen-dossier"))
OSO_CLI = os.environ.get("OSO_TEST_CLI", os.path.join(BUILD_DIR, "tools", "oso"))


def sample_bytes() -> bytes:
    with open(SAMPLE, "rb") as handle:
        return handle.read()


def under_sanitizer_or_valgrind() -> bool:
    """RSS numbers mean nothing under ASan (quarantine) or valgrind."""
    return bool(os.environ.get("OSO_TEST_SANITIZED")) or "vgpreload" in os.environ.get(
        "LD_PRELOAD", "")


@functools.lru_cache(maxsize=None)
def generated(seed: int, profile: str = "OV-POVO", invalid_attachments: bool = False) -> bytes:
    """A dossier made by ``gen-dossier --seed SEED --profile PROFILE`` (cached); its
    attachments are real ones, or with ``invalid_attachments`` contents no reader can open."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "d.xml")
        extra = ["--invalid-attachments"] if invalid_attachments else []
        subprocess.run([GEN_DOSSIER, "--seed", str(seed), "--profile", profile, "-o", out] + extra,
                       check=True, timeout=120)
        with open(out, "rb") as handle:
            return handle.read()


def generated_set(count: int) -> List[bytes]:
    return [generated(seed) for seed in range(1, count + 1)]


def rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
