"""Interactive charts for reports (plotly): crowd sizes, arrests, official responses, combined.

The same charts as :mod:`analysis.charts.static`, with hover boxes giving the date, the place,
each figure in the source's own words and the publisher. Every piece of text that comes from
the CSVs passes through :func:`esc` (``html.escape``) before it reaches a hover box, a label or
a title, so markup in a note can never run in a report. Long quiet periods are cut out with
plotly range breaks, one window per episode (short episodes get extra room around them).
Every function returns a ``plotly.graph_objects.Figure``; export it with
:func:`analysis.publish.export.export_interactive`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.style import (
    ARREST_STYLE,
    ARTICLE_WIDTH_IN,
    EVENT_TYPE_STYLE,
    RESPONSE_LEVEL_STYLE,
    TEXT_GREY,
    event_type_style,
)
from analysis.errors import ParameterError
from analysis.fmt import format_count, format_day, format_day_range, format_range, shorten
from analysis.prep import aggregate
from analysis.prep.aggregate import LOCAL_SCOPES
from analysis.prep.binning import (
    MAX_MARKS,
    crowd_day_stats,
    figure_day_stats,
    figure_days,
    mark_days,
)
from analysis.prep.episodes import find_episodes, has_long_gaps
from analysis.prep.layout import (
    dodge_positions,
    layout_lanes,
    mark_date,
    no_responses_message,
    split_month_dated,
)
from analysis.prep.select import precision_is, select_events
from analysis.prep.timeaxis import TimeAxis

#: Font for every interactive chart (12 px reads like the 9 pt of the static charts).
FONT = {"family": "DejaVu Sans, Verdana, Arial, sans-serif", "size": 12, "color": "#222222"}
#: Pixel heights of the panels.
CROWD_PX, STRIP_PX, ARRESTS_PX, LANE_ROW_PX = 300, 46, 190, 24
#: Smallest share of the x axis one episode window gets.
MIN_WINDOW_SHARE = 0.2
_TOTAL_COLOR = "#7a7a7a"
#: A day's hover box in a binned or per-day panel names at most this many events.
MAX_HOVER_EVENTS = 5


def esc(value: object) -> str:
    """Escape text from the data for plotly's HTML-like labels; NA becomes ""."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


# --- time windows --------------------------------------------------------------------------


def time_windows(
    rows: pd.DataFrame, *, layout: str = "auto", max_gap_days: int = 14, pad_days: float = 0.75
) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Visible date windows: one per episode (when gaps are long) or one for the whole span.

    Windows shorter than :data:`MIN_WINDOW_SHARE` of the total are widened evenly around
    their episode, so a two-day burst is not a sliver beside a fortnight.
    """
    if layout not in ("auto", "episodes", "continuous"):
        raise ParameterError(
            f"layout: {layout!r} is not a layout; valid values: 'auto', 'episodes', 'continuous'"
        )
    episodes = find_episodes(rows, max_gap_days=max_gap_days)
    if not episodes:
        raise ParameterError("no dated events to draw: the selection is empty")
    pad = pd.Timedelta(days=pad_days)
    if layout == "continuous" or (layout == "auto" and not has_long_gaps(episodes)):
        return [(episodes[0].start - pad, episodes[-1].end + pad)]
    spans = [(e.end - e.start) / pd.Timedelta(days=1) + 2 * pad_days for e in episodes]
    floor = min(MIN_WINDOW_SHARE, 1 / len(episodes)) * sum(spans)
    windows = []
    for e, span in zip(episodes, spans, strict=True):
        extra = pd.Timedelta(days=max(0.0, floor - span) / 2)
        windows.append((e.start - pad - extra, e.end + pad + extra))
    merged = [windows[0]]
    for a, b in windows[1:]:
        if a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _apply_windows(fig: go.Figure, windows: list[tuple[pd.Timestamp, pd.Timestamp]]) -> None:
    """Cut the gaps between windows out of every x axis, tick each window, mark each cut."""
    breaks = [
        {"bounds": [b.isoformat(), a.isoformat()]} for (_, b), (a, _) in itertools.pairwise(windows)
    ]
    tickvals, ticktext = window_ticks(windows)
    fig.update_xaxes(
        range=[windows[0][0].isoformat(), windows[-1][1].isoformat()],
        rangebreaks=breaks,
        showgrid=False,
        tickvals=tickvals,
        ticktext=ticktext,
        linecolor="#555555",
        ticks="outside",
    )
    for (_, end), (start, _) in itertools.pairwise(windows):
        # The cut has no width on screen: mark it at the end of the window before it.
        fig.add_vline(
            x=end.isoformat(), line={"color": "#bbbbbb", "width": 1, "dash": "dot"}, layer="below"
        )
        fig.add_annotation(
            x=end.isoformat(),
            y=1,
            xref="x",
            yref="paper",
            text="//",
            showarrow=False,
            yanchor="bottom",
            font={"color": TEXT_GREY},
            hovertext=esc(f"{format_day(end)} to {format_day(start)} left out: nothing dated"),
        )


def window_ticks(
    windows: list[tuple[pd.Timestamp, pd.Timestamp]], *, width_px: int = 700
) -> tuple[list[str], list[str]]:
    """Whole-day ticks inside each window, as many as its width allows at ``width_px``.

    Returns ISO dates and labels ("6 Jun", with the year under each window's first tick).
    """
    total = sum((b - a) / pd.Timedelta(days=1) for a, b in windows)
    values: list[str] = []
    labels: list[str] = []
    for a, b in windows:
        share = (b - a) / pd.Timedelta(days=1) / total
        room = max(1, int(share * width_px // 70))
        first, last = a.ceil("D"), b.floor("D")
        days = (last - first).days + 1
        step = next((s for s in (1, 2, 3, 7, 14, 28, 91, 182, 364) if -(-days // s) <= room), 364)
        for i, day in enumerate(pd.date_range(first, last, freq=f"{step}D")):
            values.append(day.isoformat())
            labels.append(f"{day.day} {day:%b}" + (f"<br>{day:%Y}" if i == 0 else ""))
    return values, labels


def _window_axis(windows: list[tuple[pd.Timestamp, pd.Timestamp]]) -> TimeAxis:
    """A TimeAxis with the same proportions as the plotly windows (for label packing)."""
    widths = tuple((b - a) / pd.Timedelta(days=1) for a, b in windows)
    return TimeAxis(tuple(a for a, _ in windows), tuple(b for _, b in windows), widths, 1e-6)


# --- shared pieces -------------------------------------------------------------------------


def _scoped(data: pd.DataFrame, scopes: Iterable[str] | str | None) -> pd.DataFrame:
    if data is None:
        raise ParameterError("data: pass the events frame (analysis.data.load.load_events())")
    return data if scopes is None else select_events(data, scopes=scopes)


def _place(row: pd.Series) -> str:
    parts = [row.get("location"), row.get("city")]
    return ", ".join(esc(p) for p in parts if isinstance(p, str) and p) or "place not given"


def _wordings(wording: object) -> str:
    if not isinstance(wording, str):
        return ""
    return "<br>".join("&nbsp;&nbsp;" + esc(w) for w in wording.split(" | "))


def _hover(row: pd.Series, figure_lines: list[str]) -> str:
    when = (
        f"week of {format_day(row['date'])}"
        if str(row.get("date_precision")) == "week"
        else format_day(row["date"])
    )
    if pd.notna(row.get("date_end")) and row["date_end"] != row["date"]:
        when = format_day_range(row["date"], row["date_end"])
    lines = [f"<b>{esc(shorten(row['title'], 90))}</b>", esc(when), _place(row), *figure_lines]
    if bool(row.get("disputed")):
        lines.append("<i>Sources disagree; the range spans their figures.</i>")
    lines.append("Source: " + esc(", ".join(aggregate.split_cell(row.get("publishers")))))
    notes = row.get("notes")
    if isinstance(notes, str) and notes:
        lines.append(f"<span style='font-size:11px'>{esc(shorten(notes, 160))}</span>")
    return "<br>".join(lines)


def _style(fig: go.Figure, *, height: int, title: str | None) -> go.Figure:
    fig.update_layout(
        height=height,
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        hoverlabel={"bgcolor": "white", "font": {"size": 12}, "align": "left"},
        margin={"l": 70, "r": 20, "t": 70 if title else 40, "b": 50},
        legend={"orientation": "h", "yanchor": "top", "y": -0.06, "x": 0},
        title={"text": esc(title), "x": 0, "xanchor": "left"} if title else None,
    )
    fig.update_yaxes(gridcolor="#e5e5e5", zeroline=False, linecolor="#555555")
    return fig


def _empty_annotation(fig: go.Figure, text: str, row: int | None = None) -> None:
    kwargs = {"row": row, "col": 1} if row else {}
    fig.add_annotation(
        text=esc(text),
        xref="x domain",
        yref="y domain",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"color": TEXT_GREY},
        **kwargs,
    )


def _binned_note(fig: go.Figure, text: str, row: int | None = None) -> None:
    """Say on the chart that its marks are bins, not events (e.g. "12,000 events binned by day")."""
    kwargs = {"row": row, "col": 1} if row else {}
    fig.add_annotation(
        text=f"<i>{esc(text)}</i>",
        xref="x domain",
        yref="y domain",
        x=1,
        y=1,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"color": TEXT_GREY, "size": 11},
        **kwargs,
    )


def _day_names(frame: pd.DataFrame, by: pd.Series, limit: int = MAX_HOVER_EVENTS) -> pd.Series:
    """Per bin, the escaped titles of its first ``limit`` rows and how many more there are."""
    first = frame.groupby(by, sort=True).head(limit)
    titles = first["title"].map(lambda t: "&nbsp;&nbsp;" + esc(shorten(t, 70)))
    listed = titles.groupby(by[first.index], sort=True).agg("<br>".join)
    more = by.value_counts().reindex(listed.index) - limit
    suffix = more.map(lambda k: f"<br>&nbsp;&nbsp;… and {k:,} more" if k > 0 else "")
    return listed + suffix


# --- crowd ---------------------------------------------------------------------------------


def _binned_crowd_traces(
    fig: go.Figure, events: pd.DataFrame, *, row: int, strip_row: int
) -> list[float]:
    """One mark per day for many demonstrations: median midpoint, range of the day's figures.

    Returns the low and high figures drawn (for the choice of a log scale).
    """
    color = _TOTAL_COLOR
    # Only the columns a bin needs: filtering and sorting all fifty would cost more than binning.
    events = events[
        ["date", "date_precision", "title", "crowd_low", "crowd_high", "crowd_mid"]
    ].reset_index(drop=True)  # positions, not a million string keys, for the lookups below
    day = mark_days(events)
    has = events["crowd_low"].notna().to_numpy(dtype=bool)
    known = events[has]
    if len(known):
        by = day[has]
        lows = known["crowd_low"].astype(float)
        highs = known["crowd_high"].astype(float).fillna(lows)
        stats = crowd_day_stats(known, by)
        biggest = known.sort_values("crowd_mid", ascending=False, kind="stable")
        names = _day_names(biggest, by[biggest.index])
        hover = [
            f"<b>{esc(format_day(d))}: {int(n):,} demonstrations with a reported size</b><br>"
            f"Median midpoint {format_count(mid)}; figures from {format_count(low)} to "
            f"{format_count(high)}<br>Largest:<br>{names[d]}"
            for d, n, mid, low, high in zip(
                stats.index, stats["n"], stats["mid"], stats["low"], stats["high"], strict=True
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=stats.index,
                y=stats["mid"],
                mode="markers",
                marker={"symbol": "circle", "size": 8, "color": color},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (stats["high"] - stats["mid"]).to_numpy(),
                    "arrayminus": (stats["mid"] - stats["low"]).to_numpy(),
                    "color": color,
                    "thickness": 1.5,
                    "width": 0,
                },
                name="Demonstrations per day (median, range)",
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=row,
            col=1,
        )
    unknown = events[~has]
    if len(unknown):
        by = day[~has]
        counts = by.value_counts().sort_index()
        names = _day_names(unknown, by)
        hover = [
            f"<b>{esc(format_day(d))}: {int(k):,} demonstrations, size not reported</b><br>"
            f"{names[d]}"
            for d, k in counts.items()
        ]
        fig.add_trace(
            go.Scatter(
                x=counts.index,
                y=np.zeros(len(counts)),
                mode="markers",
                marker={"symbol": "circle-open", "size": 8, "color": color, "line": {"width": 2}},
                name="Size not reported (per day)",
                showlegend=False,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=strip_row,
            col=1,
        )
    _binned_note(fig, f"{len(events):,} demonstrations binned by day", row=row)
    if not len(known):
        return []
    return [float(lows.min()), float(highs.max())]


def _dated_crowd_events(sel: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """The demonstrations a crowd panel draws: occurred, dated to a day or week.

    One filter over the aggregated events (``crowd_events`` then ``split_month_dated`` would
    copy every column twice).
    """
    figures = aggregate.event_figures(sel, sources=sources)
    return figures[aggregate.is_crowd_event(figures) & ~precision_is(figures, "month")]


def _crowd_traces(
    fig: go.Figure,
    sel: pd.DataFrame,
    *,
    sources: pd.DataFrame | None,
    total: str | None,
    row: int,
    strip_row: int,
    events: pd.DataFrame | None = None,
) -> bool:
    """Add crowd traces to ``row`` (and unknown sizes to ``strip_row``); returns log-worthiness.

    ``events`` are the dated demonstrations of ``sel`` when the caller already has them.
    """
    if events is None:
        events = _dated_crowd_events(sel, sources)
    if events.empty:
        return False
    if total:
        series = aggregate.crowd_series(sel, freq=total, sources=sources)
        series = series[series["mid_sum"].notna()]
        weekly = aggregate.check_freq(total) == "W"
        hover = [
            f"<b>{'Week of ' if weekly else ''}{format_day(day)}: about "
            f"{format_count(mid)} people</b> (sum of midpoints)<br>"
            f"Sum of low figures {format_count(low)}, of high figures "
            f"{format_count(high)}{'+' if n_open else ''}<br>"
            f"{int(n_with)} of {int(n)} events report a size"
            for day, mid, low, high, n_open, n_with, n in zip(
                series.index,
                *(series[c] for c in ("mid_sum", "low_sum", "high_sum", "n_open_ended")),
                series["n_with_figure"],
                series["n_events"],
                strict=True,
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=series.index + pd.Timedelta(days=3 if weekly else 0),
                y=series["mid_sum"].astype(float),
                mode="markers",
                marker={
                    "symbol": "line-ew",
                    "size": 26,
                    "line": {"width": 3, "color": _TOTAL_COLOR},
                },
                name=f"{'Weekly' if weekly else 'Daily'} total (midpoints)",
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                legendgroup="total",
            ),
            row=row,
            col=1,
        )
    if len(events) > MAX_MARKS:
        values = _binned_crowd_traces(fig, events, row=row, strip_row=strip_row)
    else:
        values = _event_crowd_traces(fig, events, row=row, strip_row=strip_row)
    fig.update_yaxes(
        row=strip_row,
        col=1,
        range=[-1, 1],
        showticklabels=False,
        showgrid=False,
        title={"text": "size not<br>reported", "font": {"size": 11, "color": TEXT_GREY}},
        fixedrange=True,
    )
    positive = [v for v in values if v > 0]
    return bool(positive) and max(positive) / min(positive) > 20


def _event_crowd_traces(
    fig: go.Figure, events: pd.DataFrame, *, row: int, strip_row: int
) -> list[float]:
    """One mark per demonstration, by event type; returns the low and high figures drawn."""
    x = dodge_positions(events)
    has = events["crowd_low"].notna().to_numpy(dtype=bool)
    types = [t for t in EVENT_TYPE_STYLE if (events["event_type"].astype(str) == t).any()]
    types += sorted(set(events["event_type"].astype(str)) - set(types))
    values = []
    for event_type in types:
        color, _marker, symbol, label = event_type_style(event_type)
        of_type = (events["event_type"].astype(str) == event_type).to_numpy(dtype=bool)
        known = events[of_type & has]
        unknown = events[of_type & ~has]
        if len(known):
            mid = known["crowd_mid"].astype(float)
            lows = known["crowd_low"].astype(float)
            highs = known["crowd_high"].astype(float)
            values += list(lows) + list(highs)
            hover = [
                _hover(
                    r,
                    [
                        "Crowd: <b>"
                        + esc(
                            format_range(
                                r["crowd_low"], r["crowd_high"], open_ended=bool(r["crowd_open"])
                            )
                        )
                        + "</b> (midpoint "
                        + format_count(r["crowd_mid"])
                        + ")",
                        _wordings(r["crowd_wording"]),
                    ],
                )
                for _, r in known.iterrows()
            ]
            fig.add_trace(
                go.Scatter(
                    x=x[known.index],
                    y=mid,
                    mode="markers",
                    marker={
                        "symbol": symbol,
                        "size": 10,
                        "color": color,
                        "line": {"color": "white", "width": 1},
                    },
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": (highs - mid).to_numpy(),
                        "arrayminus": (mid - lows).to_numpy(),
                        "color": color,
                        "thickness": 2,
                        "width": 0,
                    },
                    name=esc(label),
                    legendgroup=event_type,
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                    customdata=list(known.index),
                ),
                row=row,
                col=1,
            )
        if len(unknown):
            hover = [_hover(r, ["Crowd: <i>size not reported</i>"]) for _, r in unknown.iterrows()]
            fig.add_trace(
                go.Scatter(
                    x=x[unknown.index],
                    y=np.zeros(len(unknown)),
                    mode="markers",
                    marker={
                        "symbol": symbol + "-open",
                        "size": 10,
                        "color": color,
                        "line": {"width": 2},
                    },
                    name=esc(f"{label}, size not reported"),
                    legendgroup=event_type,
                    showlegend=False,
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                    customdata=list(unknown.index),
                ),
                row=strip_row,
                col=1,
            )
    return values


def crowd_plotly(
    data: pd.DataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    log: bool | None = None,
    total: str | None = "D",
    layout: str = "auto",
    max_gap_days: int = 14,
    title: str | None = None,
) -> go.Figure:
    """Interactive crowd chart: a mark per demonstration with its low–high range.

    Unknown sizes sit in a separate "size not reported" strip, never at zero; grey dashes give
    the daily (or weekly) total of midpoints where at least one event reports a size. Hover
    shows date, place, each source's wording with its publisher, and the notes.

    Parameters are those of :func:`analysis.charts.static.crowd_plot`, plus ``layout``
    ("auto", "episodes", "continuous") and ``title`` (escaped).
    """
    sel = _scoped(data, scopes)
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.02, row_heights=[CROWD_PX, STRIP_PX]
    )
    rows = _dated_crowd_events(sel, sources)
    if rows.empty:
        _empty_annotation(fig, "No demonstrations reported in this selection", row=1)
        return _style(fig, height=CROWD_PX + STRIP_PX + 120, title=title)
    wide = _crowd_traces(fig, sel, sources=sources, total=total, row=1, strip_row=2, events=rows)
    _crowd_axis(fig, row=1, log=wide if log is None else log)
    _apply_windows(fig, time_windows(rows, layout=layout, max_gap_days=max_gap_days))
    return _style(fig, height=CROWD_PX + STRIP_PX + 140, title=title)


def _crowd_axis(fig: go.Figure, *, row: int, log: bool) -> None:
    fig.update_yaxes(
        row=row,
        col=1,
        type="log" if log else "linear",
        title={"text": "People (reported)"},
        tickformat=",d",
        rangemode="tozero" if not log else "normal",
    )


# --- arrests -------------------------------------------------------------------------------


def _text_side(when: pd.Timestamp, windows: list[tuple[pd.Timestamp, pd.Timestamp]]) -> str:
    """Put a label left of its mark when the mark is in the right 40% of the axis."""
    total = sum((b - a) / pd.Timedelta(days=1) for a, b in windows)
    before = 0.0
    for a, b in windows:
        if when > b:
            before += (b - a) / pd.Timedelta(days=1)
        elif when >= a:
            before += (when - a) / pd.Timedelta(days=1)
    return "middle left" if before / total > 0.6 else "middle right"


def _arrest_lines(r: dict, measure: str) -> str:
    """Hover lines for one event of an arrests day: headline, place, wording, source."""
    lines = [
        f"<b>{esc(shorten(r['title'], 90))}</b>",
        _place(r),
        _wordings(r[f"{measure}_wording"]),
    ]
    if bool(r["disputed"]):
        lines.append("<i>Sources disagree; the range spans their figures.</i>")
    lines.append("Source: " + esc(", ".join(aggregate.split_cell(r["publishers"]))))
    return "<br>".join(lines)


def _arrest_days(
    rows: pd.DataFrame, measure: str, label: str, *, brief: bool = False
) -> list[tuple[pd.Timestamp, float, float, bool, str]]:
    """Per day: (day, low sum, high sum, disputed, hover), the hover naming at most
    :data:`MAX_HOVER_EVENTS` events (those with the most arrests on a busier day).

    ``brief`` (a binned chart) lists at most 3 events per day, one line each (headline and
    figure), so the chart's HTML stays small. Sums and flags are vectorised; Python only
    formats the few listed events per day.
    """
    limit = 3 if brief else MAX_HOVER_EVENTS
    low_col, high_col = f"{measure}_low", f"{measure}_high"
    stats = figure_day_stats(rows, measure, "_day")
    busy = (rows.groupby("_day")["_day"].transform("size") > limit).to_numpy(bool)
    ordered = pd.concat(
        [rows[~busy], rows[busy].sort_values(high_col, ascending=False, kind="stable")]
    )
    listed = ordered.groupby("_day", sort=False).head(limit)
    if brief:
        lines = [
            f"&nbsp;&nbsp;{esc(shorten(t, 70))}: {esc(format_range(lo, hi))}"
            for t, lo, hi in zip(listed["title"], listed[low_col], listed[high_col], strict=True)
        ]
    else:
        cols = ["title", "location", "city", f"{measure}_wording", "disputed", "publishers"]
        records = listed.reindex(columns=cols).to_dict("records")
        lines = [_arrest_lines(r, measure) for r in records]
    text = pd.Series(lines, index=listed.index)
    hovers = text.groupby(listed["_day"].to_numpy(), sort=True).agg("<br>".join).to_dict()
    days = []
    for day, low, high, disputed, n in zip(
        stats.index, stats["low"], stats["high"], stats["disputed"], stats["n"], strict=True
    ):
        lines = [f"{esc(label)}: <b>{esc(format_range(low, high))}</b>"]
        if n > limit:  # keep the hover (and the HTML) bounded
            lines.append(f"{int(n):,} events; the {limit} with the most arrests:")
        lines.append(hovers[day])
        header = esc(format_day(day))
        days.append((day, low, high, bool(disputed), header + "<br>" + "<br>".join(lines)))
    return days


def _dated_arrest_rows(sel: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """Events an arrests panel draws: occurred, dated to a day or week, with either figure.

    One filter over the aggregated events, positions as index (cheap lookups when binning).
    """
    figures = aggregate.event_figures(sel, sources=sources)
    return figures[aggregate.is_arrest_event(figures) & ~precision_is(figures, "month")]


def _arrest_traces(
    fig: go.Figure,
    figures: pd.DataFrame,
    *,
    row: int,
    windows: list[tuple[pd.Timestamp, pd.Timestamp]],
) -> bool:
    """Add the two arrest series for ``figures`` (:func:`_dated_arrest_rows`); False if none."""
    figures = figures.reset_index(drop=True)
    n_rows = len(figures)
    binned = n_rows > MAX_MARKS  # many events: label only the peak day, hovers list a few
    drawn = False
    for kind, measure, shift in (
        ("protesters", "arrests", -0.18),
        ("immigration", "immigration", 0.18),
    ):
        color, _marker, symbol, label = ARREST_STYLE[kind]
        rows = figures[figures[f"{measure}_low"].notna().to_numpy(dtype=bool)]
        if rows.empty:
            continue
        drawn = True
        rows = rows.assign(_day=figure_days(rows))
        days = _arrest_days(rows, measure, label, brief=binned)
        peak = max(range(len(days)), key=lambda i: (days[i][2], -i))
        text = [
            esc(format_range(d[1], d[2]) + (f" {label.lower()}" if i == peak else ""))
            if i == peak or not binned
            else ""
            for i, d in enumerate(days)
        ]
        sides = [_text_side(d[0], windows) for d in days]
        fig.add_trace(
            go.Scatter(
                x=[d[0] + pd.Timedelta(days=shift) for d in days],
                y=[d[2] for d in days],
                mode="markers+text",
                text=text,
                textposition=sides,
                textfont={"color": color},
                marker={"symbol": symbol, "size": 10, "color": color},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [0] * len(days),
                    "arrayminus": [d[2] - d[1] for d in days],
                    "color": color,
                    "thickness": 2,
                    "width": 6,
                },
                name=esc(label),
                hovertext=[d[4] for d in days],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(
        row=row, col=1, title={"text": "People arrested"}, rangemode="tozero", tickformat=",d"
    )
    if binned:
        _binned_note(fig, f"{n_rows:,} events binned by day", row=row)
    return drawn


def arrests_plotly(
    data: pd.DataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    layout: str = "auto",
    max_gap_days: int = 14,
    title: str | None = None,
) -> go.Figure:
    """Interactive arrests chart: protester arrests and immigration detentions, two series.

    A disputed day shows the range between the sources (error bar down to the lowest figure)
    and its hover box quotes each source. Days without a figure have no mark.
    """
    sel = _scoped(data, scopes)
    fig = make_subplots(rows=1, cols=1)
    rows = _dated_arrest_rows(sel, sources)
    if rows.empty:
        _empty_annotation(fig, "No arrest figures reported in this selection")
        return _style(fig, height=ARRESTS_PX + 140, title=title)
    windows = time_windows(rows, layout=layout, max_gap_days=max_gap_days)
    _arrest_traces(fig, rows, row=1, windows=windows)
    _apply_windows(fig, windows)
    return _style(fig, height=ARRESTS_PX + 140, title=title)


# --- responses -----------------------------------------------------------------------------


def _response_traces(
    fig: go.Figure,
    responses: pd.DataFrame,
    windows: list[tuple[pd.Timestamp, pd.Timestamp]],
    *,
    row: int,
) -> int:
    """Add swimlane traces; returns the number of label rows (for the panel height)."""
    if len(responses) > MAX_MARKS:
        return _binned_response_traces(fig, responses, row=row)
    width_in = ARTICLE_WIDTH_IN * 0.8
    lanes = layout_lanes(responses, _window_axis(windows), width_in=width_in)
    for level, (bottom, _top) in lanes.lanes.items():
        color, _marker, symbol, name = RESPONSE_LEVEL_STYLE[level]
        lane = responses[(responses["response_level"].astype(str) == level).to_numpy(bool)]
        if bottom > 0:
            fig.add_hline(y=bottom, line={"color": "#cccccc", "width": 1}, row=row, col=1)
        if lane.empty:
            continue
        announced = (lane["status"].astype("string") == "announced").fillna(False).to_numpy()
        hover = [
            _hover(
                r,
                [
                    f"{esc(name)}: <b>{esc(r.get('response_actor'))}</b>",
                    esc(str(r.get("response_type")).replace("_", " "))
                    + (" (announced)" if a else ""),
                ],
            )
            for (_, r), a in zip(lane.iterrows(), announced, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=[mark_date(r) for _, r in lane.iterrows()],
                y=[lanes.y[k] for k in lane.index],
                mode="markers+text",
                text=[esc(lanes.labels.get(k, "")) for k in lane.index],
                textposition=[
                    "middle left" if lanes.side.get(k) == "left" else "middle right"
                    for k in lane.index
                ],
                marker={
                    "symbol": [symbol + ("-open" if a else "") for a in announced],
                    "size": 10,
                    "color": color,
                    "line": {"width": 1.5, "color": color},
                },
                name=esc(name),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=list(lane.index),
                cliponaxis=False,
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(
        row=row,
        col=1,
        range=[0, lanes.rows],
        showgrid=False,
        fixedrange=True,
        tickvals=[(b + t) / 2 for b, t in lanes.lanes.values()],
        ticktext=[f"<b>{RESPONSE_LEVEL_STYLE[level][3]}</b>" for level in lanes.lanes],
    )
    return lanes.rows


def _binned_response_traces(fig: go.Figure, responses: pd.DataFrame, *, row: int) -> int:
    """One mark per day and level for many responses (size grows with the count); 5 lanes."""
    levels = list(RESPONSE_LEVEL_STYLE)
    lanes = {
        level: (float(len(levels) - 1 - i), float(len(levels) - i))
        for i, level in enumerate(levels)
    }
    responses = responses[
        ["date", "date_precision", "response_level", "response_actor"]
    ].reset_index(drop=True)  # only what a bin needs, positions as index
    level_of = responses["response_level"].astype(str)
    day = mark_days(responses)
    for level, (bottom, _top) in lanes.items():
        color, _marker, symbol, name = RESPONSE_LEVEL_STYLE[level]
        if bottom > 0:
            fig.add_hline(y=bottom, line={"color": "#cccccc", "width": 1}, row=row, col=1)
        mask = (level_of == level).to_numpy(dtype=bool)
        if not mask.any():
            continue
        lane = responses[mask]
        by = day[mask]
        counts = by.value_counts().sort_index()
        actors = lane["response_actor"].astype("string").fillna("actor not given")
        pairs = pd.DataFrame({"day": by.to_numpy(), "actor": actors.to_numpy()})
        listed = pairs.groupby(["day", "actor"], sort=True).size().rename("n").reset_index()
        listed = listed.sort_values(["day", "n"], ascending=[True, False], kind="stable")
        top = listed.groupby("day", sort=True).head(3)
        text = top["actor"].map(lambda a: "&nbsp;&nbsp;" + esc(shorten(a, 60))) + top["n"].map(
            lambda k: f" ({k:,})"
        )
        who = text.groupby(top["day"].to_numpy(), sort=True).agg("<br>".join).to_dict()
        hover = [
            f"<b>{esc(format_day(d))}: {int(k):,} {esc(name.lower())} responses</b><br>{who[d]}"
            for d, k in counts.items()
        ]
        fig.add_trace(
            go.Scatter(
                x=counts.index,
                y=np.full(len(counts), bottom + 0.5),
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": np.clip(6 + 2 * np.log2(counts.to_numpy(dtype=float)), 6, 18),
                    "color": color,
                },
                name=esc(name),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(
        row=row,
        col=1,
        range=[0, len(levels)],
        showgrid=False,
        fixedrange=True,
        tickvals=[(b + t) / 2 for b, t in lanes.values()],
        ticktext=[f"<b>{RESPONSE_LEVEL_STYLE[level][3]}</b>" for level in lanes],
    )
    _binned_note(fig, f"{len(responses):,} responses binned by day (mark size: count)", row=row)
    return len(levels)


def responses_plotly(
    data: pd.DataFrame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = None,
    layout: str = "auto",
    max_gap_days: int = 14,
    title: str | None = None,
) -> go.Figure:
    """Interactive swimlane timeline of official responses, one lane per level of government.

    Each response is a labelled mark (who: what); announced ones are hollow. Hover gives the
    date, place, actor, type, headline, source and notes.
    """
    sel = _scoped(data, scopes)
    responses, month_only = split_month_dated(aggregate.response_events(sel, sources=sources))
    fig = make_subplots(rows=1, cols=1)
    if responses.empty:
        _empty_annotation(fig, no_responses_message(month_only))
        return _style(fig, height=5 * LANE_ROW_PX + 140, title=title)
    windows = time_windows(responses, layout=layout, max_gap_days=max_gap_days)
    n_rows = _response_traces(fig, responses, windows, row=1)
    _apply_windows(fig, windows)
    fig.update_layout(showlegend=False)
    return _style(fig, height=n_rows * LANE_ROW_PX + 140, title=title)


# --- combined ------------------------------------------------------------------------------


def combined_plotly(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    layout: str = "auto",
    max_gap_days: int = 14,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    response_scopes: Iterable[str] | str | None = None,
    log: bool | None = None,
    total: str | None = "D",
    title: str | None = None,
) -> go.Figure:
    """Crowd sizes, arrests and official responses stacked on one shared, zoomable time axis.

    The interactive counterpart of :func:`analysis.charts.static.combined_figure`, with the
    same defaults: local and regional crowds and arrests, responses at every scope, quiet
    months cut out when the data come in bursts.
    """
    rows = aggregate.chart_rows(
        data, sources=sources, scopes=scopes, response_scopes=response_scopes
    )
    # Each panel's rows are filtered once from ``rows`` (not re-aggregated), and the time
    # windows need only the date columns of every dated row.
    panel = rows["panel"].to_numpy()
    dated = ~precision_is(rows, "month")
    if not dated.any():
        raise ParameterError("no dated demonstrations, arrests or responses in this selection")
    date_columns = [c for c in ("date", "date_end", "date_precision") if c in rows]
    windows = time_windows(rows[date_columns][dated], layout=layout, max_gap_days=max_gap_days)
    responses = rows[dated & (panel == "responses")]
    responses = responses[~responses.index.duplicated()]
    lane_rows = (
        layout_lanes(responses, _window_axis(windows), width_in=ARTICLE_WIDTH_IN * 0.8).rows
        if 0 < len(responses) <= MAX_MARKS
        else 5
    )
    heights = [CROWD_PX, STRIP_PX, ARRESTS_PX, max(lane_rows, 5) * LANE_ROW_PX]
    fig = make_subplots(
        rows=4,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.035,
        row_heights=heights,
        subplot_titles=("<b>Crowd size</b>", "", "<b>Arrests</b>", "<b>Official responses</b>"),
    )
    for annotation in fig.layout.annotations:  # the panel titles
        annotation.update(x=0, xanchor="left", font={"size": 14})
    local = _scoped(data, scopes)
    wide = _crowd_traces(
        fig,
        local,
        sources=sources,
        total=total,
        row=1,
        strip_row=2,
        events=rows[dated & (panel == "crowd")],
    )
    _crowd_axis(fig, row=1, log=wide if log is None else log)
    if not _arrest_traces(fig, rows[dated & (panel == "arrests")], row=3, windows=windows):
        _empty_annotation(fig, "No arrest figures reported in this selection", row=3)
    if len(responses):
        _response_traces(fig, responses, windows, row=4)
    else:
        month_responses = rows[~dated & (panel == "responses")]
        month_responses = month_responses[~month_responses.index.duplicated()]
        _empty_annotation(fig, no_responses_message(month_responses), row=4)
    _apply_windows(fig, windows)
    return _style(fig, height=sum(heights) + 220, title=title)
