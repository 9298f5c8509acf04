"""What the report notebooks call to show things: renderer set-up, headings, tables, charts.

Notebooks stay thin: they call :func:`setup_notebook` once, then show frames and charts through
the helpers here. Tables (:mod:`analysis.report.htmltable`) are plain HTML with every cell
escaped and a few lines of inline JavaScript that sort them, offline; :func:`events_listing`
shows a selection's events a page at a time, searchable, with the whole table as a CSV file.

:func:`interactive_chart` shows a plotly chart of the facts model as a figure whose accessible
description is the model's alt text, resizing with the page, with hover boxes wrapped to fit a
phone and, through a few lines of inline JavaScript, any mark label that would be clipped or
would overlap another label hidden (its words stay in the mark's hover box).
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.report.htmltable import HtmlTable, plain_table, sortable_table
from analysis.report.prose import PageProse

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from analysis.prep.facts import Facts
    from analysis.report.data import ReportData
    from analysis.spec.chronology import Chronology

__all__ = [
    "ChartPageSummary",
    "HtmlTable",
    "InteractiveChart",
    "PageProse",
    "about_data",
    "chart_guide",
    "chart_page",
    "chronology",
    "events_listing",
    "heading",
    "interactive_chart",
    "note",
    "plain_table",
    "setup_notebook",
    "sortable_table",
    "summary",
]

_CHART_IDS = itertools.count(1)


@dataclass(frozen=True)
class Heading:
    """A report's title and subtitle, escaped, shown as HTML (the title is a parameter)."""

    title: str
    subtitle: str = ""

    def _repr_html_(self) -> str:
        sub = f'<p class="la-subtitle">{html.escape(self.subtitle)}</p>' if self.subtitle else ""
        return (
            '<h1 class="la-title">'
            + html.escape(self.title)
            + "</h1>"
            + sub
            + "<style>.la-subtitle { color: #444; font-size: 1.05em; margin-top: -0.3em; }</style>"
        )


@dataclass(frozen=True)
class Note:
    """A plain-text paragraph computed from the data, shown as escaped HTML (not as code).

    ``chart`` names the chart the paragraph stands in for, when it is a chart's sentence
    (:func:`interactive_chart` of a chart with nothing to show).
    """

    text: str
    chart: str = ""

    def _repr_html_(self) -> str:
        if self.chart:
            return (
                f'<p class="la-note la-chart-sentence" '
                f'data-chart="{html.escape(self.chart, quote=True)}">{html.escape(self.text)}</p>'
                f"<style>{SENTENCE_CSS}</style>"
            )
        return f'<p class="la-note">{html.escape(self.text)}</p>'


#: How a chart's sentence reads in a report: a short paragraph set apart like a chart.
SENTENCE_CSS = (
    ".la-chart-sentence { margin: 1em 0; padding: 0.6em 0.9em; max-width: 40em; "
    "background: #f4f6f8; border-left: 3px solid #8a9bb0; font-size: 1.05em; }"
)


def note(text: str) -> Note:
    """Return a displayable paragraph for a sentence computed from the data."""
    return Note(str(text))


@dataclass(frozen=True)
class ChronologySection:
    """The lede and the chronology of a selection as a report section (escaped HTML), and the
    chronology it was written from (pass it to :func:`chart_page`: built once per report)."""

    html: str
    chronology: Chronology | None = field(default=None, compare=False, repr=False)

    def _repr_html_(self) -> str:
        return self.html


def chronology(
    facts: Facts, output_dir: str | None = None, *, page: PageProse | None = None
) -> ChronologySection:
    """The selection's lede and day-by-day chronology
    (:func:`analysis.spec.chronology.build_chronology`), with a link to its page and Markdown
    file in ``output_dir`` (the report's ``charts/`` folder; the chart page writes them).

    The page shows the :data:`analysis.spec.significance.PAGE_ITEMS` most significant items,
    by the rule that chose the files' items, and says what it leaves out. The lede is the
    first telling of its findings: recorded in ``page`` (the report page's ledger,
    :class:`analysis.report.prose.PageProse`), later sections do not repeat its sentences.
    """
    from analysis.publish.chronology import (
        HTML_FILE,
        MARKDOWN_FILE,
        SECTION_CSS,
        chronology_html,
    )
    from analysis.spec.chronology import build_chronology
    from analysis.spec.significance import PAGE_ITEMS

    told = build_chronology(facts)
    if page is not None:
        page.say(told.lede, "in the opening paragraph")
    body = chronology_html(told, level=2, max_items=PAGE_ITEMS)
    files = ""
    if output_dir:
        base = html.escape(Path(output_dir).name, quote=True)
        files = (
            f'<p class="la-note">The chronology is also a page of its own, '
            f'<a href="{base}/{HTML_FILE}">{HTML_FILE}</a> (offline, prints cleanly), and '
            f'Markdown to paste into a CMS, <a href="{base}/{MARKDOWN_FILE}">{MARKDOWN_FILE}'
            "</a>.</p>"
        )
    return ChronologySection(f"<style>{SECTION_CSS}</style>{body}{files}", told)


def chart_guide(facts: Facts, guide: str) -> str:
    """How to read a chart, for this selection (:func:`analysis.report.guides.chart_guide`)."""
    from analysis.report.guides import chart_guide as guide_html

    return guide_html(facts, guide)


@dataclass(frozen=True)
class Summary:
    """A selection's summary as a short list of plain sentences, then its "About this data"
    line (escaped HTML)."""

    lines: tuple[tuple[str, str], ...]
    about: str = ""

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li><strong>{html.escape(topic)}.</strong> {html.escape(text)}</li>"
            for topic, text in self.lines
        )
        about = (
            f'<p class="la-note la-about">{html.escape(self.about)}</p>'
            "<style>.la-about { font-size: 0.9em; color: #555; }</style>"
            if self.about
            else ""
        )
        return f'<ul class="la-summary">{items}</ul>{about}'


def about_data(data: ReportData, facts: Facts | None = None) -> str:
    """Where a report's figures come from, in plain words: "About this data: this report is
    built from 33 of the 59 entries in the project's timeline." Reports that disagree about
    one event are merged into it, and the line says so. (The data version, a hash, is for
    whoever regenerates the page: it is in the page's "How this page was made" note.)"""
    from analysis.fmt import format_count, plural

    total = len(data.events)
    if facts is None:
        return f"About this data: {plural(total, 'entry', 'entries')} in the project's timeline."
    rows, events = facts.counts.rows, facts.counts.events
    which = (
        f"all {plural(total, 'entry', 'entries')}"
        if rows == total
        else f"{format_count(rows)} of the {plural(total, 'entry', 'entries')}"
    )
    merged = (
        f"; reports that disagree about the same event are merged, making {plural(events, 'event')}"
        if events < rows
        else ""
    )
    return f"About this data: this report is built from {which} in the project's timeline{merged}."


def summary(
    facts: Facts, data: ReportData | None = None, *, page: PageProse | None = None
) -> Summary:
    """The selection in a few plain sentences whose counts add up
    (:func:`analysis.charts.tables.overview`), with the "About this data" line when ``data``
    (the report's :class:`analysis.report.data.ReportData`) is given.

    With ``page`` (the report page's ledger), a sentence the page has said already (in the
    lede) is left out, and a topic with nothing left to say with it."""
    from analysis.charts import tables

    frame = tables.overview(facts)
    lines = tuple(zip(frame["topic"].astype(str), frame["text"].astype(str), strict=True))
    if page is not None:
        fresh = ((topic, page.fresh(text, "under \u201cIn short\u201d")) for topic, text in lines)
        # "Also reported, ..." with what it added to left out (the lede said it): "Reported, ..."
        lines = tuple((topic, _unlinked(text)) for topic, text in fresh if text)
    return Summary(lines, about_data(data, facts) if data is not None else "")


def _unlinked(text: str) -> str:
    """A summary line whose first sentence the page left out no longer says "Also"."""
    if text.startswith("Also "):
        return text[5].upper() + text[6:]
    return text


def heading(title: str, subtitle: str = "") -> Heading:
    """Return a displayable report heading (the notebook's ``title`` parameter and a subtitle)."""
    return Heading(str(title), str(subtitle))


@cache
def fit_chart_js() -> str:
    """Return the inline page script (``assets/fitchart.js``), read once on first use.

    Each chart carries it and it registers itself once per page. ``laDrawChart`` draws a chart
    from its desktop specification, or from its phone one where the chart is narrower than
    600 px, and redraws it when a resize crosses that width. ``laFitChart`` keeps the labels
    legible at any width: after every drawing (first plot, resize, zoom) it hides each x-axis
    tick label that would touch the one before it, then each mark label that would still be
    clipped at the chart's edge or cover a tick label, a panel title or note, the centre of a
    mark or another label, in drawing order, and says under the chart how many it hid. The
    hidden words stay in the marks' hover boxes.
    """
    return (Path(__file__).resolve().parent / "assets" / "fitchart.js").read_text("utf-8")


CHART_CSS = """
figure.la-chart { margin: 0 0 1em; max-width: 100%; }
.la-hidden-labels { font-size: 0.85em; color: #555; margin: 0.3em 0 0; }
.la-visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0;
  margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
"""

#: The interactive chart functions, by chart name (as in ``analysis.spec.words``).
INTERACTIVE_CHARTS = ("combined", "crowd", "arrests", "responses", "map")
#: Set once the first chart of this kernel has inlined plotly.js (later charts reuse it).
_PLOTLYJS = {"inlined": False}


@dataclass
class InteractiveChart:
    """A plotly chart shown as an accessible figure; Jupyter and nbconvert show its HTML.

    ``label`` names the figure (the chart's headline) and ``description`` describes it (the
    alt text); build it with :func:`interactive_chart`.
    """

    figure: go.Figure
    label: str
    description: str
    chart_id: str
    include_plotlyjs: bool = False
    chart: str = ""
    #: The chart drawn from its phone specification, shown where the chart is narrow.
    phone_figure: go.Figure | None = None
    #: The chart's reading guide (escaped HTML, :func:`chart_guide`), shown above it.
    guide: str = ""

    def _repr_html_(self) -> str:
        import json

        from analysis.report.plotlyjs import inline_tag

        figures = _figures_json(self.figure, self.phone_figure)
        config = json.dumps({"responsive": True, "displaylogo": False})
        height = int(self.figure.layout.height or 450)
        div = (
            f'<div style="height:{height}px; width:100%;">'
            f'<div id="{self.chart_id}" class="plotly-graph-div" '
            'style="height:100%; width:100%;"></div>'
            # laDrawChart calls Plotly.newPlot( for the first drawing, Plotly.react after
            f'<script>window.laDrawChart("{self.chart_id}", {{{figures}}}, {config});</script>'
            "</div>"
        )
        desc = f"{self.chart_id}-description"
        # plotly.js once per kernel, marked: the HTML report shares one copy per reports folder
        # instead (analysis.report.plotlyjs.share); the executed notebook keeps it inline.
        script = inline_tag() if self.include_plotlyjs else ""
        return (
            f"{self.guide}{script}<style>{CHART_CSS}</style><script>{fit_chart_js()}</script>"
            f'<figure class="la-chart" data-chart="{html.escape(self.chart, quote=True)}" '
            f'aria-label="{html.escape(self.label, quote=True)}" aria-describedby="{desc}">'
            f'<p id="{desc}" class="la-visually-hidden">{html.escape(self.description)}</p>'
            f"{div}</figure>"
        )


def _figures_json(wide: go.Figure, phone: go.Figure | None) -> str:
    """Both specifications' figures as the page script's ``{"wide": ..., "phone": ...}``.

    plotly's own JSON writer escapes "<", ">" and "/", so no text from the CSV can close the
    script. Most traces are the same at both sizes (only labels and their layout differ): the
    phone figure gives ``null`` for a trace equal to the desktop one at its place, which the
    page script fills in, so a page carries each trace once.
    """
    from plotly.io.json import to_json_plotly

    def as_dict(fig: go.Figure) -> dict:
        out = fig.to_dict()
        for trace in out.get("data", []):
            trace.pop("uid", None)
        return out

    wide_dict = as_dict(wide)
    parts = [f'"wide": {to_json_plotly(wide_dict)}']
    if phone is not None:
        phone_dict = as_dict(phone)
        wide_traces = [to_json_plotly(t) for t in wide_dict["data"]]
        phone_dict["data"] = [
            None if i < len(wide_traces) and to_json_plotly(t) == wide_traces[i] else t
            for i, t in enumerate(phone_dict["data"])
        ]
        parts.append(f'"phone": {to_json_plotly(phone_dict)}')
    return ", ".join(parts)


def interactive_chart(
    facts: Facts,
    chart: str,
    *,
    title: str | None = None,
    guide: str | None = None,
    page: PageProse | None = None,
) -> InteractiveChart | Note:
    """Return the interactive chart ``chart`` of ``facts``, ready to show in a report.

    ``chart`` is "combined", "crowd", "arrests", "responses" or "map"; the figure is drawn by
    :mod:`analysis.charts.interactive` from the model. The figure's accessible name is the
    chart's headline and its accessible description the alt text of the article chart
    (:func:`analysis.spec.alt.alt_text`), so a screen reader hears the same finding as a
    reader of the marks. The chart is drawn twice, from its desktop ("interactive") and its
    phone ("interactive-phone") specification, and the page shows the one that fits the
    chart's width (labels laid out for that width). The figure fills the width of the page
    and follows its resizing, its x-axis tick labels stay horizontal (those that would overlap
    are hidden), its legend sits at the bottom of the figure, below the tick labels however
    many rows it wraps to on a phone, and its hover boxes are wrapped to fit a phone
    (:func:`analysis.charts.hover.wrap_hover`).

    A chart with nothing to show (:mod:`analysis.spec.showing`: its marks at fewer than two
    positions) is not drawn: its sentence, the chart's finding and why no chart is drawn, is
    returned instead as a short paragraph (:class:`Note`). With ``page`` (the report page's
    ledger, :class:`analysis.report.prose.PageProse`), the paragraph leaves out the sentences
    the page has said already (where several charts are sentences, their finding is one and
    the lede tells it): it keeps why no chart is drawn, or, with nothing new, points to where
    the finding was told (:func:`told_above`).

    ``guide`` names the reading guide shown above a drawn chart (:data:`GUIDES`; default the
    chart's own, "" for none): how to read the chart is printed only where there is a chart to
    read, never above the sentence that stands in for one.

    Raises
    ------
    ParameterError
        For an unknown chart name.
    """
    from analysis.charts import interactive
    from analysis.charts.hover import wrap_hover
    from analysis.errors import ParameterError
    from analysis.publish.articles import alt_at_size
    from analysis.spec import showing, words

    draw = {
        "combined": interactive.combined_plotly,
        "crowd": interactive.crowd_plotly,
        "arrests": interactive.arrests_plotly,
        "responses": interactive.responses_plotly,
        "map": interactive.map_plotly,
    }
    if chart not in draw:
        raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(INTERACTIVE_CHARTS)}")
    shown = showing.showing(facts, chart)
    if not shown.shows:
        if page is None:
            return Note(shown.sentence, chart=chart)
        text = page.fresh(shown.sentence, f"under \u201c{CHART_NAMES[chart]}\u201d")
        return Note(text or told_above(page, shown.sentence, chart), chart=chart)

    def page_figure(size: str) -> go.Figure:
        fig = draw[chart](facts, title=title, size=size)
        fig.update_layout(autosize=True, width=None)
        fig.update_xaxes(tickangle=0)
        if fig.layout.legend.orientation == "h":  # below everything, not over the tick labels
            fig.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"})
        if chart == "map":
            _fit_map(fig, facts)
        wrap_hover(fig)
        return fig

    include = not _PLOTLYJS["inlined"]
    _PLOTLYJS["inlined"] = True
    return InteractiveChart(
        figure=page_figure("interactive"),
        phone_figure=page_figure("interactive-phone"),
        label=words.headline(facts, chart),
        description=alt_at_size(facts, chart, "article"),  # the article chart's alt text
        chart_id=f"la-chart-{next(_CHART_IDS)}",
        include_plotlyjs=include,
        chart=chart,
        guide=chart_guide(facts, chart if guide is None else guide),
    )


#: The interactive map's tallest plot area, and what its title, margins and legend add (px).
MAP_MAX_PX, MAP_EXTRA_PX = 560, 130


def _fit_map(fig: go.Figure, facts: Facts) -> None:
    """Let the map fill the page's width and keep its shape at any width (the page's script
    sets its height from its width and ``layout.meta``), with narrow side margins."""
    from analysis.spec.map import height_for_width

    if facts.map.extent is None or facts.map.places.empty:
        return
    margin = fig.layout.margin
    fig.update_layout(
        margin={"l": 8, "r": 8},
        meta={
            **(fig.layout.meta or {}),
            "laMapRatio": height_for_width(facts.map.extent, 1.0),
            "laMapMax": MAP_MAX_PX,
            # the title, the size key and the legend: what the map's own margins hold
            "laMapExtra": int((margin.t or 0) + (margin.b or 0)) or MAP_EXTRA_PX,
            # its place labels: the first annotations, hidden where they do not fit
            "laMapLabels": sum(
                1 for a in fig.layout.annotations if (a.name or "").startswith("label:")
            ),
        },
    )


#: Each article chart as a reader knows it (the chart page's table lists them by these names).
CHART_NAMES = {
    "combined": "Crowds, arrests and responses",
    "crowd": "Crowd sizes",
    "arrests": "Arrests",
    "responses": "Official responses",
    "map": "Map of the demonstrations",
}


def told_above(page: PageProse, sentence: str, chart: str) -> str:
    """A pointer standing in for a chart's sentence that the page has told already: "No chart
    of crowd sizes: its finding is told above, in the opening paragraph." (one per chart)."""
    where = page.told_in(sentence)
    what = "No map" if chart == "map" else f"No chart of {CHART_NAMES[chart].lower()}"
    return f"{what}: its finding is told above{', ' + where if where else ''}."


@dataclass(frozen=True)
class ChartPageSummary:
    """A note linking a report's chart page, and a table of its charts with their files."""

    page: str
    table: HtmlTable

    def _repr_html_(self) -> str:
        href = html.escape(self.page, quote=True)
        return (
            '<p class="la-note">Every chart below, with its preview, alt text, downloads and '
            f'its data (&ldquo;Get the data&rdquo;), is on the <a href="{href}">chart page'
            "</a>, together with the TimelineJS sheet of this report.</p>"
            + self.table._repr_html_()
        )


def chart_page(
    facts: Facts,
    output_dir: str,
    *,
    title: str,
    chronology: Chronology | None = None,
    page: PageProse | None = None,
) -> ChartPageSummary:
    """Write the article charts, their data, the TimelineJS sheet and the chart page.

    Calls :func:`analysis.publish.chartpage.export_chart_page` on ``output_dir`` and returns
    what a report shows of it: a link to the page and a table of the charts. When the report
    runner runs the notebook (``output_dir`` is the ``charts/`` folder of a report it is
    making), the page links back to the report and to the reports index. ``chronology`` is
    the one the report's section was written from (:func:`chronology`), else it is built.
    With ``page`` (the report page's ledger), a chart that is a sentence is listed with a
    pointer to where the report told it, not with its sentence again.
    """
    import pandas as pd

    from analysis.publish.articles import ARTICLE_CHARTS
    from analysis.publish.chartpage import PAGE_FILE, export_chart_page
    from analysis.report import folders

    out = Path(output_dir)
    links = (
        [("../index.html", "\u2190 The report"), ("../../index.html", "All reports")]
        if folders.is_run_dir(out.parent)
        else []
    )
    written = export_chart_page(facts, out, title=title, links=links, chronology=chronology)
    base = out.name
    charts = {c.name: c for c in written.charts}
    # every article chart in reading order; one with nothing to show has its sentence (or,
    # where the page told it, a pointer there), no data
    names = [n for n in ARTICLE_CHARTS if n in charts or n in written.sentences]

    def headline(name: str) -> str:
        if name in charts:
            return charts[name].title
        told = written.sentences[name]
        return told if page is None else told_above(page, told, name)

    frame = pd.DataFrame(
        {
            "Chart": [CHART_NAMES.get(n, n) for n in names],
            "Headline": [headline(n) for n in names],
            "page": [f"{base}/{PAGE_FILE}#{n}" for n in names],
            "Data": [written.data[n].name if n in charts else "none" for n in names],
            "data": [f"{base}/{written.data[n].name}" if n in charts else None for n in names],
        }
    )
    table = sortable_table(
        frame,
        columns=["Chart", "Headline", "Data"],
        links={"Headline": "page", "Data": "data"},
        sortable=False,
        label="The report's charts for articles, with their data",
    )
    return ChartPageSummary(page=f"{base}/{PAGE_FILE}", table=table)


#: Rows per page of a report's events table.
EVENTS_PAGE_SIZE = 25
#: The page budget of a report's events table: the rows it carries (its first page as HTML,
#: the others as compact JSON, about 0.25 kB a row: about 0.5 MB). A larger selection's page
#: carries its most significant events by the chronology's rule
#: (:mod:`analysis.spec.significance`), says so, and links the CSV that holds every event.
EVENTS_PAGE_ROWS = 2_000
#: The events table's columns, and the columns their links and sort keys come from.
EVENTS_COLUMNS = (
    "Date", "Type", "Event", "City", "Crowd", "Arrests", "Detained", "Disputed", "Sources",
)  # fmt: skip
EVENTS_SORT_KEYS = {
    "Date": "date_sort",
    "Crowd": "crowd_sort",
    "Arrests": "arrests_sort",
    "Detained": "detained_sort",
}


def events_listing(facts: Facts, output_dir: str | None) -> HtmlTable:
    """Every event of ``facts`` with its figures and sources, a page at a time.

    The table (:func:`analysis.charts.tables.events_table`) shows
    :data:`EVENTS_PAGE_SIZE` rows at a time, sortable by any column and searchable across
    every row, offline (:mod:`analysis.report.htmltable`). With ``output_dir`` (the report's
    ``charts/`` folder) the whole table is written there as ``events.csv``, formula-safe
    (:func:`analysis.publish.chartpage.write_events_csv`), and linked above the table. A
    selection of more than :data:`EVENTS_PAGE_ROWS` events keeps the page within its budget:
    the table holds the most significant of them (the chronology's rule) and says so.
    """
    from analysis.charts import tables
    from analysis.publish.chartpage import write_events_csv
    from analysis.spec import significance

    frame = tables.events_table(facts)
    download = None
    if output_dir:
        path = write_events_csv(tables.events_csv(frame), output_dir)
        href = f"{Path(output_dir).name}/{path.name}"
        download = (
            href,
            f"Download all {len(frame):,} event{'s' if len(frame) != 1 else ''} as a "
            "spreadsheet (CSV file)",
        )
    caption = (
        "Crowd: reported crowd size, or an official's claim, worded as a claim (not a count). "
        "Arrests: protesters arrested. "
        "Detained: people held by immigration agents."
    )
    shown = frame
    if len(frame) > EVENTS_PAGE_ROWS:  # the rows of events_table are the model's events
        kept = significance.rank(facts.events).to_numpy() < EVENTS_PAGE_ROWS
        shown = frame[kept]
        where = "the CSV above" if download else "the report's charts/events.csv"
        caption += (
            f" This page holds the {len(shown):,} most significant of the {len(frame):,} "
            f"events ({significance.RULE}), in date order; sorting and searching cover "
            f"those, and {where} holds every event."
        )
    return sortable_table(
        shown,
        columns=list(EVENTS_COLUMNS),
        links={"Event": "url"},
        sort_keys=EVENTS_SORT_KEYS,
        caption=caption,
        label="Every event, with its sources",
        page_size=EVENTS_PAGE_SIZE,
        download=download,
        noun=("event", "events"),
        part=len(shown) < len(frame),
    )


def setup_notebook() -> None:
    """Prepare a report kernel: plotly charts as self-contained HTML that survives nbconvert.

    Reports show their charts with :func:`interactive_chart`, which inlines plotly.js in the
    first chart's output. For a figure shown directly, the ``notebook`` renderer inlines
    plotly.js once, in the first such chart's output, which keeps reports working offline;
    ``plotly_mimetype`` (plotly's default in a kernel) would vanish from nbconvert's HTML.
    The project's kernelspec sets ``PLOTLY_RENDERER=notebook`` too; this covers a notebook
    opened with another kernel. Static charts need nothing here: the chart functions draw
    inside :func:`analysis.charts.style.house_style`. Safe to call more than once.
    """
    import plotly.io as pio

    if pio.renderers.default != "notebook":  # re-setting would inline plotly.js twice
        pio.renderers.default = "notebook"
