"""Fingerprint a report run's inputs, so an unchanged report is not executed again.

A report depends on the data files, the notebook, the package code under ``analysis/``, its
parameters and the versions of the libraries that draw it. :func:`inputs_hash` hashes all of them
with the standard library only: the runner decides to skip before importing pandas, papermill or
nbconvert, which keeps a no-change rerun well under a second.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from analysis.paths import PROJECT_ROOT

PACKAGE_DIR = PROJECT_ROOT / "analysis"

#: Libraries whose upgrade can change a report's output.
LIBRARIES = ("pandas", "matplotlib", "plotly", "nbconvert", "papermill", "ipykernel")

#: Bump when the runner's output layout changes, to invalidate every stored report.
LAYOUT_VERSION = "1"


def _hash_files(digest: Any, files: Iterable[Path], root: Path) -> None:
    for path in sorted(files):
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.as_posix()
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")


def package_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """Return the files of the ``analysis`` package (code, styles, templates) reports use."""
    return [
        p
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
    ]


@cache
def package_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """Return a digest of the package files, read once per process (the code this run uses)."""
    digest = hashlib.sha256()
    _hash_files(digest, package_files(package_dir), PROJECT_ROOT)
    return digest.hexdigest()


@cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """Return ``(name, version)`` of Python and the libraries that shape a report."""
    versions = [("python", sys.version.split()[0])]
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "missing"))
    return tuple(versions)


def data_files(parameters: Mapping[str, Any]) -> list[Path]:
    """Return the data files a run reads: its ``*_path`` parameters, else the project's CSVs."""
    from analysis.report.data import data_files as resolve  # stdlib-only module

    return list(
        resolve(
            parameters.get("events_path"),
            parameters.get("sources_path"),
            parameters.get("places_path"),
        )
    )


def inputs_hash(notebook: Path, parameters: Mapping[str, Any]) -> str:
    """Return a hex digest of everything that determines a report's content.

    Parameters
    ----------
    notebook : Path
        The notebook to execute.
    parameters : mapping
        The normalised parameters (JSON-compatible) the runner will inject.

    Returns
    -------
    str
        SHA-256 hex digest; equal digests mean the report would come out the same.
    """
    digest = hashlib.sha256(f"layout {LAYOUT_VERSION}\0".encode())
    digest.update(json.dumps(dict(parameters), sort_keys=True, default=str).encode())
    digest.update(json.dumps(library_versions()).encode())
    _hash_files(digest, [notebook], PROJECT_ROOT)
    _hash_files(digest, data_files(parameters), PROJECT_ROOT)
    digest.update(package_digest().encode())
    return digest.hexdigest()
