"""Formula-safe CSV files: no cell runs as a spreadsheet formula, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.publish.csvfiles import FORMULA_TRIGGERS, csv_text, neutralise, write_csv

#: Text a CSV can carry: any character but NUL and lone surrogates (not encodable as UTF-8).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and "_" not in text and text.isascii()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=IMPORTDATA(A1)", "'=IMPORTDATA(A1)"),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-5", "-5"),
        ("+5", "+5"),
        ("-118.2437", "-118.2437"),
        ("-1e5", "-1e5"),
        ("- 5", "'- 5"),
        ("Paramount", "Paramount"),
        (" =1+1", " =1+1"),
        ("", ""),
        (-5, -5),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@given(TEXT)
def test_no_neutralised_text_starts_a_formula(text):
    safe = neutralise(text)
    assert safe in (text, "'" + text)  # nothing lost: strip the quote to get the text back
    assert not str(safe).startswith(FORMULA_TRIGGERS) or is_number(str(safe))


@given(
    st.lists(
        st.tuples(TEXT, st.integers(-(10**12), 10**12), st.floats(allow_nan=False, width=64)),
        min_size=1,
        max_size=20,
    )
)
def test_csv_round_trip_keeps_numbers_and_neutralises_every_text_cell(rows):
    frame = pd.DataFrame(rows, columns=["text", "count", "share"])
    frame["count"] = frame["count"].astype("Int64")
    parsed = read_back(csv_text(frame))
    assert parsed[0] == ["text", "count", "share"]
    for (text, count, share), cells in zip(rows, parsed[1:], strict=True):
        assert cells[0] == neutralise(text)
        assert not cells[0].startswith(FORMULA_TRIGGERS) or is_number(cells[0])
        assert cells[1] == str(count)  # "-5" as a number stays -5
        assert float(cells[2]) == share


def test_header_missing_values_and_other_column_types():
    frame = pd.DataFrame(
        {
            "=name": pd.Series(["=1+1", None, "ok"], dtype="string"),
            "level": pd.Categorical(["@federal", "city", None]),
            "when": pd.to_datetime(["2025-06-07", "2026-01-30", None]),
            "low": pd.array([-5, None, 3], dtype="Int64"),
            "flag": pd.array([True, False, None], dtype="boolean"),
            "mixed": pd.Series([-1, "-x", 2.5], dtype=object),
        }
    )
    parsed = read_back(csv_text(frame))
    assert parsed == [
        ["'=name", "level", "when", "low", "flag", "mixed"],
        ["'=1+1", "'@federal", "2025-06-07", "-5", "True", "-1"],
        ["", "city", "2026-01-30", "", "False", "'-x"],
        ["ok", "", "", "3", "", "2.5"],
    ]


def test_write_csv_is_atomic_and_makes_the_folder(tmp_path):
    frame = pd.DataFrame({"headline": ["=IMPORTDATA(A1)"], "n": [1]})
    target = tmp_path / "out" / "data.csv"
    assert write_csv(frame, target) == target
    assert target.read_bytes() == b"headline,n\r\n'=IMPORTDATA(A1),1\r\n"
    assert [p.name for p in target.parent.iterdir()] == ["data.csv"]  # no temporary file left
