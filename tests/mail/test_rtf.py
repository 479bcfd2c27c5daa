"""RTF bodies: compressed RTF from real Outlook files, plain RTF and HTML wrapped in RTF."""

from __future__ import annotations

import struct

import pytest

from pipelines.extract.rtf import RtfError, decompress_rtf, rtf_to_text
from tests.mail.outlook import fixture


def _uncompressed(rtf: bytes) -> bytes:
    """The 'MELA' (stored, not compressed) form of PR_RTF_COMPRESSED."""
    return struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414C454D, 0) + rtf


def test_compressed_rtf_from_a_real_msg_decompresses_to_its_text() -> None:
    from oxmsg import Message

    message = Message.load(str(fixture("rubymsg_qwerty_1-orig.msg")))
    rtf = decompress_rtf(message.properties.binary_prop_value(0x1009))
    assert rtf.startswith(b"{\\rtf1\\ansi")
    text = rtf_to_text(rtf)
    assert text.splitlines()[:3] == ["Charles Lowe", "Data Analyst", "Freehills"]
    assert "http://www.freehills.com" in text


def test_plain_rtf_escapes_destinations_and_paragraphs() -> None:
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}"
        rb"{\*\generator Riched20;}\pard Caf\'e9 \u8212? detainer\par"
        rb" Release at 0600\tab{\b sally port}\par\par\par\par End}"
    )
    assert rtf_to_text(decompress_rtf(_uncompressed(rtf))) == (
        "Café \u2014 detainer\nRelease at 0600\tsally port\n\nEnd"
    )


def test_html_wrapped_in_rtf_comes_back_as_text_not_markup() -> None:
    rtf = (
        rb"{\rtf1\ansi\ansicpg932\fromhtml1 \deff0{\fonttbl{\f0 MS Gothic;}}"
        rb"{\*\htmltag19 <html>}{\*\htmltag34 <head><style>p {color:red}</style></head>}"
        rb"{\*\htmltag50 <body>}{\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 Hold \'93\'fa\'96\'7b "
        rb"{\*\htmltag84 &amp;} release\htmlrtf }\htmlrtf0 {\*\htmltag72 </p>}"
        rb"\htmlrtf \par \htmlrtf0 {\*\htmltag58 </body></html>}}"
    )
    assert rtf_to_text(rtf) == "Hold 日本 & release"


def test_damaged_compressed_rtf_is_an_error_not_a_crash() -> None:
    with pytest.raises(RtfError):
        decompress_rtf(b"short")
    with pytest.raises(RtfError):
        decompress_rtf(struct.pack("<IIII", 12, 10, 0x12345678, 0))
