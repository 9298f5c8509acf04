"""The report pipeline's floor: executing N notebooks that only import the project's modules.

``make report`` executes every report of ``reports.yml`` with papermill, in a pool of
``--jobs`` worker processes, in the project's kernel. Whatever else it does (checking
parameters, loading the data once, converting to HTML, writing the index) is its overhead
over this floor: the same number of notebooks, each importing the ``analysis`` modules the
report notebooks import and nothing more, executed the same way (same kernel, environment,
pool and parallelism), the whole command timed from process start.

Command line: ``python benchmarks/pipeline.py floor FOLDER [--jobs N]`` prints the seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script; PYTHONPATH and the installed package win
    sys.path.append(str(ROOT))

_IMPORT = re.compile(r"^\s*(?:from|import)\s+(analysis(?:\.\w+)*)", re.MULTILINE)


def snapshot(dest: Path) -> Path:
    """Copy the project's files (tracked and untracked, not ignored) to ``dest``; return it.

    The pipeline is timed on this frozen copy, so edits made meanwhile in the work tree (by
    other developers, or an editor's autosave) neither change the fingerprints between the
    first run and the no-change rerun nor end up half-written in a report. ``reports/`` is
    not copied: the first run starts from an empty one.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if name.startswith(("reports/", ".venv/")) or not source.is_file():
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return dest


def snapshot_env(tree: Path) -> dict[str, str]:
    """The environment that makes Python (and the report kernels) import ``tree``'s package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
    return env


def report_command(reports_dir: Path, jobs: int) -> list[str]:
    """``make report`` (``python -m analysis report``), writing into ``reports_dir``."""
    return [
        sys.executable, "-m", "analysis", "report",
        "--reports-dir", str(reports_dir), "--jobs", str(jobs),
    ]  # fmt: skip


def catalogue_notebooks() -> list[Path]:
    """The notebook of every report in ``reports.yml`` (one entry per report)."""
    import yaml

    from analysis import paths

    catalogue = yaml.safe_load(paths.REPORT_CATALOGUE.read_text(encoding="utf-8"))
    return [paths.NOTEBOOKS_DIR / spec["notebook"] for spec in catalogue["reports"].values()]


def imported_modules(notebooks: Sequence[Path]) -> list[str]:
    """The ``analysis`` modules that the report notebooks import, sorted."""
    import nbformat

    found: set[str] = set()
    for path in set(notebooks):
        if not path.is_file():
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                found.update(_IMPORT.findall(cell.source))
    return sorted(found) or ["analysis.data.load"]


def _execute(args: tuple[str, str, str]) -> None:
    from analysis.report.startup import skip_slow_optional_imports

    skip_slow_optional_imports()  # as the report runner's workers do: the same machinery
    import papermill

    from analysis.report.kernel import KERNEL_NAME, kernel_environment

    source, target, cwd = args
    with kernel_environment():
        papermill.execute_notebook(
            source,
            target,
            kernel_name=KERNEL_NAME,
            start_timeout=120,
            progress_bar=False,
            cwd=cwd,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )


def run_floor(folder: Path, jobs: int) -> int:
    """Write and execute the floor notebooks in ``folder``; return how many ran."""
    import multiprocessing

    import nbformat

    notebooks = catalogue_notebooks()
    modules = imported_modules(notebooks)
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("\n".join(f"import {m}" for m in modules))]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    source = folder / "floor.ipynb"
    nbformat.write(nb, source)
    tasks = [
        (str(source), str(folder / f"out-{i}.ipynb"), str(folder)) for i in range(len(notebooks))
    ]
    workers = max(1, min(jobs, len(tasks)))
    if workers == 1:
        for task in tasks:
            _execute(task)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(_execute, tasks))
    return len(tasks)


def floor_seconds(jobs: int, folder: Path, tree: Path = ROOT) -> tuple[float, int]:
    """Time ``run_floor`` as a whole command (interpreter start included, like ``make report``).

    ``tree`` is the project copy whose notebooks are counted and whose modules are imported.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "floor", str(folder), "--jobs", str(jobs)],
        cwd=tree,
        env=snapshot_env(tree),
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, int(done.stdout.split()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: execute the floor notebooks and print how many ran."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["floor"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    print(run_floor(args.folder, args.jobs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
