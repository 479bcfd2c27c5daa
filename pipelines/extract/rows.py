"""The rows every reader emits, one dataclass per staging table.

Readers are pure: they see file bytes and return these rows. Nothing here knows the agency or release
a file came from; the load step adds those, so that the same bytes give the same rows (and the same
ids) wherever they are found, which is what makes the sha256 cache sound.

The rows a release has by the hundred thousand (pages, messages, participants, attachments, ALPR
searches) are slotted but not frozen: no code changes a row once made, and a frozen dataclass sets
every field through `object.__setattr__`, which made a `MessageRow` take four times as long to build
(2.4 us against 0.6). Values shared through caches (`SentAt`) stay frozen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


def stable_id(*parts: str) -> str:
    """A deterministic id: the first 32 hex digits of sha256 over the parts, NUL-separated."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8"))
    return digest.hexdigest()[:32]


def message_id_for(document_id: str, locator: str) -> str:
    return stable_id(document_id, locator)


@dataclass(slots=True)
class PageRow:
    document_id: str
    page_number: int  # 1-based
    text: str
    text_source: str  # text_layer | ocr | none
    ocr_confidence: float | None = None
    bates: str | None = None
    redaction_boxes: int = 0
    exemption_codes: str | None = None  # semicolon-separated, e.g. "(b)(6);(b)(7)(C)"
    in_message: bool = False  # False flags a page no message was read from, for analysts to check


@dataclass(frozen=True, slots=True)
class SentAt:
    """A message date as printed, and what could be made of it.

    `instant` is set when the text carries a zone (an aware datetime); `local` when it does not (a
    naive wall-clock time that the load step places in the agency's zone). At most one is set.
    """

    text: str | None
    instant: datetime | None = None
    local: datetime | None = None


@dataclass(slots=True)
class MessageRow:
    message_id: str
    document_id: str
    source_kind: str  # pdf_print | pdf_ocr | eml | mbox | msg | pst | emlx
    locator: str
    page_start: int | None
    page_end: int | None
    sent_at_text: str | None
    sent_at_utc: datetime | None
    sent_at_local: datetime | None
    subject: str | None
    from_name: str | None
    from_address: str | None
    body: str
    is_quoted: bool = False
    quoted_in_message_id: str | None = None
    header_confidence: float = 1.0
    internet_message_id: str | None = None
    in_reply_to: str | None = None
    bates_start: str | None = None
    bates_end: str | None = None


@dataclass(slots=True)
class ParticipantRow:
    message_id: str
    role: str  # from | to | cc | bcc
    position: int  # order within the role, so a 200-recipient list keeps its order
    name: str | None
    address: str | None


@dataclass(slots=True)
class AttachmentRow:
    message_id: str
    file_name: str | None
    media_type: str | None
    bytes: int | None
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorRow:
    document_id: str
    stage: str  # discover | extract | load
    error_class: str
    message: str


@dataclass(slots=True)
class Extraction:
    """Everything one document yields. `status` is parsed, quarantined or unsupported."""

    document_id: str
    media_type: str
    status: str = "parsed"
    error: str | None = None
    page_count: int | None = None
    pages: list[PageRow] = field(default_factory=list)
    messages: list[MessageRow] = field(default_factory=list)
    participants: list[ParticipantRow] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    items: ItemCounts | None = None  # containers only: items they declare vs items extracted
    alpr_searches: list[AlprSearchRow] = field(default_factory=list)

    def quarantine(self, stage: str, exc: BaseException | str) -> Extraction:
        """Mark the document quarantined with a one-line reason; partial rows are dropped."""
        if isinstance(exc, BaseException):
            error_class, text = type(exc).__name__, str(exc)
        else:
            error_class, text = "InvalidInput", exc
        line = " ".join(text.split())[:500] or error_class
        self.status, self.error = "quarantined", line
        self.pages, self.messages, self.participants, self.attachments = [], [], [], []
        self.children = []
        self.alpr_searches = []
        if self.items is not None:
            self.items.extracted, self.items.missing = 0, self.items.expected
        self.errors.append(ErrorRow(self.document_id, stage, error_class, line))
        return self


@dataclass(frozen=True, slots=True)
class ChildRow:
    """A file found inside a document (attachment, archive member), stored in staging by content.

    Release extraction reads it like any file, as a document whose parent is `parent_document_id`.
    """

    parent_document_id: str
    member_path: str  # where inside the parent, e.g. "mbox:3/booking.pdf" or "scans/page1.pdf"
    document_id: str  # sha256 of the child's bytes
    bytes: int
    message_id: str | None = None  # the message it is attached to, if any


@dataclass(slots=True)
class ItemCounts:
    """A container's items (messages and files inside it): declared, extracted, reported missing.

    `expected` comes from the container's own index (zip directory, PST node tree, MIME parts), so
    an item a reader drops shows up as a shortfall instead of vanishing.
    """

    expected: int = 0
    extracted: int = 0
    missing: int = 0


@dataclass(slots=True)
class AlprSearchRow:
    """One row of a license-plate-reader search audit log, as released (see extract/alpr.py).

    The plate searched is never kept, only whether the column held a value, a mask or a redaction,
    so that no plate number can reach the warehouse or an export. `search_at_utc` is set when the
    log states the zone (Flock writes `... AM UTC`); `search_at_local` when it does not, and the load
    step places it in the agency's zone, as for messages. Not frozen, unlike the rows above: logs
    run to 500,000 rows, and a frozen dataclass costs 7x more to build (each field goes through
    object.__setattr__).
    """

    document_id: str
    layout: str  # which layout in pipelines/rules/alpr_layouts.csv recognised the header
    log_kind: str  # organization | network | portal
    sheet: str | None  # XLSX sheet name
    page_number: int | None  # PDF page (1-based)
    row_number: int  # 1-based row in the file, sheet or page table, as a spreadsheet shows it
    search_id: str | None
    search_at_text: str | None
    search_at_utc: datetime | None
    search_at_local: datetime | None
    org_name: str | None
    user_name: str | None
    networks_searched: int | None
    devices_searched: int | None
    time_frame: str | None
    plate_status: str  # present | masked | redacted | empty | no_column
    reason: str | None
    case_number: str | None
    filters: str | None
    search_type: str | None
