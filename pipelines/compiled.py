"""Which build of the printed-email splitter runs: its mypyc-compiled modules, or its Python sources.

The splitter (`pipelines/printed`) reads every page of every printed release, and issue 3 holds it
to adding at most a quarter to PDFium's text extraction; compiled by mypyc it does the same work in
about two thirds of the time (callgrind, the splitter's own work on the benchmark corpus: 336M
simulated cycles against 504M as Python). `setup.py` compiles it when it can (a C compiler and mypy at
build time) into `pipelines/printed/_native/`, beside the sources rather than over them, and
writes there a digest of the sources it compiled. The package puts that folder first on its
import path only when the digest still matches its sources: a checkout edited since its last
build runs the edited Python, with a warning, never stale machine code. The two builds give the
same rows (`tests/printed/test_compiled.py`).

Set `RECORDS_AUDIT_PURE_PYTHON=1` to build or run the Python sources only.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

NATIVE_FOLDER = "_native"  # within the package compiled
MANIFEST = "SOURCES.sha256"  # in that folder: the digest of the sources it was compiled from
PURE_PYTHON = "RECORDS_AUDIT_PURE_PYTHON"  # set (to anything but empty or 0): no compiled modules


def pure_python_requested() -> bool:
    return os.environ.get(PURE_PYTHON, "") not in ("", "0")


def compiled_sources(package: Path) -> list[Path]:
    """The package's modules that are compiled: all but `__init__.py`, which chooses the build."""
    return sorted(path for path in package.glob("*.py") if path.name != "__init__.py")


def source_digest(package: Path) -> str:
    """sha256 over the compiled modules' names and bytes, in name order."""
    digest = hashlib.sha256()
    for path in compiled_sources(package):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def native_folder(package: Path) -> Path | None:
    """The folder of the package's compiled modules when they were built from its sources as they
    are now; None when they were not built, the build is stale (a warning says so), or pure Python
    was asked for."""
    folder = package / NATIVE_FOLDER
    manifest = folder / MANIFEST
    if pure_python_requested() or not manifest.is_file():
        return None
    if manifest.read_text(encoding="ascii").strip() != source_digest(package):
        warnings.warn(
            f"the compiled modules in {folder} were built from older sources than "
            f"{package}'s; running the Python sources (same results, slower). "
            "Rebuild with `make native` (or `pip install -e .`).",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return folder
