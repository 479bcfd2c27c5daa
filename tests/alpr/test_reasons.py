"""Reason and federal-organisation rules, scored through the warehouse's own SQL (model 60)."""

from __future__ import annotations

import csv

import duckdb
import pytest

from bench.alpr.score import (
    HOLDOUT,
    LABELLED,
    PRECISION_TARGET,
    RECALL_TARGET,
    read_labelled,
    run_model,
    score,
)
from pipelines.settings import RULES_DIR

VERDICTS = {"immigration", "not_immigration", "needs_review", "unknown"}


def rules(name: str) -> list[dict[str, str]]:
    with (RULES_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("path", [LABELLED, HOLDOUT], ids=["labelled", "held_out"])
def test_immigration_precision_and_recall_meet_the_targets(path) -> None:
    result = score(path)
    assert len(result.verdicts) >= (300 if path == LABELLED else 100)
    assert result.precision >= PRECISION_TARGET, result.errors()
    assert result.recall >= RECALL_TARGET, result.errors()


@pytest.mark.parametrize(
    ("reason", "verdict", "rule_id"),
    [
        ("Icy roads", "not_immigration", "default.not_immigration"),
        ("BLACK ICE CRASH", "not_immigration", "trap.ice_weather_food"),
        ("ICE CREAM TRUCK BURGLARY", "not_immigration", "trap.ice_weather_food"),
        ("HERO program", "not_immigration", "default.not_immigration"),
        ("heroin sales", "not_immigration", "default.not_immigration"),
        ("ROMERO JUAN warrant", "not_immigration", "default.not_immigration"),
        ("Pierce County warrant", "not_immigration", "default.not_immigration"),
        ("POLICE ASSIST", "not_immigration", "default.not_immigration"),
        ("Notice to appear - traffic", "not_immigration", "default.not_immigration"),
        ("In custody suspect", "not_immigration", "trap.custody"),
        ("Child custody dispute", "not_immigration", "trap.custody"),
        ("Stolen veh - not ICE", "not_immigration", "neg.not_immigration"),
        ("ICE custody", "immigration", "imm.ice"),
        ("ICE+ERO", "immigration", "imm.ice"),
        ("ERO target", "immigration", "imm.ero"),
        ("Immigration (civil/administrative)", "immigration", "imm.immigration_word"),
        ("assist ice", "immigration", "imm.ice_context"),
        ("HSI narcotics", "needs_review", "review.hsi_criminal"),
        ("Federal request", "needs_review", "review.federal"),
        ("REDACTED", "unknown", "reason.redacted"),
        ("", "unknown", "reason.empty"),
    ],
)
def test_traps_and_their_explanations(reason: str, verdict: str, rule_id: str) -> None:
    (row,) = run_model([(reason, None)])
    assert (row["reason_verdict"], row["reason_rule_id"]) == (verdict, rule_id)
    assert row["immigration_reason"] == (verdict == "immigration")
    assert row["needs_review"] == (verdict == "needs_review")


def test_evidence_is_the_text_the_rule_matched() -> None:
    (row,) = run_model([("Case 24-88812 / ICE ERO", None)])
    assert row["reason_evidence"] == "ICE"


@pytest.mark.parametrize(
    ("org", "federal", "agency"),
    [
        ("[Federal] DHS HSI San Diego", True, "HSI"),
        ("Homeland Security Investigations - LA", True, "HSI"),
        ("ICE ERO Los Angeles", True, "ICE"),
        ("U.S. Immigration and Customs Enforcement", True, "ICE"),
        ("U.S. Customs and Border Protection", True, "CBP"),
        ("US Border Patrol - El Centro Sector", True, "CBP"),
        ("[Federal] FBI Sacramento", True, "other"),
        ("Department of Homeland Security", True, "other"),
        ("California Governor's Office of Homeland Security", False, None),
        ("Rice County Sheriff's Office", False, None),
        ("PORT VERDE POLICE", False, None),
        ("Pierce County Sheriff", False, None),
    ],
)
def test_federal_organisations(org: str, federal: bool, agency: str | None) -> None:
    (row,) = run_model([("Stolen vehicle", org)])
    assert (row["federal_org"], row["federal_agency"]) == (federal, agency)
    assert row["searching_org"] == org


@pytest.mark.parametrize("name", ["alpr_reasons.csv", "alpr_federal_orgs.csv"])
def test_rule_files_are_ordered_unique_and_compile(name: str) -> None:
    found = rules(name)
    orders = [int(r["rule_order"]) for r in found]
    assert orders == sorted(set(orders)), "rule_order strictly increasing, in file order"
    assert len({r["rule_id"] for r in found}) == len(found)
    assert {r["case_sensitive"] for r in found} <= {"true", "false"}
    if name == "alpr_reasons.csv":
        assert {r["verdict"] for r in found} <= VERDICTS
    with duckdb.connect() as con:
        for rule in found:
            con.execute("SELECT regexp_matches('x', ?)", [rule["pattern"]]).fetchall()


def test_every_match_contains_one_of_its_rule_keywords() -> None:
    """The keyword prefilter must never hide a match: checked on every labelled reason."""
    reasons = [r for path in (LABELLED, HOLDOUT) for r, _ in read_labelled(path)]
    with duckdb.connect() as con:
        hidden = con.execute(
            """
            SELECT k.rule_id, r.reason
            FROM (SELECT unnest(?) AS reason) r, read_csv(?, header = true, all_varchar = true) k
            WHERE regexp_matches(r.reason, CASE WHEN k.case_sensitive = 'true' THEN k.pattern
                                                ELSE '(?i)' || k.pattern END)
              AND NOT list_bool_or(list_transform(string_split(lower(k.keywords), '|'),
                                                  lambda w: contains(lower(r.reason), w)))
            """,
            [reasons, str(RULES_DIR / "alpr_reasons.csv")],
        ).fetchall()
    assert hidden == []
