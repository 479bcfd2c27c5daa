"""Find every header block in the line stream, whatever layout printed it.

One anchored regular expression per line (and, for lines ending like a date, one more on the
line's tail) finds the few lines worth a closer look: label lines, separators, attributions, Gmail
sender and `N messages` lines, Notes date lines. Each candidate is then read by
its layout's reader: `headers` (label blocks), `gmail`, `notes`, `quotes` (attributions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.printed.gmail import GMAIL_DATE_SRC, MESSAGE_COUNT_SRC, read_sender, thread_title
from pipelines.printed.headers import HeaderBlock, LabelMatch, match_label, read_block
from pipelines.printed.notes import NOTES_DATE_SRC, read_notes
from pipelines.printed.page import LABEL_NAMES, LABEL_WORDS
from pipelines.printed.quotes import SEPARATOR_SRC, read_attribution
from pipelines.printed.stream import Stream

# What a candidate line starts with (after any `>` quote marks), tried with `match` line by line:
# scanning the joined document with MULTILINE anchors costs far more than this loop.
_START = re.compile(
    r"(?:>[ \t]?)*(?:"
    rf"(?P<label>{LABEL_NAMES}[ \t]*:)"
    rf"|(?P<separator>{SEPARATOR_SRC})"
    r"|(?P<attribution>on\s)"
    rf"|(?P<count>{MESSAGE_COUNT_SRC})"
    rf"|(?P<notes>{NOTES_DATE_SRC})"
    r")",
    re.IGNORECASE,
)
# Cheap tests before the expression: what a candidate line can start with.
_WORDS = (*LABEL_WORDS, "begin forwarded", "on ")
_MARKS = frozenset(">-_0123456789")
_GMAIL_TAIL = re.compile(rf"[\s>]{GMAIL_DATE_SRC}", re.IGNORECASE)
_GMAIL_ENDS = frozenset("MmP)0123456789")
_DATE_REACH = 64  # a Gmail date (with a weekday and `(3 days ago)`) fits in this many characters
_WROTE_REACH = 3  # an attribution wraps over at most this many lines


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


def _candidates(stream: Stream) -> dict[str, list[int]]:
    """Line indices worth a closer look, by what they may start."""
    texts = stream.texts
    found: dict[str, list[int]] = {name: [] for name in (*_START.groupindex, "gmail")}
    for index, text in enumerate(texts):
        head = text[0] in _MARKS or text[:16].lower().startswith(_WORDS)
        start = _START.match(text) if head else None
        if start is not None:
            kind = start.lastgroup or ""
            if kind != "attribution" or any(
                line.rstrip().endswith("wrote:") for line in texts[index : index + _WROTE_REACH]
            ):
                found[kind].append(index)
        elif text[-1] in _GMAIL_ENDS and _GMAIL_TAIL.search(text, max(0, len(text) - _DATE_REACH)):
            found["gmail"].append(index)
    return found


def find_blocks(stream: Stream) -> Found:
    """Every header block a reader accepts, in stream order, with the Gmail thread titles."""
    candidates = _candidates(stream)
    labels: dict[int, LabelMatch] = {}
    for index in candidates["label"]:
        label = match_label(stream.texts[index])
        if label is not None:
            labels[index] = label
    result = Found(separators=set(candidates["separator"]))
    for count_line in candidates["count"]:
        title, first = thread_title(stream, count_line)
        result.threads[first] = count_line + 1
        result.titles[first] = title
    gmail = set(candidates["gmail"])
    attributions = set(candidates["attribution"])
    notes = {line - 1 for line in candidates["notes"]}
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
