"""`needs_ocr` counts characters with byte tricks for speed; it must agree with the plain rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipelines.extract.ocr import MIN_TEXT_CHARS, needs_ocr

PROSE = ".,:;@()<>-/'\""


def by_character(text: str, has_image: bool) -> bool:
    """The rule as stated: too few visible characters, or fewer than 60% of them readable."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_TEXT_CHARS:
        return has_image or not visible
    return sum(c.isalnum() or c in PROSE for c in visible) / len(visible) < 0.6


# Letters, digits, prose punctuation, symbols, ASCII and Unicode spaces (\x1c, NBSP, em space),
# accented and non-Latin letters and digits.
CHARACTERS = st.sampled_from(list("aZ9_.,:;@()<>-/'\"%$#~^&* \t\n\r\x0c\x1c\u00a0\u2003éßж٣\ufffd"))


@given(st.text(CHARACTERS, max_size=120), st.booleans())
def test_agrees_with_the_character_rule(text: str, has_image: bool) -> None:
    assert needs_ocr(text, has_image) == by_character(text, has_image)


def test_unicode_page_of_prose_is_readable() -> None:
    page = "Réunion à Zürich — señor Müller wrote: “see attached” · naïve café\n" * 5
    assert not needs_ocr(page, has_image=False)
    assert needs_ocr("€€€ ¤¤¤ ¶¶¶ §§§ ©©© ®®® ±±± ÷÷÷ ¦¦¦ ¬¬¬", has_image=False)
