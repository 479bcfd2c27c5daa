"""Whole-document splitting: where messages start and end, quotes, furniture, pages and ids."""

from __future__ import annotations

from datetime import UTC, datetime

from pipelines.extract.rows import message_id_for
from pipelines.printed import PrintedResult, split_printed

DOC = "doc-1"


def header(
    sender: str = "Ramirez, Ana <aramirez@sheriff.example.gov>",
    sent: str = "Thursday, March 8, 2018 9:17 AM",
    to: str = "Doe, John <john.doe@ice.dhs.gov>",
    subject: str = "RE: Release date",
    label: str = "Sent",
) -> str:
    return f"From: {sender}\r\n{label}: {sent}\r\nTo: {to}\r\nSubject: {subject}\r\n"


def split(*pages: str) -> PrintedResult:
    return split_printed(DOC, list(enumerate(pages, start=1)))


def test_single_message_rows() -> None:
    result = split("Ramirez, Ana\r\n" + header() + "Is he still in custody?\r\nThanks")
    (message,) = result.messages
    assert message.body == "Is he still in custody?\nThanks"
    assert message.subject == "RE: Release date"
    assert (message.from_name, message.from_address) == (
        "Ramirez, Ana",
        "aramirez@sheriff.example.gov",
    )
    assert message.sent_at_local == datetime(2018, 3, 8, 9, 17)
    assert message.sent_at_utc is None
    assert message.header_confidence == 1.0
    assert message.locator == "p1.l2-p1.l7"
    assert message.message_id == message_id_for(DOC, "p1.l2-p1.l7")
    assert message.source_kind == "pdf_print"
    assert [(p.role, p.position, p.name, p.address) for p in result.participants] == [
        ("from", 0, "Ramirez, Ana", "aramirez@sheriff.example.gov"),
        ("to", 0, "Doe, John", "john.doe@ice.dhs.gov"),
    ]
    assert result.unassigned_pages == []


def test_message_starting_mid_page_after_cover_letter_text() -> None:
    page = "Records request 2024-118\r\nResponsive records follow.\r\n" + header() + "Body"
    (message,) = split(page).messages
    assert message.locator == "p1.l3-p1.l7"
    assert message.body == "Body"


def test_cover_letter_page_is_unassigned() -> None:
    letter = (
        "County of Example\r\nDear Requester,\r\nEnclosed are the records.\r\nSincerely,\r\nClerk"
    )
    result = split(letter, header() + "Body", "")
    assert result.unassigned_pages == [1, 3]
    assert [m.page_start for m in result.messages] == [2]


def test_message_across_pages_keeps_furniture_out() -> None:
    page1 = "Ramirez, Ana\r\n" + header() + "First half of the body\r\nPage 1 of 2\r\nMBCSO-000123"
    page2 = "Second half of the body\r\n- 31217 -\r\nPage 2 of 2 MBCSO-000124"
    result = split(page1, page2)
    (message,) = result.messages
    assert message.body == "First half of the body\nSecond half of the body"
    assert (message.page_start, message.page_end) == (1, 2)
    assert (message.bates_start, message.bates_end) == ("MBCSO-000123", "MBCSO-000124")
    assert message.locator == "p1.l2-p2.l1"
    assert result.page_bates == {1: "MBCSO-000123", 2: "MBCSO-000124"}


def test_two_messages_on_one_page_with_owner_lines() -> None:
    page = (
        "Ramirez, Ana\r\n"
        + header(subject="First")
        + "First body\r\n"
        + "Ramirez, Ana\r\n"
        + header(sender="Doe, John <john.doe@ice.dhs.gov>", to="Ramirez, Ana", subject="Second")
        + "Second body\r\nACSO-000200"
    )
    result = split(page)
    first, second = result.messages
    assert (first.subject, first.body) == ("First", "First body")
    assert (second.subject, second.body) == ("Second", "Second body")
    assert not second.is_quoted
    assert first.locator == "p1.l2-p1.l6"
    assert second.locator == "p1.l8-p1.l12"
    assert first.bates_start == second.bates_start == "ACSO-000200"


def test_owner_name_repeated_at_top_of_next_page_is_dropped() -> None:
    page1 = "Ramirez, Ana\r\n" + header() + "Line one"
    page2 = "Ramirez, Ana\r\nLine two"
    (message,) = split(page1, page2).messages
    assert message.body == "Line one\nLine two"


def test_quoted_history_with_original_message_marker() -> None:
    page1 = (
        header(subject="RE: Release date")
        + "He gets out Friday.\r\n"
        + "-----Original Message-----\r\n"
        + "From: Doe, John [mailto:john.doe@ice.dhs.gov]\r\n"
        + "Sent: Wednesday, March 7, 2018 4:02 PM\r\n"
        + "To: Ramirez, Ana\r\n"
        + "Subject: Release date\r\n"
        + "When is he released?\r\n"
    )
    page2 = (
        "________________________________\r\n"
        "From: Ramirez, Ana\r\n"
        "Sent: Wednesday, March 7, 2018 3:00 PM\r\n"
        "To: Doe, John\r\n"
        "Subject: Inmate\r\n"
        "Booked today.\r\nMBCSO-000125"
    )
    result = split(page1, page2)
    top, quoted, nested = result.messages
    assert top.body == "He gets out Friday."
    assert not top.is_quoted and top.page_end == 2
    assert quoted.is_quoted and quoted.quoted_in_message_id == top.message_id
    assert quoted.body == "When is he released?"
    assert (quoted.from_name, quoted.from_address) == ("Doe, John", "john.doe@ice.dhs.gov")
    assert nested.is_quoted and nested.quoted_in_message_id == top.message_id
    assert nested.body == "Booked today."
    assert nested.sent_at_local == datetime(2018, 3, 7, 15, 0)
    assert (nested.page_start, nested.bates_start) == (2, "MBCSO-000125")
    quoted_to = [
        p for p in result.participants if p.message_id == quoted.message_id and p.role == "to"
    ]
    assert [(p.name, p.address) for p in quoted_to] == [("Ramirez, Ana", None)]


def test_quoted_block_with_few_headers_after_marker() -> None:
    page = (
        header()
        + "Reply\r\n-----Original Message-----\r\n"
        + "From: (b)(6)\r\nSent: Wednesday, March 7, 2018 4:02 PM\r\nOriginal text"
    )
    top, quoted = split(page).messages
    assert top.body == "Reply"
    assert quoted.is_quoted and quoted.body == "Original text"
    assert quoted.from_address == "(b)(6)"
    assert quoted.header_confidence < 1.0


def test_unseparated_block_starts_a_new_top_level_message() -> None:
    page = header(subject="A") + "Body A\r\n" + header(subject="B") + "Body B"
    first, second = split(page).messages
    assert (first.body, second.body) == ("Body A", "Body B")
    assert not second.is_quoted


def test_wrapped_to_and_semicolon_names() -> None:
    page = (
        "From: Ramirez, Ana <a@sheriff.example.gov>\r\n"
        "Sent: Thursday, March 8, 2018 9:17 AM\r\n"
        "To: Doe, John <john.doe@ice.dhs.gov>; Smith, K. <ksmith@sheriff.example.gov>;\r\n"
        "Lee, Pat; (b)(6)@ice.dhs.gov;\r\n"
        "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE\r\n"
        "Cc: [REDACTED]\r\n"
        "Subject: List\r\n"
        "Body"
    )
    result = split(page)
    (message,) = result.messages
    assert message.body == "Body"
    got = [(p.role, p.position, p.name, p.address) for p in result.participants]
    assert got == [
        ("from", 0, "Ramirez, Ana", "a@sheriff.example.gov"),
        ("to", 0, "Doe, John", "john.doe@ice.dhs.gov"),
        ("to", 1, "Smith, K.", "ksmith@sheriff.example.gov"),
        ("to", 2, "Lee, Pat", None),
        ("to", 3, None, "(b)(6)@ice.dhs.gov"),
        (
            "to",
            4,
            None,
            "/o=exchangelabs/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=jdoe",
        ),
        ("cc", 0, None, "[REDACTED]"),
    ]


def test_date_label_with_zone_gives_utc_instant() -> None:
    page = header(sent="9 Jul 2019 16:51:36 -0700", label="Date") + "Body"
    (message,) = split(page).messages
    assert message.sent_at_utc == datetime(2019, 7, 9, 23, 51, 36, tzinfo=UTC)
    assert message.sent_at_local is None
    assert message.sent_at_text == "9 Jul 2019 16:51:36 -0700"


def test_unparseable_date_lowers_confidence() -> None:
    page = header(sent="(b)(6)") + "Body"
    (message,) = split(page).messages
    assert message.sent_at_text == "(b)(6)"
    assert message.sent_at_utc is None and message.sent_at_local is None
    assert 0 < message.header_confidence < 1.0


def test_missing_subject_lowers_confidence() -> None:
    page = "From: a@x.gov\r\nSent: 3/8/2018 9:17 AM\r\nTo: b@x.gov\r\nBody"
    (message,) = split(page).messages
    assert message.subject is None
    assert message.header_confidence == 0.8


def test_attachments_line() -> None:
    page = header().replace("Subject:", "Attachments: booking.pdf; notice.pdf\r\nSubject:") + "Body"
    result = split(page)
    assert [(a.file_name, a.bytes, a.media_type) for a in result.attachments] == [
        ("booking.pdf", None, None),
        ("notice.pdf", None, None),
    ]
    assert {a.message_id for a in result.attachments} == {result.messages[0].message_id}


def test_withheld_page_between_messages_is_unassigned() -> None:
    result = split(
        header(subject="A") + "Body A",
        "Withheld pursuant to exemption (b)(5)\r\nACSO-000301",
        header(subject="B") + "Body B",
    )
    assert [m.subject for m in result.messages] == ["A", "B"]
    assert result.unassigned_pages == [2]
    assert result.page_bates == {2: "ACSO-000301"}


def test_same_input_gives_same_ids_and_other_document_differs() -> None:
    pages = [
        (1, "Ramirez, Ana\r\n" + header() + "Body\r\n-----Original Message-----\r\n" + header())
    ]
    first = split_printed(DOC, pages)
    again = split_printed(DOC, pages)
    other = split_printed("doc-2", pages)
    assert [m.message_id for m in first.messages] == [m.message_id for m in again.messages]
    assert first == again
    assert len({m.message_id for m in first.messages}) == 2
    assert not {m.message_id for m in first.messages} & {m.message_id for m in other.messages}


def test_no_messages_at_all() -> None:
    result = split("Just a form\r\nName: ____", "")
    assert result.messages == [] and result.participants == []
    assert result.unassigned_pages == [1, 2]


def test_underscore_rule_without_header_stays_in_body() -> None:
    page = header() + "Thanks\r\n______________________\r\nConfidentiality notice"
    (message,) = split(page).messages
    assert message.body == "Thanks\n______________________\nConfidentiality notice"


def test_separator_before_the_first_block_starts_a_top_level_message() -> None:
    page = "-----Original Message-----\r\n" + header() + "Body"
    (message,) = split(page).messages
    assert not message.is_quoted and message.body == "Body"


def test_owner_name_with_text_rule_at_page_top_is_not_quoted_history() -> None:
    page1 = header(subject="A") + "Body A"
    page2 = "Ramirez, Ana\r\n________________________________\r\n" + header(subject="B") + "Body B"
    first, second = split(page1, page2).messages
    assert not second.is_quoted
    assert (first.body, second.body) == ("Body A", "Body B")
    assert second.locator == "p2.l3-p2.l7"


def test_forwarded_message_marker_opens_quoted_history() -> None:
    page = (
        header(subject="FW: detainer")
        + "See below.\r\n---------- Forwarded message ---------\r\n"
        + header(sender="Doe, John <john.doe@ice.dhs.gov>", subject="detainer")
        + "I-247A attached."
    )
    top, quoted = split(page).messages
    assert top.body == "See below."
    assert quoted.is_quoted and quoted.body == "I-247A attached."


def test_wrapped_recipient_above_a_block_is_not_taken_for_an_owner_line() -> None:
    page = (
        "From: a@x.gov\r\nSent: 3/8/2018 9:17 AM\r\nSubject: s\r\nTo: Doe, John;\r\nKim, Lou\r\n"
        + header(to="Kim, Lou <lkim@x.gov>")
        + "Body"
    )
    first, second = split(page).messages
    kim = [
        p for p in split(page).participants if p.message_id == first.message_id and p.role == "to"
    ]
    assert [p.name for p in kim] == ["Doe, John", "Kim, Lou"]
    assert second.locator == "p1.l6-p1.l10"
