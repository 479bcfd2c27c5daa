"""The personal-data scan that guards public exports finds each kind of identifier and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.warehouse.privacy import scan_csv

CLEAN = (
    "agency_id,agency_name,messages,first_message_date,share_sent_by_agency\n"
    "mbcso,Mariposa Bay County Sheriff's Office,14,2017-03-08,0.5\n"
)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("john.doe@ice.dhs.gov", "email_address"),
        ("A123-456-789", "a_number"),
        ("A12345678", "a_number"),
        ("DOB 01/02/1980", "date_of_birth"),
        ("1234 Elm Street", "street_address"),
        ("7ABC123", "plate"),
    ],
)
def test_scan_finds_identifiers(tmp_path: Path, cell: str, kind: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(CLEAN + f'pvpd,"{cell}",1,2020-01-01,0\n')
    findings = scan_csv(path)
    assert [(f.row, f.column, f.kind) for f in findings] == [(3, "agency_name", kind)]


def test_scan_passes_aggregates(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(CLEAN)
    assert scan_csv(path) == []
