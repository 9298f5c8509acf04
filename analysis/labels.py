"""Place text labels next to marks without letting them overlap each other or leave the Axes.

Charts label marks directly ("Torrance · 2,500") instead of making readers match colours to a
legend. :func:`place_labels` tries a few positions around each mark, measured with the
figure's renderer, and keeps the first one that collides with nothing placed before it.
Labels are annotations offset in points from their mark, so they stay attached to it when the
figure is resized for export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from analysis.style import LABEL_PT, mpl_text

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


def _overlap(box: Bbox, taken: np.ndarray) -> float:
    """Total area where ``box`` overlaps the (n, 4) array of boxes x0, y0, x1, y1."""
    if not len(taken):
        return 0.0
    w = np.minimum(box.x1, taken[:, 2]) - np.maximum(box.x0, taken[:, 0])
    h = np.minimum(box.y1, taken[:, 3]) - np.maximum(box.y0, taken[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _as_array(boxes: list[Bbox]) -> np.ndarray:
    return np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes], dtype=float).reshape(-1, 4)


def place_labels(
    ax: Axes,
    labels: list[LabelSpec],
    *,
    fontsize: float = LABEL_PT,
    obstacles: Callable[[], list[Bbox]] | None = None,
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
        lines); called after the layout has run, when display positions are final.

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels in the order placed. A label that fits nowhere goes where it overlaps
        least, so nothing is dropped silently.
    """
    if not labels:
        return []
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    engine = fig.get_layout_engine()
    if engine is not None:  # run the layout so display positions are near final
        engine.execute(fig)
    frame = ax.get_window_extent(renderer).expanded(1.0, 1.0)
    taken = _as_array(list(obstacles()) if obstacles is not None else [])
    pad = 2.0 * fig.dpi / 72
    out: list[Annotation] = []
    for spec in sorted(labels, key=lambda s: -s.priority):
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
        best: tuple[float, tuple[float, float, str, str]] | None = None
        for cand in CANDIDATES:
            dx, dy, ha, va = cand
            ann.set_position((dx, dy))
            ann.set_horizontalalignment(ha)
            ann.set_verticalalignment(va)
            box = ann.get_window_extent(renderer).padded(pad)
            outside = (
                max(0.0, frame.x0 - box.x0)
                + max(0.0, box.x1 - frame.x1)
                + max(0.0, frame.y0 - box.y0)
                + max(0.0, box.y1 - frame.y1)
            ) * box.height
            cost = outside + _overlap(box, taken)
            if best is None or cost < best[0]:
                best = (cost, cand)
            if cost == 0:
                break
        assert best is not None
        dx, dy, ha, va = best[1]
        ann.remove()
        far = abs(dy) >= 9  # off to a side: a thin leader line shows which mark it names
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
        placed = ann.get_window_extent(renderer).padded(pad)
        taken = np.vstack([taken, _as_array([placed])])
        out.append(ann)
    return out


def mark_boxes(ax: Axes, points: list[tuple[object, float]], *, size_pt: float = 7) -> list[Bbox]:
    """Display-space boxes around marks at data ``points`` (for ``obstacles``)."""
    half = size_pt / 2 * ax.figure.dpi / 72
    boxes = []
    for x, y in points:
        px, py = ax.transData.transform((ax.xaxis.convert_units(x), y))
        boxes.append(Bbox.from_extents(px - half, py - half, px + half, py + half))
    return boxes


def range_boxes(
    ax: Axes, xs: object, lows: object, highs: object, *, width_pt: float = 4
) -> list[Bbox]:
    """Display-space boxes around vertical range lines from ``lows`` to ``highs`` at ``xs``."""
    half = width_pt / 2 * ax.figure.dpi / 72
    boxes = []
    for x, lo, hi in zip(xs, lows, highs, strict=True):
        xv = ax.xaxis.convert_units(x)
        px, py0 = ax.transData.transform((xv, lo))
        _, py1 = ax.transData.transform((xv, hi))
        boxes.append(Bbox.from_extents(px - half, min(py0, py1), px + half, max(py0, py1)))
    return boxes


def segment_boxes(
    ax: Axes, starts: object, ends: object, ys: object, *, width_pt: float = 4
) -> list[Bbox]:
    """Display-space boxes around horizontal segments from ``starts`` to ``ends`` at ``ys``."""
    half = width_pt / 2 * ax.figure.dpi / 72
    boxes = []
    for a, b, y in zip(starts, ends, ys, strict=True):
        px0, py = ax.transData.transform((ax.xaxis.convert_units(a), y))
        px1, _ = ax.transData.transform((ax.xaxis.convert_units(b), y))
        boxes.append(Bbox.from_extents(min(px0, px1), py - half, max(px0, px1), py + half))
    return boxes
