"""What the report runner may write, replace and remove: only what it recorded as its own.

Ownership is recorded, never guessed from a name:

- the reports folder carries :data:`FOLDER_MARKER`, written when the runner first uses a new or
  empty folder (or adopts one laid out by an earlier version of the runner: every entry a
  report with its manifest, the index, ``_failed/``);
- a published report folder carries its ``manifest.json``, which names the report;
- a temporary folder (``.<name>.<random>.tmp`` while a report runs, ``.<name>.<random>.old``
  while one is swapped) carries :data:`RUN_MARKER`, naming the run that made it;
- a failed notebook kept as ``_failed/<name>.ipynb`` names its report in its metadata
  (:data:`STAMP_KEY`).

Anything else is refused with a one-line :class:`~analysis.errors.ParameterError` naming the
path, before any kernel starts. The lock (:func:`locked`) is an ``flock`` on ``.lock``, opened
without following a symbolic link and never truncated; the kernel releases it when its run
dies, however it dies. Standard library only: a rerun with nothing to do must stay fast.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis.errors import ParameterError

#: Marks a reports folder the runner made (or adopted); the runner writes nowhere else.
FOLDER_MARKER = ".report-runner.json"
#: Marks a temporary folder of one run, so that a later run may remove it if it is left over.
RUN_MARKER = ".report-run.json"
LOCK_FILE = ".lock"
MANIFEST = "manifest.json"
FAILED_DIR = "_failed"
INDEX_FILE = "index.html"
#: Notebook metadata key naming the report (and run) an executed notebook belongs to.
STAMP_KEY = "report_runner"
#: Entries that do not make a folder "not empty" (a git placeholder, an earlier runner's lock).
PLACEHOLDERS = frozenset({".gitkeep", LOCK_FILE})
#: Suffixes of the runner's temporary folders.
RUN_SUFFIXES = (".tmp", ".old")


def new_run_id() -> str:
    """Return an identifier for one run of the runner (its process id and a random part)."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _read_json(path: Path) -> Any:
    """The JSON in ``path`` if it is a regular file (not a link) that parses, else ``None``."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _real_dir(path: Path) -> bool:
    """Whether ``path`` is a folder itself, not a symbolic link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


# --- The reports folder -------------------------------------------------------------------------


def is_runner_report(folder: Path) -> bool:
    """Whether ``folder`` is a report the runner published: a folder whose manifest names it."""
    manifest = _read_json(folder / MANIFEST) if _real_dir(folder) else None
    return (
        isinstance(manifest, dict)
        and manifest.get("name") == folder.name
        and isinstance(manifest.get("inputs_hash"), str)
    )


def _is_runner_index(path: Path) -> bool:
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        return "python -m analysis report" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _laid_out_by_the_runner(folder: Path, names: list[str]) -> bool:
    """Whether every entry of ``folder`` is one an earlier runner made (with one report at least).

    Reports folders made before :data:`FOLDER_MARKER` existed (a developer's ``reports/``) are
    adopted this way.
    """
    reports = 0
    for name in names:
        path = folder / name
        if name in PLACEHOLDERS:
            continue
        if name == INDEX_FILE and _is_runner_index(path):
            continue
        if name == FAILED_DIR and _real_dir(path):
            continue
        if name.startswith(".") and name.endswith(RUN_SUFFIXES) and _real_dir(path):
            continue  # an earlier runner's leftover: kept (it carries no run marker)
        if is_runner_report(path):
            reports += 1
            continue
        return False
    return reports > 0


def _refuse_special(folder: Path) -> None:
    if folder.parent == folder:
        raise ParameterError(
            f"refusing to use the filesystem root {folder} as the reports folder; "
            "name a folder of its own, such as reports/"
        )
    with contextlib.suppress(RuntimeError, OSError):  # no home folder: nothing to compare
        if folder == Path.home().resolve():
            raise ParameterError(
                f"refusing to use your home folder {folder} as the reports folder; "
                "name a folder of its own, such as reports/"
            )


def claim_reports_dir(path: Path | str) -> Path:
    """Return the absolute reports folder after checking that the runner may write there.

    A new folder is created, an empty one (or one holding only ``.gitkeep``) is taken, and
    both are marked with :data:`FOLDER_MARKER`; a folder the runner marked before is used as it
    is. Anything else is refused: the filesystem root, the home folder, a file, a read-only
    folder, and a folder with other content.

    Raises
    ------
    ParameterError
        Naming the folder and what is wrong with it, in one line.
    """
    folder = Path(path).expanduser().resolve()
    _refuse_special(folder)
    if os.path.lexists(folder) and not folder.is_dir():
        raise ParameterError(f"the reports folder {folder} is not a folder")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            pass  # made at the same moment by another run
        except OSError as err:
            raise ParameterError(
                f"cannot create the reports folder {folder}: {err.strerror}"
            ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ParameterError(
            f"the reports folder {folder} is read-only; make it writable or choose another "
            "folder with --reports-dir"
        )
    marker = folder / FOLDER_MARKER
    if isinstance(_read_json(marker), dict):
        return folder
    try:
        names = os.listdir(folder)
    except OSError as err:
        raise ParameterError(f"cannot read the reports folder {folder}: {err.strerror}") from None
    if not set(names) <= PLACEHOLDERS and not _laid_out_by_the_runner(folder, names):
        raise ParameterError(
            f"the reports folder {folder} is not empty and was not made by the report runner "
            f"(it has no {FOLDER_MARKER}); choose a new or empty folder"
        )
    _write_marker(marker, folder)
    return folder


def _write_marker(marker: Path, folder: Path) -> None:
    """Create :data:`FOLDER_MARKER`; never follow a link, never overwrite another file."""
    content = {"made_by": "python -m analysis report", "folder": str(folder)}
    try:
        _write_new(marker, content)
    except FileExistsError:
        if isinstance(_read_json(marker), dict):
            return  # another run marked the folder at the same moment
        raise ParameterError(
            f"{marker} exists but is not the runner's marker; remove it or choose another folder"
        ) from None
    except OSError as err:
        raise ParameterError(f"cannot write {marker}: {err.strerror}") from None


def check_replaceable(reports_dir: Path, name: str) -> None:
    """Refuse to publish report ``name`` over a ``reports_dir/name`` the runner did not make.

    Raises
    ------
    ParameterError
        Naming the path, when it exists and is not a report with its manifest.
    """
    target = reports_dir / name
    if os.path.lexists(target) and not is_runner_report(target):
        raise ParameterError(
            f"{target} exists and was not made by the report runner (no manifest.json of report "
            f"{name!r}); move it away or publish under another name with --as"
        )


# --- The lock -----------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(reports_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``reports_dir`` so two runs never swap the same folders at once.

    The lock is ``flock`` on ``reports_dir/.lock``, a regular file of this user, opened without
    following a symbolic link and never truncated or written. The kernel drops the lock when the
    process ends, so a killed run never leaves the folder locked.

    Raises
    ------
    ParameterError
        When another run holds the lock, or ``.lock`` is a link or not a regular file of yours.
    """
    path = reports_dir / LOCK_FILE
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ParameterError(
                f"{path} is a symbolic link; remove it (the runner locks only a file of its own)"
            ) from None
        raise ParameterError(f"cannot open the lock file {path}: {err.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            raise ParameterError(f"{path} is not a regular file of yours; remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ParameterError(
                f"another report run is writing to {reports_dir}; wait for it to finish"
            ) from None
        yield
    finally:
        os.close(fd)  # releases the lock


# --- Temporary folders of a run -----------------------------------------------------------------


def make_run_dir(reports_dir: Path, name: str, suffix: str, run_id: str) -> Path:
    """Create ``reports_dir/.<name>.<random><suffix>`` marked as belonging to run ``run_id``.

    The folder is made and marked as one step: when its marker cannot be written (a full disk,
    a quota), the folder is removed again before the error is raised, so that no failure leaves
    a folder that later runs would not know as a run's and would never clean up.

    Raises
    ------
    OSError
        When the folder or its marker cannot be written; nothing is left behind then.
    """
    folder = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=suffix, dir=reports_dir))
    try:
        folder.chmod(0o755)  # mkdtemp makes it private; a published report is read by others
        _write_new(folder / RUN_MARKER, {"run": run_id, "pid": os.getpid()})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # ours: made just now, holds at most the marker
        raise
    return folder


def _write_new(path: Path, content: dict[str, Any]) -> None:
    """Write ``content`` as JSON to a new file ``path``; remove what was written if that fails.

    Never follows a link and never overwrites: :class:`FileExistsError` if ``path`` exists.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(content) + "\n")
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()  # a half-written marker would mark nothing, and block the next run
        raise


def is_run_dir(path: Path) -> bool:
    """Whether ``path`` is a temporary folder a run made (named so, and carrying its marker)."""
    if not (path.name.startswith(".") and path.name.endswith(RUN_SUFFIXES)):
        return False
    marker = _read_json(path / RUN_MARKER) if _real_dir(path) else None
    return isinstance(marker, dict) and isinstance(marker.get("run"), str)


def remove_leftovers(reports_dir: Path) -> list[Path]:
    """Remove the temporary folders that earlier, interrupted runs left; return them.

    Call it only while holding :func:`locked`: then no other run is using them. Folders without
    a run marker are left alone, whatever their name.
    """
    removed = []
    for entry in sorted(reports_dir.iterdir()):
        if is_run_dir(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


# --- Failed notebooks ---------------------------------------------------------------------------


def failed_copy(reports_dir: Path, name: str) -> Path:
    """Where the executed notebook of report ``name``'s last failed run is kept."""
    return reports_dir / FAILED_DIR / f"{name}.ipynb"


def is_runner_failed_copy(path: Path, name: str) -> bool:
    """Whether ``path`` is a failed notebook of report ``name`` that the runner kept.

    The runner stamps the notebooks it keeps (:data:`STAMP_KEY`). A copy kept by an earlier
    version of the runner has no stamp, but papermill recorded where the runner had it written:
    a temporary folder of this report in this reports folder.
    """
    notebook = _read_json(path)
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    if not isinstance(metadata, dict):
        return False
    stamp = metadata.get(STAMP_KEY)
    if isinstance(stamp, dict):
        return stamp.get("report") == name
    papermill = metadata.get("papermill")
    written = papermill.get("output_path") if isinstance(papermill, dict) else None
    if not isinstance(written, str):
        return False
    folder = Path(written).parent
    return (
        folder.parent == path.parent.parent
        and folder.name.startswith(f".{name}.")
        and folder.name.endswith(".tmp")
    )


def keep_failed(executed: Path, reports_dir: Path, name: str) -> Path | None:
    """Move a failed run's executed notebook to ``_failed/<name>.ipynb``; return where it went.

    An earlier copy is replaced only if the runner kept it; otherwise (or if ``_failed`` is not
    a folder of its own) nothing is moved and ``None`` is returned.
    """
    if not executed.is_file():
        return None
    target = failed_copy(reports_dir, name)
    folder = target.parent
    if os.path.lexists(folder) and not _real_dir(folder):
        return None
    if os.path.lexists(target) and not is_runner_failed_copy(target, name):
        return None
    folder.mkdir(exist_ok=True)
    os.replace(executed, target)
    return target


def clear_failed(reports_dir: Path, name: str) -> bool:
    """Remove report ``name``'s kept failed notebook if the runner kept it; return whether it did.

    Called when the report is current (its last run succeeded, or its inputs are back to those
    of its published version), so that the index stops saying its last run failed.
    """
    target = failed_copy(reports_dir, name)
    if _real_dir(target.parent) and is_runner_failed_copy(target, name):
        target.unlink()
        return True
    return False
