"""Turn selected events into the figures charts draw: one row per event, and series per day or week.

Three rules run through every function here.

*Missing is not zero.* An empty ``crowd_low`` or ``arrests`` cell means "not reported". Sums are
NA for a day on which no event reports the figure, and every series carries how many events
had the figure and how many did not, so a day with two protests of unknown size never plots as
"0 people". Days without any event are absent from a series, not zero.

*A dispute is one event with a range.* Rows sharing a ``dispute_group`` describe the same event
per different sources. :func:`event_figures` merges them into one event whose value is the range
from the smallest to the largest reported number, worded with every source.

*Crowd midpoints follow one stated rule* (:data:`MIDPOINT_RULE`): midpoint = (low + high) / 2;
when the source gives no upper bound ("more than 300"), midpoint = low; when it gives only an
upper bound ("up to 500"), that bound is the only number and is used as low and high.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data import schema
from analysis.errors import ParameterError
from analysis.prep.arrowlists import join_per_owner, split_unique_per_owner, to_arrow_strings
from analysis.prep.framecache import FrameCache
from analysis.prep.framehash import frame_digest
from analysis.prep.select import check_choices, is_one_of, select_events

#: The crowd midpoint rule, in words, for chart notes and reports.
MIDPOINT_RULE = (
    "Midpoint = (low + high) / 2; where a source gives no upper bound the low figure is used; "
    "a lone upper bound ('up to 500') counts as the figure."
)

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

_FIRST_COLUMNS = (
    "date_precision",
    "date_inferred",
    "time",
    "status",
    "scope",
    "event_type",
    "title",
    "city",
    "location",
    "county",
    "state",
    "latitude",
    "longitude",
    "actors",
    "response_actor",
    "response_level",
    "response_type",
    "crowd_estimate_by",
    "figure_unit",
    "evidence",
)


def default_sources() -> pd.DataFrame:
    """``data/sources.csv`` as loaded by ``analysis.data.load.load_sources``, read once per change.

    Charts call the aggregation many times; re-reading and re-validating the file each time
    would dominate their run time. The cache is keyed by the file's modification time and size.
    """
    from analysis import paths

    stat = paths.SOURCES_CSV.stat()
    return _load_sources_cached(str(paths.SOURCES_CSV), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=2)
def _load_sources_cached(path: str, _mtime: int, _size: int) -> pd.DataFrame:
    from analysis.data.load import load_sources

    return load_sources(path)


def publisher_names(sources: pd.DataFrame | None) -> dict[str, str]:
    """Map source_id to publisher; ``None`` uses :func:`default_sources`."""
    if sources is None:
        sources = default_sources()
    ids = sources["source_id"].astype(str).tolist()
    return dict(zip(ids, sources["publisher"].astype(str).tolist(), strict=True))


def split_cell(value: object) -> list[str]:
    """Split one ``;``-separated cell into its stripped, non-empty items (NA gives []).

    For a whole column at once use :func:`analysis.data.load.split_list`.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return []
    return [v.strip() for v in str(value).split(schema.LIST_SEP) if v.strip()]


#: Recent results of :func:`event_figures`, by content of the events and the publisher names.
_FIGURES_CACHE = FrameCache(size=16, max_rows=2_500_000)


def event_figures(events: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per event, with dispute groups merged and figures as low–high ranges.

    Results are cached by the content of ``events`` and ``sources`` (a chart asks for the same
    figures several times, and the content digest costs a tenth of the aggregation); the
    frame returned is a copy-on-write copy, so changing it does not change the cache.

    Parameters
    ----------
    events
        A (selected) events frame as loaded by ``analysis.data.load.load_events``.
    sources
        The sources frame for publisher names; defaults to ``analysis.data.load.load_sources()``.

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
          ``<m>_mid`` (see :data:`MIDPOINT_RULE`, "Float64"), ``<m>_wording`` (each source's
          own wording in quotation marks, or the number where it gives none, followed by the
          publisher in parentheses; several sources joined by " | ");
        - ``disputed`` (sources disagree), ``source_ids`` (every source, first = main source of
          the first row), ``publishers`` (their publishers, ``;``-joined), ``main_publisher``;
        - ``police_measures`` (union), ``notes`` (joined).
    """
    if sources is None:
        sources = default_sources()
    key = (frame_digest(events), frame_digest(sources[["source_id", "publisher"]]))
    cached = _FIGURES_CACHE.get(key)
    if cached is not None:
        return cached
    return _FIGURES_CACHE.put(key, _event_figures(events, publisher_names(sources)))


def _event_figures(events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """:func:`event_figures` without the cache.

    Every event is its own first row except in dispute groups (a few per cent of rows), so
    each output column is its rows' column taken once, in output order, and only the groups'
    values are computed by aggregation, on their rows alone.
    """
    rows = _RowGroups(events)
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
    publishers = _strings(row_publishers, text_dtype)
    columns["publishers"] = rows.per_key(publishers, _list_union(publishers, text_dtype))
    columns["main_publisher"] = rows.per_key(_strings(main_pub, text_dtype), None)
    if "police_measures" in events:
        columns["police_measures"] = rows.per_key(
            events["police_measures"],
            _list_union(events["police_measures"], text_dtype),
            text_dtype,
        )
    if "notes" in events:
        notes = to_arrow_strings(events["notes"])
        columns["notes"] = rows.per_key(
            events["notes"],
            lambda g: _strings(join_per_owner(notes.take(g.rows), g.owner, g.n, " "), text_dtype),
            text_dtype,
        )
    for col in _FIRST_COLUMNS:
        if col in events:
            columns[col] = rows.per_key(events[col], None)
    columns["disputed"] = pd.Series(
        disputed_flag.to_numpy(dtype=bool) | (rows.sizes > 1), dtype="boolean"
    )
    for measure in MEASURES:
        low, high = columns[f"{measure}_low"], columns[f"{measure}_high"]
        mid = (low.astype("Float64") + high.astype("Float64")) / 2
        columns[f"{measure}_mid"] = mid.where(~columns[f"{measure}_open"], low.astype("Float64"))
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

    def __init__(self, events: pd.DataFrame) -> None:
        ids = events["event_id"].astype("string").reset_index(drop=True)
        key = ids
        if "dispute_group" in events:
            group = events["dispute_group"].astype("string").reset_index(drop=True)
            key = group.where(group.notna() & (group.str.strip() != ""), ids)
        codes, keys = pd.factorize(key.astype(str))  # codes number keys by first appearance
        self.n = len(events)
        self._keys = pd.Index(keys, dtype=str)
        self._sizes = np.bincount(codes, minlength=len(keys))
        # The k-th first appearance is key k, so first rows in file order are in key order.
        self._first_pos = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())
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
        self._take = self._first_pos[order]
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
    main_pub: np.ndarray,
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
    open_row = (low.notna() & high.isna()).to_numpy(dtype=bool) & (high_col is not None)
    low = low.fillna(high)  # a lone upper bound is the only number
    closed_high = high.fillna(low)
    has_low = low.notna().to_numpy(dtype=bool)
    wording: pa.Array = pa.nulls(rows.n, type=pa.string())
    if has_low.any():
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

    joined = rows.per_key(_strings(wording, text_dtype), wordings)
    return {
        f"{measure}_low": rows.per_key(low, "min"),
        f"{measure}_high": rows.per_key(closed_high, "max"),
        f"{measure}_open": rows.per_key(pd.Series(open_row), open_max).astype("boolean"),
        f"{measure}_wording": joined.where(joined != "", pd.NA),
    }


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


def _measure_series(
    figures: pd.DataFrame, measure: str, freq: Freq, counted: pd.Series
) -> pd.DataFrame:
    # Only the counted rows and the columns used: copying all fifty columns of a million
    # events would cost more than the series itself.
    dates = [c for c in ("date", "date_end", "date_precision") if c in figures]
    columns = [
        *dates,
        "disputed",
        *(f"{measure}_{part}" for part in ("low", "high", "open", "mid")),
    ]
    counted_rows = figures.loc[counted.to_numpy(dtype=bool), columns]
    period, excluded = assign_period(counted_rows, freq)
    frame = counted_rows.assign(_period=period)
    frame = frame[frame["_period"].notna().to_numpy(dtype=bool)]
    has = frame[f"{measure}_low"].notna()
    frame = frame.assign(
        _has=has.astype(int),
        _open=(frame[f"{measure}_open"].fillna(False) & has).astype(int),
        _disp=(frame["disputed"].fillna(False) & has).astype(int),
    )
    g = frame.groupby("_period", sort=True)
    out = pd.DataFrame(
        {
            "n_events": g.size(),
            "n_with_figure": g["_has"].sum(),
        }
    )
    out["n_without_figure"] = out["n_events"] - out["n_with_figure"]
    out["n_open_ended"] = g["_open"].sum()
    out["n_disputed"] = g["_disp"].sum()
    out["low_sum"] = g[f"{measure}_low"].sum(min_count=1)
    out["high_sum"] = g[f"{measure}_high"].sum(min_count=1)
    out["mid_sum"] = g[f"{measure}_mid"].sum(min_count=1)
    for col in ("n_events", "n_with_figure", "n_without_figure", "n_open_ended", "n_disputed"):
        out[col] = out[col].astype("Int64")
    for col in ("low_sum", "high_sum"):
        out[col] = out[col].astype("Int64")
    out["mid_sum"] = out["mid_sum"].astype("Float64")
    out.index = pd.DatetimeIndex(out.index, name="date")
    out.attrs["excluded"] = excluded.reset_index(drop=True)
    out.attrs["freq"] = freq
    return out


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


def crowd_series(
    events: pd.DataFrame, *, freq: Freq = "D", sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return reported crowd sizes per day or week, with counts of events with and without one.

    Counts demonstrations (``schema.PROTEST_EVENT_TYPES``) that occurred; announced events
    are left out because nobody counted a crowd that had not gathered.

    Parameters
    ----------
    events
        A (selected) events frame.
    freq
        "D" for calendar days, "W" for weeks starting on Monday.
    sources
        Sources frame (publisher names); defaults to ``load_sources()``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``date`` (the day, or the week's Monday), only periods with at least one
        counted event. Columns: ``n_events``, ``n_with_figure``, ``n_without_figure``,
        ``n_open_ended`` (figures with no upper bound, so ``high_sum`` is a floor),
        ``n_disputed``, ``low_sum``, ``high_sum``, ``mid_sum`` (per :data:`MIDPOINT_RULE`).
        The sums are NA when no event of the period reports a crowd size. ``attrs["excluded"]``
        lists rows that could not be placed in one period, with the reason.
    """
    figures = event_figures(events, sources=sources)
    counted = pd.Series(is_crowd_event(figures), index=figures.index)
    return _measure_series(figures, "crowd", check_freq(freq), counted)


def arrests_series(
    events: pd.DataFrame,
    *,
    kind: Literal["protesters", "immigration"] = "protesters",
    freq: Freq = "D",
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return arrests per day or week: protesters arrested, or people held by immigration agents.

    The two are never mixed: ``kind="protesters"`` reads ``arrests``, ``kind="immigration"``
    reads ``immigration_arrests``.

    Parameters
    ----------
    events
        A (selected) events frame.
    kind
        "protesters" or "immigration".
    freq
        "D" or "W" (weeks starting Monday).
    sources
        Sources frame (publisher names); defaults to ``load_sources()``.

    Returns
    -------
    pandas.DataFrame
        Same columns as :func:`crowd_series`. A period is present when an occurred event in
        it could have the figure (a demonstration or police action for protester arrests, an
        enforcement operation for immigration arrests) or reports it; sums are NA when none
        reports it. Disputed figures add their range: ``low_sum`` takes each event's smallest
        reported number, ``high_sum`` its largest.
    """
    choice = check_choices(kind, ("protesters", "immigration"), name="kind")
    assert choice is not None
    kind = choice[0]  # type: ignore[assignment]
    figures = event_figures(events, sources=sources)
    if kind == "protesters":
        measure = "arrests"
        relevant = is_one_of(figures["event_type"], schema.PROTEST_EVENT_TYPES | {"police_action"})
    else:
        measure = "immigration"
        relevant = is_one_of(figures["event_type"], ("enforcement_operation",))
    reported = figures[f"{measure}_low"].notna().to_numpy(dtype=bool)
    counted = pd.Series((relevant | reported) & _occurred(figures), index=figures.index)
    return _measure_series(figures, measure, check_freq(freq), counted)


def response_events(events: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return official responses (``schema.RESPONSE_EVENT_TYPES`` with a level), one per event.

    Announced responses are kept: announcing a deployment is itself a response.
    The frame is :func:`event_figures` restricted to responses.
    """
    figures = event_figures(events, sources=sources)
    return figures[is_response_event(figures)]


def is_response_event(figures: pd.DataFrame) -> np.ndarray:
    """Which :func:`event_figures` rows are official responses with a level (swimlane rows)."""
    is_response = is_one_of(figures["event_type"], schema.RESPONSE_EVENT_TYPES)
    if "response_level" not in figures:
        return np.zeros(len(figures), dtype=bool)
    return is_response & figures["response_level"].notna().to_numpy(dtype=bool)


def responses_series(
    events: pd.DataFrame, *, freq: Freq = "D", sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the number of official responses per day or week, by level and type.

    Returns
    -------
    pandas.DataFrame
        Long ("tidy") frame with columns ``date`` (the day or week's Monday),
        ``response_level``, ``response_type`` and ``n_responses``; only combinations that
        occur. Levels follow ``schema.RESPONSE_LEVELS`` order, then types alphabetically.
        ``attrs["excluded"]`` lists responses not placed in one period.
    """
    responses = response_events(events, sources=sources)
    period, excluded = assign_period(responses, check_freq(freq))
    frame = responses.assign(date=period).dropna(subset=["date"])
    frame = frame.assign(
        response_level=frame["response_level"].astype("string"),
        response_type=frame["response_type"].astype("string").fillna("unspecified"),
    )
    out = (
        frame.groupby(["date", "response_level", "response_type"], sort=False)
        .size()
        .rename("n_responses")
        .reset_index()
    )
    order = {level: i for i, level in enumerate(schema.RESPONSE_LEVELS)}
    out = out.assign(_o=out["response_level"].map(order)).sort_values(
        ["date", "_o", "response_type"], kind="stable"
    )
    out = out.drop(columns="_o").reset_index(drop=True)
    out["n_responses"] = out["n_responses"].astype("Int64")
    out.attrs["excluded"] = excluded.reset_index(drop=True)
    return out


def crowd_events(events: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the demonstrations that occurred, one per event (disputes merged).

    What the crowd chart draws one mark for; events without a size are kept (``crowd_low`` NA).
    """
    figures = event_figures(events, sources=sources)
    return figures[is_crowd_event(figures)]


def peak(series: pd.DataFrame, column: str = "mid_sum") -> tuple[pd.Timestamp, float] | None:
    """Return the (date, value) with the largest ``column``, the earliest on ties; None if empty."""
    values = series[column].dropna()
    if values.empty:
        return None
    top = values.max()
    when = values[values == top].index.min()
    return when, float(top)


def chart_rows(
    events: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    response_scopes: Iterable[str] | str | None = None,
) -> pd.DataFrame:
    """Return what the combined chart draws, one row per event and panel.

    Parameters
    ----------
    events
        A (selected) events frame.
    sources
        Sources frame (publisher names); defaults to ``load_sources()``.
    scopes
        Scopes of the crowd and arrests panels (default local and regional).
    response_scopes
        Scopes of the responses panel (default all).

    Returns
    -------
    pandas.DataFrame
        :func:`event_figures` rows with a ``panel`` column: "crowd" (demonstrations that
        occurred), "arrests" (events that occurred with a protester or immigration arrest
        figure) and "responses" (official responses). An event can appear in two panels.
        Rows with ``date_precision`` "month" are included; charts leave them out and notes
        count them.
    """
    local = events if scopes is None else select_events(events, scopes=scopes)
    wide = events if response_scopes is None else select_events(events, scopes=response_scopes)
    crowd = crowd_events(local, sources=sources)
    figures = event_figures(local, sources=sources)
    arrests = figures[is_arrest_event(figures)]
    responses = response_events(wide, sources=sources)
    return pd.concat(
        [
            crowd.assign(panel="crowd"),
            arrests.assign(panel="arrests"),
            responses.assign(panel="responses"),
        ]
    )
