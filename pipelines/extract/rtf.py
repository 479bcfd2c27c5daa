"""Outlook bodies stored only as RTF: compressed RTF ([MS-OXRTFCP]) to RTF, RTF to plain text.

Many .msg files (and PST items) carry no plain-text body, only `PR_RTF_COMPRESSED`. Its RTF is
either real RTF or HTML wrapped in RTF (`\\fromhtml1`, [MS-OXRTFEX]); for the latter we recover the
HTML and turn that into text. Only what text needs is handled: groups,
control words, hex and Unicode escapes, paragraph breaks, and destinations to skip.
"""

from __future__ import annotations

import re
import struct
from html import unescape

from pipelines.extract.htmltext import html_to_text

_PREBUF = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
_COMPRESSED, _UNCOMPRESSED = 0x75465A4C, 0x414C454D  # "LZFu", "MELA"
_TOKEN = re.compile(rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}]+)", re.S)
# Destinations whose text is not body text.
_SKIP = {
    b"fonttbl",
    b"colortbl",
    b"stylesheet",
    b"info",
    b"pict",
    b"object",
    b"header",
    b"footer",
    b"headerl",
    b"headerr",
    b"footerl",
    b"footerr",
    b"listtable",
    b"listoverridetable",
    b"rsidtbl",
    b"generator",
    b"xmlnstbl",
    b"themedata",
    b"colorschememapping",
    b"latentstyles",
    b"datastore",
    b"mmathPr",
    b"filetbl",
    b"revtbl",
    b"pgdsctbl",
    b"fldinst",
}
_BREAKS = {
    b"par": "\n",
    b"line": "\n",
    b"row": "\n",
    b"page": "\n",
    b"sect": "\n",
    b"tab": "\t",
    b"cell": "\t",
    b"emdash": "\u2014",
    b"endash": "\u2013",
    b"lquote": "\u2018",
    b"rquote": "\u2019",
    b"ldblquote": "\u201c",
    b"rdblquote": "\u201d",
    b"bullet": "\u2022",
}


class RtfError(ValueError):
    pass


def decompress_rtf(data: bytes) -> bytes:
    """PR_RTF_COMPRESSED to RTF bytes (LZ77 over a 4 KiB ring preloaded with common RTF)."""
    if len(data) < 16:
        raise RtfError("compressed RTF shorter than its 16-byte header")
    comp_size, raw_size, comp_type, _crc = struct.unpack_from("<IIII", data)
    body = data[16 : 4 + comp_size]
    if comp_type == _UNCOMPRESSED:
        return body[:raw_size]
    if comp_type != _COMPRESSED:
        raise RtfError(f"unknown compressed-RTF type 0x{comp_type:08x}")
    ring = bytearray(4096)
    ring[: len(_PREBUF)] = _PREBUF
    write = len(_PREBUF)
    out = bytearray()
    position = 0
    while position < len(body) and len(out) < raw_size:
        flags = body[position]
        position += 1
        for bit in range(8):
            if position >= len(body):
                break
            if flags >> bit & 1:
                if position + 1 >= len(body):
                    break
                word = body[position] << 8 | body[position + 1]
                position += 2
                offset, length = word >> 4, (word & 0xF) + 2
                if offset == write:
                    return bytes(out)
                for step in range(length):
                    byte = ring[(offset + step) % 4096]
                    out.append(byte)
                    ring[write] = byte
                    write = (write + 1) % 4096
            else:
                byte = body[position]
                position += 1
                out.append(byte)
                ring[write] = byte
                write = (write + 1) % 4096
    return bytes(out[:raw_size])


class _Text:
    """Collects output text, decoding runs of \\'hh bytes together (multi-byte code pages)."""

    def __init__(self, codepage: str) -> None:
        self.codepage = codepage
        self.parts: list[str] = []
        self.pending = bytearray()

    def byte(self, value: int) -> None:
        self.pending.append(value)

    def text(self, value: str) -> None:
        self.flush()
        self.parts.append(value)

    def flush(self) -> None:
        if self.pending:
            self.parts.append(bytes(self.pending).decode(self.codepage, errors="replace"))
            self.pending.clear()

    def value(self) -> str:
        self.flush()
        return "".join(self.parts)


def _codepage(rtf: bytes) -> str:
    match = re.search(rb"\\ansicpg(\d+)", rtf[:2048])
    name = f"cp{int(match.group(1))}" if match else "cp1252"
    try:
        "".encode(name)
    except LookupError:
        return "cp1252"
    return name


def rtf_to_text(rtf: bytes) -> str:
    """Plain text of an RTF body; HTML encapsulated in RTF comes back as text, not markup."""
    from_html = b"\\fromhtml" in rtf[:1024]
    out = _Text(_codepage(rtf))
    # Per group: (skipping, in \htmlrtf, unicode skip count); \* marks an ignorable destination.
    stack: list[tuple[bool, bool, int]] = []
    skipping = html_rtf = False
    uc = 1
    skip_chars = 0
    starred = False
    for word, arg, hex_byte, symbol, brace, text in _TOKEN.findall(rtf):
        if brace == b"{":
            stack.append((skipping, html_rtf, uc))
            starred = False
            continue
        if brace == b"}":
            skipping, html_rtf, uc = stack.pop() if stack else (False, False, 1)
            continue
        if skip_chars and (hex_byte or text):
            if text:
                text = text[skip_chars:]
                skip_chars = 0
            else:
                skip_chars -= 1
                continue
        visible = not skipping and not (from_html and html_rtf)
        if word:
            if word == b"htmltag" and from_html:
                skipping, starred = False, False  # HTML kept verbatim
            elif starred or word in _SKIP:
                skipping = True
            elif word == b"htmlrtf":
                html_rtf = arg != b"0"
            elif word == b"uc":
                uc = int(arg or 1)
            elif word == b"u" and visible:
                out.text(chr(int(arg) % 65536))
                skip_chars = uc
            elif word in _BREAKS and visible:
                out.text(_BREAKS[word])
            starred = False
        elif symbol:
            if symbol == b"*":
                starred = True
            elif visible and symbol in b"\\{}":
                out.text(symbol.decode())
            elif visible and symbol == b"~":
                out.text("\u00a0")
            elif visible and symbol in b"\r\n":
                out.text("\n")
        elif hex_byte and visible:
            out.byte(int(hex_byte, 16))
        elif text and visible:
            out.text(text.replace(b"\r", b"").replace(b"\n", b"").decode(out.codepage, "replace"))
    result = out.value()
    if from_html:
        return html_to_text(result)
    return re.sub(r"\n{3,}", "\n\n", unescape(result)).strip()
