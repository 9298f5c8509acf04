"""Aggregation rules: missing is not zero, a dispute is one event with a range, one midpoint."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_fixtures import event_row, load_pair, with_rows

from analysis.errors import ParameterError
from analysis.prep import aggregate
from analysis.prep.episodes import find_episodes, gap_share, has_long_gaps
from analysis.prep.framecache import FrameCache


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
    assert (day["low_sum"], day["high_sum"]) == (2580, 2580)  # City Hall grew to 2,500, + 80
    assert day["mid_sum"] == 2500 + 80
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


# --- event_figures against a plain, row-by-row definition ----------------------------------


def _items(cell: object) -> list[str]:
    return [] if pd.isna(cell) else [i.strip() for i in str(cell).split(";") if i.strip()]


def _reference_event_figures(events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """What event_figures documents, written the slow, obvious way: one Python loop per event."""
    rows = events.reset_index(drop=True).astype(object).where(events.notna().to_numpy(), None)
    records = rows.to_dict("records")
    by_key: dict[str, list[dict]] = {}
    for r in records:
        group = r["dispute_group"]
        by_key.setdefault(group if group and group.strip() else r["event_id"], []).append(r)
    out = {}
    for key, part in by_key.items():
        first = part[0]
        pubs = [[names.get(s, s) for s in _items(r["source_ids"])] for r in part]
        rec = {
            "event_ids": ";".join(r["event_id"] for r in part),
            "n_rows": len(part),
            "date": min(r["date"] for r in part),
            "date_end": max((r["date_end"] for r in part if r["date_end"]), default=None),
            "title": first["title"],
            "main_publisher": pubs[0][0] if pubs[0] else names.get("", ""),
        }
        for m, (low_col, high_col, text_col) in aggregate.MEASURES.items():
            lows, highs, opens, words = [], [], [], []
            for r, row_pubs in zip(part, pubs, strict=True):
                low, high = r[low_col], r[high_col] if high_col else None
                is_open = high_col is not None and low is not None and high is None
                low = high if low is None else low
                if low is None:
                    continue
                high = low if high is None else high
                text = (r[text_col] or "").strip()
                shown = f"\u201c{text}\u201d" if text else str(low)
                lows.append(low), highs.append(high), opens.append((is_open, low))
                words.append(f"{shown} ({row_pubs[0] if row_pubs else names.get('', '')})")
            rec[f"{m}_low"] = min(lows, default=None)
            rec[f"{m}_high"] = max(highs, default=None)
            rec[f"{m}_open"] = any(o and low == max(highs) for o, low in opens)
            rec[f"{m}_wording"] = " | ".join(words) or None
        if len(part) == 1:
            for col in ("source_ids", "police_measures", "notes"):
                rec[col] = first[col]
        else:
            for col in ("source_ids", "police_measures"):
                rec[col] = ";".join(dict.fromkeys(i for r in part for i in _items(r[col])))
            rec["notes"] = " ".join(r["notes"] for r in part if r["notes"])
        rec["publishers"] = ";".join(dict.fromkeys(p for row_pubs in pubs for p in row_pubs))
        rec["disputed"] = any(bool(r["disputed"]) for r in part) or len(part) > 1
        out[key] = rec
    frame = pd.DataFrame.from_dict(out, orient="index")
    return frame.sort_values(["date", "event_ids"], kind="stable")


def test_event_figures_matches_the_plain_definition(tmp_path) -> None:
    import sys
    from pathlib import Path

    from analysis.data.load import load_events, load_sources

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate_dataset

    events_csv = generate_dataset(3000, tmp_path, seed=11)
    folder = events_csv.parent
    events = load_events(
        events_csv, sources_path=folder / "sources.csv", places_path=folder / "places.csv"
    )
    sources = load_sources(folder / "sources.csv")
    got = aggregate.event_figures(events, sources=sources)
    want = _reference_event_figures(events, aggregate.publisher_names(sources))
    assert got["n_rows"].max() > 1, "the generated data should contain dispute groups"
    assert list(got.index) == list(want.index)
    for col in want.columns:
        left = got[col].astype(object).where(got[col].notna(), None).tolist()
        right = want[col].astype(object).where(want[col].notna(), None).tolist()
        assert left == right, col
    assert got["crowd_open"].any() and got["crowd_wording"].str.contains(" | ").any()


def test_event_figures_dtypes_do_not_depend_on_disputes(tiny) -> None:
    events, sources = tiny
    with_group = aggregate.event_figures(events, sources=sources)
    without = aggregate.event_figures(events[events["dispute_group"].isna()], sources=sources)
    empty = aggregate.event_figures(events.iloc[:0], sources=sources)
    assert with_group["n_rows"].max() == 2
    assert with_group.dtypes.to_dict() == without.dtypes.to_dict() == empty.dtypes.to_dict()


def test_figures_cache_is_bounded_by_rows(tiny, monkeypatch) -> None:
    events, sources = tiny
    monkeypatch.setattr(aggregate, "_FIGURES_CACHE", FrameCache(size=16, max_rows=len(events)))
    aggregate.event_figures(events, sources=sources)
    aggregate.event_figures(events.iloc[:-1], sources=sources)
    assert len(aggregate._FIGURES_CACHE) == 1  # the older entry made room
    # The newest entry is kept even when it alone is over the bound.
    aggregate._FIGURES_CACHE.max_rows = 1
    aggregate.event_figures(events, sources=sources)
    assert len(aggregate._FIGURES_CACHE) == 1


def test_arrests_alt_quotes_a_few_disputed_figures_not_all(tiny_rows, write_dataset) -> None:
    from analysis.charts import words as alttext

    rows = []
    for g in range(4):  # four disputed arrest counts on one day
        for n, source in ((10 + g, "daily-news-2026-01-31"), (20 + g, "rewrite-2026-01-30")):
            rows.append(
                event_row(
                    f"2026-02-07-arrests-{g}-{n}",
                    "2026-02-07",
                    event_type="clash",
                    arrests=str(n),
                    arrests_text=f"{n} people were arrested",
                    disputed="true",
                    dispute_group=f"2026-02-07-arrests-{g}",
                    source_ids=source,
                    evidence=f"{n} people were arrested",
                )
            )
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    text = alttext.arrests_alt(events, sources=sources)
    assert "on 7 Feb 2026, where sources differ" in text
    assert text.count("people were arrested\u201d") == 2 * alttext.MAX_QUOTED_DISPUTES
    assert "and 2 more disputed figures" in text
