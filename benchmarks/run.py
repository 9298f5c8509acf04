"""Run the benchmarks of issues 6 and 10 and print one table (``make bench``).

Every figure is printed with its baseline, measured in the same run on the same machine, and
the ratio between them; targets are checked where the issues set one (at 1M rows):

* **load**: ``load_events`` (read + validate + type) against plain
  ``pandas.read_csv(..., engine="pyarrow")`` of the same file, at 10k, 100k and 1M rows; peak
  memory of the loading process against the in-memory size of the frame (the plain read's
  peak is printed too). Targets: within 2x the read, within 2.5x the frame.
* **model**: ``analysis.prep.facts.build_facts`` cold on the loaded dataset (time, CPU, peak
  memory during the build), then the combined chart drawn from that model, static (PNG) and
  interactive (HTML): "combined cold" = build + draw. Target: at most 5 s each.
* **renderers**: each renderer (``workers.RENDERERS``: the matplotlib and plotly charts, the
  words, the report tables, the TimelineJS sheet, the article exports) from one built model,
  against that model's build time. Target: each single chart under 1 s.
* **html**: the size of each interactive chart's HTML (without plotly.js) against the same
  chart at the previous size. Target: bounded, i.e. at 1M at most 2x its size at 100k for
  ten times the events (one mark per event would grow about 10x; binned marks grow only until
  every day has its bin).
* **pipeline**: ``python -m analysis report`` into an empty reports folder against the floor of
  executing as many notebooks that only import the project's modules, with the same kernel
  and parallelism (target 2.5x); then the same command with nothing changed (target 1 s,
  against the start-up of ``python -m analysis --help``).

Data are synthetic (``benchmarks/generate.py``), made in a temporary folder and deleted at the
end. Each measurement runs in a fresh process (``benchmarks/workers.py``). Renderers that take
longer than ``--cap`` seconds (default 20; ``--large-cap`` 60 at 1M rows) are stopped; one
whose time at the previous size, scaled linearly, exceeds 3 caps is not run at the larger
size (its row says so).

Usage: ``python benchmarks/run.py [--quick] [--sizes N ...] [--only PART ...] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
PARTS = ("load", "model", "renderers", "html", "pipeline", "report")

#: Targets of issues 6 and 10, checked at TARGET_ROWS.
LOAD_RATIO = 2.0
MEMORY_RATIO = 2.5
COMBINED_SECONDS = 5.0
SINGLE_CHART_SECONDS = 1.0
HTML_GROWTH = 2.0
PIPELINE_RATIO = 2.5
RERUN_SECONDS = 1.0
#: The single charts, each to be drawn from a built model in under SINGLE_CHART_SECONDS.
SINGLE_CHARTS = (
    "static.draw_crowd",
    "static.draw_arrests",
    "static.draw_responses",
    "interactive.crowd_plotly",
    "interactive.arrests_plotly",
    "interactive.responses_plotly",
    "static.draw_map",
    "interactive.map_plotly",
)
#: The "combined cold" rows: the renderer drawn after the cold build, and its row's name.
COMBINED_COLD = {
    "static.draw_combined": "combined cold, static (build + draw)",
    "interactive.combined_plotly": "combined cold, interactive (build + draw)",
}
#: A renderer is not run at a size where its time scaled from the previous size exceeds this
#: many caps (it would be stopped anyway; not running it keeps ``make bench`` short).
SKIP_FACTOR = 3.0
#: Seconds a worker may spend loading the data and building the model, on top of its caps.
BUILD_ALLOWANCE = 300.0
#: Size at which the targets are checked.
TARGET_ROWS = 1_000_000


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    size: str
    value: str
    baseline: str
    ratio: str
    target: str
    met: str
    note: str = ""
    cpu: str = ""


# --- Formatting ----------------------------------------------------------------------------------


def fmt_rows(n: int) -> str:
    """10000 -> '10k', 1000000 -> '1M'."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def fmt_seconds(s: float) -> str:
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"


def fmt_bytes(b: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b:.0f} B"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "NO")


def print_table(rows: Sequence[Row], out: Any = sys.stdout) -> None:
    """Print the rows as one aligned plain-text table (notes after it, numbered)."""
    header = ("benchmark", "size", "value", "CPU", "baseline", "ratio", "target", "met?")
    cells = [header]
    notes: list[str] = []
    for r in rows:
        name = r.benchmark
        if r.note:
            notes.append(r.note)
            name += f" [{len(notes)}]"
        cells.append((name, r.size, r.value, r.cpu, r.baseline, r.ratio, r.target, r.met))
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    right = {1, 2, 3, 4, 5}
    sep = "-+-".join("-" * w for w in widths)
    for k, line in enumerate(cells):
        text = " | ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        print(text, file=out)
        if k == 0:
            print(sep, file=out)
    for i, note in enumerate(notes, 1):
        print(f"[{i}] {note}", file=out)


# --- Machine -------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """CPU model, cores, memory, load, Python and library versions."""
    info = {"python": platform.python_version(), "cores": str(os.cpu_count())}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory"] = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
        info["load average"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        pass
    code = (
        "import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in "
        "('pandas','pyarrow','numpy','matplotlib','plotly','papermill','nbconvert')}))"
    )
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode == 0:
        info.update(json.loads(done.stdout))
    return info


# --- Running workers -----------------------------------------------------------------------------


def worker(*args: str, timeout: float | None = None) -> list[dict[str, Any]]:
    """Run ``workers.py`` with ``args``; return its JSON lines (those printed before a timeout)."""
    cmd = [PYTHON, str(HERE / "workers.py"), *args]
    pipe = subprocess.PIPE
    proc = subprocess.Popen(cmd, stdout=pipe, stderr=pipe, text=True, cwd=ROOT)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
    records = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if proc.returncode not in (0, None) and not records:
        print(f"  worker {' '.join(args[:2])} failed:\n{stderr[-2000:]}", file=sys.stderr)
    return records


def generate(sizes: Sequence[int], folder: Path, seed: int) -> dict[int, Path]:
    """Write one synthetic dataset per size; returns the events path of each."""
    paths = {}
    for n in sizes:
        out = folder / fmt_rows(n)
        start = time.perf_counter()
        subprocess.run(
            [PYTHON, str(HERE / "generate.py"), str(n), str(out), "--seed", str(seed)],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        size = (out / "events.csv").stat().st_size
        took = time.perf_counter() - start
        log(f"generated {fmt_rows(n)} rows ({fmt_bytes(size)}) in {took:.1f} s")
        paths[n] = out / "events.csv"
    return paths


def log(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


# --- Load and memory -----------------------------------------------------------------------------


def bench_load(paths: dict[int, Path], results: dict[str, Any]) -> list[Row]:
    """Loader against the plain pyarrow read: time and peak memory, at each size."""
    rows: list[Row] = []
    for n, events in paths.items():
        repeat = "3" if n <= 100_000 else "1"
        read = worker("read", str(events), "--repeat", repeat)
        load = worker("load", str(events), "--repeat", repeat)
        if not read or not load:
            rows.append(Row("load + validate", fmt_rows(n), "failed", "", "", "", "NO"))
            continue
        read, load = read[0], load[0]
        results.setdefault("load", {})[n] = {"read": read, "load": load}
        log(f"{fmt_rows(n)}: read {read['seconds']:.2f} s, load {load['seconds']:.2f} s")
        at_target = n == TARGET_ROWS
        ratio = load["seconds"] / read["seconds"]
        rows.append(
            Row(
                "load + validate (time)",
                fmt_rows(n),
                fmt_seconds(load["seconds"]),
                fmt_seconds(read["seconds"]),
                f"{ratio:.2f}x",
                f"≤ {LOAD_RATIO:g}x" if at_target else "",
                verdict(ratio <= LOAD_RATIO if at_target else None),
                cpu=fmt_seconds(load["cpu_seconds"]),
            )
        )
        cpu_ratio = load["cpu_seconds"] / max(read["cpu_seconds"], 1e-9)
        rows.append(
            Row(
                "load + validate (CPU time)",
                fmt_rows(n),
                fmt_seconds(load["cpu_seconds"]),
                fmt_seconds(read["cpu_seconds"]),
                f"{cpu_ratio:.2f}x",
                "",
                "—",
            )
        )
        mem_ratio = load["peak_rss"] / load["frame_bytes"]
        rows.append(
            Row(
                "load peak memory / frame",
                fmt_rows(n),
                fmt_bytes(load["peak_rss"]),
                fmt_bytes(load["frame_bytes"]),
                f"{mem_ratio:.2f}x",
                f"≤ {MEMORY_RATIO:g}x" if at_target else "",
                verdict(mem_ratio <= MEMORY_RATIO if at_target else None),
                "peak RSS of a fresh process (imports included: "
                f"{fmt_bytes(load['base_rss'])} before loading) / frame.memory_usage(deep=True)"
                if n == max(paths)
                else "",
            )
        )
        rows.append(
            Row(
                "plain read peak memory / frame",
                fmt_rows(n),
                fmt_bytes(read["peak_rss"]),
                fmt_bytes(read["frame_bytes"]),
                f"{read['peak_rss'] / read['frame_bytes']:.2f}x",
                "",
                "—",
            )
        )
    return rows


# --- The facts model and its renderers ----------------------------------------------------------


def bench_model(
    paths: dict[int, Path],
    results: dict[str, Any],
    cap: float,
    parts: Sequence[str],
    large_cap: float = 60.0,
) -> list[Row]:
    """One process per size: ``build_facts`` cold (time, peak memory), the combined charts
    drawn from that model ("combined cold" = build + draw), then each renderer from it.

    A renderer whose time at the previous size, scaled linearly, exceeds ``SKIP_FACTOR``
    caps is not run at the next size (nor one that failed or was stopped there): that keeps
    ``make bench`` under ten minutes.
    """
    listed = worker("list") if {"renderers", "html"} & set(parts) else [{}]
    if not listed:
        return [Row("renderers", "", "not found", "", "", "", "NO")]
    renderers: dict[str, str] = listed[0]
    model: dict[int, dict[str, Any]] = {}
    timings: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in renderers}
    previous: int | None = None
    for n, events in paths.items():
        size_cap = large_cap if n >= TARGET_ROWS else cap
        run, skipped = _plan(renderers, timings, n, previous, size_cap)
        budget = BUILD_ALLOWANCE + (len(COMBINED_COLD) + len(run)) * (size_cap + 5)
        records = worker("model", str(events), *run, "--cap", str(size_cap), timeout=budget)
        model[n] = {r["name"]: r for r in records if r.get("phase") != "renderer"}
        got = {r["name"]: r for r in records if r.get("phase") == "renderer"}
        for name in run:
            timings[name][n] = got.get(name, {"status": "not finished", "seconds": float("nan")})
        for name, why in skipped.items():
            timings[name][n] = {"status": why, "seconds": float("nan")}
        build = model[n].get("_build", {}).get("seconds", float("nan"))
        log(f"{fmt_rows(n)}: build_facts {build:.2f} s; {len(run)} renderers run")
        previous = n
    results["model"] = model
    results["renderers"] = timings
    rows: list[Row] = []
    if "model" in parts:
        for n in paths:
            size_cap = large_cap if n >= TARGET_ROWS else cap
            rows += _model_rows(n, model[n], results, n == max(paths), size_cap)
    if "renderers" in parts:
        for name in renderers:
            for n in paths:
                size_cap = large_cap if n >= TARGET_ROWS else cap
                build = model[n].get("_build", {}).get("seconds")
                known = isinstance(build, float) and build == build  # not NaN
                baseline = (fmt_seconds(build) + " build", build) if known else None
                single = n == TARGET_ROWS and name in SINGLE_CHARTS
                target = SINGLE_CHART_SECONDS if single else None
                rows.append(_timing_row(name, n, timings[name][n], baseline, target, size_cap))
    if "html" in parts:
        for name, kind in renderers.items():
            if kind == "interactive":
                rows += _html_rows(name, paths, timings[name])
    return rows


def _plan(
    renderers: dict[str, str],
    timings: dict[str, dict[int, dict[str, Any]]],
    n: int,
    previous: int | None,
    cap: float,
) -> tuple[list[str], dict[str, str]]:
    """The renderers to run at ``n`` rows, and why each of the others is not run."""
    run: list[str] = []
    skipped: dict[str, str] = {}
    for name in renderers:
        before = timings[name].get(previous) if previous else None
        if before is not None and previous is not None:
            at = fmt_rows(previous)
            if before["status"] != "ok":
                skipped[name] = f"not run: {before['status'].split(':')[0]} at {at}"
                continue
            estimate = before["seconds"] * n / previous
            if estimate > SKIP_FACTOR * cap:
                skipped[name] = f"not run: ~{estimate:.0f} s expected (linear from {at})"
                continue
        run.append(name)
    return run, skipped


def _model_rows(
    n: int, got: dict[str, Any], results: dict[str, Any], last: bool, cap: float
) -> list[Row]:
    """The build's time and peak memory, and the combined cold rows, at ``n`` rows."""
    read = _read_baseline(_read_seconds(results, n))
    build = got.get("_build")
    if build is None:
        return [Row("build_facts (cold)", fmt_rows(n), "failed", "", "", "", "NO")]
    extra = max(build["peak_rss"] - build["base_rss"], 0)
    rows = [
        _timing_row("build_facts (cold)", n, build, read),
        Row(
            "build_facts peak memory / frame",
            fmt_rows(n),
            fmt_bytes(extra),
            fmt_bytes(build["frame_bytes"]),
            f"{extra / build['frame_bytes']:.2f}x",
            "",
            "—",
            note=(
                "peak RSS during the build (VmHWM reset before it) minus RSS before it, "
                "against the events frame's memory_usage(deep=True)"
                if last
                else ""
            ),
        ),
    ]
    for name, label in COMBINED_COLD.items():
        draw = got.get(name, {"status": "not finished", "seconds": float("nan")})
        total = {
            **draw,
            "seconds": draw["seconds"] + build["seconds"],
            "cpu_seconds": draw.get("cpu_seconds", float("nan")) + build["cpu_seconds"],
        }
        note = (
            f"build_facts, then {name} drawn from it (PNG / to_html) as the first drawing "
            "of a fresh process"
            if last and name == "static.draw_combined"
            else ""
        )
        target = COMBINED_SECONDS if n == TARGET_ROWS else None
        rows.append(_timing_row(label, n, total, read, target, cap + build["seconds"], note))
    return rows


def _html_rows(name: str, paths: dict[int, Path], timing: dict[int, dict[str, Any]]) -> list[Row]:
    """The HTML size of one interactive chart at each size, against the previous size."""
    rows = []
    before: tuple[int, int] | None = None  # (rows, bytes) at the previous size
    for n in paths:
        size = timing[n].get("html_bytes")
        at_target = n == TARGET_ROWS
        target = f"≤ {HTML_GROWTH:g}x" if at_target else ""
        label = f"HTML size {name}"
        if size is None:
            rows.append(Row(label, fmt_rows(n), "—", "", "", target,
                            verdict(False if at_target else None)))  # fmt: skip
            before = None
            continue
        if before is None:
            rows.append(Row(label, fmt_rows(n), fmt_bytes(size), "", "", target, "—"))
        else:
            growth = size / before[1]
            rows.append(
                Row(
                    label,
                    fmt_rows(n),
                    fmt_bytes(size),
                    f"{fmt_bytes(before[1])} @{fmt_rows(before[0])}",
                    f"{growth:.2f}x",
                    target,
                    verdict(growth <= HTML_GROWTH if at_target else None),
                )
            )
        before = (n, size)
    return rows


def _read_seconds(results: dict[str, Any], n: int) -> float | None:
    """The plain read's time at ``n`` rows, if the load part measured it."""
    return results.get("load", {}).get(n, {}).get("read", {}).get("seconds")


def _read_baseline(read: float | None) -> tuple[str, float] | None:
    return (fmt_seconds(read) + " read", read) if read else None


def _timing_row(
    name: str,
    n: int,
    timing: dict[str, Any],
    baseline: tuple[str, float] | None,
    target: float | None = None,
    cap: float | None = None,
    note: str = "",
) -> Row:
    """One timed measurement: wall and CPU seconds, against ``baseline`` (label, seconds)."""
    status = timing.get("status", "not finished")
    target_text = f"≤ {target:g} s" if target is not None else ""
    base_text = baseline[0] if baseline else ""
    missed = verdict(False if target is not None else None)
    if status == "ok":
        seconds = timing["seconds"]
        ratio = f"{seconds / baseline[1]:.2f}x" if baseline else ""
        ok = seconds <= target if target is not None else None
        cpu = timing.get("cpu_seconds")
        cpu_text = fmt_seconds(cpu) if cpu is not None and cpu == cpu else ""
        row = Row(name, fmt_rows(n), fmt_seconds(seconds), base_text, ratio, target_text, "—")
        return replace(row, met=verdict(ok), note=note, cpu=cpu_text)
    if status == "timeout":
        value = f"> {fmt_seconds(cap)}" if cap else "stopped"
        why = f"{name} at {fmt_rows(n)}: stopped after {fmt_seconds(cap)}" if cap else ""
        notes = "; ".join(filter(None, (note, why)))
        return Row(name, fmt_rows(n), value, base_text, "", target_text, missed, notes)
    why = f"{name} at {fmt_rows(n)}: {status}"
    notes = "; ".join(filter(None, (note, why)))
    return Row(name, fmt_rows(n), "—", base_text, "", target_text, missed, notes)


# --- Pipeline ------------------------------------------------------------------------------------


def bench_pipeline(results: dict[str, Any], jobs: int) -> list[Row]:
    """``make report`` into an empty folder against its floor; then a no-change rerun.

    All three run on a frozen copy of the project (``pipeline.snapshot``) in a temporary folder.
    """
    from pipeline import floor_seconds, report_command, snapshot, snapshot_env

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        tree = snapshot(Path(tmp) / "tree")
        env = snapshot_env(tree)
        reports = tree / "reports"
        cmd = report_command(reports, jobs)

        def run() -> tuple[float, float, subprocess.CompletedProcess[str]]:
            start, cpu0 = time.perf_counter(), children_cpu()
            done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
            return time.perf_counter() - start, children_cpu() - cpu0, done

        full, full_cpu, first = run()
        log(f"report from clean: {full:.1f} s (exit {first.returncode})")
        second_s, second_cpu, second = run()
        log(f"report, nothing changed: {second_s:.2f} s (exit {second.returncode})")
        written = reports.iterdir() if reports.exists() else iter(())
        count = sum(1 for p in written if (p / "manifest.json").is_file())
        weight = page_weight(reports)
        cpu0 = children_cpu()
        floor, n_notebooks = floor_seconds(jobs, Path(tmp) / "floor", tree)
        floor_cpu = children_cpu() - cpu0
        log(f"floor ({n_notebooks} notebooks): {floor:.1f} s")
        help_cmd = [PYTHON, "-m", "analysis", "--help"]
        startup = min(_timed(help_cmd, tree, env) for _ in range(3))
    results["pipeline"] = {
        "report_seconds": full,
        "report_cpu_seconds": full_cpu,
        "floor_cpu_seconds": floor_cpu,
        "rerun_cpu_seconds": second_cpu,
        "report_exit": first.returncode,
        "reports_written": count,
        "floor_seconds": floor,
        "notebooks": n_notebooks,
        "rerun_seconds": second_s,
        "rerun_exit": second.returncode,
        "startup_seconds": startup,
        "jobs": jobs,
        "page_weight": weight,
        "report_output": first.stdout[-3000:] + first.stderr[-3000:],
        "rerun_output": second.stdout[-1000:] + second.stderr[-1000:],
    }
    note = (
        f"{count} reports written, exit {first.returncode}; {jobs} parallel jobs; CPU of the "
        f"processes it waited for (the floor's: {fmt_seconds(floor_cpu)})"
    )
    if first.returncode:
        note += "; output: " + " ".join((first.stdout + first.stderr).split())[-300:]
    ratio = full / floor
    return [
        Row(
            "make report (clean reports/)",
            f"{n_notebooks} nb",
            fmt_seconds(full),
            fmt_seconds(floor) + " floor",
            f"{ratio:.2f}x",
            f"≤ {PIPELINE_RATIO:g}x",
            verdict(ratio <= PIPELINE_RATIO and first.returncode == 0),
            note,
            cpu=fmt_seconds(full_cpu),
        ),
        Row(
            "make report (nothing changed)",
            f"{n_notebooks} nb",
            fmt_seconds(second_s),
            fmt_seconds(startup) + " start-up",
            f"{second_s / startup:.2f}x",
            f"≤ {RERUN_SECONDS:g} s",
            verdict(second_s <= RERUN_SECONDS and second.returncode == 0),
            "baseline: python -m analysis --help",
            cpu=fmt_seconds(second_cpu),
        ),
        _page_weight_row(weight),
    ]


def bench_report(paths: dict[int, Path], results: dict[str, Any], cap: float) -> list[Row]:
    """The whole timeline report through the runner at each size, beside the curated report
    (``wholereport.py``): time from process start, CPU, peak memory, the page's weight."""
    from wholereport import REPORT_MEMORY, REPORT_SECONDS, measure

    measured = measure(paths, cap)
    results["report"] = measured
    curated = measured["curated"]
    base = curated.get("seconds")
    rows = []
    for size, r in measured.items():
        if size.endswith("-corrected"):
            rows.append(_correction_row(int(size.split("-")[0]), r, measured))
            continue
        n = int(size) if size.isdigit() else 0
        label = fmt_rows(n) if n else "curated"
        seconds = r.get("seconds")
        limit = REPORT_SECONDS.get(n)
        page = r.get("page_bytes")
        note = r["status"] if r["status"] != "ok" else ""
        if page:
            note = "; ".join(filter(None, (note, f"report page {fmt_bytes(page)}")))
        rows.append(
            Row(
                "timeline report through the runner (every output)",
                label,
                fmt_seconds(seconds) if seconds is not None else "—",
                fmt_seconds(base) + " curated" if n and base else "",
                f"{seconds / base:.1f}x" if n and base and seconds else "",
                f"≤ {limit:g} s" if limit else "",
                verdict(None if limit is None else bool(seconds and seconds <= limit)),
                note,
                cpu=fmt_seconds(r["cpu"]) if r.get("cpu") is not None else "",
            )
        )
        peak = r.get("peak_bytes")
        if peak is not None:
            rows.append(
                Row(
                    "timeline report peak memory (largest process)",
                    label,
                    fmt_bytes(peak),
                    fmt_bytes(curated["peak_bytes"]) + " curated"
                    if n and curated.get("peak_bytes")
                    else "",
                    f"{peak / curated['peak_bytes']:.1f}x"
                    if n and curated.get("peak_bytes")
                    else "",
                    f"≤ {fmt_bytes(REPORT_MEMORY)}" if n else "",
                    verdict(peak <= REPORT_MEMORY if n else None),
                )
            )
    return rows


def _correction_row(n: int, r: dict[str, Any], measured: dict[str, Any]) -> Row:
    """The report run again after a one-row correction, against its first (forced) run."""
    first = measured.get(str(n), {}).get("seconds")
    seconds = r.get("seconds")
    return Row(
        "timeline report again, one row corrected (not forced)",
        fmt_rows(n),
        fmt_seconds(seconds) if seconds is not None else "—",
        fmt_seconds(first) + " first run" if first else "",
        f"{seconds / first:.2f}x" if first and seconds else "",
        "",
        verdict(None),
        r["status"] if r["status"] != "ok" else "",
        cpu=fmt_seconds(r["cpu"]) if r.get("cpu") is not None else "",
    )


def page_weight(reports: Path) -> dict[str, Any]:
    """Bytes of each report page of a reports folder, of its index and of its shared scripts."""
    pages = {p.parent.name: p.stat().st_size for p in sorted(reports.glob("*/index.html"))}
    index = reports / "index.html"
    shared = sorted(reports.glob("_assets/*.js"))
    return {
        "pages": pages,
        "index": index.stat().st_size if index.is_file() else 0,
        "shared": {p.name: p.stat().st_size for p in shared},
    }


def _page_weight_row(weight: dict[str, Any]) -> Row:
    """What a reader downloads: a report page after the first (target 1 MB), and the index
    with two reports, the shared plotly.js once (issue 18: about 16 MB before)."""
    pages = sorted(weight["pages"].values(), reverse=True)
    shared = sum(weight["shared"].values())
    if not pages:
        return Row("report page weight", "", "—", "", "", "≤ 1 MB", verdict(False), "no page")
    trip = weight["index"] + sum(pages[:2]) + shared
    mb = 1_000_000
    return Row(
        "report page weight (largest page, without the shared plotly.js)",
        f"{len(pages)} pages",
        f"{pages[0] / mb:.2f} MB",
        f"{shared / mb:.2f} MB shared plotly.js",
        "",
        "≤ 1 MB",
        verdict(pages[0] <= mb),
        f"index + the two largest reports + the shared script: {trip / mb:.2f} MB; "
        "each page: " + ", ".join(f"{k} {v / mb:.2f} MB" for k, v in weight["pages"].items()),
    )


def children_cpu() -> float:
    """User + system CPU seconds of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


# --- Main ----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected benchmarks and print the table; exit 0 even when targets are missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k rows only")
    parser.add_argument("--sizes", type=int, nargs="+", help="row counts (default 10k 100k 1M)")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per renderer")
    parser.add_argument(
        "--large-cap", type=float, default=60.0, help="seconds per renderer at 1M rows"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="report jobs")
    parser.add_argument(
        "--report-cap", type=float, default=600.0, help="seconds per whole timeline report"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="generate the data here and keep it")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = parser.parse_args(argv)
    sizes = tuple(sorted(args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)))
    parts = tuple(args.only or PARTS)
    started = time.perf_counter()
    info = machine()
    results: dict[str, Any] = {"machine": info, "sizes": sizes}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        folder = args.keep or Path(tmp)
        paths = {}
        if {"load", "model", "renderers", "html", "report"} & set(parts):
            paths = generate(sizes, folder, args.seed)
        if {"load", "model", "renderers", "html"} & set(parts):
            # The model's rows compare against the plain read, so the read runs whenever
            # they do.
            load_rows = bench_load(paths, results)
            if "load" in parts:
                rows += load_rows
            if {"model", "renderers", "html"} & set(parts):
                rows += bench_model(paths, results, args.cap, parts, args.large_cap)
        if "report" in parts:
            rows += bench_report(paths, results, args.report_cap)
    if "pipeline" in parts:
        sys.path.insert(0, str(HERE))
        rows += bench_pipeline(results, args.jobs)
    total = time.perf_counter() - started
    print()
    print(
        "Machine: "
        + ", ".join(f"{k} {v}" for k, v in info.items() if k not in ("python",))
        + f", Python {info.get('python')}"
    )
    print(f"Benchmarks took {total / 60:.1f} min.\n")
    print_table(rows)
    if args.json:
        results["rows"] = [asdict(r) for r in rows]
        results["total_seconds"] = total
        args.json.write_text(json.dumps(results, indent=1, default=str))
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
