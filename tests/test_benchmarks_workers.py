"""The benchmark harness (benchmarks/workers.py, run.py) runs its kinds and reads their output.

No timing is asserted: these tests only check that every kind of measurement runs on a small
generated dataset and emits the fields ``run.py`` reads, so the harness cannot break silently.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import run as bench_run
import workers
from generate import generate_dataset

if TYPE_CHECKING:
    from analysis.prep.facts import Facts

BENCH = Path(workers.__file__).resolve().parent

#: Rows of the generated dataset: every panel draws marks, labels and spans, and the time
#: axis is one segment (a few hundred rows spread over four years break it into dozens).
ROWS = 3000
#: Cheap renderers, one of each kind but the article files, run through the command line.
CHEAP = (
    "static.draw_responses",
    "interactive.arrests_plotly",
    "words.* (25 texts)",
    "tables.overview",
)
#: What each kind of renderer reports about its output.
OUTPUT_FIELDS = {
    "static": {"png_bytes"},
    "interactive": {"html_bytes"},
    "words": {"chars"},
    "table": {"table_rows"},
    "files": {"files", "file_bytes"},
}


def _worker(*args: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, str(BENCH / "workers.py"), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def events_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_dataset(ROWS, tmp_path_factory.mktemp("bench-workers"), seed=5)


@pytest.fixture(scope="module")
def model_records(events_csv: Path) -> list[dict[str, Any]]:
    return _worker("model", str(events_csv), *CHEAP, "--cap", "300")


def test_list_names_every_renderer_with_its_kind() -> None:
    (listed,) = _worker("list")
    assert listed == {name: kind for name, (kind, _) in workers.RENDERERS.items()}
    assert set(listed.values()) == set(OUTPUT_FIELDS)
    assert set(bench_run.SINGLE_CHARTS) <= set(listed)
    assert set(bench_run.COMBINED_COLD) == set(workers.COLD) <= set(listed)


def test_model_times_the_cold_build_and_the_combined_charts(
    model_records: list[dict[str, Any]],
) -> None:
    cold = [r for r in model_records if r.get("phase") != "renderer"]
    by_name = {r["name"]: r for r in cold}
    assert [r["name"] for r in cold] == ["_load", "_build", *bench_run.COMBINED_COLD]
    build = by_name["_build"]
    assert build["status"] == "ok" and build["rows"] == ROWS
    assert 0 < build["events"] <= ROWS
    for field in ("seconds", "cpu_seconds", "base_rss", "peak_rss", "frame_bytes"):
        assert build[field] > 0, field
    assert build["peak_rss"] >= build["base_rss"] or not build["peak_reset"]
    static = by_name["static.draw_combined"]
    interactive = by_name["interactive.combined_plotly"]
    for record in (static, interactive):
        assert record["status"] == "ok" and record["phase"] == "cold"
        assert record["seconds"] > 0 and record["build_seconds"] == build["seconds"]
    assert static["png_bytes"] > 1000 and interactive["html_bytes"] > 1000


def test_model_then_times_each_named_renderer(model_records: list[dict[str, Any]]) -> None:
    renderers = [r for r in model_records if r.get("phase") == "renderer"]
    assert [r["name"] for r in renderers] == list(CHEAP)
    by_name = {r["name"]: r for r in renderers}
    for name in CHEAP:
        record = by_name[name]
        assert record["status"] == "ok", record
        assert record["kind"] == workers.RENDERERS[name][0]
        assert record["seconds"] > 0 and record["cpu_seconds"] >= 0
        assert OUTPUT_FIELDS[record["kind"]] <= set(record)


@pytest.fixture(scope="module")
def window_facts(events_csv: Path) -> Facts:
    """The model of the three days around the busiest day: every renderer stays cheap."""
    import matplotlib

    matplotlib.use("Agg")
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts

    dataset = load_dataset(
        events_csv, events_csv.parent / "sources.csv", events_csv.parent / "places.csv"
    )
    busiest = dataset.events["date"].value_counts().idxmax()
    day = pd.Timedelta(days=1)
    return build_facts(dataset, start=busiest - day, end=busiest + day)


def test_every_renderer_runs_on_a_built_model(
    window_facts: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, on a short selection, with one article chart exported, as PNG only."""
    from analysis.publish import articles

    monkeypatch.setattr(workers, "ARTICLE_FORMATS", ("png",))
    monkeypatch.setattr(articles, "ARTICLE_CHARTS", ("responses",))
    assert not window_facts.empty
    for name, (kind, render) in workers.RENDERERS.items():
        run = functools.partial(render, workers.fresh(window_facts))
        record = workers._timed(name, kind, run, cap=300)
        assert record["status"] == "ok", record
        assert OUTPUT_FIELDS[kind] <= set(record), name
        assert all(record[field] > 0 for field in OUTPUT_FIELDS[kind]), record


def test_fresh_copy_forgets_cached_values(window_facts: Facts) -> None:
    coverage = window_facts.figure_coverage
    copy = workers.fresh(window_facts)
    assert "figure_coverage" in window_facts.__dict__
    assert "figure_coverage" not in copy.__dict__
    assert copy.events is window_facts.events
    assert copy.figure_coverage.equals(coverage)


def test_timeout_and_error_are_findings_not_crashes() -> None:
    def slow() -> dict[str, int]:
        while True:
            pass

    def broken() -> dict[str, int]:
        raise ValueError("too many marks")

    assert workers._timed("slow", "static", slow, cap=0.05)["status"] == "timeout"
    assert workers._timed("broken", "static", broken, cap=5)["status"].startswith(
        "error: ValueError: too many marks"
    )


def test_run_turns_worker_records_into_rows(
    events_csv: Path,
    model_records: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """run.py's model, renderers and html parts on the records the worker really emits."""
    asked: list[tuple[str, ...]] = []

    def fake_worker(*args: str, timeout: float | None = None) -> list[dict[str, Any]]:
        asked.append(args)
        if args[0] == "list":
            return [{name: workers.RENDERERS[name][0] for name in CHEAP}]
        return model_records

    monkeypatch.setattr(bench_run, "worker", fake_worker)
    paths = {ROWS: events_csv}
    results: dict[str, Any] = {"load": {ROWS: {"read": {"seconds": 0.01}}}}
    rows = bench_run.bench_model(paths, results, 60, ("model", "renderers", "html"))
    assert asked[1] == ("model", str(events_csv), *CHEAP, "--cap", "60")
    names = [r.benchmark for r in rows]
    assert names[:2] == ["build_facts (cold)", "build_facts peak memory / frame"]
    assert set(bench_run.COMBINED_COLD.values()) <= set(names)
    assert set(CHEAP) <= set(names)
    assert "HTML size interactive.arrests_plotly" in names
    timed = [r for r in rows if r.benchmark in CHEAP or r.benchmark.startswith("combined")]
    assert all(r.value.endswith(" s") and r.cpu.endswith(" s") for r in timed), timed
    assert all(r.met == "—" for r in rows)  # targets are checked at 1M rows only
    out = io.StringIO()
    bench_run.print_table(rows, out=out)
    assert out.getvalue().startswith("benchmark ") and "static.draw_responses" in out.getvalue()


def test_the_whole_report_rows_say_time_memory_targets_and_a_stopped_run(monkeypatch):
    """run.py's whole-report rows (issue 18) from wholereport.measure's results (no report run)."""
    import wholereport

    fake = {
        "curated": {"status": "ok", "seconds": 20.0, "cpu": 18.0, "peak_bytes": 3e8,
                    "page_bytes": 6e5},
        "100000": {"status": "ok", "seconds": 25.0, "cpu": 30.0, "peak_bytes": 8e8,
                   "page_bytes": 9e6},
        "100000-corrected": {"status": "ok", "seconds": 10.0, "cpu": 8.0, "peak_bytes": 8e8},
        "1000000": {"status": "stopped at 600 s", "seconds": None},
    }  # fmt: skip
    monkeypatch.setattr(wholereport, "measure", lambda paths, cap: fake)
    results: dict = {}
    rows = bench_run.bench_report({}, results, 600)
    assert results["report"] == fake
    timed = [r for r in rows if r.benchmark.startswith("timeline report through")]
    assert [r.size for r in timed] == ["curated", "100k", "1M"]
    assert timed[1].met == "yes" and timed[1].target == "≤ 30 s" and timed[1].ratio == "1.2x"
    assert timed[2].met == "NO" and "stopped at 600 s" in timed[2].note
    memory = [r for r in rows if "peak memory" in r.benchmark]
    assert [r.met for r in memory] == ["—", "yes"]
    (again,) = [r for r in rows if "one row corrected" in r.benchmark]
    assert again.size == "100k" and again.ratio == "0.40x" and again.baseline == "25.0 s first run"


def test_a_corrected_copy_changes_one_row_and_keeps_the_rest(tmp_path):
    import wholereport

    data = tmp_path / "10"
    data.mkdir()
    header = "event_id,title,notes\n"
    rows = "".join(f'e{i},Protest {i},"a, b"\n' for i in range(150))
    (data / "events.csv").write_text(header + rows, encoding="utf-8")
    for name in ("sources.csv", "places.csv"):
        (data / name).write_text("x\n", encoding="utf-8")
    fixed = wholereport.corrected_copy(data / "events.csv", tmp_path)
    before = (data / "events.csv").read_text(encoding="utf-8").splitlines()
    after = fixed.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [100] and after[100] == 'e99,Protest 99 (corrected),"a, b"'
    assert (fixed.parent / "places.csv").read_text(encoding="utf-8") == "x\n"
