"""Execute one report: papermill into a temporary folder, HTML, manifest, then swap into place.

A run writes into ``reports/.<name>.<random>.tmp/`` beside the published folder (marked as the
run's own, see :mod:`analysis.report.folders`) and only replaces ``reports/<name>/`` when
everything succeeded and that folder is a report the runner published, so a failing notebook
never destroys the last good report and a folder of someone else's is never replaced. The
executed notebook of a failed run is kept as ``reports/_failed/<name>.ipynb`` with the error
marked in the failing cell. Executed notebooks keep no remote script (plotly's CDN MathJax), so
they open offline too. :func:`execute_report` runs in a worker process of the runner's pool and
returns a small, picklable :class:`Outcome` instead of raising.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis.publish.parallel import JOBS_VARIABLE
from analysis.report import folders
from analysis.report.folders import MANIFEST
from analysis.report.kernel import KERNEL_NAME, kernel_environment
from analysis.report.startup import skip_slow_optional_imports

CHARTS_DIR = "charts"
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
    run_id: str = ""
    #: The data version the report was published from before this run ("" for a first one).
    previous_data_version: str = ""
    #: Whether the notebook takes ``previous_data`` (the snapshot of that version).
    pass_previous_data: bool = False
    #: Processes the report's article exports may use (its share of the runner's ``-j``).
    export_jobs: int = 1
    #: Start from the published report's chart files, so that a chart whose inputs did not
    #: change is not drawn again (:mod:`analysis.publish.exportrecord`); false with --force.
    reuse_charts: bool = False


#: Job fields that describe this machine's run, not the published report.
_NOT_IN_MANIFEST = frozenset(
    {"reports_dir", "pass_output_dir", "pass_previous_data", "export_jobs", "reuse_charts"}
)


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
    kept = folders.keep_failed(executed, Path(job.reports_dir), job.name)
    return str(kept) if kept else None


class NotOurs(RuntimeError):
    """Raised when the folder a report would replace was not published by the runner."""


def _swap_into_place(tmp: Path, final: Path, run_id: str) -> None:
    """Replace ``final`` by ``tmp``; the old folder is moved aside first, then deleted.

    ``final`` is replaced only if it is a report the runner published (checked again here: it
    may have appeared while the notebook ran).
    """
    old = None
    if os.path.lexists(final):
        if not folders.is_runner_report(final):
            raise NotOurs(
                f"{final} appeared during the run and was not made by the report runner; "
                "it was left alone and the new report was not published"
            )
        old = folders.make_run_dir(final.parent, final.name, ".old", run_id)
        os.replace(final, old / final.name)
    (tmp / folders.RUN_MARKER).unlink()  # the published folder is marked by its manifest
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def finish_notebook(nb: Any, *, report: str, run_id: str) -> int:
    """Prepare an executed notebook to be kept: no remote scripts, and stamped as the runner's.

    plotly's "notebook" renderer puts a MathJax ``<script src="https://cdn...">`` in every
    chart's output: opening or converting the kept notebook offline would try the network, so
    remote script and stylesheet tags are removed from HTML outputs (plotly.js itself is
    inlined once, so the notebook opens offline on its own). The notebook's metadata names its
    report and run (``folders.STAMP_KEY``), which is how a later run recognises a failed copy
    as its own. Returns the number of tags removed.
    """
    from analysis.report.html import strip_remote_resources

    removed = 0
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data") or {}
            page = data.get("text/html")
            if page is None:
                continue
            text = "".join(page) if isinstance(page, list) else str(page)
            cleaned, count = strip_remote_resources(text)
            if count:
                data["text/html"] = cleaned
                removed += count
    nb.setdefault("metadata", {})[folders.STAMP_KEY] = {"report": report, "run": run_id}
    return removed


def _reuse_charts(published: Path, charts: Path) -> None:
    """Copy the published report's ``charts/`` folder into the run's, when the runner published
    it: the chart page then redraws only the charts whose inputs or files changed, and a
    one-row correction does not wait for every export. Copies, never links: the published
    report stays as it was until the new one replaces it."""
    source = published / CHARTS_DIR
    if not source.is_dir() or source.is_symlink() or not folders.is_runner_report(published):
        return
    try:
        shutil.copytree(source, charts, symlinks=True)
    except OSError:  # a partial copy is no use: the notebook starts from an empty folder
        shutil.rmtree(charts, ignore_errors=True)


def _provenance_html(job: Job, generated: str) -> str:
    notebook = Path(job.notebook).name
    # For whoever regenerates the page, not reader copy: a small note readers can open.
    return (
        "<details><summary>How this page was made</summary><p>"
        f"Made by <code>notebooks/{html.escape(notebook)}</code> "
        f'(executed copy: <a href="{html.escape(notebook)}">{html.escape(notebook)}</a>) '
        f"on {html.escape(generated)} from data version "
        f"<code>{html.escape(job.data_version)}</code>."
        " Regenerate it with <code>python -m analysis report "
        f"{html.escape(job.name)}</code>.</p></details>"
    )


def _uses_shared(page: Path) -> bool:
    """Whether a report page loads the folder's shared plotly.js (it has a chart)."""
    from analysis.report.plotlyjs import MARK

    return MARK in page.read_text(encoding="utf-8")


def _mark_interrupted_cell(nb: Any) -> None:
    """Mark the last cell that started as failed (a timeout or a dead kernel stopped it)."""
    started = [
        cell
        for cell in nb.cells
        if cell.get("metadata", {}).get("papermill", {}).get("start_time") is not None
    ]
    if started:
        meta = started[-1].metadata.papermill
        meta["exception"] = True
        meta["status"] = "failed"


#: Name under which :func:`register_engine` registers the runner's papermill engine.
ENGINE_NAME = "la-ice-protests"


@functools.cache
def register_engine() -> str:
    """Register (once) and return the papermill engine the runner executes reports with.

    papermill's own engine (nbclient) writes the whole executed notebook to disk when each
    cell starts and again when it ends. A report notebook carries plotly.js (about 4.8 MB)
    from its first chart on, so those writes cost over a second of JSON encoding per report
    and nobody reads them: the notebook sits in a temporary folder until the run ends. This
    engine is nbclient's with the intermediate writes left out: the notebook is written once
    when execution ends, however it ends (papermill's ``notebook_complete``, which runs after a
    failing cell, a timeout or a dead kernel too), so a failed run still leaves the notebook
    with the failing cell marked. papermill marks a cell that raised; a cell stopped by the
    timeout or a dead kernel it marks "completed", so this engine marks that one as failed
    (:func:`failing_cell` then names it). Before the notebook is written, the ``finish``
    engine argument (a function of the notebook, :func:`finish_notebook`) runs on it, however
    execution ended. The ``papermill`` command line is not affected.
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class FinalWriteEngine(NBClientEngine):
        """nbclient execution that writes the output notebook only once, at the end."""

        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            finish: Callable[[Any], Any] | None = kwargs.pop("finish", None)
            output_path, nb_man.output_path = nb_man.output_path, None
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except BaseException:
                _mark_interrupted_cell(nb_man.nb)
                raise
            finally:
                if finish is not None:
                    finish(nb_man.nb)
                nb_man.output_path = output_path  # notebook_complete() writes it

    papermill_engines.register(ENGINE_NAME, FinalWriteEngine)
    return ENGINE_NAME


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
    try:
        tmp = folders.make_run_dir(reports_dir, job.name, ".tmp", job.run_id)
    except OSError as err:
        return Outcome(job.name, False, 0.0, f"cannot write to {reports_dir}: {err.strerror}")
    executed = tmp / Path(job.notebook).name
    charts = tmp / CHARTS_DIR
    parameters = dict(job.parameters)
    if job.pass_output_dir:
        parameters["output_dir"] = str(charts)
    if job.pass_previous_data:
        from analysis.report.snapshots import find_snapshot

        previous = find_snapshot(reports_dir, job.previous_data_version)
        parameters["previous_data"] = str(previous) if previous else None
    if job.reuse_charts and job.pass_output_dir:
        _reuse_charts(reports_dir / job.name, charts)
    try:
        skip_slow_optional_imports()
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from analysis.report.html import write_report_html
        from analysis.report.plotlyjs import write_shared

        try:
            with kernel_environment({JOBS_VARIABLE: str(max(1, job.export_jobs))}):
                papermill.execute_notebook(
                    job.notebook,
                    str(executed),
                    parameters=parameters,
                    engine_name=register_engine(),
                    kernel_name=job.kernel_name,
                    execution_timeout=job.cell_timeout,
                    start_timeout=120,
                    progress_bar=False,
                    cwd=str(tmp),
                    # ipykernel 7 warns on every start that local TCP is unencrypted, and logs
                    # an ERROR when shutdown's SIGINT lands mid-poll: noise in the runner's
                    # output. Cell errors still reach the notebook and a dead kernel still fails.
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                    finish=functools.partial(finish_notebook, report=job.name, run_id=job.run_id),
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
        # The reports of one folder share one plotly.js, written before the page naming it.
        shared = write_shared(reports_dir)
        write_report_html(
            executed,
            tmp / "index.html",
            title=job.title,
            nav_html='<a href="../index.html">&larr; All reports</a>',
            footer_html=_provenance_html(job, generated),
            plotlyjs_src=f"../{shared}",
        )
        chart_files = (
            sorted(p.relative_to(tmp).as_posix() for p in charts.rglob("*") if p.is_file())
            if charts.is_dir()
            else []
        )
        manifest = {
            **{k: v for k, v in asdict(job).items() if k not in _NOT_IN_MANIFEST},
            "notebook": Path(job.notebook).name,
            "executed_notebook": executed.name,
            "generated_at": generated,
            "seconds": round(time.perf_counter() - started, 1),
            "charts": chart_files,
            "shared": [shared] if _uses_shared(tmp / "index.html") else [],
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_into_place(tmp, reports_dir / job.name, job.run_id)
        folders.clear_failed(reports_dir, job.name)
        return Outcome(job.name, True, time.perf_counter() - started, charts=chart_files)
    except NotOurs as err:
        return Outcome(job.name, False, time.perf_counter() - started, str(err))
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
