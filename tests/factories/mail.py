"""Native mail (.eml, .mbox), bundles (.zip, .tar) and damaged PSTs, deterministic byte for byte.

Nothing here reads the clock or a random source: Message-IDs are derived from the message's own
fields, mbox separator lines use the message's Date, archive members carry a fixed time, so fixtures
and the bundled sample are reproducible.
"""

from __future__ import annotations

import email
import email.utils
import hashlib
import io
import re
import struct
import tarfile
import warnings
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from oxmsg.storage import Storage as OutlookStorage
from oxmsg.storage import Stream as OutlookStream
from reportlab.pdfgen import canvas

from pipelines.extract.pstindex import NORMAL_MESSAGE, nodes

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
    attached_messages: list[bytes] | None = None,
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
    for attached in attached_messages or []:  # message/rfc822 parts: a forwarded e-mail
        message.add_attachment(email.message_from_bytes(attached, policy=default))
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


_FIXED_TIME = (2020, 1, 2, 3, 4, 6)


def make_zip(
    members: list[tuple[str, bytes]],
    *,
    encrypted: frozenset[str] = frozenset(),
    deflate64: frozenset[str] = frozenset(),
) -> bytes:
    """A zip with members in order, names exactly as given (even `../x`, `/etc/x` or twice).

    Names in `encrypted` get the "encrypted" flag without real encryption: enough for a reader
    that must refuse them before trying to decrypt. Names in `deflate64` are marked as compressed
    with Deflate64 (method 9, which Windows uses for large files and Python cannot read).
    """
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are the point
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    data = bytearray(buffer.getvalue())
    # zipfile resets flags when writing: set the encryption bit (or method) in both headers after,
    # walking the central directory from the end-of-directory record (no comment written here).
    (entry,) = struct.unpack_from("<I", data, len(data) - 22 + 16)
    while data[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, entry + 28)
        (local,) = struct.unpack_from("<I", data, entry + 42)
        name = data[entry + 46 : entry + 46 + name_length].decode()
        if name in encrypted:
            data[entry + 8] |= 0x1
            data[local + 6] |= 0x1
        if name in deflate64:
            struct.pack_into("<H", data, entry + 10, 9)
            struct.pack_into("<H", data, local + 8, 9)
        entry += 46 + name_length + extra_length + comment_length
    return bytes(data)


def make_tar(
    members: list[tuple[str, bytes]],
    *,
    symlinks: dict[str, str] | None = None,
    compression: str = "",
) -> bytes:
    """A tar (`compression` "", "gz", "bz2" or "xz") with files, then symbolic links."""
    buffer = io.BytesIO()
    mode = f"w:{compression}" if compression else "w"
    with tarfile.open(fileobj=buffer, mode=mode, format=tarfile.USTAR_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 0
            archive.addfile(info, io.BytesIO(data))
        for name, target in (symlinks or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.mtime = tarfile.SYMTYPE, target, 0
            archive.addfile(info)
    return buffer.getvalue()


def orphan_messages(source: Path, target: Path) -> int:
    """Copy a PST with every message's parent folder pointed at a folder that does not exist.

    The messages are still in the file (its node tree lists them) but a converter that builds the
    folder tree never reaches them: the way items go missing without a word. Returns the number
    of messages orphaned.
    """
    data = bytearray(source.read_bytes())
    messages = [node for node in nodes(source) if node.nid & 0x1F == NORMAL_MESSAGE]
    for node in messages:
        struct.pack_into("<I", data, node.parent_at, 0x7FFFE2)
    target.write_bytes(bytes(data))
    return len(messages)


def one_page_pdf(text: str) -> bytes:
    """A small real PDF with a text layer (a scanned form stand-in), the same bytes every time."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    for number, line in enumerate(text.splitlines()):
        page.drawString(72, 720 - 14 * number, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


_PACIFIC = timezone(timedelta(hours=-8))


def forwarded_detainer(form: bytes, booking: bytes) -> bytes:
    """An e-mail forwarding an e-mail (message/rfc822); each carries a PDF attachment."""
    inner = make_eml(
        sender=("Doe, John", "john.doe@ice.dhs.gov"),
        to=[("Ramirez, Ana", "aramirez@mbcso.example.gov")],
        date=datetime(2019, 2, 4, 10, 0, tzinfo=_PACIFIC),
        subject="I-247A for RIOS-BANDA",
        body="Detainer attached.",
        attachments=[("I-247A.pdf", form, "application/pdf")],
    )
    return make_eml(
        sender=("Ramirez, Ana", "aramirez@mbcso.example.gov"),
        to=[(None, "records@mbcso.example.gov")],
        date=datetime(2019, 2, 4, 11, 0, tzinfo=_PACIFIC),
        subject="FW: I-247A for RIOS-BANDA",
        body="See below.",
        attachments=[("booking.pdf", booking, "application/pdf")],
        attached_messages=[inner],
    )


# Outlook messages as compound-file storages, built in memory ([MS-OXMSG] 2.4: a properties stream
# of 16-byte entries after a header, variable-length values in `__substg1.0_<id><type>` streams).
# python-oxmsg reads files into exactly these objects; nothing here can write the file itself.
PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102
Props = dict[int, tuple[int, int | str | bytes]]  # property id -> (type, value)


def outlook_storage(
    path: str,
    props: Props,
    *,
    header: int,
    recipients: list[Props] | None = None,
    attachments: list[tuple[Props, OutlookStorage | None]] | None = None,
) -> OutlookStorage:
    """One message storage; `header` is 32 for a .msg root, 24 for an embedded message.

    Each attachment is its properties and, for an embedded message (attach method 5), the
    message's own storage, which is placed at `__substg1.0_3701000D` inside the attachment.
    """
    counts = struct.pack(
        "<8x4I", len(recipients), len(attachments), len(recipients), len(attachments)
    )
    storages = [
        _property_storage(f"{path}/__recip_version1.0_#{n:08X}", recipient, 8)
        for n, recipient in enumerate(recipients)
    ]
    for n, (attachment, embedded) in enumerate(attachments):
        storage = _property_storage(f"{path}/__attach_version1.0_#{n:08X}", attachment, 8)
        if embedded is not None:
            inner = f"{storage.path}/__substg1.0_3701000D"
            embedded = OutlookStorage(
                inner,
                tuple(OutlookStream(f"{inner}/{s.name}", s.bytes_) for s in embedded.streams),
                embedded.storages,
            )
            storage = OutlookStorage(storage.path, storage.streams, (embedded,))
        storages.append(storage)
    root = _property_storage(path, props, header, counts[:header])
    return OutlookStorage(root.path, root.streams, tuple(storages))


def _property_storage(path: str, props: Props, header: int, head: bytes = b"") -> OutlookStorage:
    entries, streams = [], []
    for pid, (ptyp, value) in sorted(props.items()):
        if ptyp == PT_LONG:
            entries.append(struct.pack("<HHIi4x", ptyp, pid, 0x6, value))
            continue
        if ptyp == PT_SYSTIME:  # a FILETIME: 100 ns intervals since 1601
            entries.append(struct.pack("<HHIQ", ptyp, pid, 0x6, value))
            continue
        data = value.encode("utf-16-le") + b"\x00\x00" if ptyp == PT_UNICODE else value
        entries.append(struct.pack("<HHII4x", ptyp, pid, 0x6, len(data)))
        name = f"__substg1.0_{pid:04X}{ptyp:04X}"
        streams.append(OutlookStream(f"{path}/{name}" if path else name, data))
    properties = (head or bytes(header)).ljust(header, b"\x00") + b"".join(entries)
    name = "__properties_version1.0"
    streams.insert(0, OutlookStream(f"{path}/{name}" if path else name, properties))
    return OutlookStorage(path, tuple(streams), ())
