"""`records-audit run` on the bundled sample: what a newcomer's first command must produce."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import EXIT_QUARANTINED, main
from pipelines.extract.ocr import tesseract_available
from pipelines.warehouse.privacy import scan_csv
from tests.conftest import tree_digest


def table_digests(database: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        ]
        return {
            t: con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(x, '|' ORDER BY x), '')) "
                f"FROM (SELECT CAST(t AS VARCHAR) AS x FROM {t} t)"
            ).fetchone()
            for t in tables
        }


def test_exit_status_reports_quarantined_files_and_raw_is_untouched(sample_run) -> None:
    assert sample_run["exit"] == EXIT_QUARANTINED
    assert tree_digest(Path(sample_run["raw"])) == sample_run["raw_before"]


def test_every_file_is_a_document_and_the_damaged_pdf_is_quarantined(sample_run, sample_db) -> None:
    raw = Path(sample_run["raw"])
    on_disk = sorted(
        p.relative_to(raw).as_posix()
        for p in raw.glob("*/*/**/*")
        if p.is_file() and p.name != "release.toml" and p.parent != raw
    )
    in_db = sorted(
        r[0]
        for r in sample_db.execute(
            "SELECT release_id || '/' || path FROM documents WHERE parent_document_id IS NULL"
        ).fetchall()
    )
    assert in_db == on_disk
    errors = sample_db.execute(
        "SELECT path, stage, error_class, message FROM ingest_errors"
    ).fetchall()
    assert errors == [
        (
            "CPRA-0117_Part3_damaged.pdf",
            "extract",
            "TruncatedPdfError",
            "truncated PDF: no %%EOF trailer in the last 2048 bytes",
        )
    ]


def test_summary_has_ice_contact_for_both_agencies(sample_db) -> None:
    rows = sample_db.execute(
        "SELECT agency_id, messages, messages_with_ice, agency_to_ice, ice_to_agency, "
        "ice_correspondents, first_message_date FROM agency_summary ORDER BY agency_id"
    ).fetchall()
    assert [r[0] for r in rows] == ["mbcso", "pvpd"]
    for agency_id, messages, with_ice, to_ice, from_ice, correspondents, first in rows:
        assert messages > with_ice > 0, agency_id
        assert to_ice > 0 and from_ice > 0 and correspondents > 0, agency_id
        assert first is not None


def test_icy_roads_notice_is_not_ice_contact(sample_db) -> None:
    rows = sample_db.execute(
        "SELECT count(*) FROM messages m JOIN message_contact c USING (message_id) "
        "WHERE m.subject ILIKE '%icy roads%'"
    ).fetchone()
    assert rows == (0,)


def test_printed_messages_cite_pages_and_bates(sample_db) -> None:
    missing = sample_db.execute(
        "SELECT count(*) FROM messages WHERE source_kind = 'pdf_print' "
        "AND (page_start IS NULL OR bates_start IS NULL OR bates_end IS NULL)"
    ).fetchone()
    assert missing == (0,)


def test_export_is_aggregates_only(sample_run) -> None:
    export = Path(sample_run["warehouse"]) / "exports" / "agency_summary.csv"
    with export.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["agency_id"] for r in rows] == ["mbcso", "pvpd"]
    assert int(rows[0]["messages_with_ice"]) > 0
    assert scan_csv(export) == []


def test_second_run_parses_nothing_and_changes_nothing(
    sample_run, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Path(sample_run["warehouse"]) / "audit.duckdb"
    before = table_digests(database)
    capsys.readouterr()
    again = main(
        ["run", "--raw", str(sample_run["raw"]), "--warehouse", str(sample_run["warehouse"])]
    )
    err = capsys.readouterr().err
    assert again == EXIT_QUARANTINED
    assert err.count("(0 parsed,") == 2, err
    assert table_digests(database) == before


@pytest.mark.skipif(not tesseract_available(), reason="tesseract not installed")
def test_scanned_fax_is_read_by_ocr_and_redactions_are_counted(sample_db) -> None:
    ocr_messages = sample_db.execute(
        "SELECT from_address, subject FROM messages WHERE source_kind = 'pdf_ocr' ORDER BY sent_at"
    ).fetchall()
    assert [address for address, _ in ocr_messages] == [
        "perc.notifications@ice.dhs.gov",
        "custodyrecords@mbcso.example.gov",
    ]
    quality = sample_db.execute(
        "SELECT ocr_pages, redacted_pages, redaction_boxes FROM release_quality "
        "WHERE release_id = 'mbcso/2024-cpra-0117'"
    ).fetchone()
    assert quality[0] == 1 and quality[1] >= 5 and quality[2] >= 20


def test_email_seen_three_ways_is_counted_once(sample_db) -> None:
    """The SB 54 refusal is in the release as an .eml, as a printout, and quoted in a reply."""
    copies = sample_db.execute(
        """
        SELECT m.source_kind, m.is_quoted
        FROM messages m
        JOIN messages native ON coalesce(m.duplicate_of, m.message_id) = native.message_id
        WHERE native.source_kind = 'eml'
          AND native.subject LIKE 'RE: Immigration Detainer - Notice of Action%'
        ORDER BY ALL
        """
    ).fetchall()
    assert copies == [("eml", False), ("pdf_print", False), ("pdf_print", True)]
