"""Where each response and its label go in the swimlanes, decided once per size on its canvas.

One lane per level of government; inside a lane, rows. Each response's label is set beside its
mark (right of it, else left of it) or, where no room is beside it, on the row above it (from
the band's start, ending at its end, or centred over the mark); a label too long for one line
is tried on two and three lines. Every label stays inside its own period of a cut time axis and
inside the plot; a row takes a mark and its label only where nothing else of the lane is, so no
label touches another label or a mark, and the cuts between periods stay clear. A label that
fits nowhere at this size is left out (its words stay in the hover and the data file) and the
chart's notes say how many. Above :data:`MAX_LANE_LABELS` responses nothing is labelled.

Measured on the canvas of the smallest plot that draws the size (:data:`LANE_CANVASES`, the
panel of the combined chart): on a wider one marks only move apart and periods grow, so a
layout clear there stays clear. Engines draw each label at its offset in pixels from its
anchor (:class:`analysis.spec.model.LabelSpec` ``dx``/``ha``), as they draw the time panels'.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.prep.timeaxis import TimeAxis
from analysis.spec.layout import LABEL_PT, PAD_PX, PX_PER_PT, Canvas, text_size

#: Above this many responses a swimlane chart draws marks only: hundreds of labels cannot be
#: read, and a selection that large wants a shorter period or a table.
MAX_LANE_LABELS = 60
#: The plot area each size draws its swimlanes in (the combined chart's panel, the smallest):
#: width in px, the label font in px, a mark's size in px (the height is the lanes' rows).
LANE_CANVASES: dict[str, Canvas] = {
    "article": Canvas(530, 0, LABEL_PT * PX_PER_PT),
    "article-wide": Canvas(530, 0, LABEL_PT * PX_PER_PT),
    "phone": Canvas(280, 0, LABEL_PT * PX_PER_PT),
    "interactive": Canvas(760, 0, 11.0, 10.0),
    "interactive-phone": Canvas(270, 0, 11.0, 10.0),
}
#: Most lines a swimlane label is wrapped onto to fit its period.
MAX_LINES = 4
#: Room (px) between the top of a mark's row and the foot of the label standing on it.
ABOVE_PX = 1.0
#: Room (px) between a mark's edge and its label's text.
GAP_PX = 3.0
_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class LanePlacement:
    """A label placed in the lanes: its text, the instant it is anchored at, its horizontal
    offset (px) from there and alignment, and its height in lane units with its vertical
    alignment there (centred on its mark's row, or standing on the row of the mark under it)."""

    text: str
    x: pd.Timestamp
    dx: float
    ha: str
    y: float
    va: str = "center"
    dy: float = 0.0


@dataclass(frozen=True)
class LaneLayout:
    """Where each response goes in the swimlanes at one size.

    ``y`` maps a response's key to its height (lane units); ``lanes`` maps each level to its
    (bottom, top); ``rows`` is the height of all lanes; ``labels`` the labels shown, by key;
    ``hidden`` the keys of those that fit nowhere at this size.
    """

    y: dict[str, float]
    lanes: dict[str, tuple[float, float]]
    rows: int
    labels: dict[str, LanePlacement] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()


def five_lanes() -> LaneLayout:
    """One row per level, first level on top (binned, empty or unlabelled panels)."""
    levels = list(schema.RESPONSE_LEVELS)
    spans = {
        level: (float(len(levels) - 1 - i), float(len(levels) - i))
        for i, level in enumerate(levels)
    }
    return LaneLayout({}, spans, len(levels))


def lay_out_lanes(marks: pd.DataFrame, axis: TimeAxis, size: str) -> LaneLayout:
    """The swimlanes of ``marks`` at ``size``: every mark's row and every label's place.

    ``marks`` are the responses drawn one by one, indexed by key, with ``x``, ``start``,
    ``end``, ``span``, ``response_level`` and ``label`` (the text; NA: none).
    """
    if len(marks) > MAX_LANE_LABELS:
        lanes = five_lanes()
        level = marks["response_level"].astype(str)
        centre = level.map({lvl: (lo + hi) / 2 for lvl, (lo, hi) in lanes.lanes.items()})
        return LaneLayout(dict(centre.items()), lanes.lanes, lanes.rows)
    canvas = LANE_CANVASES[size]
    y_rows: dict[str, tuple[str, float]] = {}  # key -> (level, rows from the lane's top)
    # key -> (level, text, anchor, dx, ha, rows from the lane's top, whether above its mark)
    placed: dict[str, tuple[str, str, pd.Timestamp, float, str, float, bool]] = {}
    hidden: list[str] = []
    heights: dict[str, int] = {}
    for level in schema.RESPONSE_LEVELS:
        lane = marks[(marks["response_level"].astype(str) == level).to_numpy(bool)]
        rows = _Rows()
        for key, m in lane.sort_values("x", kind="stable").iterrows():
            key = str(key)
            spot = _spot(m, axis, canvas)
            if spot is None:  # no label (none given, or none fits here): the mark alone
                if isinstance(m.get("label"), str) and m["label"]:
                    hidden.append(key)
                lo, hi = _extent(m, axis, canvas)
                row = rows.first_free([(0, (lo, hi))])
                rows.take([(0, (lo, hi))], row)
                y_rows[key] = (level, row + 0.5)
                continue
            text, claims, mark_row, label_rows, anchor, dx, ha = spot
            row = rows.first_free(claims)
            rows.take(claims, row)
            y_rows[key] = (level, row + mark_row)
            # a label above its mark stands on the top of the mark's row
            above = label_rows != mark_row
            down = row + (mark_row - 0.5 if above else label_rows)
            placed[key] = (level, text, anchor, dx, ha, down, above)
        heights[level] = max(1, rows.height)
    # Stack the lanes, first level on top.
    lanes: dict[str, tuple[float, float]] = {}
    base = 0.0
    for level in reversed(list(schema.RESPONSE_LEVELS)):
        lanes[level] = (base, base + heights[level])
        base += heights[level]
    lanes = {level: lanes[level] for level in schema.RESPONSE_LEVELS}
    y = {key: lanes[level][1] - down for key, (level, down) in y_rows.items()}
    labels = {
        key: LanePlacement(
            text,
            anchor,
            dx,
            ha,
            lanes[level][1] - down,
            "bottom" if above else "center",
            ABOVE_PX if above else 0.0,
        )
        for key, (level, text, anchor, dx, ha, down, above) in placed.items()
    }
    return LaneLayout(y, lanes, int(base), labels, tuple(hidden))


class _Rows:
    """The rows of one lane: the stretches (px) each row already holds."""

    def __init__(self) -> None:
        self.taken: list[list[tuple[float, float]]] = []

    @property
    def height(self) -> int:
        return len(self.taken)

    def _free(self, row: int, stretch: tuple[float, float]) -> bool:
        if row >= len(self.taken):
            return True
        return not any(
            stretch[0] < b + PAD_PX and a < stretch[1] + PAD_PX for a, b in self.taken[row]
        )

    def first_free(self, claims: list[tuple[int, tuple[float, float]]]) -> int:
        """The first row from which every claim (rows down from it, stretch) is free."""
        row = 0
        while not all(self._free(row + down, stretch) for down, stretch in claims):
            row += 1
        return row

    def take(self, claims: list[tuple[int, tuple[float, float]]], row: int) -> None:
        for down, stretch in claims:
            while row + down >= len(self.taken):
                self.taken.append([])
            self.taken[row + down].append(stretch)


def blocks(text: str, most: int = MAX_LINES) -> list[str]:
    """``text`` on one line, then the narrowest block of it on two, three ... ``most`` lines
    (wrapped at spaces), each once."""
    out = [text]
    words = text.split()
    longest = max((len(w) for w in words), default=0)
    for lines in range(2, most + 1):
        for width in range(longest, len(text)):
            wrapped = textwrap.fill(text, width=width, break_on_hyphens=False)
            if wrapped.count("\n") < lines:
                if wrapped.count("\n") == lines - 1 and wrapped not in out:
                    out.append(wrapped)
                break
    return out


def _px(axis: TimeAxis, when: pd.Timestamp, canvas: Canvas) -> float:
    return float(np.atleast_1d(axis.position(pd.Timestamp(when)))[0]) * canvas.width


def _period(m: pd.Series, axis: TimeAxis, canvas: Canvas) -> tuple[float, float]:
    """The stretch (px) of the mark's own period of the axis (the whole plot when not cut),
    less a little room at its edges."""
    first, last = _shown(m, axis)
    return _px(axis, first, canvas) + PAD_PX, _px(axis, last, canvas) - PAD_PX


def _shown(m: pd.Series, axis: TimeAxis) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last instant of the mark's own period of the axis (the whole axis when
    it is not cut)."""
    return axis.bounds_of(pd.Timestamp(m["x"])) or (axis.start, axis.end)


def _extent(m: pd.Series, axis: TimeAxis, canvas: Canvas) -> tuple[float, float]:
    """The stretch (px) the mark covers: a point's box, or its band as its period shows it."""
    if bool(m["span"]):
        first, last = _shown(m, axis)
        first = max(pd.Timestamp(m["start"]), first)
        last = min(pd.Timestamp(m["end"]) + _DAY, last)
        return _px(axis, first, canvas), _px(axis, last, canvas)
    c = _px(axis, m["x"], canvas)
    half = canvas.mark_px / 2
    return c - half, c + half


Spot = tuple[str, list[tuple[int, tuple[float, float]]], float, float, pd.Timestamp, float, str]


def _spot(m: pd.Series, axis: TimeAxis, canvas: Canvas) -> Spot | None:
    """Where the label of mark ``m`` goes, as (text, the stretches it claims as (rows down,
    stretch), the mark's and the label's heights in rows down, the anchor instant, the offset
    px from it, the alignment), or None when it has none or fits nowhere in its period."""
    text = m.get("label")
    if not isinstance(text, str) or not text:
        return None
    lo, hi = _extent(m, axis, canvas)
    left_end, right_end = _period(m, axis, canvas)
    span = bool(m["span"])
    start = pd.Timestamp(m["start"]) if span else pd.Timestamp(m["x"])
    end = pd.Timestamp(m["end"]) + _DAY if span else pd.Timestamp(m["x"])
    if span:  # the band as its period shows it: the label's anchors stay inside the plot
        first, last = _shown(m, axis)
        start, end = max(start, first), min(end, last)
    centre = pd.Timestamp(m["x"]) if not span else start + (end - start) / 2
    # From the anchor instant to the mark's edge, px (a point's anchor is its centre).
    edge = 0.0 if span else canvas.mark_px / 2
    for text_k in blocks(text):
        k = text_k.count("\n") + 1
        width = text_size(text_k, canvas.font_px)[0]
        room = width + GAP_PX + PAD_PX
        # Beside the mark, on its rows: right of it, then left of it.
        if hi + room <= right_end:
            claim = [(r, (lo, hi + room)) for r in range(k)]
            return text_k, claim, k / 2, k / 2, end, edge + GAP_PX, "left"
        if lo - room >= left_end:
            claim = [(r, (lo - room, hi)) for r in range(k)]
            return text_k, claim, k / 2, k / 2, start, -(edge + GAP_PX), "right"
        # On the rows above the mark: from its start, ending at its end, or centred over it.
        mid = (lo + hi) / 2
        for a, anchor, dx, ha in (
            (lo, start, -edge, "left"),
            (hi - width, end, edge, "right"),
            (mid - width / 2, centre, 0.0, "center"),
        ):
            if a - PAD_PX >= left_end and a + width + PAD_PX <= right_end:
                claim = [(r, (a - PAD_PX, a + width + PAD_PX)) for r in range(k)]
                return text_k, [*claim, (k, (lo, hi))], k + 0.5, k / 2, anchor, dx, ha
        if width + 2 * PAD_PX <= right_end - left_end:  # slid along over the mark
            a = min(max(mid - width / 2, left_end + PAD_PX), right_end - PAD_PX - width)
            if a <= hi and a + width >= lo:
                claim = [(r, (a - PAD_PX, a + width + PAD_PX)) for r in range(k)]
                shift = a + width / 2 - _px(axis, centre, canvas)
                return text_k, [*claim, (k, (lo, hi))], k + 0.5, k / 2, centre, shift, "center"
    return None
