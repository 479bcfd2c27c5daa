"""Bates reading: of the pages the labelled corpus stamps with a Bates number, how many had their
number read exactly (`PrintedResult.page_bates`).

    .venv/bin/python -m bench.scans.bates [--per-layout N] [--seed N] [--scanned] [--errors]

Every corpus page carries `<prefix><6 digits>` (the prefix is the first furniture string the corpus
records; numbers run on from the first page's). The truth is read from the PDF's own text layer by
that prefix, independently of the splitter's furniture code. `--scanned` scores the scanned copies
as well (OCR through the same cache as bench.scans.score). Target (scans issue): every stamped
page's number read on the text-layer corpus.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from bench.scans.score import CACHE
from bench.splitter.corpus import SEED, CorpusDocument, build_corpus
from pipelines.extract.ocr import OcrPool
from pipelines.extract.pdf import read_pages
from pipelines.printed import split_printed
from pipelines.settings import Limits
from tests.factories.scans import scan_pdf


def stamped(document: CorpusDocument) -> dict[int, str]:
    """Page number -> the Bates number stamped on it, from the text layer."""
    prefix = document.furniture[0]
    pattern = re.compile(re.escape(prefix) + r"\s*(\d{6})")
    pdf = pdfium.PdfDocument(document.path)
    try:
        first_page = pdf[0]
        textpage = first_page.get_textpage()
        found = pattern.search(textpage.get_text_range())
        textpage.close()
        first_page.close()
    finally:
        pdf.close()
    if found is None:
        return {}
    first = int(found.group(1))
    return {page: f"{prefix}{first + page - 1:06d}" for page in range(1, document.pages + 1)}


def _same(read: str | None, truth: str) -> bool:
    return read is not None and " ".join(read.split()) == truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-layout", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scanned", action="store_true", help="score the scanned copies too")
    parser.add_argument("--dpi", type=int, default=200, help="scan resolution")
    parser.add_argument("--errors", action="store_true", help="list every page misread")
    args = parser.parse_args(argv)
    kinds = ["text layer", *(["scanned"] if args.scanned else [])]
    counts = {kind: [0, 0] for kind in kinds}  # read right, stamped
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as folder, OcrPool(CACHE) as pool:
        documents = build_corpus(Path(folder) / "text", args.seed, args.per_layout)
        for number, document in enumerate(documents):
            truth = stamped(document)
            sources: dict[str, Path] = {"text layer": document.path}
            if args.scanned:
                scanned = Path(folder) / f"scan_{document.path.name}"
                data = scan_pdf(document.path.read_bytes(), dpi=args.dpi, seed=number)
                scanned.write_bytes(data)
                sources["scanned"] = scanned
            for kind, path in sources.items():
                read = read_pages(path, Limits(), pool if kind == "scanned" else None)
                result = split_printed(document.path.name, read.pages, "pdf_print")
                for page, bates in truth.items():
                    got = result.page_bates.get(page)
                    counts[kind][1] += 1
                    if _same(got, bates):
                        counts[kind][0] += 1
                    else:
                        misses.append(
                            f"{kind}: {document.path.name} p{page}: {bates!r} read {got!r}"
                        )
    if args.errors and misses:
        print("\n".join(misses))
    for kind, (right, total) in counts.items():
        share = right / total if total else 0.0
        print(f"Bates read ({kind}): {right}/{total} stamped pages = {share:.3f}")
    return 0 if counts["text layer"][0] == counts["text layer"][1] else 1


if __name__ == "__main__":
    raise SystemExit(main())
