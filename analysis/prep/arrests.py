"""The arrests panel of the facts model: two series, never added together.

Protesters arrested, and people detained by immigration agents: each series adds up the
figures of a day (a figure over several days is its own span mark); "at least 44" stays a floor.
Above :data:`analysis.prep.marks.MAX_MARKS` events the panel is binned by day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.fmt import format_day
from analysis.prep.marks import (
    BIN_KEYS,
    DAY,
    Binning,
    Label,
    figure_words,
    first_keys,
    says_about,
    says_week,
)

#: The two arrest series: (measure column prefix, what they count).
ARREST_KINDS: dict[str, tuple[str, str]] = {
    "protesters": ("arrests", "protesters arrested"),
    "immigration": ("immigration", "detained by immigration agents"),
}
#: The series' names in a word, for labels on narrow charts ("at least 44 detained").
ARREST_SHORT = {"protesters": "arrested", "immigration": "detained"}
#: What a figure over several days counts, in a label's words: one week's count (a week-dated
#: figure, or a month-dated one whose source counts one week of it), or the whole period's.
OVER_WORDS = {"week": " in one week", "period": ""}
#: Most figures labelled per arrest series, and with many marks only the three largest.
MAX_ARREST_LABELS, MANY_ARREST_MARKS = 12, 100


@dataclass(frozen=True)
class ArrestSeries:
    """One arrest series: its marks (per day, or per item for spans), totals and peak.

    ``marks`` has ``x``, ``start``, ``end``, ``low``, ``high``, ``open`` (a floor, "at
    least"), ``disputed``, ``span``, ``n`` (events added up), ``keys`` (their event keys),
    ``about`` (the source's estimate) and ``over`` (what the figure counts: "day", "week" or
    "period"). ``peak`` is the largest figure for one day where there is one: a week's or a
    month's count is never compared with a day's.
    """

    kind: str
    what: str
    marks: pd.DataFrame
    low_sum: float | None
    high_sum: float | None
    open: bool
    peak: int | None  # position in ``marks``
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class ArrestFacts:
    """The arrests panel: two series, never added together."""

    series: dict[str, ArrestSeries]
    binning: Binning
    events: pd.Index  # keys of the events the panel draws


def build_arrests(
    rows: pd.DataFrame, wording: Callable[[pd.Index, str], pd.Series] | None = None
) -> ArrestFacts:
    """The two series; ``wording`` gives the sources' words of a figure (for "about 25")."""
    binning = Binning.of(len(rows))
    series = {}
    for kind, (measure, what) in ARREST_KINDS.items():
        with_figure = rows[rows[f"{measure}_low"].notna().to_numpy(bool)]
        marks = _arrest_marks(with_figure, measure, binning.binned)
        marks["about"] = False
        marks["over"] = _over(marks)
        if wording is not None and not binning.binned and len(marks):
            # One report's exact figure that its source gives as an estimate ("around 25").
            single = (marks["n"] == 1) & ~marks["open"] & (marks["low"] == marks["high"])
            if single.any():
                keys = pd.Index([k[0] for k in marks.loc[single, "keys"]])
                said = wording(keys, measure)
                marks.loc[single, "about"] = [says_about(w) for w in said]
            # A figure over a month whose source counts one week of it ("between Monday and
            # Friday"): one week's count, not the month's.
            spans = marks["span"].to_numpy(bool)
            if spans.any():
                keys = pd.Index([k[0] for k in marks.loc[spans, "keys"]])
                week = [says_week(w) for w in wording(keys, measure)]
                marks.loc[spans, "over"] = [
                    "week" if w else o for w, o in zip(week, marks.loc[spans, "over"], strict=True)
                ]
        series[kind] = _arrest_series(kind, what, marks, binning.binned)
    return ArrestFacts(series=series, binning=binning, events=rows.index)


def _over(marks: pd.DataFrame) -> list[str]:
    """What each mark's figure counts by its dates: a day, a week (seven days from a Monday),
    or its whole period."""
    days = (marks["end"] - marks["start"]).dt.days + 1 if len(marks) else pd.Series(dtype=int)
    return [
        "day" if not span else "week" if n == 7 and start.day_of_week == 0 else "period"
        for span, n, start in zip(marks["span"], days, marks["start"], strict=True)
    ]


def _arrest_marks(rows: pd.DataFrame, measure: str, binned: bool) -> pd.DataFrame:
    """Per day, the day's figures added up; a figure over several days is its own span mark.

    Binned, a figure over several days counts on its first day (one mark per day).
    """
    columns = ["x", "start", "end", "low", "high", "open", "disputed", "span", "n", "keys"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    low = rows[f"{measure}_low"].astype(float)
    high = rows[f"{measure}_high"].astype(float).fillna(low)
    frame = pd.DataFrame(
        {
            "start": rows["start"],
            "end": rows["end"],
            "low": low,
            "high": high,
            "open": rows[f"{measure}_open"].fillna(False).to_numpy(bool),
            "disputed": rows["disputed"].fillna(False).to_numpy(bool),
            "span": rows["span"].to_numpy(bool) & (not binned),
            "key": rows.index.astype(str),
        }
    )
    single = frame[~frame["span"].to_numpy(bool)].sort_values(
        "high", ascending=False, kind="stable"
    )
    g = single.groupby("start", sort=True)
    days = pd.DataFrame(
        {
            "start": g["start"].first(),
            "end": g["start"].first(),
            "low": g["low"].sum(),
            "high": g["high"].sum(),
            "open": g["open"].any(),
            "disputed": g["disputed"].any(),
            "span": False,
            "n": g.size(),
            "keys": first_keys(
                single.set_index("key"), "start", len(single) if not binned else BIN_KEYS
            ),
        }
    ).reset_index(drop=True)
    spans = frame[frame["span"].to_numpy(bool)].assign(
        n=1, keys=lambda f: [(k,) for k in f["key"]]
    )[days.columns]
    marks = pd.concat([days, spans], ignore_index=True)
    marks["x"] = marks["start"] + (marks["end"] + DAY - marks["start"]) / 2
    return marks.sort_values(["x"], kind="stable").reset_index(drop=True)[columns]


def _arrest_series(kind: str, what: str, marks: pd.DataFrame, binned: bool) -> ArrestSeries:
    if marks.empty:
        return ArrestSeries(kind, what, marks, None, None, False, None, ())
    # The largest of the figures for one day (where there is one): a week's or a month's
    # count is not compared with a day's.
    daily = ~marks["span"].to_numpy(bool)
    pool = daily if daily.any() else np.ones(len(marks), dtype=bool)
    order = np.lexsort(
        (np.arange(len(marks)), -marks["low"].to_numpy(float), -marks["high"].to_numpy(float))
    )
    peak = int(order[pool[order]][0])
    n_labels = 1 if binned else MAX_ARREST_LABELS if len(marks) <= MANY_ARREST_MARKS else 3
    largest = np.lexsort((np.arange(len(marks)), -marks["high"].to_numpy(float)))[:n_labels]
    labels = []
    for i in sorted(largest):
        m = marks.iloc[i]
        figure = figure_words(
            m["low"], m["high"], bool(m["open"]), bool(m["disputed"]), bool(m["about"])
        )
        over = OVER_WORDS.get(str(m["over"]), "")
        words = figure + (f" {what}" if i == peak else "") + over
        if binned:
            words += f" on {format_day(m['start'])}"
        elif m["disputed"] and m["low"] != m["high"]:
            words += " (sources differ)"
        short = figure + (f" {ARREST_SHORT[kind]}" if i == peak else "") + over
        rank = float(m["high"]) + (1e9 if i == peak else 0)
        labels.append(Label(m["x"], float(m["high"]), words, rank, short=short))
    return ArrestSeries(
        kind=kind,
        what=what,
        marks=marks,
        low_sum=float(marks["low"].sum()),
        high_sum=float(marks["high"].sum()),
        open=bool(marks["open"].any()),
        peak=peak,
        labels=tuple(labels),
    )
