"""Export a report's article charts: the combined chart and its three panels, with their words.

A timeline report writes, from the facts model of its selection, the static charts an article
would use (:mod:`analysis.charts.static`) through :func:`analysis.publish.export.export_chart`:
PNG, SVG and PDF at article widths plus alt text. Headline, subtitle, source line, notes line and
alt text are :mod:`analysis.spec.words` of the same model, so they say what the marks show.
A chart with nothing to show (:mod:`analysis.spec.showing`: its marks at fewer than two
positions) is not exported: :func:`export_article_charts` leaves it out, and its sentence
(:func:`analysis.spec.showing.sentence`) stands in for it on the chart page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.charts import static
from analysis.charts.spec_matplotlib import (
    legend_blocks,
    legend_height_in,
    map_legend_height_in,
)
from analysis.charts.style import ARTICLE_WIDTH_IN, house_style
from analysis.errors import ParameterError
from analysis.prep.facts import Facts
from analysis.publish.export import export_chart
from analysis.spec import alt, showing, words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import claims_written, crowd_spec
from analysis.spec.map import map_spec
from analysis.spec.model import ChartSpec
from analysis.spec.responses import responses_spec

#: The phone variant of each article chart: its width in CSS pixels and its name's suffix.
PHONE_WIDTH_PX, PHONE_SUFFIX = 390, "phone"
#: The charts a timeline report exports, in reading order.
ARTICLE_CHARTS = ("combined", "crowd", "arrests", "responses", "map")


@dataclass(frozen=True)
class ArticleChart:
    """One exported chart: its name, headline, subtitle, alt text and files."""

    name: str
    title: str
    subtitle: str
    alt_text: str
    files: tuple[Path, ...]

    def file_names(self, relative_to: Path | None = None) -> list[str]:
        """Return the written files as names (relative to ``relative_to`` when given)."""
        if relative_to is None:
            return [p.name for p in self.files]
        return [p.relative_to(relative_to).as_posix() for p in self.files]


def _single(
    draw: Callable[..., object], facts: Facts, height_in: float, *, phone: bool = False
) -> Figure:
    import matplotlib.pyplot as plt

    width = static.PHONE_WIDTH_IN if phone else ARTICLE_WIDTH_IN
    with house_style():
        fig, ax = plt.subplots(figsize=(width, height_in), layout="constrained")
        draw(ax, facts, phone=phone) if phone else draw(ax, facts)
    return fig


def _with_legend_axes(spec: ChartSpec, height_in: float, draw: Callable[..., object]) -> Figure:
    """A chart whose legend blocks go in an Axes of their own, above the chart (under it on a
    phone), adding their height to the figure: the legend never squeezes the plot, which
    keeps at least the size its labels were laid out for (:mod:`analysis.spec.layout`)."""
    import matplotlib.pyplot as plt

    width = static.PHONE_WIDTH_IN if spec.phone else ARTICLE_WIDTH_IN
    with house_style():
        groups = spec.legend_groups()
        if spec.empty or not groups:
            fig, ax = plt.subplots(figsize=(width, height_in), layout="constrained")
            draw(ax, spec)
            return fig
        legend_in = legend_height_in(groups)
        fig = plt.figure(figsize=(width, height_in + legend_in), layout="constrained")
        if spec.phone:
            grid = fig.add_gridspec(2, 1, height_ratios=[height_in, legend_in])
            ax, key = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        else:
            grid = fig.add_gridspec(2, 1, height_ratios=[legend_in, height_in])
            key, ax = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        draw(ax, spec, legend=False)
        legend_blocks(key, groups)
    return fig


#: Constrained layout's pad around the map (inches): the canvas's width leaves room for it.
MAP_PAD_IN = 0.02


def map_figure(spec: ChartSpec) -> Figure:
    """The matplotlib figure of a map specification: the map at the size of the canvas its
    labels were laid out on (:data:`analysis.spec.map.CANVASES`), its legend under it."""
    import matplotlib.pyplot as plt

    width = {"article-wide": 2 * ARTICLE_WIDTH_IN, "phone": static.PHONE_WIDTH_IN}.get(
        spec.size, ARTICLE_WIDTH_IN
    )
    with house_style():
        if spec.empty or spec.geo is None:
            fig, ax = plt.subplots(figsize=(width, 2.4), layout="constrained")
            static.draw_map_spec(ax, spec)
            return fig
        # The map's height is the canvas's; the legend's room is added under it.
        map_in = spec.geo.height_pt / 72
        legend_in = map_legend_height_in(spec)
        fig = plt.figure(figsize=(width, map_in + legend_in + 2 * MAP_PAD_IN), layout="constrained")
        # no room between the map and its legend's row but the pads the canvas allows for
        fig.get_layout_engine().set(w_pad=MAP_PAD_IN, h_pad=MAP_PAD_IN, hspace=0, wspace=0)
        grid = fig.add_gridspec(2, 1, height_ratios=[map_in, legend_in])
        ax = fig.add_subplot(grid[0])
        static.draw_map_spec(ax, spec)
        fig.add_subplot(grid[1]).axis("off")  # the legend's room, under the map
    return fig


def article_figure(facts: Facts, chart: str, *, phone: bool = False) -> Figure:
    """The matplotlib figure of one article chart (see :data:`ARTICLE_CHARTS`).

    ``phone`` draws the 390-px variant: the same marks, text at full size on a phone screen.
    """
    if chart == "combined":
        return static.draw_combined(facts, phone=phone)
    size = "phone" if phone else "article"
    if chart == "crowd":
        spec = crowd_spec(facts, size)
        return _with_legend_axes(spec, 3.6 if phone else 2.9, static.draw_crowd_spec)
    if chart == "arrests":
        return _single(static.draw_arrests, facts, 3.0, phone=phone)
    if chart == "responses":
        spec = responses_spec(facts, size)
        height = static.lanes_height_in(spec) + 0.7
        return _with_legend_axes(spec, height, static.draw_responses_spec)
    if chart == "map":
        return map_figure(map_spec(facts, size))
    raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(ARTICLE_CHARTS)}")


#: Formats of the phone variant: a PNG for the page and an SVG an editor can edit like the
#: article sizes' (its alt text is written beside them).
PHONE_FORMATS = ("png", "svg")


def export_article(
    facts: Facts,
    chart: str,
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = ("png", "svg", "pdf"),
) -> ArticleChart:
    """Draw and export one article chart with its words, in one call:
    ``export_article(facts, "combined", "exports/")``.

    Writes ``<chart>-640`` and ``<chart>-1280`` in each of ``formats``, the 390-px phone
    variant ``<chart>-phone-390`` (PNG and SVG, those of ``formats``) and the alt texts; the
    headline, subtitle, source and notes lines are the chart's own
    (:mod:`analysis.spec.words`), so nothing is left to type.
    """
    import matplotlib.pyplot as plt

    if chart not in ARTICLE_CHARTS:
        raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(ARTICLE_CHARTS)}")
    out = Path(out_dir)
    text = {
        "title": words.headline(facts, chart),
        "subtitle": words.subtitle(facts, chart),
        "source": words.source_line(facts, chart),
        "notes": words.notes_line(facts, chart),
        "alt_text": alt.alt_text(facts, chart),
    }
    if chart == "map":
        return _export_map(facts, out, text, formats)
    paths: list[Path] = []
    # The article widths, then the phone variant (its alt text is written beside it but listed
    # once).
    for phone in (False, True):
        text["notes"] = notes_at_size(facts, chart, "phone" if phone else "article")
        text["alt_text"] = alt_at_size(facts, chart, "phone" if phone else "article")
        fig = article_figure(facts, chart, phone=phone)
        size = (
            {
                "widths": (PHONE_WIDTH_PX,),
                "formats": tuple(f for f in formats if f in PHONE_FORMATS) or formats,
            }
            if phone
            else {"formats": formats}
        )
        try:
            written = export_chart(
                fig, f"{chart}-{PHONE_SUFFIX}" if phone else chart, out, **text, **size
            )
        finally:
            plt.close(fig)
        paths += [p for p in written.paths if not (phone and p.suffix == ".txt")]
    return ArticleChart(
        chart, text["title"], text["subtitle"], alt_at_size(facts, chart, "article"), tuple(paths)
    )


def alt_at_size(facts: Facts, chart: str, size: str) -> str:
    """The alt text of ``chart`` drawn at ``size``: it reads out no claim whose label the
    layout left out at that size (the claim is not on that chart)."""
    return crowd_spec(facts, size).words.alt if chart == "crowd" else alt.alt_text(facts, chart)


def notes_at_size(facts: Facts, chart: str, size: str) -> str:
    """The notes line of ``chart`` drawn at ``size``: its notes, and how many marks the labels
    left unlabelled at that size for lack of room (:mod:`analysis.spec.layout`)."""
    labelled = {"crowd": (crowd_spec,), "arrests": (arrests_spec,), "responses": (responses_spec,)}
    labelled["combined"] = labelled["crowd"] + labelled["arrests"] + labelled["responses"]
    hidden = sum(len(make(facts, size).hidden_labels) for make in labelled.get(chart, ()))
    # the note about claims only where the chart at this size writes one
    claims = claims_written(crowd_spec(facts, size)) if chart in ("crowd", "combined") else None
    return words.unlabelled_notes(words.notes_line(facts, chart, claims=claims), hidden)


#: The map's article sizes: each its own specification, laid out on its own canvas.
MAP_SIZES = (("article", 640, ""), ("article-wide", 1280, ""), ("phone", PHONE_WIDTH_PX, "phone"))


def _export_map(
    facts: Facts, out: Path, text: dict[str, str], formats: tuple[str, ...]
) -> ArticleChart:
    """The map at 640 and 1,280 px and on a phone, each from the specification of its size:
    its labels decided on that size's canvas, and its notes line naming what that size does
    not label."""
    import matplotlib.pyplot as plt

    paths: list[Path] = []
    for size, width, suffix in MAP_SIZES:
        spec = map_spec(facts, size)
        fig = map_figure(spec)
        phone = bool(suffix)
        size_formats = tuple(f for f in formats if f in PHONE_FORMATS) or formats
        try:
            written = export_chart(
                fig, f"map-{suffix}" if phone else "map", out,
                **(text | {"notes": spec.words.notes}), widths=(width,),
                formats=size_formats if phone else formats,
            )  # fmt: skip
        finally:
            plt.close(fig)
        paths += [p for p in written.paths if p.suffix != ".txt" or size == "article"]
    # the alt text is listed once, after the images (as for the other charts)
    paths = [p for p in paths if p.suffix != ".txt"] + [p for p in paths if p.suffix == ".txt"]
    return ArticleChart("map", text["title"], text["subtitle"], text["alt_text"], tuple(paths))


def export_article_charts(
    facts: Facts,
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = ("png", "svg", "pdf"),
) -> list[ArticleChart]:
    """Draw and export every article chart of a selection (:data:`ARTICLE_CHARTS`) that has
    something to show (:func:`analysis.spec.showing.shows`) into ``out_dir`` with
    :func:`export_article`; returns them in that order. A chart with nothing to show writes no
    file: its sentence (:func:`analysis.spec.showing.sentence`) says why."""
    return [
        export_article(facts, name, out_dir, formats=formats)
        for name in ARTICLE_CHARTS
        if showing.shows(facts, name)
    ]


def exports_table(charts: list[ArticleChart], out_dir: str | Path) -> pd.DataFrame:
    """Return the exported charts as a table for a report: headline, files, preview, alt text.

    ``preview`` is the path of the 640-px PNG relative to the report folder (the parent of
    ``out_dir``), so a report can link to it.
    """
    base = Path(out_dir)
    previews = []
    for chart in charts:
        pngs = [p for p in chart.files if p.suffix == ".png"]
        previews.append(f"{base.name}/{pngs[0].relative_to(base).as_posix()}" if pngs else None)
    return pd.DataFrame(
        {
            "Chart": [c.name for c in charts],
            "Headline": [c.title for c in charts],
            "Preview": [Path(p).name if p else None for p in previews],
            "preview": previews,
            "Files": [", ".join(c.file_names(base)) for c in charts],
            "Alt text": [c.alt_text for c in charts],
        }
    )
