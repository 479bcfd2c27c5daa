"""docs/data_dictionary.md describes exactly the tables and columns the warehouse has."""

from __future__ import annotations

import re

from pipelines.settings import PROJECT_ROOT

DICTIONARY = PROJECT_ROOT / "docs" / "data_dictionary.md"


def documented() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current = None
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        cell = re.match(r"^\| (\w+) \|", line)
        if current and cell and cell.group(1) != "column":
            tables[current].append(cell.group(1))
    return tables


def test_dictionary_matches_warehouse(sample_db) -> None:
    actual: dict[str, list[str]] = {}
    for table, column in sample_db.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall():
        actual.setdefault(table, []).append(column)
    docs = documented()
    assert sorted(docs) == sorted(actual), "tables documented vs in the warehouse"
    for table, columns in actual.items():
        assert docs[table] == columns, f"columns of {table} (in warehouse order)"
