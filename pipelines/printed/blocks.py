"""Find every header block in the line stream, whatever layout printed it.

The page scans (`scan`) name the few lines worth a closer look: label lines, separators,
attributions, Gmail sender and `N messages` lines, Notes date lines. Each candidate is then read
by its layout's reader: `headers` (label blocks), `gmail`, `notes`, `quotes` (attributions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from pipelines.printed.gmail import read_sender, thread_title
from pipelines.printed.headers import HeaderBlock, LabelMatch, read_block
from pipelines.printed.notes import read_notes
from pipelines.printed.quotes import read_attribution
from pipelines.printed.scan import PageScan, scan_page
from pipelines.printed.stream import Stream

_WROTE_REACH: Final = 3  # an attribution wraps over at most this many lines


@dataclass(slots=True)
class Found:
    """Header blocks in stream order, separator lines, and Gmail thread headers.

    `threads` maps the first line of each thread header (account line, title, count) to the line
    after it; `titles` maps the same first line to the thread's printed title.
    """

    blocks: list[HeaderBlock] = field(default_factory=list)
    separators: set[int] = field(default_factory=set)
    threads: dict[int, int] = field(default_factory=dict)
    titles: dict[int, str | None] = field(default_factory=dict)


def _merged(stream: Stream, scans: Sequence[tuple[int, PageScan]]) -> PageScan:
    """The page scans as one scan of the stream: `(first stream line, scan)` per page."""
    merged = PageScan()
    labels, marks = merged.labels, merged.marks
    for base, scan in scans:
        shift = base.__add__
        labels.update(zip(map(shift, scan.labels), scan.labels.values(), strict=True))
        for kind, lines in scan.marks.items():
            if lines:
                marks[kind].extend(map(shift, lines))
    texts = stream.texts
    merged.marks["attribution"] = [
        index
        for index in merged.marks["attribution"]
        if any(line.rstrip().endswith("wrote:") for line in texts[index : index + _WROTE_REACH])
    ]
    return merged


def find_blocks(stream: Stream, scans: Sequence[tuple[int, PageScan]] | None = None) -> Found:
    """Every header block a reader accepts, in stream order, with the Gmail thread titles.

    `scans` are the page scans with the stream index of each page's first line; without them
    the stream is scanned here.
    """
    scan = _merged(stream, scans if scans is not None else [(0, scan_page(stream.texts))])
    labels, marks = scan.labels, scan.marks
    result = Found(separators=set(marks["separator"]))
    for count_line in marks["count"]:
        title, first = thread_title(stream, count_line)
        result.threads[first] = count_line + 1
        result.titles[first] = title
    gmail = set(marks["gmail"])
    attributions = set(marks["attribution"])
    notes = {line - 1 for line in marks["notes"]}
    order = sorted(set(labels) | gmail | attributions | notes)
    end = 0
    for index in order:
        if index < end:
            continue
        block = _read(stream, labels, index, gmail, attributions, notes, result.separators)
        if block is not None:
            result.blocks.append(block)
            end = block.end
    return result


def _read(
    stream: Stream,
    labels: dict[int, LabelMatch],
    index: int,
    gmail: set[int],
    attributions: set[int],
    notes: set[int],
    separators: set[int],
) -> HeaderBlock | None:
    if index in gmail:
        block = read_sender(stream, labels, index)
        if block is not None:
            return block
    if index in attributions:
        return read_attribution(stream, index)
    if index in notes:
        block = read_notes(stream, index + 1)
        if block is not None:
            return block
    if index in labels:
        block = read_block(stream, labels, index)
        if block.is_message_start(relaxed=index - 1 in separators):
            return block
    return None
