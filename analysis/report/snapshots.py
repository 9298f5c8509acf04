"""Snapshots of the data the reports were published from, so corrections can be listed later.

After a run, the runner records the three CSVs of every published data version as one JSON file,
``reports/_data/<data version>.json`` (the files' text, exactly; written atomically), and keeps
only the versions a report's manifest still names: its ``data_version`` and the
``previous_data_version`` it was published after. ``python -m analysis changes``, the reports
index and the timeline report's "Corrections" section compare these snapshots, so the log
works without git history. A snapshot is recognised as the runner's by its ``made_by`` field
and by its content hashing to its name; other files in ``_data/`` are never touched.

Standard library only (a rerun that skips every report must stay fast).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.data.changes import (
    TABLES,
    Changes,
    ChangesError,
    commit_of_version,
    decode,
    diff_versions,
    fingerprint,
    read_at_revision,
    read_files,
)
from analysis.publish.atomic import write_text_atomic
from analysis.report import folders

SNAPSHOT_DIR = "_data"
MADE_BY = "python -m analysis report"
_VERSION = re.compile(r"^[0-9a-f]{12}$")


def snapshot_file(reports_dir: Path, version: str) -> Path:
    """Where the snapshot of data version ``version`` is kept in ``reports_dir``."""
    return Path(reports_dir) / SNAPSHOT_DIR / f"{version}.json"


def read_snapshot(path: Path) -> dict[str, str]:
    """The three files' text in a snapshot the runner recorded (file name -> text).

    Raises
    ------
    ChangesError
        If ``path`` is missing, not a regular file, not the runner's, or its content does not
        match its data version.
    """
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise ChangesError(f"{path} is not a snapshot file")
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ChangesError(f"{path}: {err.strerror or err}") from None
    except ValueError:
        raise ChangesError(f"{path} is not a snapshot the report runner recorded") from None
    texts = record.get("files") if isinstance(record, dict) else None
    if (
        not isinstance(texts, dict)
        or record.get("made_by") != MADE_BY
        or any(not isinstance(texts.get(name), str) for name, _ in TABLES)
    ):
        raise ChangesError(f"{path} is not a snapshot the report runner recorded")
    if fingerprint(texts[name].encode("utf-8") for name, _ in TABLES) != record.get("data_version"):
        raise ChangesError(f"{path} does not hold the data version it names; it was altered")
    return {name: texts[name] for name, _ in TABLES}


def find_snapshot(reports_dir: Path, version: str) -> Path | None:
    """The snapshot file of ``version`` if the runner recorded a valid one, else ``None``."""
    if not _VERSION.match(version or ""):
        return None
    path = snapshot_file(reports_dir, version)
    try:
        read_snapshot(path)
    except ChangesError:
        return None
    return path


def recorded_on(path: Path | None) -> str | None:
    """The day (ISO) the runner recorded the snapshot at ``path``, or ``None`` when unknown."""
    if path is None:
        return None
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    stamp = record.get("recorded_at") if isinstance(record, dict) else None
    return stamp[:10] if isinstance(stamp, str) and len(stamp) >= 10 else None


def record_snapshot(reports_dir: Path, contents: Mapping[str, bytes | None], version: str) -> bool:
    """Record the files ``contents`` as the snapshot of ``version``; return whether it exists now.

    Nothing is written when the contents do not hash to ``version`` (the files changed since
    the report read them), when a file is missing or not UTF-8, or when ``_data`` is not a
    folder of its own; a valid snapshot of that version is left as it is.
    """
    if not _VERSION.match(version) or any(contents.get(name) is None for name, _ in TABLES):
        return False
    if fingerprint(contents[name] or b"" for name, _ in TABLES) != version:
        return False
    if find_snapshot(reports_dir, version) is not None:
        return True
    folder = Path(reports_dir) / SNAPSHOT_DIR
    if os.path.lexists(folder) and not folders._real_dir(folder):
        return False
    target = snapshot_file(reports_dir, version)
    if os.path.lexists(target):
        return False  # a file of someone else's: never overwritten
    try:
        texts = decode(contents, f"data version {version}")
    except ChangesError:
        return False
    record = {
        "made_by": MADE_BY,
        "data_version": version,
        "recorded_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "files": texts,
    }
    folder.mkdir(exist_ok=True)
    write_text_atomic(target, json.dumps(record, ensure_ascii=False) + "\n")
    return True


def manifests(reports_dir: Path) -> list[dict[str, Any]]:
    """The manifests of every report the runner published in ``reports_dir``."""
    found = []
    if not Path(reports_dir).is_dir():
        return found
    for entry in sorted(Path(reports_dir).iterdir()):
        if entry.name.startswith((".", "_")) or not folders.is_runner_report(entry):
            continue
        manifest = folders._read_json(entry / folders.MANIFEST)
        if isinstance(manifest, dict):
            found.append(manifest)
    return found


def manifest_files(manifest: Mapping[str, Any]) -> tuple[Path, Path, Path]:
    """The data files a published report read (its ``*_path`` parameters, else ``data/``)."""
    from analysis.report.data import data_files

    parameters = manifest.get("parameters") or {}
    return data_files(
        parameters.get("events_path"), parameters.get("sources_path"), parameters.get("places_path")
    )


def _same_files(a: Iterable[Path], b: Iterable[Path]) -> bool:
    return [Path(p).resolve() for p in a] == [Path(p).resolve() for p in b]


def latest_published_version(reports_dir: Path, files: Sequence[Path]) -> str | None:
    """The data version of the newest report published from ``files``, if any."""
    newest = None
    for manifest in manifests(reports_dir):
        version = manifest.get("data_version")
        if not isinstance(version, str) or not _same_files(manifest_files(manifest), files):
            continue
        stamp = str(manifest.get("generated_at", ""))
        if newest is None or stamp > newest[0]:
            newest = (stamp, version)
    return newest[1] if newest else None


def previous_version(manifest: Mapping[str, Any] | None, version: str) -> str:
    """The data version a report republished with ``version`` follows ("" for a first one).

    A rerun on the same data (new code, new notebook) keeps the previous version it had.
    """
    if manifest is None:
        return ""
    published = str(manifest.get("data_version") or "")
    if published and published != version:
        return published
    return str(manifest.get("previous_data_version") or "")


def recover_from_git(reports_dir: Path, version: str, files: Sequence[Path]) -> bool:
    """Record the snapshot of ``version`` from the git commit whose data has that version.

    For reports published before snapshots existed; ``False`` when no commit matches.
    """
    if find_snapshot(reports_dir, version) is not None:
        return True
    commit = commit_of_version(version, files)
    if commit is None:
        return False
    return record_snapshot(reports_dir, read_at_revision(commit, files), version)


def update_snapshots(reports_dir: Path) -> list[Path]:
    """Record the snapshot of every published data version still on disk; drop unused ones.

    A version is recorded only when the report's data files still hash to it. Snapshots named
    by no manifest (neither as its data version nor as its previous one) are removed if the
    runner recorded them; returns the removed files.
    """
    keep: set[str] = set()
    for manifest in manifests(reports_dir):
        version = str(manifest.get("data_version") or "")
        keep |= {version, str(manifest.get("previous_data_version") or "")}
        if version and find_snapshot(reports_dir, version) is None:
            try:
                contents: Mapping[str, bytes | None] = read_files(manifest_files(manifest))
            except ChangesError:
                continue
            record_snapshot(reports_dir, contents, version)
    removed = []
    folder = Path(reports_dir) / SNAPSHOT_DIR
    if folders._real_dir(folder):
        for path in sorted(folder.glob("*.json")):
            if path.stem in keep or find_snapshot(reports_dir, path.stem) is None:
                continue
            path.unlink()
            removed.append(path)
    return removed


def fingerprint_of(files: Sequence[Path]) -> str:
    """The data version of the three files on disk (as :func:`analysis.data.load.data_version`)."""
    contents = read_files(files)
    return fingerprint(contents[name] for name, _ in TABLES)


def changes_between(reports_dir: Path, old: str, new: str) -> Changes | None:
    """The changes from data version ``old`` to ``new``; ``None`` if a snapshot is missing."""
    old_path, new_path = find_snapshot(reports_dir, old), find_snapshot(reports_dir, new)
    if old_path is None or new_path is None:
        return None
    return diff_versions(
        read_snapshot(old_path),
        read_snapshot(new_path),
        old_label=f"data version {old}",
        new_label=f"data version {new}",
    )
