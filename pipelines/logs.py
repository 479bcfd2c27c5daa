"""Where the libraries' own log lines go: the libraries under `pipelines` log with the standard
`logging` module (they never import Dagster), and each front end routes those lines for the time
it runs: `records-audit run` to stderr, a Dagster asset to the run's event log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LIBRARIES = "pipelines"


@contextmanager
def library_logs(handler: logging.Handler) -> Iterator[None]:
    """Send what the libraries log at INFO and above (how far a long scan's OCR has got) to
    `handler` until the block ends, then leave the logger as it was."""
    logger = logging.getLogger(LIBRARIES)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
