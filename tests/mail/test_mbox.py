"""The block-reading mbox splitter against real files: separators, CRLF, block edges, mboxrd."""

from __future__ import annotations

import email
import email.header
import random
import re
from pathlib import Path

import pytest

from pipelines.extract import mail
from pipelines.extract.children import MemoryOutput
from pipelines.extract.mail import iter_mbox, read_mbox
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

_ESCAPED = re.compile(rb"^>+From ")


def _line_by_line(path: Path) -> list[bytes]:
    """The reference: the reader as it was, one line at a time (kept here to compare against)."""
    messages: list[bytes] = []
    current: list[bytes] = []
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b"From ") and previous_blank:
                if current:
                    messages.append(b"".join(current))
                current = []
            else:
                current.append(line[1:] if _ESCAPED.match(line) else line)
            previous_blank = line in (b"\n", b"\r\n")
    if current:
        messages.append(b"".join(current))
    return messages


def _write(tmp_path: Path, data: bytes, name: str = "box.mbox") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _split(path: Path) -> list[bytes]:
    messages = list(iter_mbox(path))
    assert messages == _line_by_line(path)
    return messages


@pytest.fixture(params=[1, 2, 3, 5, 7, 64, 1 << 22], ids=lambda size: f"block{size}")
def block(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Every test runs with tiny blocks too, so lines and separators fall across block edges."""
    monkeypatch.setattr(mail, "_BLOCK", request.param)
    return request.param


def test_separator_only_after_a_blank_line(tmp_path: Path, block: int) -> None:
    data = (
        b"From a Mon Jan  7 09:00:00 2019\nSubject: one\n\nhello\nFrom the desk: not a separator\n"
        b"\nFrom b Mon Jan  7 09:01:00 2019\nSubject: two\n\nbye\n"
    )
    one, two = _split(_write(tmp_path, data))
    assert one == b"Subject: one\n\nhello\nFrom the desk: not a separator\n\n"
    assert two == b"Subject: two\n\nbye\n"


def test_a_blank_line_with_spaces_is_not_blank(tmp_path: Path, block: int) -> None:
    data = b"From a\nSubject: one\n\nx\n \nFrom b\n"
    assert _split(_write(tmp_path, data)) == [b"Subject: one\n\nx\n \nFrom b\n"]


def test_a_from_line_right_after_the_separator_is_content(tmp_path: Path, block: int) -> None:
    data = b"From a\nFrom b\nSubject: x\n\nbody\n"
    assert _split(_write(tmp_path, data)) == [b"From b\nSubject: x\n\nbody\n"]


def test_crlf_file(tmp_path: Path, block: int) -> None:
    data = (
        b"From a Mon Jan  7 09:00:00 2019\r\nSubject: one\r\n\r\nhello\r\n>From here\r\n\r\n"
        b"From b Mon Jan  7 09:01:00 2019\r\nSubject: two\r\n\r\nbye\r\n"
    )
    one, two = _split(_write(tmp_path, data))
    assert one == b"Subject: one\r\n\r\nhello\r\nFrom here\r\n\r\n"
    assert two == b"Subject: two\r\n\r\nbye\r\n"


def test_first_line_need_not_be_a_separator(tmp_path: Path, block: int) -> None:
    data = b"Subject: no envelope\n\nbody\n\nFrom b\nSubject: two\n\nbye\n"
    assert _split(_write(tmp_path, data)) == [
        b"Subject: no envelope\n\nbody\n\n",
        b"Subject: two\n\nbye\n",
    ]


def test_empty_and_tiny_files(tmp_path: Path, block: int) -> None:
    for data in (b"", b"\n", b"From a\n", b"From a", b"From ", b"\n\n", b"From a\n\n", b"x"):
        _split(_write(tmp_path, data))
    assert _split(_write(tmp_path, b"")) == []
    assert _split(_write(tmp_path, b"From a\n")) == []


def test_no_trailing_data_lost(tmp_path: Path, block: int) -> None:
    data = b"From a\nSubject: one\n\nlast line without newline"
    assert _split(_write(tmp_path, data)) == [b"Subject: one\n\nlast line without newline"]
    data = b"From a\nSubject: one\n\nx\n\nFrom b\nSubject: two\n\n>From  y"
    assert _split(_write(tmp_path, data))[-1] == b"Subject: two\n\nFrom  y"


def test_mboxrd_unescapes_only_at_line_starts(tmp_path: Path, block: int) -> None:
    data = (
        b"From a\n>From one\n>>From two\n>>>From three\n x >From inside\nsee >From\n"
        b">From\n>Fromage\n>>From\r\n>From "
    )
    (message,) = _split(_write(tmp_path, data))
    assert message == (
        b"From one\n>From two\n>>From three\n x >From inside\nsee >From\n"
        b">From\n>Fromage\n>>From\r\nFrom "
    )


def test_random_files_split_as_line_by_line(tmp_path: Path, block: int) -> None:
    """Files made of the pieces that matter, in random order, split exactly as the reference."""
    pieces = [b"From ", b"From x\n", b">From ", b">>From ", b"\n", b"\r\n", b"\r", b"a", b" ", b">"]
    rng = random.Random(block)
    for round_ in range(60 if block < 64 else 300):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
        _split(_write(tmp_path, data, f"r{round_}.mbox"))


def test_read_mbox_counts_every_message_across_blocks(tmp_path: Path, block: int) -> None:
    body = b"line\n" * 50
    data = b"".join(
        f"From MAILER-DAEMON Mon Jan  7 09:00:00 2019\nSubject: m{n}\n\n".encode() + body + b"\n"
        for n in range(30)
    )
    path = _write(tmp_path, data)
    result = read_mbox(
        path,
        Extraction(document_id="e" * 64, media_type="application/mbox"),
        Limits(),
        MemoryOutput(),
    )
    assert [m.subject for m in result.messages] == [f"m{n}" for n in range(30)]


_PART_HEADERS = [
    b"",
    b"Content-Type: text/plain; charset=utf-8\n",
    b'Content-Type: application/pdf; NAME="a.pdf"\n',
    b"Content-Type: application/pdf\nContent-Disposition: attachment\n",
    b'Content-Disposition: attachment; FileName="b.pdf"\n',
    b"Content-Disposition: inline; filename*=utf-8''caf%C3%A9.txt\n",
    b'Content-Type: text/plain; name*0="long"; name*1="er.txt"\n',
    b'Content-Disposition: attachment; filename="\xe9t\xe9.pdf"\n',
    b'Content-Type: text/plain; name="\xe9.txt"\nContent-Disposition: inline\n',
    b"Content-Type: text/plain; rename=x; charset=us-ascii\n",
    b"Content-Disposition: attachment; filename=\nContent-Type: text/plain; name=c.txt\n",
]


@pytest.mark.parametrize("head", _PART_HEADERS)
def test_filename_shortcut_matches_get_filename(head: bytes) -> None:
    part = email.message_from_bytes(head + b"\nbody\n")
    assert mail._filename(part) == part.get_filename()


_CHARSET_HEADERS = [
    b"Content-Type: text/plain; charset=ISO-8859-1\n",
    b'Content-Type: text/plain; CHARSET="Windows-1252"\n',
    b"Content-Type: text/plain; charset*=iso-8859-1'en'us-ascii\n",
    b"Content-Type: text/plain; charset*=bogus''latin-1\n",
    b"Content-Type: text/plain; charset=x-no-such-charset\n",
    b"Content-Type: text/plain; charset=\xe9\n",
    b"Content-Type: text/plain; charset=\n",
    b"Content-Type: text/plain\nContent-Type: text/plain; charset=latin-1\n",
]


@pytest.mark.parametrize("head", _PART_HEADERS + _CHARSET_HEADERS)
def test_part_text_charset_shortcut_matches_get_content_charset(head: bytes) -> None:
    part = email.message_from_bytes(head + b"\ncaf\xe9 \xe2\x82\xac\n")
    payload = part.get_payload(decode=True)
    try:
        expected = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:
        expected = payload.decode("utf-8", errors="replace")
    assert mail._part_text(part) == expected


@pytest.mark.parametrize(
    "value",
    ["", " ", "  Plain   subject\t here ", "=?utf-8?q?caf=C3=A9?= ok", "a\x1cb", "x =? y"],
)
def test_header_shortcut_matches_full_decoding(value: str) -> None:
    full = " ".join(
        "".join(mail._chunk_text(c, cs) for c, cs in email.header.decode_header(value)).split()
    )
    assert mail.decode_header_value(value) == (full or None)


def test_headers_index_matches_message_get() -> None:
    raw = (
        b"From: a@b.org\nTo: x@y.org\nTO: second@y.org\nSubject: caf\xe9\nsubject: later\n"
        b"Date: Mon, 07 Jan 2019 09:00:00 -0800\n\nbody\n"
    )
    message = email.message_from_bytes(raw)
    headers = mail._Headers(message)
    for name in ("from", "to", "cc", "subject", "date", "message-id"):
        assert str(headers.get(name)) == str(message.get(name))
        assert [str(v) for v in headers.get_all(name)] == [
            str(v) for v in message.get_all(name, [])
        ]


def _structure(message: email.message.Message) -> tuple:
    """Everything the parser decides about a message and, recursively, its parts."""
    payload = message.get_payload()
    return (
        message.get_unixfrom(),
        [(k, str(v)) for k, v in message.items()],
        [type(d) for d in message.defects],
        message.get_default_type(),
        message.preamble,
        message.epilogue,
        [_structure(part) for part in payload] if message.is_multipart() else payload,
    )


def _same_parse(data: bytes) -> None:
    full, fast = email.message_from_bytes(data), mail.parse_message(data)
    assert fast.as_string() == full.as_string()
    assert _structure(fast) == _structure(full)
    if not full.is_multipart():
        assert fast.get_payload(decode=True) == full.get_payload(decode=True)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"\r\n",
        b"\rbody",
        b"Subject: x\n\nbody\n",
        b"Subject: x\r\n\r\nbody\r\nmore\r\n",
        b"Subject: x\r\rbody\r",
        b"Subject: x\n folded\n\tagain\n\nbody",
        b"Subject: x\nno header here\nbody\n",
        b"Subject: x",
        b"Subject: x\n",
        b"From someone\nSubject: x\n\nbody\n",
        b"Subject: caf\xe9\nContent-Type: text/plain; charset=latin-1\n\ncaf\xe9\n",
        b"Content-Type: MULTIPART/mixed; boundary=b\n\n--b\n\none\n--b--\n",
        b"Content-Type: message/rfc822\n\nSubject: inner\n\nhi\n",
        b"Content-Type: text/plain\nX-Note: about multipart mail\n\nplain\n",
        b"Content-Transfer-Encoding: base64\n\naGVsbG8=\n",
        b"Subject: x\n \n\nbody",
        b": empty name\n\nbody\n",
        b"Subject: x\n\n\n\nbody after blank lines\n",
        b"Content-Type: multipart/mixed; boundary=b\n\npre\n\n--b\nX: 1\n\none\n\n--b \t\n\ntwo"
        b"\n--b--  \nepi\n--b\nlogue",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\none\n--b--",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b--\n--b\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b--\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nno close\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n",
        b"Content-Type: multipart/mixed; boundary=b\n\nno boundary at all\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--bb\n--b\nX: 1\n--b-- x\n--b--",
        b"Content-Type: multipart/mixed\n\n--b\n\none\n--b--\n",
        b"Content-Type: multipart/digest; boundary=b\n\n--b\n\nSubject: in\n\nx\n--b--\n",
        b"Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n--b\n\n"
        b"x\n--b--\n",
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b--\r\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative;"
        b" boundary=c\n\n--c\n\nin\n--c--\n--b--\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n"
        b"Subject: in\n\nx\n--b--\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nno header\n--b\nX: 1\n--b\n\n\n--b--",
        b'Content-Type: multipart/mixed; boundary="a.b+c"\n\n--a.b+c\n\n\xe9\n--axb+c\n--a.b+c--',
    ],
)
def test_parse_message_matches_message_from_bytes(data: bytes) -> None:
    _same_parse(data)


def test_parse_message_matches_on_random_messages() -> None:
    pieces = [b"Subject: s", b"X-A: 1", b" cont", b"\tcont", b"From x", b"body", b"", b":", b"\xe9"]
    ends = [b"\n", b"\r\n", b"\r"]
    rng = random.Random(9)
    for _ in range(2000):
        data = b"".join(
            rng.choice(pieces) + rng.choice(ends) for _ in range(rng.randint(0, 8))
        ) + rng.choice([b"", b"tail", b"\n"])
        _same_parse(data)


def test_parse_message_matches_on_random_multiparts() -> None:
    """Multiparts built from pieces that move the parser's boundary, part and epilogue rules: most
    are well formed (the shortcut's case), some have stray, doubled or missing boundary lines."""
    heads = [
        b"Content-Type: multipart/mixed; boundary=b",
        b'Content-Type: multipart/alternative; boundary="b"',
        b"Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: 7bit",
        b"Content-Type: multipart/related; boundary=b\nSubject: s",
    ]
    lines = [b"", b"", b"text", b"text", b"\xe9", b"X-A: 1", b" cont", b"--bx", b"x--b", b"-b"]
    lines += [b"Content-Type: text/plain", b"Content-Type: application/pdf", b"aGVsbG8="]
    lines += [b"Content-Transfer-Encoding: base64", b"--b", b"--b--"]
    rng = random.Random(11)
    shortcut = 0
    for _ in range(3000):
        pieces = [rng.choice(lines) for _ in range(rng.randint(0, 3))]
        for _ in range(rng.randint(0, 3)):
            pieces.append(rng.choice([b"--b", b"--b ", b"--b\t"]))
            pieces += [rng.choice(lines) for _ in range(rng.randint(0, 5))]
        pieces.append(rng.choice([b"--b--", b"--b-- ", b"--b--\t", b"--b", b"text"]))
        pieces += [rng.choice(lines) for _ in range(rng.randint(0, 3))]
        data = rng.choice(heads) + b"\n\n" + b"\n".join(pieces) + rng.choice([b"", b"\n"])
        _same_parse(data)
        head = mail._PARSER.parsestr(data.decode("ascii", "surrogateescape"), headersonly=True)
        body = data.split(b"\n\n", 1)[1].decode("ascii", "surrogateescape")
        shortcut += mail._multipart_parts(head, body) is not None
    assert shortcut > 500  # the shortcut itself was compared, not only the fallback


_STDLIB_MAIL = Path(email.__file__).parent.parent / "test" / "test_email" / "data"


@pytest.mark.skipif(not _STDLIB_MAIL.is_dir(), reason="this Python ships without its test suite")
def test_parse_message_matches_on_the_standard_library_test_messages() -> None:
    """CPython's own e-mail test corpus: nested, digest, malformed and boundary-less multiparts."""
    for path in sorted(_STDLIB_MAIL.glob("msg_*.txt")):
        data = path.read_bytes()
        _same_parse(data)
        _same_parse(data.replace(b"\r\n", b"\n"))
