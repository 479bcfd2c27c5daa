"""Score the whole scanned path: the labelled printed-email corpus, scanned (rendered to grayscale,
skewed, noised, JPEG-compressed, wrapped as image-only PDFs), then OCR and the splitter.

    .venv/bin/python -m bench.scans.score [--per-layout N] [--seed N] [--dpi 200] [--angle 0.6] [--errors]
        [--cache DIR | --no-cache]

`--errors` lists every true message missed or read wrong, with what was read. OCR results are cached
by page image under `bench/out/ocr-cache/` (as the pipeline caches them), so re-scoring after a
splitter-only change does not OCR again; `--no-cache` OCRs every page.

Same truth and the same scoring as bench.splitter.score; targets from the scans issue: boundary F1
>= 0.95 and from/sent_at/subject accuracy >= 0.93. Prints OCR pages/s as well.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.splitter.corpus import SEED, CorpusDocument, build_corpus
from bench.splitter.score import FIELDS, Tally, score_document, table
from pipelines.extract.ocr import OcrPool
from pipelines.extract.pdf import read_pages
from pipelines.printed import PrintedResult, split_printed
from pipelines.settings import Limits
from tests.factories.scans import scan_pdf

CACHE = Path("bench/out/ocr-cache")
SCAN_ANGLE = 0.6  # degrees a scanned page is tilted by, as tests.factories.scans
TARGETS = {"boundary_f1": 0.95, "from": 0.93, "sent_at": 0.93, "subject": 0.93}


def _details(document: CorpusDocument, result: PrintedResult, misses: list[str]) -> list[str]:
    """`misses` (from score_document) with, for each, what the print shows and what was read."""
    if not misses:
        return []
    lines = []
    read = [
        f"    read: p{m.page_start}-{m.page_end} q={int(m.is_quoted)} from={m.from_name!r} "
        f"<{m.from_address}> sent={m.sent_at_text!r} subject={m.subject!r} "
        f"first={next((x for x in m.body.splitlines() if x.strip()), '')[:50]!r}"
        for m in result.messages
    ]
    for miss in misses:
        lines.append(miss)
    for truth in document.messages:
        shown = truth.shown
        lines.append(
            f"    true: p{truth.page_start}-{truth.page_end} q={int(truth.is_quoted)} "
            f"from={shown.from_name!r} <{shown.from_address}> sent={shown.sent_text!r} "
            f"subject={shown.subject!r} first={shown.first_line[:50]!r}"
        )
    return [*lines, *read]


def score_scans(
    documents: list[CorpusDocument],
    folder: Path,
    pool: OcrPool,
    dpi: int,
    angle: float = SCAN_ANGLE,
    misses: list[str] | None = None,
    smooth: bool = False,
) -> tuple[dict[str, Tally], int]:
    """Scan each corpus PDF (tilted by `angle` degrees, alternate pages either way; `smooth`: see
    `scan_pdf`), read it through OCR and the splitter, and score it: tallies per layout and for
    `all`, and pages read."""
    tallies: dict[str, Tally] = {}
    pages = 0
    for number, document in enumerate(documents):
        scanned = folder / f"scan_{document.path.name}"
        scan = scan_pdf(
            document.path.read_bytes(), dpi=dpi, angle=angle, seed=number, smooth=smooth
        )
        scanned.write_bytes(scan)
        read = read_pages(scanned, Limits(), pool)
        pages += len(read.pages)
        result = split_printed(document.path.name, read.pages, "pdf_ocr")
        found: list[str] | None = [] if misses is not None else None
        tallies.setdefault(document.layout, Tally()).add(score_document(document, result, found))
        if misses is not None and found:
            misses.extend(_details(document, result, found))
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    tallies["all"] = total
    return tallies, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-layout", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dpi", type=int, default=200, help="scan resolution")
    parser.add_argument(
        "--angle", type=float, default=SCAN_ANGLE, help="degrees each scanned page is tilted by"
    )
    parser.add_argument(
        "--smooth", action="store_true", help="tilt by bicubic rotation, not nearest-neighbour"
    )
    parser.add_argument("--errors", action="store_true", help="list every message missed or wrong")
    parser.add_argument("--cache", type=Path, default=CACHE, help="OCR cache folder")
    parser.add_argument("--no-cache", action="store_true", help="OCR every page")
    args = parser.parse_args(argv)
    misses: list[str] | None = [] if args.errors else None
    with tempfile.TemporaryDirectory() as folder:
        documents = build_corpus(Path(folder) / "text", args.seed, args.per_layout)
        started = time.perf_counter()
        with OcrPool(None if args.no_cache else args.cache) as pool:
            tallies, pages = score_scans(
                documents, Path(folder), pool, args.dpi, args.angle, misses, args.smooth
            )
        seconds = time.perf_counter() - started
    total = tallies["all"]
    if misses:
        print("\n".join(misses))
    print(f"scanned corpus: {len(documents)} PDFs, {pages} pages, {pages / seconds:.2f} pages/s")
    print(table(tallies))
    values = {"boundary_f1": total.f1, **{name: total.accuracy(name) for name in FIELDS}}
    met = {name: values[name] >= target for name, target in TARGETS.items()}
    print("targets: " + ", ".join(f"{n} {'met' if ok else 'NOT met'}" for n, ok in met.items()))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
