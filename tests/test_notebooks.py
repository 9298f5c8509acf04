"""End to end: every report of reports.yml executed by the runner on the real data, and the
notebooks' own contract (stripped, parameterized, runnable with the plain papermill CLI).

The reports are generated once per test session into a temporary folder (never into the real
``reports/``) by :func:`generate_reports`; tests/test_browser.py opens the same folder.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import nbformat
import papermill
import pytest
from report_fixtures import papermill_cli, report_cli, rerun_imports

from analysis.data.load import data_version
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.publish.articles import ARTICLE_CHARTS
from analysis.report.catalogue import load_catalogue
from analysis.report.fingerprint import package_digest
from analysis.report.html import REMOTE_RESOURCE
from analysis.report.kernel import KERNEL_NAME
from analysis.report.params import check_parameter_names, notebook_parameter_names
from analysis.report.prose import repeated_sentences
from analysis.report.runner import run_reports
from analysis.spec import showing

CATALOGUE = load_catalogue()
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
#: The charts each notebook asks for (``interactive_chart(facts, "crowd")``), in order.
NOTEBOOK_CHARTS = {
    "1-timeline-report.ipynb": ("combined", "crowd", "arrests", "responses", "map"),
    "2-check-data-quality.ipynb": (),
    "3-official-responses.ipynb": ("combined", "responses"),
}
#: Files of a timeline report's charts/ folder per article chart drawn: 2 widths x 3 formats
#: and the alt text, the phone variant's PNG and SVG and its alt text, and the chart's data CSV;
#: then, for every report, the TimelineJS sheet, every event as a CSV (events.csv), the
#: chronology as a page and as Markdown (chronology.html, chronology.md), the chart page and
#: its list of files. Each figure (a chart at 640 + 1280 px, on a phone; the map at each width
#: apart) has its export record beside it (analysis.publish.exportrecord).
FILES_PER_CHART, FILES_PER_REPORT = 2 * 3 + 1 + 3 + 1 + 2, 6
TIMELINE_RUNS = [n for n, s in CATALOGUE.items() if s.notebook.name == "1-timeline-report.ipynb"]
#: The report parameters that shape its selection (the rest are paths, title and output).
_SELECTION = ("start_date", "end_date", "cities", "event_types", "scope", "min_reliability")


@cache
def report_facts(name: str):
    """The facts model of catalogue report ``name``, built as its notebook builds it."""
    from analysis.prep.facts import build_facts
    from analysis.report.data import load_report_data
    from analysis.report.params import check_parameters

    data = load_report_data()
    given = CATALOGUE[name].parameters
    checked = check_parameters(
        data.events, sources=data.sources, **{k: given[k] for k in _SELECTION if k in given}
    )
    return build_facts(data.dataset, checked)


def drawn_charts(name: str) -> tuple[str, ...]:
    """The interactive charts report ``name`` draws: those of its notebook with something to
    show (:mod:`analysis.spec.showing`); the others are a sentence."""
    charts = NOTEBOOK_CHARTS[CATALOGUE[name].notebook.name]
    return tuple(c for c in charts if showing.shows(report_facts(name), c)) if charts else ()


def plotly_charts(name: str) -> int:
    """How many plotly figures report ``name`` shows."""
    return len(drawn_charts(name))


def exported_charts(name: str) -> tuple[str, ...]:
    """The article charts timeline report ``name`` exports: those with something to show."""
    return tuple(c for c in ARTICLE_CHARTS if showing.shows(report_facts(name), c))


def timeline_exports(name: str) -> int:
    """How many files timeline report ``name`` writes into its charts/ folder."""
    charts = exported_charts(name)
    return len(charts) * FILES_PER_CHART + ("map" in charts) + FILES_PER_REPORT


PAPERMILL = str(Path(sys.executable).with_name("papermill"))

_GENERATED: dict[str, tuple[Path, int, str, float]] = {}


def generate_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str, float]:
    """Run every catalogue report once per session; return (folder, exit status, log, seconds).

    Memoised at module level so that this module and tests/test_browser.py share one run.
    """
    if "all" not in _GENERATED:
        folder = tmp_path_factory.mktemp("reports")
        log = io.StringIO()
        started = time.perf_counter()
        code = run_reports([], reports_dir=folder, jobs=os.cpu_count(), out=log)
        _GENERATED["all"] = (folder, code, log.getvalue(), time.perf_counter() - started)
    return _GENERATED["all"]


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> Path:
    folder, code, log, _ = generate_reports(tmp_path_factory)
    assert code == 0, log
    return folder


def executed(reports: Path, name: str) -> nbformat.NotebookNode:
    return nbformat.read(reports / name / CATALOGUE[name].notebook.name, as_version=4)


# --- The notebooks as committed ----------------------------------------------------------------


def test_there_are_the_three_numbered_notebooks():
    assert [p.name for p in NOTEBOOKS] == list(NOTEBOOK_CHARTS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_asks_for_the_charts_these_tests_expect(path):
    cells = nbformat.read(path, as_version=4).cells
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    asked = re.findall(r'interactive_chart\(facts, "([a-z]+)"[,)]', source)
    assert tuple(asked) == NOTEBOOK_CHARTS[path.name]


def test_the_catalogue_holds_reports_with_charts_drawn_and_charts_told():
    """The expectations below follow the rule per report; the catalogue exercises both sides:
    a report drawing every chart and one whose charts are mostly sentences."""
    assert exported_charts("timeline") == ARTICLE_CHARTS
    assert plotly_charts("timeline") == len(NOTEBOOK_CHARTS["1-timeline-report.ipynb"])
    # February 2025: one demonstration and three responses on one month band; the combined
    # chart follows its panels (none has two positions), so every chart is a sentence
    assert exported_charts("february-2025-walkouts") == ()
    assert drawn_charts("february-2025-walkouts") == ()
    assert exported_charts("june-2025-raids") == ("combined", "crowd", "responses", "map")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_stripped_with_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code_cells)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    assert nb.metadata["kernelspec"]["name"] == KERNEL_NAME


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_cell_after_parameters_checks_them_with_one_call(path):
    """Issue 12, case 9: names and values are checked first, under papermill's CLI too."""
    nb = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = nb.cells[index + 1].source
    assert nb.cells[index + 1].cell_type == "code"
    assert "\ncheck_notebook_parameters(globals())" in source
    assert source.startswith("from analysis.report.params import check_notebook_parameters\n")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_as_the_nbstripout_filter_writes_it(path):
    """Issue 12, case 12: a notebook the git filter would rewrite (cell ids, outputs, counts)
    shows as modified in every fresh clone once `make venv` installs the filter."""
    stripped = subprocess.run(
        [sys.executable, "-m", "nbstripout"],
        input=path.read_bytes(),
        capture_output=True,
        check=True,
    ).stdout
    assert stripped == path.read_bytes()


def test_a_fresh_clone_shows_no_modified_notebook_after_the_filter_is_installed(tmp_path):
    """Issue 12, case 12, the way `make venv` does it: clone, `nbstripout --install`, status."""
    if shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    git = ["git", "-c", "advice.detachedHead=false"]
    subprocess.run([*git, "clone", "--quiet", str(PROJECT_ROOT), str(clone)], check=True)
    nbstripout = str(Path(sys.executable).with_name("nbstripout"))
    subprocess.run([nbstripout, "--install"], cwd=clone, check=True)
    for notebook in (clone / "notebooks").glob("*.ipynb"):
        os.utime(notebook)  # git then reads every notebook through the filter again
    status = subprocess.run(
        [*git, "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_has_a_type_and_help_for_papermill_help_notebook(path):
    found = papermill.inspect_notebook(str(path))
    assert {"events_path", "sources_path", "places_path", "title"} <= set(found)
    for name, info in found.items():
        assert info["inferred_type_name"] not in ("None", ""), name
        assert info["help"], f"{path.name}: parameter {name} has no help comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_runner_reads_the_parameters_papermill_reads(path):
    found = papermill.inspect_notebook(str(path))
    expected = {name: str(info.get("help") or "") for name, info in found.items()}
    assert notebook_parameter_names(path) == expected


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_catalogue_parameters_exist_in_their_notebook(name):
    spec = CATALOGUE[name]
    check_parameter_names(spec.notebook, spec.parameters)


# --- Every report, generated by the runner ----------------------------------------------------


@pytest.mark.slow
def test_generation_log_has_one_line_per_report_and_no_failure(tmp_path_factory):
    _, code, log, seconds = generate_reports(tmp_path_factory)
    assert code == 0, log
    for name in CATALOGUE:
        assert re.search(rf"\] {re.escape(name)}: ok \(", log), log
    print(f"generated {len(CATALOGUE)} reports in {seconds:.0f} s")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CATALOGUE))
def test_report_is_published_offline_with_its_charts(reports, name):
    spec = CATALOGUE[name]
    folder = reports / name
    page = (folder / "index.html").read_text(encoding="utf-8")
    expected = plotly_charts(name)
    assert page.count('class="plotly-graph-div"') == expected
    # each chart with nothing to show is its sentence (or a pointer) where the chart would be
    told = [c for c in NOTEBOOK_CHARTS[spec.notebook.name] if c not in drawn_charts(name)]
    assert page.count('class="la-note la-chart-sentence"') == len(told)
    for chart in told:
        assert f'data-chart="{chart}">' in page
    # each sentence of the page's prose once: a chart's sentence leaves out what the lede or
    # an earlier chart's sentence said (February 2025 said its walkouts five times)
    prose = re.findall(r'class="(?:lede|la-note[^"]*)"[^>]*>(.*?)</p>', page, re.S)
    prose += re.findall(r'<ul class="la-summary">(.*?)</ul>', page, re.S)
    plain = [html.unescape(re.sub(r"<[^>]+>", " ", p)) for p in prose]
    assert repeated_sentences(plain) == {}, name
    if expected:
        # each chart drawn by the page script (its desktop or phone specification)
        assert page.count("window.laDrawChart(") == expected
        # plotly.js once, from the folder's shared local copy (no CDN, none inlined)
        shared = re.findall(r"<script[^>]*src=\"\.\./_assets/plotly[^\"]*\.min\.js\"", page)
        assert len(shared) == 1 and not re.findall(r"\* plotly\.js v\d", page)
    assert REMOTE_RESOURCE.search(page) is None
    assert not re.search(r"<script[^>]*src=[\"']?(?:https?:)?//", page)
    assert not re.search(r"<script[^>]*src=[^>]*(?:require|mathjax)", page, re.IGNORECASE)
    assert "load_report_data(" not in page  # code cells are hidden
    assert "Traceback" not in page
    title = spec.parameters.get("title")
    if title:
        # nbconvert re-serialises outputs: quotes in text need no escaping, < and & do
        assert f'<h1 class="la-title">{html.escape(title, quote=False)}</h1>' in page
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["parameters"] == spec.parameters
    assert manifest["data_version"] == data_version()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CATALOGUE))
def test_executed_notebook_is_kept_and_has_no_errors_or_warnings(reports, name):
    nb = executed(reports, name)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == (1 if CATALOGUE[name].parameters or name in TIMELINE_RUNS else 0)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CATALOGUE))
def test_executed_notebook_opens_offline_with_no_cdn_reference(reports, name):
    """Issue 12, case 10. Before: plotly's outputs kept CDN MathJax `<script src>` tags."""
    text = (reports / name / CATALOGUE[name].notebook.name).read_text(encoding="utf-8")
    assert REMOTE_RESOURCE.search(text) is None
    assert not re.search(r"<script[^>]*src=[^>]*(?:mathjax|cdn)", text, re.IGNORECASE)
    if plotly_charts(name):
        assert "* plotly.js v" in text  # plotly.js itself is inlined


@pytest.mark.slow
@pytest.mark.parametrize("name", TIMELINE_RUNS)
def test_timeline_reports_export_article_charts_and_a_sortable_events_table(reports, name):
    folder = reports / name
    charts = sorted(p.relative_to(folder).as_posix() for p in (folder / "charts").iterdir())
    assert len(charts) == timeline_exports(name)
    assert json.loads((folder / "manifest.json").read_text())["charts"] == charts
    chart_page = (folder / "charts" / "index.html").read_text(encoding="utf-8")
    for chart in set(ARTICLE_CHARTS) - set(exported_charts(name)):
        # not exported: no image, alt text or data; its section on the chart page says why
        assert not [p for p in charts if Path(p).name.startswith(f"{chart}-")], chart
        assert f"charts/{chart}.txt" not in charts
        sentence = html.escape(showing.sentence(report_facts(name), chart))
        assert f'<section id="{chart}"' in chart_page
        assert f'<p class="no-chart">{sentence}</p>' in chart_page
        assert f'src="{chart}-640.png"' not in chart_page
    for chart in exported_charts(name):
        assert (folder / "charts" / f"{chart}-640.png").stat().st_size > 10_000
        assert (folder / "charts" / f"{chart}-phone-390.png").stat().st_size > 10_000
        assert (folder / "charts" / f"{chart}.txt").read_text().strip()
        lines = (folder / "charts" / f"{chart}-data.csv").read_bytes().count(b"\r\n")
        assert lines >= (2 if chart in ("combined", "map") else 1)  # a panel may be empty
    if "map" in exported_charts(name):
        header = (folder / "charts" / "map-data.csv").read_text("utf-8").splitlines()[0]
        assert header.startswith("chart,place,lon,lat,precision,approximate,demonstrations")
    assert (folder / "charts" / "timelinejs.csv").is_file()
    assert (folder / "charts" / "events.csv").is_file()
    story = (folder / "charts" / "chronology.html").read_text(encoding="utf-8")
    assert "<script" not in story and (folder / "charts" / "chronology.md").is_file()
    assert 'href="chronology.html"' in (folder / "charts" / "index.html").read_text()
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="la-table la-sortable[^"]*"', page)  # paged at scale
    assert 'href="charts/index.html"' in page
    # the combined chart's data only where it is drawn (February 2025: a sentence)
    combined = 'href="charts/combined-data.csv"' in page
    assert combined == ("combined" in exported_charts(name)), name
    # A first publication: the Corrections section says so (tests/test_changes.py: a change).
    assert '<h2 id="Corrections">' in page and "First published version" in page


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by its path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_two_builds_of_a_timeline_report_give_byte_identical_exports_and_data(reports, tmp_path):
    """Issue 19: the session's build of the ``timeline`` report and a second one, made by the
    runner in a fresh process (a fresh kernel) into another folder, write the same bytes: every
    article export (PNG, SVG, PDF at both widths, the phone PNG, alt texts), every chart's data
    CSV, the TimelineJS sheet, the chart page and its list of files. The report page, its
    manifest, the executed notebook and the runner's data snapshot say when they were made: not
    compared."""
    again = tmp_path / "reports"
    built = report_cli("timeline", "--reports-dir", str(again))
    assert built.returncode == 0, built.stdout + built.stderr
    first = _files(reports / "timeline" / "charts")
    second = _files(again / "timeline" / "charts")
    assert sorted(first) == sorted(second) and len(first) == timeline_exports("timeline")
    kinds = {Path(name).suffix for name in first}
    assert kinds == {".png", ".svg", ".pdf", ".txt", ".csv", ".html", ".json", ".md"}
    assert all(f"{chart}-phone-390.png" in first for chart in ARTICLE_CHARTS)
    assert {"index.html", "timelinejs.csv", ".chart-page.json"} <= set(first)
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"not byte-identical across two builds: {', '.join(differ)}"


@pytest.mark.slow
def test_index_links_every_report_with_parameters_and_data_version(reports):
    page = (reports / "index.html").read_text(encoding="utf-8")
    for name in CATALOGUE:
        assert f'href="{name}/index.html"' in page
    assert "start_date: &quot;2025-06-01&quot;" in page
    assert f"<code>{data_version()}</code>" in page
    assert "first published version" in page
    assert (reports / "_data" / f"{data_version()}.json").is_file()  # for `analysis changes`
    assert REMOTE_RESOURCE.search(page) is None
    for name in TIMELINE_RUNS:  # issue 11: the chart page, not a bare folder
        assert f'href="{name}/charts/index.html"' in page
    assert 'href="timeline/charts/"' not in page


@pytest.mark.slow
def test_a_no_change_rerun_skips_everything_and_imports_nothing_heavy(reports):
    if package_digest.__wrapped__() != package_digest():
        pytest.skip("analysis/ changed while the reports were generated (someone editing?)")
    result, heavy = rerun_imports("--reports-dir", str(reports))
    assert result.returncode == 0, result.stderr
    assert "Up to date (skipped): " + ", ".join(CATALOGUE) in result.stdout
    assert heavy == [], f"a no-change rerun imported {heavy}"


@pytest.mark.slow
def test_a_catalogue_entry_with_min_reliability_leaves_weak_sources_out_of_its_report(
    reports, tmp_path
):
    """Issue 11: ``min_reliability`` in reports.yml reaches the notebook, its charts and data."""
    catalogue = tmp_path / "reports.yml"
    catalogue.write_text(
        f"reports:\n  weekend-strong:\n    notebook: {NOTEBOOKS_DIR / '1-timeline-report.ipynb'}\n"
        "    parameters:\n      start_date: 2026-01-29\n      end_date: 2026-02-01\n"
        "      min_reliability: medium\n",
        encoding="utf-8",
    )
    log = io.StringIO()
    code = run_reports([], reports_dir=tmp_path / "out", catalogue_path=catalogue, out=log)
    assert code == 0, log.getvalue()
    folder = tmp_path / "out" / "weekend-strong"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["parameters"]["min_reliability"] == "medium"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "sources: medium reliability or better" in page
    # the combined chart's data (with medium sources only, every crowd is on 31 Jan: the crowd
    # chart alone is a sentence, not an export)
    strong = (folder / "charts" / "combined-data.csv").read_text(encoding="utf-8")
    every = (reports / "ice-out-weekend-2026" / "charts" / "combined-data.csv").read_text("utf-8")
    # the same days with every source: a weak-source mark is drawn (its kind in words)
    assert ",low-reliability sources only," in every
    assert ",low-reliability sources only," not in strong


# --- The plain papermill CLI, as a reader would run one notebook ------------------------------


@pytest.mark.slow
def test_timeline_notebook_runs_under_the_papermill_cli_on_the_tiny_dataset(tiny_dataset, tmp_path):
    out = tmp_path / "out.ipynb"
    result = papermill_cli(
        out,
        "-p",
        "start_date",
        "2026-01-30",
        "-y",
        "cities: [Los Angeles, Long Beach]",
        "-p",
        "title",
        "Tiny <weekend> & more",
        dataset=tiny_dataset,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    html_out = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "Tiny &lt;weekend&gt; &amp; more" in html_out
    assert "30 Jan 2026 to" not in html_out  # open-ended: "from 30 Jan 2026"
    assert "from 30 Jan 2026; cities: Los Angeles, Long Beach" in html_out
    # The charts with something to show in this selection are drawn, the others are sentences.
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts

    facts = build_facts(
        load_dataset(
            tiny_dataset, tiny_dataset.parent / "sources.csv", tiny_dataset.parent / "places.csv"
        ),
        start="2026-01-30",
        cities=["Los Angeles", "Long Beach"],
    )
    charts = NOTEBOOK_CHARTS["1-timeline-report.ipynb"]
    drawn = [c for c in charts if showing.shows(facts, c)]
    assert 0 < len(drawn) < len(charts)  # the tiny selection has both kinds
    assert html_out.count('class="plotly-graph-div"') == len(drawn)
    assert html_out.count('class="la-note la-chart-sentence"') == len(charts) - len(drawn)
    assert "No output_dir was given" in html_out  # exports are tested through the runner


@pytest.mark.slow
def test_bad_parameters_fail_inside_the_notebook_too(tmp_path):
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [
            PAPERMILL,
            str(NOTEBOOKS_DIR / "3-official-responses.ipynb"),
            str(out),
            "-k",
            KERNEL_NAME,
            "--no-progress-bar",
            "-p",
            "start_date",
            "2025-06-30",
            "-p",
            "end_date",
            "2025-06-01",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode != 0
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "ParameterError"
    assert "end_date (2025-06-01) is before start_date (2025-06-30)" in errors[0].evalue
    # Issue 12, case 9: stopped by the check cell, with one line instead of a 54-77 line traceback.
    assert errors[0].traceback == [f"ParameterError: {errors[0].evalue}"]
    assert result.stderr.strip().splitlines()[-1] == errors[0].traceback[0]


@pytest.mark.slow
def test_a_misspelled_parameter_stops_the_papermill_cli_with_one_line(tmp_path):
    """Issue 12, case 9. Before: `-p citys ...` was only warned about; the run exited 0 with an
    unfiltered report."""
    out = tmp_path / "out.ipynb"
    result = papermill_cli(out, "-p", "citys", "[Paramount]")
    assert result.returncode == 1
    message = (
        "ParameterError: this notebook has no parameter 'citys'; did you mean 'cities'? "
        "(its parameters: events_path, sources_path, places_path, start_date, end_date, cities, "
        "event_types, scope, min_reliability, title, output_dir, previous_data)"
    )
    assert result.stderr.strip().splitlines()[-1] == message
    nb = nbformat.read(out, as_version=4)
    stopped = [c for c in nb.cells if c.get("metadata", {}).get("papermill", {}).get("exception")]
    assert len(stopped) == 1 and "check_notebook_parameters(globals())" in stopped[0].source
    assert not any(c.get("outputs") for c in nb.cells[nb.cells.index(stopped[0]) + 1 :])
