"""Short chart labels from the data: the curator's ``label``, or a fallback where it is empty.

Issue 11: charts wrote labels they generated ("Department of Homeland…: statement",
"Los Angeles · at least 300" for three different events). ``events.csv`` now carries ``label``,
a name of at most :data:`analysis.data.schema.LABEL_MAX_CHARS` characters written by the curator
and checked by the validator; these helpers hand it to a chart, and a fallback where a row has
none (synthetic data, a row added without one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from analysis.data import schema

#: A function making a label from a row, for rows without one.
Fallback = Callable[[Mapping[str, object]], str]


def _text(value: object) -> str | None:
    """``value`` as a label: a string with a visible character, else None."""
    if value is None or value is pd.NA or not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def default_label(row: Mapping[str, object]) -> str:
    """The fallback: the row's ``title`` cut at a word to fit the label length ("…" if cut)."""
    from analysis.fmt import shorten

    title = _text(row.get("title")) or ""
    return shorten(title, schema.LABEL_MAX_CHARS)


def chart_label(row: Mapping[str, object], fallback: Fallback | None = None) -> str:
    """The label of one event row (a dict, a ``Series`` or an ``itertuples()._asdict()``).

    Parameters
    ----------
    row
        The row's cells; ``label`` is used when it holds a visible character.
    fallback
        Makes a label for a row without one; default :func:`default_label` (the title, cut).

    Examples
    --------
    >>> chart_label({"label": "Torrance rally", "title": "ICE OUT rally at Del Amo"})
    'Torrance rally'
    >>> chart_label({"label": None, "title": "Mayor Bass condemns the raids"})
    'Mayor Bass condemns the raids'
    """
    return _text(row.get("label")) or (fallback or default_label)(row)


def chart_labels(events: pd.DataFrame, fallback: Fallback | None = None) -> pd.Series:
    """The label of every row of ``events`` (same index), the fallback only where it is empty.

    The fallback is called only for the rows without a label, so a costly one (a generated
    "who: what" label) costs nothing when the data carry labels.
    """
    labels = events["label"] if "label" in events else pd.Series(pd.NA, index=events.index)
    labels = labels.astype("string").str.split().str.join(" ")
    missing = labels.isna() | (labels == "")
    out = labels.astype(object).where(~missing, None)
    if missing.any():
        make = fallback or default_label
        rows = events.loc[missing]
        out.loc[missing] = [make(row) for _, row in rows.iterrows()]
    return out.astype("string").rename("label")
