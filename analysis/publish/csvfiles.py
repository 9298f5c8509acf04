"""Write tables as CSV files that are safe to open in a spreadsheet ("CSV injection", OWASP).

Google Sheets, Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula (``=IMPORTDATA(...)`` sends data out, ``=HYPERLINK(...)`` phishes), and a leading tab
or carriage return can hide such a cell. TimelineJS users load their sheet through Google
Sheets, and the chart pages offer their data as CSV, so every CSV the project writes goes
through :func:`write_csv`: text cells that begin with one of those characters get a leading
single quote, as OWASP recommends, which spreadsheets read as "this is text" and do not show.
Numbers stay numbers: numeric columns are written as they are, and so is text that is exactly a
decimal number (``-5``, ``-118.2437``), which a spreadsheet reads as a number, not a formula.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.publish.atomic import write_text_atomic

if TYPE_CHECKING:
    import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Text that is exactly a decimal number: a spreadsheet reads it as that number, never a formula.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise(value: object) -> object:
    """Return one cell's value safe to open in a spreadsheet.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'`` (OWASP's recommendation), unless it is exactly a decimal number such as ``"-5"``.
    Anything that is not text (numbers, dates, missing values) is returned unchanged.

    >>> neutralise("=IMPORTDATA(A1)"), neutralise("-5"), neutralise(-5), neutralise("Paramount")
    ("'=IMPORTDATA(A1)", '-5', -5, 'Paramount')
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS):
        return value
    return value if _NUMBER.fullmatch(value) else "'" + value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell neutralised; numeric, boolean and date columns untouched."""
    from pandas.api import types

    safe = frame.copy(deep=False)
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        if types.is_numeric_dtype(values.dtype) or types.is_datetime64_any_dtype(values.dtype):
            continue
        cells = values.astype(object)
        # only the cells whose text starts with a trigger can change: find them vectorised
        # (a million cells in well under a second), then neutralise those one by one
        text = values.astype("string")
        risky = text.str.startswith(FORMULA_TRIGGERS).fillna(False).to_numpy(bool)
        if risky.any():
            cells = cells.copy()
            cells[risky] = [neutralise(v) for v in cells[risky]]
        safe.isetitem(position, cells)
    return safe


def csv_text(frame: pd.DataFrame) -> str:
    """Return ``frame`` as CSV text (RFC 4180): a header row, no index, quoted where needed.

    Text cells (and the header) are neutralised with :func:`neutralise`; missing values are
    empty cells; numbers are written as numbers. Lines end with ``\\r\\n`` as RFC 4180 says:
    Python's CSV writer quotes a cell only when it holds a character of the line end, so with
    ``\\n`` alone a carriage return inside a cell would split its row in a spreadsheet.
    """
    header = [str(neutralise(str(name))) for name in frame.columns]
    return _safe_frame(frame).to_csv(index=False, header=header, lineterminator="\r\n")


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`csv_text` of ``frame`` to ``path`` (UTF-8) atomically; return the path.

    The file is written beside ``path`` and moved into place only when complete, so a reader
    never sees half a file and a failure leaves the previous file as it was. The folder is
    created if needed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its index is not written (use ``reset_index()`` to keep it).
    path : str or Path
        The CSV file to write.

    Returns
    -------
    Path
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(target, csv_text(frame))
