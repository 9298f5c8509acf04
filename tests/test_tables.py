"""The report tables (analysis.charts.tables) and data-quality tables, on the tiny dataset;
the data of grouped (binned) marks on generated data past the binning limit."""

from __future__ import annotations

import functools
import re

import pandas as pd
import pytest

from analysis.charts import chartdata, tables
from analysis.data import quality
from analysis.data.labels import RESPONSE_TYPE_LABELS
from analysis.errors import ParameterError
from analysis.prep.aggregate import split_cell
from analysis.prep.facts import Facts, build_facts
from analysis.report.data import load_report_data
from analysis.spec import words


@pytest.fixture
def data(tiny_dataset):
    folder = tiny_dataset.parent
    return load_report_data(tiny_dataset, folder / "sources.csv", folder / "places.csv")


@pytest.fixture
def facts(data):
    return build_facts(data.dataset)


@pytest.fixture(scope="module")
def curated_facts():
    from chart_fixtures import curated

    dataset = curated()
    return lambda start, end: build_facts(dataset, start=start, end=end)


def summary_of(facts: Facts) -> pd.Series:
    return tables.overview(facts).set_index("topic")["text"]


def numbers_in(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", text)]


def test_summary_counts_name_what_they_count_and_add_up(facts):
    summary = summary_of(facts)
    c = facts.counts
    assert summary["Demonstrations"] == (
        "5 demonstrations were reported as held, all in Southern California, drawn on the "
        "charts and on the map at 3 places."
    )
    # the demonstrations on the charts: counted + weak + no counted size
    crowd = summary["Crowd sizes"]
    assert (
        crowd
        == "Of the 5 on the charts, a source counts the crowd at 3 and 2 have no counted size."
    )
    assert c.crowd_counted + c.crowd_weak + c.crowd_unknown == c.crowd_drawn == 5
    assert summary["Largest crowd"].startswith("The largest reported crowd was 2,500 people in ")
    assert summary["Arrests and detentions"] == (
        "Protesters arrested: 5\u20138 on 30 Jan 2026. "
        "Detained by immigration agents: at least 44 on 6 Jun 2025."
    )
    # the quota is drawn with the responses but is not counted as one made, nor is Bass's
    # statement, which only a low-reliability source reports
    assert summary["Official responses"] == (
        "2 official responses are reported (1 federal, 1 police). Also on the chart, not "
        "counted as responses: 1 reported only by low-reliability sources and 1 arrest quota "
        "set for ICE."
    )
    assert c.responses + c.responses_weak + sum(facts.responses.uncounted.values()) == len(
        facts.responses.marks
    )
    assert summary["Sources"].startswith("2 of the 11 entries behind this report come mainly")
    # no database words, no column names, no codes
    text = " ".join(summary)
    for jargon in ("rows", "data version", "selection", "_", "Cities", "events.csv"):
        assert jargon not in text, jargon


def test_summary_parts_shown_and_not_shown_make_the_total(curated_facts):
    """The ICE Out weekend: the demonstrations held are those on the charts plus those left
    out; an announced one is counted apart; an official's claim is not a counted size."""
    facts = curated_facts("2026-01-29", "2026-02-01")
    c = facts.counts
    demos = summary_of(facts)["Demonstrations"]
    held, drawn, places, *_ = numbers_in(demos)
    assert held == c.demonstrations and drawn == c.crowd_drawn
    # where they were, in the map's words and count: "in 9 cities" (the map's headline too)
    assert places == facts.map.places["city"].nunique()
    assert f"on the map {words.map_where(facts.map.places)}" in demos
    assert words.map_where(facts.map.places) in words.headline(facts, "map")
    left_out = sum(
        n for reason, n in facts.not_drawn_counts(("crowd",)).items() if "announced" not in reason
    )
    assert drawn + left_out == held
    assert f"and {left_out} nationwide or outside Southern California, which the charts" in demos
    announced = c.demonstrations_announced
    assert announced and demos.endswith(
        f"{announced} more {'was' if announced == 1 else 'were'} announced but not reported as "
        "held."
    )
    whole = curated_facts(None, None)
    crowd = summary_of(whole)["Crowd sizes"]
    drawn, counted, weak, unknown, claims = numbers_in(crowd)
    assert counted + weak + unknown == drawn == whole.counts.crowd_drawn
    assert claims == whole.counts.crowd_claims  # DHS's "1,000 rioters": not a counted size
    assert "only an official's claim, which is not a count" in crowd


def test_events_table_shows_the_charts_figures_sources_and_empty_cells_for_missing(facts):
    table = tables.events_table(facts)
    assert len(table) == 10
    disputed = table[table["Disputed"] == "yes"].iloc[0]
    assert disputed["Arrests"] == "5\u20138"
    assert disputed["Sources"] == "Unknown website (low); Daily News (high)"
    raid = table[table["Event"].str.startswith("ICE raids")].iloc[0]
    assert raid["Detained"] == "at least 44"
    march = table[table["Event"] == "March in Long Beach"].iloc[0]
    assert pd.isna(march["Crowd"]) and pd.isna(march["crowd_sort"])
    assert list(table["date_sort"]) == sorted(table["date_sort"])


def test_missing_figures_and_the_events_missing_them(facts):
    table = tables.missing_figures(facts).set_index("Figure")
    assert table.loc["Crowd size", "Reported"] == 3
    assert table.loc["Crowd size", "Not reported"] == 2
    missing = tables.events_missing(facts, "crowd")
    assert set(missing["Event"]) == {
        "March in Long Beach",
        "Eight protesters arrested downtown (LAPD)",  # the more reliable source's title
    }
    with pytest.raises(ParameterError, match="measure"):
        tables.events_missing(facts, "weather")


def test_missing_figures_count_no_claim_as_a_size_and_find_arrests_on_their_own_row(
    curated_facts,
):
    """Issue 17: DHS's "1,000 rioters" is a claim, not a reported crowd size; LAPD's eight
    arrests, a row of their own that names the downtown march, are arrests reported for it."""
    facts = curated_facts(None, None)
    ev = facts.events
    table = tables.missing_figures(facts).set_index("Figure")
    claimed = ev.index[ev["crowd_claim"].to_numpy(bool) & ev["demonstration"].to_numpy(bool)]
    assert len(claimed) and set(claimed) <= set(facts.missing_figure("crowd"))
    counted = int((ev["demonstration"] & ev["crowd_low"].notna() & ~ev["crowd_claim"]).sum())
    assert table.loc["Crowd size", "Reported"] == counted
    assert table.loc["Crowd size", "Applies to"] == f"{facts.counts.demonstrations} demonstrations"
    arrested = facts.rows[facts.rows["arrests"].notna() & facts.rows["responds_to"].notna()]
    named = {t for cell in arrested["responds_to"] for t in split_cell(cell)}
    assert named and not named & set(facts.missing_figure("arrests"))
    assert table.loc["Protesters arrested", "Reported"] >= len(named)


def test_disputed_figures_side_by_side_with_the_range_charts_show(facts):
    table = tables.disputed_figures(facts)
    assert list(table["Reported"]) == ["5", "8"]
    assert set(table["Reliability"]) == {"low", "high"}
    assert set(table["Range shown"]) == {"5\u20138"}


def test_coverage_counts_rows_without_city_as_none(data):
    by_city = quality.coverage(data.events, "city", label="City").set_index("City")
    assert by_city.loc["No town given (regional or national rows)", "Rows"] == 1
    assert "(none)" not in by_city.index
    assert by_city["Rows"].sum() == 11
    by_type = quality.coverage(data.events, "event_type")
    assert "Clash" in set(by_type["event_type"])


def test_coverage_by_scope_and_source_read_as_words():
    """Finding 24: scope codes read as words; a publisher's three articles are told apart."""
    from analysis.data.load import load_dataset

    real = load_dataset()
    scopes = set(quality.coverage(real.events, "scope", label="Scope")["Scope"])
    assert scopes == set(quality.SCOPE_WORDS.values())
    taco = quality.coverage_by_source(real.events, real.sources)
    taco = taco[taco["Publisher"] == "L.A. TACO"]
    assert len(taco) == 3 and taco["Article"].nunique() == 3


def test_coverage_by_source_main_and_cited(data):
    table = quality.coverage_by_source(data.events, data.sources).set_index("Source")
    assert "Article" in table.columns and table["Article"].notna().all()
    assert table.loc["rewrite-2026-01-30", "Main source of"] == 2
    assert table.loc["rewrite-2026-01-30", "Cited by"] == 3


def test_validation_problems_lists_problems_instead_of_raising(tiny_rows, write_dataset):
    assert quality.validation_problems(*_paths(write_dataset())).empty
    tiny_rows["events"][2]["crowd_low"] = "-5"
    problems = quality.validation_problems(*_paths(write_dataset(tiny_rows)))
    assert not problems.empty
    assert set(problems["File"]) == {"events.csv"}
    assert "problem" in quality.validation_summary(problems)
    assert quality.validation_summary(problems.iloc[0:0]).startswith("Every rule")


def _paths(events_csv):
    return events_csv, events_csv.parent / "sources.csv", events_csv.parent / "places.csv"


def test_response_timing_relates_a_response_only_to_what_its_sources_say_it_answers(
    tiny_rows, write_dataset
):
    """Issue 17: a delay read off the dates ("0 days after" an unrelated march) reads as cause
    and effect; only responds_to pairs get one, and only at day precision at both ends."""
    # Noem answers the Paramount clash and the raids of the day before
    tiny_rows["events"][3]["responds_to"] = (
        "2025-06-07-paramount-clash;2025-06-06-los-angeles-ice-raids"
    )
    for i in (1, 2, 3):  # the sources date the raids, the clash and Noem's post to the day
        tiny_rows["events"][i]["date_inferred"] = "false"
    events_csv = write_dataset(tiny_rows)
    loaded = load_report_data(*_paths(events_csv))
    facts = build_facts(loaded.dataset)
    table = tables.response_timing(facts).set_index("What")
    noem = table.loc["Noem warns rioters they will be prosecuted"]
    # from the latest event it answers, in words; the count sorts the column
    assert noem["Days after"] == "same day" and noem["days_sort"] == 0
    answers = noem["Answers (per its sources)"]
    assert "Hundreds confront officers in Paramount (7 Jun 2025)" in answers
    assert "(6 Jun 2025)" in answers
    first = table.loc["White House sets a goal of 3,000 ICE arrests a day"]
    assert first["Days after"] == "" and first["Answers (per its sources)"] == ""
    unrelated = table.drop(index="Noem warns rioters they will be prosecuted")
    # no tie in the sources: an empty cell, and only there (the note says what it means)
    assert (unrelated["Days after"] == "").all() and unrelated["days_sort"].isna().all()
    assert (table["Days after"] == "").eq(table["Answers (per its sources)"] == "").all()
    assert "An empty cell means that no source ties" in tables.DAYS_AFTER_NOTE
    assert list(table["date_sort"]) == sorted(table["date_sort"])
    outside = build_facts(loaded.dataset, start="2025-06-07", end="2025-06-07")
    still = tables.response_timing(outside).set_index("What")
    noem = still.loc["Noem warns rioters they will be prosecuted"]
    assert noem["Answers (per its sources)"].endswith("; 1 event outside this report")
    # one end is not in the selection: a tie, not counted, and said why
    assert noem["Days after"] == tables.DAYS_NOT_GIVEN["outside"]
    kinds = tables.responses_by_level(facts).set_index("Kind of response")
    # responses made only: the White House's arrest quota is drawn but not counted, nor is
    # Bass's statement (low-reliability sources only), which the table lists and marks
    # a column per level with a response counted: none of zeros (missing is not zero); the
    # caption names the others once, and why (issue 17 copy: County was a column of zeros)
    assert "City" not in kinds.columns and "County" not in kinds.columns
    assert kinds.columns[-1] == "Total" and (kinds.loc["Total"] > 0).all()
    assert kinds.loc["Total", "Federal"] == 1 and kinds.loc["Total", "Total"] == 2
    missing = tables.levels_without_responses(facts)
    assert "City (only low-reliability sources report a response)" in missing
    assert "County (no response reported)" in missing and missing.startswith("No column for ")
    assert tables.responses_by_level_caption(facts).endswith(missing)
    assert "Arrest quota for ICE" not in kinds.index and "quota" not in kinds.index
    assert tables.responses_not_counted(facts) == (
        "Not counted as responses: 1 reported only by low-reliability sources and 1 arrest "
        "quota set for ICE."
    )
    assert set(table["Response"]) <= set(RESPONSE_TYPE_LABELS.values())
    weak_status = f"Happened ({tables.WEAK_STATUS})"
    assert set(table["Status"]) <= {"Happened", "Announced only", weak_status}
    bass = table[table["Who"].str.startswith("Karen Bass")]
    assert len(bass) == 1 and (bass["Status"] == weak_status).all()
    # A day the project worked out is no ground for a count of days.
    tiny_rows["events"][2]["date_inferred"] = "true"
    inferred = build_facts(load_report_data(*_paths(write_dataset(tiny_rows))).dataset)
    noem = (
        tables.response_timing(inferred)
        .set_index("What")
        .loc["Noem warns rioters they will be prosecuted"]
    )
    # finding 13: both days are printed to the day, so the reason is that one was worked out
    assert noem["Days after"] == tables.DAYS_NOT_GIVEN["inferred"]
    assert noem["Days after"] == (
        "not counted (a day worked out from the source's weekday or date, not stated)"
    )
    assert "day not stated" not in noem["Days after"]
    assert noem["Answers (per its sources)"]
    # an event resting on low-reliability sources only is no ground for a count of days
    for i in (1, 2, 3):
        tiny_rows["events"][i]["date_inferred"] = "false"
    weak = build_facts(load_report_data(*_paths(write_dataset(tiny_rows))).dataset)
    clash = weak.events.index[weak.events["title"].str.startswith("Hundreds confront")]
    weak.events.loc[clash, "weak"] = True
    noem = (
        tables.response_timing(weak)
        .set_index("What")
        .loc["Noem warns rioters they will be prosecuted"]
    )
    assert noem["Days after"] == tables.DAYS_NOT_GIVEN["weak"]
    assert "low-reliability sources only)" in noem["Answers (per its sources)"]


def test_vague_word_rule_counts_longest_phrase_first(data):
    table = quality.vague_word_rule(data.events).set_index("Words in the source")
    assert table.loc["several hundred", "Rows using it"] == 1
    assert table.loc["hundreds", "Rows using it"] == 1
    assert table.loc["thousands", "Low figure"] == 2000
    assert table.loc["thousands", "Drawn as"] == "thousands (2,000\u20139,999)"
    assert table.loc["a dozen", "Drawn as"] == "12"


# --- chart_data: the figures each chart draws ("Get the data") --------------------------------


def test_chart_data_has_one_row_per_crowd_mark_and_total_with_the_figures_drawn(data):
    facts = build_facts(data.dataset, total="D")  # daily totals, on request
    data = chartdata.chart_data(facts, "crowd")
    marks = data[data["mark"] == "demonstration"]
    model = facts.crowd.marks
    assert len(marks) == len(model)
    assert list(marks["kind"]) == list(model["kind"])
    assert list(marks["low"].astype(object).where(marks["low"].notna(), None)) == [
        None if pd.isna(v) else float(v) for v in model["low"]
    ]
    assert list(marks["high"].astype(object).where(marks["high"].notna(), None)) == [
        None if pd.isna(v) else float(v) for v in model["high"]
    ]
    assert set(marks["kind"]) <= {"count", "weak", "claim", "unknown"}
    totals = data[data["kind"] == "total"]
    assert list(totals["low"]) == list(facts.crowd.totals["low_sum"].astype(float))
    assert list(totals["n"]) == list(facts.crowd.totals["n"])
    assert (data["chart"] == "crowd").all() and (data["panel"] == "crowd").all()


def test_chart_data_writes_whole_counts_of_people_without_a_decimal_point(facts):
    data = chartdata.chart_data(facts, "crowd")
    for column in ("low", "high"):
        assert str(data[column].dtype) == "Int64"
    assert ".0," not in data.to_csv(index=False)


def test_chart_data_crowd_rows_carry_wording_estimator_and_sources_with_reliability(facts):
    data = chartdata.chart_data(facts, "crowd")
    data = data[data["mark"] == "demonstration"].set_index("event_ids")
    details = facts.details(facts.crowd.marks.index)
    for key, mark in facts.crowd.marks.iterrows():
        ev = details.loc[key]
        row = data.loc[ev["event_ids"]]
        assert row["event"] == ev["title"]
        assert row["start"] == mark["start"].strftime("%Y-%m-%d")
        wording = ev["crowd_wording"]
        assert row["wording"] == ("" if pd.isna(wording) else wording)
        for source in str(ev["source_ids"]).split(";"):
            publisher, grade = facts.sources.set_index("source_id").loc[
                source.strip(), ["publisher", "reliability"]
            ]
            assert f"{publisher} ({grade})" in row["sources"]
        if mark["kind"] == "claim":
            assert row["claim"] == mark["claim"] and pd.isna(row["low"])
        if not pd.isna(mark["low"]):
            floor = bool(mark["open"])  # no upper bound given; "hundreds" has its ceiling
            assert bool(row["at_least"]) == floor
            assert row["figure"].startswith("at least") == floor


def test_chart_data_arrests_keeps_both_series_apart_as_drawn(facts):
    data = chartdata.chart_data(facts, "arrests")
    for s in facts.arrests.series.values():
        rows = data[data["series"] == s.what]
        assert len(rows) == len(s.marks)
        assert list(rows["low"].astype(float)) == list(s.marks["low"].astype(float))
        assert list(rows["high"].astype(float)) == list(s.marks["high"].astype(float))
        assert list(rows["value"].astype(float)) == list(s.marks["high"].astype(float))
        assert list(rows["n"]) == list(s.marks["n"])
    disputed = data[data["disputed"].fillna(False).astype(bool)]
    assert len(disputed) == 1 and disputed.iloc[0]["figure"] == "5–8"
    assert "Unknown website (low)" in disputed.iloc[0]["sources"]
    assert "Daily News (high)" in disputed.iloc[0]["sources"]


def test_chart_data_responses_give_level_actor_type_label_and_status(facts):
    data = chartdata.chart_data(facts, "responses")
    marks = facts.responses.marks
    assert len(data) == len(marks)
    assert list(data["label"]) == [v if isinstance(v, str) else "" for v in marks["label"]]
    assert {"level", "actor", "response_type", "status"} <= set(data.columns)
    assert set(data["status"]) <= {"occurred", "announced"}
    # reader labels, not the dictionary's codes
    assert set(data["response_type"]) <= set(RESPONSE_TYPE_LABELS.values())
    assert "Arrest quota for ICE" in set(data["response_type"])


def test_chart_data_combined_is_the_three_panels_in_order(facts):
    combined = chartdata.chart_data(facts, "combined")
    parts = [chartdata.chart_data(facts, p) for p in ("crowd", "arrests", "responses")]
    assert list(combined["panel"]) == [p for part in parts for p in part["panel"]]
    assert len(combined) == sum(len(p) for p in parts)
    with pytest.raises(ParameterError):
        chartdata.chart_data(facts, "bars")


def test_chart_data_of_the_map_is_one_row_per_place_with_its_largest_reliable_figure(facts):
    """Issue 13: the map's "Get the data" gives each place it marks, as the map draws it."""
    data = chartdata.chart_data(facts, "map")
    places = facts.map.places
    assert list(data.columns) == list(chartdata.MAP_DATA_COLUMNS)
    assert len(data) == len(places) and set(data["place"]) == set(places["name"])
    assert int(data["demonstrations"].sum()) == int(places["n"].sum())
    for row in data.itertuples():
        place = places[places["name"] == row.place].iloc[0]
        assert (row.lon, row.lat) == (round(place["lon"], 4), round(place["lat"], 4))
        assert bool(row.approximate) == bool(place["approximate"])
        if pd.isna(place["value"]):
            assert pd.isna(row.largest) and row.figure == ""
        else:
            assert row.largest == round(place["value"])
            assert row.figure.startswith("at least") == bool(row.at_least)
        if row.kind == "weak":  # a figure from low-reliability sources only is not "largest"
            assert pd.isna(row.largest)
    assert ".0," not in data.drop(columns=["lon", "lat"]).to_csv(index=False)


def test_chart_data_of_an_empty_map_is_an_empty_table_with_its_columns(data):
    facts = build_facts(data.dataset, start="2025-06-01", end="2025-06-30", event_types="responses")
    assert list(chartdata.chart_data(facts, "map").columns) == list(chartdata.MAP_DATA_COLUMNS)


def test_chart_data_of_an_empty_panel_is_an_empty_table(data):
    facts = build_facts(data.dataset, start="2025-06-01", end="2025-06-30", event_types="responses")
    crowd = chartdata.chart_data(facts, "crowd")
    assert crowd.empty and {"chart", "panel"} <= set(crowd.columns)


def test_the_worded_details_are_built_at_most_once_per_table(facts, monkeypatch):
    """Issue 18: events_table built them three times (4.1 s at 10k events); it needs none."""
    calls: list[object] = []
    details = Facts.details

    def counted(self: Facts, keys: object = None) -> pd.DataFrame:
        calls.append(keys)
        return details(self, keys)

    monkeypatch.setattr(Facts, "details", counted)
    assert len(tables.events_table(facts)) == 10
    assert calls == []
    for chart in ("combined", "crowd", "arrests", "responses", "map"):
        calls.clear()
        chartdata.chart_data(facts, chart)
        assert len(calls) <= 1, chart


# --- chart_data of grouped (binned) marks, on generated data (issue 18) -------------------------

#: Selections of the generated data, and which panels (crowd, arrests, responses) they bin.
GROUPED = {
    "every panel binned": ({}, (True, True, True)),
    "weekly totals": ({"total": "W"}, (True, True, True)),
    "only the crowds binned": ({"start": "2025-01-01", "end": "2025-12-31"}, (True, False, False)),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """20,000 generated events: past the binning limit (MAX_MARKS) in every panel."""
    from chart_fixtures import generated_pair

    return generated_pair(20_000, tmp_path_factory.mktemp("grouped"), seed=18)


@pytest.fixture(scope="module", params=list(GROUPED))
def grouped(request, generated) -> Facts:
    selection, binned = GROUPED[request.param]
    events, sources = generated
    facts = build_facts(events, sources=sources, **selection)
    parts = (facts.crowd, facts.arrests, facts.responses)
    assert tuple(p.binning.binned for p in parts) == binned  # the case the test is about
    return facts


def key_lookup(facts: Facts) -> dict[str, str]:
    """Each row's event key, by its event_id (a key stands for every row of its dispute)."""
    return {i: key for key, ids in facts.events["event_ids"].items() for i in split_cell(ids)}


def event_keys(key_of: dict[str, str], cell: object) -> list[str]:
    """The event keys of an ``event_ids`` cell, each once."""
    return list(dict.fromkeys(key_of[i] for i in split_cell(cell)))


@functools.cache
def combined_data(facts: Facts) -> pd.DataFrame:
    """The combined chart's data (the three panels' rows, in order), built once per model.

    Not a fixture: the crash this is about must fail the tests, not error their setup.
    """
    return chartdata.chart_data(facts, "combined")


def test_chart_data_of_grouped_marks_is_one_row_per_mark_drawn(grouped):
    """Issue 18: a binned crowd panel beside unbinned ones raised KeyError on an event id, a
    binned arrests panel KeyError on 'arrests_wording'."""
    rows = combined_data(grouped)["panel"].value_counts()
    crowd = grouped.crowd
    assert crowd.bins is not None and crowd.unknown_bins is not None
    assert rows["crowd"] == len(crowd.bins) + len(crowd.unknown_bins) + len(crowd.totals)
    assert rows["arrests"] == sum(len(s.marks) for s in grouped.arrests.series.values())
    responses = grouped.responses
    drawn = responses.bins if responses.binning.binned else responses.marks
    assert drawn is not None and rows["responses"] == len(drawn)


def test_a_grouped_marks_row_names_every_event_it_groups_once(grouped):
    data = combined_data(grouped)
    rows = data[data["mark"].str.endswith("(binned)") | (data["kind"] == "total")]
    assert len(rows)
    key_of = key_lookup(grouped)
    for row in rows.itertuples():
        keys = event_keys(key_of, row.event_ids)
        assert len(keys) == row.n, row
        assert row.sources.count("(") >= 1  # each publication with its reliability
    responses = grouped.responses.marks
    for panel, drawn in (
        ("crowd", grouped.crowd.marks.index),
        # the bins hold the responses made only (issue 17): no weak-only one, silence or quota
        ("responses", responses.index[responses["counted"].to_numpy(bool)]),
    ):
        binned = rows[(rows["panel"] == panel) & rows["mark"].str.endswith("(binned)")]
        if len(binned):  # every event binned, in exactly one grouped mark
            keys = [k for cell in binned["event_ids"] for k in event_keys(key_of, cell)]
            assert sorted(keys) == sorted(drawn.astype(str))
    totals = rows[rows["kind"] == "total"]
    assert list(totals["n"]) == list(grouped.crowd.totals["n"])


def test_the_events_table_words_each_figure_as_the_charts_and_the_chronology_do(curated_facts):
    """An estimate reads "about", a side's estimate says whose it is, a claim names its
    claimant: the table and its CSV say what every other output says."""
    table = tables.events_table(curated_facts(None, None)).set_index("event_ids")
    crowd, detained = table["Crowd"], table["Detained"]
    assert crowd["2026-01-31-torrance-del-amo-rally"] == "about 2,500"
    assert crowd["2026-01-31-los-angeles-city-hall-rally"] == "2,500"
    assert crowd["2025-02-03-los-angeles-student-walkouts"] == "hundreds (an advocate's estimate)"
    assert crowd["2026-01-30-national-600-events-two-days"].endswith("(organizers' estimate)")
    assert crowd["2025-06-06-roybal-federal-building-protest"] == (
        "Department of Homeland Security claim: \u201c1,000 rioters\u201d"
    )
    assert detained["2026-02-01-los-angeles-ice-detentions-in-one-week"] == "about 25"
    assert detained["2025-06-06-los-angeles-ice-raids"] == "at least 44"


def test_get_the_data_files_say_kinds_and_statuses_in_readers_words(facts):
    """Editor review: "Get the data" CSVs held codes (kind "weak", status "occurred",
    at_least "True"); the file says what each means, one row per row of the frame."""
    for chart in ("combined", "map"):
        frame = chartdata.chart_data(facts, chart)
        words_ = chartdata.reader_words(frame)
        assert list(words_.columns) == list(frame.columns) and len(words_) == len(frame)
        kinds = {chartdata.KIND_WORDS[k] for k in frame["kind"].dropna()}
        assert set(words_["kind"].dropna()) == kinds
        assert not set(words_["kind"].dropna()) & {"count", "weak", "claim", "unknown"}
        assert set(words_["at_least"]) <= {"yes", "no", ""}
        floors = words_[words_["at_least"] == "yes"]
        assert floors["figure"].str.startswith("at least").all()
        assert (words_.loc[words_["figure"].fillna("") == "", "at_least"] == "").all()
        if "status" in frame:
            assert set(words_["status"].dropna()) <= {"Happened", "Announced only", ""}


def test_the_kind_by_level_table_never_reads_an_announced_response_as_done(curated_facts):
    """June 2025: Homan's "the National Guard will deploy" is announced only; the charts draw
    it pale ("announced, not reported as carried out") and the table says so in its row."""
    facts = curated_facts("2025-06-01", "2025-06-30")
    kinds = tables.responses_by_level(facts).set_index("Kind of response")
    marks = facts.responses.marks
    announced = marks[marks["counted"].to_numpy(bool) & marks["announced"].to_numpy(bool)]
    assert len(announced) == 1
    row = tables.ANNOUNCED_KIND.format(kind="Deployment")
    assert row.endswith("(announced, not reported as carried out)")
    assert kinds.loc[row, "Federal"] == 1
    assert "Deployment" not in kinds.index, "no deployment was reported as carried out"
    # every counted response is in the table, once
    assert kinds.loc["Total", "Total"] == facts.counts.responses
