"""What every panel of the facts model shares: binning, labels on marks, figures in words.

A panel draws one mark per event up to :data:`MAX_MARKS`, and one per day (and level) above it
(:class:`Binning`); several marks of one day are ranked within that day, largest first
(:func:`day_order`: each size's specification spreads them); a mark may carry a
:class:`Label`; a figure is worded the same way on every chart (:func:`figure_words`); a
binned mark's hover names its first few events (:func:`first_keys`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.crowd import VAGUE_WORDS
from analysis.fmt import format_count

#: Above this many marks a panel is binned by day (one mark per day, or per day and level),
#: so a chart stays bounded in drawing time and file size; the panel says so.
MAX_MARKS = 1500
#: A binned mark's hover names at most this many of its events.
BIN_KEYS = 5
DAY = pd.Timedelta(days=1)
#: Where a day's marks go: its middle, so that they sit over the day's tick.
NOON = pd.Timedelta(hours=12)


def day_order(base: pd.Series, size: pd.Series | None = None) -> pd.Series:
    """Each mark's rank among the marks at its ``base`` instant: 0 for the largest ``size``,
    then 1, ... (None, or a tie, keeps the given order).

    The model only orders a day's marks; where they go within the day is a matter of pixels,
    decided per size by the specification (:func:`analysis.spec.spread.spread_day_marks`).
    """
    rank = size.astype("Float64").fillna(-1) if size is not None else 0
    frame = pd.DataFrame({"base": base, "size": rank, "at": np.arange(len(base))})
    order = frame.sort_values(["base", "size", "at"], ascending=[True, False, True])
    ranks = order.groupby("base", sort=False).cumcount()
    return pd.Series(ranks.reindex(order.index).to_numpy(), index=order.index).loc[base.index]


@dataclass(frozen=True)
class Binning:
    """Whether a panel draws one mark per event or per day, and why.

    ``marks`` is how many marks the panel has one per event; above ``limit`` it is binned.
    """

    marks: int
    limit: int = MAX_MARKS

    @property
    def binned(self) -> bool:
        """Whether the panel draws one mark per day (and level) instead of per event."""
        return self.marks > self.limit

    @classmethod
    def of(cls, marks: int) -> Binning:
        """A panel of ``marks`` marks, binned above :data:`MAX_MARKS` (read when called)."""
        return cls(marks, MAX_MARKS)


@dataclass(frozen=True)
class Label:
    """A label on a mark: where (``x`` a date, ``y`` a value), its text, and its rank."""

    x: pd.Timestamp
    y: float
    text: str
    priority: float
    key: str | None = None
    short: str | None = None  # for the 390-px phone charts, when shorter than ``text``
    figure: str | None = None  # the figure alone, where nothing longer fits on a phone


#: A source's wording of an exact figure that makes it an estimate ("around 2,500 people").
APPROXIMATE = re.compile(r"\b(about|around|approximately|roughly|some|nearly|almost)\s+\d", re.I)


#: A source's wording that gives a figure as one week's count ("around 25 people were still
#: taken between Monday and Friday"): the figure is not for the whole month it is dated to.
ONE_WEEK = re.compile(
    r"\b(between Monday and Friday|this week|in a week|in one week|per week|a week's)\b", re.I
)


def says_week(wording: object) -> bool:
    """Whether the sources' words give a figure as one week's count."""
    return isinstance(wording, str) and ONE_WEEK.search(wording) is not None


def says_about(wording: object) -> bool:
    """Whether the sources' words give a figure as an estimate ("about 40", "around 2,500")."""
    return isinstance(wording, str) and APPROXIMATE.search(wording) is not None


#: The range each vague word stands for (``analysis.data.crowd.VAGUE_WORDS``), back to the word:
#: a figure of 200–999 is said "hundreds", as the source said it.
RANGE_WORDS: dict[tuple[float, float], str] = {
    (float(low), float(high)): word for word, (low, high) in VAGUE_WORDS.items() if low != high
}


def figure_words(
    low: float, high: float | None, is_open: bool, disputed: bool, about: bool = False
) -> str:
    """A figure as a label says it: "2,500", "about 2,500" (the source's estimate), "at least
    200" (no upper bound given), "hundreds" (a vague word's range, in the word), "2,000–3,000"
    (a range the source gives), "5–8" (sources differ). "At least" means one thing: a floor
    with no ceiling, as the legend says."""
    if pd.isna(low):
        return ""
    ranged = high is not None and not pd.isna(high) and high != low and not is_open
    if ranged:
        word = None if disputed else RANGE_WORDS.get((float(low), float(high)))
        return word or f"{format_count(low)}\u2013{format_count(high)}"
    if is_open:
        return f"at least {format_count(low)}"
    return f"about {format_count(low)}" if about else format_count(low)


#: Whose estimate a counted figure is, where a side of the story made it: said beside the
#: figure in every output ("hundreds (an advocate's estimate)").
ESTIMATE_WORDS = {"advocates": "an advocate's estimate", "organizers": "organizers' estimate"}


def whose_estimate(estimate: object) -> str:
    """What follows a figure that a side of the story estimated: " (an advocate's
    estimate)" for ``estimate`` "an advocate's estimate" (:data:`ESTIMATE_WORDS`); "" for
    a figure from reporters (``estimate`` empty or missing). Every output says it so."""
    return f" ({estimate})" if isinstance(estimate, str) and estimate else ""


def people(figure: str, noun: str = "people") -> str:
    """A figure's words before what it counts: "2,500 people", "at least 200 people",
    "hundreds of people", "dozens of officers" (a plural vague word takes "of"), "a few
    hundred people"."""
    plural = figure in RANGE_WORDS.values() and figure.endswith("s")
    return f"{figure} of {noun}" if plural else f"{figure} {noun}"


def first_keys(frame: pd.DataFrame, by: str, limit: int = BIN_KEYS) -> pd.Series:
    """Per value of ``by``, the keys of its first ``limit`` rows (for hover boxes).

    Vectorised: thousands of bins are cut out of one sorted array, not grouped in Python.
    """
    first = frame.groupby(by, sort=False).head(limit)
    groups = first[by].to_numpy()
    order = np.argsort(groups, kind="stable")
    keys, groups = first.index.to_numpy()[order], groups[order]
    values, starts = np.unique(groups, return_index=True)
    return pd.Series(
        [tuple(part) for part in np.split(keys, starts[1:])] if len(keys) else [],
        index=values,
        dtype=object,
    )
