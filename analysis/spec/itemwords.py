"""The parts of a chronology item's sentence, each said once.

A chronology item (:mod:`analysis.spec.chronology`) starts with the event's title; what
follows only adds what the title does not say: the place unless the title names it, a figure
unless the title gives it, the responder in a few natural words ("(ICE and CBP, federal)"), and
"no crowd size reported" only for a local demonstration, where a reader looks for one. The
scope is worded as the data code it: "nationwide" only for a national action, count or policy;
a row with a town outside the selection's region is that town; a row with no place says none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from analysis.data.crowd import NUMBER_WORDS
from analysis.fmt import format_count, join_words
from analysis.prep.aggregate import split_cell

#: Event types of a national action, count or policy: "nationwide" when no place is given.
NATIONWIDE_TYPES = frozenset(
    {"day_of_action", "walkout", "strike", "policy_target", "directive", "official_statement"}
)
#: A figure's qualifier, and the words of a title that say it too.
_QUALIFIERS = {
    "at least": ("at least", "more than", "over"),
    "about": ("about", "around", "some", "nearly", "roughly"),
}
#: Words before a place that say where at it ("in front of Los Angeles City Hall").
_AT = re.compile(r"^(in front of|outside( of)?|near|at|on|inside|around|corner of)\s+", re.I)


def text(value: object) -> str:
    """A cell as one line of text ("" for a missing one)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _plain(words: str) -> str:
    """Lower case, "Los Angeles" as "LA", parentheses dropped: for "does the title say it"."""
    words = re.sub(r"\([^)]*\)", "", words.lower())
    return " ".join(words.replace("los angeles", "la").split())


def _has(words: str, part: str) -> bool:
    """Whether ``part`` is in ``words`` as whole words ("la" is not in "Highland")."""
    return bool(part) and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", words) is not None


def nationwide(record: Mapping[str, object]) -> bool:
    """A national row with no place: a national action, count or policy (not one person's
    arrest, which happened somewhere the source does not say)."""
    if text(record.get("scope")) != "national" or text(record.get("city")):
        return False
    return (
        text(record.get("event_type")) in NATIONWIDE_TYPES
        or text(record.get("response_level")) == "federal"
    )


def place_words(record: Mapping[str, object]) -> str:
    """Where, leaving out each part the title already names: "Café de Leche, Los Angeles"
    for "Highland Park café closes …" at "Café de Leche, Highland Park"; "nationwide" only for
    :func:`nationwide` rows; "" for a row with no place."""
    title = _plain(text(record.get("title")))
    location, city = text(record.get("location")), text(record.get("city"))
    if city and _has(title, _plain(city)):
        return ""
    parts = [p.strip() for p in location.split(",") if p.strip()]
    kept = [p for p in parts if not _has(title, _AT.sub("", _plain(p)).strip())]
    if kept and city and not any(_has(_plain(p), _plain(city)) for p in kept):
        kept.append(city)
    if not kept and not parts and city:
        kept = [city]
    if kept:
        return ", ".join(kept)
    if parts:  # every part is in the title
        return ""
    return (
        "nationwide"
        if nationwide(record) and not _has(title, "national") and "nation" not in title
        else ""
    )


def _numbers(words: str) -> set[float]:
    found = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", words)}
    found |= {float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", words)}
    return found


def title_gives(title: str, figure: str) -> bool:
    """Whether the title already gives ``figure`` ("about 40", "hundreds", "at least 3,000"):
    every number of it (in figures or a word: "Eight"), or its vague word ("Thousands")."""
    said = _plain(title)
    numbers = _numbers(figure)
    if numbers:
        for qualifier, alike in _QUALIFIERS.items():  # "at least 3,000": the title says so too
            if figure.lower().startswith(qualifier) and not any(_has(said, w) for w in alike):
                return False
        return numbers <= _numbers(said)
    vague = figure.lower().split()[-1] if figure.split() else ""
    return bool(vague) and re.search(rf"\b{re.escape(vague)}\b", said) is not None


def crowd_expected(record: Mapping[str, object]) -> bool:
    """Whether a reader looks for a crowd size: a demonstration at a named town."""
    return bool(record.get("demonstration")) and bool(text(record.get("city")))


def _actor(name: str) -> str:
    """ "Karen Bass (Mayor of Los Angeles)" as "Karen Bass, Mayor of Los Angeles"."""
    return re.sub(r"\s*\(([^)]*)\)\s*$", r", \1", name)


def responder(record: Mapping[str, object]) -> str:
    """Who responded and at what level, in a few words: "ICE and CBP, federal"; "police,
    agency not named" (the level is not repeated where the name says it); "state officials,
    not named" for an unnamed responder."""
    actors = [_actor(a) for a in split_cell(text(record.get("response_actor")))]
    if not actors:
        return ""
    said = join_words(actors) if all("," not in a for a in actors) else "; ".join(actors)
    level = text(record.get("response_level"))
    if not level or _has(said.lower(), level.lower()):
        return said
    if said[:1].islower():  # "officials, not named": "state officials, not named"
        return f"{level} {said}"
    return f"{said}, {level}"


def beyond_words(events: pd.DataFrame, place: str) -> str:
    """The demonstrations a selection reports beyond its region, as what they are: "4
    nationwide", "1 outside Southern California" (a town elsewhere, such as Minneapolis), or
    "5 nationwide or outside Southern California" for a mix ("" for none)."""
    demo = events["demonstration"].to_numpy(bool) & ~events["in_panel_scope"].to_numpy(bool)
    n = int(demo.sum())
    if not n:
        return ""
    national = sum(1 for r in events[demo].to_dict("records") if nationwide(r))
    if national == n:
        return f"{format_count(n)} nationwide"
    if national == 0:
        return f"{format_count(n)} outside {place}"
    return f"{format_count(n)} nationwide or outside {place}"
