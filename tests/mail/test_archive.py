"""Zip and tar bundles: members as children, unsafe names refused, bombs stopped, nothing silent."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from pipelines.extract import detect
from pipelines.extract.children import MemoryOutput, archive_member_path
from pipelines.extract.dispatch import extract_document
from pipelines.extract.rows import Extraction
from pipelines.settings import Limits
from tests.factories.mail import make_tar, make_zip

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _read(tmp_path: Path, name: str, data: bytes, limits: Limits | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    output = MemoryOutput()
    media_type = detect.detect_media_type(path, data[:8192])
    sha = hashlib.sha256(data).hexdigest()
    result: Extraction = extract_document(path, sha, media_type, len(data), limits, output)
    return media_type, result, output


def test_member_paths_that_leave_the_folder_are_refused() -> None:
    assert archive_member_path("scans/p1.pdf") == "scans/p1.pdf"
    assert archive_member_path("a/./b/../c.pdf") == "a/c.pdf"
    assert archive_member_path("scans\\p2.pdf") == "scans/p2.pdf"
    for unsafe in (
        "../evil.pdf",
        "a/../../evil.pdf",
        "/etc/passwd",
        "C:\\Windows\\x.dll",
        "..",
        "",
    ):
        assert archive_member_path(unsafe) is None, unsafe


def test_zip_members_become_children_and_bad_members_are_reported(tmp_path: Path) -> None:
    bundle = make_zip(
        [
            ("responsive/print.pdf", PDF),
            ("responsive/print.pdf", PDF + b"%second copy, same name\n"),
            ("../../outside.pdf", PDF),
            ("/abs/olute.pdf", PDF),
            ("locked.pdf", PDF),
            ("notes/readme.txt", b"cover letter"),
        ],
        encrypted=frozenset({"locked.pdf"}),
    )
    media_type, result, output = _read(tmp_path, "release.zip", bundle)
    assert media_type == detect.ZIP  # not a PDF, though one is stored near the start
    assert result.status == "parsed"
    assert [c.member_path for c in result.children] == [
        "responsive/print.pdf",
        "responsive/print.pdf#2",
        "notes/readme.txt",
    ]
    assert output.blobs[result.children[0].document_id] == PDF
    assert (result.items.expected, result.items.extracted, result.items.missing) == (6, 3, 3)
    assert sorted((e.error_class, e.message) for e in result.errors) == [
        ("EncryptedMember", "locked.pdf: encrypted member, no password"),
        ("UnsafeMemberPath", "../../outside.pdf: refused: leaves the folder"),
        ("UnsafeMemberPath", "/abs/olute.pdf: refused: leaves the folder"),
    ]


def test_a_member_python_cannot_unpack_or_without_a_name_costs_only_itself(
    tmp_path: Path,
) -> None:
    """A Deflate64 member (Windows' choice for large files) raised NotImplementedError, and a
    member with an empty name raised IndexError: each quarantined the whole release zip."""
    bundle = make_zip(
        [("big.pdf", PDF), ("", b"no name"), ("print.pdf", PDF)], deflate64=frozenset({"big.pdf"})
    )
    _, result, _ = _read(tmp_path, "release.zip", bundle)
    assert result.status == "parsed"
    assert [c.member_path for c in result.children] == ["print.pdf"]
    assert sorted((e.error_class, e.message) for e in result.errors) == [
        ("NotImplementedError", "big.pdf: That compression method is not supported"),
        ("UnsafeMemberPath", ": refused: leaves the folder"),
    ]


def test_a_tar_member_named_in_latin1_keeps_its_name_written_out(tmp_path: Path) -> None:
    """tarfile reads a name's bytes that are not UTF-8 as surrogates, which no Parquet or DuckDB
    string takes; the byte is written out instead (`\\xe9`)."""
    _, result, output = _read(tmp_path, "release.tar", make_tar([("caf\udce9.pdf", PDF)]))
    assert result.status == "parsed"
    (child,) = result.children
    assert child.member_path == "caf\\xe9.pdf"
    assert output.blobs[child.document_id] == PDF


def test_zip_bomb_is_quarantined_before_anything_is_unpacked(tmp_path: Path) -> None:
    bomb = make_zip([("zeros.bin", bytes(2_000_000))])
    assert len(bomb) < 10_000
    limits = Limits(max_unpacked_bytes=1_000_000)
    _, result, output = _read(tmp_path, "bomb.zip", bomb, limits)
    assert result.status == "quarantined"
    assert "declares 2000000 unpacked bytes; the limit is 1000000" in result.error
    assert output.blobs == {} and result.children == []
    assert (result.items.expected, result.items.extracted, result.items.missing) == (0, 0, 0)

    many = make_zip([(f"f{n}.txt", b"x") for n in range(5)])
    _, result, _ = _read(tmp_path, "many.zip", many, Limits(max_members=4))
    assert result.status == "quarantined" and "declares 5 members" in result.error


def test_tar_members_links_and_unsafe_names(tmp_path: Path) -> None:
    bundle = make_tar(
        [("mail/a.eml", b"From: a@b.org\nSubject: s\n\nx\n"), ("../escape.pdf", PDF)],
        symlinks={"mail/link.eml": "/etc/passwd"},
        compression="gz",
    )
    media_type, result, _ = _read(tmp_path, "bundle.tar.gz", bundle)
    assert media_type == detect.GZIP
    assert [c.member_path for c in result.children] == ["mail/a.eml"]
    assert (result.items.expected, result.items.extracted, result.items.missing) == (3, 1, 2)
    assert sorted(e.error_class for e in result.errors) == ["LinkMember", "UnsafeMemberPath"]


def test_truncated_tar_keeps_the_members_before_the_damage(tmp_path: Path) -> None:
    bundle = make_tar([("one.pdf", PDF), ("two.pdf", PDF * 200), ("three.pdf", PDF)])
    cut = bundle[: 512 + 512 + 512 + 1000]  # one.pdf whole, two.pdf cut short
    media_type, result, _ = _read(tmp_path, "cut.tar", cut)
    assert media_type == detect.TAR
    assert result.status == "parsed"
    assert [c.member_path for c in result.children] == ["one.pdf"]
    assert result.items.missing >= 1
    assert {e.error_class for e in result.errors} <= {"ReadError", "TruncatedArchive"}
    assert result.errors


def test_single_gzip_file_is_one_member(tmp_path: Path) -> None:
    _, result, output = _read(tmp_path, "report.pdf.gz", gzip.compress(PDF, mtime=0))
    (child,) = result.children
    assert child.member_path == "report.pdf" and output.blobs[child.document_id] == PDF
