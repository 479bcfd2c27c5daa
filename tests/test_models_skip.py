"""A nightly run with nothing new skips the model rebuild; any change to an input triggers it."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse.models import inputs_fingerprint, models_current, run_models


def test_unchanged_inputs_skip_and_changed_inputs_rebuild(sample_run, tmp_path: Path) -> None:
    database = tmp_path / "copy.duckdb"
    shutil.copy(Path(sample_run["warehouse"]) / "audit.duckdb", database)
    with duckdb.connect(str(database)) as con:
        assert models_current(con, inputs_fingerprint(con))
        con.execute("DROP TABLE agency_summary")
        con.execute("CREATE TABLE agency_summary AS SELECT 'left alone' AS agency_id")
        run_models(con)  # inputs unchanged: the stale table is not rebuilt
        assert con.execute("SELECT agency_id FROM agency_summary").fetchall() == [("left alone",)]

        con.execute("UPDATE agencies SET name = 'Renamed' WHERE agency_id = 'pvpd'")
        assert not models_current(con, inputs_fingerprint(con))
        run_models(con)
        names = con.execute("SELECT agency_name FROM agency_summary ORDER BY 1").fetchall()
        assert ("Renamed",) in names
        assert models_current(con, inputs_fingerprint(con))


def test_subset_rebuilds_only_its_models_and_clears_the_fingerprint(
    sample_run, tmp_path: Path
) -> None:
    database = tmp_path / "copy.duckdb"
    shutil.copy(Path(sample_run["warehouse"]) / "audit.duckdb", database)
    with duckdb.connect(str(database)) as con:
        expected = con.execute("SELECT count(*) FROM agency_summary").fetchone()[0]
        for table in ("agency_summary", "evidence"):
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT 'stale' AS agency_id")
        counts = run_models(con, only={"agency_summary"})
        assert counts == {"agency_summary": expected}
        assert con.execute("SELECT agency_id FROM evidence").fetchall() == [("stale",)]
        assert not models_current(con, inputs_fingerprint(con))
        run_models(con)  # a subset left no fingerprint: the full run rebuilds everything
        assert (
            con.execute("SELECT count(*) FROM evidence WHERE agency_id = 'stale'").fetchone()[0]
            == 0
        )
        assert models_current(con, inputs_fingerprint(con))
        with pytest.raises(ValueError, match="no_such_model"):
            run_models(con, only={"no_such_model"})
