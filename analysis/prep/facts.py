"""The facts model of one selection: everything its charts, headlines, alt texts and tables say.

:func:`build_facts` selects the rows, merges them into events and works out, once, every number
and every decision a renderer needs: which marks each panel draws and where, whether a panel is
binned and why, the daily totals, the peaks, the time axis, the swimlane layout, the counts
(each with one definition) and every item that is not drawn, with the reason. The matplotlib
and plotly charts, the words (headline, subtitle, source and notes lines, alt text), the report
tables and the TimelineJS sheet all read this one object and never filter or aggregate on their
own, so a headline cannot contradict the marks under it and a summary cannot count differently
from the alt text.

This module holds the model (:class:`Facts`) and its builder; each part has its own module:
the selection (:mod:`analysis.prep.selection`), the sources' reliability
(:mod:`analysis.prep.sources`), what the panels share (:mod:`analysis.prep.marks`), the crowd,
arrests and responses panels (:mod:`analysis.prep.crowd`, :mod:`analysis.prep.arrests`,
:mod:`analysis.prep.responses`), the locator map (:mod:`analysis.prep.map`), the counts
(:mod:`analysis.prep.counts`) and the time axis (:mod:`analysis.prep.timeaxis`).

The rules, stated once:

- A *demonstration* is an event of a protest type (``schema.PROTEST_EVENT_TYPES``) reported as
  having happened. The crowd and arrests panels keep the local and regional scopes by default
  (a nationwide count is not a crowd at one place); the responses panel keeps every scope.
- A crowd *mark stands at the low figure*, a figure that a source or the vague-word rule gives
  (``analysis.data.crowd``); the range up to the high figure is drawn as a range, and a vague
  word's range is written in its word ("thousands"). Only open-ended wording ("more than
  2,000") makes the low figure a floor, "at least 2,000": no upper bound given.
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
- A selection with dates holds an item dated only to a week or a month only when it covers the
  whole week or month; an item whose period it covers in part is *kept apart*
  (:attr:`Facts.apart`): reported for that period, not dated within the selection's days, so
  never drawn, counted, tabled or put in the chronology, and listed once, apart, in reader
  words (:mod:`analysis.spec.apart`).
- Above :data:`analysis.prep.marks.MAX_MARKS` marks a panel is *binned* by day and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.data import schema
from analysis.data.load import Dataset
from analysis.errors import ParameterError
from analysis.prep import aggregate
from analysis.prep.aggregate import publisher_names
from analysis.prep.arrests import ArrestFacts, build_arrests
from analysis.prep.counts import PANELS, Counts, count_facts, model_numbers
from analysis.prep.crowd import CrowdFacts, build_crowd
from analysis.prep.map import MapFacts, build_map
from analysis.prep.marks import DAY
from analysis.prep.responses import ResponseFacts, build_responses
from analysis.prep.select import is_one_of, period_end, precision_is
from analysis.prep.selection import Selection
from analysis.prep.sources import SourceItems, row_preference
from analysis.prep.timeaxis import TimeAxis, axis_of, place_on_axis

#: Which events each measure applies to (for the "missing figures" table).
MEASURE_APPLIES: dict[str, frozenset[str]] = {
    "crowd": schema.PROTEST_EVENT_TYPES,
    "arrests": schema.PROTEST_EVENT_TYPES,
    "immigration": frozenset({"enforcement_operation"}),
}
#: Scope words for notes ("outside the local and regional scope").
_SCOPE_WORDS = {("local", "regional"): "local and regional"}


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
    #: ``events`` with the worded columns (:meth:`details`), worked out when the model is built.
    detailed: pd.DataFrame
    publishers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    row_keys: pd.Series | None = None
    #: The items kept apart (:meth:`Selection.partition`): one row per event (its first row),
    #: in date order, with ``key``, ``start`` and ``end`` (the week or month it is dated to).
    apart: pd.DataFrame = field(default_factory=pd.DataFrame)

    def details(self, keys: Iterable[str] | None = None) -> pd.DataFrame:
        """The events of ``keys`` (every event when None), with their worded columns too.

        ``events`` holds what the charts compute with; the words, each source's wording of
        each figure with its publisher (``<measure>_wording``), ``publishers``,
        ``main_publisher``, ... (``aggregate.TEXT_COLUMNS``), are worked out once, when the
        model is built, so a hover box, a label or a table only looks its events up.
        """
        if keys is None:
            return self.detailed
        return self.detailed.loc[pd.Index(list(keys)).unique()]

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
            reported = applies & self._reported(measure)
            rows.append(
                {"measure": measure, "applies": int(applies.sum()), "reported": int(reported.sum())}
            )
        return pd.DataFrame(rows).set_index("measure")

    def _reported(self, measure: str) -> np.ndarray:
        """Which events have ``measure`` reported. An official's crowd figure is a claim, not a
        reported size; protesters arrested at a demonstration are also reported when a row of
        police arrests (LAPD's eight on 30 Jan 2026) says, in ``responds_to``, which
        demonstration they were made at."""
        ev = self.events
        out = ev[f"{measure}_low"].notna().to_numpy(bool).copy()
        if measure == "crowd":
            out &= ~ev["crowd_claim"].to_numpy(bool)
        if measure == "arrests" and "responds_to" in self.rows:
            rows = self.rows
            arrested = rows["arrests"].notna() & rows["responds_to"].notna()
            named = {
                t for cell in rows.loc[arrested, "responds_to"] for t in aggregate.split_cell(cell)
            }
            ids = rows["event_id"].astype("string")
            keys = set(rows["dispute_group"].astype("string").fillna(ids)[ids.isin(named)])
            out |= ev.index.isin(list(keys))
        return out

    def _applies(self, measure: str) -> np.ndarray:
        types = MEASURE_APPLIES[measure]
        return is_one_of(self.events["event_type"], types) & self.events["occurred"].to_numpy(bool)

    def missing_figure(self, measure: str) -> pd.Index:
        """Keys of the events ``measure`` applies to whose figure no source gives."""
        if measure not in MEASURE_APPLIES:
            raise ParameterError(
                f"measure: {measure!r}; valid values: {', '.join(MEASURE_APPLIES)}"
            )
        missing = self._applies(measure) & ~self._reported(measure)
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
        """Per response drawn, in date order: the events of the selection its sources say it
        answers (events.csv ``responds_to``), and the days between where both are dated to
        the day.

        Columns ``answers`` (event keys, a tuple, empty where no source ties the response to
        an event), ``outside`` (how many events it answers lie outside the selection) and
        ``days`` (Int64: days from the latest event it answers; NA unless the response and
        every event it answers are dated to the day by their sources, not worked out by the
        project). No relation is read off the dates.
        """
        ev = self.events
        responses = ev.loc[self.responses.marks.index].sort_values("date", kind="stable")
        n = len(responses)
        answers: list[tuple[str, ...]] = [()] * n
        outside, days = [0] * n, [None] * n
        rows = self.rows
        tied = (
            rows["responds_to"].fillna("").astype(str).str.len().to_numpy() > 0
            if "responds_to" in rows
            else np.zeros(len(rows), dtype=bool)
        )
        if tied.any():
            # A row's event key: its dispute group, else its own id (as ``dispute_rows``).
            ids = rows["event_id"].astype("string")
            key_of = dict(zip(ids, rows["dispute_group"].astype("string").fillna(ids), strict=True))
            # A day the project worked out (date_inferred) is no ground for a count of days.
            flags = (
                rows["date_inferred"].astype("boolean").fillna(False).to_numpy(bool)
                if "date_inferred" in rows
                else np.zeros(len(rows), dtype=bool)
            )
            inferred = {key_of[i] for i in ids[flags]}
            named: dict[str, list[str]] = {}
            for row_id, cell in zip(ids[tied], rows["responds_to"][tied], strict=True):
                named.setdefault(key_of[row_id], []).extend(aggregate.split_cell(cell))
            position = {str(key): i for i, key in enumerate(responses.index)}
            for key, targets in named.items():
                i = position.get(key)
                if i is None:  # a row that answers events but is not drawn as a response
                    continue
                targets = list(dict.fromkeys(targets))
                inside = tuple(dict.fromkeys(key_of[t] for t in targets if t in key_of))
                answers[i], outside[i] = inside, sum(t not in key_of for t in targets)
                exact = [
                    responses.iloc[i]["date_precision"],
                    *ev.loc[list(inside), "date_precision"],
                ]
                known = not ({key, *inside} & inferred)
                if inside and not outside[i] and set(exact) == {"day"} and known:
                    latest = ev.loc[list(inside), "date"].max()
                    days[i] = (responses.iloc[i]["date"] - latest).days
        return pd.DataFrame(
            {
                "answers": pd.Series(answers, index=responses.index, dtype=object),
                "outside": pd.Series(outside, index=responses.index, dtype="int64"),
                "days": pd.array(days, dtype="Int64"),
            },
            index=responses.index,
        )

    @cached_property
    def numbers(self) -> frozenset[float]:
        """Every number the model holds that a text may quote (counts, figures, totals): the
        consistency tests check each number of a text is one (:func:`counts.model_numbers`)."""
        return model_numbers(self)

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
        if self.crowd.peak is not None:  # a week's total starts on its Monday
            out.update((self.crowd.peak.start.normalize(), self.crowd.peak.end.normalize()))
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
    rows, apart = selection.partition(dataset.events, dataset.sources)
    return _Builder(dataset, selection, rows, apart).facts()


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

    def __init__(
        self,
        dataset: Dataset,
        selection: Selection,
        rows: pd.DataFrame,
        apart: pd.DataFrame | None = None,
    ) -> None:
        self.dataset, self.selection, self.rows = dataset, selection, rows
        self.apart = _apart(apart if apart is not None else rows.iloc[:0])
        self.sources = dataset.sources
        self.prefer = row_preference(rows, self.sources)
        # One merge, words included: the charts compute with ``events``, the worded columns
        # (``details``) are for hovers, labels and tables.
        figures = aggregate.event_figures(rows, publisher_names(self.sources), prefer=self.prefer)
        worded = [c for c in figures.columns if c in aggregate.TEXT_COLUMNS]
        self.worded = figures[worded]
        self.period = _period(rows, selection)
        self.events = self._annotate(figures.drop(columns=worded))
        self.not_drawn: list[pd.DataFrame] = []

    # events ---------------------------------------------------------------------------------

    def _annotate(self, ev: pd.DataFrame) -> pd.DataFrame:
        """Add the columns every panel reads: days covered, mark position, roles, reliability."""
        sel = self.selection
        start = ev["date"].dt.normalize()
        end = period_end(ev).dt.normalize()
        month = precision_is(ev, "month")
        span = (end > start).to_numpy(dtype=bool)
        x = start + (end + DAY - start) / 2  # the middle of the days covered (noon of a day)
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
        self.source_items = SourceItems(ev["source_ids"])
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
        return self.worded[f"{measure}_wording"].reindex(keys)

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

        drawn = in_crowd | in_arrests | in_responses  # axis: these, and every one-day item
        on_axis = drawn | (ev["start"] == ev["end"]).to_numpy(bool)  # (the chronology's)
        shaping = ev.loc[on_axis, ["start", "end", "month_only"]]
        if self.period is not None:  # the axis shows the selection's period, no more
            shaping = shaping.assign(
                start=shaping["start"].clip(lower=self.period[0]),
                end=shaping["end"].clip(upper=self.period[1]),
            )
        framed = sel.start is not None and sel.end is not None and self.period is not None
        axis = axis_of(
            shaping, layout=sel.layout, gap=sel.max_gap_days, frame=self.period if framed else None
        )
        ev = self.events = place_on_axis(ev, axis)
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
        crowd = build_crowd(crowd_rows, sel.total, self._wording)
        locator = build_map(crowd_rows, crowd, self.dataset)
        arrests = build_arrests(arrest_rows, self._wording)
        responses = build_responses(response_rows, axis)
        if axis is not None:
            axis = replace(axis, keep=key_days(crowd, arrests))
        counts = count_facts(
            ev,
            self.rows,
            self.sources,
            crowd,
            arrests,
            responses,
            arrest_rows,
            drawn=in_crowd | in_arrests | in_responses,
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
            detailed=ev.join(self.worded),
            publishers=publishers,
            row_keys=aggregate.event_keys(self.rows),
            apart=self.apart,
        )


# --- helpers -------------------------------------------------------------------------------------


#: Counted crowds whose days the time axis keeps after the labelled ones.
KEY_CROWD_DAYS = 24


def key_days(crowd: CrowdFacts, arrests: ArrestFacts) -> tuple[pd.Timestamp, ...]:
    """The days whose ticks the time axis keeps first, in order: the day of each crowd the
    headline names, then the days of the crowd and arrest marks given labels (a mark dated
    to a week or a month has no day)."""
    marks = crowd.marks
    one_day = marks.index[~marks["span"].to_numpy(bool)] if "span" in marks else marks.index
    keys = [*crowd.largest, *(str(label.key) for label in crowd.labels if label.key is not None)]
    days = [pd.Timestamp(marks.at[k, "x"]).normalize() for k in keys if k in one_day]
    for series in arrests.series.values():
        dated = series.marks[~series.marks["span"].to_numpy(bool)]
        on = set(pd.DatetimeIndex(dated["x"]).normalize())
        days += [d for d in (pd.Timestamp(lab.x).normalize() for lab in series.labels) if d in on]
    # then every other day a counted crowd stands on, the largest first (at most a few dozen:
    # a binned chart's many days keep their regular ticks)
    counted = marks.loc[one_day].dropna(subset=["low"]).sort_values("low", ascending=False)
    days += list(pd.DatetimeIndex(counted["x"].head(KEY_CROWD_DAYS)).normalize())
    return tuple(dict.fromkeys(days))


_SPAN_COLUMNS = ("date", "start", "end", "span", "month_only", "x", "disputed", "source_ids")
#: The columns of the events each panel reads.
CROWD_COLUMNS = (
    *_SPAN_COLUMNS,
    *("event_type", "crowd_low", "crowd_high", "crowd_open", "crowd_claim", "weak"),
    *("city", "location", "title", "label", "crowd_estimator", "crowd_estimate_by", "actors"),
    *("place_id", "latitude", "longitude", "geo_precision"),
)
ARREST_COLUMNS = (
    *_SPAN_COLUMNS,
    *("arrests_low", "arrests_high", "arrests_open"),
    *("immigration_low", "immigration_high", "immigration_open"),
)
RESPONSE_COLUMNS = (
    *_SPAN_COLUMNS,
    *("response_level", "response_type", "response_actor", "status", "label", "title", "weak"),
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


def _apart(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows kept apart, one per event (a dispute group once), with the period each is
    dated to (``start``, ``end``), in date order."""
    ids = rows["event_id"].astype("string")
    key = rows["dispute_group"].astype("string").fillna(ids) if "dispute_group" in rows else ids
    out = rows.assign(
        key=key, start=rows["date"].dt.normalize(), end=period_end(rows).dt.normalize()
    )
    out = out.drop_duplicates("key").sort_values(["start", "end"], kind="stable")
    return out.set_axis(pd.Index(out["key"].to_numpy(), dtype="string"))


def _scope_words(scopes: tuple[str, ...] | None) -> str:
    if scopes is None:
        return "chosen"
    return _SCOPE_WORDS.get(tuple(scopes), " and ".join(scopes))
