"""Straightening scans before OCR: skew found on real rendered pages turned by known angles, quarter
turns found by OSD, and character boxes that still line up (and map back onto the source image)."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipelines.extract import deskew, leptonica, ocr

DPI = 300
HEADER = [
    ("From:", "Ramirez, Ana <aramirez@mbcso.example.gov>"),
    ("Sent:", "Thursday, March 8, 2018 9:17 AM"),
    ("To:", "Doe, John <john.doe@ice.dhs.gov>"),
    ("Subject:", "RE: Release date for inmate"),
]
BODY = [
    "He will be released at 0600 tomorrow from the main jail.",
    "Please confirm whether your officers will take custody at the sally port.",
    "The detainer was received on Monday and is in the booking file.",
] * 6

needs_tesseract = pytest.mark.skipif(
    not ocr.tesseract_available(), reason="tesseract not installed (Debian tesseract-ocr)"
)


def memo_page(noise: float = 12.0) -> np.ndarray:
    """An Outlook-style memo page rendered at 300 dpi, with scanner noise."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    page.setFont("Helvetica", 11)
    for row, (label, value) in enumerate(HEADER):
        page.drawString(72, 700 - 16 * row, label)
        page.drawString(160, 700 - 16 * row, value)
    for row, line in enumerate(BODY):
        page.drawString(72, 620 - 16 * row, line)
    page.showPage()
    page.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    gray = document[0].render(scale=DPI / 72, grayscale=True).to_numpy().astype(np.int16)
    document.close()
    rng = np.random.default_rng(0)
    return np.clip(gray + rng.normal(0, noise, gray.shape), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return memo_page()


@pytest.mark.parametrize("angle", [-4.5, -2.0, -0.6, 0.6, 1.3, 3.0, 4.8])
def test_skew_of_a_turned_page(page: np.ndarray, angle: float) -> None:
    assert deskew.estimate_skew(deskew.rotate(page, angle)) == pytest.approx(angle, abs=0.1)


def test_level_page_is_left_alone(page: np.ndarray) -> None:
    straightened = deskew.straighten(page)
    assert abs(deskew.estimate_skew(page)) < deskew.MIN_SKEW
    assert straightened.rotation == 0.0 and straightened.image is page


def test_blank_and_black_pages_have_no_skew() -> None:
    assert deskew.estimate_skew(np.full((3300, 2550), 255, dtype=np.uint8)) == 0.0
    assert deskew.estimate_skew(np.zeros((3300, 2550), dtype=np.uint8)) == 0.0
    assert deskew.estimate_skew(np.zeros((5, 5), dtype=np.uint8)) == 0.0


def test_straighten_levels_the_page(page: np.ndarray) -> None:
    straightened = deskew.straighten(deskew.rotate(page, 2.5))
    assert straightened.rotation == pytest.approx(-2.5, abs=0.1)
    assert straightened.image.shape == page.shape
    assert abs(deskew.estimate_skew(straightened.image)) <= deskew.MIN_SKEW


def test_sideways_pages_are_told(page: np.ndarray) -> None:
    assert not deskew.lies_sideways(page)
    assert not deskew.lies_sideways(np.rot90(page, 2))
    assert deskew.lies_sideways(np.rot90(page, 1))
    assert deskew.lies_sideways(np.rot90(page, 3))


def _solid_square(gray: np.ndarray, side: int = 60) -> tuple[float, float]:
    """The centre of the one place where a `side` x `side` window is all but solid black (text
    never is)."""
    dark = np.pad((gray < 100).astype(np.int32), ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    window = dark[side:, side:] - dark[:-side, side:] - dark[side:, :-side] + dark[:-side, :-side]
    ys, xs = np.nonzero(window >= 0.95 * side * side)
    return float(xs.mean() + side / 2), float(ys.mean() + side / 2)


def test_boxes_map_back_onto_the_source() -> None:
    source = memo_page(noise=0)
    source[1500:1700, 1900:2100] = 0  # a black square in the margin right of the body text
    for turn, skew in ((0, 3.0), (1, -2.0), (2, 1.0), (3, 0.0)):
        given = deskew.rotate(deskew.rotate(source, 90 * turn), skew)
        straightened = deskew.straighten(given, (4 - turn) % 4)
        height, width = given.shape
        assert straightened.source_size == (width, height)
        assert straightened.image.shape == source.shape
        x, y = _solid_square(straightened.image)
        assert (x, y) == pytest.approx((2000, 1600), abs=6)  # upright again
        # A box around the square on the straightened image, mapped back onto the image given,
        # holds the square as it is there.
        left, top, right, bottom = straightened.to_source(
            (round(x) - 5, round(y) - 5, round(x) + 5, round(y) + 5)
        )
        assert ((left + right) / 2, (top + bottom) / 2) == pytest.approx(
            _solid_square(given), abs=6
        )


@needs_tesseract
@pytest.mark.parametrize("turn", [0, 1, 2, 3])
def test_a_turned_and_skewed_page_is_read(page: np.ndarray, turn: int) -> None:
    """Sideways, upside down or tilted 2°: the header reads, and its labels line up in a column."""
    given = deskew.rotate(deskew.rotate(page, 90 * turn), 2.0)
    result = ocr.read_page_image(given).result()
    assert "john.doe@ice.dhs.gov" in result.text
    assert "Thursday, March 8, 2018 9:17 AM" in result.text
    assert result.confidence is not None and result.confidence > 80
    assert result.rotation % 360 == pytest.approx(-(90 * turn + 2.0) % 360, abs=0.2)
    # The PDF page the scan came on is landscape when it lies sideways; upright it is portrait.
    boxes = result.boxes_in_points(DPI, given.shape[0] * 72 / DPI)
    height = page.shape[0] * 72 / DPI
    lefts = []
    for label, _ in HEADER:
        offset = result.text.index(label)
        left, bottom, _, top = boxes[offset]
        lefts.append(left)
        assert 0 <= bottom < top <= height
    assert max(lefts) - min(lefts) < 2.0  # levelled: the label column is straight
    assert lefts[0] == pytest.approx(72, abs=4)


@needs_tesseract
def test_pool_reads_a_skewed_page_and_caches_it(page: np.ndarray, tmp_path) -> None:
    given = deskew.rotate(page, -1.5)
    with ocr.OcrPool(tmp_path / "cache", workers=1) as pool:
        first = pool.submit(given).result()
    with ocr.OcrPool(tmp_path / "cache", workers=1) as pool:
        assert pool.submit(given).result() == first
    assert first.rotation == pytest.approx(1.5, abs=0.1)
    assert "Subject: RE: Release date for inmate" in first.text


@pytest.mark.skipif(
    not leptonica.available(), reason="Leptonica not installed (with tesseract-ocr)"
)
@pytest.mark.parametrize("angle", [-2.5, 0.7, 3.0])
def test_leptonica_turns_the_page_as_pil_does(angle: float) -> None:
    """The fast rotation levels a page the way the PIL fallback does: same size, same direction
    (a dark square lands where PIL puts it), the same pixels but for interpolation."""
    source = memo_page(noise=0)
    source[1500:1700, 1900:2100] = 0
    fast = leptonica.rotate_gray(source, angle)
    image = Image.fromarray(source).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    slow = np.asarray(image)
    assert fast is not None and fast.shape == slow.shape == source.shape
    assert _solid_square(fast) == pytest.approx(_solid_square(slow), abs=1.5)
    assert np.abs(fast.astype(np.int16) - slow).mean() < 3.0
    assert (leptonica.rotate_gray(source, 0.0) == source).all()
