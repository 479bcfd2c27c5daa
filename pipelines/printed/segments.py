"""Cut the document's content lines into messages: top-level printouts and their quoted history.

Of the header blocks `blocks` finds, each either starts a new printed message or is quoted
history inside the current one:

- a block after a separator line, and every `On <date>, <name> wrote:` attribution, is quoted
  (Outlook's owner name over an underscore rule printed as text is not a separator);
- a Gmail sender line, or a block under the mailbox owner's name Outlook prints (set as a
  banner, where the reader located it), starts a message;
- any other block is quoted when it reads as the history of the message it sits in: an inline
  header under aligned memo headers (where the reader located the values), or else the subject
  of the header above it with its `RE:`/`FW:` removed and a date no later than that header's.

A message also ends where something that is not mail begins: a Gmail thread header, or a page
that does not start with a header but follows a page that ended well above its bottom margin or
opens with a heading set larger than text (or, without geometry, opens like a letter). Those pages
stay outside every message. A top-level message's body stops at its first quoted message; each
quoted message's body runs to the next. The mailbox-owner name Outlook prints above a message,
and its repeats at the top of later pages, are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from pipelines.printed.blocks import Found, find_blocks
from pipelines.printed.dates import parse_sent
from pipelines.printed.furniture import Line, is_name_like, name_words
from pipelines.printed.headers import HeaderBlock
from pipelines.printed.quotes import UNDERSCORE_RULE
from pipelines.printed.scan import PageScan
from pipelines.printed.stream import Stream, unquoted

_PARTY_LABELS: Final = ("from", "to", "cc", "bcc")
_REPLY_PREFIX: Final = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE
)
_SPACES: Final = re.compile(r"\s+")
# A page that opens like a letter or form: an all-capitals heading, a salutation, a memo title.
_DOCUMENT_START: Final = re.compile(
    r"^(?:[A-Z0-9][A-Z0-9 ,.'&()/:-]{9,}|Dear\s.*|MEMORANDUM\b.*|.*\bFORM\b.*)$"
)
_SAME_COLUMN: Final = 2.0  # points: values starting this close share the memo header's column
_BANNER_SIZE: Final = 1.2  # an owner banner's type is this much taller than the header's
_HEADER_REACH: Final = 3  # a header this many lines into a page makes the page a message page


@dataclass(slots=True)
class Segment:
    """One message's place in the line stream.

    `span` is (first, last) line of everything the message covers (for a top-level message this
    includes its quoted history); `body` excludes headers, furniture and quoted history;
    `quoted_in` is the index (in the returned list) of the top-level segment holding a quoted one.
    """

    block: HeaderBlock
    span: tuple[Line, Line]
    body: str
    quoted_in: int | None = None

    def __init__(
        self, block: HeaderBlock, span: tuple[Line, Line], body: str, quoted_in: int | None = None
    ) -> None:
        self.block, self.span, self.body, self.quoted_in = block, span, body, quoted_in


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def subject_core(subject: str) -> str:
    """The subject without reply/forward prefixes, case and spaces (a scan's reading adds and
    drops them: `23-8341 92`): what a thread shares."""
    return _SPACES.sub("", _REPLY_PREFIX.sub("", subject)).casefold()


def _banner(stream: Stream, index: int, block: HeaderBlock) -> bool | None:
    """Is line `index` set larger than the header below it (Outlook's owner banner)? None when the
    reader did not locate both."""
    line, header = stream.box(index), stream.box(block.start)
    if line is None or header is None:
        return None
    return line[3] - line[1] > _BANNER_SIZE * (header[3] - header[1])


def _owner_line(stream: Stream, block: HeaderBlock, index: int, repeated: _Repeats) -> bool:
    """Is line `index`, just above a top-level block, the mailbox owner's name Outlook prints?

    Where the reader located it, the banner is set larger than the header. Otherwise a name-like
    line of two words or more qualifies when it heads its page, names a party of the message
    below, or stands above several messages; a signature line above an unseparated block can still
    be taken for it, at the cost of one line of that body.
    """
    text = stream.texts[index]
    if not is_name_like(text) or len(text.split()) < 2:
        return False
    banner = _banner(stream, index, block)
    if banner is not None:
        return banner
    if stream.first_on_page(index) or repeated[_normalise(text)] >= 2:
        return True
    words = name_words(text)
    parties = name_words(" ".join(block.fields.get(label, "") for label in _PARTY_LABELS))
    return bool(words) and words <= parties


def _owner_with_text_rule(stream: Stream, block: HeaderBlock, rule: int) -> bool:
    """Is line `rule` an underscore rule printed under an owner name that heads its page (set as
    a banner, where the reader located it)?"""
    owner = rule - 1
    if not (
        UNDERSCORE_RULE.match(stream.texts[rule])
        and owner >= 0
        and stream.first_on_page(owner)
        and is_name_like(stream.texts[owner])
    ):
        return False
    banner = _banner(stream, owner, block)
    return banner is None or banner


def _strong_owner(
    stream: Stream, block: HeaderBlock, index: int, free: bool, repeated: _Repeats
) -> bool:
    """An owner line (set as a banner, or heading its page, or above several messages): a new
    printout even where the header below could be quoted history."""
    if not free or index < 0 or block.kind != "labels" or not is_name_like(stream.texts[index]):
        return False
    banner = _banner(stream, index, block)
    if banner is not None:
        return banner
    return stream.first_on_page(index) or repeated[_normalise(stream.texts[index])] >= 2


def _top_start(
    stream: Stream,
    block: HeaderBlock,
    before: int,
    free: bool,
    repeated: _Repeats,
    owners: set[str],
) -> int:
    """Where a top-level message starts: at the owner line above its header, if there is one
    (recorded in `owners`), else at the header."""
    if free and block.kind == "labels" and _owner_line(stream, block, before, repeated):
        owners.add(_normalise(stream.texts[before]))
        return before
    return block.start


def _not_later(block: HeaderBlock, above: HeaderBlock) -> bool:
    """The block's date is not after the date of the header above it (unknown counts as fine)."""
    mine, theirs = parse_sent(block.fields.get("sent")), parse_sent(above.fields.get("sent"))
    if mine.instant is not None and theirs.instant is not None:
        return mine.instant <= theirs.instant
    if mine.local is not None and theirs.local is not None:
        return mine.local <= theirs.local
    return True


def _reads_as_quoted(block: HeaderBlock, above: HeaderBlock, memo_x: float | None) -> bool:
    """Is an unmarked block the quoted history of the message whose last header is `above`?"""
    if memo_x is not None and block.aligned is not None:
        if block.aligned and block.value_x is not None:
            if abs(block.value_x - memo_x) <= _SAME_COLUMN:
                return False  # aligned like the document's memo headers: a new printout
        else:
            return True  # inline under aligned memo headers: a header quoted in a body
    subject, previous = block.fields.get("subject"), above.fields.get("subject")
    if not subject or not previous or not _REPLY_PREFIX.match(previous):
        return False
    return subject_core(subject) == subject_core(previous) and _not_later(block, above)


class _Repeats:
    """How many blocks each name-like line (normalised) stands above, separators aside.

    Counted when first asked, which is seldom where the reader located lines: an owner line is
    told by its type size there."""

    def __init__(self, texts: Sequence[str], found: Found) -> None:
        self._texts, self._found = texts, found
        self._counts: Counter[str] | None = None

    def __getitem__(self, name: str) -> int:
        if self._counts is None:
            texts, separators = self._texts, self._found.separators
            self._counts = Counter(
                [
                    _normalise(texts[block.start - 1])
                    for block in self._found.blocks
                    if block.start > 0
                    and block.start - 1 not in separators
                    and is_name_like(texts[block.start - 1])
                ]
            )
        return self._counts[name]


@dataclass(slots=True)
class _Plan:
    """Decisions before bodies are cut: top-level blocks with the line their message starts at,
    quoted blocks with the line their marker starts at, breaks, and dropped lines."""

    tops: list[tuple[HeaderBlock, int]]
    quotes: list[tuple[HeaderBlock, int]]
    breaks: list[int]
    dropped: set[int]


def _breaks(stream: Stream, found: Found) -> list[int]:
    """Lines where the current message ends although no message starts: thread headers, and the
    first line of a page that is not mail."""
    breaks = set(found.threads)
    starts = {block.start for block in found.blocks} | found.separators
    early = stream.pages_ending_early()
    geometry = stream.has_geometry()
    usual = stream.text_height() if geometry else None
    previous_page: int | None = None
    for page, first in sorted(stream.page_starts.items()):
        if previous_page is not None and not any(
            line in starts or line in found.threads
            for line in range(first, min(first + _HEADER_REACH, stream.page_ends[page] + 1))
        ):
            if geometry:
                ends = previous_page in early or stream.is_heading(first, usual)
            else:
                ends = bool(_DOCUMENT_START.match(stream.texts[first]))
            if ends:
                breaks.add(first)
        previous_page = page
    return sorted(breaks)


def _plan(stream: Stream, found: Found) -> _Plan:
    texts = stream.texts
    blocks = found.blocks
    separators = found.separators
    candidates = _Repeats(texts, found)
    breaks = _breaks(stream, found)
    plan = _Plan([], [], breaks, set())
    owners: set[str] = set()
    memo_x: float | None = None
    above: HeaderBlock | None = None  # the last header of the current message
    next_break = iter([*breaks, len(stream)])
    upcoming = next(next_break)
    previous_end = 0  # lines before this belong to an earlier header block
    for block in blocks:
        while upcoming <= block.start:
            above, upcoming = None, next(next_break)
        before = block.start - 1
        free = before >= previous_end  # the line above is not part of the previous header
        previous_end = block.end
        if block.kind == "attribution":
            if above is not None:  # outside any message an attribution is just text
                plan.quotes.append((block, block.start))
                above = block
            continue
        marked = free and before in separators
        if marked and above is not None:
            if not _owner_with_text_rule(stream, block, before):
                plan.quotes.append((block, before))
                above = block
                continue
            start = before - 1  # Outlook's owner name with its rule printed as text
            owners.add(_normalise(texts[start]))
            plan.dropped.update((start, before))
        elif (
            block.kind != "gmail"
            and above is not None
            and _reads_as_quoted(block, above, memo_x)
            and not _strong_owner(stream, block, before, free, candidates)
        ):
            plan.quotes.append((block, block.start))
            above = block
            continue
        else:
            start = _top_start(stream, block, before, free, candidates, owners)
            if start != block.start:
                plan.dropped.add(start)
        plan.tops.append((block, start))
        if memo_x is None and block.kind == "labels" and block.aligned:
            memo_x = block.value_x
        above = block
    starts = {block.start for block in blocks}
    for index in stream.page_starts.values() if owners else ():
        if index not in starts and _normalise(texts[index]) in owners:
            plan.dropped.add(index)  # the owner's name repeated at the top of a later page
    return plan


def _body(stream: Stream, start: int, stop: int, dropped: set[int], quoted: bool) -> str:
    lines = stream.texts[start:stop]
    if dropped:
        lines = [text for i, text in enumerate(lines, start) if i not in dropped]
    return unquoted("\n".join(lines)) if quoted else "\n".join(lines)


def _last_kept(start: int, stop: int, dropped: set[int]) -> int:
    """The last line in [start, stop) that is not dropped (`start` when all of them are)."""
    last = stop - 1
    while last > start and last in dropped:
        last -= 1
    return last


def _with_titles(stream: Stream, found: Found) -> None:
    """Give each Gmail message the title of the thread it was printed in."""
    titles = sorted(found.titles.items())
    position = -1
    for block in found.blocks:
        while position + 1 < len(titles) and titles[position + 1][0] <= block.start:
            position += 1
        if block.kind == "gmail" and position >= 0 and titles[position][1]:
            block.fields.setdefault("subject", titles[position][1] or "")


def segment(stream: Stream, scans: Sequence[tuple[int, PageScan]] | None = None) -> list[Segment]:
    """Find every message in the line stream, in document order (a top-level one before its
    quotes); `scans` are the page scans with each page's first stream line (see `find_blocks`)."""
    found = find_blocks(stream, scans)
    _with_titles(stream, found)
    plan = _plan(stream, found)
    dropped = plan.dropped
    segments: list[Segment] = []
    quote_iter = iter(plan.quotes)
    pending = next(quote_iter, None)
    cuts = [*[cut for _, cut in plan.tops[1:]], len(stream)]
    for number, (block, _cut) in enumerate(plan.tops):
        after = bisect_right(plan.breaks, block.start)
        end = min(cuts[number], plan.breaks[after]) if after < len(plan.breaks) else cuts[number]
        inner: list[tuple[HeaderBlock, int]] = []
        while pending is not None and pending[0].start < end:
            if pending[0].start > block.start:
                inner.append(pending)
            pending = next(quote_iter, None)
        span = (stream.line(block.start), stream.line(_last_kept(block.start, end, dropped)))
        stops = [marker for _, marker in inner] + [end]
        top_index = len(segments)
        segments.append(Segment(block, span, _body(stream, block.end, stops[0], dropped, False)))
        for position, (quoted, marker) in enumerate(inner):
            stop = stops[position + 1]
            last = _last_kept(quoted.end - 1, stop, dropped)
            segments.append(
                Segment(
                    quoted,
                    (stream.line(marker), stream.line(last)),
                    _body(stream, quoted.end, stop, dropped, True),
                    quoted_in=top_index,
                )
            )
    return segments
