"""Find episodes: bursts of dated events separated by quiet gaps.

The timeline comes in bursts (student walkouts in Feb 2025, the raids and clashes of June 2025,
the "ICE Out" weekend of Jan 2026) with months of nothing between them. On a continuous time
axis the bursts shrink to slivers; charts therefore draw one segment per episode
(:mod:`analysis.prep.timeaxis`, plotly range breaks) and the TimelineJS sheet groups slides by
episode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.fmt import format_day_range
from analysis.prep.select import period_end, precision_is

#: Default gap, in days, that separates two episodes (a gap longer than this splits them).
DEFAULT_MAX_GAP_DAYS = 14


@dataclass(frozen=True)
class Episode:
    """A run of days with events, no gap inside it longer than the episode threshold."""

    start: pd.Timestamp
    end: pd.Timestamp
    n_rows: int

    @property
    def days(self) -> int:
        """Number of calendar days from start to end, inclusive."""
        return int((self.end - self.start).days) + 1

    @property
    def label(self) -> str:
        """The span as readers see it, e.g. "6–7 Jun 2025"."""
        return format_day_range(self.start, self.end)

    def contains(self, when: pd.Timestamp) -> bool:
        """Whether ``when`` falls on a day of this episode."""
        return bool(self.start <= when <= self.end)


def dated_spans(events: pd.DataFrame) -> pd.DataFrame:
    """Return the first and last day (``start``, ``end``) that places each row on a time axis.

    Day-precision rows span ``date`` to ``date_end`` (or one day); week-precision rows their
    Monday to Sunday. Rows dated only to a month say nothing about when in the month they
    happened, so they are left out unless no row is dated more precisely.
    """
    if "date_precision" in events:
        precise = ~precision_is(events, "month")
        if precise.any():
            events = events[precise]
    spans = pd.DataFrame(
        {"start": pd.to_datetime(events["date"]), "end": pd.to_datetime(period_end(events))}
    ).dropna(subset=["start"])
    spans["end"] = spans["end"].fillna(spans["start"]).dt.normalize()
    spans["start"] = spans["start"].dt.normalize()
    return spans


def find_episodes(
    events: pd.DataFrame, *, max_gap_days: int = DEFAULT_MAX_GAP_DAYS
) -> list[Episode]:
    """Split the dated rows into episodes separated by gaps longer than ``max_gap_days``.

    Parameters
    ----------
    events
        An events frame (any selection). Only ``date``, ``date_end`` and ``date_precision``
        are read (see :func:`dated_spans`).
    max_gap_days
        When the next row starts more than this many days after every earlier row has ended,
        a new episode begins.

    Returns
    -------
    list of Episode
        In date order; empty for an empty frame.

    Raises
    ------
    ParameterError
        If ``max_gap_days`` is not a positive whole number.
    """
    if isinstance(max_gap_days, bool) or not isinstance(max_gap_days, int) or max_gap_days < 1:
        raise ParameterError(
            f"max_gap_days must be a whole number of days >= 1, got {max_gap_days!r}"
        )
    spans = dated_spans(events).sort_values(["start", "end"], kind="stable")
    if spans.empty:
        return []
    start = spans["start"].to_numpy(dtype="datetime64[ns]")
    end = spans["end"].to_numpy(dtype="datetime64[ns]")
    # A row opens a new episode when it starts more than max_gap_days after every earlier row
    # has ended (the running latest end); after such a break the running latest end is the
    # new episode's own, because every earlier end lies before the break.
    latest_end = np.maximum.accumulate(end)
    gap_days = (start[1:] - latest_end[:-1]) // np.timedelta64(1, "D")
    opens = np.concatenate([[0], np.flatnonzero(gap_days > max_gap_days) + 1])
    closes = np.concatenate([opens[1:], [len(start)]])
    return [
        Episode(pd.Timestamp(start[a]), pd.Timestamp(latest_end[b - 1]), int(b - a))
        for a, b in zip(opens, closes, strict=True)
    ]


def gap_share(episodes: list[Episode]) -> float:
    """Return the share of the whole span (first to last day) that lies between episodes."""
    if len(episodes) < 2:
        return 0.0
    span = (episodes[-1].end - episodes[0].start).days + 1
    inside = sum(e.days for e in episodes)
    return 1.0 - inside / span


def has_long_gaps(episodes: list[Episode], *, threshold: float = 0.5) -> bool:
    """Whether gaps take up more than ``threshold`` of the span (then draw one segment each)."""
    return len(episodes) > 1 and gap_share(episodes) > threshold


def episode_of(dates: pd.Series, episodes: list[Episode]) -> pd.Series:
    """Return, for each date, the index of the episode holding it (NA when in no episode)."""
    out = pd.Series(pd.NA, index=dates.index, dtype="Int64")
    for i, ep in enumerate(episodes):
        out[(dates >= ep.start) & (dates <= ep.end)] = i
    return out
