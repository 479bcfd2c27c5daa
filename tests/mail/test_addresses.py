"""Address lists as Outlook, readpst and RFC mail write them, including the broken ones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipelines.extract import addresses
from pipelines.extract.addresses import parse_address_list


def test_readpst_semicolon_list_of_200_gives_200_mailboxes() -> None:
    header = "; ".join(f"Officer{n}, Deputy <deputy{n}@mbcso.example.gov>" for n in range(200))
    boxes = parse_address_list(header)
    assert len(boxes) == 200
    assert boxes[0] == ("Officer0, Deputy", "deputy0@mbcso.example.gov")
    assert boxes[199] == ("Officer199, Deputy", "deputy199@mbcso.example.gov")


def test_outlook_names_with_commas_stay_whole_in_comma_lists() -> None:
    assert parse_address_list("Doe, John <JD@ice.dhs.gov>, Smith, K. <ks@x.gov>") == [
        ("Doe, John", "jd@ice.dhs.gov"),
        ("Smith, K.", "ks@x.gov"),
    ]
    assert parse_address_list('"Doe, John" <jd@x.gov>, ksmith@x.gov,') == [
        ("Doe, John", "jd@x.gov"),
        (None, "ksmith@x.gov"),
    ]


def test_names_without_addresses_groups_and_redactions() -> None:
    assert parse_address_list("Doe, John; Smith, Kim") == [
        ("Doe, John", None),
        ("Smith, Kim", None),
    ]
    assert parse_address_list("undisclosed-recipients:;") == []
    assert parse_address_list("Task force: a@x.gov, b@x.gov;") == [
        (None, "a@x.gov"),
        (None, "b@x.gov"),
    ]
    assert parse_address_list("(b)(6)@ice.dhs.gov; [REDACTED]") == [
        (None, "(b)(6)@ice.dhs.gov"),
        ("[REDACTED]", None),
    ]
    assert parse_address_list("/O=EXCHANGELABS/OU=FYDIBOHF23SPDLT/CN=RECIPIENTS/CN=JDOE") == [
        (None, "/o=exchangelabs/ou=fydibohf23spdlt/cn=recipients/cn=jdoe")
    ]
    assert parse_address_list("jd@x.gov (Doe, John)") == [("Doe, John", "jd@x.gov")]
    assert parse_address_list(" ;, ,;") == []
    assert parse_address_list("<unterminated@x.gov") == [(None, "<unterminated@x.gov")]


# Names as people write them: letters, spaces and punctuation, starting with a letter and not
# ending in a separator.
_NAMES = st.text(alphabet="ABCDEFGHIJ klmnop.,'-", min_size=1, max_size=20).filter(
    lambda n: n.strip()[:1].isalpha() and n.strip()[-1] not in ",-"
)
_LOCAL = st.text(alphabet="abcdefghij0123456789._-", min_size=1, max_size=12)


@given(st.lists(st.tuples(_NAMES, _LOCAL), min_size=1, max_size=40), st.sampled_from(["; ", ", "]))
def test_every_mailbox_of_a_formatted_list_comes_back(pairs, separator) -> None:
    """Outlook style (`;`, bare commas in names) and RFC style (`,`, quoted names) both round-trip."""
    quote = separator == ", "
    header = separator.join(
        (f'"{name}"' if quote else name) + f" <{local}@agency.example.gov>" for name, local in pairs
    )
    boxes = parse_address_list(header)
    assert [address for _, address in boxes] == [
        f"{local}@agency.example.gov" for _, local in pairs
    ]
    assert [name for name, _ in boxes] == [" ".join(name.split()) or None for name, _ in pairs]


@given(st.text(alphabet='ab @.;,:"<>()\\ \t', max_size=40))
def test_segments_read_alone_give_what_the_whole_list_gives(text: str) -> None:
    """`;` lists are read a segment at a time: the same mailboxes as the rule over the whole text,
    whatever the quotes, brackets and comments (closed or not) around the `;`s."""
    whole = [box for box in map(addresses.parse_mailbox, addresses._mailboxes(text)) if any(box)]
    assert parse_address_list(text) == whole
