"""Scanned copies of PDFs: each page rendered to grayscale, skewed, noised, JPEG-compressed and wrapped
as an image-only PDF, the way a records office's copier produces them.

The tilt is applied by nearest-neighbour rotation by default: every edge of every letter becomes a
staircase, one step a pixel per 1/tan(angle) pixels, as on a bitonal (fax-style) scan and the
harshest case. `smooth=True` rotates bicubically instead, closer to a gray scanner that samples the
tilted paper optically. The scanned corpus smooth at 2° reads about as a stepped one at 0.6°, and
stepped at 2° reads worse (figures in `bench.scans.tilt`): up to 2° the loss with tilt is the
staircases, not the levelling."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def scan_pdf(
    data: bytes,
    *,
    dpi: int = 200,
    angle: float = 0.6,
    noise: float = 12.0,
    quality: int = 60,
    seed: int = 0,
    smooth: bool = False,
) -> bytes:
    """An image-only PDF of `data`; page sizes are kept, so page numbers and boxes line up."""
    rng = np.random.default_rng(seed)
    source = pdfium.PdfDocument(data)
    buffer = io.BytesIO()
    out = canvas.Canvas(buffer, invariant=1)
    for index in range(len(source)):
        page = source[index]
        width, height = page.get_size()
        gray = page.render(scale=dpi / 72, grayscale=True).to_numpy().astype(np.int16)
        page.close()
        noisy = np.clip(gray + rng.normal(0, noise, gray.shape), 0, 255).astype(np.uint8)
        resample = Image.Resampling.BICUBIC if smooth else Image.Resampling.NEAREST
        turn = angle * (1 if index % 2 else -1)
        image = Image.fromarray(noisy).rotate(turn, resample, fillcolor=255)
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=quality)
        out.setPageSize((width, height))
        out.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 0, 0, width, height)
        out.showPage()
    source.close()
    out.save()
    return buffer.getvalue()
