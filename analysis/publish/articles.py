"""Export a report's article charts: the combined chart and its three panels, with their words.

A timeline report writes, for its selection of events, the static charts an article would use
(:mod:`analysis.charts.static`) through :func:`analysis.publish.export.export_chart`: PNG, SVG and
PDF
at article widths plus alt text. The headline of each chart states what the data show (the
peak day, the busiest level of government), worked out here from :mod:`analysis.prep.aggregate`,
because a title must state a finding and the finding changes with the selection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.charts import static as charts_static
from analysis.charts import words as alttext
from analysis.charts.style import ARTICLE_WIDTH_IN, RESPONSE_LEVEL_STYLE, house_style
from analysis.fmt import format_count, format_day, format_day_range, plural
from analysis.prep import aggregate
from analysis.prep.episodes import find_episodes
from analysis.publish.export import export_chart

#: The charts a timeline report exports, in reading order.
ARTICLE_CHARTS = ("combined", "crowd", "arrests", "responses")


@dataclass(frozen=True)
class ArticleChart:
    """One exported chart: its name, headline, subtitle, alt text and files."""

    name: str
    title: str
    subtitle: str
    alt_text: str
    files: tuple[Path, ...]

    def file_names(self, relative_to: Path | None = None) -> list[str]:
        """Return the written files as names (relative to ``relative_to`` when given)."""
        if relative_to is None:
            return [p.name for p in self.files]
        return [p.relative_to(relative_to).as_posix() for p in self.files]


def period_label(events: pd.DataFrame) -> str:
    """Return the span of the selection as readers see it ("6–7 Jun 2025")."""
    if events.empty:
        return ""
    return format_day_range(events["date"].min(), events["date"].max())


def _peak_day(series: pd.DataFrame, column: str = "mid_sum") -> str | None:
    found = aggregate.peak(series, column) if not series.empty else None
    return format_day(found[0]) if found else None


def _crowd_peak(series: pd.DataFrame) -> tuple[str, str] | None:
    """Return the day with the largest *low* crowd total and that total, for a headline.

    Headlines use the low end of each estimate (the Crowd Counting Consortium's convention), so
    a single vague "thousands" (2,000-9,999, midpoint about 6,000) cannot outrank a day of
    several counted rallies; the charts themselves still show the full ranges.
    """
    found = aggregate.peak(series, "low_sum") if not series.empty else None
    return (format_day(found[0]), format_count(found[1])) if found else None


def headlines(
    events: pd.DataFrame, sources: pd.DataFrame, *, place: str = alttext.PLACE
) -> dict[str, tuple[str, str]]:
    """Return ``{chart: (title, subtitle)}``: the finding, then measure, place and period.

    Parameters
    ----------
    events : pandas.DataFrame
        The selected events.
    sources : pandas.DataFrame
        The sources (publisher names).
    place : str
        Where the events are, for subtitles.
    """
    period = period_label(events)
    local = aggregate.LOCAL_SCOPES
    scoped = events[events["scope"].astype("string").isin(local).fillna(False).to_numpy(bool)]
    crowd_peak = _crowd_peak(aggregate.crowd_series(scoped, sources=sources))
    arrest_peak = _peak_day(aggregate.arrests_series(scoped, sources=sources))
    responses = aggregate.response_events(events, sources=sources)
    # as the responses chart: a response dated only to a month has no day to be drawn on
    month_only = (responses["date_precision"].astype("string") == "month").fillna(False)
    responses = responses[~month_only.to_numpy(bool)]
    episodes = find_episodes(events)

    crowd_title = (
        f"Reported crowds peaked on {crowd_peak[0]}: at least {crowd_peak[1]} people"
        if crowd_peak
        else "No source reports a crowd size for these demonstrations"
    )
    arrests_title = (
        f"Most protester arrests were reported on {arrest_peak}"
        if arrest_peak
        else "No source reports a number of protesters arrested"
    )
    if responses.empty:
        responses_title = "No official response is recorded in this period"
    else:
        counts = responses["response_level"].astype("string").value_counts()
        level = str(counts.index[0])
        label = RESPONSE_LEVEL_STYLE.get(level, (None, None, None, level.capitalize()))[3]
        responses_title = (
            f"{label} officials responded most often: "
            f"{int(counts.iloc[0])} of {plural(len(responses), 'response')} dated to a day"
        )
    if len(episodes) > 1:
        combined_title = f"Protests came in {len(episodes)} bursts" + (
            f"; crowds peaked on {crowd_peak[0]}" if crowd_peak else ""
        )
    else:
        combined_title = crowd_title
    return {
        "combined": (
            combined_title,
            f"Reported crowd sizes, arrests and official responses, {place}, {period}",
        ),
        "crowd": (crowd_title, f"Reported crowd size per demonstration, people, {place}, {period}"),
        "arrests": (
            arrests_title,
            f"Protesters arrested and people detained by immigration agents, {place}, {period}",
        ),
        "responses": (
            responses_title,
            f"Official responses by level of government, {period}",
        ),
    }


def _single(draw: Callable[..., object], events: pd.DataFrame, sources: pd.DataFrame, h: float):
    import matplotlib.pyplot as plt

    with house_style():
        fig, ax = plt.subplots(figsize=(ARTICLE_WIDTH_IN, h), layout="constrained")
        draw(events, sources=sources, ax=ax)
    return fig


def export_article_charts(
    events: pd.DataFrame,
    sources: pd.DataFrame,
    out_dir: str | Path,
    *,
    place: str = alttext.PLACE,
    formats: tuple[str, ...] = ("png", "svg", "pdf"),
) -> list[ArticleChart]:
    """Draw and export the four article charts of a selection into ``out_dir``.

    Parameters
    ----------
    events, sources : pandas.DataFrame
        The selected events and the sources.
    out_dir : path-like
        Folder for the files (created if missing).
    place : str
        Where the events are, for subtitles and alt text.
    formats : tuple of str
        Formats for :func:`analysis.publish.export.export_chart`.

    Returns
    -------
    list of ArticleChart
        In :data:`ARTICLE_CHARTS` order.
    """
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    words = headlines(events, sources, place=place)
    figures = {
        "combined": lambda: charts_static.combined_figure(events, sources=sources),
        "crowd": lambda: _single(charts_static.crowd_plot, events, sources, 3.6),
        "arrests": lambda: _single(charts_static.arrests_plot, events, sources, 3.0),
        "responses": lambda: _single(charts_static.responses_plot, events, sources, 3.6),
    }
    alts = {
        "combined": lambda: alttext.combined_alt(events, sources=sources, place=place),
        "crowd": lambda: alttext.crowd_alt(events, sources=sources, place=place),
        "arrests": lambda: alttext.arrests_alt(events, sources=sources, place=place),
        "responses": lambda: alttext.responses_alt(events, sources=sources),
    }
    results = []
    for name in ARTICLE_CHARTS:
        title, subtitle = words[name]
        alt = alts[name]()
        fig = figures[name]()
        try:
            written = export_chart(
                fig,
                name,
                out,
                title=title,
                subtitle=subtitle,
                source=alttext.source_line(events, sources=sources, chart=name),
                notes=alttext.notes_line(events, sources=sources, chart=name),
                alt_text=alt,
                formats=formats,
            )
        finally:
            plt.close(fig)
        results.append(ArticleChart(name, title, subtitle, alt, tuple(written.paths)))
    return results


def exports_table(charts: list[ArticleChart], out_dir: str | Path) -> pd.DataFrame:
    """Return the exported charts as a table for a report: headline, files, preview, alt text.

    ``preview`` is the path of the 640-px PNG relative to the report folder (the parent of
    ``out_dir``), so a report can link to it.
    """
    base = Path(out_dir)
    previews = []
    for chart in charts:
        pngs = [p for p in chart.files if p.suffix == ".png"]
        previews.append(f"{base.name}/{pngs[0].relative_to(base).as_posix()}" if pngs else None)
    return pd.DataFrame(
        {
            "Chart": [c.name for c in charts],
            "Headline": [c.title for c in charts],
            "Preview": [Path(p).name if p else None for p in previews],
            "preview": previews,
            "Files": [", ".join(c.file_names(base)) for c in charts],
            "Alt text": [c.alt_text for c in charts],
        }
    )
