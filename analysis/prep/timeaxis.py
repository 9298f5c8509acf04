"""A broken time axis for matplotlib: one segment per episode, quiet months cut out.

:class:`TimeAxis` maps dates onto a compressed x coordinate: each episode gets a segment whose
width follows its span (with a minimum, so a two-day burst stays readable next to a fortnight),
and the gaps between episodes shrink to a narrow shaded band with a ``//`` break mark on the
axis. It is installed as a matplotlib function scale, so charts keep plotting plain dates and
every Axes sharing the x axis gets the same breaks. Tick positions are chosen per segment at
draw time from the Axes' real width, so labels do not collide at 640 px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.charts.style import TEXT_GREY
from analysis.errors import ParameterError
from analysis.prep.episodes import Episode, find_episodes, has_long_gaps

#: Days of margin drawn before the first and after the last day of every segment.
PAD_DAYS = 0.75
#: Smallest share of the axis any one segment gets.
MIN_SEGMENT_SHARE = 0.2
#: Width of a cut gap as a share of the axis.
GAP_SHARE = 0.045
#: Width (inches) one tick label needs, including space around it.
TICK_LABEL_IN = 0.62
_FAR = 1e6  # days: linear extension beyond the segments, keeps the mapping invertible


@dataclass(frozen=True)
class TimeAxis:
    """Visible date segments and how they map onto the x axis.

    Parameters
    ----------
    starts, ends
        First and last visible instant of each segment (padding included), in order.
    widths
        Width of each segment on the compressed axis (arbitrary units).
    gap
        Width of each cut between segments, same units.
    labels
        A label per segment (the episode's span, e.g. "6–7 Jun 2025").
    """

    starts: tuple[pd.Timestamp, ...]
    ends: tuple[pd.Timestamp, ...]
    widths: tuple[float, ...]
    gap: float
    labels: tuple[str, ...] = ()
    _knots: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.starts or len(self.starts) != len(self.ends) != len(self.widths):
            raise ParameterError("a time axis needs at least one segment with a start and end")
        xs: list[float] = []
        cs: list[float] = []
        c = 0.0
        for i, (a, b, w) in enumerate(zip(self.starts, self.ends, self.widths, strict=True)):
            if i:
                c += self.gap
            xs += [float(mdates.date2num(a)), float(mdates.date2num(b))]
            cs += [c, c + w]
            c += w
        x = np.array([xs[0] - _FAR, *xs, xs[-1] + _FAR])
        cc = np.array([cs[0] - _FAR, *cs, cs[-1] + _FAR])
        if np.any(np.diff(x) <= 0):
            raise ParameterError("time axis segments must be in order and must not overlap")
        object.__setattr__(self, "_knots", (x, cc))

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def continuous(
        cls,
        start: pd.Timestamp,
        end: pd.Timestamp,
        *,
        pad_days: float = PAD_DAYS,
        label: str = "",
    ) -> TimeAxis:
        """One unbroken segment from ``start`` to ``end`` (days), padded on both sides."""
        a = pd.Timestamp(start) - pd.Timedelta(days=pad_days)
        b = pd.Timestamp(end) + pd.Timedelta(days=1 + pad_days) - pd.Timedelta(days=1)
        days = (b - a) / pd.Timedelta(days=1)
        return cls((a,), (b,), (days,), 0.0, (label,))

    @classmethod
    def from_episodes(
        cls,
        episodes: list[Episode],
        *,
        pad_days: float = PAD_DAYS,
        min_share: float = MIN_SEGMENT_SHARE,
        gap_share: float = GAP_SHARE,
    ) -> TimeAxis:
        """One segment per episode, each at least ``min_share`` of the axis.

        Segment widths grow with the square root of the episode's span in days, so a
        fortnight is wider than a weekend but the weekend's dense marks stay readable.
        """
        if not episodes:
            raise ParameterError("no dated events to draw: the selection is empty")
        spans = [e.days - 1 + 2 * pad_days for e in episodes]
        # Width grows with the square root of the span: a week-long episode is wider than a
        # two-day burst, but not so much wider that the burst's marks pile up.
        scale = [s**0.5 for s in spans]
        total = sum(scale)
        floor = min(min_share, 1.0 / len(episodes)) * total
        widths = [max(s, floor) for s in scale]
        gap = gap_share * sum(widths) if len(episodes) > 1 else 0.0
        return cls(
            tuple(e.start - pd.Timedelta(days=pad_days) for e in episodes),
            tuple(e.end + pd.Timedelta(days=pad_days) for e in episodes),
            tuple(widths),
            gap,
            tuple(e.label for e in episodes),
        )

    @classmethod
    def for_events(
        cls,
        events: pd.DataFrame,
        *,
        layout: str = "auto",
        max_gap_days: int = 14,
        pad_days: float = PAD_DAYS,
    ) -> TimeAxis:
        """Choose the axis for a selection: broken by episode, or continuous.

        Parameters
        ----------
        events
            Rows to draw; their ``date``/``date_end`` set the range.
        layout
            "episodes" (one segment per episode), "continuous", or "auto": episodes when
            gaps take more than half of the span (:func:`analysis.prep.episodes.has_long_gaps`).
        max_gap_days
            Gap that separates episodes.
        pad_days
            Margin before and after each segment.
        """
        if layout not in ("auto", "episodes", "continuous"):
            raise ParameterError(
                f"layout: {layout!r} is not a layout; valid values: 'auto', 'episodes', "
                "'continuous'"
            )
        episodes = find_episodes(_distinct_spans(events), max_gap_days=max_gap_days)
        if not episodes:
            raise ParameterError("no dated events to draw: the selection is empty")
        if layout == "episodes" or (layout == "auto" and has_long_gaps(episodes)):
            return cls.from_episodes(episodes, pad_days=pad_days)
        return cls.continuous(
            episodes[0].start, episodes[-1].end, pad_days=pad_days, label=_span_label(episodes)
        )

    # --- mapping -----------------------------------------------------------------------------

    @property
    def broken(self) -> bool:
        """Whether time is cut between segments."""
        return len(self.starts) > 1

    @property
    def start(self) -> pd.Timestamp:
        """First visible instant."""
        return self.starts[0]

    @property
    def end(self) -> pd.Timestamp:
        """Last visible instant."""
        return self.ends[-1]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Map matplotlib date numbers to the compressed axis coordinate."""
        knots_x, knots_c = self._knots
        return np.interp(np.asarray(x, dtype=float), knots_x, knots_c)

    def inverse(self, c: np.ndarray) -> np.ndarray:
        """Map compressed coordinates back to matplotlib date numbers."""
        knots_x, knots_c = self._knots
        return np.interp(np.asarray(c, dtype=float), knots_c, knots_x)

    def segment_of(self, when: pd.Timestamp) -> int | None:
        """Index of the segment showing ``when``, or None when it falls in a cut."""
        for i, (a, b) in enumerate(zip(self.starts, self.ends, strict=True)):
            if a <= when <= b:
                return i
        return None

    def gaps(self) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
        """The cut periods between segments (start, end)."""
        return list(zip(self.ends[:-1], self.starts[1:], strict=True))

    # --- drawing -----------------------------------------------------------------------------

    def apply(self, ax: Axes, *, tick_labels: bool = True, marks: bool = True) -> None:
        """Install the axis on ``ax`` (and every Axes sharing its x): scale, limits, ticks.

        Parameters
        ----------
        ax
            The Axes to change.
        tick_labels
            Whether this Axes shows date labels (False for upper panels of a stacked figure).
        marks
            Whether to shade the cuts and draw ``//`` break marks on this Axes.
        """
        if self.broken:
            ax.set_xscale("function", functions=(self.forward, self.inverse))
        ax.set_xlim(self.start, self.end)
        monthly: set[float] = set()  # the locator's month ticks, so the formatter names months
        ax.xaxis.set_major_locator(SegmentDayLocator(self, monthly))
        ax.xaxis.set_major_formatter(SegmentDayFormatter(self, monthly))
        ax.xaxis.set_minor_locator(mticker.NullLocator())
        ax.tick_params(axis="x", labelbottom=tick_labels)
        if marks and self.broken:
            self.draw_breaks(ax)

    def draw_breaks(self, ax: Axes) -> None:
        """Shade each cut and put a ``//`` break mark where it crosses the x axis."""
        trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
        for a, b in self.gaps():
            ax.axvspan(a, b, color="#f0f0f0", zorder=0, linewidth=0)
            mid = mdates.num2date(
                float(
                    self.inverse(
                        (self.forward(mdates.date2num(a)) + self.forward(mdates.date2num(b))) / 2
                    )
                )
            )
            ax.text(
                mid,
                0,
                "//",
                transform=trans,
                ha="center",
                va="center",
                fontsize=9,
                color=TEXT_GREY,
                zorder=5,
                clip_on=False,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )

    def label_segments(self, ax: Axes, *, y: float = 1.0, fontsize: float = 9) -> list:
        """Write each segment's label centred above it (axes-fraction ``y``); returns the Texts."""
        trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
        texts = []
        for a, b, label in zip(self.starts, self.ends, self.labels, strict=False):
            if not label:
                continue
            mid = mdates.num2date(
                float(
                    self.inverse(
                        (self.forward(mdates.date2num(a)) + self.forward(mdates.date2num(b))) / 2
                    )
                )
            )
            texts.append(
                ax.text(
                    mid,
                    y,
                    label,
                    transform=trans,
                    ha="center",
                    va="bottom",
                    fontsize=fontsize,
                    fontweight="bold",
                    color="#333333",
                )
            )
        return texts


def _distinct_spans(events: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (day, end day, precision) of ``events``: the rows that set episodes.

    Episodes depend only on the days the rows cover, and finding them walks the rows one by
    one: a million events cover a few thousand distinct spans.
    """
    day_ns = 86_400_000_000_000
    keys = {"day": events["date"].to_numpy(dtype="datetime64[ns]").view("i8") // day_ns}
    if "date_end" in events:
        keys["end"] = events["date_end"].to_numpy(dtype="datetime64[ns]").view("i8") // day_ns
    if "date_precision" in events:
        keys["precision"] = pd.factorize(events["date_precision"], use_na_sentinel=True)[0]
    first = ~pd.DataFrame(keys).duplicated().to_numpy()
    return events.iloc[np.flatnonzero(first)]


def _span_label(episodes: list[Episode]) -> str:
    from analysis.fmt import format_day_range

    return format_day_range(episodes[0].start, episodes[-1].end)


_STEPS_DAYS = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)
#: Tick steps in months for segments too long for 4-weekly ticks (many months or years).
_STEPS_MONTHS = (2, 3, 6, 12, 24, 48)


def _month_ticks(first: pd.Timestamp, last: pd.Timestamp, room: int) -> list[pd.Timestamp]:
    """Ticks on the 1st of every n-th month (n from :data:`_STEPS_MONTHS`), at most ``room``.

    Month and year boundaries read better than "every 56 days" once a segment spans months.
    """
    starts = pd.date_range(first + pd.offsets.MonthBegin(0), last, freq="MS")
    for step in _STEPS_MONTHS:
        picked = [d for d in starts if (d.year * 12 + d.month - 1) % step == 0]
        if len(picked) <= room:
            return picked
    return picked[:: math.ceil(len(picked) / room)]


class SegmentDayLocator(mticker.Locator):
    """Ticks on whole days inside each segment, as many as the segment's width allows.

    A segment of many months gets ticks on the 1st of months instead; their positions are
    added to ``monthly`` (shared with :class:`SegmentDayFormatter`).
    """

    def __init__(self, time_axis: TimeAxis, monthly: set[float] | None = None):
        self.time_axis = time_axis
        self.monthly = monthly if monthly is not None else set()

    def _axes_width_in(self) -> float:
        axis = getattr(self, "axis", None)
        if axis is None or axis.axes is None:
            return 5.0
        ax = axis.axes
        return max(ax.bbox.width / ax.figure.dpi, 0.5)

    def tick_values(self, vmin: float, vmax: float) -> list[float]:
        """Whole-day positions per segment; ``vmin``/``vmax`` are ignored (segments decide)."""
        ta = self.time_axis
        total = ta.forward(mdates.date2num(ta.end)) - ta.forward(mdates.date2num(ta.start))
        width_in = self._axes_width_in()
        ticks: list[float] = []
        self.monthly.clear()
        for a, b in zip(ta.starts, ta.ends, strict=True):
            share = (ta.forward(mdates.date2num(b)) - ta.forward(mdates.date2num(a))) / total
            room = max(1, math.floor(share * width_in / TICK_LABEL_IN))
            first = a.ceil("D")
            last = b.floor("D")
            days = int((last - first).days) + 1
            if days <= 0:
                continue
            step = next((s for s in _STEPS_DAYS if math.ceil(days / s) <= room), _STEPS_DAYS[-1])
            if step > 28:  # months or years: ticks on the 1st of a month
                months = [float(mdates.date2num(d)) for d in _month_ticks(first, last, room)]
                self.monthly.update(months)
                ticks += months
                continue
            if step >= 7 and days > 7:  # weekly ticks on Mondays read best
                first = first + pd.Timedelta(days=(7 - first.weekday()) % 7)
            day = first
            while day <= last:
                ticks.append(float(mdates.date2num(day)))
                day += pd.Timedelta(days=step)
        return ticks

    def __call__(self) -> list[float]:
        return self.tick_values(0.0, 0.0)


class SegmentDayFormatter(mticker.Formatter):
    """Labels ticks "6 Jun", adding the year under the first tick of each segment.

    Month ticks of long segments (see :class:`SegmentDayLocator`) read "Jul", with the year
    under the first and under every January (always two lines, so the layout, which may
    choose ticks again at another width, keeps its room).
    """

    def __init__(self, time_axis: TimeAxis, monthly: set[float] | None = None):
        self.time_axis = time_axis
        self.monthly = monthly if monthly is not None else set()

    def __call__(self, x: float, pos: int | None = None) -> str:
        d = mdates.num2date(x)
        return f"{d.day} {d:%b}"

    def format_ticks(self, values: list[float]) -> list[str]:
        """Label all ticks at once, so each segment's first tick can carry the year."""
        out = []
        seen: set[int] = set()
        days = [pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in values]
        for v, d in zip(values, days, strict=True):
            monthly = float(v) in self.monthly
            seg = self.time_axis.segment_of(d)
            first = seg is not None and seg not in seen
            if seg is not None:
                seen.add(seg)
            if monthly:
                label = f"{d:%b}" + (f"\n{d:%Y}" if first or d.month == 1 else "")
            else:
                label = f"{d.day} {d:%b}" + (f"\n{d:%Y}" if first else "")
            out.append(label)
        return out
