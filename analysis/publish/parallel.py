"""Draw the figures of article exports in parallel, within the report runner's job budget.

Each figure of an article chart at one size (:class:`analysis.publish.articles.ExportUnit`)
is independent of the others: :func:`draw_units` works out every specification and record key
in this process, skips the figures whose files are current, and draws the rest in up to
``jobs`` forked processes (they inherit the built specifications). The report runner says how
many through :data:`JOBS_VARIABLE` (its ``-j`` cores shared among the reports it runs at once);
with one job, or one figure to draw, everything runs in this process. The files do not depend
on which process drew them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.publish.articles import ExportUnit, Specs

#: Environment variable holding the processes a report's exports may use (default 1).
JOBS_VARIABLE = "ANALYSIS_EXPORT_JOBS"
#: What forked workers draw: set just before the pool starts, read by the children.
_WORK: tuple[Specs, Sequence[ExportUnit], Path, list[str | None]] | None = None


def export_jobs() -> int:
    """The processes exports may use: :data:`JOBS_VARIABLE` when it is a whole number >= 1,
    else 1 (outside the runner nothing runs in parallel unless asked)."""
    try:
        return max(1, int(os.environ.get(JOBS_VARIABLE, "1")))
    except ValueError:
        return 1


def _cost(unit: ExportUnit) -> int:
    """A rank of how long a figure takes to draw, largest first (the pool then ends evenly)."""
    return {"combined": 3, "map": 2}.get(unit.chart, 1) * len(unit.widths) * len(unit.formats)


def _draw(index: int) -> list[Path]:
    from analysis.publish.articles import draw_unit

    assert _WORK is not None
    specs, units, out, keys = _WORK
    return draw_unit(specs, units[index], out, keys[index])


def draw_units(
    specs: Specs,
    units: Sequence[ExportUnit],
    out: Path,
    *,
    force: bool = False,
    jobs: int | None = None,
) -> list[list[Path]]:
    """Write every unit's files into ``out`` (drawing only those that changed, or all with
    ``force``) in up to ``jobs`` processes (default :func:`export_jobs`); each unit's files,
    in the order of ``units``."""
    global _WORK
    from analysis.publish.articles import draw_unit, plan_unit

    plans = [plan_unit(specs, unit, out, force=force) for unit in units]
    keys = [key for _paths, key, _needed in plans]
    done: dict[int, list[Path]] = {i: p for i, (p, _k, needed) in enumerate(plans) if not needed}
    todo = sorted((i for i in range(len(units)) if i not in done), key=lambda i: -_cost(units[i]))
    workers = min(jobs if jobs is not None else export_jobs(), len(todo), os.cpu_count() or 1)
    if workers <= 1:
        for i in todo:
            done[i] = draw_unit(specs, units[i], out, keys[i])
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _WORK = (specs, units, out, keys)
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                done.update(zip(todo, pool.map(_draw, todo), strict=True))
        finally:
            _WORK = None
    return [done[i] for i in range(len(units))]
