"""The crowd chart's specification: one mark per demonstration (or per day when binned), the
same layers, symbols, legend and labels for every engine and size.

Decided here and nowhere else:

- a demonstration with a counted size is a point at its low figure, shaped by its type, solid
  or hollow by its sources; a line to its high figure (dashed where sources disagree); a caret
  where the figure is a floor;
- an item dated only to a week or a month is a band across those days, with no point on a day;
- a demonstration with no reported size is a grey point in the "size not reported" strip, one
  per demonstration (never at zero, never grouped behind a "×5");
- an official's claim is a grey italic label in the strip, never a mark on the scale;
- each day's (week's) total of counted crowds is a short flat dash;
- which labels show at each size (the phone shows the largest and every claim).
"""

from __future__ import annotations

import textwrap
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.fmt import format_count, format_day
from analysis.prep.facts import Facts
from analysis.spec import phrases, words
from analysis.spec.alt import alt_text
from analysis.spec.chartwords import chart_words
from analysis.spec.layout import lay_out_labels, place_strip_name
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
from analysis.spec.spread import spread_day_marks
from analysis.spec.vocabulary import shape_of, shape_words, symbol

#: Labels shown on a phone besides the claims: the largest.
PHONE_LABELS = 2
#: Longest line (characters) of a label on a phone; longer labels wrap onto two lines.
PHONE_LABEL_CHARS = 32
#: Longest legend label that two legend columns fit side by side on a phone.
PHONE_LEGEND_CHARS = 20
#: Half the width of a day's total dash, in days (a week's: ``WEEK_HALF``).
DAY_HALF, WEEK_HALF = 0.42, 3.3
_DAY = pd.Timedelta(days=1)


def crowd_spec(facts: Facts, size: str = "article", *, log: bool | None = None) -> ChartSpec:
    """The crowd chart of ``facts`` at ``size`` (:data:`analysis.spec.model.SIZES`)."""
    crowd = facts.crowd
    chart_words_ = chart_words(facts, "crowd")
    if crowd.marks.empty or facts.axis is None:
        return ChartSpec("crowd", size, facts.axis, (), (), (), None, chart_words_)
    use_log = crowd.log if log is None else log
    layers = _binned_layers(facts) if crowd.binning.binned else _mark_layers(facts)
    totals = _totals_layer(facts)
    if totals is not None:
        layers = (totals, *layers)
    spec_labels, hidden = _labels(facts, size)
    strip = any(lay.panel == "strip" for lay in layers) or any(lab.claim for lab in spec_labels)
    legend = _legend(facts, layers)
    phone = size in PHONE_SIZES
    spec = ChartSpec(
        chart="crowd",
        size=size,
        axis=facts.axis,
        layers=layers,
        legend=legend,
        labels=spec_labels,
        scale=_floor_ticks(_scale(facts, use_log), strip),
        words=chart_words_,
        strip=strip,
        hidden_labels=hidden,
    )
    spec = open_spans(spec)
    spec = replace(spec, legend_columns=_legend_columns(spec.legend) if phone else (4, 2))
    spec = lay_out_labels(place_strip_name(spread_day_marks(spec)))
    # A claim is drawn only as its label: where the layout left it out, the alt text and the
    # notes line are silent about it.
    alt = alt_text(facts, "crowd", hidden=spec.hidden_labels)
    notes = words.unlabelled_notes(
        words.notes_line(facts, "crowd", claims=claims_written(spec)), len(spec.hidden_labels)
    )
    return replace(spec, words=replace(spec.words, alt=alt, notes=notes))


def claims_written(spec: ChartSpec) -> bool:
    """Whether a laid-out crowd specification writes an official's claim (its label)."""
    return any(label.claim for label in spec.labels)


def _points(
    rows: pd.DataFrame, y: pd.Series | None = None, details: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Point rows: position, the shape of each event's type and, given ``facts``, its hover."""
    frame = pd.DataFrame(
        {
            "x": rows["x"],
            "y": rows["low"].astype(float) if y is None else y,
            "shape": [shape_of(t) for t in rows["event_type"]],
        },
        index=rows.index,
    )
    if details is not None:
        frame["hover"] = phrases.crowd_hovers(details, rows)
    return frame


def _mark_layers(facts: Facts) -> tuple[Layer, ...]:
    marks = facts.crowd.marks
    details = facts.details(marks.index)  # worded once for every hover of the chart
    counted = marks["low"].notna().to_numpy(bool)
    span = marks["span"].to_numpy(bool)
    weak = (marks["kind"] == "weak").to_numpy(bool)
    figure = marks[counted]
    lows = figure["low"].astype(float)
    highs = figure["high"].astype(float)
    ranged = (highs > lows).fillna(False).to_numpy(bool)
    disputed = figure["disputed"].to_numpy(bool)
    # a range is drawn on a day; a week- or month-dated figure is its band alone
    ranged = ranged & ~figure["span"].to_numpy(bool)
    ranges = figure[ranged]
    range_rows = pd.DataFrame(
        {"x": ranges["x"], "y": lows[ranged], "y_end": highs[ranged]}, index=ranges.index
    )
    spans = marks[counted & span]
    unknown = marks[~counted & ~span]
    unknown_spans = marks[~counted & span]
    span_hover = phrases.crowd_hovers(details, spans)
    unknown_span_hover = phrases.crowd_hovers(details, unknown_spans)
    floors = figure[figure["open"].to_numpy(bool) & ~figure["span"].to_numpy(bool)]
    out = [
        layer(
            "spans",
            "crowd_span",
            pd.DataFrame(
                {
                    "x": spans["start"],
                    "x_end": spans["end"] + _DAY,
                    "y": spans["low"].astype(float),
                    "hover": span_hover,
                },
                index=spans.index,
            ),
        ),
        layer("ranges", "crowd_range", range_rows[~disputed[ranged]]),
        layer("disputed", "crowd_disputed", range_rows[disputed[ranged]]),
        layer("points", "crowd", _points(marks[counted & ~span & ~weak], details=details)),
        layer("weak", "crowd_weak", _points(marks[counted & ~span & weak], details=details)),
        layer("floors", "crowd_floor", _points(floors)),
        layer(
            "unknown_spans",
            "crowd_unknown_span",
            pd.DataFrame(
                {
                    "x": unknown_spans["start"],
                    "x_end": unknown_spans["end"] + _DAY,
                    "y": np.nan,
                    "hover": unknown_span_hover,
                },
                index=unknown_spans.index,
            ),
            panel="strip",
        ),
        layer(
            "unknown",
            "crowd_unknown",
            _points(unknown, pd.Series(np.nan, index=unknown.index), details=details),
            panel="strip",
        ),
    ]
    return tuple(lay for lay in out if len(lay.rows))


def _bin_hovers(facts: Facts, bins: pd.DataFrame, counted: bool) -> list[phrases.Hover]:
    """Per binned day: how many, the median and range of their low figures, the largest."""
    titles = facts.events["title"].reindex(
        pd.Index([k for keys in bins["keys"] for k in keys]).unique()
    )
    out = []
    for day, r in zip(bins.index, bins.itertuples(), strict=True):
        listed = [str(titles[k]) for k in r.keys]
        if counted:
            head = f"{format_day(day)}: {int(r.n):,} demonstrations with a reported size"
            detail = (
                f"Median low figure {format_count(r.value)}; figures from {format_count(r.low)} "
                f"to {format_count(r.high)}; largest:"
            )
        else:
            head = f"{format_day(day)}: {int(r.n):,} demonstrations, size not reported"
            detail = "Among them:"
        out.append(phrases.titles_hover(head, detail, listed, int(r.n) - len(listed)))
    return out


def _binned_layers(facts: Facts) -> tuple[Layer, ...]:
    bins, unknown = facts.crowd.bins, facts.crowd.unknown_bins
    out: list[Layer] = []
    if bins is not None and len(bins):
        days = pd.DatetimeIndex(bins.index)
        keys = [d.strftime("%Y-%m-%d") for d in days]
        out.append(
            layer(
                "bin_ranges",
                "crowd_bin_range",
                pd.DataFrame(
                    {
                        "x": days,
                        "y": bins["low"].to_numpy(float),
                        "y_end": bins["high"].to_numpy(float),
                    },
                    index=keys,
                ),
            )
        )
        out.append(
            layer(
                "bins",
                "crowd_bin",
                pd.DataFrame(
                    {
                        "x": days,
                        "y": bins["value"].to_numpy(float),
                        "shape": "circle",
                        "hover": _bin_hovers(facts, bins, counted=True),
                    },
                    index=keys,
                ),
            )
        )
    if unknown is not None and len(unknown):
        days = pd.DatetimeIndex(unknown.index)
        out.append(
            layer(
                "unknown_bins",
                "crowd_unknown_bin",
                pd.DataFrame(
                    {
                        "x": days,
                        "y": np.nan,
                        "shape": "circle",
                        "hover": _bin_hovers(facts, unknown, counted=False),
                    },
                    index=[d.strftime("%Y-%m-%d") for d in days],
                ),
                panel="strip",
            )
        )
    return tuple(out)


def _totals_layer(facts: Facts) -> Layer | None:
    totals = facts.crowd.totals
    if not len(totals):
        return None
    weekly = facts.crowd.total_freq == "W"
    half = pd.Timedelta(days=WEEK_HALF if weekly else DAY_HALF)
    centre = pd.DatetimeIndex(totals["x"])
    hovers = [
        (
            phrases.Line(
                f"{'Week of ' if weekly else ''}{format_day(day)}: at least "
                f"{format_count(r.low_sum)} people in all",
                "title",
            ),
            phrases.Line(
                f"{format_count(r.n)} of {format_count(r.n_events)} demonstrations with a "
                "counted size"
            ),
        )
        for day, r in zip(totals.index, totals.itertuples(), strict=True)
    ]
    return layer(
        "totals",
        "crowd_total",
        pd.DataFrame(
            {
                "x": centre - half,
                "x_end": centre + half,
                "y": totals["low_sum"].to_numpy(float),
                "hover": hovers,
            },
            index=[pd.Timestamp(d).strftime("%Y-%m-%d") for d in totals.index],
        ),
    )


def _labels(facts: Facts, size: str) -> tuple[tuple[LabelSpec, ...], tuple[str, ...]]:
    """The labels shown at ``size`` (every claim; on a phone only the largest besides), and the
    keys of those left out (their words stay in the hover and the data CSV)."""
    phone = size in PHONE_SIZES
    shown, hidden = [], []
    figures = 0
    for label in facts.crowd.labels:
        claim = bool(pd.isna(label.y))
        if phone and not claim and figures >= PHONE_LABELS:
            hidden.append(label.key)
            continue
        figures += 0 if claim else 1
        text = textwrap.fill(label.short or label.text, PHONE_LABEL_CHARS) if phone else label.text
        bounds = facts.axis.bounds_of(pd.Timestamp(label.x)) if facts.axis else None
        shown.append(
            LabelSpec(
                key=str(label.key),
                x=pd.Timestamp(label.x),
                y=float("nan") if claim else float(label.y),
                text=text,
                priority=float(label.priority),
                bounds=bounds,
                claim=claim,
                # a claim's short wording ("DHS claim: ...") where the full name does not fit
                fallback=label.figure if claim or phone else None,
            )
        )
    return tuple(shown), tuple(hidden)


def _legend(facts: Facts, layers: tuple[Layer, ...]) -> tuple[LegendEntry, ...]:
    """The shapes of the demonstration types drawn, then each symbol drawn, once each."""
    entries: list[LegendEntry] = []
    # The shapes of the demonstration types drawn as points (a type drawn only as a span has
    # no point to key), in the crowd colour.
    shapes = sorted(
        {
            (shape_words(t), shape_of(t))
            for lay in layers
            if lay.symbol.geometry == "point" and not lay.name.endswith("bins")
            for t in facts.crowd.marks.loc[lay.rows.index, "event_type"].astype(str)
        }
    )
    point = symbol("crowd")
    entries += [LegendEntry(text, point, shape, group="shape") for text, shape in shapes]
    for lay in layers:
        text = lay.symbol.legend
        if text is None:
            continue
        text = text.format(total=words.total_word(facts))
        if len(lay.rows):  # each look drawn (a band blue and a grey one: both swatches)
            add_entry(entries, LegendEntry(text, lay.symbol, _drawn_shape(lay)))
    return tuple(entries)


def _drawn_shape(lay: Layer) -> str:
    """The shape a point layer's key takes: the one most of its marks are drawn in (a grey ×
    where the strip holds a clash), so the key is a mark the chart draws."""
    if lay.symbol.geometry != "point" or "shape" not in lay.rows or not len(lay.rows):
        return "circle"
    counts = lay.rows["shape"].astype(str).value_counts()
    return str(counts.index[0]) if counts.iloc[0] else "circle"


def _legend_columns(legend: tuple[LegendEntry, ...]) -> tuple[int, int]:
    """On a phone: the short names of shapes three to a line, the symbols' words two to a line
    where every one fits half the width, else one."""
    longest = max((len(e.text) for e in legend if e.group != "shape"), default=0)
    return (3, 2 if longest <= PHONE_LEGEND_CHARS else 1)


def _floor_ticks(scale: Scale, strip: bool) -> Scale:
    """A linear scale drawn over the "size not reported" strip has no "0" tick: written on the
    strip's top edge, it would read as the size of the marks in the strip (a claim's ×)."""
    if not strip or scale.log:
        return scale
    return replace(scale, ticks=tuple(t for t in scale.ticks if t != 0))


def _scale(facts: Facts, log: bool) -> Scale:
    """The value axis: its domain covers every low and high figure and total, with headroom."""
    crowd = facts.crowd
    marks = crowd.marks
    values = np.concatenate(
        [
            marks["low"].dropna().to_numpy(float),
            marks["high"].dropna().to_numpy(float),
            crowd.totals["low_sum"].to_numpy(float),
        ]
    )
    if crowd.binning.binned and crowd.bins is not None:
        values = np.concatenate(
            [values, crowd.bins["low"].to_numpy(float), crowd.bins["high"].to_numpy(float)]
        )
    values = values[np.isfinite(values) & (values > 0)] if log else values[np.isfinite(values)]
    if values.size == 0:
        values = np.array([1.0])
    if log:
        low = float(10 ** np.floor(np.log10(max(values.min(), 1))))
        high = float(10 ** np.ceil(np.log10(values.max() * 1.25)))
        ticks = tuple(10.0**k for k in range(int(np.log10(low)), int(np.ceil(np.log10(high))) + 1))
        title = "People (reported, log scale)"
    else:
        low, high = 0.0, float(max(values.max() * 1.15, 1.0))
        ticks = nice_ticks(low, high)
        title = "People (reported)"
    return Scale(log=log, low=low, high=high, ticks=ticks, title=title)
