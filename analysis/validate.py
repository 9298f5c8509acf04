"""Check the three curated CSVs against the data dictionary and report every broken rule.

The rules come from ``analysis.schema`` wherever they can: each column's kind, whether it is
required, its vocabulary and what it references. On top of those come the rules that tie
cells together (figures need their wording, responses need their actor, coordinates come from
the gazetteer, the vague-word rule of ``analysis.crowd`` ...). Every failure becomes a
``Problem`` naming file, spreadsheet row, column, value and rule; all of them are collected
and raised together as one ``DataValidationError``.

Checks run on whole columns at once (pyarrow compute, numpy, pandas), so validating a million
rows costs about as much as reading them; Python loops only build the messages, and at most
``MAX_LISTED`` problems are spelt out (the rest are counted per rule and column).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import paths, schema
from analysis.crowd import crowd_range
from analysis.errors import DataValidationError, Problem
from analysis.readcsv import RawTable, read_strings
from analysis.schema import Column

#: At most this many problems are listed one by one; the rest are summarised per rule.
MAX_LISTED = 1000
#: Tables with at least this many rows have their columns checked in parallel threads.
_PARALLEL_ROWS = 50_000

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_TIME = r"^(?:[01]\d|2[0-3]):[0-5]\d$"
_INT = r"^\d{1,15}$"
_FLOAT = r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$"
_STATE = r"^[A-Z]{2}$"
_ASCII_SPACE = " \t\n\r\f\v"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Message = str | Callable[[int], str]


# --- Results -----------------------------------------------------------------------------------


@dataclass
class Table:
    """One checked CSV: its raw cells, and each column's values parsed to their kind.

    ``values[name]`` is a pandas Series of the load dtype (``string``, ``Int64``, ``Float64``,
    ``boolean``, ``datetime64[ns]``, ``category``) with ``<NA>`` where the cell is empty or
    invalid. ``empty[name]`` marks empty cells, ``ok[name]`` cells that are set and valid;
    ``num[name]`` holds int and float columns as float64 numpy arrays (NaN where not ok).
    """

    raw: RawTable
    spec: tuple[Column, ...]
    values: dict[str, pd.Series] = field(default_factory=dict)
    empty: dict[str, np.ndarray] = field(default_factory=dict)
    ok: dict[str, np.ndarray] = field(default_factory=dict)
    num: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.raw)

    @property
    def file(self) -> str:
        return str(self.raw.path)

    def has(self, *names: str) -> bool:
        """True when every column in ``names`` is present in the file."""
        return all(n in self.raw.columns for n in names)

    def cell(self, name: str, i: int) -> str | None:
        """The raw text of column ``name`` in record ``i`` (``None`` if the column is absent)."""
        column = self.raw.columns.get(name)
        return None if column is None else column[i].as_py()

    def set(self, name: str) -> np.ndarray:
        """Mask of records where ``name`` is not empty (all False if the column is absent)."""
        if name not in self.empty:
            return np.zeros(len(self), dtype=bool)
        return ~self.empty[name]


@dataclass
class Dataset:
    """The three checked tables: events, sources and places."""

    events: Table
    sources: Table
    places: Table


# --- Collecting problems -----------------------------------------------------------------------


class _Problems:
    """Collects problems, listing the first ``limit`` and counting the rest per rule."""

    def __init__(self, limit: int | None = None):
        self.limit = MAX_LISTED if limit is None else limit
        self.listed: list[Problem] = []
        self.hidden: Counter[tuple[str, str | None, str]] = Counter()

    def add(self, problem: Problem) -> None:
        if len(self.listed) < self.limit:
            self.listed.append(problem)
        else:
            self.hidden[(problem.file, problem.column, problem.rule)] += 1

    def flag(
        self, table: Table, mask: np.ndarray, column: str, rule: str, message: Message
    ) -> None:
        """Add one problem per record where ``mask`` is true, in ``column``."""
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            return
        room = max(self.limit - len(self.listed), 0)
        for i in idx[:room]:
            i = int(i)
            text = message(i) if callable(message) else message
            row = int(table.raw.rows[i])
            self.listed.append(Problem(table.file, row, column, table.cell(column, i), rule, text))
        if idx.size > room:
            self.hidden[(table.file, column, rule)] += int(idx.size - room)

    def merge(self, other: _Problems) -> None:
        """Take over the problems ``other`` collected (after this collector's own)."""
        for problem in other.listed:
            self.add(problem)
        self.hidden.update(other.hidden)

    def result(self) -> list[Problem]:
        summary = [
            Problem(file, None, column, None, rule, f"{n} more rows break this rule (not listed)")
            for (file, column, rule), n in self.hidden.items()
        ]
        return self.listed + summary


# --- Small array helpers -----------------------------------------------------------------------


def _np(mask: pa.ChunkedArray | pa.Array | pd.Series | np.ndarray) -> np.ndarray:
    """A boolean numpy array from any boolean-ish array; nulls count as False."""
    if isinstance(mask, pa.ChunkedArray | pa.Array):
        return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)
    if isinstance(mask, pd.Series):
        return mask.fillna(False).to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


def _match(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """Which cells match the regular expression ``pattern`` (RE2 syntax)."""
    return _np(pc.match_substring_regex(arr, pattern))


def _match_few(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """Like ``_match``, for columns with few distinct values (dates, numbers, codes): faster."""
    uniques = pc.unique(arr)
    good = pc.filter(uniques, pc.match_substring_regex(uniques, pattern))
    return _np(pc.is_in(arr, value_set=good))


def _series(arr: pa.ChunkedArray | pa.Array, dtype: pd.api.extensions.ExtensionDtype) -> pd.Series:
    if isinstance(arr, pa.Array):
        arr = pa.chunked_array([arr])
    return pd.Series(dtype.__from_arrow__(arr))


def _keep(arr: pa.ChunkedArray, mask: np.ndarray) -> pa.ChunkedArray:
    """``arr`` with null wherever ``mask`` is false (sharing the text buffers: no copy)."""
    chunks = []
    start = 0
    for chunk in arr.chunks:
        keep = mask[start : start + len(chunk)]
        start += len(chunk)
        if chunk.null_count or chunk.offset:
            chunks.append(pc.if_else(pa.array(keep), chunk, pa.scalar(None, chunk.type)))
            continue
        validity = pa.py_buffer(np.packbits(keep, bitorder="little"))
        buffers = [validity, *chunk.buffers()[1:]]
        chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), buffers))
    return pa.chunked_array(chunks, arr.type)


def _floats(arr: pa.ChunkedArray) -> np.ndarray:
    """A float64 numpy array with NaN for nulls."""
    return np.asarray(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)


def _list_items(arr: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Split ``;`` lists: the record index of every item and the items (spaces trimmed)."""
    parts = pc.split_pattern(arr, schema.LIST_SEP)
    parents = pc.list_parent_indices(parts)
    items = pc.list_flatten(parts)
    items = items.combine_chunks() if isinstance(items, pa.ChunkedArray) else items
    parents = np.asarray(parents.to_numpy(zero_copy_only=False), dtype=np.int64)
    return parents, pc.ascii_trim_whitespace(items)


def _repeated(parents: np.ndarray, items: pa.Array) -> np.ndarray:
    """Mask of list items that already occurred earlier in the same record's list."""
    n = len(items)
    again = np.zeros(n, dtype=bool)
    if n == 0:
        return again
    longest = int(np.bincount(parents).max())
    if longest <= 8:  # short lists: compare each item with the few before it
        for back in range(1, longest):
            same_record = parents[back:] == parents[:-back]
            same_item = _np(pc.equal(items.slice(back), items.slice(0, n - back)))
            again[back:] |= same_record & same_item
        return again
    codes = pc.dictionary_encode(items).indices.to_numpy(zero_copy_only=False)
    keys = parents * (int(codes.max()) + 1) + codes
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    again[order[1:]] = ranked[1:] == ranked[:-1]
    return again


def _per_record(parents: np.ndarray, bad: np.ndarray, n: int) -> np.ndarray:
    """Mask of records that own at least one bad item."""
    out = np.zeros(n, dtype=bool)
    out[parents[bad]] = True
    return out


def _items_of(table: Table, name: str, i: int) -> list[str]:
    text = table.cell(name, i) or ""
    return [item.strip(_ASCII_SPACE) for item in text.split(schema.LIST_SEP)]


def _suggest(value: str, choices: list[str]) -> str:
    """ " (did you mean 'x'?)" for a near miss in a short list of choices, else ""."""
    if len(choices) > 200:  # a list of ids, not a vocabulary: too slow and rarely useful
        return ""
    close = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- Column kinds ------------------------------------------------------------------------------


def _parse_table(
    raw: RawTable,
    spec: tuple[Column, ...],
    out: _Problems,
    refs: dict[str, pa.Array | None],
    strict: bool = True,
) -> Table:
    """Check every present column against its kind, requiredness, vocabulary and references.

    With ``strict=False`` only what is needed to parse the values is done: ids, lists and
    references are not checked, and numbers and dates are cast directly when they all parse.
    """
    table = Table(raw, spec)
    _run(
        [
            functools.partial(_parse_column, table, column, refs=refs, strict=strict)
            for column in spec
            if column.name in raw.columns
        ],
        out,
        len(table),
    )
    return table


def _run(checks: list[Callable[[_Problems], None]], out: _Problems, rows: int) -> None:
    """Run ``checks``, each collecting its own problems, merged into ``out`` in list order.

    For large tables they run in threads (pyarrow and numpy release the GIL); the report is
    the same whichever thread finishes first.
    """
    found = [_Problems(out.limit) for _ in checks]
    if rows < _PARALLEL_ROWS:
        for check, problems in zip(checks, found, strict=True):
            check(problems)
    else:
        workers = min(8, os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            jobs = [pool.submit(c, p) for c, p in zip(checks, found, strict=True)]
            for job in jobs:
                job.result()
    for problems in found:
        out.merge(problems)


def _parse_column(
    table: Table,
    column: Column,
    out: _Problems,
    *,
    refs: dict[str, pa.Array | None],
    strict: bool = True,
) -> None:
    name, kind = column.name, column.kind
    arr = table.raw.columns[name]
    n = len(table)
    empty = _np(pc.equal(pc.binary_length(arr), 0))
    table.empty[name] = empty
    if column.required:
        out.flag(table, empty, name, "required", f"{name} is required: the cell is empty")
    filled = ~empty
    bad = np.zeros(n, dtype=bool)
    if not strict and kind in ("id", "time", "list", "reflist", "ref", "text"):
        table.values[name] = _series(_keep(arr, filled), pd.StringDtype())
    elif not strict and kind in ("int", "float", "date") and _cast_all(table, name, arr, filled):
        pass
    elif kind == "id":
        bad = filled & ~_match(arr, _SLUG)
        out.flag(
            table,
            bad,
            name,
            "id",
            "not a slug: use lower-case letters and digits joined by single hyphens",
        )
        table.values[name] = _series(_keep(arr, filled & ~bad), pd.StringDtype())
    elif kind == "date":
        bad, values = _parse_dates(table, name, arr, filled, out)
        table.values[name] = values
    elif kind == "time":
        bad = filled & ~_match_few(arr, _TIME)
        out.flag(table, bad, name, "time", "not a time: write HH:MM, 24-hour (00:00 to 23:59)")
        table.values[name] = _series(_keep(arr, filled & ~bad), pd.StringDtype())
    elif kind == "bool":
        is_true = _np(pc.equal(arr, "true"))
        bad = filled & ~is_true & ~_np(pc.equal(arr, "false"))
        out.flag(table, bad, name, "bool", "not a boolean: write exactly true or false")
        values = pd.arrays.BooleanArray(is_true, ~(filled & ~bad))
        table.values[name] = pd.Series(values)
    elif kind == "int":
        bad = filled & ~_match_few(arr, _INT)
        out.flag(table, bad, name, "int", "not a whole number: write digits only (e.g. 2500)")
        ints = pc.cast(_keep(arr, filled & ~bad), pa.int64())
        table.values[name] = _series(ints, pd.Int64Dtype())
        table.num[name] = _floats(ints)
    elif kind == "float":
        bad = filled & ~_match_few(arr, _FLOAT)
        out.flag(table, bad, name, "float", "not a decimal number (e.g. 34.0522)")
        floats = pc.cast(_keep(arr, filled & ~bad), pa.float64())
        table.values[name] = _series(floats, pd.Float64Dtype())
        table.num[name] = _floats(floats)
    elif kind == "category":
        bad = _parse_category(table, column, arr, filled, out)
    elif kind in ("list", "reflist"):
        bad = _check_list(table, column, arr, filled, out, refs)
        table.values[name] = _series(_keep(arr, filled), pd.StringDtype())
    elif kind == "ref":
        known = refs.get(column.references or "")
        if known is not None:
            bad = filled & ~_np(pc.is_in(arr, value_set=known))
            target = f"{column.references}.csv"
            out.flag(
                table,
                bad,
                name,
                "reference",
                lambda i: f"{table.cell(name, i)!r} is not a {name} in {target}",
            )
        table.values[name] = _series(_keep(arr, filled), pd.StringDtype())
    else:  # text
        table.values[name] = _series(_keep(arr, filled), pd.StringDtype())
    table.ok[name] = filled & ~bad


_ARROW_TYPES = {"int": pa.int64(), "float": pa.float64(), "date": pa.date32()}


def _cast_all(table: Table, name: str, arr: pa.ChunkedArray, filled: np.ndarray) -> bool:
    """Cast a whole number or date column at once; False if some cell does not parse."""
    kind = next(c.kind for c in table.spec if c.name == name)
    try:
        values = pc.cast(_keep(arr, filled), _ARROW_TYPES[kind])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    if kind == "date":
        table.values[name] = _dates(values)
    else:
        dtype = pd.Int64Dtype() if kind == "int" else pd.Float64Dtype()
        table.values[name] = _series(values, dtype)
        table.num[name] = _floats(values)
    return True


def _dates(values: pa.ChunkedArray) -> pd.Series:
    """date32 values as a naive ``datetime64[ns]`` Series."""
    return pd.Series(values.to_pandas(date_as_object=False)).astype("datetime64[ns]")


def _parse_dates(
    table: Table, name: str, arr: pa.ChunkedArray, filled: np.ndarray, out: _Problems
) -> tuple[np.ndarray, pd.Series]:
    shaped = filled & _match_few(arr, _DATE)
    candidates = _keep(arr, shaped)
    try:
        dates = pc.cast(candidates, pa.date32())
        real = shaped
    except pa.ArrowInvalid:  # an impossible day such as 2025-02-30: find which, value by value
        uniques = pc.unique(candidates).to_pylist()
        valid = [u for u in uniques if u is not None and _is_iso_date(u)]
        real = shaped & _np(pc.is_in(arr, value_set=pa.array(valid, pa.string())))
        dates = pc.cast(_keep(arr, real), pa.date32())
    out.flag(table, filled & ~real, name, "date", "not a date: write YYYY-MM-DD (e.g. 2025-06-07)")
    values = _dates(dates)
    lo, hi = pd.Timestamp(schema.DATE_MIN), pd.Timestamp(schema.DATE_MAX)
    outside = real & _np((values < lo) | (values > hi))
    out.flag(
        table,
        outside,
        name,
        "date-range",
        f"date outside {schema.DATE_MIN} .. {schema.DATE_MAX}: a typo in the year?",
    )
    good = real & ~outside
    values[~good] = pd.NaT
    return filled & ~good, values


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _parse_category(
    table: Table, column: Column, arr: pa.ChunkedArray, filled: np.ndarray, out: _Problems
) -> np.ndarray:
    name = column.name
    keys = list(schema.VOCABULARIES[column.vocabulary or name])
    codes = pc.index_in(arr, value_set=pa.array(keys, pa.string()))
    codes_np = np.asarray(pc.fill_null(codes, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    bad = filled & (codes_np < 0)
    out.flag(
        table,
        bad,
        name,
        "vocabulary",
        lambda i: (
            f"not in the {column.vocabulary} vocabulary{_suggest(table.cell(name, i), keys)}"
            f"; allowed: {', '.join(keys)}"
        ),
    )
    dtype = pd.CategoricalDtype(categories=keys)
    table.values[name] = pd.Series(pd.Categorical.from_codes(codes_np, dtype=dtype))
    return bad


def _check_list(
    table: Table,
    column: Column,
    arr: pa.ChunkedArray,
    filled: np.ndarray,
    out: _Problems,
    refs: dict[str, pa.Array | None],
) -> np.ndarray:
    """Items of a ``;`` list: none empty, none repeated, each in its vocabulary or reference."""
    name, n = column.name, len(table)
    parents, items = _list_items(arr)
    in_filled = filled[parents]
    empty_item = in_filled & _np(pc.equal(items, ""))
    repeated = in_filled & ~empty_item & _repeated(parents, items)
    bad_empty = _per_record(parents, empty_item, n)
    out.flag(
        table,
        bad_empty,
        name,
        "list",
        f"empty item in a list: separate items with a single {schema.LIST_SEP!r}, none at the ends",
    )
    bad_repeat = _per_record(parents, repeated, n)
    out.flag(table, bad_repeat, name, "list", "an item appears twice in the list")
    bad = bad_empty | bad_repeat
    if column.vocabulary:
        allowed: pa.Array | None = pa.array(list(schema.VOCABULARIES[column.vocabulary]))
        rule, where = "vocabulary", f"the {column.vocabulary} vocabulary"
    else:
        allowed = refs.get(column.references or "") if column.references else None
        rule, where = "reference", f"{column.references}.csv"
    if allowed is not None:
        unknown = in_filled & ~empty_item & ~_np(pc.is_in(items, value_set=allowed))
        bad_unknown = _per_record(parents, unknown, n)
        choices = functools.cache(lambda: sorted(allowed.to_pylist()))

        def message(i: int) -> str:
            wrong = [x for x in _items_of(table, name, i) if x and x not in choices()]
            hints = "".join(_suggest(x, choices()) for x in wrong[:1])
            return f"not in {where}: {', '.join(map(repr, wrong))}{hints}"

        out.flag(table, bad_unknown, name, rule, message)
        bad = bad | bad_unknown
    return bad


# --- Rules across columns ----------------------------------------------------------------------


def _check_unique(table: Table, name: str, out: _Problems) -> None:
    if not table.has(name):
        return
    if len(pc.unique(table.raw.columns[name])) == len(table):  # the usual case, fast
        return
    ids = table.values[name]
    dup = ids.duplicated(keep=False).to_numpy(dtype=bool) & table.ok[name]
    if not dup.any():
        return
    rows_of: dict[str, list[int]] = {}
    for i in np.flatnonzero(dup):
        rows_of.setdefault(str(ids.iat[i]), []).append(int(table.raw.rows[i]))

    def message(i: int) -> str:
        others = [r for r in rows_of[str(ids.iat[i])] if r != table.raw.rows[i]]
        shown = ", ".join(map(str, others[:10])) + (" ..." if len(others) > 10 else "")
        return f"duplicate {name}: also in row{'s' if len(others) > 1 else ''} {shown}"

    out.flag(table, dup, name, "unique", message)


def _requires(
    table: Table, out: _Problems, when: tuple[str, ...], needed: str, why: str = ""
) -> None:
    """Flag records where any column of ``when`` is set but ``needed`` is empty."""
    present = [w for w in when if table.has(w)]
    if not present or not table.has(needed):
        return
    setting = np.logical_or.reduce([table.set(w) for w in present])
    mask = setting & ~table.set(needed)

    def message(i: int) -> str:
        if why:
            return f"{needed} must be set because {why}"
        which = [w for w in present if table.cell(w, i)]
        verb = "is" if len(which) == 1 else "are"
        return f"{needed} must be set because {' and '.join(which)} {verb} set"

    out.flag(table, mask, needed, "requires", message)


def _low_high(table: Table, out: _Problems, low: str, high: str) -> None:
    if not table.has(low, high):
        return
    lo, hi = table.num[low], table.num[high]
    with np.errstate(invalid="ignore"):
        below = lo > hi
    out.flag(table, below, high, "low-high", lambda i: f"{high} is below {low} ({lo[i]:.0f})")


def _check_events(events: Table, places: Table | None, out: _Problems) -> None:
    """The event rules that tie several cells of a row, or several rows, together."""
    ev = events
    _run(
        [
            lambda o: _check_unique(ev, "event_id", o),
            lambda o: _check_event_dates(ev, o),
            lambda o: _check_event_figures(ev, o),
            lambda o: _check_event_place(ev, places, o),
            lambda o: _check_disputes(ev, o),
            lambda o: _check_evidence(ev, o),
            lambda o: check_vague_words(ev, o),
        ],
        out,
        len(ev),
    )


def _check_event_figures(ev: Table, out: _Problems) -> None:
    """Figures need their wording and who made them; a high needs a low; responses an actor."""
    for low, high, needs in (
        ("crowd_low", "crowd_high", ("crowd_text", "crowd_estimate_by")),
        ("figure_low", "figure_high", ("figure_text", "figure_unit")),
    ):
        _low_high(ev, out, low, high)
        for needed in needs:
            _requires(ev, out, (low, high), needed)
        _requires(ev, out, (high,), low, f"{high} is set (an open range has a low, not a high)")
    _requires(ev, out, ("arrests",), "arrests_text")
    _requires(ev, out, ("immigration_arrests",), "immigration_arrests_text")
    if ev.has("event_type"):
        responding = _np(ev.values["event_type"].isin(sorted(schema.RESPONSE_EVENT_TYPES)))
        for needed in ("response_level", "response_type"):
            if ev.has(needed):
                out.flag(
                    ev,
                    responding & ~ev.set(needed),
                    needed,
                    "response",
                    lambda i, needed=needed: (
                        f"{needed} must be set for an event of type {ev.cell('event_type', i)}"
                    ),
                )
    _requires(ev, out, ("response_type", "response_level"), "response_actor")


def _check_event_place(ev: Table, places: Table | None, out: _Problems) -> None:
    """A local event names its city; state code; coordinates in range and from the gazetteer."""
    if ev.has("scope", "city"):
        local = _np(ev.values["scope"] == "local") & ~ev.set("city")
        out.flag(ev, local, "city", "scope", "city must be set because scope is local")
    _check_state(ev, out)
    _check_coordinates(ev, out)
    if places is not None:
        _check_gazetteer(ev, places, out)


def _check_evidence(ev: Table, out: _Problems) -> None:
    """The evidence phrase is short: at most ``schema.EVIDENCE_MAX_WORDS`` words."""
    if not ev.has("evidence"):
        return
    most = schema.EVIDENCE_MAX_WORDS
    too_long = _match(ev.raw.columns["evidence"], rf"^\s*(?:\S+\s+){{{most}}}\S")
    out.flag(
        ev,
        too_long,
        "evidence",
        "evidence",
        lambda i: (
            f"evidence has {len((ev.cell('evidence', i) or '').split())} words; at most {most}"
        ),
    )


def _check_event_dates(ev: Table, out: _Problems) -> None:
    """event_id starts with the date; week and month precision; date_end not before date."""
    if ev.has("event_id", "date"):
        ids, dates = ev.raw.columns["event_id"], ev.raw.columns["date"]
        prefix = pc.binary_join_element_wise(dates, "-", "")
        starts = _np(pc.equal(pc.utf8_slice_codeunits(ids, 0, 11), prefix))
        out.flag(
            ev,
            ev.ok["event_id"] & ev.ok["date"] & ~starts,
            "event_id",
            "event-id-date",
            lambda i: f"event_id must start with its date: '{ev.cell('date', i)}-'",
        )
    if ev.has("date", "date_precision"):
        date = ev.values["date"]
        precision = ev.values["date_precision"]
        weekday = date.dt.day_of_week.to_numpy(dtype=float, na_value=np.nan)
        week = ev.ok["date"] & _np(precision == "week") & (weekday != 0)

        def not_monday(i: int) -> str:
            day = int(weekday[i])
            monday = (date.iat[i] - pd.Timedelta(days=day)).date()
            return (
                f"date_precision is week, so date must be a Monday; {ev.cell('date', i)} is a "
                f"{_WEEKDAYS[day]} (that week's Monday is {monday})"
            )

        out.flag(ev, week, "date", "date-precision", not_monday)
        first = date.dt.day.to_numpy(dtype=float, na_value=np.nan) == 1
        month = ev.ok["date"] & _np(precision == "month") & ~first
        out.flag(
            ev, month, "date", "date-precision", "date_precision is month, so date must be the 1st"
        )
    if ev.has("date", "date_end"):
        early = _np(ev.values["date_end"] < ev.values["date"])
        out.flag(ev, early, "date_end", "date-end", "date_end is before date")


def _check_state(table: Table, out: _Problems) -> None:
    if table.has("state"):
        bad = table.set("state") & ~_match_few(table.raw.columns["state"], _STATE)
        out.flag(table, bad, "state", "state", "state must be two capital letters (e.g. CA)")


def _check_coordinates(table: Table, out: _Problems) -> None:
    """Latitude and longitude in range, and both set or both empty."""
    if not table.has("latitude", "longitude"):
        return
    lat, lon = table.num["latitude"], table.num["longitude"]
    with np.errstate(invalid="ignore"):
        out.flag(table, np.abs(lat) > 90, "latitude", "coordinates", "latitude outside -90..90")
        out.flag(
            table, np.abs(lon) > 180, "longitude", "coordinates", "longitude outside -180..180"
        )
    has_lat, has_lon = table.set("latitude"), table.set("longitude")
    out.flag(
        table, has_lat & ~has_lon, "longitude", "coordinates", "latitude is set, longitude empty"
    )
    out.flag(
        table, has_lon & ~has_lat, "latitude", "coordinates", "longitude is set, latitude empty"
    )


def _check_gazetteer(ev: Table, places: Table, out: _Problems) -> None:
    """Coordinates come from places.csv: copied exactly, and never without a place_id."""
    if not ev.has("place_id"):
        return
    for name in ("latitude", "longitude"):
        if ev.has(name):
            out.flag(
                ev,
                ev.set(name) & ~ev.set("place_id"),
                "place_id",
                "gazetteer",
                f"{name} is set, so place_id must name the places.csv row it comes from",
            )
    if not places.has("place_id"):
        return
    # Position of each event's place in places.csv (first row of a duplicated id).
    where = pc.index_in(ev.raw.columns["place_id"], value_set=places.raw.columns["place_id"])
    pos = np.asarray(pc.fill_null(where, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    known = ev.ok["place_id"] & (pos >= 0)
    for name, source in (("latitude", "latitude"), ("longitude", "longitude")):
        if not ev.has(name) or not places.has(source):
            continue
        expected = np.append(places.num[source], np.nan)[pos]  # -1 (unknown place) -> NaN
        with np.errstate(invalid="ignore"):
            same = np.abs(ev.num[name] - expected) <= 1e-6
        usable = known & ~np.isnan(expected) & (ev.ok[name] | ev.empty[name])
        out.flag(
            ev,
            usable & ~same,
            name,
            "gazetteer",
            lambda i, e=expected, s=source: (
                f"must be copied from places.csv: the {s} of {ev.cell('place_id', i)} is {e[i]}"
            ),
        )
    if ev.has("geo_precision") and places.has("precision"):
        expected_p = np.append(places.values["precision"].astype(object), None)[pos]
        actual_p = np.asarray(ev.values["geo_precision"].astype(object))
        usable = known & pd.notna(expected_p) & (ev.ok["geo_precision"] | ev.empty["geo_precision"])
        same_p = np.asarray(actual_p == expected_p, dtype=bool)
        out.flag(
            ev,
            usable & ~same_p,
            "geo_precision",
            "gazetteer",
            lambda i: (
                f"must be copied from places.csv: the precision of {ev.cell('place_id', i)} "
                f"is {expected_p[i]}"
            ),
        )


def _check_disputes(ev: Table, out: _Problems) -> None:
    """disputed ⇔ dispute_group; a group has at least two rows, all on one date."""
    if not ev.has("disputed", "dispute_group"):
        return
    disputed = _np(ev.values["disputed"])
    grouped = ev.set("dispute_group")
    out.flag(
        ev,
        disputed & ~grouped,
        "dispute_group",
        "dispute",
        "disputed is true, so dispute_group must name the group of conflicting rows",
    )
    out.flag(
        ev,
        grouped & ~disputed & ev.ok["disputed"],
        "disputed",
        "dispute",
        "dispute_group is set, so disputed must be true",
    )
    if not grouped.any() or not ev.has("date"):
        return
    idx = np.flatnonzero(grouped)
    frame = pd.DataFrame(
        {
            "group": ev.values["dispute_group"].iloc[idx].to_numpy(),
            "date": ev.values["date"].iloc[idx].to_numpy(),
        }
    )
    by_group = frame.groupby("group")["date"]
    size = by_group.transform("size").to_numpy()
    dates = by_group.transform("nunique").to_numpy()
    alone = np.zeros(len(ev), dtype=bool)
    alone[idx[size < 2]] = True
    out.flag(
        ev,
        alone,
        "dispute_group",
        "dispute",
        "a dispute_group needs at least two rows; no other row has this one",
    )
    spread = np.zeros(len(ev), dtype=bool)
    spread[idx[(size >= 2) & (dates > 1)]] = True
    out.flag(
        ev,
        spread,
        "dispute_group",
        "dispute",
        "the rows of a dispute_group must all be on the same date",
    )


def check_vague_words(events: Table, out: _Problems) -> None:
    """The numbers agree with the wording they come from, by the rule of ``crowd_range``.

    ``crowd_text`` gives ``(crowd_low, crowd_high)``, ``figure_text`` gives
    ``(figure_low, figure_high)``, and the low figure of ``arrests_text`` and
    ``immigration_arrests_text`` gives ``arrests`` and ``immigration_arrests``. Wording with
    no figure ("a number of people") goes with empty numbers.
    """
    for text, numbers in (
        ("crowd_text", ("crowd_low", "crowd_high")),
        ("figure_text", ("figure_low", "figure_high")),
        ("arrests_text", ("arrests",)),
        ("immigration_arrests_text", ("immigration_arrests",)),
    ):
        if not events.has(text, *numbers) or not events.set(text).any():
            continue
        has_text = events.set(text)
        column = events.raw.columns[text]
        uniques = pc.unique(column)
        codes = pc.index_in(column, value_set=uniques).to_numpy(zero_copy_only=False)
        parsed = [crowd_range(u) for u in uniques.to_pylist()]
        reported = np.zeros(len(events), dtype=bool)  # one problem per row is enough
        for pos, number in enumerate(numbers):
            want = np.array([np.nan if p[pos] is None else p[pos] for p in parsed], dtype=float)
            want = want[codes]
            have = events.num[number]
            same = (have == want) | (np.isnan(have) & np.isnan(want))
            usable = has_text & (events.ok[number] | events.empty[number])
            differs = usable & ~same & ~reported
            reported |= differs
            out.flag(events, differs, number, "vague-words", _vague_message(events, text, numbers))


def _vague_message(events: Table, text: str, numbers: tuple[str, ...]) -> Callable[[int], str]:
    def message(i: int) -> str:
        wording = events.cell(text, i) or ""
        low, high = crowd_range(wording)
        if low is None:
            gives, must = "no figure", f"{' and '.join(numbers)} must be empty"
        elif len(numbers) == 1:
            gives, must = f"{low}", f"{numbers[0]} must be {low}"
        else:
            top = "empty (open-ended)" if high is None else str(high)
            gives = f"low {low} and high {top}"
            must = f"{numbers[0]} must be {low} and {numbers[1]} {top}"
        return f"by the vague-word rule (analysis.crowd) {text} {wording!r} gives {gives}: {must}"

    return message


# --- Entry points ------------------------------------------------------------------------------


def _read(path: Path, spec: tuple[Column, ...], out: _Problems) -> RawTable | None:
    try:
        raw = read_strings(path, schema.column_names(spec))
    except DataValidationError as err:
        for problem in err.problems:
            out.add(problem)
        return None
    for problem in raw.problems:
        out.add(problem)
    return raw


def _sources(path: Path, out: _Problems) -> Table | None:
    raw = _read(path, schema.SOURCE_COLUMNS, out)
    if raw is None:
        return None
    table = _parse_table(raw, schema.SOURCE_COLUMNS, out, {})
    _check_unique(table, "source_id", out)
    return table


def _places(path: Path, out: _Problems) -> Table | None:
    raw = _read(path, schema.PLACE_COLUMNS, out)
    if raw is None:
        return None
    table = _parse_table(raw, schema.PLACE_COLUMNS, out, {})
    _check_unique(table, "place_id", out)
    _check_state(table, out)
    _check_coordinates(table, out)
    return table


def _ids(table: Table | None, name: str) -> pa.Array | None:
    """The distinct ids of a table (what references may point to), or None if unknown."""
    if table is None or not table.has(name):
        return None
    ids = pc.unique(table.raw.columns[name])
    return pc.filter(ids, pc.not_equal(pc.binary_length(ids), 0))


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise DataValidationError(problems)


def validate_dataset(
    events_path: str | Path | None = None,
    sources_path: str | Path | None = None,
    places_path: str | Path | None = None,
) -> Dataset:
    """Check events.csv against the dictionary, and against its sources and places.

    Parameters
    ----------
    events_path, sources_path, places_path : str or Path, optional
        The three CSVs; each defaults to the project's file in ``data/``.

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
    out = _Problems()
    sources = _sources(Path(sources_path or paths.SOURCES_CSV), out)
    places = _places(Path(places_path or paths.PLACES_CSV), out)
    raw = _read(Path(events_path or paths.EVENTS_CSV), schema.EVENT_COLUMNS, out)
    events = None
    if raw is not None:
        refs = {"sources": _ids(sources, "source_id"), "places": _ids(places, "place_id")}
        events = _parse_table(raw, schema.EVENT_COLUMNS, out, refs)
        _check_events(events, places, out)
    _raise_if_any(out.result())
    assert events is not None and sources is not None and places is not None
    return Dataset(events, sources, places)


def validate_sources(path: str | Path | None = None) -> Table:
    """Check sources.csv on its own (columns, kinds, vocabularies, unique ids); raise if broken."""
    out = _Problems()
    table = _sources(Path(path or paths.SOURCES_CSV), out)
    _raise_if_any(out.result())
    assert table is not None
    return table


def validate_places(path: str | Path | None = None) -> Table:
    """Check places.csv on its own (columns, kinds, coordinates, unique ids); raise if broken."""
    out = _Problems()
    table = _places(Path(path or paths.PLACES_CSV), out)
    _raise_if_any(out.result())
    assert table is not None
    return table


def parse_table(path: str | Path, spec: tuple[Column, ...]) -> Table:
    """Read and parse one CSV without checking the rules (for ``load_*(validate=False)``).

    Cells that do not parse become ``<NA>``; references are not resolved. Only a file that
    cannot be read as a table (not UTF-8, empty, malformed CSV) raises ``DataValidationError``.
    """
    out = _Problems()
    raw = _read(Path(path), spec, out)
    unreadable = [p for p in out.result() if p.rule in ("encoding", "csv")]
    _raise_if_any(unreadable)
    assert raw is not None
    return _parse_table(raw, spec, _Problems(limit=0), {}, strict=False)
