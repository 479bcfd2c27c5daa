"""The rows every reader emits, one dataclass per staging table.

Readers are pure: they see file bytes and return these rows. Nothing here knows the agency or release
a file came from; the load step adds those, so that the same bytes give the same rows (and the same
ids) wherever they are found, which is what makes the sha256 cache sound.
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    message_id: str
    role: str  # from | to | cc | bcc
    position: int  # order within the role, so a 200-recipient list keeps its order
    name: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
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

    def quarantine(self, stage: str, exc: BaseException | str) -> Extraction:
        """Mark the document quarantined with a one-line reason; partial rows are dropped."""
        if isinstance(exc, BaseException):
            error_class, text = type(exc).__name__, str(exc)
        else:
            error_class, text = "InvalidInput", exc
        line = " ".join(text.split())[:500] or error_class
        self.status, self.error = "quarantined", line
        self.pages, self.messages, self.participants, self.attachments = [], [], [], []
        self.errors.append(ErrorRow(self.document_id, stage, error_class, line))
        return self
