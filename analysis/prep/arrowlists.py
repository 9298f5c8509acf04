"""Join, split and de-duplicate text per group with pyarrow, for frames of a million rows.

:func:`analysis.prep.aggregate.event_figures` merges rows into events: it joins the sources'
wordings of a dispute group, the ``;``-separated source lists of its rows, and maps source ids
to publishers. Done with a Python function per group (or per row) this dominated the run time
at scale; here the text goes through pyarrow compute once and only the distinct list items
(a few thousand, not one per row) pass through Python.

Every function takes values in row order with ``owner``: for each value, the number of the
group it belongs to (0 .. ``n_owners`` - 1), **non-decreasing**, so that each group's values
are contiguous and in their original order.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def to_arrow_strings(values: pd.Series | pd.api.extensions.ExtensionArray) -> pa.Array:
    """Return a column of text as one pyarrow string array (NA as null), without copying
    where the column is already arrow-backed."""
    array = values.array if isinstance(values, pd.Series) else values
    if isinstance(array.dtype, pd.StringDtype) and array.dtype.storage == "pyarrow":
        arrow = pa.array(array)
    else:
        objects = (
            pd.Series(array, copy=False).astype("string").to_numpy(dtype=object, na_value=None)
        )
        arrow = pa.array(objects, type=pa.string())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    return arrow.cast(pa.string()) if arrow.type != pa.string() else arrow


def _offsets(owner: np.ndarray, n_owners: int) -> pa.Array:
    counts = np.bincount(owner, minlength=n_owners) if len(owner) else np.zeros(n_owners, int)
    return pa.array(np.concatenate([[0], np.cumsum(counts)]), type=pa.int64())


def join_per_owner(
    values: pa.Array, owner: np.ndarray, n_owners: int, sep: str, *, skip_empty: bool = True
) -> pa.Array:
    """Join each group's values with ``sep``, skipping nulls (and empty strings if asked).

    A group without any value gets "".
    """
    keep = pc.is_valid(values)
    if skip_empty:
        keep = pc.and_kleene(keep, pc.not_equal(values, ""))  # false, not null, for nulls
    keep_np = keep.to_numpy(zero_copy_only=False).astype(bool)
    lists = pa.LargeListArray.from_arrays(_offsets(owner[keep_np], n_owners), values.filter(keep))
    return pc.binary_join(lists, sep)


def split_unique_per_owner(
    values: pa.Array,
    owner: np.ndarray,
    n_owners: int,
    sep: str,
    *,
    rename: Mapping[str, str] | None = None,
) -> tuple[np.ndarray, pa.Array]:
    """Split each value on ``sep`` and gather each group's distinct items, in first-seen order.

    Items are stripped of whitespace, empty ones dropped, then renamed through ``rename``
    (items missing from it stay as they are) before duplicates are removed.

    Returns
    -------
    first : numpy.ndarray of object
        Each group's first item, or ``rename.get("", "")`` for a group without any.
    joined : pyarrow.Array
        Each group's distinct items joined with ``sep`` ("" for none).
    """
    lists = pc.split_pattern(values, sep)
    value_of_item = pc.list_parent_indices(lists).to_numpy()
    encoded = lists.flatten().dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    rename = rename or {}
    # Only the distinct raw items go through Python: strip, rename.
    stripped = [str(v).strip() for v in encoded.dictionary.to_pylist()]
    names, name_codes = np.unique(
        np.array([rename.get(v, v) for v in stripped] or [""], dtype=object), return_inverse=True
    )
    kept = np.array([bool(v) for v in stripped], dtype=bool)[codes]
    item_owner = owner[value_of_item[kept]]
    item_name = name_codes.reshape(-1)[codes[kept]]
    # Groups are non-decreasing in item order, so a group's first item is where it changes.
    starts = np.flatnonzero(np.diff(item_owner, prepend=-1)) if len(item_owner) else item_owner
    first = np.full(n_owners, -1, dtype=np.int64)
    first[item_owner[starts]] = item_name[starts]
    first_names = np.where(first >= 0, names[np.maximum(first, 0)], rename.get("", ""))
    # Distinct (group, name) pairs, kept at their first appearance: still grouped, in order.
    pair = pd.Series(item_owner.astype(np.int64) * len(names) + item_name)
    distinct = ~pair.duplicated().to_numpy()
    lists_out = pa.LargeListArray.from_arrays(
        _offsets(item_owner[distinct], n_owners),
        pa.array(names.astype(str).tolist(), type=pa.string()).take(pa.array(item_name[distinct])),
    )
    return first_names, pc.binary_join(lists_out, sep)


def first_item(values: pa.Array, sep: str) -> pa.Array:
    """Per value, its first ``sep``-separated item, stripped (null where there is none)."""
    first = pc.list_element(pc.split_pattern(values, sep, max_splits=1), 0)
    return pc.utf8_trim_whitespace(first)


def per_distinct(values: pa.Array, function: object, dtype: type = bool) -> np.ndarray:
    """``function`` of each value, computed once per distinct value (nulls give False/0)."""
    encoded = values.dictionary_encode()
    results = np.array(
        [function(v) for v in encoded.dictionary.to_pylist()] or [dtype()], dtype=dtype
    )
    indices = encoded.indices
    valid = pc.is_valid(indices).to_numpy(zero_copy_only=False)
    codes = pc.fill_null(indices, 0).to_numpy(zero_copy_only=False)
    return np.where(valid, results[codes], dtype())
