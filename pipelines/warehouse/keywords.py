"""Literal strings a regular expression cannot match without: a cheap prefilter for the text rules.

A rule pattern such as `\\bdetain(er|ers|or|ors)\\b` can only match a text that contains "detain",
and `\\bI[- ]?247[- ]?[ADX]?\\b` one that contains "i247", "i-247" or "i 247". Testing those with
DuckDB's `contains` on the lower-cased text is far cheaper than running RE2, and on most messages
it rules most patterns out, so 32_rule_matches.sql runs a pattern only where one of its keywords
occurs. The keywords are derived from the pattern when the rules load (never written by hand, so
they cannot drift from it) and are lower case, so they hold whether or not the rule is
case-sensitive: every match contains one of them, compared with the text lower-cased and with
the long s (U+017F) read as 's' (RE2's case folding matches 's' to the long s and 'k' to the Kelvin
sign, which DuckDB lower-cases to 'k').

The pattern is parsed with Python's own regex parser, which reads the RE2 syntax the rule files use
the same way (literals, classes, groups, alternation, repeats, `\\b`); anything it reads
differently or that is not plain (POSIX classes, `\\p{...}`, `\\Q...\\E`, `\\C`) gives no keywords,
and so does a pattern whose matches need not contain any literal (`\\d{3}`): then the rule simply
runs on every text, as before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Python's own regex parser (3.11+ names; the project requires 3.11): private, but the one parser
# that reads the rule files' syntax as RE2 does for the constructs `_item` accepts.
from re import _constants as sre_constants
from re import _parser as sre_parse

MAX_ALTERNATIVES = 64  # a set of more strings than this is not worth testing one by one
MIN_KEYWORD = 2  # one letter occurs in nearly every text: no filter at all
GOOD_KEYWORD = 5  # letters from which a keyword is rare enough
_UNSURE = re.compile(r"\[:|\\[pPQEC]|\\z")  # syntax Python's parser reads differently from RE2


@dataclass(frozen=True)
class _Info:
    """What a piece of a pattern tells: `exact`, every string it can match (when few and known),
    and `required`, strings one of which every match of it contains (None: nothing known)."""

    exact: frozenset[str] | None
    required: frozenset[str] | None


_NOTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def _useful(strings: frozenset[str] | None) -> bool:
    return bool(strings) and min(len(s) for s in strings) >= MIN_KEYWORD


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The cheaper of two keyword sets to test: each keyword is one contains() per text, and past
    GOOD_KEYWORD letters a longer keyword hardly rules out more texts, so fewer keywords win
    unless the other set's shortest keyword is shorter than that; then the longer keywords."""
    candidates = [s for s in (a, b) if _useful(s)]
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda s: (min(GOOD_KEYWORD, *map(len, s)), -len(_minimal(s)), min(map(len, s))),
    )


def _literal(code: int) -> str | None:
    char = chr(code)
    return char.lower() if char.isascii() and char.isprintable() and char != "|" else None


def _in(items: list) -> _Info:
    """A character class: its characters, when it lists a few ASCII ones and nothing else."""
    chars: set[str] = set()
    for op, value in items:
        if op is sre_constants.LITERAL and _literal(value) is not None:
            chars.add(_literal(value))
        elif op is sre_constants.RANGE and value[1] - value[0] < 10:
            for code in range(value[0], value[1] + 1):
                if _literal(code) is None:
                    return _NOTHING
                chars.add(_literal(code))
        else:
            return _NOTHING
    return _Info(frozenset(chars), None) if chars else _NOTHING


def _sequence(items) -> _Info:
    """Concatenated pieces: runs of pieces with known exact strings multiply out into longer
    strings; every match holds one string of each run (and of each run's first pieces), and
    one of each piece's required set: the best of all those is required."""
    run: frozenset[str] | None = frozenset({""})
    whole = True  # the run so far covers every piece: it is the sequence's exact set
    best: frozenset[str] | None = None
    for op, value in items:
        info = _item(op, value)
        best = _better(best, info.required)
        if info.exact is not None and run is not None:
            joined = frozenset(a + b for a, b in itertools.product(run, info.exact))
            if len(joined) <= MAX_ALTERNATIVES:
                run = joined
                best = _better(
                    best, run
                )  # the run so far is required too: 'release' in 'released? to'
                continue
        best = _better(best, run)
        run, whole = info.exact, False
    return _Info(run if whole else None, _better(best, run))


def _item(op, value) -> _Info:
    if op is sre_constants.LITERAL:
        char = _literal(value)
        return _Info(frozenset({char}), None) if char is not None else _NOTHING
    if op is sre_constants.IN:
        return _in(value)
    if op is sre_constants.AT:  # \b, ^, $: match no characters
        return _EMPTY
    if op is sre_constants.SUBPATTERN:
        return _sequence(value[-1])
    if op is sre_constants.BRANCH:
        branches = [_sequence(b) for b in value[1]]
        exact = None
        if all(b.exact is not None for b in branches):
            exact = frozenset().union(*(b.exact for b in branches))
            exact = exact if len(exact) <= MAX_ALTERNATIVES else None
        wanted = [_better(b.exact, b.required) for b in branches]
        required = None
        if all(w is not None for w in wanted):
            required = frozenset().union(*wanted)
            required = required if len(required) <= MAX_ALTERNATIVES else None
        return _Info(exact, required)
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, high, body = value
        inner = _sequence(body)
        if low == 0 and high == 1 and inner.exact is not None:
            return _Info(inner.exact | {""}, None)
        if low == 0:
            return _NOTHING
        if low == 1 and high == 1:
            return inner
        return _Info(None, _better(inner.exact, inner.required))
    return _NOTHING


def _minimal(keywords: frozenset[str]) -> list[str]:
    """Drop a keyword that contains another: the shorter one already lets its texts through."""
    return sorted(k for k in keywords if not any(o != k and o in k for o in keywords))


def required_keywords(pattern: str) -> list[str] | None:
    """Lower-case strings one of which every match of `pattern` contains, or None if unknown."""
    if _UNSURE.search(pattern):
        return None
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    info = _sequence(list(parsed))
    found = _better(info.exact, info.required)
    return _minimal(found) if found is not None else None
