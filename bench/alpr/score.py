"""Score the reason rules on the labelled reason strings, through the same SQL the warehouse runs.

    .venv/bin/python -m bench.alpr.score

Each labelled reason becomes one log row in a temporary DuckDB that the real load step prepared
(schema and rules from pipelines/rules/), then sql/models/60_alpr_searches.sql classifies them. Targets:
immigration-reason precision >= 0.97 and recall >= 0.95. `needs_review` and `unknown` count as
"not flagged immigration": a reason labelled immigration that the rules send to review is a miss, and
one labelled needs_review that the rules call immigration is a false alarm.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.extract.discover import Agency
from pipelines.settings import PROJECT_ROOT, SQL_DIR
from pipelines.staging import Staging
from pipelines.warehouse.load import load_warehouse

LABELLED = PROJECT_ROOT / "tests" / "alpr" / "reasons_labelled.csv"
HOLDOUT = PROJECT_ROOT / "tests" / "alpr" / "reasons_holdout.csv"
MODEL = SQL_DIR / "models" / "60_alpr_searches.sql"
PRECISION_TARGET, RECALL_TARGET = 0.97, 0.95
_AGENCY = Agency("bench", "Bench PD", "police", "", "CA", "America/Los_Angeles", ())


@dataclass(frozen=True)
class Verdict:
    reason: str
    label: str
    verdict: str
    rule_id: str


@dataclass
class Score:
    verdicts: list[Verdict] = field(default_factory=list)

    def _count(self, label: bool | None, flagged: bool) -> int:
        return sum(
            1
            for v in self.verdicts
            if (label is None or (v.label == "immigration") == label)
            and (v.verdict == "immigration") == flagged
        )

    @property
    def precision(self) -> float:
        flagged = self._count(None, True)
        return self._count(True, True) / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        labelled = sum(1 for v in self.verdicts if v.label == "immigration")
        return self._count(True, True) / labelled if labelled else 1.0

    @property
    def agreement(self) -> float:
        """Share of reasons whose verdict equals the label exactly (all four classes)."""
        return sum(v.label == v.verdict for v in self.verdicts) / len(self.verdicts)

    def errors(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.label != v.verdict]


def read_labelled(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["reason"], row["label"]) for row in csv.DictReader(handle)]


def run_model(pairs: list[tuple[str | None, str | None]]) -> list[dict[str, object]]:
    """alpr_searches columns for each (reason, org_name) pair, in order, from the warehouse's own
    load step (schema, rule tables) and sql/models/60_alpr_searches.sql in a temporary DuckDB."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        con = duckdb.connect()
        load_warehouse(con, Staging(Path(tmp) / "staging"), {"bench": _AGENCY}, raw, set())
        con.execute(
            "INSERT INTO documents (document_id, release_id, agency_id, path, status) "
            "VALUES ('labelled', 'bench/r', 'bench', 'reasons.csv', 'parsed')"
        )
        con.execute(
            "INSERT INTO stg_alpr_searches (release_id, agency_id, document_id, layout, log_kind, "
            "row_number, search_id, plate_status, reason, org_name) "
            "SELECT 'bench/r', 'bench', 'labelled', 'portal', 'network', i, CAST(i AS VARCHAR), "
            "'no_column', reason, org FROM "
            "(SELECT unnest(?) AS reason, unnest(?) AS org, unnest(range(1, ?)) AS i)",
            [[r for r, _ in pairs], [o for _, o in pairs], len(pairs) + 1],
        )
        con.execute(MODEL.read_text(encoding="utf-8"))
        cursor = con.execute("SELECT * FROM alpr_searches")
        names = [d[0] for d in cursor.description]
        found = {
            int(row[names.index("search_id")]): dict(zip(names, row, strict=True))
            for row in cursor.fetchall()
        }
        con.close()
    return [found[i] for i in range(1, len(pairs) + 1)]


def classify(reasons: list[str]) -> list[tuple[str, str]]:
    """(verdict, rule_id) for each reason, in order."""
    return [
        (str(r["reason_verdict"]), str(r["reason_rule_id"]))
        for r in run_model([(reason, None) for reason in reasons])
    ]


def score(path: Path) -> Score:
    labelled = read_labelled(path)
    verdicts = classify([reason for reason, _ in labelled])
    return Score(
        [
            Verdict(reason, label, verdict, rule)
            for (reason, label), (verdict, rule) in zip(labelled, verdicts, strict=True)
        ]
    )


def report(name: str, result: Score) -> bool:
    ok = result.precision >= PRECISION_TARGET and result.recall >= RECALL_TARGET
    labels = {
        label: sum(v.label == label for v in result.verdicts)
        for label in ("immigration", "not_immigration", "needs_review", "unknown")
    }
    print(
        f"{name}: {len(result.verdicts)} reasons {labels}\n"
        f"  immigration precision {result.precision:.3f} (target {PRECISION_TARGET}), "
        f"recall {result.recall:.3f} (target {RECALL_TARGET}), "
        f"exact agreement {result.agreement:.3f} -> {'OK' if ok else 'BELOW TARGET'}"
    )
    for v in result.errors():
        print(f"  label {v.label:<15} verdict {v.verdict:<15} {v.rule_id:<26} {v.reason!r}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    ok = report("labelled (tests/alpr/reasons_labelled.csv)", score(LABELLED))
    if HOLDOUT.is_file():
        ok = report("held out (tests/alpr/reasons_holdout.csv)", score(HOLDOUT)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
