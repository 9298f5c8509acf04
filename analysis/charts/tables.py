"""The tables a report shows next to its charts, written from the facts model of its selection.

Overview, every event with its figures and sources, the figures no source gives, disputed
figures side by side, and the official responses with what they followed. Each function takes
:class:`analysis.prep.facts.Facts` and returns a small pandas frame with reader-facing column
names; the counts and figures are the model's, so the summary says what the charts and their
alt texts say. A figure no source reports stays empty (never 0), a disputed figure is the range
between the sources, and each source carries its reliability. The data behind each chart
("Get the data") is in :mod:`analysis.charts.chartdata`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.charts.style import RESPONSE_LEVEL_STYLE, event_type_style
from analysis.fmt import format_count, format_day, format_range, join_words, plural
from analysis.prep.aggregate import MEASURES, split_cell
from analysis.prep.facts import Facts
from analysis.prep.marks import figure_words
from analysis.spec import words

#: Reader-facing names of the figures, for the "missing figures" table.
MEASURE_LABELS = {
    "crowd": "Crowd size",
    "arrests": "Protesters arrested",
    "immigration": "People detained by immigration agents",
}


def type_label(event_type: object) -> str:
    """The reader-facing label of an event type ("day_of_action" -> "Day of action")."""
    return event_type_style(str(event_type))[2]


def source_labels(sources: pd.DataFrame) -> dict[str, str]:
    """Map each source_id to "Publisher (reliability)", e.g. "Al Jazeera (high)"."""
    return {
        str(row.source_id): f"{row.publisher} ({row.reliability})"
        for row in sources.itertuples(index=False)
    }


def _figure_column(ev: pd.DataFrame, measure: str) -> pd.Series:
    """A measure's figure per event of ``ev``, worded as the charts label it ("at least 44").

    ``ev`` is rows of ``facts.events``: the figures and flags are there, so no caller has to
    build the worded details (:meth:`Facts.details`) for it.
    """
    parts = pd.DataFrame(
        {
            "low": ev[f"{measure}_low"],
            "high": ev[f"{measure}_high"],
            "open": ev[f"{measure}_open"].fillna(False).astype(bool),
            "disputed": ev["disputed"].fillna(False).astype(bool),
        }
    )
    text = _per_distinct(
        parts, lambda r: figure_words(r["low"], r["high"], r["open"], r["disputed"])
    )
    out = pd.Series(text, index=ev.index, dtype="string").replace("", pd.NA)
    if measure == "crowd":
        claim = ev["crowd_claim"].to_numpy(bool)
        weak = ev["weak"].to_numpy(bool) & ev["crowd_low"].notna().to_numpy(bool)
        out[claim] = "(" + out[claim] + ", official's claim)"
        out[weak & ~claim] = out[weak & ~claim] + " (low-reliability sources)"
    return out


def _per_distinct(frame: pd.DataFrame, words_of: Any) -> np.ndarray:
    """``words_of(row)`` for every row of ``frame``, worked out once per distinct row.

    A table of 100,000 events has a few thousand distinct dates and figures: wording each
    distinct one and spreading the words back is linear, where a Python call per row took
    seconds.
    """
    if frame.empty:
        return np.array([], dtype=object)
    ids = frame.groupby(list(frame.columns), dropna=False, sort=False, observed=True).ngroup()
    first = frame[~ids.duplicated().to_numpy(bool)]
    said = np.array([words_of(r) for r in first.to_dict("records")] + [""], dtype=object)
    codes = ids.to_numpy()
    return said[np.where(codes < 0, len(said) - 1, codes)]


#: The columns :func:`analysis.spec.words.when_words` reads from an event.
_WHEN_COLUMNS = ("start", "end", "date", "date_end", "date_precision")


def _event_columns(facts: Facts, keys: pd.Index) -> dict[str, pd.Series]:
    """The columns every event listing starts with: date (label and sort key), type, title, city."""
    ev = facts.events.loc[keys]
    when = ev[[c for c in _WHEN_COLUMNS if c in ev]]
    return {
        "Date": pd.Series(_per_distinct(when, words.when_words), index=keys, dtype="string"),
        "date_sort": ev["date"].dt.strftime("%Y-%m-%d"),
        "Type": ev["event_type"].map(type_label).astype("string"),
        "Event": ev["title"].astype("string"),
        "City": ev["city"].astype("string"),
    }


def overview(facts: Facts) -> pd.DataFrame:
    """The headline numbers of a selection as a two-column table (what, value).

    Every count is the model's (:class:`analysis.prep.facts.Counts`), so it is the count the
    charts draw and the alt texts give; figures no source reports are "not reported".
    """
    c = facts.counts
    crowd = facts.crowd
    not_on_chart = [
        f"{format_count(n)} {reason}" for reason, n in facts.not_drawn_counts(("crowd",)).items()
    ]
    largest = "not reported"
    if crowd.largest:
        parts = []
        for key in crowd.largest:
            m = crowd.marks.loc[key]
            words_ = figure_words(m["low"], m["high"], bool(m["open"]), bool(m["disputed"]))
            parts.append(f"{words_} ({facts.events.at[key, 'title']}, {format_day(m['start'])})")
        largest = "; ".join(parts)
    peak = words.crowd_peak_words(facts) or "not reported"
    arrests = [
        f"{s.what}: {words.series_words(s)}"
        for s in facts.arrests.series.values()
        if s.low_sum is not None
    ]
    levels = ", ".join(
        f"{format_count(n)} {words.LEVEL_WORDS[level]}"
        for level, n in facts.responses.by_level.items()
        if n
    )
    rows = [
        ("Period", words.period_words(facts)),
        ("Events (disputed reports merged)", f"{c.events:,} from {c.rows:,} rows"),
        ("Demonstrations that took place", format_count(c.demonstrations)),
        (
            "… on the crowd chart",
            format_count(c.crowd_drawn)
            + (f" (not shown: {join_words(not_on_chart)})" if not_on_chart else ""),
        ),
        (
            "… with a counted crowd size",
            f"{c.crowd_counted:,} of {c.crowd_drawn:,}"
            + (
                f" (and {plural(c.crowd_weak, 'size')} from low-reliability sources only)"
                if c.crowd_weak
                else ""
            ),
        ),
        ("Largest counted crowd at one place", largest),
        (f"Largest {words.total_word(facts).lower()} total of counted crowds", peak),
        ("Arrests and detentions reported", "; ".join(arrests) if arrests else "not reported"),
        ("Immigration raids or deployments of agents", format_count(c.raids)),
        ("Official responses", format_count(c.responses) + (f" ({levels})" if levels else "")),
        (
            "Cities",
            f"{len(c.cities):,}"
            + (f": {', '.join(c.cities[:8])}" if c.cities else "")
            + (" …" if len(c.cities) > 8 else ""),
        ),
        ("Events with disputed figures", format_count(c.disputed)),
        ("Rows resting on a low-reliability source", f"{c.low_rows:,} of {c.rows:,}"),
    ]
    return pd.DataFrame(rows, columns=["What", "Value"])


def events_table(facts: Facts) -> pd.DataFrame:
    """One row per event with its figures and sources, for the sortable events table.

    Columns: ``Date`` (label) with ``date_sort`` (ISO), ``Type``, ``Event``, ``City``,
    ``Crowd`` with ``crowd_sort`` (low figure), ``Arrests`` (protesters), ``Detained`` (by
    immigration agents), each with its ``*_sort``, ``Disputed``, ``Sources`` ("Publisher
    (reliability)"; several joined by "; "), ``url`` (the main source's address, if known) and
    ``event_ids`` (the rows of ``data/events.csv`` behind the event, joined by ";").
    """
    ev = facts.events  # every column it shows; the worded details are not needed
    keys = ev.index
    labels = source_labels(facts.sources)
    urls = {
        str(sid): (str(url) if isinstance(url, str) and url else None)
        for sid, url in zip(facts.sources["source_id"], facts.sources["url"], strict=True)
    }
    # once per distinct list of sources (a few thousand among 100,000 events)
    codes, cells = pd.factorize(ev["source_ids"].astype("string"), use_na_sentinel=False)
    lists = [split_cell(c) for c in cells]
    named = np.array(["; ".join(labels.get(i, i) for i in s) for s in lists], dtype=object)
    first = np.array([urls.get(s[0]) if s else None for s in lists], dtype=object)
    return pd.DataFrame(
        {
            **_event_columns(facts, keys),
            "Crowd": _figure_column(ev, "crowd"),
            "crowd_sort": ev["crowd_low"].where(~ev["crowd_claim"]),
            "Arrests": _figure_column(ev, "arrests"),
            "arrests_sort": ev["arrests_low"],
            "Detained": _figure_column(ev, "immigration"),
            "detained_sort": ev["immigration_low"],
            "Disputed": np.where(ev["disputed"].fillna(False).to_numpy(bool), "yes", ""),
            "Sources": named[codes],
            "url": first[codes],
            "event_ids": ev["event_ids"].astype("string"),
        },
        index=keys,
    ).reset_index(drop=True)


#: The events table's columns as the report's CSV download names them (:func:`events_csv`).
EVENTS_CSV_COLUMNS = {
    "date_sort": "date",
    "Date": "when",
    "Type": "type",
    "Event": "event",
    "City": "city",
    "Crowd": "crowd",
    "crowd_sort": "crowd_low",
    "Arrests": "arrests",
    "arrests_sort": "arrests_low",
    "Detained": "detained",
    "detained_sort": "detained_low",
    "Disputed": "disputed",
    "Sources": "sources",
    "url": "url",
    "event_ids": "event_ids",
}


def events_csv(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`events_table` as the report's "every event" CSV: every row, plain column names.

    ``date`` is the ISO day the table sorts by and ``when`` its words; each figure keeps its
    words (``crowd``: "at least 200") beside the lowest figure (``crowd_low``, empty when no
    source gives one, never 0; an official's claim has none).
    """
    return table[list(EVENTS_CSV_COLUMNS)].rename(columns=EVENTS_CSV_COLUMNS)


def missing_figures(facts: Facts) -> pd.DataFrame:
    """Per figure, how many events it applies to and how many sources report it."""
    rows = []
    for measure, r in facts.figure_coverage.iterrows():
        n, k = int(r["applies"]), int(r["reported"])
        rows.append(
            {
                "Figure": MEASURE_LABELS[str(measure)],
                "Applies to": f"{n:,} events",
                "Reported": k,
                "Not reported": n - k,
                "Share reported": f"{k / n:.0%}" if n else "",
            }
        )
    return pd.DataFrame(rows)


def events_missing(facts: Facts, measure: str) -> pd.DataFrame:
    """The events a figure applies to but no source reports (see :meth:`Facts.missing_figure`)."""
    keys = facts.missing_figure(measure)
    return pd.DataFrame(
        {
            **_event_columns(facts, keys),
            "Main source": facts.details(keys)["main_publisher"].astype("string"),
        }
    ).reset_index(drop=True)


def disputed_figures(facts: Facts) -> pd.DataFrame:
    """The rows of every dispute group side by side: one line per source's account.

    ``Range shown`` is what the charts draw for the merged event: the smallest to the largest
    reported figure.
    """
    columns = [
        "Dispute",
        "Date",
        "Event",
        "Source",
        "Reliability",
        "Figure",
        "Wording",
        "Reported",
        "Range shown",
    ]
    rows = facts.dispute_rows
    labels = facts.sources.set_index("source_id")
    merged_events = facts.details(rows["key"].unique()) if len(rows) else facts.events.iloc[:0]
    out = []
    for row in rows.itertuples(index=False):
        main = (split_cell(row.source_ids) or [""])[0]
        merged = merged_events.loc[row.key] if row.key in merged_events.index else None
        for measure, (low_col, high_col, text_col) in MEASURES.items():
            low = getattr(row, low_col)
            high = getattr(row, high_col) if high_col else None
            if pd.isna(low) and (high is None or pd.isna(high)):
                continue
            wording = getattr(row, text_col)
            out.append(
                {
                    "Dispute": row.key,
                    "Date": format_day(row.date),
                    "Event": row.title,
                    "Source": labels["publisher"].get(main, main),
                    "Reliability": labels["reliability"].get(main, ""),
                    "Figure": MEASURE_LABELS.get(measure, measure.capitalize()),
                    "Wording": "" if pd.isna(wording) else wording,
                    "Reported": format_range(low, high if high_col else low),
                    "Range shown": ""
                    if merged is None
                    else figure_words(
                        merged[f"{measure}_low"],
                        merged[f"{measure}_high"],
                        bool(merged[f"{measure}_open"]),
                        bool(merged["disputed"]),
                    ),
                }
            )
    return pd.DataFrame(out, columns=columns)


def response_timing(facts: Facts) -> pd.DataFrame:
    """Each official response, in date order, with the events its sources say it answers.

    "Answers" names them (title and date) only where a source ties the response to them
    (events.csv ``responds_to``); "Days after" is given only where the sources date the
    response and each event it answers to the day (not a day the project worked out). The
    rest are listed in order with no relation: a delay read off the dates would present an
    unrelated event as the cause.
    """
    context = facts.response_context
    ev = facts.events

    def named(key: object) -> str:
        return f"{ev.at[key, 'title']} ({words.when_words(ev.loc[key])})"

    rows = []
    for key, r in context.iterrows():
        e = ev.loc[key]
        answers = [named(k) for k in r["answers"]]
        if r["outside"]:
            answers.append(plural(int(r["outside"]), "event") + " outside this selection")
        rows.append(
            {
                "Date": words.when_words(e),
                "date_sort": e["date"].strftime("%Y-%m-%d"),
                "Level": RESPONSE_LEVEL_STYLE[str(e["response_level"])][2],
                "Who": e["response_actor"] if not pd.isna(e["response_actor"]) else "",
                "Response": str(e["response_type"]).replace("_", " ")
                if not pd.isna(e["response_type"])
                else "",
                "What": e["title"],
                "Status": str(e["status"]),
                "Answers (per its sources)": "; ".join(answers),
                "Days after": r["days"],
            }
        )
    out = pd.DataFrame(rows)
    if "Days after" in out:
        out["Days after"] = out["Days after"].astype("Int64")
    return out


def responses_by_level(facts: Facts) -> pd.DataFrame:
    """Official responses per level of government and type (a level-by-type table)."""
    table = facts.responses_by_level_type
    if table.empty:
        return pd.DataFrame()
    table = table.rename(index=lambda lvl: RESPONSE_LEVEL_STYLE[str(lvl)][2])
    table.columns = [str(c).replace("_", " ") for c in table.columns]
    table.index.name = "Level"
    return table.reset_index()
