"""Phrases about an event, written once: hover boxes and the crowd line of every output.

A hover box is a tuple of :class:`Line`: the event's title, when and where, the figures in
words, the sources' own wording, the caveats and the source with its reliability. Engines only
set the styles (plotly: bold, italic, indented, small, each line escaped) so the same fact reads
the same in every chart. A hover is reader copy: the curator's ``notes`` stay in the data CSV
and the events table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.fmt import shorten
from analysis.prep.aggregate import split_cell
from analysis.prep.crowd import claim_words
from analysis.prep.marks import figure_words, says_about
from analysis.spec import words

#: Line styles: "title" (bold), "text", "figure" (its value bold after a colon), "quote"
#: (a source's wording, indented), "caveat" (italic), "small" (a note in a smaller font).
STYLES = ("title", "text", "figure", "quote", "caveat", "small")


@dataclass(frozen=True)
class Line:
    text: str
    style: str = "text"


Hover = tuple[Line, ...]

DISPUTED = "Sources disagree; the dashed line joins their figures."
WEAK = "Rests only on low-reliability sources."


def place_words(record: Mapping[str, object]) -> str:
    """Where, each part once: "street outside the Home Depot, Paramount" (not "…, Paramount,
    Paramount"); the town is left out where the location already ends with it ("downtown Los
    Angeles")."""
    parts: list[str] = []
    for value in (record.get("location"), record.get("city")):
        if not isinstance(value, str):
            continue
        for part in (p.strip() for p in value.split(",")):
            low = part.lower()
            if part and not any(q.lower() == low or q.lower().endswith(" " + low) for q in parts):
                parts.append(part)
    return ", ".join(parts) or "place not given"


def with_sources(details: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """``details`` (rows of :meth:`Facts.details`) with ``source_words``: each publisher once,
    with its reliability ("Al Jazeera (high reliability)"), in the order of ``source_ids``."""
    grade = {
        str(sid): f"{pub} ({rel} reliability)" if isinstance(rel, str) and rel else str(pub)
        for sid, pub, rel in zip(
            sources["source_id"], sources["publisher"], sources["reliability"], strict=True
        )
    }
    words_of = []
    for cell in details["source_ids"]:
        named = [grade.get(sid, sid) for sid in split_cell(cell)]
        words_of.append(", ".join(dict.fromkeys(named)))
    return details.assign(source_words=words_of)


def wordings(wording: object) -> list[Line]:
    """The sources' own words, one quoted line each (" | " separates them in the model)."""
    if not isinstance(wording, str):
        return []
    return [Line(w, "quote") for w in wording.split(" | ")]


def event_hover(record: Mapping[str, object], figures: list[Line]) -> Hover:
    """An event's hover: headline, when, where, its figures, caveats and sources (with their
    reliability where ``record`` has ``source_words``, see :func:`with_sources`); never the
    curator's notes."""
    lines = [
        Line(shorten(str(record["title"]), 90), "title"),
        Line(words.when_words(record)),
        Line(place_words(record)),
        *figures,
    ]
    if bool(record.get("disputed")):
        lines.append(Line(DISPUTED, "caveat"))
    if bool(record.get("weak")):
        lines.append(Line(WEAK, "caveat"))
    named = record.get("source_words")
    if not isinstance(named, str) or not named:
        named = ", ".join(split_cell(record.get("publishers")))
    lines.append(Line("Source: " + named))
    return tuple(lines)


WEAK_SUFFIX = " (low-reliability sources only)"


def crowd_line(record: Mapping[str, object]) -> Line:
    """The crowd of an event in words, as every output words it: "Crowd: hundreds", a
    claim as the claim ("Department of Homeland Security claim: “1,000 rioters” (a claim, not
    a count)"), or that no source counts it. ``record`` is a row of :meth:`Facts.details`."""
    if bool(record.get("crowd_claim")):
        said = claim_words(record.get("crowd_estimator"), record.get("crowd_wording"))
        return Line(f"{said} (a claim, not a count)", "caveat")
    low = record.get("crowd_low")
    if low is None or pd.isna(low):
        return Line("Crowd: no count reported", "caveat")
    high = record.get("crowd_high")
    # "about 40" where the source's words make an exact figure an estimate, as its label says
    about = says_about(record.get("crowd_wording"))
    text = figure_words(
        low, high, bool(record.get("crowd_open")), bool(record.get("disputed")), about
    )
    return Line(f"Crowd: {text}" + (WEAK_SUFFIX if bool(record.get("weak")) else ""), "figure")


def crowd_hovers(details: pd.DataFrame, marks: pd.DataFrame) -> list[Hover]:
    """The hover of each crowd mark: its figure in words (or that none, or the claim).

    ``details`` are the model's worded rows (:meth:`Facts.details`) of at least these marks.
    """
    if not len(marks):
        return []
    records = details.loc[marks.index].to_dict("records")
    out = []
    for record in records:
        line = crowd_line(record)
        figures = [line, *wordings(record["crowd_wording"])] if line.style == "figure" else [line]
        out.append(event_hover(record, figures))
    return out


def titles_hover(head: str, detail: str, titles: list[str], more: int) -> Hover:
    """A hover for a mark standing for several events (a binned day): what, then their titles."""
    lines = [Line(head, "title"), Line(detail)]
    lines += [Line(shorten(t, 70), "quote") for t in titles]
    if more > 0:
        lines.append(Line(f"… and {more:,} more", "quote"))
    return tuple(lines)
