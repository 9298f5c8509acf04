"""Whether a chart has something to show (analysis.spec.showing), else its sentence."""

from __future__ import annotations

import pytest
from chart_fixtures import curated, load_pair, selections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import ParameterError
from analysis.prep import marks as marks_module
from analysis.prep.facts import build_facts
from analysis.spec import showing, words

CITY_HALL = "2026-01-31-los-angeles-city-hall-rally"
VIGIL = "2026-01-31-long-beach-vigil"
PARAMOUNT = "2025-06-07-paramount-clash"
BASS = "2026-01-26-bass-statement"


@pytest.fixture
def tiny(tiny_dataset):
    return load_pair(tiny_dataset)


def only(tiny, *ids: str):
    """The facts model of the tiny dataset's events ``ids``."""
    events, sources = tiny
    return build_facts(events[events["event_id"].isin(ids)], sources=sources)


def test_two_marks_on_one_day_are_a_sentence(tiny):
    facts = only(tiny, CITY_HALL, VIGIL)
    crowd = showing.showing(facts, "crowd")
    assert (crowd.marks, crowd.positions, crowd.shows) == (2, 1, False)
    assert crowd.sentence == (
        f"{words.headline(facts, 'crowd')}. Every demonstration here falls on 31 Jan 2026, so "
        "there is nothing to compare over time and no chart is drawn."
    )
    # the two places are two positions on the map, so the map is drawn
    assert showing.shows(facts, "map") and showing.sentence(facts, "map") == ""
    assert not showing.shows(facts, "combined")  # nothing else: one day in all


def test_two_days_are_a_chart(tiny):
    facts = only(tiny, CITY_HALL, PARAMOUNT)
    crowd = showing.showing(facts, "crowd")
    assert (crowd.marks, crowd.positions, crowd.shows, crowd.sentence) == (2, 2, True, "")
    assert showing.shows(facts, "combined")


def test_a_binned_chart_always_shows(tiny, monkeypatch):
    monkeypatch.setattr(marks_module, "MAX_MARKS", 1)
    facts = only(tiny, CITY_HALL, VIGIL)
    assert facts.crowd.binning.binned
    crowd = showing.showing(facts, "crowd")
    assert crowd.positions == 1 and crowd.binned and crowd.shows and crowd.sentence == ""


def test_one_mark_is_its_finding_and_why_no_chart_is_drawn(tiny):
    facts = only(tiny, CITY_HALL)
    text = showing.sentence(facts, "crowd")
    assert text == (
        "The largest reported crowd was 2,500 people, in Los Angeles on 31 Jan 2026. With one "
        "demonstration there is nothing to compare, so no chart is drawn."
    )
    assert showing.sentence(facts, "map").endswith(
        "With one place there is nothing to compare, so no map is drawn."
    )


def test_a_chart_without_marks_says_there_are_none(tiny):
    facts = only(tiny, CITY_HALL, PARAMOUNT)
    assert showing.showing(facts, "responses").marks == 0
    assert showing.sentence(facts, "responses") == (
        "No official responses in this report, so no chart is drawn."
    )


def test_the_combined_chart_counts_the_union_of_its_panels_marks(tiny):
    # one demonstration, and a response five days earlier: each panel one mark, two positions
    facts = only(tiny, CITY_HALL, BASS)
    assert not showing.shows(facts, "crowd") and not showing.shows(facts, "responses")
    combined = showing.showing(facts, "combined")
    assert (combined.marks, combined.positions, combined.shows) == (2, 2, True)


def test_an_unknown_chart_is_refused(tiny):
    with pytest.raises(ParameterError, match="valid values"):
        showing.showing(only(tiny, CITY_HALL), "pie")


def test_the_february_2025_selection_draws_only_its_combined_chart():
    facts = build_facts(curated(), start="2025-02-01", end="2025-02-28")
    told = {chart: showing.showing(facts, chart) for chart in showing.CHARTS}
    assert [c for c, s in told.items() if s.shows] == ["combined"]
    assert told["crowd"].sentence.endswith(
        "With one demonstration there is nothing to compare, so no chart is drawn."
    )
    assert told["arrests"].marks == 0 and told["arrests"].sentence.endswith(
        ", so no chart is drawn."
    )
    # three responses all on the February month band: one position
    assert (told["responses"].marks, told["responses"].positions) == (3, 1)
    assert "falls in Feb 2025" in told["responses"].sentence
    assert told["map"].positions == 1 and "no map is drawn" in told["map"].sentence
    for chart in ("crowd", "responses", "map"):
        assert told[chart].sentence.startswith(words.headline(facts, chart) + ". ")


def test_the_whole_timeline_draws_every_chart():
    facts = build_facts(curated())
    for chart in showing.CHARTS:
        told = showing.showing(facts, chart)
        assert told.shows and told.positions >= 2 and told.sentence == "", chart


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_selections_follow_the_rule(data):
    """Random selections of the curated data: a chart shows exactly when binned or at two or
    more positions, the combined chart holds every panel's positions, and a chart that does not
    show is its finding and the reason, in full sentences."""
    dataset = curated()
    facts = build_facts(dataset, **data.draw(selections(dataset.events)))
    told = {chart: showing.showing(facts, chart) for chart in showing.CHARTS}
    for panel, frame in (("crowd", facts.crowd.marks), ("responses", facts.responses.marks)):
        pairs = zip(frame["start"], frame["end"], strict=True)
        spans = {(a.normalize(), b.normalize()) for a, b in pairs}
        binned = getattr(facts, panel).binning.binned
        assert told[panel].shows == (binned or len(spans) >= 2), told[panel]
    for chart, shown in told.items():
        assert 0 <= shown.positions <= shown.marks
        assert (shown.sentence == "") == shown.shows, shown
        if not shown.shows:
            finding = (
                words.headline(facts, chart)
                if shown.marks or chart == "combined"
                else words.empty_message(facts, chart)
            )
            assert shown.sentence.startswith(finding[0].upper() + finding[1:])
            assert shown.sentence.endswith(" is drawn.") and "  " not in shown.sentence
    assert told["map"].positions == len(facts.map.places)
    panels = [told[p] for p in ("crowd", "arrests", "responses")]
    assert told["combined"].marks == sum(p.marks for p in panels)
    assert told["combined"].positions >= max(p.positions for p in panels)
    if any(p.shows for p in panels):
        assert told["combined"].shows


def test_the_combined_chart_draws_no_panel_with_nothing_to_show():
    """Editor review: the February 2025 combined chart drew an empty arrests panel ("No arrest
    figures in this report"). A panel with no mark is left out; its notes, subtitle and alt
    text say so, and the drawn figure has one axis per panel drawn."""
    import matplotlib.pyplot as plt

    from analysis.charts import interactive, static
    from analysis.spec import alt

    facts = build_facts(curated(), start="2025-02-01", end="2025-02-28")
    assert not any(len(s.marks) for s in facts.arrests.series.values())
    assert showing.combined_panels(facts) == ("crowd", "responses")
    assert showing.combined_left_out(facts) == ("arrests",)
    notes = words.notes_line(facts, "combined")
    assert words.PANEL_LEFT_OUT["arrests"] in notes
    assert words.subtitle(facts, "combined").startswith(
        "Reported crowd sizes and official responses, "
    )
    text = alt.alt_text(facts, "combined")
    assert text.startswith("Two charts on one time line: crowd sizes and official responses.")
    fig = static.draw_combined(facts)
    try:
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    finally:
        plt.close(fig)
    assert words.PANEL_TITLES["arrests"] not in titles
    assert titles[:2] == [words.PANEL_TITLES["crowd"], words.PANEL_TITLES["responses"]]
    assert words.empty_message(facts, "arrests") not in texts
    plotly = interactive.combined_plotly(facts)
    names = [a.text for a in plotly.layout.annotations]
    assert f"<b>{words.PANEL_TITLES['arrests']}</b>" not in names
    assert words.empty_message(facts, "arrests") not in names
    # the whole timeline has marks in every panel: all three are drawn, nothing is noted
    whole = build_facts(curated())
    assert showing.combined_panels(whole) == ("crowd", "arrests", "responses")
    assert "panel:" not in words.notes_line(whole, "combined")
