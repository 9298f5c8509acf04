"""Small caches of data frames keyed by content, for work that charts ask for again and again.

A report draws several charts from one selection, and each chart, its alt text and its notes
line select the same scope and merge the same rows into events. At a million rows each of
those costs seconds, so :func:`analysis.prep.select.select_events` and
:func:`analysis.prep.aggregate.event_figures` keep their recent results here, keyed by
:func:`analysis.prep.framehash.frame_digest` of their inputs.

A cache holds at most ``size`` frames and, beyond the newest one, at most ``max_rows`` rows in
all (about 700 MB per million aggregated rows); the least recently used go first. Frames are
handed out as copy-on-write copies (pandas 3), so a caller changing one leaves the cache alone.
"""

from __future__ import annotations

import collections
from collections.abc import Hashable

import pandas as pd

_CACHES: list[FrameCache] = []


class FrameCache:
    """Least-recently-used frames by key, bounded by count and by total rows."""

    def __init__(self, size: int, max_rows: int) -> None:
        self.size, self.max_rows = size, max_rows
        self._frames: collections.OrderedDict[Hashable, pd.DataFrame] = collections.OrderedDict()
        _CACHES.append(self)

    def __len__(self) -> int:
        return len(self._frames)

    def get(self, key: Hashable) -> pd.DataFrame | None:
        """A copy of the frame stored under ``key``, or None."""
        frame = self._frames.get(key)
        if frame is None:
            return None
        self._frames.move_to_end(key)
        return frame.copy(deep=False)

    def put(self, key: Hashable, frame: pd.DataFrame) -> pd.DataFrame:
        """Store ``frame`` under ``key``, evict beyond the bounds, and return a copy of it."""
        self._frames[key] = frame
        self._frames.move_to_end(key)
        while len(self._frames) > 1 and (
            len(self._frames) > self.size or sum(map(len, self._frames.values())) > self.max_rows
        ):
            self._frames.popitem(last=False)
        return frame.copy(deep=False)

    def clear(self) -> None:
        """Forget every frame."""
        self._frames.clear()


def clear_all() -> None:
    """Forget every cached frame and remembered digest (benchmarks time cold calls)."""
    from analysis.prep import framehash

    for cache in _CACHES:
        cache.clear()
    framehash.forget_digests()
