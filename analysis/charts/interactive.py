"""Interactive charts for reports (plotly), drawn from the chart specifications of a selection.

The crowd, arrests and responses charts (and the combined one, their stack) translate their
specifications (:mod:`analysis.spec`) through :mod:`analysis.charts.spec_plotly`, exactly as
:mod:`analysis.charts.static` does through matplotlib: the same marks, symbols, legend entries,
labels and time axis, with hover boxes giving the date, the place, each figure in its sources'
own words and the publishers. Every piece of text that comes from the CSVs passes through
:func:`analysis.charts.spec_plotly.esc` (``html.escape``) before it reaches a hover box, a
label or a title, so markup in a note can never run in a report. The map is drawn here from
the model until it has a specification of its own. Each function takes ``data=`` as the
static ones do (dataset, events frame with ``sources=``, or a built model) and returns a
``plotly.graph_objects.Figure``; export it with
:func:`analysis.publish.export.export_interactive`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts import geo
from analysis.charts.axis_plotly import apply_time_axis
from analysis.charts.spec_plotly import (
    add_lanes_panel,
    add_time_panel,
    esc,
    hover_html,
    legend_trace,
)
from analysis.charts.style import (
    CROWD_COLOR,
    LAND_COLOR,
    NEIGHBOUR_COLOR,
    TEXT_GREY,
    WATER_COLOR,
    event_type_style,
)
from analysis.data.load import Dataset
from analysis.fmt import format_count, shorten
from analysis.prep.facts import Facts, as_facts
from analysis.prep.marks import figure_words
from analysis.spec import words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.model import ChartSpec, merged_legend
from analysis.spec.phrases import event_hover
from analysis.spec.responses import responses_spec

#: Font for every interactive chart (12 px reads like the 9 pt of the static charts).
FONT = {"family": "DejaVu Sans, Verdana, Arial, sans-serif", "size": 12, "color": "#222222"}
#: Pixel heights of the panels.
CROWD_PX, STRIP_PX, ARRESTS_PX, LANE_ROW_PX, MAP_PX = 300, 46, 190, 24, 560
#: The width (px) a report usually gives a chart, for the map's height.
MAP_WIDTH_PX = 860
#: Screen pixels per typographic point (96 / 72), to size map marks as the static map does.
PX_PER_PT = 96 / 72

Data = Dataset | pd.DataFrame | Facts


# --- hover boxes ---------------------------------------------------------------------------


def _hover(row: pd.Series, figure_lines: list[str]) -> str:
    """A hover box: headline, when, where, the figures (``figure_lines``, already HTML),
    sources and notes of one event, in the phrases of :func:`analysis.spec.phrases.event_hover`."""
    lines = hover_html(event_hover(row, [])).split("<br>")
    return "<br>".join([*lines[:3], *figure_lines, *lines[3:]])


def _titles(titles: pd.Series, keys: tuple[str, ...], more: int) -> str:
    """The escaped titles of ``keys`` (looked up in ``titles``), and how many more there are."""
    lines = ["&nbsp;&nbsp;" + esc(shorten(titles[k], 70)) for k in keys]
    if more > 0:
        lines.append(f"&nbsp;&nbsp;… and {more:,} more")
    return "<br>".join(lines)


def _title_lookup(facts: Facts, key_lists: Iterable[tuple[str, ...]]) -> pd.Series:
    """The titles of every key in ``key_lists``, looked up at once (a bin names a few)."""
    keys = pd.Index([k for keys in key_lists for k in keys]).unique()
    return facts.events["title"].reindex(keys)


# --- figure set-up -------------------------------------------------------------------------


#: Room between the plot and the legend under it, for the x tick labels (px).
LEGEND_GAP_PX = 44


def _style(fig: go.Figure, *, height: int, title: str | None) -> go.Figure:
    plot_px = max(height - (70 if title else 40) - 50, 100)
    fig.update_layout(
        height=height,
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        hoverlabel={"bgcolor": "white", "font": {"size": 12}, "align": "left"},
        margin={"l": 70, "r": 20, "t": 70 if title else 40, "b": 50},
        # Under the tick labels (two lines, about 40 px) whatever the plot's height.
        legend={"orientation": "h", "yanchor": "top", "y": -LEGEND_GAP_PX / plot_px, "x": 0},
        title={"text": esc(title), "x": 0, "xanchor": "left"} if title else None,
    )
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False, linecolor="#555555")
    return fig


def _finish(fig: go.Figure, facts: Facts, *, height: int, title: str | None) -> go.Figure:
    """The model's time axis on every x axis, then the house style."""
    if facts.axis is not None:
        apply_time_axis(fig, facts.axis)
    return _style(fig, height=height, title=title)


def _note(fig: go.Figure, text: str, *, row: int, centre: bool) -> None:
    """Write ``text`` on a panel: in its middle (empty panel) or top right (binned)."""
    fig.add_annotation(
        text=f"<i>{esc(text)}</i>" if not centre else esc(text),
        xref="x domain",
        yref="y domain",
        x=0.5 if centre else 1,
        y=0.5 if centre else 1,
        xanchor="center" if centre else "right",
        yanchor="middle" if centre else "bottom",
        showarrow=False,
        font={"color": TEXT_GREY, "size": 12 if centre else 11},
        row=row,
        col=1,
    )


# --- crowd ---------------------------------------------------------------------------------


def crowd_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    log: bool | None = None,
    title: str | None = None,
    **choices: object,
) -> go.Figure:
    """Interactive crowd chart: a mark per demonstration at its low figure, with its range.

    Parameters are those of :func:`analysis.charts.static.crowd_plot`, plus ``title``
    (escaped).
    """
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(crowd_spec(facts, "interactive", log=log), title=title)


def add_spec(
    fig: go.Figure, spec: ChartSpec, *, row: int, strip_row: int | None = None, legend: bool = True
) -> ChartSpec:
    """Translate ``spec`` onto ``row`` of ``fig`` (a crowd chart's strip onto ``strip_row``):
    swimlanes or a time panel, its legend entries unless ``legend`` is False, and the sentence
    of an empty or binned panel. Returns ``spec``."""
    if spec.empty:
        _note(fig, spec.words.empty or "", row=row, centre=True)
        return spec
    if spec.chart == "responses":
        add_lanes_panel(fig, spec, row=row, legend=legend)
    else:
        add_time_panel(fig, spec, row=row, strip_row=strip_row, legend=legend)
    if spec.words.binned_note:
        _note(fig, spec.words.binned_note, row=row, centre=False)
    return spec


def figure_of_spec(spec: ChartSpec, *, title: str | None = None) -> go.Figure:
    """The plotly figure of a chart specification (a notebook shows a specification as this)."""
    if spec.chart == "responses":
        heights = [max(int(spec.scale.high), 5) * LANE_ROW_PX if spec.scale else 5 * LANE_ROW_PX]
    elif spec.chart == "arrests":
        heights = [ARRESTS_PX]
    elif spec.chart == "crowd":
        heights = [CROWD_PX, STRIP_PX] if spec.strip else [CROWD_PX]
    else:
        raise NotImplementedError(f"no interactive translation of a {spec.chart!r} specification")
    fig = make_subplots(
        rows=len(heights), cols=1, shared_xaxes=True, vertical_spacing=0.02, row_heights=heights
    )
    add_spec(fig, spec, row=1, strip_row=2 if len(heights) > 1 else None)
    if spec.axis is not None:
        apply_time_axis(fig, spec.axis)
    return _style(fig, height=sum(heights) + 140, title=title)


# --- arrests -------------------------------------------------------------------------------


def arrests_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    **choices: object,
) -> go.Figure:
    """Interactive arrests chart: protesters arrested and people detained, two series."""
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(arrests_spec(facts, "interactive"), title=title)


# --- responses -----------------------------------------------------------------------------


def responses_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    **choices: object,
) -> go.Figure:
    """Interactive swimlanes of official responses, one lane per level of government."""
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(responses_spec(facts, "interactive"), title=title)


# --- combined ------------------------------------------------------------------------------


def combined_plotly(
    data: Data,
    *,
    sources: pd.DataFrame | None = None,
    log: bool | None = None,
    title: str | None = None,
    **choices: object,
) -> go.Figure:
    """Crowd sizes, arrests and official responses stacked on one shared, zoomable time axis.

    The interactive counterpart of :func:`analysis.charts.static.combined_figure`.
    """
    facts = as_facts(data, sources=sources, **choices)
    heights = [CROWD_PX, STRIP_PX, ARRESTS_PX, max(facts.responses.lanes.rows, 5) * LANE_ROW_PX]
    fig = make_subplots(
        rows=4,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.035,
        row_heights=heights,
        subplot_titles=tuple(
            f"<b>{words.PANEL_TITLES[p]}</b>" if p else ""
            for p in ("crowd", "", "arrests", "responses")
        ),
    )
    for annotation in fig.layout.annotations:  # the panel titles
        annotation.update(x=0, xanchor="left", font={"size": 14})
    size = "interactive"
    specs = (
        add_spec(fig, crowd_spec(facts, size, log=log), row=1, strip_row=2, legend=False),
        add_spec(fig, arrests_spec(facts, size), row=3, legend=False),
        add_spec(fig, responses_spec(facts, size), row=4, legend=False),
    )
    # one legend for the three panels: every meaning once
    for entry in merged_legend(*specs):
        fig.add_trace(legend_trace(entry), row=1, col=1)
    return _finish(fig, facts, height=sum(heights) + 220, title=title)


# --- the locator map -------------------------------------------------------------------------


def map_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    **choices: object,
) -> go.Figure:
    """Interactive locator map: the static map's marks with hover boxes, offline.

    Plain x–y traces of longitude and latitude over the committed county outlines, not a
    plotly geo trace, which would fetch its topojson from a CDN.
    """
    facts = as_facts(data, sources=sources, **choices)
    fig = make_subplots(rows=1, cols=1)
    m = facts.map
    if m.places.empty or m.extent is None:
        _note(fig, words.empty_message(facts, "map"), row=1, centre=True)
        return _style(fig, height=MAP_PX, title=title)
    places = m.places
    if m.basemap is not None:
        for county in m.basemap.counties:
            xs: list[float | None] = []
            ys: list[float | None] = []
            for ring in county.rings:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    fillcolor=LAND_COLOR if county.in_scope else NEIGHBOUR_COLOR,
                    line={"color": "white", "width": 1},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    largest = float(places["value"].max()) if places["value"].notna().any() else 1.0
    sizes = geo.diameters_pt(places["value"].to_numpy(float), largest) * PX_PER_PT
    titles = _title_lookup(facts, places["keys"])
    hover = [
        f"<b>{esc(r.name)}</b><br>"
        + (
            "Only the town is known: the mark is at its centre<br>"
            if r.approximate
            else f"Place known to the {esc(r.precision)}<br>"
        )
        + f"{format_count(r.n)} demonstration{'s' if r.n != 1 else ''}; "
        + ("type" if r.n == 1 else "most frequent type")
        + f": {esc(event_type_style(str(r.event_type))[2].lower())}<br>"
        + "Largest counted crowd: "
        + (
            esc(figure_words(r.value, r.value, bool(r.floor), False))
            if r.kind == "count"
            else "only low-reliability sources give one"
            if r.kind == "weak"
            else "none reported"
        )
        + "<br>"
        + _titles(titles, r.keys, int(r.n) - len(r.keys))
        for r in places.itertuples()
    ]
    # Largest first, so a small crowd's mark sits on top of a big one nearby; labels only where
    # they do not run into a more important one (plotly cannot move a label off another).
    order = np.argsort(-sizes, kind="stable")
    by_rank = np.argsort(places["rank"].to_numpy(int), kind="stable")
    labelled = by_rank[places["label"].notna().to_numpy(bool)[by_rank]]
    side = np.full(len(places), "", dtype=object)
    # Marks in fractions of the map (a ring around a town-only place is part of its mark).
    outer = sizes + np.where(places["approximate"].to_numpy(bool), 9 * PX_PER_PT, 0.0)
    map_height = geo.height_for_width(m.extent, MAP_WIDTH_PX)
    shrink = min(1.0, MAP_PX / map_height)  # a tall map is drawn smaller, its marks are not
    half_w = outer / 2 / (MAP_WIDTH_PX * shrink)
    half_h = outer / 2 / (map_height * shrink)
    lon, lat = places["lon"].to_numpy(float), places["lat"].to_numpy(float)
    side[labelled] = geo.label_sides(
        lon[labelled],
        lat[labelled],
        m.extent,
        radius=half_w[labelled],
        marks=(lon, lat, half_w, half_h),
    )
    counted = (places["kind"] == "count").to_numpy(bool)
    approx = places["approximate"].to_numpy(bool)
    if approx.any():
        fig.add_trace(
            go.Scatter(
                x=places["lon"][approx],
                y=places["lat"][approx],
                mode="markers",
                marker={
                    "symbol": "circle-open",
                    "size": sizes[approx] + 9 * PX_PER_PT,
                    "color": TEXT_GREY,
                    "line": {"width": 1},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=places["lon"].to_numpy(float)[order],
            y=places["lat"].to_numpy(float)[order],
            mode="markers+text",
            text=[esc(str(places["label"].iloc[i])) if side[i] else "" for i in order],
            textposition=[f"middle {side[i] or 'right'}" for i in order],
            marker={
                "symbol": "circle",
                "size": sizes[order],
                "color": np.where(counted[order], CROWD_COLOR, "white").tolist(),
                "opacity": 0.85,
                "line": {
                    "color": np.where(counted[order], "white", CROWD_COLOR).tolist(),
                    "width": 1.5,
                },
            },
            hovertext=[hover[i] for i in order],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=[places.index[i] for i in order],
            cliponaxis=False,
            showlegend=False,
        )
    )
    # The legend: what filled, hollow and ringed mean (plotly draws legend marks one size).
    legend = [(words.LEGEND["map_counted"], "circle", CROWD_COLOR, "white")]
    if (~counted).any():
        legend.append((words.LEGEND["map_unknown"], "circle-open", CROWD_COLOR, CROWD_COLOR))
    if approx.any():
        legend.append((words.LEGEND["map_approximate"], "circle-open", TEXT_GREY, TEXT_GREY))
    for name, symbol, colour, edge in legend:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 12, "color": colour, "line": {"color": edge}},
                hoverinfo="skip",
            )
        )
    west, east, south, north = m.extent
    fig.update_xaxes(range=[west, east], visible=False)
    fig.update_yaxes(
        range=[south, north], visible=False, scaleanchor="x", scaleratio=geo.aspect(m.extent)
    )
    fig.add_annotation(
        text="County outlines: US Census Bureau",
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 10, "color": TEXT_GREY},
    )
    # Tall enough for the map at a desktop report's width, with room for title and legend.
    height = int(min(max(geo.height_for_width(m.extent, MAP_WIDTH_PX), 320), MAP_PX)) + 140
    fig = _style(fig, height=height, title=title)
    fig.update_layout(plot_bgcolor=WATER_COLOR)
    return fig
