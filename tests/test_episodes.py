"""Episodes (vectorised) agree with the definition: walk the rows in date order, split on gaps."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.prep.episodes import Episode, dated_spans, find_episodes
from analysis.prep.select import period_end

_ROW = st.tuples(
    st.integers(0, 120),  # start, days after 1 Jan 2025
    st.one_of(st.none(), st.integers(0, 20)),  # length of a multi-day row
    st.sampled_from(["day", "day", "week", "month"]),
)


def _frame(rows: list[tuple[int, int | None, str]]) -> pd.DataFrame:
    base = pd.Timestamp("2025-01-01")
    starts = [base + pd.Timedelta(days=s) for s, _, _ in rows]
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    d.replace(day=1) if p == "month" else d
                    for d, (_, _, p) in zip(starts, rows, strict=True)
                ]
            ),
            "date_end": pd.to_datetime(
                [
                    d + pd.Timedelta(days=n) if n else pd.NaT
                    for d, (_, n, _) in zip(starts, rows, strict=True)
                ]
            ),
            "date_precision": pd.Categorical([p for _, _, p in rows], ["day", "week", "month"]),
        }
    )


def _walk(events: pd.DataFrame, max_gap_days: int) -> list[Episode]:
    spans = dated_spans(events).sort_values(["start", "end"], kind="stable")
    episodes, start, end, n = [], None, None, 0
    for row_start, row_end in zip(spans["start"], spans["end"], strict=True):
        if start is None:
            start, end, n = row_start, row_end, 1
        elif (row_start - end).days > max_gap_days:
            episodes.append(Episode(start, end, n))
            start, end, n = row_start, row_end, 1
        else:
            end, n = max(end, row_end), n + 1
    if start is not None:
        episodes.append(Episode(start, end, n))
    return episodes


@given(st.lists(_ROW, max_size=40), st.integers(1, 30))
def test_find_episodes_matches_the_walk(rows, max_gap_days: int) -> None:
    events = _frame(rows)
    assert find_episodes(events, max_gap_days=max_gap_days) == _walk(events, max_gap_days)


def test_period_end_of_weeks_months_and_ranges() -> None:
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-02-01", "2025-06-02", "2025-06-06", "2025-12-01"]),
            "date_end": pd.to_datetime([pd.NaT, pd.NaT, "2025-06-08", pd.NaT]),
            "date_precision": ["month", "week", "day", "month"],
        }
    )
    assert list(period_end(events).dt.strftime("%Y-%m-%d")) == [
        "2024-02-29",  # leap year
        "2025-06-08",  # Monday + 6 days
        "2025-06-08",  # the row's own end
        "2025-12-31",
    ]


def test_a_segment_grows_with_the_items_it_draws_not_only_with_its_days() -> None:
    """A two-day burst of thirty items gets more of the cut axis than a quiet week of three,
    so its marks and labels have room; counted from the items, month items in their month."""
    from analysis.prep.timeaxis import axis_of

    burst = pd.DataFrame(
        {
            "start": [pd.Timestamp("2026-01-30")] * 15 + [pd.Timestamp("2026-01-31")] * 15,
            "month_only": False,
        }
    )
    week = pd.DataFrame(
        {"start": pd.to_datetime(["2025-02-03", "2025-02-06", "2025-02-09"]), "month_only": False}
    )
    spans = pd.concat([week, burst], ignore_index=True)
    spans["end"] = spans["start"]
    axis = axis_of(spans, layout="auto", gap=14)
    assert axis is not None and axis.broken
    week_share, burst_share = axis.shares()
    assert burst_share > 1.5 * week_share
    # the same days with one item each: the week is the wider, by its span
    axis = axis_of(spans.drop_duplicates(), layout="auto", gap=14)
    assert axis is not None
    week_share, burst_share = axis.shares()
    assert week_share > burst_share
