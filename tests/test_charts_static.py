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
from chart_fixtures import event_row, generated_pair, load_pair, with_rows
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.charts import static as cs
from analysis.charts import words as alttext
from analysis.charts.labels import MAX_LABELS, LabelSpec, mark_boxes, place_labels, range_boxes
from analysis.charts.style import ARREST_STYLE, MIN_FONT_PT, RESPONSE_LEVEL_STYLE
from analysis.charts.words import alt_text_of
from analysis.errors import ParameterError
from analysis.fmt import format_count, format_day
from analysis.prep import aggregate, binning
from analysis.prep.aggregate import LOCAL_SCOPES
from analysis.prep.layout import layout_lanes, split_month_dated
from analysis.prep.select import select_events
from analysis.prep.timeaxis import TimeAxis


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


#: The swimlanes of a responses chart, top to bottom.
LANES = ["Federal", "State", "County", "City", "Police"]


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
    assert rally.get_offsets()[:, 1].tolist() == [2500.0]  # grew to 2,500: the peak, no range
    ranges = collection(ax, "rally range", LineCollection).get_segments()
    assert [(seg[0][1], seg[1][1]) for seg in ranges] == [(2500.0, 2500.0)]
    vigil = collection(ax, "Vigil")
    assert vigil.get_offsets()[:, 1].tolist() == [80.0]
    clash = collection(ax, "Clash")
    assert day(clash.get_offsets()[0, 0]) == pd.Timestamp("2025-06-07")
    assert "Los Angeles \u00b7 2,500" in texts(ax)


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
    assert values[pd.Timestamp("2026-01-31")] == 2580.0  # 2,500 + 80
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
    assert [t.get_text() for t in ax.get_yticklabels()] == LANES
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
    assert "2,500 people" in alt and "31 Jan 2026" in alt
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
    from analysis.prep.layout import no_responses_message

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


# --- many events: binned by day ------------------------------------------------------------
#
# The threshold is lowered so that a few hundred generated events stand for a million: what
# matters is that above it every panel draws one mark per day (bounded), keeps the day's
# figures, and says on the chart that it is binned.

BINNED_AT = 40


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return generated_pair(800, tmp_path_factory.mktemp("many"), seed=5)


@pytest.fixture
def low_threshold(monkeypatch):
    monkeypatch.setattr(binning, "MAX_MARKS", BINNED_AT)


def when(x: float) -> pd.Timestamp:
    """The day a mark stands for (marks may sit a fraction of a day off it)."""
    return pd.Timestamp(mdates.num2date(x)).tz_localize(None).round("D")


def local_figures(events, sources):
    return aggregate.event_figures(select_events(events, scopes=LOCAL_SCOPES), sources=sources)


def test_binned_crowd_draws_one_mark_per_day_and_keeps_the_days_figures(many, low_threshold):
    events, sources = many
    fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
    cs.crowd_plot(events, sources=sources, ax=ax)
    local = select_events(events, scopes=LOCAL_SCOPES)
    drawable = split_month_dated(aggregate.crowd_events(local, sources=sources))[0]
    assert len(drawable) > 5 * BINNED_AT
    known = drawable[drawable["crowd_low"].notna().to_numpy(bool)]
    day_of = binning.mark_days(known)
    # One median mark and one range line per day, matching the day's events.
    medians = collection(ax, "daily median").get_offsets()
    by_day = known.assign(_d=day_of).groupby("_d")
    assert len(medians) == by_day.ngroups
    expected = by_day["crowd_mid"].median().astype(float)
    assert {when(x): y for x, y in medians} == pytest.approx(expected.to_dict())
    ranges = collection(ax, "daily range", LineCollection).get_segments()
    drawn = {when(seg[0][0]): (seg[0][1], seg[1][1]) for seg in ranges}
    lows, highs = by_day["crowd_low"].min(), by_day["crowd_high"].max()
    assert drawn == {d: (float(lows[d]), float(highs[d])) for d in lows.index}
    # Daily totals unchanged by binning: one dash per day, the sum of the day's midpoints.
    series = aggregate.crowd_series(local, sources=sources)
    series = series[series["mid_sum"].notna()]
    totals = collection(ax, "total").get_offsets()
    assert {when(x): y for x, y in totals} == pytest.approx(
        series["mid_sum"].astype(float).to_dict()
    )
    # Unknown sizes: one hollow mark per day.
    unknown = drawable[drawable["crowd_low"].isna().to_numpy(bool)]
    strip = collection(ax, "size not reported (per day)").get_offsets()
    assert len(strip) == binning.mark_days(unknown).nunique()
    # Bounded: a handful of collections, no per-event-type marks, a few peaks labelled, the
    # largest daily total first.
    assert len(ax.collections) <= 5
    assert not {c.get_label() for c in ax.collections} & {"Protest", "Rally", "March"}
    peaks = [t for t in texts(ax) if t.endswith(" in all")]
    assert 1 <= len(peaks) <= cs.MAX_BINNED_LABELS
    top_day = series["mid_sum"].astype(float).idxmax()
    top = f"{format_day(top_day)}: {format_count(series['mid_sum'].max())} in all"
    assert top in peaks
    # Said on the chart: the legend's title, or the panel's note without a legend.
    note = f"{len(drawable):,} demonstrations binned by day"
    assert ax.get_legend().get_title().get_text() == note
    _, bare = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=bare, legend=False, total=None)
    assert bare.get_title(loc="right") == note
    # Without totals the largest demonstrations are named instead ("Place · figure").
    named = [t for t in texts(bare) if "\u00b7" in t]
    assert 1 <= len(named) <= cs.MAX_BINNED_LABELS
    fig.canvas.draw()  # renders


def test_binned_arrests_sum_each_day_and_label_only_the_peaks(many, low_threshold):
    events, sources = many
    _, ax = plt.subplots(figsize=(6.4, 2.4), layout="constrained")
    cs.arrests_plot(events, sources=sources, ax=ax)
    figures = local_figures(events, sources)
    occurred = (figures["status"].astype("string") == "occurred").fillna(False).to_numpy(bool)
    figures = split_month_dated(figures[occurred])[0]
    n_events = int((figures["arrests_low"].notna() | figures["immigration_low"].notna()).sum())
    assert n_events > BINNED_AT
    assert ax.get_title(loc="right") == f"{n_events:,} events binned by day"
    for kind, measure in (("protesters", "arrests"), ("immigration", "immigration")):
        rows = figures[figures[f"{measure}_low"].notna().to_numpy(bool)]
        # Every figure counts once, on its (first) day: totals per day are preserved.
        expected = rows.groupby(rows["date"].dt.normalize())[f"{measure}_high"].sum()
        marks = collection(ax, ARREST_STYLE[kind][3]).get_offsets()
        assert len(marks) == len(expected)  # one mark per day
        assert {when(x): y for x, y in marks} == expected.astype(float).to_dict()
    labelled = [t for t in texts(ax) if t != "//"]
    assert len(labelled) <= 2  # the peak day of each series
    assert any("protesters arrested on" in t for t in labelled)


def test_binned_responses_one_mark_per_day_and_level(many, low_threshold):
    events, sources = many
    _, ax = plt.subplots(figsize=(6.4, 2.0), layout="constrained")
    cs.responses_plot(events, sources=sources, ax=ax)
    responses = split_month_dated(aggregate.response_events(events, sources=sources))[0]
    assert len(responses) > BINNED_AT
    assert ax.get_title(loc="right") == (
        f"{len(responses):,} responses binned by day (mark size: count)"
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == LANES
    day_of = binning.mark_days(responses)
    levels = responses["response_level"].astype(str)
    for level, (*_style, name) in RESPONSE_LEVEL_STYLE.items():
        mine = (levels == level).to_numpy(bool)
        if not mine.any():
            continue
        counts = day_of[mine].value_counts()
        marks = collection(ax, name)
        assert len(marks.get_offsets()) == len(counts)
        # Mark area grows with the number of responses that day.
        sizes = dict(zip((when(x) for x, _ in marks.get_offsets()), marks.get_sizes(), strict=True))
        busiest, quietest = counts.idxmax(), counts.idxmin()
        assert counts[busiest] == counts[quietest] or sizes[busiest] > sizes[quietest]
    assert [t for t in texts(ax) if t != "//"] == []  # no per-response labels


def test_binned_combined_figure_says_so_in_panels_and_alt_text(many, low_threshold):
    events, sources = many
    fig = cs.combined_figure(events, sources=sources)
    crowd, arrests, responses, _legend = fig.axes
    assert "demonstrations binned by day" in crowd.get_title(loc="right")
    assert "events binned by day" in arrests.get_title(loc="right")
    assert "responses binned by day" in responses.get_title(loc="right")
    assert crowd.get_title(loc="left") == "Crowd size"
    alt = alt_text_of(fig)
    assert "the chart bins them by day: one mark per day" in alt  # crowd
    assert "events by day (the day's sums" in alt  # arrests
    assert "bins them by day and level of government" in alt  # responses
    assert sum(len(ax.collections) for ax in fig.axes) <= 20
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    small = [
        t.get_text()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT
    ]
    assert not small
    # The note and the panel title share a row without overlapping.
    left = crowd.title.get_window_extent(renderer)
    right = crowd._right_title.get_window_extent(renderer)
    assert left.x1 < right.x0


def test_below_the_threshold_nothing_is_binned(many):
    events, sources = many
    fig = cs.combined_figure(events, sources=sources)
    for ax in fig.axes[:3]:
        assert "binned" not in ax.get_title(loc="right")
    assert "bins" not in alt_text_of(fig)
    assert collection(fig.axes[0], "Protest")  # one mark per event, by type


# --- labels and time axis at scale ---------------------------------------------------------


def test_place_labels_places_a_bounded_number_and_avoids_array_obstacles():
    _, ax = plt.subplots(figsize=(6.4, 3.2))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    specs = [LabelSpec(i % 100, (7 * i) % 100, f"n{i}", priority=i) for i in range(200)]
    # Many obstacles as one array (as the box helpers return them).
    obstacles = mark_boxes(ax, [(x, y) for x in range(0, 100, 2) for y in range(0, 100, 2)])
    assert obstacles.shape == (2500, 4)
    with pytest.warns(UserWarning, match="140 of 200 labels left out"):
        placed = place_labels(ax, specs, obstacles=lambda: obstacles)
    assert len(placed) == MAX_LABELS
    assert {a.get_text() for a in placed} == {f"n{i}" for i in range(140, 200)}


def test_box_helpers_match_the_marks_display_positions():
    fig, ax = plt.subplots()
    ax.set_xlim(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01"))
    ax.set_ylim(0, 10)
    x = pd.Timestamp("2025-01-15")
    px, py = ax.transData.transform((mdates.date2num(x), 5.0))
    half = 7 / 2 * fig.dpi / 72
    assert mark_boxes(ax, [(x, 5.0)]) == pytest.approx(
        np.array([[px - half, py - half, px + half, py + half]])
    )
    _, top = ax.transData.transform((mdates.date2num(x), 8.0))
    (box,) = range_boxes(ax, [x], [5.0], [8.0])
    assert box[1] == pytest.approx(py) and box[3] == pytest.approx(top)
    assert mark_boxes(ax, []).shape == (0, 4)


def test_long_time_axis_ticks_on_months_with_years():
    ta = TimeAxis.continuous(pd.Timestamp("2024-01-01"), pd.Timestamp("2027-12-20"))
    fig, ax = plt.subplots(figsize=(6.4, 2), layout="constrained")
    ta.apply(ax)
    fig.canvas.draw()
    ticks = [pd.Timestamp(mdates.num2date(x)).tz_localize(None) for x in ax.get_xticks()]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) >= 4 and all(d.day == 1 for d in ticks)
    assert labels[0] == "Jan\n2024"
    years = [label.split("\n")[1] for label in labels if "\n" in label]
    assert years == sorted(set(years)) and "2027" in years  # each year named once
    # A short selection keeps day ticks ("6 Jun").
    short = TimeAxis.continuous(pd.Timestamp("2025-06-01"), pd.Timestamp("2025-06-20"))
    _, ax2 = plt.subplots(figsize=(6.4, 2), layout="constrained")
    short.apply(ax2)
    ax2.figure.canvas.draw()
    assert ax2.get_xticklabels()[0].get_text() == "1 Jun\n2025"


def test_binned_arrests_alt_text_gives_the_peaks_the_chart_labels(many, low_threshold):
    events, sources = many
    # A figure covering three days, large enough to make its first day the peak: the chart
    # counts it there; a daily series would leave it out, and the text must follow the chart.
    events = events.copy()
    row = events.index[
        (events["status"] == "occurred").to_numpy(bool)
        & (events["scope"] == "local").to_numpy(bool)
        & events["arrests"].notna().to_numpy(bool)
        & events["dispute_group"].isna().to_numpy(bool)
        & (events["date_precision"] == "day").to_numpy(bool)
    ][0]
    events.loc[row, "date_end"] = events.loc[row, "date"] + pd.Timedelta(days=2)
    events.loc[row, "arrests"] = 100_000
    fig, ax = plt.subplots()
    cs.arrests_plot(events, sources=sources, ax=ax)
    fig.canvas.draw()
    alt = alttext.arrests_alt(events, sources=sources)
    assert "the chart bins" in alt
    labelled = [t for t in texts(ax) if " on " in t]
    assert labelled, "a binned arrests chart labels each series' peak day"
    for text in labelled:  # "56,191 protesters arrested on 25 May 2026"
        figure, when = text.split(" on ")
        number = figure.split(" ")[0]
        assert f"the most, {number}, on {when}" in alt
    assert "100," in alt  # the three-day figure is in the peak's sum
    plt.close(fig)
