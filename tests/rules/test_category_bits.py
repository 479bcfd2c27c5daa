"""message_category_bits holds exactly each message's categories, and has_category reads them."""

from __future__ import annotations

import duckdb
import pytest


def test_bits_hold_exactly_the_categories_of_each_message(sample_db) -> None:
    from_bits = sample_db.execute(
        "SELECT k.message_id, b.category FROM message_category_bits k "
        "JOIN category_bits b ON k.categories & b.bit != 0 ORDER BY ALL"
    ).fetchall()
    from_rows = sample_db.execute(
        "SELECT DISTINCT message_id, category FROM message_categories ORDER BY ALL"
    ).fetchall()
    assert from_bits == from_rows
    assert len({category for _, category in from_rows}) >= 10  # the sample exercises most


def test_has_category_reads_one_bit_and_refuses_unknown_names(sample_db) -> None:
    (message_id,) = sample_db.execute(
        "SELECT message_id FROM message_categories WHERE category = 'refusal' LIMIT 1"
    ).fetchone()
    flags = sample_db.execute(
        "SELECT has_category(categories, 'refusal'), has_category(0, 'refusal') "
        "FROM message_category_bits WHERE message_id = ?",
        [message_id],
    ).fetchone()
    assert flags == (True, False)
    with pytest.raises(duckdb.Error, match="no category named detainr_hold"):
        sample_db.execute("SELECT has_category(0, 'detainr_hold')").fetchall()
