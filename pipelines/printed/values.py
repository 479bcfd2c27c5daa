"""Header values as printed: address lists, dates and attachment names.

Printed headers are text a person typed or a mail client rendered, then a redaction tool edited. The
parsers here therefore never guess a value into existence and never drop one: what cannot be split
into a name and an address is kept whole, and redaction marks (`(b)(6)`, `[REDACTED]`) stay verbatim
so analysts can tell "redacted" from "absent".
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as date_parser

from pipelines.extract.rows import SentAt

# A redaction mark in a header value. OCR noise such as `Kb)(6)` is tolerated because the same
# parsers will serve OCR text later.
_REDACTION_SRC = r"""
    \[\s*redacted\s*\]
  | \bredacted\b
  | (?:\(|\bK|\b)b\)\s*\(\s*\d\s*\)(?:\s*\(\s*[a-f]\s*\))*
  | \bb\s?[5-7]\s*(?:(?:&|and)\s*7\s?c)?\b
"""
_REDACTION = re.compile(_REDACTION_SRC, re.IGNORECASE | re.VERBOSE)
_REDACTION_ONLY = re.compile(rf"^(?:\s*(?:{_REDACTION_SRC})[\s,;&]*)+$", re.IGNORECASE | re.VERBOSE)
# `<addr>`, or the older Outlook `[mailto:addr]` / `[SMTP:addr]` that quoted headers use.
_BRACKETED = re.compile(r"<([^<>]*)>|\[(?:mailto|smtp):([^\]]*)\]", re.IGNORECASE)
_X500 = re.compile(r"^/o=", re.IGNORECASE)
_SCHEME = re.compile(r"^(?:mailto|smtp):", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_OPENERS = {"<": ">", '"': '"', "[": "]", "(": ")"}
_ANGLES_ONLY = {"<": ">"}


@dataclass(frozen=True, slots=True)
class Mailbox:
    """One entry of a From/To/Cc/Bcc value.

    `name` is kept verbatim (including `X on behalf of Y`), `address` is lowercased unless it
    carries a redaction mark, and `redacted` says whether any part of the entry was redacted.
    """

    name: str | None
    address: str | None
    redacted: bool = False


def is_redaction_only(text: str) -> bool:
    """True when the text is nothing but redaction marks, e.g. `(b)(6); (b)(7)(C)`."""
    return bool(_REDACTION_ONLY.match(text))


def _normalise_address(raw: str) -> str | None:
    """Lowercase an address for matching, but leave a redacted local part as printed."""
    address = _SCHEME.sub("", raw.strip().strip(_QUOTES).strip())
    if not address:
        return None
    if _REDACTION.search(address):
        local, at, domain = address.rpartition("@")
        return f"{local}{at}{domain.lower()}" if at else address
    return address.lower()


def _clean_name(raw: str) -> str | None:
    name = _SPACES.sub(" ", raw).strip().strip(",;").strip()
    if len(name) >= 2 and name[0] in _QUOTES and name[-1] in _QUOTES:
        name = name[1:-1].strip()
    return name or None


def parse_mailbox(text: str) -> Mailbox | None:
    """Split one entry into name and address; None for an empty entry.

    Exchange X.500 paths (`/O=EXCHANGELABS/OU=...`) are addresses without a domain; a bare redaction
    mark is treated as a redacted address because in a header it stands for the whole mailbox.
    """
    entry = _SPACES.sub(" ", text).strip().strip(",;").strip()
    if not entry:
        return None
    redacted = bool(_REDACTION.search(entry))
    matches = list(_BRACKETED.finditer(entry))
    if matches:
        bracketed = matches[-1]  # the address comes last; an earlier bracket belongs to the name
        inner = bracketed.group(1) if bracketed.group(1) is not None else bracketed.group(2)
        rest = entry[: bracketed.start()] + entry[bracketed.end() :]
        return Mailbox(_clean_name(rest), _normalise_address(inner), redacted)
    if _X500.match(entry) or _REDACTION_ONLY.match(entry):
        return Mailbox(None, _normalise_address(entry), redacted)
    head, _, last = entry.rpartition(" ")
    if "@" in last:
        return Mailbox(_clean_name(head), _normalise_address(last), redacted)
    return Mailbox(_clean_name(entry), None, redacted)


def _top_level_separators(
    value: str, openers: dict[str, str] = _OPENERS
) -> tuple[list[int], list[int]]:
    """Positions of ';' and ',' that are not inside <...>, "...", [...] or (...).

    An opener that never closes (a stray '(' or '"') would hide every later separator, so in that
    case only angle brackets are respected.
    """
    semicolons: list[int] = []
    commas: list[int] = []
    closing: list[str] = []
    for index, char in enumerate(value):
        if closing:
            if char == closing[-1]:
                closing.pop()
            elif char in openers and char != '"' and closing[-1] != '"':
                closing.append(openers[char])
        elif char in openers:
            closing.append(openers[char])
        elif char == ";":
            semicolons.append(index)
        elif char == ",":
            commas.append(index)
    if closing and openers is _OPENERS:
        return _top_level_separators(value, _ANGLES_ONLY)
    return semicolons, commas


def _has_address(piece: str) -> bool:
    return "@" in piece or "<" in piece or bool(_X500.match(piece.strip()))


def _merge_last_first(value: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """With ',' as separator, re-join `Doe, John` that the split tore apart.

    A one-word piece without an address followed by another piece is a surname: it is merged with
    the next piece. `Ana Ramirez, John Doe` stays two entries.
    """
    merged: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        piece = value[start:end].strip()
        if (
            index + 1 < len(spans)
            and piece
            and " " not in piece
            and not _has_address(piece)
            and not _REDACTION_ONLY.match(piece)
        ):
            merged.append((start, spans[index + 1][1]))
            index += 2
            continue
        merged.append((start, end))
        index += 1
    return merged


def _merge_redaction_runs(value: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep `(b)(6); (b)(7)(C)` as one redacted entry rather than invent two recipients."""
    merged: list[tuple[int, int]] = []
    previous_redacted = False
    for start, end in spans:
        redacted = bool(_REDACTION_ONLY.match(value[start:end]))
        if redacted and previous_redacted:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        previous_redacted = redacted
    return merged


def split_address_list(value: str | None) -> list[Mailbox]:
    """Parse `Last, First <addr>; Smith, K. <k@x.gov>` and the comma-separated Gmail style.

    ';' separates entries when the value has one outside brackets (so the comma in `Doe, John` is part
    of a name); otherwise ',' does, with surnames re-joined to their first names.
    """
    if not value or not value.strip():
        return []
    semicolons, commas = _top_level_separators(value)
    cuts = semicolons or commas
    bounds = [-1, *cuts, len(value)]
    spans = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    spans = [(s, e) for s, e in spans if value[s:e].strip()]
    if not semicolons and commas:
        spans = _merge_last_first(value, spans)
    spans = _merge_redaction_runs(value, spans)
    mailboxes = (parse_mailbox(value[start:end]) for start, end in spans)
    return [mailbox for mailbox in mailboxes if mailbox is not None]


def looks_like_address_list(text: str) -> bool:
    """True when every entry of the line has an address: a wrapped To/Cc line, not body text."""
    mailboxes = split_address_list(text)
    return bool(mailboxes) and all(
        mailbox.address is not None and ("@" in mailbox.address or mailbox.address.startswith("/"))
        for mailbox in mailboxes
    )


# --- dates -------------------------------------------------------------------------------------

_HOUR = 3600
_TZINFOS = {
    name: timezone(timedelta(seconds=offset * _HOUR))
    for name, offset in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "AKST": -9,
        "AKDT": -8,
        "HST": -10,
    }.items()
}
_AT = re.compile(r"\s+at\s+(?=\d)", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\([^()]*\)")
# Two defaults that differ in every date field: a field the text did not give shows up as a
# difference, so "Thursday" alone or "9:17 AM" alone is not turned into a made-up date.
_DEFAULT_A = datetime(1901, 1, 1)
_DEFAULT_B = datetime(1902, 2, 2)


def _parse_with(text: str, default: datetime) -> datetime:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return date_parser.parse(text, default=default, tzinfos=_TZINFOS)


def parse_sent(text: str | None) -> SentAt:
    """Parse a printed Sent:/Date: value.

    A zone in the text gives an aware `instant`; no zone gives a naive `local` wall-clock time that
    the load step places in the agency's zone. Anything that does not name a full date keeps only
    its text.
    """
    if text is None or not text.strip():
        return SentAt(None)
    printed = _SPACES.sub(" ", text).strip()
    return _parse_cleaned(printed, _PARENTHESISED.sub(" ", _AT.sub(" ", printed)).strip(" ,"))


@lru_cache(maxsize=8192)
def _parse_cleaned(printed: str, cleaned: str) -> SentAt:
    """Cached: quoted history repeats the same dates many times in a release."""
    try:
        first = _parse_with(cleaned, _DEFAULT_A)
        # A field the text did not give takes the default's value; only a result that shows one
        # of those values needs the second parse to tell "given" from "filled in".
        suspect = (
            first.year == _DEFAULT_A.year
            or first.month == _DEFAULT_A.month
            or first.day == _DEFAULT_A.day
        )
        if suspect and _parse_with(cleaned, _DEFAULT_B) != first:
            return SentAt(printed)
    except (ValueError, OverflowError):
        return SentAt(printed)
    if first.tzinfo is not None and first.utcoffset() is not None:
        return SentAt(printed, instant=first)
    return SentAt(printed, local=first.replace(tzinfo=None))


def utc(instant: datetime | None) -> datetime | None:
    """An aware datetime converted to UTC (the warehouse stores instants in UTC)."""
    return None if instant is None else instant.astimezone(UTC)


# --- attachments -------------------------------------------------------------------------------

_FILE_NAME = re.compile(r"\.[A-Za-z0-9]{1,5}\s*(?:\([^()]*\))?$")


def split_attachment_names(value: str | None) -> list[str]:
    """File names from an Attachments: line, split on ';' (Outlook) or on ', ' when every piece
    looks like a file name (other clients); a name that itself has a comma is otherwise kept whole.
    """
    if not value or not value.strip():
        return []
    if ";" in value:
        pieces = value.split(";")
    else:
        pieces = value.split(",")
        if len(pieces) > 1 and not all(_FILE_NAME.search(piece.strip()) for piece in pieces):
            pieces = [value]
    return [name for piece in pieces if (name := _SPACES.sub(" ", piece).strip())]
