"""Extraction of one release (a partition): parse new files into Parquet staging, no DuckDB."""

import logging

import dagster as dg

from pipelines.defs.partitions import releases_partitions
from pipelines.defs.resources import RecordsAuditPaths
from pipelines.extract.discover import RawLayoutError, find_release
from pipelines.extract.release import extract_release
from pipelines.logs import library_logs


class _ToRunLog(logging.Handler):
    """What the extraction libraries log (how far a long scan's OCR has got) in the run's event
    log, where the UI shows it beside the per-file progress."""

    def __init__(self, context: dg.AssetExecutionContext) -> None:
        super().__init__(logging.INFO)
        self.context = context

    def emit(self, record: logging.LogRecord) -> None:
        self.context.log.info(record.getMessage())


@dg.asset(
    partitions_def=releases_partitions,
    group_name="extract",
    kinds={"python", "parquet"},
    description="Every file of the release parsed (or served from the sha256 cache) into Parquet "
    "under warehouse/staging/, plus a manifest with one row per file.",
)
def release_extract(
    context: dg.AssetExecutionContext, paths: RecordsAuditPaths
) -> dg.MaterializeResult:
    key = context.partition_key
    try:
        release = find_release(paths.paths().raw, key)
    except RawLayoutError as exc:
        raise dg.Failure(str(exc)) from exc

    def progress(done: int, total: int, name: str) -> None:
        if done == 1 or done == total or done % 50 == 0:
            context.log.info(f"{key}: {done}/{total} {name}")

    with library_logs(_ToRunLog(context)):
        stats = extract_release(release, paths.staging(), progress=progress)
    return dg.MaterializeResult(
        metadata={
            "files": stats.files,
            "documents_inside": stats.children,
            "parsed_now": stats.parsed_now,
            "from_cache": stats.from_cache,
            "statuses": dg.MetadataValue.json(stats.statuses),
            "pages": stats.pages,
            "messages": stats.messages,
            "ingest_errors": stats.errors,
            "seconds": round(stats.seconds, 3),
            "pages_per_second": round(stats.pages / stats.seconds, 1) if stats.seconds else 0.0,
        },
        data_version=dg.DataVersion(stats.fingerprint),
    )
