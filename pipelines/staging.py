"""Parquet staging: the cache between extraction (parallel, pure) and the single DuckDB writer.

Layout under warehouse/staging/:
  documents/v<PARSER_VERSION>/<sha[:2]>/<sha>/<table>.parquet + extraction.json
      one folder per distinct file content: the same bytes in two releases are parsed once;
  blobs/<sha[:2]>/<sha>
      the bytes of files found inside other files (attachments, archive members), by content: they
      are read from here like raw files, and never written under raw/ or by a name from a container;
  releases/<agency_id>/<release_id>/manifest.parquet + errors.parquet + release.json
      one row per document of the release (files and the files inside them), pointing at its
      document folder, and the errors found while walking the release (e.g. nesting too deep).
Files are written to a temporary name and renamed, so a crash never leaves a half-written cache entry
that a later run would trust. Big containers (a 1 GB mbox) spill their rows in batches while they are
read, so memory does not grow with the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.extract import PARSER_VERSION
from pipelines.extract.children import copy_hashed
from pipelines.extract.rows import ChildRow, ErrorRow, Extraction

_UTC = pa.timestamp("us", tz="UTC")
# The layout of a document's staging folder. A cache entry in another format is parsed again (2:
# children.parquet and item counts, so containers cached before them are opened again).
STAGING_FORMAT = 2

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
    "alpr_searches": pa.schema(
        [
            ("document_id", pa.string()),
            ("layout", pa.string()),
            ("log_kind", pa.string()),
            ("sheet", pa.string()),
            ("page_number", pa.int32()),
            ("row_number", pa.int32()),
            ("search_id", pa.string()),
            ("search_at_text", pa.string()),
            ("search_at_utc", _UTC),
            ("search_at_local", pa.timestamp("us")),
            ("org_name", pa.string()),
            ("user_name", pa.string()),
            ("networks_searched", pa.int32()),
            ("devices_searched", pa.int32()),
            ("time_frame", pa.string()),
            ("plate_status", pa.string()),
            ("reason", pa.string()),
            ("case_number", pa.string()),
            ("filters", pa.string()),
            ("search_type", pa.string()),
        ]
    ),
    "children": pa.schema(
        [
            ("parent_document_id", pa.string()),
            ("member_path", pa.string()),
            ("document_id", pa.string()),
            ("bytes", pa.int64()),
            ("message_id", pa.string()),
        ]
    ),
}
# Errors stay in memory until the end: they are few, and a quarantine must not lose them.
_SPILLED = tuple(name for name in SCHEMAS if name != "errors")

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
        ("parent_document_id", pa.string()),
        ("items_expected", pa.int64()),
        ("items_extracted", pa.int64()),
        ("items_missing", pa.int64()),
        ("files_inside", pa.int64()),
    ]
)

RELEASE_ERRORS_SCHEMA = pa.schema(
    [
        ("document_id", pa.string()),
        ("path", pa.string()),
        ("stage", pa.string()),
        ("error_class", pa.string()),
        ("message", pa.string()),
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


class BlobStore:
    """Bytes by sha256 under staging/blobs/: writing the same content twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def put(self, stream: BinaryIO, max_bytes: int) -> tuple[str, int]:
        """Folders are made only when a write finds them missing: creating a file costs ~1 ms on
        the machines we measure on, and a `mkdir` of a folder that exists about a quarter of it."""
        try:
            fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        except FileNotFoundError:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        try:
            with open(fd, "wb") as handle:
                sha, size = copy_hashed(stream, handle, max_bytes)
            target = self.path(sha)
            try:
                os.replace(tmp, target)
            except FileNotFoundError:
                target.parent.mkdir(exist_ok=True)
                os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha, size


class DocumentWriter:
    """Writes one document's extraction into its staging folder, in batches while it is read.

    It is the `Output` container readers get: `store` keeps member bytes in the blob store, `spill`
    appends the rows gathered so far to the Parquet files and empties the lists. `finish` writes
    the rest and, last, the extraction.json marker. A quarantined document keeps no spilled rows.
    """

    def __init__(self, staging: Staging, document_id: str) -> None:
        self.folder = staging.document_dir(document_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.blobs = staging.blobs
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._counts = dict.fromkeys(SCHEMAS, 0)

    def store(self, stream: BinaryIO, max_bytes: int) -> tuple[str, int]:
        return self.blobs.put(stream, max_bytes)

    def spill(self, extraction: Extraction) -> None:
        for table in _SPILLED:
            rows = getattr(extraction, table)
            if not rows:
                continue
            writer = self._writers.get(table)
            if writer is None:
                writer = pq.ParquetWriter(self._part(table), SCHEMAS[table], compression="zstd")
                self._writers[table] = writer
            writer.write_table(rows_to_table(rows, SCHEMAS[table]))
            self._counts[table] += len(rows)
            rows.clear()

    def finish(self, extraction: Extraction) -> dict[str, object]:
        if extraction.status == "quarantined":
            self._discard_spilled()
        self.spill(extraction)
        for table, schema in SCHEMAS.items():
            target = self.folder / f"{table}.parquet"
            writer = self._writers.pop(table, None)
            if writer is not None:
                writer.close()
                os.replace(self._part(table), target)
            else:
                rows = getattr(extraction, table)
                self._counts[table] += len(rows)
                _atomic_write_parquet(rows_to_table(rows, schema), target)
        summary = {
            "document_id": extraction.document_id,
            "media_type": extraction.media_type,
            "status": extraction.status,
            "error": extraction.error,
            "page_count": extraction.page_count,
            "parser_version": PARSER_VERSION,
            "staging_format": STAGING_FORMAT,
            "counts": self._counts,
            "items": asdict(extraction.items) if extraction.items is not None else None,
        }
        # The marker goes last: its presence means every table above is complete.
        _atomic_write_text(json.dumps(summary, sort_keys=True), self.folder / "extraction.json")
        return summary

    def _part(self, table: str) -> Path:
        return self.folder / f"{table}.parquet.part"

    def _discard_spilled(self) -> None:
        for table, writer in self._writers.items():
            writer.close()
            self._part(table).unlink(missing_ok=True)
            self._counts[table] = 0
        self._writers.clear()


class Staging:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = BlobStore(root / "blobs")

    def document_dir(self, document_id: str) -> Path:
        return self.root / "documents" / f"v{PARSER_VERSION}" / document_id[:2] / document_id

    def release_dir(self, release_key: str) -> Path:
        return self.root / "releases" / release_key

    def cached(self, document_id: str) -> dict[str, object] | None:
        """The stored summary of a document's extraction, or None when it must be parsed."""
        marker = self.document_dir(document_id) / "extraction.json"
        if not marker.is_file():
            return None
        summary = json.loads(marker.read_text(encoding="utf-8"))
        return summary if summary.get("staging_format") == STAGING_FORMAT else None

    def writer(self, document_id: str) -> DocumentWriter:
        return DocumentWriter(self, document_id)

    def write_extraction(self, extraction: Extraction) -> dict[str, object]:
        """Write an extraction held wholly in memory."""
        return self.writer(extraction.document_id).finish(extraction)

    def children(self, document_id: str) -> list[ChildRow]:
        """The files a staged document contained, in the order its reader found them."""
        table = pq.read_table(self.document_dir(document_id) / "children.parquet")
        return [ChildRow(**row) for row in table.to_pylist()]

    def table_paths(self, table: str, document_ids: Sequence[str]) -> list[str]:
        return [str(self.document_dir(d) / f"{table}.parquet") for d in document_ids]

    def write_manifest(
        self,
        release_key: str,
        rows: list[dict],
        release: dict,
        errors: Sequence[tuple[str, ErrorRow]] = (),
    ) -> str:
        """Write the release's document list and walk errors ((path, error) pairs); returns a
        fingerprint that changes with any row."""
        folder = self.release_dir(release_key)
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA)
        _atomic_write_parquet(table, folder / "manifest.parquet")
        error_rows = [{"path": path, **asdict(error)} for path, error in errors]
        _atomic_write_parquet(
            pa.Table.from_pylist(error_rows, schema=RELEASE_ERRORS_SCHEMA),
            folder / "errors.parquet",
        )
        fingerprint = json.dumps([rows, error_rows, PARSER_VERSION], sort_keys=True, default=str)
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
        for name in ("release.json", "manifest.parquet", "errors.parquet"):
            (folder / name).unlink(missing_ok=True)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
