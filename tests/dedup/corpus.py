"""The truth of a generated mail corpus: agencies, people, emails and the threads they form.

Dedup can only be measured against emails whose identity is known. This module invents
conversations between agency staff and ICE officers (first messages, replies, forwards, one-line
"Thanks" replies and an automated daily "Release notification" that repeats its subject and template
every day), each email with its own text, recipients, instant and Message-ID. How those emails then
reach a release (native copies, printouts, OCR, quoted history) is `copies.py`'s job.

Everything is drawn from one seeded `random.Random`, so a seed always gives the same corpus.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

_FIRST_TEXT = (
    "Ana Daniel Kevin Priya Marian Marcus Linh Diane Erik Rita Jason Carla Raymond Dana Luis "
    "Maria Jose Sofia Ahmed Grace Peter Helen Omar Irene Victor Nadia Samuel Teresa Hugo Alice "
    "Brandon Celia Dmitri Elena Farid Gloria Hector Ingrid Jamal Karen Leon Monica Nestor Olga "
    "Pablo Rosa"
)
FIRST = tuple(_FIRST_TEXT.split())
_LAST_TEXT = (
    "Ramirez Okafor Smith Lee Whitfield Bell Nguyen Foster Halvorsen Castellano Park Mendes "
    "Ortiz Whitaker Garcia Chen Patel Johnson Kowalski Duarte Brennan Yamamoto Haddad Lindqvist "
    "Moreno Novak Abernathy Calloway Delgado Esposito Fairbanks Gutierrez Hollis Ibarra "
    "Jablonski Kessler Lombardi Mahoney Nakamura Oyelaran Pruitt Quintero Rasmussen Salgado "
    "Thibodeaux Underwood"
)
LAST = tuple(_LAST_TEXT.split())
_WORDS_TEXT = (
    "booking release custody detainer transfer inmate facility warrant court hearing records "
    "request deputy officer sergeant lieutenant jail unit schedule interview notice form copy "
    "review counsel policy address date time photo file report station desk shift week month "
    "today tomorrow morning afternoon office field operations contact update status pending "
    "approved denied attached below information number case docket calendar meeting training "
    "program agreement vehicle plate search"
)
WORDS = tuple(_WORDS_TEXT.split())
TOPICS = (
    "Release date request",
    "Detainer I-247A",
    "Criminal history request",
    "Interview request",
    "Transfer at sally port",
    "Court date",
    "Address request",
    "Meeting request",
    "Booking photo request",
    "Records check",
)
THANKS = ("Thanks", "Thanks.", "Thank you", "Received, thanks.", "Thanks!")
OTHER_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "UTC")


@dataclass(frozen=True)
class Agency:
    agency_id: str
    timezone: str
    domain: str


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    address: str
    zone: str  # where their mailbox prints wall-clock times
    title: str
    org: str

    @property
    def last_first(self) -> str:
        return f"{self.last}, {self.first}"

    @property
    def first_last(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def signature(self) -> str:
        return f"{self.first_last}\n{self.title}\n{self.org}"


@dataclass
class Email:
    """One email as its sender wrote it: the unit dedup must count once."""

    key: str
    thread: str
    agency: Agency
    sender: Person
    to: list[Person]
    cc: list[Person]
    subject: str
    text: str  # own text: paragraphs split by blank lines, closing and signature included
    sent: datetime  # aware, UTC, with seconds
    message_id: str
    history: list[Email] = field(default_factory=list)  # what a reply quotes: parent first


@dataclass
class Corpus:
    agencies: list[Agency]
    emails: list[Email]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(7, 16))]
    if rng.random() < 0.5:
        words.insert(
            rng.randint(0, len(words)), f"{rng.randint(10, 25)}-{rng.randint(1, 99999):05d}"
        )
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(
        " ".join(_sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(count)
    )


def _with_closing(rng: random.Random, text: str, sender: Person) -> str:
    closing = rng.choice(("Thanks,", "Regards,", "Respectfully,", "Thank you,"))
    return f"{text}\n\n{closing}\n\n{sender.signature}"


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.emails: list[Email] = []
        self._serial = 0

    def key(self, *parts: object) -> str:
        self._serial += 1
        raw = "\x00".join(map(str, (*parts, self._serial)))
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def email(self, **fields: object) -> Email:
        key = self.key("email", fields["subject"], fields["sent"])
        sender: Person = fields["sender"]  # type: ignore[assignment]
        message_id = f"<{key}@{sender.address.rpartition('@')[2]}>"
        made = Email(key=key, message_id=message_id, **fields)  # type: ignore[arg-type]
        self.emails.append(made)
        return made


def _people(rng: random.Random, agency: Agency, count: int, ice: bool) -> list[Person]:
    people = []
    names = rng.sample([(f, la) for f in FIRST for la in LAST], count)
    for first, last in names:
        if ice:
            zone = rng.choice((*OTHER_ZONES, agency.timezone))
            address = f"{first}.{last}@ice.dhs.gov".lower()
            title, org = "Deportation Officer", "U.S. Immigration and Customs Enforcement"
        else:
            zone = agency.timezone
            address = f"{first[0]}{last}@{agency.domain}".lower()
            title, org = rng.choice(("Sergeant", "Records Clerk", "Lieutenant")), agency.agency_id
        people.append(Person(first, last, address, zone, title, org))
    return people


def _conversation(
    b: _Builder, agency: Agency, staff: list[Person], ice: list[Person], start: datetime
) -> None:
    """A first message and 0-4 replies or forwards, each quoting the message it answers."""
    rng = b.rng
    thread = b.key("thread", agency.agency_id, start)
    sender, other = (rng.choice(ice), rng.choice(staff))
    if rng.random() < 0.4:
        sender, other = other, sender
    subject = f"{rng.choice(TOPICS)} - {rng.choice(LAST).upper()}, {rng.choice(FIRST)}"
    if rng.random() < 0.5:
        subject += f" - Booking {rng.randint(10, 25)}-{rng.randint(1, 99999):05d}"
    cc = rng.sample(staff, rng.randint(0, 2))
    first = b.email(
        thread=thread,
        agency=agency,
        sender=sender,
        to=[other],
        cc=[p for p in cc if p not in (sender, other)],
        subject=subject,
        text=_with_closing(rng, _paragraphs(rng, rng.randint(1, 3)), sender),
        sent=start,
    )
    messages = [first]
    for _ in range(rng.choices((0, 1, 2, 3, 4), (25, 30, 25, 12, 8))[0]):
        parent = rng.choice(messages[-2:])  # mostly linear, sometimes a branch
        sent = parent.sent + timedelta(seconds=rng.randint(120, 3 * 86400))
        if rng.random() < 0.15:  # forward to a colleague
            replier = rng.choice([parent.sender, *parent.to])
            to = [p for p in rng.sample(staff, 1) if p != replier] or [parent.sender]
            prefix, text = "FW: ", _with_closing(rng, _paragraphs(rng, 1), replier)
        else:
            replier = rng.choice(parent.to)
            to = [parent.sender]
            prefix = "RE: "
            text = (
                rng.choice(THANKS) + f"\n\n{replier.first}"
                if rng.random() < 0.25
                else _with_closing(rng, _paragraphs(rng, rng.randint(1, 2)), replier)
            )
        messages.append(
            b.email(
                thread=thread,
                agency=agency,
                sender=replier,
                to=to,
                cc=[p for p in parent.cc if p not in (replier, *to)],
                subject=prefix + parent.subject.removeprefix("RE: ").removeprefix("FW: ")
                if rng.random() < 0.9
                else prefix + parent.subject,
                text=text,
                sent=sent,
                history=[parent, *parent.history],
            )
        )


def _daily_notifications(
    b: _Builder, agency: Agency, ice: list[Person], start: datetime, days: int
) -> None:
    """Hard negatives: every morning the same sender, subject and template, sent as separate
    emails with the same text at the same second to two officers, often with a "Thanks" back."""
    rng = b.rng
    notifier = Person(
        "Release", "Notifications", f"release.notify@{agency.domain}", agency.timezone, "", ""
    )
    officers = rng.sample(ice, 2)
    for day in range(days):
        sent = start + timedelta(days=day, seconds=rng.randint(0, 240))
        text = (
            "This is an automated notification. The inmate below is scheduled for release.\n\n"
            f"Name: {rng.choice(LAST).upper()}, {rng.choice(FIRST)}\n"
            f"Booking #: {rng.randint(10, 25)}-{rng.randint(1, 99999):05d}\n"
            f"Release: {(sent + timedelta(days=1)):%m/%d/%Y} 0{rng.randint(6, 9)}:00"
        )
        for officer in officers[: rng.choice((1, 2))]:
            thread = b.key("daily", agency.agency_id, day, officer.address)
            note = b.email(
                thread=thread,
                agency=agency,
                sender=notifier,
                to=[officer],
                cc=[],
                subject="Release notification",
                text=text,
                sent=sent,
            )
            if rng.random() < 0.6:
                b.email(
                    thread=thread,
                    agency=agency,
                    sender=officer,
                    to=[notifier],
                    cc=[],
                    subject="RE: Release notification",
                    text=rng.choice(THANKS) + f"\n\n{officer.first}",
                    sent=sent + timedelta(seconds=rng.randint(600, 5 * 3600)),
                    history=[note],
                )


AGENCY_ZONES = ("America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York")


def generate(seed: int, conversations: int, agencies: int = 2, daily_days: int = 60) -> Corpus:
    """About 2.3 emails per conversation, spread over `agencies`, each with a daily series."""
    rng = random.Random(seed)
    b = _Builder(rng)
    made = [
        Agency(f"ag{n:02d}", AGENCY_ZONES[n % len(AGENCY_ZONES)], f"ag{n:02d}.example.gov")
        for n in range(agencies)
    ]
    origin = datetime(2018, 1, 1, tzinfo=UTC)
    span = 6 * 365 * 86400
    for agency in made:
        staff = _people(rng, agency, 30, ice=False)
        ice = _people(rng, agency, 12, ice=True)
        for _ in range(conversations // agencies):
            start = origin + timedelta(seconds=rng.randint(0, span))
            _conversation(b, agency, staff, ice, start)
        daily_start = origin + timedelta(days=rng.randint(0, 365), hours=14)
        _daily_notifications(b, agency, ice, daily_start, daily_days)
    return Corpus(made, b.emails)
