"""Which characters a reader is asked to locate, and the page scan it shares with the splitter."""

from __future__ import annotations

from pipelines.printed import clean_page, offsets_to_locate, scan_page


def located(text: str) -> list[str]:
    page = clean_page(1, text)
    return [text[offset : offset + 6] for offset in offsets_to_locate(page, scan_page(page.texts))]


def test_header_lines_their_values_and_the_page_edges() -> None:
    text = (
        "Ramirez, Ana\r\nFrom:    Doe <d@x.gov>\r\nSubject: Hello\r\nBody one\r\nBody two\r\nlast"
    )
    assert located(text) == [
        "Ramire",  # first line of the page, and the line above the header (an owner banner?)
        "From: ",
        "Doe <d",  # where the value starts: aligned memo header or inline quote?
        "Subjec",
        "Hello\r",
        "Body o",  # lines after the last label: a wrapped value?
        "Body t",
        "last",
    ]


def test_a_column_of_empty_labels_asks_for_the_lines_below() -> None:
    text = "From:\r\nTo:\r\nSubject:\r\nDoe <d@x.gov>\r\nme@x.gov\r\nHi\r\nBody"
    assert located(text) == [
        "From:\r",
        "To:\r\nS",
        "Subjec",
        "Doe <d",
        "me@x.g",
        "Hi\r\nBo",
        "Body",
    ]


def test_glued_labels_ask_for_each_label() -> None:
    text = "Header\r\nFrom:To:Subject:\r\nDoe\r\nme\r\nHi"
    assert "To:Sub" in located(text) and "Subjec" in located(text)


def test_scan_names_what_lines_may_start() -> None:
    scan = scan_page(
        [
            "From: a@x.gov",
            "-----Original Message-----",
            "On Tue, Oct 28, 2025 at 8:12 PM Ana <a@x.gov> wrote:",
            "3 messages",
            "06/19/2017 05:48 AM",
            "Subject RE: pickup",
            "Ana Ramirez <a@x.gov> Tue, Oct 28, 2025 at 8:12 PM",
            "To be clear, nothing here.",
        ]
    )
    assert list(scan.labels) == [0]
    assert {kind: lines for kind, lines in scan.marks.items() if lines} == {
        "separator": [1],
        "attribution": [2],
        "count": [3],
        "notes": [4],
        "notes_row": [5, 7],
        "gmail": [6],
    }
