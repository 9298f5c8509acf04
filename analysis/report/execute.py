"""Execute one report: papermill into a temporary folder, HTML, manifest, then swap into place.

A run writes into ``reports/.<name>.<random>.tmp/`` beside the published folder and only replaces
``reports/<name>/`` when everything succeeded, so a failing notebook never destroys the last good
report. The executed notebook of a failed run is kept as ``reports/_failed/<name>.ipynb`` with the
error marked in the failing cell. :func:`execute_report` runs in a worker process of the runner's
pool and returns a small, picklable :class:`Outcome` instead of raising.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis.report.kernel import KERNEL_NAME, kernel_environment

MANIFEST = "manifest.json"
CHARTS_DIR = "charts"
FAILED_DIR = "_failed"
#: Seconds a single cell may run before the report fails.
DEFAULT_CELL_TIMEOUT = 600


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to produce one report (picklable)."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    title: str
    description: str
    inputs_hash: str
    data_version: str
    reports_dir: str
    pass_output_dir: bool = True
    kernel_name: str = KERNEL_NAME
    cell_timeout: int = DEFAULT_CELL_TIMEOUT


@dataclass(frozen=True)
class Outcome:
    """The result of one report run."""

    name: str
    ok: bool
    seconds: float
    message: str = ""
    failed_notebook: str | None = None
    charts: list[str] = field(default_factory=list)


def first_line(source: str) -> str:
    """Return the first non-blank line of a cell's source, shortened for a one-line message."""
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:100]
    return ""


#: Cells papermill adds to an executed notebook; they do not exist in the source notebook.
PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})


def failing_cell(nb_path: Path) -> tuple[int, str] | None:
    """Return ``(index, first line)`` of the cell a failed papermill run stopped at, if any.

    The index counts cells of the *source* notebook from 0 (the cells papermill adds, injected
    parameters and error banners, are not counted), so it points at the cell to fix. papermill
    marks the failing cell with ``metadata.papermill.exception``; a cell that timed out or lost
    its kernel is left with status ``running``.
    """
    try:
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None
    cells = [c for c in cells if not PAPERMILL_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for wanted in ("exception", "running"):
        for index, cell in enumerate(cells):
            meta = cell.get("metadata", {}).get("papermill", {})
            hit = (
                meta.get("exception") is True
                if wanted == "exception"
                else (meta.get("status") == "running")
            )
            if hit:
                source = cell.get("source", "")
                return index, first_line("".join(source) if isinstance(source, list) else source)
    return None


def _keep_failed(job: Job, executed: Path) -> str | None:
    if not executed.is_file():
        return None
    target = Path(job.reports_dir) / FAILED_DIR / f"{job.name}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(executed, target)
    return str(target)


def _swap_into_place(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp``; the old folder is moved aside first, then deleted."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".old", dir=final.parent))
        os.replace(final, old / final.name)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _provenance_html(job: Job, generated: str) -> str:
    notebook = Path(job.notebook).name
    return (
        f"Made by <code>notebooks/{html.escape(notebook)}</code> "
        f'(executed copy: <a href="{html.escape(notebook)}">{html.escape(notebook)}</a>) '
        f"on {html.escape(generated)} from data version "
        f"<code>{html.escape(job.data_version)}</code>."
        " Regenerate with <code>python -m analysis report "
        f"{html.escape(job.name)}</code>."
    )


def execute_report(job: Job) -> Outcome:
    """Run ``job``'s notebook with papermill and publish it to ``reports/<name>/``.

    Parameters
    ----------
    job : Job

    Returns
    -------
    Outcome
        ``ok`` false with a message naming the failing cell (index and first line) and the error
        when the notebook fails; the previous report is then left untouched.
    """
    started = time.perf_counter()
    reports_dir = Path(job.reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{job.name}.", suffix=".tmp", dir=reports_dir))
    tmp.chmod(0o755)  # mkdtemp makes it private; a published report is read by others
    executed = tmp / Path(job.notebook).name
    charts = tmp / CHARTS_DIR
    parameters = dict(job.parameters)
    if job.pass_output_dir:
        parameters["output_dir"] = str(charts)
    try:
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from analysis.report.html import write_report_html

        try:
            with kernel_environment():
                papermill.execute_notebook(
                    job.notebook,
                    str(executed),
                    parameters=parameters,
                    kernel_name=job.kernel_name,
                    execution_timeout=job.cell_timeout,
                    start_timeout=120,
                    progress_bar=False,
                    cwd=str(tmp),
                    # ipykernel 7 warns on every start that local TCP is unencrypted, and logs
                    # an ERROR when shutdown's SIGINT lands mid-poll: noise in the runner's
                    # output. Cell errors still reach the notebook and a dead kernel still fails.
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                )
        except Exception as err:  # a failing cell, a timeout, a dead kernel: say where
            kept = _keep_failed(job, executed)
            cell = failing_cell(Path(kept)) if kept else None
            where = (
                f"cell {cell[0]} of notebooks/{Path(job.notebook).name} ({cell[1]!r}) "
                if cell
                else ""
            )
            if isinstance(err, PapermillExecutionError):
                message = f"{where}raised {err.ename}: {first_line(str(err.evalue))}"
            else:
                message = f"{where}failed: {type(err).__name__}: {first_line(str(err))}"
            return Outcome(job.name, False, time.perf_counter() - started, message, kept)

        generated = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        write_report_html(
            executed,
            tmp / "index.html",
            title=job.title,
            nav_html='<a href="../index.html">&larr; All reports</a>',
            footer_html=_provenance_html(job, generated),
        )
        chart_files = (
            sorted(p.relative_to(tmp).as_posix() for p in charts.rglob("*") if p.is_file())
            if charts.is_dir()
            else []
        )
        manifest = {
            **{k: v for k, v in asdict(job).items() if k not in {"reports_dir", "pass_output_dir"}},
            "notebook": Path(job.notebook).name,
            "executed_notebook": executed.name,
            "generated_at": generated,
            "seconds": round(time.perf_counter() - started, 1),
            "charts": chart_files,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_into_place(tmp, reports_dir / job.name)
        stale = reports_dir / FAILED_DIR / f"{job.name}.ipynb"
        stale.unlink(missing_ok=True)
        return Outcome(job.name, True, time.perf_counter() - started, charts=chart_files)
    except Exception as err:  # a worker must report, not crash the pool
        return Outcome(
            job.name,
            False,
            time.perf_counter() - started,
            f"{type(err).__name__}: {first_line(str(err))}",
            _keep_failed(job, executed),
        )
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
