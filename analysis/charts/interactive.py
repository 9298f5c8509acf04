"""Interactive charts for reports (plotly), drawn from the chart specifications of a selection.

The crowd, arrests and responses charts (and the combined one, their stack) translate their
specifications (:mod:`analysis.spec`) through :mod:`analysis.charts.spec_plotly`, exactly as
:mod:`analysis.charts.static` does through matplotlib: the same marks, symbols, legend entries,
labels and time axis, with hover boxes giving the date, the place, each figure in its sources'
own words and the publishers. Every piece of text that comes from the CSVs passes through
:func:`analysis.charts.spec_plotly.esc` (``html.escape``) before it reaches a hover box, a
label or a title, so markup in a note can never run in a report. The locator map translates
its specification (:mod:`analysis.spec.map`) through the same module. Each function takes
``data=`` as the static ones do (dataset, events frame with ``sources=``, or a built model)
and returns a ``plotly.graph_objects.Figure``; export it with
:func:`analysis.publish.export.export_interactive`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.axis_plotly import apply_time_axis, tick_width_px
from analysis.charts.spec_plotly import (
    PX_PER_PT,
    add_lanes_panel,
    add_map_panel,
    add_time_panel,
    esc,
    hover_html,
    legend_traces,
)
from analysis.charts.style import (
    TEXT_GREY,
    WATER_COLOR,
)
from analysis.data.load import Dataset
from analysis.prep.facts import Facts, as_facts
from analysis.spec import showing, words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.map import map_spec
from analysis.spec.model import ChartSpec, merged_legend
from analysis.spec.phrases import event_hover
from analysis.spec.responses import responses_spec

#: Font for every interactive chart (12 px reads like the 9 pt of the static charts).
FONT = {"family": "DejaVu Sans, Verdana, Arial, sans-serif", "size": 12, "color": "#222222"}
#: Pixel heights of the panels.
CROWD_PX, STRIP_PX, ARRESTS_PX, LANE_ROW_PX, MAP_PX = 300, 46, 190, 24, 560
#: Room (px) under the map's size key for its legend line.
MAP_LEGEND_PX = 40

Data = Dataset | pd.DataFrame | Facts


# --- hover boxes ---------------------------------------------------------------------------


def _hover(row: pd.Series, figure_lines: list[str]) -> str:
    """A hover box: headline, when, where, the figures (``figure_lines``, already HTML),
    sources and notes of one event, in the phrases of :func:`analysis.spec.phrases.event_hover`."""
    lines = hover_html(event_hover(row, [])).split("<br>")
    return "<br>".join([*lines[:3], *figure_lines, *lines[3:]])


# --- figure set-up -------------------------------------------------------------------------

#: The sizes an interactive chart is specified at: a desktop page, and a phone's (a report page
#: draws the one that fits the reader's screen).
INTERACTIVE_SIZES = ("interactive", "interactive-phone")


def _size(size: str) -> str:
    """``size`` when it is an interactive size, else a clear error."""
    if size not in INTERACTIVE_SIZES:
        from analysis.errors import ParameterError

        raise ParameterError(f"size: {size!r}; valid values: {', '.join(INTERACTIVE_SIZES)}")
    return size


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


def _finish(
    fig: go.Figure, facts: Facts, *, height: int, title: str | None, size: str = "interactive"
) -> go.Figure:
    """The model's time axis on every x axis (its ticks chosen for the size's plot width),
    then the house style."""
    if facts.axis is not None:
        apply_time_axis(fig, facts.axis, width_px=tick_width_px(size))
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
    size: str = "interactive",
    **choices: object,
) -> go.Figure:
    """Interactive crowd chart: a mark per demonstration at its low figure, with its range.

    Parameters are those of :func:`analysis.charts.static.crowd_plot`, plus ``title``
    (escaped) and ``size``: "interactive" (a desktop page, the default) or
    "interactive-phone" (labels laid out for a phone's width), as for every chart here.
    """
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(crowd_spec(facts, _size(size), log=log), title=title)


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
    elif spec.chart == "map":
        return _map_figure(spec, title=title)
    else:
        raise NotImplementedError(f"no interactive translation of a {spec.chart!r} specification")
    fig = make_subplots(
        rows=len(heights), cols=1, shared_xaxes=True, vertical_spacing=0.02, row_heights=heights
    )
    add_spec(fig, spec, row=1, strip_row=2 if len(heights) > 1 else None)
    if spec.axis is not None:
        apply_time_axis(fig, spec.axis, width_px=tick_width_px(spec.size))
    return _left_out(_style(fig, height=sum(heights) + 140, title=title), spec)


def _left_out(fig: go.Figure, *specs: ChartSpec) -> go.Figure:
    """Note in ``layout.meta`` how many labels the specifications left out at their size (a
    report page counts them with those its script hides, in the caption under the chart)."""
    meta = dict(fig.layout.meta or {})
    meta["laLeftOut"] = sum(spec.labels_left_out for spec in specs)
    return fig.update_layout(meta=meta)


# --- arrests -------------------------------------------------------------------------------


def arrests_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    size: str = "interactive",
    **choices: object,
) -> go.Figure:
    """Interactive arrests chart: protesters arrested and people detained, two series."""
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(arrests_spec(facts, _size(size)), title=title)


# --- responses -----------------------------------------------------------------------------


def responses_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    size: str = "interactive",
    **choices: object,
) -> go.Figure:
    """Interactive swimlanes of official responses, one lane per level of government."""
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(responses_spec(facts, _size(size)), title=title)


# --- combined ------------------------------------------------------------------------------


def combined_plotly(
    data: Data,
    *,
    sources: pd.DataFrame | None = None,
    log: bool | None = None,
    title: str | None = None,
    size: str = "interactive",
    **choices: object,
) -> go.Figure:
    """Crowd sizes, arrests and official responses stacked on one shared, zoomable time axis.

    The interactive counterpart of :func:`analysis.charts.static.combined_figure`.
    """
    facts = as_facts(data, sources=sources, **choices)
    # Only the panels with something to show (showing.combined_panels); the notes line and the
    # alt text name the others. The crowd panel has its strip on the row below it.
    size = _size(size)
    crowd = crowd_spec(facts, size, log=log)
    responses = responses_spec(facts, size)
    lanes = int(responses.scale.high) if responses.scale is not None else 5
    rows: list[tuple[str, int]] = []
    for panel in showing.combined_panels(facts):
        if panel == "crowd":  # its strip only where something stands in it
            rows += [("crowd", CROWD_PX), *([("", STRIP_PX)] if crowd.strip else [])]
        elif panel == "arrests":
            rows.append(("arrests", ARRESTS_PX))
        else:
            rows.append(("responses", max(lanes, 5) * LANE_ROW_PX))
    heights = [h for _, h in rows]
    fig = make_subplots(
        rows=len(rows),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.035,
        row_heights=heights,
        subplot_titles=tuple(f"<b>{words.PANEL_TITLES[p]}</b>" if p else "" for p, _ in rows),
    )
    for annotation in fig.layout.annotations:  # the panel titles
        annotation.update(x=0, xanchor="left", font={"size": 14})
    row_of = {p: i + 1 for i, (p, _) in enumerate(rows) if p}
    make = {
        "crowd": lambda: crowd,
        "arrests": lambda: arrests_spec(facts, size),
        "responses": lambda: responses,
    }
    specs = tuple(
        add_spec(
            fig,
            make[p](),
            row=row,
            strip_row=row + 1 if p == "crowd" and crowd.strip else None,
            legend=False,
        )
        for p, row in row_of.items()
    )
    # one legend for the three panels: every meaning once
    for entry in merged_legend(*specs):
        for trace in legend_traces(entry):
            fig.add_trace(trace, row=1, col=1)
    return _left_out(_finish(fig, facts, height=sum(heights) + 220, title=title, size=size), *specs)


# --- the locator map -------------------------------------------------------------------------


def map_plotly(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
    size: str = "interactive",
    **choices: object,
) -> go.Figure:
    """Interactive locator map: the map's specification at the interactive size, offline.

    Plain x–y traces of longitude and latitude over the committed county outlines, not a
    plotly geo trace, which would fetch its topojson from a CDN.
    """
    facts = as_facts(data, sources=sources, **choices)
    return figure_of_spec(map_spec(facts, _size(size)), title=title)


def _map_figure(spec: ChartSpec, *, title: str | None) -> go.Figure:
    """The plotly figure of a map specification: the plot at the canvas's size in pixels, the
    size key and the legend under it."""
    fig = go.Figure()
    if spec.empty or spec.geo is None:
        fig.add_annotation(
            text=esc(spec.words.empty or ""), xref="paper", yref="paper", x=0.5, y=0.5,
            showarrow=False, font={"color": TEXT_GREY, "size": 12},
        )  # fmt: skip
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return _style(fig, height=MAP_PX, title=title)
    key_px = add_map_panel(fig, spec)
    plot_px = round(spec.geo.height_pt * PX_PER_PT)
    top = 70 if title else 40
    bottom = key_px + MAP_LEGEND_PX
    fig = _style(fig, height=plot_px + top + bottom, title=title)
    fig.update_layout(
        plot_bgcolor=WATER_COLOR,
        margin={"l": 8, "r": 8, "t": top, "b": bottom},
        legend={"y": -(key_px + 4) / plot_px},
    )
    return _left_out(fig, spec)
