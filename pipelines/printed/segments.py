"""Cut the document's content lines into messages: top-level printouts and their quoted history.

The whole document is one stream of lines (pages concatenated), because a printed message may start
mid-page and run onto the next pages. Header blocks are found anywhere in the stream:

- a block right after a quoted-history separator (`-----Original Message-----`, an underscore rule,
  a forwarded-message marker) is quoted history of the top-level message it sits in;
- any other block starts a new top-level message, which runs up to the next top-level block.

A top-level message's body stops at its first quoted separator; each quoted message's body runs to
the next separator. The mailbox-owner name Outlook prints above a message is dropped (see
`_owner_line`), as is any repeat of it at the top of a later page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipelines.printed.furniture import Line, is_name_like, name_words
from pipelines.printed.headers import HeaderBlock, find_blocks, match_labels

_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|forwarded message|forwarded by\b.*?)\s*-*"
    r"|_{8,}|begin forwarded message:?)\s*$",
    re.IGNORECASE,
)
_UNDERSCORE_RULE = re.compile(r"^\s*_{8,}\s*$")
_PARTY_LABELS = ("from", "to", "cc", "bcc")


@dataclass(frozen=True, slots=True)
class Segment:
    """One message's place in the line stream.

    `span` is (first, last) line of everything the message covers (for a top-level message this
    includes its quoted history); `body` excludes headers, furniture and quoted history;
    `quoted_in` is the index (in the returned list) of the top-level segment holding a quoted one.
    """

    block: HeaderBlock
    span: tuple[Line, Line]
    body: tuple[Line, ...]
    quoted_in: int | None = None


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _first_on_page(lines: Sequence[Line], index: int) -> bool:
    return index == 0 or lines[index - 1].page != lines[index].page


def _owner_line(
    lines: Sequence[Line], block: HeaderBlock, index: int, repeated: Counter[str]
) -> bool:
    """Is line `index`, just above a top-level block, the mailbox owner's name Outlook prints?

    A name-like line qualifies when it heads its page, names a party of the message below, or stands
    above several messages. A lone signature line above an unseparated block can still be taken for
    it; the cost is one line of that body.
    """
    text = lines[index].text
    if not is_name_like(text):
        return False
    if _first_on_page(lines, index) or repeated[_normalise(text)] >= 2:
        return True
    words = name_words(text)
    parties = name_words(" ".join(block.fields.get(label, "") for label in _PARTY_LABELS))
    return bool(words) and words <= parties


def segment(lines: Sequence[Line]) -> list[Segment]:
    """Find every message in the line stream, in document order (a top-level one before its quotes)."""
    texts = [line.text for line in lines]
    separators = [bool(_SEPARATOR.match(text)) for text in texts]
    blocks = find_blocks(
        texts, match_labels(texts), relaxed_at=lambda i: i > 0 and separators[i - 1]
    )
    candidates: Counter[str] = Counter(
        _normalise(texts[block.start - 1])
        for block in blocks
        if block.start > 0
        and not separators[block.start - 1]
        and is_name_like(texts[block.start - 1])
    )
    # tops: (block, first line index that no longer belongs to the previous message)
    # quotes: (block, index of its separator line)
    tops: list[tuple[HeaderBlock, int]] = []
    quotes: list[tuple[HeaderBlock, int]] = []
    dropped: set[int] = set()
    owners: set[str] = set()
    previous_end = 0  # lines before this belong to an earlier header block
    for block in blocks:
        before = block.start - 1
        free = before >= previous_end  # the line above is not part of the previous header
        previous_end = block.end
        if free and separators[before] and tops:
            owner = before - 1
            if not (
                _UNDERSCORE_RULE.match(texts[before])
                and owner >= 0
                and _first_on_page(lines, owner)
                and is_name_like(texts[owner])
            ):
                quotes.append((block, before))
                continue
            # Outlook's owner name with its rule printed as text: a new top-level message.
            owners.add(_normalise(texts[owner]))
            dropped.update((owner, before))
            tops.append((block, owner))
        elif free and not separators[before] and _owner_line(lines, block, before, candidates):
            owners.add(_normalise(texts[before]))
            dropped.add(before)
            tops.append((block, before))
        else:
            tops.append((block, block.start))

    starts = {block.start for block in blocks}
    for index in range(len(lines)) if owners else ():
        if (
            _first_on_page(lines, index)
            and index not in starts
            and _normalise(texts[index]) in owners
        ):
            dropped.add(index)  # the owner's name repeated at the top of a later page

    segments: list[Segment] = []
    quote_iter = iter(quotes)
    pending = next(quote_iter, None)
    for number, (block, _cut) in enumerate(tops):
        end = tops[number + 1][1] if number + 1 < len(tops) else len(lines)
        inner: list[tuple[HeaderBlock, int]] = []
        while pending is not None and pending[0].start < end:
            inner.append(pending)
            pending = next(quote_iter, None)
        content = [i for i in range(block.start, end) if i not in dropped]
        span = (lines[block.start], lines[content[-1]])
        stops = [separator for _, separator in inner] + [end]
        top_index = len(segments)
        segments.append(Segment(block, span, _body(lines, block.end, stops[0], dropped)))
        for position, (quoted, _separator) in enumerate(inner):
            body = _body(lines, quoted.end, stops[position + 1], dropped)
            last = body[-1] if body else lines[quoted.end - 1]
            segments.append(Segment(quoted, (lines[quoted.start], last), body, quoted_in=top_index))
    return segments


def _body(lines: Sequence[Line], start: int, stop: int, dropped: set[int]) -> tuple[Line, ...]:
    return tuple(lines[i] for i in range(start, stop) if i not in dropped)
