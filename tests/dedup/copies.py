"""How one email becomes many message rows, the way releases make them.

A native copy (.eml/.msg/.mbox/.pst) carries the instant with its zone, the Message-ID and the whole
quoted history in its body. A printout from someone's mailbox shows the wall-clock minute in that
mailbox's zone (the pipeline assumes the agency's zone, so a recipient's print can be whole hours
off), wraps lines, drops blank lines, may show the sender by name only or redacted, and splits every
quoted message into a row of its own (`is_quoted`), Outlook style with full headers or Gmail style
with only "On <date> <name> wrote:", sometimes with `>` marks, truncated or without signature. A
scanned print goes through OCR and gains character noise.

Rows are the columns of `stg_messages` and `stg_participants`; `truth` maps each row to its email.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.dedup.corpus import Corpus, Email, Person

MESSAGE_COLUMNS = [
    "release_id",
    "agency_id",
    "message_id",
    "document_id",
    "source_kind",
    "locator",
    "page_start",
    "page_end",
    "sent_at_text",
    "sent_at_utc",
    "sent_at_local",
    "subject",
    "from_name",
    "from_address",
    "body",
    "is_quoted",
    "quoted_in_message_id",
    "header_confidence",
    "internet_message_id",
    "in_reply_to",
    "bates_start",
    "bates_end",
]
PARTICIPANT_COLUMNS = ["release_id", "message_id", "role", "position", "name", "address"]
NATIVE_KINDS = ("eml", "msg", "mbox", "pst")
REDACTED = ("(b)(6)", "(b)(6)@ice.dhs.gov")
_CONFUSIONS = {
    "l": "1", "1": "l", "I": "l", "O": "0", "0": "O", "o": "0", "e": "c", "c": "e",
    "S": "5", "5": "S", "B": "8", "8": "B", ",": ".", ".": ",", "m": "rn", "h": "b", "a": "o",
}  # fmt: skip


@dataclass
class Rows:
    messages: dict[str, list] = field(default_factory=lambda: {c: [] for c in MESSAGE_COLUMNS})
    participants: dict[str, list] = field(
        default_factory=lambda: {c: [] for c in PARTICIPANT_COLUMNS}
    )
    truth: dict[str, str] = field(default_factory=dict)  # message_id -> email key
    threads: dict[str, str] = field(default_factory=dict)  # email key -> thread key


def ocr_noise(rng: random.Random, text: str, rate: float) -> str:
    """Character confusions, drops and split/merged words at about `rate` per character."""
    out = []
    for char in text:
        roll = rng.random()
        if roll >= rate:
            out.append(char)
        elif char in _CONFUSIONS and roll < rate * 0.6:
            out.append(_CONFUSIONS[char])
        elif char == " ":
            out.append("" if roll < rate * 0.8 else " ")
        elif roll < rate * 0.8:
            continue
        else:
            out.append(char + " ")
    return "".join(out)


def outlook_date(wall: datetime) -> str:
    hour = wall.hour % 12 or 12
    return f"{wall:%A}, {wall:%B} {wall.day}, {wall.year} {hour}:{wall:%M} {wall:%p}"


def printed_lines(text: str, width: int) -> list[str]:
    """Greedy word wrap at the printer's width; the splitter hands bodies over without blank lines."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
    return lines


def without_signature(email: Email) -> str:
    return email.text.removesuffix(email.sender.signature).rstrip()


class CopyMaker:
    """Appends the rows of every copy of every email of a corpus to `rows`."""

    def __init__(self, rng: random.Random, corpus: Corpus) -> None:
        self.rng = rng
        self.corpus = corpus
        self.rows = Rows()
        self._serial = 0

    def _id(self, *parts: object) -> str:
        self._serial += 1
        return hashlib.sha256(repr((*parts, self._serial)).encode()).hexdigest()[:32]

    def make(self) -> Rows:
        for email in self.corpus.emails:
            self.rows.threads[email.key] = email.thread
            self._copies(email)
        return self.rows

    def _copies(self, email: Email) -> None:
        rng = self.rng
        top_level = 0
        if rng.random() < 0.5:
            self._native(email, rng.choice(NATIVE_KINDS))
            top_level += 1
            if rng.random() < 0.15:  # the recipient's mailbox export has it too
                self._native(email, "pst")
        if rng.random() < 0.45:
            self._print(email, email.sender)
            top_level += 1
        if rng.random() < 0.3:
            self._print(email, rng.choice(email.to))
            top_level += 1
        if not top_level and rng.random() < 0.7:
            self._print(email, email.sender)

    # -- rows -------------------------------------------------------------------------------

    def _row(self, email: Email, **values: object) -> str:
        message_id = self._id(email.key, values.get("document_id"))
        values = {
            "release_id": _release(email),
            "agency_id": email.agency.agency_id,
            "message_id": message_id,
            "locator": f"m{self._serial}",
            "is_quoted": False,
            "header_confidence": 1.0,
            **values,
        }
        for column in MESSAGE_COLUMNS:
            self.rows.messages[column].append(values.get(column))
        self.rows.truth[message_id] = email.key
        return message_id

    def _participant(
        self, email: Email, message_id: str, role: str, position: int, name, address
    ) -> None:
        values = (_release(email), message_id, role, position, name, address)
        for column, value in zip(PARTICIPANT_COLUMNS, values, strict=True):
            self.rows.participants[column].append(value)

    def _native(self, email: Email, kind: str) -> None:
        body = email.text + "".join(self._native_quote(q) for q in email.history)
        message_id = self._row(
            email,
            document_id=self._id("native", email.key),
            source_kind=kind,
            sent_at_text=f"{email.sent:%a, %d %b %Y %H:%M:%S} +0000",
            sent_at_utc=email.sent,
            subject=email.subject,
            from_name=email.sender.last_first,
            from_address=email.sender.address,
            body=body,
            internet_message_id=email.message_id,
            in_reply_to=email.history[0].message_id if email.history else None,
        )
        self._participant(
            email, message_id, "from", 0, email.sender.last_first, email.sender.address
        )
        for role, people in (("to", email.to), ("cc", email.cc)):
            for position, person in enumerate(people):
                self._participant(
                    email, message_id, role, position, person.last_first, person.address
                )

    def _native_quote(self, quoted: Email) -> str:
        if self.rng.random() < 0.7:
            wall = quoted.sent.astimezone(ZoneInfo(quoted.sender.zone)).replace(tzinfo=None)
            return (
                "\n\n-----Original Message-----\n"
                f"From: {quoted.sender.last_first} <{quoted.sender.address}>\n"
                f"Sent: {outlook_date(wall)}\n"
                f"To: {'; '.join(p.last_first for p in quoted.to)}\n"
                f"Subject: {quoted.subject}\n\n{quoted.text}"
            )
        marked = "\n".join("> " + line for line in quoted.text.split("\n"))
        return f"\n\nOn {quoted.sent:%a, %b %d, %Y at %H:%M}, {quoted.sender.first_last} wrote:\n{marked}"

    def _print(self, email: Email, owner: Person) -> None:
        """A printout from `owner`'s mailbox: the email, then every message it quotes."""
        rng = self.rng
        ocr = rng.random() < 0.25
        rate = rng.uniform(0.004, 0.025) if ocr else 0.0
        document_id = self._id("print", email.key, owner.address)
        width = rng.randint(90, 115)
        top = self._printed(email, owner, document_id, rate, width, quoted_in=None)
        for quoted in email.history:
            self._printed(quoted, owner, document_id, rate, width, quoted_in=top)

    def _printed(
        self,
        email: Email,
        owner: Person,
        document_id: str,
        rate: float,
        width: int,
        quoted_in: str | None,
    ) -> str:
        rng = self.rng
        wall = email.sent.astimezone(ZoneInfo(owner.zone)).replace(tzinfo=None, second=0)
        gmail = quoted_in is not None and rng.random() < 0.3
        text = without_signature(email) if quoted_in and rng.random() < 0.15 else email.text
        lines = printed_lines(text, width)
        if quoted_in and rng.random() < 0.15:
            lines = lines[: rng.randint(1, 2)]
        if gmail and rng.random() < 0.5:
            lines = ["> " + line for line in lines]
        sender = self._printed_sender(email.sender)
        noisy = (lambda s: ocr_noise(rng, s, rate)) if rate else (lambda s: s)
        if rate and rng.random() < 0.03:  # a misread minute
            wall = wall.replace(minute=(wall.minute + 10) % 60)
        message_id = self._row(
            email,
            document_id=document_id,
            source_kind="pdf_ocr" if rate else "pdf_print",
            sent_at_text=outlook_date(wall),
            sent_at_local=wall,
            subject=None if gmail else noisy(email.subject),
            from_name=sender[0] and noisy(sender[0]),
            from_address=sender[1] and noisy(sender[1]),
            body=noisy("\n".join(lines)),
            is_quoted=quoted_in is not None,
            quoted_in_message_id=quoted_in,
            header_confidence=0.6 if gmail else (0.8 if rate else 1.0),
        )
        self._participant(email, message_id, "from", 0, *sender)
        if not gmail:
            for role, people in (("to", email.to), ("cc", email.cc)):
                for position, person in enumerate(people):
                    name, address = self._printed_party(person)
                    self._participant(
                        email,
                        message_id,
                        role,
                        position,
                        name and noisy(name),
                        address and noisy(address),
                    )
        return message_id

    def _printed_sender(self, person: Person) -> tuple[str | None, str | None]:
        roll = self.rng.random()
        if person.address.endswith("ice.dhs.gov") and roll < 0.15:
            return REDACTED
        return self._printed_party(person)

    def _printed_party(self, person: Person) -> tuple[str | None, str | None]:
        roll = self.rng.random()
        if roll < 0.6:
            return person.last_first, person.address
        if roll < 0.9:
            return person.last_first, None
        return None, person.address


def _release(email: Email) -> str:
    return f"{email.agency.agency_id}/generated"


def make_rows(corpus: Corpus, seed: int) -> Rows:
    return CopyMaker(random.Random(seed), corpus).make()
