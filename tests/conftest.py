"""Shared fixtures: a tiny valid dataset (events, sources, places) and matplotlib clean-up.

``tiny_dataset`` writes a small, valid, realistic trio of CSVs to a temporary folder and
returns the events path (sources.csv and places.csv sit beside it). To break or extend it,
take ``tiny_rows`` (fresh copies of the rows, as dicts of column -> text), change them and
pass them to ``write_dataset``::

    def test_something(tiny_rows, write_dataset):
        tiny_rows["events"][2]["crowd_low"] = "250"
        events_csv = write_dataset(tiny_rows)
"""

from __future__ import annotations

import copy
import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from analysis.data import schema

if TYPE_CHECKING:
    import pandas as pd

    from analysis.prep.facts import Facts

# --- hypothesis: repeatable by default ---------------------------------------------------------

#: ``make test`` and CI draw the same examples on every run (``derandomize``), so a test passes
#: or fails by the code, never by the seed; a failure found is kept as an explicit example.
#: ``HYPOTHESIS_PROFILE=explore`` draws fresh random examples (and more of them) to look for new
#: failures on a developer's machine.
settings.register_profile(
    "repeatable", derandomize=True, database=None, print_blob=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile(
    "explore", derandomize=False, print_blob=True, deadline=None, max_examples=500,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# --- a headless browser (Debian's chromium), for the tests that look at pages and files ----------

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Chromium through playwright, with no network of its own to reach for."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


# --- The tiny dataset ---------------------------------------------------------------------------

_SOURCES = [
    {
        "source_id": "daily-news-2026-01-31",
        "publisher": "Daily News",
        "title": "Protests across Southern California",
        "authors": "A. Reporter; B. Writer",
        "published": "2026-01-31",
        "seed_file": "daily-news.txt",
        "reliability": "high",
        "reliability_reason": "Newsroom's own reporting with named reporters.",
    },
    {
        "source_id": "wire-2025-06-07",
        "publisher": "Wire Service",
        "title": "[Clashes in Los Angeles for a second day]",
        "published": "2025-06-07",
        "seed_file": "wire.txt",
        "reliability": "high",
        "reliability_reason": "Agency reporting with a named correspondent.",
        "notes": "Title in brackets is ours.",
    },
    {
        "source_id": "rewrite-2026-01-30",
        "publisher": "Unknown website",
        "title": "DTLA erupts",
        "reliability": "low",
        "reliability_reason": "Machine-spun rewrite of other outlets.",
    },
]

_PLACES = [
    {
        "place_id": "los-angeles",
        "name": "Los Angeles",
        "city": "Los Angeles",
        "county": "Los Angeles",
        "state": "CA",
        "latitude": "34.0522",
        "longitude": "-118.2437",
        "precision": "city",
        "coordinates_note": "Approximate city centre.",
    },
    {
        "place_id": "downtown-los-angeles",
        "name": "Downtown Los Angeles",
        "city": "Los Angeles",
        "county": "Los Angeles",
        "state": "CA",
        "latitude": "34.0500",
        "longitude": "-118.2460",
        "precision": "neighborhood",
        "coordinates_note": "Approximate centre of the district.",
    },
    {
        "place_id": "paramount",
        "name": "Paramount",
        "city": "Paramount",
        "county": "Los Angeles",
        "state": "CA",
        "latitude": "33.8895",
        "longitude": "-118.1598",
        "precision": "city",
        "coordinates_note": "Approximate city centre.",
    },
    {
        "place_id": "long-beach",
        "name": "Long Beach",
        "city": "Long Beach",
        "county": "Los Angeles",
        "state": "CA",
        "latitude": "33.7701",
        "longitude": "-118.1937",
        "precision": "city",
        "coordinates_note": "Approximate city centre.",
    },
]

_LA = {
    "city": "Los Angeles",
    "county": "Los Angeles",
    "state": "CA",
}
_AT_LA = {**_LA, "place_id": "los-angeles", "latitude": "34.0522", "longitude": "-118.2437",
          "geo_precision": "city"}  # fmt: skip
_AT_DTLA = {**_LA, "place_id": "downtown-los-angeles", "latitude": "34.0500",
            "longitude": "-118.2460", "geo_precision": "neighborhood"}  # fmt: skip
_AT_PARAMOUNT = {"city": "Paramount", "county": "Los Angeles", "state": "CA",
                 "place_id": "paramount", "latitude": "33.8895", "longitude": "-118.1598",
                 "geo_precision": "city"}  # fmt: skip
_AT_LONG_BEACH = {"city": "Long Beach", "county": "Los Angeles", "state": "CA",
                  "place_id": "long-beach", "latitude": "33.7701", "longitude": "-118.1937",
                  "geo_precision": "city"}  # fmt: skip
_DAY = {"date_precision": "day", "date_inferred": "false", "status": "occurred",
        "disputed": "false"}  # fmt: skip

# Spreadsheet rows: the first event is row 2.
_EVENTS = [
    {  # row 2: a policy target known only to the month, with an open-ended figure
        **_DAY,
        "event_id": "2025-06-01-white-house-daily-arrest-goal",
        "date": "2025-06-01",
        "date_precision": "month",
        "date_inferred": "true",
        "scope": "national",
        "event_type": "policy_target",
        "title": "White House sets a goal of 3,000 ICE arrests a day",
        "actors": "White House; ICE",
        "response_actor": "White House",
        "response_level": "federal",
        "response_type": "quota",
        "figure_text": "at least 3,000 immigrants a day",
        "figure_low": "3000",
        "figure_unit": "arrests_per_day",
        "source_ids": "wire-2025-06-07",
        "evidence": "set a goal for ICE to arrest at least 3,000 immigrants a day",
    },
    {  # row 3: an immigration raid with a detention count
        **_DAY,
        **_AT_LA,
        "event_id": "2025-06-06-los-angeles-ice-raids",
        "date": "2025-06-06",
        "date_inferred": "true",
        "scope": "regional",
        "event_type": "enforcement_operation",
        "title": "ICE raids in Los Angeles detain at least 44 people",
        "actors": "ICE",
        "immigration_arrests": "44",
        "immigration_arrests_text": "arrested at least 44 people",
        "source_ids": "wire-2025-06-07",
        "evidence": "enforcement operations in the city and arrested at least 44 people",
    },
    {  # row 4: a clash with a vague crowd size and police measures
        **_DAY,
        **_AT_PARAMOUNT,
        "event_id": "2025-06-07-paramount-clash",
        "date": "2025-06-07",
        "date_inferred": "true",
        "scope": "local",
        "event_type": "clash",
        "title": "Hundreds confront officers in Paramount",
        "location": "outside a Home Depot",
        "actors": "protesters; ICE; police",
        "crowd_text": "hundreds of people showed up",
        "crowd_low": "200",
        "crowd_high": "999",
        "crowd_estimate_by": "reporters",
        "police_measures": "tear_gas;flashbangs",
        "source_ids": "wire-2025-06-07",
        "evidence": "hundreds of people showed up more or less spontaneously",
    },
    {  # row 5: a federal statement, no place
        **_DAY,
        "event_id": "2025-06-07-noem-warns-rioters",
        "date": "2025-06-07",
        "date_inferred": "true",
        "scope": "local",
        "event_type": "official_statement",
        "title": "Noem warns rioters they will be prosecuted",
        **_LA,
        "actors": "Department of Homeland Security",
        "response_actor": "Kristi Noem (Secretary of Homeland Security)",
        "response_level": "federal",
        "response_type": "prosecution_threat",
        "source_ids": "wire-2025-06-07",
        "evidence": "you will be prosecuted to the fullest extent of the law",
    },
    {  # row 6: a police response
        **_DAY,
        **_AT_PARAMOUNT,
        "event_id": "2025-06-07-paramount-dispersal",
        "date": "2025-06-07",
        "date_inferred": "true",
        "scope": "local",
        "event_type": "police_action",
        "title": "Tear gas used to disperse the Paramount crowd",
        "actors": "police",
        "police_measures": "tear_gas",
        "response_actor": "police (agency not named)",
        "response_level": "police",
        "response_type": "crowd_dispersal",
        "source_ids": "wire-2025-06-07",
        "evidence": "police on Saturday used tear gas and flashbang grenades to disperse the crowd",
    },
    {  # row 7: first of a disputed pair (arrests: five against eight, two exact figures)
        **_DAY,
        **_AT_DTLA,
        "event_id": "2026-01-30-dtla-arrests-at-least-five",
        "date": "2026-01-30",
        "scope": "local",
        "event_type": "clash",
        "title": "Five arrested downtown (rewrite)",
        "actors": "protesters; LAPD",
        "arrests": "5",
        "arrests_text": "five apprehensions",
        "disputed": "true",
        "dispute_group": "2026-01-30-dtla-arrests",
        "source_ids": "rewrite-2026-01-30",
        "evidence": "reported five apprehensions",
    },
    {  # row 8: second of the disputed pair
        **_DAY,
        **_AT_DTLA,
        "event_id": "2026-01-30-dtla-arrests-eight",
        "date": "2026-01-30",
        "scope": "local",
        "event_type": "clash",
        "title": "Eight protesters arrested downtown (LAPD)",
        "actors": "protesters; LAPD",
        "arrests": "8",
        "arrests_text": "eight protesters were arrested",
        "disputed": "true",
        "dispute_group": "2026-01-30-dtla-arrests",
        "source_ids": "daily-news-2026-01-31;rewrite-2026-01-30",
        "evidence": "eight protesters were arrested in Los Angeles on Friday",
    },
    {  # row 9: a rally whose crowd grew during the day (its size is the peak, 2,500)
        **_DAY,
        **_AT_DTLA,
        "event_id": "2026-01-31-los-angeles-city-hall-rally",
        "date": "2026-01-31",
        "scope": "local",
        "event_type": "rally",
        "title": "Crowd at City Hall grows to 2,500",
        "location": "in front of City Hall",
        "actors": "50501",
        "crowd_text": "A crowd of several hundred protesters swelled to 2,500",
        "crowd_low": "2500",
        "crowd_high": "2500",
        "crowd_estimate_by": "reporters",
        "source_ids": "daily-news-2026-01-31",
        "evidence": "several hundred protesters swelled to 2,500 in front of Los Angeles City Hall",
    },
    {  # row 10: a vigil in a second city, with a time
        **_DAY,
        **_AT_LONG_BEACH,
        "event_id": "2026-01-31-long-beach-vigil",
        "date": "2026-01-31",
        "time": "16:00",
        "scope": "local",
        "event_type": "vigil",
        "title": "Vigil in Long Beach",
        "location": "Bixby Annex Park",
        "crowd_text": "about 80 people",
        "crowd_low": "80",
        "crowd_high": "80",
        "crowd_estimate_by": "reporters",
        "source_ids": "daily-news-2026-01-31",
        "evidence": "a group of about 80 people gathered at Bixby Annex Park",
    },
    {  # row 11: a march with no crowd figure
        **_DAY,
        **_AT_LONG_BEACH,
        "event_id": "2026-01-31-long-beach-march",
        "date": "2026-01-31",
        "scope": "local",
        "event_type": "march",
        "title": "March in Long Beach",
        "source_ids": "daily-news-2026-01-31",
        "evidence": "marches were also held in Long Beach",
    },
    {  # row 12: a city-level statement, week precision
        **_DAY,
        "event_id": "2026-01-26-bass-statement",
        "date": "2026-01-26",
        "date_precision": "week",
        "date_inferred": "true",
        "scope": "local",
        "event_type": "official_statement",
        "title": "Mayor Bass urges calm",
        **_LA,
        "response_actor": "Karen Bass (Mayor of Los Angeles)",
        "response_level": "city",
        "response_type": "statement",
        "source_ids": "rewrite-2026-01-30",
        "evidence": "prompted demonstrators to remain peaceful",
    },
]
# An inferred date says how (data/README.md, How dates were worked out; rule date-inferred).
for _row in _EVENTS:
    if _row["date_inferred"] == "true":
        _row.setdefault("notes", "Date worked out from the source's weekday or month.")

DatasetRows = dict[str, list[dict[str, str]]]


def write_csv(path: Path, columns: tuple[schema.Column, ...], rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` (dicts of column -> text; missing keys are empty) in schema column order."""
    names = schema.column_names(columns)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in names})
    return path


@pytest.fixture
def tiny_rows() -> DatasetRows:
    """Fresh copies of the tiny rows: ``{"events": [...], "sources": [...], "places": [...]}``."""
    return copy.deepcopy({"events": _EVENTS, "sources": _SOURCES, "places": _PLACES})


@pytest.fixture
def write_dataset(tmp_path: Path) -> Callable[..., Path]:
    """A function writing events/sources/places CSVs into a folder; returns the events path.

    Call it as ``write_dataset(rows)`` with a dict like ``tiny_rows``, optionally
    ``folder=...`` (default: a fresh subfolder of ``tmp_path``).
    """
    counter = iter(range(1_000_000))

    def write(rows: DatasetRows | None = None, *, folder: Path | None = None) -> Path:
        rows = (
            rows
            if rows is not None
            else copy.deepcopy({"events": _EVENTS, "sources": _SOURCES, "places": _PLACES})
        )
        folder = folder or tmp_path / f"data{next(counter)}"
        folder.mkdir(parents=True, exist_ok=True)
        write_csv(folder / "sources.csv", schema.SOURCE_COLUMNS, rows["sources"])
        write_csv(folder / "places.csv", schema.PLACE_COLUMNS, rows["places"])
        return write_csv(folder / "events.csv", schema.EVENT_COLUMNS, rows["events"])

    return write


@pytest.fixture
def tiny_dataset(write_dataset: Callable[..., Path]) -> Path:
    """Path of a tiny valid events.csv (11 events; sources.csv and places.csv beside it)."""
    return write_dataset()


@pytest.fixture
def tiny(tiny_dataset: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tiny dataset loaded and validated: (events, sources)."""
    from chart_fixtures import load_pair

    return load_pair(tiny_dataset)


@pytest.fixture
def model(tiny: tuple[pd.DataFrame, pd.DataFrame]) -> Facts:
    """The facts model of the whole tiny dataset (a test file may define its own)."""
    from analysis.prep.facts import build_facts

    events, sources = tiny
    return build_facts(events, sources=sources)


# --- Matplotlib ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test leaves open (only if matplotlib was imported)."""
    yield
    import sys

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


# --- running on every core (pytest-xdist) --------------------------------------------------------

#: Test files that share one run of every catalogue report (``test_notebooks.generate_reports``,
#: memoised per process): under ``pytest -n`` they go to one worker, so the reports are built once.
SHARE_THE_CATALOGUE_RUN = ("test_notebooks.py", "test_browser.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group the tests that share the catalogue run for ``--dist loadgroup`` (no-op without it)."""
    for item in items:
        if item.path.name in SHARE_THE_CATALOGUE_RUN:
            item.add_marker(pytest.mark.xdist_group("catalogue-reports"))
