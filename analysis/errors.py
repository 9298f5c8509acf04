"""The exceptions the project raises for bad input: each names file, row, column, value and rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One failed rule in one cell (or one row, or the whole file).

    ``row`` is the row number as a spreadsheet shows it (the header is row 1, the first
    record row 2); ``None`` for a file-level problem. ``column`` is ``None`` for a row-level one.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = Path(self.file).name
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = "" if self.value is None else f" (value: {self.value!r})"
        return f"{where}: [{self.rule}] {self.message}{shown}"


class DataValidationError(ValueError):
    """Raised when a curated CSV breaks the data dictionary; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))

    def _render_traceback_(self) -> list[str]:
        """How IPython shows it in a notebook: the problems, not a traceback."""
        return f"{type(self).__name__}: {self}".splitlines()


class ParameterError(ValueError):
    """Raised for a bad report or chart parameter (unknown city, end before start, ...)."""

    def _render_traceback_(self) -> list[str]:
        """How IPython shows it in a notebook: one line saying what to fix, not a traceback.

        The message names the parameter, the value and what is accepted; the code that found
        it is of no help to a reporter running a report (``%debug`` still has the traceback).
        """
        return [f"{type(self).__name__}: {self}"]
