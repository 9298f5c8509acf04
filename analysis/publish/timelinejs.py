"""Export selected events as a TimelineJS sheet (Knight Lab) an editor can paste into the tool.

The sheet is the chronology (:mod:`analysis.spec.chronology`) in TimelineJS's columns: one
slide per item, its headline the event's title and its text what the chronology's sentence adds
to it (never the headline again; a claim is a claim, a figure carries its "at least"), the
sources' own short phrases and the sources with their reliability; the slides
are grouped by the chronology's episodes, dated in the precision the data know (a month-dated
item has no day), and the title slide carries the lede. At scale the sheet keeps the
chronology's :data:`analysis.spec.significance.FILE_ITEMS` most significant events, by its
documented rule, and a last slide says what is left out (:func:`left_out_slide`). No curator
note or column name reaches a slide. A dispute group is one slide headed by the account of the
most reliable source (see :func:`headline_rows`). TimelineJS renders ``Headline`` and ``Text``
as HTML, so every piece of text from the CSVs is escaped (``<``, ``>``, ``&``: no entity for a
quote mark, which a reader would see in the sheet) and only ``http``/``https`` links are
written; the only markup is the paragraphs and links this module builds. The sheet is written
by :mod:`analysis.publish.csvfiles`, so no cell runs as a formula when it is imported into
Google Sheets.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.charts.style import event_type_style
from analysis.data.load import Dataset
from analysis.errors import ParameterError
from analysis.fmt import format_day
from analysis.prep import aggregate
from analysis.prep.facts import Facts, as_facts
from analysis.publish.chronology import safe_url
from analysis.publish.csvfiles import csv_text, write_csv
from analysis.spec.chronology import Chronology, Entry, Item, build_chronology

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


def _esc(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(" ".join(str(value).split()), quote=False)


def source_entries(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's escaped citation (publisher, title, date, safe link), by ``source_id``:
    worked out once per sheet, not once per slide."""
    entries = {}
    for row in sources.to_dict("records"):
        published = row.get("published")
        when = f", {format_day(published)}" if pd.notna(published) else ""
        text = f"{_esc(row['publisher'])}: \u201c{_esc(row['title'])}\u201d{when}"
        url = safe_url(row.get("url"))
        entries[str(row["source_id"])] = (
            f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text
        )
    return entries


def _citations(item: Item, entries: Mapping[str, str]) -> str:
    """Each of the item's quotes with the sources it comes from, a low-reliability source
    tagged so: "“about 80 people” — Southern California News Group: “…”, 31 Jan 2026"."""
    parts = []
    for citation in item.citations:
        cited = "; ".join(
            entries.get(ref.source_id, _esc(ref.publisher))
            + (" (low-reliability source)" if ref.low else "")
            for ref in citation.sources
        )
        quote = f"{citation.quoted(_esc)} \u2014 " if citation.phrases else ""
        parts.append(f"<p>{quote}{cited}</p>")
    return "".join(parts)


def slide_text(item: Item, sources: Mapping[str, str]) -> str:
    """The HTML of one slide's ``Text``: what the chronology's sentence adds to the headline
    (its place, responder, figures: :attr:`Item.detail`, never the headline again), then its
    quotes and sources.

    Every value from the data is escaped; the markup (paragraphs, links) is ours.
    ``sources`` is :func:`source_entries` of the sources table, worked out once per sheet.
    """
    first = f"<p>{_esc(item.detail)}</p>" if item.detail else ""
    return first + _citations(item, sources)


def _dates(entry: Entry) -> dict[str, str]:
    """TimelineJS's date cells of an entry: a month-dated one has no day; a week, several days
    or a month span from its first to its last day."""
    start, end = entry.start, entry.end
    if entry.precision == "month":
        end = start + pd.offsets.MonthEnd(0)
    spans = entry.precision != "day" and end != start
    return {
        "Year": str(start.year),
        "Month": str(start.month),
        "Day": "" if entry.precision == "month" else str(start.day),
        "End Year": str(end.year) if spans else "",
        "End Month": str(end.month) if spans else "",
        "End Day": str(end.day) if spans else "",
        "Display Date": _esc(entry.when),
    }


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
    chronology: Chronology | None = None,
    **choices: object,
) -> pd.DataFrame:
    """Return the TimelineJS sheet of a selection, one slide per item of its chronology.

    Parameters
    ----------
    data
        The facts model of the selection (or the dataset, or an events frame with
        ``sources``); dispute groups are one slide.
    sources
        The sources table, when ``data`` is an events frame.
    group
        "episode" (the chronology's episode, e.g. "6–7 Jun 2025"), "event_type", or "none".
        TimelineJS draws each group in its own band.
    title, title_text
        Optional title slide (``Type`` "title"); its text is ``title_text``, or the
        chronology's lede, then the items the selection keeps apart. All are escaped.
    chronology
        The selection's chronology when the caller built it already.
    **choices
        The selection, when ``data`` is not a built model (see
        :class:`analysis.prep.selection.Selection`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TIMELINEJS_COLUMNS`, all strings ("" for empty), in the chronology's
        order.
    """
    if group not in ("episode", "event_type", "none"):
        raise ParameterError(
            f"group: {group!r} is not a grouping; valid values: 'episode', 'event_type', 'none'"
        )
    facts = as_facts(data, sources=sources, **choices)
    chronology = chronology if chronology is not None else build_chronology(facts)
    events = facts.events
    times = facts.details()["time"] if not events.empty else pd.Series(dtype="string")
    headlines = headline_rows(facts)
    rows = []
    if title:
        text = title_text if title_text is not None else chronology.lede
        # The items kept apart (dated only to a week or month the selection covers in part).
        apart = "".join(f"<p>{_esc(group.sentence)}</p>" for group in chronology.apart)
        rows.append(
            {
                **dict.fromkeys(TIMELINEJS_COLUMNS, ""),
                "Headline": _esc(title),
                "Text": (f"<p>{_esc(text)}</p>" if text else "") + apart,
                "Type": "title",
            }
        )
    entries = source_entries(facts.sources)
    for episode in chronology.episodes:
        for entry in episode.entries:
            dates = _dates(entry)
            for item in entry.items:
                key = item.key
                time = times.get(key)
                if group == "episode":
                    band = episode.title
                elif group == "event_type":
                    band = event_type_style(str(events.at[key, "event_type"]))[2]
                else:
                    band = ""
                rows.append(
                    {
                        **dict.fromkeys(TIMELINEJS_COLUMNS, ""),
                        **dates,
                        "Time": time if isinstance(time, str) and entry.precision == "day" else "",
                        "Headline": _esc(headlines.get(key, events.at[key, "title"])),
                        "Text": slide_text(item, entries),
                        "Group": _esc(band),
                    }
                )
    if chronology.left_out.any and facts.period is not None:
        rows.append(left_out_slide(chronology, facts.period[1]))
    return pd.DataFrame(rows, columns=list(TIMELINEJS_COLUMNS), dtype="string").fillna("")


#: The last slide of a shortened sheet: its date cell and headline.
LEFT_OUT_DATE = "About this timeline"
LEFT_OUT_HEADLINE = "What this timeline leaves out"


def left_out_slide(chronology: Chronology, last_day: pd.Timestamp) -> dict[str, str]:
    """The sheet's last slide when the chronology tells only its most significant events
    (:mod:`analysis.spec.significance`): the rule and what it left out, per step. It sits on
    the selection's last day, its date cell reading :data:`LEFT_OUT_DATE` (no event's day)."""
    day = pd.Timestamp(last_day)
    return {
        **dict.fromkeys(TIMELINEJS_COLUMNS, ""),
        "Year": str(day.year),
        "Month": str(day.month),
        "Day": str(day.day),
        "Display Date": LEFT_OUT_DATE,
        "Headline": LEFT_OUT_HEADLINE,
        "Text": f"<p>{_esc(chronology.closing('This timeline'))}</p>",
    }


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
    chronology: Chronology | None = None,
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
        chronology=chronology,
        **choices,
    )
    return write_csv(frame[list(TIMELINEJS_COLUMNS)].fillna(""), path)
