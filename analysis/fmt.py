"""Format dates, counts and ranges as readers see them in charts, alt text and timelines.

One place for "31 Jan 2026", "6–7 Jun 2025", "2,500", "5–8" and "300+", so a chart label, its
alt text and the TimelineJS sheet never word the same figure differently.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

#: En dash used in ranges ("5–8", "6–7 Jun 2025").
DASH = "\u2013"


def _as_date(value: dt.date | pd.Timestamp) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def format_day(value: dt.date | pd.Timestamp) -> str:
    """Return a day as "31 Jan 2026" (day without leading zero, short month, year)."""
    d = _as_date(value)
    return f"{d.day} {d:%b %Y}"


def format_month(value: dt.date | pd.Timestamp) -> str:
    """Return the month of a date as "Feb 2025"."""
    return f"{_as_date(value):%b %Y}"


def format_day_range(start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp) -> str:
    """Return a span of days compactly: "31 Jan 2026", "6–7 Jun 2025", "30 Jan – 13 Feb 2026".

    Parameters
    ----------
    start, end
        First and last day (inclusive). ``end`` before ``start`` is swapped.
    """
    a, b = sorted((_as_date(start), _as_date(end)))
    if a == b:
        return format_day(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}{DASH}{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} {DASH} {b.day} {b:%b %Y}"
    return f"{format_day(a)} {DASH} {format_day(b)}"


def format_month_range(start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp) -> str:
    """Return the months a period covers: "Feb 2025", "Feb 2025 – Feb 2026"."""
    a, b = sorted((_as_date(start), _as_date(end)))
    if (a.year, a.month) == (b.year, b.month):
        return format_month(a)
    return f"{format_month(a)} {DASH} {format_month(b)}"


def format_count(value: float | int) -> str:
    """Return a count with thousands separators and no decimals: 2500 -> "2,500"."""
    return f"{round(float(value)):,}"


def format_range(low: float | None, high: float | None, *, open_ended: bool = False) -> str:
    """Return a figure or range as a reader should see it.

    Parameters
    ----------
    low, high
        Bounds; either may be missing (``None`` or NA). Equal bounds give one number.
    open_ended
        True when the source gives no upper bound: "300+" instead of "300".

    Returns
    -------
    str
        "2,500", "5–8", "300+", or "" when both bounds are missing.
    """
    lo = None if low is None or pd.isna(low) else low
    hi = None if high is None or pd.isna(high) else high
    if lo is None and hi is None:
        return ""
    if lo is None:
        return f"up to {format_count(hi)}"
    if open_ended:
        return f"{format_count(lo)}+"
    if hi is None or round(float(hi)) == round(float(lo)):
        return format_count(lo)
    return f"{format_count(lo)}{DASH}{format_count(hi)}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """Return "1 event" / "3 events" (``plural_form`` for irregular nouns)."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{format_count(n)} {word}"


def join_words(items: list[str]) -> str:
    """Join names as prose: "A", "A and B", "A, B and C"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, ending with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"
