"""Static charts for articles (matplotlib): crowd sizes, arrests, official responses, combined.

Each ``*_plot`` function follows seaborn's contract: ``data=`` is the (selected) events frame,
options are keywords, it draws into ``ax`` (or the current Axes) and returns it, and it never
calls ``show()`` or ``savefig()`` (:mod:`analysis.publish.export` writes files).
:func:`combined_figure` stacks the three panels on one shared time axis, the main chart of
every report; when the data come in bursts separated by long gaps it cuts the gaps out
(:mod:`analysis.prep.timeaxis`).

Missing figures are never drawn as zero: a demonstration of unknown size sits in a separate
"size not reported" strip below the scale, and a day without any arrest figure has no mark.
Disputed figures are drawn as the range between the sources (dashed), labelled as disputed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.charts.labels import (
    LabelSpec,
    mark_boxes,
    place_labels,
    range_boxes,
    segment_boxes,
)
from analysis.charts.style import (
    ARREST_STYLE,
    ARTICLE_WIDTH_IN,
    EVENT_TYPE_STYLE,
    LABEL_PT,
    RESPONSE_LEVEL_STYLE,
    TEXT_GREY,
    event_type_style,
    house_style,
    mpl_text,
    style_axes,
)
from analysis.charts.words import attach_alt_text, combined_alt
from analysis.errors import ParameterError
from analysis.fmt import format_count, format_day, format_range, shorten
from analysis.prep import aggregate, binning
from analysis.prep.aggregate import LOCAL_SCOPES
from analysis.prep.binning import crowd_day_stats, figure_day_stats, figure_days, mark_days
from analysis.prep.layout import (
    LaneLayout,
    dodge_positions,
    layout_lanes,
    no_responses_message,
    response_label,
    split_month_dated,
)
from analysis.prep.select import period_end, precision_is, select_events
from analysis.prep.timeaxis import TimeAxis

#: Share of the crowd panel's height given to the "size not reported" strip.
UNKNOWN_STRIP = 0.11
#: Height (inches) of one row of labels in the response swimlanes.
LANE_ROW_IN = 0.23
#: Space under the lowest swimlane, in rows.
LANE_FOOT = 0.4
#: Most figures labelled per arrest series (the largest ones).
MAX_VALUE_LABELS = 12
#: Above this many marks in an arrest series only its 3 largest figures are labelled (binned:
#: only the peak day): a dozen labels in a crowd of marks pile up unreadably.
MANY_MARKS = 100
#: Most peaks labelled on a binned crowd panel (its labels are long, the chart dense).
MAX_BINNED_LABELS = 2
#: Size (points) of the mark of the busiest day and level on a binned responses panel.
BINNED_LANE_PT = 11.0
#: Colour of the daily-total dash.
TOTAL_COLOR = "#7a7a7a"
#: Colour of the per-day marks of a binned crowd panel (event types are not told apart there).
BINNED_COLOR = "#1f3b57"

TimeAxisArg = str | TimeAxis

#: The columns of :func:`analysis.prep.aggregate.event_figures` each chart reads.
_AXIS_COLUMNS = ("date", "date_end", "date_precision")
CROWD_COLUMNS = (
    *_AXIS_COLUMNS,
    *("event_type", "crowd_low", "crowd_high", "crowd_mid", "crowd_open", "disputed"),
    *("city", "location", "title"),
)
ARREST_COLUMNS = (
    *_AXIS_COLUMNS,
    *("status", "disputed", "arrests_low", "arrests_high", "immigration_low", "immigration_high"),
)
#: Binned responses only (unbinned, the label function may read any column).
RESPONSE_COLUMNS = (*_AXIS_COLUMNS, "status", "response_level", "response_actor")


# --- shared helpers ------------------------------------------------------------------------


def _columns(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Only the columns a chart reads: a million rows of some 60 columns are slow to filter."""
    return frame[[c for c in names if c in frame]]


def _crowd_rows(sel: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """``aggregate.crowd_events`` with only :data:`CROWD_COLUMNS`, filtered after narrowing."""
    figures = aggregate.event_figures(sel, sources=sources)
    return _columns(figures, CROWD_COLUMNS)[aggregate.is_crowd_event(figures)]


def _get_ax(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.gca()


def _scoped(data: pd.DataFrame, scopes: Iterable[str] | str | None) -> pd.DataFrame:
    if data is None:
        raise ParameterError("data: pass the events frame (analysis.data.load.load_events())")
    return data if scopes is None else select_events(data, scopes=scopes)


def _time_axis(time_axis: TimeAxisArg, rows: pd.DataFrame, max_gap_days: int) -> TimeAxis:
    if isinstance(time_axis, TimeAxis):
        return time_axis
    return TimeAxis.for_events(rows, layout=time_axis, max_gap_days=max_gap_days)


def _empty(ax: Axes, message: str, time_axis: TimeAxisArg = "auto") -> Axes:
    """Say on the Axes that there is nothing to draw (keeping a shared time axis intact)."""
    style_axes(ax, grid_axis=None)
    if isinstance(time_axis, TimeAxis):
        time_axis.apply(ax)
    else:
        ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=LABEL_PT,
        color=TEXT_GREY,
    )
    return ax


def binned_note(ax: Axes, text: str) -> None:
    """Say on the panel that its marks are bins, not events ("12,000 events binned by day").

    Written as the Axes' right-hand title, in the row of the panel titles, so it never sits on
    the data and never collides with a left-hand title or the axis' episode labels.
    """
    ax.set_title(
        mpl_text(text),
        loc="right",
        fontsize=LABEL_PT,
        color=TEXT_GREY,
        fontstyle="italic",
        fontweight="normal",
    )


def _note_title(note: str | None) -> dict:
    """Legend keywords that put a binning note at the head of the legend."""
    if not note:
        return {}
    return {
        "title": mpl_text(note),
        "title_fontproperties": {"size": LABEL_PT, "style": "italic"},
        "alignment": "left",
    }


def _thousands(value: float, _pos: int | None = None) -> str:
    return f"{value:,.0f}"


def _legend_handle(color: str, marker: str, label: str, *, hollow: bool = False) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=marker,
        markersize=7,
        label=label,
        markerfacecolor="white" if hollow else color,
        markeredgecolor=color,
        markeredgewidth=1.2,
    )


# --- crowd sizes ---------------------------------------------------------------------------


def crowd_plot(
    data: pd.DataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    log: bool | None = None,
    total: str | None = "D",
    time_axis: TimeAxisArg = "auto",
    max_gap_days: int = 14,
    label_top: int = 4,
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw reported crowd sizes: one mark per demonstration with its low–high range.

    Marks sit at the midpoint (:data:`analysis.prep.aggregate.MIDPOINT_RULE`), with a vertical line
    from the low to the high figure; colour and marker shape give the event type. An arrow
    means the source gave no upper bound; a dashed line means the sources disagree. Events
    without a reported size are drawn as hollow marks in a "size not reported" strip under
    the scale, never at zero: one mark per day and type, "×3" beside it for three events.
    Grey dashes give the total of midpoints per day (or week) where at least one event
    reports a size. Week-dated events span their week.

    Parameters
    ----------
    data
        The (selected) events frame. Only demonstrations that occurred are drawn.
    sources
        Sources frame, for publisher names; defaults to ``load_sources()``.
    scopes
        Scopes to keep (default local and regional); None keeps all.
    log
        Logarithmic y axis; None chooses it when the largest figure is over 20 times the
        smallest (a 40-person vigil beside a 2,500-person rally).
    total
        "D" for daily totals, "W" for weekly, None for no totals.
    time_axis
        "auto", "episodes", "continuous", or a :class:`analysis.prep.timeaxis.TimeAxis`.
    max_gap_days
        Gap that separates episodes on a broken axis.
    label_top
        Label this many of the largest events with place and figure.
    legend
        Draw a legend of event types above the Axes.
    ax
        Axes to draw into; defaults to the current Axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    sel = _scoped(data, scopes)
    events = _crowd_rows(sel, sources)
    return _crowd_panel(
        ax,
        sel,
        events,
        sources=sources,
        log=log,
        total=total,
        time_axis=time_axis,
        max_gap_days=max_gap_days,
        label_top=label_top,
        legend=legend,
    )


def _crowd_panel(
    ax, sel, events, *, sources, log, total, time_axis, max_gap_days, label_top, legend
) -> Axes:
    """:func:`crowd_plot` from ``sel`` and its :func:`analysis.prep.aggregate.crowd_events`."""
    drawable, _month_only = split_month_dated(events)
    if drawable.empty:
        return _empty(ax, "No demonstrations reported in this selection", time_axis)
    ta = _time_axis(time_axis, drawable, max_gap_days)
    with house_style():
        style_axes(ax)
        _draw_crowd(
            ax,
            sel,
            drawable,
            ta,
            sources=sources,
            log=log,
            total=total,
            label_top=label_top,
            legend=legend,
            binned=len(drawable) > binning.MAX_MARKS,
        )
    return ax


def _crowd_limits(values: np.ndarray, log: bool) -> tuple[float, float]:
    top = float(values.max())
    if log:
        low = float(values[values > 0].min()) if (values > 0).any() else 1.0
        lo = 10 ** np.floor(np.log10(max(low, 1)) - 0.0)
        hi = 10 ** np.ceil(np.log10(top * 1.25))
        return lo, hi
    return 0.0, top * 1.15


def _draw_crowd(ax, sel, drawable, ta, *, sources, log, total, label_top, legend, binned) -> None:
    has = drawable["crowd_low"].notna().to_numpy(dtype=bool)
    known = drawable[has]
    unknown = drawable[~has]
    totals = None
    if total:
        series = aggregate.crowd_series(sel, freq=total, sources=sources)
        totals = series[series["mid_sum"].notna()]
    values = [known["crowd_low"].to_numpy(dtype=float), known["crowd_high"].to_numpy(dtype=float)]
    if totals is not None and not totals.empty:
        values.append(totals["mid_sum"].to_numpy(dtype=float))
    values = np.concatenate(values) if known.size or totals is not None else np.array([1.0])
    values = values[~np.isnan(values)] if values.size else np.array([1.0])
    if values.size == 0:
        values = np.array([1.0])
    if log is None:
        positive = values[values > 0]
        log = bool(positive.size and positive.max() / positive.min() > 20)
    if log:
        ax.set_yscale("log")
    lo, hi = _crowd_limits(values, log)
    # The strip for unknown sizes lies below the scale: extend the axis downwards.
    strip = UNKNOWN_STRIP if len(unknown) else 0.0
    if log:
        span = np.log10(hi) - np.log10(lo)
        bottom = 10 ** (np.log10(lo) - span * strip / (1 - strip))
    else:
        bottom = lo - (hi - lo) * strip / (1 - strip)
    ax.set_ylim(bottom, hi)
    ta.apply(ax)

    handles: list = []
    total_segments = None
    if totals is not None and not totals.empty:
        weekly = aggregate.check_freq(total) == "W"
        half = pd.Timedelta(days=3.3 if weekly else 0.42)
        centre = totals.index + pd.Timedelta(days=3.0 if weekly else 0.0)
        if binned:  # months or years wide: a day's dash would be a dot, so a fixed-size dash
            ax.scatter(
                centre,
                totals["mid_sum"].to_numpy(dtype=float),
                marker="_",
                s=30,
                color=TOTAL_COLOR,
                linewidths=1.6,
                zorder=2,
                label="total",
            )
        else:
            ax.hlines(
                totals["mid_sum"].to_numpy(dtype=float),
                centre - half,
                centre + half,
                colors=TOTAL_COLOR,
                linewidth=2.4,
                zorder=2,
                label="total",
            )
        total_segments = (centre - half, centre + half, totals["mid_sum"].to_numpy(dtype=float))
        handles.append(
            Line2D(
                [],
                [],
                color=TOTAL_COLOR,
                linewidth=2.4,
                label=f"{'Weekly' if weekly else 'Daily'} total (midpoints)",
            )
        )

    if binned:
        x = None
        stats = _draw_crowd_bins(ax, known, unknown, strip, handles)
    else:
        x = _draw_crowd_events(ax, drawable, known, unknown, strip, log, has, handles)

    if len(unknown):
        ax.axhspan(bottom, lo, color="#f4f4f4", zorder=0, linewidth=0)
        ax.text(
            0.005,
            strip / 2,
            "size not\nreported",
            transform=ax.transAxes,
            ha="left",
            va="center",
            fontsize=LABEL_PT,
            color=TEXT_GREY,
            linespacing=0.95,
            zorder=5,
            # Binned, the strip's marks run the whole width: keep the words legible on them.
            **({"bbox": {"facecolor": "#f4f4f4", "edgecolor": "none", "pad": 1}} if binned else {}),
        )
        handles.append(_legend_handle(TEXT_GREY, "o", "Size not reported", hollow=True))
    if not binned and known["crowd_open"].fillna(False).any():
        handles.append(
            Line2D([], [], color=TEXT_GREY, marker="^", linestyle="-", label="No upper bound given")
        )
    if not binned and known["disputed"].fillna(False).any():
        handles.append(Line2D([], [], color=TEXT_GREY, linestyle="--", label="Sources disagree"))

    _crowd_y_axis(ax, lo, hi, log)
    ax.set_ylabel("People (reported)")
    ax._la_legend_handles = handles  # combined_figure gathers these for one figure legend
    ax._la_binned = len(drawable) if binned else 0
    note = f"{len(drawable):,} demonstrations binned by day" if binned else None
    if legend:
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncol=3,
            fontsize=LABEL_PT,
            borderaxespad=0,
            handlelength=1.4,
            # Binned: the note heads the legend (a note beside it could overlap it).
            **_note_title(note),
        )
    elif note:
        binned_note(ax, note)

    if binned:
        if label_top and stats is not None:
            _label_crowd_peaks(ax, known, stats, total_segments, label_top)
    elif label_top and len(known):
        top = (
            known.assign(_x=x[known.index])
            .sort_values(["crowd_high", "crowd_low"], ascending=False)
            .head(label_top)
        )
        specs = [
            LabelSpec(
                r["_x"],
                float(r["crowd_mid"]),
                _crowd_label(r),
                color="#222222",
                priority=float(r["crowd_high"]),
            )
            for _, r in top.iterrows()
        ]

        def obstacles() -> np.ndarray:
            boxes = [
                mark_boxes(
                    ax, list(zip(x[known.index], known["crowd_mid"].astype(float), strict=True))
                ),
                range_boxes(
                    ax,
                    x[known.index],
                    known["crowd_low"].astype(float),
                    known["crowd_high"].astype(float),
                ),
            ]
            if total_segments is not None:
                boxes.append(segment_boxes(ax, *total_segments))
            return np.vstack(boxes)

        place_labels(ax, specs, obstacles=obstacles)


def _spread(when: pd.Series, n: int) -> list[int]:
    """Positions of the first ``n`` of ``when`` (ranked best first) at least a third of their
    period apart, so that labels spread over the chart instead of piling up on one week."""
    values = pd.to_datetime(when).reset_index(drop=True)
    apart = max((values.max() - values.min()) / 3, pd.Timedelta(days=1))
    chosen: list[int] = []
    for i, t in enumerate(values):
        if all(abs(t - values[j]) >= apart for j in chosen):
            chosen.append(i)
            if len(chosen) == n:
                break
    return chosen


def _label_crowd_peaks(ax, known, stats, total_segments, label_top) -> None:
    """Binned: label at most :data:`MAX_BINNED_LABELS` peaks, spread over the period.

    The peaks are the largest daily (or weekly) totals where totals are drawn: among thousands
    of demonstrations many share the largest reported figure, so naming a few says little.
    Without totals, the largest demonstrations are named at the top of their day's range.
    """
    label_top = min(label_top, MAX_BINNED_LABELS)
    specs: list[LabelSpec] = []
    if total_segments is not None:
        starts, ends, values = total_segments
        centre = pd.Series(starts + (ends - starts) / 2)
        weekly = bool(len(centre)) and (ends[0] - starts[0]) > pd.Timedelta(days=1)
        order = np.argsort(-values, kind="stable")[: label_top * 50]
        for i in (order[k] for k in _spread(centre.iloc[order], label_top)):
            when = centre.iloc[i]
            day = (when - pd.Timedelta(days=3)) if weekly else when
            prefix = f"Week of {format_day(day)}" if weekly else format_day(day)
            specs.append(
                LabelSpec(
                    when,
                    float(values[i]),
                    f"{prefix}: {format_count(values[i])} in all",
                    color="#222222",
                    priority=float(values[i]),
                    halo=True,
                )
            )
    else:
        day = mark_days(known)
        # Largest first (high figure, then low; ties in data order), the best of each day.
        order = np.lexsort(
            (-known["crowd_low"].to_numpy(dtype=float), -known["crowd_high"].to_numpy(dtype=float))
        )
        _days, first = np.unique(day.to_numpy()[order], return_index=True)
        best = order[np.sort(first)][: label_top * 50]  # bounded: enough to find spread-out days
        ranked = known.iloc[best].assign(_day=day.iloc[best].to_numpy())
        for k in _spread(ranked["_day"], label_top):
            r = ranked.iloc[k]
            specs.append(
                LabelSpec(
                    r["_day"],
                    float(r["crowd_high"]),
                    _crowd_label(r),
                    color="#222222",
                    priority=float(r["crowd_high"]),
                    halo=True,
                )
            )

    def obstacles() -> np.ndarray:
        boxes = [
            mark_boxes(ax, list(zip(stats.index, stats["mid"], strict=True)), size_pt=4),
            range_boxes(ax, stats.index, stats["low"], stats["high"], width_pt=2),
        ]
        if total_segments is not None:
            boxes.append(segment_boxes(ax, *total_segments))
        return np.vstack(boxes)

    place_labels(ax, specs, obstacles=obstacles, in_layout=False)


def _draw_crowd_events(ax, drawable, known, unknown, strip, log, has, handles) -> pd.Series:
    """One mark per demonstration (the curated data and small selections); returns their x."""
    x = dodge_positions(drawable)
    types = [t for t in EVENT_TYPE_STYLE if (drawable["event_type"].astype(str) == t).any()]
    types += sorted(set(drawable["event_type"].astype(str)) - set(types))
    for event_type in types:
        color, marker, _symbol, label = event_type_style(event_type)
        rows = drawable["event_type"].astype(str) == event_type
        sub = known[rows[has].to_numpy(dtype=bool)] if len(known) else known
        if len(sub):
            xs = x[sub.index]
            disputed = sub["disputed"].fillna(False).to_numpy(dtype=bool)
            lows = sub["crowd_low"].to_numpy(dtype=float)
            highs = sub["crowd_high"].to_numpy(dtype=float)
            for dashed in (False, True):
                pick = disputed == dashed
                if pick.any():
                    ax.vlines(
                        xs[pick],
                        lows[pick],
                        highs[pick],
                        colors=color,
                        linewidth=2.2,
                        alpha=0.85,
                        linestyles="--" if dashed else "-",
                        zorder=3,
                        label=f"{event_type} range",
                    )
            week = precision_is(sub, "week")
            if week.any():
                starts = sub["date"][week]
                ax.hlines(
                    sub["crowd_mid"].to_numpy(dtype=float)[week],
                    starts,
                    starts + pd.Timedelta(days=6),
                    colors=color,
                    linewidth=1.2,
                    alpha=0.6,
                    zorder=2,
                    label=f"{event_type} week",
                )
            ax.scatter(
                xs,
                sub["crowd_mid"].to_numpy(dtype=float),
                marker=marker,
                s=46,
                color=color,
                edgecolors="white",
                linewidths=0.8,
                zorder=4,
                label=label,
            )
            for xi, low, is_open in zip(xs, lows, sub["crowd_open"].fillna(False), strict=True):
                if is_open:
                    ax.annotate(
                        "",
                        xy=(xi, low * (1.6 if log else 1.12)),
                        xytext=(xi, low),
                        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.4},
                        zorder=3,
                    )
        unk = unknown[(unknown["event_type"].astype(str) == event_type).to_numpy(dtype=bool)]
        if len(unk):
            # One hollow mark per day and type, with the number of events when more than one:
            # a row of overlapping circles cannot be counted.
            trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
            days = unk["date"].dt.normalize()
            groups = x[unk.index].groupby(days.to_numpy())
            where = groups.mean()
            counts = groups.size()
            ax.scatter(
                list(where),
                np.full(len(where), strip / 2),
                marker=marker,
                s=40,
                facecolors="white",
                edgecolors=color,
                linewidths=1.2,
                zorder=4,
                transform=trans,
                clip_on=False,
                label=f"{label} (size not reported)",
            )
            for when, n in zip(where, counts, strict=True):
                if n > 1:
                    ax.annotate(
                        f"\u00d7{n}",
                        xy=(mdates.date2num(when), strip / 2),
                        xycoords=trans,
                        xytext=(6, 0),
                        textcoords="offset points",
                        ha="left",
                        va="center",
                        fontsize=LABEL_PT,
                        color=color,
                        zorder=5,
                    )
        handles.append(_legend_handle(color, marker, label))
    return x


def _draw_crowd_bins(ax, known, unknown, strip, handles) -> pd.DataFrame | None:
    """One mark per day for many demonstrations: median midpoint, range of the day's figures.

    The same bins as the interactive chart (:func:`analysis.prep.binning.crowd_day_stats`); event
    types are not told apart, since thousands of coloured marks a day cannot be.
    """
    stats = None
    if len(known):
        stats = crowd_day_stats(known, mark_days(known))
        ax.vlines(
            stats.index,
            stats["low"].to_numpy(dtype=float),
            stats["high"].to_numpy(dtype=float),
            colors=BINNED_COLOR,
            linewidth=0.9,
            alpha=0.45,
            zorder=3,
            label="daily range",
        )
        ax.scatter(
            stats.index,
            stats["mid"].to_numpy(dtype=float),
            marker="o",
            s=9,
            color=BINNED_COLOR,
            linewidths=0,
            zorder=4,
            label="daily median",
        )
        handles.append(
            Line2D(
                [],
                [],
                color=BINNED_COLOR,
                marker="o",
                markersize=3.5,
                linewidth=1.2,
                label="Median and range per day",
            )
        )
    if len(unknown):
        days = mark_days(unknown).value_counts().sort_index()
        trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
        ax.scatter(
            days.index,
            np.full(len(days), strip / 2),
            marker="o",
            s=12,
            facecolors="white",
            edgecolors=TEXT_GREY,
            linewidths=0.7,
            zorder=4,
            transform=trans,
            clip_on=False,
            label="size not reported (per day)",
        )
    return stats


def _crowd_label(row: pd.Series) -> str:
    place = row.get("city") if isinstance(row.get("city"), str) else row.get("location")
    place = shorten(place, 18) if isinstance(place, str) else shorten(row["title"], 18)
    figure = format_range(row["crowd_low"], row["crowd_high"], open_ended=bool(row["crowd_open"]))
    suffix = " (disputed)" if bool(row["disputed"]) else ""
    return f"{place} · {figure}{suffix}"


def _crowd_y_axis(ax: Axes, lo: float, hi: float, log: bool) -> None:
    if log:
        ticks = [10.0**k for k in range(int(np.log10(lo)), int(np.ceil(np.log10(hi))) + 1)]
    else:
        ticks = [
            t
            for t in mticker.MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
            if lo <= t <= hi
        ]
    ax.yaxis.set_major_locator(mticker.FixedLocator(ticks))
    ax.yaxis.set_minor_locator(mticker.NullLocator())
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(_thousands))


# --- arrests -------------------------------------------------------------------------------


def arrests_plot(
    data: pd.DataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    time_axis: TimeAxisArg = "auto",
    max_gap_days: int = 14,
    label_values: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw protester arrests and immigration arrests per day as two separate, labelled series.

    Protesters arrested (circles) and people detained by immigration agents (squares) are
    never added together. A day where the sources disagree shows both figures joined by a
    dashed line ("5–8, disputed"). Days without a reported figure have no mark; a figure that
    covers several days is drawn as a line across them.

    Parameters
    ----------
    data
        The (selected) events frame; only events that occurred count.
    sources
        Sources frame, for publisher names; defaults to ``load_sources()``.
    scopes
        Scopes to keep (default local and regional); None keeps all.
    time_axis, max_gap_days
        As in :func:`crowd_plot`.
    label_values
        Write each figure next to its mark; the largest of each series also names the series.
    ax
        Axes to draw into; defaults to the current Axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    sel = _scoped(data, scopes)
    figures = _columns(aggregate.event_figures(sel, sources=sources), ARREST_COLUMNS)
    return _arrests_panel(
        ax, figures, time_axis=time_axis, max_gap_days=max_gap_days, label_values=label_values
    )


def _arrests_panel(ax, figures, *, time_axis, max_gap_days, label_values) -> Axes:
    """:func:`arrests_plot` from :func:`analysis.prep.aggregate.event_figures` rows."""
    dated = figures[aggregate.is_arrest_event(figures) & ~precision_is(figures, "month")]
    if dated.empty:
        return _empty(ax, "No arrest figures reported in this selection", time_axis)
    ta = _time_axis(time_axis, dated, max_gap_days)
    with house_style():
        style_axes(ax)
        binned = len(dated) if len(dated) > binning.MAX_MARKS else 0
        _draw_arrests(ax, dated, ta, label_values=label_values, binned=binned)
    return ax


@dataclass(frozen=True)
class _Mark:
    x: pd.Timestamp
    low: float
    high: float
    disputed: bool
    span_end: pd.Timestamp | None


def _arrest_marks(dated: pd.DataFrame, measure: str, shift_days: float) -> list[_Mark]:
    rows = dated[dated[f"{measure}_low"].notna().to_numpy(dtype=bool)]
    if rows.empty:
        return []
    period, _excluded = aggregate.assign_period(rows, "D")
    marks: list[_Mark] = []
    single = rows[period.notna().to_numpy(dtype=bool)]
    if len(single):
        g = single.assign(_day=period.dropna()).groupby("_day")
        lows = g[f"{measure}_low"].sum(min_count=1)
        highs = g[f"{measure}_high"].sum(min_count=1)
        disputed = g["disputed"].any()
        for day in lows.index:
            marks.append(
                _Mark(
                    day + pd.Timedelta(days=shift_days),
                    float(lows[day]),
                    float(highs[day]),
                    bool(disputed[day]),
                    None,
                )
            )
    spans = rows[period.isna().to_numpy(dtype=bool)]
    for (_, r), end in zip(spans.iterrows(), period_end(spans), strict=True):
        start = r["date"]
        marks.append(
            _Mark(
                start + (end - start) / 2,
                float(r[f"{measure}_low"]),
                float(r[f"{measure}_high"]),
                bool(r["disputed"]),
                end,
            )
        )
    return marks


def _arrest_days(dated: pd.DataFrame, measure: str, shift_days: float) -> list[_Mark]:
    """Binned: one mark per day with the day's sums; figures over several days on their first.

    The same bins as the interactive chart (:func:`analysis.prep.binning.figure_day_stats`).
    """
    rows = dated[dated[f"{measure}_low"].notna().to_numpy(dtype=bool)]
    if rows.empty:
        return []
    stats = figure_day_stats(rows, measure, figure_days(rows))
    shift = pd.Timedelta(days=shift_days)
    return [
        _Mark(day + shift, low, high, disputed, None)
        for day, low, high, disputed in zip(
            stats.index,
            stats["low"].to_numpy(dtype=float),
            stats["high"].to_numpy(dtype=float),
            stats["disputed"].to_numpy(dtype=bool),
            strict=True,
        )
    ]


def _draw_arrests(
    ax: Axes, dated: pd.DataFrame, ta: TimeAxis, *, label_values: bool, binned: int
) -> None:
    """Draw both arrest series; ``binned`` is the number of events binned by day (0: none)."""
    ta.apply(ax)
    specs: list[LabelSpec] = []
    points: list[tuple[object, float]] = []
    top = 0.0
    for kind, measure, shift in (
        ("protesters", "arrests", -0.18),
        ("immigration", "immigration", 0.18),
    ):
        color, marker, _symbol, label = ARREST_STYLE[kind]
        marks = (_arrest_days if binned else _arrest_marks)(dated, measure, shift)
        if not marks:
            continue
        xs = [m.x for m in marks]
        # One collection per kind of line, not one per mark: thousands of collections make
        # drawing and saving slow. Lines of one colour look the same in any order.
        spans = [m for m in marks if m.span_end is not None]
        if spans:
            ax.hlines(
                [m.high for m in spans],
                [m.x - (m.span_end - m.x) for m in spans],
                [m.span_end for m in spans],
                colors=color,
                linewidth=1.4,
                alpha=0.7,
            )
        for dashed in (False, True):
            ranged = [m for m in marks if m.high != m.low and m.disputed == dashed]
            if ranged:
                ax.vlines(
                    [m.x for m in ranged],
                    [m.low for m in ranged],
                    [m.high for m in ranged],
                    colors=color,
                    linewidth=0.9 if binned else 1.8,
                    linestyles="--" if dashed and not binned else "-",
                    zorder=3,
                )
        lows = [m.low for m in marks]
        highs = [m.high for m in marks]
        ax.scatter(
            xs if binned else xs + xs,
            highs if binned else lows + highs,
            marker=marker,
            s=10 if binned else 44,
            color=color,
            edgecolors="white",
            linewidths=0 if binned else 0.8,
            zorder=4,
            label=label,
        )
        points += list(zip(xs, highs, strict=True)) + list(zip(xs, lows, strict=True))
        top = max(top, max(highs))
        peak = max(range(len(marks)), key=lambda i: (marks[i].high, -i))
        if label_values:
            # Label the largest figures only: a value beside every one of hundreds of marks
            # cannot be read (and would take minutes to place); binned, only the peak day.
            largest = sorted(range(len(marks)), key=lambda i: (-marks[i].high, i))
            n_labels = 1 if binned else MAX_VALUE_LABELS if len(marks) <= MANY_MARKS else 3
            for i in sorted(largest[:n_labels]):
                m = marks[i]
                figure = format_range(m.low, m.high)
                text = f"{figure} {label.lower()}" if i == peak else figure
                if binned:
                    text += f" on {format_day(m.x.round('D'))}"
                elif m.disputed:
                    text += " (sources differ)"
                specs.append(
                    LabelSpec(
                        m.x,
                        m.high,
                        text,
                        color=color,
                        priority=m.high + (1e6 if i == peak else 0),
                        halo=bool(binned) or len(marks) > MANY_MARKS,
                    )
                )
    ax.set_ylim(0, max(top * 1.3, 4))
    ax.yaxis.set_major_locator(mticker.MaxNLocator(4, integer=True))
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(_thousands))
    ax.set_ylabel("People arrested")
    ax._la_legend_handles = [
        _legend_handle(ARREST_STYLE[k][0], ARREST_STYLE[k][1], ARREST_STYLE[k][3])
        for k in ARREST_STYLE
    ]
    ax._la_binned = binned
    if binned:
        binned_note(ax, f"{binned:,} events binned by day")
    if specs:
        place_labels(ax, specs, obstacles=lambda: mark_boxes(ax, points))


# --- official responses --------------------------------------------------------------------


def responses_plot(
    data: pd.DataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = None,
    time_axis: TimeAxisArg = "auto",
    max_gap_days: int = 14,
    label: Callable[[pd.Series], str] = response_label,
    ax: Axes | None = None,
) -> Axes:
    """Draw official responses as a swimlane timeline: one lane per level of government.

    Lanes run top to bottom federal, state, county, city, police (always all five: an empty
    lane says no response at that level was reported). Each response is a mark labelled with
    who responded and what they did; announced responses are hollow. Labels that would overlap
    stack in extra rows of their lane, so give the Axes enough height: about
    :data:`LANE_ROW_IN` inches per row of :func:`layout_lanes` (``combined_figure`` does this).

    Parameters
    ----------
    data
        The (selected) events frame; responses are rows of ``schema.RESPONSE_EVENT_TYPES``
        with a ``response_level``. Rows dated only to a month are left out (no day to put
        them on).
    sources
        Sources frame, for publisher names; defaults to ``load_sources()``.
    scopes
        Scopes to keep; None (default) keeps national responses such as White House orders.
    time_axis, max_gap_days
        As in :func:`crowd_plot`.
    label
        Function of an :func:`analysis.prep.aggregate.event_figures` row returning the label.
    ax
        Axes to draw into; defaults to the current Axes.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _get_ax(ax)
    sel = _scoped(data, scopes)
    responses = aggregate.response_events(sel, sources=sources)
    return _responses_panel(
        ax, responses, time_axis=time_axis, max_gap_days=max_gap_days, label=label
    )


def _responses_panel(ax, responses, *, time_axis, max_gap_days, label) -> Axes:
    """:func:`responses_plot` from :func:`analysis.prep.aggregate.response_events` rows."""
    if len(responses) > binning.MAX_MARKS:  # no labels drawn: the label's columns are not needed
        responses = _columns(responses, RESPONSE_COLUMNS)
    responses, month_only = split_month_dated(responses)
    if responses.empty:
        return _empty(ax, no_responses_message(month_only), time_axis)
    ta = _time_axis(time_axis, responses, max_gap_days)
    with house_style():
        style_axes(ax, grid_axis=None)
        ta.apply(ax)
        if len(responses) > binning.MAX_MARKS:
            _draw_lane_bins(ax, responses)
        else:
            width_in = ax.get_position().width * ax.figure.get_figwidth()
            layout = layout_lanes(responses, ta, width_in=width_in, label=label)
            _draw_lanes(ax, responses, layout)
    return ax


def responses_height_in(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = None,
    width_in: float = ARTICLE_WIDTH_IN,
    max_gap_days: int = 14,
) -> float:
    """Height (inches) an Axes needs for :func:`responses_plot` so its labels do not collide.

    Make the figure for the swimlanes with this height (plus room for titles), e.g.
    ``plt.subplots(figsize=(6.4, responses_height_in(events) + 0.6))``.
    """
    responses, _month_only = split_month_dated(
        aggregate.response_events(_scoped(data, scopes), sources=sources)
    )
    if responses.empty:
        return LANE_ROW_IN * 5
    if len(responses) > binning.MAX_MARKS:  # binned: one row per lane
        return LANE_ROW_IN * (len(RESPONSE_LEVEL_STYLE) + LANE_FOOT) + 0.1
    ta = TimeAxis.for_events(responses, max_gap_days=max_gap_days)
    rows = layout_lanes(responses, ta, width_in=width_in - 1.05).rows
    return LANE_ROW_IN * (rows + LANE_FOOT) + 0.1


def _draw_lanes(ax: Axes, responses: pd.DataFrame, layout: LaneLayout) -> None:
    # A little room under the lowest lane keeps its labels clear of the axis break marks.
    ax.set_ylim(-LANE_FOOT, layout.rows)
    centers, names = [], []
    for level, (bottom, top) in layout.lanes.items():
        color, marker, _symbol, name = RESPONSE_LEVEL_STYLE[level]
        centers.append((bottom + top) / 2)
        names.append(name)
        if bottom > 0:
            ax.axhline(bottom, color="#cccccc", linewidth=0.7, zorder=0)
        lane = responses[(responses["response_level"].astype(str) == level).to_numpy(bool)]
        if lane.empty:
            continue
        announced = (lane["status"].astype("string") == "announced").fillna(False)
        week = precision_is(lane, "week")
        xs = list(lane["date"] + pd.to_timedelta(np.where(week, 3.0, 0.0), unit="D"))
        ys = [layout.y[k] for k in lane.index]
        face = [("white" if a else color) for a in announced]
        ax.scatter(
            xs,
            ys,
            marker=marker,
            s=42,
            facecolors=face,
            edgecolors=color,
            linewidths=1.2,
            zorder=4,
            label=name,
            clip_on=False,
        )
        if week.any():
            ax.hlines(
                np.asarray(ys)[week],
                lane["date"][week],
                lane["date"][week] + pd.Timedelta(days=6),
                colors=color,
                linewidth=1.0,
                alpha=0.5,
                zorder=2,
            )
        for key, x, y in zip(lane.index, xs, ys, strict=True):
            if key not in layout.labels:
                continue
            right = layout.side[key] == "right"
            ax.annotate(
                mpl_text(layout.labels[key]),
                xy=(x, y),
                xytext=(6 if right else -6, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=LABEL_PT,
                color="#222222",
                zorder=5,
                annotation_clip=False,
            )
    if not layout.labels:
        ax.text(
            1,
            1.01,
            f"{len(responses):,} responses: too many to label; choose a shorter period",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=LABEL_PT,
            color=TEXT_GREY,
        )
    _lane_names(ax, centers, names)


def _lane_names(ax: Axes, centers: list[float], names: list[str]) -> None:
    """Name the lanes on the y axis, bold, in their level's colour."""
    ax.yaxis.set_major_locator(mticker.FixedLocator(centers))
    ax.yaxis.set_major_formatter(mticker.FixedFormatter(names))
    ax.tick_params(axis="y", length=0, labelsize=LABEL_PT)
    for tick, level in zip(ax.get_yticklabels(), RESPONSE_LEVEL_STYLE, strict=False):
        tick.set_fontweight("bold")
        tick.set_color(RESPONSE_LEVEL_STYLE[level][0] if level != "police" else "#222222")
    ax._la_legend_handles = []


def _draw_lane_bins(ax: Axes, responses: pd.DataFrame) -> None:
    """Binned swimlanes: one mark per day and level, its area in proportion to the count.

    The same bins as the interactive chart; no labels (who responded is in the event table).
    """
    levels = list(RESPONSE_LEVEL_STYLE)
    ax.set_ylim(-LANE_FOOT, len(levels))
    level_of = responses["response_level"].astype(str).to_numpy()
    day = mark_days(responses).to_numpy()
    counts_of = {level: pd.Series(day[level_of == level]).value_counts() for level in levels}
    busiest = max((int(c.max()) for c in counts_of.values() if len(c)), default=1)
    centers, names = [], []
    for i, level in enumerate(levels):
        color, marker, _symbol, name = RESPONSE_LEVEL_STYLE[level]
        bottom = float(len(levels) - 1 - i)
        centers.append(bottom + 0.5)
        names.append(name)
        if bottom > 0:
            ax.axhline(bottom, color="#cccccc", linewidth=0.7, zorder=0)
        counts = counts_of[level].sort_index()
        if counts.empty:
            continue
        # Area in proportion to the count, the busiest day and level of the chart largest:
        # at hundreds a day an absolute scale would give every mark the largest size.
        area = BINNED_LANE_PT**2 * counts.to_numpy(dtype=float) / busiest
        ax.scatter(
            counts.index,
            np.full(len(counts), bottom + 0.5),
            marker=marker,
            s=np.maximum(area, 2.0**2),
            color=color,
            alpha=0.55,
            linewidths=0,
            zorder=4,
            label=name,
            clip_on=False,
        )
    binned_note(ax, f"{len(responses):,} responses binned by day (mark size: count)")
    ax._la_binned = len(responses)
    _lane_names(ax, centers, names)


# --- the combined figure -------------------------------------------------------------------


def combined_figure(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    layout: str = "auto",
    max_gap_days: int = 14,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    response_scopes: Iterable[str] | str | None = None,
    log: bool | None = None,
    total: str | None = "D",
    width_in: float = ARTICLE_WIDTH_IN,
    label_top: int = 4,
) -> Figure:
    """Stack crowd sizes, arrests and official responses on one shared time axis.

    The main chart of every report. When the events come in bursts separated by long gaps
    (``layout="auto"``), the axis is cut into one segment per episode, each as wide as its
    span allows (with a minimum), with ``//`` marks where months are cut out.

    Parameters
    ----------
    data
        The (selected) events frame.
    sources
        Sources frame, for publisher names; defaults to ``load_sources()``.
    layout
        "auto", "episodes" or "continuous" (see :meth:`TimeAxis.for_events`).
    max_gap_days
        Gap that separates episodes.
    scopes
        Scopes for the crowd and arrest panels (default local and regional).
    response_scopes
        Scopes for the responses panel (default all, so national orders show).
    log, total, label_top
        As in :func:`crowd_plot`.
    width_in
        Figure width in inches (6.4 = 640 px, the article width the layout is made for).

    Returns
    -------
    matplotlib.figure.Figure
        A new figure (not shown, not saved); export it with
        :func:`analysis.publish.export.export_chart`.
    """
    # What aggregate.chart_rows gives, computed once per panel and handed to the panels
    # (without concatenating every column of every panel's rows, slow at a million rows).
    local = _scoped(data, scopes)
    wide = _scoped(data, response_scopes)
    crowd_ev = _crowd_rows(local, sources)
    figures = _columns(aggregate.event_figures(local, sources=sources), ARREST_COLUMNS)
    responses = aggregate.response_events(wide, sources=sources)
    arrest_rows = figures[aggregate.is_arrest_event(figures)]
    axis_rows, _month_only = split_month_dated(
        pd.concat([f[list(_AXIS_COLUMNS)] for f in (crowd_ev, arrest_rows, responses)])
    )
    if axis_rows.empty:
        raise ParameterError("no dated demonstrations, arrests or responses in this selection")
    ta = TimeAxis.for_events(axis_rows, layout=layout, max_gap_days=max_gap_days)
    plot_w = width_in - 1.05  # y labels and lane names
    lane_rows = 5  # binned (or no responses): one row per lane
    month = precision_is(responses, "month")
    if 0 < int((~month).sum()) <= binning.MAX_MARKS:  # else binned: no copy
        resp_ev = split_month_dated(responses)[0]
        lane_rows = layout_lanes(resp_ev, ta, width_in=plot_w).rows
    lane_rows = max(lane_rows, 5)
    crowd_types = split_month_dated(crowd_ev)[0]["event_type"]
    if len(crowd_types) > binning.MAX_MARKS:
        legend_rows = 1  # binned: daily total, per-day marks, size not reported
    else:
        legend_rows = -(-(crowd_types.astype(str).nunique() + 4) // 3)
    heights = [2.5, 1.5, LANE_ROW_IN * (lane_rows + LANE_FOOT) + 0.1, 0.2 * legend_rows + 0.05]
    with house_style():
        fig = plt.figure(figsize=(width_in, sum(heights) + 1.0), layout="constrained")
        grid = fig.add_gridspec(4, 1, height_ratios=heights)
        top = fig.add_subplot(grid[0])
        axes = [top, fig.add_subplot(grid[1], sharex=top), fig.add_subplot(grid[2], sharex=top)]
        legend_ax = fig.add_subplot(grid[3])
        legend_ax.axis("off")
        _crowd_panel(
            axes[0],
            local,
            crowd_ev,
            sources=sources,
            log=log,
            total=total,
            time_axis=ta,
            max_gap_days=max_gap_days,
            label_top=label_top,
            legend=False,
        )
        _arrests_panel(axes[1], figures, time_axis=ta, max_gap_days=max_gap_days, label_values=True)
        _responses_panel(
            axes[2], responses, time_axis=ta, max_gap_days=max_gap_days, label=response_label
        )
        for ax in axes[:-1]:
            ax.tick_params(axis="x", labelbottom=False)
        if ta.broken:
            ta.label_segments(axes[0], y=1.02)
        axes[0].set_title("Crowd size", loc="left", pad=18 if ta.broken else 6)
        axes[1].set_title("Arrests", loc="left")
        axes[2].set_title("Official responses", loc="left")
        handles = getattr(axes[0], "_la_legend_handles", [])
        if handles:
            legend_ax.legend(
                handles=handles,
                loc="center",
                ncol=3,
                fontsize=LABEL_PT,
                handlelength=1.4,
                columnspacing=1.2,
                borderaxespad=0,
            )
        fig.align_ylabels(axes)
    alt = combined_alt(  # each panel's description says whether that panel is binned
        data, sources=sources, scopes=scopes, response_scopes=response_scopes, time_axis=ta
    )
    return attach_alt_text(fig, alt)
