"""How reliable the sources of each row and event are, and whom they name.

Every row's ``source_ids`` lists its sources, the first being its main source. Here, each
worked out once per selection with pyarrow compute: the sources each event cites
(:class:`SourceItems`: whether it rests only on some of them, which publishers a panel cites),
the reliability rank of each row's main source (:func:`row_preference`: a dispute group is told
after its most reliable row), and how many rows rest on a low-reliability main source
(:func:`low_main_source`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.data import schema
from analysis.prep.arrowlists import first_item, to_arrow_strings


class SourceItems:
    """The sources each event cites, split once: whom its figures rest on, whom a line names.

    Every event's ``;``-separated ``source_ids`` are split and their distinct items numbered
    in one pass of pyarrow compute; reliability and publisher questions are then counts.
    """

    def __init__(self, source_ids: pd.Series) -> None:
        lists = pc.split_pattern(to_arrow_strings(source_ids), schema.LIST_SEP)
        self.n = len(source_ids)
        self.parent = pc.list_parent_indices(lists).to_numpy()
        encoded = pc.utf8_trim_whitespace(pc.list_flatten(lists)).dictionary_encode()
        self.names = [str(v) for v in encoded.dictionary.to_pylist()]
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self.present = np.array([bool(v) for v in self.names] or [False], dtype=bool)[self.codes]

    def only(self, members: set[str]) -> np.ndarray:
        """Per event: it cites at least one source, and every one is in ``members``."""
        member = np.array([v in members for v in self.names] or [False], dtype=bool)[self.codes]
        n_items = np.bincount(self.parent[self.present], minlength=self.n)
        n_members = np.bincount(self.parent[self.present & member], minlength=self.n)
        return (n_items > 0) & (n_items == n_members)

    def publishers(self, events: np.ndarray, names: Mapping[str, str]) -> tuple[str, ...]:
        """Publishers cited by the ``events`` (a mask), most-cited first (ties alphabetical)."""
        picked = self.present & events[self.parent]
        tally = np.bincount(self.codes[picked], minlength=len(self.names))
        counts: dict[str, int] = {}
        for code in np.flatnonzero(tally):
            publisher = names.get(self.names[code], self.names[code])
            counts[publisher] = counts.get(publisher, 0) + int(tally[code])
        return tuple(sorted(counts, key=lambda p: (-counts[p], p)))


def row_preference(rows: pd.DataFrame, sources: pd.DataFrame) -> np.ndarray:
    """Per row, the reliability rank of its main source (0 high, 1 medium, 2 low, 3 unknown).

    A dispute group is named and described after its row resting on the most reliable source.
    """
    order = list(schema.RELIABILITY)  # best first
    ids = sources["source_id"].astype(str).tolist()
    rank_of = np.array(
        [order.index(str(r)) if str(r) in order else len(order) for r in sources["reliability"]]
        + [len(order)]
    )
    main = first_item(to_arrow_strings(rows["source_ids"]), schema.LIST_SEP)
    where = pc.index_in(main, value_set=pa.array(ids, type=pa.string()))
    where = pc.fill_null(where, len(ids)).to_numpy(zero_copy_only=False)
    return rank_of[where]


def low_main_source(source_ids: pd.Series, sources: pd.DataFrame) -> int:
    """How many rows rest on a low-reliability main source (the first of their sources)."""
    low = sources.loc[sources["reliability"].astype("string") == "low", "source_id"]
    main = first_item(to_arrow_strings(source_ids), schema.LIST_SEP)
    value_set = pa.array(low.astype(str).tolist(), type=pa.string())  # typed even when empty
    return int(pc.sum(pc.is_in(main, value_set=value_set)).as_py() or 0)
