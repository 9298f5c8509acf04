"""A report's chart page: every article chart with its preview, alt text, downloads and data.

:func:`export_chart_page` writes, into a report's ``charts/`` folder, the article charts of a
selection (:func:`analysis.publish.articles.export_article_charts`), one "Get the data" CSV per
chart holding exactly the figures it draws (:func:`analysis.charts.chartdata.chart_data`, written
by the formula-safe :func:`analysis.publish.csvfiles.write_csv`), the TimelineJS sheet of the
selection (:func:`analysis.publish.timelinejs.write_timelinejs`) and ``index.html``, a page
listing each chart with its 640-px preview (the alt text as ``alt``; the image carries the
headline, subtitle, source and notes, which the page keeps as text to copy in a fold, not printed
a second time) and links to every file. The page is one self-contained
HTML file: no script, no CDN, every text from the data escaped, readable on a phone.

A chart with nothing to show (:mod:`analysis.spec.showing`) is not exported and has no data
file: its section on the page holds its sentence instead of the preview and the downloads.

The folder may be new or one this module wrote before (it leaves a list of its files,
:data:`OWNED_FILE`); it never overwrites a file it did not write. A rerun removes the files it
wrote earlier for a chart that now has nothing to show (only those it listed), and writes a
chart again once the data give it something to show.
"""

from __future__ import annotations

import html
import json
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from analysis.charts.chartdata import chart_data, reader_words
from analysis.errors import ParameterError
from analysis.fmt import format_count
from analysis.prep.facts import Facts
from analysis.publish.articles import (
    ARTICLE_CHARTS,
    PHONE_SUFFIX,
    ArticleChart,
    export_article_charts,
    notes_at_size,
)
from analysis.publish.atomic import write_text_atomic
from analysis.publish.chronology import HTML_FILE as CHRONOLOGY_HTML
from analysis.publish.chronology import MARKDOWN_FILE as CHRONOLOGY_MD
from analysis.publish.chronology import write_chronology
from analysis.publish.csvfiles import write_csv
from analysis.publish.timelinejs import write_timelinejs
from analysis.spec import showing, words
from analysis.spec.chronology import Chronology, build_chronology

#: The page, the TimelineJS sheet, each chart's data, and the list of files written here.
PAGE_FILE = "index.html"
TIMELINE_FILE = "timelinejs.csv"
DATA_SUFFIX = "-data.csv"
OWNED_FILE = ".chart-page.json"
#: Every event of the selection, the report's events table as CSV (:func:`write_events_csv`).
EVENTS_FILE = "events.csv"
#: Files :func:`export_article_charts` writes: ``<chart>-<width>.<format>``, ``<chart>.txt``
#: and the phone variant ``<chart>-phone-<width>.png`` and ``.svg`` (with ``<chart>-phone.txt``).
_EXPORT_NAME = re.compile(
    rf"^(?P<chart>[a-z0-9_]+?)(?P<phone>-{PHONE_SUFFIX})?(?:-(?P<width>\d+))?"
    r"\.(?P<ext>png|svg|pdf|txt)$"
)
#: The export records beside them (:mod:`analysis.publish.exportrecord`): what made the files.
_RECORD_NAME = re.compile(rf"^\.(?P<chart>[a-z0-9_]+?)(?:-{PHONE_SUFFIX})?(?:-\d+)+\.export\.json$")
_FORMAT_NAMES = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "txt": "Alt text"}

PAGE_CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a;
       max-width: 760px; margin: 0 auto; padding: 1rem 1rem 3rem; overflow-wrap: break-word; }
nav { font-size: 0.85rem; color: #555; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.8rem 0 0.3rem; }
h2 { font-size: 1.15rem; line-height: 1.3; margin: 0 0 0.2rem; }
.lede, .subtitle { color: #444; margin-top: 0; }
.kicker { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: #555;
          margin: 0 0 0.2rem; }
section { border-top: 1px solid #ddd; padding: 1.2rem 0 0.6rem; margin-top: 1rem; }
.no-chart { font-size: 1.05rem; margin: 0.4rem 0; padding: 0.6rem 0.8rem; background: #f4f6f8;
            border-left: 3px solid #8a9bb0; }
img { display: block; max-width: 100%; height: auto; border: 1px solid #e5e5e5; margin: 0.6rem 0; }
.small { font-size: 0.85rem; color: #444; margin: 0.2rem 0; }
ul.files { list-style: none; padding: 0; margin: 0.6rem 0; display: flex; flex-wrap: wrap;
           gap: 0.4rem; }
ul.files a { display: inline-block; padding: 0.25rem 0.55rem; border: 1px solid #b9c6d3;
             border-radius: 4px; text-decoration: none; color: #0b4f8a; font-size: 0.9rem; }
ul.files a.data { background: #0b4f8a; border-color: #0b4f8a; color: #fff; font-weight: 600; }
a:focus-visible { outline: 2px solid #0b62a4; outline-offset: 2px; }
details { margin: 0.4rem 0; }
summary { cursor: pointer; font-weight: 600; }
dl { font-size: 0.9rem; } dt { font-weight: 600; } dd { margin: 0 0 0.4rem 1rem; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #555; border-top: 1px solid #ddd;
         padding-top: 0.6rem; }
"""

#: What each article chart shows, as the page names it (the headlines state findings, and two
#: charts may share one).
CHART_KINDS = {
    "combined": "Combined chart: crowds, arrests and official responses on one time axis",
    "crowd": "Crowd sizes",
    "arrests": "Arrests and detentions",
    "responses": "Official responses",
    "map": "Locator map: where the demonstrations were",
}

#: What the columns of a chart's data CSV mean (for the page's "What the columns mean").
COLUMN_NOTES = {
    "panel": "the panel of the chart the mark is on: crowd, arrests or responses",
    "mark": "what the row is: one demonstration, a day's added figures, a total, a response",
    "series": "for arrests, which of the two series (never added together)",
    "start, end": "the first and last day the mark covers (YYYY-MM-DD)",
    "when": "the same in words, as precisely as the source dates it",
    "low, high": "the lowest and highest figure drawn (empty: no figure is drawn)",
    "value": "the height the mark is drawn at",
    "at_least": "yes when the figure is a floor (\u201cat least\u201d)",
    "figure": "the figure as the chart labels it",
    "kind": "counted; low-reliability sources only (drawn hollow, in no total); official's "
    "claim, not a count; size not reported; or total of counted crowds",
    "disputed": "yes where the sources disagree: the mark spans their figures",
    "status": "Happened, or Announced only (a response announced, not reported as carried out)",
    "wording, estimate_by, estimator": "the source's own words, and who made a crowd estimate",
    "sources": "the publications, each with its reliability grade",
    "n, n_events": "for a mark that groups events (a day's marks once a panel has too many to "
    "draw one by one, a day's or week's total), how many it groups; for a total, n_events counts "
    "every demonstration drawn in its period, with a size or not",
    "event_ids": "the rows of data/events.csv behind the mark (for a grouped mark, every one)",
    "place, lon, lat": "map: the place as the gazetteer (data/places.csv) names it, and its "
    "coordinates in degrees",
    "precision, approximate": "map: how precisely the place is known (address, venue, "
    "neighborhood, city); approximate is yes when only the town is known",
    "demonstrations, counted": "map: demonstrations there, and how many have a counted size",
    "largest": "map: the largest reported crowd there (figures from low-reliability sources "
    "only are left out); with at_least and figure as above",
}


@dataclass(frozen=True)
class ChartPage:
    """What :func:`export_chart_page` wrote: the page, the charts, their data, the sheet."""

    path: Path
    charts: tuple[ArticleChart, ...]
    data: dict[str, Path] = field(default_factory=dict)
    timeline: Path | None = None
    chronology: tuple[Path, ...] = ()
    #: The sentence of each article chart with nothing to show, which is not exported.
    sentences: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        """Every file written, the page last."""
        out = [p for chart in self.charts for p in chart.files]
        out += list(self.data.values())
        out += [self.timeline] if self.timeline else []
        out += list(self.chronology)
        return [*out, self.path]


def _owned(out: Path) -> set[str]:
    try:
        listed = json.loads((out / OWNED_FILE).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {str(name) for name in listed} if isinstance(listed, list) else set()


def _ours(name: str) -> bool:
    """Whether ``name`` is a file name this module (or the chart export) would write."""
    match = _EXPORT_NAME.match(name) or _RECORD_NAME.match(name)
    return (
        name in (PAGE_FILE, TIMELINE_FILE, OWNED_FILE, EVENTS_FILE, CHRONOLOGY_HTML, CHRONOLOGY_MD)
        or name in {f"{chart}{DATA_SUFFIX}" for chart in ARTICLE_CHARTS}
        or bool(match and match.group("chart") in ARTICLE_CHARTS)
    )


def _chart_of(name: str) -> str | None:
    """The article chart a file name of this module belongs to (its images, alt texts, data)."""
    if name.endswith(DATA_SUFFIX) and name[: -len(DATA_SUFFIX)] in ARTICLE_CHARTS:
        return name[: -len(DATA_SUFFIX)]
    match = _EXPORT_NAME.match(name) or _RECORD_NAME.match(name)
    return match.group("chart") if match and match.group("chart") in ARTICLE_CHARTS else None


def _forget(out: Path, owned: set[str], charts: Sequence[str]) -> set[str]:
    """Remove the files this module listed as written for ``charts`` (charts that now have
    nothing to show) and return the list without them; any other file is left alone."""
    stale = {name for name in owned if _chart_of(name) in charts}
    for name in sorted(stale):
        (out / name).unlink(missing_ok=True)
    return owned - stale


def check_folder(out_dir: str | Path) -> Path:
    """Refuse a folder holding a file that the chart page would write but did not write.

    Returns the folder as a Path. A missing or empty folder is fine, and so is one holding
    the files this module listed in :data:`OWNED_FILE` the last time, and any file it would
    never write.

    Raises
    ------
    ParameterError
        Naming the first such file.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"output_dir {out} is not a folder")
    if not out.is_dir():
        return out
    owned = _owned(out)
    for path in sorted(out.iterdir()):
        if _ours(path.name) and path.name not in owned and path.name != OWNED_FILE:
            raise ParameterError(
                f"{path} was not written by the chart page; it is left alone and nothing "
                "was written: choose an empty folder for output_dir"
            )
    return out


def png_size(path: Path) -> tuple[int, int]:
    """The pixel width and height of a PNG file (read from its header)."""
    with path.open("rb") as handle:
        head = handle.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def _href(name: str) -> str:
    return html.escape(quote(name), quote=True)


def _file_links(chart: ArticleChart, data: Path | None) -> str:
    links = []
    if data is not None:
        links.append(
            f'<li><a class="data" href="{_href(data.name)}" download>Get the data (CSV)</a></li>'
        )
    for path in chart.files:
        match = _EXPORT_NAME.match(path.name)
        if not match:
            continue
        kind = _FORMAT_NAMES[match.group("ext")]
        width = match.group("width")
        label = f"{kind} {width} px" if width else f"{kind} (.txt)"
        label += " (phone)" if match.group("phone") else ""
        links.append(f'<li><a href="{_href(path.name)}" download>{html.escape(label)}</a></li>')
    return f'<ul class="files" aria-label="Downloads">{"".join(links)}</ul>'


def _css_width(path: Path) -> int | None:
    """The width in CSS pixels an exported file was drawn for (from its name), if any."""
    match = _EXPORT_NAME.match(path.name)
    return int(match.group("width")) if match and match.group("width") else None


def _phone(path: Path) -> bool:
    """Whether an exported file is a phone variant (the preview is the 640-px image)."""
    match = _EXPORT_NAME.match(path.name)
    return bool(match and match.group("phone"))


def _css_size(path: Path) -> tuple[int, int]:
    """The width and height in CSS pixels of an exported PNG (drawn at 2x or more)."""
    width, height = png_size(path)
    density = max(1, round(width / (_css_width(path) or width)))
    return width // density, height // density


def _preview(chart: ArticleChart) -> str:
    """The 640-px PNG, or on a screen narrower than that the phone variant when there is one."""
    pngs = [p for p in chart.files if p.suffix == ".png" and _css_width(p)]
    wide = [p for p in pngs if not _phone(p)]
    if not wide:
        return ""
    preview = min(wide, key=lambda p: _css_width(p) or 0)
    width, height = _css_size(preview)
    img = (
        f'<img src="{_href(preview.name)}" alt="{html.escape(chart.alt_text, quote=True)}" '
        f'width="{width}" height="{height}">'
    )
    phone = [p for p in pngs if _phone(p)]
    if not phone:
        return img
    narrow_w, narrow_h = _css_size(phone[0])
    return (
        f'<picture><source media="(max-width: {width - 1}px)" srcset="{_href(phone[0].name)}" '
        f'width="{narrow_w}" height="{narrow_h}">{img}</picture>'
    )


def _section(facts: Facts, chart: ArticleChart, data: Path | None, rows: int) -> str:
    esc = html.escape
    anchor = esc(chart.name, quote=True)
    what = (
        "per place the map marks, with its coordinates and its largest reported crowd"
        if chart.name == "map"
        else "per mark the chart draws, with the sources' wording and reliability"
    )
    data_note = (
        f'<p class="small">The data: {format_count(rows)} row{"s" if rows != 1 else ""}, one '
        f"{what}.</p>"
        if data is not None
        else ""
    )
    kind = CHART_KINDS.get(chart.name, chart.name)
    # The preview carries the headline, subtitle, source and notes: the page shows them once,
    # in the image, and keeps them as text to copy (and for screen readers) in a fold.
    words_to_copy = (
        ("Headline", chart.title),
        ("Subtitle", chart.subtitle),
        ("Source line", words.source_line(facts, chart.name)),
        ("Notes line", _notes(facts, chart.name)),
        ("Alt text", chart.alt_text),
    )
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-title">'
        f'<h2 id="{anchor}-title">{esc(kind)}</h2>'
        f"{_preview(chart)}"
        f"{_file_links(chart, data)}{data_note}"
        "<details><summary>The chart's words, as text to copy</summary><dl>"
        + "".join(f"<dt>{name}</dt><dd>{esc(text)}</dd>" for name, text in words_to_copy if text)
        + "</dl></details></section>"
    )


def _notes(facts: Facts, chart: str) -> str:
    """The notes line of the preview (the 640-px article chart): what that chart notes, no
    claim it does not write (:func:`analysis.publish.articles.notes_at_size`)."""
    if chart == "map":
        return words.notes_line(facts, chart)
    return notes_at_size(facts, chart, "article")


def _sentence_section(chart: str, sentence: str) -> str:
    """The section of a chart with nothing to show: what it is, and its sentence."""
    esc = html.escape
    anchor = esc(chart, quote=True)
    kind = CHART_KINDS.get(chart, chart)
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-title">'
        f'<h2 id="{anchor}-title">{esc(kind)}</h2>'
        f'<p class="no-chart">{esc(sentence)}</p></section>'
    )


def _sections(
    facts: Facts, charts: Sequence[ArticleChart]
) -> list[tuple[str, ArticleChart | None]]:
    """The page's chart sections in reading order: each exported chart, and each article chart
    with nothing to show (None), which the page states in a sentence."""
    exported = {c.name: c for c in charts}
    out: list[tuple[str, ArticleChart | None]] = []
    for name in ARTICLE_CHARTS:
        if name in exported:
            out.append((name, exported.pop(name)))
        elif not showing.shows(facts, name):
            out.append((name, None))
    return out + [(name, chart) for name, chart in exported.items()]


def render_chart_page(
    facts: Facts,
    charts: Sequence[ArticleChart],
    *,
    title: str,
    data: dict[str, Path] | None = None,
    rows: dict[str, int] | None = None,
    timeline: Path | None = None,
    links: Sequence[tuple[str, str]] = (),
    events: Path | None = None,
    chronology: Sequence[Path] = (),
) -> str:
    """Return the chart page's HTML (see the module docstring); every text is escaped.

    ``links`` are ``(href, text)`` pairs for the page's navigation (e.g. back to the report);
    ``data`` and ``rows`` give each chart's data CSV and its number of rows; ``events``, the
    report's table of every event as CSV (:func:`write_events_csv`), if it wrote one;
    ``chronology``, the chronology's page and Markdown file
    (:func:`analysis.publish.chronology.write_chronology`).
    """
    esc = html.escape
    data = data or {}
    rows = rows or {}
    nav = " · ".join(f'<a href="{esc(href, quote=True)}">{esc(text)}</a>' for href, text in links)
    shown = _sections(facts, charts)
    contents = "".join(
        f'<li><a href="#{esc(name, quote=True)}">{esc(CHART_KINDS.get(name, name))}</a></li>'
        for name, _chart in shown
    )
    sections = "".join(
        _section(facts, c, data.get(name), rows.get(name, 0))
        if c is not None
        else _sentence_section(name, showing.sentence(facts, name))
        for name, c in shown
    )
    untold = (
        " A chart whose marks would all stand on one day, in one period or at one place is "
        "not drawn: a sentence says what it would show."
        if any(c is None for _name, c in shown)
        else ""
    )
    sheet = ""
    if chronology:
        files = "".join(
            f'<li><a class="data" href="{_href(p.name)}">'
            f"{'Chronology (web page)' if p.suffix == '.html' else 'Chronology (Markdown)'}"
            "</a></li>"
            for p in chronology
        )
        sheet += (
            '<section id="chronology" aria-labelledby="chronology-title">'
            '<h2 id="chronology-title">Chronology</h2>'
            "<p>The selection's story, day by day: a short lede, then every event grouped by "
            "the periods of the charts' time axis, each in one sentence with its figures, the "
            "source's own words and the source's reliability. As a page that works offline "
            "and prints cleanly, and as Markdown to paste into a CMS.</p>"
            f'<ul class="files">{files}</ul></section>'
        )
    if timeline is not None:
        sheet += (
            '<section id="timelinejs" aria-labelledby="timelinejs-title">'
            '<h2 id="timelinejs-title">TimelineJS sheet</h2>'
            f"<p>One slide per event of this report ({format_count(len(facts.events))} "
            "events), grouped by the periods of the charts' time axis; a disputed figure is "
            "one slide quoting every source, headed by the most reliable one. Import it into "
            "a copy of Knight Lab's TimelineJS Google Sheets template (File &gt; Import &gt; "
            "Replace current sheet).</p>"
            f'<ul class="files"><li><a class="data" href="{_href(timeline.name)}" download>'
            "TimelineJS sheet (CSV)</a></li></ul></section>"
        )
    if events is not None:
        sheet += (
            '<section id="events" aria-labelledby="events-title">'
            '<h2 id="events-title">Every event</h2>'
            "<p>The report's table of every event of this report, one row per event with "
            "its figures (in words, and the lowest as a number), whether they are disputed, "
            "its sources with their reliability and its rows in <code>data/events.csv</code>."
            f'</p><ul class="files"><li><a class="data" href="{_href(events.name)}" download>'
            "Every event (CSV)</a></li></ul></section>"
        )
    columns = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in COLUMN_NOTES.items())
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="analysis.publish.chartpage">
<title>Charts: {esc(title)}</title>
<style>{PAGE_CSS}</style>
</head>
<body>
<header>{f'<nav aria-label="Report">{nav}</nav>' if nav else ""}
<h1>Charts for articles: {esc(title)}</h1>
<p class="lede">{esc(words.period_words(facts))}. Each chart comes as PNG (twice the pixels, for
sharp screens), SVG (editable text) and PDF, at 640 and 1,280 pixels wide, and as a PNG and an
SVG 390 pixels wide whose text reads at full size on a phone, with its alt text.
&ldquo;Get the data&rdquo; gives, as a CSV file, exactly the figures the chart draws, one row per
mark, with the sources' own wording, who estimated each crowd, and each source's
reliability.{untold}</p>
<nav aria-label="Charts on this page"><ul>{contents}</ul></nav>
</header>
<main>
{sections}
{sheet}
<section aria-labelledby="columns-title"><h2 id="columns-title">What the data columns mean</h2>
<dl>{columns}</dl>
<p class="small">A missing figure is an empty cell, never 0. Cells that a spreadsheet would run
as a formula start with an apostrophe.</p></section>
</main>
<footer>Written from the project's curated timeline, in which every event cites the news
reports it comes from; the charts, their data files and the words on this page all read the
same figures.</footer>
</body>
</html>
"""


def write_events_csv(frame: pd.DataFrame, out_dir: str | Path) -> Path:
    """Write ``frame`` (a report's events table) as :data:`EVENTS_FILE` into ``out_dir``.

    The CSV is formula-safe (:func:`analysis.publish.csvfiles.write_csv`) and written
    atomically; the file is listed as the chart page's own, so the page links it and a rerun
    may replace it.

    Raises
    ------
    ParameterError
        If the folder holds a file of the chart page's names that it did not write.
    """
    out = check_folder(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = sorted(_owned(out) | {EVENTS_FILE})
    write_text_atomic(out / OWNED_FILE, json.dumps({"files": names}, indent=1) + "\n")
    return write_csv(frame, out / EVENTS_FILE)


def export_chart_page(
    facts: Facts,
    out_dir: str | Path,
    *,
    title: str,
    links: Sequence[tuple[str, str]] = (),
    chronology: Chronology | None = None,
) -> ChartPage:
    """Write the article charts, their data, the TimelineJS sheet and the chart page.

    Parameters
    ----------
    facts
        The facts model of the selection.
    out_dir
        The folder (a report's ``charts/``); created if missing. It must not hold a file of
        the names written here that this module did not write (see :func:`check_folder`).
    title
        The report's title (plain text).
    links
        ``(href, text)`` pairs for the page's navigation, relative to the page.
    chronology
        The selection's chronology when the caller built it already (a report shows it
        before the charts): built here otherwise.

    Returns
    -------
    ChartPage

    Raises
    ------
    ParameterError
        If the folder holds a file this module did not write, before anything is written.
    """
    out = check_folder(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    untold = {
        name: showing.sentence(facts, name)
        for name in ARTICLE_CHARTS
        if not showing.shows(facts, name)
    }
    written: list[str] = sorted(_forget(out, _owned(out), untold))

    def record(paths: Sequence[Path]) -> None:  # listed before the page, so a rerun may replace
        names = sorted(set(written) | {p.name for p in paths})
        written[:] = names
        write_text_atomic(out / OWNED_FILE, json.dumps({"files": names}, indent=1) + "\n")

    record([])
    charts = tuple(export_article_charts(facts, out))
    phone_alt = [out / f"{c.name}-{PHONE_SUFFIX}.txt" for c in charts]
    records = [p for c in charts for p in c.records if p.is_file()]
    record([p for c in charts for p in c.files] + [p for p in phone_alt if p.is_file()] + records)
    data: dict[str, Path] = {}
    rows: dict[str, int] = {}
    for chart in charts:
        frame = chart_data(facts, chart.name)
        rows[chart.name] = len(frame)
        # in a reader's words, not codes (chartdata.reader_words; COLUMN_NOTES explains them)
        data[chart.name] = write_csv(reader_words(frame), out / f"{chart.name}{DATA_SUFFIX}")
    record(list(data.values()))
    # the chronology and the TimelineJS sheet say the same (one chronology, built once)
    told = chronology if chronology is not None else build_chronology(facts)
    timeline = write_timelinejs(facts, out / TIMELINE_FILE, title=title, chronology=told)
    record([timeline, out / CHRONOLOGY_HTML, out / CHRONOLOGY_MD, out / PAGE_FILE])
    back = [*links[:1], (PAGE_FILE, "Charts for articles")]  # the page is beside this one
    chronology = write_chronology(told, out, title=title, links=back)
    events = out / EVENTS_FILE
    page = render_chart_page(
        facts,
        charts,
        title=title,
        data=data,
        rows=rows,
        timeline=timeline,
        links=links,
        events=events if EVENTS_FILE in written and events.is_file() else None,
        chronology=chronology,
    )
    path = write_text_atomic(out / PAGE_FILE, page)
    return ChartPage(
        path=path,
        charts=charts,
        data=data,
        timeline=timeline,
        chronology=chronology,
        sentences=untold,
    )
