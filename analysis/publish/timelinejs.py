"""Export selected events as a TimelineJS sheet (Knight Lab) an editor can paste into the tool.

One slide per event of the facts model, with dispute groups merged into one slide that quotes
every source and takes its headline from the account of the most reliable source (see
:func:`headline_rows`), grouped by the segments of the charts' time axis. The
columns are those of the TimelineJS Google Sheets template. TimelineJS renders ``Headline``,
``Text`` and the media fields as HTML, so every piece of text from the CSVs is escaped with
``html.escape`` and only ``http``/``https`` links are written; the only markup in the sheet is
the paragraphs and links this module builds itself. The sheet is written by
:mod:`analysis.publish.csvfiles`, so no cell runs as a formula when it is imported into Google
Sheets.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from analysis.charts.style import ARREST_STYLE, RESPONSE_LEVEL_STYLE, event_type_style
from analysis.data.load import Dataset
from analysis.errors import ParameterError
from analysis.fmt import format_day, format_month, format_range
from analysis.prep import aggregate
from analysis.prep.facts import Facts, as_facts
from analysis.publish.csvfiles import csv_text, write_csv
from analysis.spec.phrases import crowd_line

#: The TimelineJS spreadsheet columns, in template order.
TIMELINEJS_COLUMNS: tuple[str, ...] = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)

_FIGURE_UNITS = {
    "events": "events",
    "cities": "cities",
    "organizations": "organizations",
    "arrests_per_day": "arrests a day",
    "officers": "officers",
}


def _esc(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(" ".join(str(value).split()), quote=True)


def _safe_url(url: object) -> str | None:
    if not isinstance(url, str) or not url.strip():
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _wordings(label: str, low: object, high: object, is_open: object, wording: object) -> str:
    if low is None or pd.isna(low):
        return ""
    figure = format_range(low, high, open_ended=bool(is_open) if pd.notna(is_open) else False)
    quoted = (
        "; ".join(_esc(w) for w in str(wording).split(" | ")) if isinstance(wording, str) else ""
    )
    return f"<p><b>{_esc(label)}: {_esc(figure)}</b>" + (f" — {quoted}" if quoted else "") + "</p>"


def _crowd(row: pd.Series) -> str:
    """The crowd as the charts word it (:func:`analysis.spec.hover.crowd_line`): a claim as
    the claim, a figure with its "at least", and the sources' own words beside a figure."""
    line = crowd_line(row)
    if line.style == "caveat":
        return "" if line.text.startswith("Crowd: no count") else f"<p><i>{_esc(line.text)}</i></p>"
    wording = row.get("crowd_wording")
    quoted = (
        "; ".join(_esc(w) for w in str(wording).split(" | ")) if isinstance(wording, str) else ""
    )
    return f"<p><b>{_esc(line.text)}</b>" + (f" — {quoted}" if quoted else "") + "</p>"


def source_entries(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's escaped citation (publisher, title, date, safe link), by ``source_id``:
    worked out once per sheet, not once per slide."""
    entries = {}
    for row in sources.to_dict("records"):
        published = row.get("published")
        when = f", {format_day(published)}" if pd.notna(published) else ""
        text = f"{_esc(row['publisher'])}: \u201c{_esc(row['title'])}\u201d{when}"
        url = _safe_url(row.get("url"))
        entries[str(row["source_id"])] = (
            f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text
        )
    return entries


def _source_list(source_ids: object, entries: Mapping[str, str]) -> str:
    items = [entries.get(sid, _esc(sid)) for sid in aggregate.split_cell(source_ids)]
    return "<p>Sources: " + "; ".join(items) + "</p>" if items else ""


def slide_text(row: pd.Series, sources: Mapping[str, str]) -> str:
    """The HTML of one slide's ``Text``: place, figures in the sources' words, response, sources.

    Every value from the data is escaped; the markup (paragraphs, bold, links) is ours.
    ``sources`` is :func:`source_entries` of the sources table, worked out once per sheet.
    """
    parts = []
    place = ", ".join(
        _esc(v) for v in (row.get("location"), row.get("city")) if isinstance(v, str) and v
    )
    if place:
        parts.append(f"<p>{place}</p>")
    parts.append(_crowd(row))
    parts.append(
        _wordings(
            ARREST_STYLE["protesters"][3],
            row["arrests_low"],
            row["arrests_high"],
            row["arrests_open"],
            row["arrests_wording"],
        )
    )
    parts.append(
        _wordings(
            ARREST_STYLE["immigration"][3],
            row["immigration_low"],
            row["immigration_high"],
            row["immigration_open"],
            row["immigration_wording"],
        )
    )
    unit = _FIGURE_UNITS.get(str(row.get("figure_unit")), "")
    parts.append(
        _wordings(
            f"Figure ({unit})" if unit else "Figure",
            row["figure_low"],
            row["figure_high"],
            row["figure_open"],
            row["figure_wording"],
        )
    )
    level = row.get("response_level")
    if isinstance(level, str) and level in RESPONSE_LEVEL_STYLE:
        what = str(row.get("response_type") or "response").replace("_", " ")
        parts.append(
            f"<p>Response ({_esc(RESPONSE_LEVEL_STYLE[level][2].lower())}): "
            f"{_esc(row.get('response_actor'))}, {_esc(what)}</p>"
        )
    if str(row.get("status")) == "announced":
        parts.append(
            "<p><i>Announced or planned; the source does not report it took place.</i></p>"
        )
    if bool(row.get("disputed")):
        parts.append("<p><i>Sources disagree on the figures; the range spans them.</i></p>")
    notes = row.get("notes")
    if isinstance(notes, str) and notes.strip():
        parts.append(f"<p>Note: {_esc(notes)}</p>")
    parts.append(_source_list(row.get("source_ids"), sources))
    return "".join(p for p in parts if p)


def _display_date(row: pd.Series) -> str:
    precision = str(row.get("date_precision"))
    if precision == "month":
        return format_month(row["date"])
    if precision == "week":
        return f"Week of {format_day(row['date'])}"
    end = row.get("date_end")
    if pd.notna(end) and end != row["date"]:
        return f"{format_day(row['date'])} \u2013 {format_day(end)}"
    return format_day(row["date"])


def _end(row: pd.Series) -> pd.Timestamp | None:
    precision = str(row.get("date_precision"))
    end = row.get("date_end")
    if pd.notna(end) and end != row["date"]:
        return end
    if precision == "week":
        return row["date"] + pd.Timedelta(days=6)
    if precision == "month":
        return row["date"] + pd.offsets.MonthEnd(0)
    return None


#: Reliability grades of ``sources.csv``, best first (a missing grade ranks last).
RELIABILITY_ORDER = ("high", "medium", "low")


def headline_rows(facts: Facts) -> dict[str, str]:
    """Per event merged from several rows (a dispute group), the headline of its slide.

    It is the ``title`` of the row whose main source (the first of its ``source_ids``, the
    one its figures come from) is the most reliable in ``sources.csv`` (high, then medium,
    then low); between rows of equal grade, the first in the data. Events of one row keep
    their own title and are not listed.
    """
    merged = facts.events[facts.events["n_rows"].to_numpy() > 1]
    if merged.empty:
        return {}
    grade = dict(
        zip(
            facts.sources["source_id"].astype(str),
            facts.sources["reliability"].astype("string"),
            strict=True,
        )
    )
    rank = {level: i for i, level in enumerate(RELIABILITY_ORDER)}
    rows = facts.rows.assign(_id=facts.rows["event_id"].astype(str))
    titles = dict(zip(rows["_id"], rows["title"], strict=True))
    mains = {
        row_id: (aggregate.split_cell(cell) or [""])[0]
        for row_id, cell in zip(rows["_id"], rows["source_ids"], strict=True)
    }
    out = {}
    for key, cell in merged["event_ids"].items():
        ids = [i for i in aggregate.split_cell(cell) if i in titles]
        if ids:
            best = min(ids, key=lambda i: rank.get(str(grade.get(mains[i])), len(rank)))
            out[str(key)] = str(titles[best])
    return out


def timelinejs_frame(
    data: Facts | Dataset | pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    group: str = "episode",
    title: str | None = None,
    title_text: str | None = None,
    **choices: object,
) -> pd.DataFrame:
    """Return the TimelineJS sheet of a selection, one slide per event.

    Parameters
    ----------
    data
        The facts model of the selection (or the dataset, or an events frame with
        ``sources``); dispute groups are one slide.
    sources
        The sources table, when ``data`` is an events frame.
    group
        "episode" (the segment of the charts' time axis an event is on, e.g.
        "6–7 Jun 2025"), "event_type", or "none". TimelineJS draws each group in its own band.
    **choices
        The selection, when ``data`` is not a built model (see
        :class:`analysis.prep.selection.Selection`).
    title, title_text
        Optional title slide (``Type`` "title"); both are escaped.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TIMELINEJS_COLUMNS`, all strings ("" for empty), in date order. Rows
        dated only to a month have no Day (and, with ``group="episode"``, are grouped by their
        month unless an episode covers the 1st); week rows span Monday to Sunday.
    """
    if group not in ("episode", "event_type", "none"):
        raise ParameterError(
            f"group: {group!r} is not a grouping; valid values: 'episode', 'event_type', 'none'"
        )
    facts = as_facts(data, sources=sources, **choices)
    sources = facts.sources
    figures = facts.details()
    if group == "episode":
        axis = facts.axis
        segment = [
            axis.segment_of(x) if axis is not None and pd.notna(x) else None for x in figures["x"]
        ]
        groups = [
            axis.labels[i] if axis is not None and i is not None else format_month(day)
            for i, day in zip(segment, figures["date"], strict=True)
        ]
    elif group == "event_type":
        groups = [event_type_style(str(t))[2] for t in figures["event_type"]]
    else:
        groups = [""] * len(figures)
    headlines = headline_rows(facts)
    rows = []
    if title:
        rows.append(
            {
                **dict.fromkeys(TIMELINEJS_COLUMNS, ""),
                "Headline": _esc(title),
                "Text": f"<p>{_esc(title_text)}</p>" if title_text else "",
                "Type": "title",
            }
        )
    entries = source_entries(sources)
    for (key, row), group_label in zip(figures.iterrows(), groups, strict=True):
        date = row["date"]
        end = _end(row)
        precision = str(row.get("date_precision"))
        time = row.get("time")
        rows.append(
            {
                "Year": str(date.year),
                "Month": str(date.month),
                "Day": "" if precision == "month" else str(date.day),
                "Time": time if isinstance(time, str) else "",
                "End Year": str(end.year) if end is not None else "",
                "End Month": str(end.month) if end is not None else "",
                "End Day": str(end.day) if end is not None else "",
                "End Time": "",
                "Display Date": _esc(_display_date(row)),
                "Headline": _esc(headlines.get(str(key), row["title"])),
                "Text": slide_text(row, entries),
                "Media": "",
                "Media Credit": _esc(
                    "Source: " + ", ".join(aggregate.split_cell(row.get("publishers")))
                ),
                "Media Caption": "",
                "Media Thumbnail": "",
                "Type": "",
                "Group": _esc(group_label),
                "Background": "",
            }
        )
    return pd.DataFrame(rows, columns=list(TIMELINEJS_COLUMNS), dtype="string").fillna("")


def timelinejs_csv(frame: pd.DataFrame) -> str:
    """The sheet as CSV text (UTF-8, header row, quoted where needed; see ``csvfiles.csv_text``).

    Written by :func:`analysis.publish.csvfiles.csv_text`: a cell that a spreadsheet would run as
    a formula (a headline starting with ``=``, ``+``, ``-`` or ``@``) gets a leading ``'``, which
    Google Sheets, where TimelineJS users import the sheet, reads as "text" and does not show.
    """
    return csv_text(frame[list(TIMELINEJS_COLUMNS)].fillna(""))


def write_timelinejs(
    data: Facts | Dataset | pd.DataFrame,
    path: str | Path,
    *,
    sources: pd.DataFrame | None = None,
    group: str = "episode",
    title: str | None = None,
    title_text: str | None = None,
    **choices: object,
) -> Path:
    """Write the TimelineJS sheet of :func:`timelinejs_frame` to ``path`` atomically.

    Returns the path. Import the file into a copy of Knight Lab's Google Sheets template
    (File > Import > Replace current sheet) and publish it to the web.
    """
    frame = timelinejs_frame(
        data,
        sources=sources,
        group=group,
        title=title,
        title_text=title_text,
        **choices,
    )
    return write_csv(frame[list(TIMELINEJS_COLUMNS)].fillna(""), path)
