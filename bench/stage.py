"""One benchmark stage in a fresh process, so that its peak RSS is its own.

Usage: python -m bench.stage <stage> <path>... ; prints one JSON line:
{"stage", "seconds", "items", "unit", "peak_rss_mb"}. Baselines and records-audit stages read the
same files; `bench.pipeline` compares them.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

from pipelines.extract.rows import Extraction
from pipelines.settings import Limits

PDFPLUMBER_PAGE_LIMIT = 60  # pdfplumber runs ~20 pages/s: a sample is enough for a rate


def pdftotext(paths: list[Path]) -> tuple[int, str]:
    pages = 0
    for path in paths:
        subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
        pages += len(pdfium.PdfDocument(path))
    return pages, "pages"


def pdfplumber_text(paths: list[Path]) -> tuple[int, str]:
    import pdfplumber

    pages = 0
    with pdfplumber.open(paths[0]) as pdf:
        for page in pdf.pages[:PDFPLUMBER_PAGE_LIMIT]:
            page.extract_text()
            page.close()
            pages += 1
    return pages, "pages"


def pdfium_text(paths: list[Path]) -> tuple[int, str]:
    """PDFium's page text alone: the floor under any PDFium-based reader."""
    from bench.splitter.speed import plain_text

    for path in paths:
        plain_text(path)
    return sum(len(pdfium.PdfDocument(path)) for path in paths), "pages"


def records_audit_pdf(paths: list[Path]) -> tuple[int, str]:
    from pipelines.extract.pdf import read_pdf

    pages = 0
    for path in paths:
        result = read_pdf(
            path, Extraction(document_id="0" * 64, media_type="application/pdf"), Limits()
        )
        pages += result.page_count or 0
    return pages, "pages"


def tesseract_cli(paths: list[Path]) -> tuple[int, str]:
    """Bare `tesseract` on pre-rendered page images, one process per core, read as the pipeline
    reads them (its page segmentation mode, hOCR output)."""
    from pipelines.extract.ocr import PSM

    images = sorted(paths[0].glob("*.pgm"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(
            pool.map(
                lambda p: subprocess.run(
                    ["tesseract", str(p), "stdout", "--dpi", "300", "--psm", PSM, "hocr"],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
                ),
                images,
            )
        )
    return len(images), "pages"


def records_audit_run(paths: list[Path]) -> tuple[int, str]:
    raw, warehouse = paths
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "run",
            "--raw",
            str(raw),
            "--warehouse",
            str(warehouse),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode not in (0, 3):
        raise SystemExit(completed.stderr)
    return 1, "runs"


# The metrics layer: the models that turn message-level tables into per-agency metrics, timed on
# their own by sql_metrics_layer. message_facts holds the 0/1 columns every metric adds up, and it
# needs policy_contacts (contacts_after_policy) and each message's categories as bits
# (category_bits, message_category_bits); alpr_agency_metrics and alpr_monthly_metrics are
# the ALPR counts agency_summary and agency_monthly join; agency_policy_periods splits the same
# counts at policy dates. Upstream of it, and timed only end to end: dedup (20-24, its own target),
# the per-message classification over text (30-45: text, participants, rules, contact, categories,
# identifiers), per-search ALPR dedup and reason rules (60), release quality over pages (85, 86) and
# the per-message evidence export (95).
METRICS_LAYER = frozenset(
    {
        "category_bits",
        "message_category_bits",
        "policy_contacts",
        "message_facts",
        "alpr_agency_metrics",
        "alpr_monthly_metrics",
        "agency_summary",
        "agency_monthly",
        "agency_policy_periods",
    }
)


def _synthetic_warehouse(database: Path, count: int):  # -> duckdb.DuckDBPyConnection
    """A warehouse of `count` synthetic staged messages for two agencies, each with SB 54 in force
    from the day half-way through the messages (so policy_contacts and the before/after split have
    work to do), and the real rule files."""
    import datetime
    import tempfile

    import duckdb

    from pipelines.extract.discover import Agency
    from pipelines.warehouse.load import _replace_reference_tables, ensure_schema

    database.unlink(missing_ok=True)  # staging twice into one file would double every message
    con = duckdb.connect(str(database))
    ensure_schema(con)
    agencies = {
        a: Agency(a, a, "sheriff", "C", "CA", "America/Los_Angeles", (f"{a}.example.gov",))
        for a in ("a1", "a2")
    }
    half_way = datetime.date(2018, 1, 1) + datetime.timedelta(minutes=count * 7 // 2)
    with tempfile.TemporaryDirectory() as raw:
        (Path(raw) / "policies.csv").write_text(
            "agency_id,effective_date,policy,description,source_url\n"
            + "".join(f"{a},{half_way},SB 54,,\n" for a in agencies),
            encoding="utf-8",
        )
        _replace_reference_tables(con, agencies, Path(raw))
    con.execute(SYNTHETIC_WAREHOUSE.replace("range(?)", f"range({count})"))
    return con


def sql_models_all(paths: list[Path]) -> tuple[int, str]:
    """Every sql/models file, end to end, over N synthetic staged messages (staging untimed)."""
    from pipelines.warehouse.models import run_models

    database, count = paths[0], int(paths[1].name)
    con = _synthetic_warehouse(database, count)
    global _MEASURE_FROM
    _MEASURE_FROM = time.perf_counter()
    run_models(con)
    con.close()
    return count, "messages"


def sql_metrics_layer(paths: list[Path]) -> tuple[int, str]:
    """METRICS_LAYER over N synthetic messages; the models upstream of it are built untimed first."""
    from pipelines.warehouse.models import model_files, model_name, run_models

    database, count = paths[0], int(paths[1].name)
    con = _synthetic_warehouse(database, count)
    run_models(con, only={model_name(p) for p in model_files()} - METRICS_LAYER)
    global _MEASURE_FROM
    _MEASURE_FROM = time.perf_counter()
    run_models(con, only=METRICS_LAYER)
    con.close()
    return count, "messages"


# Two agencies, messages alternating agency->ICE / ICE->agency / internal, 3 participants each,
# one every 7 minutes from 2018-01-01.
SYNTHETIC_WAREHOUSE = """
INSERT INTO stg_messages BY NAME
SELECT 'a' || (i % 2 + 1) || '/r1' AS release_id, 'a' || (i % 2 + 1) AS agency_id,
       md5(i::VARCHAR) AS message_id, md5((i // 50)::VARCHAR) AS document_id,
       'pdf_print' AS source_kind, 'p' || i AS locator, 1 AS page_start, 1 AS page_end,
       'text' AS sent_at_text, TIMESTAMPTZ '2018-01-01 00:00:00+00' + INTERVAL (i * 7) MINUTE AS sent_at_utc,
       'Booking ' || (i % 20000) || CASE WHEN i % 3 = 0 THEN ' detainer I-247A' ELSE '' END AS subject,
       CASE i % 3 WHEN 1 THEN 'ice' || (i % 40) || '@ice.dhs.gov' ELSE 'staff' || (i % 300) || '@a' || (i % 2 + 1) || '.example.gov' END AS from_address,
       'Please advise the release date for booking ' || i || '. ICE will pick up at the sally port.' AS body,
       false AS is_quoted, 1.0 AS header_confidence
FROM range(?) t(i);
INSERT INTO stg_participants BY NAME
SELECT m.release_id, m.message_id, r.role, 0 AS position, NULL AS name,
       CASE WHEN r.role = 'from' THEN m.from_address
            WHEN r.role = 'to' AND m.from_address LIKE '%ice.dhs.gov' THEN 'staff1@' || m.agency_id || '.example.gov'
            WHEN r.role = 'to' THEN 'officer@ice.dhs.gov'
            ELSE 'sup@' || m.agency_id || '.example.gov' END AS address
FROM stg_messages m CROSS JOIN (VALUES ('from'), ('to'), ('cc')) r(role);
"""
_MEASURE_FROM: float | None = None


STAGES: dict[str, Callable[[list[Path]], tuple[int, str]]] = {
    f.__name__: f
    for f in (
        pdftotext,
        pdfplumber_text,
        pdfium_text,
        records_audit_pdf,
        tesseract_cli,
        records_audit_run,
        sql_models_all,
        sql_metrics_layer,
    )
}


def main() -> None:
    stage, paths = sys.argv[1], [Path(p) for p in sys.argv[2:]]
    started = time.perf_counter()
    items, unit = STAGES[stage](paths)
    seconds = time.perf_counter() - (_MEASURE_FROM or started)
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(
        json.dumps(
            {
                "stage": stage,
                "seconds": round(seconds, 3),
                "items": items,
                "unit": unit,
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
