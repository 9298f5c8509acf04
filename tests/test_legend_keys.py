"""A legend entry shows a symbol the chart draws, measured on what each engine draws.

For every catalogue selection and size, in the crowd, arrests and responses charts and in the
combined chart (its legend merged from the panels drawn), each key of a point meaning (its
shape, its fill and, where hollow, its edge) is the look of a mark the chart draws, and each
band's key is in the colour of a band drawn: no hollow circle keys hollow squares and hexagons,
no grey circle keys a grey ×, no grey swatch keys a blue and a pink band.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from chart_fixtures import catalogue_selections, curated, generated_pair
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle

from analysis.charts import spec_matplotlib, spec_plotly
from analysis.charts.interactive import combined_plotly, figure_of_spec
from analysis.charts.static import (
    draw_arrests_spec,
    draw_combined,
    draw_crowd_spec,
    draw_responses_spec,
)
from analysis.data.load import Dataset
from analysis.prep.facts import Facts, build_facts
from analysis.report.params import check_parameters
from analysis.spec import showing, vocabulary
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.model import ChartSpec, LegendEntry, merged_legend
from analysis.spec.responses import responses_spec

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

SPECS = {"crowd": crowd_spec, "arrests": arrests_spec, "responses": responses_spec}
DRAW = {"crowd": draw_crowd_spec, "arrests": draw_arrests_spec, "responses": draw_responses_spec}


def _hex(colour: object) -> str:
    return mcolors.to_hex(colour)


def _facts(parameters: dict) -> Facts:
    data = curated()
    return build_facts(data, check_parameters(data.events, **parameters))


def _keys(entries: tuple[LegendEntry, ...]) -> list[tuple[str, str, object]]:
    """(entry words, geometry, look) of every look each symbol entry keys."""
    return [(e.text, sym.geometry, (sym, shape)) for e in entries for sym, shape in e.looks()]


# --- matplotlib ------------------------------------------------------------------------------


def _mpl_path(marker: object, fillstyle: str = "full") -> tuple:
    style = MarkerStyle(marker, fillstyle)
    path = style.get_path().transformed(style.get_transform())
    return tuple(np.round(path.vertices, 3).ravel())


def _mpl_point_look(path: tuple, face: str, edge: str) -> tuple:
    """What a reader sees of a marker: its outline, its inside and, where white inside, its
    edge (a solid mark's thin white edge is not a cue)."""
    return (path, face, edge if face == "#ffffff" else "")


def _span_layers(*specs: ChartSpec) -> set[str]:
    return {lay.name for spec in specs for lay in spec.layers if lay.symbol.geometry == "span"}


def _mpl_drawn(axes: list, spans: set[str]) -> tuple[set[tuple], set[str]]:
    """The looks of the point marks and the colours of the bands (``spans``) the Axes draw."""
    points: set[tuple] = set()
    bands: set[str] = set()
    for ax in axes:
        for c in ax.collections:
            gid = str(c.get_gid() or "")
            if not gid or ":" in gid:
                continue
            if isinstance(c, PathCollection) and len(c.get_offsets()):
                path = tuple(np.round(c.get_paths()[0].vertices, 3).ravel())
                faces = [_hex(f) for f in c.get_facecolors()] or ["none"]
                edges = [_hex(e) for e in c.get_edgecolors()] or faces
                points |= {_mpl_point_look(path, f, e) for f in faces for e in edges}
            elif isinstance(c, LineCollection) and gid in spans:
                bands |= {_hex(col)[:7] for col in c.get_colors()}
    return points, bands


def _mpl_key(handle: Line2D) -> tuple:
    path = _mpl_path(handle.get_marker(), handle.get_fillstyle())
    face, edge = _hex(handle.get_markerfacecolor()), _hex(handle.get_markeredgecolor())
    return _mpl_point_look(path, face, edge)


def _check_mpl(entries: tuple[LegendEntry, ...], axes: list, where: str, spans: set[str]) -> None:
    points, bands = _mpl_drawn(axes, spans)
    keyed: set[str] = set()
    for entry in entries:
        handle = spec_matplotlib.legend_handle(entry)
        handles = handle if isinstance(handle, tuple) else (handle,)
        for (sym, shape), key in zip(entry.looks(), handles, strict=True):
            if sym.geometry == "point" and shape not in spec_matplotlib.LINE_SHAPES:
                look = _mpl_key(key)
                if entry.group == "shape":  # a kind: its shape, in its colour
                    assert any(p[0] == look[0] for p in points), (where, entry.text, shape)
                else:
                    assert look in points, (where, entry.text, shape, sym.fill, sorted(points))
            elif sym.geometry == "span":
                assert _hex(key.get_color()) in bands, (where, entry.text, sym.colour, bands)
                keyed.add(_hex(key.get_color()))
    # and each band drawn is keyed in its own colour (a grey band and a blue one: both)
    assert bands <= keyed, (where, bands, keyed)


@pytest.mark.parametrize("size", ["article", "phone"])
@pytest.mark.parametrize(("name", "parameters"), catalogue_selections())
def test_matplotlib_keys_each_meaning_by_a_mark_it_draws(name, parameters, size):
    facts = _facts(parameters)
    specs = {chart: make(facts, size) for chart, make in SPECS.items()}
    for chart, spec in specs.items():
        if spec.empty:
            continue
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        try:
            DRAW[chart](ax, spec)
            _check_mpl(spec.legend, [ax], f"{name} {size} {chart}", _span_layers(spec))
        finally:
            plt.close(fig)
    panels = showing.combined_panels(facts)
    if not panels:
        return
    fig = draw_combined(facts, phone=size == "phone", specs=tuple(specs.values()))
    try:
        drawn = [specs[p] for p in panels]
        _check_mpl(merged_legend(*drawn), fig.axes, f"{name} {size} combined", _span_layers(*drawn))
    finally:
        plt.close(fig)


# --- plotly ----------------------------------------------------------------------------------


def _ply_look(symbol: str, colour: object, edge: object) -> tuple:
    return (symbol, _hex(colour), _hex(edge) if symbol.endswith("-open") else "")


def _check_ply(fig, where: str, spans: set[str]) -> None:
    points: set[tuple] = set()
    bands: set[str] = set()
    keys: list = []
    for trace in fig.data:
        meta = str(trace.meta or "")
        if meta.startswith(("legend:", "legend-more:")):  # an entry's looks, each keyed
            keys.append((meta.removeprefix("legend-more:").removeprefix("legend:"), trace))
        elif meta and ":" not in meta and trace.mode == "markers":
            symbols = trace.marker.symbol
            symbols = [symbols] if isinstance(symbols, str) else list(symbols)
            points |= {_ply_look(s, trace.marker.color, trace.marker.line.color) for s in symbols}
        elif meta in spans and trace.mode == "lines":
            bands.add(_hex(trace.line.color))
    assert keys, where
    keyed: set[str] = set()
    for meta, key in keys:
        if key.mode == "markers" and isinstance(key.marker.symbol, tuple | list):
            (symbol,) = key.marker.symbol
            if symbol in ("dash", "line-ew", "line-ew-open"):
                continue
            look = _ply_look(symbol, key.marker.color, key.marker.line.color)
            # a kind is keyed by its shape (drawn solid or hollow)
            bases = {p[0].removesuffix("-open") for p in points}
            assert look[0].removesuffix("-open") in bases, (where, meta, look, points)
            if meta not in vocabulary.SHAPE_WORDS.values():
                assert look in points, (where, meta, look, sorted(points))
        elif key.mode == "lines" and key.opacity not in (None, 1.0):  # a band's swatch
            assert _hex(key.line.color) in bands, (where, meta, key.line.color, bands)
            keyed.add(_hex(key.line.color))
    assert bands <= keyed, (where, bands, keyed)


@pytest.mark.parametrize("size", ["interactive", "interactive-phone"])
@pytest.mark.parametrize(("name", "parameters"), catalogue_selections())
def test_plotly_keys_each_meaning_by_a_mark_it_draws(name, parameters, size):
    _check_plotly_charts(_facts(parameters), size, name)


def _check_plotly_charts(facts: Facts, size: str, name: str) -> None:
    specs = {chart: make(facts, size) for chart, make in SPECS.items()}
    for chart, spec in specs.items():
        if not spec.empty:
            _check_ply(figure_of_spec(spec), f"{name} {size} {chart}", _span_layers(spec))
    panels = showing.combined_panels(facts)
    if panels:
        spans = _span_layers(*(specs[p] for p in panels))
        _check_ply(combined_plotly(facts, size=size), f"{name} {size} combined", spans)


@pytest.fixture(scope="module")
def generated_1k(tmp_path_factory) -> Facts:
    events, sources = generated_pair(1000, tmp_path_factory.mktemp("gen1k"))
    return build_facts(Dataset(events, sources, pd.DataFrame()))


def test_each_band_drawn_is_keyed_in_its_colour_at_scale(generated_1k):
    """1,000 generated events: both arrest series' bands, and the crowd's blue and grey ones."""
    facts = generated_1k
    arrests = arrests_spec(facts, "article")
    (span,) = (e for e in arrests.legend if e.text == vocabulary.SPAN)
    drawn = {lay.symbol.colour for lay in arrests.layers if lay.symbol.geometry == "span"}
    assert {sym.colour for sym, _ in span.looks()} == drawn
    _check_plotly_charts(facts, "interactive", "gen-1k")
    for chart in ("crowd", "arrests"):
        spec = SPECS[chart](facts, "article")
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        try:
            DRAW[chart](ax, spec)
            _check_mpl(spec.legend, [ax], f"gen-1k {chart}", _span_layers(spec))
        finally:
            plt.close(fig)


def test_the_combined_legend_keys_hollow_by_the_hollow_shapes_drawn():
    """The timeline: hollow is drawn as a crowd's square and as a response's hexagon."""
    facts = build_facts(curated())
    specs = [make(facts, "article") for make in SPECS.values()]
    (weak,) = (e for e in merged_legend(*specs) if e.text == "Low-reliability sources only")
    looks = {(sym.colour, sym.fill, shape) for sym, shape in weak.looks()}
    assert ("#333333", "hollow", "hexagon") in looks
    assert all(fill == "hollow" for _, fill, _ in looks)
    # plotly sets its legend in a grid: each look is keyed with the words and its measure
    names = [t.name for t in spec_plotly.legend_traces(weak)]
    assert names == [f"{weak.text} (crowds)", f"{weak.text} (responses)"]
