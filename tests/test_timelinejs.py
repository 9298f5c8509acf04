"""TimelineJS sheet: the template's columns, one slide per event, figures and sources, escaping."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from chart_fixtures import HOSTILE, hostile

from analysis.errors import ParameterError
from analysis.prep.facts import build_facts
from analysis.publish.timelinejs import (
    TIMELINEJS_COLUMNS,
    headline_rows,
    timelinejs_csv,
    timelinejs_frame,
    write_timelinejs,
)


def slide(frame: pd.DataFrame, headline_start: str) -> pd.Series:
    found = frame[frame["Headline"].str.startswith(headline_start)]
    assert len(found) == 1, list(frame["Headline"])
    return found.iloc[0]


def test_columns_and_one_slide_per_event(tiny):
    events, sources = tiny
    frame = timelinejs_frame(events, sources=sources)
    assert tuple(frame.columns) == TIMELINEJS_COLUMNS
    assert len(frame) == len(events) - 1  # the disputed pair is one slide


def test_dates_by_precision(tiny):
    events, sources = tiny
    frame = timelinejs_frame(events, sources=sources)
    month = slide(frame, "White House sets a goal")
    assert (month["Year"], month["Month"], month["Day"], month["Display Date"]) == (
        "2025",
        "6",
        "",
        "June 2025",
    )
    week = slide(frame, "Mayor Bass urges calm")
    assert (week["Day"], week["End Day"], week["Display Date"]) == (
        "26",
        "1",
        "Week of Monday 26 January 2026",
    )
    vigil = slide(frame, "Vigil in Long Beach")
    assert (vigil["Day"], vigil["Time"], vigil["End Year"]) == ("31", "16:00", "")


def test_text_has_figures_in_the_sources_words_and_the_sources(tiny):
    events, sources = tiny
    frame = timelinejs_frame(events, sources=sources)
    # A disputed pair's slide takes its headline from the more reliable source (Daily News).
    disputed = slide(frame, "Eight protesters arrested downtown (LAPD)")
    assert not frame["Headline"].str.startswith("Five arrested").any()
    text = disputed["Text"]
    # The chronology's sentence (one wording for every output), then each side's own words
    # with its source, the weak one tagged; no curator note, no column name, no media credit
    # without media.
    assert "protesters arrested: 5\u20138 (sources disagree)" in text
    assert "five apprehensions\u201d \u2014 Unknown website" in text
    assert "(low-reliability source)" in text
    assert "Daily News: \u201cProtests across Southern California\u201d, 31 Jan 2026" in text
    assert "Note:" not in text and "_" not in text
    assert (frame["Media Credit"] == "").all()
    rally = slide(frame, "Crowd at City Hall")
    # the headline names the place and the figure: the text starts with the source's words,
    # not with the headline again
    assert rally["Text"].startswith("<p>\u201cseveral hundred protesters swelled to 2,500")
    assert "crowd: 2,500" not in rally["Text"] and "Crowd at City Hall" not in rally["Text"]


def test_the_sheet_is_the_chronology_in_timelinejs_columns(tiny):
    from analysis.spec.chronology import build_chronology

    events, sources = tiny
    facts = build_facts(events, sources=sources)
    told = build_chronology(facts)
    frame = timelinejs_frame(facts, title="LA protests")
    slides = frame.iloc[1:]
    assert len(slides) == len(told.items)
    assert frame.iloc[0]["Text"] == f"<p>{told.lede}</p>"  # the title slide carries the lede
    assert list(slides["Group"]) == [
        ep.title for ep in told.episodes for e in ep.entries for _ in e.items
    ]
    for item, text, headline in zip(told.items, slides["Text"], slides["Headline"], strict=True):
        # the sentence without its title: the slide never shows its headline twice
        first = f"<p>{item.detail}</p>".replace("&", "&amp;") if item.detail else "<p>\u201c"
        assert text.startswith(first) and not text.startswith(f"<p>{headline}")
    assert not slides["Headline"].str.contains("&#x27;|&quot;").any()  # no entities for quotes


def test_groups(tiny):
    events, sources = tiny
    by_episode = timelinejs_frame(events, sources=sources)
    # The segments of the charts' time axis; the month-dated goal heads its month, never
    # under the days of the June segment it is drawn on.
    assert set(by_episode["Group"]) == {
        "Jun 2025 (dated only to the month)",
        "6\u20137 Jun 2025",
        "26 Jan \u2013 1 Feb 2026",
    }
    by_type = timelinejs_frame(events, sources=sources, group="event_type")
    assert "Rally" in set(by_type["Group"])
    with pytest.raises(ParameterError, match="'episode', 'event_type', 'none'"):
        timelinejs_frame(events, sources=sources, group="city")


def test_title_slide(tiny):
    events, sources = tiny
    frame = timelinejs_frame(events, sources=sources, title="LA protests", title_text="A year")
    assert frame.iloc[0]["Type"] == "title" and frame.iloc[0]["Headline"] == "LA protests"


def test_hostile_text_is_escaped_and_unsafe_links_dropped(tiny):
    events, sources = hostile(*tiny)
    frame = timelinejs_frame(events, sources=sources, title=HOSTILE)
    for column in TIMELINEJS_COLUMNS:
        assert not frame[column].str.contains("<img", regex=False).any(), column
    joined = " ".join(frame["Text"]) + " ".join(frame["Headline"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "javascript:" not in joined and "<a " not in joined


def test_links_for_web_sources(tiny):
    events, sources = tiny
    sources = sources.assign(
        url=pd.Series(["https://example.org/a?b=1&c=2"] * len(sources), dtype="string")
    )
    text = slide(timelinejs_frame(events, sources=sources), "Vigil in Long Beach")["Text"]
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in text


def test_write_csv_round_trips(tiny, tmp_path):
    events, sources = tiny
    path = write_timelinejs(events, tmp_path / "out" / "timeline.csv", sources=sources)
    text = path.read_bytes().decode("utf-8")
    assert text == timelinejs_csv(timelinejs_frame(events, sources=sources))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == TIMELINEJS_COLUMNS and len(rows) == len(events) - 1
    assert [p.name for p in path.parent.iterdir()] == ["timeline.csv"]


@pytest.mark.parametrize("headline", ["=IMPORTDATA(A1)", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_a_headline_that_a_spreadsheet_would_run_is_written_as_text(tiny, tmp_path, headline):
    """Issue 12, case 5: a formula headline was exported byte for byte (OWASP CSV injection)."""
    events, sources = tiny
    events = events.copy()
    events.loc[events.index[0], "title"] = headline
    path = write_timelinejs(events, tmp_path / "timeline.csv", sources=sources)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = [value for row in rows for value in row.values()]
    assert "'" + " ".join(headline.split()) in cells  # the escaped headline, quoted as text
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_a_disputed_pairs_slide_is_headed_by_its_most_reliable_source(tiny):
    """Issue 11: the merged slide took the first row's headline, a low-reliability rewrite's."""
    events, sources = tiny
    frame = timelinejs_frame(events, sources=sources)
    assert not frame["Headline"].str.startswith("Five arrested downtown").any()
    assert len(frame[frame["Headline"] == "Eight protesters arrested downtown (LAPD)"]) == 1
    # Whatever the row order, and with the grades swapped, the better source heads the slide.
    swapped = sources.assign(
        reliability=sources["reliability"].map({"high": "low", "low": "high"}).astype("string")
    )
    for table in (sources, swapped):
        for rows in (events, events.iloc[::-1]):
            facts = build_facts(rows, sources=table)
            (headline,) = headline_rows(facts).values()
            expected = (
                "Eight protesters arrested downtown (LAPD)"
                if table is sources
                else "Five arrested downtown (rewrite)"
            )
            assert headline == expected


def test_rows_of_equal_reliability_keep_the_first_rows_headline(tiny):
    events, sources = tiny
    same = sources.assign(reliability=pd.array(["high"] * len(sources), dtype="string"))
    (headline,) = headline_rows(build_facts(events, sources=same)).values()
    assert headline == "Five arrested downtown (rewrite)"


def test_a_claim_is_a_claim_and_a_crowd_is_worded_as_the_chart_words_it():
    """DHS's "1,000 rioters" is its claim on the slide too, never "Crowd: 1,000"; a vague word
    reads "hundreds" as on the crowd chart, not "200–999" nor "at least 200" (it has a ceiling)."""
    from analysis.data.load import load_dataset

    frame = timelinejs_frame(load_dataset(), start="2025-06-06", end="2025-06-07")
    text = " ".join(frame["Text"])
    assert "Crowd: 1,000" not in text and "crowd: 1,000" not in text
    assert (
        "Department of Homeland Security claim: \u201c1,000 rioters\u201d (a claim, not a count)"
        in (text)
    )
    assert "Hundreds confront" in " ".join(frame["Headline"]) and "200\u2013999" not in text
    assert "at least 200" not in text


def test_no_slide_repeats_its_headline_in_its_text():
    """Finding 14: every event slide's text starts with what its headline does not say."""
    from analysis.data.load import load_dataset

    frame = timelinejs_frame(load_dataset())
    slides = frame[frame["Type"] != "title"]
    assert len(slides) > 50
    for headline, text in zip(slides["Headline"], slides["Text"], strict=True):
        first = text.split("</p>")[0].removeprefix("<p>")
        assert not first.startswith(headline), (headline, first)
        assert "level" not in first and "response by" not in first, first
    island = slide(frame, "ICE and CBP leave the Coast Guard base")["Text"]
    assert island.startswith("<p>By ICE and CBP, federal.</p>")
