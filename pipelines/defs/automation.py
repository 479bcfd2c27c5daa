"""How new releases get processed without anyone clicking: a sensor on raw/ and a nightly schedule.

The sensor adds a partition for each new release folder and requests extraction when a release's
files change (by name, size and mtime; no hashing on the tick). The warehouse assets carry an eager
automation condition, so the load, models and exports follow once extraction finishes. The nightly
schedule re-requests every release (unchanged files are served from the staging cache, so this is
cheap), which catches anything the sensor missed; the warehouse follows the same way.
"""

import json

import dagster as dg

from pipelines.defs.extract import release_extract
from pipelines.defs.partitions import releases_partitions
from pipelines.defs.resources import RecordsAuditPaths
from pipelines.defs.warehouse import audit_models, public_exports, warehouse_core
from pipelines.extract.discover import RawLayoutError, discover_releases, release_fingerprint

extract_job = dg.define_asset_job(
    "extract_release_job", selection=[release_extract], description="Extract one release."
)
warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.assets(warehouse_core, audit_models, public_exports),
    description="Load staged releases, rebuild the SQL models and write the exports.",
)


def fingerprints(paths: RecordsAuditPaths) -> dict[str, str]:
    return {
        release.key: release_fingerprint(release.folder)
        for release in discover_releases(paths.paths().raw, with_files=False)
    }


@dg.sensor(
    job=extract_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING
)
def raw_releases_sensor(
    context: dg.SensorEvaluationContext, paths: RecordsAuditPaths
) -> dg.SensorResult | dg.SkipReason:
    try:
        current = fingerprints(paths)
    except RawLayoutError as exc:
        return dg.SkipReason(str(exc))
    previous = json.loads(context.cursor) if context.cursor else {}
    existing = set(context.instance.get_dynamic_partitions(releases_partitions.name))
    new_keys = sorted(set(current) - existing)
    changed = sorted(k for k, fp in current.items() if previous.get(k) != fp)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"{k}@{current[k]}", partition_key=k) for k in changed],
        dynamic_partitions_requests=[releases_partitions.build_add_request(new_keys)]
        if new_keys
        else [],
        cursor=json.dumps(current, sort_keys=True),
    )


@dg.schedule(
    cron_schedule="0 2 * * *",
    job=extract_job,
    execution_timezone="America/Los_Angeles",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_refresh(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
    keys = context.instance.get_dynamic_partitions(releases_partitions.name)
    return [dg.RunRequest(partition_key=k, tags={"trigger": "nightly"}) for k in sorted(keys)]
