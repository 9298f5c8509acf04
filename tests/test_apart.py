"""Items dated only to a week or month that a selection covers in part are kept apart.

Measured on the outputs: the "ICE Out" weekend (29 Jan - 1 Feb 2026) draws, counts, tables and
tells none of the January and February 2026 month items (nor the week of 26 January) and lists
them once, in reader words, with each title and its source; the whole of February 2026 keeps
its month items; and over random date windows of the curated data every week or month item a
selection keeps lies inside it, and every one it covers in part is listed apart.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest
from chart_fixtures import catalogue_selections, curated, selections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.charts import tables
from analysis.charts.chartdata import chart_data
from analysis.prep.aggregate import split_cell
from analysis.prep.facts import Facts, build_facts
from analysis.prep.select import period_end
from analysis.publish.chronology import chronology_html, chronology_markdown
from analysis.publish.timelinejs import timelinejs_frame
from analysis.spec import words
from analysis.spec.alt import alt_text
from analysis.spec.arrests import arrests_spec
from analysis.spec.chronology import build_chronology
from analysis.spec.crowd import crowd_spec
from analysis.spec.map import map_spec
from analysis.spec.responses import responses_spec

CHARTS = ("combined", "crowd", "arrests", "responses", "map")
SPECS = {"crowd": crowd_spec, "arrests": arrests_spec, "responses": responses_spec, "map": map_spec}
#: A month named alone in words ("Feb 2026", "February 2026"), not a day's month ("1 Feb 2026").
MONTH_ALONE = re.compile(r"(?<!\d )\b(Jan|Feb)(uary|ruary)? 2026\b")


def ice_out_dates() -> tuple[str, str]:
    params = dict(catalogue_selections())["ice-out-weekend-2026"]
    return str(params["start_date"]), str(params["end_date"])


def partly_covered(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The week- and month-dated rows whose period overlaps ``start``-``end`` but is not in it."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    first, last = events["date"], period_end(events)
    vague = events["date_precision"].astype(str).isin(["week", "month"])
    overlap = (last >= a) & (first <= b)
    inside = (first >= a) & (last <= b)
    return events[vague & overlap & ~inside]


@pytest.fixture(scope="module")
def weekend() -> Facts:
    start, end = ice_out_dates()
    return build_facts(curated(), start=start, end=end)


def test_the_weekend_keeps_apart_the_months_and_the_week_it_covers_in_part(weekend):
    start, end = ice_out_dates()
    expected = partly_covered(curated().events, start, end)
    months = expected[expected["date_precision"].astype(str) == "month"]
    # The sources' January and February 2026 items: portals, No Kings Act, Border Patrol ...
    assert {d.strftime("%Y-%m") for d in months["date"]} == {"2026-01", "2026-02"}
    assert set(weekend.apart["event_id"].astype(str)) == set(expected["event_id"].astype(str))
    apart = set(weekend.apart.index)
    assert apart.isdisjoint(map(str, weekend.events.index))
    assert not set(expected["event_id"].astype(str)) & set(weekend.rows["event_id"].astype(str))


def test_no_chart_headline_alt_text_or_data_file_of_the_weekend_holds_them(weekend):
    ids = set(weekend.apart["event_id"].astype(str))
    titles = [str(t) for t in weekend.apart["title"]] + [str(t) for t in weekend.apart["label"]]
    for chart, build in SPECS.items():
        spec = build(weekend)
        for layer in spec.layers:
            assert ids.isdisjoint(layer.keys), (chart, layer.name)
    for chart in CHARTS:
        said = " ".join(
            (
                words.headline(weekend, chart),
                words.subtitle(weekend, chart),
                words.notes_line(weekend, chart),
                alt_text(weekend, chart),
            )
        )
        assert not MONTH_ALONE.search(said), (chart, said)
        assert not [t for t in titles if t in said], (chart, said)
        data = chart_data(weekend, chart)
        if "event_ids" in data:
            drawn = {i for cell in data["event_ids"].dropna() for i in split_cell(cell)}
            assert ids.isdisjoint(drawn), chart


def test_the_weekend_tables_and_chronology_hold_none_and_list_them_once(weekend):
    ids = set(weekend.apart["event_id"].astype(str))
    table = tables.events_table(weekend)
    listed = {i for cell in table["event_ids"] for i in split_cell(cell)}
    assert ids.isdisjoint(listed)
    assert len(table) == len(weekend.events)
    chron = build_chronology(weekend)
    assert ids.isdisjoint(i.key for i in chron.items)
    for episode in chron.episodes:
        assert not MONTH_ALONE.search(episode.title), episode.title
        assert all(e.precision != "month" for e in episode.entries)
    # Listed apart: every one once, under its month or week, with its title and source.
    keys = [i.key for g in chron.apart for i in g.items]
    assert sorted(keys) == sorted(weekend.apart.index) and len(set(keys)) == len(keys)
    periods = [g.period for g in chron.apart]
    assert periods == ["January 2026", "the week of Monday 26 January 2026", "February 2026"]
    page = chronology_html(chron)
    assert page.count("Also reported for February 2026, not dated within these days:") == 1
    markdown = chronology_markdown(chron, title="t")
    assert markdown.count("Also reported for January 2026, not dated within these days:") == 1
    border = next(i for g in chron.apart for i in g.items if "Border Patrol leaves" in i.title)
    assert [s.publisher for s in border.sources] == ["L.A. TACO"]
    assert "Border Patrol leaves Los Angeles, per L.A. TACO" in chron.apart[-1].sentence
    # "About 25 detained" is a February 2026 figure: not the weekend's.
    assert "25" not in chron.lede and all("25" not in ep.summary for ep in chron.episodes)


def test_the_weekend_timelinejs_sheet_says_so_on_its_title_slide_only(weekend):
    chron = build_chronology(weekend)
    sheet = timelinejs_frame(weekend, title="ICE Out", chronology=chron)
    slides = sheet[sheet["Type"] != "title"]
    assert len(slides) == len(chron.items)
    titles = [str(t) for t in weekend.apart["title"]]
    assert not [t for t in titles if any(t in h for h in slides["Headline"])]
    text = sheet.loc[sheet["Type"] == "title", "Text"].iloc[0]
    assert text.count("not dated within these days") == len(chron.apart) == 3


def test_the_whole_of_february_2026_keeps_its_month_items():
    events = curated().events
    feb = events[
        (events["date_precision"].astype(str) == "month")
        & (events["date"] == pd.Timestamp("2026-02-01"))
    ]
    assert len(feb) >= 1
    facts = build_facts(curated(), start="2026-02-01", end="2026-02-28")
    kept = {i for cell in facts.events["event_ids"] for i in split_cell(cell)}
    assert set(feb["event_id"].astype(str)) <= kept
    assert set(feb["event_id"].astype(str)).isdisjoint(facts.apart["event_id"].astype(str))
    chron = build_chronology(facts)
    month = [e for ep in chron.episodes for e in ep.entries if e.when == "February 2026"]
    assert len(month) == 1 and len(month[0].items) == len(feb)
    # The week of Monday 26 January runs into February: covered in part, so apart.
    assert [g.period for g in chron.apart] == ["the week of Monday 26 January 2026"]


def test_a_selection_without_dates_keeps_everything():
    facts = build_facts(curated())
    assert facts.apart.empty and len(facts.rows) == len(curated().events)
    assert build_chronology(facts).apart == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_windows_keep_whole_periods_and_list_partial_ones_apart(data):
    dataset = curated()
    choice = data.draw(selections(dataset.events))
    facts = build_facts(dataset, **choice)
    sel = facts.selection
    lo = sel.start if sel.start is not None else pd.Timestamp.min
    hi = sel.end if sel.end is not None else pd.Timestamp.max
    rows = facts.rows
    vague = rows["date_precision"].astype(str).isin(["week", "month"])
    ends = period_end(rows)
    assert ((rows["date"][vague] >= lo) & (ends[vague] <= hi)).all()
    # Every row the other filters keep whose week or month the window covers in part is apart.
    undated = dataclasses.replace(sel, start=None, end=None)
    candidates = undated.select(dataset.events, dataset.sources)
    if sel.start is None and sel.end is None:
        expected: set[str] = set()
    else:
        expected = set(
            partly_covered(
                candidates,
                (sel.start or pd.Timestamp("1900-01-01")).strftime("%Y-%m-%d"),
                (sel.end or pd.Timestamp("2100-01-01")).strftime("%Y-%m-%d"),
            )["event_id"].astype(str)
        )
    assert set(facts.apart["event_id"].astype(str)) == expected
    listed = {i.key for g in build_chronology(facts).apart for i in g.items}
    assert listed == set(facts.apart.index)


def test_a_selection_holding_only_items_kept_apart_is_refused_with_the_reason():
    from analysis.errors import ParameterError
    from analysis.report.params import check_parameters

    data = curated()
    with pytest.raises(ParameterError, match="week or month that these days cover in part"):
        check_parameters(
            data.events, start_date="2026-02-10", end_date="2026-02-20", sources=data.sources
        )
