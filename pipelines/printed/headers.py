"""Label header blocks (`From:` / `Sent:` / `To:` / `Subject:` ...): Outlook, Apple Mail, plain prints.

A block is a run of label lines, with continuation lines for values that wrapped (long To/Cc
lists, long subjects). A run only counts as a message start when it has From plus at least two of
Sent|Date / To / Subject and looks like mail (an address, a time of day or a redaction), because
single labels (`Date:` on a form, `To:` in a memo) are common in non-email pages and in bodies.
After a quoted-history separator the bar is lowered to From plus one, since redaction often blanks
whole header lines there.

Where the reader located characters, geometry settles what reading order cannot: values printed
after all the labels (or next to labels glued into `From:To:Subject:`) are paired with the label on
their baseline, a line that starts in the value column continues the value above it, and whether
every value starts in one aligned column (Outlook's memo header) or right after its label (a header
quoted in a body) is recorded for `segments`. Without geometry, values are paired by order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from pipelines.printed.stream import Stream, unquoted
from pipelines.printed.values import is_redaction_only

LABEL_NAMES: Final = r"(?:from|sent|date|to|cc|bcc|subject|attachments?|importance)"
LABEL_WORDS: Final = (
    "from",
    "sent",
    "date",
    "to",
    "cc",
    "bcc",
    "subject",
    "attachment",
    "importance",
)
LABELS: Final = {
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
# A label and its value, after any `>` marks: `scan` matches it inside its expression for every
# line's start and hands the match to `label_from`, so a label line is matched once.
LABEL_SRC: Final = rf"(?P<name>{LABEL_NAMES})[ \t]*:[ \t]*(?P<value>.*)$"
_LABEL: Final = re.compile(rf"^(?:>[ \t]?)*{LABEL_SRC}", re.IGNORECASE)
# Labels glued together by text extraction: `From:To:Subject:` (no space between them).
_GLUED: Final = re.compile(rf"^((?:>[ \t]?)*)((?:{LABEL_NAMES}:){{2,}})[ \t]*(.*)$", re.IGNORECASE)
_GLUED_PART: Final = re.compile(rf"({LABEL_NAMES}):", re.IGNORECASE)
_MAIL_LIKE: Final = re.compile(r"@|<|^/o=|\d{1,2}:\d{2}|/[^/\s]+@\w", re.IGNORECASE | re.MULTILINE)

ADDRESS_LABELS: Final = frozenset({"to", "cc", "bcc"})
_LIST_LABELS: Final = ADDRESS_LABELS | {"attachments"}
_MAX_WRAP: Final = 4  # a wrapped value may run this many lines before the next label
_MAX_LIST_WRAP: Final = 10  # ... and a wrapped address list this many
_LIST_MARKS: Final = re.compile(r"[@;<>]")
# A piece of an address list: an address in brackets, an X.500 path, a line opening a bracket, or
# a bare address before a separator or at the end of the line.
_LIST_FRAGMENT: Final = re.compile(
    r"<[^<>@\s]+@[^<>\s]+>|</o=|^<|[\w.-]+@[\w.-]+\s*(?:[,;]|$)", re.IGNORECASE
)
_LABEL_COLUMN: Final = 3  # this many empty labels in a row: the values follow as a column
_ALIGNED: Final = 1.5  # points: values starting within this of each other share a column
_INDENT: Final = 8.0  # points: a line starting this far right of the labels is in the value column


@dataclass(slots=True)
class LabelMatch:
    """Labels a line starts with (several when glued), the value after them, and where the value
    and each label start in the line (columns, for looking up located characters)."""

    names: tuple[str, ...]
    value: str
    column: int
    label_columns: tuple[int, ...]

    def __init__(
        self, names: tuple[str, ...], value: str, column: int, label_columns: tuple[int, ...]
    ) -> None:
        self.names, self.value = names, value
        self.column, self.label_columns = column, label_columns


@dataclass(slots=True)
class HeaderBlock:
    """A header block: line indices [start, end) in the stream, and its values by label.

    `kind` says which layout printed it (labels, gmail, notes, attribution); `paired_by_order`
    marks values printed apart from their labels and paired by order, which a wrapped value can
    throw off; `value_x` is the x where every value starts when they share one aligned column,
    `aligned` is False when located values start at different places (inline `Label: value`).
    """

    start: int
    end: int
    fields: dict[str, str] = field(default_factory=dict)
    kind: str = "labels"
    paired_by_order: bool = False
    value_x: float | None = None
    aligned: bool | None = None

    def __init__(
        self,
        start: int,
        end: int,
        fields: dict[str, str] | None = None,
        kind: str = "labels",
        paired_by_order: bool = False,
        value_x: float | None = None,
        aligned: bool | None = None,
    ) -> None:
        self.start, self.end, self.fields = start, end, {} if fields is None else fields
        self.kind, self.paired_by_order = kind, paired_by_order
        self.value_x, self.aligned = value_x, aligned

    def is_message_start(self, relaxed: bool = False) -> bool:
        fields = self.fields
        others = ("sent" in fields) + ("to" in fields) + ("subject" in fields)
        if "from" not in fields or others < (1 if relaxed else 2):
            return False
        values = "\n".join(fields.values())
        return (
            relaxed
            or "@" in values  # most headers have an address: spare them the expression
            or bool(_MAIL_LIKE.search(values))
            or any(is_redaction_only(value) for value in fields.values() if value)
        )


def match_label(text: str) -> LabelMatch | None:
    """The labels a line starts with and the value after them, or None for a non-label line."""
    plain = plain_label(text)
    if plain is not None:
        return plain
    single = _LABEL.match(text)
    return None if single is None else label_from(single)


def plain_label(text: str) -> LabelMatch | None:
    """A line that is plainly `Label: value`, read without the expression; None when it is not
    plainly one (it may still be one, quoted, glued or in letters the expression folds).

    Most header lines are, and the expression costs a dozen times as much: what is read here is
    what `label_from` reads from a match of `LABEL_SRC`, which tests hold it to. The label must
    start the line in ASCII letters (`re.IGNORECASE` also folds some non-ASCII letters, such as
    the long s, into ASCII ones) and be followed, after spaces or tabs, by a colon and a space or
    tab (with none, `label_from` looks for glued labels).
    """
    colon = text.find(":")
    if colon < 2 or "\n" in text:
        return None
    name = text[:colon].rstrip(" \t")
    label = LABELS.get(name.lower()) if name.isascii() else None
    if label is None or text[colon + 1 : colon + 2] not in (" ", "\t"):
        return None
    start = colon + 2
    while text[start : start + 1] in (" ", "\t"):
        start += 1
    return LabelMatch((label,), text[start:].strip(), start, (0,))


def _field(label: str) -> str:
    """The field a label the expression matched names. `re.IGNORECASE` also matches a few
    non-ASCII letters to ASCII ones (the long s to s, the dotless i to i), which `str.lower`
    leaves as they are: such a label is looked up by the expression's own folding."""
    field = LABELS.get(label.lower())
    if field is None:
        field = next(LABELS[word] for word in LABELS if re.fullmatch(word, label, re.IGNORECASE))
    return field


def label_from(single: re.Match[str]) -> LabelMatch:
    """The labels of a line from a match of `LABEL_SRC` in it (which names its first label)."""
    # Glued labels (`From:To:Subject:`) follow the first colon with no space.
    glued = _GLUED.match(single.string) if single.start("value") == single.end("name") + 1 else None
    if glued is not None:
        base = len(glued.group(1))
        # A label printed twice over itself (bold faked by a second pass, `From:From:`) is one.
        found = list(_GLUED_PART.finditer(glued.group(2)))
        parts = [
            part
            for index, part in enumerate(found)
            if not index or part.group(1).lower() != found[index - 1].group(1).lower()
        ]
        return LabelMatch(
            tuple(_field(part.group(1)) for part in parts),
            glued.group(3).strip(),
            glued.start(3),
            tuple(base + part.start() for part in parts),
        )
    return LabelMatch(
        (_field(single.group("name")),),
        single.group("value").strip(),
        single.start("value"),
        (single.start("name"),),
    )


def _continues(
    stream: Stream, labels: Mapping[int, LabelMatch], index: int, block: HeaderBlock
) -> bool:
    """Is the non-label line at `index` the wrapped tail of the block's last value?

    Geometry first: a line starting where the values start (right of the labels) is a wrap, a
    line starting at the label column of an aligned header is not. Otherwise: yes when an address
    list ends with a separator or inside `<...>`, or the line is a piece of an address list, or
    when a new label of this block follows within a few lines (Outlook always prints Subject after To/Cc, so text
    between them is a wrap; a long address list may run further). A label the block already has,
    or From, starts something else.
    """
    here = stream.box(index)
    label_box = stream.box(block.start)  # where the labels start
    if here is not None and label_box is not None:
        if here[0] > label_box[0] + _INDENT:
            return True
        if block.aligned:
            return False
    last = next(reversed(block.fields))
    value = block.fields[last]
    if last in _LIST_LABELS and value.endswith((";", ",")):
        return True
    if value.count("<") > value.count(">"):
        return True  # inside <...>: an address (or an X.500 path) broke across lines
    text = unquoted(stream.texts[index])
    if last in ADDRESS_LABELS and _LIST_FRAGMENT.search(text):
        return True
    reach = _MAX_LIST_WRAP if last in ADDRESS_LABELS and _LIST_MARKS.search(text) else _MAX_WRAP
    page = stream.pages[index]
    for ahead in range(index + 1, min(index + reach, len(stream))):
        if stream.pages[ahead] != page:
            return False  # a label on the next page belongs to whatever starts there
        found = labels.get(ahead)
        if found is not None:
            return all(name not in block.fields and name != "from" for name in found.names)
    return False


def _pair_by_position(
    stream: Stream, empties: list[tuple[str, int, int]], first: int
) -> tuple[dict[str, str], int, float] | None:
    """Values printed after their labels, paired by baseline: `(values, end, value x)` or None.

    `empties` are (label, line, column) of labels printed without a value. Lines from `first` on
    that start right of the labels belong to the label on their baseline, or continue the value
    above them; the first line back at the label column (the body) or above the labels ends it.
    """
    rows: list[tuple[str, float]] = []
    left = height = 0.0
    for name, line, column in empties:
        box = stream.box(line, column)
        if box is None:
            return None
        rows.append((name, box[1]))
        left = box[0] if not rows[:-1] else min(left, box[0])
        height = max(height, box[3] - box[1])
    tolerance = height / 2
    top = max(y for _, y in rows) + tolerance
    values: dict[str, str] = {}
    current: str | None = None
    value_x = 0.0
    index = first
    while index < len(stream):
        box = stream.box(index)
        if box is None or box[0] <= left + _INDENT or box[1] > top:
            break
        above = [row for row in rows if row[1] >= box[1] - tolerance]
        if not above:
            break
        name, row_y = min(above, key=lambda row: row[1])  # the label row at or above the line
        text = unquoted(stream.texts[index])
        if row_y - box[1] <= tolerance and name not in values:
            current = name
            values[current] = text
            value_x = value_x or box[0]
        elif current is not None and name == current:
            values[current] = f"{values[current]} {text}"  # wrapped below its first line
        else:
            break
        index += 1
    return (values, index, value_x) if values else None


def _alignment(stream: Stream, block: HeaderBlock, values: list[tuple[int, int]]) -> None:
    """Record whether the located values (line, column) of a block start in one column."""
    xs = [box[0] for line, column in values if (box := stream.box(line, column)) is not None]
    if len(xs) >= 2:
        block.aligned = max(xs) - min(xs) <= _ALIGNED
        block.value_x = xs[0] if block.aligned else None


def read_block(stream: Stream, labels: Mapping[int, LabelMatch], start: int) -> HeaderBlock:
    """Read the label block that starts at `start` (a label line) as far as it goes.

    Values separated from their labels (glued `From:To:Subject:`, or a column of three or more
    empty labels including From, followed by a column of values) are paired by position when the
    reader located them, else by order. Requiring From keeps `Cc:` / `Bcc:` / `Subject:` printed
    empty from eating the body. Labels without a From end at a page break: a form's `Date:` and
    `To:` at the bottom of one page and the next page's header are not one block (a quoted header
    that has its From may run across a break, as body text does).
    """
    block = HeaderBlock(start, start)
    fields = block.fields
    texts = stream.texts
    count = len(texts)
    pending: list[str] = []  # labels whose values are expected on the following lines, in order
    empty_run: list[str] = []  # consecutive single labels printed without a value
    label_lines: list[int] = []
    pages = stream.pages
    index = start
    while index < count:
        if index > start and pages[index] != pages[index - 1] and "from" not in fields:
            break  # labels without a From above a page break (a form's) and a header below
        found = labels.get(index)
        if found is not None:
            names = found.names
            if names[0] in fields or (len(names) > 1 and any(n in fields for n in names)):
                break  # a repeated label starts the next block
            for name in names[:-1]:
                fields[name] = ""
            fields[names[-1]] = found.value
            label_lines.append(index)
            if len(names) > 1:
                block.paired_by_order = True
                pending = list(names[:-1]) + ([] if found.value else [names[-1]])
                empty_run = []
            elif not found.value:
                pending, empty_run = [], [*empty_run, names[0]]
            else:
                pending, empty_run = [], []
        elif pending or (len(empty_run) >= _LABEL_COLUMN and "from" in empty_run):
            placed = _pair_by_position(stream, _empties(labels, label_lines), index)
            if placed is not None:
                values, index, block.value_x = placed
                fields.update(values)
                block.paired_by_order, block.aligned = False, True
                break
            if not pending:
                block.paired_by_order = True
                pending, empty_run = empty_run, []
            fields[pending.pop(0)] = unquoted(texts[index])
        elif fields and _continues(stream, labels, index, block):
            last = next(reversed(fields))
            fields[last] = f"{fields[last]} {unquoted(texts[index])}".strip()
            empty_run = []  # the empty labels so far got their values inline
        else:
            break
        index += 1
    block.end = index
    if block.aligned is None and stream.boxes:
        inline = [(line, labels[line].column) for line in label_lines if labels[line].value]
        _alignment(stream, block, inline)
    return block


def _empties(labels: Mapping[int, LabelMatch], lines: list[int]) -> list[tuple[str, int, int]]:
    """(label, line, column) of every label in `lines` printed without its value."""
    return [
        (name, line, column)
        for line in lines
        for position, (name, column) in enumerate(
            zip(labels[line].names, labels[line].label_columns, strict=True), start=1
        )
        if position < len(labels[line].names) or not labels[line].value
    ]
