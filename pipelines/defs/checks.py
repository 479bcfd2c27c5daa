"""Asset checks for what users rely on: nothing lost, every message traceable, exports publishable."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.resources import RecordsAuditPaths
from pipelines.defs.warehouse import audit_models, public_exports, warehouse_core
from pipelines.extract.discover import discover_releases, release_paths
from pipelines.warehouse.export import PUBLIC_EXPORTS
from pipelines.warehouse.privacy import person_names, scan_csv


@dg.asset_check(
    asset=warehouse_core,
    blocking=True,
    description="Every file under each release "
    "in raw/ (but release.toml and hidden files) has exactly one row in documents, with a known "
    "status; a name that is not UTF-8 is matched with its bytes written out. Files found "
    "inside other files (parent_document_id set) are not on disk and are reconciled per container "
    "by the release_reconciles check.",
)
def every_raw_file_accounted_for(
    paths: RecordsAuditPaths, duckdb: DuckDBResource
) -> dg.AssetCheckResult:
    on_disk = {
        release.key: set(release_paths(release.folder))
        for release in discover_releases(paths.paths().raw, with_files=False)
    }
    with duckdb.get_connection() as con:
        rows = con.execute(
            "SELECT release_id, path, status, parent_document_id IS NULL FROM documents"
        ).fetchall()
    in_table: dict[str, list[str]] = {}
    bad_status = [
        f"{r}:{p}={s}"
        for r, p, s, _top in rows
        if s not in {"parsed", "quarantined", "duplicate", "unsupported"}
    ]
    for release_id, path, _status, top_level in rows:
        if top_level:
            in_table.setdefault(release_id, []).append(path)
    missing, extra, repeated = [], [], []
    for key, names in on_disk.items():
        listed = in_table.get(key, [])
        missing += [f"{key}/{n}" for n in sorted(names - set(listed))]
        extra += [f"{key}/{n}" for n in sorted(set(listed) - names)]
        repeated += sorted({f"{key}/{n}" for n in listed if listed.count(n) > 1})
    problems = missing + extra + repeated + bad_status
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={
            "files_on_disk": sum(len(v) for v in on_disk.values()),
            "document_rows": len(rows),
            "missing": dg.MetadataValue.json(missing[:50]),
            "not_on_disk": dg.MetadataValue.json(extra[:50]),
            "repeated": dg.MetadataValue.json(repeated[:50]),
            "bad_status": dg.MetadataValue.json(bad_status[:50]),
        },
    )


@dg.asset_check(
    asset=audit_models,
    blocking=True,
    description="Every message points at a loaded "
    "document and a locator; printed messages also carry their page range.",
)
def every_message_has_provenance(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        orphans = con.execute(
            """
            SELECT m.message_id FROM messages m
            LEFT JOIN documents d ON d.document_id = m.document_id AND d.release_id = m.release_id
            WHERE d.document_id IS NULL OR coalesce(m.locator, '') = ''
               OR (m.source_kind LIKE 'pdf_%' AND (m.page_start IS NULL OR m.page_end IS NULL))
            ORDER BY 1
            """
        ).fetchall()
        total = con.execute("SELECT count(*) FROM messages").fetchone()[0]
    return dg.AssetCheckResult(
        passed=not orphans,
        metadata={
            "messages": total,
            "without_provenance": dg.MetadataValue.json([o[0] for o in orphans[:50]]),
        },
    )


@dg.asset_check(
    asset=public_exports,
    blocking=True,
    description="Public CSVs hold no e-mail "
    "addresses, A-numbers, dates of birth, street addresses, plate numbers or names of people "
    "in the records.",
)
def exports_free_of_personal_data(
    paths: RecordsAuditPaths, duckdb: DuckDBResource
) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        names = person_names(con)
    findings = []
    for name in PUBLIC_EXPORTS:
        target = paths.paths().exports / name
        if target.is_file():
            findings += scan_csv(target, names)
    return dg.AssetCheckResult(
        passed=not findings,
        metadata={
            "findings": dg.MetadataValue.json(
                [f"{f.file}:{f.row}:{f.column}:{f.kind}" for f in findings[:50]]
            )
        },
    )
