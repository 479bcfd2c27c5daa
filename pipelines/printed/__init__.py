"""Printed emails (PDF text layers, OCR text): split pages into messages with their headers.

Modules, one job each: `page` (what a reader hands in: text and located characters), `furniture`
(Bates, page counters, print headers and footers, banners), `stream` (the document's lines),
`headers` (label blocks: Outlook, Apple Mail, plain prints), `gmail`, `notes` (Lotus Notes),
`quotes` (separators and `On ... wrote:` lines), `blocks` (finding every header), `values`
(address lists, attachment names), `dates`, `segments` (top-level vs quoted messages, pages that
are not mail), `build` (rows), `split` (the entry point).

What is made per page, line or message (`CleanPage`, `PrintedPage`, `PageScan`, `Line`,
`LabelMatch`, `HeaderBlock`, `Segment`, `Mailbox`) is a slotted dataclass that writes its own
`__init__`: the one the dataclass decorator generates is Python made at import, which mypyc cannot
compile, so it ran interpreted for every object (written out, the splitter's own work took 7%
fewer simulated cycles under callgrind). None is frozen, as the rows are not
(`pipelines.extract.rows`): nothing changes them once made, and freezing made each take several
times as long to build. A `Mailbox` handed out by the cache is shared by every caller, which
therefore must not change it.
Module constants (patterns, label tables, limits) are `Final`: mypyc keeps a `Final` name in a C
variable, where any other module name is looked up in the module's dict each time it is read (a
tenth of `scan_page`'s instructions went to such lookups).

Every module but this one is compiled by mypyc where the build could (`pipelines.compiled`); this
one picks the build before any other is imported, and `BUILD` says which runs.
"""

# ruff: noqa: E402 (the package's modules are imported after the build is chosen)
from pathlib import Path

from pipelines.compiled import native_folder

_NATIVE = native_folder(Path(__file__).parent)
if _NATIVE is not None:
    __path__.insert(0, str(_NATIVE))  # compiled modules are found before their sources
BUILD = "python" if _NATIVE is None else "mypyc"

from pipelines.printed import dates, values
from pipelines.printed.furniture import clean_page
from pipelines.printed.page import PrintedPage, offsets_to_locate
from pipelines.printed.scan import scan_page
from pipelines.printed.split import PrintedResult, split_printed


def clear_caches() -> None:
    """Forget memoised header values (quoted history repeats them): for benchmarks that must not
    be served by an earlier run, and for long-lived workers that want the memory back."""
    for cached in (dates.parse_sent, values.parse_mailbox, values.split_address_list):
        cached.cache_clear()


__all__ = [
    "BUILD",
    "PrintedPage",
    "PrintedResult",
    "clean_page",
    "clear_caches",
    "offsets_to_locate",
    "scan_page",
    "split_printed",
]
