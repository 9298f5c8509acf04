"""Draw the time-axis model (:class:`analysis.prep.timeaxis.TimeAxis`) on a matplotlib Axes.

The model's mapping becomes a function scale, so charts keep plotting plain dates and every
Axes sharing the x axis gets the same cuts; ticks come from :meth:`TimeAxis.ticks` for the
Axes' real width at draw time, so labels do not collide at 640 px; each cut is a shaded band
with a ``//`` mark where it crosses the x axis.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import matplotlib.transforms as mtransforms
from matplotlib.axes import Axes
from matplotlib.text import Text

from analysis.charts.style import CUT_COLOR, TEXT_GREY
from analysis.prep.timeaxis import Tick, TimeAxis, day_number
from analysis.spec.layout import CUT_MARK_PT


class _TickCache:
    """The ticks of the last width asked for, shared by the locator and the formatter."""

    def __init__(self, axis: TimeAxis) -> None:
        self.axis = axis
        self.by_position: dict[float, str] = {}

    def ticks(self, width_in: float) -> list[Tick]:
        ticks = self.axis.ticks(width_in)
        self.by_position = {float(day_number(t.when)): t.label for t in ticks}
        return ticks


class TimeAxisLocator(mticker.Locator):
    """Ticks where :meth:`TimeAxis.ticks` puts them for the Axes' width in inches."""

    def __init__(self, cache: _TickCache) -> None:
        self.cache = cache

    def __call__(self) -> list[float]:
        axis = getattr(self, "axis", None)
        width_in = 5.0
        if axis is not None and axis.axes is not None:
            ax = axis.axes
            width_in = max(ax.bbox.width / ax.figure.dpi, 0.5)
        return [float(day_number(t.when)) for t in self.cache.ticks(width_in)]

    def tick_values(self, vmin: float, vmax: float) -> list[float]:
        """Tick positions (the limits are ignored: the segments decide)."""
        return self()


class TimeAxisFormatter(mticker.Formatter):
    """The model's tick labels ("6 Jun" with the year under each segment's first tick)."""

    def __init__(self, cache: _TickCache) -> None:
        self.cache = cache

    def __call__(self, x: float, pos: int | None = None) -> str:
        label = self.cache.by_position.get(float(x))
        if label is not None:
            return label
        d = mdates.num2date(x)
        return f"{d.day} {d:%b}"


def apply_time_axis(ax: Axes, axis: TimeAxis, *, cuts: bool = True) -> None:
    """Install ``axis`` on ``ax`` (and every Axes sharing its x): scale, limits, ticks, cuts."""
    if axis.broken:
        ax.set_xscale("function", functions=(axis.forward, axis.inverse))
    ax.set_xlim(axis.start, axis.end)
    cache = _TickCache(axis)
    ax.xaxis.set_major_locator(TimeAxisLocator(cache))
    ax.xaxis.set_major_formatter(TimeAxisFormatter(cache))
    ax.xaxis.set_minor_locator(mticker.NullLocator())
    if cuts and axis.broken:
        draw_cuts(ax, axis)


def draw_cuts(ax: Axes, axis: TimeAxis) -> None:
    """Shade each cut and put a ``//`` mark where it crosses the x axis."""
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for (a, b), centre in zip(axis.gaps(), axis.gap_centres(), strict=True):
        ax.axvspan(a, b, color=CUT_COLOR, zorder=0, linewidth=0)
        ax.text(
            float(axis.inverse(centre)),
            0,
            "//",
            transform=trans,
            ha="center",
            va="center",
            fontsize=CUT_MARK_PT,
            color=TEXT_GREY,
            zorder=5,
            clip_on=False,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )


def segment_label_lines(label: str) -> str:
    """A segment's label on two lines, so narrow segments keep theirs apart: "3–9 Feb" over
    "2025", "Feb 2026" over "(month only)"."""
    if label.endswith(")") and " (" in label:
        head, _, tail = label.partition(" (")
        return f"{head}\n({tail}"
    head, _, year = label.rpartition(" ")
    return f"{head}\n{year}" if head else label


def segment_label_choices(label: str) -> list[str]:
    """A segment's label on two lines, then, for a month-only segment too narrow for
    "(month only)" on one line, on three ("Feb 2026" / "(month" / "only)")."""
    two = segment_label_lines(label)
    head, sep, tail = two.partition("\n(")
    if sep and " " in tail:
        return [two, f"{head}\n({tail.replace(' ', chr(10), 1)}"]
    return [two]


def label_segments(ax: Axes, axis: TimeAxis, *, y: float = 1.0, fontsize: float = 9) -> list[Text]:
    """Write each segment's label centred above it (axes-fraction ``y``); returns the Texts.

    A label wider than its segment (narrow charts, short episodes) is left out: the ticks
    under each segment still give its days and year.
    """
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    measure = RendererAgg(100, 100, 72).get_text_width_height_descent
    prop = FontProperties(size=fontsize, weight="bold")
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    texts = []
    for mid, label, share in zip(axis.segment_centres(), axis.labels, axis.shares(), strict=False):
        if not label:
            continue
        lines = next(
            (
                lines
                for lines in segment_label_choices(label)
                if max(measure(line, prop, False)[0] for line in lines.split("\n")) / 72
                <= share * width_in * 0.95
            ),
            None,
        )
        if lines is None:
            continue
        texts.append(
            ax.text(
                float(day_number(mid)),
                y,
                lines,
                transform=trans,
                ha="center",
                va="bottom",
                fontsize=fontsize,
                fontweight="bold",
                color="#333333",
                linespacing=1.0,
            )
        )
    return texts
