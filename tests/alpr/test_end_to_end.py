"""`records-audit run` on a raw folder of ALPR logs made here: dedup, verdicts, metrics, quarantine.

Two agencies. Port Verde PD released two overlapping monthly organization audits, a network audit
(XLSX), a portal log, a network audit without search IDs and a file that is not a log; Mariposa Bay
SO released a network audit (CSV) sharing 10 search IDs with Port Verde's, and a printed network
audit (PDF) without IDs sharing 5 searches with Port Verde's ID-less export. A third agency holds
only the bundled sample's Flock log (tests/factories/alpr.py: pvpd_organization_audit).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from pipelines.cli import EXIT_QUARANTINED, main
from tests.factories.alpr import (
    Search,
    bad_columns_csv,
    flock_csv,
    flock_pdf,
    flock_xlsx,
    make_searches,
    portal_csv,
    pvpd_organization_audit,
)

LOCAL = ZoneInfo("America/Los_Angeles")
FEDERAL_AGENCY = {
    "[Federal] DHS HSI San Diego": "HSI",
    "ICE ERO Los Angeles": "ICE",
    "U.S. Border Patrol - El Centro Sector": "CBP",
    "[Federal] FBI Sacramento": "other",
}
LOCAL_ORGS = ("Mariposa Bay County SO", "Alameda County SO", "Rice County SO")
MBCSO_POLICY = date(2025, 2, 15)


def batch(count: int, seed: int, start: datetime, orgs: tuple[str, ...], **kw) -> list[Search]:
    return list(
        make_searches(
            count,
            seed=seed,
            start=start,
            orgs=orgs,
            users=("Garcia, L.", "Nguyen, T."),
            immigration_share=0.2,
            review_share=0.1,
            mean_gap_minutes=900,
            plates=("7ABC123", "***"),
            **kw,
        )
    )


ORG = batch(50, 1, datetime(2025, 1, 2, tzinfo=UTC), ("Port Verde CA PD",), id_prefix="A")
FED = batch(
    20, 2, datetime(2025, 2, 1, tzinfo=UTC), (*FEDERAL_AGENCY, LOCAL_ORGS[0]), id_prefix="F"
)
PORTAL = batch(5, 3, datetime(2025, 3, 1, tzinfo=UTC), ("Port Verde CA PD",), id_prefix="P")
MB = batch(15, 4, datetime(2025, 2, 10, tzinfo=UTC), LOCAL_ORGS, id_prefix="M")
NOID = batch(10, 5, datetime(2025, 2, 20, tzinfo=UTC), tuple(FEDERAL_AGENCY), id_prefix=None)

SAMPLE = pvpd_organization_audit()

# Distinct searches by the agency that keeps them: an organization audit first, then agency_id.
KEPT = {
    "pvpd": ORG + FED[:10] + PORTAL,
    "mbcso": FED[10:] + MB + NOID,
    "sample": list(SAMPLE.searches),
}
IN_LOGS = {
    "pvpd": ORG + FED + PORTAL + NOID[:5],
    "mbcso": FED[10:] + MB + NOID,
    "sample": KEPT["sample"],
}
ROWS = {"pvpd": 30 + 30 + 20 + 5 + 5, "mbcso": 25 + 10, "sample": len(SAMPLE.searches)}


def write_raw(root: Path) -> Path:
    raw = root / "raw"
    pvpd, mbcso = raw / "pvpd" / "2025-cpra-7", raw / "mbcso" / "2025-cpra-9"
    sample = raw / "sample" / "2025-cpra-0042"
    for folder in (pvpd / "ALPR", mbcso, sample / "ALPR"):
        folder.mkdir(parents=True)
    (raw / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "mbcso,Mariposa Bay County Sheriff's Office,sheriff,Mariposa Bay,CA,,mbcso.example.gov\n"
        "pvpd,Port Verde Police Department,police,Mariposa Bay,CA,,pvpd.example.gov\n"
        "sample,Sample Police Department,police,Mariposa Bay,CA,,sample.example.gov\n"
    )
    (raw / "policies.csv").write_text(
        "agency_id,effective_date,policy,description,source_url\n"
        "pvpd,2016-01-01,SB 34,ALPR data may not be shared with federal agencies,\n"
        f"mbcso,{MBCSO_POLICY},ALPR policy,No federal access to ALPR data,\n"
    )
    files = {
        pvpd / "ALPR" / "Org_Audit_2025-01.csv": flock_csv(ORG[:30], "organization"),
        pvpd / "ALPR" / "Org_Audit_2025-01_02.csv": flock_csv(
            ORG[20:], "organization", repeat_header_every=7
        ),
        pvpd / "ALPR" / "Network_Audit.xlsx": flock_xlsx(FED, "network"),
        pvpd / "ALPR" / "portal_log.csv": portal_csv(PORTAL),
        pvpd / "ALPR" / "Network_Audit_no_ids.csv": flock_csv(NOID[:5], "network", with_id=False),
        pvpd / "bookings.csv": bad_columns_csv(),
        mbcso / "network_audit.csv": flock_csv(FED[10:] + MB, "network"),
        mbcso / "network_audit_print.pdf": flock_pdf(NOID, "network", rows_per_page=6),
        sample / SAMPLE.name: SAMPLE.data,
    }
    for path, data in files.items():
        path.write_bytes(data)
    return raw


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("alpr")
    code = main(["run", "--raw", str(write_raw(root)), "--warehouse", str(root / "warehouse")])
    return {"exit": code, "database": root / "warehouse" / "audit.duckdb"}


@pytest.fixture()
def db(warehouse):
    con = duckdb.connect(str(warehouse["database"]), read_only=True)
    yield con
    con.close()


def count(searches: list[Search], label: str) -> int:
    return sum(s.label == label for s in searches)


def test_the_file_that_is_not_a_log_is_quarantined_with_a_clear_message(warehouse, db) -> None:
    assert warehouse["exit"] == EXIT_QUARANTINED
    ((path, error_class, message),) = db.execute(
        "SELECT path, error_class, message FROM ingest_errors"
    ).fetchall()
    assert (path, error_class) == ("bookings.csv", "UnrecognisedColumns")
    assert "found [Booking #, Last Name, First Name, Booked At, Charge]" in message
    assert "flock_network (Org Name, Search Time, Reason)" in message


def test_each_search_is_one_row_whatever_the_overlaps(db) -> None:
    found = dict(db.execute("SELECT agency_id, count(*) FROM alpr_searches GROUP BY 1").fetchall())
    assert found == {agency: len(kept) for agency, kept in KEPT.items()}
    rows = dict(
        db.execute("SELECT agency_id, count(*) FROM stg_alpr_searches GROUP BY 1").fetchall()
    )
    assert rows == ROWS
    shared = db.execute(
        "SELECT search_key LIKE 'flock:%', copies, agencies_in_logs, agency_id FROM alpr_searches "
        "WHERE agencies_in_logs LIKE '%;%' ORDER BY 1, 2"
    ).fetchall()
    assert (
        shared == [(False, 2, "mbcso;pvpd", "mbcso")] * 5 + [(True, 2, "mbcso;pvpd", "mbcso")] * 10
    )
    overlapping_months = db.execute(
        "SELECT count(*) FROM alpr_searches WHERE copies = 2 AND log_kind = 'organization'"
    ).fetchone()
    assert overlapping_months == (10,)


def test_provenance_points_at_the_row_kept(db) -> None:
    rows = db.execute(
        "SELECT search_id, path, sheet, page_number, row_number, search_at_tz_assumed "
        "FROM alpr_searches WHERE search_id IN ('A0010000001', 'F0020000003', 'P0030000002')"
        " ORDER BY search_id"
    ).fetchall()
    assert rows == [
        ("A0010000001", "ALPR/Org_Audit_2025-01.csv", None, None, 2, False),
        ("F0020000003", "ALPR/Network_Audit.xlsx", "Audit", None, 6, True),
        ("P0030000002", "ALPR/portal_log.csv", None, None, 3, False),
    ]
    pages = db.execute(
        "SELECT page_number, count(*) FROM alpr_searches WHERE path LIKE '%.pdf' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert pages == [(1, 6), (2, 4)]  # the printed copy is kept: mbcso sorts before pvpd


def test_immigration_reasons_and_federal_organisations_per_agency(db) -> None:
    metrics = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT agency_id, alpr_search_rows, alpr_searches, alpr_searches_in_logs, "
            "alpr_immigration_searches, alpr_needs_review_searches, alpr_federal_searches, "
            "alpr_federal_ice_searches, alpr_federal_hsi_searches, alpr_federal_cbp_searches, "
            "alpr_federal_other_searches FROM alpr_agency_metrics"
        ).fetchall()
    }
    for agency, kept in KEPT.items():
        by_agency = [FEDERAL_AGENCY.get(s.org) for s in kept]
        assert metrics[agency] == (
            ROWS[agency],
            len(kept),
            len(IN_LOGS[agency]),
            count(kept, "immigration"),
            count(kept, "needs_review"),
            sum(a is not None for a in by_agency),
            by_agency.count("ICE"),
            by_agency.count("HSI"),
            by_agency.count("CBP"),
            by_agency.count("other"),
        ), agency


def test_monthly_metrics_add_up_and_split_at_the_policy(db) -> None:
    monthly = db.execute(
        "SELECT agency_id, sum(alpr_searches), sum(alpr_immigration_searches), "
        "sum(alpr_federal_searches) FROM alpr_monthly_metrics GROUP BY 1 ORDER BY 1"
    ).fetchall()
    summary = db.execute(
        "SELECT agency_id, alpr_searches, alpr_immigration_searches, alpr_federal_searches "
        "FROM alpr_agency_metrics ORDER BY 1"
    ).fetchall()
    assert monthly == summary
    months = db.execute(
        "SELECT month, policies_in_effect, after_policy FROM alpr_monthly_metrics "
        "WHERE agency_id = 'mbcso' ORDER BY month"
    ).fetchall()
    assert months[0] == (date(2025, 2, 1), "ALPR policy", False)
    after = [s for s in KEPT["mbcso"] if s.searched_at.astimezone(LOCAL).date() >= MBCSO_POLICY]
    split = db.execute(
        "SELECT alpr_policy_date, alpr_searches_before_policy, alpr_searches_after_policy, "
        "alpr_immigration_searches_after_policy FROM alpr_agency_metrics WHERE agency_id = 'mbcso'"
    ).fetchone()
    assert split == (
        MBCSO_POLICY,
        len(KEPT["mbcso"]) - len(after),
        len(after),
        count(after, "immigration"),
    )


def test_no_plate_number_reaches_the_warehouse(db) -> None:
    for table in ("stg_alpr_searches", "alpr_searches"):
        hits = db.execute(
            f"SELECT count(*) FROM {table} t WHERE CAST(t AS VARCHAR) LIKE '%7ABC123%'"
        ).fetchone()
        assert hits == (0,), table
    statuses = db.execute("SELECT DISTINCT plate_status FROM alpr_searches ORDER BY 1").fetchall()
    assert statuses == [("masked",), ("no_column",), ("present",), ("redacted",)]


def test_the_sample_logs_immigration_searches_reach_the_metrics(db) -> None:
    assert SAMPLE.immigration_searches == 4
    found = db.execute(
        "SELECT alpr_searches, alpr_immigration_searches, alpr_needs_review_searches "
        "FROM alpr_agency_metrics WHERE agency_id = 'sample'"
    ).fetchone()
    assert found == (40, 4, 1)
    evidence = db.execute(
        "SELECT reason, reason_rule_id, row_number FROM alpr_searches "
        "WHERE agency_id = 'sample' AND immigration_reason ORDER BY row_number"
    ).fetchall()
    assert [r[0] for r in evidence] == [
        "ICE+ERO",
        "Assist ICE - target vehicle",
        "immigration",
        "ICE",
    ]
