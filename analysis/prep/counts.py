"""Every count the words and tables of a selection give, each with one definition.

The facts model counts once, here, from the events and the panels built; a headline, an alt
text and a summary table then quote the same number (:class:`Counts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.prep.arrests import ArrestFacts
from analysis.prep.crowd import CrowdFacts
from analysis.prep.responses import ResponseFacts
from analysis.prep.select import is_one_of
from analysis.prep.sources import low_main_source

if TYPE_CHECKING:
    from analysis.prep.facts import Facts

#: The panels of the combined chart, top to bottom.
PANELS = ("crowd", "arrests", "responses")


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
    - ``responses``: responses made that the responses panel draws and a medium- or
      high-reliability source reports (not a reported silence or an arrest quota:
      ``ResponseFacts.uncounted``; not one only low-reliability sources report:
      ``responses_weak``, drawn hollow and in no count); ``responses_drawn`` every mark of
      that panel, and ``responses_month_only`` and ``responses_announced`` of them;
    - ``raids``: immigration enforcement operations that happened within the panels' scopes
      (local and regional by default: a raid in Aurora, Colorado is not one of Southern
      California's, as a nationwide march is not one of its crowds); ``disputed`` events whose
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
    responses_weak: int
    responses_drawn: int
    responses_month_only: int
    arrests_month_only: int
    month_only: int
    responses_announced: int
    raids: int
    disputed: int
    low_rows: int
    cities: tuple[str, ...]


def count_facts(
    ev: pd.DataFrame,
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    crowd: CrowdFacts,
    arrests: ArrestFacts,
    resp: ResponseFacts,
    arrest_ev: pd.DataFrame,
    *,
    drawn: np.ndarray,
) -> Counts:
    """The counts of a selection: its merged events ``ev`` and selected ``rows``, the panels
    built from them, the arrests panel's events ``arrest_ev`` and the items ``drawn``."""
    kinds = crowd.marks["kind"].value_counts() if len(crowd.marks) else pd.Series(dtype=int)
    low_rows = low_main_source(rows["source_ids"], sources)
    return Counts(
        rows=len(rows),
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
        responses=int(resp.marks["counted"].sum()) if len(resp.marks) else 0,
        responses_weak=sum(resp.weak.values()),
        responses_drawn=len(resp.marks),
        responses_month_only=int(resp.marks["month_only"].sum()) if len(resp.marks) else 0,
        arrests_month_only=int(arrest_ev["month_only"].sum()),
        month_only=int((ev["month_only"].to_numpy(bool) & drawn).sum()),
        responses_announced=int(resp.marks["announced"].sum()) if len(resp.marks) else 0,
        raids=int(
            (
                is_one_of(ev["event_type"], ("enforcement_operation",))
                & ev["occurred"]
                & ev["in_panel_scope"]
            ).sum()
        ),
        disputed=int(ev["disputed"].fillna(False).sum()),
        low_rows=low_rows,
        cities=tuple(sorted(str(c) for c in ev["city"].dropna().unique())),
    )


def model_numbers(facts: Facts) -> frozenset[float]:
    """Every number the model ``facts`` holds that a text may quote (counts, figures, totals).

    The consistency tests check that each number in a headline, alt text, notes line or
    summary table is one of these.
    """
    out: set[float] = set()
    c = facts.counts
    out.update(float(v) for k, v in vars(c).items() if isinstance(v, int))
    out.add(float(len(c.cities)))
    for frame, cols in (
        (facts.crowd.marks, ("low", "high")),
        (facts.crowd.totals, ("low_sum", "high_sum", "n", "n_events")),
    ):
        for col in cols:
            if col in frame:
                out.update(pd.to_numeric(frame[col], errors="coerce").dropna().astype(float))
    if facts.crowd.bins is not None:
        for col in ("n", "low", "high", "value"):
            out.update(facts.crowd.bins[col].dropna().astype(float))
    for series in facts.arrests.series.values():
        for col in ("low", "high", "n"):
            out.update(series.marks[col].dropna().astype(float))
        out.update(v for v in (series.low_sum, series.high_sum) if v is not None)
        out.add(float(len(series.marks)))
        if "span" in series.marks:  # the figures for one day ("the largest of 11 ...")
            out.add(float((~series.marks["span"].astype(bool)).sum()))
    out.update(float(v) for v in facts.responses.by_level.values())
    out.update(float(v) for v in facts.responses.uncounted.values())
    out.add(float(sum(facts.responses.by_level.values())))
    if facts.responses.busiest is not None:
        out.add(float(facts.responses.busiest[1]))
    if facts.responses.bins is not None:
        out.update(facts.responses.bins["n"].astype(float))
    for chart in ("combined", *PANELS):
        out.update(float(v) for v in facts.not_drawn_counts(facts.panels_of(chart)).values())
        out.add(float(facts.disputed_drawn(facts.panels_of(chart))))
    for peak in (facts.crowd.peak,):
        if peak is not None:
            out.update((peak.value, float(peak.n)))
            if peak.n_events is not None:
                out.add(float(peak.n_events))
    if facts.axis is not None:
        out.add(float(len(facts.axis.starts)))
    places = facts.map.places
    if len(places):
        out.update((float(len(places)), float(places["approximate"].sum())))
        out.add(float(places["city"].dropna().nunique()))
        out.update(places["value"].dropna().astype(float))
        out.update(places["n"].astype(float))
    out.add(float(facts.map.unplaced))
    for frame in (facts.events,):
        for col in ("crowd_low", "crowd_high", "arrests_low", "arrests_high"):
            out.update(frame[col].dropna().astype(float))
        for col in ("immigration_low", "immigration_high", "figure_low", "figure_high"):
            out.update(frame[col].dropna().astype(float))
    return frozenset(out)
