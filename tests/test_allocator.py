"""Freed memory is kept for reuse once a PDF has been read (pipelines.extract.allocator)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from pipelines.extract.allocator import keep_freed_memory

# Allocate, write and free 2 MB twice; print the minor page faults of the second time.
_TWICE = textwrap.dedent(
    """
    import ctypes, resource, sys
    from pipelines.extract.allocator import keep_freed_memory
    if sys.argv[1] == "keep":
        assert keep_freed_memory()
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    def touch():
        block = libc.malloc(2 << 20)
        ctypes.memset(block, 1, 2 << 20)
        libc.free(block)
    touch()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    touch()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    """
)


def _faults(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _TWICE, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_memory_freed_after_reading_is_reused_without_faults() -> None:
    # By default glibc gives a 2 MB block pages of its own, then (its limit moved) the heap: the
    # second block faults its 512 pages in. Kept, the first block's memory serves the second.
    assert _faults("default") > 256
    assert _faults("keep") < 32


def test_asked_once_a_process() -> None:
    assert keep_freed_memory() is True  # glibc, as on every machine this runs on
    keep_freed_memory()
    assert keep_freed_memory.cache_info().misses == 1
