"""Audit-log files made here (CSV, XLSX, PDF) read through the real dispatch, as a release would be."""

from __future__ import annotations

import io
from dataclasses import astuple, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipelines.extract.alpr_layouts import load_layouts, match_header
from pipelines.extract.detect import detect_media_type
from pipelines.extract.dispatch import extract_document
from pipelines.extract.rows import Extraction
from tests.factories.alpr import (
    FLOCK_NETWORK_COLUMNS,
    PORTAL_COLUMNS,
    Search,
    bad_columns_csv,
    flock_csv,
    flock_pdf,
    flock_xlsx,
    make_searches,
    portal_csv,
    pvpd_organization_audit,
)

FEDERAL = ("[Federal] DHS HSI San Diego", "U.S. Border Patrol - El Centro Sector", "Rice County SO")


def searches(count: int, seed: int = 3, **options: object) -> list[Search]:
    return list(
        make_searches(
            count,
            seed=seed,
            start=datetime(2025, 2, 1, tzinfo=UTC),
            orgs=FEDERAL,
            users=("Garcia, L.", "***"),
            plates=("7ABC123", "***", "REDACTED"),
            **options,  # type: ignore[arg-type]
        )
    )


def read(tmp_path: Path, name: str, data: bytes) -> Extraction:
    path = tmp_path / name
    path.write_bytes(data)
    media_type = detect_media_type(path, data[:8192])
    return extract_document(path, "doc", media_type, len(data))


def no_plate_anywhere(extraction: Extraction, truth: list[Search]) -> bool:
    plates = {s.plate for s in truth if s.plate not in ("***", "REDACTED", "")}
    cells = {str(v) for row in extraction.alpr_searches for v in astuple(row)}
    return not any(plate in cell for plate in plates for cell in cells)


def test_organization_audit_with_title_rows_and_repeated_headers(tmp_path: Path) -> None:
    log = pvpd_organization_audit()
    extraction = read(tmp_path, "org.csv", log.data)
    rows = extraction.alpr_searches
    assert extraction.status == "parsed"
    assert [r.search_id for r in rows] == [s.search_id for s in log.searches]
    assert [r.reason for r in rows] == [s.reason for s in log.searches]
    assert {(r.layout, r.log_kind, r.org_name) for r in rows} == {
        ("flock_organization", "organization", None)
    }
    assert [r.search_at_utc for r in rows] == [s.searched_at for s in log.searches]
    # two title rows, the header, 25 rows, the header again: spreadsheet rows, not CSV lines
    assert rows[0].row_number == 4 and rows[25].row_number == 30
    assert rows[9].plate_status == "redacted" and rows[0].plate_status == "masked"
    assert rows[0].time_frame and " - " in rows[0].time_frame and "\n" not in rows[0].time_frame


def test_network_audit_without_ids_keeps_org_and_never_the_plate(tmp_path: Path) -> None:
    truth = searches(60)
    extraction = read(tmp_path, "net.csv", flock_csv(truth, "network", with_id=False))
    rows = extraction.alpr_searches
    assert len(rows) == 60 and {r.layout for r in rows} == {"flock_network"}
    assert [r.org_name for r in rows] == [s.org for s in truth]
    assert {r.search_id for r in rows} == {None}
    assert [r.devices_searched for r in rows] == [s.devices for s in truth]  # "8,761" -> 8761
    assert {r.plate_status for r in rows} == {"present", "masked", "redacted"}
    assert no_plate_anywhere(extraction, truth)


def test_xlsx_skips_a_notes_sheet_and_reads_date_cells_as_wall_clock(tmp_path: Path) -> None:
    truth = searches(25)
    extraction = read(tmp_path, "audit.xlsx", flock_xlsx(truth, "network"))
    rows = extraction.alpr_searches
    assert extraction.media_type.endswith("spreadsheetml.sheet") and extraction.status == "parsed"
    assert {r.sheet for r in rows} == {"Audit"} and rows[0].row_number == 4
    assert [r.search_id for r in rows] == [s.search_id for s in truth]
    assert [r.search_at_local for r in rows] == [
        s.searched_at.astimezone(UTC).replace(tzinfo=None) for s in truth
    ]
    assert {r.search_at_utc for r in rows} == {None}
    assert no_plate_anywhere(extraction, truth)


def test_pdf_tables_across_pages_with_the_header_on_each(tmp_path: Path) -> None:
    truth = searches(30)
    extraction = read(tmp_path, "audit.pdf", flock_pdf(truth, "network", rows_per_page=12))
    rows = extraction.alpr_searches
    assert extraction.status == "parsed" and extraction.page_count == 3
    assert [r.reason for r in rows] == [s.reason for s in truth]
    assert [r.org_name for r in rows] == [s.org for s in truth]
    assert [r.search_at_utc for r in rows] == [s.searched_at for s in truth]
    assert [r.page_number for r in rows] == [1] * 12 + [2] * 12 + [3] * 6
    assert rows[0].row_number == 2  # the header is row 1 of the page's table


def test_printed_email_pdf_has_no_log_rows(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for number, line in enumerate(
        [
            "From: Bell, Marcus",
            "Sent: Monday, March 3, 2025 9:00 AM",
            "To: Vega, Marisol",
            "Subject: Flock search reason",
            "",
            "Please put a case number in the Reason field.",
        ]
    ):
        page.drawString(72, 720 - 14 * number, line)
    page.showPage()
    page.save()
    extraction = read(tmp_path, "print.pdf", buffer.getvalue())
    assert extraction.status == "parsed" and extraction.alpr_searches == []


def test_portal_log(tmp_path: Path) -> None:
    truth = searches(5)
    rows = read(tmp_path, "portal.csv", portal_csv(truth)).alpr_searches
    assert {(r.layout, r.log_kind) for r in rows} == {("portal", "portal")}
    assert [r.search_at_utc for r in rows] == [s.searched_at for s in truth]
    assert [r.devices_searched for r in rows] == [s.devices for s in truth]
    assert [r.user_name for r in rows] == [s.user for s in truth]


def test_semicolons_and_windows_1252(tmp_path: Path) -> None:
    data = (
        "Org Name;Reason;Search Time\r\n"
        "Polic\xeda Municipal;Investigaci\xf3n;03/05/2025, 10:14:03 AM UTC\r\n"
    ).encode("cp1252")
    (row,) = read(tmp_path, "semicolon.csv", data).alpr_searches
    assert (row.org_name, row.reason) == ("Policía Municipal", "Investigación")


def test_a_lone_carriage_return_does_not_hide_the_header(tmp_path: Path) -> None:
    """The header was looked for in a sample split only at LF, and a lone CR above it (old Mac
    line ends in a title, or a stray one) raised and quarantined the log."""
    data = (
        b"Organization Audit\rexported 03/07/2025\r\n"
        b"Org Name,Reason,Search Time\r\n"
        b"Rice County SO,theft,03/06/2025 10:14:03 AM UTC\r\n"
    )
    (row,) = read(tmp_path, "cr.csv", data).alpr_searches
    assert (row.org_name, row.reason) == ("Rice County SO", "theft")


def test_blank_and_footer_rows_are_not_searches(tmp_path: Path) -> None:
    body = flock_csv(searches(3), "network").decode()
    data = (body + ",,,,,,,,,,,\r\nTotal searches: 3\r\n\r\n").encode()
    assert len(read(tmp_path, "footer.csv", data).alpr_searches) == 3


def test_header_only_log_is_parsed_and_empty(tmp_path: Path) -> None:
    extraction = read(tmp_path, "empty.csv", (",".join(PORTAL_COLUMNS) + "\n").encode())
    assert (extraction.status, extraction.alpr_searches) == ("parsed", [])


def test_unrecognised_columns_are_quarantined_with_what_was_found(tmp_path: Path) -> None:
    extraction = read(tmp_path, "bookings.csv", bad_columns_csv())
    assert extraction.status == "quarantined"
    (error,) = extraction.errors
    assert error.error_class == "UnrecognisedColumns"
    assert "found [Booking #, Last Name, First Name, Booked At, Charge]" in error.message
    for layout in load_layouts():
        assert layout.describe() in error.message


def test_a_header_below_the_scan_window_is_not_a_header(tmp_path: Path) -> None:
    body = flock_csv(searches(2), "network", preamble=[f"note {n}" for n in range(30)])
    assert read(tmp_path, "deep.csv", body).status == "quarantined"


def test_the_message_names_the_widest_row_not_a_title(tmp_path: Path) -> None:
    data = b"Jail bookings export\n" + bad_columns_csv()
    assert "found [Booking #, Last Name, First Name, Booked At, Charge]" in (
        read(tmp_path, "titled.csv", data).error or ""
    )


def test_xlsx_without_a_log_sheet_is_quarantined(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Booking #", "Charge"])
    workbook.active.append(["24-1", "459 PC"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    extraction = read(tmp_path, "bookings.xlsx", buffer.getvalue())
    assert extraction.status == "quarantined" and "found [Booking #, Charge]" in extraction.error


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (FLOCK_NETWORK_COLUMNS, "flock_network"),
        (tuple(c for c in FLOCK_NETWORK_COLUMNS if c != "Org Name"), "flock_organization"),
        (PORTAL_COLUMNS, "portal"),
        (("search_time", "REASON", "org name"), "flock_network"),
        (("Booking #", "Reason"), None),
    ],
)
def test_layout_is_chosen_by_header_names(header: tuple[str, ...], layout: str | None) -> None:
    found = match_header(header, load_layouts())
    assert (found.layout.name if found else None) == layout


def test_search_with_masked_user_keeps_the_mask(tmp_path: Path) -> None:
    truth = [replace(s, user="***") for s in searches(2)]
    rows = read(tmp_path, "masked.csv", flock_csv(truth, "network")).alpr_searches
    assert {r.user_name for r in rows} == {"***"}
