"""Printed emails rendered to PDF the way mail clients print them, with the truth of every message.

Parsers of printed emails are only testable against inputs whose answer is known. This module lays
emails out as six layouts print them, lets messages start mid-page and run across pages, mixes in
pages that are not mail, stamps page furniture, and reports for every message (top-level and quoted)
the pages it occupies and what the print shows of its header (`Shown`):

- `outlook`: memo style, mailbox-owner banner, bold label column, `Page N of M`;
- `outlook_columns`: the same look, but the content stream writes every label before every value
  (text order then pairs nothing; only positions do);
- `gmail`: thread title and `N messages`, sender line with the date right-aligned, `To:`/`Cc:`
  lines, browser print header (print time, page title) and footer (URL, `n/m`);
- `apple`: Apple Mail, right-aligned labels From/Subject/Date/To/Cc, dates with zone names;
- `plain`: Thunderbird or mobile prints, inline Subject/From/Date/To, `>` quoting;
- `notes`: Lotus Notes memo, sender and date left, `To`/`cc`/`Subject` right, no colons.

Quoted history comes in the styles mail clients use (`QUOTE_STYLES`). Layout and painting are
separate steps: layout places lines on pages and records the truth, painting draws them once the
page count (needed for `Page N of M`) is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

Party = tuple[str | None, str | None]
Run = tuple[float, str, float, str]  # x, font, size, text on a shared baseline

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
SIZE = 10
SMALL = 8.5
LEADING = 12.5
OWNER_SIZE = 14
OWNER_LEADING = 18
TITLE_SIZE = 13
SEPARATOR = "-----Original Message-----"
LABEL_COLUMN = 88  # points from the left margin to where header values start
LOCAL_ZONE = ZoneInfo("America/Los_Angeles")
LAYOUTS = ("outlook", "outlook_columns", "gmail", "apple", "plain", "notes")
QUOTE_STYLES = (
    "original",  # -----Original Message----- then an inline From/Sent/To/Cc/Subject block
    "rule",  # a row of underscores printed as text, then the block with bold labels
    "line",  # a drawn horizontal rule (no text at all), then the block with bold labels
    "bare",  # the block alone, no marker of any kind
    "forwarded",  # Gmail's ---------- Forwarded message --------- and From/Date/Subject/To
    "begin",  # Apple Mail's Begin forwarded message: and From/Subject/Date/To
    "thunderbird",  # -------- Original Message -------- and Subject/Date/From/To
    "wrote",  # On <date>, <name> wrote: in the layout's client format
    "notes",  # a Lotus Notes header block, no marker
    "notes_forward",  # ----- Forwarded by <name> on <date> ----- and a Notes header block
)
_DEFAULT_QUOTES = {
    "outlook": "original",
    "outlook_columns": "original",
    "gmail": "wrote",
    "apple": "wrote",
    "plain": "wrote",
    "notes": "notes",
}
_DEFAULT_DATES = {
    "outlook": "outlook",
    "outlook_columns": "outlook",
    "gmail": "gmail",
    "apple": "apple",
    "plain": "rfc",
    "notes": "notes",
}
_QUOTE_DATES = {
    "original": "outlook",
    "rule": "outlook",
    "line": "outlook",
    "bare": "outlook",
    "forwarded": "gmail",
    "begin": "apple",
    "thunderbird": "rfc",
    "notes": "notes",
    "notes_forward": "notes",
}
_ZONED = {"rfc", "rfc_short", "apple"}
_SECONDS = {"rfc", "rfc_short", "apple"}
_REDACTION = re.compile(r"^\(b\)\(\d\)")
_GMAIL_URL = "https://mail.google.com/mail/u/0/?ik=3f9a1c2b7d&view=pt&search=all&permthid=thread-f"


@dataclass(kw_only=True)
class PrintedEmail:
    """One message as a client prints it.

    `sent` is the wall-clock time (naive, or aware when the sender's zone matters; naive times are
    taken as America/Los_Angeles where a format prints a zone). `sent_text` overrides the printed
    date; `date_style` picks a format (`DATE_STYLES`) instead of the layout's own. `quote_style`
    says how this email prints the history in `quoted` (newest first, one flat list).
    """

    from_name: str | None
    from_address: str | None
    sent: datetime
    sent_text: str = ""
    to: list[Party] = field(default_factory=list)
    cc: list[Party] = field(default_factory=list)
    subject: str
    attachments: list[str] = field(default_factory=list)
    importance: str | None = None
    body: str
    quoted: list[PrintedEmail] = field(default_factory=list)  # newest first
    new_page: bool = False
    date_style: str = ""
    quote_style: str = ""

    def __post_init__(self) -> None:
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
class Thread:
    """A Gmail conversation printed as one: the title, then each message in turn."""

    subject: str
    emails: list[PrintedEmail]


@dataclass(frozen=True)
class Shown:
    """What the print shows of a message's header, as a careful reader would record it.

    `sent` is at the printed precision and aware only when the printed date names a zone; fields
    the layout does not print are None (a subject under `On ... wrote:`) or empty (its To list).
    `first_line` is the first body line as drawn, without `>` quote marks.
    """

    from_name: str | None
    from_address: str | None
    sent: datetime | None
    sent_text: str
    subject: str | None
    to: tuple[Party, ...]
    cc: tuple[Party, ...]
    first_line: str


@dataclass(frozen=True)
class RenderedQuote:
    email: PrintedEmail
    page_start: int
    page_end: int
    shown: Shown


@dataclass(frozen=True)
class RenderedEmail:
    email: PrintedEmail
    page_start: int  # 1-based, inclusive
    page_end: int
    bates_start: str
    bates_end: str
    quoted: list[RenderedQuote]
    shown: Shown


@dataclass(frozen=True)
class RenderedPlainPage:
    page: PlainPage
    page_start: int
    page_end: int
    bates_start: str
    bates_end: str


@dataclass(frozen=True)
class Furniture:
    """Page furniture: a counter format (`{n}`, `{m}`), a browser print header and footer, a
    banner on top and bottom, and where the Bates stamp goes."""

    counter: str | None = "Page {n} of {m}"
    browser: bool = False
    print_time: str = "10/29/25, 8:13 AM"
    banner: str | None = None
    bates_top: bool = False


LAYOUT_FURNITURE = {
    "outlook": Furniture(),
    "outlook_columns": Furniture(),
    "gmail": Furniture(counter=None, browser=True),
    "apple": Furniture(counter=None),
    "plain": Furniture(),
    "notes": Furniture(counter=None),
}

Item = PrintedEmail | PlainPage | Thread
Rendered = RenderedEmail | RenderedPlainPage


# --- how clients print dates, parties and attributions ----------------------------------------


def outlook_sent_text(sent: datetime) -> str:
    """`Thursday, March 8, 2018 9:17 AM`: no leading zeros, 12-hour clock, as Outlook prints."""
    return f"{sent:%A}, {sent:%B} {sent.day}, {sent.year} {_clock(sent)}"


def _clock(sent: datetime) -> str:
    hour = sent.hour % 12 or 12
    return f"{hour}:{sent:%M} {'AM' if sent.hour < 12 else 'PM'}"


def _aware(sent: datetime) -> datetime:
    return sent if sent.tzinfo is not None else sent.replace(tzinfo=LOCAL_ZONE)


DATE_STYLES = {
    "outlook": outlook_sent_text,
    "outlook_short": lambda s: f"{s:%a} {s.month}/{s.day}/{s.year} {_clock(s)}",
    "rfc": lambda s: f"{s:%a}, {s.day} {s:%b %Y %H:%M:%S %z}",
    "rfc_short": lambda s: f"{s.day} {s:%b %Y %H:%M:%S %z}",
    "gmail": lambda s: f"{s:%a}, {s:%b} {s.day}, {s.year} at {_clock(s)}",
    "apple": lambda s: (
        f"{s:%B} {s.day}, {s.year} at {s.hour % 12 or 12}:{s:%M:%S} "
        f"{'AM' if s.hour < 12 else 'PM'} {s.tzname()}"
    ),
    "comma24": lambda s: f"{s:%A}, {s:%b} {s.day}, {s.year}, {s:%H:%M}",
    "notes": lambda s: (
        f"{s:%m/%d/%Y} {s.hour % 12 or 12:02d}:{s:%M} {'AM' if s.hour < 12 else 'PM'}"
    ),
    "iso": lambda s: f"{s:%Y-%m-%d %H:%M}",
}


def format_date(sent: datetime, style: str) -> tuple[str, datetime]:
    """The printed date and the datetime it shows: aware when the text names a zone, at the
    printed precision."""
    value = _aware(sent) if style in _ZONED else sent.replace(tzinfo=None)
    shown = value if style in _SECONDS else value.replace(second=0, microsecond=0)
    return DATE_STYLES[style](value), shown


def format_party(name: str | None, address: str | None) -> str:
    """`Last, First <addr>`, `First Last <addr>`, a bare name or a bare address, as given."""
    if name and address:
        return f"{name} <{address}>"
    return name or address or ""


def _gmail_party(name: str | None, address: str | None) -> str:
    """Gmail quotes a name with a comma: `"Doe, John" <j@x.gov>`."""
    if name and "," in name and address:
        return f'"{name}" <{address}>'
    return format_party(name, address)


def _sent_text(email: PrintedEmail, style: str) -> tuple[str, datetime]:
    """The date as printed (`sent_text`, else the email's or the layout's style) and what it
    shows."""
    if email.sent_text:
        return email.sent_text, email.sent.replace(tzinfo=None, second=0, microsecond=0)
    return format_date(email.sent, email.date_style or style)


def _attribution(email: PrintedEmail, client: str) -> tuple[str, Shown]:
    """`On <date>, <name> wrote:` as `client` writes it, and what it shows (no To, no subject)."""
    name, address = email.from_name, email.from_address
    sent = email.sent
    if client == "apple":
        when = f"{sent:%b} {sent.day}, {sent.year}, at {_clock(sent)}"
        text = f"On {when}, {format_party(name, address)} wrote:"
    elif client == "plain":
        when = f"{sent.month}/{sent.day}/{sent.year} {_clock(sent)}"
        text = f"On {when}, {name or address} wrote:"
        # the name alone is printed; a bare redaction in its place stands for the whole mailbox
        name, address = (None, name) if name and _REDACTION.match(name) else (name, address)
        address = address if name is None else None
    else:
        when, _ = format_date(sent, "gmail")
        text = f"On {when} {_gmail_party(name, address)} wrote:"
    _, shown = format_date(sent, "gmail")
    return text, Shown(name, address, shown, when, None, (), (), "")


def header_rows(email: PrintedEmail, *, quoted: bool = False) -> list[tuple[str, str]]:
    """Label/value pairs in Outlook's order; optional rows only when they have a value.

    Quoted headers (under `-----Original Message-----`) carry no Attachments or Importance rows,
    which is how Outlook writes them.
    """
    rows = [
        ("From:", format_party(email.from_name, email.from_address)),
        ("Sent:", _sent_text(email, "outlook")[0]),
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


def _rows(email: PrintedEmail, order: str, date_style: str) -> list[tuple[str, str]]:
    """Header rows in a client's order: `order` is a string of F(rom) S(ent) D(ate) T(o) C(c)
    J (subject); an empty To or Cc row is left out."""
    sent, _ = _sent_text(email, date_style)
    comma = date_style in {"gmail", "apple", "rfc"}
    join = ", " if comma else "; "
    party = _gmail_party if comma else format_party
    values = {
        "F": ("From:", party(email.from_name, email.from_address)),
        "S": ("Sent:", sent),
        "D": ("Date:", sent),
        "T": ("To:", join.join(party(*p) for p in email.to)),
        "C": ("Cc:", join.join(party(*p) for p in email.cc)),
        "J": ("Subject:", email.subject),
    }
    return [values[key] for key in order if values[key][1] or key not in "TC"]


def _shown(
    email: PrintedEmail, date_style: str, first_line: str, *, subject: str | None = None
) -> Shown:
    text, sent = _sent_text(email, date_style)
    return Shown(
        email.from_name,
        email.from_address,
        sent,
        text,
        email.subject if subject is None else subject,
        tuple(email.to),
        tuple(email.cc),
        first_line,
    )


# --- text placement -----------------------------------------------------------------------------


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
    right: bool = False  # x is where the text ends (right-aligned)


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

    @property
    def right_edge(self) -> float:
        return self.width - self.right


class _Flow:
    """Places lines top to bottom across pages and says which page the cursor is on."""

    def __init__(self, geometry: _Geometry) -> None:
        self.geometry = geometry
        self._pages: list[list[_Text | _Rule]] = [[]]
        self._y = geometry.height - geometry.top
        self.title = ""
        self.titles: list[str] = [""]

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
            self.titles.append(self.title)
            self._y = self.geometry.height - self.geometry.top
        self.titles[-1] = self.title

    def keep(self, height: float) -> None:
        """Start a new page unless `height` fits, so a header block is never split."""
        if self._y - height < self.geometry.bottom:
            self.new_page()

    def space(self, height: float) -> None:
        """A vertical gap, dropped at the top of a page as printers drop paragraph spacing."""
        if not self.at_top:
            self.keep(height)
            self._y -= height

    def line(self, parts: list[Run], leading: float = LEADING, right: Run | None = None) -> None:
        """One line of text runs `(x, font, size, text)` sharing a baseline; `right` ends at x."""
        self.keep(leading)
        baseline = self._y - max(part[2] for part in [*parts, *([right] if right else [])])
        self._pages[-1].extend(_Text(x, baseline, f, s, t) for x, f, s, t in parts if t)
        if right is not None:
            self._pages[-1].append(_Text(right[0], baseline, right[1], right[2], right[3], True))
        self._y -= leading

    def header(
        self,
        rows: list[tuple[Run | None, Run]],
        labels_first: bool = False,
        labels_right: bool = False,
    ) -> None:
        """Header rows `(label, value)` kept on one page. `labels_first` writes every label to the
        content stream before any value, as some print drivers do; `labels_right` right-aligns
        labels at their x (Apple Mail)."""
        self.keep(LEADING * len(rows))
        labels: list[_Text] = []
        ordered: list[_Text] = []
        for label, value in rows:
            baseline = self._y - SIZE
            if label is not None and label[3]:
                x, font, size, text = label
                labels.append(_Text(x, baseline, font, size, text, labels_right))
                ordered.append(labels[-1])
            if value[3]:
                ordered.append(_Text(value[0], baseline, value[1], value[2], value[3]))
            self._y -= LEADING
        if labels_first:
            ordered = labels + [text for text in ordered if text not in labels]
        self._pages[-1].extend(ordered)

    def rule(self, width: float, gap: float = 6) -> None:
        y = self._y - width / 2
        self._pages[-1].append(_Rule(self.geometry.left, self.geometry.right_edge, y, width))
        self._y -= width + gap


def _body(flow: _Flow, text: str, prefix: str = "", indent: float = 0) -> str:
    """Draw a body; return its first line as drawn (without the quote prefix)."""
    first = ""
    width = flow.geometry.text_width - indent - stringWidth(prefix, FONT, SIZE)
    for raw_line in text.strip("\n").split("\n"):
        for chunk in wrap(raw_line, FONT, SIZE, width):
            flow.line([(flow.geometry.left + indent, FONT, SIZE, f"{prefix}{chunk}".rstrip())])
            first = first or chunk.strip()
    return first


# --- layouts ------------------------------------------------------------------------------------

_MARKERS = {
    "original": SEPARATOR,
    "rule": "_" * 32,
    "forwarded": "---------- Forwarded message ---------",
    "begin": "Begin forwarded message:",
    "thunderbird": "-------- Original Message --------",
}
_QUOTE_ORDERS = {
    "original": "FSTCJ",
    "rule": "FSTCJ",
    "line": "FSTCJ",
    "bare": "FSTCJ",
    "forwarded": "FDJTC",
    "begin": "FJDTC",
    "thunderbird": "JDFTC",
}
_BOLD_QUOTE_LABELS = {"rule", "line", "begin"}
_WROTE_CLIENT = {"gmail": "gmail", "apple": "apple", "plain": "plain"}
_APPLE_LABELS = 60.0  # Apple Mail right-aligns labels here and starts values 6 points after
_NOTES_LABEL_X = 262.0  # the Notes right column: labels here, values at the next stop
_NOTES_VALUE_X = 312.0
_INDENT = 10.0  # Gmail and Apple Mail indent quoted text instead of marking it


class _Printer:
    """Places items for one layout on a flow and records what each message shows."""

    def __init__(self, layout: str, flow: _Flow, owner: str | None) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}")
        self.layout = layout
        self.flow = flow
        self.owner = owner

    @property
    def geometry(self) -> _Geometry:
        return self.flow.geometry

    # header blocks ------------------------------------------------------------------------

    def _column_rows(
        self, rows: list[tuple[str, str]], label_x: float, value_x: float, font: str
    ) -> list[tuple[Run | None, Run]]:
        width = self.geometry.right_edge - value_x
        lines: list[tuple[Run | None, Run]] = []
        for label, value in rows:
            for index, chunk in enumerate(wrap(value, FONT, SIZE, width)):
                lines.append(
                    (
                        (label_x, font, SIZE, label) if index == 0 else None,
                        (value_x, FONT, SIZE, chunk),
                    )
                )
        return lines

    def _inline_rows(self, rows: list[tuple[str, str]], bold: bool) -> None:
        """`Label: value` rows as one paragraph each, wrapped to the left margin."""
        left = self.geometry.left
        for label, value in rows:
            chunks = wrap(f"{label} {value}", FONT, SIZE, self.geometry.text_width)
            for index, chunk in enumerate(chunks):
                if index == 0 and bold:
                    rest = chunk[len(label) :]
                    self.flow.line(
                        [
                            (left, BOLD, SIZE, label),
                            (left + stringWidth(label, BOLD, SIZE), FONT, SIZE, rest),
                        ]
                    )
                else:
                    self.flow.line([(left, FONT, SIZE, chunk)])

    def _outlook(self, email: PrintedEmail) -> tuple[int, Shown]:
        g = self.geometry
        lines = self._column_rows(header_rows(email), g.left, g.value_x, BOLD)
        self.flow.space(2 * LEADING)
        banner = OWNER_LEADING + 8 if self.owner else 0
        self.flow.keep(banner + LEADING * len(lines))
        start = self.flow.page
        if self.owner:
            self.flow.line([(g.left, BOLD, OWNER_SIZE, self.owner)], OWNER_LEADING)
            self.flow.rule(2)
        self.flow.header(lines, labels_first=self.layout == "outlook_columns")
        return start, _shown(email, "outlook", "")

    def _apple(self, email: PrintedEmail) -> tuple[int, Shown]:
        g = self.geometry
        rows = _rows(email, "FJDTC", "apple")
        label_x = g.left + _APPLE_LABELS
        lines = self._column_rows(rows, label_x, label_x + 6, BOLD)
        self.flow.space(2 * LEADING)
        self.flow.keep(LEADING * len(lines))
        start = self.flow.page
        self.flow.header(lines, labels_right=True)
        return start, _shown(email, "apple", "")

    def _plain(self, email: PrintedEmail) -> tuple[int, Shown]:
        rows = _rows(email, "JFDTC", "rfc")
        self.flow.space(2 * LEADING)
        self.flow.keep(LEADING * (len(rows) + 1))
        start = self.flow.page
        self._inline_rows(rows, bold=True)
        return start, _shown(email, "rfc", "")

    def _notes_rows(self, email: PrintedEmail) -> list[list[Run]]:
        """The two-column Notes header as rows of runs (left cell, then right cell)."""
        g = self.geometry
        sent, _ = _sent_text(email, "notes")
        width = g.right_edge - _NOTES_VALUE_X
        right: list[tuple[str | None, str]] = []
        for label, parties in (("To", email.to), ("cc", email.cc)):
            chunks = wrap(", ".join(format_party(*p) for p in parties), FONT, SIZE, width)
            right.extend(
                (label if index == 0 else None, chunk) for index, chunk in enumerate(chunks)
            )
        right.extend(
            (("Subject" if i == 0 else None), c)
            for i, c in enumerate(wrap(email.subject, FONT, SIZE, width))
        )
        left = [(BOLD, format_party(email.from_name, email.from_address)), (FONT, sent)]
        rows: list[list[Run]] = []
        for row in range(max(len(right), len(left))):
            parts: list[Run] = []
            if row < len(left):
                parts.append((g.left, left[row][0], SIZE, left[row][1]))
            if row < len(right):
                label, chunk = right[row]
                if label:
                    parts.append((g.left + _NOTES_LABEL_X, FONT, SIZE, label))
                parts.append((g.left + _NOTES_VALUE_X, FONT, SIZE, chunk))
            rows.append(parts)
        return rows

    def _notes(self, email: PrintedEmail) -> tuple[int, Shown]:
        self.flow.new_page()
        start = self.flow.page
        for parts in self._notes_rows(email):
            self.flow.line(parts)
        return start, _shown(email, "notes", "")

    def _gmail(self, email: PrintedEmail, subject: str, first: bool) -> tuple[int, Shown]:
        g = self.geometry
        sent, _ = _sent_text(email, "gmail")
        recipients = [
            (label, ", ".join(_gmail_party(*p) for p in parties))
            for label, parties in (("To:", email.to), ("Cc:", email.cc))
            if parties
        ]
        wrapped = [
            wrap(f"{label} {value}", FONT, SMALL, g.text_width) for label, value in recipients
        ]
        if not first:
            self.flow.space(LEADING / 2)
            self.flow.rule(0.5)
        self.flow.keep(LEADING * (1 + sum(len(lines) for lines in wrapped)))
        start = self.flow.page
        name, address = email.from_name, email.from_address
        parts: list[Run] = [(g.left, BOLD, SIZE, name or address or "")]
        if name and address:
            parts.append((g.left + stringWidth(name, BOLD, SIZE), FONT, SIZE, f" <{address}>"))
        self.flow.line(parts, right=(g.right_edge, FONT, SMALL, sent))
        for lines in wrapped:
            for line in lines:
                self.flow.line([(g.left, FONT, SMALL, line)])
        return start, _shown(email, "gmail", "", subject=subject)

    # quoted history -----------------------------------------------------------------------

    def _quote(
        self, email: PrintedEmail, style: str, depth: int, container: PrintedEmail
    ) -> RenderedQuote:
        g = self.geometry
        self.flow.space(LEADING)
        if style == "wrote":
            client = _WROTE_CLIENT.get(self.layout, "gmail")
            text, shown = _attribution(email, client)
            plain = client == "plain"
            marks = ">" * (depth - 1) + " " if plain and depth > 1 else ""
            x = g.left + (0.0 if plain else _INDENT * (depth - 1))
            lines = wrap(text, FONT, SIZE, g.right_edge - x - stringWidth(marks, FONT, SIZE))
            self.flow.keep(LEADING * (len(lines) + 1))
            start = self.flow.page
            for line in lines:
                self.flow.line([(x, FONT, SIZE, f"{marks}{line}")])
            prefix = ">" * depth + " " if plain else ""
            first = _body(self.flow, email.body, prefix, 0.0 if plain else _INDENT * depth)
            return RenderedQuote(email, start, self.flow.page, replace(shown, first_line=first))
        if style in {"notes", "notes_forward"}:
            rows = self._notes_rows(email)
            self.flow.keep(LEADING * (len(rows) + 2))
            start = self.flow.page
            if style == "notes_forward":
                when, _ = _sent_text(container, "notes")
                marker = f"----- Forwarded by {container.from_name} on {when} -----"
                self.flow.line([(g.left, FONT, SIZE, marker)])
            for parts in rows:
                self.flow.line(parts)
            self.flow.space(LEADING)
            first = _body(self.flow, email.body)
            return RenderedQuote(email, start, self.flow.page, _shown(email, "notes", first))
        date_style = _QUOTE_DATES[style]
        rows = _rows(email, _QUOTE_ORDERS[style], date_style)
        self.flow.keep(LEADING * (len(rows) + 2))
        start = self.flow.page
        if style in _MARKERS:
            self.flow.line([(g.left, FONT, SIZE, _MARKERS[style])])
        elif style == "line":
            self.flow.rule(1, gap=4)
        self._inline_rows(rows, bold=style in _BOLD_QUOTE_LABELS)
        self.flow.space(LEADING)
        first = _body(self.flow, email.body)
        return RenderedQuote(email, start, self.flow.page, _shown(email, date_style, first))

    # items ----------------------------------------------------------------------------------

    def email(
        self, email: PrintedEmail, subject: str | None = None, first: bool = True
    ) -> tuple[int, int, list[RenderedQuote], Shown]:
        if email.new_page:
            self.flow.new_page()
        if self.layout == "gmail":
            start, shown = self._gmail(email, subject or email.subject, first)
        elif self.layout == "apple":
            start, shown = self._apple(email)
        elif self.layout == "plain":
            start, shown = self._plain(email)
        elif self.layout == "notes":
            start, shown = self._notes(email)
        else:
            start, shown = self._outlook(email)
        self.flow.space(LEADING)
        shown = replace(shown, first_line=_body(self.flow, email.body))
        style = email.quote_style or _DEFAULT_QUOTES[self.layout]
        quotes = [
            self._quote(q, style, depth, email) for depth, q in enumerate(email.quoted, start=1)
        ]
        return start, self.flow.page, quotes, shown

    def thread_header(self, thread: Thread) -> None:
        g = self.geometry
        self.flow.title = f"Gmail - {thread.subject}"
        self.flow.new_page()
        if self.owner:
            self.flow.line([], right=(g.right_edge, FONT, SIZE, self.owner))
        self.flow.rule(1)
        for chunk in wrap(thread.subject, BOLD, TITLE_SIZE, g.text_width):
            self.flow.line([(g.left, BOLD, TITLE_SIZE, chunk)], TITLE_SIZE + 5)
        count = len(thread.emails)
        self.flow.line([(g.left, FONT, SIZE, f"{count} message{'s' if count != 1 else ''}")])
        self.flow.rule(1)

    def plain(self, page: PlainPage) -> tuple[int, int]:
        self.flow.title = page.title.title()
        self.flow.new_page()
        start = self.flow.page
        for chunk in wrap(page.title, BOLD, TITLE_SIZE, self.geometry.text_width):
            self.flow.line([(self.geometry.left, BOLD, TITLE_SIZE, chunk)], TITLE_SIZE + 5)
        self.flow.space(LEADING)
        _body(self.flow, page.text)
        end = self.flow.page
        self.flow.new_page()
        return start, end


def _bates(prefix: str, start: int, page: int) -> str:
    return f"{prefix}{start + page - 1:06d}"


def _layout(items: list[Item], printer: _Printer, prefix: str, bates_start: int) -> list[Rendered]:
    rendered: list[Rendered] = []

    def add_email(email: PrintedEmail, subject: str | None = None, first: bool = True) -> None:
        start, end, quotes, shown = printer.email(email, subject, first)
        rendered.append(
            RenderedEmail(
                email,
                start,
                end,
                _bates(prefix, bates_start, start),
                _bates(prefix, bates_start, end),
                quotes,
                shown,
            )
        )

    for item in items:
        if isinstance(item, PlainPage):
            start, end = printer.plain(item)
            rendered.append(
                RenderedPlainPage(
                    item,
                    start,
                    end,
                    _bates(prefix, bates_start, start),
                    _bates(prefix, bates_start, end),
                )
            )
        elif isinstance(item, Thread) or printer.layout == "gmail":
            thread = item if isinstance(item, Thread) else Thread(item.subject, [item])
            printer.thread_header(thread)
            for number, email in enumerate(thread.emails):
                add_email(email, thread.subject, first=number == 0)
        else:
            add_email(item)
    return rendered


def _paint(
    target: str | Path | BinaryIO,
    flow: _Flow,
    furniture: Furniture,
    prefix: str,
    bates_start: int,
    title: str,
) -> None:
    """Draw every page with its furniture; invariant mode keeps the bytes identical run to run."""
    geometry = flow.geometry
    pdf = canvas.Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=(geometry.width, geometry.height),
        invariant=1,
    )
    pdf.setTitle(title)
    pdf.setAuthor("records-audit test factory")
    pdf.setCreator("tests.factories.printed_pdf")
    pdf.setSubject("Synthetic printed email for tests; fictional people and agencies")
    pages = flow.pages
    width, height = geometry.width, geometry.height
    for number, ops in enumerate(pages, start=1):
        for op in ops:
            if isinstance(op, _Rule):
                pdf.setLineWidth(op.width)
                pdf.line(op.x1, op.y, op.x2, op.y)
            else:
                pdf.setFont(op.font, op.size)
                (pdf.drawRightString if op.right else pdf.drawString)(op.x, op.y, op.text)
        pdf.setFont(FONT, 8)
        if furniture.browser:
            pdf.drawString(24, height - 24, furniture.print_time)
            pdf.drawCentredString(width / 2, height - 24, flow.titles[number - 1])
            pdf.drawString(24, 20, f"{_GMAIL_URL}%3A17{number:04d}")
            pdf.drawRightString(width - 24, 20, f"{number}/{len(pages)}")
        if furniture.counter:
            pdf.drawCentredString(width / 2, 36, furniture.counter.format(n=number, m=len(pages)))
        if furniture.banner:
            pdf.setFont(BOLD, 9)
            pdf.drawCentredString(width / 2, height - 40, furniture.banner)
            pdf.drawCentredString(width / 2, 48, furniture.banner)
        pdf.setFont(BOLD, 9)
        bates_y = height - 30 if furniture.bates_top else 8 if furniture.browser else 22
        pdf.drawRightString(width - 36, bates_y, _bates(prefix, bates_start, number))
        pdf.showPage()
    pdf.save()


def render_printout(
    path: str | Path | BinaryIO,
    items: list[Item],
    *,
    layout: str = "outlook",
    bates_prefix: str,
    bates_start: int,
    mailbox_owner: str | None = None,
    page_size: tuple[float, float] = letter,
    title: str = "Printed email",
    furniture: Furniture | None = None,
) -> list[Rendered]:
    """Print `items` in `layout` into one PDF; return one truth record per email or plain page.

    Emails follow each other on the same page unless an email asks for `new_page` (Notes prints
    each memo on a new page, Gmail each thread); plain pages always occupy pages of their own.
    `mailbox_owner` is Outlook's banner name or Gmail's account line. Bates numbers run
    `{bates_prefix}{n:06d}` from `bates_start`.
    """
    flow = _Flow(_Geometry(*page_size))
    rendered = _layout(items, _Printer(layout, flow, mailbox_owner), bates_prefix, bates_start)
    _paint(path, flow, furniture or LAYOUT_FURNITURE[layout], bates_prefix, bates_start, title)
    return rendered


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
    """`render_printout` in the Outlook memo layout."""
    return render_printout(
        path,
        emails,
        bates_prefix=bates_prefix,
        bates_start=bates_start,
        mailbox_owner=mailbox_owner,
        page_size=page_size,
        title=title,
    )


def truncate_pdf(src_bytes: bytes) -> bytes:
    """The first half of a PDF: no xref or trailer survives, like an interrupted download."""
    return src_bytes[: len(src_bytes) // 2]


def flat_history(email: PrintedEmail) -> list[PrintedEmail]:
    """The email as it will be quoted by a reply: itself without history, then its history."""
    return [replace(email, quoted=[], new_page=False), *email.quoted]
