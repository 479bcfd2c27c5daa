"""Fingerprint of what the mbox reader stages, to show a speed change leaves the output unchanged.

    .venv/bin/python -m bench.mail.mbox_output_check FILE [--reader path/to/mail.py] [--out x.json]

Reads FILE with `read_mbox` into a fresh staging folder, as bench.mail.mbox_memory does, and prints
(or writes) per table its row count and a sha256 over every row in order, plus the stored blobs
(sha and size) and the item counts. `--reader` loads another copy of `pipelines/extract/mail.py`
(e.g. `git show HEAD:pipelines/extract/mail.py > /tmp/mail_head.py`) so before and after can be
compared on the same file: the two JSON outputs must be equal.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path


def _load_reader(path: Path | None):
    if path is None:
        from pipelines.extract import mail

        return mail
    spec = importlib.util.spec_from_file_location("pipelines.extract.mail", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["pipelines.extract.mail"] = module
    spec.loader.exec_module(module)
    return module


def fingerprint(mbox: Path, reader: Path | None = None) -> dict:
    import pyarrow.parquet as pq

    mail = _load_reader(reader)
    from pipelines.extract.rows import Extraction
    from pipelines.settings import Limits
    from pipelines.staging import Staging

    folder = Path(tempfile.mkdtemp(prefix="records-audit-mbox-check-"))
    try:
        staging = Staging(folder)
        writer = staging.writer("0" * 64)
        extraction = Extraction(document_id="0" * 64, media_type="application/mbox")
        mail.read_mbox(mbox, extraction, Limits(), writer)
        summary = writer.finish(extraction)
        tables = {}
        for part in sorted(writer.folder.glob("*.parquet")):
            table = pq.read_table(part)
            digest = hashlib.sha256()
            for batch in table.to_batches(max_chunksize=10_000):
                for row in batch.to_pylist():
                    digest.update(repr(sorted(row.items())).encode("utf-8", "surrogatepass"))
                    digest.update(b"\x00")
            tables[part.stem] = {
                "rows": table.num_rows,
                "schema": str(table.schema),
                "sha256": digest.hexdigest(),
            }
        blobs = hashlib.sha256()
        blob_files = sorted(p for p in Path(staging.blobs.root).rglob("*") if p.is_file())
        for blob in blob_files:
            blobs.update(f"{blob.name} {blob.stat().st_size}\n".encode())
        return {
            "tables": tables,
            "blobs": {"count": len(blob_files), "sha256": blobs.hexdigest()},
            "counts": summary["counts"],
            "items": summary["items"],
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mbox", type=Path)
    parser.add_argument("--reader", type=Path, help="another copy of pipelines/extract/mail.py")
    parser.add_argument("--out", type=Path, help="write the JSON here as well")
    args = parser.parse_args(argv)
    text = json.dumps(fingerprint(args.mbox, args.reader), indent=1, sort_keys=True)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
