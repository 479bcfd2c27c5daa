"""Which ALPR audit-log layout a header row belongs to, from the header names alone.

Layouts are data (pipelines/rules/alpr_layouts.csv): per layout, the fields it can carry, the header
names each field goes by, and which fields must be present. Names are compared after normalization
(lower case, letters, digits and `#` only), so `Search Time`, `search_time` and `SEARCH TIME` are the
same column while `Case #` and `Case` stay apart. A header row matches a layout when every required
field is there; the layout that recognises the most columns wins, ties go to the earlier layout.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines.settings import RULES_DIR

LAYOUTS_CSV = RULES_DIR / "alpr_layouts.csv"
_NOT_NAME = re.compile(r"[^a-z0-9#]+")


def normalize_header(value: object) -> str:
    return _NOT_NAME.sub("", str(value or "").lower())


@dataclass(frozen=True)
class Layout:
    name: str
    log_kind: str  # organization | network | portal
    headers: dict[str, tuple[str, ...]]  # field -> normalized header names
    display: dict[str, str]  # field -> header name as an export writes it, for messages
    required: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.name} ({', '.join(self.display[f] for f in self.required)})"


@dataclass(frozen=True)
class HeaderMatch:
    layout: Layout
    columns: dict[str, int]  # field -> column index in the row
    key: tuple[str, ...]  # the normalized header row, to recognise it when it repeats mid-file


@cache
def load_layouts(path: Path = LAYOUTS_CSV) -> tuple[Layout, ...]:
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["layout"], []).append(row)
    layouts = []
    for name, fields in rows.items():
        names = {f["field"]: [h.strip() for h in f["headers"].split("|")] for f in fields}
        layouts.append(
            Layout(
                name=name,
                log_kind=fields[0]["log_kind"],
                headers={k: tuple(normalize_header(h) for h in v) for k, v in names.items()},
                display={k: v[0] for k, v in names.items()},
                required=tuple(f["field"] for f in fields if f["required"] == "yes"),
            )
        )
    return tuple(layouts)


def match_header(cells: Sequence[object], layouts: Sequence[Layout]) -> HeaderMatch | None:
    """The best layout for this row taken as a header row, or None when no layout fits."""
    key = tuple(normalize_header(c) for c in cells)
    position: dict[str, int] = {}
    for index, name in enumerate(key):
        if name:
            position.setdefault(name, index)
    best: HeaderMatch | None = None
    for layout in layouts:
        columns = {}
        for field, names in layout.headers.items():
            found = next((position[n] for n in names if n in position), None)
            if found is not None:
                columns[field] = found
        if all(f in columns for f in layout.required) and (
            best is None or len(columns) > len(best.columns)
        ):
            best = HeaderMatch(layout, columns, key)
    return best


def expected_layouts(layouts: Sequence[Layout]) -> str:
    return "; ".join(layout.describe() for layout in layouts)
