"""The items a selection keeps apart, in reader words, for every output to say once.

A selection with dates holds an item dated only to a week or a month only when it covers that
whole week or month (:meth:`analysis.prep.selection.Selection.partition`); the facts model keeps
the others apart (:attr:`analysis.prep.facts.Facts.apart`). They are never drawn, counted or
listed with the selection's own items, and never silently dropped either: the chronology and
the TimelineJS title slide say, once, "Also reported for February 2026, not dated within these
days:" with each item's title and its source. This module words them; renderers only lay the
words out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.prep.aggregate import split_cell
from analysis.prep.facts import Facts

#: How a low-reliability source is tagged wherever it is cited.
LOW_SOURCE = "low-reliability source"


@dataclass(frozen=True)
class ApartSource:
    """A source of an item kept apart: its publisher and whether it is graded low."""

    publisher: str
    low: bool = False

    @property
    def words(self) -> str:
        """ "L.A. TACO", "Parriva (website), a low-reliability source"."""
        return f"{self.publisher}, a {LOW_SOURCE}" if self.low else self.publisher


@dataclass(frozen=True)
class ApartItem:
    """One item kept apart: its key, its title and its sources."""

    key: str
    title: str
    sources: tuple[ApartSource, ...]

    @property
    def words(self) -> str:
        """ "Border Patrol leaves Los Angeles, per L.A. TACO"."""
        said = " and ".join(s.words for s in self.sources)
        return f"{self.title}, per {said}" if said else self.title


@dataclass(frozen=True)
class ApartGroup:
    """The items kept apart that are dated to one week or month (``period``, in words)."""

    period: str
    start: pd.Timestamp
    end: pd.Timestamp
    items: tuple[ApartItem, ...]
    #: "these days", or "this day" for a one-day selection.
    days: str = "these days"

    @property
    def intro(self) -> str:
        """ "Also reported for February 2026, not dated within these days:"."""
        return f"Also reported for {self.period}, not dated within {self.days}:"

    @property
    def sentence(self) -> str:
        """The intro and every item, as one sentence for plain-text outputs."""
        return f"{self.intro} " + "; ".join(i.words for i in self.items) + "."


def period_words(precision: str, start: pd.Timestamp) -> str:
    """ "February 2026", "the week of Monday 26 January 2026"."""
    if precision == "week":
        return f"the week of {start:%A} {start.day} {start:%B %Y}"
    return f"{start:%B %Y}"


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def apart_groups(facts: Facts) -> tuple[ApartGroup, ...]:
    """The items ``facts`` keeps apart, grouped by the week or month they are dated to, in
    date order (empty when none is)."""
    apart = facts.apart
    if apart.empty:
        return ()
    sources = facts.sources
    by_id = {
        _text(sid): (_text(pub) or _text(sid), _text(grade) == "low")
        for sid, pub, grade in zip(
            sources["source_id"], sources["publisher"], sources["reliability"], strict=True
        )
    }
    one_day = facts.period is not None and facts.period[0] == facts.period[1]
    groups: dict[tuple[str, pd.Timestamp, pd.Timestamp], list[ApartItem]] = {}
    for row in apart.to_dict("records"):
        refs = dict.fromkeys(
            ApartSource(*by_id.get(sid, (sid, False))) for sid in split_cell(row.get("source_ids"))
        )
        item = ApartItem(str(row["key"]), _text(row.get("title")).rstrip("."), tuple(refs))
        precision = _text(row.get("date_precision")) or "month"
        period = (precision, pd.Timestamp(row["start"]), pd.Timestamp(row["end"]))
        groups.setdefault(period, []).append(item)
    return tuple(
        ApartGroup(
            period=period_words(precision, start),
            start=start,
            end=end,
            items=tuple(items),
            days="this day" if one_day else "these days",
        )
        for (precision, start, end), items in groups.items()
    )
