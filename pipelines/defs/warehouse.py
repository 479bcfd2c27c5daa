"""The single-writer part of the graph: load staged releases, run the SQL models, write exports.

These assets are unpartitioned and depend on every release partition, so exactly one process writes
audit.duckdb at a time, as DuckDB requires.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.extract import release_extract
from pipelines.defs.resources import RecordsAuditPaths
from pipelines.extract.discover import discover_releases, read_agencies
from pipelines.warehouse.export import write_exports
from pipelines.warehouse.load import load_warehouse
from pipelines.warehouse.models import run_models

_AFTER_UPSTREAM = dg.AutomationCondition.eager()


def _markdown(con, query: str) -> str:
    frame = con.execute(query).fetch_df()
    return frame.to_markdown(index=False) if not frame.empty else "(no rows)"


@dg.asset(
    deps=[release_extract],
    group_name="warehouse",
    kinds={"duckdb"},
    automation_condition=_AFTER_UPSTREAM,
    description="Core tables (documents, pages, stg_messages, stg_participants, attachments, "
    "ingest_errors, releases, agencies, policies) replaced per changed release in one transaction.",
)
def warehouse_core(paths: RecordsAuditPaths, duckdb: DuckDBResource) -> dg.MaterializeResult:
    folders = paths.paths()
    folders.warehouse.mkdir(parents=True, exist_ok=True)
    agencies = read_agencies(folders.raw)
    current = {r.key for r in discover_releases(folders.raw, with_files=False)}
    with duckdb.get_connection() as con:
        stats = load_warehouse(con, paths.staging(), agencies, folders.raw, current)
        counts = dict(
            con.execute(
                "SELECT 'documents', count(*) FROM documents UNION ALL "
                "SELECT 'pages', count(*) FROM pages UNION ALL "
                "SELECT 'message_rows', count(*) FROM stg_messages UNION ALL "
                "SELECT 'ingest_errors', count(*) FROM ingest_errors"
            ).fetchall()
        )
        preview = _markdown(
            con,
            "SELECT release_id, status, count(*) AS documents FROM documents "
            "GROUP BY ALL ORDER BY ALL",
        )
    return dg.MaterializeResult(
        metadata={
            **{name: dg.MetadataValue.int(value) for name, value in counts.items()},
            "releases_loaded": dg.MetadataValue.json(stats.loaded),
            "releases_unchanged": len(stats.unchanged),
            "releases_removed": dg.MetadataValue.json(stats.removed),
            "documents_by_status": dg.MetadataValue.md(preview),
        }
    )


@dg.asset(
    deps=[warehouse_core],
    group_name="warehouse",
    kinds={"duckdb", "sql"},
    automation_condition=_AFTER_UPSTREAM,
    description="Every model in sql/models/ (participants, messages, message_contact, "
    "agency_summary ...), rebuilt in file order in one transaction.",
)
def audit_models(duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.get_connection() as con:
        counts = run_models(con)
        preview = _markdown(
            con,
            "SELECT agency_id, messages, messages_with_ice, agency_to_ice, ice_to_agency, "
            "internal_about_ice FROM agency_summary",
        )
    return dg.MaterializeResult(
        metadata={
            **{f"rows_{name}": dg.MetadataValue.int(n) for name, n in counts.items()},
            "agency_summary": dg.MetadataValue.md(preview),
        }
    )


@dg.asset(
    deps=[audit_models],
    group_name="exports",
    kinds={"csv"},
    automation_condition=_AFTER_UPSTREAM,
    description="CSVs under warehouse/exports/: public ones (agency_summary, agency_monthly, "
    "agency_policy_periods: aggregates only) and evidence_internal.csv (cites pages; internal).",
)
def public_exports(paths: RecordsAuditPaths, duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.get_connection() as con:
        written = write_exports(con, paths.paths().exports)
    return dg.MaterializeResult(
        metadata={
            "files": dg.MetadataValue.json(written),
            "folder": dg.MetadataValue.path(str(paths.paths().exports)),
        }
    )
