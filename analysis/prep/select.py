"""Select events for a chart or report: check the parameters, then filter the loaded events frame.

Notebooks run by papermill receive every date as a string and lists as YAML, and a typo in a city
name must not silently give an empty chart. So the functions here accept "YYYY-MM-DD" strings,
dates and Timestamps, single values or lists, and raise :class:`analysis.errors.ParameterError`
naming the valid values when a parameter cannot be used.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.errors import ParameterError

if TYPE_CHECKING:
    DateLike = str | dt.date | dt.datetime | pd.Timestamp | np.datetime64

#: Shorthands accepted in ``event_types``: each stands for a set of event types.
EVENT_TYPE_GROUPS: dict[str, frozenset[str]] = {
    "protests": schema.PROTEST_EVENT_TYPES,
    "responses": schema.RESPONSE_EVENT_TYPES,
}

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: DateLike, *, name: str = "date") -> pd.Timestamp:
    """Turn a date parameter into a midnight, time-zone-free Timestamp.

    Parameters
    ----------
    value
        A "YYYY-MM-DD" string (what papermill passes), a ``datetime.date``/``datetime``,
        a pandas Timestamp or a numpy datetime64. Times of day are dropped; a time zone is
        dropped after converting nothing (the wall-clock date is kept).
    name
        Parameter name used in the error message.

    Raises
    ------
    ParameterError
        For anything else, an unparsable string or an impossible date such as "2026-02-30".
    """
    if isinstance(value, str):
        text = value.strip()
        if not _ISO_DAY.fullmatch(text):
            raise ParameterError(
                f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. '2026-01-30'"
            )
        try:
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError as exc:
            raise ParameterError(f"{name}: {value!r} is not a real date ({exc})") from None
    if isinstance(value, bool) or not isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        raise ParameterError(
            f"{name}: expected a 'YYYY-MM-DD' string, a date or a Timestamp, "
            f"got {type(value).__name__} {value!r}"
        )
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        raise ParameterError(f"{name}: got a missing date (NaT)")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def parse_date_range(
    start: DateLike | None = None, end: DateLike | None = None
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Parse optional ``start`` and ``end`` and check that the end is not before the start.

    Raises
    ------
    ParameterError
        If either cannot be parsed or ``end`` is before ``start``.
    """
    a = None if start is None else parse_date(start, name="start")
    b = None if end is None else parse_date(end, name="end")
    if a is not None and b is not None and b < a:
        raise ParameterError(
            f"end ({b:%Y-%m-%d}) is before start ({a:%Y-%m-%d}); swap them or widen the range"
        )
    return a, b


def as_list(value: str | Iterable[str] | None, *, name: str) -> list[str] | None:
    """Return a parameter that may be one string or several as a list (None stays None).

    Raises
    ------
    ParameterError
        If the value is neither a string nor an iterable of strings, or is an empty list.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        items = list(value)
        bad = [v for v in items if not isinstance(v, str)]
        if bad:
            raise ParameterError(f"{name}: expected text values, got {bad!r}")
        if not items:
            raise ParameterError(f"{name}: the list is empty; pass None to keep every value")
        return items
    raise ParameterError(f"{name}: expected a string or a list of strings, got {value!r}")


def check_choices(
    values: str | Iterable[str] | None,
    valid: Iterable[str],
    *,
    name: str,
    aliases: dict[str, Iterable[str]] | None = None,
) -> list[str] | None:
    """Check parameter values against the valid ones, ignoring case and surrounding spaces.

    Parameters
    ----------
    values
        One value, several, or None (no filter).
    valid
        The allowed values, spelled as in the data.
    name
        Parameter name used in the error message.
    aliases
        Extra names that stand for several valid values (e.g. "protests").

    Returns
    -------
    list of str or None
        The values spelled as in ``valid`` (aliases expanded), in the order given.

    Raises
    ------
    ParameterError
        Naming each unknown value, close matches, and every valid value.
    """
    items = as_list(values, name=name)
    if items is None:
        return None
    valid = sorted({str(v) for v in valid})
    lookup = {v.casefold(): v for v in valid}
    alias_lookup = {k.casefold(): list(v) for k, v in (aliases or {}).items()}
    out: list[str] = []
    unknown: list[str] = []
    for item in items:
        key = item.strip().casefold()
        if key in lookup:
            out.append(lookup[key])
        elif key in alias_lookup:
            out.extend(sorted(alias_lookup[key]))
        else:
            unknown.append(item)
    if unknown:
        hints = []
        for u in unknown:
            close = difflib.get_close_matches(u, valid, n=2, cutoff=0.6)
            hints.append(
                f"{u!r}" + (f" (did you mean {' or '.join(map(repr, close))}?)" if close else "")
            )
        shown = ", ".join(valid) if valid else "(none in this data)"
        extra = f"; or one of the groups {', '.join(sorted(aliases))}" if aliases else ""
        raise ParameterError(
            f"{name}: unknown value{'s' if len(unknown) > 1 else ''} {', '.join(hints)}. "
            f"Valid values: {shown}{extra}"
        )
    return list(dict.fromkeys(out))


def is_one_of(values: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """Which values are one of ``wanted`` (False where missing).

    Categorical columns, as loaded, are compared by their codes: turning a million categories
    into strings first would cost a tenth of a second per call.
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("string")
    return values.isin(list(wanted)).fillna(False).to_numpy(dtype=bool)


def precision_is(frame: pd.DataFrame, precision: str) -> np.ndarray:
    """Which rows are dated to ``precision`` ("day", "week", "month"); False where missing."""
    if "date_precision" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return is_one_of(frame["date_precision"], (precision,))


def period_end(events: pd.DataFrame) -> pd.Series:
    """Return the last day each row may cover: ``date_end``, else the end of its week or month.

    A row with ``date_precision`` "week" is dated on that week's Monday and may have happened up
    to the Sunday; "month" rows are dated on the 1st. Date filters use this to tell whether a
    row's possible period lies within, or only partly within, the requested range
    (:func:`date_fit`).
    """
    date = events["date"]
    end = date.to_numpy(dtype="datetime64[ns]")
    if "date_precision" in events:
        week, month = precision_is(events, "week"), precision_is(events, "month")
        day = np.timedelta64(1, "D")
        # The last day of a row's month: the first of the next month, less one day.
        month_end = (end.astype("datetime64[M]") + 1).astype("datetime64[ns]") - day
        end = np.where(week, end + 6 * day, np.where(month, month_end, end))
    out = pd.Series(end, index=events.index, name=date.name)
    if "date_end" in events:
        out = events["date_end"].where(events["date_end"].notna(), out)
    return out


def date_fit(
    events: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows belong to the days ``start``-``end`` (inclusive; None: open), and which are
    reported for a period that only partly overlaps them.

    A row dated to the day (one day, or the days from ``date`` to ``date_end`` that its source
    gives) belongs when any of its days is in the range. A row dated only to a week or a month
    belongs only when the range covers its whole week or month: nobody knows whether it
    happened within a part of it. A week or month that merely overlaps the range is *apart*:
    "reported for the period, not dated within these days". Returns ``(within, apart)``.
    """
    n = len(events)
    if start is None and end is None:
        return np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    first = events["date"]
    last = period_end(events)
    overlap = np.ones(n, dtype=bool)
    inside = np.ones(n, dtype=bool)
    if start is not None:
        overlap &= (last >= start).fillna(False).to_numpy(dtype=bool)
        inside &= (first >= start).fillna(False).to_numpy(dtype=bool)
    if end is not None:
        overlap &= (first <= end).fillna(False).to_numpy(dtype=bool)
        inside &= (last <= end).fillna(False).to_numpy(dtype=bool)
    vague = precision_is(events, "week") | precision_is(events, "month")
    within = overlap & (inside | ~vague)
    return within, overlap & ~within


def main_source_ids(events: pd.DataFrame) -> pd.Series:
    """Return each row's main (first-listed, evidence) source id."""
    return events["source_ids"].astype("string").str.split(schema.LIST_SEP).str[0].str.strip()


def select_events(
    events: pd.DataFrame,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    cities: str | Iterable[str] | None = None,
    event_types: str | Iterable[str] | None = None,
    scopes: str | Iterable[str] | None = None,
    statuses: str | Iterable[str] | None = None,
    reliability: str | Iterable[str] | None = None,
    min_reliability: str | None = None,
    response_levels: str | Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the events matching every given filter (None means "do not filter on this").

    Parameters
    ----------
    events
        The loaded events frame (``analysis.data.load.load_events``).
    start, end
        Inclusive date range, "YYYY-MM-DD" strings, dates or Timestamps. A row dated to the
        day is kept when one of its days is in the range; a row dated only to a week or a
        month when the range covers that whole week or month (:func:`date_fit`; the rows
        that only overlap are :func:`partition_events`'s second frame).
    cities
        City names as spelled in the data (case is ignored). Rows without a city (regional or
        national rows) are dropped when this is given.
    event_types
        Values of ``schema.EVENT_TYPES``, or the groups "protests" and "responses".
    scopes, statuses, response_levels
        Values of ``schema.SCOPE``, ``schema.STATUS`` and ``schema.RESPONSE_LEVELS``.
    reliability
        Reliability levels ("high", "medium", "low") of the row's main source, the first of
        its ``source_ids``, because the row's figures come from that source.
    min_reliability
        The lowest reliability kept: "medium" drops rows resting on a low-reliability
        source, "high" keeps only high ones (combined with ``reliability`` when both given).
    sources
        The sources frame, needed for ``reliability`` and ``min_reliability``.

    Returns
    -------
    pandas.DataFrame
        A filtered copy, same columns and dtypes, original row order.

    Raises
    ------
    ParameterError
        For an unknown value, an unparsable date or an end before the start; the message lists
        the valid values.
    """
    return partition_events(
        events,
        start=start,
        end=end,
        cities=cities,
        event_types=event_types,
        scopes=scopes,
        statuses=statuses,
        reliability=reliability,
        min_reliability=min_reliability,
        response_levels=response_levels,
        sources=sources,
    )[0]


def partition_events(
    events: pd.DataFrame,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    cities: str | Iterable[str] | None = None,
    event_types: str | Iterable[str] | None = None,
    scopes: str | Iterable[str] | None = None,
    statuses: str | Iterable[str] | None = None,
    reliability: str | Iterable[str] | None = None,
    min_reliability: str | None = None,
    response_levels: str | Iterable[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows :func:`select_events` keeps, and the rows it keeps apart.

    The second frame holds the rows that match every other filter but are dated only to a
    week or a month that the date range covers in part (:func:`date_fit`): reported for that
    period, not dated within the range. It is empty for a selection without dates. Parameters
    and errors are :func:`select_events`'s.
    """
    a, b = parse_date_range(start, end)
    keep = np.ones(len(events), dtype=bool)

    known_cities = (
        events["city"].dropna().astype(str).unique()
        if cities is not None and "city" in events
        else []
    )
    wanted = check_choices(cities, known_cities, name="cities")
    if wanted is not None:
        keep &= events["city"].astype("string").isin(wanted).fillna(False).to_numpy(dtype=bool)

    for column, param, vocabulary, aliases in (
        ("event_type", event_types, schema.EVENT_TYPES, EVENT_TYPE_GROUPS),
        ("scope", scopes, schema.SCOPE, None),
        ("status", statuses, schema.STATUS, None),
        ("response_level", response_levels, schema.RESPONSE_LEVELS, None),
    ):
        wanted = check_choices(param, vocabulary, name=_param_name(column), aliases=aliases)
        if wanted is not None:
            keep &= is_one_of(events[column], wanted)

    levels = reliability_levels(reliability, min_reliability)
    if levels is not None:
        if sources is None:
            raise ParameterError(
                "reliability: pass sources= (the sources table) to filter by reliability"
            )
        by_source = sources.set_index("source_id")["reliability"].astype("string")
        main = main_source_ids(events).map(by_source)
        keep &= main.isin(levels).fillna(False).to_numpy(dtype=bool)

    within, apart = date_fit(events, a, b)
    kept = keep & within
    # Copy-on-write (pandas 3): the result is independent of ``events`` without a deep copy.
    return (
        events.copy(deep=False) if kept.all() else events.loc[kept],
        events.loc[keep & apart],
    )


def reliability_levels(
    reliability: str | Iterable[str] | None = None, min_reliability: str | None = None
) -> list[str] | None:
    """The reliability levels a selection keeps (None: all), from a list and/or a minimum.

    Raises
    ------
    ParameterError
        For a level that is not one of ``schema.RELIABILITY`` ("high", "medium", "low").
    """
    levels = check_choices(reliability, schema.RELIABILITY, name="reliability")
    if min_reliability is None:
        return levels
    floor = check_choices(min_reliability, schema.RELIABILITY, name="min_reliability")
    assert floor is not None
    if len(floor) != 1:
        raise ParameterError("min_reliability: give one level ('high', 'medium' or 'low')")
    order = list(schema.RELIABILITY)  # best first
    at_least = order[: order.index(floor[0]) + 1]
    return [lvl for lvl in (levels or order) if lvl in at_least]


def _param_name(column: str) -> str:
    return {
        "event_type": "event_types",
        "scope": "scopes",
        "status": "statuses",
        "response_level": "response_levels",
    }[column]
