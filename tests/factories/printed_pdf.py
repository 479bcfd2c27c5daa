"""Outlook "Memo style" printouts rendered to PDF, with the truth of where every message landed.

Parsers of printed emails are only testable against inputs whose answer is known. This module lays
emails out the way Outlook prints them (owner banner, bold label column, value column, quoted
`-----Original Message-----` history, Bates stamp and `Page N of M` on every page), lets messages start
mid-page and run across pages, and reports the pages and Bates numbers each message occupies.

Layout and painting are separate steps: layout places lines on pages and records the truth, painting
draws them once the page count (needed for `Page N of M`) is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

Party = tuple[str | None, str | None]
Run = tuple[float, str, float, str]  # x, font, size, text on a shared baseline

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
SIZE = 10
LEADING = 12.5
OWNER_SIZE = 14
OWNER_LEADING = 18
TITLE_SIZE = 13
SEPARATOR = "-----Original Message-----"
LABEL_COLUMN = 88  # points from the left margin to where header values start


@dataclass(kw_only=True)
class PrintedEmail:
    """One message as Outlook prints it; `sent_text` defaults to Outlook's own date format."""

    from_name: str | None
    from_address: str | None
    sent: datetime  # naive wall-clock time, as printed
    sent_text: str = ""
    to: list[Party] = field(default_factory=list)
    cc: list[Party] = field(default_factory=list)
    subject: str
    attachments: list[str] = field(default_factory=list)
    importance: str | None = None
    body: str
    quoted: list[PrintedEmail] = field(default_factory=list)  # newest first
    new_page: bool = False

    def __post_init__(self) -> None:
        if not self.sent_text:
            self.sent_text = outlook_sent_text(self.sent)
        if any(q.quoted for q in self.quoted):
            raise ValueError(
                "quoted history is one flat list, newest first: nest nothing inside it"
            )


@dataclass(frozen=True)
class PlainPage:
    """A non-email document (cover letter, form, placeholder) that starts and ends its own pages."""

    title: str
    text: str


@dataclass(frozen=True)
class RenderedQuote:
    email: PrintedEmail
    page_start: int
    page_end: int


@dataclass(frozen=True)
class RenderedEmail:
    email: PrintedEmail
    page_start: int  # 1-based, inclusive
    page_end: int
    bates_start: str
    bates_end: str
    quoted: list[RenderedQuote]


@dataclass(frozen=True)
class RenderedPlainPage:
    page: PlainPage
    page_start: int
    page_end: int
    bates_start: str
    bates_end: str


Item = PrintedEmail | PlainPage
Rendered = RenderedEmail | RenderedPlainPage


def outlook_sent_text(sent: datetime) -> str:
    """`Thursday, March 8, 2018 9:17 AM`: no leading zeros, 12-hour clock, as Outlook prints."""
    hour = sent.hour % 12 or 12
    meridiem = "AM" if sent.hour < 12 else "PM"
    return f"{sent:%A}, {sent:%B} {sent.day}, {sent.year} {hour}:{sent:%M} {meridiem}"


def format_party(name: str | None, address: str | None) -> str:
    """`Last, First <addr>`, `First Last <addr>`, a bare name or a bare address, as given."""
    if name and address:
        return f"{name} <{address}>"
    return name or address or ""


def header_rows(email: PrintedEmail, *, quoted: bool = False) -> list[tuple[str, str]]:
    """Label/value pairs in Outlook's order; optional rows only when they have a value.

    Quoted headers (under `-----Original Message-----`) carry no Attachments or Importance rows,
    which is how Outlook writes them.
    """
    rows = [
        ("From:", format_party(email.from_name, email.from_address)),
        ("Sent:", email.sent_text),
        ("To:", "; ".join(format_party(*p) for p in email.to)),
    ]
    if email.cc:
        rows.append(("Cc:", "; ".join(format_party(*p) for p in email.cc)))
    rows.append(("Subject:", email.subject))
    if not quoted and email.attachments:
        rows.append(("Attachments:", "; ".join(email.attachments)))
    if not quoted and email.importance:
        rows.append(("Importance:", email.importance))
    return rows


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is cut, as printers do."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while stringWidth(current, font, size) > width:
            cut = _longest_prefix(current, font, size, width)
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines


def _longest_prefix(word: str, font: str, size: float, width: float) -> int:
    cut = len(word)
    while cut > 1 and stringWidth(word[:cut], font, size) > width:
        cut -= 1
    return cut


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    font: str
    size: float
    text: str


@dataclass(frozen=True)
class _Rule:
    x1: float
    x2: float
    y: float
    width: float


@dataclass(frozen=True)
class _Geometry:
    width: float
    height: float
    left: float = 54
    right: float = 54
    top: float = 54
    bottom: float = 72  # leaves room for the footer and the Bates stamp

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def value_x(self) -> float:
        return self.left + LABEL_COLUMN

    @property
    def value_width(self) -> float:
        return self.width - self.right - self.value_x


class _Flow:
    """Places lines top to bottom across pages and says which page the cursor is on."""

    def __init__(self, geometry: _Geometry) -> None:
        self.geometry = geometry
        self._pages: list[list[_Text | _Rule]] = [[]]
        self._y = geometry.height - geometry.top

    @property
    def page(self) -> int:
        return len(self._pages)

    @property
    def pages(self) -> list[list[_Text | _Rule]]:
        """Placed pages; a trailing page that nothing was drawn on is not a page."""
        return self._pages[:-1] if len(self._pages) > 1 and not self._pages[-1] else self._pages

    @property
    def at_top(self) -> bool:
        return not self._pages[-1]

    def new_page(self) -> None:
        if not self.at_top:
            self._pages.append([])
            self._y = self.geometry.height - self.geometry.top

    def keep(self, height: float) -> None:
        """Start a new page unless `height` fits, so a header block is never split."""
        if self._y - height < self.geometry.bottom:
            self.new_page()

    def space(self, height: float) -> None:
        """A vertical gap, dropped at the top of a page as printers drop paragraph spacing."""
        if not self.at_top:
            self.keep(height)
            self._y -= height

    def line(self, parts: list[Run], leading: float = LEADING) -> None:
        """One line of text runs `(x, font, size, text)` sharing a baseline."""
        self.keep(leading)
        baseline = self._y - parts[0][2]
        self._pages[-1].extend(_Text(x, baseline, f, s, t) for x, f, s, t in parts if t)
        self._y -= leading

    def rule(self, width: float, gap: float = 6) -> None:
        y = self._y - width / 2
        self._pages[-1].append(
            _Rule(self.geometry.left, self.geometry.width - self.geometry.right, y, width)
        )
        self._y -= width + gap


def _header_lines(
    rows: list[tuple[str, str]], geometry: _Geometry, label_font: str
) -> list[list[Run]]:
    """Label in the left column on the first line; wrapped values continue at the value column."""
    lines: list[list[Run]] = []
    for label, value in rows:
        for index, chunk in enumerate(wrap(value, FONT, SIZE, geometry.value_width)):
            label_part: list[Run] = [(geometry.left, label_font, SIZE, label)] if index == 0 else []
            lines.append([*label_part, (geometry.value_x, FONT, SIZE, chunk)])
    return lines


def _body(flow: _Flow, text: str) -> None:
    for raw_line in text.strip("\n").split("\n"):
        for chunk in wrap(raw_line, FONT, SIZE, flow.geometry.text_width):
            flow.line([(flow.geometry.left, FONT, SIZE, chunk)])


def _quote(flow: _Flow, email: PrintedEmail) -> tuple[int, int]:
    lines = _header_lines(header_rows(email, quoted=True), flow.geometry, FONT)
    flow.space(LEADING)
    flow.keep(LEADING * (len(lines) + 1))
    start = flow.page
    flow.line([(flow.geometry.left, FONT, SIZE, SEPARATOR)])
    for parts in lines:
        flow.line(parts)
    flow.space(LEADING)
    _body(flow, email.body)
    return start, flow.page


def _place_email(
    flow: _Flow, email: PrintedEmail, owner: str | None
) -> tuple[int, int, list[RenderedQuote]]:
    if email.new_page:
        flow.new_page()
    flow.space(2 * LEADING)
    lines = _header_lines(header_rows(email), flow.geometry, BOLD)
    banner = OWNER_LEADING + 8 if owner else 0
    flow.keep(banner + LEADING * len(lines))
    start = flow.page
    if owner:
        flow.line([(flow.geometry.left, BOLD, OWNER_SIZE, owner)], OWNER_LEADING)
        flow.rule(2)
    for parts in lines:
        flow.line(parts)
    flow.space(LEADING)
    _body(flow, email.body)
    quotes = [RenderedQuote(q, *_quote(flow, q)) for q in email.quoted]
    return start, flow.page, quotes


def _place_plain(flow: _Flow, page: PlainPage) -> tuple[int, int]:
    flow.new_page()
    start = flow.page
    for chunk in wrap(page.title, BOLD, TITLE_SIZE, flow.geometry.text_width):
        flow.line([(flow.geometry.left, BOLD, TITLE_SIZE, chunk)], TITLE_SIZE + 5)
    flow.space(LEADING)
    _body(flow, page.text)
    end = flow.page
    flow.new_page()
    return start, end


def _bates(prefix: str, start: int, page: int) -> str:
    return f"{prefix}{start + page - 1:06d}"


def _layout(
    items: list[Item], geometry: _Geometry, owner: str | None, prefix: str, bates_start: int
) -> tuple[list[list[_Text | _Rule]], list[Rendered]]:
    flow = _Flow(geometry)
    rendered: list[Rendered] = []
    for item in items:
        if isinstance(item, PlainPage):
            start, end = _place_plain(flow, item)
            rendered.append(
                RenderedPlainPage(
                    item,
                    start,
                    end,
                    _bates(prefix, bates_start, start),
                    _bates(prefix, bates_start, end),
                )
            )
        else:
            start, end, quotes = _place_email(flow, item, owner)
            rendered.append(
                RenderedEmail(
                    item,
                    start,
                    end,
                    _bates(prefix, bates_start, start),
                    _bates(prefix, bates_start, end),
                    quotes,
                )
            )
    return flow.pages, rendered


def _paint(
    target: str | Path | BinaryIO,
    pages: list[list[_Text | _Rule]],
    geometry: _Geometry,
    prefix: str,
    bates_start: int,
    title: str,
) -> None:
    """Draw every page with its furniture; invariant mode keeps the bytes identical run to run."""
    pdf = canvas.Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=(geometry.width, geometry.height),
        invariant=1,
    )
    pdf.setTitle(title)
    pdf.setAuthor("records-audit test factory")
    pdf.setCreator("tests.factories.printed_pdf")
    pdf.setSubject("Synthetic printed email for tests; fictional people and agencies")
    for number, ops in enumerate(pages, start=1):
        for op in ops:
            if isinstance(op, _Rule):
                pdf.setLineWidth(op.width)
                pdf.line(op.x1, op.y, op.x2, op.y)
            else:
                pdf.setFont(op.font, op.size)
                pdf.drawString(op.x, op.y, op.text)
        pdf.setFont(FONT, 8)
        pdf.drawCentredString(geometry.width / 2, 36, f"Page {number} of {len(pages)}")
        pdf.setFont(BOLD, 9)
        pdf.drawRightString(geometry.width - 36, 22, _bates(prefix, bates_start, number))
        pdf.showPage()
    pdf.save()


def render_outlook_pdf(
    path: str | Path | BinaryIO,
    emails: list[Item],
    *,
    bates_prefix: str,
    bates_start: int,
    mailbox_owner: str | None = None,
    page_size: tuple[float, float] = letter,
    title: str = "Printed email",
) -> list[Rendered]:
    """Print `emails` (and any `PlainPage` items) into one PDF; return one truth record per item.

    Emails follow each other on the same page unless an email asks for `new_page`; plain pages
    always occupy pages of their own. Bates numbers run `{bates_prefix}{n:06d}` from `bates_start`.
    """
    geometry = _Geometry(*page_size)
    pages, rendered = _layout(emails, geometry, mailbox_owner, bates_prefix, bates_start)
    _paint(path, pages, geometry, bates_prefix, bates_start, title)
    return rendered


def truncate_pdf(src_bytes: bytes) -> bytes:
    """The first half of a PDF: no xref or trailer survives, like an interrupted download."""
    return src_bytes[: len(src_bytes) // 2]


def flat_history(email: PrintedEmail) -> list[PrintedEmail]:
    """The email as it will be quoted by a reply: itself without history, then its history."""
    return [replace(email, quoted=[], new_page=False), *email.quoted]
