"""Outlook .pst mailboxes: readpst (Debian `pst-utils`) converts, we read and count.

readpst writes every item of every folder as its own file under a folder tree (`-e`), including
Deleted Items (`-D`; without it that folder is skipped silently), with bodies in UTF-8 where Outlook
stored them so (`-8`). Each e-mail item becomes a message row with locator
`pst:<folder path>/<item number>`; other items (contacts, appointments) become child documents.

readpst is known to lose items without a word, so the number of messages the file declares is read
from its own node B-tree (pstindex.py) and compared with what readpst wrote: a shortfall is
recorded in the item counts and reported in ingest_errors.

readpst invents a random MIME boundary per run; boundaries are renumbered in order of appearance so
the same PST always gives the same rows and the same attachment ids.
"""

from __future__ import annotations

import email
import re
import subprocess
import tempfile
from pathlib import Path

from pipelines.extract.children import Contents, Output, printable_name
from pipelines.extract.mail import SPILL_EVERY, message_rows, strip_envelope
from pipelines.extract.pstindex import count_messages
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

READPST = "readpst"
_BOUNDARY = re.compile(rb"--boundary-LibPST-iamunique-\d+_-_-")
_NO_SENDER = re.compile(rb"^From: <MAILER-DAEMON>\r?\n", re.MULTILINE)  # readpst's placeholder


class ReadpstError(RuntimeError):
    pass


def _run_readpst(path: Path, out: Path, limits: Limits) -> None:
    command = [READPST, "-e", "-D", "-8", "-q", "-o", str(out), str(path)]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=limits.pst_timeout_seconds, check=False
        )
    except FileNotFoundError as exc:
        raise ReadpstError("readpst not found: install Debian package pst-utils") from exc
    except subprocess.TimeoutExpired as exc:
        raise ReadpstError(f"readpst ran over {limits.pst_timeout_seconds}s") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadpstError(f"readpst exit {done.returncode}: {said[-1] if said else ''}")


def _item_order(path: Path) -> tuple:
    """Folder by folder, items by number (readpst numbers them 1, 2, ... per folder)."""
    stem = path.stem
    return (path.parent.as_posix(), int(stem) if stem.isdigit() else 0, path.name)


def deterministic_item(data: bytes) -> bytes:
    """readpst's bytes for one item, with its random boundaries renumbered and its placeholder
    sender (an item with no sender) removed."""
    numbers: dict[bytes, bytes] = {}

    def renumber(match: re.Match[bytes]) -> bytes:
        return numbers.setdefault(match.group(0), b"--boundary-LibPST-%d_-_-" % (len(numbers) + 1))

    data = _BOUNDARY.sub(renumber, strip_envelope(data))
    head, separator, body = data.partition(b"\n\n")
    return _NO_SENDER.sub(b"", head, count=1) + separator + body


def read_pst(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    contents = Contents(extraction, output, limits)
    expected = count_messages(path)
    contents.expect(expected)
    items = 0
    with tempfile.TemporaryDirectory(prefix="records-audit-readpst-") as folder:
        out = Path(folder)
        _run_readpst(path, out, limits)
        for item in sorted((p for p in out.rglob("*") if p.is_file()), key=_item_order):
            relative = item.relative_to(out)  # readpst names folders after the PST's own
            folder_path = printable_name(relative.parent.as_posix())
            items += 1
            if item.suffix == ".eml":
                message = email.message_from_bytes(deterministic_item(item.read_bytes()))
                locator = f"pst:{folder_path}/{item.stem}"
                message_rows(message, contents, "pst", locator, readpst_output=True)
            else:
                with item.open("rb") as handle:
                    contents.add_file(f"pst:{printable_name(relative.as_posix())}", handle)
            if len(extraction.messages) >= SPILL_EVERY:
                output.spill(extraction)
    if items < expected:
        contents.missing(
            "pst",
            "ItemsMissing",
            f"the PST's node tree holds {expected} messages, readpst wrote {items}",
            count=expected - items,
        )
    elif items > expected:  # more items than message nodes: our count was low, nothing is lost
        contents.expect(items - expected)
    return extraction
