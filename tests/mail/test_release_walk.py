"""Whole releases with files inside files, end to end on temporary raw folders: every document
accounted for, children linked to parents, and the reconciliation check passing or failing.

Only the extraction and the core load run here (the SQL models are tested elsewhere), so rows are
read from the core tables (stg_messages, stg_participants) the models are built from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.defs.checks import every_raw_file_accounted_for
from pipelines.defs.extract import release_extract
from pipelines.defs.partitions import releases_partitions
from pipelines.defs.reconcile_checks import release_reconciles
from pipelines.defs.resources import build_resources
from pipelines.defs.warehouse import warehouse_core
from pipelines.extract.discover import discover_releases, read_agencies
from pipelines.extract.release import extract_release
from pipelines.settings import Limits, Paths
from pipelines.staging import Staging
from pipelines.warehouse.load import load_warehouse
from tests.conftest import SAMPLE_RAW
from tests.factories.mail import (
    forwarded_detainer,
    make_eml,
    make_mbox,
    make_tar,
    make_zip,
    one_page_pdf,
)
from tests.mail.outlook import fixture, pst_fixture

ASSETS = [release_extract, warehouse_core, every_raw_file_accounted_for, release_reconciles]
AGENCIES = (
    "agency_id,name,agency_type,county,state,timezone,email_domains\n"
    "mbcso,Mariposa Bay Sheriff,sheriff,Mariposa Bay,CA,America/Los_Angeles,mbcso.example.gov\n"
)
FORM = one_page_pdf("IMMIGRATION DETAINER - NOTICE OF ACTION\nSubject: RIOS-BANDA, Jorge")
BOOKING = one_page_pdf("BOOKING SHEET\nRIOS-BANDA, Jorge")
PRINT = one_page_pdf("Responsive records, page 1")
FEB_5 = datetime(2019, 2, 5, 9, 0, tzinfo=timezone(timedelta(hours=-8)))


def _raw(tmp_path: Path, files: dict[str, bytes], release: str = "r1") -> Path:
    root = tmp_path / "raw"
    folder = root / "mbcso" / release
    folder.mkdir(parents=True, exist_ok=True)
    (root / "agencies.csv").write_text(AGENCIES)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return root


def nested_release_files() -> dict[str, bytes]:
    """A release whose mail and bundles nest three deep, with one file also sent twice."""
    deep = make_eml(
        sender=(None, "ero.sf@ice.dhs.gov"),
        to=[(None, "jail@mbcso.example.gov")],
        date=FEB_5,
        subject="Transfer at sally port",
        body="Please confirm 0600.",
    )
    mailbox = make_mbox(
        [
            make_eml(
                sender=(None, "jail@mbcso.example.gov"),
                to=[(None, "ero.sf@ice.dhs.gov")],
                date=FEB_5,
                subject="Release notification",
                body="Released at 0600.",
                attachments=[("booking.pdf", BOOKING, "application/pdf")],
            )
        ]
    )
    inner = make_zip([("deep/transfer.eml", deep)])
    return {
        "print.pdf": PRINT,
        "mail/fw.eml": forwarded_detainer(FORM, BOOKING),
        "bundle.zip": make_zip(
            [("scans/print.pdf", PRINT), ("inner.zip", inner), ("box.mbox", mailbox)]
        ),
    }


def _materialize(raw: Path, warehouse: Path, keys: list[str]) -> dg.ExecuteInProcessResult:
    instance = dg.DagsterInstance.ephemeral()
    resources = build_resources(Paths.resolve(raw, warehouse))
    instance.add_dynamic_partitions(releases_partitions.name, keys)
    for key in keys:
        dg.materialize([release_extract], partition_key=key, resources=resources, instance=instance)
    return dg.materialize(
        ASSETS,
        selection=[warehouse_core],
        resources=resources,
        instance=instance,
        raise_on_error=False,
    )


def _evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_nested_release_is_fully_accounted_for_and_reconciles(tmp_path: Path) -> None:
    raw = _raw(tmp_path, nested_release_files())
    result = _materialize(raw, tmp_path / "wh", ["mbcso/r1"])
    checks = _evaluations(result)
    assert {name: e.passed for name, e in checks.items()} == {
        "every_raw_file_accounted_for": True,
        "release_reconciles": True,
    }
    with duckdb.connect(str(tmp_path / "wh" / "audit.duckdb"), read_only=True) as con:
        documents = dict(con.execute("SELECT path, status FROM documents").fetchall())
        fw_form = (
            "mail/fw.eml::eml/attachment:2/I-247A for RIOS-BANDA.eml::eml/attachment:1/I-247A.pdf"
        )
        # Breadth-first: the copy nearest the release folder is parsed, deeper copies are duplicates
        # (print.pdf on disk before its copy in the zip, fw.eml's booking.pdf before the mbox's).
        assert documents == {
            "bundle.zip": "parsed",
            "bundle.zip::box.mbox": "parsed",
            "bundle.zip::box.mbox::mbox:0/attachment:1/booking.pdf": "duplicate",
            "bundle.zip::inner.zip": "parsed",
            "bundle.zip::inner.zip::deep/transfer.eml": "parsed",
            "bundle.zip::scans/print.pdf": "duplicate",
            "mail/fw.eml": "parsed",
            "mail/fw.eml::eml/attachment:1/booking.pdf": "parsed",
            "mail/fw.eml::eml/attachment:2/I-247A for RIOS-BANDA.eml": "parsed",
            fw_form: "parsed",
            "print.pdf": "parsed",
        }
        # Every child points at its container; every attachment at its document.
        orphans = con.execute(
            "SELECT c.path FROM documents c LEFT JOIN documents p "
            "ON p.document_id = c.parent_document_id AND p.release_id = c.release_id "
            "WHERE c.parent_document_id IS NOT NULL AND p.document_id IS NULL"
        ).fetchall()
        assert orphans == []
        unlinked = con.execute(
            "SELECT a.file_name FROM attachments a LEFT JOIN documents d USING (document_id) "
            "WHERE d.document_id IS NULL"
        ).fetchall()
        assert unlinked == []
        subjects = sorted(r[0] for r in con.execute("SELECT subject FROM stg_messages").fetchall())
        assert subjects == [
            "FW: I-247A for RIOS-BANDA",
            "I-247A for RIOS-BANDA",
            "Release notification",
            "Transfer at sally port",
        ]
        assert con.execute("SELECT files FROM releases").fetchone() == (3,)
        assert con.execute("SELECT count(*) FROM ingest_errors").fetchone() == (0,)


def test_a_short_container_fails_reconciliation_with_a_warning(tmp_path: Path) -> None:
    bundle = make_zip([("ok.pdf", PRINT), ("../../etc/cron.d/evil", b"* * * * * root x")])
    raw = _raw(tmp_path, {"bundle.zip": bundle})
    result = _materialize(raw, tmp_path / "wh", ["mbcso/r1"])
    check = _evaluations(result)["release_reconciles"]
    assert not check.passed
    assert check.severity == dg.AssetCheckSeverity.WARN  # reported, not silent
    assert check.metadata["containers_short"].value == ["mbcso/r1/bundle.zip: 1 of 2 items missing"]
    assert check.metadata["containers_unbalanced"].value == []
    with duckdb.connect(str(tmp_path / "wh" / "audit.duckdb"), read_only=True) as con:
        assert con.execute("SELECT path, error_class, message FROM ingest_errors").fetchall() == [
            (
                "bundle.zip",
                "UnsafeMemberPath",
                "../../etc/cron.d/evil: refused: leaves the folder",
            )
        ]
    assert not (raw.parent / "etc").exists()


def test_a_silently_lost_child_fails_reconciliation_with_an_error(tmp_path: Path) -> None:
    raw = _raw(tmp_path, {"mail/fw.eml": forwarded_detainer(FORM, BOOKING)})
    warehouse = tmp_path / "wh"
    assert _evaluations(_materialize(raw, warehouse, ["mbcso/r1"]))["release_reconciles"].passed
    with duckdb.connect(str(warehouse / "audit.duckdb")) as con:  # lose a child behind our back
        con.execute("DELETE FROM documents WHERE path LIKE '%::eml/attachment:1/booking.pdf'")
    result = dg.materialize(
        ASSETS,
        selection=dg.AssetSelection.checks(release_reconciles),
        resources=build_resources(Paths.resolve(raw, warehouse)),
        raise_on_error=False,
    )
    (check,) = result.get_asset_check_evaluations()
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert check.metadata["releases_unbalanced"].value == ["mbcso/r1"]
    (line,) = check.metadata["containers_unbalanced"].value
    assert line.startswith(
        "mbcso/r1/mail/fw.eml (parsed): expected 3, extracted 3 (2 files), missing 0; "
        "rows: 1 files + 1 messages"
    )


def _load(raw: Path, staging: Staging, database: Path) -> None:
    with duckdb.connect(str(database)) as con:
        releases = {r.key for r in discover_releases(raw, with_files=False)}
        load_warehouse(con, staging, read_agencies(raw), raw, releases)


def test_nesting_deeper_than_the_limit_is_quarantined_and_reported(tmp_path: Path) -> None:
    level3 = make_zip([("form.pdf", FORM)])
    level2 = make_tar([("level3.zip", level3)])
    raw = _raw(tmp_path, {"level1.zip": make_zip([("level2.tar", level2)])})
    staging = Staging(tmp_path / "staging")
    (release,) = discover_releases(raw)
    stats = extract_release(release, staging, limits=Limits(max_nesting_depth=2))
    assert stats.statuses == {"parsed": 3, "quarantined": 1}
    _load(raw, staging, tmp_path / "audit.duckdb")
    with duckdb.connect(str(tmp_path / "audit.duckdb"), read_only=True) as con:
        assert con.execute("SELECT path, error_class, message FROM ingest_errors").fetchall() == [
            (
                "level1.zip::level2.tar::level3.zip::form.pdf",
                "NestingTooDeep",
                "nested 3 levels deep; the limit is 2 (max_nesting_depth)",
            )
        ]


def test_the_same_attachment_in_two_releases_is_stored_once(tmp_path: Path) -> None:
    fw = forwarded_detainer(FORM, BOOKING)
    _raw(tmp_path, {"fw.eml": fw}, release="r1")
    raw = _raw(tmp_path, {"bundle.zip": make_zip([("copy/I-247A.pdf", FORM)])}, release="r2")
    staging = Staging(tmp_path / "staging")
    for release in discover_releases(raw):
        extract_release(release, staging)
    _load(raw, staging, tmp_path / "audit.duckdb")
    with duckdb.connect(str(tmp_path / "audit.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT release_id, path, status FROM documents WHERE path LIKE '%I-247A.pdf' "
            "ORDER BY release_id"
        ).fetchall()
        assert rows == [
            (
                "mbcso/r1",
                "fw.eml::eml/attachment:2/I-247A for RIOS-BANDA.eml::eml/attachment:1/I-247A.pdf",
                "parsed",
            ),
            ("mbcso/r2", "bundle.zip::copy/I-247A.pdf", "duplicate"),
        ]
        assert con.execute("SELECT count(DISTINCT document_id) FROM pages").fetchone() == (2,)


def test_outlook_files_in_a_release_end_to_end(tmp_path: Path) -> None:
    files = {
        f"outlook/{name}": fixture(name).read_bytes()
        for name in ("rubymsg_test_Blammo.msg", "rubymsg_msgInMsg.pst")
    }
    files["outlook/rubymsg_200_recipients.pst"] = pst_fixture(
        "rubymsg_200_recipients.pst"
    ).read_bytes()
    raw = _raw(tmp_path, files)
    result = _materialize(raw, tmp_path / "wh", ["mbcso/r1"])
    assert all(e.passed for e in result.get_asset_check_evaluations())
    with duckdb.connect(str(tmp_path / "wh" / "audit.duckdb"), read_only=True) as con:
        kinds = con.execute(
            "SELECT source_kind, subject FROM stg_messages ORDER BY source_kind, subject"
        ).fetchall()
        assert kinds == [
            ("eml", "Microsoft Outlook テスト メッセージ"),  # the message inside the message
            ("msg", "BlammoBlammo"),
            ("pst", "200 recipients"),
            ("pst", "I have attachments!"),
        ]
        to = con.execute(
            "SELECT count(*) FROM stg_participants p JOIN stg_messages m USING (message_id) "
            "WHERE m.subject = '200 recipients' AND p.role = 'to'"
        ).fetchone()
        assert to == (200,)
        inner_parent = con.execute(
            "SELECT p.path FROM stg_messages m JOIN documents d USING (document_id) "
            "JOIN documents p ON p.document_id = d.parent_document_id "
            "WHERE m.source_kind = 'eml'"
        ).fetchall()
        assert inner_parent == [("outlook/rubymsg_msgInMsg.pst",)]

    # readpst output is made deterministic: a fresh extraction gives the same staged rows.
    fingerprints = set()
    for attempt in ("a", "b"):
        (release,) = discover_releases(raw)
        fingerprints.add(extract_release(release, Staging(tmp_path / attempt)).fingerprint)
    assert len(fingerprints) == 1


def test_the_sample_release_reconciles(tmp_path: Path) -> None:
    keys = [r.key for r in discover_releases(SAMPLE_RAW, with_files=False)]
    result = _materialize(SAMPLE_RAW, tmp_path / "wh", keys)
    check = _evaluations(result)["release_reconciles"]
    assert check.passed, check.metadata
    with duckdb.connect(str(tmp_path / "wh" / "audit.duckdb"), read_only=True) as con:
        children = con.execute(
            "SELECT count(*) FROM documents WHERE parent_document_id IS NOT NULL"
        ).fetchone()
        assert children[0] >= 2  # the sample's e-mails carry a PDF and a CSV
