"""Static charts for articles (matplotlib), drawn from the facts model of a selection.

Each ``*_plot`` function follows seaborn's contract: ``data=`` is the loaded dataset, an events
frame with ``sources=``, or a facts model (:func:`analysis.prep.facts.build_facts`); options
are keywords; it draws into ``ax`` (or the current Axes) and returns it, and never calls
``show()`` or ``savefig()`` (:mod:`analysis.publish.export` writes files). Given data, a
function builds the model first; a report that draws several charts builds it once and passes
it. Nothing here selects, aggregates or decides binning, and the crowd, arrests and responses
charts and the map decide nothing about their look either: they translate their
specifications (:mod:`analysis.spec`) through :mod:`analysis.charts.spec_matplotlib`, so each
chart and its interactive twin (:mod:`analysis.charts.interactive`) show the same thing.

Missing figures are never drawn as zero: a demonstration of unknown size sits in a separate
"size not reported" strip below the scale, and a day without any arrest figure has no mark.
"""

from __future__ import annotations

from dataclasses import replace

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.charts.axis_matplotlib import apply_time_axis, label_segments
from analysis.charts.spec_matplotlib import (
    draw_lanes_panel,
    draw_legend,
    draw_map_panel,
    draw_time_panel,
    legend_blocks,
    legend_height_in,
)
from analysis.charts.style import (
    ARTICLE_WIDTH_IN,
    LABEL_PT,
    TEXT_GREY,
    house_style,
    mpl_text,
    style_axes,
)
from analysis.data.load import Dataset
from analysis.prep.facts import Facts, as_facts
from analysis.prep.timeaxis import TimeAxis
from analysis.spec import alt, showing, vocabulary, words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import crowd_spec
from analysis.spec.map import map_spec
from analysis.spec.model import ChartSpec, merged_legend
from analysis.spec.responses import LANE_FOOT, responses_spec

#: Width (inches) of the phone variant of the article charts: 390 CSS px, a phone's screen.
PHONE_WIDTH_IN = 3.9
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
        ax.set_yscale("linear")  # before the panel: setting a scale resets the tick locator
        draw_time_panel(ax, spec)
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
    labelled from the data; an announced one is pale, one resting only on low-reliability
    sources is hollow (an outlined band); one dated only to a week or a month is a band across
    it. Give the Axes :func:`responses_height_in` inches. Parameters are those of
    :func:`crowd_plot` (``response_scopes`` chooses the scopes of this panel: every one by
    default).
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_responses(_get_ax(ax), facts)


def responses_height_in(facts: Facts, *, phone: bool = False) -> float:
    """Height (inches) an Axes needs for the swimlanes of ``facts`` so labels do not collide.

    ``phone``: for the 390-px variant, whose narrower lanes stack more rows.
    """
    return lanes_height_in(responses_spec(facts, "phone" if phone else "article"))


def lanes_height_in(spec: ChartSpec) -> float:
    """Height (inches) an Axes needs for the rows of a swimlane ``spec``: a row each
    (:data:`LANE_ROW_IN`), at least five."""
    rows = spec.scale.high if spec.scale is not None else 5
    return LANE_ROW_IN * (max(rows, 5) + LANE_FOOT) + 0.1


def draw_responses(ax: Axes, facts: Facts, *, phone: bool = False, legend: bool = True) -> Axes:
    """:func:`responses_plot` from a built model (``phone``: the 390-px specification)."""
    return draw_responses_spec(
        ax, responses_spec(facts, "phone" if phone else "article"), legend=legend
    )


def draw_responses_spec(ax: Axes, spec: ChartSpec, *, legend: bool = True) -> Axes:
    """Draw the responses chart's specification (:mod:`analysis.spec.responses`)."""
    if spec.empty:
        return _empty(ax, spec.words.empty or "", spec.axis)
    with house_style():
        style_axes(ax, grid_axis=None)
        draw_lanes_panel(ax, spec)
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

    The main chart of every report; its alt text (:func:`analysis.spec.alt.alt_text`)
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
    specs: tuple[ChartSpec, ChartSpec, ChartSpec] | None = None,
) -> Figure:
    """:func:`combined_figure` from a built model.

    ``phone`` draws the 390-px variant (:data:`PHONE_WIDTH_IN`): its text is the same size in
    points, so on a phone it reads at full size instead of shrunk to 60%; every panel is its
    phone specification (the swimlanes laid out for a phone's width) and the legend two columns.
    ``specs``: the crowd, arrests and responses specifications of that size when the caller
    built them already.
    """
    if phone:
        width_in = PHONE_WIDTH_IN
    size = "phone" if phone else "article"
    if specs is None:
        specs = (crowd_spec(facts, size, log=log), arrests_spec(facts, size),
                 responses_spec(facts, size))  # fmt: skip
    crowd, arrests, responses = specs
    # Only the panels with something to show (showing.combined_panels); the notes line names
    # the others. One legend for the panels drawn: every meaning drawn, once. The arrest
    # series' names are long: they go with the symbols' words, not the demonstration types'.
    panels = showing.combined_panels(facts)
    by_panel = {"crowd": crowd, "arrests": arrests, "responses": responses}
    entries = merged_legend(*(by_panel[p] for p in panels))
    series = {vocabulary.SHAPE_WORDS[k] for k in ("protesters", "immigration")}
    shapes = [e for e in entries if e.group == "shape" and e.text not in series]
    symbols = tuple(e for e in entries if e not in shapes)
    if phone:
        longest = max((len(e.text) for e in symbols), default=0)
        groups = [(tuple(shapes), 3), (symbols, 2 if longest <= 20 else 1)]
    else:
        groups = [(tuple(shapes), 4), (symbols, 2)]
    groups = [(g, n) for g, n in groups if g]
    panel_heights = {
        "crowd": 2.5,
        "arrests": 1.5,
        "responses": lanes_height_in(responses),
    }
    draw = {
        "crowd": lambda ax: draw_crowd_spec(ax, crowd, legend=False),
        "arrests": lambda ax: draw_arrests_spec(ax, arrests, legend=False),
        "responses": lambda ax: draw_responses_spec(ax, responses, legend=False),
    }
    heights = [*(panel_heights[p] for p in panels), legend_height_in(groups)]
    with house_style():
        fig = plt.figure(figsize=(width_in, sum(heights) + 1.0), layout="constrained")
        grid = fig.add_gridspec(len(heights), 1, height_ratios=heights)
        top = fig.add_subplot(grid[0])
        axes = [top, *(fig.add_subplot(grid[i], sharex=top) for i in range(1, len(panels)))]
        legend_ax = fig.add_subplot(grid[len(panels)])
        legend_ax.axis("off")
        for ax, panel in zip(axes, panels, strict=True):
            draw[panel](ax)
        for ax in axes[:-1]:
            ax.tick_params(axis="x", labelbottom=False)
        broken = facts.axis is not None and facts.axis.broken
        heads = label_segments(axes[0], facts.axis, y=1.02) if broken else []
        # room over the panel for the periods' headings: 2 lines, or 3 ("(month" / "only)")
        lines = max((t.get_text().count("\n") + 1 for t in heads), default=2)
        for i, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
            pad = {"pad": 30 + 11 * max(lines - 2, 0) if broken else 6} if i == 0 else {}
            ax.set_title(words.PANEL_TITLES[panel], loc="left", **pad)
        if groups:
            legend_blocks(legend_ax, groups)
        fig.align_ylabels(axes)
    return alt.attach_alt_text(fig, alt.alt_text(facts, "combined"))


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
    circle's area is the largest reported crowd there, by one rule for every map
    (:data:`analysis.spec.map.CROWD_AREAS`); a grey mark has no reported size, a hollow one a
    figure from low-reliability sources only; a thin ring says only the town is known, so the
    mark sits at its centre, not on a street corner; places whose marks would hide each other
    are one mark whose label names them. Parameters are those of :func:`crowd_plot`.
    """
    facts = as_facts(data, sources=sources, **choices)
    return draw_map(_get_ax(ax), facts)


def draw_map(ax: Axes, facts: Facts, *, phone: bool = False, legend: bool = True) -> Axes:
    """:func:`map_plot` from a built model (``phone``: the 390-px specification)."""
    return draw_map_spec(ax, map_spec(facts, "phone" if phone else "article"), legend=legend)


def draw_map_spec(ax: Axes, spec: ChartSpec, *, legend: bool = True) -> Axes:
    """Draw the map's specification (:mod:`analysis.spec.map`): give the Axes
    ``spec.geo.width_pt`` × ``height_pt`` points, the canvas its labels were laid out on."""
    if spec.empty:
        return _empty(ax, spec.words.empty or "", None)
    with house_style():
        draw_map_panel(ax, spec, legend=legend)
    return ax
