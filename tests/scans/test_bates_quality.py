"""Bates gaps and repeats, and the per-release quality view, from stamped PDFs through a real run."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipelines.cli import main


def stamped_pdf(numbers: list[int]) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for index, number in enumerate(numbers):
        page.setFont("Helvetica", 10)
        if index == 0:
            for row, line in enumerate(
                [
                    "From: Ramirez, Ana <aramirez@mbcso.example.gov>",
                    "Sent: Thursday, March 8, 2018 9:17 AM",
                    "To: Doe, John <john.doe@ice.dhs.gov>",
                    "Subject: Release date",
                    "",
                    "He will be released at 0600 tomorrow.",
                ]
            ):
                page.drawString(72, 700 - 14 * row, line)
        else:
            page.drawString(
                72, 700, f"Continued narrative text on page {index + 1} of the printout."
            )
        page.drawRightString(576, 22, f"MBCSO-{number:06d}")
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_gaps_and_repeats_are_reported(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    release = raw / "mbcso" / "r1"
    release.mkdir(parents=True)
    (raw / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "mbcso,Mariposa Bay Sheriff,sheriff,Mariposa Bay,CA,America/Los_Angeles,mbcso.example.gov\n"
    )
    (release / "part1.pdf").write_bytes(stamped_pdf([1, 2, 3]))
    (release / "part2.pdf").write_bytes(stamped_pdf([7, 8, 8]))  # 4-6 missing, 8 twice
    assert main(["run", "--raw", str(raw), "--warehouse", str(tmp_path / "wh")]) == 0
    with duckdb.connect(str(tmp_path / "wh" / "audit.duckdb"), read_only=True) as con:
        gaps = con.execute(
            "SELECT prefix, kind, first_missing, last_missing, pages FROM bates_gaps"
        ).fetchall()
        assert gaps == [("MBCSO-", "gap", 4, 6, 3), ("MBCSO-", "repeat", 8, 8, 2)]
        quality = con.execute(
            "SELECT pages, pages_with_bates, bates_gaps, bates_missing_pages, bates_repeats "
            "FROM release_quality"
        ).fetchone()
        assert quality == (6, 6, 1, 3, 1)
