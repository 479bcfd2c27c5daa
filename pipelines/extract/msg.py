"""Outlook .msg files: headers, bodies (plain, HTML, or RTF only), recipients, attachments, and
messages embedded in messages, read with python-oxmsg's storage and property layer.

python-oxmsg reads the compound file and decodes properties; it does not expose embedded messages
or RTF bodies, so this module walks the storages itself: a message attached to a message
(`ATTACH_EMBEDDED_MSG`) is a message row of its own, with locator `<parent>/attachment:<n>`, and a
body stored only as compressed RTF is decompressed and turned into text (rtf.py).

Attachments stored in the file become child documents. Attachments that are only references
(a path or URL, no bytes in the file) are listed in `attachments` with no document. An embedded OLE
object cannot be taken out as a file and is reported missing, never dropped silently.
"""

from __future__ import annotations

import email.parser
import email.policy
import struct
from datetime import datetime
from pathlib import Path

from olefile import OleFileIO
from oxmsg.properties import Properties
from oxmsg.storage import Storage

from pipelines.extract.addresses import Mailbox, parse_address_list
from pipelines.extract.children import Contents, Output, name_component
from pipelines.extract.htmltext import html_to_text
from pipelines.extract.mail import decode_header_value, parse_date
from pipelines.extract.rows import (
    AttachmentRow,
    ErrorRow,
    Extraction,
    MessageRow,
    ParticipantRow,
    message_id_for,
)
from pipelines.extract.rtf import RtfError, decompress_rtf, rtf_to_text
from pipelines.settings import Limits

# Property ids ([MS-OXPROPS]).
_SUBJECT, _TRANSPORT_HEADERS = 0x0037, 0x007D
_CLIENT_SUBMIT_TIME, _DELIVERY_TIME = 0x0039, 0x0E06
_SENDER_NAME, _SENDER_EMAIL, _SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
_REPRESENTING_NAME, _REPRESENTING_EMAIL, _REPRESENTING_SMTP = 0x0042, 0x0065, 0x5D02
_DISPLAY_TO, _DISPLAY_CC, _DISPLAY_BCC = 0x0E04, 0x0E03, 0x0E02
_INTERNET_MESSAGE_ID, _IN_REPLY_TO = 0x1035, 0x1042
_BODY, _HTML, _RTF_COMPRESSED = 0x1000, 0x1013, 0x1009
_RECIPIENT_TYPE, _DISPLAY_NAME, _EMAIL_ADDRESS, _SMTP_ADDRESS = 0x0C15, 0x3001, 0x3003, 0x39FE
_ATTACH_DATA, _ATTACH_FILENAME, _ATTACH_LONG_FILENAME = 0x3701, 0x3704, 0x3707
_ATTACH_METHOD, _ATTACH_MIME_TAG = 0x3705, 0x370E
# Attach methods ([MS-OXCMSG] 2.2.2.9).
_BY_VALUE, _EMBEDDED_MESSAGE, _OLE = 1, 5, 6
_ROLE_BY_TYPE = {1: "to", 2: "cc", 3: "bcc"}
# Property-stream header sizes: top-level message, embedded message, recipient/attachment.
_TOP_HEADER, _EMBEDDED_HEADER, _SUB_HEADER = 32, 24, 8
_PROPERTIES = "__properties_version1.0"
_EMBEDDED_STORAGE = "__substg1.0_3701000D"


def _string(props: Properties, *pids: int) -> str | None:
    """The first of these string properties that has text; NUL terminators and blanks dropped."""
    for pid in pids:
        value = (props.str_prop_value(pid) or "").strip("\x00").strip()
        if value:
            return value
    return None


class _Item:
    """One message storage (the file's root, or a message embedded in an attachment)."""

    def __init__(self, storage: Storage, header_size: int) -> None:
        self.storage = storage
        self.props = Properties(storage, properties_header_offset=header_size)
        headers = self.text(_TRANSPORT_HEADERS) or ""
        self.headers = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(headers)

    def text(self, *pids: int) -> str | None:
        return _string(self.props, *pids)

    def date(self) -> tuple[str | None, datetime | None, datetime | None]:
        """(text, instant, local): the Date header when there is one, else the MAPI submit time."""
        header = decode_header_value(self.headers.get("Date"))
        if header:
            return (header, *parse_date(header))
        for pid in (_CLIENT_SUBMIT_TIME, _DELIVERY_TIME):
            try:
                when = self.props.date_prop_value(pid)
            except OverflowError:  # a FILETIME past year 9999 (all ones stands for "never")
                continue
            if when is not None:
                return when.isoformat(), when, None
        return None, None, None

    def sender(self) -> Mailbox:
        found = parse_address_list(decode_header_value(self.headers.get("From")))
        if found:
            return found[0]
        for name_pid, pids in (
            (_SENDER_NAME, (_SENDER_SMTP, _SENDER_EMAIL)),
            (_REPRESENTING_NAME, (_REPRESENTING_SMTP, _REPRESENTING_EMAIL)),
        ):
            address = self.text(*pids)
            name = self.text(name_pid)
            if address or name:
                return name, address.lower() if address else None
        return None, None

    def recipients(self) -> list[tuple[str, Mailbox]]:
        """(role, mailbox) from the recipient table; else the transport headers; else the
        display lists (names only)."""
        table = []
        for storage in sorted(self.storage.iter_recipient_storages(), key=lambda s: s.name):
            props = Properties(storage, properties_header_offset=_SUB_HEADER)
            role = _ROLE_BY_TYPE.get(props.int_prop_value(_RECIPIENT_TYPE) or 1, "to")
            name = _string(props, _DISPLAY_NAME)
            address = _string(props, _SMTP_ADDRESS, _EMAIL_ADDRESS)
            address = address.lower() if address else None
            if name or address:
                table.append((role, (name, address)))
        if table:
            return table
        from_headers = [
            (role, box)
            for role, header in (("to", "To"), ("cc", "Cc"), ("bcc", "Bcc"))
            for box in parse_address_list(decode_header_value(self.headers.get(header)))
        ]
        if from_headers:
            return from_headers
        return [
            (role, box)
            for role, pid in (("to", _DISPLAY_TO), ("cc", _DISPLAY_CC), ("bcc", _DISPLAY_BCC))
            for box in parse_address_list(self.text(pid))
        ]

    def body(self) -> str:
        plain = self.text(_BODY)
        if plain:
            return plain
        html = self.props.binary_prop_value(_HTML)
        if html:
            return html_to_text(html.decode(self.props.body_encoding, errors="replace"))
        html_text = self.text(_HTML)
        if html_text:
            return html_to_text(html_text)
        rtf = self.props.binary_prop_value(_RTF_COMPRESSED)
        return rtf_to_text(decompress_rtf(rtf)) if rtf else ""

    def declared_attachments(self) -> int:
        """The attachment count the properties header declares ([MS-OXMSG] 2.4.1)."""
        header = self.storage.properties_stream_bytes[:24]
        return struct.unpack("<8x4I", header)[3] if len(header) == 24 else 0


def _message(item: _Item, contents: Contents, locator: str) -> None:
    extraction = contents.extraction
    message_id = message_id_for(extraction.document_id, locator)
    date_text, instant, local = item.date()
    from_name, from_address = item.sender()
    recipients = item.recipients()
    present = [bool(from_address or from_name), bool(instant or local), bool(recipients)]
    try:
        body = item.body()
    except (RtfError, LookupError) as exc:  # a damaged RTF body; HTML in an unknown code page
        body = ""
        extraction.errors.append(
            ErrorRow(
                extraction.document_id,
                "extract",
                type(exc).__name__,
                f"{locator}: body unreadable ({exc}); the message is kept without it",
            )
        )
    contents.expect()
    extraction.messages.append(
        MessageRow(
            message_id=message_id,
            document_id=extraction.document_id,
            source_kind="msg",
            locator=locator,
            page_start=None,
            page_end=None,
            sent_at_text=date_text,
            sent_at_utc=instant,
            sent_at_local=local,
            subject=item.text(_SUBJECT),
            from_name=from_name,
            from_address=from_address,
            body=body,
            internet_message_id=item.text(_INTERNET_MESSAGE_ID)
            or decode_header_value(item.headers.get("Message-ID")),
            in_reply_to=item.text(_IN_REPLY_TO)
            or decode_header_value(item.headers.get("In-Reply-To")),
            header_confidence=round(sum(present) / len(present), 3),
        )
    )
    contents.message_extracted()
    if from_name or from_address:
        extraction.participants.append(
            ParticipantRow(message_id, "from", 0, from_name, from_address)
        )
    positions: dict[str, int] = {}
    for role, (name, address) in recipients:
        positions[role] = positions.get(role, -1) + 1
        extraction.participants.append(
            ParticipantRow(message_id, role, positions[role], name, address)
        )
    _attachments(item, contents, locator, message_id)


def _attachments(item: _Item, contents: Contents, locator: str, message_id: str) -> None:
    extraction = contents.extraction
    storages = sorted(item.storage.iter_attachment_storages(), key=lambda s: s.name)
    for index, storage in enumerate(storages, start=1):
        props = Properties(storage, properties_header_offset=_SUB_HEADER)
        method = props.int_prop_value(_ATTACH_METHOD) or _BY_VALUE
        name = _string(props, _ATTACH_LONG_FILENAME, _ATTACH_FILENAME, _DISPLAY_NAME)
        member = f"{locator}/attachment:{index}"
        if method == _EMBEDDED_MESSAGE:
            embedded = next((s for s in storage.storages if s.name == _EMBEDDED_STORAGE), None)
            extraction.attachments.append(
                AttachmentRow(message_id, name, "application/vnd.ms-outlook", None, None)
            )
            if embedded is None:
                contents.expect()
                contents.missing(member, "AttachmentMissing", "embedded message has no storage")
            else:
                _message(_Item(embedded, _EMBEDDED_HEADER), contents, member)
            continue
        media_type = _string(props, _ATTACH_MIME_TAG)
        data = props.binary_prop_value(_ATTACH_DATA) if method == _BY_VALUE else None
        if method not in {_BY_VALUE, _OLE}:  # a link to a file elsewhere: nothing in this file
            extraction.attachments.append(AttachmentRow(message_id, name, media_type, None, None))
            continue
        contents.expect()
        if data is None:
            reason = "embedded OLE object" if method == _OLE else "attachment without data"
            contents.missing(member, "AttachmentNotExtracted", f"{name or 'unnamed'}: {reason}")
            extraction.attachments.append(AttachmentRow(message_id, name, media_type, None, None))
            continue
        child = contents.add_bytes(f"{member}/{name_component(name, 'unnamed')}", data, message_id)
        extraction.attachments.append(
            AttachmentRow(message_id, name, media_type, len(data), child.document_id)
        )
    declared = item.declared_attachments()
    if declared > len(storages):
        contents.expect(declared - len(storages))
        contents.missing(
            locator,
            "AttachmentMissing",
            f"header declares {declared} attachments, {len(storages)} present",
            count=declared - len(storages),
        )


def read_storage(
    root: Storage, extraction: Extraction, limits: Limits, output: Output
) -> Extraction:
    """The message in an OLE compound file's root storage (and those embedded in it)."""
    if not any(stream.name == _PROPERTIES for stream in root.streams):
        extraction.status = "unsupported"
        extraction.error = "OLE compound file that is not an Outlook message (Word/Excel 97-2003?)"
        return extraction
    _message(_Item(root, _TOP_HEADER), Contents(extraction, output, limits), "msg")
    return extraction


def read_msg(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    with OleFileIO(str(path)) as ole:
        root = Storage.from_ole(ole)
    return read_storage(root, extraction, limits, output)
