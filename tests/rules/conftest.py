"""One warehouse of the labelled messages per test session, built by the real models."""

from __future__ import annotations

import duckdb
import pytest

from tests.rules.labelled import Case, build_warehouse, load_cases


@pytest.fixture(scope="session")
def labelled_cases() -> list[Case]:
    return load_cases()


@pytest.fixture(scope="session")
def labelled_db(labelled_cases: list[Case]):
    con = duckdb.connect()
    build_warehouse(con, labelled_cases)
    yield con
    con.close()
