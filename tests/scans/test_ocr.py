"""OCR with the real tesseract on pages rendered here: text, confidence, cache, and its absence."""

from __future__ import annotations

import html
import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipelines.extract import ocr

LINES = [
    "From: Ramirez, Ana <aramirez@mbcso.example.gov>",
    "Sent: Thursday, March 8, 2018 9:17 AM",
    "To: Doe, John <john.doe@ice.dhs.gov>",
    "Subject: RE: Release date for inmate",
]

needs_tesseract = pytest.mark.skipif(
    not ocr.tesseract_available(), reason="tesseract not installed (Debian tesseract-ocr)"
)


def rendered_page(dpi: int = 200, angle: float = 1.2) -> np.ndarray:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    page.setFont("Helvetica", 11)
    for number, line in enumerate(LINES):
        page.drawString(72, 700 - 16 * number, line)
    page.showPage()
    page.save()
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=dpi / 72, grayscale=True).to_pil()
    gray = np.array(image.rotate(angle, fillcolor=255), dtype=np.int16)
    noise = np.random.default_rng(0).normal(0, 15, gray.shape)
    return np.clip(gray + noise, 0, 255).astype(np.uint8)


def test_needs_ocr() -> None:
    assert ocr.needs_ocr("", has_image=True)
    assert ocr.needs_ocr("", has_image=False)
    assert ocr.needs_ocr("ACSO-000123", has_image=True)  # only a Bates stamp over a scan
    assert not ocr.needs_ocr("ACSO-000123", has_image=False)  # a near-empty born-digital page
    assert not ocr.needs_ocr("\n".join(LINES), has_image=True)
    assert ocr.needs_ocr("\x01\x02%$#~^&*" * 10, has_image=False)  # garbage text layer


@needs_tesseract
def test_ocr_reads_a_skewed_noisy_page(tmp_path: Path) -> None:
    result = ocr.ocr_pgm(ocr.to_pgm(rendered_page()), dpi=200)
    assert "john.doe@ice.dhs.gov" in result.text
    assert "Thursday, March 8, 2018 9:17 AM" in result.text
    assert result.confidence is not None and result.confidence > 70


@needs_tesseract
def test_pool_caches_by_image_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = rendered_page()
    with ocr.OcrPool(tmp_path / "cache", workers=2) as pool:
        first = pool.submit(page).result()
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    with ocr.OcrPool(tmp_path / "cache", workers=1) as pool:
        assert pool.submit(page).result() == first  # served from the cache, tesseract never called


@needs_tesseract
def test_pool_holds_a_bounded_queue_of_pages() -> None:
    """Rendering outruns Tesseract a hundredfold; a pool that queued every page of a long scan held
    them all in memory. With one worker, a page beyond the worker's own and its queue waits in
    `submit` until a reading has finished."""
    page = rendered_page()
    bound = 1 + ocr.OcrPool.QUEUED_PER_WORKER
    with ocr.OcrPool(None, workers=1) as pool:
        futures = []
        for n in range(bound + 1):
            varied = page.copy()
            varied[0, n] = 0  # a different image each time, so none is a repeat of another
            futures.append(pool.submit(varied))
            assert sum(f.done() for f in futures) >= len(futures) - bound
        assert all(f.result().text for f in futures)


def test_missing_tesseract_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "tesseract-not-installed")
    with pytest.raises(ocr.OcrUnavailable, match="tesseract-ocr"):
        ocr.ocr_pgm(ocr.to_pgm(np.full((10, 10), 255, dtype=np.uint8)))


def test_hocr_boxes_are_as_tall_as_the_line_type() -> None:
    """Each character box spans the line's font size from its descender line, whatever the word's
    letters: `Sergeant,` and `was` on one line get one height."""
    hocr = (
        "<span class='ocr_line' id='line_1_1' title=\"bbox 100 200 600 250; baseline 0 -10;"
        ' x_size 40; x_descenders 9; x_ascenders 8">'
        "<span class='ocrx_word' id='word_1_1' title='bbox 100 205 300 250; x_wconf 95'>Sergeant,"
        "</span> <span class='ocrx_word' id='word_1_2' title='bbox 320 218 400 240; x_wconf 91'>"
        "was</span></span>"
        "<span class='ocr_line' id='line_1_2' title=\"bbox 100 300 600 340; baseline 0 -8;"
        ' x_size 40; x_descenders 8; x_ascenders 8">'
        "<span class='ocrx_word' id='word_2_1' title='bbox 100 300 200 332; x_wconf 90'>|-247A"
        "</span> <span class='ocrx_word' id='word_2_2' title='bbox 210 300 230 332; x_wconf 90'>|"
        "</span> <span class='ocrx_word' id='word_2_3' title='bbox 240 300 300 332; x_wconf 90'>"
        "1-800</span></span>"
    )
    result = ocr._text_from_hocr(hocr)
    assert result.text == "Sergeant, was\nI-247A I 1-800"  # form numbers and the pronoun read back
    assert result.confidence == 91.2
    first, was = result.boxes[0], result.boxes[result.text.index("was")]
    assert first[1] == was[1] == 209 and first[3] == was[3] == 249  # not the word boxes


def _hocr_line(*words: tuple[int, int, str]) -> str:
    """One hOCR line of 40-pixel type, its words given as (left, right, text)."""
    spans = "".join(
        f"<span class='ocrx_word' id='w{n}' title='bbox {left} 300 {right} 332; x_wconf 60'>"
        f"{html.escape(text)}</span> "
        for n, (left, right, text) in enumerate(words)
    )
    return (
        "<span class='ocr_line' id='l' title=\"bbox 100 300 900 340; baseline 0 -8;"
        f' x_size 40; x_descenders 8; x_ascenders 8">{spans}</span>'
    )


def test_a_bar_standing_apart_is_a_speck_not_the_pronoun() -> None:
    """A lone `|` as far from the word before it as a label is from its value is a speck or a
    rule and is dropped; one at word spacing is the pronoun `I`; a form number in parentheses
    is read back as one without them."""
    hocr = _hocr_line(
        (100, 250, "Subject"), (294, 300, "|"), (380, 440, "RE:"), (450, 620, "(l-247N)")
    )
    hocr += _hocr_line((100, 200, "what"), (216, 222, "|"), (238, 300, "can"))
    assert ocr._text_from_hocr(hocr).text == "Subject RE: (I-247N)\nwhat I can"


def test_a_capital_i_in_a_lowercase_address_is_an_ell() -> None:
    """Sans-serif `l`, `I` and `|` are one stroke: an address whose only capital is `I` has `l`s,
    and a `|` in an address is an `l`; one with other capitals, a Notes name, is left as read."""
    hocr = _hocr_line((100, 200, "<Ismith"), (200, 500, "@mbcso.example.gov>;"), (520, 700, "I"))
    hocr += _hocr_line((100, 600, "Castillo/MBCSO@MBCSO"), (620, 900, "Ian.Smith@x.gov"))
    hocr += _hocr_line((100, 400, "<|brennan@x.gov>"))
    result = ocr._text_from_hocr(hocr)
    assert result.text == (
        "<lsmith@mbcso.example.gov>; I\nCastillo/MBCSO@MBCSO Ian.Smith@x.gov\n<lbrennan@x.gov>"
    )


def test_lines_out_of_place_are_put_top_to_bottom() -> None:
    """Tesseract now and then emits a line below where it sits on the page; lines are read in
    the order of their places, top to bottom."""

    def line(top: int, text: str) -> str:
        return (
            f"<span class='ocr_line' id='l{top}' title=\"bbox 100 {top} 900 {top + 40}; "
            f'baseline 0 -8; x_size 40; x_descenders 8">'
            f"<span class='ocrx_word' id='w{top}' title='bbox 100 {top} 400 {top + 32}; "
            f"x_wconf 90'>{text}</span></span>"
        )

    hocr = line(100, "Thanks,") + line(300, "From:") + line(200, "Forwarded") + line(150, "Omar")
    assert ocr._text_from_hocr(hocr).text == "Thanks,\nOmar\nForwarded\nFrom:"
