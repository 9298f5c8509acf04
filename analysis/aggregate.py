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

import collections
import functools
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import schema
from analysis.errors import ParameterError
from analysis.select import check_choices, select_events

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
    """``data/sources.csv`` as loaded by ``analysis.load.load_sources``, read once per change.

    Charts call the aggregation many times; re-reading and re-validating the file each time
    would dominate their run time. The cache is keyed by the file's modification time and size.
    """
    from analysis import paths

    stat = paths.SOURCES_CSV.stat()
    return _load_sources_cached(str(paths.SOURCES_CSV), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=2)
def _load_sources_cached(path: str, _mtime: int, _size: int) -> pd.DataFrame:
    from analysis.load import load_sources

    return load_sources(path)


def publisher_names(sources: pd.DataFrame | None) -> dict[str, str]:
    """Map source_id to publisher; ``None`` uses :func:`default_sources`."""
    if sources is None:
        sources = default_sources()
    return dict(
        zip(sources["source_id"].astype(str), sources["publisher"].astype(str), strict=True)
    )


def split_cell(value: object) -> list[str]:
    """Split one ``;``-separated cell into its stripped, non-empty items (NA gives []).

    For a whole column at once use :func:`analysis.load.split_list`.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return []
    return [v.strip() for v in str(value).split(schema.LIST_SEP) if v.strip()]


def _publishers(source_ids: pd.Series, names: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Per row: the main source's publisher, and every source's publisher (unique, ``;``-joined).

    The lists are split and exploded once with pyarrow; only the distinct source ids (a few
    hundred, not one per row) go through Python, to strip them and look up their publisher.
    """
    if not isinstance(source_ids.dtype, pd.StringDtype):  # not as loaded: the plain way
        main = source_ids.map(lambda v: (split_cell(v) or [""])[0]).map(lambda s: names.get(s, s))
        every = source_ids.map(
            lambda v: schema.LIST_SEP.join(dict.fromkeys(names.get(s, s) for s in split_cell(v)))
        )
        return main, every
    arr = pa.array(source_ids.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    lists = pc.split_pattern(arr, schema.LIST_SEP)
    rows = pc.list_parent_indices(lists).to_numpy()
    encoded = lists.flatten().dictionary_encode()
    item_codes = encoded.indices.to_numpy(zero_copy_only=False)
    # Each distinct raw item: stripped, dropped when empty, mapped to its publisher.
    stripped = [str(v).strip() for v in encoded.dictionary.to_pylist()]
    pub_names, pub_codes = np.unique(
        np.array([names.get(v, v) for v in stripped] or [""], dtype=object), return_inverse=True
    )
    kept = np.array([bool(v) for v in stripped], dtype=bool)[item_codes]
    rows, item_codes = rows[kept], item_codes[kept]
    pubs = pub_codes[item_codes]
    n = len(source_ids)
    # main: the first kept item of each row; rows without one get names.get("", "").
    first = np.full(n, -1, dtype=np.int64)
    first_pos = np.unique(rows, return_index=True)
    first[first_pos[0]] = pubs[first_pos[1]]
    none = names.get("", "")
    main = np.where(first >= 0, pub_names[np.maximum(first, 0)], none)
    # every: unique publishers per row in order of first appearance.
    _, first_seen = np.unique(rows * len(pub_names) + pubs, return_index=True)
    first_seen.sort()
    offsets = np.concatenate([[0], np.cumsum(np.bincount(rows[first_seen], minlength=n))])
    joined = pc.binary_join(
        pa.ListArray.from_arrays(
            pa.array(offsets, type=pa.int32()),
            pa.array(pub_names[pubs[first_seen]].tolist(), type=pa.string()),
        ),
        schema.LIST_SEP,
    )
    dtype = source_ids.dtype
    return (
        pd.Series(main.tolist(), index=source_ids.index, dtype=dtype),
        pd.Series(pd.array(joined, dtype=dtype), index=source_ids.index),
    )


def _unique_join(values: pd.Series) -> str:
    items: list[str] = []
    for v in values:
        items.extend(split_cell(v))
    return schema.LIST_SEP.join(dict.fromkeys(items))


def _join_wordings(values: Iterable[object]) -> str:
    return " | ".join(v for v in values if isinstance(v, str) and v)


def _join_ids(values: Iterable[object]) -> str:
    return schema.LIST_SEP.join(str(v) for v in values)


def _join_notes(values: Iterable[object]) -> str:
    return " ".join(str(v) for v in values if not pd.isna(v) and str(v))


def _aggregate_groups(frame: pd.DataFrame, aggs: dict[str, tuple[str, object]]) -> pd.DataFrame:
    """``frame.groupby("key", sort=False).agg(**aggs)``, same values and dtypes, but faster.

    Built-in reductions (given by name) run in pandas; Python functions run over each group's
    values as a plain list instead of a Series per group, which is what made the groupby slow.
    """
    builtin = {out: spec for out, spec in aggs.items() if isinstance(spec[1], str)}
    out = frame.groupby("key", sort=False).agg(**builtin)
    codes, keys = pd.factorize(frame["key"])  # first-appearance order, as sort=False
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(keys)))[:-1]
    for out_col, (col, func) in aggs.items():
        if isinstance(func, str):
            continue
        assert callable(func)
        groups = np.split(frame[col].to_numpy(dtype=object)[order], bounds)
        values = [func(list(g)) for g in groups]
        dtype = frame[col].dtype
        out[out_col] = pd.array(values, dtype=dtype if isinstance(dtype, pd.StringDtype) else None)
    return out[list(aggs)]


_FIGURES_CACHE: collections.OrderedDict[tuple[int, int], pd.DataFrame] = collections.OrderedDict()
_FIGURES_CACHE_SIZE = 16


def _frame_hash(frame: pd.DataFrame) -> int:
    """Content hash of a frame (values, index and column names)."""
    values = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    return hash((values.tobytes(), tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes))))


def event_figures(events: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per event, with dispute groups merged and figures as low–high ranges.

    Results are cached by the content of ``events`` and ``sources`` (a chart asks for the same
    figures several times); a copy is returned, so changing it does not change the cache.

    Parameters
    ----------
    events
        A (selected) events frame as loaded by ``analysis.load.load_events``.
    sources
        The sources frame for publisher names; defaults to ``analysis.load.load_sources()``.

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
    names = publisher_names(sources)
    key = (_frame_hash(events), hash(tuple(sorted(names.items()))))
    cached = _FIGURES_CACHE.get(key)
    if cached is not None:
        _FIGURES_CACHE.move_to_end(key)
        return cached.copy()
    out = _event_figures(events, names)
    _FIGURES_CACHE[key] = out
    while len(_FIGURES_CACHE) > _FIGURES_CACHE_SIZE:
        _FIGURES_CACHE.popitem(last=False)
    return out.copy()


def _event_figures(events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    df = events.reset_index(drop=True).copy()
    group = df["dispute_group"].astype("string") if "dispute_group" in df else None
    key = df["event_id"].astype("string")
    if group is not None:
        key = group.where(group.notna() & (group.str.strip() != ""), key)
    df["key"] = key.astype(str)
    # Group by integer codes of the key (hashing the strings once, not once per groupby).
    key_codes, _ = pd.factorize(df["key"])
    shared = (np.bincount(key_codes)[key_codes] > 1) if len(df) else np.zeros(0, dtype=bool)
    is_first = np.zeros(len(df), dtype=bool)
    is_first[np.unique(key_codes, return_index=True)[1]] = True

    df["_main_pub"], df["publishers"] = _publishers(df["source_ids"], names)

    for measure, (low_col, high_col, text_col) in MEASURES.items():
        low = _int_column(df, low_col)
        high = (
            _int_column(df, high_col)
            if high_col
            else pd.Series(pd.NA, index=df.index, dtype="Int64")
        )
        open_ = low.notna() & high.isna() & (high_col is not None)
        low = low.fillna(high)  # a lone upper bound is the only number
        closed_high = high.fillna(low)
        df[f"_{measure}_low"] = low
        df[f"_{measure}_high"] = closed_high
        df[f"_{measure}_openrow"] = open_.fillna(False).astype(bool)
        text = (
            df[text_col].astype("string")
            if text_col in df
            else pd.Series(pd.NA, index=df.index, dtype="string")
        )
        has_text = (text.notna() & (text.str.strip() != "")).fillna(False)
        quoted = "\u201c" + text.str.strip() + "\u201d"
        shown = quoted.where(has_text, low.astype("string"))
        wording = (shown + " (" + df["_main_pub"].astype("string") + ")").where(low.notna())
        df[f"_{measure}_wording"] = wording.astype(object).where(wording.notna(), None).tolist()
        max_in_group = df[f"_{measure}_high"].groupby(key_codes, sort=False).transform("max")
        df[f"_{measure}_openmax"] = (
            df[f"_{measure}_openrow"] & (df[f"_{measure}_low"] == max_in_group).fillna(False)
        ).astype(bool)

    df["_disputed"] = df["disputed"].fillna(False).astype(bool) if "disputed" in df else False
    aggs: dict[str, tuple[str, object]] = {
        "event_ids": ("event_id", _join_ids),
        "n_rows": ("event_id", "size"),
        "date": ("date", "min"),
    }
    if "date_end" in df:
        aggs["date_end"] = ("date_end", "max")
    for measure in MEASURES:
        aggs[f"{measure}_low"] = (f"_{measure}_low", "min")
        aggs[f"{measure}_high"] = (f"_{measure}_high", "max")
        aggs[f"{measure}_open"] = (f"_{measure}_openmax", "any")
        aggs[f"{measure}_wording"] = (f"_{measure}_wording", _join_wordings)
    aggs["_disputed_flag"] = ("_disputed", "any")
    aggs["source_ids"] = ("source_ids", _unique_join)
    aggs["publishers"] = ("publishers", _unique_join)
    aggs["main_publisher"] = ("_main_pub", "first")
    if "police_measures" in df:
        aggs["police_measures"] = ("police_measures", _unique_join)
    if "notes" in df:
        aggs["notes"] = ("notes", _join_notes)

    # Most events are one row: take those as they are and aggregate only the dispute groups
    # (a groupby with Python functions over every row is what makes this slow).
    single = df[~shared].set_index("key")
    parts = [
        pd.DataFrame(
            {
                out_col: (
                    single[col].astype(str)
                    if how == "event_ids"
                    else 1
                    if how == "size"
                    else single[col]
                )
                for out_col, (col, how) in (
                    (k, (v[0], _single_how(k, v[1]))) for k, v in aggs.items()
                )
            },
            index=single.index,
        )
    ]
    if shared.any():
        parts.append(_aggregate_groups(df[shared], aggs))
    out = pd.concat(parts) if len(parts) > 1 else parts[0]
    out = out.reindex(pd.Index(df["key"][is_first], name="key"))
    # groupby "first" skips NA; descriptive columns must come from the first row itself.
    first_rows = df[is_first].set_index("key")
    for col in _FIRST_COLUMNS:
        if col in first_rows:
            out[col] = first_rows[col].reindex(out.index)
    out["disputed"] = (out.pop("_disputed_flag") | (out["n_rows"] > 1)).astype("boolean")
    for measure in MEASURES:
        low = out[f"{measure}_low"].astype("Int64")
        high = out[f"{measure}_high"].astype("Int64")
        out[f"{measure}_low"] = low
        out[f"{measure}_high"] = high
        out[f"{measure}_open"] = out[f"{measure}_open"].astype("boolean")
        mid = (low.astype("Float64") + high.astype("Float64")) / 2
        out[f"{measure}_mid"] = mid.where(~out[f"{measure}_open"], low.astype("Float64"))
        wording = out[f"{measure}_wording"].astype("string")
        out[f"{measure}_wording"] = wording.where(wording != "", pd.NA)
    for col in ("event_type", "status", "scope", "response_level", "response_type"):
        if col in events and isinstance(events[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(events[col].dtype)
    out = out.sort_values(["date", "event_ids"], kind="stable")
    out.index.name = "key"
    return out


def _single_how(out_col: str, how: object) -> str:
    """How a one-row group's value is taken: ids as text, size 1, anything else as it is."""
    if out_col == "event_ids":
        return "event_ids"
    return "size" if how == "size" else "value"


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
    precision = (
        figures["date_precision"].astype("string").fillna("day")
        if "date_precision" in figures
        else pd.Series("day", index=figures.index, dtype="string")
    )
    if freq == "D":
        period = date.dt.normalize()
        multi = end.notna() & (end.dt.normalize() != period)
        vague = precision != "day"
        reasons = np.where(
            vague,
            "dated only to the " + precision.astype(str),
            np.where(multi, "figure covers several days", ""),
        )
    else:
        period = (date - pd.to_timedelta(date.dt.day_of_week, unit="D")).dt.normalize()
        end_week = (end - pd.to_timedelta(end.dt.day_of_week, unit="D")).dt.normalize()
        multi = end.notna() & (end_week != period)
        vague = precision == "month"
        reasons = np.where(
            vague, "dated only to the month", np.where(multi, "figure covers several weeks", "")
        )
    bad = (vague | multi).fillna(False).to_numpy(dtype=bool)
    period = period.where(~bad)
    excluded = pd.DataFrame({"key": figures.index[bad], "reason": reasons[bad]})
    return period, excluded


def _measure_series(
    figures: pd.DataFrame, measure: str, freq: Freq, counted: pd.Series
) -> pd.DataFrame:
    period, excluded = assign_period(figures, freq)
    frame = figures.assign(_period=period)
    frame = frame[counted.to_numpy(dtype=bool) & frame["_period"].notna().to_numpy(dtype=bool)]
    excluded = excluded[excluded["key"].isin(figures.index[counted.to_numpy(dtype=bool)])]
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


def _occurred(figures: pd.DataFrame) -> pd.Series:
    if "status" not in figures:
        return pd.Series(True, index=figures.index)
    return (figures["status"].astype("string") == "occurred").fillna(False)


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
    protest = figures["event_type"].astype("string").isin(schema.PROTEST_EVENT_TYPES)
    counted = protest.fillna(False) & _occurred(figures)
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
    types = figures["event_type"].astype("string")
    if kind == "protesters":
        measure = "arrests"
        relevant = types.isin(schema.PROTEST_EVENT_TYPES | {"police_action"})
    else:
        measure = "immigration"
        relevant = types == "enforcement_operation"
    counted = (relevant.fillna(False) | figures[f"{measure}_low"].notna()) & _occurred(figures)
    return _measure_series(figures, measure, check_freq(freq), counted)


def response_events(events: pd.DataFrame, *, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return official responses (``schema.RESPONSE_EVENT_TYPES`` with a level), one per event.

    Announced responses are kept: announcing a deployment is itself a response.
    The frame is :func:`event_figures` restricted to responses.
    """
    figures = event_figures(events, sources=sources)
    is_response = figures["event_type"].astype("string").isin(schema.RESPONSE_EVENT_TYPES)
    has_level = figures["response_level"].notna() if "response_level" in figures else False
    return figures[(is_response.fillna(False) & has_level).to_numpy(dtype=bool)]


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
    protest = figures["event_type"].astype("string").isin(schema.PROTEST_EVENT_TYPES)
    return figures[(protest.fillna(False) & _occurred(figures)).to_numpy(dtype=bool)]


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
    with_arrests = figures["arrests_low"].notna() | figures["immigration_low"].notna()
    arrests = figures[(with_arrests & _occurred(figures)).to_numpy(dtype=bool)]
    responses = response_events(wide, sources=sources)
    return pd.concat(
        [
            crowd.assign(panel="crowd"),
            arrests.assign(panel="arrests"),
            responses.assign(panel="responses"),
        ]
    )
