"""Dedup against a generated corpus with known duplicate groups (the bench runs it bigger)."""

from __future__ import annotations

import hashlib

import pytest

from tests.dedup.copies import Rows, make_rows
from tests.dedup.corpus import Corpus, generate
from tests.dedup.load import build_warehouse
from tests.dedup.scoring import score_dedup, score_threads


@pytest.fixture(scope="module")
def corpus() -> tuple[Corpus, Rows]:
    made = generate(11, 800, daily_days=30)
    return made, make_rows(made, 11)


@pytest.fixture(scope="module")
def con(corpus):
    connection = build_warehouse(*corpus)
    yield connection
    connection.close()


def test_the_corpus_holds_every_kind_of_copy_and_the_hard_negatives(corpus) -> None:
    made, rows = corpus
    kinds = set(rows.messages["source_kind"])
    assert {"eml", "msg", "mbox", "pst", "pdf_print", "pdf_ocr"} <= kinds
    assert any(rows.messages["is_quoted"])
    assert "(b)(6)@ice.dhs.gov" in rows.messages["from_address"]
    assert None in rows.messages["subject"], "Gmail-style quotes have no subject"
    daily = [e for e in made.emails if e.subject == "Release notification"]
    assert len({e.sent.date() for e in daily}) >= 30, "same subject and template every day"
    sent_twice = {(e.text, e.sent) for e in daily}
    assert len(sent_twice) < len(daily), "the same text at the same second to two officers"
    thanks = [e for e in made.emails if len(e.text) < 20]
    assert len({(e.sender, e.subject) for e in thanks}) < len(thanks), "repeated one-liners"
    copies = {}
    for key in rows.truth.values():
        copies[key] = copies.get(key, 0) + 1
    assert max(copies.values()) >= 4


def test_pairwise_precision_recall_and_count_meet_the_targets(con, corpus) -> None:
    score = score_dedup(con, corpus[1])
    assert score.true_pairs > 2000
    assert score.precision >= 0.99
    assert score.recall >= 0.95
    assert abs(score.count_error) <= 0.02


def test_threads_are_recovered(con, corpus) -> None:
    score = score_threads(con, corpus[1])
    assert score.precision >= 0.99
    assert score.recall >= 0.95


def test_blocking_compares_a_few_candidates_per_row_not_all_pairs(con) -> None:
    rows, pairs = con.execute(
        "SELECT (SELECT count(*) FROM message_keys), (SELECT count(*) FROM message_pairs)"
    ).fetchone()
    assert pairs < 3 * rows


def test_a_second_run_gives_the_same_messages(con, corpus) -> None:
    def digest(connection) -> str:
        rows = connection.execute(
            "SELECT message_id, duplicate_of, duplicate_reason, thread_id, is_inclusive "
            "FROM messages ORDER BY message_id"
        ).fetchall()
        return hashlib.sha256(repr(rows).encode()).hexdigest()

    again = build_warehouse(*corpus)
    assert digest(again) == digest(con)
    again.close()
