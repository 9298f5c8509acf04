"""Write a file atomically: into a temporary file beside it, then moved into place.

A reader never sees half a file, a crash or an error leaves the previous file as it was, and a
symbolic link at the target is replaced, not followed (so a planted link cannot redirect the
write). Standard library only, so that the report runner can use it without loading the
charting stack; :mod:`analysis.publish.export` re-exports both functions.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path`` for binary writing; move it into place on success.

    The temporary file is in the same directory, so :func:`os.replace` is atomic; on an
    exception it is deleted and ``path`` is left as it was.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; returns the path."""
    with atomic_open(Path(path)) as handle:
        handle.write(text.encode("utf-8"))
    return Path(path)
