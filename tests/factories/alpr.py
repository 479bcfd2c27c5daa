"""ALPR search audit logs as agencies release them: Flock CSV/XLSX/PDF exports and portal logs.

Everything is deterministic (seeded generators, reportlab's invariant mode) so fixtures, the bundled
sample and the benchmark corpus are the same bytes on every run; XLSX files carry openpyxl's
timestamps and are for tests only. Column sets follow DOMAIN.md §1: Flock "Network Audit" exports
name the searching organisation (`Org Name`), "Organization Audit" exports list the agency's own
users and do not; times are `MM/DD/YYYY, hh:mm:ss AM UTC`; `Time Frame` is a two-line cell.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TextIO

FLOCK_NETWORK_COLUMNS = (
    "ID",
    "Name",
    "Org Name",
    "Total Networks Searched",
    "Total Devices Searched",
    "Time Frame",
    "License Plate",
    "Reason",
    "Case #",
    "Filters",
    "Search Time",
    "Search Type",
)
FLOCK_ORGANIZATION_COLUMNS = (
    "ID",
    "Name",
    "Total Networks Searched",
    "Total Devices Searched",
    "Time Frame",
    "License Plate",
    "Case #",
    "Filters",
    "Reason",
    "Offense Type",
    "Search Time",
    "Search Type",
    "Text Prompt",
    "Moderation",
)
PORTAL_COLUMNS = ("id", "userId", "searchDate", "cameraCount", "reason")


@dataclass(frozen=True)
class Search:
    """One search as the truth knows it; `label` is the reason's true verdict."""

    search_id: str | None
    searched_at: datetime  # aware
    user: str
    org: str
    networks: int
    devices: int
    plate: str  # as released: a plate, '***', 'REDACTED' or ''
    reason: str
    label: str  # immigration | not_immigration | needs_review | unknown
    case_number: str = ""
    filters: str = ""
    search_type: str = "Standard"
    frame_days: int = 30


@dataclass(frozen=True)
class AuditLog:
    """A generated file: where it goes in a release, its bytes, and the searches it holds."""

    name: str
    data: bytes
    searches: tuple[Search, ...]

    @property
    def immigration_searches(self) -> int:
        return sum(s.label == "immigration" for s in self.searches)


def flock_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%m/%d/%Y, %I:%M:%S %p UTC")


def flock_time_frame(search: Search) -> str:
    """Flock's two-line `Time Frame` cell: the window of plate reads the search looked through."""
    end = search.searched_at.astimezone(UTC).replace(microsecond=0)
    start = end - timedelta(days=search.frame_days)
    return f"{flock_time(start)} -\n{flock_time(end)}"


def flock_row(search: Search, columns: tuple[str, ...]) -> list[object]:
    cells: dict[str, object] = {
        "ID": search.search_id or "",
        "Name": search.user,
        "Org Name": search.org,
        "Total Networks Searched": search.networks,
        "Total Devices Searched": f"{search.devices:,}",
        "Time Frame": flock_time_frame(search),
        "License Plate": search.plate,
        "Reason": search.reason,
        "Case #": search.case_number,
        "Filters": search.filters,
        "Offense Type": "",
        "Search Time": flock_time(search.searched_at),
        "Search Type": search.search_type,
        "Text Prompt": "",
        "Moderation": "",
    }
    return [cells[c] for c in columns]


def flock_columns(kind: str, with_id: bool = True) -> tuple[str, ...]:
    columns = FLOCK_NETWORK_COLUMNS if kind == "network" else FLOCK_ORGANIZATION_COLUMNS
    return columns if with_id else tuple(c for c in columns if c != "ID")


def write_flock_csv(
    handle: TextIO,
    searches: Iterable[Search],
    kind: str,
    *,
    with_id: bool = True,
    repeat_header_every: int | None = None,
    preamble: Iterable[str] = (),
) -> int:
    """Stream a Flock export to `handle` (so the benchmark can write 500,000 rows); returns rows."""
    columns = flock_columns(kind, with_id)
    writer = csv.writer(handle, lineterminator="\r\n")
    for line in preamble:
        writer.writerow([line])
    writer.writerow(columns)
    written = 0
    for written, search in enumerate(searches, start=1):
        writer.writerow(flock_row(search, columns))
        if repeat_header_every and written % repeat_header_every == 0:
            writer.writerow(columns)
    return written


def flock_csv(searches: Iterable[Search], kind: str, **options: object) -> bytes:
    buffer = io.StringIO(newline="")
    write_flock_csv(buffer, searches, kind, **options)  # type: ignore[arg-type]
    return buffer.getvalue().encode("utf-8")


def flock_xlsx(
    searches: Iterable[Search], kind: str, *, title: str = "Network Audit", with_id: bool = True
) -> bytes:
    """An XLSX export: a notes sheet first, then the log under two title rows, with real dates."""
    import openpyxl

    columns = flock_columns(kind, with_id)
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Released under the California Public Records Act"])
    notes.append(["Plates withheld under Civ. Code 1798.90.55"])
    sheet = workbook.create_sheet("Audit")
    sheet.append([title])
    sheet.append(["Exported from Flock Safety"])
    sheet.append(list(columns))
    for search in searches:
        row = flock_row(search, columns)
        if "Search Time" in columns:  # Excel stores the time as a date without a zone
            row[columns.index("Search Time")] = search.searched_at.astimezone(UTC).replace(
                tzinfo=None
            )
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def flock_pdf(searches: Iterable[Search], kind: str, *, rows_per_page: int = 20) -> bytes:
    """A printed export: a ruled table over several pages, the header repeated on each page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    columns = ("Name", "Org Name", "Total Networks Searched", "Reason", "Case #", "Search Time")
    if kind != "network":
        columns = tuple(c for c in columns if c != "Org Name")
    rows = [[str(c) for c in flock_row(s, columns)] for s in searches]
    style = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 7)]
    )
    story: list[object] = [
        Paragraph(f"Flock Safety {kind.title()} Audit", getSampleStyleSheet()["Title"])
    ]
    for start in range(0, len(rows), rows_per_page):
        if start:
            story.append(PageBreak())
        story.append(Table([list(columns), *rows[start : start + rows_per_page]], style=style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(letter), invariant=1).build(story)
    return buffer.getvalue()


def portal_csv(searches: Iterable[Search]) -> bytes:
    """A transparency-portal log: `id, userId, searchDate, cameraCount, reason`, ISO times."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PORTAL_COLUMNS)
    for s in searches:
        when = s.searched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        writer.writerow([s.search_id, s.user, when, s.devices, s.reason])
    return buffer.getvalue().encode("utf-8")


def bad_columns_csv() -> bytes:
    """A spreadsheet that is not an audit log (a jail booking list): must be quarantined."""
    return b"Booking #,Last Name,First Name,Booked At,Charge\n24-0012,DOE,JOHN,2024-03-01,459 PC\n"


# Reasons with their true verdicts, in the proportions a local log shows: mostly crime, a few
# immigration purposes and traps. Labels agree with tests/alpr/reasons_labelled.csv.
ORDINARY_REASONS = (
    ("Stolen vehicle", "not_immigration"),
    ("Burglary", "not_immigration"),
    ("Robbery", "not_immigration"),
    ("Hit and run", "not_immigration"),
    ("Missing person", "not_immigration"),
    ("Narcotics investigation", "not_immigration"),
    ("Catalytic converter theft", "not_immigration"),
    ("Felony warrant", "not_immigration"),
    ("Icy roads", "not_immigration"),
    ("HERO program", "not_immigration"),
    ("Pierce County warrant", "not_immigration"),
    ("In custody suspect", "not_immigration"),
    ("Police assist", "not_immigration"),
)
IMMIGRATION_REASONS = (
    ("ICE", "immigration"),
    ("ICE+ERO", "immigration"),
    ("immigration", "immigration"),
    ("Assist ICE - target vehicle", "immigration"),
    ("HSI request", "immigration"),
)
REVIEW_REASONS = (("Federal request", "needs_review"), ("DHS", "needs_review"))


def make_searches(
    count: int,
    *,
    seed: int,
    start: datetime,
    orgs: tuple[str, ...],
    users: tuple[str, ...],
    id_prefix: str | None = "S",
    immigration_share: float = 0.05,
    review_share: float = 0.01,
    mean_gap_minutes: float = 90.0,
    plates: tuple[str, ...] = ("***",),
) -> Iterator[Search]:
    """`count` searches in time order from `start`, reasons drawn with the given shares."""
    rng = random.Random(seed)
    moment = start.astimezone(UTC).replace(microsecond=0)
    for number in range(1, count + 1):
        moment += timedelta(seconds=int(rng.expovariate(1 / (mean_gap_minutes * 60))) + 1)
        draw = rng.random()
        pool = (
            IMMIGRATION_REASONS
            if draw < immigration_share
            else REVIEW_REASONS
            if draw < immigration_share + review_share
            else ORDINARY_REASONS
        )
        reason, label = rng.choice(pool)
        yield Search(
            search_id=f"{id_prefix}{seed:03d}{number:07d}" if id_prefix else None,
            searched_at=moment,
            user=rng.choice(users),
            org=rng.choice(orgs),
            networks=rng.choice((1, 3, 12, 48, 1204)),
            devices=rng.choice((6, 40, 212, 8761)),
            plate=rng.choice(plates),
            reason=reason,
            label=label,
            case_number=f"{moment.year % 100:02d}-{rng.randint(1, 99999):05d}",
            filters=rng.choice(("", "Make: Toyota", "Color: White; Body: Sedan")),
            search_type=rng.choice(("Standard", "Standard", "Multi-Geo")),
        )


def pvpd_organization_audit() -> AuditLog:
    """The bundled sample's Flock log: Port Verde PD's own users, Q1 2025 (fictional).

    For tests/make_sample_release.py: write `data` to `<pvpd release>/<name>`. Of its 40 searches,
    4 have an immigration reason, 1 needs review; plates are masked as agencies release them.
    """
    users = ("Bell, Marcus", "Vega, Marisol", "Okoro, James", "Lindqvist, Sara")
    generated = make_searches(
        40,
        seed=42,
        start=datetime(2025, 1, 2, 16, 0, tzinfo=UTC),
        orgs=("Port Verde CA PD",),
        users=users,
        immigration_share=0.0,
        review_share=0.0,
        mean_gap_minutes=2400,
    )
    overrides = {
        5: ("ICE+ERO", "immigration", "***"),
        9: ("REDACTED", "unknown", "REDACTED"),
        12: ("Assist ICE - target vehicle", "immigration", "***"),
        19: ("immigration", "immigration", "***"),
        27: ("ICE", "immigration", "***"),
        31: ("Federal request", "needs_review", "***"),
    }
    searches = [
        replace(s, reason=o[0], label=o[1], plate=o[2]) if (o := overrides.get(n)) else s
        for n, s in enumerate(generated)
    ]
    data = flock_csv(
        searches,
        "organization",
        repeat_header_every=25,
        preamble=("Organization Audit - Port Verde CA PD", "01/01/2025 - 03/31/2025"),
    )
    return AuditLog("ALPR/Flock_Organization_Audit_2025Q1.csv", data, tuple(searches))
