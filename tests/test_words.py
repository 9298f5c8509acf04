"""The words of the charts: headlines, subtitles, source and notes lines, alt texts."""

from __future__ import annotations

import pytest
from chart_fixtures import curated, load_pair

from analysis.charts import tables
from analysis.charts.chartdata import chart_data
from analysis.errors import ParameterError
from analysis.prep.facts import build_facts
from analysis.spec import words
from analysis.spec.alt import MAX_ALT_WORDS, alt_text
from analysis.spec.chronology import build_chronology
from analysis.spec.responses import responses_spec

CHARTS = ("combined", "crowd", "arrests", "responses")


@pytest.fixture
def model(tiny_dataset):
    events, sources = load_pair(tiny_dataset)
    return build_facts(events, sources=sources)


def test_headlines_state_the_models_finding_with_its_qualifier(model, tiny_dataset):
    events, sources = load_pair(tiny_dataset)
    peak = build_facts(events, sources=sources, total="D").crowd.peak  # totals on request only
    # 2,500 at City Hall and 80 at the vigil, both exact; but a third demonstration that day
    # (the Long Beach march) has no counted size, so the day's total is a floor.
    assert peak is not None and (peak.n, peak.n_events) == (2, 3) and not peak.exact
    assert model.crowd.totals.empty  # none by default: a sum of places no source makes
    # The headline names the largest reported crowd (a figure a source gives), not the day's
    # total, which the total's own marks and the alt text give.
    headline = words.headline(model, "crowd")
    assert headline == "The largest reported crowd was 2,500 people, in Los Angeles on 31 Jan 2026"
    daily = build_facts(events, sources=sources, total="D")
    assert words.crowd_peak_words(daily) == (
        "at least 2,580 people at 2 counted demonstrations on 31 Jan 2026"
    )
    # Without the uncounted march the same total is exact.
    march = model.rows.index[model.rows["event_id"] == "2026-01-31-long-beach-march"]
    alone = build_facts(model.rows.drop(march), sources=model.sources, total="D")
    assert alone.crowd.peak.exact
    assert words.crowd_peak_words(alone) == "2,580 people at 2 demonstrations on 31 Jan 2026"
    paramount = build_facts(model.rows, sources=model.sources, end="2025-12-31")
    # "hundreds" has a ceiling (999): said in its word, "at least" only where none is given
    said = words.headline(paramount, "crowd")
    assert "hundreds of people" in said and "at least" not in said
    assert words.headline(model, "combined") == headline
    arrests = words.headline(model, "arrests")
    # Each series' largest figure with its day; never a sum across reports.
    assert "At least 44 detained by immigration agents on 6 Jun 2025" in arrests
    assert "in all" not in arrests
    # Responses made only (the White House's arrest quota is drawn, not counted; so is Bass's
    # statement, which only a low-reliability source reports), in plain words: no "2 of the 4".
    assert words.headline(model, "responses") == (
        "Federal and police officials made 1 reported official response each"
    )


def test_tied_largest_crowds_are_all_named_in_the_headline(model):
    rows = model.rows.copy()
    vigil = rows["event_id"] == "2026-01-31-long-beach-vigil"
    rows.loc[vigil, ["crowd_low", "crowd_high"]] = 2500
    rows.loc[vigil, "crowd_text"] = "2,500 people"
    tied = build_facts(rows, sources=model.sources)
    assert len(tied.crowd.largest) == 2
    headline = words.headline(tied, "crowd")
    assert headline.startswith("The largest reported crowds were 2,500 people each, in ")
    assert "Long Beach" in headline and "Los Angeles" in headline
    # A source's "around 2,500" keeps its qualifier beside an exact 2,500.
    rows.loc[vigil, "crowd_text"] = "around 2,500 people"
    headline = words.headline(build_facts(rows, sources=model.sources), "crowd")
    assert headline.startswith("The largest reported crowds: ")
    assert "about 2,500 in Long Beach" in headline and "2,500 in Los Angeles" in headline


def test_a_headline_never_says_all_of_them_as_a_fraction(model):
    federal = model.rows["response_level"].isin(["federal"]) | model.rows["response_level"].isna()
    only_federal = build_facts(model.rows[federal], sources=model.sources)
    n = only_federal.counts.responses
    assert n == 1 and words.headline(only_federal, "responses") == (
        "The one official response reported came from federal officials"
    )
    rows = only_federal.rows.copy()
    rows.loc[rows["response_type"] == "quota", "response_type"] = "directive"
    two = build_facts(rows, sources=model.sources)
    assert words.headline(two, "responses") == (
        "Both official responses reported came from federal officials"
    )


def test_the_responses_words_count_only_responses_made_and_name_the_rest_alike(model):
    """Issue 17: a reported silence and an arrest quota are drawn, never counted as responses
    made; the headline, alt text, notes line and table name them in the same words."""
    c = model.counts
    uncounted = sum(model.responses.uncounted.values())
    assert uncounted == 1 and c.responses_weak == 1
    assert c.responses + c.responses_weak + uncounted == len(model.responses.marks)
    said = (
        "not counted as responses: 1 reported only by low-reliability sources and 1 arrest "
        "quota set for ICE."
    )
    assert said in alt_text(model, "responses")
    # the notes line keys the hollow hexagon, says it is not counted, then names the rest
    for chart in ("responses", "combined"):
        notes = words.notes_line(model, chart)
        assert "low-reliability sources; the one drawn is not counted." in notes
        assert "Not counted as responses: 1 arrest quota set for ICE." in notes
    rows = model.rows.copy()
    silent = rows["response_type"] == "quota"
    rows.loc[silent, ["event_type", "response_type"]] = ["official_statement", "ignore"]
    rows.loc[silent, ["figure_text", "figure_low", "figure_high", "figure_unit"]] = None
    quiet = build_facts(rows, sources=model.sources)
    assert quiet.responses.uncounted == {"ignore": 1}
    assert (
        "not counted as responses: 1 reported only by low-reliability sources and 1 'no "
        "immediate comment'." in alt_text(quiet, "responses")
    )
    assert " of the " not in words.headline(quiet, "responses")


@pytest.mark.parametrize(
    ("period", "counted", "levels", "weak"),
    [
        # the "ICE Out" weekend: Bass's appeal and two LAPD measures rest only on Parriva and
        # "DTLA Erupts"; federal and police officials did not make 3 responses each
        ({"start": "2026-01-29", "end": "2026-02-01"}, 4, "3 federal, 1 police", 3),
        # the whole timeline: 21 responses made, 5 of them only on low-reliability sources
        ({}, 16, "13 federal, 1 city, 2 police", 5),
    ],
)
def test_responses_only_low_reliability_sources_report_are_drawn_and_never_counted(
    period, counted, levels, weak
):
    """Issue 17: a response only low-reliability sources report is drawn (hollow) and listed,
    and is in no count: headline, alt text, notes, summary, lede and table agree."""
    facts = build_facts(curated(), **period)
    c = facts.counts
    assert (c.responses, c.responses_weak) == (counted, weak)
    headline = words.headline(facts, "responses")
    assert headline == "Most official responses reported came from federal officials"
    said = f"Also drawn, not counted as responses: {weak} reported only by low-reliability"
    for chart in ("responses", "combined"):
        alt = alt_text(facts, chart)
        assert f"{counted} responses, {levels}." in alt and said in alt
        notes = words.notes_line(facts, chart)
        assert f"low-reliability sources; the {weak} drawn are not counted." in notes
    lede = build_chronology(facts).lede
    assert f"{counted} official responses are reported ({levels})" in lede
    assert f"{weak} more rest only on low-reliability sources" in lede
    summary = tables.overview(facts).set_index("topic")["text"]
    assert summary["Official responses"].startswith(
        f"{counted} official responses are reported ({levels})."
    )
    assert f"{weak} reported only by low-reliability sources" in summary["Official responses"]
    assert (
        tables.responses_by_level(facts).set_index("Kind of response").at["Total", "Total"]
        == counted
    )
    # the "Get the data" CSV says which rows are counted
    marks_said = chart_data(facts, "responses")["mark"].value_counts()
    assert marks_said["response"] == counted
    assert marks_said["response (low-reliability sources only; not counted)"] == weak
    # drawn all the same, hollow, one mark each
    spec = responses_spec(facts, "article")
    hollow = {k for lay in spec.layers if lay.symbol.hollow for k in lay.keys}
    marks = facts.responses.marks
    made_weak = marks.index[marks["weak"] & (marks["kind"] == "response")]
    assert len(made_weak) == weak and set(made_weak) <= hollow
    assert not marks.loc[made_weak, "counted"].any()


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
    assert "2 responses, 1 federal, 1 police." in responses
    assert "1 item dated only to a month is drawn as a line across it" in responses
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


def test_map_headline_names_a_lone_place_and_says_in_a_town_and_at_a_venue(model):
    june = build_facts(model.rows, sources=model.sources, end="2025-12-31")
    places = june.map.places
    headline = words.headline(june, "map")
    if len(places) == 1:
        name = places["name"].iloc[0]
        assert f" {name} only" in headline and "1 place" not in headline
    assert words.place_words("Torrance", "city") == "in Torrance"
    assert words.place_words("Los Angeles City Hall", "venue") == "at Los Angeles City Hall"
    assert " at Los Angeles;" not in words.headline(model, "map")


def test_the_notes_speak_of_totals_only_where_a_total_is_drawn(model, tiny_dataset):
    """No daily total by default: no note may say a mark is "in no total"."""
    for chart in ("crowd", "combined"):
        assert "total" not in words.notes_line(model, chart)
    events, sources = load_pair(tiny_dataset)
    daily = build_facts(events, sources=sources, total="D")
    assert "totals add up counted crowds only" in words.notes_line(daily, "crowd")


def test_the_claim_note_prints_only_where_the_chart_writes_the_claim():
    """Editor review: "an official's claim is not a count" was printed on charts that draw no
    claim (the DHS label fits nowhere in the whole timeline's static crowd strip)."""
    from chart_fixtures import curated

    from analysis.prep.facts import build_facts
    from analysis.publish.articles import notes_at_size
    from analysis.report.guides import chart_guide
    from analysis.spec.crowd import claims_written, crowd_spec

    claim = "claim is not a count"
    for start, end in ((None, None), ("2025-06-01", "2025-06-30")):
        facts = build_facts(curated(), start=start, end=end)
        assert facts.counts.crowd_claims  # DHS's "1,000 rioters" is in both
        for size in ("article", "phone"):
            spec = crowd_spec(facts, size)
            written = claims_written(spec)
            assert (claim in spec.words.notes) == written, (start, size, spec.words.notes)
            for chart in ("crowd", "combined"):
                notes = notes_at_size(facts, chart, size)
                assert (claim in notes) == written, (start, size, chart, notes)
        # the reading guide promises the claim's label only where the interactive chart has it
        guide = chart_guide(facts, "combined")
        promised = "written as a claim in the" in guide
        assert promised == claims_written(crowd_spec(facts, "interactive"))
    june = build_facts(curated(), start="2025-06-01", end="2025-06-30")
    assert claims_written(crowd_spec(june, "article"))  # room for it: the note is there


def test_a_claims_short_label_fits_the_whole_timelines_interactive_strip():
    """The DHS claim's full label fits nowhere in the whole timeline's strip; its short form
    ("DHS claim: 1,000") does, in the interactive chart the report shows."""
    from chart_fixtures import curated

    from analysis.prep.crowd import short_claim
    from analysis.prep.facts import build_facts
    from analysis.spec.crowd import crowd_spec

    assert short_claim("Department of Homeland Security claim: “1,000 rioters”") == (
        "DHS claim: “1,000 rioters”"
    )
    assert short_claim("Officials' claim: “many”") is None
    facts = build_facts(curated())
    claims = [lab.text for lab in crowd_spec(facts, "interactive").labels if lab.claim]
    assert claims == ["DHS claim: 1,000"]


def test_a_subtitle_names_the_period_never_the_whole_timeline():
    """Editor review: a selection without dates was subtitled "the whole timeline"."""
    from chart_fixtures import curated

    from analysis.prep.facts import build_facts
    from analysis.prep.selection import Selection

    facts = build_facts(curated())
    period = words.period_words(facts)
    assert period == "Feb 2025 \u2013 Feb 2026"
    assert Selection().describe(period) == period
    for chart in ("combined", "crowd", "arrests", "responses", "map"):
        assert words.subtitle(facts, chart).endswith(period)


def test_the_map_headline_says_a_vague_figure_with_its_noun_as_the_crowd_chart_does():
    """Issue 17 copy: the June 2025 map's headline read "the only reported crowd was hundreds
    in Paramount"; a vague word says its word with its noun, as the crowd chart's headline."""
    import re

    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts

    dataset = load_dataset()
    june = build_facts(dataset, start="2025-06-01", end="2025-06-30")
    assert words.headline(june, "map") == (
        "Demonstrations were reported at 2 places; the only reported crowd was hundreds of "
        "people in Paramount"
    )
    assert "hundreds of people" in words.headline(june, "crowd")
    whole = words.headline(build_facts(dataset), "map")
    assert "about 2,500 people at Del Amo Shopping Center in Torrance" in whole
    for facts in (june, build_facts(dataset)):
        assert not re.search(
            r"\b(?:dozens|hundreds|thousands)(?! of)", words.headline(facts, "map")
        )


def test_a_daily_total_adds_only_figures_and_names_a_vague_part_in_its_word(
    tiny_rows, write_dataset
):
    """Issue 17 copy: a day's total with a vague part read "at least 2,780 people in all",
    adding "hundreds" (200) to numbers; a vague word is no number to add, so the total adds
    the figures and names the vague part beside it, in every output that says the total."""
    from chart_fixtures import event_row, with_rows

    from analysis.charts.chartdata import chart_data
    from analysis.prep.facts import build_facts
    from analysis.spec.crowd import crowd_spec

    extra = event_row(
        "2026-01-31-la-vague-rally",
        "2026-01-31",
        title="Vague rally",
        crowd_text="hundreds of people showed up",
        crowd_low="200",
        crowd_high="999",
        crowd_estimate_by="reporters",
        evidence="hundreds of people showed up",
    )
    events, sources = with_rows(tiny_rows, write_dataset, extra)
    daily = build_facts(events, sources=sources, total="D")
    total = daily.crowd.totals.iloc[0]
    assert (total["low_sum"], total["n"], total["vague"]) == (2580.0, 2, ("hundreds",))
    said = "at least 2,580 people at 2 demonstrations, and hundreds at 1 more"
    (layer,) = [lay for lay in crowd_spec(daily).layers if lay.name == "totals"]
    assert layer.rows["hover"].iloc[0][0].text == f"31 Jan 2026: {said}"
    data = chart_data(daily, "crowd")
    assert list(data.loc[data["kind"] == "total", "figure"]) == [said]
    texts = [layer.rows["hover"].iloc[0][0].text, *data["figure"].astype(str)]
    assert not any("in all" in t and "hundreds" in t for t in texts)


def test_the_map_alt_text_says_a_vague_figure_with_its_noun_as_its_headline():
    from analysis.data.load import load_dataset
    from analysis.prep.facts import build_facts
    from analysis.spec.alt import alt_text

    june = build_facts(load_dataset(), start="2025-06-01", end="2025-06-30")
    text = alt_text(june, "map")
    assert "The largest reported crowd: hundreds of people in Paramount." in text, text


def test_an_arrest_figure_left_out_as_announced_says_what_it_is(tiny_rows, write_dataset):
    """1,000 generated events: the arrests chart noted "Not shown: 9 announced, not reported as
    carried out", beside a responses key where a pale hexagon is a drawn announced response."""
    from chart_fixtures import event_row, with_rows

    planned = event_row(
        "2026-02-07-planned-rally", "2026-02-07", event_type="rally", status="announced",
        arrests="20", arrests_text="20 people arrested",
    )  # fmt: skip
    events, sources = with_rows(tiny_rows, write_dataset, planned)
    facts = build_facts(events, sources=sources)
    notes = words.notes_line(facts, "arrests")
    assert "Not shown: 1 with an arrest figure but announced only, not reported as having" in notes
