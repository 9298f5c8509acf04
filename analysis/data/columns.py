"""Parse every column of a raw CSV table to its kind, flagging each cell that breaks it.

A column's kind, requiredness, vocabulary and references come from ``analysis.data.schema``: ids
must be slugs, dates ISO dates inside the project's window, vocabulary cells a vocabulary
key, ``;`` lists made of known items, and so on. The result is a ``Table``: the raw cells,
each column parsed to the dtype ``analysis.data.load`` hands out, and masks of empty and valid
cells that the rules of ``analysis.data.validate`` build on.

Problems are collected in a ``ProblemList`` that spells out the first ``MAX_LISTED`` and
counts the rest per rule and column, so a million broken rows do not build a million
messages. Large tables are checked several columns at a time in threads (pyarrow and numpy
release the GIL), with the same report whichever thread finishes first.
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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data import schema
from analysis.data.readcsv import RawTable
from analysis.data.schema import Column
from analysis.errors import Problem

#: At most this many problems are listed one by one; the rest are summarised per rule.
MAX_LISTED = 1000
#: At most this many are listed for one rule in one column of one file, so that a rule broken
#: in every row does not hide the others.
MAX_PER_RULE = 100
#: Tables with at least this many rows have their columns checked in parallel threads.
PARALLEL_ROWS = 50_000

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_TIME = r"^(?:[01]\d|2[0-3]):[0-5]\d$"
_INT = r"^\d{1,15}$"
_FLOAT = r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$"
_ASCII_SPACE = " \t\n\r\f\v"

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


# --- Collecting problems -----------------------------------------------------------------------


Key = tuple[str, str | None, str]  # file, column, rule


class ProblemList:
    """Collects problems, listing the first ``limit`` (at most ``per_rule`` for one rule in one
    column of one file) and counting the rest per file, column and rule."""

    def __init__(self, limit: int | None = None, per_rule: int | None = None):
        self.limit = MAX_LISTED if limit is None else limit
        self.per_rule = MAX_PER_RULE if per_rule is None else per_rule
        self.listed: list[Problem] = []
        self.listed_per_key: Counter[Key] = Counter()
        self.hidden: Counter[Key] = Counter()

    def _room(self, key: Key) -> int:
        overall = self.limit - len(self.listed)
        return max(min(overall, self.per_rule - self.listed_per_key[key]), 0)

    def add(self, problem: Problem) -> None:
        key = (problem.file, problem.column, problem.rule)
        if self._room(key):
            self.listed.append(problem)
            self.listed_per_key[key] += 1
        else:
            self.hidden[key] += 1

    def flag(
        self, table: Table, mask: np.ndarray, column: str, rule: str, message: Message
    ) -> None:
        """Add one problem per record where ``mask`` is true, in ``column``."""
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            return
        key = (table.file, column, rule)
        room = self._room(key)
        for i in idx[:room]:
            i = int(i)
            text = message(i) if callable(message) else message
            row = int(table.raw.rows[i])
            self.listed.append(Problem(table.file, row, column, table.cell(column, i), rule, text))
        self.listed_per_key[key] += min(room, idx.size)
        if idx.size > room:
            self.hidden[key] += int(idx.size - room)

    def merge(self, other: ProblemList) -> None:
        """Take over the problems ``other`` collected (after this collector's own)."""
        for problem in other.listed:
            self.add(problem)
        self.hidden.update(other.hidden)

    def result(self) -> list[Problem]:
        """The listed problems, then one summary per file, column and rule with unlisted rows."""
        summary = [
            Problem(file, None, column, None, rule, f"{n} more {_ROWS} (not listed)")
            for (file, column, rule), n in self.hidden.items()
        ]
        return self.listed + summary


_ROWS = "rows break this rule"


def unlisted(problem: Problem) -> int:
    """How many problems a summary from ``ProblemList.result`` stands for (0 for others)."""
    head, _, rest = problem.message.partition(" more ")
    if problem.row is None and head.isdigit() and rest.startswith(_ROWS):
        return int(head)
    return 0


# --- Small array helpers -----------------------------------------------------------------------


def as_mask(mask: pa.ChunkedArray | pa.Array | pd.Series | np.ndarray) -> np.ndarray:
    """A boolean numpy array from any boolean-ish array; nulls count as False."""
    if isinstance(mask, pa.ChunkedArray | pa.Array):
        return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)
    if isinstance(mask, pd.Series):
        return mask.fillna(False).to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


def matches(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """Which cells match the regular expression ``pattern`` (RE2 syntax)."""
    return as_mask(pc.match_substring_regex(arr, pattern))


def matches_few(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """Like ``matches``, for columns with few distinct values (dates, numbers, codes): faster."""
    uniques = pc.unique(arr)
    good = pc.filter(uniques, pc.match_substring_regex(uniques, pattern))
    return as_mask(pc.is_in(arr, value_set=good))


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
            same_item = as_mask(pc.equal(items.slice(back), items.slice(0, n - back)))
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


def suggest(value: str, choices: list[str]) -> str:
    """A hint such as ``(did you mean 'rally'?)`` for a near miss among few choices, else ``""``."""
    if len(choices) > 200:  # a list of ids, not a vocabulary: too slow and rarely useful
        return ""
    close = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- Column kinds ------------------------------------------------------------------------------


def parse_columns(
    raw: RawTable,
    spec: tuple[Column, ...],
    out: ProblemList,
    refs: dict[str, pa.Array | None],
    strict: bool = True,
) -> Table:
    """Check every present column against its kind, requiredness, vocabulary and references.

    With ``strict=False`` only what is needed to parse the values is done: ids, lists and
    references are not checked, and numbers and dates are cast directly when they all parse.
    """
    table = Table(raw, spec)
    run_checks(
        [
            functools.partial(_parse_column, table, column, refs=refs, strict=strict)
            for column in spec
            if column.name in raw.columns
        ],
        out,
        len(table),
    )
    return table


def run_checks(checks: list[Callable[[ProblemList], None]], out: ProblemList, rows: int) -> None:
    """Run ``checks``, each collecting its own problems, merged into ``out`` in list order.

    For large tables they run in threads (pyarrow and numpy release the GIL); the report is
    the same whichever thread finishes first.
    """
    found = [ProblemList(out.limit, out.per_rule) for _ in checks]
    if rows < PARALLEL_ROWS:
        for check, problems in zip(checks, found, strict=True):
            check(problems)
    else:
        with ThreadPoolExecutor(max_workers=_workers()) as pool:
            jobs = [pool.submit(c, p) for c, p in zip(checks, found, strict=True)]
            for job in jobs:
                job.result()
    for problems in found:
        out.merge(problems)


def _workers() -> int:
    return min(8, os.cpu_count() or 1)


def _parse_column(
    table: Table,
    column: Column,
    out: ProblemList,
    *,
    refs: dict[str, pa.Array | None],
    strict: bool = True,
) -> None:
    name, kind = column.name, column.kind
    arr = table.raw.columns[name]
    n = len(table)
    empty = as_mask(pc.equal(pc.binary_length(arr), 0))
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
        bad = filled & ~matches(arr, _SLUG)
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
        bad = filled & ~matches_few(arr, _TIME)
        out.flag(table, bad, name, "time", "not a time: write HH:MM, 24-hour (00:00 to 23:59)")
        table.values[name] = _series(_keep(arr, filled & ~bad), pd.StringDtype())
    elif kind == "bool":
        is_true = as_mask(pc.equal(arr, "true"))
        bad = filled & ~is_true & ~as_mask(pc.equal(arr, "false"))
        out.flag(table, bad, name, "bool", "not a boolean: write exactly true or false")
        values = pd.arrays.BooleanArray(is_true, ~(filled & ~bad))
        table.values[name] = pd.Series(values)
    elif kind == "int":
        bad = filled & ~matches_few(arr, _INT)
        out.flag(table, bad, name, "int", "not a whole number: write digits only (e.g. 2500)")
        ints = pc.cast(_keep(arr, filled & ~bad), pa.int64())
        table.values[name] = _series(ints, pd.Int64Dtype())
        table.num[name] = _floats(ints)
    elif kind == "float":
        bad = filled & ~matches_few(arr, _FLOAT)
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
            bad = filled & ~as_mask(pc.is_in(arr, value_set=known))
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
        table.values[name] = _dates(values, _TIMESTAMP_MIN, _TIMESTAMP_MAX)
    else:
        dtype = pd.Int64Dtype() if kind == "int" else pd.Float64Dtype()
        table.values[name] = _series(values, dtype)
        table.num[name] = _floats(values)
    return True


_TIMESTAMP_MIN, _TIMESTAMP_MAX = dt.date(1678, 1, 1), dt.date(2261, 12, 31)  # datetime64[ns]


def _dates(values: pa.ChunkedArray, first: dt.date, last: dt.date) -> pd.Series:
    """date32 values as a naive ``datetime64[ns]`` Series; NaT outside ``first`` .. ``last``."""
    inside = pc.and_(pc.greater_equal(values, first), pc.less_equal(values, last))
    values = pc.if_else(inside, values, pa.scalar(None, pa.date32()))
    return pd.Series(values.to_pandas(date_as_object=False)).astype("datetime64[ns]")


def _parse_dates(
    table: Table, name: str, arr: pa.ChunkedArray, filled: np.ndarray, out: ProblemList
) -> tuple[np.ndarray, pd.Series]:
    shaped = filled & matches_few(arr, _DATE)
    candidates = _keep(arr, shaped)
    try:
        dates = pc.cast(candidates, pa.date32())
        real = shaped
    except pa.ArrowInvalid:  # an impossible day such as 2025-02-30: find which, value by value
        uniques = pc.unique(candidates).to_pylist()
        valid = [u for u in uniques if u is not None and _is_iso_date(u)]
        real = shaped & as_mask(pc.is_in(arr, value_set=pa.array(valid, pa.string())))
        dates = pc.cast(_keep(arr, real), pa.date32())
    out.flag(table, filled & ~real, name, "date", "not a date: write YYYY-MM-DD (e.g. 2025-06-07)")
    lo, hi = schema.DATE_MIN, schema.DATE_MAX
    outside = real & as_mask(pc.or_(pc.less(dates, lo), pc.greater(dates, hi)))
    out.flag(
        table,
        outside,
        name,
        "date-range",
        f"date outside {schema.DATE_MIN} .. {schema.DATE_MAX}: a typo in the year?",
    )
    good = real & ~outside
    return filled & ~good, _dates(dates, lo, hi)


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _parse_category(
    table: Table, column: Column, arr: pa.ChunkedArray, filled: np.ndarray, out: ProblemList
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
            f"not in the {column.vocabulary} vocabulary{suggest(table.cell(name, i), keys)}"
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
    out: ProblemList,
    refs: dict[str, pa.Array | None],
) -> np.ndarray:
    """Items of a ``;`` list: none empty, none repeated, each in its vocabulary or reference."""
    name = column.name
    if column.vocabulary:
        allowed: pa.Array | None = pa.array(list(schema.VOCABULARIES[column.vocabulary]))
        rule, where = "vocabulary", f"the {column.vocabulary} vocabulary"
    else:
        allowed = refs.get(column.references or "") if column.references else None
        rule, where = "reference", f"{column.references}.csv"
    bad_empty, bad_repeat, bad_unknown = _list_masks_deduped(arr, filled, allowed)
    out.flag(
        table,
        bad_empty,
        name,
        "list",
        f"empty item in a list: separate items with a single {schema.LIST_SEP!r}, none at the ends",
    )
    out.flag(table, bad_repeat, name, "list", "an item appears twice in the list")
    if allowed is not None:
        known = functools.cache(lambda: set(allowed.to_pylist()))

        def message(i: int) -> str:
            wrong = [x for x in _items_of(table, name, i) if x and x not in known()]
            hints = "".join(suggest(x, sorted(known())) for x in wrong[:1])
            return f"not in {where}: {', '.join(map(repr, wrong))}{hints}"

        out.flag(table, bad_unknown, name, rule, message)
    return bad_empty | bad_repeat | bad_unknown


def _list_masks(
    arr: pa.ChunkedArray, filled: np.ndarray, allowed: pa.Array | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per record: whether its list has an empty item, a repeated one, one not in ``allowed``."""
    n = len(arr)
    parents, items = _list_items(arr)
    in_filled = filled[parents]
    empty_item = in_filled & as_mask(pc.equal(pc.binary_length(items), 0))
    repeated = in_filled & ~empty_item & _repeated(parents, items)
    unknown = np.zeros(len(items), dtype=bool)
    if allowed is not None:
        unknown = in_filled & ~empty_item & ~as_mask(pc.is_in(items, value_set=allowed))
    return (
        _per_record(parents, empty_item, n),
        _per_record(parents, repeated, n),
        _per_record(parents, unknown, n),
    )


def _list_masks_deduped(
    arr: pa.ChunkedArray, filled: np.ndarray, allowed: pa.Array | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_list_masks`` checked once per distinct list when lists repeat (actors, measures).

    A large file repeats the same few hundred lists (``"LAPD; ICE"``) a million times: the
    distinct lists are split and checked, and the masks mapped back to the records. Columns
    whose lists are mostly distinct (``source_ids``) go through ``_list_masks_in_parts``.
    """
    n = len(arr)
    if n >= 2 * PARALLEL_ROWS:
        head = arr.slice(0, 10_000)
        if len(pc.unique(head)) * 4 <= len(head):  # a cheap look before hashing everything
            uniques = pc.unique(arr)
            if len(uniques) * 4 <= n:
                uniques = (
                    uniques.combine_chunks() if isinstance(uniques, pa.ChunkedArray) else uniques
                )
                codes = np.asarray(
                    pc.index_in(arr, value_set=uniques).to_numpy(zero_copy_only=False),
                    dtype=np.int64,
                )
                u_filled = as_mask(pc.greater(pc.binary_length(uniques), 0))
                masks = _list_masks(pa.chunked_array([uniques]), u_filled, allowed)
                return tuple(mask[codes] for mask in masks)  # type: ignore[return-value]
    return _list_masks_in_parts(arr, filled, allowed)


def _list_masks_in_parts(
    arr: pa.ChunkedArray, filled: np.ndarray, allowed: pa.Array | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_list_masks`` over slices of a long column, in threads: lists cost the most."""
    n = len(arr)
    if n < 2 * PARALLEL_ROWS:
        return _list_masks(arr, filled, allowed)
    step = max(2 * PARALLEL_ROWS, 4)
    with ThreadPoolExecutor(max_workers=_workers()) as pool:
        parts = list(
            pool.map(
                lambda at: _list_masks(arr.slice(at, step), filled[at : at + step], allowed),
                range(0, n, step),
            )
        )
    return tuple(np.concatenate([part[k] for part in parts]) for k in range(3))
