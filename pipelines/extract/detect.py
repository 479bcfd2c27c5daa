"""Decide what a file is from its first bytes, falling back to the extension only for plain text.

Releases rename files freely (`export.dat` that is an mbox, `.pdf` files that are HTML error pages), so
the extension is a hint, never the verdict.
"""

from __future__ import annotations

import re
from pathlib import Path

PDF = "application/pdf"
EML = "message/rfc822"
EMLX = "message/x-emlx"
MBOX = "application/mbox"
MSG = "application/vnd.ms-outlook"
PST = "application/vnd.ms-outlook-pst"
ZIP = "application/zip"
TAR = "application/x-tar"
GZIP = "application/gzip"
BZIP2 = "application/x-bzip2"
XZ = "application/x-xz"
SEVEN_ZIP = "application/x-7z-compressed"
RAR = "application/vnd.rar"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
TEXT = "text/plain"
EMPTY = "application/x-empty"
OCTET = "application/octet-stream"

_HEADER_LINE = re.compile(
    rb"^(received|from|to|subject|date|message-id|mime-version|return-path|delivered-to"
    rb"|x-[a-z0-9-]+|content-type|reply-to|cc):[ \t]",
    re.IGNORECASE,
)
_MBOX_START = re.compile(rb"^From \S+.*\d{4}\s*$", re.MULTILINE)
_EMLX_START = re.compile(rb"^\s*\d+\s*\r?\n")
_ARCHIVE_MAGIC = (
    (b"\x1f\x8b", GZIP),
    (b"BZh", BZIP2),
    (b"\xfd7zXZ\x00", XZ),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_ZIP),
    (b"Rar!\x1a\x07", RAR),
)


def _looks_like_rfc822(head: bytes) -> bool:
    """At least two header lines before the first blank line, one of them From/Subject/Date."""
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    lines = [ln for ln in block.splitlines() if ln and not ln[:1].isspace()]
    hits = [ln for ln in lines if _HEADER_LINE.match(ln)]
    key = any(ln.lower().startswith((b"from:", b"subject:", b"date:")) for ln in hits)
    return key and len(hits) >= 2 and len(hits) >= len(lines) // 2


def _zip_kind(path: Path, head: bytes) -> str:
    """Office files are zips too: keep them whole (a spreadsheet is not a bundle of XML parts)."""
    suffix = path.suffix.lower()
    if b"xl/" in head[:4096] or suffix == ".xlsx":
        return XLSX
    if b"word/" in head[:4096] or suffix == ".docx":
        return DOCX
    if b"ppt/" in head[:4096] or suffix == ".pptx":
        return PPTX
    return ZIP


def _archive_kind(head: bytes) -> str | None:
    if head[257:262] == b"ustar":
        return TAR
    for magic, kind in _ARCHIVE_MAGIC:
        if head.startswith(magic):
            return kind
    return None


def detect_media_type(path: Path, head: bytes) -> str:
    """`head` is the first few KiB of the file (all of it for small files)."""
    if not head:
        return EMPTY
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return MSG
    if head.startswith(b"!BDN"):
        return PST
    # Archives before the loose PDF test: a zip or tar may store a PDF near its start.
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path, head)
    archive = _archive_kind(head)
    if archive:
        return archive
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"From ") and _MBOX_START.match(head):
        return MBOX
    emlx = _EMLX_START.match(head)
    if emlx and _looks_like_rfc822(head[emlx.end() :]):
        return EMLX
    if _looks_like_rfc822(head):
        return EML
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CSV
    if suffix in {".txt", ".md"}:
        return TEXT
    return OCTET
