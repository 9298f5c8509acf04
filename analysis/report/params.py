"""Check report parameters before anything runs: dates, cities, event types, scope, names.

papermill injects parameters as plain values (dates arrive as strings, a single city may arrive as
a string) and only warns about a parameter the notebook does not have. The notebooks call
:func:`check_parameters` first, and the runner calls it, together with
:func:`check_parameter_names`, before it starts any kernel, so a typo fails in a second with a
message saying what is wrong instead of a traceback minutes later.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.data import schema
from analysis.errors import ParameterError
from analysis.fmt import format_day
from analysis.prep.facts import Selection
from analysis.prep.select import (
    EVENT_TYPE_GROUPS,
    as_list,
    check_choices,
    parse_date,
    select_events,
)

if TYPE_CHECKING:
    import pandas as pd

#: Parameters whose values :func:`check_parameters` understands.
CHECKED_PARAMETERS = ("start_date", "end_date", "cities", "event_types", "scope")


@dataclass(frozen=True)
class ReportParameters:
    """Checked report parameters, spelled as in the data; ``None`` means "no restriction".

    Attributes
    ----------
    start, end : pandas.Timestamp or None
        First and last day, inclusive.
    cities, event_types, scopes : list of str or None
        Values to keep (event-type groups such as "protests" already expanded).
    """

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    cities: list[str] | None = None
    event_types: list[str] | None = None
    scopes: list[str] | None = None

    def select(self, events: pd.DataFrame) -> pd.DataFrame:
        """The events these parameters select (:func:`analysis.prep.select.select_events`)."""
        return select_events(
            events,
            start=self.start,
            end=self.end,
            cities=self.cities,
            event_types=self.event_types,
            scopes=self.scopes,
        )

    def selection(self) -> Selection:
        """These parameters as the selection of a facts model (the charts' default choices)."""
        return Selection(
            start=self.start,
            end=self.end,
            cities=tuple(self.cities) if self.cities else None,
            event_types=tuple(self.event_types) if self.event_types else None,
            scopes=tuple(self.scopes) if self.scopes else None,
        )

    def describe(self) -> str:
        """Return the selection in one plain-language line, for a report's subtitle."""
        if self.start is not None and self.end is not None:
            period = f"{format_day(self.start)} to {format_day(self.end)}"
        elif self.start is not None:
            period = f"from {format_day(self.start)}"
        elif self.end is not None:
            period = f"up to {format_day(self.end)}"
        else:
            period = "the whole timeline"
        parts = [period]
        if self.cities:
            parts.append("cities: " + ", ".join(self.cities))
        if self.event_types:
            parts.append("event types: " + ", ".join(t.replace("_", " ") for t in self.event_types))
        if self.scopes:
            parts.append("scope: " + ", ".join(self.scopes))
        return "; ".join(parts)


def check_parameters(
    events: pd.DataFrame | None = None,
    *,
    start_date: Any = None,
    end_date: Any = None,
    cities: Any = None,
    event_types: Any = None,
    scope: Any = None,
) -> ReportParameters:
    """Parse and check report parameters against the vocabularies and, if given, the data.

    Parameters
    ----------
    events : pandas.DataFrame, optional
        The loaded events. With it, cities are checked against its ``city`` column and a
        selection that matches no event is refused (an empty report helps nobody).
    start_date, end_date : str, datetime.date or None
        First and last day, ``YYYY-MM-DD`` (papermill passes strings); ``None`` for open-ended.
    cities : list of str, str or None
        Cities as spelled in the data (case is ignored); ``None`` for all.
    event_types : list of str, str or None
        Values of ``schema.EVENT_TYPES`` or the groups "protests" and "responses"; ``None`` for
        all.
    scope : list of str, str or None
        Values of ``schema.SCOPE`` (local, regional, national); ``None`` for all.

    Returns
    -------
    ReportParameters

    Raises
    ------
    ParameterError
        With a message naming the parameter, the bad value and the accepted values.
    """
    start = None if start_date in (None, "") else parse_date(start_date, name="start_date")
    end = None if end_date in (None, "") else parse_date(end_date, name="end_date")
    if start is not None and end is not None and end < start:
        raise ParameterError(
            f"end_date ({end:%Y-%m-%d}) is before start_date ({start:%Y-%m-%d}); "
            "swap them or widen the range"
        )
    for name, day in (("start_date", start), ("end_date", end)):
        if day is not None and not schema.DATE_MIN <= day.date() <= schema.DATE_MAX:
            raise ParameterError(
                f"{name} ({day:%Y-%m-%d}) is outside the timeline's window "
                f"({schema.DATE_MIN.isoformat()} to {schema.DATE_MAX.isoformat()})"
            )
    if events is None:  # nothing to check city names against: only their form
        city_values = as_list(cities, name="cities")
    else:
        city_values = check_choices(
            cities, events["city"].dropna().astype(str).unique(), name="cities"
        )
    checked = ReportParameters(
        start=start,
        end=end,
        cities=city_values,
        event_types=check_choices(
            event_types, schema.EVENT_TYPES, name="event_types", aliases=EVENT_TYPE_GROUPS
        ),
        scopes=check_choices(scope, schema.SCOPE, name="scope"),
    )
    if events is not None and checked.select(events).empty:
        raise ParameterError(
            f"no event matches these parameters ({checked.describe()}); widen the selection"
        )
    return checked


def notebook_parameter_names(notebook: Path | str) -> dict[str, str]:
    """Return the parameters a notebook declares in its ``parameters`` cell, with their help text.

    The names papermill's ``inspect_notebook`` (``papermill --help-notebook``) finds: every
    variable assigned at the top level of the first code cell tagged ``parameters``, with the
    comment at the end of its line as help. Read with the standard library (``json``, ``ast``)
    because importing papermill costs the runner half a second before any report can start;
    ``tests/test_notebooks.py`` checks that both agree on every notebook.
    """
    import ast
    import json

    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            break
    else:
        return {}
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in found:
                line = lines[node.lineno - 1]
                comment = (
                    line[node.end_col_offset :].partition("#")[2]
                    if node.end_lineno == node.lineno
                    else ""
                )
                found[target.id] = comment.strip()
    return found


def check_parameter_names(notebook: Path | str, parameters: Mapping[str, Any]) -> None:
    """Refuse parameter names the notebook does not declare (papermill would only warn).

    Raises
    ------
    ParameterError
        Naming the unknown parameters, a close match, and the notebook's parameters.
    """
    declared = notebook_parameter_names(notebook)
    if not declared:
        raise ParameterError(f"{Path(notebook).name} has no cell tagged 'parameters'")
    for name in parameters:
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParameterError(
                f"{Path(notebook).name} has no parameter {name!r}{hint} "
                f"(its parameters: {', '.join(declared)})"
            )


def checked_subset(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Return the entries of ``parameters`` that :func:`check_parameters` takes."""
    return {k: v for k, v in parameters.items() if k in CHECKED_PARAMETERS}
