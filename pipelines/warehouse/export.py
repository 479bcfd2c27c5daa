"""Write the CSVs that people publish, from tables the SQL models built.

Public exports hold aggregates only (checked by `privacy.scan_csv`); anything citing pages carries
`internal` in its file name.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

PUBLIC_EXPORTS = {"agency_summary.csv": "SELECT * FROM agency_summary ORDER BY agency_id"}


def write_exports(con: duckdb.DuckDBPyConnection, exports: Path) -> dict[str, int]:
    """Write every public export atomically; returns rows written per file."""
    exports.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, query in PUBLIC_EXPORTS.items():
        target = exports / name
        tmp = target.with_suffix(".csv.tmp")
        quoted = str(tmp).replace("'", "''")
        con.execute(f"COPY ({query}) TO '{quoted}' (HEADER, DELIMITER ',')")
        os.replace(tmp, target)
        written[name] = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    return written
