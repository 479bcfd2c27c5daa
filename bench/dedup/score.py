"""How well dedup counts each email once, on generated corpora whose truth is known.

    .venv/bin/python -m bench.dedup.score                 # 3 seeds x 6,000 conversations
    .venv/bin/python -m bench.dedup.score --seeds 1 --conversations 2000

Each corpus (tests/dedup: native copies, text prints, OCR prints, quoted copies, prints from
mailboxes in other zones; hard negatives: a daily same-subject notification, sent as separate
emails with the same text at the same second to two officers, and one-line "Thanks" replies) goes
through the dedup models (sql/models/20-29) in an in-memory warehouse. Printed per seed and in total:
pairwise precision and recall of "same email" decisions, canonical messages vs true emails, and
the same for threads. Targets: precision >= 0.99, recall >= 0.95, count within 2% of the truth.
"""

from __future__ import annotations

import argparse

from tests.dedup.copies import make_rows
from tests.dedup.corpus import generate
from tests.dedup.load import build_warehouse
from tests.dedup.scoring import Score, score_dedup, score_threads

TARGETS = {"precision": 0.99, "recall": 0.95, "count_error": 0.02}


def _total(scores: list[Score]) -> Score:
    return Score(*(sum(getattr(s, f) for s in scores) for f in Score.__dataclass_fields__))


def meets_targets(score: Score) -> bool:
    return (
        score.precision >= TARGETS["precision"]
        and score.recall >= TARGETS["recall"]
        and abs(score.count_error) <= TARGETS["count_error"]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=6000)
    args = parser.parse_args(argv)
    dedup, threads = [], []
    for seed in range(1, args.seeds + 1):
        corpus = generate(seed, args.conversations)
        rows = make_rows(corpus, seed)
        con = build_warehouse(corpus, rows)
        dedup.append(score_dedup(con, rows))
        threads.append(score_threads(con, rows))
        con.close()
        print(f"seed {seed}")
        print("  " + dedup[-1].line("emails"))
        print("  " + threads[-1].line("threads"))
    total = _total(dedup)
    print("all seeds")
    print("  " + total.line("emails"))
    print("  " + _total(threads).line("threads"))
    ok = meets_targets(total)
    print(
        f"targets (emails): precision >= {TARGETS['precision']}, recall >= {TARGETS['recall']}, "
        f"count within {TARGETS['count_error']:.0%}: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
