"""Run the SQL models in sql/models/ in file-name order, all in one transaction.

Each file makes one table (`CREATE OR REPLACE TABLE <name> AS ...`) named after the file without its
numeric prefix; an analyst can run any file by hand in the DuckDB CLI against the warehouse.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.settings import SQL_DIR


def model_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    return sorted((sql_dir / "models").glob("*.sql"))


def model_name(path: Path) -> str:
    return path.stem.split("_", 1)[1]


def run_models(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> dict[str, int]:
    """Rebuild every model; returns row counts by table."""
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for path in model_files(sql_dir):
            con.execute(path.read_text(encoding="utf-8"))
            name = model_name(path)
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
