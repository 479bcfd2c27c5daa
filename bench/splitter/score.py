"""Score the printed-email splitter on the labelled corpus: boundaries and header fields.

    .venv/bin/python -m bench.splitter.score [--text-only] [--seed N] [--per-layout N]

Each corpus PDF goes through the real reader (`pipelines.extract.pdf.read_pages`, PDFium text and
located characters) and the splitter. A predicted message matches a true one when both start and end
on the same pages, are both top-level or both quoted, and their bodies begin with the same line:
boundary precision and recall count those matches. Field accuracy is over all true messages (a
missed message counts as wrong): From (name and address), sent_at (the instant, or the wall-clock
time when the print names no zone), subject (None where the print shows none), and the To list as
an exact set. Pages not mail: flagged right / truly not mail (+ mail pages flagged wrongly).
Leaks: messages whose body or header carries page furniture (Bates, banner, print time, counter).
`--text-only` drops the located characters, as for OCR text.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from bench.splitter.corpus import (
    DOCUMENTS_PER_LAYOUT,
    SEED,
    CorpusDocument,
    TruthMessage,
    build_corpus,
)
from pipelines.extract.pdf import read_pages
from pipelines.extract.rows import MessageRow, ParticipantRow
from pipelines.printed import PrintedPage, PrintedResult, split_printed
from pipelines.settings import Limits

FIELDS = ("from", "sent_at", "subject", "to")
TARGETS = {"boundary_f1": 0.99, "from": 0.98, "sent_at": 0.98, "subject": 0.98, "to": 0.95}


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.replace('"', "").split()).strip(" ,;").casefold()
    return text or None


def _party_key(name: str | None, address: str | None) -> str | None:
    return _text(address) or _text(name)


def _first_line(body: str) -> str:
    return " ".join(next((line for line in body.splitlines() if line.strip()), "").split())


@dataclass
class Tally:
    """Counts for one group of documents (a layout, or all)."""

    truth: int = 0
    predicted: int = 0
    matched: int = 0
    correct: Counter[str] = field(default_factory=Counter)
    pages_not_mail: int = 0
    pages_flagged: int = 0
    pages_flagged_right: int = 0
    leaks: int = 0  # messages whose body or header carries page furniture

    def add(self, other: Tally) -> None:
        self.truth += other.truth
        self.predicted += other.predicted
        self.matched += other.matched
        self.correct.update(other.correct)
        self.pages_not_mail += other.pages_not_mail
        self.pages_flagged += other.pages_flagged
        self.pages_flagged_right += other.pages_flagged_right
        self.leaks += other.leaks

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.truth if self.truth else 1.0


def _key(page_start: int, page_end: int, quoted: bool, first_line: str) -> tuple:
    return (page_start, page_end, quoted, first_line.casefold())


def _fields_right(
    truth: TruthMessage, message: MessageRow, to: list[ParticipantRow]
) -> Iterable[str]:
    shown = truth.shown
    if _text(shown.from_name) == _text(message.from_name) and _text(shown.from_address) == _text(
        message.from_address
    ):
        yield "from"
    if shown.sent is not None:
        if shown.sent.tzinfo is not None:
            if message.sent_at_utc == shown.sent.astimezone(UTC):
                yield "sent_at"
        elif message.sent_at_local == shown.sent:
            yield "sent_at"
    if _text(shown.subject) == _text(message.subject):
        yield "subject"
    expected = {_party_key(*party) for party in shown.to}
    if expected == {_party_key(p.name, p.address) for p in to}:
        yield "to"


def score_document(
    document: CorpusDocument, result: PrintedResult, misses: list[str] | None = None
) -> Tally:
    """Match predicted messages to true ones by boundary key; count field agreement. Each true
    message missed or read wrong adds a line to `misses` when given."""
    tally = Tally(truth=len(document.messages), predicted=len(result.messages))
    recipients: dict[str, list[ParticipantRow]] = {}
    for participant in result.participants:
        if participant.role == "to":
            recipients.setdefault(participant.message_id, []).append(participant)
    waiting: dict[tuple, list[MessageRow]] = {}
    for message in result.messages:
        key = _key(
            message.page_start or 0,
            message.page_end or 0,
            message.is_quoted,
            _first_line(message.body),
        )
        waiting.setdefault(key, []).append(message)
    for truth in document.messages:
        key = _key(truth.page_start, truth.page_end, truth.is_quoted, truth.shown.first_line)
        candidates = waiting.get(key)
        if not candidates:
            if misses is not None:
                misses.append(f"{document.path.name}: no message {key}")
            continue
        message = candidates.pop(0)
        tally.matched += 1
        right = set(_fields_right(truth, message, recipients.get(message.message_id, [])))
        tally.correct.update(right)
        if misses is not None and right != set(FIELDS):
            misses.append(f"{document.path.name}: {key} wrong {sorted(set(FIELDS) - right)}")
    for message in result.messages:
        shown = " ".join(
            filter(None, (message.body, message.subject, message.from_name, message.sent_at_text))
        )
        tally.leaks += any(stamp in shown for stamp in document.furniture)
    flagged = set(result.unassigned_pages)
    tally.pages_not_mail = len(document.not_mail)
    tally.pages_flagged = len(flagged)
    tally.pages_flagged_right = len(flagged & document.not_mail)
    return tally


def split_document(document: CorpusDocument, text_only: bool = False) -> PrintedResult:
    pages = read_pages(document.path, Limits()).pages
    if text_only:
        pages = [PrintedPage(page.number, page.text) for page in pages]
    return split_printed(document.path.name, pages)


def score_corpus(
    documents: list[CorpusDocument], text_only: bool = False, misses: list[str] | None = None
) -> dict[str, Tally]:
    """Tallies per layout and `all`."""
    tallies: dict[str, Tally] = {}
    for document in documents:
        tally = score_document(document, split_document(document, text_only), misses)
        tallies.setdefault(document.layout, Tally()).add(tally)
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    tallies["all"] = total
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    header = (
        f"{'layout':<16}{'true':>6}{'found':>7}{'prec':>8}{'recall':>8}{'F1':>8}"
        f"{'from':>8}{'sent_at':>9}{'subject':>9}{'to':>8}{'not-mail pages':>16}{'leaks':>7}"
    )
    rows = [header, "-" * len(header)]
    for name, tally in tallies.items():
        pages = f"{tally.pages_flagged_right}/{tally.pages_not_mail} (+{tally.pages_flagged - tally.pages_flagged_right})"
        rows.append(
            f"{name:<16}{tally.truth:>6}{tally.predicted:>7}{tally.precision:>8.3f}"
            f"{tally.recall:>8.3f}{tally.f1:>8.3f}{tally.accuracy('from'):>8.3f}"
            f"{tally.accuracy('sent_at'):>9.3f}{tally.accuracy('subject'):>9.3f}"
            f"{tally.accuracy('to'):>8.3f}{pages:>16}{tally.leaks:>7}"
        )
    return "\n".join(rows)


def targets_met(total: Tally) -> dict[str, bool]:
    values = {"boundary_f1": total.f1, **{name: total.accuracy(name) for name in FIELDS}}
    return {name: values[name] >= target for name, target in TARGETS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-only", action="store_true", help="ignore character positions")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-layout", type=int, default=DOCUMENTS_PER_LAYOUT)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        documents = build_corpus(Path(folder), args.seed, args.per_layout)
        misses: list[str] | None = [] if args.misses else None
        tallies = score_corpus(documents, args.text_only, misses)
    if misses:
        print("\n".join(misses))
    pages = sum(document.pages for document in documents)
    print(f"corpus: {len(documents)} PDFs, {pages} pages, seed {args.seed}")
    print(table(tallies))
    met = targets_met(tallies["all"])
    print(
        "targets: " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in met.items())
    )
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
