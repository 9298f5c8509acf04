"""Skip redrawing an exported chart whose inputs and files did not change.

Drawing a chart and writing it as PNG, SVG and PDF costs about a second per file; its inputs
(the chart specification with its marks already aggregated, its words and the export settings)
cost a small fraction of that to work out. :func:`inputs_key` hashes those inputs together with
the version of the code that draws them (:func:`drawing_code_version`); :func:`write_record`
keeps that key beside the files, in ``.<unit>.export.json``, with each file's own SHA-256.
:func:`unchanged` is true only when the key is the same and every file is present with the
bytes the export wrote: a missing file, a file changed by hand or any changed input means
the chart is drawn again.

The hash is of plain values only (:func:`feed`): data classes field by field, frames column by
column, floats exactly. Anything else raises :class:`Unhashable`, and the caller then draws
without a record rather than trust a ``repr`` that could hide a change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis.publish.atomic import write_text_atomic

#: Version of the record's layout: a record of another version is not trusted.
RECORD_VERSION = 1
_RECORD = ".{unit}.export.json"
#: Folders (under ``analysis/``) whose sources draw an exported chart or decide what it holds.
CODE_DIRS = ("charts", "spec", "publish")


class Unhashable(TypeError):
    """Raised for a value :func:`feed` has no exact encoding for."""


def record_path(out: Path, unit: str) -> Path:
    """Where the record of export unit ``unit`` (a chart at one size) is kept in ``out``."""
    return out / _RECORD.format(unit=unit)


def feed(h: Any, value: object) -> None:
    """Add an exact, type-tagged encoding of ``value`` to the hash object ``h``."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        h.update(b"N" + repr(value).encode())
    elif isinstance(value, bool):
        h.update(b"B1" if value else b"B0")
    elif isinstance(value, enum.Enum):
        h.update(b"E" + type(value).__qualname__.encode())
        feed(h, value.value)
    elif isinstance(value, np.generic):
        feed(h, value.item())
    elif isinstance(value, int):
        h.update(b"I%d;" % value)
    elif isinstance(value, float):
        h.update(b"F" + (b"nan" if math.isnan(value) else value.hex().encode()) + b";")
    elif isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        h.update(b"S%d:" % len(data) + data)
    elif isinstance(value, bytes):
        h.update(b"Y%d:" % len(value) + value)
    elif isinstance(value, pd.Timestamp | pd.Timedelta | dt.date | dt.datetime | dt.timedelta):
        h.update(b"T" + type(value).__name__.encode() + str(value).encode() + b";")
    elif isinstance(value, tuple | list):
        h.update(b"L%d(" % len(value))
        for item in value:
            feed(h, item)
        h.update(b")")
    elif isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            k = hashlib.sha256()
            feed(k, key)
            items.append((k.digest(), item))
        h.update(b"D%d(" % len(items))
        for digest, item in sorted(items, key=lambda pair: pair[0]):
            h.update(digest)
            feed(h, item)
        h.update(b")")
    elif isinstance(value, set | frozenset):
        feed(h, {item: None for item in value})
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(b"C" + type(value).__qualname__.encode() + b"(")
        for f in dataclasses.fields(value):
            h.update(f.name.encode() + b"=")
            feed(h, getattr(value, f.name))
        h.update(b")")
    elif isinstance(value, np.ndarray):
        h.update(b"A" + value.dtype.str.encode() + repr(value.shape).encode())
        if value.dtype.hasobject:
            feed(h, value.ravel().tolist())
        else:
            h.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, pd.DataFrame):
        h.update(b"P%d(" % value.shape[1])
        feed(h, value.index)
        for position in range(value.shape[1]):
            feed(h, value.columns[position])
            _feed_values(h, value.iloc[:, position])
        h.update(b")")
    elif isinstance(value, pd.Series):
        h.update(b"R")
        feed(h, value.name)
        feed(h, value.index)
        _feed_values(h, value)
    elif isinstance(value, pd.Index):
        h.update(b"X")
        _feed_values(h, value)
    else:
        raise Unhashable(f"no exact encoding for a {type(value).__qualname__}")


def _feed_values(h: Any, values: Any) -> None:
    """A column's dtype and values: pandas' own stable row hashes, element by element for
    objects it cannot hash (lists, mixed types)."""
    import pandas as pd

    h.update(b"V" + str(values.dtype).encode() + b"%d:" % len(values))
    try:
        hashed = pd.util.hash_pandas_object(pd.Series(values, copy=False), index=False)
    except TypeError:
        feed(h, list(values))
    else:
        h.update(hashed.to_numpy().tobytes())


@functools.cache
def drawing_code_version() -> str:
    """A hash of everything besides the inputs that decides an exported file's bytes: the
    sources of the modules that specify, draw and export charts, and the versions of the
    package and of the libraries that write the files."""
    import fontTools
    import matplotlib
    import numpy
    import PIL

    import analysis

    h = hashlib.sha256()
    versions = (analysis.__version__, matplotlib.__version__, numpy.__version__)
    feed(h, (*versions, PIL.__version__, fontTools.version))
    root = Path(analysis.__file__).resolve().parent
    for folder in CODE_DIRS:
        for path in sorted((root / folder).glob("*.py")):
            feed(h, (f"{folder}/{path.name}", path.read_bytes()))
    return h.hexdigest()


def inputs_key(*inputs: object) -> str | None:
    """The key of one export: ``inputs`` (specification, words, settings) and the drawing
    code's version; None when an input has no exact encoding (then nothing is skipped)."""
    h = hashlib.sha256()
    try:
        feed(h, (RECORD_VERSION, drawing_code_version(), inputs))
    except Unhashable:
        return None
    return h.hexdigest()


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unchanged(out: Path, unit: str, key: str | None, paths: Iterable[Path]) -> bool:
    """Whether ``unit``'s record in ``out`` holds ``key`` and lists exactly ``paths``, each
    present with the bytes written then."""
    if key is None:
        return False
    try:
        record = json.loads(record_path(out, unit).read_text(encoding="utf-8"))
        files = record["files"]
        if record.get("version") != RECORD_VERSION or record.get("key") != key:
            return False
        if not isinstance(files, dict) or set(files) != {p.name for p in paths}:
            return False
        return all(p.is_file() and file_hash(p) == files[p.name] for p in paths)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def write_record(out: Path, unit: str, key: str | None, paths: Iterable[Path]) -> Path | None:
    """Keep ``key`` and the hash of each of ``paths`` as ``unit``'s record; with no key,
    remove an older record (the files no longer match it) and return None."""
    target = record_path(out, unit)
    if key is None:
        target.unlink(missing_ok=True)
        return None
    files = {p.name: file_hash(p) for p in paths}
    record = {"version": RECORD_VERSION, "key": key, "files": dict(sorted(files.items()))}
    return write_text_atomic(target, json.dumps(record, indent=1) + "\n")
