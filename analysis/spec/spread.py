"""The marks of one day spread apart on each size's canvas, so no mark covers another.

The facts model only ranks a day's demonstrations, largest first
(:func:`analysis.prep.marks.day_order`): it has no pixels, so it does not say where within the
day a mark goes. Here, per size and panel (the scale, the "size not reported" strip), a day's
marks are set a mark's width apart, in that order, centred on the day's middle, but never
beyond a share of the day (:data:`DAY_SHARE`), so a mark stays inside its own day. A mark
alone in its panel on its day stands on the day's middle. Where the day is too narrow for all
of them (a phone on the whole timeline's cut axis), only marks whose heights meet step apart,
and the crowd specification draws a day's grey dots as one (:func:`crowded_days`). A mark's
range line, "at least" caret and label move with it: they are keyed as the mark.
"""

from __future__ import annotations

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
        if panel == "main":
            low, high = _heights(spec, canvas, marks.index)
            marks = marks.assign(low=low - need / 2, high=high + need / 2)
        else:  # the strip: one row, every mark at one height
            marks = marks.assign(low=0.0, high=need)
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
    """New x of one day's marks of one panel: ``need`` px apart, in their rank, centred on
    the day. Where the day is too narrow for all of them, only the marks whose heights (a
    mark, its range line and caret) meet are set apart, each such group on its own: two
    crowds of 2,500 step aside, a vigil of 80 below them need not."""
    marks = marks.sort_values(["rank", "at"], kind="stable")
    day_px = _day_px(spec, canvas, day)
    if day_px <= 0:
        return {}
    groups = [marks]
    if (len(marks) - 1) * need > DAY_SHARE * day_px:
        groups = [marks.loc[keys] for keys in _meeting(marks)]
    out: dict[str, pd.Timestamp] = {}
    for group in groups:
        if len(group) < 2:
            continue
        step = min(need, DAY_SHARE * day_px / (len(group) - 1))
        offsets = (np.arange(len(group)) - (len(group) - 1) / 2) * step / day_px
        out |= {
            str(key): day + pd.Timedelta(days=float(off))
            for key, off in zip(group.index, offsets, strict=True)
        }
    return out


def _day_px(spec: ChartSpec, canvas: Canvas, day: pd.Timestamp) -> float:
    """The width (px) of the day around ``day`` (its middle) on the canvas."""
    ends = x_px(spec, canvas, pd.DatetimeIndex([day - _HALF_DAY, day + _HALF_DAY]))
    return float(ends[1] - ends[0])


def _meeting(marks: pd.DataFrame) -> list[list[str]]:
    """``marks`` (with ``low``/``high`` px) in groups whose heights meet, each in rank order."""
    by_height = marks.sort_values("low", kind="stable")
    groups: list[list[str]] = []
    top = -np.inf
    for key, low, high in zip(by_height.index, by_height["low"], by_height["high"], strict=True):
        if not groups or low >= top:
            groups.append([])
        groups[-1].append(key)
        top = max(top, high) if low < top else high
    ranked = {key: i for i, key in enumerate(marks.index)}
    return [sorted(group, key=ranked.__getitem__) for group in groups]


def _heights(spec: ChartSpec, canvas: Canvas, keys: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest px of each mark of ``keys`` on the scale, its range line and
    "at least" caret included (the layers drawn at a mark's x, keyed as the mark)."""
    y_of = y_px(spec, canvas)
    low = pd.Series(np.inf, index=keys)
    high = pd.Series(-np.inf, index=keys)
    for lay in spec.layers:
        if lay.symbol.geometry not in AT_MARK or lay.panel != "main" or not len(lay.rows):
            continue
        rows = lay.rows[lay.rows.index.isin(keys)]
        for column in ("y", "y_end"):
            if column in rows:
                ys = pd.Series(y_of(pd.to_numeric(rows[column]).to_numpy(float)), rows.index)
                ys = ys[np.isfinite(ys)].groupby(level=0).agg(["min", "max"])
                low.loc[ys.index] = np.minimum(low.loc[ys.index], ys["min"])
                high.loc[ys.index] = np.maximum(high.loc[ys.index], ys["max"])
    return low.to_numpy(float), high.to_numpy(float)


def crowded_days(spec: ChartSpec, panel: str = "strip") -> dict[pd.Timestamp, list[str]]:
    """The days (their middle) whose point marks in ``panel`` are too many to stand a mark's
    width apart within :data:`DAY_SHARE` of the day at this size (they would cover one
    another), with their keys: on the whole timeline's cut axis a phone gives 31 Jan about
    30 px, and its five grey "size not reported" dots need 44."""
    canvas = CANVASES.get(spec.chart, {}).get(spec.size)
    if spec.axis is None or canvas is None:
        return {}
    points = [
        lay.rows["x"]
        for lay in spec.layers
        if lay.symbol.geometry == "point" and lay.panel == panel and len(lay.rows)
    ]
    if not points:
        return {}
    xs = pd.concat(points)
    xs = pd.to_datetime(xs[~xs.index.duplicated()])
    out: dict[pd.Timestamp, list[str]] = {}
    for day, keys in pd.Series(xs.index, xs.index).groupby(
        (xs.dt.normalize() + _HALF_DAY).to_numpy()
    ):
        if len(keys) > 1 and (len(keys) - 1) * canvas.mark_px > DAY_SHARE * _day_px(
            spec, canvas, day
        ):
            out[pd.Timestamp(day)] = [str(k) for k in keys]
    return out


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
