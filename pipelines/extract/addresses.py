"""Address lists as released mail writes them, not only as RFC 5322 says.

Outlook and readpst separate recipients with `;` and leave commas unquoted inside names
(`Doe, John <jd@x.gov>; Smith, K. <ks@x.gov>`); RFC mail uses `,` and quotes such names; exports add
trailing separators, group labels (`undisclosed-recipients:;`) and names with no address at all.
A split on every `,` and `;` turns a 200-recipient list into 399 pieces. The rule here:

- separators count only outside quotes, `<...>` and `(...)`;
- `;` always ends a mailbox; `,` ends one only once the pieces so far hold an address, so
  `Doe, John <jd@x.gov>` stays one mailbox while `a@x.gov, b@x.gov` is two;
- each mailbox is `name <address>`, `address (name)`, a bare address, or a bare name.
"""

from __future__ import annotations

import email.utils
import functools
import re

Mailbox = tuple[str | None, str | None]  # (display name, address lower-cased)

_GROUP_LABEL = re.compile(r'^\s*[^"<>@,;:()]+:\s*')
_X500 = re.compile(r"^/o=", re.IGNORECASE)  # Exchange's internal address form
# Quoted strings, <...> and (...) are kept whole (unterminated ones run to the end); separators alone.
_WHOLE = r'"(?:[^"\\]|\\.)*"?|<[^>]*>?|\((?:[^()\\]|\\.)*\)?'
_TOKENS = re.compile(rf'{_WHOLE}|[,;]|[^",;<(]+')
# The tokens of _TOKENS up to a `;` token (or the end): the text of one `;`-separated segment.
_SEGMENT = re.compile(rf'(?:{_WHOLE}|,|[^",;<(]+)*')


def _split_top_level(text: str) -> list[tuple[str, str]]:
    """(piece, separator that ended it) for separators outside quotes, angle brackets, comments."""
    pieces: list[tuple[str, str]] = []
    current: list[str] = []
    for token in _TOKENS.findall(text):
        if token in (",", ";"):
            pieces.append(("".join(current), token))
            current = []
        else:
            current.append(token)
    pieces.append(("".join(current), ""))
    return pieces


@functools.lru_cache(maxsize=8192)
def _address_kind(piece: str) -> str:
    """'angle' for `name <address>`, 'bare' for an address alone, '' for a name alone.

    Remembered, as `parse_mailbox` is: the same people recur across a mailbox's lists."""
    without_quotes = re.sub(r'"(?:[^"\\]|\\.)*"', "", piece)
    if re.search(r"<[^>]*>", without_quotes):
        return "angle"
    return "bare" if "@" in re.sub(r"\([^()]*\)", "", without_quotes) else ""


def _mailboxes(text: str) -> list[str]:
    """The header split into one string per mailbox, following the module's rule."""
    found: list[str] = []
    pending: list[str] = []
    for piece, separator in _split_top_level(text):
        piece = _GROUP_LABEL.sub("", piece, count=1) if ":" in piece else piece
        kind = _address_kind(piece)
        if kind == "bare" and pending:  # names before a bare address are mailboxes of their own
            found.append(",".join(pending))
            pending = []
        if pending or piece.strip():  # blank pieces count only inside a name ("A,,B <x@y>")
            pending.append(piece)
        if pending and (separator in {";", ""} or kind):
            found.append(",".join(pending))
            pending = []
    return [box.strip().rstrip(",").strip() for box in found if box.strip(" ,")]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = email.utils.unquote(text) if text[0] == '"' else text[1:-1]
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def parse_mailbox(text: str) -> Mailbox:
    """One mailbox string to (name, address); either may be None, never both."""
    angle = re.search(r"<([^<>]*)>", text)
    token = text.strip()
    if not angle and (_X500.match(token) or ("@" in token and not re.search(r"\s", token))):
        # One token: an address, kept verbatim even when it looks odd ((b)(6)@ice.dhs.gov).
        address, name = token, ""
    elif angle:
        address = angle.group(1).strip()
        name = _unquote(text[: angle.start()] + text[angle.end() :])
    else:
        comment = re.search(r"\(([^()]*)\)", text)
        bare = text[: comment.start()] + text[comment.end() :] if comment else text
        if "@" in bare:
            address, name = bare.strip(), _unquote(comment.group(1)) if comment else ""
        else:
            address, name = "", _unquote(text)
    address = address.strip().strip("'\"").lower()
    return (name or None, address or None)


def parse_address_list(text: str | None) -> list[Mailbox]:
    """Every mailbox in a To/Cc/Bcc/From value, in order; empty pieces are dropped.

    A `;` outside quotes, `<...>` and `(...)` always ends a mailbox and nothing carries past it, so
    a `;` list is read a segment at a time, each remembered: Outlook lists rarely repeat whole, but
    the people in them do."""
    if not text:
        return []
    found: list[Mailbox] = []
    at = 0
    while at <= len(text):
        segment = _SEGMENT.match(text, at)
        found += _segment_mailboxes(segment.group())
        at = segment.end() + 1  # past the `;`
    return found


@functools.lru_cache(maxsize=8192)
def _segment_mailboxes(text: str) -> tuple[Mailbox, ...]:
    return tuple(box for box in map(parse_mailbox, _mailboxes(text)) if any(box))
