"""The swimlanes' labels, measured on the drawn matplotlib figure at each size: beside their own
mark, inside their own period of a cut axis and inside the plot, apart from each other; those
left out counted in the notes. (``test_layout_svg.py`` measures the exported SVGs in Chromium.)
"""

from __future__ import annotations

import itertools

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.data.load import load_dataset
from analysis.prep.facts import build_facts
from analysis.publish.articles import article_figure, notes_at_size
from analysis.spec.lanes import blocks
from analysis.spec.responses import responses_spec

SELECTIONS = {
    "timeline": {},
    "ice-out-weekend": {"start": "2026-01-29", "end": "2026-02-01"},
    "june-2025-raids": {"start": "2025-06-01", "end": "2025-06-30"},
}
#: Farthest (px) a label may sit from its own mark across, and up or down (half a row).
BESIDE_PX, ABOVE_PX = 8.0, 12.0


@pytest.fixture(scope="module")
def models() -> dict:
    data = load_dataset()
    return {name: build_facts(data, **choice) for name, choice in SELECTIONS.items()}


def _x(ax, when) -> float:
    """Display x (px) of an instant on ``ax``."""
    return float(ax.transData.transform((mdates.date2num(pd.Timestamp(when)), 0))[0])


@pytest.mark.parametrize("selection", list(SELECTIONS))
@pytest.mark.parametrize("phone", (False, True))
def test_swimlane_labels_beside_their_mark_inside_their_period(models, selection, phone):
    facts = models[selection]
    spec = responses_spec(facts, "phone" if phone else "article")
    fig = article_figure(facts, "responses", phone=phone)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        # the plot (a phone's legend has an Axes of its own)
        ax = max(fig.axes, key=lambda a: len(a.collections))  # the marks' Axes
        plot = ax.get_window_extent(renderer)
        drawn = {
            str(t.get_gid()).removeprefix("label:"): t.get_window_extent(renderer)
            for t in ax.texts
            if str(t.get_gid()).startswith("label:")
        }
        assert set(drawn) == {label.key for label in spec.labels}
        half = 3.5  # a hexagon's half-width (px at 100 dpi), roughly
        marks: dict[str, tuple[float, float, float]] = {}
        for layer in spec.layers:
            for key, row in layer.rows.iterrows():
                y = float(ax.transData.transform((0, row["y"]))[1])
                if "x_end" in layer.rows:
                    marks[str(key)] = (_x(ax, row["x"]), _x(ax, row["x_end"]), y)
                else:
                    x = _x(ax, row["x"])
                    marks[str(key)] = (x - half, x + half, y)
        for label in spec.labels:
            box = drawn[label.key]
            lo, hi, y = marks[label.key]
            lo, hi = max(lo, plot.x0), min(hi, plot.x1)
            across = max(0.0, box.x0 - hi, lo - box.x1)
            upright = max(0.0, box.y0 - (y + 6), (y - 6) - box.y1)
            assert across <= BESIDE_PX and upright <= ABOVE_PX, (label.text, across, upright)
            # inside its own period of the axis, and inside the plot
            bounds = facts.axis.bounds_of(pd.Timestamp(facts.responses.marks.at[label.key, "x"]))
            left, right = (_x(ax, bounds[0]), _x(ax, bounds[1])) if bounds else (plot.x0, plot.x1)
            assert box.x0 >= max(left, plot.x0) - 1 and box.x1 <= min(right, plot.x1) + 1, (
                label.text
            )
        for (a, box_a), (b, box_b) in itertools.combinations(drawn.items(), 2):
            assert not box_a.overlaps(box_b), (a, b)
    finally:
        plt.close(fig)
    # never silently: the labels left out are counted in the notes at that size
    hidden = len(spec.hidden_labels)
    notes = notes_at_size(facts, "responses", spec.size)
    assert ("Not labelled for lack of room" in notes) == bool(hidden)
    assert ("Not labelled for lack of room" in spec.words.notes) == bool(hidden)


def test_the_phone_labels_essayli_beside_its_mark_on_31_january(models):
    """Issue 16: on the phone "Essayli asks for more officers" was printed at the left edge
    of the plot, its mark at 31 Jan 2026."""
    spec = responses_spec(models["ice-out-weekend"], "phone")
    label = next(
        lab for lab in spec.labels if lab.text.replace("\n", " ").startswith("Essayli asks")
    )
    assert pd.Timestamp(label.x).normalize() == pd.Timestamp("2026-01-31")
    assert abs(label.dx) < 10


def test_blocks_wrap_a_label_onto_ever_fewer_columns():
    out = blocks("DOJ told to charge holdouts (Feb 2025)")
    assert [b.count("\n") + 1 for b in out] == [1, 2, 3, 4]
    widths = [max(len(line) for line in b.split("\n")) for b in out]
    assert widths == sorted(widths, reverse=True)
    assert all(b.replace("\n", " ") == out[0] for b in out)
