"""Shared fixtures: one real run of the whole pipeline on the bundled sample, in a temporary warehouse."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT

SAMPLE_RAW = PROJECT_ROOT / "raw" / "sample"


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Run `records-audit run` on raw/sample once per session; returns paths and exit codes."""
    warehouse = tmp_path_factory.mktemp("warehouse")
    before = tree_digest(SAMPLE_RAW)
    first = main(["run", "--raw", str(SAMPLE_RAW), "--warehouse", str(warehouse)])
    return {"raw": SAMPLE_RAW, "warehouse": warehouse, "exit": first, "raw_before": before}


@pytest.fixture()
def sample_db(sample_run: dict[str, object]):
    con = duckdb.connect(str(Path(sample_run["warehouse"]) / "audit.duckdb"), read_only=True)
    yield con
    con.close()
