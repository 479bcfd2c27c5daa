"""The whole benchmark: records-audit against the limits of its parts, side by side in one run.

    .venv/bin/python -m bench.pipeline            # full sizes (10,000 pages, 1 GB mbox), ~10 min
    .venv/bin/python -m bench.pipeline --quick    # small sizes, ~1 min

Every stage runs in its own process (bench.stage) so peak RSS is per stage. Throughputs are compared
as ratios to baselines measured in the same run on the same files, never to fixed timings, because
the machine is shared and noisy. Results go to stdout and to BENCHMARKS.md (--write).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from bench.corpus import build
from bench.mail.mbox_memory import cpu_rate, generate, measure, rate
from bench.splitter import speed
from pipelines.extract.ocr import to_pgm
from pipelines.extract.pdf import render_for_ocr
from pipelines.settings import PROJECT_ROOT

CACHE = Path("/tmp/records-audit-bench")


@dataclass
class Measure:
    stage: str
    seconds: float
    items: int
    unit: str
    peak_rss_mb: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else float("inf")


STAGE_TIMEOUT_S = 600


def stage(name: str, *paths: Path) -> Measure:
    """Run one stage in its own process; a stage over STAGE_TIMEOUT_S is stopped and reported."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bench.stage", name, *map(str, paths)],
            capture_output=True,
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
            timeout=STAGE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return Measure(name, float("inf"), 0, "items", float("nan"))
    return Measure(**json.loads(out.stdout.strip().splitlines()[-1]))


@dataclass
class Row:
    what: str
    value: str
    target: str
    ok: bool | None


def _fmt(m: Measure) -> str:
    rate = f"{m.rate:,.0f}" if m.rate >= 10 else f"{m.rate:.2f}"
    return f"{rate} {m.unit}/s ({m.items:,} in {m.seconds:.2f}s, peak {m.peak_rss_mb:,.0f} MB)"


def pdf_section(pages: int) -> list[Row]:
    corpus = build(CACHE, pages=pages)
    base = stage("pdftotext", *corpus.pdfs)
    plumber = stage("pdfplumber_text", *corpus.pdfs)
    text_only = stage("pdfium_text", *corpus.pdfs)
    ours = stage("records_audit_pdf", *corpus.pdfs)
    overhead = ours.seconds / text_only.seconds - 1
    runs = speed.measure(rounds=7, per_layout=speed.DOCUMENTS_PER_LAYOUT, runs=3)[1]
    split = speed.median(runs).share
    return [
        Row("pdftotext (baseline)", _fmt(base), "", None),
        Row("pdfplumber extract_text (baseline)", _fmt(plumber), "", None),
        Row("PDFium text only", _fmt(text_only), "", None),
        Row("records-audit PDF (text + split)", _fmt(ours), "", None),
        Row(
            "  ratio to pdftotext",
            f"{ours.rate / base.rate:.2f}",
            ">= 0.30",
            ours.rate / base.rate >= 0.30,
        ),
        Row(
            "  ratio to pdfplumber",
            f"{ours.rate / plumber.rate:.1f}x",
            ">= 20x",
            ours.rate / plumber.rate >= 20,
        ),
        Row(
            "  reader time added to PDFium text (split, redactions, rows)",
            f"{overhead:.0%}",
            "",
            None,
        ),
        Row(
            "  splitter time added to PDFium text (bench.splitter.speed, CPU time)",
            f"{split:.0%}",
            "<= 25%",
            split <= speed.BUDGET,
        ),
    ]


def mbox_section(megabytes: int) -> list[Row]:
    """The mbox benchmark of bench.mail.mbox_memory (reader writing real staging), same file."""
    path = CACHE / f"mbox-{megabytes}mb.mbox"
    generate(path, megabytes)
    base, ours = measure("stdlib", path), measure("records", path)
    ratio = rate(ours) / rate(base)
    cpu_ratio = cpu_rate(ours) / cpu_rate(base)
    return [
        Row(
            f"mailbox.mbox parse, {megabytes} MB (baseline)",
            f"{rate(base):,.0f} messages/s, peak {base['peak_rss_mb']:,.0f} MB",
            "",
            None,
        ),
        Row(
            "records-audit mbox (rows, attachments, Parquet)",
            f"{rate(ours):,.0f} messages/s, peak {ours['peak_rss_mb']:,.0f} MB",
            "",
            None,
        ),
        Row("  ratio to stdlib", f"{ratio:.2f}", ">= 0.5", ratio >= 0.5),
        Row(
            "  ratio to stdlib in CPU time (steadier on a busy machine)",
            f"{cpu_ratio:.2f}",
            "",
            None,
        ),
        Row(
            "  peak RSS", f"{ours['peak_rss_mb']:,.0f} MB", "< 1024 MB", ours["peak_rss_mb"] < 1024
        ),
    ]


def ocr_section(scans: int) -> list[Row]:
    corpus = build(CACHE, pages=scans, scans=scans)  # enough printed pages to scan `scans` of them
    images = CACHE / f"pgm-p{scans}-s{scans}"
    if not images.is_dir():
        images.mkdir(parents=True)
        document = pdfium.PdfDocument(corpus.scans)
        for index in range(len(document)):
            gray = render_for_ocr(document[index])
            (images / f"{index:04d}.pgm").write_bytes(to_pgm(gray))
        document.close()
    base = stage("tesseract_cli", images)
    ours = stage("records_audit_pdf", corpus.scans)
    ratio = ours.rate / base.rate
    return [
        Row(f"tesseract CLI alone, {scans} pages, 2 processes (baseline)", _fmt(base), "", None),
        Row("records-audit scanned PDF (render + OCR + split)", _fmt(ours), "", None),
        Row("  ratio to tesseract alone", f"{ratio:.2f}", ">= 0.85", ratio >= 0.85),
    ]


def run_section(small: int, large: int) -> list[Row]:
    rows, runs = [], {}
    for pages in (small, large):
        corpus = build(CACHE, pages=pages)
        warehouse = CACHE / f"warehouse-{pages}"
        shutil.rmtree(warehouse, ignore_errors=True)
        runs[pages] = stage("records_audit_run", corpus.raw, warehouse)
        rows.append(
            Row(
                f"records-audit run, {pages:,} pages (fresh)",
                f"{runs[pages].seconds:.1f}s, peak {runs[pages].peak_rss_mb:,.0f} MB",
                "",
                None,
            )
        )
    growth = runs[large].seconds / runs[small].seconds
    bound = 1.1 * large / small
    rows.append(
        Row(
            f"  growth {small:,} -> {large:,} pages",
            f"{growth:.1f}x",
            f"<= {bound:.0f}x",
            growth <= bound,
        )
    )
    again = stage("records_audit_run", build(CACHE, pages=large).raw, CACHE / f"warehouse-{large}")
    rows.append(
        Row("  nightly run, nothing new", f"{again.seconds:.1f}s", "< 15 s", again.seconds < 15)
    )
    return rows


def sql_section(messages: int) -> list[Row]:
    """sql/models over a synthetic warehouse: the metrics layer on its own (issue 9's < 5 s; the
    models upstream of it built untimed first, see bench.stage.METRICS_LAYER), then every model
    end to end, reported without a target (dedup, models 20-24, has its own target elsewhere)."""
    count = CACHE / str(messages)
    count.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, what, target in (
        (
            "sql_metrics_layer",
            f"metrics layer (models 41, 46, 47, 50, 61, 62, 90-92) over {messages:,} synthetic messages,"
            " upstream built untimed",
            "< 5 s",
        ),
        ("sql_models_all", f"all sql/models over {messages:,} synthetic messages", ""),
    ):
        database = CACHE / f"{name}.duckdb"
        database.unlink(missing_ok=True)
        m = stage(name, database, count)
        database.unlink(missing_ok=True)
        if m.seconds == float("inf"):
            value, ok = f"stopped after {STAGE_TIMEOUT_S} s", False
        else:
            value, ok = f"{m.seconds:.1f}s, process peak {m.peak_rss_mb:,.0f} MB", m.seconds < 5
        rows.append(Row(what, value, target, ok if target else None))
    return rows


def render(rows: list[Row]) -> str:
    lines = ["| measure | result | target | met |", "|---|---|---|---|"]
    for r in rows:
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        lines.append(f"| {r.what} | {r.value} | {r.target} | {met} |")
    return "\n".join(lines)


def update_rows(markdown: str, rows: list[Row]) -> str:
    """BENCHMARKS.md with `rows` written over the table rows of the same label, for a run of some
    sections only (--only ... --write): every other row and the notes stay as they are. A row whose
    label is new goes after the last row it replaced, or at the end of the table."""
    lines = markdown.split("\n")
    fresh = dict(zip((r.what for r in rows), render(rows).split("\n")[2:], strict=True))
    labels = [
        line.split(" | ")[0].removeprefix("| ") if line.startswith("| ") else None for line in lines
    ]
    table_end = max(i for i, line in enumerate(lines) if line.startswith("|")) + 1
    replaced = [i for i, label in enumerate(labels) if label in fresh]
    for i in replaced:
        lines[i] = fresh.pop(labels[i])
    at = replaced[-1] + 1 if replaced else table_end
    return "\n".join(lines[:at] + list(fresh.values()) + lines[at:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument("--only", choices=["pdf", "mbox", "ocr", "run", "sql"], action="append")
    args = parser.parse_args()
    quick = args.quick
    sections = {
        "pdf": lambda: pdf_section(300 if quick else 1000),
        "mbox": lambda: mbox_section(20 if quick else 1024),
        "ocr": lambda: ocr_section(4 if quick else 20),
        "run": lambda: run_section(100 if quick else 1000, 1000 if quick else 10000),
        "sql": lambda: sql_section(100_000 if quick else 1_000_000),
    }
    rows: list[Row] = []
    for name, section in sections.items():
        if args.only and name not in args.only:
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        found = section()
        print(render(found), file=sys.stderr, flush=True)  # each section as soon as it is measured
        rows += found
    table = render(rows)
    print(table)
    benchmarks = PROJECT_ROOT / "BENCHMARKS.md"
    if args.write and args.only and benchmarks.is_file():
        benchmarks.write_text(update_rows(benchmarks.read_text(encoding="utf-8"), rows))
    elif args.write:
        command = "python -m bench.pipeline" + (" --quick" if quick else "")
        benchmarks.write_text(
            "# Benchmarks\n\n"
            f"Reproduce with `.venv/bin/{command} --write` (corpora are generated and cached under "
            f"{CACHE}). Machine: {platform.machine()}, {platform.python_version()}, 2 cores shared.\n"
            "Throughputs are compared with baselines measured in the same run on the same files.\n\n"
            f"{table}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
