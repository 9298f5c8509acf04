"""The marks of one day spread apart on each size's canvas, so no mark covers another.

The facts model spreads a day's demonstrations across their day in days
(:func:`analysis.prep.marks.dodge_positions`), the same at every size. On a narrow canvas a
day is a few dozen pixels, and two crowds of 2,500 on one day, or the grey "size not
reported" dots, drew one over the other on the phone. Here, per size and panel (the scale, the
strip), where two of a day's marks would cover each other, the day's marks of that panel are
set a mark's width apart, in their order, centred on the day's middle, but never beyond a share
of the day (:data:`DAY_SHARE`), so a mark stays inside its own day. A mark's range line, "at least"
caret and label move with it: they are keyed as the mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.spec.layout import CANVASES, PAD_PX, Canvas, x_px, y_px
from analysis.spec.model import ChartSpec, Layer

#: The geometries drawn at a mark's own x (keyed as the mark), moved with it.
AT_MARK = ("point", "range", "caret")
#: The widest a day's marks may spread, as a share of the day's width on the canvas.
DAY_SHARE = 0.8
_HALF_DAY = pd.Timedelta(hours=12)


def spread_day_marks(spec: ChartSpec) -> ChartSpec:
    """``spec`` with each day's point marks that cover one another on its canvas set a mark's
    width apart, centred on their day, in their order, within :data:`DAY_SHARE` of the day."""
    sizes = CANVASES.get(spec.chart, {})
    if spec.axis is None or spec.scale is None or spec.size not in sizes:
        return spec
    canvas = sizes[spec.size]
    y_of = y_px(spec, canvas)
    need = canvas.mark_px + PAD_PX
    moved: dict[str, pd.Timestamp] = {}
    for panel in ("main", "strip"):
        rows = [
            lay.rows[["x", "y"]] if "y" in lay.rows else lay.rows[["x"]].assign(y=np.nan)
            for lay in spec.layers
            if lay.symbol.geometry == "point" and lay.panel == panel and len(lay.rows)
        ]
        if not rows:
            continue
        marks = pd.concat(rows)
        marks = marks[~marks.index.duplicated()]
        marks = marks.assign(x=pd.to_datetime(marks["x"]))
        middle = marks["x"].dt.normalize() + _HALF_DAY
        for day, keys in pd.Series(marks.index, index=marks.index).groupby(middle.to_numpy()):
            if len(keys) > 1:
                moved |= _spread_day(spec, canvas, marks.loc[keys.to_numpy()], day,
                                     y_of, need, strip=panel == "strip")  # fmt: skip
    if not moved:
        return spec
    new_x = pd.Series(moved)
    layers = tuple(_moved_layer(lay, new_x) for lay in spec.layers)
    labels = tuple(
        replace(label, x=new_x[label.key]) if label.key in new_x.index else label
        for label in spec.labels
    )
    return replace(spec, layers=layers, labels=labels)


def _spread_day(
    spec: ChartSpec,
    canvas: Canvas,
    marks: pd.DataFrame,
    day: pd.Timestamp,
    y_of: Callable[[np.ndarray], np.ndarray],
    need: float,
    *,
    strip: bool,
) -> dict[str, pd.Timestamp]:
    """New x of one day's marks of one panel where two cover each other, else nothing."""
    assert spec.axis is not None
    marks = marks.sort_values("x", kind="stable")
    xs = x_px(spec, canvas, marks["x"])
    ys = np.zeros(len(marks)) if strip else y_of(pd.to_numeric(marks["y"]).to_numpy(float))
    near = (np.abs(xs[:, None] - xs[None, :]) < need) & (np.abs(ys[:, None] - ys[None, :]) < need)
    if near.sum() <= len(marks):  # each mark only near itself
        return {}
    ends = x_px(spec, canvas, pd.DatetimeIndex([day - _HALF_DAY, day + _HALF_DAY]))
    day_px = float(ends[1] - ends[0])
    if day_px <= 0:
        return {}
    step = min(need, DAY_SHARE * day_px / (len(marks) - 1))
    offsets = (np.arange(len(marks)) - (len(marks) - 1) / 2) * step / day_px
    return {
        str(key): day + pd.Timedelta(days=float(off))
        for key, off in zip(marks.index, offsets, strict=True)
    }


def _moved_layer(lay: Layer, new_x: pd.Series) -> Layer:
    """``lay`` with the rows of moved marks at their new x (only geometries at a mark's x)."""
    if lay.symbol.geometry not in AT_MARK or not len(lay.rows):
        return lay
    hit = lay.rows.index.isin(new_x.index)
    if not hit.any():
        return lay
    rows = lay.rows.copy()
    rows.loc[hit, "x"] = new_x[rows.index[hit]].to_numpy()
    return replace(lay, rows=rows)
