"""The parameter check each notebook runs in the cell after ``parameters`` (issue 12, case 9).

The notebook passes ``globals()``: its parameters and IPython's input history ``In``, which
ends with the running cell and, under papermill, papermill's injected cell before it. These
tests build that namespace by hand; tests/test_notebooks.py runs the real notebooks.
"""

from __future__ import annotations

import pytest

from analysis.errors import DataValidationError, ParameterError, Problem
from analysis.report.params import (
    assigned_names,
    check_notebook_parameters,
    notebook_parameter_names,
    parameters_in_history,
)

PARAMETERS_CELL = """from typing import Optional
events_path: Optional[str] = None  # events CSV
sources_path: Optional[str] = None  # sources CSV
places_path: Optional[str] = None  # places CSV
start_date: Optional[str] = None  # first day
end_date: Optional[str] = None  # last day
cities: Optional[list[str]] = None  # cities
title: str = "Report"  # title
"""
CHECK_CELL = "check_notebook_parameters(globals())"
DEFAULTS = {
    "events_path": None,
    "sources_path": None,
    "places_path": None,
    "start_date": None,
    "end_date": None,
    "cities": None,
    "title": "Report",
}


def namespace(injected: dict[str, object] | None = None, **values: object) -> dict[str, object]:
    """A notebook's globals after papermill injected ``injected`` (as papermill writes it)."""
    history = ["", "from analysis.report.params import check_notebook_parameters", PARAMETERS_CELL]
    if injected:
        history.append("# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in injected.items()))
    history.append(CHECK_CELL)
    return {"In": history, **DEFAULTS, **(injected or {}), **values}


def test_defaults_and_good_parameters_pass():
    check_notebook_parameters(namespace())
    check_notebook_parameters(namespace({"start_date": "2025-06-01", "cities": ["Paramount"]}))


def test_a_misspelled_parameter_stops_the_run():
    """Before: papermill only warned, and the report came out unfiltered with exit status 0."""
    with pytest.raises(ParameterError) as err:
        check_notebook_parameters(namespace({"citys": ["Paramount"]}))
    assert str(err.value) == (
        "this notebook has no parameter 'citys'; did you mean 'cities'? (its parameters: "
        "events_path, sources_path, places_path, start_date, end_date, cities, title)"
    )


@pytest.mark.parametrize(
    ("injected", "says"),
    [
        ({"cities": ["Atlantis"]}, "cities: unknown value 'Atlantis'"),
        ({"start_date": "2025-06-30", "end_date": "2025-06-01"}, "is before start_date"),
        ({"start_date": "2025-13-01"}, "start_date: '2025-13-01' is not a real date"),
        ({"events_path": "/no/such/events.csv"}, "events_path '/no/such/events.csv' is not a file"),
    ],
)
def test_bad_values_stop_the_run(injected, says):
    with pytest.raises(ParameterError) as err:
        check_notebook_parameters(namespace(injected))
    assert says in str(err.value)


def test_parameter_errors_show_as_one_line_in_a_notebook():
    """IPython shows an exception through ``_render_traceback_`` when it has one."""
    error = ParameterError("cities: unknown value 'Atlantis'")
    assert error._render_traceback_() == ["ParameterError: cities: unknown value 'Atlantis'"]
    problem = Problem("events.csv", 2, "title", "  ", "required", "title is required")
    lines = DataValidationError([problem])._render_traceback_()
    assert lines[0] == "DataValidationError: 1 problem in the data:"
    assert len(lines) == 2 and "row 2, column title" in lines[1]


def test_history_without_papermill_or_too_short():
    assert parameters_in_history(None) == (None, [])
    assert parameters_in_history(["", CHECK_CELL]) == (None, [])
    declared, injected = parameters_in_history(["", PARAMETERS_CELL, CHECK_CELL])
    assert declared is not None and "cities" in declared and injected == []
    # Run by hand in JupyterLab after some other cell: nothing to compare names with.
    assert parameters_in_history(["", "x = (", CHECK_CELL]) == (None, [])


def test_without_history_the_values_are_still_checked():
    with pytest.raises(ParameterError, match="end_date"):
        check_notebook_parameters({"start_date": "2025-06-30", "end_date": "2025-06-01"})


def test_assigned_names_read_help_comments_and_refuse_broken_code():
    assert assigned_names("a = 1  # the a\nb: int = 2\n") == {"a": "the a", "b": ""}
    with pytest.raises(ParameterError, match=r"the cell is not valid Python \(line 1"):
        assigned_names("a = (")


def test_a_notebook_that_is_not_json_is_a_parameter_error(tmp_path):
    path = tmp_path / "bad.ipynb"
    path.write_text("not json {")
    with pytest.raises(ParameterError, match=r"bad.ipynb is not a notebook \(not valid JSON"):
        notebook_parameter_names(path)
    with pytest.raises(ParameterError, match="cannot read the notebook"):
        notebook_parameter_names(tmp_path / "missing.ipynb")


# --- min_reliability (issue 11: every chart can exclude low-reliability sources) ---------------


def test_min_reliability_is_checked_and_carried_into_the_selection():
    from analysis.report.data import load_report_data
    from analysis.report.params import check_parameters

    data = load_report_data()
    checked = check_parameters(data.events, sources=data.sources, min_reliability="Medium")
    assert checked.min_reliability == "medium"
    assert "sources: medium reliability or better" in checked.describe()
    kept = checked.rows(data.dataset)
    main = kept["source_ids"].astype(str).str.split(";").str[0].str.strip()
    grades = data.sources.set_index("source_id")["reliability"]
    assert set(main.map(grades)) <= {"high", "medium"} and 0 < len(kept) < len(data.events)
    assert check_parameters(min_reliability=None).min_reliability is None
    for bad, message in (("best", "unknown value 'best'"), (["high"], "expected one level")):
        with pytest.raises(ParameterError, match=message):
            check_parameters(min_reliability=bad)


def test_min_reliability_that_leaves_no_event_is_refused(tiny_dataset):
    from analysis.report.data import load_report_data
    from analysis.report.params import check_parameters

    folder = tiny_dataset.parent
    data = load_report_data(tiny_dataset, folder / "sources.csv", folder / "places.csv")
    with pytest.raises(ParameterError, match="no event matches"):
        check_parameters(
            data.events,
            sources=data.sources,
            start_date="2026-01-26",
            end_date="2026-02-01",
            event_types=["official_statement"],  # only "Mayor Bass urges calm", from a rewrite
            min_reliability="high",
        )
    kept = check_parameters(
        data.events,
        sources=data.sources,
        start_date="2026-01-26",
        end_date="2026-02-01",
        event_types=["official_statement"],
        min_reliability="low",
    )
    assert len(kept.rows(data.dataset)) == 1


@pytest.mark.parametrize("notebook", ["1-timeline-report.ipynb", "3-official-responses.ipynb"])
def test_the_report_notebooks_declare_min_reliability_with_its_help(notebook):
    from analysis.paths import NOTEBOOKS_DIR

    declared = notebook_parameter_names(NOTEBOOKS_DIR / notebook)
    assert "high, medium or low" in declared["min_reliability"]


def test_a_notebook_run_refuses_a_bad_min_reliability_at_once():
    cell = PARAMETERS_CELL + "min_reliability: Optional[str] = None  # lowest reliability\n"
    history = ["", "from analysis.report.params import check_notebook_parameters", cell]
    history += ["# Parameters\nmin_reliability = 'excellent'\n", CHECK_CELL]
    namespace = {"In": history, **DEFAULTS, "min_reliability": "excellent"}
    with pytest.raises(ParameterError, match="min_reliability: unknown value 'excellent'"):
        check_notebook_parameters(namespace)


# --- one selection model (issue 16) ----------------------------------------------------------


def test_checked_report_parameters_are_the_selection_of_the_facts_model():
    from analysis.data import schema
    from analysis.prep.selection import Selection
    from analysis.report.params import check_parameters

    checked = check_parameters(
        start_date="2026-01-30", end_date="2026-01-31", cities="Los Angeles", event_types="protests"
    )
    assert type(checked) is Selection
    assert checked.cities == ("Los Angeles",)
    assert set(checked.event_types or ()) == set(schema.PROTEST_EVENT_TYPES)
    assert checked.panel_scopes == Selection().panel_scopes  # the charts' default choices
    assert checked.describe().startswith("30 Jan 2026 to 31 Jan 2026; cities: Los Angeles; ")
    assert Selection().describe() == "the whole timeline"
