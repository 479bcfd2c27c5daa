"""Per-release reconciliation: nothing found in a release may vanish between disk and warehouse.

Two identities, checked in SQL over the loaded warehouse, per release:
- files found (files on disk + files found inside containers) = documents parsed + quarantined +
  duplicate + unsupported;
- per container: items expected (from the container's own index) = items extracted + items reported
  missing, where "extracted" is checked against the rows that exist (child documents and message
  rows) and every missing item has a line in ingest_errors.

A broken identity means something was lost silently: the check fails with ERROR severity. When the
books balance but a container came up short (a PST the converter could not fully read, a refused zip
member), the loss is known and reported: the check still fails, with WARN severity, so that nobody
publishes numbers from a release with holes without looking.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.defs.warehouse import warehouse_core

_PER_RELEASE = """
WITH tops AS (
    SELECT release_id,
           count(*) FILTER (WHERE parent_document_id IS NULL) AS top_level_rows,
           coalesce(sum(files_inside) FILTER (WHERE items_expected IS NOT NULL), 0)::BIGINT
               AS files_inside,
           count(*) FILTER (WHERE status = 'parsed') AS parsed,
           count(*) FILTER (WHERE status = 'quarantined') AS quarantined,
           count(*) FILTER (WHERE status = 'duplicate') AS duplicate,
           count(*) FILTER (WHERE status = 'unsupported') AS unsupported,
           count(*) AS documents,
           coalesce(sum(items_expected), 0)::BIGINT AS items_expected,
           coalesce(sum(items_extracted), 0)::BIGINT AS items_extracted,
           coalesce(sum(items_missing), 0)::BIGINT AS items_missing
    FROM documents GROUP BY release_id
)
SELECT r.release_id, r.files AS files_on_disk, coalesce(t.files_inside, 0) AS files_inside,
       coalesce(t.parsed, 0) AS parsed, coalesce(t.quarantined, 0) AS quarantined,
       coalesce(t.duplicate, 0) AS duplicate, coalesce(t.unsupported, 0) AS unsupported,
       coalesce(t.items_expected, 0) AS items_expected,
       coalesce(t.items_extracted, 0) AS items_extracted,
       coalesce(t.items_missing, 0) AS items_missing,
       -- files found (on disk, and declared inside the containers opened) = documents, by status
       r.files = coalesce(t.top_level_rows, 0)
       AND r.files + coalesce(t.files_inside, 0) = coalesce(t.documents, 0)
       AND coalesce(t.documents, 0)
           = coalesce(t.parsed + t.quarantined + t.duplicate + t.unsupported, 0) AS files_balance
FROM releases r LEFT JOIN tops t USING (release_id)
ORDER BY r.release_id
"""

# Containers whose books do not balance, or that report missing items without saying why.
# Message rows of a container are loaded only where it is parsed or quarantined (not a duplicate
# of another release's copy), so that part is checked there only.
_BROKEN_CONTAINERS = """
WITH children AS (
    SELECT release_id, parent_document_id AS document_id, count(*) AS child_rows
    FROM documents WHERE parent_document_id IS NOT NULL GROUP BY ALL
), message_rows AS (
    SELECT release_id, document_id, count(*) AS message_rows
    FROM stg_messages WHERE NOT coalesce(is_quoted, false) GROUP BY ALL
), reported AS (
    SELECT DISTINCT release_id, document_id FROM ingest_errors
)
SELECT d.release_id, d.path, d.status, d.items_expected, d.items_extracted, d.items_missing,
       d.files_inside, coalesce(c.child_rows, 0) AS child_rows,
       coalesce(m.message_rows, 0) AS message_rows, r.document_id IS NOT NULL AS reported
FROM documents d
LEFT JOIN children c USING (release_id, document_id)
LEFT JOIN message_rows m USING (release_id, document_id)
LEFT JOIN reported r USING (release_id, document_id)
WHERE d.items_expected IS NOT NULL
  AND (d.items_expected <> d.items_extracted + d.items_missing
       OR d.files_inside <> coalesce(c.child_rows, 0)
       OR (d.status IN ('parsed', 'quarantined')
           AND (d.items_extracted <> d.files_inside + coalesce(m.message_rows, 0)
                OR (d.items_missing > 0 AND r.document_id IS NULL))))
ORDER BY ALL
"""


@dg.asset_check(
    asset=warehouse_core,
    blocking=True,
    description="Per release: files found = documents parsed + quarantined + duplicate + "
    "unsupported, and per container items expected = items extracted + items reported missing. "
    "ERROR when something vanished silently; WARN when containers came up short but said so.",
)
def release_reconciles(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        releases = con.execute(_PER_RELEASE).fetch_df()
        broken = con.execute(_BROKEN_CONTAINERS).fetchall()
        short = con.execute(
            "SELECT release_id, path, items_expected, items_missing FROM documents "
            "WHERE items_missing > 0 AND status IN ('parsed', 'quarantined') ORDER BY ALL"
        ).fetchall()
    unbalanced = releases.loc[~releases["files_balance"], "release_id"].tolist()
    silent = bool(unbalanced or broken)
    return dg.AssetCheckResult(
        passed=not (silent or short),
        severity=dg.AssetCheckSeverity.ERROR if silent else dg.AssetCheckSeverity.WARN,
        metadata={
            "releases": dg.MetadataValue.md(
                releases.to_markdown(index=False) if not releases.empty else "(no releases)"
            ),
            "releases_unbalanced": dg.MetadataValue.json(unbalanced[:50]),
            "containers_unbalanced": dg.MetadataValue.json(
                [
                    f"{r}/{p} ({s}): expected {e}, extracted {x} ({f} files), missing {m}; "
                    f"rows: {c} files + {n} messages; missing reported: {rep}"
                    for r, p, s, e, x, m, f, c, n, rep in broken[:50]
                ]
            ),
            "containers_short": dg.MetadataValue.json(
                [f"{r}/{p}: {m} of {e} items missing" for r, p, e, m in short[:50]]
            ),
            "items_missing": int(releases["items_missing"].sum()) if not releases.empty else 0,
        },
    )
