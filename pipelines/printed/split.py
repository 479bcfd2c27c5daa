"""The entry point: page texts in, message/participant/attachment rows out.

Pure (no Dagster, no I/O) so it can be tested on strings and run inside any reader. Same input gives
the same rows and ids, because ids come from the document id and each message's line locator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.extract.rows import AttachmentRow, MessageRow, ParticipantRow
from pipelines.printed.build import build_rows
from pipelines.printed.furniture import clean_pages
from pipelines.printed.segments import segment


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
    document_id: str, pages: Sequence[tuple[int, str]], source_kind: str = "pdf_print"
) -> PrintedResult:
    """Split the text of each page (`(page_number, text)` in reading order) into messages."""
    cleaned = clean_pages(pages)
    page_bates = {page.number: page.bates for page in cleaned if page.bates}
    lines = [line for page in cleaned for line in page.lines]
    segments = segment(lines)
    rows = build_rows(document_id, source_kind, segments, page_bates)
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
