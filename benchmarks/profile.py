"""Profile the model and the combined charts at one size, and trace the loader's memory.

``python benchmarks/profile.py 1000000`` generates 1M rows (or ``--data DIR`` uses a folder
made by ``generate.py``), loads the dataset, then prints for each part the functions that
take the most time (pyinstrument, library frames included), and writes pyinstrument's call
tree of each to ``--out`` (default ``/tmp/bench-profile``; ``NAME.txt``, ``NAME-all.txt``
with library frames, ``NAME.html``):

``build``        ``build_facts`` from the loaded dataset, cold;
``static``       ``draw_combined`` from a built model, rendered to PNG;
``interactive``  ``combined_plotly`` from a built model, serialised with ``to_html``;
``memory``       ``load_events`` in a fresh process, its resident memory sampled every 5 ms
                 with the loader's function running at that moment: where the peak is reached.

Nothing here is part of ``make bench``; it is the tool behind the profiles in README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script; PYTHONPATH and the installed package win
    sys.path.append(str(HERE.parent))

PARTS = ("build", "static", "interactive", "memory")


def _function(frame: Any) -> str:
    """``function (file:line)`` of a pyinstrument frame, with a short file path."""
    path = str(frame.file_path_short or frame.file_path or "?")
    for marker in ("site-packages/", "analysis/"):
        if marker in path:
            path = ("analysis/" if marker == "analysis/" else "") + path.split(marker, 1)[1]
    return f"{frame.function} ({path}:{frame.line_no})"


def top_functions(
    root: Any, limit: int = 15
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The functions with the most inclusive time (each counted once per stack) and the most
    self time; this script's own frames are left out."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()

    def walk(frame: Any, on_stack: frozenset[str]) -> None:
        if frame.is_synthetic_leaf:  # "[self]": already in its parent's ``total_self_time``
            return
        if frame.is_synthetic:  # a dummy root or an await frame: not a function
            for child in frame.children:
                walk(child, on_stack)
            return
        name = _function(frame)
        if not str(frame.file_path).endswith("benchmarks/profile.py"):
            if name not in on_stack:
                inclusive[name] += frame.time
            own[name] += frame.total_self_time
        for child in frame.children:
            walk(child, on_stack | {name})

    walk(root, frozenset())
    return inclusive.most_common(limit), own.most_common(limit)


def profile(name: str, run: Callable[[], object], out: Path) -> float:
    """Profile ``run``; print its top functions, write its call tree; return seconds."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    start = time.perf_counter()
    profiler.start()
    run()
    profiler.stop()
    seconds = time.perf_counter() - start
    session = profiler.last_session
    (out / f"{name}.txt").write_text(profiler.output_text(unicode=False, color=False))
    (out / f"{name}-all.txt").write_text(
        profiler.output_text(unicode=False, color=False, show_all=True)
    )
    (out / f"{name}.html").write_text(profiler.output_html())
    root = session.root_frame()
    print(f"\n== {name}: {seconds:.2f} s wall, {session.cpu_time:.2f} s CPU")
    if root is None:
        return seconds
    inclusive, own = top_functions(root)
    total = root.time or 1.0
    print("   inclusive (share of the profiled time):")
    for function, spent in inclusive:
        print(f"   {spent:7.2f} s {spent / total:5.0%}  {function}")
    print("   self time:")
    for function, spent in own[:10]:
        print(f"   {spent:7.2f} s {spent / total:5.0%}  {function}")
    return seconds


def memory_trace(events: Path, interval: float = 0.005) -> dict[str, Any]:
    """Load ``events`` while a thread samples resident memory and where the loader is.

    Each sample names the loader's *phase* (the function that ``validate_dataset`` or
    ``load_events`` is calling: reading, parsing columns, cross-column checks, building the
    frame) and its innermost project function. Returns the peak, where it was reached, each
    phase's memory at its start and highest (in the order they ran), and the innermost
    functions during which memory grew most.
    """
    import os

    from analysis.data.load import load_events

    page = os.sysconf("SC_PAGE_SIZE")

    def rss() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * page

    main = threading.main_thread().ident
    samples: list[tuple[float, int, str, str]] = []
    done = threading.Event()
    outer = {"load_events", "validate_dataset"}

    def where() -> tuple[str, str]:
        chain = []  # project frames, innermost first
        frame = sys._current_frames().get(main)
        while frame is not None:
            if "/analysis/" in frame.f_code.co_filename:
                file = frame.f_code.co_filename.split("/analysis/", 1)[1]
                chain.append((frame.f_code.co_name, f"analysis/{file}:{frame.f_lineno}"))
            frame = frame.f_back
        inner = [c for c in chain if c[0] not in outer]
        if not inner:
            return "-", "-"
        return inner[-1][0], f"{inner[0][0]} ({inner[0][1]})"

    def sample() -> None:
        while not done.is_set():
            phase, innermost = where()
            samples.append((time.perf_counter(), rss(), phase, innermost))
            time.sleep(interval)

    base = rss()
    thread = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    thread.start()
    frame = load_events(events, sources_path=events.parent / "sources.csv",
                        places_path=events.parent / "places.csv")  # fmt: skip
    done.set()
    thread.join()
    frame_bytes = int(frame.memory_usage(deep=True).sum())
    phases: dict[str, dict[str, float]] = {}
    growth: Counter[str] = Counter()
    previous = base
    for when, used, phase, innermost in samples:
        info = phases.setdefault(phase, {"start_rss": previous, "max_rss": 0, "seconds": 0.0,
                                         "first": when - start})  # fmt: skip
        info["max_rss"] = max(info["max_rss"], used)
        info["seconds"] += interval
        growth[innermost] += used - previous
        previous = used
    peak_t, peak, peak_phase, peak_at = max(samples, key=lambda s: s[1])
    return {
        "seconds": time.perf_counter() - start,
        "base_rss": base,
        "peak_rss": peak,
        "peak_phase": peak_phase,
        "peak_at": peak_at,
        "peak_after_seconds": peak_t - start,
        "frame_bytes": frame_bytes,
        "final_rss": rss(),
        "phases": phases,
        "growth": growth.most_common(8),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--data", type=Path, help="a folder written by generate.py")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench-profile")
    parser.add_argument("--memory-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_worker:  # the fresh process of the memory trace
        print(json.dumps(memory_trace(args.data / "events.csv")))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        data = args.data
        if data is None:
            from generate import generate_dataset

            data = generate_dataset(args.rows, Path(tmp), seed=0).parent
        if "memory" in args.only:
            done = subprocess.run(
                [sys.executable, __file__, "--memory-worker", "--data", str(data)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            trace = json.loads(done.stdout.splitlines()[-1])
            mb = 1e6
            print(
                f"\n== memory of load_events: peak {trace['peak_rss'] / mb:.0f} MB "
                f"({trace['peak_rss'] / trace['frame_bytes']:.2f}x the frame of "
                f"{trace['frame_bytes'] / mb:.0f} MB), imports {trace['base_rss'] / mb:.0f} MB, "
                f"after the load {trace['final_rss'] / mb:.0f} MB; peak after "
                f"{trace['peak_after_seconds']:.1f} of {trace['seconds']:.1f} s in "
                f"{trace['peak_phase']}: {trace['peak_at']}"
            )
            print("   phases in order: memory at start -> highest, seconds (sampled)")
            for phase, info in trace["phases"].items():
                print(
                    f"   {info['start_rss'] / mb:7.0f} -> {info['max_rss'] / mb:6.0f} MB "
                    f"{info['seconds']:6.2f} s  {phase}"
                )
            print("   functions during which memory grew most:")
            for function, grew in trace["growth"]:
                print(f"   {grew / mb:+7.0f} MB  {function}")
        if not {"build", "static", "interactive"} & set(args.only):
            return 0
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import plotly.io as pio
        from workers import fresh, warm_up

        from analysis.charts import interactive, static
        from analysis.data.load import load_dataset
        from analysis.prep.facts import build_facts

        dataset = load_dataset(data / "events.csv", data / "sources.csv", data / "places.csv")
        holder: dict[str, Any] = {}
        if "build" in args.only:
            profile("build", lambda: holder.setdefault("facts", build_facts(dataset)), args.out)
        facts = holder.get("facts") or build_facts(dataset)
        warm_up()
        if "static" in args.only:

            def draw() -> None:
                fig = static.draw_combined(fresh(facts))
                fig.savefig(io.BytesIO(), format="png")
                plt.close(fig)

            profile("static", draw, args.out)
        if "interactive" in args.only:

            def serialise() -> None:
                pio.to_html(interactive.combined_plotly(fresh(facts)), include_plotlyjs=False)

            profile("interactive", serialise, args.out)
    print(f"\nCall trees in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
