"""Gmail prints: a thread title and `N messages`, then per message a sender line with its date.

Gmail prints a thread, not a message: the subject appears once, as the title above `N messages`,
and each message starts with `Name <address>` and its date on the same line (the date right-aligned,
which text extraction joins to the sender), followed by `To:` / `Cc:` lines. Every message of the
thread is given the printed title as its subject: it is what the page shows, and Gmail keeps one
subject per thread. The account line above the title (the mailbox printed from) and the title
block are not part of any message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from pipelines.printed.headers import ADDRESS_LABELS, HeaderBlock, LabelMatch, read_block
from pipelines.printed.stream import Stream

MESSAGE_COUNT_SRC: Final = r"\d{1,4}\s+messages?[ \t]*$"
GMAIL_DATE_SRC: Final = (
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2},\s+\d{4}"
    r"(?:,|\s+at)\s+\d{1,2}:\d{2}(?:\s*[ap]m)?(?:\s*\([^()\n]*\))?[ \t]*$"
)
# The date follows the sender after a space, or right after its `>` when a long sender runs into it.
_SENDER: Final = re.compile(
    rf"^(?P<sender>.*?\S)(?:\s+|(?<=>))(?P<date>{GMAIL_DATE_SRC})", re.IGNORECASE
)
_ACCOUNT: Final = re.compile(r"^[^<>@]*<[^<>\s]+@[^<>\s]+>$|^[^<>\s]+@[^<>\s]+$")
_TITLE_LINES: Final = 3


def read_sender(stream: Stream, labels: Mapping[int, LabelMatch], index: int) -> HeaderBlock | None:
    """A Gmail message header at line `index`: sender and date, then its To/Cc/Bcc lines."""
    match = _SENDER.match(stream.texts[index])
    if match is None:
        return None
    sender = match.group("sender")
    block = HeaderBlock(index, index + 1, {"from": sender, "sent": match.group("date")})
    block.kind = "gmail"
    if index + 1 < len(stream) and index + 1 in labels:
        recipients = read_block(stream, labels, index + 1)
        if not set(recipients.fields) <= ADDRESS_LABELS:
            return None  # a full label block follows: this line is body text, not a sender
        block.fields.update(recipients.fields)
        block.end = recipients.end
    elif "@" not in sender:
        return None
    return block


def thread_title(stream: Stream, count_line: int) -> tuple[str | None, int]:
    """The title above an `N messages` line, and the first line of the thread header.

    The title is the line (or the wrapped lines) between the page's account line (or the page
    top) and the count.
    """
    first = count_line
    while (
        first > 0
        and count_line - first < _TITLE_LINES
        and stream.pages[first - 1] == stream.pages[count_line]
        and not _ACCOUNT.match(stream.texts[first - 1])
    ):
        first -= 1
    title = " ".join(stream.texts[first:count_line]) or None
    if (
        first > 0
        and stream.pages[first - 1] == stream.pages[count_line]
        and _ACCOUNT.match(stream.texts[first - 1])
    ):
        first -= 1  # the account line belongs to the thread header too
    return title, first
