"""A minimal PEP 517/660 build backend for the pure-Python ``oso`` package (stdlib only).

Why not setuptools: pip builds in an isolated environment and would have to download
setuptools (and, before setuptools 70.1, ``wheel``) from the network first. This backend needs
nothing, so ``pip install bindings/python`` works offline with a plain pip. It packs the
``oso`` package and the metadata below into a wheel (or an sdist, or an editable wheel that
points at the source tree); there is nothing to compile (liboso.so is found at run time).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "oso"
VERSION = "1.0.1"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
PACKAGE = os.path.join(HERE, NAME)
TAG = "py3-none-any"


def _metadata() -> str:
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: Python binding of liboso: read, validate, edit, redact and write OSO "
            "dossiers (OSO Gegevensset 2019.1)\n"
            "License: MIT\nRequires-Python: >=3.8\n"
            "Classifier: Programming Language :: Python :: 3\n"
            "Classifier: License :: OSI Approved :: MIT License\n"
            "Classifier: Operating System :: POSIX :: Linux\n"
            "Description-Content-Type: text/markdown\n\n" + readme)


def _sources():
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith(".py") and name != "_paths.py":  # _paths.py: build trees only
            yield f"{NAME}/{name}", os.path.join(PACKAGE, name)


def _dist_info() -> str:
    return f"{NAME}-{VERSION}.dist-info"


def _write_wheel(directory: str, files) -> str:
    """files: (archive name, bytes) pairs; adds METADATA, WHEEL and RECORD."""
    dist = _dist_info()
    files = list(files) + [
        (f"{dist}/METADATA", _metadata().encode("utf-8")),
        (f"{dist}/WHEEL", (f"Wheel-Version: 1.0\nGenerator: oso_build\nRoot-Is-Purelib: true\n"
                           f"Tag: {TAG}\n").encode("ascii")),
    ]
    record = []
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode('ascii')},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files.append((f"{dist}/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    wheel = f"{NAME}-{VERSION}-{TAG}.whl"
    with zipfile.ZipFile(os.path.join(directory, wheel), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return wheel


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


# --- PEP 517 hooks --------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist = os.path.join(metadata_directory, _dist_info())
    os.makedirs(dist, exist_ok=True)
    with open(os.path.join(dist, "METADATA"), "w", encoding="utf-8") as handle:
        handle.write(_metadata())
    with open(os.path.join(dist, "WHEEL"), "w", encoding="ascii") as handle:
        handle.write(f"Wheel-Version: 1.0\nGenerator: oso_build\nRoot-Is-Purelib: true\n"
                     f"Tag: {TAG}\n")
    return _dist_info()


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, ((name, _read(path)) for name, path in _sources()))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: a wheel holding a .pth file that puts the source directory on sys.path."""
    return _write_wheel(wheel_directory, [(f"_{NAME}_editable.pth", (HERE + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{VERSION}"
    archive = f"{base}.tar.gz"
    members = [("pyproject.toml", os.path.join(HERE, "pyproject.toml")),
               ("README.md", os.path.join(HERE, "README.md")),
               ("_build/oso_build.py", os.path.abspath(__file__))] + list(_sources())
    with tarfile.open(os.path.join(sdist_directory, archive), "w:gz") as tar:
        for name, path in members:
            data = _read(path)
            info = tarfile.TarInfo(f"{base}/{name}")
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 1577836800
            tar.addfile(info, io.BytesIO(data))
        pkg_info = _metadata().encode("utf-8")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        info.mode = 0o644
        info.mtime = 1577836800
        tar.addfile(info, io.BytesIO(pkg_info))
    return archive
