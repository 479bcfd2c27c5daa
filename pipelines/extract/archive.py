"""Zip and tar bundles (plain or gzip/bzip2/xz-compressed), and single compressed files.

Members become child documents, read like any file; nested archives are opened by the release walk
up to `Limits.max_nesting_depth`. Nothing is ever written by a member's name: bytes go to the
content-addressed staging store. Still, a name that would leave the archive's folder (`../x`, `/etc/x`,
`C:\\x`) is refused and reported, as are encrypted members, links and devices, each as a missing
item with its reason; the other members are kept.

Limits: an archive that declares more members or unpacked bytes than allowed is quarantined before
anything is unpacked (a zip bomb costs nothing); one that lies about sizes is stopped as the bytes
arrive.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pipelines.extract.children import Contents, LimitExceeded, Output, archive_member_path
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

# What reading one member can raise; NotImplementedError is zipfile's for a compression method it
# does not read (Deflate64, which Windows uses for large files) or strong encryption.
_READ_ERRORS = (
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
)
_ENCRYPTED = 0x1
_SYMLINK = 0o120000
_COMPRESSED_SUFFIXES = {".gz", ".bz2", ".xz"}


def _check_declared(members: int, unpacked: int, limits: Limits) -> None:
    if members > limits.max_members:
        raise LimitExceeded(f"declares {members} members; the limit is {limits.max_members}")
    if unpacked > limits.max_unpacked_bytes:
        raise LimitExceeded(
            f"declares {unpacked} unpacked bytes; the limit is {limits.max_unpacked_bytes}"
        )


class _Names:
    """Member paths made unique: zip allows the same name twice, documents need distinct paths."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, member: str) -> str:
        candidate, number = member, 1
        while candidate in self.used:
            number += 1
            candidate = f"{member}#{number}"
        self.used.add(candidate)
        return candidate


def read_zip(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    contents = Contents(extraction, output, limits)
    names = _Names()
    with zipfile.ZipFile(path) as archive:
        # not `is_dir()`, which fails on a member with an empty name
        infos = [info for info in archive.infolist() if not info.filename.endswith("/")]
        _check_declared(len(infos), sum(info.file_size for info in infos), limits)
        contents.expect(len(infos))
        for info in infos:
            member = archive_member_path(info.filename)
            if member is None:
                contents.missing(info.filename, "UnsafeMemberPath", "refused: leaves the folder")
            elif info.flag_bits & _ENCRYPTED:
                contents.missing(member, "EncryptedMember", "encrypted member, no password")
            elif (info.external_attr >> 16) & 0o170000 == _SYMLINK:
                contents.missing(member, "LinkMember", "symbolic link, not a file")
            else:
                try:
                    with archive.open(info) as stream:
                        contents.add_file(names.unique(member), stream)
                except _READ_ERRORS as exc:
                    contents.missing(member, type(exc).__name__, str(exc) or "unreadable member")
    return extraction


def _tar_members(archive: tarfile.TarFile, contents: Contents, limits: Limits) -> None:
    names = _Names()
    for info in archive:
        if info.isdir():
            continue
        contents.expect()
        member = archive_member_path(info.name)
        if member is None:
            contents.missing(info.name, "UnsafeMemberPath", "refused: leaves the folder")
            continue
        if not info.isfile():
            contents.missing(member, "LinkMember", "link or device, not a file")
            continue
        _check_declared(contents.files + 1, contents.unpacked_bytes + info.size, limits)
        stream = archive.extractfile(info)
        try:
            contents.add_file(names.unique(member), stream)
        except _READ_ERRORS as exc:
            contents.missing(member, type(exc).__name__, str(exc) or "unreadable member")


def read_tar(path: Path, extraction: Extraction, limits: Limits, output: Output) -> Extraction:
    """A tar, compressed or not; members streamed in order (tar has no directory to read first)."""
    contents = Contents(extraction, output, limits)
    with tarfile.open(path, mode="r:*") as archive:
        try:
            _tar_members(archive, contents, limits)
        except LimitExceeded:
            raise
        except _READ_ERRORS as exc:
            contents.expect()
            contents.missing("tar", "TruncatedArchive", f"rest of the archive unreadable: {exc}")
    return extraction


def read_compressed(
    path: Path, extraction: Extraction, limits: Limits, output: Output
) -> Extraction:
    """gzip/bzip2/xz: a compressed tar is read as a tar, anything else as one compressed file."""
    try:
        return read_tar(path, extraction, limits, output)
    except tarfile.ReadError:
        pass
    contents = Contents(extraction, output, limits)
    contents.expect()
    # A staged attachment has no name of its own (its file is named by hash).
    name = path.stem if path.suffix.lower() in _COMPRESSED_SUFFIXES else "decompressed"
    with _open_by_magic(path)(path) as stream:
        contents.add_file(name, stream)
    return extraction


def _open_by_magic(path: Path) -> Callable[[Path], BinaryIO]:
    with path.open("rb") as handle:
        magic = handle.read(6)
    if magic.startswith(b"\x1f\x8b"):
        return gzip.open
    if magic.startswith(b"BZh"):
        return bz2.open
    return lzma.open
