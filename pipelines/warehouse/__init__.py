"""The DuckDB side: load staged Parquet (single writer), run the SQL models, write exports.

Nothing here imports Dagster; the assets in pipelines/defs call these functions.
"""
