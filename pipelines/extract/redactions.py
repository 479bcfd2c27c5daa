"""Redaction boxes: filled dark rectangles drawn on the page, or solid dark regions burned into a scan.

Vector boxes come from PDFium's page objects (a filled path whose fill is near black), which is fast
enough to run on every page. Burned-in boxes are found on the rendered grayscale image by looking for
solid dark blocks: at scan resolutions even bold text leaves light gaps inside every 8x8-pixel block,
while a redaction bar does not.
"""

from __future__ import annotations

import ctypes
from collections import deque
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.extract.pixels import block_sums

DARK_LEVEL = 80  # 0-255: fill colours and pixels at or below this are "black"
MIN_SIDE_PT = 4.0  # thinner than this is a rule line or underline, not a redaction
BLOCK_PT = 2.0  # block side in points: 8 px at 300 dpi, 4 px at 150 dpi
EDGE_SHARE = 0.7  # a pixel row or column beside a box joins it when this share of it is dark
SOLID_SHARE = 0.92  # share of dark pixels for a block to count as solid
MIN_BLOCKS = 4  # a burned-in box covers at least this many solid blocks


@dataclass(frozen=True)
class Box:
    """In PDF points, origin bottom-left, as PDFium reports page objects."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.top - self.bottom)

    def touches(self, other: Box, gap: float = 1.0) -> bool:
        return not (
            self.right + gap < other.left
            or other.right + gap < self.left
            or self.top + gap < other.bottom
            or other.top + gap < self.bottom
        )

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.bottom, other.bottom),
            max(self.right, other.right),
            max(self.top, other.top),
        )


def merge_boxes(boxes: list[Box]) -> list[Box]:
    """Boxes that overlap or touch are one redaction (tools often draw a bar as several rects)."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b.bottom, b.left)):
        for index, existing in enumerate(merged):
            if existing.touches(box):
                merged[index] = existing.union(box)
                break
        else:
            merged.append(box)
    if len(merged) < len(boxes) and len(merged) > 1:
        return merge_boxes(merged)  # a union can make two earlier boxes touch
    return merged


def _is_dark_fill(obj: pdfium_c.FPDF_PAGEOBJECT) -> bool:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return False
    if fill_mode.value == 0:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return False
    return a.value > 128 and max(r.value, g.value, b.value) <= DARK_LEVEL


def _bounds(obj: pdfium_c.FPDF_PAGEOBJECT) -> Box:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return Box(left.value, bottom.value, right.value, top.value)


@dataclass(frozen=True)
class PageObjects:
    """What the vector layer shows: dark filled boxes, and how much of the page images cover."""

    dark_boxes: list[Box]
    image_share: float


def _walk(objects: list[pdfium_c.FPDF_PAGEOBJECT], dark: list[Box], images: list[Box]) -> None:
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH and _is_dark_fill(obj):
            dark.append(_bounds(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(_bounds(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:  # a form XObject: its own list of objects
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            _walk([pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)], dark, images)


def page_objects(page: pdfium.PdfPage) -> PageObjects:
    """One pass over the page's objects with PDFium's C API (the Python wrappers cost 3x more)."""
    raw = page.raw
    objects = [
        pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))
    ]
    dark: list[Box] = []
    images: list[Box] = []
    _walk(objects, dark, images)
    width, height = page.get_size()
    page_area = width * height or 1.0
    boxes = [
        box
        for box in dark
        if min(box.right - box.left, box.top - box.bottom) >= MIN_SIDE_PT
        and box.area <= 0.9 * page_area
    ]
    image_share = min(1.0, sum(box.area for box in images) / page_area)
    return PageObjects(merge_boxes(boxes), image_share)


def vector_boxes(page: pdfium.PdfPage) -> list[Box]:
    return page_objects(page).dark_boxes


def _solid_blocks(dark: np.ndarray, block: int) -> np.ndarray:
    return block_sums(dark, block, np.int32) / (block * block) >= SOLID_SHARE


def _grow(dark: np.ndarray, y0: int, x0: int, y1: int, x1: int) -> tuple[int, int, int, int]:
    """Push each edge of a box (pixel bounds, end-exclusive) outward while the next line is dark.

    Solid blocks sit on a fixed grid, so they miss up to a block on every side of a bar; growing at
    pixel level recovers the bar's real extent.
    """
    height, width = dark.shape
    while y0 > 0 and dark[y0 - 1, x0:x1].mean() >= EDGE_SHARE:
        y0 -= 1
    while y1 < height and dark[y1, x0:x1].mean() >= EDGE_SHARE:
        y1 += 1
    while x0 > 0 and dark[y0:y1, x0 - 1].mean() >= EDGE_SHARE:
        x0 -= 1
    while x1 < width and dark[y0:y1, x1].mean() >= EDGE_SHARE:
        x1 += 1
    return y0, x0, y1, x1


def _components(solid: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """(row0, col0, row1, col1, cells) of each 4-connected group of solid blocks."""
    seen = np.zeros_like(solid, dtype=bool)
    found = []
    for start in zip(*np.nonzero(solid), strict=True):
        if seen[start]:
            continue
        queue = deque([start])
        seen[start] = True
        r0 = r1 = start[0]
        c0 = c1 = start[1]
        cells = 0
        while queue:
            r, c = queue.popleft()
            cells += 1
            r0, r1, c0, c1 = min(r0, r), max(r1, r), min(c0, c), max(c1, c)
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                inside = 0 <= nr < solid.shape[0] and 0 <= nc < solid.shape[1]
                if inside and solid[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    queue.append((nr, nc))
        found.append((r0, c0, r1, c1, cells))
    return found


def raster_boxes(gray: np.ndarray, dpi: float, page_height_pt: float) -> list[Box]:
    """Solid dark regions of a grayscale page image (row 0 at the top), as boxes in points."""
    scale = 72.0 / dpi
    block = max(2, round(BLOCK_PT / scale))
    dark = gray <= DARK_LEVEL
    solid = _solid_blocks(dark, block)
    boxes = []
    for r0, c0, r1, c1, cells in _components(solid):
        rows, cols = r1 - r0 + 1, c1 - c0 + 1
        if cells < MIN_BLOCKS or cells < 0.8 * rows * cols or cells > 0.5 * solid.size:
            continue  # too small, not rectangular, or a black page border / photo
        y0, x0, y1, x1 = _grow(dark, r0 * block, c0 * block, (r1 + 1) * block, (c1 + 1) * block)
        left, right = x0 * scale, x1 * scale
        top, bottom = page_height_pt - y0 * scale, page_height_pt - y1 * scale
        if min(right - left, top - bottom) >= MIN_SIDE_PT:
            boxes.append(Box(left, bottom, right, top))
    return merge_boxes(boxes)
