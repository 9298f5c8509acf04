"""Measurements that run in a fresh process each, so peak memory belongs to one operation.

``benchmarks/run.py`` starts ``python benchmarks/workers.py KIND ...`` and reads JSON lines
from its standard output:

``read EVENTS``
    plain ``pandas.read_csv(EVENTS, engine="pyarrow")``, the baseline of the loader;
``load EVENTS``
    ``analysis.data.load.load_events`` with validation (sources.csv and places.csv beside EVENTS);
``list``
    the aggregation and chart functions found in ``analysis.prep.aggregate``,
    ``analysis.charts.static`` and ``analysis.charts.interactive``;
``charts EVENTS NAME...``
    load EVENTS once, then time each named function on it, one JSON line per function.

Each read/load line gives the best wall time of ``--repeat`` runs, the CPU time of the first
run, the peak resident memory of the process after the first run (``ru_maxrss``), the
memory the process held before it (imports only) and the in-memory size of the frame
(``memory_usage(deep=True)``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import io
import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script; PYTHONPATH and the installed package win
    sys.path.append(str(ROOT))

#: Modules whose public functions of the events frame are benchmarked, and how to finish a call.
CHART_MODULES = {
    "analysis.prep.aggregate": "aggregate",
    "analysis.charts.static": "static",
    "analysis.charts.interactive": "interactive",
}
#: Names of the first parameter that marks a function of the events frame.
DATA_PARAMETERS = ("data", "events")
#: What a benchmarked function of each kind returns (its return annotation names one of these).
RETURNS = {
    "aggregate": ("DataFrame",),
    "static": ("Axes", "Figure"),
    "interactive": ("Figure",),
}


def _emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def _peak_rss() -> int:
    """Peak resident memory of this process so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _current_rss() -> int:
    """Resident memory now, in bytes (from /proc; 0 where unavailable)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _companions(events: Path) -> dict[str, Path]:
    folder = events.parent
    return {"sources_path": folder / "sources.csv", "places_path": folder / "places.csv"}


def measure_frame(kind: str, events: Path, repeat: int) -> dict[str, Any]:
    """Time reading ``events`` the plain way (``read``) or with the project's loader (``load``)."""
    import pandas as pd

    if kind == "read":

        def run() -> pd.DataFrame:
            return pd.read_csv(events, engine="pyarrow")
    else:
        from analysis.data.load import load_events

        def run() -> pd.DataFrame:
            return load_events(events, **_companions(events))

    base = _current_rss()
    times = []
    frame_bytes = rows = peak = 0
    cpu = 0.0
    for i in range(repeat):
        cpu0, start = _cpu(), time.perf_counter()
        frame = run()
        times.append(time.perf_counter() - start)
        if i == 0:
            cpu = _cpu() - cpu0
            peak = _peak_rss()
            frame_bytes = int(frame.memory_usage(deep=True).sum())
            rows = len(frame)
        del frame
    return {
        "kind": kind,
        "rows": rows,
        "seconds": min(times),
        "runs": times,
        "cpu_seconds": cpu,
        "peak_rss": peak,
        "base_rss": base,
        "frame_bytes": frame_bytes,
    }


def chart_functions() -> dict[str, tuple[str, Callable[..., Any]]]:
    """``module.function`` -> (kind, function) for every public function of the events frame."""
    found: dict[str, tuple[str, Callable[..., Any]]] = {}
    for module_name, kind in CHART_MODULES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # a module not written yet
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module_name:
                continue
            signature = inspect.signature(func)
            params = list(signature.parameters.values())
            returns = str(signature.return_annotation)
            if (
                params
                and params[0].name in DATA_PARAMETERS
                and "sources" in signature.parameters
                and any(r in returns for r in RETURNS[kind])
            ):
                found[f"{module_name.removeprefix('analysis.')}.{name}"] = (kind, func)
    return found


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``_Timeout`` in the main thread after ``seconds`` (checked between bytecodes)."""

    def stop(_signum: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _clear_caches() -> None:
    """Forget cached aggregations, selections and digests, so every function is timed from
    the loaded frame."""
    framecache = sys.modules.get("analysis.prep.framecache")
    if framecache is not None:
        framecache.clear_all()


def _call(kind: str, func: Callable[..., Any], data: Any, sources: Any) -> int | None:
    """Call ``func`` as a report would, finishing the chart; return the HTML size if any."""
    if kind == "aggregate":
        func(data, sources=sources)
        return None
    if kind == "static":
        import matplotlib.pyplot as plt

        try:
            if "ax" in inspect.signature(func).parameters:
                fig, ax = plt.subplots()
                func(data, sources=sources, ax=ax)
            else:
                fig = func(data, sources=sources)
            fig.savefig(io.BytesIO(), format="png")  # drawing happens here
        finally:
            plt.close("all")
        return None
    fig = func(data, sources=sources)
    html = fig.to_html(include_plotlyjs=False, full_html=False)
    return len(html.encode("utf-8"))


def measure_charts(events: Path, names: Sequence[str], cap: float) -> None:
    """Load ``events`` once, then emit one line per function: seconds, HTML bytes, status."""
    import matplotlib

    matplotlib.use("Agg")
    from analysis.data.load import load_events, load_sources

    start = time.perf_counter()
    data = load_events(events, **_companions(events))
    sources = load_sources(events.parent / "sources.csv")
    _emit({"name": "_load", "seconds": time.perf_counter() - start, "status": "ok"})
    functions = chart_functions()
    for name in names:
        kind, func = functions[name]
        _clear_caches()
        record: dict[str, Any] = {"name": name, "kind": kind}
        start, cpu0 = time.perf_counter(), _cpu()
        try:
            with _time_limit(cap):
                record["html_bytes"] = _call(kind, func, data, sources)
            record["status"] = "ok"
        except _Timeout:
            record["status"] = "timeout"
        except Exception as err:  # a chart that breaks on large data is a finding, not a crash
            record["status"] = f"error: {type(err).__name__}: {str(err)[:200]}"
        record["seconds"] = time.perf_counter() - start
        record["cpu_seconds"] = _cpu() - cpu0
        if record["status"] == "ok" and kind != "aggregate":
            # Again with the aggregation cached, as the second chart of a report runs.
            start, cpu0 = time.perf_counter(), _cpu()
            with contextlib.suppress(_Timeout), _time_limit(cap):
                _call(kind, func, data, sources)
                record["warm_seconds"] = time.perf_counter() - start
                record["warm_cpu_seconds"] = _cpu() - cpu0
        _emit(record)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    for kind in ("read", "load"):
        p = sub.add_parser(kind)
        p.add_argument("events", type=Path)
        p.add_argument("--repeat", type=int, default=1)
    sub.add_parser("list")
    charts = sub.add_parser("charts")
    charts.add_argument("events", type=Path)
    charts.add_argument("names", nargs="+")
    charts.add_argument("--cap", type=float, default=30.0, help="seconds per function")
    args = parser.parse_args(argv)
    if args.kind in ("read", "load"):
        _emit(measure_frame(args.kind, args.events, args.repeat))
    elif args.kind == "list":
        _emit({name: kind for name, (kind, _) in chart_functions().items()})
    else:
        measure_charts(args.events, args.names, args.cap)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
