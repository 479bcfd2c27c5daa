"""Peak memory and speed of the mbox reader on a large generated mailbox (about 1 GB by default).

    .venv/bin/python -m bench.mail.mbox_memory [--megabytes 1024] [--folder /tmp/records-audit-mail]

Generates, once, an mboxrd file under the folder: Outlook-style `;` recipient lists, `>From ` escapes
in bodies, every eighth message with a PDF-sized base64 attachment (all distinct), deterministic from
a fixed seed. Then runs, each in a fresh process so that its peak RSS (ru_maxrss) is its own:

  stdlib    `mailbox.mbox` over the same file, every message parsed by the email package (compat32)
            and its headers and parts read: the baseline, measured in the same run;
  records   `pipelines.extract.mail.read_mbox` writing to real staging, as release extraction does:
            message and participant rows, attachment blobs, Parquet;
  records/8 the same reader on a file an eighth the size: flat memory means the same peak.

Prints messages/s, peak RSS and its growth over the RSS once imports are loaded (pyarrow and pandas
weigh ~150 MB before a byte is read), and ratios to the baseline. Memory is flat when records' peak
does not grow with the file (records vs records/8).
"""

from __future__ import annotations

import argparse
import base64
import json
import mailbox
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATOR_VERSION = 1
_SEED = 5
_STAFF = [f'"Deputy{n}, Alex" <deputy{n}@benchso.example.gov>' for n in range(40)]
_ICE = [f"Officer{n} <officer{n}@ice.dhs.gov>" for n in range(10)]
_LINES = [
    b"Please advise the release date and time for the subject listed below.",
    b"The I-247A detainer was received and is attached to the booking record.",
    b"From the booking floor: he is scheduled for release at 0600 tomorrow.",
    b"Per SB 54 we will not hold the subject past his release date.",
    b"Can you send the booking photo and last known address?",
]


def _message(rng: random.Random, index: int) -> bytes:
    sender = rng.choice(_STAFF + _ICE)
    to = "; ".join(rng.sample(_STAFF + _ICE, rng.randint(1, 12)))
    lines = [rng.choice(_LINES) for _ in range(rng.randint(20, 70))]
    body = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in lines)
    minute = index % 60
    head = (
        f"From MAILER-DAEMON Mon Jan  7 09:{minute:02d}:00 2019\n"
        f"From: {sender}\nTo: {to}\nSubject: Request {index}\n"
        f"Date: Mon, 07 Jan 2019 09:{minute:02d}:00 -0800\n"
        f"Message-ID: <{index}@bench.example>\nMIME-Version: 1.0\n"
    ).encode()
    if index % 8:
        return head + b"Content-Type: text/plain; charset=utf-8\n\n" + body + b"\n\n"
    attachment = base64.encodebytes(rng.randbytes(24_000) + str(index).encode())
    return (
        head
        + f'Content-Type: multipart/mixed; boundary="b{index}"\n\n--b{index}\n'.encode()
        + b"Content-Type: text/plain; charset=utf-8\n\n"
        + body
        + f'\n--b{index}\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="f{index}.pdf"\n'.encode()
        + b"Content-Transfer-Encoding: base64\n\n"
        + attachment
        + f"--b{index}--\n\n".encode()
    )


def generate(path: Path, megabytes: int) -> int:
    """Write the mailbox once; returns its size. Same parameters, same bytes."""
    target = megabytes * 1024 * 1024
    if path.is_file() and path.stat().st_size >= target:
        return path.stat().st_size
    rng = random.Random(_SEED)
    path.parent.mkdir(parents=True, exist_ok=True)  # a new machine has no cache folder yet
    partial = path.with_suffix(".part")
    written = index = 0
    with partial.open("wb") as handle:
        while written < target:
            written += handle.write(_message(rng, index))
            index += 1
    partial.replace(path)
    return written


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _run_stdlib(path: Path) -> dict:
    imports_mb = _peak_rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    messages = 0
    for message in mailbox.mbox(path, create=False):
        for header in ("From", "To", "Cc", "Subject", "Date", "Message-ID"):
            message.get(header)
        for part in message.walk():
            part.get_payload(decode=True)
        messages += 1
    return {
        "messages": messages,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - started_cpu,
        "imports_mb": imports_mb,
    }


def _run_records(path: Path) -> dict:
    import pandas  # noqa: F401  (pyarrow loads it at the first write: count it as an import)

    from pipelines.extract.mail import read_mbox
    from pipelines.extract.rows import Extraction
    from pipelines.settings import Limits
    from pipelines.staging import Staging

    imports_mb = _peak_rss_mb()
    folder = Path(tempfile.mkdtemp(prefix="records-audit-bench-staging-"))
    try:
        started, started_cpu = time.perf_counter(), time.process_time()
        writer = Staging(folder).writer("0" * 64)
        extraction = Extraction(document_id="0" * 64, media_type="application/mbox")
        read_mbox(path, extraction, Limits(), writer)
        summary = writer.finish(extraction)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "messages": summary["counts"]["messages"],
        "attachments": summary["counts"]["children"],
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "imports_mb": imports_mb,
    }


def _child(kind: str, path: Path) -> None:
    result = (_run_stdlib if kind == "stdlib" else _run_records)(path)
    result["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))


def measure(kind: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.mail.mbox_memory", "--child", kind, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(run: dict) -> float:
    return run["messages"] / run["seconds"]


def cpu_rate(run: dict) -> float:
    """Messages per CPU second: steadier than `rate` when other work shares the machine."""
    return run["messages"] / run["cpu_seconds"]


def _report(runs: dict[str, dict], sizes: dict[str, int]) -> None:
    print(
        f"{'run':<10} {'file MiB':>9} {'messages':>9} {'seconds':>8} {'msg/s':>8} "
        f"{'peak RSS MiB':>13} {'growth MiB':>11}"
    )
    for name, run in runs.items():
        print(
            f"{name:<10} {sizes[name] / 1024**2:>9.0f} {run['messages']:>9} "
            f"{run['seconds']:>8.1f} {rate(run):>8.0f} {run['peak_rss_mb']:>13.0f} "
            f"{run['peak_rss_mb'] - run['imports_mb']:>11.0f}"
        )
    base, ours, eighth = runs["stdlib"], runs["records"], runs["records/8"]
    print(
        f"records vs stdlib on the same file: speed x{rate(ours) / rate(base):.2f} "
        f"(x{cpu_rate(ours) / cpu_rate(base):.2f} in CPU time), "
        f"peak RSS x{ours['peak_rss_mb'] / base['peak_rss_mb']:.2f}; "
        f"records on 8x the bytes: peak RSS x{ours['peak_rss_mb'] / eighth['peak_rss_mb']:.2f} "
        f"(1.00 = flat); {ours['attachments']} attachments stored"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/records-audit-mail"))
    parser.add_argument("--child", choices=["stdlib", "records"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.file)
        return
    args.folder.mkdir(parents=True, exist_ok=True)
    eighth = max(1, args.megabytes // 8)
    big = args.folder / f"mbox_v{GENERATOR_VERSION}_{args.megabytes}mb.mbox"
    small = args.folder / f"mbox_v{GENERATOR_VERSION}_{eighth}mb.mbox"
    started = time.perf_counter()
    big_size, small_size = generate(big, args.megabytes), generate(small, eighth)
    print(f"mailboxes ready in {time.perf_counter() - started:.0f}s: {big}, {small}")
    runs = {
        "stdlib": measure("stdlib", big),
        "records": measure("records", big),
        "records/8": measure("records", small),
    }
    _report(runs, {"stdlib": big_size, "records": big_size, "records/8": small_size})


if __name__ == "__main__":
    main()
