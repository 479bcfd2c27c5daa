"""Turn message segments into staging rows (messages, participants, attachment names).

Kept apart from segmentation so that every layout's header blocks become rows the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from pipelines.extract.rows import AttachmentRow, MessageRow, ParticipantRow, message_id_for
from pipelines.printed.dates import parse_sent, utc
from pipelines.printed.furniture import Line
from pipelines.printed.headers import HeaderBlock
from pipelines.printed.segments import Segment
from pipelines.printed.values import (
    Mailbox,
    parse_mailbox,
    split_address_list,
    split_attachment_names,
)

_ROLES: Final = ("to", "cc", "bcc")
_FROM, _SENT, _TO, _SUBJECT = 0.3, 0.3, 0.2, 0.2  # weights of what a header reads
_ATTRIBUTION_TOTAL: Final = _FROM + _SENT  # an attribution line only ever names a sender and a date
_PRESENT_ONLY: Final = 1 / 3  # a field printed but not readable earns a third of its weight
_BY_ORDER_PENALTY: Final = 0.8  # values paired to labels by order can be thrown off by a wrap


@dataclass(slots=True)
class Rows:
    messages: list[MessageRow]
    participants: list[ParticipantRow]
    attachments: list[AttachmentRow]


def locator(span: tuple[Line, Line]) -> str:
    """`p3.l12-p4.l5`: first and last line of the message, as numbered in the page text."""
    first, last = span
    return f"p{first.page}.l{first.number}-p{last.page}.l{last.number}"


def header_confidence(block: HeaderBlock, sender: Mailbox | None, sent_parsed: bool) -> float:
    """How much of what the layout prints was read: From 0.3, date 0.3, To 0.2, Subject 0.2.

    Scored against the fields the layout prints (an attribution line has only From and date). A
    From without a name or address, or a date that does not parse, earns a third for being
    present; values paired to labels by order lose a fifth.
    """
    fields = block.fields
    score = _FROM * (1.0 if sender is not None else _PRESENT_ONLY if "from" in fields else 0.0)
    score += _SENT * (1.0 if sent_parsed else _PRESENT_ONLY if "sent" in fields else 0.0)
    if block.kind == "attribution":
        score /= _ATTRIBUTION_TOTAL
    else:
        score += _TO * bool(fields.get("to"))
        score += _SUBJECT * ("subject" in fields)
    if block.paired_by_order:
        score *= _BY_ORDER_PENALTY
    return round(min(score, 1.0), 3)


def build_rows(
    document_id: str,
    source_kind: str,
    segments: Sequence[Segment],
    page_bates: Mapping[int, str],
) -> Rows:
    rows = Rows([], [], [])
    ids: list[str] = []
    for segment in segments:
        where = locator(segment.span)
        message_id = message_id_for(document_id, where)
        ids.append(message_id)
        fields = segment.block.fields
        sender = parse_mailbox(fields.get("from", ""))
        sent = parse_sent(fields.get("sent"))
        first, last = segment.span
        rows.messages.append(
            MessageRow(
                message_id=message_id,
                document_id=document_id,
                source_kind=source_kind,
                locator=where,
                page_start=first.page,
                page_end=last.page,
                sent_at_text=sent.text,
                sent_at_utc=utc(sent.instant),
                sent_at_local=sent.local,
                subject=fields.get("subject") or None,
                from_name=sender.name if sender else None,
                from_address=sender.address if sender else None,
                body=segment.body,
                is_quoted=segment.quoted_in is not None,
                quoted_in_message_id=(
                    ids[segment.quoted_in] if segment.quoted_in is not None else None
                ),
                header_confidence=header_confidence(
                    segment.block, sender, sent.instant is not None or sent.local is not None
                ),
                bates_start=page_bates.get(first.page),
                bates_end=page_bates.get(last.page),
            )
        )
        if sender is not None:
            rows.participants.append(
                ParticipantRow(message_id, "from", 0, sender.name, sender.address)
            )
        for role in _ROLES:
            if listed := fields.get(role):
                rows.participants.extend(
                    ParticipantRow(message_id, role, position, mailbox.name, mailbox.address)
                    for position, mailbox in enumerate(split_address_list(listed))
                )
        if attached := fields.get("attachments"):
            rows.attachments.extend(
                AttachmentRow(message_id, name, None, None)
                for name in split_attachment_names(attached)
            )
    return rows
