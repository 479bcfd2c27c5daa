"""Scanned copies of PDFs: each page rendered to grayscale, skewed, noised, JPEG-compressed and wrapped
as an image-only PDF, the way a records office's copier produces them."""

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
        image = Image.fromarray(noisy).rotate(angle * (1 if index % 2 else -1), fillcolor=255)
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=quality)
        out.setPageSize((width, height))
        out.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 0, 0, width, height)
        out.showPage()
    source.close()
    out.save()
    return buffer.getvalue()
