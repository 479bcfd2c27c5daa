"""Cell values of audit logs: times as released, counts, masks and plate cells."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from pipelines.extract import alpr_values as values


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("03/05/2025, 10:14:03 AM UTC", datetime(2025, 3, 5, 10, 14, 3, tzinfo=UTC)),
        ("03/05/2025, 12:00:00 AM UTC", datetime(2025, 3, 5, 0, 0, 0, tzinfo=UTC)),
        ("03/05/2025, 12:30:00 PM UTC", datetime(2025, 3, 5, 12, 30, 0, tzinfo=UTC)),
        ("3/5/2025 1:02 PM UTC", datetime(2025, 3, 5, 13, 2, 0, tzinfo=UTC)),
        ("03/05/2025 10:14:03 PM PST", datetime(2025, 3, 6, 6, 14, 3, tzinfo=UTC)),
        ("03/05/2025 10:14:03 -0700", datetime(2025, 3, 5, 17, 14, 3, tzinfo=UTC)),
        ("2025-03-05T10:14:03Z", datetime(2025, 3, 5, 10, 14, 3, tzinfo=UTC)),
        ("2025-03-05T10:14:03.250Z", datetime(2025, 3, 5, 10, 14, 3, 250000, tzinfo=UTC)),
        ("2025-03-05 10:14:03 UTC", datetime(2025, 3, 5, 10, 14, 3, tzinfo=UTC)),
        ("Mar 5, 2025 10:14 AM UTC", datetime(2025, 3, 5, 10, 14, 0, tzinfo=UTC)),
    ],
)
def test_times_with_a_zone_become_utc_instants(text: str, utc: datetime) -> None:
    assert values.search_time(text) == (text, utc, None)


@pytest.mark.parametrize(
    ("value", "local"),
    [
        ("03/05/2025, 10:14:03 AM", datetime(2025, 3, 5, 10, 14, 3)),
        ("2025-03-05T10:14:03", datetime(2025, 3, 5, 10, 14, 3)),
        ("03/05/2025", datetime(2025, 3, 5)),
        (datetime(2025, 3, 5, 10, 14, 3), datetime(2025, 3, 5, 10, 14, 3)),  # an XLSX date cell
    ],
)
def test_times_without_a_zone_stay_wall_clock(value: object, local: datetime) -> None:
    text, utc, found = values.search_time(value)
    assert (utc, found) == (None, local) and text


def test_aware_datetime_cells_keep_their_zone() -> None:
    moment = datetime(2025, 3, 5, 2, 14, 3, tzinfo=timezone(timedelta(hours=-8)))
    assert values.search_time(moment)[1] == datetime(2025, 3, 5, 10, 14, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "not a date",
        "13/45/2025, 10:14:03 AM UTC",
        "***",
        # an offset of a day or more (a misreading, a corrupt cell) raised and lost the whole file
        "03/05/2025 10:14:03 AM +9900",
        "03/05/2025 10:14 +24:00",
        "2025-03-05T10:14:03+99:00",
        "Mar 5 2025 10:14 +9900",
        "0001-01-01 00:00+14:00",  # before the first instant a datetime holds, in UTC
        "2025-01-20T03:999999999999999999990420000015",  # dateutil raises decimal's error
        # dateutil fills a missing year, month or day from today: never a day nobody wrote
        "10:14:03",
        "Thursday",
        "March 5 10:14",
        "Mar 2025",
    ],
)
def test_unreadable_times_keep_their_text_only(text: str) -> None:
    assert values.search_time(text) == (text, None, None)


def test_a_time_of_day_cell_is_no_search_time() -> None:
    assert values.search_time(time(10, 14)) == ("10:14:00", None, None)


def test_empty_time_is_nothing() -> None:
    assert values.search_time("  ") == (None, None, None)
    assert values.search_time(None) == (None, None, None)


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("7ABC123", "present"),
        ("***", "masked"),
        ("7AB****", "masked"),
        ("###", "masked"),
        ("XXXXXXX", "masked"),
        ("REDACTED", "redacted"),
        ("[Redacted]", "redacted"),
        ("(b)(7)(E)", "redacted"),
        ("Exempt per Civ. Code 1798.90.55", "redacted"),
        ("", "empty"),
        (None, "empty"),
    ],
)
def test_plate_cells_become_a_status_never_a_plate(cell: object, status: str) -> None:
    assert values.plate_status(cell, has_column=True) == status


def test_plate_without_a_column() -> None:
    assert values.plate_status(None, has_column=False) == "no_column"


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("1,204", 1204),
        ("12", 12),
        (48, 48),
        (3.0, 3),
        ("", None),
        ("***", None),
        # each of these raised, and one cell quarantined the whole log
        ("8761\u00b3", None),  # a superscript passes isdigit() but not int()
        ("inf", None),
        (float("nan"), None),
    ],
)
def test_counts(cell: object, count: int | None) -> None:
    assert values.count(cell) == count


@pytest.mark.parametrize(("cell", "found"), [("S0001", "S0001"), ("***", None), ("REDACTED", None)])
def test_masked_ids_are_no_ids(cell: str, found: str | None) -> None:
    assert values.identifier(cell) == found


def test_two_line_time_frame_reads_as_one_range() -> None:
    cell = "03/01/2025, 12:00:00 AM UTC -\n03/05/2025, 11:59:59 PM UTC"
    assert values.two_line_text(cell) == (
        "03/01/2025, 12:00:00 AM UTC - 03/05/2025, 11:59:59 PM UTC"
    )
    assert values.two_line_text("03/01/2025\n03/05/2025") == "03/01/2025 - 03/05/2025"
    assert values.two_line_text("03/01/2025 to\n03/05/2025") == "03/01/2025 - 03/05/2025"
    assert values.two_line_text("03/01/2025 \u2013\n 03/05/2025 ") == "03/01/2025 - 03/05/2025"
    assert values.two_line_text("one line") == "one line"
