"""Choose the reader for a file by its detected type, and turn any failure into a quarantine.

This is the only place that catches broad exceptions: a reader may fail in ways we have not seen yet
(that is what releases are like), and a failure must cost one document, never the run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.extract import detect, mail, pdf
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

Reader = Callable[[Path, Extraction, Limits], Extraction]

READERS: dict[str, Reader] = {
    detect.PDF: pdf.read_pdf,
    detect.EML: lambda path, extraction, _limits: mail.read_eml(path, extraction),
    detect.EMLX: lambda path, extraction, _limits: mail.read_emlx(path, extraction),
    detect.MBOX: lambda path, extraction, _limits: mail.read_mbox(path, extraction),
}


def extract_document(
    path: Path, document_id: str, media_type: str, size: int, limits: Limits | None = None
) -> Extraction:
    limits = limits or Limits()
    extraction = Extraction(document_id=document_id, media_type=media_type)
    if size == 0:
        return extraction.quarantine("extract", "empty file (0 bytes)")
    if size > limits.max_file_bytes:
        return extraction.quarantine(
            "extract", f"file of {size} bytes exceeds the limit of {limits.max_file_bytes}"
        )
    reader = READERS.get(media_type)
    if reader is None:
        extraction.status = "unsupported"
        extraction.error = f"no reader for {media_type} yet"
        return extraction
    try:
        return reader(path, extraction, limits)
    except Exception as exc:
        return extraction.quarantine("extract", exc)
