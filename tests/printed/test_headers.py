"""Header blocks: which label runs start a message, wrapped values, glued labels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.printed.blocks import find_blocks
from pipelines.printed.headers import LABEL_WORDS, LabelMatch, label_from, match_label, plain_label
from pipelines.printed.scan import _START
from pipelines.printed.stream import Stream


def blocks(text: str):
    return find_blocks(Stream.from_texts(text.splitlines())).blocks


def test_outlook_block_with_padding_after_labels() -> None:
    text = (
        "From:        Ramirez, Ana <a@x.gov>\n"
        "Sent:        Thursday, March 8, 2018 9:17 AM\n"
        "To:          Doe, John <j@ice.dhs.gov>\n"
        "Cc:\n"
        "Subject:     RE: Release date\n"
        "Attachments: booking.pdf; notice.pdf\n"
        "Importance:  High\n"
        "Body"
    )
    (block,) = blocks(text)
    assert (block.start, block.end) == (0, 7)
    assert block.fields["from"] == "Ramirez, Ana <a@x.gov>"
    assert block.fields["subject"] == "RE: Release date"
    assert block.fields["cc"] == ""
    assert block.fields["importance"] == "High"


def test_date_label_counts_as_sent() -> None:
    (block,) = blocks("From: a@x.gov\nDate: 9 Jul 2019 16:51:36 +0000\nSubject: hi\nbody")
    assert block.fields["sent"] == "9 Jul 2019 16:51:36 +0000"


def test_too_few_labels_is_not_a_message() -> None:
    assert blocks("From: a@x.gov\nSubject: hi\nbody") == []
    assert blocks("Date: 3/5/2018\nTo: Records\nSubject: form") == []


def test_wrapped_to_list() -> None:
    text = (
        "From: Ramirez, Ana <a@x.gov>\n"
        "Sent: Thursday, March 8, 2018 9:17 AM\n"
        "To: Doe, John <j@ice.dhs.gov>; Smith, K. <k@x.gov>;\n"
        "Lee, Pat <p@x.gov>; Wong, Sam <s@x.gov>\n"
        "Kim, Lou\n"
        "Subject: RE: list\n"
        "Body starts here"
    )
    (block,) = blocks(text)
    assert block.fields["to"] == (
        "Doe, John <j@ice.dhs.gov>; Smith, K. <k@x.gov>; Lee, Pat <p@x.gov>; Wong, Sam <s@x.gov> "
        "Kim, Lou"
    )
    assert block.end == 6


def test_wrapped_to_list_as_last_label() -> None:
    text = (
        "From: a@x.gov\nSubject: s\nDate: 9 Jul 2019 16:51:36 +0000\nTo: b@x.gov;\nc@x.gov\nHi all"
    )
    (block,) = blocks(text)
    assert block.fields["to"] == "b@x.gov; c@x.gov"
    assert block.end == 5


def test_wrapped_subject() -> None:
    text = "From: a@x.gov\nSent: 3/8/2018 9:17 AM\nTo: b@x.gov\nSubject: a very long\nsubject line\nImportance: High\nBody"
    (block,) = blocks(text)
    assert block.fields["subject"] == "a very long subject line"


def test_repeated_label_starts_the_next_block() -> None:
    text = (
        "From: a@x.gov\nSent: 3/8/2018\nTo: b@x.gov\nFrom: b@x.gov\nSent: 3/7/2018\nTo: a@x.gov\n"
    )
    assert [b.start for b in blocks(text)] == [0, 3]


def test_glued_labels_pair_values_by_order() -> None:
    glued = match_label("From:To:Subject:")
    assert glued is not None
    assert (glued.names, glued.value, glued.label_columns) == (
        ("from", "to", "subject"),
        "",
        (0, 5, 8),
    )
    text = "From:Sent:To:Subject:\nRamirez, Ana <a@x.gov>\nThursday, March 8, 2018 9:17 AM\nj@ice.dhs.gov\nRE: x\nBody"
    (block,) = blocks(text)
    assert block.paired_by_order
    assert block.fields == {
        "from": "Ramirez, Ana <a@x.gov>",
        "sent": "Thursday, March 8, 2018 9:17 AM",
        "to": "j@ice.dhs.gov",
        "subject": "RE: x",
    }
    assert block.end == 5


def test_a_label_printed_twice_over_itself_is_one_label() -> None:
    """Bold faked by a second pass extracts as `From:From:`; with its value inline and a wrapped
    line after it, it raised (no label left to pair the next line with) and lost the document."""
    doubled = match_label("From:From: Ramirez, Ana <a@x.gov>")
    assert doubled is not None
    assert (doubled.names, doubled.value, doubled.label_columns) == (
        ("from",),
        "Ramirez, Ana <a@x.gov>",
        (0,),
    )
    text = (
        "From:From: Ramirez, Ana <a@x.gov>\nRecords Unit\nSent: Thursday, March 8, 2018 9:17 AM\n"
        "To: j@ice.dhs.gov\nSubject: RE: x\nBody"
    )
    (block,) = blocks(text)
    assert block.fields["from"] == "Ramirez, Ana <a@x.gov> Records Unit"
    assert block.fields["subject"] == "RE: x"


def test_subject_with_colons_is_not_glued() -> None:
    single = match_label("Subject: RE: To: all")
    assert single is not None and (single.names, single.value) == (("subject",), "RE: To: all")


def test_label_column_then_value_column() -> None:
    text = "From:\nSent:\nTo:\nSubject:\nRamirez, Ana <a@x.gov>\n3/8/2018 9:17 AM\nj@ice.dhs.gov\nRE: x\nBody"
    (block,) = blocks(text)
    assert block.paired_by_order
    assert block.fields == {
        "from": "Ramirez, Ana <a@x.gov>",
        "sent": "3/8/2018 9:17 AM",
        "to": "j@ice.dhs.gov",
        "subject": "RE: x",
    }
    assert block.end == 8


def test_label_on_its_own_line_takes_the_next_line() -> None:
    text = "From:\nRamirez, Ana <a@x.gov>\nSent: 3/8/2018 9:17 AM\nTo: j@x.gov\nSubject:\nBody"
    (block,) = blocks(text)
    assert block.fields["from"] == "Ramirez, Ana <a@x.gov>"
    assert block.fields["subject"] == ""  # an empty subject does not swallow the body
    assert not block.paired_by_order
    assert block.end == 5


def test_several_empty_labels_without_from_do_not_eat_the_body() -> None:
    text = "From: a@x.gov\nSent: 3/8/2018 9:17 AM\nTo: j@x.gov\nCc:\nBcc:\nSubject:\nBody"
    (block,) = blocks(text)
    assert (block.fields["cc"], block.fields["bcc"], block.fields["subject"]) == ("", "", "")
    assert block.end == 6


def test_inline_value_after_empty_label_resets_the_column() -> None:
    text = "From:\nRamirez, Ana <a@x.gov>\nSent:\n3/8/2018 9:17 AM\nTo: j@x.gov\nSubject: s\nBody"
    (block,) = blocks(text)
    assert block.fields["from"] == "Ramirez, Ana <a@x.gov>"
    assert block.fields["sent"] == "3/8/2018 9:17 AM"
    assert not block.paired_by_order


_FRAGMENTS = [
    *LABEL_WORDS,
    "attachments",
    "FROM",
    "Sent",
    "\u017fent",  # the long s: re.IGNORECASE reads it as "s", str.lower() does not
    "\u212acc",  # Kelvin sign
    ">",
    "> ",
    " ",
    "\t",
    ":",
    "::",
    "\n",
    "\xa0",
    "Ana Ruiz <ana@example.org>",
    "Monday, March 3, 2025 10:14 AM",
    "RE: detainer",
    "x",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join))
def test_a_plain_label_is_read_as_the_expression_reads_it(text: str) -> None:
    plain = plain_label(text)
    if plain is None:
        return
    start = _START.match(text)
    assert start is not None and start.lastgroup == "label"
    assert plain == label_from(start)
    assert plain == match_label(text)


def test_plain_label_reads_common_header_lines_and_leaves_the_rest() -> None:
    assert plain_label("Subject:\t  RE: detainer ") == LabelMatch(
        ("subject",), "RE: detainer", 11, (0,)
    )
    assert plain_label("Date :  Mon") == LabelMatch(("sent",), "Mon", 8, (0,))
    for other in ("From:To: x", "From:x", "> From: x", "\u017fent: x", "Fro: x", "From"):
        assert plain_label(other) is None, other
    assert match_label("\u017fent: x") == LabelMatch(("sent",), "x", 6, (0,))  # the expression's


def test_labels_in_letters_the_expression_folds_are_read_not_a_crash() -> None:
    """The long s and the dotless i match s and i under re.IGNORECASE but not str.lower(); a
    label in them once raised KeyError, quarantining the whole document."""
    assert match_label("\u0131mportance: High") == LabelMatch(("importance",), "High", 12, (0,))
    glued = match_label("From:\u017fubject: RE: x")
    assert glued is not None and glued.names == ("from", "subject")
