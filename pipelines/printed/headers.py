"""Recognise printed header blocks (`From:` / `Sent:` / `To:` / `Subject:` ...) in a run of lines.

A block is a run of consecutive label lines, with continuation lines for values that wrapped (long
To/Cc lists, long subjects). A run only counts as a message start when it has From plus at least two
of Sent|Date / To / Subject, because single labels (`Date:` on a form, `To:` in a memo) are common in
non-email pages and in bodies. After a quoted-history separator the bar is lowered to From plus one,
since redaction often blanks whole header lines there.

Labels are matched once per line up front, so finding blocks is linear in the number of lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipelines.printed.values import looks_like_address_list

LABELS = {
    "from": "from",
    "sent": "sent",
    "date": "sent",
    "to": "to",
    "cc": "cc",
    "bcc": "bcc",
    "subject": "subject",
    "attachments": "attachments",
    "attachment": "attachments",
    "importance": "importance",
}
_LABEL_SRC = r"(?:from|sent|date|to|cc|bcc|subject|attachments?|importance)"
_LABEL = re.compile(rf"^\s*({_LABEL_SRC})\s*:\s*(.*)$", re.IGNORECASE)
# Labels glued together by text extraction: `From:To:Subject:` (no space between them).
_GLUED = re.compile(rf"^\s*((?:{_LABEL_SRC}:){{2,}})\s*(.*)$", re.IGNORECASE)
_GLUED_PART = re.compile(rf"({_LABEL_SRC}):", re.IGNORECASE)

ADDRESS_LABELS = frozenset({"to", "cc", "bcc"})
_LIST_LABELS = ADDRESS_LABELS | {"attachments"}
_CORE = ("sent", "to", "subject")
_MAX_WRAP = 4  # a wrapped value may run this many lines before the next label
_LABEL_COLUMN = 3  # this many empty labels in a row: the values follow as a column

LabelMatch = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class HeaderBlock:
    """A header block: line indices [start, end) in the line list, and its values by label.

    `paired_by_order` marks blocks whose values were printed apart from their labels and were
    paired by order, which a wrapped value can throw off.
    """

    start: int
    end: int
    fields: dict[str, str] = field(default_factory=dict)
    paired_by_order: bool = False

    def is_message_start(self, relaxed: bool = False) -> bool:
        others = sum(1 for label in _CORE if label in self.fields)
        return "from" in self.fields and others >= (1 if relaxed else 2)


def match_label(text: str) -> LabelMatch | None:
    """The labels a line starts with and the value after them, or None for a non-label line."""
    glued = _GLUED.match(text)
    if glued:
        names = [LABELS[name.lower()] for name in _GLUED_PART.findall(glued.group(1))]
        values = [""] * (len(names) - 1) + [glued.group(2).strip()]
        return tuple(zip(names, values, strict=True))
    single = _LABEL.match(text)
    if single:
        return ((LABELS[single.group(1).lower()], single.group(2).strip()),)
    return None


def match_labels(texts: Sequence[str]) -> list[LabelMatch | None]:
    return [match_label(text) for text in texts]


def _continues(
    texts: Sequence[str], labels: Sequence[LabelMatch | None], index: int, block: HeaderBlock
) -> bool:
    """Is the non-label line at `index` the wrapped tail of the block's last value?

    Yes when an address list ends with a separator or the line is itself a list of addresses, or
    when a new label of this block follows within a few lines (Outlook always prints Subject after
    To/Cc, so text between them is a wrap). A label the block already has, or From, starts
    something else.
    """
    last = next(reversed(block.fields))
    value = block.fields[last]
    if last in _LIST_LABELS and value.endswith((";", ",")):
        return True
    if last in ADDRESS_LABELS and looks_like_address_list(texts[index]):
        return True
    for ahead in range(index + 1, min(index + _MAX_WRAP, len(texts))):
        found = labels[ahead]
        if found is not None:
            return all(name not in block.fields and name != "from" for name, _ in found)
    return False


def read_block(
    texts: Sequence[str], labels: Sequence[LabelMatch | None], start: int
) -> HeaderBlock:
    """Read the header block that starts at `start` (a label line) as far as it goes.

    Values that extraction separated from their labels (glued `From:To:Subject:`, or a column of
    three or more empty labels including From, followed by a column of values) are paired by
    order. Requiring From keeps `Cc:` / `Bcc:` / `Subject:` printed empty from eating the body.
    """
    block = HeaderBlock(start, start)
    pending: list[str] = []  # labels whose values are expected on the following lines, in order
    empty_run: list[str] = []  # consecutive single labels printed without a value
    index = start
    while index < len(texts):
        found = labels[index]
        if found is not None:
            if any(name in block.fields for name, _ in found):
                break  # a repeated label starts the next block
            block.fields.update(found)
            if len(found) > 1:
                block.paired_by_order = True
                pending, empty_run = [name for name, value in found if not value], []
            elif not found[0][1]:
                pending, empty_run = [], [*empty_run, found[0][0]]
            else:
                pending, empty_run = [], []
        elif pending or (len(empty_run) >= _LABEL_COLUMN and "from" in empty_run):
            if not pending:
                block.paired_by_order = True
                pending, empty_run = empty_run, []
            block.fields[pending.pop(0)] = texts[index]
        elif block.fields and _continues(texts, labels, index, block):
            last = next(reversed(block.fields))
            block.fields[last] = f"{block.fields[last]} {texts[index]}".strip()
            empty_run = []  # the empty labels so far got their values inline
        else:
            break
        index += 1
    block.end = index
    return block


def find_blocks(
    texts: Sequence[str],
    labels: Sequence[LabelMatch | None] | None = None,
    relaxed_at: Callable[[int], bool] | None = None,
) -> list[HeaderBlock]:
    """All message-start header blocks in order; `relaxed_at(i)` lowers the bar at line i."""
    labels = match_labels(texts) if labels is None else labels
    blocks: list[HeaderBlock] = []
    index = 0
    while index < len(texts):
        if labels[index] is None:
            index += 1
            continue
        block = read_block(texts, labels, index)
        relaxed = relaxed_at(index) if relaxed_at is not None else False
        if block.is_message_start(relaxed):
            blocks.append(block)
            index = block.end
        else:
            index += 1
    return blocks
