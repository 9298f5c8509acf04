"""Load the curated CSVs as typed pandas frames, validated by default; never writes anything.

Every column gets the dtype its kind implies: dates ``datetime64[ns]`` (naive), whole numbers
``Int64``, decimals ``Float64``, booleans ``boolean``, vocabulary columns a ``category`` whose
categories are the whole vocabulary (in dictionary order, used or not), and ids, text, ``time``
("HH:MM") and ``;`` lists the ``string`` dtype. Empty cells are ``<NA>``. Columns come in the
order of ``analysis.data.schema``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.data import schema
from analysis.data.basemap import Basemap, load_basemap
from analysis.data.columns import Table
from analysis.data.schema import Column
from analysis.data.validate import (
    parse_table,
    validate_dataset,
    validate_places,
    validate_sources,
)

_DTYPES = {
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}


def _frame(table: Table, spec: tuple[Column, ...]) -> pd.DataFrame:
    """The typed columns of ``table`` in schema order; a column missing from the file is all NA."""
    n = len(table)
    columns = {}
    for column in spec:
        if column.name in table.values:
            series = table.values[column.name]
        elif column.kind == "category":
            keys = list(schema.VOCABULARIES[column.vocabulary or column.name])
            series = pd.Series(pd.Categorical([None] * n, categories=keys))
        else:
            series = pd.Series([pd.NA] * n, dtype=_DTYPES.get(column.kind, pd.StringDtype()))
        columns[column.name] = series.reset_index(drop=True)
    return pd.DataFrame(columns, copy=False)


def load_events(
    path: str | Path | None = None,
    *,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
    validate: bool = True,
) -> pd.DataFrame:
    """Load events.csv as a typed frame, after checking it against the data dictionary.

    Parameters
    ----------
    path : str or Path, optional
        The events file; defaults to ``data/events.csv``.
    sources_path, places_path : str or Path, optional
        The files that ``source_ids`` and ``place_id`` refer to; default to ``data/``.
    validate : bool, default True
        Check every rule and raise on any problem. With ``False`` the file is only parsed
        (sources and places are not read) and cells that do not parse become ``<NA>``.

    Returns
    -------
    pandas.DataFrame
        One row per event, columns in schema order, dtypes as described in the module docstring.

    Raises
    ------
    DataValidationError
        If the data breaks a rule (or, with ``validate=False``, cannot be read as a table).
    """
    if validate:
        table = validate_dataset(path, sources_path, places_path).events
    else:
        table = parse_table(path or paths.EVENTS_CSV, schema.EVENT_COLUMNS)
    return _frame(table, schema.EVENT_COLUMNS)


def load_sources(path: str | Path | None = None, *, validate: bool = True) -> pd.DataFrame:
    """Load sources.csv as a typed frame (checked on its own unless ``validate=False``)."""
    if validate:
        table = validate_sources(path)
    else:
        table = parse_table(path or paths.SOURCES_CSV, schema.SOURCE_COLUMNS)
    return _frame(table, schema.SOURCE_COLUMNS)


def load_places(path: str | Path | None = None, *, validate: bool = True) -> pd.DataFrame:
    """Load places.csv, the gazetteer, as a typed frame (checked unless ``validate=False``)."""
    if validate:
        table = validate_places(path)
    else:
        table = parse_table(path or paths.PLACES_CSV, schema.PLACE_COLUMNS)
    return _frame(table, schema.PLACE_COLUMNS)


@dataclass(frozen=True)
class Dataset:
    """The three curated tables, loaded: what every selection and facts model starts from.

    Attributes
    ----------
    events, sources, places : pandas.DataFrame
        As returned by :func:`load_events`, :func:`load_sources` and :func:`load_places`.
    basemap : analysis.data.basemap.Basemap, optional
        County outlines for the locator map (:func:`analysis.data.basemap.load_basemap`).
    """

    events: pd.DataFrame
    sources: pd.DataFrame
    places: pd.DataFrame
    basemap: Basemap | None = None


def load_dataset(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
    *,
    validate: bool = True,
) -> Dataset:
    """Load events, sources and places (each defaulting to the file in ``data/``).

    Raises
    ------
    DataValidationError
        If ``validate`` and any file breaks a rule of the data dictionary.
    """
    events = load_events(
        events_path, sources_path=sources_path, places_path=places_path, validate=validate
    )
    return Dataset(
        events,
        load_sources(sources_path, validate=validate),
        load_places(places_path, validate=validate),
        load_basemap(),
    )


def split_list(series: pd.Series) -> pd.Series:
    """Split a ``;`` list column into Python lists of trimmed items (``[]`` where empty).

    Parameters
    ----------
    series : pandas.Series
        A list column such as ``actors``, ``police_measures`` or ``source_ids``.

    Returns
    -------
    pandas.Series
        Same index; each value a ``list[str]``. Use ``.explode()`` for one row per item.
    """
    items = [[] if pd.isna(text) else [i for i in _items(str(text)) if i] for text in series]
    return pd.Series(items, index=series.index, dtype=object, name=series.name)


def _items(text: str) -> list[str]:
    return [item.strip(" \t\n\r\f\v") for item in text.split(schema.LIST_SEP)]


def data_version(files: Iterable[str | Path] | None = None) -> str:
    """A short fingerprint of the curated data: the first 12 hex digits of a SHA-256.

    Parameters
    ----------
    files : iterable of str or Path, optional
        The files to fingerprint, in order; defaults to events, sources and places in ``data/``.

    Returns
    -------
    str
        Changes whenever any byte of any file changes (or the files are given in another order).
    """
    files = (
        list(files)
        if files is not None
        else [paths.EVENTS_CSV, paths.SOURCES_CSV, paths.PLACES_CSV]
    )
    digest = hashlib.sha256()
    for file in files:
        content = Path(file).read_bytes()
        digest.update(len(content).to_bytes(8, "big"))
        digest.update(content)
    return digest.hexdigest()[:12]
