"""Helpers for the chart tests: load the tiny dataset, add rows to it, and make text hostile.

The tiny dataset itself (``tiny_rows``, ``write_dataset``, ``tiny_dataset``) lives in
``conftest.py``; these helpers build on it so the chart tests go through the real loader.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.data.load import load_events, load_sources

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
