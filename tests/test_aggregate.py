"""Merging rows into events: a dispute is one event with a range, missing stays missing."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.crowd import crowd_range
from analysis.errors import ParameterError
from analysis.prep import aggregate
from analysis.prep.episodes import find_episodes, gap_share, has_long_gaps


def figures_of(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    return aggregate.event_figures(events, aggregate.publisher_names(sources))


def test_dispute_group_is_one_event_with_a_range_and_both_sources(tiny):
    events, sources = tiny
    figures = figures_of(events, sources)
    assert len(figures) == len(events) - 1
    row = figures.loc["2026-01-30-dtla-arrests"]
    assert row["n_rows"] == 2
    assert (row["arrests_low"], row["arrests_high"]) == (5, 8)
    assert bool(row["disputed"])
    assert "\u201cfive apprehensions\u201d (Unknown website)" in row["arrests_wording"]
    assert "\u201ceight protesters were arrested\u201d (Daily News)" in row["arrests_wording"]
    assert set(row["publishers"].split(";")) == {"Daily News", "Unknown website"}


def test_a_count_worded_as_a_floor_stays_a_floor(tiny):
    events, sources = tiny
    raid = figures_of(events, sources).loc["2025-06-06-los-angeles-ice-raids"]
    assert (raid["immigration_low"], raid["immigration_high"]) == (44, 44)
    assert bool(raid["immigration_open"])  # "arrested at least 44 people"


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
                if high_col is not None:
                    is_open = low is not None and high is None
                else:  # a count worded "at least N" is a floor
                    is_open = low is not None and crowd_range(r[text_col] or "")[1] is None
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
    got = figures_of(events, sources)
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
    with_group = figures_of(events, sources)
    without = figures_of(events[events["dispute_group"].isna()], sources)
    empty = figures_of(events.iloc[:0], sources)
    assert with_group["n_rows"].max() == 2
    assert with_group.dtypes.to_dict() == without.dtypes.to_dict() == empty.dtypes.to_dict()
