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
from analysis.data import schema
from analysis.data.labels import response_type_label, status_label
from analysis.fmt import format_count, format_day, format_range, join_words, plural
from analysis.prep.aggregate import MEASURES, split_cell
from analysis.prep.crowd import claim_words, estimate_words
from analysis.prep.facts import Facts
from analysis.prep.marks import figure_words, says_about, whose_estimate
from analysis.spec import showing, words

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


def _figure_column(ev: pd.DataFrame, measure: str, wording: pd.Series | None = None) -> pd.Series:
    """A measure's figure per event of ``ev``, worded as the charts label it: "at least 44",
    "about 2,500" (``wording``, the sources' words, calls an exact figure an estimate), "hundreds
    (an advocate's estimate)"; an official's crowd figure is that official's claim
    in its own words ("Department of Homeland Security claim: “1,000 rioters”").

    ``ev`` is rows of ``facts.events``: the figures and flags are there, so no caller has to
    build the worded details (:meth:`Facts.details`) for it.
    """
    low, high = ev[f"{measure}_low"], ev[f"{measure}_high"]
    is_open = ev[f"{measure}_open"].fillna(False).astype(bool)
    said = (
        wording.reindex(ev.index).astype("string")
        if wording is not None
        else pd.Series(pd.NA, index=ev.index, dtype="string")
    )
    exact = ((low == high) & ~is_open).fillna(False).astype(bool)
    # the project's one test of an estimate's words, once per distinct wording
    estimate = {w: says_about(w) for w in said.dropna().unique()}
    about = exact & said.map(estimate).fillna(False).astype(bool)
    parts = pd.DataFrame(
        {
            "low": low,
            "high": high,
            "open": is_open,
            "disputed": ev["disputed"].fillna(False).astype(bool),
            "about": about.astype(bool),
        }
    )
    text = _per_distinct(
        parts,
        lambda r: figure_words(r["low"], r["high"], r["open"], r["disputed"], r["about"]),
    )
    out = pd.Series(text, index=ev.index, dtype="string").replace("", pd.NA)
    if measure == "crowd":
        claim = ev["crowd_claim"].to_numpy(bool)
        weak = ev["weak"].to_numpy(bool) & ev["crowd_low"].notna().to_numpy(bool)
        by = estimate_words(ev)
        side = by.ne("").to_numpy(bool) & out.notna().to_numpy(bool) & ~claim
        out[side] = out[side] + by[side].map(whose_estimate).astype("string")
        who = ev["crowd_estimator"] if "crowd_estimator" in ev else pd.Series(None, index=ev.index)
        out[claim] = [
            claim_words(w, t) for w, t in zip(who[claim], said[claim].fillna(""), strict=True)
        ]
        out[weak & ~claim] = out[weak & ~claim] + " (low-reliability sources)"
    return out


def _wording(facts: Facts, measure: str) -> pd.Series | None:
    """The sources' words of ``measure`` per event (worked out when the model was built)."""
    column = f"{measure}_wording"
    return facts.detailed.get(column)


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


#: The crowd panel's reason for an announced demonstration (not one held).
_ANNOUNCED = "announced, not reported as held"


def _is(n: int) -> str:
    return "was" if n == 1 else "were"


def _has(n: int) -> str:
    return "has" if n == 1 else "have"


def overview(facts: Facts) -> pd.DataFrame:
    """The selection in a few plain sentences, for the top of a report: what was counted and
    what the counts add up to.

    One row per topic (``topic``: "Demonstrations", "Crowd sizes", "Largest crowd",
    "Arrests and detentions", "Immigration enforcement", "Official responses",
    "Disagreements", "Sources"; a topic with nothing to say is left out) with its
    ``text``. Every count names what it counts, and the parts of a total make the total:
    the demonstrations held are those on the charts plus those left out, each reason counted;
    the demonstrations on the charts are those with a counted crowd, with a size from
    low-reliability sources only, and with no counted size (an official's claim is not a
    count). Every count is the model's (:class:`analysis.prep.counts.Counts`), so it is the
    count the charts draw and the alt texts give.
    """
    c = facts.counts
    place = facts.selection.place
    rows: list[tuple[str, str]] = []
    skipped = facts.not_drawn_counts(("crowd",))
    announced = skipped.pop(_ANNOUNCED, 0)
    # "on the charts" only where a chart draws them (every chart may be a sentence)
    drawn = {p for p in ("crowd", "arrests", "responses") if showing.shows(facts, p)}
    if showing.shows(facts, "combined"):
        drawn.update(showing.combined_panels(facts))
    on_charts = ", drawn on the charts" if "crowd" in drawn else ""
    if c.demonstrations:
        # where they were, in the map's words and count (one wording with the lede and the
        # map's headline); "on the map" only where a map is drawn
        held_at = words.held_where(facts)
        if held_at and showing.shows(facts, "map"):
            where = f" and on the map {held_at}"
        else:
            where = f", {held_at}" if held_at else ""
        held = f"{plural(c.demonstrations, 'demonstration')} {_is(c.demonstrations)}"
        left = [
            f"{format_count(n)} {words.left_out_words(reason, place)}"
            for reason, n in skipped.items()
        ]
        if left:
            text = (
                f"{held} reported as held: {format_count(c.crowd_drawn)} in {place}"
                f"{on_charts}{where}, and {join_words(left)}, which the charts leave out."
            )
        elif c.crowd_drawn == 1:
            text = f"{held} reported as held, in {place}{on_charts}{where}."
        else:
            text = f"{held} reported as held, all in {place}{on_charts}{where}."
    else:
        text = "No demonstration is reported as held in this period."
    if announced:
        text += (
            f" {format_count(announced)} more {_is(announced)} announced but not reported as held."
        )
    rows.append(("Demonstrations", text))
    spoken = words.span_crowd_words(facts)  # a figure said of a week or month, as said
    if c.crowd_drawn == 1 and spoken:
        rows.append(("Crowd sizes", f"No source gives a count of its one crowd. {spoken}."))
    elif c.crowd_drawn == 1:
        if c.crowd_counted:
            text = "A source counts its crowd."
        elif c.crowd_weak:
            text = "Its size comes only from low-reliability sources."
        elif c.crowd_claims:
            text = "Its size is only an official's claim, which is not a count."
        else:
            text = "No source counts its crowd."
        rows.append(("Crowd sizes", text))
    elif c.crowd_drawn:
        parts = [f"a source counts the crowd at {format_count(c.crowd_counted)}"]
        if c.crowd_weak:
            parts.append(
                f"{format_count(c.crowd_weak)} {_has(c.crowd_weak)} a size only from "
                "low-reliability sources"
            )
        if c.crowd_unknown:
            claims = ""
            if c.crowd_claims:
                who = "it" if c.crowd_unknown == 1 else f"{format_count(c.crowd_claims)} of them"
                has = "has" if c.crowd_unknown == 1 or c.crowd_claims == 1 else "have"
                claims = f" ({who} {has} only an official's claim, which is not a count)"
            parts.append(
                f"{format_count(c.crowd_unknown)} {_has(c.crowd_unknown)} no counted size{claims}"
            )
        lead = f"Of the {format_count(c.crowd_drawn)}{' on the charts' if on_charts else ''}"
        rows.append(("Crowd sizes", f"{lead}, {join_words(parts)}."))
    if facts.crowd.largest and not (c.crowd_drawn == 1 and spoken):
        text = words.largest_crowd_words(facts) + "."
        peak = words.crowd_peak_words(facts)
        top = facts.crowd.peak
        if peak and top is not None and top.kind != "item" and top.n > 1:
            text += f" The largest {words.total_word(facts).lower()} total was {peak}."
        rows.append(("Largest crowd", text))
    arrests = [
        f"{s.what[0].upper()}{s.what[1:]}: {words.series_words(s)}."
        for s in facts.arrests.series.values()
        if s.low_sum is not None
    ]
    rows.append(
        (
            "Arrests and detentions",
            " ".join(arrests)
            if arrests
            else "No source gives a number of people arrested or detained.",
        )
    )
    if c.raids:
        rows.append(
            (
                "Immigration enforcement",
                f"{format_count(c.raids)} immigration raid or deployment of agents is reported."
                if c.raids == 1
                else f"{format_count(c.raids)} immigration raids or deployments of agents are "
                "reported.",
            )
        )
    levels = ", ".join(
        f"{format_count(n)} {words.LEVEL_WORDS[level]}"
        for level, n in facts.responses.by_level.items()
        if n
    )
    text = (
        f"{plural(c.responses, 'official response')} {'is' if c.responses == 1 else 'are'} "
        f"reported ({levels})."
        if c.responses
        else "No official response is reported."
    )
    uncounted = words.uncounted_words(facts)
    if uncounted:
        binned = facts.responses.binning.binned  # a binned chart draws counted ones only
        shown = "on the chart" if "responses" in drawn and not binned else "reported"
        text += f" Also {shown}, not counted as responses: {uncounted}."
    if c.responses or uncounted:
        rows.append(("Official responses", text))
    if c.disputed:
        rows.append(
            (
                "Disagreements",
                f"Sources disagree on the figures of {plural(c.disputed, 'event')}; the charts "
                "show the range between them.",
            )
        )
    if c.low_rows:
        rows.append(
            (
                "Sources",
                f"{format_count(c.low_rows)} of the {plural(c.rows, 'entry', 'entries')} "
                f"behind this report {'comes' if c.low_rows == 1 else 'come'} mainly from a "
                "low-reliability "
                "source; such figures are drawn hollow and never make a total or a headline.",
            )
        )
    return pd.DataFrame(rows, columns=["topic", "text"])


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
            "Crowd": _figure_column(ev, "crowd", _wording(facts, "crowd")),
            "crowd_sort": ev["crowd_low"].where(~ev["crowd_claim"]),
            "Arrests": _figure_column(ev, "arrests", _wording(facts, "arrests")),
            "arrests_sort": ev["arrests_low"],
            "Detained": _figure_column(ev, "immigration", _wording(facts, "immigration")),
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
    words (``crowd``: "hundreds") beside the lowest figure (``crowd_low``, empty when no
    source gives one, never 0; an official's claim has none).
    """
    return table[list(EVENTS_CSV_COLUMNS)].rename(columns=EVENTS_CSV_COLUMNS)


#: What each figure of :func:`missing_figures` applies to, in a reader's words.
_APPLIES_TO = {
    "crowd": "demonstration",
    "arrests": "demonstration",
    "immigration": "immigration raid",
}


def missing_figures(facts: Facts) -> pd.DataFrame:
    """Per figure, how many events it applies to and how many sources report it.

    An official's crowd figure is a claim, not a reported size; protesters arrested count as
    reported for a demonstration when a row of police arrests is tied to it
    (:attr:`analysis.prep.facts.Facts.figure_coverage`).
    """
    rows = []
    for measure, r in facts.figure_coverage.iterrows():
        n, k = int(r["applies"]), int(r["reported"])
        rows.append(
            {
                "Figure": MEASURE_LABELS[str(measure)],
                "Applies to": plural(n, _APPLIES_TO[str(measure)]),
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

    "Status" says where the response itself rests only on low-reliability sources (it is in
    no count). "Answers" names the events (title and date; an event resting on
    low-reliability sources only says so) only where a source ties the response to them
    (events.csv ``responds_to``).
    "Days after" counts the days only where the sources date the response and each event it
    answers to the day (not a day the project worked out) and no event it answers rests on
    low-reliability sources only; a tie without a count says why (:data:`DAYS_NOT_GIVEN`),
    and an empty cell means no tie (:data:`DAYS_AFTER_NOTE`). The rest are listed in order
    with no relation: a delay read off the dates would present an unrelated event as the
    cause. ``days_sort`` is the count, for sorting.
    """
    context = facts.response_context
    ev = facts.events
    weak = ev["weak"].fillna(False).astype(bool) if "weak" in ev else pd.Series(False, ev.index)

    def named(key: object) -> str:
        weak_words = "; low-reliability sources only" if weak.get(key, False) else ""
        return f"{ev.at[key, 'title']} ({words.when_words(ev.loc[key])}{weak_words})"

    rows = []
    for key, r in context.iterrows():
        e = ev.loc[key]
        answers = [named(k) for k in r["answers"]]
        if r["outside"]:
            answers.append(plural(int(r["outside"]), "event") + " outside this report")
        to_the_day = all(ev.at[k, "date_precision"] == "day" for k in (key, *r["answers"]))
        days, sort = _days_after(r, weak, to_the_day)
        rows.append(
            {
                "Date": words.when_words(e),
                "date_sort": e["date"].strftime("%Y-%m-%d"),
                "Level": RESPONSE_LEVEL_STYLE[str(e["response_level"])][2],
                "Who": e["response_actor"] if not pd.isna(e["response_actor"]) else "",
                "Response": response_type_label(e["response_type"]),
                "What": e["title"],
                "Status": status_label(e["status"])
                + (f" ({WEAK_STATUS})" if weak.get(key, False) else ""),
                "Answers (per its sources)": "; ".join(answers),
                "Days after": days,
                "days_sort": sort,
            }
        )
    out = pd.DataFrame(rows)
    if "days_sort" in out:
        out["days_sort"] = out["days_sort"].astype("Int64")
    return out


#: What the "Status" column adds for a response only low-reliability sources report: drawn
#: hollow, listed here, in no count (``ResponseFacts.weak``).
WEAK_STATUS = "low-reliability sources only; not counted"
#: What the "Days after" column says of a response tied to events (events.csv
#: ``responds_to``) whose delay it does not count, and why; an empty cell means that no
#: source ties the response to an event (:data:`DAYS_AFTER_NOTE`).
DAYS_NOT_GIVEN = {
    "outside": "not counted (event outside this report)",
    "weak": "not counted (low-reliability source)",
    "dates": "not counted (day not stated)",
    # every date in the row is printed to the day, but one was worked out (a weekday, a
    # report's date), not stated by the source: the reason must say so
    "inferred": "not counted (a day worked out from the source's weekday or date, not stated)",
}
#: The note under the responses table that says what the column's cells mean.
DAYS_AFTER_NOTE = (
    "Days after: counted only where a source ties the response to the events it answers, "
    "the sources state the day of both, and no event it answers rests on low-reliability "
    "sources only (\u201csame day\u201d, \u201c1 day\u201d); otherwise the cell says why it "
    "is not counted. An empty cell means that no source ties the response to an event: no "
    "delay is read off the dates."
)


def _days_after(r: pd.Series, weak: pd.Series, to_the_day: bool = False) -> tuple[str, object]:
    """The "Days after" cell of a response (its ``response_context`` row) and its sort key:
    "same day", "1 day", "3 days", why a tie has no count, or "" where nothing ties it.
    ``to_the_day``: the response and every event it answers are dated to the day, so a
    missing count means a day was worked out, not stated."""
    if not r["answers"] and not r["outside"]:
        return "", pd.NA
    if r["outside"]:
        return DAYS_NOT_GIVEN["outside"], pd.NA
    if any(weak.get(k, False) for k in r["answers"]):
        return DAYS_NOT_GIVEN["weak"], pd.NA
    if pd.isna(r["days"]):
        return DAYS_NOT_GIVEN["inferred" if to_the_day else "dates"], pd.NA
    n = int(r["days"])
    return ("same day" if n == 0 else plural(n, "day")), n


#: A kind's row of responses announced, not reported as carried out, as the charts word them.
ANNOUNCED_KIND = "{kind} (announced, not reported as carried out)"


def responses_by_level(facts: Facts) -> pd.DataFrame:
    """Official responses reported, one row per kind of response (its reader label; an announced
    one in a row of its own) and one column per level of government with a response counted (in
    lane order), with a "Total" row and column. A level with none counted has no column of
    zeros: missing is not zero (no source here reports one, or only low-reliability sources
    do), and :func:`responses_by_level_caption` says so in words.

    Counts the model's counted responses only (:attr:`analysis.prep.counts.Counts.responses`):
    a reported silence, an arrest quota set for ICE and a response only low-reliability
    sources report, drawn on the chart, are named by :func:`responses_not_counted` instead.
    A response announced but not reported as carried out (the charts' pale hexagon) is in a
    row of its own, so named (:data:`ANNOUNCED_KIND`): the table never reads it as done.
    Five level columns fit a report's width where a column per kind did not.
    """
    marks = facts.responses.marks
    marks = marks[marks["counted"].to_numpy(bool)]
    if marks.empty:
        return pd.DataFrame()
    types = facts.events.loc[marks.index, "response_type"].astype("string").fillna("unspecified")
    kinds = [
        ANNOUNCED_KIND.format(kind=response_type_label(t)) if announced else response_type_label(t)
        for t, announced in zip(types, marks["announced"].to_numpy(bool), strict=True)
    ]
    by_kind = pd.crosstab(pd.Series(kinds, index=marks.index, name="kind"),
                          marks["response_level"].astype("string"))  # fmt: skip
    by_kind = by_kind.reindex(columns=list(schema.RESPONSE_LEVELS), fill_value=0).fillna(0)
    by_kind = by_kind.astype(int)
    by_kind = by_kind[by_kind.sum(axis=1) > 0]
    by_kind = by_kind.loc[:, (by_kind.sum(axis=0) > 0).to_numpy(bool)]  # no column of zeros
    by_kind.columns = [RESPONSE_LEVEL_STYLE[str(lvl)][2] for lvl in by_kind.columns]
    # most first; a kind's announced row after its reported one where both have as many
    order = sorted(by_kind.index, key=lambda k: (-by_kind.loc[k].sum(), k.endswith(")"), k))
    by_kind = by_kind.loc[order]
    by_kind.loc["Total"] = by_kind.sum(axis=0)
    by_kind["Total"] = by_kind.sum(axis=1)
    by_kind.index.name = "Kind of response"
    by_kind.columns.name = None
    return by_kind.reset_index()


def responses_not_counted(facts: Facts) -> str:
    """A sentence naming what the responses chart draws but does not count as responses made
    ("Not counted as responses: 1 'no immediate comment' and 2 arrest quotas set for ICE."),
    or "" when there is none."""
    text = words.uncounted_words(facts)
    return f"Not counted as responses: {text}." if text else ""


def levels_without_responses(facts: Facts) -> str:
    """The levels of government the kind-by-level table has no column for, and why, or "":
    "No column for State (only low-reliability sources report a response) or County (no
    response reported)." A level with none counted is not a finding of zero."""
    resp = facts.responses
    if not sum(resp.by_level.values()):
        return ""
    parts = [
        f"{RESPONSE_LEVEL_STYLE[level][2]} ("
        + (
            "only low-reliability sources report a response"
            if resp.weak.get(level)
            else "no response reported"
        )
        + ")"
        for level in schema.RESPONSE_LEVELS
        if not resp.by_level.get(level)
    ]
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"
    return f"No column for {joined}."


def responses_by_level_caption(facts: Facts) -> str:
    """The kind-by-level table's caption: what is not counted as a response
    (:func:`responses_not_counted`) and the levels with no column
    (:func:`levels_without_responses`)."""
    return " ".join(t for t in (responses_not_counted(facts), levels_without_responses(facts)) if t)
