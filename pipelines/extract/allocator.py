"""glibc's allocator asked to keep freed memory for reuse, for reading PDFs a batch of pages at a time.

`pdf.read_batch` keeps a batch's PDFium text pages open together, so that the splitter's work on
each page runs while its code is still in the CPU caches. Closing them frees a few megabytes at the
top of the heap, which glibc by default hands back to the system; the next batch then faults every
page of it in again (293 minor page faults a document of `bench.splitter.speed`, where PDFium's
text alone has 3). Asked to keep up to `TRIM_THRESHOLD` free at the top of the heap, and to serve
allocations below `MMAP_THRESHOLD` from the heap (the limit glibc would otherwise move by itself,
which it stops doing once asked), it reuses that memory: no faults, and what the splitter adds to
PDFium's text fell from 25.6% to 24.3% (five alternated runs each, every pair in favour).

The setting is the process's: a process that has read a PDF holds up to 64 MB of freed heap
instead of returning it, and allocations of 4 MB and more (page images for OCR) still get pages of
their own that are returned when freed. Elsewhere than glibc (no `mallopt`) nothing is asked.
"""

from __future__ import annotations

import ctypes
import functools

_M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's malloc.h
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 4 << 20  # allocations from this size get pages of their own
TRIM_THRESHOLD = 64 << 20  # free memory kept at the top of the heap before it is handed back


@functools.cache
def keep_freed_memory() -> bool:
    """Ask glibc, once a process, to keep freed memory for reuse. True when it was asked."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
