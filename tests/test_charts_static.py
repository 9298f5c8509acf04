"""Static charts: assert that what is drawn (artists and their data) is what the model holds."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from chart_fixtures import event_row, generated_pair, with_rows
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from analysis.charts import static as cs
from analysis.charts.axis_matplotlib import apply_time_axis, segment_label_lines
from analysis.charts.spec_matplotlib import HALO_ZORDER, STRIP
from analysis.charts.style import MIN_FONT_PT
from analysis.errors import ParameterError
from analysis.prep import crowd as crowd_module
from analysis.prep import marks as marks_module
from analysis.prep.facts import build_facts
from analysis.prep.timeaxis import TimeAxis
from analysis.spec import words
from analysis.spec.alt import MAX_ALT_WORDS, alt_text, alt_text_of
from analysis.spec.crowd import crowd_spec
from analysis.spec.responses import lane_layout
from analysis.spec.vocabulary import COLOURS


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


def layer(ax, name, kind=PathCollection):
    """The artist drawing the specification's layer ``name`` (its ``gid``)."""
    found = [c for c in ax.collections if isinstance(c, kind) and c.get_gid() == name]
    assert found, (
        f"no {kind.__name__} for layer {name!r}; have {[c.get_gid() for c in ax.collections]}"
    )
    return found[0]


def layer_offsets(ax, name) -> np.ndarray:
    """Every point of layer ``name`` (points are drawn one collection per shape)."""
    parts = [
        c.get_offsets()
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_gid() == name
    ]
    assert parts, f"no layer {name!r}"
    return np.vstack(parts)


def segments(ax, label):
    """The segments of every LineCollection labelled ``label``."""
    return [
        seg
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_label() == label
        for seg in c.get_segments()
    ]


#: The swimlanes of a responses chart, top to bottom.
LANES = ["Federal", "State", "County", "City", "Police"]


def texts(ax):
    """The texts of ``ax``, a label wrapped onto lines (where only so it fits) read as one."""
    return [t.get_text().replace("\n", " ") for t in ax.texts]


def when(x: float) -> pd.Timestamp:
    """The day a mark stands for (marks sit in the middle of their day, give or take)."""
    return pd.Timestamp(mdates.num2date(x)).tz_localize(None).floor("D")


# --- crowd ---------------------------------------------------------------------------------


def test_crowd_marks_are_the_models_figures(model, no_output):
    _, ax = plt.subplots()
    assert cs.crowd_plot(model, ax=ax) is ax
    marks = model.crowd.marks
    counted = marks[marks["low"].notna() & ~marks["span"] & (marks["kind"] == "count")]
    drawn = layer_offsets(ax, "points")[:, 1].tolist()
    assert sorted(drawn) == sorted(counted["low"].astype(float))
    ranges = [
        seg
        for name in ("ranges", "disputed")
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_gid() == name
        for seg in c.get_segments()
    ]
    ranged = marks[(marks["high"] > marks["low"]).fillna(False)]
    assert sorted((seg[0][1], seg[1][1]) for seg in ranges) == sorted(
        zip(ranged["low"].astype(float), ranged["high"].astype(float), strict=True)
    )
    # Every label of the model is drawn (wrapped onto lines where it fits only so) or is left
    # out for lack of room at this size, as its specification says.
    hidden = set(crowd_spec(model).hidden_labels)
    shown = texts(ax)
    for label in model.crowd.labels:
        assert label.text in shown or label.key in hidden


def test_labels_stay_svg_text_with_a_halo_under_the_marks(model):
    """A label's halo (a gridline stops at its letters) is drawn under every mark and leader
    line, and the label stays a ``<text>`` in the SVG: a path effect on the label itself had
    turned each label into paths, which an editor cannot edit and the layout check did not
    see (it measured no label, and passed)."""
    import io
    import re

    _, ax = plt.subplots()
    cs.crowd_plot(model, ax=ax)
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label:")]
    assert labels and all(not t.get_path_effects() for t in labels)
    halos = [p for p in ax.patches if p.get_zorder() == HALO_ZORDER]
    assert len(halos) == len(labels)
    lowest_mark = min(c.get_zorder() for c in ax.collections if c.get_gid())
    assert lowest_mark > HALO_ZORDER
    assert min(t.get_zorder() for t in ax.texts) > HALO_ZORDER  # labels and leaders above it
    with plt.rc_context({"svg.fonttype": "none"}):
        out = io.StringIO()
        ax.figure.savefig(out, format="svg")
    svg = out.getvalue()
    for t in labels:
        group = svg.split(f'id="{t.get_gid()}"', 1)[1].split("</g>", 1)[0]
        words = re.sub(r"<[^>]+>", "", group).strip()
        assert "<text" in group and t.get_text().split("\n")[0] in words, t.get_gid()


def test_unknown_sizes_sit_in_a_strip_not_at_zero(tiny_rows, write_dataset):
    rows = [event_row(f"2026-02-07-protest-{i}", "2026-02-07") for i in range(2)]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    _, ax = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=ax, log=False)
    unknown = [c for c in ax.collections if c.get_gid() == "unknown"]
    # One grey mark per demonstration, spread within their day (no "×2" standing for them).
    assert sum(len(c.get_offsets()) for c in unknown) >= 2
    assert not any(t.startswith("\u00d7") for t in texts(ax))
    # Drawn in axes coordinates below the scale, not at a data value of 0.
    for c in unknown:
        assert c.get_transform() is not ax.transData
        assert np.allclose(c.get_offsets()[:, 1], STRIP / 2)
        assert {mcolors.to_hex(f) for f in c.get_facecolors()} == {COLOURS["unknown"]}
    assert ax.get_ylim()[0] < 0 <= ax.get_yticks().min()
    assert "size not reported" in texts(ax)


def test_daily_totals_are_the_models_totals(tiny):
    events, sources = tiny
    model = build_facts(events, sources=sources, total="D")  # totals only on request
    ax = cs.crowd_plot(model)  # draws into the current Axes
    assert ax is plt.gca()
    segments = layer(ax, "totals", LineCollection).get_segments()
    drawn = {when((s[0][0] + s[1][0]) / 2): s[0][1] for s in segments}
    assert drawn == model.crowd.totals["low_sum"].astype(float).to_dict()


def test_log_scale_follows_the_model_unless_asked(model):
    _, (a, b, c) = plt.subplots(3)
    cs.crowd_plot(model, ax=a)
    cs.crowd_plot(model, ax=b, log=False)
    cs.crowd_plot(model, ax=c, log=True)
    assert a.get_yscale() == ("log" if model.crowd.log else "linear")
    assert (b.get_yscale(), c.get_yscale()) == ("linear", "log")
    assert c.get_ylabel().endswith("log scale)")


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
            source_ids="daily-news-2026-01-31",
            **common,
        ),
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    _, ax = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=ax)
    dashed = layer(ax, "disputed", LineCollection)
    assert dashed.get_linestyle()[0][1] is not None
    assert [(s[0][1], s[1][1]) for s in dashed.get_segments()] == [(400.0, 900.0)]
    assert "Los Angeles \u00b7 400\u2013900 (sources differ)" in texts(ax)


def test_empty_selection_says_so_and_why(tiny):
    events, sources = tiny
    model = build_facts(events, sources=sources, event_types=["policy_target"])
    _, ax = plt.subplots()
    cs.crowd_plot(model, ax=ax)
    assert texts(ax) == [words.empty_message(model, "crowd")]
    assert texts(ax)[0].startswith("No demonstrations in this report")


def test_dollar_signs_do_not_start_mathtext(tiny):
    events, sources = tiny
    events = events.assign(city=events["city"].str.replace("Los Angeles", "Los $Angeles$"))
    fig, ax = plt.subplots()
    cs.crowd_plot(events, sources=sources, ax=ax)
    fig.canvas.draw()
    assert any("\\$Angeles\\$" in t for t in texts(ax))


# --- arrests -------------------------------------------------------------------------------


def test_arrest_series_are_separate_and_labelled(model, no_output):
    _, ax = plt.subplots()
    cs.arrests_plot(model, ax=ax)
    protesters = layer(ax, "protesters_points")
    immigration = layer(ax, "immigration_points")
    # a point at the low end, a dashed line up to the other source's figure
    assert protesters.get_offsets()[:, 1].tolist() == [5.0]
    disputed = layer(ax, "protesters_disputed", LineCollection)
    assert [(s[0][1], s[1][1]) for s in disputed.get_segments()] == [(5.0, 8.0)]
    assert disputed.get_linestyle()[0][1] is not None
    assert immigration.get_offsets()[:, 1].tolist() == [44.0]
    assert protesters.get_paths()[0] != immigration.get_paths()[0]  # marker shapes differ
    labels = texts(ax)
    assert "5\u20138 protesters arrested (sources differ)" in labels
    # the floor keeps "at least", in the full or the short words (where the full ones do not
    # fit in the June period of the cut axis)
    assert {"at least 44 detained by immigration agents", "at least 44 detained"} & set(labels)
    # No mark on days without an arrest figure (the 31st had events but no arrests reported).
    xs = np.concatenate([protesters.get_offsets()[:, 0], immigration.get_offsets()[:, 0]])
    assert pd.Timestamp("2026-01-31") not in {when(x) for x in xs}


# --- responses -----------------------------------------------------------------------------


def test_swimlanes_have_five_lanes_and_the_models_labels(model, no_output):
    _, ax = plt.subplots(figsize=(6.4, cs.responses_height_in(model)))
    cs.responses_plot(model, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == LANES
    labels = texts(ax)
    assert set(model.responses.marks["label"].dropna()) <= set(labels)
    assert "Kristi Noem: threatens charges" in labels
    assert "White House: arrest quota (Jun 2025)" in labels  # dated only to a month: drawn


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
    model = build_facts(events, sources=sources)
    fig, ax = plt.subplots(figsize=(6.4, cs.responses_height_in(model) + 0.6))
    cs.responses_plot(model, ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text() not in ("", "//")]
    assert len(boxes) >= 8
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


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
    model = build_facts(events, sources=sources)
    _, ax = plt.subplots()
    cs.responses_plot(model, ax=ax)
    # No label in the panel; its notes line says why.
    assert [t for t in texts(ax) if t != "//"] == []
    assert words.unlabelled_lanes(model) in words.notes_line(model, "responses")
    # it counts marks, never "N official responses" beside a different count of responses
    assert f"{len(model.responses.marks)} marks" in words.unlabelled_lanes(model)
    assert "official response" not in words.unlabelled_lanes(model)
    # a point each (a week-dated one is its band alone, with no point on a day)
    marks = model.responses.marks
    dated = marks[~marks["span"].to_numpy(bool) & ~marks["announced"].to_numpy(bool)]
    assert len(layer_offsets(ax, "points")) == len(dated) >= 70


def test_responses_height_grows_with_stacked_labels(tiny_rows, write_dataset, model):
    base = cs.responses_height_in(model)
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
    stacked = build_facts(events, sources=sources)
    bottom, top = lane_layout(stacked, "article").lanes["federal"]
    assert top - bottom >= 6  # a row for each label of the same day
    assert cs.responses_height_in(stacked) > base


# --- combined ------------------------------------------------------------------------------


def test_combined_cuts_long_gaps_is_readable_at_640px_and_carries_alt_text(model, no_output):
    fig = cs.combined_figure(model, width_in=6.4)
    crowd, arrests, responses, legend = fig.axes
    assert not legend.axison and any(isinstance(a, Legend) for a in legend.artists)
    for ax in (crowd, arrests, responses):
        assert ax.get_xscale() == "function"
    expected = [segment_label_lines(label) for label in model.axis.labels]
    assert [t.get_text() for t in crowd.texts if t.get_text() in expected] == expected
    assert sum(t.get_text() == "//" for t in crowd.texts) == len(model.axis.gaps())
    assert alt_text_of(fig) == alt_text(model, "combined")
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
    # Each segment of the broken axis says its year.
    labels = [t.get_text() for t in responses.get_xticklabels() if t.get_text()]
    assert sum("\n20" in label for label in labels) >= len(model.axis.starts)


def test_layout_choice(tiny):
    events, sources = tiny
    weekend = build_facts(events, sources=sources, start="2026-01-26")
    assert not weekend.axis.broken
    assert build_facts(events, sources=sources).axis.broken
    assert not build_facts(events, sources=sources, layout="continuous").axis.broken
    fig = cs.combined_figure(weekend)
    assert fig.axes[0].get_xscale() == "linear"
    with pytest.raises(ParameterError, match="layout"):
        build_facts(events, sources=sources, layout="broken")


def test_time_axis_maps_dates_in_order(model):
    axis = model.axis
    assert axis.broken and len(axis.starts) == 2
    dates = pd.to_datetime(["2025-06-06", "2025-06-07", "2026-01-30"])
    mapped = axis.position(pd.Series(dates))
    assert np.all(np.diff(mapped) > 0)
    assert np.allclose(axis.inverse(mapped), mdates.date2num(dates))


# --- many events: binned by day ------------------------------------------------------------
#
# The threshold is lowered so that a few hundred generated events stand for a million: what
# matters is that above it every panel draws the model's per-day marks and says so.

BINNED_AT = 40


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return generated_pair(800, tmp_path_factory.mktemp("many"), seed=5)


@pytest.fixture
def binned(many, monkeypatch):
    monkeypatch.setattr(marks_module, "MAX_MARKS", BINNED_AT)
    events, sources = many
    return build_facts(events, sources=sources)


def test_binned_crowd_draws_the_models_bins(binned):
    fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
    cs.crowd_plot(binned, ax=ax)
    bins = binned.crowd.bins
    assert binned.crowd.binning.marks > 5 * BINNED_AT
    medians = layer(ax, "bins").get_offsets()
    expected = {day.floor("D"): float(v) for day, v in bins["value"].items()}
    assert {when(x): y for x, y in medians} == pytest.approx(expected)
    ranges = layer(ax, "bin_ranges", LineCollection).get_segments()
    drawn = {when(seg[0][0]): (seg[0][1], seg[1][1]) for seg in ranges}
    assert drawn == {d.floor("D"): (float(r.low), float(r.high)) for d, r in bins.iterrows()}
    strip = layer(ax, "unknown_bins").get_offsets()
    assert len(strip) == len(binned.crowd.unknown_bins)
    assert len(ax.collections) <= 5
    assert ax.get_title(loc="right") == words.binned_note(binned, "crowd")
    peaks = binned.crowd.labels
    assert 1 <= len(peaks) <= crowd_module.MAX_BINNED_LABELS
    # Each peak is labelled, or left out for lack of room and counted in the notes.
    hidden = set(crowd_spec(binned).hidden_labels)
    assert all(p.text in texts(ax) or str(p.key) in hidden for p in peaks)
    assert any(p.text in texts(ax) for p in peaks)
    fig.canvas.draw()


def test_binned_arrests_draw_the_models_day_sums(binned):
    _, ax = plt.subplots(figsize=(6.4, 2.4), layout="constrained")
    cs.arrests_plot(binned, ax=ax)
    assert ax.get_title(loc="right") == words.binned_note(binned, "arrests")
    for kind, series in binned.arrests.series.items():
        marks = layer(ax, f"{kind}_bins").get_offsets()  # a point per day at its low sum
        assert sorted(marks[:, 1].tolist()) == sorted(float(v) for v in series.marks["low"])
        ranged = series.marks[series.marks["high"] > series.marks["low"]]
        if len(ranged):
            lines = layer(ax, f"{kind}_ranges", LineCollection).get_segments()
            assert sorted(s[1][1] for s in lines) == sorted(float(v) for v in ranged["high"])
    labelled = [t for t in texts(ax) if t != "//"]
    assert 1 <= len(labelled) <= 2  # the peak day of each series
    assert any("protesters arrested on" in t for t in labelled)


def test_binned_responses_draw_one_mark_per_day_and_level(binned):
    _, ax = plt.subplots(figsize=(6.4, 2.0), layout="constrained")
    cs.responses_plot(binned, ax=ax)
    assert ax.get_title(loc="right") == words.binned_note(binned, "responses")
    assert [t.get_text() for t in ax.get_yticklabels()] == LANES
    bins = binned.responses.bins
    drawn = layer_offsets(ax, "bins")
    assert len(drawn) == len(bins)
    lanes = lane_layout(binned, "article").lanes
    centres = sorted({sum(lanes[str(level)]) / 2 for level in bins["response_level"]})
    assert sorted(set(drawn[:, 1].tolist())) == pytest.approx(centres)
    assert [t for t in texts(ax) if t != "//"] == []  # no per-response labels


def test_binned_combined_figure_says_so_in_panels_and_alt_text(binned):
    fig = cs.combined_figure(binned)
    crowd, arrests, responses, _legend = fig.axes
    assert "demonstrations binned by day" in crowd.get_title(loc="right")
    assert "events binned by day" in arrests.get_title(loc="right")
    assert "responses binned by day" in responses.get_title(loc="right")
    assert crowd.get_title(loc="left") == "Crowd size"
    alt = alt_text_of(fig)
    assert "each day is one mark" in alt
    assert len(alt.split()) <= MAX_ALT_WORDS
    assert sum(len(ax.collections) for ax in fig.axes) <= 24
    fig.canvas.draw()
    small = [
        t.get_text()
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT
    ]
    assert not small


def test_below_the_threshold_nothing_is_binned(many):
    model = build_facts(many[0], sources=many[1])
    fig = cs.combined_figure(model)
    for ax in fig.axes[:3]:
        assert "binned" not in ax.get_title(loc="right")
    assert "each day is one mark" not in alt_text_of(fig)
    assert layer(fig.axes[0], "points")  # one mark per event, by type


# --- labels and time axis ------------------------------------------------------------------


def test_long_time_axis_ticks_on_months_with_years():
    axis = TimeAxis.continuous(pd.Timestamp("2024-01-01"), pd.Timestamp("2027-12-20"))
    fig, ax = plt.subplots(figsize=(6.4, 2), layout="constrained")
    apply_time_axis(ax, axis)
    fig.canvas.draw()
    ticks = [pd.Timestamp(mdates.num2date(x)).tz_localize(None) for x in ax.get_xticks()]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) >= 4 and all(d.day == 1 for d in ticks)
    assert labels[0] == "Jan\n2024"
    years = [label.split("\n")[1] for label in labels if "\n" in label]
    assert years == sorted(set(years)) and "2027" in years  # each year named once
    short = TimeAxis.continuous(pd.Timestamp("2025-06-01"), pd.Timestamp("2025-06-20"))
    _, ax2 = plt.subplots(figsize=(6.4, 2), layout="constrained")
    apply_time_axis(ax2, short)
    ax2.figure.canvas.draw()
    assert ax2.get_xticklabels()[0].get_text() == "1 Jun\n2025"


# --- one colour, one meaning; the phone variant ------------------------------------------------


def _colours(collection) -> set[str]:
    import matplotlib.colors as mcolors

    out = set()
    for rgba in (*collection.get_facecolors(), *collection.get_edgecolors()):
        if rgba[3] == 0:
            continue
        hexed = mcolors.to_hex(rgba[:3])
        if hexed not in ("#ffffff",):
            out.add(hexed)
    return out


def test_one_colour_one_meaning_in_the_combined_figure(model):
    """A colour stands for one measure in the whole figure (not a level here and a type there)."""
    fig = cs.combined_figure(model)
    crowd, arrests, responses, _legend = fig.axes
    meaning_of: dict[str, set[str]] = {}
    for ax, panel in ((crowd, "crowd"), (arrests, "arrests"), (responses, "responses")):
        for c in ax.collections:
            label = c.get_label()
            if panel == "arrests":  # the two series, each its own colour, marks and lines alike
                meaning = "detained" if label.startswith("Detained") else "protesters"
            elif panel == "crowd":  # the specification's layers: totals, no size, the rest
                gid = str(c.get_gid())
                meaning = (
                    "total"
                    if gid == "totals"
                    else "unknown"
                    if gid.startswith("unknown")
                    else panel
                )
            else:
                meaning = panel
            for colour in _colours(c):
                meaning_of.setdefault(colour, set()).add(meaning)
    shared = {colour: m for colour, m in meaning_of.items() if len(m) > 1}
    assert not shared, shared
    assert len(meaning_of) >= 3  # the crowd, the totals and the responses at least


def test_the_phone_variant_keeps_every_text_at_its_size_inside_390_px(model):
    fig = cs.draw_combined(model, phone=True)
    assert fig.get_figwidth() == cs.PHONE_WIDTH_IN
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts and all(t.get_fontsize() >= MIN_FONT_PT for t in texts)
    outside = [
        t.get_text()
        for t in texts
        if t.get_window_extent(renderer).x0 < -1 or t.get_window_extent(renderer).x1 > width + 1
    ]
    assert not outside, outside


def test_a_label_may_cover_only_its_own_segment_of_a_cut_axis():
    ts = pd.Timestamp
    cut = TimeAxis((ts("2025-06-05"), ts("2026-01-28")), (ts("2025-06-09"), ts("2026-02-02")),
                   (4.0, 5.0), 1.0)  # fmt: skip
    assert cut.bounds_of(ts("2026-01-31")) == (ts("2026-01-28"), ts("2026-02-02"))
    assert cut.bounds_of(ts("2025-09-01")) is None  # in the cut
    assert (
        TimeAxis.continuous(ts("2025-06-01"), ts("2025-06-20")).bounds_of(ts("2025-06-05")) is None
    )
