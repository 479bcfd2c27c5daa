"""The labelled messages (tests/rules/labelled/*.yaml) run through the real SQL models, and scored.

Each case becomes one `stg_messages` row and its `stg_participants` rows in a temporary DuckDB that
has the real schema, the real rule files (pipelines/rules/) and runs every model in sql/models/, so
what is measured is exactly what the pipeline does; nothing here re-implements a rule in Python.
Used by the tests in this folder and by `python -m bench.rules.score`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import yaml

from pipelines.extract.discover import Agency
from pipelines.warehouse.load import _replace_reference_tables, ensure_schema
from pipelines.warehouse.models import run_models

LABELLED = Path(__file__).resolve().parent / "labelled"
REFERENCE_RULE_MATCHES = Path(__file__).resolve().parent / "reference_rule_matches.sql"
SPLITS = ("dev", "holdout", "stress")
AGENCIES = {
    a.agency_id: a
    for a in (
        Agency(
            "lcso",
            "Lakeside County Sheriff's Office",
            "sheriff",
            "Lakeside",
            "CA",
            "America/Los_Angeles",
            ("lakesideso.example.gov",),
        ),
        Agency(
            "rvpd",
            "Rio Vista Police Department",
            "police",
            "Lakeside",
            "CA",
            "America/Los_Angeles",
            ("riovistapd.example.gov", "cityofriovista.example.gov"),
        ),
        Agency(
            "lcprob",
            "Lakeside County Probation",
            "other",
            "Lakeside",
            "CA",
            "America/Los_Angeles",
            ("probation.lakeside.example.gov",),
        ),
    )
}
FIRST_DAY = datetime(2019, 1, 7, 9, 0, tzinfo=UTC)
CONTACT = frozenset({"agency_to_ice", "ice_to_agency", "ice_other", "internal_about_ice"})


@dataclass(frozen=True)
class Case:
    id: str
    split: str
    agency: str
    sender: tuple[str | None, str | None]
    to: tuple[tuple[str | None, str | None], ...]
    cc: tuple[tuple[str | None, str | None], ...]
    subject: str
    body: str
    party: str
    unit: str | None
    direction: str
    categories: frozenset[str]


@dataclass(frozen=True)
class Prediction:
    party: str | None
    unit: str | None
    direction: str
    categories: frozenset[str]


def parse_party(text: str) -> tuple[str | None, str | None]:
    """'Name <address>', a bare address or a bare name, as (name, address)."""
    match = re.fullmatch(r"\s*(.*?)\s*<([^>]*)>\s*", text)
    if match:
        return match.group(1) or None, match.group(2).lower() or None
    return (None, text.strip().lower()) if "@" in text else (text.strip() or None, None)


def load_cases(splits: tuple[str, ...] = SPLITS) -> list[Case]:
    cases = []
    for split in splits:
        for raw in yaml.safe_load((LABELLED / f"{split}.yaml").read_text(encoding="utf-8")):
            cases.append(
                Case(
                    id=raw["id"],
                    split=split,
                    agency=raw.get("agency", "lcso"),
                    sender=parse_party(raw["from"]),
                    to=tuple(parse_party(p) for p in raw.get("to") or []),
                    cc=tuple(parse_party(p) for p in raw.get("cc") or []),
                    subject=raw["subject"],
                    body=raw["body"],
                    party=raw["party"],
                    unit=raw.get("unit"),
                    direction=raw["direction"],
                    categories=frozenset(raw.get("categories") or []),
                )
            )
    return cases


def _rows(cases: list[Case]) -> tuple[list[dict], list[dict]]:
    messages, participants = [], []
    for number, case in enumerate(cases):
        release = f"{case.agency}/labelled"
        messages.append(
            {
                "release_id": release,
                "agency_id": case.agency,
                "message_id": case.id,
                "document_id": f"labelled-{case.agency}",
                "source_kind": "eml",
                "locator": case.id,
                # One case per day, so no two cases look like copies of one message to dedup.
                "sent_at_utc": FIRST_DAY + timedelta(days=number),
                "subject": case.subject,
                "from_name": case.sender[0],
                "from_address": case.sender[1],
                "body": case.body,
                "is_quoted": False,
                "header_confidence": 1.0,
            }
        )
        roles = [("from", [case.sender]), ("to", list(case.to)), ("cc", list(case.cc))]
        for role, people in roles:
            for position, (name, address) in enumerate(people):
                participants.append(
                    {
                        "release_id": release,
                        "message_id": case.id,
                        "role": role,
                        "position": position,
                        "name": name,
                        "address": address,
                    }
                )
    return messages, participants


def build_warehouse(
    con: duckdb.DuckDBPyConnection, cases: list[Case], raw: Path = LABELLED
) -> None:
    """The real schema and reference tables (agencies, rule files, and policies.csv and
    overrides.csv when `raw` has them), the cases as staged rows, then every model."""
    ensure_schema(con)
    _replace_reference_tables(con, AGENCIES, raw)
    messages, participants = _rows(cases)
    for table, rows in (("stg_messages", messages), ("stg_participants", participants)):
        con.register("labelled_rows", pa.Table.from_pylist(rows))
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM labelled_rows")
        con.unregister("labelled_rows")
    run_models(con)


def predictions(con: duckdb.DuckDBPyConnection) -> dict[str, Prediction]:
    """What the models decided for every message in the warehouse."""
    rows = con.execute(
        """
        SELECT m.message_id, p.party, p.party_unit, coalesce(c.direction, 'none'),
            list(DISTINCT k.category) FILTER (WHERE k.category IS NOT NULL)
        FROM messages m
        LEFT JOIN participants p ON p.message_id = m.message_id AND p.role = 'from'
        LEFT JOIN message_contact c ON c.message_id = m.message_id
        LEFT JOIN message_categories k ON k.message_id = m.message_id
        GROUP BY ALL
        """
    ).fetchall()
    return {
        message_id: Prediction(party, unit, direction, frozenset(categories or []))
        for message_id, party, unit, direction, categories in rows
    }


def run_cases(cases: list[Case]) -> dict[str, Prediction]:
    with duckdb.connect() as con:
        build_warehouse(con, cases)
        return predictions(con)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, expected: bool, predicted: bool) -> None:
        self.tp += expected and predicted
        self.fp += predicted and not expected
        self.fn += expected and not predicted


@dataclass
class Scores:
    cases: int = 0
    contact: Counts = field(default_factory=Counts)
    categories: dict[str, Counts] = field(default_factory=dict)
    micro: Counts = field(default_factory=Counts)
    right: Counter = field(default_factory=Counter)
    judged: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def accuracy(self, what: str) -> float:
        return self.right[what] / self.judged[what] if self.judged[what] else 1.0


def score(cases: list[Case], predicted: dict[str, Prediction], vocabulary: list[str]) -> Scores:
    """Contact detection, per-category and micro precision/recall, party/unit/direction accuracy."""
    result = Scores(cases=len(cases), categories={c: Counts() for c in vocabulary})
    for case in cases:
        got = predicted[case.id]
        result.contact.add(case.direction in CONTACT, got.direction in CONTACT)
        for category in vocabulary:
            expected, found = category in case.categories, category in got.categories
            result.categories[category].add(expected, found)
            result.micro.add(expected, found)
        checks = [
            ("direction", case.direction, got.direction),
            ("party", case.party, got.party),
        ]
        if case.unit:
            checks.append(("unit", case.unit, got.unit))
        for what, expected, found in checks:
            result.judged[what] += 1
            result.right[what] += expected == found
            if expected != found:
                result.errors.append(f"{case.id} {what}: expected {expected}, got {found}")
        missing, extra = case.categories - got.categories, got.categories - case.categories
        if missing or extra:
            result.errors.append(
                f"{case.id} categories: missing {sorted(missing)}, extra {sorted(extra)}"
            )
    return result
