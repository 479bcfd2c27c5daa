"""Redaction as records offices draw it: a black box over each occurrence of a phrase.

The boxes are vector rectangles laid over the page (drawn with reportlab, placed with PDFium as a
form XObject). Like many real releases, the text under a box stays in the text layer: what the box
changes is what a reader sees, and what the redaction counter must find.
"""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

PAD = 1.5  # points around the glyphs
# PDFium writes a random second file identifier on save; the sample must be the same bytes each run.
_TRAILER_ID = re.compile(rb"/ID\[<([0-9A-F]+)><[0-9A-F]+>\]")


def _boxes(page: pdfium.PdfPage, phrases: list[str]) -> list[tuple[float, float, float, float]]:
    textpage = page.get_textpage()
    found = []
    for phrase in phrases:
        searcher = textpage.search(phrase, match_case=True)
        while (hit := searcher.get_next()) is not None:
            start, count = hit
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            found.append(
                (
                    min(b[0] for b in boxes) - PAD,
                    min(b[1] for b in boxes) - PAD,
                    max(b[2] for b in boxes) + PAD,
                    max(b[3] for b in boxes) + PAD,
                )
            )
        searcher.close()
    textpage.close()
    return found


def redact_pdf(data: bytes, phrases: list[str]) -> tuple[bytes, dict[int, int]]:
    """The PDF with black boxes over every phrase; returns it and the boxes drawn per page."""
    document = pdfium.PdfDocument(data)
    overlay_buffer = io.BytesIO()
    overlay = canvas.Canvas(overlay_buffer, invariant=1)
    counts: dict[int, int] = {}
    for index in range(len(document)):
        page = document[index]
        overlay.setPageSize(page.get_size())
        boxes = _boxes(page, phrases)
        counts[index + 1] = len(boxes)
        overlay.setFillColorRGB(0, 0, 0)
        for left, bottom, right, top in boxes:
            overlay.rect(left, bottom, right - left, top - bottom, fill=1, stroke=0)
        overlay.showPage()
        page.close()
    overlay.save()
    layer = pdfium.PdfDocument(overlay_buffer.getvalue())
    for index in range(len(document)):
        if counts[index + 1]:
            page = document[index]
            page.insert_obj(layer.page_as_xobject(index, document).as_pageobject())
            page.gen_content()
            page.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    layer.close()
    return _TRAILER_ID.sub(rb"/ID[<\1><\1>]", out.getvalue()), counts
