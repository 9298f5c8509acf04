"""The chart specification: what a chart draws, decided once, as plain data with no engine objects.

A :class:`ChartSpec` holds the layers of marks (each with its rows and its symbol from
:mod:`analysis.spec.vocabulary`), the scales, the legend, the labels shown at its size and the
chart's words. Engines (matplotlib, plotly, the data CSV) translate it and decide nothing: a
mark's look, which labels show and every sentence come from here, so every output of a chart
says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.prep.timeaxis import PAD_DAYS, TimeAxis
from analysis.spec.vocabulary import Symbol, symbol

if TYPE_CHECKING:
    from analysis.prep.facts import Facts

#: Days of a band's period hidden by a cut (or an end of the axis) from which its end is drawn
#: open (:func:`cut_spans`).
OPEN_AFTER_DAYS = 1.5

#: The sizes a chart is specified for: the article exports at 640 and 1280 px, the 390-px
#: phone export, and the interactive chart on a desktop and on a phone.
SIZES = ("article", "article-wide", "phone", "interactive", "interactive-phone")
#: Sizes that fit a phone screen: fewer labels, a one-column legend where labels are long.
PHONE_SIZES = frozenset({"phone", "interactive-phone"})


@dataclass(frozen=True)
class Layer:
    """One layer of marks: a symbol and its rows.

    ``rows`` is indexed by mark key (an event key, or a day for marks that stand for a day)
    with the columns its geometry needs: ``x`` (a time), ``y`` (a value; NA in the strip),
    ``x_end`` (spans and totals: the end of the days covered), ``y_end`` (ranges: the high
    figure), ``shape`` (points: a vocabulary shape), ``hover`` (plain text; engines escape it).
    ``panel`` is "main" or "strip" (the "size not reported" strip under the scale).
    """

    name: str
    symbol: Symbol
    rows: pd.DataFrame
    panel: str = "main"

    @property
    def keys(self) -> list[str]:
        return [str(k) for k in self.rows.index]


@dataclass(frozen=True)
class LegendEntry:
    """A legend line: its words and how its key is drawn (a symbol, with a shape for points)."""

    text: str
    symbol: Symbol
    shape: str = "circle"
    #: "shape" (a kind of event, keyed by its shape) or "symbol" (a meaning of the vocabulary).
    group: str = "symbol"
    #: A size key's circle: its diameter in points (``AreaScale.diameter_pt`` of its figure).
    size_pt: float | None = None
    #: The other looks the same words key, (symbol, shape) each: a meaning that stacked
    #: panels draw each in its own colour or shape (a band blue and pink, hollow as a square
    #: and a hexagon) is keyed by every look drawn, never by a look no panel draws.
    more: tuple[tuple[Symbol, str], ...] = ()

    def looks(self) -> tuple[tuple[Symbol, str], ...]:
        """Every (symbol, shape) this entry keys, its own first."""
        return ((self.symbol, self.shape), *self.more)


@dataclass(frozen=True)
class LabelSpec:
    """A label shown at this size: its text at an anchor, what it may not leave, its rank.

    ``x``/``y`` anchor it at its mark (``y`` NA: in the strip; on a map, longitude and
    latitude); ``bounds`` are the first and last day of the time-axis period it must stay
    within; ``claim`` labels are an official's words, set in italic grey.
    """

    key: str
    x: pd.Timestamp | float
    y: float
    text: str
    priority: float
    bounds: tuple[float, float] | None = None
    claim: bool = False
    #: The label's colour where it names a series (an arrest figure in its series' colour).
    colour: str | None = None
    #: Where the layout of its chart put the label on its size's canvas, one set for every
    #: chart (:mod:`analysis.spec.layout` for the time panels, :mod:`analysis.spec.lanes` for
    #: the swimlanes, :mod:`analysis.spec.map` for the map): the offset (px at 100 px an inch,
    #: :data:`analysis.spec.layout.PX_PER_PT` to a point; y up) from its anchor (its mark, a
    #: band's end) to the label's anchor point, the label's alignment there
    #: ("left"/"center"/"right", "top"/"center"/"bottom"), and whether a thin leader line
    #: joins it to the mark, leaving ``clearance`` px around the mark's centre (its radius).
    dx: float = 0.0
    dy: float = 0.0
    ha: str = "left"
    va: str = "center"
    leader: bool = False
    clearance: float = 0.0
    #: A shorter text the layout falls back to where ``text`` fits nowhere (a phone's crowd
    #: label: the figure alone, "about 2,500"); None: no fallback.
    fallback: str | None = None
    #: The label of a mark the chart's headline names (a tied largest crowd): laid out before
    #: every other label, and said in the notes where it fits nowhere.
    headline: bool = False


@dataclass(frozen=True)
class Scale:
    """The value axis: linear or log, its domain and ticks, and its title."""

    log: bool
    low: float
    high: float
    ticks: tuple[float, ...]
    title: str
    #: Words at the ticks instead of numbers (the swimlanes' levels of government).
    tick_text: tuple[str, ...] = ()
    #: Values where a thin rule crosses the panel (the lines between swimlanes).
    rules: tuple[float, ...] = ()


@dataclass(frozen=True)
class AreaScale:
    """A figure drawn as a circle's area, by one rule that no selection changes.

    A circle ``reference_pt`` points across stands for ``reference`` people and areas are in
    proportion (the diameter grows with the square root); circles are never smaller than
    ``min_pt`` nor larger than ``max_pt`` across; ``key`` are the reference figures of the size
    key, the same in every report. Points, not pixels: text and marks keep their sizes to each
    other at every export width.
    """

    reference: float
    reference_pt: float
    min_pt: float
    max_pt: float
    key: tuple[float, ...]

    def diameter_pt(self, values: np.ndarray | float) -> np.ndarray:
        """The circle diameter (points) of each figure (NA stays NA)."""
        v = np.asarray(values, dtype=float)
        d = self.reference_pt * np.sqrt(np.clip(v, 0, None) / self.reference)
        return np.where(np.isnan(v), np.nan, np.clip(d, self.min_pt, self.max_pt))

    @property
    def largest(self) -> float:
        """The figure from which circles stop growing (drawn at ``max_pt``)."""
        return self.reference * (self.max_pt / self.reference_pt) ** 2


@dataclass(frozen=True)
class GeoFrame:
    """A map's frame: what it shows and on how big a canvas its layout was decided.

    ``extent`` is (west, east, south, north) in degrees; ``aspect`` the height of a degree of
    latitude per degree of longitude (an equirectangular projection); ``width_pt`` and
    ``height_pt`` the plot's size at this size; ``outlines`` the basemap's rings, each
    (in scope, ring of (lon, lat)); ``scale_km`` the scale bar's length.
    """

    extent: tuple[float, float, float, float]
    aspect: float
    width_pt: float
    height_pt: float
    outlines: tuple[tuple[bool, tuple[tuple[float, float], ...]], ...]
    scale_km: float
    #: Where the basemap comes from, written on the interactive map ("" when none).
    credit: str = ""

    def to_pt(self, lon: object, lat: object) -> tuple[np.ndarray, np.ndarray]:
        """Longitudes and latitudes as points on the canvas (origin: lower left)."""
        west, east, south, north = self.extent
        x = (np.asarray(lon, dtype=float) - west) / (east - west) * self.width_pt
        y = (np.asarray(lat, dtype=float) - south) / (north - south) * self.height_pt
        return x, y


@dataclass(frozen=True)
class Words:
    """A chart's words, every one from :mod:`analysis.spec.words`."""

    headline: str
    subtitle: str
    source: str
    notes: str
    alt: str
    empty: str | None = None
    binned_note: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """One chart at one size: layers, scales, legend, labels and words.

    ``empty`` charts have no layers and say why in ``words.empty``.
    """

    chart: str
    size: str
    axis: TimeAxis | None
    layers: tuple[Layer, ...]
    legend: tuple[LegendEntry, ...]
    labels: tuple[LabelSpec, ...]
    scale: Scale | None
    words: Words
    strip: bool = False
    #: Legend columns of the shapes' group and of the symbols' group.
    legend_columns: tuple[int, int] = (3, 3)
    hidden_labels: tuple[str, ...] = field(default=())
    #: Where the "size not reported" strip's name is written inside it: at its "left" or
    #: "right" end, where no mark of the strip is under it, or None (its legend entry names it).
    strip_name: str | None = None
    #: A map's frame and its circles' area rule (None for charts over time).
    geo: GeoFrame | None = None
    areas: AreaScale | None = None
    #: A map's marks left without a label at this size (a mark may stand for several places).
    unlabelled_marks: int = 0

    @property
    def labels_left_out(self) -> int:
        """How many labels this size leaves out: a map's unlabelled marks, else one per
        hidden label."""
        return self.unlabelled_marks if self.geo is not None else len(self.hidden_labels)

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise ValueError(f"unknown size {self.size!r}; one of {', '.join(SIZES)}")

    @property
    def empty(self) -> bool:
        return not self.layers

    @property
    def phone(self) -> bool:
        return self.size in PHONE_SIZES

    def legend_groups(self) -> list[tuple[tuple[LegendEntry, ...], int]]:
        """The legend as blocks of (entries, columns): the shapes, then the symbols (one block
        when both take the same columns)."""
        shapes = tuple(e for e in self.legend if e.group == "shape")
        symbols = tuple(e for e in self.legend if e.group != "shape")
        if self.legend_columns[0] == self.legend_columns[1]:
            return [(self.legend, self.legend_columns[0])] if self.legend else []
        return [(g, n) for g, n in zip((shapes, symbols), self.legend_columns, strict=True) if g]

    @property
    def legend_rows(self) -> int:
        """Lines the legend takes (to size a figure so the legend does not squeeze the chart)."""
        return sum(-(-len(entries) // n) for entries, n in self.legend_groups())

    def layer(self, name: str) -> Layer | None:
        """The layer called ``name``, or None when this chart does not draw it."""
        return next((layer for layer in self.layers if layer.name == name), None)

    def marks(self) -> pd.DataFrame:
        """Every mark of every layer, a row each: layer, meaning, key, x, y, shape (for tests
        and the data CSV: what is drawn, as it is drawn)."""
        frames = [
            pd.DataFrame(
                {
                    "layer": layer.name,
                    "meaning": layer.symbol.meaning,
                    "key": layer.keys,
                    "x": layer.rows["x"].to_numpy() if "x" in layer.rows else None,
                    "y": layer.rows["y"].to_numpy() if "y" in layer.rows else None,
                    "shape": layer.rows["shape"].to_numpy() if "shape" in layer.rows else None,
                }
            )
            for layer in self.layers
        ]
        if not frames:
            return pd.DataFrame(columns=["layer", "meaning", "key", "x", "y", "shape"])
        return pd.concat(frames, ignore_index=True)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        """In Jupyter a specification shows itself as its interactive chart (as Altair's do),
        through plotly's configured renderer (the reports' embeds plotly.js: no CDN)."""
        from analysis.charts.interactive import figure_of_spec

        return figure_of_spec(self)._repr_mimebundle_(include, exclude)


def add_entry(entries: list[LegendEntry], entry: LegendEntry) -> None:
    """Add ``entry`` to a legend being built; where its words are there already, add the looks
    of it that entry lacks (a band drawn blue and grey is keyed by both swatches)."""
    i = next((i for i, f in enumerate(entries) if f.text == entry.text), None)
    if i is None:
        entries.append(entry)
        return
    seen = {_look(s, shape) for s, shape in entries[i].looks()}
    extra = tuple((s, shape) for s, shape in entry.looks() if _look(s, shape) not in seen)
    if extra:
        entries[i] = replace(entries[i], more=entries[i].more + extra)


def merged_legend(*specs: ChartSpec) -> tuple[LegendEntry, ...]:
    """The legend of charts stacked on one axis: every meaning once, keyed by each look the
    panels draw it in (a band in the crowd blue and the arrests pink: both swatches; hollow as a
    crowd's square and a response's hexagon: both marks), the shapes of kinds first, then the
    symbols."""
    entries: list[LegendEntry] = []
    for spec in specs:
        for e in spec.legend:
            add_entry(entries, e)
    shapes = [e for e in entries if e.group == "shape"]
    return tuple(shapes + [e for e in entries if e.group != "shape"])


def _look(sym: Symbol, shape: str) -> tuple[str, ...]:
    """What a reader sees of a key: geometry, colour, fill, line and (points) shape."""
    return (sym.geometry, sym.colour, sym.fill, sym.line, shape if sym.geometry == "point" else "")


def nice_ticks(low: float, high: float, n: int = 4) -> tuple[float, ...]:
    """About ``n`` round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) within the domain."""
    raw = (high - low) / n
    power = 10 ** np.floor(np.log10(raw)) if raw > 0 else 1.0
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = np.ceil(low / step) * step
    return tuple(float(t) for t in np.arange(first, high + step * 1e-9, step) if low <= t <= high)


def cut_spans(rows: pd.DataFrame, axis: TimeAxis | None) -> pd.DataFrame:
    """Span rows (``x`` to ``x_end``) cut to the days the axis shows, and flagged where cut.

    A band is drawn from the first to the last instant of the segments it overlaps (through
    any cut between them): a month-dated item on a weekend's segment covers that segment only.
    ``open_start``/``open_end`` say that its period runs on before or after what is drawn (into
    a cut or off an end of the axis), so the engines draw that end open (an arrowhead) and the
    reader does not take February for the two days shown. A span no segment shows is kept as
    it is, with neither flag.
    """
    out = rows.copy()
    out["open_start"] = False
    out["open_end"] = False
    if axis is None or not len(rows):
        return out
    start = rows["x"].to_numpy("datetime64[ns]")
    end = rows["x_end"].to_numpy("datetime64[ns]")
    seg_a = np.array([a.to_datetime64() for a in axis.starts], dtype="datetime64[ns]")
    seg_b = np.array([b.to_datetime64() for b in axis.ends], dtype="datetime64[ns]")
    # A segment's days, without the margin drawn around them: a band that only touches a
    # neighbour's margin (a month starting the night after a weekend) is not drawn in it.
    pad = np.timedelta64(int(PAD_DAYS * 86_400), "s")
    overlap = (start[:, None] < seg_b[None, :] - pad) & (end[:, None] > seg_a[None, :] + pad)
    seen = overlap.any(axis=1)
    first = np.where(seen, overlap.argmax(axis=1), 0)
    last = np.where(seen, overlap.shape[1] - 1 - overlap[:, ::-1].argmax(axis=1), 0)
    shown_a = np.where(seen, np.maximum(start, seg_a[first]), start)
    shown_b = np.where(seen, np.minimum(end, seg_b[last]), end)
    out["x"] = pd.DatetimeIndex(shown_a).as_unit("ns")
    out["x_end"] = pd.DatetimeIndex(shown_b).as_unit("ns")
    # Open where more of its period is hidden than a reader could see at any size (a day and
    # a half: the day a month starts on may fall in the cut before its own segment).
    hidden = np.timedelta64(int(OPEN_AFTER_DAYS * 86_400), "s")
    out["open_start"] = seen & (shown_a - start > hidden)
    out["open_end"] = seen & (end - shown_b > hidden)
    return out


def spans_cut(facts: Facts, panels: tuple[str, ...] | list[str]) -> bool:
    """Whether a band of ``panels`` runs on beyond the days the axis shows (so its end is
    drawn open), by the rule the specifications draw with."""
    frames = []
    if "crowd" in panels and not facts.crowd.binning.binned:
        frames.append(facts.crowd.marks[["start", "end", "span"]])
    if "arrests" in panels:
        frames += [s.marks[["start", "end", "span"]] for s in facts.arrests.series.values()]
    if "responses" in panels and not facts.responses.binning.binned:
        frames.append(facts.responses.marks[["start", "end", "span"]])
    frames = [f[f["span"].to_numpy(bool)] for f in frames if len(f)]
    if facts.axis is None or not frames:
        return False
    spans = pd.concat(frames, ignore_index=True)
    rows = pd.DataFrame({"x": spans["start"], "x_end": spans["end"] + pd.Timedelta(days=1)})
    cut = cut_spans(rows, facts.axis)
    return bool((cut["open_start"] | cut["open_end"]).any())


#: Geometries drawn across the days of an item's week or month: a band, and a reported
#: silence's thin rule. Both are cut to the days shown, with arrowheads where they run on.
BANDS = ("span", "rule")


def open_spans(spec: ChartSpec) -> ChartSpec:
    """``spec`` with its bands cut to the days shown (:func:`cut_spans`) and, where one runs
    on beyond them, the open end's entry in the legend (after the band's own)."""
    if spec.axis is None:
        return spec
    layers = tuple(
        replace(lay, rows=cut_spans(lay.rows, spec.axis))
        if lay.symbol.geometry in BANDS and "x_end" in lay.rows
        else lay
        for lay in spec.layers
    )
    cut = [
        lay
        for lay in layers
        if lay.symbol.geometry in BANDS and (lay.rows["open_start"] | lay.rows["open_end"]).any()
    ]
    legend = spec.legend
    if cut:
        # keyed in the colour of each band drawn open, never a colour no band has
        open_ = symbol("span_open")
        looks = [replace(open_, colour=c) for c in dict.fromkeys(lay.symbol.colour for lay in cut)]
        more = tuple((look, "circle") for look in looks[1:])
        legend = (*legend, LegendEntry(str(open_.legend), looks[0], more=more))
    return replace(spec, layers=layers, legend=legend)


def open_ends(layer: Layer) -> pd.DataFrame:
    """Where a span layer's open ends are drawn: one row per arrowhead, ``x`` (the edge of
    the days shown), ``y`` and ``side`` ("start" points back in time, "end" forward)."""
    rows = layer.rows
    if "open_start" not in rows:
        return pd.DataFrame(columns=["x", "y", "side"])
    starts = rows.loc[rows["open_start"].to_numpy(bool), ["x", "y"]].assign(side="start")
    ends = rows.loc[rows["open_end"].to_numpy(bool), ["x_end", "y"]]
    ends = ends.rename(columns={"x_end": "x"}).assign(side="end")
    return pd.concat([starts, ends])


def layer(name: str, meaning: str, rows: pd.DataFrame, *, panel: str = "main") -> Layer:
    """A layer of ``rows`` drawn with the vocabulary's symbol for ``meaning``."""
    return Layer(name, symbol(meaning), rows, panel)
