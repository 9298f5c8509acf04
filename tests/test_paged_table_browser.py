"""A paged table of more rows than its HTML holds, in headless Chromium, offline (issue 18).

The report's events table at 10,000+ events carries its first page as HTML and the other rows
as JSON data that its script turns into rows. This builds such a table (600 rows, hostile text
from a CSV in both parts), opens it at 390 and 1280 px with every non-file request refused,
and checks that paging, sorting and searching reach every row and that the text stays text.
Seconds, not minutes: no report is generated.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CHROMIUM

from analysis.report.htmltable import INLINE_ROWS, sortable_table

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]

ROWS = 600
PAGE = 25
#: Text a CSV could hold: markup, a script, a formula and a bad link.
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>&amp; "q"'


def _frame() -> pd.DataFrame:
    names = [f"Event {i:03d} {'zebra' if i == 555 else 'march'}" for i in range(ROWS)]
    names[3] = HOSTILE  # in the HTML part
    names[450] = '=HYPERLINK("http://x") ' + HOSTILE  # in the JSON part
    return pd.DataFrame(
        {
            "Event": names,
            "Crowd": [float((i * 37) % 1000) if i % 7 else None for i in range(ROWS)],
            "City": ["Los Angeles" if i % 2 else "Paramount" for i in range(ROWS)],
            "url": ["javascript:window.__pwned=3" if i in (3, 450) else None for i in range(ROWS)],
        }
    )


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    table = sortable_table(
        _frame(),
        columns=["Event", "Crowd", "City"],
        links={"Event": "url"},
        label="Test events",
        page_size=PAGE,
        download=("events.csv", "Download all events as a spreadsheet (CSV file)"),
        # the pager counts events, and (as a large selection's caption says) only those the
        # page holds
        noun=("event", "events"),
        part=True,
    )
    assert len(table.rows) == PAGE and len(table.data) == ROWS - PAGE > INLINE_ROWS
    path = tmp_path_factory.mktemp("paged") / "table.html"
    path.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Paged</title></head><body><main>{table._repr_html_()}</main></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def view(browser, page_file, request):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 800})
    asked: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            asked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_selector(".la-paged-box[data-la-ready]")
    yield page, width
    assert asked == [] and errors == []
    assert page.evaluate("window.__pwned") is None  # no script from the data ran
    context.close()


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"table.la-paged tbody tr td:nth-child({index})", "(cs) => cs.map((c) => c.textContent)"
    )


def _status(page) -> str:
    return page.locator(".la-pager-status").inner_text()


@pytest.mark.parametrize("view", (390, 1280), indirect=True)
def test_pages_reach_every_row_and_the_controls_fit(view):
    page, width = view
    assert len(_column(page, 1)) == PAGE
    assert _status(page).startswith(
        f"Events 1\u2013{PAGE} of the {ROWS} on this page, page 1 of 24"
    )
    seen = []
    nxt = page.locator("button.la-next").first
    while True:
        seen += _column(page, 1)
        if nxt.is_disabled():
            break
        nxt.click()
    assert len(seen) == ROWS and seen[-1].startswith("Event 599")
    assert page.locator("button.la-prev").first.is_enabled()
    fits = "(el) => el.scrollWidth <= document.documentElement.clientWidth + 1"
    assert page.locator(".la-pager-controls").first.evaluate(fits)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("view", (390, 1280), indirect=True)
def test_sorting_covers_the_rows_held_as_data_and_missing_goes_last(view):
    page, _ = view
    page.click("table.la-paged th:text-is('Crowd')")  # ascending
    page.click("table.la-paged th:text-is('Crowd')")  # descending
    known = _frame()["Crowd"].dropna()
    crowds = _column(page, 2)
    assert crowds == [f"{v:,.0f}" for v in sorted(known, reverse=True)[:PAGE]]
    page.click("table.la-paged th:text-is('Crowd')")  # ascending again
    assert _column(page, 2) == [f"{v:,.0f}" for v in sorted(known)[:PAGE]]
    # the last page holds the rows without a figure: empty, after every number
    while page.locator("button.la-next").first.is_enabled():
        page.locator("button.la-next").first.click()
    assert _column(page, 2)[-1] == ""


@pytest.mark.parametrize("view", (390, 1280), indirect=True)
def test_search_finds_a_row_held_as_data_and_text_stays_text(view):
    page, _ = view
    page.fill("input.la-search", "zebra")
    assert _column(page, 1) == ["Event 555 zebra"]
    assert _status(page).startswith("Events 1\u20131 of 1 matching (of the 600 on this page)")
    page.fill("input.la-search", "hyperlink")  # a JSON row: its cell is text, not markup
    assert _column(page, 1) == ['=HYPERLINK("http://x") ' + HOSTILE]
    page.fill("input.la-search", "")
    assert _column(page, 1)[3] == HOSTILE  # the HTML row: escaped in the page
    assert page.locator("table.la-paged img, table.la-paged tbody script").count() == 0
    links = page.eval_on_selector_all("table.la-paged a", "(as) => as.map((a) => a.href)")
    assert not [href for href in links if href.startswith("javascript:")]
    page.fill("input.la-search", "nothing like this")
    assert "No event matches" in _status(page)
