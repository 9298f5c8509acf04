"""What the report notebooks call to show things: renderer set-up, headings, sortable tables.

Notebooks stay thin: they call :func:`setup_notebook` once, then show frames and charts through
the helpers here. Tables are plain HTML with every cell escaped (CSV text may contain ``<``,
``&`` or quotes) and a few lines of inline JavaScript that sort a column when its header is
clicked: no CDN, so a report sorts offline too.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_TABLE_IDS = itertools.count(1)

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
.la-table-wrap { max-height: 640px; overflow: auto; border: 1px solid #e3e3e3; margin-bottom: 1em; }
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

    def _repr_html_(self) -> str:
        tab = ' tabindex="0"' if self.sortable else ""
        head = "".join(f'<th scope="col"{tab}>{html.escape(h)}</th>' for h in self.header)
        body = "\n".join("<tr>" + "".join(row) + "</tr>" for row in self.rows)
        caption = f'<p class="la-caption">{html.escape(self.caption)}</p>' if self.caption else ""
        kind = "la-table la-sortable" if self.sortable else "la-table"
        script = f"<script>{SORTER_JS}</script>" if self.sortable else ""
        return (
            f"<style>{TABLE_CSS}</style>{caption}"
            f'<div class="la-table-wrap"><table class="{kind}" id="{self.table_id}">'
            f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>{script}"
        )


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
    )


def plain_table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    caption: str = "",
) -> HtmlTable:
    """Return ``frame`` as a static HTML table (escaped), for short summaries."""
    return sortable_table(frame, columns=columns, caption=caption, sortable=False)


def setup_notebook() -> None:
    """Prepare a report kernel: plotly charts as self-contained HTML that survives nbconvert.

    The ``notebook`` renderer inlines plotly.js once, in the first chart's output, which keeps
    reports working offline; ``plotly_mimetype`` (plotly's default in a kernel) would vanish
    from nbconvert's HTML. The project's kernelspec sets ``PLOTLY_RENDERER=notebook`` too; this
    covers a notebook opened with another kernel. Static charts need nothing here: the chart
    functions draw inside :func:`analysis.charts.style.house_style`. Safe to call more than once.
    """
    import plotly.io as pio

    if pio.renderers.default != "notebook":  # re-setting would inline plotly.js twice
        pio.renderers.default = "notebook"
