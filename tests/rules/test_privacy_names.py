"""The public-export scan finds people's names by value, and leaves mailboxes and agencies alone."""

from __future__ import annotations

from pathlib import Path

from pipelines.warehouse.privacy import name_pairs, scan_csv

HEADER = "agency_id,agency_name,policy,metric,before,note\n"


def test_pairs_come_from_people_not_mailboxes() -> None:
    pairs = name_pairs(
        [
            "Ramirez, Ana",
            "Sgt. Marcus Bell",
            "PVPD Records Unit",
            "PERC Detainer Notifications",
            "(b)(6), (b)(7)(C)",
            "aramirez@mbcso.example.gov",
            "Harbor Unit",
        ]
    )
    assert pairs == {("ana", "ramirez"), ("bell", "marcus")}


def test_a_name_in_any_order_is_found(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "pvpd,Port Verde Police Department,SB 54,messages,1,per Ana Ramirez\n")
    findings = scan_csv(path, ["Ramirez, Ana"])
    assert [(f.row, f.column, f.kind) for f in findings] == [(2, "note", "person_name")]


def test_agency_names_and_policies_are_not_names(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "pvpd,Port Verde Police Department,SB 54,messages,1,2\n")
    assert scan_csv(path, ["Port Verde PD Records", "Verde, Port"]) == []
