"""Draw a chart specification (:class:`analysis.spec.model.ChartSpec`) with matplotlib.

A translation only: every mark's geometry, shape, fill, line and colour, the scale, the legend
and the labels shown come from the specification. Each layer becomes one artist whose ``gid``
is the layer's name (and whose offsets are its rows, in order), so a test can compare what
matplotlib drew with what plotly drew.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.colors as mcolors
import matplotlib.patches as mpatches
import matplotlib.patheffects as mpatheffects
import matplotlib.ticker as mticker
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import PathCollection
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path
from matplotlib.text import Annotation
from matplotlib.transforms import Affine2D

from analysis.charts.axis_matplotlib import apply_time_axis
from analysis.charts.style import (
    LABEL_PT,
    LAND_COLOR,
    NEIGHBOUR_COLOR,
    TEXT_GREY,
    WATER_COLOR,
    mpl_text,
)
from analysis.spec.layout import PX_PER_PT
from analysis.spec.model import BANDS, ChartSpec, Layer, LegendEntry, open_ends
from analysis.spec.vocabulary import LINE_SHAPES, Symbol

#: Shapes of the vocabulary as matplotlib markers.
MARKERS: dict[str, str | int] = {
    "circle": "o",
    "square": "s",
    "x": "X",
    "triangle-up": "^",
    "diamond": "D",
    "cross": "P",
    "triangle-down": "v",
    "diamond-tall": "d",
    "pentagon": "p",
    "star": "*",
    "hexagon": "h",
    "octagon": "8",
    "dash": "_",
}
#: Width (points) of a line-only marker (:data:`analysis.spec.vocabulary.LINE_SHAPES`) and of
#: a thin rule (a reported silence over its week or month).
LINE_MARKER_LW, RULE_LW = 2.0, 2.0
#: Line styles of the vocabulary.
LINESTYLES = {"solid": "-", "dashed": (0, (4, 2.5)), "none": "none"}
#: A map ring's line: dashes short enough to show on a ring 16 points across.
LINESTYLES_RING = {"dashed": (0, (2.5, 1.8)), "solid": "-", "none": "-"}
#: Share of the panel's height given to the "size not reported" strip.
STRIP = 0.11
STRIP_FILL = "#f4f4f4"
#: Marker areas (points squared) by geometry: a point, a binned point, a caret.
POINT_S, BIN_S, CARET_S = 46.0, 10.0, 30.0
SPAN_LW, SPAN_ALPHA = 7.0, 0.3
#: Size (points) of the arrowhead at a band's open end: a little taller than the band.
ARROW_MS = 7.5
#: A caret's base sits this many points above its mark's centre: on the mark's top edge, so
#: it reads as part of the figure ("at least"), not as a second mark above it.
CARET_OFFSET_PT = 5.5
#: The caret of a floor ("at least"): an open arrow in lines (a chevron with a stem rising
#: from its point), never a filled triangle, which is a walkout's shape. Plotly's ``y-up``
#: symbol, drawn in the series' colour with no fill.
CARET_MARKER = Path(
    [(-1.2, -0.8), (0.0, 0.0), (1.2, -0.8), (0.0, 0.0), (0.0, 1.6)],
    [Path.MOVETO, Path.LINETO, Path.LINETO, Path.MOVETO, Path.LINETO],
)
CARET_LW = 1.3


def thousands(value: float, _pos: int | None = None) -> str:
    """A tick value with thousands separators (a module function: figures are pickled)."""
    return f"{value:,.0f}"


def marker_of(shape: str, fill: str = "solid") -> str | int:
    """The matplotlib marker of a vocabulary shape (a fill never changes the shape)."""
    del fill
    return MARKERS.get(shape, "d")


def _faces(sym: Symbol, shape: str = "") -> dict[str, object]:
    """Face and edge colours of a point symbol, as the vocabulary gives them: solid, hollow
    (white inside, a firm edge), pale (a light tint, white edge) or hollow with a pale edge; a
    line-only shape in the symbol's colour, a line's width."""
    if shape in LINE_SHAPES:
        return {"c": sym.colour, "linewidths": LINE_MARKER_LW}
    return {
        "facecolors": sym.face,
        "edgecolors": sym.edge,
        "linewidths": 1.3 if sym.hollow else 0.7,
    }


def _strip_y(ax: Axes, panel: str) -> tuple[mtransforms.Transform, Callable[[pd.Series], object]]:
    """The transform and y values for a layer's panel (the strip sits in axes coordinates)."""
    if panel == "strip":
        trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
        return trans, lambda ys: np.full(len(ys), STRIP / 2)
    return ax.transData, lambda ys: ys.to_numpy(float)


def draw_layer(ax: Axes, layer: Layer) -> None:
    """One artist for ``layer``, its ``gid`` the layer's name."""
    rows, sym = layer.rows, layer.symbol
    trans, ys = _strip_y(ax, layer.panel)
    if sym.geometry == "point":
        size = BIN_S if layer.name.endswith("bins") else POINT_S
        for shape, part in rows.groupby("shape", sort=True):
            # a row's own diameter (px at 100 dpi, so 0.72 pt a pixel) where the spec gives one
            area = (part["size_px"].to_numpy(float) * 0.72) ** 2 if "size_px" in part else size
            art = ax.scatter(
                part["x"], ys(part["y"]), marker=marker_of(str(shape), sym.fill), s=area,
                zorder=4, transform=trans, clip_on=False, **_faces(sym, str(shape)),
            )  # fmt: skip
            art.set_gid(layer.name)
    elif sym.geometry == "range":
        art = ax.vlines(
            rows["x"], rows["y"].to_numpy(float), rows["y_end"].to_numpy(float),
            colors=sym.colour, linewidth=1.0 if layer.name.startswith("bin") else 2.0,
            alpha=0.85, linestyles=LINESTYLES[sym.line], zorder=3,
        )  # fmt: skip
        art.set_gid(layer.name)
    elif sym.geometry == "caret":
        above = mtransforms.offset_copy(trans, fig=ax.figure, y=CARET_OFFSET_PT, units="points")
        art = ax.scatter(
            rows["x"], ys(rows["y"]), marker=CARET_MARKER, s=CARET_S, facecolors="none",
            edgecolors=sym.colour, linewidths=CARET_LW, zorder=4, transform=above, clip_on=False,
        )  # fmt: skip
        art.set_gid(layer.name)
    elif sym.geometry in ("span", "rule", "total"):
        span = sym.geometry == "span"
        hollow = sym.fill == "hollow"
        art = ax.hlines(
            ys(rows["y"]), rows["x"], rows["x_end"], colors=sym.colour,
            linewidth=SPAN_LW if span else RULE_LW if sym.geometry == "rule" else 2.6,
            alpha=1.0 if hollow or not span else SPAN_ALPHA, zorder=2, transform=trans,
        )  # fmt: skip
        if hollow:  # an outlined band: the band's edge in colour, white inside
            art.set_path_effects(_hollow_band(sym.colour))
        art.set_gid(layer.name)
        if sym.geometry in BANDS:
            draw_open_ends(ax, layer, trans)


def draw_open_ends(ax: Axes, layer: Layer, trans: mtransforms.Transform) -> None:
    """An arrowhead at each end of a band that the specification flags open (its period runs
    on beyond the days shown), its tip on the edge of those days, pointing away from them;
    hollow on an outlined band. One artist, ``gid`` "<layer>:open"."""
    ends = open_ends(layer)
    if not len(ends):
        return
    sym = layer.symbol
    hollow = sym.fill == "hollow"
    paths = [ARROWHEADS[str(side)] for side in ends["side"]]
    x = ax.convert_xunits(ends["x"].to_numpy())
    y = np.full(len(ends), STRIP / 2) if layer.panel == "strip" else ends["y"].to_numpy(float)
    art = PathCollection(
        paths, sizes=[ARROW_MS**2], offsets=np.column_stack([x, y]), offset_transform=trans,
        edgecolors=sym.colour, facecolors="white" if hollow else sym.colour,
        linewidths=1.0 if hollow else 0.0, zorder=3, clip_on=False,
    )  # fmt: skip
    art.set_transform(mtransforms.IdentityTransform())
    art.set_gid(f"{layer.name}:open")
    ax.add_collection(art, autolim=False)


def _arrowhead(marker: str, shift: float) -> Path:
    """A triangle marker moved by ``shift`` of its size, so its tip is at its anchor."""
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform() + Affine2D().translate(shift, 0))


#: The arrowheads of open ends, inside the band with their tips on the edge of the days shown
#: (so an arrow at the axis' end is never cut by the figure's edge): back in time at a band's
#: start, forward at its end.
ARROWHEADS = {"start": _arrowhead("<", 0.5), "end": _arrowhead(">", -0.5)}


def _hollow_band(colour: str) -> list[mpatheffects.AbstractPathEffect]:
    """Path effects drawing a band of :data:`SPAN_LW` as an outline one point wide."""
    return [
        mpatheffects.Stroke(linewidth=SPAN_LW, foreground=colour),
        mpatheffects.Stroke(linewidth=SPAN_LW - 2.0, foreground="white"),
    ]


def legend_handle(entry: LegendEntry) -> Line2D | tuple[Line2D, ...]:
    """The legend key of an entry, drawn as its symbol is drawn on the chart: a key per look
    where the entry keys several (side by side, :data:`LEGEND_HANDLERS`)."""
    if entry.more:
        return tuple(_key(sym, shape, entry.text) for sym, shape in entry.looks())
    return _key(entry.symbol, entry.shape, entry.text)


#: Several looks keyed by one entry are drawn side by side in its key.
LEGEND_HANDLERS = {tuple: HandlerTuple(ndivide=None, pad=0.25)}


def legend_label(handle: Line2D | tuple[Line2D, ...]) -> str:
    """The words of a legend key (:func:`legend_handle`)."""
    return (handle[0] if isinstance(handle, tuple) else handle).get_label()


def handle_length(handles: list) -> float:
    """A key's length (font sizes): room for each look of the entry keying the most."""
    most = max((len(h) if isinstance(h, tuple) else 1 for h in handles), default=1)
    return 1.4 + 0.4 * (most - 1)


def _key(sym: Symbol, shape: str, text: str) -> Line2D:
    common = {"label": mpl_text(text), "color": sym.colour}
    if sym.geometry == "point" and shape in LINE_SHAPES:
        return Line2D(
            [], [], linestyle="none", marker=marker_of(shape), markersize=8,
            markeredgecolor=sym.colour, markeredgewidth=LINE_MARKER_LW, **common,
        )  # fmt: skip
    if sym.geometry == "point":
        # the key's edge: the mark's own colour around a solid or pale key (white would eat
        # a small key), the vocabulary's edge around a hollow one
        edge = sym.edge if sym.hollow else sym.face
        return Line2D(
            [], [], linestyle="none", marker=marker_of(shape, sym.fill), markersize=7,
            markerfacecolor=sym.face, markeredgecolor=edge,
            markeredgewidth=1.2 if sym.hollow else 0.7, **common,
        )  # fmt: skip
    if sym.geometry == "arrow":  # a band whose period runs on: the band with its arrowhead
        return Line2D(
            [], [], linewidth=SPAN_LW, solid_capstyle="butt", marker=">", markersize=ARROW_MS,
            markerfacecolor=sym.colour, markeredgecolor=sym.colour, markeredgewidth=0,
            **(common | {"color": mcolors.to_rgba(sym.colour, SPAN_ALPHA)}),
        )  # fmt: skip
    if sym.geometry == "range":
        return Line2D([], [], linestyle=LINESTYLES[sym.line], linewidth=2.0, **common)
    if sym.geometry == "caret":
        return Line2D(
            [], [], linestyle="none", marker=CARET_MARKER, markersize=7, markerfacecolor="none",
            markeredgecolor=sym.colour, markeredgewidth=CARET_LW, **common,
        )  # fmt: skip
    if sym.geometry == "span":
        return Line2D([], [], linewidth=SPAN_LW, alpha=SPAN_ALPHA, solid_capstyle="butt", **common)
    if sym.geometry == "rule":
        return Line2D([], [], linewidth=RULE_LW, solid_capstyle="butt", **common)
    return Line2D([], [], linewidth=2.6, **common)


def apply_scale(ax: Axes, spec: ChartSpec) -> float:
    """Set the value axis of ``spec`` (with room for the strip); return the strip's bottom."""
    scale = spec.scale
    assert scale is not None
    lo, hi = scale.low, scale.high
    strip = STRIP if spec.strip else 0.0
    if scale.log:
        ax.set_yscale("log")
        span = np.log10(hi) - np.log10(lo)
        bottom = 10 ** (np.log10(lo) - span * strip / (1 - strip))
    else:
        bottom = lo - (hi - lo) * strip / (1 - strip)
    ax.set_ylim(bottom, hi)
    ax.set_ylabel(scale.title)
    ax.yaxis.set_major_locator(mticker.FixedLocator(list(scale.ticks)))
    ax.yaxis.set_minor_locator(mticker.NullLocator())
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(thousands))
    return float(bottom)


def draw_strip(ax: Axes, bottom: float, low: float, name: str | None) -> None:
    """The grey "size not reported" strip under the scale, with its name at the end the
    specification chose (none where marks fill both ends)."""
    ax.axhspan(bottom, low, color=STRIP_FILL, zorder=0, linewidth=0)
    if name is None:
        return
    left = name == "left"
    ax.text(
        0.005 if left else 0.995, STRIP / 2, "size not\nreported", transform=ax.transAxes,
        ha="left" if left else "right", va="center", fontsize=LABEL_PT, color=TEXT_GREY,
        linespacing=0.95, zorder=5, bbox={"facecolor": STRIP_FILL, "edgecolor": "none", "pad": 1},
    )  # fmt: skip


#: A label's halo: a white outline of its letters (points wide), drawn over gridlines, lane
#: lines, cut bands and county outlines (zorder 0-0.5) and under every mark and leader line
#: (zorder 2 and up), so a line passing behind a label stops short of its letters and the halo
#: never hides a mark or a leader.
HALO_PT, HALO_ZORDER = 2.2, 1.0
#: On a time panel's white ground the halo also fills the label's box (padded by this fraction
#: of the font size), so a gridline does not show between its words either; on the map's grey
#: land a box would read as a white patch, so there the outline alone.
HALO_BOX = {"boxstyle": "square,pad=0.1", "edgecolor": "none"}


class _Halo(mpatches.Patch):
    """A label's halo as a patch of the Axes: drawn in zorder order with the marks, listed
    with no text or mark (``ax.texts`` and ``ax.collections`` hold only what a reader reads
    and what the specification draws), and with no extent of its own for autoscaling."""

    def __init__(self, copy: Annotation) -> None:
        super().__init__(zorder=HALO_ZORDER)
        self._copy = copy
        self.set_in_layout(False)

    def get_path(self) -> Path:
        return Path(np.empty((0, 2)))

    def draw(self, renderer: RendererBase) -> None:
        if self.get_visible():
            self._copy.draw(renderer)


def draw_halo(ax: Axes, label: Annotation, colour: str = "white", *, box: bool = False) -> None:
    """The halo of ``label``: a copy of its text in ``colour`` (the ground it stands on),
    outlined (and, with ``box``, on a box of that colour), drawn beneath it as its own artist.
    The label itself keeps no path effect, so the SVG keeps it as ``<text>`` that an editor
    can edit and the layout check can measure (a path effect turns text into paths)."""
    copy = Annotation(
        label.get_text(), xy=label.xy, xytext=label.xyann, xycoords=label.xycoords,
        textcoords=label.anncoords, ha=label.get_horizontalalignment(),
        va=label.get_verticalalignment(), fontproperties=label.get_fontproperties(),
        linespacing=label.get_linespacing(), color=colour, annotation_clip=False,
        path_effects=[mpatheffects.Stroke(linewidth=HALO_PT, foreground=colour),
                      mpatheffects.Normal()],
        bbox=HALO_BOX | {"facecolor": colour} if box else None,
    )  # fmt: skip
    copy.set_figure(ax.figure)
    copy.axes = ax
    copy.set_transform(mtransforms.IdentityTransform())  # as Axes.annotate sets it
    ax.add_patch(_Halo(copy))


def draw_labels(ax: Axes, spec: ChartSpec, *, in_layout: bool) -> None:
    """The labels the specification shows, each at the offset from its mark that
    :mod:`analysis.spec.layout` decided on the size's canvas (claims in the strip)."""
    if not spec.labels:
        return
    lo, hi = ax.get_ylim()
    if ax.get_yscale() == "log":
        in_strip = 10 ** (np.log10(lo) + (np.log10(hi) - np.log10(lo)) * STRIP / 2)
    else:
        in_strip = lo + (hi - lo) * STRIP / 2
    for label in spec.labels:
        at = (label.x, in_strip if label.claim else label.y)
        offset = (label.dx / PX_PER_PT, label.dy / PX_PER_PT)
        ann = ax.annotate(
            mpl_text(label.text),
            xy=at,
            xytext=offset,
            textcoords="offset points",
            ha=label.ha,
            va=label.va,
            fontsize=LABEL_PT,
            color=TEXT_GREY if label.claim else label.colour or "#222222",
            fontstyle="italic" if label.claim else "normal",
            annotation_clip=False,
            zorder=6,
            gid=f"label:{label.key}",
        )
        ann.set_in_layout(in_layout)
        draw_halo(ax, ann, STRIP_FILL if label.claim else "white", box=True)  # claims: the strip
        if label.leader:
            # From the mark to the label's anchor point (the aligned edge of its text), drawn
            # apart from the text: a leader that started at the text's measured box moved by
            # a fraction of a pixel with the font's state, so two builds differed.
            leader = ax.annotate(
                "",
                xy=at,
                xytext=offset,
                textcoords="offset points",
                annotation_clip=False,
                zorder=6,
                gid=f"leader:{label.key}",
                arrowprops={
                    "arrowstyle": "-",
                    "color": "#9a9a9a",
                    "lw": 0.7,
                    "shrinkA": 1,
                    "shrinkB": 4,
                },
            )
            leader.set_in_layout(False)


def draw_time_panel(ax: Axes, spec: ChartSpec) -> None:
    """Draw a time-axis panel (crowd) of ``spec``: scale, strip, layers, labels, legend."""
    assert spec.axis is not None
    bottom = apply_scale(ax, spec)
    apply_time_axis(ax, spec.axis)
    for layer in spec.layers:
        draw_layer(ax, layer)
    if spec.strip:
        assert spec.scale is not None
        draw_strip(ax, bottom, spec.scale.low, spec.strip_name)
    binned = any(la.name.endswith("bins") for la in spec.layers)
    draw_labels(ax, spec, in_layout=not (spec.phone or binned))


def draw_lanes_panel(ax: Axes, spec: ChartSpec) -> None:
    """Draw a swimlane panel (responses) of ``spec``: lanes, layers, labels where placed."""
    assert spec.axis is not None and spec.scale is not None
    scale = spec.scale
    apply_time_axis(ax, spec.axis)
    ax.set_ylim(scale.low, scale.high)
    for y in scale.rules:
        ax.axhline(y, color="#cccccc", linewidth=0.7, zorder=0)
    for layer in spec.layers:
        draw_layer(ax, layer)
    ax.yaxis.set_major_locator(mticker.FixedLocator(list(scale.ticks)))
    ax.yaxis.set_major_formatter(mticker.FixedFormatter(list(scale.tick_text)))
    ax.tick_params(axis="y", length=0, labelsize=LABEL_PT)
    for tick in ax.get_yticklabels():
        tick.set_fontweight("bold")
    # Each label at the offset from its anchor the lanes' layout decided on the size's canvas.
    draw_labels(ax, spec, in_layout=False)


def draw_legend(ax: Axes, spec: ChartSpec) -> None:
    """The specification's legend above the Axes, in one block (the article sizes)."""
    if spec.legend:
        handles = [legend_handle(e) for e in spec.legend]
        ax.legend(
            handles=handles,
            labels=[legend_label(h) for h in handles],
            handler_map=LEGEND_HANDLERS,
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncol=spec.legend_columns[0],
            fontsize=LABEL_PT,
            borderaxespad=0,
            handlelength=handle_length(handles),
        )


#: Where the legend blocks under stacked panels start: a sliver in from the figure's left edge.
LEGEND_LEFT = 0.012

#: Height of one legend line, in inches (9-pt text).
LEGEND_ROW_IN = 0.21


def legend_height_in(groups: list[tuple[tuple[LegendEntry, ...], int]]) -> float:
    """The height an Axes of its own needs for legend blocks (:func:`legend_blocks`)."""
    return LEGEND_ROW_IN * sum(-(-len(entries) // n) for entries, n in groups) + 0.05


def legend_blocks(ax: Axes, groups: list[tuple[tuple[LegendEntry, ...], int]]) -> None:
    """Legend blocks (entries, columns) in an Axes of their own, :func:`legend_height_in`
    high, one under the other, each with its own columns (a phone's short shape names three
    to a line, the long words of the symbols one to a line)."""
    ax.axis("off")
    height = legend_height_in(groups)
    top = 1.0
    # from the figure's left edge, as the notes line under it: a key showing each look of a
    # meaning is wider than one mark, and the columns need the room
    left = mtransforms.blended_transform_factory(ax.figure.transFigure, ax.transAxes)
    for entries, columns in groups:
        handles = [legend_handle(e) for e in entries]
        # A Legend of its own per block (ax.legend would also keep the last one as the Axes'
        # legend, and draw it twice).
        block = Legend(
            ax, handles, [legend_label(h) for h in handles], loc="upper left",
            handler_map=LEGEND_HANDLERS,
            bbox_to_anchor=(LEGEND_LEFT, top), bbox_transform=left, ncol=columns,
            fontsize=LABEL_PT, borderaxespad=0, handlelength=handle_length(handles),
            columnspacing=1.0,
        )  # fmt: skip
        block.set_in_layout(False)  # its columns never squeeze the chart beside it
        ax.add_artist(block)
        top -= -(-len(entries) // columns) * LEGEND_ROW_IN / height


# --- the locator map -----------------------------------------------------------------------------

#: Leader lines from a label to its mark.
LEADER = {"arrowstyle": "-", "color": "#555555", "linewidth": 0.6, "shrinkA": 0}


def _area_faces(sym: Symbol) -> dict[str, object]:
    """A map circle: solid (white edge, a little see-through where circles touch), hollow, or
    a ring around a mark (no face)."""
    if sym.geometry == "ring":
        return {
            "facecolors": "none",
            "edgecolors": sym.colour,
            "linewidths": 0.9,
            "linestyles": LINESTYLES_RING[sym.line],
        }
    if sym.fill == "hollow":
        return {"facecolors": "white", "edgecolors": sym.colour, "linewidths": 1.2}
    return {"facecolors": sym.colour, "edgecolors": "white", "linewidths": 0.7, "alpha": 0.88}


def map_key_height_pt(spec: ChartSpec) -> float:
    """Points the size key takes under the map (its rows of circles)."""
    key = [e for e in spec.legend if e.size_pt is not None]
    if not key:
        return 0.0
    rows = -(-len(key) // spec.legend_columns[0])
    return rows * max(e.size_pt or 0.0 for e in key) + (rows - 1) * 0.5 * LABEL_PT + 6


def map_legend_height_in(spec: ChartSpec) -> float:
    """Inches the map's legend takes under it: the size key, then the symbols' rows."""
    symbols = [e for e in spec.legend if e.size_pt is None]
    rows = -(-len(symbols) // spec.legend_columns[1]) if symbols else 0
    return (map_key_height_pt(spec) + 4) / 72 + rows * LEGEND_ROW_IN


def draw_map_panel(ax: Axes, spec: ChartSpec, *, legend: bool = True) -> None:
    """Draw a map ``spec``: the basemap, one artist per layer (``gid``: its name; circles
    ``size_pt`` across), the labels at the offsets the specification decided on its canvas
    (with their leader lines), the scale bar and, under the map, the legend."""
    geo = spec.geo
    assert geo is not None
    west, east, south, north = geo.extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(geo.aspect)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_facecolor(WATER_COLOR)
    for in_scope, ring in geo.outlines:
        xs, ys = zip(*ring, strict=True)
        ax.fill(xs, ys, facecolor=LAND_COLOR if in_scope else NEIGHBOUR_COLOR, edgecolor="white",
                linewidth=0.8, zorder=0)  # fmt: skip
    for layer in spec.layers:
        rows = layer.rows
        art = ax.scatter(
            rows["x"], rows["y"], s=rows["size_pt"].to_numpy(float) ** 2, marker="o",
            zorder=2 if layer.symbol.geometry == "ring" else 3, **_area_faces(layer.symbol),
        )  # fmt: skip
        art.set_gid(layer.name)
    for label in spec.labels:
        dx, dy = label.dx / PX_PER_PT, label.dy / PX_PER_PT  # points
        ha, va = label.ha, label.va
        text = ax.annotate(
            mpl_text(label.text), xy=(label.x, label.y), xytext=(dx, dy),
            textcoords="offset points", ha=ha, va=va, fontsize=LABEL_PT, color="#222222",
            linespacing=1.15, zorder=5, annotation_clip=False,
        )  # fmt: skip
        text.set_in_layout(False)
        draw_halo(ax, text)
        if label.leader:
            # From the mark's edge to the label's anchor point, the line the specification
            # checked, drawn apart from the text: one joined to the text's measured box moved
            # by a fraction of a point with the font's state, so two builds' PDFs differed.
            leader = ax.annotate(
                "", xy=(label.x, label.y), xytext=(dx, dy), textcoords="offset points",
                zorder=5, annotation_clip=False, gid=f"leader:{label.key}",
                arrowprops=LEADER | {"shrinkB": label.clearance / PX_PER_PT},
            )  # fmt: skip
            leader.set_in_layout(False)
    _scale_bar(ax, spec)
    if legend and spec.legend:
        _map_legend(ax, spec)


def _scale_bar(ax: Axes, spec: ChartSpec) -> None:
    """A bar of a round number of kilometres in the lower left corner."""
    from analysis.spec.map import km_to_degrees_lon

    geo = spec.geo
    assert geo is not None
    west, east, south, north = geo.extent
    x0 = west + (east - west) * 0.04
    y0 = south + (north - south) * 0.05
    bar = km_to_degrees_lon(geo.scale_km, geo.extent)
    ax.plot([x0, x0 + bar], [y0, y0], color="#333333", lw=2)
    ax.text(x0, y0 + (north - south) * 0.015, f"{geo.scale_km:g} km", ha="left",
            va="bottom", fontsize=LABEL_PT, color="#333333")  # fmt: skip


def _map_legend(ax: Axes, spec: ChartSpec) -> None:
    """The size key under the map (each reference circle at its true size, its figure beside
    it, in rows of ``legend_columns[0]``), then the symbols' entries under it. Neither takes
    room from the map in the layout: the figure gives them their own (see
    :func:`map_legend_height_in`)."""
    from analysis.spec.map import text_size_pt

    key = [e for e in spec.legend if e.size_pt is not None]
    symbols = [e for e in spec.legend if e.size_pt is None]
    below = 4.0
    if key:
        largest = max(e.size_pt or 0.0 for e in key)
        row_pt = largest + 0.5 * LABEL_PT
        x = 0.0
        for i, entry in enumerate(key):
            if i and i % spec.legend_columns[0] == 0:
                x = 0.0
            row = i // spec.legend_columns[0]
            centre = -(below + largest / 2 + row * row_pt)
            d = entry.size_pt or 0.0
            at = mtransforms.offset_copy(
                ax.transAxes, fig=ax.figure, x=x + d / 2, y=centre, units="points"
            )
            dot = ax.scatter([0], [0], s=d**2, marker="o", transform=at, clip_on=False,
                             **_area_faces(entry.symbol))  # fmt: skip
            dot.set_gid(f"legend:{entry.text}")
            dot.set_in_layout(False)
            words = ax.text(
                0, 0, mpl_text(entry.text), fontsize=LABEL_PT, ha="left", va="center",
                transform=mtransforms.offset_copy(
                    ax.transAxes, fig=ax.figure, x=x + d + 4, y=centre, units="points"),
            )  # fmt: skip
            words.set_gid(f"legend:{entry.text}")
            words.set_in_layout(False)
            x += d + 4 + text_size_pt(entry.text, LABEL_PT)[0] + 14
        below += map_key_height_pt(spec)
    if symbols:
        handles = [_map_legend_handle(ax, e) for e in symbols]
        legend = Legend(
            ax, handles, [mpl_text(e.text) for e in symbols], loc="upper left",
            bbox_to_anchor=(0, 0), ncol=spec.legend_columns[1], fontsize=LABEL_PT,
            borderaxespad=0, borderpad=0, frameon=False, handlelength=1.4, columnspacing=1.2,
            bbox_transform=mtransforms.offset_copy(
                ax.transAxes, fig=ax.figure, y=-below, units="points"),
        )  # fmt: skip
        legend.set_in_layout(False)
        ax.add_artist(legend)


def _map_legend_handle(
    ax: Axes, entry: LegendEntry
) -> Line2D | tuple[PathCollection, PathCollection]:
    """A symbol's key under the map; a ring's is drawn around a small mark, as on the map,
    so it never reads as a hollow mark of its own (two empty scatters: the legend copies
    their look, dashes included, which a line's marker cannot have)."""
    sym = entry.symbol
    faces = _area_faces(sym)
    if sym.geometry == "ring":
        ring = ax.scatter([], [], s=12.5**2, marker="o", **faces)
        dot = ax.scatter([], [], s=5.0**2, marker="o", facecolors=sym.colour,
                         edgecolors="white", linewidths=0.5)  # fmt: skip
        return ring, dot
    return Line2D(
        [], [], linestyle="none", marker="o", markersize=6,
        markerfacecolor=faces["facecolors"], markeredgecolor=faces["edgecolors"],
        markeredgewidth=faces["linewidths"], label=mpl_text(entry.text),
    )  # fmt: skip
