"""The significance rule (issue 18): which events a chronology, a TimelineJS sheet and a report
page keep at scale, and the line saying what they left out."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
from chart_fixtures import curated

from analysis.prep.facts import build_facts
from analysis.publish.chronology import chronology_html, chronology_markdown, chronology_page
from analysis.publish.timelinejs import LEFT_OUT_DATE, LEFT_OUT_HEADLINE, timelinejs_frame
from analysis.spec import significance
from analysis.spec.chronology import build_chronology


def _events(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "start": pd.date_range("2025-01-01", periods=n, freq="D"),
        "response": [False] * n,
        "response_level": pd.Series([None] * n, dtype="category"),
        "arrests_low": [np.nan] * n,
        "immigration_low": [np.nan] * n,
        "crowd_low": [np.nan] * n,
        "crowd_claim": [False] * n,
        "weak": [False] * n,
    }
    base.update(columns)
    index = [f"e{i}" for i in range(n)]
    return pd.DataFrame(
        {k: v.array if isinstance(v, pd.Series) else v for k, v in base.items()}, index=index
    )


def test_the_rule_puts_responses_then_arrest_figures_then_counted_crowds_then_the_rest():
    events = _events(
        response=[False, False, True, False, True, False, False, False],
        response_level=pd.Series(
            [None, None, "city", None, "federal", None, None, None], dtype="category"
        ),
        arrests_low=[np.nan, 5, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan],
        immigration_low=[np.nan, np.nan, np.nan, 40, np.nan, np.nan, np.nan, np.nan],
        crowd_low=[200, np.nan, np.nan, np.nan, np.nan, 5000, 9000, 90000],
        crowd_claim=[False, False, False, False, False, False, False, True],  # a claim
        weak=[False, False, False, False, False, False, True, False],  # low-reliability only
    )
    order = list(significance.rank(events).sort_values().index)
    # federal before city; detention 40 before arrests 5; counted 5,000 before 200; the
    # weak 9,000 and the claimed 90,000 are no counts: the rest, in date order
    assert order == ["e4", "e2", "e3", "e1", "e5", "e0", "e6", "e7"]
    assert list(significance.tiers(events)) == [2, 1, 0, 1, 0, 2, 3, 3]


def test_what_is_left_out_adds_up_and_is_said_per_step():
    tier = np.array([0, 0, 1, 2, 2, 3, 3, 3])
    kept = np.array([True, False, True, True, False, False, False, True])
    left = significance.left_out(tier, kept)
    assert (left.kept, left.total, left.by_tier) == (4, 8, (1, 0, 1, 2))
    assert left.kept + sum(left.by_tier) == left.total
    line = significance.left_out_words(left)
    assert line.startswith("This chronology tells the 4 most significant of the 8 events: official")
    assert line.endswith("(1 official response, 1 event with a counted crowd and 2 other events).")
    assert significance.left_out_words(significance.left_out(tier, tier >= 0)) == ""


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """3,000 generated events: far more than a chronology keeps at a small limit."""
    from chart_fixtures import generated_pair

    events, sources = generated_pair(3_000, tmp_path_factory.mktemp("significance"), seed=18)
    return build_facts(events, sources=sources)


def test_a_large_chronology_tells_the_most_significant_events_in_date_order(big):
    chron = build_chronology(big, limit=100)
    ranks = significance.rank(big.events)
    expected = set(ranks[ranks < 100].index)
    assert {i.key for i in chron.items} == expected and len(chron.items) == 100
    starts = [e.start for ep in chron.episodes for e in ep.entries]
    assert starts == sorted(starts) or len(chron.episodes) > 1  # by date within each episode
    for ep in chron.episodes:
        assert [e.start for e in ep.entries] == sorted(e.start for e in ep.entries)
    responses = set(big.events.index[big.events["response"].to_numpy(bool)])
    kept_responses = responses & expected
    assert kept_responses == responses or expected <= responses  # responses come first
    left = chron.left_out
    assert left.kept == 100 and left.kept + sum(left.by_tier) == len(big.events)
    # every episode is still named and summed up, with all its events
    assert sum(len(ep.items) for ep in chron.episodes) == 100
    closing = chron.closing()
    assert f"tells the 100 most significant of the {len(big.events):,} events" in closing
    assert f"Left out: {len(big.events) - 100:,} events" in closing
    assert chronology_markdown(chron, title="t").rstrip().endswith("*")
    assert html.escape(closing, quote=False) in chronology_page(chron, title="t")


def test_the_report_page_keeps_fewer_by_the_same_rule(big):
    chron = build_chronology(big, limit=100)
    short = chron.shortened(30)
    assert {i.key for i in short.items} == {i.key for i in chron.items if i.rank < 30}
    assert short.left_out.kept == 30 and short.left_out.total == len(big.events)
    section = chronology_html(chron, max_items=30)
    assert section.count('<li class="item') == 30
    assert (
        f"This section tells the 30 most significant of the {len(big.events):,} events" in section
    )
    assert "tell 100." in section  # the files hold more
    assert len(short.episodes) == len(chron.episodes)  # every episode summed up


def test_a_large_timelinejs_sheet_keeps_the_chronologys_items_and_ends_with_what_it_left_out(big):
    chron = build_chronology(big, limit=100)
    sheet = timelinejs_frame(big, title="Big", chronology=chron)
    assert len(sheet) == 1 + 100 + 1  # title, the items, the closing slide
    last = sheet.iloc[-1]
    assert last["Display Date"] == LEFT_OUT_DATE and last["Headline"] == LEFT_OUT_HEADLINE
    assert (
        f"This timeline tells the 100 most significant of the {len(big.events):,} events"
        in last["Text"]
    )
    assert last["Year"] and last["Day"]  # a slide TimelineJS can place


def test_at_the_curated_size_nothing_is_left_out():
    facts = build_facts(curated())
    chron = build_chronology(facts)
    assert len(chron.items) == len(facts.events) <= significance.PAGE_ITEMS
    assert not chron.left_out.any and chron.closing() == ""
    sheet = timelinejs_frame(facts, title="Curated", chronology=chron)
    assert LEFT_OUT_HEADLINE not in set(sheet["Headline"])
    assert "Left out" not in chronology_markdown(chron, title="t")
