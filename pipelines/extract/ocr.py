"""OCR for pages without a usable text layer, with the `tesseract` command.

Pages are rendered by PDFium to 8-bit grayscale and handed to Tesseract as a PGM on stdin (an
in-memory file): no PNG encoding (which cost more than the OCR itself on noisy scans) and no
temporary files on disk. Each Tesseract runs single-threaded (OMP_THREAD_LIMIT=1) and we run one
per core, which is faster in total than one multi-threaded Tesseract. Results are cached by the
sha256 of the page image, so a page is never OCR'd twice, even when the same scan arrives in
another release.

Before OCR a page is straightened (`deskew`): levelled when tilted, and turned upright when a poor
first reading and Tesseract's orientation detection say it lies sideways or upside down. Character
boxes are reported on the straightened page, where labels and values line up in columns as they
were printed; `OcrResult.boxes_on_source` maps them back onto the page image as rendered.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

from pipelines.extract.deskew import (
    DESKEW_VERSION,
    PixelBox,
    Straightened,
    lies_sideways,
    straighten,
    to_source,
)

OCR_DPI = 300
TESSERACT = "tesseract"
MIN_TEXT_CHARS = 25  # fewer visible characters than this on a page means "no usable text layer"
_PROSE = ".,:;@()<>-/'\""  # the punctuation of ordinary text, besides letters and digits
_ASCII = [chr(code) for code in range(128)]
_ASCII_SPACE = "".join(c for c in _ASCII if c.isspace()).encode()
_ASCII_READABLE = "".join(c for c in _ASCII if c.isspace() or c.isalnum() or c in _PROSE).encode()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
TIMEOUT_S = 300
CACHE_VERSION = 4  # bump when what is cached changes, so older cache entries are not served
# Page segmentation: one column of text in lines of varying size. A printed email is one column;
# automatic segmentation (`--psm 1`/`3`) splits a memo header into a label block and a value block
# and misreads short isolated labels (`cc` over `Subject` came out as `ne`).
PSM = "4"
# A page read with a mean word confidence below this may lie sideways or upside down: ask OSD.
LOW_CONFIDENCE = 60.0
_MIN_OSD_CONFIDENCE = 2.0  # OSD's orientation confidence below this is a guess: keep the page


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
    # How the page image was straightened before it was read (see `deskew.Straightened`): the
    # counter-clockwise rotation in degrees, and the (width, height) of the image read and of the
    # image as rendered. Boxes are on the image read.
    rotation: float = 0.0
    size: tuple[int, int] | None = None
    source_size: tuple[int, int] | None = None

    def boxes_in_points(
        self, dpi: int, page_height: float, offsets: Iterable[int] | None = None
    ) -> dict[int, tuple[float, float, float, float]]:
        """Boxes (of every character, or of those at `offsets` that have one) as PDFium reports
        characters: points, origin bottom-left, on the straightened page. A page turned a quarter
        turn upright is as tall as the source was wide, so its own height is used then, not
        `page_height`."""
        scale = 72.0 / dpi
        if self.size is not None and 45 <= self.rotation % 180 < 135:
            page_height = self.size[1] * scale
        boxes = self.boxes
        if offsets is not None:
            boxes = {offset: boxes[offset] for offset in offsets if offset in boxes}
        return {
            offset: (
                left * scale,
                page_height - bottom * scale,
                right * scale,
                page_height - top * scale,
            )
            for offset, (left, top, right, bottom) in boxes.items()
        }

    def boxes_on_source(self) -> dict[int, PixelBox]:
        """Boxes mapped back onto the page image as rendered, before it was straightened (each the
        upright box holding the turned one)."""
        if not self.rotation or self.size is None or self.source_size is None:
            return dict(self.boxes)
        size, source = self.size, self.source_size
        return {k: to_source(box, self.rotation, size, source) for k, box in self.boxes.items()}


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


def _join_words(lines: list[list[tuple[str, PixelBox]]]) -> tuple[str, dict[int, PixelBox]]:
    """Lines of words to text, keeping each character's box. Tesseract often sees a gap on either
    side of "@" and splits an address in two: no space is put next to an "@"."""
    parts: list[str] = []
    boxes: dict[int, PixelBox] = {}
    offset = 0
    for number, words in enumerate(lines):
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


_HOCR_SPAN = re.compile(
    r"<span class='(?P<kind>ocr_line|ocrx_word|ocr_caption|ocr_header|ocr_textfloat)'"
    r"[^>]*title=[\"'](?P<title>[^\"']*)[\"'][^>]*>(?P<text>[^<]*)"
)
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_NUMBER = {key: re.compile(rf"{key} (-?[\d.]+)") for key in ("x_size", "x_descenders", "x_wconf")}


_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]*[I|][^\s<>()\[\]\"',;:]*@[^\s<>()\[\]\"',;:]+")
_OTHER_CAPITALS = re.compile(r"[A-HJ-Z]")
_SPECK_GAP = 0.75  # of the type size: words on a line stand closer than this (about 0.4)
# Immigration forms (`I-247A`, `I-203`, `I-213`, also in parentheses) with the `I` read as `|`, `!`,
# `\\`, `1` or `l`, sometimes behind a speck read as an underscore, a quote or a dash; and `|` alone,
# which prints as the pronoun `I` far more often than as a bar (unless it stands apart, `_apart`).
# The rules look for `I-247A`: these are read back.
_FORM_NUMBER = re.compile(r"^(\(?)[_\u2018\u2019'\u2014\u2013]*[|!\\1l](?=-2\d\d[A-Z]?(?![\w-]))")


def _repair(word: str) -> str:
    if word == "|":
        return "I"
    return _FORM_NUMBER.sub(r"\1I", word) if "-" in word else word


def _top_to_bottom(
    lines: list[list[tuple[str, PixelBox]]], extents: list[tuple[int, int]]
) -> list[list[tuple[str, PixelBox]]]:
    """Lines in reading order. Even reading one column (`--psm 4`), Tesseract now and then puts a
    run of lines out of place (a browser's print header in mid-page, a separator after the line
    below it), which cuts header blocks from their markers. Lines are ordered by their middles,
    top to bottom; lines sharing a row (a middle within the row's extent) keep Tesseract's order."""
    rows: list[list[int]] = []
    bottom = -1
    for index in sorted(range(len(lines)), key=lambda i: extents[i][0] + extents[i][1]):
        top, low = extents[index]
        if rows and (top + low) / 2 <= bottom:
            rows[-1].append(index)
            bottom = max(bottom, low)
        else:
            rows.append([index])
            bottom = low
    return [lines[index] for row in rows for index in sorted(row)]


def _address_ells(found: re.Match[str]) -> str:
    """An address with each `|` read back as `l`, and each `I` too when it is the only capital:
    in the sans-serif faces mail clients print in, the three are one stroke, and addresses are
    printed in lowercase (`<Ismith@...>` is `lsmith`). Same length, so character boxes still
    line up."""
    address = found.group(0).replace("|", "l")
    return address if _OTHER_CAPITALS.search(address) else address.replace("I", "l")


def _apart(words: list[tuple[str, PixelBox]], left: int, size: float) -> bool:
    """Does a word starting at `left` stand further from the word before it on its line than
    words are spaced (`_SPECK_GAP` of the type size)? A lone `|` that does is a speck or a rule
    between a label and its value (`Subject | RE: ...`), not the pronoun `I`."""
    return bool(words) and left - words[-1][1][2] > _SPECK_GAP * size


def _number(key: str, title: str, default: float) -> float:
    found = _NUMBER[key].search(title)
    return float(found.group(1)) if found else default


def _text_from_hocr(hocr: str) -> OcrResult:
    """Tesseract's hOCR to text and character boxes.

    A character's box runs across the word, and from the line's descender line up by the line's
    font size (`x_size`), the way PDFium reports a character's font box: every character of a line
    is as tall as the type it is set in, whichever letters the word has (a word box alone makes
    `Sergeant,` look taller than `released`, and a body line a heading)."""
    lines: list[list[tuple[str, PixelBox]]] = []
    extents: list[tuple[int, int]] = []  # each line's top and bottom
    confidences: list[float] = []
    baseline: tuple[float, float, float] = (0.0, 0.0, 0.0)  # left, y at left, slope
    size = descent = 0.0
    for span in _HOCR_SPAN.finditer(hocr):
        title = span.group("title")
        bbox = _BBOX.search(title)
        if bbox is None:
            continue
        left, top, right, bottom = (int(value) for value in bbox.groups())
        if span.group("kind") != "ocrx_word":
            lines.append([])
            extents.append((top, bottom))
            found = _BASELINE.search(title)
            slope, shift = (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
            baseline = (left, bottom + shift, slope)
            size = _number("x_size", title, bottom - top)
            descent = _number("x_descenders", title, 0.0)
            continue
        raw = html.unescape(span.group("text")).strip()
        if not raw or not lines or (raw == "|" and _apart(lines[-1], left, size)):
            continue
        word = _repair(raw)
        base = baseline[1] + baseline[2] * ((left + right) / 2 - baseline[0])
        low = round(base + descent)
        lines[-1].append((word, (left, round(low - size), right, low)))
        confidence = _number("x_wconf", title, -1.0)
        if confidence >= 0:
            confidences.append(confidence)
    text, boxes = _join_words([words for words in _top_to_bottom(lines, extents) if words])
    text = _ADDRESS.sub(_address_ells, text)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrResult(text, mean, boxes)


def _unnamed_file() -> IO[bytes]:
    """An in-memory file on Linux (memfd); elsewhere (macOS laptops) an unnamed temporary file."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("page"), "w+b")
    return tempfile.TemporaryFile()


def _tesseract(pgm: bytes, *args: str) -> str:
    if not tesseract_available():
        raise OcrUnavailable("tesseract not found on PATH: install Debian package tesseract-ocr")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # Stdin is an in-memory file rather than a pipe: subprocess feeds a pipe 4 KB a wake-up
    # (2,000 of them for a 300 dpi page), which cost 15-25 ms of CPU a page against 6 ms. And
    # Tesseract is given it as the file /dev/stdin, not as `stdin`, which it reads through C++
    # streams at ~0.2 s of CPU a page (a tenth of the OCR); the hOCR differs only in the image
    # name in the page's title.
    with _unnamed_file() as image:
        image.write(pgm)
        image.seek(0)
        completed = subprocess.run(
            [TESSERACT, "/dev/stdin", "stdout", *args],
            stdin=image,
            capture_output=True,
            env=env,
            timeout=TIMEOUT_S,
            check=False,
        )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed: {message[-1] if message else completed.returncode}")
    return completed.stdout.decode("utf-8", "replace")


def _hocr(pgm: bytes, dpi: int) -> str:
    return _tesseract(pgm, "--dpi", str(dpi), "--psm", PSM, "-l", "eng", "hocr")


def ocr_pgm(pgm: bytes, dpi: int = OCR_DPI) -> OcrResult:
    """One page image through Tesseract as it is (one column of lines, no orientation detection)."""
    return _text_from_hocr(_hocr(pgm, dpi))


def quarter_turns(gray: np.ndarray, dpi: int = OCR_DPI) -> int:
    """Counter-clockwise quarter turns that make the page upright, by Tesseract's orientation
    detection (`--psm 0`); 0 when it cannot tell or is not confident."""
    try:
        report = _tesseract(to_pgm(gray), "--dpi", str(dpi), "--psm", "0")
    except RuntimeError:
        return 0  # too little text for OSD to work on
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in report.splitlines())
    )
    try:
        rotate = int(fields.get("Rotate", "0"))
        confidence = float(fields.get("Orientation confidence", "0"))
    except ValueError:
        return 0
    if confidence < _MIN_OSD_CONFIDENCE:
        return 0
    return (-rotate // 90) % 4  # OSD's `Rotate` is clockwise


@dataclass(frozen=True)
class _Reading:
    """What the cache keeps of a page: Tesseract's hOCR and how the image read was straightened."""

    hocr: str
    rotation: float
    size: tuple[int, int]
    source_size: tuple[int, int]

    def result(self) -> OcrResult:
        read = _text_from_hocr(self.hocr)
        return OcrResult(
            read.text, read.confidence, read.boxes, self.rotation, self.size, self.source_size
        )


def _read(page: Straightened, dpi: int) -> _Reading:
    height, width = page.image.shape
    return _Reading(
        _hocr(to_pgm(page.image), dpi), page.rotation, (width, height), page.source_size
    )


def read_page_image(gray: np.ndarray, dpi: int = OCR_DPI) -> _Reading:
    """Straighten a page image and read it (see `read_straightened`)."""
    return read_straightened(gray, straighten(gray), dpi)


def read_straightened(gray: np.ndarray, level: Straightened, dpi: int = OCR_DPI) -> _Reading:
    """Read `level`, the page image `gray` levelled. A page whose reading is poor is asked of
    OSD, read again upright when OSD says it lies sideways or upside down (a page whose text lines
    run down the page and that OSD cannot place is tried both ways), and the best reading is kept.

    The page is always read as it lies first: `lies_sideways` also fires on upright pages with
    little text (two of seven benchmark pages), and trusting it cost an OSD pass and two readings
    of an upright page turned on its side, halving OCR throughput.
    """
    first = _read(level, dpi)
    if _confidence(first) >= LOW_CONFIDENCE:
        return first
    readings = [first]
    turns = quarter_turns(gray, dpi)
    if turns:
        readings.append(_read(straighten(gray, turns), dpi))
    elif lies_sideways(gray):
        readings.extend(_read(straighten(gray, way), dpi) for way in (1, 3))
    return max(readings, key=_confidence)


def _confidence(reading: _Reading) -> float:
    confidence = reading.result().confidence
    return -1.0 if confidence is None else confidence


class OcrPool:
    """Runs OCR jobs one per core, with a cache keyed by the page image's sha256.

    Threads only wait on Tesseract processes, so a thread per core keeps every core busy without
    the pickling cost of a process pool. A page is levelled on the thread that submits it, while
    the workers' Tesseracts run, so that a worker goes from one Tesseract straight to the next
    (levelling in the worker left its core idle for ~80 ms a page). At most `QUEUED_PER_WORKER`
    pages a worker wait their turn: `submit` blocks beyond that, since a rendered page is ~8 MB
    and rendering runs a hundred times faster than Tesseract, so an unbounded queue held every
    page of a long scanned document in memory at once.
    """

    QUEUED_PER_WORKER = 2

    def __init__(self, cache_dir: Path | None, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        workers = workers or os.cpu_count() or 1
        self.executor = ThreadPoolExecutor(max_workers=workers)
        self._slots = threading.BoundedSemaphore(workers * (1 + self.QUEUED_PER_WORKER))

    def _cache_path(self, digest: str) -> Path | None:
        if not self.cache_dir:
            return None
        return self.cache_dir / f"v{CACHE_VERSION}" / digest[:2] / f"{digest}.json"

    def _cached(self, path: Path | None) -> OcrResult | None:
        """Tesseract's hOCR is cached rather than the text made of it, so that a change to how
        words become text does not need every page OCR'd again."""
        if not (path and path.is_file()):
            return None
        stored = json.loads(path.read_text(encoding="utf-8"))
        return _Reading(
            stored["hocr"], stored["rotation"], tuple(stored["size"]), tuple(stored["source_size"])
        ).result()

    def _run(self, gray: np.ndarray, level: Straightened, path: Path | None) -> OcrResult:
        reading = read_straightened(gray, level)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(asdict(reading)), encoding="utf-8")
            os.replace(tmp, path)
        return reading.result()

    def submit(self, gray: np.ndarray) -> Future[OcrResult]:
        gray = np.array(gray, dtype=np.uint8)  # a copy: the caller's bitmap may be freed
        digest = hashlib.sha256(b"%d %d\n" % gray.shape)
        digest.update(gray)  # the copy is contiguous: hashed in place, not copied again
        # A reading depends on the image and on how it was read.
        digest.update(f"psm={PSM} deskew={DESKEW_VERSION}".encode())
        path = self._cache_path(digest.hexdigest())
        cached = self._cached(path)
        if cached is not None:
            done: Future[OcrResult] = Future()
            done.set_result(cached)
            return done
        self._slots.acquire()
        try:
            future = self.executor.submit(self._run, gray, straighten(gray), path)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        return future

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
