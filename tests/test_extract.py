"""Discovery, reader dispatch, quarantine and the staging cache, on real files made here."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import duckdb
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipelines.cli import main
from pipelines.extract import detect
from pipelines.extract.children import LimitExceeded
from pipelines.extract.discover import discover_releases, find_release, release_fingerprint
from pipelines.extract.dispatch import extract_document
from pipelines.extract.release import extract_release
from pipelines.staging import Staging


def small_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    lines = [
        "From: Ramirez, Ana <aramirez@mbcso.example.gov>",
        "Sent: Thursday, March 8, 2018 9:17 AM",
        "To: Doe, John <john.doe@ice.dhs.gov>",
        "Subject: Release date",
        "",
        "He will be released at 0600 tomorrow.",
    ]
    for number, line in enumerate(lines):
        page.drawString(72, 720 - 14 * number, line)
    page.drawString(480, 30, "MBCSO-000001")
    page.showPage()
    page.save()
    return buffer.getvalue()


def make_raw(root: Path) -> Path:
    release = root / "mbcso" / "r1"
    release.mkdir(parents=True)
    (root / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "mbcso,Mariposa Bay Sheriff,sheriff,Mariposa Bay,CA,,mbcso.example.gov\n"
    )
    (root / "notes").mkdir()  # not an agency: skipped
    pdf = small_pdf()
    (release / "print.pdf").write_bytes(pdf)
    (release / "copy_of_print.pdf").write_bytes(pdf)
    (release / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (release / "zero.pdf").write_bytes(b"")
    (release / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage that is not a pdf \n%%EOF\n")
    (release / "error_page.pdf").write_bytes(b"<html><body>Session expired</body></html>")
    (release / "release.toml").write_text('request_number = "CPRA-1"\nlaw = "CPRA"\n')
    return root


def test_discovery_hashes_types_and_skips_non_agencies(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    (release,) = discover_releases(raw)
    assert release.key == "mbcso/r1"
    assert release.metadata == {"request_number": "CPRA-1", "law": "CPRA"}
    types = {f.relative_path: f.media_type for f in release.files}
    assert types == {
        "broken.pdf": detect.PDF,
        "copy_of_print.pdf": detect.PDF,
        "error_page.pdf": detect.OCTET,
        "print.pdf": detect.PDF,
        "truncated.pdf": detect.PDF,
        "zero.pdf": detect.EMPTY,
    }
    assert find_release(raw, "mbcso/r1").files == release.files


def test_each_bad_file_is_quarantined_with_a_reason(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    files = {f.relative_path: f for f in find_release(raw, "mbcso/r1").files}

    def run(name: str):
        f = files[name]
        return extract_document(f.absolute_path, f.sha256, f.media_type, f.bytes)

    assert run("print.pdf").status == "parsed"
    assert len(run("print.pdf").messages) == 1
    for name, reason in [
        ("truncated.pdf", "truncated PDF: no %%EOF trailer"),
        ("zero.pdf", "empty file (0 bytes)"),
        ("broken.pdf", ""),
    ]:
        result = run(name)
        assert result.status == "quarantined", name
        assert reason in result.error
        (error,) = result.errors
        assert error.message == result.error and "\n" not in error.message
    unsupported = run("error_page.pdf")
    assert (unsupported.status, unsupported.errors) == ("unsupported", [])


def test_a_page_pdfium_cannot_load_costs_that_page_not_the_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    for number in (1, 2, 3):
        pdf.drawString(72, 720, f"Page {number} of the release")
        pdf.showPage()
    pdf.save()
    # Page 2's object (4 0 obj) becomes the number 42: the document opens, that page cannot load.
    data = buffer.getvalue().replace(b"4 0 obj\n<<", b"4 0 obj\n42", 1)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data)
    result = extract_document(path, hashlib.sha256(data).hexdigest(), detect.PDF, len(data))
    assert result.status == "parsed"
    assert [(p.page_number, p.text.strip(), p.text_source) for p in result.pages] == [
        (1, "Page 1 of the release", "text_layer"),
        (2, "", "none"),
        (3, "Page 3 of the release", "text_layer"),
    ]
    (error,) = result.errors
    assert error.error_class == "PdfiumError" and "p. 2" in error.message
    assert "\n" not in error.message


def test_release_extraction_uses_the_cache_and_marks_duplicates(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    staging = Staging(tmp_path / "staging")
    release = find_release(raw, "mbcso/r1")
    first = extract_release(release, staging)
    assert (first.parsed_now, first.from_cache) == (5, 1)  # the copy hits the cache within the run
    assert first.statuses == {"parsed": 1, "duplicate": 1, "quarantined": 3, "unsupported": 1}
    second = extract_release(find_release(raw, "mbcso/r1"), staging)
    assert (second.parsed_now, second.from_cache) == (0, 6)
    assert second.fingerprint == first.fingerprint


def test_a_file_name_that_is_not_utf8_is_read_and_kept_as_written(tmp_path: Path) -> None:
    """A release unpacked from a Windows archive can name a file in Latin-1 bytes. Python keeps
    them as surrogates, which Parquet refused: the whole release failed to stage, and the run
    stopped."""
    raw = make_raw(tmp_path)
    folder = raw / "mbcso" / "r1"
    latin1 = os.fsencode(folder) + b"/caf\xe9 records.pdf"
    Path(os.fsdecode(latin1)).write_bytes(small_pdf() + b"%another print\n")
    before = release_fingerprint(folder)
    names = {f.relative_path for f in find_release(raw, "mbcso/r1").files}
    assert "caf\\xe9 records.pdf" in names  # the byte, written out: nothing guessed
    warehouse = tmp_path / "warehouse"
    assert main(["run", "--raw", str(raw), "--warehouse", str(warehouse)]) == 3  # quarantines
    with duckdb.connect(str(warehouse / "audit.duckdb"), read_only=True) as con:
        (status,) = con.execute(
            "SELECT status FROM documents WHERE path = ?", ["caf\\xe9 records.pdf"]
        ).fetchone()
    assert status == "parsed"
    assert release_fingerprint(folder) == before


def test_fingerprint_changes_when_a_file_changes(tmp_path: Path) -> None:
    raw = make_raw(tmp_path)
    folder = raw / "mbcso" / "r1"
    before = release_fingerprint(folder)
    assert release_fingerprint(folder) == before
    (folder / "new.eml").write_bytes(b"From: a@b.org\nSubject: s\n\nx\n")
    assert release_fingerprint(folder) != before


def test_blob_store_makes_its_folders_keeps_bytes_by_content_and_cleans_up(tmp_path: Path) -> None:
    blobs = Staging(tmp_path / "staging").blobs  # no folder exists yet: put makes them
    sha, size = blobs.put(io.BytesIO(b"attachment"), max_bytes=100)
    assert (sha, size) == (hashlib.sha256(b"attachment").hexdigest(), 10)
    assert blobs.path(sha).read_bytes() == b"attachment"
    assert blobs.put(io.BytesIO(b"attachment"), max_bytes=100) == (sha, size)
    with pytest.raises(LimitExceeded):
        blobs.put(io.BytesIO(b"x" * 101), max_bytes=100)
    stored = [p.relative_to(blobs.root).as_posix() for p in blobs.root.rglob("*") if p.is_file()]
    assert stored == [f"{sha[:2]}/{sha}"]  # no temporary file left by the refused one
