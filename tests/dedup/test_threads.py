"""Threads: In-Reply-To first, then quoted history, then a reply-like subject with shared people."""

from __future__ import annotations

from datetime import datetime

from tests.dedup.handmade import Participant, row, warehouse

ERIK = ("Halvorsen, Erik", "erik.halvorsen@ice.dhs.gov")
ANA = ("Ramirez, Ana", "aramirez@lacso.example.gov")
OTHERS = ("Bell, Marcus", "mbell@lacso.example.gov")
SUBJECT = "Interview request - booking 19-004512"
REQUEST = (
    "Sergeant, we would like to interview the subject at the Main Jail on Thursday morning. "
    "Please confirm whether a TRUTH Act form has been given.\n\nErik Halvorsen"
)
ANSWER = "Erik, the form was given on Monday and he declined the interview.\n\nAna Ramirez"
CLOSING = "Understood, we will not come on Thursday. Thank you for the quick answer.\n\nErik"


def message(message_id: str, sender: tuple[str, str], **values: object) -> dict[str, object]:
    return row(message_id, from_name=sender[0], from_address=sender[1], **values)


def between(*pairs: tuple[str, tuple[str, str], tuple[str, str]]) -> list[Participant]:
    return [p for m, s, r in pairs for p in ((m, "from", *s), (m, "to", *r))]


def threads(con) -> dict[str, tuple[str, bool]]:
    """Canonical message -> (thread_id, is_inclusive)."""
    return {
        m: (t, inclusive)
        for m, t, inclusive in con.execute(
            "SELECT message_id, thread_id, is_inclusive FROM messages WHERE duplicate_of IS NULL"
        ).fetchall()
    }


def test_in_reply_to_links_native_copies_and_history_makes_the_reply_inclusive() -> None:
    con = warehouse(
        [
            message(
                "request",
                ERIK,
                source_kind="eml",
                subject=SUBJECT,
                body=REQUEST,
                sent=datetime.fromisoformat("2019-05-02T09:00:10-07:00"),
                internet_message_id="<r1@ice.dhs.gov>",
            ),
            message(
                "answer",
                ANA,
                source_kind="eml",
                subject="RE: " + SUBJECT,
                body=ANSWER + "\n\n-----Original Message-----\nFrom: Halvorsen, Erik\n"
                "Sent: Thursday, May 2, 2019 9:00 AM\nSubject: " + SUBJECT + "\n\n" + REQUEST,
                sent=datetime.fromisoformat("2019-05-02T10:30:00-07:00"),
                internet_message_id="<a1@lacso>",
                in_reply_to="<R1@ice.dhs.gov>",
            ),
        ],
        between(("request", ERIK, ANA), ("answer", ANA, ERIK)),
    )
    got = threads(con)
    assert got["request"][0] == got["answer"][0]
    assert (got["request"][1], got["answer"][1]) == (False, True)
    links = dict(con.execute("SELECT message_id, thread_link FROM message_threads").fetchall())
    assert links == {"request": "in_reply_to", "answer": "in_reply_to"}


def test_a_quoted_message_joins_the_thread_of_the_message_that_quotes_it() -> None:
    con = warehouse(
        [
            message("request", ERIK, subject=SUBJECT, body=REQUEST, sent=datetime(2019, 5, 2, 9)),
            message(
                "answer",
                ANA,
                subject="RE: " + SUBJECT,
                body=ANSWER,
                document_id="print",
                sent=datetime(2019, 5, 2, 10, 30),
            ),
            message(
                "closing",
                ERIK,
                subject="RE: " + SUBJECT,
                body=CLOSING,
                document_id="print2",
                sent=datetime(2019, 5, 2, 11, 5),
            ),
            message(
                "answer_quoted",
                ANA,
                subject="RE: " + SUBJECT,
                body=ANSWER,
                document_id="print2",
                is_quoted=True,
                quoted_in_message_id="closing",
                sent=datetime(2019, 5, 2, 10, 30),
            ),
            message(
                "request_quoted",
                ERIK,
                subject=SUBJECT,
                body=REQUEST,
                document_id="print2",
                is_quoted=True,
                quoted_in_message_id="closing",
                sent=datetime(2019, 5, 2, 9),
            ),
        ],
        between(("request", ERIK, ANA), ("answer", ANA, ERIK), ("closing", ERIK, ANA)),
    )
    got = threads(con)
    assert sorted(got) == ["answer", "closing", "request"]
    assert len({t for t, _ in got.values()}) == 1
    assert {m: inclusive for m, (_, inclusive) in got.items()} == {
        "request": False,
        "answer": False,
        "closing": True,
    }


def test_a_reply_subject_with_shared_people_joins_only_the_latest_earlier_message() -> None:
    con = warehouse(
        [
            message("monday", ERIK, subject=SUBJECT, body=REQUEST, sent=datetime(2019, 5, 6, 9)),
            message(
                "reply", ANA, subject="RE: " + SUBJECT, body=ANSWER, sent=datetime(2019, 5, 6, 11)
            ),
            message(
                "tuesday",
                ERIK,
                subject=SUBJECT,
                body=REQUEST + " Again.",
                sent=datetime(2019, 5, 7, 9),
            ),
            message(
                "stranger",
                OTHERS,
                subject="RE: " + SUBJECT,
                body="Who is this about?",
                sent=datetime(2019, 5, 7, 12),
            ),
        ],
        between(
            ("monday", ERIK, ANA),
            ("reply", ANA, ERIK),
            ("tuesday", ERIK, ANA),
            ("stranger", OTHERS, OTHERS),
        ),
    )
    got = {m: t for m, (t, _) in threads(con).items()}
    assert got["reply"] == got["monday"]
    assert len({got["monday"], got["tuesday"], got["stranger"]}) == 3


def test_daily_notifications_make_one_thread_per_day() -> None:
    notifier = ("Release Notifications", "release.notify@lacso.example.gov")
    rows, people = [], []
    for day in (4, 5):
        note, reply = f"note{day}", f"reply{day}"
        rows += [
            message(note, notifier, subject="Release notification", sent=datetime(2019, 3, day, 6),
                    body=f"The inmate below is scheduled for release. Booking #: 19-00{day}117"),
            message(reply, ERIK, subject="RE: Release notification", body="Thanks",
                    sent=datetime(2019, 3, day, 8)),
            message(f"{note}_quoted", notifier, subject="Release notification",
                    body=f"The inmate below is scheduled for release. Booking #: 19-00{day}117",
                    is_quoted=True, quoted_in_message_id=reply, document_id=reply,
                    sent=datetime(2019, 3, day, 6)),
        ]  # fmt: skip
        people += between((note, notifier, ERIK), (reply, ERIK, notifier))
    got = {m: t for m, (t, _) in threads(warehouse(rows, people)).items()}
    assert got["note4"] == got["reply4"] != got["note5"] == got["reply5"]


def test_a_message_alone_is_its_own_inclusive_thread() -> None:
    con = warehouse(
        [message("alone", ERIK, subject=SUBJECT, body=REQUEST, sent=datetime(2019, 5, 2, 9))]
    )
    assert [inclusive for _, inclusive in threads(con).values()] == [True]
    assert con.execute("SELECT thread_link, thread_messages FROM message_threads").fetchone() == (
        None,
        1,
    )


def test_a_native_reply_joins_the_printed_message_its_history_quotes_and_no_twin() -> None:
    notifier = ("Release Notifications", "release.notify@lacso.example.gov")
    notice = "The inmate below is scheduled for release.\nName: GARCIA, Luis\nBooking #: 19-004117"
    rows, people = [], []
    for officer, name in ((ERIK, "erik"), (OTHERS, "marcus")):
        rows += [
            message(f"notice_{name}", notifier, subject="Release notification", body=notice,
                    sent=datetime(2019, 3, 4, 6), document_id=f"print_{name}"),
            message(f"reply_{name}", officer, source_kind="eml", subject="RE: Release notification",
                    sent=datetime.fromisoformat("2019-03-04T08:00:00-08:00"),
                    body="Received, thanks.\n\n-----Original Message-----\nFrom: Release "
                    "Notifications\nSent: Monday, March 4, 2019 6:00 AM\n"
                    "Subject: Release notification\n\n" + notice),
        ]  # fmt: skip
        people += between(
            (f"notice_{name}", notifier, officer), (f"reply_{name}", officer, notifier)
        )
    con = warehouse(rows, people)
    got = {m: t for m, (t, _) in threads(con).items()}
    assert got["reply_erik"] == got["notice_erik"] != got["reply_marcus"] == got["notice_marcus"]
    links = dict(con.execute("SELECT message_id, thread_link FROM message_threads").fetchall())
    assert links["reply_erik"] == "quoted"
