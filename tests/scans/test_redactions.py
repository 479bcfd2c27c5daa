"""Redaction boxes found on generated pages with known boxes, vector and burned into scans.

The issue's targets (recall and precision >= 0.95) are asserted on a few hundred boxes, so a change
that makes detection worse fails here.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipelines.extract.redactions import Box, raster_boxes, vector_boxes

WIDTH, HEIGHT = letter
TEXT = "Booking 17-004512 release at 0600; contact Deportation Officer (b)(6) at ERO San Francisco."


def _page_with_boxes(page: canvas.Canvas, rng: random.Random) -> list[Box]:
    """Text lines (bold and regular), rule lines, light fills, and 2-6 black boxes: the truth."""
    for row in range(40):
        page.setFont("Helvetica-Bold" if row % 7 == 0 else "Helvetica", 10)
        page.setFillColorRGB(0, 0, 0)
        page.drawString(54, HEIGHT - 60 - row * 16, TEXT[: rng.randint(30, len(TEXT))])
    page.setStrokeColorRGB(0, 0, 0)
    page.line(54, HEIGHT - 50, WIDTH - 54, HEIGHT - 50)  # a rule: not a redaction
    page.setFillColorRGB(0.85, 0.85, 0.85)
    page.rect(54, 40, 200, 20, fill=1, stroke=0)  # a light table shading: not a redaction
    truth = []
    for _ in range(rng.randint(2, 6)):
        w, h = rng.uniform(40, 220), rng.choice([11.0, 12.0, 14.0, rng.uniform(20, 120)])
        x, y = rng.uniform(54, WIDTH - 54 - w), rng.uniform(80, HEIGHT - 80 - h)
        box = Box(x, y, x + w, y + h)
        if any(box.touches(other, gap=6) for other in truth):
            continue
        page.setFillColorRGB(0, 0, 0)
        page.rect(x, y, w, h, fill=1, stroke=0)
        truth.append(box)
    return truth


def _iou(a: Box, b: Box) -> float:
    inter_w = min(a.right, b.right) - max(a.left, b.left)
    inter_h = min(a.top, b.top) - max(a.bottom, b.bottom)
    if inter_w <= 0 or inter_h <= 0:
        return 0.0
    inter = inter_w * inter_h
    return inter / (a.area + b.area - inter)


def _score(truth: list[list[Box]], found: list[list[Box]]) -> tuple[float, float]:
    hits_truth = sum(
        any(_iou(t, f) >= 0.5 for f in fs) for ts, fs in zip(truth, found, strict=True) for t in ts
    )
    hits_found = sum(
        any(_iou(t, f) >= 0.5 for t in ts) for ts, fs in zip(truth, found, strict=True) for f in fs
    )
    total_truth = sum(map(len, truth))
    total_found = sum(map(len, found))
    return hits_truth / total_truth, hits_found / max(total_found, 1)


def _vector_pdf(pages: int, seed: int) -> tuple[bytes, list[list[Box]]]:
    rng = random.Random(seed)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    truth = []
    for _ in range(pages):
        truth.append(_page_with_boxes(page, rng))
        page.showPage()
    page.save()
    return buffer.getvalue(), truth


def test_vector_boxes_recall_and_precision() -> None:
    data, truth = _vector_pdf(40, seed=1)
    pdf = pdfium.PdfDocument(data)
    found = [vector_boxes(pdf[i]) for i in range(len(pdf))]
    recall, precision = _score(truth, found)
    assert sum(map(len, truth)) >= 100
    assert recall >= 0.95 and precision >= 0.95, (recall, precision)


def _scan(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Noise and JPEG artefacts, the way a cheap office scanner leaves a page."""
    from PIL import Image

    noisy = np.clip(gray.astype(np.int16) + rng.normal(0, 18, gray.shape), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noisy).rotate(0.4, fillcolor=255).save(buffer, format="JPEG", quality=55)
    return np.array(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))


def test_burned_in_boxes_recall_and_precision() -> None:
    dpi = 150
    data, truth = _vector_pdf(24, seed=2)
    pdf = pdfium.PdfDocument(data)
    rng = np.random.default_rng(3)
    found = []
    for index in range(len(pdf)):
        gray = pdf[index].render(scale=dpi / 72, grayscale=True).to_numpy()
        found.append(raster_boxes(_scan(gray, rng), dpi, HEIGHT))
    recall, precision = _score(truth, found)
    assert sum(map(len, truth)) >= 60
    assert recall >= 0.95 and precision >= 0.95, (recall, precision)


def test_image_only_pdf_has_no_vector_boxes() -> None:
    data, _ = _vector_pdf(1, seed=4)
    gray = pdfium.PdfDocument(data)[0].render(scale=100 / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    page.drawImage(ImageReader(gray), 0, 0, WIDTH, HEIGHT)
    page.showPage()
    page.save()
    assert vector_boxes(pdfium.PdfDocument(buffer.getvalue())[0]) == []
