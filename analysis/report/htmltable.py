"""HTML tables for notebook outputs and reports: escaped, sortable, paged, offline.

Every cell is escaped (CSV text may contain ``<``, ``&`` or quotes). A few lines of inline
JavaScript sort a column when its header is clicked; no CDN, so a report sorts offline too. A
table scrolls inside its own box on a narrow screen (the box is a labelled region a keyboard
can reach and scroll), and a table of more than three columns becomes a list of cards on a
phone.

A long table (:func:`sortable_table` with ``page_size``) shows a page at a time with a search
box and page buttons (:data:`PAGER_JS`), sorting and searching every row, with a link to the
full table as CSV beside it. It is progressive: the rows of a short table are all in the HTML;
a long one has its first page in the HTML and the rest as JSON data that the script turns into
rows (set as text, never as HTML) when they are shown, so the page stays small and, without
JavaScript, the first page and the download link remain.
"""

from __future__ import annotations

import html
import itertools
import json
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
    var th = event.target.closest && event.target.closest('table.la-sortable:not(.la-paged) th');
    if (th) { sortBy(th); }
  });
  document.addEventListener('keydown', function (event) {
    var th = event.target.closest && event.target.closest('table.la-sortable:not(.la-paged) th');
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


def _allowed_url(url: str) -> str | None:
    """Return ``url`` (stripped) if it is http(s) or a relative path, else None.

    A CSV could hold ``javascript:`` or ``data:`` links; any other scheme is refused.
    """
    url = url.strip()
    if not url:
        return None
    scheme = url.split("/", 1)[0]
    if url.lower().startswith(("http://", "https://")) or ":" not in scheme:
        return url
    return None


#: A table with more columns than this becomes a list of cards on a phone (one card per row,
#: each value after its column's name); narrower tables stay tables.
CARD_COLUMNS = 3


def _css_string(text: str) -> str:
    """``text`` inside a CSS string: quotes, backslashes, line ends and ``<`` as escapes."""
    return "".join(c if c.isalnum() or c in " .,;:()-_'" else f"\\{ord(c):x} " for c in text)


#: Rows of a paged table written into the HTML itself; beyond this, only its first page is,
#: and the other rows travel as JSON data (a third of the bytes) that the script shows.
INLINE_ROWS = 200
#: Rows per page of :data:`PAGER_JS` when a table asks for paging without a size.
PAGE_SIZE = 25

#: Paging, searching and sorting of the tables marked ``la-paged``, registered once per page.
#: Rows come from the table's body and from its JSON data (``script.la-rows``: one array per
#: row, a cell being its text, or ``[text, sort key, link]``); a row's element is made when it
#: is first shown, its text set with ``textContent``. Sorting follows :data:`SORTER_JS`'s rules
#: (``data-sort`` first, empty last, ties in the original order); the search keeps the rows
#: whose text holds every word typed, in any column, case-insensitively.
PAGER_JS = """
(function () {
  if (window.__laPaged) { return; }
  window.__laPaged = true;
  function key(raw) {
    raw = raw === null || raw === undefined ? '' : String(raw).trim();
    if (raw === '') { return null; }
    var num = Number(raw);
    return isNaN(num) ? raw.toLowerCase() : num;
  }
  function compare(x, y) {
    if (x === null || y === null) { return (x === null) - (y === null); }
    if (typeof x !== typeof y) { x = String(x); y = String(y); }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function cellText(c) { return typeof c === 'string' ? c : c[0]; }
  function makeRow(cells, numeric) {
    var tr = document.createElement('tr');
    cells.forEach(function (c, i) {
      var td = document.createElement('td');
      var text = cellText(c);
      if (numeric.indexOf(i) >= 0) { td.className = 'num'; }
      if (typeof c !== 'string' && c[1] !== null) { td.setAttribute('data-sort', c[1]); }
      if (typeof c !== 'string' && c[2] && text) {
        var a = document.createElement('a');
        a.href = c[2];
        a.rel = 'noopener noreferrer';
        a.textContent = text;
        td.appendChild(a);
      } else { td.textContent = text; }
      tr.appendChild(td);
    });
    return tr;
  }
  function setup(box) {
    var table = box.querySelector('table.la-paged');
    var body = table.tBodies[0];
    var size = +table.getAttribute('data-page-size') || 25;
    var numeric = JSON.parse(table.getAttribute('data-numeric') || '[]');
    /* what a row is, in readers' words ("event", "events"), and whether the page holds only
       part of the selection's rows (the caption says how many in all) */
    var one = table.getAttribute('data-noun') || 'row';
    var many = table.getAttribute('data-nouns') || 'rows';
    var Many = many.charAt(0).toUpperCase() + many.slice(1);
    var part = table.hasAttribute('data-part');
    var rows = Array.prototype.map.call(body.rows, function (tr) {
      return {tr: tr, cells: Array.prototype.map.call(tr.cells, function (td) {
        return [td.textContent, td.hasAttribute('data-sort') ? td.getAttribute('data-sort') : null];
      })};
    });
    var data = box.querySelector('script.la-rows');
    if (data) {
      JSON.parse(data.textContent).forEach(function (cells) { rows.push({cells: cells}); });
    }
    rows.forEach(function (r, i) { r.order = i; });
    var view = rows, page = 0, query = '';
    var status = box.querySelector('.la-pager-status');
    var search = box.querySelector('input.la-search');
    var prev = box.querySelectorAll('button.la-prev');
    var next = box.querySelectorAll('button.la-next');
    var wrap = box.querySelector('.la-table-wrap');
    function text(r) {
      if (r.text === undefined) { r.text = r.cells.map(cellText).join(' \\n ').toLowerCase(); }
      return r.text;
    }
    function sortKey(r, i) {
      var c = r.cells[i];
      if (typeof c === 'string') { return key(c); }
      return key(c[1] !== null ? c[1] : c[0]);
    }
    function show() {
      var pages = Math.max(1, Math.ceil(view.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      var first = page * size, last = Math.min(view.length, first + size);
      var frag = document.createDocumentFragment();
      view.slice(first, last).forEach(function (r) {
        if (!r.tr) { r.tr = makeRow(r.cells, numeric); }
        frag.appendChild(r.tr);
      });
      body.replaceChildren(frag);
      var all = (part ? 'the ' : '') + rows.length.toLocaleString('en-US') +
        (part ? ' on this page' : '');
      var of = view.length === rows.length ? all
        : view.length.toLocaleString('en-US') + ' matching (of ' + all + ')';
      status.textContent = view.length === 0 ? 'No ' + one + ' matches \\u201c' + query + '\\u201d.'
        : Many + ' ' + (first + 1).toLocaleString('en-US') + '\\u2013' +
          last.toLocaleString('en-US') + ' of ' + of + ', page ' + (page + 1) + ' of ' + pages;
      prev.forEach(function (b) { b.disabled = page === 0; });
      next.forEach(function (b) { b.disabled = page >= pages - 1; });
    }
    function filter() {
      query = search.value.trim();
      var words = query.toLowerCase().split(/\\s+/).filter(Boolean);
      var kept = rows.filter(function (r) {
        var t = text(r);
        return words.every(function (w) { return t.indexOf(w) >= 0; });
      });
      var th = table.querySelector('th[aria-sort]');
      if (th) {
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var sign = th.getAttribute('aria-sort') === 'ascending' ? 1 : -1;
        kept.sort(function (a, b) {
          var x = sortKey(a, index), y = sortKey(b, index);
          var order = x === null || y === null ? compare(x, y) : sign * compare(x, y);
          return order || a.order - b.order;
        });
      }
      view = kept;
    }
    function sortBy(th) {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(th.parentNode.children, function (h) {
        h.removeAttribute('aria-sort');
      });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      filter(); page = 0; show();
    }
    function go(step) { page += step; show(); wrap.scrollTop = 0; }
    table.addEventListener('click', function (event) {
      var th = event.target.closest && event.target.closest('th');
      if (th) { sortBy(th); }
    });
    table.addEventListener('keydown', function (event) {
      var th = event.target.closest && event.target.closest('th');
      if (th && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        sortBy(th);
      }
    });
    search.addEventListener('input', function () { filter(); page = 0; show(); });
    prev.forEach(function (b) { b.addEventListener('click', function () { go(-1); }); });
    next.forEach(function (b) { b.addEventListener('click', function () { go(1); }); });
    box.querySelectorAll('.la-pager-controls').forEach(function (el) { el.hidden = false; });
    box.querySelectorAll('.la-nojs').forEach(function (el) { el.hidden = true; });
    box.setAttribute('data-la-ready', '1');
    show();
  }
  function all() {
    document.querySelectorAll('.la-paged-box:not([data-la-ready])').forEach(setup);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', all); }
  all();
})();
"""

PAGER_CSS = """
.la-pager-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px;
  margin: 6px 0; font-size: 13px; }
.la-pager-controls[hidden] { display: none; }
.la-pager-controls input.la-search { flex: 1 1 14em; min-width: 0; max-width: 24em;
  font: inherit; padding: 4px 6px; border: 1px solid #b9c6d3; border-radius: 3px; }
.la-pager-controls button { font: inherit; padding: 3px 10px; border: 1px solid #b9c6d3;
  border-radius: 3px; background: #fff; color: #0b4f8a; cursor: pointer; }
.la-pager-controls button:disabled { color: #999; border-color: #ddd; cursor: default; }
.la-pager-status { color: #444; flex: 1 1 16em; }
.la-pager-buttons { display: inline-flex; gap: 6px; white-space: nowrap; }
.la-download { font-size: 13px; margin: 4px 0; }
.la-download a { font-weight: 600; }
"""


@dataclass
class HtmlTable:
    """An HTML table for notebook outputs and HTML reports; its columns sort on click if asked.

    Build it with :func:`sortable_table` or :func:`plain_table`. Jupyter and nbconvert show it
    through :meth:`_repr_html_`. ``rows`` are the rows written as HTML (each a list of ``<td>``);
    a paged table (``page_size``) keeps its other rows in ``data`` (JSON cells, see
    :data:`PAGER_JS`), and may link its full table as a file (``download``: href and words).
    """

    rows: list[list[str]]
    header: list[str]
    numeric: set[int] = field(default_factory=set)
    caption: str = ""
    table_id: str = ""
    sortable: bool = True
    label: str = ""
    page_size: int | None = None
    data: list[list[Any]] = field(default_factory=list)
    download: tuple[str, str] | None = None
    #: The sentence shown instead of a table with no rows ("" shows the empty table).
    empty: str = ""
    #: What a row is, in readers' words, singular and plural (the pager says "Events 1–25").
    noun: tuple[str, str] = ("row", "rows")
    #: The table holds only part of the selection's rows (its caption says how many in all):
    #: the pager counts "the 2,000 on this page".
    part: bool = False

    @property
    def total(self) -> int:
        """How many rows the table has (in the HTML and in its data)."""
        return len(self.rows) + len(self.data)

    def region_label(self) -> str:
        """The accessible name of the table's scrolling box: its label, caption or columns."""
        if self.label or self.caption:
            return self.label or self.caption
        return "Table: " + ", ".join(self.header[:4]) + (", …" if len(self.header) > 4 else "")

    def _repr_html_(self) -> str:
        if self.empty and not self.total:  # a sentence, not a table of headers only
            return f'<p class="la-note">{html.escape(self.empty)}</p>'
        tab = ' tabindex="0"' if self.sortable else ""
        head = "".join(f'<th scope="col"{tab}>{html.escape(h)}</th>' for h in self.header)
        body = "\n".join("<tr>" + "".join(row) + "</tr>" for row in self.rows)
        caption = f'<p class="la-caption">{html.escape(self.caption)}</p>' if self.caption else ""
        paged = self.page_size is not None
        kind = "la-table la-sortable" if self.sortable else "la-table"
        attrs = ""
        if paged:
            kind += " la-paged"
            attrs = (
                f' data-page-size="{self.page_size}"'
                f' data-numeric="{html.escape(json.dumps(sorted(self.numeric)), quote=True)}"'
                f' data-noun="{html.escape(self.noun[0], quote=True)}"'
                f' data-nouns="{html.escape(self.noun[1], quote=True)}"'
                + (" data-part" if self.part else "")
            )
        script = f"<script>{SORTER_JS}</script>" if self.sortable and not paged else ""
        # The box scrolls when the table is wider or taller than it: a keyboard user reaches
        # it with Tab (tabindex) and scrolls it with the arrow keys; a screen reader names it.
        region = (
            f'role="region" aria-label="{html.escape(self.region_label(), quote=True)}" '
            'tabindex="0"'
        )
        cards = len(self.header) > CARD_COLUMNS
        wrap = "la-table-wrap la-cards" if cards else "la-table-wrap"
        table = (
            f'<div class="{wrap}" {region}><table class="{kind}" id="{self.table_id}"{attrs}>'
            f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>"
        )
        style = f"<style>{TABLE_CSS}{PAGER_CSS if paged else ''}"
        style += f"{self._card_labels() if cards else ''}</style>"
        if paged:
            return f"{style}{caption}{self._paged(table)}"
        return f"{style}{caption}{self._download()}{table}{script}"

    def _download(self) -> str:
        if self.download is None:
            return ""
        href, words = self.download
        return (
            f'<p class="la-download"><a href="{html.escape(href, quote=True)}" download>'
            f"{html.escape(words)}</a></p>"
        )

    def _paged(self, table: str) -> str:
        """The table with its search box, page buttons, data and a note for readers without
        JavaScript (shown only when rows are left out of the HTML)."""
        label = html.escape(self.region_label(), quote=True)
        buttons = (
            '<span class="la-pager-buttons">'
            '<button type="button" class="la-prev">\u2190 Previous</button>'
            '<button type="button" class="la-next">Next \u2192</button></span>'
        )
        top = (
            '<div class="la-pager-controls" hidden>'
            f'<input type="search" class="la-search" aria-label="Search: {label}" '
            f'placeholder="Search every {html.escape(self.noun[0], quote=True)}" '
            'autocomplete="off">'
            '<span class="la-pager-status" role="status" aria-live="polite"></span>'
            f"{buttons}</div>"
        )
        bottom = f'<div class="la-pager-controls" hidden>{buttons}</div>'
        note = ""
        data = ""
        if self.data:
            where = " (see the download above)" if self.download else ""
            note = (
                f'<p class="la-caption la-nojs">The first {len(self.rows):,} of '
                f"{'the ' if self.part else ''}{self.total:,} {self.noun[1]}"
                f"{' on this page' if self.part else ''}; the others are shown with "
                f"JavaScript on{where}.</p>"
            )
            text = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
            # Inside <script>: no "</script>", no "<!--", whatever the data holds.
            text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            data = f'<script type="application/json" class="la-rows">{text}</script>'
        return (
            f'<div class="la-paged-box">{self._download()}{top}{table}{bottom}{note}{data}'
            f"<script>{PAGER_JS}</script></div>"
        )

    def _card_labels(self) -> str:
        """CSS naming each cell's column when a phone shows the rows as cards."""
        rules = "".join(
            f"#{self.table_id} td:nth-child({i}):not(:empty)::before "
            f'{{ content: "{_css_string(h)}: "; }}'
            for i, h in enumerate(self.header, start=1)
        )
        return f"@media (max-width: 600px) {{ {rules} }}"


def _cell_parts(value: Any, *, link: Any, sort_key: Any, keyed: bool) -> tuple[str, Any, Any]:
    """A cell's text, its sort key (None: sort by the text) and its link (a checked URL)."""
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
    href = _allowed_url(link) if isinstance(link, str) and text else None
    return text, sort, href


def _cell(text: str, sort: Any, href: Any, *, numeric: bool) -> str:
    inner = html.escape(text)
    if href:
        inner = f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer">{inner}</a>'
    attrs = ' class="num"' if numeric else ""
    if sort is not None:
        attrs += f' data-sort="{html.escape(sort, quote=True)}"'
    return f"<td{attrs}>{inner}</td>"


def _json_cell(text: str, sort: Any, href: Any) -> Any:
    """A cell as :data:`PAGER_JS` reads it: its text alone, or ``[text, sort key, link]``."""
    if href:
        return [text, sort, href]
    return text if sort is None else [text, sort]


def sortable_table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    links: Mapping[str, str] | None = None,
    sort_keys: Mapping[str, str] | None = None,
    caption: str = "",
    sortable: bool = True,
    label: str = "",
    page_size: int | None = None,
    download: tuple[str, str] | None = None,
    empty: str = "",
    noun: tuple[str, str] = ("row", "rows"),
    part: bool = False,
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
    page_size : int, optional
        Show this many rows at a time, with a search box and page buttons (sorting and
        searching every row). A table of more than :data:`INLINE_ROWS` rows then carries only
        its first page as HTML and the rest as data the page's script shows.
    download : (str, str), optional
        A link to the whole table as a file, shown above it: its href and its words.
    empty : str
        The sentence shown instead of the table when ``frame`` has no rows.
    noun : (str, str)
        What a row is, singular and plural, for the pager and search box ("event",
        "events": "Events 1–25 of 59").
    part : bool
        The table holds only part of the selection's rows: the pager counts "of the 2,000 on
        this page", as the caption does.

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
    if page_size is not None and page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    inline = len(frame) if page_size is None or len(frame) <= INLINE_ROWS else page_size
    rows: list[list[str]] = []
    data: list[list[Any]] = []
    for n, record in enumerate(frame.to_dict("records")):
        parts = [
            _cell_parts(
                record[c],
                link=record.get(links[c]) if c in links else None,
                sort_key=record.get(sort_keys[c]) if c in sort_keys else None,
                keyed=c in sort_keys,
            )
            for c in names
        ]
        if n < inline:
            rows.append([_cell(*p, numeric=i in numeric) for i, p in enumerate(parts)])
        else:
            data.append([_json_cell(*p) for p in parts])
    return HtmlTable(
        rows=rows,
        header=[columns[c] for c in names],
        numeric=numeric,
        caption=caption,
        table_id=f"la-table-{next(_TABLE_IDS)}",
        sortable=sortable or page_size is not None,
        label=label,
        page_size=page_size,
        data=data,
        download=download,
        empty=empty,
        noun=noun,
        part=part,
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
