"""The factories must tell the truth: page numbers, Bates stamps and mail bytes are checked here,
because every parser test downstream trusts them."""

from __future__ import annotations

import email
import hashlib
import io
import mailbox
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.factories.mail import make_eml, make_mbox
from tests.factories.printed_pdf import (
    SEPARATOR,
    PlainPage,
    PrintedEmail,
    RenderedEmail,
    render_outlook_pdf,
    truncate_pdf,
)
from tests.make_sample_release import build_sample

PACIFIC = timezone(timedelta(hours=-8))
ICE = ("Doe, John", "john.doe@ice.dhs.gov")


def _page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def _email(subject: str, body: str, **fields: object) -> PrintedEmail:
    return PrintedEmail(
        from_name="Ramirez, Ana",
        from_address="aramirez@mbcso.example.gov",
        sent=datetime(2018, 3, 8, 9, 17),
        to=[ICE, ("Smith, K.", None)],
        subject=subject,
        body=body,
        **fields,  # type: ignore[arg-type]
    )


def _long_body(paragraphs: int) -> str:
    text = "The subject will be released at 0600 and can be picked up at the sally port. " * 6
    return "\n\n".join(f"Paragraph {n}. {text}" for n in range(1, paragraphs + 1))


@pytest.fixture(scope="module")
def printed() -> tuple[bytes, list]:
    original = _email("Release date for inmate", "Please send the release date.")
    items = [
        PlainPage("COVER LETTER", "This responds to your request."),
        _email("Short one", "Noted."),
        _email("Long one", _long_body(14), attachments=["booking.pdf"], importance="High"),
        _email("RE: Release date for inmate", "He will be released at 0600.", quoted=[original]),
        _email("Fresh page", "Starts a page.", new_page=True),
    ]
    buffer = io.BytesIO()
    rendered = render_outlook_pdf(
        buffer, items, bates_prefix="TEST-", bates_start=41, mailbox_owner="Ramirez, Ana"
    )
    return buffer.getvalue(), rendered


def test_pdf_opens_with_page_count_bates_and_footer(printed: tuple[bytes, list]) -> None:
    data, rendered = printed
    texts = _page_texts(data)
    assert len(texts) == max(item.page_end for item in rendered)
    for number, text in enumerate(texts, start=1):
        assert f"TEST-{40 + number:06d}" in text
        assert f"Page {number} of {len(texts)}" in text


def test_email_spanning_pages_is_on_the_pages_it_reports(printed: tuple[bytes, list]) -> None:
    data, rendered = printed
    texts = _page_texts(data)
    long_one = rendered[2]
    assert isinstance(long_one, RenderedEmail)
    assert long_one.page_start < long_one.page_end
    assert "Subject: Long one" in texts[long_one.page_start - 1]
    assert "Paragraph 1." in texts[long_one.page_start - 1]
    assert "Paragraph 14." in texts[long_one.page_end - 1]
    assert long_one.bates_start == f"TEST-{40 + long_one.page_start:06d}"


def test_emails_share_pages_unless_told_otherwise(printed: tuple[bytes, list]) -> None:
    _, rendered = printed
    cover, short, long_one, reply, fresh = rendered
    assert cover.page_start == cover.page_end == 1
    assert short.page_start == 2  # a plain page ends its page
    assert long_one.page_start == short.page_end  # starts mid-page
    assert fresh.page_start == reply.page_end + 1


def test_quoted_history_is_printed_where_reported(printed: tuple[bytes, list]) -> None:
    data, rendered = printed
    texts = _page_texts(data)
    quote = rendered[3].quoted[0]
    page = texts[quote.page_start - 1]
    assert SEPARATOR in page
    assert "Subject: Release date for inmate" in page
    assert "Sent: Thursday, March 8, 2018 9:17 AM" in page


def test_truncated_pdf_does_not_open(printed: tuple[bytes, list]) -> None:
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(truncate_pdf(printed[0]))


def _unescape_mboxrd(body: str) -> str:
    """Python's mailbox module leaves `>From ` quoting in place; readers of mboxrd remove one `>`."""
    return re.sub(r"(?m)^>(>*From )", r"\1", body)


def test_make_mbox_round_trips_through_mailbox(tmp_path: Path) -> None:
    bodies = [
        "First message.\n",
        "Heads up:\nFrom Monday the lot is closed.\n>From quoted\n",
        "x\n",
    ]
    messages = [
        make_eml(
            sender=("Ramirez, Ana", "aramirez@mbcso.example.gov"),
            to=[ICE],
            date=datetime(2019, 4, 9, 8, n, tzinfo=PACIFIC),
            subject=f"Message {n}",
            body=body,
        )
        for n, body in enumerate(bodies)
    ]
    path = tmp_path / "export.mbox"
    path.write_bytes(make_mbox(messages))
    box = mailbox.mbox(path)
    assert [m["Subject"] for m in box] == ["Message 0", "Message 1", "Message 2"]
    escaped = box[1].get_payload()
    assert ">From Monday" in escaped and ">>From quoted" in escaped
    assert _unescape_mboxrd(escaped) == bodies[1]


def test_make_eml_is_deterministic_with_zone_and_attachment() -> None:
    def build() -> bytes:
        return make_eml(
            sender=("Halvorsen, Erik", "erik.halvorsen@ice.dhs.gov"),
            to=[("Smith, Kevin", "ksmith@mbcso.example.gov")],
            cc=[("Lee, Priya", "plee@mbcso.example.gov")],
            date=datetime(2019, 5, 2, 11, 20, tzinfo=PACIFIC),
            subject="Criminal history request",
            body="Please send the rap sheet.\n",
            in_reply_to="<abc@mbcso.example.gov>",
            attachments=[("I-247A.pdf", b"%PDF-1.4 synthetic", "application/pdf")],
        )

    data = build()
    assert data == build()
    message = email.message_from_bytes(data)
    assert message["Date"] == "Thu, 02 May 2019 11:20:00 -0800"
    assert message["In-Reply-To"] == "<abc@mbcso.example.gov>"
    assert [p.get_filename() for p in message.walk() if p.get_filename()] == ["I-247A.pdf"]
    with pytest.raises(ValueError, match="zone"):
        make_eml(sender=ICE, to=[ICE], date=datetime(2019, 5, 2), subject="s", body="b")


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_sample_release_is_byte_identical_across_runs(tmp_path: Path) -> None:
    build_sample(tmp_path / "a")
    build_sample(tmp_path / "b")
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert first == second
    assert sum((tmp_path / "a" / name).stat().st_size for name in first) < 1_000_000


def test_sample_truth_matches_the_printed_pages(tmp_path: Path) -> None:
    truth = build_sample(tmp_path)
    printed = {path: emails for path, emails in truth.items() if path.endswith(".pdf") and emails}
    mbcso = sum(len(e) for p, e in printed.items() if p.startswith("mbcso/"))
    assert 10 <= mbcso <= 22
    assert {e["layout"] for emails in printed.values() for e in emails} == {
        "outlook",
        "gmail",
        "apple",
    }
    scanned = {path for path, emails in printed.items() if all(e.get("scanned") for e in emails)}
    assert scanned == {"mbcso/2024-cpra-0117/CPRA-0117_Scanned_Fax.pdf"}
    for path, emails in printed.items():
        if path in scanned:
            continue  # image-only: no text layer to compare (tests/scans reads such files by OCR)
        texts = _page_texts((tmp_path / path).read_bytes())
        for expected in emails:
            page = texts[expected["page_start"] - 1]
            assert expected["sent_text"] in page, (path, expected["subject"])
            assert expected["bates_start"] in page
            assert len(expected["quoted_messages"]) == expected["quoted"]
    assert truth["mbcso/2024-cpra-0117/CPRA-0117_Part3_damaged.pdf"] == []


def _minute(sent_text: str) -> datetime:
    """A printed or RFC 5322 date to the minute, as a naive local time (all sample times are
    America/Los_Angeles, printed without a zone)."""
    parsed = email.utils.parsedate_to_datetime(sent_text) if "," in sent_text[:4] else None
    if parsed is not None:
        return parsed.replace(tzinfo=None)
    return datetime.strptime(sent_text, "%A, %B %d, %Y %I:%M %p")


def test_one_email_is_in_the_sample_three_ways(tmp_path: Path) -> None:
    truth = build_sample(tmp_path)
    (native,) = truth["mbcso/2024-cpra-0117/emails/RE_Immigration_Detainer_VALDEZ-ORTIZ.eml"]
    path, index = str(native["duplicate_of"]).split("#")
    printed = truth[path][int(index)]
    path, index = str(native["quoted_in"]).split("#")
    quoting = truth[path][int(index)]
    (quoted,) = [q for q in quoting["quoted_messages"] if q["subject"] == native["subject"]]  # type: ignore[union-attr]
    for copy in (printed, quoted):
        assert (copy["from_name"], copy["from_address"], copy["subject"]) == (
            native["from_name"],
            native["from_address"],
            native["subject"],
        )
        assert _minute(str(copy["sent_text"])) == _minute(str(native["sent_text"]))
