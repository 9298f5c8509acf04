"""The content digest behind the aggregation cache: same content, same digest; any edit, not."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_fixtures import load_pair

from analysis.prep.framehash import frame_digest


@pytest.fixture
def events(tiny_dataset) -> pd.DataFrame:
    return load_pair(tiny_dataset)[0]


def test_equal_content_gives_equal_digest(events: pd.DataFrame) -> None:
    assert frame_digest(events) == frame_digest(events.copy())
    # The row index is not content: the aggregation never reads it.
    assert frame_digest(events) == frame_digest(events.set_axis(range(100, 100 + len(events))))
    # A slice hashes its own rows, whether or not it shares its parent's buffers.
    assert frame_digest(events.iloc[1:3]) == frame_digest(events.iloc[1:3].copy())


@pytest.mark.parametrize(
    "column, value",
    [
        ("title", "Another title"),  # text (arrow strings)
        ("crowd_low", 7),  # nullable integers
        ("latitude", 34.5),  # nullable floats
        ("date", pd.Timestamp("2020-01-01")),  # numpy datetimes
        ("date_inferred", True),  # nullable booleans
        ("scope", "national"),  # categorical
        ("notes", "A new note"),  # a missing cell filled
        ("location", None),  # a cell made missing
    ],
)
def test_any_changed_cell_changes_the_digest(events: pd.DataFrame, column, value) -> None:
    changed = events.copy()
    differs = (
        changed[column]
        .astype(object)
        .map(lambda v: pd.notna(v) if value is None else (pd.isna(v) or v != value))
    )
    row = differs[differs].index[0]
    changed.loc[row, column] = value
    assert frame_digest(changed) != frame_digest(events)


def test_columns_names_order_and_rows_count(events: pd.DataFrame) -> None:
    digest = frame_digest(events)
    assert frame_digest(events.rename(columns={"title": "name"})) != digest
    assert frame_digest(events[list(events.columns[::-1])]) != digest
    assert frame_digest(events.iloc[:-1]) != digest
    assert frame_digest(events.astype({"title": object})) != digest


def test_a_cell_set_in_place_changes_the_digest(events: pd.DataFrame) -> None:
    before = frame_digest(events)  # remembered per text column from here on
    events.loc[events.index[0], "title"] = "Set in place"
    assert frame_digest(events) != before
