"""What the splitter is given about a page: its text and, for a few characters, where they sit.

Text order is not always reading order: some print drivers write every header label, then every
value, and a few extractors glue a column of labels into `From:To:Subject:`. Reading positions for
every word would cost more than extracting the text (pdfplumber is ~70x slower than PDFium; even
PDFium char boxes for every character cost seven times the text). The splitter needs far less: the
start of each header line and of its value (to pair labels with values and tell an aligned memo
header from an inline quoted one), the lines after an empty label, and the first and last lines of
the page (a heading set large, or a page that ends well above its bottom margin, marks a new
document). `offsets_to_locate` names those characters from the page's clean lines, so a reader can
ask PDFium for a couple of dozen boxes per page while the page is open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.printed.furniture import CleanPage

Box = tuple[float, float, float, float]  # left, bottom, right, top, in PDF points (y grows upward)

LABEL_NAMES = r"(?:from|sent|date|to|cc|bcc|subject|attachments?|importance)"
LABEL_WORDS = ("from", "sent", "date", "to", "cc", "bcc", "subject", "attachment", "importance")
# A label at the start of a stripped line (after any `>` quote marks), up to where its value starts.
_LABEL_START = re.compile(rf"(?:>[ \t]?)*{LABEL_NAMES}[ \t]*:[ \t]*", re.IGNORECASE)
_GLUED_LABEL = re.compile(rf"{LABEL_NAMES}[ \t]*:", re.IGNORECASE)
# A Lotus Notes right-column row (`Subject RE: pickup`): no colon, so it is found by its word.
_NOTES_ROW = re.compile(r"(?:To|cc|bcc|Subject)\b(?![ \t]*:)")
_LINE_WORDS = (*LABEL_WORDS, ">")  # what a label line or a Notes row starts with (lowercased)
_WRAP_LINES = 12  # a value may wrap over this many lines before the next label
_TAIL_LINES = 6  # ... and the last label's value over this many
_VALUE_LINES = 30  # after an empty label, its value may follow this many lines later


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """One page: `text` as extracted, `boxes` for some character offsets into it, page `height`,
    and its `clean` lines (`furniture.clean_page`, which the reader needs to choose the offsets).

    Without boxes (OCR text, tests on strings) the splitter falls back to reading order alone.
    """

    number: int
    text: str
    boxes: Mapping[int, Box] | None = None
    height: float | None = None
    clean: CleanPage | None = None  # the page's lines without furniture, when the reader made them


def offsets_to_locate(page: CleanPage) -> list[int]:
    """Character offsets (into the page text) whose boxes the splitter uses, in increasing order.

    Each label line gives its own start, the start of its value, the start of the line above it
    (Outlook's owner banner is set larger) and the starts of the lines up to the next label
    (wrapped values); an empty or glued label also gives every label in the line and the starts
    of the lines after it (where a value column printed after the labels will be); a Notes row
    (`Subject ...`) gives its start and the next line's (a wrapped value starts right of the
    labels); every page gives its first line (a heading set large starts a new document) and its
    last (a page that ends high ended a document).
    """
    lines, starts = page.texts, page.offsets
    if not lines:
        return []
    wanted = {starts[0], starts[-1]}
    labels: list[tuple[int, int, str]] = []  # (line, offset of the value, the line from there)
    for line, text in enumerate(lines):
        if text[:10].lower().startswith(_LINE_WORDS):
            label = _LABEL_START.match(text)
            if label is not None:
                labels.append((line, starts[line] + label.end(), text[label.end() :]))
            elif _NOTES_ROW.match(text):
                wanted.update(starts[line : line + 2])
    following = [line for line, _, _ in labels[1:]] + [len(starts)] * bool(labels)
    for (line, value, rest), next_label in zip(labels, following, strict=True):
        # the line above (an owner banner?) and the lines up to the next label (wrapped values),
        # or a few lines after the block's last label
        reach = next_label if next_label - line <= _WRAP_LINES else line + _TAIL_LINES
        wanted.update(starts[max(0, line - 1) : reach + 1])
        if rest and not _GLUED_LABEL.match(rest):
            wanted.add(value)
            continue
        # values printed after the labels, and every label of a glued run
        wanted.update(starts[line : line + 1 + _VALUE_LINES])
        wanted.update(starts[line] + found.start() for found in _GLUED_LABEL.finditer(lines[line]))
    return sorted(wanted)
