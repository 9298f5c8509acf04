"""The responses panel of the facts model: a swimlane per level of government.

Every response drawn is a mark in its level's lane, with its label's words: the curator's label
(else who responded and what they did). Where the marks and labels go at each size of each
chart is the specification's (:mod:`analysis.spec.lanes`), not the model's. Above
:data:`analysis.prep.marks.MAX_MARKS` responses the panel is binned by day and level, each bin
naming its most frequent actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.data.labels import UNCOUNTED_RESPONSE_TYPES, chart_labels
from analysis.fmt import shorten
from analysis.prep.marks import NOON, Binning
from analysis.prep.select import is_one_of
from analysis.prep.timeaxis import TimeAxis

#: What each response type did, in a few words, for labels ("Kristi Noem: threatens charges").
RESPONSE_TYPE_SHORT: dict[str, str] = {
    "accommodation": "meets demands",
    "arrests": "arrests",
    "crowd_dispersal": "disperses crowd",
    "ignore": "no response",
    "statement": "statement",
    "directive": "order",
    "deployment": "deploys officers",
    "deployment_request": "asks for officers",
    "withdrawal": "withdraws officers",
    "tactical_alert": "tactical alert",
    "prosecution_threat": "threatens charges",
    "funding_threat": "threatens funds",
    "quota": "arrest quota",
    "legislation": "bill",
    "reporting_portal": "reporting portal",
}


@dataclass(frozen=True)
class ResponseFacts:
    """The responses panel: a swimlane per level of government.

    ``marks`` is indexed by key with ``x``, ``start``, ``end``, ``span``, ``response_level``,
    ``announced``, ``weak`` (only low-reliability sources), ``month_only``, ``kind`` (what
    the mark is: "response" made, or a type not counted as one, "ignore" or "quota",
    :data:`analysis.data.labels.UNCOUNTED_RESPONSE_TYPES`), ``counted`` (a response made that
    a medium- or high-reliability source reports: the one rule every count, total and
    headline of responses reads) and, unbinned, ``label`` (its words on a chart). ``bins``
    (binned) counts the responses made (``counted``) per day and level: the binned panel
    draws no mark that is not counted.
    """

    marks: pd.DataFrame
    bins: pd.DataFrame | None
    binning: Binning
    #: Responses made (``counted``) per level; the marks not counted are in ``uncounted``.
    by_level: dict[str, int]
    #: The busiest day(s) dated to a day: (days tied for the most, how many, who responded on
    #: the first of them, every actor once, in date order).
    busiest: tuple[tuple[pd.Timestamp, ...], int, tuple[str, ...]] | None
    #: Marks drawn but not counted as responses made, per response type ("ignore", "quota").
    uncounted: dict[str, int] = field(default_factory=dict)
    #: Responses made that only low-reliability sources report, per level: drawn (hollow),
    #: listed in the tables, in no count, total or headline (as a weak crowd makes no peak).
    weak: dict[str, int] = field(default_factory=dict)


def build_responses(rows: pd.DataFrame, axis: TimeAxis | None) -> ResponseFacts:
    """The responses panel of ``rows`` (the selection's responses, merged) on ``axis``."""
    types = rows["response_type"].astype("string")
    kind = types.where(is_one_of(types, tuple(UNCOUNTED_RESPONSE_TYPES)), "response")
    weak = rows["weak"].to_numpy(bool) if "weak" in rows else np.zeros(len(rows), dtype=bool)
    marks = pd.DataFrame(
        {
            "x": rows["x"],
            "start": rows["start"],
            "end": rows["end"],
            "span": rows["span"],
            "month_only": rows["month_only"],
            "response_level": rows["response_level"].astype("string"),
            "announced": is_one_of(rows["status"], ("announced",)),
            "weak": weak,
            "kind": kind.fillna("response").astype(str).to_numpy(),
            "counted": (kind == "response").fillna(True).to_numpy(bool) & ~weak,
        },
        index=rows.index,
    )
    binning = Binning.of(len(marks))
    levels = marks.loc[marks["counted"].to_numpy(bool), "response_level"].value_counts()
    kinds = marks["kind"].value_counts()
    uncounted = {k: int(kinds[k]) for k in UNCOUNTED_RESPONSE_TYPES if kinds.get(k, 0)}
    by_level = {level: int(levels.get(level, 0)) for level in schema.RESPONSE_LEVELS}
    made_weak = (marks["kind"] == "response").to_numpy(bool) & weak
    weak_levels = marks.loc[made_weak, "response_level"].value_counts()
    weak_by_level = {
        lvl: int(weak_levels[lvl]) for lvl in schema.RESPONSE_LEVELS if lvl in weak_levels
    }
    bins = None
    if axis is None or marks.empty:
        pass
    elif binning.binned:
        # A bin counts responses made (``counted``): a weak-only response, a reported silence
        # or an arrest quota is in no count, binned or not (the notes say they are not drawn).
        counted = marks["counted"].to_numpy(bool)
        by = pd.DataFrame(
            {
                "date": marks["x"].dt.normalize(),
                "response_level": marks["response_level"],
                "actor": rows["response_actor"].astype("string").fillna("actor not given"),
            }
        )[counted]
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
        labels = chart_labels(rows, response_label)
        month = rows["month_only"].to_numpy(bool)
        months = rows["date"].dt.strftime(" (%b %Y)")
        marks = marks.assign(label=labels.where(~month, labels + months).astype("string"))
    return ResponseFacts(
        marks=marks,
        bins=bins,
        binning=binning,
        by_level=by_level,
        busiest=_busiest(rows[marks["counted"].to_numpy(bool)]),
        uncounted=uncounted,
        weak=weak_by_level,
    )


def response_label(row: pd.Series) -> str:
    """Default response label: who responded and what they did ("Kristi Noem: threatens
    charges"); a month-dated response's label says its month (added by the caller).

    The actor is cut at its first parenthesis ("Tom Homan (White House border czar)" ->
    "Tom Homan") and shortened to 24 characters.
    """
    actor = row.get("response_actor")
    actor = str(actor).split(" (")[0] if isinstance(actor, str) and actor else "Officials"
    what = RESPONSE_TYPE_SHORT.get(
        str(row.get("response_type")), str(row.get("response_type") or "response").replace("_", " ")
    )
    return f"{shorten(actor, 24)}: {what}"


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
