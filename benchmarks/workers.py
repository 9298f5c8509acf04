"""Measurements that run in a fresh process each, so peak memory belongs to one operation.

``benchmarks/run.py`` starts ``python benchmarks/workers.py KIND ...`` and reads JSON lines
from its standard output:

``read EVENTS``
    plain ``pandas.read_csv(EVENTS, engine="pyarrow")``, the baseline of the loader;
``load EVENTS``
    ``analysis.data.load.load_events`` with validation (sources.csv and places.csv beside EVENTS);
``list``
    the renderers (:data:`RENDERERS`), each with its kind;
``model EVENTS [NAME...]``
    load the dataset (``load_dataset``), then time ``build_facts`` on it, cold (nothing built
    before in the process), with the peak memory of the build; draw the combined chart from
    that model, static (PNG) and interactive (HTML), as a report's first charts are drawn
    (the "combined cold" figures are the build plus each drawing); then warm matplotlib and
    plotly up on a tiny figure and time each named renderer on a fresh copy of the model.

Each read/load line gives the best wall time of ``--repeat`` runs, the CPU time of the first
run, the peak resident memory of the process after the first run (``ru_maxrss``), the
memory the process held before it (imports only) and the in-memory size of the frame
(``memory_usage(deep=True)``).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import io
import json
import os
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.data.load import Dataset
    from analysis.prep.facts import Facts

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script; PYTHONPATH and the installed package win
    sys.path.append(str(ROOT))

#: The charts, as ``analysis.spec.words`` names them.
CHARTS = ("combined", "crowd", "arrests", "responses", "map")
#: The texts written for every chart.
TEXTS = ("headline", "subtitle", "source", "notes", "alt")
#: The panels of the model.
PANELS = ("crowd", "arrests", "responses")
#: The combined charts drawn right after the cold build.
COLD = ("static.draw_combined", "interactive.combined_plotly")
#: Height of the static locator map's figure, in inches (article width).
MAP_HEIGHT_IN = 5.0
#: The formats of the article exports (those of a timeline report).
ARTICLE_FORMATS = ("png", "svg", "pdf")


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


def _reset_peak() -> bool:
    """Reset the kernel's peak resident memory of this process (``VmHWM``); False if refused."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_since_reset() -> int:
    """``VmHWM`` in bytes: the peak resident memory since :func:`_reset_peak` (0 if unknown)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


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


# --- the renderers -------------------------------------------------------------------------------


def _png(fig: Any) -> int:
    """Render a matplotlib figure to PNG in memory (drawing happens here), close it; bytes."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png")
    finally:
        plt.close(fig)
    return buffer.tell()


def _html(fig: Any) -> int:
    """Serialise a plotly figure as a report embeds it (without plotly.js); bytes of UTF-8."""
    import plotly.io as pio

    return len(pio.to_html(fig, include_plotlyjs=False).encode("utf-8"))


def _static(chart: str, facts: Facts) -> dict[str, int]:
    """Draw one chart with its ``draw_*`` function into the figure an article export uses
    (``articles.article_figure``: 6.4 in wide, constrained layout), render it to PNG."""
    from analysis.publish.articles import article_figure

    return {"png_bytes": _png(article_figure(facts, chart))}


def _static_map(facts: Facts) -> dict[str, int]:
    """Draw the locator map with ``draw_map`` in the house style at article width (6.4 x
    MAP_HEIGHT_IN in, constrained layout), render it to PNG."""
    import matplotlib.pyplot as plt

    from analysis.charts import static
    from analysis.charts.style import ARTICLE_WIDTH_IN, house_style

    with house_style():
        fig, ax = plt.subplots(figsize=(ARTICLE_WIDTH_IN, MAP_HEIGHT_IN), layout="constrained")
        static.draw_map(ax, facts)
    return {"png_bytes": _png(fig)}


def _interactive(name: str, facts: Facts) -> dict[str, int]:
    from analysis.charts import interactive

    return {"html_bytes": _html(getattr(interactive, name)(facts))}


def _words(facts: Facts) -> dict[str, int]:
    """Every text of every chart: headline, subtitle, source and notes lines, alt text."""
    from analysis.spec.chartwords import chart_words

    chars = 0
    for chart in CHARTS:
        said = chart_words(facts, chart)
        chars += sum(len(getattr(said, text)) for text in TEXTS)
    return {"chars": chars}


def _table(name: str, facts: Facts) -> dict[str, int]:
    from analysis.charts import tables

    return {"table_rows": len(getattr(tables, name)(facts))}


def _timelinejs(facts: Facts) -> dict[str, int]:
    from analysis.publish.timelinejs import timelinejs_frame

    return {"table_rows": len(timelinejs_frame(facts))}


def _articles(facts: Facts) -> dict[str, int]:
    """The article exports of a timeline report (every chart, every width and format)."""
    from analysis.publish.articles import export_article_charts

    with tempfile.TemporaryDirectory(prefix="bench-articles-") as out:
        charts = export_article_charts(facts, out, formats=ARTICLE_FORMATS)
        files = [Path(p) for chart in charts for p in chart.files]
        return {"files": len(files), "file_bytes": sum(p.stat().st_size for p in files)}


#: Renderer name -> (kind, function of a built model returning facts about its output).
#: Kinds: "static" (matplotlib, rendered to PNG), "interactive" (plotly, serialised to HTML),
#: "words", "table", "files".
RENDERERS: dict[str, tuple[str, Callable[[Facts], dict[str, int]]]] = {
    "static.draw_crowd": ("static", functools.partial(_static, "crowd")),
    "static.draw_arrests": ("static", functools.partial(_static, "arrests")),
    "static.draw_responses": ("static", functools.partial(_static, "responses")),
    "static.draw_combined": ("static", functools.partial(_static, "combined")),
    "static.draw_map": ("static", _static_map),
    "interactive.crowd_plotly": ("interactive", functools.partial(_interactive, "crowd_plotly")),
    "interactive.arrests_plotly": (
        "interactive",
        functools.partial(_interactive, "arrests_plotly"),
    ),
    "interactive.responses_plotly": (
        "interactive",
        functools.partial(_interactive, "responses_plotly"),
    ),
    "interactive.combined_plotly": (
        "interactive",
        functools.partial(_interactive, "combined_plotly"),
    ),
    "interactive.map_plotly": ("interactive", functools.partial(_interactive, "map_plotly")),
    "words.* (25 texts)": ("words", _words),
    "tables.overview": ("table", functools.partial(_table, "overview")),
    "tables.events_table": ("table", functools.partial(_table, "events_table")),
    "timelinejs.timelinejs_frame": ("table", _timelinejs),
    "articles.export_article_charts": ("files", _articles),
}


def fresh(facts: Facts) -> Facts:
    """A shallow copy of ``facts`` without the values its cached properties worked out.

    Each renderer then starts from the model as ``build_facts`` returned it, whatever ran
    before it in the process (the frames inside are shared, not copied: renderers do not
    modify them).
    """
    out = copy.copy(facts)
    for name, attr in vars(type(facts)).items():
        if isinstance(attr, functools.cached_property):
            out.__dict__.pop(name, None)
    return out


def warm_up() -> None:
    """Draw a tiny matplotlib and plotly figure, so the first renderer timed does not pay for
    loading fonts and plotly's validators."""
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="warm")
    ax.set_title("warm up")
    ax.legend()
    _png(fig)
    _html(go.Figure(go.Scatter(x=[0, 1], y=[0, 1], hovertext=["a", "b"])))


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


def _timed(name: str, kind: str, run: Callable[[], dict[str, int]], cap: float) -> dict[str, Any]:
    """Run ``run`` within ``cap`` seconds; its record: seconds, CPU seconds, status, outputs."""
    record: dict[str, Any] = {"name": name, "kind": kind}
    start, cpu0 = time.perf_counter(), _cpu()
    try:
        with _time_limit(cap):
            record.update(run())
        record["status"] = "ok"
    except _Timeout:
        record["status"] = "timeout"
    except Exception as err:  # a renderer that breaks on large data is a finding, not a crash
        record["status"] = f"error: {type(err).__name__}: {str(err)[:200]}"
    record["seconds"] = time.perf_counter() - start
    record["cpu_seconds"] = _cpu() - cpu0
    return record


def _load(events: Path) -> Dataset:
    """The dataset beside ``events``, loaded and validated as a report loads it; timed."""
    import matplotlib

    matplotlib.use("Agg")
    from analysis.data.load import load_dataset

    start = time.perf_counter()
    dataset = load_dataset(events, **_companions(events))
    _emit({"name": "_load", "seconds": time.perf_counter() - start, "status": "ok"})
    return dataset


def measure_model(events: Path, names: Sequence[str], cap: float) -> None:
    """Load the dataset, build the model cold and draw the combined charts from it, then time
    each renderer in ``names`` on a fresh copy of the model; one JSON line each.

    Lines: ``_load``; ``_build`` (time, CPU, peak memory of the build); the two combined
    charts drawn right after the build, as a report's first charts are (``"phase": "cold"``);
    then, after a warm-up, one line per renderer (``"phase": "renderer"``).
    """
    import pandas as pd

    from analysis.prep.facts import build_facts

    dataset = _load(events)
    # Imported before timing: a report's kernel has imported the renderers before it builds.
    from analysis.charts import interactive, static  # noqa: F401

    frame_bytes = int(dataset.events.memory_usage(deep=True).sum())
    base = _current_rss()
    reset = _reset_peak()
    start, cpu0 = time.perf_counter(), _cpu()
    facts = build_facts(dataset)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu0
    _emit(
        {
            "name": "_build",
            "status": "ok",
            "rows": len(dataset.events),
            "events": len(facts.events),
            "binned": {p: bool(getattr(facts, p).binning.binned) for p in PANELS},
            "seconds": seconds,
            "cpu_seconds": cpu,
            "base_rss": base,
            "peak_rss": _peak_since_reset() if reset else _peak_rss(),
            "peak_reset": reset,
            "frame_bytes": frame_bytes,
            "pandas": pd.__version__,
        }
    )
    for name in COLD:
        kind, render = RENDERERS[name]
        record = _timed(name, kind, functools.partial(render, fresh(facts)), cap)
        _emit({**record, "phase": "cold", "build_seconds": seconds, "build_cpu_seconds": cpu})
    if names:
        warm_up()
    for name in names:
        kind, render = RENDERERS[name]
        record = _timed(name, kind, functools.partial(render, fresh(facts)), cap)
        _emit({**record, "phase": "renderer"})


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    for kind in ("read", "load"):
        p = sub.add_parser(kind)
        p.add_argument("events", type=Path)
        p.add_argument("--repeat", type=int, default=1)
    sub.add_parser("list")
    model = sub.add_parser("model")
    model.add_argument("events", type=Path)
    model.add_argument("names", nargs="*", choices=sorted(RENDERERS), metavar="NAME")
    model.add_argument("--cap", type=float, default=60.0, help="seconds per drawing")
    args = parser.parse_args(argv)
    if args.kind in ("read", "load"):
        _emit(measure_frame(args.kind, args.events, args.repeat))
    elif args.kind == "list":
        _emit({name: kind for name, (kind, _) in RENDERERS.items()})
    else:
        measure_model(args.events, args.names, args.cap)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
