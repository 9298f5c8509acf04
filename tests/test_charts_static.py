"""Static charts: assert on what is drawn (artists and their data), not on pixels."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from chart_fixtures import event_row, load_pair, with_rows
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis import aggregate
from analysis import charts_static as cs
from analysis.alttext import alt_text_of
from analysis.errors import ParameterError
from analysis.layout import layout_lanes, split_month_dated
from analysis.style import ARREST_STYLE, MIN_FONT_PT
from analysis.timeaxis import TimeAxis


@pytest.fixture
def tiny(tiny_dataset):
    return load_pair(tiny_dataset)


@pytest.fixture
def no_output(monkeypatch):
    """Fail if a chart function shows or saves a figure itself."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("chart functions must not show or save")

    monkeypatch.setattr(plt, "show", refuse)
    monkeypatch.setattr(Figure, "savefig", refuse)


def collection(ax, label, kind=PathCollection):
    found = [c for c in ax.collections if isinstance(c, kind) and c.get_label() == label]
    assert found, (
        f"no {kind.__name__} labelled {label!r}; have {[c.get_label() for c in ax.collections]}"
    )
    return found[0]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def day(offset_x: float) -> pd.Timestamp:
    return pd.Timestamp(mdates.num2date(offset_x)).tz_localize(None).normalize()


# --- crowd ---------------------------------------------------------------------------------


def test_crowd_marks_equal_the_data(tiny, no_output):
    events, sources = tiny
    _, ax = plt.subplots()
    assert cs.crowd_plot(events, sources=sources, ax=ax) is ax
    rally = collection(ax, "Rally")
    assert rally.get_offsets()[:, 1].tolist() == [1400.0]  # (300 + 2,500) / 2
    ranges = collection(ax, "rally range", LineCollection).get_segments()
    assert [(seg[0][1], seg[1][1]) for seg in ranges] == [(300.0, 2500.0)]
    vigil = collection(ax, "Vigil")
    assert vigil.get_offsets()[:, 1].tolist() == [80.0]
    clash = collection(ax, "Clash")
    assert day(clash.get_offsets()[0, 0]) == pd.Timestamp("2025-06-07")
    assert "Los Angeles \u00b7 300\u20132,500" in texts(ax)


def test_unknown_sizes_sit_in_a_strip_not_at_zero(tiny_rows, write_dataset):
    rows = [event_row(f"2026-02-07-protest-{i}", "2026-02-07") for i in range(2)]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    _, ax = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=ax, log=False)
    unknown = collection(ax, "Protest (size not reported)")
    assert len(unknown.get_offsets()) == 1  # one mark for the day, with the count beside it
    assert "\u00d72" in texts(ax)
    # Drawn in axes coordinates below the scale, not at a data value of 0.
    assert unknown.get_transform() is not ax.transData
    assert np.allclose(unknown.get_offsets()[:, 1], cs.UNKNOWN_STRIP / 2)
    assert ax.get_ylim()[0] < 0 <= ax.get_yticks().min()
    # No daily total on a day where no event reports a size.
    totals = collection(ax, "total", LineCollection)
    total_days = {day((seg[0][0] + seg[1][0]) / 2) for seg in totals.get_segments()}
    assert pd.Timestamp("2026-02-07") not in total_days
    assert pd.Timestamp("2026-01-31") in total_days
    assert "size not\nreported" in texts(ax)


def test_daily_total_is_the_sum_of_midpoints(tiny):
    events, sources = tiny
    ax = cs.crowd_plot(events, sources=sources)  # draws into the current Axes
    assert ax is plt.gca()
    totals = collection(ax, "total", LineCollection).get_segments()
    values = {day((s[0][0] + s[1][0]) / 2): s[0][1] for s in totals}
    assert values[pd.Timestamp("2026-01-31")] == 1480.0
    assert values[pd.Timestamp("2025-06-07")] == 599.5


def test_log_scale_option(tiny):
    events, sources = tiny
    _, (a, b, c) = plt.subplots(3)
    cs.crowd_plot(events, sources=sources, ax=a)  # 80 beside 2,500: log chosen
    cs.crowd_plot(events, sources=sources, ax=b, log=False)
    cs.crowd_plot(events, sources=sources, ax=c, log=True)
    assert (a.get_yscale(), b.get_yscale(), c.get_yscale()) == ("log", "linear", "log")


def test_disputed_crowd_range_is_dashed(tiny_rows, write_dataset):
    common = {"crowd_estimate_by": "reporters", "disputed": "true", "dispute_group": "g1"}
    rows = [
        event_row(
            "2026-02-07-a",
            "2026-02-07",
            crowd_text="about 400",
            crowd_low="400",
            crowd_high="400",
            **common,
        ),
        event_row(
            "2026-02-07-b",
            "2026-02-07",
            crowd_text="about 900",
            crowd_low="900",
            crowd_high="900",
            source_ids="rewrite-2026-01-30",
            **common,
        ),
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    _, ax = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=ax, label_top=10)
    dashed = [
        c
        for c in ax.collections
        if isinstance(c, LineCollection)
        and c.get_label() == "protest range"
        and c.get_linestyle()[0][1] is not None
    ]
    assert [(s[0][1], s[1][1]) for s in dashed[0].get_segments()] == [(400.0, 900.0)]
    assert "Los Angeles \u00b7 400\u2013900 (disputed)" in texts(ax)


def test_empty_selection_says_so(tiny):
    events, sources = tiny
    _, ax = plt.subplots()
    cs.crowd_plot(events.iloc[:0], sources=sources, ax=ax)
    assert texts(ax) == ["No demonstrations reported in this selection"]


def test_dollar_signs_do_not_start_mathtext(tiny):
    events, sources = tiny
    events = events.assign(city=events["city"].str.replace("Los Angeles", "Los $Angeles$"))
    fig, ax = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=ax)
    fig.canvas.draw()
    assert any("\\$Angeles\\$" in t for t in texts(ax))


# --- arrests -------------------------------------------------------------------------------


def test_arrest_series_are_separate_and_labelled(tiny, no_output):
    events, sources = tiny
    _, ax = plt.subplots()
    cs.arrests_plot(events, sources=sources, ax=ax)
    protesters = collection(ax, ARREST_STYLE["protesters"][3])
    immigration = collection(ax, ARREST_STYLE["immigration"][3])
    assert sorted(protesters.get_offsets()[:, 1].tolist()) == [5.0, 8.0]  # disputed: both ends
    assert immigration.get_offsets()[:, 1].tolist() == [44.0, 44.0]
    assert {day(x) for x in protesters.get_offsets()[:, 0]} == {pd.Timestamp("2026-01-29")}
    assert protesters.get_paths()[0] != immigration.get_paths()[0]  # marker shapes differ
    labels = texts(ax)
    assert "5\u20138 protesters arrested (sources differ)" in labels
    assert "44 detained by immigration agents" in labels
    # No mark on days without an arrest figure (the 31st had events but no arrests reported).
    xs = np.concatenate([protesters.get_offsets()[:, 0], immigration.get_offsets()[:, 0]])
    assert pd.Timestamp("2026-01-31") not in {day(x + 0.5) for x in xs}


# --- responses -----------------------------------------------------------------------------


def test_swimlanes_have_five_lanes_and_labelled_marks(tiny, no_output):
    events, sources = tiny
    _, ax = plt.subplots(figsize=(6.4, 3))
    cs.responses_plot(events, sources=sources, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Federal",
        "State",
        "County",
        "City",
        "Police",
    ]
    labels = texts(ax)
    assert "Kristi Noem: threatens charges" in labels
    assert "police: disperses crowd" in labels
    assert "Karen Bass: statement" in labels  # week-dated, drawn mid-week
    assert not any("White House" in t for t in labels)  # dated only to a month


def test_swimlane_labels_do_not_overlap(tiny_rows, write_dataset):
    same_day = [
        event_row(
            f"2026-01-31-statement-{i}",
            "2026-01-31",
            event_type="official_statement",
            response_actor=f"Official number {i}",
            response_level="federal",
            response_type="statement",
        )
        for i in range(5)
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *same_day)
    layout = layout_lanes(
        split_month_dated(aggregate.response_events(events, sources=sources))[0],
        TimeAxis.for_events(events),
        width_in=5.0,
    )
    fig, ax = plt.subplots(figsize=(6.4, cs.LANE_ROW_IN * layout.rows + 0.8))
    cs.responses_plot(events, sources=sources, ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    assert len(boxes) >= 8
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


# --- combined ------------------------------------------------------------------------------


def test_combined_cuts_long_gaps_is_readable_at_640px_and_carries_alt_text(tiny, no_output):
    events, sources = tiny
    fig = cs.combined_figure(events, sources=sources, width_in=6.4)
    crowd, arrests, responses, legend = fig.axes
    assert not legend.axison and legend.get_legend() is not None
    for ax in (crowd, arrests, responses):
        assert ax.get_xscale() == "function"
    assert [t.get_text() for t in crowd.texts if t.get_text().endswith(("2025", "2026"))][:2] == [
        "6\u20137 Jun 2025",
        "26 Jan \u2013 1 Feb 2026",
    ]
    assert sum(t.get_text() == "//" for t in crowd.texts) == 1
    alt = alt_text_of(fig)
    assert "300\u20132,500 people" in alt and "31 Jan 2026" in alt
    # Phone width: no text below the minimum size, no colliding date labels.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    shown = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_window_extent(renderer).width > 0
    ]
    assert len(shown) > 20
    small = [(t.get_text(), t.get_fontsize()) for t in shown if t.get_fontsize() < MIN_FONT_PT]
    assert not small
    ticks = [t.get_window_extent(renderer) for t in responses.get_xticklabels() if t.get_text()]
    assert len(ticks) >= 3
    for a, b in itertools.pairwise(ticks):
        assert a.x1 <= b.x0


def test_layout_choice(tiny):
    events, sources = tiny
    weekend = events[events["date"] >= "2026-01-26"]
    assert not TimeAxis.for_events(weekend).broken
    assert TimeAxis.for_events(events).broken
    assert not TimeAxis.for_events(events, layout="continuous").broken
    fig = cs.combined_figure(weekend, sources=sources)
    assert fig.axes[0].get_xscale() == "linear"
    with pytest.raises(ParameterError, match="layout"):
        TimeAxis.for_events(events, layout="broken")


def test_time_axis_maps_dates_in_order(tiny):
    ta = TimeAxis.for_events(tiny[0])
    assert ta.broken and len(ta.starts) == 2
    dates = mdates.date2num(pd.to_datetime(["2025-06-06", "2025-06-07", "2026-01-30"]))
    mapped = ta.forward(dates)
    assert np.all(np.diff(mapped) > 0)
    assert np.allclose(ta.inverse(mapped), dates)


def test_too_many_responses_are_drawn_without_labels(tiny_rows, write_dataset):
    many = [
        event_row(
            f"2026-01-31-statement-{i:03d}",
            "2026-01-31",
            event_type="official_statement",
            response_actor=f"Official {i}",
            response_level="city",
            response_type="statement",
        )
        for i in range(70)
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *many)
    _, ax = plt.subplots()
    cs.responses_plot(events, sources=sources, ax=ax)
    assert [t for t in texts(ax) if t != "//"] == [
        "73 responses: too many to label; choose a shorter period"
    ]
    assert len(collection(ax, "City").get_offsets()) == 71  # with the tiny week-dated one


def test_responses_height_grows_with_stacked_labels(tiny_rows, write_dataset, tiny):
    base = cs.responses_height_in(tiny[0], sources=tiny[1])
    same_day = [
        event_row(
            f"2026-01-31-order-{i}",
            "2026-01-31",
            event_type="directive",
            response_actor=f"Official number {i}",
            response_level="federal",
            response_type="directive",
        )
        for i in range(6)
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *same_day)
    assert cs.responses_height_in(events, sources=sources) >= base + 5 * cs.LANE_ROW_IN


def test_empty_responses_panel_counts_month_dated_responses(tiny_dataset):
    """An empty swimlane must not read as 'no response' when month-dated responses exist."""
    from analysis.layout import no_responses_message

    events, sources = load_pair(tiny_dataset)
    month = events.iloc[:2].assign(
        event_type=pd.Categorical(["directive"] * 2, dtype=events["event_type"].dtype),
        response_level=pd.Categorical(["federal"] * 2, dtype=events["response_level"].dtype),
        date_precision=pd.Categorical(["month"] * 2, dtype=events["date_precision"].dtype),
    )
    empty = no_responses_message(month.iloc[:0])
    assert empty == "No official responses reported in this selection"
    assert "2 dated only to a month are listed" in no_responses_message(month)
    _, ax = plt.subplots()
    cs.responses_plot(month, sources=sources, ax=ax)
    assert any("2 dated only to a month" in t.get_text() for t in ax.texts)
