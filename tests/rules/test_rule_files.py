"""The rule files load, and a broken rule fails the load naming its file, line and rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import RULES_DIR
from pipelines.warehouse.load import ensure_schema
from pipelines.warehouse.rules import RuleError, load_review_overrides, load_rule_tables


@pytest.fixture()
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def test_shipped_rules_load_in_file_order(con) -> None:
    loaded = load_rule_tables(con)
    assert loaded["category_rules"] > 50 and loaded["party_text_rules"] > 10
    orders = [r[0] for r in con.execute("SELECT rule_order FROM category_rules").fetchall()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    unused = con.execute(
        "SELECT category FROM categories EXCEPT SELECT category FROM category_rules"
    ).fetchall()
    assert unused == []


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_bad_regex_names_the_rule(con, rules: Path) -> None:
    _append(rules / "category_rules.csv", "bad.paren,refusal,any,(unclosed,false,,,broken")
    with pytest.raises(RuleError, match=r"category_rules\.csv:\d+: rule bad\.paren: bad pattern"):
        load_rule_tables(con, rules)


def test_unknown_category_is_refused(con, rules: Path) -> None:
    _append(rules / "category_rules.csv", r"x.new,ice_cream,any,\bsundae\b,false,,,not a category")
    with pytest.raises(RuleError, match="unknown category 'ice_cream'"):
        load_rule_tables(con, rules)


def test_repeated_rule_id_is_refused(con, rules: Path) -> None:
    _append(rules / "mention_rules.csv", r"mention.ice_caps,any,\bICE\b,true,,,again")
    with pytest.raises(RuleError, match="missing or repeated"):
        load_rule_tables(con, rules)


def test_overrides_load_as_written(con, tmp_path: Path) -> None:
    (tmp_path / "overrides.csv").write_text(
        "message_id,category,action,note,reviewer\n"
        "m1,detainer_hold,add,seen on page 3,AB\n"
        ",,,,\n"
        "m2,nonsense,maybe,,CD\n",
        encoding="utf-8",
    )
    assert load_review_overrides(con, tmp_path) == 2
    rows = con.execute("SELECT * FROM review_overrides ORDER BY line").fetchall()
    assert rows == [
        (2, "m1", "detainer_hold", "add", "seen on page 3"),
        (4, "m2", "nonsense", "maybe", None),
    ]
    assert load_review_overrides(con, tmp_path / "absent") == 0
