"""Printed emails (PDF text layers): split page text into messages with their headers.

Modules, one job each: `furniture` (Bates, page counters, owner lines), `headers` (label blocks),
`values` (address lists, dates, attachment names), `segments` (top-level vs quoted messages across
pages), `build` (rows), `split` (the entry point).
"""

from pipelines.printed.split import PrintedResult, split_printed

__all__ = ["PrintedResult", "split_printed"]
