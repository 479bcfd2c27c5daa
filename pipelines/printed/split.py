"""The entry point: page texts (and any located characters) in, message/participant/attachment rows out.

Pure (no Dagster, no I/O) so it can be tested on strings and run inside any reader. Same input gives
the same rows and ids, because ids come from the document id and each message's line locator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.extract.rows import AttachmentRow, MessageRow, ParticipantRow
from pipelines.printed.build import build_rows
from pipelines.printed.furniture import clean_page
from pipelines.printed.page import PrintedPage
from pipelines.printed.scan import scan_page
from pipelines.printed.segments import segment
from pipelines.printed.stream import Stream


@dataclass
class PrintedResult:
    """What a printed-email PDF yields.

    `page_bates` maps page number to the Bates number stamped on it; `unassigned_pages` lists pages
    outside every top-level message's page range (cover letters, forms, blank or withheld pages), so
    analysts can check what was not read as email.
    """

    messages: list[MessageRow] = field(default_factory=list)
    participants: list[ParticipantRow] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)
    page_bates: dict[int, str] = field(default_factory=dict)
    unassigned_pages: list[int] = field(default_factory=list)


def split_printed(
    document_id: str,
    pages: Sequence[PrintedPage | tuple[int, str]],
    source_kind: str = "pdf_print",
) -> PrintedResult:
    """Split a document's pages, in order, into messages.

    Pages are `PrintedPage`s (text plus located characters, from a PDF reader) or plain
    `(page_number, text)` pairs (OCR text, tests), which are read by text order alone.
    """
    given = [page if isinstance(page, PrintedPage) else PrintedPage(*page) for page in pages]
    cleaned = [page.clean or clean_page(page.number, page.text or "") for page in given]
    stream = Stream.from_pages(
        cleaned,
        boxes={page.number: page.boxes for page in given if page.boxes},
        heights={page.number: page.height for page in given if page.height},
    )
    scans = [
        (stream.page_starts[clean.number], page.scan or scan_page(clean.texts))
        for page, clean in zip(given, cleaned, strict=True)
        if clean.texts
    ]
    page_bates = {page.number: page.bates for page in cleaned if page.bates}
    rows = build_rows(document_id, source_kind, segment(stream, scans), page_bates)
    covered: set[int] = set()
    for message in rows.messages:
        if not message.is_quoted and message.page_start is not None:
            covered.update(range(message.page_start, (message.page_end or message.page_start) + 1))
    return PrintedResult(
        messages=rows.messages,
        participants=rows.participants,
        attachments=rows.attachments,
        page_bates=page_bates,
        unassigned_pages=[page.number for page in cleaned if page.number not in covered],
    )
