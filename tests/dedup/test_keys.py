"""message_keys: the normalized values copies of one email must share, whatever their format."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.dedup.handmade import row, warehouse

NATIVE_BODY = (
    "Sergeant,\n\nCan you give me the release date and time for the subject below? He has a prior "
    "removal order.\n\nName: MORALES-PENA, Ricardo\nBooking #: 18-007730\n\nThanks,\n\n"
    "Erik Halvorsen\nDeportation Officer\n\n"
    "-----Original Message-----\nFrom: Ramirez, Ana <aramirez@lacso.example.gov>\n"
    "Sent: Wednesday, August 22, 2018 1:02 PM\nSubject: Booking 18-007730\n\n"
    "Erik, he is due out Friday."
)
PRINTED_BODY = (  # the same message as a printout: wrapped, blank lines and history gone
    "Sergeant,\nCan you give me the release date and time for the subject below? He has a\n"
    "prior removal order.\nName: MORALES-PENA, Ricardo\nBooking #: 18-007730\nThanks,\n"
    "Erik Halvorsen\nDeportation Officer"
)
GMAIL_QUOTE = (  # quoted the Gmail way, signature collapsed
    "> Sergeant,\n> Can you give me the release date and time for the subject below? He has a\n"
    "> prior removal order.\n> Name: MORALES-PENA, Ricardo\n> Booking #: 18-007730"
)
WHEN = datetime(2018, 8, 22, 13, 26)


def keys(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    con = warehouse(rows)
    cursor = con.execute("SELECT * FROM message_keys")
    names = [d[0] for d in cursor.description]
    return {r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


def test_subject_key_drops_reply_prefixes_and_tags_but_not_words_that_start_alike() -> None:
    got = keys(
        [
            row("a", subject="RE: FW: [EXTERNAL] Release date/time - A098-765-432", sent=WHEN),
            row("b", subject="Release notification", sent=WHEN),
            row("c", subject="Fwd:Re:  Release notification", sent=WHEN),
        ]
    )
    assert got["a"]["subject_key"] == "release date time a098 765 432"
    assert got["b"]["subject_key"] == "release notification"
    assert got["c"]["subject_key"] == "release notification"
    assert [got[k]["subject_is_reply"] for k in "abc"] == [True, False, True]


def test_native_print_and_gmail_quote_normalize_to_the_same_text() -> None:
    got = keys(
        [
            row(
                "eml",
                source_kind="eml",
                subject="RE: Booking 18-007730",
                body=NATIVE_BODY,
                sent=WHEN,
            ),
            row("print", body=PRINTED_BODY, sent=WHEN),
            row("quote", body=GMAIL_QUOTE, is_quoted=True, quoted_in_message_id="x", sent=WHEN),
        ]
    )
    expected = (
        "sergeant can you give me the release date and time for the subject below he has a "
        "prior removal order name morales pena ricardo booking 18 007730"
    )
    assert got["eml"]["body_norm"] == expected, "history and signature cut, wraps ignored"
    assert got["print"]["body_fingerprint"] == got["eml"]["body_fingerprint"]
    assert got["quote"]["body_fingerprint"] == got["eml"]["body_fingerprint"]
    assert "erik he is due out friday" in got["eml"]["history_norm"]
    assert got["print"]["history_norm"] == ""


def test_a_reply_that_is_only_a_closing_keeps_its_text() -> None:
    got = keys([row("thanks", body="Thanks,\n\nErik", sent=WHEN)])
    assert got["thanks"]["body_norm"] == "thanks erik"


def test_sender_words_join_names_and_addresses_and_redactions_have_none() -> None:
    got = keys(
        [
            row("named", from_name="Halvorsen, Erik", from_address="erik.halvorsen@ice.dhs.gov"),
            row("name_only", from_name="Erik Halvorsen"),
            row("redacted", from_name="(b)(6)", from_address="(b)(6)@ice.dhs.gov"),
        ]
    )
    assert got["named"]["sender_tokens"] == ["erik", "halvorsen"]
    assert got["name_only"]["sender_tokens"] == ["erik", "halvorsen"]
    assert got["redacted"]["sender_tokens"] == []


def test_printed_times_take_the_agency_zone_and_say_so() -> None:
    got = keys(
        [
            row("print", sent=WHEN),
            row("eml", source_kind="eml", sent=datetime.fromisoformat("2018-08-22T13:26:40-07:00")),
        ]
    )
    assert got["print"]["sent_at_tz_assumed"] and not got["eml"]["sent_at_tz_assumed"]
    assert got["print"]["sent_at"] == datetime(2018, 8, 22, 20, 26, tzinfo=UTC)
