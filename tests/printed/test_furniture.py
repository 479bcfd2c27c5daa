"""Bates stamps, page counters and placeholders are found on page edges and kept out of text."""

from __future__ import annotations

import pytest

from pipelines.printed.furniture import clean_page, is_name_like, name_words


def texts(page_text: str) -> list[str]:
    return list(clean_page(1, page_text).texts)


@pytest.mark.parametrize(
    "stamp",
    [
        "MBCSO-000123",
        "ICE 2012FOIA19286.000671",
        "DHS-001-0427-001639",
        "ACSO-000123",
        "ACSO000123",
    ],
)
def test_bates_forms_on_their_own_line(stamp: str) -> None:
    page = clean_page(4, f"Hello there\r\nSecond line\r\n{stamp}")
    assert page.bates == stamp
    assert list(page.texts) == ["Hello there", "Second line"]


def test_page_counters_and_dashed_footers() -> None:
    assert texts("Body\r\nPage 3 of 9") == ["Body"]
    assert texts("Body\r\n- 31217 -") == ["Body"]
    assert texts("Body\r\nmore\r\n12") == ["Body", "more"]


def test_counter_and_stamp_on_one_line() -> None:
    page = clean_page(1, "Body\r\nPage 1 of 2 MBCSO-000123")
    assert page.bates == "MBCSO-000123"
    assert list(page.texts) == ["Body"]


def test_stamp_glued_to_last_body_line() -> None:
    page = clean_page(1, "Body\r\nThanks, Ana MBCSO-000123")
    assert page.bates == "MBCSO-000123"
    assert list(page.texts) == ["Body", "Thanks, Ana"]


def test_stamp_at_top() -> None:
    page = clean_page(1, "DHS-001-0427-001639\nFrom: a\nline\nline\nline\nline")
    assert page.bates == "DHS-001-0427-001639"
    assert page.texts[0] == "From: a"
    assert page.numbers[0] == 2  # numbers point into the page text as extracted


def test_stamp_like_text_mid_page_is_content() -> None:
    page = clean_page(1, "a\nb\nBooked under ACSO-000123 yesterday\nc\nd\ne")
    assert page.bates is None
    assert "Booked under ACSO-000123 yesterday" in page.texts


def test_zip_code_in_letterhead_is_not_bates() -> None:
    page = clean_page(1, "Sacramento, CA 95814\nDear requester,\nbody\nbody\nbody")
    assert page.bates is None


def test_withheld_placeholder_page_is_empty() -> None:
    page = clean_page(
        7, "Withheld pursuant to exemption (b)(5)\r\n(b)(6); (b)(7)(C)\r\nACSO-000130"
    )
    assert page.texts == ()
    assert page.bates == "ACSO-000130"


def test_blank_page() -> None:
    assert clean_page(2, "").texts == ()
    assert clean_page(2, " \r\n \r\n").texts == ()


def test_owner_name_helpers() -> None:
    assert is_name_like("Ramirez, Ana")
    assert is_name_like("Ana Ramirez")
    assert not is_name_like("From: Ramirez, Ana")
    assert not is_name_like("Call 555-1212")
    assert name_words("Ramirez, Ana") == name_words("Ana Ramirez")


def test_browser_print_header_and_footer_on_either_edge() -> None:
    header = "10/29/25, 8:13 AM Gmail - Release date"
    footer = "https://mail.google.com/mail/u/0/?ik=3f9a1c2b7d&view=pt&search=all 2/3"
    page = clean_page(2, f"{header}\r\nBody line\r\nmore\r\n{footer}\r\nPVPD000012")
    assert list(page.texts) == ["Body line", "more"]
    assert page.bates == "PVPD000012"
    # some drivers write the header after the content: it is furniture at the bottom too
    assert texts(f"Body line\r\nmore\r\n{header}\r\n{footer}") == ["Body line", "more"]
    # a scan's reading may break the address with spaces: with its counter it is the footer still
    scanned = "https://mail.google.com/mail/u/0/?ik=3f9a1 c2b7d&view=pt&s earch=all 2/3"
    assert texts(f"Body line\r\nmore\r\n{scanned}") == ["Body line", "more"]
    assert texts("Body line\r\nhttps://x.gov/form is where to sign") == [
        "Body line",
        "https://x.gov/form is where to sign",
    ]


def test_confidentiality_banners_and_counters() -> None:
    page = "LAW ENFORCEMENT SENSITIVE\r\nBody\r\nmore\r\nUNCLASSIFIED//FOR OFFICIAL USE ONLY\r\n2/3"
    assert texts(page) == ["Body", "more"]
    assert texts("Body\r\nThe team works 24/7") == ["Body", "The team works 24/7"]


def test_a_date_at_the_top_of_a_body_is_not_a_print_header() -> None:
    assert texts("3/8/2018 9:17 AM meeting moved to the annex\r\nBody") == [
        "3/8/2018 9:17 AM meeting moved to the annex",
        "Body",
    ]


def test_line_offsets_point_into_the_page_text() -> None:
    text = "  From: a@x.gov\r\n\r\nBody\r\n"
    page = clean_page(1, text)
    assert [text[offset : offset + 5] for offset in page.offsets] == ["From:", "Body\r"]
    assert page.numbers == (1, 3)
