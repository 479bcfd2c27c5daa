"""Pairwise scores of the warehouse's "same email" and "same thread" decisions against the truth.

Two rows are a predicted pair when they share a canonical message (`coalesce(duplicate_of,
message_id)`), a true pair when they copy the same generated email. Precision is the share of
predicted pairs that are true, recall the share of true pairs that were predicted. Counts come from
group sizes (n * (n - 1) / 2 per group), so no pair is ever listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from tests.dedup.copies import Rows


@dataclass(frozen=True)
class Score:
    rows: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    truth_count: int  # emails (or threads) that have at least one row
    predicted_count: int  # canonical messages (or threads)

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def count_error(self) -> float:
        """Relative difference between the predicted and the true count."""
        return (self.predicted_count - self.truth_count) / self.truth_count

    def line(self, name: str) -> str:
        return (
            f"{name:<8} rows {self.rows:>9,}  pairs: true {self.true_pairs:>9,} "
            f"predicted {self.predicted_pairs:>9,} correct {self.correct_pairs:>9,}  "
            f"precision {self.precision:.4f} recall {self.recall:.4f}  "
            f"count {self.predicted_count:,} vs truth {self.truth_count:,} "
            f"({self.count_error:+.2%})"
        )


_SCORE_SQL = """
WITH cells AS (
    SELECT predicted, truth, count(*) AS n FROM labels GROUP BY ALL
),
p AS (SELECT predicted, sum(n) AS n FROM cells GROUP BY predicted),
t AS (SELECT truth, sum(n) AS n FROM cells GROUP BY truth)
SELECT
    (SELECT sum(n) FROM p),
    (SELECT sum(n * (n - 1) // 2) FROM t),
    (SELECT sum(n * (n - 1) // 2) FROM p),
    (SELECT sum(n * (n - 1) // 2) FROM cells),
    (SELECT count(*) FROM t),
    (SELECT count(*) FROM p)
"""


def _score(con: duckdb.DuckDBPyConnection, truth: dict[str, str], predicted_sql: str) -> Score:
    truth_table = pa.table({"message_id": list(truth), "truth": list(truth.values())})  # noqa: F841
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE labels AS SELECT p.predicted, t.truth "
        f"FROM ({predicted_sql}) p JOIN truth_table t USING (message_id)"
    )
    return Score(*(int(v) for v in con.execute(_SCORE_SQL).fetchone()))


def score_dedup(con: duckdb.DuckDBPyConnection, rows: Rows) -> Score:
    return _score(
        con,
        rows.truth,
        "SELECT message_id, coalesce(duplicate_of, message_id) AS predicted FROM messages",
    )


def score_threads(con: duckdb.DuckDBPyConnection, rows: Rows) -> Score:
    """Thread pairs among canonical messages, each labelled with its email's true thread."""
    canonical_truth = {message_id: rows.threads[key] for message_id, key in rows.truth.items()}
    return _score(
        con,
        canonical_truth,
        "SELECT message_id, thread_id AS predicted FROM messages WHERE duplicate_of IS NULL",
    )
