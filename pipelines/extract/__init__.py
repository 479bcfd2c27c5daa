"""Pure readers: file bytes in, typed rows out. Nothing in this package imports Dagster or DuckDB.

PARSER_VERSION is part of every cache key: bump it whenever a reader's output changes, so that the
next run parses affected files again instead of serving stale staging data.
"""

PARSER_VERSION = "4"
