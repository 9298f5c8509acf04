"""Static charts for articles (matplotlib), drawn from the facts model of a selection.

Each ``*_plot`` function follows seaborn's contract: ``data=`` is the loaded dataset, an events
frame with ``sources=``, or a facts model (:func:`analysis.prep.facts.build_facts`); options
are keywords; it draws into ``ax`` (or the current Axes) and returns it, and never calls
``show()`` or ``savefig()`` (:mod:`analysis.publish.export` writes files). Given data, a
function builds the model first; a report that draws several charts builds it once and passes
it. Nothing here selects, aggregates or decides binning, and the crowd, arrests and responses
charts decide nothing about their look either: they translate their specifications
(:mod:`analysis.spec`) through :mod:`analysis.charts.spec_matplotlib`, so each chart and its
interactive twin (:mod:`analysis.charts.interactive`) show the same thing. The map is drawn
here from the model until it has a specification of its own.

Missing figures are never drawn as zero: a demonstration of unknown size sits in a separate
"size not reported" strip below the scale, and a day without any arrest figure has no mark.
"""

from __future__ import annotations

import math
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.charts import geo
from analysis.charts.axis_matplotlib import apply_time_axis, label_segments
from analysis.charts.labels import LabelSpec, mark_boxes, place_labels
from analysis.charts.spec_matplotlib import (
    draw_lanes_panel,
    draw_legend,
    draw_time_panel,
    legend_blocks,
    legend_height_in,
)
from analysis.charts.style import (
    ARTICLE_WIDTH_IN,
    CROWD_COLOR,
    LABEL_PT,
    LAND_COLOR,
    NEIGHBOUR_COLOR,
    TEXT_GREY,
    WATER_COLOR,
    house_style,
    mpl_text,
    style_axes,
)
from analysis.data.load import Dataset
from analysis.fmt import format_count
from analysis.prep.facts import Facts, as_facts
from analysis.prep.timeaxis import TimeAxis
from analysis.spec import vocabulary, words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.model import ChartSpec, merged_legend
from analysis.spec.responses import LANE_FOOT, responses_spec

#: Width (inches) of the phone variant of the article charts: 390 CSS px, a phone's screen.
PHONE_WIDTH_IN = 3.9
#: Map places labelled on the phone variant (the largest; the 640-px map labels more).
PHONE_LABELS = 2
#: Height (inches) of one row of labels in the response swimlanes.
LANE_ROW_IN = 0.23

Data = Dataset | pd.DataFrame | Facts


def _get_ax(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.gca()


def _empty(ax: Axes, message: str, axis: TimeAxis | None) -> Axes:
    """Say on the Axes that there is nothing to draw (keeping a shared time axis intact)."""
    style_axes(ax, grid_axis=None)
    if axis is not None:
        apply_time_axis(ax, axis)
    else:
        ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        mpl_text(message),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=LABEL_PT,
        color=TEXT_GREY,
        wrap=True,
    )
    return ax


def binned_note(ax: Axes, text: str) -> None:
    """Say on the panel that its marks are bins, not events (right-hand title, in italics)."""
    ax.set_title(
        mpl_text(text),
        loc="right",
        fontsize=LABEL_PT,
        color=TEXT_GREY,
        fontstyle="italic",
        fontweight="normal",
    )


def _handle(
    color: str, marker: str, label: str, *, hollow: bool = False, line: str = "none"
) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle=line,
        color=color,
        marker=marker,
        markersize=7,
        label=label,
        markerfacecolor="white" if hollow else color,
        markeredgecolor=color,
        markeredgewidth=1.2,
    )


# --- crowd sizes ---------------------------------------------------------------------------


def crowd_plot(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    log: bool | None = None,
    legend: bool = True,
    ax: Axes | None = None,
    **choices: object,
) -> Axes:
    """Draw reported crowd sizes: one mark per demonstration at its low figure, with its range.

    A line from the low to the high figure shows a range (dashed where sources disagree); a
    caret means the source gave no upper bound; a hollow mark rests only on low-reliability
    sources. Demonstrations without a counted size sit in a "size not reported" strip under
    the scale, never at zero; an official's claim is written there as the claim. Light dashes
    give each day's total of counted crowds. Items dated to a week or a month span it.

    Parameters
    ----------
    data
        The dataset, an events frame (with ``sources``) or a facts model.
    sources
        The sources table, when ``data`` is an events frame.
    log
        Logarithmic y axis; None takes the model's choice (figures over 20 times apart).
    legend
        Draw a legend above the Axes.
    ax
        Axes to draw into; defaults to the current Axes.
    **choices
        The selection, when ``data`` is not a model (:class:`analysis.prep.facts.Selection`:
        ``start``, ``end``, ``cities``, ``panel_scopes``, ``total``, ``layout``, ...).

    Returns
    -------
    matplotlib.axes.Axes
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_crowd(_get_ax(ax), facts, log=log, legend=legend)


def draw_crowd(
    ax: Axes, facts: Facts, *, log: bool | None = None, legend: bool = True, phone: bool = False
) -> Axes:
    """:func:`crowd_plot` from a built model (``phone``: the 390-px specification)."""
    return draw_crowd_spec(ax, crowd_spec(facts, "phone" if phone else "article", log=log),
                           legend=legend)  # fmt: skip


def draw_crowd_spec(ax: Axes, spec: ChartSpec, *, legend: bool = True) -> Axes:
    """Draw the crowd chart's specification: the translation of :mod:`analysis.spec.crowd`."""
    if spec.empty:
        return _empty(ax, spec.words.empty or "", spec.axis)
    with house_style():
        style_axes(ax)
        draw_time_panel(ax, spec)
        if legend:
            draw_legend(ax, spec)
        if spec.words.binned_note:
            binned_note(ax, spec.words.binned_note)
    return ax


# --- arrests -------------------------------------------------------------------------------


def arrests_plot(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    label_values: bool = True,
    ax: Axes | None = None,
    **choices: object,
) -> Axes:
    """Draw protesters arrested and people detained by immigration agents, two series.

    The two are never added together. A day where the sources disagree shows both figures
    joined by a dashed line; "at least" figures carry a caret; a figure over several days is a
    band across them. Days without a reported figure have no mark.

    Parameters are those of :func:`crowd_plot`; ``label_values`` writes the model's labels
    (the largest figures, the peak naming its series).
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_arrests(_get_ax(ax), facts, label_values=label_values)


def draw_arrests(
    ax: Axes, facts: Facts, *, label_values: bool = True, phone: bool = False, legend: bool = True
) -> Axes:
    """:func:`arrests_plot` from a built model (``phone``: the 390-px specification)."""
    spec = arrests_spec(facts, "phone" if phone else "article")
    if not label_values:
        spec = replace(spec, labels=())
    return draw_arrests_spec(ax, spec, legend=legend)


def draw_arrests_spec(ax: Axes, spec: ChartSpec, *, legend: bool = True) -> Axes:
    """Draw the arrests chart's specification (:mod:`analysis.spec.arrests`)."""
    if spec.empty:
        return _empty(ax, spec.words.empty or "", spec.axis)
    with house_style():
        style_axes(ax)
        draw_time_panel(ax, spec)
        ax.set_yscale("linear")
        if legend:
            draw_legend(ax, spec)
        if spec.words.binned_note:
            binned_note(ax, spec.words.binned_note)
    return ax


# --- official responses --------------------------------------------------------------------


def responses_plot(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    ax: Axes | None = None,
    **choices: object,
) -> Axes:
    """Draw official responses as swimlanes: one lane per level of government.

    Lanes run top to bottom federal, state, county, city, police (always all five: an empty
    lane says that no source reports a response at that level). Each response is a mark
    labelled from the data; announced ones are hollow; one dated only to a week or a month is a
    band across it. Give the Axes :func:`responses_height_in` inches. Parameters are those of
    :func:`crowd_plot` (``response_scopes`` chooses the scopes of this panel: every one by
    default).
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_responses(_get_ax(ax), facts)


def responses_height_in(facts: Facts, *, phone: bool = False) -> float:
    """Height (inches) an Axes needs for the swimlanes of ``facts`` so labels do not collide.

    ``phone``: for the 390-px variant, whose narrower lanes stack more rows.
    """
    lanes = facts.responses.phone_lanes if phone else facts.responses.lanes
    return LANE_ROW_IN * (max(lanes.rows, 5) + LANE_FOOT) + 0.1


def draw_responses(ax: Axes, facts: Facts, *, phone: bool = False, legend: bool = True) -> Axes:
    """:func:`responses_plot` from a built model (``phone``: the 390-px specification)."""
    return draw_responses_spec(
        ax, responses_spec(facts, "phone" if phone else "article"), facts, legend=legend
    )


def draw_responses_spec(ax: Axes, spec: ChartSpec, facts: Facts, *, legend: bool = True) -> Axes:
    """Draw the responses chart's specification (:mod:`analysis.spec.responses`)."""
    if spec.empty:
        return _empty(ax, spec.words.empty or "", spec.axis)
    with house_style():
        style_axes(ax, grid_axis=None)
        draw_lanes_panel(ax, spec)
        if not spec.labels and not facts.responses.binning.binned:
            ax.text(
                1, 1.01, mpl_text(words.unlabelled_lanes(facts)), transform=ax.transAxes,
                ha="right", va="bottom", fontsize=LABEL_PT, color=TEXT_GREY,
            )  # fmt: skip
        if legend:
            draw_legend(ax, spec)
        if spec.words.binned_note:
            binned_note(ax, spec.words.binned_note)
    return ax


# --- the combined figure -------------------------------------------------------------------


def combined_figure(
    data: Data,
    *,
    sources: pd.DataFrame | None = None,
    log: bool | None = None,
    width_in: float = ARTICLE_WIDTH_IN,
    **choices: object,
) -> Figure:
    """Stack crowd sizes, arrests and official responses on one shared time axis.

    The main chart of every report; its alt text (:func:`analysis.spec.words.alt_text`)
    is attached for :func:`analysis.publish.export.export_chart`.

    Parameters
    ----------
    data
        The dataset, an events frame (with ``sources``) or a facts model.
    log
        Logarithmic crowd axis; None takes the model's choice.
    width_in
        Figure width in inches (6.4 = 640 px, the article width the layout is made for).
    **choices
        The selection, when ``data`` is not a model (see :func:`crowd_plot`).

    Returns
    -------
    matplotlib.figure.Figure
        A new figure (not shown, not saved).
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_combined(facts, log=log, width_in=width_in)


def draw_combined(
    facts: Facts,
    *,
    log: bool | None = None,
    width_in: float = ARTICLE_WIDTH_IN,
    phone: bool = False,
) -> Figure:
    """:func:`combined_figure` from a built model.

    ``phone`` draws the 390-px variant (:data:`PHONE_WIDTH_IN`): its text is the same size in
    points, so on a phone it reads at full size instead of shrunk to 60%; the swimlanes use the
    model's phone layout and the legend two columns.
    """
    if phone:
        width_in = PHONE_WIDTH_IN
    size = "phone" if phone else "article"
    crowd = crowd_spec(facts, size, log=log)
    responses = responses_spec(facts, size)
    arrests = arrests_spec(facts, size)
    # One legend for the three panels: every meaning drawn, once. The arrest series' names are
    # long: they go with the symbols' words, not the demonstration types' names.
    entries = merged_legend(crowd, arrests, responses)
    series = {vocabulary.SHAPE_WORDS[k] for k in ("protesters", "immigration")}
    shapes = [e for e in entries if e.group == "shape" and e.text not in series]
    symbols = tuple(e for e in entries if e not in shapes)
    if phone:
        longest = max((len(e.text) for e in symbols), default=0)
        groups = [(tuple(shapes), 3), (symbols, 2 if longest <= 20 else 1)]
    else:
        groups = [(tuple(shapes), 4), (symbols, 2)]
    groups = [(g, n) for g, n in groups if g]
    heights = [2.5, 1.5, responses_height_in(facts, phone=phone), legend_height_in(groups)]
    with house_style():
        fig = plt.figure(figsize=(width_in, sum(heights) + 1.0), layout="constrained")
        grid = fig.add_gridspec(4, 1, height_ratios=heights)
        top = fig.add_subplot(grid[0])
        axes = [top, fig.add_subplot(grid[1], sharex=top), fig.add_subplot(grid[2], sharex=top)]
        legend_ax = fig.add_subplot(grid[3])
        legend_ax.axis("off")
        draw_crowd_spec(axes[0], crowd, legend=False)
        draw_arrests_spec(axes[1], arrests, legend=False)
        draw_responses_spec(axes[2], responses, facts, legend=False)
        for ax in axes[:-1]:
            ax.tick_params(axis="x", labelbottom=False)
        broken = facts.axis is not None and facts.axis.broken
        if broken:
            label_segments(axes[0], facts.axis, y=1.02)
        axes[0].set_title(words.PANEL_TITLES["crowd"], loc="left", pad=30 if broken else 6)
        axes[1].set_title(words.PANEL_TITLES["arrests"], loc="left")
        axes[2].set_title(words.PANEL_TITLES["responses"], loc="left")
        if groups:
            legend_blocks(legend_ax, groups)
        fig.align_ylabels(axes)
    return words.attach_alt_text(fig, words.alt_text(facts, "combined"))


# --- the locator map -------------------------------------------------------------------------


def map_plot(
    data: Data | None = None,
    *,
    sources: pd.DataFrame | None = None,
    ax: Axes | None = None,
    **choices: object,
) -> Axes:
    """Draw where the demonstrations happened: one mark per place, sized by its largest crowd.

    The county outlines of Southern California come with the data (offline, no tiles); a
    mark's area is the largest counted crowd there (hollow where none is counted; the type of
    event is in the labels of the interactive twin, not in the shape, so that size alone
    carries the crowd); a dashed ring says only the town is known, so the mark sits at its
    centre, not on a street corner. Parameters are those of :func:`crowd_plot`.
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_map(_get_ax(ax), facts)


def draw_map(ax: Axes, facts: Facts, *, phone: bool = False, legend: bool = True) -> Axes:
    """:func:`map_plot` from a built model (``phone``: fewer labels)."""
    m = facts.map
    if m.places.empty or m.extent is None:
        return _empty(ax, words.empty_message(facts, "map"), None)
    places = m.places
    west, east, south, north = m.extent
    with house_style():
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect(geo.aspect(m.extent))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_facecolor(WATER_COLOR)
        if m.basemap is not None:
            for county in m.basemap.counties:
                for ring in county.rings:
                    xs, ys = zip(*ring, strict=True)
                    ax.fill(
                        xs,
                        ys,
                        facecolor=LAND_COLOR if county.in_scope else NEIGHBOUR_COLOR,
                        edgecolor="white",
                        linewidth=0.8,
                        zorder=0,
                    )
        largest = float(places["value"].max()) if places["value"].notna().any() else 1.0
        sizes = geo.diameters_pt(places["value"].to_numpy(float), largest)
        approx = places["approximate"].to_numpy(bool)
        if approx.any():
            ax.scatter(
                places["lon"][approx],
                places["lat"][approx],
                s=(sizes[approx] + 9) ** 2,
                facecolors="none",
                edgecolors=TEXT_GREY,
                linewidths=0.8,
                linestyles="--",
                zorder=2,
                label="approximate place",
            )
        # Largest first, so a small crowd's mark sits on top of a big one nearby.
        order = np.argsort(-np.nan_to_num(sizes, nan=0.0), kind="stable")
        counted = (places["kind"] == "count").to_numpy(bool)[order]
        ax.scatter(
            places["lon"].to_numpy(float)[order],
            places["lat"].to_numpy(float)[order],
            s=sizes[order] ** 2,
            marker="o",
            facecolors=np.where(counted, CROWD_COLOR, "white"),
            edgecolors=np.where(counted, "white", CROWD_COLOR),
            linewidths=np.where(counted, 0.8, 1.2),
            alpha=0.85,
            zorder=3,
        )
        labelled = places[places["label"].notna().to_numpy(bool)]
        if phone:
            labelled = labelled[(labelled["rank"] < PHONE_LABELS).to_numpy(bool)]
        # A label starts outside its own mark, and avoids every mark at its drawn size.
        outer = sizes + np.where(approx, 9.0, 0.0)  # a grey ring is part of the mark
        radius = pd.Series(outer / 2, index=places.index)
        specs = [
            LabelSpec(
                r.lon,
                r.lat,
                r.label,
                priority=-float(r.rank),
                clearance=max(0.0, float(radius[r.Index]) - 5.0),
            )
            for r in labelled.itertuples()
        ]
        if specs:
            place_labels(
                ax,
                specs,
                obstacles=lambda: mark_boxes(
                    ax,
                    list(zip(places["lon"], places["lat"], strict=True)),
                    size_pt=outer,
                ),
                in_layout=False,
            )
        _scale_bar(ax, m.extent)  # the outlines' credit is in the notes line under the chart
        if legend:
            ax.legend(
                handles=map_legend(facts, largest),
                loc="upper left",
                bbox_to_anchor=(0, -0.02),
                ncol=2,
                fontsize=LABEL_PT,
                borderaxespad=0,
                handlelength=1.6,
            )
    return ax


def _scale_bar(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    """A bar of a round number of kilometres in the lower left corner."""
    km = geo.scale_bar_km(extent)
    west, east, south, north = extent
    x0 = west + (east - west) * 0.04
    y0 = south + (north - south) * 0.05
    ax.plot([x0, x0 + geo.km_to_degrees_lon(km, extent)], [y0, y0], color="#333333", lw=2)
    ax.text(
        x0,
        y0 + (north - south) * 0.015,
        f"{km:g} km",
        ha="left",
        va="bottom",
        fontsize=LABEL_PT,
        color="#333333",
    )


def map_legend(facts: Facts, largest: float) -> list[Line2D]:
    """Legend of the map: two reference crowd sizes, hollow for no count, the dashed ring."""
    handles = []
    for value in _reference_sizes(largest):
        diameter = float(geo.diameters_pt(np.array([value]), largest)[0])
        handles.append(_size_handle(diameter, f"{format_count(value)} people"))
    places = facts.map.places
    if (places["kind"] != "count").any():
        handles.append(_handle(CROWD_COLOR, "o", words.LEGEND["map_unknown"], hollow=True))
    if places["approximate"].any():
        ring = _size_handle(12, words.LEGEND["map_approximate"])
        ring.set_markerfacecolor("none")
        ring.set_markeredgecolor(TEXT_GREY)
        ring.set_alpha(1.0)
        handles.append(ring)
    return handles


def _size_handle(diameter: float, label: str) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=diameter,
        markerfacecolor=CROWD_COLOR,
        markeredgecolor="white",
        alpha=0.85,
        label=label,
    )


def _reference_sizes(largest: float) -> list[float]:
    """One or two round crowd sizes up to the largest on the map (100, 1,000 ...)."""
    top = 10 ** math.floor(math.log10(max(largest, 1.0)))
    return [v for v in (top / 10, top) if v >= 10] or [top]
