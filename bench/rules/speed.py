"""How fast the text rules run, against the obvious way to write them, measured in one run.

    .venv/bin/python -m bench.rules.speed [--copies 20]

The labelled messages are copied `--copies` times (new ids, new days) into a temporary warehouse and
every model is run once. Then, on the same data:

- shipped: sql/models/32_rule_matches.sql (patterns written into generated SQL as literals, so RE2
  compiles each once; anchors tested first);
- no anchors: the same with every rule's anchor removed;
- baseline: the obvious query, messages joined to rules with `regexp_matches(text, r.pattern)`,
  where DuckDB compiles the pattern again for every row.

All three must find the same matches. Ratios compare them on this machine in this run; the message
rate is for reading, not for comparing across machines.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import duckdb

from pipelines.settings import SQL_DIR
from tests.rules.labelled import build_warehouse, load_cases

SHIPPED = (SQL_DIR / "models" / "32_rule_matches.sql").read_text(encoding="utf-8")
BASELINE = r"""
CREATE OR REPLACE TABLE rule_matches AS
WITH texts AS (
    SELECT m.message_id,
        regexp_replace(coalesce(m.subject, ''), '\s+', ' ', 'g') AS subject,
        regexp_replace(coalesce(m.subject, '') || ' ' || coalesce(m.body, ''), '\s+', ' ', 'g')
            AS full_text,
        regexp_replace(coalesce(m.subject, '') || ' ' || t.own_text, '\s+', ' ', 'g') AS text
    FROM messages m JOIN message_text t USING (message_id)
),
rules AS (
    SELECT 'mention' AS family, rule_id, 'ice_mention' AS category, field, pattern,
        case_sensitive, requires, excludes FROM mention_rules
    UNION ALL
    SELECT 'category', rule_id, category, field, pattern, case_sensitive, requires, excludes
    FROM category_rules
),
pairs AS (
    SELECT t.message_id, r.*, CASE WHEN r.case_sensitive THEN '' ELSE '(?i)' END AS flags,
        CASE WHEN r.family = 'mention' THEN t.full_text ELSE t.text END AS whole,
        CASE WHEN r.field = 'subject' THEN t.subject
             WHEN r.family = 'mention' THEN t.full_text ELSE t.text END AS field_text
    FROM texts t, rules r
)
SELECT message_id, family, category, rule_id
FROM pairs
WHERE regexp_matches(field_text, flags || pattern)
  AND (requires IS NULL OR regexp_matches(whole, flags || requires))
  AND (excludes IS NULL OR NOT regexp_matches(whole, flags || excludes))
"""


def _timed(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[float, set]:
    started = time.perf_counter()
    con.execute(sql)
    seconds = time.perf_counter() - started
    found = set(con.execute("SELECT message_id, rule_id FROM rule_matches").fetchall())
    return seconds, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args(argv)
    cases = load_cases()
    copies = [
        dataclasses.replace(case, id=f"{case.id}-{n}") for n in range(args.copies) for case in cases
    ]
    with duckdb.connect() as con:
        started = time.perf_counter()
        build_warehouse(con, copies)
        build = time.perf_counter() - started
        messages = con.execute("SELECT count(*) FROM messages").fetchone()[0]
        shipped, found = _timed(con, SHIPPED)
        baseline, found_baseline = _timed(con, BASELINE)
        con.execute("UPDATE category_rules SET anchor = NULL")
        con.execute("UPDATE mention_rules SET anchor = NULL")
        no_anchors, found_no_anchors = _timed(con, SHIPPED)
    same = found == found_baseline == found_no_anchors
    print(f"{messages} message rows; load + every model: {build:.2f}s")
    print(f"shipped rule_matches: {shipped:6.2f}s  ({messages / shipped:,.0f} message rows/s)")
    print(
        f"without anchors:      {no_anchors:6.2f}s  shipped is {no_anchors / shipped:.1f}x faster"
    )
    print(f"baseline (per-row):   {baseline:6.2f}s  shipped is {baseline / shipped:.1f}x faster")
    print(f"same matches all three ways: {same} ({len(found)} message/rule pairs)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
