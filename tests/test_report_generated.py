"""The timeline report through the runner on generated data past the binning limit (issue 18).

Before: no test ran the whole report beyond the curated data, and at 10,000 generated events
its chart-page cell raised KeyError on an event id while writing the crowd chart's "Get the
data" CSV (the marks are grouped by day at that size). This runs the report once, as
``python -m analysis report timeline -p events_path ... --as ...`` does, and checks that every
output is written. About a minute on two cores (mostly the article exports).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis.paths import PROJECT_ROOT
from analysis.prep.aggregate import split_cell
from analysis.publish.articles import ARTICLE_CHARTS
from analysis.publish.chartpage import (
    DATA_SUFFIX,
    EVENTS_FILE,
    OWNED_FILE,
    PAGE_FILE,
    TIMELINE_FILE,
)
from analysis.publish.chronology import HTML_FILE as CHRONOLOGY_HTML
from analysis.publish.chronology import MARKDOWN_FILE as CHRONOLOGY_MD
from analysis.publish.csvfiles import neutralise
from analysis.publish.exportrecord import record_path
from analysis.report.runner import run_reports

pytestmark = pytest.mark.slow

#: Generated events: past MAX_MARKS (1,500) crowd marks, so the crowd panel is binned.
ROWS = 10_000
NAME = "timeline-generated"

#: Per article chart: two widths in three formats, the alt text, the phone PNG and SVG and
#: its alt text, and the chart's data.
CHART_FILES = tuple(
    name
    for chart in ARTICLE_CHARTS
    for name in (
        *(f"{chart}-{width}.{fmt}" for width in (640, 1280) for fmt in ("png", "svg", "pdf")),
        f"{chart}.txt",
        f"{chart}-phone-390.png",
        f"{chart}-phone-390.svg",
        f"{chart}-phone.txt",
        f"{chart}{DATA_SUFFIX}",
    )
)

#: Each figure's export record beside its files (analysis.publish.exportrecord): a chart at
#: 640 + 1280 px and on a phone; the map at each width apart.
RECORD_FILES = tuple(
    record_path(Path("."), unit).name
    for chart in ARTICLE_CHARTS
    for unit in (
        ("map-640", "map-1280", "map-phone-390")
        if chart == "map"
        else (f"{chart}-640-1280", f"{chart}-phone-390")
    )
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path, int, str]:
    """Generate the data, run the report once; return (data folder, reports, status, log)."""
    benchmarks = str(PROJECT_ROOT / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    from generate import generate_dataset

    events = generate_dataset(ROWS, tmp_path_factory.mktemp("generated-data"), seed=18)
    reports = tmp_path_factory.mktemp("generated-reports")
    log = io.StringIO()
    started = time.perf_counter()
    code = run_reports(
        ["timeline"],
        jobs=1,
        reports_dir=reports,
        overrides={
            f"{name}_path": str(events.with_name(f"{name}.csv"))
            for name in ("events", "sources", "places")
        },
        as_name=NAME,
        out=log,
    )
    print(f"timeline report on {ROWS:,} generated events: {time.perf_counter() - started:.0f} s")
    return events.parent, reports, code, log.getvalue()


@pytest.fixture(scope="module")
def report(generated) -> Path:
    _, reports, code, log = generated
    assert code == 0, log
    return reports / NAME


def test_the_runner_publishes_the_report_on_generated_data(generated):
    _, reports, code, log = generated
    assert code == 0, log
    assert f"] {NAME}: ok (" in log
    assert not (reports / "_failed").exists() or not any((reports / "_failed").iterdir())
    assert f'href="{NAME}/index.html"' in (reports / "index.html").read_text(encoding="utf-8")


def test_the_report_page_and_its_executed_notebook_have_no_error(report):
    page = (report / "index.html").read_text(encoding="utf-8")
    assert 'class="la-table la-sortable la-paged"' in page  # the events table, paged
    assert 'href="charts/index.html"' in page and "Traceback" not in page
    nb = nbformat.read(report / "1-timeline-report.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in errors if o.output_type == "error"]


def test_every_chart_page_output_is_written(report):
    charts = report / "charts"
    # 10,000 events: every chart has marks at many positions, so all five are drawn
    expected = {*CHART_FILES, *RECORD_FILES, TIMELINE_FILE, PAGE_FILE, OWNED_FILE, EVENTS_FILE}
    expected |= {CHRONOLOGY_HTML, CHRONOLOGY_MD}
    assert {p.name for p in charts.iterdir()} == expected
    for name in expected:
        assert (charts / name).stat().st_size > 0, name
    listed = json.loads((report / "manifest.json").read_text(encoding="utf-8"))["charts"]
    assert sorted(listed) == sorted(f"charts/{name}" for name in expected)
    page = (charts / PAGE_FILE).read_text(encoding="utf-8")
    assert all(f'href="{name}"' in page for name in CHART_FILES if name.endswith(DATA_SUFFIX))
    with (charts / TIMELINE_FILE).open(encoding="utf-8", newline="") as f:
        assert len(list(csv.reader(f))) > 1


def test_the_data_csvs_hold_the_grouped_marks_and_name_real_rows(generated, report):
    data, *_ = generated
    with (data / "events.csv").open(encoding="utf-8", newline="") as f:
        event_ids = {row["event_id"] for row in csv.DictReader(f)}
    binned = 0
    for chart in ARTICLE_CHARTS:
        with (report / "charts" / f"{chart}{DATA_SUFFIX}").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows, chart
        for row in rows:
            assert all(neutralise(cell) == cell for cell in row.values()), row  # formula-safe
            assert set(split_cell(row.get("event_ids"))) <= event_ids
        binned += sum(row.get("mark", "").endswith("(binned)") for row in rows)
    assert binned  # the case this is about: the crowd marks are grouped by day


def test_the_events_table_is_a_page_of_html_and_the_rest_as_data_with_every_row_in_the_csv(
    generated, report
):
    """At 10,000 events the page carries its budget of rows (the most significant events):
    25 as HTML and the others as compact data, and says so; the CSV beside it holds every
    event, formula-safe."""
    import re

    from analysis.report.display import EVENTS_PAGE_ROWS, EVENTS_PAGE_SIZE

    page = (report / "index.html").read_text(encoding="utf-8")
    table = page[page.index('class="la-table la-sortable la-paged"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    assert body.count("<tr>") == EVENTS_PAGE_SIZE
    data = re.search(r'<script[^>]*class="la-rows"[^>]*>(.*?)</script>', table)
    rows = json.loads(data.group(1))
    with (report / "charts" / EVENTS_FILE).open(encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    assert len(rows) + EVENTS_PAGE_SIZE == EVENTS_PAGE_ROWS < 5_000 < len(listed)
    assert f"This page holds the {EVENTS_PAGE_ROWS:,} most significant of the " in page
    assert all(neutralise(cell) == cell for row in listed for cell in row.values())
    print(f"report page at {ROWS:,} events: {len(page.encode()) / 1e6:.2f} MB")


def test_the_chronology_and_the_sheet_keep_the_most_significant_events_and_say_what_is_left_out(
    report,
):
    """The chronology's files and the TimelineJS sheet tell FILE_ITEMS events, the report page
    PAGE_ITEMS, each with a closing line (a last slide) saying what is left out."""
    from analysis.publish.timelinejs import LEFT_OUT_HEADLINE
    from analysis.spec.significance import FILE_ITEMS, PAGE_ITEMS

    charts = report / "charts"
    page = (report / "index.html").read_text(encoding="utf-8")
    assert f"This section tells the {PAGE_ITEMS:,} most significant of the " in page
    markdown = (charts / CHRONOLOGY_MD).read_text(encoding="utf-8")
    assert markdown.count("\n- ") == FILE_ITEMS
    assert f"tells the {FILE_ITEMS:,} most significant of the " in markdown
    with (charts / TIMELINE_FILE).open(encoding="utf-8", newline="") as f:
        slides = list(csv.DictReader(f))
    assert len(slides) == 1 + FILE_ITEMS + 1  # the title, the events, what is left out
    assert slides[-1]["Headline"] == LEFT_OUT_HEADLINE
