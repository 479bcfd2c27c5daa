"""What the printed-email splitter adds to plain text extraction, counted by callgrind instead of timed.

    .venv/bin/python -m bench.splitter.counts [--per-layout N]

`bench.splitter.speed` times the splitter against PDFium's text on this shared machine, where the
same build's figure moves by ten points from one run to the next (the splitter's Python slows
more than PDFium's C when the host is busy). This runs the same two workloads, `plain text` and
`text + split` over the same corpus, under valgrind's callgrind, which counts what the CPU is
asked to do rather than how long it took: instructions, and the misses of a simulated cache and
branch predictor. The counts are the same from run to run whatever else the machine is doing
(hash randomisation is fixed), so a change to the splitter shows as a difference of a fraction
of a percent where timing cannot resolve five.

Each workload runs in its own process once with one pass over the corpus and once with two; the
difference is one pass with the process warm (imports, compiled patterns, fonts), as the fastest
of `speed`'s rounds is. Reported per pass: instructions, and simulated cycles estimated as
instructions + 10 x (L1 misses + branch mispredictions) + 100 x last-level misses, the
weights callgrind's viewer KCachegrind uses. The estimate is a model, not the target: the target
(at most 25% added time) is `speed`'s, and time depends on the machine. Needs valgrind (Debian
package `valgrind`); four processes, about three minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.splitter.corpus import DOCUMENTS_PER_LAYOUT, SEED, build_corpus
from bench.splitter.speed import BUDGET, PLAIN, RUNS, SPLIT
from pipelines.printed import BUILD, clear_caches

_EVENTS = {
    "I   refs": "instructions",
    "I1  misses": "l1_instruction_misses",
    "D1  misses": "l1_data_misses",
    "LL misses": "last_level_misses",
    "Mispredicts": "branch_mispredictions",
}


@dataclass(frozen=True)
class Counts:
    instructions: int
    l1_instruction_misses: int
    l1_data_misses: int
    last_level_misses: int
    branch_mispredictions: int

    def __sub__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, name) - getattr(other, name) for name in _EVENTS.values()))

    @property
    def cycles(self) -> int:
        """Simulated cycles (KCachegrind's estimate, with branches)."""
        misses = self.l1_instruction_misses + self.l1_data_misses + self.branch_mispredictions
        return self.instructions + 10 * misses + 100 * self.last_level_misses


def parse_summary(text: str) -> Counts:
    """The totals callgrind prints when the program ends (`==pid== I   refs: 1,234`)."""
    found = {}
    for label, name in _EVENTS.items():
        match = re.search(re.escape(label) + r":\s+([\d,]+)", text)
        if match is None:
            raise RuntimeError(f"callgrind printed no {label!r} total:\n{text[-2000:]}")
        found[name] = int(match.group(1).replace(",", ""))
    return Counts(**found)


def counted(run: str, passes: int, folder: Path) -> Counts:
    """Totals of a process that makes `passes` passes of `run` over the PDFs in `folder`."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=yes",
        "--branch-sim=yes",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.splitter.counts",
        "--inner",
        run,
        str(passes),
        str(folder),
    ]
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    return parse_summary(done.stderr)


def inner(run: str, passes: int, folder: Path) -> None:
    """The counted process: `passes` passes over the corpus, caches emptied before each, as
    `speed` empties them before each round."""
    paths = sorted(folder.glob("*.pdf"))
    for _ in range(passes):
        clear_caches()
        for path in paths:
            RUNS[run](path)


def measure(per_layout: int) -> tuple[int, dict[str, Counts]]:
    """Pages, and per workload the counts of one warm pass over them."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        documents = build_corpus(folder, SEED, per_layout)
        jobs = [(run, passes) for run in (PLAIN, SPLIT) for passes in (1, 2)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            totals = dict(zip(jobs, pool.map(lambda job: counted(*job, folder), jobs), strict=True))
    per_pass = {run: totals[run, 2] - totals[run, 1] for run in (PLAIN, SPLIT)}
    return sum(document.pages for document in documents), per_pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-layout", type=int, default=DOCUMENTS_PER_LAYOUT)
    parser.add_argument(
        "--inner", nargs=3, metavar=("RUN", "PASSES", "FOLDER"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.inner:
        run, passes, folder = args.inner
        inner(run, int(passes), Path(folder))
        return 0
    pages, per_pass = measure(args.per_layout)
    print(f"corpus: {pages} pages; one warm pass each, counted by callgrind (PYTHONHASHSEED=0)")
    print(f"splitter build: {BUILD}")
    base, split = per_pass[PLAIN], per_pass[SPLIT]
    for name, counts in per_pass.items():
        print(
            f"{name:<14}{counts.instructions / pages:>12,.0f} instructions/page"
            f"{counts.cycles / pages:>12,.0f} simulated cycles/page"
        )
    print(
        f"splitter adds {split.instructions / base.instructions - 1:.1%} instructions and "
        f"{split.cycles / base.cycles - 1:.1%} simulated cycles to plain text extraction "
        f"(the timed budget is {BUDGET:.0%}: bench.splitter.speed)"
    )
    extra = split - base
    print(
        "of what it adds: "
        f"{extra.l1_instruction_misses / pages:,.0f} L1 instruction misses, "
        f"{extra.l1_data_misses / pages:,.0f} L1 data misses, "
        f"{extra.branch_mispredictions / pages:,.0f} branch mispredictions a page"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
