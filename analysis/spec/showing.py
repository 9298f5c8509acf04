"""Whether a chart has something to show, and the sentence that stands in for it when not.

A chart with one mark is a sentence. The rule, stated once for every engine and every output
(article exports, the chart page, the reports' interactive charts):

- A time chart (crowd, arrests, responses) *shows* when its marks stand at two or more
  distinct positions: distinct day spans (``start``, ``end``). Marks all on one day, or all
  on the same week or month band, are one position: nothing to compare over time.
- The combined chart shows when the union of its panels' marks stands at two or more
  positions (a crowd in the week of 3 Feb beside responses dated only to February is two).
- The map shows when it marks two or more distinct places.
- A panel of the combined chart with no mark is not drawn (:func:`combined_panels`); its
  notes line says which.
- A binned chart (over :data:`analysis.prep.marks.MAX_MARKS` marks, binned by day) always
  shows.

Otherwise the chart is replaced by its *sentence*: the chart's own finding
(:func:`analysis.spec.words.headline`, or :func:`analysis.spec.words.empty_message` for a chart
with no mark) as a full sentence, then a short plain reason ("With one demonstration there is
nothing to compare, so no chart is drawn."). Only the facts model is read
(``facts.crowd.marks``, ``facts.arrests.series[...].marks``, ``facts.responses.marks``,
``facts.map.places``); no engine decides this.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.errors import ParameterError
from analysis.prep.facts import PANELS, Facts
from analysis.spec import words

#: The charts the rule decides on.
CHARTS = ("combined", *PANELS, "map")
#: What one mark of each chart stands for, as a reader counts it.
_NOUNS = {
    "combined": "item",
    "crowd": "demonstration",
    "arrests": "arrest figure",
    "responses": "official response",
    "map": "place",
}


@dataclass(frozen=True)
class Showing:
    """What a chart has to show: its marks, at how many positions, and its sentence.

    ``marks`` counts the chart's marks (for the map, its places); ``positions`` the distinct
    day spans (places) they stand at; ``binned`` whether a panel of it is binned; ``sentence``
    is empty when the chart ``shows``.
    """

    chart: str
    marks: int
    positions: int
    binned: bool
    sentence: str

    @property
    def shows(self) -> bool:
        """Whether the chart is drawn (two or more positions, or binned)."""
        return self.binned or self.positions >= 2


def _spans(facts: Facts, panel: str) -> pd.DataFrame:
    """The day spans (``start``, ``end``) of ``panel``'s marks, one row per mark."""
    if panel == "crowd":
        frames = [facts.crowd.marks]
    elif panel == "arrests":
        frames = [s.marks for s in facts.arrests.series.values()]
    else:
        frames = [facts.responses.marks]
    parts = [f[["start", "end"]] for f in frames if len(f)]
    if not parts:
        return pd.DataFrame({"start": [], "end": []}, dtype="datetime64[ns]")
    out = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(
        {
            "start": pd.to_datetime(out["start"]).dt.normalize(),
            "end": pd.to_datetime(out["end"]).dt.normalize(),
        }
    )


def _binned(facts: Facts, panel: str) -> bool:
    return {
        "crowd": facts.crowd.binning,
        "arrests": facts.arrests.binning,
        "responses": facts.responses.binning,
    }[panel].binned


def showing(facts: Facts, chart: str) -> Showing:
    """What ``chart`` ("combined", "crowd", "arrests", "responses" or "map") has to show.

    Raises
    ------
    ParameterError
        For an unknown chart name.
    """
    if chart not in CHARTS:
        raise ParameterError(f"chart: {chart!r}; valid values: {', '.join(CHARTS)}")
    if chart == "map":
        places = facts.map.places
        marks = positions = len(places)
        binned = False
        spans = None
    else:
        panels = facts.panels_of(chart)
        spans = pd.concat([_spans(facts, p) for p in panels], ignore_index=True)
        marks = len(spans)
        positions = len(spans.drop_duplicates())
        binned = any(_binned(facts, p) for p in panels)
    found = Showing(chart, marks, positions, binned, "")
    if found.shows:
        return found
    return Showing(chart, marks, positions, binned, _sentence(facts, chart, marks, spans))


def combined_panels(facts: Facts) -> tuple[str, ...]:
    """The panels the combined chart draws: each with at least one mark (or binned). A panel
    with no mark shows nothing on the shared time axis, so it is left out, and the chart's
    notes line says so (:func:`analysis.spec.words.notes_line`); with every panel empty
    the combined chart is a sentence (:func:`showing`)."""
    drawn = tuple(p for p in PANELS if _binned(facts, p) or len(_spans(facts, p)))
    return drawn or PANELS


def combined_left_out(facts: Facts) -> tuple[str, ...]:
    """The panels the combined chart leaves out for want of a mark (see
    :func:`combined_panels`)."""
    drawn = combined_panels(facts)
    return tuple(p for p in PANELS if p not in drawn)


def shows(facts: Facts, chart: str) -> bool:
    """Whether ``chart`` is drawn: see the module docstring."""
    return showing(facts, chart).shows


def sentence(facts: Facts, chart: str) -> str:
    """The sentence standing in for ``chart`` when it has nothing to show (else "")."""
    return showing(facts, chart).sentence


def _full(text: str) -> str:
    """``text`` as a full sentence: capitalised, ending in a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def _sentence(facts: Facts, chart: str, marks: int, spans: pd.DataFrame | None) -> str:
    what = "map" if chart == "map" else "chart"
    if marks == 0:  # the finding is that there is nothing: "No demonstrations in ..."
        finding = (
            words.headline(facts, chart)
            if chart == "combined"
            else words.empty_message(facts, chart)
        )
        return _full(f"{finding.rstrip('.')}, so no {what} is drawn")
    finding = _full(words.headline(facts, chart))
    noun = _NOUNS[chart]
    if marks == 1:
        reason = f"With one {noun} there is nothing to compare, so no {what} is drawn."
    else:
        assert spans is not None  # the map's places are distinct: one place is one mark
        first = spans.iloc[0]
        when = words.mark_when(pd.Series({"start": first["start"], "end": first["end"]}))
        reason = (
            f"Every {noun} here falls {when}, so there is nothing to compare over time and "
            f"no {what} is drawn."
        )
    return f"{finding} {reason}"
