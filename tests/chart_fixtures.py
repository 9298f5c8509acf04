"""Helpers for the chart tests: load the tiny dataset, add rows to it, and make text hostile.

The tiny dataset itself (``tiny_rows``, ``write_dataset``, ``tiny_dataset``) lives in
``conftest.py``; these helpers build on it so the chart tests go through the real loader.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import strategies as st

from analysis import paths
from analysis.data import schema
from analysis.data.load import Dataset, load_dataset, load_events, load_sources

#: Markup that must never reach a report unescaped.
HOSTILE = "<img src=x onerror=alert(1)>"

#: Every text column of events.csv that can reach a hover box, a label or a title.
EVENT_TEXT_COLUMNS = (
    "title",
    "label",
    "city",
    "location",
    "crowd_text",
    "arrests_text",
    "immigration_arrests_text",
    "response_actor",
    "figure_text",
    "notes",
    "evidence",
    "actors",
)


def load_pair(events_csv: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load events and sources written by ``write_dataset`` (validated, as in production)."""
    folder = events_csv.parent
    events = load_events(
        events_csv, sources_path=folder / "sources.csv", places_path=folder / "places.csv"
    )
    return events, load_sources(folder / "sources.csv")


def event_row(event_id: str, date: str, **fields: str) -> dict[str, str]:
    """A valid local event row (Los Angeles, day precision) with ``fields`` overriding."""
    row = {
        "event_id": event_id,
        "date": date,
        "date_precision": "day",
        "date_inferred": "false",
        "status": "occurred",
        "scope": "local",
        "event_type": "protest",
        "title": f"Protest {event_id}",
        "city": "Los Angeles",
        "county": "Los Angeles",
        "state": "CA",
        "disputed": "false",
        "source_ids": "daily-news-2026-01-31",
        "evidence": "protesters gathered",
    }
    row.update(fields)
    return row


def with_rows(
    tiny_rows: dict, write_dataset: Callable[..., Path], *rows: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tiny dataset plus ``rows``, loaded."""
    tiny_rows["events"].extend(rows)
    return load_pair(write_dataset(tiny_rows))


def hostile(events: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies with the hostile markup in front of every text field that reaches a chart.

    In front, so that labels shortened to a few words still carry it.
    """
    events = events.copy()
    for column in EVENT_TEXT_COLUMNS:
        events[column] = (HOSTILE + " " + events[column].fillna("x")).astype("string")
    sources = sources.copy()
    for column in ("publisher", "title"):
        sources[column] = (HOSTILE + " " + sources[column]).astype("string")
    sources["url"] = pd.Series(["javascript:alert(1)"] * len(sources), dtype="string")
    return events, sources


def generated_pair(n_rows: int, folder: Path, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and sources of ``n_rows`` synthetic events from the benchmark generator, loaded.

    Realistic variety (every event type, week- and multi-day-dated rows, disputes, open-ended
    crowd figures) over several years: what the binned charts must handle at scale.
    """
    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    from generate import generate_dataset

    return load_pair(generate_dataset(n_rows, folder, seed=seed))


# --- the curated data, the catalogue's selections and random selections ---------------------


@cache
def curated() -> Dataset:
    return load_dataset()


def catalogue_selections() -> list[tuple[str, dict]]:
    entries = yaml.safe_load(Path(paths.REPORT_CATALOGUE).read_text(encoding="utf-8"))["reports"]
    out = []
    for name, entry in entries.items():
        parameters = entry.get("parameters") or {}
        keep = {
            k: parameters[k]
            for k in ("start_date", "end_date", "cities", "event_types", "scope")
            if k in parameters
        }
        out.append((name, keep))
    return out


@st.composite
def selections(draw, events: pd.DataFrame) -> dict:
    days = pd.date_range(
        events["date"].min() - pd.Timedelta(days=20), events["date"].max() + pd.Timedelta(days=20)
    )
    choice: dict = {}
    if draw(st.booleans()):
        start = draw(st.sampled_from(list(days)))
        choice["start"] = start.strftime("%Y-%m-%d")
        if draw(st.booleans()):
            end = start + pd.Timedelta(days=draw(st.integers(0, 400)))
            choice["end"] = end.strftime("%Y-%m-%d")
    cities = sorted(events["city"].dropna().astype(str).unique())
    if cities and draw(st.integers(0, 4)) == 0:
        choice["cities"] = draw(
            st.lists(st.sampled_from(cities), min_size=1, max_size=3, unique=True)
        )
    if draw(st.integers(0, 3)) == 0:
        choice["event_types"] = draw(
            st.lists(
                st.sampled_from([*schema.EVENT_TYPES, "protests", "responses"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
    if draw(st.integers(0, 3)) == 0:
        choice["scopes"] = draw(
            st.lists(st.sampled_from(list(schema.SCOPE)), min_size=1, max_size=2, unique=True)
        )
    if draw(st.integers(0, 3)) == 0:
        choice["min_reliability"] = draw(st.sampled_from(list(schema.RELIABILITY)))
    if draw(st.integers(0, 4)) == 0:
        choice["panel_scopes"] = draw(
            st.sampled_from([None, ["local"], ["local", "regional", "national"]])
        )
    if draw(st.integers(0, 5)) == 0:
        choice["layout"] = draw(st.sampled_from(["auto", "episodes", "continuous"]))
    if draw(st.integers(0, 5)) == 0:
        choice["total"] = draw(st.sampled_from([None, "W"]))
    return choice
