"""RFC 822 mail on real bytes: attachments as child files, attached e-mails, malformed headers."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.extract import detect
from pipelines.extract.children import MemoryOutput
from pipelines.extract.dispatch import extract_document
from pipelines.extract.mail import SPILL_EVERY, read_mbox
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits
from pipelines.staging import Staging
from tests.factories.mail import forwarded_detainer, make_eml, make_mbox

PACIFIC = timezone(timedelta(hours=-8))
FORM = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _read(tmp_path: Path, name: str, data: bytes) -> tuple[Extraction, MemoryOutput]:
    path = tmp_path / name
    path.write_bytes(data)
    output = MemoryOutput()
    media_type = detect.detect_media_type(path, data[:8192])
    sha = hashlib.sha256(data).hexdigest()
    return extract_document(path, sha, media_type, len(data), output=output), output


def test_attachments_become_children_and_an_attached_email_is_its_own_document(
    tmp_path: Path,
) -> None:
    result, output = _read(tmp_path, "fw.eml", forwarded_detainer(FORM, FORM + b"%booking\n"))
    (message,) = result.messages
    assert (message.subject, message.body) == ("FW: I-247A for RIOS-BANDA", "See below.")
    assert [(c.member_path, c.message_id) for c in result.children] == [
        ("eml/attachment:1/booking.pdf", message.message_id),
        ("eml/attachment:2/I-247A for RIOS-BANDA.eml", message.message_id),
    ]
    assert [(a.file_name, a.media_type, a.document_id) for a in result.attachments] == [
        ("booking.pdf", "application/pdf", result.children[0].document_id),
        ("I-247A for RIOS-BANDA.eml", "message/rfc822", result.children[1].document_id),
    ]
    assert (result.items.expected, result.items.extracted, result.items.missing) == (3, 3, 0)

    # The attached e-mail, read as the document it now is: its own message, its own attachment.
    inner_bytes = output.blobs[result.children[1].document_id]
    inner, inner_output = _read(tmp_path, "inner", inner_bytes)
    (forwarded,) = inner.messages
    assert forwarded.subject == "I-247A for RIOS-BANDA"
    assert forwarded.from_address == "john.doe@ice.dhs.gov"
    assert forwarded.sent_at_utc == datetime(2019, 2, 4, 18, 0, tzinfo=UTC)
    (pdf,) = inner.children
    assert inner_output.blobs[pdf.document_id] == FORM


def test_mbox_attachments_are_children_of_the_mailbox(tmp_path: Path) -> None:
    messages = [
        make_eml(
            sender=(None, f"deputy{n}@mbcso.example.gov"),
            to=[(None, "ero@ice.dhs.gov")],
            date=datetime(2020, 1, n + 1, 9, 0, tzinfo=PACIFIC),
            subject=f"Release {n}",
            body="From the desk of the sheriff\nRelease at 0600.",
            attachments=[(f"notice{n}.pdf", FORM + bytes([n]), "application/pdf")] if n else None,
        )
        for n in range(3)
    ]
    result, _ = _read(tmp_path, "box.mbox", make_mbox(messages))
    assert [m.locator for m in result.messages] == ["mbox:0", "mbox:1", "mbox:2"]
    assert result.messages[0].body.startswith("From the desk")  # >From unescaped
    assert [c.member_path for c in result.children] == [
        "mbox:1/attachment:1/notice1.pdf",
        "mbox:2/attachment:1/notice2.pdf",
    ]
    assert (result.items.expected, result.items.extracted) == (5, 5)


MALFORMED = (
    b"From MAILER-DAEMON Thu Mar  8 09:17:00 2018\n"  # an envelope line left in a .eml
    b"From: =?x-unknown?q?Jos=E9?= <JPEREZ@mbcso.example.gov>\n"
    b"To: Doe, John <jd@ice.dhs.gov>; ; Smith, K. <ks@ice.dhs.gov>;,\n"
    b"Cc: \xe9quipe <equipe@mbcso.example.gov>\n"
    b"Subject: caf\xe9 \xff\n"
    b"Date: Thu, 08 Mar 2018 09:17:00\n"
    b"Content-Type: multipart/mixed; boundary=B\n\n"
    b"--B\nContent-Type: text/plain\n\n \n"
    b"--B\nContent-Type: text/html; charset=nonexistent-charset\n\n<p>Hold for <b>ICE</b></p>\n"
    b"--B\nContent-Type: application/pdf; name=broken.pdf\nContent-Transfer-Encoding: base64\n\n"
    b"!!!not base64!!!\n--B--\n"
)


def test_malformed_mail_keeps_raw_values_and_never_crashes(tmp_path: Path) -> None:
    result, _ = _read(tmp_path, "bad.eml", MALFORMED)
    assert result.status == "parsed"
    (message,) = result.messages
    assert message.sent_at_text == "Thu, 08 Mar 2018 09:17:00"  # no zone: a local time
    assert (message.sent_at_utc, message.sent_at_local) == (None, datetime(2018, 3, 8, 9, 17))
    assert message.subject == "café ÿ"  # raw Latin-1 bytes, read as Windows-1252
    assert message.from_address == "jperez@mbcso.example.gov"
    assert message.body == "Hold for ICE"  # blank plain part: the HTML part is the body
    roles = [(p.role, p.position, p.name, p.address) for p in result.participants]
    assert roles == [
        ("from", 0, "José", "jperez@mbcso.example.gov"),  # unknown charset: bytes as Latin
        ("to", 0, "Doe, John", "jd@ice.dhs.gov"),
        ("to", 1, "Smith, K.", "ks@ice.dhs.gov"),
        ("cc", 0, "équipe", "equipe@mbcso.example.gov"),
    ]
    (attachment,) = result.attachments  # undecodable base64 is kept as it came, not dropped
    assert attachment.file_name == "broken.pdf" and attachment.bytes > 0


def test_a_mailbox_keeps_every_message_past_8_bit_dispositions_and_nul_charsets(
    tmp_path: Path,
) -> None:
    """A Content-Disposition with raw 8-bit bytes (parsed as a Header, not a str) and a charset
    with a NUL in it each raised, and one such message quarantined the whole mailbox."""
    plain = make_eml(
        sender=("Ana Ramirez", "aramirez@mbcso.example.gov"),
        to=[("", "jd@ice.dhs.gov")],
        date=datetime(2019, 7, 9, 9, 51, tzinfo=PACIFIC),
        subject="Release date",
        body="Friday at 0600.",
    )
    eight_bit = (
        b"From: a@mbcso.example.gov\nSubject: booking\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
        b"Content-Type: text/plain\n\nSee attached.\n--b\n"
        b"Content-Type: application/octet-stream\n"
        b'Content-Disposition: attachment; filen\x82\xedame="booking.bin"\n\nbooking\n--b--\n'
    )
    nul_charset = (
        b"From: b@mbcso.example.gov\nSubject: hold\nMIME-Version: 1.0\n"
        b'Content-Type: text/plain; charset="utf\x00-8"\n\nHold for ICE.\n'
    )
    result, _ = _read(tmp_path, "box.mbox", make_mbox([plain, eight_bit, nul_charset]))
    assert result.status == "parsed"
    assert [m.subject for m in result.messages] == ["Release date", "booking", "hold"]
    assert result.messages[1].body == "See attached."
    assert len(result.attachments) == 1  # the file, whatever its mangled disposition says
    assert result.messages[2].body == "Hold for ICE."  # the NUL charset is read as UTF-8


def test_message_without_headers_or_body_is_still_a_row(tmp_path: Path) -> None:
    path = tmp_path / "headless.eml"
    path.write_bytes(b"\n\nJust a body line.\n")
    result = extract_document(path, "f" * 64, detect.EML, path.stat().st_size)
    (message,) = result.messages
    assert (message.subject, message.from_address, message.sent_at_text) == (None, None, None)
    assert message.body == "Just a body line."
    assert message.header_confidence == 0.0


def test_a_big_mailbox_hands_its_rows_over_in_batches(tmp_path: Path) -> None:
    """Memory stays flat because rows leave the extraction while the mailbox is read (the speed
    and peak memory on a 1 GB mbox are measured by bench/mail/mbox_memory.py)."""
    count = 2 * SPILL_EVERY + 7
    path = tmp_path / "big.mbox"
    with path.open("wb") as handle:
        for n in range(count):
            handle.write(
                b"From MAILER-DAEMON Thu Mar  8 09:17:00 2018\n"
                b"From: deputy%d@mbcso.example.gov\nTo: ero@ice.dhs.gov\nSubject: n%d\n\nbody\n\n"
                % (n, n)
            )
    staging = Staging(tmp_path / "staging")
    writer = staging.writer("b" * 64)
    extraction = Extraction(document_id="b" * 64, media_type=detect.MBOX)
    read_mbox(path, extraction, Limits(), writer)
    assert len(extraction.messages) < SPILL_EVERY  # the rest were written out already
    summary = writer.finish(extraction)
    assert summary["counts"]["messages"] == count
    assert summary["counts"]["participants"] == 2 * count
    assert summary["items"] == {"expected": count, "extracted": count, "missing": 0}
    table = pq.read_table(staging.document_dir("b" * 64) / "messages.parquet")
    assert table.num_rows == count
    assert table.column("locator").to_pylist()[-1] == f"mbox:{count - 1}"
