"""The time axis of a selection: which days are shown, in which segments, and how wide each is.

When the events come in bursts separated by long quiet gaps, the axis is cut into one segment
per episode (:mod:`analysis.prep.episodes`). Each segment's width grows with the square root
of its span times the items it draws, with a floor, so a two-day burst of thirty items has
room for its marks and labels beside a quiet fortnight; the cuts between segments are narrow
bands. Inside a segment time runs evenly.

This is the one time-axis model of the project: both chart engines draw it, matplotlib through
a function scale (:mod:`analysis.charts.axis_matplotlib`) and plotly by plotting the axis
coordinate of :meth:`TimeAxis.forward` (:mod:`analysis.charts.axis_plotly`), so a static chart
and its interactive twin cut the same gaps, give each segment the same share, and put their
ticks on the same days (:meth:`TimeAxis.ticks`). Nothing here imports a plotting library.

The facts model builds a selection's axis from the items its panels draw (:func:`axis_of`) and
places each item dated to a week, a month or several days on it (:func:`place_on_axis`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.errors import ParameterError
from analysis.fmt import format_day_range
from analysis.prep.episodes import Episode, find_episodes, has_long_gaps

#: Days of margin drawn before the first day and after the last day of every segment. A segment
#: shows its days whole (midnight to midnight), so marks spread across a day, a day's total and
#: the day's tick at noon all sit inside it.
PAD_DAYS = 0.25
#: Smallest share of the axis any one segment gets.
MIN_SEGMENT_SHARE = 0.2
#: Width of a cut between segments as a share of the axis.
GAP_SHARE = 0.045
#: Width (inches) one tick label needs, space around it included.
TICK_LABEL_IN = 0.62
#: Width (inches) of a character of a tick label at the charts' 9-pt tick font (DejaVu Sans:
#: digits and lower-case letters are about 0.6 em), and the least room between two labels.
TICK_CHAR_IN, TICK_GAP_IN = 0.066, 0.08
#: Layouts an axis can take: "auto" breaks it when gaps take over half of the span.
LAYOUTS = ("auto", "episodes", "continuous")
#: Day numbers count days since this instant, as matplotlib's date numbers do by default.
EPOCH = pd.Timestamp("1970-01-01")
_DAY = pd.Timedelta(days=1)
_FAR = 1e6  # days: linear extension beyond the segments keeps the mapping invertible
_STEPS_DAYS = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)
#: Tick steps in months for segments too long for 4-weekly ticks.
_STEPS_MONTHS = (2, 3, 6, 12, 24, 48)
#: How the label of a segment holding only month-dated items ends.
MONTH_ONLY = "(month only)"


def day_number(when: pd.Timestamp | pd.Series | np.ndarray) -> float | np.ndarray:
    """Days since :data:`EPOCH` (float), the x unit of both chart engines' date axes."""
    if isinstance(when, pd.Timestamp):
        return (when - EPOCH) / _DAY
    values = np.asarray(pd.to_datetime(when), dtype="datetime64[ns]")
    return (values - np.datetime64(EPOCH.to_datetime64())) / np.timedelta64(1, "D")


def from_day_number(value: float) -> pd.Timestamp:
    """The instant of a day number (inverse of :func:`day_number`)."""
    return EPOCH + pd.Timedelta(days=float(value))


@dataclass(frozen=True)
class Tick:
    """One tick of the time axis: where it is and its label lines ("6 Jun", "2025")."""

    when: pd.Timestamp
    lines: tuple[str, ...]

    @property
    def label(self) -> str:
        """The label with its lines joined by a newline."""
        return "\n".join(self.lines)


@dataclass(frozen=True)
class TimeAxis:
    """Visible date segments and how they map onto the x axis.

    Parameters
    ----------
    starts, ends
        First and last visible instant of each segment (padding included), in order.
    widths
        Width of each segment on the axis, in arbitrary units.
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
    #: Days whose ticks win over the regular ones where two collide, in order (the facts
    #: model's: the headline's day, then the days of the marks it gives labels):
    #: :meth:`ticks`.
    keep: tuple[pd.Timestamp, ...] = ()
    _knots: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.starts or not len(self.starts) == len(self.ends) == len(self.widths):
            raise ParameterError("a time axis needs at least one segment with a start and end")
        xs: list[float] = []
        cs: list[float] = []
        c = 0.0
        for i, (a, b, w) in enumerate(zip(self.starts, self.ends, self.widths, strict=True)):
            if i:
                c += self.gap
            xs += [day_number(a), day_number(b)]
            cs += [c, c + w]
            c += w
        x = np.array([xs[0] - _FAR, *xs, xs[-1] + _FAR])
        cc = np.array([cs[0] - _FAR, *cs, cs[-1] + _FAR]) / c  # 0 to 1 across the segments
        if np.any(np.diff(x) <= 0):
            raise ParameterError("time axis segments must be in order and must not overlap")
        object.__setattr__(self, "_knots", (x, cc))

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def continuous(
        cls, start: pd.Timestamp, end: pd.Timestamp, *, pad_days: float = PAD_DAYS, label: str = ""
    ) -> TimeAxis:
        """One unbroken segment from the day ``start`` to the end of the day ``end``, padded."""
        a = pd.Timestamp(start) - pd.Timedelta(days=pad_days)
        b = pd.Timestamp(end) + _DAY + pd.Timedelta(days=pad_days)
        return cls((a,), (b,), ((b - a) / _DAY,), 0.0, (label,))

    @classmethod
    def from_episodes(
        cls,
        episodes: list[Episode],
        *,
        pad_days: float = PAD_DAYS,
        min_share: float = MIN_SEGMENT_SHARE,
        gap_share: float = GAP_SHARE,
        labels: tuple[str, ...] | None = None,
        compact: tuple[bool, ...] | None = None,
        items: tuple[int, ...] | None = None,
    ) -> TimeAxis:
        """One segment per episode, each at least ``min_share`` of the axis.

        ``labels`` name the segments (default: each episode's span, "6–7 Jun 2025");
        ``compact`` marks segments drawn at the smallest width whatever their span (a month
        holding only items dated to that month has nothing to spread out); ``items`` counts
        the items each segment draws (default: the episodes' rows).

        Widths grow with the square root of the span in days times the items drawn: a
        week-long episode is wider than a two-day burst of as many items, but a burst of
        thirty items is wider than a week of three, so its marks and labels have room.
        """
        if not episodes:
            raise ParameterError("no dated events to draw: the selection is empty")
        spans = [e.days + 2 * pad_days for e in episodes]
        if compact is not None:
            spans = [1.0 if c else s for s, c in zip(spans, compact, strict=True)]
        counts = items if items is not None else tuple(e.n_rows for e in episodes)
        scale = [(s * max(n, 1)) ** 0.5 for s, n in zip(spans, counts, strict=True)]
        floor = min(min_share, 1.0 / len(episodes)) * sum(scale)
        widths = [max(s, floor) for s in scale]
        gap = gap_share * sum(widths) if len(episodes) > 1 else 0.0
        return cls(
            tuple(e.start - pd.Timedelta(days=pad_days) for e in episodes),
            tuple(e.end + _DAY + pd.Timedelta(days=pad_days) for e in episodes),
            tuple(widths),
            gap,
            labels if labels is not None else tuple(e.label for e in episodes),
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

    def forward(self, x: np.ndarray | float) -> np.ndarray:
        """Map day numbers (:func:`day_number`) to the axis coordinate, 0 to 1 over the segments."""
        knots_x, knots_c = self._knots
        return np.interp(np.asarray(x, dtype=float), knots_x, knots_c)

    def inverse(self, c: np.ndarray | float) -> np.ndarray:
        """Map axis coordinates back to day numbers."""
        knots_x, knots_c = self._knots
        return np.interp(np.asarray(c, dtype=float), knots_c, knots_x)

    def position(self, when: pd.Timestamp | pd.Series | np.ndarray) -> np.ndarray:
        """The axis coordinate of dates (0 at the first visible instant, 1 at the last)."""
        return self.forward(day_number(when))

    def shares(self) -> list[float]:
        """Each segment's share of the axis (cuts excluded from neither: they sum with gaps)."""
        total = sum(self.widths) + self.gap * (len(self.widths) - 1)
        return [w / total for w in self.widths]

    def segment_of(self, when: pd.Timestamp) -> int | None:
        """Index of the segment showing ``when``, or None when it falls in a cut."""
        for i, (a, b) in enumerate(zip(self.starts, self.ends, strict=True)):
            if a <= when <= b:
                return i
        return None

    def bounds_of(self, when: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last instant of the segment showing ``when`` on a cut axis (None when the
        axis is not cut or ``when`` falls in a cut): where a label of that date may go."""
        i = self.segment_of(when) if self.broken else None
        return None if i is None else (self.starts[i], self.ends[i])

    def visible(self, start: pd.Series, end: pd.Series) -> np.ndarray:
        """Which spans (first, last day) overlap a segment: the items the axis can show."""
        first = np.asarray(pd.to_datetime(start), dtype="datetime64[ns]")
        last = np.asarray(pd.to_datetime(end), dtype="datetime64[ns]") + np.timedelta64(1, "D")
        seen = np.zeros(len(first), dtype=bool)
        for a, b in zip(self.starts, self.ends, strict=True):
            seen |= (first <= b.to_datetime64()) & (last > a.to_datetime64())
        return seen

    def gaps(self) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
        """The cut periods between segments (start, end)."""
        return list(zip(self.ends[:-1], self.starts[1:], strict=True))

    def gap_centres(self) -> list[float]:
        """The axis coordinate of the middle of each cut (where break marks go)."""
        return [float((self.position(a) + self.position(b)) / 2) for a, b in self.gaps()]

    def segment_centres(self) -> list[pd.Timestamp]:
        """The instant drawn in the middle of each segment (where its label goes)."""
        return [
            from_day_number(float(self.inverse((self.position(a) + self.position(b)) / 2)))
            for a, b in zip(self.starts, self.ends, strict=True)
        ]

    # --- ticks -------------------------------------------------------------------------------

    def ticks(self, width_in: float, keep: tuple[pd.Timestamp, ...] | None = None) -> list[Tick]:
        """Tick days and labels for an axis ``width_in`` inches wide, per segment.

        Each segment gets as many ticks as its share of the width holds labels of
        :data:`TICK_LABEL_IN`: every day, every few days, Mondays, or the 1st of every n-th
        month for long segments. The first tick of every segment carries the year under its
        label ("6 Jun" / "2025"), and month ticks carry it under every January, so each
        segment of a broken axis says its year. A segment holding only items dated to their
        month has one tick, its month ("Feb" / "2026"), never a day.

        ``keep`` (default: the axis's :attr:`keep`) are the days whose ticks win, in order,
        over the regular ones where two would collide (the headline's day, then the days of
        labelled marks): a labelled mark has its date under it wherever there is room for
        that date at all.
        """
        keep = self.keep if keep is None else keep
        ticks: list[Tick] = []
        labels = self.labels if len(self.labels) == len(self.starts) else ("",) * len(self.starts)
        for (a, b), share, name in zip(
            zip(self.starts, self.ends, strict=True), self.shares(), labels, strict=True
        ):
            room = max(1, math.floor(share * max(width_in, 0.5) / TICK_LABEL_IN))
            first, last = a.ceil("D"), b.floor("D")
            days = int((last - first).days) + 1
            if days <= 0:
                continue
            if name.endswith(MONTH_ONLY):  # its month, in the middle of the segment
                mid = from_day_number(
                    float(self.inverse((self.position(a) + self.position(b)) / 2))
                )
                month = pd.Timestamp(first.year, first.month, 1)
                ticks.append(Tick(mid, (f"{month:%b}", f"{month:%Y}")))
                continue
            step = next((s for s in _STEPS_DAYS if math.ceil(days / s) <= room), _STEPS_DAYS[-1])
            if step > 28:  # months or years: ticks on the 1st of a month
                for i, day in enumerate(_month_ticks(first, last, room)):
                    year = i == 0 or day.month == 1
                    ticks.append(Tick(day, (f"{day:%b}", f"{day:%Y}") if year else (f"{day:%b}",)))
                continue
            if step >= 7 and days > 7:  # weekly ticks on Mondays read best
                first = first + pd.Timedelta(days=(7 - first.weekday()) % 7)
            regular = [d for d in pd.date_range(first, last, freq=f"{step}D")]
            chosen = self._kept_days(keep, first, last, width_in)
            for day in regular:
                if all(not self._collide(day, other, width_in) for other in chosen):
                    chosen.append(day)
            for i, day in enumerate(sorted(chosen)):
                label = f"{day.day} {day:%b}"
                # At noon, under the day's marks (which sit in the middle of their day).
                noon = day + pd.Timedelta(hours=12)
                if noon <= b:
                    ticks.append(Tick(noon, (label, f"{day:%Y}") if i == 0 else (label,)))
        return ticks

    def _kept_days(
        self,
        keep: tuple[pd.Timestamp, ...],
        first: pd.Timestamp,
        last: pd.Timestamp,
        width_in: float,
    ) -> list[pd.Timestamp]:
        """The days of ``keep`` inside ``first`` to ``last``, in order, each where it collides
        with none kept before it."""
        chosen: list[pd.Timestamp] = []
        for when in keep:
            day = pd.Timestamp(when).normalize()
            if (
                first <= day <= last
                and day not in chosen
                and all(not self._collide(day, other, width_in) for other in chosen)
            ):
                chosen.append(day)
        return chosen

    def _collide(self, day: pd.Timestamp, other: pd.Timestamp, width_in: float) -> bool:
        """Whether the tick labels of two days ("30 Jan" under each) would touch on an axis
        ``width_in`` inches wide (their labels' widths, :data:`TICK_CHAR_IN` a character,
        and a gap between)."""
        noon = pd.Timedelta(hours=12)
        apart = abs(float(self.position(day + noon) - self.position(other + noon))) * width_in
        widths = [len(f"{d.day} {d:%b}") * TICK_CHAR_IN for d in (day, other)]
        return apart < (widths[0] + widths[1]) / 2 + TICK_GAP_IN


def check_layout(layout: str) -> str:
    """Validate an axis layout name (see :data:`LAYOUTS`)."""
    if layout not in LAYOUTS:
        raise ParameterError(
            f"layout: {layout!r} is not a layout; valid values: "
            + ", ".join(repr(v) for v in LAYOUTS)
        )
    return layout


def _month_ticks(first: pd.Timestamp, last: pd.Timestamp, room: int) -> list[pd.Timestamp]:
    """Ticks on the 1st of every n-th month (n from :data:`_STEPS_MONTHS`), at most ``room``."""
    starts = pd.date_range(first + pd.offsets.MonthBegin(0), last, freq="MS")
    picked = list(starts)
    for step in _STEPS_MONTHS:
        picked = [d for d in starts if (d.year * 12 + d.month - 1) % step == 0]
        if len(picked) <= room:
            return picked
    return picked[:: math.ceil(len(picked) / room)]


# --- the axis of a selection's items -------------------------------------------------------------


def axis_of(
    spans: pd.DataFrame,
    *,
    layout: str,
    gap: int,
    frame: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> TimeAxis | None:
    """The shared time axis: episodes of every item drawn in any panel (the caller adds
    every item dated to one day, drawn or not, so that each falls on the axis).

    Items dated to a day or a week make the episodes. Items dated only to a month never
    stretch an episode (a January-dated order would squeeze a weekend into a month); a month
    in which nothing is dated more precisely gets a segment of its own, labelled with the
    month, after trimming it clear of its neighbours. ``frame`` is the period a selection
    names by both its start and its end: an unbroken axis shows that period whole (a report
    on 29 Jan – 1 Feb shows four days, not only the two its items fall on), unless the quiet
    days it adds would take over the axis.
    """
    if spans.empty:
        return None
    # how many items each segment draws (its width grows with them), from the items' days
    precise_starts = np.sort(
        spans.loc[~spans["month_only"].to_numpy(bool), "start"].to_numpy("datetime64[ns]")
    )
    month_starts = np.sort(_month_number(spans.loc[spans["month_only"].to_numpy(bool), "start"]))
    spans = spans.drop_duplicates()  # a million items cover a few thousand distinct spans
    month = spans["month_only"].to_numpy(bool)
    precise = spans[~month]
    episodes = find_episodes(
        pd.DataFrame({"date": precise["start"], "date_end": precise["end"]}), max_gap_days=gap
    )
    taken = np.union1d(_month_number(precise["start"]), _month_number(precise["end"]))
    lonely = spans[month]
    lonely = lonely[~np.isin(_month_number(lonely["start"]), taken)]
    months = _month_episodes(lonely, episodes)
    if not episodes and not months:
        return None
    everything = sorted([*((e, e.label) for e in episodes), *months], key=lambda p: p[0].start)
    check_layout(layout)
    if layout == "episodes" or (layout == "auto" and has_long_gaps([e for e, _ in everything])):
        compact = tuple(label.endswith(MONTH_ONLY) for _, label in everything)
        return TimeAxis.from_episodes(
            [e for e, _ in everything],
            labels=tuple(label for _, label in everything),
            compact=compact,
            items=tuple(
                _items_within(month_starts, e, month=True)
                if c
                else _items_within(precise_starts, e, month=False)
                for (e, _), c in zip(everything, compact, strict=True)
            ),
        )
    first, last = everything[0][0].start, max(e.end for e, _ in everything)
    if frame is not None and layout != "episodes":
        ends = [Episode(frame[0], frame[0], 0), Episode(frame[1], frame[1], 0)]
        if not has_long_gaps(sorted([*ends, *(e for e, _ in everything)], key=lambda e: e.start)):
            first, last = min(first, frame[0]), max(last, frame[1])
    return TimeAxis.continuous(first, last, label=format_day_range(first, last))


def _items_within(starts: np.ndarray, episode: Episode, *, month: bool) -> int:
    """How many of the sorted ``starts`` (days, or month numbers of month-dated items) fall
    in ``episode``: a binary search, so a million items cost nothing here."""
    if month:
        lo = hi = episode.start.year * 12 + episode.start.month - 1
        hi = episode.end.year * 12 + episode.end.month - 1
    else:
        lo, hi = np.datetime64(episode.start, "ns"), np.datetime64(episode.end, "ns")
    return int(np.searchsorted(starts, hi, side="right") - np.searchsorted(starts, lo, "left"))


def _month_number(days: pd.Series) -> np.ndarray:
    """Months as whole numbers (year * 12 + month - 1), to compare and group cheaply."""
    return (days.dt.year * 12 + days.dt.month - 1).to_numpy(dtype=np.int64)


def _month_episodes(lonely: pd.DataFrame, episodes: list[Episode]) -> list[tuple[Episode, str]]:
    """Segments for months with only month-dated items: the month, clear of other segments."""
    out: list[tuple[Episode, str]] = []
    clear = pd.Timedelta(days=2 * PAD_DAYS + 1.5)
    for number, items in lonely.groupby(_month_number(lonely["start"]), sort=True):
        period = pd.Period(year=int(number) // 12, month=int(number) % 12 + 1, freq="M")
        start, end = items["start"].min(), items["end"].max()
        for e in episodes:
            if e.start - clear <= end and start <= e.end + clear:  # touches: trim away
                if e.start >= start:
                    end = min(end, e.start - clear)
                else:
                    start = max(start, e.end + clear)
        start, end = start.ceil("D"), end.floor("D")
        if end < start:
            continue  # nothing left: its items show at the edge of the neighbouring segment
        if out and out[-1][0].end + pd.Timedelta(days=1) >= start:
            prev, label = out.pop()
            start, label = prev.start, f"{label.split(' (')[0]} \u2013 {period:%b %Y}"
        else:
            label = f"{period:%b %Y}"
        out.append((Episode(start, end, len(items)), f"{label} {MONTH_ONLY}"))
    return out


def place_on_axis(events: pd.DataFrame, axis: TimeAxis | None) -> pd.DataFrame:
    """Where the mark of each item dated to a week, a month or several days goes.

    Such an item is drawn as a line over all the days it may cover (through cuts and off the
    ends of the axis where they go); its mark goes in the middle of the longest part that a
    segment shows. ``x`` is NA for an item that no segment shows.
    """
    if axis is None:
        return events
    spans = events["span"].to_numpy(bool)
    start = events["start"].to_numpy(dtype="datetime64[ns]")[spans]
    end = events["end"].to_numpy(dtype="datetime64[ns]")[spans] + np.timedelta64(1, "D")
    best_x = np.full(len(start), np.datetime64("NaT"), dtype="datetime64[ns]")
    best_len = np.full(len(start), -1, dtype=np.int64)
    for a, b in zip(axis.starts, axis.ends, strict=True):
        lo = np.maximum(start, a.to_datetime64())
        hi = np.minimum(end, b.to_datetime64())
        length = (hi - lo).astype(np.int64)
        better = (length > 0) & (length > best_len)
        best_x = np.where(better, lo + (hi - lo) // 2, best_x)
        best_len = np.where(better, length, best_len)
    x = events["x"].to_numpy(dtype="datetime64[ns]").copy()
    x[spans] = best_x.astype("datetime64[h]").astype("datetime64[ns]")
    return events.assign(x=x)
