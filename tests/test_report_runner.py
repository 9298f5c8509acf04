"""Tests for the report runner: skipping unchanged reports, failures, bad parameters, the index.

They run a tiny notebook (no charts, a few seconds per run) from a catalogue in a temporary
folder, against the project's real data; the real notebooks are run by tests/test_notebooks.py.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from report_fixtures import (
    assert_one_line_error,
    fill_disk,
    make_tiny_project,
    report_cli,
    rerun_imports,
    run,
    run_in_a_read_only_folder,
    small_disk,
)

from analysis.cli import parse_parameter_value
from analysis.errors import ParameterError
from analysis.report import catalogue as cat
from analysis.report import folders, kernel, runner
from analysis.report.execute import failing_cell, finish_notebook, first_line
from analysis.report.fingerprint import package_digest
from analysis.report.html import REMOTE_RESOURCE


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny project generated once: (catalogue, reports dir, output of the first run)."""
    root = tmp_path_factory.mktemp("tiny-project")
    catalogue = make_tiny_project(root)
    reports = root / "reports"
    code, output = run(catalogue, reports)
    assert code == 0, output
    return catalogue, reports, output


def test_first_run_publishes_report_notebook_charts_manifest_and_index(tiny):
    catalogue, reports, output = tiny
    assert "[1/1] tiny: ok" in output  # one line per report when not on a terminal
    folder = reports / "tiny"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "selection: 1 Jun 2025 to 30 Jun 2025" in page
    assert "check_parameters" not in page  # code hidden
    assert (folder / "0-tiny.ipynb").is_file()
    assert (folder / "charts" / "chart.txt").read_text() == "a chart"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["parameters"]["start_date"] == "2025-06-01"
    assert manifest["parameters"]["events_path"] == str(catalogue.parent / "data" / "events.csv")
    assert manifest["charts"] == ["charts/chart.txt"]
    assert len(manifest["data_version"]) == 12
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert '<a href="tiny/index.html"><strong>Tiny &amp; &lt;small&gt;</strong></a>' in index
    assert "start_date: &quot;2025-06-01&quot;" in index
    assert manifest["data_version"] in index
    assert manifest["generated_at"].replace("T", " ")[:19] in index
    assert not list(reports.glob(".*.tmp"))


def test_rerun_without_changes_skips_and_starts_no_kernel(tiny, monkeypatch):
    catalogue, reports, _ = tiny
    before = (reports / "tiny" / "manifest.json").read_text()

    def no_kernel(*_args, **_kwargs):
        raise AssertionError("an unchanged report must not start a kernel")

    monkeypatch.setattr(runner, "execute_jobs", no_kernel)
    code, output = run(catalogue, reports)
    assert code == 0
    assert "Up to date (skipped): tiny" in output
    assert (reports / "tiny" / "manifest.json").read_text() == before


def test_a_no_change_rerun_from_the_command_line_imports_nothing_heavy(tiny):
    """The skip is decided with the standard library (the benchmark times it: about 0.2 s)."""
    catalogue, reports, _ = tiny
    if package_digest.__wrapped__() != package_digest():
        pytest.skip("analysis/ changed during the test session (someone editing?)")
    result, heavy = rerun_imports("--catalogue", str(catalogue), "--reports-dir", str(reports))
    assert result.returncode == 0, result.stderr
    assert "Up to date" in result.stdout
    assert heavy == [], f"a no-change rerun imported {heavy}"


def test_changed_parameters_notebook_or_force_trigger_a_run(tiny, tmp_path):
    catalogue, reports, _ = tiny
    spec = cat.load_catalogue(catalogue)["tiny"]
    assert not runner.plan_reports([spec], reports)[0].needed
    changed = runner.customised(spec, {"end_date": "2025-06-15"}, None)
    assert runner.plan_reports([changed], reports)[0].reason == "inputs changed"
    assert runner.plan_reports([spec], reports, force=True)[0].reason == "forced"
    copy = tmp_path / "0-tiny.ipynb"
    copy.write_text(spec.notebook.read_text() + " ")
    moved = cat.ReportSpec(spec.name, copy, spec.parameters)
    assert runner.plan_reports([moved], reports)[0].reason == "inputs changed"


def test_failing_notebook_keeps_old_report_and_failed_notebook_and_names_the_cell(tiny, tmp_path):
    catalogue, reports, _ = tiny
    work = tmp_path / "reports"
    shutil.copytree(reports, work)
    old_page = (work / "tiny" / "index.html").read_bytes()
    code, output = run(catalogue, work, fail=True)
    assert code == 1
    assert "error: report 'tiny' failed: cell 3 of notebooks/0-tiny.ipynb ('if fail:')" in output
    assert "RuntimeError: deliberate failure" in output
    assert "the previous report was left in place" in output
    assert (work / "tiny" / "index.html").read_bytes() == old_page
    failed = work / "_failed" / "tiny.ipynb"
    assert failed.is_file()
    assert failing_cell(failed) == (3, "if fail:")
    assert "deliberate failure" in failed.read_text()
    assert "Last run failed" in (work / "index.html").read_text()
    assert not list(work.glob(".*.tmp"))


def test_a_cell_that_times_out_fails_the_report_and_keeps_the_notebook(tiny, tmp_path):
    """The runner's engine writes the notebook once, at the end: a timeout must still leave it."""
    catalogue, _, _ = tiny
    work = tmp_path / "reports"
    code, output = run(catalogue, work, cell_timeout=3, sleep=60)
    assert code == 1
    assert "cell 3 of notebooks/0-tiny.ipynb ('if fail:')" in output
    failed = work / "_failed" / "tiny.ipynb"
    assert failing_cell(failed) == (3, "if fail:")
    executed = nbformat.read(failed, as_version=4)
    assert "selection: 1 Jun 2025" in json.dumps(executed.cells[3].outputs)  # earlier output
    assert not list(work.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (("cities", "[Atlantis]"), "cities: unknown value 'Atlantis'"),
        (("cities", "Los Angles"), "did you mean 'Los Angeles'"),
        (("end_date", "2025-05-01"), "end_date (2025-05-01) is before start_date (2025-06-01)"),
        (("start_date", "2025-13-01"), "start_date: '2025-13-01' is not a real date"),
        (("start_date", "June"), "not a date; write it as YYYY-MM-DD"),
        (("citys", "[Los Angeles]"), "has no parameter 'citys'; did you mean 'cities'?"),
        (("output_dir", "/tmp/x"), "output_dir is set by the runner"),
    ],
)
def test_bad_parameters_are_refused_before_any_kernel_starts(
    tiny, tmp_path, monkeypatch, override, message
):
    catalogue, _, _ = tiny

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was about to start")

    monkeypatch.setattr(runner, "execute_jobs", no_kernel)
    monkeypatch.setattr(kernel, "ensure_kernel", no_kernel)
    with pytest.raises(ParameterError) as err:
        runner.run_reports(
            ["tiny"],
            reports_dir=tmp_path / "reports",
            catalogue_path=catalogue,
            overrides={override[0]: parse_parameter_value(override[1])},
        )
    assert message in str(err.value)
    assert not (tmp_path / "reports" / "tiny").exists()


def test_unknown_report_name_exits_2_with_a_one_line_error_and_no_traceback(tiny, tmp_path):
    catalogue, _, _ = tiny
    result = report_cli(
        "--catalogue", str(catalogue), "--reports-dir", str(tmp_path), "tiny", "nope"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "error: unknown report 'nope'; known reports: tiny"
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_parameter_from_the_command_line_exits_2_without_traceback(tiny, tmp_path):
    catalogue, _, _ = tiny
    result = report_cli(
        "--catalogue",
        str(catalogue),
        "--reports-dir",
        str(tmp_path),
        "tiny",
        "-p",
        "cities",
        "[Atlantis]",
    )
    assert result.returncode == 2
    assert "error: report 'tiny': cities: unknown value 'Atlantis'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_overrides_need_exactly_one_report(tiny, tmp_path):
    catalogue, _, _ = tiny
    with pytest.raises(ParameterError, match="exactly one report"):
        runner.run_reports(
            [], reports_dir=tmp_path, catalogue_path=catalogue, overrides={"fail": True}
        )


def test_list_shows_reports_and_their_state(tiny, capsys):
    catalogue, reports, _ = tiny
    assert runner.list_reports(reports, catalogue) == 0
    shown = capsys.readouterr().out
    assert "tiny  [up to date]  0-tiny.ipynb" in shown
    assert 'start_date: "2025-06-01"' in shown


def test_parse_value_reads_yaml_but_keeps_titles_text():
    assert parse_parameter_value("[Los Angeles, Paramount]") == ["Los Angeles", "Paramount"]
    assert parse_parameter_value("null") is None
    assert parse_parameter_value("true") is True
    assert parse_parameter_value("June: raids") == "June: raids"
    assert parse_parameter_value("2025-13-01") == "2025-13-01"


def test_project_kernel_runs_this_environments_python():
    resource_dir = kernel.ensure_kernel(install=False)
    assert Path(resource_dir).is_dir()


def test_a_kernel_from_another_environment_is_refused(monkeypatch):
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    def foreign(self, name):
        return KernelSpec(
            argv=["/opt/other-env/bin/python", "-m", "ipykernel_launcher"],
            resource_dir="/home/someone/.local/share/jupyter/kernels/x",
        )

    monkeypatch.setattr(KernelSpecManager, "get_kernel_spec", foreign)
    with pytest.raises(kernel.KernelError, match="not inside this environment"):
        kernel.ensure_kernel()


def test_python_in_prefix():
    assert kernel.python_in_prefix(sys.executable, sys.prefix)
    assert kernel.python_in_prefix("python", sys.prefix)
    assert not kernel.python_in_prefix("/usr/bin/python3", sys.prefix)
    assert not kernel.python_in_prefix("bin/python", sys.prefix)


def test_first_line():
    assert first_line("\n\n  x = 1\ny = 2") == "x = 1"
    assert first_line("") == ""


def test_a_missing_kernel_is_installed_into_this_environment(monkeypatch):
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel

    installed = {}

    def lookup(self, name):
        if not installed:
            raise NoSuchKernel(name)
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher"], resource_dir="/k")

    def install(**kwargs):
        installed.update(kwargs)
        return "/k"

    monkeypatch.setattr(KernelSpecManager, "get_kernel_spec", lookup)
    monkeypatch.setattr("ipykernel.kernelspec.install", install)
    with pytest.raises(kernel.KernelError, match="make venv"):
        kernel.ensure_kernel(install=False)
    assert kernel.ensure_kernel() == "/k"
    assert installed["prefix"] == sys.prefix
    assert installed["kernel_name"] == kernel.KERNEL_NAME
    assert installed["env"]["PLOTLY_RENDERER"] == "notebook"
    assert installed["env"]["MPLBACKEND"] == "Agg"


# --- Issue 12: stale failed copies, read-only folders, leftovers, offline notebooks -------------


def test_a_stale_failed_copy_is_cleared_when_the_report_is_current_again(tmp_path):
    """Case 7. Before: the restored report was skipped as up to date, but its `_failed/` copy and
    the index's "last run failed" link stayed."""
    catalogue = make_tiny_project(tmp_path / "project")
    reports = tmp_path / "reports"
    notebook = catalogue.parent / "notebooks" / "0-tiny.ipynb"
    good = notebook.read_bytes()
    assert run(catalogue, reports)[0] == 0
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[2].source += "\nraise RuntimeError('broken on purpose')"
    nbformat.write(nb, notebook)
    assert run(catalogue, reports)[0] == 1
    failed = reports / "_failed" / "tiny.ipynb"
    assert failed.is_file() and "Last run failed" in (reports / "index.html").read_text()
    notebook.write_bytes(good)  # the notebook restored to its last good version
    code, output = run(catalogue, reports)
    assert code == 0 and "Up to date (skipped): tiny" in output
    assert not failed.exists()
    assert "Last run failed" not in (reports / "index.html").read_text()


def test_a_read_only_reports_folder_is_refused_even_with_nothing_to_rebuild(tiny, tmp_path):
    """Case 6. Before: a traceback (OSError on `.lock`), even when every report was current."""
    catalogue, reports, _ = tiny
    work = tmp_path / "reports"
    shutil.copytree(reports, work)
    argv = ["--catalogue", str(catalogue), "--reports-dir", str(work)]
    assert "Up to date (skipped): tiny" in report_cli(*argv).stdout  # nothing to rebuild
    result = run_in_a_read_only_folder(work, argv)
    assert_one_line_error(result, f"the reports folder {work} is read-only")


def test_a_run_removes_the_marked_leftovers_of_dead_runs_and_nothing_else(tiny, tmp_path):
    catalogue, reports, _ = tiny
    work = tmp_path / "reports"
    shutil.copytree(reports, work)
    leftover = folders.make_run_dir(work, "tiny", ".tmp", "a-killed-run")
    (work / ".notes.tmp").mkdir()
    assert run(catalogue, work)[0] == 0  # nothing to rebuild, but not refused
    assert not leftover.exists()
    assert (work / ".notes.tmp").is_dir()


def test_a_run_on_a_full_disk_leaves_nothing_behind_for_the_next_run(tiny, tmp_path):
    """Issue 19. Before: the run folder was made, its marker could not be written, and the
    folder (``.tiny.<random>.tmp``) stayed for good: no later run knew it as a run's."""
    catalogue, _, _ = tiny
    with small_disk(tmp_path / "disk") as disk:
        reports = folders.claim_reports_dir(disk / "reports")
        filler = fill_disk(disk)
        argv = ["--catalogue", str(catalogue), "--reports-dir", str(reports)]
        failed = report_cli(*argv)
        assert failed.returncode != 0 and "Traceback" not in failed.stderr
        assert "tiny: FAILED" in failed.stdout and "No space left on device" in failed.stdout
        leftovers = [p.name for p in reports.iterdir() if p.name.endswith(folders.RUN_SUFFIXES)]
        assert leftovers == []
        filler.unlink()
        code, output = run(catalogue, reports)
        assert code == 0, output
        assert (reports / "tiny" / "index.html").is_file()
        left = [p.name for p in reports.iterdir() if p.name.endswith(folders.RUN_SUFFIXES)]
        assert left == [] and not (reports / "_failed").exists()


def test_the_kept_notebooks_are_stamped_and_carry_no_remote_script(tiny):
    """Case 10 (the real reports' plotly outputs are checked in tests/test_notebooks.py)."""
    _, reports, _ = tiny
    kept = json.loads((reports / "tiny" / "0-tiny.ipynb").read_text())
    assert kept["metadata"][folders.STAMP_KEY]["report"] == "tiny"
    nb = nbformat.v4.new_notebook()
    cdn = '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"></script>'
    nb.cells = [nbformat.v4.new_code_cell("chart")]
    nb.cells[0].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": f"<div>chart</div>{cdn}"})
    ]
    assert finish_notebook(nb, report="june", run_id="r1") == 1
    assert nb.cells[0].outputs[0].data["text/html"] == "<div>chart</div>"
    assert REMOTE_RESOURCE.search(json.dumps(nb)) is None
    assert nb.metadata[folders.STAMP_KEY] == {"report": "june", "run": "r1"}


def test_an_emptied_events_file_is_refused_before_any_kernel_starts(tiny, tmp_path, monkeypatch):
    """Case 8. Before: an events.csv with a header and no rows gave empty reports without a word."""
    catalogue, _, _ = tiny
    data = catalogue.parent / "data"
    emptied = tmp_path / "events.csv"
    emptied.write_text((data / "events.csv").read_text().splitlines()[0] + "\n")

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was about to start")

    monkeypatch.setattr(runner, "execute_jobs", no_kernel)
    with pytest.raises(ParameterError, match=r"\[empty\] the file has a header but no events"):
        runner.run_reports(
            ["tiny"],
            reports_dir=tmp_path / "reports",
            catalogue_path=catalogue,
            overrides={"events_path": str(emptied)},
        )
