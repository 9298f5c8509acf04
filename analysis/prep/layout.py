"""Where marks and labels go, decided once in the facts model for both chart engines.

Several demonstrations on one day are spread sideways so their marks do not hide each other;
official responses are packed into swimlane rows so that no two labels overlap. The layout is
measured at the article width with the labels' font; the matplotlib and plotly charts both
draw it, so both show the same arrangement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.fmt import shorten
from analysis.prep.timeaxis import TimeAxis

#: Largest horizontal spread (days) of several events drawn on the same day.
DODGE_DAYS = 0.7
#: Above this many responses a swimlane chart draws marks only: hundreds of labels cannot be
#: read, and a selection that large wants a shorter period or a table.
MAX_LANE_LABELS = 60
#: Font size (points) of labels on marks, in every chart; the lanes are measured with it.
LABEL_PT = 9.0
#: Width (inches) of the plotting area the swimlanes are laid out for: the 640-px article
#: chart less its y labels and lane names. Wider charts only get more air.
LANE_WIDTH_IN = 6.4 - 1.05
#: The same for the phone variant of the article charts (390 CSS px wide).
PHONE_LANE_WIDTH_IN = 3.9 - 1.05

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


def dodge_positions(
    base: pd.Series, size: pd.Series | None = None, spread: float = DODGE_DAYS
) -> pd.Series:
    """Return x positions: marks at the same ``base`` instant spread sideways, largest first.

    Parameters
    ----------
    base
        Where each mark would go (its date, or the middle of its week or month).
    size
        Order within a day (largest first); None keeps the given order.
    spread
        Largest spread in days (events are 0.14 days apart until it is reached).
    """
    size = size.astype("Float64").fillna(-1) if size is not None else 0
    order = pd.DataFrame({"base": base, "size": size}).sort_values(
        ["base", "size"], ascending=[True, False], kind="stable"
    )
    offsets = pd.Series(0.0, index=base.index)
    for _, idx in order.groupby("base", sort=False).groups.items():
        n = len(idx)
        if n > 1:
            width = min(spread, 0.14 * (n - 1))
            offsets[list(order.loc[idx].index)] = np.linspace(-width / 2, width / 2, n)
    return base + pd.to_timedelta(offsets, unit="D")


def response_label(row: pd.Series) -> str:
    """Default swimlane label: who responded and what they did ("Kristi Noem: threatens charges").

    The actor is cut at its first parenthesis ("Tom Homan (White House border czar)" ->
    "Tom Homan") and shortened to 24 characters.
    """
    actor = row.get("response_actor")
    actor = str(actor).split(" (")[0] if isinstance(actor, str) and actor else "Officials"
    what = RESPONSE_TYPE_SHORT.get(
        str(row.get("response_type")), str(row.get("response_type") or "response").replace("_", " ")
    )
    return f"{shorten(actor, 24)}: {what}"


@dataclass(frozen=True)
class LaneLayout:
    """Where each response goes in the swimlanes.

    ``y`` maps event key to its vertical position; ``side`` to "right" or "left" (label side);
    ``lanes`` maps level to (bottom, top) in lane units; ``rows`` is the total height in rows.
    A label sits beside its whole mark (a band's end or start), inside its own period of a cut
    axis, never across the band.
    """

    y: dict[str, float]
    side: dict[str, str]
    lanes: dict[str, tuple[float, float]]
    rows: int
    labels: dict[str, str]
    #: Where each label starts (its mark, or the near end of its band) and the height of its
    #: row (a band with no room beside it carries its label on the row above).
    anchor: dict[str, pd.Timestamp] = field(default_factory=dict)
    label_y: dict[str, float] = field(default_factory=dict)


def layout_lanes(
    responses: pd.DataFrame,
    time_axis: TimeAxis,
    *,
    width_in: float,
    label: Callable[[pd.Series], str] = response_label,
    fontsize: float = LABEL_PT,
    max_labels: int = MAX_LANE_LABELS,
) -> LaneLayout:
    """Stack response labels into rows so that none overlaps another in its lane.

    Each label runs to the right of its mark (to the left near the right edge; where it fits
    on neither side, as on a phone, it starts at the far edge of the axis, "edge_left" or
    "edge_right"); labels that would overlap in a lane go to a new row of that lane.
    ``responses`` need ``x`` (where the mark goes) and ``response_level``; text widths are
    measured with matplotlib's font metrics for an Axes ``width_in`` inches wide. With more
    than ``max_labels`` responses nothing is labelled (``labels`` is empty) and each lane is
    one row.
    """
    if len(responses) > max_labels:
        return _unlabelled(responses)
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(100, 100, 72)
    prop = FontProperties(size=fontsize)
    c0 = float(time_axis.position(time_axis.start))
    c1 = float(time_axis.position(time_axis.end))
    per_in = (c1 - c0) / max(width_in, 0.5)
    gap = 0.12 * per_in  # marker half-width plus a little air, in axis units
    y: dict[str, float] = {}
    side: dict[str, str] = {}
    texts: dict[str, str] = {}
    lanes: dict[str, tuple[float, float]] = {}
    rows_of: dict[str, list[tuple[str, float]]] = {}
    anchors: dict[str, pd.Timestamp] = {}
    label_rows: dict[str, int] = {}
    label_y: dict[str, float] = {}
    day = pd.Timedelta(days=1)
    for level in schema.RESPONSE_LEVELS:
        lane = responses[(responses["response_level"].astype(str) == level).to_numpy(bool)]
        lane = lane.sort_values("x", kind="stable")
        lane_spans = (
            lane["span"].to_numpy(bool) if "span" in lane else np.zeros(len(lane), dtype=bool)
        )
        occupied: list[list[tuple[float, float]]] = []
        placed: list[tuple[str, float]] = []

        def free(
            row: int,
            interval: tuple[float, float],
            occupied: list[list[tuple[float, float]]] = occupied,
        ) -> bool:
            return row >= len(occupied) or not any(
                interval[0] < b + 0.04 * per_in and a < interval[1] + 0.04 * per_in
                for a, b in occupied[row]
            )

        def take(
            row: int,
            interval: tuple[float, float],
            occupied: list[list[tuple[float, float]]] = occupied,
        ) -> None:
            while row >= len(occupied):
                occupied.append([])
            occupied[row].append(interval)

        for (key, r), is_span in zip(lane.iterrows(), lane_spans, strict=True):
            text = label(r)
            texts[key] = text
            w_px, _h, _d = renderer.get_text_width_height_descent(text, prop, False)
            w = w_px / 72 * per_in + gap
            c = float(time_axis.position(r["x"]))
            # The mark's extent: a point, or the band of a week- or month-dated item (as far
            # as its own period of the axis shows it).
            lo, hi = c, c
            # A point's label may run into the next period (a narrow period holds no label);
            # a band's stays within the period that shows it, where it has no room beside the
            # band, on the row above it.
            period = (c0, c1)
            shown = (time_axis.start, time_axis.end)
            if is_span:
                bounds = time_axis.bounds_of(pd.Timestamp(r["x"]))
                if bounds is not None:
                    shown = bounds
                    period = (
                        float(time_axis.position(bounds[0])),
                        float(time_axis.position(bounds[1])),
                    )
                lo = max(float(time_axis.position(r["start"])), period[0])
                hi = min(float(time_axis.position(r["end"] + day)), period[1])
            # Beside the mark: right, else left; else on the row above the mark, from its
            # start, else ending at its end, else along the near edge of the axis (never over
            # the mark itself, as on a phone where a label is wider than a period).
            right, left = (hi, hi + w), (lo - w, lo)
            if right[1] <= period[1]:
                interval, where, anchor = right, "right", (r["end"] + day if is_span else r["x"])
            elif left[0] >= period[0]:
                interval, where, anchor = left, "left", (r["start"] if is_span else r["x"])
            elif lo + w <= c1:  # above the mark, from its start as drawn
                interval, where = (lo, lo + w), "above"
                anchor = max(r["start"], shown[0]) if is_span else r["x"]
            elif hi - w >= c0:  # above the mark, ending at its end as drawn
                interval, where = (hi - w, hi), "above_left"
                anchor = min(r["end"] + day, shown[1]) if is_span else r["x"]
            else:  # wider than the axis on either side of the mark: above it, along an edge
                far_left = c > (c0 + c1) / 2
                interval = (c0, c0 + w) if far_left else (c1 - w, c1)
                where, anchor = ("edge_left" if far_left else "edge_right"), r["x"]
            row = 0
            if where in ("above", "above_left", "edge_left", "edge_right"):
                # the label's row and the band's row under it
                while not (free(row, interval) and free(row + 1, (lo, hi))):
                    row += 1
                take(row, interval)
                take(row + 1, (lo, hi))
                placed.append((key, row + 1))
                label_rows[key] = row
            else:
                mark = (min(lo, interval[0]), max(hi, interval[1]))
                while not free(row, mark):
                    row += 1
                take(row, mark)
                placed.append((key, row))
            side[key] = {"above": "right", "above_left": "left"}.get(where, where)
            anchors[key] = pd.Timestamp(anchor)
        rows_of[level] = placed
        lanes[level] = (0.0, float(max(1, len(occupied))))
    # Stack lanes: first level on top.
    base = 0.0
    for level in reversed(list(schema.RESPONSE_LEVELS)):
        height = lanes[level][1]
        lanes[level] = (base, base + height)
        for key, row in rows_of[level]:
            y[key] = base + height - row - 0.5
            label_y[key] = base + height - label_rows.get(key, row) - 0.5
        base += height
    return LaneLayout(y, side, lanes, int(base), texts, anchors, label_y)


def _unlabelled(responses: pd.DataFrame) -> LaneLayout:
    levels = list(schema.RESPONSE_LEVELS)
    lanes = {
        level: (float(len(levels) - 1 - i), float(len(levels) - i))
        for i, level in enumerate(levels)
    }
    position = (
        responses["response_level"]
        .astype(str)
        .map({level: bottom + 0.5 for level, (bottom, _top) in lanes.items()})
    )
    return LaneLayout(dict(position.items()), {}, lanes, len(levels), {})
