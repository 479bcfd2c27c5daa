"""A scanned (image-only) printout through the real PDF reader: OCR, the splitter, redactions, and
what happens on a machine without Tesseract."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from bench.splitter.corpus import build_corpus
from pipelines.cli import main
from pipelines.extract import ocr, pdf
from pipelines.extract.ocr import OcrPool
from pipelines.extract.pdf import read_pages, read_pdf, render_for_ocr
from pipelines.extract.rows import Extraction
from pipelines.printed import PrintedPage, split_printed
from pipelines.settings import Limits
from tests.factories.printed_pdf import PrintedEmail, render_outlook_pdf
from tests.factories.scans import scan_pdf

EMAIL = PrintedEmail(
    from_name="Halvorsen, Erik",
    from_address="erik.halvorsen@ice.dhs.gov",
    sent=datetime(2018, 8, 22, 13, 26),
    to=[("Ramirez, Ana", "aramirez@mbcso.example.gov")],
    subject="Release date/time request",
    body="Please advise the release date and time for the subject below.\nThank you.",
)


def scanned(tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    render_outlook_pdf(buffer, [EMAIL], bates_prefix="MBCSO-", bates_start=41)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(buffer.getvalue()))
    return path


def extraction() -> Extraction:
    return Extraction(document_id="s" * 64, media_type="application/pdf")


@pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract not installed")
def test_scanned_printout_is_read_by_ocr(tmp_path: Path) -> None:
    result = read_pdf(scanned(tmp_path), extraction(), Limits(ocr_cache=tmp_path / "ocr"))
    (page,) = result.pages
    assert page.text_source == "ocr" and page.ocr_confidence and page.ocr_confidence > 60
    assert page.bates == "MBCSO-000041"
    (message,) = result.messages
    assert message.source_kind == "pdf_ocr"
    assert message.from_address == "erik.halvorsen@ice.dhs.gov"
    assert message.subject == "Release date/time request"
    assert message.sent_at_local == datetime(2018, 8, 22, 13, 26)
    assert result.errors == []


@pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract not installed")
def test_an_ocr_page_keeps_the_boxes_the_splitter_uses(tmp_path: Path) -> None:
    """A reading keeps a small share of its character boxes, and a printout splits as it does
    with every box. The two pages are from the labelled corpus (Outlook, values in a column):
    given only the boxes a text layer gives, two value starts per header, the splitter took
    quoted headers whose OCR'd values wander for unaligned and split these pages differently."""
    (document,) = [
        d
        for d in build_corpus(tmp_path / "corpus", per_layout=2)
        if d.path.stem == "outlook_columns_01"
    ]
    pages = pdfium.PdfDocument.new()
    pages.import_pages(pdfium.PdfDocument(document.path), [11, 12])
    printed = io.BytesIO()
    pages.save(printed)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(printed.getvalue(), dpi=200, angle=0.6, seed=3))
    cache = tmp_path / "ocr"
    with OcrPool(cache) as pool:
        read = read_pages(path, Limits(), pool)
    with OcrPool(cache) as pool:  # the same images: served from the cache
        readings = [pool.submit(render_for_ocr(page)).result() for page in pdfium.PdfDocument(path)]
    every = [
        PrintedPage(
            page.number, reading.text, reading.boxes_in_points(300, page.height), page.height
        )
        for page, reading in zip(read.pages, readings, strict=True)
    ]
    for kept, whole in zip(read.pages, every, strict=True):
        assert kept.text == whole.text
        assert kept.boxes and whole.boxes and len(kept.boxes) * 5 < len(whole.boxes)
    split = split_printed("d", read.pages, "pdf_ocr")
    assert split == split_printed("d", every, "pdf_ocr")
    assert len(split.messages) >= 4


@pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract not installed")
def test_the_run_says_how_far_a_scans_ocr_has_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A long scan takes minutes; `records-audit run` reports its OCR as it goes (here after every
    page, where a real run reports every `OCR_PROGRESS_EVERY_S`)."""
    raw = tmp_path / "raw"
    (raw / "mbcso" / "r1").mkdir(parents=True)
    (raw / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "mbcso,Mariposa Bay Sheriff,sheriff,Mariposa,CA,America/Los_Angeles,mbcso.example.gov\n"
    )
    buffer = io.BytesIO()
    render_outlook_pdf(
        buffer, [EMAIL, replace(EMAIL, new_page=True)], bates_prefix="M-", bates_start=1
    )
    (raw / "mbcso" / "r1" / "fax.pdf").write_bytes(scan_pdf(buffer.getvalue()))
    monkeypatch.setattr(pdf, "OCR_PROGRESS_EVERY_S", 0.0)
    assert main(["run", "--raw", str(raw), "--warehouse", str(tmp_path / "warehouse")]) == 0
    said = capsys.readouterr().err
    assert "fax.pdf: OCR read 1 page(s) so far, up to page 1 of 2" in said
    assert "fax.pdf: OCR read 2 page(s) so far, up to page 2 of 2" in said


@pytest.mark.skipif(not ocr.tesseract_available(), reason="tesseract not installed")
def test_a_page_tesseract_fails_on_costs_that_page_not_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Tesseract that failed or ran out of time on one page raised, and the whole PDF (a long
    scan, or a printout with one scanned page) was quarantined."""
    printed = io.BytesIO()
    render_outlook_pdf(printed, [EMAIL], bates_prefix="MBCSO-", bates_start=41)
    mixed = pdfium.PdfDocument(printed.getvalue())  # page 1: the printout's text layer
    mixed.import_pages(pdfium.PdfDocument(scanned(tmp_path)))  # page 2: the same, scanned
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    monkeypatch.setattr(ocr, "TIMEOUT_S", 0.001)  # the real Tesseract, stopped for its time
    result = read_pdf(path, extraction(), Limits(ocr_cache=tmp_path / "ocr"))
    assert result.status == "parsed"
    assert [p.text_source for p in result.pages] == ["text_layer", "none"]
    (message,) = result.messages
    assert message.from_address == "erik.halvorsen@ice.dhs.gov"
    (error,) = result.errors
    assert error.error_class == "OcrFailed" and "(p. 2)" in error.message
    assert "timed out" in error.message and "\n" not in error.message


def test_without_tesseract_pages_are_flagged_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    result = read_pdf(scanned(tmp_path), extraction(), Limits())
    assert result.status == "parsed"
    assert [p.text_source for p in result.pages] == ["none"]
    (error,) = result.errors
    assert error.error_class == "OcrUnavailable" and "tesseract-ocr" in error.message


def _colour_page() -> bytes:
    """A page with a colour photo, coloured text and a translucent coloured box."""
    rng = np.random.default_rng(3)
    photo = (rng.random((200, 150, 3)) * 255).astype(np.uint8)
    buffer, jpeg = io.BytesIO(), io.BytesIO()
    Image.fromarray(photo).save(jpeg, format="JPEG")
    out = canvas.Canvas(buffer, invariant=1)
    out.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 50, 300, 300, 400)
    out.setFillColorRGB(0.9, 0.2, 0.1)
    out.drawString(60, 200, "From: someone@example.gov")
    out.setFillColorRGB(0.2, 0.2, 0.9, alpha=0.5)
    out.rect(100, 120, 200, 50, fill=1)
    out.showPage()
    out.save()
    return buffer.getvalue()


def test_page_is_rendered_as_in_pdfium_grayscale_mode(tmp_path: Path) -> None:
    """`render_for_ocr` skips PDFium's slow grayscale mode: the same pixels on a gray scan, within
    rounding in colour (so cached OCR of gray scans stays valid)."""
    for data, tolerance in ((scanned(tmp_path).read_bytes(), 0), (_colour_page(), 2)):
        page = pdfium.PdfDocument(data)[0]
        ours = render_for_ocr(page).astype(np.int16)
        theirs = page.render(scale=ocr.OCR_DPI / 72, grayscale=True).to_numpy()
        assert ours.shape == theirs.shape
        assert np.abs(ours - theirs).max() <= tolerance
