"""Symbols a reader can tell apart, measured on what the engines write.

- A band whose period runs on beyond the days a cut axis shows ends in an arrowhead, in the
  exported SVG and in the plotly figure, exactly where the specification flags it.
- "Announced only" (a pale hexagon) and "low-reliability sources only" (a hollow one) differ in
  their fill and edge at every size, and each is in the legend of every variant that draws it.
- The map's "only the town is known" ring is dashed and clear of its mark, unlike a hollow mark.
- A week's count dated to a month is worded as one week's, never compared with a day's.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from chart_fixtures import curated

from analysis.charts.interactive import figure_of_spec
from analysis.prep.facts import Facts, build_facts
from analysis.prep.marks import says_week
from analysis.prep.timeaxis import TimeAxis
from analysis.publish.articles import article_figure
from analysis.spec import alt, vocabulary, words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.map import map_spec
from analysis.spec.model import cut_spans
from analysis.spec.responses import responses_spec

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

_DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def timeline() -> Facts:
    return build_facts(curated())


def _svg(facts: Facts, chart: str, *, phone: bool = False) -> str:
    fig = article_figure(facts, chart, phone=phone)
    try:
        out = io.StringIO()
        fig.savefig(out, format="svg")
        return out.getvalue()
    finally:
        plt.close(fig)


def _group(svg: str, gid: str) -> str:
    """The text of the SVG group ``gid`` (matplotlib writes an artist's gid as its id)."""
    start = svg.find(f'<g id="{gid}">')
    if start < 0:
        return ""
    depth, i = 0, start
    for match in re.finditer(r"<g\b|</g>", svg[start:]):
        depth += 1 if match.group() == "<g" else -1
        if depth == 0:
            i = start + match.end()
            break
    return svg[start:i]


def _drawn(group: str) -> int:
    """How many marks an SVG group draws (a marker per ``<use>``, or a ``<path>`` each)."""
    body = re.sub(r"<defs>.*?</defs>", "", group, flags=re.S)
    return body.count("<use ") + body.count("<path ")


def _styles(group: str) -> set[str]:
    return set(re.findall(r'<use [^>]*style="([^"]*)"', group))


# --- open ends -------------------------------------------------------------------------------


def test_a_span_is_cut_to_the_days_shown_and_flagged_where_its_period_runs_on():
    axis = TimeAxis(
        starts=(pd.Timestamp("2025-06-05 18:00"), pd.Timestamp("2026-01-29 18:00")),
        ends=(pd.Timestamp("2025-06-08 06:00"), pd.Timestamp("2026-02-01 06:00")),
        widths=(1.0, 1.0),
        gap=0.1,
    )
    rows = pd.DataFrame(
        {
            "x": pd.to_datetime(["2025-06-01", "2025-06-06", "2025-06-06", "2026-02-01"]),
            "x_end": pd.to_datetime(["2025-07-01", "2025-06-08", "2026-01-31", "2026-03-01"]),
            "y": 1.0,
        },
        index=["june", "two-days", "across-a-cut", "next-month"],
    )
    out = cut_spans(rows, axis)
    # June 2025 on a 6-7 Jun segment: drawn over the segment, open at both ends
    assert out.loc["june", "x"] == axis.starts[0] and out.loc["june", "x_end"] == axis.ends[0]
    assert out.loc["june", ["open_start", "open_end"]].tolist() == [True, True]
    # dated within the days shown: drawn as it is, closed
    assert out.loc["two-days", ["open_start", "open_end"]].tolist() == [False, False]
    assert out.loc["two-days", "x"] == rows.loc["two-days", "x"]
    # across a cut between two segments it covers: drawn through the cut, closed
    assert out.loc["across-a-cut", ["open_start", "open_end"]].tolist() == [False, False]
    # a month that only touches a segment's margin is not drawn in it (nor flagged)
    assert out.loc["next-month", ["open_start", "open_end"]].tolist() == [False, False]


def test_the_svg_has_an_arrowhead_where_the_specification_flags_an_open_end(timeline):
    spec = responses_spec(timeline, "article")
    flagged = {
        lay.name: int(lay.rows["open_start"].sum() + lay.rows["open_end"].sum())
        for lay in spec.layers
        if lay.symbol.geometry == "span"
    }
    assert sum(flagged.values()) > 0, "the timeline's month-dated responses run on beyond a cut"
    svg = _svg(timeline, "responses")
    for name, n in flagged.items():
        assert _drawn(_group(svg, f"{name}:open")) == n, name
    assert vocabulary.OPEN in svg and words.OPEN_NOTE in spec.words.notes


def test_no_arrowhead_where_no_band_runs_on(timeline):
    """The crowd chart's bands (a week shown whole; February 2026 on its own segment) are
    closed: no arrowhead, no legend entry, no note."""
    spec = crowd_spec(timeline, "article")
    spans = [lay for lay in spec.layers if lay.symbol.geometry == "span"]
    assert spans and not any((lay.rows["open_start"] | lay.rows["open_end"]).any() for lay in spans)
    svg = _svg(timeline, "crowd")
    assert ":open" not in svg and vocabulary.OPEN not in svg
    assert words.OPEN_NOTE not in words.notes_line(timeline, "crowd")


@pytest.mark.parametrize("size", ["article", "phone", "interactive", "interactive-phone"])
def test_plotly_draws_the_same_arrowheads_pointing_away_from_the_days_shown(timeline, size):
    spec = responses_spec(timeline, size)
    fig = figure_of_spec(spec)
    for lay in spec.layers:
        if lay.symbol.geometry != "span":
            continue
        traces = [t for t in fig.data if t.meta == f"{lay.name}:open"]
        starts, ends = int(lay.rows["open_start"].sum()), int(lay.rows["open_end"].sum())
        if not starts + ends:
            assert not traces
            continue
        marker = traces[0].marker
        angles = list(marker.angle)
        # back in time at a band's start, forward at its end; the tip on the edge
        assert angles.count(-90) == starts and angles.count(90) == ends
        assert marker.standoff == marker.size / 2
        assert marker.symbol.endswith("-open") == (lay.symbol.fill == "hollow")
    assert vocabulary.OPEN in [e.text for e in spec.legend]


def test_a_month_on_a_few_days_reads_as_running_on_in_a_short_segment(timeline):
    """The whole timeline: February 2025's month-dated responses (and the arrest quota, drawn
    in its own band) are drawn over 3-17 Feb, the days its segment shows, and open at both
    ends, in the specification and the SVG."""
    spec = responses_spec(timeline, "article")
    svg = _svg(timeline, "responses")
    february = []
    for name in ("spans", "quota_spans"):
        spans = spec.layer(name)
        assert spans is not None
        february.append(spans.rows[spans.rows.index.str.startswith("2025-02-")])
        opened = int(spans.rows["open_start"].sum() + spans.rows["open_end"].sum())
        assert _drawn(_group(svg, f"{name}:open")) == opened
    february = pd.concat(february)
    assert len(february) == 3 and february["open_start"].all() and february["open_end"].all()


# --- announced and weak hexagons -------------------------------------------------------------


def test_announced_and_weak_hexagons_have_distinct_fill_and_edge():
    announced = vocabulary.symbol("response_announced")
    weak = vocabulary.symbol("response_weak")
    both = vocabulary.symbol("response_weak_announced")
    solid = vocabulary.symbol("response")
    looks = {(s.face, s.edge) for s in (announced, weak, both, solid)}
    assert len(looks) == 4, "each response look is its own"
    assert weak.face == "white" and weak.edge == weak.colour
    assert announced.face not in ("white", announced.colour) and announced.edge == "white"
    # a hollow announced mark keeps both cues: white inside (weak), a pale edge (announced)
    assert both.face == "white" and both.edge == announced.face


@pytest.mark.parametrize("phone", [False, True])
def test_the_svg_draws_announced_pale_and_weak_hollow_at_every_article_size(timeline, phone):
    spec = responses_spec(timeline, "phone" if phone else "article")
    names = {lay.name for lay in spec.layers}
    assert {"announced", "weak"} <= names, "the timeline has both kinds of hexagon"
    svg = _svg(timeline, "responses", phone=phone)
    pale = vocabulary.tint(vocabulary.COLOURS["response"])
    announced = _styles(_group(svg, "announced"))
    weak = _styles(_group(svg, "weak"))
    assert announced and all(f"fill: {pale}" in s for s in announced)
    assert weak and all("fill: #ffffff" in s and "stroke: #333333" in s for s in weak)
    assert not announced & weak
    legend = [e.text for e in spec.legend]
    assert vocabulary.WEAK in legend and "Announced only" in legend
    assert "A pale hexagon" in spec.words.notes


@pytest.mark.parametrize("size", ["interactive", "interactive-phone"])
def test_plotly_draws_announced_pale_and_weak_open(timeline, size):
    fig = figure_of_spec(responses_spec(timeline, size))
    by_meta = {t.meta: t for t in fig.data if isinstance(t.meta, str)}
    announced, weak = by_meta["announced"].marker, by_meta["weak"].marker
    assert set(announced.symbol) == {"hexagon"}
    assert announced.color == vocabulary.tint(vocabulary.COLOURS["response"])
    assert set(weak.symbol) == {"hexagon-open"}
    assert {"legend:Announced only", f"legend:{vocabulary.WEAK}"} <= set(by_meta)


# --- the map's ring ----------------------------------------------------------------------------


def test_the_town_ring_is_dashed_and_clear_of_its_mark_in_both_engines(timeline):
    spec = map_spec(timeline, "article")
    rings = spec.layer("rings_unknown") or spec.layer("rings")
    assert rings is not None
    svg = _svg(timeline, "map")
    for lay in (spec.layer("rings"), spec.layer("rings_unknown")):
        if lay is None:
            continue
        group = _group(svg, lay.name)
        assert "stroke-dasharray" in group and "fill: none" in group, lay.name
    # the hollow (weak) mark is not dashed: the two never look alike
    weak = spec.layer("weak")
    if weak is not None:
        assert "stroke-dasharray" not in _group(svg, "weak")
    fig = figure_of_spec(map_spec(timeline, "interactive"))
    shapes = [s for s in fig.layout.shapes if (s.name or "").startswith("ring:")]
    assert len(shapes) == sum(len(lay.rows) for lay in spec.layers if lay.symbol.geometry == "ring")
    assert {s.line.dash for s in shapes} == {"dot"}
    # each ring stands well clear of its mark: wider than the mark by the gap on each side
    from analysis.spec.map import RING_GAP_PT

    assert RING_GAP_PT >= 5.0
    assert vocabulary.TOWN in [e.text for e in spec.legend]


# --- a week's count is a week's count ------------------------------------------------------------


def test_a_week_count_dated_to_a_month_is_worded_as_one_week(timeline):
    assert says_week("around 25 people were still taken between Monday and Friday")
    assert not says_week("arrested at least 44 people on alleged immigration violations")
    series = timeline.arrests.series["immigration"]
    spans = series.marks[series.marks["span"].to_numpy(bool)]
    assert len(spans) == 1 and spans["over"].tolist() == ["week"]
    spec = arrests_spec(timeline, "article")
    label = next(lab for lab in spec.labels if lab.key in spans["keys"].iloc[0])
    assert label.text.replace("\n", " ") == "about 25 in one week"
    text = alt.alt_text(timeline, "arrests")
    assert "about 25 in one week of Feb 2026" in text
    # never a day's count compared with a week's
    assert "largest of 2" not in text and "largest" not in words.headline(timeline, "arrests")
    hover = spec.layer("immigration_spans").rows["hover"].iloc[0]
    assert any("does not say which week" in line.text for line in hover)
    # the chronology's episode summary and the chart's data file say it as the chart does
    from analysis.charts.chartdata import chart_data
    from analysis.spec.chronology import build_chronology

    chron = build_chronology(timeline)
    feb = next(ep for ep in chron.episodes if "about 25" in ep.summary)
    assert "detained by immigration agents: about 25 in one week of Feb 2026" in feb.summary
    data = chart_data(timeline, "arrests")
    assert "about 25 in one week" in data["figure"].tolist()
    assert "about 25" not in data["figure"].tolist()


# --- what the lanes draw but do not count ---------------------------------------------------------


def _marker_paths(group: str) -> set[str]:
    """The marker shapes an SVG group draws (the ``d`` of each path in its ``<defs>``)."""
    defs = "".join(re.findall(r"<defs>(.*?)</defs>", group, flags=re.S))
    return set(re.findall(r'\bd="([^"]*)"', defs))


def _layer_of(spec, key: str):
    return next(lay for lay in spec.layers if key in lay.keys)


@pytest.mark.parametrize("phone", [False, True])
def test_no_comment_and_a_quota_are_not_drawn_as_responses_in_the_svg(timeline, phone):
    """Issue 16: "No comment from ICE or DHS" (a reported silence) was a filled response
    hexagon, and the arrest quotas the same grey band as responses dated to a month."""
    marks = timeline.responses.marks
    silent = marks.index[marks["kind"] == "ignore"]
    quotas = marks.index[marks["kind"] == "quota"]
    assert list(silent) == ["2025-06-07-ice-dhs-no-immediate-comment"] and len(quotas) == 2
    assert not marks.loc[[*silent, *quotas], "counted"].any()
    spec = responses_spec(timeline, "phone" if phone else "article")
    mark = _layer_of(spec, silent[0])
    assert mark.name == "no_comment" and set(mark.rows["shape"]) == {"dash"}
    assert {_layer_of(spec, q).name for q in quotas} == {"quota_spans"}
    legend = [e.text for e in spec.legend]
    # the quotas dated to a month are keyed as a band, apart from a day's octagon
    assert vocabulary.SHAPE_WORDS["ignore"] in legend and vocabulary.QUOTA_SPAN in legend
    svg = _svg(timeline, "responses", phone=phone)
    no_comment, points = _group(svg, "no_comment"), _group(svg, "points")
    assert _drawn(no_comment) >= 1 and _drawn(points) >= 1
    # another shape (a dash, not a hexagon) and another look (a line, no white edge)
    assert _marker_paths(no_comment).isdisjoint(_marker_paths(points))
    assert _styles(no_comment).isdisjoint(_styles(points))
    # the quotas' band in its own colour, the responses' bands in theirs
    quota = re.findall(r"stroke: (#[0-9a-f]{6})", _group(svg, "quota_spans"))
    bands = re.findall(r"stroke: (#[0-9a-f]{6})", _group(svg, "spans"))
    assert set(quota) == {vocabulary.COLOURS["quota"]}
    assert set(bands) == {vocabulary.COLOURS["response"]}


@pytest.mark.parametrize("size", ["interactive", "interactive-phone"])
def test_plotly_draws_no_comment_as_a_dash_and_quotas_in_their_own_colour(timeline, size):
    fig = figure_of_spec(responses_spec(timeline, size))
    traces = {t.meta: t for t in fig.data}
    assert set(traces["no_comment"].marker.symbol) == {"line-ew"}
    assert set(traces["points"].marker.symbol) == {"hexagon"}
    assert traces["no_comment"].marker.line.color == vocabulary.COLOURS["response"]
    assert traces["quota_spans"].line.color == vocabulary.COLOURS["quota"]
    assert traces["spans"].line.color == vocabulary.COLOURS["response"]
    keys = {str(t.meta): t for t in fig.data if str(t.meta).startswith("legend:")}
    # the silence's key is its dash, the response's its hexagon: one look, one meaning
    assert set(keys["legend:" + vocabulary.SHAPE_WORDS["ignore"]].marker.symbol) == {"line-ew"}
    assert set(keys["legend:" + vocabulary.SHAPE_WORDS["response"]].marker.symbol) == {"hexagon"}


def test_a_response_only_low_reliability_sources_report_is_drawn_but_not_counted():
    """Issue 17: drawn (a hollow hexagon, its own key), in no count (the model's rule)."""
    facts = build_facts(curated(), start="2026-01-29", end="2026-02-01")
    marks = facts.responses.marks
    weak = marks.index[marks["weak"].to_numpy(bool)]
    assert len(weak) == 3 and not marks.loc[weak, "counted"].any()
    spec = responses_spec(facts, "article")
    assert {_layer_of(spec, k).name for k in weak} == {"weak"}
    assert vocabulary.WEAK in [e.text for e in spec.legend]
    svg = _svg(facts, "responses")
    assert _drawn(_group(svg, "weak")) == 3
    assert facts.counts.responses == len(marks) - 3 == sum(facts.responses.by_level.values())
    assert words.headline(facts, "responses") == (
        "Most official responses reported came from federal officials"
    )


# --- one look, one meaning in every legend ------------------------------------------------------

#: plotly symbols a reader takes for one another (an arrow-up is a filled triangle).
_PLOTLY_ALIKE = {"arrow-up": "triangle-up", "arrow-up-open": "triangle-up-open"}


def _mpl_looks(handle) -> list[tuple]:
    """What a reader sees of a matplotlib legend key: a marker's outline (its vertices in a
    unit box, so a caret's triangle and a walkout's are one), filled or not, and colour; a
    line's style, width, colour and opacity."""
    from matplotlib.markers import MarkerStyle

    out = []
    for h in handle if isinstance(handle, tuple) else (handle,):
        if h.get_marker() not in (None, "None", "none", ""):
            style = MarkerStyle(h.get_marker(), h.get_fillstyle())
            v = style.get_path().transformed(style.get_transform()).vertices
            span = (v.max(axis=0) - v.min(axis=0)).clip(1e-9)
            unit = sorted({tuple(p) for p in ((v - v.min(axis=0)) / span).round(1).tolist()})
            face = h.get_markerfacecolor()
            filled = not (isinstance(face, str) and face == "none") and _hex(face) != "#ffffff"
            colour = _hex(face) if filled else _hex(h.get_markeredgecolor())
            out.append(("marker", tuple(unit), filled, colour))
        else:
            alpha = h.get_alpha() if h.get_alpha() is not None else 1.0
            out.append(
                ("line", str(h.get_linestyle()), round(h.get_linewidth()), h.get_color(), alpha)
            )
    return out


def _hex(colour) -> str:
    import matplotlib.colors as mcolors

    return mcolors.to_hex(colour, keep_alpha=True)


def _plotly_look(trace) -> tuple:
    if trace.mode == "markers":
        symbol = trace.marker.symbol
        symbol = symbol[0] if isinstance(symbol, tuple | list) else symbol
        return ("marker", _PLOTLY_ALIKE.get(str(symbol), str(symbol)), trace.marker.color)
    return ("line", trace.line.color, trace.line.dash, trace.line.width, trace.opacity)


def _assert_one_look_one_meaning(looks: list[tuple[str, tuple]], where: str) -> None:
    meaning: dict[tuple, str] = {}
    for text, look in looks:
        assert meaning.setdefault(look, text) == text, (where, look, meaning[look], text)


def _legends_of(facts: Facts, size: str) -> dict[str, tuple]:
    from analysis.spec import showing
    from analysis.spec.model import merged_legend

    specs = {
        "crowd": crowd_spec(facts, size),
        "arrests": arrests_spec(facts, size),
        "responses": responses_spec(facts, size),
    }
    out = {chart: spec.legend for chart, spec in specs.items() if not spec.empty}
    panels = showing.combined_panels(facts)
    if panels:
        out["combined"] = merged_legend(*(specs[p] for p in panels))
    return out


def _check_legends(facts: Facts, where: str) -> None:
    from analysis.charts import spec_matplotlib, spec_plotly

    for chart, legend in _legends_of(facts, "article").items():
        mpl = [
            (e.text, look) for e in legend for look in _mpl_looks(spec_matplotlib.legend_handle(e))
        ]
        _assert_one_look_one_meaning(mpl, f"{where} {chart} matplotlib")
        ply = [(e.text, _plotly_look(t)) for e in legend for t in spec_plotly.legend_traces(e)]
        _assert_one_look_one_meaning(ply, f"{where} {chart} plotly")


@pytest.fixture(scope="module")
def generated_1k(tmp_path_factory) -> Facts:
    from chart_fixtures import generated_pair

    from analysis.data.load import Dataset

    events, sources = generated_pair(1000, tmp_path_factory.mktemp("gen1k"))
    return build_facts(Dataset(events, sources, pd.DataFrame()))


def test_no_two_legend_entries_share_a_look_in_the_catalogue():
    from chart_fixtures import catalogue_selections

    from analysis.report.params import check_parameters

    data = curated()
    for name, parameters in catalogue_selections():
        facts = build_facts(data, check_parameters(data.events, **parameters))
        _check_legends(facts, name)


def test_no_two_legend_entries_share_a_look_at_scale(generated_1k):
    """1,000 generated events draw carets beside walkouts: the caret is no filled triangle."""
    _check_legends(generated_1k, "gen-1k")
    facts = generated_1k
    caret = vocabulary.symbol("crowd_floor")
    legend = _legends_of(facts, "article")["combined"]
    texts = [e.text for e in legend]
    assert vocabulary.FLOOR in texts and "Walkout" in texts
    assert caret.geometry == "caret"


# --- the strip is not zero ---------------------------------------------------------------------


@pytest.mark.parametrize("size", ["article-wide", "interactive"])
def test_a_linear_scale_over_the_strip_writes_no_zero_on_it(size):
    """June 2025: the DHS claim's clash stands in the "size not reported" strip under a linear
    scale; a "0" on the strip's top edge would read as its size, in neither engine."""
    facts = build_facts(curated(), start="2025-06-01", end="2025-06-30")
    spec = crowd_spec(facts, size)
    assert spec.strip and not spec.scale.log
    assert 0 not in spec.scale.ticks and spec.scale.ticks
    if size == "interactive":
        fig = figure_of_spec(spec)
        assert 0 not in fig.layout.yaxis.tickvals
        return
    from analysis.charts.static import draw_crowd_spec

    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    try:
        draw_crowd_spec(ax, spec)
        fig.canvas.draw()
        shown = [t.get_text() for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
        assert "0" not in shown and shown
    finally:
        plt.close(fig)
