"""Files inside files: how container readers hand over attachments and archive members.

A container reader (mail, msg, pst, archive) never writes files itself and never uses a name from
inside a container as a path: it passes each member's bytes to an `Output`, which keeps them by
content (sha256) and returns the hash. Release extraction then reads every child like any other
file, so a PDF attachment goes through the PDF reader and an attached e-mail through the mail reader.

`Contents` keeps one container's books: items it declares (`expect`), items extracted, items
reported missing (each with an error row), and the limits on member count and unpacked bytes.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
from typing import BinaryIO, Protocol

from pipelines.extract.rows import ChildRow, ErrorRow, Extraction, ItemCounts
from pipelines.settings import Limits

_CHUNK = 1 << 20
_UNSAFE_IN_NAME = re.compile(r"[/\\\x00]|::")


class LimitExceeded(ValueError):
    """A container would unpack more members or bytes than `Limits` allows (e.g. a zip bomb)."""


class Output(Protocol):
    """Where a container reader puts what would not fit in memory."""

    def store(self, stream: BinaryIO, max_bytes: int) -> tuple[str, int]:
        """Keep the stream's bytes by content; returns (sha256, size). Past max_bytes: raise."""
        ...

    def spill(self, extraction: Extraction) -> None:
        """Take the rows gathered so far off the extraction (written out, lists emptied)."""
        ...


def copy_hashed(stream: BinaryIO, target: BinaryIO, max_bytes: int) -> tuple[str, int]:
    """Copy in chunks while hashing; raise LimitExceeded as soon as more than max_bytes arrive."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise LimitExceeded(f"unpacked bytes exceed the limit ({max_bytes} bytes left)")
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest(), size


class MemoryOutput:
    """An Output that keeps everything in memory: for callers that want the whole result at once
    (tests, one-off reads). Release extraction uses staging's writer instead."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def store(self, stream: BinaryIO, max_bytes: int) -> tuple[str, int]:
        buffer = io.BytesIO()
        sha, size = copy_hashed(stream, buffer, max_bytes)
        self.blobs[sha] = buffer.getvalue()
        return sha, size

    def spill(self, extraction: Extraction) -> None:
        """Nothing to do: rows stay on the extraction for the caller to read."""


def name_component(name: str | None, fallback: str) -> str:
    """A file name made safe to embed in a member path (no separators, no `::`)."""
    cleaned = _UNSAFE_IN_NAME.sub("_", (name or "").strip())
    return cleaned or fallback


def printable_name(name: str) -> str:
    """A file or member name as the warehouse can hold it. Names are bytes on disk and in tars,
    and releases unpacked from Windows archives bring Latin-1 or Windows-1252 ones that are not
    UTF-8: Python keeps those bytes as surrogates, which no Parquet or DuckDB string takes. They
    are written as `\\xe9`: nothing is guessed, and two names never become one."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def archive_member_path(name: str) -> str | None:
    """The normalised path of an archive member, or None when it would leave the archive's folder
    (absolute paths, drive letters, `..` segments) and must be refused."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or re.match(r"^[A-Za-z]:", unified) or "\x00" in unified:
        return None
    normal = posixpath.normpath(unified)
    if normal in {".", ".."} or normal.startswith("../"):
        return None
    return printable_name(normal.replace("::", "_"))


class Contents:
    """The books of one container: what it declares, what came out, what is reported missing."""

    def __init__(self, extraction: Extraction, output: Output, limits: Limits) -> None:
        self.extraction = extraction
        self.output = output
        self.limits = limits
        self.counts = extraction.items = extraction.items or ItemCounts()
        self.files = 0
        self.unpacked_bytes = 0

    def expect(self, count: int = 1) -> None:
        self.counts.expected += count

    def message_extracted(self) -> None:
        self.counts.extracted += 1

    def add_file(
        self, member_path: str, stream: BinaryIO, message_id: str | None = None
    ) -> ChildRow:
        """Store one member and record it as a child document of this container."""
        if self.files >= self.limits.max_members:
            raise LimitExceeded(f"more than {self.limits.max_members} members (max_members)")
        left = self.limits.max_unpacked_bytes - self.unpacked_bytes
        try:
            sha, size = self.output.store(stream, left)
        except LimitExceeded as exc:
            raise LimitExceeded(
                f"more than {self.limits.max_unpacked_bytes} unpacked bytes "
                f"(max_unpacked_bytes) at {member_path}"
            ) from exc
        self.files += 1
        self.unpacked_bytes += size
        row = ChildRow(self.extraction.document_id, member_path, sha, size, message_id)
        self.extraction.children.append(row)
        self.counts.extracted += 1
        return row

    def add_bytes(self, member_path: str, data: bytes, message_id: str | None = None) -> ChildRow:
        return self.add_file(member_path, io.BytesIO(data), message_id)

    def missing(self, member_path: str, error_class: str, reason: str, count: int = 1) -> None:
        """Report items that could not be extracted; the container itself stays parsed."""
        self.counts.missing += count
        line = " ".join(f"{member_path}: {reason}".split())[:500]
        self.extraction.errors.append(
            ErrorRow(self.extraction.document_id, "extract", error_class, line)
        )
