"""Each sentence of a report page's prose said once (analysis.report.prose, issue 17 copy).

Before: the February 2025 page said "Student walkouts in Los Angeles in the week of 3 Feb 2025:
an advocate spoke of “hundreds of our youth” (L.A. TACO)." in its lede, its summary and the
sentences of the combined chart, the crowd chart and the map (five times), and the charts
table said each chart's sentence again.
"""

from __future__ import annotations

import pytest

from analysis.data.load import load_dataset
from analysis.prep.facts import build_facts
from analysis.report import display
from analysis.report.prose import PageProse, repeated_sentences, sentences

#: The catalogue's timeline selections (reports.yml), by their dates.
SELECTIONS = {
    "timeline": {},
    "june-2025-raids": {"start": "2025-06-01", "end": "2025-06-30"},
    "february-2025-walkouts": {"start": "2025-02-01", "end": "2025-02-28"},
    "ice-out-weekend-2026": {"start": "2026-01-29", "end": "2026-02-01"},
}


def test_sentences_split_after_full_stops_but_not_after_initials_or_months():
    text = (
        "Student walkouts in Los Angeles: an advocate spoke of “hundreds” (L.A. TACO). "
        "2 official responses are reported (2 federal). Rallies on Jan. 31, 2026 in the U.S. "
        "were held."
    )
    assert sentences(text) == [
        "Student walkouts in Los Angeles: an advocate spoke of “hundreds” (L.A. TACO).",
        "2 official responses are reported (2 federal).",
        "Rallies on Jan. 31, 2026 in the U.S. were held.",
    ]


def test_the_ledger_keeps_only_what_the_page_has_not_said():
    page = PageProse()
    page.say("A thing happened in Los Angeles. Two responses.", "in the opening paragraph")
    assert page.fresh("A thing happened in Los Angeles. So no chart is drawn.", "x") == (
        "So no chart is drawn."
    )
    assert page.fresh("So no chart is drawn.", "y") == ""
    assert page.told_in("a thing happened in Los Angeles") == "in the opening paragraph"


def _page_prose(facts, page: PageProse | None) -> list[str]:
    """The prose a timeline report's sections write, in the notebook's order (lede, summary,
    each chart's sentence where it is one), with or without the page's ledger."""
    told = display.chronology(facts, page=page)
    texts = [told.chronology.lede]
    texts += [text for _, text in display.summary(facts, page=page).lines]
    for chart in display.INTERACTIVE_CHARTS:
        from analysis.spec import showing

        if not showing.shows(facts, chart):  # a drawn chart writes no paragraph
            shown = display.interactive_chart(facts, chart, page=page)
            texts.append(shown.text)
    return texts


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_no_sentence_of_a_report_pages_prose_is_said_twice(name):
    """The lede, the summary and the charts' sentences of each catalogue timeline report say
    each sentence once (February 2025: every chart is a sentence, and their shared finding
    is the lede's); each chart section still says why no chart is drawn, or points to where
    its finding was told."""
    facts = build_facts(load_dataset(), **SELECTIONS[name])
    texts = _page_prose(facts, PageProse())
    assert repeated_sentences(texts) == {}, name
    assert all(texts[-k] for k in range(1, 4)), texts  # no chart section left empty


def test_february_says_the_walkouts_once_and_each_chart_why_it_is_not_drawn():
    facts = build_facts(load_dataset(), **SELECTIONS["february-2025-walkouts"])
    walkouts = "Student walkouts in Los Angeles in the week of 3 Feb 2025"
    before = _page_prose(facts, None)  # the old page: each section on its own
    assert sum(walkouts in t for t in before) == 5
    after = _page_prose(facts, PageProse())
    assert sum(walkouts in t for t in after) == 1 and walkouts in after[0]  # in the lede
    *_, combined, crowd, arrests, responses, map_ = after
    assert combined.startswith("With one demonstration and every official response")
    assert crowd == "With one demonstration there is nothing to compare, so no chart is drawn."
    assert map_ == "With one place there is nothing to compare, so no map is drawn."
    assert arrests == "No arrest figures in this report, so no chart is drawn."
    assert responses.startswith("Both official responses reported came from federal officials.")


def test_a_chart_sentence_already_told_whole_points_to_where():
    facts = build_facts(load_dataset(), **SELECTIONS["february-2025-walkouts"])
    page = PageProse()
    first = display.interactive_chart(facts, "crowd", page=page)
    again = display.interactive_chart(facts, "crowd", page=page)
    assert first.text.startswith("Student walkouts")
    assert again.text == (
        "No chart of crowd sizes: its finding is told above, under \u201cCrowd sizes\u201d."
    )


def test_a_summary_line_left_without_its_first_sentence_reads_on_its_own():
    """February 2025's lede says its 2 official responses; the summary line keeps what it
    adds, without an "Also" that no longer follows anything."""
    facts = build_facts(load_dataset(), **SELECTIONS["february-2025-walkouts"])
    page = PageProse()
    display.chronology(facts, page=page)
    lines = dict(display.summary(facts, page=page).lines)
    assert lines["Official responses"] == (
        "Reported, not counted as responses: 1 arrest quota set for ICE."
    )
    assert lines["Crowd sizes"] == "No source gives a count of its one crowd."
    assert not any(text.startswith("Also ") for text in lines.values())
