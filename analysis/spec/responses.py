"""The official-responses chart's specification: a swimlane per level of government.

Decided here and nowhere else: every response is a hexagon in its level's lane (the lane, not
the shape, gives the level); an announced one is the vocabulary's pale hexagon; one resting
only on low-reliability sources is hollow (an outlined band where it is dated only to its week or
month); one dated only to its week or month is a band across those days with no point;
binned, a day's responses at one level are one mark whose area grows with their number (one
size rule for every engine); the rows of the lanes and every label's place are decided for this
size on its canvas (:mod:`analysis.spec.lanes`): a label the size has no room for is left out
and the notes say how many.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.data.labels import response_type_label
from analysis.fmt import format_day, plural
from analysis.prep.facts import Facts
from analysis.prep.timeaxis import TimeAxis
from analysis.spec import phrases
from analysis.spec.chartwords import chart_words
from analysis.spec.lanes import LaneLayout, five_lanes, lay_out_lanes
from analysis.spec.model import (
    PHONE_SIZES,
    ChartSpec,
    LabelSpec,
    Layer,
    LegendEntry,
    Scale,
    layer,
    open_spans,
)
from analysis.spec.vocabulary import LEVEL_NAMES, shape_of, shape_words, symbol
from analysis.spec.words import unlabelled_notes

#: Diameter (px) of a binned mark standing for the busiest day and level; the others' areas
#: are in proportion, down to :data:`BIN_MIN_PX`.
BIN_MAX_PX, BIN_MIN_PX = 15.0, 3.0
#: Room under the lowest lane, in lane rows.
LANE_FOOT = 0.4
_DAY = pd.Timedelta(days=1)


def responses_spec(facts: Facts, size: str = "article") -> ChartSpec:
    """The responses chart of ``facts`` at ``size`` (:data:`analysis.spec.model.SIZES`)."""
    resp = facts.responses
    chart_words_ = chart_words(facts, "responses")
    phone = size in PHONE_SIZES
    lanes = lane_layout(facts, size)
    scale = _scale(lanes)
    if resp.marks.empty or facts.axis is None:
        return ChartSpec("responses", size, facts.axis, (), (), (), scale, chart_words_)
    if resp.binning.binned:
        layers = _binned_layers(facts, lanes)
        labels: tuple[LabelSpec, ...] = ()
    else:
        layers = _mark_layers(facts, lanes)
        labels = _labels(lanes)
    legend = _legend(layers)
    chart_words_ = replace(
        chart_words_, notes=unlabelled_notes(chart_words_.notes, len(lanes.hidden))
    )
    spec = ChartSpec(
        chart="responses",
        size=size,
        axis=facts.axis,
        layers=layers,
        legend=legend,
        labels=labels,
        scale=scale,
        words=chart_words_,
        legend_columns=(1, 1) if phone else (2, 2),
        hidden_labels=lanes.hidden,
    )
    return open_spans(spec)


def lane_layout(facts: Facts, size: str) -> LaneLayout:
    """The swimlanes of ``facts`` at ``size``: each response's row and each label's place
    (one row per level when binned or empty)."""
    resp = facts.responses
    if resp.marks.empty or facts.axis is None or resp.binning.binned:
        return five_lanes()
    if size not in PHONE_SIZES:
        return lay_out_lanes(resp.marks, facts.axis, size)
    marks, dropped = _phone_labels(resp.marks, facts.axis)
    lanes = lay_out_lanes(marks, facts.axis, size)
    return replace(lanes, hidden=(*lanes.hidden, *dropped))


def _phone_labels(marks: pd.DataFrame, axis: TimeAxis) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The responses a phone labels, one choice for the static and the interactive phone
    charts: those whose label fits on both phones' canvases; and where a counted response
    (what the headline counts) is left unlabelled, no uncounted item (a quota, a reported
    silence, a response only low-reliability sources report) takes a label before it.
    Returns ``marks`` with the other labels removed, and their keys."""
    labelled = marks["label"].notna().to_numpy(bool)
    left_out = np.zeros(len(marks), dtype=bool)
    for phone in sorted(PHONE_SIZES):
        left_out |= marks.index.isin(lay_out_lanes(marks, axis, phone).hidden)
    counted = marks["counted"].to_numpy(bool)
    drop = labelled & left_out
    if (drop & counted).any():
        drop |= labelled & ~counted
    keys = tuple(str(k) for k in marks.index[drop])
    return marks.assign(label=marks["label"].where(~drop)), keys


def _scale(lanes: LaneLayout) -> Scale:
    centres = tuple((bottom + top) / 2 for bottom, top in lanes.lanes.values())
    return Scale(
        log=False,
        low=-LANE_FOOT,
        high=float(lanes.rows),
        ticks=centres,
        title="",
        tick_text=tuple(LEVEL_NAMES[level] for level in lanes.lanes),
        rules=tuple(float(bottom) for bottom, _top in lanes.lanes.values() if bottom > 0),
    )


def _hovers(facts: Facts, marks: pd.DataFrame) -> list[phrases.Hover]:
    if not len(marks):
        return []
    records = phrases.with_sources(facts.details(marks.index), facts.sources).to_dict("records")
    out = []
    flags = zip(marks["announced"].to_numpy(bool), marks["counted"].to_numpy(bool), strict=True)
    for record, (announced, counted) in zip(records, flags, strict=True):
        level = LEVEL_NAMES.get(str(record.get("response_level")), "Level")
        what = response_type_label(record.get("response_type"))
        figures = [
            phrases.Line(f"{level}: {record.get('response_actor')}", "figure"),
            phrases.Line(what + (" (announced)" if announced else "")),
        ]
        if not counted:  # the rule every count reads (ResponseFacts.marks["counted"])
            figures.append(phrases.Line("Not counted as a response", "caveat"))
        out.append(phrases.event_hover(record, figures))
    return out


def _mark_layers(facts: Facts, lanes: LaneLayout) -> tuple[Layer, ...]:
    marks = facts.responses.marks
    y = pd.Series(lanes.y, dtype=float).reindex(marks.index)
    span = marks["span"].to_numpy(bool)
    announced = marks["announced"].to_numpy(bool)
    weak = marks["weak"].to_numpy(bool)
    hovers = pd.Series(_hovers(facts, marks), index=marks.index, dtype=object)

    def points(pick: np.ndarray, kind: str = "response") -> pd.DataFrame:
        rows = marks[pick]
        return pd.DataFrame(
            {"x": rows["x"], "y": y[pick], "shape": shape_of(kind), "hover": hovers[pick]},
            index=rows.index,
        )

    def bands(pick: np.ndarray) -> pd.DataFrame:
        rows = marks[pick]
        return pd.DataFrame(
            {"x": rows["start"], "x_end": rows["end"] + _DAY, "y": y[pick], "hover": hovers[pick]},
            index=rows.index,
        )

    kind = marks["kind"].to_numpy(str)
    made, quota, silent = kind == "response", kind == "quota", kind == "ignore"
    out = [
        layer("spans", "response_span", bands(made & span & ~weak)),
        layer("weak_spans", "response_weak_span", bands(made & span & weak)),
        layer("points", "response", points(made & ~span & ~announced & ~weak)),
        layer("weak", "response_weak", points(made & ~span & ~announced & weak)),
        layer("announced", "response_announced", points(made & ~span & announced & ~weak)),
        layer("weak_announced", "response_weak_announced", points(made & ~span & announced & weak)),
        # not counted as responses: an arrest quota or goal, and a reported silence (a dash,
        # which has no inside to leave hollow: its hover and the tables give its sources)
        layer("quota_spans", "quota_span", bands(quota & span & ~weak)),
        layer("quota_weak_spans", "quota_weak_span", bands(quota & span & weak)),
        layer("quotas", "quota", points(quota & ~span & ~weak, "quota")),
        layer("quota_weak", "quota_weak", points(quota & ~span & weak, "quota")),
        layer("no_comment_spans", "no_comment_span", bands(silent & span)),
        layer("no_comment", "no_comment", points(silent & ~span, "ignore")),
    ]
    return tuple(lay for lay in out if len(lay.rows))


def _binned_layers(facts: Facts, layout: LaneLayout) -> tuple[Layer, ...]:
    bins = facts.responses.bins
    if bins is None or not len(bins):
        return ()
    lanes = layout.lanes
    busiest = float(bins["n"].max())
    centre = np.array([sum(lanes[str(level)]) / 2 for level in bins["response_level"]])
    diameter = np.maximum(BIN_MAX_PX * np.sqrt(bins["n"].to_numpy(float) / busiest), BIN_MIN_PX)
    hovers = [
        (
            phrases.Line(
                f"{format_day(r.date)}: "
                + plural(int(r.n), f"{LEVEL_NAMES[str(r.response_level)].lower()} response"),
                "title",
            ),
            *(phrases.Line(f"{actor} ({k:,})", "quote") for actor, k in r.actors),
        )
        for r in bins.itertuples()
    ]
    keys = [f"{r.date:%Y-%m-%d}:{r.response_level}" for r in bins.itertuples()]
    rows = pd.DataFrame(
        {
            "x": bins["x"].to_numpy(),
            "y": centre,
            "shape": shape_of("response"),
            "size_px": diameter,
            "hover": hovers,
        },
        index=keys,
    )
    return (layer("bins", "response_bin", rows),)


def _labels(lanes: LaneLayout) -> tuple[LabelSpec, ...]:
    """Each label shown at this size, at the place :mod:`analysis.spec.lanes` gave it."""
    return tuple(
        LabelSpec(
            key=key,
            x=place.x,
            y=place.y,
            text=place.text,
            priority=0.0,
            dx=place.dx,
            dy=place.dy,
            ha=place.ha,
            va=place.va,
        )
        for key, place in lanes.labels.items()
    )


def _legend(layers: tuple[Layer, ...]) -> tuple[LegendEntry, ...]:
    """The response's hexagon, then each symbol drawn that has legend words (a point's key in
    its own shape: a quota's octagon, a silence's dash)."""
    names = {lay.name for lay in layers}
    entries = []
    if names & {"points", "announced", "weak", "weak_announced"}:
        entries.append(
            LegendEntry(shape_words("response"), symbol("response"), shape_of("response"), "shape")
        )
    # A hollow band, or a hollow hexagon with a pale edge (announced), is keyed by the
    # meanings it combines.
    keyed_by = {
        "weak_spans": ("response_span", "response_weak"),
        "weak_announced": ("response_announced", "response_weak"),
        "quota_weak_spans": ("quota_span", "response_weak"),
        "quota_weak": ("quota", "response_weak"),
    }
    shapes = {"quota": shape_of("quota"), "no_comment": shape_of("ignore")}
    for lay in layers:
        for sym in (symbol(m) for m in keyed_by.get(lay.name, (lay.symbol.meaning,))):
            if sym.legend is not None and all(e.text != sym.legend for e in entries):
                shape = shapes.get(sym.meaning, shape_of("response"))
                entries.append(LegendEntry(sym.legend, sym, shape))
    return tuple(entries)
