"""The whole timeline report through the runner on generated data, beside the curated one.

``python -m analysis report timeline --as ... -p events_path ...`` writes every output a
newsroom publishes: the report page, the chronology, the interactive charts, the events table
and its CSV, and the chart page (article exports, their data, the TimelineJS sheet, the
chronology's page and Markdown). This times that command from process start on a frozen copy
of the project (``pipeline.snapshot``), one report at a time (``--jobs 1``), into an empty
folder, on the curated data and on each generated size, with the peak resident memory of its
largest process (``/usr/bin/time``, when installed) and the weight of the report page.
Each run is stopped after ``cap`` seconds (a million rows may take minutes): its row says so.
Up to :data:`CORRECTION_MAX_ROWS` rows, the report is then run again on a copy with one row
corrected, without ``--force``, as a newsroom reruns it after a correction.

Command line: ``python benchmarks/wholereport.py [N ...] [--cap S]`` prints one line per size
(``curated`` always first); ``run.py --only report`` puts the rows in the benchmark table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

#: ``/usr/bin/time`` (GNU time): elapsed, user and system seconds, and peak memory in kB.
GNU_TIME = Path("/usr/bin/time")
TIME_FORMAT = "LA-BENCH %e %U %S %M"
#: Seconds one report may take before it is stopped (per size).
REPORT_CAP = 600.0
#: Targets of issue 18, checked by ``run.py``.
REPORT_SECONDS = {100_000: 30.0, 1_000_000: 90.0}
REPORT_MEMORY = 3e9
#: Largest size at which the report is run again after a one-row correction (not forced: the
#: article exports of unchanged charts are not redrawn).
CORRECTION_MAX_ROWS = 100_000


def report_command(reports: Path, events: Path | None, *, force: bool = True) -> list[str]:
    """The runner's command for the timeline report, on generated data when ``events``."""
    cmd = [sys.executable, "-m", "analysis", "report", "timeline", "--as", "timeline-bench"]
    cmd += ["--reports-dir", str(reports), "--jobs", "1"] + (["--force"] if force else [])
    if events is not None:
        for name in ("events", "sources", "places"):
            cmd += ["-p", f"{name}_path", str(events.with_name(f"{name}.csv"))]
    return cmd


def corrected_copy(events: Path, work: Path) -> Path:
    """A copy of a generated dataset with one row corrected (its 100th event's title), as a
    newsroom corrects one event; the sources and places files are copied beside it."""
    import csv

    out = work / f"corrected-{events.parent.name}"
    out.mkdir(parents=True, exist_ok=True)
    for name in ("sources.csv", "places.csv"):
        shutil.copy2(events.with_name(name), out / name)
    with events.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    row = rows[min(100, len(rows) - 1)]
    row[rows[0].index("title")] += " (corrected)"
    with (out / "events.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return out / "events.csv"


def run_report(
    tree: Path,
    env: dict[str, str],
    events: Path | None,
    cap: float,
    work: Path,
    *,
    rerun: Path | None = None,
) -> dict[str, Any]:
    """Run the timeline report once; its wall and CPU seconds, peak memory, outcome, page.
    With ``rerun`` (an events file), run it again, not forced, into the folder of a report
    made from ``events`` before (the chart page then redraws only what changed)."""
    reports = work / ("reports-" + (events.parent.name if events else "curated"))
    if rerun is None:
        shutil.rmtree(reports, ignore_errors=True)
        reports.mkdir(parents=True)
    cmd = report_command(reports, rerun or events, force=rerun is None)
    if GNU_TIME.exists():
        cmd = [str(GNU_TIME), "-f", TIME_FORMAT, *cmd]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            cmd, cwd=tree, env=env, capture_output=True, text=True, timeout=cap, check=False
        )
    except subprocess.TimeoutExpired:  # the runner takes its kernels with it when killed
        return {"status": f"stopped at {cap:.0f} s", "seconds": None}
    seconds = time.perf_counter() - start
    out: dict[str, Any] = {"seconds": seconds, "exit": done.returncode}
    for line in done.stderr.splitlines():
        if line.startswith("LA-BENCH "):
            _elapsed, user, system, kb = line.split()[1:]
            out.update(cpu=float(user) + float(system), peak_bytes=int(kb) * 1024)
    page = reports / "timeline-bench" / "index.html"
    out["page_bytes"] = page.stat().st_size if page.is_file() else None
    out["status"] = "ok" if done.returncode == 0 else "failed: " + done.stderr[-300:]
    return out


def measure(paths: dict[int, Path], cap: float = REPORT_CAP) -> dict[str, dict[str, Any]]:
    """The curated report, then the report at each size of ``paths`` (smallest first); a
    size after one that was stopped or failed is not run."""
    from pipeline import snapshot, snapshot_env

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-whole-report-") as tmp:
        tree = snapshot(Path(tmp) / "tree")
        env = snapshot_env(tree)
        results["curated"] = run_report(tree, env, None, cap, Path(tmp))
        print(f"  .. timeline report, curated: {_said(results['curated'])}", file=sys.stderr)
        blocked = ""
        for n in sorted(paths):
            if blocked:
                results[str(n)] = {"status": f"not run ({blocked})", "seconds": None}
                continue
            results[str(n)] = run_report(tree, env, paths[n], cap, Path(tmp))
            print(f"  .. timeline report, {n:,} rows: {_said(results[str(n)])}", file=sys.stderr)
            if results[str(n)]["status"] != "ok":
                blocked = f"{n:,} rows: {results[str(n)]['status'][:40]}"
            elif n <= CORRECTION_MAX_ROWS:
                fixed = corrected_copy(paths[n], Path(tmp))
                again = run_report(tree, env, paths[n], cap, Path(tmp), rerun=fixed)
                results[f"{n}-corrected"] = again
                print(f"  .. one row corrected, {n:,} rows: {_said(again)}", file=sys.stderr)
    return results


def _said(r: dict[str, Any]) -> str:
    if r.get("seconds") is None:
        return r["status"]
    peak = f", peak {r['peak_bytes'] / 1e9:.2f} GB" if r.get("peak_bytes") else ""
    return f"{r['seconds']:.1f} s{peak} ({r['status'][:60]})"


def main(argv: Sequence[str] | None = None) -> int:
    """Generate each size, run the report on it and on the curated data; print the results."""
    from run import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--cap", type=float, default=REPORT_CAP)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="generate the data here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        paths = generate(args.sizes, args.keep or Path(tmp), args.seed)
        print(json.dumps(measure(paths, args.cap), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
