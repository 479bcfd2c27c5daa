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


def _looks_like_rfc822(head: bytes) -> bool:
    """At least two header lines before the first blank line, one of them From/Subject/Date."""
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    lines = [ln for ln in block.splitlines() if ln and not ln[:1].isspace()]
    hits = [ln for ln in lines if _HEADER_LINE.match(ln)]
    key = any(ln.lower().startswith((b"from:", b"subject:", b"date:")) for ln in hits)
    return key and len(hits) >= 2 and len(hits) >= len(lines) // 2


def detect_media_type(path: Path, head: bytes) -> str:
    """`head` is the first few KiB of the file (all of it for small files)."""
    if not head:
        return EMPTY
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return MSG
    if head.startswith(b"!BDN"):
        return PST
    if head.startswith(b"PK\x03\x04"):
        return XLSX if b"xl/" in head[:4096] or path.suffix.lower() == ".xlsx" else ZIP
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
