"""Benchmark corpora: a raw/ root with N pages of printed emails and K scanned pages.

Content is generated from a fixed seed (same parameters, same bytes) and written once per parameter
set under the cache folder, because generating 10,000 PDF pages takes longer than reading them.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.factories.printed_pdf import PrintedEmail, render_outlook_pdf

AGENCIES_CSV = (
    "agency_id,name,agency_type,county,state,timezone,email_domains\n"
    "benchso,Bench County Sheriff,sheriff,Bench,CA,America/Los_Angeles,benchso.example.gov\n"
)
STAFF = [
    ("Ramirez, Ana", "aramirez@benchso.example.gov"),
    ("Okafor, Dan", "dokafor@benchso.example.gov"),
]
ICE = [("Halvorsen, Erik", "erik.halvorsen@ice.dhs.gov"), (None, "perc.notifications@ice.dhs.gov")]
PHRASES = [
    "Please advise the release date and time for the subject listed below.",
    "The I-247A detainer was received and is attached to the booking record.",
    "He is scheduled for release at 0600 tomorrow from the main jail.",
    "Per SB 54 we will not hold the subject past his release date.",
    "Can you send the booking photo and last known address?",
    "Training for custody staff is moved to the second floor conference room.",
]
PAGES_PER_PDF = 500


@dataclass(frozen=True)
class Corpus:
    raw: Path
    pdfs: list[Path]
    pages: int
    scans: Path | None


def _emails(rng: random.Random, count: int) -> list[PrintedEmail]:
    start = datetime(2018, 1, 1, 8, 0)
    emails = []
    for index in range(count):
        sender, recipient = (rng.choice(STAFF), rng.choice(ICE))
        if index % 2:
            sender, recipient = recipient, sender
        body = "\n".join(rng.choice(PHRASES) for _ in range(rng.randint(3, 12)))
        emails.append(
            PrintedEmail(
                from_name=sender[0],
                from_address=sender[1],
                sent=start + timedelta(minutes=97 * index),
                to=[recipient],
                subject=f"Booking {17000 + index} - request {index}",
                body=body,
            )
        )
    return emails


def _pdf_pages(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def _printed_pdfs(folder: Path, pages: int, rng: random.Random) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made, total, part = [], 0, 0
    while total < pages:
        part += 1
        target = min(PAGES_PER_PDF, pages - total)
        path = folder / f"printed_{part:03d}.pdf"
        # About 2.2 emails fill a page with these bodies; render, then trim to the exact page count.
        render_outlook_pdf(
            path, _emails(rng, int(target * 2.3) + 2), bates_prefix="BENCH-", bates_start=total + 1
        )
        document = pdfium.PdfDocument(path)
        if len(document) > target:
            trimmed = pdfium.PdfDocument.new()
            trimmed.import_pages(document, list(range(target)))
            document.close()
            trimmed.save(path)
            trimmed.close()
        else:
            document.close()
        total += _pdf_pages(path)
        made.append(path)
    return made


def _scans(path: Path, sources: list[Path], count: int, dpi: int = 200) -> None:
    """Image-only PDF of `count` pages: pages of the printed PDFs, in order, rendered to grayscale
    JPEG, tilted 0.7 degrees, and wrapped (one printout is often shorter than `count`)."""
    buffer = io.BytesIO()
    out = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    made = 0
    for source in sources:
        document = pdfium.PdfDocument(source)
        for index in range(min(count - made, len(document))):
            image = (
                document[index]
                .render(scale=dpi / 72, grayscale=True)
                .to_pil()
                .rotate(0.7, fillcolor=255)
            )
            jpeg = io.BytesIO()
            image.save(jpeg, format="JPEG", quality=70)
            out.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 0, 0, *letter)
            out.showPage()
            made += 1
        document.close()
        if made == count:
            break
    out.save()
    path.write_bytes(buffer.getvalue())


def build(root: Path, *, pages: int, scans: int = 0, seed: int = 7) -> Corpus:
    """Build (or reuse) a corpus under root/p<pages>-s<scans>/raw."""
    folder = root / f"p{pages}-s{scans}"
    raw = folder / "raw"
    release = raw / "benchso" / "r1"
    done = folder / "complete"
    if not done.is_file():
        rng = random.Random(seed)
        raw.mkdir(parents=True, exist_ok=True)
        (raw / "agencies.csv").write_text(AGENCIES_CSV)
        _printed_pdfs(release / "printed", pages, rng)
        if scans:
            _scans(release / "scanned.pdf", sorted((release / "printed").glob("*.pdf")), scans)
        done.write_text("ok\n")
    pdfs = sorted((release / "printed").glob("*.pdf"))
    return Corpus(
        raw=raw,
        pdfs=pdfs,
        pages=sum(_pdf_pages(p) for p in pdfs),
        scans=release / "scanned.pdf" if scans else None,
    )
