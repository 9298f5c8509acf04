"""Read one curated CSV strictly: UTF-8 only, every cell a string, structure problems reported.

Nothing is coerced here: each cell stays the exact text of the file (an empty cell is ``""``),
so the validator sees what the curator typed. Well-formed files go through pyarrow's fast
reader; anything it rejects, or that looks wrong (a quote opened in the last cell and never
closed), is re-read with Python's ``csv`` module, which tells which spreadsheet row is broken
(and, for a quote that is never closed, the column it opened in).

Row numbers are the ones a spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import mmap
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.errors import DataValidationError, Problem

_BOM = codecs.BOM_UTF8
_FOREIGN_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
_SAVE_AS = "save it as 'CSV UTF-8' and try again"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as the csv module counts lines
_BLOCK_SIZE = 1 << 22  # pyarrow's parse chunks; fewer, larger chunks make the checks faster

Bytes = bytes | mmap.mmap


@dataclass
class RawTable:
    """The cells of one CSV file as strings, with the spreadsheet row number of every record.

    ``columns`` holds, for each expected column found in the header (first occurrence if it is
    duplicated), a pyarrow string array with no nulls: ``""`` is an empty cell. ``rows[i]`` is
    the spreadsheet row of record ``i``. ``problems`` lists structure and header problems.
    """

    path: Path
    header: list[str]
    columns: dict[str, pa.ChunkedArray]
    rows: np.ndarray
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def read_strings(path: str | Path, expected: Sequence[str]) -> RawTable:
    """Read ``path`` as a table of strings and check its header against ``expected``.

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8, with or without a byte-order mark).
    expected : sequence of str
        The column names the data dictionary defines for this file (any order).

    Returns
    -------
    RawTable
        The cells, their row numbers and every structure or header problem found
        (wrong number of fields, unterminated quote, missing/unknown/duplicated column).

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    DataValidationError
        If the file cannot be read as text at all: not UTF-8, or empty.
    """
    path = Path(path)
    with path.open("rb") as handle:  # mapped, not copied: the file can be large
        size = os.fstat(handle.fileno()).st_size
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    start = _check_encoding(path, data)
    if not data[start : start + 4096].strip() and not data[start:].strip():
        raise DataValidationError(
            [Problem(str(path), None, None, None, "csv", "the file is empty: no header row")]
        )
    parsed = _read_fast(data, start)
    if parsed is None:
        header, cells, rows, problems = _read_slow(path, data[start:].decode("utf-8"))
    else:
        header, cells = parsed
        rows = np.arange(2, 2 + (len(cells[0]) if cells else 0))
        problems = []
    problems = _header_problems(path, header, expected) + problems
    columns: dict[str, pa.ChunkedArray] = {}
    for i, name in enumerate(header):
        if name in expected and name not in columns:
            columns[name] = cells[i]
    return RawTable(path, header, columns, rows, problems)


def _check_encoding(path: Path, data: Bytes) -> int:
    """Return where the text starts (after a UTF-8 BOM); raise unless the bytes are UTF-8."""
    head = data[:4]
    for bom, name in _FOREIGN_BOMS.items():
        if head.startswith(bom):
            _encoding_error(path, f"the file is {name}-encoded, not UTF-8; {_SAVE_AS}")
    start = len(_BOM) if head.startswith(_BOM) else 0
    nul = data.find(b"\x00", start)
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        _encoding_error(
            path,
            f"the file contains NUL bytes (first on line {line}): it is UTF-16 or not a text "
            f"file; {_SAVE_AS}",
        )
    if not _is_utf8(data, start):
        try:
            data[start:].decode("utf-8")
        except UnicodeDecodeError as err:
            pos = start + err.start
            line = data[:pos].count(b"\n") + 1
            around = data[max(pos - 30, 0) : pos + 30].decode("utf-8", "replace")
            _encoding_error(
                path,
                f"the file is not valid UTF-8: byte 0x{data[pos]:02X} on line {line} "
                f"(latin-1 or Windows-1252?); {_SAVE_AS}",
                around,
            )
    return start


def _is_utf8(data: Bytes, start: int) -> bool:
    """Check UTF-8 validity with pyarrow (fast, no copy of the text)."""
    offsets = pa.py_buffer(np.array([start, len(data)], dtype=np.int64))
    text = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _encoding_error(path: Path, message: str, value: str | None = None) -> None:
    raise DataValidationError([Problem(str(path), None, None, value, "encoding", message)])


def _read_fast(data: Bytes, start: int) -> tuple[list[str], list[pa.ChunkedArray]] | None:
    """Parse with pyarrow; ``None`` when the file is not plain well-formed CSV.

    pyarrow accepts a quote that is never closed when it opens the very last cell (the cell
    then runs to the end of the file), so that one case is checked by hand.
    """
    end = data.find(b"\n", start)
    first_line = data[start : end if end >= 0 else len(data)]
    first_line = first_line[:-1] if first_line.endswith(b"\r") else first_line
    if b'"' in first_line or b"\r" in first_line:  # unusual header: let csv handle it
        return None
    header = next(csv.reader([first_line.decode("utf-8")]), [])
    if not header:
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data).slice(start)),
            read_options=pacsv.ReadOptions(
                column_names=header, skip_rows=1, block_size=_BLOCK_SIZE
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowKeyError):
        return None
    if table.num_columns != len(header) or _has_blank_line(table):
        return None
    if table.num_rows:
        last = table.column(len(header) - 1)[-1].as_py()
        unclosed = ('"' + last.replace('"', '""')).encode()
        if data[-len(unclosed) :] == unclosed:
            return None
    return header, [table.column(i) for i in range(len(header))]


def _has_blank_line(table: pa.Table) -> bool:
    """True if a record has every cell empty: pyarrow reads a blank line that way."""
    if table.num_columns < 2 or table.num_rows == 0:
        return False
    first = pc.equal(pc.binary_length(table.column(0)), 0)
    candidates = pc.indices_nonzero(pc.fill_null(first, False))
    if len(candidates) == 0:
        return False
    blank = pc.equal(pc.binary_length(table.take(candidates).column(1)), 0)
    for i in range(2, table.num_columns):
        cells = pc.take(table.column(i), candidates)
        blank = pc.and_(blank, pc.equal(pc.binary_length(cells), 0))
    return bool(pc.any(blank).as_py())


def _read_slow(
    path: Path, text: str
) -> tuple[list[str], list[pa.ChunkedArray], np.ndarray, list[Problem]]:
    """Parse with Python's csv module, reporting each malformed record with its row number."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    file = str(path)
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    problems: list[Problem] = []
    row = 0
    while True:
        first_line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            row += 1
            column = shown = None
            if "end of data" in str(err):
                field, line, shown = _unclosed_field(text, first_line)
                if header is not None and field < len(header):
                    column = header[field]
                where = "this cell" if column is not None else f"field {field + 1} of this row"
                message = (
                    f"unterminated quoted field: the '\"' that opens {where} (line {line}) is "
                    "never closed, so the cell would run to the end of the file"
                )
            else:
                message = f"malformed quoting on line {reader.line_num}: {err}"
            problems.append(Problem(file, row, column, shown, "csv", message))
            continue
        row += 1
        if header is None:
            header = record
            if not header:
                message = "the first line, which must be the header, is blank"
                problems.append(Problem(file, row, None, None, "csv", message))
            continue
        if len(record) != len(header):
            if not record:
                message = "blank line: delete it"
            else:
                message = f"expected {len(header)} fields, found {len(record)}"
            shown = ",".join(record)
            problems.append(Problem(file, row, None, shown[:80] or None, "csv", message))
            continue
        records.append(record)
        rows.append(row)
    header = header or []
    cells = [pa.chunked_array([pa.array(col, pa.string())]) for col in _transpose(records, header)]
    return header, cells, np.array(rows, dtype=np.int64), problems


def _unclosed_field(text: str, first_line: int) -> tuple[int, int, str | None]:
    """Where the quote that never closes opened: its field (from 0), its line, the cell's start.

    The record that starts on line ``first_line`` runs to the end of ``text``. Read again with
    the missing quote added at the end, its last field is the one whose quote was left open;
    that cell's text, its quotes doubled, is what follows the opening quote in the file.
    """
    lines = io.StringIO(text, newline="").readlines()
    record = "".join(lines[first_line - 1 :])
    fields = next(csv.reader(io.StringIO(record + '"', newline="")), None) or [""]
    cell = fields[-1]
    opened = len(record) - len(cell.replace('"', '""')) - 1
    line = first_line + len(_LINE_BREAK.findall(record, 0, max(opened, 0)))
    start = cell.lstrip().splitlines()[0] if cell.strip() else ""
    return len(fields) - 1, line, (start[:40] + "...") if len(start) > 40 else (start or None)


def _transpose(records: list[list[str]], header: list[str]) -> list[list[str]]:
    if not records:
        return [[] for _ in header]
    return [list(col) for col in zip(*records, strict=True)]


def _header_problems(path: Path, header: list[str], expected: Sequence[str]) -> list[Problem]:
    """Missing, unknown, unnamed and duplicated columns, each a problem in row 1."""
    file = str(path)
    problems = []
    counts = Counter(header)
    for name in expected:
        if name not in counts:
            problems.append(Problem(file, 1, name, None, "header", f"missing column {name!r}"))
    for name in counts:
        if name in expected:
            continue
        if name == "":
            message = "a column has no name (a trailing comma in the header?)"
        else:
            message = f"unknown column {name!r}: not in the data dictionary"
            close = difflib.get_close_matches(name, expected, n=1)
            if close:
                message += f" (did you mean {close[0]!r}?)"
        problems.append(Problem(file, 1, name, name, "header", message))
    for name, count in counts.items():
        if count > 1:
            message = f"column {name!r} appears {count} times"
            problems.append(Problem(file, 1, name, None, "header", message))
    return problems
