"""Hand-made message rows for tests that need one exact situation, not a whole corpus.

`row()` fills every stg_messages column with a plain default (a text-layer print in the agency's
zone); a test overrides what its situation is about. `warehouse()` loads rows and participants into
an in-memory DuckDB and runs the dedup layer on them.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa

from pipelines.warehouse.load import ensure_schema
from tests.dedup.copies import MESSAGE_COLUMNS, PARTICIPANT_COLUMNS
from tests.dedup.load import run_dedup

AGENCIES = {"lacso": "America/Los_Angeles", "dvpd": "America/Denver"}
Participant = tuple[str, str, str | None, str | None]  # message_id, role, name, address


def row(message_id: str, **values: object) -> dict[str, object]:
    """A printed message row; a `sent` naive datetime is the wall clock as printed."""
    sent = values.pop("sent", None)
    agency = str(values.get("agency_id", "lacso"))
    made: dict[str, object] = {
        "release_id": f"{agency}/r1",
        "agency_id": agency,
        "message_id": message_id,
        "document_id": f"doc-{message_id}",
        "source_kind": "pdf_print",
        "locator": "p1.l1-p1.l20",
        "is_quoted": False,
        "header_confidence": 1.0,
    }
    if isinstance(sent, datetime):
        made["sent_at_text"] = sent.isoformat()
        made["sent_at_utc" if sent.tzinfo else "sent_at_local"] = sent
    made.update(values)
    return made


def warehouse(
    rows: list[dict[str, object]], participants: list[Participant] = ()
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_schema(con)
    for agency, zone in AGENCIES.items():
        con.execute(
            "INSERT INTO agencies (agency_id, name, timezone, email_domains) VALUES (?, ?, ?, ?)",
            [agency, agency, zone, f"{agency}.example.gov"],
        )
    release = {r["message_id"]: r["release_id"] for r in rows}
    messages = pa.table({c: [r.get(c) for r in rows] for c in MESSAGE_COLUMNS})  # noqa: F841
    columns: dict[str, list] = {c: [] for c in PARTICIPANT_COLUMNS}
    for position, (message_id, role, name, address) in enumerate(participants):
        values = (release[message_id], message_id, role, position, name, address)
        for column, value in zip(PARTICIPANT_COLUMNS, values, strict=True):
            columns[column].append(value)
    people = pa.table(columns)  # noqa: F841
    con.execute("INSERT INTO stg_messages BY NAME SELECT * FROM messages")
    con.execute("INSERT INTO stg_participants BY NAME SELECT * FROM people")
    run_dedup(con)
    return con


def canonical(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """message_id -> the message_id of its canonical copy."""
    return dict(
        con.execute(
            "SELECT message_id, coalesce(duplicate_of, message_id) FROM messages"
        ).fetchall()
    )
