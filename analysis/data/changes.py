"""What changed in the curated CSVs between two versions of the data: the corrections log.

Rows are matched by their key (``event_id``, ``source_id``, ``place_id``) and compared cell by
cell as the text of the file: ``"500"`` and ``"500.0"`` differ, as they do for a reader of the
CSV; nothing is parsed or reformatted. An older version comes from git (``git show REV:path``)
or from a snapshot the report runner recorded (:mod:`analysis.report.snapshots`).

Standard library only: the report runner writes the reports index with it, and a rerun that
skips every report must not import pandas.
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: The three curated files and the column that identifies a row of each (analysis.data.schema).
TABLES: tuple[tuple[str, str], ...] = (
    ("events.csv", "event_id"),
    ("sources.csv", "source_id"),
    ("places.csv", "place_id"),
)


class ChangesError(ValueError):
    """Raised when a version cannot be read or compared (bad revision, no git, broken CSV)."""


@dataclass(frozen=True)
class FieldChange:
    """One cell whose text changed: the column, the old text and the new one (``""`` = empty)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """A row present in both versions whose cells differ."""

    key: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class TableChanges:
    """The differences of one file between two versions.

    Attributes
    ----------
    file, key : str
        The file name (``events.csv``) and its key column (``event_id``).
    added, removed : tuple of str
        Keys of rows only in the new, only in the old version (in file order).
    changed : tuple of RowChange
        Rows in both whose text differs, in the new file's order.
    columns_added, columns_removed : tuple of str
        Header changes (their cells are compared as empty in the version without them).
    """

    file: str
    key: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RowChange, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the two versions of the file hold the same data."""
        return not (
            self.added or self.removed or self.changed or self.columns_added or self.columns_removed
        )

    def summary(self) -> str:
        """Return "1 added, 1 removed, 2 changed" (or "no changes")."""
        if self.empty:
            return "no changes"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.removed)} removed",
            f"{len(self.changed)} changed",
        ]
        if self.columns_added or self.columns_removed:
            parts.append(f"{len(self.columns_added) + len(self.columns_removed)} column(s)")
        return ", ".join(parts)


@dataclass(frozen=True)
class Changes:
    """The differences of the three files between an old version and a new one.

    ``old_label`` and ``new_label`` say where each version came from ("git revision HEAD~1",
    "data version 3f2a...", "data/").
    """

    old_label: str
    new_label: str
    tables: tuple[TableChanges, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Whether nothing changed in any file."""
        return all(t.empty for t in self.tables)

    def lines(self) -> list[tuple[str, str, str, str, str]]:
        """Return one ``(file, key, change, old, new)`` per added/removed row and changed cell.

        ``change`` is "added", "removed", the changed column's name, or "column added" /
        "column removed" (the key is then the column's name).
        """
        rows: list[tuple[str, str, str, str, str]] = []
        for table in self.tables:
            rows += [(table.file, c, "column added", "", "") for c in table.columns_added]
            rows += [(table.file, c, "column removed", "", "") for c in table.columns_removed]
            rows += [(table.file, key, "added", "", "") for key in table.added]
            rows += [(table.file, key, "removed", "", "") for key in table.removed]
            for row in table.changed:
                rows += [(table.file, row.key, f.field, f.old, f.new) for f in row.fields]
        return rows


# --- Comparing ----------------------------------------------------------------------------------


def parse_csv(text: str, where: str) -> tuple[list[str], list[dict[str, str]]]:
    """Read CSV text into its header and rows (dicts of column -> cell text, ``""`` when empty).

    ``where`` names the file in error messages ("events.csv at git revision HEAD~1").

    Raises
    ------
    ChangesError
        If the text is not a well-formed CSV (naming the file and the row).
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        records = list(reader)
    except csv.Error as err:
        raise ChangesError(f"{where}, row {reader.line_num}: not a readable CSV ({err})") from None
    if not records:
        return [], []
    header = records[0]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        if len(record) > len(header):
            raise ChangesError(
                f"{where}, row {number}: {len(record)} cells but the header has {len(header)}"
            )
        rows.append(dict(zip(header, record + [""] * (len(header) - len(record)), strict=True)))
    return header, rows


def _keyed(rows: Sequence[Mapping[str, str]], key: str, where: str) -> dict[str, Mapping[str, str]]:
    found: dict[str, Mapping[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        value = row.get(key, "")
        if not value:
            raise ChangesError(f"{where}, row {number}, column {key}: the key is empty")
        if value in found:
            raise ChangesError(
                f"{where}, row {number}, column {key}: {value!r} appears twice; "
                "rows cannot be matched"
            )
        found[value] = row
    return found


def diff_tables(
    old: Sequence[Mapping[str, str]],
    new: Sequence[Mapping[str, str]],
    key: str,
    *,
    file: str = "",
    old_columns: Sequence[str] | None = None,
    new_columns: Sequence[str] | None = None,
    old_where: str = "the old version",
    new_where: str = "the new version",
) -> TableChanges:
    """Compare two versions of one table, rows matched by ``key``, cells compared as text.

    Parameters
    ----------
    old, new : sequence of mapping
        Rows as column -> cell text (as :func:`parse_csv` returns them).
    key : str
        The column that identifies a row.
    file : str
        The file's name, carried into the result.
    old_columns, new_columns : sequence of str, optional
        The headers (default: the keys of the first row); a column only in one version is
        reported and its cells compared as empty in the other.
    old_where, new_where : str
        How error messages name each version.

    Returns
    -------
    TableChanges

    Raises
    ------
    ChangesError
        If a key is empty or repeated in either version (naming the version, row and column).
    """
    old_cols = list(old_columns if old_columns is not None else (old[0] if old else []))
    new_cols = list(new_columns if new_columns is not None else (new[0] if new else []))
    before = _keyed(old, key, old_where)
    after = _keyed(new, key, new_where)
    columns = new_cols + [c for c in old_cols if c not in new_cols]
    changed = []
    for name, row in after.items():
        previous = before.get(name)
        if previous is None:
            continue
        fields = tuple(
            FieldChange(column, previous.get(column, ""), row.get(column, ""))
            for column in columns
            if previous.get(column, "") != row.get(column, "")
        )
        if fields:
            changed.append(RowChange(name, fields))
    return TableChanges(
        file=file,
        key=key,
        added=tuple(k for k in after if k not in before),
        removed=tuple(k for k in before if k not in after),
        changed=tuple(changed),
        columns_added=tuple(c for c in new_cols if c not in old_cols) if old_cols else (),
        columns_removed=tuple(c for c in old_cols if c not in new_cols) if new_cols else (),
    )


def diff_versions(
    old: Mapping[str, str | None],
    new: Mapping[str, str | None],
    *,
    old_label: str,
    new_label: str,
) -> Changes:
    """Compare two versions of the three files, each a mapping of file name to CSV text.

    A file missing from a version (``None`` or absent) counts as an empty table: all its rows
    are added (or removed).
    """
    tables = []
    for file, key in TABLES:
        old_where, new_where = f"{file} ({old_label})", f"{file} ({new_label})"
        old_header, old_rows = parse_csv(old.get(file) or "", old_where)
        new_header, new_rows = parse_csv(new.get(file) or "", new_where)
        tables.append(
            diff_tables(
                old_rows,
                new_rows,
                key,
                file=file,
                old_columns=old_header,
                new_columns=new_header,
                old_where=old_where,
                new_where=new_where,
            )
        )
    return Changes(old_label, new_label, tuple(tables))


# --- Versions -----------------------------------------------------------------------------------


def fingerprint(contents: Iterable[bytes]) -> str:
    """The data version of files with these contents (see :func:`analysis.data.load.data_version`).

    The first 12 hex digits of a SHA-256 over each content's length and bytes, in order.
    """
    digest = hashlib.sha256()
    for content in contents:
        digest.update(len(content).to_bytes(8, "big"))
        digest.update(content)
    return digest.hexdigest()[:12]


def read_files(files: Sequence[Path]) -> dict[str, bytes]:
    """Read the three data files as bytes, keyed by the names of :data:`TABLES`.

    Raises
    ------
    ChangesError
        If one cannot be read (naming it).
    """
    contents = {}
    for (name, _), path in zip(TABLES, files, strict=True):
        try:
            contents[name] = Path(path).read_bytes()
        except OSError as err:
            raise ChangesError(f"{path}: {err.strerror or err}") from None
    return contents


def decode(contents: Mapping[str, bytes | None], label: str) -> dict[str, str | None]:
    """Decode file contents as UTF-8 (a file that is not UTF-8 is named in the error)."""
    texts: dict[str, str | None] = {}
    for name, data in contents.items():
        try:
            texts[name] = None if data is None else data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ChangesError(
                f"{name} ({label}): not UTF-8 at byte {err.start}; save it as 'CSV UTF-8'"
            ) from None
    return texts


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangesError(
            "git is not installed; compare with the snapshot of the last report run instead "
            "(`python -m analysis changes` without a revision)"
        ) from None


def git_root(folder: Path) -> Path:
    """The top folder of the git work tree holding ``folder``.

    Raises
    ------
    ChangesError
        If git is missing or ``folder`` is not in a git work tree.
    """
    done = _git(["rev-parse", "--show-toplevel"], folder)
    if done.returncode != 0:
        raise ChangesError(
            f"{folder} is not in a git repository, so a revision cannot be read; run "
            "`python -m analysis changes` without a revision to compare with the snapshot of "
            "the last report run"
        )
    return Path(done.stdout.decode().strip())


def resolve_revision(revision: str, folder: Path) -> str:
    """The full commit id ``revision`` names in the repository holding ``folder``.

    Raises
    ------
    ChangesError
        If git is missing, ``folder`` is not in a repository or the revision names no commit.
    """
    root = git_root(folder)
    if revision.startswith("-"):
        raise ChangesError(f"unknown git revision {revision!r}")
    done = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    if done.returncode != 0:
        raise ChangesError(
            f"unknown git revision {revision!r} in {root} (try `git log --oneline -- data/`)"
        )
    return done.stdout.decode().strip()


def read_at_revision(revision: str, files: Sequence[Path]) -> dict[str, bytes | None]:
    """The contents of the three data files at a git revision (``None`` where a file was absent).

    Raises
    ------
    ChangesError
        If git is missing, the files are not in a repository, or the revision is unknown.
    """
    folder = Path(files[0]).resolve().parent
    commit = resolve_revision(revision, folder)
    root = git_root(folder)
    contents: dict[str, bytes | None] = {}
    for (name, _), path in zip(TABLES, files, strict=True):
        try:
            relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise ChangesError(f"{path} is not inside the git repository {root}") from None
        done = _git(["show", f"{commit}:{relative}"], root)
        contents[name] = done.stdout if done.returncode == 0 else None
    return contents


def commit_of_version(version: str, files: Sequence[Path], limit: int = 200) -> str | None:
    """The newest commit whose three data files have the data version ``version``, if any.

    Looks at the last ``limit`` commits that touched the files; ``None`` when git, the
    repository or such a commit is missing.
    """
    folder = Path(files[0]).resolve().parent
    try:
        root = git_root(folder)
    except ChangesError:
        return None
    relative = []
    for path in files:
        try:
            relative.append(Path(path).resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            return None
    log = _git(["log", f"--max-count={limit}", "--format=%H", "--", *relative], root)
    for commit in log.stdout.decode().split() if log.returncode == 0 else []:
        shown = [_git(["show", f"{commit}:{p}"], root) for p in relative]
        if (
            all(s.returncode == 0 for s in shown)
            and fingerprint(s.stdout for s in shown) == version
        ):
            return commit
    return None


# --- Text ---------------------------------------------------------------------------------------


def format_changes(changes: Changes) -> str:
    """The corrections log as plain text: per file, rows added, removed, and changed cells.

    Cell texts are shown whole, quoted as Python literals, so an empty cell, spaces at the ends
    and control characters (which could drive a terminal) are visible and inert.
    """
    lines = [f"Changes in the data from {changes.old_label} to {changes.new_label}:"]
    for table in changes.tables:
        lines.append(f"{table.file}: {table.summary()}")
        for column in table.columns_added:
            lines.append(f"  column added: {column}")
        for column in table.columns_removed:
            lines.append(f"  column removed: {column}")
        for key in table.added:
            lines.append(f"  added {table.key} {key}")
        for key in table.removed:
            lines.append(f"  removed {table.key} {key}")
        for row in table.changed:
            lines.append(f"  changed {table.key} {row.key}:")
            for change in row.fields:
                lines.append(f"    {change.field}: {change.old!r} -> {change.new!r}")
    if changes.empty:
        lines.append("No changes.")
    return "\n".join(lines)
