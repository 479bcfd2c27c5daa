"""A scanned (image-only) printout through the real PDF reader: OCR, the splitter, redactions, and
what happens on a machine without Tesseract."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.extract import ocr
from pipelines.extract.pdf import read_pdf
from pipelines.extract.rows import Extraction
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


def test_without_tesseract_pages_are_flagged_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    result = read_pdf(scanned(tmp_path), extraction(), Limits())
    assert result.status == "parsed"
    assert [p.text_source for p in result.pages] == ["none"]
    (error,) = result.errors
    assert error.error_class == "OcrUnavailable" and "tesseract-ocr" in error.message
