"""The responses panel of the facts model: a swimlane per level of government.

Every response drawn is a mark in its level's lane, labelled with the curator's label (else
who responded and what they did); the lanes are laid out for the 640-px article chart and the
390-px phone chart. Above :data:`analysis.prep.marks.MAX_MARKS` responses the panel is binned
by day and level, each bin naming its most frequent actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.data.labels import UNCOUNTED_RESPONSE_TYPES, chart_label
from analysis.prep.layout import (
    LANE_WIDTH_IN,
    PHONE_LANE_WIDTH_IN,
    LaneLayout,
    layout_lanes,
    response_label,
)
from analysis.prep.marks import NOON, Binning
from analysis.prep.select import is_one_of
from analysis.prep.timeaxis import TimeAxis


@dataclass(frozen=True)
class ResponseFacts:
    """The responses panel: a swimlane per level of government.

    ``marks`` is indexed by key with ``x``, ``start``, ``end``, ``span``, ``response_level``,
    ``announced``, ``weak`` (only low-reliability sources), ``month_only``, ``counted`` (a
    response made: not a reported silence or an arrest quota,
    :data:`analysis.data.labels.UNCOUNTED_RESPONSE_TYPES`) and, unbinned, ``y`` and
    ``label``/``side`` from ``lanes`` (laid out for the 640-px article chart);
    ``phone_lanes`` is the same for the 390-px one.
    ``bins`` (binned) counts responses per day and level.
    """

    marks: pd.DataFrame
    lanes: LaneLayout
    phone_lanes: LaneLayout
    bins: pd.DataFrame | None
    binning: Binning
    #: Responses made (``counted``) per level; the marks not counted are in ``uncounted``.
    by_level: dict[str, int]
    #: The busiest day(s) dated to a day: (days tied for the most, how many, who responded on
    #: the first of them, every actor once, in date order).
    busiest: tuple[tuple[pd.Timestamp, ...], int, tuple[str, ...]] | None
    #: Marks drawn but not counted as responses made, per response type ("ignore", "quota").
    uncounted: dict[str, int] = field(default_factory=dict)


def build_responses(rows: pd.DataFrame, axis: TimeAxis | None) -> ResponseFacts:
    marks = pd.DataFrame(
        {
            "x": rows["x"],
            "start": rows["start"],
            "end": rows["end"],
            "span": rows["span"],
            "month_only": rows["month_only"],
            "response_level": rows["response_level"].astype("string"),
            "announced": is_one_of(rows["status"], ("announced",)),
            "weak": (
                rows["weak"].to_numpy(bool) if "weak" in rows else np.zeros(len(rows), dtype=bool)
            ),
            "counted": ~is_one_of(rows["response_type"], tuple(UNCOUNTED_RESPONSE_TYPES)),
        },
        index=rows.index,
    )
    binning = Binning.of(len(marks))
    levels = marks.loc[marks["counted"].to_numpy(bool), "response_level"].value_counts()
    kinds = rows.loc[~marks["counted"].to_numpy(bool), "response_type"].astype("string")
    uncounted = {k: int(n) for k, n in kinds.value_counts().items() if n}
    uncounted = {k: uncounted[k] for k in UNCOUNTED_RESPONSE_TYPES if k in uncounted}
    by_level = {level: int(levels.get(level, 0)) for level in schema.RESPONSE_LEVELS}
    bins = None
    phone = lanes = _five_lanes()  # binned or empty: one row per level
    if axis is None or marks.empty:
        pass
    elif binning.binned:
        day = marks["x"].dt.normalize()
        by = pd.DataFrame(
            {
                "date": day,
                "response_level": marks["response_level"],
                "actor": rows["response_actor"].astype("string").fillna("actor not given"),
            }
        )
        bins = by.groupby(["date", "response_level"], sort=True).size().rename("n").reset_index()
        bins["x"] = bins["date"] + NOON
        actors = by.groupby(["date", "response_level", "actor"], sort=True).size().rename("k")
        actors = actors.reset_index().sort_values(
            ["date", "response_level", "k"], ascending=[True, True, False], kind="stable"
        )
        top = actors.groupby(["date", "response_level"], sort=True).head(3)
        bins["actors"] = (
            top.assign(pair=list(zip(top["actor"], top["k"], strict=True)))
            .groupby(["date", "response_level"], sort=True)["pair"]
            .agg(tuple)
            .to_numpy()
        )
    else:
        lanes = layout_lanes(rows, axis, width_in=LANE_WIDTH_IN, label=_response_label)
        phone = layout_lanes(rows, axis, width_in=PHONE_LANE_WIDTH_IN, label=_response_label)
        marks = marks.assign(
            y=pd.Series(lanes.y, dtype=float).reindex(marks.index),
            label=pd.Series(lanes.labels, dtype="string").reindex(marks.index),
            side=pd.Series(lanes.side, dtype="string").reindex(marks.index),
        )
    return ResponseFacts(
        marks=marks,
        lanes=lanes,
        phone_lanes=phone,
        bins=bins,
        binning=binning,
        by_level=by_level,
        busiest=_busiest(rows[marks["counted"].to_numpy(bool)]),
        uncounted=uncounted,
    )


def _response_label(row: pd.Series) -> str:
    """The curator's label (else who responded and what they did); a month-dated response
    says its month."""
    text = chart_label(row, response_label)
    return f"{text} ({row['date']:%b %Y})" if bool(row["month_only"]) else text


def _five_lanes() -> LaneLayout:
    """One row per level (binned or empty panels)."""
    levels = list(schema.RESPONSE_LEVELS)
    spans = {
        level: (float(len(levels) - 1 - i), float(len(levels) - i))
        for i, level in enumerate(levels)
    }
    return LaneLayout({}, {}, spans, len(levels), {})


def _busiest(
    rows: pd.DataFrame,
) -> tuple[tuple[pd.Timestamp, ...], int, tuple[str, ...]] | None:
    """The days with the most responses dated to a day (all of them when tied), and who
    responded on the first of them. A response only low-reliability sources report makes no
    peak, as a crowd figure resting on them makes none."""
    weak = rows["weak"].to_numpy(bool) if "weak" in rows else np.zeros(len(rows), dtype=bool)
    day_rows = rows[~rows["span"].to_numpy(bool) & ~rows["month_only"].to_numpy(bool) & ~weak]
    if day_rows.empty:
        return None
    per_day = day_rows["start"].value_counts()
    days = tuple(sorted(per_day.index[(per_day == per_day.max()).to_numpy(bool)]))
    on_day = day_rows[(day_rows["start"] == days[0]).to_numpy(bool)]
    # "ICE; Department of Homeland Security" is two responders, each named once.
    actors = tuple(
        dict.fromkeys(
            name.split(" (")[0].strip()
            for cell in on_day["response_actor"].dropna()
            for name in str(cell).split(";")
            if name.strip()
        )
    )
    return days, int(per_day.max()), actors
