"""Binning many events by day, shared by the static and the interactive charts.

Above :data:`MAX_MARKS` marks a chart panel draws one mark per day (or per day and level of
government) instead of one per event, and says so on the panel: thousands of overlapping
marks cannot be read, and drawing them makes a chart slow and its file large. Both chart
engines use the same threshold and the same per-day figures, so a static chart and its
interactive twin show the same bins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.prep.aggregate import assign_period
from analysis.prep.select import precision_is

#: Above this many marks a panel is binned by day (one mark per day, or per day and level), so
#: a chart stays bounded in drawing time and file size however many events the data hold; the
#: panel says so.
MAX_MARKS = 1500


def mark_days(frame: pd.DataFrame) -> pd.Series:
    """The day each row's mark goes on (week-dated rows mid-week), vectorised ``mark_date``."""
    week = precision_is(frame, "week")
    return frame["date"].dt.normalize() + pd.to_timedelta(np.where(week, 3, 0), unit="D")


def crowd_day_stats(known: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Per day, the demonstrations with a reported size: how many, and their figures' spread.

    Parameters
    ----------
    known
        :func:`analysis.prep.aggregate.crowd_events` rows that report a size (``crowd_low`` set).
    by
        The day of each row (:func:`mark_days`), same index.

    Returns
    -------
    pandas.DataFrame
        Indexed by day, in order: ``n`` (events), ``low`` (smallest low figure), ``high``
        (largest high figure, the low one where no upper bound was given) and ``mid`` (the
        median of the events' midpoints), all floats except ``n``.
    """
    lows = known["crowd_low"].astype(float)
    highs = known["crowd_high"].astype(float).fillna(lows)
    mids = known["crowd_mid"].astype(float)
    return pd.DataFrame(
        {
            "n": lows.groupby(by).size(),
            "low": lows.groupby(by).min(),
            "high": highs.groupby(by).max(),
            "mid": mids.groupby(by).median(),
        }
    )


def figure_days(rows: pd.DataFrame) -> pd.Series:
    """The day a row's arrest figure is counted on when binning: its day, or its first day.

    Rows that :func:`analysis.prep.aggregate.assign_period` cannot put on one day (multi-day
    figures, week-dated rows) count on their ``date``, the first day they cover.
    """
    period, _excluded = assign_period(rows, "D")
    return period.fillna(rows["date"])


def figure_day_stats(rows: pd.DataFrame, measure: str, by: pd.Series | str) -> pd.DataFrame:
    """Per day, the sum of a measure's low and high figures, whether any is disputed, how many.

    Parameters
    ----------
    rows
        :func:`analysis.prep.aggregate.event_figures` rows that report ``<measure>_low``.
    measure
        "arrests" or "immigration" (any measure of :data:`analysis.prep.aggregate.MEASURES`).
    by
        The day of each row (:func:`figure_days`), or the name of a column holding it.

    Returns
    -------
    pandas.DataFrame
        Indexed by day, in order: ``low``, ``high`` (floats), ``disputed`` (bool), ``n``.
    """
    grouped = rows.groupby(by, sort=True)
    return pd.DataFrame(
        {
            "low": grouped[f"{measure}_low"].sum().astype(float),
            "high": grouped[f"{measure}_high"].sum().astype(float),
            "disputed": grouped["disputed"].any().astype(bool),
            "n": grouped.size(),
        }
    )
