"""The report runner writes, replaces and removes only what it made (issue 12, cases 1-3 and 6).

Every run here is refused before a kernel starts, so these tests are quick; the cases that need
a generated report are in tests/test_report_runner.py.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from report_fixtures import (
    assert_one_line_error,
    fill_disk,
    make_tiny_project,
    report_cli,
    run_in_a_read_only_folder,
    small_disk,
)

from analysis.errors import ParameterError
from analysis.paths import PROJECT_ROOT
from analysis.report import folders


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    return make_tiny_project(tmp_path_factory.mktemp("project"))


def cli(catalogue: Path, reports: Path | str, *args: str, **kwargs):
    return report_cli("--catalogue", str(catalogue), "--reports-dir", str(reports), *args, **kwargs)


def snapshot(folder: Path) -> dict[str, bytes | str | None]:
    """Every entry under ``folder`` with its content (link target for links, None for folders)."""
    found: dict[str, bytes | str | None] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = os.readlink(path)
        elif path.is_dir():
            found[name] = None
        else:
            found[name] = path.read_bytes()
    return found


def users_data(folder: Path) -> Path:
    """A folder of someone's own CSV files."""
    folder.mkdir(parents=True)
    for name in ("events", "sources", "places"):
        (folder / f"{name}.csv").write_bytes((PROJECT_ROOT / "data" / f"{name}.csv").read_bytes())
    return folder


# --- Case 1: a report never replaces a folder the runner did not publish -------------------------


def test_a_folder_holding_the_users_data_is_not_taken_as_a_reports_folder(catalogue, tmp_path):
    """Before: `--as data --reports-dir DIR` moved DIR/data (the user's CSVs) aside, deleted it."""
    users_data(tmp_path / "data")
    before = snapshot(tmp_path)
    result = cli(catalogue, tmp_path, "tiny", "--as", "data", "-p", "end_date", "2025-06-30")
    assert_one_line_error(result, str(tmp_path), "not empty and was not made by the report runner")
    assert snapshot(tmp_path) == before


def test_a_report_is_not_published_over_a_folder_the_runner_did_not_make(catalogue, tmp_path):
    reports = folders.claim_reports_dir(tmp_path / "reports")
    (reports / ".lock").touch()  # the runner's own lock file: the only thing a refused run adds
    users_data(reports / "data")
    before = snapshot(reports)
    result = cli(catalogue, reports, "tiny", "--as", "data", "-p", "end_date", "2025-06-30")
    says = f"{reports / 'data'} exists and was not made by the report runner"
    assert_one_line_error(result, says)
    assert snapshot(reports) == before
    with pytest.raises(ParameterError, match="move it away or publish under another name"):
        folders.check_replaceable(reports, "data")


def test_a_report_folder_counts_as_the_runners_only_with_its_own_manifest(tmp_path):
    folder = tmp_path / "june"
    folder.mkdir()
    assert not folders.is_runner_report(folder)
    (folder / "manifest.json").write_text(json.dumps({"name": "other", "inputs_hash": "x"}))
    assert not folders.is_runner_report(folder)  # another report's manifest
    (folder / "manifest.json").write_text(json.dumps({"name": "june", "inputs_hash": "x"}))
    assert folders.is_runner_report(folder)
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert not folders.is_runner_report(link)  # a link to a report is not a report


# --- Case 2: nothing is removed by a refused run; the root and the home folder are refused -------


def test_a_refused_run_removes_nothing(catalogue, tmp_path):
    """Before: taking the lock removed every `.*.tmp` and `.*.old`, even in a refused run."""
    mine = tmp_path / "mine"
    (mine / ".notes.tmp").mkdir(parents=True)
    (mine / ".notes.tmp" / "draft.txt").write_text("my notes")
    (mine / ".backup.old").mkdir()
    (mine / ".backup.old" / "copy.txt").write_text("my backup")
    before = snapshot(mine)
    assert_one_line_error(cli(catalogue, mine, "tiny"), "not empty")
    assert snapshot(mine) == before

    reports = folders.claim_reports_dir(tmp_path / "reports")
    (reports / ".lock").touch()  # the runner's own lock file: the only thing a refused run adds
    (reports / ".notes.tmp").mkdir()
    (reports / ".notes.tmp" / "draft.txt").write_text("my notes")
    leftover = folders.make_run_dir(reports, "tiny", ".tmp", "a-dead-run")
    before = snapshot(reports)
    result = cli(catalogue, reports, "tiny", "-p", "cities", "[Atlantis]")
    assert_one_line_error(result, "cities: unknown value 'Atlantis'")
    assert snapshot(reports) == before  # not even the dead run's leftover: the run was refused
    assert leftover.is_dir()


def test_only_marked_leftovers_of_runs_are_removed(tmp_path):
    reports = folders.claim_reports_dir(tmp_path / "reports")
    leftovers = [
        folders.make_run_dir(reports, "tiny", ".tmp", "a-dead-run"),
        folders.make_run_dir(reports, "tiny", ".old", "a-dead-run"),
    ]
    (reports / ".notes.tmp").mkdir()  # named like one, but not marked: someone's
    (reports / ".data.old").write_text("a file")
    with folders.locked(reports):
        assert folders.remove_leftovers(reports) == sorted(leftovers)
    assert sorted(p.name for p in reports.iterdir()) == sorted(
        [".data.old", ".lock", ".notes.tmp", folders.FOLDER_MARKER]
    )


def test_a_run_folder_whose_marker_cannot_be_written_is_removed(tmp_path, monkeypatch):
    """Issue 19. Before: the folder stayed without its marker, and no later run removed it."""
    reports = folders.claim_reports_dir(tmp_path / "reports")

    def disk_full(path: Path, content: object) -> None:
        path.touch()  # the marker half-written, as on a full disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(folders, "_write_new", disk_full)
    with pytest.raises(OSError, match="No space left"):
        folders.make_run_dir(reports, "tiny", ".tmp", "a-run")
    assert sorted(os.listdir(reports)) == [folders.FOLDER_MARKER]


def test_a_full_disk_leaves_no_folder_or_marker_behind(tmp_path):
    """Issue 19, on a real full disk (a small tmpfs): a run folder is made and marked or not at
    all, and a reports folder whose marker could not be written is not refused later."""
    with small_disk(tmp_path / "disk", size="1m") as disk:
        reports = folders.claim_reports_dir(disk / "reports")
        filler = fill_disk(disk)
        with pytest.raises(OSError) as raised:
            folders.make_run_dir(reports, "tiny", ".tmp", "a-run")
        assert raised.value.errno == errno.ENOSPC
        assert sorted(os.listdir(reports)) == [folders.FOLDER_MARKER]
        with pytest.raises(ParameterError, match=r"cannot write .*: No space left on device"):
            folders.claim_reports_dir(disk / "new")
        assert os.listdir(disk / "new") == []  # no empty marker that would refuse the folder
        filler.unlink()
        assert folders.claim_reports_dir(disk / "new") == disk / "new"
        made = folders.make_run_dir(reports, "tiny", ".tmp", "a-run")
        assert folders.is_run_dir(made)


def test_the_filesystem_root_and_the_home_folder_are_refused(catalogue, tmp_path):
    root_lock = Path("/.lock")
    had_lock = root_lock.exists()
    assert_one_line_error(cli(catalogue, "/", "tiny"), "filesystem root /")
    assert root_lock.exists() == had_lock
    home = tmp_path / "home"
    home.mkdir()
    (home / "letter.txt").write_text("dear")
    result = cli(catalogue, home, "tiny", env={"HOME": str(home)})
    assert_one_line_error(result, f"your home folder {home}")
    assert sorted(p.name for p in home.iterdir()) == ["letter.txt"]


def test_new_empty_and_earlier_runner_folders_are_accepted(tmp_path):
    new = folders.claim_reports_dir(tmp_path / "new" / "reports")
    assert (new / folders.FOLDER_MARKER).is_file()
    placeholder = tmp_path / "placeholder"
    placeholder.mkdir()
    (placeholder / ".gitkeep").touch()
    assert folders.claim_reports_dir(placeholder) == placeholder.resolve()
    # A developer's reports/ from before the marker existed: reports, index, failed copies.
    earlier = tmp_path / "earlier"
    (earlier / "timeline").mkdir(parents=True)
    manifest = {"name": "timeline", "inputs_hash": "abc"}
    (earlier / "timeline" / "manifest.json").write_text(json.dumps(manifest))
    (earlier / "index.html").write_text("<p>Regenerate with python -m analysis report</p>")
    (earlier / "_failed").mkdir()
    (earlier / ".lock").touch()
    (earlier / ".gitkeep").touch()
    assert folders.claim_reports_dir(earlier) == earlier.resolve()
    assert (earlier / folders.FOLDER_MARKER).is_file()
    # ... but not with one file of someone else's among them.
    other = tmp_path / "other"
    (other / "timeline").mkdir(parents=True)
    (other / "timeline" / "manifest.json").write_text(json.dumps(manifest))
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ParameterError, match="not empty and was not made by the report runner"):
        folders.claim_reports_dir(other)
    assert not (other / folders.FOLDER_MARKER).exists()


# --- Case 3: the lock cannot be redirected, and a dead run never leaves it held -------------------


@pytest.mark.parametrize("dangling", [False, True])
def test_a_lock_that_is_a_symbolic_link_is_refused_and_its_target_untouched(
    catalogue, tmp_path, dangling
):
    """Before: `open(".lock", "w")` followed the link and truncated its target to 0 bytes."""
    reports = folders.claim_reports_dir(tmp_path / "reports")
    precious = tmp_path / "precious.txt"
    if not dangling:
        precious.write_text("years of work")
    (reports / ".lock").symlink_to(precious)
    result = cli(catalogue, reports, "tiny")
    assert_one_line_error(result, f"{reports / '.lock'} is a symbolic link")
    if dangling:
        assert not precious.exists()  # not created through the link either
    else:
        assert precious.read_text() == "years of work"


def test_the_lock_refuses_a_second_run_and_a_killed_run_leaves_it_free(tmp_path):
    reports = folders.claim_reports_dir(tmp_path / "reports")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from analysis.report import folders\n"
            "with folders.locked(Path(sys.argv[1])):\n"
            "    print('locked', flush=True); time.sleep(600)",
            str(reports),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(ParameterError, match="another report run is writing to"),
            folders.locked(reports),
        ):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with folders.locked(reports):  # a killed run leaves nothing blocking
        pass
    assert (reports / ".lock").read_bytes() == b""  # never written


# --- Case 6: one-line errors instead of tracebacks ------------------------------------------------


def test_a_reports_folder_that_is_a_file_is_a_one_line_error(catalogue, tmp_path):
    a_file = tmp_path / "reports"
    a_file.write_text("not a folder")
    assert_one_line_error(cli(catalogue, a_file, "tiny"), f"{a_file} is not a folder")
    assert a_file.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json {", "is not a notebook (not valid JSON"),
        ('{"cells": "none"}', "is not a notebook (it has no list of cells)"),
        (None, "is not valid Python (line 1"),
    ],
)
def test_a_catalogue_notebook_that_cannot_be_read_is_a_one_line_error(tmp_path, content, says):
    (tmp_path / "notebooks").mkdir()
    notebook = tmp_path / "notebooks" / "bad.ipynb"
    if content is None:
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("start_date = (")
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [cell]
        nbformat.write(nb, notebook)
    else:
        notebook.write_text(content)
    catalogue = tmp_path / "reports.yml"
    catalogue.write_text("reports:\n  bad:\n    notebook: bad.ipynb\n")
    line = assert_one_line_error(cli(catalogue, tmp_path / "reports", "bad"), says)
    assert "report 'bad'" in line and str(notebook) in line


def test_a_read_only_reports_folder_is_a_one_line_error(catalogue, tmp_path):
    reports = folders.claim_reports_dir(tmp_path / "reports")
    argv = ["--catalogue", str(catalogue), "--reports-dir", str(reports), "tiny"]
    result = run_in_a_read_only_folder(reports, argv)
    assert_one_line_error(result, f"the reports folder {reports} is read-only")


# --- Failed copies --------------------------------------------------------------------------------


def test_only_failed_copies_the_runner_kept_are_replaced_or_cleared(tmp_path):
    reports = folders.claim_reports_dir(tmp_path / "reports")
    executed = tmp_path / "executed.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata[folders.STAMP_KEY] = {"report": "tiny", "run": "r1"}
    nbformat.write(nb, executed)
    kept = folders.keep_failed(executed, reports, "tiny")
    assert kept == folders.failed_copy(reports, "tiny") and kept.is_file()
    assert folders.is_runner_failed_copy(kept, "tiny")
    assert not folders.is_runner_failed_copy(kept, "other")
    assert folders.clear_failed(reports, "tiny") and not kept.exists()

    someones = folders.failed_copy(reports, "june")
    someones.write_text('{"cells": [], "metadata": {}}')  # no stamp: not the runner's
    nbformat.write(nb, executed)
    assert folders.keep_failed(executed, reports, "june") is None
    assert not folders.clear_failed(reports, "june")
    assert someones.read_text() == '{"cells": [], "metadata": {}}'


def test_a_failed_copy_kept_by_an_earlier_runner_is_recognised_by_papermills_record(tmp_path):
    reports = folders.claim_reports_dir(tmp_path / "reports")
    (reports / "_failed").mkdir()
    copy = folders.failed_copy(reports, "tiny")
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"output_path": str(reports / ".tiny.k2j4_x9a.tmp" / "0-tiny.ipynb")}
    nbformat.write(nb, copy)
    assert folders.is_runner_failed_copy(copy, "tiny")
    assert not folders.is_runner_failed_copy(copy, "tin")
    nb.metadata["papermill"]["output_path"] = str(tmp_path / ".tiny.k2j4_x9a.tmp" / "0-tiny.ipynb")
    nbformat.write(nb, copy)
    assert not folders.is_runner_failed_copy(copy, "tiny")  # written elsewhere: not ours
