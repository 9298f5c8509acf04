"""The generated reports in a real browser, with the network blocked: every chart must render.

Opens each report of the session's generated folder (see tests/test_notebooks.py) in headless
Chromium (Debian's ``/usr/bin/chromium``, driven by playwright; no browser is downloaded).
Every request that is not a ``file://`` URL is aborted and recorded: a report that tries the
network fails, even if it would have rendered. Screenshots of the index and the timeline report
go to ``/tmp`` for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_notebooks import CATALOGUE, PLOTLY_CHARTS, generate_reports

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("LA_REPORT_SCREENSHOTS", "/tmp"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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
  marks: gd.querySelectorAll('svg.main-svg .plot path, svg.main-svg .point').length,
  notes: (gd.layout.annotations || []).map((a) => a.text || ''),
}))
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    folder, code, log, _ = generate_reports(tmp_path_factory)
    assert code == 0, log
    return folder


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


class OfflinePage:
    """A page with every non-file request aborted, and console and page errors recorded."""

    def __init__(self, browser, path: Path, width: int = 1100):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, service_workers="block"
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
    expected = PLOTLY_CHARTS[CATALOGUE[name].notebook.name]
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


def test_events_table_sorts_on_click_offline(browser, reports):
    view = OfflinePage(browser, reports / "timeline" / "index.html")
    try:
        table = "table.la-sortable:has(th:text-is('Crowd'))"
        view.page.wait_for_selector(table)

        def column(index: int, attribute: str = "data-sort") -> list[str]:
            return view.page.eval_on_selector_all(
                f"{table} tbody tr td:nth-child({index})",
                f"(cells) => cells.map((c) => c.getAttribute('{attribute}'))",
            )

        headers = view.page.eval_on_selector_all(
            f"{table} th", "(ths) => ths.map((t) => t.textContent)"
        )
        date_col = headers.index("Date") + 1
        crowd_col = headers.index("Crowd") + 1
        dates = column(date_col)
        view.page.click(f"{table} th:text-is('Date')")  # already ascending: sorts ascending
        view.page.click(f"{table} th:text-is('Date')")  # then descending
        assert column(date_col) == sorted(dates, reverse=True)
        view.page.click(f"{table} th:text-is('Crowd')")
        crowds = [c for c in column(crowd_col)]
        known = [float(c) for c in crowds if c]
        assert known == sorted(known)
        assert crowds[: len(known)] == [c for c in crowds if c]  # not reported sorts last
        assert view.errors == [] and view.requests == []
    finally:
        view.close()
