"""The build, with the printed-email splitter (`pipelines/printed`) compiled by mypyc when it can be.

Everything else is in `pyproject.toml`. mypyc turns the splitter's typed Python into a C extension
that does the same work faster (see `pipelines.compiled`); it needs mypy (a build requirement) and
a C compiler with Python's headers. Without them, or with `RECORDS_AUDIT_PURE_PYTHON=1`, the
package installs as plain Python and gives the same rows, more slowly: a failed compile is a
warning, never a failed install.

The compiled modules go to `pipelines/printed/_native/` (in place, for an editable install), with
the digest of the sources they were compiled from; `make native` rebuilds them in a checkout.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.extension import Extension

ROOT = Path(__file__).parent
PACKAGE = "pipelines.printed"


def _compiled_module() -> object:
    """`pipelines/compiled.py`, loaded by path: importing `pipelines` would need its dependencies,
    which a build environment does not have."""
    spec = importlib.util.spec_from_file_location("compiled", ROOT / "pipelines" / "compiled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compiled = _compiled_module()
SOURCE_FOLDER = ROOT / Path(*PACKAGE.split("."))
NATIVE = f"{PACKAGE}.{compiled.NATIVE_FOLDER}"


def _warn(message: str) -> None:
    print(f"records-audit build: {message}; the splitter will run as Python", file=sys.stderr)


def _extensions() -> list[Extension]:
    """mypyc's extensions for the splitter, renamed into the `_native` folder; none when pure
    Python was asked for or mypyc cannot translate the sources."""
    if compiled.pure_python_requested():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        return []
    sources = [str(path.relative_to(ROOT)) for path in compiled.compiled_sources(SOURCE_FOLDER)]
    try:
        extensions = mypycify(
            # Modules the splitter imports (rows, dates) are read for their types, not checked.
            ["--follow-imports=silent", "--ignore-missing-imports", *sources],
            group_name=f"{NATIVE}.splitter",
        )
    except (Exception, SystemExit) as error:  # mypy reports type errors by exiting
        _warn(f"mypyc could not translate it ({error!r})")
        return []
    for extension in extensions:
        if extension.name.startswith(f"{PACKAGE}.") and not extension.name.startswith(NATIVE):
            extension.name = f"{NATIVE}.{extension.name.rsplit('.', 1)[1]}"
    return extensions


class OptionalBuildExt(build_ext):
    """Build the extensions, write the digest of the sources beside them, and turn a failed
    compile into a warning (leaving no digest, so the Python sources run)."""

    def run(self) -> None:
        in_place = ROOT / Path(*NATIVE.split("."))
        if self.inplace and self.extensions:
            in_place.mkdir(exist_ok=True)  # setuptools copies into the folder but does not make it
            # until this build succeeds, the checkout runs its Python sources
            (in_place / compiled.MANIFEST).unlink(missing_ok=True)
        try:
            super().run()
        except Exception as error:  # a missing compiler or header raises from distutils
            _warn(f"the C compiler failed ({error})")
            return
        if not self.extensions:
            return
        digest = compiled.source_digest(SOURCE_FOLDER) + "\n"
        folders = {Path(self.build_lib, *NATIVE.split("."))}
        if self.inplace:
            folders.add(in_place)
        for folder in folders:
            (folder / compiled.MANIFEST).write_text(digest, encoding="ascii")


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
