"""bench.splitter.counts reads callgrind's totals as callgrind prints them (a summary captured from a run)."""

from __future__ import annotations

import pytest

from bench.splitter.counts import Counts, parse_summary

SUMMARY = """
==4242== Events    : Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
==4242== Collected : 3267259872 853371794 599604731 20006595 15842598 7949984 33647 106923 400375 517499202 20871095 53474736 14435186
==4242== 
==4242== I   refs:      3,267,259,872
==4242== I1  misses:       20,006,595
==4242== LLi misses:           33,647
==4242== I1  miss rate:          0.61%
==4242== LLi miss rate:          0.00%
==4242== 
==4242== D   refs:      1,452,976,525  (853,371,794 rd + 599,604,731 wr)
==4242== D1  misses:       23,792,582  ( 15,842,598 rd +   7,949,984 wr)
==4242== LLd misses:          507,298  (    106,923 rd +     400,375 wr)
==4242== D1  miss rate:           1.6% (        1.9%   +         1.3%  )
==4242== LLd miss rate:           0.0% (        0.0%   +         0.1%  )
==4242== 
==4242== LL refs:          43,799,177  ( 35,849,193 rd +   7,949,984 wr)
==4242== LL misses:           540,945  (    140,570 rd +     400,375 wr)
==4242== LL miss rate:            0.0% (        0.0%   +         0.1%  )
==4242== 
==4242== Branches:        570,973,938  (517,499,202 cond +  53,474,736 ind)
==4242== Mispredicts:      35,306,281  ( 20,871,095 cond +  14,435,186 ind)
==4242== Mispred rate:            6.2% (        4.0%     +        27.0%   )
"""


def test_totals_are_read_from_the_summary() -> None:
    counts = parse_summary(SUMMARY)
    assert counts == Counts(3_267_259_872, 20_006_595, 23_792_582, 540_945, 35_306_281)
    misses = 20_006_595 + 23_792_582 + 35_306_281
    assert counts.cycles == 3_267_259_872 + 10 * misses + 100 * 540_945


def test_one_pass_is_the_difference_of_two_runs() -> None:
    one = parse_summary(SUMMARY)
    assert (one - one).instructions == 0
    assert (Counts(5, 4, 3, 2, 1) - Counts(1, 1, 1, 1, 1)) == Counts(4, 3, 2, 1, 0)


def test_a_run_without_totals_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="I1  misses"):
        parse_summary("==1== I   refs:      12\n")
