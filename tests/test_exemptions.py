"""Exemption codes as releases print them, OCR noise included."""

from __future__ import annotations

import pytest

from pipelines.extract.exemptions import exemption_codes, is_withheld_placeholder


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("redacted (b)(6)", ["(b)(6)"]),
        ("(b)(6), (b)(7)(C)", ["(b)(6)", "(b)(7)(C)"]),
        ("(b) (7) (c)", ["(b)(7)(C)"]),
        ("Kb)(6)@ice.dhs.gov", ["(b)(6)"]),
        ("b6 & 7c", ["(b)(6)", "(b)(7)(C)"]),
        ("(b)(7)(E) and (b)(5)", ["(b)(7)(E)", "(b)(5)"]),
        ("Gov. Code 7923.600", ["7923.600"]),
        ("exempt under Gov. Code § 7927.705 and 6254 (f)", ["7927.705", "6254(f)"]),
        ("Cal. Gov. Code 6254(k); 6255", ["6254(k)", "6255"]),
        ("Civ. Code 1798.90.55", ["1798.90.55"]),
        ("Booking 17-004512, lives at 6255 Main St", []),
        ("call 707-555-0199, room (6)", []),
        ("A098-765-432 released 06/14/2017", []),
    ],
)
def test_codes(text: str, codes: list[str]) -> None:
    assert exemption_codes(text) == codes


def test_withheld_placeholder() -> None:
    assert is_withheld_placeholder("WITHHELD IN FULL\nPursuant to exemption (b)(5)")
    assert is_withheld_placeholder("Page withheld pursuant to exemption (b)(7)(E)")
    assert not is_withheld_placeholder("The detainer was withheld pending review. " * 20)
    assert not is_withheld_placeholder("Please advise the release date.")
