"""Load speed of a 500,000-row Flock network audit, end to end through the real code.

    .venv/bin/python -m bench.alpr.speed [--rows 500000]

Generates the log once under /tmp (reasons drawn from the labelled reason strings, half of them with
a case number appended so that most reasons are distinct, as in real logs), then times, in a fresh
warehouse: discovery (sha256 + type), extraction (CSV reader + Parquet staging), the single-writer
load, and every SQL model (dedup, reason and federal rules, metrics). Target: under 30 s in total.
Two baselines on the same file in the same run show what the machine gives right now: one pass of
Python's csv module (the floor for a Python reader) and DuckDB's own read_csv.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from bench.alpr.score import LABELLED, read_labelled
from pipelines.extract.discover import discover_releases, read_agencies
from pipelines.extract.release import extract_release
from pipelines.staging import Staging
from pipelines.warehouse.load import load_warehouse
from pipelines.warehouse.models import run_models
from tests.factories.alpr import make_searches, write_flock_csv

CORPUS = Path("/tmp/records-audit-bench-alpr")
LOG = Path("pvpd") / "2025-alpr" / "Flock_Network_Audit.csv"
TARGET_SECONDS = 30.0
ORGS = (
    "Port Verde CA PD",
    "Mariposa Bay County SO",
    "[Federal] DHS HSI San Diego",
    "U.S. Border Patrol - El Centro Sector",
    "ICE ERO Los Angeles",
    *(f"City of Example {n} PD" for n in range(1, 196)),
)


def build_corpus(rows: int) -> Path:
    """A raw root with one agency and one release holding the log; reused when already built."""
    raw = CORPUS / f"raw-{rows}"
    log = raw / LOG
    if log.is_file():
        return raw
    log.parent.mkdir(parents=True, exist_ok=True)
    (raw / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "pvpd,Port Verde Police Department,police,Mariposa Bay,CA,America/Los_Angeles,"
        "pvpd.example.gov\n",
        encoding="utf-8",
    )
    reasons = [reason for reason, _ in read_labelled(LABELLED)]
    rng = random.Random(7)

    def varied(search):
        reason = rng.choice(reasons)
        if rng.random() < 0.5:
            reason = f"{reason} {search.case_number}"
        return replace(search, reason=reason)

    searches = make_searches(
        rows,
        seed=7,
        start=datetime(2024, 1, 1, tzinfo=UTC),
        orgs=ORGS,
        users=tuple(f"Officer {n:03d}" for n in range(400)),
        mean_gap_minutes=1.0,
        plates=("***", "REDACTED", "7ABC123"),
    )
    tmp = log.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        write_flock_csv(handle, map(varied, searches), "network", repeat_header_every=100_000)
    tmp.replace(log)
    return raw


def _timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def baselines(path: Path) -> dict[str, float]:
    def python_csv() -> int:
        with path.open(newline="", encoding="utf-8") as handle:
            return sum(1 for _ in csv.reader(handle))

    def duckdb_csv() -> int:
        with duckdb.connect() as con:
            return con.execute(
                "SELECT count(*) FROM read_csv(?, header = true, all_varchar = true)", [str(path)]
            ).fetchone()[0]

    return {
        "python csv.reader pass": _timed(python_csv)[1],
        "duckdb read_csv": _timed(duckdb_csv)[1],
    }


def run(rows: int) -> bool:
    raw = build_corpus(rows)
    log = raw / LOG
    print(f"log: {log} ({log.stat().st_size / 1e6:,.0f} MB, {rows:,} rows)")
    warehouse = Path(tempfile.mkdtemp(prefix="warehouse-", dir=CORPUS))
    try:
        staging = Staging(warehouse / "staging")
        (release,), discover_s = _timed(lambda: discover_releases(raw))
        stats, extract_s = _timed(lambda: extract_release(release, staging))
        con = duckdb.connect(str(warehouse / "audit.duckdb"))
        _, load_s = _timed(
            lambda: load_warehouse(con, staging, read_agencies(raw), raw, {release.key})
        )
        counts, models_s = _timed(lambda: run_models(con))
        flagged = con.execute(
            "SELECT count(*) FILTER (WHERE immigration_reason), count(*) FILTER (WHERE federal_org)"
            " FROM alpr_searches"
        ).fetchone()
        con.close()
    finally:
        shutil.rmtree(warehouse, ignore_errors=True)
    total = discover_s + extract_s + load_s + models_s
    base = baselines(log)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"statuses {stats.statuses}; alpr_searches {counts['alpr_searches']:,} rows, "
        f"{flagged[0]:,} with an immigration reason, {flagged[1]:,} by federal organisations"
    )
    for name, seconds in (
        ("discover (sha256, detect)", discover_s),
        ("extract (read CSV, write Parquet)", extract_s),
        ("load (single writer)", load_s),
        ("sql models (all)", models_s),
    ):
        print(f"  {name:<34} {seconds:7.2f} s  {rows / seconds:>10,.0f} rows/s")
    print(
        f"  {'total':<34} {total:7.2f} s  {rows / total:>10,.0f} rows/s  "
        f"(target < {TARGET_SECONDS:.0f} s: {'OK' if total < TARGET_SECONDS else 'MISSED'})"
    )
    for name, seconds in base.items():
        print(
            f"  baseline {name:<25} {seconds:7.2f} s  -> records-audit total = "
            f"{total / seconds:.1f}x this baseline"
        )
    print(f"  peak RSS {peak_mb:,.0f} MB")
    return total < TARGET_SECONDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=500_000)
    args = parser.parse_args(argv)
    return 0 if run(args.rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
