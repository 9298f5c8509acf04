"""Export the demonstrations in the Crowd Counting Consortium's column layout (issue 13, item 4).

The Crowd Counting Consortium (CCC) compiles US protests with one row per locality and day.
:func:`ccc_table` turns the loaded dataset into that layout (``CCC_COLUMNS``, with
``source_1`` .. ``source_n``) and :func:`write_ccc` writes it as a formula-safe CSV;
``python -m analysis export --format ccc PATH`` is the command line.

What is exported: the demonstrations of the facts model (protest-type events reported as having
happened, dispute groups merged into one event) that have a locality (``city``); nationwide
counts and calls without a place are not events at a locality. The police actions of the same
locality and day add their measures, their arrests (LA police's eight arrests downtown on 30 Jan
2026 are a police action beside the march) and what they report of participants and damage.
Several demonstrations in one locality on one day make one row: their types, titles, claims and
measures are joined, and their sizes added.

How the fields are filled (the README lists the loose ones):

- ``size_low``/``size_high`` are the counts the sources state, as the CCC reads them
  (:func:`analysis.data.crowd.stated_counts`): "thousands" is 2,000 for both, "more than 300"
  is 300 (a floor stays a floor), a crowd that grew is counted at its peak; ``size_text`` keeps
  the source's words where the count rests on a vague word or a floor. A figure by an official
  (``crowd_estimate_by`` "officials") is a claim, not a size: it is left out of the sizes and
  written in ``notes``; so is a size resting only on low-reliability sources, which is kept but
  flagged in ``notes``. ``size_cat`` follows ``size_mean``: 0 unknown, 1 for 1-99, 2 for
  100-999, 3 for 1,000-9,999, 4 for 10,000 or more.
- ``arrests`` is text ("8", "at least 5", with each source's publisher when they disagree);
  the ``*_any`` flags and ``chemical_agents`` are 1 where the sources report it and empty
  otherwise: missing is not zero (the CCC writes 0).
- ``lat``/``lon`` and ``resolved_locality``/``resolved_county`` come from the gazetteer
  (``places.csv``): the locality's city entry, else the place of the first event.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.crowd import crowd_range, stated_counts
from analysis.data.load import Dataset
from analysis.prep.aggregate import split_cell
from analysis.prep.facts import build_facts
from analysis.publish.csvfiles import write_csv

#: The CCC's compiled layout, in order; ``source_1`` .. ``source_n`` stand where
#: :data:`SOURCES_AT` says (as many as the row with the most sources needs).
CCC_COLUMNS: tuple[str, ...] = (
    "date",
    "locality",
    "state",
    "location_detail",
    "online",
    "type",
    "title",
    "macroevent",
    "actors",
    "organizations",
    "participants",
    "claims",
    "valence",
    "issues",
    "issues_major",
    "size_low",
    "size_high",
    "size_mean",
    "size_text",
    "size_cat",
    "arrests",
    "arrests_any",
    "injuries_crowd",
    "injuries_crowd_any",
    "injuries_police",
    "injuries_police_any",
    "property_damage",
    "property_damage_any",
    "chemical_agents",
    "participant_measures",
    "police_measures",
    "participant_deaths",
    "police_deaths",
    "notes",
    "lat",
    "lon",
    "resolved_locality",
    "resolved_county",
)
#: The source columns go before this one.
SOURCES_AT = "notes"
#: Columns holding whole numbers (written as numbers, empty where unknown).
_INT_COLUMNS = (
    "online",
    "valence",
    "size_low",
    "size_high",
    "size_cat",
    "arrests_any",
    "injuries_crowd_any",
    "injuries_police_any",
    "property_damage_any",
    "chemical_agents",
    "participant_deaths",
    "police_deaths",
)
_FLOAT_COLUMNS = ("size_mean", "lat", "lon")

#: Our event types in the CCC's words for ``type``.
CCC_TYPES: dict[str, str] = {
    "protest": "protest",
    "rally": "rally",
    "march": "march",
    "vigil": "vigil",
    "walkout": "walkout",
    "day_of_action": "protest",
    "clash": "protest",
}
#: Police measures that are chemical agents (``chemical_agents`` = 1).
CHEMICAL_AGENTS = frozenset({"tear_gas", "pepper_spray", "pepper_balls"})
#: Our police-measure codes in the CCC's words (others: the code with spaces).
_POLICE_WORDS = {
    "flashbangs": "flash-bangs",
    "less_lethal": "less-lethal weapons",
    "crowd_pushback": "pushed crowd back",
}
#: Entries of ``actors`` that describe kinds of participants (CCC ``participants``).
PARTICIPANT_DESCRIPTORS = frozenset(
    {"protesters", "demonstrators", "students", "workers", "residents", "day laborers"}
)
#: Entries of ``actors`` that are the state's side (police, agencies): not protest actors.
STATE_ACTORS = frozenset(
    {
        "ICE",
        "CBP",
        "Border Patrol",
        "LAPD",
        "police",
        "federal officers",
        "federal agents",
        "National Guard",
        "Department of Homeland Security",
        "U.S. Marshals",
    }
)
#: The CCC's issue tag for immigration (all events here are about immigration enforcement).
ISSUE = "migration"
#: The CCC's valence for events against the Trump administration's policies (left wing).
VALENCE_ANTI_TRUMP = 1


def _unique(values: Iterable[object]) -> list[str]:
    """Distinct non-empty strings in first-seen order."""
    out: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            out.setdefault(value.strip(), None)
    return list(out)


def _items(rows: pd.DataFrame, column: str) -> list[str]:
    """The ``;`` items of ``column`` over ``rows``, distinct, in order."""
    return _unique(item for cell in rows[column] for item in split_cell(cell))


def _joined(values: Iterable[str], sep: str = "; ") -> str | None:
    values = list(values)
    return sep.join(values) if values else None


def _size_cat(mean: float | None) -> int:
    if mean is None or np.isnan(mean):
        return 0
    return 1 if mean < 100 else 2 if mean < 1000 else 3 if mean < 10000 else 4


def _count(value: object) -> int | None:
    return None if value is None or value is pd.NA or pd.isna(value) else int(value)


class _Export:
    """Builds the rows: the dataset's tables, its facts model, and lookups into both."""

    def __init__(self, dataset: Dataset) -> None:
        self.rows = dataset.events.set_index("event_id", drop=False)
        self.sources = dataset.sources.set_index("source_id")
        self.places = dataset.places.set_index("place_id")
        self.events = build_facts(dataset).details()  # every column, words included

    def publisher(self, source_id: str) -> str:
        return str(self.sources.at[source_id, "publisher"])

    def rows_of(self, keys: Iterable[str]) -> pd.DataFrame:
        """The events.csv rows of the facts model's events ``keys``, in order."""
        ids = [i for key in keys for i in split_cell(self.events.at[key, "event_ids"])]
        return self.rows.loc[ids]

    def table(self) -> pd.DataFrame:
        ev = self.events
        if ev.empty:
            return _empty_table(1)
        day = ev["date"].dt.strftime("%Y-%m-%d")
        city = ev["city"].astype("string")
        located = city.notna().to_numpy(bool) & (city.fillna("").str.strip() != "").to_numpy(bool)
        demos = ev[ev["demonstration"].to_numpy(bool) & located]
        police = ev[
            ev["occurred"].to_numpy(bool)
            & (ev["event_type"].astype("string") == "police_action").fillna(False).to_numpy(bool)
            & located
        ]
        police_at = police.groupby([day[police.index], city[police.index]]).groups
        records = []
        for (date, locality), keys in demos.groupby(
            [day[demos.index], city[demos.index]], sort=True
        ).groups.items():
            records.append(self.record(date, locality, list(keys), police_at.get((date, locality))))
        if not records:
            return _empty_table(1)
        n_sources = max(len(r["_sources"]) for r in records)
        return _frame(records, max(n_sources, 1))

    def record(
        self, date: str, locality: str, keys: list[str], police_keys: Iterable[str] | None
    ) -> dict[str, object]:
        ev = self.events.loc[keys]
        rows = self.rows_of(keys)
        police_rows = self.rows_of(list(police_keys) if police_keys is not None else [])
        everything = pd.concat([rows, police_rows])
        notes: list[str] = []

        actors = _items(rows, "actors")
        participants = [a for a in actors if a in PARTICIPANT_DESCRIPTORS]
        organizations = [
            a for a in actors if a not in PARTICIPANT_DESCRIPTORS and a not in STATE_ACTORS
        ]
        measures = _items(everything, "police_measures")
        source_ids = _items(everything, "source_ids")
        size = self.size(keys, notes)
        police_ev = self.events.loc[list(police_keys) if police_keys is not None else []]
        arrests, arrests_any = self.arrests(everything, pd.concat([ev, police_ev]), notes)
        self.date_notes(ev, notes)
        if len(police_rows):
            notes.append(
                "police measures, arrests and participant measures include the police actions "
                + ", ".join(police_rows["event_id"].astype(str))
            )
        notes.append("rows of events.csv: " + ", ".join(rows["event_id"].astype(str)))
        lat, lon, resolved_locality, resolved_county = self.place(locality, rows)
        injuries_crowd = _joined(_unique(everything["injuries_crowd"]))
        injuries_police = _joined(_unique(everything["injuries_police"]))
        damage = _joined(_unique(everything["property_damage"]))
        return {
            "date": date,
            "locality": locality,
            "state": _joined(_unique(ev["state"].astype("string").dropna())),
            "location_detail": _joined(_unique(ev["location"].astype("string").dropna())),
            "online": 0,
            "type": _joined(_unique(CCC_TYPES[str(t)] for t in ev["event_type"])),
            "title": _joined(_unique(ev["title"].astype("string").dropna())),
            "macroevent": None,
            "actors": _joined(organizations + participants),
            "organizations": _joined(organizations),
            "participants": _joined(participants),
            "claims": _joined(_items(rows, "claims"), ", "),
            "valence": VALENCE_ANTI_TRUMP,
            "issues": ISSUE,
            "issues_major": ISSUE,
            **size,
            "arrests": arrests,
            "arrests_any": arrests_any,
            "injuries_crowd": injuries_crowd,
            "injuries_crowd_any": 1 if injuries_crowd else None,
            "injuries_police": injuries_police,
            "injuries_police_any": 1 if injuries_police else None,
            "property_damage": damage,
            "property_damage_any": 1 if damage else None,
            "chemical_agents": 1 if CHEMICAL_AGENTS & set(measures) else None,
            "participant_measures": _joined(_items(everything, "participant_measures")),
            "police_measures": _joined(_POLICE_WORDS.get(m, m.replace("_", " ")) for m in measures),
            "participant_deaths": None,
            "police_deaths": None,
            "_sources": [self.source_text(s) for s in source_ids],
            "notes": " ".join(n[:1].upper() + n[1:] + "." for n in notes),
            "lat": lat,
            "lon": lon,
            "resolved_locality": resolved_locality,
            "resolved_county": resolved_county,
        }

    def size(self, keys: list[str], notes: list[str]) -> dict[str, object]:
        """Sizes of the events, added; an official's figure goes to the notes instead."""
        low_sum = high_sum = 0
        sized = 0
        texts: list[str] = []
        weak_only = True
        for key in keys:
            lows, highs = [], []
            for row in self.rows_of([key]).itertuples():
                if pd.isna(row.crowd_text):
                    continue
                if row.crowd_estimate_by == "officials" and not pd.isna(row.crowd_low):
                    who = (
                        row.crowd_estimator
                        if isinstance(row.crowd_estimator, str)
                        else "an official"
                    )
                    notes.append(
                        f"{who} claims “{row.crowd_text}”: an official's claim, not a crowd count, "
                        "so not a size here"
                    )
                    continue
                low, high, vague = stated_counts(str(row.crowd_text))
                if low is None or vague:
                    texts.append(str(row.crowd_text))
                if low is not None:
                    lows.append(low)
                    highs.append(high if high is not None else low)
            if lows:
                sized += 1
                low_sum += min(lows)
                high_sum += max(highs)
                weak_only &= bool(self.events.at[key, "weak"])
        if sized > 1:
            notes.append(f"sizes of {sized} events added")
        if sized and weak_only:
            notes.append("the size rests only on low-reliability sources")
        if not sized:
            return {
                "size_low": None,
                "size_high": None,
                "size_mean": None,
                "size_text": _joined(_unique(texts)),
                "size_cat": 0,
            }
        mean = (low_sum + high_sum) / 2
        return {
            "size_low": low_sum,
            "size_high": high_sum,
            "size_mean": mean,
            "size_text": _joined(_unique(texts)),
            "size_cat": _size_cat(mean),
        }

    def arrests(
        self, rows: pd.DataFrame, ev: pd.DataFrame, notes: list[str]
    ) -> tuple[str | None, int | None]:
        """Arrests as text, one figure per source row, and whether any were reported."""
        parts: list[tuple[str, str]] = []
        numbers: list[int] = []
        for row in rows.itertuples():
            if pd.isna(row.arrests_text):
                continue
            low, high = crowd_range(str(row.arrests_text))
            publisher = self.publisher(split_cell(row.source_ids)[0])
            if low is None:
                parts.append((f"“{row.arrests_text}”", publisher))
                continue
            numbers.append(low)
            parts.append((f"{low:,}" if high == low else f"at least {low:,}", publisher))
        if not parts:
            return None, None
        if ev["disputed"].fillna(False).astype(bool).any() and len(parts) > 1:
            notes.append("the sources disagree on the arrests")
        if len(parts) == 1:
            text = parts[0][0]
        else:
            text = "; ".join(f"{figure} ({publisher})" for figure, publisher in parts)
        if any(n > 0 for n in numbers):
            return text, 1
        return text, 0 if numbers and len(numbers) == len(parts) else None

    @staticmethod
    def date_notes(ev: pd.DataFrame, notes: list[str]) -> None:
        for row in ev.itertuples():
            precision = str(row.date_precision)
            if precision == "week":
                notes.append(f"date known only to the week of {row.date:%Y-%m-%d} (its Monday)")
            elif precision == "month":
                notes.append(f"date known only to the month, {row.date:%B %Y}")
            if not pd.isna(row.date_end) and row.date_end > row.date:
                notes.append(f"figures cover the days through {row.date_end:%Y-%m-%d}")

    def place(
        self, locality: str, rows: pd.DataFrame
    ) -> tuple[float | None, float | None, str | None, str | None]:
        """Where the locality is, from the gazetteer: its city entry, else the event's place."""
        places = self.places
        city_entry = places[
            (places["city"].astype("string") == locality)
            & (places["precision"].astype("string") == "city")
        ]
        if len(city_entry):
            place = city_entry.iloc[0]
        else:
            ids = [p for p in rows["place_id"].dropna().astype(str) if p in places.index]
            if not ids:
                return None, None, None, None
            place = places.loc[ids[0]]
        county = place["county"]
        county_text = None if pd.isna(county) else f"{county} County"
        city = None if pd.isna(place["city"]) else str(place["city"])
        return float(place["latitude"]), float(place["longitude"]), city, county_text

    def source_text(self, source_id: str) -> str:
        """A source as the CCC names one without a URL: publisher, title and date."""
        source = self.sources.loc[source_id]
        text = f"{source['publisher']}: {source['title']}"
        if not pd.isna(source["published"]):
            text += f" ({source['published']:%Y-%m-%d})"
        if not pd.isna(source["url"]):
            text += f" {source['url']}"
        return text


def columns(n_sources: int) -> list[str]:
    """The CCC columns with ``source_1`` .. ``source_{n_sources}`` in place."""
    at = CCC_COLUMNS.index(SOURCES_AT)
    sources = [f"source_{i}" for i in range(1, n_sources + 1)]
    return [*CCC_COLUMNS[:at], *sources, *CCC_COLUMNS[at:]]


def _empty_table(n_sources: int) -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=columns(n_sources)))


def _frame(records: list[dict[str, object]], n_sources: int) -> pd.DataFrame:
    rows = []
    for record in records:
        record = dict(record)
        sources = record.pop("_sources")
        for i in range(1, n_sources + 1):
            record[f"source_{i}"] = sources[i - 1] if i <= len(sources) else None
        rows.append(record)
    return _typed(pd.DataFrame(rows, columns=columns(n_sources)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for name in frame.columns:
        if name in _INT_COLUMNS:
            frame[name] = frame[name].astype("Int64")
        elif name in _FLOAT_COLUMNS:
            frame[name] = frame[name].astype("Float64")
        else:
            frame[name] = frame[name].astype("string")
    return frame.reset_index(drop=True)


def ccc_table(dataset: Dataset) -> pd.DataFrame:
    """The demonstrations of ``dataset`` in the CCC layout: one row per locality and day.

    Parameters
    ----------
    dataset
        The loaded dataset (:func:`analysis.data.load.load_dataset`).

    Returns
    -------
    pandas.DataFrame
        Columns as :func:`columns` gives them, rows by date and locality; whole numbers as
        ``Int64``, ``size_mean``, ``lat`` and ``lon`` as ``Float64``, the rest as strings;
        empty where the sources report nothing.
    """
    return _Export(dataset).table()


def write_ccc(dataset: Dataset, path: str | Path) -> Path:
    """Write :func:`ccc_table` to ``path`` as a formula-safe CSV (UTF-8); return the path."""
    return write_csv(ccc_table(dataset), path)
