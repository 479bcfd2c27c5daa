"""Every printed layout and variation, rendered to PDF by the factory and read back by the reader.

Each test prints a small document whose truth the factory records (`Shown`: what the page shows of
every header) and checks that the splitter finds each message where it is, top-level or quoted,
with the header values a careful reader would write down.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipelines.extract import pdf
from pipelines.extract.pdf import read_pages
from pipelines.extract.rows import MessageRow
from pipelines.printed import PrintedPage, PrintedResult, split_printed
from pipelines.settings import Limits
from tests.factories.printed_pdf import (
    Furniture,
    Item,
    Party,
    PlainPage,
    PrintedEmail,
    RenderedEmail,
    RenderedPlainPage,
    Thread,
    flat_history,
    render_printout,
)

RAMIREZ: Party = ("Ramirez, Ana", "aramirez@mbcso.example.gov")
DOE: Party = ("Doe, John", "john.doe@ice.dhs.gov")
X500 = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE"


def _email(sender: Party, subject: str, body: str, **fields: object) -> PrintedEmail:
    fields.setdefault("sent", datetime(2018, 3, 8, 9, 17))
    fields.setdefault("to", [DOE if sender == RAMIREZ else RAMIREZ])
    return PrintedEmail(
        from_name=sender[0],
        from_address=sender[1],
        subject=subject,
        body=body,
        **fields,  # type: ignore[arg-type]
    )


def _thread(layout: str, style: str = "") -> list[PrintedEmail]:
    """A request, a reply quoting it, and a second reply quoting both."""
    first = _email(DOE, "Release date", "Can you send the release date?\nThanks")
    second = _email(
        RAMIREZ,
        "RE: Release date",
        "He is released Friday at 0600.",
        sent=datetime(2018, 3, 8, 10, 2),
        quoted=flat_history(first),
        quote_style=style,
    )
    third = _email(
        DOE,
        "RE: Release date",
        "We will be at the sally port.",
        sent=datetime(2018, 3, 8, 11, 30),
        quoted=flat_history(second),
        quote_style=style,
    )
    return [first, second, third]


def _print(
    items: list[Item], layout: str, owner: str | None = None, text_only: bool = False, **kw: object
) -> tuple[list, PrintedResult]:
    buffer = io.BytesIO()
    rendered = render_printout(
        buffer, items, layout=layout, bates_prefix="TEST-", bates_start=1, mailbox_owner=owner, **kw
    )  # type: ignore[arg-type]
    pages = read_pages(buffer.getvalue(), Limits()).pages
    if text_only:
        pages = [PrintedPage(page.number, page.text) for page in pages]
    return rendered, split_printed("doc", pages)


def _first_line(message: MessageRow) -> str:
    return message.body.splitlines()[0] if message.body else ""


def _assert_matches_truth(rendered: list, result: PrintedResult) -> None:
    """Every printed message found, in order, with the pages, quoting and header it shows."""
    expected = []
    for item in rendered:
        if isinstance(item, RenderedEmail):
            expected.append((item.page_start, item.page_end, False, item.shown))
            expected += [(q.page_start, q.page_end, True, q.shown) for q in item.quoted]
    assert len(result.messages) == len(expected)
    tops: list[str] = []
    to = {}
    for participant in result.participants:
        if participant.role == "to":
            to.setdefault(participant.message_id, []).append(
                (participant.name, participant.address)
            )
    for message, (start, end, quoted, shown) in zip(result.messages, expected, strict=True):
        assert (message.page_start, message.page_end, message.is_quoted) == (start, end, quoted)
        assert _first_line(message) == shown.first_line
        assert (message.from_name, message.from_address) == (
            shown.from_name,
            shown.from_address.lower() if shown.from_address else None,
        )
        assert message.subject == shown.subject
        assert message.sent_at_text == shown.sent_text
        if shown.sent.tzinfo is None:
            assert message.sent_at_local == shown.sent
        else:
            assert message.sent_at_utc == shown.sent.astimezone(UTC)
        got = [(n, a) for n, a in to.get(message.message_id, [])]
        assert got == [(n, a.lower() if a else None) for n, a in shown.to]
        if quoted:
            assert message.quoted_in_message_id == tops[-1]
        else:
            tops.append(message.message_id)


@pytest.mark.parametrize("style", ["original", "rule", "line", "bare", "wrote"])
def test_outlook_quoted_history_styles(style: str) -> None:
    rendered, result = _print(_thread("outlook", style), "outlook", owner="Ramirez, Ana")
    _assert_matches_truth(rendered, result)
    assert all(m.header_confidence == 1.0 for m in result.messages)


def test_outlook_labels_written_before_values_are_paired_by_position() -> None:
    long_to = [DOE, ("Lee, Pat", "plee@ice.dhs.gov"), ("Kim, Lou", None), ("Brennan, Tom", X500)]
    items: list[Item] = [
        _email(RAMIREZ, "List", "First body line.", to=long_to, attachments=["a.pdf"]),
        *_thread("outlook_columns"),
    ]
    rendered, result = _print(items, "outlook_columns", owner="Ramirez, Ana")
    _assert_matches_truth(rendered, result)
    assert not any(m.header_confidence < 1.0 for m in result.messages)
    assert [a.file_name for a in result.attachments] == ["a.pdf"]


def test_labels_first_without_positions_are_paired_by_order_with_lower_confidence() -> None:
    _, result = _print(_thread("outlook_columns")[:1], "outlook_columns", text_only=True)
    (message,) = result.messages
    assert (message.from_name, message.subject) == ("Doe, John", "Release date")
    assert message.header_confidence == pytest.approx(0.8)


def test_gmail_thread_print() -> None:
    first, second, third = _thread("gmail")
    items: list[Item] = [Thread("Release date", [first, second, third])]
    rendered, result = _print(items, "gmail", owner="Ana Ramirez <aramirez@mbcso.example.gov>")
    _assert_matches_truth(rendered, result)
    # every message shows the thread title; the browser's print time is never a message date
    assert {m.subject for m in result.messages if not m.is_quoted} == {"Release date"}
    assert all(m.sent_at_local and m.sent_at_local.year == 2018 for m in result.messages)
    assert not any("mail.google.com" in m.body or "8:13 AM" in m.body for m in result.messages)
    assert result.unassigned_pages == []


def test_gmail_forwarded_message_is_quoted_with_its_own_header() -> None:
    original = _email(DOE, "Detainer", "I-247A attached.")
    forward = _email(
        RAMIREZ,
        "Fwd: Detainer",
        "See below.",
        sent=datetime(2018, 3, 9, 8, 0),
        quoted=flat_history(original),
        quote_style="forwarded",
    )
    rendered, result = _print([Thread("Fwd: Detainer", [forward])], "gmail")
    _assert_matches_truth(rendered, result)
    quoted = result.messages[1]
    assert quoted.is_quoted and quoted.subject == "Detainer"


def test_apple_mail_print_with_zones_and_forwarded_history() -> None:
    zone = timezone(timedelta(hours=-7))
    first = _email(
        DOE, "Pickup", "Pier 4 at 0800.", sent=datetime(2019, 7, 9, 16, 51, 36, tzinfo=zone)
    )
    forward = _email(
        RAMIREZ,
        "Fwd: Pickup",
        "FYI\n\nSent from my iPhone",
        sent=datetime(2019, 7, 9, 17, 5, 2, tzinfo=zone),
        quoted=flat_history(first),
        quote_style="begin",
    )
    reply = _email(
        DOE,
        "Re: Fwd: Pickup",
        "Thanks.",
        sent=datetime(2019, 7, 9, 18, 0, 0, tzinfo=zone),
        quoted=flat_history(forward),
        quote_style="wrote",
    )
    rendered, result = _print([first, forward, reply], "apple")
    _assert_matches_truth(rendered, result)
    assert result.messages[0].sent_at_utc == datetime(2019, 7, 9, 23, 51, 36, tzinfo=UTC)


def test_plain_print_with_angle_quoting_nested() -> None:
    rendered, result = _print(_thread("plain"), "plain")
    _assert_matches_truth(rendered, result)
    last_quote = result.messages[-1]
    assert last_quote.is_quoted and not last_quote.body.startswith(">")


def test_lotus_notes_memos_with_unmarked_history_and_forward() -> None:
    notes_name: Party = ("Ana Ramirez/MBCSO@MBCSO", None)
    first = _email(DOE, "Pickup", "Pier 4 at 0800.", to=[notes_name])
    reply = _email(
        notes_name,
        "RE: Pickup",
        "Confirmed.",
        to=[DOE],
        sent=datetime(2018, 3, 8, 10, 0),
        quoted=flat_history(first),
    )
    forward = _email(
        notes_name,
        "FW: RE: Pickup",
        "For your files.",
        to=[("Daniel Okafor/MBCSO@MBCSO", None)],
        sent=datetime(2018, 3, 8, 10, 30),
        quoted=flat_history(reply),
        quote_style="notes_forward",
    )
    rendered, result = _print([first, reply, forward], "notes")
    _assert_matches_truth(rendered, result)
    assert result.messages[1].from_name == "Ana Ramirez/MBCSO@MBCSO"


@pytest.mark.parametrize(
    ("layout", "text_only"),
    [
        *((layout, False) for layout in ("outlook", "gmail", "apple", "plain", "notes")),
        ("outlook", True),
        ("plain", True),
    ],
)
def test_pages_that_are_not_mail_are_left_out(layout: str, text_only: bool) -> None:
    """With positions, a page that follows a page ended early, or opens with a heading set
    larger than text, starts something new; from text alone, a page that opens like a letter."""
    letter = PlainPage("OFFICE OF THE SHERIFF", "Dear Requester:\n\nRecords are enclosed.")
    form = PlainPage("IMMIGRATION DETAINER - NOTICE OF ACTION", "Date: 03/08/2018\nTo: Jail")
    portal = PlainPage("NEXTREQUEST PORTAL - REQUEST 24-118", "Request Opened 05/20/2024 9:12 AM")
    first, second, _ = _thread(layout)
    items: list[Item] = [letter, first, form, second, portal]
    rendered, result = _print(items, layout, text_only=text_only)
    _assert_matches_truth(rendered, result)
    plain = [r for r in rendered if isinstance(r, RenderedPlainPage)]
    not_mail = {page for r in plain for page in range(r.page_start, r.page_end + 1)}
    assert set(result.unassigned_pages) == not_mail


def test_furniture_stays_out_of_bodies_and_headers() -> None:
    furniture = Furniture(
        counter="Page {n} of {m}", banner="LAW ENFORCEMENT SENSITIVE", bates_top=True
    )
    long_body = "\n\n".join(
        f"Paragraph {n}: the subject is held at the Main Jail." for n in range(60)
    )
    items: list[Item] = [_email(RAMIREZ, "Long", long_body)]
    rendered, result = _print(items, "outlook", owner="Ramirez, Ana", furniture=furniture)
    (message,) = result.messages
    assert message.page_end == rendered[0].page_end > 1
    assert (message.bates_start, message.bates_end) == (
        rendered[0].bates_start,
        rendered[0].bates_end,
    )
    for mark in ("TEST-0", "Page 1 of", "LAW ENFORCEMENT", "Ramirez, Ana"):
        assert mark not in message.body
    assert message.body.count("Paragraph") == 60


def test_a_long_printout_reads_the_same_in_batches_as_page_by_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages are read `BATCH_PAGES` at a time; a message that runs over a batch's last page and
    every page's text and located characters come out as they do read one page at a time."""
    paragraph = "The detainer was faxed to the jail and the booking sheet attached. " * 12
    items: list[Item] = [
        _email(
            RAMIREZ if number % 2 else DOE,
            f"Transfer {number}",
            "\n\n".join([paragraph] * 9),
            sent=datetime(2018, 3, 8, 9, 17) + timedelta(hours=number),
        )
        for number in range(22)
    ]
    buffer = io.BytesIO()
    rendered = render_printout(buffer, items, layout="outlook", bates_prefix="TEST-", bates_start=1)
    assert rendered[-1].page_end > pdf.BATCH_PAGES + 1
    assert any(
        item.page_start <= pdf.BATCH_PAGES < item.page_end
        for item in rendered
        if isinstance(item, RenderedEmail)
    ), "no message runs over the first batch's last page"
    batched = read_pages(buffer.getvalue(), Limits()).pages
    _assert_matches_truth(rendered, split_printed("doc", batched))
    monkeypatch.setattr(pdf, "BATCH_PAGES", 1)
    single = read_pages(buffer.getvalue(), Limits()).pages
    assert [(p.number, p.text, p.boxes) for p in batched] == [
        (p.number, p.text, p.boxes) for p in single
    ]
