"""Score the whole scanned path: the labelled printed-email corpus, scanned (rendered to grayscale,
skewed, noised, JPEG-compressed, wrapped as image-only PDFs), then OCR and the splitter.

    .venv/bin/python -m bench.scans.score [--per-layout N] [--seed N] [--dpi 200]

Same truth and the same scoring as bench.splitter.score; targets from the scans issue: boundary F1
>= 0.95 and from/sent_at/subject accuracy >= 0.93. Prints OCR pages/s as well.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.splitter.corpus import SEED, build_corpus
from bench.splitter.score import FIELDS, Tally, score_document, table
from pipelines.extract.ocr import OcrPool
from pipelines.extract.pdf import read_pages
from pipelines.printed import split_printed
from pipelines.settings import Limits
from tests.factories.scans import scan_pdf

TARGETS = {"boundary_f1": 0.95, "from": 0.93, "sent_at": 0.93, "subject": 0.93}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-layout", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dpi", type=int, default=200, help="scan resolution")
    args = parser.parse_args(argv)
    tallies: dict[str, Tally] = {}
    pages = 0
    with tempfile.TemporaryDirectory() as folder:
        documents = build_corpus(Path(folder) / "text", args.seed, args.per_layout)
        started = time.perf_counter()
        with OcrPool(None) as pool:
            for number, document in enumerate(documents):
                scanned = Path(folder) / f"scan_{document.path.name}"
                scanned.write_bytes(scan_pdf(document.path.read_bytes(), dpi=args.dpi, seed=number))
                read = read_pages(scanned, Limits(), pool)
                pages += len(read.pages)
                result = split_printed(document.path.name, read.pages, "pdf_ocr")
                tallies.setdefault(document.layout, Tally()).add(score_document(document, result))
        seconds = time.perf_counter() - started
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    tallies["all"] = total
    print(f"scanned corpus: {len(documents)} PDFs, {pages} pages, {pages / seconds:.2f} pages/s")
    print(table(tallies))
    values = {"boundary_f1": total.f1, **{name: total.accuracy(name) for name in FIELDS}}
    met = {name: values[name] >= target for name, target in TARGETS.items()}
    print("targets: " + ", ".join(f"{n} {'met' if ok else 'NOT met'}" for n, ok in met.items()))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
