"""Layouts read from text alone (as from OCR) and from text with hand-placed character boxes."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipelines.printed import PrintedPage, PrintedResult, split_printed
from pipelines.printed.stream import Box


def split(*pages: str) -> PrintedResult:
    return split_printed("doc", list(enumerate(pages, start=1)))


def test_gmail_thread_text() -> None:
    page = (
        "10/29/25, 8:13 AM Gmail - Pickup at Pier 4\r\n"
        "Ana Ramirez <aramirez@sheriff.example.gov>\r\n"
        "Pickup at Pier 4\r\n"
        "2 messages\r\n"
        "John Doe <john.doe@ice.dhs.gov> Tue, Oct 28, 2025 at 8:12 PM\r\n"
        'To: "Ramirez, Ana" <aramirez@sheriff.example.gov>, k@sheriff.example.gov\r\n'
        "Can we pick him up at 0800?\r\n"
        "Ana Ramirez <aramirez@sheriff.example.gov> Wed, Oct 29, 2025 at 7:02 AM\r\n"
        "To: John Doe <john.doe@ice.dhs.gov>\r\n"
        "Yes.\r\n"
        "On Tue, Oct 28, 2025 at 8:12 PM John Doe <john.doe@ice.dhs.gov>\r\n"
        "wrote:\r\n"
        "Can we pick him up at 0800?\r\n"
        "https://mail.google.com/mail/u/0/?ik=1&view=pt 1/1"
    )
    result = split(page)
    first, second, quoted = result.messages
    assert [m.subject for m in result.messages] == ["Pickup at Pier 4", "Pickup at Pier 4", None]
    assert first.sent_at_local == datetime(2025, 10, 28, 20, 12)
    assert (first.body, second.body) == ("Can we pick him up at 0800?", "Yes.")
    assert quoted.is_quoted and quoted.quoted_in_message_id == second.message_id
    assert (quoted.from_name, quoted.from_address) == ("John Doe", "john.doe@ice.dhs.gov")
    assert quoted.header_confidence == 1.0  # an attribution shows only From and date
    to = [(p.name, p.address) for p in result.participants if p.message_id == first.message_id]
    assert to[1:] == [
        ("Ramirez, Ana", "aramirez@sheriff.example.gov"),
        (None, "k@sheriff.example.gov"),
    ]


def test_lotus_notes_header_read_row_by_row_and_column_by_column() -> None:
    rows = (
        "Erik Halvorsen/SFR/ICE/DHS@DHS To Ana Ramirez/MBCSO@MBCSO, Doe, John\r\n"
        "06/19/2017 05:48 AM <john.doe@ice.dhs.gov>\r\n"
        "cc\r\n"
        "Subject RE: pickup\r\n"
        "Two officers at 0545.\r\n"
    )
    columns = (
        "Erik Halvorsen/SFR/ICE/DHS@DHS\r\n06/19/2017 05:48 AM\r\n"
        "To Ana Ramirez/MBCSO@MBCSO, Doe, John <john.doe@ice.dhs.gov>\r\ncc\r\n"
        "Subject RE: pickup\r\nTwo officers at 0545.\r\n"
    )
    for page in (rows, columns):
        result = split(page)
        (message,) = result.messages
        assert (message.from_name, message.from_address) == ("Erik Halvorsen/SFR/ICE/DHS@DHS", None)
        assert message.subject == "RE: pickup"
        assert message.sent_at_local == datetime(2017, 6, 19, 5, 48)
        assert message.body == "Two officers at 0545."
        assert [(p.name, p.address) for p in result.participants if p.role == "to"] == [
            ("Ana Ramirez/MBCSO@MBCSO", None),
            ("Doe, John", "john.doe@ice.dhs.gov"),
        ]


def test_apple_mail_forward_and_thunderbird_original_message() -> None:
    page = (
        "From: Ana Ramirez <a@sheriff.example.gov>\r\n"
        "Subject: Fwd: Pickup\r\n"
        "Date: March 8, 2018 at 9:17:05 AM PST\r\n"
        "To: Lee <lee@sheriff.example.gov>\r\n"
        "FYI\r\n"
        "Begin forwarded message:\r\n"
        "From: John Doe <john.doe@ice.dhs.gov>\r\n"
        "Subject: Pickup\r\n"
        "Date: March 7, 2018 at 4:02:00 PM PST\r\n"
        "To: Ana Ramirez <a@sheriff.example.gov>\r\n"
        "Pier 4 at 0800.\r\n"
        "-------- Original Message --------\r\n"
        "Subject: Pickup?\r\n"
        "Date: Wed, 7 Mar 2018 09:00:00 -0800\r\n"
        "From: Ana Ramirez <a@sheriff.example.gov>\r\n"
        "To: john.doe@ice.dhs.gov\r\n"
        "Where?\r\n"
    )
    top, forwarded, original = split(page).messages
    assert top.sent_at_utc == datetime(2018, 3, 8, 17, 17, 5, tzinfo=top.sent_at_utc.tzinfo)
    assert (top.body, forwarded.body, original.body) == ("FYI", "Pier 4 at 0800.", "Where?")
    assert forwarded.is_quoted and original.is_quoted
    assert (forwarded.subject, original.subject) == ("Pickup", "Pickup?")


def test_plain_text_quoting_with_angle_marks_and_a_wrapped_attribution() -> None:
    page = (
        "Subject: Re: Pickup\r\nFrom: Lee <lee@x.gov>\r\nDate: Thu, 8 Mar 2018 10:00:00 -0800\r\n"
        "To: Ana <a@x.gov>\r\n"
        "Fine by me.\r\n"
        "On 3/8/2018 9:17 AM, Ana wrote:\r\n"
        "> Pier 4 at 0800?\r\n"
        "> On 3/7/2018 4:02 PM, John Doe\r\n"
        "> wrote:\r\n"
        ">> Where?\r\n"
    )
    top, ana, john = split(page).messages
    assert (ana.from_name, ana.sent_at_local) == ("Ana", datetime(2018, 3, 8, 9, 17))
    assert (ana.body, john.body) == ("Pier 4 at 0800?", "Where?")
    assert john.from_name == "John Doe" and john.quoted_in_message_id == top.message_id


def test_an_unmarked_quoted_header_is_read_by_its_subject_and_date() -> None:
    reply = (
        "From: Lee <l@x.gov>\r\nSent: 3/8/2018 10:00 AM\r\nTo: a@x.gov\r\nSubject: RE: Pickup\r\n"
    )
    quoted = "From: Ana <a@x.gov>\r\nSent: 3/8/2018 9:17 AM\r\nTo: l@x.gov\r\nSubject: Pickup\r\n"
    later = (
        "From: Ana <a@x.gov>\r\nSent: 3/9/2018 8:00 AM\r\nTo: l@x.gov\r\nSubject: RE: Pickup\r\n"
    )
    result = split(reply + "Fine.\r\n" + quoted + "Pier 4?\r\n" + later + "Thanks.")
    assert [(m.is_quoted, m.body) for m in result.messages] == [
        (False, "Fine."),
        (True, "Pier 4?"),  # its subject is the reply's without RE:, and it is older
        (False, "Thanks."),  # later than the header above it: a new printout
    ]


def _boxed(text: str, boxes: dict[str, Box], number: int = 1) -> PrintedPage:
    """A page whose named lines (by their first characters) sit at the given boxes."""
    located = {}
    for start, box in boxes.items():
        located[text.index(start)] = box
    return PrintedPage(number, text, located, 792.0)


def _row(x: float, y: float) -> Box:
    return (x, y, x + 5, y + 11)


def test_values_printed_after_all_labels_are_paired_by_baseline() -> None:
    text = (
        "From:\r\nTo:\r\nSubject:\r\nDoe <d@x.gov>\r\na@x.gov; b@x.gov;\r\nc@x.gov\r\n"
        "Wrapped long\r\nsubject\r\nBody\r\n"
    )
    page = _boxed(
        text,
        {
            "From:": _row(54, 700),
            "To:": _row(54, 688),
            "Subject:": _row(54, 664),  # To's value wraps: Subject sits two rows lower
            "Doe <": _row(142, 700),
            "a@x.gov;": _row(142, 688),
            "c@x.gov": _row(142, 676),
            "Wrapped": _row(142, 664),
            "subject\r": _row(142, 652),
            "Body": _row(54, 620),
        },
    )
    result = split_printed("doc", [page])
    (message,) = result.messages
    assert message.subject == "Wrapped long subject"
    assert message.body == "Body"
    assert message.header_confidence == 0.7  # no date printed; paired by position, not by order
    to = [p.address for p in result.participants if p.role == "to"]
    assert to == ["a@x.gov", "b@x.gov", "c@x.gov"]


def test_glued_labels_are_paired_by_the_position_of_each_label() -> None:
    text = "From:To:Subject:\r\nDoe <d@x.gov>\r\na@x.gov\r\nHello\r\nBody\r\n"
    page = _boxed(
        text,
        {
            "From:": _row(54, 700),
            "To:Sub": _row(54, 688),
            "Subject:": _row(54, 676),
            "Doe": _row(142, 700),
            "a@x": _row(142, 688),
            "Hello": _row(142, 676),
            "Body": _row(54, 650),
        },
    )
    (message,) = split_printed("doc", [page]).messages
    assert (message.from_name, message.subject, message.body) == ("Doe", "Hello", "Body")
    assert message.header_confidence == 0.7  # no date printed; paired by position, not by order


@pytest.mark.parametrize(
    "leftover",
    [
        ("ei", _row(297, 30)),  # a page counter read as letters, in the middle of the foot
        ("ICE 2019FOIA0441 7.001390", _row(460, 20)),  # a Bates stamp read with a space in it
    ],
)
def test_furniture_left_on_a_scan_does_not_make_full_pages_end_early(
    leftover: tuple[str, Box],
) -> None:
    """A scan's reading may leave a stamp or counter at a page's foot that the furniture rules do
    not recognise. Pages are full when their body text reaches the bottom other pages' body text
    reaches, so the message runs on over all three pages."""
    stamp, box = leftover
    header = "From: Ana <a@x.gov>\nSent: 3/8/2018 9:17 AM\nTo: l@x.gov\nSubject: Pickup\n"
    first = _boxed(
        header + "Body\nend of page one",
        {"From:": _row(54, 700), "end of page one": _row(54, 74)},
    )
    second = _boxed(
        f"page two\nend of page two\n{stamp}",
        {"page two": _row(54, 720), "end of page two": _row(54, 74), stamp: box},
        number=2,
    )
    third = _boxed(
        "page three\nThanks", {"page three": _row(54, 720), "Thanks": _row(54, 400)}, number=3
    )
    (message,) = split_printed("doc", [first, second, third]).messages
    assert (message.page_start, message.page_end) == (1, 3)
    assert message.body.endswith("page three\nThanks")


@pytest.mark.parametrize(
    "separator",
    [
        "wonnnnoe Original Message --------",  # the dash runs read as letters
        "nononee- Original Message",
        "Forwarded message",  # the dash runs dropped
        "no nnnn anon Forwarded message",
        "\u2014\u2014 Original Message \u2014\u2014",
    ],
)
def test_separators_as_a_scan_reads_them_mark_quoted_history(separator: str) -> None:
    top = "From: Ana <a@x.gov>\nSent: 3/9/2018 8:00 AM\nTo: l@x.gov\nSubject: Pickup at Pier 4\n"
    older = "From: Lee <l@x.gov>\nSent: 3/8/2018 9:17 AM\nTo: a@x.gov\nSubject: Transport\n"
    result = split(f"{top}See below.\n{separator}\n{older}Can you take him?")
    assert [(m.is_quoted, m.subject, m.body) for m in result.messages] == [
        (False, "Pickup at Pier 4", "See below."),
        (True, "Transport", "Can you take him?"),
    ]


@pytest.mark.parametrize(
    "line",
    ["read the Forwarded message.", "Please see the Original Message", "the original message"],
)
def test_prose_naming_a_message_is_not_a_separator(line: str) -> None:
    top = "From: Ana <a@x.gov>\nSent: 3/9/2018 8:00 AM\nTo: l@x.gov\nSubject: Pickup at Pier 4\n"
    other = "From: Lee <l@x.gov>\nSent: 3/10/2018 9:17 AM\nTo: a@x.gov\nSubject: Transport\n"
    result = split(f"{top}See below.\n{line}\n{other}Can you take him?")
    assert [m.is_quoted for m in result.messages] == [False, False]


def test_unmarked_history_whose_subject_a_scan_spaced_differently_is_quoted() -> None:
    reply = (
        "From: Ana <a@x.gov>\nSent: 3/9/2018 8:00 AM\nTo: l@x.gov\nSubject: RE: Booking 23-834192\n"
    )
    older = (
        "From: Lee <l@x.gov>\nSent: 3/8/2018 9:17 AM\nTo: a@x.gov\nSubject: Booking 23-8341 92\n"
    )
    result = split(f"{reply}Fine.\n{older}Pier 4?")
    assert [(m.is_quoted, m.body) for m in result.messages] == [(False, "Fine."), (True, "Pier 4?")]
