"""Words that go with each chart, written from the data: alt text, the source line, the notes line.

Alt text says what kind of chart it is, what it shows, where and when, and the peak with its
date and value, so a screen-reader user gets the finding, not "chart of data". It does not
repeat the title or the footer. The source line names the publications behind the marks drawn,
and the notes line states the rules a reader needs (midpoints, disputes, what is left out).
Every function takes the same ``data``/``sources``/``scopes`` as the chart it describes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.charts.style import RESPONSE_LEVEL_STYLE
from analysis.errors import ParameterError
from analysis.fmt import (
    format_count,
    format_day,
    format_month_range,
    format_range,
    join_words,
    plural,
)
from analysis.prep import aggregate, binning
from analysis.prep.aggregate import LOCAL_SCOPES
from analysis.prep.episodes import find_episodes, has_long_gaps
from analysis.prep.select import precision_is, select_events
from analysis.prep.timeaxis import TimeAxis

#: Default description of where the events are.
PLACE = "Southern California"

_ALT_ATTR = "_la_alt_text"
#: An arrests alt text quotes the sources of at most this many disputed figures of its peak day.
MAX_QUOTED_DISPUTES = 2
#: How a binned crowd panel draws its marks (see analysis.prep.binning).
_CROWD_BINS = (
    "one mark per day, the median of their midpoints, with a line for the range of their figures"
)


def _scoped(data: pd.DataFrame, scopes: Iterable[str] | str | None) -> pd.DataFrame:
    return data if scopes is None else select_events(data, scopes=scopes)


def _precise(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    month = precision_is(frame, "month")
    return frame[~month], int(month.sum())


def _period(frame: pd.DataFrame) -> str:
    if frame.empty:
        return ""
    return format_month_range(frame["date"].min(), frame["date"].max())


def _first_wording(wording: object) -> str:
    return str(wording).split(" | ")[0] if isinstance(wording, str) else ""


def crowd_alt(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    place: str = PLACE,
) -> str:
    """Alt text for the crowd chart: how many demonstrations, the largest crowd, the busiest day.

    Returns
    -------
    str
        E.g. "Range chart of reported crowd sizes at 16 anti-ICE demonstrations in Southern
        California, Feb 2025 – Jan 2026; 6 of them have a reported size. The largest reported
        crowd was 2,500 people (“around 2,500 people”, Southern California News Group) on
        31 Jan 2026: ICE OUT rally ... Busiest day: ..."
    """
    sel = _scoped(data, scopes)
    columns = ["date", "date_precision", "title", "crowd_low", "crowd_high", "crowd_open"]
    figures = aggregate.event_figures(sel, sources=sources)  # crowd_events, fewer columns
    crowd = figures.loc[aggregate.is_crowd_event(figures), [*columns, "crowd_mid", "crowd_wording"]]
    events, n_month = _precise(crowd)
    if events.empty:
        return (
            f"Chart of reported crowd sizes: no anti-ICE demonstrations in {place} in this "
            "selection."
        )
    known = events[events["crowd_low"].notna().to_numpy(dtype=bool)]
    shown = (
        f"too many to draw one by one, so the chart bins them by day: {_CROWD_BINS}"
        if len(events) > binning.MAX_MARKS
        else "shown as a range from the low to the high figure"
    )
    parts = [
        f"Range chart of reported crowd sizes at {plural(len(events), 'anti-ICE demonstration')}"
        f" in {place}, {_period(events)}; {format_count(len(known))} of them "
        f"{'has' if len(known) == 1 else 'have'} a reported size, {shown}."
    ]
    if len(known):
        # The largest midpoint, then the largest high figure, then the earliest row.
        largest = known[(known["crowd_mid"] == known["crowd_mid"].max()).to_numpy(dtype=bool)]
        top = largest.iloc[int(np.argmax(largest["crowd_high"].to_numpy(dtype=float)))]
        figure = format_range(
            top["crowd_low"], top["crowd_high"], open_ended=bool(top["crowd_open"])
        )
        wording = _first_wording(top["crowd_wording"])
        parts.append(
            f"The largest reported crowd was {figure} people, {wording}, on "
            f"{format_day(top['date'])}: {top['title']}."
        )
    series = aggregate.crowd_series(sel, sources=sources)
    peak = aggregate.peak(series)
    if peak is not None:
        day, value = peak
        row = series.loc[day]
        n_events = plural(int(row["n_events"]), "demonstration")
        missing = int(row["n_without_figure"])
        parts.append(
            f"The largest daily total was about {format_count(value)} people by midpoints, on "
            f"{format_day(day)} ({n_events}"
            + (f", {format_count(missing)} without a reported size)." if missing else ").")
        )
        most = int(series["n_events"].max())
        most_day = series.index[(series["n_events"] == most).to_numpy(dtype=bool)].min()
        if most_day != day:
            parts.append(
                f"The most demonstrations on one day were {format_count(most)}, on "
                f"{format_day(most_day)}."
            )
    if n_month:
        parts.append(
            f"{plural(n_month, 'demonstration')} dated only to a month "
            f"{'is' if n_month == 1 else 'are'} not shown."
        )
    return " ".join(parts)


def arrests_alt(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    place: str = PLACE,
) -> str:
    """Alt text for the arrests chart: each series' total and its largest day, disputes named."""
    sel = _scoped(data, scopes)
    figures = aggregate.event_figures(sel, sources=sources)
    # The rows the chart draws; above binning.MAX_MARKS it draws per-day sums, and the text
    # must give the same numbers as the chart.
    drawn_rows = aggregate.is_arrest_event(figures) & ~precision_is(figures, "month")
    binned = int(drawn_rows.sum()) > binning.MAX_MARKS
    parts: list[str] = []
    days: list[pd.Timestamp] = []
    for kind, measure, what in (
        ("protesters", "arrests", "Protesters arrested"),
        ("immigration", "immigration", "People detained by immigration agents"),
    ):
        if binned:
            series = _binned_arrest_days(figures[drawn_rows], measure)
        else:
            series = aggregate.arrests_series(sel, kind=kind, sources=sources)
            series = series[series["n_with_figure"] > 0]
        if series.empty:
            parts.append(f"{what}: none reported.")
            continue
        days += list(series.index)
        total = format_range(series["low_sum"].sum(), series["high_sum"].sum())
        top_day = series.sort_values(["high_sum", "low_sum"], ascending=False).index[0]
        row = series.loc[top_day]
        sentence = (
            f"{what}: {total} in all, on {plural(len(series), 'day')}; the most, "
            f"{format_range(row['low_sum'], row['high_sum'])}, on {format_day(top_day)}"
        )
        if row["n_disputed"]:
            disputed = figures[
                (figures["date"] == top_day).to_numpy(dtype=bool)
                & figures[f"{measure}_low"].notna().to_numpy(dtype=bool)
                & figures["disputed"].fillna(False).to_numpy(dtype=bool)
            ][f"{measure}_wording"].dropna()
            # Quote the sources of a few disputed figures: alt text must stay readable.
            wordings = "; ".join(disputed.iloc[:MAX_QUOTED_DISPUTES]).replace(" | ", "; ")
            more = len(disputed) - MAX_QUOTED_DISPUTES
            if more > 0:
                wordings += f"; and {plural(more, 'more disputed figure')}"
            sentence += f", where sources differ ({wordings})"
        parts.append(sentence + ".")
    if not days:
        return f"Chart of arrests: no arrest figures reported in {place} in this selection."
    if binned:
        parts.append(
            f"There are too many events to draw one by one: the chart bins "
            f"{format_count(int(drawn_rows.sum()))} events by day (the day's sums; a figure "
            "covering several days counts on its first)."
        )
    period = format_month_range(min(days), max(days))
    head = (
        f"Dot chart of arrests reported in {place}, {period}, as two separate series: "
        "protesters arrested by police, and people detained by immigration agents."
    )
    return " ".join([head, *parts])


def _binned_arrest_days(rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Per-day sums as a binned arrests chart draws them, named like ``arrests_series``."""
    rows = rows[rows[f"{measure}_low"].notna().to_numpy(dtype=bool)]
    stats = binning.figure_day_stats(rows, measure, binning.figure_days(rows))
    return pd.DataFrame(
        {
            "low_sum": stats["low"],
            "high_sum": stats["high"],
            "n_disputed": stats["disputed"].astype(int),
            "n_with_figure": stats["n"],
        }
    )


def responses_alt(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = None,
) -> str:
    """Alt text for the responses swimlanes: counts per level and the busiest day."""
    sel = _scoped(data, scopes)
    figures = aggregate.event_figures(sel, sources=sources)  # response_events, fewer columns
    columns = ["date", "date_precision", "response_level", "response_actor"]
    responses, n_month = _precise(figures.loc[aggregate.is_response_event(figures), columns])
    if responses.empty:
        return "Timeline of official responses: none reported in this selection."
    levels = responses["response_level"].astype(str).value_counts()
    by_level = ", ".join(
        f"{format_count(levels.get(level, 0))} {name.lower()}"
        for level, (*_rest, name) in RESPONSE_LEVEL_STYLE.items()
    )
    parts = [
        f"Swimlane timeline of {plural(len(responses), 'official response')} to the protests, "
        f"one lane per level of government, {_period(responses)}: {by_level}."
    ]
    if len(responses) > binning.MAX_MARKS:
        parts.append(
            "There are too many to draw one by one: the chart bins them by day and level of "
            "government (mark size: how many)."
        )
    per_day = responses.groupby(responses["date"].dt.normalize()).size()
    busiest = per_day[per_day == per_day.max()].index.min()
    on_day = responses[(responses["date"].dt.normalize() == busiest).to_numpy(dtype=bool)]
    actors = list(dict.fromkeys(str(a).split(" (")[0] for a in on_day["response_actor"].dropna()))
    parts.append(
        f"The busiest day was {format_day(busiest)}, with {plural(len(on_day), 'response')}"
        + (f" from {join_words(actors[:4])}" if actors else "")
        + "."
    )
    if n_month:
        parts.append(
            f"{plural(n_month, 'response')} dated only to a month "
            f"{'is' if n_month == 1 else 'are'} not shown."
        )
    return " ".join(parts)


def combined_alt(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    response_scopes: Iterable[str] | str | None = None,
    place: str = PLACE,
    max_gap_days: int = 14,
    time_axis: TimeAxis | None = None,
) -> str:
    """Alt text for the combined figure: its layout, then each panel's description.

    ``time_axis`` is the axis the figure used (``combined_figure`` passes it); without it the
    episodes are found again from the rows the figure draws.
    """
    head = (
        "Three stacked charts sharing one time axis: crowd sizes, arrests and official responses."
    )
    if time_axis is None:
        rows = aggregate.chart_rows(
            data, sources=sources, scopes=scopes, response_scopes=response_scopes
        )
        dates = rows[[c for c in ("date", "date_end", "date_precision") if c in rows]]
        episodes = find_episodes(_precise(dates)[0], max_gap_days=max_gap_days)
        labels = [e.label for e in episodes] if has_long_gaps(episodes) else []
    else:
        labels = list(time_axis.labels) if time_axis.broken else []
    if labels:
        head += (
            f" The axis skips the quiet months between {plural(len(labels), 'episode')}"
            f": {join_words(labels)}."
        )
    return " ".join(
        [
            head,
            crowd_alt(data, sources=sources, scopes=scopes, place=place),
            arrests_alt(data, sources=sources, scopes=scopes, place=place),
            responses_alt(data, sources=sources, scopes=response_scopes),
        ]
    )


def _panel_rows(
    data: pd.DataFrame,
    sources: pd.DataFrame | None,
    chart: str,
    scopes: Iterable[str] | str | None,
    response_scopes: Iterable[str] | str | None,
) -> pd.DataFrame:
    panels = {
        "crowd": ["crowd"],
        "arrests": ["arrests"],
        "responses": ["responses"],
        "combined": ["crowd", "arrests", "responses"],
    }
    if chart not in panels:
        raise ParameterError(f"chart: {chart!r} is not a chart; valid values: {', '.join(panels)}")
    rows = aggregate.chart_rows(
        data, sources=sources, scopes=scopes, response_scopes=response_scopes
    )
    return rows[rows["panel"].isin(panels[chart]).to_numpy(dtype=bool)]


def source_line(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    chart: str = "combined",
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    response_scopes: Iterable[str] | str | None = None,
) -> str:
    """Return "Source: ..." naming the publications behind what ``chart`` draws, most-cited first.

    Parameters are those of :func:`notes_line`. Rows dated only to a month are not drawn, so
    their sources are not named.
    """
    rows, _ = _precise(_panel_rows(data, sources, chart, scopes, response_scopes))
    rows = rows[~rows.index.duplicated()]
    counts: dict[str, int] = {}
    for cell in rows["publishers"].dropna():
        for publisher in aggregate.split_cell(cell):
            counts[publisher] = counts.get(publisher, 0) + 1
    if not counts:
        return "Source: none"
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    return "Source: " + join_words(ordered) + "; compiled by the project."


def notes_line(
    data: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    chart: str = "combined",
    scopes: Iterable[str] | str | None = LOCAL_SCOPES,
    response_scopes: Iterable[str] | str | None = None,
) -> str:
    """Return "Note: ..." with the rules a reader needs for ``chart``.

    Parameters
    ----------
    data
        The (selected) events frame the chart was drawn from.
    sources
        Sources frame; defaults to ``load_sources()``.
    chart
        "crowd", "arrests", "responses" or "combined": which panels' rules to state.
    scopes, response_scopes
        As given to the chart.
    """
    rows = _panel_rows(data, sources, chart, scopes, response_scopes)
    panels = set(rows["panel"]) if len(rows) else set()
    if chart == "combined":
        panels = {"crowd", "arrests", "responses"}
    elif not panels:
        panels = {chart}
    notes: list[str] = []
    if "crowd" in panels:
        notes.append(
            "Crowd sizes as reported; marks at the midpoint of the low and high figures "
            "(\u201chundreds\u201d counts as 200\u2013999, \u201cthousands\u201d as "
            "2,000\u20139,999)."
        )
    if "arrests" in panels:
        notes.append("Protester arrests and immigration detentions are separate counts.")
    disputed = rows[rows["disputed"].fillna(False).to_numpy(dtype=bool)]
    n_disputed = disputed.index.nunique()
    if n_disputed:
        notes.append(
            f"Where sources disagree ({plural(n_disputed, 'event')}), the range between "
            "their figures is shown."
        )
    _precise_rows, _ = _precise(rows)
    n_month = rows.index.nunique() - _precise_rows.index.nunique()
    if n_month:
        notes.append(
            f"{plural(n_month, 'item')} dated only to a month "
            f"{'is' if n_month == 1 else 'are'} not shown."
        )
    return "Note: " + " ".join(notes)


def attach_alt_text(fig: Figure, text: str) -> Figure:
    """Store alt text on a figure so :func:`analysis.publish.export.export_chart` finds it."""
    setattr(fig, _ALT_ATTR, text)
    return fig


def alt_text_of(fig: object) -> str | None:
    """The alt text stored by :func:`attach_alt_text`, or None."""
    return getattr(fig, _ALT_ATTR, None)
