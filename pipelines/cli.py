"""`records-audit`: run the whole pipeline in-process, or report what the warehouse holds.

`run` uses the same Dagster assets as the UI (through `dagster.materialize`), one release at a time
with progress on stderr, then the single-writer steps. Exit status: 0 when every file was read,
3 when the run finished but some files were quarantined (see ingest_errors), 1 when it failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from pipelines.logs import library_logs

EXIT_OK, EXIT_FAILED, EXIT_QUARANTINED = 0, 1, 3


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _stderr_progress() -> logging.Handler:
    """The libraries' progress (how far a long scan's OCR has got) with the run's own, on stderr;
    Dagster's event log stays at WARNING."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("  %(message)s"))
    return handler


def _quiet_run_config() -> dict:
    return {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def run(raw: str | None, warehouse: str | None) -> int:
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.defs.extract import release_extract
    from pipelines.defs.partitions import releases_partitions
    from pipelines.defs.resources import build_resources
    from pipelines.defs.warehouse import audit_models, public_exports, warehouse_core
    from pipelines.extract.discover import (
        RawLayoutError,
        discover_releases,
        read_agencies,
        unknown_folders,
    )
    from pipelines.settings import Paths

    paths = Paths.resolve(raw, warehouse)
    started = time.perf_counter()
    try:
        agencies = read_agencies(paths.raw)
        releases = discover_releases(paths.raw, with_files=False)
    except RawLayoutError as exc:
        _say(f"error: {exc}")
        return EXIT_FAILED
    for name in unknown_folders(paths.raw, agencies):
        _say(f"note: skipping {paths.raw / name}/: '{name}' is not an agency_id in agencies.csv")
    _say(f"records-audit: {len(releases)} release(s) under {paths.raw} -> {paths.warehouse}")
    paths.warehouse.mkdir(parents=True, exist_ok=True)
    resources = build_resources(paths)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(releases_partitions.name, [r.key for r in releases])
    for number, release in enumerate(releases, start=1):
        result = dg.materialize(
            [release_extract],
            partition_key=release.key,
            resources=resources,
            instance=instance,
            run_config=_quiet_run_config(),
            raise_on_error=False,
        )
        if not result.success:
            _say(f"error: extraction of {release.key} failed; see the log above")
            return EXIT_FAILED
        meta = result.asset_materializations_for_node("release_extract")[0].metadata
        _say(
            f"[{number}/{len(releases)}] {release.key}: {meta['files'].value} files "
            f"({meta['parsed_now'].value} parsed, {meta['from_cache'].value} cached, "
            f"{meta['documents_inside'].value} inside other files), "
            f"{meta['pages'].value} pages, {meta['messages'].value} message rows, "
            f"{meta['ingest_errors'].value} errors, {meta['seconds'].value:.1f}s"
        )
    _say("loading the warehouse, running sql/models, writing exports ...")
    # Every asset and check the code location defines, so a check added under defs/ runs here too.
    definitions = defs()
    result = dg.materialize(
        [*definitions.assets, *definitions.asset_checks],
        selection=dg.AssetSelection.assets(warehouse_core, audit_models, public_exports),
        resources=resources,
        instance=instance,
        run_config=_quiet_run_config(),
        raise_on_error=False,
    )
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    for evaluation in failed:
        level = "warning" if evaluation.severity == dg.AssetCheckSeverity.WARN else "error"
        _say(f"{level}: check {evaluation.check_name} failed: {_check_details(evaluation)}")
    if not result.success or any(e.severity == dg.AssetCheckSeverity.ERROR for e in failed):
        _say("error: the warehouse steps did not complete; the last good warehouse is unchanged")
        return EXIT_FAILED
    errors = _print_status(paths)
    _say(f"done in {time.perf_counter() - started:.1f}s: {paths.database}, {paths.exports}/")
    if errors:
        _say(
            f"{errors} file(s) quarantined: SELECT * FROM ingest_errors  (exit status {EXIT_QUARANTINED})"
        )
        return EXIT_QUARANTINED
    return EXIT_OK


def _check_details(evaluation) -> str:
    """The non-empty list-valued metadata of a failed check, in one line."""
    parts = [
        f"{key}={entry.value}"
        for key, entry in evaluation.metadata.items()
        if isinstance(entry.value, list | dict) and entry.value
    ]
    return "; ".join(parts)[:500] or "see the Dagster UI for details"


def _print_status(paths) -> int:
    """Print per-agency and per-release counts; returns the number of ingest errors."""
    import duckdb

    if not paths.database.is_file():
        _say(f"no warehouse at {paths.database}: run `records-audit run` first")
        return 0
    with duckdb.connect(str(paths.database), read_only=True) as con:
        con.sql(
            "SELECT agency_id, releases, documents, documents_quarantined AS quarantined, pages, "
            "messages, messages_with_ice AS with_ice, agency_to_ice, ice_to_agency, "
            "first_message_date AS first, last_message_date AS last FROM agency_summary"
        ).show(max_width=200)
        con.sql(
            "SELECT r.release_id, r.files, count(d.document_id) FILTER (WHERE d.status = 'parsed') "
            "AS parsed, count(d.document_id) FILTER (WHERE d.status = 'quarantined') AS quarantined, "
            "count(d.document_id) FILTER (WHERE d.status = 'duplicate') AS duplicate, "
            "count(d.document_id) FILTER (WHERE d.status = 'unsupported') AS unsupported "
            "FROM releases r LEFT JOIN documents d USING (release_id) GROUP BY ALL ORDER BY 1"
        ).show(max_width=200)
        errors = con.execute(
            "SELECT release_id, path, error_class, message FROM ingest_errors ORDER BY ALL"
        ).fetchall()
    for release_id, path, error_class, message in errors:
        _say(f"  quarantined {release_id}/{path}: {error_class}: {message}")
    return len(errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="records-audit", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("run", "discover releases and materialize everything in-process"),
        ("status", "print what the warehouse holds per agency and release"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--raw", help="input folder (default $RECORDS_AUDIT_RAW_DIR or ./raw)")
        command.add_argument(
            "--warehouse",
            help="output folder (default $RECORDS_AUDIT_WAREHOUSE_DIR or ./warehouse)",
        )
    args = parser.parse_args(argv)
    if args.command == "run":
        with library_logs(_stderr_progress()):
            return run(args.raw, args.warehouse)
    from pipelines.settings import Paths

    _print_status(Paths.resolve(args.raw, args.warehouse))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
