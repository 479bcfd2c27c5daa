"""The compiled splitter (mypyc) gives what its Python sources give, and only runs when current.

The comparison runs the Python sources in a second process (`RECORDS_AUDIT_PURE_PYTHON=1`) on the
corpus PDFs, read with and without character positions, and on pages made by shuffling, cutting
and recasing the corpus's lines among lines that have broken the splitter before.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util
import inspect
import json
import os
import random
import re
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

import pipelines.printed
from bench.splitter.corpus import CorpusDocument
from pipelines.compiled import MANIFEST, NATIVE_FOLDER, PURE_PYTHON, native_folder, source_digest
from pipelines.extract.pdf import read_pages
from pipelines.printed import (
    PrintedResult,
    clean_page,
    offsets_to_locate,
    scan_page,
    split_printed,
)
from pipelines.settings import Limits

ROOT = Path(__file__).resolve().parents[2]
_ODD_LINES = [
    "on",
    "12",
    "messages",
    "3 messages",
    "On Mon, Jan 5, 2024 at 3:04 PM Ana Ruiz <ana@example.org> wrote:",
    "----- Original Message -----",
    "x Original Message x",
    "Forwarded by Ana Ruiz on 01/02/2024",
    "From:To:Subject:",
    "From:From: Ana Ruiz <ana@example.org>",
    ">> From: a",
    "Sent: Monday, March 4, 2024 9:15 AM +9800",
    "Subject",
    "cc",
    "01/02/2024 10:11 AM",
    "Ana Ruiz <ana@example.org> Jan 5, 2024, 3:04 PM (3 days ago)",
    "Page 3 of 9",
    "ACSO000123",
    "- 31217 -",
    "CONFIDENTIAL",
    "https://mail.google.com/mail/u/0 1/3",
    "____________",
    "",
    " ",
]


def _rows(result: PrintedResult) -> list[object]:
    return [
        [dataclasses.astuple(row) for row in result.messages],
        [dataclasses.astuple(row) for row in result.participants],
        [dataclasses.astuple(row) for row in result.attachments],
        sorted(result.page_bates.items()),
        result.unassigned_pages,
    ]


def _mutated_pages(texts: list[str], count: int, seed: int) -> list[str]:
    """Pages of corpus lines and odd lines, some cut short, padded or recased."""
    rng = random.Random(seed)
    lines = [line for text in texts for line in text.splitlines()]
    pages = []
    for _ in range(count):
        page = [
            rng.choice(lines) if rng.random() < 0.7 else rng.choice(_ODD_LINES)
            for _ in range(rng.randint(0, 40))
        ]
        for index, line in enumerate(page):
            roll = rng.random()
            if roll < 0.05:
                page[index] = line[: rng.randint(0, len(line))]
            elif roll < 0.1:
                page[index] = " " * rng.randint(0, 3) + line + rng.choice(["", " ", "\t"])
            elif roll < 0.13:
                page[index] = line.upper()
        pages.append(rng.choice(["\r\n", "\n", "\r"]).join(page))
    return pages


def splitter_output(paths: list[Path]) -> str:
    """Everything the splitter makes of the documents and of pages mutated from them, as JSON
    (dates and tuples as text): what two builds must agree on."""
    output: list[object] = []
    texts: list[str] = []
    for path in paths:
        pages = read_pages(path, Limits()).pages
        output.append(_rows(split_printed(path.name, pages)))
        output.append(_rows(split_printed(path.name, [(page.number, page.text) for page in pages])))
        output.append([sorted(page.boxes or {}) for page in pages])
        texts.extend(page.text for page in pages)
    mutated = _mutated_pages(texts, count=600, seed=20261207)
    for first in range(0, len(mutated), 3):
        group = list(enumerate(mutated[first : first + 3], start=1))
        cleans = [clean_page(number, text) for number, text in group]
        scans = [scan_page(clean.texts) for clean in cleans]
        output.append([dataclasses.astuple(clean) for clean in cleans])
        output.append(
            [
                (
                    [(line, dataclasses.astuple(label)) for line, label in scan.labels.items()],
                    scan.marks,
                )
                for scan in scans
            ]
        )
        output.append(
            [offsets_to_locate(clean, scan) for clean, scan in zip(cleans, scans, strict=True)]
        )
        output.append(_rows(split_printed(f"mutated-{first}", group)))
    return json.dumps(output, default=repr)


@pytest.mark.skipif(
    pipelines.printed.BUILD != "mypyc",
    reason="the splitter is not compiled here (CI requires it to be: .ci/run)",
)
def test_compiled_splitter_gives_what_its_sources_give(corpus: list[CorpusDocument]) -> None:
    paths = [document.path for document in corpus[::3]]
    compiled = splitter_output(paths)
    python = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, pipelines.printed as p\n"
            "from pathlib import Path\n"
            "from tests.printed.test_compiled import splitter_output\n"
            "assert p.BUILD == 'python', p.BUILD\n"
            "sys.stdout.write(splitter_output([Path(a) for a in sys.argv[1:]]))",
            *map(str, paths),
        ],
        cwd=ROOT,
        env={**os.environ, PURE_PYTHON: "1"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(compiled) == json.loads(python)
    assert len(json.loads(compiled)) > 800  # the documents and 200 groups of mutated pages


def _package(tmp_path: Path) -> Path:
    package = tmp_path / "package"
    (package / NATIVE_FOLDER).mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "split.py").write_text("ANSWER = 1\n")
    (package / NATIVE_FOLDER / MANIFEST).write_text(source_digest(package) + "\n")
    return package


def test_a_current_build_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PURE_PYTHON, raising=False)
    package = _package(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert native_folder(package) == package / NATIVE_FOLDER
    (package / "__init__.py").write_text("# the chooser is not compiled: editing it is fine\n")
    assert native_folder(package) == package / NATIVE_FOLDER


def test_a_build_older_than_its_sources_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PURE_PYTHON, raising=False)
    package = _package(tmp_path)
    (package / "split.py").write_text("ANSWER = 2\n")
    with pytest.warns(RuntimeWarning, match="make native"):
        assert native_folder(package) is None
    (package / "split.py").write_text("ANSWER = 1\n")
    (package / "values.py").write_text("")  # a module added since the build
    with pytest.warns(RuntimeWarning):
        assert native_folder(package) is None


def test_no_build_or_pure_python_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(tmp_path)
    monkeypatch.setenv(PURE_PYTHON, "1")
    assert native_folder(package) is None
    monkeypatch.setenv(PURE_PYTHON, "0")
    assert native_folder(package) == package / NATIVE_FOLDER
    (package / NATIVE_FOLDER / MANIFEST).unlink()  # a failed compile leaves no digest
    assert native_folder(package) is None


# What the splitter makes per page, line or message, with an __init__ of its own (why:
# pipelines.printed), by module.
_MADE_OFTEN = {
    "furniture": ["CleanPage", "Line"],
    "headers": ["HeaderBlock", "LabelMatch"],
    "page": ["PrintedPage"],
    "scan": ["PageScan"],
    "segments": ["Segment"],
    "values": ["Mailbox"],
}
_KINDS = [(module, name) for module, names in _MADE_OFTEN.items() for name in names]


def _source_class(module: str, name: str) -> type:
    """The class as its Python source defines it, whichever build the package runs: a compiled
    __init__ has no signature to read and rejects arguments of the wrong type."""
    path = ROOT / "pipelines" / "printed" / f"{module}.py"
    spec = importlib.util.spec_from_file_location(f"_source_{module}", path)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded  # dataclasses looks its module up
    try:
        spec.loader.exec_module(loaded)
    finally:
        del sys.modules[spec.name]
    return getattr(loaded, name)


@pytest.mark.parametrize(("module", "name"), _KINDS, ids=[name for _, name in _KINDS])
def test_own_init_follows_the_declared_fields(module: str, name: str) -> None:
    """The __init__ takes the fields in declared order (a field made by a factory may be left to
    it); each argument lands in its own field, and a left-out one takes the field's default: what
    the decorator's __init__ did, which repr and == still rely on."""
    kind = _source_class(module, name)
    fields = dataclasses.fields(kind)
    parameters = list(inspect.signature(kind).parameters.values())
    assert [parameter.name for parameter in parameters] == [f.name for f in fields][
        : len(parameters)
    ]
    for field in fields[len(parameters) :]:
        assert field.default_factory is not dataclasses.MISSING, field.name
    given = [object() for _ in parameters]
    made = kind(*given)
    assert [getattr(made, field.name) for field in fields[: len(parameters)]] == given
    required = [p for p in parameters if p.default is inspect.Parameter.empty]
    made = kind(*[object() for _ in required])
    for field in fields[len(required) :]:
        if field.default_factory is not dataclasses.MISSING:
            assert getattr(made, field.name) == field.default_factory(), field.name
        else:
            assert getattr(made, field.name) == field.default, field.name


@pytest.mark.skipif(pipelines.printed.BUILD != "mypyc", reason="the splitter is not compiled here")
@pytest.mark.parametrize(("module", "name"), _KINDS, ids=[name for _, name in _KINDS])
def test_own_init_is_compiled(module: str, name: str) -> None:
    kind = getattr(importlib.import_module(f"pipelines.printed.{module}"), name)
    assert not isinstance(kind.__dict__["__init__"], types.FunctionType)


def test_module_constants_are_final() -> None:
    """Every module-level UPPER_CASE name of the compiled modules is `Final` (why:
    pipelines.printed), so none is looked up in a module dict on each use."""
    plain = []
    for path in sorted((ROOT / "pipelines" / "printed").glob("*.py")):
        if path.name == "__init__.py":
            continue  # the chooser is not compiled
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign):
                names = [target.id for target in node.targets if isinstance(target, ast.Name)]
                plain += [f"{path.name}: {name}" for name in names if _CONSTANT.match(name)]
    assert plain == []


_CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*$")  # not a type alias such as `Box`
