"""The document as one stream of content lines, pages concatenated, with what is known of geometry.

A printed message may start mid-page and run across pages, so the splitter reads the document, not
the page. Lines are parallel lists rather than an object per line: a release has millions of lines
and almost all of them are plain body text that is only ever sliced and joined.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Final

from pipelines.printed.furniture import CleanPage, Line

Box = tuple[float, float, float, float]  # left, bottom, right, top, in PDF points (y grows upward)
_QUOTE_MARKS: Final = re.compile(r"^(?:>[ \t]?)+", re.MULTILINE)
# a page whose text stops this many lines above the fullest page ended early
_EARLY_END_LINES: Final = 3.0
_EARLY_END_SHARE: Final = 0.2  # ... or whose lowest line sits above this share of the page height
_LINE_HEIGHT_SHARE: Final = 1.2  # baseline-to-baseline distance, as a share of the font box height
_HEADING: Final = 1.15  # a line whose box is this much taller than the usual text is a heading
# A located line starting this far either side of the usual left edge is not body text: a page
# counter set in the middle or a stamp at the right that a scan's reading did not peel off.
_BODY_EDGE: Final = 20.0
_FOOT_LINES: Final = 3  # ... and up to this many such lines are looked past at a page's foot


def unquoted(text: str) -> str:
    """The line (or lines) without the `> ` marks plain-text mail clients put before quoted lines."""
    return _QUOTE_MARKS.sub("", text) if text.startswith(">") or "\n>" in text else text


@dataclass(slots=True)
class Stream:
    """Content lines in document order: text, page, 1-based line number in the page text as
    extracted, and character offset of the line's first non-blank character in that text."""

    texts: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    boxes: dict[int, Mapping[int, Box]] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    page_starts: dict[int, int] = field(default_factory=dict)  # page -> index of its first line
    page_ends: dict[int, int] = field(default_factory=dict)  # page -> index of its last line

    @classmethod
    def from_pages(
        cls,
        pages: Sequence[CleanPage],
        boxes: Mapping[int, Mapping[int, Box]] | None = None,
        heights: Mapping[int, float] | None = None,
    ) -> Stream:
        stream = cls(boxes=dict(boxes or {}), heights=dict(heights or {}))
        for page in pages:
            stream.texts.extend(page.texts)
            stream.pages.extend([page.number] * len(page.texts))
            stream.numbers.extend(page.numbers)
            stream.offsets.extend(page.offsets)
            if page.texts:
                stream.page_starts[page.number] = len(stream.texts) - len(page.texts)
                stream.page_ends[page.number] = len(stream.texts) - 1
        return stream

    @classmethod
    def from_texts(cls, texts: Sequence[str], page: int = 1) -> Stream:
        """One page of already clean lines, numbered from 1 (for tests and callers with text)."""
        count = len(texts)
        starts, ends = ({page: 0}, {page: count - 1}) if count else ({}, {})
        return cls(
            list(texts),
            [page] * count,
            list(range(1, count + 1)),
            [0] * count,
            page_starts=starts,
            page_ends=ends,
        )

    def __len__(self) -> int:
        return len(self.texts)

    def line(self, index: int) -> Line:
        return Line(self.pages[index], self.numbers[index], self.texts[index])

    def first_on_page(self, index: int) -> bool:
        return index == 0 or self.pages[index - 1] != self.pages[index]

    def box(self, index: int, column: int = 0) -> Box | None:
        """Where character `column` of line `index` sits, when the reader located it."""
        located = self.boxes.get(self.pages[index])
        return None if located is None else located.get(self.offsets[index] + column)

    def has_geometry(self) -> bool:
        return bool(self.boxes)

    def text_height(self) -> float | None:
        """The usual height of a located line box: what body text looks like here (the median
        over the first and last lines of every page)."""
        heights = [
            box[3] - box[1]
            for lines in (self.page_starts, self.page_ends)
            for index in lines.values()
            if (box := self.box(index)) is not None
        ]
        return median(heights) if heights else None

    def is_heading(self, index: int, usual: float | None) -> bool:
        """Is line `index` set larger than `usual` text (a letterhead, a form title)?"""
        box = self.box(index)
        return box is not None and usual is not None and box[3] - box[1] > _HEADING * usual

    def _foot(self, page: int, edge: float) -> Box | None:
        """The box of the page's lowest line of body text (starting near the usual left `edge`),
        looking past a few located lines that are not (furniture a scan's reading left in place);
        None when there is no such line among them."""
        first, index = self.page_starts[page], self.page_ends[page]
        while index >= max(first, self.page_ends[page] - _FOOT_LINES + 1):
            box = self.box(index)
            if box is None:
                return None
            if abs(box[0] - edge) <= _BODY_EDGE:
                return box
            index -= 1
        return None

    def pages_ending_early(self) -> set[int]:
        """Pages whose last line stops well above the bottom reached elsewhere in the document.

        Print engines fill a page before breaking it (moving at most a line or two to keep a
        header block whole), so a page that ends early was ended on purpose: whatever begins the
        next page is a new item (a letter, a form, another print), not the rest of a message.
        """
        ends = {page: box for page, index in self.page_ends.items() if (box := self.box(index))}
        if not ends:
            return set()
        starts = [box[0] for index in self.page_starts.values() if (box := self.box(index))]
        edge = median([*starts, *[box[0] for box in ends.values()]])
        lows = {page: self._foot(page, edge) or box for page, box in ends.items()}
        lowest = min(
            (box[1] for box in lows.values() if abs(box[0] - edge) <= _BODY_EDGE),
            default=min([box[1] for box in lows.values()]),
        )
        height = median([box[3] - box[1] for box in lows.values()]) * _LINE_HEIGHT_SHARE
        early = set()
        for page, box in lows.items():
            page_height = self.heights.get(page)
            if box[1] - lowest > _EARLY_END_LINES * height or (
                page_height is not None and box[1] > _EARLY_END_SHARE * page_height
            ):
                early.add(page)
        return early
