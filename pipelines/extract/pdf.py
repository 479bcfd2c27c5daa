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

import contextlib
import ctypes
import logging
import struct
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.extract.allocator import keep_freed_memory
from pipelines.extract.exemptions import exemption_codes, is_withheld_placeholder
from pipelines.extract.ocr import OCR_DPI, OcrPool, OcrResult, needs_ocr, tesseract_available
from pipelines.extract.redactions import page_objects, raster_boxes
from pipelines.extract.rows import ErrorRow, Extraction, PageRow
from pipelines.printed import PrintedPage, clean_page, offsets_to_locate, scan_page, split_printed
from pipelines.printed.stream import Box
from pipelines.settings import Limits

IMAGE_PAGE_SHARE = 0.5  # a page whose images cover this much of it is a scan
BATCH_PAGES = 32  # pages open at once (`read_batch`)
OCR_PROGRESS_EVERY_S = 15.0  # how often a long scan says how far its OCR has got
_PAGES_NAMED = 10  # page numbers a one-line reason names before `and N more`

log = logging.getLogger(__name__)

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


def render_for_ocr(page: pdfium.PdfPage) -> np.ndarray:
    """The page as Tesseract is given it: 8-bit grayscale at OCR_DPI.

    PDFium draws straight into a gray bitmap. Its grayscale mode (`grayscale=True`, the
    FPDF_GRAYSCALE flag) gives the same pixels on gray scans and black text but took four times as
    long (100 ms against 25 ms for a 300 dpi letter page of the benchmark scan); in colour it
    differs by at most 2 levels of 255, from rounding the conversion to gray."""
    bitmap = page.render(scale=OCR_DPI / 72, force_bitmap_format=pdfium_c.FPDFBitmap_Gray)
    return bitmap.to_numpy()


def read_batch(pages: Sequence[pdfium.PdfPage], numbers: Sequence[int]) -> list[PrintedPage]:
    """Open pages (with their page `numbers`): their text and the boxes of the characters the
    splitter will use.

    Each step runs over the whole batch before the next (every text, then every page's lines,
    then the boxes) rather than page by page, so that the splitter's code runs warm from one page
    to the next instead of after PDFium's every time. The batch's text pages are therefore open
    together, and closing them would hand their memory back to the system to be faulted in again
    for the next batch, which `allocator.keep_freed_memory` prevents. Page by page, with no fault
    to save, the splitter added 25.6% to PDFium's text on `bench.splitter.speed`; in batches with
    freed memory kept, 24.3% (five alternated runs each, every pair in favour)."""
    keep_freed_memory()
    textpages = [page.get_textpage() for page in pages]
    try:
        texts = [textpage.get_text_range() for textpage in textpages]
        cleans = [clean_page(number, text) for number, text in zip(numbers, texts, strict=True)]
        scans = [scan_page(clean.texts) for clean in cleans]
        read = []
        for page, textpage, text, clean, scan in zip(
            pages, textpages, texts, cleans, scans, strict=True
        ):
            boxes = _loose_boxes(textpage, offsets_to_locate(clean, scan))
            read.append(PrintedPage(clean.number, text, boxes, page.get_height(), clean, scan))
    finally:
        for textpage in textpages:
            textpage.close()
    return read


# PDFium's FPDFText_GetLooseCharBox(text page, index, FS_RECTF*) called without the argument types
# pypdfium2's binding declares: ctypes converts a declared argument in Python on every call, which
# was a third of the time of a box. The arguments given are always a pointer, an int and a pointer.
_GET_LOOSE_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
)
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom


def _loose_boxes(textpage: pdfium.PdfTextPage, offsets: list[int]) -> dict[int, Box]:
    """The loose boxes (the font's full height, as `get_charbox(loose=True)` gives them) of the
    characters at `offsets`, through one reused rectangle: pypdfium2's method makes a rectangle a
    call and took half as long again."""
    rect = pdfium_c.FS_RECTF()
    pointer, page = (
        ctypes.byref(rect),
        ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value),
    )
    boxes = {}
    for offset in offsets:
        if not _GET_LOOSE_CHAR_BOX(page, offset, pointer):
            raise pdfium.PdfiumError(f"no box for character {offset}")
        left, top, right, bottom = _RECT.unpack_from(rect)
        boxes[offset] = (left, bottom, right, top)
    return boxes


@dataclass
class PageFacts:
    """What a page shows besides its text: how the text was got, and what was withheld."""

    text_source: str = "text_layer"
    ocr_confidence: float | None = None
    redaction_boxes: int = 0
    needs_ocr: bool = False  # OCR was needed but Tesseract is not installed
    unloadable: bool = False  # PDFium could not load the page (a damaged page object)
    ocr_error: str | None = None  # Tesseract failed or timed out on the page


@dataclass
class ReadPages:
    pages: list[PrintedPage]
    facts: dict[int, PageFacts] = field(default_factory=dict)

    @property
    def ocr_pages(self) -> set[int]:
        return {n for n, f in self.facts.items() if f.text_source == "ocr"}


def _ocr_page(number: int, result: OcrResult, height: float) -> PrintedPage:
    """An OCR'd page, with the positions Tesseract found of the start of every line and of the
    characters the splitter asks a text layer for (with every value start of a label run, not
    two: see `offsets_to_locate`). Every line start, because the splitter looks past furniture a
    scan's reading leaves at a page's foot and follows a Notes subject down its wrapped lines as
    far as lines are located. Not every character: their boxes cost ~2 MB a page, held for the
    whole document until it is split."""
    clean = clean_page(number, result.text)
    scan = scan_page(clean.texts)
    wanted = {*clean.offsets, *offsets_to_locate(clean, scan, alignment_values=len(clean.texts))}
    boxes = result.boxes_in_points(OCR_DPI, height, sorted(wanted))
    return PrintedPage(number, result.text, boxes or None, height, clean, scan)


def read_pages(
    source: Path | bytes, limits: Limits, ocr: OcrPool | None = None, name: str = "PDF"
) -> ReadPages:
    """Every page in order, read `BATCH_PAGES` at a time (opened, read and closed together).

    Pages without a usable text layer are rendered to grayscale and handed to the OCR pool, which
    works on them while the next pages are read; burned-in redactions are found on the same image.
    Without a pool (no Tesseract) such pages keep what text they have and are flagged `needs_ocr`.
    A page PDFium cannot load is kept empty and flagged `unloadable`, and one Tesseract fails or
    runs out of time on keeps the text it had, flagged with `ocr_error`: the others are read. How
    far OCR has got is logged (`name`, at most every `OCR_PROGRESS_EVERY_S`).
    """
    document = pdfium.PdfDocument(source)
    read = ReadPages([])
    pending: dict[int, tuple[Future[OcrResult], float]] = {}
    try:
        count = len(document)
        if count > limits.max_pdf_pages:
            raise PdfLimitError(f"{count} pages exceeds the limit of {limits.max_pdf_pages}")
        progress = _OcrProgress(name, count)
        for first in range(0, count, BATCH_PAGES):
            numbers = range(first + 1, min(count, first + BATCH_PAGES) + 1)
            loaded = _load_pages(document, numbers)
            try:
                printed = read_batch(list(loaded.values()), list(loaded))
                texts = dict(zip(loaded, printed, strict=True))
                for number in numbers:
                    page = loaded.get(number)
                    if page is None:
                        read.pages.append(PrintedPage(number, ""))
                        read.facts[number] = PageFacts(text_source="none", unloadable=True)
                    else:
                        read.pages.append(texts[number])
                        read.facts[number] = _page_facts(page, texts[number], ocr, pending)
                    _take_ocr(read, pending, progress, wait=False)
            finally:
                for page in loaded.values():
                    page.close()
    finally:
        document.close()
    _take_ocr(read, pending, progress, wait=True)
    return read


def _page_facts(
    page: pdfium.PdfPage,
    printed: PrintedPage,
    ocr: OcrPool | None,
    pending: dict[int, tuple[Future[OcrResult], float]],
) -> PageFacts:
    """What a page shows besides its text. A page that needs OCR is rendered, its burned-in
    redactions counted on that image, and handed to the pool: its reading lands in `pending`."""
    objects = page_objects(page)
    facts = PageFacts(redaction_boxes=len(objects.dark_boxes))
    if not printed.text.strip():
        facts.text_source = "none"
    if needs_ocr(printed.text, objects.image_share >= IMAGE_PAGE_SHARE):
        if ocr is None:
            facts.needs_ocr = True
        else:
            gray = render_for_ocr(page)
            pending[printed.number] = (ocr.submit(gray), page.get_height())
            facts.redaction_boxes += len(raster_boxes(gray, OCR_DPI, page.get_height()))
    return facts


def _load_pages(document: pdfium.PdfDocument, numbers: range) -> dict[int, pdfium.PdfPage]:
    """The pages PDFium can load, by number. A damaged page object fails on its own: the rest of
    the document is still read, and the page is kept empty (`PageFacts.unloadable`)."""
    loaded = {}
    for number in numbers:
        with contextlib.suppress(pdfium.PdfiumError):
            loaded[number] = document[number - 1]
    return loaded


@dataclass
class _OcrProgress:
    """How many of a document's pages OCR has read, logged at most every OCR_PROGRESS_EVERY_S:
    Tesseract reads one or two pages a second a core, and a run that prints nothing for the
    minutes a long scan takes looks stuck."""

    name: str
    pages: int
    read: int = 0
    started: float = field(default_factory=time.monotonic)
    said: float = field(default_factory=time.monotonic)

    def one_more(self, number: int) -> None:
        self.read += 1
        now = time.monotonic()
        if now - self.said >= OCR_PROGRESS_EVERY_S:
            self.said = now
            log.info(
                "%s: OCR read %d page(s) so far, up to page %d of %d (%.0fs)",
                self.name,
                self.read,
                number,
                self.pages,
                now - self.started,
            )


def _take_ocr(
    read: ReadPages,
    pending: dict[int, tuple[Future[OcrResult], float]],
    progress: _OcrProgress,
    wait: bool,
) -> None:
    """Put the OCR readings in `pending` that have finished (all of them, if `wait`) in place of
    their pages, so that a reading is held only as long as it takes to keep what the splitter
    needs of it."""
    for number in [n for n, (future, _) in pending.items() if wait or future.done()]:
        future, height = pending.pop(number)
        facts = read.facts[number]
        progress.one_more(number)
        try:
            result = future.result()
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            # Tesseract failed or ran out of time on this page: the page keeps what text it had
            facts.ocr_error = " ".join(str(exc).split()) or type(exc).__name__
            continue
        read.pages[number - 1] = _ocr_page(number, result, height)
        facts.text_source = "ocr" if result.text.strip() else "none"
        facts.ocr_confidence = result.confidence


def _pool(limits: Limits) -> OcrPool | None:
    return OcrPool(limits.ocr_cache, limits.ocr_workers) if tesseract_available() else None


def read_pdf(path: Path, extraction: Extraction, limits: Limits) -> Extraction:
    _check_trailer(path, path.stat().st_size)
    pool = _pool(limits)
    try:
        read = read_pages(path, limits, pool, path.name)
    finally:
        if pool is not None:
            pool.close()
    result = split_printed(extraction.document_id, read.pages)
    unassigned = set(result.unassigned_pages)
    ocr_pages = read.ocr_pages
    extraction.page_count = len(read.pages)
    extraction.pages = []
    for page in read.pages:
        facts = read.facts[page.number]
        codes = exemption_codes(page.text)
        if is_withheld_placeholder(page.text) and not codes:
            codes = ["withheld"]
        extraction.pages.append(
            PageRow(
                document_id=extraction.document_id,
                page_number=page.number,
                text=page.text,
                text_source=facts.text_source,
                ocr_confidence=facts.ocr_confidence,
                bates=result.page_bates.get(page.number),
                redaction_boxes=facts.redaction_boxes,
                exemption_codes=";".join(codes) or None,
                in_message=page.number not in unassigned,
            )
        )
    extraction.messages = [
        replace(m, source_kind="pdf_ocr") if m.page_start in ocr_pages else m
        for m in result.messages
    ]
    extraction.participants = result.participants
    extraction.attachments = result.attachments
    _flag_pages(
        extraction,
        [n for n, f in read.facts.items() if f.unloadable],
        ("extract", "PdfiumError"),
        "could not be loaded (damaged page objects); they are kept empty with text_source "
        "'none' and the other pages are read",
    )
    failed = {n: f.ocr_error for n, f in read.facts.items() if f.ocr_error}
    _flag_pages(
        extraction,
        list(failed),
        ("ocr", "OcrFailed"),
        "could not be read by Tesseract and keep the text they had (first failure: "
        f"{next(iter(failed.values()), '')})",
    )
    _flag_pages(
        extraction,
        [n for n, f in read.facts.items() if f.needs_ocr],
        ("ocr", "OcrUnavailable"),
        "need OCR but tesseract is not installed (Debian package tesseract-ocr); they are kept "
        "with text_source 'none'",
    )
    return extraction


def _flag_pages(
    extraction: Extraction, pages: list[int], kind: tuple[str, str], reason: str
) -> None:
    """One line in ingest_errors (`kind` is its stage and error class) for the pages `reason`
    applies to, naming the first few, when there are any."""
    if not pages:
        return
    shown = ", ".join(map(str, pages[:_PAGES_NAMED]))
    if len(pages) > _PAGES_NAMED:
        shown += f" and {len(pages) - _PAGES_NAMED} more"
    stage, error_class = kind
    extraction.errors.append(
        ErrorRow(
            extraction.document_id,
            stage,
            error_class,
            f"{len(pages)} page(s) (p. {shown}) {reason}",
        )
    )
