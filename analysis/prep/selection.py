"""The selection: what a chart or report shows, checked once.

:class:`Selection` holds the row filters (period, cities, types, scopes, statuses, levels,
reliability) and the choices the panels share (panel scopes, time-axis layout, totals, place);
:meth:`Selection.create` checks parameter values as notebooks pass them (the report runner's
checked parameters, ``analysis.report.params.check_parameters``, are a Selection too),
:meth:`Selection.rows` filters the loaded events (:mod:`analysis.prep.select`),
:meth:`Selection.partition` also gives the rows kept apart (dated only to a week or month the
selection's days cover in part) and :meth:`Selection.describe` says in one line what is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.data import schema
from analysis.data.load import Dataset
from analysis.errors import ParameterError
from analysis.fmt import format_day
from analysis.prep import aggregate
from analysis.prep.aggregate import LOCAL_SCOPES
from analysis.prep.select import (
    check_choices,
    parse_date_range,
    partition_events,
    reliability_levels,
)
from analysis.prep.timeaxis import check_layout

#: Where the events are, for subtitles and alt texts.
PLACE = "Southern California"


@dataclass(frozen=True)
class Selection:
    """What a chart or report shows: the row filters, and the choices the panels share.

    Filters (None: no filter): ``start``/``end`` (inclusive days), ``cities``,
    ``event_types`` (types or the groups "protests", "responses"), ``scopes``, ``statuses``,
    ``response_levels``, ``min_reliability`` (of each row's main source). Panel choices:
    ``panel_scopes`` (scopes of the crowd and arrests panels, default local and regional),
    ``response_scopes`` (of the responses panel, default all), the time-axis ``layout`` and
    ``max_gap_days``, ``total`` (None, the default: no totals, since adding up the crowds of
    different places is a sum no source makes; "D" daily totals, "W" weekly, on request) and
    ``place``.
    """

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    cities: tuple[str, ...] | None = None
    event_types: tuple[str, ...] | None = None
    scopes: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    response_levels: tuple[str, ...] | None = None
    min_reliability: str | None = None
    panel_scopes: tuple[str, ...] | None = LOCAL_SCOPES
    response_scopes: tuple[str, ...] | None = None
    layout: str = "auto"
    max_gap_days: int = 14
    total: str | None = None
    place: str = PLACE

    @classmethod
    def create(cls, **values: object) -> Selection:
        """A selection from parameter values as notebooks pass them (strings, lists, dates).

        Raises
        ------
        ParameterError
            For an unknown parameter, a date that is not a date, an end before the start,
            or a value outside a vocabulary (cities are checked against the data later).
        """
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ParameterError(
                f"unknown selection parameter(s) {', '.join(sorted(unknown))}; valid: "
                + ", ".join(cls.__dataclass_fields__)
            )
        start, end = parse_date_range(values.pop("start", None), values.pop("end", None))  # type: ignore[arg-type]
        out: dict[str, object] = {"start": start, "end": end}
        for name in ("cities", "event_types", "scopes", "statuses", "response_levels"):
            if name in values:
                out[name] = _tuple(values.pop(name), name)
        for name in ("panel_scopes", "response_scopes"):
            if name in values:
                scopes = check_choices(values.pop(name), schema.SCOPE, name=name)  # type: ignore[arg-type]
                out[name] = tuple(scopes) if scopes is not None else None
        if values.get("min_reliability") is not None:
            reliability_levels(None, values["min_reliability"])  # type: ignore[arg-type]
        if "layout" in values:
            check_layout(values["layout"])  # type: ignore[arg-type]
        if values.get("total") is not None:
            values["total"] = aggregate.check_freq(values["total"])  # type: ignore[arg-type]
        gap = values.get("max_gap_days", 14)
        if isinstance(gap, bool) or not isinstance(gap, int) or gap < 1:
            raise ParameterError(f"max_gap_days must be a whole number of days >= 1, got {gap!r}")
        return cls(**out, **values)  # type: ignore[arg-type]

    def rows(self, dataset: Dataset) -> pd.DataFrame:
        """The rows of ``dataset.events`` this selection keeps."""
        return self.select(dataset.events, dataset.sources)

    def select(self, events: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
        """The rows of ``events`` this selection keeps (:func:`analysis.prep.select.select_events`).

        ``min_reliability`` needs the ``sources`` table; without it, it is not applied.
        """
        return self.partition(events, sources)[0]

    def partition(
        self, events: pd.DataFrame, sources: pd.DataFrame | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The rows this selection keeps, and the rows it keeps apart.

        An item dated only to a week or a month belongs to a selection with dates only when the
        selection covers its whole week or month; one whose period the selection covers in
        part is kept apart ("reported for February 2026, not dated within these days"), never
        drawn, counted or listed with the selection's own items
        (:func:`analysis.prep.select.partition_events`). A selection without dates keeps
        every row.
        """
        return partition_events(
            events,
            start=self.start,
            end=self.end,
            cities=self.cities,
            event_types=self.event_types,
            scopes=self.scopes,
            statuses=self.statuses,
            response_levels=self.response_levels,
            min_reliability=self.min_reliability if sources is not None else None,
            sources=sources,
        )

    def describe(self, period: str | None = None) -> str:
        """The selection's filters in one plain-language line, for a report's subtitle.

        ``period`` names the period a selection without dates covers, in a reader's words
        ("Feb 2025 \u2013 Feb 2026", :func:`analysis.spec.words.period_words`); without it
        such a selection reads "the whole timeline", which says nothing about when.
        """
        if self.start is not None and self.end is not None:
            period = f"{format_day(self.start)} to {format_day(self.end)}"
        elif self.start is not None:
            period = f"from {format_day(self.start)}"
        elif self.end is not None:
            period = f"up to {format_day(self.end)}"
        else:
            period = period or "the whole timeline"
        parts = [period]
        if self.cities:
            parts.append("cities: " + ", ".join(self.cities))
        if self.event_types:
            parts.append("event types: " + ", ".join(t.replace("_", " ") for t in self.event_types))
        if self.scopes:
            parts.append("scope: " + ", ".join(self.scopes))
        if self.min_reliability in ("high", "medium"):
            parts.append(
                "sources: high reliability only"
                if self.min_reliability == "high"
                else "sources: medium reliability or better"
            )
        return "; ".join(parts)


def _tuple(value: object, name: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        items = tuple(value)
        if not items:
            raise ParameterError(f"{name}: the list is empty; pass None to keep every value")
        return items  # type: ignore[return-value]
    raise ParameterError(f"{name}: expected a string or a list of strings, got {value!r}")
