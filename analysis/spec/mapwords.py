"""The words of the locator map and of where the demonstrations were: one wording and one
count ("in 10 cities", "at 2 places", "in Los Angeles") for the map's headline and alt text,
the lede and the summary (:func:`held_where`), so they never count places apart.
"""

from __future__ import annotations

import pandas as pd

from analysis.fmt import join_words, plural
from analysis.prep.facts import Facts
from analysis.prep.marks import people


def crowd_people(figure: str) -> str:
    """A place's figure (``MapFacts.places["figure"]``) before what it counts, as the crowd
    chart's headline says it: "hundreds of people", "about 2,500 people", "hundreds of people
    (an advocate's estimate)" (a vague word says its word with its noun, never "hundreds in
    Paramount")."""
    head, sep, whose = figure.partition(" (")
    return people(head) + sep + whose


def map_headline(facts: Facts) -> str:
    """The map's headline: where the demonstrations were, in the words every output counts
    them by (:func:`map_where`), and the largest reported crowd with every tie named."""
    places = facts.map.places
    if places.empty:
        return "No demonstration in this report has a place to map"
    if len(places) == 1:
        r = places.iloc[0]
        where = place_words(r["name"], r["precision"], r["city"])
        text = f"Demonstrations were reported {where} only"
        from analysis.spec.words import span_crowd_words  # words imports this module

        spoken = span_crowd_words(facts)  # a figure said of a week or month, as said
        if spoken is not None and facts.counts.crowd_drawn == 1:
            return spoken
        if r["kind"] == "count":
            text += f"; the largest reported crowd was {crowd_people(r['figure'])}"
        return text
    # Count what a reader sees as places: towns (a city's venues are in it), where every place
    # names its town; else the places.
    where = map_where(places)
    text = f"Demonstrations were reported {where}"
    top = places[places["kind"] == "count"].sort_values("rank")
    if len(top):
        r = top.iloc[0]
        tied = top[top["value"] == r["value"]]
        named = [
            place_words(n, p, c)
            for n, p, c in zip(tied["name"], tied["precision"], tied["city"], strict=True)
        ]
        figures = [crowd_people(f) for f in tied["figure"]]
        if len(tied) == 1:  # "largest" only where two or more places have a count
            which = "largest" if len(top) > 1 else "only"
            text += f"; the {which} reported crowd was {figures[0]} {named[0]}"
        elif len(set(figures)) == 1:
            text += f"; the largest reported crowds were {figures[0]} each, {join_words(named)}"
        else:  # each figure with its own qualifier ("2,500 ... and about 2,500 ...")
            text += "; the largest reported crowds were " + join_words(
                [f"{f} {n}" for f, n in zip(figures, named, strict=True)]
            )
    return text


def map_where(places: pd.DataFrame) -> str:
    """Where a map's places are, counted as a reader sees them: "in 10 cities" (a city's venues
    are in it) where every place names its city, else "at 13 places"; one place by its name
    ("in Los Angeles", "at Los Angeles City Hall")."""
    if len(places) == 1:
        r = places.iloc[0]
        return place_words(r["name"], r["precision"], r["city"])
    cities = places["city"].dropna().nunique()
    if places["city"].notna().all() and 1 < cities < len(places):
        return f"in {plural(cities, 'city', 'cities')}"
    return f"at {plural(len(places), 'place')}"


def held_where(facts: Facts) -> str:
    """Where the demonstrations on the charts were, in the map's words and count, for the lede
    and the summary: "in 10 cities", "in 10 cities (1 demonstration has no place to mark)", ""
    when none has a
    place. One wording everywhere, so the lede, the summary and the map never count apart."""
    places = facts.map.places
    if places.empty:
        return ""
    where = map_where(places)
    if facts.map.unplaced:
        n = facts.map.unplaced
        # the demonstration has no place, not one of the cities
        where += f" ({plural(n, 'demonstration')} {'has' if n == 1 else 'have'} no place to mark)"
    return where


def place_words(name: object, precision: object, city: object = None) -> str:
    """A place as a sentence names it: "at City Hall" for a venue, "in Torrance" for a town
    or a neighbourhood; a venue whose name does not say its town gets it ("at Del Amo Fashion
    Center in Torrance")."""
    if str(precision) != "venue":
        return f"in {name}"
    town = "" if pd.isna(city) or str(city) in str(name) else f" in {city}"
    return f"at {name}{town}"
