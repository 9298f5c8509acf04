"""Draw a chart specification (:class:`analysis.spec.model.ChartSpec`) with plotly.

A translation only, the twin of :mod:`analysis.charts.spec_matplotlib`: each layer becomes one
trace whose ``meta`` is the layer's name and whose ``customdata`` are its mark keys, drawn with
the vocabulary's shape, fill, line and colour; the legend has the specification's entries, in
its order; the labels are the ones the specification shows at this size. Text from the data is
escaped here, the one place it becomes HTML.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.axis_plotly import x_of
from analysis.charts.style import TEXT_GREY
from analysis.spec import vocabulary
from analysis.spec.layout import PX_PER_PT as LAYOUT_PX_PER_PT
from analysis.spec.layout import label_order
from analysis.spec.model import BANDS, ChartSpec, Layer, LegendEntry, open_ends
from analysis.spec.phrases import Hover
from analysis.spec.vocabulary import LINE_SHAPES, Symbol

#: Shapes of the vocabulary as plotly marker symbols.
SYMBOLS: dict[str, str] = {
    "circle": "circle",
    "square": "square",
    "x": "x",
    "triangle-up": "triangle-up",
    "diamond": "diamond",
    "cross": "cross",
    "triangle-down": "triangle-down",
    "diamond-tall": "diamond-tall",
    "pentagon": "pentagon",
    "star": "star",
    "hexagon": "hexagon",
    "octagon": "octagon",
    "dash": "line-ew",
}
#: Width (px) of a line-only marker (:data:`analysis.spec.vocabulary.LINE_SHAPES`) and of a
#: thin rule (a reported silence over its week or month).
LINE_MARKER_PX, RULE_PX = 2.5, 2.5
DASHES = {"solid": "solid", "dashed": "dash", "none": "solid"}
#: Marker diameters (px) by geometry: a point, a binned point, a caret.
POINT_PX, BIN_PX, CARET_PX = 10, 6, 8
SPAN_PX, SPAN_OPACITY = 9, 0.3
#: Diameter (px) of the arrowhead at a band's open end: a little taller than the band.
ARROW_PX = 10
#: A white halo around a label's letters (CSS text-shadow, as plotly's own "auto" shadow draws
#: it): a gridline or a county outline passing behind a label stops short of the letters, as
#: in the static charts, with no box over the grey land or a nearby mark.
LABEL_HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"
#: The caret of a floor ("at least"): an open arrow in lines (``y-up``: a stem rising from a
#: chevron's point), never a filled triangle (a walkout's shape); it stands this many px
#: above its mark's centre, on the mark's top edge, as in matplotlib.
CARET = "y-up"
CARET_STANDOFF_PX = 9
CARET_LINE_PX = 1.5


def esc(value: object) -> str:
    """Escape text for plotly's HTML-like labels; NA becomes ""."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


_STYLE = {
    "title": "<b>{}</b>",
    "text": "{}",
    "quote": "&nbsp;&nbsp;{}",
    "caveat": "<i>{}</i>",
    "small": "<span style='font-size:11px'>{}</span>",
}


def hover_html(lines: Hover) -> str:
    """A hover box as plotly HTML: each line escaped, then styled."""
    out = []
    for line in lines:
        if line.style == "figure" and ": " in line.text:
            what, value = line.text.split(": ", 1)
            out.append(f"{esc(what)}: <b>{esc(value)}</b>")
        else:
            out.append(_STYLE.get(line.style, "{}").format(esc(line.text)))
    return "<br>".join(out)


def symbol_of(shape: str, fill: str) -> str:
    """The plotly symbol of a vocabulary shape: open where the fill is hollow."""
    base = SYMBOLS.get(shape, "diamond-tall")
    return base + ("-open" if fill in ("hollow", "hollow-pale") else "")


def _marker(sym: Symbol, shapes: list[str], size: float) -> dict:
    """A point's marker, as the vocabulary gives its face and edge (an open symbol is drawn
    in its colour: the edge's)."""
    if shapes and all(s in LINE_SHAPES for s in shapes):  # a line only, in its colour
        line = {"color": sym.colour, "width": LINE_MARKER_PX}
        return {"symbol": [symbol_of(s, sym.fill) for s in shapes], "size": size,
                "color": sym.colour, "line": line}  # fmt: skip
    return {
        "symbol": [symbol_of(s, sym.fill) for s in shapes],
        "size": size,
        "color": sym.edge if sym.hollow else sym.face,
        "line": {"color": sym.edge, "width": 1.5 if sym.hollow else 0.8},
    }


def _caret(sym: Symbol, *, standoff: bool) -> dict:
    """A floor's caret: lines in the series' colour, no fill (above its mark on a chart).

    plotly moves a marker off its point against its angle's direction, so on a chart the
    caret is ``y-down`` turned half a turn (the same lines as ``y-up``) and moved up."""
    line = {"color": sym.colour, "width": CARET_LINE_PX}
    if not standoff:
        return {"symbol": CARET, "size": CARET_PX, "color": sym.colour, "line": line}
    return {"symbol": "y-down", "angle": 180, "standoff": CARET_STANDOFF_PX, "size": CARET_PX,
            "color": sym.colour, "line": line}  # fmt: skip


def _segments(xs: list[float], x_ends: list[float], ys: list[float], ye: list[float]) -> tuple:
    x: list[float | None] = []
    y: list[float | None] = []
    for a, b, v, w in zip(xs, x_ends, ys, ye, strict=True):
        x += [a, b, None]
        y += [v, w, None]
    return x, y


def layer_trace(spec: ChartSpec, layer: Layer, *, strip_y: float = 0.0) -> go.Scatter:
    """One trace for ``layer`` (``meta``: its name; ``customdata``: its keys)."""
    assert spec.axis is not None
    rows, sym = layer.rows, layer.symbol
    in_strip = layer.panel == "strip"
    ys = np.full(len(rows), strip_y) if in_strip else rows["y"].to_numpy(float)
    hover = [hover_html(h) for h in rows["hover"]] if "hover" in rows else None
    if hover is not None and sym.geometry in ("total", "range"):
        # a segment is three points (its ends and a gap): its hover at both ends
        hover = [text for h in hover for text in (h, h, "")]
    common: dict = {
        "meta": layer.name,
        "customdata": layer.keys,
        "showlegend": False,
        "name": esc(sym.legend or layer.name),
        "cliponaxis": False,
    }
    if hover is not None:
        common |= {"hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"}
    else:
        common |= {"hoverinfo": "skip"}
    if sym.geometry == "point":
        size = (
            rows["size_px"].to_numpy(float)
            if "size_px" in rows
            else (BIN_PX if layer.name.endswith("bins") else POINT_PX)
        )
        return go.Scatter(
            x=x_of(spec.axis, rows["x"]), y=ys, mode="markers",
            marker=_marker(sym, list(rows["shape"]), size), **common,
        )  # fmt: skip
    if sym.geometry == "caret":  # above its mark (a standoff up), as in matplotlib
        return go.Scatter(
            x=x_of(spec.axis, rows["x"]), y=ys, mode="markers", marker=_caret(sym, standoff=True),
            **common,
        )  # fmt: skip
    if sym.geometry == "range":
        xs = x_of(spec.axis, rows["x"])
        x, y = _segments(xs, xs, list(ys), list(rows["y_end"].to_numpy(float)))
        return go.Scatter(
            x=x, y=y, mode="lines",
            line={"color": sym.colour, "width": 1.2 if layer.name.startswith("bin") else 2,
                  "dash": DASHES[sym.line]},
            **(common | {"hoverinfo": "skip", "hovertemplate": None, "hovertext": None}),
        )  # fmt: skip
    # spans, rules and totals: flat segments over the days they cover
    span = sym.geometry == "span"
    if sym.geometry in BANDS:
        return _band_trace(spec, layer, ys, common)
    x, y = _segments(x_of(spec.axis, rows["x"]), x_of(spec.axis, rows["x_end"]), list(ys), list(ys))
    return go.Scatter(
        x=x, y=y, mode="lines",
        line={"color": sym.colour, "width": SPAN_PX if span else 3},
        opacity=SPAN_OPACITY if span else 1.0,
        **common,
    )  # fmt: skip


def _band_trace(spec: ChartSpec, layer: Layer, ys: np.ndarray, common: dict) -> go.Scatter:
    """Bands over the days an item covers, cut to the axis (a band that starts before the
    first day shown would have its hover point off the chart) and with a point in the
    middle too, so a hover box shows along the band, not only at its ends."""
    assert spec.axis is not None
    rows, sym = layer.rows, layer.symbol
    starts = np.clip(x_of(spec.axis, rows["x"]), 0.0, 1.0)
    ends = np.clip(x_of(spec.axis, rows["x_end"]), 0.0, 1.0)
    x: list[float | None] = []
    y: list[float | None] = []
    for a, b, v in zip(starts, ends, ys, strict=True):
        x += [float(a), float((a + b) / 2), float(b), None]
        y += [float(v), float(v), float(v), None]
    if "hovertext" in common:
        texts = [hover_html(h) for h in rows["hover"]]
        common = common | {"hovertext": [t for h in texts for t in (h, h, h, "")]}
    rule = sym.geometry == "rule"
    return go.Scatter(
        x=x, y=y, mode="lines", line={"color": sym.colour, "width": RULE_PX if rule else SPAN_PX},
        opacity=1.0 if sym.fill == "hollow" or rule else SPAN_OPACITY, **common,
    )  # fmt: skip


def open_end_trace(spec: ChartSpec, layer: Layer, *, strip_y: float = 0.0) -> go.Scatter | None:
    """The arrowheads at a band's open ends (its period runs on beyond the days shown), as
    matplotlib draws them: inside the band, the tip on the edge of the days shown (a standoff
    of half the marker), pointing away, hollow on an outlined band (``meta``:
    "<layer>:open"); None where no end is open."""
    assert spec.axis is not None
    ends = open_ends(layer)
    if not len(ends):
        return None
    sym = layer.symbol
    suffix = "-open" if sym.fill == "hollow" else ""
    ys = np.full(len(ends), strip_y) if layer.panel == "strip" else ends["y"].to_numpy(float)
    return go.Scatter(
        x=np.clip(x_of(spec.axis, ends["x"]), 0.0, 1.0), y=ys, mode="markers",
        marker={
            "symbol": "triangle-up" + suffix,
            "angle": [-90 if side == "start" else 90 for side in ends["side"]],
            "standoff": ARROW_PX / 2, "size": ARROW_PX, "color": sym.colour,
            "line": {"color": sym.colour, "width": 1.2 if suffix else 0},
        },
        hoverinfo="skip", showlegend=False, cliponaxis=False, meta=f"{layer.name}:open",
        customdata=[str(k) for k in ends.index],
    )  # fmt: skip


def layer_traces(spec: ChartSpec, layer: Layer, *, strip_y: float = 0.0) -> list[go.Scatter]:
    """The trace of ``layer``, for an outlined (hollow) band a white line inside it, and for
    a band cut by the axis its open ends' arrowheads."""
    trace = layer_trace(spec, layer, strip_y=strip_y)
    out = [trace]
    if layer.symbol.geometry == "span" and layer.symbol.fill == "hollow":
        inside = go.Scatter(
            x=trace.x, y=trace.y, mode="lines", line={"color": "white", "width": SPAN_PX - 4},
            hoverinfo="skip", showlegend=False, meta=f"{layer.name}:inside",
        )  # fmt: skip
        out.append(inside)
    if layer.symbol.geometry in BANDS:
        arrows = open_end_trace(spec, layer, strip_y=strip_y)
        if arrows is not None:
            out.append(arrows)
    return out


def legend_traces(entry: LegendEntry) -> list[go.Scatter]:
    """Traces with no points that put ``entry`` in the legend, drawn as on the chart: one per
    look it keys, each with its words and, where it keys several, the measure of each look
    ("(crowds)", "(responses)"): plotly's legend sets items in a grid, so a key without words
    would stand apart from them. ``meta`` is "legend:<words>" on the first, then
    "legend-more:<words>"."""
    looks = entry.looks()
    out = []
    for i, (sym, shape) in enumerate(looks):
        measure = vocabulary.measure_words(sym.colour) if len(looks) > 1 else ""
        name = f"{entry.text} ({measure})" if measure else entry.text
        out.append(_legend_key(sym, shape, entry.text, "legend" if i == 0 else "legend-more"))
        out[-1].name = esc(name)
    return out


def legend_trace(entry: LegendEntry) -> go.Scatter:
    """The trace that puts ``entry``'s own look in the legend, with its words."""
    return _legend_key(entry.symbol, entry.shape, entry.text, "legend")


def _legend_key(sym: Symbol, shape: str, text: str, kind: str) -> go.Scatter:
    common = {
        "x": [None],
        "y": [None],
        "name": esc(text),
        "showlegend": True,
        "hoverinfo": "skip",
        "meta": f"{kind}:{text}",
    }
    if sym.geometry == "point":
        return go.Scatter(mode="markers", marker=_marker(sym, [shape], POINT_PX), **common)
    if sym.geometry == "ring":  # the ring around a small mark, as on the map (a legend
        # cannot dash a marker's edge: the ring is thin, the mark inside it says what it is)
        marker = {"symbol": "circle-open-dot", "size": 16, "color": sym.colour,
                  "line": {"color": sym.colour, "width": 1}}  # fmt: skip
        return go.Scatter(mode="markers", marker=marker, **common)
    if sym.geometry == "area":  # an unsized map mark
        hollow = sym.fill == "hollow"
        marker = {
            "symbol": "circle-open" if hollow else "circle",
            "size": 8,
            "color": sym.colour,
            "line": {"color": sym.colour if hollow else "white", "width": 1.5},
        }
        return go.Scatter(mode="markers", marker=marker, **common)
    if sym.geometry == "arrow":  # a band whose period runs on: the band with its arrowhead
        rgb = ", ".join(str(int(sym.colour[i : i + 2], 16)) for i in (1, 3, 5))
        return go.Scatter(
            mode="lines+markers", line={"color": f"rgba({rgb}, {SPAN_OPACITY})", "width": SPAN_PX},
            marker={"symbol": "triangle-right", "size": ARROW_PX, "color": sym.colour},
            **common,
        )  # fmt: skip
    if sym.geometry == "caret":
        return go.Scatter(mode="markers", marker=_caret(sym, standoff=False), **common)
    width = {"span": SPAN_PX, "total": 3, "rule": RULE_PX}.get(sym.geometry, 2)
    return go.Scatter(
        mode="lines", line={"color": sym.colour, "width": width, "dash": DASHES[sym.line]},
        opacity=SPAN_OPACITY if sym.geometry == "span" else 1.0, **common,
    )  # fmt: skip


def add_time_panel(
    fig: go.Figure, spec: ChartSpec, *, row: int, strip_row: int | None, legend: bool = True
) -> None:
    """The layers, labels and scale of a time-axis ``spec`` on ``row`` (its strip on
    ``strip_row``), and its legend entries."""
    assert spec.scale is not None
    for layer in spec.layers:
        target = strip_row if layer.panel == "strip" and strip_row is not None else row
        for trace in layer_traces(spec, layer):
            fig.add_trace(trace, row=target, col=1)
    if legend:
        for entry in spec.legend:
            for trace in legend_traces(entry):
                fig.add_trace(trace, row=row, col=1)
    _labels(fig, spec, row=row, strip_row=strip_row)
    scale = spec.scale
    fig.update_yaxes(
        row=row, col=1, type="log" if scale.log else "linear",
        range=[np.log10(scale.low), np.log10(scale.high)] if scale.log else [scale.low, scale.high],
        tickvals=list(scale.ticks), tickformat=",d", title={"text": scale.title},
    )  # fmt: skip
    if strip_row is not None:
        fig.update_yaxes(
            row=strip_row, col=1, range=[-1, 1], showticklabels=False, showgrid=False,
            title={"text": "size not<br>reported", "font": {"size": 11, "color": TEXT_GREY}},
            fixedrange=True,
        )  # fmt: skip


def add_lanes_panel(fig: go.Figure, spec: ChartSpec, *, row: int, legend: bool = True) -> None:
    """The lanes, layers and labels of a swimlane ``spec`` (responses) on ``row``."""
    assert spec.scale is not None and spec.axis is not None
    scale = spec.scale
    for y in scale.rules:
        fig.add_hline(y=y, line={"color": "#cccccc", "width": 1}, row=row, col=1)
    for layer in spec.layers:
        for trace in layer_traces(spec, layer):
            fig.add_trace(trace, row=row, col=1)
    if legend:
        for entry in spec.legend:
            for trace in legend_traces(entry):
                fig.add_trace(trace, row=row, col=1)
    _labels(fig, spec, row=row, strip_row=None)
    fig.update_yaxes(
        row=row, col=1, range=[scale.low, scale.high], showgrid=False, fixedrange=True,
        tickvals=list(scale.ticks), ticktext=[f"<b>{esc(t)}</b>" for t in scale.tick_text],
    )  # fmt: skip


def _label_html(text: str, claim: bool) -> str:
    body = esc(text).replace("\n", "<br>")
    return f"<i>{body}</i>" if claim else body


def _pixel_line(x0: float, y0: float, x1: float, y1: float) -> str:
    """A leader line as the path of a pixel-sized shape (offsets in px from its anchor, y up).
    A path, not a "line" shape: plotly.js draws a pixel-sized line whose offsets are negative
    as a single point, so a leader down or left of its mark vanished."""
    return f"M{x0:.2f},{y0:.2f}L{x1:.2f},{y1:.2f}"


def _labels(fig: go.Figure, spec: ChartSpec, *, row: int, strip_row: int | None) -> None:
    """The labels the specification shows, each shifted from its mark by the offset
    :mod:`analysis.spec.layout` decided (claims in the strip), as annotations named
    ``label:<key>``; a label placed away from its mark gets a thin leader line."""
    assert spec.axis is not None and spec.scale is not None
    log = spec.scale.log
    # The headline's marks, claims, then the largest: a page short of room hides the last ones.
    for label in sorted(spec.labels, key=label_order):
        strip = label.claim and strip_row is not None
        at = {
            "x": x_of(spec.axis, pd.Timestamp(label.x))[0],
            "y": 0.0 if strip else (np.log10(label.y) if log else label.y),
            "row": strip_row if strip else row,
            "col": 1,
        }
        fig.add_annotation(
            **at,
            text=_label_html(label.text, label.claim),
            showarrow=False,
            xshift=label.dx,
            yshift=label.dy,
            xanchor=label.ha,
            yanchor="middle" if label.va == "center" else label.va,
            align=label.ha if label.ha != "center" else "center",
            font={
                "size": 11,
                "color": TEXT_GREY if label.claim else label.colour or "#222222",
                "shadow": LABEL_HALO,
            },
            name=f"label:{label.key}",
        )
        if label.leader:
            length = float(np.hypot(label.dx, label.dy)) or 1.0
            # a shape's anchor is a data value even on a log axis (an annotation's is its log)
            anchor_y = label.y if log and not strip else at["y"]
            fig.add_shape(
                type="path", xsizemode="pixel", ysizemode="pixel",
                xanchor=at["x"], yanchor=anchor_y,
                path=_pixel_line(label.dx * 5 / length, label.dy * 5 / length, label.dx, label.dy),
                line={"color": "#9a9a9a", "width": 0.7},
                row=at["row"], col=1, name=f"leader:{label.key}",
            )  # fmt: skip


# --- the locator map -----------------------------------------------------------------------------

#: Screen pixels per typographic point (96 / 72): map circles and label offsets are in points.
PX_PER_PT = 96 / 72
#: The basemap's fills: land in the map's scope, neighbouring counties.
LAND, NEIGHBOUR = "#e4e4e4", "#f1f1f1"
_YANCHOR = {"top": "top", "center": "middle", "bottom": "bottom"}


def map_layer_trace(layer: Layer) -> go.Scatter:
    """One trace for a map layer: circles ``size_pt`` across (``meta``: the layer's name;
    ``customdata``: its places), solid or hollow. A ring's trace only carries its places and
    colour (its markers see-through): plotly cannot dash a marker's edge, so the dashed rings
    are shapes (:func:`ring_shapes`)."""
    rows, sym = layer.rows, layer.symbol
    ring = sym.geometry == "ring"
    hollow = ring or sym.fill == "hollow"
    marker = {
        "symbol": ["circle-open" if hollow else "circle"] * len(rows),
        "size": rows["size_pt"].to_numpy(float) * PX_PER_PT,
        "color": sym.colour,
        "opacity": 0.0 if ring else 1.0 if hollow else 0.88,
        "line": {"color": sym.colour if hollow else "white", "width": 1 if ring else 1.5},
    }
    hover = [hover_html(h) for h in rows["hover"]] if "hover" in rows and not ring else None
    common: dict = {"meta": layer.name, "customdata": layer.keys, "showlegend": False,
                    "name": esc(sym.legend or layer.name), "cliponaxis": False}  # fmt: skip
    if hover is None:
        common["hoverinfo"] = "skip"
    else:
        common |= {"hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"}
    return go.Scatter(x=rows["x"], y=rows["y"], mode="markers", marker=marker, **common)


def ring_shapes(fig: go.Figure, layer: Layer) -> None:
    """A ring layer's dashed rings (only the town is known), as pixel-sized circles anchored
    on their places (named ``ring:<place>``), drawn as matplotlib draws them."""
    sym = layer.symbol
    for key, lon, lat, d in zip(
        layer.keys, layer.rows["x"], layer.rows["y"], layer.rows["size_pt"], strict=True
    ):
        r = float(d) * PX_PER_PT / 2
        fig.add_shape(
            type="circle", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
            xanchor=float(lon), yanchor=float(lat), x0=-r, x1=r, y0=-r, y1=r,
            line={"color": sym.colour, "width": 1.1, "dash": RING_DASH[sym.line]},
            layer="above", name=f"ring:{key}",
        )  # fmt: skip


#: A map ring's line (plotly's "dot" dashes match matplotlib's short dashes best).
RING_DASH = {"dashed": "dot", "solid": "solid", "none": "solid"}


def add_map_panel(fig: go.Figure, spec: ChartSpec) -> int:
    """A map ``spec`` on ``fig``: basemap, layers, labels (annotations named ``label:<key>``,
    offset in points as decided on the size's canvas, with their leader lines), the size key
    under the plot (circles at their true size, shapes named ``legend:<text>``) and the
    symbols' legend entries. Returns the pixels the key takes under the plot."""
    geo = spec.geo
    assert geo is not None
    for in_scope in (True, False):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for scope, ring in geo.outlines:
            if scope == in_scope:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
        if xs:
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", fill="toself",
                fillcolor=LAND if in_scope else NEIGHBOUR, line={"color": "white", "width": 1},
                hoverinfo="skip", showlegend=False,
            ))  # fmt: skip
    for layer in spec.layers:
        fig.add_trace(map_layer_trace(layer))
        if layer.symbol.geometry == "ring":
            ring_shapes(fig, layer)
    for label in spec.labels:
        dx, dy = label.dx / LAYOUT_PX_PER_PT, label.dy / LAYOUT_PX_PER_PT  # points
        ha, va = label.ha, label.va
        fig.add_annotation(
            x=label.x, y=label.y, text=esc(label.text).replace("\n", "<br>"), showarrow=False,
            xanchor=ha, yanchor=_YANCHOR[va], align="left" if ha != "right" else "right",
            xshift=dx * PX_PER_PT, yshift=dy * PX_PER_PT,
            font={"size": 11, "color": "#222222", "shadow": LABEL_HALO}, name=f"label:{label.key}",
        )  # fmt: skip
        if label.leader:
            unit = np.hypot(dx, dy) or 1.0
            start = label.clearance / LAYOUT_PX_PER_PT / unit
            fig.add_shape(
                type="path", xref="x", yref="y", xsizemode="pixel", ysizemode="pixel",
                xanchor=label.x, yanchor=label.y, path=_pixel_line(
                    dx * start * PX_PER_PT, dy * start * PX_PER_PT, dx * PX_PER_PT, dy * PX_PER_PT
                ),
                line={"color": "#555555", "width": 0.8}, name=f"leader:{label.key}",
            )  # fmt: skip
    key_px = _size_key(fig, spec)
    for entry in spec.legend:
        if entry.size_pt is None:
            for trace in legend_traces(entry):
                fig.add_trace(trace)
    west, east, south, north = geo.extent
    fig.update_xaxes(range=[west, east], visible=False)
    fig.update_yaxes(range=[south, north], visible=False, scaleanchor="x", scaleratio=geo.aspect)
    if geo.credit:
        fig.add_annotation(
            text=esc(geo.credit), xref="paper", yref="paper", x=1, y=0, xanchor="right",
            yanchor="bottom", showarrow=False, font={"size": 10, "color": TEXT_GREY},
        )  # fmt: skip
    return key_px


#: Widest row (px) of the interactive size key: the same figure fits a phone's screen.
KEY_ROW_PX = 360


def _size_key(fig: go.Figure, spec: ChartSpec) -> int:
    """The size key under the plot: each reference figure's circle at its true size (pixel-
    sized shapes, which a legend would shrink), its words beside it, in rows that fit a
    phone. Returns its height in pixels."""
    key = [e for e in spec.legend if e.size_pt is not None]
    if not key:
        return 0
    largest = max(e.size_pt or 0.0 for e in key) * PX_PER_PT
    row_px = largest + 8
    x, row = 0.0, 0
    for entry in key:
        d = (entry.size_pt or 0.0) * PX_PER_PT
        width = d + 4 + 7.5 * len(entry.text) + 14
        if x and x + width > KEY_ROW_PX:
            x, row = 0.0, row + 1
        centre = -(8 + largest / 2 + row * row_px)
        fig.add_shape(
            type="circle", xref="paper", yref="paper", xsizemode="pixel", ysizemode="pixel",
            xanchor=0, yanchor=0, x0=x, x1=x + d, y0=centre - d / 2, y1=centre + d / 2,
            fillcolor=entry.symbol.colour, opacity=0.88, line={"color": "white", "width": 1},
            name=f"legend:{entry.text}",
        )  # fmt: skip
        fig.add_annotation(
            text=esc(entry.text), xref="paper", yref="paper", x=0, y=0, xanchor="left",
            yanchor="middle", xshift=x + d + 4, yshift=centre, showarrow=False,
            font={"size": 12, "color": "#222222"},
        )  # fmt: skip
        x += width
    return int((row + 1) * row_px + 8)
