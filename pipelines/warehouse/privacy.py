"""Scan files meant for publication for personal identifiers.

Published exports hold aggregates only. This scan is the last guard: it looks for the shapes of the
identifiers that releases carry (emails, A-numbers, dates of birth, plates, street addresses) in every
cell, and reports where. A finding fails the export's asset check.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

PATTERNS: dict[str, re.Pattern[str]] = {
    "email_address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "a_number": re.compile(r"\bA[- ]?\d{3}[- ]?\d{3}[- ]?\d{3}\b|\bA\d{8,9}\b"),
    "date_of_birth": re.compile(r"\b(DOB|D\.O\.B\.|date of birth)\b", re.IGNORECASE),
    "street_address": re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Dr|Drive|Ln|Way)\b"
    ),
    "plate": re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,3}[- ]?[A-Z0-9]{3,4}\b"),
}

# Columns whose values are identifiers of our own making or fixed vocabulary, not personal data.
SAFE_COLUMNS = frozenset({"agency_id", "agency_type", "state", "month", "county"})


@dataclass(frozen=True)
class Finding:
    file: str
    row: int
    column: str
    kind: str


def scan_csv(path: Path) -> list[Finding]:
    findings = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row_no, row in enumerate(csv.DictReader(handle), start=2):
            for column, value in row.items():
                if column in SAFE_COLUMNS or not value:
                    continue
                for kind, pattern in PATTERNS.items():
                    if pattern.search(value):
                        findings.append(Finding(path.name, row_no, column, kind))
    return findings
