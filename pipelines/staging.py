"""Parquet staging: the cache between extraction (parallel, pure) and the single DuckDB writer.

Layout under warehouse/staging/:
  documents/v<PARSER_VERSION>/<sha[:2]>/<sha>/<table>.parquet + extraction.json
      one folder per distinct file content: the same bytes in two releases are parsed once;
  releases/<agency_id>/<release_id>/manifest.parquet + release.json
      one row per file in the release, pointing at its document folder.
Files are written to a temporary name and renamed, so a crash never leaves a half-written cache entry
that a later run would trust.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.extract import PARSER_VERSION
from pipelines.extract.rows import Extraction

_UTC = pa.timestamp("us", tz="UTC")

SCHEMAS: dict[str, pa.Schema] = {
    "pages": pa.schema(
        [
            ("document_id", pa.string()),
            ("page_number", pa.int32()),
            ("text", pa.string()),
            ("text_source", pa.string()),
            ("ocr_confidence", pa.float64()),
            ("bates", pa.string()),
            ("redaction_boxes", pa.int32()),
            ("exemption_codes", pa.string()),
            ("in_message", pa.bool_()),
        ]
    ),
    "messages": pa.schema(
        [
            ("message_id", pa.string()),
            ("document_id", pa.string()),
            ("source_kind", pa.string()),
            ("locator", pa.string()),
            ("page_start", pa.int32()),
            ("page_end", pa.int32()),
            ("sent_at_text", pa.string()),
            ("sent_at_utc", _UTC),
            ("sent_at_local", pa.timestamp("us")),
            ("subject", pa.string()),
            ("from_name", pa.string()),
            ("from_address", pa.string()),
            ("body", pa.string()),
            ("is_quoted", pa.bool_()),
            ("quoted_in_message_id", pa.string()),
            ("header_confidence", pa.float64()),
            ("internet_message_id", pa.string()),
            ("in_reply_to", pa.string()),
            ("bates_start", pa.string()),
            ("bates_end", pa.string()),
        ]
    ),
    "participants": pa.schema(
        [
            ("message_id", pa.string()),
            ("role", pa.string()),
            ("position", pa.int32()),
            ("name", pa.string()),
            ("address", pa.string()),
        ]
    ),
    "attachments": pa.schema(
        [
            ("message_id", pa.string()),
            ("file_name", pa.string()),
            ("media_type", pa.string()),
            ("bytes", pa.int64()),
            ("document_id", pa.string()),
        ]
    ),
    "errors": pa.schema(
        [
            ("document_id", pa.string()),
            ("stage", pa.string()),
            ("error_class", pa.string()),
            ("message", pa.string()),
        ]
    ),
}

MANIFEST_SCHEMA = pa.schema(
    [
        ("document_id", pa.string()),
        ("path", pa.string()),
        ("media_type", pa.string()),
        ("bytes", pa.int64()),
        ("page_count", pa.int32()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("parser_version", pa.string()),
    ]
)


def rows_to_table(rows: Sequence[object], schema: pa.Schema) -> pa.Table:
    """Dataclass rows to Arrow by column, with the staging schema (field names must match)."""
    names = schema.names
    if not rows:
        return schema.empty_table()
    columns = {name: [getattr(row, name) for row in rows] for name in names}
    return pa.Table.from_pydict(columns, schema=schema)


def _atomic_write_parquet(table: pa.Table, path: Path) -> None:
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _atomic_write_text(text: str, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Staging:
    def __init__(self, root: Path) -> None:
        self.root = root

    def document_dir(self, document_id: str) -> Path:
        return self.root / "documents" / f"v{PARSER_VERSION}" / document_id[:2] / document_id

    def release_dir(self, release_key: str) -> Path:
        return self.root / "releases" / release_key

    def cached(self, document_id: str) -> dict[str, object] | None:
        """The stored summary of a document's extraction, or None when it must be parsed."""
        marker = self.document_dir(document_id) / "extraction.json"
        if not marker.is_file():
            return None
        return json.loads(marker.read_text(encoding="utf-8"))

    def write_extraction(self, extraction: Extraction) -> dict[str, object]:
        folder = self.document_dir(extraction.document_id)
        folder.mkdir(parents=True, exist_ok=True)
        for table, schema in SCHEMAS.items():
            rows = getattr(extraction, table)
            _atomic_write_parquet(rows_to_table(rows, schema), folder / f"{table}.parquet")
        summary = {
            "document_id": extraction.document_id,
            "media_type": extraction.media_type,
            "status": extraction.status,
            "error": extraction.error,
            "page_count": extraction.page_count,
            "parser_version": PARSER_VERSION,
            "counts": {table: len(getattr(extraction, table)) for table in SCHEMAS},
        }
        # The marker goes last: its presence means every table above is complete.
        _atomic_write_text(json.dumps(summary, sort_keys=True), folder / "extraction.json")
        return summary

    def table_paths(self, table: str, document_ids: Sequence[str]) -> list[str]:
        return [str(self.document_dir(d) / f"{table}.parquet") for d in document_ids]

    def write_manifest(self, release_key: str, rows: list[dict], release: dict) -> str:
        """Write the release's file list; returns a fingerprint that changes with any row."""
        folder = self.release_dir(release_key)
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA)
        _atomic_write_parquet(table, folder / "manifest.parquet")
        fingerprint = json.dumps([rows, PARSER_VERSION], sort_keys=True, default=str)
        release = {**release, "staging_fingerprint": _short_hash(fingerprint)}
        _atomic_write_text(
            json.dumps(release, sort_keys=True, default=str), folder / "release.json"
        )
        return release["staging_fingerprint"]

    def releases(self) -> list[dict]:
        """Every staged release's metadata, sorted by key."""
        found = []
        for marker in sorted((self.root / "releases").glob("*/*/release.json")):
            found.append(json.loads(marker.read_text(encoding="utf-8")))
        return found

    def remove_release(self, release_key: str) -> None:
        folder = self.release_dir(release_key)
        for name in ("release.json", "manifest.parquet"):
            (folder / name).unlink(missing_ok=True)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
