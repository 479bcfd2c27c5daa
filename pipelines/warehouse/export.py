"""Write the CSVs that people publish, and the internal evidence file, from tables the models built.

Public exports hold aggregates only (checked by `privacy.scan_csv`); anything citing pages or
quoting records carries `internal` in its file name and is never scanned as publishable.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

PUBLIC_EXPORTS = {
    "agency_summary.csv": "SELECT * FROM agency_summary ORDER BY agency_id",
    "agency_monthly.csv": "SELECT * FROM agency_monthly ORDER BY agency_id, month NULLS LAST",
    "agency_policy_periods.csv": "SELECT * FROM agency_policy_periods",
}
INTERNAL_EXPORTS = {"evidence_internal.csv": "SELECT * FROM evidence"}


def write_exports(con: duckdb.DuckDBPyConnection, exports: Path) -> dict[str, int]:
    """Write every public and internal export atomically; returns rows written per file."""
    exports.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, query in {**PUBLIC_EXPORTS, **INTERNAL_EXPORTS}.items():
        target = exports / name
        tmp = target.with_suffix(".csv.tmp")
        quoted = str(tmp).replace("'", "''")
        con.execute(f"COPY ({query}) TO '{quoted}' (HEADER, DELIMITER ',')")
        os.replace(tmp, target)
        written[name] = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    return written
