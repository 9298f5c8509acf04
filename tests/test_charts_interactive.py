"""Interactive charts: traces and their data, hover contents, and escaping of hostile text."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest
from chart_fixtures import HOSTILE, event_row, hostile, with_rows

from analysis.charts import interactive as ci
from analysis.prep.facts import build_facts
from analysis.publish.export import export_interactive


def trace(fig: go.Figure, name: str) -> go.Scatter:
    found = [t for t in fig.data if t.name == name]
    assert found, f"no trace {name!r}; have {[t.name for t in fig.data]}"
    return found[0]


def layer(fig, name):
    """The trace drawing the specification's layer ``name`` (its ``meta``)."""
    found = [t for t in fig.data if t.meta == name]
    assert found, f"no trace for layer {name!r}; have {[t.meta for t in fig.data]}"
    return found[0]


def point_of(trace, key: str) -> int:
    return list(trace.customdata).index(key)


def test_crowd_marks_are_the_models_and_unknowns_sit_in_their_own_strip(tiny_rows, write_dataset):
    rows = [event_row(f"2026-02-07-protest-{i}", "2026-02-07") for i in range(2)]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    model = build_facts(events, sources=sources)
    fig = ci.crowd_plotly(model)
    assert isinstance(fig, go.Figure)
    marks = model.crowd.marks
    points = layer(fig, "points")
    rally = marks.index[marks["event_type"] == "rally"][0]
    clash = marks.index[(marks["event_type"] == "clash") & marks["low"].notna()][0]
    # the figure the source gives (the crowd grew to 2,500); "hundreds": 200 to 999
    assert points.y[point_of(points, rally)] == 2500.0
    assert points.y[point_of(points, clash)] == 200.0
    ranges = layer(fig, "ranges")  # segments: low, high, gap per range
    i = point_of(ranges, clash)
    assert list(ranges.y[3 * i : 3 * i + 2]) == [200.0, 999.0]
    unknown = layer(fig, "unknown")
    assert unknown.yaxis == "y2"  # the strip, not the crowd scale
    assert {"2026-02-07-protest-0", "2026-02-07-protest-1"} <= set(unknown.customdata)
    assert points.yaxis == "y"
    # no totals unless asked for: adding up different places' crowds is a sum no source makes
    assert "totals" not in {t.meta for t in fig.data}
    legend = [t.name for t in fig.data if t.showlegend]
    assert "Size not reported" in legend and not any("total" in str(n) for n in legend)
    daily = build_facts(events, sources=sources, total="D")
    fig = ci.crowd_plotly(daily)
    totals = layer(fig, "totals")
    assert list(totals.y[::3]) == daily.crowd.totals["low_sum"].astype(float).tolist()
    legend = [t.name for t in fig.data if t.showlegend]
    assert "Daily total of counted crowds" in legend


def test_marks_sit_where_the_static_chart_puts_them(tiny):
    events, sources = tiny
    model = build_facts(events, sources=sources)
    fig = ci.crowd_plotly(model)
    points = layer(fig, "points")
    key = points.customdata[0]
    assert points.x[0] == pytest.approx(float(model.axis.position(model.crowd.marks.at[key, "x"])))
    ticks = model.axis.ticks(7.6)
    assert list(fig.layout.xaxis.ticktext) == ["<br>".join(t.lines) for t in ticks]


def test_crowd_hover_has_date_place_wording_and_publisher(tiny):
    events, sources = tiny
    model = build_facts(events, sources=sources)
    fig = ci.crowd_plotly(model)
    points = layer(fig, "points")
    marks = model.crowd.marks
    rally = marks.index[marks["event_type"] == "rally"][0]
    hover = points.hovertext[point_of(points, rally)]
    assert "31 Jan 2026" in hover
    assert "in front of City Hall, Los Angeles" in hover
    assert (
        "\u201cA crowd of several hundred protesters swelled to 2,500\u201d (Daily News)" in hover
    )
    assert "Source: Daily News" in hover


def test_arrests_two_labelled_series_with_disputed_range(tiny):
    events, sources = tiny
    fig = ci.arrests_plotly(events, sources=sources)
    protesters = layer(fig, "protesters_points")
    immigration = layer(fig, "immigration_points")
    assert list(protesters.y) == [5.0]  # the low end, a dashed line up to the other figure
    disputed = layer(fig, "protesters_disputed")
    assert list(disputed.y[:2]) == [5.0, 8.0] and disputed.line.dash == "dash"
    assert list(immigration.y) == [44.0]
    assert protesters.marker.symbol != immigration.marker.symbol
    labels = [
        note.text.replace("<br>", " ")
        for note in fig.layout.annotations
        if str(note.name).startswith("label:")
    ]
    assert "5\u20138 protesters arrested (sources differ)" in labels
    assert "at least 44 detained by immigration agents" in labels
    hover = protesters.hovertext[0]
    assert "(Unknown website)" in hover and "(Daily News)" in hover


def test_responses_swimlanes(tiny):
    events, sources = tiny
    fig = ci.responses_plotly(events, sources=sources)
    yaxis = fig.layout.yaxis
    assert [t.replace("<b>", "").replace("</b>", "") for t in yaxis.ticktext] == [
        "Federal",
        "State",
        "County",
        "City",
        "Police",
    ]
    labels = [
        str(a.text).replace("<br>", " ")
        for a in fig.layout.annotations
        if str(a.name).startswith("label:")
    ]
    assert "Kristi Noem: threatens charges" in labels
    assert "Karen Bass: statement" in labels


def test_combined_cuts_the_models_gaps(tiny):
    events, sources = tiny
    model = build_facts(events, sources=sources)
    fig = ci.combined_plotly(model)
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len({(b.x0, b.x1) for b in bands}) == len(model.axis.gaps())
    weekend = build_facts(events, sources=sources, start="2026-01-26")
    assert not [s for s in ci.combined_plotly(weekend).layout.shapes if s.type == "rect"]


def _all_text(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), default=str)


def test_hostile_text_is_escaped_everywhere(tiny):
    events, sources = hostile(*tiny)
    figures = [
        ci.crowd_plotly(events, sources=sources, title=HOSTILE),
        ci.arrests_plotly(events, sources=sources, title=HOSTILE),
        ci.responses_plotly(events, sources=sources, title=HOSTILE),
        ci.combined_plotly(events, sources=sources, title=HOSTILE),
    ]
    for fig in figures:
        text = _all_text(fig)
        assert "<img" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # Every kind of field carries it, escaped: hover, mark labels and the title.
    fig = figures[3]
    assert any("&lt;img" in h for t in fig.data for h in (t.hovertext or ()))
    assert any(
        "&lt;img" in str(a.text) for a in fig.layout.annotations if str(a.name).startswith("label:")
    )
    assert "&lt;img" in fig.layout.title.text


def test_export_interactive_is_offline_and_escaped(tiny, tmp_path):
    events, sources = hostile(*tiny)
    fig = ci.combined_plotly(events, sources=sources)
    path = export_interactive(fig, "combined", tmp_path, title=HOSTILE, alt_text=HOSTILE)
    page = path.read_text(encoding="utf-8")
    assert path.name == "combined.html"
    assert re.search(r"<script[^>]*\bsrc=", page) is None  # nothing loaded from a CDN
    assert "Plotly.newPlot" in page and len(page) > 3_000_000  # plotly.js is inlined
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    again = export_interactive(fig, "combined", tmp_path / "again", title=HOSTILE, alt_text=HOSTILE)
    assert again.read_bytes() == path.read_bytes()


# --- reader copy in the hover boxes of the catalogue's charts ---------------------------------


def _catalogue_hovers() -> list[tuple[str, str]]:
    """(report, hover text as a reader reads it) for every mark of every catalogue chart."""
    from chart_fixtures import catalogue_selections, curated

    from analysis.report.params import check_parameters

    data = curated()
    out = []
    for name, parameters in catalogue_selections():
        facts = build_facts(data, check_parameters(data.events, **parameters))
        for draw in (ci.combined_plotly, ci.crowd_plotly, ci.arrests_plotly, ci.responses_plotly):
            for t in draw(facts).data:
                texts = t.hovertext if isinstance(t.hovertext, (list, tuple)) else [t.hovertext]
                out += [(name, h) for h in texts if isinstance(h, str) and h]
    return out


def test_catalogue_hovers_are_reader_copy_without_curator_notes():
    """A hover gives title, date, place, figures and sources with their reliability; the
    curator's notes (column names, "our reading", "growth rule") stay in the data files."""
    from analysis.data import schema

    names = {
        c.name
        for columns in (schema.EVENT_COLUMNS, schema.SOURCE_COLUMNS, schema.PLACE_COLUMNS)
        for c in columns
        if "_" in c.name  # database words; "date" or "title" are also plain English
    } | {"sources.csv", "events.csv"}
    hovers = _catalogue_hovers()
    assert len(hovers) > 40
    for report, hover in hovers:
        lines = [re.sub(r"<[^>]*>", "", line) for line in hover.split("<br>")]
        text = " ".join(lines)
        found = [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
        assert not found, (report, found, text)
        assert "our reading" not in text and "growth rule" not in text, (report, text)
        assert "font-size:11px" not in hover, (report, hover)  # the notes' small line
        for line in lines:
            parts = [p.strip().lower() for p in line.split(",")]
            assert len(parts) == len(set(parts)), (report, line)
    sources = [h for _, h in hovers if "Source: " in h]
    assert sources and all("reliability" in h for h in sources)
    assert any("street outside the Home Depot, Paramount<br>" in h for _, h in hovers)
