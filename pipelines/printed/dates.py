"""Printed message dates: `Sent:` / `Date:` values, Gmail sender lines and `On <date>, ... wrote:`.

Mail clients print a handful of date shapes (DOMAIN.md §1). One regular expression reads all of them
in a few microseconds; `dateutil` (about 40 µs a call, and two calls to tell a given field from a
filled-in default) is kept for the rare shape the expression does not know. A zone in the text gives
an aware instant; no zone gives a naive wall-clock time that the load step places in the agency's
zone. Text that does not name a full date and time of day keeps only its text: a date is never
guessed into existence.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Final

from pipelines.extract.rows import SentAt
from pipelines.fulldates import fixed_offset, parse_full_date

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ZONE_HOURS: Final = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}
ZONES: Final = {name: timezone(timedelta(hours=hours)) for name, hours in _ZONE_HOURS.items()}

_MONTH_SRC: Final = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WEEKDAY_SRC: Final = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
# The date part: `March 8, 2018` | `8 Mar 2018` | `3/8/2018` | `2018-03-08`.
DATE_SRC: Final = rf"""
    {_WEEKDAY_SRC}
    (?:
        (?P<mname>{_MONTH_SRC})\s+(?P<mday>\d{{1,2}}),?\s+(?P<myear>\d{{4}})
      | (?P<dday>\d{{1,2}})\s+(?P<dname>{_MONTH_SRC}),?\s+(?P<dyear>\d{{4}})
      | (?P<smonth>\d{{1,2}})/(?P<sday>\d{{1,2}})/(?P<syear>\d{{4}}|\d{{2}})
      | (?P<iyear>\d{{4}})-(?P<imonth>\d{{2}})-(?P<iday>\d{{2}})
    )
"""
# The time part, with an optional zone: `9:17 AM`, `16:51:36 +0000`, `9:17:05 AM PST`.
TIME_SRC: Final = r"""
    (?:,?\s+at\s+|,\s*|\s+|T)
    (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?
    (?:\s*(?P<meridiem>[ap]\.?m\.?)(?![a-z]))?
    (?:\s*(?P<offset>(?:UTC|GMT)?[+-]\d{2}:?\d{2})
      |\s+(?P<zone>UTC|GMT|Z|[ECMP][SD]T|AK[SD]T|HST)\b)?
"""
_FULL: Final = re.compile(
    rf"^\s*{DATE_SRC}{TIME_SRC}\s*(?:\([^()]*\))?\s*$", re.IGNORECASE | re.VERBOSE
)
_SPACES: Final = re.compile(r"\s+")
_AT: Final = re.compile(r"\s+at\s+(?=\d)", re.IGNORECASE)
_PARENTHESISED: Final = re.compile(r"\([^()]*\)")


def from_match(match: re.Match[str]) -> datetime | None:
    """The datetime a `DATE_SRC` + `TIME_SRC` match names (aware when it names a zone); None when
    no such time exists (February 30, 13 PM, an offset of a day or more: a scan's misreading)."""
    group = match.group
    mname, dname, smonth = group("mname", "dname", "smonth")
    if mname:
        year, month, day = group("myear"), _MONTHS.get(mname[:3].lower()), group("mday")
    elif dname:
        year, month, day = group("dyear"), _MONTHS.get(dname[:3].lower()), group("dday")
    elif smonth:
        year, month, day = group("syear"), int(smonth), group("sday")
        year = f"20{year}" if len(year) == 2 else year
    else:
        year, month, day = group("iyear"), int(group("imonth")), group("iday")
    hour, minute, second, meridiem, zone, offset = group(
        "hour", "minute", "second", "meridiem", "zone", "offset"
    )
    hour = int(hour)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem[0] in "pP" else 0)
    tz = ZONES[zone.upper()] if zone else fixed_offset(offset) if offset else None
    if offset and tz is None:
        return None
    try:
        return datetime(
            int(year), month or 0, int(day), hour, int(minute), int(second or 0), tzinfo=tz
        )
    except ValueError:
        return None


def _sent_at(printed: str, value: datetime | None) -> SentAt:
    if value is None:
        return SentAt(printed)
    if value.tzinfo is not None:
        return SentAt(printed, instant=value)
    return SentAt(printed, local=value)


@lru_cache(maxsize=8192)
def parse_sent(text: str | None) -> SentAt:
    """Parse a printed Sent:/Date: value into an instant (zone given) or a local time (no zone).

    Cached: quoted history repeats the same dates many times in a release.
    """
    printed = " ".join(text.split()) if text else ""
    if not printed:
        return SentAt(None)
    match = _FULL.match(printed)
    if match:
        return _sent_at(printed, from_match(match))
    return _parse_rare(printed)


def _parse_rare(printed: str) -> SentAt:
    """Shapes the expression does not know, through dateutil (`fulldates`)."""
    first = parse_full_date(_PARENTHESISED.sub(" ", _AT.sub(" ", printed)).strip(" ,"), ZONES)
    if first is None:
        return SentAt(printed)
    if first.utcoffset() is not None:
        return SentAt(printed, instant=first)
    return SentAt(printed, local=first.replace(tzinfo=None))


def utc(instant: datetime | None) -> datetime | None:
    """An aware datetime converted to UTC (the warehouse stores instants in UTC)."""
    return None if instant is None else instant.astimezone(UTC)
