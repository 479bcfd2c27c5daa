"""Where inputs and outputs live, and the limits that keep one bad file from hurting a run.

Paths come from flags, then environment variables, then defaults relative to the working directory,
so the same code serves the CLI, the Dagster UI and tests on temporary folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

RAW_ENV = "RECORDS_AUDIT_RAW_DIR"
WAREHOUSE_ENV = "RECORDS_AUDIT_WAREHOUSE_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
RULES_DIR = Path(__file__).resolve().parent / "rules"


@dataclass(frozen=True)
class Paths:
    raw: Path
    warehouse: Path

    @classmethod
    def resolve(cls, raw: str | Path | None = None, warehouse: str | Path | None = None) -> Paths:
        raw_dir = raw or os.environ.get(RAW_ENV) or "raw"
        warehouse_dir = warehouse or os.environ.get(WAREHOUSE_ENV) or "warehouse"
        return cls(Path(raw_dir).resolve(), Path(warehouse_dir).resolve())

    @property
    def database(self) -> Path:
        return self.warehouse / "audit.duckdb"

    @property
    def staging(self) -> Path:
        return self.warehouse / "staging"

    @property
    def exports(self) -> Path:
        return self.warehouse / "exports"


@dataclass(frozen=True)
class Limits:
    """Explicit ceilings; a file over a limit is quarantined with the limit named in the reason."""

    max_file_bytes: int = 4 * 1024**3
    max_pdf_pages: int = 100_000
    # Containers (archives, mailboxes, e-mails with attachments): per container, what may come out
    # of it. A zip bomb hits max_unpacked_bytes; 42.zip-style nesting hits max_nesting_depth.
    max_unpacked_bytes: int = 16 * 1024**3
    max_members: int = 200_000
    max_nesting_depth: int = 6
    # readpst on a PST: a hung or pathologically slow conversion is stopped and reported.
    pst_timeout_seconds: int = 3600
    # OCR: where page results are cached by image hash (None: no cache), and how many Tesseract
    # processes run at once (None: one per core).
    ocr_cache: Path | None = None
    ocr_workers: int | None = None
