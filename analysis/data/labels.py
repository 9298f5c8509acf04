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


#: How each response type reads in a report's tables and "Get the data" files: the data
#: dictionary's codes (``schema.RESPONSE_TYPES``) in a reader's words.
RESPONSE_TYPE_LABELS: dict[str, str] = {
    "accommodation": "Met protesters' demands",
    "arrests": "Arrests",
    "crowd_dispersal": "Crowd dispersed",
    "ignore": "No immediate comment",
    "statement": "Statement",
    "directive": "Order",
    "deployment": "Deployment",
    "deployment_request": "Request for officers",
    "withdrawal": "Withdrawal",
    "tactical_alert": "Tactical alert",
    "prosecution_threat": "Threat of prosecution",
    "funding_threat": "Threat to funds",
    "quota": "Arrest quota for ICE",
    "legislation": "Bill",
    "reporting_portal": "Reporting portal",
}

#: How a row's ``status`` reads in a report ("announced" -> "Announced only").
STATUS_LABELS: dict[str, str] = {"occurred": "Happened", "announced": "Announced only"}

#: Response types drawn among the responses but not counted as responses made: a reported
#: silence ("no immediate comment") is no response, and an arrest quota set for ICE is a
#: target behind the raids, not an answer to them or to the protests (README, "What counts as
#: an official response").
UNCOUNTED_RESPONSE_TYPES: dict[str, tuple[str, str]] = {
    "ignore": ("'no immediate comment'", "'no immediate comment' replies"),
    "quota": ("arrest quota set for ICE", "arrest quotas set for ICE"),
}


def response_type_label(code: object) -> str:
    """The reader's words for a response type code ("ignore" -> "No immediate comment"); an
    unknown code is written without underscores, an empty cell as ""."""
    if code is None or code is pd.NA or (isinstance(code, float) and pd.isna(code)):
        return ""
    text = str(code)
    return RESPONSE_TYPE_LABELS.get(text, text.replace("_", " ").capitalize())


def status_label(code: object) -> str:
    """The reader's words for a row's status ("announced" -> "Announced only")."""
    if code is None or code is pd.NA or (isinstance(code, float) and pd.isna(code)):
        return ""
    return STATUS_LABELS.get(str(code), str(code).capitalize())
