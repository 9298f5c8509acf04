"""Tests for analysis.report.catalogue: reading reports.yml and selecting runs by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.paths import PROJECT_ROOT
from analysis.report.catalogue import load_catalogue, normalise_value, select

REQUIRED_RUNS = {
    "timeline": (None, None),
    "june-2025-raids": ("2025-06-01", "2025-06-30"),
    "february-2025-walkouts": ("2025-02-01", "2025-02-28"),
    "ice-out-weekend-2026": ("2026-01-29", "2026-02-01"),
}


def write_catalogue(tmp_path: Path, text: str) -> Path:
    (tmp_path / "nb.ipynb").write_text("{}", encoding="utf-8")
    path = tmp_path / "reports.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_catalogue_lists_the_required_runs():
    catalogue = load_catalogue()
    for name, (start, end) in REQUIRED_RUNS.items():
        spec = catalogue[name]
        assert spec.notebook.name == "1-timeline-report.ipynb"
        assert spec.parameters.get("start_date") == start
        assert spec.parameters.get("end_date") == end
        assert spec.notebook.is_absolute()
    assert catalogue["data-quality"].notebook.name == "2-check-data-quality.ipynb"
    assert catalogue["official-responses"].notebook.name == "3-official-responses.ipynb"


def test_yaml_dates_become_iso_strings_and_paths_absolute(tmp_path):
    path = write_catalogue(
        tmp_path,
        "reports:\n  a:\n    notebook: nb.ipynb\n    parameters:\n"
        "      start_date: 2025-06-01\n      events_path: data/x.csv\n      cities: [LA]\n",
    )
    spec = load_catalogue(path, notebooks_dir=tmp_path)["a"]
    assert spec.parameters["start_date"] == "2025-06-01"
    assert spec.parameters["events_path"] == str((tmp_path / "data" / "x.csv").resolve())
    assert spec.parameters["cities"] == ["LA"]
    assert spec.title == "a"


def test_normalise_value_keeps_plain_values():
    assert normalise_value("title", "June 2025") == "June 2025"
    assert normalise_value("events_path", "/abs/x.csv") == "/abs/x.csv"
    assert normalise_value("cities", None) is None
    assert normalise_value("events_path", "data/events.csv") == str(
        PROJECT_ROOT / "data" / "events.csv"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("reports:\n  Bad Name:\n    notebook: nb.ipynb\n", "slug"),
        ("reports:\n  a:\n    notebook: missing.ipynb\n", "not found"),
        ("reports:\n  a:\n    notebook: nb.ipynb\n    parameters: [1]\n", "mapping"),
        ("reports:\n  a:\n    notebook: nb.ipynb\n    colour: red\n", "unknown key"),
        (
            "reports:\n  a:\n    notebook: nb.ipynb\n    parameters:\n      output_dir: x\n",
            "set by the runner",
        ),
        ("reports: [\n", "not valid YAML"),
        ("title: no reports here\n", "reports:"),
    ],
)
def test_malformed_catalogues_are_refused(tmp_path, body, message):
    path = write_catalogue(tmp_path, body)
    with pytest.raises(ParameterError, match=message):
        load_catalogue(path, notebooks_dir=tmp_path)


def test_missing_catalogue_file(tmp_path):
    with pytest.raises(ParameterError, match="not found"):
        load_catalogue(tmp_path / "nope.yml")


def test_select_by_name_all_and_unknown():
    catalogue = load_catalogue()
    assert [s.name for s in select(catalogue, [])] == list(catalogue)
    assert [s.name for s in select(catalogue, ["data-quality", "timeline", "timeline"])] == [
        "data-quality",
        "timeline",
    ]
    with pytest.raises(ParameterError, match=r"unknown report 'timelin'.*known reports: timeline"):
        select(catalogue, ["timelin"])


@pytest.mark.parametrize(
    ("value", "error"),
    [("medium", None), ("high", None), ("excellent", "min_reliability: unknown value")],
)
def test_a_catalogue_entry_may_exclude_low_reliability_sources(tmp_path, monkeypatch, value, error):
    """Issue 11: ``min_reliability`` is a catalogue parameter, checked before any kernel."""
    from analysis.report import kernel, runner

    notebook = PROJECT_ROOT / "notebooks" / "1-timeline-report.ipynb"
    path = tmp_path / "reports.yml"
    path.write_text(
        f"reports:\n  strong:\n    notebook: {notebook}\n"
        f"    parameters:\n      min_reliability: {value}\n",
        encoding="utf-8",
    )
    started: list[object] = []
    monkeypatch.setattr(runner, "execute_jobs", lambda jobs, *a, **k: started.extend(jobs) or [])
    monkeypatch.setattr(kernel, "ensure_kernel", lambda *a, **k: None)
    if error:
        with pytest.raises(ParameterError, match=error):
            runner.run_reports([], reports_dir=tmp_path / "reports", catalogue_path=path)
        assert started == []
    else:
        runner.run_reports([], reports_dir=tmp_path / "reports", catalogue_path=path)
        assert [job.parameters for job in started] == [{"min_reliability": value}]


def test_a_titles_days_are_the_days_its_report_covers():
    """Editor review: "The ICE Out weekend, 30-31 January 2026" covered 29 January to
    1 February. A title (the index's and the page's) that names days names its first and
    last day; one that names only a month or months names the months covered."""
    import re
    from datetime import date

    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    for spec in load_catalogue().values():
        start, end = spec.parameters.get("start_date"), spec.parameters.get("end_date")
        if not (start and end):
            continue
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        for title in (spec.title, str(spec.parameters.get("title", ""))):
            days = re.findall(rf"\b(\d{{1,2}})(?:[-\u2013]\d{{1,2}})? ({months})", title)
            if days:  # the first day named is the start, and the end's day is named too
                assert (int(days[0][0]), days[0][1]) == (first.day, f"{first:%B}"), title
                assert f"{last.day} {last:%B} {last.year}" in title, title
            else:
                assert f"{first:%B}" in title or f"{first:%B}"[:3] in title, title
