"""Compare the loader across commits: load time and peak memory of each, on the same file.

Used to record what each optimisation changed (benchmarks/README.md). Each commit's
``analysis`` package is extracted with ``git archive`` into a temporary folder and measured in
a fresh process (``benchmarks/workers.py load``) with that folder first on ``PYTHONPATH``;
the plain pyarrow read of the same file is measured alongside, in the same run.

Usage: ``python benchmarks/history.py ROWS COMMIT [COMMIT ...]`` (``WORKTREE`` for the
current files).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _run(script: str, args: list[str], pythonpath: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, str(HERE / script), *args],
        cwd=pythonpath or ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def measure(kind: str, events: Path, pythonpath: Path | None) -> dict | None:
    """One ``workers.py`` measurement in a fresh process (``None`` if it failed: says why)."""
    done = _run("workers.py", [kind, str(events)], pythonpath)
    if done.returncode:
        print(f"  failed: {done.stderr.strip().splitlines()[-1][:200]}")
        return None
    return json.loads(done.stdout.splitlines()[-1])


def extract(commit: str, dest: Path) -> Path:
    """The ``analysis`` package of ``commit`` under ``dest``."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", commit, "analysis"], cwd=ROOT, capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    if not (dest / "analysis").is_dir():
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(dest, filter="data")
    return dest


def main(argv: Sequence[str] | None = None) -> int:
    """Print one line per commit: load seconds, CPU seconds, peak memory, ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("commits", nargs="+")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        # The data follow the oldest commit's rules (vocabularies only grow), so every commit
        # can load them.
        first = args.commits[0]
        oldest = None if first == "WORKTREE" else extract(first, Path(tmp) / first)
        events = Path(tmp) / "data" / "events.csv"
        _run("generate.py", [str(args.rows), str(events.parent)], oldest).check_returncode()
        read = measure("read", events, None)
        assert read is not None
        print(
            f"plain read: {read['seconds']:.2f} s (CPU {read['cpu_seconds']:.2f} s), "
            f"peak {read['peak_rss'] / 1e6:.0f} MB"
        )
        print("commit    | load s | ratio | CPU s | CPU ratio | peak MB | peak/frame")
        for commit in args.commits:
            tree = None if commit == "WORKTREE" else extract(commit, Path(tmp) / commit)
            load = measure("load", events, tree)
            if load is None:
                continue
            ratio = load["seconds"] / read["seconds"]
            cpu_ratio = load["cpu_seconds"] / read["cpu_seconds"]
            peak = load["peak_rss"]
            print(
                f"{commit[:9]:9} | {load['seconds']:6.2f} | {ratio:5.2f}"
                f" | {load['cpu_seconds']:5.2f} | {cpu_ratio:9.2f}"
                f" | {peak / 1e6:7.0f} | {peak / load['frame_bytes']:10.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
