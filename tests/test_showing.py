"""Whether a chart has something to show (analysis.spec.showing), else its sentence."""

from __future__ import annotations

import pandas as pd
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
        "The only reported crowd was 2,500 people, in Los Angeles on 31 Jan 2026. With one "
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


def test_the_combined_chart_draws_only_panels_that_show_on_their_own(tiny):
    # one demonstration, and a response five days earlier: each panel one mark, so neither
    # panel is drawn on its own and the combined chart, held to the same rule, is a sentence
    facts = only(tiny, CITY_HALL, BASS)
    assert not showing.shows(facts, "crowd") and not showing.shows(facts, "responses")
    combined = showing.showing(facts, "combined")
    assert (combined.marks, combined.positions, combined.shows) == (2, 0, False)
    assert combined.sentence == (
        f"{words.headline(facts, 'combined')}. With one demonstration and one official "
        "response, there is nothing to compare over time, so no chart is drawn."
    )


def test_an_unknown_chart_is_refused(tiny):
    with pytest.raises(ParameterError, match="valid values"):
        showing.showing(only(tiny, CITY_HALL), "pie")


def test_the_february_2025_selection_draws_no_chart():
    """Editor review: February 2025's combined chart was published with a single crowd mark
    (and three responses on one month band) while the page said one demonstration is nothing
    to compare. The combined chart follows its panels' rule: none shows, so it is a sentence
    that names each panel's one position."""
    facts = build_facts(curated(), start="2025-02-01", end="2025-02-28")
    told = {chart: showing.showing(facts, chart) for chart in showing.CHARTS}
    assert [c for c, s in told.items() if s.shows] == []
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
    assert told["combined"].sentence.endswith(
        "With one demonstration and every official response in Feb 2025, there is nothing to "
        "compare over time, so no chart is drawn."
    )
    # a week's walkouts, "hundreds" in an advocate's words: told as said, not as a crowd
    headline = words.headline(facts, "crowd")
    assert headline == (
        "Student walkouts in Los Angeles in the week of 3 Feb 2025: an advocate spoke of "
        "\u201chundreds of our youth\u201d (L.A. TACO)"
    )
    for text in (told["combined"].sentence, told["map"].sentence, words.largest_crowd_words(facts)):
        assert headline in text and "largest" not in text.lower()


def test_the_february_2025_chart_page_exports_no_chart_and_says_why(tmp_path):
    """Measured on the files: no combined export, and the page's combined section is its
    sentence (no image, no download)."""
    import html

    from analysis.publish.chartpage import export_chart_page

    facts = build_facts(curated(), start="2025-02-01", end="2025-02-28")
    out = tmp_path / "charts"
    written = export_chart_page(facts, out, title="February 2025")
    assert written.charts == [] or not list(written.charts)
    assert not [p.name for p in out.iterdir() if p.name.startswith(("combined", ".combined"))]
    text = written.path.read_text(encoding="utf-8")
    section = text.split('<section id="combined"')[1].split("</section>")[0]
    sentence = html.escape(showing.sentence(facts, "combined"))
    assert f'<p class="no-chart">{sentence}</p>' in section and "<img" not in section


#: The catalogue's timeline periods (reports.yml): the whole, February and June 2025, the
#: "ICE Out" weekend.
PERIODS = (
    {},
    {"start": "2025-02-01", "end": "2025-02-28"},
    {"start": "2025-06-01", "end": "2025-06-30"},
    {"start": "2026-01-29", "end": "2026-02-01"},
)


@pytest.mark.parametrize("period", PERIODS)
def test_every_selected_dated_item_falls_on_the_axis(period):
    """Issue 17: the February 2025 press conference (12 Feb), its report's title event, was off
    the axis, which stopped at 9 Feb. Every item dated to a day is on a segment of the axis,
    drawn or not; a week-dated one overlaps a segment."""
    facts = build_facts(curated(), **period)
    axis = facts.axis
    assert axis is not None
    ev = facts.events
    for key, start, end, month in zip(
        ev.index, ev["start"], ev["end"], ev["month_only"], strict=True
    ):
        if month:
            continue
        if start == end:
            assert axis.segment_of(start) is not None, key
        else:
            overlap = [
                a <= end + pd.Timedelta(days=1) and start <= b
                for a, b in zip(axis.starts, axis.ends, strict=True)
            ]
            assert any(overlap), key


def test_a_week_dated_crowd_is_a_span_not_a_range_on_a_day():
    """The week of student walkouts is a band across its week in the specification both
    engines draw, with no range line on its middle day."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    from analysis.charts.interactive import figure_of_spec
    from analysis.publish.articles import article_figure
    from analysis.spec.crowd import crowd_spec

    walkouts = "2025-02-03-los-angeles-student-walkouts"
    for facts in (
        build_facts(curated()),
        build_facts(curated(), start="2025-02-01", end="2025-02-28"),
    ):
        spec = crowd_spec(facts, "article")
        where = {lay.name for lay in spec.layers if walkouts in lay.rows.index}
        assert where == {"spans"}, where
        fig = figure_of_spec(spec)  # plotly draws the same: its band, no range line
        keyed = {str(t.meta): set(map(str, t.customdata or ())) for t in fig.data}
        assert walkouts in keyed["spans"]
        assert not any(walkouts in keys for meta, keys in keyed.items() if meta != "spans")
        # matplotlib: one range line per row of the ranges layer, none for the week
        fig = article_figure(facts, "crowd")
        try:
            lines = sum(
                len(c.get_segments())
                for c in fig.findobj(LineCollection)
                if c.get_gid() == "ranges"
            )
        finally:
            plt.close(fig)
        ranges = spec.layer("ranges")
        assert lines == (0 if ranges is None else len(ranges.rows))


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
    # the combined chart draws the panels that show on their own, and shows when one does
    assert told["combined"].shows == any(p.shows for p in panels)
    if told["combined"].shows:
        drawn = showing.combined_panels(facts)
        assert drawn == tuple(p.chart for p in panels if p.shows)
        assert told["combined"].positions >= max(told[p].positions for p in drawn)


def test_the_combined_chart_draws_no_panel_with_nothing_to_show():
    """Editor review: a panel the page calls a sentence is not drawn in the combined chart.
    June 2025 has one arrest figure (at least 44 detained on 6 Jun): the combined chart draws
    crowds and responses; its notes line, subtitle and alt text say the arrests panel is left
    out and give its figure, and neither engine draws an arrests panel."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from analysis.charts import interactive, static
    from analysis.charts.chartdata import chart_data
    from analysis.spec import alt, vocabulary
    from analysis.spec.arrests import arrests_spec

    facts = build_facts(curated(), start="2025-06-01", end="2025-06-30")
    assert not showing.shows(facts, "arrests") and showing.shows(facts, "combined")
    assert showing.combined_panels(facts) == ("crowd", "responses")
    assert showing.combined_left_out(facts) == ("arrests",)
    left = showing.panel_left_out(facts, "arrests")
    assert left == (
        "No arrests panel (one arrest figure, nothing to compare over time): at least 44 "
        "detained by immigration agents on 6 Jun 2025."
    )
    notes = words.notes_line(facts, "combined")
    assert left in notes and "separate counts" not in notes  # no caveat of a panel not drawn
    assert words.subtitle(facts, "combined").startswith(
        "Reported crowd sizes and official responses, "
    )
    text = alt.alt_text(facts, "combined")
    assert text.startswith("Two charts on one time line: crowd sizes and official responses.")
    assert left in text
    fig = static.draw_combined(facts)
    try:
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        texts = [t.get_text() for t in fig.findobj(Text)]
    finally:
        plt.close(fig)
    assert words.PANEL_TITLES["arrests"] not in titles
    # no legend entry of the panel left out, and no row of it in "Get the data"
    assert vocabulary.SHAPE_WORDS["immigration"] not in texts
    arrests = [e.text for e in arrests_spec(facts, "article").legend]
    assert vocabulary.SHAPE_WORDS["immigration"] in arrests  # drawn alone, it would say so
    assert set(chart_data(facts, "combined")["panel"]) == {"crowd", "responses"}
    assert titles[:2] == [words.PANEL_TITLES["crowd"], words.PANEL_TITLES["responses"]]
    plotly = interactive.combined_plotly(facts)
    names = [a.text for a in plotly.layout.annotations]
    assert f"<b>{words.PANEL_TITLES['arrests']}</b>" not in names
    # the whole timeline has two or more positions in every panel: all three are drawn
    whole = build_facts(curated())
    assert showing.combined_panels(whole) == ("crowd", "arrests", "responses")
    assert "panel" not in words.notes_line(whole, "combined")


def test_one_counted_crowd_is_never_the_largest_and_one_demonstration_no_episodes():
    """Issue 17: June 2025 counts one crowd (Paramount; DHS's figure is a claim), so no
    output calls it the largest; a lede never puts one demonstration "in 2 separate
    episodes" (February 2025's walkouts beside its month-dated items)."""
    from analysis.spec.chronology import build_chronology

    june = build_facts(curated(), start="2025-06-01", end="2025-06-30")
    assert june.counts.crowd_counted == 1
    texts = [words.headline(june, "crowd"), words.largest_crowd_words(june)]
    texts += [words.headline(june, "map"), build_chronology(june).lede]
    for text in texts:
        assert "largest" not in text.lower() and "only reported crowd was" in text, text
        assert "Paramount" in text
    for period in PERIODS:
        facts = build_facts(curated(), **period)
        lede = build_chronology(facts).lede
        if facts.counts.crowd_drawn == 1:
            assert "separate episode" not in lede, lede
