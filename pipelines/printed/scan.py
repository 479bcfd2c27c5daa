"""What each line of a page may start: one pass over a page's lines, shared by the reader (which
characters to locate) and the splitter (where header blocks are).

A line is tried against one anchored expression only when its first characters could start a
candidate (a label, a Notes row, a separator, `On ...`, a count or a Notes date), and against a
Gmail date only when it ends like one and has a time of day near its end; body text, almost every
line, costs a look at its first and last characters (and a `startswith` when it begins with a
letter some label begins with). Label lines are read into `LabelMatch`es here, once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from pipelines.printed.gmail import GMAIL_DATE_SRC, MESSAGE_COUNT_SRC
from pipelines.printed.headers import LABEL_SRC, LABEL_WORDS, LabelMatch, label_from, plain_label
from pipelines.printed.notes import NOTES_DATE_SRC
from pipelines.printed.quotes import LOOSE_SEPARATOR, SEPARATOR_SRC

_START: Final = re.compile(
    r"(?:>[ \t]?)*(?:"
    rf"(?P<label>{LABEL_SRC})"
    r"|(?P<notes_row>(?-i:To|cc|bcc|Subject)\b)"
    rf"|(?P<separator>{SEPARATOR_SRC})"
    r"|(?P<attribution>on\s)"
    rf"|(?P<count>{MESSAGE_COUNT_SRC})"
    rf"|(?P<notes>{NOTES_DATE_SRC})"
    r")",
    re.IGNORECASE,
)
KINDS: Final = ("notes_row", "separator", "attribution", "count", "notes", "gmail")
_WORDS: Final = (*LABEL_WORDS, "begin forwarded", "on ")
_MARKS: Final = frozenset(">-_0123456789")
_WORD_STARTS: Final = frozenset(word[0] for word in _WORDS) | frozenset(
    word[0].upper() for word in _WORDS
)
_MINUTES: Final = re.compile(r":\d\d")  # a literal first: the engine skips to each colon
_GMAIL_TAIL: Final = re.compile(rf"[\s>]{GMAIL_DATE_SRC}", re.IGNORECASE)
_GMAIL_ENDS: Final = frozenset("MmP)0123456789")
# a Gmail date (with a weekday and `(3 days ago)`) fits in this many characters
_DATE_REACH: Final = 64


@dataclass(slots=True)
class PageScan:
    """Per line index (within the page or stream scanned): its label, or what else it may start.

    `marks` holds lines that may be a Notes right-column row, a separator, the start of an
    `On ... wrote:` attribution, a Gmail `N messages` count, a Notes date line or a Gmail sender.
    """

    labels: dict[int, LabelMatch] = field(default_factory=dict)
    marks: dict[str, list[int]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def __init__(self) -> None:
        self.labels = {}
        self.marks = {kind: [] for kind in KINDS}


def scan_page(texts: Sequence[str]) -> PageScan:
    """Scan clean (non-blank, stripped) lines."""
    scan = PageScan()
    labels, marks = scan.labels, scan.marks
    joined = "\n".join(texts)
    separators = "essage" in joined or "Forwarded by" in joined  # loose ones, on few pages
    for index, text in enumerate(texts):
        first = text[0]
        if first in _MARKS or (
            (first in _WORD_STARTS or not first.isascii()) and text[:16].lower().startswith(_WORDS)
        ):
            plain = plain_label(text)
            if plain is not None:
                labels[index] = plain
                continue
            start = _START.match(text)
            if start is not None:
                kind = start.lastgroup or ""
                if kind == "label":
                    labels[index] = label_from(start)
                else:
                    marks[kind].append(index)
                continue
        if (
            separators
            and ("essage" in text or "Forwarded by" in text)
            and LOOSE_SEPARATOR.match(text)
        ):
            marks["separator"].append(index)  # a separator as a scan's reading gave it
            continue
        if text[-1] in _GMAIL_ENDS:
            tail = max(0, len(text) - _DATE_REACH)
            # a Gmail date has a time of day: its colon and minutes are found fast
            if _MINUTES.search(text, tail) and _GMAIL_TAIL.search(text, tail):
                marks["gmail"].append(index)
    return scan
