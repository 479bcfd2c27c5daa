"""Put a generated corpus into a DuckDB warehouse the way the load step would, then run dedup.

Only the core tables the dedup layer reads are filled (agencies, stg_messages, stg_participants).
The dedup layer is sql/models/20_*.sql to 29_*.sql, run in file order exactly as run_models runs
them; it reads core tables only, so later layers (parties, categories, metrics) are left out: the
end-to-end test covers them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.warehouse.load import ensure_schema
from pipelines.warehouse.models import model_files
from tests.dedup.copies import Rows
from tests.dedup.corpus import Corpus


def dedup_models() -> list[Path]:
    return [p for p in model_files() if 20 <= int(p.name.split("_", 1)[0]) <= 29]


def load_corpus(con: duckdb.DuckDBPyConnection, corpus: Corpus, rows: Rows) -> None:
    ensure_schema(con)
    for agency in corpus.agencies:
        con.execute(
            "INSERT INTO agencies (agency_id, name, timezone, email_domains) VALUES (?, ?, ?, ?)",
            [agency.agency_id, agency.agency_id, agency.timezone, agency.domain],
        )
    messages = pa.table(rows.messages)  # noqa: F841  (read by name in the SQL below)
    participants = pa.table(rows.participants)  # noqa: F841
    con.execute("INSERT INTO stg_messages BY NAME SELECT * FROM messages")
    con.execute("INSERT INTO stg_participants BY NAME SELECT * FROM participants")


def run_dedup(con: duckdb.DuckDBPyConnection) -> None:
    for path in dedup_models():
        con.execute(path.read_text(encoding="utf-8"))


def build_warehouse(corpus: Corpus, rows: Rows) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with the corpus loaded and the dedup layer run."""
    con = duckdb.connect()
    load_corpus(con, corpus, rows)
    run_dedup(con)
    return con
