"""Parameter checks and filters of analysis.prep.select: papermill's values work or fail clearly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from chart_fixtures import event_row, load_pair, with_rows

from analysis.errors import ParameterError
from analysis.prep.select import (
    check_choices,
    parse_date,
    parse_date_range,
    partition_events,
    reliability_levels,
    select_events,
)

# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-30",
        " 2026-01-30 ",
        dt.date(2026, 1, 30),
        dt.datetime(2026, 1, 30, 18, 45),
        pd.Timestamp("2026-01-30 23:59"),
        np.datetime64("2026-01-30"),
        pd.Timestamp("2026-01-30 10:00", tz="America/Los_Angeles"),
    ],
)
def test_parse_date_accepts_what_papermill_and_notebooks_pass(value):
    assert parse_date(value) == pd.Timestamp("2026-01-30")


@pytest.mark.parametrize("value", ["30/01/2026", "2026-1-30", "yesterday", "", "2026-01-30T10"])
def test_parse_date_rejects_other_spellings_with_the_format(value):
    with pytest.raises(ParameterError, match="YYYY-MM-DD"):
        parse_date(value, name="start")


@pytest.mark.parametrize("value", [20260130, None, True, 3.5, pd.NaT])
def test_parse_date_rejects_non_dates(value):
    with pytest.raises(ParameterError):
        parse_date(value)


def test_parse_date_rejects_impossible_days():
    with pytest.raises(ParameterError, match="not a real date"):
        parse_date("2026-02-30")


def test_end_before_start_is_refused():
    with pytest.raises(ParameterError, match="before start"):
        parse_date_range("2026-01-31", "2026-01-30")
    assert parse_date_range("2026-01-30", "2026-01-30")[0] == pd.Timestamp("2026-01-30")


# --- choices -------------------------------------------------------------------------------


def test_check_choices_ignores_case_and_spaces_and_returns_data_spelling():
    assert check_choices(
        [" los angeles", "LONG BEACH"], ["Los Angeles", "Long Beach"], name="cities"
    ) == ["Los Angeles", "Long Beach"]


def test_unknown_value_lists_valid_values_and_close_matches():
    with pytest.raises(ParameterError) as info:
        check_choices("Los Angles", ["Los Angeles", "Long Beach"], name="cities")
    message = str(info.value)
    assert "cities" in message and "'Los Angles'" in message
    assert "did you mean 'Los Angeles'" in message
    assert "Valid values: Long Beach, Los Angeles" in message


def test_empty_list_is_refused():
    with pytest.raises(ParameterError, match="empty"):
        check_choices([], ["a"], name="scopes")


# --- select_events -------------------------------------------------------------------------


def test_date_strings_filter_inclusively(tiny):
    events, _ = tiny
    weekend = select_events(events, start="2026-01-30", end="2026-01-31")
    assert set(weekend["date"].dt.strftime("%Y-%m-%d")) == {"2026-01-30", "2026-01-31"}


def test_a_week_or_month_belongs_only_to_a_selection_covering_all_of_it(tiny):
    events, _ = tiny
    # The week-dated statement (week of Monday 26 Jan 2026) may have happened on any of its
    # seven days: two of them are not "within these days", so it is kept apart.
    kept, apart = partition_events(events, start="2026-01-30", end="2026-01-31")
    assert "2026-01-26-bass-statement" not in set(kept["event_id"])
    assert list(apart["event_id"]) == ["2026-01-26-bass-statement"]
    whole_week = select_events(events, start="2026-01-26", end="2026-02-01")
    assert "2026-01-26-bass-statement" in set(whole_week["event_id"])
    # A month-dated goal: not in the last days of June, in the whole of June.
    kept, apart = partition_events(events, start="2025-06-20", end="2025-06-30")
    assert kept.empty and list(apart["event_id"]) == ["2025-06-01-white-house-daily-arrest-goal"]
    june = select_events(events, start="2025-06-01", end="2025-06-30")
    assert "2025-06-01-white-house-daily-arrest-goal" in set(june["event_id"])
    # One bound is a bound: from 7 June the month is covered in part.
    kept, apart = partition_events(events, start="2025-06-07")
    assert "2025-06-01-white-house-daily-arrest-goal" in set(apart["event_id"])
    # Without dates, everything is kept and nothing apart.
    kept, apart = partition_events(events)
    assert len(kept) == len(events) and apart.empty


def test_rows_kept_apart_match_every_other_filter(tiny):
    events, sources = tiny
    kept, apart = partition_events(
        events, start="2026-01-30", end="2026-01-31", min_reliability="medium", sources=sources
    )
    assert apart.empty  # the week-dated statement rests on a low-reliability rewrite
    kept, apart = partition_events(
        events, start="2026-01-30", end="2026-01-31", cities="Long Beach"
    )
    assert apart.empty and set(kept["city"]) == {"Long Beach"}


def test_days_a_source_gives_overlap_as_before(tiny_rows, write_dataset):
    """A row dated to the day with a date_end (a figure its source gives for two days) is
    known to cover each of its days: a range holding one of them keeps it."""
    events, _ = with_rows(
        tiny_rows,
        write_dataset,
        event_row(
            "2026-01-30-two-days",
            "2026-01-30",
            date_end="2026-01-31",
            scope="national",
            event_type="protest",
        ),
    )
    kept, apart = partition_events(events, start="2026-01-31", end="2026-02-01")
    assert "2026-01-30-two-days" in set(kept["event_id"])
    assert "2026-01-30-two-days" not in set(apart["event_id"])


def test_cities_event_types_scopes_statuses(tiny):
    events, _ = tiny
    assert set(select_events(events, cities="long beach")["city"]) == {"Long Beach"}
    protests = select_events(events, event_types="protests")
    assert set(protests["event_type"].astype(str)) == {"clash", "rally", "vigil", "march"}
    assert set(select_events(events, scopes=["national"])["event_type"].astype(str)) == {
        "policy_target"
    }
    assert len(select_events(events, statuses="occurred")) == len(events)


def test_unknown_city_event_type_scope_raise(tiny):
    events, _ = tiny
    with pytest.raises(ParameterError, match="Valid values: Long Beach, Los Angeles, Paramount"):
        select_events(events, cities="Pasadena")
    with pytest.raises(ParameterError, match="groups protests, responses"):
        select_events(events, event_types="riot")
    with pytest.raises(ParameterError, match="local, national, regional"):
        select_events(events, scopes="global")


def test_reliability_uses_the_main_source(tiny):
    events, sources = tiny
    high = select_events(events, reliability="high", sources=sources)
    # The eight-arrests row cites the daily paper first and the rewrite second: kept.
    assert "2026-01-30-dtla-arrests-eight" in set(high["event_id"])
    assert "2026-01-30-dtla-arrests-at-least-five" not in set(high["event_id"])
    low = select_events(events, reliability=["low"], sources=sources)
    assert set(low["source_ids"].str.split(";").str[0]) == {"rewrite-2026-01-30"}


def test_filters_keep_dtypes_and_do_not_modify_input(tiny):
    events, _ = tiny
    before = events.copy()
    out = select_events(events, start=dt.date(2025, 6, 7))
    pd.testing.assert_frame_equal(events, before)
    assert out.dtypes.equals(events.dtypes)


def test_added_rows_are_selectable(tiny_rows, write_dataset):
    events, _ = with_rows(
        tiny_rows,
        write_dataset,
        event_row("2025-02-03-walkout", "2025-02-03", event_type="walkout"),
    )
    assert list(select_events(events, end="2025-02-28")["event_id"]) == ["2025-02-03-walkout"]


def test_a_selection_is_independent_of_the_frame_it_came_from(tiny_dataset) -> None:
    events, _sources = load_pair(tiny_dataset)
    first = select_events(events, scopes=["local"])
    first.loc[first.index[0], "title"] = "changed by the caller"
    assert events.loc[first.index[0], "title"] != "changed by the caller"
    events.loc[first.index[0], "title"] = "edited in place"
    assert select_events(events, scopes=["local"]).loc[first.index[0], "title"] == "edited in place"


def test_min_reliability_keeps_rows_whose_main_source_is_at_least_that_good(tiny_dataset) -> None:
    events, sources = load_pair(tiny_dataset)
    kept = select_events(events, min_reliability="medium", sources=sources)
    main = kept["source_ids"].str.split(";").str[0]
    assert not main.isin(["rewrite-2026-01-30"]).any()
    assert len(kept) == len(events) - 2
    assert reliability_levels(None, "low") == ["high", "medium", "low"]
    assert reliability_levels(["low", "high"], "medium") == ["high"]
    with pytest.raises(ParameterError, match="sources"):
        select_events(events, min_reliability="high")
