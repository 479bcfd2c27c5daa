"""The issue's targets, measured on the labelled messages through the real models."""

from __future__ import annotations

import duckdb

from tests.rules.labelled import Case, predictions, score


def _vocabulary(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT category FROM categories").fetchall()]


def test_set_is_big_and_covers_every_category(labelled_cases: list[Case], labelled_db) -> None:
    assert len(labelled_cases) >= 200
    assert len({c.id for c in labelled_cases}) == len(labelled_cases)
    for category in _vocabulary(labelled_db):
        positives = [c for c in labelled_cases if category in c.categories]
        assert len(positives) >= 5, category


def test_targets_hold_on_every_split(labelled_cases: list[Case], labelled_db) -> None:
    predicted = predictions(labelled_db)
    for split in ("dev", "holdout", "all"):
        chosen = [c for c in labelled_cases if split in (c.split, "all")]
        result = score(chosen, predicted, _vocabulary(labelled_db))
        assert result.contact.precision >= 0.98, split
        assert result.contact.recall >= 0.95, split
        assert result.micro.precision >= 0.90, split
        assert result.micro.recall >= 0.85, split


def test_sender_party_and_direction_are_right(labelled_cases: list[Case], labelled_db) -> None:
    result = score(labelled_cases, predictions(labelled_db), _vocabulary(labelled_db))
    assert result.accuracy("party") >= 0.98
    assert result.accuracy("direction") >= 0.97
    assert result.accuracy("unit") >= 0.85
