"""The CI workflow tests every change (issue 12, case 11).

Before: `.github/workflows/reports.yml` ran only when data/, notebooks/, analysis/ or the
workflow changed (a change to tests/, pyproject.toml, the Makefile, benchmarks/ or .ci/ was
never tested), and a pull request's branch ran it twice (push and pull_request).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from analysis.paths import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "reports.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def triggers(workflow) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as the boolean true.
    found = workflow.get("on", workflow.get(True))
    assert isinstance(found, dict)
    return {name: value or {} for name, value in found.items()}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_every_push_to_main_and_every_pull_request_runs_it_once(triggers):
    assert triggers["push"] == {"branches": ["main"]}  # other branches: through their PR
    assert "pull_request" in triggers
    for name, trigger in triggers.items():
        assert not {"paths", "paths-ignore", "branches-ignore"} & set(trigger), name
    assert "branches" not in triggers["pull_request"]  # a pull request to any branch


def test_it_caches_pip_runs_the_tests_and_uploads_the_reports(workflow):
    found = steps(workflow)
    python = [s for s in found if str(s.get("uses", "")).startswith("actions/setup-python")]
    assert python and python[0]["with"]["cache"] == "pip"
    # The cache follows what is installed: the lock, not pyproject.toml's ranges (issue 19).
    assert python[0]["with"]["cache-dependency-path"] == "requirements.lock"
    commands = [s.get("run", "") for s in found]
    assert "make venv" in commands and "make test" in commands and "make report" in commands
    upload = [s for s in found if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and upload[0]["if"] == "always()"
    assert "reports/" in upload[0]["with"]["path"].split()
