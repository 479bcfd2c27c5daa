"""Does levelling a tilted scan before OCR pay? The scanned corpus at several tilts, read twice:
with every page levelled (`deskew.MIN_SKEW` as shipped) and with pages read as they are.

    .venv/bin/python -m bench.scans.tilt [--angles 0.3 0.6 1 1.5 2 3] [--per-layout N] [--seed N]

Levelling costs a rotation of the 300-dpi page; Tesseract finds text lines on a slightly tilted
page by itself. This sweep is the evidence for `MIN_SKEW` (below it a page is read as it is). On
2026-12-06 (`--per-layout 3`, bicubic levelling): at 0.6 deg reading as is scored on par with
levelling (F1 0.989 vs 0.981, from 0.953 vs 0.959, but 23 leaks against 10); at 1.0 deg it was far
worse (F1 0.875 vs 0.954, from 0.774 vs 0.912). So pages are levelled from a small tilt on, and the
rotation was made cheap instead (`leptonica`). No OCR cache is used (the straightening is part of
what is measured, and a cached reading would hide it); pages/s is wall time with every core busy.
Prints boundary F1 and field accuracy per tilt and way of reading.

Levelled with Leptonica (2026-12-06/07, `bench.scans.score --per-layout 3 --angle A [--smooth]`,
318 messages; F1 / from / sent_at / subject):

    tilt  stepped (nearest-neighbour)   smooth (bicubic, --smooth)
    0.6   0.987 0.950 0.981 0.962
    1.0   0.964 0.928 0.950 0.934
    2.0   0.959 0.909 0.947 0.909       0.979 0.950 0.972 0.956
    3.0   0.919 0.846 0.899 0.849       0.948 0.912 0.937 0.915

A smooth scan holds issue 6's targets (F1 0.95, fields 0.93) to 2°; a stepped one, as a bitonal
scan is, from about 1° misses them on From. At 3° both fall: Notes headers, and Gmail messages
that run across a page break are cut there (the page is taken to end early).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.scans.score import score_scans
from bench.splitter.corpus import SEED, build_corpus
from pipelines.extract import deskew
from pipelines.extract.ocr import OcrPool

ANGLES = (0.3, 0.6, 1.0, 1.5, 2.0, 3.0)
NEVER = 90.0  # a MIN_SKEW no small tilt reaches: every page read as it is
WAYS = {"levelled": deskew.MIN_SKEW, "as is": NEVER}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--angles", type=float, nargs="+", default=list(ANGLES))
    parser.add_argument("--per-layout", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dpi", type=int, default=200, help="scan resolution")
    parser.add_argument(
        "--smooth", action="store_true", help="tilt by bicubic rotation, not nearest-neighbour"
    )
    args = parser.parse_args(argv)
    shipped = deskew.MIN_SKEW
    print(
        f"{'tilt':>5} {'read':<9}{'pages/s':>8}{'F1':>7}{'from':>7}{'sent_at':>8}"
        f"{'subject':>8}{'to':>7}{'leaks':>6}"
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            documents = build_corpus(Path(folder) / "text", args.seed, args.per_layout)
            for angle in args.angles:
                for way, min_skew in WAYS.items():
                    deskew.MIN_SKEW = min_skew  # read by `straighten` at every call
                    started = time.perf_counter()
                    with OcrPool(None) as pool:
                        tallies, pages = score_scans(
                            documents, Path(folder), pool, args.dpi, angle, smooth=args.smooth
                        )
                    rate = pages / (time.perf_counter() - started)
                    total = tallies["all"]
                    print(
                        f"{angle:>5.1f} {way:<9}{rate:>8.2f}{total.f1:>7.3f}"
                        f"{total.accuracy('from'):>7.3f}{total.accuracy('sent_at'):>8.3f}"
                        f"{total.accuracy('subject'):>8.3f}{total.accuracy('to'):>7.3f}"
                        f"{total.leaks:>6}",
                        flush=True,
                    )
    finally:
        deskew.MIN_SKEW = shipped
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
