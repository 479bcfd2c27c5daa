"""Native RFC 822 mail: .eml, .emlx and streamed .mbox, and the message rows of PST items.

Parsing uses the standard library's `compat32` policy plus `email.utils` for dates: it is 6-8x faster
than `policy.default` here and never raises on malformed headers, which matters because released
mail is full of them. Every header keeps its raw text when it cannot be parsed; address lists go
through `addresses.py`, which knows Outlook's `;` lists.

Attachments are not only listed: each one's bytes become a child document (see `children.py`), so a
PDF attachment is read like any PDF and an attached e-mail (message/rfc822) becomes messages of its
own. The walk over MIME parts stops at attached e-mails: their parts belong to them.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.parser
import email.utils
import functools
import itertools
import re
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from email.policy import compat32
from pathlib import Path

from pipelines.extract.addresses import Mailbox, parse_address_list
from pipelines.extract.children import Contents, Output, name_component
from pipelines.extract.htmltext import html_to_text
from pipelines.extract.rows import (
    AttachmentRow,
    Extraction,
    MessageRow,
    ParticipantRow,
    message_id_for,
)
from pipelines.extract.rtf import rtf_to_text
from pipelines.settings import Limits

_ROLES = (("from", "from"), ("to", "to"), ("cc", "cc"), ("bcc", "bcc"))
_MBOX_ESCAPED_FIRST = re.compile(rb">+From ")
# `\n` first: re finds the literal fast; the rest a lookahead, so the replacement is a plain `\n`
# (a group reference would expand a template per match, 2.5x slower on the bench mbox).
_MBOX_ESCAPED_LINE = re.compile(rb"\n>(?=>*From )")
_BLOCK = 1 << 22  # mbox bytes read at a time
_ENVELOPE = re.compile(rb"^(?:\s*\r?\n)*>*From [^\n]*\n")
_HEADERS_ONLY = email.parser.BytesHeaderParser()
_PARSER = email.parser.Parser()  # compat32 and Message, as email.message_from_bytes uses
# Header and continuation lines as the parser's headerRE sees them, lines ending as it splits them.
_HEADER_BLOCK = re.compile(r"(?:(?:From |[\041-\071\073-\176]*:|[\t ])[^\r\n]*(?:\r\n|\r|\n))*")
_HEADER_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")  # a line of that block
# What may follow `--boundary` on a boundary line (a multipart with `\r` line ends parses in full).
_BOUNDARY_TAIL = re.compile(r"(--)?[ \t]*(?:\n|\Z)")
SPILL_EVERY = 2000  # messages held in memory before rows are handed to the output
# readpst writes the RTF body of every item as an attachment of this name; it is a body, not a file.
READPST_RTF_BODY = "rtf-body.rtf"


def _raw_text(raw: bytes) -> str:
    """Header bytes with no declared charset: UTF-8 if they are, else Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _chunk_text(chunk: bytes | str, charset: str | None) -> str:
    if isinstance(chunk, str):  # undo surrogateescape: raw 8-bit bytes in the header
        return _raw_text(chunk.encode("utf-8", "surrogateescape"))
    if charset in (None, "unknown-8bit"):
        return _raw_text(chunk)
    try:
        return chunk.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return _raw_text(chunk)


def decode_header_value(value: str | email.header.Header | None) -> str | None:
    """RFC 2047 words decoded; unknown charsets and raw 8-bit bytes never raise."""
    if value is None:
        return None
    if isinstance(value, str) and value.isascii() and "=?" not in value:
        # No encoded word (they start `=?`) and no 8-bit bytes: decoding would return the text.
        return " ".join(value.split()) or None
    try:
        parts = email.header.decode_header(value)
        text = "".join(_chunk_text(chunk, charset) for chunk, charset in parts)
    except (UnicodeError, ValueError, email.errors.HeaderParseError):
        text = str(value)
    return " ".join(text.split()) or None  # the same as `\s+` to one space, then strip()


def parse_date(text: str | None) -> tuple[datetime | None, datetime | None]:
    """(instant, local): an aware time when the header has a zone, a naive one for -0000 or none."""
    if not text:
        return None, None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, None
    if parsed.tzinfo is None:
        return None, parsed
    return parsed, None


def strip_envelope(data: bytes) -> bytes:
    """Drop leading blank lines and an mbox `From ` / `>From ` envelope line before the headers."""
    match = _ENVELOPE.match(data)
    return data[match.end() :] if match else data


@functools.lru_cache(maxsize=1024)
def _charset_of(content_type: str) -> str | None:
    """`get_content_charset()` of a part with this Content-Type, remembered: it re-parses the
    header's parameters for every text part, and a mailbox holds few distinct values."""
    probe = Message()
    probe["Content-Type"] = content_type
    return probe.get_content_charset()


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    content_type = part.get("content-type")  # a str, or a Header when it holds raw 8-bit bytes
    if isinstance(content_type, str):
        charset = _charset_of(content_type) or "utf-8"
    else:
        charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, ValueError):  # a charset Python does not know, or one with a NUL in it
        return payload.decode("utf-8", errors="replace")


def _leaves(part: Message) -> Iterator[tuple[Message, str]]:
    """Leaf parts in order with their content types, not descending into attached e-mails (they
    are messages of their own)."""
    content_type = part.get_content_type()
    if content_type.startswith("multipart/") and part.is_multipart():
        for child in part.get_payload():
            yield from _leaves(child)
    else:
        yield part, content_type


def _filename(part: Message) -> str | None:
    """`part.get_filename()`, without parsing header parameters when no header can hold a name
    (a parameter's name is part of the header's text, so `filename`/`name` must appear in it)."""
    disposition = part.get("content-disposition")
    content_type = part.get("content-type")
    if (disposition is None or "filename" not in str(disposition).lower()) and (
        content_type is None or "name" not in str(content_type).lower()
    ):
        return None
    return part.get_filename()


def _is_attachment(part: Message, content_type: str, *, whole_message: bool) -> bool:
    """Named parts, attached e-mails, `attachment` dispositions and non-text parts are files; a
    message that is one text part is its own body whatever its text subtype."""
    maintype = content_type.split("/")[0]
    if _filename(part) or maintype == "message":
        return True
    # a str, or a Header when it holds raw 8-bit bytes
    disposition = str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    if whole_message:
        return maintype != "text"
    return content_type not in {"text/plain", "text/html"}


def _attachment_bytes(part: Message) -> bytes:
    if part.get_content_maintype() == "message" and part.is_multipart():
        inner = part.get_payload(0)
        return strip_envelope(inner.as_bytes() if isinstance(inner, Message) else b"")
    payload = part.get_payload(decode=True)
    if payload is None:  # a malformed multipart leaf: keep what is there
        payload = str(part.get_payload()).encode("utf-8", "surrogateescape")
    return payload


def _attachment_name(part: Message, data: bytes, index: int) -> str | None:
    """The part's file name; an attached e-mail without one is named after its subject."""
    name = decode_header_value(_filename(part))
    if name is None and part.get_content_maintype() == "message":
        subject = decode_header_value(_HEADERS_ONLY.parsebytes(data).get("Subject"))
        name = f"{subject or f'message-{index}'}.eml"
    return name


class _Headers:
    """A message's headers by lower-cased name, read in one pass: `Message.get` scans every header
    on each call. Values come out as `get`/`get_all` return them (through the message's policy)."""

    def __init__(self, message: Message) -> None:
        self._fetch = message.policy.header_fetch_parse
        self._raw: dict[str, list[tuple[str, object]]] = {}
        for name, value in message.raw_items():
            self._raw.setdefault(name.lower(), []).append((name, value))

    def get(self, name: str) -> object:
        found = self._raw.get(name)
        return self._fetch(*found[0]) if found else None

    def get_all(self, name: str) -> list:
        return [self._fetch(*pair) for pair in self._raw.get(name, ())]


@functools.lru_cache(maxsize=4096)
def _mailboxes(text: str | None) -> tuple[Mailbox, ...]:
    """`parse_address_list`, remembered: senders and recipient lists recur across a mailbox, and
    each message needs its From twice (sender columns, participant rows)."""
    return tuple(parse_address_list(text))


def _participants(headers: _Headers, message_id: str) -> list[ParticipantRow]:
    rows = []
    for role, header in _ROLES:
        values = [decode_header_value(v) or "" for v in headers.get_all(header)]
        mailboxes = [box for value in values for box in _mailboxes(value)]
        rows += [
            ParticipantRow(message_id, role, position, name, address)
            for position, (name, address) in enumerate(mailboxes)
        ]
    return rows


def _header_confidence(headers: _Headers, sent: datetime | None) -> float:
    present = [bool(headers.get("from")), sent is not None, bool(headers.get("to"))]
    return round(sum(present) / len(present), 3)


def message_rows(
    message: Message,
    contents: Contents,
    source_kind: str,
    locator: str,
    *,
    readpst_output: bool = False,
) -> None:
    """Append one message, its participants, attachments and attachment files to the extraction.

    `readpst_output`: the message was written by readpst, whose `rtf-body.rtf` part is the item's
    RTF body (used when there is no plain or HTML body), not an attachment.
    """
    extraction = contents.extraction
    message_id = message_id_for(extraction.document_id, locator)
    headers = _Headers(message)
    date_text = decode_header_value(headers.get("date"))
    instant, local = parse_date(date_text)
    senders = _mailboxes(decode_header_value(headers.get("from")))
    from_name, from_address = senders[0] if senders else (None, None)
    plain: list[str] = []
    html: list[str] = []
    rtf = b""
    attachments: list[Message] = []
    for part, content_type in _leaves(message):
        if readpst_output and _filename(part) == READPST_RTF_BODY:
            rtf = part.get_payload(decode=True) or b""
        elif _is_attachment(part, content_type, whole_message=part is message):
            attachments.append(part)
        elif content_type == "text/html":
            html.append(_part_text(part))
        else:
            plain.append(_part_text(part))
    # The first of plain, HTML, RTF that has any text (Outlook often leaves a blank plain part).
    body = "\n\n".join(text.strip() for text in plain).strip()
    if not body and html:
        body = html_to_text("\n".join(html))
    if not body and rtf:
        body = rtf_to_text(rtf)
    extraction.messages.append(
        MessageRow(
            message_id=message_id,
            document_id=extraction.document_id,
            source_kind=source_kind,
            locator=locator,
            page_start=None,
            page_end=None,
            sent_at_text=date_text,
            sent_at_utc=instant,
            sent_at_local=local,
            subject=decode_header_value(headers.get("subject")),
            from_name=from_name,
            from_address=from_address,
            body=body,
            internet_message_id=decode_header_value(headers.get("message-id")),
            in_reply_to=decode_header_value(headers.get("in-reply-to")),
            header_confidence=_header_confidence(headers, instant or local),
        )
    )
    contents.message_extracted()
    extraction.participants.extend(_participants(headers, message_id))
    contents.expect(len(attachments))
    for index, part in enumerate(attachments, start=1):
        data = _attachment_bytes(part)
        name = _attachment_name(part, data, index)
        member = f"{locator}/attachment:{index}/{name_component(name, 'unnamed')}"
        child = contents.add_bytes(member, data, message_id)
        extraction.attachments.append(
            AttachmentRow(message_id, name, part.get_content_type(), len(data), child.document_id)
        )


def parse_message(data: bytes) -> Message:
    """`email.message_from_bytes(data)`, the same message, but bodies are taken whole instead of
    through the parser's Python loop over every body line (see `_parse_text`)."""
    return _parse_text(data.decode("ascii", "surrogateescape"))  # as email.parser.BytesParser does


def _parse_text(text: str) -> Message:
    """The parser's message for `text`, its headers split and its body cut by hand.

    The parser ends the headers at the first line headerRE does not match, dropping it when it is a
    bare line end; for a type that is not multipart/* or message/* the rest, joined, is the payload.
    So when the header block ends at a bare line end, the header fields (`_header_fields`) and the
    rest as payload make the message the full parse would. A multipart is cut at its boundary lines
    as the parser cuts it (`_multipart_parts`); anything else (an attached e-mail, a header block the
    parser would end differently or read more into, a multipart the parser would flag as defective)
    parses in full.
    """
    end = _HEADER_BLOCK.match(text).end()
    separator = 2 if text.startswith("\r\n", end) else int(text[end : end + 1] in ("\r", "\n"))
    fields = _header_fields(text[:end]) if separator else None
    if fields is None:
        return _PARSER.parsestr(text)
    message = Message()  # compat32, as the parser makes it
    for field in fields:
        message.set_raw(*field)
    maintype = message.get_content_maintype()
    if maintype == "multipart":
        parts = _multipart_parts(message, text[end + separator :])
        if parts is None:
            return _PARSER.parsestr(text)
        message.set_payload(parts)
    elif maintype == "message":
        return _PARSER.parsestr(text)
    else:
        message.set_payload(text[end + separator :])
    return message


def _header_fields(block: str) -> list[tuple[str, str]] | None:
    """The (name, value) fields the parser sets from a header block (FeedParser._parse_headers with
    compat32's header_source_parse), or None when it would do more than that: an envelope `From `
    line (kept as unixfrom, a defect, or pushed back into the body), a first line that continues
    nothing, or a line starting with `:` (defects)."""
    fields: list[tuple[str, str]] = []
    lines: list[str] = []  # the field being read: its first line and continuation lines
    for line in _HEADER_LINE.findall(block):
        if line[0] in " \t":
            if not lines:
                return None
            lines.append(line)
            continue
        if line[0] == ":" or line.startswith("From "):
            return None
        if lines:
            fields.append(compat32.header_source_parse(lines))
        lines = [line]
    if lines:
        fields.append(compat32.header_source_parse(lines))
    return fields


def _multipart_parts(message: Message, body: str) -> list[Message] | None:
    """The parts the parser would attach to `message` (setting its preamble and epilogue), or None
    when the parser would do something this does not (see `email.feedparser._parsegen`).

    Boundary lines are `--boundary`, an optional closing `--`, blanks, the line end. Before the first
    one is the preamble, less its last line end; between two, a part, parsed alone, whose payload
    loses its last line end; after the closing one, the epilogue. None for: no boundary, a digest
    (its parts default to message/rfc822), an encoded multipart, `\r` line ends, no opening or no
    closing boundary, two boundary lines in a row, a part that is itself multipart or message.
    """
    boundary = message.get_boundary()
    encoding = str(message.get("content-transfer-encoding", "8bit")).lower()
    if (
        boundary is None
        or message.get_content_type() == "multipart/digest"
        or encoding not in ("7bit", "8bit", "binary")
        or "\r" in body
    ):
        return None
    delimiter = "--" + boundary
    lines = []  # (start, end, closing) of each boundary line
    found = body.find(delimiter)
    while found >= 0:
        if not found or body[found - 1] == "\n":
            tail = _BOUNDARY_TAIL.match(body, found + len(delimiter))
            if tail:
                lines.append((found, tail.end(), tail.group(1) is not None))
        found = body.find(delimiter, found + 1)
    if not lines or lines[0][2]:
        return None
    parts: list[Message] = []
    epilogue = None
    for (_, end, _), (following, after, closing) in itertools.pairwise(lines):
        if following == end:
            return None
        part = _parse_text(body[end:following])
        if part.get_content_maintype() in ("multipart", "message"):
            return None
        payload = part.get_payload()
        if payload.endswith("\n"):  # the line end before a boundary line belongs to it
            part.set_payload(payload[:-1])
        parts.append(part)
        if closing:
            epilogue = body[after:]
            break
    if epilogue is None:
        return None
    if lines[0][0]:
        message.preamble = body[: lines[0][0] - 1]
    message.epilogue = epilogue
    return parts


def _read_one(data: bytes, contents: Contents, source_kind: str, locator: str) -> None:
    contents.expect()
    message_rows(parse_message(strip_envelope(data)), contents, source_kind, locator)


def read_eml(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    _read_one(path.read_bytes(), Contents(extraction, output, limits), "eml", "eml")
    return extraction


def read_emlx(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    """Apple Mail: a byte count line, the RFC 822 message, then an XML plist we ignore."""
    data = path.read_bytes()
    first_line, _, rest = data.partition(b"\n")
    length = int(first_line.strip())
    _read_one(rest[:length], Contents(extraction, output, limits), "emlx", "emlx")
    return extraction


def _unescape(message: bytes) -> bytes:
    """mboxrd: a line of `>`s then `From ` loses one `>` (4x faster than a `^` MULTILINE regex)."""
    if b">From " not in message:
        return message
    if _MBOX_ESCAPED_FIRST.match(message):
        message = message[1:]
    return _MBOX_ESCAPED_LINE.sub(b"\n", message)


def iter_mbox(path: Path) -> Iterator[bytes]:
    """Yield each message's bytes, reading in blocks so memory does not grow with the file.

    A new message starts at a `From ` line at the top of the file or after a blank line (`\n` or
    `\r\n`); `>From ` escapes (mboxrd) lose one `>`. Lines end at `\n`, as in a line-by-line read.
    """
    # Three newlines stand for the line before the file: the first line follows a blank one.
    data = b"\n\n\n"
    start = scan = 3  # where the current message begins; where to look for the next `From `
    eof = False
    with path.open("rb") as handle:
        while True:
            found = data.find(b"\nFrom ", scan - 1)
            if found >= 0:
                line = found + 1
                if data[line - 2 : line] != b"\n\n" and data[line - 3 : line] != b"\n\r\n":
                    scan = line + 1  # a `From ` line inside a message, not a separator
                    continue
                end = data.find(b"\n", line)
                if end >= 0 or eof:
                    if line > start:
                        yield _unescape(data[start:line])
                    start = scan = end + 1 if end >= 0 else len(data)
                    continue
                scan = line  # the separator line is not complete yet
            elif eof:
                break
            else:
                scan = max(start, len(data) - 6)
            # A message longer than a block makes the read grow with it: copying stays linear.
            block = handle.read(max(_BLOCK, len(data) - start))
            eof = not block
            keep = max(0, start - 3)  # the bytes before a line tell whether it follows a blank
            data = data[keep:] + block
            start, scan = start - keep, scan - keep
    if len(data) > start:
        yield _unescape(data[start:])


def read_mbox(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    """Messages in file order; rows are handed to the output in batches so memory stays flat."""
    contents = Contents(extraction, output, limits)
    for index, raw in enumerate(iter_mbox(path)):
        _read_one(raw, contents, "mbox", f"mbox:{index}")
        if len(extraction.messages) >= SPILL_EVERY:
            output.spill(extraction)
    return extraction
