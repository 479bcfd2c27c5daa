"""Choose the reader for a file by its detected type, and turn any failure into a quarantine.

This is the only place that catches broad exceptions: a reader may fail in ways we have not seen yet
(that is what releases are like), and a failure must cost one document, never the run.

Containers (mail, archives) are read by `CONTAINER_READERS`, which also get an `Output`: where the
files inside them (attachments, members) and, for big mailboxes, batches of rows are handed over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.extract import alpr, archive, detect, mail, msg, pdf, pst
from pipelines.extract.children import MemoryOutput, Output
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

Reader = Callable[[Path, Extraction, Limits], Extraction]
ContainerReader = Callable[[Path, Extraction, Limits, Output], Extraction]

READERS: dict[str, Reader] = {
    detect.PDF: alpr.with_audit_tables(pdf.read_pdf),
    detect.CSV: alpr.read_alpr_csv,
    detect.XLSX: alpr.read_alpr_xlsx,
}

CONTAINER_READERS: dict[str, ContainerReader] = {
    detect.EML: mail.read_eml,
    detect.EMLX: mail.read_emlx,
    detect.MBOX: mail.read_mbox,
    detect.MSG: msg.read_msg,
    detect.PST: pst.read_pst,
    detect.ZIP: archive.read_zip,
    detect.TAR: archive.read_tar,
    detect.GZIP: archive.read_compressed,
    detect.BZIP2: archive.read_compressed,
    detect.XZ: archive.read_compressed,
}


def extract_document(
    path: Path,
    document_id: str,
    media_type: str,
    size: int,
    limits: Limits | None = None,
    output: Output | None = None,
) -> Extraction:
    """Read one file. Without an `output`, container members are kept in memory."""
    limits = limits or Limits()
    extraction = Extraction(document_id=document_id, media_type=media_type)
    if size == 0:
        return extraction.quarantine("extract", "empty file (0 bytes)")
    if size > limits.max_file_bytes:
        return extraction.quarantine(
            "extract", f"file of {size} bytes exceeds the limit of {limits.max_file_bytes}"
        )
    reader = READERS.get(media_type)
    container = CONTAINER_READERS.get(media_type)
    if reader is None and container is None:
        extraction.status = "unsupported"
        extraction.error = f"no reader for {media_type} yet"
        return extraction
    try:
        if container is not None:
            return container(path, extraction, limits, output or MemoryOutput())
        return reader(path, extraction, limits)
    except Exception as exc:
        return extraction.quarantine("extract", exc)
