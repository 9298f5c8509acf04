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
from analysis.prep.crowd import total_words
from analysis.prep.facts import Facts
from analysis.prep.marks import BIN_KEYS, Label
from analysis.spec import phrases, words
from analysis.spec.alt import alt_text, unwritten_claims_words
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
from analysis.spec.spread import crowded_days, spread_day_marks
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
    spec = open_spans(_one_mark_a_crowded_day(facts, spec))
    spec = replace(spec, legend_columns=_legend_columns(spec.legend) if phone else (4, 2))
    order = crowd.marks.get("day_order")  # the model's rank of a day's marks (not binned)
    spec = lay_out_labels(place_strip_name(spread_day_marks(spec, order)))
    # A claim is drawn only as its label: where the layout left it out, the alt text and the
    # notes line are silent about it.
    alt = alt_text(facts, "crowd", hidden=spec.hidden_labels)
    notes = crowd_size_notes(
        words.notes_line(facts, "crowd", claims=claims_written(spec)),
        facts,
        spec,
        len(spec.hidden_labels),
    )
    return replace(spec, words=replace(spec.words, alt=alt, notes=notes))


def crowd_size_notes(notes: str, facts: Facts, spec: ChartSpec, hidden: int) -> str:
    """A chart's ``notes`` line with what the laid-out crowd ``spec`` does at its size: a
    day's grey dots drawn as one, ``hidden`` labels left out, the headline's crowds left
    unlabelled, claims with no room for their words. The one composition for the crowd chart
    and for the combined chart whose crowd panel ``spec`` is."""
    notes = words.unlabelled_notes(with_grouped_notes(notes, spec), hidden)
    notes = words.unlabelled_headline_notes(notes, headline_left_out(facts, spec))
    return unwritten_claims_notes(notes, facts, spec)


#: The layer of one grey mark standing for a day's "size not reported" demonstrations.
UNSIZED_DAYS = "unknown_days"
#: Up to this many such days, the notes name each with its count; above, they count them.
LISTED_DAYS = 3


def _one_mark_a_crowded_day(facts: Facts, spec: ChartSpec) -> ChartSpec:
    """``spec`` with the grey "size not reported" dots of each day too narrow at this size for
    them to stand apart (:func:`analysis.spec.spread.crowded_days`) drawn as one grey mark
    for the day (its look: size not reported), its hover naming them as a binned day's does;
    the notes say how many it stands for (:func:`with_grouped_notes`)."""
    if facts.crowd.binning.binned:
        return spec
    crowded = crowded_days(spec, "strip")
    if not crowded:
        return spec
    grouped = [key for keys in crowded.values() for key in keys]
    days = pd.DatetimeIndex(list(crowded))
    bins = pd.DataFrame(
        {
            "n": [len(keys) for keys in crowded.values()],
            "keys": [tuple(keys[:BIN_KEYS]) for keys in crowded.values()],
        },
        index=days.normalize(),
    )
    rows = pd.DataFrame(
        {
            "x": days,
            "y": np.nan,
            # the kind's shape where the day's are of one kind (as binned: a circle if not)
            "event_type": [_one_kind(facts, keys) for keys in crowded.values()],
            "n": bins["n"].to_numpy(int),
            "hover": _bin_hovers(facts, bins, counted=False),
            # every demonstration the mark stands for (its key is the day's)
            "members": [tuple(keys) for keys in crowded.values()],
        },
        index=[d.strftime("%Y-%m-%d") for d in days],
    )
    rows.insert(2, "shape", [shape_of(k) if k else "circle" for k in rows["event_type"]])

    layers = tuple(
        replace(lay, rows=lay.rows.drop(index=grouped, errors="ignore"))
        if lay.panel == "strip" and lay.symbol.geometry == "point"
        else lay
        for lay in spec.layers
    )
    layers = (
        *(lay for lay in layers if len(lay.rows)),
        layer(UNSIZED_DAYS, "crowd_unknown", rows, panel="strip"),
    )
    return replace(spec, layers=layers, legend=_legend(facts, layers))


def _one_kind(facts: Facts, keys: list[str]) -> str | None:
    """The kind of demonstrations ``keys`` are, where they are of one kind; else None."""
    kinds = set(facts.crowd.marks.loc[keys, "event_type"].astype(str))
    return kinds.pop() if len(kinds) == 1 else None


def with_grouped_notes(notes: str, spec: ChartSpec) -> str:
    """``notes`` and how many demonstrations of no reported size each day's one grey mark
    stands for, where the crowd specification ``spec`` draws one ("On this narrow chart one
    grey dot stands for a day's demonstrations of no reported size: 5 on 31 Jan 2026.")."""
    days = next((lay.rows for lay in spec.layers if lay.name == UNSIZED_DAYS), None)
    if days is None or "n" not in days or not len(days):
        return notes
    counts = (
        "; ".join(
            f"{int(n)} on {format_day(pd.Timestamp(x))}"
            for x, n in zip(days["x"], days["n"], strict=True)
        )
        if len(days) <= LISTED_DAYS
        else f"{int(days['n'].sum()):,} on {len(days):,} days"
    )
    sentence = (
        "On this narrow chart one grey dot stands for a day's demonstrations of no reported "
        f"size: {counts}."
    )
    return f"{notes} {sentence}" if notes else f"Note: {sentence}"


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
    # worded once for every hover of the chart, sources with their reliability
    details = phrases.with_sources(facts.details(marks.index), facts.sources)
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
                f"{'Week of ' if weekly else ''}{format_day(day)}: "
                + total_words(r.low_sum, bool(r.exact), int(r.n), r.vague),
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
    named = headline_keys(facts)
    # The marks the headline names first, at every size: their labels are never the ones a
    # phone's budget leaves out.
    ordered = sorted(facts.crowd.labels, key=lambda lab: str(lab.key) not in named)
    for label in ordered:
        claim = bool(pd.isna(label.y))
        headline = str(label.key) in named
        if phone and not claim and not headline and figures >= PHONE_LABELS:
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
                fallback=_fallback(label, claim=claim, phone=phone, headline=headline),
                headline=headline,
            )
        )
    return tuple(shown), tuple(hidden)


def _fallback(label: Label, *, claim: bool, phone: bool, headline: bool) -> str | None:
    """The shorter words a label falls back to where its own fit nowhere: a claim's short
    wording ("DHS claim: 1,000"), on a phone the figure alone; a mark the headline names keeps
    its town ("Torrance · about 2,500"), since a bare figure beside two tied marks names
    neither."""
    if headline:
        return None if phone else label.short
    return label.figure if claim or phone else None


def unwritten_claims_notes(notes: str, facts: Facts, spec: ChartSpec) -> str:
    """``notes`` and, where the laid-out ``spec`` draws a claim's grey mark with no room for
    its words, a sentence giving them (the page's caveat says claims are written in the
    strip: where one is not, the notes write it)."""
    texts = [
        f"{label.text} ({format_day(pd.Timestamp(label.x))})"
        for label in facts.crowd.labels
        if pd.isna(label.y) and str(label.key) in spec.hidden_labels
    ]
    if not texts:
        return notes
    sentence = unwritten_claims_words(texts)
    return f"{notes} {sentence}" if notes else f"Note: {sentence}"


def headline_left_out(facts: Facts, spec: ChartSpec) -> list[str]:
    """The labels' words ("Torrance · about 2,500") of the crowds the headline names that the
    laid-out ``spec`` leaves without a label for lack of room: its notes line names them."""
    named = headline_keys(facts)
    phone = spec.size in PHONE_SIZES
    return [
        str((label.short if phone else None) or label.text)
        for label in facts.crowd.labels
        if str(label.key) in named and str(label.key) in spec.hidden_labels
    ]


def headline_keys(facts: Facts) -> frozenset[str]:
    """The crowd marks the chart's headline names: every crowd tied for the largest (an
    unbinned chart's headline names each by its town; a binned one names days, no mark)."""
    crowd = facts.crowd
    if crowd.binning.binned:
        return frozenset()
    return frozenset(str(k) for k in crowd.largest)


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
            for t in _kinds_drawn(facts, lay)
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


def _kinds_drawn(facts: Facts, lay: Layer) -> list[str]:
    """The kinds of demonstration a point layer draws (a day's one grey mark: its kind, where
    its demonstrations are of one kind)."""
    if lay.name == UNSIZED_DAYS:
        return [str(k) for k in lay.rows["event_type"] if isinstance(k, str)]
    return list(facts.crowd.marks.loc[lay.rows.index, "event_type"].astype(str))


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
