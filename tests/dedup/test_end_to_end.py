"""One email, three ways, counted once: real files through `records-audit run`.

The release holds the email as an .eml, printed from the recipient's mailbox (Los Angeles, the
agency's zone) and quoted in a printed reply that was printed in New York, three hours ahead, with
no zone on the page. Dedup must keep the .eml as the canonical copy, thread the reply with it and
count two messages out of four message rows.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from pipelines.cli import EXIT_OK, main
from tests.factories.mail import make_eml
from tests.factories.printed_pdf import PrintedEmail, render_outlook_pdf

LA = ZoneInfo("America/Los_Angeles")
NEW_YORK = ZoneInfo("America/New_York")
OFFICER = ("Vega, Jordan", "jordan.vega@ice.dhs.gov")
SERGEANT = ("Ortega, Lucia", "lortega@cvpd.example.gov")
SUBJECT = "Release date request - DOE, John - Booking 23-01187"
BODY = (
    "Sergeant,\n\nCan you tell me the release date for the subject below? He is booked on a "
    "misdemeanor and we have a detainer pending.\n\nName: DOE, John\nBooking #: 23-01187\n\n"
    "Thanks,\n\nJordan Vega\nDeportation Officer\nU.S. Immigration and Customs Enforcement"
)
REPLY = (
    "Officer Vega,\n\nUnder SB 54 we do not provide release dates for this individual. Please "
    "direct further questions to the watch commander.\n\nSgt. Lucia Ortega"
)
SENT = datetime(2023, 3, 14, 10, 5, 42, tzinfo=LA)
REPLIED = datetime(2023, 3, 14, 11, 20, 9, tzinfo=LA)


def wall_clock(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def original(zone: ZoneInfo) -> PrintedEmail:
    return PrintedEmail(
        from_name=OFFICER[0],
        from_address=OFFICER[1],
        sent=wall_clock(SENT, zone),
        to=[SERGEANT],
        subject=SUBJECT,
        body=BODY,
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    (raw / "agencies.csv").write_text(
        "agency_id,name,agency_type,county,state,timezone,email_domains\n"
        "cvpd,Cedar Valley Police Department,police,Cedar,CA,America/Los_Angeles,"
        "cvpd.example.gov\n",
        encoding="utf-8",
    )
    release = raw / "cvpd" / "2023-cpra-0007"
    release.mkdir(parents=True)
    (release / "release_date_request.eml").write_bytes(
        make_eml(
            sender=OFFICER, to=[SERGEANT], date=SENT.astimezone(LA), subject=SUBJECT, body=BODY
        )
    )
    render_outlook_pdf(
        release / "Ortega_inbox.pdf",
        [original(LA)],
        bates_prefix="CVPD-",
        bates_start=1,
        mailbox_owner="Ortega, Lucia",
    )
    reply = PrintedEmail(
        from_name=SERGEANT[0],
        from_address=SERGEANT[1],
        sent=wall_clock(REPLIED, NEW_YORK),
        to=[OFFICER],
        subject="RE: " + SUBJECT,
        body=REPLY,
        quoted=[original(NEW_YORK)],
    )
    render_outlook_pdf(
        release / "counsel_review_copy.pdf", [reply], bates_prefix="CVPD-", bates_start=101
    )
    out = tmp_path_factory.mktemp("warehouse")
    assert main(["run", "--raw", str(raw), "--warehouse", str(out)]) == EXIT_OK
    return out / "audit.duckdb"


@pytest.fixture()
def db(warehouse: Path):
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


def test_the_email_appears_three_ways_and_the_eml_is_canonical(db) -> None:
    rows = db.execute(
        "SELECT source_kind, is_quoted, duplicate_of IS NULL, duplicate_reason, copies "
        "FROM messages WHERE subject = ? ORDER BY source_kind, is_quoted",
        [SUBJECT],
    ).fetchall()
    assert [(kind, quoted, canonical) for kind, quoted, canonical, _, _ in rows] == [
        ("eml", False, True),
        ("pdf_print", False, False),
        ("pdf_print", True, False),
    ]
    assert all(copies == 3 for *_, copies in rows)
    reasons = [reason for *_, reason, _ in rows[1:]]
    assert reasons[0].endswith("; native_over_print")
    assert "+zone_shift" in reasons[1], "the New York print is three hours off"


def test_duplicates_point_at_the_eml(db) -> None:
    canonical = db.execute("SELECT message_id FROM messages WHERE source_kind = 'eml'").fetchone()[
        0
    ]
    duplicates = db.execute(
        "SELECT count(*) FROM messages WHERE duplicate_of = ?", [canonical]
    ).fetchone()[0]
    assert duplicates == 2


def test_reply_and_original_share_a_thread_and_the_reply_is_inclusive(db) -> None:
    threads = db.execute(
        "SELECT subject, thread_id, is_inclusive FROM messages WHERE duplicate_of IS NULL "
        "ORDER BY sent_at"
    ).fetchall()
    assert [s for s, _, _ in threads] == [SUBJECT, "RE: " + SUBJECT]
    assert threads[0][1] == threads[1][1]
    assert [inclusive for *_, inclusive in threads] == [False, True]


def test_agency_summary_counts_messages_not_rows(db) -> None:
    row_count, messages = db.execute(
        "SELECT message_rows, messages FROM agency_summary WHERE agency_id = 'cvpd'"
    ).fetchone()
    assert (row_count, messages) == (4, 2)
