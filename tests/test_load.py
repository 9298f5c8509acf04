"""Typed loading, list splitting, the data version, and a loader that never fails in other ways."""

from __future__ import annotations

import copy
import csv
import io
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.data import schema
from analysis.data.load import data_version, load_events, load_places, load_sources, split_list
from analysis.data.readcsv import read_strings
from analysis.errors import DataValidationError


def load(events_csv: Path, **kwargs) -> pd.DataFrame:
    folder = events_csv.parent
    return load_events(
        events_csv, sources_path=folder / "sources.csv", places_path=folder / "places.csv", **kwargs
    )


# --- Types -------------------------------------------------------------------------------------


def test_events_are_typed(tiny_dataset):
    events = load(tiny_dataset)
    assert list(events.columns) == schema.column_names(schema.EVENT_COLUMNS)
    assert len(events) == 11
    expected = {
        "date": "datetime64[ns]",
        "date_end": "datetime64[ns]",
        "crowd_low": "Int64",
        "crowd_high": "Int64",
        "latitude": "Float64",
        "disputed": "boolean",
        "date_inferred": "boolean",
        "event_id": "string",
        "time": "string",
        "actors": "string",
        "source_ids": "string",
        "notes": "string",
    }
    for column, dtype in expected.items():
        assert str(events[column].dtype) == dtype, column
    assert isinstance(events.index, pd.RangeIndex)


def test_vocabulary_columns_are_categories_with_the_whole_vocabulary(tiny_dataset):
    events = load(tiny_dataset)
    for column in schema.EVENT_COLUMNS:
        if column.kind == "category":
            dtype = events[column.name].dtype
            assert isinstance(dtype, pd.CategoricalDtype), column.name
            assert list(dtype.categories) == list(schema.VOCABULARIES[column.vocabulary])
    assert "legislation" in events["event_type"].cat.categories  # unused, still a category


def test_values(tiny_dataset):
    events = load(tiny_dataset).set_index("event_id")
    rally = events.loc["2026-01-31-los-angeles-city-hall-rally"]
    assert rally["date"] == pd.Timestamp("2026-01-31")
    assert (rally["crowd_low"], rally["crowd_high"]) == (2500, 2500)
    assert rally["crowd_estimate_by"] == "reporters"
    assert rally["latitude"] == pytest.approx(34.05)
    assert not rally["disputed"]
    assert events.loc["2026-01-31-long-beach-vigil", "time"] == "16:00"
    goal = events.loc["2025-06-01-white-house-daily-arrest-goal"]
    assert goal["figure_low"] == 3000
    assert pd.isna(goal["figure_high"])  # open-ended
    assert pd.isna(goal["latitude"]) and pd.isna(goal["city"]) and pd.isna(goal["time"])
    assert pd.isna(events.loc["2026-01-31-long-beach-march", "crowd_low"])  # not zero


def test_sources_and_places(tiny_dataset):
    sources = load_sources(tiny_dataset.parent / "sources.csv")
    assert list(sources.columns) == schema.column_names(schema.SOURCE_COLUMNS)
    assert str(sources["published"].dtype) == "datetime64[ns]"
    assert pd.isna(sources.set_index("source_id").loc["rewrite-2026-01-30", "published"])
    assert list(sources["reliability"].cat.categories) == ["high", "medium", "low"]
    places = load_places(tiny_dataset.parent / "places.csv")
    assert list(places.columns) == schema.column_names(schema.PLACE_COLUMNS)
    assert str(places["longitude"].dtype) == "Float64"


def test_bad_data_raises_and_validate_false_loads_it(tiny_rows, write_dataset):
    tiny_rows["events"][2]["crowd_low"] = "lots"
    tiny_rows["events"][3]["event_type"] = "riot"
    events_csv = write_dataset(tiny_rows)
    with pytest.raises(DataValidationError) as caught:
        load(events_csv)
    assert {p.rule for p in caught.value.problems} >= {"int", "vocabulary"}
    events = load(events_csv, validate=False)
    assert pd.isna(events.loc[2, "crowd_low"]) and events.loc[2, "crowd_high"] == 999
    assert pd.isna(events.loc[3, "event_type"])


def test_validate_false_fills_a_missing_column(tiny_dataset):
    frame = pd.read_csv(tiny_dataset, dtype=str, keep_default_na=False).drop(columns="notes")
    frame.to_csv(tiny_dataset, index=False)
    events = load_events(tiny_dataset, validate=False)
    assert events["notes"].isna().all()
    assert str(events["notes"].dtype) == "string"


def test_split_list():
    series = pd.Series(["a;b", "a; b ;c", "", None, "x"], dtype="string")
    assert split_list(series).tolist() == [["a", "b"], ["a", "b", "c"], [], [], ["x"]]
    events_items = split_list(pd.Series(["tear_gas;flashbangs"])).explode()
    assert events_items.tolist() == ["tear_gas", "flashbangs"]


# --- Loading changes nothing, and the data version -----------------------------------------------


def test_loading_does_not_modify_the_files(tiny_dataset):
    files = [tiny_dataset.parent / name for name in ("events.csv", "sources.csv", "places.csv")]
    before = {f: (f.read_bytes(), os.stat(f).st_mtime_ns) for f in files}
    listing = sorted(os.listdir(tiny_dataset.parent))
    load(tiny_dataset)
    load(tiny_dataset, validate=False)
    load_sources(files[1])
    load_places(files[2])
    assert {f: (f.read_bytes(), os.stat(f).st_mtime_ns) for f in files} == before
    assert sorted(os.listdir(tiny_dataset.parent)) == listing


def test_data_version(tiny_dataset):
    files = [tiny_dataset.parent / name for name in ("events.csv", "sources.csv", "places.csv")]
    version = data_version(files)
    assert len(version) == 12 and int(version, 16) >= 0
    assert data_version(files) == version
    files[2].write_bytes(files[2].read_bytes() + b"\n")
    assert data_version(files) != version


# --- Property-based: the loader either loads or raises DataValidationError ---------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _loads_or_reports(events_csv: Path) -> None:
    """Load validated and unvalidated; anything but a clean load or DataValidationError fails."""
    for validate in (True, False):
        try:
            frame = load(events_csv, validate=validate)
        except DataValidationError as err:
            assert err.problems
            assert all(p.file and p.rule and p.message for p in err.problems)
            str(err)
        else:
            assert list(frame.columns) == schema.column_names(schema.EVENT_COLUMNS)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tiny_dataset, data):
    tiny_dataset.write_bytes(data)
    _loads_or_reports(tiny_dataset)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from('ab,;"\n\r 1-é'), max_size=300))
def test_random_csv_like_text(tiny_dataset, text):
    header = ",".join(schema.column_names(schema.EVENT_COLUMNS))
    tiny_dataset.write_text(header + "\n" + text, encoding="utf-8")
    _loads_or_reports(tiny_dataset)


def _mangle(data: bytes, how: str, position: int, junk: bytes) -> bytes:
    at = position % (len(data) + 1)
    lines = data.splitlines(keepends=True)
    line = position % len(lines)
    if how == "insert":
        return data[:at] + junk + data[at:]
    if how == "delete":
        return data[:at] + data[at + len(junk) + 1 :]
    if how == "truncate":
        return data[:at]
    if how == "duplicate_line":
        return b"".join(lines[: line + 1] + lines[line:])
    if how == "delete_line":
        return b"".join(lines[:line] + lines[line + 1 :])
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "latin1":
        return data[:at] + b"\xe9" + data[at:]
    raise AssertionError(how)


@FUZZ
@given(
    how=st.sampled_from(
        ["insert", "delete", "truncate", "duplicate_line", "delete_line", "bom", "latin1"]
    ),
    position=st.integers(min_value=0, max_value=10**6),
    junk=st.sampled_from([b'"', b",", b";", b"\n", b"\r\n", b'""', b"x", b"\x00", b"-1"]),
)
def test_mangled_valid_file(write_dataset, how, position, junk):
    events_csv = write_dataset()  # a fresh valid copy for every example
    events_csv.write_bytes(_mangle(events_csv.read_bytes(), how, position, junk))
    _loads_or_reports(events_csv)


@FUZZ
@given(
    cells=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10),
            st.sampled_from(schema.column_names(schema.EVENT_COLUMNS)),
            st.one_of(
                st.text(max_size=20),
                st.from_regex(r"\A\d{1,5}-\d{1,2}-\d{1,2}\Z"),  # dates, also impossible ones
                st.from_regex(r"\A[-+]?\d{0,25}(\.\d{0,5})?(e\d{1,3})?\Z"),  # numbers, huge ones
                st.from_regex(r"\A\d{1,3}:\d{1,3}\Z"),  # times
                st.sampled_from(["true", "false", "", " ", ";", "a;;b", "x;x"]),
            ),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_cell_values(tiny_rows, write_dataset, cells):
    rows = copy.deepcopy(tiny_rows)  # the fixture is shared by every example
    for index, column, value in cells:
        rows["events"][index][column] = value
    _loads_or_reports(write_dataset(rows))


@FUZZ
@given(text=st.text(alphabet=st.sampled_from('ab,"\n'), max_size=60))
def test_fast_and_careful_readers_agree(tmp_path_factory, text):
    """Where the fast reader accepts a file, Python's csv module reads the same cells."""
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    path.write_text("a,b\n" + text, encoding="utf-8")
    try:
        raw = read_strings(path, ["a", "b"])
    except DataValidationError:
        return
    if raw.problems:
        return
    records = list(csv.reader(io.StringIO("a,b\n" + text, newline="")))[1:]
    cells = [[raw.columns[c][i].as_py() for c in ("a", "b")] for i in range(len(raw))]
    assert cells == records
    assert list(raw.rows) == list(range(2, 2 + len(records)))
