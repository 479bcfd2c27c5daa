"""Extract one release: every file parsed once (or served from the staging cache), then a manifest.

The manifest holds one row per file so that the load step can account for every file, including
the ones that failed; within a release, a second file with the same bytes is marked `duplicate`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.extract import PARSER_VERSION
from pipelines.extract.discover import Release
from pipelines.extract.dispatch import extract_document
from pipelines.settings import Limits
from pipelines.staging import Staging

Progress = Callable[[int, int, str], None]


@dataclass
class ReleaseStats:
    files: int = 0
    parsed_now: int = 0
    from_cache: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    messages: int = 0
    errors: int = 0
    seconds: float = 0.0
    fingerprint: str = ""


def extract_release(
    release: Release,
    staging: Staging,
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ReleaseStats:
    started = time.perf_counter()
    stats = ReleaseStats(files=len(release.files))
    seen: set[str] = set()
    manifest = []
    for index, raw_file in enumerate(release.files, start=1):
        if progress:
            progress(index, len(release.files), raw_file.relative_path)
        summary = staging.cached(raw_file.sha256)
        if summary is None:
            extraction = extract_document(
                raw_file.absolute_path, raw_file.sha256, raw_file.media_type, raw_file.bytes, limits
            )
            summary = staging.write_extraction(extraction)
            stats.parsed_now += 1
        else:
            stats.from_cache += 1
        status, error = summary["status"], summary["error"]
        if raw_file.sha256 in seen:
            status, error = "duplicate", "same bytes as another file in this release"
        else:
            counts = summary["counts"]
            stats.pages += counts["pages"]
            stats.messages += counts["messages"]
            stats.errors += counts["errors"]
        seen.add(raw_file.sha256)
        stats.statuses[status] = stats.statuses.get(status, 0) + 1
        manifest.append(
            {
                "document_id": raw_file.sha256,
                "path": raw_file.relative_path,
                "media_type": raw_file.media_type,
                "bytes": raw_file.bytes,
                "page_count": summary["page_count"],
                "status": status,
                "error": error,
                "parser_version": PARSER_VERSION,
            }
        )
    release_info = {
        "release_id": release.key,
        "agency_id": release.agency_id,
        "release_name": release.release_id,
        "metadata": release.metadata,
    }
    stats.fingerprint = staging.write_manifest(release.key, manifest, release_info)
    stats.seconds = time.perf_counter() - started
    return stats
