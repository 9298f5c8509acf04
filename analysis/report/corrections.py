"""The "Corrections" section of a report: what changed in the data since its previous version.

The runner passes the snapshot of the data version a report was last published from
(``previous_data``, :mod:`analysis.report.snapshots`); :func:`corrections` compares it with the
files this run read and returns a small escaped table, or a sentence when there is nothing to
list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.data.changes import TABLES, decode, diff_versions, fingerprint, read_files
from analysis.report.display import HtmlTable, Note, note, plain_table
from analysis.report.snapshots import read_snapshot

if TYPE_CHECKING:
    from analysis.report.data import ReportData

#: Most lines the section lists; the command prints the rest.
MAX_LINES = 30

_CHANGE_WORDS = {
    "added": "row added",
    "removed": "row removed",
    "column added": "column added",
    "column removed": "column removed",
}


def corrections(data: ReportData, previous_data: str | Path | None) -> HtmlTable | Note:
    """Return the corrections since the previous published data version, for a report.

    Parameters
    ----------
    data : ReportData
        What this run loaded (its files are compared as they are on disk).
    previous_data : path-like, optional
        The snapshot file the runner passes; ``None`` for a first publication (or a run
        outside the runner).

    Returns
    -------
    HtmlTable or Note
        A table of file, row, field, old and new text (escaped), or one sentence.
    """
    if not previous_data:
        return note(
            "First published version: no earlier published version of the data is on record "
            "to list corrections against."
        )
    old = read_snapshot(Path(previous_data))
    old_version = fingerprint(old[name].encode("utf-8") for name, _ in TABLES)
    new = decode(read_files(data.files), f"data version {data.version}")
    changes = diff_versions(
        old,
        new,
        old_label=f"data version {old_version}",
        new_label=f"data version {data.version}",
    )
    if changes.empty:
        return note(f"No corrections since data version {old_version}.")
    import pandas as pd

    lines = changes.lines()
    frame = pd.DataFrame(
        [
            {
                "File": file,
                "Row": key,
                "Change": _CHANGE_WORDS.get(change, change),
                "Old": old_text,
                "New": new_text,
            }
            for file, key, change, old_text, new_text in lines[:MAX_LINES]
        ]
    )
    counts = "; ".join(f"{t.file}: {t.summary()}" for t in changes.tables)
    more = (
        f" The first {MAX_LINES} of {len(lines)} lines are shown; "
        f"`python -m analysis changes {old_version}` prints them all."
        if len(lines) > MAX_LINES
        else ""
    )
    return plain_table(
        frame,
        caption=f"Changes since data version {old_version}, the version this report was "
        f"last published from ({counts}).{more}",
    )
