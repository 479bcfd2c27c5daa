"""Native mail (.eml, .mbox) built with the standard library, deterministic byte for byte.

Nothing here reads the clock or a random source: Message-IDs are derived from the message's own
fields, and mbox separator lines use the message's Date, so fixtures and the bundled sample are
reproducible.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default

Mailbox = tuple[str | None, str]  # display name (optional), address
Attachment = tuple[str, bytes, str]  # file name, content, MIME type

_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _address(mailbox: Mailbox) -> str:
    return email.utils.formataddr((mailbox[0] or "", mailbox[1]))


def derived_message_id(sender: str, date: datetime, subject: str) -> str:
    """A stable Message-ID so the same inputs always give the same bytes."""
    digest = hashlib.sha256(f"{sender}\0{date.isoformat()}\0{subject}".encode()).hexdigest()[:20]
    domain = sender.rpartition("@")[2] or "example.invalid"
    return f"<{digest}@{domain}>"


def make_eml(
    *,
    sender: Mailbox,
    to: list[Mailbox],
    date: datetime,
    subject: str,
    body: str,
    cc: list[Mailbox] | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    attachments: list[Attachment] | None = None,
) -> bytes:
    """One RFC 5322 message; `date` must carry its zone because the Date header does."""
    if date.tzinfo is None:
        raise ValueError("date needs a zone: the Date header is written as RFC 2822 with offset")
    message = EmailMessage(policy=default)
    message["From"] = _address(sender)
    message["To"] = ", ".join(_address(m) for m in to)
    if cc:
        message["Cc"] = ", ".join(_address(m) for m in cc)
    message["Date"] = email.utils.format_datetime(date)
    message["Subject"] = subject
    message_id = message_id or derived_message_id(sender[1], date, subject)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    for filename, data, mime_type in attachments or []:
        maintype, _, subtype = mime_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if message.is_multipart():  # the library's default boundary is random
        message.set_boundary("=_" + hashlib.sha256(message_id.encode()).hexdigest()[:24])
    return message.as_bytes()


def _separator(message: bytes) -> bytes:
    """`From <envelope sender> <asctime in UTC>` taken from the message's own headers."""
    parsed = email.message_from_bytes(message)
    sender = email.utils.parseaddr(parsed.get("From", ""))[1] or "MAILER-DAEMON"
    try:
        when = email.utils.parsedate_to_datetime(parsed.get("Date", "")).astimezone(UTC)
    except (TypeError, ValueError):
        when = _EPOCH
    return f"From {sender} {when:%a %b} {when.day:>2} {when:%H:%M:%S %Y}\n".encode()


def escape_from_lines(message: bytes) -> bytes:
    """mboxrd quoting: every line that is `>`* then `From ` gains one `>`, so readers can undo it."""
    return _FROM_LINE.sub(rb">\1", message)


def make_mbox(messages: list[bytes]) -> bytes:
    """An mboxrd file: separator line, escaped message, blank line, for each message in order."""
    chunks = []
    for message in messages:
        text = message.replace(b"\r\n", b"\n").rstrip(b"\n") + b"\n"
        chunks.append(_separator(message) + escape_from_lines(text) + b"\n")
    return b"".join(chunks)
