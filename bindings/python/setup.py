"""setuptools hooks that pyproject.toml cannot express: an optional bundled liboso.

With the environment variable OSO_WHEEL_LIBRARY set to a built liboso.so.1, the wheel carries
it as ``liboso/_lib/liboso.so.1`` (found first by ``liboso._native``, so no LD_LIBRARY_PATH
and no system install are needed) and is tagged ``py3-none-<platform>``: the Python code is
version-independent (ctypes), the library is not. liboso.so.1 still needs the system's expat,
zlib and minizip (Debian: libexpat1, zlib1g, libminizip1).
"""

import os
import shutil
import sysconfig

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py
from wheel.bdist_wheel import bdist_wheel

SONAME = "liboso.so.1"
BUNDLED = os.environ.get("OSO_WHEEL_LIBRARY", "")


class BuildPyWithLibrary(build_py):
    def run(self) -> None:
        super().run()
        if BUNDLED:
            target = os.path.join(self.build_lib, "liboso", "_lib")
            os.makedirs(target, exist_ok=True)
            shutil.copyfile(BUNDLED, os.path.join(target, SONAME))


class DistributionWithLibrary(Distribution):
    def has_ext_modules(self) -> bool:  # a native file inside: not a pure (purelib) wheel
        return bool(BUNDLED)


class PlatformWheel(bdist_wheel):
    def get_tag(self):  # type: ignore[no-untyped-def]
        if not BUNDLED:
            return super().get_tag()
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        return "py3", "none", platform


setup(distclass=DistributionWithLibrary,
      cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": PlatformWheel})
