"""The facts model of one selection: everything its charts, headlines, alt texts and tables say.

:func:`build_facts` selects the rows, merges them into events and works out, once, every number
and every decision a renderer needs: which marks each panel draws and where, whether a panel is
binned and why, the daily totals, the peaks, the time axis, the swimlane layout, the counts
(each with one definition) and every item that is not drawn, with the reason. The matplotlib
and plotly charts, the words (headline, subtitle, source and notes lines, alt text), the report
tables and the TimelineJS sheet all read this one object and never filter or aggregate on their
own, so a headline cannot contradict the marks under it and a summary cannot count differently
from the alt text.

The rules, stated once:

- A *demonstration* is an event of a protest type (``schema.PROTEST_EVENT_TYPES``) reported as
  having happened. The crowd and arrests panels keep the local and regional scopes by default
  (a nationwide count is not a crowd at one place); the responses panel keeps every scope.
- A crowd *mark stands at the low figure*, a figure that a source or the vague-word rule gives
  (``analysis.data.crowd``); the range up to the high figure is drawn as a range. Vague words
  and open-ended wording make the low figure a floor ("at least 2,000").
- A figure resting only on low-reliability sources is *weak*: drawn distinctly, labelled so,
  and never a total, a peak or the largest crowd. An official's crowd figure
  (``crowd_estimate_by`` "officials") is that official's *claim*: labelled as the claim and
  never drawn as the crowd size.
- *Daily totals* add the low figures of the counted crowds of a day, so they are floors. Items
  dated to a week or a month, or covering several days, are drawn as spans and are not in a
  daily total; the peak is the largest daily total or such a single item.
- Arrest figures are the two series never added together: protesters arrested, and people
  detained by immigration agents. Same-day figures add up; "at least 44" stays a floor.
- Items dated only to a month are drawn as spans over their month (within the selection's
  period); they widen the time axis only where nothing in their month is dated more precisely.
- Above :data:`MAX_MARKS` marks a panel is *binned* by day and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data import schema
from analysis.data.basemap import Basemap
from analysis.data.labels import chart_label
from analysis.data.load import Dataset
from analysis.errors import ParameterError
from analysis.fmt import format_count, format_day, format_day_range, shorten
from analysis.prep import aggregate
from analysis.prep.aggregate import LOCAL_SCOPES, publisher_names
from analysis.prep.arrowlists import first_item, to_arrow_strings
from analysis.prep.episodes import Episode, find_episodes, has_long_gaps
from analysis.prep.layout import (
    LANE_WIDTH_IN,
    PHONE_LANE_WIDTH_IN,
    LaneLayout,
    dodge_positions,
    layout_lanes,
    response_label,
)
from analysis.prep.select import (
    check_choices,
    is_one_of,
    parse_date_range,
    period_end,
    precision_is,
    reliability_levels,
    select_events,
)
from analysis.prep.timeaxis import PAD_DAYS, TimeAxis, check_layout

#: Above this many marks a panel is binned by day (one mark per day, or per day and level),
#: so a chart stays bounded in drawing time and file size; the panel says so.
MAX_MARKS = 1500
#: Where the events are, for subtitles and alt texts.
PLACE = "Southern California"
#: The panels of the combined chart, top to bottom.
PANELS = ("crowd", "arrests", "responses")
#: The two arrest series: (measure column prefix, what they count).
ARREST_KINDS: dict[str, tuple[str, str]] = {
    "protesters": ("arrests", "protesters arrested"),
    "immigration": ("immigration", "detained by immigration agents"),
}
#: The series' names in a word, for labels on narrow charts ("at least 44 detained").
ARREST_SHORT = {"protesters": "arrested", "immigration": "detained"}
#: Most crowd marks labelled on an unbinned panel (the largest); binned, at most two peaks.
LABEL_TOP = 4
MAX_BINNED_LABELS = 2
#: Most figures labelled per arrest series, and with many marks only the three largest.
MAX_ARREST_LABELS, MANY_ARREST_MARKS = 12, 100
#: Which events each measure applies to (for the "missing figures" table).
MEASURE_APPLIES: dict[str, frozenset[str]] = {
    "crowd": schema.PROTEST_EVENT_TYPES,
    "arrests": schema.PROTEST_EVENT_TYPES,
    "immigration": frozenset({"enforcement_operation"}),
}
_DAY = pd.Timedelta(days=1)
#: Where a day's marks go: its middle, so that they sit over the day's tick.
_NOON = pd.Timedelta(hours=12)
#: How the label of a segment holding only month-dated items ends.
MONTH_ONLY = "(month only)"
#: Scope words for notes ("outside the local and regional scope").
_SCOPE_WORDS = {("local", "regional"): "local and regional"}


# --- the selection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What a chart or report shows: the row filters, and the choices the panels share.

    Filters (None: no filter): ``start``/``end`` (inclusive days), ``cities``,
    ``event_types`` (types or the groups "protests", "responses"), ``scopes``, ``statuses``,
    ``response_levels``, ``min_reliability`` (of each row's main source). Panel choices:
    ``panel_scopes`` (scopes of the crowd and arrests panels, default local and regional),
    ``response_scopes`` (of the responses panel, default all), the time-axis ``layout`` and
    ``max_gap_days``, ``total`` ("D" daily totals, "W" weekly, None none) and ``place``.
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
    total: str | None = "D"
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
        return select_events(
            dataset.events,
            start=self.start,
            end=self.end,
            cities=self.cities,
            event_types=self.event_types,
            scopes=self.scopes,
            statuses=self.statuses,
            response_levels=self.response_levels,
            min_reliability=self.min_reliability,
            sources=dataset.sources,
        )


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


# --- parts of the model ------------------------------------------------------------------------


@dataclass(frozen=True)
class Binning:
    """Whether a panel draws one mark per event or per day, and why.

    ``marks`` is how many marks the panel has one per event; above ``limit`` it is binned.
    """

    marks: int
    limit: int = MAX_MARKS

    @property
    def binned(self) -> bool:
        """Whether the panel draws one mark per day (and level) instead of per event."""
        return self.marks > self.limit


@dataclass(frozen=True)
class Label:
    """A label on a mark: where (``x`` a date, ``y`` a value), its text, and its rank."""

    x: pd.Timestamp
    y: float
    text: str
    priority: float
    key: str | None = None
    short: str | None = None  # for the 390-px phone charts, when shorter than ``text``


@dataclass(frozen=True)
class Peak:
    """The largest reported total of a panel: when, how much, and what it rests on.

    ``start``/``end`` are the days it covers (one day for a daily total); ``value`` is a
    floor when ``exact`` is False ("at least"); ``n`` is how many figures it adds up.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    value: float
    exact: bool
    n: int
    kind: str  # "day", "week" or "item"
    keys: tuple[str, ...]
    high: float | None = None
    #: Demonstrations drawn in the total's period, counted or not (a total with uncounted ones
    #: beside it is a floor).
    n_events: int | None = None


@dataclass(frozen=True)
class CrowdFacts:
    """The crowd panel: one mark per demonstration drawn (or per day when binned).

    ``marks`` is indexed by event key with ``x`` (mark position, same-day marks spread),
    ``start``/``end`` (days covered), ``low``/``high``/``open`` (the figure; NA when no figure
    is counted or weak), ``kind`` ("count", "weak", "claim" or "unknown"), ``event_type``,
    ``disputed``, ``span`` (drawn across several days), ``place`` and ``claim`` (the claim's
    words for claims). ``totals`` are the daily (or weekly) totals drawn, ``bins`` the per-day
    marks when binned.
    """

    marks: pd.DataFrame
    totals: pd.DataFrame
    bins: pd.DataFrame | None
    unknown_bins: pd.DataFrame | None
    binning: Binning
    peak: Peak | None
    largest: tuple[str, ...]
    log: bool
    labels: tuple[Label, ...]
    total_freq: str | None


@dataclass(frozen=True)
class ArrestSeries:
    """One arrest series: its marks (per day, or per item for spans), totals and peak.

    ``marks`` has ``x``, ``start``, ``end``, ``low``, ``high``, ``open`` (a floor, "at
    least"), ``disputed``, ``span``, ``n`` (events added up) and ``keys`` (their event keys).
    """

    kind: str
    what: str
    marks: pd.DataFrame
    low_sum: float | None
    high_sum: float | None
    open: bool
    peak: int | None  # position in ``marks``
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class ArrestFacts:
    """The arrests panel: two series, never added together."""

    series: dict[str, ArrestSeries]
    binning: Binning
    events: pd.Index  # keys of the events the panel draws


@dataclass(frozen=True)
class ResponseFacts:
    """The responses panel: a swimlane per level of government.

    ``marks`` is indexed by key with ``x``, ``start``, ``end``, ``span``, ``response_level``,
    ``announced``, ``month_only`` and, unbinned, ``y`` and ``label``/``side`` from ``lanes``
    (laid out for the 640-px article chart); ``phone_lanes`` is the same for the 390-px one.
    ``bins`` (binned) counts responses per day and level.
    """

    marks: pd.DataFrame
    lanes: LaneLayout
    phone_lanes: LaneLayout
    bins: pd.DataFrame | None
    binning: Binning
    by_level: dict[str, int]
    #: The busiest day(s) dated to a day: (days tied for the most, how many, who responded on
    #: the first of them, every actor once, in date order).
    busiest: tuple[tuple[pd.Timestamp, ...], int, tuple[str, ...]] | None


@dataclass(frozen=True)
class MapFacts:
    """The locator map: one mark per place where the crowd panel's demonstrations happened.

    ``places`` is indexed by place (the gazetteer's ``place_id``) with ``name``, ``lon``,
    ``lat``, ``precision`` (the gazetteer's: address, venue, neighborhood, city, region),
    ``approximate`` (only the city or region is known: the mark sits at its centre), ``n``
    (demonstrations), ``n_counted``, ``value`` (the largest counted crowd there, its low figure,
    NA when none is counted), ``floor`` (that figure is "at least"), ``kind`` ("count",
    "weak" or "unknown" as in the crowd panel), ``event_type`` (the most frequent), ``label``
    (for the largest places, ``rank`` 0 the largest) and ``keys`` (a few of its events).
    ``extent`` is (west, east, south, north) in degrees; ``unplaced`` counts demonstrations
    without coordinates.
    """

    places: pd.DataFrame
    extent: tuple[float, float, float, float] | None
    basemap: Basemap | None
    unplaced: int


@dataclass(frozen=True)
class Counts:
    """Every count the words and tables give, each with one definition.

    - ``demonstrations``: protest-type events reported as having happened, every scope;
      ``demonstrations_announced`` protest-type events only announced;
    - ``crowd_drawn``: the demonstrations the crowd panel draws (``outside_scope`` are the
      rest); of them ``crowd_counted`` have a counted size, ``crowd_weak`` one resting only on
      low-reliability sources, ``crowd_claims`` only an official's claim, ``crowd_unknown``
      no size (claims included); ``crowd_month_only`` are dated only to a month;
    - ``arrest_events``: events the arrests panel draws; ``protester_figures`` and
      ``immigration_figures`` how many of them give each figure;
    - ``arrests_month_only``: arrest figures drawn that are dated only to a month;
      ``month_only``: items dated only to a month drawn in any panel (each counted once);
    - ``responses``: responses the responses panel draws, ``responses_month_only`` and
      ``responses_announced`` of them;
    - ``raids``: immigration enforcement operations that happened; ``disputed`` events whose
      sources disagree; ``low_rows`` rows whose main source is low-reliability.
    """

    rows: int
    events: int
    demonstrations: int
    demonstrations_announced: int
    outside_scope: int
    crowd_drawn: int
    crowd_counted: int
    crowd_weak: int
    crowd_claims: int
    crowd_unknown: int
    crowd_month_only: int
    arrest_events: int
    protester_figures: int
    immigration_figures: int
    responses: int
    responses_month_only: int
    arrests_month_only: int
    month_only: int
    responses_announced: int
    raids: int
    disputed: int
    low_rows: int
    cities: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Facts:
    """Everything the charts, words and tables of one selection say (see the module docstring).

    Build it with :func:`build_facts`; it is immutable and cheap to pass around.
    """

    selection: Selection
    period: tuple[pd.Timestamp, pd.Timestamp] | None
    rows: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    crowd: CrowdFacts
    map: MapFacts
    arrests: ArrestFacts
    responses: ResponseFacts
    axis: TimeAxis | None
    counts: Counts
    not_drawn: pd.DataFrame
    publishers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    row_keys: pd.Series | None = None

    def details(self, keys: Iterable[str] | None = None) -> pd.DataFrame:
        """The events of ``keys`` (every event when None), with their worded columns too.

        ``events`` holds what the charts compute with; the words, each source's wording of
        each figure with its publisher (``<measure>_wording``), ``publishers`` and
        ``main_publisher``, are built only for the events a hover box, a label or a table
        shows: at a million rows that is most of the merging work, saved.
        """
        if keys is None:
            return self._all_details
        return self._details(pd.Index(list(keys)).unique())

    @cached_property
    def _all_details(self) -> pd.DataFrame:
        return self._details(self.events.index)

    def _details(self, keys: pd.Index) -> pd.DataFrame:
        if self.row_keys is None or not len(keys):
            rows = self.rows.iloc[:0] if not len(keys) else self.rows
        else:
            rows = self.rows[self.row_keys.isin(keys).to_numpy(bool)]
        text = aggregate.event_figures(
            rows, publisher_names(self.sources), prefer=_row_preference(rows, self.sources)
        )
        worded = [c for c in text.columns if c not in self.events.columns]
        return self.events.loc[keys].join(text[worded])

    @property
    def empty(self) -> bool:
        """Whether no panel draws anything."""
        return self.axis is None

    def drawn_keys(self, panel: str) -> pd.Index:
        """Keys of the events ``panel`` ("crowd", "arrests", "responses") draws."""
        if panel == "crowd":
            return self.crowd.marks.index
        if panel == "arrests":
            return self.arrests.events
        if panel == "responses":
            return self.responses.marks.index
        raise ParameterError(f"panel: {panel!r} is not a panel; valid values: {', '.join(PANELS)}")

    def panels_of(self, chart: str) -> tuple[str, ...]:
        """The panels a chart ("combined", "map" or one panel's name) shows.

        The map places the crowd panel's demonstrations, so it is the crowd panel's.
        """
        if chart == "combined":
            return PANELS
        if chart == "map":
            return ("crowd",)
        if chart in PANELS:
            return (chart,)
        raise ParameterError(
            f"chart: {chart!r} is not a chart; valid values: combined, map, {', '.join(PANELS)}"
        )

    def disputed_drawn(self, panels: tuple[str, ...]) -> int:
        """How many events drawn in ``panels`` have figures their sources disagree on."""
        keys = pd.Index([]).append([self.drawn_keys(p) for p in panels]).unique()
        return int(self.events.loc[keys, "disputed"].fillna(False).sum())

    def not_drawn_counts(self, panels: tuple[str, ...]) -> dict[str, int]:
        """How many items of ``panels`` are not drawn, per reason (each item counted once)."""
        skipped = self.not_drawn[self.not_drawn["panel"].isin(panels)]
        return {
            str(reason): int(keys.nunique())
            for reason, keys in skipped.groupby("reason", sort=False)["key"]
        }

    # --- what the report tables show, worked out once -----------------------------------------

    @cached_property
    def figure_coverage(self) -> pd.DataFrame:
        """Per measure, the events it applies to and how many report it (missing is not zero).

        Indexed by measure ("crowd", "arrests", "immigration") with ``applies`` (the events
        the figure applies to: demonstrations that happened, or immigration enforcement
        operations) and ``reported``; :meth:`missing_figure` lists the rest.
        """
        rows = []
        for measure in MEASURE_APPLIES:
            applies = self._applies(measure)
            reported = self.events.loc[applies, f"{measure}_low"].notna()
            rows.append(
                {"measure": measure, "applies": int(applies.sum()), "reported": int(reported.sum())}
            )
        return pd.DataFrame(rows).set_index("measure")

    def _applies(self, measure: str) -> np.ndarray:
        types = MEASURE_APPLIES[measure]
        return is_one_of(self.events["event_type"], types) & self.events["occurred"].to_numpy(bool)

    def missing_figure(self, measure: str) -> pd.Index:
        """Keys of the events ``measure`` applies to whose figure no source gives."""
        if measure not in MEASURE_APPLIES:
            raise ParameterError(
                f"measure: {measure!r}; valid values: {', '.join(MEASURE_APPLIES)}"
            )
        missing = self._applies(measure) & self.events[f"{measure}_low"].isna().to_numpy(bool)
        return self.events.index[missing]

    @cached_property
    def dispute_rows(self) -> pd.DataFrame:
        """The selected rows of every dispute group (and rows marked disputed), with their key."""
        rows = self.rows
        grouped = rows["dispute_group"].notna().to_numpy(bool)
        marked = rows["disputed"].fillna(False).to_numpy(bool)
        picked = rows[grouped | marked]
        key = picked["dispute_group"].astype("string").fillna(picked["event_id"].astype("string"))
        return picked.assign(key=key)

    @cached_property
    def response_context(self) -> pd.DataFrame:
        """Per response drawn: the latest raid and demonstration on or before it, days between.

        Columns ``raid`` and ``protest`` (event keys, NA where none came before) and
        ``raid_days`` / ``protest_days``; indexed by the response's key, in date order.
        """
        ev = self.events
        occurred = ev["occurred"].to_numpy(bool)
        raids = ev[is_one_of(ev["event_type"], ("enforcement_operation",)) & occurred]
        protests = ev[ev["demonstration"].to_numpy(bool)]
        responses = ev.loc[self.responses.marks.index].sort_values("date", kind="stable")
        out = pd.DataFrame(index=responses.index)
        for name, frame in (("raid", raids), ("protest", protests)):
            frame = frame.sort_values("date", kind="stable")
            pos = (
                np.searchsorted(
                    frame["date"].to_numpy(), responses["date"].to_numpy(), side="right"
                )
                - 1
            )
            found = pos >= 0
            keys = np.where(found, frame.index.to_numpy()[np.maximum(pos, 0)], None)
            days = np.where(
                found,
                (responses["date"].to_numpy() - frame["date"].to_numpy()[np.maximum(pos, 0)])
                // np.timedelta64(1, "D"),
                0,
            )
            out[name] = pd.array(keys, dtype="string")
            out[f"{name}_days"] = pd.Series(days, index=out.index, dtype="Int64").where(found)
        return out

    @cached_property
    def responses_by_level_type(self) -> pd.DataFrame:
        """Responses drawn per level (rows, in lane order) and type (columns), with a total."""
        marks = self.responses.marks
        if marks.empty:
            return pd.DataFrame()
        types = self.events.loc[marks.index, "response_type"].astype("string").fillna("unspecified")
        table = pd.crosstab(marks["response_level"].astype("string"), types)
        table = table.reindex([lvl for lvl in schema.RESPONSE_LEVELS if lvl in table.index])
        table["Total"] = table.sum(axis=1)
        return table

    @cached_property
    def numbers(self) -> frozenset[float]:
        """Every number the model holds that a text may quote (counts, figures, totals).

        The consistency tests check that each number in a headline, alt text, notes line or
        summary table is one of these.
        """
        out: set[float] = set()
        c = self.counts
        out.update(float(v) for k, v in vars(c).items() if isinstance(v, int))
        out.add(float(len(c.cities)))
        for frame, cols in (
            (self.crowd.marks, ("low", "high")),
            (self.crowd.totals, ("low_sum", "high_sum", "n", "n_events")),
        ):
            for col in cols:
                if col in frame:
                    out.update(pd.to_numeric(frame[col], errors="coerce").dropna().astype(float))
        if self.crowd.bins is not None:
            for col in ("n", "low", "high", "value"):
                out.update(self.crowd.bins[col].dropna().astype(float))
        for series in self.arrests.series.values():
            for col in ("low", "high", "n"):
                out.update(series.marks[col].dropna().astype(float))
            out.update(v for v in (series.low_sum, series.high_sum) if v is not None)
            out.add(float(len(series.marks)))
        out.update(float(v) for v in self.responses.by_level.values())
        out.add(float(sum(self.responses.by_level.values())))
        if self.responses.busiest is not None:
            out.add(float(self.responses.busiest[1]))
        if self.responses.bins is not None:
            out.update(self.responses.bins["n"].astype(float))
        for chart in ("combined", *PANELS):
            out.update(float(v) for v in self.not_drawn_counts(self.panels_of(chart)).values())
            out.add(float(self.disputed_drawn(self.panels_of(chart))))
        for peak in (self.crowd.peak,):
            if peak is not None:
                out.update((peak.value, float(peak.n)))
                if peak.n_events is not None:
                    out.add(float(peak.n_events))
        if self.axis is not None:
            out.add(float(len(self.axis.starts)))
        places = self.map.places
        if len(places):
            out.update((float(len(places)), float(places["approximate"].sum())))
            out.update(places["value"].dropna().astype(float))
            out.update(places["n"].astype(float))
        out.add(float(self.map.unplaced))
        for frame in (self.events,):
            for col in ("crowd_low", "crowd_high", "arrests_low", "arrests_high"):
                out.update(frame[col].dropna().astype(float))
            for col in ("immigration_low", "immigration_high", "figure_low", "figure_high"):
                out.update(frame[col].dropna().astype(float))
        return frozenset(out)

    @cached_property
    def days(self) -> frozenset[pd.Timestamp]:
        """Every day the model holds (event days, spans, peaks, the period)."""
        out: set[pd.Timestamp] = set()
        for col in ("date", "date_end", "start", "end"):
            if col in self.events:
                out.update(pd.to_datetime(self.events[col].dropna()).dt.normalize())
        if self.period is not None:
            out.update(self.period)
        for frame in (self.crowd.marks, self.responses.marks):
            for col in ("start", "end"):
                out.update(pd.to_datetime(frame[col]).dt.normalize())
        out.update(pd.to_datetime(self.crowd.totals.index).normalize())
        for series in self.arrests.series.values():
            out.update(pd.to_datetime(series.marks["start"]).dt.normalize())
            out.update(pd.to_datetime(series.marks["end"]).dt.normalize())
        if self.axis is not None:
            for a, b in zip(self.axis.starts, self.axis.ends, strict=True):
                out.update((a.ceil("D"), b.floor("D")))
        return frozenset(out)


# --- building it ---------------------------------------------------------------------------------


def build_facts(
    data: Dataset | pd.DataFrame,
    selection: Selection | None = None,
    *,
    sources: pd.DataFrame | None = None,
    **choices: object,
) -> Facts:
    """Build the facts model of a selection: select, merge, and work out everything drawn.

    Parameters
    ----------
    data
        The loaded :class:`analysis.data.load.Dataset`, or an events frame (as loaded) with
        its ``sources`` table. Nothing is read from disk.
    selection
        What to show; default everything. Keywords build one instead
        (``build_facts(data, start="2026-01-29", cities=["Los Angeles"])``, see
        :meth:`Selection.create`).
    sources
        The sources table, when ``data`` is an events frame.

    Raises
    ------
    ParameterError
        For a bad selection (unknown city, end before start, ...) or missing sources.
    """
    dataset = as_dataset(data, sources)
    if selection is None:
        selection = Selection.create(**choices)
    elif choices:
        raise ParameterError(
            "pass either a Selection or selection keywords, not both: " + ", ".join(sorted(choices))
        )
    rows = selection.rows(dataset)
    return _Builder(dataset, selection, rows).facts()


def as_facts(
    data: Facts | Dataset | pd.DataFrame | None,
    *,
    sources: pd.DataFrame | None = None,
    **choices: object,
) -> Facts:
    """``data`` as a facts model: a model as it is, anything else built with ``choices``.

    Chart functions take ``data=`` as the dataset, an events frame or a built model, and the
    selection as keywords (:class:`Selection`'s fields); giving one together with a built model
    is an error rather than silently ignored.
    """
    given = dict(choices)
    if isinstance(data, Facts):
        if given:
            raise ParameterError(
                f"{', '.join(sorted(given))}: these choices shape the facts model; pass them "
                "to build_facts() instead of passing them with a built model"
            )
        return data
    if data is None:
        raise ParameterError(
            "data: pass the dataset (analysis.data.load.load_dataset()), an events frame "
            "with sources=, or a facts model (analysis.prep.facts.build_facts())"
        )
    return build_facts(data, sources=sources, **given)


def as_dataset(data: Dataset | pd.DataFrame, sources: pd.DataFrame | None = None) -> Dataset:
    """``data`` as a Dataset: a Dataset as it is, an events frame with its ``sources``."""
    if isinstance(data, Dataset):
        return data
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            "data: pass the loaded dataset (analysis.data.load.load_dataset()), an events "
            f"frame with sources=, or a facts model; got {type(data).__name__}"
        )
    if sources is None:
        raise ParameterError(
            "sources: pass the sources table (analysis.data.load.load_sources()) with an "
            "events frame, or pass the dataset (analysis.data.load.load_dataset())"
        )
    return Dataset(data, sources, pd.DataFrame())


class _Builder:
    """Works out the model's parts in order: events, spans, panels, axis, layout, counts."""

    def __init__(self, dataset: Dataset, selection: Selection, rows: pd.DataFrame) -> None:
        self.dataset, self.selection, self.rows = dataset, selection, rows
        self.sources = dataset.sources
        self.prefer = _row_preference(rows, self.sources)
        figures = aggregate.event_figures(
            rows, publisher_names(self.sources), text=False, prefer=self.prefer
        )
        self.period = _period(rows, selection)
        self.events = self._annotate(figures)
        self.not_drawn: list[pd.DataFrame] = []

    # events ---------------------------------------------------------------------------------

    def _annotate(self, ev: pd.DataFrame) -> pd.DataFrame:
        """Add the columns every panel reads: days covered, mark position, roles, reliability."""
        sel = self.selection
        start = ev["date"].dt.normalize()
        end = period_end(ev).dt.normalize()
        month = precision_is(ev, "month")
        span = (end > start).to_numpy(dtype=bool)
        x = start + (end + _DAY - start) / 2  # the middle of the days covered (noon of a day)
        occurred = is_one_of(ev["status"], ("occurred",))
        demonstration = is_one_of(ev["event_type"], schema.PROTEST_EVENT_TYPES)
        panel_scope = (
            is_one_of(ev["scope"], sel.panel_scopes)
            if sel.panel_scopes is not None
            else np.ones(len(ev), dtype=bool)
        )
        response_scope = (
            is_one_of(ev["scope"], sel.response_scopes)
            if sel.response_scopes is not None
            else np.ones(len(ev), dtype=bool)
        )
        self.source_items = _SourceItems(ev["source_ids"])
        low = set(
            self.sources.loc[self.sources["reliability"].astype("string") == "low", "source_id"]
        )
        weak = self.source_items.only(low)
        claim = is_one_of(ev["crowd_estimate_by"], ("officials",)) & ev["crowd_low"].notna()
        return ev.assign(
            start=start,
            end=end,
            x=x,
            month_only=month,
            span=span,
            occurred=occurred,
            demonstration=demonstration & occurred,
            announced_demonstration=demonstration & ~occurred,
            in_panel_scope=panel_scope,
            response=aggregate.is_response_event(ev) & response_scope,
            weak=weak,
            crowd_claim=claim.to_numpy(dtype=bool),
        )

    def _wording(self, keys: pd.Index, measure: str) -> pd.Series:
        """Each source's wording of ``measure`` for the events ``keys`` (few: labels)."""
        picked = aggregate.event_keys(self.rows).isin(keys).to_numpy(bool)
        rows = self.rows[picked]
        text = aggregate.event_figures(
            rows, publisher_names(self.sources), prefer=self.prefer[picked]
        )
        return text[f"{measure}_wording"].reindex(keys)

    def _skip(self, keys: pd.Index, panel: str, reason: str) -> None:
        if len(keys):
            self.not_drawn.append(pd.DataFrame({"key": keys, "panel": panel, "reason": reason}))

    # the model --------------------------------------------------------------------------------

    def facts(self) -> Facts:
        sel = self.selection
        ev = self.events
        occurred = ev["occurred"].to_numpy(bool)
        scope = ev["in_panel_scope"].to_numpy(bool)
        has_arrest = (ev["arrests_low"].notna() | ev["immigration_low"].notna()).to_numpy(bool)
        is_resp = aggregate.is_response_event(ev)
        in_crowd = ev["demonstration"].to_numpy(bool) & scope
        in_arrests = has_arrest & occurred & scope
        in_responses = ev["response"].to_numpy(bool)
        scope_words = _scope_words(sel.panel_scopes)
        for panel, keys, reason in (
            (
                "crowd",
                ev["demonstration"].to_numpy(bool) & ~scope,
                f"outside the {scope_words} scope",
            ),
            (
                "crowd",
                ev["announced_demonstration"].to_numpy(bool),
                "announced, not reported as held",
            ),
            ("arrests", has_arrest & occurred & ~scope, f"outside the {scope_words} scope"),
            ("arrests", has_arrest & ~occurred, "announced, not reported as carried out"),
            ("responses", is_resp & ~in_responses, "outside the chosen scope"),
        ):
            self._skip(ev.index[keys], panel, reason)

        drawn = in_crowd | in_arrests | in_responses
        shaping = ev.loc[drawn, ["start", "end", "month_only"]]
        if self.period is not None:  # the axis shows the selection's period, no more
            shaping = shaping.assign(
                start=shaping["start"].clip(lower=self.period[0]),
                end=shaping["end"].clip(upper=self.period[1]),
            )
        framed = sel.start is not None and sel.end is not None and self.period is not None
        axis = _axis(
            shaping, layout=sel.layout, gap=sel.max_gap_days, frame=self.period if framed else None
        )
        ev = self.events = _place_on_axis(ev, axis)
        if axis is not None:
            hidden = drawn & ev["x"].isna().to_numpy(bool)
            for panel, mask in (
                ("crowd", in_crowd),
                ("arrests", in_arrests),
                ("responses", in_responses),
            ):
                self._skip(
                    ev.index[mask & hidden],
                    panel,
                    "dated only to a month that the period shown does not hold",
                )
            in_crowd, in_arrests, in_responses = (
                m & ~hidden for m in (in_crowd, in_arrests, in_responses)
            )
        # Each panel reads a few of the sixty columns: taking only those keeps a million rows cheap.
        crowd_rows = _rows(ev, in_crowd, CROWD_COLUMNS)
        arrest_rows = _rows(ev, in_arrests, ARREST_COLUMNS)
        response_rows = _rows(ev, in_responses, RESPONSE_COLUMNS)
        crowd = _crowd(crowd_rows, sel.total, self._wording)
        locator = _map(crowd_rows, crowd, self.dataset)
        arrests = _arrests(arrest_rows)
        responses = _responses(response_rows, axis)
        counts = self._counts(
            crowd, arrests, responses, arrest_rows, drawn=in_crowd | in_arrests | in_responses
        )
        not_drawn = (
            pd.concat(self.not_drawn, ignore_index=True)
            if self.not_drawn
            else pd.DataFrame({"key": [], "panel": [], "reason": []}, dtype="string")
        )
        names = publisher_names(self.sources)
        publishers = {
            "crowd": self.source_items.publishers(in_crowd, names),
            "arrests": self.source_items.publishers(in_arrests, names),
            "responses": self.source_items.publishers(in_responses, names),
        }
        return Facts(
            selection=sel,
            period=self.period,
            rows=self.rows,
            events=ev,
            sources=self.sources,
            crowd=crowd,
            map=locator,
            arrests=arrests,
            responses=responses,
            axis=axis,
            counts=counts,
            not_drawn=not_drawn,
            publishers=publishers,
            row_keys=aggregate.event_keys(self.rows),
        )

    def _counts(
        self,
        crowd: CrowdFacts,
        arrests: ArrestFacts,
        resp: ResponseFacts,
        arrest_ev: pd.DataFrame,
        *,
        drawn: np.ndarray,
    ) -> Counts:
        ev = self.events
        kinds = crowd.marks["kind"].value_counts() if len(crowd.marks) else pd.Series(dtype=int)
        low_rows = _low_main_source(self.rows["source_ids"], self.sources)
        return Counts(
            rows=len(self.rows),
            events=len(ev),
            demonstrations=int(ev["demonstration"].sum()),
            demonstrations_announced=int(ev["announced_demonstration"].sum()),
            outside_scope=int((ev["demonstration"] & ~ev["in_panel_scope"]).sum()),
            crowd_drawn=len(crowd.marks),
            crowd_counted=int(kinds.get("count", 0)),
            crowd_weak=int(kinds.get("weak", 0)),
            crowd_claims=int(kinds.get("claim", 0)),
            crowd_unknown=int(kinds.get("unknown", 0) + kinds.get("claim", 0)),
            crowd_month_only=int(crowd.marks["month_only"].sum()) if len(crowd.marks) else 0,
            arrest_events=len(arrests.events),
            protester_figures=int(arrest_ev["arrests_low"].notna().sum()),
            immigration_figures=int(arrest_ev["immigration_low"].notna().sum()),
            responses=len(resp.marks),
            responses_month_only=int(resp.marks["month_only"].sum()) if len(resp.marks) else 0,
            arrests_month_only=int(arrest_ev["month_only"].sum()),
            month_only=int((ev["month_only"].to_numpy(bool) & drawn).sum()),
            responses_announced=int(resp.marks["announced"].sum()) if len(resp.marks) else 0,
            raids=int(
                (is_one_of(ev["event_type"], ("enforcement_operation",)) & ev["occurred"]).sum()
            ),
            disputed=int(ev["disputed"].fillna(False).sum()),
            low_rows=low_rows,
            cities=tuple(sorted(str(c) for c in ev["city"].dropna().unique())),
        )


# --- helpers -------------------------------------------------------------------------------------

_SPAN_COLUMNS = ("date", "start", "end", "span", "month_only", "x", "disputed", "source_ids")
#: The columns of the events each panel reads.
CROWD_COLUMNS = (
    *_SPAN_COLUMNS,
    *("event_type", "crowd_low", "crowd_high", "crowd_open", "crowd_claim", "weak"),
    *("city", "location", "title", "label", "crowd_estimator", "actors"),
    *("place_id", "latitude", "longitude", "geo_precision"),
)
ARREST_COLUMNS = (
    *_SPAN_COLUMNS,
    *("arrests_low", "arrests_high", "arrests_open"),
    *("immigration_low", "immigration_high", "immigration_open"),
)
RESPONSE_COLUMNS = (
    *_SPAN_COLUMNS,
    *("response_level", "response_type", "response_actor", "status", "label", "title"),
)


def _rows(events: pd.DataFrame, mask: np.ndarray, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows of ``mask`` with only ``columns`` (those present)."""
    return events[[c for c in columns if c in events]][mask]


def _period(rows: pd.DataFrame, sel: Selection) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The days the selection covers: its start and end, or the rows' first and last day."""
    if rows.empty:
        return None
    start = sel.start if sel.start is not None else rows["date"].min().normalize()
    end = sel.end if sel.end is not None else period_end(rows).max().normalize()
    return start, max(end, start)


def _scope_words(scopes: tuple[str, ...] | None) -> str:
    if scopes is None:
        return "chosen"
    return _SCOPE_WORDS.get(tuple(scopes), " and ".join(scopes))


class _SourceItems:
    """The sources each event cites, split once: whom its figures rest on, whom a line names.

    Every event's ``;``-separated ``source_ids`` are split and their distinct items numbered
    in one pass of pyarrow compute; reliability and publisher questions are then counts.
    """

    def __init__(self, source_ids: pd.Series) -> None:
        lists = pc.split_pattern(to_arrow_strings(source_ids), schema.LIST_SEP)
        self.n = len(source_ids)
        self.parent = pc.list_parent_indices(lists).to_numpy()
        encoded = pc.utf8_trim_whitespace(pc.list_flatten(lists)).dictionary_encode()
        self.names = [str(v) for v in encoded.dictionary.to_pylist()]
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self.present = np.array([bool(v) for v in self.names] or [False], dtype=bool)[self.codes]

    def only(self, members: set[str]) -> np.ndarray:
        """Per event: it cites at least one source, and every one is in ``members``."""
        member = np.array([v in members for v in self.names] or [False], dtype=bool)[self.codes]
        n_items = np.bincount(self.parent[self.present], minlength=self.n)
        n_members = np.bincount(self.parent[self.present & member], minlength=self.n)
        return (n_items > 0) & (n_items == n_members)

    def publishers(self, events: np.ndarray, names: Mapping[str, str]) -> tuple[str, ...]:
        """Publishers cited by the ``events`` (a mask), most-cited first (ties alphabetical)."""
        picked = self.present & events[self.parent]
        tally = np.bincount(self.codes[picked], minlength=len(self.names))
        counts: dict[str, int] = {}
        for code in np.flatnonzero(tally):
            publisher = names.get(self.names[code], self.names[code])
            counts[publisher] = counts.get(publisher, 0) + int(tally[code])
        return tuple(sorted(counts, key=lambda p: (-counts[p], p)))


def _row_preference(rows: pd.DataFrame, sources: pd.DataFrame) -> np.ndarray:
    """Per row, the reliability rank of its main source (0 high, 1 medium, 2 low, 3 unknown).

    A dispute group is named and described after its row resting on the most reliable source.
    """
    order = list(schema.RELIABILITY)  # best first
    ids = sources["source_id"].astype(str).tolist()
    rank_of = np.array(
        [order.index(str(r)) if str(r) in order else len(order) for r in sources["reliability"]]
        + [len(order)]
    )
    main = first_item(to_arrow_strings(rows["source_ids"]), schema.LIST_SEP)
    where = pc.index_in(main, value_set=pa.array(ids, type=pa.string()))
    where = pc.fill_null(where, len(ids)).to_numpy(zero_copy_only=False)
    return rank_of[where]


def _low_main_source(source_ids: pd.Series, sources: pd.DataFrame) -> int:
    """How many rows rest on a low-reliability main source (the first of their sources)."""
    low = sources.loc[sources["reliability"].astype("string") == "low", "source_id"]
    main = first_item(to_arrow_strings(source_ids), schema.LIST_SEP)
    value_set = pa.array(low.astype(str).tolist(), type=pa.string())  # typed even when empty
    return int(pc.sum(pc.is_in(main, value_set=value_set)).as_py() or 0)


def _axis(
    spans: pd.DataFrame,
    *,
    layout: str,
    gap: int,
    frame: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> TimeAxis | None:
    """The shared time axis: episodes of every item drawn in any panel.

    Items dated to a day or a week make the episodes. Items dated only to a month never
    stretch an episode (a January-dated order would squeeze a weekend into a month); a month
    in which nothing is dated more precisely gets a segment of its own, labelled with the
    month, after trimming it clear of its neighbours. ``frame`` is the period a selection
    names by both its start and its end: an unbroken axis shows that period whole (a report
    on 29 Jan – 1 Feb shows four days, not only the two its items fall on), unless the quiet
    days it adds would take over the axis.
    """
    if spans.empty:
        return None
    spans = spans.drop_duplicates()  # a million items cover a few thousand distinct spans
    month = spans["month_only"].to_numpy(bool)
    precise = spans[~month]
    episodes = find_episodes(
        pd.DataFrame({"date": precise["start"], "date_end": precise["end"]}), max_gap_days=gap
    )
    taken = np.union1d(_month_number(precise["start"]), _month_number(precise["end"]))
    lonely = spans[month]
    lonely = lonely[~np.isin(_month_number(lonely["start"]), taken)]
    months = _month_episodes(lonely, episodes)
    if not episodes and not months:
        return None
    everything = sorted([*((e, e.label) for e in episodes), *months], key=lambda p: p[0].start)
    check_layout(layout)
    if layout == "episodes" or (layout == "auto" and has_long_gaps([e for e, _ in everything])):
        return TimeAxis.from_episodes(
            [e for e, _ in everything],
            labels=tuple(label for _, label in everything),
            compact=tuple(label.endswith(MONTH_ONLY) for _, label in everything),
        )
    first, last = everything[0][0].start, max(e.end for e, _ in everything)
    if frame is not None and layout != "episodes":
        ends = [Episode(frame[0], frame[0], 0), Episode(frame[1], frame[1], 0)]
        if not has_long_gaps(sorted([*ends, *(e for e, _ in everything)], key=lambda e: e.start)):
            first, last = min(first, frame[0]), max(last, frame[1])
    return TimeAxis.continuous(first, last, label=format_day_range(first, last))


def _month_number(days: pd.Series) -> np.ndarray:
    """Months as whole numbers (year * 12 + month - 1), to compare and group cheaply."""
    return (days.dt.year * 12 + days.dt.month - 1).to_numpy(dtype=np.int64)


def _month_episodes(lonely: pd.DataFrame, episodes: list[Episode]) -> list[tuple[Episode, str]]:
    """Segments for months with only month-dated items: the month, clear of other segments."""
    out: list[tuple[Episode, str]] = []
    clear = pd.Timedelta(days=2 * PAD_DAYS + 1.5)
    for number, items in lonely.groupby(_month_number(lonely["start"]), sort=True):
        period = pd.Period(year=int(number) // 12, month=int(number) % 12 + 1, freq="M")
        start, end = items["start"].min(), items["end"].max()
        for e in episodes:
            if e.start - clear <= end and start <= e.end + clear:  # touches: trim away
                if e.start >= start:
                    end = min(end, e.start - clear)
                else:
                    start = max(start, e.end + clear)
        start, end = start.ceil("D"), end.floor("D")
        if end < start:
            continue  # nothing left: its items show at the edge of the neighbouring segment
        if out and out[-1][0].end + pd.Timedelta(days=1) >= start:
            prev, label = out.pop()
            start, label = prev.start, f"{label.split(' (')[0]} \u2013 {period:%b %Y}"
        else:
            label = f"{period:%b %Y}"
        out.append((Episode(start, end, len(items)), f"{label} {MONTH_ONLY}"))
    return out


def _place_on_axis(events: pd.DataFrame, axis: TimeAxis | None) -> pd.DataFrame:
    """Where the mark of each item dated to a week, a month or several days goes.

    Such an item is drawn as a line over all the days it may cover (through cuts and off the
    ends of the axis where they go); its mark goes in the middle of the longest part that a
    segment shows. ``x`` is NA for an item that no segment shows.
    """
    if axis is None:
        return events
    spans = events["span"].to_numpy(bool)
    start = events["start"].to_numpy(dtype="datetime64[ns]")[spans]
    end = events["end"].to_numpy(dtype="datetime64[ns]")[spans] + np.timedelta64(1, "D")
    best_x = np.full(len(start), np.datetime64("NaT"), dtype="datetime64[ns]")
    best_len = np.full(len(start), -1, dtype=np.int64)
    for a, b in zip(axis.starts, axis.ends, strict=True):
        lo = np.maximum(start, a.to_datetime64())
        hi = np.minimum(end, b.to_datetime64())
        length = (hi - lo).astype(np.int64)
        better = (length > 0) & (length > best_len)
        best_x = np.where(better, lo + (hi - lo) // 2, best_x)
        best_len = np.where(better, length, best_len)
    x = events["x"].to_numpy(dtype="datetime64[ns]").copy()
    x[spans] = best_x.astype("datetime64[h]").astype("datetime64[ns]")
    return events.assign(x=x)


def figure_words(low: float, high: float | None, is_open: bool, disputed: bool) -> str:
    """A figure as a label says it: "2,500", "at least 200", "5–8" (sources differ)."""
    if pd.isna(low):
        return ""
    if disputed and high is not None and not pd.isna(high) and high != low and not is_open:
        return f"{format_count(low)}\u2013{format_count(high)}"
    if is_open or (high is not None and not pd.isna(high) and high != low):
        return f"at least {format_count(low)}"
    return format_count(low)


def _place(row: Mapping[str, object]) -> str:
    for col in ("city", "location", "title"):
        value = row.get(col)
        if isinstance(value, str) and value:
            return shorten(value, 18)
    return "place not given"


# --- crowd ---------------------------------------------------------------------------------------


def _crowd(
    rows: pd.DataFrame, total: str | None, wording: Callable[[pd.Index, str], pd.Series]
) -> CrowdFacts:
    has = rows["crowd_low"].notna().to_numpy(bool)
    claim = rows["crowd_claim"].to_numpy(bool)
    weak = rows["weak"].to_numpy(bool) & has & ~claim
    kind = np.where(
        ~has | claim, np.where(claim, "claim", "unknown"), np.where(weak, "weak", "count")
    )
    figure = has & ~claim
    marks = pd.DataFrame(
        {
            "start": rows["start"],
            "end": rows["end"],
            "span": rows["span"],
            "month_only": rows["month_only"],
            "event_type": rows["event_type"].astype("string"),
            "kind": pd.array(kind, dtype="string"),
            "low": rows["crowd_low"].where(figure),
            "high": rows["crowd_high"].where(figure),
            "open": rows["crowd_open"].fillna(False).to_numpy(bool) & figure,
            "disputed": rows["disputed"].fillna(False).to_numpy(bool),
        },
        index=rows.index,
    )
    binning = Binning(len(marks), MAX_MARKS)
    if binning.binned:
        marks = marks.assign(x=rows["x"].dt.normalize() + _NOON)
    else:
        marks = marks.assign(
            x=dodge_positions(rows["x"], rows["crowd_low"]),
            place=[
                chart_label(r, _place)
                for r in rows[
                    [c for c in ("label", "city", "location", "title") if c in rows]
                ].to_dict("records")
            ],
            claim=pd.Series(pd.NA, index=rows.index, dtype="string"),
        )
        if claim.any():  # officials' claims, in their words
            claimed = rows.index[claim]
            said = wording(claimed, "crowd")
            marks.loc[claimed, "claim"] = [
                claim_words(who, text)
                for who, text in zip(
                    rows.loc[claimed, "crowd_estimator"]
                    if "crowd_estimator" in rows
                    else [None] * len(claimed),
                    said,
                    strict=True,
                )
            ]
    counted = marks[(marks["kind"] == "count").to_numpy(bool)]
    totals = _crowd_totals(counted, marks, total)
    peak = _crowd_peak(counted, totals, total)
    largest = _largest(counted)
    bins = unknown_bins = None
    if binning.binned:
        bins, unknown_bins = _crowd_bins(marks)
    values = np.concatenate(
        [
            marks["low"].dropna().to_numpy(float),
            marks["high"].dropna().to_numpy(float),
            totals["low_sum"].dropna().to_numpy(float) if len(totals) else np.array([]),
        ]
    )
    positive = values[values > 0]
    log = bool(positive.size and positive.max() / positive.min() > 20)
    labels = _binned_crowd_labels(totals, bins) if binning.binned else _crowd_labels(marks)
    return CrowdFacts(
        marks=marks,
        totals=totals,
        bins=bins,
        unknown_bins=unknown_bins,
        binning=binning,
        peak=peak,
        largest=largest,
        log=log,
        labels=labels,
        total_freq=total,
    )


def claim_words(who: object, wording: object) -> str:
    """ "DHS claim: “1,000 rioters”": who claimed, and the claim in its own words."""
    if not isinstance(who, str) or not who:
        who = "Officials'"
    words = str(wording).split(" (")[0] if isinstance(wording, str) else ""
    return f"{who} claim: {words}".strip()


def _crowd_totals(counted: pd.DataFrame, marks: pd.DataFrame, total: str | None) -> pd.DataFrame:
    """Per day (or week): the counted crowds' low and high figures added up, and how many.

    Only items on one day (one week) are added; ``n_events`` counts every demonstration
    drawn on that day, with or without a counted size.
    """
    columns = ["x", "n", "n_events", "low_sum", "high_sum", "exact", "keys"]
    if total is None or counted.empty:
        return pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="date"))
    weekly = total == "W"

    def period(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
        if weekly:
            start = frame["start"] - pd.to_timedelta(frame["start"].dt.day_of_week, unit="D")
            end = frame["end"] - pd.to_timedelta(frame["end"].dt.day_of_week, unit="D")
            return start, (start == end).to_numpy(bool)
        return frame["start"], ~frame["span"].to_numpy(bool)

    when, single = period(counted)
    rows = counted[single].assign(_p=when[single])
    all_when, all_single = period(marks)
    per_period = all_when[all_single].value_counts()
    exact = (~rows["open"].to_numpy(bool)) & (rows["low"] == rows["high"]).fillna(False).to_numpy(
        bool
    )
    rows = rows.assign(_exact=exact)
    g = rows.groupby("_p", sort=True)
    out = pd.DataFrame(
        {
            "n": g.size(),
            "low_sum": g["low"].sum().astype(float),
            "high_sum": g["high"].sum().astype(float),
            "exact": g["_exact"].all(),
            "open": g["open"].any(),
        }
    )
    if len(rows) < MAX_MARKS:  # which events each total adds up (the peak names them)
        out["keys"] = pd.Series({day: tuple(idx) for day, idx in g.groups.items()})
    else:
        out["keys"] = None
    out["high_sum"] = out["high_sum"].where(~out["open"])
    out["n_events"] = per_period.reindex(out.index).fillna(0).astype(int)
    # A day with demonstrations of no counted size adds up to at least its counted crowds.
    out["exact"] = out["exact"] & (out["n_events"] <= out["n"])
    out.index = pd.DatetimeIndex(out.index, name="date")
    out["x"] = out.index + (pd.Timedelta(days=3.5) if weekly else _NOON)  # where the dash goes
    return out.drop(columns="open")[columns]


def _crowd_peak(counted: pd.DataFrame, totals: pd.DataFrame, total: str | None) -> Peak | None:
    """The largest counted total: a day's (week's) total or a single item over several days."""
    candidates: list[Peak] = []
    if len(totals):
        top = totals["low_sum"].max()
        day = totals.index[(totals["low_sum"] == top).to_numpy(bool)].min()
        row = totals.loc[day]
        end = day + pd.Timedelta(days=6) if total == "W" else day
        keys = row["keys"] if isinstance(row["keys"], tuple) else ()
        candidates.append(
            Peak(
                day,
                end,
                float(top),
                bool(row["exact"]),
                int(row["n"]),
                "week" if total == "W" else "day",
                keys,
                None if pd.isna(row["high_sum"]) else float(row["high_sum"]),
                int(row["n_events"]),
            )
        )
    in_totals = set(k for keys in totals.get("keys", []) if isinstance(keys, tuple) for k in keys)
    if total is None:
        alone = counted
    elif total == "W":
        week = counted["start"] - pd.to_timedelta(counted["start"].dt.day_of_week, unit="D")
        week_end = counted["end"] - pd.to_timedelta(counted["end"].dt.day_of_week, unit="D")
        alone = counted[(week != week_end).to_numpy(bool)]
    else:
        alone = counted[counted["span"].to_numpy(bool)]
    alone = alone[~alone.index.isin(in_totals)]
    if len(alone):
        best = alone.sort_values(["low", "start"], ascending=[False, True], kind="stable").iloc[0]
        candidates.append(
            Peak(
                best["start"],
                best["end"],
                float(best["low"]),
                bool(not best["open"] and best["low"] == best["high"]),
                1,
                "item",
                (alone.index[alone.index.get_loc(best.name)],),
                None if best["open"] else float(best["high"]),
            )
        )
    if not candidates:
        return None
    return sorted(candidates, key=lambda p: (-p.value, p.start))[0]


def _largest(counted: pd.DataFrame) -> tuple[str, ...]:
    """The counted demonstrations with the largest low figure, every one tied on it (a headline
    that names one of two equal crowds misleads), largest high first, then earliest."""
    if counted.empty:
        return ()
    low = counted["low"].to_numpy(float)
    high = counted["high"].astype(float).fillna(np.inf).where(~counted["open"], np.inf)
    order = np.lexsort((counted["start"].to_numpy(), -high.to_numpy(float), -low))
    tied = order[low[order] == low[order[0]]]
    return tuple(str(k) for k in counted.index[tied])


def _crowd_bins(marks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Binned: per day, the figures drawn (lower median, smallest, largest) and the unknowns."""
    known = marks[marks["low"].notna().to_numpy(bool)]
    day = known["x"]
    lows = known["low"].astype(float)
    highs = known["high"].astype(float).fillna(lows)
    g_low = lows.groupby(day)
    bins = pd.DataFrame(
        {
            "n": g_low.size(),
            "low": g_low.min(),
            "high": highs.groupby(day).max(),
            "value": g_low.quantile(0.5, interpolation="lower"),
        }
    )
    bins["keys"] = _first_keys(known.sort_values("low", ascending=False, kind="stable"), "x")
    unknown = marks[marks["low"].isna().to_numpy(bool)]
    unknown_bins = unknown["x"].value_counts().sort_index().rename("n").to_frame()
    unknown_bins["keys"] = _first_keys(unknown, "x")
    bins.index.name = unknown_bins.index.name = "date"
    return bins, unknown_bins


#: A binned mark's hover names at most this many of its events.
BIN_KEYS = 5


def _first_keys(frame: pd.DataFrame, by: str, limit: int = BIN_KEYS) -> pd.Series:
    """Per value of ``by``, the keys of its first ``limit`` rows (for hover boxes).

    Vectorised: thousands of bins are cut out of one sorted array, not grouped in Python.
    """
    first = frame.groupby(by, sort=False).head(limit)
    groups = first[by].to_numpy()
    order = np.argsort(groups, kind="stable")
    keys, groups = first.index.to_numpy()[order], groups[order]
    values, starts = np.unique(groups, return_index=True)
    return pd.Series(
        [tuple(part) for part in np.split(keys, starts[1:])] if len(keys) else [],
        index=values,
        dtype=object,
    )


def _crowd_labels(marks: pd.DataFrame) -> tuple[Label, ...]:
    """The largest figures drawn, with their place ("Torrance · 2,500"), and every claim."""
    with_figure = marks[marks["low"].notna().to_numpy(bool)]
    top = with_figure.assign(_h=with_figure["high"].astype(float).fillna(np.inf)).sort_values(
        ["low", "_h"], ascending=False, kind="stable"
    )
    labels = []
    for key, r in top.head(LABEL_TOP).iterrows():
        words = figure_words(r["low"], r["high"], bool(r["open"]), bool(r["disputed"]))
        suffix = " (low-reliability sources)" if r["kind"] == "weak" else ""
        suffix += " (sources differ)" if bool(r["disputed"]) else ""
        labels.append(
            Label(r["x"], float(r["low"]), f"{r['place']} · {words}{suffix}", float(r["low"]), key)
        )
    # Officials' claims are written beside their marks (the first few; hovers give the rest).
    for key, r in marks[(marks["kind"] == "claim").to_numpy(bool)].head(LABEL_TOP).iterrows():
        labels.append(Label(r["x"], np.nan, str(r["claim"]), 0.0, key))
    return tuple(labels)


def _binned_crowd_labels(totals: pd.DataFrame, bins: pd.DataFrame | None) -> tuple[Label, ...]:
    """Binned: the largest daily totals (or bins), at most two, spread over the period."""
    if len(totals):
        values, days = totals["low_sum"], pd.DatetimeIndex(totals["x"])
        text = "{day}: at least {value} in all"
    elif bins is not None and len(bins):
        values, days = bins["high"], bins.index
        text = "{day}: up to {value} at one demonstration"
    else:
        return ()
    order = np.argsort(-values.to_numpy(float), kind="stable")[: MAX_BINNED_LABELS * 50]
    chosen = _spread(pd.Series(days[order]), MAX_BINNED_LABELS)
    return tuple(
        Label(
            days[order[i]],
            float(values.iloc[order[i]]),
            text.format(day=format_day(days[order[i]]), value=format_count(values.iloc[order[i]])),
            float(values.iloc[order[i]]),
        )
        for i in chosen
    )


def _spread(when: pd.Series, n: int) -> list[int]:
    """Positions of the first ``n`` of ``when`` (ranked best first) a third of their period
    apart, so labels spread over the chart instead of piling up on one week."""
    values = pd.to_datetime(when).reset_index(drop=True)
    if values.empty:
        return []
    apart = max((values.max() - values.min()) / 3, pd.Timedelta(days=1))
    chosen: list[int] = []
    for i, t in enumerate(values):
        if all(abs(t - values[j]) >= apart for j in chosen):
            chosen.append(i)
            if len(chosen) == n:
                break
    return chosen


# --- the locator map ----------------------------------------------------------------------------

#: Places labelled on the map (the largest crowds first; the others have their name in the hover).
#: The smallest area a locator map shows, (longitude, latitude) degrees: about 90 x 65 km.
MAP_MIN_SPAN = (0.95, 0.6)
MAP_LABELS = 10
#: Gazetteer precisions that place a mark only at a town's or region's centre.
APPROXIMATE = frozenset({"city", "region"})
#: The columns of ``MapFacts.places``, also when no place is drawn.
MAP_COLUMNS = (
    "lon", "lat", "precision", "n", "n_counted", "value", "event_type",
    "floor", "kind", "approximate", "name", "keys", "label", "rank",
)  # fmt: skip


def _map(rows: pd.DataFrame, crowd: CrowdFacts, dataset: Dataset) -> MapFacts:
    """One mark per place of the crowd panel's demonstrations, sized as the crowd panel counts."""
    basemap = dataset.basemap
    has_place = (rows["latitude"].notna() & rows["longitude"].notna()).to_numpy(bool)
    if not has_place.any():
        return MapFacts(pd.DataFrame(columns=list(MAP_COLUMNS)), None, basemap, len(rows))
    marks = crowd.marks.loc[rows.index]
    used = ["place_id", "latitude", "longitude", "geo_precision", "city", "event_type"]
    placed = rows[used][has_place]  # only the columns the map reads: 1M rows of all is slow
    kind = marks["kind"][has_place]
    counted = (kind == "count").to_numpy(bool)
    # The place's key: its gazetteer id, else its coordinates (built only where the id is missing).
    place = placed["place_id"].astype("string")
    missing = place.isna()
    if missing.any():
        at = placed.loc[missing]
        place = place.copy()
        place[missing] = at["latitude"].astype(str) + "," + at["longitude"].astype(str)
    value = marks["low"][has_place].where(counted)
    frame = pd.DataFrame(
        {
            "place": place.to_numpy(),
            "lon": placed["longitude"].astype(float).to_numpy(),
            "lat": placed["latitude"].astype(float).to_numpy(),
            "precision": placed["geo_precision"].to_numpy(),
            "city": placed["city"].to_numpy(),
            "value": value.astype(float).to_numpy(),
            # A floor: "at least" (a vague word's range, or no upper bound given).
            "floor": (
                marks["open"][has_place] | (marks["high"][has_place] > marks["low"][has_place])
            )
            .fillna(False)
            .to_numpy(bool)
            & counted,
            "counted": counted,
            "weak": (kind == "weak").to_numpy(bool),
            "event_type": placed["event_type"].to_numpy(),
        },
        index=placed.index,
    )
    g = frame.groupby("place", sort=True)
    places = pd.DataFrame(
        {
            "lon": g["lon"].first(),
            "lat": g["lat"].first(),
            "precision": g["precision"].first(),
            "city": g["city"].first(),
            "n": g.size(),
            "n_counted": g["counted"].sum().astype(int),
            "value": g["value"].max(),
            "weak": g["weak"].any(),
        }
    )
    places["precision"] = places["precision"].astype("string")
    places["city"] = places["city"].astype("string")
    # The place's most frequent event type (ties: the first in alphabetical order).
    types = frame.groupby(["place", "event_type"], observed=True).size().rename("k").reset_index()
    types = types.sort_values(["k", "event_type"], ascending=[False, True], kind="stable")
    places["event_type"] = (
        types.drop_duplicates("place").set_index("place")["event_type"].astype("string")
    )
    top = frame[frame["counted"]].sort_values("value", ascending=False, kind="stable")
    places["floor"] = top.groupby("place")["floor"].first().reindex(places.index).fillna(False)
    places["kind"] = np.where(
        places["value"].notna(), "count", np.where(places["weak"], "weak", "unknown")
    )
    places["approximate"] = places["precision"].isin(APPROXIMATE).fillna(True)
    names = (
        dataset.places.set_index("place_id")["name"].astype("string")
        if "place_id" in dataset.places
        else pd.Series(dtype="string")
    )
    places["name"] = names.reindex(places.index).fillna(places["city"]).fillna("place not named")
    places["keys"] = _first_keys(
        frame.sort_values("value", ascending=False, kind="stable"), "place"
    )
    # Labels, largest crowds first: the counted figure with the place, else the place alone.
    ranked = places.assign(_v=places["value"].fillna(-1)).sort_values(
        ["_v", "n"], ascending=False, kind="stable"
    )
    places["label"] = pd.Series(pd.NA, index=places.index, dtype="string")
    places["rank"] = pd.Series(np.arange(len(ranked)), index=ranked.index).reindex(places.index)
    for key in ranked.index[:MAP_LABELS]:
        r = places.loc[key]
        figure = figure_words(r["value"], r["value"], bool(r["floor"]), False)
        places.loc[key, "label"] = f"{r['name']} · {figure}" if figure else str(r["name"])
    lon, lat = places["lon"], places["lat"]
    # At least MAP_MIN_SPAN degrees each way, so that a map of one town still shows the
    # coast and the county lines around it: a locator map needs its surroundings.
    pad_lon = max((lon.max() - lon.min()) * 0.12, (MAP_MIN_SPAN[0] - (lon.max() - lon.min())) / 2)
    pad_lat = max((lat.max() - lat.min()) * 0.12, (MAP_MIN_SPAN[1] - (lat.max() - lat.min())) / 2)
    extent = (
        float(lon.min() - pad_lon),
        float(lon.max() + pad_lon),
        float(lat.min() - pad_lat),
        float(lat.max() + pad_lat),
    )
    return MapFacts(places[list(MAP_COLUMNS)], extent, basemap, int((~has_place).sum()))


# --- arrests -------------------------------------------------------------------------------------


def _arrests(rows: pd.DataFrame) -> ArrestFacts:
    binning = Binning(len(rows), MAX_MARKS)
    series = {}
    for kind, (measure, what) in ARREST_KINDS.items():
        with_figure = rows[rows[f"{measure}_low"].notna().to_numpy(bool)]
        marks = _arrest_marks(with_figure, measure, binning.binned)
        series[kind] = _arrest_series(kind, what, marks, binning.binned)
    return ArrestFacts(series=series, binning=binning, events=rows.index)


def _arrest_marks(rows: pd.DataFrame, measure: str, binned: bool) -> pd.DataFrame:
    """Per day, the day's figures added up; a figure over several days is its own span mark.

    Binned, a figure over several days counts on its first day (one mark per day).
    """
    columns = ["x", "start", "end", "low", "high", "open", "disputed", "span", "n", "keys"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    low = rows[f"{measure}_low"].astype(float)
    high = rows[f"{measure}_high"].astype(float).fillna(low)
    frame = pd.DataFrame(
        {
            "start": rows["start"],
            "end": rows["end"],
            "low": low,
            "high": high,
            "open": rows[f"{measure}_open"].fillna(False).to_numpy(bool),
            "disputed": rows["disputed"].fillna(False).to_numpy(bool),
            "span": rows["span"].to_numpy(bool) & (not binned),
            "key": rows.index.astype(str),
        }
    )
    single = frame[~frame["span"].to_numpy(bool)].sort_values(
        "high", ascending=False, kind="stable"
    )
    g = single.groupby("start", sort=True)
    days = pd.DataFrame(
        {
            "start": g["start"].first(),
            "end": g["start"].first(),
            "low": g["low"].sum(),
            "high": g["high"].sum(),
            "open": g["open"].any(),
            "disputed": g["disputed"].any(),
            "span": False,
            "n": g.size(),
            "keys": _first_keys(
                single.set_index("key"), "start", len(single) if not binned else BIN_KEYS
            ),
        }
    ).reset_index(drop=True)
    spans = frame[frame["span"].to_numpy(bool)].assign(
        n=1, keys=lambda f: [(k,) for k in f["key"]]
    )[days.columns]
    marks = pd.concat([days, spans], ignore_index=True)
    marks["x"] = marks["start"] + (marks["end"] + _DAY - marks["start"]) / 2
    return marks.sort_values(["x"], kind="stable").reset_index(drop=True)[columns]


def _arrest_series(kind: str, what: str, marks: pd.DataFrame, binned: bool) -> ArrestSeries:
    if marks.empty:
        return ArrestSeries(kind, what, marks, None, None, False, None, ())
    peak = int(
        np.lexsort(
            (np.arange(len(marks)), -marks["low"].to_numpy(float), -marks["high"].to_numpy(float))
        )[0]
    )
    n_labels = 1 if binned else MAX_ARREST_LABELS if len(marks) <= MANY_ARREST_MARKS else 3
    largest = np.lexsort((np.arange(len(marks)), -marks["high"].to_numpy(float)))[:n_labels]
    labels = []
    for i in sorted(largest):
        m = marks.iloc[i]
        figure = figure_words(m["low"], m["high"], bool(m["open"]), bool(m["disputed"]))
        words = figure + (f" {what}" if i == peak else "")
        if binned:
            words += f" on {format_day(m['start'])}"
        elif m["disputed"] and m["low"] != m["high"]:
            words += " (sources differ)"
        short = figure + (f" {ARREST_SHORT[kind]}" if i == peak else "")
        rank = float(m["high"]) + (1e9 if i == peak else 0)
        labels.append(Label(m["x"], float(m["high"]), words, rank, short=short))
    return ArrestSeries(
        kind=kind,
        what=what,
        marks=marks,
        low_sum=float(marks["low"].sum()),
        high_sum=float(marks["high"].sum()),
        open=bool(marks["open"].any()),
        peak=peak,
        labels=tuple(labels),
    )


# --- responses -----------------------------------------------------------------------------------


def _responses(rows: pd.DataFrame, axis: TimeAxis | None) -> ResponseFacts:
    marks = pd.DataFrame(
        {
            "x": rows["x"],
            "start": rows["start"],
            "end": rows["end"],
            "span": rows["span"],
            "month_only": rows["month_only"],
            "response_level": rows["response_level"].astype("string"),
            "announced": is_one_of(rows["status"], ("announced",)),
        },
        index=rows.index,
    )
    binning = Binning(len(marks), MAX_MARKS)
    levels = marks["response_level"].value_counts()
    by_level = {level: int(levels.get(level, 0)) for level in schema.RESPONSE_LEVELS}
    bins = None
    phone = lanes = _five_lanes()  # binned or empty: one row per level
    if axis is None or marks.empty:
        pass
    elif binning.binned:
        day = marks["x"].dt.normalize()
        by = pd.DataFrame(
            {
                "date": day,
                "response_level": marks["response_level"],
                "actor": rows["response_actor"].astype("string").fillna("actor not given"),
            }
        )
        bins = by.groupby(["date", "response_level"], sort=True).size().rename("n").reset_index()
        bins["x"] = bins["date"] + _NOON
        actors = by.groupby(["date", "response_level", "actor"], sort=True).size().rename("k")
        actors = actors.reset_index().sort_values(
            ["date", "response_level", "k"], ascending=[True, True, False], kind="stable"
        )
        top = actors.groupby(["date", "response_level"], sort=True).head(3)
        bins["actors"] = (
            top.assign(pair=list(zip(top["actor"], top["k"], strict=True)))
            .groupby(["date", "response_level"], sort=True)["pair"]
            .agg(tuple)
            .to_numpy()
        )
    else:
        lanes = layout_lanes(rows, axis, width_in=LANE_WIDTH_IN, label=_response_label)
        phone = layout_lanes(rows, axis, width_in=PHONE_LANE_WIDTH_IN, label=_response_label)
        marks = marks.assign(
            y=pd.Series(lanes.y, dtype=float).reindex(marks.index),
            label=pd.Series(lanes.labels, dtype="string").reindex(marks.index),
            side=pd.Series(lanes.side, dtype="string").reindex(marks.index),
        )
    return ResponseFacts(
        marks=marks,
        lanes=lanes,
        phone_lanes=phone,
        bins=bins,
        binning=binning,
        by_level=by_level,
        busiest=_busiest(rows),
    )


def _response_label(row: pd.Series) -> str:
    """The curator's label (else who responded and what they did); a month-dated response
    says its month."""
    text = chart_label(row, response_label)
    return f"{text} ({row['date']:%b %Y})" if bool(row["month_only"]) else text


def _five_lanes() -> LaneLayout:
    """One row per level (binned or empty panels)."""
    levels = list(schema.RESPONSE_LEVELS)
    spans = {
        level: (float(len(levels) - 1 - i), float(len(levels) - i))
        for i, level in enumerate(levels)
    }
    return LaneLayout({}, {}, spans, len(levels), {})


def _busiest(
    rows: pd.DataFrame,
) -> tuple[tuple[pd.Timestamp, ...], int, tuple[str, ...]] | None:
    """The days with the most responses dated to a day (all of them when tied), and who
    responded on the first of them."""
    day_rows = rows[~rows["span"].to_numpy(bool) & ~rows["month_only"].to_numpy(bool)]
    if day_rows.empty:
        return None
    per_day = day_rows["start"].value_counts()
    days = tuple(sorted(per_day.index[(per_day == per_day.max()).to_numpy(bool)]))
    on_day = day_rows[(day_rows["start"] == days[0]).to_numpy(bool)]
    actors = tuple(dict.fromkeys(str(a).split(" (")[0] for a in on_day["response_actor"].dropna()))
    return days, int(per_day.max()), actors
