"""The ``python -m analysis report`` command: execute the catalogue's reports, skip unchanged ones.

Order of work, chosen so mistakes fail fast and cheap:

1. read ``reports.yml`` and refuse unknown report names;
2. check the reports folder is one the runner may write to (new, empty, or made by the runner:
   :mod:`analysis.report.folders`) and lock it;
3. fingerprint each run's inputs (standard library only) and skip the unchanged ones, so a rerun
   with nothing to do never imports pandas, papermill or nbconvert;
4. for the rest, refuse to replace a folder the runner did not publish, load the data once and
   check every parameter (names against each notebook's ``parameters`` cell, values against the
   data and vocabularies) before any kernel starts;
5. remove what interrupted runs left, and the failed copies of reports that are current again;
6. check the project's kernel, then execute the reports in a process pool, one papermill run per
   report, with a progress bar on a terminal and one line per finished report otherwise; the
   pool's workers die with the runner (:mod:`analysis.report.lifeline`);
7. record a snapshot of the data each published report was made from (for the corrections log,
   :mod:`analysis.report.snapshots`) and rewrite ``reports/index.html``.

Exit status: 0 when every report is up to date, 1 when a report failed, 2 for bad arguments,
parameters or reports folder (nothing was executed, nothing removed).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from analysis.errors import ParameterError
from analysis.paths import REPORTS_DIR
from analysis.report import catalogue as cat
from analysis.report import folders
from analysis.report.data import DATA_PARAMETERS
from analysis.report.fingerprint import inputs_hash
from analysis.report.index import read_manifest, write_index
from analysis.report.snapshots import previous_version, recover_from_git, update_snapshots
from analysis.report.startup import skip_slow_optional_imports

if TYPE_CHECKING:
    from analysis.report.execute import Job, Outcome


@dataclass(frozen=True)
class Plan:
    """One selected report and whether it must run."""

    spec: cat.ReportSpec
    inputs_hash: str
    reason: str  # "" when up to date, else why it runs

    @property
    def needed(self) -> bool:
        """Whether the report has to be (re)generated."""
        return bool(self.reason)


def plan_reports(
    specs: Sequence[cat.ReportSpec], reports_dir: Path, *, force: bool = False
) -> list[Plan]:
    """Decide which reports need a run by comparing input fingerprints with their manifests."""
    plans = []
    for spec in specs:
        digest = inputs_hash(spec.notebook, spec.parameters)
        manifest = read_manifest(reports_dir / spec.name)
        if force:
            reason = "forced"
        elif manifest is None or not (reports_dir / spec.name / "index.html").is_file():
            reason = "new"
        elif manifest.get("inputs_hash") != digest:
            reason = "inputs changed"
        else:
            reason = ""
        plans.append(Plan(spec, digest, reason))
    return plans


def preflight(
    plans: Sequence[Plan], reports_dir: Path, cell_timeout: int, run_id: str = ""
) -> list[Job]:
    """Check every parameter of the runs in ``plans`` and return their jobs; start no kernel.

    The jobs come longest first (article exports, then the most events), the order a pool of
    workers finishes soonest in.

    Raises
    ------
    ParameterError
        For an unknown parameter name, a bad value, a missing events file, a notebook that
        cannot be read, or a report folder that the runner did not publish.
    """
    from analysis.errors import DataValidationError
    from analysis.report.data import ReportData, data_files, load_report_data
    from analysis.report.execute import Job
    from analysis.report.params import (
        check_data_paths,
        check_parameter_names,
        check_parameters,
        checked_subset,
        notebook_parameter_names,
    )

    loaded: dict[tuple[Path, ...], ReportData] = {}
    jobs = []
    work: dict[str, tuple[bool, int]] = {}
    for plan in plans:
        spec = plan.spec
        folders.check_replaceable(reports_dir, spec.name)
        try:
            check_parameter_names(spec.notebook, spec.parameters)
            check_data_paths(spec.parameters)
            given = [spec.parameters.get(key) for key in DATA_PARAMETERS]
            files = data_files(*given)
            if files not in loaded:
                try:
                    loaded[files] = load_report_data(*files)
                except DataValidationError as err:
                    raise ParameterError(
                        f"the data does not pass validation (see `python -m analysis validate`)"
                        f": {err}"
                    ) from None
            data = loaded[files]
            checked = check_parameters(
                data.events, sources=data.sources, **checked_subset(spec.parameters)
            )
        except ParameterError as err:
            raise ParameterError(f"report {spec.name!r}: {err}") from None
        declared = notebook_parameter_names(spec.notebook)
        pass_output_dir = "output_dir" in declared
        work[spec.name] = (pass_output_dir, len(checked.rows(data.dataset)))
        jobs.append(
            Job(
                name=spec.name,
                notebook=str(spec.notebook),
                parameters=spec.parameters,
                title=spec.title,
                description=spec.description,
                inputs_hash=plan.inputs_hash,
                data_version=data.version,
                reports_dir=str(reports_dir),
                pass_output_dir=pass_output_dir,
                cell_timeout=cell_timeout,
                run_id=run_id,
                previous_data_version=previous_version(
                    read_manifest(reports_dir / spec.name), data.version
                ),
                pass_previous_data="previous_data" in declared,
            )
        )
    # Longest first, so that the workers finish at about the same time (a long report started
    # last would run alone on one core): reports that export article charts, then by how many
    # events they draw. On the catalogue this saves a few seconds of a clean run.
    return sorted(jobs, key=lambda job: work[job.name], reverse=True)


def execute_jobs(jobs: Sequence[Job], n_workers: int, out: TextIO) -> list[Outcome]:
    """Run ``jobs`` in a process pool (in this process for one worker) and show progress.

    The pool's workers die with this process, even when it is killed with SIGKILL
    (:func:`analysis.report.lifeline.die_with_parent`), and their kernels with them.
    """
    from analysis.report.execute import execute_report
    from analysis.report.lifeline import die_with_parent

    tty = out.isatty()
    outcomes: list[Outcome] = []
    bar = None
    if tty:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), unit="report", file=out, desc="reports", dynamic_ncols=True)

    def finished(outcome: Outcome) -> None:
        outcomes.append(outcome)
        status = "ok" if outcome.ok else "FAILED"
        line = f"[{len(outcomes)}/{len(jobs)}] {outcome.name}: {status} ({outcome.seconds:.1f} s)"
        if not outcome.ok:
            line += f"\n    {outcome.message}"
        if bar is not None:
            bar.write(line)
            bar.update(1)
        else:
            print(line, file=out, flush=True)

    try:
        if n_workers <= 1 or len(jobs) == 1:
            for job in jobs:
                finished(execute_report(job))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(
                max_workers=n_workers,
                mp_context=context,
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            ) as pool:
                futures = [pool.submit(execute_report, job) for job in jobs]
                try:
                    for future in as_completed(futures):
                        finished(future.result())
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    finally:
        if bar is not None:
            bar.close()
    return outcomes


def run_reports(
    names: Sequence[str] = (),
    *,
    force: bool = False,
    jobs: int | None = None,
    reports_dir: Path | str = REPORTS_DIR,
    catalogue_path: Path | str | None = None,
    overrides: dict[str, Any] | None = None,
    as_name: str | None = None,
    cell_timeout: int | None = None,
    out: TextIO | None = None,
) -> int:
    """Generate the named reports (all when ``names`` is empty); return the exit status.

    Parameters
    ----------
    names : sequence of str
        Report names from the catalogue.
    force : bool
        Run even reports whose inputs did not change.
    jobs : int, optional
        Reports executed at once; defaults to the number of CPU cores.
    reports_dir : path-like
        Where reports are written (``reports/`` by default).
    catalogue_path : path-like, optional
        The catalogue file (``reports.yml`` by default).
    overrides : dict, optional
        Parameters replacing the catalogue's, for exactly one named report.
    as_name : str, optional
        Publish that overridden run under this name instead of the catalogue's.
    cell_timeout : int, optional
        Seconds one cell may run before the report fails.
    out : file, optional
        Where progress goes (stdout by default).

    Returns
    -------
    int
        0 if every selected report is up to date, 1 if any failed.

    Raises
    ------
    ParameterError
        For an unknown report, a bad parameter, a reports folder the runner may not use (not
        empty and not made by it, read-only, a file, the filesystem root or the home folder), a
        report folder it did not publish, or another run holding the reports folder; raised
        before any kernel starts and before anything is removed.
    """
    from analysis.report.execute import DEFAULT_CELL_TIMEOUT

    out = out or sys.stdout
    started = time.perf_counter()
    skip_slow_optional_imports()
    catalogue = cat.load_catalogue(catalogue_path)
    specs = cat.select(catalogue, list(names))
    if overrides or as_name:
        if len(names) != 1:
            raise ParameterError("custom parameters (-p) and --as need exactly one report name")
        specs = [customised(specs[0], overrides or {}, as_name)]
    reports_dir = folders.claim_reports_dir(reports_dir)
    run_id = folders.new_run_id()
    with folders.locked(reports_dir):
        plans = plan_reports(specs, reports_dir, force=force)
        todo = [p for p in plans if p.needed]
        outcomes: list[Outcome] = []
        job_list = []
        if todo:
            job_list = preflight(todo, reports_dir, cell_timeout or DEFAULT_CELL_TIMEOUT, run_id)
            from analysis.report.kernel import KernelError, ensure_kernel

            try:
                ensure_kernel()
            except KernelError as err:
                raise ParameterError(str(err)) from None
        # Nothing is removed before this point: a refused run leaves the folder as it was.
        folders.remove_leftovers(reports_dir)
        _recover_previous_snapshots(job_list, reports_dir)
        for plan in plans:
            if not plan.needed:
                folders.clear_failed(reports_dir, plan.spec.name)
        if job_list:
            n_workers = max(1, min(jobs or os.cpu_count() or 1, len(job_list)))
            # An explicit -j is also a budget for each report's article exports: its share
            # (-j 2 with one report: two processes; -j 1 or several reports at once: one). Not
            # by default: on the shared 2-core machine two processes were no faster (README).
            # Without --force a run starts from the published charts.
            job_list = [
                replace(job, export_jobs=max(1, (jobs or 1) // n_workers), reuse_charts=not force)
                for job in job_list
            ]
            print(
                f"Generating {len(job_list)} report(s) with {n_workers} worker(s): "
                + ", ".join(f"{p.spec.name} ({p.reason})" for p in todo),
                file=out,
                flush=True,
            )
            outcomes = execute_jobs(job_list, n_workers, out)
        update_snapshots(reports_dir)  # for `analysis changes`, the index and the next run
        if job_list:
            _prune_shared(reports_dir)
        listed = [(s.name, s.title) for s in catalogue.values()]
        listed += [(s.name, s.title) for s in specs if s.name not in catalogue]
        index = write_index(reports_dir, listed)
    skipped = [p.spec.name for p in plans if not p.needed]
    if skipped:
        print(f"Up to date (skipped): {', '.join(skipped)}", file=out)
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        print(f"error: report {outcome.name!r} failed: {outcome.message}", file=out)
        if outcome.failed_notebook:
            print(f"    executed notebook kept for debugging: {outcome.failed_notebook}", file=out)
        if (reports_dir / outcome.name / "index.html").is_file():
            print("    the previous report was left in place", file=out)
    print(f"Index: {index} ({time.perf_counter() - started:.1f} s)", file=out)
    return 1 if failed else 0


def _prune_shared(reports_dir: Path) -> None:
    """Remove the shared scripts (plotly.js of an older plotly) that no report names now."""
    from analysis.report.plotlyjs import prune_shared

    keep: set[str] = set()
    for path in reports_dir.iterdir():
        manifest = read_manifest(path) if folders.is_runner_report(path) else None
        shared = manifest.get("shared") if manifest else None
        if isinstance(shared, list):
            keep.update(s for s in shared if isinstance(s, str))
    prune_shared(reports_dir, keep)


def _recover_previous_snapshots(job_list: Sequence[Job], reports_dir: Path) -> None:
    """Record from git the snapshots of previous data versions published before snapshots were."""
    from analysis.data.changes import ChangesError
    from analysis.report.data import data_files

    for job in job_list:
        if not job.previous_data_version:
            continue
        given = [job.parameters.get(key) for key in DATA_PARAMETERS]
        # Without it the report says that the previous version is not on record.
        with contextlib.suppress(ChangesError, OSError):
            recover_from_git(reports_dir, job.previous_data_version, data_files(*given))


def customised(
    spec: cat.ReportSpec, overrides: dict[str, Any], as_name: str | None
) -> cat.ReportSpec:
    """Return ``spec`` with ``overrides`` applied and, optionally, published as ``as_name``."""
    if as_name is not None and not cat.NAME_PATTERN.match(as_name):
        raise ParameterError(f"--as {as_name!r}: use a lowercase slug (a-z, 0-9, '-')")
    reserved = cat.RUNNER_PARAMETERS & set(overrides)
    if reserved:
        raise ParameterError(f"{', '.join(sorted(reserved))} is set by the runner")
    parameters = {**spec.parameters}
    for key, value in overrides.items():
        parameters[key] = cat.normalise_value(key, value, base=Path.cwd())
    return replace(
        spec,
        name=as_name or spec.name,
        parameters=parameters,
        title=spec.title if as_name is None else f"{spec.title} ({as_name})",
    )


def list_reports(
    reports_dir: Path | str = REPORTS_DIR,
    catalogue_path: Path | str | None = None,
    out: TextIO | None = None,
) -> int:
    """Print each catalogue report with its notebook, parameters and whether it is up to date."""
    from analysis.report.index import format_parameters

    out = out or sys.stdout
    reports_dir = Path(reports_dir)
    catalogue = cat.load_catalogue(catalogue_path)
    for plan in plan_reports(list(catalogue.values()), reports_dir):
        spec = plan.spec
        state = "up to date" if not plan.needed else plan.reason
        print(f"{spec.name}  [{state}]  {spec.notebook.name}", file=out)
        print(f"    {spec.title}", file=out)
        for line in format_parameters(spec.parameters).splitlines():
            print(f"    {line}", file=out)
    return 0
