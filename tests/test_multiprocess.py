"""The code location runs under Dagster's multiprocess executor (each step in its own process),
the way `dagster dev` runs it, with folders taken from RECORDS_AUDIT_* environment variables."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.partitions import releases_partitions
from tests.test_dagster import _eml


def extract_job() -> dg.JobDefinition:
    from pipelines.definitions import defs

    return defs().resolve_job_def("extract_release_job")


def warehouse_job() -> dg.JobDefinition:
    from pipelines.definitions import defs

    return defs().resolve_job_def("warehouse_job")


def test_jobs_run_in_subprocesses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    release = raw / "lcpd" / "r1"
    release.mkdir(parents=True)
    (raw / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "lcpd,Lake City Police,police,Lake,CA,America/Los_Angeles,lakecity.example.gov\n"
    )
    (release / "a.eml").write_bytes(
        _eml(
            "lee@lakecity.example.gov",
            "do.smith@ice.dhs.gov",
            "Release date",
            "Mon, 04 Feb 2019 10:00:00 -0800",
            "He will be released Friday.",
        )
    )
    monkeypatch.setenv("RECORDS_AUDIT_RAW_DIR", str(raw))
    monkeypatch.setenv("RECORDS_AUDIT_WAREHOUSE_DIR", str(tmp_path / "wh"))
    run_config = {"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}}
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(releases_partitions.name, ["lcpd/r1"])
        extract = dg.execute_job(
            dg.reconstructable(extract_job),
            instance=instance,
            run_config=run_config,
            tags={"dagster/partition": "lcpd/r1"},
        )
        assert extract.success
        load = dg.execute_job(
            dg.reconstructable(warehouse_job), instance=instance, run_config=run_config
        )
        assert load.success
        checks = {e.check_name: e.passed for e in load.get_asset_check_evaluations()}
        assert checks["every_raw_file_accounted_for"] and checks["every_message_has_provenance"]
        assert checks["exports_free_of_personal_data"] and all(checks.values())
    with duckdb.connect(str(tmp_path / "wh" / "audit.duckdb"), read_only=True) as con:
        assert con.execute("SELECT agency_to_ice FROM agency_summary").fetchone() == (1,)
