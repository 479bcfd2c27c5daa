"""Native mail readers on real bytes, including the malformed headers releases are full of."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipelines.extract.children import MemoryOutput
from pipelines.extract.detect import EML, MBOX, detect_media_type
from pipelines.extract.mail import iter_mbox, read_eml, read_mbox
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

EML_BYTES = (
    b'From: "Doe, John" <John.Doe@ice.dhs.gov>\r\n'
    b"To: Ana Ramirez <aramirez@mbcso.example.gov>, ksmith@mbcso.example.gov,\r\n"
    b"Cc: =?utf-8?q?Jos=C3=A9_P=C3=A9rez?= <jperez@mbcso.example.gov>\r\n"
    b"Subject: =?utf-8?q?RE:_Release_date_for_inmate?=\r\n"
    b"Date: Thu, 08 Mar 2018 09:17:00 -0800\r\n"
    b"Message-ID: <abc@ice.dhs.gov>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
    b"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease advise the release date.\r\n"
    b'--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="I-247A.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n"
)


def _extract(tmp_path: Path, name: str, data: bytes, reader) -> Extraction:
    path = tmp_path / name
    path.write_bytes(data)
    return reader(path, Extraction(document_id="d" * 64, media_type="x"), Limits(), MemoryOutput())


def test_eml_headers_participants_and_attachment(tmp_path: Path) -> None:
    result = _extract(tmp_path, "a.eml", EML_BYTES, read_eml)
    (message,) = result.messages
    assert message.subject == "RE: Release date for inmate"
    assert message.from_address == "john.doe@ice.dhs.gov"
    assert message.from_name == "Doe, John"
    assert message.sent_at_utc == datetime(2018, 3, 8, 17, 17, tzinfo=UTC)
    assert message.sent_at_local is None
    assert message.body == "Please advise the release date."
    roles = [(p.role, p.address) for p in result.participants]
    # The trailing comma in To does not invent an empty recipient.
    assert roles == [
        ("from", "john.doe@ice.dhs.gov"),
        ("to", "aramirez@mbcso.example.gov"),
        ("to", "ksmith@mbcso.example.gov"),
        ("cc", "jperez@mbcso.example.gov"),
    ]
    assert result.participants[3].name == "José Pérez"
    (attachment,) = result.attachments
    assert (attachment.file_name, attachment.media_type, attachment.bytes) == (
        "I-247A.pdf",
        "application/pdf",
        9,
    )
    (child,) = result.children  # the attachment's bytes are a document of their own
    assert child.document_id == attachment.document_id and child.bytes == 9
    assert child.member_path == "eml/attachment:1/I-247A.pdf"


def test_eml_without_zone_or_date_keeps_raw_text(tmp_path: Path) -> None:
    data = (
        b"From: someone@example.org\nTo: x@y.org\nSubject: s\n"
        b"Date: Thu, 08 Mar 2018 09:17:00 -0000\n\nbody\n"
    )
    (message,) = _extract(tmp_path, "b.eml", data, read_eml).messages
    assert message.sent_at_utc is None
    assert message.sent_at_local == datetime(2018, 3, 8, 9, 17)
    assert message.sent_at_text == "Thu, 08 Mar 2018 09:17:00 -0000"

    broken = b"From: a@b.org\nTo: c@d.org\nSubject: s\nDate: not a date at all\n\nbody\n"
    (message,) = _extract(tmp_path, "c.eml", broken, read_eml).messages
    assert (message.sent_at_utc, message.sent_at_local) == (None, None)
    assert message.sent_at_text == "not a date at all"
    assert message.header_confidence < 1.0


def test_undecodable_charset_does_not_crash(tmp_path: Path) -> None:
    data = (
        b"From: a@b.org\nTo: c@d.org\nSubject: =?x-unknown?q?caf=E9?=\n"
        b"Content-Type: text/plain; charset=x-unknown\n\ncaf\xe9 \xff\n"
    )
    (message,) = _extract(tmp_path, "d.eml", data, read_eml).messages
    assert message.subject
    assert message.body.startswith("caf")


def test_mbox_streams_messages_and_unescapes_from_lines(tmp_path: Path) -> None:
    one = b"From: a@b.org\nSubject: first\n\nhello\n>From the desk of the sheriff\n"
    two = b"From: c@d.org\nSubject: second\n\nbye\n"
    data = b"From MAILER-DAEMON Thu Mar  8 09:17:00 2018\n" + one + b"\n"
    data += b"From MAILER-DAEMON Fri Mar  9 09:17:00 2018\n" + two
    path = tmp_path / "box.mbox"
    path.write_bytes(data)
    assert detect_media_type(path, data) == MBOX
    chunks = list(iter_mbox(path))
    assert len(chunks) == 2
    assert b"\nFrom the desk of the sheriff\n" in chunks[0]
    result = read_mbox(
        path, Extraction(document_id="e" * 64, media_type=MBOX), Limits(), MemoryOutput()
    )
    assert [m.subject for m in result.messages] == ["first", "second"]
    assert [m.locator for m in result.messages] == ["mbox:0", "mbox:1"]
    assert len({m.message_id for m in result.messages}) == 2


def test_detect_by_content_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    assert detect_media_type(path, EML_BYTES) == EML
    assert detect_media_type(tmp_path / "x.eml", b"%PDF-1.7\n") == "application/pdf"
    assert detect_media_type(tmp_path / "x.pdf", b"") == "application/x-empty"
    assert detect_media_type(tmp_path / "notes.pdf", b"just some words\n") != "application/pdf"
