"""The profiling tool (benchmarks/profile.py) attributes time and memory correctly.

No timing is asserted: the checks are on how the tool adds up what pyinstrument recorded
(a hand-made call tree with known times, and a real profile whose totals must reconcile) and
on the fields of the loader's memory trace.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import generate_dataset

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"

# Loaded from its file: ``import profile`` could return the standard library's module.
_spec = importlib.util.spec_from_file_location("bench_profile", BENCH / "profile.py")
assert _spec is not None and _spec.loader is not None
bench_profile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_profile)


def _frame(function: str, path: str, time: float, *children: Any) -> SimpleNamespace:
    """A pyinstrument-like frame; a ``[self]`` child holds the time spent in the frame itself."""
    synthetic = function == "[self]"
    real = sum(c.time for c in children if not c.is_synthetic)
    return SimpleNamespace(
        function=function,
        file_path=path,
        file_path_short=path,
        line_no=1,
        time=time,
        total_self_time=time - real,
        is_synthetic=synthetic,
        is_synthetic_leaf=synthetic,
        children=children,
    )


def _self(time: float) -> SimpleNamespace:
    return _frame("[self]", "", time)


def test_top_functions_counts_recursion_once_and_self_time_once() -> None:
    facts = "/x/analysis/prep/facts.py"
    pandas = "/venv/lib/site-packages/pandas/core/frame.py"
    # build (10 s) -> walk (8 s) -> walk (5 s) -> to_dict (3 s); 1 s of self time in each
    # but to_dict's, which is all self time; the outer walk calls to_dict again (1 s).
    tree = _frame(
        "build",
        facts,
        10.0,
        _self(2.0),
        _frame(
            "walk",
            facts,
            8.0,
            _self(2.0),
            _frame("walk", facts, 5.0, _self(2.0), _frame("to_dict", pandas, 3.0, _self(3.0))),
            _frame("to_dict", pandas, 1.0, _self(1.0)),
        ),
    )
    inclusive, own = bench_profile.top_functions(tree)
    assert dict(inclusive) == {
        "build (analysis/prep/facts.py:1)": 10.0,
        "walk (analysis/prep/facts.py:1)": 8.0,  # not 13: the inner call is on the stack
        "to_dict (pandas/core/frame.py:1)": 4.0,
    }
    assert dict(own) == {
        "build (analysis/prep/facts.py:1)": 2.0,
        "walk (analysis/prep/facts.py:1)": 4.0,
        "to_dict (pandas/core/frame.py:1)": 4.0,
    }
    assert sum(dict(own).values()) == tree.time  # every sample counted once


def test_top_functions_leaves_out_the_profilers_own_frames() -> None:
    tree = _frame(
        "run", str(BENCH / "profile.py"), 2.0, _self(0.5), _frame("draw", "/x/analysis/a.py", 1.5)
    )
    inclusive, own = bench_profile.top_functions(tree)
    assert [name for name, _ in inclusive] == ["draw (analysis/a.py:1)"]
    assert [name for name, _ in own] == ["draw (analysis/a.py:1)"]


def _spin(depth: int) -> int:
    total = sum(range(200_000))
    return total + (_spin(depth - 1) if depth else 0)


def test_profile_of_a_real_run_reconciles_and_writes_its_call_trees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On pyinstrument's own frames: a recursive function's inclusive time is at most the
    whole profile, and the self times add up to the profile, not to twice it."""
    from pyinstrument import Profiler

    bench_profile.profile("spin", lambda: _spin(4), tmp_path)
    printed = capsys.readouterr().out
    assert "== spin:" in printed and "_spin (" in printed
    for name in ("spin.txt", "spin-all.txt", "spin.html"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert "_spin" in (tmp_path / "spin-all.txt").read_text()

    profiler = Profiler(interval=0.001)
    profiler.start()
    _spin(4)
    profiler.stop()
    root = profiler.last_session.root_frame()
    assert root is not None
    inclusive, own = bench_profile.top_functions(root, limit=1000)
    spin = next(t for name, t in inclusive if name.startswith("_spin ("))
    assert 0 < spin <= root.time + 1e-9
    assert sum(t for _, t in own) == pytest.approx(root.time, rel=1e-6)


def test_memory_worker_traces_the_loader_by_phase(tmp_path: Path) -> None:
    """The fresh process of ``--only memory`` reports a peak reached inside the loader."""
    from analysis.data.load import load_events

    events = generate_dataset(3000, tmp_path, seed=7)
    done = subprocess.run(
        [sys.executable, str(BENCH / "profile.py"), "--memory-worker", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    trace = json.loads(done.stdout.splitlines()[-1])
    frame = load_events(
        events, sources_path=tmp_path / "sources.csv", places_path=tmp_path / "places.csv"
    )
    assert trace["frame_bytes"] == int(frame.memory_usage(deep=True).sum())
    assert trace["base_rss"] < trace["peak_rss"]
    phases = trace["phases"]
    assert trace["peak_phase"] in phases and set(phases) - {"-"}
    assert max(p["max_rss"] for p in phases.values()) == trace["peak_rss"]
