"""The Crowd Counting Consortium export (analysis.publish.ccc, issue 13 item 4).

One row per locality and day in the CCC's compiled layout, sizes as the CCC reads them (floors
stay floors, an official's claim is no size), arrests as text, chemical agents from the police
measures, sources by publisher and title, coordinates from the gazetteer.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from chart_fixtures import event_row

from analysis.cli import main
from analysis.data.load import load_dataset
from analysis.publish.ccc import CCC_COLUMNS, ccc_table, columns, write_ccc

#: The compiled layout as FIELD-NOTES.md gives it (from the CCC's data dictionary).
CCC_LAYOUT = """date, locality, state, location_detail, online, type, title, macroevent, actors,
organizations, participants, claims, valence, issues, issues_major, size_low, size_high,
size_mean, size_text, size_cat, arrests, arrests_any, injuries_crowd, injuries_crowd_any,
injuries_police, injuries_police_any, property_damage, property_damage_any, chemical_agents,
participant_measures, police_measures, participant_deaths, police_deaths, SOURCES, notes, lat,
lon, resolved_locality, resolved_county"""


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return ccc_table(load_dataset())


def _row(table: pd.DataFrame, date: str, locality: str) -> pd.Series:
    rows = table[(table["date"] == date) & (table["locality"] == locality)]
    assert len(rows) == 1, f"{len(rows)} rows for {locality} on {date}"
    return rows.iloc[0]


def test_columns_are_the_ccc_layout(table: pd.DataFrame) -> None:
    layout = [c.strip() for c in CCC_LAYOUT.replace("\n", " ").split(",")]
    at = layout.index("SOURCES")
    assert list(CCC_COLUMNS) == layout[:at] + layout[at + 1 :]
    assert list(table.columns) == columns(3)  # the 30 January row has three sources
    assert columns(2)[33:35] == ["source_1", "source_2"]
    assert columns(2)[35] == "notes"


def test_one_row_per_locality_and_day_of_the_demonstrations(table: pd.DataFrame) -> None:
    assert not table.duplicated(["date", "locality"]).any()
    assert table["locality"].notna().all()  # nationwide counts and calls have no locality
    assert table["date"].is_monotonic_increasing
    assert len(table) == 14
    assert set(table["locality"]) >= {"Paramount", "Torrance", "Minneapolis", "Long Beach"}
    assert (table["online"] == 0).all()
    # Announced protests and non-demonstrations (press conference, meetings) are not rows.
    assert not (table["date"] == "2025-02-17").any()
    assert not (table["date"] == "2025-02-12").any()


def test_paramount_clash(table: pd.DataFrame) -> None:
    row = _row(table, "2025-06-07", "Paramount")
    assert (row["size_low"], row["size_high"], row["size_cat"]) == (200, 200, 2)
    assert row["size_text"] == "hundreds of people showed up"
    assert row["type"] == "protest"
    assert row["chemical_agents"] == 1
    assert row["police_measures"].startswith("tear gas; flash-bangs")
    assert "“a car that had been set on fire”" in row["property_damage"]
    assert row["property_damage_any"] == 1
    assert "rocks, bottles and fireworks" in row["participant_measures"]
    assert "“ICE out of Paramount”" in row["claims"]
    assert row["participants"] == "protesters" and pd.isna(row["organizations"])
    assert "ICE" not in row["actors"].split("; ")  # the state's side is not a protest actor
    assert pd.isna(row["arrests"]) and pd.isna(row["arrests_any"])  # not reported, not zero
    assert pd.isna(row["injuries_crowd_any"]) and pd.isna(row["injuries_police_any"])
    assert (row["lat"], row["lon"]) == (33.8895, -118.1598)
    assert row["resolved_county"] == "Los Angeles County"
    assert row["source_1"].startswith("Al Jazeera: [Protesters clash")
    assert "2025-06-07-paramount-tear-gas-dispersal" in row["notes"]


def test_an_officials_claim_is_no_size(table: pd.DataFrame) -> None:
    row = _row(table, "2025-06-06", "Los Angeles")
    assert pd.isna(row["size_low"]) and pd.isna(row["size_high"]) and row["size_cat"] == 0
    assert "Department of Homeland Security claims “1,000 rioters”" in row["notes"]
    assert "not a crowd count" in row["notes"]
    assert row["property_damage"].startswith("DHS says")


def test_downtown_friday_merges_its_demonstrations(table: pd.DataFrame) -> None:
    row = _row(table, "2026-01-30", "Los Angeles")
    # The arrests are a police action beside the march, not a clash of their own, and no
    # source places the walkouts (issue 17): the march is the day's one demonstration.
    assert row["type"] == "march"
    # A vague word counts as its low figure for both ends; the words stay in size_text.
    assert (row["size_low"], row["size_high"], row["size_cat"]) == (2000, 2000, 3)
    assert row["size_text"] == "thousands gathered"
    assert "low-reliability" in row["notes"]
    # LA police's eight arrests (a police action of the day); "at least five" in the rewrite
    # corroborates them and is no dispute (issue 17).
    assert row["arrests"] == "8"
    assert row["arrests_any"] == 1
    assert "disagree" not in row["notes"]
    assert "2026-01-30-dtla-arrests-eight-per-lapd" in row["notes"]
    # Pepper spray and pepper balls (the police action) are chemical agents.
    assert row["chemical_agents"] == 1
    assert "pepper balls" in row["police_measures"] and "tactical alert" in row["police_measures"]
    assert "“objects were thrown at officers”" in row["participant_measures"]
    assert "assault with a deadly weapon" in row["participant_measures"]
    assert [row[f"source_{i}"].split(":")[0] for i in (1, 2, 3)] == [
        "Unattributed website (“DTLA Erupts”)",
        "Parriva (website)",  # the march's own sources first, then the police actions'
        "Southern California News Group",
    ]


def test_saturday_rallies(table: pd.DataFrame) -> None:
    city_hall = _row(table, "2026-01-31", "Los Angeles")
    assert (city_hall["size_low"], city_hall["size_high"]) == (2500, 2500)  # the peak
    assert pd.isna(city_hall["size_text"])  # an exact count: no vague words to keep
    assert "for abolishing ICE" in city_hall["claims"]
    assert "“These are our streets!”" in city_hall["claims"]
    assert city_hall["organizations"] == "50501"
    torrance = _row(table, "2026-01-31", "Torrance")
    # No city entry in the gazetteer for Torrance: the event's own place gives the position.
    assert (torrance["lat"], torrance["lon"]) == (33.8317, -118.3523)
    assert torrance["resolved_locality"] == "Torrance"
    compton = _row(table, "2026-01-31", "Compton")
    assert pd.isna(compton["size_low"]) and compton["size_cat"] == 0
    assert compton["claims"] == "against ICE"


def test_week_and_month_dates_are_said_in_notes(table: pd.DataFrame) -> None:
    walkouts = _row(table, "2025-02-03", "Los Angeles")
    assert "week of 2025-02-03" in walkouts["notes"]
    minneapolis = _row(table, "2026-01-01", "Minneapolis")
    assert "month, January 2026" in minneapolis["notes"]
    assert (minneapolis["state"], minneapolis["resolved_county"]) == ("MN", "Hennepin County")


def test_sizes_of_separate_events_add_and_floors_stay_floors(tiny_rows, write_dataset) -> None:
    tiny_rows["events"].extend(
        (
            event_row(
                "2026-01-31-los-angeles-march",
                "2026-01-31",
                event_type="march",
                title="March downtown",
                crowd_text="more than 300 marchers",
                crowd_low="300",
                crowd_estimate_by="reporters",
                claims="against ICE; “ICE out, now”",
                source_ids="daily-news-2026-01-31",
            ),
            event_row(
                "2026-01-31-compton-rally",
                "2026-01-31",
                event_type="rally",
                city="Compton",
                title="=HYPERLINK(1) rally",
                source_ids="daily-news-2026-01-31",
            ),
        )
    )
    events_csv = write_dataset(tiny_rows)
    folder = events_csv.parent
    table = ccc_table(load_dataset(events_csv, folder / "sources.csv", folder / "places.csv"))
    row = _row(table, "2026-01-31", "Los Angeles")
    assert (row["size_low"], row["size_high"], row["size_mean"]) == (2800, 2800, 2800)
    assert row["size_text"] == "more than 300 marchers"  # the floor's own words
    assert "Sizes of 2 events added" in row["notes"]
    assert row["type"] == "rally; march"
    assert row["claims"] == "against ICE, “ICE out, now”"
    # The dispute group is one event with both figures.
    friday = _row(table, "2026-01-30", "Los Angeles")
    assert friday["arrests"].count("(") == 2 and friday["arrests_any"] == 1

    # Written through the command line: formula-safe, readable back.
    out = folder / "out" / "ccc.csv"
    assert main(["export", "--format", "ccc", str(out), "--events", str(events_csv)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == len(table)
    saturday = {r["locality"]: r for r in written if r["date"] == "2026-01-31"}
    assert saturday["Compton"]["title"] == "'=HYPERLINK(1) rally"
    compton = _row(table, "2026-01-31", "Compton")
    assert compton["title"] == "=HYPERLINK(1) rally" and pd.isna(compton["lat"])  # no place
    assert saturday["Los Angeles"]["size_low"] == "2800"
    assert saturday["Los Angeles"]["size_cat"] == "3"


def test_export_command_refuses_bad_input(tiny_rows, write_dataset, tmp_path: Path, capsys) -> None:
    events_csv = write_dataset(tiny_rows)
    assert main(["export", "--format", "ccc", str(events_csv), "--events", str(events_csv)]) == 2
    assert "one of the input files" in capsys.readouterr().err
    tiny_rows["events"][2]["crowd_low"] = "250"
    broken = write_dataset(tiny_rows)
    assert (
        main(["export", "--format", "ccc", str(tmp_path / "x.csv"), "--events", str(broken)]) == 1
    )
    assert "vague-words" in capsys.readouterr().out
    assert not (tmp_path / "x.csv").exists()
    assert main(["export", "--format", "acled", str(tmp_path / "x.csv")]) == 2


def test_write_ccc_writes_the_real_data(tmp_path: Path, table: pd.DataFrame) -> None:
    path = write_ccc(load_dataset(), tmp_path / "ccc.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table)
