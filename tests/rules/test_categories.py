"""Category rules: what they find, what they must not, evidence, legal basis and identifiers."""

from __future__ import annotations

import pytest

from tests.rules.labelled import REFERENCE_RULE_MATCHES


def _categories(con, message_id: str) -> set[str]:
    rows = con.execute(
        "SELECT DISTINCT category FROM message_categories WHERE message_id = ?", [message_id]
    ).fetchall()
    return {r[0] for r in rows}


@pytest.mark.parametrize(
    ("message_id", "present", "absent"),
    [
        ("d126", {"alpr_location"}, {"non_immigration_criminal"}),  # CBP human smuggling
        ("d137", {"non_immigration_criminal"}, set()),  # HSI meth lab case
        ("d068", {"joint_operation", "non_immigration_criminal"}, {"jail_access_interview"}),
        ("d087", {"non_immigration_criminal"}, {"personal_info"}),  # an IP address
        ("d013", {"release_notification"}, {"detainer_hold"}),  # I-247N is not a detainer
        ("d003", {"detainer_hold", "identity_biometrics"}, {"release_notification"}),
        ("d010", {"detainer_hold"}, {"database_access"}),  # lodged in the agency's own JMS
        ("d061", {"database_access"}, set()),  # ICE's JMS login
        ("d004", {"detainer_hold", "refusal"}, set()),  # refusal keeps what was refused
        ("h047", {"detainer_hold", "criminal_history"}, {"refusal"}),  # qualifies under 7282.5
        ("d132", {"courthouse"}, set()),  # 'court\ndates' wrapped across lines
    ],
)
def test_categories(labelled_db, message_id: str, present: set, absent: set) -> None:
    found = _categories(labelled_db, message_id)
    assert present <= found
    assert not (absent & found)


def test_non_contact_messages_get_no_categories(labelled_db) -> None:
    stray = labelled_db.execute(
        "SELECT message_id FROM message_categories "
        "WHERE message_id NOT IN (SELECT message_id FROM message_contact)"
    ).fetchall()
    assert stray == []


def test_evidence_quotes_the_match(labelled_db) -> None:
    rows = labelled_db.execute(
        "SELECT rule_id, evidence FROM message_categories WHERE message_id = 'd015'"
    ).fetchall()
    # The first match (in the subject) with up to 60 characters on either side.
    assert rows == [("rel.date_time", "rel date maria whats the rel date for PONCE? thx")]


def test_generated_sql_finds_what_the_plain_join_finds(labelled_db) -> None:
    """The shipped model writes patterns into SQL as literals (escaping quotes); the reference
    query reads them from the rules table. Both must find the same (message, rule) pairs."""
    shipped = set(labelled_db.execute("SELECT message_id, rule_id FROM rule_matches").fetchall())
    labelled_db.execute("BEGIN TRANSACTION")
    try:
        labelled_db.execute(REFERENCE_RULE_MATCHES.read_text(encoding="utf-8"))
        reference = set(
            labelled_db.execute("SELECT message_id, rule_id FROM rule_matches").fetchall()
        )
    finally:
        labelled_db.execute("ROLLBACK")
    assert len(shipped) > 500
    assert shipped == reference


def test_legal_basis_and_review_flag(labelled_db) -> None:
    rows = labelled_db.execute(
        "SELECT DISTINCT message_id, category, "
        "legal_basis LIKE 'Gov. Code 7284.6(a)(1)(D)%', needs_review "
        "FROM message_categories WHERE category = 'personal_info' "
        "AND message_id IN ('d046', 'd047', 'd050') ORDER BY 1"
    ).fetchall()
    # The agency sent a home address: flagged. A refusal, or ICE asking: not flagged.
    assert rows == [
        ("d046", "personal_info", True, False),
        ("d047", "personal_info", True, True),
        ("d050", "personal_info", True, False),
    ]
    permitted = labelled_db.execute(
        "SELECT DISTINCT needs_review FROM message_categories WHERE category = 'criminal_history'"
    ).fetchall()
    assert permitted == [(False,)]


def test_identifiers_are_counted(labelled_db) -> None:
    rows = labelled_db.execute(
        "SELECT message_id, a_numbers, fbi_numbers, cii_numbers, dates_of_birth "
        "FROM message_identifiers WHERE message_id IN ('h046', 'd078', 'd042', 'd160') ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("d042", 1, 0, 1, 0),  # 'CII A09887712' also has an A-number's shape
        ("d078", 1, 0, 0, 0),  # 'A 087 334 218'
        ("d160", 0, 0, 0, 0),
        ("h046", 1, 1, 0, 1),  # A#, FBI#, DOB
    ]
