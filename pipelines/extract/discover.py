"""Walk raw/ and say what is there: agencies, releases, and every file with its sha256 and type.

Discovery only reads. It is cheap enough to run on every sensor tick for small trees; for large trees
hashing dominates, which is why the fingerprint used by the sensor (`release_fingerprint`) looks only
at names, sizes and modification times.
"""

from __future__ import annotations

import csv
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.extract.children import printable_name
from pipelines.extract.detect import detect_media_type

RELEASE_METADATA = "release.toml"
_HEAD_BYTES = 8192
_CHUNK = 1 << 20


class RawLayoutError(Exception):
    """raw/ is not laid out as the input contract says; the message tells the user what to fix."""


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    agency_type: str
    county: str
    state: str
    timezone: str
    email_domains: tuple[str, ...]


@dataclass(frozen=True)
class RawFile:
    relative_path: str  # relative to the release folder, with forward slashes
    absolute_path: Path
    sha256: str
    bytes: int
    media_type: str


@dataclass
class Release:
    agency_id: str
    release_id: str
    folder: Path
    metadata: dict[str, object] = field(default_factory=dict)
    files: list[RawFile] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The Dagster partition key and the `releases.release_id` in the warehouse."""
        return f"{self.agency_id}/{self.release_id}"


def read_agencies(raw: Path) -> dict[str, Agency]:
    path = raw / "agencies.csv"
    if not path.is_file():
        raise RawLayoutError(
            f"{path} not found: raw/ needs agencies.csv (agency_id,name,agency_type,county,state,"
            "timezone,email_domains). To try the bundled sample: records-audit run --raw raw/sample"
        )
    agencies: dict[str, Agency] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            agency_id = (row.get("agency_id") or "").strip()
            if not agency_id:
                raise RawLayoutError(f"{path}:{line_no}: empty agency_id")
            domains = tuple(
                d.strip().lower() for d in (row.get("email_domains") or "").split(";") if d.strip()
            )
            agencies[agency_id] = Agency(
                agency_id=agency_id,
                name=(row.get("name") or agency_id).strip(),
                agency_type=(row.get("agency_type") or "other").strip() or "other",
                county=(row.get("county") or "").strip(),
                state=(row.get("state") or "").strip(),
                timezone=(row.get("timezone") or "").strip() or "America/Los_Angeles",
                email_domains=domains,
            )
    return agencies


def _release_folders(raw: Path, agencies: dict[str, Agency]) -> list[tuple[str, Path]]:
    found = []
    for agency_dir in sorted(p for p in raw.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if agency_dir.name not in agencies:
            continue  # e.g. raw/sample/, a complete raw root of its own; reported by `unknown_folders`
        for release_dir in sorted(agency_dir.iterdir()):
            if release_dir.is_dir() and not release_dir.name.startswith("."):
                found.append((agency_dir.name, release_dir))
    return found


def unknown_folders(raw: Path, agencies: dict[str, Agency]) -> list[str]:
    """Top-level folders that are not agencies, so the CLI can say why they were skipped."""
    return sorted(
        p.name
        for p in raw.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in agencies
    )


def _read_metadata(folder: Path) -> dict[str, object]:
    path = folder / RELEASE_METADATA
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {"metadata_error": f"{RELEASE_METADATA}: {exc}"}


def hash_file(path: Path) -> tuple[str, bytes, int]:
    """sha256, the first bytes (for type detection) and the size, in one streaming read."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not head:
                head = chunk[:_HEAD_BYTES]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), head, size


def release_paths(folder: Path) -> dict[str, Path]:
    """A release's files by the path the warehouse gives them (relative to the release folder,
    `printable_name`), leaving out release.toml and hidden files."""
    paths = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = printable_name(path.relative_to(folder).as_posix())
        if relative != RELEASE_METADATA and not path.name.startswith("."):
            paths[relative] = path
    return paths


def release_files(folder: Path) -> list[RawFile]:
    files = []
    for relative, path in release_paths(folder).items():
        sha, head, size = hash_file(path)
        files.append(RawFile(relative, path, sha, size, detect_media_type(path, head)))
    return files


def discover_releases(raw: Path, *, with_files: bool = True) -> list[Release]:
    """Every release under raw/, sorted by key. `with_files=False` skips hashing (for the sensor)."""
    agencies = read_agencies(raw)
    releases = []
    for agency_id, folder in _release_folders(raw, agencies):
        release = Release(agency_id, folder.name, folder, _read_metadata(folder))
        if with_files:
            release.files = release_files(folder)
        releases.append(release)
    return releases


def release_fingerprint(folder: Path) -> str:
    """Changes when any file under the release is added, removed, resized or touched."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode(
                "utf-8",
                "surrogateescape",  # a name's bytes as they are, UTF-8 or not
            )
        )
    return digest.hexdigest()[:16]


def find_release(raw: Path, key: str) -> Release:
    """One release by its `<agency_id>/<release_id>` key, with its files hashed."""
    agency_id, _, release_id = key.partition("/")
    folder = raw / agency_id / release_id
    if agency_id not in read_agencies(raw) or not release_id or not folder.is_dir():
        raise RawLayoutError(
            f"release {key} not found under {raw} (or its agency is not in agencies.csv)"
        )
    return Release(agency_id, release_id, folder, _read_metadata(folder), release_files(folder))
