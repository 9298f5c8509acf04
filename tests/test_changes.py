"""Tests for the corrections log: ``python -m analysis changes``, the snapshots the report runner
keeps, the index's corrections section and the timeline report's "Corrections" section.

A made-up correction is applied to copies of the real data (never to ``data/``): one event's
crowd figure changes, one event is added, one removed, and one note gets formula-like text and
HTML, which every HTML output must show escaped.
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from report_fixtures import make_tiny_project, papermill_cli

from analysis.cli import main
from analysis.data.changes import (
    ChangesError,
    commit_of_version,
    diff_tables,
    diff_versions,
    fingerprint,
    format_changes,
    read_files,
)
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.report import runner, snapshots
from analysis.report.correctwords import day_words, reader_corrections, reader_lines

CHANGED = "2025-06-06-roybal-federal-building-protest"
NOTED = "2025-06-06-bass-condemns-raids"
ADDED = "2025-06-07-aclu-second-statement"
REMOVED = "2025-06-07-lyons-rebukes-bass"
HOSTILE = '=HYPERLINK("http://x.test","click") <script>alert(1)</script>'
FILES = ("events.csv", "sources.csv", "places.csv")


def correct(data_dir: Path) -> None:
    """Apply the made-up correction to ``data_dir/events.csv`` (the data stays valid)."""
    path = data_dir / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    out = []
    for row in rows:
        if row["event_id"] == REMOVED:
            continue
        if row["event_id"] == CHANGED:
            assert (row["crowd_low"], row["crowd_high"]) == ("1000", "1000")
            row.update(crowd_text="1,200 rioters", crowd_low="1200", crowd_high="1200")
        if row["event_id"] == NOTED:
            row["notes"] = HOSTILE
        out.append(row)
        if row["event_id"] == "2025-06-07-aclu-denounces-raids":
            out.append({**row, "event_id": ADDED, "title": "ACLU issues a second statement"})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)


def copy_data(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy(PROJECT_ROOT / "data" / name, folder / name)
    return folder


def changes_cli(*args: str, capsys) -> tuple[int, str, str]:
    code = main(["changes", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_shows_the_correction(text: str) -> None:
    assert "events.csv: 1 added, 1 removed, 2 changed" in text
    assert f"added event_id {ADDED}" in text
    assert f"removed event_id {REMOVED}" in text
    assert f"changed event_id {CHANGED}:" in text
    assert "crowd_low: '1000' -> '1200'" in text
    assert "crowd_high: '1000' -> '1200'" in text
    assert "crowd_text: '1,000 rioters' -> '1,200 rioters'" in text
    assert "sources.csv: no changes" in text and "places.csv: no changes" in text


# --- Comparing tables ---------------------------------------------------------------------------


def test_diff_tables_matches_rows_by_key_and_compares_text():
    old = [
        {"event_id": "a", "crowd_low": "500", "notes": ""},
        {"event_id": "b", "crowd_low": "10", "notes": "x"},
        {"event_id": "c", "crowd_low": "", "notes": ""},
    ]
    new = [
        {"event_id": "c", "crowd_low": "", "notes": ""},  # moved: not a change
        {"event_id": "a", "crowd_low": "500.0", "notes": "now noted"},
        {"event_id": "d", "crowd_low": "7", "notes": ""},
    ]
    found = diff_tables(old, new, "event_id", file="events.csv")
    assert found.added == ("d",) and found.removed == ("b",)
    assert len(found.changed) == 1 and found.changed[0].key == "a"
    # Text, not numbers: "500" -> "500.0" is a change a reader of the CSV sees.
    assert [(f.field, f.old, f.new) for f in found.changed[0].fields] == [
        ("crowd_low", "500", "500.0"),
        ("notes", "", "now noted"),
    ]
    assert found.summary() == "1 added, 1 removed, 1 changed"
    assert diff_tables(old, old, "event_id").empty


def test_a_column_added_or_removed_is_listed_and_compared_as_empty():
    found = diff_tables(
        [{"place_id": "p", "name": "P", "old": "x"}],
        [{"place_id": "p", "name": "P", "label": "L"}],
        "place_id",
    )
    assert found.columns_added == ("label",) and found.columns_removed == ("old",)
    assert [(f.field, f.old, f.new) for f in found.changed[0].fields] == [
        ("label", "", "L"),
        ("old", "x", ""),
    ]


def test_a_repeated_or_empty_key_is_an_error_naming_version_row_and_column():
    with pytest.raises(ChangesError, match=r"events.csv \(old\), row 3, column event_id: 'a'"):
        diff_tables(
            [{"event_id": "a"}, {"event_id": "a"}], [], "event_id", old_where="events.csv (old)"
        )
    with pytest.raises(ChangesError, match="row 2, column event_id: the key is empty"):
        diff_tables([], [{"event_id": ""}], "event_id")


def test_a_file_missing_from_the_old_version_counts_as_empty():
    found = diff_versions(
        {"events.csv": "event_id,title\n", "sources.csv": "source_id\n", "places.csv": None},
        {
            "events.csv": "event_id,title\n",
            "sources.csv": "source_id\n",
            "places.csv": "place_id\np\n",
        },
        old_label="old",
        new_label="new",
    )
    assert found.tables[2].added == ("p",)
    assert "places.csv: 1 added, 0 removed, 0 changed" in format_changes(found)


def test_the_data_version_is_the_fingerprint_of_the_files():
    from analysis.data.load import data_version

    files = [PROJECT_ROOT / "data" / name for name in FILES]
    assert fingerprint(read_files(files).values()) == data_version(files)


# --- The command, against a snapshot (no git) ---------------------------------------------------


def test_without_a_revision_and_nothing_published_the_command_says_what_to_do(tmp_path, capsys):
    data = copy_data(tmp_path / "data")
    code, out, err = changes_cli(
        "--data", str(data), "--reports-dir", str(tmp_path / "r"), capsys=capsys
    )
    assert code == 2 and out == ""
    assert err.startswith("error: no report in") and "give a git revision" in err
    assert len(err.strip().splitlines()) == 1


def test_a_revision_outside_git_is_a_clear_error(tmp_path, capsys):
    if (
        subprocess.run(["git", "-C", str(tmp_path), "rev-parse"], capture_output=True).returncode
        == 0
    ):
        pytest.skip("the temporary folder is inside a git work tree")
    data = copy_data(tmp_path / "data")
    code, out, err = changes_cli("HEAD", "--data", str(data), capsys=capsys)
    assert code == 2 and out == ""
    assert "is not in a git repository" in err and "without a revision" in err


# --- Through the report runner: snapshots, the index, a report's corrections section ------------

CORRECTIONS_NOTEBOOK = """from analysis.report.corrections import corrections
from analysis.report.data import load_report_data
data = load_report_data(events_path, sources_path, places_path)
corrections(data, previous_data)
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A tiny project published twice: before and after the made-up correction.

    Returns (root, reports dir, data version before, data version after, what `changes` printed
    between the two runs).
    """
    root = tmp_path_factory.mktemp("corrections-project")
    catalogue = make_tiny_project(
        root,
        "  fixes:\n"
        "    notebook: 9-corrections.ipynb\n"
        "    title: Corrections\n"
        "    parameters:\n"
        "      events_path: data/events.csv\n"
        "      sources_path: data/sources.csv\n"
        "      places_path: data/places.csv\n",
    )
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(
        "from typing import Optional\n"
        "events_path: Optional[str] = None  # events\n"
        "sources_path: Optional[str] = None  # sources\n"
        "places_path: Optional[str] = None  # places\n"
        "previous_data: Optional[str] = None  # set by the runner\n"
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(CORRECTIONS_NOTEBOOK)]
    nb.metadata["kernelspec"] = {"name": "elsewhere", "display_name": "x", "language": "python"}
    nbformat.write(nb, root / "notebooks" / "9-corrections.ipynb")
    reports = root / "reports"
    data = root / "data"

    def publish() -> None:
        import io

        out = io.StringIO()
        code = runner.run_reports(
            ["tiny", "fixes"], jobs=1, reports_dir=reports, catalogue_path=catalogue, out=out
        )
        assert code == 0, out.getvalue()

    publish()
    before = snapshots.fingerprint_of([data / n for n in FILES])
    first = {
        "index": (reports / "index.html").read_text(encoding="utf-8"),
        "fixes": (reports / "fixes" / "index.html").read_text(encoding="utf-8"),
        "manifest": json.loads((reports / "fixes" / "manifest.json").read_text()),
    }
    correct(data)
    after = snapshots.fingerprint_of([data / n for n in FILES])
    pending = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "changes",
            "--data",
            str(data),
            "--reports-dir",
            str(reports),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    publish()
    return root, reports, before, after, pending, first


def test_a_first_publication_records_a_snapshot_and_says_so(published):
    _, _, before, _, _, first = published
    assert first["manifest"]["previous_data_version"] == ""
    assert first["manifest"]["data_version"] == before
    assert "previous_data" not in first["manifest"]["parameters"]
    assert "first published version" in first["index"]
    assert "First published version of this page" in first["fixes"]
    assert "<h2>Corrections" not in first["index"]


def test_changes_lists_the_correction_against_the_last_published_snapshot(published):
    _, _, before, after, pending, _ = published
    assert pending.returncode == 0, pending.stderr
    text = pending.stdout
    assert f"from data version {before} (the last published reports)" in text
    assert f"(data version {after})" in text
    assert_shows_the_correction(text)
    assert f"changed event_id {NOTED}:" in text
    assert f" -> {HOSTILE!r}\n" in text


def test_the_runner_keeps_the_snapshot_of_each_published_and_previous_version(published):
    _, reports, before, after, _, _ = published
    manifest = json.loads((reports / "fixes" / "manifest.json").read_text())
    assert (manifest["data_version"], manifest["previous_data_version"]) == (after, before)
    for version in (before, after):
        path = snapshots.find_snapshot(reports, version)
        assert path == reports / "_data" / f"{version}.json"
        texts = snapshots.read_snapshot(path)
        assert fingerprint(texts[n].encode() for n in FILES) == version


def test_the_index_shows_the_changes_since_the_previous_data_version_escaped(published):
    _, reports, before, after, _, _ = published
    page = (reports / "index.html").read_text(encoding="utf-8")
    # the maintainers' log, escaped, inside its own details element
    full = page[page.index("The data changes in full") :]
    assert f"Data version <code>{after}</code> since <code>{before}</code>" in full
    assert "<code>events.csv</code>: 1 added, 1 removed, 2 changed" in full
    assert f"added: <code>events.csv</code> {ADDED}" in full
    assert f"removed: <code>events.csv</code> {REMOVED}" in full
    assert f"{CHANGED}, <strong>crowd_low</strong>" in full
    assert '<span class="old">1000</span> &rarr; <span class="new">1200</span>' in full
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in full and "<script>alert" not in page
    assert "=HYPERLINK(&quot;http://x.test&quot;" in full
    assert f"python -m analysis changes {before}" in full
    assert f"since <code>{before}</code>" in page  # under each report's data version


def test_the_index_corrections_are_reader_copy_after_the_report_links(published):
    """A reader sees a short closed element after the links: a count, then per event "Corrected
    on DATE: title — what changed", with no row id, column name, data version or command."""
    _, reports, before, after, _, _ = published
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert page.index("</table>") < page.index('<details class="corrections">')
    block = page[page.index('<details class="corrections">') :]
    reader = block[: block.index("The data changes in full")]
    on = day_words(snapshots.recorded_on(snapshots.find_snapshot(reports, after)))
    assert "3 corrections since the last publication" in reader
    assert (
        f"<li>Corrected on {on}: Protesters block the federal building where detainees were "
        "processed \u2014 the crowd size</li>" in reader
    )
    assert "Added on " in reader and "ACLU issues a second statement</li>" in reader
    assert "Removed on " in reader and "ICE acting director Lyons attacks Bass&#x27;s" in reader
    for internal in (CHANGED, ADDED, REMOVED, "crowd_low", "events.csv", before, after, "python"):
        assert internal not in reader, internal
    assert "HYPERLINK" not in reader  # a notes-only change is not reader copy


def test_the_report_corrections_section_shows_the_change_escaped(published):
    _, reports, before, _, _, _ = published
    page = (reports / "fixes" / "index.html").read_text(encoding="utf-8")
    reader = page[: page.index("The data changes in full")]
    assert "the federal building where detainees were processed \u2014 the crowd size" in reader
    assert "<td>" not in reader and CHANGED not in reader and "crowd_low" not in reader
    full = page[page.index("The data changes in full") :]
    assert f"Changes since data version {before}" in full
    assert "events.csv: 1 added, 1 removed, 2 changed" in full
    for text in (CHANGED, "crowd_low", "1000", "1200", ADDED, "row added", REMOVED, "row removed"):
        assert f"<td>{text}</td>" in full
    assert (
        '<td>=HYPERLINK("http://x.test","click") &lt;script&gt;alert(1)&lt;/script&gt;</td>' in full
    )
    assert "<script>alert" not in page


def test_a_page_lists_only_the_corrections_of_its_own_period(tmp_path):
    """The June 2025 page does not list a correction of a January 2026 row; the timeline does."""
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts
    from analysis.report.corrections import page_keep
    from analysis.report.params import check_parameters

    old = {n: (PROJECT_ROOT / "data" / n).read_text(encoding="utf-8") for n in FILES}
    data = copy_data(tmp_path / "data")
    correct(data)  # June 2025 rows
    path = data / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    for row in rows:
        if row["event_id"] == "2026-01-30-dtla-arrests-eight-per-lapd":
            row.update(date="2026-01-31", title="Eight arrested downtown")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    new = {n: (data / n).read_text(encoding="utf-8") for n in FILES}
    changes = diff_versions(old, new, old_label="old", new_label="new")
    dataset = load_dataset()
    june = build_facts(
        dataset, check_parameters(dataset.events, start_date="2025-06-01", end_date="2025-06-30")
    )
    lines = reader_lines(reader_corrections(changes, old, new, page_keep(june)), "2026-12-08")
    text = "\n".join(lines)
    assert "Corrected on 8 Dec 2026: Protesters block the federal building" in text
    assert "Added on 8 Dec 2026: ACLU issues a second statement" in text
    assert "Removed on 8 Dec 2026: ICE acting director Lyons" in text
    assert "Eight arrested" not in text and "2026" not in text.replace("8 Dec 2026", "")
    everything = reader_lines(reader_corrections(changes, old, new), "2026-12-08")
    assert (
        "Corrected on 8 Dec 2026: Eight arrested downtown \u2014 the date and the title"
        in everything
    )


def test_after_publishing_there_is_nothing_pending_and_old_versions_stay_comparable(
    published, capsys
):
    root, reports, before, _, _, _ = published
    data = root / "data"
    code, out, _ = changes_cli("--data", str(data), "--reports-dir", str(reports), capsys=capsys)
    assert code == 0 and "No changes." in out
    code, out, _ = changes_cli(
        before, "--data", str(data), "--reports-dir", str(reports), capsys=capsys
    )
    assert code == 0
    assert f"from data version {before} to" in out
    assert_shows_the_correction(out)


def test_unused_snapshots_of_the_runner_are_pruned_and_other_files_kept(published, tmp_path):
    _, reports, before, after, _, _ = published
    other = copy_data(tmp_path / "other")
    (other / "places.csv").write_text("place_id\nnowhere\n", encoding="utf-8")
    contents = read_files([other / n for n in FILES])
    stale = fingerprint(contents.values())
    assert snapshots.record_snapshot(reports, contents, stale)
    foreign = reports / "_data" / "notes.json"
    foreign.write_text("{}", encoding="utf-8")
    removed = snapshots.update_snapshots(reports)
    assert removed == [reports / "_data" / f"{stale}.json"]
    assert foreign.read_text() == "{}"
    assert snapshots.find_snapshot(reports, before) and snapshots.find_snapshot(reports, after)


def test_an_altered_snapshot_is_not_used_nor_overwritten(tmp_path):
    data = copy_data(tmp_path / "data")
    contents = read_files([data / n for n in FILES])
    version = fingerprint(contents.values())
    assert snapshots.record_snapshot(tmp_path, contents, version)
    assert not snapshots.record_snapshot(tmp_path, contents, "0" * 12)  # wrong version
    path = snapshots.snapshot_file(tmp_path, version)
    record = json.loads(path.read_text())
    record["files"]["events.csv"] += "x\n"
    path.write_text(json.dumps(record))
    assert snapshots.find_snapshot(tmp_path, version) is None
    with pytest.raises(ChangesError, match="does not hold the data version it names"):
        snapshots.read_snapshot(path)
    assert not snapshots.record_snapshot(tmp_path, contents, version)
    assert json.loads(path.read_text()) == record


# --- The command, against git -------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture
def repo(tmp_path):
    """A git repository with the real data committed once, then corrected (not committed)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    copy_data(root / "data")
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "--quiet"], ["add", "data"], ["commit", "--quiet", "-m", "data"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    committed = snapshots.fingerprint_of([root / "data" / n for n in FILES])
    correct(root / "data")
    return root, committed


def test_changes_since_a_git_revision(repo, capsys):
    root, _ = repo
    code, out, err = changes_cli("HEAD", "--data", str(root / "data"), capsys=capsys)
    assert code == 0, err
    assert "from git revision HEAD (" in out
    assert_shows_the_correction(out)


def test_the_published_version_is_found_in_git_when_no_snapshot_was_kept(repo, capsys):
    root, committed = repo
    files = [root / "data" / n for n in FILES]
    assert commit_of_version(committed, files) is not None
    assert commit_of_version("0" * 12, files) is None
    report = root / "reports" / "timeline"
    report.mkdir(parents=True)
    manifest = {
        "name": "timeline",
        "inputs_hash": "x",
        "data_version": committed,
        "generated_at": "2026-01-01T00:00:00+00:00",
        "parameters": {f"{n[:-4]}_path": str(root / "data" / n) for n in FILES},
    }
    (report / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, out, err = changes_cli(
        "--data", str(root / "data"), "--reports-dir", str(root / "reports"), capsys=capsys
    )
    assert code == 0, err
    assert f"data version {committed} (the last published reports), git commit" in out
    assert_shows_the_correction(out)


def test_a_bad_revision_exits_2_with_one_line_and_no_traceback(repo):
    root, _ = repo
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "changes", "no-such-rev", "--data", str(root / "data")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"error: unknown git revision 'no-such-rev' in {root} (try `git log --oneline -- data/`)"
    )


def test_without_git_installed_a_revision_is_a_clear_error(repo):
    root, _ = repo
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "changes", "HEAD", "--data", str(root / "data")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PATH": str(tmp_empty_path(root))},
        check=False,
    )
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("error: git is not installed;")
    assert "Traceback" not in done.stderr


def tmp_empty_path(root: Path) -> Path:
    folder = root.parent / "empty-bin"
    folder.mkdir(exist_ok=True)
    return folder


# --- The timeline report's section ---------------------------------------------------------------


def test_the_timeline_notebook_has_one_corrections_section_fed_by_the_runner():
    from analysis.report.params import notebook_parameter_names

    path = NOTEBOOKS_DIR / "1-timeline-report.ipynb"
    assert "previous_data" in notebook_parameter_names(path)
    nb = nbformat.read(path, as_version=4)
    headings = [c for c in nb.cells if c.cell_type == "markdown" and "## Corrections" in c.source]
    assert len(headings) == 1
    after = nb.cells[nb.cells.index(headings[0]) + 1]
    assert after.source == "corrections(data, previous_data, facts)"


@pytest.mark.slow
def test_the_timeline_report_lists_a_correction(tiny_dataset, tmp_path):
    """The real notebook under papermill: a corrected crowd figure in its Corrections table."""
    folder = tiny_dataset.parent
    files = [folder / n for n in FILES]
    contents = read_files(files)
    old = fingerprint(contents.values())
    (tmp_path / "reports").mkdir()
    assert snapshots.record_snapshot(tmp_path / "reports", contents, old)
    with tiny_dataset.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    target = rows[0]
    title = target["title"]
    target["title"] = "Corrected: " + title
    with tiny_dataset.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out.ipynb"
    done = papermill_cli(
        out,
        "-p",
        "previous_data",
        str(snapshots.snapshot_file(tmp_path / "reports", old)),
        dataset=tiny_dataset,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    last = "".join(o.get("data", {}).get("text/html", "") for o in nb.cells[-1].outputs)
    assert f"Changes since data version {old}" in last
    assert f"Corrected: {html.escape(title)} \u2014 the title</li>" in last
    assert f"<td>{target['event_id']}</td><td>title</td>" in last
    assert f"<td>{html.escape(title)}</td><td>Corrected: {html.escape(title)}</td>" in last
