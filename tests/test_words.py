"""The words of the charts: headlines, subtitles, source and notes lines, alt texts."""

from __future__ import annotations

import pytest
from chart_fixtures import load_pair

from analysis.errors import ParameterError
from analysis.prep.facts import build_facts
from analysis.spec import words
from analysis.spec.alt import MAX_ALT_WORDS, alt_text

CHARTS = ("combined", "crowd", "arrests", "responses")


@pytest.fixture
def model(tiny_dataset):
    events, sources = load_pair(tiny_dataset)
    return build_facts(events, sources=sources)


def test_headlines_state_the_models_finding_with_its_qualifier(model):
    peak = model.crowd.peak
    # 2,500 at City Hall and 80 at the vigil, both exact; but a third demonstration that day
    # (the Long Beach march) has no counted size, so the day's total is a floor.
    assert peak is not None and (peak.n, peak.n_events) == (2, 3) and not peak.exact
    headline = words.headline(model, "crowd")
    assert headline == (
        "Reported crowds were largest on 31 Jan 2026: "
        "at least 2,580 people at the 2 counted of 3 demonstrations"
    )
    # Without the uncounted march the same total is exact.
    march = model.rows.index[model.rows["event_id"] == "2026-01-31-long-beach-march"]
    alone = build_facts(model.rows.drop(march), sources=model.sources)
    assert alone.crowd.peak.exact
    assert words.headline(alone, "crowd").endswith(": 2,580 people at 2 demonstrations")
    paramount = build_facts(model.rows, sources=model.sources, end="2025-12-31")
    assert "at least 200 people" in words.headline(paramount, "crowd")  # "hundreds": a floor
    assert words.headline(model, "combined") == headline
    assert "at least 44 detained by immigration agents" in words.headline(model, "arrests")
    assert words.headline(model, "responses").startswith("Federal officials made 2 of the 4")


def test_subtitles_name_the_selections_period(tiny_dataset):
    events, sources = load_pair(tiny_dataset)
    model = build_facts(events, sources=sources, start="2026-01-29", end="2026-02-01")
    for chart in CHARTS:
        assert words.subtitle(model, chart).endswith("29 Jan \u2013 1 Feb 2026")


def test_alt_texts_give_the_finding_in_plain_words_within_the_limit(model):
    crowd = alt_text(model, "crowd")
    assert crowd.startswith("Chart of reported crowd sizes in Southern California")
    assert f"{model.counts.crowd_drawn} demonstrations" in crowd
    assert "31 Jan 2026" in crowd
    arrests = alt_text(model, "arrests")
    assert "5\u20138" in arrests and "30 Jan 2026" in arrests and "sources differ" in arrests
    assert "at least 44" in arrests and "6 Jun 2025" in arrests
    responses = alt_text(model, "responses")
    assert "4 responses" in responses and "2 federal" in responses
    assert "1 response dated only to a month is drawn as a line across it" in responses
    for chart in CHARTS:
        text = alt_text(model, chart)
        assert len(text.split()) <= MAX_ALT_WORDS
        assert "Swimlane" not in text and "((" not in text


def test_source_and_notes_lines(model):
    line = words.source_line(model, "combined")
    assert line.startswith("Source: ") and "Daily News" in line and "Wire Service" in line
    notes = words.notes_line(model, "combined")
    assert notes.startswith("Note: ") and "sources disagree (1 item)" in notes.lower()
    with pytest.raises(ParameterError, match="chart"):
        words.notes_line(model, "pie")


def test_a_chart_with_nothing_drawn_has_no_placeholder_source_or_note(model):
    empty = build_facts(model.rows, sources=model.sources, start="2025-09-01", end="2025-09-02")
    assert empty.rows.empty
    for chart in ("arrests", "responses"):
        assert words.source_line(empty, chart) == ""  # never "Source: none"
        assert words.notes_line(empty, chart) == ""  # never "Note: none."
