"""Check the three curated CSVs against the data dictionary and report every broken rule.

Each column is first checked against its kind, vocabulary and references
(``analysis.data.columns``); then come the rules that tie cells and rows together: figures need
their wording, responses their actor, coordinates come from the gazetteer, disputes come in
groups, evidence is short, and numbers follow the vague-word rule of ``analysis.data.crowd``
(``analysis.data.eventrules``), labels and coded text quote their sources
(``analysis.data.textrules``). A required text cell needs a visible character, ids are unique
(``analysis.data.rules``), and an events file needs at least one row unless the caller says it
is meant to be empty. This module reads the three files and runs the rules.
Every failure becomes a ``Problem`` naming file, spreadsheet row, column, value and rule; all
of them are collected and raised together as one ``DataValidationError``.

Checks run on whole columns at once (pyarrow compute, numpy, pandas); Python loops only build
the messages, and at most ``analysis.data.columns.MAX_LISTED`` problems are spelt out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from analysis import paths
from analysis.data import schema
from analysis.data.columns import ProblemList, Table, parse_columns
from analysis.data.eventrules import check_events
from analysis.data.readcsv import RawTable, read_strings
from analysis.data.rules import check_coordinates, check_state, check_unique, check_visible
from analysis.data.schema import Column
from analysis.errors import DataValidationError, Problem

# --- Results -----------------------------------------------------------------------------------


@dataclass
class Dataset:
    """The three checked tables: events, sources and places."""

    events: Table
    sources: Table
    places: Table


def _check_not_empty(raw: RawTable, out: ProblemList) -> None:
    """Refuse an events file with a header and no rows: an emptied file, most likely."""
    if len(raw.rows) == 0:
        out.add(
            Problem(
                str(raw.path),
                None,
                None,
                None,
                "empty",
                "the file has a header but no events; if it is meant to be empty, say so with "
                "`python -m analysis validate --allow-empty` (in Python: allow_empty=True)",
            )
        )


# --- Entry points ------------------------------------------------------------------------------


def _read(path: Path, spec: tuple[Column, ...], out: ProblemList) -> RawTable | None:
    try:
        raw = read_strings(path, schema.column_names(spec))
    except DataValidationError as err:
        for problem in err.problems:
            out.add(problem)
        return None
    for problem in raw.problems:
        out.add(problem)
    return raw


def _sources(path: Path, out: ProblemList) -> Table | None:
    raw = _read(path, schema.SOURCE_COLUMNS, out)
    if raw is None:
        return None
    table = parse_columns(raw, schema.SOURCE_COLUMNS, out, {})
    check_unique(table, "source_id", out)
    check_visible(table, out)
    return table


def _places(path: Path, out: ProblemList) -> Table | None:
    raw = _read(path, schema.PLACE_COLUMNS, out)
    if raw is None:
        return None
    table = parse_columns(raw, schema.PLACE_COLUMNS, out, {})
    check_unique(table, "place_id", out)
    check_visible(table, out)
    check_state(table, out)
    check_coordinates(table, out)
    return table


def _ids(table: Table | None, name: str) -> pa.Array | None:
    """The distinct ids of a table (what references may point to), or None if unknown."""
    if table is None or not table.has(name):
        return None
    return _raw_ids(table.raw, name)


def _raw_ids(raw: RawTable, name: str) -> pa.Array | None:
    """The distinct ids of a file not yet parsed (a column that refers to its own rows)."""
    if name not in raw.columns:
        return None
    ids = pc.unique(raw.columns[name])
    return pc.filter(ids, pc.not_equal(pc.binary_length(ids), 0))


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise DataValidationError(problems)


def validate_dataset(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
    *,
    allow_empty: bool = False,
) -> Dataset:
    """Check events.csv against the dictionary, and against its sources and places.

    Parameters
    ----------
    events_path, sources_path, places_path : str or Path, optional
        The three CSVs; each defaults to the project's file in ``data/``.
    allow_empty : bool
        Accept an events file with a header and no rows. By default it is a problem: an
        emptied file would otherwise give empty reports without a word.

    Returns
    -------
    Dataset
        The three checked tables, with every column parsed to its kind.

    Raises
    ------
    DataValidationError
        With every problem found in any of the three files.
    FileNotFoundError
        If a file does not exist.
    """
    out = ProblemList()
    sources = _sources(Path(sources_path or paths.SOURCES_CSV), out)
    places = _places(Path(places_path or paths.PLACES_CSV), out)
    raw = _read(Path(events_path or paths.EVENTS_CSV), schema.EVENT_COLUMNS, out)
    events = None
    if raw is not None:
        if not allow_empty:
            _check_not_empty(raw, out)
        refs = {
            "sources": _ids(sources, "source_id"),
            "places": _ids(places, "place_id"),
            "events": _raw_ids(raw, "event_id"),
        }
        events = parse_columns(raw, schema.EVENT_COLUMNS, out, refs)
        check_visible(events, out)
        check_events(events, places, out)
    _raise_if_any(out.result())
    assert events is not None and sources is not None and places is not None
    return Dataset(events, sources, places)


def validate_sources(path: str | Path | None = None) -> Table:
    """Check sources.csv on its own (columns, kinds, vocabularies, unique ids); raise if broken."""
    out = ProblemList()
    table = _sources(Path(path or paths.SOURCES_CSV), out)
    _raise_if_any(out.result())
    assert table is not None
    return table


def validate_places(path: str | Path | None = None) -> Table:
    """Check places.csv on its own (columns, kinds, coordinates, unique ids); raise if broken."""
    out = ProblemList()
    table = _places(Path(path or paths.PLACES_CSV), out)
    _raise_if_any(out.result())
    assert table is not None
    return table


def parse_table(path: str | Path, spec: tuple[Column, ...]) -> Table:
    """Read and parse one CSV without checking the rules (for ``load_*(validate=False)``).

    Cells that do not parse become ``<NA>``; references are not resolved. Only a file that
    cannot be read as a table (not UTF-8, empty, malformed CSV) raises ``DataValidationError``.
    """
    out = ProblemList()
    raw = _read(Path(path), spec, out)
    unreadable = [p for p in out.result() if p.rule in ("encoding", "csv")]
    _raise_if_any(unreadable)
    assert raw is not None
    return parse_columns(raw, spec, ProblemList(limit=0), {}, strict=False)
