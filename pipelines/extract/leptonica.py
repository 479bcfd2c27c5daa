"""Rotate a grayscale page with Leptonica, the image library Tesseract is built on.

Levelling a tilted 300-dpi page with PIL's bicubic rotation took ~240 ms, more than everything else
we do to a page besides Tesseract put together. Leptonica's area-map rotation (`pixRotateAMGray`:
each output pixel the area-weighted mean of the source pixels it covers) takes ~55 ms for the same
page. Leptonica (BSD-2) is installed wherever Tesseract is, so it is called through `ctypes`
rather than added as a dependency; where it cannot be loaded, `rotate_gray` returns None and the
caller rotates with PIL.

Leptonica's shear rotation (`pixRotateShearCenter`: rows and columns shifted by whole pixels) is
three times faster again (~16 ms) but read worse: on the scanned corpus tilted 0.6° (`bench.scans.score
--per-layout 3`) boundary F1 0.973 against 0.987 and subject 0.931 against 0.962, Notes headers
worst. The area map stays.

Leptonica keeps 8-bit pixels four to a 32-bit word, the first pixel in the word's most significant
byte, and pads rows to whole words; `pixEndianByteSwap` turns that into plain byte order and back
on little-endian machines (on big-endian ones it does nothing, as the layouts already agree).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
from functools import cache

import numpy as np

_NAMES = ("leptonica", "lept")  # libleptonica.so.6 from 1.83 on; liblept.so.5 before
_WHITE = 255


@cache
def _library() -> ctypes.CDLL | None:
    for name in _NAMES:
        found = ctypes.util.find_library(name)
        if found is None:
            continue
        try:
            library = ctypes.CDLL(found)
        except OSError:
            continue
        pointer, integer = ctypes.c_void_p, ctypes.c_int
        library.pixCreate.restype = pointer
        library.pixCreate.argtypes = [integer, integer, integer]
        library.pixGetData.restype = pointer
        library.pixGetData.argtypes = [pointer]
        library.pixGetWpl.restype = integer
        library.pixGetWpl.argtypes = [pointer]
        library.pixEndianByteSwap.restype = integer
        library.pixEndianByteSwap.argtypes = [pointer]
        library.pixRotateAMGray.restype = pointer
        library.pixRotateAMGray.argtypes = [pointer, ctypes.c_float, ctypes.c_ubyte]
        library.pixDestroy.restype = None
        library.pixDestroy.argtypes = [ctypes.POINTER(pointer)]
        return library
    return None


def available() -> bool:
    return _library() is not None


def _pixels(library: ctypes.CDLL, pix: int, height: int) -> np.ndarray:
    """The pix's data as rows of bytes (a view, padding included)."""
    words = library.pixGetWpl(pix)
    buffer = (ctypes.c_ubyte * (height * words * 4)).from_address(library.pixGetData(pix))
    return np.frombuffer(buffer, dtype=np.uint8).reshape(height, words * 4)


def rotate_gray(gray: np.ndarray, degrees: float) -> np.ndarray | None:
    """`gray` (8-bit, rows by columns) turned `degrees` counter-clockwise about its centre, the
    same size, corners filled white; None when Leptonica is not installed."""
    library = _library()
    if library is None:
        return None
    height, width = gray.shape
    source = library.pixCreate(width, height, 8)
    turned = None
    try:
        _pixels(library, source, height)[:, :width] = gray
        library.pixEndianByteSwap(source)
        # Leptonica turns clockwise for a positive angle (in radians).
        turned = library.pixRotateAMGray(source, -math.radians(degrees), _WHITE)
        if not turned:
            raise MemoryError("Leptonica could not rotate the page")
        library.pixEndianByteSwap(turned)
        return _pixels(library, turned, height)[:, :width].copy()
    finally:
        for pix in (source, turned):
            if pix:
                library.pixDestroy(ctypes.byref(ctypes.c_void_p(pix)))
