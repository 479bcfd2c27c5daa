"""Header values as printed: address lists and attachment names (dates are in `dates`).

Printed headers are text a person typed or a mail client rendered, then a redaction tool edited. The
parsers here therefore never guess a value into existence and never drop one: what cannot be split
into a name and an address is kept whole, and redaction marks (`(b)(6)`, `[REDACTED]`) stay verbatim
so analysts can tell "redacted" from "absent".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

# A redaction mark in a header value. OCR noise such as `Kb)(6)` is tolerated because the same
# parsers will serve OCR text later.
_REDACTION_SRC: Final = r"""
    \[\s*redacted\s*\]
  | \bredacted\b
  | (?:\(|\bK|\b)b\)\s*\(\s*\d\s*\)(?:\s*\(\s*[a-f]\s*\))*
  | \bb\s?[5-7]\s*(?:(?:&|and)\s*7\s?c)?\b
"""
_REDACTION: Final = re.compile(_REDACTION_SRC, re.IGNORECASE | re.VERBOSE)
_REDACTION_ONLY: Final = re.compile(
    rf"^(?:\s*(?:{_REDACTION_SRC})[\s,;&]*)+$", re.IGNORECASE | re.VERBOSE
)
# `<addr>`, or the older Outlook `[mailto:addr]` / `[SMTP:addr]` that quoted headers use.
_BRACKETED: Final = re.compile(r"<([^<>]*)>|\[(?:mailto|smtp):([^\]]*)\]", re.IGNORECASE)
_X500: Final = re.compile(r"^/o=", re.IGNORECASE)
# Exchange 2007 and later put every mailbox in one administrative group, so legacy X.500 paths
# (`/O=ORG/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=...`) carry this literal. A
# scan's reading breaks it with spaces (`E XCHANGE`, `(FY DIBOHF23SPDLT)`) and takes the path's
# leading slash for a parenthesis or drops it; both are put back.
_EXCHANGE_GROUP_TEXT: Final = "EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)"
_EXCHANGE_GROUP: Final = re.compile(
    r"(?<=/ou=)\s*" + r"\s*".join(map(re.escape, _EXCHANGE_GROUP_TEXT.replace(" ", ""))),
    re.IGNORECASE,
)
_X500_START: Final = re.compile(r"^[(|\\]?o=(?=[^/]*/ou=)", re.IGNORECASE)
# The common entries, `Name <addr>`, `"Last, First" <addr>` or `addr`, with no digit, bracket or
# parenthesis that could be (part of) a redaction mark: read without the general path's regexes.
_PLAIN: Final = re.compile(
    r'\s*(?:"?([A-Za-z][A-Za-z .,\'-]*)"?\s*<)?([A-Za-z._+-]+@[A-Za-z-]+(?:\.[A-Za-z-]+)+)'
    r"(?(1)>)\s*[,;]?\s*$"
)
# Lotus Notes hierarchical names, `Ana Ramirez/MBCSO@MBCSO`: a name with /-separated units and a
# Notes domain without dots. They are names, not addresses, whatever the '@' suggests.
_NOTES_NAME: Final = re.compile(r"^[^<>@/;,]+(?:/[^<>@/;,]+)+(?:@[\w-]+)?$")
_SCHEME: Final = re.compile(r"^(?:mailto|smtp):", re.IGNORECASE)
_QUOTES: Final = "\"'\u201c\u201d\u2018\u2019"
# One entry of a list: a run of <...>, "...", [...] or (...) groups (which may hold separators) and
# other characters, up to a top-level separator. An opener that never closes is a plain character.
# Runs of plain characters are taken whole: one character at a time took twice as long.
_GROUPS: Final = r'"[^"]*"|<[^<>]*>|\[[^\[\]]*\]|\([^()]*\)'
_ENTRIES: Final = {
    separator: re.compile(rf'(?:[^{separator}"<\[(]+|{_GROUPS}|["<\[(])+') for separator in ";,"
}
# Could the text hold a redaction mark (`b)`, `edact`, `b6`)? Every `_REDACTION` match has one of
# these, and testing for them first spares most values the full search, which tries all its
# branches at every character (9 us on an X.500 path). It starts with a character class, which the
# regex engine skips to directly: as a case-insensitive alternation it took three times as long.
_MAYBE_REDACTED: Final = re.compile(
    r"[bBeE](?:(?<=[bB])\)|(?<=[eE])[dD][aA][cC][tT]|(?<=\b[bB])\s?[5-7])"
)


@dataclass(slots=True)
class Mailbox:
    """One entry of a From/To/Cc/Bcc value.

    `name` is kept verbatim (including `X on behalf of Y`), `address` is lowercased unless it
    carries a redaction mark, and `redacted` says whether any part of the entry was redacted.
    """

    name: str | None
    address: str | None
    redacted: bool = False

    def __init__(self, name: str | None, address: str | None, redacted: bool = False) -> None:
        self.name, self.address, self.redacted = name, address, redacted


def is_redaction_only(text: str) -> bool:
    """True when the text is nothing but redaction marks, e.g. `(b)(6); (b)(7)(C)`."""
    return bool(_REDACTION_ONLY.match(text))


def _maybe_redacted(text: str) -> bool:
    """`_MAYBE_REDACTED`, looked for only where its pieces are: a `)`, a 5 to 7, or `edact` in
    ASCII letters of any case. Most values have none, and an `in` costs a tenth of a search."""
    return bool(
        (")" in text or "5" in text or "6" in text or "7" in text or "edact" in text.lower())
        and _MAYBE_REDACTED.search(text)
    )


def _has_redaction(text: str) -> bool:
    return _maybe_redacted(text) and bool(_REDACTION.search(text))


def _normalise_address(raw: str) -> str | None:
    """Lowercase an address for matching, but leave a redacted local part as printed; mend an
    Exchange X.500 path (`_EXCHANGE_GROUP`) or a bracketed address as a scan's reading breaks
    them with spaces."""
    address = _SCHEME.sub("", raw.strip().strip(_QUOTES).strip())
    if not address:
        return None
    if "=" in address:
        address = _X500_START.sub("/o=", address)
        address = _EXCHANGE_GROUP.sub(_EXCHANGE_GROUP_TEXT, address)
    elif "@" in address:
        address = "".join(address.split())  # an address has no spaces; a scan's reading adds them
    if _has_redaction(address):
        local, at, domain = address.rpartition("@")
        return f"{local}{at}{domain.lower()}" if at else address
    return address.lower()


def _clean_name(raw: str) -> str | None:
    name = " ".join(raw.split()).strip(",;").strip()
    if len(name) >= 2 and name[0] in _QUOTES and name[-1] in _QUOTES:
        name = name[1:-1].strip()
    return name or None


@lru_cache(maxsize=8192)
def parse_mailbox(text: str) -> Mailbox | None:
    """Split one entry into name and address; None for an empty entry.

    Exchange X.500 paths (`/O=EXCHANGELABS/OU=...`) are addresses without a domain; a bare redaction
    mark is treated as a redacted address because in a header it stands for the whole mailbox.
    Cached: quoted history repeats the same senders and recipients many times in a release.
    """
    plain = _PLAIN.match(text)
    if plain is not None and "edact" not in text.lower():
        name = " ".join(plain.group(1).split()).strip(",; ") if plain.group(1) else None
        return Mailbox(name or None, plain.group(2).lower())
    entry = " ".join(text.split()).strip(",;").strip()
    if not entry:
        return None
    redacted = _has_redaction(entry)
    matches = list(_BRACKETED.finditer(entry)) if "<" in entry or "[" in entry else None
    if matches:
        bracketed = matches[-1]  # the address comes last; an earlier bracket belongs to the name
        inner = bracketed.group(1) if bracketed.group(1) is not None else bracketed.group(2)
        rest = entry[: bracketed.start()] + entry[bracketed.end() :]
        return Mailbox(_clean_name(rest), _normalise_address(inner), redacted)
    if _X500.match(entry) or (redacted and _REDACTION_ONLY.match(entry)):
        return Mailbox(None, _normalise_address(entry), redacted)
    if "/" in entry and _NOTES_NAME.match(entry):
        return Mailbox(entry, None, redacted)
    head, _, last = entry.rpartition(" ")
    if "@" in last:
        return Mailbox(_clean_name(head), _normalise_address(last), redacted)
    return Mailbox(_clean_name(entry), None, redacted)


def _has_address(piece: str) -> bool:
    return "@" in piece or "<" in piece or bool(_X500.match(piece.strip()))


def _merge_last_first(pieces: list[str]) -> list[str]:
    """With ',' as separator, re-join `Doe, John` that the split tore apart.

    A one-word piece without an address followed by another piece is a surname: it is merged with
    the next piece. `Ana Ramirez, John Doe` stays two entries.
    """
    merged: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index].strip()
        if (
            index + 1 < len(pieces)
            and " " not in piece
            and not _has_address(piece)
            and not _REDACTION_ONLY.match(piece)
        ):
            merged.append(f"{pieces[index]},{pieces[index + 1]}")
            index += 2
            continue
        merged.append(pieces[index])
        index += 1
    return merged


def _merge_redaction_runs(pieces: list[str], separator: str) -> list[str]:
    """Keep `(b)(6); (b)(7)(C)` as one redacted entry rather than invent two recipients."""
    merged: list[str] = []
    previous_redacted = False
    for piece in pieces:
        redacted = bool(_REDACTION_ONLY.match(piece))
        if redacted and previous_redacted:
            merged[-1] = f"{merged[-1]}{separator}{piece}"
        else:
            merged.append(piece)
        previous_redacted = redacted
    return merged


@lru_cache(maxsize=4096)
def split_address_list(value: str | None) -> tuple[Mailbox, ...]:
    """Parse `Last, First <addr>; Smith, K. <k@x.gov>` and the comma-separated Gmail style.

    ';' separates entries when the value has one outside brackets (so the comma in `Doe, John` is part
    of a name); otherwise ',' does, with surnames re-joined to their first names. Cached: quoted
    history repeats the same recipient lists many times in a release.
    """
    if not value or not value.strip():
        return ()
    if ";" not in value and "," not in value:
        single = parse_mailbox(value)
        return () if single is None else (single,)
    # Without a ';' the ';' expression takes the whole value as one entry: spare it the search.
    separator, pieces = ";", _ENTRIES[";"].findall(value) if ";" in value else []
    if len(pieces) < 2:
        separator, pieces = ",", _ENTRIES[","].findall(value)
    pieces = [piece for piece in pieces if piece.strip()]
    if separator == ",":
        pieces = _merge_last_first(pieces)
    if _maybe_redacted(value):
        pieces = _merge_redaction_runs(pieces, separator)
    mailboxes = [parse_mailbox(piece) for piece in pieces]
    return tuple([mailbox for mailbox in mailboxes if mailbox is not None])


# --- attachments -------------------------------------------------------------------------------

_FILE_NAME: Final = re.compile(r"\.[A-Za-z0-9]{1,5}\s*(?:\([^()]*\))?$")


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
    return [name for piece in pieces if (name := " ".join(piece.split()))]
