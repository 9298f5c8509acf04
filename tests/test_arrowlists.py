"""Per-group text joins with pyarrow agree with the plain Python definition, item for item."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from analysis.prep.arrowlists import join_per_owner, split_unique_per_owner, to_arrow_strings

# Cells as they occur in ``;`` lists: items with stray spaces, empty items, missing cells.
_ITEM = st.sampled_from(["a", "b", " a", "c ", "", " ", "source-1", "ß"])
_CELL = st.one_of(st.none(), st.lists(_ITEM, max_size=4).map(";".join))
_CELLS = st.lists(_CELL, max_size=30)


def _owners(draw_sizes: list[int]) -> np.ndarray:
    return np.repeat(np.arange(len(draw_sizes)), draw_sizes)


@st.composite
def grouped_cells(draw: st.DrawFn) -> tuple[list[str | None], np.ndarray, int]:
    cells = draw(_CELLS)
    # Split the cells into consecutive groups, some of them empty.
    cuts = sorted(draw(st.lists(st.integers(0, len(cells)), max_size=5)))
    bounds = [0, *cuts, len(cells)]
    sizes = [b - a for a, b in itertools.pairwise(bounds)]
    return cells, _owners(sizes), len(sizes)


def _reference_split_unique(cells, owner, n, rename):
    first: list[str] = []
    joined: list[str] = []
    for group in range(n):
        items: list[str] = []
        for cell, o in zip(cells, owner, strict=True):
            if o == group and cell is not None:
                items += [rename.get(i.strip(), i.strip()) for i in cell.split(";") if i.strip()]
        unique = list(dict.fromkeys(items))
        first.append(items[0] if items else rename.get("", ""))
        joined.append(";".join(unique))
    return first, joined


@given(grouped_cells(), st.booleans())
def test_split_unique_matches_python(case, renamed: bool) -> None:
    cells, owner, n = case
    rename = {"a": "Alpha", "c": "Alpha", "": "(none)"} if renamed else {}
    first, joined = split_unique_per_owner(
        pa.array(cells, type=pa.string()), owner, n, ";", rename=rename
    )
    expected_first, expected_joined = _reference_split_unique(cells, owner, n, rename)
    assert list(first) == expected_first
    assert joined.to_pylist() == expected_joined


@given(grouped_cells(), st.booleans())
def test_join_per_owner_matches_python(case, skip_empty: bool) -> None:
    cells, owner, n = case
    joined = join_per_owner(
        pa.array(cells, type=pa.string()), owner, n, " | ", skip_empty=skip_empty
    )
    expected = [
        " | ".join(
            c
            for c, o in zip(cells, owner, strict=True)
            if o == g and c is not None and (c or not skip_empty)
        )
        for g in range(n)
    ]
    assert joined.to_pylist() == expected


def test_to_arrow_strings_takes_any_text_column() -> None:
    for values in (
        pd.Series(["x", None, "z"], dtype="string"),
        pd.Series(["x", None, "z"], dtype=object),
        pd.Series(["x", None, "z"], dtype="string[python]"),
    ):
        assert to_arrow_strings(values).to_pylist() == ["x", None, "z"]
