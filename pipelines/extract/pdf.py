"""Text-layer PDFs: PDFium for page text and a few character positions, then the printed-email splitter.

Each page is opened once: its text (`get_text_range`, whose character indices are the offsets the
positions refer to; `get_text_bounded` gives the same text about twenty times slower), its lines
without furniture, then the boxes of the few characters the splitter asks for (`offsets_to_locate`:
header lines, their values, the lines after an empty label, the page's first and last lines),
about a microsecond each. pdfplumber is not
needed for that: it would cost ~70x the text extraction on every page.

PDFium repairs many broken files silently, which is good for reading and bad for accuracy: a PDF cut
off mid-transfer opens with its tail missing. We therefore require the `%%EOF` trailer and quarantine
files without it, rather than count messages from a document we know is incomplete.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from pipelines.extract.rows import Extraction, PageRow
from pipelines.printed import PrintedPage, clean_page, offsets_to_locate, scan_page, split_printed
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


def read_page(page: pdfium.PdfPage, number: int) -> PrintedPage:
    """A page's text and the boxes of the characters the splitter will use."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        clean = clean_page(number, text)
        scan = scan_page(clean.texts)
        charbox = textpage.get_charbox
        boxes = {offset: charbox(offset, loose=True) for offset in offsets_to_locate(clean, scan)}
    finally:
        textpage.close()
    return PrintedPage(number, text, boxes, page.get_height(), clean, scan)


def read_pages(source: Path | bytes, limits: Limits) -> list[PrintedPage]:
    """Every page in order; each page is opened, read and closed in turn."""
    document = pdfium.PdfDocument(source)
    try:
        count = len(document)
        if count > limits.max_pdf_pages:
            raise PdfLimitError(f"{count} pages exceeds the limit of {limits.max_pdf_pages}")
        pages = []
        for index in range(count):
            page = document[index]
            try:
                pages.append(read_page(page, index + 1))
            finally:
                page.close()
        return pages
    finally:
        document.close()


def read_pdf(path: Path, extraction: Extraction, limits: Limits) -> Extraction:
    _check_trailer(path, path.stat().st_size)
    pages = read_pages(path, limits)
    result = split_printed(extraction.document_id, pages)
    unassigned = set(result.unassigned_pages)
    extraction.page_count = len(pages)
    extraction.pages = [
        PageRow(
            document_id=extraction.document_id,
            page_number=page.number,
            text=page.text,
            text_source="text_layer" if page.text.strip() else "none",
            bates=result.page_bates.get(page.number),
            in_message=page.number not in unassigned,
        )
        for page in pages
    ]
    extraction.messages = result.messages
    extraction.participants = result.participants
    extraction.attachments = result.attachments
    return extraction
