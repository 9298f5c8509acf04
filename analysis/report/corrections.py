"""The "Corrections" section of a report: what changed in the data since its previous version.

The runner passes the snapshot of the data version a report was last published from
(``previous_data``, :mod:`analysis.report.snapshots`); :func:`corrections` compares it with the
files this run read. Readers get one line per corrected event of the page's selection
("Corrected on 7 Dec 2026: Eight protesters arrested in downtown Los Angeles — the date and the
sources", :mod:`analysis.report.correctwords`); the full log (data versions, rows, columns, old
and new text) stays in a closed details element for whoever maintains the data.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.data.changes import TABLES, decode, diff_versions, fingerprint, read_files
from analysis.prep.aggregate import split_cell
from analysis.report.correctwords import Keep, reader_corrections, reader_lines
from analysis.report.display import HtmlTable, Note, note, plain_table
from analysis.report.snapshots import find_snapshot, read_snapshot, recorded_on

if TYPE_CHECKING:
    from analysis.prep.facts import Facts
    from analysis.report.data import ReportData

#: Most lines the maintainers' table lists; the command prints the rest.
MAX_LINES = 30

_CHANGE_WORDS = {
    "added": "row added",
    "removed": "row removed",
    "column added": "column added",
    "column removed": "column removed",
}


@dataclass(frozen=True)
class CorrectionsSection:
    """The reader lines, and the maintainers' table in a closed details element."""

    lines: tuple[str, ...]
    empty_text: str
    log: HtmlTable

    def _repr_html_(self) -> str:
        if self.lines:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
            reader = f'<ul class="corrections">{items}</ul>'
        else:
            reader = f"<p>{html.escape(self.empty_text)}</p>"
        return (
            f"{reader}<details><summary>The data changes in full, for the data's maintainers"
            f"</summary>{self.log._repr_html_()}</details>"
        )


def page_keep(facts: Facts) -> Keep:
    """Keep what the page's selection shows: its events (and the rows merged into them), an
    event removed or moved out whose date lies in the period, and the sources and places they
    cite."""
    rows = facts.rows
    ids = set(rows["event_id"].astype(str))
    sources = {s for cell in rows["source_ids"] for s in split_cell(cell)}
    places = set(rows["place_id"].dropna().astype(str)) if "place_id" in rows else set()
    start, end = facts.period if facts.period is not None else (None, None)

    def keep(file: str, key: str, day: str) -> bool:
        if file == "sources.csv":
            return key in sources
        if file == "places.csv":
            return key in places
        if key in ids:
            return True
        if start is None or not day:
            return False
        try:
            when = dt.date.fromisoformat(day[:10])
        except ValueError:
            return False
        return start.date() <= when <= end.date()

    return keep


def corrections(
    data: ReportData, previous_data: str | Path | None, facts: Facts | None = None
) -> CorrectionsSection | Note:
    """Return the corrections since the previous published data version, for a report.

    Parameters
    ----------
    data : ReportData
        What this run loaded (its files are compared as they are on disk).
    previous_data : path-like, optional
        The snapshot file the runner passes; ``None`` for a first publication (or a run
        outside the runner).
    facts : Facts, optional
        The page's selection: only its events (and the sources and places they cite) are
        listed for readers; every correction when ``None``.

    Returns
    -------
    CorrectionsSection or Note
        Reader lines with the full log in a details element, or one sentence.
    """
    if not previous_data:
        return note("First published version of this page: there are no corrections yet.")
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
        return note("No corrections since this page was last published.")
    import pandas as pd

    found = reader_corrections(changes, old, new, None if facts is None else page_keep(facts))
    folder = Path(previous_data).parent.parent
    on = recorded_on(find_snapshot(folder, data.version)) or dt.datetime.now(dt.UTC).date()
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
    log = plain_table(
        frame,
        caption=f"Changes since data version {old_version}, the version this report was "
        f"last published from ({counts}).{more}",
    )
    return CorrectionsSection(
        tuple(reader_lines(found, on)),
        "None of the corrections since this page was last published concerns its events.",
        log,
    )
