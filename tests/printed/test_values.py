"""Address lists, dates and attachment names as printed in header values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.printed import values
from pipelines.printed.dates import parse_sent
from pipelines.printed.values import (
    Mailbox,
    parse_mailbox,
    split_address_list,
    split_attachment_names,
)


def pairs(value: str) -> list[tuple[str | None, str | None]]:
    return [(m.name, m.address) for m in split_address_list(value)]


def test_last_first_names_with_semicolons() -> None:
    value = "Doe, John <John.Doe@ICE.dhs.gov>; Smith, K. <ksmith@sheriff.example.gov>"
    assert pairs(value) == [
        ("Doe, John", "john.doe@ice.dhs.gov"),
        ("Smith, K.", "ksmith@sheriff.example.gov"),
    ]


def test_name_only_recipients_keep_their_comma() -> None:
    assert pairs("Doe, John; Ramirez, Ana") == [("Doe, John", None), ("Ramirez, Ana", None)]
    assert pairs("Doe, John") == [("Doe, John", None)]


def test_comma_separated_gmail_style() -> None:
    value = 'Ana Ramirez <ana@x.gov>, "Doe, John" <jdoe@ice.dhs.gov>, k@x.gov'
    assert pairs(value) == [
        ("Ana Ramirez", "ana@x.gov"),
        ("Doe, John", "jdoe@ice.dhs.gov"),
        (None, "k@x.gov"),
    ]


def test_comma_separated_last_first_is_rejoined() -> None:
    assert pairs("Ramirez, Ana <a@x.gov>") == [("Ramirez, Ana", "a@x.gov")]
    assert pairs("Doe, John, Smith, Kim") == [("Doe, John", None), ("Smith, Kim", None)]


def test_quoted_name_and_bare_address() -> None:
    assert pairs('"Ramirez, Ana" <a@x.gov>; b@Y.gov') == [
        ("Ramirez, Ana", "a@x.gov"),
        (None, "b@y.gov"),
    ]


def test_old_outlook_mailto_brackets() -> None:
    assert parse_mailbox("Doe, John [mailto:John.Doe@ice.dhs.gov]") == Mailbox(
        "Doe, John", "john.doe@ice.dhs.gov"
    )


def test_x500_address_without_domain() -> None:
    x500 = (
        "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE"
    )
    assert pairs(f"{x500}; Smith, K. <k@x.gov>") == [(None, x500.lower()), ("Smith, K.", "k@x.gov")]
    assert pairs(f"Doe, John <{x500}>") == [("Doe, John", x500.lower())]


@pytest.mark.parametrize(
    "read",
    [
        "O=EXCHANGELABS/OU=E XCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE",
        "(O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FY DIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE",
        "/O=EXCHANGELABS/OU= EXCHANGE ADMINISTRATIVEGROUP (FYDIBOHF 23SPDLT)/CN=RECIPIENTS/CN=JDOE",
        "\\O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE",
    ],
)
def test_x500_path_as_a_scan_reads_it(read: str) -> None:
    """Spaces a scan's reading puts into Exchange's administrative group, and the leading slash
    read as a parenthesis or lost, are mended; another organisation's group is left as printed."""
    x500 = (
        "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE"
    )
    assert pairs(f"Doe, John <{read}>") == [("Doe, John", x500.lower())]
    other = "/O=COUNTY/OU=First Administrative Group/CN=Recipients/CN=jdoe"
    assert pairs(f"Doe, John <{other}>") == [("Doe, John", other.lower())]


def test_on_behalf_of_keeps_the_whole_name() -> None:
    mailbox = parse_mailbox("Clerk, Jo on behalf of Records Unit <records@sheriff.example.gov>")
    assert mailbox == Mailbox("Clerk, Jo on behalf of Records Unit", "records@sheriff.example.gov")


def test_redacted_values_are_kept_verbatim() -> None:
    assert split_address_list("(b)(6)@ice.dhs.gov") == (
        Mailbox(None, "(b)(6)@ice.dhs.gov", redacted=True),
    )
    assert split_address_list("[REDACTED]") == (Mailbox(None, "[REDACTED]", redacted=True),)
    # two exemption codes for one redacted entry: not two invented recipients
    assert split_address_list("(b)(6); (b)(7)(C)") == (
        Mailbox(None, "(b)(6); (b)(7)(C)", redacted=True),
    )
    assert pairs("Doe, John <(b)(6)@ICE.DHS.GOV>; (b)(6)") == [
        ("Doe, John", "(b)(6)@ice.dhs.gov"),
        (None, "(b)(6)"),
    ]


def test_unbalanced_parenthesis_does_not_swallow_separators() -> None:
    assert pairs("Doe (ERO <d@x.gov>; Smith <s@x.gov>") == [
        ("Doe (ERO", "d@x.gov"),
        ("Smith", "s@x.gov"),
    ]


def test_empty_values() -> None:
    assert split_address_list(None) == ()
    assert split_address_list("  ") == ()
    assert parse_mailbox(" ; ") is None


_NAME = st.text(alphabet="abcdefgh XYZ,.'-", min_size=0, max_size=20)
_LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=12)
_DOMAIN = st.sampled_from(["ice.dhs.gov", "sheriff.example.gov", "X.Org"])


@given(
    st.lists(st.tuples(_NAME, _LOCAL, _DOMAIN), min_size=1, max_size=8),
    st.sampled_from(["; ", ";", ", ", ","]),
)
def test_no_bracketed_address_is_lost(entries: list[tuple[str, str, str]], separator: str) -> None:
    value = separator.join(f"{name} <{local}@{domain}>" for name, local, domain in entries)
    found = [m.address for m in split_address_list(value)]
    expected = [f"{local}@{domain}".lower() for _, local, domain in entries]
    assert sorted(a for a in found if a) == sorted(expected)


def test_date_without_zone_is_local() -> None:
    sent = parse_sent("Thursday, March 8, 2018 9:17 AM")
    assert sent.text == "Thursday, March 8, 2018 9:17 AM"
    assert sent.local == datetime(2018, 3, 8, 9, 17)
    assert sent.instant is None


def test_date_with_offset_is_an_instant() -> None:
    sent = parse_sent("9 Jul 2019 16:51:36 +0000")
    assert sent.instant == datetime(2019, 7, 9, 16, 51, 36, tzinfo=UTC)
    assert sent.local is None
    pdt = parse_sent("Tue, 9 Jul 2019 09:51:36 -0700 (PDT)")
    assert pdt.instant == datetime(2019, 7, 9, 9, 51, 36, tzinfo=timezone(timedelta(hours=-7)))


def test_date_with_zone_name() -> None:
    sent = parse_sent("Mon, 4 Mar 2019 10:00 PST")
    assert sent.instant is not None and sent.instant.utcoffset() == timedelta(hours=-8)


def test_comma_time_and_gmail_at_forms() -> None:
    assert parse_sent("Wednesday, Jun 19, 2019, 13:55").local == datetime(2019, 6, 19, 13, 55)
    assert parse_sent("Tue, Oct 28, 2025 at 8:12 PM").local == datetime(2025, 10, 28, 20, 12)
    assert parse_sent("Tue, Oct 28, 2025 at 8:12 PM (2 days ago)").local == datetime(
        2025, 10, 28, 20, 12
    )


def test_unparseable_or_partial_dates_keep_only_text() -> None:
    for text in ["(b)(6)", "Thursday", "9:17 AM", "sometime last week"]:
        sent = parse_sent(text)
        assert (sent.text, sent.instant, sent.local) == (text, None, None)
    assert parse_sent(None).text is None
    assert parse_sent("   ").text is None


def test_impossible_times_keep_only_text() -> None:
    """A scan's misreading can print a time that does not exist; an offset of a day or more
    raised and took the whole document's messages with it."""
    for text in [
        "9 Jul 2019 16:51:36 +9800",
        "9 Jul 2019 16:51 +2400",
        "Feb 30, 2020 9:17 AM",
        "9'Jul 2019 16:51:36 +9900",  # a shape only dateutil reads
    ]:
        sent = parse_sent(text)
        assert (sent.text, sent.instant, sent.local) == (text, None, None)
    assert parse_sent("9 Jul 2019 16:51 -2359").instant == datetime(
        2019, 7, 9, 16, 51, tzinfo=timezone(-timedelta(hours=23, minutes=59))
    )


def test_attachment_names() -> None:
    assert split_attachment_names("booking.pdf; notice.pdf") == ["booking.pdf", "notice.pdf"]
    assert split_attachment_names("a.pdf, b.docx") == ["a.pdf", "b.docx"]
    assert split_attachment_names("Report, final.pdf") == ["Report, final.pdf"]
    assert split_attachment_names("") == []


def test_spaces_a_scan_reads_into_a_bracketed_address_are_dropped() -> None:
    assert pairs("Mendes, Rita <rita. mendes@ice.dhs.gov>") == [
        ("Mendes, Rita", "rita.mendes@ice.dhs.gov")
    ]
    assert pairs("<(b)(6) @ice.dhs.gov>") == [(None, "(b)(6)@ice.dhs.gov")]


@settings(max_examples=2000)
@given(
    st.lists(
        st.sampled_from(
            ["b", "B", ")", "(", "6", "5", "7", "8", " ", "\t", "e", "E", "dact", "DaCt"]
        )
        | st.text(max_size=3),
        max_size=10,
    ).map("".join)
)
def test_the_quick_look_for_redaction_marks_misses_none(text: str) -> None:
    assert values._maybe_redacted(text) == bool(values._MAYBE_REDACTED.search(text))
