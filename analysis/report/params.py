"""Check report parameters before anything runs: dates, cities, types, scope, reliability, names.

papermill injects parameters as plain values (dates arrive as strings, a single city may arrive as
a string) and only warns about a parameter the notebook does not have. The runner calls
:func:`check_parameter_names` and :func:`check_parameters` before it starts any kernel. Each
notebook calls :func:`check_notebook_parameters` in the cell after its ``parameters`` cell, so
that under the plain ``papermill`` command line too a misspelled name or a bad value stops the
run at once, with a one-line message (``ParameterError`` renders as one line in a notebook)
instead of a warning and an unfiltered report, or a long traceback.
"""

from __future__ import annotations

import ast
import difflib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.data import schema
from analysis.errors import ParameterError
from analysis.prep.select import (
    EVENT_TYPE_GROUPS,
    as_list,
    check_choices,
    parse_date,
    reliability_levels,
)
from analysis.prep.selection import Selection
from analysis.report.data import DATA_PARAMETERS

if TYPE_CHECKING:
    import pandas as pd

#: Parameters whose values :func:`check_parameters` understands.
CHECKED_PARAMETERS = ("start_date", "end_date", "cities", "event_types", "scope", "min_reliability")
#: The comment papermill's Python translator starts its injected-parameters cell with.
INJECTED_CELL_COMMENT = "# Parameters"


def check_parameters(
    events: pd.DataFrame | None = None,
    *,
    start_date: Any = None,
    end_date: Any = None,
    cities: Any = None,
    event_types: Any = None,
    scope: Any = None,
    min_reliability: Any = None,
    sources: pd.DataFrame | None = None,
) -> Selection:
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
    min_reliability : str or None
        Keep only rows whose main source is at least this reliable: "high", "medium" or
        "low" (``schema.RELIABILITY``); ``None`` (or "low") keeps every row.
    sources : pandas.DataFrame, optional
        The loaded sources; with ``events``, the emptiness check applies ``min_reliability``.

    Returns
    -------
    analysis.prep.selection.Selection
        The checked selection (event-type groups such as "protests" expanded), ready for
        ``build_facts(data, selection)``; its other fields keep their defaults.

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
    types = check_choices(
        event_types, schema.EVENT_TYPES, name="event_types", aliases=EVENT_TYPE_GROUPS
    )
    scopes = check_choices(scope, schema.SCOPE, name="scope")
    checked = Selection(
        start=start,
        end=end,
        cities=tuple(city_values) if city_values else None,
        event_types=tuple(types) if types else None,
        scopes=tuple(scopes) if scopes else None,
        min_reliability=_min_reliability(min_reliability),
    )
    if events is not None:
        kept, apart = checked.partition(events, sources)
        if kept.empty:
            partly = (
                f"; {len(apart)} item(s) dated only to a week or month that these days cover "
                "in part are left out (a selection holds such an item only when it covers its "
                "whole week or month)"
                if len(apart)
                else ""
            )
            raise ParameterError(
                f"no event matches these parameters ({checked.describe()}){partly}; "
                "widen the selection"
            )
    return checked


def _min_reliability(value: Any) -> str | None:
    """A checked ``min_reliability``: one of ``schema.RELIABILITY`` or None."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ParameterError(
            f"min_reliability: expected one level, 'high', 'medium' or 'low', got {value!r}"
        )
    reliability_levels(None, value)  # raises for an unknown level, naming the valid ones
    level = check_choices(value, schema.RELIABILITY, name="min_reliability")
    assert level is not None
    return level[0]


def assigned_names(source: str, *, where: str = "the cell") -> dict[str, str]:
    """Return the variables a cell assigns at its top level, with the comment ending each line.

    The rule of papermill's ``inspect_notebook``: ``name = value`` and ``name: type = value``;
    the comment after the value on the same line is the parameter's help.

    Raises
    ------
    ParameterError
        If ``source`` is not valid Python (``where`` names the cell in the message).
    """
    try:
        body = ast.parse(source).body
    except SyntaxError as err:
        message = f"{where} is not valid Python (line {err.lineno}: {err.msg})"
        raise ParameterError(message) from None
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in body:
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


def notebook_parameter_names(notebook: Path | str) -> dict[str, str]:
    """Return the parameters a notebook declares in its ``parameters`` cell, with their help text.

    The names papermill's ``inspect_notebook`` (``papermill --help-notebook``) finds: every
    variable assigned at the top level of the first code cell tagged ``parameters``, with the
    comment at the end of its line as help. Read with the standard library (``json``, ``ast``)
    because importing papermill costs the runner half a second before any report can start;
    ``tests/test_notebooks.py`` checks that both agree on every notebook.

    Raises
    ------
    ParameterError
        If the file cannot be read, is not a notebook (not JSON, no list of cells), or its
        ``parameters`` cell is not valid Python.
    """
    path = Path(notebook)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ParameterError(f"cannot read the notebook {path}: {err.strerror}") from None
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError
        raise ParameterError(f"{path} is not a notebook (not valid JSON: {err})") from None
    cells = content.get("cells") if isinstance(content, dict) else None
    if not isinstance(cells, list):
        raise ParameterError(f"{path} is not a notebook (it has no list of cells)")
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        metadata = cell.get("metadata")
        tags = metadata.get("tags", []) if isinstance(metadata, dict) else []
        if isinstance(tags, list) and "parameters" in tags:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            return assigned_names(source, where=f"the parameters cell of {path}")
    return {}


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


def check_data_paths(parameters: Mapping[str, Any]) -> None:
    """Refuse a data file parameter (``events_path``, ...) that does not name a file.

    Raises
    ------
    ParameterError
        Naming the parameter and its value.
    """
    for key in DATA_PARAMETERS:
        value = parameters.get(key)
        if value is not None and not (isinstance(value, str) and Path(value).is_file()):
            raise ParameterError(f"{key} {value!r} is not a file")


def parameters_in_history(history: Sequence[Any] | None) -> tuple[dict[str, str] | None, list[str]]:
    """Read, from IPython's input history, the notebook's parameters and those papermill injected.

    The history (``In``) ends with the cell running now. When papermill ran the notebook with
    parameters, the cell before it is papermill's injected cell (it starts with
    ``# Parameters``) and the one before that is the notebook's ``parameters`` cell; without
    parameters, the cell before is the ``parameters`` cell itself.

    Returns
    -------
    (dict or None, list of str)
        The declared parameters with their help (``None`` when the history does not show a
        cell assigning them), and the names papermill injected (empty when it injected none).
    """
    cells = [c for c in history if isinstance(c, str)] if history else []
    if len(cells) < 2:
        return None, []
    before = cells[-2]
    injected: list[str] = []
    if before.lstrip().startswith(INJECTED_CELL_COMMENT):
        injected = list(assigned_names(before, where="papermill's injected-parameters cell"))
        if len(cells) < 3:
            return None, injected
        before = cells[-3]
    try:
        declared = assigned_names(before, where="the parameters cell")
    except ParameterError:  # run by hand after some other cell: nothing to compare with
        return None, injected
    return declared or None, injected


def check_notebook_parameters(namespace: Mapping[str, Any]) -> None:
    """Check a running report notebook's parameters, names and values, in one call.

    Call it as ``check_notebook_parameters(globals())`` in the cell right after the notebook's
    ``parameters`` cell. It compares the names papermill injected with the names the
    ``parameters`` cell declares (read from IPython's input history, ``In``), so a misspelled
    ``-p citys ...`` stops the run instead of being only warned about; then it checks the data
    files exist and the values (dates, cities against the data, event types, scope) with
    :func:`check_parameters`. Errors are :class:`~analysis.errors.ParameterError`, which a
    notebook shows as one line, and a failing cell ends a papermill run.

    It returns nothing, so the cell shows nothing in the report.

    Parameters
    ----------
    namespace : mapping
        The notebook's global variables: its parameters, and IPython's ``In``.

    Raises
    ------
    ParameterError
        Naming the unknown parameter (with a close match) or the bad value.
    """
    declared, injected = parameters_in_history(namespace.get("In"))
    if declared is not None:
        for name in injected:
            if name not in declared:
                close = difflib.get_close_matches(name, list(declared), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ParameterError(
                    f"this notebook has no parameter {name!r}{hint} "
                    f"(its parameters: {', '.join(declared)})"
                )
    names = declared if declared is not None else [*DATA_PARAMETERS, *CHECKED_PARAMETERS]
    values = {name: namespace[name] for name in names if name in namespace}
    check_data_paths(values)
    wanted = checked_subset(values)
    events = sources = None
    if any(value not in (None, "") for value in wanted.values()):
        from analysis.report.data import load_report_data  # cities are checked against the data

        data = load_report_data(*(values.get(key) for key in DATA_PARAMETERS))
        events, sources = data.events, data.sources
    check_parameters(events, sources=sources, **wanted)
