"""The small real Outlook files in ../shared/fixtures/outlook/ (from ruby-msg, MIT; see LICENSE there).

Tests that use them skip when the folder is absent (a checkout without shared/), and PST tests also
skip when readpst (Debian pst-utils) is not installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

OUTLOOK_FIXTURES = (PROJECT_ROOT / ".." / "shared" / "fixtures" / "outlook").resolve()


def fixture(name: str) -> Path:
    path = OUTLOOK_FIXTURES / name
    if not path.is_file():
        pytest.skip(f"Outlook fixture {name} not found in {OUTLOOK_FIXTURES}")
    return path


def pst_fixture(name: str) -> Path:
    if shutil.which("readpst") is None:
        pytest.skip("readpst not installed (Debian package pst-utils)")
    return fixture(name)
