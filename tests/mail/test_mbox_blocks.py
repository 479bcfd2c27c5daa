"""`iter_mbox` reads in blocks; it must split exactly as a line-by-line reader does, wherever the
block boundaries fall (separators, CRLF blank lines and `>From ` escapes cut in two)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract import mail

_ESCAPED = re.compile(rb"^>+From ")


def by_line(path: Path) -> list[bytes]:
    """The rule as stated: a `From ` line after a blank line (or first) starts a message;
    `>From ` lines lose one `>`."""
    messages, current, previous_blank = [], [], True
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


LINES = st.sampled_from(
    [
        b"From a@x.gov Thu Mar  8 09:17:00 2018\n",
        b"From a@x.gov Thu Mar  8 09:17:00 2018\r\n",
        b"From: Ana <a@x.gov>\n",
        b"Subject: ICE detainer\r\n",
        b"\n",
        b"\r\n",
        b">From the desk of the sheriff\n",
        b">>From quoted twice\n",
        b"body From the middle\n",
        b"From here on, a body line that starts like a separator\n",
        b"no newline at the end",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, max_size=40), st.integers(min_value=1, max_value=64))
def test_blocks_split_as_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[bytes], block: int
) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines))
    monkeypatch.setattr(mail, "_BLOCK", block)
    assert list(mail.iter_mbox(path)) == by_line(path)


def test_file_without_final_newline_keeps_its_tail(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(b"From a Thu\nSubject: one\n\nbody\n\nFrom b Fri\nSubject: two\n\ntail")
    assert list(mail.iter_mbox(path)) == [
        b"Subject: one\n\nbody\n\n",
        b"Subject: two\n\ntail",
    ]


def test_empty_file_has_no_messages(tmp_path: Path) -> None:
    path = tmp_path / "empty.mbox"
    path.write_bytes(b"")
    assert list(mail.iter_mbox(path)) == []
