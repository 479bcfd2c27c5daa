"""OCR for pages without a usable text layer, with the `tesseract` command.

Pages are rendered by PDFium to 8-bit grayscale and handed to Tesseract as a PGM on stdin: no PNG
encoding (which cost more than the OCR itself on noisy scans) and no temporary files. Each Tesseract
runs single-threaded (OMP_THREAD_LIMIT=1) and we run one per core, which is faster in total than one
multi-threaded Tesseract. Results are cached by the sha256 of the page image, so a page is never
OCR'd twice, even when the same scan arrives in another release.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

OCR_DPI = 300
TESSERACT = "tesseract"
MIN_TEXT_CHARS = 25  # fewer visible characters than this on a page means "no usable text layer"
_PROSE = ".,:;@()<>-/'\""  # the punctuation of ordinary text, besides letters and digits
_ASCII = [chr(code) for code in range(128)]
_ASCII_SPACE = "".join(c for c in _ASCII if c.isspace()).encode()
_ASCII_READABLE = "".join(c for c in _ASCII if c.isspace() or c.isalnum() or c in _PROSE).encode()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
TIMEOUT_S = 300
CACHE_VERSION = 2  # bump when OcrResult changes, so older cache entries are not served


PixelBox = tuple[int, int, int, int]  # left, top, right, bottom in image pixels (y grows downward)


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed: pages are marked needs_ocr and the run goes on."""


@dataclass(frozen=True)
class OcrResult:
    """Page text, mean word confidence (0-100), and where each character of the text sits.

    `boxes` maps a character offset in `text` to its box in image pixels (interpolated within the
    word Tesseract found), so that the splitter can pair header labels with values by position on
    scans as it does on text layers.
    """

    text: str
    confidence: float | None
    boxes: dict[int, PixelBox] = field(default_factory=dict)

    def boxes_in_points(
        self, dpi: int, page_height: float
    ) -> dict[int, tuple[float, float, float, float]]:
        """Boxes as PDFium reports characters: points, origin bottom-left."""
        scale = 72.0 / dpi
        return {
            offset: (
                left * scale,
                page_height - bottom * scale,
                right * scale,
                page_height - top * scale,
            )
            for offset, (left, top, right, bottom) in self.boxes.items()
        }


def tesseract_available() -> bool:
    return shutil.which(TESSERACT) is not None


def needs_ocr(text: str, has_image: bool) -> bool:
    """No text layer, or too little text for a page that carries a scan, or text that is garbage.

    This runs on every page: a Python loop over the characters cost a third of the time of
    extracting the text, so ASCII is counted by `bytes.translate` and only other characters
    one by one.
    """
    ascii_part = text.encode("ascii", "ignore")
    others = _NON_ASCII.findall(text) if len(ascii_part) < len(text) else []
    visible = len(ascii_part.translate(None, _ASCII_SPACE)) + sum(not c.isspace() for c in others)
    if visible < MIN_TEXT_CHARS:
        return has_image or not visible
    unreadable = len(ascii_part.translate(None, _ASCII_READABLE)) + sum(
        not (c.isspace() or c.isalnum()) for c in others
    )
    return unreadable / visible > 0.4


def to_pgm(gray: np.ndarray) -> bytes:
    height, width = gray.shape
    return (
        b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(gray, dtype=np.uint8).tobytes()
    )


def _join_words(
    lines: dict[tuple[int, int, int, int], list[tuple[str, PixelBox]]],
) -> tuple[str, dict[int, PixelBox]]:
    """Lines of words to text, keeping each character's box. Tesseract often sees a gap on either
    side of "@" and splits an address in two: no space is put next to an "@"."""
    parts: list[str] = []
    boxes: dict[int, PixelBox] = {}
    offset = 0
    for number, (_, words) in enumerate(sorted(lines.items())):
        if number:
            parts.append("\n")
            offset += 1
        previous = ""
        for index, (word, (left, top, right, bottom)) in enumerate(words):
            if index and not (word.startswith("@") or previous.endswith("@")):
                parts.append(" ")
                offset += 1
            width = (right - left) / len(word)
            for position in range(len(word)):
                x0 = round(left + position * width)
                boxes[offset + position] = (x0, top, round(x0 + width), bottom)
            parts.append(word)
            offset += len(word)
            previous = word
    return "".join(parts), boxes


def _text_from_tsv(tsv: str) -> OcrResult:
    lines: dict[tuple[int, int, int, int], list[tuple[str, PixelBox]]] = {}
    confidences = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        key = (
            int(row["page_num"]),
            int(row["block_num"]),
            int(row["par_num"]),
            int(row["line_num"]),
        )
        left, top = int(row["left"]), int(row["top"])
        box = (left, top, left + int(row["width"]), top + int(row["height"]))
        lines.setdefault(key, []).append((word, box))
        confidence = float(row["conf"])
        if confidence >= 0:
            confidences.append(confidence)
    text, boxes = _join_words(lines)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text, mean, boxes)


def ocr_pgm(pgm: bytes, dpi: int = OCR_DPI) -> OcrResult:
    """One page image through Tesseract (automatic page segmentation with orientation detection)."""
    if not tesseract_available():
        raise OcrUnavailable("tesseract not found on PATH: install Debian package tesseract-ocr")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    completed = subprocess.run(
        [TESSERACT, "stdin", "stdout", "--dpi", str(dpi), "--psm", "1", "-l", "eng", "tsv"],
        input=pgm,
        capture_output=True,
        env=env,
        timeout=TIMEOUT_S,
        check=False,
    )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed: {message[-1] if message else completed.returncode}")
    return _text_from_tsv(completed.stdout.decode("utf-8", "replace"))


class OcrPool:
    """Runs OCR jobs one per core, with a cache keyed by the page image's sha256.

    Threads only wait on Tesseract processes, so a thread per core keeps every core busy without
    the pickling cost of a process pool.
    """

    def __init__(self, cache_dir: Path | None, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.executor = ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1)

    def _cache_path(self, digest: str) -> Path | None:
        if not self.cache_dir:
            return None
        return self.cache_dir / f"v{CACHE_VERSION}" / digest[:2] / f"{digest}.json"

    def _run(self, pgm: bytes, digest: str) -> OcrResult:
        path = self._cache_path(digest)
        if path and path.is_file():
            stored = json.loads(path.read_text(encoding="utf-8"))
            boxes = {int(k): tuple(v) for k, v in stored.get("boxes", {}).items()}
            return OcrResult(stored["text"], stored["confidence"], boxes)
        result = ocr_pgm(pgm)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(result)), encoding="utf-8")
            os.replace(tmp, path)
        return result

    def submit(self, gray: np.ndarray) -> Future[OcrResult]:
        pgm = to_pgm(gray)
        return self.executor.submit(self._run, pgm, hashlib.sha256(pgm).hexdigest())

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
