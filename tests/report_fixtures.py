"""Helpers for the report runner's tests: a tiny project (catalogue, notebook, data) and runs.

The tiny notebook has no charts and takes a few seconds to run; it selects events from a
snapshot of the project's real data, can fail or sleep on purpose, and writes one "chart" into
``output_dir``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from analysis.paths import PROJECT_ROOT
from analysis.report import runner


def report_cli(
    *args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m analysis report ARGS`` as a user would, from the project root.

    ``env`` adds environment variables; ``prefix`` is a command to run it under.
    """
    return subprocess.run(
        [*prefix, sys.executable, "-m", "analysis", "report", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


TINY_PARAMETERS = """from typing import Optional
events_path: Optional[str] = None  # events CSV
sources_path: Optional[str] = None  # sources CSV
places_path: Optional[str] = None  # places CSV
start_date: Optional[str] = None  # first day, YYYY-MM-DD
end_date: Optional[str] = None  # last day, YYYY-MM-DD
cities: Optional[list] = None  # cities to keep
fail: bool = False  # raise an error on purpose
sleep: float = 0  # seconds the failing cell waits (to test the cell timeout)
output_dir: Optional[str] = None  # where exports go
"""

TINY_BODY = """from pathlib import Path
from analysis.report.params import check_parameters
checked = check_parameters(start_date=start_date, end_date=end_date, cities=cities)
print("selection:", checked.describe())
if output_dir:
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    Path(output_dir, "chart.txt").write_text("a chart")
"""


def make_tiny_project(root: Path, more_reports: str = "") -> Path:
    """Write a catalogue with one report of a tiny notebook; return the catalogue path.

    ``more_reports`` is YAML appended to the catalogue's ``reports:`` (entries indented by two).
    """
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(TINY_PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny report"),
        params,
        nbformat.v4.new_code_cell(TINY_BODY),
        nbformat.v4.new_code_cell(
            "if fail:\n    raise RuntimeError('deliberate failure')\nimport time\ntime.sleep(sleep)"
        ),
        nbformat.v4.new_markdown_cell("The end."),
    ]
    nb.metadata["kernelspec"] = {"name": "elsewhere", "display_name": "x", "language": "python"}
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, root / "notebooks" / "0-tiny.ipynb")
    # A snapshot of the real data, so edits to data/ during the session change nothing here.
    (root / "data").mkdir(exist_ok=True)
    for name in ("events", "sources", "places"):
        shutil.copy(PROJECT_ROOT / "data" / f"{name}.csv", root / "data" / f"{name}.csv")
    path = root / "reports.yml"
    path.write_text(
        "reports:\n"
        "  tiny:\n"
        "    notebook: 0-tiny.ipynb\n"
        "    title: Tiny & <small>\n"
        "    parameters:\n"
        "      start_date: 2025-06-01\n"
        "      end_date: 2025-06-30\n"
        "      events_path: data/events.csv\n"
        "      sources_path: data/sources.csv\n"
        "      places_path: data/places.csv\n" + more_reports,
        encoding="utf-8",
    )
    return path


def run(
    catalogue: Path, reports: Path, *, cell_timeout: int | None = None, **overrides: object
) -> tuple[int, str]:
    """Run the tiny report in this process; return the exit status and the progress output."""
    out = io.StringIO()
    code = runner.run_reports(
        ["tiny"],
        jobs=1,
        reports_dir=reports,
        catalogue_path=catalogue,
        overrides=overrides or None,
        cell_timeout=cell_timeout,
        out=out,
    )
    return code, out.getvalue()


def assert_one_line_error(result: subprocess.CompletedProcess[str], *parts: str) -> str:
    """Exit status 2, no traceback, and one ``error:`` line on stderr that says ``parts``."""
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for part in parts:
        assert part in lines[0]
    return lines[0]


def run_in_a_read_only_folder(folder: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``python -m analysis report ARGV`` with ``folder`` read-only for it.

    As an ordinary user the folder's permissions do; root writes anywhere, so for root the
    folder is bind-mounted read-only in a private mount namespace (``unshare``), or the test is
    skipped where that is not allowed.
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return report_cli(*argv)
        finally:
            folder.chmod(0o755)
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    prefix = ("unshare", "--mount", "sh", "-c", script, str(folder))
    probe = subprocess.run([*prefix, "test", "!", "-w", str(folder)], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("running as root and cannot mount a read-only folder here")
    return report_cli(*argv, prefix=prefix)


#: What a no-change rerun must not import: the skip is decided with the standard library.
HEAVY_MODULES = ("pandas", "papermill", "nbconvert", "matplotlib", "plotly", "jupyter_client")


def rerun_imports(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``python -m analysis report ARGS`` in a fresh interpreter; return the run and the
    heavy modules it imported (:data:`HEAVY_MODULES`): a skipped report must import none."""
    code = (
        "import sys\n"
        "from analysis.cli import main\n"
        f"status = main(['report', *{list(args)!r}])\n"
        f"heavy = [m for m in {HEAVY_MODULES!r} if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
        "raise SystemExit(status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("HEAVY=")]
    heavy = [m for m in lines[-1].removeprefix("HEAVY=").split(",") if m] if lines else ["?"]
    return done, heavy


def papermill_cli(
    out: Path, *options: str, dataset: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the timeline notebook under the plain ``papermill`` command, as a reporter would:
    ``options`` are papermill's (``-p name value``, ``-y yaml``); ``dataset`` is an events.csv
    whose sources.csv and places.csv sit beside it. Runs in ``out``'s folder."""
    from analysis.paths import NOTEBOOKS_DIR
    from analysis.report.kernel import KERNEL_NAME

    data: list[str] = []
    if dataset is not None:
        folder = dataset.parent
        for name, path in (
            ("events_path", dataset),
            ("sources_path", folder / "sources.csv"),
            ("places_path", folder / "places.csv"),
        ):
            data += ["-p", name, str(path)]
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("papermill")),
            str(NOTEBOOKS_DIR / "1-timeline-report.ipynb"),
            str(out),
            "-k",
            KERNEL_NAME,
            "--no-progress-bar",
            *data,
            *options,
        ],
        capture_output=True,
        text=True,
        cwd=out.parent,
        check=False,
    )


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """Mount a tmpfs of ``size`` on ``folder`` for the block, then unmount it.

    Mounting needs root (and a machine that allows it); the test is skipped, with the reason,
    where it cannot mount.
    """
    if os.geteuid() != 0:
        pytest.skip("filling a small disk needs root, to mount a tmpfs")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount command here to mount a small tmpfs")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)


def fill_disk(disk: Path) -> Path:
    """Fill the filesystem of ``disk`` with one file; return that file (delete it to free it)."""
    filler = disk / "filler.bin"
    with filler.open("ab", buffering=0) as handle:
        for chunk in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    handle.write(bytes(chunk))
            except OSError as err:
                if err.errno != errno.ENOSPC:
                    raise
    return filler
