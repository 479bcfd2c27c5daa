"""Straighten a scanned page before OCR: small skew by projection profile, quarter turns by OSD.

A copier or a hand-fed scanner tilts a page by a degree or two; Tesseract reads a tilted page worse
(lines run into each other, short labels such as `Sent:` break apart) and reports word boxes whose
left edges drift down the page, which the splitter's column geometry cannot use. The skew is found
on the ink itself: text lines make the row profile of the ink spiky when, and only when, the page is
level, so the angle that maximises the profile's sum of squares over a small range (±5°) is the
skew. The page is shifted row by row (a shear, not a rotation) for each candidate angle, which at
100 dpi costs one `bincount` per angle.

Pages printed sideways or upside down (90°/180°/270°) are not a small skew: Tesseract's orientation
detection (`--psm 0`) tells which quarter turn makes them upright. It is run by `ocr` only when the
first reading of a page is poor, since a level page read well needs no second opinion.

Rotations here are counter-clockwise in degrees, as PIL's `Image.rotate`, and every rotation keeps
the page's centre where it was; `Straightened.to_source` maps a box on the straightened image back
onto the page image as it was rendered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from pipelines.extract.leptonica import rotate_gray
from pipelines.extract.pixels import block_sums

PixelBox = tuple[int, int, int, int]  # left, top, right, bottom in image pixels (y grows downward)

# Bump when straightening changes what Tesseract is given (part of the cache key); 3: Leptonica.
DESKEW_VERSION = 3
MAX_SKEW = 5.0  # degrees either way searched for
_COARSE_STEP = 0.2  # degrees
_FINE_STEP = 0.02  # degrees, within one coarse step of the coarse best
MIN_SKEW = 0.15  # degrees: a page tilted less than this is read as it is (no resampling blur)
_REDUCE = 3  # 300 dpi pages are searched at 100 dpi
_INK = 160  # a reduced pixel darker than this (mean of 3x3) is ink
_MIN_INK = 200  # fewer ink pixels than this: a blank page, nothing to level
_MAX_INK_SHARE = 0.35  # more than this share of ink is a photo or a black page, not text
_SIDEWAYS = 1.0  # a column profile this much spikier than the row profile: the page lies sideways


@dataclass(frozen=True)
class Straightened:
    """A page image made upright: the image, the counter-clockwise rotation applied to the source
    (quarter turns plus skew correction, degrees) and the source image's size (width, height)."""

    image: np.ndarray
    rotation: float = 0.0
    source_size: tuple[int, int] = (0, 0)

    def to_source(self, box: PixelBox) -> PixelBox:
        """A box on the straightened image as the box that holds it on the source image."""
        height, width = self.image.shape
        return to_source(box, self.rotation, (width, height), self.source_size)


def to_source(
    box: PixelBox, rotation: float, size: tuple[int, int], source_size: tuple[int, int]
) -> PixelBox:
    """A (left, top, right, bottom) pixel box on an image of `size` (width, height) made by turning
    a `source_size` image `rotation` degrees counter-clockwise about its centre, as the upright box
    that holds it on the source image (y grows downward in both)."""
    if not rotation:
        return box
    width, height = size
    src_width, src_height = source_size
    theta = math.radians(rotation)
    cos, sin = math.cos(theta), math.sin(theta)
    left, top, right, bottom = box
    xs, ys = [], []
    for x, y in ((left, top), (right, top), (left, bottom), (right, bottom)):
        dx, dy = x - width / 2, y - height / 2
        # y grows downward, so undoing a counter-clockwise turn on screen is this in (x, y).
        xs.append(src_width / 2 + dx * cos - dy * sin)
        ys.append(src_height / 2 + dx * sin + dy * cos)
    return (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))


def _ink(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Coordinates (x from the centre, y) of ink in the page reduced to 100 dpi, or None."""
    height, width = (size - size % _REDUCE for size in gray.shape)
    if height < _REDUCE * 8 or width < _REDUCE * 8:
        return None
    # The sum of a 3x3 cell is below 9 * _INK exactly when its mean is below _INK.
    cells = block_sums(gray, _REDUCE, np.uint16)
    ys, xs = np.nonzero(cells < _INK * _REDUCE * _REDUCE)
    if len(ys) < _MIN_INK or len(ys) > _MAX_INK_SHARE * cells.size:
        return None
    return xs.astype(np.float32) - cells.shape[1] / 2, ys.astype(np.float32)


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    """How spiky the row profile of the ink is once the page is levelled by `angle` (degrees)."""
    shifted = ys + xs * math.tan(math.radians(angle))
    rows = np.rint(shifted - shifted.min()).astype(np.intp)
    counts = np.bincount(rows).astype(np.float64)
    return float(np.dot(counts, counts))


def estimate_skew(gray: np.ndarray, limit: float = MAX_SKEW) -> float:
    """The counter-clockwise tilt of the text on a grayscale page (degrees, within ±limit); 0.0
    for a page with too little (or too much) ink to tell."""
    ink = _ink(gray)
    if ink is None:
        return 0.0
    xs, ys = ink

    def best(angles: np.ndarray) -> float:
        scores = [_profile_score(xs, ys, float(angle)) for angle in angles]
        return float(angles[int(np.argmax(scores))])

    coarse = best(np.arange(-limit, limit + _COARSE_STEP / 2, _COARSE_STEP))
    fine = best(np.arange(coarse - _COARSE_STEP, coarse + _COARSE_STEP + 1e-9, _FINE_STEP))
    return round(fine, 2)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned counter-clockwise by `angle` degrees about its centre, white filled in.

    Quarter turns are exact (and swap width and height); other angles keep the size, by
    Leptonica's area-map rotation where it is installed (with Tesseract), else PIL's bicubic
    (four times slower, read as well)."""
    if angle % 90 == 0:
        return np.ascontiguousarray(np.rot90(gray, k=int(angle // 90) % 4))
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    turned = rotate_gray(gray, angle)
    if turned is not None:
        return turned
    image = Image.fromarray(gray)
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(turned, dtype=np.uint8)


def straighten(gray: np.ndarray, quarter_turns: int = 0) -> Straightened:
    """The page turned by `quarter_turns` (counter-clockwise) and then levelled."""
    height, width = gray.shape
    turned = rotate(gray, 90 * quarter_turns) if quarter_turns % 4 else gray
    skew = estimate_skew(turned)
    if abs(skew) < MIN_SKEW:
        return Straightened(turned, float(90 * (quarter_turns % 4)), (width, height))
    # Turning by -skew levels the text; the total is what the source was turned by.
    return Straightened(rotate(turned, -skew), 90 * (quarter_turns % 4) - skew, (width, height))


def lies_sideways(gray: np.ndarray) -> bool:
    """Do the text lines run down the page rather than across it? Lines across make the row profile
    of the ink spikier than the column profile; a page turned a quarter turn shows the reverse."""
    ink = _ink(gray)
    if ink is None:
        return False
    xs, ys = ink
    across = max(_profile_score(xs, ys, a) for a in (-2.0, -1.0, 0.0, 1.0, 2.0))
    down = max(_profile_score(ys, xs, a) for a in (-2.0, -1.0, 0.0, 1.0, 2.0))
    return down > _SIDEWAYS * across
