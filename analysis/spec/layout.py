"""Where each label of a time chart goes, decided once per size on that size's pixel canvas.

Every engine draws a label at the offset decided here (matplotlib as an annotation offset in
points, plotly as an annotation shifted in pixels), so the two engines place the same labels in
the same spots and neither measures or decides anything. A label is tried at a few positions
around its mark (:data:`CANDIDATES`) against every mark, range, span and total of the chart,
the labels placed before it, the strip's name and the frame of its own period of the time
axis; the first position that touches nothing is kept. A label that fits nowhere at this size
is left out (its words stay in the hover and the data CSV) and the chart's notes say how many.

The canvas is the plot area of the smallest figure that draws the size (the crowd panel of the
combined chart, a narrow report column): on a larger one marks only move apart, so a label
clear here stays clear there.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pandas as pd

from analysis.spec.model import ChartSpec, LabelSpec
from analysis.spec.words import unlabelled_notes

#: Font size (points) of labels on marks, in every chart and every engine's static drawing.
LABEL_PT = 9.0
#: CSS pixels per point at the 100-px-per-inch scale the article charts are laid out at.
PX_PER_PT = 100 / 72
#: Share of the plot's height the "size not reported" strip takes (both engines draw it so).
STRIP_SHARE = 0.11
#: Room around every label box and mark box, px: letters never touch a mark.
PAD_PX = 2.0
#: Line height of a wrapped label, times its font size.
LINE_HEIGHT = 1.2
#: Width of the strip's name at the left of the strip ("size not / reported"), px.
STRIP_NAME_PX = 62.0
#: Size (pt) of the ``//`` mark where a cut crosses the time axis.
CUT_MARK_PT = 9.0


@dataclass(frozen=True)
class Canvas:
    """The plot area a size draws its time panels in: width and height in px, the label font
    in px, and the size of a point mark in px."""

    width: float
    height: float
    font_px: float
    mark_px: float = 11.0


#: The plot area of each size's smallest drawing, per chart (the combined chart's panels are
#: the smallest: its crowd panel is 2.5 in of a 6.4-in figure with the legend beside).
CANVASES: dict[str, dict[str, Canvas]] = {
    "crowd": {
        "article": Canvas(530, 190, LABEL_PT * PX_PER_PT),
        "article-wide": Canvas(530, 190, LABEL_PT * PX_PER_PT),
        "phone": Canvas(280, 190, LABEL_PT * PX_PER_PT),
        "interactive": Canvas(760, 230, 11.0, 10.0),
        # a 390-px report page gives the crowd panel 254 px (its log axis's title is wide)
        "interactive-phone": Canvas(250, 230, 11.0, 10.0),
    },
    "arrests": {
        "article": Canvas(530, 105, LABEL_PT * PX_PER_PT),
        "article-wide": Canvas(530, 105, LABEL_PT * PX_PER_PT),
        "phone": Canvas(280, 105, LABEL_PT * PX_PER_PT),
        "interactive": Canvas(760, 140, 11.0, 10.0),
        "interactive-phone": Canvas(270, 140, 11.0, 10.0),
    },
}

#: Positions tried around a mark, in order: (dx, dy) in px from the mark's centre to the
#: label's anchor point, then the label's horizontal and vertical alignment there. The last
#: ones are further out, on a thin leader line back to the mark.
CANDIDATES: tuple[tuple[float, float, str, str], ...] = tuple(
    (dx * PX_PER_PT, dy * PX_PER_PT, ha, va)
    for dx, dy, ha, va in (
        (7, 0, "left", "center"),
        (-7, 0, "right", "center"),
        (5, 9, "left", "bottom"),
        (-5, 9, "right", "bottom"),
        (5, -9, "left", "top"),
        (-5, -9, "right", "top"),
        (0, 12, "center", "bottom"),
        (0, -12, "center", "top"),
        (7, 20, "left", "bottom"),
        (-7, 20, "right", "bottom"),
        (7, -20, "left", "top"),
        (-7, -20, "right", "top"),
        (7, 32, "left", "bottom"),
        (-7, 32, "right", "bottom"),
        (7, -32, "left", "top"),
        (-7, -32, "right", "top"),
        # centred over or under the mark, for a period too narrow for a label beside it
        (0, 20, "center", "bottom"),
        (0, -20, "center", "top"),
        (0, 32, "center", "bottom"),
        (0, -32, "center", "top"),
        (0, 48, "center", "bottom"),
        (0, -48, "center", "top"),
        (0, 64, "center", "bottom"),
        (0, -64, "center", "top"),
        # and a little to either side, clear of a neighbour's range line
        *(
            (side * 10, rise, "center", va)
            for rise, va in ((20, "bottom"), (-20, "top"), (32, "bottom"), (-32, "top"))
            for side in (1, -1)
        ),
        # then the heights between those, beside, over and under the mark (a label of a
        # crowded day, such as the second of two tied crowds, finds its gap here)
        *(
            (dx, rise if va == "bottom" else -rise, ha, va)
            for rise in (16, 24, 28, 40, 56)
            for va in ("bottom", "top")
            for dx, ha in (
                (7, "left"),
                (-7, "right"),
                (0, "center"),
                (10, "center"),
                (-10, "center"),
            )
        ),
    )
)
#: A label out on a leader line keeps at least this far (px) from every other mark, and a
#: label beside its mark is nearer it than any other mark: a reader takes a label for the
#: mark nearest it (the map's rule, :data:`analysis.spec.map.NEAR_PT`).
NEAR_PX = 10 * PX_PER_PT
#: Offsets (px, vertical) from which a label is joined to its mark by a leader line.
LEADER_FROM_PX = 9 * PX_PER_PT


@cache
def text_size(text: str, font_px: float, *, italic: bool = False) -> tuple[float, float]:
    """Width and height (px) of ``text`` in the charts' font (DejaVu Sans) at ``font_px``:
    the font's own metrics, so the box is the one either engine draws."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", size=font_px, style="italic" if italic else None)
    measure = TextToPath().get_text_width_height_descent
    lines = text.split("\n")
    width = max(measure(line, prop, ismath=False)[0] for line in lines)
    return float(width), len(lines) * font_px * LINE_HEIGHT


def lay_out_labels(spec: ChartSpec) -> ChartSpec:
    """``spec`` with each of its labels placed on the size's canvas (``dx``, ``dy``, ``ha``,
    ``va``, ``leader``), those that fit nowhere moved to ``hidden_labels``."""
    if not spec.labels or spec.axis is None or spec.scale is None:
        return spec
    canvas = CANVASES[spec.chart][spec.size]
    y_of = y_px(spec, canvas)
    obstacles = _mark_boxes(spec, canvas, y_of)
    crossing = _mark_boxes(spec, canvas, y_of, flat=False)
    strip_y = canvas.height * STRIP_SHARE / 2 if spec.strip else 0.0
    name = _strip_name_box(spec.strip_name, canvas)
    if name is not None:
        obstacles = np.vstack([obstacles, name])
    point_keys, points = _point_boxes(spec, canvas, y_of)
    taken = np.zeros((0, 4))
    placed: list[LabelSpec] = []
    hidden: list[str] = []
    strip_top = canvas.height * STRIP_SHARE if spec.strip else 0.0
    # The marks the headline names first, then claims (each keeps to the strip, and the
    # figures' labels to the scale above it), then the largest.
    for label in sorted(spec.labels, key=label_order):
        x = float(x_px(spec, canvas, pd.DatetimeIndex([label.x]))[0])
        y = strip_y if label.claim or pd.isna(label.y) else float(y_of(np.array([label.y]))[0])
        limits = (0.0, canvas.width)
        if label.bounds is not None:
            ends = x_px(spec, canvas, pd.DatetimeIndex([label.bounds[0], label.bounds[1]]))
            limits = (max(0.0, float(ends.min())), min(canvas.width, float(ends.max())))
        texts = wrappings(label.text)
        backup = wrappings(label.fallback) if label.fallback else []
        rows = (0.0, strip_top) if label.claim else (strip_top, canvas.height)
        others = points[point_keys != label.key]
        spot = None
        # Its own words beside its mark on one or two lines first, then out on a leader line,
        # then beside it on three; only then the shorter fallback words: a label read by its
        # nearness beats one at the end of a long leader, and a short line on a leader beats
        # a tall block.
        short = [t for t in texts if t.count("\n") < 2]
        tall = [t for t in texts if t.count("\n") >= 2]
        tiers = ((False, short), (True, texts), (False, tall), (False, backup), (True, backup))
        for leader, tried in tiers:
            for text in tried:
                width, height = text_size(text, canvas.font_px, italic=label.claim)
                spot = _first_free(
                    x,
                    y,
                    width,
                    height,
                    (*limits, *rows),
                    canvas,
                    (obstacles, crossing, others),
                    taken,
                    leader=leader,
                )
                if spot is not None:
                    break
            if spot is not None:
                break
        if spot is None:
            hidden.append(label.key)
            continue
        (dx, dy, ha, va), box = spot
        taken = np.vstack([taken, box])
        leader = abs(dy) >= LEADER_FROM_PX
        placed.append(replace(label, text=text, dx=dx, dy=dy, ha=ha, va=va, leader=leader))
    order = {label.key: i for i, label in enumerate(spec.labels)}
    placed.sort(key=lambda lab: order[lab.key])
    hidden_all = (*spec.hidden_labels, *hidden)
    # (the crowd chart, whose labels alone carry ``headline``, names its headline's
    # unlabelled crowds in its own notes: analysis.spec.crowd.crowd_size_notes)
    notes = unlabelled_notes(spec.words.notes, len(hidden_all))
    return replace(
        spec,
        labels=tuple(placed),
        hidden_labels=hidden_all,
        words=replace(spec.words, notes=notes),
    )


def label_order(label: LabelSpec) -> tuple[bool, bool, float]:
    """The order labels are laid out (and a page short of room keeps them): the marks the
    headline names, then claims, then the largest figures."""
    return (not label.headline, not label.claim, -label.priority)


def place_strip_name(spec: ChartSpec) -> ChartSpec:
    """``spec`` with the strip's name at the left end of the strip, else at its right end,
    wherever no mark of the strip is under it; with none when both ends hold marks (the
    legend's "Size not reported" names the strip then)."""
    if not spec.strip or spec.axis is None or spec.scale is None:
        return replace(spec, strip_name=None)
    canvas = CANVASES[spec.chart][spec.size]
    marks = np.vstack(
        [
            _mark_boxes(
                replace(spec, layers=tuple(la for la in spec.layers if la.panel == "strip")),
                canvas,
                y_px(spec, canvas),
            ),
            _cut_boxes(spec, canvas),
        ]
    )
    for end in ("left", "right"):
        box = _strip_name_box(end, canvas)
        assert box is not None
        if not _hits(box[0], marks):
            return replace(spec, strip_name=end)
    return replace(spec, strip_name=None)


def _cut_boxes(spec: ChartSpec, canvas: Canvas) -> np.ndarray:
    """Boxes (n, 4) of the cuts of a broken axis at the foot of the plot: the cut's band and
    the ``//`` mark on the axis line (:mod:`analysis.charts.axis_matplotlib` draws it at
    :data:`CUT_MARK_PT`)."""
    axis = spec.axis
    if axis is None or not axis.broken:
        return np.zeros((0, 4))
    width, height = text_size("//", CUT_MARK_PT * PX_PER_PT)
    boxes = []
    for (a, b), centre in zip(axis.gaps(), axis.gap_centres(), strict=True):
        left, right = (float(np.atleast_1d(axis.position(t))[0]) * canvas.width for t in (a, b))
        mid = centre * canvas.width
        boxes.append([min(left, mid - width / 2), 0.0, max(right, mid + width / 2), height])
    return np.array(boxes) + np.array([-PAD_PX, 0.0, PAD_PX, PAD_PX])


def _strip_name_box(end: str | None, canvas: Canvas) -> np.ndarray | None:
    """The box (1, 4) of the strip's name at ``end`` of the strip, or None when not drawn."""
    if end is None:
        return None
    left = 0.0 if end == "left" else canvas.width - STRIP_NAME_PX
    return np.array([[left, 0.0, left + STRIP_NAME_PX, canvas.height * STRIP_SHARE]])


def wrappings(text: str) -> list[str]:
    """``text`` as it is, then wrapped onto two and three lines at spaces (a long label that
    fits nowhere on one line often fits as a short block)."""
    out = [text]
    if "\n" in text:
        return out
    for lines in (2, 3):
        wrapped = textwrap.fill(
            text, width=max(12, -(-len(text) // lines) + 4), break_on_hyphens=False
        )
        if wrapped.count("\n") == lines - 1 and wrapped not in out:
            out.append(wrapped)
    return out


def _first_free(
    x: float,
    y: float,
    width: float,
    height: float,
    limits: tuple[float, float, float, float],
    canvas: Canvas,
    marks: tuple[np.ndarray, np.ndarray, np.ndarray],
    taken: np.ndarray,
    *,
    leader: bool = True,
) -> tuple[tuple[float, float, str, str], np.ndarray] | None:
    """The first candidate position whose box stays inside ``limits`` (left, right, bottom,
    top: its period, and the strip or the scale) and touches no obstacle and no placed label,
    whose leader line (if any) crosses no point, range or label, and that no other mark is
    nearer than its own (:data:`NEAR_PX`), with that box; None when there is none. ``marks``:
    the boxes a label may not touch, those a leader may not cross, and the other point marks
    and ranges. ``leader``: the positions out on a leader line (else only those beside the
    mark)."""
    obstacles, crossing, others = marks
    for dx, dy, ha, va in CANDIDATES:
        if (abs(dy) >= LEADER_FROM_PX) != leader:
            continue
        left = x + dx - (0 if ha == "left" else width if ha == "right" else width / 2)
        bottom = y + dy - (0 if va == "bottom" else height if va == "top" else height / 2)
        box = np.array(
            [[left - PAD_PX, bottom - PAD_PX, left + width + PAD_PX, bottom + height + PAD_PX]]
        )
        if ha == "center":  # a label over or under its mark slides along to stay in its period
            shift = max(0.0, limits[0] - box[0, 0]) - max(0.0, box[0, 2] - limits[1])
            if abs(shift) > width / 2:
                continue
            box = box + np.array([[shift, 0.0, shift, 0.0]])
            dx = dx + shift
        if box[0, 0] < limits[0] - 1e-6 or box[0, 2] > limits[1] + 1e-6:
            continue
        if box[0, 1] < limits[2] - PAD_PX or box[0, 3] > limits[3] + PAD_PX:
            continue
        if _hits(box[0], obstacles) or _hits(box[0], taken):
            continue
        if leader and _leader_hits(x, y, dx, dy, canvas, crossing, taken):
            continue
        if _nearer_another(box[0], x, y, canvas.mark_px / 2, others, leader=leader):
            continue
        return (dx, dy, ha, va), box
    return None


def _leader_hits(
    x: float,
    y: float,
    dx: float,
    dy: float,
    canvas: Canvas,
    obstacles: np.ndarray,
    taken: np.ndarray,
) -> bool:
    """Whether a leader line from the mark at (x, y) to (x + dx, y + dy) would cross another
    mark or a placed label (its first stretch, inside its own mark, excepted)."""
    start = canvas.mark_px / 2 + PAD_PX + 1
    length = float(np.hypot(dx, dy))
    steps = np.linspace(start / length, 1.0, 12)
    points = np.column_stack([x + dx * steps, y + dy * steps])
    for boxes in (obstacles, taken):
        if len(boxes) and np.any(
            (boxes[None, :, 0] < points[:, None, 0])
            & (points[:, None, 0] < boxes[None, :, 2])
            & (boxes[None, :, 1] < points[:, None, 1])
            & (points[:, None, 1] < boxes[None, :, 3])
        ):
            return True
    return False


def _nearer_another(
    box: np.ndarray, x: float, y: float, r: float, others: np.ndarray, *, leader: bool
) -> bool:
    """Whether another mark lies nearer the label ``box`` than its own mark (centre ``x``,
    ``y``, radius ``r``) does, or within :data:`NEAR_PX` of a label out on a leader line."""
    if not len(others):
        return False
    own = _gaps(box, np.array([[x - r, y - r, x + r, y + r]]))[0]
    if leader:
        own = min(own, NEAR_PX)
    return bool((_gaps(box, others) < own - 1e-6).any())


def _gaps(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The distance (px) from ``box`` to each of ``boxes`` (0 where they overlap)."""
    dx = np.maximum(np.maximum(boxes[:, 0] - box[2], box[0] - boxes[:, 2]), 0.0)
    dy = np.maximum(np.maximum(boxes[:, 1] - box[3], box[1] - boxes[:, 3]), 0.0)
    return np.hypot(dx, dy)


def _point_boxes(spec: ChartSpec, canvas: Canvas, y_of) -> tuple[np.ndarray, np.ndarray]:
    """The keys and unpadded boxes (n, 4) of every point mark and range line of ``spec``: the
    marks a reader may take a label for."""
    assert spec.axis is not None
    half = canvas.mark_px / 2
    strip_y = canvas.height * STRIP_SHARE / 2
    keys: list[str] = []
    out: list[np.ndarray] = []
    for layer in spec.layers:
        rows = layer.rows
        if not len(rows) or "x" not in rows or layer.symbol.geometry not in ("point", "range"):
            continue
        xs = x_px(spec, canvas, rows["x"])
        ys = np.full(len(rows), strip_y) if layer.panel == "strip" else y_of(_values(rows, "y"))
        if layer.symbol.geometry == "range" and "y_end" in rows:
            tops = y_of(_values(rows, "y_end"))
            boxes = np.column_stack([xs - 1, np.minimum(ys, tops), xs + 1, np.maximum(ys, tops)])
        else:
            boxes = np.column_stack([xs - half, ys - half, xs + half, ys + half])
        keys += layer.keys
        out.append(boxes)
    if not out:
        return np.array([], dtype=object), np.zeros((0, 4))
    boxes = np.vstack(out)
    fine = np.isfinite(boxes).all(axis=1)
    return np.array(keys, dtype=object)[fine], boxes[fine]


def _hits(box: np.ndarray, boxes: np.ndarray) -> bool:
    """Whether ``box`` (x0, y0, x1, y1) overlaps any of ``boxes`` (n, 4)."""
    if not len(boxes):
        return False
    return bool(
        np.any(
            (boxes[:, 0] < box[2])
            & (box[0] < boxes[:, 2])
            & (boxes[:, 1] < box[3])
            & (box[1] < boxes[:, 3])
        )
    )


def y_px(spec: ChartSpec, canvas: Canvas):
    """The value scale on the canvas: px from the bottom of the plot (the strip below it)."""
    scale = spec.scale
    assert scale is not None
    strip = STRIP_SHARE if spec.strip else 0.0

    def y_of(values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        if scale.log:
            share = (np.log10(np.clip(v, 1e-9, None)) - np.log10(scale.low)) / (
                np.log10(scale.high) - np.log10(scale.low)
            )
        else:
            share = (v - scale.low) / (scale.high - scale.low)
        return (strip + (1 - strip) * share) * canvas.height

    return y_of


def _mark_boxes(spec: ChartSpec, canvas: Canvas, y_of, *, flat: bool = True) -> np.ndarray:
    """Boxes (n, 4) of every mark of ``spec`` on the canvas, padded; without ``flat`` only
    those a leader line may not cross (points and ranges: it may cross a band or a total's
    dash, drawn under it, as a tick line would)."""
    assert spec.axis is not None
    half = canvas.mark_px / 2 + PAD_PX
    strip_y = canvas.height * STRIP_SHARE / 2
    out: list[np.ndarray] = []
    for layer in spec.layers:
        rows = layer.rows
        if not len(rows) or "x" not in rows:
            continue
        if not flat and layer.symbol.geometry in ("total", "span", "rule"):
            continue
        xs = x_px(spec, canvas, rows["x"])
        ys = np.full(len(rows), strip_y) if layer.panel == "strip" else y_of(_values(rows, "y"))
        geometry = layer.symbol.geometry
        if geometry in ("total", "span", "rule") and "x_end" in rows:
            # (a band's open-end arrowhead sits inside its end, within this box)
            ends = x_px(spec, canvas, rows["x_end"])
            out.append(
                np.column_stack([np.minimum(xs, ends), ys - half, np.maximum(xs, ends), ys + half])
            )
        elif geometry == "range" and "y_end" in rows:
            tops = y_of(_values(rows, "y_end"))
            w = 2.5 + PAD_PX
            out.append(
                np.column_stack(
                    [xs - w, np.minimum(ys, tops) - PAD_PX, xs + w, np.maximum(ys, tops) + PAD_PX]
                )
            )
        else:
            out.append(np.column_stack([xs - half, ys - half, xs + half, ys + half]))
    boxes = np.vstack(out) if out else np.zeros((0, 4))
    return boxes[np.isfinite(boxes).all(axis=1)]


def x_px(spec: ChartSpec, canvas: Canvas, when: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Instants ``when`` on the canvas: px from the left of the plot, by the chart's time
    axis (cut or not), so every placement reads one x scale."""
    assert spec.axis is not None
    return np.asarray(spec.axis.position(pd.DatetimeIndex(when)), dtype=float) * canvas.width


def _values(rows: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(rows[column], errors="coerce").to_numpy(float)
