"""What the report notebooks call to show things: renderer set-up, headings, tables, charts.

Notebooks stay thin: they call :func:`setup_notebook` once, then show frames and charts through
the helpers here. Tables are plain HTML with every cell escaped (CSV text may contain ``<``,
``&`` or quotes) and a few lines of inline JavaScript that sort a column when its header is
clicked: no CDN, so a report sorts offline too. A table scrolls inside its own box on a narrow
screen; the box is a labelled region a keyboard can reach and scroll.

:func:`interactive_chart` shows a plotly chart of the facts model as a figure whose accessible
description is the model's alt text, resizing with the page, with hover boxes wrapped to fit a
phone and, through a few lines of inline JavaScript, any mark label that would be clipped or
would overlap another label hidden (its words stay in the mark's hover box).
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from analysis.prep.facts import Facts

_TABLE_IDS = itertools.count(1)
_CHART_IDS = itertools.count(1)

#: Inline sorter, registered once per page: click a header to sort, click again to reverse.
#: Cells sort by their ``data-sort`` attribute when present (ISO dates, numbers), else by text;
#: empty values always go last ("not reported" is not the smallest number).
SORTER_JS = """
(function () {
  if (window.__laSortable) { return; }
  window.__laSortable = true;
  function key(cell) {
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    raw = raw.trim();
    if (raw === '') { return null; }
    var num = Number(raw);
    return isNaN(num) ? raw.toLowerCase() : num;
  }
  function sortBy(th) {
    var table = th.closest('table');
    var body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function (h) {
      h.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      if (x === null || y === null) { return (x === null) - (y === null); }
      if (typeof x !== typeof y) { x = String(x); y = String(y); }
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.addEventListener('click', function (event) {
    var th = event.target.closest && event.target.closest('table.la-sortable th');
    if (th) { sortBy(th); }
  });
  document.addEventListener('keydown', function (event) {
    var th = event.target.closest && event.target.closest('table.la-sortable th');
    if (th && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); sortBy(th); }
  });
})();
"""

TABLE_CSS = """
.la-table-wrap table.la-table { border-collapse: collapse; font-size: 13px; width: 100%; margin: 0;
  table-layout: auto; }
.la-table-wrap table.la-table th, .la-table-wrap table.la-table td { text-align: left;
  vertical-align: top; padding: 4px 8px; border: 0; border-bottom: 1px solid #e3e3e3;
  max-width: none; }
.la-table-wrap table.la-table th { background: #f6f6f6; position: sticky; top: 0;
  font-weight: 600; }
.la-table-wrap table.la-sortable th { cursor: pointer; user-select: none; }
.la-table-wrap table.la-sortable th::after { content: " \\2195"; color: #aaa; font-size: 11px; }
.la-table-wrap table.la-sortable th[aria-sort="ascending"]::after { content: " \\2191";
  color: #333; }
.la-table-wrap table.la-sortable th[aria-sort="descending"]::after { content: " \\2193";
  color: #333; }
.la-table-wrap table.la-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.la-table-wrap { max-height: 640px; overflow: auto; border: 1px solid #e3e3e3; margin-bottom: 1em;
  max-width: 100%; }
.la-table-wrap:focus-visible { outline: 2px solid #0b62a4; outline-offset: 2px; }
/* break-word breaks a word only where it would overflow ("anywhere" also narrows columns). */
.la-table-wrap table.la-table td { max-width: 26em; overflow-wrap: break-word; }
@media (max-width: 600px) {
  .la-table-wrap.la-cards { max-height: none; overflow: visible; border: 0; }
  .la-cards table.la-table, .la-cards table.la-table tbody, .la-cards table.la-table tr,
  .la-cards table.la-table td { display: block; width: auto; max-width: none; }
  .la-cards table.la-table thead tr { display: flex; flex-wrap: wrap; gap: 4px;
    margin-bottom: 6px; }
  .la-cards table.la-table th { position: static; border: 1px solid #d5d5d5; border-radius: 3px;
    padding: 2px 6px; font-size: 12px; }
  .la-cards table.la-table tbody tr { border-top: 1px solid #cfcfcf; padding: 6px 2px; }
  .la-cards table.la-table td, .la-cards table.la-table td.num { border: 0; padding: 1px 0;
    text-align: left; }
  .la-cards table.la-table:not(.la-sortable) thead { position: absolute; width: 1px;
    height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0); }
  .la-cards table.la-table td:empty { display: none; }
  .la-cards table.la-table td::before { color: #555; font-size: 12px; }
}
.la-caption { font-size: 12px; color: #555; margin: 4px 0 4px; }
.la-note { font-size: 14px; margin: 0.5em 0; }
"""


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (TypeError, ValueError):
        return False


def _safe_href(url: str) -> str | None:
    """Return an escaped href for http(s) URLs and relative paths only.

    A CSV could hold ``javascript:`` or ``data:`` links; any other scheme is refused.
    """
    url = url.strip()
    if not url:
        return None
    scheme = url.split("/", 1)[0]
    if url.lower().startswith(("http://", "https://")) or ":" not in scheme:
        return html.escape(url, quote=True)
    return None


#: A table with more columns than this becomes a list of cards on a phone (one card per row,
#: each value after its column's name); narrower tables stay tables.
CARD_COLUMNS = 3


def _css_string(text: str) -> str:
    """``text`` inside a CSS string: quotes, backslashes, line ends and ``<`` as escapes."""
    return "".join(c if c.isalnum() or c in " .,;:()-_'" else f"\\{ord(c):x} " for c in text)


@dataclass
class HtmlTable:
    """An HTML table for notebook outputs and HTML reports; its columns sort on click if asked.

    Build it with :func:`sortable_table` or :func:`plain_table`. Jupyter and nbconvert show it
    through :meth:`_repr_html_`.
    """

    rows: list[list[str]]
    header: list[str]
    numeric: set[int] = field(default_factory=set)
    caption: str = ""
    table_id: str = ""
    sortable: bool = True
    label: str = ""

    def region_label(self) -> str:
        """The accessible name of the table's scrolling box: its label, caption or columns."""
        if self.label or self.caption:
            return self.label or self.caption
        return "Table: " + ", ".join(self.header[:4]) + (", …" if len(self.header) > 4 else "")

    def _repr_html_(self) -> str:
        tab = ' tabindex="0"' if self.sortable else ""
        head = "".join(f'<th scope="col"{tab}>{html.escape(h)}</th>' for h in self.header)
        body = "\n".join("<tr>" + "".join(row) + "</tr>" for row in self.rows)
        caption = f'<p class="la-caption">{html.escape(self.caption)}</p>' if self.caption else ""
        kind = "la-table la-sortable" if self.sortable else "la-table"
        script = f"<script>{SORTER_JS}</script>" if self.sortable else ""
        # The box scrolls when the table is wider or taller than it: a keyboard user reaches
        # it with Tab (tabindex) and scrolls it with the arrow keys; a screen reader names it.
        region = (
            f'role="region" aria-label="{html.escape(self.region_label(), quote=True)}" '
            'tabindex="0"'
        )
        cards = len(self.header) > CARD_COLUMNS
        wrap = "la-table-wrap la-cards" if cards else "la-table-wrap"
        return (
            f"<style>{TABLE_CSS}{self._card_labels() if cards else ''}</style>{caption}"
            f'<div class="{wrap}" {region}><table class="{kind}" id="{self.table_id}">'
            f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>{script}"
        )

    def _card_labels(self) -> str:
        """CSS naming each cell's column when a phone shows the rows as cards."""
        rules = "".join(
            f"#{self.table_id} td:nth-child({i}):not(:empty)::before "
            f'{{ content: "{_css_string(h)}: "; }}'
            for i, h in enumerate(self.header, start=1)
        )
        return f"@media (max-width: 600px) {{ {rules} }}"


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
    """A plain-text paragraph computed from the data, shown as escaped HTML (not as code)."""

    text: str

    def _repr_html_(self) -> str:
        return f'<p class="la-note">{html.escape(self.text)}</p>'


def note(text: str) -> Note:
    """Return a displayable paragraph for a sentence computed from the data."""
    return Note(str(text))


def heading(title: str, subtitle: str = "") -> Heading:
    """Return a displayable report heading (the notebook's ``title`` parameter and a subtitle)."""
    return Heading(str(title), str(subtitle))


def _cell(value: Any, *, numeric: bool, link: str | None, sort_key: Any, keyed: bool) -> str:
    if _is_missing(value):
        text, sort = "", ""
    elif isinstance(value, float) and value.is_integer():
        text, sort = f"{int(value):,}", str(int(value))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text, sort = f"{value:,}", str(value)
    elif hasattr(value, "strftime"):
        text = sort = value.strftime("%Y-%m-%d")
    else:
        text, sort = str(value), None
    if keyed:  # sorted by its key column: a missing key sorts last, whatever the text says
        sort = "" if _is_missing(sort_key) else str(sort_key)
    inner = html.escape(text)
    href = _safe_href(link) if isinstance(link, str) else None
    if href and inner:
        inner = f'<a href="{href}" rel="noopener noreferrer">{inner}</a>'
    attrs = ' class="num"' if numeric else ""
    if sort is not None:
        attrs += f' data-sort="{html.escape(sort, quote=True)}"'
    return f"<td{attrs}>{inner}</td>"


def sortable_table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    links: Mapping[str, str] | None = None,
    sort_keys: Mapping[str, str] | None = None,
    caption: str = "",
    sortable: bool = True,
    label: str = "",
) -> HtmlTable:
    """Return ``frame`` as an offline, click-to-sort HTML table with every value escaped.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show, in their initial order.
    columns : mapping of column to header, or sequence of columns, optional
        Columns to show (and their headers); all columns by default.
    links : mapping of column to column, optional
        Make a column's text a link to the URL held in another column (http/https only).
    sort_keys : mapping of column to column, optional
        Sort a column by another column's values (e.g. a crowd range by its midpoint).
    caption : str
        A plain-text line above the table.
    sortable : bool
        Add the click-to-sort behaviour (see :func:`plain_table` for a static table).
    label : str
        What the table is, for screen readers (the name of its scrolling box); defaults to
        the caption, else the first column names.

    Returns
    -------
    HtmlTable
        Displayed as HTML by Jupyter and nbconvert.
    """
    if columns is None:
        columns = {c: str(c) for c in frame.columns}
    elif not isinstance(columns, Mapping):
        columns = {c: str(c) for c in columns}
    links = dict(links or {})
    sort_keys = dict(sort_keys or {})
    names = list(columns)
    numeric = {
        i
        for i, c in enumerate(names)
        if str(frame[c].dtype).lower().startswith(("int", "float", "uint"))
    }
    rows = []
    for record in frame.to_dict("records"):
        rows.append(
            [
                _cell(
                    record[c],
                    numeric=i in numeric,
                    link=record.get(links[c]) if c in links else None,
                    sort_key=record.get(sort_keys[c]) if c in sort_keys else None,
                    keyed=c in sort_keys,
                )
                for i, c in enumerate(names)
            ]
        )
    return HtmlTable(
        rows=rows,
        header=[columns[c] for c in names],
        numeric=numeric,
        caption=caption,
        table_id=f"la-table-{next(_TABLE_IDS)}",
        sortable=sortable,
        label=label,
    )


def plain_table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    caption: str = "",
    label: str = "",
) -> HtmlTable:
    """Return ``frame`` as a static HTML table (escaped), for short summaries."""
    return sortable_table(frame, columns=columns, caption=caption, sortable=False, label=label)


#: Inline script, registered once per page, that keeps a chart's mark labels legible at any
#: width: after every drawing (first plot, resize, zoom) it hides each x-axis tick label that
#: would touch the one before it, then each mark label that would be clipped at the chart's
#: edge or would cover a tick label, a panel title or note, the centre of a mark or another
#: label, in drawing order. The hidden words stay in the marks' hover boxes. Each chart's
#: script calls ``laFitChart(gd)``.
FIT_CHART_JS = """
(function () {
  if (window.laFitChart) { return; }
  var TICK_GAP = 8, OWN_MARK = 10;
  function overlaps(a, b) {
    return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 &&
      b.top < a.bottom - 0.5;
  }
  function anchor(el) {  /* where a label is attached: its own mark is there */
    var m = el.getScreenCTM();
    if (!m) { return null; }
    return new DOMPoint(+el.getAttribute('x') || 0, +el.getAttribute('y') || 0).matrixTransform(m);
  }
  function fit(gd) {
    var svg = gd.querySelector('svg.main-svg');
    if (!svg) { return; }
    var frame = svg.getBoundingClientRect();
    var kept = [], marks = [];
    function place(el, gap) {
      el.style.display = '';
      el.removeAttribute('data-la-hidden');
      var r = el.getBoundingClientRect();
      if (!r.width || !el.textContent) { return; }
      var room = {left: r.left - gap, right: r.right + gap, top: r.top, bottom: r.bottom};
      var at = anchor(el);
      var inside = r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5 &&
        r.top >= frame.top - 0.5 && r.bottom <= frame.bottom + 0.5;
      var free = !kept.some(function (k) { return overlaps(room, k); }) &&
        !marks.some(function (k) {
          return overlaps(room, k) && !(at && Math.hypot(k.x - at.x, k.y - at.y) < OWN_MARK);
        });
      if (inside && free) { kept.push(r); }
      else { el.style.display = 'none'; el.setAttribute('data-la-hidden', 'label'); }
    }
    gd.querySelectorAll('.xaxislayer-above text').forEach(function (el) {
      place(el, TICK_GAP / 2);
    });
    /* a map's place labels are its first annotations (layout.meta.laMapLabels of them):
       placed below, largest crowd first, like the text labels of the other charts */
    var mapLabels = (gd.layout && gd.layout.meta && gd.layout.meta.laMapLabels) || 0;
    function isMapLabel(el) {
      var g = el.closest('g.annotation');
      return !!g && +g.getAttribute('data-index') < mapLabels;
    }
    /* the time charts' mark labels are annotations named "label:<key>" (a leader line, when
       they have one, is the shape "leader:<key>"); other annotations are fixed text */
    var notes = (gd.layout && gd.layout.annotations) || [], markLabels = [];
    gd.querySelectorAll('g.annotation').forEach(function (g) {
      if (isMapLabel(g)) { return; }
      var note = notes[+g.getAttribute('data-index')];
      if (note && typeof note.name === 'string' && note.name.indexOf('label:') === 0) {
        markLabels.push({el: g, key: note.name.slice(6)});
      } else {
        var r = g.getBoundingClientRect();
        if (r.width) { kept.push(r); }
      }
    });
    gd.querySelectorAll('.yaxislayer-above text').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && !isMapLabel(el)) { kept.push(r); }
    });
    gd.querySelectorAll('.scatterlayer .points path.point').forEach(function (el) {
      var r = el.getBoundingClientRect();  /* a label may touch a mark, not cover its middle */
      var dx = r.width / 4, dy = r.height / 4;
      if (r.width) {
        marks.push({left: r.left + dx, right: r.right - dx, top: r.top + dy, bottom: r.bottom - dy,
          x: r.left + r.width / 2, y: r.top + r.height / 2});
      }
    });
    var shapes = (gd.layout && gd.layout.shapes) || [], hiddenKeys = {};
    markLabels.forEach(function (label) {  /* in drawing order: claims, then largest first */
      place(label.el, 0);
      if (label.el.getAttribute('data-la-hidden') === 'label') { hiddenKeys[label.key] = true; }
    });
    gd.querySelectorAll('.shapelayer path').forEach(function (el) {
      var shape = shapes[+el.getAttribute('data-index')];
      if (shape && typeof shape.name === 'string' && shape.name.indexOf('leader:') === 0) {
        el.style.display = hiddenKeys[shape.name.slice(7)] ? 'none' : '';
      }
    });
    /* On a map the labels come largest crowd first: once one does not fit, the smaller
       places stay unlabelled too, so that a small crowd is never named where a big one is not */
    var ranked = !!(gd.layout && gd.layout.meta && gd.layout.meta.laMapRatio), full = false;
    var labels = Array.prototype.slice.call(
      gd.querySelectorAll('.scatterlayer .textpoint text'));
    gd.querySelectorAll('g.annotation text').forEach(function (el) {
      if (isMapLabel(el)) { labels.push(el); }
    });
    labels.forEach(function (el) {
      if (full && el.textContent) {
        el.style.display = 'none';
        el.setAttribute('data-la-hidden', 'label');
        return;
      }
      place(el, 0);
      full = ranked && el.getAttribute('data-la-hidden') === 'label';
    });
  }
  function fitMap(gd) {  /* a map keeps its shape: its height follows its width */
    var meta = gd.layout && gd.layout.meta, full = gd._fullLayout;
    if (!meta || !meta.laMapRatio || !full || !window.Plotly) { return false; }
    var plot = gd.clientWidth - full.margin.l - full.margin.r;
    var want = Math.round(Math.min(plot * meta.laMapRatio, meta.laMapMax) + meta.laMapExtra);
    if (plot > 0 && Math.abs(full.height - want) > 2) {
      gd.style.height = want + 'px';  /* the div's own height, and its wrapper's, */
      var wrapper = gd.parentElement;  /* were set when the page was written */
      if (wrapper && wrapper.style.height) { wrapper.style.height = want + 'px'; }
      window.Plotly.relayout(gd, {height: want, width: null, autosize: true});
      return true;
    }
    return false;
  }
  window.laFitChart = function (gd) {
    if (!gd || !gd.on) { return; }
    if (!gd.__laFit) {
      gd.__laFit = true;
      gd.on('plotly_afterplot', function () { if (!fitMap(gd)) { fit(gd); } });
    }
    if (!fitMap(gd)) { fit(gd); }  /* else fitted once the relayout is drawn */
  };
})();
"""

CHART_CSS = """
figure.la-chart { margin: 0 0 1em; max-width: 100%; }
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

    def _repr_html_(self) -> str:
        import plotly.io as pio

        div = pio.to_html(
            self.figure,
            full_html=False,
            include_plotlyjs=self.include_plotlyjs,
            include_mathjax=False,
            div_id=self.chart_id,
            config={"responsive": True, "displaylogo": False},
            post_script="window.laFitChart(document.getElementById('{plot_id}'));",
            default_width="100%",
            validate=False,
        )
        desc = f"{self.chart_id}-description"
        return (
            f"<style>{CHART_CSS}</style><script>{FIT_CHART_JS}</script>"
            f'<figure class="la-chart" data-chart="{html.escape(self.chart, quote=True)}" '
            f'aria-label="{html.escape(self.label, quote=True)}" aria-describedby="{desc}">'
            f'<p id="{desc}" class="la-visually-hidden">{html.escape(self.description)}</p>'
            f"{div}</figure>"
        )


def interactive_chart(facts: Facts, chart: str, *, title: str | None = None) -> InteractiveChart:
    """Return the interactive chart ``chart`` of ``facts``, ready to show in a report.

    ``chart`` is "combined", "crowd", "arrests", "responses" or "map"; the figure is drawn by
    :mod:`analysis.charts.interactive` from the model. The figure's accessible name is the
    chart's headline and its accessible description the alt text of the article chart
    (:func:`analysis.spec.words.alt_text`), so a screen reader hears the same finding as a
    reader of the marks. The figure fills the width of the page and follows its resizing, its
    x-axis tick labels stay horizontal (those that would overlap are hidden), its legend sits
    at the bottom of the figure, below the tick labels however many rows it wraps to on a
    phone, and its hover boxes are wrapped to fit a phone
    (:func:`analysis.charts.hover.wrap_hover`).

    Raises
    ------
    ParameterError
        For an unknown chart name.
    """
    from analysis.charts import interactive
    from analysis.charts.hover import wrap_hover
    from analysis.errors import ParameterError
    from analysis.spec import words

    draw = {
        "combined": interactive.combined_plotly,
        "crowd": interactive.crowd_plotly,
        "arrests": interactive.arrests_plotly,
        "responses": interactive.responses_plotly,
        "map": interactive.map_plotly,
    }
    if chart not in draw:
        raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(INTERACTIVE_CHARTS)}")
    fig = draw[chart](facts, title=title)
    fig.update_layout(autosize=True, width=None)
    fig.update_xaxes(tickangle=0)
    if fig.layout.legend.orientation == "h":  # below everything, not over the tick labels
        fig.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"})
    if chart == "map":
        _fit_map(fig, facts)
    wrap_hover(fig)
    include = not _PLOTLYJS["inlined"]
    _PLOTLYJS["inlined"] = True
    return InteractiveChart(
        figure=fig,
        label=words.headline(facts, chart),
        description=words.alt_text(facts, chart),
        chart_id=f"la-chart-{next(_CHART_IDS)}",
        include_plotlyjs=include,
        chart=chart,
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
            "</a>, together with the TimelineJS sheet of this selection.</p>"
            + self.table._repr_html_()
        )


def chart_page(facts: Facts, output_dir: str, *, title: str) -> ChartPageSummary:
    """Write the article charts, their data, the TimelineJS sheet and the chart page.

    Calls :func:`analysis.publish.chartpage.export_chart_page` on ``output_dir`` and returns
    what a report shows of it: a link to the page and a table of the charts. When the report
    runner runs the notebook (``output_dir`` is the ``charts/`` folder of a report it is
    making), the page links back to the report and to the reports index.
    """
    import pandas as pd

    from analysis.publish.chartpage import PAGE_FILE, export_chart_page
    from analysis.report import folders

    out = Path(output_dir)
    links = (
        [("../index.html", "\u2190 The report"), ("../../index.html", "All reports")]
        if folders.is_run_dir(out.parent)
        else []
    )
    page = export_chart_page(facts, out, title=title, links=links)
    base = out.name
    frame = pd.DataFrame(
        {
            "Chart": [c.name for c in page.charts],
            "Headline": [c.title for c in page.charts],
            "page": [f"{base}/{PAGE_FILE}#{c.name}" for c in page.charts],
            "Data": [page.data[c.name].name for c in page.charts],
            "data": [f"{base}/{page.data[c.name].name}" for c in page.charts],
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
