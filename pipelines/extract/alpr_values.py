"""Cell values of ALPR audit logs: search times, counts, masks and plate cells.

Logs run to hundreds of thousands of rows, so the common shapes take a fast path: Flock's
`03/05/2025, 10:14:03 AM UTC` is read by one regular expression and ISO 8601 by the standard library;
only unusual text falls back to dateutil. A time whose text names no zone is returned as wall-clock
time (`local`), never guessed into UTC: the load step places it in the agency's zone and says so.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from pipelines.fulldates import fixed_offset, parse_full_date

_US_TIME = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*([AaPp])?\.?[Mm]?\.?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$"
)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ZONE_SUFFIX = re.compile(r"\s+(UTC|GMT|Z)$", re.IGNORECASE)
_ZONES = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    **{
        name: timezone(timedelta(hours=hours), name)
        for name, hours in (
            ("EST", -5),
            ("EDT", -4),
            ("CST", -6),
            ("CDT", -5),
            ("MST", -7),
            ("MDT", -6),
            ("PST", -8),
            ("PDT", -7),
            ("AKST", -9),
            ("AKDT", -8),
            ("HST", -10),
        )
    },
}
_REDACTED = re.compile(r"redact|withheld|exempt|\(b\)\s*\(|1798\.90|7923\.|6254", re.IGNORECASE)
_RANGE_DASHES = " -\u2013"  # hyphen, en dash
_RANGE_TO = re.compile(r"\s+to$", re.IGNORECASE)
_MASK_CHARS = frozenset("*#xX█■ -")

ParsedTime = tuple[str | None, datetime | None, datetime | None]  # text, utc instant, local time


def text(value: object) -> str | None:
    """A cell as one line of text, whitespace collapsed; None when empty."""
    if value is None:
        return None
    if value.__class__ is str:  # the common case, without split/join when there is nothing to do
        stripped = value.strip()  # type: ignore[attr-defined]
        if not ("  " in stripped or "\n" in stripped or "\t" in stripped or "\r" in stripped):
            return stripped or None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    collapsed = " ".join(str(value).split())
    return collapsed or None


def two_line_text(value: object) -> str | None:
    """A cell that exports write on two lines (Flock's `Time Frame`) as `first - second`."""
    if value is None:
        return None
    cell = str(value)
    first, newline, rest = cell.partition("\n")
    if newline and "\n" not in rest and "  " not in cell:  # the usual shape, without a regex
        first, rest = first.strip().rstrip(_RANGE_DASHES), rest.strip()
        if first and rest and not _RANGE_TO.search(first):
            return f"{first} - {rest}"
    lines = (" ".join(line.split()).rstrip(_RANGE_DASHES) for line in cell.splitlines())
    joined = " - ".join(_RANGE_TO.sub("", line) for line in lines if line)
    return joined or None


def is_masked(value: str) -> bool:
    """`***`, `###`, `XXXX`, `REDACTED`, `(b)(6)`: a value withheld rather than released."""
    return bool(_REDACTED.search(value)) or set(value) <= _MASK_CHARS


def identifier(value: object) -> str | None:
    """An id cell; masks count as no id, so masked rows are never merged by a shared `***`."""
    cleaned = text(value)
    if cleaned is None or ((cleaned.isalpha() or not cleaned.isalnum()) and is_masked(cleaned)):
        return None
    return cleaned


def count(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, float):
        value = str(value).strip()
        if value.isdecimal():  # what int() reads (isdigit() also passes superscripts)
            return int(value)
        value = value.replace(",", "")
    try:
        return int(float(value))  # a float cell, or text such as `1,204` or `12.0`
    except (ValueError, OverflowError):  # not a number, or NaN or infinity
        return None


def plate_status(value: object, has_column: bool) -> str:
    """What the plate cell held, never the plate itself: present, masked, redacted or empty."""
    if not has_column:
        return "no_column"
    cleaned = text(value)
    if cleaned is None:
        return "empty"
    if cleaned == "***":
        return "masked"
    if cleaned.isalnum() and not cleaned.isalpha() and set(cleaned) - _MASK_CHARS:
        return "present"  # letters and digits: a plate, not a word such as REDACTED
    if _REDACTED.search(cleaned):
        return "redacted"
    if "*" in cleaned or "#" in cleaned or set(cleaned) <= _MASK_CHARS:
        return "masked"
    return "present"


def _year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def _with_zone(moment: datetime, zone: str | None, original: str) -> ParsedTime:
    if zone is None:
        return original, None, moment
    if zone == "UTC":
        return original, moment.replace(tzinfo=UTC), None
    tz = _ZONES.get(zone.upper())
    if tz is None and zone[0] in "+-":
        tz = fixed_offset(zone)
    if tz is None:
        return original, None, None
    return _from_datetime(moment.replace(tzinfo=tz), original)


def _from_datetime(value: datetime, original: str) -> ParsedTime:
    """A naive time stays wall-clock; an aware one becomes UTC, unless it cannot (an offset of a
    day or more, which dateutil reads from `+9900`, or a year-1 or year-9999 time pushed out of
    range), which leaves the text only: one such cell must not stop the file."""
    if value.tzinfo is None:
        return original, None, value
    try:
        return original, value.astimezone(UTC), None
    except (ValueError, OverflowError):
        return original, None, None


def _flock_time(value: str) -> datetime | None:
    """Flock's own `03/05/2025, 10:14:03 AM UTC` by position: a third of the cost of the regex."""
    if len(value) != 27 or value[2] != "/" or value[10] != "," or not value.endswith("M UTC"):
        return None
    try:
        hour = int(value[12:14]) % 12 + (12 if value[21] == "P" else 0)
        return datetime(
            int(value[6:10]),
            int(value[0:2]),
            int(value[3:5]),
            hour,
            int(value[15:17]),
            int(value[18:20]),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def search_time(value: object) -> ParsedTime:
    """(text as released, UTC instant when the zone is stated, wall-clock time when it is not)."""
    if value is None:
        return None, None, None
    if isinstance(value, datetime):  # XLSX cells typed as dates carry no zone
        return _from_datetime(value, value.isoformat(sep=" "))
    original = text(value)
    if original is None:
        return None, None, None
    flock = _flock_time(original)
    if flock is not None:
        return original, flock, None
    match = _US_TIME.match(original)
    if match:
        month, day, year, hour, minute, second, half, zone = match.groups()
        hour_24 = int(hour) % 12 + (12 if half in ("P", "p") else 0) if half else int(hour)
        try:
            moment = datetime(
                _year(year), int(month), int(day), hour_24, int(minute), int(second or 0)
            )
        except ValueError:
            return original, None, None
        return _with_zone(moment, zone, original)
    date_only = _US_DATE.match(original)
    if date_only:
        month, day, year = date_only.groups()
        try:
            return original, None, datetime(int(year), int(month), int(day))
        except ValueError:
            return original, None, None
    iso = _ZONE_SUFFIX.sub("+00:00", original)
    try:
        return _from_datetime(datetime.fromisoformat(iso), original)
    except ValueError:
        pass
    parsed = parse_full_date(original, _ZONES)  # never a day the text does not name
    if parsed is None:
        return original, None, None
    return _from_datetime(parsed, original)
