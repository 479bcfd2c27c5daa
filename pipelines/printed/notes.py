"""Lotus Notes memo headers: sender and date on the left, `To` / `cc` / `bcc` / `Subject` on the right.

Notes prints the header as a two-column table without colons:

    Erik Halvorsen/SFR/ICE/DHS@DHS        To       Ana Ramirez/MBCSO@MBCSO
    06/19/2017 05:48 AM                   cc       Daniel Okafor/MBCSO@MBCSO
                                          Subject  RE: pickup at the sally port

Text extraction reads it row by row (the left cell joined to the right one) or column by column;
both are read here. The numeric date line is the anchor: the line above it is the sender, and the
right column runs until the Subject row. Replies carry the earlier memos' headers in the same shape,
with no separator; `segments` decides which of them are quoted history.
"""

from __future__ import annotations

import re
from typing import Final

from pipelines.printed.headers import HeaderBlock
from pipelines.printed.stream import Stream

NOTES_DATE_SRC: Final = r"\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?"
_DATE_LINE: Final = re.compile(rf"^(?P<date>{NOTES_DATE_SRC})(?:\s+(?P<rest>.*))?$", re.IGNORECASE)
_SENDER_ROW: Final = re.compile(r"^(?P<sender>.+?)\s+To(?:\s+(?P<rest>.*))?$")
_RIGHT_LABEL: Final = re.compile(r"^(?P<label>To|cc|bcc|Subject)\b[ \t]*(?P<value>.*)$")
_NAMES: Final = {"To": "to", "cc": "cc", "bcc": "bcc", "Subject": "subject"}
# Specks between the Subject cell and its value on a scan, read as dashes, underscores or quotes.
_VALUE_SPECKS: Final = re.compile(r"^[\u2014\u2013_\u2018\u2019|~]+\s*(?=\w)")
_MAX_ROWS: Final = 30
_INDENT: Final = 8.0  # points: a line starting this far right of the Subject row continues it


def _add(fields: dict[str, str], current: str | None, text: str) -> str | None:
    """Put one right-column cell into `fields`; return the label later cells continue."""
    labelled = _RIGHT_LABEL.match(text)
    if labelled:
        current = _NAMES[labelled.group("label")]
        if current in fields:
            return None
        fields[current] = _VALUE_SPECKS.sub("", labelled.group("value").strip())
    elif current is not None:
        fields[current] = f"{fields[current]} {text}".strip()
    return current


def read_notes(stream: Stream, date_line: int) -> HeaderBlock | None:
    """The Notes header whose date is on line `date_line` (the sender is on the line above)."""
    dated = _DATE_LINE.match(stream.texts[date_line]) if date_line > 0 else None
    if dated is None or stream.pages[date_line - 1] != stream.pages[date_line]:
        return None
    sender_text = stream.texts[date_line - 1]
    fields: dict[str, str] = {}
    current: str | None = None
    row = _SENDER_ROW.match(sender_text)
    if row:  # read row by row: the To cell is on the sender's row
        sender_text = row.group("sender")
        fields["to"] = (row.group("rest") or "").strip()
        current = "to"
    fields = {"from": sender_text, "sent": dated.group("date"), **fields}
    if dated.group("rest"):
        current = _add(fields, current, dated.group("rest"))
    index = date_line + 1
    while index < min(len(stream), date_line + _MAX_ROWS) and "subject" not in fields:
        text = stream.texts[index]
        if not _RIGHT_LABEL.match(text) and current is None:
            break
        current = _add(fields, current, text)
        if current is None:
            break
        index += 1
    if "subject" not in fields:
        return None  # Notes always prints a Subject row, even an empty one
    subject_box = stream.box(index - 1)  # the Subject row; a long subject wraps right of it
    while index < len(stream) and subject_box is not None:
        wrapped = stream.box(index)
        if wrapped is None or wrapped[0] <= subject_box[0] + _INDENT:
            break
        fields["subject"] = f"{fields['subject']} {stream.texts[index]}"
        index += 1
    return HeaderBlock(date_line - 1, index, fields, kind="notes")
