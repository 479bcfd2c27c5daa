"""Quoted-history markers: separator lines and `On <date>, <name> wrote:` attributions.

A separator (`-----Original Message-----`, an underscore rule printed as text, Gmail's
`---------- Forwarded message ---------`, Apple Mail's `Begin forwarded message:`, Notes'
`----- Forwarded by ... -----`) says the header block below it is quoted history. An attribution
line is itself the whole header of the quoted message: who wrote it and when, nothing else. Mail
clients wrap long attributions, so up to three lines are read as one.
"""

from __future__ import annotations

import re
from typing import Final

from pipelines.printed.dates import DATE_SRC, TIME_SRC
from pipelines.printed.headers import HeaderBlock
from pipelines.printed.stream import Stream, unquoted

SEPARATOR_SRC: Final = (
    r"(?:-{2,}\s*(?:original message|forwarded message|forwarded by\b[^\n]*?)\s*-*"
    r"|_{8,}|begin forwarded message:?)[ \t]*$"
)
UNDERSCORE_RULE: Final = re.compile(r"^\s*_{8,}\s*$")
# A separator as a scan's reading may give it: the dash runs around the words dropped, or read as
# letters and other marks (`nonnnn= Original Message --------`, `Forwarded message`). The words are
# looked for with the capitals clients print, after at most a short run of lowercase letters and
# rule-like marks, and before rule-like marks only.
_RULE_READ: Final = "a-z\\s>\\-\u2010-\u2015=_~.,:;'\"\u2018-\u201d|"
LOOSE_SEPARATOR: Final = re.compile(
    rf"^[{_RULE_READ}]{{0,16}}?"
    r"(?:Original Message|Forwarded message|Forwarded by\s.+?\son\s\d.*?)"
    r"[\s\-\u2010-\u2015=_~]*$"
)
_ATTRIBUTION_LINES: Final = 3
_DATED: Final = re.compile(rf"^\s*{DATE_SRC}(?:{TIME_SRC})?", re.IGNORECASE | re.VERBOSE)
_WROTE: Final = re.compile(r"^on\s+(?P<inner>.*?)\s*wrote:\s*$", re.IGNORECASE)


def read_attribution(stream: Stream, index: int) -> HeaderBlock | None:
    """The quoted message an `On <date>, <name> wrote:` line (wrapped or not) introduces."""
    parts: list[str] = []
    for line in range(index, min(index + _ATTRIBUTION_LINES, len(stream))):
        parts.append(unquoted(stream.texts[line]))
        whole = _WROTE.match(" ".join(parts))
        if whole:
            break
    else:
        return None
    inner = whole.group("inner")
    dated = _DATED.match(inner)
    sender = inner[dated.end() :].strip(" ,") if dated else ""
    if dated is None or not sender:
        return None
    fields = {"from": sender, "sent": dated.group(0).strip(" ,")}
    return HeaderBlock(index, line + 1, fields, kind="attribution")
