"""Party rules (domains, redacted senders, signatures, known names, units) and contact direction."""

from __future__ import annotations

import pytest


def _sender(con, message_id: str) -> tuple:
    return con.execute(
        "SELECT party, party_unit, party_rule_id FROM participants "
        "WHERE message_id = ? AND role = 'from'",
        [message_id],
    ).fetchone()


def _contact(con, message_id: str) -> tuple | None:
    return con.execute(
        "SELECT direction, rule_id FROM message_contact WHERE message_id = ?", [message_id]
    ).fetchone()


@pytest.mark.parametrize(
    ("message_id", "expected"),
    [
        ("d009", ("ice", "ERO", "dom.ice")),  # '(b)(6)@ice.dhs.gov': the domain survives redaction
        ("d114", ("ice", "ERO", "sig.deportation_officer")),  # no address: the signature says so
        ("d115", ("ice", "HSI", "sig.hsi")),  # '[REDACTED]' Special Agent, HSI
        ("d116", ("cbp", None, "sig.cbp")),  # '(b)(6)' CBP Officer
        ("d117", ("agency", None, "name.known_address")),  # 'Delgado, Maria' seen with an address
        ("d118", ("ice", "ERO", "name.known_address")),  # name only; unit from the signature
        ("d120", ("agency", None, "sig.own_agency")),  # '(b)(6)' signing for the sheriff's office
        ("d131", ("ice", "contractor", "dom.ice_contractor")),  # associates.ice.dhs.gov
        ("h004", ("ice", "PERC", "dom.ice")),  # unit from the PERC mailbox address
        ("d029", ("ice", "CAP", "dom.ice")),  # CAP beats the ERO title in the same signature
        ("d130", ("dhs_other", None, "dom.dhs")),
        ("d112", ("federal_other", None, "dom.fema")),  # FEMA is DHS, not immigration
        ("d106", ("federal_other", None, "dom.usms")),
        ("d027", ("agency", None, "dom.own_agency")),
        ("d053", ("local_other", None, "dom.other_agency")),  # probation, another agency
        ("d109", ("public", None, "dom.gmail")),
        ("d108", ("unknown", None, None)),  # a newsroom's domain
    ],
)
def test_sender_party(labelled_db, message_id: str, expected: tuple) -> None:
    assert _sender(labelled_db, message_id) == expected


def test_name_only_recipients_resolve_within_the_agency(labelled_db) -> None:
    rows = labelled_db.execute(
        "SELECT name, party FROM participants WHERE message_id = 'd118' AND role = 'to'"
    ).fetchall()
    assert rows == [("Delgado, Maria", "agency")]


def test_redacted_names_never_resolve_by_name(labelled_db) -> None:
    rules = labelled_db.execute(
        "SELECT DISTINCT party_rule_id FROM participants WHERE name LIKE '%(b)%'"
    ).fetchall()
    assert ("name.known_address",) not in rules


@pytest.mark.parametrize(
    ("message_id", "expected"),
    [
        ("d001", ("ice_to_agency", "party.immigration_participant")),
        ("d002", ("agency_to_ice", "party.immigration_participant")),
        ("h039", ("ice_other", "party.immigration_participant")),  # FBI op plan copying HSI
        ("d121", ("internal_about_ice", "mention.ice_verb")),  # "ice picked up VARGAS"
        ("d123", ("internal_about_ice", "mention.migra")),
        ("d124", ("internal_about_ice", "mention.ice_dotted")),  # I.C.E.
        ("d125", ("internal_about_ice", "mention.deportation_officers")),
        ("d136", ("internal_about_ice", "thread.ice_thread")),  # reply that never names ICE
    ],
)
def test_direction(labelled_db, message_id: str, expected: tuple) -> None:
    assert _contact(labelled_db, message_id) == expected


@pytest.mark.parametrize(
    "message_id",
    [
        "d091",  # BLACK ICE ON HWY 49, in capitals
        "d092",  # ice cream social
        "d093",  # ice maker
        "d094",  # hero, zero
        "d095",  # ICE - In Case of Emergency - contacts
        "d098",  # Flock hits, 'Perc 12 percent'
        "d102",  # CAP training, cap on overtime
        "h003",  # icy roads
        "h011",  # IAQ = indoor air quality
        "h019",  # percent
        "d106",  # U.S. Marshals 'detainer' and sally port
        "d113",  # FBI jail interview
        "d109",  # a resident asking about ICE is not contact
        "h020",  # U-visa certification from a lawyer
        "h021",  # U-visa discussed internally
    ],
)
def test_traps_are_not_contact(labelled_db, message_id: str) -> None:
    assert _contact(labelled_db, message_id) is None
