"""A labelled corpus of printed-email PDFs: every layout, every variation, and the truth.

Seeded and deterministic: the same seed writes the same PDFs and the same truth. Each document is
one print in one layout (`tests.factories.printed_pdf.LAYOUTS`) of a few email threads, each message
printed with the history its client quotes, with pages that are not mail (letters, forms, portal
printouts, withheld placeholders) mixed in, and page furniture (Bates, counters, banners, browser
headers and footers). Parties vary the way DOMAIN.md §1 lists: `Last, First <addr>`, names without
addresses, bare addresses, Exchange X.500 paths, `on behalf of`, redactions, Lotus Notes names,
long lists that wrap. The truth of every message is what the print shows (`Shown`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from tests.factories.printed_pdf import (
    LAYOUTS,
    Furniture,
    Item,
    Party,
    PlainPage,
    PrintedEmail,
    RenderedEmail,
    RenderedPlainPage,
    Shown,
    Thread,
    flat_history,
    render_printout,
)

DOCUMENTS_PER_LAYOUT = 5
SEED = 20240531

_FIRST = ["Ana", "Daniel", "Kevin", "Priya", "Marian", "Luis", "Rosa", "Tom", "Grace", "Omar"]
_LAST = ["Ramirez", "Okafor", "Smith", "Lee", "Whitfield", "Nguyen", "Brennan", "Castillo", "Ito"]
_ICE_FIRST = ["Erik", "Rita", "Jason", "Carla", "Dmitri", "Helen", "Marcus", "Yuki"]
_ICE_LAST = ["Halvorsen", "Castellano", "Park", "Mendes", "Volkov", "Osei", "Brandt", "Sato"]
_AGENCY_DOMAIN = "mbcso.example.gov"
_ICE_DOMAIN = "ice.dhs.gov"
_X500 = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN="
_REDACTED: list[Party] = [
    ("(b)(6)", "(b)(6)@ice.dhs.gov"),
    (None, "(b)(6)@ice.dhs.gov"),
    (None, "[REDACTED]"),
    (None, "(b)(6), (b)(7)(C)"),  # a bare redaction stands for the whole mailbox
]
_SUBJECTS = [
    "I-247A Detainer - {NAME}, {Name} - Booking {booking}",
    "Release date request - {anumber}",
    "Immigration Detainer - Notice of Action - {NAME}, {Name}",
    "Court date - booking {booking}",
    "Meeting request - CAP interviews at the Main Jail",
    "Notification Request (I-247N) - {NAME}, {Name}",
    "Criminal history request - {NAME}, {Name}",
    "Transfer on judicial warrant - booking {booking}",
    "Q{quarter} custody training schedule",
    "Task force briefing - Operation {Op}, {mm}/{dd} 0500",
]
_OPENERS = [
    "Good morning,",
    "Good afternoon,",
    "Sergeant,",
    "Officer {last},",
    "All,",
    "Thank you for the quick response.",
    "Please see the request below.",
    "Following up on my earlier message.",
    "{first},",
]
_SENTENCES = [
    "The subject is scheduled to be released on {mm}/{dd} at 0600 from the Main Jail.",
    "Please notify ICE at least 48 hours before release so officers can be present.",
    "Under SB 54 we do not hold individuals on immigration detainers.",
    "The release date is listed on the public inmate locator.",
    "Our officers can pick him up at the sally port on the north side of the building.",
    "Attached is the I-247A for the subject below, currently in your custody.",
    "A-number: {anumber}",
    "Booking #: {booking}",
    "On Monday the records unit will be closed for training.",
    "To be clear, we cannot send the booking photo or the home address.",
    "From what I can see the detainer was lodged in JMS yesterday.",
    "Date of birth and CII number are in the attached rap sheet.",
    "Let me know if you need anything else from our side.",
    "Counsel reviewed this and asked that we route the request through the legal advisor.",
    "We will not honor this request because the person does not meet the criteria of 7282.5.",
    "Interviews require a signed TRUTH Act consent form given to the inmate in advance.",
]
_SIGNATURES = [
    "{first} {last}\nCustody Records Unit\nMariposa Bay County Sheriff's Office",
    "{first} {last}\nDeportation Officer\nEnforcement and Removal Operations\n"
    "U.S. Immigration and Customs Enforcement\nDesk: (415) 555-01{nn}",
    "Thanks,\n{first}",
    "Sent from my iPhone",
]
_LETTERS = [
    (
        "MARIPOSA BAY COUNTY SHERIFF'S OFFICE",
        "Office of the Sheriff - Records and Public Information Unit\n\nMay 31, 2024\n\n"
        "Re: California Public Records Act Request No. {booking}\n\nDear Requester:\n\n"
        "This letter responds to your request for communications with U.S. Immigration and "
        "Customs Enforcement. Responsive records are enclosed. Portions have been withheld "
        "pursuant to Gov. Code 7923.600 and 7927.705.\n\nSincerely,\n\nR. Castillo\n"
        "Public Records Coordinator",
    ),
    (
        "IMMIGRATION DETAINER - NOTICE OF ACTION",
        "DHS Form I-247A (SYNTHETIC)\n\nSubject ID: {booking}\nEvent #: SFR{booking}\n"
        "File No: {anumber}\nDate: {mm}/{dd}/2019\nTo: (Name and Title of Institution - OR Any "
        "Subsequent Law Enforcement Agency)\nMariposa Bay County Jail\n\n"
        "[X] Notify DHS as early as practicable (at least 48 hours, if possible) before the "
        "alien is released from your custody.\n[ ] Maintain custody of the alien for a period "
        "NOT TO EXCEED 48 HOURS.\n\nName of Alien: {NAME}, {Name}\nDate of Birth: 04/11/1986",
    ),
    (
        "NEXTREQUEST PORTAL - REQUEST {booking}",
        "Request {booking} - Closed\nRequester: (b)(6)\nDepartments: Sheriff\n"
        "Timeline\nDocuments Released 05/31/2024 4:03 PM\nRequest Closed 05/31/2024 4:05 PM\n"
        "Due date extended 05/24/2024 9:12 AM\nRequest Opened 05/20/2024 9:12 AM\n"
        "Staff assigned: Records Unit",
    ),
    (
        "WITHHELD IN FULL",
        "Pages withheld pursuant to Gov. Code 7923.600 (records of investigation).",
    ),
]
_QUOTES = {
    "outlook": ["original", "original", "rule", "line", "bare"],
    "outlook_columns": ["original", "rule", "line", "bare"],
    "gmail": ["wrote"],
    "apple": ["wrote"],
    "plain": ["wrote"],
    "notes": ["notes"],
}
_FORWARDS = {
    "outlook": "original",
    "outlook_columns": "original",
    "gmail": "forwarded",
    "apple": "begin",
    "plain": "thunderbird",
    "notes": "notes_forward",
}
_DATES = {
    "outlook": ["outlook", "outlook", "outlook", "outlook_short", "comma24", "iso"],
    "outlook_columns": ["outlook", "outlook_short", "comma24"],
    "gmail": ["gmail"],
    "apple": ["apple"],
    "plain": ["rfc", "rfc_short"],
    "notes": ["notes"],
}
_REPLY = {"gmail": "Re: ", "apple": "Re: ", "plain": "Re: "}
_FORWARD = {"gmail": "Fwd: ", "apple": "Fwd: ", "plain": "Fwd: "}


@dataclass(frozen=True)
class TruthMessage:
    """One message of the corpus as printed: where it is and what its header shows."""

    document: str
    layout: str
    page_start: int
    page_end: int
    is_quoted: bool
    shown: Shown


@dataclass(frozen=True)
class CorpusDocument:
    path: Path
    layout: str
    pages: int
    messages: list[TruthMessage]
    not_mail: frozenset[int]  # pages of letters, forms, portal printouts, placeholders
    furniture: tuple[str, ...]  # text stamped on the pages that no message may contain


class _Writer:
    """Draws people, subjects, bodies and threads from one seeded random source."""

    def __init__(self, rng: random.Random, layout: str) -> None:
        self.rng = rng
        self.layout = layout
        self.clock = datetime(2017, 1, 3, 8, 0) + timedelta(days=rng.randrange(0, 2000))

    def fill(self, template: str, person: tuple[str, str] = ("Ana", "Ramirez")) -> str:
        r = self.rng
        name = r.choice(_LAST)
        return template.format(
            NAME=f"{r.choice(_ICE_LAST).upper()}-{name.upper()}",
            Name=r.choice(_FIRST),
            booking=f"{r.randrange(17, 24)}-{r.randrange(1000, 999999):06d}",
            anumber=f"A{r.randrange(100, 999)}-{r.randrange(100, 999)}-{r.randrange(100, 999)}",
            quarter=r.randrange(1, 5),
            Op=r.choice(["Harbor Light", "Tidewater", "Granite"]),
            mm=f"{r.randrange(1, 13):02d}",
            dd=f"{r.randrange(1, 29):02d}",
            first=person[0],
            last=person[1],
            nn=f"{r.randrange(10, 99)}",
        )

    def person(self, ice: bool) -> Party:
        """A party in one of the printed forms a release shows."""
        r = self.rng
        first, last = (
            (r.choice(_ICE_FIRST), r.choice(_ICE_LAST))
            if ice
            else (
                r.choice(_FIRST),
                r.choice(_LAST),
            )
        )
        address = f"{first[0].lower()}{last.lower()}@{_ICE_DOMAIN if ice else _AGENCY_DOMAIN}"
        if ice:
            address = f"{first.lower()}.{last.lower()}@{_ICE_DOMAIN}"
        roll = r.random()
        if self.layout == "notes" and not ice and roll < 0.6:
            return (f"{first} {last}/MBCSO@MBCSO", None)
        if roll < 0.45:
            return (f"{last}, {first}", address)
        if roll < 0.6:
            return (f"{first} {last}", address)
        if roll < 0.7:
            return (f"{last}, {first}", None)
        if roll < 0.77:
            return (None, address)
        if roll < 0.85 and ice:
            return r.choice(_REDACTED)
        if roll < 0.92 and self.layout.startswith("outlook"):
            return (f"{last}, {first}", f"{_X500}{first[0]}{last.upper()}{r.randrange(100, 999)}")
        return (f"{last}, {first}", address)

    def sender(self, ice: bool) -> Party:
        name, address = self.person(ice)
        if ice and address and "@" in address and self.rng.random() < 0.12:
            return (f"{name or 'Duty Officer'} on behalf of PERC Notifications", address)
        return (name, address)

    def recipients(self, ice: bool) -> list[Party]:
        count = self.rng.choice([1, 1, 1, 2, 2, 3, 5, 8])
        return [self.person(ice if n == 0 else self.rng.random() < 0.4) for n in range(count)]

    def body(self, sender: Party) -> str:
        r = self.rng
        words = (sender[0] or "Duty Officer").replace(",", "").split()
        person = (words[-1], words[0]) if sender[0] and "," in sender[0] else (words[0], words[-1])
        lines = [self.fill(r.choice(_OPENERS), person)]
        for _ in range(r.choice([1, 2, 2, 3, 4, 6, 12])):
            paragraph = " ".join(self.fill(r.choice(_SENTENCES)) for _ in range(r.randrange(1, 4)))
            lines.append(paragraph)
        lines.append(self.fill(r.choice(_SIGNATURES), person))
        return "\n\n".join(lines)

    def later(self) -> datetime:
        self.clock += timedelta(
            minutes=self.rng.randrange(7, 60 * 30), seconds=self.rng.randrange(60)
        )
        return self.clock

    def thread(self) -> list[PrintedEmail]:
        """A conversation between an agency side and ICE, each message quoting the history."""
        r = self.rng
        agency, ice = self.sender(False), self.sender(True)
        ice_first = r.random() < 0.5
        subject = self.fill(r.choice(_SUBJECTS))
        emails: list[PrintedEmail] = []
        for number in range(r.choice([1, 2, 2, 3, 3, 4])):
            from_ice = ice_first == (number % 2 == 0)
            sender = ice if from_ice else agency
            other = agency if from_ice else ice
            forward = number > 0 and r.random() < 0.2
            prefix = (_FORWARD if forward else _REPLY).get(
                self.layout, "FW: " if forward else "RE: "
            )
            style = _FORWARDS[self.layout] if forward else r.choice(_QUOTES[self.layout])
            emails.append(
                PrintedEmail(
                    from_name=sender[0],
                    from_address=sender[1],
                    sent=self.later(),
                    date_style=r.choice(_DATES[self.layout]),
                    to=[other, *self.recipients(not from_ice)[1:]],
                    cc=self.recipients(from_ice) if r.random() < 0.35 else [],
                    subject=subject if number == 0 else prefix + subject,
                    attachments=["I-247A.pdf"] if r.random() < 0.2 else [],
                    importance="High" if r.random() < 0.1 else None,
                    body=self.body(sender),
                    quoted=flat_history(emails[-1]) if emails else [],
                    quote_style=style,
                    new_page=r.random() < 0.15,
                )
            )
        return emails

    def plain_page(self) -> PlainPage:
        title, text = self.rng.choice(_LETTERS)
        return PlainPage(self.fill(title), self.fill(text))

    def items(self) -> list[Item]:
        r = self.rng
        items: list[Item] = []
        if r.random() < 0.5:
            items.append(self.plain_page())
        for _ in range(r.randrange(3, 6)):
            emails = self.thread()
            printed = emails if len(emails) <= 2 else emails[-2:]
            if self.layout == "gmail":
                items.append(
                    Thread(emails[0].subject, [replace(e, new_page=False) for e in printed])
                )
            else:
                items.extend(printed)
            if r.random() < 0.3:
                items.append(self.plain_page())
        return items

    def furniture(self) -> Furniture:
        r = self.rng
        base = {
            "gmail": Furniture(counter=None, browser=True),
            "apple": Furniture(counter=None),
            "notes": Furniture(counter=None),
        }.get(self.layout, Furniture())
        banner = r.choice(
            [None, None, "LAW ENFORCEMENT SENSITIVE", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"]
        )
        counter = base.counter if base.counter is None else r.choice(["Page {n} of {m}", "- {n} -"])
        return replace(base, banner=banner, counter=counter, bates_top=r.random() < 0.2)


_BATES = ["MBCSO-", "DHS-001-0427-", "ICE 2019FOIA04417.", "PVPD"]


def _truth(name: str, layout: str, rendered: list) -> tuple[list[TruthMessage], set[int]]:
    messages: list[TruthMessage] = []
    not_mail: set[int] = set()
    for item in rendered:
        if isinstance(item, RenderedPlainPage):
            not_mail.update(range(item.page_start, item.page_end + 1))
        elif isinstance(item, RenderedEmail):
            messages.append(
                TruthMessage(name, layout, item.page_start, item.page_end, False, item.shown)
            )
            messages.extend(
                TruthMessage(name, layout, q.page_start, q.page_end, True, q.shown)
                for q in item.quoted
            )
    return messages, not_mail


def build_corpus(
    folder: Path, seed: int = SEED, per_layout: int = DOCUMENTS_PER_LAYOUT
) -> list[CorpusDocument]:
    """Write the corpus PDFs under `folder` and return their truth."""
    folder.mkdir(parents=True, exist_ok=True)
    documents: list[CorpusDocument] = []
    for layout in LAYOUTS:
        for number in range(per_layout):
            rng = random.Random(f"{seed}-{layout}-{number}")
            writer = _Writer(rng, layout)
            name = f"{layout}_{number:02d}.pdf"
            owner = {
                "gmail": "Ana Ramirez <aramirez@mbcso.example.gov>",
                "outlook": "Ramirez, Ana",
                "outlook_columns": "Okafor, Daniel",
            }.get(layout)
            if layout.startswith("outlook") and rng.random() < 0.3:
                owner = None
            bates = rng.choice(_BATES)
            furniture = writer.furniture()
            rendered = render_printout(
                folder / name,
                writer.items(),
                layout=layout,
                bates_prefix=bates,
                bates_start=rng.randrange(1, 5000),
                mailbox_owner=owner,
                furniture=furniture,
                title=name,
            )
            messages, not_mail = _truth(name, layout, rendered)
            pages = max(getattr(item, "page_end", 0) for item in rendered)
            stamps = [bates.strip(), furniture.banner or ""]
            stamps += [furniture.print_time, "mail.google.com"] if furniture.browser else []
            if furniture.counter:
                stamps.append(furniture.counter.format(n=1, m=pages))
            documents.append(
                CorpusDocument(
                    folder / name,
                    layout,
                    pages,
                    messages,
                    frozenset(not_mail),
                    tuple(stamp for stamp in stamps if stamp),
                )
            )
    return documents
