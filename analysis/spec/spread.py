"""The marks of one day spread apart on each size's canvas, so no mark covers another.

The facts model only ranks a day's demonstrations, largest first
(:func:`analysis.prep.marks.day_order`): it has no pixels, so it does not say where within the
day a mark goes. Here, per size and panel (the scale, the "size not reported" strip), a day's
marks are set a mark's width apart, in that order, centred on the day's middle, but never
beyond a share of the day (:data:`DAY_SHARE`), so a mark stays inside its own day. A mark
alone in its panel on its day stands on the day's middle. A mark's range line, "at least" caret
and label move with it: they are keyed as the mark.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.spec.layout import CANVASES, PAD_PX, Canvas, x_px
from analysis.spec.model import ChartSpec, Layer

#: The geometries drawn at a mark's own x (keyed as the mark), moved with it.
AT_MARK = ("point", "range", "caret")
#: The widest a day's marks may spread, as a share of the day's width on the canvas.
DAY_SHARE = 0.8
_HALF_DAY = pd.Timedelta(hours=12)


def spread_day_marks(spec: ChartSpec, order: pd.Series | None = None) -> ChartSpec:
    """``spec`` with the point marks that share a day in a panel set a mark's width apart,
    centred on their day, within :data:`DAY_SHARE` of the day, in ``order`` (a rank per mark
    key, the model's; else the rows' order)."""
    sizes = CANVASES.get(spec.chart, {})
    if spec.axis is None or spec.scale is None or spec.size not in sizes:
        return spec
    canvas = sizes[spec.size]
    need = canvas.mark_px + PAD_PX
    moved: dict[str, pd.Timestamp] = {}
    for panel in ("main", "strip"):
        rows = [
            lay.rows[["x"]]
            for lay in spec.layers
            if lay.symbol.geometry == "point" and lay.panel == panel and len(lay.rows)
        ]
        if not rows:
            continue
        marks = pd.concat(rows)
        marks = marks[~marks.index.duplicated()]
        rank = order.reindex(marks.index) if order is not None else None
        marks = marks.assign(
            x=pd.to_datetime(marks["x"]),
            rank=rank.fillna(0).to_numpy(float) if rank is not None else 0.0,
            at=np.arange(len(marks)),
        )
        middle = marks["x"].dt.normalize() + _HALF_DAY
        for day, keys in pd.Series(marks.index, index=marks.index).groupby(middle.to_numpy()):
            if len(keys) > 1:
                moved |= _spread_day(spec, canvas, marks.loc[keys.to_numpy()], day, need)
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
    spec: ChartSpec, canvas: Canvas, marks: pd.DataFrame, day: pd.Timestamp, need: float
) -> dict[str, pd.Timestamp]:
    """New x of one day's marks of one panel: ``need`` px apart (less where the day is
    narrower), in their rank, centred on the day."""
    marks = marks.sort_values(["rank", "at"], kind="stable")
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
