"""The arrests chart's specification: two series, protesters arrested and people detained by
immigration agents, never added together.

Decided here and nowhere else: each series in its own colour and shape (a pentagon, a star); a
day's figure is a point at its low end with a line to its high end (dashed where sources
disagree) and a caret where it is a floor; a figure over a week or a month is a band with no
point; the two series sit a little apart within their day so neither hides the other; the
labels shown at each size (a phone takes their short words).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.prep.arrests import OVER_WORDS, ArrestSeries
from analysis.prep.facts import Facts
from analysis.prep.marks import figure_words
from analysis.spec import phrases, words
from analysis.spec.chartwords import chart_words
from analysis.spec.layout import lay_out_labels
from analysis.spec.model import (
    PHONE_SIZES,
    ChartSpec,
    LabelSpec,
    Layer,
    LegendEntry,
    Scale,
    add_entry,
    layer,
    nice_ticks,
    open_spans,
)
from analysis.spec.vocabulary import COLOURS, shape_of, shape_words, symbol

#: How far each series sits from the middle of its day, in days (protesters left), where
#: both series have a mark that day; alone, a mark stands on its day, like every other panel's.
DODGE_DAYS = {"protesters": -0.18, "immigration": 0.18}
_DAY = pd.Timedelta(days=1)
_WEEK = pd.Timedelta(days=7)


def arrests_spec(facts: Facts, size: str = "article") -> ChartSpec:
    """The arrests chart of ``facts`` at ``size`` (:data:`analysis.spec.model.SIZES`)."""
    chart_words_ = chart_words(facts, "arrests")
    series = [s for s in facts.arrests.series.values() if len(s.marks)]
    if not series or facts.axis is None:
        return ChartSpec("arrests", size, facts.axis, (), (), (), None, chart_words_)
    phone = size in PHONE_SIZES
    binned = facts.arrests.binning.binned
    layers: list[Layer] = []
    labels: list[LabelSpec] = []
    shared = _shared_days(series)
    for s in series:
        layers += _series_layers(facts, s, binned, shared)
        labels += _labels(facts, s, phone, shared)
    top = max(float(s.marks["high"].max()) * (1.3 if s.open else 1.0) for s in series)
    high = max(top * 1.3, 4.0)
    scale = Scale(log=False, low=0.0, high=high, ticks=_whole(nice_ticks(0.0, high)),
                  title="People")  # fmt: skip
    spec = ChartSpec(
        chart="arrests",
        size=size,
        axis=facts.axis,
        layers=tuple(lay for lay in layers if len(lay.rows)),
        legend=_legend(series, layers),
        labels=tuple(labels),
        scale=scale,
        words=chart_words_,
        legend_columns=(1, 1) if phone else (2, 2),
    )
    return lay_out_labels(open_spans(spec))


def _whole(ticks: tuple[float, ...]) -> tuple[float, ...]:
    """People are counted whole: no tick at 2.5."""
    return tuple(t for t in ticks if float(t).is_integer())


def _keys(s: ArrestSeries) -> list[str]:
    """A mark's key: a day's marks by series and day, a span by its event."""
    m = s.marks
    return [
        str(keys[0]) if span else f"{s.kind}:{start:%Y-%m-%d}"
        for span, start, keys in zip(m["span"], m["start"], m["keys"], strict=True)
    ]


def _hovers(facts: Facts, s: ArrestSeries, binned: bool) -> list[phrases.Hover]:
    """Per mark: when, the figure, and the events added up (with their sources' words)."""
    m = s.marks
    measure = "arrests" if s.kind == "protesters" else "immigration"
    listed = [tuple(k[:5]) if isinstance(k, tuple) else () for k in m["keys"]]
    flat = pd.Index([k for keys in listed for k in keys]).unique()
    details = facts.details(flat) if not binned and len(flat) else facts.events.loc[flat]
    out = []
    for mark, keys in zip(m.to_dict("records"), listed, strict=True):
        figure = (
            words.span_figure_words(pd.Series(mark)).split(" in ")[0]
            + OVER_WORDS.get(str(mark.get("over")), "")
            if mark["span"]
            else figure_words(mark["low"], mark["high"], bool(mark["open"]), bool(mark["disputed"]))
        )
        lines = [
            phrases.Line(words.when_words(mark), "title"),
            phrases.Line(f"{shape_words(s.kind)}: {figure}", "figure"),
        ]
        if mark.get("over") == "week" and mark["span"] and mark["end"] - mark["start"] > _WEEK:
            lines.append(
                phrases.Line("One week's count; the source does not say which week", "caveat")
            )
        for key in keys:
            lines.append(phrases.Line(str(details.at[key, "title"]), "quote"))
            if not binned:
                lines += phrases.wordings(details.at[key, f"{measure}_wording"])
        more = int(mark["n"]) - len(keys)
        if more > 0:
            lines.append(phrases.Line(f"… and {more:,} more", "quote"))
        out.append(tuple(lines))
    return out


def _shared_days(series: list[ArrestSeries]) -> frozenset[pd.Timestamp]:
    """The day marks (their x) that both series have: only there do they step aside."""
    days = [set(pd.to_datetime(s.marks["x"][~s.marks["span"].to_numpy(bool)])) for s in series]
    return frozenset(set.intersection(*days)) if len(days) > 1 else frozenset()


def _dodged(x: pd.Series, kind: str, shared: frozenset[pd.Timestamp]) -> pd.Series:
    """``x`` moved aside by its series' :data:`DODGE_DAYS` on the days both series share."""
    on_shared = pd.to_datetime(x).isin(list(shared)).to_numpy(bool)
    return x + pd.to_timedelta(np.where(on_shared, DODGE_DAYS[kind], 0.0), unit="D")


def _series_layers(
    facts: Facts, s: ArrestSeries, binned: bool, shared: frozenset[pd.Timestamp]
) -> list[Layer]:
    m = s.marks
    keys = _keys(s)
    x = _dodged(m["x"], s.kind, shared)
    low, high = m["low"].to_numpy(float), m["high"].to_numpy(float)
    span = m["span"].to_numpy(bool)
    ranged = (high > low) & ~span
    # binned, a day's sum of disputed and agreed figures is one range: drawn solid
    disputed = m["disputed"].to_numpy(bool) & (not binned)
    hovers = _hovers(facts, s, binned)
    frame = pd.DataFrame(
        {
            "x": x.to_numpy(),
            "y": low,
            "y_end": high,
            "x_start": m["start"].to_numpy(),
            "x_stop": (m["end"] + _DAY).to_numpy(),
            "shape": shape_of(s.kind),
            "hover": hovers,
        },
        index=keys,
    )
    points = frame.loc[~span, ["x", "y", "shape", "hover"]]
    ranges = frame.loc[:, ["x", "y", "y_end"]]
    spans = pd.DataFrame(
        {"x": frame["x_start"], "x_end": frame["x_stop"], "y": high, "hover": hovers},
        index=keys,
    )[span]
    floors = frame.loc[m["open"].to_numpy(bool) & ~span & (not binned), ["x", "y_end"]].rename(
        columns={"y_end": "y"}
    )
    return [
        layer(f"{s.kind}_spans", f"{s.kind}_span", spans),
        layer(f"{s.kind}_ranges", f"{s.kind}_range", ranges[ranged & ~disputed]),
        layer(f"{s.kind}_disputed", f"{s.kind}_disputed", ranges[ranged & disputed]),
        layer(f"{s.kind}_{'bins' if binned else 'points'}", s.kind, points),
        layer(f"{s.kind}_floors", f"{s.kind}_floor", floors),
    ]


def _labels(
    facts: Facts, s: ArrestSeries, phone: bool, shared: frozenset[pd.Timestamp]
) -> list[LabelSpec]:
    """The model's labels of a series, keyed as their marks, kept within their period."""
    key_of = dict(zip(s.marks["x"], _keys(s), strict=True))
    axis = facts.axis
    # a label stands where its mark is drawn: moved aside by the one rule that moves marks
    at = pd.Series(pd.to_datetime([pd.Timestamp(label.x) for label in s.labels]))
    xs = _dodged(at, s.kind, shared)
    return [
        LabelSpec(
            key=key_of.get(label.x, f"{s.kind}:{pd.Timestamp(label.x):%Y-%m-%d}"),
            x=pd.Timestamp(x),
            y=float(label.y),
            text=(label.short or label.text) if phone else label.text,
            # where the whole label fits nowhere, its short words ("at least 44 detained")
            fallback=" ".join(label.short.split()) if label.short and not phone else None,
            priority=float(label.priority),
            bounds=axis.bounds_of(pd.Timestamp(label.x)) if axis is not None else None,
            colour=COLOURS[s.kind],
        )
        for label, x in zip(s.labels, xs, strict=True)
    ]


def _legend(series: list[ArrestSeries], layers: list[Layer]) -> tuple[LegendEntry, ...]:
    entries = [
        LegendEntry(shape_words(s.kind), symbol(s.kind), shape_of(s.kind), "shape") for s in series
    ]
    # each look drawn: a band (a range, a caret) of both series is keyed in both colours
    for lay in layers:
        text = lay.symbol.legend
        if text and len(lay.rows) and lay.symbol.geometry != "point":
            add_entry(entries, LegendEntry(str(text), lay.symbol))
    return tuple(entries)
