"""How the binding finds liboso: OSO_LIBRARY, then the build tree, then the system loader."""

from __future__ import annotations

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import liboso  # noqa: E402
from support import SOURCE_ROOT  # noqa: E402

SOURCE_PACKAGE_DIR = os.path.join(SOURCE_ROOT, "bindings", "python")
PROBE = ("import liboso, sys\n"
         "try:\n"
         "    print(liboso.library_version()); print(liboso.library_path())\n"
         "except liboso.LibraryNotFoundError as e:\n"
         "    print('NOTFOUND'); print(e); sys.exit(3)\n")


def real_library() -> str:
    try:
        from liboso import _paths
        return _paths.LIBRARY
    except ImportError:
        return os.path.abspath(os.environ.get("OSO_LIBRARY") or liboso.library_path())


def probe(pythonpath: str, **env_changes):
    env = dict(os.environ)
    env.pop("OSO_LIBRARY", None)
    env["PYTHONPATH"] = pythonpath
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, timeout=60, cwd="/")
    return result.returncode, result.stdout.splitlines(), result.stderr


class Loader(unittest.TestCase):
    def setUp(self):
        self.package_dir = os.path.dirname(os.path.dirname(os.path.abspath(liboso.__file__)))

    def test_oso_library_wins(self):
        lib = real_library()
        code, out, err = probe(self.package_dir, OSO_LIBRARY=lib)
        self.assertEqual(code, 0, err)
        self.assertEqual(out[1], lib)

    def test_oso_library_has_no_fallback(self):
        code, out, err = probe(self.package_dir, OSO_LIBRARY="/nonexistent/liboso.so")
        self.assertEqual(code, 3, err)
        self.assertIn("OSO_LIBRARY", out[1])
        self.assertIn("/nonexistent/liboso.so", out[1])

    def test_wrong_library_is_refused(self):
        import ctypes.util
        libc = ctypes.util.find_library("c") or "libc.so.6"
        code, out, err = probe(self.package_dir, OSO_LIBRARY=libc)
        self.assertEqual(code, 3, err)
        self.assertIn("does not export", out[1])

    def test_build_tree(self):
        try:
            from liboso import _paths
        except ImportError:
            self.skipTest("not running from the build tree's copy of the package")
        code, out, err = probe(self.package_dir, OSO_LIBRARY="")
        self.assertEqual(code, 0, err)
        self.assertEqual(out[1], _paths.LIBRARY)
        self.assertTrue(os.path.isfile(_paths.LIBRARY))

    def test_system_loader(self):
        # The source tree's package has no _paths.py: only the system loader remains.
        self.assertFalse(os.path.exists(os.path.join(SOURCE_PACKAGE_DIR, "liboso", "_paths.py")))
        libdir = os.path.dirname(real_library())
        code, out, err = probe(SOURCE_PACKAGE_DIR, LD_LIBRARY_PATH=libdir)
        self.assertEqual(code, 0, err)
        self.assertIn(out[1], ("liboso.so.1", "liboso.so"))
        self.assertEqual(out[0], liboso.library_version())

    def test_not_found_lists_candidates(self):
        import ctypes.util
        if ctypes.util.find_library("oso"):
            self.skipTest("liboso is installed system-wide")
        code, out, err = probe(SOURCE_PACKAGE_DIR, LD_LIBRARY_PATH=None)
        if code == 0:
            self.skipTest("liboso.so.1 is reachable through the system loader")
        self.assertEqual(code, 3, err)
        self.assertIn("liboso.so.1", out[1])
        self.assertIn("OSO_LIBRARY", out[1])


if __name__ == "__main__":
    unittest.main()
