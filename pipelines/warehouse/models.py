"""Run the SQL models in sql/models/ in file-name order.

Each file makes one table (`CREATE OR REPLACE TABLE <name> AS ...`) named after the file without its
numeric prefix; an analyst can run any file by hand in the DuckDB CLI against the warehouse.

Models are a function of the loaded releases, the reference tables (agencies, policies, rules,
overrides) and the SQL text. A nightly run with nothing new would rebuild the same tables at the same
cost, so a fingerprint of those inputs is kept in `model_inputs` and an unchanged fingerprint skips
the rebuild.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from pathlib import Path

import duckdb

from pipelines.settings import SQL_DIR


def model_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    return sorted((sql_dir / "models").glob("*.sql"))


def model_name(path: Path) -> str:
    return path.stem.split("_", 1)[1]


def _reference_tables(sql_dir: Path) -> list[str]:
    """Core tables that are not replaced per release: agencies, policies, rules, overrides."""
    from pipelines.warehouse.load import RELEASE_TABLES

    schema = (sql_dir / "schema.sql").read_text(encoding="utf-8")
    core = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", schema)
    return [t for t in core if t not in RELEASE_TABLES and t != "releases"]


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> str:
    digest = hashlib.sha256()
    digest.update((sql_dir / "schema.sql").read_bytes())
    for path in model_files(sql_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    releases = con.execute(
        "SELECT string_agg(release_id || '=' || staging_fingerprint, ';' ORDER BY release_id) "
        "FROM releases"
    ).fetchone()[0]
    digest.update((releases or "").encode())
    for table in _reference_tables(sql_dir):
        row = con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(CAST(t AS VARCHAR), '|' "
            f"ORDER BY CAST(t AS VARCHAR)), '')) FROM {table} t"
        ).fetchone()
        digest.update(f"{table}:{row[0]}:{row[1]}".encode())
    return digest.hexdigest()


def _counts(
    con: duckdb.DuckDBPyConnection, sql_dir: Path, only: Collection[str] | None = None
) -> dict[str, int]:
    names = [model_name(path) for path in model_files(sql_dir)]
    return {
        name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in names
        if only is None or name in only
    }


def models_current(con: duckdb.DuckDBPyConnection, fingerprint: str) -> bool:
    con.execute("CREATE TABLE IF NOT EXISTS model_inputs (fingerprint VARCHAR)")
    stored = con.execute("SELECT fingerprint FROM model_inputs").fetchone()
    return stored is not None and stored[0] == fingerprint


def run_models(
    con: duckdb.DuckDBPyConnection,
    sql_dir: Path = SQL_DIR,
    *,
    force: bool = False,
    only: Collection[str] | None = None,
) -> dict[str, int]:
    """Rebuild every model unless its inputs are unchanged; returns row counts by table.

    `only` (model names, e.g. {"message_facts", "agency_summary"}) rebuilds just those models, in
    file order, over whatever tables the others left: for benchmarks and for working on one layer.
    Such a run always rebuilds and leaves no fingerprint, since the warehouse as a whole is then
    not known to match its inputs; the next full run rebuilds everything.

    Each model commits on its own: inside one transaction spanning all models, DuckDB planned joins
    over the tables just created there far worse (the 10,000-page benchmark took 228 s instead of
    about 9 s). Consistency is kept by the fingerprint instead: it is cleared first and written only
    after the last model, so a run that stops half-way leaves no fingerprint and the next run
    rebuilds everything. Nobody reads a half-built warehouse meanwhile, because DuckDB lets no
    other process open the file while this one writes it.
    """
    names = {model_name(path) for path in model_files(sql_dir)}
    if only is not None and not set(only) <= names:
        raise ValueError(f"no such models: {sorted(set(only) - names)}")
    fingerprint = inputs_fingerprint(con, sql_dir) if only is None else None
    if fingerprint is not None and models_current(con, fingerprint) and not force:
        return _counts(con, sql_dir)
    con.execute("CREATE TABLE IF NOT EXISTS model_inputs (fingerprint VARCHAR)")
    con.execute("DELETE FROM model_inputs")
    for path in model_files(sql_dir):
        if only is None or model_name(path) in only:
            con.execute(path.read_text(encoding="utf-8"))
    if fingerprint is not None:
        con.execute("INSERT INTO model_inputs VALUES (?)", [fingerprint])
    return _counts(con, sql_dir, only)
