"""Whether a chart has something to show, and the sentence that stands in for it when not.

A chart with one mark is a sentence. The rule, stated once for every engine and every output
(article exports, the chart page, the reports' interactive charts):

- A time chart (crowd, arrests, responses) *shows* when its marks stand at two or more
  distinct positions: distinct day spans (``start``, ``end``). Marks all on one day, or all
  on the same week or month band, are one position: nothing to compare over time.
- The combined chart draws only the panels that show on their own (:func:`combined_panels`):
  the same rule, so a panel that is a sentence on its own page is not drawn as a chart
  beside the others (one crowd beside responses dated only to February is not a chart). It
  shows when at least one of its panels does; its notes line and alt text say which panel
  is left out and why (:func:`panel_left_out`).
- The map shows when it marks two or more distinct places.
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
from analysis.fmt import join_words
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
    day spans (places) they stand at (for the combined chart, those of the panels it draws);
    ``binned`` whether a panel it draws is binned; ``sentence`` is empty when the chart
    ``shows``.
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
    elif chart == "combined":
        # the panels it draws are those that show on their own: one rule for both
        drawn = _shown_panels(facts)
        spans = pd.concat([_spans(facts, p) for p in PANELS], ignore_index=True)
        marks = len(spans)
        shown = pd.concat([_spans(facts, p) for p in drawn] or [spans.iloc[:0]])
        positions = len(shown.drop_duplicates())
        binned = any(_binned(facts, p) for p in drawn)
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


def _panel_shows(facts: Facts, panel: str) -> bool:
    """Whether ``panel`` shows on its own: binned, or its marks at two or more day spans."""
    return _binned(facts, panel) or len(_spans(facts, panel).drop_duplicates()) >= 2


def _shown_panels(facts: Facts) -> tuple[str, ...]:
    return tuple(p for p in PANELS if _panel_shows(facts, p))


def combined_panels(facts: Facts) -> tuple[str, ...]:
    """The panels the combined chart draws: each that shows on its own (binned, or marks at
    two or more positions; :func:`showing`). A panel with no mark, or with one mark or all
    its marks on one day or band, is left out, and the chart's notes line and alt text say
    why (:func:`panel_left_out`). When no panel shows, the combined chart is a sentence;
    the panels with marks are then named here for its words (every panel when none has)."""
    drawn = _shown_panels(facts)
    if drawn:
        return drawn
    return tuple(p for p in PANELS if len(_spans(facts, p))) or PANELS


def combined_left_out(facts: Facts) -> tuple[str, ...]:
    """The panels the combined chart leaves out (see :func:`combined_panels`)."""
    drawn = combined_panels(facts)
    return tuple(p for p in PANELS if p not in drawn)


#: A panel's name in "No ... panel", as the notes line words it.
_PANEL_NAMES = {"crowd": "crowd-size", "arrests": "arrests", "responses": "official-responses"}


def panel_left_out(facts: Facts, panel: str) -> str:
    """Why the combined chart draws no ``panel``, as its notes line and alt text say it: no
    mark ("No arrests panel: no source gives ..."), or nothing to compare over time, with the
    panel's finding so that no figure goes unsaid ("No arrests panel (one arrest figure,
    nothing to compare over time): at least 44 detained by immigration agents on 6 Jun
    2025.")."""
    if _spans(facts, panel).empty:
        return words.PANEL_LEFT_OUT[panel]
    finding = words.headline(facts, panel)
    finding = finding[0].lower() + finding[1:] if finding[1:2].islower() else finding
    why = _panel_why(facts, panel, verb=" falls")
    return f"No {_PANEL_NAMES[panel]} panel ({why}, nothing to compare over time): {finding}."


def _panel_why(facts: Facts, panel: str, verb: str = "") -> str:
    """A panel's marks at one position: "one demonstration", "every official response in
    Feb 2025" (``verb`` " falls": "every official response falls in Feb 2025")."""
    spans = _spans(facts, panel)
    noun = _NOUNS[panel]
    if len(spans) == 1:
        return f"one {noun}"
    first = spans.iloc[0]
    when = words.mark_when(pd.Series({"start": first["start"], "end": first["end"]}))
    return f"every {noun}{verb} {when}"


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
    if chart == "combined":  # each panel with marks, and why none has anything to compare
        whys = join_words([_panel_why(facts, p) for p in PANELS if len(_spans(facts, p))])
        return (
            f"{finding} With {whys}, there is nothing to compare over time, so no chart is drawn."
        )
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
