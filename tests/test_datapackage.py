"""data/datapackage.json describes the three CSVs as the data dictionary does (issue 13, item 2).

The descriptor is generated from analysis/data/schema.py; it must be current, describe every
column with its type, required flag, vocabulary, keys and the place_id relation, and the
Frictionless validator must pass the real data and find the errors in a broken copy.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.data import datapackage, schema

DESCRIPTOR = paths.DATA_DIR / "datapackage.json"


def test_datapackage_json_is_current() -> None:
    assert DESCRIPTOR.read_text(encoding="utf-8") == datapackage.render(), (
        "data/datapackage.json drifted from analysis/data/schema.py: run "
        "`python -m analysis.data.datapackage`"
    )


def test_the_command_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "datapackage.json"
    assert datapackage.main([str(target), "--check"]) == 1  # missing: out of date
    assert datapackage.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == datapackage.render()
    assert datapackage.main([str(target), "--check"]) == 0
    target.write_text("{}", encoding="utf-8")
    assert datapackage.main([str(target), "--check"]) == 1
    assert "out of date" in capsys.readouterr().out


def _fields(package: dict, resource: str) -> dict[str, dict]:
    res = next(r for r in package["resources"] if r["name"] == resource)
    return {f["name"]: f for f in res["schema"]["fields"]}


def test_every_column_is_described_with_its_rules() -> None:
    package = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    for name, spec, key, *_ in datapackage.RESOURCES:
        res = next(r for r in package["resources"] if r["name"] == name)
        assert res["path"] == f"{name}.csv"
        assert (paths.DATA_DIR / res["path"]).is_file()
        assert [f["name"] for f in res["schema"]["fields"]] == schema.column_names(spec)
        assert res["schema"]["primaryKey"] == [key]
        fields = _fields(package, name)
        for column in spec:
            field = fields[column.name]
            assert field["description"].startswith(column.description)
            assert field.get("constraints", {}).get("required", False) == column.required
            if column.vocabulary and column.kind == "category":
                assert field["constraints"]["enum"] == list(schema.VOCABULARIES[column.vocabulary])
    events = _fields(package, "events")
    assert events["date"]["type"] == "date"
    assert events["crowd_low"]["type"] == "integer"
    assert events["crowd_low"]["constraints"]["minimum"] == 0
    assert events["latitude"]["type"] == "number"
    assert events["disputed"]["trueValues"] == ["true"]
    assert events["label"]["constraints"]["maxLength"] == schema.LABEL_MAX_CHARS
    assert "tear_gas" in events["police_measures"]["constraints"]["pattern"]
    # The place relation is a foreign key; the list of sources is a pattern and a description.
    res = next(r for r in package["resources"] if r["name"] == "events")
    assert res["schema"]["foreignKeys"] == [
        {"fields": ["place_id"], "reference": {"resource": "places", "fields": ["place_id"]}}
    ]
    assert "source_id` of sources.csv" in events["source_ids"]["description"]
    assert "foreign key cannot describe a list" in events["source_ids"]["description"]


@pytest.fixture(scope="module")
def frictionless():
    """The frictionless package (a test extra); the tests that run it skip without it."""
    return pytest.importorskip("frictionless")


def _errors(report) -> list[tuple[str, str, int | None, str | None]]:
    return [
        (
            task.name,
            error.type,
            getattr(error, "row_number", None),
            getattr(error, "field_name", None),
        )
        for task in report.tasks
        for error in task.errors
    ]


def test_frictionless_passes_the_data(frictionless) -> None:
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, "\n".join(map(str, _errors(report)))
    assert {task.name for task in report.tasks} == {"events", "sources", "places"}


def test_frictionless_command_line_passes_the_data() -> None:
    command = Path(sys.executable).with_name("frictionless")
    if not command.exists():
        pytest.skip("the frictionless command is not installed beside this Python")
    done = subprocess.run(
        [str(command), "validate", "datapackage.json"],
        cwd=paths.DATA_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VALID" in done.stdout and "INVALID" not in done.stdout


def test_frictionless_finds_the_errors_of_a_broken_copy(frictionless, tmp_path: Path) -> None:
    for name in ("events.csv", "sources.csv", "places.csv", "datapackage.json"):
        shutil.copy(paths.DATA_DIR / name, tmp_path / name)
    path = tmp_path / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    edits = {  # index in rows -> (column, value); spreadsheet row = index + 2
        1: ("place_id", "atlantis"),
        2: ("event_id", rows[3]["event_id"]),
        4: ("event_type", "riot"),
        5: ("title", ""),
        6: ("date", "2025-13-01"),
        7: ("label", "x" * 33),
        8: ("source_ids", "Not A Slug"),
        9: ("police_measures", "tear_gas;pepperballs"),
        10: ("disputed", "True"),
        11: ("crowd_low", "-5"),
    }
    for index, (column, value) in edits.items():
        rows[index][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")

    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    found = {(kind, row, field) for _, kind, row, field in _errors(report)}
    expected = {
        ("foreign-key", 3, None),
        ("primary-key", 5, None),
        ("constraint-error", 6, "event_type"),
        ("constraint-error", 7, "title"),
        ("type-error", 8, "date"),
        ("constraint-error", 9, "label"),
        ("constraint-error", 10, "source_ids"),
        ("constraint-error", 11, "police_measures"),
        ("type-error", 12, "disputed"),
        ("constraint-error", 13, "crowd_low"),
    }
    assert found == expected
