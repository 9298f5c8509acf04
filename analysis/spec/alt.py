"""The alt text of every chart, written from the facts model: what kind of chart, what it
shows and its finding, plainly, in at most :data:`MAX_ALT_WORDS` words (a screen reader reads
it in one go). Every number is read from :class:`analysis.prep.facts.Facts`, in the words of
:mod:`analysis.spec.words`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis.fmt import format_count, format_day, join_words, plural
from analysis.prep.arrests import ARREST_KINDS
from analysis.prep.facts import PANELS, Facts
from analysis.spec.mapwords import crowd_people
from analysis.spec.words import (
    BUSIEST_ACTORS,
    COMBINED_MEASURES,
    LEVEL_WORDS,
    at_least,
    is_are,
    largest_crowd_words,
    map_where,
    peak_mark,
    peak_when,
    period_words,
    place_words,
    series_words,
    total_of,
    total_word,
    uncounted_words,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    from matplotlib.figure import Figure

#: Alt texts stay within this many words (a screen reader reads them in one go).
MAX_ALT_WORDS = 150
_ALT_ATTR = "_la_alt_text"


def alt_text(facts: Facts, chart: str, *, hidden: Collection[str] = ()) -> str:
    """Alt text for ``chart``: what kind of chart, what it shows, and the finding, plainly.

    ``hidden``: keys of the labels the chart at its size leaves out for lack of room
    (:attr:`analysis.spec.model.ChartSpec.hidden_labels`); a claim, drawn only as its label,
    is then not on that chart and its alt text does not read it out.
    """
    if chart == "combined":
        from analysis.spec.showing import combined_panels, panel_left_out

        panels = combined_panels(facts)
        count = {1: "One chart", 2: "Two charts", 3: "Three charts"}[len(panels)]
        head = f"{count} on one time line: {join_words([COMBINED_MEASURES[p] for p in panels])}."
        axis = facts.axis
        if axis is not None and axis.broken:
            head += (
                f" Quiet months are cut out; the parts shown are {join_words(list(axis.labels))}."
            )
        parts = {
            "crowd": _crowd_alt,
            "arrests": _arrests_alt,
            "responses": _responses_alt,
        }
        # a panel left out is said once, as its notes line says it
        text = " ".join(
            [
                head,
                *(
                    parts[p](facts, short=True) if p in panels else panel_left_out(facts, p)
                    for p in PANELS
                ),
            ]
        )
    elif chart == "map":
        text = _map_alt(facts)
    else:
        panel = facts.panels_of(chart)[0]
        if panel == "crowd":
            text = _crowd_alt(facts, short=False, hidden=hidden)
        else:
            text = {"arrests": _arrests_alt, "responses": _responses_alt}[panel](facts, short=False)
    return _cap_words(text)


def _cap_words(text: str) -> str:
    """Keep whole sentences within :data:`MAX_ALT_WORDS` words."""
    sentences = text.replace(". ", ".\n").split("\n")
    out: list[str] = []
    n = 0
    for sentence in sentences:
        k = len(sentence.split())
        if n + k > MAX_ALT_WORDS and out:
            break
        out.append(sentence)
        n += k
    return " ".join(out)


def _crowd_alt(facts: Facts, *, short: bool, hidden: Collection[str] = ()) -> str:
    c = facts.counts
    crowd = facts.crowd
    if c.crowd_drawn == 0:
        return "Crowds: no demonstrations in this report."
    lead = (
        "Crowds"
        if short
        else f"Chart of reported crowd sizes in {facts.selection.place}, {period_words(facts)}"
    )
    kinds = [
        (n, what)
        for n, what in (
            (c.crowd_counted, "with a counted size"),
            (c.crowd_weak, "with a size from low-reliability sources only"),
            (c.crowd_unknown, "without a size"),
        )
        if n
    ]
    if len(kinds) == 1:  # no "1 with a counted size, 0 without"
        each = "" if c.crowd_drawn == 1 else "all "
        split = f", {each}{kinds[0][1]}"
    else:
        split = "; " + ", ".join(f"{format_count(n)} {what}" for n, what in kinds)
    parts = [f"{lead}: {plural(c.crowd_drawn, 'demonstration')}{split}."]
    if crowd.binning.binned:
        parts.append(
            "There are too many to draw one by one, so each day is one mark with a line for "
            "its range."
        )
    if crowd.largest:
        parts.append(largest_crowd_words(facts) + ".")
    if crowd.peak is not None and crowd.peak.kind != "item" and crowd.peak.n > 1:
        # a total of one crowd is that crowd, and is not drawn
        p = crowd.peak
        parts.append(
            f"The largest {total_word(facts).lower()} total was {at_least(p.value, p.exact)} "
            f"people {peak_when(p)}, at {total_of(p)}."
        )
    claims = [label for label in crowd.labels if pd.isna(label.y)]
    written = [label.text for label in claims if label.key not in hidden]
    unwritten = [
        f"{label.text} ({format_day(pd.Timestamp(label.x))})"
        for label in claims
        if label.key in hidden
    ]
    if written and not short:
        parts.append(f"Shown as claims, not counts: {'; '.join(written)}.")
    if unwritten and not short:  # its grey mark is drawn; its words find no room
        parts.append(unwritten_claims_words(unwritten))
    return " ".join(parts)


#: Counted places the map's alt text names after its largest crowds (and their ties).
MAP_ALT_MORE = 4


def _map_alt(facts: Facts) -> str:
    places = facts.map.places
    if places.empty:
        return "Map: no demonstration in this report has a place."
    parts = [
        f"Map of Southern California marking where demonstrations were reported "
        f"{map_where(places)}, {period_words(facts)}, each place a mark sized by its largest "
        "counted crowd."
    ]
    counted = places[places["kind"] == "count"].sort_values("rank")
    top = counted.head(3)
    if len(top):
        # a place tied with the last one named is named too (two crowds of hundreds: both)
        top = counted[counted["value"] >= top["value"].iloc[-1]]
        named = [  # a vague word with its noun, as the map's headline says it
            f"{crowd_people(r['figure'])} {place_words(r['name'], r['precision'], r['city'])}"
            for _, r in top.iterrows()
        ]
        crowds = "crowd" if len(named) == 1 else "crowds"
        parts.append(f"The largest reported {crowds}: {join_words(named)}.")
        rest = counted.drop(top.index).head(MAP_ALT_MORE)
        if len(rest):  # the other figures the map's labels give, while the text stays short
            more = [
                f"{r['figure']} {place_words(r['name'], r['precision'], r['city'])}"
                for _, r in rest.iterrows()
            ]
            parts.append(f"Also counted: {join_words(more)}.")
    approximate = int(places["approximate"].sum())
    if approximate:
        parts.append(
            f"{plural(approximate, 'place')} {is_are(approximate)} known only to the town; "
            "the mark sits at its centre."
        )
    if facts.map.unplaced:
        parts.append(f"{plural(facts.map.unplaced, 'demonstration')} without a place not shown.")
    return " ".join(parts)


def _arrests_alt(facts: Facts, *, short: bool) -> str:
    series = facts.arrests.series
    if all(s.low_sum is None for s in series.values()):
        return (
            "Arrests: no figures reported."
            if short
            else (
                "Chart of arrests: no source gives a number of people arrested or detained in "
                "this report."
            )
        )
    parts = (
        []
        if short
        else [
            f"Chart of arrests reported in {facts.selection.place}, {period_words(facts)}, as two "
            "separate series."
        ]
    )
    for kind, s in series.items():
        what = ARREST_KINDS[kind][1]
        label = what[0].upper() + what[1:]
        if s.low_sum is None:
            parts.append(f"{label}: none reported.")
            continue
        m = peak_mark(s)
        assert m is not None
        sentence = f"{label}: {series_words(s)}"
        if bool(m["disputed"]) and not short:
            sentence += ", where sources differ"
        parts.append(sentence + ".")
    if facts.arrests.binning.binned:
        parts.append("Each day is one mark, the day's figures added up.")
    return " ".join(parts)


def _responses_alt(facts: Facts, *, short: bool) -> str:
    resp = facts.responses
    c = facts.counts
    if resp.marks.empty:
        return (
            "Official responses: none reported."
            if short
            else ("Timeline of official responses: none in this report.")
        )
    levels = ", ".join(
        f"{format_count(n)} {LEVEL_WORDS[level]}" for level, n in resp.by_level.items() if n
    )
    lead = (
        "Official responses"
        if short
        else (
            "Timeline of official responses, one row per level of government, "
            + period_words(facts)
        )
    )
    parts = [f"{lead}: {plural(c.responses, 'response')}" + (f", {levels}." if levels else ".")]
    uncounted = uncounted_words(facts)
    if uncounted:
        also = "Not drawn or counted" if resp.binning.binned else "Also drawn, not counted"
        parts.append(f"{also} as responses: {uncounted}.")
    if resp.busiest is not None and not short:
        days, n, actors = resp.busiest
        if len(days) > 1:  # a tie: no single busiest day
            parts.append(
                f"The busiest days were {join_words([format_day(d) for d in days])}, "
                f"with {plural(n, 'response')} each."
            )
        else:
            named = list(actors[:BUSIEST_ACTORS])
            if len(actors) > BUSIEST_ACTORS:
                named.append("others")
            parts.append(
                f"The busiest day was {format_day(days[0])}, with {plural(n, 'response')}"
                + (f", from {join_words(named)}" if named else "")
                + "."
            )
    if c.responses_month_only and not short:
        n = c.responses_month_only
        parts.append(
            f"{plural(n, 'item' if uncounted else 'response')} dated only to a month "
            f"{is_are(n)} drawn as a line across it."
        )
    if resp.binning.binned:
        parts.append(
            "There are too many to label, so each day and level is one mark sized by count."
        )
    return " ".join(parts)


# --- alt text on a figure --------------------------------------------------------------------


def attach_alt_text(fig: Figure, text: str) -> Figure:
    """Store alt text on a figure so :func:`analysis.publish.export.export_chart` finds it."""
    setattr(fig, _ALT_ATTR, text)
    return fig


def alt_text_of(fig: object) -> str | None:
    """The alt text stored by :func:`attach_alt_text`, or None."""
    return getattr(fig, _ALT_ATTR, None)


def unwritten_claims_words(texts: list[str]) -> str:
    """The sentence saying that a claim's grey mark is drawn in the "size not reported" strip
    while its words find no room at the chart's size: the notes line and the alt text say
    them instead ("A grey mark in the strip is an official's claim, not a count, with no room
    for its words here: ...")."""
    return (
        "A grey mark in the \u201csize not reported\u201d strip is an official's claim, not a "
        f"count, with no room for its words at this size: {'; '.join(texts)}."
    )
