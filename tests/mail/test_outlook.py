"""Outlook .msg and .pst on the small real files in ../shared/fixtures/outlook/."""

from __future__ import annotations

import email
import hashlib
import shutil
import struct
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import olefile
import pytest

from pipelines.extract import detect, pst
from pipelines.extract.children import Contents, MemoryOutput
from pipelines.extract.dispatch import extract_document
from pipelines.extract.mail import message_rows
from pipelines.extract.msg import read_storage
from pipelines.extract.pstindex import count_messages
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits
from tests.factories.mail import (
    PT_BINARY,
    PT_LONG,
    PT_SYSTIME,
    PT_UNICODE,
    make_eml,
    orphan_messages,
    outlook_storage,
)
from tests.mail.outlook import fixture, pst_fixture


def _read(path: Path) -> tuple[Extraction, MemoryOutput]:
    data = path.read_bytes()
    output = MemoryOutput()
    media_type = detect.detect_media_type(path, data[:8192])
    sha = hashlib.sha256(data).hexdigest()
    return extract_document(path, sha, media_type, len(data), output=output), output


def test_msg_headers_body_and_sender_from_properties() -> None:
    result, _ = _read(fixture("rubymsg_test_Blammo.msg"))
    (message,) = result.messages
    assert (message.source_kind, message.locator, message.subject) == ("msg", "msg", "BlammoBlammo")
    assert (message.from_name, message.from_address) == ("TripleNickel", "triplenickel@mapi32.net")
    assert message.sent_at_utc == datetime(2007, 9, 29, 11, 2, 44, tzinfo=UTC)
    assert message.body == "Blam"
    assert [(p.role, p.address) for p in result.participants] == [
        ("from", "triplenickel@mapi32.net")
    ]


def test_msg_recipient_table_gives_participants() -> None:
    result, _ = _read(fixture("rubymsg_qwerty_1-orig.msg"))
    (message,) = result.messages
    assert message.subject == "qwerty"
    assert message.body.startswith("Charles Lowe\r\nData Analyst")
    assert [(p.role, p.position, p.name, p.address) for p in result.participants] == [
        ("to", 0, "asdf", None)
    ]
    assert (result.items.expected, result.items.extracted, result.items.missing) == (1, 1, 0)


def test_msg_with_only_an_rtf_body_gets_its_text(tmp_path: Path) -> None:
    path = tmp_path / "rtf_only.msg"
    shutil.copy(fixture("rubymsg_test_Blammo.msg"), path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:  # blank the plain-text body
        size = ole.get_size("__substg1.0_1000001E")
        ole.write_stream("__substg1.0_1000001E", b"\x00" * size)
    result, _ = _read(path)
    (message,) = result.messages
    assert message.body == "Blam"  # from PR_RTF_COMPRESSED


def test_pst_200_recipients_are_200_to_participants() -> None:
    result, _ = _read(pst_fixture("rubymsg_200_recipients.pst"))
    (message,) = result.messages
    assert (message.source_kind, message.locator) == ("pst", "pst:200 recipients.msg/2")
    assert message.subject == "200 recipients"
    assert message.from_address is None  # readpst's placeholder sender is not a participant
    roles = Counter(p.role for p in result.participants)
    assert roles == {"to": 200}
    to = [p.address for p in result.participants]
    assert to[0] == "xmailuser1@xmailserver.test" and to[-1] == "xmailuser200@xmailserver.test"
    assert (result.items.expected, result.items.extracted, result.items.missing) == (1, 1, 0)


def test_pst_inline_images_are_attachments_and_the_rtf_body_is_not() -> None:
    result, output = _read(pst_fixture("rubymsg_attachAndInline.pst"))
    (message,) = result.messages
    assert message.body == ""  # its RTF body holds an inline image and a blank line, no text
    assert [a.file_name for a in result.attachments] == ["image001.png", "attach.png"]
    assert all(output.blobs[c.document_id][:4] == b"\x89PNG" for c in result.children)
    assert (result.items.expected, result.items.extracted) == (3, 3)


def test_readpst_rtf_body_part_is_the_body_when_there_is_no_text() -> None:
    """readpst writes an item's RTF body as `rtf-body.rtf`; with a blank plain part it is the body."""
    rtf = rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\pard Hold for ICE\par}"
    item = make_eml(
        sender=(None, "deputy@mbcso.example.gov"),
        to=[(None, "ero@ice.dhs.gov")],
        date=datetime(2020, 1, 2, 9, 0, tzinfo=UTC),
        subject="Hold",
        body=" ",
        attachments=[("rtf-body.rtf", rtf, "application/rtf")],
    )
    extraction = Extraction(document_id="a" * 64, media_type=detect.PST)
    contents = Contents(extraction, MemoryOutput(), Limits())
    message_rows(
        email.message_from_bytes(item), contents, "pst", "pst:Inbox/1", readpst_output=True
    )
    (message,) = extraction.messages
    assert message.body == "Hold for ICE"
    assert extraction.attachments == [] and extraction.children == []


def test_pst_message_inside_a_message_is_a_document_with_its_own_row(tmp_path: Path) -> None:
    result, output = _read(pst_fixture("rubymsg_msgInMsg.pst"))
    (outer,) = result.messages
    assert outer.subject == "I have attachments!"
    attached = [c for c in result.children if c.member_path.endswith(".eml")]
    assert len(attached) == 1
    inner_bytes = output.blobs[attached[0].document_id]
    again, _ = _read(pst_fixture("rubymsg_msgInMsg.pst"))
    # readpst's random MIME boundaries are renumbered: the same PST gives the same ids.
    assert [c.document_id for c in again.children] == [c.document_id for c in result.children]
    assert [m.message_id for m in again.messages] == [outer.message_id]

    path = tmp_path / "inner.eml"
    path.write_bytes(inner_bytes)
    inner, _ = _read(path)
    (message,) = inner.messages
    assert message.subject == "Microsoft Outlook テスト メッセージ"
    assert (message.from_name, message.from_address) == (
        "Microsoft Outlook",
        "xmailuser@xmailserver.test",
    )


def test_pst_items_the_converter_loses_are_counted_and_reported(tmp_path: Path) -> None:
    short = tmp_path / "short.pst"
    assert orphan_messages(pst_fixture("rubymsg_msgInMsg.pst"), short) == 1
    assert count_messages(short) == 1
    result, _ = _read(short)
    assert result.status == "parsed" and result.messages == []
    assert (result.items.expected, result.items.extracted, result.items.missing) == (1, 0, 1)
    (error,) = result.errors
    assert error.error_class == "ItemsMissing"
    assert "holds 1 messages, readpst wrote 0" in error.message


def test_pst_without_readpst_is_quarantined_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fixture("rubymsg_msgInMsg.pst")
    monkeypatch.setattr(pst, "READPST", "readpst-not-installed-here")
    result, _ = _read(path)
    assert result.status == "quarantined"
    assert "install Debian package pst-utils" in result.error
    assert (result.items.expected, result.items.missing) == (1, 1)


def _mela(rtf: bytes) -> bytes:
    """PR_RTF_COMPRESSED in its stored (uncompressed) form."""
    return struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414C454D, 0) + rtf


def test_a_damaged_rtf_body_costs_the_body_not_the_message() -> None:
    """A compressed RTF of an unknown type raised, and the .msg (sender, recipients, date) was
    quarantined for its body alone."""
    damaged = struct.pack("<IIII", 40, 40, 0x12345678, 0) + b"\x00" * 28
    root = outlook_storage(
        "",
        {
            0x0037: (PT_UNICODE, "Transfer"),
            0x0C1A: (PT_UNICODE, "Ramirez, Ana"),
            0x5D01: (PT_UNICODE, "aramirez@mbcso.example.gov"),
            0x1009: (PT_BINARY, damaged),  # RTF only, and unreadable
        },
        header=32,
        recipients=[{0x3001: (PT_UNICODE, "ERO"), 0x39FE: (PT_UNICODE, "ero@ice.dhs.gov")}],
        attachments=[],
    )
    extraction = Extraction(document_id="d" * 64, media_type=detect.MSG)
    read_storage(root, extraction, Limits(), MemoryOutput())
    (message,) = extraction.messages
    assert (message.subject, message.from_address, message.body) == (
        "Transfer",
        "aramirez@mbcso.example.gov",
        "",
    )
    assert [p.address for p in extraction.participants] == [
        "aramirez@mbcso.example.gov",
        "ero@ice.dhs.gov",
    ]
    (error,) = extraction.errors
    assert error.error_class == "RtfError" and error.message.startswith("msg: body unreadable")


def test_a_submit_time_past_year_9999_is_no_date() -> None:
    """MAPI writes all ones for "never"; read as a date it overflowed and quarantined the .msg."""
    delivered = datetime(2019, 4, 15, 4, 0, tzinfo=UTC)
    filetime = int((delivered - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds()) * 10_000_000
    root = outlook_storage(
        "",
        {
            0x0037: (PT_UNICODE, "Hold"),
            0x1000: (PT_UNICODE, "Hold for ICE."),
            0x0039: (PT_SYSTIME, 0xFFFFFFFFFFFFFFFF),  # PR_CLIENT_SUBMIT_TIME: never
            0x0E06: (PT_SYSTIME, filetime),  # PR_MESSAGE_DELIVERY_TIME
        },
        header=32,
        recipients=[],
        attachments=[],
    )
    extraction = Extraction(document_id="e" * 64, media_type=detect.MSG)
    read_storage(root, extraction, Limits(), MemoryOutput())
    (message,) = extraction.messages
    assert message.body == "Hold for ICE."
    assert message.sent_at_utc == delivered


def test_msg_embedded_in_msg_is_its_own_message_with_its_own_attachments() -> None:
    pdf = b"%PDF-1.4\n%%EOF\n"
    embedded = outlook_storage(
        "",
        {
            0x0037: (PT_UNICODE, "Transfer at sally port"),
            0x0C1A: (PT_UNICODE, "Officer Lee"),
            0x5D01: (PT_UNICODE, "ERO.Lee@ice.dhs.gov"),
            0x1009: (PT_BINARY, _mela(rb"{\rtf1\ansi\pard Pick up at 0600.\par}")),  # RTF only
        },
        header=24,
        recipients=[{0x3001: (PT_UNICODE, "Jail"), 0x39FE: (PT_UNICODE, "jail@mbcso.example.gov")}],
        attachments=[
            (
                {0x3705: (PT_LONG, 1), 0x3707: (PT_UNICODE, "form.pdf"), 0x3701: (PT_BINARY, pdf)},
                None,
            )
        ],
    )
    root = outlook_storage(
        "",
        {
            0x0037: (PT_UNICODE, "FW: Transfer"),
            0x1000: (PT_UNICODE, "See the forwarded message."),
            0x0C1A: (PT_UNICODE, "Ramirez, Ana"),
            0x5D01: (PT_UNICODE, "aramirez@mbcso.example.gov"),
        },
        header=32,
        recipients=[
            {0x3001: (PT_UNICODE, "Records"), 0x39FE: (PT_UNICODE, "records@mbcso.example.gov")},
            {
                0x3001: (PT_UNICODE, "Doe, John"),
                0x39FE: (PT_UNICODE, "jd@ice.dhs.gov"),
                0x0C15: (PT_LONG, 2),
            },
        ],
        attachments=[
            ({0x3705: (PT_LONG, 5), 0x3001: (PT_UNICODE, "Transfer at sally port")}, embedded),
            (
                {
                    0x3705: (PT_LONG, 1),
                    0x3707: (PT_UNICODE, "booking.pdf"),
                    0x3701: (PT_BINARY, pdf + b"%b"),
                },
                None,
            ),
            (
                {0x3705: (PT_LONG, 6), 0x3001: (PT_UNICODE, "Picture (Device Independent Bitmap)")},
                None,
            ),
        ],
    )
    extraction = Extraction(document_id="c" * 64, media_type=detect.MSG)
    output = MemoryOutput()
    read_storage(root, extraction, Limits(), output)
    outer, inner = extraction.messages
    assert (outer.locator, outer.subject, outer.body) == (
        "msg",
        "FW: Transfer",
        "See the forwarded message.",
    )
    assert (inner.locator, inner.subject, inner.body) == (
        "msg/attachment:1",
        "Transfer at sally port",
        "Pick up at 0600.",
    )
    assert (inner.from_name, inner.from_address) == ("Officer Lee", "ero.lee@ice.dhs.gov")
    roles = [(p.message_id == inner.message_id, p.role, p.address) for p in extraction.participants]
    assert roles == [
        (False, "from", "aramirez@mbcso.example.gov"),
        (False, "to", "records@mbcso.example.gov"),
        (False, "cc", "jd@ice.dhs.gov"),
        (True, "from", "ero.lee@ice.dhs.gov"),
        (True, "to", "jail@mbcso.example.gov"),
    ]
    assert [(c.member_path, c.message_id) for c in extraction.children] == [
        ("msg/attachment:1/attachment:1/form.pdf", inner.message_id),
        ("msg/attachment:2/booking.pdf", outer.message_id),
    ]
    assert output.blobs[extraction.children[0].document_id] == pdf
    assert (extraction.items.expected, extraction.items.extracted, extraction.items.missing) == (
        5,
        4,
        1,
    )
    (error,) = extraction.errors
    assert (error.error_class, error.message) == (
        "AttachmentNotExtracted",
        "msg/attachment:3: Picture (Device Independent Bitmap): embedded OLE object",
    )
