"""Place text labels next to marks without letting them overlap each other or leave the Axes.

Charts label marks directly ("Torrance · 2,500") instead of making readers match colours to a
legend. :func:`place_labels` tries a few positions around each mark, measured with the
figure's renderer, and keeps the first one that collides with nothing placed before it.
Labels are annotations offset in points from their mark, so they stay attached to it when the
figure is resized for export.

The cost is bounded: at most :data:`MAX_LABELS` labels are placed, and each candidate position
is checked against every obstacle at once (numpy), so thousands of marks to avoid cost
milliseconds, not a loop per pair.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from analysis.charts.style import LABEL_PT, mpl_text

#: Most labels one call places (highest priority first): more cannot be read on an article
#: chart, and each label costs a dozen text measurements.
MAX_LABELS = 60
#: A label covering another label costs this many times more than covering a mark: among
#: positions that all touch marks (a dense chart), prefer those that keep labels apart.
LABEL_OVERLAP_WEIGHT = 20.0
#: A label partly outside the Axes costs this many times the area outside: over the tick
#: labels it is worse than on marks (many overlapping marks can add up to more than its area).
OUTSIDE_WEIGHT = 20.0
#: Obstacles: display-space boxes as Bbox objects or an (n, 4) array of x0, y0, x1, y1.
Boxes = Sequence[Bbox] | np.ndarray

#: Candidate offsets (points) and alignment, tried in order.
CANDIDATES: tuple[tuple[float, float, str, str], ...] = (
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
    # Last resorts in crowded spots (a cluster of marks): further out, on a leader line.
    (7, 32, "left", "bottom"),
    (-7, 32, "right", "bottom"),
    (7, -32, "left", "top"),
    (-7, -32, "right", "top"),
)


@dataclass(frozen=True)
class LabelSpec:
    """A label to place: anchor in data coordinates, text, colour, and priority (high first)."""

    x: object
    y: float
    text: str
    color: str = "#222222"
    priority: float = 0.0
    weight: str = "normal"
    #: A light box behind the letters, for labels that may have to sit on dense marks.
    halo: bool = False
    #: Points added to every candidate's offset, away from the anchor: a large mark's radius
    #: beyond the usual few points, so the label starts outside its own mark.
    clearance: float = 0.0
    #: First and last x (data units) the label may cover: on a time axis cut into segments, the
    #: anchor's own segment, so a label never reads as belonging to another period.
    bounds: tuple[object, object] | None = None


def _overlap(box: Bbox, taken: np.ndarray) -> float:
    """Total area where ``box`` overlaps the (n, 4) array of boxes x0, y0, x1, y1."""
    if not len(taken):
        return 0.0
    w = np.minimum(box.x1, taken[:, 2]) - np.maximum(box.x0, taken[:, 0])
    h = np.minimum(box.y1, taken[:, 3]) - np.maximum(box.y0, taken[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _as_array(boxes: Boxes) -> np.ndarray:
    if isinstance(boxes, np.ndarray):
        return boxes.astype(float).reshape(-1, 4)
    return np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes], dtype=float).reshape(-1, 4)


def place_labels(
    ax: Axes,
    labels: list[LabelSpec],
    *,
    fontsize: float = LABEL_PT,
    obstacles: Callable[[], Boxes] | None = None,
    max_labels: int = MAX_LABELS,
    in_layout: bool = True,
) -> list[Annotation]:
    """Add the labels to ``ax`` at the first candidate position free of collisions.

    Parameters
    ----------
    ax
        Axes to annotate; its limits and scales must already be final.
    labels
        What to write where; placed in order of descending ``priority``.
    fontsize
        Font size in points.
    obstacles
        Function returning display-space boxes labels must avoid besides each other (marks,
        lines), as Bbox objects or an (n, 4) array; called after the layout has run, when
        display positions are final.
    max_labels
        Place at most this many (the highest priorities); the rest are left out with a
        warning. Chart functions choose fewer labels than this themselves.
    in_layout
        Whether the layout engine makes room for the labels. False keeps the Axes where it
        was when the labels were placed, so labels kept inside it stay inside.

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels in the order placed. A label that fits nowhere goes where it overlaps
        least, so nothing is dropped silently.
    """
    if not labels:
        return []
    ordered = sorted(labels, key=lambda s: -s.priority)
    if len(ordered) > max_labels:
        warnings.warn(
            f"{len(ordered) - max_labels} of {len(ordered)} labels left out: at most "
            f"{max_labels} are placed (highest priority first)",
            stacklevel=2,
        )
        ordered = ordered[:max_labels]
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    engine = fig.get_layout_engine()
    if engine is not None:  # run the layout so display positions are near final
        engine.execute(fig)
    frame = ax.get_window_extent(renderer).expanded(1.0, 1.0)
    marks = _as_array(obstacles() if obstacles is not None else [])
    taken = np.zeros((0, 4))  # the labels placed so far
    pad = 2.0 * fig.dpi / 72
    out: list[Annotation] = []
    for spec in ordered:
        ann = ax.annotate(
            mpl_text(spec.text),
            xy=(spec.x, spec.y),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=fontsize,
            color=spec.color,
            fontweight=spec.weight,
            annotation_clip=False,
            zorder=6,
        )
        limits = None
        if spec.bounds is not None:
            ends = _display(ax, list(spec.bounds), [0.0, 0.0])[:, 0]
            limits = (float(ends.min()), float(ends.max()))
        best: tuple[float, tuple[float, float, str, str]] | None = None
        for cand in CANDIDATES:
            dx, dy, ha, va = _cleared(cand, spec.clearance)
            ann.set_position((dx, dy))
            ann.set_horizontalalignment(ha)
            ann.set_verticalalignment(va)
            box = ann.get_window_extent(renderer).padded(pad)
            outside = (
                (
                    max(0.0, frame.x0 - box.x0)
                    + max(0.0, box.x1 - frame.x1)
                    + max(0.0, frame.y0 - box.y0)
                    + max(0.0, box.y1 - frame.y1)
                )
                * box.height
                * OUTSIDE_WEIGHT
            )
            if limits is not None:  # out of its own segment costs as much as out of the frame
                outside += (
                    (max(0.0, limits[0] - box.x0) + max(0.0, box.x1 - limits[1]))
                    * box.height
                    * OUTSIDE_WEIGHT
                )
            # Marks may overlap each other: covering them costs at most the label's own area.
            on_marks = min(_overlap(box, marks), box.width * box.height)
            cost = outside + on_marks + LABEL_OVERLAP_WEIGHT * _overlap(box, taken)
            if best is None or cost < best[0]:
                best = (cost, cand)
            if cost == 0:
                break
        assert best is not None
        far = abs(best[1][1]) >= 9  # off to a side: a thin leader line shows which mark it names
        dx, dy, ha, va = _cleared(best[1], spec.clearance)
        ann.remove()
        ann = ax.annotate(
            mpl_text(spec.text),
            xy=(spec.x, spec.y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=fontsize,
            color=spec.color,
            fontweight=spec.weight,
            annotation_clip=False,
            zorder=6,
            # On dense marks: a light box behind the letters keeps them legible.
            **(
                {"bbox": {"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 0.6}}
                if spec.halo
                else {}
            ),
            arrowprops=(
                {
                    "arrowstyle": "-",
                    "color": "#9a9a9a",
                    "lw": 0.7,
                    "shrinkA": 1,
                    "shrinkB": 4,
                    "relpos": (
                        0.0 if ha == "left" else 1.0 if ha == "right" else 0.5,
                        0.0 if va == "bottom" else 1.0,
                    ),
                }
                if far
                else None
            ),
        )
        ann.set_in_layout(in_layout)
        placed = ann.get_window_extent(renderer).padded(pad)
        taken = np.vstack([taken, _as_array([placed])])
        out.append(ann)
    return out


def _cleared(
    cand: tuple[float, float, str, str], clearance: float
) -> tuple[float, float, str, str]:
    """A candidate position moved ``clearance`` points further from its anchor."""
    dx, dy, ha, va = cand
    return (dx + np.sign(dx) * clearance, dy + np.sign(dy) * clearance, ha, va)


def _display(ax: Axes, xs: object, ys: object) -> np.ndarray:
    """Display coordinates (n, 2) of data points; ``xs`` may be dates."""
    x = np.asarray(ax.xaxis.convert_units(list(xs)), dtype=float).reshape(-1)
    y = np.asarray(ys, dtype=float).reshape(-1)
    if not len(x):
        return np.zeros((0, 2))
    return ax.transData.transform(np.column_stack([x, y]))


def mark_boxes(
    ax: Axes, points: Sequence[tuple[object, float]], *, size_pt: float | np.ndarray = 7
) -> np.ndarray:
    """Display-space boxes (n, 4) around marks at data ``points`` (for ``obstacles``);
    ``size_pt`` is one size for all or one per mark."""
    half = np.asarray(size_pt, dtype=float) / 2 * ax.figure.dpi / 72
    if not len(points):
        return np.zeros((0, 4))
    xs, ys = zip(*points, strict=True)
    p = _display(ax, xs, ys)
    return np.column_stack([p[:, 0] - half, p[:, 1] - half, p[:, 0] + half, p[:, 1] + half])


def range_boxes(
    ax: Axes, xs: object, lows: object, highs: object, *, width_pt: float = 4
) -> np.ndarray:
    """Display-space boxes (n, 4) around vertical range lines from ``lows`` to ``highs``."""
    half = width_pt / 2 * ax.figure.dpi / 72
    xs = list(xs)
    bottom = _display(ax, xs, lows)
    top = _display(ax, xs, highs)
    return np.column_stack(
        [
            bottom[:, 0] - half,
            np.minimum(bottom[:, 1], top[:, 1]),
            bottom[:, 0] + half,
            np.maximum(bottom[:, 1], top[:, 1]),
        ]
    )


def segment_boxes(
    ax: Axes, starts: object, ends: object, ys: object, *, width_pt: float = 4
) -> np.ndarray:
    """Display-space boxes (n, 4) around horizontal segments from ``starts`` to ``ends``."""
    half = width_pt / 2 * ax.figure.dpi / 72
    left = _display(ax, starts, ys)
    right = _display(ax, ends, ys)
    return np.column_stack(
        [
            np.minimum(left[:, 0], right[:, 0]),
            left[:, 1] - half,
            np.maximum(left[:, 0], right[:, 0]),
            left[:, 1] + half,
        ]
    )
