"""The words of every chart, written from the facts model: headline, subtitle, source, notes, alt.

A headline states a finding that the marks under it show, with its qualifier ("at least")
and what it rests on ("reported"); the subtitle gives measure, place and the selection's
period; the source line names the publications behind what is drawn; the notes line states
the rules a reader needs and counts every item not drawn (alt texts: :mod:`analysis.spec.alt`;
:mod:`analysis.spec.chartwords` gathers a chart's words). Every number here is read from
:class:`analysis.prep.facts.Facts`, so the words cannot disagree with the charts or tables.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.fmt import (
    format_count,
    format_day,
    format_day_range,
    format_month,
    join_words,
    plural,
)
from analysis.prep.arrests import ArrestSeries
from analysis.prep.crowd import Peak
from analysis.prep.facts import Facts
from analysis.prep.marks import figure_words, people, whose_estimate
from analysis.spec.mapwords import held_where as held_where  # re-exported: one wording
from analysis.spec.mapwords import map_headline
from analysis.spec.mapwords import map_where as map_where
from analysis.spec.mapwords import place_words as place_words
from analysis.spec.model import spans_cut
from analysis.spec.responsewords import LEVEL_WORDS as LEVEL_WORDS  # re-exported
from analysis.spec.responsewords import WEAK_RESPONSES as WEAK_RESPONSES
from analysis.spec.responsewords import (
    responses_headline,
    responses_weak_drawn,
    weak_drawn,
    weak_look,
)
from analysis.spec.responsewords import uncounted_words as uncounted_words

#: Titles of the panels of the combined chart.
PANEL_TITLES = {"crowd": "Crowd size", "arrests": "Arrests", "responses": "Official responses"}
#: Legend entries of the crowd panel's symbols ({total}: "Daily" or "Weekly").
LEGEND = {
    "total": "{total} total of counted crowds",
    "weak": "Low-reliability sources only",
    "unknown": "Size not reported",
    "open": "No upper bound given",
    "disputed": "Sources disagree",
    "map_unknown": "No reliable count",
    "map_counted": "Largest reported crowd",
    "map_approximate": "Only the town is known",
}


# --- small pieces ----------------------------------------------------------------------------


def period_words(facts: Facts) -> str:
    """The selection's period as readers see it: "29 Jan – 1 Feb 2026", "Feb 2025 – Feb 2026"."""
    if facts.period is None:
        return "no events"
    start, end = facts.period
    whole_months = start.day == 1 and (end + pd.Timedelta(days=1)).day == 1
    if whole_months:
        first, last = format_month(start), format_month(end)
        return first if first == last else f"{first} \u2013 {last}"
    return format_day_range(start, end)


def when_words(row: Mapping[str, object]) -> str:
    """When an event or mark happened, as precisely as known: "31 Jan 2026", "week of 3 Feb
    2025", "Feb 2025 (day not known)", "6–7 Jun 2025"."""
    start = row["start"] if "start" in row else row["date"]
    end = row["end"] if "end" in row else row.get("date_end")
    precision = str(row.get("date_precision"))
    if precision == "month":
        return f"{format_month(row.get('date', start))} (day not known)"
    if precision == "week":
        return f"week of {format_day(start)}"
    if end is not None and not pd.isna(end) and end != start:
        return format_day_range(start, end)
    return format_day(start)


def total_word(facts: Facts) -> str:
    """ "Daily" or "Weekly": what the crowd totals add up."""
    return "Weekly" if facts.crowd.total_freq == "W" else "Daily"


def peak_when(peak: Peak) -> str:
    """When a peak happened: "on 31 Jan 2026", "in the week of 3 Feb 2025", "in Feb 2025"."""
    if peak.start == peak.end:
        return f"on {format_day(peak.start)}"
    days = (peak.end - peak.start).days + 1
    if peak.kind == "week" or (days == 7 and peak.start.day_of_week == 0):
        return f"in the week of {format_day(peak.start)}"
    if peak.start.day == 1 and (peak.end + pd.Timedelta(days=1)).day == 1:
        return f"in {format_month(peak.start)}"
    return f"on {format_day_range(peak.start, peak.end)}"


def at_least(value: float, exact: bool) -> str:
    return format_count(value) if exact else f"at least {format_count(value)}"


def peak_figure(peak: Peak) -> str:
    """A peak's figure: one demonstration's as its label says it ("hundreds", "at least 200");
    a total of several, a floor where any of them is ("at least 2,920")."""
    if peak.kind == "item" and not peak.exact:
        return figure_words(peak.value, peak.high, peak.high is None, False)
    return at_least(peak.value, peak.exact)


def series_words(s: ArrestSeries) -> str:
    """A series as a reader can check it on its marks: the largest figure for one day and
    when, and how many such figures there are ("at least 44 on 6 Jun 2025, the largest of 2
    reports"); then each count over a week or a month on its own ("about 25 in one week of Feb
    2026"), never compared with a day's. Never a sum across reports: no source adds up arrests
    made months apart."""
    m = peak_mark(s)
    if m is None:
        return ""
    daily = s.marks[~s.marks["span"].to_numpy(bool)]
    text = f"{mark_words(m)} {mark_when(m)}" if not bool(m["span"]) else span_figure_words(m)
    n = len(daily)
    if n > 1 and int(daily["n"].sum()) == n:
        text += f", the largest of {format_count(n)} reports for one day"
    elif n > 1:
        text += f", the largest daily figure of {format_count(n)} days with one"
    others = [
        span_figure_words(r)
        for i, (_, r) in enumerate(s.marks.iterrows())
        if bool(r["span"]) and i != s.peak
    ]
    if others:
        text += "; " + "; ".join(others[:MAX_SPAN_FIGURES])
        if len(others) > MAX_SPAN_FIGURES:
            text += (
                f"; and {format_count(len(others) - MAX_SPAN_FIGURES)} more over weeks or months"
            )
    return text


#: Counts over a week or a month a series' sentence names one by one.
MAX_SPAN_FIGURES = 3


def span_figure_words(m: pd.Series, figure: str | None = None) -> str:
    """A count over several days as its source gives it: "about 25 in one week of Feb 2026"
    (which week is not said), "12 in the week of 3 Feb 2025", "40 in Feb 2026"; a day's count
    "8 on 30 Jan 2026". ``figure`` overrides the mark's own words (:func:`mark_words`)."""
    figure = mark_words(m) if figure is None else figure
    when = mark_when(m)
    if m.get("over") == "week" and when.startswith("in ") and "week" not in when:
        return f"{figure} in one week of {when.removeprefix('in ')}"
    return f"{figure} {when}"


def peak_mark(s: ArrestSeries) -> pd.Series | None:
    return None if s.peak is None else s.marks.iloc[s.peak]


def mark_words(m: pd.Series) -> str:
    """A mark's figure with its qualifier: "about 2,500", "hundreds", "at least 50", "5–8"."""
    return figure_words(
        m["low"], m["high"], bool(m["open"]), bool(m["disputed"]), bool(m.get("about", False))
    )


def estimate_of(m: pd.Series) -> str:
    """Whose estimate a crowd's figure is, where a side of the story made it, to follow the
    figure: " (an advocate's estimate)"; "" otherwise."""
    return whose_estimate(m.get("estimate"))


def mark_when(m: pd.Series) -> str:
    if m["start"] == m["end"]:
        return f"on {format_day(m['start'])}"
    return peak_when(Peak(m["start"], m["end"], 0.0, True, 1, "item", ()))


# --- headlines and subtitles -----------------------------------------------------------------


def headline(facts: Facts, chart: str) -> str:
    """The finding a chart shows, in a sentence its marks bear out."""
    if chart == "map":
        return map_headline(facts)
    panels = facts.panels_of(chart)
    if chart == "combined":
        for panel in panels:
            text = _panel_headline(facts, panel)
            if not text.startswith("No "):
                return text
        return "No demonstrations, arrests or official responses in this report"
    return _panel_headline(facts, panels[0])


#: Actors the responses alt text names for the busiest day (the rest are "others").
BUSIEST_ACTORS = 4


def total_of(peak: Peak) -> str:
    """What a daily (weekly) total adds up: "4 demonstrations", or "4 counted demonstrations"
    when others that day have no counted size (the total is then a floor)."""
    if (peak.n_events or 0) > peak.n:
        return plural(peak.n, "counted demonstration")
    return plural(peak.n, "demonstration")


def _panel_headline(facts: Facts, panel: str) -> str:
    c = facts.counts
    if panel == "crowd":
        crowd = facts.crowd
        if crowd.largest and not crowd.binning.binned:
            return _largest_crowd_headline(facts)
        peak = crowd.peak
        if peak is not None:
            what = f"at {total_of(peak)}" if peak.kind != "item" else _largest_place(facts, peak)
            return (
                f"Reported crowds were largest {peak_when(peak)}: "
                f"{people(peak_figure(peak))} {what}".rstrip()
            )
        if c.crowd_drawn == 0:
            return "No demonstrations in this report"
        if c.crowd_weak:
            return (
                f"Crowd sizes rest only on low-reliability sources for "
                f"{plural(c.crowd_weak, 'demonstration')}; no other source counts them"
            )
        if c.crowd_drawn == 1:
            return "No source counts the crowd at the one demonstration reported"
        return f"No source counts the crowd at any of {plural(c.crowd_drawn, 'demonstration')}"
    if panel == "arrests":
        return _arrests_headline(facts)
    return responses_headline(facts)


_SPOKE = {"advocates": "an advocate", "organizers": "the organizers", "police": "police"}


def span_crowd_words(facts: Facts) -> str | None:
    """The largest reported crowd when it is one figure dated to a week or month (said of a
    period, not one crowd), told as said ("Student walkouts in Los Angeles in the week of 3
    Feb 2025: an advocate spoke of “hundreds of our youth” (L.A. TACO)"); else None."""
    keys = facts.crowd.largest
    if len(keys) != 1 or not bool(facts.crowd.marks.at[keys[0], "span"]):
        return None
    row = facts.details(keys).iloc[0]
    city = f" in {row['city']}" if isinstance(row["city"], str) else ""
    return f"{row['label']}{city} {mark_when(facts.crowd.marks.loc[keys[0]])}: {spoke_of(row)}"


def spoke_of(row: Mapping[str, object]) -> str:
    """Who spoke of a crowd and the words, with the publisher: "an advocate spoke of
    \u201chundreds of our youth\u201d (L.A. TACO)" (``row``: a row of ``Facts.details``)."""
    who = _SPOKE.get(str(row["crowd_estimate_by"]), "the source")
    return f"{who} {'speaks' if who == 'the source' else 'spoke'} of {row['crowd_wording']}"


def _largest_crowd_headline(facts: Facts) -> str:
    """The largest reported crowd, every tie named by its town and day, each with its qualifier:
    "The largest reported crowds were 2,500 people each, in Los Angeles and Torrance on 31 Jan
    2026"; "The largest reported crowds: 2,500 in Los Angeles and about 2,500 in Torrance, on
    31 Jan 2026"."""
    spoken = span_crowd_words(facts)
    if spoken is not None:
        return spoken
    crowd = facts.crowd
    keys = list(crowd.largest)
    marks = crowd.marks.loc[keys]
    shown = keys[:TIES_NAMED]
    cities = facts.details(shown)["city"]
    said = {key: mark_words(marks.loc[key]) + estimate_of(marks.loc[key]) for key in shown}
    alike = len(set(said.values())) == 1
    by_day: dict[str, list[str]] = {}
    for key in shown:
        city = cities.get(key)
        where = str(city) if isinstance(city, str) and city else "an unnamed place"
        where = where if alike else f"{said[key]} in {where}"
        towns = by_day.setdefault(mark_when(marks.loc[key]), [])
        if where not in towns:
            towns.append(where)
    more = len(keys) - len(shown)
    tail = f" and at {plural(more, 'other demonstration')}" if more else ""
    if not alike:
        if len(by_day) == 1:
            ((when, towns),) = by_day.items()
            return f"The largest reported crowds: {join_words(towns)}, {when}{tail}"
        listed = join_words([f"{join_words(t)} {when}" for when, t in by_day.items()])
        return f"The largest reported crowds: {listed}{tail}"
    places = join_words([f"in {join_words(t)} {when}" for when, t in by_day.items()]) + tail
    figure, estimate = mark_words(marks.loc[shown[0]]), estimate_of(marks.loc[shown[0]])
    if len(keys) == 1:  # "largest" only where two or more crowds are counted
        one = "only reported" if facts.counts.crowd_counted == 1 else "largest reported"
        return f"The {one} crowd was {people(figure)}{estimate}, {places}"
    return f"The largest reported crowds were {people(figure)} each{estimate}, {places}"


def _arrests_headline(facts: Facts) -> str:
    """Each series' largest figure with its day, the larger first, never a sum: "At least 44
    people were detained by immigration agents on 6 Jun 2025; 8 protesters were arrested on
    30 Jan 2026"."""
    reported = [s for s in facts.arrests.series.values() if s.peak is not None]
    if not reported:
        return "No source gives a number of people arrested or detained"
    reported.sort(key=lambda s: -float(peak_mark(s)["low"]))  # type: ignore[index]
    # "Largest" only where a series has several figures for one day to compare.
    several = any(int((~s.marks["span"].to_numpy(bool)).sum()) > 1 for s in reported)
    parts = []
    for s in reported:
        m = peak_mark(s)
        assert m is not None
        if bool(m["span"]):
            figure, _, when = span_figure_words(m).partition(" in ")
            parts.append(f"{figure} {s.what} in {when}")
        else:
            parts.append(f"{mark_words(m)} {s.what} {mark_when(m)}")
    text = "; ".join(parts)
    if several:
        return "Largest arrest figures reported: " + text
    return text[0].upper() + text[1:]


def _largest_place(facts: Facts, peak: Peak) -> str:
    key = peak.keys[0] if peak.keys else None
    if key is None or key not in facts.crowd.marks.index:
        return ""
    place = facts.crowd.marks.at[key, "place"] if "place" in facts.crowd.marks else None
    return f"at {place}" if isinstance(place, str) else ""


#: Tied largest crowds named by place and day; more are counted ("and 4 more").
TIES_NAMED = 3


def largest_crowd_words(facts: Facts) -> str:
    """The largest reported crowd with every tie named (two crowds of 2,500: both places):
    "The largest reported crowd was 2,500 people in Torrance on 31 Jan 2026, per ...";
    "The largest reported crowds were 2,500 people each: in ... per ...; and in ... per ..."."""
    spoken = span_crowd_words(facts)
    if spoken is not None:
        return spoken
    crowd = facts.crowd
    keys = list(crowd.largest)
    details = facts.details(keys[:TIES_NAMED])
    marks = crowd.marks.loc[keys]

    def where(key: str) -> str:
        row = details.loc[key]
        city = f"in {row['city']} " if isinstance(row["city"], str) else ""
        # A week- or month-dated crowd is never put on a day: "in the week of 3 Feb 2025".
        by = estimate_of(marks.loc[key])
        return f"{city}{mark_when(marks.loc[key])}, per {row['main_publisher']}{by}"

    if len(keys) == 1:
        figure = people(mark_words(marks.iloc[0]))
        one = "only" if facts.counts.crowd_counted == 1 else "largest"
        return f"The {one} reported crowd was {figure} {where(keys[0])}"
    said = [mark_words(marks.loc[k]) for k in keys[:TIES_NAMED]]
    if len(set(said)) > 1:  # "2,500" beside "about 2,500": each figure with its qualifier
        named = [f"{w} {where(k)}" for w, k in zip(said, keys[:TIES_NAMED], strict=True)]
        named[0] = f"{people(said[0])} {where(keys[0])}"
        lead = "The largest reported crowds were "
    else:
        named = [where(k) for k in keys[:TIES_NAMED]]
        # alike words: "2,500", "at least 200" or "hundreds" for each of them
        lead = f"The largest reported crowds were {people(said[0])} each: "
    more = len(keys) - len(named)
    if more:
        named.append(f"{plural(more, 'other')} of the same size")
    return lead + "; ".join(named[:-1]) + "; and " + named[-1]


def crowd_peak_words(facts: Facts) -> str | None:
    """The crowd peak in words: "at least 2,920 people at 4 demonstrations on 31 Jan 2026"."""
    peak = facts.crowd.peak
    if peak is None:
        return None
    what = f" at {total_of(peak)}" if peak.kind != "item" else ""
    return f"{people(peak_figure(peak))}{what} {peak_when(peak)}"


#: What each panel of the combined chart measures, for its subtitle and alt text.
COMBINED_MEASURES = {
    "crowd": "crowd sizes",
    "arrests": "arrests",
    "responses": "official responses",
}
#: Why the combined chart draws no panel of a kind: the panel had no mark.
PANEL_LEFT_OUT = {
    "crowd": "No crowd-size panel: no demonstration is reported.",
    "arrests": "No arrests panel: no source gives a number of people arrested or detained.",
    "responses": "No official-responses panel: no official response is reported.",
}


def subtitle(facts: Facts, chart: str) -> str:
    """Measure, unit, place and the selection's period."""
    place, period = facts.selection.place, period_words(facts)
    if chart == "combined":  # the panels it draws (one with no mark is left out)
        from analysis.spec.showing import combined_panels

        drawn = [COMBINED_MEASURES[p] for p in combined_panels(facts)]
        return f"Reported {join_words(drawn)}, {place}, {period}"
    measure = {
        "map": "Places of reported demonstrations, sized by the largest reported crowd",
        "combined": "Reported crowd sizes, arrests and official responses",
        "crowd": "Reported crowd size per demonstration, people",
        "arrests": "Protesters arrested and people detained by immigration agents",
        "responses": "Official responses by level of government",
    }[chart if chart in ("combined", "map") else facts.panels_of(chart)[0]]
    return f"{measure}, {place}, {period}"


# --- source and notes lines ------------------------------------------------------------------


def source_line(facts: Facts, chart: str) -> str:
    """ "Source: ..." naming the publications behind what ``chart`` draws, most-cited first;
    empty when it draws nothing (a placeholder would read as a credit)."""
    counts: dict[str, int] = {}
    for panel in facts.panels_of(chart):
        for rank, publisher in enumerate(facts.publishers.get(panel, ())):
            counts[publisher] = counts.get(publisher, 0) + 100 - rank
    if not counts:
        return ""
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    return "Source: " + join_words(ordered) + "; compiled by the project."


#: What an arrowhead at a band's end means (:func:`analysis.spec.model.cut_spans`).
OPEN_NOTE = "An arrowhead at a band's end: its period runs on beyond the days shown."
#: What a pale hexagon means (the vocabulary's "pale" fill).
ANNOUNCED_NOTE = "A pale hexagon was announced, not reported as carried out."


def notes_line(facts: Facts, chart: str, *, claims: bool | None = None) -> str:
    """ "Note: ..." with the rules a reader needs for ``chart``, and what is not drawn; empty
    when there is nothing to note.

    ``claims`` says whether the chart at its size writes an official's claim (its label);
    False leaves out the note about claims, which would explain something the reader does not
    see (a claim is drawn only as its label). None: wherever the selection has a claim."""
    panels = facts.panels_of(chart)
    if chart == "combined":  # only the panels it draws: a caveat prints where it applies
        from analysis.spec.showing import combined_panels

        panels = combined_panels(facts)
    c = facts.counts
    has_claims = bool(c.crowd_claims) if claims is None else claims and bool(c.crowd_claims)
    notes: list[str] = []
    if chart == "map":
        return "Note: " + " ".join(_map_notes(facts))
    if "crowd" in panels and c.crowd_drawn:
        notes.append(
            "Marks stand at the lowest reported figure, a line shows the range "
            "(\u201chundreds\u201d is 200\u2013999)."
        )
        if _days_shared(facts.crowd.marks):
            notes.append("Demonstrations on the same day are spread across it.")
        totals = bool(len(facts.crowd.totals))
        if totals:
            notes.append(f"{total_word(facts)} totals add up counted crowds only.")
        # "in no total" only where a total is drawn
        if c.crowd_weak and has_claims:
            notes.append(
                "Hollow marks rest only on low-reliability sources and an official's claim is "
                + ("not a count; neither is in a total." if totals else "not a count.")
            )
        elif c.crowd_weak:
            notes.append(
                "Hollow marks rest only on low-reliability sources"
                + (" and are in no total." if totals else ".")
            )
        elif has_claims:
            notes.append(
                "An official's claim is not a count" + (" and is in no total." if totals else ".")
            )
    if "arrests" in panels and len(facts.arrests.events):
        notes.append("Protester arrests and immigration detentions are separate counts.")
    disputed = facts.disputed_drawn(panels)
    if disputed:
        notes.append(
            f"Where sources disagree ({plural(disputed, 'item')}), the range between their "
            "figures is shown."
        )
    by_panel = {
        "crowd": c.crowd_month_only,
        "arrests": c.arrests_month_only,
        "responses": c.responses_month_only,
    }
    # every panel drawn: each item once (one may be in two panels); else the panels drawn
    month = c.month_only if chart == "combined" and len(panels) == 3 else 0
    month = month or sum(by_panel[p] for p in panels)
    if month:
        notes.append(
            f"{plural(month, 'item')} dated only to a month {is_are(month)} drawn across it."
        )
    if spans_cut(facts, panels):
        notes.append(OPEN_NOTE)
    keyed = "responses" in panels and responses_weak_drawn(facts)
    if keyed:
        notes.append(
            f"{weak_look(facts)}: a response reported only by low-reliability sources; "
            f"{weak_drawn(c.responses_weak)} not counted."
            if c.responses_weak
            else f"{weak_look(facts)}: reported only by low-reliability sources."
        )
    uncounted = uncounted_words(facts, weak=not keyed)
    if "responses" in panels and uncounted:
        drawn = "" if not facts.responses.binning.binned else " and not drawn"
        notes.append(f"Not counted as responses{drawn}: {uncounted}.")
    binned = facts.responses.binning.binned  # a bin is drawn alike whatever it holds
    if "responses" in panels and facts.responses.marks["announced"].any() and not binned:
        # Pale, not hollow: hollow means low-reliability sources only, everywhere.
        notes.append(ANNOUNCED_NOTE)
    if "responses" in panels and _lanes_unlabelled(facts):
        notes.append(f"{unlabelled_lanes(facts)}.")
    skipped = facts.not_drawn_counts(panels)
    if skipped:
        place = facts.selection.place
        parts = [
            f"{format_count(n)} {left_out_words(reason, place)}" for reason, n in skipped.items()
        ]
        notes.append(f"Not shown: {join_words(parts)}.")
    if chart == "combined":  # a panel with nothing to show is not drawn: say which
        from analysis.spec.showing import combined_left_out, panel_left_out

        notes.extend(panel_left_out(facts, p) for p in combined_left_out(facts))
    return "Note: " + " ".join(notes) if notes else ""


#: The model's reasons for leaving an item off a chart, in a reader's words.
LEFT_OUT_WORDS = {
    "outside the local and regional scope": "nationwide or outside {place}",
    "dated only to a month that the period shown does not hold": (
        "dated only to a month that this period does not hold"
    ),
    # the arrests panel's: not the pale hexagon's announced response, which is drawn
    "announced, not reported as carried out": (
        "with an arrest figure but announced only, not reported as having happened"
    ),
}


def left_out_words(reason: str, place: str) -> str:
    """Why an item is not on a chart, as a reader reads it ("nationwide or outside Southern
    California"); a reason without reader words of its own as the model gives it."""
    return LEFT_OUT_WORDS.get(reason, reason).format(place=place)


def _map_notes(facts: Facts) -> list[str]:
    m = facts.map
    notes = [
        "A circle's area is the largest reported crowd at the place, its lowest reported "
        "figure, on one scale for every map; grey marks have no reported size and hollow ones "
        "a figure from low-reliability sources only (neither is sized)."
    ]
    if len(m.places) and m.places["approximate"].any():
        n = int(m.places["approximate"].sum())
        notes.append(
            f"A dashed ring: only the town is known for {plural(n, 'place')}, so the mark sits "
            "at its centre."
        )
    if m.unplaced:
        notes.append(f"Not shown: {plural(m.unplaced, 'demonstration')} without a place.")
    if m.basemap is not None:
        notes.append("County outlines: US Census Bureau.")
    return notes


def map_size_notes(
    facts: Facts,
    *,
    grouped: list[tuple[str, list[str]]],
    unlabelled: list[tuple[str, list[str]]],
    largest: float,
    max_named: int,
) -> str:
    """The map's notes line at one size: the rules, then every place the map at that size
    does not name on the map itself: the places a grouped mark stands for where its label
    cannot list them, and the marks left unlabelled, each with the places it also stands for
    (at most ``max_named`` marks named, the rest counted). Each is (the mark's place, the
    other places at the mark). Crowds over ``largest`` are drawn at its size, and it says so."""
    notes = _map_notes(facts)
    places = facts.map.places
    if len(places) and (places["value"].astype(float) > largest).any():
        notes.insert(1, f"Crowds over {format_count(largest)} are drawn at that size.")
    tail = []
    for anchor, others in grouped:
        tail.append(f"The mark of {anchor} also stands for {join_words(others)}.")
    if unlabelled:
        named = [
            f"{place} (its mark also stands for {join_words(others)})" if others else place
            for place, others in unlabelled[:max_named]
        ]
        more = sum(1 + len(others) for _place, others in unlabelled[max_named:])
        if more:
            named.append(plural(more, "more place"))
        tail.append(f"Not labelled at this size: {'; '.join(named)}.")
    credit = [n for n in notes if n.startswith("County outlines")]
    notes = [n for n in notes if n not in credit] + tail + credit
    return "Note: " + " ".join(notes)


def is_are(n: int) -> str:
    return "is" if n == 1 else "are"


# --- messages on the charts ------------------------------------------------------------------


def empty_message(facts: Facts, panel: str) -> str:
    """What an empty panel says: nothing of its kind, and what was left out and why."""
    if panel == "map":
        return "No demonstration in this report has a place to map"
    what = {
        "crowd": "No demonstrations in this report",
        "arrests": "No arrest figures in this report",
        "responses": "No official responses in this report",
    }[panel]
    skipped = facts.not_drawn_counts((panel,))
    if skipped:
        parts = [f"{format_count(n)} {reason}" for reason, n in skipped.items()]
        what += f" (not shown: {join_words(parts)})"
    return what


def binned_note(facts: Facts, panel: str) -> str | None:
    """ "12,000 demonstrations binned by day" when a panel is binned, else None."""
    if panel == "crowd" and facts.crowd.binning.binned:
        return f"{format_count(facts.crowd.binning.marks)} demonstrations binned by day"
    if panel == "arrests" and facts.arrests.binning.binned:
        return f"{format_count(facts.arrests.binning.marks)} events binned by day"
    if panel == "responses" and facts.responses.binning.binned:
        # the responses counted, as the bins count them (a weak-only one, a silence or a quota
        # is not binned: the notes line says so)
        return f"{format_count(facts.counts.responses)} responses binned by day (mark size: count)"
    return None


def unlabelled_lanes(facts: Facts) -> str:
    """What a swimlane panel with too many responses to label says (in its notes line)."""
    # every mark of the lanes, counted or not (a weak-only response, a silence, a quota): not
    # "N official responses", which the counted total would contradict
    n = plural(len(facts.responses.marks), "mark")
    return f"The {n} of this panel are too many to label each; choose a shorter period to read them"


def _lanes_unlabelled(facts: Facts) -> bool:
    """Whether the swimlanes draw their responses one by one but too many to label."""
    from analysis.spec.lanes import MAX_LANE_LABELS  # the lanes' layout needs these words

    resp = facts.responses
    return not resp.binning.binned and len(resp.marks) > MAX_LANE_LABELS


def _days_shared(marks: pd.DataFrame) -> bool:
    """Whether two demonstrations dated to one day are drawn in one panel (the scale, or the
    "size not reported" strip), where the specification spreads them across the day."""
    if "x" not in marks or marks.empty:
        return False
    days = marks.loc[~marks["span"].to_numpy(bool)]
    return bool(days.assign(_strip=days["low"].isna())[["start", "_strip"]].duplicated().any())


def unlabelled_notes(notes: str, n: int) -> str:
    """A notes line saying that ``n`` marks are not labelled at a chart's size for lack of
    room (what their labels say, a figure or who responded, stays in the hover and the data
    file)."""
    if not n:
        return notes
    sentence = f"Not labelled for lack of room: {plural(n, 'mark')}; each is in the data file."
    return f"{notes} {sentence}" if notes else f"Note: {sentence}"


def unlabelled_headline_notes(notes: str, texts: list[str]) -> str:
    """A notes line that names the marks the headline names but the chart at its size leaves
    without a label ("Torrance rally · about 2,500 is not labelled at this size"), so a
    reader looking for the headline's figures is told where they went."""
    if not texts:
        return notes
    verb = "is" if len(texts) == 1 else "are"
    sentence = f"The headline's {join_words(texts)} {verb} not labelled at this size."
    return f"{notes} {sentence}" if notes else f"Note: {sentence}"
