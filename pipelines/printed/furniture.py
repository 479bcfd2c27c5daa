"""Page furniture: what a printout or a records office adds to a page that is not message text.

Bates stamps, `Page 3 of 9` counters, `- 31217 -` footers and withheld-page placeholders would
otherwise end up inside message bodies (and break dedup, since the same email printed twice carries
different stamps). They sit on a page's first or last lines, so only those lines are examined: a Bates
like token in the middle of a body is evidence, not furniture. Bates numbers found are kept per page
so every message can cite its Bates range.

The mailbox-owner name Outlook prints above each message is furniture too, but recognising it needs
the header block that follows it; the predicates for it live here and are applied by `segments`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BATES_SRC = r"""
    (?<![\w.-])
    (?:
        [A-Z][A-Z0-9&]{1,11}\ \d{4}[A-Z]{2,8}\d+\.\d{3,}   # ICE 2012FOIA19286.000671
      | [A-Z][A-Z&]{1,11}(?:[-_]\d+)*[-_]\d{4,}            # MBCSO-000123, DHS-001-0427-001639
      | [A-Z][A-Z&]{1,11}\ ?\d{6,}                         # ACSO000123, ACSO 000123
    )
    (?![\w.-])
"""
_PAGE_OF_SRC = r"\bpage\s+\d{1,5}\s+of\s+\d{1,5}\b"
_BATES = re.compile(_BATES_SRC, re.VERBOSE)
_TOKEN_SRC = rf"(?:(?-i:{_BATES_SRC})|{_PAGE_OF_SRC})"
_ALL_TOKENS = re.compile(_TOKEN_SRC, re.IGNORECASE | re.VERBOSE)
_LEADING_TOKEN = re.compile(rf"^\s*{_TOKEN_SRC}\s+", re.IGNORECASE | re.VERBOSE)
_TRAILING_TOKEN = re.compile(rf"\s+{_TOKEN_SRC}\s*$", re.IGNORECASE | re.VERBOSE)
_DASHED_NUMBER = re.compile(r"^\s*-\s*\d{1,7}\s*-\s*$")
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_LEFTOVER = re.compile(r"^[\s|,;:/\-]*$")
_WITHHELD = re.compile(
    r"^\s*(?:page\s+|document\s+)?(?:withheld|redacted|denied)\b.*"
    r"(?:exemption|pursuant|\(b\)\s*\(\d\)|\b\d{4}\.\d{3}\b|\b625[45]\b)",
    re.IGNORECASE,
)
_CODES_ONLY = re.compile(r"^[\s,;&]*(?:\(b\)\s*\(\d\)(?:\s*\([a-f]\))*[\s,;&]*)+$", re.IGNORECASE)
_TOP_EDGE = 2
_BOTTOM_EDGE = 3

# Owner-name lines: short, no digits, no '@' or ':', starting with a capital.
_NAME_LIKE = re.compile(r"^[A-Z][^\d@:<>;]{1,59}$")
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class Line:
    """A line of page text with its place: `number` is 1-based in the page text as extracted
    (before furniture removal), so a locator points into the stored page text."""

    page: int
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class CleanPage:
    """A page's content lines (blank lines and furniture removed) and its Bates number."""

    number: int
    lines: tuple[Line, ...]
    bates: str | None


def _is_furniture(text: str, last: bool) -> bool:
    if _DASHED_NUMBER.match(text) or (last and _BARE_NUMBER.match(text)):
        return True
    return bool(_ALL_TOKENS.search(text)) and bool(_LEFTOVER.match(_ALL_TOKENS.sub("", text)))


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


def clean_page(number: int, text: str) -> CleanPage:
    """Split a page into lines and drop furniture from its first and last lines."""
    raw = [
        Line(number, index, stripped)
        for index, line in enumerate(_NEWLINE.split(text.replace("\xa0", " ")), start=1)
        if (stripped := line.strip())
    ]
    count = len(raw)
    edge = set(range(min(_TOP_EDGE, count))) | set(range(max(0, count - _BOTTOM_EDGE), count))
    bates: str | None = None
    dropped: set[int] = set()
    for index in sorted(edge, reverse=True):  # bottom stamps first: that is where Bates usually is
        line_text = raw[index].text
        if _is_furniture(line_text, last=index == count - 1):
            dropped.add(index)
            found = _BATES.search(line_text)
            bates = bates or (found.group(0) if found else None)
    kept = [line for index, line in enumerate(raw) if index not in dropped]
    if bates is None and kept:
        # No stamp on a line of its own: look for one glued to the outermost lines only.
        for position in sorted({0, len(kept) - 1}, reverse=True):
            stripped, found = _strip_edge_token(kept[position].text)
            if found or stripped != kept[position].text:
                bates = bates or found
                kept[position] = Line(number, kept[position].number, stripped)
        kept = [line for line in kept if line.text]
    if kept and all(_WITHHELD.match(line.text) or _CODES_ONLY.match(line.text) for line in kept):
        kept = []  # a full-page placeholder carries no message text
    return CleanPage(number, tuple(kept), bates)


def clean_pages(pages: Iterable[tuple[int, str]]) -> list[CleanPage]:
    return [clean_page(number, text or "") for number, text in pages]


def is_name_like(text: str) -> bool:
    """Could this line be a mailbox owner's name (`Ramirez, Ana`, `Ana Ramirez`)?"""
    return bool(_NAME_LIKE.match(text)) and len(text.split()) <= 6


def name_words(text: str) -> frozenset[str]:
    """The words of a name, lowercased, so `Ramirez, Ana` and `Ana Ramirez` compare equal."""
    return frozenset(word.lower() for word in _NAME_WORD.findall(text))
