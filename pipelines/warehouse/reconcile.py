"""Do the published numbers agree with the message tables they summarise?

Every number in a published CSV must be reproducible from the warehouse (DOMAIN.md §4). These
checks recount from the message tables by a different road than the models took, and compare:

- summary_vs_messages: agency_summary's message, contact, direction and category counts against
  counts taken straight from messages, message_contact and message_categories;
- monthly_adds_up: every count column of agency_monthly, summed over months, against agency_summary;
- policy_periods_add_up: before + after in agency_policy_periods against agency_summary, less the
  undated messages (agency_monthly's row without a month), which no policy date can split;
- evidence_cites_flagged: every canonical message with a category has an evidence row naming its
  file, and printed ones cite pages.

Each returns the rows that disagree; none means the numbers reconcile.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

FACT_KEYS = (
    "message_id",
    "agency_id",
    "thread_id",
    "sent_at",
    "local_date",
    "month",
    "direction",
    "response_hours",
)
DIRECTIONS = ("agency_to_ice", "ice_to_agency", "ice_other", "internal_about_ice")


@dataclass(frozen=True)
class Mismatch:
    check: str
    agency_id: str
    metric: str
    expected: int | None
    found: int | None

    def __str__(self) -> str:
        return f"{self.check}: {self.agency_id} {self.metric}: {self.found} != {self.expected}"


def count_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The 0/1 columns of message_facts, which summary, monthly and policy periods add up."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_name = 'message_facts' ORDER BY ordinal_position"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in FACT_KEYS]


def _long(table: str, columns: list[str], where: str = "TRUE") -> str:
    """A query giving (agency_id, metric, n) for the columns of a table, summed per agency."""
    selects = " UNION ALL ".join(
        f"SELECT agency_id, '{c}' AS metric, sum({c}) AS n FROM {table} WHERE {where} "
        f"GROUP BY agency_id"
        for c in columns
    )
    return f"({selects})"


def _recount() -> str:
    """Counts straight from the message tables, in the (agency_id, metric, n) shape."""
    directions = " UNION ALL ".join(
        f"SELECT m.agency_id, '{d}', count(*) FROM messages m JOIN message_contact c "
        f"USING (message_id) WHERE m.duplicate_of IS NULL AND c.direction = '{d}' GROUP BY ALL"
        for d in DIRECTIONS
    )
    return f"""(
        SELECT agency_id, 'message_rows' AS metric, count(*) AS n FROM messages GROUP BY ALL
        UNION ALL
        SELECT agency_id, 'messages', count(*) FROM messages WHERE duplicate_of IS NULL
        GROUP BY ALL
        UNION ALL
        SELECT m.agency_id, 'messages_with_ice', count(*) FROM messages m
        JOIN message_contact USING (message_id) WHERE m.duplicate_of IS NULL GROUP BY ALL
        UNION ALL {directions}
        UNION ALL
        SELECT m.agency_id, 'cat_' || k.category, count(DISTINCT m.message_id) FROM messages m
        JOIN message_categories k USING (message_id) WHERE m.duplicate_of IS NULL GROUP BY ALL
    )"""


def _compare(con: duckdb.DuckDBPyConnection, check: str, expected: str, found: str) -> list:
    rows = con.execute(
        f"""
        SELECT agency_id, metric, coalesce(e.n, 0), coalesce(f.n, 0)
        FROM {expected} e FULL JOIN {found} f USING (agency_id, metric)
        WHERE coalesce(e.n, 0) <> coalesce(f.n, 0)
        ORDER BY 1, 2
        """
    ).fetchall()
    return [Mismatch(check, a, m, e, f) for a, m, e, f in rows]


def reconcile(con: duckdb.DuckDBPyConnection) -> list[Mismatch]:
    """Every disagreement between the published tables and the message tables."""
    counts = count_columns(con)
    categories = [r[0] for r in con.execute("SELECT category FROM categories").fetchall()]
    recounted = [
        "message_rows",
        "messages",
        "messages_with_ice",
        *DIRECTIONS,
        *[f"cat_{c}" for c in categories],
    ]
    problems = _compare(con, "summary_vs_messages", _recount(), _long("agency_summary", recounted))
    summary = _long("agency_summary", counts)
    problems += _compare(con, "monthly_adds_up", summary, _long("agency_monthly", counts))
    dated = f"""(
        SELECT s.agency_id, s.metric, s.n - coalesce(u.n, 0) AS n
        FROM {summary} s
        LEFT JOIN {_long("agency_monthly", counts, "month IS NULL")} u USING (agency_id, metric)
    )"""
    periods = """(
        SELECT agency_id || ' ' || policy AS agency_id, metric, before + after AS n
        FROM agency_policy_periods
    )"""
    expected_periods = f"""(
        SELECT d.agency_id || ' ' || p.policy AS agency_id, d.metric, d.n
        FROM {dated} d JOIN (SELECT DISTINCT agency_id, policy FROM policies) p USING (agency_id)
    )"""
    problems += _compare(con, "policy_periods_add_up", expected_periods, periods)
    uncited = con.execute(
        """
        SELECT m.agency_id, m.message_id
        FROM messages m JOIN (SELECT DISTINCT message_id FROM message_categories) k USING (message_id)
        WHERE m.duplicate_of IS NULL AND NOT EXISTS (
            SELECT 1 FROM evidence e
            WHERE e.canonical_message_id = m.message_id AND e.path IS NOT NULL
              AND (e.source_kind NOT LIKE 'pdf_%' OR e.page_start IS NOT NULL))
        ORDER BY 1, 2
        """
    ).fetchall()
    problems += [Mismatch("evidence_cites_flagged", a, m, 1, 0) for a, m in uncited]
    return problems
