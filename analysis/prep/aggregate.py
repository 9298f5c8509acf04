"""Merge the selected rows into events: one row per event, each figure a low–high range.

Two rules run through everything here.

*Missing is not zero.* An empty ``crowd_low`` or ``arrests`` cell means "not reported"; it stays
NA, never 0.

*A dispute is one event with a range.* Rows sharing a ``dispute_group`` describe the same event
per different sources. :func:`event_figures` merges them into one event whose figure is the
range from the smallest to the largest reported number, worded with every source.

Only :mod:`analysis.prep.facts` calls this, once per selection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data import schema
from analysis.data.crowd import crowd_range
from analysis.errors import ParameterError
from analysis.prep.arrowlists import (
    join_per_owner,
    per_distinct,
    split_unique_per_owner,
    to_arrow_strings,
)
from analysis.prep.select import is_one_of

#: Measures merged by :func:`event_figures`: (low column, high column or None, wording column).
MEASURES: dict[str, tuple[str, str | None, str]] = {
    "crowd": ("crowd_low", "crowd_high", "crowd_text"),
    "arrests": ("arrests", None, "arrests_text"),
    "immigration": ("immigration_arrests", None, "immigration_arrests_text"),
    "figure": ("figure_low", "figure_high", "figure_text"),
}

#: Scopes the crowd and arrest charts keep by default: a nationwide count ("600 events across
#: the country") is not a crowd at one place and would dwarf every local figure.
LOCAL_SCOPES: tuple[str, ...] = ("local", "regional")

#: Series frequencies: "D" per calendar day, "W" per week starting Monday.
Freq = Literal["D", "W"]

#: Columns an event takes from its first row, which every chart reads.
_FIRST_COLUMNS = (
    "date_precision",
    "status",
    "scope",
    "event_type",
    "title",
    "label",
    "city",
    "location",
    "response_actor",
    "response_level",
    "response_type",
    "crowd_estimate_by",
    "crowd_estimator",
    "figure_unit",
    "place_id",
    "latitude",
    "longitude",
    "geo_precision",
)
#: Columns an event takes from its first row that only tables, hovers and sheets show.
_FIRST_DETAIL_COLUMNS = (
    "date_inferred",
    "time",
    "county",
    "state",
    "actors",
    "evidence",
)
#: The worded columns :func:`event_figures` builds only with ``text=True``: what tables, hovers
#: and sheets show, and no chart computes with.
TEXT_COLUMNS = (
    *(f"{measure}_wording" for measure in MEASURES),
    "publishers",
    "main_publisher",
    "police_measures",
    "notes",
    *_FIRST_DETAIL_COLUMNS,
)


def publisher_names(sources: pd.DataFrame) -> dict[str, str]:
    """Map source_id to publisher."""
    ids = sources["source_id"].astype(str).tolist()
    return dict(zip(ids, sources["publisher"].astype(str).tolist(), strict=True))


def split_cell(value: object) -> list[str]:
    """Split one ``;``-separated cell into its stripped, non-empty items (NA gives []).

    For a whole column at once use :func:`analysis.data.load.split_list`.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return []
    return [v.strip() for v in str(value).split(schema.LIST_SEP) if v.strip()]


def event_figures(
    events: pd.DataFrame,
    publishers: Mapping[str, str],
    *,
    text: bool = True,
    prefer: np.ndarray | None = None,
) -> pd.DataFrame:
    """Return one row per event, with dispute groups merged and figures as low–high ranges.

    Parameters
    ----------
    events
        A (selected) events frame as loaded by ``analysis.data.load.load_events``.
    publishers
        Publisher per source_id (:func:`publisher_names`), for the wording columns.
    text
        Whether to build the worded columns (:data:`TEXT_COLUMNS`: ``<m>_wording``,
        ``publishers``, ``main_publisher``, ...): they are most of the work at a million rows.
        A facts model builds them once, with the figures (``Facts.details``).
    prefer
        Per row, a rank (lower is better): a dispute group takes its descriptive columns
        (title, label, place, ...) from its best-ranked row, e.g. the one resting on the most
        reliable source; by default from its first row.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``key`` (the ``dispute_group`` for merged rows, else the ``event_id``), in
        date order, with

        - ``event_ids``, ``n_rows``: the merged rows;
        - ``date`` (earliest), ``date_end`` (latest) and, from the group's first row, the
          descriptive columns (``event_type``, ``title``, ``city``, ``response_level``, ...);
        - for each measure in :data:`MEASURES` (``crowd``, ``arrests``, ``immigration``,
          ``figure``): ``<m>_low`` and ``<m>_high`` (smallest and largest number reported,
          "Int64", NA when not reported), ``<m>_open`` (the largest figure has no upper bound),
          ``<m>_wording`` (each source's
          own wording in quotation marks, or the number where it gives none, followed by the
          publisher in parentheses; several sources joined by " | ");
        - ``disputed`` (sources disagree), ``source_ids`` (every source, first = main source of
          the first row), ``publishers`` (their publishers, ``;``-joined), ``main_publisher``;
        - ``police_measures`` (union), ``notes`` (joined).
    """
    return _event_figures(events, dict(publishers), text=text, prefer=prefer)


def event_keys(events: pd.DataFrame) -> pd.Series:
    """The event each row belongs to: its ``dispute_group``, else its ``event_id``."""
    ids = to_arrow_strings(events["event_id"])
    if "dispute_group" in events:
        group = to_arrow_strings(events["dispute_group"])
        named = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(group), ""), False)
        ids = pc.if_else(named, group, ids)
    return pd.Series(pd.array(ids, dtype=pd.StringDtype("pyarrow")), index=events.index)


def _event_figures(
    events: pd.DataFrame, names: dict[str, str], *, text: bool, prefer: np.ndarray | None
) -> pd.DataFrame:
    """:func:`event_figures` without the cache.

    Every event is its own first row except in dispute groups (a few per cent of rows), so
    each output column is its rows' column taken once, in output order, and only the groups'
    values are computed by aggregation, on their rows alone.
    """
    rows = _RowGroups(events, prefer)
    text_dtype = events["source_ids"].dtype
    if not isinstance(text_dtype, pd.StringDtype):
        text_dtype = pd.StringDtype()
    ids = to_arrow_strings(events["event_id"])
    event_ids = rows.per_key(
        _strings(ids, text_dtype),
        lambda g: _strings(
            join_per_owner(ids.take(g.rows), g.owner, g.n, schema.LIST_SEP, skip_empty=False),
            text_dtype,
        ),
    )
    date = rows.per_key(events["date"], "min")
    order = _date_order(date, event_ids)
    rows.set_order(order)

    main_pub = row_publishers = None
    if text:
        main_pub, row_publishers = split_unique_per_owner(
            to_arrow_strings(events["source_ids"]),
            np.arange(rows.n),
            rows.n,
            schema.LIST_SEP,
            rename=names,
        )
    columns: dict[str, pd.Series] = {
        "event_ids": event_ids.take(order),
        "n_rows": pd.Series(rows.sizes, dtype="Int64"),
        "date": date.take(order),
    }
    if "date_end" in events:
        columns["date_end"] = rows.per_key(events["date_end"], "max")
    for measure, (low_col, high_col, text_col) in MEASURES.items():
        columns.update(
            _measure_columns(
                events, rows, measure, (low_col, high_col, text_col), main_pub, text_dtype
            )
        )
    disputed = (
        events["disputed"].fillna(False).astype(bool)
        if "disputed" in events
        else pd.Series(False, index=range(rows.n))
    )
    disputed_flag = rows.per_key(disputed, "any")
    columns["source_ids"] = rows.per_key(
        events["source_ids"], _list_union(events["source_ids"], text_dtype), text_dtype
    )
    if text:
        publishers = _strings(row_publishers, text_dtype)
        columns["publishers"] = rows.per_key(publishers, _list_union(publishers, text_dtype))
        columns["main_publisher"] = rows.per_key(_strings(main_pub, text_dtype), None)
    if "police_measures" in events and text:
        columns["police_measures"] = rows.per_key(
            events["police_measures"],
            _list_union(events["police_measures"], text_dtype),
            text_dtype,
        )
    if "notes" in events and text:
        notes = to_arrow_strings(events["notes"])
        columns["notes"] = rows.per_key(
            events["notes"],
            lambda g: _strings(join_per_owner(notes.take(g.rows), g.owner, g.n, " "), text_dtype),
            text_dtype,
        )
    for col in (*_FIRST_COLUMNS, *(_FIRST_DETAIL_COLUMNS if text else ())):
        if col in events:
            columns[col] = rows.per_key(events[col], None)
    columns["disputed"] = pd.Series(
        disputed_flag.to_numpy(dtype=bool) | (rows.sizes > 1), dtype="boolean"
    )
    index = pd.Index(rows.keys, name="key")
    return pd.DataFrame(
        {name: values.array for name, values in columns.items()}, index=index, copy=False
    )


class _Groups:
    """The rows of dispute groups: their positions (grouped by key, in file order within a
    group), the group number of each (0 .. n - 1, non-decreasing), and the number of groups."""

    def __init__(self, rows: np.ndarray, owner: np.ndarray, n: int) -> None:
        self.rows, self.owner, self.n = rows, owner, n


class _RowGroups:
    """Which rows make up each event (key), and the order the events are returned in."""

    def __init__(self, events: pd.DataFrame, prefer: np.ndarray | None = None) -> None:
        self.n = n = len(events)
        ids = to_arrow_strings(events["event_id"])
        named = np.zeros(n, dtype=bool)
        group = pa.nulls(n, type=pa.string())
        if "dispute_group" in events:
            group = to_arrow_strings(events["dispute_group"])
            named = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(group), ""), False)
            named = named.to_numpy(zero_copy_only=False)
        # Only the rows of dispute groups (a few per cent) are matched by name; every other
        # row is an event of its own (event ids are unique), so no million-row factorize.
        in_group = np.flatnonzero(named)
        group_codes, _names = pd.factorize(pd.array(group.take(pa.array(in_group))))
        group_first = np.full(len(_names), n, dtype=np.int64)
        np.minimum.at(group_first, group_codes, in_group)
        is_first = ~named
        is_first[group_first] = True
        rank = np.cumsum(is_first) - 1  # keys numbered by first appearance
        codes = rank.copy()
        codes[in_group] = rank[group_first[group_codes]]
        # The k-th first appearance is key k, so first rows in file order are in key order.
        self._first_pos = np.flatnonzero(is_first)
        first = pa.array(self._first_pos)
        keys = pc.if_else(pa.array(named).take(first), group.take(first), ids.take(first))
        self._keys = pd.Index(pd.array(keys, dtype=pd.StringDtype("pyarrow")), dtype=str)
        self._sizes = np.bincount(codes, minlength=len(self._first_pos))
        # The row each event takes its descriptive columns from: its first, or in a dispute
        # group the best by ``prefer`` (ties: the first).
        self._rep_pos = self._first_pos.copy()
        if prefer is not None and len(in_group):
            order = np.lexsort((in_group, np.asarray(prefer)[in_group], group_codes))
            by_code = group_codes[order]
            heads = np.flatnonzero(np.diff(by_code, prepend=-1))
            self._rep_pos[rank[group_first[by_code[heads]]]] = in_group[order[heads]]
        self._group_keys = np.flatnonzero(self._sizes > 1)
        in_group = np.flatnonzero(self._sizes[codes] > 1)
        in_group = in_group[np.argsort(codes[in_group], kind="stable")]
        self.groups = _Groups(
            in_group, np.searchsorted(self._group_keys, codes[in_group]), len(self._group_keys)
        )
        self.set_order(np.arange(len(keys)))

    def set_order(self, order: np.ndarray) -> None:
        """Return keys in ``order`` (positions into first-appearance order) from now on."""
        self.keys = self._keys.take(order)
        self.sizes = self._sizes[order]
        self._take = self._rep_pos[order]
        slot = np.empty(len(order), dtype=np.int64)
        slot[order] = np.arange(len(order))
        self._group_slots = slot[self._group_keys]

    def per_key(
        self,
        values: pd.Series,
        how: str | Callable[[_Groups], pd.Series] | None,
        dtype: object | None = None,
    ) -> pd.Series:
        """One value per key: the first row's, replaced for dispute groups by ``how``.

        ``how`` is a pandas reduction name ("min", "max", "any"), a function of the groups'
        rows returning one value per group, or None to keep the first row's value.
        """
        per_row = values.reset_index(drop=True)
        if dtype is not None:
            per_row = per_row.astype(dtype)
        g = self.groups
        if g.n == 0 or how is None:
            return per_row.take(self._take).reset_index(drop=True)
        if isinstance(how, str):
            merged = per_row.take(g.rows).reset_index(drop=True).groupby(g.owner).agg(how)
        else:
            merged = how(g)
        merged = merged.reset_index(drop=True).astype(per_row.dtype)
        # One take from the rows followed by the groups' values: no second pass to patch.
        positions = self._take.copy()
        positions[self._group_slots] = self.n + np.arange(g.n)
        both = pd.concat([per_row, merged], ignore_index=True)
        return both.take(positions).reset_index(drop=True)


def _strings(values: pa.Array | np.ndarray, dtype: object) -> pd.Series:
    """Arrow (or object) strings as a pandas text Series of ``dtype``, without copying arrow."""
    return pd.Series(pd.array(values, dtype=dtype))


def _list_union(values: pd.Series, dtype: object) -> Callable[[_Groups], pd.Series]:
    """Per dispute group: the distinct items of its rows' ``;`` lists, joined with ``;``."""

    def union(g: _Groups) -> pd.Series:
        arrow = to_arrow_strings(values).take(pa.array(g.rows))
        return _strings(split_unique_per_owner(arrow, g.owner, g.n, schema.LIST_SEP)[1], dtype)

    return union


def _measure_columns(
    events: pd.DataFrame,
    rows: _RowGroups,
    measure: str,
    cols: tuple[str, str | None, str],
    main_pub: np.ndarray | None,
    text_dtype: object,
) -> dict[str, pd.Series]:
    """``<measure>_low``, ``_high``, ``_open`` and ``_wording`` per key (see event_figures)."""
    low_col, high_col, text_col = cols
    low = _int_column(events, low_col).reset_index(drop=True)
    high = (
        _int_column(events, high_col).reset_index(drop=True)
        if high_col
        else pd.Series(pd.NA, index=low.index, dtype="Int64")
    )
    if high_col is not None:
        open_row = (low.notna() & high.isna()).to_numpy(dtype=bool)
    else:  # a count without a high column is a floor when its wording says so ("at least 44")
        open_row = low.notna().to_numpy(dtype=bool) & _open_wording(events, text_col)
    low = low.fillna(high)  # a lone upper bound is the only number
    closed_high = high.fillna(low)
    has_low = low.notna().to_numpy(dtype=bool)
    wording: pa.Array = pa.nulls(rows.n, type=pa.string())
    if has_low.any() and main_pub is not None:
        text = (
            to_arrow_strings(events[text_col])
            if text_col in events
            else pa.nulls(rows.n, type=pa.string())
        )
        stripped = pc.utf8_trim_whitespace(text)
        has_text = pc.fill_null(pc.not_equal(stripped, ""), False)
        quoted = pc.binary_join_element_wise("\u201c", stripped, "\u201d", "")
        shown = pc.if_else(has_text, quoted, pc.cast(pa.array(low.array), pa.string()))
        main = pa.array(main_pub, type=pa.string())
        wording = pc.if_else(has_low, pc.binary_join_element_wise(shown, " (", main, ")", ""), None)

    def wordings(g: _Groups) -> pd.Series:
        joined = join_per_owner(wording.take(pa.array(g.rows)), g.owner, g.n, " | ")
        return _strings(joined, text_dtype)

    def open_max(g: _Groups) -> pd.Series:
        group_high = closed_high.take(g.rows).reset_index(drop=True).groupby(g.owner).max()
        at_max = low.take(g.rows).to_numpy() == group_high.to_numpy()[g.owner]
        hit = open_row[g.rows] & pd.array(at_max, dtype="boolean").fillna(False).to_numpy(bool)
        return pd.Series(np.bincount(g.owner[hit], minlength=g.n) > 0)

    out = {
        f"{measure}_low": rows.per_key(low, "min"),
        f"{measure}_high": rows.per_key(closed_high, "max"),
        f"{measure}_open": rows.per_key(pd.Series(open_row), open_max).astype("boolean"),
    }
    if main_pub is not None:
        joined = rows.per_key(_strings(wording, text_dtype), wordings)
        out[f"{measure}_wording"] = joined.where(joined != "", pd.NA)
    return out


def _open_wording(events: pd.DataFrame, text_col: str) -> np.ndarray:
    """Whether each row's wording is open-ended by the documented rule (``crowd_range``)."""
    if text_col not in events:
        return np.zeros(len(events), dtype=bool)
    return per_distinct(to_arrow_strings(events[text_col]), lambda t: crowd_range(t)[1] is None)


def _date_order(date: pd.Series, event_ids: pd.Series) -> np.ndarray:
    """Positions that sort keys by date, then by their event ids (stable)."""
    table = pa.table({"date": pa.array(date.to_numpy()), "ids": pa.array(event_ids.array)})
    return pc.sort_indices(
        table, sort_keys=[("date", "ascending"), ("ids", "ascending")]
    ).to_numpy()


def _int_column(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df:
        return pd.Series(pd.NA, index=df.index, dtype="Int64")
    return pd.to_numeric(df[col], errors="coerce").round().astype("Int64")


def check_freq(freq: str) -> str:
    """Validate a series frequency ("D" or "W", case ignored) and return it upper-case."""
    if not isinstance(freq, str) or freq.upper() not in ("D", "W"):
        raise ParameterError(
            f"freq: {freq!r} is not a frequency; valid values: 'D' (day), 'W' (week)"
        )
    return freq.upper()


def assign_period(figures: pd.DataFrame, freq: Freq = "D") -> tuple[pd.Series, pd.DataFrame]:
    """Give each event the day or week it is counted in, and say which cannot be counted.

    Rows dated only to a week or month, and multi-day rows (``date_end`` after ``date``),
    cannot be put on one day; weekly series keep week-precision rows and rows within one week.

    Returns
    -------
    period : pandas.Series
        The period start (the day, or the week's Monday) per row, NaT where excluded.
    excluded : pandas.DataFrame
        ``key`` and ``reason`` of every row left out.
    """
    freq = check_freq(freq)
    date = figures["date"]
    end = figures["date_end"] if "date_end" in figures else pd.Series(pd.NaT, index=figures.index)
    if "date_precision" in figures:
        precision = figures["date_precision"]
        given = precision.notna().to_numpy(dtype=bool)  # a missing precision means a day
        to_day = is_one_of(precision, ("day",)) | ~given
        to_month = is_one_of(precision, ("month",))
    else:
        precision = pd.Series("day", index=figures.index)
        to_day, to_month = np.ones(len(figures), bool), np.zeros(len(figures), bool)
    if freq == "D":
        period = date.dt.normalize()
        multi = (end.notna() & (end.dt.normalize() != period)).to_numpy(dtype=bool)
        vague = ~to_day
    else:
        period = (date - pd.to_timedelta(date.dt.day_of_week, unit="D")).dt.normalize()
        end_week = (end - pd.to_timedelta(end.dt.day_of_week, unit="D")).dt.normalize()
        multi = (end.notna() & (end_week != period)).to_numpy(dtype=bool)
        vague = to_month
    bad = vague | multi
    # Reasons only for the rows left out (a few per cent), not a string per row.
    unit = "day" if freq == "D" else "week"
    reasons = np.where(
        vague[bad],
        "dated only to the " + precision[bad].astype(str).to_numpy(dtype=object),
        f"figure covers several {unit}s",
    )
    period = period.where(~bad)
    excluded = pd.DataFrame({"key": figures.index[bad], "reason": reasons})
    return period, excluded


def _occurred(figures: pd.DataFrame) -> np.ndarray:
    if "status" not in figures:
        return np.ones(len(figures), dtype=bool)
    return is_one_of(figures["status"], ("occurred",))


def is_crowd_event(figures: pd.DataFrame) -> np.ndarray:
    """Which :func:`event_figures` rows are demonstrations that occurred (crowd chart rows)."""
    return is_one_of(figures["event_type"], schema.PROTEST_EVENT_TYPES) & _occurred(figures)


def is_arrest_event(figures: pd.DataFrame) -> np.ndarray:
    """Which :func:`event_figures` rows occurred and report protester or immigration arrests
    (arrests chart rows)."""
    with_figure = figures["arrests_low"].notna() | figures["immigration_low"].notna()
    return with_figure.to_numpy(dtype=bool) & _occurred(figures)


def is_response_event(figures: pd.DataFrame) -> np.ndarray:
    """Which :func:`event_figures` rows are official responses with a level (swimlane rows)."""
    is_response = is_one_of(figures["event_type"], schema.RESPONSE_EVENT_TYPES)
    if "response_level" not in figures:
        return np.zeros(len(figures), dtype=bool)
    return is_response & figures["response_level"].notna().to_numpy(dtype=bool)
