"""On the bundled sample: the metrics reconcile, and the exports are what they claim to be."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipelines.defs.metrics_checks import metrics_reconcile_with_messages
from pipelines.warehouse.export import INTERNAL_EXPORTS, PUBLIC_EXPORTS
from pipelines.warehouse.privacy import person_names, scan_csv
from pipelines.warehouse.reconcile import reconcile


@pytest.fixture()
def sample_copy(sample_run, tmp_path: Path) -> Path:
    """A writable copy of the sample warehouse, for tampering."""
    target = tmp_path / "audit.duckdb"
    shutil.copy(Path(sample_run["warehouse"]) / "audit.duckdb", target)
    return target


def test_sample_metrics_reconcile(sample_db) -> None:
    assert reconcile(sample_db) == []


def test_reconcile_catches_a_wrong_number(sample_copy: Path) -> None:
    with duckdb.connect(str(sample_copy)) as con:
        con.execute(
            "UPDATE agency_summary SET cat_refusal = cat_refusal + 1 WHERE agency_id = 'pvpd'"
        )
        con.execute(
            "DELETE FROM agency_monthly WHERE agency_id = 'mbcso' AND messages_with_ice > 0 "
            "AND month = (SELECT min(month) FROM agency_monthly WHERE messages_with_ice > 0)"
        )
        con.execute("DELETE FROM evidence WHERE source_kind = 'mbox'")
        checks = {(p.check, p.metric) for p in reconcile(con)}
    assert ("summary_vs_messages", "cat_refusal") in checks
    assert ("monthly_adds_up", "cat_refusal") in checks
    assert ("monthly_adds_up", "messages_with_ice") in checks
    assert any(check == "evidence_cites_flagged" for check, _ in checks)


def test_the_asset_check_reports_reconciliation(sample_copy: Path) -> None:
    result = metrics_reconcile_with_messages(duckdb=DuckDBResource(database=str(sample_copy)))
    assert result.passed
    assert result.metadata["mismatches"].value == 0


def test_sample_shows_several_categories(sample_db) -> None:
    columns = [
        r[0]
        for r in sample_db.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'agency_summary' AND column_name LIKE 'cat_%'"
        ).fetchall()
    ]
    totals = sample_db.execute(
        f"SELECT {', '.join(f'sum({c})' for c in columns)} FROM agency_summary"
    ).fetchone()
    nonzero = [c for c, n in zip(columns, totals, strict=True) if n]
    assert len(nonzero) >= 8, nonzero
    assert (
        sample_db.execute("SELECT sum(detainer_requests_received) FROM agency_summary").fetchone()[
            0
        ]
        > 0
    )


def test_public_exports_hold_no_names_or_identifiers(sample_run, sample_db) -> None:
    names = person_names(sample_db)
    assert "Ramirez, Ana" in names
    exports = Path(sample_run["warehouse"]) / "exports"
    for name in PUBLIC_EXPORTS:
        assert scan_csv(exports / name, names) == [], name


def test_internal_evidence_cites_and_masks(sample_run, sample_db) -> None:
    path = Path(sample_run["warehouse"]) / "exports" / next(iter(INTERNAL_EXPORTS))
    assert "internal" in path.name
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    flagged = sample_db.execute(
        "SELECT count(DISTINCT message_id) FROM message_categories"
    ).fetchone()[0]
    assert len({r["message_id"] for r in rows}) == flagged
    printed = [r for r in rows if r["source_kind"] == "pdf_print"]
    assert printed and all(r["page_start"] and r["bates_start"] for r in printed)
    kinds = {f.kind for f in scan_csv(path) if f.column == "snippet"}
    assert "a_number" not in kinds  # identifier digits are masked in snippets


def test_monthly_rows_are_agency_months(sample_db) -> None:
    bad = sample_db.execute(
        "SELECT count(*) FROM agency_monthly WHERE NOT regexp_matches(month, '^\\d{4}-\\d{2}$')"
    ).fetchone()
    assert bad == (0,)
    gaps = sample_db.execute(
        """
        SELECT agency_id, count(*) AS months,
            date_diff('month', strptime(min(month), '%Y-%m'), strptime(max(month), '%Y-%m')) + 1
        FROM agency_monthly WHERE month IS NOT NULL GROUP BY agency_id
        HAVING count(*) <> date_diff('month', strptime(min(month), '%Y-%m'),
            strptime(max(month), '%Y-%m')) + 1
        """
    ).fetchall()
    assert gaps == []
