"""Analyst overrides survive the rules; policies split the metrics and list later contacts."""

from __future__ import annotations

import duckdb
import pytest

from tests.rules.labelled import Case, build_warehouse

CASES = [f"d{n:03d}" for n in range(1, 31)] + ["d091", "d092", "d141"]
OVERRIDES = """message_id,category,action,note
d001,detainer_hold,remove,not a detainer: a training form
d001,courthouse,remove,
d001,courthouse,add,court date on page 2 (handwritten)
d141,program_agreement,remove,about moving boxes
d091,ice_contact,add,dispatch relayed an ICE request by phone
d092,detainer_hold,add,no contact: does not count
d002,ice_contact,remove,misfiled
nope,refusal,add,
d003,ice_cream,add,
d004,refusal,maybe,
"""
POLICIES = """agency_id,effective_date,policy,description,source_url
lcso,2019-01-20,SB 54,California Values Act,
"""


@pytest.fixture(scope="module")
def reviewed(labelled_cases: list[Case], tmp_path_factory: pytest.TempPathFactory):
    raw = tmp_path_factory.mktemp("raw")
    (raw / "overrides.csv").write_text(OVERRIDES, encoding="utf-8")
    (raw / "policies.csv").write_text(POLICIES, encoding="utf-8")
    chosen = [c for c in labelled_cases if c.id in CASES]
    con = duckdb.connect()
    build_warehouse(con, chosen, raw)
    yield con
    con.close()


def _categories(con, message_id: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT category, source FROM message_categories WHERE message_id = ?", [message_id]
    ).fetchall()
    return dict(rows)


def test_review_status_explains_every_row(reviewed) -> None:
    rows = reviewed.execute("SELECT line, status FROM review_status ORDER BY line").fetchall()
    assert rows == [
        (2, "applied"),
        (3, "superseded"),
        (4, "applied"),
        (5, "applied"),
        (6, "applied"),
        (7, "applied"),
        (8, "applied"),
        (9, "unknown_message"),
        (10, "unknown_category"),
        (11, "unknown_action"),
    ]


def test_overrides_remove_and_add_categories(reviewed) -> None:
    d001 = _categories(reviewed, "d001")
    assert "detainer_hold" not in d001
    assert d001["courthouse"] == "review"
    evidence = reviewed.execute(
        "SELECT evidence FROM message_categories WHERE message_id = 'd001' AND rule_id = 'review.add'"
    ).fetchone()
    assert evidence == ("court date on page 2 (handwritten)",)
    assert "program_agreement" not in _categories(reviewed, "d141")
    assert _categories(reviewed, "d092") == {}  # not ICE contact, so the added category waits


def test_overrides_add_and_remove_contact(reviewed) -> None:
    contact = dict(
        reviewed.execute(
            "SELECT message_id, rule_id FROM message_contact WHERE message_id IN ('d091', 'd002')"
        ).fetchall()
    )
    assert contact == {"d091": "review.ice_contact"}
    assert _categories(reviewed, "d002") == {}


def test_metrics_count_reviewed_messages(reviewed) -> None:
    reviewed_count = reviewed.execute(
        "SELECT messages_reviewed FROM agency_summary WHERE agency_id = 'lcso'"
    ).fetchone()
    assert reviewed_count == (5,)  # d001, d141, d091, d092, d002; unknown rows count for nothing


def test_policy_splits_every_count(reviewed) -> None:
    rows = dict(
        reviewed.execute(
            "SELECT metric, (before, after) FROM agency_policy_periods "
            "WHERE agency_id = 'lcso' AND metric IN ('messages', 'cat_refusal')"
        ).fetchall()
    )
    totals = reviewed.execute(
        "SELECT messages, cat_refusal FROM agency_summary WHERE agency_id = 'lcso'"
    ).fetchone()
    assert sum(rows["messages"]) == totals[0] and sum(rows["cat_refusal"]) == totals[1]
    assert rows["messages"][0] == 13  # cases 1..13 fall before 2019-01-20, one a day


def test_contacts_after_policy_are_listed(reviewed) -> None:
    listed = reviewed.execute(
        "SELECT p.message_id, p.category, p.direction, m.sent_at >= TIMESTAMPTZ '2019-01-20 08:00:00+00' "
        "FROM policy_contacts p JOIN messages m USING (message_id) ORDER BY 1, 2"
    ).fetchall()
    assert listed, "release dates sent to ICE after SB 54 should be listed"
    assert all(after for *_, after in listed)
    refused = reviewed.execute(
        "SELECT DISTINCT message_id FROM message_categories WHERE category = 'refusal'"
    ).fetchall()
    assert not {m for (m,) in refused} & {m for m, *_ in listed}
    assert ("d014", "release_notification", "agency_to_ice", True) in listed
