"""The Dagster layer end to end on a temporary raw folder: assets, checks, sensor, schedule."""

from __future__ import annotations

import io
import json
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.automation import nightly_refresh, raw_releases_sensor
from pipelines.defs.checks import (
    every_message_has_provenance,
    every_raw_file_accounted_for,
    exports_free_of_personal_data,
)
from pipelines.defs.extract import release_extract
from pipelines.defs.partitions import releases_partitions
from pipelines.defs.resources import build_resources
from pipelines.defs.warehouse import audit_models, public_exports, warehouse_core
from pipelines.extract import pdf
from pipelines.extract.ocr import tesseract_available
from pipelines.settings import Paths
from tests.factories.printed_pdf import PrintedEmail, render_outlook_pdf
from tests.factories.scans import scan_pdf

ALL = [
    release_extract,
    warehouse_core,
    audit_models,
    public_exports,
    every_raw_file_accounted_for,
    every_message_has_provenance,
    exports_free_of_personal_data,
]


def _eml(sender: str, to: str, subject: str, date: str, body: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Date"] = sender, to, subject, date
    message.set_content(body)
    return bytes(message)


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    (root / "lcpd" / "r1" / "mail").mkdir(parents=True)
    (root / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "lcpd,Lake City Police,police,Lake,CA,America/Los_Angeles,lakecity.example.gov\n"
    )
    release = root / "lcpd" / "r1"
    (release / "mail" / "a.eml").write_bytes(
        _eml(
            "Officer Lee <lee@lakecity.example.gov>",
            "Deportation Officer <do.smith@ice.dhs.gov>",
            "Release date",
            "Mon, 04 Feb 2019 10:00:00 -0800",
            "He will be released Friday.",
        )
    )
    (release / "mail" / "b.eml").write_bytes(
        _eml(
            "do.smith@ice.dhs.gov",
            "lee@lakecity.example.gov",
            "RE: Release date",
            "Mon, 04 Feb 2019 11:00:00 -0800",
            "Thanks, we will pick up.",
        )
    )
    (release / "empty.pdf").write_bytes(b"")
    return root


def _materialize(raw: Path, warehouse: Path, instance: dg.DagsterInstance) -> None:
    resources = build_resources(Paths.resolve(raw, warehouse))
    instance.add_dynamic_partitions(releases_partitions.name, ["lcpd/r1"])
    extract = dg.materialize(
        [release_extract], partition_key="lcpd/r1", resources=resources, instance=instance
    )
    assert extract.success
    rest = dg.materialize(
        ALL,
        selection=[warehouse_core, audit_models, public_exports],
        resources=resources,
        instance=instance,
    )
    assert rest.success
    checks = {e.check_name: e.passed for e in rest.get_asset_check_evaluations()}
    assert checks == {
        "every_raw_file_accounted_for": True,
        "every_message_has_provenance": True,
        "exports_free_of_personal_data": True,
    }


def test_materialize_on_temporary_raw(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    _materialize(raw, warehouse, dg.DagsterInstance.ephemeral())
    with duckdb.connect(str(warehouse / "audit.duckdb"), read_only=True) as con:
        statuses = dict(con.execute("SELECT path, status FROM documents").fetchall())
        assert statuses == {
            "mail/a.eml": "parsed",
            "mail/b.eml": "parsed",
            "empty.pdf": "quarantined",
        }
        assert con.execute("SELECT message FROM ingest_errors").fetchall() == [
            ("empty file (0 bytes)",)
        ]
        directions = dict(
            con.execute(
                "SELECT m.subject, c.direction FROM message_contact c JOIN messages m USING (message_id)"
            ).fetchall()
        )
        assert directions == {"Release date": "agency_to_ice", "RE: Release date": "ice_to_agency"}
        summary = con.execute(
            "SELECT messages, messages_with_ice, agency_to_ice, ice_to_agency, ice_correspondents, "
            "documents_quarantined FROM agency_summary"
        ).fetchone()
        assert summary == (2, 2, 1, 1, 1, 1)
    assert (warehouse / "exports" / "agency_summary.csv").is_file()


@pytest.mark.skipif(not tesseract_available(), reason="tesseract not installed")
def test_a_scans_ocr_progress_is_in_the_run_log(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The UI shows how far a long scan's OCR has got (here after every page)."""
    email = PrintedEmail(
        from_name="Smith, Dana",
        from_address="do.smith@ice.dhs.gov",
        sent=datetime(2019, 2, 4, 10, 0),
        subject="Release date",
        body="Please advise the release date.",
    )
    buffer = io.BytesIO()
    render_outlook_pdf(buffer, [email], bates_prefix="LCPD-", bates_start=1)
    (raw / "lcpd" / "r1" / "fax.pdf").write_bytes(scan_pdf(buffer.getvalue()))
    monkeypatch.setattr(pdf, "OCR_PROGRESS_EVERY_S", 0.0)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(releases_partitions.name, ["lcpd/r1"])
    result = dg.materialize(
        [release_extract],
        partition_key="lcpd/r1",
        resources=build_resources(Paths.resolve(str(raw), str(tmp_path / "wh"))),
        instance=instance,
    )
    messages = [entry.user_message for entry in instance.all_logs(result.run_id)]
    said = "fax.pdf: OCR read 1 page(s) so far, up to page 1 of 1 ("
    assert any(message.startswith(said) for message in messages), messages


def test_accounting_check_fails_when_a_file_is_missing_from_documents(
    raw: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    _materialize(raw, warehouse, dg.DagsterInstance.ephemeral())
    (raw / "lcpd" / "r1" / "late.eml").write_bytes(b"From: a@b.org\nSubject: x\n\nlate\n")
    resources = build_resources(Paths.resolve(raw, warehouse))
    result = dg.materialize(
        ALL,
        selection=dg.AssetSelection.checks(every_raw_file_accounted_for),
        resources=resources,
        raise_on_error=False,
    )
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.metadata["missing"].value == ["lcpd/r1/late.eml"]


def test_sensor_adds_partitions_and_requests_only_changed_releases(
    raw: Path, tmp_path: Path
) -> None:
    instance = dg.DagsterInstance.ephemeral()
    resources = build_resources(Paths.resolve(raw, tmp_path / "wh"))
    context = dg.build_sensor_context(instance=instance, resources=resources)
    result = raw_releases_sensor(context)
    assert [r.partition_key for r in result.run_requests] == ["lcpd/r1"]
    (add,) = result.dynamic_partitions_requests
    assert list(add.partition_keys) == ["lcpd/r1"]
    instance.add_dynamic_partitions(releases_partitions.name, ["lcpd/r1"])

    again = raw_releases_sensor(
        dg.build_sensor_context(instance=instance, resources=resources, cursor=result.cursor)
    )
    assert again.run_requests == [] and again.dynamic_partitions_requests == []

    (raw / "lcpd" / "r1" / "new.eml").write_bytes(b"From: a@b.org\nSubject: x\n\nnew\n")
    changed = raw_releases_sensor(
        dg.build_sensor_context(instance=instance, resources=resources, cursor=result.cursor)
    )
    assert [r.partition_key for r in changed.run_requests] == ["lcpd/r1"]
    assert json.loads(changed.cursor) != json.loads(result.cursor)


def test_nightly_schedule_requests_every_release() -> None:
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(releases_partitions.name, ["b/2", "a/1"])
        requests = nightly_refresh(dg.build_schedule_context(instance=instance))
    assert [r.partition_key for r in requests] == ["a/1", "b/2"]


def test_definitions_load() -> None:
    from pipelines.definitions import defs

    definitions = defs()
    assert definitions.resolve_job_def("warehouse_job")
    assert definitions.resolve_sensor_def("raw_releases_sensor")
    assert definitions.resolve_schedule_def("nightly_refresh")
    keys = {k.to_user_string() for k in definitions.resolve_asset_graph().get_all_asset_keys()}
    assert keys == {"release_extract", "warehouse_core", "audit_models", "public_exports"}
