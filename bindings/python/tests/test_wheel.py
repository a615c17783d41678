"""The wheels of bindings/python, built offline with setuptools as a user would build them.

A plain build is a pure wheel (py3-none-any) that uses the system's liboso; with
OSO_WHEEL_LIBRARY the wheel carries liboso.so.1, has a platform tag, and a program using it
from outside the source tree needs neither LD_LIBRARY_PATH nor OSO_LIBRARY.
Exit status 77 (meson: skipped) when this interpreter lacks setuptools or wheel.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from support import SAMPLE, SOURCE_ROOT  # noqa: E402


def project_version() -> str:
    """The version the build gives the wheel (pyproject.toml, kept equal to meson.build's)."""
    with open(os.path.join(SOURCE_ROOT, "bindings", "python", "pyproject.toml"), encoding="utf-8") as f:
        return re.search(r'^version = "([^"]+)"', f.read(), re.M).group(1)

PROJECT = os.path.join(SOURCE_ROOT, "bindings", "python")
LIBRARY = os.path.join(os.environ.get("OSO_TEST_BUILD_DIR", ""), "lib", "liboso.so.1")


def build_wheel(tmp: str, bundle: bool) -> str:
    # setuptools writes build/ and *.egg-info next to the project: build from a copy.
    source = os.path.join(tmp, "src")
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(
        "tests", "meson.build", "stage_package.py", "__pycache__", "_paths.py"))
    env = dict(os.environ)
    env.pop("OSO_WHEEL_LIBRARY", None)
    if bundle:
        env["OSO_WHEEL_LIBRARY"] = LIBRARY
    out = os.path.join(tmp, "dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation",
                    "--no-deps", "--no-index", "-w", out, source],
                   env=env, check=True, cwd=tmp)
    (wheel,) = glob.glob(os.path.join(out, "*.whl"))
    return wheel


class Wheel(unittest.TestCase):
    def test_pure_wheel(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            wheel = build_wheel(tmp, bundle=False)
            self.assertEqual(os.path.basename(wheel),
                             "liboso-%s-py3-none-any.whl" % project_version())
            names = zipfile.ZipFile(wheel).namelist()
            self.assertIn("liboso/py.typed", names)
            self.assertFalse([n for n in names if n.endswith(".so.1") or "_paths" in n])

    def test_wheel_with_library(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            wheel = build_wheel(tmp, bundle=True)
            name = os.path.basename(wheel)
            self.assertRegex(name, r"^liboso-%s-py3-none-linux_[a-z0-9_]+\.whl$"
                         % re.escape(project_version()))
            names = zipfile.ZipFile(wheel).namelist()
            self.assertIn("liboso/_lib/liboso.so.1", names)
            self.assertIn("liboso/py.typed", names)
            site = os.path.join(tmp, "site")
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--no-index", "--target", site, wheel], check=True)
            env = {k: v for k, v in os.environ.items()
                   if k not in ("LD_LIBRARY_PATH", "OSO_LIBRARY", "PYTHONPATH")}
            env["PYTHONPATH"] = site
            probe = ("import liboso, sys\n"
                     "r = liboso.validate_file(sys.argv[1])\n"
                     "print(liboso.library_path()); print(bool(r))\n")
            result = subprocess.run([sys.executable, "-c", probe, SAMPLE], env=env, cwd="/",
                                    capture_output=True, text=True, check=True)
            path, valid = result.stdout.split()
            self.assertEqual(path, os.path.join(site, "liboso", "_lib", "liboso.so.1"))
            self.assertEqual(valid, "True")


if __name__ == "__main__":
    try:
        import setuptools  # noqa: F401
        import wheel  # noqa: F401
    except ImportError as exc:
        print(f"skipped: {sys.executable} cannot build wheels offline ({exc}; Debian: "
              "python3-setuptools python3-wheel)")
        sys.exit(77)
    unittest.main()
