"""Asset checks on the published numbers: they reconcile with the message tables they summarise."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.warehouse import audit_models
from pipelines.warehouse.reconcile import reconcile


@dg.asset_check(
    asset=audit_models,
    blocking=True,
    description="agency_summary recounts from messages, message_contact and message_categories; "
    "agency_monthly and agency_policy_periods add up to agency_summary; every flagged message "
    "is cited in evidence with its file (and pages when printed).",
)
def metrics_reconcile_with_messages(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        problems = reconcile(con)
        reviewed = con.execute(
            "SELECT status, count(*) FROM review_status GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={
            "mismatches": len(problems),
            "first_mismatches": dg.MetadataValue.json([str(p) for p in problems[:50]]),
            "overrides_by_status": dg.MetadataValue.json(dict(reviewed)),
        },
    )
