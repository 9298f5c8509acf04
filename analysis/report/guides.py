"""How to read each report chart: the paragraph printed above it, only where it is drawn.

A report notebook used to print its reading guide in a Markdown cell above each chart, so the
guide stood above the chart's sentence when the chart had nothing to show
(:mod:`analysis.spec.showing`), and it named caveats the selection did not have (a cut axis,
disputed figures). Here each guide is written from the facts model of the selection: a caveat
is printed only where it applies, and :func:`analysis.report.display.interactive_chart` shows
the guide only above a chart it draws.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.prep.facts import Facts

#: The guides there are: a chart's own (its name) and the official-responses report's own.
GUIDES = ("combined", "crowd", "arrests", "responses", "map", "responses-report", "lanes-only")


def _html(paragraphs: list[str | list[str]]) -> str:
    """Paragraphs (a list is a bulleted list), escaped, with ``**words**`` in bold."""

    def inline(text: str) -> str:
        return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text, quote=False))

    out = []
    for p in paragraphs:
        if isinstance(p, list):
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in p) + "</ul>")
        elif p:
            out.append(f"<p>{inline(p)}</p>")
    return f'<div class="la-guide">{"".join(out)}</div>' if out else ""


def _caveats(facts: Facts) -> list[str | list[str]]:
    """The caveats of the combined chart that apply to this selection."""
    c = facts.counts
    items = [
        "**Missing is not zero.** A demonstration whose size no source gives is drawn in a "
        'separate "size not reported" strip, not at 0; a day with no arrest figure has no mark.'
    ]
    if c.crowd_drawn:
        items.append(
            '**Crowd words become numbers by one documented rule:** "hundreds" is 200 to 999, '
            '"thousands" 2,000 to 9,999, exact numbers stay exact, and "at least" sets a floor '
            "with no ceiling. Marks stand at the lowest figure and the vertical line is the "
            'range (so "thousands" is drawn from 2,000 to 9,999 and written "thousands"); '
            '"at least" is written only where no upper bound is given.'
        )
    if facts.disputed_drawn(("crowd", "arrests", "responses")):
        items.append(
            "**Disputed figures are ranges.** Where sources disagree, the event is drawn once, "
            "spanning the smallest to the largest reported figure, with a dashed line."
        )
    if c.crowd_weak or c.low_rows or c.responses_weak:
        items.append(
            "**Some sources are weak.** A few reports rest on low-reliability sources "
            "(unattributed rewrites of other outlets): such a figure or official response is "
            "drawn hollow, is never added to a count or total and never makes a headline. The "
            "events table gives each source's reliability."
        )
    if c.crowd_claims:
        items.append(
            "**Claims are not counts.** An official's crowd figure is that official's claim, "
            + (
                'written as a claim in the "size not reported" strip.'
                if _claims_written(facts)
                else 'not a count: its mark stands in the "size not reported" strip, and its '
                "hover box gives the claim, who made it and the source."
            )
        )
    return ["Read it with these caveats:", items]


def _claims_written(facts: Facts) -> bool:
    """Whether the interactive chart writes an official's claim as a label (the layout leaves
    out a label that fits nowhere): the guide promises only what is drawn."""
    from analysis.spec.crowd import claims_written, crowd_spec

    return claims_written(crowd_spec(facts, "interactive"))


def _panels(facts: Facts) -> str:
    """The combined chart's panels as drawn (one with no mark is left out, and said so)."""
    from analysis.spec.showing import combined_panels, panel_left_out

    what = {
        "crowd": "reported crowd sizes at demonstrations",
        "arrests": "arrests",
        "responses": "official responses by level of government",
    }
    drawn = combined_panels(facts)
    if len(drawn) == 3:
        return (
            "The three panels share one time axis: reported crowd sizes at demonstrations "
            "(top), arrests (middle) and official responses by level of government (bottom)."
        )
    left = " ".join(
        panel_left_out(facts, p) for p in ("crowd", "arrests", "responses") if p not in drawn
    )
    if len(drawn) == 1:
        return f"One panel: {what[drawn[0]]}. {left}"
    return (
        f"The two panels share one time axis: {what[drawn[0]]} (top) and {what[drawn[1]]} "
        f"(bottom). {left}"
    )


def _cut(facts: Facts) -> str:
    if facts.axis is None or not facts.axis.broken:
        return ""
    return (
        "The sources cover a few short periods, so the months between them are cut out of the "
        "axis: a cut means that no source here reports anything then, not that nothing happened."
    )


def _responses(facts: Facts) -> list[str]:
    """What a responses lane shows beyond its hexagons, where it applies."""
    from analysis.spec import words

    c = facts.counts
    out = []
    if c.responses_announced:
        out.append(words.ANNOUNCED_NOTE)
    if c.responses_month_only:
        out.append("A response dated only to a month is a band across that month.")
    if words.spans_cut(facts, ["responses"]):
        out.append(
            "Where the time line is cut or ends, such a band is drawn over the days shown only, "
            "with an "
            "arrowhead at each end where its period runs on beyond them."
        )
    uncounted = words.uncounted_words(facts)
    if uncounted:
        out.append(f"The lanes also show what is not counted as a response: {uncounted}.")
    return out


def chart_guide(facts: Facts, guide: str) -> str:
    """The reading guide ``guide`` (:data:`GUIDES`) for the selection ``facts``, as escaped
    HTML; "" for ``guide=""``.

    Raises
    ------
    ParameterError
        For an unknown guide.
    """
    from analysis.errors import ParameterError

    if not guide:
        return ""
    if guide not in GUIDES:
        raise ParameterError(f"guide: {guide!r}; valid values: {', '.join(GUIDES)}")
    hover = "Hover over a mark to see the source's own wording and the publisher."
    if guide == "combined":
        return _html(
            [
                " ".join(
                    t
                    for t in (
                        _panels(facts),
                        _cut(facts),
                        hover,
                        "Drag to zoom, double-click to reset.",
                    )
                    if t
                ),
                *_caveats(facts),
            ]
        )
    if guide == "crowd":
        total = (
            f" The light dash is the {'week' if facts.crowd.total_freq == 'W' else 'day'}'s "
            "total of the counted crowds at different places, asked for here: "
            "no source gives it, and it is at least the figures it adds."
            if len(facts.crowd.totals)
            else ""
        )
        return _html(
            [
                "One mark per demonstration that took place, at the lowest figure reported for "
                "it, with a line for the low-to-high range. Only local and regional events are "
                "drawn: nationwide counts (such as the number of events on a national day of "
                "action) are not crowds at one place." + total
            ]
        )
    if guide == "arrests":
        return _html(
            [
                "Two series that are never added together: protesters arrested by police, and "
                "people detained by immigration agents in the raids. An empty day means no "
                "source gives a number, not that nobody was arrested."
                + (
                    " Where two sources give different numbers for the same arrests, the mark "
                    "spans both."
                    if facts.disputed_drawn(("arrests",))
                    else ""
                )
            ]
        )
    if guide in ("responses", "lanes-only"):
        lead = (
            "The same responses without the other panels, with more room for their labels."
            if guide == "lanes-only"
            else "Each mark is a statement, order, deployment or police measure, in the lane of "
            "the level of government that made it (federal, state, county, city, police)."
        )
        return _html([" ".join([lead, *_responses(facts)])])
    if guide == "responses-report":
        return _html(
            [
                " ".join(
                    [
                        "The combined chart puts the responses (bottom panel, one lane per "
                        "level) on the same time axis as the crowds and the arrests.",
                        *([_cut(facts)] if _cut(facts) else []),
                        "Hover over a mark for who responded and what they did, in the "
                        "source's words.",
                        *_responses(facts),
                    ]
                )
            ]
        )
    return _html(
        [
            "One mark per place where a demonstration of this report took place, drawn at the "
            "coordinates of the project's own list of places over county outlines that come "
            "with the data: no geocoding service, no map tiles. A mark's area follows the "
            "largest reported crowd there, its lowest reported figure. Grey marks have no "
            "reported size and hollow ones a size from low-reliability sources only; neither is "
            "sized. A dashed ring well clear of a mark means the sources name only the town, so "
            "the mark sits at the town's centre, not at the street where people gathered. "
            "Nationwide "
            "counts are not places and are left out. Hover over a mark for the place, its "
            "demonstrations and its largest figure."
        ]
    )
