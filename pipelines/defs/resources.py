"""Where raw/ and warehouse/ are, as resources fed by environment variables (or set by tests)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.settings import Paths
from pipelines.staging import Staging


class RecordsAuditPaths(dg.ConfigurableResource):
    """Input and output folders; empty means RECORDS_AUDIT_RAW_DIR / _WAREHOUSE_DIR, then defaults."""

    raw_dir: str = ""
    warehouse_dir: str = ""

    def paths(self) -> Paths:
        return Paths.resolve(self.raw_dir or None, self.warehouse_dir or None)

    def staging(self) -> Staging:
        return Staging(self.paths().staging)


def build_resources(paths: Paths) -> dict[str, object]:
    """The resources for one pair of folders; used by the CLI, the code location and tests."""
    return {
        "paths": RecordsAuditPaths(raw_dir=str(paths.raw), warehouse_dir=str(paths.warehouse)),
        "duckdb": DuckDBResource(database=str(paths.database)),
    }


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=build_resources(Paths.resolve()))
