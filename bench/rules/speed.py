"""How fast the text rules run, against the obvious way to write them, measured in one run.

    .venv/bin/python -m bench.rules.speed [--copies 20]

The labelled messages are copied `--copies` times (new ids, new days) into a temporary warehouse and
every model is run once. Then, on the same data:

- shipped: sql/models/32_rule_matches.sql (patterns written into generated SQL as literals, so RE2
  compiles each once);
- baseline: tests/rules/reference_rule_matches.sql, the obvious query, messages joined to rules
  with `regexp_matches(text, r.pattern)`, where DuckDB compiles the pattern again for every row.

Both must find the same matches. Ratios compare them on this machine in this run; the message
rate is for reading, not for comparing across machines.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import duckdb

from pipelines.settings import SQL_DIR
from tests.rules.labelled import REFERENCE_RULE_MATCHES, build_warehouse, load_cases

SHIPPED = (SQL_DIR / "models" / "32_rule_matches.sql").read_text(encoding="utf-8")
BASELINE = REFERENCE_RULE_MATCHES.read_text(encoding="utf-8")


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
    same = found == found_baseline
    print(f"{messages} message rows; load + every model: {build:.2f}s")
    print(f"shipped rule_matches: {shipped:6.2f}s  ({messages / shipped:,.0f} message rows/s)")
    print(f"baseline (per-row):   {baseline:6.2f}s  shipped is {baseline / shipped:.1f}x faster")
    print(f"same matches both ways: {same} ({len(found)} message/rule pairs)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
