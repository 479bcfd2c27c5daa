"""Same email or not: one situation per test, copies made the way releases make them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.dedup.copies import ocr_noise
from tests.dedup.handmade import Participant, canonical, row, warehouse

LA = ZoneInfo("America/Los_Angeles")
ERIK = ("Halvorsen, Erik", "erik.halvorsen@ice.dhs.gov")
ANA = ("Ramirez, Ana", "aramirez@lacso.example.gov")
SUBJECT = "Release date/time request - A098-765-432"
BODY = (
    "Sergeant,\n\nCan you give me the release date and time for the subject below? He has a "
    "prior removal order and we would like to take custody on release.\n\n"
    "Name: MORALES-PENA, Ricardo\nA-number: A098-765-432\nBooking #: 18-007730\n\nThanks,\n\n"
    "Erik Halvorsen\nDeportation Officer"
)
SENT = datetime(2018, 8, 22, 13, 26, 40, tzinfo=LA)


def wall(instant: datetime, zone: str = "America/Los_Angeles") -> datetime:
    """The minute a mailbox in `zone` prints, without a zone."""
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0)


def email(message_id: str, **values: object) -> dict[str, object]:
    """A copy of Erik's request; override what differs."""
    fields: dict[str, object] = {
        "subject": SUBJECT,
        "from_name": ERIK[0],
        "from_address": ERIK[1],
        "body": BODY,
        "sent": wall(SENT),
    }
    fields.update(values)
    return row(message_id, **fields)


def native(message_id: str, **values: object) -> dict[str, object]:
    fields = {"source_kind": "eml", "sent": SENT, "internet_message_id": "<req-1@ice.dhs.gov>"}
    return email(message_id, **{**fields, **values})


def people(*message_ids: str, sender=ERIK, recipient=ANA) -> list[Participant]:
    return [p for m in message_ids for p in ((m, "from", *sender), (m, "to", *recipient))]


def reasons(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT message_id, duplicate_reason FROM messages").fetchall())


def test_native_text_print_and_a_print_from_another_zone_are_one_email() -> None:
    con = warehouse(
        [
            native("eml"),
            email("print_la"),
            email("print_ny", sent=wall(SENT, "America/New_York"), document_id="ny"),
        ],
        people("eml", "print_la", "print_ny"),
    )
    assert set(canonical(con).values()) == {"eml"}
    why = reasons(con)
    assert why["print_la"] == "body_exact; native_over_print"
    assert why["print_ny"] == "body_exact+zone_shift; native_over_print"


def test_whole_hours_apart_are_two_emails_when_both_zones_are_known() -> None:
    later = SENT + timedelta(hours=3)
    con = warehouse([email("a", sent=SENT), email("b", sent=later)], people("a", "b"))
    assert canonical(con) == {"a": "a", "b": "b"}


def test_daily_notifications_with_one_template_stay_apart() -> None:
    def notification(message_id: str, day: int, name: str) -> dict[str, object]:
        sent = datetime(2019, 3, 1 + day, 6, 2)
        return row(
            message_id,
            subject="RE: Release notification",
            from_name="Release Notifications",
            from_address="release.notify@lacso.example.gov",
            body="This is an automated notification. The inmate below is scheduled for release.\n"
            f"Name: {name}\nBooking #: 19-0{day}117\nRelease: 03/0{2 + day}/2019 07:00",
            sent=sent,
        )

    rows = [
        notification("day1", 0, "GARCIA, Luis"),
        notification("day1_copy", 0, "GARCIA, Luis") | {"document_id": "another"},
        notification("day2", 1, "CHEN, Maria"),
        notification("day3", 2, "OKAFOR, Daniel"),
    ]
    con = warehouse(rows, people(*(r["message_id"] for r in rows), recipient=ERIK))
    assert sorted(set(canonical(con).values())) == ["day1", "day2", "day3"]


def test_thanks_replies_hours_apart_are_two_emails() -> None:
    def thanks(message_id: str, hour: int, document: str) -> dict[str, object]:
        return email(
            message_id, subject="RE: " + SUBJECT, body="Thanks,\n\nErik",
            sent=datetime(2018, 8, 23, hour, 15), document_id=document,
        )  # fmt: skip

    rows = [thanks("ten", 10, "d1"), thanks("ten_copy", 10, "d2"), thanks("noon", 12, "d3")]
    con = warehouse(rows, people("ten", "ten_copy", "noon"))
    assert canonical(con) == {"ten": "ten", "ten_copy": "ten", "noon": "noon"}


def thanks_in_new_york(with_evidence: bool) -> dict[str, str]:
    """A one-line reply as a native copy and in a print from New York (3 hours ahead) that also
    quotes the request; only a native copy of the request shows the print's shift."""
    replied = SENT + timedelta(minutes=49, seconds=5)
    rows = [
        native("thanks_eml", subject="RE: " + SUBJECT, body="Thanks,\n\nAna", sent=replied,
               internet_message_id="<thanks@lacso>", from_name=ANA[0], from_address=ANA[1]),
        email("thanks_ny", subject="RE: " + SUBJECT, body="Thanks,\nAna", document_id="ny",
              sent=wall(replied, "America/New_York"), from_name=ANA[0], from_address=ANA[1]),
        email("request_ny", is_quoted=True, quoted_in_message_id="thanks_ny", document_id="ny",
              sent=wall(SENT, "America/New_York")),
    ]  # fmt: skip
    if with_evidence:
        rows.append(native("request_eml"))
    requests = [r["message_id"] for r in rows if r["subject"] == SUBJECT]
    return canonical(
        warehouse(
            rows,
            people("thanks_eml", "thanks_ny", sender=ANA, recipient=ERIK) + people(*requests),
        )
    )


def test_a_short_reply_three_hours_off_matches_when_its_printout_shows_the_shift() -> None:
    assert thanks_in_new_york(with_evidence=True)["thanks_ny"] == "thanks_eml"


def test_a_short_reply_three_hours_off_stays_apart_without_evidence_of_the_shift() -> None:
    assert thanks_in_new_york(with_evidence=False)["thanks_ny"] == "thanks_ny"


def test_ocr_noise_truncated_quotes_and_the_canonical_choice() -> None:
    noisy = ocr_noise(random.Random(3), BODY, 0.02)
    assert noisy != BODY
    rows = [
        email("ocr", source_kind="pdf_ocr", body=noisy,
              subject=ocr_noise(random.Random(4), SUBJECT, 0.05)),
        email("text", document_id="text"),
        email("quoted", is_quoted=True, quoted_in_message_id="reply", document_id="q",
              body="\n".join(BODY.split("\n")[:3])),
    ]  # fmt: skip
    con = warehouse(rows, people("ocr", "text", "quoted"))
    assert set(canonical(con).values()) == {"text"}
    why = reasons(con)
    assert why["ocr"] == "body_fuzzy; text_over_ocr"
    assert why["quoted"] == "body_prefix; top_level_over_quoted"


def test_an_ocr_copy_with_a_misread_minute_still_matches() -> None:
    misread = wall(SENT).replace(minute=36)
    con = warehouse(
        [native("eml"), email("ocr", source_kind="pdf_ocr", sent=misread)], people("eml", "ocr")
    )
    assert canonical(con)["ocr"] == "eml"
    assert reasons(con)["ocr"] == "body_exact+ocr_time; native_over_print"


def test_message_ids_decide_between_native_copies() -> None:
    rows = [
        native("sent_items"),
        native("inbox", document_id="pst", source_kind="pst"),
        native("resent", document_id="resent", internet_message_id="<req-2@ice.dhs.gov>"),
    ]
    con = warehouse(rows, people("sent_items", "inbox", "resent"))
    assert canonical(con) == {"sent_items": "inbox", "inbox": "inbox", "resent": "resent"}
    assert reasons(con)["sent_items"] == "message_id; lowest_id"


def test_each_agency_counts_its_own_copy() -> None:
    con = warehouse([native("lacso"), native("dvpd", agency_id="dvpd")], people("lacso", "dvpd"))
    assert canonical(con) == {"lacso": "lacso", "dvpd": "dvpd"}
