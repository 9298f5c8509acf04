"""The same chart in every engine: matplotlib and plotly draw a specification's marks, symbols,
labels and legend, and nothing else.

For every catalogue selection and for generated selections (the same ones on every run), the
crowd, arrests, responses and map charts are specified at each size and drawn by both engines; each
layer's marks (their count and keys), how they look (shape, fill, line, colour), the labels
shown and the legend entries are compared with the specification and so with each other.
"""

from __future__ import annotations

from collections import Counter

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from chart_fixtures import catalogue_selections, curated, generated_pair, selections
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.collections import LineCollection, PathCollection

from analysis.charts import spec_matplotlib, spec_plotly
from analysis.charts.interactive import figure_of_spec
from analysis.charts.static import (
    draw_arrests_spec,
    draw_crowd_spec,
    draw_map_spec,
    draw_responses_spec,
)
from analysis.data.load import Dataset
from analysis.prep.facts import Facts, build_facts
from analysis.report.params import check_parameters
from analysis.spec import vocabulary
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.layout import PX_PER_PT
from analysis.spec.map import map_spec
from analysis.spec.model import SIZES, ChartSpec
from analysis.spec.responses import responses_spec

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _hex(colour: object) -> str:
    return mcolors.to_hex(colour)


def matplotlib_layers(spec: ChartSpec, facts: Facts) -> dict[str, dict]:
    """What matplotlib drew for each layer: its points (x, y as drawn), colours and lines."""
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    try:
        if spec.chart == "crowd":
            draw_crowd_spec(ax, spec)
        elif spec.chart == "map":
            draw_map_spec(ax, spec)
        elif spec.chart == "arrests":
            draw_arrests_spec(ax, spec)
        else:
            draw_responses_spec(ax, spec)
        out: dict[str, dict] = {}
        opens: dict[str, int] = {}
        for c in ax.collections:
            name = c.get_gid()
            if name and str(name).endswith(":open"):  # a band's open ends' arrowheads
                opens[str(name)] = opens.get(str(name), 0) + len(c.get_offsets())
                continue
            if not name or ":" in str(name):
                continue
            entry = out.setdefault(name, {"n": 0, "colours": set(), "dashed": set()})
            if isinstance(c, PathCollection):
                entry["n"] += len(c.get_offsets())
                # a ring has no face: it is hollow, in its edge's colour
                faces = {_hex(f) for f in c.get_facecolors()}
                hollow = faces in ({"#ffffff"}, set())
                entry["colours"] |= (
                    {_hex(e) for e in c.get_edgecolors()}
                    if hollow
                    else {_hex(f) for f in c.get_facecolors()}
                )
                entry.setdefault("hollow", set()).add(hollow)
            elif isinstance(c, LineCollection):
                entry["n"] += len(c.get_segments())
                entry["colours"] |= {_hex(col) for col in c.get_colors()}
                entry["dashed"] |= {style[1] is not None for style in c.get_linestyle()}
                entry.setdefault("hollow", set()).add(bool(c.get_path_effects()))
        legend = ax.get_legend()
        texts = [t.get_text() for t in legend.get_texts()] if legend else []
        if spec.chart == "map":  # the size key's words, then the symbols' legend
            texts = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("legend:")]
            texts += [t.get_text() for a in ax.artists for t in a.get_texts()]
        labels = sorted(t.get_text() for t in ax.texts if t.get_text() in spec_label_texts(spec))
        placed = {
            str(t.get_gid()).removeprefix("label:"): (
                tuple(round(v * PX_PER_PT, 6) for v in t.xyann),
                t.get_ha(),
                t.get_va(),
            )
            for t in ax.texts
            if str(t.get_gid()).startswith("label:")
        }
        ticks = tuple(float(t) for t in ax.yaxis.get_majorticklocs())
        return {
            "layers": out,
            "legend": texts,
            "labels": labels,
            "placed": placed,
            "yticks": ticks,
            "open": opens,
        }
    finally:
        plt.close(fig)


def spec_label_texts(spec: ChartSpec) -> set[str]:
    return {label.text for label in spec.labels}


def plotly_layers(spec: ChartSpec) -> dict[str, dict]:
    fig = figure_of_spec(spec)
    out: dict[str, dict] = {}
    labels: list[str] = [
        a.name.removeprefix("label:")
        for a in fig.layout.annotations
        if (a.name or "").startswith("label:")
    ]
    legend = [
        s.name.removeprefix("legend:")
        for s in fig.layout.shapes
        if (s.name or "").startswith("legend:")
    ]
    opens: dict[str, int] = {}
    for trace in fig.data:
        meta = trace.meta
        if isinstance(meta, str) and meta.startswith("legend:"):
            legend.append(meta.removeprefix("legend:"))
            continue
        if isinstance(meta, str) and meta.startswith("labels"):
            labels += [str(k) for k in trace.customdata]
            continue
        if isinstance(meta, str) and meta.endswith(":open"):  # a band's open ends
            opens[meta] = len(trace.x)
            continue
        if not meta or ":" in meta:  # the white inside of an outlined band: its band's look
            continue
        keys = list(trace.customdata)
        entry = {"keys": keys, "n": len(keys)}
        if trace.mode == "markers":
            entry["colours"] = {_hex(trace.marker.color)}
            symbols = trace.marker.symbol
            entry["hollow"] = {"-open" in s for s in symbols}
            entry["symbols"] = Counter(str(s).replace("-open", "") for s in symbols)
        elif trace.mode == "lines":
            entry["colours"] = {_hex(trace.line.color)}
            entry["dashed"] = {trace.line.dash not in (None, "solid")}
            entry["hollow"] = {any(t.meta == f"{meta}:inside" for t in fig.data)}
        else:  # carets as text
            entry["colours"] = {_hex(trace.textfont.color)}
        out[meta] = entry
    placed = {}
    for note in fig.layout.annotations:
        if str(note.name).startswith("label:"):
            key = str(note.name).removeprefix("label:")
            va = "center" if note.yanchor == "middle" else note.yanchor
            placed[key] = ((round(note.xshift, 6), round(note.yshift, 6)), note.xanchor, va)
    return {
        "layers": out,
        "legend": legend,
        "labels": sorted(labels),
        "placed": placed,
        "open": opens,
    }


def check_same_chart(spec: ChartSpec, facts: Facts) -> None:
    mpl = matplotlib_layers(spec, facts)
    ply = plotly_layers(spec)
    assert set(mpl["layers"]) == set(ply["layers"]) == {layer.name for layer in spec.layers}
    for layer in spec.layers:
        sym = layer.symbol
        a, b = mpl["layers"][layer.name], ply["layers"][layer.name]
        assert a["n"] == b["n"] == len(layer.rows), layer.name
        assert b["keys"] == layer.keys
        # the colour a mark is seen in: its face, or its edge where it is hollow (a pale
        # fill's tint, a hollow announced mark's pale edge)
        seen = (sym.edge if sym.hollow else sym.face) if sym.geometry == "point" else sym.colour
        assert a["colours"] == b["colours"] == {seen}, layer.name
        if sym.geometry in ("area", "ring"):
            hollow = sym.geometry == "ring" or sym.fill == "hollow"
            assert a["hollow"] == b["hollow"] == {hollow}, layer.name
        if sym.geometry == "point":
            assert a["hollow"] == b["hollow"] == {sym.hollow}, layer.name
            expected = Counter(
                spec_plotly.symbol_of(s, sym.fill).replace("-open", "") for s in layer.rows["shape"]
            )
            assert b["symbols"] == expected, layer.name
        if sym.geometry == "range":
            assert a["dashed"] == b["dashed"] == {sym.line == "dashed"}, layer.name
        if sym.geometry == "span":  # an outlined band rests on low-reliability sources only
            assert a["hollow"] == b["hollow"] == {sym.fill == "hollow"}, layer.name
            # an arrowhead at each end the specification flags open, in both engines
            flagged = int(layer.rows["open_start"].sum() + layer.rows["open_end"].sum())
            name = f"{layer.name}:open"
            assert mpl["open"].get(name, 0) == ply["open"].get(name, 0) == flagged, name
    legend = [entry.text for entry in spec.legend]
    assert mpl["legend"] == legend
    assert ply["legend"] == legend
    assert sorted(mpl["labels"]) == sorted(label.text.replace("$", r"\$") for label in spec.labels)
    assert ply["labels"] == sorted(label.key for label in spec.labels)
    # Time panels: the scale's ticks (whole people: no 2.5); time panels and swimlanes: each
    # label at the offset and alignment the layout decided, in both engines.
    if spec.chart in ("crowd", "arrests") and spec.scale is not None:
        assert mpl["yticks"] == tuple(float(t) for t in spec.scale.ticks)
    if spec.chart in ("crowd", "arrests", "responses"):
        assert mpl["placed"] == ply["placed"]
        assert set(ply["placed"]) == {label.key for label in spec.labels}
    drawn = {layer.symbol.legend for layer in spec.layers if layer.symbol.legend}
    assert {t.split(" total")[0] for t in drawn} <= {t.split(" total")[0] for t in legend} | {
        "{total}"
    }


# --- the vocabulary ----------------------------------------------------------------------------


def test_one_shape_one_kind_and_one_look_one_meaning():
    shapes = list(vocabulary.SHAPES.values())
    assert len(shapes) == len(set(shapes)), "a shape stands for two kinds"
    assert set(shapes) <= set(spec_matplotlib.MARKERS) and set(shapes) <= set(spec_plotly.SYMBOLS)
    looks = Counter(
        (s.geometry, s.colour, s.fill, s.line)
        for s in vocabulary.SYMBOLS.values()
        if s.legend is not None
    )
    # A binned day's range and its "size not reported" mark mean what an event's do, per day;
    # everything else looks different from everything else.
    shared = {look for look, n in looks.items() if n > 1}
    assert shared <= {
        ("range", vocabulary.COLOURS["crowd"], "solid", "solid"),
        ("point", vocabulary.COLOURS["unknown"], "solid", "none"),
    }
    hollow = [s for s in vocabulary.SYMBOLS.values() if s.hollow]
    assert {s.legend for s in hollow} - {None} == {vocabulary.WEAK}, (
        "hollow means only: low-reliability sources"
    )
    # a hollow look without legend words of its own is keyed by the weak entry beside another
    assert all("weak" in s.meaning for s in hollow)


def test_a_response_only_low_reliability_sources_report_is_drawn_hollow_in_both_engines():
    """Worked out from sources.csv, not from the model: the responses whose every source is
    low-reliability are exactly the hollow marks and outlined bands of both engines."""
    data = curated()
    low = set(data.sources.loc[data.sources["reliability"] == "low", "source_id"])
    facts = build_facts(data)
    weak_ids = {
        key
        for key, ids in facts.events.loc[facts.responses.marks.index, "source_ids"].items()
        if set(str(ids).split(";")) <= low
    }
    assert weak_ids, "the curated data hold responses only low-reliability sources report"
    spec = responses_spec(facts, "article")
    hollow_layers = {"weak", "weak_announced", "weak_spans"}
    drawn_weak = {key for lay in spec.layers if lay.name in hollow_layers for key in lay.keys}
    assert drawn_weak == weak_ids
    static = matplotlib_layers(spec, facts)["layers"]
    interactive = plotly_layers(spec)["layers"]
    for name in hollow_layers & set(static):
        assert static[name]["hollow"] == {True} and interactive[name]["hollow"] == {True}
    for name in set(static) - hollow_layers:
        assert True not in static[name].get("hollow", set()), name
    assert "low-reliability" in spec.words.notes


# --- both engines, every size, every catalogue selection and generated ones -------------------


SPECS = {
    "crowd": crowd_spec,
    "arrests": arrests_spec,
    "responses": responses_spec,
    "map": map_spec,
}


@pytest.mark.parametrize("chart", list(SPECS))
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "parameters"), catalogue_selections())
def test_both_engines_draw_the_catalogue_charts_alike(name, parameters, size, chart):
    data = curated()
    facts = build_facts(data, check_parameters(data.events, **parameters))
    check_same_chart(SPECS[chart](facts, size), facts)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "parameters"), catalogue_selections())
def test_the_alt_text_reads_out_only_the_claims_the_chart_at_its_size_shows(name, parameters, size):
    data = curated()
    facts = build_facts(data, check_parameters(data.events, **parameters))
    spec = crowd_spec(facts, size)
    shown = {label.key for label in spec.labels}
    for claim in (label for label in facts.crowd.labels if pd.isna(label.y)):
        assert (claim.text in spec.words.alt) == (claim.key in shown), (size, claim.text)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Dataset:
    events, sources = generated_pair(250, tmp_path_factory.mktemp("engines"), seed=5)
    return Dataset(events, sources, pd.DataFrame())


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_both_engines_draw_generated_crowd_charts_alike(generated, data):
    choice = data.draw(selections(generated.events))
    size = data.draw(st.sampled_from(SIZES))
    chart = data.draw(st.sampled_from(list(SPECS)))
    facts = build_facts(generated, **choice)
    check_same_chart(SPECS[chart](facts, size), facts)


def test_a_claim_is_a_label_in_the_strip_never_a_mark_on_the_scale():
    facts = build_facts(curated(), start="2025-06-06", end="2025-06-08")
    spec = crowd_spec(facts)
    claims = [label for label in spec.labels if label.claim]
    assert claims and all(np.isnan(label.y) for label in claims)
    on_scale = {k for layer in spec.layers if layer.panel == "main" for k in layer.keys}
    assert not {label.key for label in claims} & on_scale


def test_a_month_dated_item_is_a_span_with_no_point():
    facts = build_facts(curated(), start="2026-01-29", end="2026-02-28")
    spec = crowd_spec(facts)
    month_only = facts.crowd.marks.index[facts.crowd.marks["span"].to_numpy(bool)]
    assert len(month_only)
    points = {k for layer in spec.layers if layer.symbol.geometry == "point" for k in layer.keys}
    spans = {k for layer in spec.layers if layer.symbol.geometry == "span" for k in layer.keys}
    assert set(month_only) <= spans and not set(month_only) & points


@pytest.mark.parametrize("size", ("article", "article-wide", "phone"))
@pytest.mark.parametrize(("name", "parameters"), catalogue_selections())
def test_every_placed_label_stays_within_its_own_period(name, parameters, size):
    """A label that ran into the period before or after its own on a cut axis would read as
    that period's: measured on the size's canvas, each placed label's box keeps to its bounds."""
    from analysis.spec.layout import CANVASES, text_size

    data = curated()
    facts = build_facts(data, check_parameters(data.events, **parameters))
    checked = 0
    for chart, build in (("crowd", crowd_spec), ("arrests", arrests_spec)):
        spec = build(facts, size)
        canvas = CANVASES[chart][size]
        for label in spec.labels:
            if label.bounds is None or spec.axis is None:
                continue
            x = float(np.atleast_1d(spec.axis.position(pd.Timestamp(label.x)))[0]) * canvas.width
            width, _ = text_size(label.text, canvas.font_px, italic=label.claim)
            anchor = x + label.dx
            left = {"left": anchor, "right": anchor - width}.get(label.ha, anchor - width / 2)
            ends = spec.axis.position(pd.DatetimeIndex(list(label.bounds))) * canvas.width
            assert left >= float(ends.min()) - 1, (name, size, label.text)
            assert left + width <= float(ends.max()) + 1, (name, size, label.text)
            checked += 1
    if name == "timeline" and size != "phone":
        # The whole timeline has labels on a cut axis to check. (At 390 px its four periods
        # are too narrow for any: every label is left out and said in the notes.)
        assert checked


def test_one_fact_stands_at_one_time_across_panels():
    """LAPD's eight arrests are one fact in the arrests panel and the responses panel: a lone
    arrests mark stands on its day, as the response and the crowd marks do; the protester and
    detention series step aside only on a day both have a mark."""
    facts = build_facts(curated(), start="2026-01-29", end="2026-02-01")
    arrests = {lay.name: lay for lay in arrests_spec(facts).layers}
    responses = {lay.name: lay for lay in responses_spec(facts).layers}
    arrest_x = arrests["protesters_points"].rows["x"].iloc[0]
    lapd = responses["points"].rows.loc["2026-01-30-dtla-arrests-eight-per-lapd", "x"]
    assert arrest_x == lapd == pd.Timestamp("2026-01-30 12:00")
    whole = build_facts(curated())
    series = {
        kind: set(pd.to_datetime(s.marks["x"][~s.marks["span"].to_numpy(bool)]))
        for kind, s in whole.arrests.series.items()
    }
    drawn = {lay.name: lay for lay in arrests_spec(whole).layers}
    for kind in series:
        other = set().union(*(v for k, v in series.items() if k != kind))
        rows = drawn[f"{kind}_points"].rows
        for x in rows["x"]:
            noon = pd.Timestamp(x).normalize() + pd.Timedelta(hours=12)
            assert (x == noon) == (noon not in other), (kind, x)
