"""The generated reports in a real browser, with the network blocked: every chart must render.

Opens each report of the session's generated folder (see tests/test_notebooks.py) in headless
Chromium (Debian's ``/usr/bin/chromium``, driven by playwright; no browser is downloaded).
Every request that is not a ``file://`` URL is aborted and recorded: a report that tries the
network fails, even if it would have rendered. Every page (the index, each report, each chart
page) is checked on a phone (390 px) and a desktop (1280 px): nothing wider than the screen,
chart labels inside their chart and apart, hover boxes inside the screen, and no serious or
critical accessibility violation found by axe-core (the npm package in tests/package.json,
installed by ``make test``). Screenshots go to ``/tmp`` (``LA_REPORT_SCREENSHOTS``) for a human
to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import CHROMIUM
from test_notebooks import (
    CATALOGUE,
    NOTEBOOK_CHARTS,
    TIMELINE_RUNS,
    exported_charts,
    generate_reports,
    plotly_charts,
)

from analysis.publish.articles import ARTICLE_CHARTS

SCREENSHOTS = Path(os.environ.get("LA_REPORT_SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

#: True when every plotly chart on the page has been drawn by plotly.js (its SVG exists).
CHARTS_DRAWN = """
(expected) => {
  const divs = Array.from(document.querySelectorAll('.plotly-graph-div'));
  return divs.length === expected && divs.every(
    (gd) => gd.classList.contains('js-plotly-plot') && gd.querySelector('svg.main-svg') !== null
      && gd._fullLayout !== undefined);
}
"""

#: Per chart: number of traces, marks drawn, and the texts of its annotations.
CHART_STATE = """
() => Array.from(document.querySelectorAll('.plotly-graph-div')).map((gd) => ({
  traces: (gd.data || []).length,
  marks: gd.querySelectorAll(
    'svg.main-svg .plot path, svg.main-svg .point, svg.main-svg .scatterlayer .js-line'
  ).length,
  notes: (gd.layout.annotations || []).map((a) => a.text || ''),
}))
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The session's generated reports; ``LA_REPORTS_DIR`` names a folder made by
    ``make report`` instead (for working on these tests without regenerating)."""
    given = os.environ.get("LA_REPORTS_DIR")
    if given:
        return Path(given).resolve()
    folder, code, log, _ = generate_reports(tmp_path_factory)
    assert code == 0, log
    return folder


class OfflinePage:
    """A page with every non-file request aborted, and console and page errors recorded."""

    def __init__(self, browser, path: Path, width: int = 1100, height: int = 900):
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, service_workers="block"
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.errors.append(f"page error: {err}"))
        self.page.on(
            "request",
            lambda req: (
                None
                if req.url.startswith(("file:", "data:", "blob:"))
                else self.requests.append(req.url)
            ),
        )
        self.page.goto(path.resolve().as_uri(), wait_until="load")

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_report_renders_every_chart_offline_without_errors(browser, reports, name):
    expected = plotly_charts(name)
    view = OfflinePage(browser, reports / name / "index.html")
    try:
        view.page.wait_for_function(CHARTS_DRAWN, arg=expected, timeout=30_000)
        view.page.wait_for_timeout(300)  # let late errors or requests surface
        for chart in view.page.evaluate(CHART_STATE):
            if chart["traces"]:
                assert chart["marks"] > 0, chart  # marks were drawn, not just empty axes
            else:  # a chart with nothing to show must say so, not stay blank
                assert any(note.startswith("No ") for note in chart["notes"]), chart
        assert view.errors == []
        assert view.requests == []
        if name == "timeline":
            view.page.screenshot(
                path=str(SCREENSHOTS / "la-ice-report-timeline.png"), full_page=True
            )
    finally:
        view.close()


def test_index_links_every_report_and_loads_offline(browser, reports):
    view = OfflinePage(browser, reports / "index.html")
    try:
        links = view.page.eval_on_selector_all("a", "(as) => as.map((a) => a.getAttribute('href'))")
        for name in CATALOGUE:
            assert f"{name}/index.html" in links
        view.page.screenshot(path=str(SCREENSHOTS / "la-ice-reports-index.png"), full_page=True)
        view.page.click("a[href='june-2025-raids/index.html']")
        view.page.wait_for_load_state("load")
        assert view.page.url.endswith("june-2025-raids/index.html")
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


#: The timeline report's events table (a paged table: a page of rows at a time).
EVENTS_TABLE = "table.la-paged:has(th:text-is('Crowd'))"


def _events_column(view, header: str, attribute: str | None = "data-sort") -> list:
    """One column of the events table, every page (turned with its Next button), then page 1."""
    box = ".la-paged-box:has(th:text-is('Crowd'))"
    headers = view.page.eval_on_selector_all(
        f"{EVENTS_TABLE} th", "(ths) => ths.map((t) => t.textContent)"
    )
    index = headers.index(header) + 1
    read = (
        f"(cells) => cells.map((c) => c.getAttribute('{attribute}'))"
        if attribute
        else "(cells) => cells.map((c) => c.textContent)"
    )
    values: list = []
    forward = view.page.locator(f"{box} button.la-next").first
    back = view.page.locator(f"{box} button.la-prev").first
    while True:
        values += view.page.eval_on_selector_all(
            f"{EVENTS_TABLE} tbody tr td:nth-child({index})", read
        )
        if forward.is_disabled():
            break
        forward.click()
    while not back.is_disabled():
        back.click()
    return values


def test_events_table_sorts_every_row_on_click_offline(browser, reports):
    view = OfflinePage(browser, reports / "timeline" / "index.html")
    try:
        view.page.wait_for_selector(".la-paged-box[data-la-ready]")
        dates = _events_column(view, "Date")
        view.page.click(f"{EVENTS_TABLE} th:text-is('Date')")  # already ascending: sorts ascending
        view.page.click(f"{EVENTS_TABLE} th:text-is('Date')")  # then descending
        assert _events_column(view, "Date") == sorted(dates, reverse=True)
        view.page.click(f"{EVENTS_TABLE} th:text-is('Crowd')")
        crowds = _events_column(view, "Crowd")
        known = [float(c) for c in crowds if c]
        assert known == sorted(known)
        assert crowds[: len(known)] == [c for c in crowds if c]  # not reported sorts last
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


@pytest.mark.parametrize("width", (390, 1280))
def test_events_table_shows_a_page_at_a_time_and_searches_every_row(browser, reports, width):
    from analysis.report.display import EVENTS_PAGE_SIZE

    view = OfflinePage(browser, reports / "timeline" / "index.html", width=width)
    try:
        box = ".la-paged-box:has(th:text-is('Crowd'))"
        view.page.wait_for_selector(f"{box}[data-la-ready]")
        shown = view.page.locator(f"{EVENTS_TABLE} tbody tr")
        events = _events_column(view, "Event", None)
        assert shown.count() == min(EVENTS_PAGE_SIZE, len(events)) < len(events)
        status = view.page.locator(f"{box} .la-pager-status").inner_text()
        assert status.startswith(f"Events 1\u2013{EVENTS_PAGE_SIZE} of {len(events)}, page 1")
        # a word of the last event finds it, wherever it is, and only the rows holding it
        word = max(events[-1].split(), key=len)
        view.page.fill(f"{box} input.la-search", word)
        found = view.page.eval_on_selector_all(
            f"{EVENTS_TABLE} tbody tr", "(rows) => rows.map((r) => r.textContent)"
        )
        assert found and all(word.lower() in row.lower() for row in found)
        assert any(events[-1] in row for row in found)
        view.page.fill(f"{box} input.la-search", "no such event anywhere")
        assert shown.count() == 0
        assert "No event matches" in view.page.locator(f"{box} .la-pager-status").inner_text()
        view.page.fill(f"{box} input.la-search", "")
        assert shown.count() == EVENTS_PAGE_SIZE
        link = view.page.locator(f"{box} .la-download a")
        assert link.get_attribute("href") == "charts/events.csv"
        assert (reports / "timeline" / "charts" / "events.csv").is_file()
        width_of = "(el) => el.scrollWidth <= document.documentElement.clientWidth + 1"
        assert view.page.locator(f"{box} .la-pager-controls").first.evaluate(width_of)
        view.page.locator(box).screenshot(
            path=str(SCREENSHOTS / f"la-ice-events-table-{width}.png")
        )
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


#: What a report page may cost a reader once the folder's shared plotly.js is loaded (issue 18).
PAGE_BYTES = 1_000_000


def test_every_report_page_loads_the_folders_one_shared_plotlyjs(browser, reports):
    from analysis.report.plotlyjs import ASSETS_DIR, MARK, shared_bundle

    shared = f"{ASSETS_DIR}/{shared_bundle().name}"
    assert [p.name for p in (reports / ASSETS_DIR).iterdir()] == [shared_bundle().name]
    for name in CATALOGUE:
        page = (reports / name / "index.html").read_text(encoding="utf-8")
        assert len(page.encode("utf-8")) <= PAGE_BYTES, name
        assert "plotly.js v" not in page and "plotly.js (" not in page, name  # not inlined
        if plotly_charts(name):
            assert page.count(f'src="../{shared}"') == 1 and page.count(MARK) == 1, name
    view = OfflinePage(browser, reports / "timeline" / "index.html")
    try:
        view.page.wait_for_function(CHARTS_DRAWN, arg=plotly_charts("timeline"))
        loaded = view.page.eval_on_selector_all(
            "script[src]", "(scripts) => scripts.map((s) => s.src)"
        )
        assert loaded == [(reports / shared).resolve().as_uri()]
        assert view.page.evaluate("() => typeof window.Plotly.newPlot") == "function"
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


# --- Phone and desktop: fit, labels, hover boxes, accessibility -----------------------------

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
#: A phone (iPhone 12-15 width) and a desktop window.
WIDTHS = (390, 1280)
VIEW_HEIGHT = 800
#: Every page ``make report`` writes: the index, each report, each timeline report's chart page
#: and chronology page.
PAGES = [
    "index.html",
    *(f"{name}/index.html" for name in CATALOGUE),
    *(f"{name}/charts/index.html" for name in TIMELINE_RUNS),
    *(f"{name}/charts/chronology.html" for name in TIMELINE_RUNS),
]
#: Hover marks per chart (spread from left to right) in the hover-box check.
HOVERED_MARKS = 6

#: Visible elements reaching outside the viewport, where an ancestor that clips or scrolls
#: them (``overflow`` not visible) does not stop them at its own edges. plotly's off-screen
#: text measurer and visually hidden text are not seen.
OUTSIDE = """
(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('#js-plotly-tester, .la-visually-hidden, .visually-hidden')) { continue; }
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) { continue; }
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') { continue; }
    let left = r.left, right = r.right;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') {
        const pr = p.getBoundingClientRect();
        left = Math.max(left, pr.left);
        right = Math.min(right, pr.right);
      }
    }
    if (right > left && (right > width + 0.5 || left < -0.5)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className ? '.' + el.className : '');
      out.push(`${name} [${Math.round(left)}, ${Math.round(right)}]`);
    }
  }
  return out.slice(0, 10);
}
"""

#: Per chart: visible mark labels (text traces and the specification's placed labels, the
#: annotations named "label:<key>") and tick labels that leave the chart or overlap another.
LABEL_PROBLEMS = """
() => Array.from(document.querySelectorAll('.plotly-graph-div')).flatMap((gd) => {
  const frame = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const labels = Array.from(gd.querySelectorAll(
      '.scatterlayer .textpoint text, .xaxislayer-above text'))
    .concat(Array.from(gd.querySelectorAll('g.annotation')).filter((g) => {
      const note = ((gd.layout && gd.layout.annotations) || [])[+g.getAttribute('data-index')];
      return note && typeof note.name === 'string' && note.name.startsWith('label:');
    }).map((g) => g.querySelector('text')).filter((t) => t))
    .filter((t) => t.textContent && t.getBoundingClientRect().width > 0)
    .map((t) => ({text: t.textContent, r: t.getBoundingClientRect()}));
  const out = [];
  for (const a of labels) {
    if (a.r.left < frame.left - 0.5 || a.r.right > frame.right + 0.5) {
      out.push(`${gd.id}: "${a.text}" is clipped`);
    }
  }
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
    if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5
        && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) {
      out.push(`${gd.id}: "${a.text}" overlaps "${b.text}"`);
    }
  }));
  return out;
})
"""

#: Leader lines that do not join their label: each shown leader (shape ``leader:<key>``) is a
#: drawn line of at least 3 px whose far end touches its shown label's text (within 5 px).
LEADER_PROBLEMS = """
() => Array.from(document.querySelectorAll('.plotly-graph-div')).flatMap((gd) => {
  const shapes = (gd.layout && gd.layout.shapes) || [];
  const notes = (gd.layout && gd.layout.annotations) || [];
  const boxes = {};
  gd.querySelectorAll('g.annotation').forEach((g) => {
    const note = notes[+g.getAttribute('data-index')];
    const text = g.querySelector('text');
    if (note && String(note.name || '').startsWith('label:') && text
        && getComputedStyle(g).display !== 'none' && getComputedStyle(text).display !== 'none') {
      boxes[note.name.slice(6)] = text.getBoundingClientRect();
    }
  });
  const out = [];
  gd.querySelectorAll('.shapelayer path').forEach((el) => {
    const shape = shapes[+el.getAttribute('data-index')];
    if (!shape || !String(shape.name || '').startsWith('leader:')) { return; }
    const key = shape.name.slice(7), box = boxes[key];
    if (el.style.display === 'none') { return; }
    if (!box) { out.push(`${gd.id}: leader of ${key} shown without its label`); return; }
    const length = el.getTotalLength();
    if (length < 3) {
      out.push(`${gd.id}: leader of ${key} is ${length.toFixed(1)} px long`);
      return;
    }
    const end = el.getPointAtLength(length).matrixTransform(el.getScreenCTM());
    const dx = Math.max(box.left - end.x, 0, end.x - box.right);
    const dy = Math.max(box.top - end.y, 0, end.y - box.bottom);
    const gap = Math.hypot(dx, dy);  /* an annotation's box has a few px of padding */
    if (gap > 5) { out.push(`${gd.id}: leader of ${key} ends ${gap.toFixed(0)} px off its label`); }
  });
  return out;
})
"""

#: Page coordinates of a chart's marks, left to right.
MARKS = """
(id) => {
  const gd = document.getElementById(id);
  const points = Array.from(gd.querySelectorAll('.scatterlayer .points path.point'))
    .map((p) => p.getBoundingClientRect())
    .filter((r) => r.width > 0)
    .map((r) => [r.left + r.width / 2 + window.scrollX, r.top + r.height / 2 + window.scrollY]);
  // bands and ranges are marks too: a hover box shows at a line's start (within the plot)
  const plots = Array.from(gd.querySelectorAll('.nsewdrag')).map((r) => r.getBoundingClientRect());
  const inside = (x, y) => plots.some((r) => x >= r.left && x <= r.right && y >= r.top - 1
    && y <= r.bottom + 1);
  const lines = Array.from(gd.querySelectorAll('.scatterlayer .js-line'))
    .map((p) => {
      const at = p.getTotalLength() > 0
        ? p.getPointAtLength(0).matrixTransform(p.getScreenCTM()) : null;
      return at && inside(at.x, at.y) ? [at.x + window.scrollX, at.y + window.scrollY] : null;
    })
    .filter((p) => p !== null);
  return points.concat(lines).sort((a, b) => a[0] - b[0]);
}
"""

#: Per interactive chart: how many mark labels the page's script hid at this width, and the
#: caption that says so ("" when none is shown).
HIDDEN_LABELS = """
() => Array.from(document.querySelectorAll('figure.la-chart')).map((f) => {
  const gd = f.querySelector('.plotly-graph-div');
  const leftOut = +((gd && gd.layout && gd.layout.meta && gd.layout.meta.laLeftOut) || 0);
  const hidden = Array.from(f.querySelectorAll('[data-la-hidden="label"]'))
    .filter((el) => !el.closest('.xaxislayer-above')).length + leftOut;
  const note = f.querySelector('.la-hidden-labels');
  return [hidden, note && !note.hidden ? note.textContent : '',
    gd ? gd.getAttribute('data-la-size') : null];
})
"""

HOVER_BOX = """
() => {
  const box = document.querySelector('.hoverlayer .hovertext');
  if (!box) { return null; }
  const r = box.getBoundingClientRect();
  return [r.left, r.right, r.top, r.bottom];
}
"""


def _spread(items: list, n: int) -> list:
    """At most ``n`` of ``items``, first and last included, evenly spaced."""
    if len(items) <= n:
        return items
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def _open(browser, reports: Path, page: str, width: int) -> OfflinePage:
    view = OfflinePage(browser, reports / page, width=width, height=VIEW_HEIGHT)
    name = page.split("/")[0]
    if page.endswith("/index.html") and "/charts/" not in page:
        expected = plotly_charts(name)
        view.page.wait_for_function(CHARTS_DRAWN, arg=expected, timeout=30_000)
    view.page.wait_for_timeout(300)  # late layout, label fitting, errors
    return view


def _hover_problems(view: OfflinePage, width: int) -> tuple[list[str], int]:
    """Hover marks of every chart; return the hover boxes not inside the viewport, and how
    many boxes were seen."""
    timeout = pytest.importorskip("playwright.sync_api").TimeoutError
    problems, seen = [], 0
    page = view.page
    for chart in page.eval_on_selector_all(".plotly-graph-div", "(gds) => gds.map((g) => g.id)"):
        for x, y in _spread(page.evaluate(MARKS, chart), HOVERED_MARKS):
            page.evaluate(
                f"window.scrollTo({max(0, x - width / 2)}, {max(0, y - VIEW_HEIGHT / 2)})"
            )
            sx, sy = page.evaluate("[window.scrollX, window.scrollY]")
            page.mouse.move(x - sx, y - sy)
            try:
                page.wait_for_selector(".hoverlayer .hovertext", timeout=1_500)
            except timeout:  # a mark hidden under another one shows no box of its own
                continue
            box = page.evaluate(HOVER_BOX)
            page.mouse.move(0, 0)
            if box is None:
                continue
            seen += 1
            left, right, top, bottom = box
            if left < -0.5 or right > width + 0.5 or top < -0.5 or bottom > VIEW_HEIGHT + 0.5:
                problems.append(
                    f"{chart}: hover box at x {left:.0f}-{right:.0f}, y {top:.0f}-{bottom:.0f}"
                )
    return problems, seen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_fits_the_screen_with_legible_charts_offline(browser, reports, page, width):
    """Issue 11, phone: no page or element wider than the screen, tables scroll in their box,
    chart labels inside their chart and apart, hover boxes inside the screen."""
    view = _open(browser, reports, page, width)
    try:
        scroll_width = view.page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page} is {scroll_width} px wide at {width} px"
        assert view.page.evaluate(OUTSIDE, width) == []
        assert view.page.evaluate(LABEL_PROBLEMS) == []
        assert view.page.evaluate(LEADER_PROBLEMS) == []
        # a label hidden for lack of room is never hidden silently: the caption counts them
        # (those the page's script hides and those the chart's specification left out), and
        # a phone is drawn the chart laid out for a phone's width
        for hidden, caption, size in view.page.evaluate(HIDDEN_LABELS):
            expected = f"{hidden} label{'s are' if hidden > 1 else ' is'} hidden" if hidden else ""
            assert caption.startswith(expected) and bool(caption) == bool(hidden), caption
            assert ("where they would" in caption) == (hidden > 1), caption  # one label: "it"
            assert size in (None, "phone" if width < 600 else "wide"), (size, width)
        problems, seen = _hover_problems(view, width)
        assert problems == []
        charts = view.page.eval_on_selector_all(".plotly-graph-div", "(g) => g.length")
        assert seen >= charts  # at least one hover box per chart was measured
        if page in ("index.html", "timeline/index.html", "timeline/charts/index.html"):
            shot = f"la-ice-{page.replace('/', '-').removesuffix('.html')}-{width}.png"
            view.page.evaluate("window.scrollTo(0, 0)")
            view.page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


@pytest.mark.skipif(
    not AXE_JS.is_file(), reason="axe-core is not installed: run `npm ci --prefix tests`"
)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_serious_accessibility_violation(browser, reports, page, width):
    """Issue 11: axe-core finds no serious or critical violation (before: a scrollable table a
    keyboard could not reach, content outside landmarks)."""
    view = _open(browser, reports, page, width)
    try:
        view.page.add_script_tag(path=str(AXE_JS))
        violations = view.page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                               nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}))"""
        )
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{page} at {width} px: {serious}"
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


#: Each figure's chart name, accessible name and accessible description (the element its
#: aria-describedby names).
DESCRIPTIONS = """
() => Array.from(document.querySelectorAll('figure.la-chart')).map((f) => ({
  chart: f.dataset.chart,
  name: f.getAttribute('aria-label'),
  description: (f.getAttribute('aria-describedby') || '').split(/\\s+/)
    .map((id) => document.getElementById(id)).filter(Boolean)
    .map((el) => el.textContent.trim()).join(' '),
  plots: f.querySelectorAll('.plotly-graph-div').length,
}))
"""


@pytest.mark.parametrize(
    "name", [n for n in CATALOGUE if NOTEBOOK_CHARTS[CATALOGUE[n].notebook.name]]
)
def test_each_interactive_chart_is_described_by_its_alt_text(browser, reports, name):
    view = _open(browser, reports, f"{name}/index.html", 1280)
    try:
        figures = view.page.evaluate(DESCRIPTIONS)
        assert len(figures) == plotly_charts(name)
        for figure in figures:
            assert figure["plots"] == 1 and figure["name"] and len(figure["description"]) > 80
            alt = reports / name / "charts" / f"{figure['chart']}.txt"
            if alt.is_file():  # the article chart's alt text: the same words from the same model
                assert figure["description"] == " ".join(alt.read_text(encoding="utf-8").split())
    finally:
        view.close()


@pytest.mark.parametrize("name", TIMELINE_RUNS)
def test_chart_page_links_every_file_and_loads_offline(browser, reports, name):
    """Issue 11: the chart page lists each chart with its preview, alt text, downloads and
    data, and the TimelineJS sheet; every link and image is a file of the report."""
    page = reports / name / "charts" / "index.html"
    view = OfflinePage(browser, page, width=390, height=VIEW_HEIGHT)
    try:
        view.page.wait_for_load_state("load")
        targets = view.page.evaluate(
            """() => [...Array.from(document.querySelectorAll('a[href]'), (a) => a.href),
                      ...Array.from(document.querySelectorAll('img'), (i) => i.src)]"""
        )
        files = {Path(unquote(urlparse(t).path)) for t in targets if t.startswith("file:")}
        assert all(f.is_file() for f in files), sorted(str(f) for f in files if not f.is_file())
        names = {f.name for f in files}
        drawn = exported_charts(name)
        for chart in drawn:
            assert {f"{chart}-data.csv", f"{chart}-640.png", f"{chart}-1280.svg"} <= names
            assert f"{chart}-phone-390.png" in names
            assert f"{chart}-1280.pdf" in names and f"{chart}.txt" in names
        told = view.page.evaluate(
            "() => Array.from(document.querySelectorAll('section > p.no-chart'), "
            "(p) => p.parentElement.id)"
        )
        assert told == [c for c in ARTICLE_CHARTS if c not in drawn]  # a sentence instead
        assert not [n for n in names if n.split("-")[0].split(".")[0] in told]
        assert "timelinejs.csv" in names and "index.html" in names  # back to the report
        images = view.page.evaluate(
            """() => Array.from(document.images, (i) => ({ok: i.complete && i.naturalWidth > 0,
                                                        alt: i.alt}))"""
        )
        assert len(images) == len(drawn)
        assert all(i["ok"] and len(i["alt"]) > 80 for i in images)
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


def test_charts_follow_the_window_from_desktop_to_phone(browser, reports):
    """Issue 11: the charts resize with the page, and their labels are fitted again."""
    view = _open(browser, reports, "timeline/index.html", 1280)
    try:
        widths = "() => Array.from(document.querySelectorAll('.plotly-graph-div svg.main-svg'), "
        widths += "(s) => s.getBoundingClientRect().width).filter((w) => w > 0)"
        wide = view.page.evaluate(widths)
        view.page.set_viewport_size({"width": 390, "height": VIEW_HEIGHT})
        view.page.wait_for_function(
            f"({widths})().every((w) => w <= 390)", timeout=10_000, polling=200
        )
        view.page.wait_for_timeout(500)  # plotly redraws, then the labels are fitted again
        assert min(wide) > 900
        assert view.page.evaluate(LABEL_PROBLEMS) == []
        assert view.page.evaluate(LEADER_PROBLEMS) == []
        assert view.page.evaluate("document.documentElement.scrollWidth") <= 390
        assert view.errors == [] and view.requests == []
    finally:
        view.close()


#: The report's locator map: where its plot sits, how many marks and county outlines it drew,
#: and whether plotly made a geo subplot (which would fetch topojson from a CDN).
MAP_STATE = """
() => {
  const figure = document.querySelector('figure.la-chart[data-chart="map"]');
  if (!figure) { return null; }
  const gd = figure.querySelector('.plotly-graph-div');
  const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const visible = (els) => Array.from(els).filter((e) => e.getBoundingClientRect().width > 0);
  return {
    left: svg.left, right: svg.right, width: svg.width, height: svg.height,
    points: visible(gd.querySelectorAll('.scatterlayer .points path.point')).length,
    outlines: gd.querySelectorAll('.scatterlayer path.js-fill').length,
    geo: (gd.data || []).filter((t) => /geo|choropleth/.test(t.type || '')).length
      + gd.querySelectorAll('.geolayer > g').length,
  };
}
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_timeline_reports_map_renders_offline_on_a_phone_and_a_desktop(browser, reports, width):
    """Issue 13: the locator map draws its county outlines and every place with the network
    blocked (no tiles, no topojson), inside a 390-px and a 1280-px screen."""
    with (reports / "timeline" / "charts" / "map-data.csv").open(encoding="utf-8") as handle:
        places = sum(1 for _ in handle) - 1
    view = _open(browser, reports, "timeline/index.html", width)
    try:
        figure = view.page.locator('figure.la-chart[data-chart="map"]')
        figure.scroll_into_view_if_needed()
        view.page.wait_for_timeout(300)
        state = view.page.evaluate(MAP_STATE)
        assert state is not None, "the timeline report has no map"
        assert state["geo"] == 0 and state["outlines"] > 0
        assert state["points"] >= places > 0  # a mark per place (and a ring where approximate)
        assert state["left"] >= -0.5 and state["right"] <= width + 0.5
        assert state["height"] > 0.5 * min(state["width"], 700)  # a map, not a strip
        assert view.page.evaluate("document.documentElement.scrollWidth") <= width
        figure.screenshot(path=str(SCREENSHOTS / f"la-ice-timeline-map-{width}.png"))
        assert view.requests == [], view.requests  # nothing but file:// was asked for
        assert view.errors == []
    finally:
        view.close()
