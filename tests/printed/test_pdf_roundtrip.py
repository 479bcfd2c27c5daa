"""End to end: an Outlook-style printout rendered with reportlab, read back with PDFium."""

from __future__ import annotations

import io
from datetime import datetime

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipelines.extract.pdf import read_pages
from pipelines.printed import split_printed
from pipelines.settings import Limits

LABEL_X, VALUE_X, LEFT, RIGHT = 72, 160, 72, 540
HEADERS = [
    ("From:", ["Ramirez, Ana <aramirez@sheriff.example.gov>"]),
    ("Sent:", ["Thursday, March 8, 2018 9:17 AM"]),
    (
        "To:",
        [
            "Doe, John <john.doe@ice.dhs.gov>; Smith, K. <ksmith@sheriff.example.gov>;",
            "Lee, Pat <plee@ice.dhs.gov>",
        ],
    ),
    ("Cc:", ["(b)(6)@ice.dhs.gov"]),
    ("Subject:", ["RE: Release date for inmate"]),
    ("Attachments:", ["booking.pdf; notice.pdf"]),
]


def _footer(pdf: canvas.Canvas, page: int, bates: str) -> None:
    pdf.setFont("Helvetica", 8)
    pdf.drawCentredString(306, 30, f"Page {page} of 2")
    pdf.drawRightString(RIGHT, 30, bates)


def render_outlook_printout() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(LEFT, 740, "Ramirez, Ana")
    pdf.setLineWidth(2)
    pdf.line(LEFT, 732, RIGHT, 732)
    y = 710
    for label, values in HEADERS:
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(LABEL_X, y, label)
        pdf.setFont("Helvetica", 10)
        for value in values:
            pdf.drawString(VALUE_X, y, value)
            y -= 13
    y -= 20
    for text in ["John,", "He is scheduled for release Friday at 0900.", "Please advise."]:
        pdf.drawString(LEFT, y, text)
        y -= 14
    _footer(pdf, 1, "MBCSO-000123")
    pdf.showPage()

    pdf.setFont("Helvetica", 10)
    y = 740
    for text in [
        "Ana Ramirez",
        "Records Unit",
        "-----Original Message-----",
        "From: Doe, John [mailto:john.doe@ice.dhs.gov]",
        "Sent: Wednesday, March 7, 2018 4:02 PM",
        "To: Ramirez, Ana",
        "Subject: Release date for inmate",
        "Can you tell me his release date?",
    ]:
        pdf.drawString(LEFT, y, text)
        y -= 14
    _footer(pdf, 2, "MBCSO-000124")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def page_texts(data: bytes) -> list[tuple[int, str]]:
    """Text only, as `pdf.py` read pages before it located characters."""
    document = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append((index + 1, textpage.get_text_bounded()))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@pytest.mark.parametrize(
    "reader", [page_texts, lambda data: read_pages(data, Limits()).pages], ids=["text", "positions"]
)
def test_outlook_printout_round_trip(reader) -> None:
    result = split_printed("pdf-doc", reader(render_outlook_printout()))
    top, quoted = result.messages

    assert result.page_bates == {1: "MBCSO-000123", 2: "MBCSO-000124"}
    assert result.unassigned_pages == []

    assert top.subject == "RE: Release date for inmate"
    assert (top.from_name, top.from_address) == ("Ramirez, Ana", "aramirez@sheriff.example.gov")
    assert top.sent_at_local == datetime(2018, 3, 8, 9, 17)
    assert top.header_confidence == 1.0
    assert (top.page_start, top.page_end) == (1, 2)
    assert (top.bates_start, top.bates_end) == ("MBCSO-000123", "MBCSO-000124")
    assert top.body.splitlines() == [
        "John,",
        "He is scheduled for release Friday at 0900.",
        "Please advise.",
        "Ana Ramirez",
        "Records Unit",
    ]
    assert "MBCSO" not in top.body and "Page" not in top.body

    assert quoted.is_quoted and quoted.quoted_in_message_id == top.message_id
    assert quoted.body == "Can you tell me his release date?"
    assert (quoted.page_start, quoted.bates_start) == (2, "MBCSO-000124")
    assert quoted.from_address == "john.doe@ice.dhs.gov"

    top_parties = [
        (p.role, p.position, p.address)
        for p in result.participants
        if p.message_id == top.message_id
    ]
    assert top_parties == [
        ("from", 0, "aramirez@sheriff.example.gov"),
        ("to", 0, "john.doe@ice.dhs.gov"),
        ("to", 1, "ksmith@sheriff.example.gov"),
        ("to", 2, "plee@ice.dhs.gov"),
        ("cc", 0, "(b)(6)@ice.dhs.gov"),
    ]
    assert [a.file_name for a in result.attachments] == ["booking.pdf", "notice.pdf"]
