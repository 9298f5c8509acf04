"""Which episode of a chronology each event belongs to, and the episode's name.

The episodes are the segments of the charts' time axis (:class:`analysis.prep.timeaxis.TimeAxis`);
an event the charts do not draw joins the nearest segment within the selection's episode gap,
widening the episode's name to its days. Vectorised over the events (linear at any size).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.fmt import format_day_range
from analysis.prep.facts import Facts
from analysis.prep.timeaxis import MONTH_ONLY


def episode_of(facts: Facts, events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The axis segment each event is drawn in (-1 for none) and whether it only joined it.

    An event the charts do not draw joins the segment nearest its days when that is within
    the selection's episode gap (it is then marked True: the episode's name widens to its
    days), else none. Vectorised over the segments: linear in the events.
    """
    n = len(events)
    segment = np.full(n, -1, dtype=np.int64)
    joined = np.zeros(n, dtype=bool)
    axis = facts.axis
    if axis is None or n == 0:
        return segment, joined
    x = pd.to_datetime(events["x"]).to_numpy("datetime64[ns]")
    start = pd.to_datetime(events["start"]).to_numpy("datetime64[ns]")
    after = pd.to_datetime(events["end"]).to_numpy("datetime64[ns]") + np.timedelta64(1, "D")
    has_x = ~np.isnat(x)
    for i in range(len(axis.starts) - 1, -1, -1):  # the first segment holding x wins
        a, b = axis.starts[i].to_datetime64(), axis.ends[i].to_datetime64()
        segment[has_x & (a <= x) & (x <= b)] = i
    off = segment < 0
    joined[off] = True
    if off.any():
        zero = np.timedelta64(0, "ns")
        distance = np.stack(
            [
                np.maximum(
                    np.maximum(a.to_datetime64() - after[off], start[off] - b.to_datetime64()),
                    zero,
                )
                for a, b in zip(axis.starts, axis.ends, strict=True)
            ]
        )
        best = distance.argmin(axis=0)
        near = distance[best, np.arange(len(best))] <= np.timedelta64(
            pd.Timedelta(days=facts.selection.max_gap_days)
        )
        segment[np.flatnonzero(off)[near]] = best[near]
    return segment, joined


@dataclass(frozen=True)
class Span:
    """The dates of an episode's events: the first day of all (a month's 1st for a month
    item), the first and last day of those dated to a day or week (None when none is), and of
    those that only joined the segment (see :func:`episode_of`)."""

    first: pd.Timestamp
    days: tuple[pd.Timestamp, pd.Timestamp] | None
    joined: tuple[pd.Timestamp, pd.Timestamp] | None


def episode_title(label: str, span: Span, bounds: tuple[pd.Timestamp, pd.Timestamp] | None) -> str:
    """The segment's label, widened to the days of the events near it that the charts do not
    draw (when they fall outside it); a group on no segment is named by its days."""
    if label.endswith(MONTH_ONLY):
        label = label[: -len(MONTH_ONLY)].strip() + " (dated only to the month)"
    if bounds is None or not label:
        if span.days is None:  # only items dated to the month: never under a day's name
            return f"{span.first:%b %Y} (dated only to the month)"
        return format_day_range(*span.days)
    if span.joined is None:
        return label
    first, last = bounds[0].ceil("D"), bounds[1].floor("D") - pd.Timedelta(days=1)
    lo, hi = span.joined
    if first <= lo and hi <= last:
        return label
    return format_day_range(min(lo, first), max(hi, last))


def span_of(start: np.ndarray, end: np.ndarray, month: np.ndarray, joined: np.ndarray) -> Span:
    """The :class:`Span` of one episode's events (arrays of theirs, ``datetime64``)."""
    first = start.astype("datetime64[M]").astype("datetime64[ns]")
    first = np.where(month, first, start).min()

    def bounds(mask: np.ndarray) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        if not mask.any():
            return None
        return pd.Timestamp(start[mask].min()), pd.Timestamp(end[mask].max())

    return Span(pd.Timestamp(first), bounds(~month), bounds(~month & joined))
