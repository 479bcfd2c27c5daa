"""Text-layer PDFs: PDFium for page text (fast), then the printed-email splitter.

PDFium repairs many broken files silently, which is good for reading and bad for accuracy: a PDF cut
off mid-transfer opens with its tail missing. We therefore require the `%%EOF` trailer and quarantine
files without it, rather than count messages from a document we know is incomplete.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from pipelines.extract.rows import Extraction, PageRow
from pipelines.printed import split_printed
from pipelines.settings import Limits

_TRAILER_WINDOW = 2048


class TruncatedPdfError(ValueError):
    pass


class PdfLimitError(ValueError):
    pass


def _check_trailer(path: Path, size: int) -> None:
    with path.open("rb") as handle:
        handle.seek(max(0, size - _TRAILER_WINDOW))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise TruncatedPdfError(
            f"truncated PDF: no %%EOF trailer in the last {_TRAILER_WINDOW} bytes"
        )


def page_texts(path: Path, limits: Limits) -> list[tuple[int, str]]:
    """(page_number, text) for every page; each page is opened, read and closed in turn."""
    document = pdfium.PdfDocument(path)
    try:
        count = len(document)
        if count > limits.max_pdf_pages:
            raise PdfLimitError(f"{count} pages exceeds the limit of {limits.max_pdf_pages}")
        texts = []
        for index in range(count):
            page = document[index]
            textpage = page.get_textpage()
            texts.append((index + 1, textpage.get_text_bounded()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def read_pdf(path: Path, extraction: Extraction, limits: Limits) -> Extraction:
    _check_trailer(path, path.stat().st_size)
    texts = page_texts(path, limits)
    result = split_printed(extraction.document_id, texts)
    unassigned = set(result.unassigned_pages)
    extraction.page_count = len(texts)
    extraction.pages = [
        PageRow(
            document_id=extraction.document_id,
            page_number=number,
            text=text,
            text_source="text_layer" if text.strip() else "none",
            bates=result.page_bates.get(number),
            in_message=number not in unassigned,
        )
        for number, text in texts
    ]
    extraction.messages = result.messages
    extraction.participants = result.participants
    extraction.attachments = result.attachments
    return extraction
