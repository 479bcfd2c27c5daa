"""Properties of the splitter on shuffled realistic lines: no crash, stable and unique ids."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.printed import split_printed

_LINES = [
    "From: Ramirez, Ana <aramirez@sheriff.example.gov>",
    "From: (b)(6)",
    "Sent: Thursday, March 8, 2018 9:17 AM",
    "Date: 9 Jul 2019 16:51:36 +0000",
    "Sent: (b)(6)",
    "To: Doe, John <john.doe@ice.dhs.gov>; Smith, K.;",
    "Lee, Pat <plee@ice.dhs.gov>",
    "Cc:",
    "Subject: RE: Release date",
    "Attachments: booking.pdf; notice.pdf",
    "From:To:Subject:",
    "Ramirez, Ana",
    "-----Original Message-----",
    "________________________________",
    "He is scheduled for release Friday.",
    "Thanks,",
    "Page 1 of 2",
    "MBCSO-000123",
    "- 31217 -",
    "Withheld pursuant to exemption (b)(5)",
    "",
    # shapes that once raised: a doubled label with its value, impossible offsets
    "From:From: Ramirez, Ana <aramirez@sheriff.example.gov>",
    "To:Cc:To: Lee, Pat <plee@ice.dhs.gov>",
    "Date: 9 Jul 2019 16:51:36 +9900",
    "Sent: 9'Jul 2019 16:51:36 +9900",
]

_PAGE = st.lists(st.sampled_from(_LINES), max_size=25).map("\r\n".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PAGE, min_size=1, max_size=4))
def test_split_is_total_deterministic_and_consistent(pages: list[str]) -> None:
    numbered = list(enumerate(pages, start=1))
    result = split_printed("doc", numbered)
    assert result == split_printed("doc", numbered)

    ids = [m.message_id for m in result.messages]
    assert len(ids) == len(set(ids))
    tops = {m.message_id for m in result.messages if not m.is_quoted}
    covered: set[int] = set()
    for message in result.messages:
        assert message.page_start is not None and message.page_end is not None
        assert message.page_start <= message.page_end
        assert 0.0 <= message.header_confidence <= 1.0
        if message.is_quoted:
            assert message.quoted_in_message_id in tops
        else:
            covered.update(range(message.page_start, message.page_end + 1))
    assert not covered & set(result.unassigned_pages)
    assert covered | set(result.unassigned_pages) == set(range(1, len(pages) + 1))
    assert {p.message_id for p in result.participants} <= set(ids)
