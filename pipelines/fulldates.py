"""dateutil for the date shapes the readers' own expressions do not know, without inventing fields.

dateutil fills whatever a text leaves out (year, month, day) from a default date, today's unless it
is told otherwise: `Thursday` becomes next Thursday, `10:14:03` today at 10:14. A records analyst
would count such a search or message on a day nobody wrote. Parsing a second time with a default
that differs in every date field tells a given field from a filled one, and only a text that gives
all three is read. A time of day may be missing (midnight), as in `3/5/2025`.

The readers' own expressions hand printed offsets (`-0800`, `UTC+05:30`) to `fixed_offset`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone, tzinfo

from dateutil import parser as date_parser

_DEFAULT_A = datetime(1901, 1, 1)
_DEFAULT_B = datetime(1902, 2, 2)  # differs from _DEFAULT_A in year, month and day


def _parse(text: str, default: datetime, zones: Mapping[str, tzinfo]) -> datetime:
    with warnings.catch_warnings():  # an unknown zone name: dateutil warns and reads a local time
        warnings.simplefilter("ignore")
        return date_parser.parse(text, default=default, tzinfos=zones)


def parse_full_date(text: str, zones: Mapping[str, tzinfo]) -> datetime | None:
    """The date and time `text` names (aware when it names a zone in `zones` or an offset), or
    None when it lacks a year, month or day, names an offset of a day or more, or is no date."""
    try:
        first = _parse(text, _DEFAULT_A, zones)
        # Only a result showing one of the default's values can hold a filled-in field.
        suspect = (
            first.year == _DEFAULT_A.year
            or first.month == _DEFAULT_A.month
            or first.day == _DEFAULT_A.day
        )
        if suspect and _parse(text, _DEFAULT_B, zones) != first:
            return None
        first.utcoffset()  # raises for an offset of a day or more (`+9900`)
    except (ValueError, ArithmeticError):  # dateutil can raise decimal's InvalidOperation too
        return None
    return first


def fixed_offset(printed: str) -> timezone | None:
    """`+0530`, `-08:00`, `UTC-08:00`, `GMT+0100` as a zone; None for an offset of a day or more,
    which no zone has (a scan's misreading, a corrupt cell) and which `datetime` refuses."""
    digits = printed.upper().removeprefix("UTC").removeprefix("GMT").replace(":", "")
    minutes = int(digits[1:3]) * 60 + int(digits[3:5])
    try:
        return timezone(timedelta(minutes=-minutes if digits[0] == "-" else minutes))
    except ValueError:
        return None
