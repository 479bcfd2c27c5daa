"""Native RFC 822 mail: .eml, .emlx and streamed .mbox.

Parsing uses the standard library's `compat32` policy plus `email.utils` for addresses and dates: it is
6-8x faster than `policy.default` here and never raises on malformed headers, which matters because
released mail is full of them. Every header keeps its raw text when it cannot be parsed.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.utils
import re
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

from pipelines.extract.rows import (
    AttachmentRow,
    Extraction,
    MessageRow,
    ParticipantRow,
    message_id_for,
)

_ROLES = (("from", "From"), ("to", "To"), ("cc", "Cc"), ("bcc", "Bcc"))
_MBOX_ESCAPED = re.compile(rb"^>+From ")
_WS = re.compile(r"\s+")


def decode_header_value(value: str | email.header.Header | None) -> str | None:
    """RFC 2047 words decoded; undecodable charsets fall back to replacement characters."""
    if value is None:
        return None
    try:
        text = str(email.header.make_header(email.header.decode_header(str(value))))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        text = str(value)
    return _WS.sub(" ", text).strip() or None


def parse_date(text: str | None) -> tuple[datetime | None, datetime | None]:
    """(instant, local): an aware time when the header has a zone, a naive one for -0000 or none."""
    if not text:
        return None, None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None, None
    if parsed.tzinfo is None:
        return None, parsed
    return parsed, None


class _TextFromHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in {"br", "p", "div", "tr", "li"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    parser.feed(html)
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _body(message: Message) -> str:
    plain = html = None
    for part in message.walk():
        if part.is_multipart() or part.get_filename():
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain" and plain is None:
            plain = _part_text(part)
        elif content_type == "text/html" and html is None:
            html = _part_text(part)
    if plain is not None:
        return plain.strip()
    return html_to_text(html) if html else ""


def _attachments(message: Message, message_id: str) -> list[AttachmentRow]:
    rows = []
    for part in message.walk():
        filename = part.get_filename()
        if part.is_multipart() or not filename:
            continue
        payload = part.get_payload(decode=True) or b""
        name = decode_header_value(filename)
        rows.append(AttachmentRow(message_id, name, part.get_content_type(), len(payload)))
    return rows


def _participants(message: Message, message_id: str) -> list[ParticipantRow]:
    rows = []
    for role, header in _ROLES:
        values = [decode_header_value(v) or "" for v in message.get_all(header, [])]
        for position, (name, address) in enumerate(
            pair for pair in email.utils.getaddresses(values) if any(pair)
        ):
            rows.append(
                ParticipantRow(message_id, role, position, name or None, address.lower() or None)
            )
    return rows


def message_rows(message: Message, extraction: Extraction, source_kind: str, locator: str) -> None:
    """Append one message (with its participants and attachments) to the extraction."""
    message_id = message_id_for(extraction.document_id, locator)
    date_text = decode_header_value(message.get("Date"))
    instant, local = parse_date(date_text)
    from_value = decode_header_value(message.get("From")) or ""
    from_name, from_address = email.utils.parseaddr(from_value)
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
            subject=decode_header_value(message.get("Subject")),
            from_name=from_name or None,
            from_address=from_address.lower() or None,
            body=_body(message),
            internet_message_id=decode_header_value(message.get("Message-ID")),
            in_reply_to=decode_header_value(message.get("In-Reply-To")),
            header_confidence=_header_confidence(message, instant or local),
        )
    )
    extraction.participants.extend(_participants(message, message_id))
    extraction.attachments.extend(_attachments(message, message_id))


def _header_confidence(message: Message, sent: datetime | None) -> float:
    present = [bool(message.get("From")), sent is not None, bool(message.get("To"))]
    return round(sum(present) / len(present), 3)


def read_eml(path: Path, extraction: Extraction) -> Extraction:
    message = email.message_from_bytes(path.read_bytes())
    message_rows(message, extraction, "eml", "eml")
    return extraction


def read_emlx(path: Path, extraction: Extraction) -> Extraction:
    """Apple Mail: a byte count line, the RFC 822 message, then an XML plist we ignore."""
    data = path.read_bytes()
    first_line, _, rest = data.partition(b"\n")
    length = int(first_line.strip())
    message_rows(email.message_from_bytes(rest[:length]), extraction, "emlx", "emlx")
    return extraction


def iter_mbox(path: Path) -> Iterator[bytes]:
    """Yield each message's bytes, reading line by line so memory does not grow with the file.

    A new message starts at a `From ` line at the top of the file or after a blank line; `>From `
    escapes (mboxrd) lose one `>`.
    """
    current: list[bytes] = []
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b"From ") and previous_blank:
                if current:
                    yield b"".join(current)
                current = []
            else:
                current.append(line[1:] if _MBOX_ESCAPED.match(line) else line)
            previous_blank = line in (b"\n", b"\r\n")
    if current:
        yield b"".join(current)


def read_mbox(path: Path, extraction: Extraction) -> Extraction:
    for index, raw in enumerate(iter_mbox(path)):
        message_rows(email.message_from_bytes(raw), extraction, "mbox", f"mbox:{index}")
    return extraction
