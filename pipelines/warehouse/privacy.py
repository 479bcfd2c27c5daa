"""Scan files meant for publication for personal identifiers.

Published exports hold aggregates only. This scan is the last guard: it looks for the shapes of the
identifiers that releases carry (emails, A-numbers, dates of birth, plates, street addresses) in every
cell, and for the names of the people in the records (participants' display names), and reports
where. A finding fails the export's asset check.

Names cannot be found by shape, so they are found by value: every pair of adjacent words of a
person's name ('Ramirez, Ana' gives ramirez+ana) is looked for as adjacent words of a cell, in either
order. Display names that are mailboxes or units ('PVPD Records Unit', 'PERC Detainer
Notifications') give no pairs: words that name organisations, and titles, are dropped first, and a
name needs two words left to count as a person's.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import duckdb

PATTERNS: dict[str, re.Pattern[str]] = {
    "email_address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "a_number": re.compile(r"\bA[- ]?\d{3}[- ]?\d{3}[- ]?\d{3}\b|\bA\d{8,9}\b"),
    "date_of_birth": re.compile(r"\b(DOB|D\.O\.B\.|date of birth)\b", re.IGNORECASE),
    "street_address": re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Way)\b"
    ),
    "plate": re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,3}[- ]?[A-Z0-9]{3,4}\b"),
}

# Columns whose values are identifiers of our own making or fixed vocabulary, not personal data.
SAFE_COLUMNS = frozenset(
    {"agency_id", "agency_type", "state", "month", "county", "policy", "metric"}
)
# Curated from agencies.csv: scanned for identifier shapes, but not for people's names (an agency
# can be named after a place that is also someone's name).
NAME_SAFE_COLUMNS = SAFE_COLUMNS | {"agency_name"}

NOT_NAME_WORDS = frozenset(
    [
        "all",
        "and",
        "admin",
        "agency",
        "agent",
        "alerts",
        "analysis",
        "analyst",
        "bureau",
        "border",
        "cbp",
        "center",
        "centre",
        "city",
        "classification",
        "command",
        "commander",
        "county",
        "court",
        "custody",
        "customs",
        "department",
        "dept",
        "desk",
        "detainer",
        "detention",
        "dhs",
        "dispatch",
        "division",
        "duty",
        "enforcement",
        "ero",
        "facilities",
        "fbi",
        "field",
        "force",
        "group",
        "harbor",
        "hq",
        "hsi",
        "ice",
        "immigration",
        "intake",
        "investigations",
        "jail",
        "lesc",
        "mailbox",
        "notifications",
        "office",
        "officer",
        "operations",
        "patrol",
        "perc",
        "personnel",
        "police",
        "protection",
        "records",
        "redacted",
        "removal",
        "response",
        "security",
        "service",
        "services",
        "sheriff",
        "sheriffs",
        "staff",
        "station",
        "support",
        "supervisors",
        "task",
        "team",
        "the",
        "unit",
        "us",
        "usa",
        "watch",
        "withheld",
        "capt",
        "captain",
        "chief",
        "dep",
        "deputy",
        "det",
        "detective",
        "dr",
        "lieutenant",
        "lt",
        "mr",
        "mrs",
        "ms",
        "ofc",
        "sa",
        "sddo",
        "sergeant",
        "sgt",
        "ssa",
    ]
)
PERSON_NAMES_SQL = """
    SELECT DISTINCT name FROM participants WHERE name IS NOT NULL
    UNION SELECT DISTINCT from_name FROM messages WHERE from_name IS NOT NULL
"""


@dataclass(frozen=True)
class Finding:
    file: str
    row: int
    column: str
    kind: str


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]{2,}", text.lower())


def name_pairs(names: Iterable[str]) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs (sorted) of every display name that looks like a person's."""
    pairs = set()
    for name in names:
        if "@" in name or re.search(r"\d|\(b\)", name, re.IGNORECASE):
            continue
        words = [w for w in _words(name) if w not in NOT_NAME_WORDS]
        if len(words) >= 2:
            pairs.update(tuple(sorted(p)) for p in pairwise(words))
    return frozenset(pairs)


def person_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Display names of everyone in the warehouse's messages."""
    return [row[0] for row in con.execute(PERSON_NAMES_SQL).fetchall()]


def _has_name(value: str, pairs: frozenset[tuple[str, str]]) -> bool:
    words = _words(value)
    return any(tuple(sorted(p)) in pairs for p in pairwise(words))


def scan_csv(path: Path, names: Iterable[str] = ()) -> list[Finding]:
    """Every cell that holds an identifier's shape, or two adjacent words of a known name."""
    pairs = name_pairs(names)
    findings = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row_no, row in enumerate(csv.DictReader(handle), start=2):
            for column, value in row.items():
                if column in SAFE_COLUMNS or not value:
                    continue
                for kind, pattern in PATTERNS.items():
                    if pattern.search(value):
                        findings.append(Finding(path.name, row_no, column, kind))
                if column not in NAME_SAFE_COLUMNS and pairs and _has_name(value, pairs):
                    findings.append(Finding(path.name, row_no, column, "person_name"))
    return findings
