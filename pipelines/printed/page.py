"""What the splitter is given about a page: its text and, for a few characters, where they sit.

Text order is not always reading order: some print drivers write every header label, then every
value, and a few extractors glue a column of labels into `From:To:Subject:`. Reading positions for
every word would cost more than extracting the text (pdfplumber is ~70x slower than PDFium; even
PDFium boxes for every character cost several times the whole page's extraction). The splitter
needs far less: where a run of header lines starts and where two of its values start (an aligned
memo header, or an inline quoted one?), the lines between and after its labels (wrapped values),
the lines after an empty label (values printed after all labels), and the first and last lines of
the page (a heading set large, or a page that ends well above its bottom margin, marks a new
document). `offsets_to_locate` names those characters from the page's clean lines, so a reader can
ask PDFium for a couple of dozen boxes per page while the page is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from pipelines.printed.furniture import CleanPage
from pipelines.printed.scan import PageScan
from pipelines.printed.stream import Box

_WRAP_LINES: Final = 12  # a value may wrap over this many lines before the next label
_TAIL_LINES: Final = 6  # ... and the last label's value over this many
_ALIGNMENT_VALUES: Final = 2  # value starts located per run of labels: enough to see one column
_VALUE_LINES: Final = 30  # after an empty label, its value may follow this many lines later


@dataclass(slots=True)
class PrintedPage:
    """One page: `text` as extracted, `boxes` for some character offsets into it, page `height`,
    and its `clean` lines (`furniture.clean_page`) and their `scan` (`scan.scan_page`), which the
    reader needs to choose the offsets and hands on so the splitter does not redo them.

    Without boxes (OCR text, tests on strings) the splitter falls back to reading order alone.
    """

    number: int
    text: str
    boxes: Mapping[int, Box] | None = None
    height: float | None = None
    clean: CleanPage | None = None  # the page's lines without furniture, when the reader made them
    scan: PageScan | None = None  # what those lines may start, when the reader made it

    def __init__(
        self,
        number: int,
        text: str,
        boxes: Mapping[int, Box] | None = None,
        height: float | None = None,
        clean: CleanPage | None = None,
        scan: PageScan | None = None,
    ) -> None:
        self.number, self.text, self.boxes, self.height = number, text, boxes, height
        self.clean, self.scan = clean, scan


def offsets_to_locate(
    page: CleanPage, scan: PageScan, alignment_values: int = _ALIGNMENT_VALUES
) -> list[int]:
    """Character offsets (into the page text) whose boxes the splitter uses, in increasing order.

    Two value starts per run of labels tell one column from values printed after their labels on
    a text layer, where positions are exact; OCR positions wander by a few pixels, and a reader of
    OCR text asks for more (`alignment_values`) so that the splitter sees every value it can.

    A run of label lines gives the start of its first line and of the line above it (Outlook's
    owner banner is set larger), the start of two of its values (one column, or not) and the
    starts of the lines between and just after its labels (wrapped values); an empty or glued
    label also gives every label in the line and the starts of the lines after it (where a value
    column printed after the labels will be); a Notes row
    (`Subject ...`) gives its start and the next line's (a wrapped value starts right of the
    labels); every page gives its first line (a heading set large starts a new document) and its
    last (a page that ends high ended a document).
    """
    starts = page.offsets
    if not starts:
        return []
    wanted = {starts[0], starts[-1]}
    for line in scan.marks["notes_row"]:
        wanted.update(starts[line : line + 2])
    lines = sorted(scan.labels)
    values = 0  # values located in the current run of labels (two tell aligned from inline)
    for previous, line, next_label in zip(
        [-_WRAP_LINES - 1, *lines], lines, [*lines[1:], len(starts)], strict=False
    ):
        label = scan.labels[line]
        if line - previous > _WRAP_LINES:  # a new run of labels: the line above it, its start
            wanted.update(starts[max(0, line - 1) : line + 1])
            values = 0
        # the lines up to the next label (wrapped values), or a few after the run's last label
        reach = next_label if next_label - line <= _WRAP_LINES else line + _TAIL_LINES
        wanted.update(starts[line + 1 : reach + 1])
        if label.value and len(label.names) == 1:
            if values < alignment_values:
                wanted.add(starts[line] + label.column)
                values += 1
            continue
        # values printed after the labels, and every label of a glued run
        wanted.update(starts[line : line + 1 + _VALUE_LINES])
        wanted.update(starts[line] + column for column in label.label_columns)
    return sorted(wanted)
