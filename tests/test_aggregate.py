"""Aggregation rules: missing is not zero, a dispute is one event with a range, one midpoint."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_fixtures import event_row, load_pair, with_rows

from analysis import aggregate
from analysis.episodes import find_episodes, gap_share, has_long_gaps
from analysis.errors import ParameterError


@pytest.fixture
def tiny(tiny_dataset):
    return load_pair(tiny_dataset)


# --- one row per event ---------------------------------------------------------------------


def test_dispute_group_is_one_event_with_a_range_and_both_sources(tiny):
    events, sources = tiny
    figures = aggregate.event_figures(events, sources=sources)
    assert len(figures) == len(events) - 1
    row = figures.loc["2026-01-30-dtla-arrests"]
    assert row["n_rows"] == 2
    assert (row["arrests_low"], row["arrests_high"]) == (5, 8)
    assert row["arrests_mid"] == 6.5
    assert bool(row["disputed"])
    assert "\u201cat least five apprehensions\u201d (Unknown website)" in row["arrests_wording"]
    assert "\u201ceight protesters were arrested\u201d (Daily News)" in row["arrests_wording"]
    assert set(row["publishers"].split(";")) == {"Daily News", "Unknown website"}


def test_midpoint_rule(tiny_rows, write_dataset):
    rows = [
        event_row(
            "2026-02-02-closed",
            "2026-02-02",
            crowd_text="300 to 500",
            crowd_low="300",
            crowd_high="500",
            crowd_estimate_by="reporters",
        ),
        event_row(
            "2026-02-02-open",
            "2026-02-02",
            crowd_text="more than 300",
            crowd_low="300",
            crowd_estimate_by="reporters",
        ),
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    figures = aggregate.event_figures(events, sources=sources)
    closed = figures.loc["2026-02-02-closed"]
    assert closed["crowd_mid"] == 400 and not closed["crowd_open"]
    open_ = figures.loc["2026-02-02-open"]
    assert open_["crowd_mid"] == 300 and bool(open_["crowd_open"])
    assert (open_["crowd_low"], open_["crowd_high"]) == (300, 300)


def test_event_figures_is_cached_but_returns_copies(tiny):
    events, sources = tiny
    first = aggregate.event_figures(events, sources=sources)
    first.loc[first.index[0], "title"] = "changed"
    again = aggregate.event_figures(events, sources=sources)
    assert again.loc[again.index[0], "title"] != "changed"
    changed = events.copy()
    changed.loc[0, "title"] = "new title"
    assert aggregate.event_figures(changed, sources=sources).iloc[0]["title"] == "new title"


# --- series: missing is not zero -----------------------------------------------------------


def test_day_with_only_unknown_sizes_is_na_not_zero(tiny_rows, write_dataset):
    rows = [event_row(f"2026-02-07-protest-{i}", "2026-02-07") for i in range(2)]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    series = aggregate.crowd_series(events, sources=sources)
    day = series.loc["2026-02-07"]
    assert (day["n_events"], day["n_with_figure"], day["n_without_figure"]) == (2, 0, 2)
    assert pd.isna(day["low_sum"]) and pd.isna(day["high_sum"]) and pd.isna(day["mid_sum"])


def test_crowd_series_sums_and_counts(tiny):
    events, sources = tiny
    series = aggregate.crowd_series(events, sources=sources)
    assert list(series.index.strftime("%Y-%m-%d")) == ["2025-06-07", "2026-01-30", "2026-01-31"]
    # The downtown clash of the 30th has no crowd figure: the day is there, its sums are NA.
    clash_day = series.loc["2026-01-30"]
    assert (clash_day["n_events"], clash_day["n_with_figure"]) == (1, 0)
    assert pd.isna(clash_day["mid_sum"])
    day = series.loc["2026-01-31"]
    assert (day["n_events"], day["n_with_figure"], day["n_without_figure"]) == (3, 2, 1)
    assert (day["low_sum"], day["high_sum"]) == (380, 2580)
    assert day["mid_sum"] == 1400 + 80
    # Days without events are absent, not zero.
    assert pd.Timestamp("2026-01-29") not in series.index


def test_weekly_series_starts_on_monday(tiny):
    events, sources = tiny
    weekly = aggregate.crowd_series(events, freq="w", sources=sources)
    assert all(day.weekday() == 0 for day in weekly.index)
    assert weekly.attrs["freq"] == "W"


def test_arrest_kinds_are_never_mixed(tiny):
    events, sources = tiny
    protesters = aggregate.arrests_series(events, sources=sources)
    immigration = aggregate.arrests_series(events, kind="immigration", sources=sources)
    on_30 = protesters.loc["2026-01-30"]
    assert (on_30["low_sum"], on_30["high_sum"], on_30["n_disputed"]) == (5, 8, 1)
    assert pd.Timestamp("2025-06-06") not in protesters.index
    assert immigration.loc["2025-06-06", "low_sum"] == 44
    assert pd.Timestamp("2026-01-30") not in immigration.index
    # A demonstration without an arrest figure counts as an event without the figure.
    assert pd.isna(protesters.loc["2026-01-31", "low_sum"])
    assert protesters.loc["2026-01-31", "n_without_figure"] == 3


def test_responses_by_level_and_type(tiny):
    events, sources = tiny
    daily = aggregate.responses_series(events, sources=sources)
    assert list(daily.columns) == ["date", "response_level", "response_type", "n_responses"]
    assert daily["n_responses"].sum() == 2  # the week- and month-dated responses are excluded
    excluded = set(daily.attrs["excluded"]["key"])
    assert {"2026-01-26-bass-statement", "2025-06-01-white-house-daily-arrest-goal"} <= excluded
    weekly = aggregate.responses_series(events, freq="W", sources=sources)
    assert "city" in set(weekly["response_level"])


def test_bad_parameters_raise(tiny):
    events, sources = tiny
    with pytest.raises(ParameterError, match="'D' \\(day\\), 'W' \\(week\\)"):
        aggregate.crowd_series(events, freq="M", sources=sources)
    with pytest.raises(ParameterError, match="immigration, protesters"):
        aggregate.arrests_series(events, kind="police", sources=sources)


def test_chart_rows_panels(tiny):
    events, sources = tiny
    rows = aggregate.chart_rows(events, sources=sources)
    assert set(rows["panel"]) == {"crowd", "arrests", "responses"}
    assert "2025-06-01-white-house-daily-arrest-goal" in rows.index  # national response kept
    crowd = rows[rows["panel"] == "crowd"]
    assert set(crowd["scope"].astype(str)) <= {"local", "regional"}


# --- episodes ------------------------------------------------------------------------------


def test_episodes_split_on_long_gaps_and_ignore_month_rows(tiny):
    events, _ = tiny
    episodes = find_episodes(events)
    assert [e.label for e in episodes] == ["6\u20137 Jun 2025", "26 Jan \u2013 1 Feb 2026"]
    assert has_long_gaps(episodes) and gap_share(episodes) > 0.9
    assert len(find_episodes(events, max_gap_days=400)) == 1


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "14"])
def test_episode_gap_must_be_positive_days(tiny, bad):
    with pytest.raises(ParameterError):
        find_episodes(tiny[0], max_gap_days=bad)
