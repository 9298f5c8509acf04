"""Hover phrases of every chart, written once as plain text lines with a style each.

A hover box is a tuple of :class:`Line`: the event's title, when and where, the figures in
words, the sources' own wording, the caveats and the source. Engines only set the styles
(plotly: bold, italic, indented, small, each line escaped) so the same fact reads the same in
every chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.charts import words
from analysis.fmt import format_range, shorten
from analysis.prep.aggregate import split_cell
from analysis.prep.facts import figure_words

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


def _place(record: Mapping[str, object]) -> str:
    parts = [record.get("location"), record.get("city")]
    return ", ".join(str(p) for p in parts if isinstance(p, str) and p) or "place not given"


def wordings(wording: object) -> list[Line]:
    """The sources' own words, one quoted line each (" | " separates them in the model)."""
    if not isinstance(wording, str):
        return []
    return [Line(w, "quote") for w in wording.split(" | ")]


def event_hover(record: Mapping[str, object], figures: list[Line]) -> Hover:
    """An event's hover: headline, when, where, its figures, caveats, source and notes."""
    lines = [
        Line(shorten(str(record["title"]), 90), "title"),
        Line(words.when_words(record)),
        Line(_place(record)),
        *figures,
    ]
    if bool(record.get("disputed")):
        lines.append(Line(DISPUTED, "caveat"))
    if bool(record.get("weak")):
        lines.append(Line(WEAK, "caveat"))
    lines.append(Line("Source: " + ", ".join(split_cell(record.get("publishers")))))
    notes = record.get("notes")
    if isinstance(notes, str) and notes:
        lines.append(Line(shorten(notes, 160), "small"))
    return tuple(lines)


def crowd_hovers(details: pd.DataFrame, marks: pd.DataFrame) -> list[Hover]:
    """The hover of each crowd mark: its figure in words (or that none, or the claim).

    ``details`` are the model's worded rows (:meth:`Facts.details`) of at least these marks.
    """
    if not len(marks):
        return []
    records = details.loc[marks.index].to_dict("records")
    out = []
    for record, mark in zip(records, marks.to_dict("records"), strict=True):
        if pd.isna(mark["low"]):
            figures = [Line("Crowd: no count reported", "caveat")]
            if mark["kind"] == "claim":
                figures.append(Line(f"{mark['claim']} (a claim, not a count)", "caveat"))
        else:
            text = figure_words(
                mark["low"], mark["high"], bool(mark["open"]), bool(mark["disputed"])
            )
            if not pd.isna(mark["high"]) and mark["high"] != mark["low"]:
                text += f" (range {format_range(mark['low'], mark['high'])})"
            figures = [Line(f"Crowd: {text}", "figure"), *wordings(record["crowd_wording"])]
        out.append(event_hover(record, figures))
    return out


def titles_hover(head: str, detail: str, titles: list[str], more: int) -> Hover:
    """A hover for a mark standing for several events (a binned day): what, then their titles."""
    lines = [Line(head, "title"), Line(detail)]
    lines += [Line(shorten(t, 70), "quote") for t in titles]
    if more > 0:
        lines.append(Line(f"… and {more:,} more", "quote"))
    return tuple(lines)
