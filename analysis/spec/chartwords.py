"""Every word of a chart in one place, for its specification (:class:`analysis.spec.model.Words`):
headline, subtitle, source and notes lines (:mod:`analysis.spec.words`), alt text
(:mod:`analysis.spec.alt`), and the sentences of an empty or a binned panel.
"""

from __future__ import annotations

from analysis.prep.facts import Facts
from analysis.spec.alt import alt_text
from analysis.spec.model import Words
from analysis.spec.words import (
    binned_note,
    empty_message,
    headline,
    notes_line,
    source_line,
    subtitle,
)


def chart_words(facts: Facts, chart: str) -> Words:
    """Every word of ``chart`` in one place, for its specification: headline, subtitle, source
    and notes lines, alt text, and the sentences of an empty or a binned panel."""
    panel = chart in ("crowd", "arrests", "responses")
    return Words(
        headline=headline(facts, chart),
        subtitle=subtitle(facts, chart),
        source=source_line(facts, chart),
        notes=notes_line(facts, chart),
        alt=alt_text(facts, chart),
        empty=empty_message(facts, chart) if panel else None,
        binned_note=binned_note(facts, chart) if chart != "map" else None,
    )
