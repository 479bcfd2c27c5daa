"""Load the rule files (`pipelines/rules/*.csv`) and the analyst's overrides into DuckDB tables.

Rules are data so that a group in another state can swap them without touching SQL; the models in
`sql/models/` apply them as tables. Loading checks each file before anything uses it: the header,
unique ids, the fixed vocabularies (categories, parties, fields, directions), and every regular
expression compiled by DuckDB's own RE2, so a bad pattern fails the load naming its file, line and
rule instead of failing a model halfway through. Rows keep their file order in `rule_order`, because
for party rules the first match wins.

`raw/overrides.csv` (optional) is the analyst's review: it is loaded as written, one row per line,
and `sql/models/33_review_status.sql` decides which rows apply; a bad row is reported there rather
than stopping the nightly run.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.settings import RULES_DIR
from pipelines.warehouse.keywords import required_keywords

PARTIES = frozenset(
    {
        "agency",
        "ice",
        "cbp",
        "uscis",
        "dhs_other",
        "federal_other",
        "local_other",
        "vendor",
        "public",
        "unknown",
    }
)
DIRECTIONS = frozenset({"agency_to_ice", "ice_to_agency", "ice_other", "internal_about_ice"})
IDENTIFIERS = frozenset({"a_number", "fbi_number", "cii_number", "date_of_birth"})
OVERRIDE_COLUMNS = ("message_id", "category", "action", "note")


class RuleError(ValueError):
    """A rule file that cannot be used as written; the message names the file, line and rule."""


@dataclass(frozen=True)
class RuleFile:
    """One CSV under pipelines/rules/ and the table it fills."""

    table: str
    file: str
    columns: tuple[str, ...]
    booleans: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    ordered: bool = False
    key: str | None = None
    keywords: bool = False  # fill `keywords` from `pattern` (pipelines/warehouse/keywords.py)


RULE_FILES = (
    RuleFile("categories", "categories.csv", ("category", "description"), key="category"),
    RuleFile(
        "party_domain_rules",
        "party_domains.csv",
        ("rule_id", "domain", "party", "party_unit", "note"),
        key="rule_id",
    ),
    RuleFile(
        "party_text_rules",
        "party_text_rules.csv",
        ("rule_id", "field", "pattern", "case_sensitive", "party", "party_unit", "note"),
        booleans=("case_sensitive",),
        patterns=("pattern",),
        ordered=True,
        key="rule_id",
        keywords=True,
    ),
    RuleFile(
        "mention_rules",
        "mention_rules.csv",
        ("rule_id", "field", "pattern", "case_sensitive", "requires", "excludes", "note"),
        booleans=("case_sensitive",),
        patterns=("pattern", "requires", "excludes"),
        ordered=True,
        key="rule_id",
        keywords=True,
    ),
    RuleFile(
        "category_rules",
        "category_rules.csv",
        (
            "rule_id",
            "category",
            "field",
            "pattern",
            "case_sensitive",
            "requires",
            "excludes",
            "note",
        ),
        booleans=("case_sensitive",),
        patterns=("pattern", "requires", "excludes"),
        ordered=True,
        key="rule_id",
        keywords=True,
    ),
    RuleFile(
        "identifier_rules",
        "identifier_rules.csv",
        ("identifier", "pattern", "case_sensitive", "note"),
        booleans=("case_sensitive",),
        patterns=("pattern",),
        key="identifier",
    ),
    RuleFile(
        "legal_rules",
        "legal_rules.csv",
        ("state", "category", "legal_basis", "effective_date", "review_when", "note"),
    ),
    RuleFile("policy_rules", "policy_rules.csv", ("policy", "category", "directions", "note")),
)

# Allowed values per (table, column); checked on load.
FIELDS = {
    ("party_text_rules", "field"): frozenset({"name", "address", "signature"}),
    ("mention_rules", "field"): frozenset({"subject", "body", "any"}),
    ("category_rules", "field"): frozenset({"subject", "body", "any"}),
    ("legal_rules", "review_when"): frozenset({"agency_to_ice", "contact", "never"}),
    ("party_domain_rules", "party"): PARTIES,
    ("party_text_rules", "party"): PARTIES,
    ("identifier_rules", "identifier"): IDENTIFIERS,
}


def _read(path: Path, columns: tuple[str, ...]) -> list[dict[str, str | None]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != columns:
            raise RuleError(f"{path}: header must be {','.join(columns)} (is {','.join(header)})")
        return [
            {k: (v.strip() or None) if isinstance(v, str) else None for k, v in row.items()}
            for row in reader
        ]


def _boolean(path: Path, line: int, column: str, value: str | None) -> bool:
    if value is None or value.lower() not in {"true", "false"}:
        raise RuleError(f"{path}:{line}: {column} must be true or false (is {value!r})")
    return value.lower() == "true"


def _check_pattern(
    con: duckdb.DuckDBPyConnection, path: Path, line: int, rule: str, pattern: str
) -> None:
    """Compile with DuckDB's RE2 (not Python's re: the syntaxes differ)."""
    try:
        con.execute("SELECT regexp_matches('', ?)", [pattern]).fetchall()
    except duckdb.Error as exc:
        raise RuleError(f"{path}:{line}: rule {rule}: bad pattern {pattern!r}: {exc}") from exc


def _rows(
    con: duckdb.DuckDBPyConnection, spec: RuleFile, rules_dir: Path, categories: set[str]
) -> list[dict[str, object]]:
    path = rules_dir / spec.file
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for line, raw in enumerate(_read(path, spec.columns), start=2):
        row: dict[str, object] = dict(raw)
        name = str(raw.get(spec.key or "") or f"line {line}")
        if spec.key:
            if not raw.get(spec.key) or raw[spec.key] in seen:
                raise RuleError(f"{path}:{line}: {spec.key} missing or repeated ({name})")
            seen.add(str(raw[spec.key]))
        for column in spec.booleans:
            row[column] = _boolean(path, line, column, raw[column])
        for column in spec.patterns:
            if raw[column]:
                _check_pattern(con, path, line, name, str(raw[column]))
        if spec.patterns and not raw["pattern"]:
            raise RuleError(f"{path}:{line}: rule {name} has no pattern")
        for (table, column), allowed in FIELDS.items():
            if table == spec.table and raw[column] not in allowed:
                raise RuleError(f"{path}:{line}: {column} {raw[column]!r} not in {sorted(allowed)}")
        if "category" in raw and spec.table != "categories" and raw["category"] not in categories:
            raise RuleError(f"{path}:{line}: unknown category {raw['category']!r} (categories.csv)")
        if spec.table == "policy_rules":
            bad = set(str(raw["directions"] or "").split(";")) - DIRECTIONS
            if bad:
                raise RuleError(f"{path}:{line}: unknown directions {sorted(bad)}")
        if spec.table == "party_domain_rules":
            row["domain"] = str(raw["domain"] or "").lower()
        if spec.ordered:
            row["rule_order"] = line
        if spec.keywords:
            row["keywords"] = "|".join(required_keywords(str(raw["pattern"])) or []) or None
        rows.append(row)
    return rows


def _replace(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    con.execute(f"DELETE FROM {table}")
    if not rows:
        return
    con.register("rule_batch", pa.Table.from_pylist(rows))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rule_batch")
    finally:
        con.unregister("rule_batch")


def load_rule_tables(con: duckdb.DuckDBPyConnection, rules_dir: Path = RULES_DIR) -> dict[str, int]:
    """Replace every rule table from its CSV; returns rows per table. Raises RuleError."""
    loaded: dict[str, int] = {}
    categories: set[str] = set()
    for spec in RULE_FILES:
        rows = _rows(con, spec, rules_dir, categories)
        if spec.table == "categories":
            categories = {str(r["category"]) for r in rows}
        _replace(con, spec.table, rows)
        loaded[spec.table] = len(rows)
    return loaded


def load_review_overrides(con: duckdb.DuckDBPyConnection, raw: Path) -> int:
    """Replace `review_overrides` from raw/overrides.csv (optional); returns rows loaded.

    Rows are kept as written (trimmed): deciding which apply is the job of the review_status model,
    which reports unknown messages, categories and actions instead of failing the run.
    """
    path = raw / "overrides.csv"
    rows: list[dict[str, object]] = []
    if path.is_file():
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = set(OVERRIDE_COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise RuleError(f"{path}: missing columns {sorted(missing)}")
            for line, row in enumerate(reader, start=2):
                values = {c: (row.get(c) or "").strip() or None for c in OVERRIDE_COLUMNS}
                if any(values.values()):
                    rows.append({"line": line, **values})
    _replace(con, "review_overrides", rows)
    return len(rows)
