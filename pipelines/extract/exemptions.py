"""Exemption codes cited on a page: why something was withheld.

Federal FOIA codes appear as `(b)(6)`, `(b)(7)(C)`, `b6 & 7c`, and after OCR as `Kb)(6)` or `(b) (6)`;
California cites Government Code sections (`7923.600`, `7927.705`, legacy `6254(f)`, `6254(k)`,
`6255`) and, for plate readers, Civil Code `1798.90.55`. Codes are normalised so that counts group:
`(b)(7)(C)` whichever way it was printed.
"""

from __future__ import annotations

import re

_FEDERAL = re.compile(
    r"(?<![A-Za-z0-9])[\(\[{Kk|l1]?\s*[bB]\s*[\)\]}]?\s*[\(\[{]?\s*([1-9])\s*[\)\]}]?"
    r"(?:\s*[\(\[{]\s*([A-Fa-f])\s*[\)\]}])?(?![0-9])"
)
_FEDERAL_PAIR = re.compile(r"\b[bB]\s*([1-9])\s*(?:&|and|,)\s*([1-9])\s*([A-Fa-f])\b")
_CALIFORNIA = re.compile(
    r"(?<![\d.])(7923\.600|7927\.705|7922\.000|6254\s*\(\s*[a-zA-Z]\s*\)|6255|1798\.90\.55)(?![\d.])"
)
# A section number is a code only when law is cited just before it ("Gov. Code", "§", "exempt ..."),
# so that a street number 6255 is not counted as an exemption.
_CITATION = re.compile(r"(code|§|sect|exempt|pursuant|\bgc\b)", re.IGNORECASE)
_CITATION_WINDOW = 60
# A federal code needs a parenthesis or the letter b right before the digit; bare digits are not codes.
_NEEDS_PAREN = re.compile(r"[\(\[{]")


def _federal(text: str) -> list[str]:
    found = []
    for match in _FEDERAL.finditer(text):
        raw = match.group(0)
        if not _NEEDS_PAREN.search(raw) or not re.search(r"[bB]", raw):
            continue
        digit, letter = match.group(1), match.group(2)
        if digit == "7" and letter:
            found.append(f"(b)(7)({letter.upper()})")
        elif digit != "7" or not letter:
            found.append(f"(b)({digit})")
    for match in _FEDERAL_PAIR.finditer(text):  # "b6 & 7c"
        found.append(f"(b)({match.group(1)})")
        found.append(f"(b)({match.group(2)})({match.group(3).upper()})")
    return found


def _california(text: str) -> list[str]:
    codes = []
    for match in _CALIFORNIA.finditer(text):
        if not _CITATION.search(text, max(0, match.start() - _CITATION_WINDOW), match.start()):
            continue
        code = re.sub(r"\s+", "", match.group(1))
        if code.startswith("6254("):
            code = f"6254({code[5].lower()})"
        codes.append(code)
    return codes


def exemption_codes(text: str) -> list[str]:
    """Distinct codes in order of first appearance."""
    seen: dict[str, None] = {}
    for code in [*_federal(text), *_california(text)]:
        seen.setdefault(code, None)
    return list(seen)


_WITHHELD = re.compile(
    r"\b(withheld\s+(in\s+full|pursuant|under)|page\s+(withheld|redacted)\s+in\s+full"
    r"|(this\s+)?page\s+intentionally\s+withheld|duplicate\s+page\s+withheld)",
    re.IGNORECASE,
)


def is_withheld_placeholder(text: str) -> bool:
    """A full-page placeholder: short page text that says the page was withheld."""
    return len(text.strip()) < 400 and bool(_WITHHELD.search(text))
