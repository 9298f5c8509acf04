"""``python -m analysis validate``: exit codes and a readable report, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from analysis import paths
from analysis.cli import main


def test_valid_data_exits_0(tiny_dataset, capsys):
    assert main(["validate", str(tiny_dataset)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 11 events, 3 sources, 4 places valid (data version ")


def test_sources_and_places_can_be_named(tiny_dataset, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    events = elsewhere / "events.csv"
    events.write_bytes(tiny_dataset.read_bytes())
    folder = tiny_dataset.parent
    argv = ["validate", str(events), "--sources", str(folder / "sources.csv")]
    argv += ["--places", str(folder / "places.csv")]
    assert main(argv) == 0
    assert "OK: 11 events" in capsys.readouterr().out


def test_problems_exit_1_with_file_row_column_and_rule(tiny_rows, write_dataset, capsys):
    tiny_rows["events"][2]["crowd_low"] = "250"
    tiny_rows["events"][5]["date"] = "2026-13-01"
    tiny_rows["sources"][1]["reliability"] = "excellent"
    events = write_dataset(tiny_rows)
    assert main(["validate", str(events)]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    lines = out.splitlines()
    events_at = lines.index(f"{events}: 2 problems")
    sources_at = lines.index(f"{events.parent / 'sources.csv'}: 1 problem")
    assert events_at < sources_at  # events first
    assert "  row 4, column crowd_low: [vague-words]" in out
    assert "  row 7, column date: [date]" in out
    assert "  row 3, column reliability: [vocabulary]" in out
    assert "(value: '250')" in out
    assert lines[-1] == "FAILED: 3 problems in 2 files"


def test_missing_file_exits_2_with_a_message(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    assert main(["validate", str(missing)]) == 2
    captured = capsys.readouterr()
    assert f"file not found: {missing}" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["validate", "--help"]) == 0
    assert "--sources" in capsys.readouterr().out


def test_bad_encoding_through_python_m(tiny_dataset):
    tiny_dataset.write_bytes("title\nCafé\n".encode("latin-1"))
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", str(tiny_dataset)],
        capture_output=True,
        text=True,
        cwd=paths.PROJECT_ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{tiny_dataset}: 1 problem" in result.stdout
    assert "[encoding] the file is not valid UTF-8" in result.stdout


def test_summarised_problems_are_counted(tiny_rows, write_dataset, capsys, monkeypatch):
    from analysis.data import columns

    monkeypatch.setattr(columns, "MAX_PER_RULE", 3)
    for row in tiny_rows["events"]:
        row["status"] = "happened"
    events = write_dataset(tiny_rows)
    assert main(["validate", str(events)]) == 1
    out = capsys.readouterr().out
    assert f"{events}: 11 problems (some summarised; 4 lines below)" in out
    assert "  column status: [vocabulary] 8 more rows break this rule (not listed)" in out
    assert out.splitlines()[-1] == "FAILED: 11 problems in 1 file"


def test_an_empty_events_file_needs_allow_empty(tiny_dataset, capsys):
    header = tiny_dataset.read_text(encoding="utf-8").splitlines()[0]
    tiny_dataset.write_text(header + "\n", encoding="utf-8")
    assert main(["validate", str(tiny_dataset)]) == 1
    out = capsys.readouterr().out
    assert "file: [empty] the file has a header but no events" in out
    assert "--allow-empty" in out
    assert main(["validate", "--allow-empty", str(tiny_dataset)]) == 0
    assert capsys.readouterr().out.startswith("OK: 0 events")


def test_a_title_of_spaces_is_refused(tiny_rows, write_dataset, capsys):
    tiny_rows["events"][0]["title"] = "   "
    events = write_dataset(tiny_rows)
    assert main(["validate", str(events)]) == 1
    out = capsys.readouterr().out
    assert "row 2, column title: [required] title is required: the cell has only spaces" in out


def test_a_file_error_in_the_report_runner_is_one_line(monkeypatch, capsys):
    from analysis.report import runner

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", "/somewhere/reports/index.html")

    monkeypatch.setattr(runner, "run_reports", disk_full)
    assert main(["report", "timeline"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: /somewhere/reports/index.html: No space left on device\n"
