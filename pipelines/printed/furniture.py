"""Page furniture: what a printout or a records office adds to a page that is not message text.

Bates stamps, `Page 3 of 9` counters, `- 31217 -` footers, browser print headers and footers (the
print time and page title on top, the `mail.google.com` address and `1/3` below), confidentiality
banners and withheld-page placeholders would otherwise end up inside message bodies (and break
dedup, since the same email printed twice carries different stamps). They sit on a page's first or
last lines, so only lines at the edges are peeled off, from the outside in: a Bates-like token or
a date in the middle of a body is evidence, not furniture. A browser's print time in particular
must never be read as a message date. Bates numbers found are kept per page so every message can cite its Bates range.

The mailbox-owner name Outlook prints above each message is furniture too, but recognising it needs
the header block that follows it; the predicates for it live here and are applied by `segments`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_BATES_SRC: Final = r"""
    (?<![\w.-])
    (?:
        [A-Z][A-Z0-9&]{1,11}\ \d{4}[A-Z]{2,8}\d+\.\d{3,}   # ICE 2012FOIA19286.000671
      | [A-Z][A-Z&]{1,11}(?:[-_]\d+)*[-_]\d{4,}            # MBCSO-000123, DHS-001-0427-001639
      | [A-Z][A-Z&]{1,11}\ ?\d{6,}                         # ACSO000123, ACSO 000123
    )
    (?![\w.-])
"""
_PAGE_OF_SRC: Final = r"\bpage\s+\d{1,5}\s+of\s+\d{1,5}\b"
_BATES: Final = re.compile(_BATES_SRC, re.VERBOSE)
_TOKEN_SRC: Final = rf"(?:(?-i:{_BATES_SRC})|{_PAGE_OF_SRC})"
_ALL_TOKENS: Final = re.compile(_TOKEN_SRC, re.IGNORECASE | re.VERBOSE)
_LEADING_TOKEN: Final = re.compile(rf"^\s*{_TOKEN_SRC}\s+", re.IGNORECASE | re.VERBOSE)
_TRAILING_TOKEN: Final = re.compile(rf"\s+{_TOKEN_SRC}\s*$", re.IGNORECASE | re.VERBOSE)
_DASHED_NUMBER: Final = re.compile(r"^\s*-\s*\d{1,7}\s*-\s*$")
_BARE_NUMBER: Final = re.compile(r"^\s*\d{1,4}\s*$")
_EDGE_PUNCTUATION: Final = " |,;:/-"
# characters: no stamp, counter or print header runs this long starting with a letter
_PROSE: Final = 48
_DIGIT: Final = re.compile(r"\d")
# Browser print furniture: `10/29/25, 8:13 AM  Gmail - Subject` on top (the comma after the date is
# what browsers print), `https://mail.google.com/...  1/3` below, or `1/3` alone on the last line.
# A scan's reading may break the address with spaces; followed by its `n/m` it is still the footer.
_PRINT_HEADER: Final = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4},\s+\d{1,2}:\d{2}\s*[AP]M\b", re.IGNORECASE
)
_URL_FOOTER: Final = re.compile(r"^(?:https?://|www\.)\S+(?:(?:\s+\S+)*?\s+\d{1,4}/\d{1,4})?$")
_COUNTER: Final = re.compile(r"^(\d{1,4})/(\d{1,4})$")
_BANNER: Final = re.compile(
    r"^(?:[\s/|:*-]*(?:UNCLASSIFIED|CONFIDENTIAL|LAW ENFORCEMENT SENSITIVE|FOR OFFICIAL USE ONLY|"
    r"FOUO|LES|SENSITIVE BUT UNCLASSIFIED|SBU|ATTORNEY[- ]CLIENT PRIVILEGED|"
    r"NOT FOR PUBLIC RELEASE|CONTAINS PERSONALLY IDENTIFIABLE INFORMATION)[\s/|:*-]*)+$"
)
_WITHHELD: Final = re.compile(
    r"^\s*(?:page\s+|document\s+)?(?:withheld|redacted|denied)\b.*"
    r"(?:exemption|pursuant|\(b\)\s*\(\d\)|\b\d{4}\.\d{3}\b|\b625[45]\b)",
    re.IGNORECASE,
)
_NEWLINE: Final = re.compile(r"\r\n|\r|\n")
_CODES_ONLY: Final = re.compile(
    r"^[\s,;&]*(?:\(b\)\s*\(\d\)(?:\s*\([a-f]\))*[\s,;&]*)+$", re.IGNORECASE
)
_EDGE_LINES: Final = 8  # furniture is peeled off at most this many lines from each edge

# Owner-name lines: short, no digits, no '@' or ':', starting with a capital, and not ending like
# a sign-off (`Thanks,`, `Best.`).
_NAME_LIKE: Final = re.compile(r"^[A-Z][^\d@:<>;]{0,58}[^\d@:<>;,.!?]$")
_NAME_WORD: Final = re.compile(r"[^\W\d_]{2,}")


@dataclass(slots=True)
class Line:
    """A line of page text with its place: `number` is 1-based in the page text as extracted
    (before furniture removal), so a locator points into the stored page text."""

    page: int
    number: int
    text: str

    def __init__(self, page: int, number: int, text: str) -> None:
        self.page, self.number, self.text = page, number, text


@dataclass(slots=True)
class CleanPage:
    """A page's content lines (blank lines and furniture removed) and its Bates number.

    Lines are kept as parallel tuples (text, 1-based line number, character offset of the first
    non-blank character in the page text) because a document has many and most are plain body.
    """

    number: int
    texts: tuple[str, ...]
    numbers: tuple[int, ...]
    offsets: tuple[int, ...]
    bates: str | None

    def __init__(
        self,
        number: int,
        texts: tuple[str, ...],
        numbers: tuple[int, ...],
        offsets: tuple[int, ...],
        bates: str | None,
    ) -> None:
        self.number, self.texts, self.numbers = number, texts, numbers
        self.offsets, self.bates = offsets, bates


def _is_furniture(text: str, last: bool) -> bool:
    """Is this edge line furniture? Print drivers write headers and footers before or after the
    page content, so top and bottom furniture is looked for on both edges."""
    if len(text) > _PROSE and text[0].isalpha() and not text.isupper() and "://" not in text:
        return False  # a long line of prose: furniture is short, a URL, a print time or a banner
    if not _DIGIT.search(text):  # only banners and bare addresses come without a digit
        return bool(_BANNER.match(text) or _URL_FOOTER.match(text))
    if _DASHED_NUMBER.match(text) or (last and _BARE_NUMBER.match(text)):
        return True
    subbed = _ALL_TOKENS.sub(" ", text)
    rest = subbed.strip(_EDGE_PUNCTUATION)
    if not rest:
        return subbed != text  # a stamp or counter and punctuation; a bare rule is content
    if _BANNER.match(rest) or _PRINT_HEADER.match(rest) or _URL_FOOTER.match(rest):
        return True
    counter = _COUNTER.match(rest) if last else None
    return counter is not None and 0 < int(counter.group(1)) <= int(counter.group(2))


def _strip_edge_token(text: str) -> tuple[str, str | None]:
    """Strip a Bates stamp or page counter glued to the start or end of an edge line."""
    bates = None
    for pattern in (_TRAILING_TOKEN, _LEADING_TOKEN):
        match = pattern.search(text)
        if match:
            found = _BATES.search(match.group(0))
            bates = bates or (found.group(0) if found else None)
            text = text[: match.start()] + " " + text[match.end() :]
    return text.strip(), bates


def _split_lines(text: str) -> tuple[list[str], list[int], list[int]]:
    """Non-blank lines, stripped, with their 1-based numbers and start offsets in `text`.

    Every page of every PDF passes here, so the common case is kept cheap: PDFium ends lines with
    CRLF and OCR with LF, and only a mix (a CR or LF left after splitting on CRLF) takes the
    general path. A plain loop: compiled (`pipelines.compiled`) it took a third of the time of
    the `map`/`accumulate` chain that was fastest as Python.
    """
    separator = "\r\n" if "\r" in text else "\n"
    parts = text.split(separator)
    starts: list[int] | None = None  # where each line starts, when line ends are mixed
    if separator == "\r\n" and any("\r" in part or "\n" in part for part in parts):
        parts = _NEWLINE.split(text)
        starts = [0, *[match.end() for match in _NEWLINE.finditer(text)]]
    texts: list[str] = []
    numbers: list[int] = []
    offsets: list[int] = []
    start = 0
    for index, part in enumerate(parts):
        if starts is not None:
            start = starts[index]
        stripped = part.strip()
        if stripped:
            texts.append(stripped)
            numbers.append(index + 1)
            # most lines start with their text: spare them the second strip
            leading = 0 if part[0] == stripped[0] else len(part) - len(part.lstrip())
            offsets.append(start + leading)
        start += len(part) + len(separator)
    return texts, numbers, offsets


def clean_page(number: int, text: str) -> CleanPage:
    """Split a page into lines and drop furniture from its first and last lines."""
    texts, numbers, offsets = _split_lines(text.replace("\xa0", " "))
    count = len(texts)
    bates: str | None = None
    # Peel furniture off each edge, bottom first (that is where Bates stamps usually are); print
    # drivers write headers and footers before or after the content, so both edges are read.
    high = count
    while high > max(0, count - _EDGE_LINES) and _is_furniture(texts[high - 1], high == count):
        high -= 1
        stamp = _BATES.search(texts[high])
        bates = bates or (stamp.group(0) if stamp else None)
    low = 0
    while low < min(high, _EDGE_LINES) and _is_furniture(texts[low], low == count - 1):
        stamp = _BATES.search(texts[low])
        bates = bates or (stamp.group(0) if stamp else None)
        low += 1
    if bates is None and high > low:
        # No stamp on a line of its own: look for one glued to the outermost lines only.
        for position in sorted({low, high - 1}, reverse=True):
            stripped, found = _strip_edge_token(texts[position])
            if found or stripped != texts[position]:
                bates = bates or found
                texts[position] = stripped
        while high > low and not texts[high - 1]:
            high -= 1
        while high > low and not texts[low]:
            low += 1
    kept = texts[low:high]
    if kept and all(_WITHHELD.match(line) or _CODES_ONLY.match(line) for line in kept):
        low = high  # a full-page placeholder carries no message text
    return CleanPage(
        number,
        tuple(texts[low:high]),
        tuple(numbers[low:high]),
        tuple(offsets[low:high]),
        bates,
    )


def is_name_like(text: str) -> bool:
    """Could this line be a mailbox owner's name (`Ramirez, Ana`, `Ana Ramirez`)?"""
    return bool(_NAME_LIKE.match(text)) and len(text.split()) <= 6


def name_words(text: str) -> frozenset[str]:
    """The words of a name, lowercased, so `Ramirez, Ana` and `Ana Ramirez` compare equal."""
    return frozenset(word.lower() for word in _NAME_WORD.findall(text))
