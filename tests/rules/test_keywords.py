"""The keywords derived from a rule's pattern never hide a match (32_rule_matches.sql and
31_participants.sql run a pattern only where one of its keywords occurs)."""

from __future__ import annotations

import csv
import re

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.settings import RULES_DIR
from pipelines.warehouse.keywords import required_keywords
from tests.rules.labelled import load_cases

RULE_FILES = ("mention_rules.csv", "category_rules.csv", "party_text_rules.csv")
RULES = [
    (row["rule_id"], row["pattern"], row["case_sensitive"] == "true")
    for name in RULE_FILES
    for row in csv.DictReader((RULES_DIR / name).open(encoding="utf-8"))
]
HIDDEN = """
    SELECT text FROM (SELECT unnest(?) AS text)
    WHERE regexp_matches(text, ?)
      AND NOT list_bool_or(list_transform(?, lambda k: contains(replace(lower(text), chr(383), 's'), k)))
"""


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bdetain(er|ers|or|ors)\b", ["detain"]),
        (r"\bI[- ]?247[- ]?[ADX]?\b", ["i 247", "i-247", "i247"]),
        (r"\breleased? (him |her )?(to|into) (ice|ero|dhs)\b", ["release"]),
        (r"\bICE\b|\bBorder Patrol\b", ["border patrol", "ice"]),
        (r"\bA[- ]?\d{3}", None),  # 'a' alone is no filter
        (r"\d{3}-\d{4}", None),
        (r"x*(ab)?", None),
        (r"[[:alpha:]]+ office", None),  # POSIX class: Python's parser reads it otherwise
        (r"a|b\|c", None),
    ],
)
def test_keywords_of_known_patterns(pattern: str, expected: list[str] | None) -> None:
    assert required_keywords(pattern) == expected


def test_labelled_texts_lose_no_match() -> None:
    """Every shipped rule, on every labelled message's subject, body, names and addresses."""
    texts = [
        part
        for case in load_cases()
        for part in (
            case.subject,
            case.body,
            re.sub(r"\s+", " ", case.body),
            *(x for party in (case.sender, *case.to, *case.cc) for x in party),
        )
        if part
    ]
    with duckdb.connect() as con:
        for rule_id, pattern, case_sensitive in RULES:
            keywords = required_keywords(pattern)
            if keywords is None:
                continue
            flags = "" if case_sensitive else "(?i)"
            hidden = con.execute(HIDDEN, [texts, flags + pattern, keywords]).fetchall()
            assert hidden == [], rule_id


@pytest.mark.parametrize(("rule_id", "pattern", "case_sensitive"), RULES)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_generated_matches_hold_a_keyword(
    rule_id: str, pattern: str, case_sensitive: bool, data: st.DataObject
) -> None:
    """Texts built to match the pattern (upper case and the long s included) hold a keyword."""
    keywords = required_keywords(pattern)
    if keywords is None:
        return
    flags = 0 if case_sensitive else re.IGNORECASE
    text = data.draw(st.from_regex(re.compile(pattern, flags)))
    with duckdb.connect() as con:
        regex = ("" if case_sensitive else "(?i)") + pattern
        assert con.execute(HIDDEN, [[text], regex, keywords]).fetchall() == [], rule_id
