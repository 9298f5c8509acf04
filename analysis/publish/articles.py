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
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis.charts import static
from analysis.charts.spec_matplotlib import legend_blocks, legend_height_in, map_legend_height_in
from analysis.charts.style import ARTICLE_WIDTH_IN, house_style
from analysis.errors import ParameterError
from analysis.prep.facts import Facts
from analysis.publish import exportrecord as record
from analysis.publish.export import DEFAULT_WIDTHS, STATIC_FORMATS, export_chart, export_paths
from analysis.publish.exportrecord import inputs_key
from analysis.spec import alt, showing, words
from analysis.spec.arrests import arrests_spec
from analysis.spec.crowd import claims_written, crowd_size_notes, crowd_spec
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
    #: The export records kept beside the files (:mod:`analysis.publish.exportrecord`).
    records: tuple[Path, ...] = ()

    def file_names(self, relative_to: Path | None = None) -> list[str]:
        """Return the written files as names (relative to ``relative_to`` when given)."""
        if relative_to is None:
            return [p.name for p in self.files]
        return [p.relative_to(relative_to).as_posix() for p in self.files]


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


#: Columns of a specification's marks that the matplotlib engine never reads (the interactive
#: charts' hover boxes): left out of the key of an export record.
UNDRAWN_COLUMNS = ("hover",)

_BUILDERS: dict[str, Callable[[Facts, str], ChartSpec]] = {
    "crowd": crowd_spec,
    "arrests": arrests_spec,
    "responses": responses_spec,
    "map": map_spec,
}


class Specs:
    """The chart specifications of one facts model, each built once and kept.

    An article chart reads its specification at a size up to five times (its figure, its
    notes line, its alt text, the combined chart's panels, the key of its export record):
    at 10,000 events each build costs about half a second, so it is built once per size.
    """

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._built: dict[tuple[str, str], ChartSpec] = {}
        self._digests: dict[tuple[str, str], str | None] = {}

    def __call__(self, chart: str, size: str) -> ChartSpec:
        """The specification of ``chart`` (crowd, arrests, responses or map) at ``size``."""
        key = (chart, size)
        if key not in self._built:
            self._built[key] = _BUILDERS[chart](self.facts, size)
        return self._built[key]

    def digest(self, chart: str, size: str) -> str | None:
        """The hash of a specification (:func:`analysis.publish.exportrecord.inputs_key`),
        worked out once: the combined chart's record reads its panels' too. The marks' hover
        texts (:data:`UNDRAWN_COLUMNS`) are left out: no static figure draws them, so a
        corrected title or source does not redraw every chart."""
        key = (chart, size)
        if key not in self._digests:
            spec = self(chart, size)
            layers = tuple(
                replace(layer, rows=layer.rows.drop(columns=list(UNDRAWN_COLUMNS), errors="ignore"))
                for layer in spec.layers
            )
            self._digests[key] = inputs_key(replace(spec, layers=layers))
        return self._digests[key]


def article_figure(facts: Facts, chart: str, *, phone: bool = False) -> Figure:
    """The matplotlib figure of one article chart (see :data:`ARTICLE_CHARTS`).

    ``phone`` draws the 390-px variant: the same marks, text at full size on a phone screen.
    """
    drawn = ("combined", *_BUILDERS)
    if chart not in drawn:
        raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(drawn)}")
    return _figure(Specs(facts), chart, "phone" if phone else "article")


def _drawing_inputs(specs: Specs, chart: str, size: str) -> tuple[object, ...]:
    """What the figure of ``chart`` at ``size`` is drawn from, besides its words: its
    specifications and the heights the model gives it (the key of its export record)."""
    phone = size == "phone"
    if chart == "combined":
        height = static.lanes_height_in(specs("responses", size))
        return (*(specs(c, size) for c in ("crowd", "arrests", "responses")), height)
    if chart == "responses":
        spec = specs(chart, size)
        return spec, static.lanes_height_in(spec) + 0.7
    heights = {"crowd": 3.6 if phone else 2.9, "arrests": 3.0, "map": 0.0}  # the map: its own
    return specs(chart, size), heights[chart]


def _figure(specs: Specs, chart: str, size: str) -> Figure:
    """Draw ``chart`` at ``size`` from :func:`_drawing_inputs` (nothing else of the model)."""
    inputs = _drawing_inputs(specs, chart, size)
    if chart == "combined":
        crowd, arrests, responses, _height = inputs
        return static.draw_combined(
            specs.facts, phone=size == "phone", specs=(crowd, arrests, responses)
        )
    spec, height = inputs
    if chart == "crowd":
        return _with_legend_axes(spec, height, static.draw_crowd_spec)
    if chart == "arrests":
        return _single_spec(static.draw_arrests_spec, spec, height)
    if chart == "responses":
        return _with_legend_axes(spec, height, static.draw_responses_spec)
    return map_figure(spec)


def _single_spec(draw: Callable[..., object], spec: ChartSpec, height_in: float) -> Figure:
    import matplotlib.pyplot as plt

    width = static.PHONE_WIDTH_IN if spec.phone else ARTICLE_WIDTH_IN
    with house_style():
        fig, ax = plt.subplots(figsize=(width, height_in), layout="constrained")
        draw(ax, spec)
    return fig


#: Formats of the phone variant: a PNG for the page and an SVG an editor can edit like the
#: article sizes' (its alt text is written beside them).
PHONE_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ExportUnit:
    """One figure of an article chart at one size, and the files it is written to."""

    chart: str
    size: str
    name: str
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    text: tuple[tuple[str, str], ...]

    @property
    def record(self) -> str:
        """The name of its export record (:mod:`analysis.publish.exportrecord`)."""
        return "-".join([self.name, *map(str, self.widths)])


def export_units(
    specs: Specs, chart: str, formats: tuple[str, ...] = STATIC_FORMATS
) -> list[ExportUnit]:
    """The figures of ``chart``: at 640 and 1,280 px (the map: one figure per width, each
    from the specification of its size) and on a phone, each with its words."""
    facts = specs.facts
    text = {
        "title": words.headline(facts, chart),
        "subtitle": words.subtitle(facts, chart),
        "source": words.source_line(facts, chart),
    }
    phone_formats = tuple(f for f in formats if f in PHONE_FORMATS) or formats
    if chart == "map":
        text["alt_text"] = alt.alt_text(facts, chart)
        return [
            ExportUnit(chart, size, f"map-{suffix}" if suffix else "map", (width,),
                       phone_formats if suffix else formats,
                       tuple((text | {"notes": specs("map", size).words.notes}).items()))
            for size, width, suffix in MAP_SIZES
        ]  # fmt: skip
    units = []
    for size in ("article", "phone"):
        said = text | {
            "notes": _notes_at_size(specs, chart, size),
            "alt_text": _alt_at_size(specs, chart, size),
        }
        phone = size == "phone"
        units.append(
            ExportUnit(chart, size, f"{chart}-{PHONE_SUFFIX}" if phone else chart,
                       (PHONE_WIDTH_PX,) if phone else DEFAULT_WIDTHS,
                       phone_formats if phone else formats, tuple(said.items()))
        )  # fmt: skip
    return units


def plan_unit(
    specs: Specs, unit: ExportUnit, out: Path, *, force: bool = False
) -> tuple[list[Path], str | None, bool]:
    """``unit``'s files in ``out``, the key of its inputs, and whether it must be drawn: its
    record does not say the same inputs made those files, unchanged since, or ``force``."""
    paths = export_paths(unit.name, out, unit.widths, unit.formats)
    inputs = _drawing_inputs(specs, unit.chart, unit.size)
    digests = [specs.digest(x.chart, x.size) if isinstance(x, ChartSpec) else x for x in inputs]
    key = None if None in digests else inputs_key(unit, digests)
    return paths, key, force or not record.unchanged(out, unit.record, key, paths)


def draw_unit(specs: Specs, unit: ExportUnit, out: Path, key: str | None) -> list[Path]:
    """Draw ``unit`` once per width, write its files and its record (``key``); the files."""
    import matplotlib.pyplot as plt

    fig = _figure(specs, unit.chart, unit.size)
    try:
        written = export_chart(fig, unit.name, out, **dict(unit.text), widths=unit.widths,
                               formats=unit.formats)  # fmt: skip
    finally:
        plt.close(fig)
    record.write_record(out, unit.record, key, written.paths)
    return written.paths


def export_article(
    facts: Facts,
    chart: str,
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = STATIC_FORMATS,
    force: bool = False,
    specs: Specs | None = None,
) -> ArticleChart:
    """Draw and export one article chart with its words, in one call:
    ``export_article(facts, "combined", "exports/")``.

    Writes ``<chart>-640`` and ``<chart>-1280`` in each of ``formats``, the 390-px phone
    variant ``<chart>-phone-390`` (PNG and SVG, those of ``formats``) and the alt texts; the
    headline, subtitle, source and notes lines are the chart's own
    (:mod:`analysis.spec.words`), so nothing is left to type. A figure whose inputs and files
    did not change since it was written there is not drawn again (its record:
    :mod:`analysis.publish.exportrecord`); ``force`` draws every figure. ``specs``: the
    model's specifications when the caller keeps them (:class:`Specs`).
    """
    if chart not in ARTICLE_CHARTS:
        raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(ARTICLE_CHARTS)}")
    specs = specs if specs is not None else Specs(facts)
    out = Path(out_dir)
    units = export_units(specs, chart, formats)
    written = []
    for unit in units:
        paths, key, needed = plan_unit(specs, unit, out, force=force)
        written.append(draw_unit(specs, unit, out, key) if needed else paths)
    return _article(units, written, out)


def _article(units: list[ExportUnit], written: list[list[Path]], out: Path) -> ArticleChart:
    """The exported chart of ``units``: the files of its first figure, then the images of the
    others (the map: its images, then its alt text), each alt text once."""
    text = dict(units[0].text)
    first, *others = written
    files = [*first, *(p for paths in others for p in paths if p.suffix != ".txt")]
    if units[0].chart == "map":
        files = [p for p in files if p.suffix != ".txt"] + [p for p in files if p.suffix == ".txt"]
    records = tuple(record.record_path(out, u.record) for u in units)
    return ArticleChart(units[0].chart, text["title"], text["subtitle"], text["alt_text"],
                        tuple(files), records)  # fmt: skip


def alt_at_size(facts: Facts, chart: str, size: str) -> str:
    """The alt text of ``chart`` drawn at ``size``: it reads out no claim whose label the
    layout left out at that size (the claim is not on that chart)."""
    return _alt_at_size(Specs(facts), chart, size)


def _alt_at_size(specs: Specs, chart: str, size: str) -> str:
    if chart == "crowd":
        return specs("crowd", size).words.alt
    return alt.alt_text(specs.facts, chart)


def notes_at_size(facts: Facts, chart: str, size: str) -> str:
    """The notes line of ``chart`` drawn at ``size``: its notes, and how many marks the labels
    left unlabelled at that size for lack of room (:mod:`analysis.spec.layout`)."""
    return _notes_at_size(Specs(facts), chart, size)


def _notes_at_size(specs: Specs, chart: str, size: str) -> str:
    labelled = {"crowd": ("crowd",), "arrests": ("arrests",), "responses": ("responses",)}
    labelled["combined"] = ("crowd", "arrests", "responses")
    hidden = sum(len(specs(c, size).hidden_labels) for c in labelled.get(chart, ()))
    # the note about claims only where the chart at this size writes one
    claims = claims_written(specs("crowd", size)) if chart in ("crowd", "combined") else None
    notes = words.notes_line(specs.facts, chart, claims=claims)
    if chart in ("crowd", "combined"):  # what the crowd panel does at this size
        return crowd_size_notes(notes, specs.facts, specs("crowd", size), hidden)
    return words.unlabelled_notes(notes, hidden)


#: The map's article sizes: each its own specification, laid out on its own canvas.
MAP_SIZES = (("article", 640, ""), ("article-wide", 1280, ""), ("phone", PHONE_WIDTH_PX, "phone"))


def export_article_charts(
    facts: Facts,
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = STATIC_FORMATS,
    force: bool = False,
    jobs: int | None = None,
) -> list[ArticleChart]:
    """Draw and export every article chart of a selection (:data:`ARTICLE_CHARTS`) that has
    something to show (:func:`analysis.spec.showing.shows`) into ``out_dir`` with
    :func:`export_article`; returns them in that order. A chart with nothing to show writes no
    file: its sentence (:func:`analysis.spec.showing.sentence`) says why. Figures whose inputs
    and files did not change are not drawn again (``force``: draw all); ``jobs`` processes
    draw the others at once (default :func:`export_jobs`; 1: in this process)."""
    from analysis.publish.parallel import draw_units

    specs = Specs(facts)
    out = Path(out_dir)
    charts = [name for name in ARTICLE_CHARTS if showing.shows(facts, name)]
    units = {name: export_units(specs, name, formats) for name in charts}
    flat = [u for name in charts for u in units[name]]
    written = dict(zip(flat, draw_units(specs, flat, out, force=force, jobs=jobs), strict=True))
    return [_article(units[n], [written[u] for u in units[n]], out) for n in charts]


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
