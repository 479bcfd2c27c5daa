"""Extract one release: every file parsed once (or served from the staging cache), then a manifest.

The manifest holds one row per document so that the load step can account for every file, including
the ones that failed, and every file found inside another (attachments, archive members). Those
children are read through the same dispatch as files on disk, recursively up to
`Limits.max_nesting_depth`; their path is `<parent path>::<member path>`. Within a release, a second
document with the same bytes is marked `duplicate` and not opened again. Documents are visited
breadth-first, files on disk before anything inside them, so the copy nearest the release folder is
the one parsed (a PDF on disk, not the same PDF attached to an e-mail).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipelines.extract import PARSER_VERSION
from pipelines.extract.detect import detect_media_type
from pipelines.extract.discover import Release
from pipelines.extract.dispatch import extract_document
from pipelines.extract.rows import ChildRow, ErrorRow
from pipelines.settings import Limits
from pipelines.staging import Staging

Progress = Callable[[int, int, str], None]
MEMBER_SEPARATOR = "::"
_HEAD_BYTES = 8192


@dataclass
class ReleaseStats:
    files: int = 0
    children: int = 0  # documents found inside other documents
    parsed_now: int = 0
    from_cache: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    messages: int = 0
    errors: int = 0
    seconds: float = 0.0
    fingerprint: str = ""


@dataclass(frozen=True)
class _Document:
    path: str  # inside the release; `::` between a container and a member
    document_id: str
    media_type: str
    bytes: int
    source: Path  # where the bytes are: the raw file, or the staged blob of a child
    parent_document_id: str | None = None
    depth: int = 0


class _Walk:
    """Records documents one at a time; each visit returns the children still to visit."""

    def __init__(self, staging: Staging, limits: Limits, stats: ReleaseStats) -> None:
        self.staging = staging
        self.limits = limits
        self.stats = stats
        self.seen: set[str] = set()
        self.manifest: list[dict] = []
        self.errors: list[tuple[str, ErrorRow]] = []

    def visit(self, document: _Document) -> list[_Document]:
        if document.document_id in self.seen:
            self._record(
                document,
                {"status": "duplicate", "error": "same bytes as another document in this release"},
                self._summary(document),
            )
            return []
        if document.depth > self.limits.max_nesting_depth:
            self._refuse(
                document,
                "NestingTooDeep",
                f"nested {document.depth} levels deep; the limit is "
                f"{self.limits.max_nesting_depth} (max_nesting_depth)",
            )
            return []
        if not document.source.is_file():
            self._refuse(
                document, "StagedBytesMissing", "staged bytes missing: delete warehouse/staging"
            )
            return []
        self.seen.add(document.document_id)
        summary = self._summary(document)
        counts = summary["counts"]
        self.stats.pages += counts["pages"]
        self.stats.messages += counts["messages"]
        self.stats.errors += counts["errors"]
        self._record(document, summary, summary)
        if not counts.get("children"):
            return []
        return [self._child(document, c) for c in self.staging.children(document.document_id)]

    def _refuse(self, document: _Document, error_class: str, reason: str) -> None:
        """A document the walk does not open: quarantined, with the reason in ingest_errors."""
        error = ErrorRow(document.document_id, "extract", error_class, reason)
        self.errors.append((document.path, error))
        self.stats.errors += 1
        self._record(document, {"status": "quarantined", "error": reason}, None)

    def _summary(self, document: _Document) -> dict:
        summary = self.staging.cached(document.document_id)
        if summary is not None:
            self.stats.from_cache += 1
            return summary
        writer = self.staging.writer(document.document_id)
        extraction = extract_document(
            document.source,
            document.document_id,
            document.media_type,
            document.bytes,
            self.limits,
            writer,
        )
        self.stats.parsed_now += 1
        return writer.finish(extraction)

    def _child(self, parent: _Document, child: ChildRow) -> _Document:
        source = self.staging.blobs.path(child.document_id)
        head = b""
        if source.is_file():
            with source.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
        self.stats.children += 1
        return _Document(
            path=f"{parent.path}{MEMBER_SEPARATOR}{child.member_path}",
            document_id=child.document_id,
            media_type=detect_media_type(Path(child.member_path), head),
            bytes=child.bytes,
            source=source,
            parent_document_id=parent.document_id,
            depth=parent.depth + 1,
        )

    def _record(self, document: _Document, outcome: dict, summary: dict | None) -> None:
        status = outcome["status"]
        self.stats.statuses[status] = self.stats.statuses.get(status, 0) + 1
        # A duplicate's items are counted once, at the first copy.
        items = (summary or {}).get("items") if status != "duplicate" else None
        self.manifest.append(
            {
                "document_id": document.document_id,
                "path": document.path,
                "media_type": document.media_type,
                "bytes": document.bytes,
                "page_count": summary["page_count"] if summary else None,
                "status": status,
                "error": outcome["error"],
                "parser_version": PARSER_VERSION,
                "parent_document_id": document.parent_document_id,
                "items_expected": items["expected"] if items else None,
                "items_extracted": items["extracted"] if items else None,
                "items_missing": items["missing"] if items else None,
                "files_inside": summary["counts"].get("children", 0) if items else None,
            }
        )


def extract_release(
    release: Release,
    staging: Staging,
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ReleaseStats:
    started = time.perf_counter()
    stats = ReleaseStats(files=len(release.files))
    limits = replace(
        limits or Limits(), ocr_cache=(limits and limits.ocr_cache) or staging.root / "ocr"
    )
    walk = _Walk(staging, limits, stats)
    queue = deque(
        _Document(f.relative_path, f.sha256, f.media_type, f.bytes, f.absolute_path)
        for f in release.files
    )
    on_disk = 0
    while queue:
        document = queue.popleft()
        if progress and document.parent_document_id is None:
            on_disk += 1
            progress(on_disk, len(release.files), document.path)
        queue.extend(walk.visit(document))
    release_info = {
        "release_id": release.key,
        "agency_id": release.agency_id,
        "release_name": release.release_id,
        "metadata": release.metadata,
    }
    stats.fingerprint = staging.write_manifest(
        release.key, walk.manifest, release_info, walk.errors
    )
    stats.seconds = time.perf_counter() - started
    return stats
