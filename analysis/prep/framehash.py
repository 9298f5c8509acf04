"""A content digest of a data frame's columns, cheap enough to compute on every chart call.

:func:`analysis.prep.aggregate.event_figures` caches its result by the content of the events it
was given. ``pandas.util.hash_pandas_object`` hashes text cell by cell (2.7 s of CPU for a
million events); this hashes the columns' memory as it is (arrow buffers, numpy arrays) with
SHA-256, which runs at about 1.5 GB/s (0.3 s for the same frame). Text columns are arrow
arrays, which never change: their digests are remembered for as long as the arrays live, so
asking again about the same frame (or a selection sharing its columns) costs a few
milliseconds per text column.

Equal digests mean equal contents (up to SHA-256 collisions). Two frames with equal contents
can still get different digests (a column stored differently, a sliced buffer): that costs a
cache miss, never a wrong answer. The row index is left out on purpose: the aggregation does
not depend on it.
"""

from __future__ import annotations

import hashlib
import weakref

import numpy as np
import pandas as pd
import pyarrow as pa


def frame_digest(frame: pd.DataFrame) -> bytes:
    """Return a SHA-256 digest of ``frame``'s column names, dtypes and values (not its index)."""
    digest = hashlib.sha256()
    digest.update(repr((len(frame), [str(c) for c in frame.columns])).encode())
    for name in frame.columns:
        column = frame[name]
        digest.update(f"\0{name}\0{column.dtype}\0".encode())
        _update(digest, column.array)
    return digest.digest()


def _update(digest: hashlib._Hash, array: object) -> None:
    if isinstance(array, pd.Categorical):
        digest.update(repr(list(array.categories)).encode())
        _update_numpy(digest, array.codes)
    elif (data := _arrow_data(array)) is not None:
        digest.update(_arrow_digest(data))
    elif isinstance(array, pd.api.extensions.ExtensionArray) and hasattr(array, "__arrow_array__"):
        _update_arrow(digest, pa.array(array))
    else:
        values = np.asarray(array)
        if values.dtype == object:  # plain Python objects: hash them by value
            values = pd.util.hash_pandas_object(pd.Series(values), index=False).to_numpy()
        _update_numpy(digest, values)


def _update_numpy(digest: hashlib._Hash, values: np.ndarray) -> None:
    digest.update(str(values.dtype).encode())
    digest.update(np.ascontiguousarray(values).view(np.uint8).reshape(-1))


#: Digests of arrow columns by the identity of their (immutable) arrow data: id -> (weak
#: reference, digest). Arrow arrays never change, and pandas replaces a column's arrow data
#: when a cell is set, so a live object with the same id always has the same content.
_ARROW_DIGESTS: dict[int, tuple[weakref.ref, bytes]] = {}
_ARROW_DIGESTS_SIZE = 4096


def _arrow_data(array: object) -> pa.ChunkedArray | None:
    """The arrow data behind an arrow-backed pandas array (None if not reachable)."""
    data = getattr(array, "_pa_array", None)  # pandas' ArrowExtensionArray storage
    return data if isinstance(data, pa.ChunkedArray) else None


def _arrow_digest(data: pa.ChunkedArray) -> bytes:
    known = _ARROW_DIGESTS.get(id(data))
    if known is not None and known[0]() is data:
        return known[1]
    digest = hashlib.sha256()
    _update_arrow(digest, data)
    value = digest.digest()
    if len(_ARROW_DIGESTS) >= _ARROW_DIGESTS_SIZE:  # forget the dead, then the oldest
        for key in [k for k, (ref, _) in _ARROW_DIGESTS.items() if ref() is None]:
            del _ARROW_DIGESTS[key]
        while len(_ARROW_DIGESTS) >= _ARROW_DIGESTS_SIZE:
            del _ARROW_DIGESTS[next(iter(_ARROW_DIGESTS))]
    _ARROW_DIGESTS[id(data)] = (weakref.ref(data), value)
    return value


def forget_digests() -> None:
    """Forget the remembered digests of arrow columns."""
    _ARROW_DIGESTS.clear()


def _update_arrow(digest: hashlib._Hash, array: pa.Array | pa.ChunkedArray) -> None:
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    for chunk in chunks:
        if chunk.offset or chunk.nbytes < chunk.get_total_buffer_size() // 2:
            chunk = pa.concat_arrays([chunk])  # a slice: hash its own bytes, not its parent's
        digest.update(repr((str(chunk.type), chunk.offset, len(chunk), chunk.null_count)).encode())
        for buffer in chunk.buffers():
            digest.update(b"-" if buffer is None else memoryview(buffer))
