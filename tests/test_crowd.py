"""The vague-word rule: wording -> (low, high)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.data import crowd
from analysis.data.crowd import VAGUE_WORDS, crowd_figures, crowd_range


def test_vague_word_table_is_the_documented_one():
    assert VAGUE_WORDS == {
        "a dozen": (12, 12),
        "dozens": (24, 99),
        "a few dozen": (24, 59),
        "several dozen": (36, 99),
        "hundreds": (200, 999),
        "a few hundred": (200, 499),
        "several hundred": (300, 999),
        "thousands": (2000, 9999),
        "a few thousand": (2000, 4999),
        "several thousand": (3000, 9999),
        "tens of thousands": (20000, 99999),
        "hundreds of thousands": (200000, 999999),
    }


@pytest.mark.parametrize(("phrase", "expected"), list(VAGUE_WORDS.items()))
def test_each_vague_word_alone_and_in_a_sentence(phrase, expected):
    assert crowd_range(phrase) == expected
    assert crowd_range(f"Police said {phrase.upper()} of people gathered.") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # longest phrase first
        ("tens of thousands marched", (20000, 99999)),
        ("hundreds of thousands", (200000, 999999)),
        ("several hundred protesters", (300, 999)),
        ("a few hundred people", (200, 499)),
        ("several dozen officers", (36, 99)),
        ("Dozens rallied", (24, 99)),
        ("hundreds of our youth", (200, 999)),
        # exact figures
        ("2,500", (2500, 2500)),
        ("80", (80, 80)),
        ("eight protesters were arrested", (8, 8)),
        ("twelve", (12, 12)),
        ("twenty", (20, 20)),
        ("twenty-five people", (25, 25)),
        ("two dozen", (24, 24)),
        ("a hundred people", (100, 100)),
        ("1.5 million", (1_500_000, 1_500_000)),
        # approximate wording adds no margin
        ("about 80 people", (80, 80)),
        ("around 2,500 people", (2500, 2500)),
        ("approximately 300", (300, 300)),
        ("roughly 40", (40, 40)),
        ("some 70 people", (70, 70)),
        ("nearly 1,000", (1000, 1000)),
        # open-ended
        ("at least 44 people", (44, None)),
        ("at least five apprehensions", (5, None)),
        ("more than 300 events", (300, None)),
        ("More than 50 organizations", (50, None)),
        ("over 1,000 people", (1000, None)),
        ("300 or more", (300, None)),
        ("300+", (300, None)),
        ("more than a dozen", (12, None)),
        # ranges
        ("1,200 to 1,500 arrests per day", (1200, 1500)),
        ("a quota of 1,200 to 1,500 arrests per day", (1200, 1500)),
        ("1,200-1,500", (1200, 1500)),
        ("1,200–1,500", (1200, 1500)),
        ("between 1,200 and 1,500", (1200, 1500)),
        ("10 to 20 thousand", (10000, 20000)),
        # growth: the size a crowd grew to is its size; where it started is not the low end
        ("A crowd of several hundred protesters swelled to 2,500", (2500, 2500)),
        ("A protest in Torrance grew to around 2,500 people as of 1 p.m.", (2500, 2500)),
        ("the crowd rose to more than 1,000", (1000, None)),
        ("about 200 marchers, a crowd that later reached 600", (600, 600)),
        ("the rally peaked at several thousand", (3000, 9999)),
        ("dozens at noon; the crowd climbed to hundreds", (200, 999)),
        ("increased to 40", (40, 40)),
        ("grew from 300 to 500", (500, 500)),  # not the range 300-500
        ("swelled from hundreds to thousands", (2000, 9999)),
        ("grew from several hundred to more than 2,000 by evening", (2000, None)),
        ("grew to 500, then swelled to 2,000", (2000, 2000)),  # the largest size reached
        ("swelled to 2,500 in front of City Hall by 3 p.m.", (2500, 2500)),
        # successive sizes without a growth word: the peak
        ("80 at first, then hundreds", (200, 999)),
        ("hundreds at first, then more than 5,000", (5000, None)),
        ("more than 300 at noon, thousands by evening", (2000, 9999)),
        ("2,000 at noon, but the crowd dwindled to 300", (2000, 2000)),
        # several figures that are one estimate: smallest low, high of the largest figure
        ("hundreds, perhaps thousands", (200, 9999)),
        ("200 or 300 people", (200, 300)),
        ("more than 600 events attended by tens of thousands", (600, 99999)),
        # no figure
        ("a number of people", (None, None)),
        ("They arrested a number of people.", (None, None)),
        ("", (None, None)),
        ("someone said", (None, None)),
        # times, dates, ages and percentages are not crowd figures
        ("At 4 p.m., about 80 people", (80, 80)),
        ("Hundreds gather in Torrance on Jan. 31, 2026", (200, 999)),
        ("a 94-year-old veteran and dozens more", (24, 99)),
        ("50% of the crowd", (None, None)),
        ("at 16:30", (None, None)),
        ("9th graders", (None, None)),
    ],
)
def test_crowd_range(text, expected):
    assert crowd_range(text) == expected


def test_growth_is_not_a_range():
    """Issue 11, rule 1: a crowd that grew has one size, the one it grew to (its peak)."""
    text = "A crowd of several hundred protesters swelled to 2,500"
    assert crowd_figures(text) == [(300, 999), (2500, 2500)]  # both figures are read ...
    assert crowd_range(text) == (2500, 2500)  # ... but the size is the one it grew to
    # "from N to M" after a growth word is growth, not the range N-M.
    assert crowd_range("grew from 300 to 500") == (500, 500)
    assert crowd_range("from 300 to 500") == (300, 500)
    # A growth word needs "to" (or reach/peaked at) right before the figure; two estimates that
    # disagree are still a range.
    assert crowd_range("Rose counted 300, police 200") == (200, 300)


def test_growth_and_sequence_words_are_documented():
    for word in (*crowd.GROWTH_WORDS, *crowd.REACH_WORDS, *crowd.SEQUENCE_WORDS):
        assert word == word.lower().strip()
    assert {"swelled", "grew", "rose"} <= set(crowd.GROWTH_WORDS)
    assert "reached" in crowd.REACH_WORDS


def test_module_doctests():
    result = doctest.testmod(crowd)
    assert result.attempted >= 8 and result.failed == 0


def test_a_few_is_two_to_just_under_five_units():
    assert crowd_range("a few thousand") == (2000, 4999)
    assert crowd_range("a few dozen protesters") == (24, 59)
    # "thousand" alone is a multiplier that needs a number.
    assert crowd_range("thousand") == (None, None)


@given(st.text(max_size=200))
def test_any_text_gives_a_consistent_range(text):
    low, high = crowd_range(text)
    if low is None:
        assert high is None
    else:
        assert low >= 0
        assert high is None or high >= low
        assert (low, high) in crowd_figures(text) or len(crowd_figures(text)) > 1


@given(
    st.sampled_from(["swelled to", "grew to", "rose to", "reached", "climbed to"]),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
)
def test_a_crowd_that_grew_is_as_large_as_the_figure_it_grew_to(verb, start, end):
    assert crowd_range(f"a crowd of {start:,} {verb} {end:,}") == (end, end)
    assert crowd_range(f"a crowd of {start:,} {verb} more than {end:,}") == (end, None)


@given(st.integers(min_value=0, max_value=10**9))
def test_any_numeral_with_separators_is_exact(n):
    assert crowd_range(f"{n:,} people") == (n, n)
    assert crowd_range(f"at least {n:,}") == (n, None)
