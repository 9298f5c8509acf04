"""The facts model's rules, on the tiny dataset: what each panel draws, counts, peaks, spans."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_fixtures import event_row, with_rows

from analysis.data.load import Dataset
from analysis.errors import ParameterError
from analysis.prep import aggregate
from analysis.prep import marks as marks_module
from analysis.prep.facts import as_facts, build_facts
from analysis.prep.marks import figure_words
from analysis.prep.selection import Selection
from analysis.prep.sources import row_preference


def test_model_is_built_from_frames_passed_in_and_needs_the_sources(tiny):
    events, sources = tiny
    with pytest.raises(ParameterError, match="sources"):
        build_facts(events)
    dataset = Dataset(events, sources, pd.DataFrame())
    assert build_facts(dataset).counts == build_facts(events, sources=sources).counts


def test_a_built_model_is_not_rebuilt_and_refuses_choices_that_would_change_it(model):
    assert as_facts(model) is model
    with pytest.raises(ParameterError, match="build_facts"):
        as_facts(model, panel_scopes=None)


def test_selection_parameters_are_checked(tiny):
    events, sources = tiny
    with pytest.raises(ParameterError, match="before"):
        build_facts(events, sources=sources, start="2026-02-01", end="2026-01-01")
    with pytest.raises(ParameterError, match="cities"):
        build_facts(events, sources=sources, cities=["Atlantis"])
    with pytest.raises(ParameterError, match="unknown selection"):
        Selection.create(citys=["Paramount"])
    with pytest.raises(ParameterError, match="min_reliability"):
        Selection.create(min_reliability="very")


def test_crowd_marks_stand_at_the_low_figure_a_source_gives(model):
    marks = model.crowd.marks
    paramount = marks.loc["2025-06-07-paramount-clash"]
    assert (paramount["low"], paramount["high"]) == (200, 999)  # "hundreds"
    # a vague word's range is said in its word; "at least" only for a floor with no ceiling
    assert figure_words(paramount["low"], paramount["high"], False, False) == "hundreds"
    assert figure_words(24, 99, False, False) == "dozens"
    assert figure_words(200, None, True, False) == "at least 200"
    assert figure_words(2000, 3000, False, False) == "2,000\u20133,000"  # the source's range
    assert figure_words(200, 999, False, True) == "200\u2013999"  # sources differ: the figures
    # Every mark's value is a figure of its event, never a midpoint.
    events = model.events.loc[marks.index]
    drawn = marks["low"].notna()
    assert (marks.loc[drawn, "low"] == events.loc[drawn, "crowd_low"]).all()


def test_weak_figures_and_claims_are_drawn_apart_and_never_totalled(tiny_rows, write_dataset):
    rows = [
        event_row(
            "2026-02-07-weak-march",
            "2026-02-07",
            event_type="march",
            crowd_text="thousands marched",
            crowd_low="2000",
            crowd_high="9999",
            crowd_estimate_by="unknown",
            source_ids="rewrite-2026-01-30",
            evidence="thousands marched",
        ),
        event_row(
            "2026-02-07-official-claim",
            "2026-02-07",
            event_type="clash",
            crowd_text="1,000 rioters",
            crowd_low="1000",
            crowd_high="1000",
            crowd_estimate_by="officials",
            crowd_estimator="Department of Homeland Security",  # a claim names its claimant
            evidence="1,000 rioters",
        ),
        event_row(
            "2026-02-07-counted-rally",
            "2026-02-07",
            event_type="rally",
            crowd_text="about 80 people",
            crowd_low="80",
            crowd_high="80",
            crowd_estimate_by="reporters",
            evidence="about 80 people",
        ),
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    model = build_facts(events, sources=sources)
    kinds = model.crowd.marks["kind"]
    assert kinds["2026-02-07-weak-march"] == "weak"
    assert kinds["2026-02-07-official-claim"] == "claim"
    assert pd.isna(model.crowd.marks.at["2026-02-07-official-claim", "low"])  # not a crowd size
    # Neither the weak figure nor the claim is added: the day has one counted crowd, and a
    # total of one crowd is not drawn (its dash would run through the mark).
    assert pd.Timestamp("2026-02-07") not in model.crowd.totals.index
    in_totals = {key for keys in model.crowd.totals["keys"] for key in keys}
    assert not in_totals & {"2026-02-07-weak-march", "2026-02-07-official-claim"}
    assert (model.crowd.totals["n"] >= 2).all()
    assert model.crowd.largest != "2026-02-07-weak-march"
    claims = [label.text for label in model.crowd.labels if pd.isna(label.y)]
    assert claims and "claim" in claims[0] and "1,000 rioters" in claims[0]


def test_peak_is_the_largest_daily_total_or_a_single_item_over_several_days(model):
    peak = model.crowd.peak
    assert peak is not None
    totals = model.crowd.totals
    assert peak.value == totals["low_sum"].max() or peak.kind == "item"
    if peak.kind == "day":
        assert peak.value == totals.loc[peak.start, "low_sum"]


def test_items_left_out_are_listed_with_their_reason(tiny_rows, write_dataset):
    rows = [
        event_row("2026-02-07-national-march", "2026-02-07", event_type="march", scope="national"),
        event_row("2026-02-08-planned-rally", "2026-02-08", event_type="rally", status="announced"),
    ]
    events, sources = with_rows(tiny_rows, write_dataset, *rows)
    model = build_facts(events, sources=sources)
    reasons = model.not_drawn.set_index("key")["reason"]
    assert reasons["2026-02-07-national-march"] == "outside the local and regional scope"
    assert reasons["2026-02-08-planned-rally"] == "announced, not reported as held"
    assert model.counts.outside_scope == 1
    assert model.counts.demonstrations_announced == 1
    assert "2026-02-07-national-march" not in model.crowd.marks.index


def test_month_dated_items_are_drawn_as_spans_over_their_month(model):
    marks = model.responses.marks
    goal = marks.loc["2025-06-01-white-house-daily-arrest-goal"]
    assert bool(goal["month_only"]) and bool(goal["span"])
    assert (goal["start"], goal["end"]) == (pd.Timestamp("2025-06-01"), pd.Timestamp("2025-06-30"))
    assert model.axis is not None and model.axis.segment_of(goal["x"]) is not None
    assert "(Jun 2025)" in goal["label"]
    assert model.counts.responses_month_only == 1


def test_floors_keep_at_least_and_arrest_series_are_never_mixed(model):
    protesters = model.arrests.series["protesters"]
    immigration = model.arrests.series["immigration"]
    assert (protesters.low_sum, protesters.high_sum, protesters.open) == (5, 8, False)
    assert (immigration.low_sum, immigration.open) == (44, True)
    assert any(label.text.startswith("at least 44") for label in immigration.labels)
    assert any(label.text.startswith("5\u20138") for label in protesters.labels)


def test_counts_have_one_definition_and_agree_with_the_marks(model):
    c = model.counts
    kinds = model.crowd.marks["kind"].value_counts()
    assert c.crowd_drawn == len(model.crowd.marks)
    assert c.crowd_counted == kinds.get("count", 0)
    assert c.crowd_counted + c.crowd_weak + c.crowd_unknown == c.crowd_drawn
    assert c.demonstrations == c.crowd_drawn + c.outside_scope
    # responses made; the arrest quota is drawn but not counted (ResponseFacts.uncounted),
    # and so is Bass's statement, which only a low-reliability source reports
    assert c.responses == sum(model.responses.by_level.values()) == 2
    assert c.responses_drawn == len(model.responses.marks) == 4
    assert model.responses.uncounted == {"quota": 1}
    assert model.responses.weak == {"city": 1} and c.responses_weak == 1
    assert c.responses + c.responses_weak + sum(model.responses.uncounted.values()) == (
        c.responses_drawn
    )
    assert c.responses == int(model.responses.marks["counted"].sum())


def test_subtitle_period_is_the_selections(tiny):
    events, sources = tiny
    model = build_facts(events, sources=sources, start="2026-01-29", end="2026-02-01")
    assert model.period == (pd.Timestamp("2026-01-29"), pd.Timestamp("2026-02-01"))


def test_one_time_axis_shared_by_every_panel(model):
    axis = model.axis
    assert axis is not None and axis.broken
    for frame in (model.crowd.marks, model.responses.marks):
        assert all(axis.segment_of(x) is not None for x in frame["x"])


def test_panels_bin_above_the_threshold_and_say_so(tiny, monkeypatch):
    monkeypatch.setattr(marks_module, "MAX_MARKS", 2)
    events, sources = tiny
    model = build_facts(events, sources=sources)
    assert model.crowd.binning.binned and model.crowd.bins is not None
    assert model.responses.binning.binned and model.responses.bins is not None
    # the bins count responses made only: not the weak-only response nor the quota (issue 17)
    counted = int(model.responses.marks["counted"].sum())
    assert model.responses.bins["n"].sum() == counted == model.counts.responses
    assert counted < len(model.responses.marks)


def test_min_reliability_drops_rows_resting_on_weak_sources(tiny):
    events, sources = tiny
    strong = build_facts(events, sources=sources, min_reliability="medium")
    assert "2026-01-30-dtla-arrests-at-least-five" not in set(strong.rows["event_id"])
    assert strong.counts.low_rows == 0


def test_a_dispute_is_described_by_its_most_reliable_source(model):
    event = model.events.loc["2026-01-30-dtla-arrests"]
    assert event["title"] == "Eight protesters arrested downtown (LAPD)"  # Daily News, high
    assert (event["arrests_low"], event["arrests_high"]) == (5, 8)  # the range spans both
    detail = model.details(["2026-01-30-dtla-arrests"]).iloc[0]
    assert detail["main_publisher"] == "Daily News"


def test_details_are_worked_out_with_the_model_and_only_looked_up(model):
    """Issue 16: the worded columns are built once, with the model; details(keys) looks its
    events up, and gives what merging only those events' rows gives."""
    keys = model.crowd.marks.index[:3].append(model.responses.marks.index[:2]).unique()
    rows = model.rows[model.row_keys.isin(keys).to_numpy(bool)]
    merged = aggregate.event_figures(
        rows, aggregate.publisher_names(model.sources), prefer=row_preference(rows, model.sources)
    )
    worded = [c for c in merged.columns if c in aggregate.TEXT_COLUMNS]
    details = model.details(keys)
    assert list(details.index) == list(keys)
    pd.testing.assert_frame_equal(details[worded], merged.loc[keys, worded])
    pd.testing.assert_frame_equal(details[list(model.events.columns)], model.events.loc[keys])
    assert model.details() is model.detailed
    assert model.details([]).empty and list(model.details([]).columns) == list(details.columns)


def test_every_crowd_mark_stands_at_a_figure_a_source_or_the_rule_gives(model):
    """A mark's value is one of its rows' own figures, never a midpoint or other made-up value."""
    rows = model.rows.assign(_key=model.row_keys.to_numpy())
    given = rows.groupby("_key")[["crowd_low", "crowd_high"]].agg(lambda v: set(v.dropna()))
    marks = model.crowd.marks[model.crowd.marks["low"].notna()]
    for key, mark in marks.iterrows():
        figures = given.at[key, "crowd_low"] | given.at[key, "crowd_high"]
        assert mark["low"] in figures and mark["high"] in figures, key


def test_raids_counted_are_those_within_the_panels_scopes():
    """A raid in Aurora, Colorado (scope national) is not one of Southern California's raids,
    as a nationwide march is not one of its crowds (the audit found it counted)."""
    from chart_fixtures import curated

    data = curated()
    facts = build_facts(data)
    ev = data.events
    raids = ev[(ev["event_type"] == "enforcement_operation") & (ev["status"] == "occurred")]
    assert (raids["scope"] == "national").any()  # the case is in the data
    assert facts.counts.raids == int(raids["scope"].isin(["local", "regional"]).sum())
    wider = build_facts(data, panel_scopes=["local", "regional", "national"])
    assert wider.counts.raids == len(raids)
